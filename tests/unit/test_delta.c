/* Unit tests of delta: every op x status on hand-built catalogs, symbolic
 * application, and loading checks/ (real files and broken ones). */
#include "unit.h"

#include <sys/stat.h>
#include <unistd.h>

#include "catalog.h"
#include "delta.h"
#include "dialect.h"
#include "util.h"

/* ------------------------------------------------------------ builders */

static struct column *add_col(struct table *t, const char *name, enum col_type type, long size,
			      int nullable)
{
	struct column c = { 0 };

	c.name = (char *)name;
	c.type = type;
	c.size = size;
	c.nullable = nullable;
	return table_add_column(t, &c);
}

/* Adds a key of kind over "A,B,C". */
static void add_key(struct table *t, enum key_kind kind, const char *list)
{
	size_t n;
	char **cols = catalog_cols_split(list, &n);

	table_add_key(t, kind, NULL, n, (const char *const *)cols, NULL, NULL);
	catalog_cols_free(cols, n);
}

/* Appends a delta to set; strings are copied, NULL ones left NULL. */
static struct delta *add_delta(struct delta_set *set, enum delta_op op, const char *table,
			       const char *column, const char *cols, const char *from)
{
	struct delta *d;

	ALLOC_GROW(set->items, set->n + 1, set->alloc);
	d = &set->items[set->n++];
	memset(d, 0, sizeof(*d));
	d->id = xasprintf("test-%zu", set->n);
	d->db = (enum db_index)db_from_name("WSO2AM_DB");
	d->component = (enum component)component_from_name("apim");
	d->release = xstrdup("3.2.0");
	d->op = op;
	d->table = xstrdup(table);
	d->column = xstrdup(column);
	if (cols)
		d->cols = catalog_cols_split(cols, &d->ncols);
	if (from)
		d->from = catalog_cols_split(from, &d->nfrom);
	d->dialects = (1u << DIALECT_COUNT) - 1;
	d->title = xasprintf("test delta on %s", table);
	return d;
}

/* The 3.2.0 AM_SCOPE as the expected catalog has it. */
static struct table *scope_320(struct catalog *cat, const char *name)
{
	struct table *t = catalog_add_table(cat, name);

	add_col(t, "SCOPE_ID", COL_INTEGER, 0, 0);
	add_col(t, "NAME", COL_VARCHAR, 255, 0);
	add_col(t, "DISPLAY_NAME", COL_VARCHAR, 255, 0);
	add_col(t, "DESCRIPTION", COL_VARCHAR, 512, 1);
	add_col(t, "TENANT_ID", COL_INTEGER, 0, 0);
	add_col(t, "SCOPE_TYPE", COL_VARCHAR, 255, 0);
	add_key(t, KEY_PRIMARY, "SCOPE_ID");
	return t;
}

/* Evaluates d and checks status and (when want is not NULL) that the detail
 * contains want; an applied delta must have an empty detail. */
static void expect(const struct delta *d, const struct catalog *live, const struct catalog *exp,
		   long count, enum delta_status st, const char *want)
{
	struct strbuf detail = STRBUF_INIT;
	enum delta_status got = delta_evaluate(d, live, exp, count, &detail);

	if (got != st)
		fail_msg("%s %s: got %s (%s), expected %s", delta_op_name(d->op), d->table,
			 delta_status_name(got), strbuf_str(&detail), delta_status_name(st));
	if (st == DS_APPLIED)
		assert_int_equal(detail.len, 0);
	else
		assert_true(detail.len > 0);
	if (want && !strstr(strbuf_str(&detail), want))
		fail_msg("detail '%s' lacks '%s'", strbuf_str(&detail), want);
	strbuf_release(&detail);
}

/* --------------------------------------------------------- evaluation */

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(delta_op_name(DOP_CREATE_TABLE), "create-table");
	assert_string_equal(delta_op_name(DOP_SET_PRIMARY_KEY), "set-primary-key");
	assert_string_equal(delta_op_name(DOP_DATA_FIX), "data-fix");
	assert_string_equal(delta_op_name(DOP_COUNT), "?");
	assert_string_equal(delta_status_name(DS_APPLIED), "applied");
	assert_string_equal(delta_status_name(DS_MISSING), "missing");
	assert_string_equal(delta_status_name(DS_CONFLICT), "conflict");
	assert_string_equal(delta_status_name(DS_NA), "n/a");
}

static void test_create_table(void **state)
{
	struct delta_set set = { 0 };
	struct catalog *exp = catalog_new(), *live = catalog_new();
	struct delta *d = add_delta(&set, DOP_CREATE_TABLE, "AM_SCOPE", NULL, NULL, NULL);
	struct table *t;
	(void)state;

	scope_320(exp, "AM_SCOPE");
	expect(d, live, exp, -1, DS_MISSING, "table AM_SCOPE does not exist");

	/* Found as PostgreSQL folds it, with an extra column: still applied. */
	t = scope_320(live, "am_scope");
	add_col(t, "EXTRA", COL_INTEGER, 0, 1);
	expect(d, live, exp, -1, DS_APPLIED, NULL);

	/* The 3.1.0-era shape without SCOPE_TYPE. */
	table_remove_column(t, "scope_type");
	expect(d, live, exp, -1, DS_CONFLICT, "AM_SCOPE exists with other columns: missing SCOPE_TYPE");
	expect(d, live, exp, -1, DS_CONFLICT, "extra EXTRA");

	/* Right columns, wrong primary key. */
	catalog_remove_table(live, "am_scope");
	t = scope_320(live, "AM_SCOPE");
	table_remove_key(t, table_primary_key(t));
	add_key(t, KEY_PRIMARY, "NAME,TENANT_ID");
	expect(d, live, exp, -1, DS_CONFLICT, "primary key (NAME,TENANT_ID), expected (SCOPE_ID)");

	/* Right names, a column of another type family. */
	catalog_remove_table(live, "AM_SCOPE");
	t = scope_320(live, "AM_SCOPE");
	table_column(t, "SCOPE_ID")->type = COL_VARCHAR;
	expect(d, live, exp, -1, DS_CONFLICT, "SCOPE_ID is varchar");

	/* No expected shape: existence is all that can be checked. */
	expect(d, live, NULL, -1, DS_APPLIED, NULL);

	/* The detail buffer is overwritten, not appended to; NULL is allowed. */
	{
		struct strbuf detail = STRBUF_INIT;
		strbuf_addstr(&detail, "stale");
		assert_int_equal(delta_evaluate(d, live, exp, -1, &detail), DS_CONFLICT);
		assert_null(strstr(strbuf_str(&detail), "stale"));
		catalog_remove_table(live, "AM_SCOPE");
		scope_320(live, "AM_SCOPE");
		strbuf_addstr(&detail, "stale");
		assert_int_equal(delta_evaluate(d, live, exp, -1, &detail), DS_APPLIED);
		assert_int_equal(detail.len, 0);
		assert_int_equal(delta_evaluate(d, live, exp, -1, NULL), DS_APPLIED);
		strbuf_release(&detail);
	}

	catalog_free(exp);
	catalog_free(live);
	delta_set_release(&set);
}

