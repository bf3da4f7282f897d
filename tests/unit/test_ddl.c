/*
 * Unit tests of ddl: foreign-key order, cycles, index names, triggers, and
 * the whole output of every dialect against tests/ddl/<dialect>.sql.
 *
 * AMDELTA_UPDATE_GOLDEN=1 rewrites the golden files instead of comparing;
 * read the diff before committing them.
 */
#include "unit.h"

#include "catalog.h"
#include "ddl.h"
#include "dialect.h"

static void add_col(struct table *t, const char *name, enum col_type type, long size,
		    int nullable, const char *defval)
{
	struct column c = { .name = (char *)name, .type = type, .size = size,
			    .nullable = nullable, .defval = (char *)defval };

	table_add_column(t, &c);
}

static void add_autoinc(struct table *t, const char *name, enum col_type type)
{
	struct column c = { .name = (char *)name, .type = type, .autoinc = 1 };

	table_add_column(t, &c);
}

static void add_key(struct table *t, enum key_kind kind, const char *cols,
		    const char *ref_table, const char *ref_cols)
{
	size_t n = 0, nr = 0;
	char **c = catalog_cols_split(cols, &n);
	char **r = ref_cols ? catalog_cols_split(ref_cols, &nr) : NULL;

	table_add_key(t, kind, NULL, n, (const char *const *)c, ref_table, (const char *const *)r);
	catalog_cols_free(c, n);
	catalog_cols_free(r, nr);
}

/* A small WSO2-like schema: tables added in an order that is neither the
 * name order nor the foreign-key order. */
static struct catalog *sample_catalog(void)
{
	struct catalog *cat = catalog_new();
	struct table *t;
	struct column dec = { .name = "RATE", .type = COL_DECIMAL, .size = 10, .scale = 2,
			      .nullable = 1 };

	t = catalog_add_table(cat, "AM_SUBSCRIPTION");
	add_autoinc(t, "SUBSCRIPTION_ID", COL_INTEGER);
	add_col(t, "APPLICATION_ID", COL_INTEGER, 0, 1, NULL);
	add_col(t, "TIER_ID", COL_VARCHAR, 50, 1, NULL);
	add_col(t, "CREATED_TIME", COL_TIMESTAMP, 0, 1, "CURRENT_TIMESTAMP");
	add_col(t, "UUID", COL_VARCHAR, 256, 0, NULL);
	add_key(t, KEY_PRIMARY, "SUBSCRIPTION_ID", NULL, NULL);
	add_key(t, KEY_UNIQUE, "UUID", NULL, NULL);
	add_key(t, KEY_FOREIGN, "APPLICATION_ID", "AM_APPLICATION", "APPLICATION_ID");
	add_key(t, KEY_INDEX, "APPLICATION_ID, TIER_ID", NULL, NULL);

	t = catalog_add_table(cat, "AM_APPLICATION");
	add_autoinc(t, "APPLICATION_ID", COL_INTEGER);
	add_col(t, "NAME", COL_VARCHAR, 100, 1, NULL);
	add_col(t, "SUBSCRIBER_ID", COL_INTEGER, 0, 1, NULL);
	add_col(t, "TOKEN_TYPE", COL_VARCHAR, 10, 1, "'JWT'");
	add_col(t, "ENABLED", COL_BOOLEAN, 0, 0, "1");
	table_add_column(t, &dec);
	add_key(t, KEY_PRIMARY, "APPLICATION_ID", NULL, NULL);
	add_key(t, KEY_UNIQUE, "NAME, SUBSCRIBER_ID", NULL, NULL);
	add_key(t, KEY_UNIQUE, "APPLICATION_ID", NULL, NULL);   /* same as the primary key */
	add_key(t, KEY_FOREIGN, "SUBSCRIBER_ID", "AM_SUBSCRIBER", "SUBSCRIBER_ID");

	t = catalog_add_table(cat, "AM_SUBSCRIBER");
	add_autoinc(t, "SUBSCRIBER_ID", COL_INTEGER);
	add_col(t, "USER_ID", COL_VARCHAR, 255, 0, NULL);
	add_col(t, "TENANT_ID", COL_INTEGER, 0, 0, "-1");
	add_col(t, "EMAIL_ADDRESS", COL_VARCHAR, 256, 1, NULL);
	add_col(t, "DATE_SUBSCRIBED", COL_TIMESTAMP, 0, 0, NULL);
	add_key(t, KEY_PRIMARY, "SUBSCRIBER_ID", NULL, NULL);
	add_key(t, KEY_UNIQUE, "TENANT_ID, USER_ID", NULL, NULL);

