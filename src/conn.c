/*
 * conn: connect over ODBC, pick the dialect, run statements, read results.
 *
 * Every failure goes through odbc_diag().  Statements on a read-only conn
 * pass conn_sql_is_read_only() first; on PostgreSQL the session is also
 * made read-only by the dialect's read_only_sql, which is the hard stop.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "conn.h"
#include "banned.h"

enum { LOGIN_TIMEOUT_S = 10 };

/* ---- diagnostics ---------------------------------------------------- */

/* Appends text with every run of white space that holds a line break
 * turned into one space, and trailing white space dropped (psqlODBC ends
 * its messages with ";\nError while executing the query"). */
static void add_one_line(struct strbuf *err, const char *text)
{
	const char *p = text;

	while (*p) {
		const char *ws = p;
		int brk = 0;

		while (isspace((unsigned char)*p)) {
			brk |= *p == '\n' || *p == '\r';
			p++;
		}
		if (p > ws) {
			if (!*p)
				break;
			if (brk)
				strbuf_addch(err, ' ');
			else
				strbuf_add(err, ws, (size_t)(p - ws));
			continue;
		}
		strbuf_addch(err, *p++);
	}
}

/* Appends the records of one handle; returns how many were appended. */
static int diag_handle(SQLSMALLINT type, SQLHANDLE handle, struct strbuf *err, int count)
{
	SQLCHAR state[6];
	SQLINTEGER native;
	SQLCHAR small[1024];
	SQLSMALLINT len;
	SQLSMALLINT i;
	SQLRETURN rc;

	if (handle == SQL_NULL_HANDLE)
		return 0;
	for (i = 1;; i++) {
		char *text = (char *)small;
		char *big = NULL;

		rc = SQLGetDiagRec(type, handle, i, state, &native, small, sizeof(small), &len);
		if (!SQL_SUCCEEDED(rc))
			break;
		if (len >= (SQLSMALLINT)sizeof(small)) {
			/* The text was truncated: ask again with room for all of it. */
			big = xmalloc((size_t)len + 1);
			rc = SQLGetDiagRec(type, handle, i, state, &native, (SQLCHAR *)big,
					   (SQLSMALLINT)(len + 1), &len);
			if (SQL_SUCCEEDED(rc))
				text = big;
		}
		if (count > 0)
			strbuf_addch(err, '\n');
		strbuf_addf(err, "%.5s: ", (const char *)state);
		add_one_line(err, text);
		free(big);
		count++;
	}
	return count;
}

void odbc_diag(const struct conn *c, SQLSMALLINT type, SQLHANDLE handle, struct strbuf *err)
{
	int count = 0;

	count = diag_handle(type, handle, err, count);
	if (!(type == SQL_HANDLE_DBC && handle == c->dbc))
		count = diag_handle(SQL_HANDLE_DBC, c->dbc, err, count);
	if (!(type == SQL_HANDLE_ENV && handle == c->env))
		count = diag_handle(SQL_HANDLE_ENV, c->env, err, count);
	if (count == 0)
		strbuf_addstr(err, "no diagnostics from the driver");
}

/* ---- password masking ----------------------------------------------- */

static int key_is_secret(const char *key, size_t n)
{
	static const char *const secret[] = { "PWD", "PASSWORD" };
	size_t i;

	while (n > 0 && isspace((unsigned char)key[n - 1]))
		n--;
	for (i = 0; i < sizeof(secret) / sizeof(secret[0]); i++) {
		size_t m = strlen(secret[i]);

		if (n >= m && strncasecmp(key + n - m, secret[i], m) == 0)
			return 1;
	}
	return 0;
}

/* Returns the end of the value starting at v: past a {braced} value (with
 * "}}" as an escaped brace), or at the next ';'. */
static const char *value_end(const char *v)
{
	const char *p = v;

	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '{') {
		for (p++; *p; p++) {
			if (*p == '}') {
				if (p[1] == '}') {
					p++;
					continue;
				}
				p++;
				break;
			}
		}
	}
	while (*p && *p != ';')
		p++;
	return p;
}

