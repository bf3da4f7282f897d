/* schema: expected catalogs as XML, loaded with libxml2 and written back. */
#include "schema.h"

#include <ctype.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <libxml/tree.h>

#include "dialect.h"
#include "xmldoc.h"
#include "banned.h"

static int is_element(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

/* The attribute name of n as a new string, or NULL; free with xmlFree. */
static char *attr(xmlNodePtr n, const char *name)
{
	return (char *)xmlGetProp(n, (const xmlChar *)name);
}

/* Reads a whole non-negative number attribute; 0 when absent, -1 when bad. */
static int attr_long(xmlNodePtr n, const char *name, long *out)
{
	char *v = attr(n, name);
	int rc = 0;

	*out = 0;
	if (v) {
		char *s = str_trim(v);
		if (str_tolong(s, out) || *out < 0)
			rc = -1;
		xmlFree(v);
	}
	return rc;
}

/* "true"/"false"; def when absent, -1 when neither. */
static int attr_bool(xmlNodePtr n, const char *name, int def)
{
	char *v = attr(n, name);
	int rc = def;

	if (v) {
		if (!strcmp(v, "true"))
			rc = 1;
		else if (!strcmp(v, "false"))
			rc = 0;
		else
			rc = -1;
		xmlFree(v);
	}
	return rc;
}

/* An SQL identifier as stored: a letter or _, then letters, digits, _, $, #. */
static int valid_name(const char *s)
{
	if (!s || !(isalpha((unsigned char)*s) || *s == '_'))
		return 0;
	for (s++; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_' && *s != '$' && *s != '#')
			return 0;
	return 1;
}

static void load_column(xmlNodePtr n, struct table *t, const char *path, struct strbuf *err)
{
	char *name = attr(n, "name"), *type = attr(n, "type"), *def = attr(n, "default");
	struct column col = { 0 };
	long scale;

	if (!valid_name(name)) {
		xmldoc_node_error(err, path, n, "column name '%s' of table %s is not an identifier",
				  name ? name : "", t->name);
		goto out;
	}
	if (table_column(t, name)) {
		xmldoc_node_error(err, path, n, "duplicate column %s in table %s", name, t->name);
		goto out;
	}
	col.name = name;
	col.type = type ? catalog_type_parse(type) : COL_UNKNOWN;
	/* Only the neutral spellings: "int4" or "longblob" are a dialect's. */
	if (col.type == COL_UNKNOWN || strcmp(catalog_type_name(col.type), type)) {
		xmldoc_node_error(err, path, n, "unknown type '%s' of column %s.%s",
				  type ? type : "", t->name, name);
		goto out;
	}
	if (attr_long(n, "size", &col.size)) {
		xmldoc_node_error(err, path, n, "bad size of column %s.%s", t->name, name);
		goto out;
	}
	if (attr_long(n, "scale", &scale) || scale > col.size) {
		xmldoc_node_error(err, path, n, "bad scale of column %s.%s", t->name, name);
		goto out;
	}
	col.scale = (int)scale;
	col.nullable = attr_bool(n, "nullable", 1);
	col.autoinc = attr_bool(n, "autoinc", 0);
	if (col.nullable < 0 || col.autoinc < 0) {
		xmldoc_node_error(err, path, n,
				  "nullable and autoinc of column %s.%s must be true or false",
				  t->name, name);
		goto out;
	}
	col.defval = def;
	table_add_column(t, &col);
out:
	xmlFree(name);
	xmlFree(type);
	xmlFree(def);
}

static const struct {
	const char *element;
	enum key_kind kind;
} key_elements[] = {
	{ "primary-key", KEY_PRIMARY },
	{ "unique", KEY_UNIQUE },
	{ "foreign-key", KEY_FOREIGN },
	{ "index", KEY_INDEX },
};

/* Checks that every name of cols (those of the element n) is a column of t. */
static int check_columns(const struct table *t, size_t ncols, char **cols, xmlNodePtr n,
			 const char *path, struct strbuf *err)
{
	int rc = 0;

	for (size_t i = 0; i < ncols; i++) {
		if (!table_column(t, cols[i])) {
			xmldoc_node_error(err, path, n, "%s of table %s names unknown column %s",
					  (const char *)n->name, t->name, cols[i]);
			rc = -1;
		}
	}
	return rc;
}

static void load_key(xmlNodePtr n, enum key_kind kind, struct table *t, const char *path,
		     struct strbuf *err)
{
	char *list = attr(n, "columns"), *ref_table = attr(n, "ref-table");
	char *ref_list = attr(n, "ref-columns");
	char **cols = NULL, **ref_cols = NULL;
	size_t ncols = 0, nref = 0;
	const char *what = (const char *)n->name;

	cols = catalog_cols_split(list ? list : "", &ncols);
	if (!ncols) {
		xmldoc_node_error(err, path, n, "%s of table %s has no columns", what, t->name);
		goto out;
	}
	if (check_columns(t, ncols, cols, n, path, err))
		goto out;
	if (kind == KEY_PRIMARY && table_primary_key(t)) {
		xmldoc_node_error(err, path, n, "second primary-key of table %s", t->name);
		goto out;
	}
	if (kind == KEY_FOREIGN) {
		ref_cols = catalog_cols_split(ref_list ? ref_list : "", &nref);
		if (!ref_table || !*ref_table || nref != ncols) {
			xmldoc_node_error(err, path, n,
					  "foreign-key of table %s needs ref-table and as many ref-columns as columns",
					  t->name);
			goto out;
		}
	}
	if (kind == KEY_FOREIGN) {
		const char *names[] = { "on-delete", "on-update" };
		enum fk_action actions[2] = { FK_NO_ACTION, FK_NO_ACTION };
		struct key *k;

		for (size_t i = 0; i < 2; i++) {
			char *v = attr(n, names[i]);
			int bad = v && catalog_fk_action_parse(v, &actions[i]);

			if (bad)
				xmldoc_node_error(err, path, n, "foreign-key of table %s: %s=\"%s\" is not "
						  "cascade, set-null, set-default or no-action",
						  t->name, names[i], v);
			xmlFree(v);
			if (bad)
				goto out;
		}
		k = table_add_key(t, kind, NULL, ncols, (const char *const *)cols, ref_table,
				  (const char *const *)ref_cols);
		k->on_delete = actions[0];
		k->on_update = actions[1];
	} else {
		table_add_key(t, kind, NULL, ncols, (const char *const *)cols, NULL, NULL);
	}
out:
	catalog_cols_free(cols, ncols);
	catalog_cols_free(ref_cols, nref);
	xmlFree(list);
	xmlFree(ref_table);
	xmlFree(ref_list);
}

static void load_table(xmlNodePtr n, struct catalog *cat, const char *path, struct strbuf *err)
{
	char *name = attr(n, "name");
	struct table *t;
	xmlNodePtr c;

	if (!valid_name(name)) {
		xmldoc_node_error(err, path, n, "table name '%s' is not an identifier", name ? name : "");
		goto out;
	}
	if (catalog_table(cat, name)) {
		xmldoc_node_error(err, path, n, "duplicate table %s", name);
		goto out;
	}
	t = catalog_add_table(cat, name);
	/* Columns first, wherever they stand, so keys may precede them. */
	for (c = n->children; c; c = c->next)
		if (is_element(c, "column"))
			load_column(c, t, path, err);
	for (c = n->children; c; c = c->next) {
		size_t i;

		if (c->type != XML_ELEMENT_NODE || is_element(c, "column"))
			continue;
		if (is_element(c, "trigger")) {
			char *tname = attr(c, "name");

			if (valid_name(tname))
				table_add_trigger(t, tname);
			else
				xmldoc_node_error(err, path, c, "trigger name '%s' of table %s is not an identifier",
						  tname ? tname : "", t->name);
			xmlFree(tname);
			continue;
		}
		for (i = 0; i < sizeof(key_elements) / sizeof(key_elements[0]); i++)
			if (is_element(c, key_elements[i].element))
				break;
		if (i < sizeof(key_elements) / sizeof(key_elements[0]))
			load_key(c, key_elements[i].kind, t, path, err);
		else
			xmldoc_node_error(err, path, c, "unexpected element <%s> in table %s",
					  (const char *)c->name, t->name);
	}
out:
	xmlFree(name);
}

/* Foreign keys must name a table of the catalog and columns of it. */
static void check_references(xmlNodePtr root, const struct catalog *cat, const char *path,
			     struct strbuf *err)
{
	for (xmlNodePtr tn = root->children; tn; tn = tn->next) {
		char *tname;
		const struct table *t;

		if (!is_element(tn, "table"))
			continue;
		tname = attr(tn, "name");
		t = tname ? catalog_table(cat, tname) : NULL;
		xmlFree(tname);
		if (!t)
			continue;
		for (xmlNodePtr kn = tn->children; kn; kn = kn->next) {
			char *ref = NULL, *list = NULL, **cols = NULL;
			size_t ncols = 0;
			const struct table *rt;

			if (!is_element(kn, "foreign-key"))
				continue;
			ref = attr(kn, "ref-table");
			list = attr(kn, "ref-columns");
			rt = ref ? catalog_table(cat, ref) : NULL;
			if (ref && !rt) {
				xmldoc_node_error(err, path, kn,
						  "foreign-key of table %s references unknown table %s",
						  t->name, ref);
			} else if (rt && list) {
				cols = catalog_cols_split(list, &ncols);
				for (size_t i = 0; i < ncols; i++)
					if (!table_column(rt, cols[i]))
						xmldoc_node_error(err, path, kn,
								  "foreign-key of table %s references unknown column %s.%s",
								  t->name, rt->name, cols[i]);
				catalog_cols_free(cols, ncols);
			}
			xmlFree(ref);
			xmlFree(list);
		}
	}
}

int schema_load_file(const char *path, const char *rng, struct catalog **out,
		     struct strbuf *err)
{
	struct xmldoc_grammar *grammar = NULL;
	struct catalog *cat = NULL;
	xmlDocPtr doc = NULL;
	xmlNodePtr root;
	size_t len0 = err->len;
	int rc = -1;

	*out = NULL;
	if (rng && xmldoc_grammar_load(rng, &grammar, err))
		goto out;
	if (xmldoc_read(path, grammar, &doc, err))
		goto out;
	root = xmlDocGetRootElement(doc);
	if (!root || !is_element(root, "catalog")) {
		xmldoc_node_error(err, path, root, "root element is not <catalog>");
		goto out;
	}
	cat = catalog_new();
	for (xmlNodePtr n = root->children; n; n = n->next) {
		if (is_element(n, "table"))
			load_table(n, cat, path, err);
		else if (n->type == XML_ELEMENT_NODE)
			xmldoc_node_error(err, path, n, "unexpected element <%s> in catalog",
					  (const char *)n->name);
	}
	check_references(root, cat, path, err);
	if (err->len > len0)
		goto out;
	*out = cat;
	cat = NULL;
	rc = 0;
out:
	catalog_free(cat);
	xmlFreeDoc(doc);
	xmldoc_grammar_free(grammar);
	return rc;
}

static int file_exists(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISREG(st.st_mode);
}

int schema_load(const char *dir, const char *db, const char *version,
		const char *dialect, struct catalog **out, struct strbuf *err)
{
	const struct dialect *d = dialect ? dialect_from_name(dialect) : NULL;
	const char *dname = d ? d->name : dialect;
	char *lower = NULL, *path = NULL, *rng = NULL, *tried = NULL;
	int rc = -1;

	*out = NULL;
	if (!dir || !db || !version) {
		strbuf_addstr(err, "schema_load: directory, database and version are required");
		goto out;
	}
	lower = xstrdup(db);
	for (char *p = lower; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	if (dname) {
		path = xasprintf("%s/%s/%s-%s.xml", dir, dname, lower, version);
		if (!file_exists(path)) {
			tried = path;
			path = NULL;
		}
	}
	if (!path)
		path = xasprintf("%s/%s-%s.xml", dir, lower, version);
	if (!file_exists(path)) {
		strbuf_addf(err, "%s: no expected catalog for %s %s", path, db, version);
		if (tried)
			strbuf_addf(err, " (nor %s)", tried);
		goto out;
	}
	rng = xasprintf("%s/catalog.rng", dir);
	if (!file_exists(rng)) {
		strbuf_addf(err, "%s: grammar missing", rng);
		goto out;
	}
	rc = schema_load_file(path, rng, out, err);
out:
	free(lower);
	free(path);
	free(tried);
	free(rng);
	return rc;
}

void endstates_add(struct endstates *es, const char *route, struct catalog *cat)
{
	ALLOC_GROW(es->items, es->n + 1, es->alloc);
	es->items[es->n].route = xstrdup(route);
	es->items[es->n].cat = cat;
	es->n++;
}

void endstates_release(struct endstates *es)
{
	for (size_t i = 0; i < es->n; i++) {
		free(es->items[i].route);
		catalog_free(es->items[i].cat);
	}
	free(es->items);
	memset(es, 0, sizeof(*es));
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int schema_load_endstates(const char *dir, const char *db, const char *dialect,
			  struct endstates *es, struct strbuf *err)
{
	const struct dialect *d = dialect ? dialect_from_name(dialect) : NULL;
	char *sub = NULL, *prefix = NULL, *rng = NULL;
	char **names = NULL;
	size_t nnames = 0, alloc = 0, plen;
	DIR *dh = NULL;
	struct dirent *de;
	int rc = -1;

	if (!dir || !db) {
		strbuf_addstr(err, "schema_load_endstates: directory and database are required");
		goto out;
	}
	rc = 0;
	if (!d)
		goto out;
	sub = xasprintf("%s/endstates/%s", dir, d->name);
	if (!(dh = opendir(sub)))
		goto out;
	prefix = xasprintf("%s-", db);
	for (char *p = prefix; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	plen = strlen(prefix);
	while ((de = readdir(dh))) {
		size_t len = strlen(de->d_name);

		if (len > plen + 4 && !strncmp(de->d_name, prefix, plen) &&
		    !strcmp(de->d_name + len - 4, ".xml")) {
			ALLOC_GROW(names, nnames + 1, alloc);
			names[nnames] = xstrdup(de->d_name);
			names[nnames++][len - 4] = '\0';     /* sorted by route */
		}
	}
	if (nnames)   /* qsort may not be given NULL */
		qsort(names, nnames, sizeof(*names), cmp_names);
	rng = xasprintf("%s/catalog.rng", dir);
	for (size_t i = 0; i < nnames && !rc; i++) {
		char *path = xasprintf("%s/%s.xml", sub, names[i]);
		struct catalog *cat = NULL;

		if (schema_load_file(path, rng, &cat, err))
			rc = -1;
		else
			endstates_add(es, names[i] + plen, cat);
		free(path);
	}
out:
	if (dh)
		closedir(dh);
	for (size_t i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	free(sub);
	free(prefix);
	free(rng);
	return rc;
}

/* Writes s as the value of a double-quoted attribute.  Returns -1 when s
 * holds a character XML 1.0 cannot carry. */
static int put_escaped(FILE *f, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		/* Character references survive attribute-value normalisation. */
		case '\t': fputs("&#9;", f); break;
		case '\n': fputs("&#10;", f); break;
		case '\r': fputs("&#13;", f); break;
		default:
			if (*p < 0x20)
				return -1;
			fputc(*p, f);
		}
	}
	return 0;
}

static int put_attr(FILE *f, const char *name, const char *value)
{
	if (!value)
		return 0;
	fprintf(f, " %s=\"", name);
	if (put_escaped(f, value))
		return -1;
	fputc('"', f);
	return 0;
}

static int put_cols_attr(FILE *f, const char *name, size_t ncols, char *const *cols)
{
	fprintf(f, " %s=\"", name);
	for (size_t i = 0; i < ncols; i++) {
		if (i)
			fputc(',', f);
		if (put_escaped(f, cols[i]))
			return -1;
	}
	fputc('"', f);
	return 0;
}

static int write_table(FILE *f, const struct table *t)
{
	static const char *const key_element[KEY_KIND_COUNT] = {
		[KEY_PRIMARY] = "primary-key", [KEY_UNIQUE] = "unique",
		[KEY_FOREIGN] = "foreign-key", [KEY_INDEX] = "index",
	};
	int rc = -1;

	fputs("  <table", f);
	if (put_attr(f, "name", t->name))
		goto out;
	fputs(">\n", f);
	for (size_t i = 0; i < t->ncols; i++) {
		const struct column *c = &t->cols[i];

		fputs("    <column", f);
		if (put_attr(f, "name", c->name) ||
		    put_attr(f, "type", catalog_type_name(c->type)))
			goto out;
		if (c->size > 0)
			fprintf(f, " size=\"%ld\"", c->size);
		if (c->scale > 0)
			fprintf(f, " scale=\"%d\"", c->scale);
		if (c->autoinc)
			fputs(" autoinc=\"true\"", f);
		if (!c->nullable)
			fputs(" nullable=\"false\"", f);
		if (put_attr(f, "default", c->defval))
			goto out;
		fputs("/>\n", f);
	}
	for (size_t i = 0; i < t->nkeys; i++) {
		const struct key *k = &t->keys[i];

		if ((int)k->kind < 0 || k->kind >= KEY_KIND_COUNT)
			goto out;
		fprintf(f, "    <%s", key_element[k->kind]);
		if (put_cols_attr(f, "columns", k->ncols, k->cols))
			goto out;
		if (k->kind == KEY_FOREIGN &&
		    (put_attr(f, "ref-table", k->ref_table) ||
		     put_cols_attr(f, "ref-columns", k->ncols, k->ref_cols) ||
		     (k->on_delete && put_attr(f, "on-delete", catalog_fk_action_name(k->on_delete))) ||
		     (k->on_update && put_attr(f, "on-update", catalog_fk_action_name(k->on_update)))))
			goto out;
		fputs("/>\n", f);
	}
	for (size_t i = 0; i < t->ntriggers; i++) {
		fputs("    <trigger", f);
		if (put_attr(f, "name", t->triggers[i]))
			goto out;
		fputs("/>\n", f);
	}
	fputs("  </table>\n", f);
	rc = 0;
out:
	return rc;
}

int schema_write(FILE *f, const struct catalog *cat, const char *db,
		 const char *version, const char *dialect)
{
	struct catalog *sorted = catalog_dup(cat);
	const struct dialect *d = dialect ? dialect_from_name(dialect) : NULL;
	int rc = -1;

	/* The canonical name ("mysql" for "mariadb"), which the grammar knows. */
	if (d)
		dialect = d->name;
	catalog_sort(sorted);
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<catalog", f);
	if (put_attr(f, "db", db) || put_attr(f, "version", version) ||
	    put_attr(f, "dialect", dialect))
		goto out;
	fputs(">\n", f);
	for (size_t i = 0; i < sorted->ntables; i++)
		if (write_table(f, &sorted->tables[i]))
			goto out;
	fputs("</catalog>\n", f);
	if (fflush(f) || ferror(f))
		goto out;
	rc = 0;
out:
	catalog_free(sorted);
	return rc;
}
