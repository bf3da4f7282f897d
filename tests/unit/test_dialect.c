/* Unit tests of dialect: row selection, quoting, types and columns. */
#include "unit.h"

#include "dialect.h"

static void test_from_dbms(void **state)
{
	(void)state;
	assert_int_equal(dialect_from_dbms("PostgreSQL")->id, DIALECT_POSTGRESQL);
	assert_int_equal(dialect_from_dbms("MySQL")->id, DIALECT_MYSQL);
	assert_int_equal(dialect_from_dbms("MariaDB")->id, DIALECT_MYSQL);
	assert_int_equal(dialect_from_dbms("Microsoft SQL Server")->id, DIALECT_MSSQL);
	assert_int_equal(dialect_from_dbms("Oracle")->id, DIALECT_ORACLE);
	assert_int_equal(dialect_from_dbms("DB2/LINUXX8664")->id, DIALECT_DB2);
	assert_int_equal(dialect_from_dbms("DB2/NT64")->id, DIALECT_DB2);
	assert_int_equal(dialect_from_dbms("H2")->id, DIALECT_H2);
	assert_int_equal(dialect_from_dbms("postgresql")->id, DIALECT_POSTGRESQL);
	assert_null(dialect_from_dbms("SQLite"));
	assert_null(dialect_from_dbms("Postgre"));
	assert_null(dialect_from_dbms(""));
	assert_null(dialect_from_dbms(NULL));
}

static void test_from_name(void **state)
{
	static const struct { const char *name; enum dialect_id id; } cases[] = {
		{ "postgresql", DIALECT_POSTGRESQL }, { "postgres", DIALECT_POSTGRESQL },
		{ "pg", DIALECT_POSTGRESQL }, { "mysql", DIALECT_MYSQL },
		{ "mariadb", DIALECT_MYSQL }, { "mssql", DIALECT_MSSQL },
		{ "sqlserver", DIALECT_MSSQL }, { "oracle", DIALECT_ORACLE },
		{ "db2", DIALECT_DB2 }, { "h2", DIALECT_H2 }, { "MySQL", DIALECT_MYSQL },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct dialect *d = dialect_from_name(cases[i].name);

		assert_non_null(d);
		assert_int_equal(d->id, cases[i].id);
	}
	assert_null(dialect_from_name("sqlite"));
	assert_null(dialect_from_name(NULL));
	assert_string_equal(dialect_from_name("mariadb")->name, "mysql");
}

static void test_rows(void **state)
{
	(void)state;
	for (int i = 0; i < DIALECT_COUNT; i++) {
		const struct dialect *d = dialect_get((enum dialect_id)i);

		assert_non_null(d);
		assert_int_equal(d->id, i);
		assert_ptr_equal(dialect_from_name(d->name), d);
		assert_false(d->folds_upper && d->folds_lower);
		assert_true(d->max_ident_len >= 30);
	}
	assert_true(dialect_get(DIALECT_POSTGRESQL)->folds_lower);
	assert_true(dialect_get(DIALECT_POSTGRESQL)->fk_pk_name_unreliable);
	assert_non_null(dialect_get(DIALECT_POSTGRESQL)->read_only_sql);
	assert_true(dialect_get(DIALECT_MYSQL)->schema_is_catalog);
	assert_true(dialect_get(DIALECT_MYSQL)->metadata_id_broken);
	assert_true(dialect_get(DIALECT_MYSQL)->ddl_autocommits);
	assert_string_equal(dialect_get(DIALECT_MYSQL)->pk_index_name, "PRIMARY");
	assert_true(dialect_get(DIALECT_MYSQL)->odbc_pk_seq_broken);
	assert_true(dialect_get(DIALECT_MYSQL)->odbc_fk_to_unique_missing);
	assert_null(dialect_get(DIALECT_POSTGRESQL)->pk_index_name);
	assert_true(dialect_get(DIALECT_ORACLE)->ddl_autocommits);
	assert_true(dialect_get(DIALECT_H2)->ddl_autocommits);
	assert_false(dialect_get(DIALECT_POSTGRESQL)->ddl_autocommits);
	assert_false(dialect_get(DIALECT_MSSQL)->ddl_autocommits);
	assert_false(dialect_get(DIALECT_DB2)->ddl_autocommits);
	assert_true(dialect_get(DIALECT_ORACLE)->folds_upper);
	assert_true(dialect_get(DIALECT_DB2)->folds_upper);
	assert_true(dialect_get(DIALECT_H2)->folds_upper);
	assert_false(dialect_get(DIALECT_MYSQL)->folds_upper || dialect_get(DIALECT_MYSQL)->folds_lower);
}

static void check_quote(enum dialect_id id, const char *ident, const char *want)
{
	struct strbuf sb = STRBUF_INIT;

	dialect_quote(dialect_get(id), &sb, ident);
	assert_string_equal(strbuf_str(&sb), want);
	strbuf_release(&sb);
}

