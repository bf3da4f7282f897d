/*
 * main: dispatch.  Owns the context (options, loaded deltas, the run model)
 * and is the only place that exits.
 */
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "apply.h"
#include "classify.h"
#include "cli.h"
#include "conn.h"
#include "ddl.h"
#include "delta.h"
#include "diff.h"
#include "introspect.h"
#include "jdbc.h"
#include "log.h"
#include "plan.h"
#include "readiness.h"
#include "registry.h"
#include "render.h"
#include "report.h"
#include "run.h"
#include "schema.h"
#ifdef AMDELTA_TEST_HOOKS
#include "testhooks.h"
#endif
#include "toml.h"
#include "util.h"
#include "banned.h"

enum exit_code {
	EXIT_CLEAN = 0,
	EXIT_FINDINGS = 1,
	EXIT_USAGE = 2,
	EXIT_DB = 3,
	EXIT_APPLY = 4,
};

struct ctx {
	struct options opt;
	struct logger log;
	FILE *text;                  /* human report: stdout, or stderr when a report goes to stdout */
	char schemas_dir[PATH_MAX];
	char checks_dir[PATH_MAX];
	struct delta_set deltas;
	struct run run;
	/* Connecting is serialised: psqlODBC calls setlocale() while it
	 * connects, which is not thread-safe (valgrind saw a use-after-free
	 * when three connects ran at once).  Reading runs in parallel. */
	pthread_mutex_t connect_lock;
	int registry_cleanup;        /* plan/apply run the registry clean-up */
	char *registry_why;          /* ... and why, or why not */
	int have_registry;           /* --registry-xml was read into registry */
	struct registry_versioning registry;
	char *toml_targets[DBI_COUNT]; /* connection strings from --deployment-toml (owned) */
};

static int is_dir(const char *path)
{
	struct stat st;
	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

/* Writes a/b into out; 0, or -1 when it does not fit. */
static int path_join(char *out, size_t n, const char *a, const char *b)
{
	int w = snprintf(out, n, "%s/%s", a, b);
	return w < 0 || (size_t)w >= n ? -1 : 0;
}

/* Finds the data directory sub ("schemas", "checks"): the option, then
 * $AMDELTA_DATADIR/sub, then beside the binary (../sub from build/, or
 * ../share/amdelta/sub when installed, wherever the prefix was moved), then
 * the directory compiled in. */
static int find_dir(const char *given, const char *sub, char *out, size_t n)
{
	char exe[PATH_MAX];
	const char *env = getenv("AMDELTA_DATADIR");
	ssize_t len;

	if (given)
		return path_join(out, n, given, ".") || !is_dir(out) ? -1 : 0;
	if (env && !path_join(out, n, env, sub) && is_dir(out))
		return 0;
	len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (len > 0) {
		char *slash;
		exe[len] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL) {
			/* build/amdelta -> ./<sub>; <prefix>/bin/amdelta -> <prefix>/share/amdelta/<sub> */
			static const char *const rel[] = { "..", "../share/amdelta" };
			char up[PATH_MAX + 32];
			*slash = '\0';
			for (size_t i = 0; i < sizeof(rel) / sizeof(rel[0]); i++)
				if (!path_join(up, sizeof(up), exe, rel[i]) &&
				    !path_join(out, n, up, sub) && is_dir(out))
					return 0;
		}
	}
	return path_join(out, n, AMDELTA_DATADIR, sub) || !is_dir(out) ? -1 : 0;
}

/* 1 when an ODBC data source named name is defined (user or system). */
static int dsn_defined(const char *name)
{
	SQLHENV env = SQL_NULL_HENV;
	SQLCHAR dsn[SQL_MAX_DSN_LENGTH + 1], desc[256];
	SQLSMALLINT dsn_len, desc_len;
	SQLUSMALLINT dir = SQL_FETCH_FIRST;
	int found = 0;

	if (!SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_ENV, SQL_NULL_HANDLE, &env)))
		return 0;
	SQLSetEnvAttr(env, SQL_ATTR_ODBC_VERSION, (SQLPOINTER)SQL_OV_ODBC3, 0);
	while (!found && SQL_SUCCEEDED(SQLDataSources(env, dir, dsn, sizeof(dsn), &dsn_len,
						       desc, sizeof(desc), &desc_len))) {
		found = str_caseeq((const char *)dsn, name);
		dir = SQL_FETCH_NEXT;
	}
	SQLFreeHandle(SQL_HANDLE_ENV, env);
	return found;
}

static int load_deltas(struct ctx *ctx)
{
	struct strbuf err = STRBUF_INIT;
	int rc = -1;

	if (find_dir(ctx->opt.checks_dir, "checks", ctx->checks_dir, sizeof(ctx->checks_dir))) {
		log_msg(&ctx->log, LOG_ERROR, "cannot find the checks directory (%s); use --checks DIR",
			ctx->checks_dir);
		goto out;
	}
	if (delta_load_dir(ctx->checks_dir, &ctx->deltas, &err)) {
		log_msg(&ctx->log, LOG_ERROR, "%s", strbuf_str(&err));
		goto out;
	}
	rc = 0;
out:
	strbuf_release(&err);
	return rc;
}

