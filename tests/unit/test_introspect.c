/* Unit tests of introspect's pure parts: turning catalog rows as the
 * drivers return them into a catalog.  The static functions are reached by
 * including the module, its one public function renamed so that it does
 * not clash with the linked introspect.o.  The queries themselves are
 * tested against real servers by the integration tests. */
#include "unit.h"

#define introspect_catalog introspect_catalog_under_test
#define introspect_table introspect_table_under_test
#include "../../src/introspect.c"

/* Builds a result of ncols columns from rows given as one flat array. */
static void make_result(struct result *r, size_t ncols, size_t nrows, const char *const *cells)
{
	size_t i;

	memset(r, 0, sizeof(*r));
	r->ncols = ncols;
	for (i = 0; i < nrows; i++)
		result_add_row(r, cells + i * ncols, ncols);
}

/* One SQLColumns row (18 columns); the others are NULL. */
static void columns_row(struct result *r, const char *schema, const char *table,
			const char *name, const char *data_type, const char *type_name,
			const char *size, const char *digits, const char *nullable,
			const char *def, const char *ordinal)
{
	const char *cells[18] = { 0 };

	cells[TB_SCHEM] = schema;
	cells[TB_NAME] = table;
	cells[CO_NAME] = name;
	cells[CO_DATA_TYPE] = data_type;
	cells[CO_TYPE_NAME] = type_name;
	cells[CO_SIZE] = size;
	cells[CO_DIGITS] = digits;
	cells[CO_NULLABLE] = nullable;
	cells[CO_DEF] = def;
	cells[CO_ORDINAL] = ordinal;
	result_add_row(r, cells, 18);
}

/* A PostgreSQL-like conn: schema "public", schema not a catalog. */
static void fake_conn(struct conn *c, enum dialect_id id, const char *schema)
{
	memset(c, 0, sizeof(*c));
	c->dbname = "WSO2AM_DB";
	c->dialect = dialect_get(id);
	snprintf(c->schema, sizeof(c->schema), "%s", schema);
}

static void test_columns_as_psqlodbc_reports_them(void **state)
{
	struct catalog *cat = catalog_new();
	struct result r = { 0 };
	struct conn c;
	struct table *t;
	struct column *col;
	(void)state;

	fake_conn(&c, DIALECT_POSTGRESQL, "public");
	catalog_add_table(cat, "am_api");
	/* out of ordinal order on purpose */
	columns_row(&r, "public", "am_api", "updated_time", "93", "timestamp", "26", "6", "1", NULL, "4");
	columns_row(&r, "public", "am_api", "api_id", "4", "int4", "10", "0", "0",
		    "nextval('am_api_sequence'::regclass)", "1");
	columns_row(&r, "public", "am_api", "api_name", "-1", "varchar", "1024", NULL, "1", NULL, "2");
	columns_row(&r, "public", "am_api", "enabled", "12", "bool", "5", "0", "1", "true", "3");
	columns_row(&r, "public", "am_api", "payload", "-4", "bytea", "-4", NULL, "1", NULL, "5");
	columns_row(&r, "public", "am_api", "notes", "-1", "text", "8190", NULL, "1", NULL, "6");
	columns_row(&r, "public", "am_api", "code", "1", "bpchar", "3", NULL, "0", NULL, "7");
	columns_row(&r, "public", "am_api", "price", "2", "numeric", "10", "2", "1", NULL, "8");
	columns_row(&r, "public", "am_api", "born", "93", "timestamp", "26", "6", "1", "now()", "9");
	/* a view, a table of another schema matched by the pattern */
	columns_row(&r, "public", "am_api_view", "api_id", "4", "int4", "10", "0", "1", NULL, "1");
	columns_row(&r, "wso2xam", "am_api", "stray", "4", "int4", "10", "0", "1", NULL, "10");
	load_columns(&c, cat, &r);

	t = catalog_table(cat, "AM_API");
	assert_int_equal(t->ncols, 9);
	assert_null(catalog_table(cat, "am_api_view"));
	assert_null(table_column(t, "stray"));
	assert_string_equal(t->cols[0].name, "api_id");
	assert_string_equal(t->cols[3].name, "updated_time");

	col = table_column(t, "api_id");
	assert_int_equal(col->type, COL_INTEGER);
	assert_true(col->autoinc);
	assert_false(col->nullable);
	assert_null(col->defval);
	col = table_column(t, "api_name");        /* SQL_LONGVARCHAR, still varchar(1024) */
	assert_int_equal(col->type, COL_VARCHAR);
	assert_int_equal(col->size, 1024);
	assert_true(col->nullable);
	col = table_column(t, "enabled");         /* BoolsAsChar: DATA_TYPE says varchar */
	assert_int_equal(col->type, COL_BOOLEAN);
	assert_int_equal(col->size, 0);
	assert_string_equal(col->defval, "1");
	assert_int_equal(table_column(t, "payload")->type, COL_BLOB);
	assert_int_equal(table_column(t, "notes")->type, COL_CLOB);
	assert_int_equal(table_column(t, "notes")->size, 0);
	col = table_column(t, "code");
	assert_int_equal(col->type, COL_CHAR);
	assert_int_equal(col->size, 3);
	col = table_column(t, "price");
	assert_int_equal(col->type, COL_DECIMAL);
	assert_int_equal(col->size, 10);
	assert_int_equal(col->scale, 2);
	assert_string_equal(table_column(t, "born")->defval, "CURRENT_TIMESTAMP");
	assert_int_equal(table_column(t, "updated_time")->type, COL_TIMESTAMP);

	result_release(&r);
	catalog_free(cat);
}

