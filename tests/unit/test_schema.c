/* Unit tests of schema: write/load round trip, errors as file:line. */
#include "unit.h"

#include <unistd.h>
#include <sys/stat.h>

#include "catalog.h"
#include "schema.h"

static char *rng_path(void)
{
	return xasprintf("%s/schemas/catalog.rng", unit_top());
}

/* Writes text to a new temporary file; returns its path (caller frees and
 * unlinks). */
static char *temp_file(const char *text)
{
	char *path = xstrdup("/tmp/amdelta-test-schema-XXXXXX");
	int fd = mkstemp(path);
	FILE *f;

	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
	return path;
}

static struct catalog *sample_catalog(void)
{
	struct catalog *cat = catalog_new();
	struct table *sub, *app;
	struct column c;
	const char *pk_sub[] = { "SUBSCRIBER_ID" };
	const char *pk_app[] = { "APPLICATION_ID" };
	const char *uq_app[] = { "NAME", "SUBSCRIBER_ID" };
	const char *fk_app[] = { "SUBSCRIBER_ID" };
	const char *ix_app[] = { "CREATED_TIME", "NAME" };

	/* Added out of order: the writer sorts. */
	app = catalog_add_table(cat, "AM_APPLICATION");
	c = (struct column){ .name = "APPLICATION_ID", .type = COL_INTEGER, .autoinc = 1 };
	table_add_column(app, &c);
	c = (struct column){ .name = "NAME", .type = COL_VARCHAR, .size = 100, .nullable = 1 };
	table_add_column(app, &c);
	c = (struct column){ .name = "SUBSCRIBER_ID", .type = COL_INTEGER, .nullable = 1 };
	table_add_column(app, &c);
	c = (struct column){ .name = "TOKEN_TYPE", .type = COL_VARCHAR, .size = 30, .nullable = 1,
			     .defval = "'JWT & \"x\" <y>'" };
	table_add_column(app, &c);
	c = (struct column){ .name = "RATIO", .type = COL_DECIMAL, .size = 10, .scale = 2,
			     .nullable = 1, .defval = "-1" };
	table_add_column(app, &c);
	c = (struct column){ .name = "CREATED_TIME", .type = COL_TIMESTAMP, .nullable = 1,
			     .defval = "CURRENT_TIMESTAMP" };
	table_add_column(app, &c);
	c = (struct column){ .name = "ENABLED", .type = COL_BOOLEAN, .defval = "0" };
	table_add_column(app, &c);
	c = (struct column){ .name = "CONTENT", .type = COL_BLOB, .nullable = 1 };
	table_add_column(app, &c);
	table_add_key(app, KEY_INDEX, NULL, 2, ix_app, NULL, NULL);
	table_add_key(app, KEY_FOREIGN, NULL, 1, fk_app, "AM_SUBSCRIBER", pk_sub)->on_delete = FK_CASCADE;
	table_add_key(app, KEY_UNIQUE, NULL, 2, uq_app, NULL, NULL);
	table_add_key(app, KEY_PRIMARY, NULL, 1, pk_app, NULL, NULL);
	table_add_trigger(app, "TIME_STAMP");

	sub = catalog_add_table(cat, "AM_SUBSCRIBER");
	c = (struct column){ .name = "SUBSCRIBER_ID", .type = COL_INTEGER, .autoinc = 1 };
	table_add_column(sub, &c);
	c = (struct column){ .name = "USER_ID", .type = COL_VARCHAR, .size = 255 };
	table_add_column(sub, &c);
	c = (struct column){ .name = "NOTES", .type = COL_CLOB, .nullable = 1 };
	table_add_column(sub, &c);
	table_add_key(sub, KEY_PRIMARY, NULL, 1, pk_sub, NULL, NULL);