static int locate_schemas(struct ctx *ctx)
{
	if (find_dir(ctx->opt.schemas_dir, "schemas", ctx->schemas_dir, sizeof(ctx->schemas_dir))) {
		log_msg(&ctx->log, LOG_ERROR, "cannot find the schemas directory (%s); use --schemas DIR",
			ctx->schemas_dir);
		return -1;
	}
	return 0;
}

/* The connection target of database i: the option, or the DSN of the same
 * name when defined; NULL when not configured. */
static const char *db_target(const struct ctx *ctx, int i)
{
	if (ctx->opt.targets[i])
		return ctx->opt.targets[i];
	return dsn_defined(cli_db_names[i]) ? cli_db_names[i] : NULL;
}

/* The error of a command given no database at all. */
static void no_database(const struct ctx *ctx)
{
	log_msg(&ctx->log, LOG_ERROR, "no database configured: give --am-db, --shared-db, "
		"--analytics-db or --deployment-toml, or define the DSNs WSO2AM_DB, SHARED_DB, "
		"APIM_ANALYTICS_DB");
}

/* Fills dbr with what c says of the server. */
static void note_server(struct db_run *dbr, const struct conn *c)
{
	dbr->dialect = xstrdup(c->dialect->name);
	dbr->dbms_name = xstrdup(c->dbms_name);
	dbr->dbms_ver = xstrdup(c->dbms_ver);
	dbr->driver = xstrdup(c->driver_name);
}

/* Applies every delta of db that applies to dialect to a copy of the 3.0.0
 * catalog: "3.0.0 + deltas". */
static struct catalog *symbolic_target(const struct ctx *ctx, const char *db, enum dialect_id dialect,
				       const struct catalog *v300, const struct catalog *v320,
				       int with_identity)
{
	struct catalog *cat = catalog_dup(v300);

	for (size_t i = 0; i < ctx->deltas.n; i++) {
		const struct delta *d = &ctx->deltas.items[i];
		if (str_caseeq(d->db, db) && delta_applies(d, dialect) &&
		    (with_identity || !str_caseeq(d->component, "identity")))
			delta_apply_symbolic(d, cat, v320);
	}
	return cat;
}

static void add_diff(struct db_run *dbr, const char *against, const struct catalog *live,
		     const struct catalog *expected)
{
	struct diff_result *dr;

	ALLOC_GROW(dbr->diffs, dbr->ndiffs + 1, dbr->diffs_alloc);
	dr = &dbr->diffs[dbr->ndiffs++];
	memset(dr, 0, sizeof(*dr));
	dr->against = xstrdup(against);
	diff_catalogs(live, expected, dr);
}

/* The length of a diff detail without the " [name]" of a key found live
 * (an expected catalog has no key names). */
static size_t detail_len(const char *d)
{
	size_t n = strlen(d);

	if (n && d[n - 1] == ']') {
		const char *open = strrchr(d, '[');
		if (open && open > d && open[-1] == ' ')
			n = (size_t)(open - 1 - d);
	}
	return n;
}

static int same_item(const struct diff_item *a, const struct diff_item *b)
{
	const char *da = a->detail ? a->detail : "", *db = b->detail ? b->detail : "";
	size_t n = detail_len(da);

	/* names as found (PostgreSQL: lower case) against the expected catalog's */
	return str_caseeq(a->table, b->table) && !strcmp(a->kind, b->kind) &&
	       !strcmp(a->what, b->what) && n == detail_len(db) && !strncasecmp(da, db, n);
}

/* verify: the differences of the live catalog from fresh 3.2.0, split in
 * two diff results: those the guide's migration makes too (the differences
 * of 3.0.0 + deltas from fresh 3.2.0), and drift (everything else). */
static void split_drift(struct db_run *dbr, const struct catalog *sym, const struct catalog *sym_apim,
			const struct catalog *v320)
{
	struct diff_result live, made;
	struct diff_result *expected, *drift;

	memset(&live, 0, sizeof(live));
	memset(&made, 0, sizeof(made));
	diff_catalogs(dbr->live, v320, &live);
	/* with and without the identity migration: while it is pending its
	 * differences are the migration's too (verify's identity check fails) */
	diff_catalogs(sym, v320, &made);
	diff_catalogs(sym_apim, v320, &made);
	ALLOC_GROW(dbr->diffs, dbr->ndiffs + 2, dbr->diffs_alloc);
	expected = &dbr->diffs[dbr->ndiffs++];
	drift = &dbr->diffs[dbr->ndiffs++];
	memset(expected, 0, sizeof(*expected));
	memset(drift, 0, sizeof(*drift));
	expected->against = xstrdup("fresh-3.2.0, expected after the guide's migration");
	expected->count_only = 1;
	drift->against = xstrdup("fresh-3.2.0, drift");
	for (size_t i = 0; i < live.n; i++) {
		const struct diff_item *it = &live.items[i];
		int known = 0;

		for (size_t j = 0; j < made.n && !known; j++)
			known = same_item(it, &made.items[j]);
		diff_result_add(known ? expected : drift, it->table, it->kind, it->what, it->detail);
	}
	dbr->matches = xstrdup(drift->n ? "neither" : live.n ? "3.0.0+deltas" : "fresh-3.2.0");
	diff_result_release(&live);
	diff_result_release(&made);
}

