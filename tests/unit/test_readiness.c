/* Unit tests of readiness: the check table, the pure parts, and every
 * check's evaluation against a scripted server (conn_script.h), table-driven:
 * for each check a pass, a finding (fail or warn, with its rows) and an
 * error (its query fails).  The checks against real servers:
 * tests/integration/t_70_check_verify.sh. */
#include "unit.h"

#include "catalog.h"
#include "conn_script.h"
#include "readiness.h"

static void test_provider_domain(void **state)
{
	(void)state;
	assert_string_equal(readiness_provider_domain("admin"), "carbon.super");
	assert_string_equal(readiness_provider_domain("admin@a.com"), "a.com");
	/* e-mail user names in a tenant: the domain is after the last '@' */
	assert_string_equal(readiness_provider_domain("bob@gmail.com@t.org"), "t.org");
	assert_string_equal(readiness_provider_domain("trailing@"), "carbon.super");
	assert_string_equal(readiness_provider_domain(NULL), "carbon.super");
}

static void test_table(void **state)
{
	static const char *const want[] = {
		"database-state", "postgresql-superuser", "ddl-privileges", "registry-versioning",
		"cross-tenant-subscriptions", "tenants", "reg-log-size", "identity-volume",
		"identity-scope-duplicates", "oidc-scope-collisions", "postgresql-uuid-ossp",
		"mysql-identity-key-length", "null-callback-urls", "analytics-database",
	};
	(void)state;

	assert_int_equal(readiness_count(), sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < readiness_count(); i++)
		assert_string_equal(readiness_id(i), want[i]);
	assert_null(readiness_id(readiness_count()));
	assert_string_equal(check_status_name(CS_FAIL), "fail");
	assert_string_equal(check_severity_name(SEV_BLOCKER), "blocker");
	assert_string_equal(check_status_name((enum check_status)99), "?");
}

/* With no database configured every check still runs and says why it
 * measured nothing; none needs a connection to say so. */
static void test_nothing_configured(void **state)
{
	struct db_run dbs[DBI_COUNT];
	struct readiness_input in;
	struct run run;
	(void)state;

	memset(dbs, 0, sizeof(dbs));
	memset(&in, 0, sizeof(in));
	memset(&run, 0, sizeof(run));
	in.dbs = dbs;
	assert_int_equal(readiness_run(&in, &run), 0);
	assert_int_equal(run.nchecks, readiness_count());
	for (size_t i = 0; i < run.nchecks; i++) {
		assert_non_null(run.checks[i].detail);
		/* the analytics check warns that its step is skipped; the rest skip */
		if (!strcmp(run.checks[i].id, "analytics-database"))
			assert_int_equal(run.checks[i].status, CS_WARN);
		else
			assert_int_equal(run.checks[i].status, CS_SKIP);
	}
	run_release(&run);
	/* verify: a database in error leaves the checks that need it not
	 * measured (error), saying which database, without repeating its
	 * error: that is reported once, as the database's */
	dbs[DBI_AM].name = "WSO2AM_DB";
	dbs[DBI_AM].state = DB_ERROR;
	dbs[DBI_AM].error = "connection refused";
	assert_true(readiness_verify(&in, &run) >= 1);
	assert_string_equal(run.checks[0].id, "apim-state");
	assert_int_equal(run.checks[0].status, CS_ERROR);
	assert_non_null(strstr(run.checks[0].detail, "could not be read"));
	for (size_t i = 0; i < run.nchecks; i++) {
		assert_null(strstr(run.checks[i].detail, "connection refused"));
		for (size_t j = 0; j < run.checks[i].nrows; j++)
			assert_null(strstr(run.checks[i].rows[j], "connection refused"));
		if (!strcmp(run.checks[i].id, "key-mappings")) {
			assert_int_equal(run.checks[i].status, CS_ERROR);
			assert_non_null(strstr(run.checks[i].detail, "WSO2AM_DB could not be read"));
		}
	}
	run_release(&run);
}

