/* Unit tests of the HTML report: hand-built runs holding hostile strings,
 * judged by verdict_compute(), are written; two writes differ only in the
 * generated-at line; the files parse back, name every database, hold the
 * hostile strings as text only, show the verdict and the next step, and
 * refer to nothing outside the file. */
#include "unit.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "readiness.h"
#include "report.h"
#include "run_fixture.h"

#define HOSTILE_TABLE "<img src=x onerror=alert(1)>"
#define HOSTILE_DETAIL "column missing</td><script>alert(2)</script>"

static struct delta scope = {
	.id = "am-scope", .db = DBI_AM, .component = COMP_APIM, .release = "3.2.0",
	.op = DOP_CREATE_TABLE, .table = "AM_SCOPE", .title = "the AM_SCOPE table",
};
static struct delta hostile = {
	.id = "am-hostile", .db = DBI_AM, .component = COMP_APIM, .release = "3.1.0",
	.op = DOP_ADD_COLUMN, .table = HOSTILE_TABLE, .column = "X",
	.title = "a column of " HOSTILE_TABLE,
};
static struct delta fill = {
	.id = "am-fill", .db = DBI_AM, .component = COMP_APIM, .release = "3.2.0",
	.op = DOP_DATA_FIX, .table = "AM_APPLICATION_KEY_MAPPING",
};
static struct delta idn = {
	.id = "idn-scope", .db = DBI_AM, .component = COMP_IDENTITY, .release = "5.10.0",
	.op = DOP_ADD_COLUMN, .table = "IDN_OAUTH2_SCOPE",
};

/* A check whose remedy holds markup, which the report must escape. */
static void add_check(struct run *run, const char *id, enum check_severity sev,
		      enum check_status st, const char *detail, const char *row)
{
	struct check_result *c = fixture_check(run, id, sev, st, detail, row);

	c->title = "a title";
	c->remedy = "do <b>this</b> & that";
}

/* apply: WSO2AM_DB read, diffed, planned, partly applied and stopped, with
 * hostile strings everywhere a database or a file puts one; SHARED_DB not
 * configured; APIM_ANALYTICS_DB unreachable. */
static void build(struct run *run)
{
	struct db_run *d;

	fixture_run(run, CMD_APPLY);
	d = fixture_db(run, DBI_AM, DB_PARTIAL);
	free(d->target_shown);
	d->target_shown = strdup("Driver=x;Database=" HOSTILE_TABLE ";Pwd=***;");
	d->apim = PART_PARTIAL;
	d->identity = PART_OLD;
	d->ms = 123.456;
	fixture_delta(d, &scope, DS_MISSING, -1, "table does not exist");
	fixture_delta(d, &hostile, DS_CONFLICT, -1, HOSTILE_DETAIL);
	fixture_delta(d, &fill, DS_MISSING, 42, "42 rows \xff\x01 bad bytes");
	fixture_delta(d, &idn, DS_MISSING, -1, NULL);
	d->live = catalog_new();
	catalog_add_table(d->live, "AM_API");
	catalog_add_table(d->live, HOSTILE_TABLE);
	catalog_add_table(d->live, "AM_APPLICATION");
	d->diffed = 1;
	d->against_fresh.against = strdup("fresh-3.2.0");
	diff_result_add(&d->against_fresh, HOSTILE_TABLE, "table", "extra", HOSTILE_DETAIL);
	diff_result_add(&d->against_fresh, "AM_SCOPE", "table", "missing", NULL);
	d->against_migrated.against = strdup("3.0.0+deltas");
	diff_result_add(&d->against_migrated, "AM_API", "column", "differs", "API_TYPE");
	d->match = MATCH_NEITHER;
	d->plan.built = 1;
	ALLOC_GROW(d->plan.steps, 2, d->plan.steps_alloc);
	d->plan.nsteps = 2;
	memset(d->plan.steps, 0, 2 * sizeof(*d->plan.steps));
	d->plan.steps[0].delta = &scope;
	stmt_list_add(&d->plan.steps[0].sql, "CREATE TABLE AM_SCOPE (ID INTEGER)");
	d->plan.steps[1].delta = &hostile;
	stmt_list_add(&d->plan.steps[1].sql, "ALTER TABLE \"" HOSTILE_TABLE "\" ADD X INTEGER");
	ALLOC_GROW(d->plan.skipped, 1, d->plan.skipped_alloc);
	d->plan.nskipped = 1;
	d->plan.skipped[0] = (struct plan_skip){ &idn, "made by the identity migration client" };
	d->applied = 1;
	fixture_executed(d, "am-scope", "CREATE TABLE AM_SCOPE (ID INTEGER)", 12.5, -1, 0);
	fixture_executed(d, "am-fill",
			 "UPDATE AM_APPLICATION_KEY_MAPPING SET UUID = '</pre><script>' WHERE ?", 3.25,
			 42, 3);
	d->apply_error = strdup("stopped at <script>alert(3)</script>");
	fixture_db(run, DBI_SHARED, DB_NOT_CONFIGURED);
	d = fixture_db(run, DBI_ANALYTICS, DB_ERROR);
	d->error = strdup("cannot connect to APIM_ANALYTICS_DB: <script>refused</script>");
	verdict_compute(run);
}

