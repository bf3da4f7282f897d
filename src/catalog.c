/* catalog: tables, columns, keys and triggers of one schema (see catalog.h). */
#include "catalog.h"

#include <ctype.h>
#include <stdio.h>
#include <strings.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "banned.h"

struct catalog *catalog_new(void)
{
	return xcalloc(1, sizeof(struct catalog));
}

static void key_release(struct key *k)
{
	for (size_t i = 0; i < k->ncols; i++) {
		free(k->cols[i]);
		if (k->ref_cols)
			free(k->ref_cols[i]);
	}
	free(k->cols);
	free(k->ref_cols);
	free(k->ref_table);
	free(k->name);
}

static void column_release(struct column *c)
{
	free(c->name);
	free(c->defval);
}

static void table_release(struct table *t)
{
	for (size_t i = 0; i < t->ncols; i++)
		column_release(&t->cols[i]);
	for (size_t i = 0; i < t->nkeys; i++)
		key_release(&t->keys[i]);
	for (size_t i = 0; i < t->ntriggers; i++)
		free(t->triggers[i]);
	free(t->cols);
	free(t->keys);
	free(t->triggers);
	free(t->name);
	memset(t, 0, sizeof(*t));
}

void catalog_free(struct catalog *cat)
{
	if (!cat)
		return;
	for (size_t i = 0; i < cat->ntables; i++)
		table_release(&cat->tables[i]);
	free(cat->tables);
	free(cat);
}

static void table_copy_into(struct table *dst, const struct table *src)
{
	memset(dst, 0, sizeof(*dst));
	dst->name = xstrdup(src->name);
	for (size_t i = 0; i < src->ncols; i++)
		table_add_column(dst, &src->cols[i]);
	for (size_t i = 0; i < src->nkeys; i++) {
		const struct key *k = &src->keys[i];
		struct key *c = table_add_key(dst, k->kind, k->name, k->ncols,
					      (const char *const *)k->cols, k->ref_table,
					      (const char *const *)k->ref_cols);

		c->bare_index = k->bare_index;
		c->on_delete = k->on_delete;
		c->on_update = k->on_update;
	}
	for (size_t i = 0; i < src->ntriggers; i++)
		table_add_trigger(dst, src->triggers[i]);
}

struct catalog *catalog_dup(const struct catalog *cat)
{
	struct catalog *copy = catalog_new();

	for (size_t i = 0; i < cat->ntables; i++)
		catalog_put_table(copy, &cat->tables[i]);
	return copy;
}

struct table *catalog_table(const struct catalog *cat, const char *name)
{
	for (size_t i = 0; cat && i < cat->ntables; i++)
		if (str_caseeq(cat->tables[i].name, name))
			return &cat->tables[i];
	return NULL;
}

struct table *catalog_add_table(struct catalog *cat, const char *name)
{
	struct table *t = catalog_table(cat, name);

	if (t)
		return t;
	ALLOC_GROW(cat->tables, cat->ntables + 1, cat->tables_alloc);
	t = &cat->tables[cat->ntables++];
	memset(t, 0, sizeof(*t));
	t->name = xstrdup(name);
	return t;
}

void catalog_remove_table(struct catalog *cat, const char *name)
{
	struct table *t = catalog_table(cat, name);
	size_t i;

	if (!t)
		return;
	i = (size_t)(t - cat->tables);
	table_release(t);
	memmove(&cat->tables[i], &cat->tables[i + 1],
		(cat->ntables - i - 1) * sizeof(*cat->tables));
	cat->ntables--;
}

struct table *catalog_put_table(struct catalog *cat, const struct table *t)
{
	struct table *dst = catalog_table(cat, t->name);

	if (dst) {
		struct table tmp;
		table_copy_into(&tmp, t);   /* t may live inside dst's catalog */
		table_release(dst);
		*dst = tmp;
		return dst;
	}
	ALLOC_GROW(cat->tables, cat->ntables + 1, cat->tables_alloc);
	dst = &cat->tables[cat->ntables++];
	table_copy_into(dst, t);
	return dst;
}

