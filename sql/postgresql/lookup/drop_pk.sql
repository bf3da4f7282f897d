-- Drops the primary key of {{table}} when its {{ncols}} columns are
-- {{columns}}.
DO $$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT con.conname FROM pg_catalog.pg_constraint con
        WHERE con.conrelid = '{{table}}'::regclass AND con.contype = 'p'
        AND cardinality(con.conkey) = {{ncols}}
        AND ARRAY(SELECT upper(a.attname) FROM pg_catalog.pg_attribute a
                  WHERE a.attrelid = con.conrelid AND a.attnum = ANY (con.conkey))
            @> ARRAY[{{columns}}]
    LOOP
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', '{{table}}'::regclass, r.conname);
    END LOOP;
END $$
