/* Unit tests of the JUnit reporter: hand-built run models of every command,
 * judged by verdict_compute(), written, parsed back, validated against
 * tests/junit.xsd, counts added up and compared with the verdict's, and the
 * outcome of particular testcases checked.  status, diff, plan and apply
 * give one testcase per database (its verdict item); check and verify one
 * per check. */
#include "unit.h"

#include <fcntl.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>

#include "readiness.h"
#include "report.h"
#include "run_fixture.h"

#define HOSTILE "<img src=x onerror=alert(1)>"

static struct delta scope = {
	.id = "am-scope", .db = DBI_AM, .component = COMP_APIM, .release = "3.2.0",
	.op = DOP_CREATE_TABLE, .table = "AM_SCOPE", .title = "create AM_SCOPE",
};
static struct delta users = {
	.id = "am-user", .db = DBI_AM, .component = COMP_APIM, .release = "3.1.0",
	.op = DOP_CREATE_TABLE, .table = "AM_USER", .title = "create AM_USER",
};
static struct delta gw = {
	.id = "am-gw-published-api-details", .db = DBI_AM, .component = COMP_APIM,
	.release = "3.2.0", .op = DOP_CREATE_TABLE, .table = "AM_GW_PUBLISHED_API_DETAILS",
	.title = "create AM_GW_PUBLISHED_API_DETAILS",
};
static struct delta binding = {
	.id = "idn-oauth2-token-binding", .db = DBI_AM, .component = COMP_IDENTITY,
	.release = "5.10.0", .op = DOP_CREATE_TABLE, .table = "IDN_OAUTH2_TOKEN_BINDING",
	.title = "create IDN_OAUTH2_TOKEN_BINDING",
};
static struct delta uuid_fill = {
	.id = "am-app-key-mapping-uuid-fill", .db = DBI_AM, .component = COMP_APIM,
	.release = "3.2.0", .op = DOP_DATA_FIX, .table = "AM_APPLICATION_KEY_MAPPING",
	.column = "UUID", .title = "fill UUID",
};
static struct delta trigger = {
	.id = "am-api-trigger", .db = DBI_AM, .component = COMP_APIM, .release = "3.2.0",
	.op = DOP_ADD_TRIGGER, .table = "AM_API", .title = "a trigger (Oracle only)",
};
static struct delta reg_cleanup = {
	.id = "reg-versioning-cleanup", .db = DBI_SHARED, .component = COMP_APIM, .release = "3.2.0",
	.op = DOP_DATA_FIX, .table = "REG_RESOURCE", .conditional = 1, .title = "registry clean-up",
};
static struct delta um_col = {
	.id = "um-tenant-col", .db = DBI_SHARED, .component = COMP_IDENTITY, .release = "5.10.0",
	.op = DOP_ADD_COLUMN, .table = "UM_TENANT", .title = "a user store column",
};
static struct delta an_pk = {
	.id = "apilastaccesssummary-pk", .db = DBI_ANALYTICS, .component = COMP_APIM,
	.release = "3.2.0", .op = DOP_SET_PRIMARY_KEY, .table = "APILASTACCESSSUMMARY",
	.title = "the new primary key",
};

/* ------------------------------------------------------------ building runs */

/* WSO2AM_DB partial (every delta status, the identity client's change not
 * made), SHARED_DB not configured, APIM_ANALYTICS_DB in error; judged. */
static void build_status(struct run *run, enum command cmd)
{
	struct db_run *d;

	fixture_run(run, cmd);
	d = fixture_db(run, DBI_AM, DB_PARTIAL);
	d->apim = PART_PARTIAL;
	d->identity = PART_OLD;
	fixture_delta(d, &scope, DS_MISSING, -1, "table does not exist");
	fixture_delta(d, &users, DS_APPLIED, -1, "");
	fixture_delta(d, &gw, DS_CONFLICT, -1, "the table exists with other columns");
	fixture_delta(d, &binding, DS_MISSING, -1, "table does not exist");
	fixture_delta(d, &uuid_fill, DS_MISSING, 60, "60 rows without UUID");
	fixture_delta(d, &trigger, DS_NA, -1, "not for postgresql");
	fixture_db(run, DBI_SHARED, DB_NOT_CONFIGURED);
	d = fixture_db(run, DBI_ANALYTICS, DB_ERROR);
	d->error = strdup("cannot connect to APIM_ANALYTICS_DB: connection refused");
	verdict_compute(run);
}

/* ------------------------------------------------------------ reading reports */

static char *temp_path(void)
{
	char *path = strdup("/tmp/amdelta-junit-XXXXXX");
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	close(fd);
	return path;
}

static xmlSchemaPtr load_schema(void)
{
	char path[4096];
	xmlSchemaParserCtxtPtr pc;
	xmlSchemaPtr schema;

	snprintf(path, sizeof(path), "%s/tests/junit.xsd", unit_top());
	pc = xmlSchemaNewParserCtxt(path);
	assert_non_null(pc);
	schema = xmlSchemaParse(pc);
	xmlSchemaFreeParserCtxt(pc);
	assert_non_null(schema);
	return schema;
}

/* 0 when doc is valid against tests/junit.xsd. */
static int validate(xmlDocPtr doc)
{
	xmlSchemaPtr schema = load_schema();
	xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
	int rc;

	assert_non_null(vc);
	rc = xmlSchemaValidateDoc(vc, doc);
	xmlSchemaFreeValidCtxt(vc);
	xmlSchemaFree(schema);
	return rc;
}

static double xnum(xmlDocPtr doc, const char *expr)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathObjectPtr o;
	double v;

	assert_non_null(ctx);
	o = xmlXPathEvalExpression(BAD_CAST expr, ctx);
	assert_non_null(o);
	v = xmlXPathCastToNumber(o);
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(ctx);
	return v;
}

/* The string value of expr; the caller frees it. */
static char *xstr(xmlDocPtr doc, const char *expr)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathObjectPtr o;
	xmlChar *s;
	char *r;

	assert_non_null(ctx);
	o = xmlXPathEvalExpression(BAD_CAST expr, ctx);
	assert_non_null(o);
	s = xmlXPathCastToString(o);
	r = strdup((const char *)s);
	xmlFree(s);
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(ctx);
	return r;
}