void conn_mask_password(const char *target, struct strbuf *out)
{
	const char *p = target;

	if (!target)
		return;
	while (*p) {
		const char *eq = strchr(p, '=');
		const char *semi = strchr(p, ';');
		const char *end;

		if (!eq || (semi && semi < eq)) {
			/* No attribute here (a DSN name, or a stray ";"). */
			end = semi ? semi + 1 : p + strlen(p);
			strbuf_add(out, p, (size_t)(end - p));
			p = end;
			continue;
		}
		strbuf_add(out, p, (size_t)(eq + 1 - p));
		end = value_end(eq + 1);
		if (key_is_secret(p, (size_t)(eq - p)))
			strbuf_addstr(out, "*****");
		else
			strbuf_add(out, eq + 1, (size_t)(end - eq - 1));
		p = end;
		if (*p == ';') {
			strbuf_addch(out, ';');
			p++;
		}
	}
}

/* ---- read-only classifier ------------------------------------------- */

/* Skips blanks and comments ("--" to end of line, nested block comments). */
static const char *skip_blank(const char *p)
{
	for (;;) {
		while (isspace((unsigned char)*p))
			p++;
		if (p[0] == '-' && p[1] == '-') {
			while (*p && *p != '\n')
				p++;
		} else if (p[0] == '/' && p[1] == '*') {
			int depth = 1;

			for (p += 2; *p && depth > 0; p++) {
				if (p[0] == '/' && p[1] == '*') {
					depth++;
					p++;
				} else if (p[0] == '*' && p[1] == '/') {
					depth--;
					p++;
				}
			}
		} else {
			return p;
		}
	}
}

static int is_word_char(int ch)
{
	return isalnum(ch) || ch == '_' || ch == '$';
}

/* Skips a quoted literal or identifier starting at p (quote doubled
 * inside); returns the position after it. */
static const char *skip_quoted(const char *p)
{
	char q = *p++;

	for (; *p; p++) {
		if (*p == q) {
			if (p[1] == q) {
				p++;
				continue;
			}
			return p + 1;
		}
	}
	return p;
}

/* Words that make a statement of the given kind writing (or able to make
 * the session writable). */
static const char *const select_bad[] = { "INTO", NULL };
static const char *const set_bad[] = {
	"GLOBAL", "PERSIST", "PERSIST_ONLY", "PASSWORD", "TRANSACTION",
	"READ_ONLY", "TRANSACTION_READ_ONLY", "DEFAULT_TRANSACTION_READ_ONLY",
	"SESSION_AUTHORIZATION", "AUTHORIZATION", "ROLE", NULL
};

static int word_in(const char *w, size_t n, const char *const *list)
{
	for (; *list; list++)
		if (strlen(*list) == n && strncasecmp(w, *list, n) == 0)
			return 1;
	return 0;
}

int conn_sql_is_read_only(const char *sql)
{
	static const struct {
		const char *word;
		const char *const *bad;
	} allowed[] = {
		{ "SELECT", select_bad },
		{ "SHOW", NULL },
		{ "SET", set_bad },
	};
	const char *const *bad = NULL;
	const char *p, *w;
	size_t i, n;
	int found = 0;

	if (!sql)
		return 0;
	p = skip_blank(sql);
	while (*p == '(')
		p = skip_blank(p + 1);
	for (w = p; is_word_char((unsigned char)*p); p++)
		;
	n = (size_t)(p - w);
	for (i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++) {
		if (strlen(allowed[i].word) == n && strncasecmp(w, allowed[i].word, n) == 0) {
			bad = allowed[i].bad;
			found = 1;
			break;
		}
	}
	if (!found)
		return 0;
	/* Scan the rest: forbidden words, and anything after a ';'. */
	while (*p) {
		p = skip_blank(p);
		if (!*p)
			break;
		if (*p == '\'' || *p == '"' || *p == '`') {
			p = skip_quoted(p);
		} else if (*p == ';') {
			p = skip_blank(p + 1);
			while (*p == ';')
				p = skip_blank(p + 1);
			if (*p)
				return 0;
		} else if (is_word_char((unsigned char)*p)) {
			for (w = p; is_word_char((unsigned char)*p); p++)
				;
			if (bad && word_in(w, (size_t)(p - w), bad))
				return 0;
		} else {
			p++;
		}
	}
	return 1;
}

