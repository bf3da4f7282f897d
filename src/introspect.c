/*
 * introspect: build a catalog from the live database, set-based.
 *
 * Round trips per database (conn.round_trips counts them; conn_open adds
 * its own: SELECT current_schema() / DATABASE(), and on PostgreSQL the
 * read-only SET), whatever the number of tables:
 *   fast path     PostgreSQL: columns 1 (they name the tables too) + keys 1
 *                 + triggers 1 = 3; MySQL/MariaDB: tables 1 + columns 1 +
 *                 keys 1 + triggers 1 = 4 (information_schema.COLUMNS also
 *                 lists views, and joining it to TABLES is slow on MariaDB).
 *                 For the 159 tables of a 3.2.0 WSO2AM_DB about 35 ms on
 *                 PostgreSQL and 25 ms on MariaDB locally (was 100 ms each
 *                 with SQLColumns).
 *   generic path  SQLTables 1 + SQLColumns 1 + fix-ups + triggers, then per
 *                 table SQLPrimaryKeys, SQLStatistics and SQLForeignKeys:
 *                 3N + 4 (481 calls, about 2 s locally; much worse over a
 *                 network), 2N + 4 where the primary key is read from
 *                 SQLStatistics (odbc_pk_seq_broken).  Slow: it exists for
 *                 dialects without a fast path, and for tests.
 *
 * Columns: the fast path reads them with one catalog query per dialect
 * that returns what struct column needs and nothing else; the generic path
 * with one wildcard SQLColumns call plus the dialect's fix-up query, which
 * corrects what the drivers get wrong (psqlODBC: an unbounded varchar is
 * 255 long, an unconstrained numeric (28,6), an identity column has no
 * default; MariaDB ODBC: NOT NULL auto_increment and TIMESTAMP columns are
 * nullable, TINYINT(1) is only TINYINT).  Both give the same columns: the
 * fast queries turn each type into what the fixed-up SQLColumns row says,
 * down to the drivers' fallback for types amdelta has no name for (a
 * PostgreSQL json column is varchar(255), MySQL's enum char, its geometry
 * blob), so that catalogs read either way compare equal.  Known
 * differences, all outside the WSO2 schemas: psqlODBC replaces a default
 * longer than 254 characters by "TRUNCATE" (the fast path reads it whole),
 * names a domain column by the domain (the fast path uses the base type:
 * a domain over boolean is boolean, not psqlODBC's varchar(5), and a domain
 * named *serial* is not auto-increment), and sizes an interval with fields
 * or precision and a varbit its own way (the fast path: varchar(255)).
 *
 * Keys: every key source is turned into rows of one shape, (table, kind
 * P/U/F/I, key name, column, referenced table, referenced column, and for
 * foreign keys the delete and update actions) in key order ('u' is a U that
 * is a unique index backing no constraint, dropped with DROP INDEX), and
 * one loader builds the keys from those rows, so both paths
 * produce the same catalog (identical on the 3.2.0 WSO2AM_DB, SHARED_DB and
 * APIM_ANALYTICS_DB of PostgreSQL; on MariaDB the generic path misses the
 * foreign keys that reference a unique key, see odbc_fk_to_unique_missing).
 * Beyond the WSO2 schemas the generic path also differs by what ODBC
 * cannot tell: it lists partitions as tables, keeps partial indexes, and
 * counts PostgreSQL INCLUDE columns as key columns.
 *
 * Rules (the expected catalogs are made by this same code, so they hold for
 * both sides of every comparison):
 * - only base tables: PostgreSQL relkind r/p (no partitions) of the current
 *   schema, MySQL TABLE_TYPE 'BASE TABLE', generic SQLTables type TABLE;
 * - an index that backs a primary key or unique constraint is that
 *   constraint, not a second key; other unique indexes are KEY_UNIQUE, the
 *   rest KEY_INDEX;
 * - expression and partial indexes (PostgreSQL), functional index parts
 *   (MySQL 8) are skipped: they have no column list to compare;
 * - InnoDB's own index behind a foreign key is kept as a KEY_INDEX (named
 *   after the constraint or its first column): it is a real index the
 *   server maintains, and fresh MySQL installs have it too;
 * - triggers come from the dialect's query in both paths (ODBC has no
 *   catalog function for them); dialects without one report none;
 * - MySQL TINYINT(1) is boolean, any other TINYINT smallint,
 *   EXTRA auto_increment marks auto-increment columns, and IS_NULLABLE is
 *   believed; PostgreSQL serials are found by their nextval() default
 *   (catalog_default_normalise), identity columns by attidentity.
 *
 * The PostgreSQL queries read pg_catalog, much faster than
 * information_schema, and run on 9.6 and later: columns that newer
 * versions added (attidentity 10, indnkeyatts 11, attgenerated 12) are
 * read through row_to_json() or not at all.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "introspect.h"
#include "banned.h"

/* The catalog queries are the dialect's (struct introspect_sql in
 * dialect.h), SQL files under sql/<dialect>/introspect/. */