struct column *table_column(const struct table *t, const char *name)
{
	for (size_t i = 0; t && i < t->ncols; i++)
		if (str_caseeq(t->cols[i].name, name))
			return &t->cols[i];
	return NULL;
}

struct column *table_add_column(struct table *t, const struct column *col)
{
	struct column *c;

	ALLOC_GROW(t->cols, t->ncols + 1, t->cols_alloc);
	c = &t->cols[t->ncols++];
	*c = *col;
	c->name = xstrdup(col->name);
	c->defval = xstrdup(col->defval);
	return c;
}

void table_remove_column(struct table *t, const char *name)
{
	struct column *c = table_column(t, name);
	size_t i;

	if (!c)
		return;
	i = (size_t)(c - t->cols);
	column_release(c);
	memmove(&t->cols[i], &t->cols[i + 1], (t->ncols - i - 1) * sizeof(*t->cols));
	t->ncols--;
}

struct key *table_add_key(struct table *t, enum key_kind kind, const char *name,
			  size_t ncols, const char *const *cols,
			  const char *ref_table, const char *const *ref_cols)
{
	struct key *k;

	ALLOC_GROW(t->keys, t->nkeys + 1, t->keys_alloc);
	k = &t->keys[t->nkeys++];
	memset(k, 0, sizeof(*k));
	k->kind = kind;
	k->name = xstrdup(name);
	k->ncols = ncols;
	k->cols = xcalloc(ncols ? ncols : 1, sizeof(char *));
	for (size_t i = 0; i < ncols; i++)
		k->cols[i] = xstrdup(cols[i]);
	if (kind == KEY_FOREIGN) {
		k->ref_table = xstrdup(ref_table);
		k->ref_cols = xcalloc(ncols ? ncols : 1, sizeof(char *));
		for (size_t i = 0; ref_cols && i < ncols; i++)
			k->ref_cols[i] = xstrdup(ref_cols[i]);
	}
	return k;
}

struct key *table_primary_key(const struct table *t)
{
	for (size_t i = 0; t && i < t->nkeys; i++)
		if (t->keys[i].kind == KEY_PRIMARY)
			return &t->keys[i];
	return NULL;
}

int catalog_colset_equal(size_t na, char *const *a, size_t nb, const char *const *b)
{
	if (na != nb)
		return 0;
	for (size_t i = 0; i < na; i++) {
		size_t j;
		for (j = 0; j < nb; j++)
			if (str_caseeq(a[i], b[j]))
				break;
		if (j == nb)
			return 0;
	}
	return 1;
}

struct key *table_find_key(const struct table *t, enum key_kind kind,
			   size_t ncols, const char *const *cols)
{
	for (size_t i = 0; t && i < t->nkeys; i++) {
		struct key *k = &t->keys[i];
		if (k->kind == kind && catalog_colset_equal(k->ncols, k->cols, ncols, cols))
			return k;
	}
	return NULL;
}

void table_remove_key(struct table *t, struct key *k)
{
	size_t i = (size_t)(k - t->keys);

	if (i >= t->nkeys)
		return;
	key_release(k);
	memmove(&t->keys[i], &t->keys[i + 1], (t->nkeys - i - 1) * sizeof(*t->keys));
	t->nkeys--;
}

void table_add_trigger(struct table *t, const char *name)
{
	if (table_has_trigger(t, name))
		return;
	ALLOC_GROW(t->triggers, t->ntriggers + 1, t->triggers_alloc);
	t->triggers[t->ntriggers++] = xstrdup(name);
}

int table_has_trigger(const struct table *t, const char *name)
{
	for (size_t i = 0; t && i < t->ntriggers; i++)
		if (str_caseeq(t->triggers[i], name))
			return 1;
	return 0;
}

static int table_cmp(const void *a, const void *b)
{
	return str_casecmp(((const struct table *)a)->name, ((const struct table *)b)->name);
}

static int cols_cmp(size_t na, char *const *a, size_t nb, char *const *b)
{
	for (size_t i = 0; i < na && i < nb; i++) {
		int c = str_casecmp(a[i], b[i]);
		if (c)
			return c;
	}
	return (na > nb) - (na < nb);
}