static char *temp_path(void)
{
	char path[] = "/tmp/amdelta-html-XXXXXX";
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	close(fd);
	return strdup(path);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n > 0);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* Counts elements named name in the tree under n; counts attributes named
 * src or href whose value holds "//" in *external. */
static size_t count_elements(xmlNodePtr n, const char *name, size_t *external)
{
	size_t c = 0;

	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (!xmlStrcasecmp(n->name, (const xmlChar *)name))
			c++;
		for (xmlAttrPtr a = n->properties; a; a = a->next) {
			xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);

			if ((!xmlStrcasecmp(a->name, (const xmlChar *)"src") ||
			     !xmlStrcasecmp(a->name, (const xmlChar *)"href")) &&
			    v && xmlStrstr(v, (const xmlChar *)"//"))
				(*external)++;
			xmlFree(v);
		}
		c += count_elements(n->children, name, external);
	}
	return c;
}

/* Counts the messages of libxml2's HTML parser. */
static void count_error(void *ctx, xmlErrorPtr e)
{
	(*(int *)ctx)++;
	fprintf(stderr, "html parser: line %d: %s", e->line, e->message ? e->message : "\n");
}

/* Parses the report at path (no parser message allowed), checks that it
 * holds no image, script, link, frame or external reference and one
 * stylesheet; returns its text (xmlFree it). */
static xmlChar *parse_text(const char *path)
{
	size_t external = 0;
	int parse_errors = 0;
	htmlDocPtr doc;
	xmlChar *all;

	xmlSetStructuredErrorFunc(&parse_errors, count_error);
	doc = htmlReadFile(path, NULL, HTML_PARSE_NONET);
	xmlSetStructuredErrorFunc(NULL, NULL);
	assert_non_null(doc);
	assert_int_equal(parse_errors, 0);
	assert_int_equal(count_elements(xmlDocGetRootElement(doc), "img", &external), 0);
	assert_int_equal(count_elements(xmlDocGetRootElement(doc), "script", &external), 0);
	assert_int_equal(count_elements(xmlDocGetRootElement(doc), "link", &external), 0);
	assert_int_equal(count_elements(xmlDocGetRootElement(doc), "iframe", &external), 0);
	assert_int_equal(count_elements(xmlDocGetRootElement(doc), "style", &external), 1);
	assert_int_equal(count_elements(xmlDocGetRootElement(doc), "section", &external), 0);
	assert_int_equal(external, 0);
	all = xmlNodeGetContent((xmlNodePtr)xmlDocGetRootElement(doc));
	xmlFreeDoc(doc);
	return all;
}

/* Fails unless text holds every string of the NULL-terminated list. */
static void assert_holds(const xmlChar *text, const char *const *needles)
{
	for (const char *const *n = needles; *n; n++)
		if (!xmlStrstr(text, (const xmlChar *)*n))
			fail_msg("the parsed report does not hold %s", *n);
}

