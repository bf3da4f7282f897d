-- Drops every unique constraint, and every unique index that backs no
-- constraint, of {{table}} whose {{ncols}} columns are {{columns}}.
DO $$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT con.conname FROM pg_catalog.pg_constraint con
        WHERE con.conrelid = '{{table}}'::regclass AND con.contype = 'u'
        AND cardinality(con.conkey) = {{ncols}}
        AND ARRAY(SELECT upper(a.attname) FROM pg_catalog.pg_attribute a
                  WHERE a.attrelid = con.conrelid AND a.attnum = ANY (con.conkey))
            @> ARRAY[{{columns}}]
    LOOP
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', '{{table}}'::regclass, r.conname);
    END LOOP;
    FOR r IN SELECT i.indexrelid::regclass AS idx FROM pg_catalog.pg_index i
        WHERE i.indrelid = '{{table}}'::regclass AND i.indisunique AND NOT i.indisprimary
        AND i.indexprs IS NULL AND i.indpred IS NULL AND i.indnatts = {{ncols}}
        AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c
            WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid)
        AND ARRAY(SELECT upper(a.attname) FROM pg_catalog.pg_attribute a
                  WHERE a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey))
            @> ARRAY[{{columns}}]
    LOOP
        EXECUTE format('DROP INDEX %s', r.idx);
    END LOOP;
END $$
