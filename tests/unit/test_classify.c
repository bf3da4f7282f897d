/* Unit tests of classify: marker tables, the per-database state rules, the
 * identity state, conditional data fixes and counting. */
#include "unit.h"

#include "catalog.h"
#include "classify.h"
#include "conn.h"
#include "conn_script.h"
#include "delta.h"
#include "run.h"
#include "util.h"

static struct column *add_col(struct table *t, const char *name, enum col_type type)
{
	struct column c = { 0 };

	c.name = (char *)name;
	c.type = type;
	c.nullable = 1;
	return table_add_column(t, &c);
}

static void add_key(struct table *t, enum key_kind kind, const char *list)
{
	size_t n;
	char **cols = catalog_cols_split(list, &n);

	table_add_key(t, kind, NULL, n, (const char *const *)cols, NULL, NULL);
	catalog_cols_free(cols, n);
}

static struct delta *add_delta(struct delta_set *set, const char *db, const char *id,
			       enum delta_op op, const char *table, const char *column,
			       const char *release, const char *component)
{
	struct delta *d;

	ALLOC_GROW(set->items, set->n + 1, set->alloc);
	d = &set->items[set->n++];
	memset(d, 0, sizeof(*d));
	d->id = xstrdup(id);
	d->db = (enum db_index)db_from_name(db);
	d->op = op;
	d->table = xstrdup(table);
	d->column = xstrdup(column);
	d->release = xstrdup(release);
	d->component = (enum component)component_from_name(component);
	d->migrator = d->component != COMP_IDENTITY ? -1 :
		      d->db == DBI_SHARED ? MIG_STEP2_UM : MIG_STEP1_IDENTITY;
	d->title = xstrdup(id);
	d->dialects = (1u << DIALECT_COUNT) - 1;
	if (op == DOP_DATA_FIX)
		d->count_sql = xasprintf("SELECT COUNT(*) FROM %s WHERE %s IS NULL", table, column);
	return d;
}

/* A WSO2AM_DB-like set: two 3.1.0 deltas, two 3.2.0 ones, a data fix on a
 * column 3.0.0 already has, a DB2-only delta, two identity deltas, and a
 * delta of another database that must be ignored. */
static void wso2am_set(struct delta_set *set)
{
	struct delta *d;

	add_delta(set, "WSO2AM_DB", "am-api-categories", DOP_CREATE_TABLE, "AM_API_CATEGORIES",
		  NULL, "3.1.0", "apim");
	add_delta(set, "WSO2AM_DB", "am-system-apps-tenant-domain", DOP_ADD_COLUMN, "AM_SYSTEM_APPS",
		  "TENANT_DOMAIN", "3.1.0", "apim");
	add_delta(set, "WSO2AM_DB", "am-key-manager", DOP_CREATE_TABLE, "AM_KEY_MANAGER",
		  NULL, "3.2.0", "apim");
	add_delta(set, "WSO2AM_DB", "am-subscription-tier-id-pending", DOP_ADD_COLUMN,
		  "AM_SUBSCRIPTION", "TIER_ID_PENDING", "3.2.0", "apim");
	add_delta(set, "WSO2AM_DB", "idn-oauth-consumer-apps-callback-url-fill", DOP_DATA_FIX,
		  "IDN_OAUTH_CONSUMER_APPS", "CALLBACK_URL", "3.2.0", "apim");
	d = add_delta(set, "WSO2AM_DB", "db2-only", DOP_CREATE_TABLE, "DB2_ONLY", NULL, "3.2.0", "apim");
	d->dialects = 1u << DIALECT_DB2;
	add_delta(set, "WSO2AM_DB", "idn-oauth2-device-flow", DOP_CREATE_TABLE,
		  "IDN_OAUTH2_DEVICE_FLOW", NULL, "5.10.0", "identity");
	add_delta(set, "WSO2AM_DB", "sp-app-uuid", DOP_ADD_COLUMN, "SP_APP", "UUID", "5.10.0",
		  "identity");
	add_delta(set, "SHARED_DB", "um-user-user-id", DOP_ADD_COLUMN, "UM_USER", "UM_USER_ID",
		  "5.10.0", "identity");
}

/* A fresh 3.0.0 WSO2AM_DB as far as wso2am_set looks. */
static struct catalog *wso2am_300(void)
{
	struct catalog *cat = catalog_new();
	struct table *t;