static void test_quote(void **state)
{
	(void)state;
	check_quote(DIALECT_POSTGRESQL, "ApiLastAccessSummary", "\"ApiLastAccessSummary\"");
	check_quote(DIALECT_POSTGRESQL, "a\"b", "\"a\"\"b\"");
	check_quote(DIALECT_MYSQL, "AM_API", "`AM_API`");
	check_quote(DIALECT_MYSQL, "a`b", "`a``b`");
	check_quote(DIALECT_MSSQL, "AM_API", "[AM_API]");
	check_quote(DIALECT_MSSQL, "a]b[c", "[a]]b[c]");
	check_quote(DIALECT_ORACLE, "X", "\"X\"");
	check_quote(DIALECT_DB2, "", "\"\"");
}

static void check_type(enum dialect_id id, enum col_type type, long size, int scale,
		       const char *want)
{
	struct column col = { .name = "C", .type = type, .size = size, .scale = scale, .nullable = 1 };
	struct strbuf sb = STRBUF_INIT;

	dialect_render_type(dialect_get(id), &sb, &col);
	assert_string_equal(strbuf_str(&sb), want);
	strbuf_release(&sb);
}

/* The whole mapping, one row per dialect in enum col_type order from
 * COL_SMALLINT; sizes: CHAR(1), VARCHAR(255), DECIMAL(10,2). */
static void test_types(void **state)
{
	static const char *const want[DIALECT_COUNT][COL_TYPE_COUNT - 1] = {
		[DIALECT_POSTGRESQL] = { "SMALLINT", "INTEGER", "BIGINT", "DECIMAL(10,2)", "REAL",
			"DOUBLE PRECISION", "BOOLEAN", "CHAR(1)", "VARCHAR(255)", "TEXT", "BYTEA",
			"DATE", "TIME", "TIMESTAMP" },
		[DIALECT_MYSQL] = { "SMALLINT", "INTEGER", "BIGINT", "DECIMAL(10,2)", "FLOAT",
			"DOUBLE", "BOOLEAN", "CHAR(1)", "VARCHAR(255)", "LONGTEXT", "LONGBLOB",
			"DATE", "TIME", "TIMESTAMP" },
		[DIALECT_MSSQL] = { "SMALLINT", "INTEGER", "BIGINT", "DECIMAL(10,2)", "REAL",
			"FLOAT", "BIT", "CHAR(1)", "VARCHAR(255)", "VARCHAR(MAX)", "VARBINARY(MAX)",
			"DATE", "TIME", "DATETIME" },
		[DIALECT_ORACLE] = { "SMALLINT", "INTEGER", "NUMBER(19)", "NUMBER(10,2)",
			"BINARY_FLOAT", "BINARY_DOUBLE", "NUMBER(1)", "CHAR(1)", "VARCHAR2(255)",
			"CLOB", "BLOB", "DATE", "DATE", "TIMESTAMP" },
		[DIALECT_DB2] = { "SMALLINT", "INTEGER", "BIGINT", "DECIMAL(10,2)", "REAL",
			"DOUBLE", "SMALLINT", "CHAR(1)", "VARCHAR(255)", "CLOB", "BLOB",
			"DATE", "TIME", "TIMESTAMP" },
		[DIALECT_H2] = { "SMALLINT", "INTEGER", "BIGINT", "DECIMAL(10,2)", "REAL",
			"DOUBLE", "BOOLEAN", "CHAR(1)", "VARCHAR(255)", "CLOB", "BLOB",
			"DATE", "TIME", "TIMESTAMP" },
	};
	(void)state;
	for (int d = 0; d < DIALECT_COUNT; d++) {
		for (int t = COL_SMALLINT; t < COL_TYPE_COUNT; t++) {
			long size = t == COL_CHAR ? 1 : t == COL_VARCHAR ? 255 : t == COL_DECIMAL ? 10 : 0;

			check_type((enum dialect_id)d, (enum col_type)t, size, t == COL_DECIMAL ? 2 : 0,
				   want[d][t - 1]);
		}
	}
	check_type(DIALECT_POSTGRESQL, COL_DECIMAL, 31, 0, "DECIMAL(31)");
	check_type(DIALECT_POSTGRESQL, COL_DECIMAL, 0, 0, "DECIMAL");
	check_type(DIALECT_POSTGRESQL, COL_VARCHAR, 0, 0, "VARCHAR");
	check_type(DIALECT_MYSQL, COL_VARCHAR, 0, 0, "VARCHAR(255)");
	check_type(DIALECT_MSSQL, COL_VARCHAR, 8000, 0, "VARCHAR(8000)");
	check_type(DIALECT_MSSQL, COL_VARCHAR, 8001, 0, "VARCHAR(MAX)");
	check_type(DIALECT_ORACLE, COL_VARCHAR, 4000, 0, "VARCHAR2(4000)");
	check_type(DIALECT_ORACLE, COL_VARCHAR, 4096, 0, "VARCHAR2(4000)");
}

