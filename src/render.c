/* render: the SQL of one delta for one dialect (see render.h). */
#include "render.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ddl.h"
#include "migrator.h"
#include "template.h"
#include "banned.h"

/* Words that would need quoting as identifiers somewhere. */
static const char *const reserved[] = {
	"COLUMN", "CONSTRAINT", "DEFAULT", "FROM", "GROUP", "INDEX", "KEY", "ORDER",
	"PRIMARY", "REFERENCES", "SELECT", "TABLE", "TIMESTAMP", "UNIQUE", "USER", "WHERE",
};

/* Everything one rendering needs. */
struct rctx {
	const struct delta *d;
	const struct dialect *dia;
	const struct catalog *cat;
	const struct catalog *expected;
	const struct render_opts *opts;
	int exact;                     /* names in cat are the server's own */
	struct stmt_list out;          /* what is rendered, moved to the caller on success */
	struct strbuf *err;
};

void stmt_list_add(struct stmt_list *l, const char *stmt)
{
	ALLOC_GROW(l->items, l->n + 1, l->alloc);
	l->items[l->n++] = xstrdup(stmt);
}

void stmt_list_release(struct stmt_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->items[i]);
	free(l->items);
	l->items = NULL;
	l->n = l->alloc = 0;
}

/* Moves sb into the output as one statement, and resets sb. */
static void emit(struct rctx *r, struct strbuf *sb)
{
	stmt_list_add(&r->out, strbuf_str(sb));
	strbuf_reset(sb);
}

static int fail(struct rctx *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct rctx *r, const char *fmt, ...)
{
	va_list ap;

	strbuf_addf(r->err, "delta %s (%s): ", r->d->id, r->d->table);
	va_start(ap, fmt);
	strbuf_vaddf(r->err, fmt, ap);
	va_end(ap);
	return -1;
}

/* ------------------------------------------------------------ identifiers */

static int is_plain(const char *s)
{
	if (!s || !(isalpha((unsigned char)*s) || *s == '_'))
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return 0;
	return 1;
}

static int is_reserved(const char *s)
{
	for (size_t i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++)
		if (str_caseeq(s, reserved[i]))
			return 1;
	return 0;
}

static int has_case(const char *s, int upper)
{
	for (; *s; s++)
		if (upper ? isupper((unsigned char)*s) : islower((unsigned char)*s))
			return 1;
	return 0;
}

/*
 * Appends name as an identifier of the SQL (see render.h).  In a live
 * catalog a name comes from the server, or, for what earlier steps of a plan
 * create, from the expected catalog, whose names are upper case as the guide
 * writes them.  So on PostgreSQL a lower-case name is written in upper case,
 * unquoted (it folds back); an upper-case one is written as it is, unquoted
 * (an expected name; WSO2's scripts never quote names, so no live object has
 * an upper-case name there); a mixed-case one is quoted.  On Oracle, DB2 and
 * H2 (which fold to upper case) an upper-case name is written as it is and
 * any other is quoted; MySQL and SQL Server keep the case of unquoted names.
 * A name that is not a plain identifier, or is a reserved word, is quoted.
 */
static void add_ident(const struct rctx *r, struct strbuf *sb, const char *name)
{
	const struct dialect *dia = r->dia;

	if (!r->exact) {
		strbuf_addstr(sb, name);
		return;
	}
	if (is_plain(name) && !is_reserved(name)) {
		if (dia->folds_lower && !has_case(name, 1)) {
			char *up = str_upper(xstrdup(name));
			strbuf_addstr(sb, up);
			free(up);
			return;
		}
		if ((dia->folds_lower || dia->folds_upper) ? !has_case(name, 0) : 1) {
			strbuf_addstr(sb, name);
			return;
		}
	}
	dialect_quote(dia, sb, name);
}

/* Appends s as a SQL string literal ('' inside doubled). */
static void add_literal(struct strbuf *sb, const char *s)
{
	strbuf_addch(sb, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			strbuf_addch(sb, '\'');
		strbuf_addch(sb, *s);
	}
	strbuf_addch(sb, '\'');
}

/* The name as the server stores it, for comparing with its catalog: as
 * found (live), or folded the way the server folds an unquoted name. */
static char *stored_name(const struct rctx *r, const char *name)
{
	char *s = xstrdup(name);

	if (r->exact)
		return s;
	if (r->dia->folds_upper)
		return str_upper(s);
	if (r->dia->folds_lower)
		for (char *p = s; *p; p++)
			*p = (char)tolower((unsigned char)*p);
	return s;
}