	add_col(catalog_add_table(cat, "AM_API"), "API_ID", COL_INTEGER);
	add_col(catalog_add_table(cat, "AM_APPLICATION"), "APPLICATION_ID", COL_INTEGER);
	add_col(catalog_add_table(cat, "AM_SUBSCRIBER"), "SUBSCRIBER_ID", COL_INTEGER);
	add_col(catalog_add_table(cat, "AM_SYSTEM_APPS"), "NAME", COL_VARCHAR);
	add_col(catalog_add_table(cat, "AM_SUBSCRIPTION"), "SUBSCRIPTION_ID", COL_INTEGER);
	t = catalog_add_table(cat, "IDN_OAUTH_CONSUMER_APPS");
	add_col(t, "CONSUMER_KEY", COL_VARCHAR);
	add_col(t, "CALLBACK_URL", COL_VARCHAR);
	add_col(catalog_add_table(cat, "SP_APP"), "APP_NAME", COL_VARCHAR);
	return cat;
}

static void apply_310(struct catalog *cat)
{
	add_col(catalog_add_table(cat, "AM_API_CATEGORIES"), "UUID", COL_VARCHAR);
	add_col(catalog_table(cat, "AM_SYSTEM_APPS"), "TENANT_DOMAIN", COL_VARCHAR);
}

static void apply_320(struct catalog *cat)
{
	add_col(catalog_add_table(cat, "AM_KEY_MANAGER"), "UUID", COL_VARCHAR);
	add_col(catalog_table(cat, "AM_SUBSCRIPTION"), "TIER_ID_PENDING", COL_VARCHAR);
}

static void apply_identity(struct catalog *cat)
{
	add_col(catalog_add_table(cat, "IDN_OAUTH2_DEVICE_FLOW"), "DEVICE_CODE", COL_VARCHAR);
	add_col(catalog_table(cat, "SP_APP"), "UUID", COL_CHAR);
}

/* Classifies live as WSO2AM_DB on PostgreSQL with callback-url count cb. */
static void run_classify(struct db_run *dbr, const char *db, const struct delta_set *set,
			 const struct catalog *live, long cb)
{
	long *counts = xcalloc(set->n, sizeof(long));

	for (size_t i = 0; i < set->n; i++)
		counts[i] = set->items[i].op == DOP_DATA_FIX ? cb : -1;
	memset(dbr, 0, sizeof(*dbr));
	dbr->id = (enum db_index)db_from_name(db);
	dbr->name = db_name(dbr->id);
	classify_database(dbr, set, DIALECT_POSTGRESQL, live, NULL, counts);
	free(counts);
}

static const struct delta_result *result(const struct db_run *dbr, const char *id)
{
	for (size_t i = 0; i < dbr->ndeltas; i++)
		if (!strcmp(dbr->deltas[i].delta->id, id))
			return &dbr->deltas[i];
	fail_msg("no result for %s", id);
	return NULL;
}

static void release(struct db_run *dbr)
{
	struct run run = { 0 };

	run.ndbs = 1;
	run.dbs[0] = *dbr;
	run_release(&run);
	memset(dbr, 0, sizeof(*dbr));
}

static void test_recognised(void **state)
{
	struct catalog *cat = wso2am_300();
	struct catalog *shared = catalog_new(), *analytics = catalog_new();
	(void)state;

	assert_true(classify_recognised((enum db_index)db_from_name("WSO2AM_DB"), cat));
	assert_true(classify_recognised((enum db_index)db_from_name("wso2am_db"), cat));
	assert_false(classify_recognised((enum db_index)db_from_name("SHARED_DB"), cat));
	assert_false(classify_recognised((enum db_index)db_from_name("OTHER_DB"), cat));
	catalog_remove_table(cat, "AM_SUBSCRIBER");
	assert_false(classify_recognised((enum db_index)db_from_name("WSO2AM_DB"), cat));

	catalog_add_table(shared, "reg_resource");
	assert_false(classify_recognised((enum db_index)db_from_name("SHARED_DB"), shared));
	catalog_add_table(shared, "um_user");
	assert_true(classify_recognised((enum db_index)db_from_name("SHARED_DB"), shared));

	assert_false(classify_recognised((enum db_index)db_from_name("APIM_ANALYTICS_DB"), analytics));
	catalog_add_table(analytics, "ApiLastAccessSummary");   /* as Siddhi made it on MySQL */
	assert_true(classify_recognised((enum db_index)db_from_name("APIM_ANALYTICS_DB"), analytics));

	catalog_free(cat);
	catalog_free(shared);
	catalog_free(analytics);
}

