/* Unit tests of the JUnit reporter: hand-built run models of every command,
 * written, parsed back, validated against tests/junit.xsd, counts added up,
 * and the outcome of particular testcases checked. */
#include "unit.h"

#include <fcntl.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>

#include "readiness.h"
#include "report.h"
#include "run_fixture.h"

static struct delta scope = {
	.id = "am-scope", .db = "WSO2AM_DB", .component = "apim", .release = "3.2.0",
	.op = DOP_CREATE_TABLE, .table = "AM_SCOPE", .title = "create AM_SCOPE",
};
static struct delta users = {
	.id = "am-user", .db = "WSO2AM_DB", .component = "apim", .release = "3.1.0",
	.op = DOP_CREATE_TABLE, .table = "AM_USER", .title = "create AM_USER",
};
static struct delta gw = {
	.id = "am-gw-published-api-details", .db = "WSO2AM_DB", .component = "apim",
	.release = "3.2.0", .op = DOP_CREATE_TABLE, .table = "AM_GW_PUBLISHED_API_DETAILS",
	.title = "create AM_GW_PUBLISHED_API_DETAILS",
};
static struct delta binding = {
	.id = "idn-oauth2-token-binding", .db = "WSO2AM_DB", .component = "identity",
	.release = "5.10.0", .op = DOP_CREATE_TABLE, .table = "IDN_OAUTH2_TOKEN_BINDING",
	.title = "create IDN_OAUTH2_TOKEN_BINDING",
};
static struct delta uuid_fill = {
	.id = "am-app-key-mapping-uuid-fill", .db = "WSO2AM_DB", .component = "apim",
	.release = "3.2.0", .op = DOP_DATA_FIX, .table = "AM_APPLICATION_KEY_MAPPING",
	.column = "UUID", .title = "fill UUID",
};
static struct delta trigger = {
	.id = "am-api-trigger", .db = "WSO2AM_DB", .component = "apim", .release = "3.2.0",
	.op = DOP_ADD_TRIGGER, .table = "AM_API", .title = "a trigger (Oracle only)",
};
static struct delta reg_cleanup = {
	.id = "reg-versioning-cleanup", .db = "SHARED_DB", .component = "apim", .release = "3.2.0",
	.op = DOP_DATA_FIX, .table = "REG_RESOURCE", .conditional = 1, .title = "registry clean-up",
};
static struct delta um_col = {
	.id = "um-tenant-col", .db = "SHARED_DB", .component = "identity", .release = "5.10.0",
	.op = DOP_ADD_COLUMN, .table = "UM_TENANT", .title = "a user store column",
};
static struct delta an_pk = {
	.id = "apilastaccesssummary-pk", .db = "APIM_ANALYTICS_DB", .component = "apim",
	.release = "3.2.0", .op = DOP_SET_PRIMARY_KEY, .table = "APILASTACCESSSUMMARY",
	.title = "the new primary key",
};

/* ------------------------------------------------------------ building runs */

static struct db_run *add_db(struct run *run, const char *name, enum db_state st)
{
	struct db_run *d = &run->dbs[run->ndbs++];

	d->name = strdup(name);
	d->state = st;
	if (st != DB_NOT_CONFIGURED && st != DB_ERROR) {
		d->dialect = strdup("postgresql");
		d->dbms_name = strdup("PostgreSQL");
		d->dbms_ver = strdup("15.8");
		d->driver = strdup("psqlodbcw.so");
		d->target_shown = strdup("Driver=PostgreSQL;Database=am;Pwd=***;");
		d->round_trips = 7;
	}
	return d;
}

static void add_delta(struct db_run *d, const struct delta *dl, enum delta_status st, long count,
		      const char *detail)
{
	ALLOC_GROW(d->deltas, d->ndeltas + 1, d->deltas_alloc);
	d->deltas[d->ndeltas++] = (struct delta_result){ dl, st, count, detail ? strdup(detail) : NULL };
}


static void add_executed(struct db_run *d, const char *id, const char *sql, double ms, long rows,
			 long batches)
{
	ALLOC_GROW(d->executed, d->nexecuted + 1, d->executed_alloc);
	d->executed[d->nexecuted++] = (struct executed){ strdup(id), strdup(sql), ms, rows, batches };
}

/* status: WSO2AM_DB partial (every delta status), SHARED_DB not configured,
 * APIM_ANALYTICS_DB in error. */
