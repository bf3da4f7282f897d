/*
 * Unit tests of render: every operation for PostgreSQL and MySQL (and the
 * per-dialect differences of the others), on hand-built catalogs: names of
 * keys to drop come from the live catalog, a key without one is refused,
 * offline rendering finds keys at run time.
 */
#include "unit.h"

#include "catalog.h"
#include "delta.h"
#include "dialect.h"
#include "migrator.h"
#include "render.h"

static const struct dialect *PG, *MY;

static void add_col(struct table *t, const char *name, enum col_type type, long size,
		    int nullable, const char *defval)
{
	struct column c = { .name = (char *)name, .type = type, .size = size,
			    .nullable = nullable, .defval = (char *)defval };

	table_add_column(t, &c);
}

static struct key *add_key(struct table *t, enum key_kind kind, const char *name, const char *cols,
			   const char *ref_table, const char *ref_cols)
{
	size_t n = 0, nr = 0;
	char **c = catalog_cols_split(cols, &n);
	char **r = ref_cols ? catalog_cols_split(ref_cols, &nr) : NULL;
	struct key *k = table_add_key(t, kind, name, n, (const char *const *)c, ref_table,
				      (const char *const *)r);

	catalog_cols_free(c, n);
	catalog_cols_free(r, nr);
	return k;
}

/* A delta, as checks/ would hold it; free with delta_free. */
static struct delta *mk(const char *id, enum delta_op op, const char *table, const char *column,
			const char *cols, const char *from)
{
	struct delta *d = calloc(1, sizeof(*d));

	d->id = xstrdup(id);
	d->db = (enum db_index)db_from_name("WSO2AM_DB");
	d->component = (enum component)component_from_name("apim");
	d->release = xstrdup("3.2.0");
	d->op = op;
	d->table = xstrdup(table);
	d->column = xstrdup(column);
	if (cols)
		d->cols = catalog_cols_split(cols, &d->ncols);
	if (from)
		d->from = catalog_cols_split(from, &d->nfrom);
	d->dialects = (1u << DIALECT_COUNT) - 1;
	d->title = xstrdup("a test delta");
	return d;
}

static void delta_free(struct delta *d)
{
	struct delta_set set = { 1, 1, d };

	delta_set_release(&set);   /* frees d's insides and d itself */
}

/* PostgreSQL as introspect reads a 3.0.0 WSO2AM_DB: lower-case names. */
static struct catalog *pg_live(void)
{
	struct catalog *cat = catalog_new();
	struct table *t;

	t = catalog_add_table(cat, "am_system_apps");
	add_col(t, "id", COL_INTEGER, 0, 0, NULL);
	add_col(t, "name", COL_VARCHAR, 50, 0, NULL);
	add_key(t, KEY_PRIMARY, "am_system_apps_pkey", "id", NULL, NULL);
	add_key(t, KEY_UNIQUE, "am_system_apps_name_key", "name", NULL, NULL);

	t = catalog_add_table(cat, "am_application_key_mapping");
	add_col(t, "application_id", COL_INTEGER, 0, 0, NULL);
	add_col(t, "key_type", COL_VARCHAR, 512, 0, NULL);
	add_key(t, KEY_PRIMARY, "am_application_key_mapping_pkey", "application_id, key_type",
		NULL, NULL);
	add_key(t, KEY_FOREIGN, "fk1", "application_id", "am_application", "application_id");

	t = catalog_add_table(cat, "apilastaccesssummary");
	add_col(t, "apiname", COL_VARCHAR, 254, 0, NULL);
	add_col(t, "apiversion", COL_VARCHAR, 254, 1, NULL);
	add_col(t, "apicreator", COL_VARCHAR, 254, 0, NULL);
	add_col(t, "apicreatortenantdomain", COL_VARCHAR, 254, 0, NULL);
	add_key(t, KEY_PRIMARY, "apilastaccesssummary_pkey",
		"apiname, apicreator, apicreatortenantdomain", NULL, NULL);
	return cat;
}

/* MySQL / MariaDB: names as created; InnoDB's index behind a foreign key. */
static struct catalog *my_live(void)
{
	struct catalog *cat = catalog_new();
	struct table *t;

	t = catalog_add_table(cat, "AM_SYSTEM_APPS");
	add_col(t, "ID", COL_INTEGER, 0, 0, NULL);
	add_col(t, "NAME", COL_VARCHAR, 50, 0, NULL);
	add_key(t, KEY_PRIMARY, "PRIMARY", "ID", NULL, NULL);
	add_key(t, KEY_UNIQUE, "NAME", "NAME", NULL, NULL);

	t = catalog_add_table(cat, "AM_APPLICATION_REGISTRATION");
	add_col(t, "REG_ID", COL_INTEGER, 0, 0, NULL);
	add_col(t, "SUBSCRIBER_ID", COL_INTEGER, 0, 1, NULL);
	add_col(t, "APP_ID", COL_INTEGER, 0, 1, NULL);
	add_col(t, "TOKEN_TYPE", COL_VARCHAR, 30, 1, NULL);
	add_col(t, "KEY_MANAGER", COL_VARCHAR, 255, 0, NULL);
	add_key(t, KEY_PRIMARY, "PRIMARY", "REG_ID", NULL, NULL);
	/* InnoDB serves the SUBSCRIBER_ID foreign key with this one */
	add_key(t, KEY_UNIQUE, "SUBSCRIBER_ID", "SUBSCRIBER_ID, APP_ID, TOKEN_TYPE", NULL, NULL);
	add_key(t, KEY_FOREIGN, "fk_sub", "SUBSCRIBER_ID", "AM_SUBSCRIBER", "SUBSCRIBER_ID");
	add_key(t, KEY_FOREIGN, "fk_app", "APP_ID", "AM_APPLICATION", "APPLICATION_ID");
	add_key(t, KEY_INDEX, "fk_app", "APP_ID", NULL, NULL);

	t = catalog_add_table(cat, "AM_APPLICATION_KEY_MAPPING");
	add_col(t, "APPLICATION_ID", COL_INTEGER, 0, 0, NULL);
	add_col(t, "KEY_TYPE", COL_VARCHAR, 512, 0, NULL);
	add_col(t, "KEY_MANAGER", COL_VARCHAR, 100, 0, NULL);
	add_key(t, KEY_PRIMARY, "PRIMARY", "APPLICATION_ID, KEY_TYPE", NULL, NULL);
	add_key(t, KEY_FOREIGN, "fk1", "APPLICATION_ID", "AM_APPLICATION", "APPLICATION_ID");

