/*
 * delta: the schema and data changes of 3.0.0 -> 3.2.0, as data.
 *
 * Deltas are read from checks/<db>.xml.  Each is a declarative catalog
 * operation with a stable id, the database and table it touches, the
 * release it came with and the component that owns it ("apim": applied by
 * amdelta, as in the guide; "identity": made by WSO2's identity migration
 * client, only verified).  One definition gives three things:
 *
 *   - its post-condition, evaluated against a live catalog (delta_evaluate);
 *   - its symbolic effect on a catalog (delta_apply_symbolic), used to
 *     compute "3.0.0 + deltas";
 *   - the SQL that makes it, rendered per dialect (render.h).
 *
 * Column and table shapes are not repeated in checks/: create-table and
 * add-column take them from the expected 3.2.0 catalog of the dialect.
 * Constraints are matched by table and column set, never by name.  Raw
 * per-dialect SQL is kept only where no operation fits: the statements that
 * create a trigger (and its sequence or function), <sql> in checks/.
 */
#ifndef AMDELTA_DELTA_H
#define AMDELTA_DELTA_H

#include "catalog.h"
#include "dialect.h"
#include "migrator.h"
#include "names.h"
#include "util.h"

enum delta_op {
	DOP_CREATE_TABLE = 0,  /* table exists with the 3.2.0 columns and primary key */
	DOP_ADD_COLUMN,        /* column exists */
	DOP_ALTER_COLUMN,      /* column has the 3.2.0 type / nullability */
	DOP_ADD_UNIQUE,        /* a unique key over cols exists */
	DOP_DROP_UNIQUE,       /* no unique key over cols exists */
	DOP_ADD_INDEX,         /* an index (unique or not) over cols exists */
	DOP_DROP_INDEX,        /* no plain index over cols exists */
	DOP_SET_PRIMARY_KEY,   /* primary key is exactly cols (from: the old one) */
	DOP_DROP_PRIMARY_KEY,  /* the primary key is not over cols */
	DOP_ADD_TRIGGER,       /* a trigger named trigger exists on table */
	DOP_DATA_FIX,          /* count query returns 0 */
	DOP_COUNT
};

enum delta_status {
	DS_APPLIED = 0,
	DS_MISSING,
	DS_CONFLICT,
	DS_NA,
	DS_STATUS_COUNT
};

/* One raw statement of an add-trigger delta, for the dialects it names. */
struct delta_sql {
	unsigned dialects;     /* bit (1u << dialect_id) set where the statement is used */
	char *text;            /* one statement, no terminator (PL/SQL keeps its END;) */
};

struct delta {
	char *id;              /* stable id, e.g. "am-key-manager" */
	enum db_index db;      /* the database it changes */
	enum component component; /* who makes it: amdelta (the guide's scripts) or WSO2's
	                          identity migration client */
	int migrator;          /* identity: the client's migrator that makes it (enum
	                          migrator); -1 for apim deltas */
	char *release;         /* "3.1.0", "3.2.0" (apim) or "5.10.0" (identity) */
	enum delta_op op;
	char *table;           /* upper case, as in the guide */
	char *column;          /* add-column, alter-column, data-fix precondition */
	size_t ncols;
	char **cols;           /* keys and indexes */
	size_t nfrom;
	char **from;           /* set-primary-key: the 3.0.0 key */
	char *trigger;         /* add-trigger */
	char *count_sql;       /* data-fix: SELECT COUNT(*) of rows still to fix */
	int conditional;       /* data-fix that runs only on request (registry clean-up) */
	int stricter_key;      /* add-unique: a unique key over a subset of cols, stricter,
	                          makes it too (what a script leaves instead) */
	char *fill;            /* add-column: what existing rows get when the 3.2.0 column
	                          has no default (a SQL literal, rendered as DEFAULT);
	                          data-fix: what a NULL column is set to, a SQL literal or
	                          "uuid" (a new UUID per row); alter-column: "uuid" when
	                          the column is added and filled by the deltas before it
	                          (missing, not in conflict, while it does not exist);
	                          NULL when none */
	size_t nsql;
	struct delta_sql *sql; /* add-trigger: the statements that create the trigger, in
	                          order, each for the dialects it names */
	unsigned dialects;     /* bit (1u << dialect_id) set where the delta applies */
	char *title;           /* one line, what the change is */
	char *file;            /* checks file and line, for messages */
	long line;
};

struct delta_set {
	size_t n, alloc;
	struct delta *items;
};

/* Loads every checks/<db>.xml under dir (wso2am_db.xml, shared_db.xml,
 * apim_analytics_db.xml; each must exist and name its db), validated
 * against dir/deltas.rng, into set (caller-owned, zeroed).  Ids are unique
 * across the files.  Returns 0, or -1 with "file:line: message" lines in
 * err (the line of an element is where its start tag ends) and set as it
 * was. */
int delta_load_dir(const char *dir, struct delta_set *set, struct strbuf *err);

/* Loads one checks file into set (appending).  rng may be NULL: the loader
 * still checks what each op needs.  Errors as for delta_load_dir. */
int delta_load_file(const char *path, const char *rng, struct delta_set *set,
		    struct strbuf *err);

/* Frees the contents of set. */
void delta_set_release(struct delta_set *set);

/* 1 when d applies to dialect. */
int delta_applies(const struct delta *d, enum dialect_id dialect);

/* A data fix's count when rows to fix exist but were not counted (apply
 * asks only whether one exists: render_fill_probe). */
#define DELTA_COUNT_SOME (-2L)

/* Evaluates d against the live catalog.  expected is the 3.2.0 catalog of
 * the same dialect (shapes for create-table and add-column), may be NULL.
 * count is the result of d->count_sql for data fixes, DELTA_COUNT_SOME, or
 * -1 when not measured (then n/a).  Replaces the contents of detail (may be NULL) with
 * a one-line human detail ("" when applied).  Pure. */
enum delta_status delta_evaluate(const struct delta *d, const struct catalog *live,
				 const struct catalog *expected, long count,
				 struct strbuf *detail);

/* 1 when the data-fix d can be counted on live (its table and column exist). */
int delta_countable(const struct delta *d, const struct catalog *live);

/* Applies d to cat symbolically (the catalog it would leave), taking shapes
 * from expected.  Data fixes change nothing. */
void delta_apply_symbolic(const struct delta *d, struct catalog *cat,
			  const struct catalog *expected);

/* One delta evaluated on one database (classify fills them, plan reads
 * them). */
struct delta_result {
	const struct delta *delta;   /* not owned */
	enum delta_status status;
	long count;                  /* data fixes: rows still to fix, -1 otherwise */
	char *detail;                /* owned by whoever holds the result */
};

/* A copy of v300 (the expected 3.0.0 catalog of a database) with every
 * delta of set for database db that applies to dialect applied
 * symbolically (shapes from v320): "3.0.0 + deltas", the catalog the
 * migration leaves.  Without identity deltas when with_identity is 0 (the
 * state before WSO2's identity migration client).  The caller frees it. */
struct catalog *delta_symbolic_target(const struct delta_set *set, enum db_index db,
				      enum dialect_id dialect, const struct catalog *v300,
				      const struct catalog *v320, int with_identity);

/* A copy of live with every delta of results[0..n) whose status is
 * missing applied symbolically (shapes from v320): the catalog the
 * migration will leave once both tools are done.  The caller frees it. */
struct catalog *delta_project(const struct delta_result *results, size_t n,
			      const struct catalog *live, const struct catalog *v320);

const char *delta_op_name(enum delta_op op);
const char *delta_status_name(enum delta_status st);

#endif
