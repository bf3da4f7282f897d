/*
 * render: the SQL statements that make one delta, for one dialect.
 *
 * render_delta is given a delta, the catalog of the database as it stands
 * before the delta (the live catalog, or the live catalog as the earlier
 * steps of a plan leave it, see delta_apply_symbolic) and the expected 3.2.0
 * catalog of the dialect (the shapes of tables and columns), and lists the
 * statements that make the delta, in the order they must run.  Nothing is
 * executed; no connection is needed.
 *
 * Names are never guessed.  A key to drop is found in the catalog by table
 * and column set, and dropped by the name the catalog holds for it:
 *   - RENDER_LIVE, PostgreSQL and MySQL: the catalog was read from the server
 *     and its names are exact (PostgreSQL also tells a unique constraint from
 *     a bare unique index, struct key.bare_index).  A key without a name is an
 *     error, never a made-up one.
 *   - RENDER_OFFLINE (an expected catalog stands in: it carries no key
 *     names), and the dialects whose live catalog comes from the generic ODBC
 *     path (SQL Server, Oracle, DB2, H2: no reliable constraint name, no
 *     constraint/index distinction): the statement finds the name itself, at
 *     run time, by table and column set, in the dialect's own catalog, and
 *     drops every key it finds (none: it does nothing).  PostgreSQL: a DO
 *     block over pg_constraint and pg_index; MySQL: a statement built from
 *     information_schema.STATISTICS and run with PREPARE; SQL Server: dynamic
 *     SQL over sys.indexes and sys.key_constraints; Oracle: PL/SQL over
 *     USER_CONSTRAINTS and USER_INDEXES; DB2: SQL PL over SYSCAT; H2: a Java
 *     alias over INFORMATION_SCHEMA.CONSTRAINTS (H2 has no dynamic SQL).
 *     These blocks are SQL files, sql/<dialect>/lookup/ (struct lookup_sql).
 *   - A primary key is dropped without a name where the dialect can
 *     (ALTER TABLE ... DROP PRIMARY KEY: MySQL, Oracle, DB2, H2).
 *
 * Identifiers read from a live server are written so that they reach exactly
 * that object: unquoted when the server's case folding gives the same name
 * back (PostgreSQL's lower-case names are written in upper case, as the guide
 * writes them), quoted otherwise.  Offline, names are written as the expected
 * catalog has them, unquoted, as the guide does.
 *
 * Statements carry no terminator (a PL/SQL block keeps its final END;);
 * render_script_statement writes one into a script for the dialect's client.
 */
#ifndef AMDELTA_RENDER_H
#define AMDELTA_RENDER_H

#include "catalog.h"
#include "delta.h"
#include "dialect.h"
#include "util.h"

enum render_mode {
	RENDER_LIVE = 0,   /* the catalog was read from the server: its names are exact */
	RENDER_OFFLINE,    /* an expected catalog stands in: keys are found at run time */
};

struct render_opts {
	enum render_mode mode;
	int server_major;  /* the server's major version (PostgreSQL before 13 has no
	                      gen_random_uuid()), 0 when not known */
	int registry_cleanup; /* render the conditional registry clean-up (its <sql>) */
	int with_identity;    /* --component identity: also the identity deltas of the
	                         migrators amdelta finishes (render_skip_reason) */
};

/* A list of statements; owns its strings. */
struct stmt_list {
	size_t n, alloc;
	char **items;
};
#define STMT_LIST_INIT { 0, 0, NULL }

/* Appends a copy of stmt. */
void stmt_list_add(struct stmt_list *l, const char *stmt);

/* Frees the statements and re-initialises l. */
void stmt_list_release(struct stmt_list *l);

/* Appends to out the statements that make d, which must be missing on cat,
 * for dialect dia.  expected is the 3.2.0 catalog of dia.  Returns 0, or -1
 * with err naming the delta and saying why (no 3.2.0 shape for a table or
 * column, a key whose name the catalog lacks in RENDER_LIVE, an index InnoDB
 * needs for a foreign key, a delta plan never runs: render_skip_reason);
 * out is then as it was. */
int render_delta(const struct delta *d, const struct dialect *dia, const struct catalog *cat,
		 const struct catalog *expected, const struct render_opts *opts,
		 struct stmt_list *out, struct strbuf *err);

/* Why plan never runs d, or NULL when it does: identity deltas are made by
 * WSO2's identity migration client, unless opts->with_identity and d's
 * migrator is one amdelta finishes in SQL (render_finishes_migrator); a
 * conditional data fix (the registry
 * clean-up) runs only when registry versioning was on, which opts says
 * (opts may be NULL: it does not run).  A static string. */
const char *render_skip_reason(const struct delta *d, const struct render_opts *opts);

/* 1 when amdelta finishes migrator m (enum migrator) of WSO2's identity
 * client with --component identity: its changes are made by the operations
 * plan renders, with the end state the client or a fresh 3.2.0 has
 * (ScopeDataMigrator, SchemaMigrator step1/um and step2/um).  step1/identity
 * is not: its OIDC scope merge into IDN_OAUTH2_SCOPE moves rows no delta
 * describes. */
int render_finishes_migrator(int m);

/* 1 when the add-column d gives every row that exists its own UUID as the
 * column is added (fill="uuid" on a dialect whose ADD COLUMN evaluates a
 * volatile default per row: PostgreSQL from 13), so that the data fix of
 * that column has nothing left to do. */
int render_fills_on_add(const struct delta *d, const struct dialect *dia,
			const struct render_opts *opts);

/* The column a data fix d is run in batches by: the first column of the
 * primary key of d's table in cat, else of its first unique key, when that
 * column is an integer and NOT NULL (AM_APPLICATION_KEY_MAPPING:
 * APPLICATION_ID, IDN_OAUTH_CONSUMER_APPS: ID), so that "AND KEY >= lo AND
 * KEY < hi" appended to the statement render_delta writes for d walks the
 * table by ranges of an index.  Appends its name as SQL to key, and to
 * range a query of one row: the smallest and the largest key of the rows
 * where COL IS NULL (the key range of the rows left to fix: a run that
 * resumes after a kill starts where the rows left are), and returns 0;
 * returns -1 when there is none (or d is no fill data fix). */
int render_batch_key(const struct delta *d, const struct dialect *dia, const struct catalog *cat,
		     const struct render_opts *opts, struct strbuf *key, struct strbuf *range);

/* The query apply runs in place of the count of a fill data fix d (d->fill:
 * the rows where d's column IS NULL): 1 when d's table in cat has such a
 * row, else 0, read up to the first such row ("SELECT COUNT(*) FROM (SELECT
 * 1 FROM T WHERE COL IS NULL LIMIT 1) x").  Appends it to out and returns
 * 0; -1 when d is no fill, its table or column is not in cat, or dia has no
 * way to stop at one row. */
int render_fill_probe(const struct delta *d, const struct dialect *dia, const struct catalog *cat,
		      struct strbuf *out);

/* Appends stmt to sb as dia's script client expects it (dia->render
 * terminator): ";" (PostgreSQL, MySQL, H2), ";" and a GO line (SQL Server,
 * where CREATE TRIGGER must start a batch), a "/" line (Oracle SQL*Plus,
 * DB2 CLP run with -td/). */
void render_script_statement(const struct dialect *dia, const char *stmt, struct strbuf *sb);

/* How to run a script of dia: a command line, for a comment. */
const char *render_script_usage(const struct dialect *dia);

#endif