static void test_columns_as_mariadb_odbc_reports_them(void **state)
{
	static const char *const fixups[] = {
		/* table, column, autoinc, type, nullable, size */
		"AM_API", "API_ID", "1", NULL, "0", NULL,
		"AM_API", "IS_DEFAULT", "0", "boolean", "1", NULL,
		"AM_API", "LEVEL", "0", "smallint", "1", NULL,
		"AM_API", "CREATED", "0", NULL, "0", NULL,
		"AM_API", "LONG_NAME", "0", NULL, NULL, "0",
		"NO_SUCH_TABLE", "X", "1", NULL, "0", NULL,
	};
	struct catalog *cat = catalog_new();
	struct result r = { 0 }, fx;
	struct conn c;
	struct table *t;
	(void)state;

	fake_conn(&c, DIALECT_MYSQL, "wso2am");
	catalog_add_table(cat, "AM_API");
	/* MariaDB ODBC: TABLE_CAT is the database, TABLE_SCHEM NULL; NOT
	 * NULL auto_increment and TIMESTAMP columns come back nullable */
	columns_row(&r, NULL, "AM_API", "API_ID", "4", "INT", "10", "0", "1", NULL, "1");
	columns_row(&r, NULL, "AM_API", "IS_DEFAULT", "-6", "TINYINT", "3", "0", "1", "NULL", "2");
	columns_row(&r, NULL, "AM_API", "LEVEL", "-6", "TINYINT", "3", "0", "1", "0", "3");
	columns_row(&r, NULL, "AM_API", "CREATED", "93", "TIMESTAMP", "19", NULL, "1",
		    "current_timestamp()", "4");
	columns_row(&r, NULL, "AM_API", "STATE", "-8", "ENUM", "1", NULL, "1", "'a'", "5");
	columns_row(&r, NULL, "AM_API", "NAME", "-9", "VARCHAR", "200", NULL, "1", "'NULL'", "6");
	columns_row(&r, NULL, "AM_API", "LONG_NAME", "-9", "VARCHAR", "255", NULL, "1", NULL, "7");
	columns_row(&r, NULL, "AM_API", "ROW_ID", "4", "int identity", "10", "0", "0", NULL, "8");
	load_columns(&c, cat, &r);
	make_result(&fx, 6, sizeof(fixups) / sizeof(fixups[0]) / 6, fixups);
	apply_fixups(cat, &fx);

	t = catalog_table(cat, "AM_API");
	assert_int_equal(t->ncols, 8);
	assert_true(table_column(t, "API_ID")->autoinc);
	assert_false(table_column(t, "API_ID")->nullable);
	assert_int_equal(table_column(t, "IS_DEFAULT")->type, COL_BOOLEAN);
	assert_null(table_column(t, "IS_DEFAULT")->defval);
	assert_int_equal(table_column(t, "LEVEL")->type, COL_SMALLINT);
	assert_false(table_column(t, "CREATED")->nullable);
	assert_string_equal(table_column(t, "CREATED")->defval, "CURRENT_TIMESTAMP");
	/* an unknown TYPE_NAME falls back on DATA_TYPE (SQL_WCHAR) */
	assert_int_equal(table_column(t, "STATE")->type, COL_CHAR);
	assert_int_equal(table_column(t, "STATE")->size, 1);
	assert_string_equal(table_column(t, "NAME")->defval, "'NULL'");
	assert_int_equal(table_column(t, "LONG_NAME")->size, 0);
	assert_true(table_column(t, "LONG_NAME")->nullable);
	assert_int_equal(table_column(t, "ROW_ID")->type, COL_INTEGER);
	assert_true(table_column(t, "ROW_ID")->autoinc);

	result_release(&r);
	result_release(&fx);
	catalog_free(cat);
}