/* Appends the stored name of name as a string literal. */
static void add_name_literal(const struct rctx *r, struct strbuf *sb, const char *name)
{
	char *s = stored_name(r, name);

	add_literal(sb, s);
	free(s);
}

/* Appends "'A', 'B'" (prefix before each: N for SQL Server's N'...'): the
 * upper-cased names of cols, for a case-insensitive IN (...). */
static void add_upper_list(struct strbuf *sb, size_t n, char *const *cols, const char *prefix)
{
	for (size_t i = 0; i < n; i++) {
		char *up = str_upper(xstrdup(cols[i]));

		strbuf_addf(sb, "%s%s", i ? ", " : "", prefix);
		add_literal(sb, up);
		free(up);
	}
}

/* The table d touches in the catalog (NULL when absent). */
static const struct table *cur_table(const struct rctx *r)
{
	return catalog_table(r->cat, r->d->table);
}

/* Appends the name of d's table: the catalog's, or d's when absent. */
static void add_table(const struct rctx *r, struct strbuf *sb)
{
	const struct table *t = cur_table(r);

	if (t)
		add_ident(r, sb, t->name);
	else
		strbuf_addstr(sb, r->d->table);
}

/* Appends "(A, B)": cols named as t has them. */
static void add_col_list(const struct rctx *r, struct strbuf *sb, const struct table *t,
			 size_t n, char *const *cols)
{
	strbuf_addch(sb, '(');
	for (size_t i = 0; i < n; i++) {
		const struct column *c = table_column(t, cols[i]);

		if (i)
			strbuf_addstr(sb, ", ");
		if (c)
			add_ident(r, sb, c->name);
		else
			strbuf_addstr(sb, cols[i]);
	}
	strbuf_addch(sb, ')');
}

/* ------------------------------------------------------------ create-table */

/* The one create-table needs the catalog of the dialect to say and the
 * model does not: MySQL keeps WSO2's TIME_STAMP current with ON UPDATE
 * CURRENT_TIMESTAMP on the column, which introspection does not record;
 * ddl_create_table writes that clause for a table that has a trigger. */
static void mark_stamp(const struct rctx *r, struct table *t)
{
	const struct column *c = table_column(t, "TIME_STAMP");

	if (ddl_stamp_on_update(r->dia) && !t->ntriggers && c && c->type == COL_TIMESTAMP &&
	    c->defval && str_caseeq(c->defval, "CURRENT_TIMESTAMP"))
		table_add_trigger(t, "TIME_STAMP");
}

/* Removes the plain indexes the engine makes itself behind a foreign key
 * (InnoDB): CREATE TABLE makes them. */
static void drop_implicit_fk_indexes(struct table *t)
{
	for (size_t i = 0; i < t->nkeys;) {
		struct key *k = &t->keys[i];
		int implicit = 0;

		for (size_t j = 0; k->kind == KEY_INDEX && j < t->nkeys && !implicit; j++)
			implicit = t->keys[j].kind == KEY_FOREIGN &&
				   catalog_colset_equal(t->keys[j].ncols, t->keys[j].cols, k->ncols,
							(const char *const *)k->cols);
		if (implicit)
			table_remove_key(t, k);
		else
			i++;
	}
}

/* Appends each ";\n"-terminated line of text that is a statement. */
static void emit_lines(struct rctx *r, const char *text)
{
	struct strbuf sb = STRBUF_INIT;

	while (*text) {
		size_t len = strcspn(text, "\n");

		if (len && strncmp(text, "--", 2)) {
			strbuf_add(&sb, text, len);
			while (sb.len && (sb.buf[sb.len - 1] == ';' || sb.buf[sb.len - 1] == ' '))
				sb.buf[--sb.len] = '\0';
			emit(r, &sb);
		}
		text += len + (text[len] == '\n');
	}
	strbuf_release(&sb);
}

static int render_create_table(struct rctx *r)
{
	const struct table *e = catalog_table(r->expected, r->d->table);
	struct catalog *tmp;
	struct table *t;
	struct strbuf sb = STRBUF_INIT;

	if (!e)
		return fail(r, "no 3.2.0 shape of %s in the expected %s catalog", r->d->table,
			    r->dia->name);
	tmp = catalog_new();
	t = catalog_put_table(tmp, e);
	mark_stamp(r, t);
	if (r->dia->render.fk_index_implicit)
		drop_implicit_fk_indexes(t);
	ddl_create_table(r->dia, t, &sb);
	while (sb.len && (sb.buf[sb.len - 1] == '\n' || sb.buf[sb.len - 1] == ';'))
		sb.buf[--sb.len] = '\0';
	emit(r, &sb);
	ddl_create_indexes(r->dia, t, &sb);
	emit_lines(r, strbuf_str(&sb));
	strbuf_release(&sb);
	catalog_free(tmp);
	return 0;
}