static void test_fresh_300(void **state)
{
	struct delta_set set = { 0 };
	struct catalog *live = wso2am_300();
	struct db_run dbr;
	const struct delta_result *r;
	(void)state;

	wso2am_set(&set);
	/* NULL callback URLs on an untouched 3.0.0 database. */
	run_classify(&dbr, "WSO2AM_DB", &set, live, 7);
	assert_int_equal(dbr.state, DB_V300);
	assert_string_equal(part_state_name(COMP_IDENTITY, dbr.identity), "5.9.0");
	assert_int_equal(dbr.ndeltas, 8);          /* the SHARED_DB delta is not listed */
	r = result(&dbr, "idn-oauth-consumer-apps-callback-url-fill");
	assert_int_equal(r->status, DS_MISSING);
	assert_int_equal(r->count, 7);
	assert_non_null(strstr(r->detail, "7 rows"));
	r = result(&dbr, "db2-only");
	assert_int_equal(r->status, DS_NA);
	assert_non_null(strstr(r->detail, "postgresql"));
	r = result(&dbr, "am-key-manager");
	assert_int_equal(r->status, DS_MISSING);
	assert_int_equal(r->count, -1);
	release(&dbr);

	/* Without counts the data fix is n/a and the state the same. */
	memset(&dbr, 0, sizeof(dbr));
	dbr.id = (enum db_index)db_from_name("WSO2AM_DB");
	dbr.name = db_name(dbr.id);
	classify_database(&dbr, &set, DIALECT_POSTGRESQL, live, NULL, NULL);
	assert_int_equal(dbr.state, DB_V300);
	assert_int_equal(result(&dbr, "idn-oauth-consumer-apps-callback-url-fill")->status, DS_NA);
	release(&dbr);

	catalog_free(live);
	delta_set_release(&set);
}

static void test_states(void **state)
{
	struct delta_set set = { 0 };
	struct catalog *live = wso2am_300();
	struct db_run dbr;
	(void)state;

	wso2am_set(&set);

	/* Exactly the 3.1.0 deltas; the callback-url fix is not judged yet.
	 * The identity part still 5.9.0: the database as a whole is partial
	 * (3.1.0 ships identity 5.10.0). */
	apply_310(live);
	run_classify(&dbr, "WSO2AM_DB", &set, live, 3);
	assert_int_equal(dbr.apim, PART_V310);
	assert_int_equal(dbr.state, DB_PARTIAL);
	release(&dbr);
	run_classify(&dbr, "WSO2AM_DB", &set, live, 0);
	assert_int_equal(dbr.apim, PART_V310);
	release(&dbr);
	apply_identity(live);
	run_classify(&dbr, "WSO2AM_DB", &set, live, 0);
	assert_int_equal(dbr.state, DB_V310);
	release(&dbr);
	catalog_free(live);
	live = wso2am_300();
	apply_310(live);

	/* 3.1.0 plus one 3.2.0 change: partial. */
	add_col(catalog_add_table(live, "AM_KEY_MANAGER"), "UUID", COL_VARCHAR);
	run_classify(&dbr, "WSO2AM_DB", &set, live, 0);
	assert_int_equal(dbr.apim, PART_PARTIAL);
	assert_int_equal(dbr.state, DB_PARTIAL);
	release(&dbr);

	/* Every structural delta, callback URLs fixed: amdelta's part 3.2.0,
	 * identity pending: the database is partial. */
	apply_320(live);
	run_classify(&dbr, "WSO2AM_DB", &set, live, 0);
	assert_int_equal(dbr.apim, PART_NEW);
	assert_int_equal(dbr.state, DB_PARTIAL);
	assert_string_equal(part_state_name(COMP_IDENTITY, dbr.identity), "5.9.0");
	release(&dbr);

	/* ... but NULL callback URLs left: amdelta's work left, partial. */
	run_classify(&dbr, "WSO2AM_DB", &set, live, 2);
	assert_int_equal(dbr.apim, PART_PARTIAL);
	release(&dbr);

	/* A conditional data fix left to do never makes it partial. */
	{
		struct delta *d = add_delta(&set, "WSO2AM_DB", "conditional-fix", DOP_DATA_FIX,
					    "AM_SUBSCRIPTION", "TIER_ID_PENDING", "3.2.0", "apim");
		d->conditional = 1;
		run_classify(&dbr, "WSO2AM_DB", &set, live, 4);   /* every fix counts 4 */
		assert_int_equal(result(&dbr, "conditional-fix")->status, DS_MISSING);
		assert_int_equal(dbr.apim, PART_PARTIAL);         /* the callback-url fix */
		release(&dbr);
		memset(&dbr, 0, sizeof(dbr));
		dbr.id = (enum db_index)db_from_name("WSO2AM_DB");
	dbr.name = db_name(dbr.id);
		{
			/* the callback-url fix not counted, the conditional one 4 */
			long counts[10] = { -1, -1, -1, -1, -1, -1, -1, -1, -1, 4 };
			assert_int_equal(set.n, 10);
			classify_database(&dbr, &set, DIALECT_POSTGRESQL, live, NULL, counts);
		}
		assert_int_equal(result(&dbr, "conditional-fix")->status, DS_MISSING);
		assert_non_null(strstr(result(&dbr, "conditional-fix")->detail, "4 rows"));
		assert_int_equal(dbr.apim, PART_NEW);
		release(&dbr);
	}

	/* Identity half done, then done. */
	add_col(catalog_add_table(live, "IDN_OAUTH2_DEVICE_FLOW"), "DEVICE_CODE", COL_VARCHAR);
	run_classify(&dbr, "WSO2AM_DB", &set, live, 0);
	assert_int_equal(dbr.state, DB_PARTIAL);
	assert_string_equal(part_state_name(COMP_IDENTITY, dbr.identity), "partial");
	release(&dbr);
	add_col(catalog_table(live, "SP_APP"), "UUID", COL_CHAR);
	run_classify(&dbr, "WSO2AM_DB", &set, live, 0);
	assert_string_equal(part_state_name(COMP_IDENTITY, dbr.identity), "5.10.0");
	assert_int_equal(dbr.state, DB_V320);
	release(&dbr);

	/* A 3.2.0 change without the 3.1.0 ones: partial, not 3.1.0. */
	catalog_free(live);
	live = wso2am_300();
	apply_320(live);
	apply_identity(live);
	run_classify(&dbr, "WSO2AM_DB", &set, live, 0);
	assert_int_equal(dbr.state, DB_PARTIAL);
	assert_string_equal(part_state_name(COMP_IDENTITY, dbr.identity), "5.10.0");
	release(&dbr);

	catalog_free(live);
	delta_set_release(&set);
}

