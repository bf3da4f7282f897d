/* Unit tests of the text and JSON reporters: text gives one line per
 * database (state, amdelta's part, identity, next step), the deltas not
 * applied, and the verdict line; JSON has the documented shape, the
 * verdict and every judged item. */
#include "unit.h"

#include <fcntl.h>
#include <jansson.h>

#include "report.h"
#include "run_fixture.h"

static struct delta scope = {
	.id = "am-scope", .db = DBI_AM, .component = COMP_APIM, .release = "3.2.0",
	.op = DOP_CREATE_TABLE, .table = "AM_SCOPE",
};
static struct delta users = {
	.id = "am-user", .db = DBI_AM, .component = COMP_APIM, .release = "3.1.0",
	.op = DOP_CREATE_TABLE, .table = "AM_USER",
};
static struct delta binding = {
	.id = "idn-oauth2-token-binding", .db = DBI_AM, .component = COMP_IDENTITY,
	.release = "5.10.0", .op = DOP_CREATE_TABLE, .table = "IDN_OAUTH2_TOKEN_BINDING",
};
static struct delta gw = {
	.id = "am-gw-published-api-details", .db = DBI_AM, .component = COMP_APIM,
	.release = "3.2.0", .op = DOP_CREATE_TABLE, .table = "AM_GW_PUBLISHED_API_DETAILS",
};

/* status: WSO2AM_DB partial (one apim delta missing, one applied, the
 * identity client's change not made), SHARED_DB not configured,
 * APIM_ANALYTICS_DB unreachable. */
static void build(struct run *run)
{
	struct db_run *d;

	fixture_run(run, CMD_STATUS);
	d = fixture_db(run, DBI_AM, DB_PARTIAL);
	d->apim = PART_PARTIAL;
	d->identity = PART_OLD;
	fixture_delta(d, &scope, DS_MISSING, -1, "table does not exist");
	fixture_delta(d, &users, DS_APPLIED, -1, NULL);
	fixture_delta(d, &binding, DS_MISSING, -1, "table does not exist");
	fixture_db(run, DBI_SHARED, DB_NOT_CONFIGURED);
	d = fixture_db(run, DBI_ANALYTICS, DB_ERROR);
	d->error = strdup("cannot connect to APIM_ANALYTICS_DB: refused");
	verdict_compute(run);
}

/* The text report of run, NUL-terminated; the caller frees it. */
static char *text_of(const struct run *run)
{
	char path[] = "/tmp/amdelta-text-XXXXXX";
	int fd = mkstemp(path);
	FILE *f;
	char *buf = NULL;
	size_t len = 0;

	assert_true(fd >= 0);
	assert_non_null(f = fdopen(fd, "w+"));
	report_text_write(f, run);
	rewind(f);
	assert_true(getdelim(&buf, &len, '\0', f) > 0);
	fclose(f);
	unlink(path);
	return buf;
}

/* The line of buf that starts with prefix, copied; fails when none. */
static char *line_of(const char *buf, const char *prefix)
{
	for (const char *p = buf; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		if (!strncmp(p, prefix, strlen(prefix))) {
			const char *e = strchr(p, '\n');

			return strndup(p, e ? (size_t)(e - p) : strlen(p));
		}
	}
	fail_msg("no line starts with '%s' in:\n%s", prefix, buf);
	return NULL;
}