/* Columns of the uniform key rows: the first K_NCOLS always, the
 * foreign-key actions where the source has them (K_NCOLS_ACTIONS). */
enum { K_TABLE, K_KIND, K_NAME, K_COL, K_REFTABLE, K_REFCOL, K_NCOLS,
       K_ONDELETE = K_NCOLS, K_ONUPDATE, K_NCOLS_ACTIONS };

/* Columns of the fast path's column rows. */
enum {
	F_TABLE, F_COL, F_TYPE_NAME, F_SQL_TYPE, F_SIZE, F_SCALE, F_NULLABLE, F_DEF, F_AUTOINC,
	F_NCOLS
};

/* Columns of the ODBC catalog result sets used here (0-based). */
enum {
	TB_CAT = 0, TB_SCHEM = 1, TB_NAME = 2, TB_TYPE = 3,
	CO_NAME = 3, CO_DATA_TYPE = 4, CO_TYPE_NAME = 5, CO_SIZE = 6,
	CO_DIGITS = 8, CO_NULLABLE = 10, CO_DEF = 12, CO_ORDINAL = 16,
	PK_COL = 3, PK_SEQ = 4, PK_NAME = 5,
	ST_NON_UNIQUE = 3, ST_INDEX = 5, ST_TYPE = 6, ST_ORDINAL = 7, ST_COL = 8,
	FK_PKTABLE = 2, FK_PKCOL = 3, FK_FKCOL = 7, FK_SEQ = 8, FK_UPDATE_RULE = 9,
	FK_DELETE_RULE = 10, FK_NAME = 11,
};

/* Neutral types for the ODBC SQL data types, used when TYPE_NAME is not
 * recognised. */
static const struct {
	SQLSMALLINT sql;
	enum col_type type;
} sql_types[] = {
	{ SQL_SMALLINT, COL_SMALLINT }, { SQL_TINYINT, COL_SMALLINT },
	{ SQL_INTEGER, COL_INTEGER }, { SQL_BIGINT, COL_BIGINT },
	{ SQL_DECIMAL, COL_DECIMAL }, { SQL_NUMERIC, COL_DECIMAL },
	{ SQL_REAL, COL_REAL }, { SQL_FLOAT, COL_DOUBLE }, { SQL_DOUBLE, COL_DOUBLE },
	{ SQL_BIT, COL_BOOLEAN },
	{ SQL_CHAR, COL_CHAR }, { SQL_WCHAR, COL_CHAR },
	{ SQL_VARCHAR, COL_VARCHAR }, { SQL_WVARCHAR, COL_VARCHAR },
	{ SQL_LONGVARCHAR, COL_CLOB }, { SQL_WLONGVARCHAR, COL_CLOB },
	{ SQL_BINARY, COL_BLOB }, { SQL_VARBINARY, COL_BLOB }, { SQL_LONGVARBINARY, COL_BLOB },
	{ SQL_TYPE_DATE, COL_DATE }, { SQL_TYPE_TIME, COL_TIME },
	{ SQL_TYPE_TIMESTAMP, COL_TIMESTAMP },
	{ SQL_DATE, COL_DATE }, { SQL_TIME, COL_TIME }, { SQL_TIMESTAMP, COL_TIMESTAMP },
};

/* TYPE_NAME spellings that mean auto-increment ("serial", "int identity",
 * "int unsigned auto_increment"). */
static const char *const autoinc_markers[] = { "serial", "identity", "auto_increment" };

/* ---- small helpers -------------------------------------------------- */

