/*
 * ddl: CREATE statements of a catalog for one dialect.
 *
 * Keys carry no names in the model, so constraints are written unnamed
 * and the server names them; only plain indexes need a name in every
 * dialect, and get IDX_<TABLE>_<n>.  Identifiers are written unquoted (see
 * dialect_render_column for why).
 */
#include "ddl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "template.h"
#include "banned.h"

/* Columns the WSO2 timestamp trigger sets (SQL Server's script calls it
 * TIMESTAMP). */
static const char *const stamp_columns[] = { "TIME_STAMP", "TIMESTAMP" };

/* Appends the timestamp block tmpl (struct ddl_sql, or a stamp_note) of the
 * trigger named trigger (NULL: none) on t, which keeps column current.  The
 * blocks are compiled in: one that names another placeholder would be cut
 * there (test_template checks that none does). */
static void add_stamp(const char *tmpl, const char *trigger, const struct table *t,
		      const char *column, struct strbuf *sb)
{
	const struct template_var vars[] = {
		{ "trigger", trigger ? trigger : "" }, { "table", t->name }, { "column", column },
	};
	struct strbuf err = STRBUF_INIT;

	template_expand(sb, tmpl ? tmpl : "", vars, sizeof(vars) / sizeof(vars[0]), &err);
	strbuf_release(&err);
}

static const struct column *stamp_column(const struct table *t)
{
	for (size_t i = 0; i < sizeof(stamp_columns) / sizeof(stamp_columns[0]); i++) {
		const struct column *c = table_column(t, stamp_columns[i]);

		if (c && c->type == COL_TIMESTAMP)
			return c;
	}
	return NULL;
}

static int key_has_column(const struct key *k, const char *name)
{
	for (size_t i = 0; i < k->ncols; i++)
		if (str_caseeq(k->cols[i], name))
			return 1;
	return 0;
}

/* Is col part of a key that forces NOT NULL on it in d? */
static int forced_not_null(const struct dialect *d, const struct table *t, const char *col)
{
	for (size_t i = 0; i < t->nkeys; i++) {
		const struct key *k = &t->keys[i];

		if ((k->kind == KEY_PRIMARY ||
		     (k->kind == KEY_UNIQUE && d->ddl.unique_needs_not_null)) &&
		    key_has_column(k, col))
			return 1;
	}
	return 0;
}

static void add_col_list(struct strbuf *sb, size_t ncols, char *const *cols)
{
	strbuf_addch(sb, '(');
	for (size_t i = 0; i < ncols; i++) {
		if (i)
			strbuf_addstr(sb, ", ");
		strbuf_addstr(sb, cols[i]);
	}
	strbuf_addch(sb, ')');
}

/* A UNIQUE key the table already has as its primary key or as an earlier
 * unique key: Oracle and DB2 refuse it, and it adds nothing elsewhere. */
static int unique_redundant(const struct table *t, size_t idx)
{
	const struct key *k = &t->keys[idx];

	for (size_t i = 0; i < t->nkeys; i++) {
		const struct key *o = &t->keys[i];

		if (i == idx || (o->kind != KEY_PRIMARY && (o->kind != KEY_UNIQUE || i > idx)))
			continue;
		if (catalog_colset_equal(o->ncols, o->cols, k->ncols, (const char *const *)k->cols))
			return 1;
	}
	return 0;
}

/* Appends " ON <event> <action>" where d has the action; an action d
 * lacks is left out (the database then refuses what it would have done). */
static void add_fk_action(const struct dialect *d, struct strbuf *sb, const char *event,
			  enum fk_action a)
{
	static const char *const sql[FK_ACTION_COUNT] = {
		[FK_CASCADE] = "CASCADE", [FK_SET_NULL] = "SET NULL", [FK_SET_DEFAULT] = "SET DEFAULT",
	};

	if (a == FK_NO_ACTION || (unsigned)a >= FK_ACTION_COUNT ||
	    (!strcmp(event, "UPDATE") && !d->ddl.fk_on_update) ||
	    (a == FK_SET_DEFAULT && !d->ddl.fk_set_default))
		return;
	strbuf_addf(sb, " ON %s %s", event, sql[a]);
}