static long xcount(xmlDocPtr doc, const char *expr)
{
	char buf[2048];

	snprintf(buf, sizeof(buf), "count(%s)", expr);
	return (long)xnum(doc, buf);
}

/* Every testsuite's and the testsuites' counts and times are the sums of
 * what they hold. */
static void assert_counts_add_up(xmlDocPtr doc)
{
	static const char *const attrs[][2] = {
		{ "tests", "testcase" }, { "failures", "testcase[failure]" },
		{ "errors", "testcase[error]" }, { "skipped", "testcase[skipped]" },
	};
	char buf[512];

	assert_true(xcount(doc, "/testsuites/testsuite") > 0);
	for (size_t i = 0; i < 4; i++) {
		snprintf(buf, sizeof(buf), "/testsuites/testsuite[not(@%s) or @%s != count(%s)]",
			 attrs[i][0], attrs[i][0], attrs[i][1]);
		assert_int_equal(xcount(doc, buf), 0);
		snprintf(buf, sizeof(buf), "/testsuites/@%s = sum(/testsuites/testsuite/@%s)",
			 attrs[i][0], attrs[i][0]);
		assert_int_equal((long)xnum(doc, buf), 1);
	}
	assert_int_equal(xcount(doc, "/testsuites/testsuite[(@time - sum(testcase/@time)) > 0.0005 or "
				"(sum(testcase/@time) - @time) > 0.0005]"), 0);
	assert_true(xnum(doc, "/testsuites/@time - sum(/testsuites/testsuite/@time)") < 0.0005);
	assert_true(xnum(doc, "sum(/testsuites/testsuite/@time) - /testsuites/@time") < 0.0005);
}

/* Writes run to a temp file, parses and validates it; the caller frees the
 * document (and *pathp, the file, when pathp is given). */
static xmlDocPtr write_and_read(const struct run *run, char **pathp)
{
	struct strbuf err = STRBUF_INIT;
	char *path = temp_path();
	xmlDocPtr doc;

	assert_non_null(run->verdict.summary);           /* verdict_compute ran */
	assert_int_equal(report_junit_write(path, run, &err), 0);
	assert_string_equal(strbuf_str(&err), "");
	doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
	assert_non_null(doc);
	assert_int_equal(validate(doc), 0);
	assert_counts_add_up(doc);
	/* the testcases are the verdict's items: the same counts */
	assert_int_equal(xcount(doc, "//testcase"), run->nchecks);
	assert_int_equal((long)xnum(doc, "number(/testsuites/@tests)"), run->nchecks);
	assert_int_equal((long)xnum(doc, "number(/testsuites/@failures)"), run->verdict.by_status[CS_FAIL]);
	assert_int_equal((long)xnum(doc, "number(/testsuites/@errors)"), run->verdict.by_status[CS_ERROR]);
	assert_int_equal((long)xnum(doc, "number(/testsuites/@skipped)"), run->verdict.by_status[CS_SKIP]);
	/* one suite per database, and one for the checks of check and verify */
	assert_int_equal(xcount(doc, "/testsuites/testsuite"),
			 run->ndbs + ((run->command == CMD_CHECK || run->command == CMD_VERIFY) && run->nchecks));
	strbuf_release(&err);
	if (pathp) {
		*pathp = path;
	} else {
		unlink(path);
		free(path);
	}
	return doc;
}

/* "pass", "failure", "error" or "skipped": the outcome of the one testcase
 * classname/name of suite; "absent" or "several" otherwise. */
static const char *outcome(xmlDocPtr doc, const char *suite, const char *classname, const char *name)
{
	static const char *const kinds[] = { "failure", "error", "skipped" };
	char base[1024], buf[1200];
	const char *r = "pass";
	long n;

	snprintf(base, sizeof(base),
		 "/testsuites/testsuite[@name='%s']/testcase[@classname='%s' and @name='%s']",
		 suite, classname, name);
	n = xcount(doc, base);
	if (n != 1)
		return n ? "several" : "absent";
	for (size_t i = 0; i < 3; i++) {
		snprintf(buf, sizeof(buf), "%s/%s", base, kinds[i]);
		if (xcount(doc, buf))
			r = kinds[i];
	}
	return r;
}

/* The string value of the XPath step below the testcase (e.g.
 * "failure/@message", "system-out"); the caller frees it. */
static char *case_str(xmlDocPtr doc, const char *suite, const char *classname, const char *name,
		      const char *below)
{
	char buf[1200];

	snprintf(buf, sizeof(buf),
		 "string(/testsuites/testsuite[@name='%s']/testcase[@classname='%s' and @name='%s']/%s)",
		 suite, classname, name, below);
	return xstr(doc, buf);
}

static void assert_case_contains(xmlDocPtr doc, const char *suite, const char *classname,
				 const char *name, const char *below, const char *needle)
{
	char *s = case_str(doc, suite, classname, name, below);

	if (!strstr(s, needle))
		fail_msg("%s %s/%s %s: '%s' does not contain '%s'", suite, classname, name, below, s,
			 needle);
	free(s);
}

static long suite_attr(xmlDocPtr doc, const char *suite, const char *attr)
{
	char buf[512];

	snprintf(buf, sizeof(buf), "number(/testsuites/testsuite[@name='%s']/@%s)", suite, attr);
	return (long)xnum(doc, buf);
}

static char *suite_prop(xmlDocPtr doc, const char *suite, const char *prop)
{
	char buf[512];

	snprintf(buf, sizeof(buf),
		 "string(/testsuites/testsuite[@name='%s']/properties/property[@name='%s']/@value)",
		 suite, prop);
	return xstr(doc, buf);
}

static void assert_prop(xmlDocPtr doc, const char *suite, const char *prop, const char *want)
{
	char *v = suite_prop(doc, suite, prop);

	assert_string_equal(v, want);
	free(v);
}

/* ------------------------------------------------------------ tests */

static void quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