/* ---- statements ----------------------------------------------------- */

/* Appends a short form of sql (first line, at most 60 characters). */
static void add_sql_excerpt(struct strbuf *err, const char *sql)
{
	size_t n = strcspn(sql, "\r\n");

	if (n > 60)
		n = 60;
	strbuf_add(err, sql, n);
	if (sql[n])
		strbuf_addstr(err, "...");
}

static int check_allowed(const struct conn *c, const char *sql, struct strbuf *err)
{
	if (!c->connected) {
		strbuf_addf(err, "not connected to %s", c->dbname ? c->dbname : "the database");
		return -1;
	}
	if (c->read_only && !conn_sql_is_read_only(sql)) {
		strbuf_addf(err, "refusing to send a writing statement to read-only %s: ", c->dbname);
		add_sql_excerpt(err, sql);
		return -1;
	}
	return 0;
}

int conn_stmt_new(struct conn *c, SQLHSTMT *st, struct strbuf *err)
{
	SQLRETURN rc;

	*st = SQL_NULL_HSTMT;
	rc = SQLAllocHandle(SQL_HANDLE_STMT, c->dbc, st);
	if (!SQL_SUCCEEDED(rc)) {
		strbuf_addf(err, "cannot allocate a statement on %s: ", c->dbname);
		odbc_diag(c, SQL_HANDLE_DBC, c->dbc, err);
		*st = SQL_NULL_HSTMT;
		return -1;
	}
	return 0;
}

/* Executes sql on a new statement stored in *st (freed by the caller, also
 * on failure), its nparams markers bound to the strings params (at most
 * CONN_MAX_PARAMS).  Counts one round trip.  No read-only check. */
static int exec_params(struct conn *c, const char *sql, const char *const *params,
		       size_t nparams, SQLHSTMT *st, struct strbuf *err)
{
	SQLLEN ind[CONN_MAX_PARAMS];
	SQLRETURN rc;

	if (conn_stmt_new(c, st, err))
		return -1;
	if (nparams > CONN_MAX_PARAMS) {
		strbuf_addf(err, "%zu parameters for one statement on %s (at most %d)", nparams,
			    c->dbname, CONN_MAX_PARAMS);
		return -1;
	}
	for (size_t i = 0; i < nparams; i++) {
		size_t len = strlen(params[i]);

		ind[i] = SQL_NTS;
		rc = SQLBindParameter(*st, (SQLUSMALLINT)(i + 1), SQL_PARAM_INPUT, SQL_C_CHAR,
				      SQL_VARCHAR, len ? len : 1, 0, (SQLPOINTER)params[i], 0,
				      &ind[i]);
		if (!SQL_SUCCEEDED(rc)) {
			strbuf_addf(err, "cannot bind parameter %zu on %s: ", i + 1, c->dbname);
			odbc_diag(c, SQL_HANDLE_STMT, *st, err);
			return -1;
		}
	}
	c->round_trips++;
	rc = SQLExecDirect(*st, (SQLCHAR *)sql, SQL_NTS);
	if (!SQL_SUCCEEDED(rc) && rc != SQL_NO_DATA) {
		strbuf_addf(err, "statement failed on %s (", c->dbname);
		add_sql_excerpt(err, sql);
		strbuf_addstr(err, "): ");
		odbc_diag(c, SQL_HANDLE_STMT, *st, err);
		return -1;
	}
	return 0;
}