static size_t occurrences(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

static void assert_contains(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("'%s' does not contain '%s'", hay, needle);
}

static void test_text(void **state)
{
	struct run run;
	char *buf, *line;
	(void)state;

	build(&run);
	buf = text_of(&run);
	/* the database's one line: dialect, state, amdelta's part, identity, next */
	line = line_of(buf, "WSO2AM_DB ");
	assert_contains(line, "postgresql");
	assert_contains(line, "partial  amdelta: partial, 1 to apply · identity 5.9.0 · next: amdelta apply");
	free(line);
	assert_contains(buf, "server: PostgreSQL 15.8");
	assert_contains(buf, "am-scope");
	assert_contains(buf, "AM_SCOPE");
	assert_contains(buf, "table does not exist");
	assert_null(strstr(buf, "am-user"));                    /* applied deltas are not listed */
	/* the identity client's changes: one line, not one per delta */
	assert_null(strstr(buf, "idn-oauth2-token-binding"));
	assert_contains(buf, "identity  1 of 1 changes of WSO2's identity migration client "
			"(guide step " GUIDE_IDENTITY_STEP ") not made");
	line = line_of(buf, "SHARED_DB ");
	assert_contains(line, "not-configured");
	assert_contains(line, "no DSN SHARED_DB defined");
	free(line);
	line = line_of(buf, "APIM_ANALYTICS_DB ");
	assert_contains(line, "error");
	assert_null(strstr(line, "next:"));
	free(line);
	/* the error itself is printed once, on stderr, as it happens: the text
	 * points there */
	assert_contains(buf, "\n  could not be read: see the error message above (stderr)\n");
	assert_int_equal(occurrences(buf, "cannot connect to APIM_ANALYTICS_DB"), 0);
	/* the verdict: one item per database, the unreachable one wins */
	line = line_of(buf, "status ");
	assert_string_equal(line, "status CANNOT TELL: 3 database items: 0 passed, 1 failed, 0 warned, "
			    "1 could not run, 1 skipped; 1 of 2 databases could not be read");
	free(line);
	line = line_of(buf, "next: ");
	assert_string_equal(line, "next: fix the connection (APIM_ANALYTICS_DB)");
	free(line);
	assert_null(strstr(buf, "\033["));                      /* no colour unless asked */
	free(buf);

	run.color = 1;
	buf = text_of(&run);
	assert_contains(buf, "\033[31merror\033[0m");
	assert_contains(buf, "status \033[31mCANNOT TELL");
	free(buf);
	run_release(&run);
}

/* The next step follows what is left: amdelta's deltas first, then the
 * identity client, then nothing; a database at 3.2.0 passes. */
static void test_text_next(void **state)
{
	struct run run;
	struct db_run *d;
	char *buf, *line;
	(void)state;

	/* amdelta's part done, the identity client's not */
	fixture_run(&run, CMD_STATUS);
	d = fixture_db(&run, DBI_AM, DB_PARTIAL);
	d->apim = PART_NEW;
	d->identity = PART_OLD;
	fixture_delta(d, &scope, DS_APPLIED, -1, NULL);
	fixture_delta(d, &binding, DS_MISSING, -1, "table does not exist");
	verdict_compute(&run);
	assert_int_equal(run.dbs[0].next, NEXT_IDENTITY_CLIENT);
	buf = text_of(&run);
	line = line_of(buf, "WSO2AM_DB ");
	assert_contains(line, "amdelta: 3.2.0, nothing to do · identity 5.9.0 · next: WSO2's identity "
			"migration client (guide step " GUIDE_IDENTITY_STEP ")");
	free(line);
	line = line_of(buf, "status ");
	assert_contains(line, "status FAIL: 1 database item: 0 passed, 1 failed");
	free(line);
	free(buf);
	run_release(&run);

	/* a conflict comes before anything else */
	fixture_run(&run, CMD_STATUS);
	d = fixture_db(&run, DBI_AM, DB_PARTIAL);
	d->apim = PART_PARTIAL;
	fixture_delta(d, &scope, DS_MISSING, -1, "table does not exist");
	fixture_delta(d, &gw, DS_CONFLICT, -1, "the table exists with other columns");
	verdict_compute(&run);
	buf = text_of(&run);
	assert_contains(buf, "next: resolve the conflict");
	assert_contains(buf, "the table exists with other columns");
	free(buf);
	run_release(&run);

	/* everything made: PASS, no next line */
	fixture_run(&run, CMD_STATUS);
	d = fixture_db(&run, DBI_AM, DB_V320);
	d->apim = PART_NEW;
	d->identity = PART_NEW;
	fixture_delta(d, &scope, DS_APPLIED, -1, NULL);
	fixture_delta(d, &binding, DS_APPLIED, -1, NULL);
	fixture_db(&run, DBI_SHARED, DB_NOT_CONFIGURED);
	verdict_compute(&run);
	assert_int_equal(run.verdict.exit_code, 0);
	buf = text_of(&run);
	line = line_of(buf, "WSO2AM_DB ");
	assert_contains(line, "3.2.0  amdelta: 3.2.0, nothing to do · identity 5.10.0");
	assert_null(strstr(line, "next:"));
	free(line);
	line = line_of(buf, "status ");
	assert_string_equal(line, "status PASS: 2 database items: 1 passed, 0 failed, 0 warned, "
			    "0 could not run, 1 skipped");
	free(line);
	assert_null(strstr(buf, "next:"));
	free(buf);
	run_release(&run);
}

/* check: the checks listed with their rows, remedies only where they help. */
static void test_text_checks(void **state)
{
	struct run run;
	char *buf, *line;
	(void)state;

	fixture_run(&run, CMD_CHECK);
	fixture_db(&run, DBI_AM, DB_V300)->apim = PART_OLD;
	fixture_check(&run, "database-state", SEV_BLOCKER, CS_PASS, "every database is at 3.0.0", NULL);
	fixture_check(&run, "postgresql-superuser", SEV_BLOCKER, CS_FAIL, "the role is not a superuser",
		      "am: role reader is not a superuser");
	fixture_check(&run, "ddl-privileges", SEV_BLOCKER, CS_ERROR, "permission denied", NULL);
	verdict_compute(&run);
	assert_int_equal(run.nchecks, 3);                 /* no per-database item for check */
	buf = text_of(&run);
	assert_contains(buf, "\nchecks:\n");
	assert_contains(buf, "am: role reader is not a superuser");
	/* the failed check's remedy; not the error's, nor the pass's */
	assert_int_equal(occurrences(buf, "remedy: the remedy of the check"), 1);
	line = line_of(buf, "check ");
	assert_string_equal(line, "check CANNOT TELL: 3 checks: 1 passed, 1 failed, 0 warned, "
			    "1 could not run, 0 skipped");
	free(line);
	free(buf);
	run_release(&run);
}

static json_t *load(const char *path)
{
	json_error_t jerr;
	json_t *root = json_load_file(path, 0, &jerr);

	if (!root)
		fail_msg("%s: %s", path, jerr.text);
	return root;
}

static const char *jstr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_string(v))
		fail_msg("\"%s\" is not a string", key);
	return json_string_value(v);
}