/* ------------------------------------------------------------ add-column */

int render_fills_on_add(const struct delta *d, const struct dialect *dia,
			const struct render_opts *opts)
{
	int major = opts ? opts->server_major : 0;

	return d->op == DOP_ADD_COLUMN && d->fill && !strcmp(d->fill, "uuid") &&
	       dia->render.uuid_default_per_row &&
	       !(major > 0 && major < dia->render.uuid_since);
}

static int render_add_column(struct rctx *r)
{
	const struct table *e = catalog_table(r->expected, r->d->table);
	const struct column *ec = table_column(e, r->d->column);
	struct column c;
	struct strbuf sb = STRBUF_INIT;
	int rewrite = 0;

	if (!ec)
		return fail(r, "no 3.2.0 shape of %s.%s in the expected %s catalog", r->d->table,
			    r->d->column, r->dia->name);
	c = *ec;
	if (render_fills_on_add(r->d, r->dia, r->opts)) {
		/* the rows that exist get a UUID as the column is added; no
		 * default stays */
		c.defval = (char *)r->dia->render.uuid_sql;
		rewrite = 1;
	} else if (r->d->fill && !strcmp(r->d->fill, "uuid")) {
		/* a data fix fills the rows; a NOT NULL 3.2.0 column becomes
		 * NOT NULL after it, by an alter-column delta (UM_USER_ID) */
		c.nullable = 1;
	} else if (!c.defval && r->d->fill) {
		c.defval = r->d->fill;
	}
	if (!c.nullable && !c.defval && !c.autoinc)
		return fail(r, "%s.%s is NOT NULL without a default, and the delta gives no fill "
			    "for the rows that exist", r->d->table, r->d->column);
	strbuf_addstr(&sb, "ALTER TABLE ");
	add_table(r, &sb);
	strbuf_addf(&sb, " %s", r->dia->render.add_column);
	dialect_render_column(r->dia, &sb, &c);
	strbuf_addstr(&sb, r->dia->render.add_column_end);
	if (c.defval && c.nullable && r->dia->render.default_needs_with_values)
		strbuf_addstr(&sb, " WITH VALUES");
	emit(r, &sb);
	if (rewrite) {
		strbuf_addstr(&sb, "ALTER TABLE ");
		add_table(r, &sb);
		strbuf_addstr(&sb, " ALTER COLUMN ");
		add_ident(r, &sb, c.name);
		strbuf_addstr(&sb, " DROP DEFAULT");
		emit(r, &sb);
	}
	strbuf_release(&sb);
	return 0;
}

/* ------------------------------------------------------------ keys */

static int colset_is(const struct key *k, size_t n, char *const *cols)
{
	return catalog_colset_equal(k->ncols, k->cols, n, (const char *const *)cols);
}

/* 1 when the first n columns of k are cols[0..n), in order. */
static int key_starts_with(const struct key *k, size_t n, char *const *cols)
{
	if (k->ncols < n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!str_caseeq(k->cols[i], cols[i]))
			return 0;
	return 1;
}

/* InnoDB keeps an index behind every foreign key and refuses to drop the
 * last one that serves it (error 1553).  Checks that dropping the keys of t
 * for which gone() holds leaves every foreign key an index. */
static int check_fk_indexes(struct rctx *r, const struct table *t,
			    int (*gone)(const struct rctx *, const struct key *))
{
	if (!r->dia->render.fk_index_implicit || !t)
		return 0;
	for (size_t i = 0; i < t->nkeys; i++) {
		const struct key *fk = &t->keys[i];
		int served = 0, lost = 0;

		if (fk->kind != KEY_FOREIGN)
			continue;
		for (size_t j = 0; j < t->nkeys; j++) {
			const struct key *k = &t->keys[j];

			if (k->kind == KEY_FOREIGN || !key_starts_with(k, fk->ncols, fk->cols))
				continue;
			if (gone(r, k))
				lost = 1;
			else
				served = 1;
		}
		if (lost && !served) {
			struct strbuf cols = STRBUF_INIT;

			for (size_t j = 0; j < fk->ncols; j++)
				strbuf_addf(&cols, "%s%s", j ? "," : "", fk->cols[j]);
			fail(r, "the key to drop is the only index of the foreign key (%s) of %s, "
			     "which InnoDB refuses to drop; add the 3.2.0 key that starts with those "
			     "columns first", strbuf_str(&cols), t->name);
			strbuf_release(&cols);
			return -1;
		}
	}
	return 0;
}