static const struct introspect_sql *sql_of(const struct conn *c)
{
	return c->dialect->introspect;
}

static long cell_long(const struct result *r, size_t row, size_t col, long dflt)
{
	const char *v = result_get(r, row, col);
	long n;

	if (!v || str_tolong(v, &n))
		return dflt;
	return n;
}

/* Appends a row of n cells (copied) to r, whose ncols must be n. */
static void result_add_row(struct result *r, const char *const *cells, size_t n)
{
	size_t base = r->nrows * n, i;

	r->ncols = n;
	ALLOC_GROW(r->cells, base + n, r->alloc);
	for (i = 0; i < n; i++)
		r->cells[base + i] = xstrdup(cells[i]);
	r->nrows++;
}

/* The catalog and schema arguments of the ODBC catalog functions for the
 * current schema: MySQL's database is the catalog, elsewhere a schema. */
static void scope_args(const struct conn *c, const char **cat, const char **schem)
{
	const char *s = c->schema[0] ? c->schema : NULL;

	*cat = c->dialect->schema_is_catalog ? s : NULL;
	*schem = c->dialect->schema_is_catalog ? NULL : s;
}

/* 1 when a row of an ODBC catalog result set lies in the current schema
 * (schema names given to SQLColumns are patterns: "wso2_am" also matches
 * "wso2xam"). */
static int in_scope(const struct conn *c, const struct result *r, size_t row)
{
	const char *v = result_get(r, row, c->dialect->schema_is_catalog ? TB_CAT : TB_SCHEM);

	return !c->schema[0] || !v || !strcmp(v, c->schema);
}

/* ---- ODBC catalog functions ----------------------------------------- */

enum odbc_call { CALL_TABLES, CALL_COLUMNS, CALL_PRIMARY_KEYS, CALL_STATISTICS, CALL_FOREIGN_KEYS };

static const char *const call_name[] = {
	[CALL_TABLES] = "SQLTables",
	[CALL_COLUMNS] = "SQLColumns",
	[CALL_PRIMARY_KEYS] = "SQLPrimaryKeys",
	[CALL_STATISTICS] = "SQLStatistics",
	[CALL_FOREIGN_KEYS] = "SQLForeignKeys",
};

#define ARG(s) (SQLCHAR *)(s), (SQLSMALLINT)((s) ? SQL_NTS : 0)

/* Makes one catalog call over the current schema (for table, where the
 * call takes one) and reads its result into res (zeroed).  One round trip.
 * SQL_ATTR_METADATA_ID is left off (MariaDB ODBC mishandles it), so the
 * schema and table arguments of SQLTables/SQLColumns are patterns. */
static int odbc_catalog(struct conn *c, enum odbc_call call, const char *table,
			struct result *res, struct strbuf *err)
{
	SQLHSTMT st = SQL_NULL_HSTMT;
	const char *cat, *schem;
	SQLRETURN r = SQL_ERROR;
	int rc = -1;

	scope_args(c, &cat, &schem);
	if (conn_stmt_new(c, &st, err))
		goto out;
	c->round_trips++;
	switch (call) {
	case CALL_TABLES:
		r = SQLTables(st, ARG(cat), ARG(schem), ARG("%"), ARG("TABLE"));
		break;
	case CALL_COLUMNS:
		r = SQLColumns(st, ARG(cat), ARG(schem), ARG("%"), ARG("%"));
		break;
	case CALL_PRIMARY_KEYS:
		r = SQLPrimaryKeys(st, ARG(cat), ARG(schem), ARG(table));
		break;
	case CALL_STATISTICS:
		r = SQLStatistics(st, ARG(cat), ARG(schem), ARG(table), SQL_INDEX_ALL, SQL_QUICK);
		break;
	case CALL_FOREIGN_KEYS:
		r = SQLForeignKeys(st, NULL, 0, NULL, 0, NULL, 0, ARG(cat), ARG(schem), ARG(table));
		break;
	}
	if (!SQL_SUCCEEDED(r)) {
		strbuf_addf(err, "%s failed on %s", call_name[call], c->dbname);
		if (table)
			strbuf_addf(err, " for table %s", table);
		strbuf_addstr(err, ": ");
		odbc_diag(c, SQL_HANDLE_STMT, st, err);
		goto out;
	}
	if (conn_stmt_fetch_all(c, st, call_name[call], res, err))
		goto out;
	rc = 0;
out:
	if (st != SQL_NULL_HSTMT)
		SQLFreeHandle(SQL_HANDLE_STMT, st);
	return rc;
}