/* What the checks measure: three PostgreSQL databases at 3.0.0 behind one
 * script, the scenario's entries first, then answers under which every
 * check passes. */
struct rfx {
	struct script script;
	struct conn conns[DBI_COUNT];
	struct db_run dbs[DBI_COUNT];
	struct readiness_input in;
	struct run run;
};

static const struct script_entry baseline[] = {
	{ .pattern = "current_user FROM pg_roles", .rows = "1|amdelta", .repeat = 1 },
	{ .pattern = "has_schema_privilege", .rows = "1|1", .repeat = 1 },
	{ .pattern = "FROM REG_RESOURCE_PROPERTY x", .rows = "0", .repeat = 1 },
	{ .pattern = "FROM AM_SUBSCRIPTION s", .rows = "", .repeat = 1 },
	{ .pattern = "UM_DOMAIN_NAME FROM UM_TENANT", .rows = "", .repeat = 1 },
	{ .pattern = "COUNT(*) FROM UM_TENANT", .rows = "0", .repeat = 1 },
	{ .pattern = "FROM REG_LOG", .rows = "10", .repeat = 1 },
	{ .pattern = "FROM IDN_OAUTH2_ACCESS_TOKEN", .rows = "5", .repeat = 1 },
	{ .pattern = "CALLBACK_URL IS NULL", .rows = "0", .repeat = 1 },
	/* the identity client's checks, ahead of the key mappings' HAVING */
	{ .pattern = "FROM IDN_OAUTH2_SCOPE s JOIN", .rows = "", .repeat = 1 },
	{ .pattern = "FROM IDN_OIDC_SCOPE o JOIN", .rows = "", .repeat = 1 },
	{ .pattern = "pg_available_extensions", .rows = "0|1|1|1|0|150004|amdelta|wso2am", .repeat = 1 },
	{ .pattern = "SCHEMA_PRIVILEGES", .rows = "ALL PRIVILEGES", .repeat = 1 },
	{ .pattern = "information_schema.SCHEMATA", .rows = "utf8mb4|4|dynamic", .repeat = 1 },
	{ .pattern = "information_schema.TABLES t", .rows = "IDN_OAUTH2_SCOPE_BINDING|Dynamic|utf8mb4|4",
	  .repeat = 1 },
	{ .pattern = "information_schema.COLUMNS", .rows = "IDN_OAUTH2_SCOPE_BINDING|SCOPE_ID|int|\\N|\\N\n"
	  "IDN_OAUTH2_SCOPE_BINDING|SCOPE_BINDING|varchar|1020|utf8mb4", .repeat = 1 },
	{ .pattern = "AM_APPLICATION_KEY_MAPPING WHERE UUID IS NULL", .rows = "0", .repeat = 1 },
	{ .pattern = "HAVING COUNT(*) > 1", .rows = "0", .repeat = 1 },
	{ .pattern = "KEY_MANAGER IS NULL", .rows = "0", .repeat = 1 },
};

static void add_table(struct catalog *cat, const char *name, const char *cols)
{
	struct table *t = catalog_add_table(cat, name);
	size_t n = 0;
	char **c = catalog_cols_split(cols, &n);

	for (size_t i = 0; i < n; i++) {
		struct column col = { .name = c[i], .type = COL_VARCHAR, .size = 255, .nullable = 1 };

		table_add_column(t, &col);
	}
	catalog_cols_free(c, n);
}

