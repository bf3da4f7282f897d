-- Drops every unique constraint and unique index of {{table}} whose
-- {{ncols}} key columns are {{columns_nchar}}, one at a time.
DECLARE @name sysname, @constraint bit, @sql nvarchar(max);
WHILE 1 = 1
BEGIN
    SET @name = NULL;
    SELECT TOP 1 @name = i.name, @constraint = i.is_unique_constraint
        FROM sys.indexes i
        WHERE i.object_id = OBJECT_ID(N'{{table_in_literal}}') AND i.is_unique = 1 AND i.is_primary_key = 0
        AND (SELECT COUNT(*) FROM sys.index_columns ic
             WHERE ic.object_id = i.object_id AND ic.index_id = i.index_id
             AND ic.is_included_column = 0) = {{ncols}}
        AND (SELECT COUNT(*) FROM sys.index_columns ic
             JOIN sys.columns c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
             WHERE ic.object_id = i.object_id AND ic.index_id = i.index_id
             AND ic.is_included_column = 0 AND UPPER(c.name) IN ({{columns_nchar}})) = {{ncols}};
    IF @name IS NULL BREAK;
    IF @constraint = 1
        SET @sql = N'ALTER TABLE {{table_in_literal}} DROP CONSTRAINT ' + QUOTENAME(@name);
    ELSE
        SET @sql = N'DROP INDEX ' + QUOTENAME(@name) + N' ON {{table_in_literal}}';
    EXEC sp_executesql @sql;
END