/* ---- sorting result rows -------------------------------------------- */

/* A row of a result with its sort keys: k1, k2 (strings, NULL first), n. */
struct rowref {
	const char *k1, *k2;
	long n;
	size_t row;
};

static int cmp_str(const char *a, const char *b)
{
	if (!a || !b)
		return a ? 1 : b ? -1 : 0;
	return strcmp(a, b);
}

static int rowref_cmp(const void *pa, const void *pb)
{
	const struct rowref *a = pa, *b = pb;
	int d = cmp_str(a->k1, b->k1);

	if (!d)
		d = cmp_str(a->k2, b->k2);
	if (!d)
		d = (a->n > b->n) - (a->n < b->n);
	if (!d)
		d = (a->row > b->row) - (a->row < b->row);
	return d;
}

/* Returns the rows of r sorted by columns c1, c2 (SIZE_MAX: none) and the
 * number in column cn; the caller frees the array. */
static struct rowref *sort_rows(const struct result *r, size_t c1, size_t c2, size_t cn)
{
	struct rowref *refs = xcalloc(r->nrows ? r->nrows : 1, sizeof(*refs));
	size_t i;

	for (i = 0; i < r->nrows; i++) {
		refs[i].k1 = c1 == SIZE_MAX ? NULL : result_get(r, i, c1);
		refs[i].k2 = c2 == SIZE_MAX ? NULL : result_get(r, i, c2);
		refs[i].n = cell_long(r, i, cn, 0);
		refs[i].row = i;
	}
	qsort(refs, r->nrows, sizeof(*refs), rowref_cmp);
	return refs;
}

/* ---- loaders -------------------------------------------------------- */

/* Adds the tables named in column col of r; from_odbc (an SQLTables
 * result): only rows in scope whose type is "TABLE". */
static void load_tables(const struct conn *c, struct catalog *cat, const struct result *r,
			size_t col, int from_odbc)
{
	size_t i;

	for (i = 0; i < r->nrows; i++) {
		const char *name = result_get(r, i, col);

		if (!name)
			continue;
		if (from_odbc && (!in_scope(c, r, i) ||
				  !str_caseeq(result_get(r, i, TB_TYPE), "TABLE")))
			continue;
		catalog_add_table(cat, name);
	}
}

static enum col_type type_from_sql(long data_type)
{
	size_t i;

	for (i = 0; i < sizeof(sql_types) / sizeof(sql_types[0]); i++)
		if (sql_types[i].sql == data_type)
			return sql_types[i].type;
	return COL_UNKNOWN;
}

static int contains_ci(const char *s, const char *word)
{
	size_t n = strlen(word);

	for (; s && *s; s++)
		if (!strncasecmp(s, word, n))
			return 1;
	return 0;
}

static int type_name_autoinc(const char *type_name)
{
	size_t i;

	for (i = 0; i < sizeof(autoinc_markers) / sizeof(autoinc_markers[0]); i++)
		if (contains_ci(type_name, autoinc_markers[i]))
			return 1;
	return 0;
}

/* Where the fields of struct column are in a row of column metadata. */
struct column_layout {
	size_t name, type_name, sql_type, size, scale, nullable, def, autoinc;
};

/* An SQLColumns row, which has no auto-increment column of its own. */
static const struct column_layout odbc_columns = {
	CO_NAME, CO_TYPE_NAME, CO_DATA_TYPE, CO_SIZE, CO_DIGITS, CO_NULLABLE, CO_DEF, SIZE_MAX,
};

/* A row of a fast-path columns query. */
static const struct column_layout fast_columns = {
	F_COL, F_TYPE_NAME, F_SQL_TYPE, F_SIZE, F_SCALE, F_NULLABLE, F_DEF, F_AUTOINC,
};

/* Fills col (strings borrowed from r, except defval, which the caller
 * frees) from row i of r laid out as lay says.  The type is the type name's
 * or else the ODBC SQL type's; a size only for char, varchar and decimal. */