	t = catalog_add_table(cat, "ApiLastAccessSummary");
	add_col(t, "apiName", COL_VARCHAR, 254, 0, NULL);
	add_col(t, "apiVersion", COL_VARCHAR, 254, 1, NULL);
	add_col(t, "apiCreator", COL_VARCHAR, 254, 0, NULL);
	add_col(t, "apiCreatorTenantDomain", COL_VARCHAR, 254, 0, NULL);
	add_key(t, KEY_PRIMARY, "PRIMARY", "apiName, apiCreator, apiCreatorTenantDomain", NULL, NULL);
	return cat;
}

/* The shapes of 3.2.0, as in schemas/. */
static struct catalog *expected(int mysql)
{
	struct catalog *cat = catalog_new();
	struct table *t;

	t = catalog_add_table(cat, "AM_SYSTEM_APPS");
	add_col(t, "ID", COL_INTEGER, 0, 0, NULL);
	add_col(t, "NAME", COL_VARCHAR, 50, 0, NULL);
	add_col(t, "TENANT_DOMAIN", COL_VARCHAR, 255, 1, "'carbon.super'");

	t = catalog_add_table(cat, "AM_APPLICATION_KEY_MAPPING");
	add_col(t, "APPLICATION_ID", COL_INTEGER, 0, 0, NULL);
	add_col(t, "KEY_TYPE", COL_VARCHAR, 512, 0, NULL);
	add_col(t, "UUID", COL_VARCHAR, 100, 1, NULL);
	add_col(t, "KEY_MANAGER", COL_VARCHAR, 100, 0, NULL);

	t = catalog_add_table(cat, "AM_GW_PUBLISHED_API_DETAILS");
	add_col(t, "API_ID", COL_VARCHAR, 255, 0, NULL);
	add_key(t, KEY_PRIMARY, NULL, "API_ID", NULL, NULL);

	t = catalog_add_table(cat, "AM_GW_API_ARTIFACTS");
	add_col(t, "API_ID", COL_VARCHAR, 255, 0, NULL);
	add_col(t, "GATEWAY_LABEL", COL_VARCHAR, 255, 0, NULL);
	add_col(t, "GATEWAY_INSTRUCTION", COL_VARCHAR, 20, 1, NULL);
	add_col(t, "TIME_STAMP", COL_TIMESTAMP, 0, 0, "CURRENT_TIMESTAMP");
	add_key(t, KEY_PRIMARY, NULL, "GATEWAY_LABEL, API_ID", NULL, NULL);
	add_key(t, KEY_FOREIGN, NULL, "API_ID", "AM_GW_PUBLISHED_API_DETAILS", "API_ID");
	add_key(t, KEY_INDEX, NULL, "GATEWAY_INSTRUCTION", NULL, NULL);
	if (mysql)
		add_key(t, KEY_INDEX, NULL, "API_ID", NULL, NULL);   /* InnoDB's own */
	else
		table_add_trigger(t, "TIME_STAMP");
	return cat;
}

/* Renders d; returns the statements joined by "\n;\n" (a new string), or
 * NULL with the error in *err (a new string) when it fails. */
static char *run_render(const struct delta *d, const struct dialect *dia, const struct catalog *cat,
			const struct catalog *exp, enum render_mode mode, int major, char **errmsg)
{
	struct render_opts ro = { .mode = mode, .server_major = major };
	struct stmt_list out = STMT_LIST_INIT;
	struct strbuf err = STRBUF_INIT, sb = STRBUF_INIT;
	char *res = NULL;

	if (errmsg)
		*errmsg = NULL;
	if (render_delta(d, dia, cat, exp, &ro, &out, &err)) {
		assert_int_equal(out.n, 0);   /* nothing half-rendered */
		if (errmsg)
			*errmsg = strbuf_detach(&err);
		goto out;
	}
	assert_int_equal(err.len, 0);
	for (size_t i = 0; i < out.n; i++)
		strbuf_addf(&sb, "%s%s", i ? "\n;\n" : "", out.items[i]);
	res = strbuf_detach(&sb);
out:
	stmt_list_release(&out);
	strbuf_release(&err);
	strbuf_release(&sb);
	return res;
}

static char *live(const struct delta *d, const struct dialect *dia, const struct catalog *cat,
		  const struct catalog *exp)
{
	char *err = NULL, *sql = run_render(d, dia, cat, exp, RENDER_LIVE, 0, &err);

	if (!sql)
		fail_msg("render %s for %s failed: %s", d->id, dia->name, err);
	return sql;
}

static char *offline(const struct delta *d, const struct dialect *dia, const struct catalog *cat,
		     const struct catalog *exp)
{
	char *err = NULL, *sql = run_render(d, dia, cat, exp, RENDER_OFFLINE, 0, &err);

	if (!sql)
		fail_msg("render %s for %s failed: %s", d->id, dia->name, err);
	return sql;
}

static void expect_eq(char *got, const char *want)
{
	if (strcmp(got, want))
		fail_msg("rendered:\n%s\nexpected:\n%s", got, want);
	free(got);
}

static void expect_has(const char *got, const char *want)
{
	if (!strstr(got, want))
		fail_msg("\"%s\" not in:\n%s", want, got);
}

static int count(const char *s, const char *what)
{
	int n = 0;

	for (const char *p = s; (p = strstr(p, what)) != NULL; p += strlen(what))
		n++;
	return n;
}

static int setup(void **state)
{
	(void)state;
	PG = dialect_get(DIALECT_POSTGRESQL);
	MY = dialect_get(DIALECT_MYSQL);
	return 0;
}