static void add_foreign_key(const struct dialect *d, struct strbuf *sb, const struct key *k)
{
	strbuf_addstr(sb, "FOREIGN KEY ");
	add_col_list(sb, k->ncols, k->cols);
	strbuf_addf(sb, " REFERENCES %s ", k->ref_table);
	add_col_list(sb, k->ncols, k->ref_cols);
	add_fk_action(d, sb, "DELETE", k->on_delete);
	add_fk_action(d, sb, "UPDATE", k->on_update);
}

/* The column the timestamp trigger maintains, with ON UPDATE placed
 * before its NULL / NOT NULL: H2 accepts it nowhere else. */
static void add_stamp_column(const struct dialect *d, struct strbuf *sb, const struct column *c)
{
	static const char *const tails[] = { " NOT NULL", " NULL" };
	struct strbuf col = STRBUF_INIT;
	size_t cut;

	dialect_render_column(d, &col, c);
	cut = col.len;
	for (size_t i = 0; i < sizeof(tails) / sizeof(tails[0]); i++) {
		size_t n = strlen(tails[i]);

		if (col.len >= n && !strcmp(col.buf + col.len - n, tails[i])) {
			cut = col.len - n;
			break;
		}
	}
	strbuf_add(sb, col.buf, cut);
	strbuf_addstr(sb, " ON UPDATE CURRENT_TIMESTAMP");
	strbuf_addstr(sb, col.buf + cut);
	strbuf_release(&col);
}

/* CREATE TABLE of t; foreign keys whose deferred[i] is set are left out
 * (deferred may be NULL). */
static void create_table(const struct dialect *d, const struct table *t,
			 const unsigned char *deferred, struct strbuf *sb)
{
	const struct column *stamp = NULL;
	const char *sep = "";

	if (t->ntriggers && (d->ddl.stamp == STAMP_ON_UPDATE || d->ddl.stamp == STAMP_COLUMN))
		stamp = stamp_column(t);

	strbuf_addf(sb, "CREATE TABLE %s (", t->name);
	for (size_t i = 0; i < t->ncols; i++) {
		struct column c = t->cols[i];

		if (forced_not_null(d, t, c.name))
			c.nullable = 0;
		strbuf_addf(sb, "%s\n    ", sep);
		if (stamp == &t->cols[i] && d->ddl.stamp == STAMP_COLUMN)
			add_stamp(d->ddl_sql->stamp_column, NULL, t, c.name, sb);
		else if (stamp == &t->cols[i])
			add_stamp_column(d, sb, &c);
		else
			dialect_render_column(d, sb, &c);
		sep = ",";
	}
	for (size_t i = 0; i < t->nkeys; i++) {
		const struct key *k = &t->keys[i];

		switch (k->kind) {
		case KEY_PRIMARY:
			strbuf_addf(sb, "%s\n    PRIMARY KEY ", sep);
			add_col_list(sb, k->ncols, k->cols);
			break;
		case KEY_UNIQUE:
			if (unique_redundant(t, i))
				continue;
			strbuf_addf(sb, "%s\n    UNIQUE ", sep);
			add_col_list(sb, k->ncols, k->cols);
			break;
		case KEY_FOREIGN:
			if (deferred && deferred[i])
				continue;
			strbuf_addf(sb, "%s\n    ", sep);
			add_foreign_key(d, sb, k);
			break;
		default:
			continue;
		}
		sep = ",";
	}
	strbuf_addf(sb, "\n)%s;\n", d->ddl.table_suffix);
}

void ddl_create_table(const struct dialect *d, const struct table *t, struct strbuf *sb)
{
	create_table(d, t, NULL, sb);
}

/* FNV-1a, for short deterministic name suffixes. */
static unsigned hash_name(const char *s)
{
	unsigned h = 2166136261u;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 16777619u;
	}
	return h;
}

/* Appends the name of the n-th plain index of table: IDX_<TABLE>_<n>, or,
 * when that is longer than the dialect allows, a truncated table name made
 * unique by a hash of the whole name. */
static void index_name(const struct dialect *d, const char *table, size_t n, struct strbuf *sb)
{
	char *full = xasprintf("IDX_%s_%zu", table, n);
	size_t max = (size_t)d->max_ident_len;

	if (!max || strlen(full) <= max) {
		strbuf_addstr(sb, full);
	} else {
		char tail[32];
		int tl = snprintf(tail, sizeof(tail), "_%04X_%zu", hash_name(table) & 0xffffu, n);
		size_t keep = max - 4 - (size_t)tl;   /* 4 = "IDX_" */

		strbuf_addf(sb, "IDX_%.*s%s", (int)keep, table, tail);
	}
	free(full);
}

