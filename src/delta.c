/* delta: the 3.0.0 -> 3.2.0 changes as data, evaluated and applied
 * symbolically on catalogs (see delta.h). */
#include "delta.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "xmldoc.h"
#include "banned.h"

/* What each operation needs in checks/ (also enforced by deltas.rng, but a
 * file loaded without the grammar must not yield a half-filled delta). */
static const struct {
	const char *name;
	unsigned needs;     /* NEED_* bits */
} op_table[DOP_COUNT] = {
#define NEED_COLUMN  1u
#define NEED_COLS    2u
#define NEED_FROM    4u
#define NEED_TRIGGER 8u
#define NEED_COUNT   16u
	[DOP_CREATE_TABLE]     = { "create-table", 0 },
	[DOP_ADD_COLUMN]       = { "add-column", NEED_COLUMN },
	[DOP_ALTER_COLUMN]     = { "alter-column", NEED_COLUMN },
	[DOP_ADD_UNIQUE]       = { "add-unique", NEED_COLS },
	[DOP_DROP_UNIQUE]      = { "drop-unique", NEED_COLS },
	[DOP_ADD_INDEX]        = { "add-index", NEED_COLS },
	[DOP_DROP_INDEX]       = { "drop-index", NEED_COLS },
	[DOP_SET_PRIMARY_KEY]  = { "set-primary-key", NEED_COLS | NEED_FROM },
	[DOP_DROP_PRIMARY_KEY] = { "drop-primary-key", NEED_COLS },
	[DOP_ADD_TRIGGER]      = { "add-trigger", NEED_TRIGGER },
	[DOP_DATA_FIX]         = { "data-fix", NEED_COUNT },
};

/* The checks files delta_load_dir reads, one per database. */
static const struct {
	const char *file;
	enum db_index db;
} delta_files[] = {
	{ "wso2am_db.xml", DBI_AM },
	{ "shared_db.xml", DBI_SHARED },
	{ "apim_analytics_db.xml", DBI_ANALYTICS },
};

const char *delta_op_name(enum delta_op op)
{
	return (unsigned)op < DOP_COUNT ? op_table[op].name : "?";
}

const char *delta_status_name(enum delta_status st)
{
	static const char *const names[DS_STATUS_COUNT] = {
		[DS_APPLIED] = "applied",
		[DS_MISSING] = "missing",
		[DS_CONFLICT] = "conflict",
		[DS_NA] = "n/a",
	};
	return (unsigned)st < DS_STATUS_COUNT ? names[st] : "?";
}

int delta_applies(const struct delta *d, enum dialect_id dialect)
{
	return (unsigned)dialect < DIALECT_COUNT && ((d->dialects >> dialect) & 1u);
}

static void delta_release(struct delta *d)
{
	free(d->id);
	free(d->release);
	free(d->table);
	free(d->column);
	catalog_cols_free(d->cols, d->ncols);
	catalog_cols_free(d->from, d->nfrom);
	free(d->trigger);
	free(d->count_sql);
	free(d->fill);
	for (size_t i = 0; i < d->nsql; i++)
		free(d->sql[i].text);
	free(d->sql);
	free(d->title);
	free(d->file);
	memset(d, 0, sizeof(*d));
}

void delta_set_release(struct delta_set *set)
{
	for (size_t i = 0; i < set->n; i++)
		delta_release(&set->items[i]);
	free(set->items);
	memset(set, 0, sizeof(*set));
}

/* ---------------------------------------------------------------- loading */

/* Drops the deltas from n0 on: a failed load leaves set as it found it. */
static void set_truncate(struct delta_set *set, size_t n0)
{
	while (set->n > n0)
		delta_release(&set->items[--set->n]);
	if (!set->n) {
		free(set->items);
		set->items = NULL;
		set->alloc = 0;
	}
}

/* Returns a new string with the value of attribute name of node, or NULL. */
static char *attr(xmlNodePtr node, const char *name)
{
	xmlChar *v = xmlGetProp(node, (const xmlChar *)name);
	char *s;

	if (!v)
		return NULL;
	s = xstrdup((const char *)v);
	xmlFree(v);
	return s;
}

static int op_parse(const char *name, enum delta_op *op)
{
	for (int i = 0; i < DOP_COUNT; i++)
		if (name && !strcmp(op_table[i].name, name)) {
			*op = (enum delta_op)i;
			return 0;
		}
	return -1;
}

/* Parses "postgresql mysql" into a bit set; absent means every dialect.
 * Returns 0, or -1 with the unknown name in *bad (a new string). */
