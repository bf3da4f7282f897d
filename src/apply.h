/*
 * apply: take one database to 3.2.0, one step at a time, locked, re-checked
 * after every step, resumable after any interruption.
 *
 * apply_database() works on an open read-write connection:
 *   1. lock: the dialect's session-scoped lock (struct dialect try_lock_sql),
 *      tried every 200 ms until opts->lock_timeout_s; the server frees it
 *      when the session ends, so a killed run leaves no stale lock;
 *   2. read the catalog, count the data fixes (a fill: only whether a row
 *      is left, render_fill_probe), classify; refuse (nothing written)
 *      when a delta is in conflict or the database is not WSO2's;
 *   3. plan from what was read, run the first step, read the catalog again
 *      (the table the step touched alone where the dialect can:
 *      introspect_table; the whole catalog otherwise) and require that
 *      step's delta to be applied now; repeat until the plan is empty.
 *      Re-planning after every step is what makes a step of several
 *      statements safe on a dialect whose DDL commits statement by
 *      statement: a run stopped inside it is finished from the catalog,
 *      not from a position in a script.
 * A step runs inside one transaction where the dialect runs DDL
 * transactionally (!ddl_autocommits: PostgreSQL, SQL Server, DB2).  A data
 * fix that fills a column (UUIDs, callback URLs) runs in batches over ranges
 * of an integer key (render_batch_key), each batch its own committed
 * statement of about opts->batch_rows rows, with a progress line; a run
 * killed between batches leaves only whole batches, and the next run fixes
 * the rows still NULL.
 *
 * Every step run is recorded in dbr->executed and written to text as it
 * runs: "-- id (TABLE): title", the statements, "-- N ms".
 */
#ifndef AMDELTA_APPLY_H
#define AMDELTA_APPLY_H

#include <stdio.h>

#include "catalog.h"
#include "conn.h"
#include "delta.h"
#include "run.h"

/* Where tests step into apply: every member may be NULL, and each gets
 * ctx.  The product passes none (struct apply_opts hooks NULL); the unit
 * tests supply catalogs with read_catalog, and the test build of the
 * binary (build/amdelta-test, src/testhooks.h) the other three. */
struct apply_hooks {
	void *ctx;
	/* Reads the catalog of c in place of introspect: the whole one
	 * (table NULL), as introspect_catalog, or table alone, as
	 * introspect_table (old: the catalog before the step; 1: read the
	 * whole one instead). */
	int (*read_catalog)(void *ctx, struct conn *c, const struct catalog *old, const char *table,
			    struct catalog **out, struct strbuf *err);
	/* Once apply's lock on c is held. */
	void (*locked)(void *ctx, struct conn *c);
	/* After table alone was read again into live: -1 (with err) stops the
	 * run as a read that failed. */
	int (*reread)(void *ctx, struct conn *c, const struct catalog *live, const char *table,
		      struct strbuf *err);
	/* After each step ran (d: its delta). */
	void (*stepped)(void *ctx, struct conn *c, const struct delta *d);
};

struct apply_opts {
	long lock_timeout_s;       /* how long to wait for another run's lock */
	long batch_rows;           /* rows per batch of a data fix */
	int registry_cleanup;      /* run the conditional registry clean-up */
	int with_identity;         /* also the identity deltas amdelta can finish
	                              (render_opts with_identity) */
	int generic_catalog;       /* read catalogs with ODBC catalog functions only */
	FILE *progress;            /* where the progress line of a data fix is drawn (a
	                              terminal), or NULL for none */
	const struct apply_hooks *hooks; /* tests only; NULL in the product */
};

/* Applies every missing apim delta of set (and with opts->with_identity the
 * identity deltas render_skip_reason lets plan run) to database dbr->name through c
 * (open, not read-only).  expected is the 3.2.0 catalog of c's dialect.
 * dbr must hold name (and may hold connection details); apply_database
 * sets applied, fills live, deltas, state and plan from the last read, and
 * appends to executed.  The statements and their times go to text.
 * Returns 0 when nothing is left to plan, 1 when refused before anything
 * was written (no lock to be had, a conflict, not a WSO2 database: the
 * reason in dbr->apply_error), -1 when a step or a read failed (the reason,
 * naming the database, the delta and the server's message, in
 * dbr->apply_error).  Never drops a table; keys are found as plan finds
 * them (render.h). */
int apply_database(struct conn *c, struct db_run *dbr, const struct delta_set *set,
		   const struct catalog *expected, const struct apply_opts *opts, FILE *text);

/* The name of apply's lock for database db on c: "amdelta:" db, and where
 * the dialect's locks are server-wide the current schema, as characters
 * that need no quoting in a string literal; at most 64 characters.
 * Appends it to out. */
void apply_lock_name(const struct conn *c, const char *db, struct strbuf *out);

#endif
