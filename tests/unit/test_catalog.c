/* Unit tests of catalog: lookups, keys by column set, types, defaults. */
#include "unit.h"

#include "catalog.h"

static struct table *add_am_api(struct catalog *cat)
{
	static const char *const pk[] = { "API_ID" };
	static const char *const uq[] = { "API_PROVIDER", "API_NAME", "API_VERSION" };
	struct column c = { .name = "API_ID", .type = COL_INTEGER, .autoinc = 1 };
	struct table *t = catalog_add_table(cat, "AM_API");

	table_add_column(t, &c);
	c = (struct column){ .name = "API_PROVIDER", .type = COL_VARCHAR, .size = 200, .nullable = 1 };
	table_add_column(t, &c);
	c.name = "API_NAME";
	table_add_column(t, &c);
	c.name = "API_VERSION";
	table_add_column(t, &c);
	table_add_key(t, KEY_PRIMARY, "pk_am_api", 1, pk, NULL, NULL);
	table_add_key(t, KEY_UNIQUE, NULL, 3, uq, NULL, NULL);
	return t;
}

static void test_lookup_is_case_insensitive(void **state)
{
	struct catalog *cat = catalog_new();
	(void)state;
	add_am_api(cat);
	assert_non_null(catalog_table(cat, "am_api"));
	assert_non_null(table_column(catalog_table(cat, "Am_Api"), "api_name"));
	assert_null(catalog_table(cat, "AM_APIS"));
	/* adding an existing name returns the same table */
	assert_ptr_equal(catalog_add_table(cat, "am_api"), catalog_table(cat, "AM_API"));
	assert_int_equal(cat->ntables, 1);
	catalog_free(cat);
}

static void test_keys_match_by_column_set(void **state)
{
	struct catalog *cat = catalog_new();
	struct table *t = add_am_api(cat);
	const char *const same[] = { "api_version", "api_provider", "API_NAME" };
	const char *const fewer[] = { "API_PROVIDER", "API_NAME" };
	const char *const pk[] = { "API_ID" };
	(void)state;

	assert_non_null(table_find_key(t, KEY_UNIQUE, 3, same));
	assert_null(table_find_key(t, KEY_UNIQUE, 2, fewer));
	assert_null(table_find_key(t, KEY_UNIQUE, 1, pk));   /* the PK is not a unique key */
	assert_non_null(table_primary_key(t));
	table_remove_key(t, table_primary_key(t));
	assert_null(table_primary_key(t));
	assert_int_equal(t->nkeys, 1);
	catalog_free(cat);
}

static void test_dup_and_remove(void **state)
{
	struct catalog *cat = catalog_new(), *copy;
	(void)state;

	add_am_api(cat);
	table_add_trigger(catalog_table(cat, "AM_API"), "TIME_STAMP");
	copy = catalog_dup(cat);
	table_remove_column(catalog_table(cat, "AM_API"), "API_NAME");
	catalog_remove_table(cat, "AM_API");
	assert_int_equal(cat->ntables, 0);
	assert_non_null(table_column(catalog_table(copy, "AM_API"), "API_NAME"));
	assert_true(table_has_trigger(catalog_table(copy, "AM_API"), "time_stamp"));
	{
		/* a copy keeps the referential actions and the bare-index mark */
		static const char *const fk[] = { "API_ID" };
		struct table *t = catalog_add_table(cat, "AM_X");
		struct key *k = table_add_key(t, KEY_FOREIGN, "fk", 1, fk, "AM_API", fk);
		struct catalog *c2;

		k->on_delete = FK_CASCADE;
		k->on_update = FK_SET_NULL;
		table_add_key(t, KEY_UNIQUE, "ux", 1, fk, NULL, NULL)->bare_index = 1;
		c2 = catalog_dup(cat);
		assert_int_equal(catalog_table(c2, "AM_X")->keys[0].on_delete, FK_CASCADE);
		assert_int_equal(catalog_table(c2, "AM_X")->keys[0].on_update, FK_SET_NULL);
		assert_int_equal(catalog_table(c2, "AM_X")->keys[1].bare_index, 1);
		catalog_free(c2);
		catalog_remove_table(cat, "AM_X");
	}
	/* put_table replaces a table of the same name, also from its own catalog */
	catalog_put_table(copy, catalog_table(copy, "AM_API"));
	assert_int_equal(copy->ntables, 1);
	assert_int_equal(catalog_table(copy, "AM_API")->ncols, 4);
	catalog_free(cat);
	catalog_free(copy);
	catalog_free(NULL);
}