/* The schema is not vacuous: documents that break it are rejected. */
static void test_schema_rejects(void **state)
{
	static const char *const bad[] = {
		/* two outcomes */
		"<testsuites tests='1' failures='1' errors='1' skipped='0' time='0'>"
		"<testsuite name='s' tests='1' failures='1' errors='1' skipped='0' time='0'>"
		"<testcase classname='c' name='n'><failure/><error/></testcase></testsuite></testsuites>",
		/* no tests count */
		"<testsuites tests='0' failures='0' errors='0' skipped='0' time='0'>"
		"<testsuite name='s' failures='0' errors='0' skipped='0' time='0'/></testsuites>",
		/* a negative time */
		"<testsuites tests='0' failures='0' errors='0' skipped='0' time='-1'/>",
		/* properties after a testcase */
		"<testsuites tests='1' failures='0' errors='0' skipped='0' time='0'>"
		"<testsuite name='s' tests='1' failures='0' errors='0' skipped='0' time='0'>"
		"<testcase classname='c' name='n'/><properties><property name='a' value='b'/></properties>"
		"</testsuite></testsuites>",
		/* the same testcase twice */
		"<testsuites tests='2' failures='0' errors='0' skipped='0' time='0'>"
		"<testsuite name='s' tests='2' failures='0' errors='0' skipped='0' time='0'>"
		"<testcase classname='c' name='n'/><testcase classname='c' name='n'/>"
		"</testsuite></testsuites>",
		/* an unknown element */
		"<testsuites tests='1' failures='0' errors='0' skipped='0' time='0'>"
		"<testsuite name='s' tests='1' failures='0' errors='0' skipped='0' time='0'>"
		"<testcase classname='c' name='n'><warning/></testcase></testsuite></testsuites>",
	};
	static const char good[] =
		"<testsuites tests='1' failures='1' errors='0' skipped='0' time='0.5'>"
		"<testsuite name='s' tests='1' failures='1' errors='0' skipped='0' time='0.5'>"
		"<properties><property name='a' value='b'/></properties>"
		"<testcase classname='c' name='n' time='0.5'><failure message='m' type='t'>x</failure>"
		"<system-out>o</system-out></testcase></testsuite></testsuites>";
	xmlDocPtr doc;
	(void)state;

	xmlSetGenericErrorFunc(NULL, quiet);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		doc = xmlReadMemory(bad[i], (int)strlen(bad[i]), "bad.xml", NULL, XML_PARSE_NONET);
		assert_non_null(doc);
		if (validate(doc) == 0)
			fail_msg("the schema accepts bad document %zu", i);
		xmlFreeDoc(doc);
	}
	xmlSetGenericErrorFunc(NULL, NULL);
	doc = xmlReadMemory(good, (int)strlen(good), "good.xml", NULL, XML_PARSE_NONET);
	assert_non_null(doc);
	assert_int_equal(validate(doc), 0);
	xmlFreeDoc(doc);
}


/* The status testcase of each database: its verdict item, with what it
 * stands on in system-out. */
static void test_status(void **state)
{
	struct run run;
	xmlDocPtr doc;
	const char *s = "status: WSO2AM_DB";
	char *t;
	(void)state;

	build_status(&run, CMD_STATUS);
	doc = write_and_read(&run, NULL);
	assert_int_equal(xcount(doc, "/testsuites[@name='amdelta status']"), 1);
	assert_int_equal(xcount(doc, "/testsuites/testsuite[@name='status: SHARED_DB']"), 1);
	/* one testcase: the database's item, a failure (partial, not 3.2.0) */
	assert_int_equal(suite_attr(doc, s, "tests"), 1);
	assert_int_equal(suite_attr(doc, s, "failures"), 1);
	assert_int_equal(suite_attr(doc, s, "errors"), 0);
	assert_int_equal(suite_attr(doc, s, "skipped"), 0);
	assert_string_equal(outcome(doc, s, "WSO2AM_DB", "status"), "failure");
	t = case_str(doc, s, "WSO2AM_DB", "status", "failure/@message");
	assert_string_equal(t, "partial  amdelta: partial, 2 to apply · identity 5.9.0 · "
			    "next: resolve the conflict");
	free(t);
	assert_case_contains(doc, s, "WSO2AM_DB", "status", "failure/@type", "blocker");
	assert_case_contains(doc, s, "WSO2AM_DB", "status", "failure", "WSO2AM_DB is at 3.2.0 (blocker)");
	assert_case_contains(doc, s, "WSO2AM_DB", "status", "failure",
			     "remedy: resolve the deltas in conflict by hand");
	/* system-out: the deltas not applied, the identity component as one line */
	assert_case_contains(doc, s, "WSO2AM_DB", "status", "system-out",
			     "missing am-scope (AM_SCOPE): table does not exist\n");
	assert_case_contains(doc, s, "WSO2AM_DB", "status", "system-out",
			     "conflict am-gw-published-api-details (AM_GW_PUBLISHED_API_DETAILS): "
			     "the table exists with other columns\n");
	assert_case_contains(doc, s, "WSO2AM_DB", "status", "system-out",
			     "missing am-app-key-mapping-uuid-fill (AM_APPLICATION_KEY_MAPPING): "
			     "60 rows without UUID\n");
	assert_case_contains(doc, s, "WSO2AM_DB", "status", "system-out",
			     "identity component 5.9.0: 1 change");
	assert_case_contains(doc, s, "WSO2AM_DB", "status", "system-out",
			     "left to WSO2's identity migration client (guide step "
			     GUIDE_IDENTITY_STEP ")");
	t = case_str(doc, s, "WSO2AM_DB", "status", "system-out");
	assert_null(strstr(t, "am-user"));                   /* applied */
	assert_null(strstr(t, "am-api-trigger"));            /* not applicable */
	assert_null(strstr(t, "idn-oauth2-token-binding"));  /* in the identity line */
	free(t);
	assert_prop(doc, s, "dialect", "postgresql");
	assert_prop(doc, s, "server", "PostgreSQL");
	assert_prop(doc, s, "server_version", "15.8");
	assert_prop(doc, s, "driver", "psqlodbcw.so");
	assert_prop(doc, s, "connection", "Driver=PostgreSQL;Database=am;Pwd=***;");
	assert_prop(doc, s, "state", "partial");
	assert_prop(doc, s, "apim_state", "partial");
	assert_prop(doc, s, "identity_state", "5.9.0");
	assert_prop(doc, s, "next", "resolve the conflict");
	assert_prop(doc, s, "round_trips", "7");
	/* only where known: no plan --from, no diff, no verify */
	assert_int_equal(xcount(doc, "//property[@name='from' or @name='matches' or "
				"@name='differences_explained']"), 0);
	/* not configured: skipped; error: an error; no state parts for either */
	s = "status: SHARED_DB";
	assert_int_equal(suite_attr(doc, s, "tests"), 1);
	assert_string_equal(outcome(doc, s, "SHARED_DB", "status"), "skipped");
	assert_case_contains(doc, s, "SHARED_DB", "status", "skipped/@message", "not configured");
	assert_prop(doc, s, "state", "not-configured");
	assert_int_equal(xcount(doc, "/testsuites/testsuite[@name='status: SHARED_DB']/properties/"
				"property[@name='apim_state' or @name='identity_state' or @name='next' "
				"or @name='dialect']"), 0);
	s = "status: APIM_ANALYTICS_DB";
	assert_int_equal(suite_attr(doc, s, "tests"), 1);
	assert_string_equal(outcome(doc, s, "APIM_ANALYTICS_DB", "status"), "error");
	assert_case_contains(doc, s, "APIM_ANALYTICS_DB", "status", "error/@message", "connection refused");
	assert_prop(doc, s, "next", "fix the connection");
	/* neither a skip nor an error shows a remedy */
	t = case_str(doc, s, "APIM_ANALYTICS_DB", "status", "error");
	assert_null(strstr(t, "remedy"));
	free(t);
	assert_int_equal((long)xnum(doc, "number(/testsuites/@tests)"), 3);
	assert_int_equal((long)xnum(doc, "number(/testsuites/@failures)"), 1);
	assert_int_equal((long)xnum(doc, "number(/testsuites/@errors)"), 1);
	assert_int_equal((long)xnum(doc, "number(/testsuites/@skipped)"), 1);
	/* no timestamp */
	assert_int_equal(xcount(doc, "//@timestamp"), 0);
	xmlFreeDoc(doc);
	run_release(&run);
}