static void test_keys_from_uniform_rows(void **state)
{
	static const char *const rows[] = {
		/* table, kind, name, column, ref_table, ref_column */
		"AM_API", "P", "pk", "API_ID", NULL, NULL,
		"AM_API", "U", "uq", "API_PROVIDER", NULL, NULL,
		"AM_API", "U", "uq", "API_NAME", NULL, NULL,
		"AM_API", "U", "uq", "API_VERSION", NULL, NULL,
		"AM_API", "I", "ix_expr", "API_NAME", NULL, NULL,
		"AM_API", "I", "ix_expr", NULL, NULL, NULL,
		"AM_API", "I", "ix_ctx", "CONTEXT", NULL, NULL,
		"AM_SUB", "F", "fk", "A", "AM_API", "API_ID",
		"AM_SUB", "F", "fk", "B", "AM_API", "API_NAME",
		"AM_SUB", "F", "fk_bad", "C", "AM_API", NULL,
		"AM_SUB", "X", "weird", "C", NULL, NULL,
		"AM_GONE", "P", "pk", "ID", NULL, NULL,
		/* same name, another kind: another key */
		"AM_SUB", "I", "fk", "A", NULL, NULL,
		"AM_SUB", "I", "fk", "B", NULL, NULL,
		/* a unique index that backs no constraint (PostgreSQL) */
		"AM_SUB", "u", "ux", "C", NULL, NULL,
	};
	static const char *const uq[] = { "API_VERSION", "API_NAME", "API_PROVIDER" };
	struct catalog *cat = catalog_new();
	struct result r;
	struct table *api, *sub;
	struct key *k;
	(void)state;

	api = catalog_add_table(cat, "AM_API");
	sub = catalog_add_table(cat, "AM_SUB");
	make_result(&r, K_NCOLS, sizeof(rows) / sizeof(rows[0]) / K_NCOLS, rows);
	load_keys(cat, &r);

	assert_int_equal(api->nkeys, 3);
	k = table_primary_key(api);
	assert_non_null(k);
	assert_string_equal(k->name, "pk");
	k = table_find_key(api, KEY_UNIQUE, 3, uq);
	assert_non_null(k);
	assert_string_equal(k->cols[0], "API_PROVIDER");  /* key order kept */
	assert_string_equal(k->cols[2], "API_VERSION");
	assert_int_equal(api->keys[2].kind, KEY_INDEX);
	assert_string_equal(api->keys[2].name, "ix_ctx");

	assert_int_equal(sub->nkeys, 3);
	assert_int_equal(sub->keys[2].kind, KEY_UNIQUE);
	assert_int_equal(sub->keys[2].bare_index, 1);
	assert_int_equal(api->keys[1].bare_index, 0);
	k = &sub->keys[0];
	assert_int_equal(k->kind, KEY_FOREIGN);
	assert_int_equal(k->ncols, 2);
	assert_string_equal(k->ref_table, "AM_API");
	assert_string_equal(k->cols[1], "B");
	assert_string_equal(k->ref_cols[0], "API_ID");
	assert_string_equal(k->ref_cols[1], "API_NAME");
	assert_int_equal(sub->keys[1].kind, KEY_INDEX);
	assert_int_equal(sub->keys[1].ncols, 2);

	result_release(&r);
	catalog_free(cat);
}