static void test_html(void **state)
{
	struct run run;
	struct strbuf err = STRBUF_INIT;
	char *p1 = temp_path(), *p2 = temp_path();
	char *a, *b, *la, *lb, *sa, *sb;
	size_t na, nb, diff_lines = 0;
	xmlChar *all;
	(void)state;

	build(&run);
	assert_int_equal(report_html_write(p1, &run, "2024-01-01 00:00:00 UTC", &err), 0);
	assert_int_equal(report_html_write(p2, &run, "2025-06-30 12:34:56 UTC", &err), 0);
	a = slurp(p1, &na);
	b = slurp(p2, &nb);

	/* identical but for the generated-at line */
	assert_int_equal(na, nb);
	la = strtok_r(a, "\n", &sa);
	lb = strtok_r(b, "\n", &sb);
	while (la && lb) {
		if (strcmp(la, lb)) {
			diff_lines++;
			assert_non_null(strstr(la, "2024-01-01 00:00:00 UTC"));
			assert_non_null(strstr(lb, "2025-06-30 12:34:56 UTC"));
		}
		la = strtok_r(NULL, "\n", &sa);
		lb = strtok_r(NULL, "\n", &sb);
	}
	assert_null(la);
	assert_null(lb);
	assert_int_equal(diff_lines, 1);
	free(a);
	free(b);

	/* the raw bytes: hostile strings escaped, nothing external, the CSS inline */
	a = slurp(p1, &na);
	assert_true(!strncmp(a, "<!DOCTYPE html>", 15));
	assert_null(strstr(a, "<img"));
	assert_null(strstr(a, "<script"));
	assert_null(strstr(a, "</td><script"));
	assert_non_null(strstr(a, "&lt;img src=x onerror=alert(1)&gt;"));
	assert_non_null(strstr(a, "&lt;/td&gt;&lt;script&gt;"));
	assert_null(strstr(a, "http://"));
	assert_null(strstr(a, "https://"));
	assert_null(strstr(a, "<link"));
	assert_null(strstr(a, "@import"));
	assert_null(strstr(a, "url("));
	assert_non_null(strstr(a, "<style"));
	assert_non_null(strstr(a, "@media print"));
	assert_non_null(strstr(a, "&#65533;&#65533; bad bytes"));    /* replaced */
	assert_null(strstr(a, "\xff"));
	assert_null(strstr(a, "123.456"));             /* read time is not reported */
	assert_non_null(strstr(a, "12.5 ms"));          /* apply's step time is */
	/* the tables read, sorted by name */
	assert_non_null(strstr(a, "3 tables"));
	assert_true(strstr(a, ">&lt;img") < strstr(a, ">AM_API<span"));
	assert_true(strstr(a, ">AM_API<span") < strstr(a, ">AM_APPLICATION<span"));
	free(a);

	/* it parses back; every database is named; the hostile strings are
	 * text; the verdict and the next step are in the summary */
	all = parse_text(p1);
	assert_holds(all, (const char *const[]){
		"WSO2AM_DB", "SHARED_DB", "APIM_ANALYTICS_DB", HOSTILE_TABLE, HOSTILE_DETAIL,
		"am-scope", "AM_SCOPE", "CREATE TABLE AM_SCOPE", "made by the identity migration client",
		"partial", "not-configured", "5.9.0", "resolve the conflict",
		"Apply stopped: stopped at <script>alert(3)</script>",
		"cannot connect to APIM_ANALYTICS_DB: <script>refused</script>",
		"Diff against fresh-3.2.0", "Diff against 3.0.0+deltas",
		"REFUSED: 3 database items: 0 passed, 0 failed, 0 warned, 2 could not run, 1 skipped",
		"Next: fix the connection (APIM_ANALYTICS_DB)", NULL });
	xmlFree(all);
	unlink(p1);
	unlink(p2);

	/* an unwritable path is an error naming it */
	assert_int_equal(report_html_write("/nonexistent-dir/x.html", &run, "now", &err), -1);
	assert_non_null(strstr(strbuf_str(&err), "/nonexistent-dir/x.html"));
	strbuf_release(&err);
	free(p1);
	free(p2);
	run_release(&run);
}

