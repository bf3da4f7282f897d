/*
 * run: the run model, one struct holding every finding of one invocation,
 * and its verdict.
 *
 * Filled by the pipeline (classify, diff, plan, apply, readiness), judged
 * once by verdict.h, read by the reporters (text, JSON, JUnit, HTML), which
 * only format it.  Ownership: a struct run owns everything below it;
 * run_release() frees it all.
 */
#ifndef AMDELTA_RUN_H
#define AMDELTA_RUN_H

#include <stddef.h>

#include "catalog.h"
#include "delta.h"
#include "dialect.h"
#include "migrator.h"
#include "names.h"
#include "plan.h"

/* The whole database against 3.2.0, counting the changes of both tools. */
enum db_state {
	DB_NOT_CONFIGURED = 0,
	DB_ERROR,            /* could not be reached or read */
	DB_UNKNOWN,          /* not a WSO2 database of these versions */
	DB_V300,
	DB_V310,
	DB_PARTIAL,
	DB_V320,
	DB_STATE_COUNT
};

/* One component's part of a database (enum component): the apim part
 * (the guide's scripts: 3.0.0 / 3.1.0 / partial / 3.2.0) or the identity
 * part (WSO2's identity migration client: 5.9.0 / partial / 5.10.0);
 * none where the database holds nothing of that component. */
enum part_state {
	PART_NONE = 0,
	PART_OLD,            /* nothing of it made: 3.0.0, 5.9.0 */
	PART_V310,           /* apim only: exactly the 3.1.0 changes */
	PART_PARTIAL,
	PART_NEW,            /* all of it made: 3.2.0, 5.10.0 */
	PART_STATE_COUNT
};

/* The one action that moves a database on. */
enum next_step {
	NEXT_NONE = 0,
	NEXT_APPLY,              /* amdelta apply */
	NEXT_IDENTITY_CLIENT,    /* WSO2's identity migration client */
	NEXT_RESOLVE_CONFLICT,   /* a delta in conflict: by hand */
	NEXT_FIX_CONNECTION,     /* unreachable, or not a WSO2 database */
	NEXT_STEP_COUNT
};

/* diff: which expected catalog the live one matches. */
enum diff_match { MATCH_NEITHER = 0, MATCH_FRESH, MATCH_MIGRATED, MATCH_BOTH, MATCH_COUNT };

enum check_severity { SEV_BLOCKER = 0, SEV_WARNING, SEV_INFO, SEV_COUNT };

/* A check's outcome: pass; warn (a finding that does not block); fail (a
 * blocker found); error (could not be measured: a database unreachable, a
 * query failed); skip (does not apply here). */
enum check_status { CS_PASS = 0, CS_WARN, CS_FAIL, CS_ERROR, CS_SKIP, CS_COUNT };

/* The verdict of a whole run, in the order of precedence (the worst wins). */
enum verdict { VERDICT_PASS = 0, VERDICT_FAIL, VERDICT_CANNOT_TELL, VERDICT_REFUSED, VERDICT_COUNT };

