/*
 * catalog: the in-memory description of one database schema.
 *
 * A catalog is a list of tables; each table holds its columns, its keys
 * (primary, unique, foreign, plain index) and its trigger names.  The same
 * struct describes a live database (introspect), an expected schema loaded
 * from schemas/ (schema), and "3.0.0 + deltas" computed symbolically (delta).
 *
 * Names are stored as found.  Every lookup is case-insensitive, because
 * PostgreSQL folds unquoted names to lower case, Oracle and DB2 to upper
 * case, and Siddhi created the analytics tables in mixed case.
 *
 * Ownership: a catalog owns every string and array hanging from it;
 * catalog_free() releases all of it.  Functions that add take copies of the
 * strings they are given.
 */
#ifndef AMDELTA_CATALOG_H
#define AMDELTA_CATALOG_H

#include <stddef.h>

/* Dialect-neutral column types.  Sizes live in struct column. */
enum col_type {
	COL_UNKNOWN = 0,
	COL_SMALLINT,
	COL_INTEGER,
	COL_BIGINT,
	COL_DECIMAL,
	COL_REAL,
	COL_DOUBLE,
	COL_BOOLEAN,
	COL_CHAR,
	COL_VARCHAR,
	COL_CLOB,
	COL_BLOB,
	COL_DATE,
	COL_TIME,
	COL_TIMESTAMP,
	COL_TYPE_COUNT
};

struct column {
	char *name;
	enum col_type type;
	long size;      /* length of CHAR/VARCHAR, precision of DECIMAL; 0 = none */
	int scale;      /* scale of DECIMAL */
	int nullable;   /* 1 when NULL is allowed */
	int autoinc;    /* auto-increment, serial, identity or a sequence default */
	char *defval;   /* normalised default (see catalog_default_normalise), or NULL */
};

enum key_kind {
	KEY_PRIMARY = 0,
	KEY_UNIQUE,     /* unique constraint or unique index: the same to us */
	KEY_FOREIGN,
	KEY_INDEX,      /* plain, non-unique index */
	KEY_KIND_COUNT
};

/* What a foreign key does to the referencing rows when the referenced row
 * is deleted or its key updated.  RESTRICT is NO ACTION: they differ only
 * for deferred checking, which WSO2's schemas never use. */
enum fk_action {
	FK_NO_ACTION = 0,
	FK_CASCADE,
	FK_SET_NULL,
	FK_SET_DEFAULT,
	FK_ACTION_COUNT
};

struct key {
	enum key_kind kind;
	char *name;         /* as found; may be NULL in expected catalogs */
	size_t ncols;
	char **cols;        /* in key order */
	char *ref_table;    /* KEY_FOREIGN only */
	char **ref_cols;    /* KEY_FOREIGN only, ncols entries */
	enum fk_action on_delete, on_update;   /* KEY_FOREIGN only */
	int bare_index;     /* KEY_UNIQUE: a unique index that backs no constraint, where
	                       the live catalog tells (PostgreSQL: DROP INDEX, not DROP
	                       CONSTRAINT); 0 when it is a constraint or not known */
};

struct table {
	char *name;
	size_t ncols, cols_alloc;
	struct column *cols;
	size_t nkeys, keys_alloc;
	struct key *keys;
	size_t ntriggers, triggers_alloc;
	char **triggers;    /* trigger names */
};

struct catalog {
	size_t ntables, tables_alloc;
	struct table *tables;
};

/* Returns a new empty catalog (never NULL: aborts on out-of-memory). */
struct catalog *catalog_new(void);

/* Frees the catalog and everything it owns.  catalog_free(NULL) is a no-op. */
void catalog_free(struct catalog *cat);

/* Returns a deep copy of cat; the caller owns it. */
struct catalog *catalog_dup(const struct catalog *cat);

/* Finds a table by name, case-insensitively; NULL when absent. */
struct table *catalog_table(const struct catalog *cat, const char *name);

/* Adds an empty table named name and returns it (owned by cat).  When a
 * table of that name (case-insensitively) exists, returns that one. */
struct table *catalog_add_table(struct catalog *cat, const char *name);

/* Removes the table named name, if present. */
void catalog_remove_table(struct catalog *cat, const char *name);