static int dialects_parse(const char *list, unsigned *mask, char **bad)
{
	const char *p = list;

	*mask = 0;
	if (!list) {
		*mask = (1u << DIALECT_COUNT) - 1;
		return 0;
	}
	while (*p) {
		const struct dialect *dia;
		size_t len;
		char *name;

		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (!*p)
			break;
		len = strcspn(p, " \t\r\n");
		name = xstrndup(p, len);
		dia = dialect_from_name(name);
		if (!dia) {
			*bad = name;
			return -1;
		}
		free(name);
		*mask |= 1u << dia->id;
		p += len;
	}
	return *mask ? 0 : (*bad = xstrdup(list), -1);
}

static xmlNodePtr child_element(xmlNodePtr node, const char *name)
{
	for (xmlNodePtr c = node->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && !strcmp((const char *)c->name, name))
			return c;
	return NULL;
}

/* Fills d from one <delta> element.  Returns 0, or -1 with err filled
 * (d then holds whatever was read; the caller releases it). */
static int delta_from_node(struct delta *d, xmlNodePtr node, enum db_index db, const char *path,
			   struct strbuf *err)
{
	char *op = NULL, *cols = NULL, *from = NULL, *dialects = NULL, *cond = NULL, *bad = NULL;
	char *component = NULL, *stricter = NULL, *migrator = NULL;
	xmlNodePtr count;
	int comp;
	unsigned needs;
	size_t sql_alloc = 0;
	int rc = -1;

	d->db = db;
	d->file = xstrdup(path);
	d->line = xmlGetLineNo(node);
	d->id = attr(node, "id");
	d->table = attr(node, "table");
	d->column = attr(node, "column");
	d->release = attr(node, "release");
	component = attr(node, "component");
	migrator = attr(node, "migrator");
	d->title = attr(node, "title");
	d->trigger = attr(node, "trigger");
	d->fill = attr(node, "fill");
	op = attr(node, "op");
	cols = attr(node, "columns");
	from = attr(node, "from");
	dialects = attr(node, "dialects");
	cond = attr(node, "conditional");
	stricter = attr(node, "stricter-key");