/* Each migrator of the identity client judged from the deltas that name it. */
static void test_migrators(void **state)
{
	struct delta_set set = { 0 };
	struct catalog *live = wso2am_300();
	struct db_run dbr;
	struct strbuf line = STRBUF_INIT;
	(void)state;

	wso2am_set(&set);
	run_classify(&dbr, "WSO2AM_DB", &set, live, 0);
	assert_int_equal(dbr.migrators[MIG_STEP1_IDENTITY].state, MS_NOT_RUN);
	assert_int_equal(dbr.migrators[MIG_STEP1_IDENTITY].total, 2);
	assert_int_equal(dbr.migrators[MIG_STEP1_IDENTITY].made, 0);
	assert_int_equal(dbr.migrators[MIG_STEP2_UM].state, MS_NA);       /* SHARED_DB's */
	assert_int_equal(dbr.migrators[MIG_SCOPE_DATA].state, MS_NA);     /* no delta of it here */
	assert_int_equal(dbr.migrators[MIG_VALIDATOR].state, MS_REMOVED);
	assert_int_equal(dbr.migrators[MIG_STEP2_IDENTITY].state, MS_REMOVED);
	assert_int_equal(dbr.migrators[MIG_TENANT_PORTAL].state, MS_REMOVED);
	assert_int_equal(dbr.migrators[MIG_USER_ID].state, MS_NOT_JUDGED);
	assert_true(classify_migrator_left(&dbr, MIG_STEP1_IDENTITY));
	assert_false(classify_migrator_left(&dbr, MIG_STEP2_UM));
	classify_migrator_line(&dbr, MIG_STEP1_IDENTITY, &line);
	assert_non_null(strstr(line.buf, "SchemaMigrator step1/identity: not run, 0 of 2 changes; without it: "));
	release(&dbr);

	/* half done: which change is missing, what 3.2.0 does without it */
	add_col(catalog_table(live, "SP_APP"), "UUID", COL_CHAR);
	run_classify(&dbr, "WSO2AM_DB", &set, live, 0);
	assert_int_equal(dbr.migrators[MIG_STEP1_IDENTITY].state, MS_PARTIAL);
	assert_int_equal(dbr.migrators[MIG_STEP1_IDENTITY].made, 1);
	strbuf_reset(&line);
	classify_migrator_line(&dbr, MIG_STEP1_IDENTITY, &line);
	assert_non_null(strstr(line.buf, "partly done, 1 of 2 changes (missing: idn-oauth2-device-flow)"));
	assert_non_null(strstr(line.buf, "without it: service providers"));
	release(&dbr);

	/* all done: nothing left, the line says no more */
	add_col(catalog_add_table(live, "IDN_OAUTH2_DEVICE_FLOW"), "DEVICE_CODE", COL_VARCHAR);
	run_classify(&dbr, "WSO2AM_DB", &set, live, 0);
	assert_int_equal(dbr.migrators[MIG_STEP1_IDENTITY].state, MS_DONE);
	assert_false(classify_migrator_left(&dbr, MIG_STEP1_IDENTITY));
	strbuf_reset(&line);
	classify_migrator_line(&dbr, MIG_STEP1_IDENTITY, &line);
	assert_string_equal(line.buf, "SchemaMigrator step1/identity: done, 2 of 2 changes");
	release(&dbr);

	/* an apim delta is no migrator's */
	run_classify(&dbr, "WSO2AM_DB", &set, live, 0);
	assert_int_equal(dbr.migrators[MIG_SCOPE_DATA].total, 0);
	release(&dbr);

	strbuf_release(&line);
	catalog_free(live);
	delta_set_release(&set);
}

