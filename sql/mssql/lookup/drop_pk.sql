-- Drops the primary key of {{table}} when its {{ncols}} columns are
-- {{columns_nchar}}.
DECLARE @name sysname, @sql nvarchar(max);
SELECT @name = kc.name FROM sys.key_constraints kc
    WHERE kc.parent_object_id = OBJECT_ID(N'{{table_in_literal}}') AND kc.type = 'PK'
    AND (SELECT COUNT(*) FROM sys.index_columns ic
         WHERE ic.object_id = kc.parent_object_id AND ic.index_id = kc.unique_index_id) = {{ncols}}
    AND (SELECT COUNT(*) FROM sys.index_columns ic
         JOIN sys.columns c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
         WHERE ic.object_id = kc.parent_object_id AND ic.index_id = kc.unique_index_id
         AND UPPER(c.name) IN ({{columns_nchar}})) = {{ncols}};
IF @name IS NOT NULL
BEGIN
    SET @sql = N'ALTER TABLE {{table_in_literal}} DROP CONSTRAINT ' + QUOTENAME(@name);
    EXEC sp_executesql @sql;
END