static void test_add_column(void **state)
{
	struct delta_set set = { 0 };
	struct catalog *exp = catalog_new(), *live = catalog_new();
	struct delta *d = add_delta(&set, DOP_ADD_COLUMN, "AM_POLICY_SUBSCRIPTION", "MAX_DEPTH",
				    NULL, NULL);
	struct table *e, *t;
	(void)state;

	e = catalog_add_table(exp, "AM_POLICY_SUBSCRIPTION");
	add_col(e, "POLICY_ID", COL_INTEGER, 0, 0);
	add_col(e, "MAX_DEPTH", COL_INTEGER, 0, 0);

	expect(d, live, exp, -1, DS_CONFLICT, "table AM_POLICY_SUBSCRIPTION does not exist");
	t = catalog_add_table(live, "am_policy_subscription");
	add_col(t, "policy_id", COL_INTEGER, 0, 0);
	expect(d, live, exp, -1, DS_MISSING, "column AM_POLICY_SUBSCRIPTION.MAX_DEPTH does not exist");
	add_col(t, "max_depth", COL_BIGINT, 0, 1);
	expect(d, live, exp, -1, DS_APPLIED, NULL);          /* same family */
	table_column(t, "MAX_DEPTH")->type = COL_VARCHAR;
	table_column(t, "MAX_DEPTH")->size = 20;
	expect(d, live, exp, -1, DS_CONFLICT, "is varchar(20), expected integer");
	table_column(t, "MAX_DEPTH")->type = COL_UNKNOWN;    /* unknown never conflicts */
	expect(d, live, exp, -1, DS_APPLIED, NULL);

	catalog_free(exp);
	catalog_free(live);
	delta_set_release(&set);
}

static void test_alter_column(void **state)
{
	struct delta_set set = { 0 };
	struct catalog *exp = catalog_new(), *live = catalog_new();
	struct delta *d = add_delta(&set, DOP_ALTER_COLUMN, "IDN_OAUTH2_SCOPE_BINDING",
				    "SCOPE_BINDING", NULL, NULL);
	struct table *t;
	struct column *c;
	(void)state;

	add_col(catalog_add_table(exp, "IDN_OAUTH2_SCOPE_BINDING"), "SCOPE_BINDING",
		COL_VARCHAR, 255, 0);
	expect(d, live, exp, -1, DS_CONFLICT, "does not exist");
	t = catalog_add_table(live, "IDN_OAUTH2_SCOPE_BINDING");
	add_col(t, "SCOPE_ID", COL_INTEGER, 0, 0);
	expect(d, live, exp, -1, DS_CONFLICT, "column IDN_OAUTH2_SCOPE_BINDING.SCOPE_BINDING does not exist");
	c = add_col(t, "SCOPE_BINDING", COL_VARCHAR, 255, 1);
	expect(d, live, exp, -1, DS_MISSING, "allows NULL, expected NOT NULL");
	c->nullable = 0;
	expect(d, live, exp, -1, DS_APPLIED, NULL);
	c->size = 100;
	expect(d, live, exp, -1, DS_MISSING, "varchar(100), expected varchar(255)");
	c->size = 255;
	c->type = COL_BLOB;
	expect(d, live, exp, -1, DS_CONFLICT, "is blob, expected varchar(255)");
	c->type = COL_VARCHAR;
	expect(d, live, NULL, -1, DS_NA, "no expected 3.2.0 shape");

	catalog_free(exp);
	catalog_free(live);
	delta_set_release(&set);
}