/* The exit code of a plan that plan_build returned built for: 4 when
 * refused or not renderable (the reason then becomes p->refused), 1 when
 * there is work left, 0 when there is none. */
static int plan_code(struct plan *p, int built, struct strbuf *err)
{
	if (built < 0 && !p->refused) {
		p->refused = xasprintf("cannot render the plan: %s", strbuf_str(err));
		strbuf_reset(err);
	}
	if (built)
		return EXIT_APPLY;
	return p->nsteps ? EXIT_FINDINGS : EXIT_CLEAN;
}

/* Reads database i through target (NULL: not configured) and fills dbr.
 * Returns the exit code it implies. */
static int read_database(struct ctx *ctx, int i, const char *target, struct db_run *dbr,
			 int with_diff)
{
	const char *name = cli_db_names[i];
	struct conn c;
	struct strbuf err = STRBUF_INIT, shown = STRBUF_INIT;
	struct catalog *v320 = NULL, *v300 = NULL, *sym = NULL;
	long *counts = NULL;
	double t0 = now_ms();
	int rc = EXIT_DB, opened;

	memset(&c, 0, sizeof(c));
	dbr->name = xstrdup(name);
	if (!target) {
		dbr->state = DB_NOT_CONFIGURED;
		rc = EXIT_CLEAN;
		goto out;
	}
	conn_mask_password(target, &shown);
	dbr->target_shown = strbuf_detach(&shown);
	pthread_mutex_lock(&ctx->connect_lock);
	opened = conn_open(&c, name, target, 1, &err);
	pthread_mutex_unlock(&ctx->connect_lock);
	if (opened)
		goto fail;
	note_server(dbr, &c);
	if (introspect_catalog(&c, ctx->opt.generic_catalog, &dbr->live, &err))
		goto fail;
	if (!classify_recognised(name, dbr->live)) {
		dbr->state = DB_UNKNOWN;
		rc = EXIT_FINDINGS;
		if (ctx->opt.command == CMD_PLAN) {
			plan_build(&dbr->plan, name, 0, NULL, 0, c.dialect, dbr->live, NULL, NULL, &err);
			rc = EXIT_APPLY;
		}
		goto out;
	}
	if (schema_load(ctx->schemas_dir, name, "3.2.0", c.dialect->name, &v320, &err)) {
		rc = EXIT_USAGE;
		goto fail;
	}
	counts = xcalloc(ctx->deltas.n ? ctx->deltas.n : 1, sizeof(long));
	if (classify_count(&c, &ctx->deltas, name, dbr->live, counts, &err))
		goto fail;
	classify_database(dbr, &ctx->deltas, c.dialect->id, dbr->live, v320, counts);
	rc = dbr->state == DB_V320 ? EXIT_CLEAN : EXIT_FINDINGS;
	if (ctx->opt.command == CMD_PLAN) {
		struct render_opts ro = { .mode = RENDER_LIVE, .server_major = conn_server_major(&c),
					  .registry_cleanup = ctx->registry_cleanup };

		rc = plan_code(&dbr->plan, plan_build(&dbr->plan, name, 1, dbr->deltas, dbr->ndeltas,
						      c.dialect, dbr->live, v320, &ro, &err), &err);
	}
	if (with_diff) {
		if (schema_load(ctx->schemas_dir, name, "3.0.0", c.dialect->name, &v300, &err)) {
			rc = EXIT_USAGE;
			goto fail;
		}
		sym = symbolic_target(ctx, name, c.dialect->id, v300, v320, 1);
		if (ctx->opt.command == CMD_VERIFY) {
			struct catalog *apim = symbolic_target(ctx, name, c.dialect->id, v300, v320, 0);

			split_drift(dbr, sym, apim, v320);
			catalog_free(apim);
			goto out;
		}
		add_diff(dbr, "fresh-3.2.0", dbr->live, v320);
		add_diff(dbr, "3.0.0+deltas", dbr->live, sym);
		if (!dbr->diffs[0].n && !dbr->diffs[1].n)
			dbr->matches = xstrdup("fresh-3.2.0 and 3.0.0+deltas");
		else if (!dbr->diffs[0].n)
			dbr->matches = xstrdup("fresh-3.2.0");
		else if (!dbr->diffs[1].n)
			dbr->matches = xstrdup("3.0.0+deltas");
		rc = dbr->matches ? EXIT_CLEAN : EXIT_FINDINGS;
	}
	goto out;
fail:
	dbr->state = DB_ERROR;
	dbr->error = strbuf_detach(&err);
	log_msg(&ctx->log, LOG_ERROR, "%s", dbr->error);
out:
	dbr->round_trips = c.round_trips;
	dbr->ms = now_ms() - t0;
	conn_close(&c);
	catalog_free(v320);
	catalog_free(v300);
	catalog_free(sym);
	free(counts);
	strbuf_release(&err);
	strbuf_release(&shown);
	return rc;
}

/* Opens an output file: --output or stdout. */
static FILE *open_output(struct ctx *ctx);
static int close_output(struct ctx *ctx, FILE *f);

/* plan: the script to --output, or where the human text goes; every
 * refusal also as an error message. */
