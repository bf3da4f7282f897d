/*
 * verdict: the one judgement of a run, computed once from the run model.
 *
 * verdict_compute() decides, per database, the one next step (fix the
 * connection, resolve the conflict, amdelta apply, WSO2's identity
 * migration client, or nothing); for the commands without a check table
 * (status, diff, plan, apply) it adds one judged item per database, so
 * every command is judged as a list of items; then it counts the items by
 * status and sets the verdict:
 *   REFUSED      apply refused or failed, or a plan was refused or could
 *                not be rendered                                   exit 4
 *   CANNOT TELL  a configured database could not be reached or read, or
 *                an item could not be measured (status error)      exit 3
 *   FAIL         an item failed (a blocker: a database not at 3.2.0 for
 *                status/plan/apply, a database matching neither expected
 *                catalog for diff, a failed check for check/verify)  exit 1
 *   PASS         otherwise (warnings do not fail)                  exit 0
 * The worst applies.  Every reporter formats run->verdict and the items;
 * none decides pass or fail itself.
 */
#ifndef AMDELTA_VERDICT_H
#define AMDELTA_VERDICT_H

#include "run.h"
#include "util.h"

/* Sets the next step of every database of run from what classify left
 * (checks read it; verdict_compute calls it again). */
void verdict_databases(struct run *run);

/* Judges run (its databases filled by the pipeline, its check items added
 * by readiness for check and verify): sets every database's next step,
 * adds the per-database items where the command has no check table, and
 * fills run->verdict (replacing a previous one). */
void verdict_compute(struct run *run);

/* The exit code of verdict v: 0, 1, 3 or 4. */
int verdict_exit_code(enum verdict v);

/* The number of apim deltas of d that amdelta still has to make: missing,
 * and, for the conditional registry clean-up, only when registry_cleanup
 * says it runs. */
size_t verdict_apim_left(const struct db_run *d, int registry_cleanup);

/* Appends the one-line account of database d to sb, e.g.
 * "partial  amdelta: nothing to do · identity 5.9.0 · next: WSO2's identity
 * migration client (guide step 2.5)".  Needs verdict_compute to have run. */
void verdict_db_line(const struct run *run, const struct db_run *d, struct strbuf *sb);

/* 1 when the remedy of check c is worth showing: it failed or warned, and
 * it has one.  An item that could not be measured or was skipped has none:
 * its detail says what stopped it. */
int verdict_shows_remedy(const struct check_result *c);

#endif