static int exec_direct(struct conn *c, const char *sql, SQLHSTMT *st, struct strbuf *err)
{
	return exec_params(c, sql, NULL, 0, st, err);
}

static void stmt_free(SQLHSTMT st)
{
	if (st != SQL_NULL_HSTMT)
		SQLFreeHandle(SQL_HANDLE_STMT, st);
}

/* conn_odbc_ops.query: sql with nparams params; its rows into res. */
static int odbc_query(struct conn *c, const char *sql, const char *const *params, size_t nparams,
		      struct result *res, struct strbuf *err)
{
	SQLHSTMT st = SQL_NULL_HSTMT;
	int rc = -1;

	if (exec_params(c, sql, params, nparams, &st, err))
		goto out;
	if (conn_stmt_fetch_all(c, st, "a query", res, err))
		goto out;
	rc = 0;
out:
	stmt_free(st);
	return rc;
}

/* conn_odbc_ops.execute */
static int odbc_execute(struct conn *c, const char *sql, long *rows, struct strbuf *err)
{
	SQLHSTMT st = SQL_NULL_HSTMT;
	SQLLEN n = -1;
	int rc = -1;

	*rows = -1;
	if (exec_direct(c, sql, &st, err))
		goto out;
	if (SQL_SUCCEEDED(SQLRowCount(st, &n)))
		*rows = (long)n;
	rc = 0;
out:
	stmt_free(st);
	return rc;
}

static int odbc_begin(struct conn *c, struct strbuf *err)
{
	SQLRETURN r = SQLSetConnectAttr(c->dbc, SQL_ATTR_AUTOCOMMIT,
					(SQLPOINTER)(uintptr_t)SQL_AUTOCOMMIT_OFF, SQL_IS_UINTEGER);

	if (SQL_SUCCEEDED(r))
		return 0;
	strbuf_addf(err, "cannot start a transaction on %s: ", c->dbname);
	odbc_diag(c, SQL_HANDLE_DBC, c->dbc, err);
	return -1;
}

static int odbc_end(struct conn *c, int commit, struct strbuf *err)
{
	SQLRETURN r;
	int rc = 0;

	c->round_trips++;
	r = SQLEndTran(SQL_HANDLE_DBC, c->dbc, commit ? SQL_COMMIT : SQL_ROLLBACK);
	if (!SQL_SUCCEEDED(r)) {
		strbuf_addf(err, "cannot %s the transaction on %s: ", commit ? "commit" : "roll back",
			    c->dbname);
		odbc_diag(c, SQL_HANDLE_DBC, c->dbc, err);
		rc = -1;
	}
	r = SQLSetConnectAttr(c->dbc, SQL_ATTR_AUTOCOMMIT, (SQLPOINTER)(uintptr_t)SQL_AUTOCOMMIT_ON,
			      SQL_IS_UINTEGER);
	if (!SQL_SUCCEEDED(r) && !rc) {
		strbuf_addf(err, "cannot return %s to auto-commit: ", c->dbname);
		odbc_diag(c, SQL_HANDLE_DBC, c->dbc, err);
		rc = -1;
	}
	return rc;
}

void result_release(struct result *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->nrows * r->ncols; i++)
		free(r->cells[i]);
	free(r->cells);
	memset(r, 0, sizeof(*r));
}

const char *result_get(const struct result *res, size_t r, size_t c)
{
	if (!res || r >= res->nrows || c >= res->ncols)
		return NULL;
	return res->cells[r * res->ncols + c];
}

/* Reads column col of the current row as a string into *out (NULL for SQL
 * NULL), calling SQLGetData as often as a long value needs. */