static void test_add_unique(void **state)
{
	struct delta_set set = { 0 };
	struct catalog *live = catalog_new();
	struct delta *d = add_delta(&set, DOP_ADD_UNIQUE, "AM_APPLICATION_REGISTRATION", NULL,
				    "SUBSCRIBER_ID,APP_ID,TOKEN_TYPE,KEY_MANAGER", NULL);
	struct table *t;
	(void)state;

	expect(d, live, NULL, -1, DS_MISSING, "does not exist yet");
	t = catalog_add_table(live, "AM_APPLICATION_REGISTRATION");
	add_col(t, "SUBSCRIBER_ID", COL_INTEGER, 0, 1);
	add_col(t, "APP_ID", COL_INTEGER, 0, 1);
	add_col(t, "TOKEN_TYPE", COL_VARCHAR, 30, 1);
	add_key(t, KEY_UNIQUE, "SUBSCRIBER_ID,APP_ID,TOKEN_TYPE");
	expect(d, live, NULL, -1, DS_MISSING,
	       "column AM_APPLICATION_REGISTRATION.KEY_MANAGER does not exist yet");
	add_col(t, "KEY_MANAGER", COL_VARCHAR, 255, 0);
	expect(d, live, NULL, -1, DS_MISSING, "has no unique key over (SUBSCRIBER_ID,APP_ID,TOKEN_TYPE,KEY_MANAGER)");
	/* A plain index over the set is not a unique key. */
	add_key(t, KEY_INDEX, "KEY_MANAGER,TOKEN_TYPE,APP_ID,SUBSCRIBER_ID");
	expect(d, live, NULL, -1, DS_MISSING, NULL);
	/* A primary key over the set is (fresh 3.2.0 AM_APPLICATION_KEY_MAPPING). */
	add_key(t, KEY_PRIMARY, "KEY_MANAGER,TOKEN_TYPE,APP_ID,SUBSCRIBER_ID");
	expect(d, live, NULL, -1, DS_APPLIED, NULL);
	table_remove_key(t, table_primary_key(t));
	expect(d, live, NULL, -1, DS_MISSING, NULL);
	/* Column order and case do not matter. */
	add_key(t, KEY_UNIQUE, "key_manager,token_type,app_id,subscriber_id");
	expect(d, live, NULL, -1, DS_APPLIED, NULL);

	/* The 3.0.0 key over three of the four columns is stricter, but makes
	 * the delta only where it says so (stricter-key): WSO2's identity
	 * client adds UNIQUE (UM_USER_ID) where 3.2.0 has (UM_USER_ID,
	 * UM_TENANT_ID). */
	table_remove_key(t, table_find_key(t, KEY_UNIQUE, 4,
		(const char *const[]){ "KEY_MANAGER", "TOKEN_TYPE", "APP_ID", "SUBSCRIBER_ID" }));
	expect(d, live, NULL, -1, DS_MISSING, NULL);
	d->stricter_key = 1;
	expect(d, live, NULL, -1, DS_APPLIED, NULL);
	d = add_delta(&set, DOP_ADD_UNIQUE, "UM_USER", NULL, "UM_USER_ID,UM_TENANT_ID", NULL);
	d->stricter_key = 1;
	t = catalog_add_table(live, "UM_USER");
	add_col(t, "UM_USER_ID", COL_VARCHAR, 255, 0);
	add_col(t, "UM_TENANT_ID", COL_INTEGER, 0, 0);
	add_col(t, "UM_ID", COL_INTEGER, 0, 0);
	add_key(t, KEY_UNIQUE, "UM_ID,UM_TENANT_ID");          /* not a part of the columns */
	expect(d, live, NULL, -1, DS_MISSING, NULL);
	add_key(t, KEY_UNIQUE, "UM_USER_ID");
	expect(d, live, NULL, -1, DS_APPLIED, NULL);

	catalog_free(live);
	delta_set_release(&set);
}

static void test_drop_unique(void **state)
{
	struct delta_set set = { 0 };
	struct catalog *live = catalog_new();
	struct delta *d = add_delta(&set, DOP_DROP_UNIQUE, "AM_SYSTEM_APPS", NULL, "NAME", NULL);
	struct table *t;
	(void)state;

	expect(d, live, NULL, -1, DS_APPLIED, NULL);   /* no table, no such key */
	t = catalog_add_table(live, "AM_SYSTEM_APPS");
	add_col(t, "NAME", COL_VARCHAR, 50, 0);
	add_col(t, "CONSUMER_KEY", COL_VARCHAR, 512, 0);
	add_key(t, KEY_UNIQUE, "CONSUMER_KEY");
	add_key(t, KEY_UNIQUE, "NAME");
	expect(d, live, NULL, -1, DS_MISSING, "AM_SYSTEM_APPS still has a unique key over (NAME)");
	table_remove_key(t, table_find_key(t, KEY_UNIQUE, 1, (const char *const[]){ "name" }));
	expect(d, live, NULL, -1, DS_APPLIED, NULL);
	add_key(t, KEY_INDEX, "NAME");                 /* a plain index is not unique */
	expect(d, live, NULL, -1, DS_APPLIED, NULL);

	catalog_free(live);
	delta_set_release(&set);
}

static void test_add_index(void **state)
{
	struct delta_set set = { 0 };
	struct catalog *live = catalog_new();
	struct delta *d = add_delta(&set, DOP_ADD_INDEX, "IDN_ASSOCIATED_ID", NULL,
				    "DOMAIN_NAME,USER_NAME,ASSOCIATION_ID", NULL);
	struct table *t;
	(void)state;

	t = catalog_add_table(live, "IDN_ASSOCIATED_ID");
	add_col(t, "DOMAIN_NAME", COL_VARCHAR, 255, 1);
	add_col(t, "USER_NAME", COL_VARCHAR, 255, 1);
	expect(d, live, NULL, -1, DS_MISSING, "ASSOCIATION_ID does not exist yet");
	add_col(t, "ASSOCIATION_ID", COL_CHAR, 36, 0);
	add_key(t, KEY_INDEX, "DOMAIN_NAME,USER_NAME");
	expect(d, live, NULL, -1, DS_MISSING, "IDN_ASSOCIATED_ID has no index over");
	add_key(t, KEY_UNIQUE, "ASSOCIATION_ID,USER_NAME,DOMAIN_NAME");   /* a unique index serves */
	expect(d, live, NULL, -1, DS_APPLIED, NULL);
	table_remove_key(t, table_find_key(t, KEY_UNIQUE, 3,
		(const char *const[]){ "DOMAIN_NAME", "USER_NAME", "ASSOCIATION_ID" }));
	expect(d, live, NULL, -1, DS_MISSING, NULL);
	add_key(t, KEY_INDEX, "DOMAIN_NAME,USER_NAME,ASSOCIATION_ID");
	expect(d, live, NULL, -1, DS_APPLIED, NULL);

	catalog_free(live);
	delta_set_release(&set);
}

static void test_drop_index(void **state)
{
	struct delta_set set = { 0 };
	struct catalog *live = catalog_new();
	struct delta *d = add_delta(&set, DOP_DROP_INDEX, "IDN_OAUTH2_SCOPE", NULL,
				    "NAME,TENANT_ID", NULL);
	struct table *t;
	(void)state;

	t = catalog_add_table(live, "IDN_OAUTH2_SCOPE");
	add_col(t, "NAME", COL_VARCHAR, 255, 0);
	add_col(t, "TENANT_ID", COL_INTEGER, 0, 0);
	add_key(t, KEY_INDEX, "TENANT_ID");
	add_key(t, KEY_INDEX, "TENANT_ID,NAME");
	expect(d, live, NULL, -1, DS_MISSING, "IDN_OAUTH2_SCOPE still has an index over (NAME,TENANT_ID)");
	table_remove_key(t, table_find_key(t, KEY_INDEX, 2, (const char *const[]){ "NAME", "TENANT_ID" }));
	expect(d, live, NULL, -1, DS_APPLIED, NULL);
	add_key(t, KEY_UNIQUE, "NAME,TENANT_ID");      /* not a plain index */
	expect(d, live, NULL, -1, DS_APPLIED, NULL);

	catalog_free(live);
	delta_set_release(&set);
}