static void rfx_init(struct rfx *f, const struct script_entry *scenario)
{
	memset(f, 0, sizeof(*f));
	for (size_t n = 0; scenario && scenario[n].pattern; n++)
		script_add(&f->script, &scenario[n], 1);
	script_add(&f->script, baseline, sizeof(baseline) / sizeof(baseline[0]));
	for (int i = 0; i < DBI_COUNT; i++) {
		script_conn(&f->conns[i], &f->script, db_name((enum db_index)i), DIALECT_POSTGRESQL, 1);
		f->in.conns[i] = &f->conns[i];
		f->dbs[i].id = (enum db_index)i;
		f->dbs[i].name = db_name((enum db_index)i);
		f->dbs[i].state = DB_V300;
		f->dbs[i].live = catalog_new();
	}
	add_table(f->dbs[DBI_AM].live, "AM_API", "API_ID");
	add_table(f->dbs[DBI_AM].live, "IDN_OAUTH2_ACCESS_TOKEN", "TOKEN_ID");
	add_table(f->dbs[DBI_AM].live, "IDN_OAUTH_CONSUMER_APPS", "CONSUMER_KEY,CALLBACK_URL");
	add_table(f->dbs[DBI_AM].live, "AM_APPLICATION_KEY_MAPPING", "UUID,KEY_MANAGER");
	add_table(f->dbs[DBI_AM].live, "IDN_OAUTH2_SCOPE", "SCOPE_ID,NAME,TENANT_ID");
	add_table(f->dbs[DBI_AM].live, "IDN_OIDC_SCOPE", "ID,NAME,TENANT_ID");
	/* WSO2's identity client has its part to do on both */
	f->dbs[DBI_AM].identity = PART_OLD;
	f->dbs[DBI_SHARED].identity = PART_OLD;
	add_table(f->dbs[DBI_SHARED].live, "REG_RESOURCE", "REG_VERSION");
	add_table(f->dbs[DBI_SHARED].live, "REG_RESOURCE_PROPERTY", "REG_VERSION");
	f->in.dbs = f->dbs;
}

static void rfx_release(struct rfx *f)
{
	for (int i = 0; i < DBI_COUNT; i++) {
		free(f->dbs[i].error);
		catalog_free(f->dbs[i].live);
	}
	run_release(&f->run);
	script_release(&f->script);
}

/* Scenario set-ups beyond the script. */
static void am_unknown(struct rfx *f)
{
	f->dbs[DBI_AM].state = DB_UNKNOWN;
}

static void am_conflict(struct rfx *f)
{
	f->dbs[DBI_AM].state = DB_PARTIAL;
	f->dbs[DBI_AM].next = NEXT_RESOLVE_CONFLICT;
}

static void am_unreadable(struct rfx *f)
{
	f->dbs[DBI_AM].state = DB_ERROR;
	f->dbs[DBI_AM].error = xstrdup("connection refused");
	f->in.conns[DBI_AM] = NULL;
}

static void am_on_mysql(struct rfx *f)
{
	f->conns[DBI_AM].dialect = dialect_get(DIALECT_MYSQL);
}

static void am_identity_done(struct rfx *f)
{
	f->dbs[DBI_AM].identity = PART_NEW;
	f->dbs[DBI_SHARED].identity = PART_NEW;
}

static void analytics_not_configured(struct rfx *f)
{
	f->dbs[DBI_ANALYTICS].state = DB_NOT_CONFIGURED;
	f->in.conns[DBI_ANALYTICS] = NULL;
}

static void analytics_unreachable(struct rfx *f)
{
	f->dbs[DBI_ANALYTICS].state = DB_ERROR;
	f->dbs[DBI_ANALYTICS].error = xstrdup("could not connect to server");
	f->in.conns[DBI_ANALYTICS] = NULL;
}

enum outcome { PASS, FINDING, ERROR, SKIP };

/* One scenario of one check: its script (ahead of the baseline), what else
 * it sets up, and what the check must say. */
