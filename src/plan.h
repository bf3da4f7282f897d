/*
 * plan: the steps that take one database to 3.2.0 — every apim delta that is
 * missing, in checks/ order, with the SQL render.h writes for it.
 *
 * A plan is built from a database classified by classify_database: it is
 * refused when a delta is in conflict or the database is not recognised.
 * Each delta is rendered against the catalog as the steps before it leave it
 * (the live catalog with those deltas applied symbolically), so a trigger
 * rendered after the CREATE TABLE of its table finds the table, and a key
 * dropped after the key that replaces it was added sees that key.  Identity
 * deltas and the conditional registry clean-up are never planned: they are
 * listed as skipped, with the reason.
 *
 * Ownership: a struct plan owns its steps and their statements; the delta
 * pointers point into the delta set, which must outlive the plan.
 */
#ifndef AMDELTA_PLAN_H
#define AMDELTA_PLAN_H

#include <stddef.h>

#include "catalog.h"
#include "delta.h"
#include "dialect.h"
#include "render.h"

struct plan_step {
	const struct delta *delta;    /* not owned */
	struct stmt_list sql;         /* the statements, in order, no terminators */
};

struct plan_skip {
	const struct delta *delta;    /* not owned */
	const char *reason;           /* static */
};

struct plan {
	int built;                    /* plan_build ran (refused or not) */
	const struct dialect *dialect;/* what the statements are written in (plan_build's dia) */
	char *refused;                /* why nothing is planned, or NULL */
	size_t nsteps, steps_alloc;
	struct plan_step *steps;
	size_t nskipped, skipped_alloc;
	struct plan_skip *skipped;
};

/* Builds p (zeroed) for database db in state recognised (0: not a
 * WSO2 database of these versions), whose n deltas were evaluated in
 * results[0..n) against live; expected is the 3.2.0 catalog of dia.
 * Returns 0 (planned, possibly nothing to do), 1 when refused (p->refused
 * says why: every delta in conflict, or the database unknown), or -1 with err
 * naming the delta that could not be rendered (p then holds the steps before
 * it). */
int plan_build(struct plan *p, enum db_index db, int recognised,
	       const struct delta_result *results, size_t n, const struct dialect *dia,
	       const struct catalog *live, const struct catalog *expected,
	       const struct render_opts *opts, struct strbuf *err);

/* Frees what p holds and zeroes it. */
void plan_release(struct plan *p);

/* Total number of statements in p. */
size_t plan_statements(const struct plan *p);

#endif