/* Copies table t (from any catalog) into cat, replacing a table of the same
 * name; returns the copy. */
struct table *catalog_put_table(struct catalog *cat, const struct table *t);

/* Finds a column by name, case-insensitively; NULL when absent. */
struct column *table_column(const struct table *t, const char *name);

/* Appends a copy of col (strings copied) and returns the stored column. */
struct column *table_add_column(struct table *t, const struct column *col);

/* Removes the column named name, if present. */
void table_remove_column(struct table *t, const char *name);

/* Appends a key of the given kind over cols[0..ncols) and returns it.
 * name, ref_table and ref_cols may be NULL (ref_* only for KEY_FOREIGN). */
struct key *table_add_key(struct table *t, enum key_kind kind, const char *name,
			  size_t ncols, const char *const *cols,
			  const char *ref_table, const char *const *ref_cols);

/* Returns the primary key of t, or NULL. */
struct key *table_primary_key(const struct table *t);

/* Finds a key of kind whose column set equals cols (order ignored,
 * case-insensitive); NULL when none.  For KEY_UNIQUE, a primary key over the
 * same columns does not count. */
struct key *table_find_key(const struct table *t, enum key_kind kind,
			   size_t ncols, const char *const *cols);

/* Removes the key k, which must belong to t. */
void table_remove_key(struct table *t, struct key *k);

/* Adds trigger name to t unless present. */
void table_add_trigger(struct table *t, const char *name);

/* 1 when t has a trigger named name (case-insensitively). */
int table_has_trigger(const struct table *t, const char *name);

/* Sorts tables by upper-cased name, and each table's keys by kind and
 * column list, so that output built from a catalog is deterministic. */
void catalog_sort(struct catalog *cat);

/* Upper-cases every name that has no upper-case letter: what an unquoted
 * name means on a server that folds to lower case (PostgreSQL), written the
 * way the guide writes it.  Mixed-case names are left alone. */
void catalog_fold_upper(struct catalog *cat);

/* Name of a foreign-key action as written in schemas/: "no-action",
 * "cascade", "set-null", "set-default". */
const char *catalog_fk_action_name(enum fk_action action);

/* Parses an action as written in schemas/ or as a database reports it
 * ("CASCADE", "SET NULL", "NO ACTION", "RESTRICT", "set-default", ..., and
 * ODBC's SQL_CASCADE..SQL_SET_DEFAULT as decimal strings).  Returns 0, or -1
 * (then *action is FK_NO_ACTION) when s is NULL or not recognised. */
int catalog_fk_action_parse(const char *s, enum fk_action *action);

/* Name of a type as written in schemas/ ("varchar", "integer", ...). */
const char *catalog_type_name(enum col_type type);

/* Parses a type as written in schemas/ or as reported by a database
 * ("character varying", "int4", "bytea", "longblob", "tinyint", ...).
 * Returns COL_UNKNOWN when the name is not recognised. */
enum col_type catalog_type_parse(const char *name);

/* Normalises a default expression as reported by a catalog into the form
 * stored in schemas/: surrounding parentheses and casts such as
 * ::character varying removed, NULL -> NULL pointer, now()/current_timestamp
 * -> "CURRENT_TIMESTAMP", nextval(...) -> NULL with *autoinc set.
 * Returns a new string or NULL; the caller frees it. */
char *catalog_default_normalise(const char *raw, int *autoinc);

/* 1 when two column types are the same for comparison purposes (same
 * neutral type and, for CHAR/VARCHAR/DECIMAL, the same size). */
int column_type_equal(const struct column *a, const struct column *b);

/* Compares two column-name lists as sets, case-insensitively. */
int catalog_colset_equal(size_t na, char *const *a, size_t nb, const char *const *b);

/* Writes "A,B,C" into buf (size n), truncating; returns buf. */
char *catalog_cols_join(size_t ncols, char *const *cols, char *buf, size_t n);

/* Splits "A, B,C" into a new NULL-terminated array of new strings; *ncols
 * receives the count.  Free with catalog_cols_free(). */
char **catalog_cols_split(const char *list, size_t *ncols);

/* Frees an array returned by catalog_cols_split. */
void catalog_cols_free(char **cols, size_t ncols);

#endif