static void test_set_primary_key(void **state)
{
	struct delta_set set = { 0 };
	struct catalog *live = catalog_new();
	struct delta *d = add_delta(&set, DOP_SET_PRIMARY_KEY, "AM_APPLICATION_KEY_MAPPING", NULL,
				    "APPLICATION_ID,KEY_TYPE,KEY_MANAGER", "APPLICATION_ID,KEY_TYPE");
	struct table *t;
	(void)state;

	expect(d, live, NULL, -1, DS_CONFLICT, "table AM_APPLICATION_KEY_MAPPING does not exist");
	t = catalog_add_table(live, "AM_APPLICATION_KEY_MAPPING");
	add_col(t, "APPLICATION_ID", COL_INTEGER, 0, 0);
	add_col(t, "KEY_TYPE", COL_VARCHAR, 512, 0);
	add_key(t, KEY_PRIMARY, "APPLICATION_ID,KEY_TYPE");
	expect(d, live, NULL, -1, DS_MISSING,
	       "primary key is (APPLICATION_ID,KEY_TYPE), expected (APPLICATION_ID,KEY_TYPE,KEY_MANAGER)");

	/* The guide's result outside H2: no primary key, a unique key instead. */
	table_remove_key(t, table_primary_key(t));
	add_col(t, "KEY_MANAGER", COL_VARCHAR, 100, 0);
	add_key(t, KEY_UNIQUE, "APPLICATION_ID,KEY_TYPE,KEY_MANAGER");
	expect(d, live, NULL, -1, DS_MISSING, "has no primary key");
	expect(d, live, NULL, -1, DS_MISSING, "a unique key over those columns stands in");

	add_key(t, KEY_PRIMARY, "KEY_MANAGER,APPLICATION_ID,KEY_TYPE");
	expect(d, live, NULL, -1, DS_APPLIED, NULL);

	table_remove_key(t, table_primary_key(t));
	add_key(t, KEY_PRIMARY, "KEY_MANAGER");
	expect(d, live, NULL, -1, DS_CONFLICT, "neither the 3.0.0 key");

	catalog_free(live);
	delta_set_release(&set);
}

static void test_drop_primary_key(void **state)
{
	struct delta_set set = { 0 };
	struct catalog *live = catalog_new();
	struct delta *d = add_delta(&set, DOP_DROP_PRIMARY_KEY, "IDN_OAUTH2_RESOURCE_SCOPE", NULL,
				    "RESOURCE_PATH", NULL);
	struct table *t;
	(void)state;

	expect(d, live, NULL, -1, DS_APPLIED, NULL);
	t = catalog_add_table(live, "IDN_OAUTH2_RESOURCE_SCOPE");
	add_col(t, "RESOURCE_PATH", COL_VARCHAR, 255, 0);
	add_col(t, "SCOPE_ID", COL_INTEGER, 0, 0);
	add_key(t, KEY_PRIMARY, "resource_path");
	expect(d, live, NULL, -1, DS_MISSING, "IDN_OAUTH2_RESOURCE_SCOPE still has its primary key (RESOURCE_PATH)");
	table_remove_key(t, table_primary_key(t));
	expect(d, live, NULL, -1, DS_APPLIED, NULL);
	add_key(t, KEY_PRIMARY, "RESOURCE_PATH,SCOPE_ID");   /* another key is not this one */
	expect(d, live, NULL, -1, DS_APPLIED, NULL);

	catalog_free(live);
	delta_set_release(&set);
}

static void test_add_trigger(void **state)
{
	struct delta_set set = { 0 };
	struct catalog *live = catalog_new();
	struct delta *d = add_delta(&set, DOP_ADD_TRIGGER, "AM_GW_API_ARTIFACTS", NULL, NULL, NULL);
	struct table *t;
	(void)state;

	d->trigger = xstrdup("TIME_STAMP");
	expect(d, live, NULL, -1, DS_MISSING, "table AM_GW_API_ARTIFACTS does not exist yet");
	t = catalog_add_table(live, "am_gw_api_artifacts");
	add_col(t, "api_id", COL_VARCHAR, 255, 0);
	table_add_trigger(t, "other_trigger");
	expect(d, live, NULL, -1, DS_MISSING, "AM_GW_API_ARTIFACTS has no trigger TIME_STAMP");
	table_add_trigger(t, "time_stamp");           /* PostgreSQL folds it */
	expect(d, live, NULL, -1, DS_APPLIED, NULL);

	catalog_free(live);
	delta_set_release(&set);
}

static void test_data_fix(void **state)
{
	struct delta_set set = { 0 };
	struct catalog *live = catalog_new();
	struct delta *d = add_delta(&set, DOP_DATA_FIX, "AM_APPLICATION_KEY_MAPPING", "UUID",
				    NULL, NULL);
	struct table *t;
	(void)state;

	d->count_sql = xstrdup("SELECT COUNT(*) FROM AM_APPLICATION_KEY_MAPPING WHERE UUID IS NULL");
	expect(d, live, NULL, 5, DS_MISSING, "table AM_APPLICATION_KEY_MAPPING does not exist yet");
	assert_false(delta_countable(d, live));
	t = catalog_add_table(live, "AM_APPLICATION_KEY_MAPPING");
	add_col(t, "APPLICATION_ID", COL_INTEGER, 0, 0);
	expect(d, live, NULL, 5, DS_MISSING, "column AM_APPLICATION_KEY_MAPPING.UUID does not exist yet");
	assert_false(delta_countable(d, live));
	add_col(t, "uuid", COL_VARCHAR, 100, 1);
	assert_true(delta_countable(d, live));
	expect(d, live, NULL, 3, DS_MISSING, "3 rows to fix: test delta on AM_APPLICATION_KEY_MAPPING");
	expect(d, live, NULL, 1, DS_MISSING, "1 row to fix");
	expect(d, live, NULL, 0, DS_APPLIED, NULL);
	expect(d, live, NULL, -1, DS_NA, "not counted");
	/* apply's probe: rows exist, how many was not asked */
	expect(d, live, NULL, DELTA_COUNT_SOME, DS_MISSING, "rows to fix (not counted)");

	/* A structural delta is never countable. */
	d->op = DOP_ADD_COLUMN;
	assert_false(delta_countable(d, live));

	catalog_free(live);
	delta_set_release(&set);
}

