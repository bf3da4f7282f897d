-- psqlODBC reports an unbounded varchar as 255 long, an
-- unconstrained numeric as (28,6), and no default for an
-- identity column.
SELECT table_name, column_name,
CASE WHEN is_identity = 'YES' THEN '1' ELSE '0' END, NULL, NULL,
CASE WHEN data_type = 'numeric' AND numeric_precision IS NULL THEN '0'
    WHEN data_type IN ('character varying', 'character')
    AND character_maximum_length IS NULL THEN '0' END
FROM information_schema.columns
WHERE table_schema = current_schema() AND (is_identity = 'YES'
    OR (data_type = 'numeric' AND numeric_precision IS NULL)
    OR (data_type IN ('character varying', 'character')
    AND character_maximum_length IS NULL))
