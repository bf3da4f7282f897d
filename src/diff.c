/* diff: live catalog against an expected one (see diff.h). */
#include "diff.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"
#include "banned.h"

static const char *const key_kind_names[KEY_KIND_COUNT] = {
	[KEY_PRIMARY] = "primary-key",
	[KEY_UNIQUE] = "unique",
	[KEY_FOREIGN] = "foreign-key",
	[KEY_INDEX] = "index",
};

static void describe_column(const struct column *c, struct strbuf *sb)
{
	strbuf_addstr(sb, catalog_type_name(c->type));
	if (c->size && (c->type == COL_CHAR || c->type == COL_VARCHAR || c->type == COL_DECIMAL))
		strbuf_addf(sb, "(%ld)", c->size);
	if (!c->nullable)
		strbuf_addstr(sb, " not null");
	if (c->autoinc)
		strbuf_addstr(sb, " auto-increment");
	if (c->defval)
		strbuf_addf(sb, " default %s", c->defval);
}

static int default_equal(const struct column *a, const struct column *b)
{
	if (!a->defval || !b->defval)
		return !a->defval && !b->defval;
	return str_caseeq(a->defval, b->defval);
}

static void diff_columns(const struct table *live, const struct table *exp,
			 struct diff_result *out)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < exp->ncols; i++) {
		const struct column *e = &exp->cols[i];
		const struct column *l = table_column(live, e->name);

		strbuf_reset(&sb);
		if (!l) {
			strbuf_addf(&sb, "%s ", e->name);
			describe_column(e, &sb);
			diff_result_add(out, exp->name, "column", "missing", strbuf_str(&sb));
			continue;
		}
		if (column_type_equal(l, e) && !l->nullable == !e->nullable &&
		    !l->autoinc == !e->autoinc && default_equal(l, e))
			continue;
		strbuf_addf(&sb, "%s is ", l->name);
		describe_column(l, &sb);
		strbuf_addstr(&sb, ", expected ");
		describe_column(e, &sb);
		diff_result_add(out, exp->name, "column", "differs", strbuf_str(&sb));
	}
	for (size_t i = 0; i < live->ncols; i++) {
		const struct column *l = &live->cols[i];
		if (table_column(exp, l->name))
			continue;
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s ", l->name);
		describe_column(l, &sb);
		diff_result_add(out, exp->name, "column", "extra", strbuf_str(&sb));
	}
	strbuf_release(&sb);
}

/* 1 when b has a key of a's kind over a's columns (and, for foreign keys,
 * referencing the same table with the same delete and update actions). */
static int key_present(const struct table *t, const struct key *k)
{
	for (size_t i = 0; i < t->nkeys; i++) {
		const struct key *o = &t->keys[i];
		if (o->kind != k->kind)
			continue;
		if (!catalog_colset_equal(o->ncols, o->cols, k->ncols, (const char *const *)k->cols))
			continue;
		if (k->kind == KEY_FOREIGN && (!str_caseeq(o->ref_table, k->ref_table) ||
					       o->on_delete != k->on_delete ||
					       o->on_update != k->on_update))
			continue;
		return 1;
	}
	return 0;
}

static void describe_key(const struct key *k, struct strbuf *sb)
{
	char cols[512];

	strbuf_addf(sb, "(%s)", catalog_cols_join(k->ncols, k->cols, cols, sizeof(cols)));
	if (k->kind == KEY_FOREIGN) {
		strbuf_addf(sb, " -> %s(%s)", k->ref_table,
			    catalog_cols_join(k->ncols, k->ref_cols, cols, sizeof(cols)));
		if (k->on_delete)
			strbuf_addf(sb, " on delete %s", catalog_fk_action_name(k->on_delete));
		if (k->on_update)
			strbuf_addf(sb, " on update %s", catalog_fk_action_name(k->on_update));
	}
	if (k->name)
		strbuf_addf(sb, " [%s]", k->name);
}

/* Adds a row status ("missing", "extra") of table for each key of from
 * that other lacks. */