static void test_conflict(void **state)
{
	struct delta_set set = { 0 };
	struct catalog *live = wso2am_300();
	struct db_run dbr;
	(void)state;

	wso2am_set(&set);
	/* The column the 3.1.0 delta adds has the wrong type family, the rest is
	 * exactly 3.1.0: a conflict makes it partial. */
	apply_310(live);
	table_column(catalog_table(live, "AM_SYSTEM_APPS"), "TENANT_DOMAIN")->type = COL_BLOB;
	{
		/* An expected catalog gives the shape to compare against. */
		struct catalog *exp = catalog_new();
		add_col(catalog_add_table(exp, "AM_SYSTEM_APPS"), "TENANT_DOMAIN", COL_VARCHAR);
		memset(&dbr, 0, sizeof(dbr));
		dbr.id = (enum db_index)db_from_name("WSO2AM_DB");
	dbr.name = db_name(dbr.id);
		classify_database(&dbr, &set, DIALECT_POSTGRESQL, live, exp, NULL);
		assert_int_equal(result(&dbr, "am-system-apps-tenant-domain")->status, DS_CONFLICT);
		assert_int_equal(dbr.state, DB_PARTIAL);
		release(&dbr);
		catalog_free(exp);
	}
	/* An identity conflict leaves the apim part alone; the whole is partial. */
	catalog_free(live);
	live = wso2am_300();
	catalog_remove_table(live, "SP_APP");      /* add-column on a missing table */
	run_classify(&dbr, "WSO2AM_DB", &set, live, 0);
	assert_int_equal(result(&dbr, "sp-app-uuid")->status, DS_CONFLICT);
	assert_int_equal(dbr.apim, PART_OLD);
	assert_int_equal(dbr.state, DB_PARTIAL);
	assert_string_equal(part_state_name(COMP_IDENTITY, dbr.identity), "partial");
	release(&dbr);

	catalog_free(live);
	delta_set_release(&set);
}

/* SHARED_DB: the conditional registry clean-up never decides the state; the
 * identity deltas do. */