static long jint(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_integer(v))
		fail_msg("\"%s\" is not an integer", key);
	return (long)json_integer_value(v);
}

static void test_json(void **state)
{
	struct run run;
	struct strbuf err = STRBUF_INIT;
	char path[] = "/tmp/amdelta-json-XXXXXX";
	int fd = mkstemp(path);
	json_t *root, *v, *counts, *checks, *c, *db, *delta;
	(void)state;

	assert_true(fd >= 0);
	close(fd);
	build(&run);
	assert_int_equal(report_json_write(path, &run, &err), 0);
	root = load(path);
	assert_string_equal(jstr(root, "command"), "status");

	/* the verdict, as verdict_compute judged it */
	v = json_object_get(root, "verdict");
	assert_true(json_is_object(v));
	assert_string_equal(jstr(v, "verdict"), "CANNOT TELL");
	assert_int_equal(jint(v, "exit_code"), 3);
	assert_string_equal(jstr(v, "summary"), run.verdict.summary);
	assert_string_equal(jstr(v, "next"), "fix the connection (APIM_ANALYTICS_DB)");
	assert_int_equal(jint(v, "blockers_failed"), 1);
	assert_int_equal(jint(v, "databases_configured"), 2);
	assert_int_equal(jint(v, "databases_unreachable"), 1);
	counts = json_object_get(v, "counts");
	assert_int_equal(json_object_size(counts), 5);
	assert_int_equal(jint(counts, "pass"), 0);
	assert_int_equal(jint(counts, "warn"), 0);
	assert_int_equal(jint(counts, "fail"), 1);
	assert_int_equal(jint(counts, "error"), 1);
	assert_int_equal(jint(counts, "skip"), 1);

	/* every judged item, each naming its database; the counts are theirs */
	checks = json_object_get(root, "checks");
	assert_int_equal(json_array_size(checks), 3);
	c = json_array_get(checks, 0);
	assert_string_equal(jstr(c, "database"), "WSO2AM_DB");
	assert_string_equal(jstr(c, "status"), "fail");
	assert_string_equal(jstr(c, "severity"), "blocker");
	assert_string_equal(jstr(c, "title"), "WSO2AM_DB is at 3.2.0");
	assert_non_null(strstr(jstr(c, "detail"), "partial  amdelta: partial, 1 to apply"));
	assert_string_equal(jstr(c, "remedy"), "run `amdelta apply --yes`");
	assert_true(json_is_array(json_object_get(c, "rows")));
	c = json_array_get(checks, 1);
	assert_string_equal(jstr(c, "database"), "SHARED_DB");
	assert_string_equal(jstr(c, "status"), "skip");
	assert_true(json_is_null(json_object_get(c, "remedy")));
	c = json_array_get(checks, 2);
	assert_string_equal(jstr(c, "database"), "APIM_ANALYTICS_DB");
	assert_string_equal(jstr(c, "status"), "error");
	assert_string_equal(jstr(c, "detail"), "cannot connect to APIM_ANALYTICS_DB: refused");
	assert_true(json_is_null(json_object_get(c, "remedy")));

	/* the databases: the whole state and its two parts, the next step */
	assert_int_equal(json_array_size(json_object_get(root, "databases")), 3);
	db = json_array_get(json_object_get(root, "databases"), 0);
	assert_string_equal(jstr(db, "name"), "WSO2AM_DB");
	assert_string_equal(jstr(db, "dialect"), "postgresql");
	assert_string_equal(jstr(db, "state"), "partial");
	assert_string_equal(jstr(db, "apim_state"), "partial");
	assert_string_equal(jstr(db, "identity_state"), "5.9.0");
	assert_string_equal(jstr(db, "next"), "amdelta apply");
	assert_string_equal(jstr(db, "connection"), "Driver=PostgreSQL;Database=am;Pwd=***;");
	assert_string_equal(jstr(json_object_get(db, "server"), "version"), "15.8");
	assert_int_equal(jint(db, "round_trips"), 7);
	assert_null(json_object_get(db, "diff"));              /* status does not diff */
	assert_null(json_object_get(db, "plan"));
	assert_int_equal(json_array_size(json_object_get(db, "deltas")), 3);
	delta = json_array_get(json_object_get(db, "deltas"), 0);
	assert_string_equal(jstr(delta, "id"), "am-scope");
	assert_string_equal(jstr(delta, "table"), "AM_SCOPE");
	assert_string_equal(jstr(delta, "status"), "missing");
	assert_string_equal(jstr(delta, "detail"), "table does not exist");
	assert_string_equal(jstr(delta, "component"), "apim");
	delta = json_array_get(json_object_get(db, "deltas"), 2);
	assert_string_equal(jstr(delta, "component"), "identity");
	db = json_array_get(json_object_get(root, "databases"), 1);
	assert_string_equal(jstr(db, "state"), "not-configured");
	assert_true(json_is_null(json_object_get(db, "apim_state")));
	assert_true(json_is_null(json_object_get(db, "identity_state")));
	assert_true(json_is_null(json_object_get(db, "next")));
	assert_true(json_is_null(json_object_get(db, "dialect")));
	db = json_array_get(json_object_get(root, "databases"), 2);
	assert_string_equal(jstr(db, "state"), "error");
	assert_string_equal(jstr(db, "next"), "fix the connection");
	assert_string_equal(jstr(db, "error"), "cannot connect to APIM_ANALYTICS_DB: refused");
	json_decref(root);
	unlink(path);

	assert_int_equal(report_json_write("/nonexistent-dir/x.json", &run, &err), -1);
	assert_non_null(strstr(strbuf_str(&err), "/nonexistent-dir/x.json"));
	strbuf_release(&err);
	run_release(&run);
}