static int unique_gone(const struct rctx *r, const struct key *k)
{
	return k->kind == KEY_UNIQUE && colset_is(k, r->d->ncols, r->d->cols);
}

/* The columns of the primary key being dropped: d's, or set-primary-key's
 * from. */
static void pk_cols(const struct rctx *r, size_t *n, char *const **cols)
{
	if (r->d->op == DOP_SET_PRIMARY_KEY) {
		*n = r->d->nfrom;
		*cols = r->d->from;
	} else {
		*n = r->d->ncols;
		*cols = r->d->cols;
	}
}

static int pk_gone(const struct rctx *r, const struct key *k)
{
	size_t n;
	char *const *cols;

	pk_cols(r, &n, &cols);
	return k->kind == KEY_PRIMARY && colset_is(k, n, cols);
}

/* Whether keys are dropped by the name the catalog holds (else: found at
 * run time). */
static int by_name(const struct rctx *r)
{
	return r->exact && r->dia->render.names_exact;
}

/* The values of the placeholders of a look-up block (struct lookup_sql in
 * dialect.h) over the n columns cols of d's table. */
struct lookup_values {
	struct strbuf table, table_in_literal, table_name, quoted, columns, columns_nchar,
		      column_list;
	char ncols[24];
	struct template_var vars[8];
};

/* Appends s with ' doubled. */
static void add_in_literal(struct strbuf *sb, const char *s)
{
	for (; *s; s++) {
		if (*s == '\'')
			strbuf_addch(sb, '\'');
		strbuf_addch(sb, *s);
	}
}

static void lookup_values_init(struct lookup_values *v, const struct rctx *r, size_t n,
			       char *const *cols)
{
	const char *name = cur_table(r) ? cur_table(r)->name : r->d->table;
	struct strbuf quoted = STRBUF_INIT;

	strbuf_init(&v->table);
	strbuf_init(&v->table_in_literal);
	strbuf_init(&v->table_name);
	strbuf_init(&v->quoted);
	strbuf_init(&v->columns);
	strbuf_init(&v->columns_nchar);
	strbuf_init(&v->column_list);
	add_table(r, &v->table);
	add_in_literal(&v->table_in_literal, strbuf_str(&v->table));
	add_name_literal(r, &v->table_name, name);
	dialect_quote(r->dia, &quoted, name);
	add_in_literal(&v->quoted, strbuf_str(&quoted));
	strbuf_release(&quoted);
	add_upper_list(&v->columns, n, cols, "");
	add_upper_list(&v->columns_nchar, n, cols, "N");
	for (size_t i = 0; i < n; i++) {
		char *up = str_upper(xstrdup(cols[i]));

		strbuf_addf(&v->column_list, "%s%s", i ? "," : "", up);
		free(up);
	}
	snprintf(v->ncols, sizeof(v->ncols), "%zu", n);
	v->vars[0] = (struct template_var){ "table", strbuf_str(&v->table) };
	v->vars[1] = (struct template_var){ "table_in_literal", strbuf_str(&v->table_in_literal) };
	v->vars[2] = (struct template_var){ "table_name", strbuf_str(&v->table_name) };
	v->vars[3] = (struct template_var){ "quoted_table_in_literal", strbuf_str(&v->quoted) };
	v->vars[4] = (struct template_var){ "ncols", v->ncols };
	v->vars[5] = (struct template_var){ "columns", strbuf_str(&v->columns) };
	v->vars[6] = (struct template_var){ "columns_nchar", strbuf_str(&v->columns_nchar) };
	v->vars[7] = (struct template_var){ "column_list", strbuf_str(&v->column_list) };
}

static void lookup_values_release(struct lookup_values *v)
{
	strbuf_release(&v->table);
	strbuf_release(&v->table_in_literal);
	strbuf_release(&v->table_name);
	strbuf_release(&v->quoted);
	strbuf_release(&v->columns);
	strbuf_release(&v->columns_nchar);
	strbuf_release(&v->column_list);
}

static void add_statement(void *ctx, const char *stmt)
{
	stmt_list_add(&((struct rctx *)ctx)->out, stmt);
}

/* Appends the statements of the look-up block tmpl over the n columns
 * cols of d's table. */
