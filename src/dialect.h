/*
 * dialect: the six SQL dialects amdelta knows, and every driver quirk as data.
 *
 * One row per dialect, chosen by the prefix of SQL_DBMS_NAME (conn) or by
 * name (--dialect).  Code asks the row, never compares dialect names.
 */
#ifndef AMDELTA_DIALECT_H
#define AMDELTA_DIALECT_H

#include "catalog.h"
#include "util.h"

enum dialect_id {
	DIALECT_POSTGRESQL = 0,
	DIALECT_MYSQL,        /* MySQL and MariaDB */
	DIALECT_MSSQL,
	DIALECT_ORACLE,
	DIALECT_DB2,
	DIALECT_H2,
	DIALECT_COUNT
};

struct dialect {
	enum dialect_id id;
	const char *name;            /* "postgresql", "mysql", ... as used on the command line and in schemas/ */
	const char *dbms_prefix[3];  /* SQL_DBMS_NAME prefixes that select this row */
	int folds_upper;             /* unquoted identifiers fold to upper case (else lower, or kept: mysql) */
	int folds_lower;             /* unquoted identifiers fold to lower case (PostgreSQL) */
	int schema_is_catalog;       /* the database is an ODBC catalog, not a schema (MySQL) */
	int ddl_autocommits;         /* every DDL statement commits (MySQL, Oracle, H2) */
	int metadata_id_broken;      /* SQL_ATTR_METADATA_ID misbehaves (MariaDB ODBC) */
	int fk_pk_name_unreliable;   /* SQLForeignKeys PK_NAME wrong for FKs to unique keys (psqlODBC) */
	int read_only_by_session;    /* read-only can be enforced by a session setting */
	const char *read_only_sql;   /* that setting, or NULL */
	char quote_open, quote_close;/* identifier quotes */
	int max_ident_len;           /* longest identifier DDL may create (Oracle: 30) */
	/* ODBC catalog-function quirks, used by introspect's generic path
	 * (MariaDB Connector/ODBC 3.1 has all three): */
	const char *pk_index_name;   /* fixed name of every primary key's index (MySQL: "PRIMARY"), or NULL */
	int odbc_pk_seq_broken;      /* SQLPrimaryKeys numbers KEY_SEQ by column position and reports a
	                                UNIQUE NOT NULL key of a table without primary key: read the
	                                primary key from SQLStatistics' pk_index_name index instead */
	int odbc_fk_to_unique_missing; /* SQLForeignKeys omits foreign keys that reference a unique
	                                key instead of the primary key (no ODBC workaround) */
	/* apply's lock: a query, the lock's name between its two halves (a
	 * string literal's contents), that takes a session-scoped exclusive lock
	 * without waiting and returns one row, 1 when it took it and 0 when
	 * another session holds it.  The server frees it when the session ends,
	 * however it ends.  NULL where amdelta has none (apply refuses). */
	const char *try_lock_sql[2];
	int lock_server_wide;        /* lock names are server-wide (MySQL GET_LOCK): the
	                                database's name goes into the lock's */
};

/* The row for id (never NULL for a valid id). */
const struct dialect *dialect_get(enum dialect_id id);

/* The row whose dbms_prefix matches dbms_name (case-insensitive prefix);
 * NULL when no row matches. */
const struct dialect *dialect_from_dbms(const char *dbms_name);

/* The row named name ("postgresql", "mysql", "mariadb", "mssql", "oracle",
 * "db2", "h2"); NULL when unknown. */
const struct dialect *dialect_from_name(const char *name);

/* Appends ident to sb quoted for d (the quote character doubled inside). */
void dialect_quote(const struct dialect *d, struct strbuf *sb, const char *ident);

/* Appends the column type of col as written in d's DDL ("VARCHAR(255)",
 * "BYTEA", "LONGBLOB", "NUMBER(10)", ...). */
void dialect_render_type(const struct dialect *d, struct strbuf *sb, const struct column *col);

/* Appends the full column definition "NAME TYPE [DEFAULT x] [NOT NULL]"
 * (auto-increment rendered the dialect's way). */
void dialect_render_column(const struct dialect *d, struct strbuf *sb, const struct column *col);

#endif