/* diff: the two comparisons under "diff", which one matches; the item
 * passes when the database matches either expected catalog. */
static void test_json_diff(void **state)
{
	struct run run;
	struct strbuf err = STRBUF_INIT;
	char path[] = "/tmp/amdelta-json-XXXXXX";
	int fd = mkstemp(path);
	struct db_run *d;
	json_t *root, *db, *diff, *it;
	(void)state;

	assert_true(fd >= 0);
	close(fd);
	fixture_run(&run, CMD_DIFF);
	d = fixture_db(&run, DBI_AM, DB_V320);
	d->apim = PART_NEW;
	d->diffed = 1;
	d->against_fresh.against = strdup("fresh-3.2.0");
	diff_result_add(&d->against_fresh, "AM_API", "column", "differs", "default");
	d->against_migrated.against = strdup("3.0.0+deltas");
	d->match = MATCH_MIGRATED;
	d = fixture_db(&run, DBI_ANALYTICS, DB_PARTIAL);
	d->apim = PART_PARTIAL;
	d->diffed = 1;
	d->against_fresh.against = strdup("fresh-3.2.0");
	diff_result_add(&d->against_fresh, "APILASTACCESSSUMMARY", "primary-key", "differs", NULL);
	d->against_migrated.against = strdup("3.0.0+deltas");
	diff_result_add(&d->against_migrated, "APILASTACCESSSUMMARY", "primary-key", "differs", NULL);
	d->match = MATCH_NEITHER;
	verdict_compute(&run);
	assert_int_equal(report_json_write(path, &run, &err), 0);
	root = load(path);
	assert_string_equal(jstr(json_object_get(root, "verdict"), "verdict"), "FAIL");
	assert_int_equal(jint(json_object_get(root, "verdict"), "exit_code"), 1);
	db = json_array_get(json_object_get(root, "databases"), 0);
	assert_string_equal(jstr(db, "matches"), "3.0.0+deltas");
	diff = json_object_get(db, "diff");
	assert_int_equal(json_array_size(diff), 2);
	assert_string_equal(jstr(json_array_get(diff, 0), "against"), "fresh-3.2.0");
	assert_string_equal(jstr(json_array_get(diff, 1), "against"), "3.0.0+deltas");
	assert_int_equal(json_array_size(json_object_get(json_array_get(diff, 1), "differences")), 0);
	it = json_array_get(json_object_get(json_array_get(diff, 0), "differences"), 0);
	assert_string_equal(jstr(it, "table"), "AM_API");
	assert_string_equal(jstr(it, "kind"), "column");
	assert_string_equal(jstr(it, "what"), "differs");
	assert_string_equal(jstr(it, "detail"), "default");
	db = json_array_get(json_object_get(root, "databases"), 1);
	assert_true(json_is_null(json_object_get(db, "matches")));   /* neither: null */
	it = json_array_get(json_object_get(json_array_get(json_object_get(db, "diff"), 1), "differences"), 0);
	assert_true(json_is_null(json_object_get(it, "detail")));
	assert_string_equal(jstr(json_array_get(json_object_get(root, "checks"), 0), "status"), "pass");
	assert_string_equal(jstr(json_array_get(json_object_get(root, "checks"), 1), "status"), "fail");
	assert_string_equal(jstr(json_array_get(json_object_get(root, "checks"), 1), "database"),
			    "APIM_ANALYTICS_DB");
	json_decref(root);
	unlink(path);
	strbuf_release(&err);
	run_release(&run);
}