static int emit_lookup(struct rctx *r, const char *tmpl, size_t n, char *const *cols)
{
	struct lookup_values v;
	struct strbuf msg = STRBUF_INIT;
	int rc;

	lookup_values_init(&v, r, n, cols);
	rc = template_expand_statements(tmpl, v.vars, sizeof(v.vars) / sizeof(v.vars[0]),
					add_statement, r, &msg);
	if (rc)
		fail(r, "%s", strbuf_str(&msg));
	strbuf_release(&msg);
	lookup_values_release(&v);
	return rc;
}

/* The run-time lookup of the unique keys over d's columns, which it drops:
 * the dialect's block (one statement, or several: MySQL, H2). */
static int lookup_drop_unique(struct rctx *r)
{
	if (!r->dia->lookup->drop_unique)
		return fail(r, "%s has no block that finds a unique key at run time", r->dia->name);
	return emit_lookup(r, r->dia->lookup->drop_unique, r->d->ncols, r->d->cols);
}

static int render_drop_unique(struct rctx *r)
{
	const struct table *t = cur_table(r);
	struct strbuf sb = STRBUF_INIT;
	int found = 0;

	for (size_t i = 0; t && i < t->nkeys; i++)
		found |= unique_gone(r, &t->keys[i]);
	if (!found)
		return 0;   /* nothing over those columns: nothing to drop */
	if (check_fk_indexes(r, t, unique_gone))
		return -1;
	if (!by_name(r))
		return lookup_drop_unique(r);
	for (size_t i = 0; i < t->nkeys; i++) {
		const struct key *k = &t->keys[i];

		if (!unique_gone(r, k))
			continue;
		if (!k->name) {
			strbuf_release(&sb);
			return fail(r, "the catalog holds no name for the unique key of %s over (%s...); "
				    "refusing to guess one", t->name, r->d->cols[0]);
		}
		if (k->bare_index) {   /* a unique index that backs no constraint */
			strbuf_addstr(&sb, "DROP INDEX ");
			add_ident(r, &sb, k->name);
		} else {
			strbuf_addstr(&sb, "ALTER TABLE ");
			add_table(r, &sb);
			strbuf_addstr(&sb, r->dia->render.drop_unique ? r->dia->render.drop_unique
								       : " DROP CONSTRAINT ");
			add_ident(r, &sb, k->name);
		}
		emit(r, &sb);
	}
	strbuf_release(&sb);
	return 0;
}

/* The run-time lookup of the primary key over cols, which it drops: the
 * dialect's block, or, without one, a drop without the key's name. */
static int lookup_drop_pk(struct rctx *r, size_t n, char *const *cols)
{
	struct strbuf sb = STRBUF_INIT;

	if (r->dia->lookup->drop_pk)
		return emit_lookup(r, r->dia->lookup->drop_pk, n, cols);
	strbuf_addstr(&sb, "ALTER TABLE ");
	add_table(r, &sb);
	strbuf_addstr(&sb, " DROP PRIMARY KEY");
	emit(r, &sb);
	strbuf_release(&sb);
	return 0;
}

/* Drops the primary key of t, which is over cols. */
static int drop_pk(struct rctx *r, const struct table *t, const struct key *pk, size_t n,
		   char *const *cols)
{
	struct strbuf sb = STRBUF_INIT;

	if (check_fk_indexes(r, t, pk_gone))
		return -1;
	if (r->dia->render.pk_drop_plain) {
		strbuf_addstr(&sb, "ALTER TABLE ");
		add_table(r, &sb);
		strbuf_addstr(&sb, " DROP PRIMARY KEY");
		emit(r, &sb);
	} else if (by_name(r)) {
		if (!pk->name)
			return fail(r, "the catalog holds no name for the primary key of %s; refusing "
				    "to guess one", t->name);
		strbuf_addstr(&sb, "ALTER TABLE ");
		add_table(r, &sb);
		strbuf_addstr(&sb, " DROP CONSTRAINT ");
		add_ident(r, &sb, pk->name);
		emit(r, &sb);
	} else {
		strbuf_release(&sb);
		return lookup_drop_pk(r, n, cols);
	}
	strbuf_release(&sb);
	return 0;
}

static int render_drop_pk(struct rctx *r)
{
	const struct table *t = cur_table(r);
	const struct key *pk = table_primary_key(t);

	if (!pk || !colset_is(pk, r->d->ncols, r->d->cols))
		return 0;   /* no such key: nothing to drop */
	return drop_pk(r, t, pk, r->d->ncols, r->d->cols);
}

/* Makes column c of t NOT NULL (where ADD PRIMARY KEY needs it first, and
 * for an alter-column delta). */
