/*
 * Unit tests of verdict: runs built in memory — clean, 3.0.0, partial,
 * identity pending, one database unreachable, a conflict, apply refused,
 * checks failing and not measurable — each judged once, then written by
 * all four reporters; the text, JSON, JUnit and HTML must agree with the
 * verdict on every count and on the exit code, and no output may tell the
 * user to run apply when amdelta has nothing left to do.
 */
#include "unit.h"

#include <jansson.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>

#include "report.h"
#include "run.h"
#include "verdict.h"

static struct delta structural = {
	.id = "am-scope", .db = DBI_AM, .component = COMP_APIM, .release = "3.2.0",
	.op = DOP_CREATE_TABLE, .table = "AM_SCOPE", .title = "scopes",
};
static struct delta identity = {
	.id = "idn-token-binding", .db = DBI_AM, .component = COMP_IDENTITY, .release = "5.10.0",
	.op = DOP_ADD_COLUMN, .table = "IDN_OAUTH2_ACCESS_TOKEN", .column = "TOKEN_BINDING_REF",
};
static struct delta um = {
	.id = "um-user-id", .db = DBI_SHARED, .component = COMP_IDENTITY, .release = "5.10.0",
	.op = DOP_ADD_COLUMN, .table = "UM_USER", .column = "UM_USER_ID",
};
static struct delta summary_key = {
	.id = "analytics-key", .db = DBI_ANALYTICS, .component = COMP_APIM, .release = "3.2.0",
	.op = DOP_SET_PRIMARY_KEY, .table = "APILASTACCESSSUMMARY",
};
static struct delta cleanup = {
	.id = "reg-cleanup", .db = DBI_SHARED, .component = COMP_APIM, .release = "3.2.0",
	.op = DOP_DATA_FIX, .table = "REG_RESOURCE_PROPERTY", .conditional = 1,
};

/* What a database looks like in a scenario. */
struct dbx {
	enum db_state state;
	enum part_state apim, identity;
	enum delta_status scope, idn;    /* WSO2AM_DB's two deltas */
	long versioned;                  /* SHARED_DB: registry rows left (-1: no clean-up delta) */
	const char *error;
	const char *apply_error;
};

static void add_result(struct db_run *d, const struct delta *dl, enum delta_status st, long count)
{
	ALLOC_GROW(d->deltas, d->ndeltas + 1, d->deltas_alloc);
	d->deltas[d->ndeltas++] = (struct delta_result){ dl, st, count, NULL };
}

static void build(struct run *run, enum command cmd, const struct dbx *x, size_t n)
{
	memset(run, 0, sizeof(*run));
	run->command = cmd;
	run_init_dbs(run);
	for (size_t i = 0; i < n && i < DBI_COUNT; i++) {
		struct db_run *d = &run->dbs[i];

		d->state = x[i].state;
		if (d->state == DB_NOT_CONFIGURED)
			continue;
		d->target_shown = strdup("Driver=x;Pwd=***;");
		if (x[i].error) {
			d->error = strdup(x[i].error);
			continue;
		}
		d->dialect = dialect_get(DIALECT_POSTGRESQL);
		d->apim = x[i].apim;
		d->identity = x[i].identity;
		if (i == DBI_AM) {
			add_result(d, &structural, x[i].scope, -1);
			add_result(d, &identity, x[i].idn, -1);
		} else if (i == DBI_SHARED) {
			add_result(d, &um, d->identity == PART_NEW ? DS_APPLIED : DS_MISSING, -1);
			if (x[i].versioned >= 0)
				add_result(d, &cleanup, x[i].versioned ? DS_MISSING : DS_APPLIED, x[i].versioned);
		} else {
			add_result(d, &summary_key, d->apim == PART_NEW ? DS_APPLIED : DS_MISSING, -1);
		}
		if (cmd == CMD_DIFF) {
			d->diffed = 1;
			d->match = d->state == DB_V320 ? MATCH_BOTH : MATCH_NEITHER;
		}
		if (x[i].apply_error) {
			d->applied = 1;
			d->apply_error = strdup(x[i].apply_error);
		}
	}
}