static int get_cell(struct conn *c, SQLHSTMT st, SQLUSMALLINT col, const char *what,
		    char **out, struct strbuf *err)
{
	size_t cap = 256, len = 0;
	char *buf = xmalloc(cap);
	int rc = -1;

	*out = NULL;
	for (;;) {
		SQLLEN ind = 0;
		SQLRETURN r = SQLGetData(st, col, SQL_C_CHAR, buf + len, (SQLLEN)(cap - len), &ind);

		if (r == SQL_NO_DATA)
			break;          /* everything was read by the previous call */
		if (!SQL_SUCCEEDED(r)) {
			strbuf_addf(err, "cannot read column %u of %s on %s: ",
				    (unsigned)col, what, c->dbname);
			odbc_diag(c, SQL_HANDLE_STMT, st, err);
			goto out;
		}
		if (ind == SQL_NULL_DATA) {
			rc = 0;
			goto out;
		}
		if (ind != SQL_NO_TOTAL && (size_t)ind < cap - len) {
			len += (size_t)ind;
			break;          /* it fitted */
		}
		/* Truncated: the buffer holds cap - len - 1 more bytes and a NUL. */
		len = cap - 1;
		if (ind != SQL_NO_TOTAL && (size_t)ind + len + 1 > cap * 2)
			cap = (size_t)ind + len + 1;
		else
			cap *= 2;
		buf = xrealloc(buf, cap);
	}
	buf[len] = '\0';
	*out = buf;
	buf = NULL;
	rc = 0;
out:
	free(buf);
	return rc;
}

/* Appends an empty row to res and returns its first cell; the row's cells
 * are owned by res from here on. */
static char **add_row(struct result *res)
{
	size_t base = res->nrows * res->ncols, i;

	ALLOC_GROW(res->cells, base + res->ncols, res->alloc);
	for (i = 0; i < res->ncols; i++)
		res->cells[base + i] = NULL;
	res->nrows++;
	return &res->cells[base];
}

/* Reads the rows of st cell by cell with SQLGetData. */
static int fetch_by_cell(struct conn *c, SQLHSTMT st, const char *what, struct result *res,
			 struct strbuf *err)
{
	for (;;) {
		SQLRETURN r = SQLFetch(st);
		char **row;
		SQLUSMALLINT i;

		if (r == SQL_NO_DATA)
			break;
		if (!SQL_SUCCEEDED(r)) {
			strbuf_addf(err, "cannot fetch the result of %s on %s: ", what, c->dbname);
			odbc_diag(c, SQL_HANDLE_STMT, st, err);
			return -1;
		}
		row = add_row(res);
		for (i = 0; i < res->ncols; i++)
			if (get_cell(c, st, (SQLUSMALLINT)(i + 1), what, &row[i], err))
				return -1;
	}
	return 0;
}

/* Bytes bound per column by fetch_bound: catalog names and numbers fit;
 * a longer value (a default expression) is read again with SQLGetData. */
enum { BOUND_CELL = 256 };

/* Reads the rows of st into buffers bound to every column: one driver call
 * per row instead of one per cell.  Returns 1 (nothing read) when a column
 * cannot be bound, so that the caller reads cell by cell. */
static int fetch_bound(struct conn *c, SQLHSTMT st, const char *what, struct result *res,
		       struct strbuf *err)
{
	char *buf = xmalloc(res->ncols * BOUND_CELL);
	SQLLEN *ind = xcalloc(res->ncols, sizeof(*ind));
	SQLUSMALLINT i;
	int rc = -1;

