/*
 * main: dispatch.  Parses the options, picks the command from a table,
 * lets the pipeline fill the run, has the verdict judge it, writes the
 * reports and turns the verdict into the exit code.  Owns the context and
 * is the only place that exits.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "config.h"
#include "ddl.h"
#include "delta.h"
#include "log.h"
#include "pipeline.h"
#include "report.h"
#include "run.h"
#include "schema.h"
#include "verdict.h"
#ifdef AMDELTA_TEST_HOOKS
#include "testhooks.h"
#endif
#include "util.h"
#include "banned.h"

/* Exit codes outside the verdict (verdict.h has 0, 1, 3 and 4). */
enum { EXIT_CLEAN = 0, EXIT_USAGE = 2 };

struct ctx {
	struct options opt;
	struct logger log;
	FILE *text;                  /* human report: stdout, or stderr when a report goes to stdout */
	struct config cfg;
	struct delta_set deltas;
	struct run run;
};

/* What a command needs before it runs. */
enum {
	NEED_DELTAS = 1 << 0,        /* checks/ loaded */
	NEED_SCHEMAS = 1 << 1,       /* schemas/ found */
	NEED_TARGETS = 1 << 2,       /* connections resolved */
	NEED_REGISTRY = 1 << 3,      /* the registry clean-up decided */
};

static int load_deltas(struct ctx *ctx, struct strbuf *err)
{
	if (config_find_dir(ctx->opt.checks_dir, "checks", ctx->cfg.checks_dir,
			    sizeof(ctx->cfg.checks_dir))) {
		strbuf_addf(err, "cannot find the checks directory (%s); use --checks DIR",
			    ctx->cfg.checks_dir);
		return -1;
	}
	return delta_load_dir(ctx->cfg.checks_dir, &ctx->deltas, err);
}

static int prepare(struct ctx *ctx, unsigned needs, struct strbuf *err)
{
	if ((needs & NEED_DELTAS) && load_deltas(ctx, err))
		return -1;
	if ((needs & NEED_SCHEMAS) &&
	    config_find_dir(ctx->opt.schemas_dir, "schemas", ctx->cfg.schemas_dir,
			    sizeof(ctx->cfg.schemas_dir))) {
		strbuf_addf(err, "cannot find the schemas directory (%s); use --schemas DIR",
			    ctx->cfg.schemas_dir);
		return -1;
	}
	if ((needs & NEED_TARGETS) && config_targets(&ctx->cfg, &ctx->opt, &ctx->log, err))
		return -1;
	if ((needs & NEED_REGISTRY) && config_registry(&ctx->cfg, &ctx->opt, err))
		return -1;
	return 0;
}

/* The pipeline's input from the context. */
static void pipeline_from(const struct ctx *ctx, struct pipeline *p)
{
	memset(p, 0, sizeof(*p));
	p->command = ctx->opt.command;
	for (int i = 0; i < DBI_COUNT; i++)
		p->targets[i] = ctx->cfg.targets[i];
	p->schemas_dir = ctx->cfg.schemas_dir;
	p->deltas = &ctx->deltas;
	p->generic_catalog = ctx->opt.generic_catalog;
	p->registry_cleanup = ctx->cfg.registry_cleanup;
	p->registry = ctx->cfg.have_registry ? &ctx->cfg.registry : NULL;
	p->registry_source = ctx->opt.registry_xml;
	p->registry_forced = ctx->opt.registry_cleanup;
	p->with_identity = ctx->opt.with_identity;
	p->ignore_cross_tenant = ctx->opt.ignore_cross_tenant;
	p->text = ctx->text;
	p->log = &ctx->log;
}

/* Opens --output, or stdout. */
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

/* The text (or, for plan, the script) and every report asked for.
 * Returns 0, or -1 when one could not be written (each logged). */