static void build_status(struct run *run, const char *command)
{
	struct db_run *d;

	memset(run, 0, sizeof(*run));
	run->command = command;
	d = add_db(run, "WSO2AM_DB", DB_PARTIAL);
	d->identity_state = strdup("5.9.0");
	add_delta(d, &scope, DS_MISSING, -1, "table does not exist");
	add_delta(d, &users, DS_APPLIED, -1, "");
	add_delta(d, &gw, DS_CONFLICT, -1, "the table exists with other columns");
	add_delta(d, &binding, DS_MISSING, -1, "table does not exist");
	add_delta(d, &uuid_fill, DS_MISSING, 60, "60 rows without UUID");
	add_delta(d, &trigger, DS_NA, -1, "not for postgresql");
	add_db(run, "SHARED_DB", DB_NOT_CONFIGURED);
	d = add_db(run, "APIM_ANALYTICS_DB", DB_ERROR);
	d->error = strdup("cannot connect to APIM_ANALYTICS_DB: connection refused");
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

	assert_int_equal(report_junit_write(path, run, &err), 0);
	assert_string_equal(strbuf_str(&err), "");
	doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
	assert_non_null(doc);
	assert_int_equal(validate(doc), 0);
	assert_counts_add_up(doc);
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

static void test_status(void **state)
{
	struct run run;
	xmlDocPtr doc;
	const char *s = "status: WSO2AM_DB";
	(void)state;

	build_status(&run, "status");
	doc = write_and_read(&run, NULL);
	assert_int_equal(xcount(doc, "/testsuites/testsuite"), 3);
	assert_int_equal(xcount(doc, "/testsuites[@name='amdelta status']"), 1);
	/* state + 6 deltas; failures: state, am-scope, gw conflict, the UUID fill */
	assert_int_equal(suite_attr(doc, s, "tests"), 7);
	assert_int_equal(suite_attr(doc, s, "failures"), 4);
	assert_int_equal(suite_attr(doc, s, "errors"), 0);
	assert_int_equal(suite_attr(doc, s, "skipped"), 2);
	assert_string_equal(outcome(doc, s, "WSO2AM_DB", "state"), "failure");
	assert_case_contains(doc, s, "WSO2AM_DB", "state", "failure/@message", "WSO2AM_DB is partial, not 3.2.0");
	assert_string_equal(outcome(doc, s, "WSO2AM_DB.apim", "am-scope (AM_SCOPE)"), "failure");
	assert_case_contains(doc, s, "WSO2AM_DB.apim", "am-scope (AM_SCOPE)", "failure/@message",
			     "missing: table does not exist");
	assert_case_contains(doc, s, "WSO2AM_DB.apim", "am-scope (AM_SCOPE)", "failure/@type", "missing");
	assert_string_equal(outcome(doc, s, "WSO2AM_DB.apim", "am-user (AM_USER)"), "pass");
	assert_string_equal(outcome(doc, s, "WSO2AM_DB.apim",
				    "am-gw-published-api-details (AM_GW_PUBLISHED_API_DETAILS)"), "failure");
	assert_case_contains(doc, s, "WSO2AM_DB.apim",
			     "am-gw-published-api-details (AM_GW_PUBLISHED_API_DETAILS)", "failure/@type",
			     "conflict");
	/* identity: WSO2's migration client, not judged by status */
	assert_string_equal(outcome(doc, s, "WSO2AM_DB.identity",
				    "idn-oauth2-token-binding (IDN_OAUTH2_TOKEN_BINDING)"), "skipped");
	assert_string_equal(outcome(doc, s, "WSO2AM_DB.apim",
				    "am-app-key-mapping-uuid-fill (AM_APPLICATION_KEY_MAPPING)"), "failure");
	assert_case_contains(doc, s, "WSO2AM_DB.apim",
			     "am-app-key-mapping-uuid-fill (AM_APPLICATION_KEY_MAPPING)", "system-out",
			     "rows to fix: 60");
	assert_string_equal(outcome(doc, s, "WSO2AM_DB.apim", "am-api-trigger (AM_API)"), "skipped");
	assert_prop(doc, s, "dialect", "postgresql");
	assert_prop(doc, s, "server_version", "15.8");
	assert_prop(doc, s, "driver", "psqlodbcw.so");
	assert_prop(doc, s, "state", "partial");
	assert_prop(doc, s, "identity_state", "5.9.0");
	/* not configured: one skipped testcase; error: one "connection" error */
	assert_int_equal(suite_attr(doc, "status: SHARED_DB", "tests"), 1);
	assert_string_equal(outcome(doc, "status: SHARED_DB", "SHARED_DB", "connection"), "skipped");
	assert_prop(doc, "status: SHARED_DB", "state", "not-configured");
	assert_int_equal(suite_attr(doc, "status: APIM_ANALYTICS_DB", "tests"), 1);
	assert_string_equal(outcome(doc, "status: APIM_ANALYTICS_DB", "APIM_ANALYTICS_DB", "connection"),
			    "error");
	assert_case_contains(doc, "status: APIM_ANALYTICS_DB", "APIM_ANALYTICS_DB", "connection",
			     "error/@message", "connection refused");
	assert_int_equal((long)xnum(doc, "number(/testsuites/@tests)"), 9);
	assert_int_equal((long)xnum(doc, "number(/testsuites/@failures)"), 4);
	assert_int_equal((long)xnum(doc, "number(/testsuites/@errors)"), 1);
	assert_int_equal((long)xnum(doc, "number(/testsuites/@skipped)"), 3);
	/* no password, no timestamp */
	assert_int_equal(xcount(doc, "//@timestamp"), 0);
	xmlFreeDoc(doc);
	run_release(&run);
}

/* verify judges the identity deltas; check judges none but conflicts. */
static void test_per_command(void **state)
{
	struct run run;
	xmlDocPtr doc;
	(void)state;

	build_status(&run, "verify");
	doc = write_and_read(&run, NULL);
	assert_string_equal(outcome(doc, "verify: WSO2AM_DB", "WSO2AM_DB.identity",
				    "idn-oauth2-token-binding (IDN_OAUTH2_TOKEN_BINDING)"), "failure");
	assert_int_equal(suite_attr(doc, "verify: WSO2AM_DB", "failures"), 5);
	xmlFreeDoc(doc);
	run_release(&run);

	build_status(&run, "check");
	run.dbs[0].state = DB_V300;
	doc = write_and_read(&run, NULL);
	assert_string_equal(outcome(doc, "check: WSO2AM_DB", "WSO2AM_DB", "state"), "pass");
	assert_string_equal(outcome(doc, "check: WSO2AM_DB", "WSO2AM_DB.apim", "am-scope (AM_SCOPE)"), "pass");
	assert_case_contains(doc, "check: WSO2AM_DB", "WSO2AM_DB.apim", "am-scope (AM_SCOPE)", "system-out",
			     "missing, as before the migration: table does not exist");
	assert_string_equal(outcome(doc, "check: WSO2AM_DB", "WSO2AM_DB.identity",
				    "idn-oauth2-token-binding (IDN_OAUTH2_TOKEN_BINDING)"), "pass");
	assert_string_equal(outcome(doc, "check: WSO2AM_DB", "WSO2AM_DB.apim",
				    "am-gw-published-api-details (AM_GW_PUBLISHED_API_DETAILS)"), "failure");
	assert_int_equal(suite_attr(doc, "check: WSO2AM_DB", "failures"), 1);
	xmlFreeDoc(doc);
	run_release(&run);

	/* an unknown database fails every command, check too */
	build_status(&run, "check");
	run.dbs[0].state = DB_UNKNOWN;
	doc = write_and_read(&run, NULL);
	assert_string_equal(outcome(doc, "check: WSO2AM_DB", "WSO2AM_DB", "state"), "failure");
	assert_case_contains(doc, "check: WSO2AM_DB", "WSO2AM_DB", "state", "failure/@message",
			     "not a WSO2 database");
	xmlFreeDoc(doc);
	run_release(&run);

	/* a SHARED_DB whose registry clean-up is left: not judged */
	memset(&run, 0, sizeof(run));
	run.command = "status";
	add_db(&run, "SHARED_DB", DB_V300);
	add_delta(&run.dbs[0], &reg_cleanup, DS_MISSING, 7, "7 versioned rows");
	add_delta(&run.dbs[0], &um_col, DS_MISSING, -1, "column does not exist");
	doc = write_and_read(&run, NULL);
	assert_string_equal(outcome(doc, "status: SHARED_DB", "SHARED_DB.apim",
				    "reg-versioning-cleanup (REG_RESOURCE)"), "skipped");
	assert_case_contains(doc, "status: SHARED_DB", "SHARED_DB.apim", "reg-versioning-cleanup (REG_RESOURCE)",
			     "skipped/@message", "conditional");
	assert_string_equal(outcome(doc, "status: SHARED_DB", "SHARED_DB.identity", "um-tenant-col (UM_TENANT)"),
			    "skipped");
	/* its state is judged by the identity deltas: the state testcase fails */
	assert_string_equal(outcome(doc, "status: SHARED_DB", "SHARED_DB", "state"), "failure");
	xmlFreeDoc(doc);
	run_release(&run);
}

static void test_apply(void **state)
{
	struct run run;
	struct db_run *d;
	xmlDocPtr doc;
	const char *s = "apply: WSO2AM_DB";
	char *t;
	(void)state;

	memset(&run, 0, sizeof(run));
	run.command = "apply";
	d = add_db(&run, "WSO2AM_DB", DB_V320);
	d->applied = 1;
	d->plan.built = 1;
	add_delta(d, &scope, DS_APPLIED, -1, "");
	add_delta(d, &uuid_fill, DS_APPLIED, 0, "");
	add_executed(d, "am-scope", "CREATE TABLE AM_SCOPE (SCOPE_ID INTEGER)", 12.4, -1, 0);
	add_executed(d, "am-app-key-mapping-uuid-fill",
		     "UPDATE AM_APPLICATION_KEY_MAPPING SET UUID = ? WHERE UUID IS NULL", 1500.6, 60, 1);
	add_db(&run, "SHARED_DB", DB_NOT_CONFIGURED);
	d = add_db(&run, "APIM_ANALYTICS_DB", DB_PARTIAL);
	d->applied = 1;
	add_delta(d, &an_pk, DS_CONFLICT, -1, "the key is over other columns");
	d->apply_error = strdup("APIM_ANALYTICS_DB: refused: apilastaccesssummary-pk is in conflict");

	doc = write_and_read(&run, NULL);
	/* state, 2 deltas, 2 steps, apply */
	assert_int_equal(suite_attr(doc, s, "tests"), 6);
	assert_int_equal(suite_attr(doc, s, "failures"), 0);
	assert_int_equal(suite_attr(doc, s, "errors"), 0);
	assert_string_equal(outcome(doc, s, "WSO2AM_DB.apply", "am-scope (AM_SCOPE)"), "pass");
	assert_case_contains(doc, s, "WSO2AM_DB.apply", "am-scope (AM_SCOPE)", "@time", "0.012");
	assert_case_contains(doc, s, "WSO2AM_DB.apply", "am-scope (AM_SCOPE)", "system-out",
			     "CREATE TABLE AM_SCOPE (SCOPE_ID INTEGER);");
	assert_case_contains(doc, s, "WSO2AM_DB.apply",
			     "am-app-key-mapping-uuid-fill (AM_APPLICATION_KEY_MAPPING)", "@time", "1.501");
	assert_case_contains(doc, s, "WSO2AM_DB.apply",
			     "am-app-key-mapping-uuid-fill (AM_APPLICATION_KEY_MAPPING)", "system-out",
			     "60 rows in 1 batch");
	assert_string_equal(outcome(doc, s, "WSO2AM_DB", "apply"), "pass");
	assert_case_contains(doc, s, "WSO2AM_DB", "apply", "system-out", "2 steps executed");
	/* the executed steps come in order */
	t = xstr(doc, "string(/testsuites/testsuite[@name='apply: WSO2AM_DB']/testcase[@classname='WSO2AM_DB.apply'][1]/@name)");
	assert_string_equal(t, "am-scope (AM_SCOPE)");
	free(t);
	t = xstr(doc, "string(/testsuites/testsuite[@name='apply: WSO2AM_DB']/@time)");
	assert_string_equal(t, "1.513");
	free(t);
	t = xstr(doc, "string(/testsuites/@time)");
	assert_string_equal(t, "1.513");
	free(t);
	/* no plan testcase in apply */
	assert_string_equal(outcome(doc, s, "WSO2AM_DB", "plan"), "absent");

	s = "apply: APIM_ANALYTICS_DB";
	assert_string_equal(outcome(doc, s, "APIM_ANALYTICS_DB", "apply"), "error");
	assert_case_contains(doc, s, "APIM_ANALYTICS_DB", "apply", "error/@message", "refused");
	assert_string_equal(outcome(doc, s, "APIM_ANALYTICS_DB.apim", "apilastaccesssummary-pk (APILASTACCESSSUMMARY)"),
			    "failure");
	assert_int_equal(suite_attr(doc, s, "errors"), 1);
	assert_int_equal(suite_attr(doc, s, "failures"), 2);
	xmlFreeDoc(doc);
	run_release(&run);

	/* apply stopped before reading: the error once, as the connection's */
	memset(&run, 0, sizeof(run));
	run.command = "apply";
	d = add_db(&run, "WSO2AM_DB", DB_ERROR);
	d->applied = 1;
	d->error = strdup("WSO2AM_DB: another apply holds the lock");
	d->apply_error = strdup("WSO2AM_DB: another apply holds the lock");
	doc = write_and_read(&run, NULL);
	assert_int_equal(suite_attr(doc, "apply: WSO2AM_DB", "tests"), 1);
	assert_string_equal(outcome(doc, "apply: WSO2AM_DB", "WSO2AM_DB", "connection"), "error");
	xmlFreeDoc(doc);
	run_release(&run);
}

static void test_check(void **state)
{
	struct run run;
	xmlDocPtr doc;
	(void)state;

	memset(&run, 0, sizeof(run));
	run.command = "check";
	add_delta(add_db(&run, "WSO2AM_DB", DB_V300), &scope, DS_MISSING, -1, "table does not exist");
	fixture_check(&run, "database-state", SEV_BLOCKER, CS_PASS, "every configured database (1) is at 3.0.0", NULL);
	fixture_check(&run, "postgresql-superuser", SEV_BLOCKER, CS_FAIL, "the role is not a superuser",
		      "am: role reader is not a superuser");
	fixture_check(&run, "tenants", SEV_INFO, CS_WARN, "1 tenants", "a.com");
	fixture_check(&run, "ddl-privileges", SEV_BLOCKER, CS_ERROR, "cannot read the privileges: permission denied", NULL);
	fixture_check(&run, "analytics-database", SEV_WARNING, CS_SKIP, "APIM_ANALYTICS_DB is not configured", NULL);

	doc = write_and_read(&run, NULL);
	assert_int_equal(xcount(doc, "/testsuites/testsuite"), 2);
	assert_int_equal(suite_attr(doc, "check", "tests"), 5);
	assert_int_equal(suite_attr(doc, "check", "failures"), 1);
	assert_int_equal(suite_attr(doc, "check", "errors"), 1);
	assert_int_equal(suite_attr(doc, "check", "skipped"), 1);
	assert_string_equal(outcome(doc, "check", "check", "database-state"), "pass");
	assert_string_equal(outcome(doc, "check", "check", "postgresql-superuser"), "failure");
	assert_case_contains(doc, "check", "check", "postgresql-superuser", "failure/@message",
			     "the role is not a superuser");
	assert_case_contains(doc, "check", "check", "postgresql-superuser", "failure/@type", "blocker");
	assert_case_contains(doc, "check", "check", "postgresql-superuser", "failure",
			     "am: role reader is not a superuser");
	assert_case_contains(doc, "check", "check", "postgresql-superuser", "failure",
			     "remedy: the remedy of the check");
	/* warn: passes, its finding in system-out */
	assert_string_equal(outcome(doc, "check", "check", "tenants"), "pass");
	assert_case_contains(doc, "check", "check", "tenants", "system-out", "warn: 1 tenants");
	assert_case_contains(doc, "check", "check", "tenants", "system-out", "a.com");
	assert_string_equal(outcome(doc, "check", "check", "ddl-privileges"), "error");
	assert_case_contains(doc, "check", "check", "ddl-privileges", "error/@message", "permission denied");
	assert_string_equal(outcome(doc, "check", "check", "analytics-database"), "skipped");
	assert_int_equal((long)xnum(doc, "number(/testsuites/@tests)"), 7);
	xmlFreeDoc(doc);
	run_release(&run);
}

/* diff: a table with differences fails unless the database matches the
 * other expected catalog; verify: drift fails, the migration's own
 * differences are a count. */
static void test_diff_verify(void **state)
{
	struct run run;
	struct db_run *d;
	xmlDocPtr doc;
	const char *s = "diff: WSO2AM_DB";
	(void)state;

	memset(&run, 0, sizeof(run));
	run.command = "diff";
	d = add_db(&run, "WSO2AM_DB", DB_PARTIAL);
	d->ndiffs = d->diffs_alloc = 2;
	d->diffs = calloc(2, sizeof(*d->diffs));
	d->diffs[0].against = strdup("fresh-3.2.0");
	diff_result_add(&d->diffs[0], "AM_API", "column", "missing", "API_TYPE");
	diff_result_add(&d->diffs[0], "AM_SCOPE", "table", "missing", NULL);
	diff_result_add(&d->diffs[0], "AM_API", "index", "extra", "IDX_X");
	d->diffs[1].against = strdup("3.0.0+deltas");
	diff_result_add(&d->diffs[1], "AM_SCOPE", "table", "missing", NULL);
	d = add_db(&run, "APIM_ANALYTICS_DB", DB_V320);
	d->matches = strdup("fresh-3.2.0");
	d->ndiffs = d->diffs_alloc = 2;
	d->diffs = calloc(2, sizeof(*d->diffs));
	d->diffs[0].against = strdup("fresh-3.2.0");
	d->diffs[1].against = strdup("3.0.0+deltas");
	diff_result_add(&d->diffs[1], "APILASTACCESSSUMMARY", "column", "differs", "default");

	doc = write_and_read(&run, NULL);
	/* state + AM_API and AM_SCOPE against fresh + AM_SCOPE against 3.0.0+deltas */
	assert_int_equal(suite_attr(doc, s, "tests"), 4);
	assert_int_equal(suite_attr(doc, s, "failures"), 4);
	assert_string_equal(outcome(doc, s, "WSO2AM_DB.diff", "AM_API against fresh-3.2.0"), "failure");
	assert_case_contains(doc, s, "WSO2AM_DB.diff", "AM_API against fresh-3.2.0", "failure/@message",
			     "2 differences from fresh-3.2.0");
	assert_case_contains(doc, s, "WSO2AM_DB.diff", "AM_API against fresh-3.2.0", "failure",
			     "column missing: API_TYPE\nindex extra: IDX_X");
	assert_string_equal(outcome(doc, s, "WSO2AM_DB.diff", "AM_SCOPE against 3.0.0+deltas"), "failure");
	s = "diff: APIM_ANALYTICS_DB";
	assert_string_equal(outcome(doc, s, "APIM_ANALYTICS_DB.diff", "APILASTACCESSSUMMARY against 3.0.0+deltas"),
			    "skipped");
	assert_case_contains(doc, s, "APIM_ANALYTICS_DB.diff", "APILASTACCESSSUMMARY against 3.0.0+deltas",
			     "skipped/@message", "matches fresh-3.2.0");
	assert_prop(doc, s, "matches", "fresh-3.2.0");
	assert_int_equal(suite_attr(doc, s, "failures"), 0);
	xmlFreeDoc(doc);
	run_release(&run);

	memset(&run, 0, sizeof(run));
	run.command = "verify";
	d = add_db(&run, "WSO2AM_DB", DB_V320);
	d->matches = strdup("neither");
	d->ndiffs = d->diffs_alloc = 2;
	d->diffs = calloc(2, sizeof(*d->diffs));
	d->diffs[0].against = strdup("fresh-3.2.0, expected after the guide's migration");
	d->diffs[0].count_only = 1;
	diff_result_add(&d->diffs[0], "AM_API", "column", "differs", "default");
	diff_result_add(&d->diffs[0], "AM_USER", "column", "differs", "default");
	d->diffs[1].against = strdup("fresh-3.2.0, drift");
	diff_result_add(&d->diffs[1], "AM_API", "column", "missing", "API_TYPE");
	fixture_check(&run, "drift", SEV_BLOCKER, CS_FAIL, "1 difference from fresh 3.2.0", "WSO2AM_DB: AM_API column missing: API_TYPE");
	doc = write_and_read(&run, NULL);
	s = "verify: WSO2AM_DB";
	assert_int_equal(suite_attr(doc, s, "tests"), 2);
	assert_string_equal(outcome(doc, s, "WSO2AM_DB.drift", "AM_API"), "failure");
	assert_case_contains(doc, s, "WSO2AM_DB.drift", "AM_API", "failure", "column missing: API_TYPE");
	assert_string_equal(outcome(doc, s, "WSO2AM_DB.drift", "AM_USER"), "absent");
	assert_prop(doc, s, "differences_expected", "2");
	assert_string_equal(outcome(doc, "verify", "verify", "drift"), "failure");
	xmlFreeDoc(doc);
	run_release(&run);
}

static void test_plan(void **state)
{
	struct run run;
	struct db_run *d;
	xmlDocPtr doc;
	const char *s = "plan: WSO2AM_DB";
	(void)state;

	memset(&run, 0, sizeof(run));
	run.command = "plan";
	d = add_db(&run, "WSO2AM_DB", DB_V300);
	add_delta(d, &scope, DS_MISSING, -1, "table does not exist");
	add_delta(d, &binding, DS_MISSING, -1, "table does not exist");
	d->plan.built = 1;
	d->plan.nsteps = d->plan.steps_alloc = 1;
	d->plan.steps = calloc(1, sizeof(*d->plan.steps));
	d->plan.steps[0].delta = &scope;
	stmt_list_add(&d->plan.steps[0].sql, "CREATE TABLE AM_SCOPE (SCOPE_ID INTEGER)");
	d->plan.nskipped = d->plan.skipped_alloc = 1;
	d->plan.skipped = calloc(1, sizeof(*d->plan.skipped));
	d->plan.skipped[0] = (struct plan_skip){ &binding, "identity: made by the identity migration client" };
	d = add_db(&run, "APIM_ANALYTICS_DB", DB_PARTIAL);
	add_delta(d, &an_pk, DS_CONFLICT, -1, "the key is over other columns");
	d->plan.built = 1;
	d->plan.refused = strdup("apilastaccesssummary-pk is in conflict");

	doc = write_and_read(&run, NULL);
	assert_string_equal(outcome(doc, s, "WSO2AM_DB.apim", "am-scope (AM_SCOPE)"), "failure");
	assert_case_contains(doc, s, "WSO2AM_DB.apim", "am-scope (AM_SCOPE)", "system-out",
			     "CREATE TABLE AM_SCOPE (SCOPE_ID INTEGER);");
	assert_case_contains(doc, s, "WSO2AM_DB.identity", "idn-oauth2-token-binding (IDN_OAUTH2_TOKEN_BINDING)",
			     "system-out", "not planned: identity");
	assert_string_equal(outcome(doc, s, "WSO2AM_DB", "plan"), "pass");
	assert_case_contains(doc, s, "WSO2AM_DB", "plan", "system-out", "1 step, 1 statement");
	assert_string_equal(outcome(doc, "plan: APIM_ANALYTICS_DB", "APIM_ANALYTICS_DB", "plan"), "failure");
	assert_case_contains(doc, "plan: APIM_ANALYTICS_DB", "APIM_ANALYTICS_DB", "plan", "failure/@message",
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
	xmlDocPtr doc;
	char *t;
	(void)state;

	memset(&run, 0, sizeof(run));
	run.command = "verify";
	d = add_db(&run, "WSO2AM_DB", DB_V320);
	free(d->driver);
	d->driver = strdup("drv\x01\"quoted\" & <b>\xff\xfe latin1 \xe9t\xe9 ok \xc3\xa9");
	d->ndiffs = d->diffs_alloc = 1;
	d->diffs = calloc(1, sizeof(*d->diffs));
	d->diffs[0].against = strdup("fresh-3.2.0, drift");
	diff_result_add(&d->diffs[0], "<img src=x onerror=alert(1)>", "table", "extra", "]]> &amp; \x1b[31m");
	doc = write_and_read(&run, NULL);
	t = xstr(doc, "string(//testcase[@classname='WSO2AM_DB.drift']/@name)");
	assert_string_equal(t, "<img src=x onerror=alert(1)>");
	free(t);
	t = xstr(doc, "string(//testcase[@classname='WSO2AM_DB.drift']/failure)");
	assert_string_equal(t, "table extra: ]]> &amp; ?[31m\n");
	free(t);
	assert_int_equal(xcount(doc, "//img"), 0);
	t = suite_prop(doc, "verify: WSO2AM_DB", "driver");
	assert_string_equal(t, "drv?\"quoted\" & <b>?? latin1 ?t? ok \xc3\xa9");
	free(t);
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

	build_status(&run, "status");
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