	for (i = 0; i < res->ncols; i++) {
		if (!SQL_SUCCEEDED(SQLBindCol(st, (SQLUSMALLINT)(i + 1), SQL_C_CHAR,
					      buf + (size_t)i * BOUND_CELL, BOUND_CELL, &ind[i]))) {
			rc = 1;
			goto out;
		}
	}
	for (;;) {
		SQLRETURN r = SQLFetch(st);
		char **row;

		if (r == SQL_NO_DATA)
			break;
		if (!SQL_SUCCEEDED(r)) {
			strbuf_addf(err, "cannot fetch the result of %s on %s: ", what, c->dbname);
			odbc_diag(c, SQL_HANDLE_STMT, st, err);
			goto out;
		}
		row = add_row(res);
		for (i = 0; i < res->ncols; i++) {
			SQLLEN n = ind[i];

			if (n == SQL_NULL_DATA)
				continue;
			if (n == SQL_NO_TOTAL || n < 0 || n >= BOUND_CELL) {
				/* Truncated: read the whole value (SQL_GD_BOUND). */
				if (get_cell(c, st, (SQLUSMALLINT)(i + 1), what, &row[i], err))
					goto out;
				continue;
			}
			row[i] = xstrndup(buf + (size_t)i * BOUND_CELL, (size_t)n);
		}
	}
	rc = 0;
out:
	/* The buffers go away with this function. */
	(void)SQLFreeStmt(st, SQL_UNBIND);
	free(buf);
	free(ind);
	return rc;
}

int conn_stmt_fetch_all(struct conn *c, SQLHSTMT st, const char *what,
			struct result *res, struct strbuf *err)
{
	SQLSMALLINT ncols = 0;
	SQLRETURN r;
	int rc = -1;

	r = SQLNumResultCols(st, &ncols);
	if (!SQL_SUCCEEDED(r)) {
		strbuf_addf(err, "cannot read the result of %s on %s: ", what, c->dbname);
		odbc_diag(c, SQL_HANDLE_STMT, st, err);
		goto out;
	}
	res->ncols = ncols > 0 ? (size_t)ncols : 0;
	if (res->ncols == 0) {
		rc = 0;
		goto out;
	}
	if (c->getdata_bound) {
		rc = fetch_bound(c, st, what, res, err);
		if (rc <= 0)
			goto out;
	}
	rc = fetch_by_cell(c, st, what, res, err);
out:
	return rc;
}

const struct conn_ops conn_odbc_ops = {
	.query = odbc_query,
	.execute = odbc_execute,
	.begin = odbc_begin,
	.end = odbc_end,
};

/* ---- the seam ------------------------------------------------------- */

static const struct conn_ops *ops_of(const struct conn *c)
{
	return c->ops ? c->ops : &conn_odbc_ops;
}

int conn_query(struct conn *c, const char *sql, struct result *res, struct strbuf *err)
{
	return conn_query_params(c, sql, NULL, 0, res, err);
}

int conn_query_params(struct conn *c, const char *sql, const char *const *params,
		      size_t nparams, struct result *res, struct strbuf *err)
{
	if (check_allowed(c, sql, err))
		return -1;
	return ops_of(c)->query(c, sql, params, nparams, res, err);
}

int conn_exec(struct conn *c, const char *sql, struct strbuf *err)
{
	long rows;

	return conn_exec_rows(c, sql, &rows, err);
}

int conn_exec_rows(struct conn *c, const char *sql, long *rows, struct strbuf *err)
{
	*rows = -1;
	if (check_allowed(c, sql, err))
		return -1;
	return ops_of(c)->execute(c, sql, rows, err);
}

int conn_begin(struct conn *c, struct strbuf *err)
{
	return ops_of(c)->begin(c, err);
}

int conn_end(struct conn *c, int commit, struct strbuf *err)
{
	return ops_of(c)->end(c, commit, err);
}

int conn_count(struct conn *c, const char *sql, long *count, struct strbuf *err)
{
	struct result res = { 0 };
	const char *v;
	int rc = -1;

	if (conn_query(c, sql, &res, err))
		goto out;
	v = result_get(&res, 0, 0);
	if (res.nrows != 1 || !v || str_tolong(v, count)) {
		strbuf_addf(err, "counting query on %s did not return one number: ", c->dbname);
		add_sql_excerpt(err, sql);
		goto out;
	}
	rc = 0;
out:
	result_release(&res);
	return rc;
}

/* ---- connecting ----------------------------------------------------- */