static int write_plan(struct ctx *ctx)
{
	FILE *f = ctx->opt.output ? open_output(ctx) : ctx->text;

	for (size_t i = 0; i < ctx->run.ndbs; i++)
		if (ctx->run.dbs[i].plan.refused)
			log_msg(&ctx->log, LOG_ERROR, "plan refused: %s", ctx->run.dbs[i].plan.refused);
	if (!f)
		return -1;
	report_plan_write(f, &ctx->run);
	if (ctx->opt.output)
		return close_output(ctx, f);
	return fflush(f) ? -1 : 0;
}

static int write_reports(struct ctx *ctx)
{
	struct strbuf err = STRBUF_INIT;
	int rc = 0;

	if (ctx->opt.command == CMD_PLAN)
		rc = write_plan(ctx);
	else
		report_text_write(ctx->text, &ctx->run);
	if (ctx->opt.json && report_json_write(ctx->opt.json, &ctx->run, &err)) {
		log_msg(&ctx->log, LOG_ERROR, "%s", strbuf_str(&err));
		strbuf_reset(&err);
		rc = -1;
	}
	if (ctx->opt.junit && report_junit_write(ctx->opt.junit, &ctx->run, &err)) {
		log_msg(&ctx->log, LOG_ERROR, "%s", strbuf_str(&err));
		strbuf_reset(&err);
		rc = -1;
	}
	if (ctx->opt.html) {
		char stamp[64];
		time_t now = time(NULL);
		struct tm tm;

		strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M:%S UTC", gmtime_r(&now, &tm));
		if (report_html_write(ctx->opt.html, &ctx->run, stamp, &err)) {
			log_msg(&ctx->log, LOG_ERROR, "%s", strbuf_str(&err));
			rc = -1;
		}
	}
	strbuf_release(&err);
	return rc;
}

static int max_code(int a, int b)
{
	/* Severity order: usage/db errors outrank findings, which outrank clean. */
	return a > b ? a : b;
}

/* One database read by one thread: the three databases are independent, so
 * status reads them at the same time and takes as long as the slowest. */
struct reader {
	struct ctx *ctx;
	int index;
	const char *target;
	int with_diff;
	int code;
	pthread_t thread;
	int started;
};

static void *reader_main(void *arg)
{
	struct reader *r = arg;

	r->code = read_database(r->ctx, r->index, r->target, &r->ctx->run.dbs[r->index],
				r->with_diff);
	return NULL;
}

/* Reads every configured database into ctx->run, at the same time;
 * returns the worst exit code the reads imply, and how many databases are
 * configured in *configured. */
static int read_all(struct ctx *ctx, int with_diff, int *configured)
{
	struct reader readers[DBI_COUNT];
	int code = EXIT_CLEAN;

	*configured = 0;
	ctx->run.command = cli_command_name(ctx->opt.command);
	ctx->run.ndbs = DBI_COUNT;
	xmlInitParser();   /* before libxml2 is used from several threads */
	for (int i = 0; i < DBI_COUNT; i++) {
		readers[i] = (struct reader){ .ctx = ctx, .index = i, .target = db_target(ctx, i),
					      .with_diff = with_diff };
		readers[i].started = !pthread_create(&readers[i].thread, NULL, reader_main, &readers[i]);
		if (!readers[i].started)
			reader_main(&readers[i]);   /* no thread to be had: read it here */
	}
	for (int i = 0; i < DBI_COUNT; i++) {
		if (readers[i].started)
			pthread_join(readers[i].thread, NULL);
		code = max_code(code, readers[i].code);
		*configured += ctx->run.dbs[i].state != DB_NOT_CONFIGURED;
	}
	return code;
}

static int cmd_read(struct ctx *ctx, int with_diff)
{
	int code, configured;

	if (load_deltas(ctx) || locate_schemas(ctx))
		return EXIT_USAGE;
	code = read_all(ctx, with_diff, &configured);
	if (write_reports(ctx))
		code = max_code(code, EXIT_USAGE);
	if (!configured) {
		no_database(ctx);
		code = EXIT_USAGE;
	}
	return code;
}

/* Opens an output file: --output or stdout. */
static FILE *open_output(struct ctx *ctx)
{
	FILE *f;

	if (!ctx->opt.output || !strcmp(ctx->opt.output, "-"))
		return stdout;
	if (!(f = fopen(ctx->opt.output, "w")))
		log_msg(&ctx->log, LOG_ERROR, "cannot write %s: %m", ctx->opt.output);
	return f;
}

static int close_output(struct ctx *ctx, FILE *f)
{
	int bad = ferror(f);

	if (f == stdout)
		return fflush(f) || bad ? -1 : 0;
	if (fclose(f) || bad) {
		log_msg(&ctx->log, LOG_ERROR, "cannot write %s", ctx->opt.output);
		return -1;
	}
	return 0;
}

static int require_db(struct ctx *ctx)
{
	int i;

	if (!ctx->opt.db) {
		log_msg(&ctx->log, LOG_ERROR, "%s needs --db WSO2AM_DB|SHARED_DB|APIM_ANALYTICS_DB",
			cli_command_name(ctx->opt.command));
		return -1;
	}
	if ((i = cli_db_index(ctx->opt.db)) < 0)
		log_msg(&ctx->log, LOG_ERROR, "unknown database '%s' (WSO2AM_DB, SHARED_DB or APIM_ANALYTICS_DB)",
			ctx->opt.db);
	return i;
}