static void test_applies(void **state)
{
	struct delta_set set = { 0 };
	struct delta *d = add_delta(&set, DOP_DROP_UNIQUE, "AM_SYSTEM_APPS", NULL, "NAME", NULL);
	(void)state;

	assert_true(delta_applies(d, DIALECT_DB2));
	d->dialects = (1u << DIALECT_POSTGRESQL) | (1u << DIALECT_H2);
	assert_true(delta_applies(d, DIALECT_POSTGRESQL));
	assert_true(delta_applies(d, DIALECT_H2));
	assert_false(delta_applies(d, DIALECT_DB2));
	assert_false(delta_applies(d, DIALECT_MYSQL));
	assert_false(delta_applies(d, DIALECT_COUNT));
	delta_set_release(&set);
}

/* ----------------------------------------------------------- symbolic */

/* A 3.0.0 and a 3.2.0 catalog, and one delta of every op between them:
 * every delta is missing on 3.0.0 and applied once applied symbolically. */
static void test_symbolic(void **state)
{
	struct delta_set set = { 0 };
	struct catalog *v300 = catalog_new(), *v320 = catalog_new(), *sym;
	struct table *t;
	struct column *c;
	struct delta *d;
	(void)state;

	/* 3.0.0 */
	t = catalog_add_table(v300, "AM_APPLICATION_KEY_MAPPING");
	add_col(t, "APPLICATION_ID", COL_INTEGER, 0, 1);
	add_col(t, "KEY_TYPE", COL_VARCHAR, 512, 0);
	add_key(t, KEY_PRIMARY, "APPLICATION_ID,KEY_TYPE");
	add_key(t, KEY_INDEX, "KEY_TYPE");
	t = catalog_add_table(v300, "AM_SYSTEM_APPS");
	add_col(t, "NAME", COL_VARCHAR, 50, 0);
	add_key(t, KEY_UNIQUE, "NAME");
	t = catalog_add_table(v300, "IDN_OAUTH2_RESOURCE_SCOPE");
	add_col(t, "RESOURCE_PATH", COL_VARCHAR, 255, 0);
	add_key(t, KEY_PRIMARY, "RESOURCE_PATH");
	t = catalog_add_table(v300, "IDN_OAUTH2_SCOPE_BINDING");
	add_col(t, "SCOPE_BINDING", COL_VARCHAR, 255, 1);

	/* 3.2.0 */
	t = catalog_add_table(v320, "AM_APPLICATION_KEY_MAPPING");
	add_col(t, "APPLICATION_ID", COL_INTEGER, 0, 1);
	add_col(t, "KEY_TYPE", COL_VARCHAR, 512, 0);
	add_col(t, "KEY_MANAGER", COL_VARCHAR, 100, 1);
	add_col(t, "UUID", COL_VARCHAR, 100, 1);
	add_key(t, KEY_PRIMARY, "APPLICATION_ID,KEY_TYPE,KEY_MANAGER");
	add_key(t, KEY_UNIQUE, "UUID");
	add_key(t, KEY_INDEX, "UUID,KEY_TYPE");
	t = catalog_add_table(v320, "AM_SYSTEM_APPS");
	add_col(t, "NAME", COL_VARCHAR, 50, 0);
	t = catalog_add_table(v320, "IDN_OAUTH2_RESOURCE_SCOPE");
	add_col(t, "RESOURCE_PATH", COL_VARCHAR, 255, 0);
	t = catalog_add_table(v320, "IDN_OAUTH2_SCOPE_BINDING");
	add_col(t, "SCOPE_BINDING", COL_VARCHAR, 255, 0);
	t = scope_320(v320, "AM_GW_API_ARTIFACTS");
	table_add_trigger(t, "TIME_STAMP");

	add_delta(&set, DOP_CREATE_TABLE, "AM_GW_API_ARTIFACTS", NULL, NULL, NULL);
	d = add_delta(&set, DOP_ADD_TRIGGER, "AM_GW_API_ARTIFACTS", NULL, NULL, NULL);
	d->trigger = xstrdup("TIME_STAMP");
	add_delta(&set, DOP_ADD_COLUMN, "AM_APPLICATION_KEY_MAPPING", "KEY_MANAGER", NULL, NULL);
	add_delta(&set, DOP_ADD_COLUMN, "AM_APPLICATION_KEY_MAPPING", "UUID", NULL, NULL);
	add_delta(&set, DOP_SET_PRIMARY_KEY, "AM_APPLICATION_KEY_MAPPING", NULL,
		  "APPLICATION_ID,KEY_TYPE,KEY_MANAGER", "APPLICATION_ID,KEY_TYPE");
	add_delta(&set, DOP_ADD_UNIQUE, "AM_APPLICATION_KEY_MAPPING", NULL, "UUID", NULL);
	add_delta(&set, DOP_ADD_INDEX, "AM_APPLICATION_KEY_MAPPING", NULL, "KEY_TYPE,UUID", NULL);
	add_delta(&set, DOP_DROP_INDEX, "AM_APPLICATION_KEY_MAPPING", NULL, "KEY_TYPE", NULL);
	add_delta(&set, DOP_DROP_UNIQUE, "AM_SYSTEM_APPS", NULL, "NAME", NULL);
	add_delta(&set, DOP_DROP_PRIMARY_KEY, "IDN_OAUTH2_RESOURCE_SCOPE", NULL, "RESOURCE_PATH", NULL);
	add_delta(&set, DOP_ALTER_COLUMN, "IDN_OAUTH2_SCOPE_BINDING", "SCOPE_BINDING", NULL, NULL);
	d = add_delta(&set, DOP_DATA_FIX, "AM_SYSTEM_APPS", "NAME", NULL, NULL);
	d->count_sql = xstrdup("SELECT COUNT(*) FROM AM_SYSTEM_APPS WHERE NAME IS NULL");

	for (size_t i = 0; i + 1 < set.n; i++)
		expect(&set.items[i], v300, v320, -1, DS_MISSING, NULL);

	sym = catalog_dup(v300);
	for (size_t i = 0; i < set.n; i++)
		delta_apply_symbolic(&set.items[i], sym, v320);
	for (size_t i = 0; i + 1 < set.n; i++)
		expect(&set.items[i], sym, v320, -1, DS_APPLIED, NULL);

	/* Shapes come from the expected catalog. */
	c = table_column(catalog_table(sym, "AM_APPLICATION_KEY_MAPPING"), "KEY_MANAGER");
	assert_non_null(c);
	assert_int_equal(c->type, COL_VARCHAR);
	assert_int_equal(c->size, 100);
	/* A primary-key column is NOT NULL. */
	assert_int_equal(table_column(catalog_table(sym, "AM_APPLICATION_KEY_MAPPING"),
				      "APPLICATION_ID")->nullable, 0);
	assert_int_equal(catalog_table(sym, "AM_GW_API_ARTIFACTS")->ncols, 6);
	/* The data fix changed nothing; applying twice changes nothing more. */
	for (size_t i = 0; i < set.n; i++)
		delta_apply_symbolic(&set.items[i], sym, v320);
	assert_int_equal(catalog_table(sym, "AM_APPLICATION_KEY_MAPPING")->ncols, 4);
	assert_int_equal(catalog_table(sym, "AM_APPLICATION_KEY_MAPPING")->nkeys, 3);
	assert_int_equal(catalog_table(sym, "AM_SYSTEM_APPS")->ncols, 1);
	assert_int_equal(sym->ntables, 5);

	catalog_free(sym);
	catalog_free(v300);
	catalog_free(v320);
	delta_set_release(&set);
}

