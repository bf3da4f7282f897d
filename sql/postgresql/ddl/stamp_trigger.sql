-- The trigger {{trigger}} that keeps {{column}} of {{table}} current on
-- update.  BEFORE: assigning NEW in an AFTER trigger changes nothing.
CREATE TRIGGER {{trigger}} BEFORE UPDATE ON {{table}} FOR EACH ROW EXECUTE PROCEDURE update_modified_column();