static void check_column(enum dialect_id id, const struct column *col, const char *want)
{
	struct strbuf sb = STRBUF_INIT;

	dialect_render_column(dialect_get(id), &sb, col);
	assert_string_equal(strbuf_str(&sb), want);
	strbuf_release(&sb);
}

static void test_columns(void **state)
{
	struct column id = { .name = "API_ID", .type = COL_INTEGER, .autoinc = 1 };
	struct column big = { .name = "ID", .type = COL_BIGINT, .autoinc = 1 };
	struct column tenant = { .name = "TENANT_DOMAIN", .type = COL_VARCHAR, .size = 255,
				 .nullable = 0, .defval = "'carbon.super'" };
	struct column flag = { .name = "IS_DEPLOYED", .type = COL_BOOLEAN, .defval = "0" };
	struct column flag_true = { .name = "ENABLED", .type = COL_BOOLEAN, .nullable = 1,
				    .defval = "'1'" };
	struct column ts = { .name = "CREATED_TIME", .type = COL_TIMESTAMP, .nullable = 1,
			     .defval = "CURRENT_TIMESTAMP" };
	struct column neg = { .name = "TENANT_ID", .type = COL_INTEGER, .nullable = 1, .defval = "-1" };
	struct column blob = { .name = "CONTENT", .type = COL_BLOB, .nullable = 1, .defval = "''" };
	(void)state;

	check_column(DIALECT_POSTGRESQL, &id, "API_ID SERIAL NOT NULL");
	check_column(DIALECT_POSTGRESQL, &big, "ID BIGSERIAL NOT NULL");
	check_column(DIALECT_MYSQL, &id, "API_ID INTEGER NOT NULL AUTO_INCREMENT");
	check_column(DIALECT_MSSQL, &id, "API_ID INTEGER IDENTITY(1,1) NOT NULL");
	check_column(DIALECT_ORACLE, &id, "API_ID INTEGER GENERATED BY DEFAULT AS IDENTITY NOT NULL");
	check_column(DIALECT_DB2, &id, "API_ID INTEGER GENERATED BY DEFAULT AS IDENTITY "
		     "(START WITH 1 INCREMENT BY 1) NOT NULL");
	check_column(DIALECT_H2, &id, "API_ID INTEGER NOT NULL AUTO_INCREMENT");

	check_column(DIALECT_POSTGRESQL, &tenant,
		     "TENANT_DOMAIN VARCHAR(255) DEFAULT 'carbon.super' NOT NULL");
	check_column(DIALECT_ORACLE, &tenant,
		     "TENANT_DOMAIN VARCHAR2(255) DEFAULT 'carbon.super' NOT NULL");

	check_column(DIALECT_POSTGRESQL, &flag, "IS_DEPLOYED BOOLEAN DEFAULT FALSE NOT NULL");
	check_column(DIALECT_MYSQL, &flag, "IS_DEPLOYED BOOLEAN DEFAULT 0 NOT NULL");
	check_column(DIALECT_MSSQL, &flag, "IS_DEPLOYED BIT DEFAULT 0 NOT NULL");
	check_column(DIALECT_ORACLE, &flag, "IS_DEPLOYED NUMBER(1) DEFAULT 0 NOT NULL");
	check_column(DIALECT_H2, &flag, "IS_DEPLOYED BOOLEAN DEFAULT FALSE NOT NULL");
	check_column(DIALECT_POSTGRESQL, &flag_true, "ENABLED BOOLEAN DEFAULT TRUE");
	check_column(DIALECT_MYSQL, &flag_true, "ENABLED BOOLEAN DEFAULT 1");

	check_column(DIALECT_POSTGRESQL, &ts, "CREATED_TIME TIMESTAMP DEFAULT CURRENT_TIMESTAMP");
	check_column(DIALECT_MYSQL, &ts, "CREATED_TIME TIMESTAMP DEFAULT CURRENT_TIMESTAMP NULL");
	check_column(DIALECT_MSSQL, &ts, "CREATED_TIME DATETIME DEFAULT CURRENT_TIMESTAMP");
	check_column(DIALECT_DB2, &ts, "CREATED_TIME TIMESTAMP DEFAULT CURRENT TIMESTAMP");

	check_column(DIALECT_POSTGRESQL, &neg, "TENANT_ID INTEGER DEFAULT -1");
	check_column(DIALECT_POSTGRESQL, &blob, "CONTENT BYTEA DEFAULT ''");
	check_column(DIALECT_MYSQL, &blob, "CONTENT LONGBLOB");

	/* Names stay as stored, unquoted: the server folds them as Siddhi's did. */
	struct column mixed = { .name = "apiContext", .type = COL_VARCHAR, .size = 254, .nullable = 1 };
	check_column(DIALECT_POSTGRESQL, &mixed, "apiContext VARCHAR(254)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_from_dbms),
		cmocka_unit_test(test_from_name),
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_quote),
		cmocka_unit_test(test_types),
		cmocka_unit_test(test_columns),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
