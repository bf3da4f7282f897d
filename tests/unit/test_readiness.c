/* Unit tests of readiness: the check table and the pure parts.  The checks
 * themselves run against servers (tests/integration/t_70_check_verify.sh). */
#include "unit.h"

#include "readiness.h"

static void test_provider_domain(void **state)
{
	(void)state;
	assert_string_equal(readiness_provider_domain("admin"), "carbon.super");
	assert_string_equal(readiness_provider_domain("admin@a.com"), "a.com");
	/* e-mail user names in a tenant: the domain is after the last '@' */
	assert_string_equal(readiness_provider_domain("bob@gmail.com@t.org"), "t.org");
	assert_string_equal(readiness_provider_domain("trailing@"), "carbon.super");
	assert_string_equal(readiness_provider_domain(NULL), "carbon.super");
}

static void test_table(void **state)
{
	static const char *const want[] = {
		"database-state", "postgresql-superuser", "ddl-privileges", "registry-versioning",
		"cross-tenant-subscriptions", "tenants", "reg-log-size", "identity-volume",
		"null-callback-urls", "analytics-database",
	};
	(void)state;

	assert_int_equal(readiness_count(), sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < readiness_count(); i++)
		assert_string_equal(readiness_id(i), want[i]);
	assert_null(readiness_id(readiness_count()));
	assert_string_equal(check_status_name(CS_FAIL), "fail");
	assert_string_equal(check_severity_name(SEV_BLOCKER), "blocker");
	assert_string_equal(check_status_name((enum check_status)99), "?");
}

/* With no database configured every check still runs and says why it
 * measured nothing; none needs a connection to say so. */
static void test_nothing_configured(void **state)
{
	struct db_run dbs[DBI_COUNT];
	struct readiness_input in;
	struct run run;
	(void)state;

	memset(dbs, 0, sizeof(dbs));
	memset(&in, 0, sizeof(in));
	memset(&run, 0, sizeof(run));
	in.dbs = dbs;
	assert_int_equal(readiness_run(&in, &run), 0);
	assert_int_equal(run.nchecks, readiness_count());
	for (size_t i = 0; i < run.nchecks; i++) {
		assert_non_null(run.checks[i].detail);
		/* the analytics check warns that its step is skipped; the rest skip */
		if (!strcmp(run.checks[i].id, "analytics-database"))
			assert_int_equal(run.checks[i].status, CS_WARN);
		else
			assert_int_equal(run.checks[i].status, CS_SKIP);
	}
	run_release(&run);
	/* verify: a database in error leaves the checks that need it not
	 * measured (error), saying which database, without repeating its
	 * error: that is reported once, as the database's */
	dbs[DBI_AM].name = "WSO2AM_DB";
	dbs[DBI_AM].state = DB_ERROR;
	dbs[DBI_AM].error = "connection refused";
	assert_true(readiness_verify(&in, &run) >= 1);
	assert_string_equal(run.checks[0].id, "apim-state");
	assert_int_equal(run.checks[0].status, CS_ERROR);
	assert_non_null(strstr(run.checks[0].detail, "could not be read"));
	for (size_t i = 0; i < run.nchecks; i++) {
		assert_null(strstr(run.checks[i].detail, "connection refused"));
		for (size_t j = 0; j < run.checks[i].nrows; j++)
			assert_null(strstr(run.checks[i].rows[j], "connection refused"));
		if (!strcmp(run.checks[i].id, "key-mappings")) {
			assert_int_equal(run.checks[i].status, CS_ERROR);
			assert_non_null(strstr(run.checks[i].detail, "WSO2AM_DB could not be read"));
		}
	}
	run_release(&run);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_provider_domain),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_nothing_configured),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