	if (!d->id || !d->table || !d->release || !component || !op) {
		xmldoc_node_error(err, path, node,
				  "delta needs id, op, table, release and component");
		goto out;
	}
	if ((comp = component_from_name(component)) < 0) {
		xmldoc_node_error(err, path, node, "delta %s: unknown component '%s' (apim, identity)",
				  d->id, component);
		goto out;
	}
	d->component = (enum component)comp;
	d->migrator = -1;
	if (d->component == COMP_IDENTITY &&
	    (!migrator || (d->migrator = migrator_from_key(migrator)) < 0)) {
		xmldoc_node_error(err, path, node, "identity delta %s: migrator '%s' is none of WSO2's "
				  "identity migration client's (ScopeDataMigrator, step1/identity, "
				  "step1/um, step2/um)", d->id, migrator ? migrator : "");
		goto out;
	}
	if (op_parse(op, &d->op)) {
		xmldoc_node_error(err, path, node, "delta %s: unknown op '%s'", d->id, op);
		goto out;
	}
	if (cols)
		d->cols = catalog_cols_split(cols, &d->ncols);
	if (from)
		d->from = catalog_cols_split(from, &d->nfrom);
	if ((count = child_element(node, "count")) != NULL) {
		xmlChar *text = xmlNodeGetContent(count);
		d->count_sql = str_trim(xstrdup(text ? (const char *)text : ""));
		xmlFree(text);
	}
	d->conditional = cond && (!strcmp(cond, "true") || !strcmp(cond, "1"));
	d->stricter_key = stricter && (!strcmp(stricter, "true") || !strcmp(stricter, "1"));
	if (d->stricter_key && d->op != DOP_ADD_UNIQUE) {
		xmldoc_node_error(err, path, node, "delta %s: stricter-key is for add-unique only", d->id);
		goto out;
	}
	if (dialects_parse(dialects, &d->dialects, &bad)) {
		xmldoc_node_error(err, path, node, "delta %s: unknown dialect '%s'", d->id, bad);
		goto out;
	}
	for (xmlNodePtr c = node->children; c; c = c->next) {
		struct delta_sql *ds;
		char *list;
		xmlChar *text;

		if (c->type != XML_ELEMENT_NODE || strcmp((const char *)c->name, "sql"))
			continue;
		ALLOC_GROW(d->sql, d->nsql + 1, sql_alloc);
		ds = &d->sql[d->nsql++];
		memset(ds, 0, sizeof(*ds));
		text = xmlNodeGetContent(c);
		ds->text = str_trim(xstrdup(text ? (const char *)text : ""));
		xmlFree(text);
		list = attr(c, "dialects");
		if (!list || dialects_parse(list, &ds->dialects, &bad)) {
			xmldoc_node_error(err, path, c, "delta %s: <sql> needs dialects, '%s' is not one",
					  d->id, bad ? bad : "");
			free(list);
			goto out;
		}
		free(list);
		if (!*ds->text) {
			xmldoc_node_error(err, path, c, "delta %s: empty <sql>", d->id);
			goto out;
		}
	}
	needs = op_table[d->op].needs;
	if (((needs & NEED_COLUMN) && !d->column) || ((needs & NEED_COLS) && !d->ncols) ||
	    ((needs & NEED_FROM) && !d->nfrom) || ((needs & NEED_TRIGGER) && !d->trigger) ||
	    ((needs & NEED_COUNT) && (!d->count_sql || !*d->count_sql))) {
		xmldoc_node_error(err, path, node, "delta %s: %s lacks %s", d->id, op,
				  (needs & NEED_COLUMN) ? "column" :
				  (needs & NEED_TRIGGER) ? "trigger" :
				  (needs & NEED_COUNT) ? "<count>" : "columns or from");
		goto out;
	}
	/* What plan needs to render it: the trigger's statements for every
	 * dialect it applies to, the value a data fix writes. */
	if (d->op == DOP_ADD_TRIGGER || (d->op == DOP_DATA_FIX && d->conditional)) {
		unsigned covered = 0;

		for (size_t i = 0; i < d->nsql; i++)
			covered |= d->sql[i].dialects;
		for (int i = 0; i < DIALECT_COUNT; i++) {
			if (((d->dialects >> i) & 1u) && !((covered >> i) & 1u)) {
				xmldoc_node_error(err, path, node, "delta %s: %s lacks <sql> for %s",
						  d->id, op, dialect_get((enum dialect_id)i)->name);
				goto out;
			}
		}
	}
	if (d->op == DOP_DATA_FIX && !d->conditional && (!d->fill || !d->column)) {
		xmldoc_node_error(err, path, node, "delta %s: data-fix lacks column and fill", d->id);
		goto out;
	}
	rc = 0;
out:
	free(op);
	free(cols);
	free(from);
	free(dialects);
	free(cond);
	free(component);
	free(stricter);
	free(migrator);
	free(bad);
	return rc;
}

static const struct delta *find_id(const struct delta_set *set, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(set->items[i].id, id))
			return &set->items[i];
	return NULL;
}

/* Loads path, validated against grammar (may be NULL), appending to set;
 * expect_db, when not -1, is the db the root must name. */
static int load_file(const char *path, const struct xmldoc_grammar *grammar,
		     int expect_db, struct delta_set *set, struct strbuf *err)
{
	xmlDocPtr doc = NULL;
	xmlNodePtr root, node;
	size_t n0 = set->n;
	char *db = NULL;
	int rc = -1, dbi;

	if (xmldoc_read(path, grammar, &doc, err))
		goto out;
	root = xmlDocGetRootElement(doc);
	if (!root || strcmp((const char *)root->name, "deltas")) {
		xmldoc_node_error(err, path, root, "root element must be <deltas>");
		goto out;
	}
	db = attr(root, "db");
	dbi = db ? db_from_name(db) : -1;
	if (dbi < 0 || strcmp(db, db_name((enum db_index)dbi)) || (expect_db >= 0 && dbi != expect_db)) {
		xmldoc_node_error(err, path, root, "<deltas db=\"%s\"> expected in this file",
				  expect_db >= 0 ? db_name((enum db_index)expect_db) :
				  "WSO2AM_DB|SHARED_DB|APIM_ANALYTICS_DB");
		goto out;
	}
	for (node = root->children; node; node = node->next) {
		struct delta *d;
		const struct delta *dup;

		if (node->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)node->name, "delta")) {
			xmldoc_node_error(err, path, node, "unexpected element <%s>",
					  (const char *)node->name);
			goto out;
		}
		ALLOC_GROW(set->items, set->n + 1, set->alloc);
		d = &set->items[set->n++];
		memset(d, 0, sizeof(*d));
		if (delta_from_node(d, node, (enum db_index)dbi, path, err))
			goto out;
		if ((dup = find_id(set, set->n - 1, d->id)) != NULL) {
			xmldoc_node_error(err, path, node,
					  "duplicate delta id '%s' (first at %s:%ld)",
					  d->id, dup->file, dup->line);
			goto out;
		}
	}
	rc = 0;