static void test_fk_action_parse(void **state)
{
	static const struct { const char *s; enum fk_action a; int rc; } cases[] = {
		{ "cascade", FK_CASCADE, 0 }, { "CASCADE", FK_CASCADE, 0 },
		{ "SET NULL", FK_SET_NULL, 0 }, { "set-null", FK_SET_NULL, 0 },
		{ "SET DEFAULT", FK_SET_DEFAULT, 0 }, { "NO ACTION", FK_NO_ACTION, 0 },
		{ "RESTRICT", FK_NO_ACTION, 0 }, { "0", FK_CASCADE, 0 }, { "2", FK_SET_NULL, 0 },
		{ "3", FK_NO_ACTION, 0 }, { "4", FK_SET_DEFAULT, 0 },
		{ "explode", FK_NO_ACTION, -1 }, { NULL, FK_NO_ACTION, -1 },
	};
	(void)state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum fk_action a = FK_CASCADE;

		assert_int_equal(catalog_fk_action_parse(cases[i].s, &a), cases[i].rc);
		assert_int_equal(a, cases[i].a);
	}
	assert_string_equal(catalog_fk_action_name(FK_CASCADE), "cascade");
	assert_string_equal(catalog_fk_action_name(FK_SET_NULL), "set-null");
	assert_string_equal(catalog_fk_action_name(FK_NO_ACTION), "no-action");
}

static void test_type_parse(void **state)
{
	(void)state;
	assert_int_equal(catalog_type_parse("character varying"), COL_VARCHAR);
	assert_int_equal(catalog_type_parse("VARCHAR(255)"), COL_VARCHAR);
	assert_int_equal(catalog_type_parse("int4"), COL_INTEGER);
	assert_int_equal(catalog_type_parse("INT UNSIGNED"), COL_INTEGER);
	assert_int_equal(catalog_type_parse("bytea"), COL_BLOB);
	assert_int_equal(catalog_type_parse("LONGBLOB"), COL_BLOB);
	assert_int_equal(catalog_type_parse("tinyint"), COL_BOOLEAN);
	assert_int_equal(catalog_type_parse("bool"), COL_BOOLEAN);
	assert_int_equal(catalog_type_parse("timestamp without time zone"), COL_TIMESTAMP);
	assert_int_equal(catalog_type_parse("text"), COL_CLOB);
	assert_int_equal(catalog_type_parse("geometry"), COL_UNKNOWN);
	assert_int_equal(catalog_type_parse(NULL), COL_UNKNOWN);
	assert_string_equal(catalog_type_name(COL_VARCHAR), "varchar");
	assert_string_equal(catalog_type_name(COL_BLOB), "blob");
	for (int t = 1; t < COL_TYPE_COUNT; t++)
		assert_int_equal(catalog_type_parse(catalog_type_name((enum col_type)t)), t);
}

static void check_default(const char *raw, const char *want, int want_autoinc)
{
	int autoinc = -1;
	char *got = catalog_default_normalise(raw, &autoinc);

	if (want)
		assert_string_equal(got, want);
	else
		assert_null(got);
	assert_int_equal(autoinc, want_autoinc);
	free(got);
}

static void test_default_normalise(void **state)
{
	(void)state;
	check_default("'carbon.super'::character varying", "'carbon.super'", 0);
	check_default("'it''s'::text", "'it''s'", 0);
	check_default("nextval('am_api_sequence'::regclass)", NULL, 1);
	check_default("(-1)", "-1", 0);
	check_default("'-1'::integer", "-1", 0);
	check_default("'0'::smallint", "0", 0);
	check_default("NULL", NULL, 0);
	check_default(NULL, NULL, 0);
	check_default("now()", "CURRENT_TIMESTAMP", 0);
	check_default("current_timestamp()", "CURRENT_TIMESTAMP", 0);
	check_default("true", "1", 0);
	check_default("0", "0", 0);
}

static void test_cols_split_join(void **state)
{
	size_t n;
	char **cols = catalog_cols_split(" A, B ,C,", &n);
	char buf[16];
	(void)state;

	assert_int_equal(n, 3);
	assert_string_equal(cols[1], "B");
	assert_null(cols[3]);
	assert_string_equal(catalog_cols_join(n, cols, buf, sizeof(buf)), "A,B,C");
	assert_string_equal(catalog_cols_join(n, cols, buf, 4), "A,B");
	catalog_cols_free(cols, n);
}

static void test_sort_is_deterministic(void **state)
{
	struct catalog *cat = catalog_new();
	(void)state;
	catalog_add_table(cat, "b_table");
	catalog_add_table(cat, "A_TABLE");
	catalog_add_table(cat, "C");
	catalog_sort(cat);
	assert_string_equal(cat->tables[0].name, "A_TABLE");
	assert_string_equal(cat->tables[1].name, "b_table");
	catalog_free(cat);
}

static void test_column_type_equal(void **state)
{
	struct column a = { .name = "X", .type = COL_VARCHAR, .size = 255 };
	struct column b = a;
	(void)state;
	assert_true(column_type_equal(&a, &b));
	b.size = 256;
	assert_false(column_type_equal(&a, &b));
	b.type = COL_INTEGER;
	assert_false(column_type_equal(&a, &b));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lookup_is_case_insensitive),
		cmocka_unit_test(test_keys_match_by_column_set),
		cmocka_unit_test(test_dup_and_remove),
		cmocka_unit_test(test_fk_action_parse),
		cmocka_unit_test(test_type_parse),
		cmocka_unit_test(test_default_normalise),
		cmocka_unit_test(test_cols_split_join),
		cmocka_unit_test(test_sort_is_deterministic),
		cmocka_unit_test(test_column_type_equal),
	};
	return cmocka_run_group_tests_name("catalog", tests, NULL, NULL);
}