static int write_reports(struct ctx *ctx)
{
	struct strbuf err = STRBUF_INIT;
	int rc = 0;

	if (ctx->opt.command == CMD_PLAN) {
		FILE *f = ctx->opt.output ? open_output(ctx) : ctx->text;

		for (size_t i = 0; i < ctx->run.ndbs; i++)
			if (ctx->run.dbs[i].plan.refused)
				log_msg(&ctx->log, LOG_ERROR, "plan refused: %s", ctx->run.dbs[i].plan.refused);
		if (!f)
			rc = -1;
		else {
			report_plan_write(f, &ctx->run);
			rc = ctx->opt.output ? close_output(ctx, f) : fflush(f) ? -1 : 0;
		}
	} else {
		report_text_write(ctx->text, &ctx->run);
	}
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

/* Judges the run, writes the reports, returns the exit code. */
static int finish(struct ctx *ctx)
{
	verdict_compute(&ctx->run);
	if (write_reports(ctx))
		return EXIT_USAGE;
	return ctx->run.verdict.exit_code;
}

/* The exit code after a pipeline that returned rc: the verdict's, or, when
 * it stopped on a configuration error (err), 2, the reports still listing
 * the databases when none was configured. */
static int after_pipeline(struct ctx *ctx, int rc, const struct strbuf *err)
{
	if (!rc)
		return finish(ctx);
	if (ctx->run.ndbs)
		finish(ctx);
	log_msg(&ctx->log, LOG_ERROR, "%s", strbuf_str(err));
	return EXIT_USAGE;
}

/* status, diff, check, verify and the live plan. */
static int cmd_read(struct ctx *ctx)
{
	struct pipeline p;
	struct strbuf err = STRBUF_INIT;
	int code;

	pipeline_from(ctx, &p);
	code = after_pipeline(ctx, pipeline_read(&p, &ctx->run, &err), &err);
	strbuf_release(&err);
	return code;
}

static int cmd_apply(struct ctx *ctx)
{
	struct pipeline p;
	struct strbuf err = STRBUF_INIT;
	int code;

	pipeline_from(ctx, &p);
	p.apply.lock_timeout_s = ctx->opt.lock_timeout;
	p.apply.batch_rows = ctx->opt.batch_rows;
	p.apply.progress = isatty(STDERR_FILENO) ? stderr : NULL;
#ifdef AMDELTA_TEST_HOOKS   /* build/amdelta-test only: AMDELTA_TEST_* (testhooks.h) */
	struct test_hooks th;
	p.apply.hooks = test_hooks_from_env(&th);
#endif
	code = after_pipeline(ctx, pipeline_apply(&p, &ctx->run, &err), &err);
	strbuf_release(&err);
	return code;
}

/* The database --db names; -1 (logged) when missing or unknown. */
static int require_db(struct ctx *ctx)
{
	int i;

	if (!ctx->opt.db) {
		log_msg(&ctx->log, LOG_ERROR, "%s needs --db WSO2AM_DB|SHARED_DB|APIM_ANALYTICS_DB",
			command_name(ctx->opt.command));
		return -1;
	}
	if ((i = db_from_name(ctx->opt.db)) < 0)
		log_msg(&ctx->log, LOG_ERROR, "unknown database '%s' (WSO2AM_DB, SHARED_DB or APIM_ANALYTICS_DB)",
			ctx->opt.db);
	return i;
}

/* --dialect D, logged when missing or unknown. */
static const struct dialect *require_dialect(struct ctx *ctx, const char *needs)
{
	const struct dialect *d;

	if (!ctx->opt.dialect) {
		log_msg(&ctx->log, LOG_ERROR, "%s", needs);
		return NULL;
	}
	if (!(d = dialect_from_name(ctx->opt.dialect)))
		log_msg(&ctx->log, LOG_ERROR, "unknown dialect '%s' (postgresql, mysql, mssql, oracle, db2, h2)",
			ctx->opt.dialect);
	return d;
}

/* plan --dialect D --from 3.0.0 [--db NAME]: reads no database. */
static int cmd_plan_offline(struct ctx *ctx)
{
	static const char needs[] = "an offline plan needs both --dialect "
				    "postgresql|mysql|mssql|oracle|db2|h2 and --from 3.0.0";
	const struct dialect *d;
	struct pipeline p;
	struct strbuf err = STRBUF_INIT;
	int only = -1, code = EXIT_USAGE;

	if (!ctx->opt.from) {
		log_msg(&ctx->log, LOG_ERROR, "%s", needs);
		goto out;
	}
	if (!(d = require_dialect(ctx, needs)))
		goto out;
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
	if (ctx->opt.db && (only = require_db(ctx)) < 0)
		goto out;
	pipeline_from(ctx, &p);
	if (pipeline_plan_offline(&p, d, ctx->opt.from, only, &ctx->run, &err)) {
		log_msg(&ctx->log, LOG_ERROR, "%s", strbuf_str(&err));
		goto out;
	}
	code = finish(ctx);
out:
	strbuf_release(&err);
	return code;
}

static int cmd_plan(struct ctx *ctx)
{
	return ctx->opt.from || ctx->opt.dialect ? cmd_plan_offline(ctx) : cmd_read(ctx);
}

static int cmd_inspect(struct ctx *ctx)
{
	struct pipeline p;
	struct catalog *cat = NULL;
	const struct dialect *dia = NULL;
	struct strbuf err = STRBUF_INIT;
	FILE *f;
	long trips = 0;
	int i, code = EXIT_USAGE;

	if ((i = require_db(ctx)) < 0)
		goto out;
	pipeline_from(ctx, &p);
	if (pipeline_inspect(&p, (enum db_index)i, &cat, &dia, &trips, &err)) {
		log_msg(&ctx->log, LOG_ERROR, "%s", strbuf_str(&err));
		code = p.targets[i] ? verdict_exit_code(VERDICT_CANNOT_TELL) : EXIT_USAGE;
		goto out;
	}
	if (!(f = open_output(ctx)))
		goto out;
	if (schema_write(f, cat, db_name((enum db_index)i), ctx->opt.version, dia->name) ||
	    close_output(ctx, f))
		goto out;
	log_msg(&ctx->log, LOG_INFO, "%s: %zu tables read in %ld round trips",
		db_name((enum db_index)i), cat->ntables, trips);
	code = EXIT_CLEAN;
out:
	catalog_free(cat);
	strbuf_release(&err);
	return code;
}

static int cmd_ddl(struct ctx *ctx)
{
	const struct dialect *d;
	struct catalog *cat = NULL;
	struct strbuf err = STRBUF_INIT, sql = STRBUF_INIT;
	FILE *f;
	int i, code = EXIT_USAGE;

	if ((i = require_db(ctx)) < 0)
		goto out;
	if (!ctx->opt.version) {
		log_msg(&ctx->log, LOG_ERROR, "ddl needs --version 3.0.0|3.2.0 and --dialect "
			"postgresql|mysql|mssql|oracle|db2|h2");
		goto out;
	}
	if (!(d = require_dialect(ctx, "ddl needs --version 3.0.0|3.2.0 and --dialect "
				  "postgresql|mysql|mssql|oracle|db2|h2")))
		goto out;
	if (schema_load(ctx->cfg.schemas_dir, db_name((enum db_index)i), ctx->opt.version, d->name,
			&cat, &err)) {
		log_msg(&ctx->log, LOG_ERROR, "%s", strbuf_str(&err));
		goto out;
	}
	ddl_render(d, cat, &sql);
	if (!(f = open_output(ctx)))
		goto out;
	fputs(strbuf_str(&sql), f);
	if (close_output(ctx, f))
		goto out;
	code = EXIT_CLEAN;
out:
	catalog_free(cat);
	strbuf_release(&err);
	strbuf_release(&sql);
	return code;
}

static int cmd_deltas(struct ctx *ctx)
{
	int only = -1;

	if (ctx->opt.db && (only = require_db(ctx)) < 0)
		return EXIT_USAGE;
	for (size_t i = 0; i < ctx->deltas.n; i++) {
		const struct delta *d = &ctx->deltas.items[i];

		if (only >= 0 && d->db != (enum db_index)only)
			continue;
		fprintf(ctx->text, "%-44s %-18s %-32s %-17s %-6s %-8s %s\n", d->id, db_name(d->db),
			d->table, delta_op_name(d->op), d->release, component_name(d->component),
			d->title ? d->title : "");
	}
	return EXIT_CLEAN;
}

/* client-config: the databases read as status reads them; the client's
 * migration-config.yaml to --output (or stdout, the text then to stderr). */
static int cmd_client_config(struct ctx *ctx)
{
	struct pipeline p;
	struct strbuf err = STRBUF_INIT;
	FILE *f;
	int code = EXIT_USAGE;

	if (!ctx->opt.output || !strcmp(ctx->opt.output, "-"))
		ctx->text = stderr;
	pipeline_from(ctx, &p);
	p.command = CMD_STATUS;
	if (pipeline_read(&p, &ctx->run, &err)) {
		log_msg(&ctx->log, LOG_ERROR, "%s", strbuf_str(&err));
		goto out;
	}
	code = finish(ctx);
	if (!(f = open_output(ctx))) {
		code = EXIT_USAGE;
		goto out;
	}
	report_client_config_write(f, &ctx->run);
	if (close_output(ctx, f))
		code = EXIT_USAGE;
out:
	strbuf_release(&err);
	return code;
}

static const struct {
	int (*run)(struct ctx *ctx);
	unsigned needs;
} commands[CMD_COUNT] = {
	[CMD_STATUS] = { cmd_read, NEED_DELTAS | NEED_SCHEMAS | NEED_TARGETS },
	[CMD_DIFF] = { cmd_read, NEED_DELTAS | NEED_SCHEMAS | NEED_TARGETS },
	[CMD_CHECK] = { cmd_read, NEED_DELTAS | NEED_SCHEMAS | NEED_TARGETS | NEED_REGISTRY },
	[CMD_VERIFY] = { cmd_read, NEED_DELTAS | NEED_SCHEMAS | NEED_TARGETS | NEED_REGISTRY },
	[CMD_PLAN] = { cmd_plan, NEED_DELTAS | NEED_SCHEMAS | NEED_TARGETS | NEED_REGISTRY },
	[CMD_APPLY] = { cmd_apply, NEED_DELTAS | NEED_SCHEMAS | NEED_TARGETS | NEED_REGISTRY },
	[CMD_INSPECT] = { cmd_inspect, NEED_TARGETS },
	[CMD_DDL] = { cmd_ddl, NEED_SCHEMAS },
	[CMD_DELTAS] = { cmd_deltas, NEED_DELTAS },
	[CMD_CLIENT_CONFIG] = { cmd_client_config, NEED_DELTAS | NEED_SCHEMAS | NEED_TARGETS },
};

int main(int argc, char **argv)
{
	struct ctx ctx;
	struct strbuf err = STRBUF_INIT;
	int code = EXIT_USAGE;

	memset(&ctx, 0, sizeof(ctx));
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
	if (ctx.opt.command == CMD_APPLY && !ctx.opt.yes) {
		log_msg(&ctx.log, LOG_ERROR, "apply writes to the databases: give --yes to confirm "
			"(amdelta plan shows what it would run)");
		goto out;
	}
	/* when a report goes to stdout, the human text goes to stderr */
	if ((ctx.opt.json && !strcmp(ctx.opt.json, "-")) ||
	    (ctx.opt.output && !strcmp(ctx.opt.output, "-")) ||
	    (ctx.opt.junit && !strcmp(ctx.opt.junit, "-")) || (ctx.opt.html && !strcmp(ctx.opt.html, "-")))
		ctx.text = stderr;
	/* colour on a terminal only; NO_COLOR (any value) turns it off */
	ctx.run.color = isatty(fileno(ctx.text)) && !getenv("NO_COLOR");
	ctx.run.command = ctx.opt.command;
	ctx.run.version = AMDELTA_VERSION;
	if ((unsigned)ctx.opt.command >= CMD_COUNT || !commands[ctx.opt.command].run) {
		log_msg(&ctx.log, LOG_ERROR, "command '%s' is not available in this version",
			command_name(ctx.opt.command));
		goto out;
	}
	if (prepare(&ctx, commands[ctx.opt.command].needs, &err)) {
		log_msg(&ctx.log, LOG_ERROR, "%s", strbuf_str(&err));
		goto out;
	}
	ctx.run.registry_cleanup = ctx.cfg.registry_cleanup;
	ctx.run.registry_why = ctx.cfg.registry_why;
	code = commands[ctx.opt.command].run(&ctx);
out:
	run_release(&ctx.run);
	delta_set_release(&ctx.deltas);
	config_release(&ctx.cfg);
	strbuf_release(&err);
	return code;
}
