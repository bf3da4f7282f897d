/*
 * introspect: read the live catalog of one connected database.
 *
 * Set-based: a fixed number of round trips whatever the number of tables.
 * Columns come from one wildcard SQLColumns call over the current schema;
 * keys, unique constraints, indexes, foreign keys and triggers come from
 * per-dialect catalog queries where the dialect has a fast path (PostgreSQL:
 * pg_catalog; MySQL/MariaDB: information_schema), and otherwise from the
 * generic ODBC catalog functions (SQLTables, SQLPrimaryKeys, SQLStatistics,
 * SQLForeignKeys per table), which are slow but portable.
 *
 * Only tables are read (no views).  Names are kept as the server reports
 * them.
 */
#ifndef AMDELTA_INTROSPECT_H
#define AMDELTA_INTROSPECT_H

#include "catalog.h"
#include "conn.h"

/* Reads the catalog of the current schema of c into a new catalog stored in
 * *out (caller frees with catalog_free).  Returns 0, or -1 with a message
 * naming the database in err.  force_generic selects the ODBC
 * catalog-function path even where a fast path exists (tests use it). */
int introspect_catalog(struct conn *c, int force_generic, struct catalog **out,
		       struct strbuf *err);

/* Reads the table named table (case-insensitively as in old, else as
 * written) and returns in *out a copy of old with that table as the server
 * has it now: one round trip per query, however many tables the schema
 * holds.  Returns 0; 1 when the dialect cannot read one table or finds no
 * table of that name (the caller reads the whole catalog); -1 with err. */
int introspect_table(struct conn *c, const struct catalog *old, const char *table,
		     struct catalog **out, struct strbuf *err);

#endif
