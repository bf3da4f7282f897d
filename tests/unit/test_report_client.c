/* Unit tests of report_client: the migration-config.yaml of WSO2's identity
 * client lists only the migrators still needed, says why the others are
 * left out, and never holds MigrationValidator, step2/identity or
 * TenantPortalMigrator. */
#include "unit.h"

#include "report.h"
#include "run_fixture.h"

static char *written(const struct run *run)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	report_client_config_write(f, run);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static void set_migrator(struct db_run *d, enum migrator m, enum migrator_state st, size_t made,
			 size_t total)
{
	d->migrators[m] = (struct migrator_result){ st, made, total };
}

static size_t occurrences(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

static void test_nothing_run(void **state)
{
	struct run run;
	struct db_run *am, *sh;
	char *yaml;
	(void)state;

	fixture_run(&run, CMD_CLIENT_CONFIG);
	am = fixture_db(&run, DBI_AM, DB_V300);
	sh = fixture_db(&run, DBI_SHARED, DB_V300);
	set_migrator(am, MIG_SCOPE_DATA, MS_NOT_RUN, 0, 1);
	set_migrator(am, MIG_STEP1_IDENTITY, MS_NOT_RUN, 0, 32);
	set_migrator(sh, MIG_STEP1_UM, MS_NOT_RUN, 0, 2);
	set_migrator(sh, MIG_STEP2_UM, MS_NOT_RUN, 0, 2);
	yaml = written(&run);
	assert_non_null(strstr(yaml, "continueOnError: \"false\"\n"));
	assert_non_null(strstr(yaml, "currentVersion: \"5.9.0\"\n"));
	assert_non_null(strstr(yaml, "    name: \"ScopeDataMigrator\"\n    order: 1\n"));
	assert_non_null(strstr(yaml, "    name: \"SchemaMigrator\"\n    order: 2\n    parameters:\n"
				     "      location: \"step1\"\n      schema: \"identity\"\n"));
	assert_non_null(strstr(yaml, "      location: \"step2\"\n      schema: \"um\"\n"));
	assert_non_null(strstr(yaml, "    name: \"UserIDMigrator\"\n"));
	assert_non_null(strstr(yaml, "    name: \"ClaimDataMigrator\"\n"));
	/* never run on API-M, each with its reason */
	assert_null(strstr(yaml, "name: \"MigrationValidator\""));
	assert_null(strstr(yaml, "name: \"TenantPortalMigrator\""));
	assert_null(strstr(yaml, "location: \"step2\"\n      schema: \"identity\""));
	assert_non_null(strstr(yaml, "# left out: MigrationValidator: the API-M guide"));
	assert_non_null(strstr(yaml, "# left out: SchemaMigrator step2/identity: the API-M guide"));
	assert_non_null(strstr(yaml, "# left out: TenantPortalMigrator: fails on API-M"));
	/* four SQL steps and four Java ones, ordered 1..8 */
	assert_int_equal(occurrences(yaml, "    name: "), 8);
	assert_non_null(strstr(yaml, "    order: 8\n"));
	assert_null(strstr(yaml, "    order: 9\n"));
	free(yaml);
	run_release(&run);
}

static void test_partly_done(void **state)
{
	static struct delta scope = {
		.id = "idn-oauth2-scope-scope-type", .db = DBI_AM, .component = COMP_IDENTITY,
		.migrator = MIG_SCOPE_DATA, .table = "IDN_OAUTH2_SCOPE", .release = "5.10.0",
	};
	static struct delta uuid = {
		.id = "sp-app-uuid", .db = DBI_AM, .component = COMP_IDENTITY,
		.migrator = MIG_STEP1_IDENTITY, .table = "SP_APP", .release = "5.10.0",
	};
	struct run run;
	struct db_run *am;
	char *yaml;
	(void)state;

	fixture_run(&run, CMD_CLIENT_CONFIG);
	am = fixture_db(&run, DBI_AM, DB_PARTIAL);
	fixture_db(&run, DBI_SHARED, DB_ERROR);
	fixture_delta(am, &scope, DS_APPLIED, -1, NULL);
	fixture_delta(am, &uuid, DS_MISSING, -1, "column SP_APP.UUID does not exist yet");
	set_migrator(am, MIG_SCOPE_DATA, MS_DONE, 1, 1);
	set_migrator(am, MIG_STEP1_IDENTITY, MS_PARTIAL, 30, 31);
	yaml = written(&run);
	/* done: left out, saying where it was found */
	assert_null(strstr(yaml, "name: \"ScopeDataMigrator\""));
	assert_non_null(strstr(yaml, "# left out: ScopeDataMigrator: done: every change it makes is in WSO2AM_DB"));
	/* partly done: kept, with what is missing and the warning */
	assert_non_null(strstr(yaml, "SchemaMigrator step1/identity: partly done, 30 of 31 changes (missing: sp-app-uuid)"));
	assert_non_null(strstr(yaml, "stops at the first change already made"));
	/* a database not read: its steps kept, and said */
	assert_non_null(strstr(yaml, "# SchemaMigrator step1/um: SHARED_DB was not read: kept"));
	assert_non_null(strstr(yaml, "      location: \"step1\"\n      schema: \"um\"\n"));
	/* the Java ones: not all SQL steps done, kept */
	assert_non_null(strstr(yaml, "name: \"OAuth2ScopesMigrator\""));
	free(yaml);
	run_release(&run);
}

static void test_all_done(void **state)
{
	struct run run;
	struct db_run *am, *sh;
	char *yaml;
	(void)state;

	fixture_run(&run, CMD_CLIENT_CONFIG);
	am = fixture_db(&run, DBI_AM, DB_V320);
	sh = fixture_db(&run, DBI_SHARED, DB_V320);
	set_migrator(am, MIG_SCOPE_DATA, MS_DONE, 1, 1);
	set_migrator(am, MIG_STEP1_IDENTITY, MS_DONE, 32, 32);
	set_migrator(sh, MIG_STEP1_UM, MS_DONE, 2, 2);
	set_migrator(sh, MIG_STEP2_UM, MS_DONE, 2, 2);
	yaml = written(&run);
	assert_int_equal(occurrences(yaml, "    name: "), 0);
	assert_non_null(strstr(yaml, "# nothing left for the client to do"));
	assert_non_null(strstr(yaml, "# left out: UserIDMigrator: amdelta does not read its rows"));
	assert_int_equal(occurrences(yaml, "# left out: "), 11);
	free(yaml);
	run_release(&run);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nothing_run),
		cmocka_unit_test(test_partly_done),
		cmocka_unit_test(test_all_done),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
