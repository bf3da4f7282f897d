-- The column {{column}} that WSO2's timestamp trigger maintains elsewhere:
-- DB2 keeps it current itself, as WSO2's DB2 script does (generated: no
-- default, always NOT NULL).
{{column}} TIMESTAMP NOT NULL GENERATED ALWAYS FOR EACH ROW ON UPDATE AS ROW CHANGE TIMESTAMP
