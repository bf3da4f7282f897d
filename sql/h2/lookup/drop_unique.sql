-- H2 1.4 (the version API-M 3.x ships) has no dynamic SQL: a Java alias
-- does what the other dialects' blocks do, as the guide's H2 script does
-- (INFORMATION_SCHEMA.CONSTRAINTS.COLUMN_LIST is H2 1.4's).  It drops
-- every unique constraint of {{table_name}} over the columns
-- {{column_list}}.  Three statements, a line ";" between them.
CREATE ALIAS IF NOT EXISTS AMDELTA_DROP_UNIQUE AS $$
void dropUnique(java.sql.Connection conn, String table, String columns)
        throws java.sql.SQLException {
    java.util.Set<String> want = new java.util.HashSet<String>(
        java.util.Arrays.asList(columns.split(",")));
    java.util.List<String> found = new java.util.ArrayList<String>();
    java.sql.PreparedStatement ps = conn.prepareStatement(
        "SELECT CONSTRAINT_NAME, COLUMN_LIST FROM INFORMATION_SCHEMA.CONSTRAINTS"
        + " WHERE TABLE_SCHEMA = SCHEMA() AND TABLE_NAME = ? AND CONSTRAINT_TYPE = 'UNIQUE'");
    try {
        ps.setString(1, table);
        java.sql.ResultSet rs = ps.executeQuery();
        while (rs.next()) {
            java.util.Set<String> have = new java.util.HashSet<String>();
            for (String c : rs.getString(2).split(","))
                have.add(c.replace("\"", "").trim().toUpperCase());
            if (have.equals(want))
                found.add(rs.getString(1));
        }
    } finally {
        ps.close();
    }
    for (String name : found)
        conn.createStatement().execute("ALTER TABLE \"" + table
            + "\" DROP CONSTRAINT \"" + name + "\"");
}
$$
;
CALL AMDELTA_DROP_UNIQUE({{table_name}}, '{{column_list}}')
;
DROP ALIAS IF EXISTS AMDELTA_DROP_UNIQUE
