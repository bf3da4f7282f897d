/* Unit tests of diff: every kind of difference, in both directions. */
#include "unit.h"

#include "diff.h"

static struct catalog *base(void)
{
	static const char *const pk[] = { "ID" };
	static const char *const fk[] = { "API_ID" };
	struct catalog *cat = catalog_new();
	struct table *t = catalog_add_table(cat, "AM_SCOPE");
	struct column c = { .name = "ID", .type = COL_INTEGER };

	table_add_column(t, &c);
	c = (struct column){ .name = "NAME", .type = COL_VARCHAR, .size = 255, .nullable = 1 };
	table_add_column(t, &c);
	c = (struct column){ .name = "API_ID", .type = COL_INTEGER, .nullable = 1 };
	table_add_column(t, &c);
	table_add_key(t, KEY_PRIMARY, NULL, 1, pk, NULL, NULL);
	table_add_key(t, KEY_FOREIGN, NULL, 1, fk, "AM_API", fk);
	return cat;
}

static size_t count(const struct diff_result *dr, const char *kind, const char *what)
{
	size_t n = 0;
	for (size_t i = 0; i < dr->n; i++)
		n += !strcmp(dr->items[i].kind, kind) && !strcmp(dr->items[i].what, what);
	return n;
}

static void test_identical_catalogs_have_no_difference(void **state)
{
	struct catalog *a = base(), *b = base();
	struct diff_result dr = { 0 };
	(void)state;
	/* names differ only in case: still identical */
	free(b->tables[0].name);
	b->tables[0].name = strdup("am_scope");
	diff_catalogs(a, b, &dr);
	assert_int_equal(dr.n, 0);
	diff_result_release(&dr);
	catalog_free(a);
	catalog_free(b);
}

static void test_each_kind_is_reported(void **state)
{
	struct catalog *live = base(), *exp = base();
	struct table *lt = catalog_table(live, "AM_SCOPE");
	struct diff_result dr = { 0 };
	const char *const name[] = { "NAME" };
	(void)state;

	table_remove_column(lt, "NAME");                   /* column missing */
	lt->cols[0].type = COL_BIGINT;                     /* ID differs */
	table_remove_key(lt, table_primary_key(lt));       /* primary key missing */
	table_add_key(lt, KEY_INDEX, "IDX_X", 1, name, NULL, NULL); /* extra index */
	table_add_trigger(lt, "T1");                       /* extra trigger */
	catalog_add_table(live, "EXTRA_TABLE");
	catalog_add_table(exp, "AM_USER");                 /* missing table */

	diff_catalogs(live, exp, &dr);
	assert_int_equal(count(&dr, "column", "missing"), 1);
	assert_int_equal(count(&dr, "column", "differs"), 1);
	assert_int_equal(count(&dr, "primary-key", "missing"), 1);
	assert_int_equal(count(&dr, "index", "extra"), 1);
	assert_int_equal(count(&dr, "trigger", "extra"), 1);
	assert_int_equal(count(&dr, "table", "extra"), 1);
	assert_int_equal(count(&dr, "table", "missing"), 1);
	assert_int_equal(count(&dr, "foreign-key", "missing"), 0);
	assert_int_equal(dr.n, 7);
	diff_result_release(&dr);
	catalog_free(live);
	catalog_free(exp);
}

static void test_foreign_key_target_matters(void **state)
{
	struct catalog *live = base(), *exp = base();
	struct key *fk = &catalog_table(live, "AM_SCOPE")->keys[1];
	struct diff_result dr = { 0 };
	(void)state;

	free(fk->ref_table);
	fk->ref_table = strdup("AM_OTHER");
	diff_catalogs(live, exp, &dr);
	assert_int_equal(count(&dr, "foreign-key", "missing"), 1);
	assert_int_equal(count(&dr, "foreign-key", "extra"), 1);
	diff_result_release(&dr);
	catalog_free(live);
	catalog_free(exp);
}

static void test_foreign_key_actions_matter(void **state)
{
	struct catalog *live = base(), *exp = base();
	struct diff_result dr = { 0 };
	(void)state;

	catalog_table(exp, "AM_SCOPE")->keys[1].on_delete = FK_CASCADE;
	diff_catalogs(live, exp, &dr);
	assert_int_equal(count(&dr, "foreign-key", "missing"), 1);
	assert_int_equal(count(&dr, "foreign-key", "extra"), 1);
	assert_non_null(strstr(dr.items[0].detail, "on delete cascade"));
	diff_result_release(&dr);
	catalog_free(live);
	catalog_free(exp);
}

static void test_default_and_nullability_differences(void **state)
{
	struct catalog *live = base(), *exp = base();
	struct column *c = table_column(catalog_table(live, "AM_SCOPE"), "NAME");
	struct diff_result dr = { 0 };
	(void)state;

	c->nullable = 0;
	diff_catalogs(live, exp, &dr);
	assert_int_equal(count(&dr, "column", "differs"), 1);
	assert_non_null(strstr(dr.items[0].detail, "not null"));
	diff_result_release(&dr);
	c->nullable = 1;
	c->defval = strdup("'x'");
	diff_catalogs(live, exp, &dr);
	assert_int_equal(count(&dr, "column", "differs"), 1);
	diff_result_release(&dr);
	catalog_free(live);
	catalog_free(exp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_identical_catalogs_have_no_difference),
		cmocka_unit_test(test_each_kind_is_reported),
		cmocka_unit_test(test_foreign_key_target_matters),
		cmocka_unit_test(test_foreign_key_actions_matter),
		cmocka_unit_test(test_default_and_nullability_differences),
	};
	return cmocka_run_group_tests_name("diff", tests, NULL, NULL);
}