static void test_create_table(void **state)
{
	struct catalog *pg = pg_live(), *my = my_live(), *epg = expected(0), *emy = expected(1);
	struct delta *d = mk("am-gw-api-artifacts", DOP_CREATE_TABLE, "AM_GW_API_ARTIFACTS", NULL,
			     NULL, NULL);
	char *sql;
	(void)state;

	sql = live(d, PG, pg, epg);
	expect_has(sql, "CREATE TABLE AM_GW_API_ARTIFACTS (\n    API_ID VARCHAR(255) NOT NULL,");
	expect_has(sql, "    FOREIGN KEY (API_ID) REFERENCES AM_GW_PUBLISHED_API_DETAILS (API_ID)\n)\n;\n"
		   "CREATE INDEX IDX_AM_GW_API_ARTIFACTS_1 ON AM_GW_API_ARTIFACTS (GATEWAY_INSTRUCTION)");
	assert_null(strstr(sql, "CREATE TRIGGER"));   /* the trigger is a delta of its own */
	assert_int_equal(sql[strlen(sql) - 1], ')');   /* no terminator */
	free(sql);

	/* MySQL: ON UPDATE keeps TIME_STAMP current; InnoDB makes the foreign
	 * key's index itself, the other index is created. */
	sql = live(d, MY, my, emy);
	expect_has(sql, "TIME_STAMP TIMESTAMP DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP NOT NULL");
	expect_has(sql, ") ENGINE=InnoDB\n;\nCREATE INDEX IDX_AM_GW_API_ARTIFACTS_1 ON AM_GW_API_ARTIFACTS "
		   "(GATEWAY_INSTRUCTION)");
	assert_int_equal(count(sql, "CREATE INDEX"), 1);
	free(sql);

	/* No shape: an error naming the delta. */
	{
		struct delta *x = mk("am-nothing", DOP_CREATE_TABLE, "AM_NOTHING", NULL, NULL, NULL);
		char *err;

		assert_null(run_render(x, PG, pg, epg, RENDER_LIVE, 0, &err));
		expect_has(err, "delta am-nothing (AM_NOTHING): no 3.2.0 shape of AM_NOTHING");
		free(err);
		delta_free(x);
	}
	delta_free(d);
	catalog_free(pg);
	catalog_free(my);
	catalog_free(epg);
	catalog_free(emy);
}

static void test_add_column(void **state)
{
	struct catalog *pg = pg_live(), *my = my_live(), *exp = expected(0);
	struct delta *td = mk("am-system-apps-tenant-domain", DOP_ADD_COLUMN, "AM_SYSTEM_APPS",
			      "TENANT_DOMAIN", NULL, NULL);
	struct delta *km = mk("am-app-key-mapping-key-manager", DOP_ADD_COLUMN,
			      "AM_APPLICATION_KEY_MAPPING", "KEY_MANAGER", NULL, NULL);
	char *err;
	(void)state;

	/* PostgreSQL: the live table name, written as the guide writes it */
	expect_eq(live(td, PG, pg, exp),
		  "ALTER TABLE AM_SYSTEM_APPS ADD COLUMN TENANT_DOMAIN VARCHAR(255) DEFAULT 'carbon.super'");
	expect_eq(live(td, MY, my, exp),
		  "ALTER TABLE AM_SYSTEM_APPS ADD COLUMN TENANT_DOMAIN VARCHAR(255) DEFAULT 'carbon.super'");
	/* SQL Server leaves the rows that exist NULL without WITH VALUES;
	 * Oracle's ADD takes parentheses */
	expect_eq(offline(td, dialect_get(DIALECT_MSSQL), my, exp),
		  "ALTER TABLE AM_SYSTEM_APPS ADD TENANT_DOMAIN VARCHAR(255) DEFAULT 'carbon.super' WITH VALUES");
	expect_eq(offline(td, dialect_get(DIALECT_ORACLE), my, exp),
		  "ALTER TABLE AM_SYSTEM_APPS ADD (TENANT_DOMAIN VARCHAR2(255) DEFAULT 'carbon.super')");

	/* NOT NULL without a default: the rows that exist need the fill */
	assert_null(run_render(km, PG, pg, exp, RENDER_LIVE, 0, &err));
	expect_has(err, "NOT NULL without a default");
	free(err);
	km->fill = xstrdup("'Resident Key Manager'");
	expect_eq(live(km, PG, pg, exp),
		  "ALTER TABLE AM_APPLICATION_KEY_MAPPING ADD COLUMN KEY_MANAGER VARCHAR(100) "
		  "DEFAULT 'Resident Key Manager' NOT NULL");
	expect_eq(live(km, MY, my, exp),
		  "ALTER TABLE AM_APPLICATION_KEY_MAPPING ADD COLUMN KEY_MANAGER VARCHAR(100) "
		  "DEFAULT 'Resident Key Manager' NOT NULL");
	delta_free(td);
	delta_free(km);
	catalog_free(pg);
	catalog_free(my);
	catalog_free(exp);
}

static void test_drop_unique_by_name(void **state)
{
	struct catalog *pg = pg_live(), *my = my_live(), *exp = expected(0);
	struct delta *d = mk("am-system-apps-name-unique-drop", DOP_DROP_UNIQUE, "AM_SYSTEM_APPS",
			     NULL, "NAME", NULL);
	struct table *t = catalog_table(pg, "AM_SYSTEM_APPS");
	char *err, *sql;
	(void)state;

	/* the name the live catalog holds, never one made up */
	expect_eq(live(d, PG, pg, exp),
		  "ALTER TABLE AM_SYSTEM_APPS DROP CONSTRAINT AM_SYSTEM_APPS_NAME_KEY");
	expect_eq(live(d, MY, my, exp), "ALTER TABLE AM_SYSTEM_APPS DROP INDEX NAME");

	/* a second unique key over the same column, a bare unique index with a
	 * mixed-case name: both go, the index with DROP INDEX, quoted */
	add_key(t, KEY_UNIQUE, "Name_Idx", "name", NULL, NULL)->bare_index = 1;
	expect_eq(live(d, PG, pg, exp),
		  "ALTER TABLE AM_SYSTEM_APPS DROP CONSTRAINT AM_SYSTEM_APPS_NAME_KEY\n;\n"
		  "DROP INDEX \"Name_Idx\"");

	/* a key whose name the catalog does not hold: refused, no guess */
	free(t->keys[1].name);
	t->keys[1].name = NULL;
	assert_null(run_render(d, PG, pg, exp, RENDER_LIVE, 0, &err));
	expect_has(err, "delta am-system-apps-name-unique-drop (AM_SYSTEM_APPS): the catalog holds no "
		   "name for the unique key");
	expect_has(err, "refusing to guess");
	free(err);

	/* nothing over those columns: nothing to do */
	{
		struct delta *x = mk("x", DOP_DROP_UNIQUE, "AM_SYSTEM_APPS", NULL, "ID, NAME", NULL);

		sql = live(x, PG, pg, exp);
		assert_string_equal(sql, "");
		free(sql);
		delta_free(x);
	}
	delta_free(d);
	catalog_free(pg);
	catalog_free(my);
	catalog_free(exp);
}