static void keys_absent(const struct table *from, const struct table *other, const char *table,
			const char *status, struct diff_result *out)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < from->nkeys; i++) {
		if (key_present(other, &from->keys[i]))
			continue;
		strbuf_reset(&sb);
		describe_key(&from->keys[i], &sb);
		diff_result_add(out, table, key_kind_names[from->keys[i].kind], status,
				strbuf_str(&sb));
	}
	strbuf_release(&sb);
}

static void diff_keys(const struct table *live, const struct table *exp,
		      struct diff_result *out)
{
	keys_absent(exp, live, exp->name, "missing", out);
	keys_absent(live, exp, exp->name, "extra", out);
	for (size_t i = 0; i < exp->ntriggers; i++)
		if (!table_has_trigger(live, exp->triggers[i]))
			diff_result_add(out, exp->name, "trigger", "missing", exp->triggers[i]);
	for (size_t i = 0; i < live->ntriggers; i++)
		if (!table_has_trigger(exp, live->triggers[i]))
			diff_result_add(out, exp->name, "trigger", "extra", live->triggers[i]);
}

void diff_catalogs(const struct catalog *live, const struct catalog *expected,
		   struct diff_result *out)
{
	for (size_t i = 0; i < expected->ntables; i++) {
		const struct table *e = &expected->tables[i];
		const struct table *l = catalog_table(live, e->name);

		if (!l) {
			diff_result_add(out, e->name, "table", "missing", NULL);
			continue;
		}
		diff_columns(l, e, out);
		diff_keys(l, e, out);
	}
	for (size_t i = 0; i < live->ntables; i++)
		if (!catalog_table(expected, live->tables[i].name))
			diff_result_add(out, live->tables[i].name, "table", "extra", NULL);
}

/* The length of a diff detail without the " [name]" of a key found live
 * (an expected catalog has no key names). */
static size_t detail_len(const char *d)
{
	size_t n = strlen(d);

	if (n && d[n - 1] == ']') {
		const char *open = strrchr(d, '[');
		if (open && open > d && open[-1] == ' ')
			n = (size_t)(open - 1 - d);
	}
	return n;
}

static int same_item(const struct diff_item *a, const struct diff_item *b)
{
	const char *da = a->detail ? a->detail : "", *db = b->detail ? b->detail : "";
	size_t n = detail_len(da);

	/* names as found (PostgreSQL: lower case) against the expected catalog's */
	return str_caseeq(a->table, b->table) && !strcmp(a->kind, b->kind) &&
	       !strcmp(a->what, b->what) && n == detail_len(db) && !strncasecmp(da, db, n);
}

void diff_split(const struct catalog *live, const struct catalog *fresh,
		const struct diff_route *routes, size_t nroutes,
		struct diff_result *explained, struct diff_result *drift)
{
	struct diff_result found, *made = xcalloc(nroutes ? nroutes : 1, sizeof(*made));

	memset(&found, 0, sizeof(found));
	diff_catalogs(live, fresh, &found);
	for (size_t r = 0; r < nroutes; r++)
		diff_catalogs(routes[r].catalog, fresh, &made[r]);
	for (size_t i = 0; i < found.n; i++) {
		const struct diff_item *it = &found.items[i];
		const char *route = NULL;

		for (size_t r = 0; r < nroutes && !route; r++)
			for (size_t j = 0; j < made[r].n && !route; j++)
				if (same_item(it, &made[r].items[j]))
					route = routes[r].label;
		if (route) {
			char *detail = xasprintf("%s%s(as %s leaves it)", it->detail ? it->detail : "",
						 it->detail ? " " : "", route);
			diff_result_add(explained, it->table, it->kind, it->what, detail);
			free(detail);
		} else {
			diff_result_add(drift, it->table, it->kind, it->what, it->detail);
		}
	}
	for (size_t r = 0; r < nroutes; r++)
		diff_result_release(&made[r]);
	free(made);
	diff_result_release(&found);
}
