/*
 * ddl: CREATE statements of an expected catalog, rendered for a dialect.
 *
 * Tables are emitted in foreign-key order (referenced tables first), then
 * indexes and, for PostgreSQL, the trigger function and triggers.  The
 * output of ddl_render for postgresql and mysql loads into those servers.
 */
#ifndef AMDELTA_DDL_H
#define AMDELTA_DDL_H

#include "catalog.h"
#include "dialect.h"
#include "util.h"

/* Appends the CREATE TABLE statement of t (columns, primary key, unique
 * keys and foreign keys inline) for d to sb, ending in ";\n". */
void ddl_create_table(const struct dialect *d, const struct table *t, struct strbuf *sb);

/* Appends the CREATE INDEX statements of t for d to sb, one a line ending
 * in ";\n": its plain indexes, and its unique keys that repeat another key
 * (which CREATE TABLE cannot declare twice).  Indexes are named
 * IDX_<TABLE>_<n>.  An index d cannot create (CLOB/BLOB columns) is a line
 * starting with "-- not created". */
void ddl_create_indexes(const struct dialect *d, const struct table *t, struct strbuf *sb);

/* 1 when d keeps WSO2's time stamp current with ON UPDATE CURRENT_TIMESTAMP
 * on the column rather than with a trigger: ddl_create_table writes that
 * clause for a table of the model that has a trigger. */
int ddl_stamp_on_update(const struct dialect *d);

/* Appends the whole schema of cat for d to sb: every table, then indexes
 * and triggers.  Statements end in ";\n" (a line with "/" after PL/SQL
 * blocks for oracle). */
void ddl_render(const struct dialect *d, const struct catalog *cat, struct strbuf *sb);

#endif