static void column_from_row(const struct result *r, size_t i, const struct column_layout *lay,
			    struct column *col)
{
	const char *type_name = result_get(r, i, lay->type_name);
	int autoinc = 0;

	memset(col, 0, sizeof(*col));
	col->name = (char *)result_get(r, i, lay->name);
	col->type = catalog_type_parse(type_name);
	if (col->type == COL_UNKNOWN)
		col->type = type_from_sql(cell_long(r, i, lay->sql_type, 0));
	if (col->type == COL_CHAR || col->type == COL_VARCHAR || col->type == COL_DECIMAL)
		col->size = cell_long(r, i, lay->size, 0);
	if (col->type == COL_DECIMAL)
		col->scale = (int)cell_long(r, i, lay->scale, 0);
	col->nullable = cell_long(r, i, lay->nullable, SQL_NULLABLE) != SQL_NO_NULLS;
	col->defval = catalog_default_normalise(result_get(r, i, lay->def), &autoinc);
	col->autoinc = autoinc || type_name_autoinc(type_name) ||
		       cell_long(r, i, lay->autoinc, 0) != 0;
}

/* Adds the columns of the SQLColumns result r to the tables of cat (rows
 * of other tables, such as views, are dropped), in ordinal order. */
static void load_columns(const struct conn *c, struct catalog *cat, const struct result *r)
{
	struct rowref *refs = sort_rows(r, TB_NAME, SIZE_MAX, CO_ORDINAL);
	struct table *t = NULL;
	size_t i;

	for (i = 0; i < r->nrows; i++) {
		size_t row = refs[i].row;
		const char *tname = result_get(r, row, TB_NAME);
		struct column col;

		if (!tname || !result_get(r, row, CO_NAME) || !in_scope(c, r, row))
			continue;
		if (!t || strcmp(t->name, tname))
			t = catalog_table(cat, tname);
		if (!t)
			continue;
		column_from_row(r, row, &odbc_columns, &col);
		table_add_column(t, &col);
		free(col.defval);
	}
	free(refs);
}

/* Adds the columns of a fast-path columns result r, in row order.  With
 * add_tables, every table named is added (a row with a NULL column adds a
 * table without columns); without, rows of tables cat does not have are
 * dropped. */
static void load_fast_columns(struct catalog *cat, const struct result *r, int add_tables)
{
	struct table *t = NULL;
	size_t i;

	for (i = 0; i < r->nrows; i++) {
		const char *tname = result_get(r, i, F_TABLE);
		struct column col;

		if (!tname)
			continue;
		if (!t || strcmp(t->name, tname))
			t = add_tables ? catalog_add_table(cat, tname) : catalog_table(cat, tname);
		if (!t || !result_get(r, i, F_COL))
			continue;
		column_from_row(r, i, &fast_columns, &col);
		table_add_column(t, &col);
		free(col.defval);
	}
}

/* Applies rows (table, column, autoinc, type, nullable, size) of the
 * dialect's fix-up query. */
static void apply_fixups(struct catalog *cat, const struct result *r)
{
	struct table *t = NULL;
	size_t i;

	for (i = 0; i < r->nrows; i++) {
		const char *tname = result_get(r, i, 0);
		const char *type = result_get(r, i, 3);
		struct column *col;

		if (!tname)
			continue;
		if (!t || strcmp(t->name, tname))
			t = catalog_table(cat, tname);
		col = t ? table_column(t, result_get(r, i, 1)) : NULL;

		if (!col)
			continue;
		if (cell_long(r, i, 2, 0))
			col->autoinc = 1;
		if (type && catalog_type_parse(type) != COL_UNKNOWN) {
			col->type = catalog_type_parse(type);
			col->size = 0;
			col->scale = 0;
		}
		if (result_get(r, i, 4))
			col->nullable = cell_long(r, i, 4, 1) != 0;
		if (result_get(r, i, 5)) {
			col->size = cell_long(r, i, 5, 0);
			col->scale = 0;
		}
	}
}

/* The kind of a key row: P, U, F, I, or 'u' for a unique index that backs
 * no constraint (*bare set). */
