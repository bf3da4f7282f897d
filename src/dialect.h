/*
 * dialect: the six SQL dialects amdelta knows, and every driver quirk as data.
 *
 * One row per dialect, chosen by the prefix of SQL_DBMS_NAME (conn) or by
 * name (--dialect).  Code asks the row, never compares dialect names.
 * Everything a dialect differs in is reached from its row: its quirks,
 * how render, ddl and dialect_render_column write its SQL, its JDBC URLs,
 * and its SQL blocks, which are SQL files under sql/<dialect>/ (see
 * sql/README.md).  Adding a dialect is adding its row and its folder.
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

/*
 * The SQL blocks of a dialect, written as SQL files under sql/<dialect>/
 * and compiled in by make (sql/embed.awk -> build/sql_blocks.c): the file
 * sql/<dialect>/<group>/<block>.sql is the member <block> of the dialect's
 * element of the group's array below.  Lines of a file that start with "--"
 * are its comments, left out.  A member without a file is NULL.
 */

/* sql/<dialect>/introspect/: the catalog queries (introspect.c).  Each
 * reads the current schema (current_schema() / DATABASE()), so no name is
 * ever spliced into them.  A dialect has introspect's fast path when it has
 * columns and keys queries. */
struct introspect_sql {
	/* Fast path.  (table) base tables; NULL when the columns query names
	 * them */
	const char *tables;
	/* Fast path.  (table, column, type name, fallback ODBC SQL type, size,
	 * scale, nullable 1/0 (SQL_NULLABLE/SQL_NO_NULLS), default expression,
	 * autoinc 1/0), a table's columns in order.  Without a tables query, a
	 * row per column of every base table and one with a NULL column for a
	 * table without columns; with one, rows of other tables (views) are
	 * dropped. */
	const char *columns;
	/* Fast path.  (table, kind, name, column, ref_table, ref_column,
	 * on_delete, on_update, position) ordered by table, kind, name and
	 * position in the key */
	const char *keys;
	/* Generic path.  (table, column, autoinc '1'/'0', neutral type or
	 * NULL, nullable '1'/'0' or NULL, size or NULL): what SQLColumns gets
	 * wrong or cannot tell; NULL when nothing is needed */
	const char *col_fixups;
	/* Both paths.  (table, trigger) */
	const char *triggers;
	/* The fast-path queries of a dialect can read one table: each holds
	 * a one-table mark (a comment, slash star "T column" star slash) where
	 * a condition on the table's name would go; introspect_table makes it
	 * "AND column = ?" with the name bound.  Without marks in tables,
	 * columns and keys, every read is of the whole schema. */
};

/* sql/<dialect>/lookup/: the blocks that find a key by table and column set
 * at run time and drop it (render.c), for the dialects and modes where the
 * catalog holds no reliable name.  Placeholders (template.h):
 *   {{table}}                  the table as an identifier of the statement
 *   {{table_in_literal}}       {{table}} with ' doubled (inside '...')
 *   {{table_name}}             the table's stored name as a string literal
 *   {{quoted_table_in_literal}} the stored name quoted as the dialect quotes
 *                              an identifier, ' doubled (inside '...')
 *   {{ncols}}                  the number of key columns
 *   {{columns}}                the upper-cased column names as string
 *                              literals: 'A', 'B'
 *   {{columns_nchar}}          the same as N'A', N'B'
 *   {{column_list}}            the upper-cased names joined by ",": A,B */
struct lookup_sql {
	/* drops every unique key (constraint or unique index) over the columns */
	const char *drop_unique;
	/* drops the primary key when it is over the columns; NULL: the dialect
	 * drops a primary key without its name (ALTER TABLE t DROP PRIMARY KEY) */
	const char *drop_pk;
};

/* sql/<dialect>/ddl/: what WSO2's "set TIME_STAMP to now on update"
 * trigger of the model becomes in DDL (ddl.c).  Placeholders (template.h):
 * {{trigger}}, {{table}}, {{column}} (the timestamp column), written as the
 * model names them. */
struct ddl_sql {
	const char *stamp_function;  /* written once, before the first stamp_trigger */
	const char *stamp_trigger;   /* the trigger of one table (STAMP_TRIGGER) */
	const char *stamp_column;    /* the column's whole definition (STAMP_COLUMN) */
};

