/* pipeline: one command's work on the databases (see pipeline.h). */
#include "pipeline.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "classify.h"
#include "conn.h"
#include "diff.h"
#include "introspect.h"
#include "plan.h"
#include "readiness.h"
#include "render.h"
#include "schema.h"
#include "verdict.h"
#include "banned.h"

/* One database read by one thread: the three databases are independent, so
 * a read takes as long as the slowest.  Connecting is serialised:
 * psqlODBC calls setlocale() while it connects, which is not thread-safe
 * (valgrind saw a use-after-free when three connects ran at once). */
struct reader {
	const struct pipeline *p;
	const struct run *run;
	struct db_run *dbr;
	pthread_mutex_t *connect_lock;
	int config_error;            /* a schema could not be loaded: err says which */
	struct strbuf err;
	pthread_t thread;
	int started;
};

/* Records what c says of the server in dbr. */
static void note_server(struct db_run *dbr, const struct conn *c)
{
	dbr->dialect = c->dialect;
	dbr->dbms_name = xstrdup(c->dbms_name);
	dbr->dbms_ver = xstrdup(c->dbms_ver);
	dbr->driver = xstrdup(c->driver_name);
}

/* Records that dbr could not be reached or read: state error, err's text
 * (also logged as it happens). */
static void read_failed(const struct pipeline *p, struct db_run *dbr, struct strbuf *err)
{
	dbr->state = DB_ERROR;
	free(dbr->error);
	dbr->error = strbuf_detach(err);
	if (p->log)
		log_msg(p->log, LOG_ERROR, "%s", dbr->error);
}

/* Opens database dbr->id through its target, read-only or not; masks the
 * password into dbr->target_shown.  Returns 0, or -1 with err set. */
static int open_db(const struct pipeline *p, struct db_run *dbr, struct conn *c, int read_only,
		   pthread_mutex_t *lock, struct strbuf *err)
{
	struct strbuf shown = STRBUF_INIT;
	int rc;

	conn_mask_password(p->targets[dbr->id], &shown);
	free(dbr->target_shown);
	dbr->target_shown = strbuf_detach(&shown);
	if (lock)
		pthread_mutex_lock(lock);
	rc = conn_open(c, dbr->name, p->targets[dbr->id], read_only, err);
	if (lock)
		pthread_mutex_unlock(lock);
	if (!rc)
		note_server(dbr, c);
	return rc;
}

/* diff: the live catalog against fresh 3.2.0 and against 3.0.0 + every
 * delta. */
static void diff_both(const struct pipeline *p, struct db_run *dbr, const struct catalog *v300,
		      const struct catalog *v320)
{
	struct catalog *sym = delta_symbolic_target(p->deltas, dbr->id, dbr->dialect->id, v300, v320, 1);

	dbr->against_fresh.against = xstrdup("fresh-3.2.0");
	dbr->against_migrated.against = xstrdup("3.0.0+deltas");
	diff_catalogs(dbr->live, v320, &dbr->against_fresh);
	diff_catalogs(dbr->live, sym, &dbr->against_migrated);
	dbr->match = (!dbr->against_fresh.n ? MATCH_FRESH : 0) |
		     (!dbr->against_migrated.n ? MATCH_MIGRATED : 0);
	dbr->diffed = 1;
	catalog_free(sym);
}

/* verify: the differences from fresh 3.2.0 that remain once the missing
 * deltas are made, split by the accepted ways of reaching 3.2.0 that
 * leave them too (diff_verify): the scripts' (schemas/endstates/) and
 * amdelta's own, 3.0.0 + deltas without and with the identity client's
 * part.  Returns 0, or -1 with err when an end state cannot be loaded. */