static void test_shared_db(void **state)
{
	struct delta_set set = { 0 };
	struct catalog *live = catalog_new();
	struct table *t;
	struct delta *d;
	struct db_run dbr;
	const struct delta_result *r;
	(void)state;

	d = add_delta(&set, "SHARED_DB", "reg-versioning-cleanup", DOP_DATA_FIX,
		      "REG_RESOURCE_PROPERTY", "REG_VERSION", "3.2.0", "apim");
	d->conditional = 1;
	add_delta(&set, "SHARED_DB", "um-uuid-domain-mapper", DOP_CREATE_TABLE,
		  "UM_UUID_DOMAIN_MAPPER", NULL, "5.10.0", "identity");
	add_delta(&set, "SHARED_DB", "um-user-user-id", DOP_ADD_COLUMN, "UM_USER", "UM_USER_ID",
		  "5.10.0", "identity");

	add_col(catalog_add_table(live, "REG_RESOURCE"), "REG_VERSION", COL_INTEGER);
	add_col(catalog_add_table(live, "REG_RESOURCE_PROPERTY"), "REG_VERSION", COL_INTEGER);
	t = catalog_add_table(live, "UM_USER");
	add_col(t, "UM_ID", COL_INTEGER);

	/* 3.0.0 with versioning leftovers. */
	run_classify(&dbr, "SHARED_DB", &set, live, 12);
	assert_int_equal(dbr.state, DB_V300);
	assert_string_equal(part_state_name(COMP_IDENTITY, dbr.identity), "5.9.0");
	r = result(&dbr, "reg-versioning-cleanup");
	assert_int_equal(r->status, DS_MISSING);
	assert_non_null(strstr(r->detail, "12 rows"));
	release(&dbr);

	/* Identity half done. */
	add_col(t, "UM_USER_ID", COL_VARCHAR);
	run_classify(&dbr, "SHARED_DB", &set, live, 12);
	assert_int_equal(dbr.state, DB_PARTIAL);
	release(&dbr);

	/* Identity done; the leftovers are still reported but do not make it
	 * partial. */
	add_col(catalog_add_table(live, "UM_UUID_DOMAIN_MAPPER"), "UM_ID", COL_INTEGER);
	run_classify(&dbr, "SHARED_DB", &set, live, 12);
	assert_int_equal(dbr.state, DB_V320);
	assert_string_equal(part_state_name(COMP_IDENTITY, dbr.identity), "5.10.0");
	assert_int_equal(result(&dbr, "reg-versioning-cleanup")->status, DS_MISSING);
	release(&dbr);

	run_classify(&dbr, "SHARED_DB", &set, live, 0);
	assert_int_equal(dbr.state, DB_V320);
	assert_int_equal(result(&dbr, "reg-versioning-cleanup")->status, DS_APPLIED);
	assert_null(result(&dbr, "reg-versioning-cleanup")->detail);
	release(&dbr);

	catalog_free(live);
	delta_set_release(&set);
}

/* The shipped analytics delta against hand-built APILASTACCESSSUMMARY
 * tables, found in MySQL's mixed case. */
static void test_analytics_shipped(void **state)
{
	struct delta_set set = { 0 };
	struct strbuf err = STRBUF_INIT;
	char *dir = xasprintf("%s/checks", unit_top());
	struct catalog *live = catalog_new();
	struct table *t;
	struct db_run dbr;
	long *counts;
	(void)state;

	if (delta_load_dir(dir, &set, &err))
		fail_msg("%s", strbuf_str(&err));
	counts = xcalloc(set.n, sizeof(long));
	for (size_t i = 0; i < set.n; i++)
		counts[i] = -1;
	t = catalog_add_table(live, "ApiLastAccessSummary");
	add_col(t, "apiName", COL_VARCHAR);
	add_col(t, "apiVersion", COL_VARCHAR);
	add_col(t, "apiCreator", COL_VARCHAR);
	add_col(t, "apiCreatorTenantDomain", COL_VARCHAR);
	add_key(t, KEY_PRIMARY, "apiName,apiCreator,apiCreatorTenantDomain");

	memset(&dbr, 0, sizeof(dbr));
	dbr.id = (enum db_index)db_from_name("APIM_ANALYTICS_DB");
	dbr.name = db_name(dbr.id);
	classify_database(&dbr, &set, DIALECT_MYSQL, live, NULL, counts);
	assert_int_equal(dbr.ndeltas, 2);
	assert_int_equal(dbr.state, DB_V300);
	assert_int_equal(dbr.identity, PART_NONE);
	release(&dbr);

	/* The old key dropped, the new one not added yet: partial, not 3.0.0. */
	table_remove_key(t, table_primary_key(t));
	memset(&dbr, 0, sizeof(dbr));
	dbr.id = (enum db_index)db_from_name("APIM_ANALYTICS_DB");
	dbr.name = db_name(dbr.id);
	classify_database(&dbr, &set, DIALECT_MYSQL, live, NULL, counts);
	assert_int_equal(dbr.state, DB_PARTIAL);
	release(&dbr);
	add_key(t, KEY_PRIMARY, "apiName,apiCreator,apiCreatorTenantDomain");

	table_remove_key(t, table_primary_key(t));
	add_key(t, KEY_PRIMARY, "apiName,apiVersion,apiCreator,apiCreatorTenantDomain");
	memset(&dbr, 0, sizeof(dbr));
	dbr.id = (enum db_index)db_from_name("APIM_ANALYTICS_DB");
	dbr.name = db_name(dbr.id);
	classify_database(&dbr, &set, DIALECT_MYSQL, live, NULL, counts);
	assert_int_equal(dbr.state, DB_V320);
	release(&dbr);

	table_remove_key(t, table_primary_key(t));
	add_key(t, KEY_PRIMARY, "apiName");
	memset(&dbr, 0, sizeof(dbr));
	dbr.id = (enum db_index)db_from_name("APIM_ANALYTICS_DB");
	dbr.name = db_name(dbr.id);
	classify_database(&dbr, &set, DIALECT_MYSQL, live, NULL, counts);
	assert_int_equal(dbr.deltas[1].status, DS_CONFLICT);
	assert_int_equal(dbr.state, DB_PARTIAL);
	release(&dbr);

	free(counts);
	free(dir);
	strbuf_release(&err);
	catalog_free(live);
	delta_set_release(&set);
}

