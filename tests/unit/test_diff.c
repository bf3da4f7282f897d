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

/* The differences of live from fresh: NAME widened (explained by the
 * route "guide", which leaves it so), API_ID made NOT NULL (explained by no
 * route: drift), and a table EXTRA_LOG (left by both routes). */
static void split_fixture(struct catalog **live, struct catalog **fresh, struct endstates *es)
{
	struct catalog *guide, *other;
	struct table *t;

	*fresh = base();
	*live = base();
	t = catalog_table(*live, "AM_SCOPE");
	table_column(t, "NAME")->size = 512;
	table_column(t, "API_ID")->nullable = 0;
	catalog_add_table(*live, "EXTRA_LOG");

	guide = base();
	table_column(catalog_table(guide, "AM_SCOPE"), "NAME")->size = 512;
	catalog_add_table(guide, "EXTRA_LOG");
	/* other: the table only, and a difference live does not have */
	other = base();
	catalog_add_table(other, "EXTRA_LOG");
	catalog_add_table(other, "AM_MORE");
	memset(es, 0, sizeof(*es));
	endstates_add(es, "other", other);
	endstates_add(es, "guide", guide);
}

static const struct diff_item *find_item(const struct diff_result *dr, const char *kind,
					 const char *detail_start)
{
	for (size_t i = 0; i < dr->n; i++)
		if (!strcmp(dr->items[i].kind, kind) &&
		    (!detail_start || (dr->items[i].detail &&
				       !strncmp(dr->items[i].detail, detail_start, strlen(detail_start)))))
			return &dr->items[i];
	return NULL;
}

static void test_split_explained_and_drift(void **state)
{
	struct catalog *live, *fresh;
	struct endstates es;
	struct diff_result explained = { 0 }, drift = { 0 };
	const struct diff_item *it;
	(void)state;

	split_fixture(&live, &fresh, &es);
	/* explained by one route or by none: drift */
	assert_int_equal(diff_split(live, fresh, es.items, es.n, &explained, &drift), -1);
	assert_int_equal(explained.n, 2);
	assert_int_equal(drift.n, 1);
	assert_string_equal(drift.items[0].kind, "column");
	assert_non_null(strstr(drift.items[0].detail, "API_ID is integer not null"));
	assert_null(drift.items[0].route);
	/* each explained difference names its route: the one that explains the
	 * most ("guide", though "other" comes first and shows the table too) */
	it = find_item(&explained, "column", "NAME is varchar(512)");
	assert_non_null(it);
	assert_string_equal(it->route, "guide");
	it = find_item(&explained, "table", NULL);
	assert_non_null(it);
	assert_string_equal(it->table, "EXTRA_LOG");
	assert_string_equal(it->route, "guide");
	diff_result_release(&explained);
	diff_result_release(&drift);

	/* with no route, everything is drift */
	assert_int_equal(diff_split(live, fresh, NULL, 0, &explained, &drift), -1);
	assert_int_equal(explained.n, 0);
	assert_int_equal(drift.n, 3);
	diff_result_release(&explained);
	diff_result_release(&drift);

	/* without the hand-made change, "guide" explains everything */
	table_column(catalog_table(live, "AM_SCOPE"), "API_ID")->nullable = 1;
	assert_int_equal(diff_split(live, fresh, es.items, es.n, &explained, &drift), 1);
	assert_int_equal(drift.n, 0);
	diff_result_release(&explained);
	diff_result_release(&drift);

	endstates_release(&es);
	catalog_free(live);
	catalog_free(fresh);
}

/* Between routes that explain as much, the one that leaves fewer other
 * differences is named, whatever their order. */
static void test_split_prefers_the_closest_route(void **state)
{
	struct catalog *live = base(), *fresh = base(), *wide = base(), *exact = base();
	struct endstates es = { 0 };
	struct diff_result explained = { 0 }, drift = { 0 };
	(void)state;

	catalog_add_table(live, "EXTRA_LOG");
	catalog_add_table(wide, "EXTRA_LOG");
	catalog_add_table(wide, "AM_MORE");
	catalog_add_table(exact, "EXTRA_LOG");
	endstates_add(&es, "variant", wide);
	endstates_add(&es, "guide", exact);
	assert_int_equal(diff_split(live, fresh, es.items, es.n, &explained, &drift), 1);
	assert_int_equal(explained.n, 1);
	assert_string_equal(explained.items[0].route, "guide");
	diff_result_release(&explained);
	diff_result_release(&drift);
	endstates_release(&es);
	catalog_free(live);
	catalog_free(fresh);
}