/* Rows with the foreign-key actions (PostgreSQL, MySQL, SQLForeignKeys). */
static void test_load_keys_actions(void **state)
{
	static const char *const rows[] = {
		"T", "F", "fk1", "A", "U", "X", "CASCADE", NULL,
		"T", "F", "fk2", "B", "U", "Y", "2", "0",
		"T", "F", "fk3", "C", "U", "Z", "RESTRICT", "NO ACTION",
		"T", "U", "uq", "A", NULL, NULL, NULL, NULL,
	};
	struct catalog *cat = catalog_new();
	struct result r;
	struct table *t;
	(void)state;

	t = catalog_add_table(cat, "T");
	make_result(&r, K_NCOLS_ACTIONS, sizeof(rows) / sizeof(rows[0]) / K_NCOLS_ACTIONS, rows);
	load_keys(cat, &r);
	assert_int_equal(t->nkeys, 4);
	assert_int_equal(t->keys[0].on_delete, FK_CASCADE);
	assert_int_equal(t->keys[0].on_update, FK_NO_ACTION);
	assert_int_equal(t->keys[1].on_delete, FK_SET_NULL);
	assert_int_equal(t->keys[1].on_update, FK_CASCADE);
	assert_int_equal(t->keys[2].on_delete, FK_NO_ACTION);
	assert_int_equal(t->keys[2].on_update, FK_NO_ACTION);
	result_release(&r);
	catalog_free(cat);
}

static void test_triggers_and_tables(void **state)
{
	static const char *const trig[] = {
		"am_gw_api_artifacts", "time_stamp",
		"am_gw_api_artifacts", "time_stamp",
		"no_such_table", "t",
		"am_gw_api_artifacts", NULL,
	};
	static const char *const tables[] = {
		/* TABLE_CAT, TABLE_SCHEM, TABLE_NAME, TABLE_TYPE */
		NULL, "public", "am_api", "TABLE",
		NULL, "public", "am_api_view", "VIEW",
		NULL, "wso2xam", "other", "TABLE",
		NULL, "public", "AM_GW_API_ARTIFACTS", "TABLE",
	};
	struct catalog *cat = catalog_new();
	struct result r;
	struct conn c;
	struct table *t;
	(void)state;

	fake_conn(&c, DIALECT_POSTGRESQL, "public");
	make_result(&r, 4, 4, tables);
	load_tables(&c, cat, &r, TB_NAME, 1);
	result_release(&r);
	assert_int_equal(cat->ntables, 2);
	assert_non_null(catalog_table(cat, "am_api"));
	assert_null(catalog_table(cat, "other"));

	make_result(&r, 2, 4, trig);
	load_triggers(cat, &r);
	t = catalog_table(cat, "am_gw_api_artifacts");
	assert_int_equal(t->ntriggers, 1);
	assert_true(table_has_trigger(t, "TIME_STAMP"));
	result_release(&r);
	catalog_free(cat);
}

static void test_sort_rows_and_kinds(void **state)
{
	static const char *const rows[] = {
		"fk_b", "T", "2",
		NULL, "T", "1",
		"fk_a", "T", "2",
		"fk_a", "T", "1",
		"fk_b", "T", "1",
	};
	struct result r;
	struct rowref *refs;
	enum key_kind kind;
	int bare;
	(void)state;

	make_result(&r, 3, 5, rows);
	refs = sort_rows(&r, 0, SIZE_MAX, 2);
	assert_int_equal(refs[0].row, 1);   /* NULL name first */
	assert_int_equal(refs[1].row, 3);
	assert_int_equal(refs[2].row, 2);
	assert_int_equal(refs[3].row, 4);
	assert_int_equal(refs[4].row, 0);
	free(refs);
	result_release(&r);

	assert_int_equal(kind_of("P", &kind, &bare), 0);
	assert_int_equal(kind, KEY_PRIMARY);
	assert_int_equal(bare, 0);
	assert_int_equal(kind_of("I", &kind, &bare), 0);
	assert_int_equal(kind, KEY_INDEX);
	assert_int_equal(kind_of("u", &kind, &bare), 0);   /* a bare unique index */
	assert_int_equal(kind, KEY_UNIQUE);
	assert_int_equal(bare, 1);
	assert_int_equal(kind_of("U", &kind, &bare), 0);
	assert_int_equal(bare, 0);
	assert_int_equal(kind_of("PK", &kind, &bare), -1);
	assert_int_equal(kind_of(NULL, &kind, &bare), -1);
	assert_int_equal(type_from_sql(SQL_WVARCHAR), COL_VARCHAR);
	assert_int_equal(type_from_sql(12345), COL_UNKNOWN);
}