static void get_info(const struct conn *c, SQLUSMALLINT what, char *buf, size_t n)
{
	SQLSMALLINT len = 0;

	buf[0] = '\0';
	if (!SQL_SUCCEEDED(SQLGetInfo(c->dbc, what, buf, (SQLSMALLINT)n, &len)))
		buf[0] = '\0';  /* informational only: leave it empty */
	buf[n - 1] = '\0';
}

/* 1 when the driver's SQLGetData may read a bound column, which
 * conn_stmt_fetch_all needs to bind columns (psqlODBC and MariaDB
 * Connector/ODBC can); 0 when unknown. */
static int getdata_bound(const struct conn *c)
{
	SQLUINTEGER ext = 0;

	if (!SQL_SUCCEEDED(SQLGetInfo(c->dbc, SQL_GETDATA_EXTENSIONS, &ext, sizeof(ext), NULL)))
		return 0;
	return (ext & SQL_GD_BOUND) != 0;
}

/* "cannot connect to DB (target): " with the password masked. */
static void connect_error(const struct conn *c, const char *target, struct strbuf *err)
{
	strbuf_addf(err, "cannot connect to %s (", c->dbname);
	conn_mask_password(target, err);
	strbuf_addstr(err, "): ");
}

static int read_schema(struct conn *c, const char *target, struct strbuf *err)
{
	const char *sql = c->dialect->current_schema_sql;
	struct result res = { 0 };
	struct strbuf why = STRBUF_INIT;
	const char *v;
	int rc = -1;

	c->schema[0] = '\0';
	if (!sql) {
		rc = 0;
		goto out;
	}
	if (conn_query(c, sql, &res, &why)) {
		connect_error(c, target, err);
		strbuf_addf(err, "cannot read the current schema: %s", strbuf_str(&why));
		goto out;
	}
	v = result_get(&res, 0, 0);
	if (!v || !*v) {
		connect_error(c, target, err);
		strbuf_addstr(err, c->dialect->schema_is_catalog
			      ? "no database selected (add Database= to the connection)"
			      : "no current schema (check search_path)");
		goto out;
	}
	if (strlen(v) >= sizeof(c->schema)) {
		connect_error(c, target, err);
		strbuf_addf(err, "current schema name too long: %s", v);
		goto out;
	}
	memcpy(c->schema, v, strlen(v) + 1);
	rc = 0;
out:
	strbuf_release(&why);
	result_release(&res);
	return rc;
}