static int key_cmp(const void *a, const void *b)
{
	const struct key *x = a, *y = b;
	int c;

	if (x->kind != y->kind)
		return (int)x->kind - (int)y->kind;
	c = cols_cmp(x->ncols, x->cols, y->ncols, y->cols);
	if (c)
		return c;
	c = str_casecmp(x->ref_table, y->ref_table);
	if (c)
		return c;
	return str_casecmp(x->name, y->name);
}

static int str_ptr_cmp(const void *a, const void *b)
{
	return str_casecmp(*(char *const *)a, *(char *const *)b);
}

/* Upper-cases s in place when it has no upper-case letter. */
static void fold_upper(char *s)
{
	for (const char *p = s; p && *p; p++)
		if (isupper((unsigned char)*p))
			return;
	str_upper(s);
}

void catalog_fold_upper(struct catalog *cat)
{
	for (size_t i = 0; i < cat->ntables; i++) {
		struct table *t = &cat->tables[i];
		fold_upper(t->name);
		for (size_t j = 0; j < t->ncols; j++)
			fold_upper(t->cols[j].name);
		for (size_t j = 0; j < t->nkeys; j++) {
			struct key *k = &t->keys[j];
			fold_upper(k->name);
			fold_upper(k->ref_table);
			for (size_t c = 0; c < k->ncols; c++) {
				fold_upper(k->cols[c]);
				if (k->ref_cols)
					fold_upper(k->ref_cols[c]);
			}
		}
		for (size_t j = 0; j < t->ntriggers; j++)
			fold_upper(t->triggers[j]);
	}
}

void catalog_sort(struct catalog *cat)
{
	if (cat->ntables)
		qsort(cat->tables, cat->ntables, sizeof(*cat->tables), table_cmp);
	for (size_t i = 0; i < cat->ntables; i++) {
		struct table *t = &cat->tables[i];
		if (t->nkeys)
			qsort(t->keys, t->nkeys, sizeof(*t->keys), key_cmp);
		if (t->ntriggers)
			qsort(t->triggers, t->ntriggers, sizeof(char *), str_ptr_cmp);
	}
}

/* Neutral names first: catalog_type_name returns the first entry of each
 * type; the others are spellings found in the dialects' catalogs. */
static const struct {
	const char *name;
	enum col_type type;
} type_names[] = {
	{ "smallint", COL_SMALLINT }, { "int2", COL_SMALLINT },
	{ "integer", COL_INTEGER }, { "int", COL_INTEGER }, { "int4", COL_INTEGER },
	{ "mediumint", COL_INTEGER }, { "serial", COL_INTEGER },
	{ "bigint", COL_BIGINT }, { "int8", COL_BIGINT }, { "bigserial", COL_BIGINT },
	{ "decimal", COL_DECIMAL }, { "numeric", COL_DECIMAL }, { "number", COL_DECIMAL },
	{ "real", COL_REAL }, { "float4", COL_REAL },
	{ "double", COL_DOUBLE }, { "double precision", COL_DOUBLE }, { "float8", COL_DOUBLE },
	{ "float", COL_DOUBLE },
	/* MySQL stores BOOLEAN as TINYINT(1); the WSO2 schemas use TINYINT
	 * only for flags. */
	{ "boolean", COL_BOOLEAN }, { "bool", COL_BOOLEAN }, { "bit", COL_BOOLEAN },
	{ "tinyint", COL_BOOLEAN },
	{ "char", COL_CHAR }, { "character", COL_CHAR }, { "bpchar", COL_CHAR },
	{ "nchar", COL_CHAR },
	{ "varchar", COL_VARCHAR }, { "character varying", COL_VARCHAR },
	{ "varchar2", COL_VARCHAR }, { "nvarchar", COL_VARCHAR }, { "nvarchar2", COL_VARCHAR },
	{ "clob", COL_CLOB }, { "text", COL_CLOB }, { "longtext", COL_CLOB },
	{ "mediumtext", COL_CLOB }, { "tinytext", COL_CLOB }, { "nclob", COL_CLOB },
	{ "character large object", COL_CLOB },
	{ "blob", COL_BLOB }, { "bytea", COL_BLOB }, { "longblob", COL_BLOB },
	{ "mediumblob", COL_BLOB }, { "tinyblob", COL_BLOB }, { "varbinary", COL_BLOB },
	{ "binary large object", COL_BLOB }, { "image", COL_BLOB }, { "binary", COL_BLOB },
	{ "long raw", COL_BLOB },
	{ "date", COL_DATE },
	{ "time", COL_TIME },
	{ "timestamp", COL_TIMESTAMP }, { "datetime", COL_TIMESTAMP },
	{ "datetime2", COL_TIMESTAMP }, { "timestamp without time zone", COL_TIMESTAMP },
	{ "timestamp with time zone", COL_TIMESTAMP }, { "timestamptz", COL_TIMESTAMP },
};