/* ------------------------------------------------------------ loading */

static char *checks_dir(void)
{
	return xasprintf("%s/checks", unit_top());
}

static const struct delta *find(const struct delta_set *set, const char *id)
{
	for (size_t i = 0; i < set->n; i++)
		if (!strcmp(set->items[i].id, id))
			return &set->items[i];
	fail_msg("delta %s not loaded", id);
	return NULL;
}

static void test_load_shipped(void **state)
{
	struct delta_set set = { 0 };
	struct strbuf err = STRBUF_INIT;
	char *dir = checks_dir();
	const struct delta *d;
	size_t per_db[3] = { 0 };
	(void)state;

	if (delta_load_dir(dir, &set, &err))
		fail_msg("%s", strbuf_str(&err));
	assert_int_equal(err.len, 0);

	for (size_t i = 0; i < set.n; i++) {
		d = &set.items[i];
		assert_non_null(d->title);
		assert_true(d->line > 0);
		assert_non_null(strstr(d->file, "checks/"));
		per_db[d->db]++;
		if (d->component == COMP_IDENTITY)
			assert_string_equal(d->release, "5.10.0");
		else
			assert_true(!strcmp(d->release, "3.1.0") || !strcmp(d->release, "3.2.0"));
	}
	assert_true(per_db[0] >= 30);
	assert_int_equal(per_db[1], 7);   /* with the step2/um fill and NOT NULL */
	assert_int_equal(per_db[2], 2);

	d = find(&set, "am-key-manager");
	assert_int_equal(d->op, DOP_CREATE_TABLE);
	assert_string_equal(d->table, "AM_KEY_MANAGER");
	assert_string_equal(d->release, "3.2.0");
	assert_int_equal(d->db, DBI_AM);

	d = find(&set, "am-system-apps-name-unique-drop");
	assert_int_equal(d->op, DOP_DROP_UNIQUE);
	assert_string_equal(d->release, "3.1.0");
	assert_true(delta_applies(d, DIALECT_MSSQL));
	assert_true(delta_applies(d, DIALECT_H2));
	assert_false(delta_applies(d, DIALECT_DB2));

	d = find(&set, "am-gw-api-artifacts-trigger");
	assert_int_equal(d->op, DOP_ADD_TRIGGER);
	assert_string_equal(d->trigger, "TIME_STAMP");
	assert_true(delta_applies(d, DIALECT_POSTGRESQL));
	assert_false(delta_applies(d, DIALECT_MYSQL));

	/* the statements that create it, per dialect */
	assert_int_equal(d->nsql, 2);
	assert_int_equal(d->sql[0].dialects, 1u << DIALECT_POSTGRESQL);
	assert_non_null(strstr(d->sql[0].text, "CREATE OR REPLACE FUNCTION update_modified_column()"));
	assert_non_null(strstr(d->sql[1].text, "CREATE TRIGGER TIME_STAMP BEFORE UPDATE ON AM_GW_API_ARTIFACTS"));
	d = find(&set, "am-scope-trigger");
	assert_int_equal(d->nsql, 4);
	assert_int_equal(d->sql[3].dialects, 1u << DIALECT_DB2);

	/* what the rows that exist get */
	d = find(&set, "am-app-registration-key-manager");
	assert_string_equal(d->fill, "'Resident Key Manager'");
	d = find(&set, "idn-oauth-consumer-apps-callback-url-fill");
	assert_string_equal(d->fill, "''");
	assert_false(delta_applies(d, DIALECT_ORACLE));   /* '' is NULL there */
	/* the new registration key comes before the old one goes (InnoDB) */
	assert_true(find(&set, "am-app-registration-unique") < find(&set, "am-app-registration-unique-drop"));

	d = find(&set, "am-app-key-mapping-pk");
	assert_int_equal(d->op, DOP_SET_PRIMARY_KEY);
	assert_int_equal(d->ncols, 3);
	assert_int_equal(d->nfrom, 2);
	assert_string_equal(d->cols[2], "KEY_MANAGER");

	d = find(&set, "am-app-key-mapping-uuid-fill");
	assert_int_equal(d->op, DOP_DATA_FIX);
	assert_string_equal(d->column, "UUID");
	assert_non_null(strstr(d->count_sql, "SELECT COUNT(*) FROM AM_APPLICATION_KEY_MAPPING"));
	assert_false(d->conditional);
	assert_string_equal(d->fill, "uuid");

	d = find(&set, "reg-versioning-cleanup");
	assert_int_equal(d->db, DBI_SHARED);
	assert_true(d->conditional);
	assert_non_null(strstr(d->count_sql, "REG_RESOURCE_RATING"));

	d = find(&set, "um-user-user-id-unique");
	assert_int_equal(d->component, COMP_IDENTITY);

	d = find(&set, "apilastaccesssummary-pk");
	assert_int_equal(d->db, DBI_ANALYTICS);
	assert_int_equal(d->ncols, 4);
	assert_int_equal(d->nfrom, 3);

	delta_set_release(&set);
	assert_int_equal(set.n, 0);
	assert_null(set.items);
	strbuf_release(&err);
	free(dir);
}