/* SHARED_DB: amdelta's part made but for the conditional registry
 * clean-up (run when registry_cleanup says so), the identity client's
 * change not made; judged. */
static void build_shared(struct run *run, int registry_cleanup)
{
	struct db_run *d;

	fixture_run(run, CMD_STATUS);
	run->registry_cleanup = registry_cleanup;
	d = fixture_db(run, DBI_SHARED, DB_PARTIAL);
	d->apim = PART_NEW;
	d->identity = PART_OLD;
	fixture_delta(d, &reg_cleanup, DS_MISSING, 7, "7 versioned rows");
	fixture_delta(d, &um_col, DS_MISSING, -1, "column does not exist");
	verdict_compute(run);
}

/* The next step and the remedy follow what is left; an unknown database
 * is the connection's fault; check and verify judge by their checks only. */
static void test_per_command(void **state)
{
	struct run run;
	struct db_run *d;
	xmlDocPtr doc;
	const char *s = "status: SHARED_DB";
	char *t;
	(void)state;

	/* amdelta's part done, the registry clean-up not asked for: the
	 * identity client is next */
	build_shared(&run, 0);
	doc = write_and_read(&run, NULL);
	assert_string_equal(outcome(doc, s, "SHARED_DB", "status"), "failure");
	assert_prop(doc, s, "next", "WSO2's identity migration client (guide step " GUIDE_IDENTITY_STEP ")");
	assert_prop(doc, s, "apim_state", "3.2.0");
	assert_case_contains(doc, s, "SHARED_DB", "status", "failure",
			     "remedy: run WSO2's identity migration client (guide step "
			     GUIDE_IDENTITY_STEP ")");
	assert_case_contains(doc, s, "SHARED_DB", "status", "system-out",
			     "missing reg-versioning-cleanup (REG_RESOURCE): 7 versioned rows");
	assert_case_contains(doc, s, "SHARED_DB", "status", "system-out", "identity component 5.9.0");
	xmlFreeDoc(doc);
	run_release(&run);
	/* ... and with the clean-up asked for, amdelta apply is */
	build_shared(&run, 1);
	doc = write_and_read(&run, NULL);
	assert_prop(doc, s, "next", "amdelta apply");
	assert_case_contains(doc, s, "SHARED_DB", "status", "failure", "remedy: run `amdelta apply --yes`");
	xmlFreeDoc(doc);
	run_release(&run);

	/* an unknown database: a failure whose remedy is the connection */
	fixture_run(&run, CMD_STATUS);
	fixture_db(&run, DBI_AM, DB_UNKNOWN);
	verdict_compute(&run);
	doc = write_and_read(&run, NULL);
	assert_string_equal(outcome(doc, "status: WSO2AM_DB", "WSO2AM_DB", "status"), "failure");
	assert_case_contains(doc, "status: WSO2AM_DB", "WSO2AM_DB", "status", "failure/@message",
			     "not a WSO2 API Manager WSO2AM_DB");
	assert_case_contains(doc, "status: WSO2AM_DB", "WSO2AM_DB", "status", "failure",
			     "remedy: point the connection at the right database");
	assert_prop(doc, "status: WSO2AM_DB", "next", "fix the connection");
	xmlFreeDoc(doc);
	run_release(&run);

	/* a database at 3.2.0 passes, its finding in system-out */
	fixture_run(&run, CMD_STATUS);
	d = fixture_db(&run, DBI_AM, DB_V320);
	d->apim = PART_NEW;
	d->identity = PART_NEW;
	fixture_delta(d, &scope, DS_APPLIED, -1, "");
	verdict_compute(&run);
	doc = write_and_read(&run, NULL);
	assert_string_equal(outcome(doc, "status: WSO2AM_DB", "WSO2AM_DB", "status"), "pass");
	assert_case_contains(doc, "status: WSO2AM_DB", "WSO2AM_DB", "status", "system-out",
			     "pass: 3.2.0  amdelta: 3.2.0, nothing to do · identity 5.10.0");
	assert_int_equal(xcount(doc, "//property[@name='next']"), 0);
	xmlFreeDoc(doc);
	run_release(&run);

	/* verify: the databases' suites hold their facts, no testcase; the
	 * checks' suite holds every item */
	build_status(&run, CMD_VERIFY);
	assert_int_equal(run.nchecks, 0);
	fixture_check(&run, "database-state", SEV_BLOCKER, CS_FAIL, "WSO2AM_DB is partial", NULL);
	verdict_compute(&run);
	doc = write_and_read(&run, NULL);
	for (const char *const *n = (const char *const[]){ "verify: WSO2AM_DB", "verify: SHARED_DB",
							  "verify: APIM_ANALYTICS_DB", NULL }; *n; n++)
		assert_int_equal(suite_attr(doc, *n, "tests"), 0);
	assert_prop(doc, "verify: WSO2AM_DB", "state", "partial");
	assert_prop(doc, "verify: WSO2AM_DB", "next", "resolve the conflict");
	assert_string_equal(outcome(doc, "verify", "verify", "database-state"), "failure");
	t = xstr(doc, "string(/testsuites/testsuite[last()]/@name)");
	assert_string_equal(t, "verify");                    /* after the databases */
	free(t);
	xmlFreeDoc(doc);
	run_release(&run);
}

