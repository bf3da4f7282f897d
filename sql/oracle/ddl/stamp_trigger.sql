-- The trigger {{trigger}} that keeps {{column}} of {{table}} current on
-- insert and update; the "/" line ends the PL/SQL block for SQL*Plus.
CREATE OR REPLACE TRIGGER {{trigger}}
    BEFORE INSERT OR UPDATE ON {{table}}
    FOR EACH ROW
BEGIN
    :NEW.{{column}} := SYSTIMESTAMP;
END;
/