out:
	if (rc)
		set_truncate(set, n0);
	free(db);
	xmlFreeDoc(doc);
	return rc;
}

int delta_load_file(const char *path, const char *rng, struct delta_set *set,
		    struct strbuf *err)
{
	struct xmldoc_grammar *grammar = NULL;
	int rc = -1;

	if (rng && xmldoc_grammar_load(rng, &grammar, err))
		goto out;
	rc = load_file(path, grammar, -1, set, err);
out:
	xmldoc_grammar_free(grammar);
	return rc;
}

int delta_load_dir(const char *dir, struct delta_set *set, struct strbuf *err)
{
	struct xmldoc_grammar *grammar = NULL;
	char *rng = xasprintf("%s/deltas.rng", dir);
	size_t n0 = set->n;
	int rc = -1;

	if (xmldoc_grammar_load(rng, &grammar, err))
		goto out;
	for (size_t i = 0; i < sizeof(delta_files) / sizeof(delta_files[0]); i++) {
		char *path = xasprintf("%s/%s", dir, delta_files[i].file);
		int failed = load_file(path, grammar, delta_files[i].db, set, err);

		free(path);
		if (failed)
			goto out;
	}
	rc = 0;
out:
	if (rc)
		set_truncate(set, n0);
	xmldoc_grammar_free(grammar);
	free(rng);
	return rc;
}

/* ------------------------------------------------------------- evaluation */

/* Coarse type families: a column whose family differs from the expected one
 * cannot be the column the delta meant.  0 = unknown (never conflicts). */
static int type_family(enum col_type t)
{
	switch (t) {
	case COL_SMALLINT:
	case COL_INTEGER:
	case COL_BIGINT:
	case COL_DECIMAL:
	case COL_REAL:
	case COL_DOUBLE:
	case COL_BOOLEAN:   /* TINYINT(1), BIT, NUMBER(1), SMALLINT flags */
		return 1;
	case COL_CHAR:
	case COL_VARCHAR:
	case COL_CLOB:
		return 2;
	case COL_BLOB:
		return 3;
	case COL_DATE:
	case COL_TIME:
	case COL_TIMESTAMP:
		return 4;
	default:
		return 0;
	}
}

static int family_differs(const struct column *a, const struct column *b)
{
	int fa = type_family(a->type), fb = type_family(b->type);

	return fa && fb && fa != fb;
}

static void add_type(struct strbuf *sb, const struct column *c)
{
	strbuf_addstr(sb, catalog_type_name(c->type));
	if ((c->type == COL_CHAR || c->type == COL_VARCHAR) && c->size > 0)
		strbuf_addf(sb, "(%ld)", c->size);
}

/* Adds "varchar(10), expected varchar(20)": the type of c, then that of ec. */
static void add_types(struct strbuf *sb, const struct column *c, const struct column *ec)
{
	add_type(sb, c);
	strbuf_addstr(sb, ", expected ");
	add_type(sb, ec);
}

static void add_cols(struct strbuf *sb, size_t n, char *const *cols)
{
	for (size_t i = 0; i < n; i++)
		strbuf_addf(sb, "%s%s", i ? "," : "", cols[i]);
}

#define CCOLS(x) ((const char *const *)(x))

/* The first of cols[0..n) that t lacks, or NULL. */
static const char *first_absent(const struct table *t, size_t n, char *const *cols)
{
	for (size_t i = 0; i < n; i++)
		if (!table_column(t, cols[i]))
			return cols[i];
	return NULL;
}

static int pk_is(const struct table *t, size_t n, char *const *cols)
{
	const struct key *pk = table_primary_key(t);

	return pk && catalog_colset_equal(pk->ncols, pk->cols, n, CCOLS(cols));
}

/* Adds "; " between parts of a detail. */
static void sep(struct strbuf *sb, size_t start)
{
	if (sb->len > start)
		strbuf_addstr(sb, "; ");
}