/* check: the readiness checks are the items; none names a database; "-"
 * writes to stdout. */
static void test_json_check_stdout(void **state)
{
	struct run run;
	struct strbuf err = STRBUF_INIT;
	char path[] = "/tmp/amdelta-json-XXXXXX";
	int fd = mkstemp(path), saved;
	json_t *root, *checks, *c;
	(void)state;

	assert_true(fd >= 0);
	fixture_run(&run, CMD_CHECK);
	fixture_db(&run, DBI_AM, DB_V300)->apim = PART_OLD;
	fixture_check(&run, "tenants", SEV_INFO, CS_WARN, "1 tenants", "a.com");
	fixture_check(&run, "analytics-database", SEV_WARNING, CS_SKIP, "not configured", NULL);
	verdict_compute(&run);

	fflush(stdout);
	saved = dup(STDOUT_FILENO);
	assert_true(saved >= 0);
	assert_true(dup2(fd, STDOUT_FILENO) >= 0);
	close(fd);
	assert_int_equal(report_json_write("-", &run, &err), 0);
	fflush(stdout);
	assert_true(dup2(saved, STDOUT_FILENO) >= 0);
	close(saved);
	assert_string_equal(strbuf_str(&err), "");

	root = load(path);
	assert_string_equal(jstr(json_object_get(root, "verdict"), "verdict"), "PASS");
	assert_true(json_is_null(json_object_get(json_object_get(root, "verdict"), "next")));
	checks = json_object_get(root, "checks");
	assert_int_equal(json_array_size(checks), 2);
	c = json_array_get(checks, 0);
	assert_string_equal(jstr(c, "id"), "tenants");
	assert_null(json_object_get(c, "database"));
	assert_string_equal(jstr(c, "status"), "warn");
	assert_string_equal(jstr(c, "remedy"), "the remedy of the check");   /* a warning shows it */
	assert_string_equal(json_string_value(json_array_get(json_object_get(c, "rows"), 0)), "a.com");
	c = json_array_get(checks, 1);
	assert_true(json_is_null(json_object_get(c, "remedy")));             /* a skip does not */
	assert_int_equal(jint(json_object_get(json_object_get(root, "verdict"), "counts"), "warn"), 1);
	assert_int_equal(jint(json_object_get(json_object_get(root, "verdict"), "counts"), "skip"), 1);
	json_decref(root);
	unlink(path);
	strbuf_release(&err);
	run_release(&run);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_text_next),
		cmocka_unit_test(test_text_checks),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_json_diff),
		cmocka_unit_test(test_json_check_stdout),
	};
	return cmocka_run_group_tests_name("report", tests, NULL, NULL);
}
