-- Types as psqlODBC's SQLColumns names and sizes them after the
-- fix-ups: its TYPE_NAME is typname, its fallback DATA_TYPE
-- varchar (oid integer, money double, xml longvarchar, uuid
-- guid), its size atttypmod - 4 for varchar/bpchar, precision
-- and scale packed in atttypmod for numeric, 1 for "char", 63
-- for name, 50 for inet, 17 for macaddr, 32 for interval, 255
-- for a type it does not know.  Defaults are
-- deparsed without the table (opening every table costs more
-- than the rest of the query) unless the expression refers to
-- a column (a generated column).
SELECT c.relname, a.attname, b.typname,
CASE WHEN b.typname IN ('oid', 'xid', 'cid') THEN 4
    WHEN b.typname = 'money' THEN 8 WHEN b.typname = 'xml' THEN -1
    WHEN b.typname = 'uuid' THEN -11 ELSE 12 END,
CASE WHEN b.typname IN ('varchar', 'bpchar') THEN
        CASE WHEN b.typmod >= 4 THEN b.typmod - 4 END
    WHEN b.typname = 'numeric' THEN
        CASE WHEN b.typmod >= 4 THEN ((b.typmod - 4) >> 16) & 65535 END
    WHEN b.typname = 'char' THEN 1 WHEN b.typname = 'name' THEN 63
    WHEN b.typname IN ('inet', 'cidr') THEN 50 WHEN b.typname = 'macaddr' THEN 17
    WHEN b.typname = 'interval' AND b.typmod < 0 THEN 32
    ELSE 255 END,
CASE WHEN b.typname = 'numeric' AND b.typmod >= 4
    THEN (b.typmod - 4) & 65535 END,
CASE WHEN a.attnotnull THEN 0 ELSE 1 END,
pg_catalog.pg_get_expr(d.adbin,
    CASE WHEN d.adbin::text LIKE '%{VAR %' THEN d.adrelid ELSE 0 END),
CASE WHEN a.attnotnull AND NOT a.atthasdef AND a.atttypid IN (20, 21, 23)
    AND row_to_json(a)->>'attidentity' IN ('a', 'd') THEN 1 ELSE 0 END
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_attribute a
    ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
-- a domain column: its base type, sized by the domain
CROSS JOIN LATERAL (SELECT CASE WHEN t.typtype = 'd' THEN
        (SELECT bt.typname FROM pg_catalog.pg_type bt WHERE bt.oid = t.typbasetype)
        ELSE t.typname END,
    CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END) b(typname, typmod)
WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_inherits h
    JOIN pg_catalog.pg_class p ON p.oid = h.inhparent
    WHERE h.inhrelid = c.oid AND p.relkind = 'p')
ORDER BY c.relname, a.attnum