static void test_apply(void **state)
{
	struct run run;
	struct db_run *d;
	xmlDocPtr doc;
	const char *s = "apply: WSO2AM_DB";
	char *t, *o;
	(void)state;

	fixture_run(&run, CMD_APPLY);
	d = fixture_db(&run, DBI_AM, DB_V320);
	d->apim = PART_NEW;
	d->identity = PART_NEW;
	d->applied = 1;
	d->ms = 1513.2;
	d->plan.built = 1;
	d->plan.nsteps = d->plan.steps_alloc = 1;
	d->plan.steps = calloc(1, sizeof(*d->plan.steps));
	d->plan.steps[0].delta = &scope;
	stmt_list_add(&d->plan.steps[0].sql, "CREATE TABLE AM_SCOPE (SCOPE_ID INTEGER)");
	fixture_delta(d, &scope, DS_APPLIED, -1, "");
	fixture_delta(d, &uuid_fill, DS_APPLIED, 0, "");
	fixture_executed(d, "am-scope", "CREATE TABLE AM_SCOPE (SCOPE_ID INTEGER)", 12.4, -1, 0);
	fixture_executed(d, "am-app-key-mapping-uuid-fill",
			 "UPDATE AM_APPLICATION_KEY_MAPPING SET UUID = ? WHERE UUID IS NULL", 1500.6, 60, 1);
	fixture_db(&run, DBI_SHARED, DB_NOT_CONFIGURED);
	d = fixture_db(&run, DBI_ANALYTICS, DB_PARTIAL);
	d->apim = PART_PARTIAL;
	d->applied = 1;
	fixture_delta(d, &an_pk, DS_CONFLICT, -1, "the key is over other columns");
	d->apply_error = strdup("APIM_ANALYTICS_DB: refused: apilastaccesssummary-pk is in conflict");
	verdict_compute(&run);
	assert_int_equal(run.verdict.verdict, VERDICT_REFUSED);

	doc = write_and_read(&run, NULL);
	assert_int_equal(suite_attr(doc, s, "tests"), 1);
	assert_int_equal(suite_attr(doc, s, "failures"), 0);
	assert_int_equal(suite_attr(doc, s, "errors"), 0);
	assert_string_equal(outcome(doc, s, "WSO2AM_DB", "apply"), "pass");
	/* the steps run, in order, with their SQL, times and rows */
	o = case_str(doc, s, "WSO2AM_DB", "apply", "system-out");
	assert_non_null(strstr(o, "executed am-scope in 12 ms:\n  CREATE TABLE AM_SCOPE (SCOPE_ID INTEGER);\n"));
	assert_non_null(strstr(o, "executed am-app-key-mapping-uuid-fill in 1501 ms:\n"
			       "  UPDATE AM_APPLICATION_KEY_MAPPING SET UUID = ? WHERE UUID IS NULL;\n"
			       "  60 rows in 1 batch\n"));
	assert_true(strstr(o, "executed am-scope") < strstr(o, "executed am-app-key-mapping-uuid-fill"));
	assert_null(strstr(o, "planned"));                  /* apply lists what ran, not the plan */
	free(o);
	/* the time: the database's, whole milliseconds, summed up */
	assert_case_contains(doc, s, "WSO2AM_DB", "apply", "@time", "1.513");
	t = xstr(doc, "string(/testsuites/testsuite[@name='apply: WSO2AM_DB']/@time)");
	assert_string_equal(t, "1.513");
	free(t);
	t = xstr(doc, "string(/testsuites/@time)");
	assert_string_equal(t, "1.513");
	free(t);
	/* no plan testcase in apply */
	assert_string_equal(outcome(doc, s, "WSO2AM_DB", "plan"), "absent");

	s = "apply: APIM_ANALYTICS_DB";
	assert_int_equal(suite_attr(doc, s, "tests"), 1);
	assert_string_equal(outcome(doc, s, "APIM_ANALYTICS_DB", "apply"), "error");
	assert_case_contains(doc, s, "APIM_ANALYTICS_DB", "apply", "error/@message",
			     "apply stopped: APIM_ANALYTICS_DB: refused");
	assert_case_contains(doc, s, "APIM_ANALYTICS_DB", "apply", "system-out",
			     "conflict apilastaccesssummary-pk (APILASTACCESSSUMMARY): the key is over other columns");
	assert_int_equal(suite_attr(doc, s, "errors"), 1);
	assert_int_equal(suite_attr(doc, s, "failures"), 0);
	assert_string_equal(outcome(doc, "apply: SHARED_DB", "SHARED_DB", "apply"), "skipped");
	xmlFreeDoc(doc);
	run_release(&run);

	/* apply stopped before reading: the error once, as the connection's */
	fixture_run(&run, CMD_APPLY);
	d = fixture_db(&run, DBI_AM, DB_ERROR);
	d->applied = 1;
	d->error = strdup("WSO2AM_DB: another apply holds the lock");
	d->apply_error = strdup("WSO2AM_DB: another apply holds the lock");
	verdict_compute(&run);
	assert_int_equal(run.verdict.exit_code, 4);
	doc = write_and_read(&run, NULL);
	assert_int_equal(suite_attr(doc, "apply: WSO2AM_DB", "tests"), 1);
	assert_string_equal(outcome(doc, "apply: WSO2AM_DB", "WSO2AM_DB", "apply"), "error");
	t = case_str(doc, "apply: WSO2AM_DB", "WSO2AM_DB", "apply", "error/@message");
	assert_string_equal(t, "WSO2AM_DB: another apply holds the lock");
	free(t);
	xmlFreeDoc(doc);
	run_release(&run);
}

