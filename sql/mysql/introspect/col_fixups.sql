-- MariaDB ODBC reports NOT NULL auto_increment and TIMESTAMP
-- columns as nullable, and TINYINT(1) only as TINYINT.
SELECT TABLE_NAME, COLUMN_NAME,
CASE WHEN EXTRA LIKE '%auto_increment%' THEN '1' ELSE '0' END,
CASE WHEN DATA_TYPE <> 'tinyint' THEN NULL
    WHEN COLUMN_TYPE LIKE 'tinyint(1)%' THEN 'boolean' ELSE 'smallint' END,
CASE WHEN IS_NULLABLE = 'NO' THEN '0' ELSE '1' END, NULL
FROM information_schema.COLUMNS
WHERE TABLE_SCHEMA = DATABASE()