/* Every dialect's blocks, by id: what build/sql_blocks.c holds.  Code asks
 * the dialect's entry (struct dialect introspect, lookup). */
extern const struct introspect_sql dialect_sql[DIALECT_COUNT];
extern const struct lookup_sql dialect_lookup[DIALECT_COUNT];
extern const struct ddl_sql dialect_ddl_sql[DIALECT_COUNT];

/* How render.c writes the statements of a delta (see render.h). */
struct dialect_render {
	const char *add_column;        /* ALTER TABLE t <this> column-definition ... */
	const char *add_column_end;    /* ... <this> */
	int default_needs_with_values; /* ADD of a nullable column with a default leaves
	                                  the rows that exist NULL unless WITH VALUES */
	int names_exact;               /* the live catalog holds every key's name and
	                                  tells constraints from indexes (fast path) */
	const char *drop_unique;       /* ALTER TABLE t <this> name: drops a unique key by
	                                  name (NULL: " DROP CONSTRAINT ") */
	int pk_drop_plain;             /* ALTER TABLE t DROP PRIMARY KEY */
	int pk_needs_not_null;         /* ADD PRIMARY KEY wants NOT NULL columns first */
	int not_null_restates_type;    /* ALTER COLUMN c TYPE NOT NULL (else SET NOT NULL) */
	const char *not_null_modify;   /* ALTER TABLE t <this> c TYPE NOT NULL: the whole
	                                  column is restated (MySQL's MODIFY), or NULL */
	const char *after_not_null;    /* a statement after a column became NOT NULL
	                                  (template.h: {{table}}), or NULL */
	int fk_index_implicit;         /* the engine keeps an index behind each foreign
	                                  key and refuses to drop the last one (InnoDB) */
	const char *uuid_sql;          /* a new UUID per row, as text */
	const char *uuid_sql_old;      /* the same before server_major uuid_since */
	int uuid_since;
	int uuid_default_per_row;      /* ADD COLUMN ... DEFAULT uuid_sql gives every row that
	                                  exists its own value, in one rewrite of the table */
	const char *limit_one;         /* the first row only: the key range of a fill is read
	                                  as two ORDER BY ... LIMIT queries (NULL: MIN and
	                                  MAX), whether a fill has rows left as a query that
	                                  stops at the first (NULL: counted) */
	const char *terminator;        /* after each statement of a script */
	const char *usage;             /* how to run a script */
};

/* How an auto-increment column is written, and where. */
enum autoinc_place {
	AUTOINC_TYPE,        /* replaces the type (SERIAL) */
	AUTOINC_AFTER_TYPE,  /* right after the type (IDENTITY, GENERATED ...) */
	AUTOINC_LAST,        /* after NOT NULL (AUTO_INCREMENT) */
};

/*
 * How a column is written in DDL (dialect_render_type, dialect_render_column).
 * The type spellings follow what the WSO2 fresh-install scripts of each
 * dialect use, so that DDL rendered here and a fresh install introspect to
 * the same dialect-neutral catalog.
 */
struct dialect_columns {
	/* one spelling per enum col_type.  A "%" marks where the size goes:
	 * "%" alone is replaced by "(size)" for CHAR/VARCHAR and
	 * "(size,scale)" for DECIMAL when the column has a size; otherwise the
	 * spelling is used as is */
	const char *type_names[COL_TYPE_COUNT];
	long varchar_default_size;   /* written for a VARCHAR of unknown size (0: a bare VARCHAR) */
	long varchar_max;            /* longest VARCHAR (0: no limit worth stating) ... */
	const char *varchar_max_spelling; /* ... and what longer ones become */
	enum autoinc_place autoinc_place;
	const char *autoinc;         /* the clause; AUTOINC_TYPE: the type for integer */
	const char *autoinc_big;     /* AUTOINC_TYPE: for bigint */
	const char *autoinc_small;   /* AUTOINC_TYPE: for smallint */
	const char *bool_literals[2];/* false, true as defaults of boolean columns */
	const char *now;             /* the current-timestamp default */
	int no_lob_default;          /* CLOB/BLOB columns take no default */
	int timestamp_says_null;     /* a nullable TIMESTAMP is written "NULL" */
};