	t = catalog_add_table(cat, "AM_GW_API_ARTIFACTS");
	add_col(t, "API_ID", COL_VARCHAR, 255, 0, NULL);
	add_col(t, "ARTIFACT", COL_BLOB, 0, 1, NULL);
	add_col(t, "GATEWAY_LABEL", COL_VARCHAR, 255, 0, NULL);
	add_col(t, "TIME_STAMP", COL_TIMESTAMP, 0, 0, "CURRENT_TIMESTAMP");
	add_key(t, KEY_PRIMARY, "GATEWAY_LABEL, API_ID", NULL, NULL);
	table_add_trigger(t, "TIME_STAMP");

	/* Two tables that reference each other, one of them itself too. */
	t = catalog_add_table(cat, "REG_RESOURCE");
	add_col(t, "REG_PATH_ID", COL_INTEGER, 0, 0, NULL);
	add_col(t, "REG_NAME", COL_VARCHAR, 256, 1, NULL);
	add_col(t, "REG_PARENT_ID", COL_INTEGER, 0, 1, NULL);
	add_col(t, "REG_TAG_ID", COL_BIGINT, 0, 1, NULL);
	add_col(t, "REG_CONTENT", COL_CLOB, 0, 1, NULL);
	add_col(t, "REG_TENANT_ID", COL_INTEGER, 0, 0, "0");
	add_key(t, KEY_PRIMARY, "REG_PATH_ID", NULL, NULL);
	add_key(t, KEY_FOREIGN, "REG_PARENT_ID", "REG_RESOURCE", "REG_PATH_ID");
	add_key(t, KEY_FOREIGN, "REG_TAG_ID", "REG_TAG", "REG_ID");
	add_key(t, KEY_INDEX, "REG_NAME, REG_TENANT_ID", NULL, NULL);
	add_key(t, KEY_INDEX, "REG_CONTENT", NULL, NULL);
	t = catalog_add_table(cat, "REG_TAG");
	add_autoinc(t, "REG_ID", COL_BIGINT);
	add_col(t, "REG_TAG_NAME", COL_VARCHAR, 500, 0, NULL);
	add_col(t, "REG_RESOURCE_ID", COL_INTEGER, 0, 1, NULL);
	add_key(t, KEY_PRIMARY, "REG_ID", NULL, NULL);
	add_key(t, KEY_FOREIGN, "REG_RESOURCE_ID", "REG_RESOURCE", "REG_PATH_ID");

	/* A long name: Oracle's index name must be cut to 30 characters. */
	t = catalog_add_table(cat, "IDN_OAUTH2_ACCESS_TOKEN_AUDIT");
	add_col(t, "TOKEN_ID", COL_VARCHAR, 255, 1, NULL);
	add_col(t, "ACCESS_TOKEN", COL_VARCHAR, 2048, 1, NULL);
	add_col(t, "TIME_CREATED", COL_TIMESTAMP, 0, 1, NULL);
	add_col(t, "VALIDITY_PERIOD", COL_BIGINT, 0, 1, NULL);
	add_col(t, "PKCE_MANDATORY", COL_CHAR, 1, 1, "'0'");
	add_key(t, KEY_INDEX, "TOKEN_ID", NULL, NULL);
	add_key(t, KEY_INDEX, "ACCESS_TOKEN", NULL, NULL);

	/* A Siddhi analytics table, mixed case as Siddhi declares it. */
	t = catalog_add_table(cat, "ApiLastAccessSummary");
	add_col(t, "apiName", COL_VARCHAR, 254, 0, NULL);
	add_col(t, "apiVersion", COL_VARCHAR, 254, 0, NULL);
	add_col(t, "lastAccessTime", COL_BIGINT, 0, 1, NULL);
	add_col(t, "isAdmin", COL_BOOLEAN, 0, 1, NULL);
	add_key(t, KEY_PRIMARY, "apiName, apiVersion", NULL, NULL);
	return cat;
}

static char *render(enum dialect_id id, const struct catalog *cat)
{
	struct strbuf sb = STRBUF_INIT;

	ddl_render(dialect_get(id), cat, &sb);
	return strbuf_detach(&sb);
}