	/* A Siddhi table: mixed case is kept as stored. */
	app = catalog_add_table(cat, "ApiLastAccessSummary");
	c = (struct column){ .name = "apiName", .type = COL_VARCHAR, .size = 254 };
	table_add_column(app, &c);
	c = (struct column){ .name = "lastAccessTime", .type = COL_BIGINT, .nullable = 1 };
	table_add_column(app, &c);
	return cat;
}

static void assert_cols_equal(size_t n, char *const *a, char *const *b)
{
	for (size_t i = 0; i < n; i++)
		assert_string_equal(a[i], b[i]);
}

/* Field-by-field equality of two sorted catalogs (key names ignored). */
static void assert_catalog_equal(const struct catalog *a, const struct catalog *b)
{
	assert_int_equal(a->ntables, b->ntables);
	for (size_t i = 0; i < a->ntables; i++) {
		const struct table *x = &a->tables[i], *y = &b->tables[i];

		assert_string_equal(x->name, y->name);
		assert_int_equal(x->ncols, y->ncols);
		for (size_t j = 0; j < x->ncols; j++) {
			const struct column *p = &x->cols[j], *q = &y->cols[j];

			assert_string_equal(p->name, q->name);
			assert_int_equal(p->type, q->type);
			assert_int_equal(p->size, q->size);
			assert_int_equal(p->scale, q->scale);
			assert_int_equal(p->nullable, q->nullable);
			assert_int_equal(p->autoinc, q->autoinc);
			if (p->defval || q->defval) {
				assert_non_null(p->defval);
				assert_non_null(q->defval);
				assert_string_equal(p->defval, q->defval);
			}
		}
		assert_int_equal(x->nkeys, y->nkeys);
		for (size_t j = 0; j < x->nkeys; j++) {
			const struct key *p = &x->keys[j], *q = &y->keys[j];

			assert_int_equal(p->kind, q->kind);
			assert_int_equal(p->ncols, q->ncols);
			assert_cols_equal(p->ncols, p->cols, q->cols);
			if (p->kind == KEY_FOREIGN) {
				assert_string_equal(p->ref_table, q->ref_table);
				assert_cols_equal(p->ncols, p->ref_cols, q->ref_cols);
				assert_int_equal(p->on_delete, q->on_delete);
				assert_int_equal(p->on_update, q->on_update);
			}
		}
		assert_int_equal(x->ntriggers, y->ntriggers);
		for (size_t j = 0; j < x->ntriggers; j++)
			assert_string_equal(x->triggers[j], y->triggers[j]);
	}
}

static char *write_to_string(const struct catalog *cat)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(schema_write(f, cat, "WSO2AM_DB", "3.2.0", "postgresql"), 0);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static void test_round_trip(void **state)
{
	struct catalog *cat = sample_catalog(), *loaded = NULL, *sorted;
	struct strbuf err = STRBUF_INIT;
	char *rng = rng_path(), *xml = write_to_string(cat), *again, *path = temp_file(xml);
	(void)state;

	if (schema_load_file(path, rng, &loaded, &err))
		fail_msg("%s", strbuf_str(&err));
	sorted = catalog_dup(cat);
	catalog_sort(sorted);
	assert_catalog_equal(sorted, loaded);

	/* Deterministic: writing what was loaded gives the same bytes. */
	again = write_to_string(loaded);
	assert_string_equal(xml, again);

	/* Attributes only when not the default; escaped. */
	assert_non_null(strstr(xml, "<catalog db=\"WSO2AM_DB\" version=\"3.2.0\" dialect=\"postgresql\">"));
	assert_non_null(strstr(xml, "    <column name=\"NAME\" type=\"varchar\" size=\"100\"/>\n"));
	assert_non_null(strstr(xml, "<column name=\"APPLICATION_ID\" type=\"integer\" autoinc=\"true\" nullable=\"false\"/>"));
	assert_non_null(strstr(xml, "default=\"'JWT &amp; &quot;x&quot; &lt;y&gt;'\""));
	assert_non_null(strstr(xml, "<foreign-key columns=\"SUBSCRIBER_ID\" ref-table=\"AM_SUBSCRIBER\" ref-columns=\"SUBSCRIBER_ID\" on-delete=\"cascade\"/>"));
	assert_non_null(strstr(xml, "  <table name=\"AM_APPLICATION\">\n"));
	assert_true(strstr(xml, "AM_APPLICATION") < strstr(xml, "AM_SUBSCRIBER"));
	assert_true(strstr(xml, "<primary-key") < strstr(xml, "<unique"));

	unlink(path);
	free(path);
	free(again);
	free(xml);
	free(rng);
	catalog_free(sorted);
	catalog_free(loaded);
	catalog_free(cat);
	strbuf_release(&err);
}

