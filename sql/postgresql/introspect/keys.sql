-- Constraints, then indexes that back no constraint (no
-- expression or partial index; key columns only, not INCLUDE:
-- indoption has an entry per key column), columns expanded in
-- key order.  Names are looked up per row: the planner's join
-- of pg_attribute to unnest() costs more than the lookups.
SELECT c.relname,
CASE con.contype WHEN 'p' THEN 'P' WHEN 'u' THEN 'U' ELSE 'F' END,
con.conname,
(SELECT a.attname FROM pg_catalog.pg_attribute a
    WHERE a.attrelid = con.conrelid AND a.attnum = k.attnum),
(SELECT r.relname FROM pg_catalog.pg_class r WHERE r.oid = con.confrelid),
(SELECT a.attname FROM pg_catalog.pg_attribute a
    WHERE a.attrelid = con.confrelid AND a.attnum = k.refnum),
CASE con.confdeltype WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL'
    WHEN 'd' THEN 'SET DEFAULT' END,
CASE con.confupdtype WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL'
    WHEN 'd' THEN 'SET DEFAULT' END,
k.ord
FROM pg_catalog.pg_constraint con
JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
CROSS JOIN LATERAL unnest(con.conkey, con.confkey)
    WITH ORDINALITY AS k(attnum, refnum, ord)
WHERE n.nspname = current_schema() AND con.contype IN ('p', 'u', 'f')
AND c.relkind IN ('r', 'p')
UNION ALL
SELECT c.relname, CASE WHEN i.indisunique THEN 'u' ELSE 'I' END,
(SELECT ic.relname FROM pg_catalog.pg_class ic WHERE ic.oid = i.indexrelid),
(SELECT a.attname FROM pg_catalog.pg_attribute a
    WHERE a.attrelid = i.indrelid AND a.attnum = k.attnum),
NULL, NULL, NULL, NULL, k.ord
FROM pg_catalog.pg_index i
JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
CROSS JOIN LATERAL unnest(i.indkey::int2[], i.indoption::int2[])
    WITH ORDINALITY AS k(attnum, opt, ord)
WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
AND i.indexprs IS NULL AND i.indpred IS NULL AND k.opt IS NOT NULL
AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint con
    WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid
    AND con.contype IN ('p', 'u', 'x'))
ORDER BY 1, 2, 3, 9
