/* Building a struct run by hand for the report tests (report,
 * report_html, report_junit): what the pipeline and readiness.c would have
 * filled.  The tests call verdict_compute() on the result before writing,
 * as main does. */
#ifndef AMDELTA_RUN_FIXTURE_H
#define AMDELTA_RUN_FIXTURE_H

#include <stdlib.h>
#include <string.h>

#include "readiness.h"
#include "run.h"
#include "util.h"
#include "verdict.h"

/* Clears run for command cmd, with no database. */
static inline void fixture_run(struct run *run, enum command cmd)
{
	memset(run, 0, sizeof(*run));
	run->command = cmd;
}

/* Appends database id to run in state st.  A database that was read gets
 * PostgreSQL's dialect, a server, a driver, a connection string whose
 * password is masked and round trips. */
static inline struct db_run *fixture_db(struct run *run, enum db_index id, enum db_state st)
{
	struct db_run *d = &run->dbs[run->ndbs++];

	d->id = id;
	d->name = db_name(id);
	d->state = st;
	if (st != DB_NOT_CONFIGURED && st != DB_ERROR) {
		d->dialect = dialect_get(DIALECT_POSTGRESQL);
		d->dbms_name = strdup("PostgreSQL");
		d->dbms_ver = strdup("15.8");
		d->driver = strdup("psqlodbcw.so");
		d->target_shown = strdup("Driver=PostgreSQL;Database=am;Pwd=***;");
		d->round_trips = 7;
	}
	return d;
}

/* Appends the result of delta dl (not owned) to d; detail is copied. */
static inline void fixture_delta(struct db_run *d, const struct delta *dl, enum delta_status st,
				 long count, const char *detail)
{
	ALLOC_GROW(d->deltas, d->ndeltas + 1, d->deltas_alloc);
	d->deltas[d->ndeltas++] = (struct delta_result){ dl, st, count, detail ? strdup(detail) : NULL };
}

/* Appends a step apply ran to d (id and sql copied). */
static inline void fixture_executed(struct db_run *d, const char *id, const char *sql, double ms,
				    long rows, long batches)
{
	ALLOC_GROW(d->executed, d->nexecuted + 1, d->executed_alloc);
	d->executed[d->nexecuted++] =
		(struct executed){ strdup(id), sql ? strdup(sql) : NULL, ms, rows, batches };
}

/* Appends a check result (db -1) with detail and, when row is not NULL,
 * one offending row (both copied, freed by run_release); title and remedy
 * are static texts the caller may replace. */
static inline struct check_result *fixture_check(struct run *run, const char *id,
						 enum check_severity sev, enum check_status st,
						 const char *detail, const char *row)
{
	struct check_result *c = run_add_check(run, id, "the title of the check",
					       "the remedy of the check", sev);

	c->status = st;
	c->detail = strdup(detail);
	if (row) {
		c->rows = calloc(1, sizeof(char *));
		c->rows[0] = strdup(row);
		c->nrows = c->rows_alloc = 1;
	}
	return c;
}

#endif
