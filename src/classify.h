/*
 * classify: evaluate every delta against one live catalog and decide the
 * database's state.
 *
 * State rules (apim component; a database whose apim component has no
 * structural delta, SHARED_DB, is judged by its identity deltas):
 *   - every structural delta missing            -> 3.0.0
 *   - every delta applied                       -> 3.2.0
 *   - exactly the 3.1.0 deltas applied          -> 3.1.0
 *   - anything else, or any conflict            -> partial
 * Data fixes count only once their structure exists: a NULL callback URL
 * on an untouched 3.0.0 database leaves it 3.0.0 (data fixes are judged
 * for 3.2.0 only).  A conditional data fix (the registry clean-up) is
 * reported, missing with a detail, but never changes the state.  Deltas of
 * the database that do not apply to the dialect are listed as n/a.  With no
 * structural delta to judge by at all the state is unknown.
 * identity_state: "5.9.0" (every identity delta missing), "5.10.0" (all
 * applied), "partial" (anything else, or a conflict).
 */
#ifndef AMDELTA_CLASSIFY_H
#define AMDELTA_CLASSIFY_H

#include "catalog.h"
#include "conn.h"
#include "delta.h"
#include "run.h"

/* 1 when live looks like the database db at all (its marker tables exist). */
int classify_recognised(const char *db, const struct catalog *live);

/* Evaluates the deltas of set that belong to dbr->name and apply to dialect
 * against live, appending to dbr->deltas (details are new strings dbr owns;
 * delta pointers point into set) and setting dbr->state and
 * dbr->identity_state.
 * counts[i] is the data-fix count of set->items[i] (or -1); counts may be
 * NULL.  Pure. */
void classify_database(struct db_run *dbr, const struct delta_set *set,
		       enum dialect_id dialect, const struct catalog *live,
		       const struct catalog *expected, const long *counts);

/* Runs the count queries of the data fixes of db that can be counted on
 * live (delta_countable) and apply to c's dialect, through c, into
 * counts[0..set->n) (-1 where not run).  Returns 0, or -1 with err naming
 * the delta and the database at the first failing query. */
int classify_count(struct conn *c, const struct delta_set *set, const char *db,
		   const struct catalog *live, long *counts, struct strbuf *err);

/* As classify_count, but keeps counts[i] where it is a count already
 * (>= 0 or DELTA_COUNT_SOME) and touched (the delta of the step just run)
 * cannot change it: it is neither that data fix nor a change of its
 * column.  apply re-reads after every step without scanning big tables
 * again.  touched NULL: every count is run again.  probes (may be NULL):
 * where probes[i] is a query, it runs instead of the count and its answer
 * (0: no row to fix, else some) is stored as 0 or DELTA_COUNT_SOME. */
int classify_recount(struct conn *c, const struct delta_set *set, const char *db,
		     const struct catalog *live, long *counts, const struct delta *touched,
		     char *const *probes, struct strbuf *err);

#endif