static int cmd_inspect(struct ctx *ctx)
{
	struct conn c;
	struct catalog *cat = NULL;
	struct strbuf err = STRBUF_INIT;
	const char *target;
	FILE *f = NULL;
	int i, rc = EXIT_USAGE;

	memset(&c, 0, sizeof(c));
	if ((i = require_db(ctx)) < 0)
		goto out;
	if (!(target = db_target(ctx, i))) {
		log_msg(&ctx->log, LOG_ERROR, "%s is not configured: give --%s-db or define the DSN %s",
			cli_db_names[i], i == DBI_AM ? "am" : i == DBI_SHARED ? "shared" : "analytics",
			cli_db_names[i]);
		goto out;
	}
	rc = EXIT_DB;
	if (conn_open(&c, cli_db_names[i], target, 1, &err) ||
	    introspect_catalog(&c, ctx->opt.generic_catalog, &cat, &err)) {
		log_msg(&ctx->log, LOG_ERROR, "%s", strbuf_str(&err));
		goto out;
	}
	if (c.dialect->folds_lower)
		catalog_fold_upper(cat);
	rc = EXIT_USAGE;
	if (!(f = open_output(ctx)))
		goto out;
	if (schema_write(f, cat, cli_db_names[i], ctx->opt.version, c.dialect->name) ||
	    close_output(ctx, f)) {
		f = NULL;
		goto out;
	}
	f = NULL;
	log_msg(&ctx->log, LOG_INFO, "%s: %zu tables read in %ld round trips", cli_db_names[i],
		cat->ntables, c.round_trips);
	rc = EXIT_CLEAN;
out:
	if (f && f != stdout)
		fclose(f);
	conn_close(&c);
	catalog_free(cat);
	strbuf_release(&err);
	return rc;
}

static int cmd_ddl(struct ctx *ctx)
{
	const struct dialect *d;
	struct catalog *cat = NULL;
	struct strbuf err = STRBUF_INIT, sql = STRBUF_INIT;
	FILE *f;
	int i, rc = EXIT_USAGE;

	if ((i = require_db(ctx)) < 0 || locate_schemas(ctx))
		goto out;
	if (!ctx->opt.version || !ctx->opt.dialect) {
		log_msg(&ctx->log, LOG_ERROR, "ddl needs --version 3.0.0|3.2.0 and --dialect "
			"postgresql|mysql|mssql|oracle|db2|h2");
		goto out;
	}
	if (!(d = dialect_from_name(ctx->opt.dialect))) {
		log_msg(&ctx->log, LOG_ERROR, "unknown dialect '%s' (postgresql, mysql, mssql, oracle, db2, h2)",
			ctx->opt.dialect);
		goto out;
	}
	if (schema_load(ctx->schemas_dir, cli_db_names[i], ctx->opt.version, d->name, &cat, &err)) {
		log_msg(&ctx->log, LOG_ERROR, "%s", strbuf_str(&err));
		goto out;
	}
	ddl_render(d, cat, &sql);
	if (!(f = open_output(ctx)))
		goto out;
	fputs(strbuf_str(&sql), f);
	if (close_output(ctx, f))
		goto out;
	rc = EXIT_CLEAN;
out:
	catalog_free(cat);
	strbuf_release(&err);
	strbuf_release(&sql);
	return rc;
}

static int cmd_deltas(struct ctx *ctx)
{
	int only = -1;

	if (load_deltas(ctx))
		return EXIT_USAGE;
	if (ctx->opt.db && (only = require_db(ctx)) < 0)
		return EXIT_USAGE;
	for (size_t i = 0; i < ctx->deltas.n; i++) {
		const struct delta *d = &ctx->deltas.items[i];
		if (only >= 0 && !str_caseeq(d->db, cli_db_names[only]))
			continue;
		fprintf(ctx->text, "%-44s %-18s %-32s %-17s %-6s %-8s %s\n", d->id, d->db, d->table,
			delta_op_name(d->op), d->release, d->component, d->title ? d->title : "");
	}
	return EXIT_CLEAN;
}

/* plan --dialect D --from 3.0.0 [--db NAME]: the expected catalog of that
 * version stands in for each database (plan_offline). */
