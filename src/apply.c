/* apply: run the missing deltas of one database, step by step (see apply.h). */
#define _POSIX_C_SOURCE 200809L
#include "apply.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "classify.h"
#include "introspect.h"
#include "plan.h"
#include "render.h"
#include "banned.h"

#define LOCK_POLL_MS 200
#define PROGRESS_EVERY_MS 250.0

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts))
		;
}

void apply_lock_name(const struct conn *c, const char *db, struct strbuf *out)
{
	struct strbuf raw = STRBUF_INIT;

	strbuf_addf(&raw, "amdelta:%s", db);
	if (c->dialect && c->dialect->lock_server_wide)
		strbuf_addf(&raw, ":%s", c->schema);
	for (size_t i = 0; i < raw.len && i < 64; i++) {
		char ch = raw.buf[i];
		int plain = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
			    (ch >= '0' && ch <= '9') || ch == '_' || ch == ':' || ch == '.' || ch == '-';
		strbuf_addch(out, plain ? ch : '_');
	}
	strbuf_release(&raw);
}

/* Sets dbr->apply_error to the formatted text (replacing any). */
static void set_error(struct db_run *dbr, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void set_error(struct db_run *dbr, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	free(dbr->apply_error);
	dbr->apply_error = strbuf_detach(&sb);
}

/* Takes the lock, waiting up to o->lock_timeout_s.  Returns 0, 1 when
 * another session holds it (or the dialect has none), -1 on error. */
static int take_lock(struct conn *c, struct db_run *dbr, const struct apply_opts *o, FILE *text)
{
	const struct dialect *dia = c->dialect;
	struct strbuf sql = STRBUF_INIT, name = STRBUF_INIT, err = STRBUF_INIT;
	double deadline = now_ms() + (double)o->lock_timeout_s * 1000.0;
	int rc = -1, said = 0;

	if (!dia->try_lock_sql[0]) {
		set_error(dbr, "%s: apply is not available on %s: amdelta has no session lock for it "
			  "(run `amdelta plan` and the dialect's own client)", dbr->name, dia->name);
		rc = 1;
		goto out;
	}
	apply_lock_name(c, dbr->name, &name);
	strbuf_addf(&sql, "%s%s%s", dia->try_lock_sql[0], name.buf, dia->try_lock_sql[1]);
	for (;;) {
		struct result res = { 0 };
		char *v;

		if (conn_query(c, sql.buf, &res, &err)) {
			set_error(dbr, "%s: cannot take apply's lock %s: %s", dbr->name, name.buf, err.buf);
			goto out;
		}
		v = xstrdup(result_get(&res, 0, 0));
		result_release(&res);
		if (v && !strcmp(v, "1")) {
			free(v);
			break;
		}
		if (!v || strcmp(v, "0")) {
			set_error(dbr, "%s: cannot take apply's lock %s: the server answered %s",
				  dbr->name, name.buf, v ? v : "NULL");
			free(v);
			goto out;
		}
		free(v);
		if (now_ms() >= deadline) {
			set_error(dbr, "%s: another amdelta apply holds the lock on %s (%s); gave up after "
				  "%ld s (--lock-timeout)", dbr->name, dbr->name, name.buf, o->lock_timeout_s);
			rc = 1;
			goto out;
		}
		if (!said++) {
			fprintf(text, "-- %s: waiting up to %ld s for the lock another apply holds\n",
				dbr->name, o->lock_timeout_s);
			fflush(text);
		}
		sleep_ms(LOCK_POLL_MS);
	}
	if (o->hooks && o->hooks->locked)
		o->hooks->locked(o->hooks->ctx, c);
	rc = 0;
out:
	strbuf_release(&sql);
	strbuf_release(&name);
	strbuf_release(&err);
	return rc;
}

/* Reads the whole catalog of c (table NULL) or table alone (as
 * introspect_table, old the catalog before) into *out, through the test
 * hook where there is one. */
static int read_catalog(struct conn *c, const struct apply_opts *o, const struct catalog *old,
			const char *table, struct catalog **out, struct strbuf *err)
{
	if (o->hooks && o->hooks->read_catalog)
		return o->hooks->read_catalog(o->hooks->ctx, c, old, table, out, err);
	if (table)
		return introspect_table(c, old, table, out, err);
	return introspect_catalog(c, o->generic_catalog, out, err);
}

/* Reads the catalog and the data-fix counts of c and classifies dbr afresh.
 * After a step (last) only the table it touched is read again where the
 * dialect can (introspect_table), else the whole catalog.  counts (one per
 * delta of set, -1 when not counted yet) are kept from the read before but
 * for the data fixes of the table last touched (NULL: the first read, every
 * count is run); a fill is asked only whether it has rows left
 * (render_fill_probe: DELTA_COUNT_SOME), where the dialect can.  Returns 0,
 * or -1 with err. */
static int read_state(struct conn *c, struct db_run *dbr, const struct delta_set *set,
		      const struct catalog *expected, const struct apply_opts *o, long *counts,
		      const struct delta *last, struct strbuf *err)
{
	struct catalog *live = NULL;
	char **probes = NULL;
	int rc = -1, one = 1;

	if (last && !o->generic_catalog &&
	    (one = read_catalog(c, o, dbr->live, last->table, &live, err)) < 0)
		goto out;
	catalog_free(dbr->live);
	dbr->live = live;
	for (size_t i = 0; i < dbr->ndeltas; i++)
		free(dbr->deltas[i].detail);
	dbr->ndeltas = 0;
	if (one && read_catalog(c, o, NULL, NULL, &dbr->live, err))
		goto out;
	if (!one && o->hooks && o->hooks->reread &&
	    o->hooks->reread(o->hooks->ctx, c, dbr->live, last->table, err))
		goto out;
	if (!classify_recognised(dbr->id, dbr->live)) {
		dbr->state = DB_UNKNOWN;
		rc = 0;
		goto out;
	}
	/* apply needs to know whether a fill has rows left, not how many: a
	 * query that stops at the first such row, where the dialect has one
	 * (after a fill it reads every row, as the count would) */
	probes = xcalloc(set->n ? set->n : 1, sizeof(*probes));
	for (size_t i = 0; i < set->n; i++) {
		struct strbuf sb = STRBUF_INIT;

		if (set->items[i].db == dbr->id &&
		    !render_fill_probe(&set->items[i], c->dialect, dbr->live, &sb))
			probes[i] = strbuf_detach(&sb);
		strbuf_release(&sb);
	}
	if (classify_recount(c, set, dbr->id, dbr->live, counts, last, probes, err))
		goto out;
	classify_database(dbr, set, c->dialect->id, dbr->live, expected, counts);
	rc = 0;
out:
	for (size_t i = 0; probes && i < set->n; i++)
		free(probes[i]);
	free(probes);
	return rc;
}

static struct executed *new_executed(struct db_run *dbr, const struct delta *d)
{
	struct executed *ex;

	ALLOC_GROW(dbr->executed, dbr->nexecuted + 1, dbr->executed_alloc);
	ex = &dbr->executed[dbr->nexecuted++];
	memset(ex, 0, sizeof(*ex));
	ex->id = xstrdup(d->id);
	ex->rows = -1;
	return ex;
}

/* The progress line of a batched fix: rows done (of total, when counted:
 * total > 0), rate, time left (by the part of the key range done, frac,
 * when not counted). */
static void progress(FILE *f, const struct delta *d, long done, long total, double frac,
		     double t0, int last)
{
	double s = (now_ms() - t0) / 1000.0;
	double rate = s > 0 ? done / s : 0;

	if (!f)
		return;
	if (frac > 1)
		frac = 1;   /* the last range reaches past the largest key */
	if (total > 0)
		fprintf(f, "\r%s.%s: %ld of %ld rows, %.0f rows/s", d->table, d->column, done,
			total, rate);
	else
		fprintf(f, "\r%s.%s: %ld rows, %.0f%% of the keys, %.0f rows/s", d->table,
			d->column, done, 100.0 * frac, rate);
	if (total > 0 && !last && rate > 0 && total > done)
		fprintf(f, ", about %.0f s left   ", (total - done) / rate);
	else if (total <= 0 && !last && frac > 0 && frac < 1)
		fprintf(f, ", about %.0f s left   ", s * (1 - frac) / frac);
	else
		fputs("                    ", f);
	fputs(last ? "\n" : "", f);
	fflush(f);
}

/* Runs the fill statement base (the rows where the column is NULL) in
 * ranges of key, about o->batch_rows rows each, over the key range of the
 * rows left.  todo: the rows counted before (< 0: not counted; the first
 * range then holds o->batch_rows keys). */
static int run_batched(struct conn *c, struct db_run *dbr, const struct delta *d, const char *base,
		       const char *key, const char *range_sql, long todo, const struct apply_opts *o,
		       struct executed *ex, FILE *text, struct strbuf *err)
{
	struct result res = { 0 };
	struct strbuf sql = STRBUF_INIT;
	const char *smin, *smax;
	long lo, hi, n, total = todo > 0 ? todo : 0;
	double t0 = now_ms(), shown = 0;
	int rc = -1;

	ex->rows = 0;
	strbuf_addf(&sql, "%s AND %s >= ? AND %s < ?", base, key, key);
	ex->sql = strbuf_detach(&sql);
	fprintf(text, "%s;\n", ex->sql);
	fflush(text);
	if (conn_query(c, range_sql, &res, err))
		goto out;
	smin = result_get(&res, 0, 0);
	smax = result_get(&res, 0, 1);
	if (smin && smax && !str_tolong(smin, &lo) && !str_tolong(smax, &hi) && lo <= hi) {
		/* unsigned: the distance between two longs always fits */
		unsigned long span = (unsigned long)hi - (unsigned long)lo, width;
		double w = total > o->batch_rows ? (double)span * o->batch_rows / total :
			   total > 0 ? (double)span : (double)o->batch_rows;

		width = w < 1 ? 1 : w >= (double)span ? span + (span < ULONG_MAX) : (unsigned long)w;
		for (long from = lo;;) {
			int last = (unsigned long)hi - (unsigned long)from < width;

			strbuf_reset(&sql);
			strbuf_addf(&sql, "%s AND %s >= %ld", base, key, from);
			if (!last)
				strbuf_addf(&sql, " AND %s < %ld", key, from + (long)width);
			if (conn_exec_rows(c, sql.buf, &n, err))
				goto out;
			ex->batches++;
			ex->rows += n > 0 ? n : 0;
			if (o->progress && now_ms() - shown >= PROGRESS_EVERY_MS) {
				progress(o->progress, d, ex->rows, total,
					 ((double)((unsigned long)from - (unsigned long)lo) + (double)width) /
					 ((double)span + 1.0), t0, 0);
				shown = now_ms();
			}
			if (last)
				break;
			from += (long)width;
			/* keep batches near batch_rows where the keys are not even:
			 * the next range scaled by what this one held (at most 4x
			 * either way; an empty range doubles) */
			if (n >= 0) {
				double f = n ? (double)o->batch_rows / (double)n : 2.0;
				double next = (double)width * (f > 4.0 ? 4.0 : f < 0.25 ? 0.25 : f);

				width = next < 1.0 ? 1 : next > (double)span ? span : (unsigned long)next;
			}
		}
	}
	/* Rows written since with a key outside the range (the product
	 * should be stopped) are found by the count after the step, and the
	 * step runs again (apply_database). */
	if (o->progress && ex->batches > 2)
		progress(o->progress, d, ex->rows, total > ex->rows ? total : total > 0 ? ex->rows : 0,
			 1.0, t0, 1);
	rc = 0;
out:
	if (rc)
		set_error(dbr, "%s: data fix %s (%s) failed after %ld rows: %s", dbr->name, d->id,
			  d->table, ex->rows, err->buf);
	result_release(&res);
	strbuf_release(&sql);
	return rc;
}

/* Runs the statements of one step, in one transaction where DDL is
 * transactional. */
static int run_statements(struct conn *c, struct db_run *dbr, const struct plan_step *s,
			  struct executed *ex, FILE *text, struct strbuf *err)
{
	struct strbuf all = STRBUF_INIT;
	int txn = !c->dialect->ddl_autocommits, rc = -1;

	if (txn && conn_begin(c, err))
		goto out;
	for (size_t i = 0; i < s->sql.n; i++) {
		const char *stmt = s->sql.items[i];

		strbuf_addf(&all, "%s%s", i ? ";\n" : "", stmt);
		fprintf(text, "%s;\n", stmt);
		fflush(text);
		if (conn_exec(c, stmt, err)) {
			if (txn) {
				struct strbuf ignored = STRBUF_INIT;
				conn_end(c, 0, &ignored);
				strbuf_release(&ignored);
			}
			txn = 0;
			goto out;
		}
	}
	if (txn && conn_end(c, 1, err))
		goto out;
	rc = 0;
out:
	if (rc)
		set_error(dbr, "%s: step %s (%s) failed%s: %s", dbr->name, s->delta->id,
			  s->delta->table, !c->dialect->ddl_autocommits ? ", rolled back" :
			  s->sql.n > 1 ? " (statements before the failing one stay: the next run "
			  "goes on from the catalog)" : "", err->buf);
	ex->sql = strbuf_detach(&all);
	return rc;
}

static const struct delta_result *result_of(const struct db_run *dbr, const struct delta *d)
{
	for (size_t i = 0; i < dbr->ndeltas; i++)
		if (dbr->deltas[i].delta == d)
			return &dbr->deltas[i];
	return NULL;
}

static int run_step(struct conn *c, struct db_run *dbr, const struct plan_step *s,
		    const struct render_opts *ro, const struct apply_opts *o, FILE *text,
		    struct strbuf *err)
{
	const struct delta *d = s->delta;
	struct executed *ex = new_executed(dbr, d);
	struct strbuf key = STRBUF_INIT, range = STRBUF_INIT;
	double t0 = now_ms();
	int rc;

	fprintf(text, "-- %s (%s): %s\n", d->id, d->table, d->title ? d->title : "");
	if (d->op == DOP_DATA_FIX && s->sql.n == 1 &&
	    !render_batch_key(d, c->dialect, dbr->live, ro, &key, &range))
		rc = run_batched(c, dbr, d, s->sql.items[0], key.buf, range.buf,
				 result_of(dbr, d) ? result_of(dbr, d)->count : -1,
				 o, ex, text, err);
	else
		rc = run_statements(c, dbr, s, ex, text, err);
	ex->ms = now_ms() - t0;
	if (ex->batches)
		fprintf(text, "-- %.0f ms, %ld rows in %ld batches\n\n", ex->ms, ex->rows, ex->batches);
	else
		fprintf(text, "-- %.0f ms\n\n", ex->ms);
	fflush(text);
	strbuf_release(&key);
	strbuf_release(&range);
	return rc;
}

int apply_database(struct conn *c, struct db_run *dbr, const struct delta_set *set,
		   const struct catalog *expected, const struct apply_opts *o, FILE *text)
{
	struct render_opts ro = { .mode = RENDER_LIVE, .registry_cleanup = o->registry_cleanup,
				  .with_identity = o->with_identity };
	struct strbuf err = STRBUF_INIT;
	const struct delta *last = NULL;
	long *counts = xcalloc(set->n ? set->n : 1, sizeof(long));
	int rc = -1, built, retried = 0;

	for (size_t i = 0; i < set->n; i++)
		counts[i] = -1;

	dbr->applied = 1;
	ro.server_major = conn_server_major(c);
	if ((rc = take_lock(c, dbr, o, text)) != 0)
		goto out;
	rc = -1;
	for (;;) {
		if (read_state(c, dbr, set, expected, o, counts, last, &err)) {
			set_error(dbr, "%s: cannot read the catalog%s: %s", dbr->name,
				  last ? " after a step" : "", err.buf);
			goto out;
		}
		if (last) {
			const struct delta_result *r = result_of(dbr, last);

			/* a data fix may find rows written while it ran (the product
			 * should be stopped): it is first in the plan again, once */
			if (r && r->status == DS_APPLIED) {
				retried = 0;
			} else if (r && r->status == DS_MISSING && last->op == DOP_DATA_FIX && !retried) {
				retried = 1;
			} else {
				set_error(dbr, "%s: step %s (%s) ran, but the delta is still %s: %s",
					  dbr->name, last->id, last->table,
					  r ? delta_status_name(r->status) : "not evaluated",
					  r && r->detail ? r->detail : "");
				goto out;
			}
		}
		plan_release(&dbr->plan);
		built = plan_build(&dbr->plan, dbr->id, dbr->state != DB_UNKNOWN, dbr->deltas,
				   dbr->ndeltas, c->dialect, dbr->live, expected, &ro, &err);
		if (built) {
			set_error(dbr, "%s", dbr->plan.refused ? dbr->plan.refused : err.buf);
			rc = built > 0 && !dbr->nexecuted ? 1 : -1;
			goto out;
		}
		if (!dbr->plan.nsteps) {
			if (!dbr->nexecuted)
				fprintf(text, "-- nothing to apply: amdelta's part of %s is %s\n",
					dbr->name, part_state_name(COMP_APIM, dbr->apim));
			break;
		}
		last = dbr->plan.steps[0].delta;
		if (run_step(c, dbr, &dbr->plan.steps[0], &ro, o, text, &err))
			goto out;
		if (o->hooks && o->hooks->stepped)
			o->hooks->stepped(o->hooks->ctx, c, last);
	}
	rc = 0;
out:
	free(counts);
	strbuf_release(&err);
	return rc;
}