static void test_drop_unique_innodb(void **state)
{
	struct catalog *my = my_live(), *exp = expected(1);
	struct delta *drop = mk("am-app-registration-unique-drop", DOP_DROP_UNIQUE,
				"AM_APPLICATION_REGISTRATION", NULL, "SUBSCRIBER_ID,APP_ID,TOKEN_TYPE", NULL);
	struct delta *add = mk("am-app-registration-unique", DOP_ADD_UNIQUE,
			       "AM_APPLICATION_REGISTRATION", NULL,
			       "SUBSCRIBER_ID,APP_ID,TOKEN_TYPE,KEY_MANAGER", NULL);
	char *err;
	(void)state;

	/* the old key is the only index of the SUBSCRIBER_ID foreign key */
	assert_null(run_render(drop, MY, my, exp, RENDER_LIVE, 0, &err));
	expect_has(err, "only index of the foreign key (SUBSCRIBER_ID)");
	free(err);
	/* once the new key (same first column) exists, it can go */
	expect_eq(live(add, MY, my, exp),
		  "ALTER TABLE AM_APPLICATION_REGISTRATION ADD UNIQUE (SUBSCRIBER_ID, APP_ID, TOKEN_TYPE, KEY_MANAGER)");
	delta_apply_symbolic(add, my, exp);
	expect_eq(live(drop, MY, my, exp), "ALTER TABLE AM_APPLICATION_REGISTRATION DROP INDEX SUBSCRIBER_ID");
	delta_free(drop);
	delta_free(add);
	catalog_free(my);
	catalog_free(exp);
}

static void test_drop_unique_offline(void **state)
{
	struct catalog *cat = expected(0), *exp = expected(0);
	struct delta *d = mk("am-system-apps-name-unique-drop", DOP_DROP_UNIQUE, "AM_SYSTEM_APPS",
			     NULL, "NAME", NULL);
	char *sql;
	(void)state;

	/* an expected catalog: keys have no names */
	add_key(catalog_table(cat, "AM_SYSTEM_APPS"), KEY_UNIQUE, NULL, "NAME", NULL, NULL);

	sql = offline(d, PG, cat, exp);
	expect_has(sql, "DO $$\n");
	expect_has(sql, "WHERE con.conrelid = 'AM_SYSTEM_APPS'::regclass AND con.contype = 'u'\n"
		   "        AND cardinality(con.conkey) = 1\n");
	expect_has(sql, "@> ARRAY['NAME']");
	expect_has(sql, "EXECUTE format('DROP INDEX %s', r.idx);");
	assert_int_equal(count(sql, "\n;\n"), 0);   /* one statement */
	free(sql);

	sql = offline(d, MY, cat, exp);
	expect_has(sql, "SET @amdelta_sql = COALESCE((SELECT CONCAT('ALTER TABLE `AM_SYSTEM_APPS` ',");
	expect_has(sql, "HAVING COUNT(*) = 1 AND SUM(UPPER(COLUMN_NAME) IN ('NAME')) = 1) s),\n    'DO 0')");
	expect_has(sql, "\n;\nPREPARE amdelta_stmt FROM @amdelta_sql\n;\nEXECUTE amdelta_stmt\n;\n"
		   "DEALLOCATE PREPARE amdelta_stmt");
	free(sql);

	/* the others, whatever the mode: the server's catalog, by columns */
	sql = offline(d, dialect_get(DIALECT_MSSQL), cat, exp);
	expect_has(sql, "OBJECT_ID(N'AM_SYSTEM_APPS')");
	expect_has(sql, "UPPER(c.name) IN (N'NAME')) = 1;");
	free(sql);
	sql = offline(d, dialect_get(DIALECT_ORACLE), cat, exp);
	expect_has(sql, "c.TABLE_NAME = 'AM_SYSTEM_APPS' AND c.CONSTRAINT_TYPE = 'U'");
	expect_has(sql, "END;");
	free(sql);
	sql = live(d, dialect_get(DIALECT_DB2), cat, exp);
	expect_has(sql, "tc.TABNAME = 'AM_SYSTEM_APPS' AND tc.TYPE = 'U'");
	free(sql);
	sql = offline(d, dialect_get(DIALECT_H2), cat, exp);
	expect_has(sql, "CREATE ALIAS IF NOT EXISTS AMDELTA_DROP_UNIQUE AS $$");
	expect_has(sql, "CALL AMDELTA_DROP_UNIQUE('AM_SYSTEM_APPS', 'NAME')\n;\nDROP ALIAS IF EXISTS AMDELTA_DROP_UNIQUE");
	free(sql);
	delta_free(d);
	catalog_free(cat);
	catalog_free(exp);
}

static void test_drop_primary_key(void **state)
{
	struct catalog *pg = pg_live(), *my = my_live(), *exp = expected(0);
	struct delta *d = mk("am-app-key-mapping-pk-drop", DOP_DROP_PRIMARY_KEY,
			     "AM_APPLICATION_KEY_MAPPING", NULL, "APPLICATION_ID,KEY_TYPE", NULL);
	struct delta *u = mk("am-app-key-mapping-unique", DOP_ADD_UNIQUE, "AM_APPLICATION_KEY_MAPPING",
			     NULL, "APPLICATION_ID,KEY_TYPE,KEY_MANAGER", NULL);
	char *err, *sql;
	(void)state;

	expect_eq(live(d, PG, pg, exp),
		  "ALTER TABLE AM_APPLICATION_KEY_MAPPING DROP CONSTRAINT AM_APPLICATION_KEY_MAPPING_PKEY");
	/* MySQL: no name needed, but InnoDB needs an index for APPLICATION_ID */
	assert_null(run_render(d, MY, my, exp, RENDER_LIVE, 0, &err));
	expect_has(err, "foreign key (APPLICATION_ID)");
	free(err);
	delta_apply_symbolic(u, my, exp);
	expect_eq(live(d, MY, my, exp), "ALTER TABLE AM_APPLICATION_KEY_MAPPING DROP PRIMARY KEY");

	/* offline PostgreSQL: a DO block over pg_constraint, by columns */
	sql = offline(d, PG, exp, exp);
	assert_string_equal(sql, "");   /* the expected table has no primary key: nothing */
	free(sql);
	add_key(catalog_table(exp, "AM_APPLICATION_KEY_MAPPING"), KEY_PRIMARY, NULL,
		"APPLICATION_ID,KEY_TYPE", NULL, NULL);
	sql = offline(d, PG, exp, exp);
	expect_has(sql, "con.conrelid = 'AM_APPLICATION_KEY_MAPPING'::regclass AND con.contype = 'p'");
	expect_has(sql, "@> ARRAY['APPLICATION_ID', 'KEY_TYPE']");
	free(sql);

	/* a live PostgreSQL primary key without a name: refused */
	free(table_primary_key(catalog_table(pg, "AM_APPLICATION_KEY_MAPPING"))->name);
	table_primary_key(catalog_table(pg, "AM_APPLICATION_KEY_MAPPING"))->name = NULL;
	assert_null(run_render(d, PG, pg, exp, RENDER_LIVE, 0, &err));
	expect_has(err, "refusing to guess");
	free(err);
	delta_free(d);
	delta_free(u);
	catalog_free(pg);
	catalog_free(my);
	catalog_free(exp);
}