static const char *find(const char *sql, const char *what)
{
	const char *p = strstr(sql, what);

	if (!p)
		fail_msg("\"%s\" not in:\n%s", what, sql);
	return p;
}

static void test_fk_order(void **state)
{
	struct catalog *cat = sample_catalog();
	(void)state;

	for (int d = 0; d < DIALECT_COUNT; d++) {
		char *sql = render((enum dialect_id)d, cat);

		/* Referenced tables first, otherwise by name. */
		assert_true(find(sql, "CREATE TABLE AM_SUBSCRIBER (") <
			    find(sql, "CREATE TABLE AM_APPLICATION ("));
		assert_true(find(sql, "CREATE TABLE AM_APPLICATION (") <
			    find(sql, "CREATE TABLE AM_SUBSCRIPTION ("));
		assert_true(find(sql, "CREATE TABLE AM_GW_API_ARTIFACTS (") <
			    find(sql, "CREATE TABLE AM_SUBSCRIBER ("));
		/* The cycle: REG_RESOURCE first, its key to REG_TAG later;
		 * its self-reference stays inline. */
		assert_true(find(sql, "CREATE TABLE REG_RESOURCE (") <
			    find(sql, "CREATE TABLE REG_TAG ("));
		find(sql, "    FOREIGN KEY (REG_PARENT_ID) REFERENCES REG_RESOURCE (REG_PATH_ID)\n");
		assert_true(find(sql, "CREATE TABLE REG_TAG (") <
			    find(sql, "ALTER TABLE REG_RESOURCE ADD FOREIGN KEY (REG_TAG_ID) REFERENCES REG_TAG (REG_ID);"));
		find(sql, "    FOREIGN KEY (REG_RESOURCE_ID) REFERENCES REG_RESOURCE (REG_PATH_ID)\n");
		/* The UNIQUE equal to the primary key is not repeated. */
		assert_null(strstr(sql, "UNIQUE (APPLICATION_ID)"));
		free(sql);
	}
	catalog_free(cat);
}

static void test_create_table(void **state)
{
	struct catalog *cat = sample_catalog();
	struct strbuf sb = STRBUF_INIT;
	(void)state;

	ddl_create_table(dialect_get(DIALECT_POSTGRESQL), catalog_table(cat, "AM_APPLICATION"), &sb);
	assert_string_equal(strbuf_str(&sb),
		"CREATE TABLE AM_APPLICATION (\n"
		"    APPLICATION_ID SERIAL NOT NULL,\n"
		"    NAME VARCHAR(100),\n"
		"    SUBSCRIBER_ID INTEGER,\n"
		"    TOKEN_TYPE VARCHAR(10) DEFAULT 'JWT',\n"
		"    ENABLED BOOLEAN DEFAULT TRUE NOT NULL,\n"
		"    RATE DECIMAL(10,2),\n"
		"    PRIMARY KEY (APPLICATION_ID),\n"
		"    UNIQUE (NAME, SUBSCRIBER_ID),\n"
		"    FOREIGN KEY (SUBSCRIBER_ID) REFERENCES AM_SUBSCRIBER (SUBSCRIBER_ID)\n"
		");\n");
	strbuf_reset(&sb);
	ddl_create_table(dialect_get(DIALECT_MYSQL), catalog_table(cat, "AM_GW_API_ARTIFACTS"), &sb);
	find(strbuf_str(&sb), "TIME_STAMP TIMESTAMP DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP NOT NULL,");
	find(strbuf_str(&sb), ") ENGINE=InnoDB;\n");
	strbuf_release(&sb);
	catalog_free(cat);
}