static int kind_of(const char *letter, enum key_kind *kind, int *bare)
{
	static const char letters[KEY_KIND_COUNT] = {
		[KEY_PRIMARY] = 'P', [KEY_UNIQUE] = 'U', [KEY_FOREIGN] = 'F', [KEY_INDEX] = 'I',
	};
	int k;

	*bare = 0;
	if (letter && letter[0] == 'u' && letter[1] == '\0') {
		*kind = KEY_UNIQUE;
		*bare = 1;
		return 0;
	}

	for (k = 0; letter && k < KEY_KIND_COUNT; k++) {
		if (letters[k] == letter[0] && letter[1] == '\0') {
			*kind = (enum key_kind)k;
			return 0;
		}
	}
	return -1;
}

static int same_key_row(const struct result *r, size_t a, size_t b)
{
	return !cmp_str(result_get(r, a, K_TABLE), result_get(r, b, K_TABLE)) &&
	       !cmp_str(result_get(r, a, K_KIND), result_get(r, b, K_KIND)) &&
	       !cmp_str(result_get(r, a, K_NAME), result_get(r, b, K_NAME));
}

/* Adds the keys described by uniform rows (table, kind, name, column,
 * ref_table, ref_column), consecutive rows of one key in key order.  A key
 * with a NULL column (an expression) or of an unknown table is skipped. */
static void load_keys(struct catalog *cat, const struct result *r)
{
	const char **cols = NULL, **refs = NULL;
	size_t cols_alloc = 0, refs_alloc = 0;
	size_t i = 0;

	while (i < r->nrows) {
		size_t start = i, n = 0;
		struct table *t = catalog_table(cat, result_get(r, i, K_TABLE));
		const char *ref_table = result_get(r, i, K_REFTABLE);
		enum key_kind kind = KEY_INDEX;
		int bare = 0;
		int skip = kind_of(result_get(r, i, K_KIND), &kind, &bare) || !t;

		for (; i < r->nrows && same_key_row(r, start, i); i++, n++) {
			ALLOC_GROW(cols, n + 1, cols_alloc);
			ALLOC_GROW(refs, n + 1, refs_alloc);
			cols[n] = result_get(r, i, K_COL);
			refs[n] = result_get(r, i, K_REFCOL);
			if (!cols[n] || (!skip && kind == KEY_FOREIGN && !refs[n]))
				skip = 1;
		}
		if (skip)
			continue;
		if (kind == KEY_FOREIGN) {
			struct key *k = table_add_key(t, kind, result_get(r, start, K_NAME), n, cols,
						      ref_table, refs);

			if (r->ncols >= K_NCOLS_ACTIONS) {
				catalog_fk_action_parse(result_get(r, start, K_ONDELETE), &k->on_delete);
				catalog_fk_action_parse(result_get(r, start, K_ONUPDATE), &k->on_update);
			}
		}
		else
			table_add_key(t, kind, result_get(r, start, K_NAME), n, cols, NULL,
				      NULL)->bare_index = bare;
	}
	free(cols);
	free(refs);
}

static void load_triggers(struct catalog *cat, const struct result *r)
{
	size_t i;

	for (i = 0; i < r->nrows; i++) {
		struct table *t = catalog_table(cat, result_get(r, i, 0));
		const char *name = result_get(r, i, 1);

		if (t && name)
			table_add_trigger(t, name);
	}
}

/* ---- generic path: ODBC catalog functions per table ------------------ */

/* Appends the uniform key rows of table t from SQLPrimaryKeys,
 * SQLStatistics and SQLForeignKeys to keys: three round trips, two where
 * the primary key is read from SQLStatistics (odbc_pk_seq_broken). */
static int generic_table_keys(struct conn *c, const struct table *t, struct result *keys,
			      struct strbuf *err)
{
	const struct dialect *d = c->dialect;
	int pk_from_stats = d->odbc_pk_seq_broken && d->pk_index_name;
	struct result pk = { 0 }, st = { 0 }, fk = { 0 };
	struct rowref *refs = NULL;
	const char *pk_name = d->pk_index_name;
	size_t i;
	int rc = -1;

	if ((!pk_from_stats && odbc_catalog(c, CALL_PRIMARY_KEYS, t->name, &pk, err)) ||
	    odbc_catalog(c, CALL_STATISTICS, t->name, &st, err) ||
	    odbc_catalog(c, CALL_FOREIGN_KEYS, t->name, &fk, err))
		goto out;