static void not_null(struct rctx *r, const struct column *c, struct strbuf *sb)
{
	strbuf_addstr(sb, "ALTER TABLE ");
	add_table(r, sb);
	if (r->dia->render.not_null_modify) {
		strbuf_addstr(sb, r->dia->render.not_null_modify);
		add_ident(r, sb, c->name);
		strbuf_addch(sb, ' ');
		dialect_render_type(r->dia, sb, c);
		strbuf_addstr(sb, " NOT NULL");
		emit(r, sb);
		return;
	}
	strbuf_addstr(sb, " ALTER COLUMN ");
	add_ident(r, sb, c->name);
	if (r->dia->render.not_null_restates_type) {
		strbuf_addch(sb, ' ');
		dialect_render_type(r->dia, sb, c);
		strbuf_addstr(sb, " NOT NULL");
	} else {
		strbuf_addstr(sb, " SET NOT NULL");
	}
	emit(r, sb);
}

/* alter-column, the one change plan makes with it: a column whose 3.2.0
 * shape is NOT NULL, nullable now, its rows filled by an earlier data fix
 * (UM_USER.UM_USER_ID on MySQL).  The column keeps its type. */
static int render_alter_column(struct rctx *r)
{
	const struct table *t = cur_table(r);
	const struct column *c = table_column(t, r->d->column);
	const struct column *ec = table_column(catalog_table(r->expected, r->d->table),
					       r->d->column);
	struct strbuf sb = STRBUF_INIT;
	struct column nc;

	if (!c || !ec)
		return fail(r, "%s.%s does not exist, or has no 3.2.0 shape", r->d->table,
			    r->d->column);
	if (ec->nullable || !c->nullable)
		return fail(r, "%s.%s: only NULL allowed to NOT NULL is rendered", r->d->table,
			    r->d->column);
	nc = *c;
	nc.nullable = 0;
	not_null(r, &nc, &sb);
	strbuf_release(&sb);
	return 0;
}

/* add-index: the index of the 3.2.0 shape of the table over d's columns,
 * written (and named) as the CREATE TABLE of that table writes it
 * (ddl_create_indexes): a run stopped between the two finishes the same. */
static int render_add_index(struct rctx *r)
{
	const struct table *e = catalog_table(r->expected, r->d->table);
	const struct key *k = table_find_key(e, KEY_INDEX, r->d->ncols, (const char *const *)r->d->cols);
	struct catalog *tmp;
	struct table *t;
	struct strbuf sb = STRBUF_INIT;

	if (!k || !cur_table(r))
		return fail(r, "no 3.2.0 index of %s over its columns, or no table", r->d->table);
	tmp = catalog_new();
	t = catalog_add_table(tmp, e->name);
	table_add_key(t, KEY_INDEX, k->name, k->ncols, (const char *const *)k->cols, NULL, NULL);
	ddl_create_indexes(r->dia, t, &sb);
	emit_lines(r, strbuf_str(&sb));
	strbuf_release(&sb);
	catalog_free(tmp);
	return 0;
}

static int render_set_pk(struct rctx *r)
{
	const struct delta *d = r->d;
	const struct table *t = cur_table(r);
	const struct key *pk = table_primary_key(t);
	struct strbuf sb = STRBUF_INIT;
	int altered = 0;

	if (!t)
		return fail(r, "table %s does not exist", d->table);
	if (pk && colset_is(pk, d->ncols, d->cols))
		return 0;
	if (pk && !colset_is(pk, d->nfrom, d->from))
		return fail(r, "%s has a primary key that is neither the 3.0.0 nor the 3.2.0 one",
			    t->name);
	if (pk && drop_pk(r, t, pk, d->nfrom, d->from))
		return -1;
	for (size_t i = 0; r->dia->render.pk_needs_not_null && i < d->ncols; i++) {
		const struct column *c = table_column(t, d->cols[i]);

		if (c && c->nullable) {
			not_null(r, c, &sb);
			altered = 1;
		}
	}
	if (altered && r->dia->render.after_not_null) {
		struct strbuf table = STRBUF_INIT;
		struct template_var var = { "table", NULL };
		int bad;

		add_table(r, &table);
		var.value = strbuf_str(&table);
		bad = template_expand(&sb, r->dia->render.after_not_null, &var, 1, r->err);
		strbuf_release(&table);
		if (bad) {
			strbuf_release(&sb);
			return -1;
		}
		emit(r, &sb);
	}
	strbuf_addstr(&sb, "ALTER TABLE ");
	add_table(r, &sb);
	strbuf_addstr(&sb, " ADD PRIMARY KEY ");
	add_col_list(r, &sb, t, d->ncols, d->cols);
	emit(r, &sb);
	strbuf_release(&sb);
	return 0;
}