static int cmd_plan_offline(struct ctx *ctx)
{
	const struct dialect *d;
	struct strbuf err = STRBUF_INIT;
	int only = -1, code = EXIT_USAGE;

	if (!ctx->opt.dialect || !ctx->opt.from) {
		log_msg(&ctx->log, LOG_ERROR, "an offline plan needs both --dialect "
			"postgresql|mysql|mssql|oracle|db2|h2 and --from 3.0.0");
		goto out;
	}
	if (!(d = dialect_from_name(ctx->opt.dialect))) {
		log_msg(&ctx->log, LOG_ERROR, "unknown dialect '%s' (postgresql, mysql, mssql, oracle, db2, h2)",
			ctx->opt.dialect);
		goto out;
	}
	if (strcmp(ctx->opt.from, "3.0.0")) {
		log_msg(&ctx->log, LOG_ERROR, "plan --from %s: only 3.0.0 has an expected catalog to "
			"start from", ctx->opt.from);
		goto out;
	}
	for (int i = 0; i < DBI_COUNT; i++)
		if (ctx->opt.targets[i]) {
			log_msg(&ctx->log, LOG_ERROR, "an offline plan (--from) reads no database: "
				"drop the connection options");
			goto out;
		}
	if ((ctx->opt.db && (only = require_db(ctx)) < 0) || load_deltas(ctx) || locate_schemas(ctx))
		goto out;
	ctx->run.command = cli_command_name(ctx->opt.command);
	ctx->run.from = ctx->opt.from;
	code = EXIT_CLEAN;
	for (int i = 0; i < DBI_COUNT; i++) {
		struct db_run *dbr;
		int built;

		if (only >= 0 && i != only)
			continue;
		dbr = &ctx->run.dbs[ctx->run.ndbs++];
		built = plan_offline(dbr, &ctx->deltas, cli_db_names[i], ctx->opt.from, d,
				     ctx->schemas_dir, &err);
		if (built < 0 && !dbr->plan.built) {
			log_msg(&ctx->log, LOG_ERROR, "%s", strbuf_str(&err));
			code = EXIT_USAGE;
			goto out;
		}
		code = max_code(code, plan_code(&dbr->plan, built, &err));
	}
	if (write_reports(ctx))
		code = max_code(code, EXIT_USAGE);
out:
	strbuf_release(&err);
	return code;
}

static const char *env_get(const char *name)
{
	return getenv(name);
}

/* --deployment-toml: the connections of WSO2AM_DB and SHARED_DB from the
 * file's [database.apim_db] and [database.shared_db], where no --am-db or
 * --shared-db was given.  [database.user] and [database.config] that point
 * elsewhere than SHARED_DB are reported: amdelta reads the user store and
 * the registry in SHARED_DB.  Returns 0, or -1 (file:line errors logged). */
static int import_toml(struct ctx *ctx)
{
	static const struct { enum jdbc_section s; int db; } map[] = {
		{ JDBC_APIM_DB, DBI_AM }, { JDBC_SHARED_DB, DBI_SHARED },
	};
	const char *path = ctx->opt.deployment_toml;
	struct toml *t = NULL;
	struct jdbc_config cfg;
	struct strbuf err = STRBUF_INIT;
	int rc = -1;

	memset(&cfg, 0, sizeof(cfg));
	if (toml_parse_file(path, &t, &err) || jdbc_config_read(t, NULL, env_get, &cfg, &err)) {
		log_msg(&ctx->log, LOG_ERROR, "%s", strbuf_str(&err));
		goto out;
	}
	for (size_t k = 0; k < sizeof(map) / sizeof(map[0]); k++) {
		const struct jdbc_db *j = &cfg.db[map[k].s];

		if (!j->present || ctx->opt.targets[map[k].db])
			continue;
		ctx->toml_targets[map[k].db] = xstrdup(j->odbc.conn);
		ctx->opt.targets[map[k].db] = ctx->toml_targets[map[k].db];
		log_msg(&ctx->log, LOG_INFO, "%s: %s:%ld [database.%s]: %s %s%s", cli_db_names[map[k].db],
			path, j->line, jdbc_section_name(map[k].s), dialect_get(j->odbc.dialect)->name,
			j->odbc.where, j->password_from_env ? " (password from the environment)" : "");
	}
	for (int s = JDBC_USER; s <= JDBC_CONFIG; s++) {
		const struct jdbc_db *j = &cfg.db[s];

		if (j->present && j->same_as != JDBC_SHARED_DB)
			log_msg(&ctx->log, LOG_WARN, "%s:%ld: [database.%s] points at %s, not at SHARED_DB: "
				"amdelta reads the %s tables in SHARED_DB only", path, j->line,
				jdbc_section_name((enum jdbc_section)s), j->odbc.where,
				s == JDBC_USER ? "user store (UM_*)" : "registry (REG_*)");
	}
	rc = 0;
out:
	jdbc_config_release(&cfg);
	toml_free(t);
	strbuf_release(&err);
	return rc;
}

/* Whether apply runs the registry clean-up: --registry-cleanup, or the
 * versioning flags of --registry-xml.  Sets *run and the reason (a new
 * string); returns 0, or -1 when the file cannot be read. */
static int registry_decision(struct ctx *ctx, int *run, char **why)
{
	struct registry_versioning v;
	struct strbuf err = STRBUF_INIT, flags = STRBUF_INIT;
	int rc = -1, on;

	*run = 0;
	if (ctx->opt.registry_cleanup) {
		*run = 1;
		*why = xstrdup("--registry-cleanup");
		return 0;
	}
	if (!ctx->opt.registry_xml) {
		*why = xstrdup("registry versioning may have been off in 3.0.0: give --registry-xml "
			       "with the 3.0.0 registry.xml (or --registry-cleanup)");
		return 0;
	}
	if (registry_versioning_read(ctx->opt.registry_xml, &v, &err)) {
		log_msg(&ctx->log, LOG_ERROR, "%s", strbuf_str(&err));
		goto out;
	}
	ctx->registry = v;
	ctx->have_registry = 1;
	registry_versioning_describe(&v, &flags);
	on = registry_versioning_on(&v);
	*run = on > 0;
	*why = xasprintf("%s: %s (%s)", ctx->opt.registry_xml,
			 on > 0 ? "registry versioning was on" :
			 on == 0 ? "registry versioning was off" :
			 "no versioning flag, the registry's default is off", flags.buf);
	rc = 0;
out:
	strbuf_release(&err);
	strbuf_release(&flags);
	return rc;
}


