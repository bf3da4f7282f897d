-- Drops every unique constraint of {{table}} whose {{ncols}} columns are
-- {{columns}}, then every unique index over them that backs no
-- constraint.
DECLARE
    n VARCHAR2(128);
BEGIN
    LOOP
        SELECT MIN(c.CONSTRAINT_NAME) INTO n FROM USER_CONSTRAINTS c
            WHERE c.TABLE_NAME = {{table_name}} AND c.CONSTRAINT_TYPE = 'U'
            AND (SELECT COUNT(*) FROM USER_CONS_COLUMNS k
                 WHERE k.CONSTRAINT_NAME = c.CONSTRAINT_NAME AND k.TABLE_NAME = c.TABLE_NAME) = {{ncols}}
            AND (SELECT COUNT(*) FROM USER_CONS_COLUMNS k
                 WHERE k.CONSTRAINT_NAME = c.CONSTRAINT_NAME AND k.TABLE_NAME = c.TABLE_NAME
                 AND UPPER(k.COLUMN_NAME) IN ({{columns}})) = {{ncols}};
        EXIT WHEN n IS NULL;
        EXECUTE IMMEDIATE 'ALTER TABLE {{table}} DROP CONSTRAINT "' || n || '"';
    END LOOP;
    LOOP
        SELECT MIN(i.INDEX_NAME) INTO n FROM USER_INDEXES i
            WHERE i.TABLE_NAME = {{table_name}} AND i.UNIQUENESS = 'UNIQUE'
            AND NOT EXISTS (SELECT 1 FROM USER_CONSTRAINTS c
                WHERE c.TABLE_NAME = i.TABLE_NAME AND c.INDEX_NAME = i.INDEX_NAME)
            AND (SELECT COUNT(*) FROM USER_IND_COLUMNS k WHERE k.INDEX_NAME = i.INDEX_NAME) = {{ncols}}
            AND (SELECT COUNT(*) FROM USER_IND_COLUMNS k WHERE k.INDEX_NAME = i.INDEX_NAME
                 AND UPPER(k.COLUMN_NAME) IN ({{columns}})) = {{ncols}};
        EXIT WHEN n IS NULL;
        EXECUTE IMMEDIATE 'DROP INDEX "' || n || '"';
    END LOOP;
END;