static int split_drift(const struct pipeline *p, struct db_run *dbr, const struct catalog *v300,
		       const struct catalog *v320, struct strbuf *err)
{
	struct endstates es = { 0 };
	struct catalog *projected = NULL;
	int rc = -1;

	if (schema_load_endstates(p->schemas_dir, dbr->name, dbr->dialect->name, &es, err))
		goto out;
	endstates_add(&es, "amdelta", delta_symbolic_target(p->deltas, dbr->id, dbr->dialect->id,
							     v300, v320, 0));
	endstates_add(&es, "amdelta+identity", delta_symbolic_target(p->deltas, dbr->id,
								     dbr->dialect->id, v300, v320, 1));
	projected = delta_project(dbr->deltas, dbr->ndeltas, dbr->live, v320);
	diff_verify(dbr, projected, v320, es.items, es.n);
	rc = 0;
out:
	catalog_free(projected);
	endstates_release(&es);
	return rc;
}

/* Reads, classifies and, as the command asks, diffs or plans one database
 * over the open connection c. */
static void read_one(struct reader *r, struct conn *c)
{
	const struct pipeline *p = r->p;
	struct db_run *dbr = r->dbr;
	struct catalog *v320 = NULL, *v300 = NULL;
	long *counts = NULL;

	if (introspect_catalog(c, p->generic_catalog, &dbr->live, &r->err))
		goto fail;
	if (!classify_recognised(dbr->id, dbr->live)) {
		dbr->state = DB_UNKNOWN;
		if (p->command == CMD_PLAN)
			plan_build(&dbr->plan, dbr->id, 0, NULL, 0, c->dialect, dbr->live, NULL, NULL,
				   &r->err);
		goto out;
	}
	if (schema_load(p->schemas_dir, dbr->name, "3.2.0", c->dialect->name, &v320, &r->err))
		goto config;
	counts = xcalloc(p->deltas->n ? p->deltas->n : 1, sizeof(long));
	if (classify_count(c, p->deltas, dbr->id, dbr->live, counts, &r->err))
		goto fail;
	classify_database(dbr, p->deltas, c->dialect->id, dbr->live, v320, counts);
	if (p->command == CMD_PLAN) {
		struct render_opts ro = { .mode = RENDER_LIVE, .server_major = conn_server_major(c),
					  .registry_cleanup = p->registry_cleanup,
					  .with_identity = p->with_identity };

		if (plan_build(&dbr->plan, dbr->id, 1, dbr->deltas, dbr->ndeltas, c->dialect,
			       dbr->live, v320, &ro, &r->err) < 0 && !dbr->plan.refused)
			dbr->plan.refused = xasprintf("cannot render the plan: %s", strbuf_str(&r->err));
		strbuf_reset(&r->err);
	}
	if (p->command == CMD_DIFF || p->command == CMD_VERIFY) {
		if (schema_load(p->schemas_dir, dbr->name, "3.0.0", c->dialect->name, &v300, &r->err))
			goto config;
		if (p->command == CMD_DIFF)
			diff_both(p, dbr, v300, v320);
		else if (split_drift(p, dbr, v300, v320, &r->err))
			goto config;
	}
	goto out;
config:   /* main reports it: the run stops */
	r->config_error = 1;
	dbr->state = DB_ERROR;
	dbr->error = strbuf_detach(&r->err);
	goto out;
fail:
	read_failed(p, dbr, &r->err);
out:
	catalog_free(v320);
	catalog_free(v300);
	free(counts);
}

static void *reader_main(void *arg)
{
	struct reader *r = arg;
	struct conn c;
	double t0 = now_ms();

	memset(&c, 0, sizeof(c));
	if (open_db(r->p, r->dbr, &c, 1, r->connect_lock, &r->err))
		read_failed(r->p, r->dbr, &r->err);
	else
		read_one(r, &c);
	r->dbr->round_trips = c.round_trips;
	r->dbr->ms = now_ms() - t0;
	conn_close(&c);
	return NULL;
}