/* The row count of data fix d on dbr, as text in buf ("7"; "some" when
 * not counted). */
static const char *count_text(const struct db_run *dbr, const struct delta *d, char *buf, size_t n)
{
	for (size_t i = 0; i < dbr->ndeltas; i++)
		if (dbr->deltas[i].delta == d && dbr->deltas[i].count >= 0) {
			snprintf(buf, n, "%ld", dbr->deltas[i].count);
			return buf;
		}
	return "some";
}

/* apply on database i: connect read-write, apply_database, say what is
 * left.  Returns the exit code it implies. */
static int apply_one(struct ctx *ctx, int i, struct apply_opts *ao)
{
	const char *name = cli_db_names[i], *target = db_target(ctx, i);
	struct db_run *dbr = &ctx->run.dbs[i];
	struct conn c;
	struct catalog *v320 = NULL;
	struct strbuf err = STRBUF_INIT, shown = STRBUF_INIT;
	double t0 = now_ms();
	int rc = EXIT_DB, applied;

	memset(&c, 0, sizeof(c));
	dbr->name = xstrdup(name);
	if (!target) {
		dbr->state = DB_NOT_CONFIGURED;
		rc = EXIT_CLEAN;
		goto out;
	}
	conn_mask_password(target, &shown);
	dbr->target_shown = strbuf_detach(&shown);
	if (conn_open(&c, name, target, 0, &err))
		goto fail;
	note_server(dbr, &c);
	if (schema_load(ctx->schemas_dir, name, "3.2.0", c.dialect->name, &v320, &err)) {
		rc = EXIT_USAGE;
		goto fail;
	}
	fprintf(ctx->text, "-- amdelta apply: %s, %s (%s %s)\n", name, c.dialect->name, c.dbms_name,
		c.dbms_ver);
	fflush(ctx->text);
	applied = apply_database(&c, dbr, &ctx->deltas, v320, ao, ctx->text);
	if (applied) {
		log_msg(&ctx->log, LOG_ERROR, "apply %s: %s", applied > 0 ? "refused" : "failed",
			dbr->apply_error);
		if (dbr->state == DB_NOT_CONFIGURED) {   /* stopped before reading it */
			dbr->state = DB_ERROR;
			dbr->error = xstrdup(dbr->apply_error);
		}
		rc = EXIT_APPLY;
		goto out;
	}
	rc = dbr->state == DB_V320 ? EXIT_CLEAN : EXIT_FINDINGS;
	for (size_t k = 0; k < dbr->plan.nskipped; k++) {
		const struct delta *d = dbr->plan.skipped[k].delta;

		if (d->op == DOP_DATA_FIX && d->conditional) {
			char n[32];

			log_msg(&ctx->log, LOG_WARN, "%s: %s versioned registry rows left, clean-up %s not "
				"run: %s", name, count_text(dbr, d, n, sizeof(n)), d->id, ctx->registry_why);
			rc = EXIT_FINDINGS;
		}
	}
	goto out;
fail:
	dbr->state = DB_ERROR;
	dbr->error = strbuf_detach(&err);
	log_msg(&ctx->log, LOG_ERROR, "%s", dbr->error);
out:
	dbr->round_trips = c.round_trips;
	dbr->ms = now_ms() - t0;
	conn_close(&c);
	catalog_free(v320);
	strbuf_release(&err);
	strbuf_release(&shown);
	return rc;
}

/* apply: the configured databases one after another (each its own lock). */
static int cmd_apply(struct ctx *ctx)
{
	struct apply_opts ao;
	int code = EXIT_CLEAN, configured = 0;

	memset(&ao, 0, sizeof(ao));
	if (!ctx->opt.yes) {
		log_msg(&ctx->log, LOG_ERROR, "apply writes to the databases: give --yes to confirm "
			"(amdelta plan shows what it would run)");
		return EXIT_USAGE;
	}
	if (load_deltas(ctx) || locate_schemas(ctx))
		return EXIT_USAGE;
	ao.registry_cleanup = ctx->registry_cleanup;
	ao.lock_timeout_s = ctx->opt.lock_timeout;
	ao.batch_rows = ctx->opt.batch_rows;
	ao.generic_catalog = ctx->opt.generic_catalog;
	ao.progress = isatty(STDERR_FILENO) ? stderr : NULL;
#ifdef AMDELTA_TEST_HOOKS   /* build/amdelta-test only: AMDELTA_TEST_* (testhooks.h) */
	struct test_hooks th;
	ao.hooks = test_hooks_from_env(&th);
#endif
	ctx->run.command = cli_command_name(ctx->opt.command);
	ctx->run.ndbs = DBI_COUNT;
	for (int i = 0; i < DBI_COUNT; i++) {
		code = max_code(code, apply_one(ctx, i, &ao));
		configured += ctx->run.dbs[i].target_shown != NULL;
	}
	if (!configured) {
		no_database(ctx);
		return EXIT_USAGE;
	}
	if (write_reports(ctx))
		code = max_code(code, EXIT_USAGE);
	return code;
}

