/*
 * A scripted server behind the conn seam (struct conn_ops), for the unit
 * tests of the modules that talk to a database.
 *
 * A script is a list of expected statements, each a part of the SQL it
 * answers (strstr) and a canned answer: rows for a query, a number of rows
 * changed for a statement, or a failure with the server's message.  A
 * statement takes the first entry whose pattern it contains and that is
 * not used up (once, unless repeat); none: it fails as "unscripted" and is
 * counted.  Transactions are the statements "BEGIN", "COMMIT" and
 * "ROLLBACK": they succeed unless an entry says otherwise.  Every statement
 * is logged, one a line (its line breaks as spaces), in the order sent.
 */
#ifndef AMDELTA_CONN_SCRIPT_H
#define AMDELTA_CONN_SCRIPT_H

#include "conn.h"
#include "util.h"

#define SCRIPT_MAX 64

struct script_entry {
	const char *pattern;   /* a part of the SQL */
	const char *rows;      /* a query's rows: lines of cells separated by '|', "\\N"
	                          a NULL cell; NULL or "": no row */
	long changed;          /* a statement's rows changed */
	const char *fail;      /* the server's message when the call fails, else NULL */
	int repeat;            /* answers any number of times (else once) */
};

struct script {
	const struct script_entry *entries[SCRIPT_MAX];
	size_t n;
	int used[SCRIPT_MAX];
	struct strbuf log;     /* every statement sent, one a line */
	size_t unscripted;     /* statements no entry answered (BEGIN/COMMIT/ROLLBACK aside) */
};

/* Appends the n entries e to s (their memory stays the caller's). */
static inline void script_add(struct script *s, const struct script_entry *e, size_t n)
{
	for (size_t i = 0; i < n && s->n < SCRIPT_MAX; i++)
		s->entries[s->n++] = &e[i];
}

static inline void script_release(struct script *s)
{
	strbuf_release(&s->log);
	memset(s, 0, sizeof(*s));
}

/* The entry answering sql, or NULL (counted as unscripted unless txn). */
static inline const struct script_entry *script_match(struct script *s, const char *sql, int txn)
{
	for (const char *p = sql; *p; p++)
		strbuf_addch(&s->log, *p == '\n' || *p == '\r' ? ' ' : *p);
	strbuf_addch(&s->log, '\n');
	for (size_t i = 0; i < s->n; i++) {
		if (!strstr(sql, s->entries[i]->pattern) || (s->used[i] && !s->entries[i]->repeat))
			continue;
		s->used[i]++;
		return s->entries[i];
	}
	if (!txn)
		s->unscripted++;
	return NULL;
}

/* 1 when sql was sent (as a whole line of the log). */
static inline int script_sent(const struct script *s, const char *sql)
{
	const char *log = strbuf_str(&s->log);
	size_t n = strlen(sql);

	for (const char *p = log; (p = strstr(p, sql)); p++)
		if ((p == log || p[-1] == '\n') && p[n] == '\n')
			return 1;
	return 0;
}

/* The number of statements logged that contain part. */
static inline size_t script_count(const struct script *s, const char *part)
{
	size_t k = 0;

	for (const char *p = strbuf_str(&s->log); (p = strstr(p, part)); p += strlen(part))
		k++;
	return k;
}

static inline int script_fail(const struct conn *c, const struct script_entry *e, const char *sql,
			      struct strbuf *err)
{
	if (!e)
		strbuf_addf(err, "statement failed on %s: unscripted: %s", c->dbname, sql);
	else
		strbuf_addf(err, "statement failed on %s: %s", c->dbname, e->fail);
	return -1;
}

/* Parses e->rows into res. */
static inline void script_rows(const char *rows, struct result *res)
{
	const char *p = rows;

	memset(res, 0, sizeof(*res));
	if (!rows || !*rows)
		return;
	res->ncols = 1;
	for (const char *q = rows; *q && *q != '\n'; q++)
		res->ncols += *q == '|';
	while (*p) {
		ALLOC_GROW(res->cells, (res->nrows + 1) * res->ncols, res->alloc);
		for (size_t k = 0; k < res->ncols; k++) {
			size_t len = strcspn(p, "|\n");
			char *cell = xstrndup(p, len);

			if (!strcmp(cell, "\\N")) {
				free(cell);
				cell = NULL;
			}
			res->cells[res->nrows * res->ncols + k] = cell;
			p += len;
			if (*p == '|')
				p++;
		}
		res->nrows++;
		if (*p == '\n')
			p++;
	}
}

static inline int script_query(struct conn *c, const char *sql, const char *const *params,
			       size_t nparams, struct result *res, struct strbuf *err)
{
	const struct script_entry *e = script_match(c->ops_data, sql, 0);

	(void)params;
	(void)nparams;
	if (!e || e->fail)
		return script_fail(c, e, sql, err);
	script_rows(e->rows, res);
	return 0;
}

static inline int script_execute(struct conn *c, const char *sql, long *rows, struct strbuf *err)
{
	const struct script_entry *e = script_match(c->ops_data, sql, 0);

	if (!e || e->fail)
		return script_fail(c, e, sql, err);
	*rows = e->changed;
	return 0;
}

static inline int script_begin(struct conn *c, struct strbuf *err)
{
	const struct script_entry *e = script_match(c->ops_data, "BEGIN", 1);

	return e && e->fail ? script_fail(c, e, "BEGIN", err) : 0;
}

static inline int script_end(struct conn *c, int commit, struct strbuf *err)
{
	const char *sql = commit ? "COMMIT" : "ROLLBACK";
	const struct script_entry *e = script_match(c->ops_data, sql, 1);

	return e && e->fail ? script_fail(c, e, sql, err) : 0;
}

static const struct conn_ops script_ops = {
	.query = script_query,
	.execute = script_execute,
	.begin = script_begin,
	.end = script_end,
};

/* A connected conn to database db on dialect, whose statements s answers. */
static inline void script_conn(struct conn *c, struct script *s, const char *db,
			       enum dialect_id dialect, int read_only)
{
	memset(c, 0, sizeof(*c));
	c->dbname = db;
	c->connected = 1;
	c->read_only = read_only;
	c->dialect = dialect_get(dialect);
	snprintf(c->dbms_ver, sizeof(c->dbms_ver), "15.4");
	snprintf(c->schema, sizeof(c->schema), "%s", dialect == DIALECT_MYSQL ? "wso2am" : "public");
	c->ops = &script_ops;
	c->ops_data = s;
}

#endif
