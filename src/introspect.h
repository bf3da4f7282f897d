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

#endif
