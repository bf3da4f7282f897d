-- Drops every unique index of the table {{table_name}} whose {{ncols}}
-- columns are {{columns}}: one ALTER TABLE built from
-- information_schema.STATISTICS and run as a prepared statement ("DO 0"
-- when there is none).  Four statements, a line ";" between them.
SET @amdelta_sql = COALESCE((SELECT CONCAT('ALTER TABLE {{quoted_table_in_literal}} ',
        GROUP_CONCAT(CONCAT('DROP INDEX `', REPLACE(s.INDEX_NAME, '`', '``'), '`') SEPARATOR ', '))
    FROM (SELECT INDEX_NAME FROM information_schema.STATISTICS
        WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = {{table_name}}
        AND NON_UNIQUE = 0 AND INDEX_NAME <> 'PRIMARY'
        GROUP BY INDEX_NAME
        HAVING COUNT(*) = {{ncols}} AND SUM(UPPER(COLUMN_NAME) IN ({{columns}})) = {{ncols}}) s),
    'DO 0')
;
PREPARE amdelta_stmt FROM @amdelta_sql
;
EXECUTE amdelta_stmt
;
DEALLOCATE PREPARE amdelta_stmt
