/*
 * conn: one ODBC connection to one of the three databases.
 *
 * conn_open() takes a DSN name or an ODBC connection string (it contains
 * '='), connects, reads SQL_DBMS_NAME / SQL_DBMS_VER / SQL_DRIVER_NAME and
 * picks the dialect row.  When opened read-only, the session is made
 * read-only where the server allows it (PostgreSQL:
 * default_transaction_read_only) and conn_exec() refuses writing statements
 * everywhere, because the drivers ignore SQL_ATTR_ACCESS_MODE.
 *
 * What the other modules send to a server (conn_query, conn_query_params,
 * conn_count, conn_exec, conn_exec_rows, conn_begin, conn_end) goes through
 * one small seam, struct conn_ops: ODBC by default, a script of expected
 * statements and canned answers in the unit tests.  The read-only rule is
 * judged before the seam, whatever stands behind it.  (introspect's ODBC
 * catalog functions and conn_open do not pass through it.)
 *
 * Every ODBC failure is turned into one message by odbc_diag(), which walks
 * the statement, connection and environment diagnostics.  Passwords never
 * appear in a message: connection strings are shown with PWD/PASSWORD
 * values masked.
 */
#ifndef AMDELTA_CONN_H
#define AMDELTA_CONN_H

#include <sql.h>
#include <sqlext.h>

#include "dialect.h"
#include "util.h"

struct conn;
struct result;

/* The seam in front of the server.  Each member gets the conn, whose
 * ops_data is the implementation's own; each returns 0, or -1 with err
 * (naming the database and the server's message). */
struct conn_ops {
	/* Runs sql, its nparams parameter markers bound in order to params,
	 * and reads every row into res (zeroed) as strings, NULL for SQL
	 * NULL. */
	int (*query)(struct conn *c, const char *sql, const char *const *params, size_t nparams,
		     struct result *res, struct strbuf *err);
	/* Runs sql, which returns no rows; *rows: the rows it changed, -1 when
	 * not known. */
	int (*execute)(struct conn *c, const char *sql, long *rows, struct strbuf *err);
	/* Leaves auto-commit; end commits (commit != 0) or rolls back and
	 * returns to auto-commit. */
	int (*begin)(struct conn *c, struct strbuf *err);
	int (*end)(struct conn *c, int commit, struct strbuf *err);
};

struct conn {
	const char *dbname;            /* "WSO2AM_DB", ... (not owned) */
	SQLHENV env;
	SQLHDBC dbc;
	int connected;
	int read_only;
	const struct dialect *dialect;
	char dbms_name[128];
	char dbms_ver[64];
	char driver_name[128];
	char schema[128];              /* current schema (PostgreSQL) or database (MySQL) */
	long round_trips;              /* statements executed and catalog calls made */
	int getdata_bound;             /* the driver's SQLGetData also reads bound columns
	                                  (SQL_GD_BOUND): results are fetched into bound buffers */
	const struct conn_ops *ops;    /* the seam; NULL: ODBC (conn_odbc_ops) */
	void *ops_data;                /* what ops works with (not owned) */
};

/* The seam's ODBC implementation, over env and dbc; counts round_trips. */
extern const struct conn_ops conn_odbc_ops;

/* Connects to target (a DSN name or a connection string) for the database
 * dbname.  On failure returns -1 and writes a message naming dbname and the
 * driver's text (never the password) into err.  On success c must later be
 * released with conn_close().  c is caller-owned memory. */
int conn_open(struct conn *c, const char *dbname, const char *target,
	      int read_only, struct strbuf *err);

/* 1 when an ODBC data source named name is defined (user or system DSN),
 * case-insensitively; 0 otherwise or when the driver manager cannot say. */
int conn_dsn_defined(const char *name);

/* The server's major version: the number dbms_ver starts with ("15.0.18",
 * "10.11.000019"), 0 when there is none. */
int conn_server_major(const struct conn *c);

/* Disconnects and frees the handles; safe on a zeroed or closed conn. */
void conn_close(struct conn *c);

/* Appends the diagnostics of handle (of type type), then those of the
 * connection and environment of c, to err as "SQLSTATE: text" lines. */