/* Loads text and expects failure with "file:line: ..." containing what. */
static void expect_error(const char *text, int line, const char *what, int validate)
{
	struct catalog *cat = NULL;
	struct strbuf err = STRBUF_INIT;
	char *rng = rng_path(), *path = temp_file(text);
	char *prefix = xasprintf("%s:%d: ", path, line);

	assert_int_equal(schema_load_file(path, validate ? rng : NULL, &cat, &err), -1);
	assert_null(cat);
	if (strncmp(strbuf_str(&err), prefix, strlen(prefix)) || !strstr(strbuf_str(&err), what))
		fail_msg("want \"%s...%s\", got \"%s\"", prefix, what, strbuf_str(&err));
	unlink(path);
	free(prefix);
	free(path);
	free(rng);
	strbuf_release(&err);
}

static void test_malformed(void **state)
{
	(void)state;
	expect_error("<?xml version=\"1.0\"?>\n"
		     "<catalog>\n"
		     "  <table name=\"T\">\n"
		     "    <column name=\"A\" type=\"integer\">\n"
		     "  </table>\n"
		     "</catalog>\n", 5, "mismatch", 1);
	expect_error("<catalog>\n<table name=\"T\"\n", 3, "", 1);
}

static void test_rng_violation(void **state)
{
	(void)state;
	expect_error("<?xml version=\"1.0\"?>\n"
		     "<catalog>\n"
		     "  <table name=\"T\">\n"
		     "    <column name=\"A\" type=\"integer\"/>\n"
		     "    <column name=\"B\" type=\"integer\" nullable=\"maybe\"/>\n"
		     "  </table>\n"
		     "</catalog>\n", 5, "nullable", 1);
	expect_error("<?xml version=\"1.0\"?>\n"
		     "<catalog>\n"
		     "  <table name=\"T\">\n"
		     "    <column name=\"A\" type=\"integer\"/>\n"
		     "    <colum name=\"B\" type=\"integer\"/>\n"
		     "  </table>\n"
		     "</catalog>\n", 5, "colum", 1);
	expect_error("<?xml version=\"1.0\"?>\n"
		     "<catalog>\n"
		     "  <table name=\"T\">\n"
		     "    <column name=\"A\" type=\"varchar\" size=\"-3\"/>\n"
		     "  </table>\n"
		     "</catalog>\n", 4, "size", 1);
}