/* One migrator of WSO2's identity client judged on one database. */
struct migrator_result {
	enum migrator_state state;
	size_t made, total;          /* its changes here: made, and all that apply */
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
	char *against;       /* what the live catalog was compared with, for output */
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
	enum db_index id;
	const char *name;            /* db_name(id), not owned */
	char *target_shown;          /* DSN or connection string, password masked */
	const struct dialect *dialect; /* NULL until known */
	char *dbms_name, *dbms_ver, *driver;
	enum db_state state;         /* the whole database (classify) */
	enum part_state apim;        /* amdelta's part (classify) */
	enum part_state identity;    /* the identity client's part (classify) */
	struct migrator_result migrators[MIG_COUNT]; /* ... per migrator (classify) */
	enum next_step next;         /* verdict_compute */
	char *error;                 /* DB_ERROR: the message */
	long round_trips;
	double ms;                   /* wall time spent reading this database */
	size_t ndeltas, deltas_alloc;
	struct delta_result *deltas;
	/* diff: the live catalog against fresh 3.2.0 and against 3.0.0 +
	 * every delta; diffed set once both are filled */
	int diffed;
	struct diff_result against_fresh, against_migrated;
	enum diff_match match;
	/* verify: the differences from fresh 3.2.0 that remain once the
	 * missing deltas are made, split into those an accepted way of
	 * reaching 3.2.0 leaves too (explained) and drift; split set once
	 * filled */
	int split;
	struct diff_result explained, drift;
	char *routes;                /* verify: the route(s) that explain every difference
	                                ("fresh-3.2.0", "guide+identity", ...), NULL: drift */
	struct catalog *live;        /* owned; NULL unless read */
	struct plan plan;            /* plan: the steps (plan.built set once it ran) */
	int applied;                 /* apply ran on this database: executed is reported */
	size_t nexecuted, executed_alloc;
	struct executed *executed;   /* apply: the steps run, in order */
	char *apply_error;           /* apply: why it stopped (refused, failed), or NULL */
};

/* One judged item of the run: a readiness check (check, verify) or, for
 * the other commands, one per database. */
struct check_result {
	const char *id, *title, *remedy;   /* static; remedy NULL where none helps */
	enum check_severity severity;
	enum check_status status;
	char *detail;                      /* one line */
	size_t nrows, rows_alloc;
	char **rows;                       /* up to READINESS_MAX_ROWS offending rows */
	double ms;                         /* time it took, where measured */
	int db;                            /* the database a per-database item judges
	                                      (enum db_index), -1 for a check */
};

/* The run judged once (verdict.h): every reporter formats these. */
struct run_verdict {
	enum verdict verdict;
	size_t by_status[CS_COUNT];        /* the checks by status */
	size_t blockers_failed;            /* fail with severity blocker */
	size_t configured, unreachable;    /* databases */
	int exit_code;                     /* 0, 1, 3 or 4 (verdict_exit_code) */
	char *summary;                     /* one line: the verdict in words and counts */
	char *next;                        /* one line: the next action, or NULL */
};

struct run {
	enum command command;
	const char *from;            /* plan --from: the version whose expected catalog
	                                stood in for the databases (not owned), or NULL */
	const char *version;         /* amdelta's version (not owned) */
	int color;                   /* the text report may colour states (a terminal, and
	                                NO_COLOR unset) */
	int registry_cleanup;        /* the registry clean-up is part of amdelta's work */
	const char *registry_why;    /* ... and why, or why not (not owned) */
	size_t ndbs;
	struct db_run dbs[DBI_COUNT];
	size_t nchecks, checks_alloc;
	struct check_result *checks; /* the judged items, in order */
	struct run_verdict verdict;
};

const char *db_state_name(enum db_state st);

/* The words of part state st of component c ("3.0.0", "5.9.0", "partial",
 * "none", ...). */
const char *part_state_name(enum component c, enum part_state st);

/* The words of next step n ("amdelta apply", ...; "" for none). */
const char *next_step_name(enum next_step n);

const char *diff_match_name(enum diff_match m);
const char *check_severity_name(enum check_severity s);
const char *check_status_name(enum check_status s);
const char *verdict_name(enum verdict v);

/* Sets up run->dbs[i] for every database: id and name, not configured. */
void run_init_dbs(struct run *run);

/* Appends a zeroed check result with id, title, remedy (static strings)
 * and severity to run; returns it. */
struct check_result *run_add_check(struct run *run, const char *id, const char *title,
				   const char *remedy, enum check_severity severity);

/* Frees everything run holds (run itself is caller-owned). */
void run_release(struct run *run);

/* Appends a diff item to dr; strings are copied. */
void diff_result_add(struct diff_result *dr, const char *table, const char *kind,
		     const char *what, const char *detail);

/* Frees the insides of dr. */
void diff_result_release(struct diff_result *dr);

#endif