static const struct rcase {
	const char *id;              /* the check */
	int verify;                  /* a check of readiness_verify */
	enum outcome kind;
	struct script_entry entries[3];
	void (*setup)(struct rfx *f);
	enum check_status status;
	size_t nrows;
	const char *detail;          /* a part of the detail */
	const char *row;             /* a part of the first row, or NULL */
} rcases[] = {
	{ "database-state", 0, PASS, { { 0 } }, NULL, CS_PASS, 0,
	  "every configured database (3) is at 3.0.0", NULL },
	{ "database-state", 0, FINDING, { { 0 } }, am_unknown, CS_FAIL, 1,
	  "1 of 3 databases cannot be migrated", "WSO2AM_DB: unknown (not a WSO2 database" },
	{ "database-state", 0, FINDING, { { 0 } }, am_conflict, CS_FAIL, 1,
	  "1 of 3 databases cannot be migrated", "WSO2AM_DB: partial (a delta in conflict" },
	/* no query of its own: a database that could not be read leaves it not
	 * measured, without repeating the database's error */
	{ "database-state", 0, ERROR, { { 0 } }, am_unreadable, CS_ERROR, 1,
	  "not measured: 1 of 3 databases could not be read", "WSO2AM_DB: could not be read" },

	{ "postgresql-superuser", 0, PASS, { { 0 } }, NULL, CS_PASS, 0,
	  "superuser on every PostgreSQL database (3)", NULL },
	{ "postgresql-superuser", 0, FINDING,
	  { { .pattern = "current_user FROM pg_roles", .rows = "0|app", .repeat = 1 } }, NULL,
	  CS_FAIL, 3, "3 of 3 PostgreSQL databases", "WSO2AM_DB: role app is not a superuser" },
	{ "postgresql-superuser", 0, ERROR,
	  { { .pattern = "current_user FROM pg_roles", .fail = "42501: permission denied" } }, NULL,
	  CS_ERROR, 0, "statement failed on WSO2AM_DB: 42501: permission denied", NULL },

	{ "ddl-privileges", 0, PASS, { { 0 } }, NULL, CS_PASS, 0,
	  "may create and alter tables on 3 databases", NULL },
	{ "ddl-privileges", 0, FINDING,
	  { { .pattern = "has_schema_privilege", .rows = "0|0" },
	    { .pattern = "tableowner <> current_user", .rows = "am_api\nam_application" } }, NULL,
	  CS_FAIL, 3, "2 privileges are missing", "WSO2AM_DB: no CREATE on schema public" },
	{ "ddl-privileges", 0, FINDING,
	  { { .pattern = "SCHEMA_PRIVILEGES", .rows = "SELECT\nCREATE\nALTER\nINDEX\nUPDATE" } },
	  am_on_mysql, CS_FAIL, 3, "3 privileges are missing", "WSO2AM_DB: no TRIGGER privilege" },
	{ "ddl-privileges", 0, ERROR,
	  { { .pattern = "has_schema_privilege", .fail = "57P01: terminating connection" } }, NULL,
	  CS_ERROR, 0, "terminating connection", NULL },

	{ "registry-versioning", 0, PASS, { { 0 } }, NULL, CS_PASS, 0,
	  "SHARED_DB holds no versioned registry rows", NULL },
	{ "registry-versioning", 0, FINDING,
	  { { .pattern = "FROM REG_RESOURCE_PROPERTY x", .rows = "5" } }, NULL, CS_WARN, 1,
	  "SHARED_DB holds 5 rows", "REG_RESOURCE_PROPERTY: 5 rows" },
	{ "registry-versioning", 0, ERROR,
	  { { .pattern = "FROM REG_RESOURCE_PROPERTY x", .fail = "42703: column does not exist" } },
	  NULL, CS_ERROR, 0, "statement failed on SHARED_DB: 42703", NULL },

	{ "cross-tenant-subscriptions", 0, PASS, { { 0 } }, NULL, CS_PASS, 0,
	  "no subscription crosses tenants", NULL },
	/* the second subscription stays in its tenant */
	{ "cross-tenant-subscriptions", 0, FINDING,
	  { { .pattern = "FROM AM_SUBSCRIPTION s",
	      .rows = "7|PizzaAPI|1.0|admin@a.com|bob|2\n8|TaxiAPI|2.0|carol@b.com|dan|2" },
	    { .pattern = "UM_DOMAIN_NAME FROM UM_TENANT", .rows = "1|a.com\n2|b.com" } }, NULL,
	  CS_FAIL, 1, "1 cross-tenant subscriptions",
	  "subscription 7: API PizzaAPI 1.0 of admin@a.com (tenant a.com), subscriber bob (tenant 2: b.com)" },
	{ "cross-tenant-subscriptions", 0, ERROR,
	  { { .pattern = "FROM AM_SUBSCRIPTION s", .fail = "42P01: relation does not exist" } }, NULL,
	  CS_ERROR, 0, "statement failed on WSO2AM_DB: 42P01", NULL },

	{ "tenants", 0, PASS, { { 0 } }, NULL, CS_PASS, 0, "no tenant besides the super tenant", NULL },
	{ "tenants", 0, FINDING, { { .pattern = "COUNT(*) FROM UM_TENANT", .rows = "3" } }, NULL,
	  CS_WARN, 0, "3 tenants besides the super tenant", NULL },
	{ "tenants", 0, ERROR, { { .pattern = "COUNT(*) FROM UM_TENANT", .fail = "08S01: link failure" } },
	  NULL, CS_ERROR, 0, "link failure", NULL },

	{ "reg-log-size", 0, PASS, { { 0 } }, NULL, CS_PASS, 0, "REG_LOG holds 10 rows", NULL },
	{ "reg-log-size", 0, FINDING, { { .pattern = "FROM REG_LOG", .rows = "2000000" } }, NULL,
	  CS_WARN, 0, "takes about 4 minutes", NULL },
	{ "reg-log-size", 0, ERROR, { { .pattern = "FROM REG_LOG", .fail = "42P01: no REG_LOG" } },
	  NULL, CS_ERROR, 0, "no REG_LOG", NULL },

	{ "identity-volume", 0, PASS, { { 0 } }, NULL, CS_PASS, 0,
	  "5 rows in the identity tables", NULL },
	{ "identity-volume", 0, FINDING,
	  { { .pattern = "FROM IDN_OAUTH2_ACCESS_TOKEN", .rows = "1500000" } }, NULL, CS_WARN, 0,
	  "(IDN_OAUTH2_ACCESS_TOKEN 1500000)", NULL },
	{ "identity-volume", 0, ERROR,
	  { { .pattern = "FROM IDN_OAUTH2_ACCESS_TOKEN", .fail = "57014: canceling statement" } },
	  NULL, CS_ERROR, 0, "canceling statement", NULL },

	{ "identity-scope-duplicates", 0, PASS, { { 0 } }, NULL, CS_PASS, 0,
	  "every IDN_OAUTH2_SCOPE (NAME, TENANT_ID) is held by one row", NULL },
	{ "identity-scope-duplicates", 0, FINDING,
	  { { .pattern = "FROM IDN_OAUTH2_SCOPE s JOIN",
	      .rows = "-1234|read|3\n-1234|read|7\n1|write|2\n1|write|9\n1|write|11" } }, NULL,
	  CS_FAIL, 2, "2 scope names are held by more than one IDN_OAUTH2_SCOPE row of their tenant (5 rows)",
	  "tenant -1234: scope 'read' in 2 rows (SCOPE_ID 3, 7)" },
	{ "identity-scope-duplicates", 0, ERROR,
	  { { .pattern = "FROM IDN_OAUTH2_SCOPE s JOIN", .fail = "42P01: relation does not exist" } }, NULL,
	  CS_ERROR, 0, "statement failed on WSO2AM_DB: 42P01", NULL },
	{ "identity-scope-duplicates", 0, SKIP, { { 0 } }, am_identity_done, CS_SKIP, 0,
	  "WSO2AM_DB: its identity component is already at 5.10.0", NULL },

	{ "oidc-scope-collisions", 0, PASS, { { 0 } }, NULL, CS_PASS, 0,
	  "no IDN_OIDC_SCOPE name is used by another scope of its tenant", NULL },
	{ "oidc-scope-collisions", 0, FINDING,
	  { { .pattern = "FROM IDN_OIDC_SCOPE o JOIN",
	      .rows = "-1234|openid|1|IDN_OAUTH2_SCOPE SCOPE_ID|12\n-1234|email|2|IDN_OIDC_SCOPE ID|6" } },
	  NULL, CS_FAIL, 2, "2 OIDC scope names collide in their tenant",
	  "tenant -1234: scope 'openid' is IDN_OIDC_SCOPE ID 1 and IDN_OAUTH2_SCOPE SCOPE_ID 12" },
	{ "oidc-scope-collisions", 0, ERROR,
	  { { .pattern = "FROM IDN_OIDC_SCOPE o JOIN", .fail = "42703: column o.name does not exist" } },
	  NULL, CS_ERROR, 0, "column o.name does not exist", NULL },
	{ "oidc-scope-collisions", 0, SKIP, { { 0 } }, am_identity_done, CS_SKIP, 0,
	  "already at 5.10.0", NULL },

	/* installed | available | trusted | superuser | CREATE on the database |
	 * server_version_num | role | database */
	{ "postgresql-uuid-ossp", 0, PASS, { { 0 } }, NULL, CS_PASS, 0,
	  "WSO2AM_DB: not installed; the role is a superuser and may create it", NULL },
	{ "postgresql-uuid-ossp", 0, PASS,
	  { { .pattern = "pg_available_extensions", .rows = "0|1|1|0|1|150004|app|wso2am", .repeat = 1 } },
	  NULL, CS_PASS, 0, "SHARED_DB: not installed; trusted, and the role has CREATE on the database",
	  NULL },
	{ "postgresql-uuid-ossp", 0, PASS,
	  { { .pattern = "pg_available_extensions", .rows = "1|1|0|0|0|120010|app|wso2am", .repeat = 1 } },
	  NULL, CS_PASS, 0, "WSO2AM_DB: installed; SHARED_DB: installed", NULL },
	{ "postgresql-uuid-ossp", 0, FINDING,
	  { { .pattern = "pg_available_extensions", .rows = "0|1|1|0|0|150004|app|wso2am", .repeat = 1 } },
	  NULL, CS_FAIL, 2, "CREATE EXTENSION \"uuid-ossp\" fails on 2 of 2 databases",
	  "WSO2AM_DB: uuid-ossp is not installed in database wso2am, and role app may not create it: no "
	  "superuser, no CREATE on the database; gen_random_uuid() (PostgreSQL 13+) is there, but the "
	  "client's scripts call uuid_generate_v4()" },
	{ "postgresql-uuid-ossp", 0, FINDING,
	  { { .pattern = "pg_available_extensions", .rows = "0|1|0|0|1|120010|app|wso2am", .repeat = 1 } },
	  NULL, CS_FAIL, 2, "fails on 2 of 2 databases",
	  "role app may not create it: no superuser (before PostgreSQL 13 only a superuser may)" },
	{ "postgresql-uuid-ossp", 0, FINDING,
	  { { .pattern = "pg_available_extensions", .rows = "0|0|0|1|1|150004|amdelta|wso2am", .repeat = 1 } },
	  NULL, CS_FAIL, 2, "fails on 2 of 2 databases",
	  "the server does not have it (its contrib package is not installed)" },
	{ "postgresql-uuid-ossp", 0, ERROR,
	  { { .pattern = "pg_available_extensions", .fail = "42883: function to_jsonb does not exist" } },
	  NULL, CS_ERROR, 0, "to_jsonb does not exist", NULL },
	{ "postgresql-uuid-ossp", 0, SKIP, { { 0 } }, am_identity_done, CS_SKIP, 0,
	  "already at 5.10.0 on every PostgreSQL database", NULL },

	{ "mysql-identity-key-length", 0, PASS, { { 0 } }, am_on_mysql, CS_PASS, 0,
	  "the 1 key the identity client makes fits InnoDB's limits (the longest 2044 bytes, on "
	  "IDN_OAUTH2_SCOPE_BINDING)", NULL },
	/* a live table in ROW_FORMAT=COMPACT: its column and the column the
	 * client adds (VARCHAR(255) in the table's utf8mb4) */
	{ "mysql-identity-key-length", 0, FINDING,
	  { { .pattern = "information_schema.TABLES t", .rows = "IDN_OAUTH2_SCOPE_BINDING|Compact|utf8mb4|4" } },
	  am_on_mysql, CS_FAIL, 1, "1 of the 1 keys the identity client makes exceed",
	  "WSO2AM_DB: IDN_OAUTH2_SCOPE_BINDING UNIQUE (SCOPE_ID, SCOPE_BINDING, BINDING_TYPE): SCOPE_BINDING "
	  "1020 bytes (utf8mb4), BINDING_TYPE 1020 bytes (utf8mb4), over the 767 bytes a key column may "
	  "take with ROW_FORMAT=Compact" },
	/* a table the client creates: the database's character set and
	 * innodb_default_row_format */
	{ "mysql-identity-key-length", 0, FINDING,
	  { { .pattern = "information_schema.SCHEMATA", .rows = "utf8mb4|4|compact" },
	    { .pattern = "information_schema.TABLES t", .rows = "UM_DOMAIN|Dynamic|latin1|1" } },
	  am_on_mysql, CS_FAIL, 2, "2 of the 2 keys",
	  "WSO2AM_DB: UM_UUID_DOMAIN_MAPPER UNIQUE (UM_USER_ID): UM_USER_ID 1020 bytes (utf8mb4), over "
	  "the 767 bytes a key column may take with ROW_FORMAT=compact" },
	/* the whole key over 3072 bytes, whatever the row format */
	{ "mysql-identity-key-length", 0, FINDING,
	  { { .pattern = "information_schema.TABLES t", .rows = "IDN_ASSOCIATED_ID|Dynamic|utf8mb4|4" },
	    { .pattern = "information_schema.COLUMNS", .rows = "IDN_ASSOCIATED_ID|DOMAIN_NAME|varchar|2000|"
	      "utf8mb4\nIDN_ASSOCIATED_ID|USER_NAME|varchar|2000|utf8mb4" } },
	  am_on_mysql, CS_FAIL, 1, "1 of the 1 keys",
	  "WSO2AM_DB: IDN_ASSOCIATED_ID INDEX IDX_AI_DN_UN_AI (DOMAIN_NAME, USER_NAME, ASSOCIATION_ID): "
	  "4144 bytes (utf8mb4), over the 3072 bytes an InnoDB key may take" },
	{ "mysql-identity-key-length", 0, ERROR,
	  { { .pattern = "information_schema.COLUMNS", .fail = "HY000: Lost connection" } }, am_on_mysql,
	  CS_ERROR, 0, "statement failed on WSO2AM_DB: HY000: Lost connection", NULL },
	{ "mysql-identity-key-length", 0, SKIP, { { 0 } }, NULL, CS_SKIP, 0,
	  "no MySQL database with identity tables configured", NULL },

	{ "null-callback-urls", 0, PASS, { { 0 } }, NULL, CS_PASS, 0,
	  "0 OAuth applications have a NULL callback URL", NULL },
	{ "null-callback-urls", 0, FINDING, { { .pattern = "CALLBACK_URL IS NULL", .rows = "4" } },
	  NULL, CS_WARN, 0, "4 OAuth applications have a NULL callback URL: the migration sets", NULL },
	{ "null-callback-urls", 0, ERROR,
	  { { .pattern = "CALLBACK_URL IS NULL", .fail = "42703: no CALLBACK_URL" } }, NULL,
	  CS_ERROR, 0, "no CALLBACK_URL", NULL },

	{ "analytics-database", 0, PASS, { { 0 } }, NULL, CS_PASS, 0,
	  "APIM_ANALYTICS_DB is reachable (3.0.0)", NULL },
	{ "analytics-database", 0, FINDING, { { 0 } }, analytics_not_configured, CS_WARN, 0,
	  "is not configured", NULL },
	/* no query of its own: a connection that failed is its finding (a
	 * warning: the check is no blocker; the database's error is the
	 * verdict's "cannot tell") */
	{ "analytics-database", 0, ERROR, { { 0 } }, analytics_unreachable, CS_WARN, 0,
	  "cannot be reached: could not connect to server", NULL },

	{ "key-mappings", 1, PASS, { { 0 } }, NULL, CS_PASS, 0,
	  "every application key mapping has a unique UUID", NULL },
	{ "key-mappings", 1, FINDING,
	  { { .pattern = "HAVING COUNT(*) > 1", .rows = "2" } }, NULL, CS_FAIL, 1,
	  "not all migrated", "AM_APPLICATION_KEY_MAPPING: 2 UUIDs used more than once" },
	{ "key-mappings", 1, ERROR,
	  { { .pattern = "KEY_MANAGER IS NULL", .fail = "42703: no KEY_MANAGER" } }, NULL, CS_ERROR,
	  0, "no KEY_MANAGER", NULL },
};