static void test_check(void **state)
{
	struct run run;
	xmlDocPtr doc;
	char *t;
	(void)state;

	fixture_run(&run, CMD_CHECK);
	fixture_delta(fixture_db(&run, DBI_AM, DB_V300), &scope, DS_MISSING, -1, "table does not exist");
	run.dbs[0].apim = PART_OLD;
	fixture_check(&run, "database-state", SEV_BLOCKER, CS_PASS, "every configured database (1) is at 3.0.0", NULL);
	fixture_check(&run, "postgresql-superuser", SEV_BLOCKER, CS_FAIL, "the role is not a superuser",
		      "am: role reader is not a superuser");
	fixture_check(&run, "tenants", SEV_INFO, CS_WARN, "1 tenants", "a.com");
	fixture_check(&run, "ddl-privileges", SEV_BLOCKER, CS_ERROR, "cannot read the privileges: permission denied", NULL);
	fixture_check(&run, "analytics-database", SEV_WARNING, CS_SKIP, "APIM_ANALYTICS_DB is not configured", NULL);
	verdict_compute(&run);
	assert_int_equal(run.nchecks, 5);

	doc = write_and_read(&run, NULL);
	assert_int_equal(xcount(doc, "/testsuites/testsuite"), 2);
	/* the database: its facts, no testcase (the checks judge it) */
	assert_int_equal(suite_attr(doc, "check: WSO2AM_DB", "tests"), 0);
	assert_prop(doc, "check: WSO2AM_DB", "state", "3.0.0");
	assert_prop(doc, "check: WSO2AM_DB", "apim_state", "3.0.0");
	assert_prop(doc, "check: WSO2AM_DB", "next", "amdelta apply");
	assert_int_equal(suite_attr(doc, "check", "tests"), 5);
	assert_int_equal(suite_attr(doc, "check", "failures"), 1);
	assert_int_equal(suite_attr(doc, "check", "errors"), 1);
	assert_int_equal(suite_attr(doc, "check", "skipped"), 1);
	assert_string_equal(outcome(doc, "check", "check", "database-state"), "pass");
	assert_case_contains(doc, "check", "check", "database-state", "system-out",
			     "pass: every configured database (1) is at 3.0.0");
	assert_string_equal(outcome(doc, "check", "check", "postgresql-superuser"), "failure");
	assert_case_contains(doc, "check", "check", "postgresql-superuser", "failure/@message",
			     "the role is not a superuser");
	assert_case_contains(doc, "check", "check", "postgresql-superuser", "failure/@type", "blocker");
	assert_case_contains(doc, "check", "check", "postgresql-superuser", "failure",
			     "the title of the check (blocker)\nam: role reader is not a superuser\n");
	assert_case_contains(doc, "check", "check", "postgresql-superuser", "failure",
			     "remedy: the remedy of the check");
	/* warn: passes, its finding and remedy in system-out */
	assert_string_equal(outcome(doc, "check", "check", "tenants"), "pass");
	assert_case_contains(doc, "check", "check", "tenants", "system-out", "warn: 1 tenants");
	assert_case_contains(doc, "check", "check", "tenants", "system-out", "a.com");
	assert_case_contains(doc, "check", "check", "tenants", "system-out", "remedy: the remedy of the check");
	/* error: no remedy (its detail says what stopped it) */
	assert_string_equal(outcome(doc, "check", "check", "ddl-privileges"), "error");
	assert_case_contains(doc, "check", "check", "ddl-privileges", "error/@message", "permission denied");
	t = case_str(doc, "check", "check", "ddl-privileges", "error");
	assert_null(strstr(t, "remedy"));
	free(t);
	assert_string_equal(outcome(doc, "check", "check", "analytics-database"), "skipped");
	assert_case_contains(doc, "check", "check", "analytics-database", "skipped/@message",
			     "APIM_ANALYTICS_DB is not configured");
	assert_int_equal((long)xnum(doc, "number(/testsuites/@tests)"), 5);
	xmlFreeDoc(doc);
	run_release(&run);
}

/* diff: the item fails when the database matches neither expected
 * catalog, its differences in system-out; verify: the migration's own
 * differences are a count, drift is the drift check's. */