	refs = sort_rows(&pk, SIZE_MAX, SIZE_MAX, PK_SEQ);
	for (i = 0; i < pk.nrows; i++) {
		size_t row = refs[i].row;
		const char *cells[K_NCOLS_ACTIONS] = {
			t->name, "P", result_get(&pk, row, PK_NAME), result_get(&pk, row, PK_COL),
			NULL, NULL, NULL, NULL,
		};

		if (cells[K_NAME])
			pk_name = cells[K_NAME];
		result_add_row(keys, cells, K_NCOLS_ACTIONS);
	}
	free(refs);

	/* Indexes, except table statistics; the primary key's own index is
	 * the primary key (pk_from_stats) or skipped. */
	refs = sort_rows(&st, ST_INDEX, SIZE_MAX, ST_ORDINAL);
	for (i = 0; i < st.nrows; i++) {
		size_t row = refs[i].row;
		const char *index = result_get(&st, row, ST_INDEX);
		const char *cells[K_NCOLS_ACTIONS] = {
			t->name, cell_long(&st, row, ST_NON_UNIQUE, 1) ? "I" : "U", index,
			result_get(&st, row, ST_COL), NULL, NULL, NULL, NULL,
		};

		if (cell_long(&st, row, ST_TYPE, SQL_TABLE_STAT) == SQL_TABLE_STAT || !index)
			continue;
		if (pk_name && !strcmp(index, pk_name)) {
			if (!pk_from_stats)
				continue;
			cells[K_KIND] = "P";
		}
		/* An expression is not a column: make load_keys skip the index. */
		if (cells[K_COL] && !table_column(t, cells[K_COL]))
			cells[K_COL] = NULL;
		result_add_row(keys, cells, K_NCOLS_ACTIONS);
	}
	free(refs);

	refs = sort_rows(&fk, FK_NAME, FK_PKTABLE, FK_SEQ);
	for (i = 0; i < fk.nrows; i++) {
		size_t row = refs[i].row;
		const char *cells[K_NCOLS_ACTIONS] = {
			t->name, "F", result_get(&fk, row, FK_NAME), result_get(&fk, row, FK_FKCOL),
			result_get(&fk, row, FK_PKTABLE), result_get(&fk, row, FK_PKCOL),
			result_get(&fk, row, FK_DELETE_RULE), result_get(&fk, row, FK_UPDATE_RULE),
		};

		result_add_row(keys, cells, K_NCOLS_ACTIONS);
	}
	rc = 0;
out:
	free(refs);
	result_release(&pk);
	result_release(&st);
	result_release(&fk);
	return rc;
}

/* Reads the keys of every table of cat with the ODBC functions. */
static int generic_keys(struct conn *c, struct catalog *cat, struct strbuf *err)
{
	struct result keys = { 0 };
	size_t i;
	int rc = -1;

	for (i = 0; i < cat->ntables; i++)
		if (generic_table_keys(c, &cat->tables[i], &keys, err))
			goto out;
	load_keys(cat, &keys);
	rc = 0;
out:
	result_release(&keys);
	return rc;
}

/* ---- the two paths -------------------------------------------------- */

static int run_query(struct conn *c, const char *sql, struct result *res, struct strbuf *err)
{
	result_release(res);
	return conn_query(c, sql, res, err);
}

#define ONE_TABLE_MARK "/*T "

/* sql with each one-table mark made a condition on the name; returns the
 * number of marks (the parameters to bind). */
static size_t one_table_sql(const char *sql, struct strbuf *out)
{
	const char *p = sql, *m, *end;
	size_t n = 0;

	while ((m = strstr(p, ONE_TABLE_MARK)) && (end = strstr(m, "*/"))) {
		strbuf_add(out, p, (size_t)(m - p));
		strbuf_addstr(out, "AND ");
		m += strlen(ONE_TABLE_MARK);
		strbuf_add(out, m, (size_t)(end - m));
		strbuf_addstr(out, " = ?");
		p = end + 2;
		n++;
	}
	strbuf_addstr(out, p);
	return n;
}

/* Runs query sql for the one table named name. */
static int run_one_table(struct conn *c, const char *sql, const char *name, struct result *res,
			 struct strbuf *err)
{
	const char *params[CONN_MAX_PARAMS];
	struct strbuf q = STRBUF_INIT;
	size_t n = one_table_sql(sql, &q);
	int rc;