static void test_set_primary_key(void **state)
{
	struct catalog *pg = pg_live(), *my = my_live(), *exp = expected(0);
	struct delta *d = mk("apilastaccesssummary-pk", DOP_SET_PRIMARY_KEY, "APILASTACCESSSUMMARY",
			     NULL, "APINAME,APICREATOR,APIVERSION,APICREATORTENANTDOMAIN",
			     "APINAME,APICREATOR,APICREATORTENANTDOMAIN");
	struct delta *drop = mk("apilastaccesssummary-pk-drop", DOP_DROP_PRIMARY_KEY,
				"APILASTACCESSSUMMARY", NULL, "APINAME,APICREATOR,APICREATORTENANTDOMAIN",
				NULL);
	char *err;
	(void)state;

	/* the old key is dropped by its name, then the new one added */
	expect_eq(live(d, PG, pg, exp),
		  "ALTER TABLE APILASTACCESSSUMMARY DROP CONSTRAINT APILASTACCESSSUMMARY_PKEY\n;\n"
		  "ALTER TABLE APILASTACCESSSUMMARY ADD PRIMARY KEY (APINAME, APICREATOR, APIVERSION, "
		  "APICREATORTENANTDOMAIN)");
	/* MySQL: the mixed-case table Siddhi made, as found */
	expect_eq(live(d, MY, my, exp),
		  "ALTER TABLE ApiLastAccessSummary DROP PRIMARY KEY\n;\n"
		  "ALTER TABLE ApiLastAccessSummary ADD PRIMARY KEY (apiName, apiCreator, apiVersion, "
		  "apiCreatorTenantDomain)");
	/* after the drop step: only the new key */
	delta_apply_symbolic(drop, my, exp);
	expect_eq(live(d, MY, my, exp),
		  "ALTER TABLE ApiLastAccessSummary ADD PRIMARY KEY (apiName, apiCreator, apiVersion, "
		  "apiCreatorTenantDomain)");
	/* SQL Server, DB2, H2 make the new key's columns NOT NULL first */
	expect_eq(offline(d, dialect_get(DIALECT_MSSQL), my, exp),
		  "ALTER TABLE ApiLastAccessSummary ALTER COLUMN apiVersion VARCHAR(254) NOT NULL\n;\n"
		  "ALTER TABLE ApiLastAccessSummary ADD PRIMARY KEY (apiName, apiCreator, apiVersion, "
		  "apiCreatorTenantDomain)");
	expect_eq(offline(d, dialect_get(DIALECT_DB2), my, exp),
		  "ALTER TABLE ApiLastAccessSummary ALTER COLUMN apiVersion SET NOT NULL\n;\n"
		  "CALL SYSPROC.ADMIN_CMD('REORG TABLE ApiLastAccessSummary')\n;\n"
		  "ALTER TABLE ApiLastAccessSummary ADD PRIMARY KEY (apiName, apiCreator, apiVersion, "
		  "apiCreatorTenantDomain)");
	/* a key that is neither the old nor the new one: refused */
	{
		struct table *t = catalog_table(pg, "APILASTACCESSSUMMARY");

		table_remove_key(t, table_primary_key(t));
		add_key(t, KEY_PRIMARY, "other_pkey", "apiname", NULL, NULL);
		assert_null(run_render(d, PG, pg, exp, RENDER_LIVE, 0, &err));
		expect_has(err, "neither the 3.0.0 nor the 3.2.0 one");
		free(err);
	}
	delta_free(d);
	delta_free(drop);
	catalog_free(pg);
	catalog_free(my);
	catalog_free(exp);
}

static void test_add_unique_and_trigger(void **state)
{
	struct catalog *pg = pg_live(), *exp = expected(0);
	struct delta *u = mk("am-app-key-mapping-unique", DOP_ADD_UNIQUE, "AM_APPLICATION_KEY_MAPPING",
			     NULL, "APPLICATION_ID,KEY_TYPE,KEY_MANAGER", NULL);
	struct delta *t = mk("am-gw-api-artifacts-trigger", DOP_ADD_TRIGGER, "AM_GW_API_ARTIFACTS",
			     NULL, NULL, NULL);
	char *err;
	(void)state;

	/* live lower-case columns written in upper case; KEY_MANAGER is not
	 * in the live table yet (an earlier step adds it) */
	expect_eq(live(u, PG, pg, exp),
		  "ALTER TABLE AM_APPLICATION_KEY_MAPPING ADD UNIQUE (APPLICATION_ID, KEY_TYPE, KEY_MANAGER)");

	t->trigger = xstrdup("TIME_STAMP");
	t->sql = calloc(2, sizeof(*t->sql));
	t->nsql = 2;
	t->sql[0].dialects = 1u << DIALECT_POSTGRESQL;
	t->sql[0].text = xstrdup("CREATE FUNCTION f() RETURNS TRIGGER AS $$ BEGIN RETURN NEW; END; $$ LANGUAGE plpgsql");
	t->sql[1].dialects = 1u << DIALECT_POSTGRESQL | 1u << DIALECT_ORACLE;
	t->sql[1].text = xstrdup("CREATE TRIGGER TIME_STAMP");
	expect_eq(live(t, PG, pg, exp),
		  "CREATE FUNCTION f() RETURNS TRIGGER AS $$ BEGIN RETURN NEW; END; $$ LANGUAGE plpgsql\n;\n"
		  "CREATE TRIGGER TIME_STAMP");
	expect_eq(offline(t, dialect_get(DIALECT_ORACLE), pg, exp), "CREATE TRIGGER TIME_STAMP");
	assert_null(run_render(t, MY, pg, exp, RENDER_LIVE, 0, &err));
	expect_has(err, "holds no <sql> for mysql");
	free(err);
	delta_free(u);
	delta_free(t);
	catalog_free(pg);
	catalog_free(exp);
}