static enum delta_status eval_create_table(const struct delta *d, const struct table *t,
					   const struct table *e, struct strbuf *out)
{
	struct strbuf missing = STRBUF_INIT, extra = STRBUF_INIT, odd = STRBUF_INIT;
	const struct key *epk, *lpk;
	size_t start;
	int pk_ok;
	enum delta_status st = DS_APPLIED;

	if (!t) {
		strbuf_addf(out, "table %s does not exist", d->table);
		return DS_MISSING;
	}
	if (!e)
		return DS_APPLIED;   /* no expected shape to compare with */
	for (size_t i = 0; i < e->ncols; i++) {
		const struct column *lc = table_column(t, e->cols[i].name);
		if (!lc) {
			strbuf_addf(&missing, "%s%s", missing.len ? ", " : "", e->cols[i].name);
		} else if (family_differs(lc, &e->cols[i])) {
			strbuf_addf(&odd, "%s%s is ", odd.len ? ", " : "", lc->name);
			add_types(&odd, lc, &e->cols[i]);
		}
	}
	for (size_t i = 0; i < t->ncols; i++)
		if (!table_column(e, t->cols[i].name))
			strbuf_addf(&extra, "%s%s", extra.len ? ", " : "", t->cols[i].name);
	epk = table_primary_key(e);
	lpk = table_primary_key(t);
	pk_ok = (!epk && !lpk) ||
		(epk && lpk && catalog_colset_equal(lpk->ncols, lpk->cols, epk->ncols, CCOLS(epk->cols)));
	if (!missing.len && !odd.len && pk_ok)
		goto out;
	st = DS_CONFLICT;
	strbuf_addf(out, "%s exists with %s: ", d->table,
		    missing.len || odd.len ? "other columns" : "another primary key");
	start = out->len;
	if (missing.len)
		strbuf_addf(out, "missing %s", missing.buf);
	if (extra.len) {
		sep(out, start);
		strbuf_addf(out, "extra %s", extra.buf);
	}
	if (odd.len) {
		sep(out, start);
		strbuf_addstr(out, odd.buf);
	}
	if (!pk_ok) {
		sep(out, start);
		strbuf_addstr(out, "primary key ");
		if (lpk) {
			strbuf_addch(out, '(');
			add_cols(out, lpk->ncols, lpk->cols);
			strbuf_addch(out, ')');
		} else {
			strbuf_addstr(out, "none");
		}
		strbuf_addstr(out, ", expected ");
		if (epk) {
			strbuf_addch(out, '(');
			add_cols(out, epk->ncols, epk->cols);
			strbuf_addch(out, ')');
		} else {
			strbuf_addstr(out, "none");
		}
	}
out:
	strbuf_release(&missing);
	strbuf_release(&extra);
	strbuf_release(&odd);
	return st;
}

/* The column d names in t; NULL, with the table or the column that is not
 * there in out, when there is none. */
static const struct column *delta_column(const struct delta *d, const struct table *t,
					 struct strbuf *out)
{
	const struct column *c;

	if (!t) {
		strbuf_addf(out, "table %s does not exist", d->table);
		return NULL;
	}
	if (!(c = table_column(t, d->column)))
		strbuf_addf(out, "column %s.%s does not exist", d->table, d->column);
	return c;
}

/* Adds "TABLE.COLUMN is <type of c>, expected <type of ec>" for d's column. */
static void add_column_types(struct strbuf *out, const struct delta *d, const struct column *c,
			     const struct column *ec)
{
	strbuf_addf(out, "%s.%s is ", d->table, d->column);
	add_types(out, c, ec);
}

static enum delta_status eval_add_column(const struct delta *d, const struct table *t,
					 const struct table *e, struct strbuf *out)
{
	const struct column *c, *ec;

	if (!(c = delta_column(d, t, out)))
		return t ? DS_MISSING : DS_CONFLICT;
	ec = table_column(e, d->column);
	if (ec && family_differs(c, ec)) {
		add_column_types(out, d, c, ec);
		return DS_CONFLICT;
	}
	return DS_APPLIED;
}

static enum delta_status eval_alter_column(const struct delta *d, const struct table *t,
					   const struct table *e, struct strbuf *out)
{
	const struct column *c, *ec;

	/* fill: the column is added and filled by the deltas before this one */
	if (!(c = delta_column(d, t, out)))
		return t && d->fill ? DS_MISSING : DS_CONFLICT;
	if (!(ec = table_column(e, d->column))) {
		strbuf_addf(out, "no expected 3.2.0 shape for %s.%s", d->table, d->column);
		return DS_NA;
	}
	if (family_differs(c, ec)) {
		add_column_types(out, d, c, ec);
		return DS_CONFLICT;
	}
	/* fill: NOT NULL alone is judged (WSO2's client adds UM_USER_ID as
	 * CHAR(36), fresh 3.2.0 as VARCHAR(255)) */
	if (!d->fill && (c->type == COL_CHAR || c->type == COL_VARCHAR) && c->size > 0 &&
	    ec->size > c->size) {
		add_column_types(out, d, c, ec);
		return DS_MISSING;
	}
	if (!c->nullable != !ec->nullable) {
		strbuf_addf(out, "%s.%s %s, expected %s", d->table, d->column,
			    c->nullable ? "allows NULL" : "is NOT NULL",
			    ec->nullable ? "NULL allowed" : "NOT NULL");
		return DS_MISSING;
	}
	return DS_APPLIED;
}