	for (size_t i = 0; i < n && i < CONN_MAX_PARAMS; i++)
		params[i] = name;
	result_release(res);
	rc = conn_query_params(c, q.buf, params, n, res, err);
	strbuf_release(&q);
	return rc;
}

int introspect_table(struct conn *c, const struct catalog *old, const char *table,
		     struct catalog **out, struct strbuf *err)
{
	const struct introspect_sql *q;
	const struct table *was = catalog_table(old, table);
	const char *name = was ? was->name : table;
	struct catalog *one = catalog_new(), *cat = NULL;
	struct result res = { 0 };
	int rc = -1;

	*out = NULL;
	if (!c->connected || !c->dialect) {
		strbuf_addf(err, "cannot read %s of %s: not connected", table,
			    c->dbname ? c->dbname : "the database");
		goto out;
	}
	q = sql_of(c);
	if (!q->tables || !q->columns || !q->keys || !strstr(q->tables, ONE_TABLE_MARK) ||
	    !strstr(q->columns, ONE_TABLE_MARK) || !strstr(q->keys, ONE_TABLE_MARK)) {
		rc = 1;
		goto out;
	}
	if (run_one_table(c, q->tables, name, &res, err))
		goto out;
	load_tables(c, one, &res, 0, 0);
	if (run_one_table(c, q->columns, name, &res, err))
		goto out;
	load_fast_columns(one, &res, 0);
	if (run_one_table(c, q->keys, name, &res, err))
		goto out;
	load_keys(one, &res);
	if (q->triggers) {
		if (run_one_table(c, q->triggers, name, &res, err))
			goto out;
		load_triggers(one, &res);
	}
	/* not found under that name (a table the step created, on a server
	 * that stores names in another case): the whole schema is read */
	if (one->ntables != 1) {
		rc = 1;
		goto out;
	}
	cat = catalog_dup(old);
	if (was)
		catalog_remove_table(cat, was->name);
	catalog_put_table(cat, &one->tables[0]);
	catalog_sort(cat);
	*out = cat;
	rc = 0;
out:
	result_release(&res);
	catalog_free(one);
	return rc;
}

int introspect_catalog(struct conn *c, int force_generic, struct catalog **out,
		       struct strbuf *err)
{
	const struct introspect_sql *q;
	struct catalog *cat = catalog_new();
	struct result res = { 0 };
	int fast, rc = -1;

	*out = NULL;
	if (!c->connected || !c->dialect) {
		strbuf_addf(err, "cannot read the catalog of %s: not connected",
			    c->dbname ? c->dbname : "the database");
		goto out;
	}
	q = sql_of(c);
	fast = !force_generic && q->columns && q->keys;

	if (fast) {
		/* Tables, columns, keys: a query each. */
		if (q->tables) {
			if (run_query(c, q->tables, &res, err))
				goto out;
			load_tables(c, cat, &res, 0, 0);
		}
		if (run_query(c, q->columns, &res, err))
			goto out;
		load_fast_columns(cat, &res, !q->tables);
		if (run_query(c, q->keys, &res, err))
			goto out;
		load_keys(cat, &res);
	} else {
		/* Tables and columns from the ODBC functions, what they get
		 * wrong from the fix-up query, keys per table. */
		if (odbc_catalog(c, CALL_TABLES, NULL, &res, err))
			goto out;
		load_tables(c, cat, &res, TB_NAME, 1);
		result_release(&res);
		if (odbc_catalog(c, CALL_COLUMNS, NULL, &res, err))
			goto out;
		load_columns(c, cat, &res);
		if (q->col_fixups) {
			if (run_query(c, q->col_fixups, &res, err))
				goto out;
			apply_fixups(cat, &res);
		}
		if (generic_keys(c, cat, err))
			goto out;
	}

	/* Triggers: no ODBC catalog function exists for them. */
	if (q->triggers) {
		if (run_query(c, q->triggers, &res, err))
			goto out;
		load_triggers(cat, &res);
	}

	catalog_sort(cat);
	*out = cat;
	cat = NULL;
	rc = 0;
out:
	result_release(&res);
	catalog_free(cat);
	return rc;
}