void odbc_diag(const struct conn *c, SQLSMALLINT type, SQLHANDLE handle, struct strbuf *err);

/* Executes sql, which returns no rows.  Refused (-1) on a read-only conn
 * unless conn_sql_is_read_only(sql) (SELECT, SET or SHOW; see below).
 * conn_query() and conn_count() apply the same rule.  On failure returns -1
 * and fills err.  Every executed statement counts one round trip. */
int conn_exec(struct conn *c, const char *sql, struct strbuf *err);

/* As conn_exec; *rows is the number of rows the statement changed
 * (SQLRowCount), -1 when the driver does not say. */
int conn_exec_rows(struct conn *c, const char *sql, long *rows, struct strbuf *err);

/* Leaves auto-commit: what runs next belongs to one transaction, which
 * conn_end() commits (commit != 0) or rolls back, returning c to
 * auto-commit either way.  Both return 0, or -1 with err naming the
 * database.  On a dialect whose DDL commits by itself (ddl_autocommits)
 * a transaction does not make DDL atomic. */
int conn_begin(struct conn *c, struct strbuf *err);
int conn_end(struct conn *c, int commit, struct strbuf *err);

/* A result set read into memory: rows x cols strings, NULL for SQL NULL. */
struct result {
	size_t nrows, ncols, alloc;
	char **cells;          /* row-major; cells[r * ncols + c] */
};

/* Releases the cells of r (r itself is caller-owned). */
void result_release(struct result *r);
/* The cell at row r, column c, or NULL. */
const char *result_get(const struct result *res, size_t r, size_t c);

/* Runs a SELECT and reads all rows into res (which must be zeroed).
 * Returns 0, or -1 with err filled. */
int conn_query(struct conn *c, const char *sql, struct result *res, struct strbuf *err);

/* As conn_query, the parameter markers (?) of sql bound in order to the
 * nparams strings params (at most CONN_MAX_PARAMS), sent as VARCHAR. */
#define CONN_MAX_PARAMS 8
int conn_query_params(struct conn *c, const char *sql, const char *const *params,
		      size_t nparams, struct result *res, struct strbuf *err);

/* Runs "SELECT COUNT(*) ..." and stores the number in *count. */
int conn_count(struct conn *c, const char *sql, long *count, struct strbuf *err);

/* Copies target into out with PWD=/PASSWORD= values replaced by "*****".
 * Keys are matched case-insensitively, and so is any key ending in PWD or
 * PASSWORD (SSLPASSWORD, TLSKEYPWD); {braced} values, with "}}" inside,
 * are masked whole.  A DSN name (no '=') is copied unchanged. */
void conn_mask_password(const char *target, struct strbuf *out);

/* 1 when a read-only conn may send sql: one statement (nothing but
 * comments and blanks after a ';'), whose first keyword after blanks,
 * comments and '(' is SELECT (without INTO), SHOW, or SET (not of GLOBAL,
 * PERSIST, PASSWORD, TRANSACTION or *read_only* settings, so the session
 * cannot be made writable).  A guard against mistakes, not against an
 * adversary: backslash escapes in literals are not understood, and
 * functions with side effects called from a SELECT are not detected
 * (on PostgreSQL the read-only session stops those). */
int conn_sql_is_read_only(const char *sql);

/* Allocates a statement handle on c into *st.  Returns 0, or -1 with err
 * filled.  The caller frees it with SQLFreeHandle(SQL_HANDLE_STMT, *st). */
int conn_stmt_new(struct conn *c, SQLHSTMT *st, struct strbuf *err);

/* Reads every row of the result set open on st (after SQLExecDirect or a
 * catalog function such as SQLColumns) into res, which must be zeroed, as
 * strings; NULL for SQL NULL.  Does not count a round trip: the call that
 * opened the result set does.  Returns 0, or -1 with err filled (what
 * names the call in the message, e.g. "SQLColumns").
 * Where c->getdata_bound, every column is bound to a short buffer and a
 * value that does not fit is read again whole with SQLGetData; otherwise
 * each cell is read with SQLGetData.  The columns are unbound on return. */
int conn_stmt_fetch_all(struct conn *c, SQLHSTMT st, const char *what,
			struct result *res, struct strbuf *err);

#endif