/* Writes text to a new temporary file; returns its path (caller frees and
 * unlinks). */
static char *temp_file(const char *text)
{
	char *path = xstrdup("/tmp/amdelta-test-delta-XXXXXX");
	int fd = mkstemp(path);
	FILE *f;

	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
	return path;
}

/* Loads text (against the shipped grammar when with_rng) and expects a
 * failure whose message starts "path:line: " and contains want. */
static void expect_load_error(const char *text, int with_rng, long line, const char *want)
{
	struct delta_set set = { 0 };
	struct strbuf err = STRBUF_INIT;
	char *path = temp_file(text), *rng = xasprintf("%s/checks/deltas.rng", unit_top());
	char *prefix = xasprintf("%s:%ld: ", path, line);

	assert_int_equal(delta_load_file(path, with_rng ? rng : NULL, &set, &err), -1);
	if (strncmp(strbuf_str(&err), prefix, strlen(prefix)))
		fail_msg("error '%s' does not start with '%s'", strbuf_str(&err), prefix);
	if (want && !strstr(strbuf_str(&err), want))
		fail_msg("error '%s' lacks '%s'", strbuf_str(&err), want);
	assert_int_equal(set.n, 0);       /* nothing half-loaded is kept */
	unlink(path);
	free(path);
	free(rng);
	free(prefix);
	strbuf_release(&err);
	delta_set_release(&set);
}

static void test_load_malformed(void **state)
{
	(void)state;
	/* Not well-formed: the <delta> on line 3 is never closed. */
	expect_load_error("<?xml version=\"1.0\"?>\n<deltas db=\"WSO2AM_DB\">\n"
			  "  <delta id=\"a\" op=\"create-table\"\n</deltas>\n", 1, 4, NULL);
}

static void test_load_invalid(void **state)
{
	(void)state;
	/* Well-formed, but line 4 has an op the grammar does not know. */
	expect_load_error("<?xml version=\"1.0\"?>\n<deltas db=\"WSO2AM_DB\">\n"
			  "  <delta id=\"a\" op=\"create-table\" table=\"T\" release=\"3.2.0\" component=\"apim\" title=\"t\"/>\n"
			  "  <delta id=\"b\" op=\"rename-table\" table=\"T\" release=\"3.2.0\" component=\"apim\" title=\"t\"/>\n"
			  "</deltas>\n", 1, 4, NULL);
	/* The same without the grammar: the loader's own checks catch it. */
	expect_load_error("<?xml version=\"1.0\"?>\n<deltas db=\"WSO2AM_DB\">\n"
			  "  <delta id=\"a\" op=\"create-table\" table=\"T\" release=\"3.2.0\" component=\"apim\" title=\"t\"/>\n"
			  "  <delta id=\"b\" op=\"rename-table\" table=\"T\" release=\"3.2.0\" component=\"apim\" title=\"t\"/>\n"
			  "</deltas>\n", 0, 4, "unknown op 'rename-table'");
	/* A data fix without its count (line 3). */
	expect_load_error("<deltas db=\"WSO2AM_DB\">\n\n"
			  "  <delta id=\"a\" op=\"data-fix\" table=\"T\" release=\"3.2.0\" component=\"apim\" title=\"t\"/>\n"
			  "</deltas>\n", 1, 3, NULL);
	expect_load_error("<deltas db=\"WSO2AM_DB\">\n\n"
			  "  <delta id=\"a\" op=\"data-fix\" table=\"T\" release=\"3.2.0\" component=\"apim\" title=\"t\"/>\n"
			  "</deltas>\n", 0, 3, "lacks <count>");
	/* An unknown dialect, without the grammar.  libxml2 numbers an element by
	 * the line its start tag ends on. */
	expect_load_error("<deltas db=\"WSO2AM_DB\">\n"
			  "  <delta id=\"a\" op=\"create-table\" table=\"T\" release=\"3.2.0\" component=\"apim\"\n"
			  "         title=\"t\" dialects=\"postgresql sybase\"/>\n"
			  "</deltas>\n", 0, 3, "unknown dialect 'sybase'");
	/* An add-trigger without the statements of one of its dialects. */
	expect_load_error("<deltas db=\"WSO2AM_DB\">\n"
			  "  <delta id=\"t\" op=\"add-trigger\" table=\"T\" trigger=\"X\" release=\"3.2.0\"\n"
			  "         component=\"apim\" title=\"t\" dialects=\"oracle db2\">\n"
			  "    <sql dialects=\"oracle\">CREATE TRIGGER X</sql>\n"
			  "  </delta>\n</deltas>\n", 0, 3, "add-trigger lacks <sql> for db2");
	/* ... one whose <sql> names no dialect, or an unknown one */
	expect_load_error("<deltas db=\"WSO2AM_DB\">\n"
			  "  <delta id=\"t\" op=\"add-trigger\" table=\"T\" trigger=\"X\" release=\"3.2.0\"\n"
			  "         component=\"apim\" title=\"t\" dialects=\"oracle\">\n"
			  "    <sql dialects=\"sybase\">CREATE TRIGGER X</sql>\n"
			  "  </delta>\n</deltas>\n", 0, 4, "<sql> needs dialects, 'sybase' is not one");
	/* ... and, with the grammar, none at all */
	expect_load_error("<deltas db=\"WSO2AM_DB\">\n"
			  "  <delta id=\"t\" op=\"add-trigger\" table=\"T\" trigger=\"X\" release=\"3.2.0\"\n"
			  "         component=\"apim\" title=\"t\"/>\n"
			  "</deltas>\n", 1, 3, NULL);
	/* A data fix that says not what it writes. */
	expect_load_error("<deltas db=\"WSO2AM_DB\">\n"
			  "  <delta id=\"f\" op=\"data-fix\" table=\"T\" column=\"C\" release=\"3.2.0\"\n"
			  "         component=\"apim\" title=\"t\"><count>SELECT COUNT(*) FROM T</count></delta>\n"
			  "</deltas>\n", 0, 3, "data-fix lacks column and fill");
	/* A fill that is not a literal: refused by the grammar. */
	expect_load_error("<deltas db=\"WSO2AM_DB\">\n"
			  "  <delta id=\"c\" op=\"add-column\" table=\"T\" column=\"C\" fill=\"now()\"\n"
			  "         release=\"3.2.0\" component=\"apim\" title=\"t\"/>\n"
			  "</deltas>\n", 1, 3, NULL);
	/* The same id twice: the second one is named. */
	expect_load_error("<deltas db=\"WSO2AM_DB\">\n"
			  "  <delta id=\"a\" op=\"create-table\" table=\"T\" release=\"3.2.0\" component=\"apim\" title=\"t\"/>\n"
			  "  <delta id=\"b\" op=\"create-table\" table=\"U\" release=\"3.2.0\" component=\"apim\" title=\"t\"/>\n"
			  "  <delta id=\"a\" op=\"create-table\" table=\"V\" release=\"3.2.0\" component=\"apim\" title=\"t\"/>\n"
			  "</deltas>\n", 1, 4, "duplicate delta id 'a'");
}