static void test_count(void **state)
{
	struct delta_set set = { 0 };
	struct catalog *live = wso2am_300();
	struct strbuf err = STRBUF_INIT;
	struct conn c;
	long counts[16];
	(void)state;

	wso2am_set(&set);
	assert_true(set.n <= 16);
	memset(&c, 0, sizeof(c));
	c.dbname = "WSO2AM_DB";

	/* SHARED_DB has nothing countable here: no query is sent. */
	for (size_t i = 0; i < set.n; i++)
		counts[i] = 99;
	assert_int_equal(classify_count(&c, &set, (enum db_index)db_from_name("SHARED_DB"), live, counts, &err), 0);
	for (size_t i = 0; i < set.n; i++)
		assert_int_equal(counts[i], -1);

	/* WSO2AM_DB has the callback-url fix, countable on 3.0.0: it is sent,
	 * and the failure names the delta and the database. */
	assert_int_equal(classify_count(&c, &set, (enum db_index)db_from_name("WSO2AM_DB"), live, counts, &err), -1);
	assert_non_null(strstr(strbuf_str(&err), "idn-oauth-consumer-apps-callback-url-fill"));
	assert_non_null(strstr(strbuf_str(&err), "WSO2AM_DB"));
	assert_non_null(strstr(strbuf_str(&err), "not connected"));
	strbuf_release(&err);

	/* Its column gone, nothing is countable. */
	table_remove_column(catalog_table(live, "IDN_OAUTH_CONSUMER_APPS"), "CALLBACK_URL");
	assert_int_equal(classify_count(&c, &set, (enum db_index)db_from_name("WSO2AM_DB"), live, counts, &err), 0);
	for (size_t i = 0; i < set.n; i++)
		assert_int_equal(counts[i], -1);

	strbuf_release(&err);
	catalog_free(live);
	delta_set_release(&set);
}

/* The index of delta id in set. */
static size_t index_of(const struct delta_set *set, const char *id)
{
	for (size_t i = 0; i < set->n; i++)
		if (!strcmp(set->items[i].id, id))
			return i;
	fail_msg("no delta %s", id);
	return 0;
}

/* classify_recount through a scripted server: after a step it keeps the
 * counts the step cannot change, runs the touched one again (and the fix
 * of a column the step changed), asks a probe instead where given, and a
 * failing count names the delta and the database. */