static void test_data_fix_and_skips(void **state)
{
	struct catalog *pg = pg_live(), *my = my_live(), *exp = expected(0);
	struct delta *uuid = mk("am-app-key-mapping-uuid-fill", DOP_DATA_FIX, "AM_APPLICATION_KEY_MAPPING",
				"UUID", NULL, NULL);
	struct delta *cb = mk("callback", DOP_DATA_FIX, "IDN_OAUTH_CONSUMER_APPS", "CALLBACK_URL",
			      NULL, NULL);
	struct delta *idn = mk("sp-app-uuid", DOP_ADD_COLUMN, "SP_APP", "UUID", NULL, NULL);
	struct delta *reg = mk("reg-versioning-cleanup", DOP_DATA_FIX, "REG_RESOURCE_PROPERTY",
			       "REG_VERSION", NULL, NULL);
	char *err;
	(void)state;

	uuid->fill = xstrdup("uuid");
	cb->fill = xstrdup("''");
	expect_eq(live(uuid, PG, pg, exp),
		  "UPDATE AM_APPLICATION_KEY_MAPPING SET UUID = gen_random_uuid()::text WHERE UUID IS NULL");
	/* PostgreSQL 12 has no gen_random_uuid() without pgcrypto */
	{
		char *sql = run_render(uuid, PG, pg, exp, RENDER_LIVE, 12, NULL);

		expect_has(sql, "SET UUID = md5(random()::text || clock_timestamp()::text || ctid::text)::uuid::text");
		free(sql);
	}
	expect_eq(live(uuid, MY, my, exp),
		  "UPDATE AM_APPLICATION_KEY_MAPPING SET UUID = UUID() WHERE UUID IS NULL");
	expect_eq(offline(uuid, dialect_get(DIALECT_MSSQL), my, exp),
		  "UPDATE AM_APPLICATION_KEY_MAPPING SET UUID = CONVERT(VARCHAR(36), NEWID()) WHERE UUID IS NULL");
	expect_eq(live(cb, PG, pg, exp),
		  "UPDATE IDN_OAUTH_CONSUMER_APPS SET CALLBACK_URL = '' WHERE CALLBACK_URL IS NULL");

	/* identity deltas and the registry clean-up are never rendered */
	idn->component = COMP_IDENTITY;
	assert_non_null(render_skip_reason(idn, NULL));
	assert_null(run_render(idn, PG, pg, exp, RENDER_LIVE, 0, &err));
	expect_has(err, "not planned: made by WSO2's identity migration client");
	free(err);
	reg->conditional = 1;
	assert_non_null(render_skip_reason(reg, NULL));
	assert_null(run_render(reg, PG, pg, exp, RENDER_LIVE, 0, &err));
	expect_has(err, "registry versioning");
	free(err);
	assert_null(render_skip_reason(uuid, NULL));
	/* with the clean-up asked for, its own statements, for the dialect */
	{
		struct render_opts ro = { .mode = RENDER_LIVE, .registry_cleanup = 1 };
		struct stmt_list out = STMT_LIST_INIT;
		struct strbuf e = STRBUF_INIT;

		assert_null(render_skip_reason(reg, &ro));
		reg->sql = xcalloc(2, sizeof(*reg->sql));
		reg->nsql = 2;
		reg->sql[0].dialects = 1u << DIALECT_MYSQL;
		reg->sql[0].text = xstrdup("DELETE FROM A");
		reg->sql[1].dialects = (1u << DIALECT_POSTGRESQL) | (1u << DIALECT_MYSQL);
		reg->sql[1].text = xstrdup("DELETE FROM B");
		assert_int_equal(render_delta(reg, PG, pg, exp, &ro, &out, &e), 0);
		assert_int_equal(out.n, 1);
		assert_string_equal(out.items[0], "DELETE FROM B");
		stmt_list_release(&out);
		assert_int_equal(render_delta(reg, MY, my, exp, &ro, &out, &e), 0);
		assert_int_equal(out.n, 2);
		stmt_list_release(&out);
		assert_int_equal(render_delta(reg, dialect_get(DIALECT_H2), my, exp, &ro, &out, &e), -1);
		expect_has(e.buf, "holds no <sql> for h2");
		strbuf_release(&e);
	}
	delta_free(uuid);
	delta_free(cb);
	delta_free(idn);
	delta_free(reg);
	catalog_free(pg);
	catalog_free(my);
	catalog_free(exp);
}

/* Renders d with --component identity for dia (server major 16); the
 * statements joined by "\n;\n", or NULL with *errmsg. */
static char *identity_render(const struct delta *d, const struct dialect *dia,
			     const struct catalog *cat, const struct catalog *exp, char **errmsg)
{
	struct render_opts ro = { .mode = RENDER_LIVE, .server_major = 16, .with_identity = 1 };
	struct stmt_list out = STMT_LIST_INIT;
	struct strbuf err = STRBUF_INIT, sb = STRBUF_INIT;
	char *res = NULL;

	*errmsg = NULL;
	if (render_delta(d, dia, cat, exp, &ro, &out, &err))
		*errmsg = strbuf_detach(&err);
	else
		for (size_t i = 0; i < out.n; i++)
			strbuf_addf(&sb, "%s%s", i ? "\n;\n" : "", out.items[i]);
	if (!*errmsg)
		res = strbuf_detach(&sb);
	stmt_list_release(&out);
	strbuf_release(&err);
	strbuf_release(&sb);
	return res;
}

/* --component identity: the deltas of ScopeDataMigrator, step1/um and
 * step2/um are rendered, step1/identity's are not (with its reason); the
 * UUID of UM_USER_ID is added NULL allowed where a data fix fills it, made
 * NOT NULL by the alter-column, and given as it is added on PostgreSQL. */