static void test_load_missing_file(void **state)
{
	struct delta_set set = { 0 };
	struct strbuf err = STRBUF_INIT;
	(void)state;

	assert_int_equal(delta_load_file("/nonexistent/amdelta/x.xml", NULL, &set, &err), -1);
	assert_non_null(strstr(strbuf_str(&err), "/nonexistent/amdelta/x.xml"));
	strbuf_release(&err);

	assert_int_equal(delta_load_dir("/nonexistent/amdelta", &set, &err), -1);
	assert_non_null(strstr(strbuf_str(&err), "/nonexistent/amdelta/deltas.rng"));
	assert_int_equal(set.n, 0);
	strbuf_release(&err);
}

/* Copies src to dst. */
static void copy_file(const char *src, const char *dst)
{
	FILE *in = fopen(src, "r"), *out = fopen(dst, "w");
	char buf[4096];
	size_t n;

	assert_non_null(in);
	assert_non_null(out);
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		assert_int_equal(fwrite(buf, 1, n, out), n);
	fclose(in);
	assert_int_equal(fclose(out), 0);
}

/* A checks directory whose wso2am_db.xml claims another database, and
 * whose analytics file repeats an id of the shared file. */
static void test_load_dir_errors(void **state)
{
	struct delta_set set = { 0 };
	struct strbuf err = STRBUF_INIT;
	char tmpl[] = "/tmp/amdelta-test-checks-XXXXXX";
	char *dir = mkdtemp(tmpl), *src, *dst, *path;
	FILE *f;
	(void)state;

	assert_non_null(dir);
	for (int i = 0; i < 3; i++) {
		static const char *const names[] = { "deltas.rng", "shared_db.xml", "apim_analytics_db.xml" };
		src = xasprintf("%s/checks/%s", unit_top(), names[i]);
		dst = xasprintf("%s/%s", dir, names[i]);
		copy_file(src, dst);
		free(src);
		free(dst);
	}
	path = xasprintf("%s/wso2am_db.xml", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("<deltas db=\"SHARED_DB\">\n"
	      "  <delta id=\"x\" op=\"create-table\" table=\"T\" release=\"3.2.0\" component=\"apim\" title=\"t\"/>\n"
	      "</deltas>\n", f);
	assert_int_equal(fclose(f), 0);

	assert_int_equal(delta_load_dir(dir, &set, &err), -1);
	assert_non_null(strstr(strbuf_str(&err), "wso2am_db.xml:1: "));
	assert_non_null(strstr(strbuf_str(&err), "WSO2AM_DB"));
	assert_int_equal(set.n, 0);
	strbuf_release(&err);

	/* Right database, but an id the shared file uses too. */
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("<deltas db=\"WSO2AM_DB\">\n"
	      "  <delta id=\"x\" op=\"create-table\" table=\"T\" release=\"3.2.0\" component=\"apim\" title=\"t\"/>\n"
	      "</deltas>\n", f);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(delta_load_dir(dir, &set, &err), 0);
	assert_int_equal(set.n, 10);
	delta_set_release(&set);

	f = fopen(path, "w");
	assert_non_null(f);
	fputs("<deltas db=\"WSO2AM_DB\">\n"
	      "  <delta id=\"x\" op=\"create-table\" table=\"T\" release=\"3.2.0\" component=\"apim\" title=\"t\"/>\n"
	      "  <delta id=\"um-user-user-id\" op=\"create-table\" table=\"T\" release=\"3.2.0\" component=\"apim\" title=\"t\"/>\n"
	      "</deltas>\n", f);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(delta_load_dir(dir, &set, &err), -1);
	assert_non_null(strstr(strbuf_str(&err), "duplicate delta id 'um-user-user-id'"));
	assert_int_equal(set.n, 0);

	for (int i = 0; i < 4; i++) {
		static const char *const names[] = { "deltas.rng", "shared_db.xml", "apim_analytics_db.xml",
						     "wso2am_db.xml" };
		char *p = xasprintf("%s/%s", dir, names[i]);
		unlink(p);
		free(p);
	}
	rmdir(dir);
	free(path);
	strbuf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_create_table),
		cmocka_unit_test(test_add_column),
		cmocka_unit_test(test_alter_column),
		cmocka_unit_test(test_add_unique),
		cmocka_unit_test(test_drop_unique),
		cmocka_unit_test(test_add_index),
		cmocka_unit_test(test_drop_index),
		cmocka_unit_test(test_set_primary_key),
		cmocka_unit_test(test_drop_primary_key),
		cmocka_unit_test(test_add_trigger),
		cmocka_unit_test(test_data_fix),
		cmocka_unit_test(test_applies),
		cmocka_unit_test(test_symbolic),
		cmocka_unit_test(test_load_shipped),
		cmocka_unit_test(test_load_malformed),
		cmocka_unit_test(test_load_invalid),
		cmocka_unit_test(test_load_missing_file),
		cmocka_unit_test(test_load_dir_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