static void test_semantic(void **state)
{
	static const char head[] = "<?xml version=\"1.0\"?>\n<catalog db=\"WSO2AM_DB\" version=\"3.2.0\">\n";
	char *text;
	(void)state;

	for (int validate = 0; validate < 2; validate++) {
		text = xasprintf("%s  <table name=\"T\">\n    <column name=\"A\" type=\"integer\"/>\n"
				 "    <column name=\"B\" type=\"int4\"/>\n  </table>\n</catalog>\n", head);
		expect_error(text, 5, "unknown type 'int4'", validate);
		free(text);

		text = xasprintf("%s  <table name=\"T\">\n    <column name=\"A\" type=\"integer\"/>\n"
				 "  </table>\n  <table name=\"t\">\n    <column name=\"A\" type=\"integer\"/>\n"
				 "  </table>\n</catalog>\n", head);
		expect_error(text, 6, "duplicate table t", validate);
		free(text);

		text = xasprintf("%s  <table name=\"T\">\n    <column name=\"A\" type=\"integer\"/>\n"
				 "    <column name=\"a\" type=\"integer\"/>\n  </table>\n</catalog>\n", head);
		expect_error(text, 5, "duplicate column a", validate);
		free(text);

		text = xasprintf("%s  <table name=\"T\">\n    <column name=\"A\" type=\"integer\"/>\n"
				 "    <primary-key columns=\"A\"/>\n"
				 "    <unique columns=\"A, NOPE\"/>\n  </table>\n</catalog>\n", head);
		expect_error(text, 6, "unknown column NOPE", validate);
		free(text);

		text = xasprintf("%s  <table name=\"T\">\n    <column name=\"A\" type=\"integer\"/>\n"
				 "    <foreign-key columns=\"A\" ref-table=\"U\" ref-columns=\"A\"/>\n"
				 "  </table>\n</catalog>\n", head);
		expect_error(text, 5, "unknown table U", validate);
		free(text);

		text = xasprintf("%s  <table name=\"U\">\n    <column name=\"X\" type=\"integer\"/>\n"
				 "  </table>\n  <table name=\"T\">\n    <column name=\"A\" type=\"integer\"/>\n"
				 "    <foreign-key columns=\"A\" ref-table=\"U\" ref-columns=\"Y\"/>\n"
				 "  </table>\n</catalog>\n", head);
		expect_error(text, 8, "unknown column U.Y", validate);
		free(text);

		/* names are identifiers (checked in C, not by grammar patterns) */
		text = xasprintf("%s  <table name=\"1T\">\n    <column name=\"A\" type=\"integer\"/>\n"
				 "  </table>\n</catalog>\n", head);
		expect_error(text, 3, "table name '1T' is not an identifier", validate);
		free(text);

		text = xasprintf("%s  <table name=\"T\">\n    <column name=\"A\" type=\"integer\"/>\n"
				 "    <column name=\"B-C\" type=\"integer\"/>\n  </table>\n</catalog>\n", head);
		expect_error(text, 5, "column name 'B-C' of table T is not an identifier", validate);
		free(text);

		text = xasprintf("%s  <table name=\"T\">\n    <column name=\"A\" type=\"integer\"/>\n"
				 "    <trigger name=\"x y\"/>\n  </table>\n</catalog>\n", head);
		expect_error(text, 5, "trigger name 'x y'", validate);
		free(text);
	}
	/* A referential action the model does not know (RESTRICT is written as
	 * no action at all). */
	text = xasprintf("%s  <table name=\"U\">\n    <column name=\"A\" type=\"integer\"/>\n"
			 "    <foreign-key columns=\"A\" ref-table=\"U\" ref-columns=\"A\" on-delete=\"explode\"/>\n"
			 "  </table>\n</catalog>\n", head);
	expect_error(text, 5, "on-delete=\"explode\" is not cascade", 0);
	expect_error(text, 5, "Invalid attribute on-delete", 1);
	free(text);
	/* Without the grammar, a missing type is still reported. */
	text = xasprintf("%s  <table name=\"T\">\n    <column name=\"A\"/>\n  </table>\n</catalog>\n",
			 head);
	expect_error(text, 4, "unknown type", 0);
	free(text);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static void test_resolve(void **state)
{
	char dir[] = "/tmp/amdelta-test-schemas-XXXXXX";
	struct catalog *cat = NULL;
	struct strbuf err = STRBUF_INIT;
	char *rng = rng_path(), *p;
	(void)state;

	assert_non_null(mkdtemp(dir));
	p = xasprintf("%s/catalog.rng", dir);
	assert_int_equal(symlink(rng, p), 0);
	free(p);
	p = xasprintf("%s/postgresql", dir);
	assert_int_equal(mkdir(p, 0700), 0);
	free(p);
	p = xasprintf("%s/wso2am_db-3.2.0.xml", dir);
	write_file(p, "<catalog><table name=\"NEUTRAL\"><column name=\"A\" type=\"integer\"/></table></catalog>\n");
	free(p);
	p = xasprintf("%s/postgresql/wso2am_db-3.2.0.xml", dir);
	write_file(p, "<catalog><table name=\"VARIANT\"><column name=\"A\" type=\"integer\"/></table></catalog>\n");
	free(p);

	assert_int_equal(schema_load(dir, "WSO2AM_DB", "3.2.0", "postgresql", &cat, &err), 0);
	assert_non_null(catalog_table(cat, "VARIANT"));
	catalog_free(cat);
	assert_int_equal(schema_load(dir, "WSO2AM_DB", "3.2.0", "pg", &cat, &err), 0);
	assert_non_null(catalog_table(cat, "VARIANT"));
	catalog_free(cat);
	assert_int_equal(schema_load(dir, "WSO2AM_DB", "3.2.0", "mysql", &cat, &err), 0);
	assert_non_null(catalog_table(cat, "NEUTRAL"));
	catalog_free(cat);
	assert_int_equal(schema_load(dir, "wso2am_db", "3.2.0", NULL, &cat, &err), 0);
	assert_non_null(catalog_table(cat, "NEUTRAL"));
	catalog_free(cat);

	assert_int_equal(schema_load(dir, "SHARED_DB", "3.2.0", "postgresql", &cat, &err), -1);
	assert_null(cat);
	assert_non_null(strstr(strbuf_str(&err), "shared_db-3.2.0.xml"));

	p = xasprintf("rm -rf '%s'", dir);
	assert_int_equal(system(p), 0);
	free(p);
	free(rng);
	strbuf_release(&err);
}

/* The shipped neutral schemas, where present, load and validate. */
static void test_shipped(void **state)
{
	static const char *const dbs[] = { "WSO2AM_DB", "SHARED_DB", "APIM_ANALYTICS_DB" };
	static const char *const versions[] = { "3.0.0", "3.2.0" };
	char *dir = xasprintf("%s/schemas", unit_top());
	(void)state;

	for (size_t i = 0; i < 3; i++) {
		for (size_t j = 0; j < 2; j++) {
			struct catalog *cat = NULL;
			struct strbuf err = STRBUF_INIT;
			char *lower = xstrdup(dbs[i]), *path;

			for (char *q = lower; *q; q++)
				*q = (char)(*q >= 'A' && *q <= 'Z' ? *q - 'A' + 'a' : *q);
			path = xasprintf("%s/%s-%s.xml", dir, lower, versions[j]);
			if (!access(path, R_OK) &&
			    schema_load(dir, dbs[i], versions[j], NULL, &cat, &err))
				fail_msg("%s", strbuf_str(&err));
			catalog_free(cat);
			strbuf_release(&err);
			free(path);
			free(lower);
		}
	}
	free(dir);
}

/* Writes text to dir/name. */
static void put_file(const char *dir, const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
	free(path);
}

static void test_endstates(void **state)
{
	static const char one_table[] =
		"<?xml version=\"1.0\"?>\n<catalog db=\"WSO2AM_DB\" version=\"3.2.0\" dialect=\"postgresql\">\n"
		"  <table name=\"AM_API\">\n    <column name=\"API_ID\" type=\"integer\"/>\n  </table>\n</catalog>\n";
	char top[] = "/tmp/amdelta-test-endstates-XXXXXX";
	char *rng = rng_path(), *link, *sub;
	struct endstates es = { 0 };
	struct strbuf err = STRBUF_INIT;
	(void)state;

	assert_non_null(mkdtemp(top));
	link = xasprintf("%s/catalog.rng", top);
	assert_int_equal(symlink(rng, link), 0);
	sub = xasprintf("%s/endstates", top);
	assert_int_equal(mkdir(sub, 0700), 0);
	free(sub);
	sub = xasprintf("%s/endstates/postgresql", top);
	assert_int_equal(mkdir(sub, 0700), 0);
	put_file(sub, "wso2am_db-guide+identity.xml", one_table);
	put_file(sub, "wso2am_db-guide.xml", one_table);
	put_file(sub, "shared_db-guide.xml", one_table);
	put_file(sub, "wso2am_db-notes.txt", "not a catalog");

	/* every route of the database, in name order; the route from the name */
	assert_int_equal(schema_load_endstates(top, "WSO2AM_DB", "postgresql", &es, &err), 0);
	assert_int_equal(es.n, 2);
	assert_string_equal(es.items[0].route, "guide");
	assert_string_equal(es.items[1].route, "guide+identity");
	assert_non_null(catalog_table(es.items[1].cat, "AM_API"));
	endstates_release(&es);
	assert_int_equal(es.n, 0);

	/* a dialect without end states has none; appending keeps what is there */
	endstates_add(&es, "amdelta", catalog_new());
	assert_int_equal(schema_load_endstates(top, "WSO2AM_DB", "mariadb", &es, &err), 0);
	assert_int_equal(schema_load_endstates(top, "WSO2AM_DB", "oracle", &es, &err), 0);
	assert_int_equal(es.n, 1);
	assert_string_equal(es.items[0].route, "amdelta");
	endstates_release(&es);

	/* a file that does not load is an error naming it */
	put_file(sub, "shared_db-broken.xml", "<catalog><table/></catalog>\n");
	assert_int_equal(schema_load_endstates(top, "SHARED_DB", "postgresql", &es, &err), -1);
	assert_non_null(strstr(strbuf_str(&err), "shared_db-broken.xml"));
	endstates_release(&es);

	for (const char *const *f = (const char *const[]){ "wso2am_db-guide+identity.xml",
			"wso2am_db-guide.xml", "shared_db-guide.xml", "wso2am_db-notes.txt",
			"shared_db-broken.xml", NULL }; *f; f++) {
		char *path = xasprintf("%s/%s", sub, *f);
		unlink(path);
		free(path);
	}
	rmdir(sub);
	free(sub);
	sub = xasprintf("%s/endstates", top);
	rmdir(sub);
	unlink(link);
	rmdir(top);
	free(sub);
	free(link);
	free(rng);
	strbuf_release(&err);
}

/* The end states shipped in schemas/endstates load, for each database and
 * dialect that has them. */
static void test_shipped_endstates(void **state)
{
	static const struct {
		const char *db, *dialect;
		size_t n;
		const char *last;
	} want[] = {
		{ "WSO2AM_DB", "postgresql", 4, "guide+identity" },
		{ "WSO2AM_DB", "mysql", 4, "guide+identity" },
		{ "SHARED_DB", "postgresql", 2, "guide+identity" },
		{ "SHARED_DB", "mariadb", 2, "guide+identity" },
		{ "APIM_ANALYTICS_DB", "postgresql", 0, NULL },
		{ "WSO2AM_DB", "oracle", 0, NULL },
	};
	char *dir = xasprintf("%s/schemas", unit_top());
	(void)state;

	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		struct endstates es = { 0 };
		struct strbuf err = STRBUF_INIT;

		if (schema_load_endstates(dir, want[i].db, want[i].dialect, &es, &err))
			fail_msg("%s", strbuf_str(&err));
		assert_int_equal(es.n, want[i].n);
		if (es.n)
			assert_string_equal(es.items[es.n - 1].route, want[i].last);
		endstates_release(&es);
		strbuf_release(&err);
	}
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_rng_violation),
		cmocka_unit_test(test_semantic),
		cmocka_unit_test(test_resolve),
		cmocka_unit_test(test_shipped),
		cmocka_unit_test(test_endstates),
		cmocka_unit_test(test_shipped_endstates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
