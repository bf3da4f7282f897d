-- The function WSO2's timestamp triggers call (named as WSO2's script names
-- it), written once before the first trigger: it sets {{column}} to now.
CREATE OR REPLACE FUNCTION update_modified_column() RETURNS TRIGGER AS $$
BEGIN
    NEW.{{column}} = now();
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
