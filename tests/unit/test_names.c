/* Unit tests of names: every database, component and command has one name
 * and back. */
#include "unit.h"

#include "names.h"

static void test_databases(void **state)
{
	(void)state;
	for (int i = 0; i < DBI_COUNT; i++) {
		assert_int_equal(db_from_name(db_name((enum db_index)i)), i);
		assert_int_equal(db_from_name(db_short_name((enum db_index)i)), i);
	}
	assert_string_equal(db_name(DBI_AM), "WSO2AM_DB");
	assert_string_equal(db_name(DBI_SHARED), "SHARED_DB");
	assert_string_equal(db_name(DBI_ANALYTICS), "APIM_ANALYTICS_DB");
	assert_int_equal(db_from_name("wso2am_db"), DBI_AM);
	assert_int_equal(db_from_name("Analytics"), DBI_ANALYTICS);
	assert_int_equal(db_from_name("WSO2_DB"), -1);
	assert_int_equal(db_from_name(NULL), -1);
	assert_string_equal(db_name((enum db_index)DBI_COUNT), "");
}

static void test_components(void **state)
{
	(void)state;
	assert_string_equal(component_name(COMP_APIM), "apim");
	assert_string_equal(component_name(COMP_IDENTITY), "identity");
	assert_int_equal(component_from_name("identity"), COMP_IDENTITY);
	assert_int_equal(component_from_name("APIM"), COMP_APIM);
	assert_int_equal(component_from_name("registry"), -1);
	assert_string_equal(component_name((enum component)COMP_COUNT), "");
}

static void test_commands(void **state)
{
	(void)state;
	for (int c = CMD_STATUS; c < CMD_COUNT; c++)
		assert_true(command_name((enum command)c)[0] != '\0');
	assert_string_equal(command_name(CMD_VERIFY), "verify");
	assert_string_equal(command_name(CMD_NONE), "");
	assert_string_equal(command_name((enum command)CMD_COUNT), "");
	/* one step number for the identity client */
	assert_string_equal(GUIDE_IDENTITY_STEP, "2.5");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_databases),
		cmocka_unit_test(test_components),
		cmocka_unit_test(test_commands),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