/* add-unique and add-index: the key exists, or the delta is missing. */
/* 1 when t has a unique key (or primary key) over a proper subset of the
 * columns of d: uniqueness over them is then stricter than over all. */
static int stricter_key(const struct table *t, const struct delta *d)
{
	for (size_t k = 0; k < t->nkeys; k++) {
		const struct key *key = &t->keys[k];
		size_t in = 0;

		if ((key->kind != KEY_UNIQUE && key->kind != KEY_PRIMARY) || key->ncols >= d->ncols)
			continue;
		for (size_t c = 0; c < key->ncols; c++)
			for (size_t j = 0; j < d->ncols; j++)
				if (str_caseeq(key->cols[c], d->cols[j])) {
					in++;
					break;
				}
		if (in == key->ncols && in)
			return 1;
	}
	return 0;
}

static enum delta_status eval_add_key(const struct delta *d, const struct table *t,
				      struct strbuf *out)
{
	const char *absent;
	int found;

	if (!t) {
		strbuf_addf(out, "table %s does not exist yet", d->table);
		return DS_MISSING;
	}
	if ((absent = first_absent(t, d->ncols, d->cols)) != NULL) {
		strbuf_addf(out, "column %s.%s does not exist yet", d->table, absent);
		return DS_MISSING;
	}
	/* A primary key is a unique key (and an index) over its columns. */
	found = table_find_key(t, KEY_UNIQUE, d->ncols, CCOLS(d->cols)) ||
		pk_is(t, d->ncols, d->cols);
	if (!found && d->stricter_key)
		found = stricter_key(t, d);
	if (d->op == DOP_ADD_INDEX)
		found = found || table_find_key(t, KEY_INDEX, d->ncols, CCOLS(d->cols));
	if (found)
		return DS_APPLIED;
	strbuf_addf(out, "%s has no %s over (", d->table,
		    d->op == DOP_ADD_INDEX ? "index" : "unique key");
	add_cols(out, d->ncols, d->cols);
	strbuf_addch(out, ')');
	return DS_MISSING;
}

/* drop-unique and drop-index: applied once no such key is left. */
static enum delta_status eval_drop_key(const struct delta *d, const struct table *t,
				       struct strbuf *out)
{
	enum key_kind kind = d->op == DOP_DROP_UNIQUE ? KEY_UNIQUE : KEY_INDEX;

	if (!t || !table_find_key(t, kind, d->ncols, CCOLS(d->cols)))
		return DS_APPLIED;
	strbuf_addf(out, "%s still has %s over (", d->table,
		    kind == KEY_UNIQUE ? "a unique key" : "an index");
	add_cols(out, d->ncols, d->cols);
	strbuf_addch(out, ')');
	return DS_MISSING;
}

static enum delta_status eval_set_pk(const struct delta *d, const struct table *t,
				     struct strbuf *out)
{
	const struct key *pk;

	if (!t) {
		strbuf_addf(out, "table %s does not exist", d->table);
		return DS_CONFLICT;
	}
	if (pk_is(t, d->ncols, d->cols))
		return DS_APPLIED;
	pk = table_primary_key(t);
	if (!pk) {
		strbuf_addf(out, "%s has no primary key, expected (", d->table);
		add_cols(out, d->ncols, d->cols);
		strbuf_addch(out, ')');
		if (table_find_key(t, KEY_UNIQUE, d->ncols, CCOLS(d->cols)))
			strbuf_addstr(out, "; a unique key over those columns stands in for it");
		return DS_MISSING;
	}
	strbuf_addf(out, "%s primary key is (", d->table);
	add_cols(out, pk->ncols, pk->cols);
	strbuf_addstr(out, "), expected (");
	add_cols(out, d->ncols, d->cols);
	strbuf_addch(out, ')');
	if (pk_is(t, d->nfrom, d->from))
		return DS_MISSING;
	strbuf_addstr(out, " and neither the 3.0.0 key");
	return DS_CONFLICT;
}

