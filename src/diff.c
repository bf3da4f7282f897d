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

int diff_same_item(const struct diff_item *a, const struct diff_item *b)
{
	const char *da = a->detail ? a->detail : "", *db = b->detail ? b->detail : "";
	size_t n = detail_len(da);

	/* names as found (PostgreSQL: lower case) against the expected catalog's */
	return str_caseeq(a->table, b->table) && !strcmp(a->kind, b->kind) &&
	       !strcmp(a->what, b->what) && n == detail_len(db) && !strncasecmp(da, db, n);
}

int diff_split(const struct catalog *live, const struct catalog *fresh,
	       const struct endstate *states, size_t n,
	       struct diff_result *explained, struct diff_result *drift)
{
	struct diff_result found = { 0 };
	unsigned char *hit = NULL;      /* hit[k * found.n + i]: state k shows item i */
	size_t *count = NULL, *other = NULL, *order = NULL;
	int best = -1;

	diff_catalogs(live, fresh, &found);
	hit = xcalloc(n * found.n + 1, 1);
	count = xcalloc(n + 1, sizeof(*count));
	other = xcalloc(n + 1, sizeof(*other));
	order = xcalloc(n + 1, sizeof(*order));
	for (size_t k = 0; k < n; k++) {
		struct diff_result made = { 0 };

		diff_catalogs(states[k].cat, fresh, &made);
		for (size_t j = 0; j < made.n; j++) {
			int shown = 0;

			for (size_t i = 0; i < found.n; i++)
				if (diff_same_item(&found.items[i], &made.items[j])) {
					count[k] += !hit[k * found.n + i];
					hit[k * found.n + i] = 1;
					shown = 1;
				}
			other[k] += !shown;
		}
		diff_result_release(&made);
	}
	/* the routes by how much of live they explain, most first; between
	 * equals, the one leaving fewer differences live lacks; stable */
	for (size_t k = 0; k < n; k++) {
		size_t at = k;

		while (at && (count[order[at - 1]] < count[k] ||
			      (count[order[at - 1]] == count[k] && other[order[at - 1]] > other[k]))) {
			order[at] = order[at - 1];
			at--;
		}
		order[at] = k;
	}
	for (size_t i = 0; i < found.n; i++) {
		const struct diff_item *it = &found.items[i];
		size_t k = 0;

		while (k < n && !hit[order[k] * found.n + i])
			k++;
		if (k == n) {
			diff_result_add(drift, it->table, it->kind, it->what, it->detail);
			continue;
		}
		diff_result_add(explained, it->table, it->kind, it->what, it->detail);
		explained->items[explained->n - 1].route = xstrdup(states[order[k]].route);
	}
	if (n && found.n && count[order[0]] == found.n)
		best = (int)order[0];
	diff_result_release(&found);
	free(hit);
	free(count);
	free(other);
	free(order);
	return best;
}

void diff_verify(struct db_run *dbr, const struct catalog *live, const struct catalog *fresh,
		 const struct endstate *states, size_t n)
{
	struct diff_result *explained = &dbr->explained, *drift = &dbr->drift;
	struct strbuf routes = STRBUF_INIT;
	int best;

	diff_result_release(explained);
	diff_result_release(drift);
	free(dbr->routes);
	dbr->routes = NULL;
	explained->against = xstrdup("fresh-3.2.0, as a known way of migrating leaves it");
	drift->against = xstrdup("fresh-3.2.0, drift");
	best = diff_split(live, fresh, states, n, explained, drift);
	dbr->split = 1;
	if (drift->n) {
		dbr->routes = NULL;
	} else if (!explained->n) {
		dbr->routes = xstrdup("fresh-3.2.0");
	} else if (best >= 0) {
		dbr->routes = xstrdup(states[best].route);
	} else {
		/* the routes named, in the order they first explain something */
		for (size_t i = 0; i < explained->n; i++) {
			const char *r = explained->items[i].route;
			int seen = 0;

			for (size_t j = 0; j < i && !seen; j++)
				seen = !strcmp(explained->items[j].route, r);
			if (!seen)
				strbuf_addf(&routes, "%s%s", routes.len ? ", " : "", r);
		}
		dbr->routes = strbuf_detach(&routes);
	}
	strbuf_release(&routes);
}

/* The words of each part of a route's name. */
static const struct {
	const char *part, *words;
} route_parts[] = {
	{ "guide", "the guide's script" },
	{ "amdelta", "amdelta apply" },
	{ "identity", "WSO2's identity migration client" },
};

void diff_route_words(const char *route, struct strbuf *sb)
{
	const char *p = route ? route : "";

	while (*p) {
		const char *end = strchr(p, '+');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		size_t i = 0;

		while (i < sizeof(route_parts) / sizeof(route_parts[0]) &&
		       (strlen(route_parts[i].part) != len || strncmp(route_parts[i].part, p, len)))
			i++;
		if (p != route)
			strbuf_addstr(sb, ", then ");
		if (i < sizeof(route_parts) / sizeof(route_parts[0]))
			strbuf_addstr(sb, route_parts[i].words);
		else
			strbuf_addf(sb, "the guide's script as revised in %.*s", (int)len, p);
		p += len;
		if (*p == '+')
			p++;
	}
}