static char *read_all(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	int c;

	assert_non_null(f);
	while ((c = fgetc(f)) != EOF)
		fputc(c, m);
	fclose(f);
	fclose(m);
	return buf;
}

static long xpath_num(xmlDocPtr doc, const char *expr)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathObjectPtr o = xmlXPathEvalExpression((const xmlChar *)expr, ctx);
	long v;

	assert_non_null(o);
	v = (long)xmlXPathCastToNumber(o);
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(ctx);
	return v;
}

/* Writes run with every reporter and checks each against run->verdict. */
static void assert_outputs_agree(struct run *run, const char *what)
{
	const struct run_verdict *v = &run->verdict;
	char dir[] = "/tmp/amdelta-verdict-XXXXXX";
	char *json = NULL, *junit = NULL, *html = NULL, *text = NULL;
	size_t tlen = 0, total = 0;
	struct strbuf err = STRBUF_INIT, want = STRBUF_INIT;
	json_t *root, *counts;
	json_error_t jerr;
	xmlDocPtr doc;
	FILE *f;

	assert_non_null(mkdtemp(dir));
	json = xasprintf("%s/r.json", dir);
	junit = xasprintf("%s/r.xml", dir);
	html = xasprintf("%s/r.html", dir);
	for (int st = 0; st < CS_COUNT; st++)
		total += v->by_status[st];
	assert_int_equal(total, run->nchecks);

	/* text: the summary line carries every count and the verdict */
	f = open_memstream(&text, &tlen);
	report_text_write(f, run);
	fclose(f);
	strbuf_addf(&want, "%s: %zu ", verdict_name(v->verdict), total);
	if (!strstr(text, want.buf))
		fail_msg("%s: text lacks '%s':\n%s", what, want.buf, text);
	strbuf_reset(&want);
	strbuf_addf(&want, "%zu passed, %zu failed, %zu warned, %zu could not run, %zu skipped",
		    v->by_status[CS_PASS], v->by_status[CS_FAIL], v->by_status[CS_WARN],
		    v->by_status[CS_ERROR], v->by_status[CS_SKIP]);
	if (!strstr(text, want.buf))
		fail_msg("%s: text lacks '%s':\n%s", what, want.buf, text);

	/* JSON: the verdict object and the items it counts */
	assert_int_equal(report_json_write(json, run, &err), 0);
	root = json_load_file(json, 0, &jerr);
	assert_non_null(root);
	assert_string_equal(json_string_value(json_object_get(json_object_get(root, "verdict"), "verdict")),
			    verdict_name(v->verdict));
	assert_int_equal(json_integer_value(json_object_get(json_object_get(root, "verdict"), "exit_code")),
			 v->exit_code);
	counts = json_object_get(json_object_get(root, "verdict"), "counts");
	assert_int_equal(json_array_size(json_object_get(root, "checks")), total);
	for (int st = 0; st < CS_COUNT; st++) {
		size_t n = 0, k;
		json_t *c;

		assert_int_equal(json_integer_value(json_object_get(counts, check_status_name(st))),
				 v->by_status[st]);
		json_array_foreach(json_object_get(root, "checks"), k, c)
			n += !strcmp(json_string_value(json_object_get(c, "status")), check_status_name(st));
		assert_int_equal(n, v->by_status[st]);
	}
	json_decref(root);

	/* JUnit: one testcase per item */
	assert_int_equal(report_junit_write(junit, run, &err), 0);
	doc = xmlReadFile(junit, NULL, XML_PARSE_NONET);
	assert_non_null(doc);
	assert_int_equal(xpath_num(doc, "number(/testsuites/@tests)"), total);
	assert_int_equal(xpath_num(doc, "count(//testcase)"), total);
	assert_int_equal(xpath_num(doc, "number(/testsuites/@failures)"), v->by_status[CS_FAIL]);
	assert_int_equal(xpath_num(doc, "number(/testsuites/@errors)"), v->by_status[CS_ERROR]);
	assert_int_equal(xpath_num(doc, "number(/testsuites/@skipped)"), v->by_status[CS_SKIP]);
	xmlFreeDoc(doc);

	/* HTML: the verdict line, and one status badge per item */
	assert_int_equal(report_html_write(html, run, "now", &err), 0);
	{
		char *page = read_all(html);

		doc = htmlReadMemory(page, (int)strlen(page), html, "utf-8",
				     HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
		assert_non_null(doc);
		if (!strstr(page, v->summary))
			fail_msg("%s: the HTML lacks the verdict '%s'", what, v->summary);
		free(page);
	}
	for (int st = 0; st < CS_COUNT; st++) {
		char *expr = xasprintf("count(//table[contains(@class,'checks')]//span[contains(@class,"
				       "'cs-%s')])", check_status_name(st));

		assert_int_equal(xpath_num(doc, expr), v->by_status[st]);
		free(expr);
	}
	xmlFreeDoc(doc);

	unlink(json);
	unlink(junit);
	unlink(html);
	rmdir(dir);
	free(json);
	free(junit);
	free(html);
	free(text);
	strbuf_release(&err);
	strbuf_release(&want);
}

/* Judges the scenario for cmd and checks the exit code and the outputs. */
static struct run *judge(struct run *run, enum command cmd, const struct dbx *x, size_t n,
			 int want_exit, const char *what)
{
	build(run, cmd, x, n);
	verdict_compute(run);
	if (run->verdict.exit_code != want_exit)
		fail_msg("%s (%s): exit %d, want %d (%s)", what, command_name(cmd),
			 run->verdict.exit_code, want_exit, run->verdict.summary);
	assert_outputs_agree(run, what);
	if (cmd == CMD_PLAN) {   /* the plan's script says it too */
		char *script = NULL, *want = xasprintf("\n-- plan %s\n", run->verdict.summary);
		size_t len = 0;
		FILE *f = open_memstream(&script, &len);

		report_plan_write(f, run);
		fclose(f);
		if (!strstr(script, want))
			fail_msg("%s: the plan script lacks '%s':\n%s", what, want, script);
		free(script);
		free(want);
	}
	return run;
}

static const struct dbx CLEAN[] = {
	{ DB_V320, PART_NEW, PART_NEW, DS_APPLIED, DS_APPLIED, -1, NULL, NULL },
	{ DB_V320, PART_NONE, PART_NEW, 0, 0, 0, NULL, NULL },
	{ DB_V320, PART_NEW, PART_NONE, 0, 0, -1, NULL, NULL },
};
static const struct dbx V300[] = {
	{ DB_V300, PART_OLD, PART_OLD, DS_MISSING, DS_MISSING, -1, NULL, NULL },
	{ DB_V300, PART_NONE, PART_OLD, 0, 0, 0, NULL, NULL },
	{ DB_V300, PART_OLD, PART_NONE, 0, 0, -1, NULL, NULL },
};
/* after amdelta apply, before WSO2's identity migration client */
static const struct dbx IDENTITY_PENDING[] = {
	{ DB_PARTIAL, PART_NEW, PART_OLD, DS_APPLIED, DS_MISSING, -1, NULL, NULL },
	{ DB_V300, PART_NONE, PART_OLD, 0, 0, 0, NULL, NULL },
	{ DB_V320, PART_NEW, PART_NONE, 0, 0, -1, NULL, NULL },
};
static const struct dbx UNREACHABLE[] = {
	{ DB_V320, PART_NEW, PART_NEW, DS_APPLIED, DS_APPLIED, -1, NULL, NULL },
	{ DB_ERROR, 0, 0, 0, 0, -1, "cannot connect to SHARED_DB: refused", NULL },
	{ DB_NOT_CONFIGURED, 0, 0, 0, 0, -1, NULL, NULL },
};
static const struct dbx CONFLICT[] = {
	{ DB_PARTIAL, PART_PARTIAL, PART_OLD, DS_CONFLICT, DS_MISSING, -1, NULL, NULL },
};
static const struct dbx REFUSED[] = {
	{ DB_V300, PART_OLD, PART_OLD, DS_MISSING, DS_MISSING, -1, NULL,
	  "WSO2AM_DB: another amdelta apply holds the lock" },
	{ DB_ERROR, 0, 0, 0, 0, -1, "cannot connect to SHARED_DB: refused", NULL },
};

static void test_exit_codes(void **state)
{
	static const enum command cmds[] = { CMD_STATUS, CMD_PLAN, CMD_APPLY, CMD_DIFF };
	struct run run;
	(void)state;

	for (size_t k = 0; k < sizeof(cmds) / sizeof(cmds[0]); k++) {
		enum command c = cmds[k];
		int diff = c == CMD_DIFF;

		run_release(judge(&run, c, CLEAN, 3, 0, "clean"));
		/* diff: a 3.0.0 database matches neither expected catalog */
		run_release(judge(&run, c, V300, 3, 1, "3.0.0"));
		run_release(judge(&run, c, IDENTITY_PENDING, 3, diff ? 1 : 1, "identity pending"));
		run_release(judge(&run, c, UNREACHABLE, 3, 3, "one database unreachable"));
		run_release(judge(&run, c, CONFLICT, 1, 1, "a conflict"));
		run_release(judge(&run, c, REFUSED, 2, 4, "apply refused"));
	}
	assert_int_equal(verdict_exit_code(VERDICT_PASS), 0);
	assert_int_equal(verdict_exit_code(VERDICT_FAIL), 1);
	assert_int_equal(verdict_exit_code(VERDICT_CANNOT_TELL), 3);
	assert_int_equal(verdict_exit_code(VERDICT_REFUSED), 4);
}

static void test_next(void **state)
{
	struct run run;
	struct strbuf line = STRBUF_INIT;
	char *text = NULL;
	size_t len = 0;
	FILE *f;
	(void)state;

	judge(&run, CMD_STATUS, IDENTITY_PENDING, 3, 1, "identity pending");
	assert_int_equal(run.dbs[DBI_AM].next, NEXT_IDENTITY_CLIENT);
	assert_int_equal(run.dbs[DBI_SHARED].next, NEXT_IDENTITY_CLIENT);
	assert_int_equal(run.dbs[DBI_ANALYTICS].next, NEXT_NONE);
	verdict_db_line(&run, &run.dbs[DBI_AM], &line);
	assert_string_equal(line.buf, "partial  amdelta: 3.2.0, nothing to do · identity 5.9.0 · "
			    "next: WSO2's identity migration client (guide step " GUIDE_IDENTITY_STEP ")");
	strbuf_reset(&line);
	verdict_db_line(&run, &run.dbs[DBI_SHARED], &line);
	assert_string_equal(line.buf, "3.0.0  amdelta: none · identity 5.9.0 · next: WSO2's identity "
			    "migration client (guide step " GUIDE_IDENTITY_STEP ")");
	/* nothing left to amdelta: no output says to run apply */
	f = open_memstream(&text, &len);
	report_text_write(f, &run);
	fclose(f);
	assert_null(strstr(text, "amdelta apply"));
	assert_non_null(strstr(text, "next: WSO2's identity migration client"));
	free(text);
	for (size_t i = 0; i < run.nchecks; i++)
		assert_true(!run.checks[i].remedy || !strstr(run.checks[i].remedy, "apply"));
	run_release(&run);

	judge(&run, CMD_STATUS, V300, 3, 1, "3.0.0");
	assert_int_equal(run.dbs[DBI_AM].next, NEXT_APPLY);
	assert_int_equal(run.dbs[DBI_SHARED].next, NEXT_IDENTITY_CLIENT);
	assert_string_equal(run.verdict.next, "amdelta apply (WSO2AM_DB, APIM_ANALYTICS_DB)");
	run_release(&run);

	judge(&run, CMD_STATUS, UNREACHABLE, 3, 3, "unreachable");
	assert_int_equal(run.dbs[DBI_SHARED].next, NEXT_FIX_CONNECTION);
	assert_int_equal(run.verdict.verdict, VERDICT_CANNOT_TELL);
	assert_int_equal(run.verdict.unreachable, 1);
	assert_int_equal(run.verdict.configured, 2);
	/* the item that could not run has no remedy */
	assert_int_equal(run.checks[DBI_SHARED].status, CS_ERROR);
	assert_false(verdict_shows_remedy(&run.checks[DBI_SHARED]));
	assert_int_equal(run.checks[DBI_ANALYTICS].status, CS_SKIP);
	run_release(&run);

	judge(&run, CMD_STATUS, CONFLICT, 1, 1, "conflict");
	assert_int_equal(run.dbs[DBI_AM].next, NEXT_RESOLVE_CONFLICT);
	run_release(&run);

	/* the registry clean-up is amdelta's work only when it is to run */
	{
		struct dbx shared[2] = { { DB_NOT_CONFIGURED, 0, 0, 0, 0, -1, NULL, NULL },
					 { DB_V320, PART_OLD, PART_NEW, 0, 0, 12, NULL, NULL } };

		judge(&run, CMD_STATUS, shared, 2, 0, "versioned rows, clean-up not asked");
		assert_int_equal(run.dbs[DBI_SHARED].next, NEXT_NONE);
		assert_int_equal(run.checks[1].status, CS_WARN);
		assert_true(verdict_shows_remedy(&run.checks[1]));
		assert_non_null(strstr(run.checks[1].remedy, "--registry-xml"));
		run_release(&run);
		build(&run, CMD_STATUS, shared, 2);
		run.registry_cleanup = 1;
		verdict_compute(&run);
		assert_int_equal(run.dbs[DBI_SHARED].next, NEXT_APPLY);
		assert_int_equal(verdict_apim_left(&run.dbs[DBI_SHARED], 1), 1);
		assert_int_equal(verdict_apim_left(&run.dbs[DBI_SHARED], 0), 0);
		run_release(&run);
	}
	strbuf_release(&line);
}

/* check and verify: the readiness items are the judged ones. */
static void test_checks(void **state)
{
	struct run run;
	struct check_result *c;
	(void)state;

	build(&run, CMD_VERIFY, CLEAN, 3);
	c = run_add_check(&run, "apim-state", "t", "run `amdelta apply --yes`", SEV_BLOCKER);
	c->status = CS_PASS;
	c->detail = strdup("done");
	c = run_add_check(&run, "identity", "t", "run the client", SEV_BLOCKER);
	c->status = CS_FAIL;
	c->detail = strdup("pending");
	c = run_add_check(&run, "tenants", "t", "load them", SEV_INFO);
	c->status = CS_WARN;
	c->detail = strdup("1 tenant");
	c = run_add_check(&run, "registry", "t", "clean up", SEV_BLOCKER);
	c->status = CS_SKIP;
	c->detail = strdup("no SHARED_DB");
	verdict_compute(&run);
	assert_int_equal(run.nchecks, 4);          /* no per-database items for verify */
	assert_int_equal(run.verdict.verdict, VERDICT_FAIL);
	assert_int_equal(run.verdict.exit_code, 1);
	assert_int_equal(run.verdict.blockers_failed, 1);
	assert_true(verdict_shows_remedy(&run.checks[1]));
	assert_true(verdict_shows_remedy(&run.checks[2]));
	assert_false(verdict_shows_remedy(&run.checks[0]));
	assert_false(verdict_shows_remedy(&run.checks[3]));
	assert_outputs_agree(&run, "verify, one check failed");

	/* a check that could not be measured: cannot tell, exit 3 */
	run.checks[1].status = CS_ERROR;
	verdict_compute(&run);
	assert_int_equal(run.verdict.verdict, VERDICT_CANNOT_TELL);
	assert_int_equal(run.verdict.exit_code, 3);
	assert_false(verdict_shows_remedy(&run.checks[1]));
	assert_outputs_agree(&run, "verify, one check not measured");

	/* warnings alone pass */
	run.checks[1].status = CS_PASS;
	verdict_compute(&run);
	assert_int_equal(run.verdict.exit_code, 0);
	assert_outputs_agree(&run, "verify, a warning");
	run_release(&run);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exit_codes),
		cmocka_unit_test(test_next),
		cmocka_unit_test(test_checks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