/* check, verify: the checks, over read-only connections of their own. */
static void run_checks(const struct pipeline *p, struct run *run)
{
	struct readiness_input in;
	struct conn conns[DBI_COUNT];

	memset(&in, 0, sizeof(in));
	memset(conns, 0, sizeof(conns));
	for (int i = 0; i < DBI_COUNT; i++) {
		struct db_run *d = &run->dbs[i];
		struct strbuf err = STRBUF_INIT;

		if (d->state == DB_NOT_CONFIGURED || d->state == DB_ERROR)
			continue;
		if (!conn_open(&conns[i], d->name, p->targets[i], 1, &err))
			in.conns[i] = &conns[i];
		else
			read_failed(p, d, &err);
		strbuf_release(&err);
	}
	in.dbs = run->dbs;
	in.registry = p->registry;
	in.registry_source = p->registry_source;
	in.ignore_cross_tenant = p->ignore_cross_tenant;
	in.registry_forced = p->registry_forced;
	if (p->command == CMD_VERIFY)
		readiness_verify(&in, run);
	else
		readiness_run(&in, run);
	for (int i = 0; i < DBI_COUNT; i++)
		conn_close(&conns[i]);
}

/* The number of databases p configures; err says so when none. */
static int configured(const struct pipeline *p, struct strbuf *err)
{
	int n = 0;

	for (int i = 0; i < DBI_COUNT; i++)
		n += p->targets[i] != NULL;
	if (!n)
		strbuf_addstr(err, "no database configured: give --am-db, --shared-db, --analytics-db "
			      "or --deployment-toml, or define the DSNs WSO2AM_DB, SHARED_DB, "
			      "APIM_ANALYTICS_DB");
	return n;
}

int pipeline_read(const struct pipeline *p, struct run *run, struct strbuf *err)
{
	struct reader readers[DBI_COUNT];
	pthread_mutex_t connect_lock = PTHREAD_MUTEX_INITIALIZER;
	int rc = -1;

	run_init_dbs(run);
	if (!configured(p, err))
		return -1;
	xmlInitParser();   /* before libxml2 is used from several threads */
	for (int i = 0; i < DBI_COUNT; i++) {
		readers[i] = (struct reader){ .p = p, .run = run, .dbr = &run->dbs[i],
					      .connect_lock = &connect_lock };
		strbuf_init(&readers[i].err);
		if (!p->targets[i])
			continue;
		readers[i].started = !pthread_create(&readers[i].thread, NULL, reader_main, &readers[i]);
		if (!readers[i].started)
			reader_main(&readers[i]);   /* no thread to be had: read it here */
	}
	rc = 0;
	for (int i = 0; i < DBI_COUNT; i++) {
		if (readers[i].started)
			pthread_join(readers[i].thread, NULL);
		if (readers[i].config_error && !rc) {
			strbuf_addstr(err, run->dbs[i].error);
			rc = -1;
		}
	}
	for (int i = 0; i < DBI_COUNT; i++)
		strbuf_release(&readers[i].err);
	pthread_mutex_destroy(&connect_lock);
	if (rc)
		return rc;
	if (p->command == CMD_CHECK || p->command == CMD_VERIFY) {
		verdict_databases(run);   /* the checks read each database's next step */
		run_checks(p, run);
	}
	return 0;
}

/* apply on one database: connect read-write, apply_database. */
static int apply_one(struct pipeline *p, struct db_run *dbr, struct strbuf *err)
{
	struct conn c;
	struct catalog *v320 = NULL;
	struct strbuf why = STRBUF_INIT;
	double t0 = now_ms();
	int rc = 0, applied;

	memset(&c, 0, sizeof(c));
	if (open_db(p, dbr, &c, 0, NULL, &why)) {
		read_failed(p, dbr, &why);
		goto out;
	}
	if (schema_load(p->schemas_dir, dbr->name, "3.2.0", c.dialect->name, &v320, err)) {
		rc = -1;
		goto out;
	}
	fprintf(p->text, "-- amdelta apply: %s, %s (%s %s)\n", dbr->name, c.dialect->name, c.dbms_name,
		c.dbms_ver);
	fflush(p->text);
	applied = apply_database(&c, dbr, p->deltas, v320, &p->apply, p->text);
	if (applied && p->log)
		log_msg(p->log, LOG_ERROR, "apply %s: %s", applied > 0 ? "refused" : "failed",
			dbr->apply_error);
	if (applied && dbr->state == DB_NOT_CONFIGURED) {
		/* stopped before it could read the database */
		dbr->state = DB_ERROR;
		dbr->error = xstrdup(dbr->apply_error);
	}
out:
	dbr->round_trips = c.round_trips;
	dbr->ms = now_ms() - t0;
	conn_close(&c);
	catalog_free(v320);
	strbuf_release(&why);
	return rc;
}