static const struct check_result *find_check(const struct run *run, const char *id)
{
	for (size_t i = 0; i < run->nchecks; i++)
		if (!strcmp(run->checks[i].id, id))
			return &run->checks[i];
	fail_msg("no check %s", id);
	return NULL;
}

/* Every scenario: the check's status, detail and rows, the scenario's own
 * script entries used, and nothing sent that the script does not know. */
static void test_checks_scripted(void **state)
{
	(void)state;
	for (size_t k = 0; k < sizeof(rcases) / sizeof(rcases[0]); k++) {
		const struct rcase *rc = &rcases[k];
		const struct check_result *r;
		struct rfx f;
		size_t nscen = 0;

		print_message("%s: %s\n", rc->id, rc->kind == PASS ? "pass" : rc->kind == FINDING ?
			      "finding" : rc->kind == ERROR ? "error" : "skip");
		rfx_init(&f, rc->entries);
		for (; nscen < 3 && rc->entries[nscen].pattern; nscen++)
			;
		if (rc->setup)
			rc->setup(&f);
		if (rc->verify)
			readiness_verify(&f.in, &f.run);
		else
			readiness_run(&f.in, &f.run);
		r = find_check(&f.run, rc->id);
		if (r->status != rc->status || !strstr(r->detail, rc->detail))
			fail_msg("%s: %s \"%s\", want %s \"%s\"", rc->id, check_status_name(r->status),
				 r->detail, check_status_name(rc->status), rc->detail);
		assert_int_equal(r->nrows, rc->nrows);
		if (rc->row && !strstr(r->rows[0], rc->row))
			fail_msg("%s: row \"%s\", want \"%s\"", rc->id, r->rows[0], rc->row);
		for (size_t i = 0; i < nscen; i++)
			assert_true(f.script.used[i]);
		assert_int_equal(f.script.unscripted, 0);
		rfx_release(&f);
	}
}

/* The table above holds a pass, a finding and an error for every check. */
static void test_every_check_scripted(void **state)
{
	(void)state;
	for (size_t i = 0; i < readiness_count(); i++) {
		unsigned seen = 0;

		for (size_t k = 0; k < sizeof(rcases) / sizeof(rcases[0]); k++)
			if (!rcases[k].verify && !strcmp(rcases[k].id, readiness_id(i)))
				seen |= 1u << rcases[k].kind;
		if ((seen & 7) != 7)
			fail_msg("check %s lacks a scripted %s", readiness_id(i),
				 !(seen & 1) ? "pass" : !(seen & 2) ? "finding" : "error");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_provider_domain),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_nothing_configured),
		cmocka_unit_test(test_checks_scripted),
		cmocka_unit_test(test_every_check_scripted),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