/* A run with nothing configured and a plan of nothing still gives a page. */
static void test_empty(void **state)
{
	struct run run;
	struct strbuf err = STRBUF_INIT;
	char *p = temp_path(), *a;
	size_t n;
	(void)state;

	fixture_run(&run, CMD_STATUS);
	verdict_compute(&run);
	assert_int_equal(report_html_write(p, &run, NULL, &err), 0);
	a = slurp(p, &n);
	assert_non_null(strstr(a, "amdelta status"));
	assert_non_null(strstr(a, "PASS: 0 database items"));
	assert_non_null(strstr(a, "</html>"));
	free(a);
	unlink(p);
	free(p);
	strbuf_release(&err);
	run_release(&run);
}

/* verify: the checks with their rows and, where they help, remedies (which
 * hold markup: escaped), the differences a migration leaves and the drift,
 * the verdict. */
static void test_verify(void **state)
{
	struct run run;
	struct strbuf err = STRBUF_INIT;
	struct db_run *d;
	char *p = temp_path(), *a, *s;
	size_t n, remedies = 0;
	xmlChar *all;
	(void)state;

	fixture_run(&run, CMD_VERIFY);
	d = fixture_db(&run, DBI_AM, DB_V320);
	d->apim = PART_NEW;
	d->identity = PART_NEW;
	d->split = 1;
	d->explained.against = strdup("fresh-3.2.0, as a migration leaves it");
	diff_result_add(&d->explained, "AM_API", "column", "differs", "default");
	d->drift.against = strdup("fresh-3.2.0, drift");
	diff_result_add(&d->drift, HOSTILE_TABLE, "table", "extra", HOSTILE_DETAIL);
	fixture_db(&run, DBI_SHARED, DB_NOT_CONFIGURED);
	add_check(&run, "drift", SEV_BLOCKER, CS_FAIL, "1 difference from fresh 3.2.0",
		  "WSO2AM_DB: " HOSTILE_TABLE);
	add_check(&run, "tenants", SEV_INFO, CS_WARN, "1 tenants", "a.com");
	add_check(&run, "reg-log-size", SEV_INFO, CS_PASS, "REG_LOG holds 3 rows", NULL);
	verdict_compute(&run);
	assert_int_equal(run.nchecks, 3);           /* verify adds no per-database item */
	assert_int_equal(report_html_write(p, &run, "2024-01-01 00:00:00 UTC", &err), 0);

	a = slurp(p, &n);
	assert_null(strstr(a, "<img"));
	assert_null(strstr(a, "<script"));
	assert_null(strstr(a, "<b>this"));
	/* the remedy of the failure and of the warning, not of the pass */
	for (s = strstr(a, "do &lt;b&gt;this&lt;/b&gt; &amp; that"); s;
	     s = strstr(s + 1, "do &lt;b&gt;this&lt;/b&gt; &amp; that"))
		remedies++;
	assert_int_equal(remedies, 2);
	free(a);

	all = parse_text(p);
	assert_holds(all, (const char *const[]){
		"Verification", "drift", "tenants", "reg-log-size", "a.com",
		"WSO2AM_DB: " HOSTILE_TABLE, "do <b>this</b> & that", HOSTILE_DETAIL,
		"left by a known way of migrating (not drift)", ": drift.", "5.10.0",
		"FAIL: 3 checks: 1 passed, 1 failed, 1 warned, 0 could not run, 0 skipped",
		"Next: the remedy of each failed check", NULL });
	xmlFree(all);
	unlink(p);
	free(p);
	strbuf_release(&err);
	run_release(&run);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_verify),
	};
	return cmocka_run_group_tests_name("report_html", tests, NULL, NULL);
}