/* What a trigger of the model becomes in DDL.  A trigger in an expected
 * catalog is always WSO2's "set TIME_STAMP to now on update" trigger. */
enum stamp_style {
	STAMP_TRIGGER,     /* the blocks stamp_function (once) and stamp_trigger */
	STAMP_ON_UPDATE,   /* the column's ON UPDATE CURRENT_TIMESTAMP */
	STAMP_COLUMN,      /* the column keeps itself current: the block stamp_column */
	STAMP_COMMENT,     /* only a comment: needs the dialect's batch syntax */
};

/* How ddl.c writes a catalog's CREATE statements. */
struct dialect_ddl {
	enum stamp_style stamp;
	const char *stamp_note;        /* STAMP_ON_UPDATE, STAMP_COLUMN, STAMP_COMMENT: what the
	                                  comment in place of the trigger says ({{column}}) */
	int trigger_names_per_table;   /* trigger names are scoped by table */
	int unique_needs_not_null;     /* UNIQUE constraint columns must be NOT NULL */
	int lob_index;                 /* CLOB/BLOB columns can be index keys */
	long index_prefix;             /* longest indexed string before a prefix length; 0 = none */
	const char *table_suffix;      /* after the closing parenthesis */
	int dup_unique_index;          /* a second unique index over the same columns is allowed */
	int fk_on_update;              /* ON UPDATE CASCADE / SET NULL exist (not Oracle, DB2) */
	int fk_set_default;            /* ON ... SET DEFAULT exists (not InnoDB, Oracle, DB2) */
};

/* How jdbc.c reads what follows a JDBC URL's prefix: a reader per syntax. */
enum jdbc_syntax {
	JDBC_REFUSED = 0,  /* not read: the dialect has no ODBC driver (jdbc.refused says so) */
	JDBC_MYSQL,        /* //host[:port]/database[?props] */
	JDBC_POSTGRESQL,   /* //host[:port]/database[?props], several hosts */
	JDBC_SQLSERVER,    /* //host[\instance][:port][;props] (jTDS: /database) */
	JDBC_ORACLE,       /* @//host:port/service, @host:port:SID, a descriptor, an alias */
	JDBC_DB2,          /* //host[:port]/database[:props;] */
};

/* What the ODBC connection string of a dialect's URL names (jdbc.c). */
enum odbc_target {
	ODBC_SERVER = 0,   /* Server, Port or Instance, Database */
	ODBC_DBQ,          /* DBQ: //host:port/service, a descriptor or an alias */
	ODBC_HOSTNAME,     /* Hostname, Port, Database, Protocol=TCPIP */
};

/* One JDBC URL form. */
struct jdbc_form {
	const char *word;            /* the word after "jdbc:" */
	const char *prefix;          /* what the URL starts with after "jdbc:" (any case) */
	const char *form;            /* the form, for messages */
};

/* How deployment.toml's JDBC URLs of a dialect become ODBC (jdbc.c). */
struct dialect_jdbc {
	struct jdbc_form forms[3];   /* its URL forms (word NULL: no more) */
	enum jdbc_syntax syntax;
	const char *refused;         /* JDBC_REFUSED: why */
	long default_port;           /* the JDBC driver's */
	const char *odbc_driver;     /* the ODBC driver name written by default, NULL: none */
	enum odbc_target target;
	const char *extra_attr[2];   /* an attribute and its value always written, or NULL */
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
	const char *current_schema_sql; /* the query of one row: the current schema (or
	                                database, where the database is the ODBC catalog);
	                                NULL: conn.schema stays empty */
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
	const struct introspect_sql *introspect; /* its catalog queries (sql/<name>/introspect/) */
	const struct lookup_sql *lookup;         /* its key look-up blocks (sql/<name>/lookup/) */
	struct dialect_render render;            /* how its statements are written */
	struct dialect_columns columns;          /* how its columns are written */
	const struct ddl_sql *ddl_sql;           /* its DDL blocks (sql/<name>/ddl/) */
	struct dialect_ddl ddl;                  /* how its CREATE statements are written */
	struct dialect_jdbc jdbc;                /* its JDBC URLs as ODBC connection strings */
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
