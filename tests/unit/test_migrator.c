/* Unit tests of migrator: the identity client's steps as data, and every
 * identity delta of checks/ naming one that amdelta can judge. */
#include "unit.h"

#include "delta.h"
#include "migrator.h"

static void test_table(void **state)
{
	(void)state;
	for (int m = 0; m < MIG_COUNT; m++) {
		const struct migrator_info *info = migrator_get((enum migrator)m);

		assert_non_null(info->name);
		assert_non_null(info->what);
		assert_non_null(info->breaks);
		if (info->key)
			assert_int_equal(migrator_from_key(info->key), m);
		/* what amdelta judges from the catalog changes one database */
		if (info->key)
			assert_true(info->sql && info->db >= 0);
	}
	assert_int_equal(migrator_from_key("step1/identity"), MIG_STEP1_IDENTITY);
	assert_int_equal(migrator_from_key("step2/identity"), -1);   /* removed by the guide */
	assert_int_equal(migrator_from_key(NULL), -1);
	assert_false(migrator_get(MIG_VALIDATOR)->apim_needs);
	assert_false(migrator_get(MIG_STEP2_IDENTITY)->apim_needs);
	assert_false(migrator_get(MIG_TENANT_PORTAL)->apim_needs);
	/* what --component identity finishes: the SQL steps no data movement needs */
	for (int m = 0; m < MIG_COUNT; m++)
		assert_int_equal(migrator_get((enum migrator)m)->amdelta_finishes,
				 m == MIG_SCOPE_DATA || m == MIG_STEP1_UM || m == MIG_STEP2_UM);
	assert_string_equal(migrator_state_name(MS_PARTIAL), "partly done");
	assert_string_equal(migrator_state_name((enum migrator_state)MS_STATE_COUNT), "?");
}

static void test_shipped(void **state)
{
	struct delta_set set = { 0 };
	struct strbuf err = STRBUF_INIT;
	char *dir = xasprintf("%s/checks", unit_top());
	size_t per[MIG_COUNT] = { 0 };
	(void)state;

	if (delta_load_dir(dir, &set, &err))
		fail_msg("%s", strbuf_str(&err));
	for (size_t i = 0; i < set.n; i++) {
		const struct delta *d = &set.items[i];

		if (d->component != COMP_IDENTITY) {
			assert_int_equal(d->migrator, -1);
			continue;
		}
		assert_true(d->migrator >= 0 && d->migrator < MIG_COUNT);
		assert_int_equal(migrator_get((enum migrator)d->migrator)->db, (int)d->db);
		per[d->migrator]++;
	}
	assert_int_equal(per[MIG_SCOPE_DATA], 1);
	assert_true(per[MIG_STEP1_IDENTITY] >= 30);
	assert_int_equal(per[MIG_STEP1_UM], 2);
	assert_int_equal(per[MIG_STEP2_UM], 4);
	delta_set_release(&set);
	strbuf_release(&err);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_shipped),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