static void test_identity(void **state)
{
	struct render_opts with = { .mode = RENDER_LIVE, .with_identity = 1 };
	struct catalog *exp = catalog_new(), *my = catalog_new(), *pg = catalog_new();
	struct delta *s1 = mk("idn-x", DOP_ADD_COLUMN, "SP_APP", "UUID", NULL, NULL);
	struct delta *add = mk("um-user-user-id", DOP_ADD_COLUMN, "UM_USER", "UM_USER_ID", NULL, NULL);
	struct delta *nn = mk("um-user-user-id-not-null", DOP_ALTER_COLUMN, "UM_USER", "UM_USER_ID",
			      NULL, NULL);
	struct delta *idx = mk("um-uuid-domain-mapper-idx", DOP_ADD_INDEX, "UM_UUID_DOMAIN_MAPPER", NULL,
			       "UM_USER_ID,UM_TENANT_ID", NULL);
	struct table *t;
	const char *why;
	char *sql, *err;
	(void)state;

	t = catalog_add_table(exp, "UM_USER");
	add_col(t, "UM_ID", COL_INTEGER, 0, 0, NULL);
	add_col(t, "UM_USER_ID", COL_VARCHAR, 255, 0, NULL);
	add_col(t, "UM_TENANT_ID", COL_INTEGER, 0, 0, NULL);
	t = catalog_add_table(exp, "UM_UUID_DOMAIN_MAPPER");
	add_col(t, "UM_USER_ID", COL_VARCHAR, 255, 0, NULL);
	add_col(t, "UM_TENANT_ID", COL_INTEGER, 0, 1, NULL);
	add_key(t, KEY_INDEX, "UUID_DM_UID_TID", "UM_USER_ID,UM_TENANT_ID", NULL, NULL);
	t = catalog_add_table(my, "UM_USER");
	add_col(t, "UM_ID", COL_INTEGER, 0, 0, NULL);
	add_col(t, "UM_TENANT_ID", COL_INTEGER, 0, 0, NULL);
	t = catalog_add_table(my, "UM_UUID_DOMAIN_MAPPER");
	add_col(t, "UM_USER_ID", COL_VARCHAR, 255, 0, NULL);
	add_col(t, "UM_TENANT_ID", COL_INTEGER, 0, 1, NULL);
	t = catalog_add_table(pg, "um_user");
	add_col(t, "um_id", COL_INTEGER, 0, 0, NULL);
	add_col(t, "um_user_id", COL_VARCHAR, 255, 1, NULL);

	s1->component = add->component = nn->component = idx->component = COMP_IDENTITY;
	s1->migrator = MIG_STEP1_IDENTITY;
	add->migrator = nn->migrator = MIG_STEP2_UM;
	idx->migrator = MIG_STEP1_UM;
	add->fill = xstrdup("uuid");
	nn->fill = xstrdup("uuid");

	/* without the option: none; with it: all but step1/identity */
	assert_non_null(render_skip_reason(add, NULL));
	assert_null(render_skip_reason(add, &with));
	assert_null(render_skip_reason(idx, &with));
	assert_true(render_finishes_migrator(MIG_SCOPE_DATA));
	assert_false(render_finishes_migrator(MIG_STEP1_IDENTITY));
	assert_non_null(why = render_skip_reason(s1, &with));
	expect_has(why, "step1/identity is not finished by amdelta");
	expect_has(why, "amdelta client-config");
	assert_null(identity_render(s1, MY, my, exp, &err));
	expect_has(err, "not planned: SchemaMigrator step1/identity");
	free(err);

	/* MySQL: added NULL allowed, NOT NULL after the fill, the index */
	sql = identity_render(add, MY, my, exp, &err);
	assert_non_null(sql);
	expect_eq(sql, "ALTER TABLE UM_USER ADD COLUMN UM_USER_ID VARCHAR(255)");
	delta_apply_symbolic(add, my, exp);
	assert_true(table_column(catalog_table(my, "UM_USER"), "UM_USER_ID")->nullable);
	sql = identity_render(nn, MY, my, exp, &err);
	assert_non_null(sql);
	expect_eq(sql, "ALTER TABLE UM_USER MODIFY COLUMN UM_USER_ID VARCHAR(255) NOT NULL");
	sql = identity_render(idx, MY, my, exp, &err);
	assert_non_null(sql);
	expect_has(sql, "CREATE INDEX ");
	expect_has(sql, " ON UM_UUID_DOMAIN_MAPPER (UM_USER_ID, UM_TENANT_ID)");
	free(sql);
	/* ... and nothing else: NOT NULL on a NOT NULL column is an error */
	delta_apply_symbolic(nn, my, exp);
	assert_null(identity_render(nn, MY, my, exp, &err));
	expect_has(err, "only NULL allowed to NOT NULL");
	free(err);

	/* PostgreSQL 13 and later: every row its UUID as the column is added */
	catalog_free(pg);
	pg = catalog_new();
	t = catalog_add_table(pg, "um_user");
	add_col(t, "um_id", COL_INTEGER, 0, 0, NULL);
	sql = identity_render(add, PG, pg, exp, &err);
	assert_non_null(sql);
	expect_has(sql, "UM_USER_ID VARCHAR(255) DEFAULT gen_random_uuid()::text NOT NULL");
	expect_has(sql, "ALTER COLUMN UM_USER_ID DROP DEFAULT");
	free(sql);

	delta_free(s1);
	delta_free(add);
	delta_free(nn);
	delta_free(idx);
	catalog_free(exp);
	catalog_free(my);
	catalog_free(pg);
}

/* The key a fill runs in batches by: the primary key's first column when it
 * is an integer NOT NULL, else a unique key's; none for a character key. */