static void test_diff_verify(void **state)
{
	struct run run;
	struct db_run *d;
	xmlDocPtr doc;
	const char *s = "diff: WSO2AM_DB";
	char *o;
	(void)state;

	fixture_run(&run, CMD_DIFF);
	d = fixture_db(&run, DBI_AM, DB_PARTIAL);
	d->apim = PART_PARTIAL;
	d->diffed = 1;
	d->against_fresh.against = strdup("fresh-3.2.0");
	diff_result_add(&d->against_fresh, "AM_API", "column", "missing", "API_TYPE");
	diff_result_add(&d->against_fresh, "AM_SCOPE", "table", "missing", NULL);
	diff_result_add(&d->against_fresh, "AM_API", "index", "extra", "IDX_X");
	d->against_migrated.against = strdup("3.0.0+deltas");
	diff_result_add(&d->against_migrated, "AM_SCOPE", "table", "missing", NULL);
	d->match = MATCH_NEITHER;
	d = fixture_db(&run, DBI_ANALYTICS, DB_V320);
	d->apim = PART_NEW;
	d->diffed = 1;
	d->against_fresh.against = strdup("fresh-3.2.0");
	d->against_migrated.against = strdup("3.0.0+deltas");
	diff_result_add(&d->against_migrated, "APILASTACCESSSUMMARY", "column", "differs", "default");
	d->match = MATCH_FRESH;
	verdict_compute(&run);

	doc = write_and_read(&run, NULL);
	assert_int_equal(suite_attr(doc, s, "tests"), 1);
	assert_int_equal(suite_attr(doc, s, "failures"), 1);
	assert_string_equal(outcome(doc, s, "WSO2AM_DB", "diff"), "failure");
	assert_case_contains(doc, s, "WSO2AM_DB", "diff", "failure/@message", "matches neither");
	assert_case_contains(doc, s, "WSO2AM_DB", "diff", "failure",
			     "WSO2AM_DB matches an expected catalog (blocker)");
	assert_case_contains(doc, s, "WSO2AM_DB", "diff", "failure",
			     "remedy: compare with `amdelta diff`");
	o = case_str(doc, s, "WSO2AM_DB", "diff", "system-out");
	assert_non_null(strstr(o, "against fresh-3.2.0: 3 differences\n"
			       "  AM_API column missing: API_TYPE\n"
			       "  AM_SCOPE table missing\n"
			       "  AM_API index extra: IDX_X\n"
			       "against 3.0.0+deltas: 1 difference\n"
			       "  AM_SCOPE table missing\n"));
	free(o);
	assert_prop(doc, s, "matches", "neither");
	s = "diff: APIM_ANALYTICS_DB";
	assert_string_equal(outcome(doc, s, "APIM_ANALYTICS_DB", "diff"), "pass");
	assert_case_contains(doc, s, "APIM_ANALYTICS_DB", "diff", "system-out", "pass: matches fresh-3.2.0");
	assert_case_contains(doc, s, "APIM_ANALYTICS_DB", "diff", "system-out",
			     "against fresh-3.2.0: 0 differences\n");
	assert_case_contains(doc, s, "APIM_ANALYTICS_DB", "diff", "system-out",
			     "  APILASTACCESSSUMMARY column differs: default\n");
	assert_prop(doc, s, "matches", "fresh-3.2.0");
	assert_int_equal(suite_attr(doc, s, "failures"), 0);
	xmlFreeDoc(doc);
	run_release(&run);

	fixture_run(&run, CMD_VERIFY);
	d = fixture_db(&run, DBI_AM, DB_V320);
	d->apim = PART_NEW;
	d->identity = PART_NEW;
	d->split = 1;
	d->explained.against = strdup("fresh-3.2.0, as a migration leaves it");
	diff_result_add(&d->explained, "AM_API", "column", "differs", "default");
	diff_result_add(&d->explained, "AM_USER", "column", "differs", "default");
	d->drift.against = strdup("fresh-3.2.0, drift");
	diff_result_add(&d->drift, "AM_API", "column", "missing", "API_TYPE");
	fixture_check(&run, "drift", SEV_BLOCKER, CS_FAIL, "1 difference from fresh 3.2.0",
		      "WSO2AM_DB: AM_API column missing: API_TYPE");
	verdict_compute(&run);
	doc = write_and_read(&run, NULL);
	s = "verify: WSO2AM_DB";
	assert_int_equal(suite_attr(doc, s, "tests"), 0);
	assert_prop(doc, s, "differences_explained", "2");
	assert_prop(doc, s, "matches", "neither");   /* drift: no route explains it all */
	assert_string_equal(outcome(doc, "verify", "verify", "drift"), "failure");
	assert_case_contains(doc, "verify", "verify", "drift", "failure",
			     "WSO2AM_DB: AM_API column missing: API_TYPE");
	xmlFreeDoc(doc);
	run_release(&run);
}

static void test_plan(void **state)
{
	struct run run;
	struct db_run *d;
	xmlDocPtr doc;
	const char *s = "plan: WSO2AM_DB";
	char *o;
	(void)state;

	fixture_run(&run, CMD_PLAN);
	run.from = "3.0.0";
	d = fixture_db(&run, DBI_AM, DB_V300);
	d->apim = PART_OLD;
	d->identity = PART_OLD;
	fixture_delta(d, &scope, DS_MISSING, -1, "table does not exist");
	fixture_delta(d, &binding, DS_MISSING, -1, "table does not exist");
	d->plan.built = 1;
	d->plan.nsteps = d->plan.steps_alloc = 1;
	d->plan.steps = calloc(1, sizeof(*d->plan.steps));
	d->plan.steps[0].delta = &scope;
	stmt_list_add(&d->plan.steps[0].sql, "CREATE TABLE AM_SCOPE (SCOPE_ID INTEGER)");
	d->plan.nskipped = d->plan.skipped_alloc = 1;
	d->plan.skipped = calloc(1, sizeof(*d->plan.skipped));
	d->plan.skipped[0] = (struct plan_skip){ &binding, "identity: made by the identity migration client" };
	d = fixture_db(&run, DBI_ANALYTICS, DB_PARTIAL);
	d->apim = PART_PARTIAL;
	fixture_delta(d, &an_pk, DS_CONFLICT, -1, "the key is over other columns");
	d->plan.built = 1;
	d->plan.refused = strdup("apilastaccesssummary-pk is in conflict");
	verdict_compute(&run);
	assert_int_equal(run.verdict.verdict, VERDICT_REFUSED);

	doc = write_and_read(&run, NULL);
	/* a 3.0.0 database is not at 3.2.0: its item fails, the plan says how */
	assert_int_equal(suite_attr(doc, s, "tests"), 1);
	assert_string_equal(outcome(doc, s, "WSO2AM_DB", "plan"), "failure");
	assert_case_contains(doc, s, "WSO2AM_DB", "plan", "failure", "remedy: run `amdelta apply --yes`");
	o = case_str(doc, s, "WSO2AM_DB", "plan", "system-out");
	assert_non_null(strstr(o, "planned am-scope (AM_SCOPE):\n  CREATE TABLE AM_SCOPE (SCOPE_ID INTEGER);\n"));
	assert_non_null(strstr(o, "not planned idn-oauth2-token-binding (IDN_OAUTH2_TOKEN_BINDING): "
			       "identity: made by the identity migration client\n"));
	free(o);
	assert_prop(doc, s, "from", "3.0.0");
	assert_prop(doc, "plan: APIM_ANALYTICS_DB", "from", "3.0.0");
	assert_string_equal(outcome(doc, "plan: APIM_ANALYTICS_DB", "APIM_ANALYTICS_DB", "plan"), "error");
	assert_case_contains(doc, "plan: APIM_ANALYTICS_DB", "APIM_ANALYTICS_DB", "plan", "error/@message",
			     "plan refused: apilastaccesssummary-pk is in conflict");
	xmlFreeDoc(doc);
	run_release(&run);
}