int conn_open(struct conn *c, const char *dbname, const char *target,
	      int read_only, struct strbuf *err)
{
	SQLRETURN r;
	int rc = -1;

	memset(c, 0, sizeof(*c));
	c->dbname = dbname;
	c->read_only = read_only;
	if (!target || !*target) {
		strbuf_addf(err, "cannot connect to %s: no DSN or connection string", dbname);
		goto out;
	}

	r = SQLAllocHandle(SQL_HANDLE_ENV, SQL_NULL_HANDLE, &c->env);
	if (!SQL_SUCCEEDED(r)) {
		c->env = SQL_NULL_HENV;
		connect_error(c, target, err);
		strbuf_addstr(err, "cannot allocate an ODBC environment");
		goto out;
	}
	r = SQLSetEnvAttr(c->env, SQL_ATTR_ODBC_VERSION, (SQLPOINTER)(uintptr_t)SQL_OV_ODBC3, 0);
	if (!SQL_SUCCEEDED(r)) {
		connect_error(c, target, err);
		odbc_diag(c, SQL_HANDLE_ENV, c->env, err);
		goto out;
	}
	r = SQLAllocHandle(SQL_HANDLE_DBC, c->env, &c->dbc);
	if (!SQL_SUCCEEDED(r)) {
		c->dbc = SQL_NULL_HDBC;
		connect_error(c, target, err);
		odbc_diag(c, SQL_HANDLE_ENV, c->env, err);
		goto out;
	}
	/* Not every driver supports a login timeout; connecting works anyway. */
	(void)SQLSetConnectAttr(c->dbc, SQL_ATTR_LOGIN_TIMEOUT,
				(SQLPOINTER)(uintptr_t)LOGIN_TIMEOUT_S, 0);

	if (strchr(target, '='))
		r = SQLDriverConnect(c->dbc, NULL, (SQLCHAR *)target, SQL_NTS,
				     NULL, 0, NULL, SQL_DRIVER_NOPROMPT);
	else
		r = SQLConnect(c->dbc, (SQLCHAR *)target, SQL_NTS, NULL, 0, NULL, 0);
	if (!SQL_SUCCEEDED(r)) {
		connect_error(c, target, err);
		odbc_diag(c, SQL_HANDLE_DBC, c->dbc, err);
		goto out;
	}
	c->connected = 1;

	get_info(c, SQL_DBMS_NAME, c->dbms_name, sizeof(c->dbms_name));
	get_info(c, SQL_DBMS_VER, c->dbms_ver, sizeof(c->dbms_ver));
	get_info(c, SQL_DRIVER_NAME, c->driver_name, sizeof(c->driver_name));
	c->getdata_bound = getdata_bound(c);
	c->dialect = dialect_from_dbms(c->dbms_name);
	if (!c->dialect) {
		connect_error(c, target, err);
		strbuf_addf(err, "unsupported database \"%s\" %s (driver %s)",
			    c->dbms_name, c->dbms_ver, c->driver_name);
		goto out;
	}

	if (read_only && c->dialect->read_only_sql) {
		SQLHSTMT st = SQL_NULL_HSTMT;
		struct strbuf why = STRBUF_INIT;
		int failed = exec_direct(c, c->dialect->read_only_sql, &st, &why);

		stmt_free(st);
		if (failed) {
			connect_error(c, target, err);
			strbuf_addf(err, "cannot make the session read-only: %s", strbuf_str(&why));
		}
		strbuf_release(&why);
		if (failed)
			goto out;
	}
	if (read_schema(c, target, err))
		goto out;
	rc = 0;
out:
	if (rc)
		conn_close(c);
	return rc;
}

int conn_server_major(const struct conn *c)
{
	long n = 0;

	for (const char *v = c->dbms_ver; *v >= '0' && *v <= '9' && n < 100000; v++)
		n = n * 10 + (*v - '0');
	return (int)n;
}

void conn_close(struct conn *c)
{
	if (!c)
		return;
	if (c->connected)
		SQLDisconnect(c->dbc);
	c->connected = 0;
	if (c->dbc != SQL_NULL_HDBC)
		SQLFreeHandle(SQL_HANDLE_DBC, c->dbc);
	c->dbc = SQL_NULL_HDBC;
	if (c->env != SQL_NULL_HENV)
		SQLFreeHandle(SQL_HANDLE_ENV, c->env);
	c->env = SQL_NULL_HENV;
}

int conn_dsn_defined(const char *name)
{
	SQLHENV env = SQL_NULL_HENV;
	SQLCHAR dsn[SQL_MAX_DSN_LENGTH + 1], desc[256];
	SQLSMALLINT dsn_len, desc_len;
	SQLUSMALLINT dir = SQL_FETCH_FIRST;
	int found = 0;

	if (!SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_ENV, SQL_NULL_HANDLE, &env)))
		return 0;
	SQLSetEnvAttr(env, SQL_ATTR_ODBC_VERSION, (SQLPOINTER)SQL_OV_ODBC3, 0);
	while (!found && SQL_SUCCEEDED(SQLDataSources(env, dir, dsn, sizeof(dsn), &dsn_len,
						       desc, sizeof(desc), &desc_len))) {
		found = str_caseeq((const char *)dsn, name);
		dir = SQL_FETCH_NEXT;
	}
	SQLFreeHandle(SQL_HANDLE_ENV, env);
	return found;
}