static const struct {
	const char *name;
	enum fk_action action;
} fk_action_names[] = {
	/* the names of schemas/ first: catalog_fk_action_name returns them */
	{ "no-action", FK_NO_ACTION }, { "cascade", FK_CASCADE },
	{ "set-null", FK_SET_NULL }, { "set-default", FK_SET_DEFAULT },
	{ "no action", FK_NO_ACTION }, { "restrict", FK_NO_ACTION },
	{ "set null", FK_SET_NULL }, { "set default", FK_SET_DEFAULT },
	/* ODBC: SQL_CASCADE 0, SQL_RESTRICT 1, SQL_SET_NULL 2, SQL_NO_ACTION 3,
	 * SQL_SET_DEFAULT 4 */
	{ "0", FK_CASCADE }, { "1", FK_NO_ACTION }, { "2", FK_SET_NULL },
	{ "3", FK_NO_ACTION }, { "4", FK_SET_DEFAULT },
};

const char *catalog_fk_action_name(enum fk_action action)
{
	for (size_t i = 0; i < sizeof(fk_action_names) / sizeof(fk_action_names[0]); i++)
		if (fk_action_names[i].action == action)
			return fk_action_names[i].name;
	return "no-action";
}

int catalog_fk_action_parse(const char *s, enum fk_action *action)
{
	*action = FK_NO_ACTION;
	for (size_t i = 0; s && i < sizeof(fk_action_names) / sizeof(fk_action_names[0]); i++) {
		if (str_caseeq(s, fk_action_names[i].name)) {
			*action = fk_action_names[i].action;
			return 0;
		}
	}
	return -1;
}

const char *catalog_type_name(enum col_type type)
{
	for (size_t i = 0; i < sizeof(type_names) / sizeof(type_names[0]); i++)
		if (type_names[i].type == type)
			return type_names[i].name;
	return "unknown";
}

enum col_type catalog_type_parse(const char *name)
{
	char buf[64];
	size_t n = 0;

	if (!name)
		return COL_UNKNOWN;
	/* Lower-case, drop "(size)" and " unsigned" style suffixes. */
	for (const char *p = name; *p && *p != '(' && n + 1 < sizeof(buf); p++)
		buf[n++] = (char)tolower((unsigned char)*p);
	buf[n] = '\0';
	str_trim(buf);
	if ((n = strlen(buf)) > 9 && !strcmp(buf + n - 9, " unsigned"))
		buf[n - 9] = '\0';
	if ((n = strlen(buf)) > 15 && !strcmp(buf + n - 15, " auto_increment"))
		buf[n - 15] = '\0';
	for (size_t i = 0; i < sizeof(type_names) / sizeof(type_names[0]); i++)
		if (!strcmp(type_names[i].name, buf))
			return type_names[i].type;
	return COL_UNKNOWN;
}