/* check: status, then the readiness checks over read-only connections;
 * verify: status and the split diff, then the verdict checks. */
static int cmd_check(struct ctx *ctx, int verify)
{
	struct readiness_input in;
	struct conn conns[DBI_COUNT];
	int configured, blockers, code = EXIT_CLEAN;

	memset(&in, 0, sizeof(in));
	memset(conns, 0, sizeof(conns));
	if (load_deltas(ctx) || locate_schemas(ctx))
		return EXIT_USAGE;
	read_all(ctx, verify, &configured);
	if (!configured) {
		no_database(ctx);
		return EXIT_USAGE;
	}
	for (int i = 0; i < DBI_COUNT; i++) {
		const struct db_run *d = &ctx->run.dbs[i];
		struct strbuf err = STRBUF_INIT;

		if (d->state == DB_NOT_CONFIGURED || d->state == DB_ERROR)
			continue;
		if (!conn_open(&conns[i], cli_db_names[i], db_target(ctx, i), 1, &err))
			in.conns[i] = &conns[i];
		else
			log_msg(&ctx->log, LOG_ERROR, "%s", strbuf_str(&err));
		strbuf_release(&err);
	}
	in.dbs = ctx->run.dbs;
	in.registry = ctx->have_registry ? &ctx->registry : NULL;
	in.registry_source = ctx->opt.registry_xml;
	in.ignore_cross_tenant = ctx->opt.ignore_cross_tenant;
	in.registry_forced = ctx->opt.registry_cleanup;
	blockers = verify ? readiness_verify(&in, &ctx->run) : readiness_run(&in, &ctx->run);
	for (int i = 0; i < DBI_COUNT; i++)
		conn_close(&conns[i]);
	if (blockers)
		code = EXIT_FINDINGS;
	if (write_reports(ctx))
		code = max_code(code, EXIT_USAGE);
	return code;
}

int main(int argc, char **argv)
{
	struct ctx ctx;
	struct strbuf err = STRBUF_INIT;
	int code = EXIT_USAGE;

	memset(&ctx, 0, sizeof(ctx));
	pthread_mutex_init(&ctx.connect_lock, NULL);
	ctx.log.min = LOG_INFO;
	ctx.text = stdout;
	if (cli_parse(argc, argv, &ctx.opt, &err)) {
		log_msg(&ctx.log, LOG_ERROR, "%s", strbuf_str(&err));
		goto out;
	}
	if (ctx.opt.help || ctx.opt.command == CMD_HELP) {
		cli_usage(stdout, ctx.opt.command == CMD_HELP ? ctx.opt.help_command : ctx.opt.command);
		code = EXIT_CLEAN;
		goto out;
	}
	if ((ctx.opt.json && !strcmp(ctx.opt.json, "-")) ||
	    (ctx.opt.output && !strcmp(ctx.opt.output, "-")))
		ctx.text = stderr;
	if ((ctx.opt.junit && !strcmp(ctx.opt.junit, "-")) || (ctx.opt.html && !strcmp(ctx.opt.html, "-")))
		ctx.text = stderr;
	/* colour on a terminal only; NO_COLOR (any value) turns it off */
	ctx.run.color = isatty(fileno(ctx.text)) && !getenv("NO_COLOR");
	if (ctx.opt.deployment_toml && import_toml(&ctx))
		goto out;
	if ((ctx.opt.command == CMD_PLAN || ctx.opt.command == CMD_APPLY ||
	     ctx.opt.command == CMD_CHECK || ctx.opt.command == CMD_VERIFY) &&
	    registry_decision(&ctx, &ctx.registry_cleanup, &ctx.registry_why))
		goto out;
	switch (ctx.opt.command) {
	case CMD_STATUS:
		code = cmd_read(&ctx, 0);
		break;
	case CMD_DIFF:
		code = cmd_read(&ctx, 1);
		break;
	case CMD_INSPECT:
		code = cmd_inspect(&ctx);
		break;
	case CMD_DDL:
		code = cmd_ddl(&ctx);
		break;
	case CMD_DELTAS:
		code = cmd_deltas(&ctx);
		break;
	case CMD_APPLY:
		code = cmd_apply(&ctx);
		break;
	case CMD_CHECK:
		code = cmd_check(&ctx, 0);
		break;
	case CMD_VERIFY:
		code = cmd_check(&ctx, 1);
		break;
	case CMD_PLAN:
		if (ctx.opt.from || ctx.opt.dialect)
			code = cmd_plan_offline(&ctx);
		else
			code = cmd_read(&ctx, 0);
		break;
	default:
		log_msg(&ctx.log, LOG_ERROR, "command '%s' is not available in this version",
			cli_command_name(ctx.opt.command));
		break;
	}
out:
	run_release(&ctx.run);
	delta_set_release(&ctx.deltas);
	pthread_mutex_destroy(&ctx.connect_lock);
	free(ctx.registry_why);
	for (int i = 0; i < DBI_COUNT; i++)
		free(ctx.toml_targets[i]);
	strbuf_release(&err);
	return code;
}