static enum delta_status eval_drop_pk(const struct delta *d, const struct table *t,
				      struct strbuf *out)
{
	if (!t || !pk_is(t, d->ncols, d->cols))
		return DS_APPLIED;
	strbuf_addf(out, "%s still has its primary key (", d->table);
	add_cols(out, d->ncols, d->cols);
	strbuf_addch(out, ')');
	return DS_MISSING;
}

static enum delta_status eval_trigger(const struct delta *d, const struct table *t,
				      struct strbuf *out)
{
	if (!t) {
		strbuf_addf(out, "table %s does not exist yet", d->table);
		return DS_MISSING;
	}
	if (table_has_trigger(t, d->trigger))
		return DS_APPLIED;
	strbuf_addf(out, "%s has no trigger %s", d->table, d->trigger);
	return DS_MISSING;
}

static enum delta_status eval_data_fix(const struct delta *d, const struct table *t,
				       long count, struct strbuf *out)
{
	if (!t) {
		strbuf_addf(out, "table %s does not exist yet", d->table);
		return DS_MISSING;
	}
	if (d->column && !table_column(t, d->column)) {
		strbuf_addf(out, "column %s.%s does not exist yet", d->table, d->column);
		return DS_MISSING;
	}
	if (count == DELTA_COUNT_SOME) {
		strbuf_addf(out, "rows to fix (not counted): %s", d->title ? d->title : d->id);
		return DS_MISSING;
	}
	if (count < 0) {
		strbuf_addstr(out, "not counted");
		return DS_NA;
	}
	if (count == 0)
		return DS_APPLIED;
	strbuf_addf(out, "%ld row%s to fix: %s", count, count == 1 ? "" : "s",
		    d->title ? d->title : d->id);
	return DS_MISSING;
}

enum delta_status delta_evaluate(const struct delta *d, const struct catalog *live,
				 const struct catalog *expected, long count,
				 struct strbuf *detail)
{
	struct strbuf scratch = STRBUF_INIT;
	struct strbuf *out = detail ? detail : &scratch;
	const struct table *t = catalog_table(live, d->table);
	const struct table *e = expected ? catalog_table(expected, d->table) : NULL;
	enum delta_status st = DS_NA;

	strbuf_reset(out);
	switch (d->op) {
	case DOP_CREATE_TABLE:
		st = eval_create_table(d, t, e, out);
		break;
	case DOP_ADD_COLUMN:
		st = eval_add_column(d, t, e, out);
		break;
	case DOP_ALTER_COLUMN:
		st = eval_alter_column(d, t, e, out);
		break;
	case DOP_ADD_UNIQUE:
	case DOP_ADD_INDEX:
		st = eval_add_key(d, t, out);
		break;
	case DOP_DROP_UNIQUE:
	case DOP_DROP_INDEX:
		st = eval_drop_key(d, t, out);
		break;
	case DOP_SET_PRIMARY_KEY:
		st = eval_set_pk(d, t, out);
		break;
	case DOP_DROP_PRIMARY_KEY:
		st = eval_drop_pk(d, t, out);
		break;
	case DOP_ADD_TRIGGER:
		st = eval_trigger(d, t, out);
		break;
	case DOP_DATA_FIX:
		st = eval_data_fix(d, t, count, out);
		break;
	case DOP_COUNT:
		break;
	}
	strbuf_release(&scratch);
	return st;
}

int delta_countable(const struct delta *d, const struct catalog *live)
{
	const struct table *t;

	if (d->op != DOP_DATA_FIX || !d->count_sql)
		return 0;
	t = catalog_table(live, d->table);
	return t && (!d->column || table_column(t, d->column));
}

/* --------------------------------------------------------------- symbolic */

/* Removes every key of kind over cols from t. */
static void remove_keys(struct table *t, enum key_kind kind, size_t n, char *const *cols)
{
	struct key *k;

	while ((k = table_find_key(t, kind, n, CCOLS(cols))) != NULL)
		table_remove_key(t, k);
}

static void apply_set_pk(const struct delta *d, struct table *t)
{
	struct key *pk;

	while ((pk = table_primary_key(t)) != NULL)
		table_remove_key(t, pk);
	table_add_key(t, KEY_PRIMARY, NULL, d->ncols, CCOLS(d->cols), NULL, NULL);
	/* A primary key makes its columns NOT NULL. */
	for (size_t i = 0; i < d->ncols; i++) {
		struct column *c = table_column(t, d->cols[i]);
		if (c)
			c->nullable = 0;
	}
}

