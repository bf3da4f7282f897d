/*
 * classify: evaluate every delta against one live catalog and decide the
 * database's state.
 *
 * Per component (classify_database sets dbr->apim and dbr->identity):
 *   - every structural delta missing            -> 3.0.0 / 5.9.0
 *   - every delta applied                       -> 3.2.0 / 5.10.0
 *   - exactly the 3.1.0 deltas applied (apim)   -> 3.1.0
 *   - anything else, or any conflict            -> partial
 *   - no delta of the component here            -> none
 * Data fixes count only once their structure exists: a NULL callback URL
 * on an untouched 3.0.0 database leaves it 3.0.0 (data fixes are judged
 * for 3.2.0 only).  A conditional data fix (the registry clean-up) is
 * reported, missing with a detail; it makes the apim part of a database
 * without structural apim deltas (SHARED_DB) 3.0.0 while rows are left,
 * and never changes the state.  Deltas of the database that do not apply
 * to the dialect are listed as n/a.
 * The state of the whole database combines both: 3.0.0 when both parts
 * are at their old version, 3.2.0 when both are new, 3.1.0 when apim is
 * 3.1.0 and identity 5.10.0 (a 3.1.0 install), partial otherwise; a
 * database with only one component is judged by it; with no structural
 * delta to judge by at all the state is unknown.
 */
#ifndef AMDELTA_CLASSIFY_H
#define AMDELTA_CLASSIFY_H

#include "catalog.h"
#include "conn.h"
#include "delta.h"
#include "run.h"

/* 1 when live looks like the database db at all (its marker tables exist). */
int classify_recognised(enum db_index db, const struct catalog *live);

/* Evaluates the deltas of set that belong to dbr->id and apply to dialect
 * against live, appending to dbr->deltas (details are new strings dbr owns;
 * delta pointers point into set) and setting dbr->state,
 * dbr->apim and dbr->identity.
 * counts[i] is the data-fix count of set->items[i] (or -1); counts may be
 * NULL.  Pure. */
void classify_database(struct db_run *dbr, const struct delta_set *set,
		       enum dialect_id dialect, const struct catalog *live,
		       const struct catalog *expected, const long *counts);

/* Runs the count queries of the data fixes of db that can be counted on
 * live (delta_countable) and apply to c's dialect, through c, into
 * counts[0..set->n) (-1 where not run).  Returns 0, or -1 with err naming
 * the delta and the database at the first failing query. */
int classify_count(struct conn *c, const struct delta_set *set, enum db_index db,
		   const struct catalog *live, long *counts, struct strbuf *err);

/* As classify_count, but keeps counts[i] where it is a count already
 * (>= 0 or DELTA_COUNT_SOME) and touched (the delta of the step just run)
 * cannot change it: it is neither that data fix nor a change of its
 * column.  apply re-reads after every step without scanning big tables
 * again.  touched NULL: every count is run again.  probes (may be NULL):
 * where probes[i] is a query, it runs instead of the count and its answer
 * (0: no row to fix, else some) is stored as 0 or DELTA_COUNT_SOME. */
int classify_recount(struct conn *c, const struct delta_set *set, enum db_index db,
		     const struct catalog *live, long *counts, const struct delta *touched,
		     char *const *probes, struct strbuf *err);

/* Appends the one-line account of migrator m on d to sb: "SchemaMigrator
 * step1/identity: partly done, 31 of 33 changes (missing: sp-app-uuid,
 * idp-uuid); without it: ...".  The missing changes are named up to a
 * handful, then counted. */
void classify_migrator_line(const struct db_run *d, enum migrator m, struct strbuf *sb);

/* 1 when migrator m has work left on d (not run or partly done). */
int classify_migrator_left(const struct db_run *d, enum migrator m);

#endif
