/*
 * run: the run model, one struct holding every finding of one invocation.
 *
 * Built by classify and diff, read by the reporters (text, JSON), which are
 * pure functions of it.  Ownership: a struct run owns everything below it;
 * run_release() frees it all.
 */
#ifndef AMDELTA_RUN_H
#define AMDELTA_RUN_H

#include <stddef.h>

#include "catalog.h"
#include "delta.h"
#include "plan.h"

enum db_state {
	DB_NOT_CONFIGURED = 0,
	DB_ERROR,
	DB_UNKNOWN,
	DB_V300,
	DB_V310,
	DB_PARTIAL,
	DB_V320,
	DB_STATE_COUNT
};

/* One delta evaluated on one database. */
struct delta_result {
	const struct delta *delta;   /* not owned */
	enum delta_status status;
	long count;                  /* data fixes: rows still to fix, -1 otherwise */
	char *detail;
};

/* One difference between the live catalog and an expected one. */
struct diff_item {
	char *table;
	char *kind;          /* "table", "column", "primary-key", "unique", "foreign-key", "index", "trigger" */
	char *what;          /* "missing", "extra", "differs" */
	char *detail;
	char *route;         /* verify: the accepted route that leaves the same difference
	                        ("guide", "amdelta+identity", ...), or NULL */
};

struct diff_result {
	char *against;       /* "fresh-3.2.0", "3.0.0+deltas", "fresh-3.0.0" */
	int count_only;      /* the text report gives the count, not the items (verify's
	                        differences the migration explains) */
	size_t n, alloc;
	struct diff_item *items;
};

/* One step apply ran (or began: ms and rows then say how far it got). */
struct executed {
	char *id;                    /* the delta */
	char *sql;                   /* its statements, ";\n" between them; a batched data
	                                fix: the statement with "?" for the key range */
	double ms;
	long rows;                   /* data fixes: rows changed, -1 otherwise */
	long batches;                /* data fixes: statements run, 0 otherwise */
};

struct db_run {
	char *name;                  /* "WSO2AM_DB", ... */
	char *target_shown;          /* DSN or connection string, password masked */
	char *dialect;               /* "postgresql", ... or NULL */
	char *dbms_name, *dbms_ver, *driver;
	enum db_state state;
	char *identity_state;        /* "5.9.0", "5.10.0", "partial", NULL when no identity deltas */
	char *error;                 /* DB_ERROR: the message */
	long round_trips;
	double ms;                   /* wall time spent reading this database */
	size_t ndeltas, deltas_alloc;
	struct delta_result *deltas;
	size_t ndiffs, diffs_alloc;
	struct diff_result *diffs;
	char *matches;               /* diff: "fresh-3.2.0", "3.0.0+deltas", both, or NULL */
	struct catalog *live;        /* owned; NULL unless read */
	struct plan plan;            /* plan: the steps (plan.built set once it ran) */
	int applied;                 /* apply ran on this database: executed is reported */
	size_t nexecuted, executed_alloc;
	struct executed *executed;   /* apply: the steps run, in order */
	char *apply_error;           /* apply: why it stopped (refused, failed), or NULL */
};

/* One readiness check measured (readiness.h). */
struct check_result {
	const char *id, *title, *remedy;   /* static: the check table's */
	int severity;                      /* enum check_severity */
	int status;                        /* enum check_status */
	char *detail;                      /* one line */
	size_t nrows, rows_alloc;
	char **rows;                       /* up to READINESS_MAX_ROWS offending rows */
};

struct run {
	const char *command;         /* "status", "diff", ... (not owned) */
	const char *from;            /* plan --from: the version whose expected catalog
	                                stood in for the databases (not owned), or NULL */
	int color;                   /* the text report may colour states (a terminal, and
	                                NO_COLOR unset) */
	size_t ndbs;
	struct db_run dbs[3];
	size_t nchecks, checks_alloc;
	struct check_result *checks; /* check: the readiness checks, in table order */
};

const char *db_state_name(enum db_state st);

/* Frees everything run holds (run itself is caller-owned). */
void run_release(struct run *run);

/* Appends a diff item to dr; strings are copied. */
void diff_result_add(struct diff_result *dr, const char *table, const char *kind,
		     const char *what, const char *detail);

/* Frees the insides of dr. */
void diff_result_release(struct diff_result *dr);

#endif
