/* Unit tests of the HTML report: a hand-built run holding hostile strings
 * is written twice; the files differ only in the generated-at line, parse
 * back, name every database, hold the hostile strings as text only and
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
	.id = "am-scope", .db = "WSO2AM_DB", .component = "apim", .release = "3.2.0",
	.op = DOP_CREATE_TABLE, .table = "AM_SCOPE", .title = "the AM_SCOPE table",
};
static struct delta hostile = {
	.id = "am-hostile", .db = "WSO2AM_DB", .component = "apim", .release = "3.1.0",
	.op = DOP_ADD_COLUMN, .table = HOSTILE_TABLE, .column = "X",
	.title = "a column of " HOSTILE_TABLE,
};
static struct delta fill = {
	.id = "am-fill", .db = "WSO2AM_DB", .component = "apim", .release = "3.2.0",
	.op = DOP_DATA_FIX, .table = "AM_APPLICATION_KEY_MAPPING",
};
static struct delta idn = {
	.id = "idn-scope", .db = "WSO2AM_DB", .component = "identity", .release = "5.10.0",
	.op = DOP_ADD_COLUMN, .table = "IDN_OAUTH2_SCOPE",
};

/* A check whose remedy holds markup, which the report must escape. */
static void add_check(struct run *run, const char *id, int sev, int st, const char *detail,
		      const char *row)
{
	struct check_result *c = fixture_check(run, id, sev, st, detail, row);

	c->title = "a title";
	c->remedy = "do <b>this</b> & that";
}

static void build(struct run *run)
{
	struct db_run *d;
	struct diff_result *dr;

	memset(run, 0, sizeof(*run));
	run->command = "apply";
	run->ndbs = 3;
	d = &run->dbs[0];
	d->name = strdup("WSO2AM_DB");
	d->dialect = strdup("postgresql");
	d->dbms_name = strdup("PostgreSQL");
	d->dbms_ver = strdup("15.8");
	d->driver = strdup("psqlodbcw.so");
	d->target_shown = strdup("Driver=x;Database=" HOSTILE_TABLE ";Pwd=***;");
	d->state = DB_PARTIAL;
	d->identity_state = strdup("5.9.0");
	d->round_trips = 7;
	d->ms = 123.456;
	d->ndeltas = d->deltas_alloc = 4;
	d->deltas = calloc(4, sizeof(*d->deltas));
	d->deltas[0] = (struct delta_result){ &scope, DS_MISSING, -1, strdup("table does not exist") };
	d->deltas[1] = (struct delta_result){ &hostile, DS_CONFLICT, -1, strdup(HOSTILE_DETAIL) };
	d->deltas[2] = (struct delta_result){ &fill, DS_MISSING, 42, strdup("42 rows \xff\x01 bad bytes") };
	d->deltas[3] = (struct delta_result){ &idn, DS_MISSING, -1, NULL };
	d->live = catalog_new();
	catalog_add_table(d->live, "AM_API");
	catalog_add_table(d->live, HOSTILE_TABLE);
	catalog_add_table(d->live, "AM_APPLICATION");
	d->ndiffs = d->diffs_alloc = 2;
	d->diffs = calloc(2, sizeof(*d->diffs));
	dr = &d->diffs[0];
	dr->against = strdup("fresh-3.2.0");
	diff_result_add(dr, HOSTILE_TABLE, "table", "extra", HOSTILE_DETAIL);
	diff_result_add(dr, "AM_SCOPE", "table", "missing", NULL);
	dr = &d->diffs[1];
	dr->against = strdup("3.0.0+deltas");
	dr->count_only = 1;
	diff_result_add(dr, "AM_API", "column", "differs", "API_TYPE");
	d->matches = strdup("neither");
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
	d->nexecuted = d->executed_alloc = 2;
	d->executed = calloc(2, sizeof(*d->executed));
	d->executed[0] = (struct executed){ strdup("am-scope"), strdup("CREATE TABLE AM_SCOPE (ID INTEGER)"),
					    12.5, -1, 0 };
	d->executed[1] = (struct executed){ strdup("am-fill"),
					    strdup("UPDATE AM_APPLICATION_KEY_MAPPING SET UUID = '</pre><script>' WHERE ?"),
					    3.25, 42, 3 };
	d->apply_error = strdup("stopped at <script>alert(3)</script>");
	run->dbs[1].name = strdup("SHARED_DB");
	run->dbs[1].state = DB_NOT_CONFIGURED;
	run->dbs[2].name = strdup("APIM_ANALYTICS_DB");
	run->dbs[2].state = DB_ERROR;
	run->dbs[2].error = strdup("cannot connect to APIM_ANALYTICS_DB: <script>refused</script>");
	add_check(run, "database-state", SEV_BLOCKER, CS_FAIL, "WSO2AM_DB is partial",
		  "WSO2AM_DB: " HOSTILE_TABLE);
	add_check(run, "tenants", SEV_INFO, CS_WARN, "1 tenants", "a.com");
	add_check(run, "reg-log-size", SEV_INFO, CS_PASS, "REG_LOG holds 3 rows", NULL);
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

static void test_html(void **state)
{
	struct run run;
	struct strbuf err = STRBUF_INIT;
	char *p1 = temp_path(), *p2 = temp_path();
	char *a, *b, *la, *lb, *sa, *sb;
	size_t na, nb, diff_lines = 0, external = 0;
	htmlDocPtr doc;
	xmlChar *all;
	int parse_errors = 0;
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

	/* it parses back; every database is named; the hostile strings are text */
	xmlSetStructuredErrorFunc(&parse_errors, count_error);
	doc = htmlReadFile(p1, NULL, HTML_PARSE_NONET);
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
	for (const char *const *n = (const char *const[]){ "WSO2AM_DB", "SHARED_DB", "APIM_ANALYTICS_DB",
							  HOSTILE_TABLE, HOSTILE_DETAIL,
							  "am-scope", "AM_SCOPE", "CREATE TABLE AM_SCOPE",
							  "made by the identity migration client",
							  "do <b>this</b> & that", "partial", "not-configured",
							  "database-state", NULL }; *n; n++) {
		if (!xmlStrstr(all, (const xmlChar *)*n))
			fail_msg("the parsed report does not hold %s", *n);
	}
	xmlFree(all);
	xmlFreeDoc(doc);
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

	memset(&run, 0, sizeof(run));
	run.command = "status";
	assert_int_equal(report_html_write(p, &run, NULL, &err), 0);
	a = slurp(p, &n);
	assert_non_null(strstr(a, "amdelta status"));
	assert_non_null(strstr(a, "</html>"));
	free(a);
	unlink(p);
	free(p);
	strbuf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_empty),
	};
	return cmocka_run_group_tests_name("report_html", tests, NULL, NULL);
}