static int render_add_unique(struct rctx *r)
{
	const struct table *t = cur_table(r);
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, "ALTER TABLE ");
	add_table(r, &sb);
	strbuf_addstr(&sb, " ADD UNIQUE ");
	add_col_list(r, &sb, t, r->d->ncols, r->d->cols);
	emit(r, &sb);
	strbuf_release(&sb);
	return 0;
}

static int render_add_trigger(struct rctx *r)
{
	size_t before = r->out.n;

	for (size_t i = 0; i < r->d->nsql; i++)
		if ((r->d->sql[i].dialects >> r->dia->id) & 1u)
			stmt_list_add(&r->out, r->d->sql[i].text);
	if (r->out.n == before)
		return fail(r, "checks/ holds no <sql> for %s", r->dia->name);
	return 0;
}

static int render_data_fix(struct rctx *r)
{
	const struct delta *d = r->d;
	const struct table *t = cur_table(r);
	const struct column *c = table_column(t, d->column);
	struct strbuf sb = STRBUF_INIT, col = STRBUF_INIT;

	if (d->conditional)
		return render_add_trigger(r);   /* its own statements, as a trigger has */
	if (!d->fill || !d->column)
		return fail(r, "the data fix has no column and fill");
	if (c)
		add_ident(r, &col, c->name);
	else
		strbuf_addstr(&col, d->column);
	strbuf_addstr(&sb, "UPDATE ");
	add_table(r, &sb);
	strbuf_addf(&sb, " SET %s = ", col.buf);
	if (!strcmp(d->fill, "uuid")) {
		const char *f = r->dia->render.uuid_sql;

		if (r->dia->render.uuid_sql_old && r->opts->server_major > 0 &&
		    r->opts->server_major < r->dia->render.uuid_since)
			f = r->dia->render.uuid_sql_old;
		strbuf_addstr(&sb, f);
	} else {
		strbuf_addstr(&sb, d->fill);
	}
	strbuf_addf(&sb, " WHERE %s IS NULL", col.buf);
	emit(r, &sb);
	strbuf_release(&sb);
	strbuf_release(&col);
	return 0;
}

int render_finishes_migrator(int m)
{
	return m >= 0 && m < MIG_COUNT && migrator_get((enum migrator)m)->amdelta_finishes;
}

const char *render_skip_reason(const struct delta *d, const struct render_opts *opts)
{
	if (d->component == COMP_IDENTITY && opts && opts->with_identity) {
		if (!render_finishes_migrator(d->migrator))
			return "SchemaMigrator step1/identity is not finished by amdelta: its merge of "
			       "the OIDC scopes into IDN_OAUTH2_SCOPE moves rows no delta describes; "
			       "run WSO2's identity migration client for it (the guide's step "
			       GUIDE_IDENTITY_STEP "), configured by amdelta client-config";
	} else if (d->component == COMP_IDENTITY)
		return "made by WSO2's identity migration client (the guide's step " GUIDE_IDENTITY_STEP "), "
		       "not by the database script; amdelta only verifies it";
	if (d->op == DOP_DATA_FIX && d->conditional && !(opts && opts->registry_cleanup))
		return "registry versioning clean-up: only for an installation that ran 3.0.0 "
		       "with registry versioning on (the guide's 'Preparing for Migration'); "
		       "run only with --registry-xml naming that registry.xml, or --registry-cleanup";
	return NULL;
}

/* The renderer of each operation; the ones no apim delta uses have none. */
static int (*const renderers[DOP_COUNT])(struct rctx *) = {
	[DOP_CREATE_TABLE] = render_create_table,
	[DOP_ADD_COLUMN] = render_add_column,
	[DOP_ALTER_COLUMN] = render_alter_column,
	[DOP_ADD_UNIQUE] = render_add_unique,
	[DOP_ADD_INDEX] = render_add_index,
	[DOP_DROP_UNIQUE] = render_drop_unique,
	[DOP_DROP_PRIMARY_KEY] = render_drop_pk,
	[DOP_SET_PRIMARY_KEY] = render_set_pk,
	[DOP_ADD_TRIGGER] = render_add_trigger,
	[DOP_DATA_FIX] = render_data_fix,
};

