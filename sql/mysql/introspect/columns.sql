-- Types as MariaDB ODBC's SQLColumns names them (COLUMN_TYPE
-- without its parenthesis: "int unsigned"), TINYINT as the
-- fix-up has it, and the driver's DATA_TYPE for the names
-- amdelta does not know (year, enum, set, zerofill, geometry).
-- Every information_schema table is read on its own: MariaDB
-- joins them slowly (60-80 ms for COLUMNS to TABLES).
SELECT TABLE_NAME, COLUMN_NAME,
CASE WHEN DATA_TYPE = 'tinyint' THEN
        IF(COLUMN_TYPE LIKE 'tinyint(1)%', 'boolean', 'smallint')
    WHEN COLUMN_TYPE LIKE '%(%)%' THEN
        CONCAT(SUBSTRING(COLUMN_TYPE, 1, LOCATE('(', COLUMN_TYPE) - 1),
        SUBSTRING(COLUMN_TYPE, 1 + LOCATE(')', COLUMN_TYPE)))
    ELSE COLUMN_TYPE END,
CASE WHEN DATA_TYPE IN ('smallint', 'year') THEN 5
    WHEN DATA_TYPE IN ('mediumint', 'int') THEN 4
    WHEN DATA_TYPE = 'bigint' THEN -5 WHEN DATA_TYPE = 'decimal' THEN 3
    WHEN DATA_TYPE IN ('float', 'double') THEN
        IF(NUMERIC_SCALE IS NULL, IF(DATA_TYPE = 'float', 7, 8), 3)
    WHEN DATA_TYPE IN ('char', 'enum', 'set') THEN -8
    WHEN DATA_TYPE = 'varchar' THEN -9 ELSE -4 END,
CASE WHEN DATA_TYPE IN ('decimal', 'float', 'double') THEN NUMERIC_PRECISION
    ELSE CHARACTER_MAXIMUM_LENGTH END,
NUMERIC_SCALE,
CASE WHEN IS_NULLABLE = 'NO' THEN 0 ELSE 1 END,
COLUMN_DEFAULT,
CASE WHEN EXTRA LIKE '%auto_increment%' THEN 1 ELSE 0 END
FROM information_schema.COLUMNS
WHERE TABLE_SCHEMA = DATABASE() /*T TABLE_NAME*/ ORDER BY TABLE_NAME, ORDINAL_POSITION