/* Removes one pair of parentheses enclosing the whole of s, in place. */
static int strip_parens(char *s)
{
	size_t len = strlen(s);
	int depth = 0;

	if (len < 2 || s[0] != '(' || s[len - 1] != ')')
		return 0;
	for (size_t i = 0; i < len - 1; i++) {
		depth += s[i] == '(' ? 1 : s[i] == ')' ? -1 : 0;
		if (!depth)
			return 0;   /* "(a) + (b)" */
	}
	memmove(s, s + 1, len - 2);
	s[len - 2] = '\0';
	str_trim(s);
	return 1;
}

char *catalog_default_normalise(const char *raw, int *autoinc)
{
	char *s, *cast;
	size_t len;

	if (autoinc)
		*autoinc = 0;
	if (!raw)
		return NULL;
	s = str_trim(xstrdup(raw));
	while (strip_parens(s))
		;
	if (!strncasecmp(s, "nextval(", 8)) {
		if (autoinc)
			*autoinc = 1;
		free(s);
		return NULL;
	}
	/* PostgreSQL casts: 'x'::character varying, -1::integer */
	if (s[0] == '\'') {
		char *end = s + 1;
		while (*end && !(*end == '\'' && end[1] != '\''))
			end += *end == '\'' ? 2 : 1;
		if (*end == '\'' && !strncmp(end + 1, "::", 2)) {
			/* '-1'::integer is the number -1; 'x'::character varying a string */
			int textual = strstr(end + 3, "char") || strstr(end + 3, "text");
			end[1] = '\0';
			if (!textual) {
				memmove(s, s + 1, strlen(s));
				s[strlen(s) - 1] = '\0';
			}
		}
	} else if ((cast = strstr(s, "::")) != NULL) {
		*cast = '\0';
		str_trim(s);
		while (strip_parens(s))
			;
	}
	len = strlen(s);
	if (!len || !strcasecmp(s, "NULL")) {
		free(s);
		return NULL;
	}
	if (!strcasecmp(s, "now()") || !strcasecmp(s, "current_timestamp()") ||
	    !strcasecmp(s, "current_timestamp") || !strcasecmp(s, "getdate()") ||
	    !strcasecmp(s, "systimestamp") || !strcasecmp(s, "CURRENT TIMESTAMP") ||
	    !strcasecmp(s, "localtimestamp") || !strcasecmp(s, "sysdate"))  {
		free(s);
		return xstrdup("CURRENT_TIMESTAMP");
	}
	if (!strcasecmp(s, "true") || !strcasecmp(s, "b'1'")) {
		free(s);
		return xstrdup("1");
	}
	if (!strcasecmp(s, "false") || !strcasecmp(s, "b'0'")) {
		free(s);
		return xstrdup("0");
	}
	return s;
}

static int type_sized(enum col_type t)
{
	return t == COL_CHAR || t == COL_VARCHAR || t == COL_DECIMAL;
}

int column_type_equal(const struct column *a, const struct column *b)
{
	if (a->type != b->type)
		return 0;
	if (type_sized(a->type) && a->size && b->size && a->size != b->size)
		return 0;
	return 1;
}

char *catalog_cols_join(size_t ncols, char *const *cols, char *buf, size_t n)
{
	size_t used = 0;

	if (!n)
		return buf;
	buf[0] = '\0';
	for (size_t i = 0; i < ncols; i++) {
		int w = snprintf(buf + used, n - used, "%s%s", i ? "," : "", cols[i]);
		if (w < 0 || (size_t)w >= n - used)
			break;
		used += (size_t)w;
	}
	return buf;
}

char **catalog_cols_split(const char *list, size_t *ncols)
{
	char **cols = NULL;
	size_t n = 0, alloc = 0;
	const char *p = list;

	while (p && *p) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char *item = str_trim(xstrndup(p, len));
		if (*item) {
			ALLOC_GROW(cols, n + 2, alloc);
			cols[n++] = item;
		} else {
			free(item);
		}
		p = end ? end + 1 : NULL;
	}
	ALLOC_GROW(cols, n + 1, alloc);
	cols[n] = NULL;
	*ncols = n;
	return cols;
}

void catalog_cols_free(char **cols, size_t ncols)
{
	for (size_t i = 0; cols && i < ncols; i++)
		free(cols[i]);
	free(cols);
}