static void test_every_fast_path_is_complete(void **state)
{
	int id;
	(void)state;

	/* a dialect with a columns query has a keys query, and the other way;
	 * a tables query only comes with them */
	for (id = 0; id < DIALECT_COUNT; id++) {
		assert_int_equal(!!dialect_sql[id].columns, !!dialect_sql[id].keys);
		if (dialect_sql[id].tables)
			assert_non_null(dialect_sql[id].columns);
	}
	assert_non_null(dialect_sql[DIALECT_POSTGRESQL].columns);
	assert_non_null(dialect_sql[DIALECT_MYSQL].columns);
	/* MySQL's COLUMNS lists views too: its tables come from TABLES */
	assert_non_null(dialect_sql[DIALECT_MYSQL].tables);
}

/* The one-table marks: all of tables, columns, keys (and triggers) or none,
 * each made a bound condition on the name. */
static void test_one_table_marks(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	const struct introspect_sql *my = &dialect_sql[DIALECT_MYSQL];
	(void)state;

	for (int id = 0; id < DIALECT_COUNT; id++) {
		const struct introspect_sql *q = &dialect_sql[id];
		int marked = q->columns && strstr(q->columns, ONE_TABLE_MARK);

		if (!marked)
			continue;
		assert_non_null(q->tables);
		assert_non_null(strstr(q->tables, ONE_TABLE_MARK));
		assert_non_null(strstr(q->keys, ONE_TABLE_MARK));
		if (q->triggers)
			assert_non_null(strstr(q->triggers, ONE_TABLE_MARK));
	}
	/* MariaDB answers information_schema for one named table without
	 * opening the others: its queries have the marks */
	assert_int_equal(one_table_sql(my->columns, &sb), 1);
	assert_non_null(strstr(sb.buf, "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY"));
	assert_null(strstr(sb.buf, "/*"));
	strbuf_reset(&sb);
	/* indexes, the constraints' actions and the foreign keys' columns */
	assert_int_equal(one_table_sql(my->keys, &sb), 3);
	assert_non_null(strstr(sb.buf, "IS NOT NULL AND k.TABLE_NAME = ? ORDER BY 1, 2, 3, 9"));
	strbuf_reset(&sb);
	assert_int_equal(one_table_sql(my->triggers, &sb), 1);
	assert_non_null(strstr(sb.buf, "AND EVENT_OBJECT_TABLE = ? ORDER BY 1, 2"));
	strbuf_reset(&sb);
	/* a query without marks is the same query */
	assert_int_equal(one_table_sql("SELECT 1 /* no mark */", &sb), 0);
	assert_string_equal(sb.buf, "SELECT 1 /* no mark */");
	strbuf_release(&sb);
}

/* One fast-path columns row: table, column, type name, fallback ODBC type,
 * size, scale, nullable, default, autoinc. */
static void fast_row(struct result *r, const char *table, const char *col, const char *type,
		     const char *sql_type, const char *size, const char *scale,
		     const char *nullable, const char *def, const char *autoinc)
{
	const char *cells[F_NCOLS] = {
		table, col, type, sql_type, size, scale, nullable, def, autoinc,
	};

	result_add_row(r, cells, F_NCOLS);
}