static void test_recount(void **state)
{
	static const struct script_entry first[] = {
		{ .pattern = "FROM IDN_OAUTH_CONSUMER_APPS WHERE CALLBACK_URL IS NULL", .rows = "3" },
		{ .pattern = "FROM AM_SYSTEM_APPS WHERE TENANT_DOMAIN IS NULL", .rows = "2" },
		{ .pattern = "FROM IDN_OAUTH_CONSUMER_APPS WHERE CALLBACK_URL IS NULL", .rows = "0" },
		{ .pattern = "FROM AM_SYSTEM_APPS WHERE TENANT_DOMAIN IS NULL", .rows = "5" },
		{ .pattern = "LIMIT 1", .rows = "1" },
		{ .pattern = "FROM IDN_OAUTH_CONSUMER_APPS", .fail = "42P01: relation does not exist" },
	};
	struct delta_set set = { 0 };
	struct catalog *live = wso2am_300();
	struct strbuf err = STRBUF_INIT;
	struct script s = { 0 };
	struct conn c;
	long counts[16];
	char *probes[16] = { 0 };
	size_t cb, td, km, tdcol;
	(void)state;

	wso2am_set(&set);
	add_delta(&set, "WSO2AM_DB", "am-system-apps-tenant-domain-fill", DOP_DATA_FIX,
		  "AM_SYSTEM_APPS", "TENANT_DOMAIN", "3.2.0", "apim");
	apply_310(live);
	cb = index_of(&set, "idn-oauth-consumer-apps-callback-url-fill");
	td = index_of(&set, "am-system-apps-tenant-domain-fill");
	km = index_of(&set, "am-key-manager");
	tdcol = index_of(&set, "am-system-apps-tenant-domain");
	script_add(&s, first, sizeof(first) / sizeof(first[0]));
	script_conn(&c, &s, "WSO2AM_DB", DIALECT_POSTGRESQL, 0);

	/* the first read counts every fix */
	assert_int_equal(classify_count(&c, &set, DBI_AM, live, counts, &err), 0);
	assert_int_equal(counts[cb], 3);
	assert_int_equal(counts[td], 2);
	assert_int_equal(counts[km], -1);
	assert_int_equal(script_count(&s, "COUNT(*)"), 2);

	/* a step on another table: nothing is sent, the counts stay */
	assert_int_equal(classify_recount(&c, &set, DBI_AM, live, counts, &set.items[km],
					  NULL, &err), 0);
	assert_int_equal(script_count(&s, "COUNT(*)"), 2);
	assert_int_equal(counts[cb], 3);
	assert_int_equal(counts[td], 2);

	/* the callback fix ran: it alone is counted again */
	assert_int_equal(classify_recount(&c, &set, DBI_AM, live, counts, &set.items[cb],
					  NULL, &err), 0);
	assert_int_equal(counts[cb], 0);
	assert_int_equal(counts[td], 2);
	assert_int_equal(script_count(&s, "CALLBACK_URL IS NULL"), 2);
	assert_int_equal(script_count(&s, "TENANT_DOMAIN IS NULL"), 1);

	/* the step that adds TENANT_DOMAIN changes its fix's count */
	assert_int_equal(classify_recount(&c, &set, DBI_AM, live, counts, &set.items[tdcol],
					  NULL, &err), 0);
	assert_int_equal(counts[td], 5);
	assert_int_equal(counts[cb], 0);

	/* a probe asks whether a row is left: some, not how many */
	probes[cb] = "SELECT COUNT(*) FROM (SELECT 1 FROM IDN_OAUTH_CONSUMER_APPS "
		     "WHERE CALLBACK_URL IS NULL LIMIT 1) x";
	assert_int_equal(classify_recount(&c, &set, DBI_AM, live, counts, &set.items[cb],
					  probes, &err), 0);
	assert_int_equal(counts[cb], DELTA_COUNT_SOME);
	assert_true(script_sent(&s, probes[cb]));
	/* ... and "some" is kept like a count */
	assert_int_equal(classify_recount(&c, &set, DBI_AM, live, counts, &set.items[km],
					  probes, &err), 0);
	assert_int_equal(counts[cb], DELTA_COUNT_SOME);

	/* the count fails: the delta, its table, the database and the server's
	 * message; its count is unknown again */
	assert_int_equal(classify_recount(&c, &set, DBI_AM, live, counts, &set.items[cb],
					  NULL, &err), -1);
	assert_non_null(strstr(strbuf_str(&err), "idn-oauth-consumer-apps-callback-url-fill"));
	assert_non_null(strstr(strbuf_str(&err), "(IDN_OAUTH_CONSUMER_APPS)"));
	assert_non_null(strstr(strbuf_str(&err), "on WSO2AM_DB"));
	assert_non_null(strstr(strbuf_str(&err), "relation does not exist"));
	assert_int_equal(counts[cb], -1);
	assert_int_equal(s.unscripted, 0);

	/* a fix that does not apply to the dialect is not sent */
	set.items[td].dialects = 1u << DIALECT_DB2;
	counts[td] = -1;
	counts[cb] = 0;
	strbuf_reset(&err);
	assert_int_equal(classify_recount(&c, &set, DBI_AM, live, counts, &set.items[td],
					  NULL, &err), 0);
	assert_int_equal(counts[td], -1);
	assert_int_equal(s.unscripted, 0);

	script_release(&s);
	strbuf_release(&err);
	catalog_free(live);
	delta_set_release(&set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_recognised),
		cmocka_unit_test(test_fresh_300),
		cmocka_unit_test(test_states),
		cmocka_unit_test(test_migrators),
		cmocka_unit_test(test_conflict),
		cmocka_unit_test(test_shared_db),
		cmocka_unit_test(test_analytics_shipped),
		cmocka_unit_test(test_count),
		cmocka_unit_test(test_recount),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