static void test_batch_key(void **state)
{
	struct catalog *pg = pg_live(), *my = my_live();
	struct delta *uuid = mk("uuid", DOP_DATA_FIX, "AM_APPLICATION_KEY_MAPPING", "UUID", NULL, NULL);
	struct delta *sys = mk("sys", DOP_DATA_FIX, "AM_SYSTEM_APPS", "NAME", NULL, NULL);
	struct delta *an = mk("an", DOP_DATA_FIX, "APILASTACCESSSUMMARY", "APIVERSION", NULL, NULL);
	struct delta *cols = mk("cols", DOP_ADD_COLUMN, "AM_SYSTEM_APPS", "NAME", NULL, NULL);
	struct strbuf key = STRBUF_INIT, range = STRBUF_INIT;
	struct table *t;
	(void)state;

	uuid->fill = xstrdup("uuid");
	assert_int_equal(render_batch_key(uuid, PG, pg, NULL, &key, &range), 0);
	assert_string_equal(key.buf, "APPLICATION_ID");
	/* the first and the last key in key order (MariaDB computes MIN and MAX
	 * with such a WHERE by a scan of the table) */
	assert_string_equal(range.buf,
			    "SELECT (SELECT APPLICATION_ID FROM AM_APPLICATION_KEY_MAPPING WHERE UUID "
			    "IS NULL ORDER BY APPLICATION_ID LIMIT 1), (SELECT APPLICATION_ID FROM "
			    "AM_APPLICATION_KEY_MAPPING WHERE UUID IS NULL ORDER BY APPLICATION_ID DESC "
			    "LIMIT 1)");
	strbuf_reset(&key);
	strbuf_reset(&range);
	/* MySQL's Siddhi-made table: a character key, no batching */
	assert_int_equal(render_batch_key(an, MY, my, NULL, &key, &range), -1);
	assert_int_equal(render_batch_key(cols, MY, my, NULL, &key, &range), -1);
	/* no primary key any more (the guide drops it): a unique key's first column */
	t = catalog_table(my, "AM_APPLICATION_KEY_MAPPING");
	t->keys[0].kind = KEY_UNIQUE;
	assert_int_equal(render_batch_key(uuid, MY, my, NULL, &key, &range), 0);
	assert_string_equal(key.buf, "APPLICATION_ID");
	strbuf_reset(&key);
	strbuf_reset(&range);
	/* a key column that allows NULL would miss rows: none */
	table_column(t, "APPLICATION_ID")->nullable = 1;
	assert_int_equal(render_batch_key(uuid, MY, my, NULL, &key, &range), -1);
	/* PostgreSQL's lower-case names are written as the guide writes them */
	assert_int_equal(render_batch_key(sys, PG, pg, NULL, &key, &range), 0);
	assert_string_equal(key.buf, "ID");
	assert_string_equal(range.buf, "SELECT (SELECT ID FROM AM_SYSTEM_APPS WHERE NAME IS NULL ORDER "
			    "BY ID LIMIT 1), (SELECT ID FROM AM_SYSTEM_APPS WHERE NAME IS NULL ORDER BY "
			    "ID DESC LIMIT 1)");
	strbuf_reset(&range);
	strbuf_reset(&key);
	/* SQL Server has no LIMIT: MIN and MAX */
	assert_int_equal(render_batch_key(uuid, dialect_get(DIALECT_MSSQL), pg, NULL, &key, &range), 0);
	assert_non_null(strstr(range.buf, "SELECT MIN("));
	assert_non_null(strstr(range.buf, ", MAX("));
	strbuf_release(&key);
	strbuf_release(&range);
	delta_free(uuid);
	delta_free(sys);
	delta_free(an);
	delta_free(cols);
	catalog_free(pg);
	catalog_free(my);
}

/* Whether a fill has rows left, read up to the first: only for a fill of
 * a column that exists, where the dialect can stop at one row. */
static void test_fill_probe(void **state)
{
	struct catalog *pg = pg_live(), *my = my_live();
	struct delta *uuid = mk("uuid", DOP_DATA_FIX, "AM_APPLICATION_KEY_MAPPING", "UUID", NULL, NULL);
	struct delta *gone = mk("gone", DOP_DATA_FIX, "AM_APPLICATION_KEY_MAPPING", "NOPE", NULL, NULL);
	struct strbuf sb = STRBUF_INIT;
	(void)state;

	add_col(catalog_table(pg, "AM_APPLICATION_KEY_MAPPING"), "uuid", COL_VARCHAR, 100, 1, NULL);
	add_col(catalog_table(my, "AM_APPLICATION_KEY_MAPPING"), "UUID", COL_VARCHAR, 100, 1, NULL);
	/* no fill: a count (the registry clean-up) */
	assert_int_equal(render_fill_probe(uuid, PG, pg, &sb), -1);
	uuid->fill = xstrdup("uuid");
	gone->fill = xstrdup("''");
	assert_int_equal(render_fill_probe(uuid, PG, pg, &sb), 0);
	assert_string_equal(sb.buf, "SELECT COUNT(*) FROM (SELECT 1 FROM AM_APPLICATION_KEY_MAPPING "
			    "WHERE UUID IS NULL LIMIT 1) x");
	strbuf_reset(&sb);
	assert_int_equal(render_fill_probe(uuid, MY, my, &sb), 0);
	assert_string_equal(sb.buf, "SELECT COUNT(*) FROM (SELECT 1 FROM AM_APPLICATION_KEY_MAPPING "
			    "WHERE UUID IS NULL LIMIT 1) x");
	strbuf_reset(&sb);
	assert_int_equal(render_fill_probe(gone, MY, my, &sb), -1);
	assert_int_equal(render_fill_probe(uuid, dialect_get(DIALECT_MSSQL), pg, &sb), -1);
	uuid->conditional = 1;
	assert_int_equal(render_fill_probe(uuid, PG, pg, &sb), -1);
	assert_string_equal(sb.buf, "");
	strbuf_release(&sb);
	delta_free(uuid);
	delta_free(gone);
	catalog_free(pg);
	catalog_free(my);
}

static void test_script(void **state)
{
	static const char *const want[DIALECT_COUNT] = {
		[DIALECT_POSTGRESQL] = "SELECT 1;\n",
		[DIALECT_MYSQL] = "SELECT 1;\n",
		[DIALECT_MSSQL] = "SELECT 1;\nGO\n",
		[DIALECT_ORACLE] = "SELECT 1\n/\n",
		[DIALECT_DB2] = "SELECT 1\n/\n",
		[DIALECT_H2] = "SELECT 1;\n",
	};
	(void)state;

	for (int i = 0; i < DIALECT_COUNT; i++) {
		struct strbuf sb = STRBUF_INIT;

		render_script_statement(dialect_get((enum dialect_id)i), "SELECT 1", &sb);
		assert_string_equal(strbuf_str(&sb), want[i]);
		assert_non_null(render_script_usage(dialect_get((enum dialect_id)i)));
		strbuf_release(&sb);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_table),
		cmocka_unit_test(test_add_column),
		cmocka_unit_test(test_drop_unique_by_name),
		cmocka_unit_test(test_drop_unique_innodb),
		cmocka_unit_test(test_drop_unique_offline),
		cmocka_unit_test(test_drop_primary_key),
		cmocka_unit_test(test_set_primary_key),
		cmocka_unit_test(test_add_unique_and_trigger),
		cmocka_unit_test(test_data_fix_and_skips),
		cmocka_unit_test(test_identity),
		cmocka_unit_test(test_batch_key),
		cmocka_unit_test(test_fill_probe),
		cmocka_unit_test(test_script),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