static void test_fast_columns_name_the_tables(void **state)
{
	struct catalog *cat = catalog_new();
	struct result r = { 0 };
	struct table *t;
	struct column *col;
	(void)state;

	/* PostgreSQL-like rows: the query names the tables */
	fast_row(&r, "am_api", "api_id", "int4", "12", "255", NULL, "0",
		 "nextval('am_api_sequence'::regclass)", "0");
	fast_row(&r, "am_api", "api_name", "varchar", "12", "256", NULL, "1", NULL, "0");
	fast_row(&r, "am_api", "notes", "varchar", "12", NULL, NULL, "1",
		 "'n/a'::character varying", "0");
	fast_row(&r, "am_api", "price", "numeric", "12", "10", "2", "1", NULL, "0");
	fast_row(&r, "am_api", "amount", "numeric", "12", NULL, NULL, "1", NULL, "0");
	fast_row(&r, "am_api", "row_id", "int8", "12", "255", NULL, "0", NULL, "1");
	fast_row(&r, "am_api", "flag", "bool", "12", "255", NULL, "0", "true", "0");
	fast_row(&r, "am_api", "doc", "jsonb", "12", "255", NULL, "1", NULL, "0");
	fast_row(&r, "am_api", "oid_col", "oid", "4", "255", NULL, "1", NULL, "0");
	fast_row(&r, "am_api", "guid", "uuid", "-11", "255", NULL, "1", NULL, "0");
	fast_row(&r, "am_empty", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
	load_fast_columns(cat, &r, 1);

	assert_int_equal(cat->ntables, 2);
	assert_int_equal(catalog_table(cat, "AM_EMPTY")->ncols, 0);
	t = catalog_table(cat, "AM_API");
	assert_int_equal(t->ncols, 10);
	assert_string_equal(t->cols[1].name, "api_name");   /* row order kept */
	col = table_column(t, "api_id");
	assert_int_equal(col->type, COL_INTEGER);
	assert_int_equal(col->size, 0);                     /* only sized types */
	assert_true(col->autoinc);
	assert_false(col->nullable);
	assert_null(col->defval);
	col = table_column(t, "api_name");
	assert_int_equal(col->type, COL_VARCHAR);
	assert_int_equal(col->size, 256);
	assert_true(col->nullable);
	col = table_column(t, "notes");                     /* unbounded varchar */
	assert_int_equal(col->size, 0);
	assert_string_equal(col->defval, "'n/a'");
	col = table_column(t, "price");
	assert_int_equal(col->type, COL_DECIMAL);
	assert_int_equal(col->size, 10);
	assert_int_equal(col->scale, 2);
	col = table_column(t, "amount");                    /* unconstrained numeric */
	assert_int_equal(col->size, 0);
	assert_int_equal(col->scale, 0);
	col = table_column(t, "row_id");                    /* identity */
	assert_int_equal(col->type, COL_BIGINT);
	assert_true(col->autoinc);
	col = table_column(t, "flag");
	assert_int_equal(col->type, COL_BOOLEAN);
	assert_string_equal(col->defval, "1");
	col = table_column(t, "doc");                       /* the driver's fallback */
	assert_int_equal(col->type, COL_VARCHAR);
	assert_int_equal(col->size, 255);
	assert_int_equal(table_column(t, "oid_col")->type, COL_INTEGER);
	assert_int_equal(table_column(t, "guid")->type, COL_UNKNOWN);

	result_release(&r);
	catalog_free(cat);
}

static void test_fast_columns_of_listed_tables(void **state)
{
	struct catalog *cat = catalog_new();
	struct result r = { 0 };
	struct table *t;
	(void)state;

	/* MySQL-like rows: tables come from the tables query; a view's
	 * columns are dropped */
	catalog_add_table(cat, "AM_API");
	fast_row(&r, "AM_API", "API_ID", "int", "4", NULL, "0", "0", NULL, "1");
	fast_row(&r, "AM_API", "IS_DEFAULT", "boolean", "-6", NULL, "0", "1", "NULL", "0");
	fast_row(&r, "AM_API", "LEVEL", "smallint", "-6", NULL, "0", "1", "0", "0");
	fast_row(&r, "AM_API", "CREATED", "timestamp", "-4", NULL, NULL, "0",
		 "current_timestamp()", "0");
	fast_row(&r, "AM_API", "STATE", "enum", "-8", "2", NULL, "1", "'a'", "0");
	fast_row(&r, "AM_API", "YR", "year", "5", NULL, NULL, "1", NULL, "0");
	fast_row(&r, "AM_API", "SHAPE", "geometry", "-4", NULL, NULL, "1", NULL, "0");
	fast_row(&r, "AM_API", "PRICE", "decimal unsigned zerofill", "3", "8", "3", "1", NULL, "0");
	fast_row(&r, "AM_API", "NAME", "varchar", "-9", "200", NULL, "1", "'NULL'", "0");
	fast_row(&r, "AM_API_VIEW", "API_ID", "int", "4", NULL, "0", "1", NULL, "0");
	load_fast_columns(cat, &r, 0);

	assert_int_equal(cat->ntables, 1);
	assert_null(catalog_table(cat, "AM_API_VIEW"));
	t = catalog_table(cat, "AM_API");
	assert_int_equal(t->ncols, 9);
	assert_true(table_column(t, "API_ID")->autoinc);
	assert_false(table_column(t, "API_ID")->nullable);
	assert_int_equal(table_column(t, "IS_DEFAULT")->type, COL_BOOLEAN);
	assert_null(table_column(t, "IS_DEFAULT")->defval);
	assert_int_equal(table_column(t, "LEVEL")->type, COL_SMALLINT);
	assert_false(table_column(t, "CREATED")->nullable);
	assert_string_equal(table_column(t, "CREATED")->defval, "CURRENT_TIMESTAMP");
	assert_int_equal(table_column(t, "STATE")->type, COL_CHAR);
	assert_int_equal(table_column(t, "STATE")->size, 2);
	assert_int_equal(table_column(t, "YR")->type, COL_SMALLINT);
	assert_int_equal(table_column(t, "SHAPE")->type, COL_BLOB);
	assert_int_equal(table_column(t, "PRICE")->type, COL_DECIMAL);
	assert_int_equal(table_column(t, "PRICE")->size, 8);
	assert_int_equal(table_column(t, "PRICE")->scale, 3);
	assert_string_equal(table_column(t, "NAME")->defval, "'NULL'");

	result_release(&r);
	catalog_free(cat);
}

static void test_keys_with_a_position_column(void **state)
{
	static const char *const rows[] = {
		/* table, kind, name, column, ref_table, ref_column, position */
		"AM_API", "I", "IX", "B", NULL, NULL, "1",
		"AM_API", "I", "IX", "A", NULL, NULL, "2",
		"AM_API", "P", "PRIMARY", "ID", NULL, NULL, "1",
		"AM_SUB", "F", "FK", "API_ID", "AM_API", "ID", "1",
	};
	struct catalog *cat = catalog_new();
	struct table *api, *sub;
	struct result r;
	(void)state;

	api = catalog_add_table(cat, "AM_API");
	sub = catalog_add_table(cat, "AM_SUB");
	make_result(&r, 7, sizeof(rows) / sizeof(rows[0]) / 7, rows);
	load_keys(cat, &r);
	assert_int_equal(api->nkeys, 2);
	assert_int_equal(api->keys[0].kind, KEY_INDEX);
	assert_string_equal(api->keys[0].cols[0], "B");
	assert_string_equal(api->keys[0].cols[1], "A");
	assert_non_null(table_primary_key(api));
	assert_int_equal(sub->nkeys, 1);
	assert_string_equal(sub->keys[0].ref_cols[0], "ID");
	result_release(&r);
	catalog_free(cat);
}

static void test_not_connected(void **state)
{
	struct conn c;
	struct catalog *cat = (struct catalog *)&c;
	struct strbuf err = STRBUF_INIT;
	(void)state;

	memset(&c, 0, sizeof(c));
	c.dbname = "SHARED_DB";
	assert_int_equal(introspect_catalog_under_test(&c, 0, &cat, &err), -1);
	assert_null(cat);
	assert_non_null(strstr(strbuf_str(&err), "SHARED_DB"));
	strbuf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_columns_as_psqlodbc_reports_them),
		cmocka_unit_test(test_columns_as_mariadb_odbc_reports_them),
		cmocka_unit_test(test_keys_from_uniform_rows),
		cmocka_unit_test(test_load_keys_actions),
		cmocka_unit_test(test_triggers_and_tables),
		cmocka_unit_test(test_sort_rows_and_kinds),
		cmocka_unit_test(test_every_fast_path_is_complete),
		cmocka_unit_test(test_one_table_marks),
		cmocka_unit_test(test_fast_columns_name_the_tables),
		cmocka_unit_test(test_fast_columns_of_listed_tables),
		cmocka_unit_test(test_keys_with_a_position_column),
		cmocka_unit_test(test_not_connected),
	};
	return cmocka_run_group_tests_name("introspect", tests, NULL, NULL);
}
