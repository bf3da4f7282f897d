/* Unit tests of cli: options before and after the command, errors. */
#include "unit.h"

#include "cli.h"

static int parse(struct options *opt, struct strbuf *err, int argc, const char **argv)
{
	memset(opt, 0, sizeof(*opt));
	strbuf_reset(err);
	return cli_parse(argc, (char **)argv, opt, err);
}

static void test_options_around_command(void **state)
{
	struct options opt;
	struct strbuf err = STRBUF_INIT;
	const char *argv[] = { "amdelta", "status", "--json", "-", "--am-db", "Driver=x;Pwd=y", NULL };
	const char *argv2[] = { "amdelta", "--shared-db=SHARED", "diff", NULL };
	(void)state;

	assert_int_equal(parse(&opt, &err, 6, argv), 0);
	assert_int_equal(opt.command, CMD_STATUS);
	assert_string_equal(opt.json, "-");
	assert_string_equal(opt.targets[DBI_AM], "Driver=x;Pwd=y");
	assert_int_equal(parse(&opt, &err, 3, argv2), 0);
	assert_int_equal(opt.command, CMD_DIFF);
	assert_string_equal(opt.targets[DBI_SHARED], "SHARED");
	{
		const char *argv3[] = { "amdelta", "--from=3.0.0", "plan", "--dialect", "oracle", NULL };

		assert_int_equal(parse(&opt, &err, 5, argv3), 0);
		assert_int_equal(opt.command, CMD_PLAN);
		assert_string_equal(opt.from, "3.0.0");
		assert_string_equal(opt.dialect, "oracle");
	}
	strbuf_release(&err);
}

static void test_usage_errors(void **state)
{
	struct options opt;
	struct strbuf err = STRBUF_INIT;
	const char *unknown_cmd[] = { "amdelta", "stats", NULL };
	const char *unknown_opt[] = { "amdelta", "status", "--jsn", "x", NULL };
	const char *no_value[] = { "amdelta", "status", "--json", NULL };
	const char *two_cmds[] = { "amdelta", "status", "diff", NULL };
	const char *none[] = { "amdelta", NULL };
	(void)state;

	assert_int_equal(parse(&opt, &err, 2, unknown_cmd), -1);
	assert_non_null(strstr(strbuf_str(&err), "unknown command 'stats'"));
	assert_int_equal(parse(&opt, &err, 4, unknown_opt), -1);
	assert_non_null(strstr(strbuf_str(&err), "--jsn"));
	assert_int_equal(parse(&opt, &err, 3, no_value), -1);
	assert_non_null(strstr(strbuf_str(&err), "needs a value"));
	assert_int_equal(parse(&opt, &err, 3, two_cmds), -1);
	assert_int_equal(parse(&opt, &err, 1, none), -1);
	strbuf_release(&err);
}

static void test_apply_options(void **state)
{
	struct options opt;
	struct strbuf err = STRBUF_INIT;
	const char *dflt[] = { "amdelta", "apply", "--yes", NULL };
	const char *given[] = { "amdelta", "apply", "--lock-timeout", "5", "--batch-rows=250",
				"--registry-xml", "r.xml", NULL };
	const char *bad_timeout[] = { "amdelta", "apply", "--lock-timeout", "soon", NULL };
	const char *neg_rows[] = { "amdelta", "apply", "--batch-rows", "0", NULL };
	const char *both[] = { "amdelta", "apply", "--registry-cleanup", "--registry-xml", "r.xml", NULL };
	const char *flag[] = { "amdelta", "--registry-cleanup", "apply", NULL };
	(void)state;

	assert_int_equal(parse(&opt, &err, 3, dflt), 0);
	assert_int_equal(opt.command, CMD_APPLY);
	assert_int_equal(opt.yes, 1);
	assert_int_equal(opt.lock_timeout, 30);
	assert_int_equal(opt.batch_rows, 10000);
	assert_null(opt.registry_xml);
	assert_int_equal(opt.registry_cleanup, 0);
	assert_int_equal(parse(&opt, &err, 7, given), 0);
	assert_int_equal(opt.yes, 0);
	assert_int_equal(opt.lock_timeout, 5);
	assert_int_equal(opt.batch_rows, 250);
	assert_string_equal(opt.registry_xml, "r.xml");
	assert_int_equal(parse(&opt, &err, 4, bad_timeout), -1);
	assert_non_null(strstr(strbuf_str(&err), "--lock-timeout 'soon'"));
	assert_int_equal(parse(&opt, &err, 4, neg_rows), -1);
	assert_non_null(strstr(strbuf_str(&err), "--batch-rows '0'"));
	assert_int_equal(parse(&opt, &err, 5, both), -1);
	assert_non_null(strstr(strbuf_str(&err), "not both"));
	assert_int_equal(parse(&opt, &err, 3, flag), 0);
	assert_int_equal(opt.registry_cleanup, 1);
	assert_int_equal(opt.with_identity, 0);
	{
		const char *id[] = { "amdelta", "apply", "--yes", "--component", "identity", NULL };
		const char *plan[] = { "amdelta", "plan", "--component=identity", NULL };
		const char *other[] = { "amdelta", "apply", "--component", "apim", NULL };
		const char *status[] = { "amdelta", "status", "--component", "identity", NULL };

		assert_int_equal(parse(&opt, &err, 5, id), 0);
		assert_int_equal(opt.with_identity, 1);
		assert_int_equal(parse(&opt, &err, 3, plan), 0);
		assert_int_equal(opt.with_identity, 1);
		assert_int_equal(parse(&opt, &err, 4, other), -1);
		assert_non_null(strstr(strbuf_str(&err), "--component 'apim': the one component allowed is identity"));
		assert_int_equal(parse(&opt, &err, 4, status), -1);
		assert_non_null(strstr(strbuf_str(&err), "an option of plan and apply"));
	}
	strbuf_release(&err);
}

static void test_help_forms(void **state)
{
	struct options opt;
	struct strbuf err = STRBUF_INIT;
	const char *a[] = { "amdelta", "--help", NULL };
	const char *b[] = { "amdelta", "help", "diff", NULL };
	const char *c[] = { "amdelta", "ddl", "-h", NULL };
	(void)state;

	assert_int_equal(parse(&opt, &err, 2, a), 0);
	assert_true(opt.help);
	assert_int_equal(parse(&opt, &err, 3, b), 0);
	assert_int_equal(opt.command, CMD_HELP);
	assert_int_equal(opt.help_command, CMD_DIFF);
	assert_int_equal(parse(&opt, &err, 3, c), 0);
	assert_int_equal(opt.command, CMD_DDL);
	assert_true(opt.help);
	strbuf_release(&err);
}

static void test_db_index(void **state)
{
	(void)state;
	assert_int_equal(db_from_name("wso2am_db"), DBI_AM);
	assert_int_equal(db_from_name("shared"), DBI_SHARED);
	assert_int_equal(db_from_name("APIM_ANALYTICS_DB"), DBI_ANALYTICS);
	assert_int_equal(db_from_name("WSO2_DB"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_options_around_command),
		cmocka_unit_test(test_usage_errors),
		cmocka_unit_test(test_apply_options),
		cmocka_unit_test(test_help_forms),
		cmocka_unit_test(test_db_index),
	};
	return cmocka_run_group_tests_name("cli", tests, NULL, NULL);
}