/* A key found live carries its name; the end state's has none. */
static void test_split_ignores_live_key_names(void **state)
{
	static const char *const cols[] = { "NAME" };
	struct catalog *live = base(), *fresh = base(), *guide = base();
	struct endstates es = { 0 };
	struct diff_result explained = { 0 }, drift = { 0 };
	(void)state;

	table_add_key(catalog_table(live, "AM_SCOPE"), KEY_UNIQUE, "am_scope_name_key", 1, cols, NULL, NULL);
	table_add_key(catalog_table(guide, "AM_SCOPE"), KEY_UNIQUE, NULL, 1, cols, NULL, NULL);
	endstates_add(&es, "guide", guide);
	assert_int_equal(diff_split(live, fresh, es.items, es.n, &explained, &drift), 0);
	assert_int_equal(explained.n, 1);
	assert_int_equal(drift.n, 0);
	diff_result_release(&explained);
	diff_result_release(&drift);
	endstates_release(&es);
	catalog_free(live);
	catalog_free(fresh);
}

/* diff_verify: the two results of db_run and what it matches. */
static void test_verify_fills_the_run(void **state)
{
	struct catalog *fresh;
	struct endstates es;
	struct db_run dbr;
	(void)state;

	memset(&dbr, 0, sizeof(dbr));
	split_fixture(&dbr.live, &fresh, &es);
	diff_verify(&dbr, dbr.live, fresh, es.items, es.n);
	assert_true(dbr.split);
	assert_int_equal(dbr.explained.n, 2);
	assert_int_equal(dbr.drift.n, 1);
	assert_string_equal(dbr.drift.against, "fresh-3.2.0, drift");
	assert_null(dbr.routes);                   /* drift: no route explains it all */

	/* called again it replaces what it filled */
	table_column(catalog_table(dbr.live, "AM_SCOPE"), "API_ID")->nullable = 1;
	diff_verify(&dbr, dbr.live, fresh, es.items, es.n);
	assert_int_equal(dbr.drift.n, 0);
	assert_string_equal(dbr.routes, "guide");
	diff_result_release(&dbr.explained);
	diff_result_release(&dbr.drift);
	free(dbr.routes);

	endstates_release(&es);
	catalog_free(dbr.live);
	catalog_free(fresh);
}

static void test_route_words(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	(void)state;

	diff_route_words("guide", &sb);
	assert_string_equal(strbuf_str(&sb), "the guide's script");
	strbuf_reset(&sb);
	diff_route_words("guide+identity", &sb);
	assert_string_equal(strbuf_str(&sb), "the guide's script, then WSO2's identity migration client");
	strbuf_reset(&sb);
	diff_route_words("amdelta", &sb);
	assert_string_equal(strbuf_str(&sb), "amdelta apply");
	strbuf_reset(&sb);
	diff_route_words("branch-tip+identity", &sb);
	assert_string_equal(strbuf_str(&sb), "the guide's script as revised in branch-tip, then "
			    "WSO2's identity migration client");
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_identical_catalogs_have_no_difference),
		cmocka_unit_test(test_each_kind_is_reported),
		cmocka_unit_test(test_foreign_key_target_matters),
		cmocka_unit_test(test_foreign_key_actions_matter),
		cmocka_unit_test(test_default_and_nullability_differences),
		cmocka_unit_test(test_split_explained_and_drift),
		cmocka_unit_test(test_split_prefers_the_closest_route),
		cmocka_unit_test(test_split_ignores_live_key_names),
		cmocka_unit_test(test_verify_fills_the_run),
		cmocka_unit_test(test_route_words),
	};
	return cmocka_run_group_tests_name("diff", tests, NULL, NULL);
}