/* Hostile and broken strings from a database end up as text in a
 * well-formed document. */
static void test_hostile(void **state)
{
	struct run run;
	struct db_run *d;
	struct check_result *c;
	xmlDocPtr doc;
	char *t;
	(void)state;

	fixture_run(&run, CMD_DIFF);
	d = fixture_db(&run, DBI_AM, DB_V320);
	free(d->driver);
	d->driver = strdup("drv\x01\"quoted\" & <b>\xff\xfe latin1 \xe9t\xe9 ok \xc3\xa9");
	d->diffed = 1;
	d->against_fresh.against = strdup("fresh-3.2.0");
	diff_result_add(&d->against_fresh, HOSTILE, "table", "extra", "]]> &amp; \x1b[31m");
	d->against_migrated.against = strdup("3.0.0+deltas");
	d->match = MATCH_MIGRATED;
	verdict_compute(&run);
	doc = write_and_read(&run, NULL);
	t = case_str(doc, "diff: WSO2AM_DB", "WSO2AM_DB", "diff", "system-out");
	assert_non_null(strstr(t, "\n  " HOSTILE " table extra: ]]> &amp; ?[31m\n"));
	free(t);
	assert_int_equal(xcount(doc, "//img"), 0);
	t = suite_prop(doc, "diff: WSO2AM_DB", "driver");
	assert_string_equal(t, "drv?\"quoted\" & <b>?? latin1 ?t? ok \xc3\xa9");
	free(t);
	xmlFreeDoc(doc);
	run_release(&run);

	/* a check named and detailed with them: the testcase's name and message */
	fixture_run(&run, CMD_CHECK);
	c = fixture_check(&run, HOSTILE, SEV_BLOCKER, CS_FAIL, "bad \xff bytes ]]> <x>", HOSTILE "\x02");
	c->title = "a <title> & \"more\"";
	verdict_compute(&run);
	doc = write_and_read(&run, NULL);
	t = xstr(doc, "string(//testcase[@classname='check']/@name)");
	assert_string_equal(t, HOSTILE);
	free(t);
	t = xstr(doc, "string(//testcase[@classname='check']/failure/@message)");
	assert_string_equal(t, "bad ? bytes ]]> <x>");
	free(t);
	t = xstr(doc, "string(//testcase[@classname='check']/failure)");
	assert_string_equal(t, "a <title> & \"more\" (blocker)\n" HOSTILE "?\nremedy: the remedy of the check\n");
	free(t);
	assert_int_equal(xcount(doc, "//img | //x | //title"), 0);
	xmlFreeDoc(doc);
	run_release(&run);
}

/* The same run gives the same bytes; "-" writes to stdout; a path that
 * cannot be written is an error naming it. */
static void test_output(void **state)
{
	struct run run;
	struct strbuf err = STRBUF_INIT;
	char *a, *b, *c, *ta = NULL, *tb = NULL, *tc = NULL;
	size_t la = 0, lb = 0, lc = 0;
	FILE *f;
	int saved, fd;
	xmlDocPtr doc;
	(void)state;

	build_status(&run, CMD_STATUS);
	doc = write_and_read(&run, &a);
	xmlFreeDoc(doc);
	doc = write_and_read(&run, &b);
	xmlFreeDoc(doc);
	assert_non_null(f = fopen(a, "r"));
	assert_true(getdelim(&ta, &la, '\0', f) > 0);
	fclose(f);
	assert_non_null(f = fopen(b, "r"));
	assert_true(getdelim(&tb, &lb, '\0', f) > 0);
	fclose(f);
	assert_string_equal(ta, tb);
	assert_non_null(strstr(ta, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));

	c = temp_path();
	fflush(stdout);
	saved = dup(STDOUT_FILENO);
	assert_true(saved >= 0);
	fd = open(c, O_WRONLY | O_TRUNC);
	assert_true(fd >= 0);
	assert_true(dup2(fd, STDOUT_FILENO) >= 0);
	close(fd);
	assert_int_equal(report_junit_write("-", &run, &err), 0);
	fflush(stdout);
	assert_true(dup2(saved, STDOUT_FILENO) >= 0);
	close(saved);
	assert_non_null(f = fopen(c, "r"));
	assert_true(getdelim(&tc, &lc, '\0', f) > 0);
	fclose(f);
	assert_string_equal(ta, tc);

	assert_int_equal(report_junit_write("/nonexistent-dir/x.xml", &run, &err), -1);
	assert_non_null(strstr(strbuf_str(&err), "/nonexistent-dir/x.xml"));
	unlink(a);
	unlink(b);
	unlink(c);
	free(a);
	free(b);
	free(c);
	free(ta);
	free(tb);
	free(tc);
	strbuf_release(&err);
	run_release(&run);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_schema_rejects),
		cmocka_unit_test(test_status),
		cmocka_unit_test(test_per_command),
		cmocka_unit_test(test_apply),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_diff_verify),
		cmocka_unit_test(test_plan),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_output),
	};
	int rc;

	xmlInitParser();
	rc = cmocka_run_group_tests_name("report_junit", tests, NULL, NULL);
	xmlCleanupParser();
	return rc;
}