void delta_apply_symbolic(const struct delta *d, struct catalog *cat,
			  const struct catalog *expected)
{
	struct table *t = catalog_table(cat, d->table);
	const struct table *e = expected ? catalog_table(expected, d->table) : NULL;
	const struct column *ec;
	struct column *c;
	struct key *k;

	switch (d->op) {
	case DOP_CREATE_TABLE:
		/* CREATE TABLE leaves an existing table as it is. */
		if (!t && e)
			catalog_put_table(cat, e);
		else if (!t)
			catalog_add_table(cat, d->table);
		break;
	case DOP_ADD_COLUMN:
		if (!t || table_column(t, d->column))
			break;
		if ((ec = table_column(e, d->column)) != NULL) {
			table_add_column(t, ec);
		} else {
			struct column nc = { 0 };
			nc.name = d->column;
			nc.nullable = 1;
			table_add_column(t, &nc);
		}
		/* a UUID fill: added NULL allowed, an alter-column delta makes it
		 * NOT NULL after its data fix (render_add_column) */
		if (d->fill && !strcmp(d->fill, "uuid"))
			table_column(t, d->column)->nullable = 1;
		/* the value existing rows get stays the column's default, as
		 * after the guide's script */
		if (d->fill && strcmp(d->fill, "uuid")) {
			struct column *added = table_column(t, d->column);
			int autoinc = 0;

			free(added->defval);
			added->defval = catalog_default_normalise(d->fill, &autoinc);
		}
		break;
	case DOP_ALTER_COLUMN:
		if (!t || !(c = table_column(t, d->column)) || !(ec = table_column(e, d->column)))
			break;
		free(c->defval);
		c->type = ec->type;
		c->size = ec->size;
		c->scale = ec->scale;
		c->nullable = ec->nullable;
		c->defval = xstrdup(ec->defval);
		break;
	case DOP_ADD_UNIQUE:
		if (t && !table_find_key(t, KEY_UNIQUE, d->ncols, CCOLS(d->cols))) {
			k = table_find_key(e, KEY_UNIQUE, d->ncols, CCOLS(d->cols));
			table_add_key(t, KEY_UNIQUE, k ? k->name : NULL, d->ncols, CCOLS(d->cols),
				      NULL, NULL);
		}
		break;
	case DOP_ADD_INDEX:
		if (t && !table_find_key(t, KEY_INDEX, d->ncols, CCOLS(d->cols)) &&
		    !table_find_key(t, KEY_UNIQUE, d->ncols, CCOLS(d->cols))) {
			/* The expected catalog may hold it as a unique index. */
			enum key_kind kind = KEY_INDEX;
			if (!(k = table_find_key(e, KEY_INDEX, d->ncols, CCOLS(d->cols))) &&
			    (k = table_find_key(e, KEY_UNIQUE, d->ncols, CCOLS(d->cols))) != NULL)
				kind = KEY_UNIQUE;
			table_add_key(t, kind, k ? k->name : NULL, d->ncols, CCOLS(d->cols), NULL, NULL);
		}
		break;
	case DOP_DROP_UNIQUE:
		if (t)
			remove_keys(t, KEY_UNIQUE, d->ncols, d->cols);
		break;
	case DOP_DROP_INDEX:
		if (t)
			remove_keys(t, KEY_INDEX, d->ncols, d->cols);
		break;
	case DOP_SET_PRIMARY_KEY:
		if (t)
			apply_set_pk(d, t);
		break;
	case DOP_DROP_PRIMARY_KEY:
		if (t && pk_is(t, d->ncols, d->cols))
			table_remove_key(t, table_primary_key(t));
		break;
	case DOP_ADD_TRIGGER:
		if (t)
			table_add_trigger(t, d->trigger);
		break;
	case DOP_DATA_FIX:
	case DOP_COUNT:
		break;
	}
}

struct catalog *delta_symbolic_target(const struct delta_set *set, enum db_index db,
				      enum dialect_id dialect, const struct catalog *v300,
				      const struct catalog *v320, int with_identity)
{
	struct catalog *cat = catalog_dup(v300);

	for (size_t i = 0; i < set->n; i++) {
		const struct delta *d = &set->items[i];

		if (d->db == db && delta_applies(d, dialect) &&
		    (with_identity || d->component != COMP_IDENTITY))
			delta_apply_symbolic(d, cat, v320);
	}
	return cat;
}

struct catalog *delta_project(const struct delta_result *results, size_t n,
			      const struct catalog *live, const struct catalog *v320)
{
	struct catalog *cat = catalog_dup(live);

	for (size_t i = 0; i < n; i++)
		if (results[i].status == DS_MISSING)
			delta_apply_symbolic(results[i].delta, cat, v320);
	return cat;
}