static void test_details(void **state)
{
	struct catalog *cat = sample_catalog();
	char *sql;
	(void)state;

	/* Oracle: index names within 30 characters, distinct, a PL/SQL trigger. */
	sql = render(DIALECT_ORACLE, cat);
	find(sql, "CREATE INDEX IDX_AM_SUBSCRIPTION_1 ON AM_SUBSCRIPTION (APPLICATION_ID, TIER_ID);");
	for (const char *p = sql; (p = strstr(p, "CREATE INDEX ")) != NULL; p++) {
		size_t n = strcspn(p + 13, " ");
		assert_true(n <= 30);
	}
	find(sql, "CREATE INDEX IDX_IDN_OAUTH2_ACCESS_");
	find(sql, "BEGIN\n    :NEW.TIME_STAMP := SYSTIMESTAMP;\nEND;\n/\n");
	free(sql);

	/* PostgreSQL: the function once, a BEFORE UPDATE trigger. */
	sql = render(DIALECT_POSTGRESQL, cat);
	find(sql, "CREATE OR REPLACE FUNCTION update_modified_column() RETURNS TRIGGER");
	find(sql, "CREATE TRIGGER TIME_STAMP BEFORE UPDATE ON AM_GW_API_ARTIFACTS FOR EACH ROW");
	find(sql, "CREATE TABLE ApiLastAccessSummary (");
	free(sql);

	/* MySQL: prefix on a long indexed string; the trigger is a comment. */
	sql = render(DIALECT_MYSQL, cat);
	find(sql, "ON IDN_OAUTH2_ACCESS_TOKEN_AUDIT (ACCESS_TOKEN(255));");
	find(sql, "ON REG_RESOURCE (REG_CONTENT(255));");
	find(sql, "-- trigger TIME_STAMP on AM_GW_API_ARTIFACTS");
	free(sql);

	/* DB2: columns of a UNIQUE constraint are NOT NULL. */
	sql = render(DIALECT_DB2, cat);
	find(sql, "    NAME VARCHAR(100) NOT NULL,\n");
	free(sql);

	/* Referential actions, where the dialect has them. */
	{
		struct table *t = catalog_table(cat, "AM_SUBSCRIPTION");
		struct strbuf sb = STRBUF_INIT;

		t->keys[2].on_delete = FK_CASCADE;
		t->keys[2].on_update = FK_CASCADE;
		for (int d = 0; d < DIALECT_COUNT; d++) {
			strbuf_reset(&sb);
			ddl_create_table(dialect_get((enum dialect_id)d), t, &sb);
			/* Oracle and DB2 have no ON UPDATE CASCADE */
			find(strbuf_str(&sb), d == DIALECT_ORACLE || d == DIALECT_DB2 ?
			     "REFERENCES AM_APPLICATION (APPLICATION_ID) ON DELETE CASCADE\n" :
			     "REFERENCES AM_APPLICATION (APPLICATION_ID) ON DELETE CASCADE ON UPDATE CASCADE\n");
		}
		/* InnoDB, Oracle and DB2 have no SET DEFAULT */
		t->keys[2].on_delete = FK_SET_DEFAULT;
		t->keys[2].on_update = FK_NO_ACTION;
		strbuf_reset(&sb);
		ddl_create_table(dialect_get(DIALECT_MYSQL), t, &sb);
		find(strbuf_str(&sb), "REFERENCES AM_APPLICATION (APPLICATION_ID)\n");
		strbuf_reset(&sb);
		ddl_create_table(dialect_get(DIALECT_H2), t, &sb);
		find(strbuf_str(&sb), "REFERENCES AM_APPLICATION (APPLICATION_ID) ON DELETE SET DEFAULT\n");
		t->keys[2].on_delete = FK_NO_ACTION;
		strbuf_release(&sb);
	}

	/* Empty catalog: nothing. */
	{
		struct catalog *empty = catalog_new();
		sql = render(DIALECT_H2, empty);
		assert_string_equal(sql, "");
		free(sql);
		catalog_free(empty);
	}
	catalog_free(cat);
}

static char *read_all(const char *path)
{
	FILE *f = fopen(path, "r");
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	size_t n;

	if (!f)
		return NULL;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(&sb, buf, n);
	fclose(f);
	return strbuf_detach(&sb);
}

static void test_golden(void **state)
{
	struct catalog *cat = sample_catalog();
	int update = getenv("AMDELTA_UPDATE_GOLDEN") != NULL;
	(void)state;

	for (int d = 0; d < DIALECT_COUNT; d++) {
		const struct dialect *dl = dialect_get((enum dialect_id)d);
		char *path = xasprintf("%s/tests/ddl/%s.sql", unit_top(), dl->name);
		char *sql = render(dl->id, cat), *want;

		if (update) {
			FILE *f = fopen(path, "w");

			assert_non_null(f);
			fputs(sql, f);
			assert_int_equal(fclose(f), 0);
		}
		want = read_all(path);
		if (!want)
			fail_msg("cannot read %s", path);
		if (strcmp(want, sql))
			fail_msg("%s differs from the rendered DDL:\n%s", path, sql);
		free(want);
		free(sql);
		free(path);
	}
	catalog_free(cat);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fk_order),
		cmocka_unit_test(test_create_table),
		cmocka_unit_test(test_details),
		cmocka_unit_test(test_golden),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