int pipeline_apply(struct pipeline *p, struct run *run, struct strbuf *err)
{
	run_init_dbs(run);
	if (!configured(p, err))
		return -1;
	p->apply.registry_cleanup = p->registry_cleanup;
	p->apply.with_identity = p->with_identity;
	p->apply.generic_catalog = p->generic_catalog;
	for (int i = 0; i < DBI_COUNT; i++)
		if (p->targets[i] && apply_one(p, &run->dbs[i], err))
			return -1;
	return 0;
}

int pipeline_plan_offline(const struct pipeline *p, const struct dialect *dia, const char *from,
			  int only, struct run *run, struct strbuf *err)
{
	struct render_opts ro = { .mode = RENDER_OFFLINE, .with_identity = p->with_identity };
	long *counts = xcalloc(p->deltas->n ? p->deltas->n : 1, sizeof(long));
	struct catalog *v320 = NULL;
	int rc = -1;

	for (size_t i = 0; i < p->deltas->n; i++)
		counts[i] = p->deltas->items[i].op == DOP_DATA_FIX ? 1 : -1;
	run->from = from;
	for (int i = 0; i < DBI_COUNT; i++) {
		struct db_run *dbr;
		int built;

		if (only >= 0 && i != only)
			continue;
		dbr = &run->dbs[run->ndbs++];
		dbr->id = (enum db_index)i;
		dbr->name = db_name(dbr->id);
		dbr->dialect = dia;
		catalog_free(v320);
		v320 = NULL;
		if (schema_load(p->schemas_dir, dbr->name, from, dia->name, &dbr->live, err) ||
		    schema_load(p->schemas_dir, dbr->name, "3.2.0", dia->name, &v320, err))
			goto out;
		classify_database(dbr, p->deltas, dia->id, dbr->live, v320, counts);
		built = plan_build(&dbr->plan, dbr->id, classify_recognised(dbr->id, dbr->live),
				   dbr->deltas, dbr->ndeltas, dia, dbr->live, v320, &ro, err);
		if (built < 0 && !dbr->plan.refused) {
			dbr->plan.refused = xasprintf("cannot render the plan: %s", strbuf_str(err));
			strbuf_reset(err);
		}
	}
	rc = 0;
out:
	catalog_free(v320);
	free(counts);
	return rc;
}

int pipeline_inspect(const struct pipeline *p, enum db_index db, struct catalog **out,
		     const struct dialect **dia, long *round_trips, struct strbuf *err)
{
	struct conn c;
	int rc = -1;

	memset(&c, 0, sizeof(c));
	*out = NULL;
	if (!p->targets[db]) {
		strbuf_addf(err, "%s is not configured: give --%s-db or define the DSN %s", db_name(db),
			    db_short_name(db), db_name(db));
		goto out;
	}
	if (conn_open(&c, db_name(db), p->targets[db], 1, err) ||
	    introspect_catalog(&c, p->generic_catalog, out, err))
		goto out;
	if (c.dialect->folds_lower)
		catalog_fold_upper(*out);
	*dia = c.dialect;
	*round_trips = c.round_trips;
	rc = 0;
out:
	conn_close(&c);
	return rc;
}