int render_delta(const struct delta *d, const struct dialect *dia, const struct catalog *cat,
		 const struct catalog *expected, const struct render_opts *opts,
		 struct stmt_list *out, struct strbuf *err)
{
	static const struct render_opts dflt = { .mode = RENDER_LIVE };
	struct rctx r = { 0 };
	const char *skip = render_skip_reason(d, opts);
	int rc = -1;

	r.d = d;
	r.dia = dia;
	r.cat = cat;
	r.expected = expected;
	r.opts = opts ? opts : &dflt;
	r.exact = r.opts->mode == RENDER_LIVE;
	r.err = err;
	if (skip) {
		fail(&r, "not planned: %s", skip);
		goto out;
	}
	if ((unsigned)d->op < DOP_COUNT && renderers[d->op])
		rc = renderers[d->op](&r);
	else
		fail(&r, "%s is not rendered (no apim delta uses it)", delta_op_name(d->op));
out:
	if (!rc)
		for (size_t i = 0; i < r.out.n; i++)
			stmt_list_add(out, r.out.items[i]);
	stmt_list_release(&r.out);
	return rc;
}

void render_script_statement(const struct dialect *dia, const char *stmt, struct strbuf *sb)
{
	strbuf_addstr(sb, stmt);
	strbuf_addstr(sb, dia->render.terminator);
}

const char *render_script_usage(const struct dialect *dia)
{
	return dia->render.usage;
}

/* The smallest and the largest key of the rows where column is NULL, as
 * one query of one row. */
static void add_batch_range(struct rctx *r, const char *key, const char *column,
			    struct strbuf *sb)
{
	const char *limit = r->dia->render.limit_one;

	if (!limit) {
		strbuf_addf(sb, "SELECT MIN(%s), MAX(%s) FROM ", key, key);
		add_table(r, sb);
		strbuf_addstr(sb, " WHERE ");
		add_ident(r, sb, column);
		strbuf_addstr(sb, " IS NULL");
		return;
	}
	strbuf_addstr(sb, "SELECT ");
	for (int desc = 0; desc < 2; desc++) {
		strbuf_addf(sb, "%s(SELECT %s FROM ", desc ? ", " : "", key);
		add_table(r, sb);
		strbuf_addstr(sb, " WHERE ");
		add_ident(r, sb, column);
		strbuf_addf(sb, " IS NULL ORDER BY %s%s%s)", key, desc ? " DESC" : "", limit);
	}
}

int render_fill_probe(const struct delta *d, const struct dialect *dia, const struct catalog *cat,
		      struct strbuf *out)
{
	static const struct render_opts live = { .mode = RENDER_LIVE };
	struct rctx r = { 0 };
	const struct table *t;
	const struct column *c;

	r.d = d;
	r.dia = dia;
	r.cat = cat;
	r.opts = &live;
	r.exact = 1;
	if (d->op != DOP_DATA_FIX || d->conditional || !d->fill || !d->column ||
	    !dia->render.limit_one || !(t = cur_table(&r)) || !(c = table_column(t, d->column)))
		return -1;
	strbuf_addstr(out, "SELECT COUNT(*) FROM (SELECT 1 FROM ");
	add_table(&r, out);
	strbuf_addstr(out, " WHERE ");
	add_ident(&r, out, c->name);
	strbuf_addf(out, " IS NULL%s) x", dia->render.limit_one);
	return 0;
}

int render_batch_key(const struct delta *d, const struct dialect *dia, const struct catalog *cat,
		     const struct render_opts *opts, struct strbuf *key, struct strbuf *range)
{
	static const struct render_opts dflt = { .mode = RENDER_LIVE };
	struct rctx r = { 0 };
	const struct table *t;

	r.d = d;
	r.dia = dia;
	r.cat = cat;
	r.opts = opts ? opts : &dflt;
	r.exact = r.opts->mode == RENDER_LIVE;
	if (d->op != DOP_DATA_FIX || d->conditional || !(t = cur_table(&r)))
		return -1;
	/* the primary key first, then the unique keys, in catalog order */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < t->nkeys; i++) {
			const struct key *k = &t->keys[i];
			const struct column *c;

			if (k->kind != (pass ? KEY_UNIQUE : KEY_PRIMARY) || !k->ncols)
				continue;
			c = table_column(t, k->cols[0]);
			if (!c || c->nullable ||
			    (c->type != COL_INTEGER && c->type != COL_BIGINT && c->type != COL_SMALLINT))
				continue;
			add_ident(&r, key, c->name);
			c = table_column(t, d->column);
			add_batch_range(&r, key->buf, c ? c->name : d->column, range);
			return 0;
		}
	}
	return -1;
}