static int has_lob(const struct table *t, const struct key *k)
{
	for (size_t i = 0; i < k->ncols; i++) {
		const struct column *c = table_column(t, k->cols[i]);

		if (c && (c->type == COL_CLOB || c->type == COL_BLOB))
			return 1;
	}
	return 0;
}

int ddl_stamp_on_update(const struct dialect *d)
{
	return d->ddl.stamp == STAMP_ON_UPDATE;
}

void ddl_create_indexes(const struct dialect *d, const struct table *t, struct strbuf *sb)
{
	size_t n = 0;
	long prefix = d->ddl.index_prefix;

	for (size_t i = 0; i < t->nkeys; i++) {
		const struct key *k = &t->keys[i];
		int unique = k->kind == KEY_UNIQUE;

		/* A unique key that repeats another (MySQL SHARED_DB has UM_TENANT
		 * UNIQUE(UM_DOMAIN_NAME) twice) is a unique index of its own. */
		if (unique ? !unique_redundant(t, i) || !d->ddl.dup_unique_index
			   : k->kind != KEY_INDEX)
			continue;
		if (!d->ddl.lob_index && has_lob(t, k)) {
			strbuf_addstr(sb, "-- not created, CLOB/BLOB columns cannot be indexed: index ");
			index_name(d, t->name, ++n, sb);
			strbuf_addf(sb, " ON %s ", t->name);
			add_col_list(sb, k->ncols, k->cols);
			strbuf_addch(sb, '\n');
			continue;
		}
		strbuf_addstr(sb, unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ");
		index_name(d, t->name, ++n, sb);
		strbuf_addf(sb, " ON %s (", t->name);
		for (size_t j = 0; j < k->ncols; j++) {
			const struct column *c = table_column(t, k->cols[j]);

			if (j)
				strbuf_addstr(sb, ", ");
			strbuf_addstr(sb, k->cols[j]);
			if (prefix && c &&
			    (c->type == COL_CLOB || c->type == COL_BLOB ||
			     ((c->type == COL_VARCHAR || c->type == COL_CHAR) && c->size > prefix)))
				strbuf_addf(sb, "(%ld)", prefix);
		}
		strbuf_addstr(sb, ");\n");
	}
}

/* Writes the triggers of t; fn_done says whether the PostgreSQL function
 * was written already; names holds the trigger names used so far (for
 * dialects where they are schema-wide). */
static void create_triggers(const struct dialect *d, const struct table *t, int *fn_done,
			    struct strbuf *names, struct strbuf *sb)
{
	const struct column *c = stamp_column(t);

	for (size_t i = 0; i < t->ntriggers; i++) {
		const char *name = t->triggers[i];
		char *tag = xasprintf("\n%s\n", name);
		int dup = 0;

		/* names is "\nA\nB\n": look for "\nNAME\n". */
		if (!d->ddl.trigger_names_per_table) {
			str_upper(tag);
			if (!names->len)
				strbuf_addch(names, '\n');
			dup = strstr(strbuf_str(names), tag) != NULL;
			if (!dup)
				strbuf_addstr(names, tag + 1);
		}
		free(tag);

		if (!c) {
			strbuf_addf(sb, "-- trigger %s on %s: no TIME_STAMP column to maintain\n",
				    name, t->name);
			continue;
		}
		if (dup) {
			strbuf_addf(sb, "-- trigger %s on %s: name already used in this schema\n",
				    name, t->name);
			continue;
		}
		if (d->ddl.stamp == STAMP_TRIGGER) {
			if (!*fn_done && d->ddl_sql->stamp_function) {
				add_stamp(d->ddl_sql->stamp_function, name, t, c->name, sb);
				strbuf_addch(sb, '\n');
			}
			*fn_done = 1;
			add_stamp(d->ddl_sql->stamp_trigger, name, t, c->name, sb);
			strbuf_addch(sb, '\n');
		} else {
			strbuf_addf(sb, "-- trigger %s on %s: ", name, t->name);
			add_stamp(d->ddl.stamp_note, name, t, c->name, sb);
			strbuf_addch(sb, '\n');
		}
	}
}

/* Index of the table named name in cat, or cat->ntables. */
static size_t table_index(const struct catalog *cat, const char *name)
{
	size_t i;

	for (i = 0; i < cat->ntables; i++)
		if (str_caseeq(cat->tables[i].name, name))
			break;
	return i;
}

/*
 * Orders the tables of cat so that referenced tables come first: repeatedly
 * takes the first table (in name order) whose references are all written.
 * When none is ready there is a cycle: the first remaining table is taken
 * anyway and its foreign keys to unwritten tables are marked in deferred
 * (one array of nkeys flags per table) for ALTER TABLE later.  order
 * receives ntables indexes.
 */
static void order_tables(const struct catalog *cat, size_t *order, unsigned char **deferred)
{
	unsigned char *done = xcalloc(cat->ntables ? cat->ntables : 1, 1);

	for (size_t n = 0; n < cat->ntables; n++) {
		size_t pick = cat->ntables, first = cat->ntables;

		for (size_t i = 0; i < cat->ntables && pick == cat->ntables; i++) {
			const struct table *t = &cat->tables[i];
			int ready = 1;

			if (done[i])
				continue;
			if (first == cat->ntables)
				first = i;
			for (size_t k = 0; k < t->nkeys && ready; k++) {
				size_t r;

				if (t->keys[k].kind != KEY_FOREIGN)
					continue;
				r = table_index(cat, t->keys[k].ref_table);
				/* Self-references and tables outside the
				 * catalog do not wait. */
				if (r < cat->ntables && r != i && !done[r])
					ready = 0;
			}
			if (ready)
				pick = i;
		}
		if (pick == cat->ntables) {
			const struct table *t = &cat->tables[first];

			pick = first;
			for (size_t k = 0; k < t->nkeys; k++) {
				size_t r;

				if (t->keys[k].kind != KEY_FOREIGN)
					continue;
				r = table_index(cat, t->keys[k].ref_table);
				if (r < cat->ntables && r != pick && !done[r])
					deferred[pick][k] = 1;
			}
		}
		done[pick] = 1;
		order[n] = pick;
	}
	free(done);
}

void ddl_render(const struct dialect *d, const struct catalog *cat, struct strbuf *sb)
{
	struct catalog *sorted = catalog_dup(cat);
	size_t nt, *order;
	unsigned char **deferred;
	struct strbuf names = STRBUF_INIT;
	int fn_done = 0, any_deferred = 0;

	catalog_sort(sorted);
	nt = sorted->ntables;
	order = xcalloc(nt ? nt : 1, sizeof(*order));
	deferred = xcalloc(nt ? nt : 1, sizeof(*deferred));
	for (size_t i = 0; i < nt; i++)
		deferred[i] = xcalloc(sorted->tables[i].nkeys ? sorted->tables[i].nkeys : 1, 1);
	order_tables(sorted, order, deferred);

	for (size_t i = 0; i < nt; i++) {
		if (i)
			strbuf_addch(sb, '\n');
		create_table(d, &sorted->tables[order[i]], deferred[order[i]], sb);
	}
	for (size_t i = 0; i < nt; i++) {
		const struct table *t = &sorted->tables[order[i]];

		for (size_t k = 0; k < t->nkeys; k++) {
			if (!deferred[order[i]][k])
				continue;
			if (!any_deferred++)
				strbuf_addstr(sb, "\n-- foreign keys of tables that reference each other\n");
			strbuf_addf(sb, "ALTER TABLE %s ADD ", t->name);
			add_foreign_key(d, sb, &t->keys[k]);
			strbuf_addstr(sb, ";\n");
		}
	}
	for (size_t i = 0; i < nt; i++) {
		const struct table *t = &sorted->tables[order[i]];
		int has_index = 0;

		for (size_t k = 0; k < t->nkeys; k++)
			has_index |= t->keys[k].kind == KEY_INDEX ||
				     (t->keys[k].kind == KEY_UNIQUE && unique_redundant(t, k));
		if (!has_index && !t->ntriggers)
			continue;
		strbuf_addch(sb, '\n');
		ddl_create_indexes(d, t, sb);
		create_triggers(d, t, &fn_done, &names, sb);
	}

	for (size_t i = 0; i < nt; i++)
		free(deferred[i]);
	free(deferred);
	free(order);
	strbuf_release(&names);
	catalog_free(sorted);
}
