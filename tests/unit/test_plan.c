/*
 * Unit tests of plan: the steps in checks order against the catalog earlier
 * steps leave, refusal, skipped deltas, and the offline plans of a fresh
 * 3.0.0 for SQL Server, Oracle, DB2 and H2 (dialects no server here can run)
 * against tests/plan/<dialect>.sql, each reviewed against the guide's script
 * for that dialect (checks/DIFFERENCES.md).
 *
 * AMDELTA_UPDATE_GOLDEN=1 rewrites the golden files instead of comparing;
 * read the diff before committing them.
 */
#include "unit.h"

#include "catalog.h"
#include "delta.h"
#include "plan.h"
#include "pipeline.h"
#include "report.h"
#include "run.h"

static void add_col(struct table *t, const char *name, enum col_type type, long size, int nullable)
{
	struct column c = { .name = (char *)name, .type = type, .size = size, .nullable = nullable };

	table_add_column(t, &c);
}

static void add_key(struct table *t, enum key_kind kind, const char *name, const char *cols)
{
	size_t n = 0;
	char **c = catalog_cols_split(cols, &n);

	table_add_key(t, kind, name, n, (const char *const *)c, NULL, NULL);
	catalog_cols_free(c, n);
}

/* Appends a delta to set. */
static struct delta *add_delta(struct delta_set *set, const char *id, enum delta_op op,
			       const char *table, const char *component)
{
	struct delta *d;

	ALLOC_GROW(set->items, set->n + 1, set->alloc);
	d = &set->items[set->n++];
	memset(d, 0, sizeof(*d));
	d->id = xstrdup(id);
	d->db = (enum db_index)db_from_name("WSO2AM_DB");
	d->component = (enum component)component_from_name(component);
	d->release = xstrdup("3.2.0");
	d->op = op;
	d->table = xstrdup(table);
	d->dialects = (1u << DIALECT_COUNT) - 1;
	return d;
}

struct fixture {
	struct delta_set set;
	struct catalog *live, *expected;
	struct delta_result results[8];
	size_t n;
};

/* A PostgreSQL database without the gateway tables, and five deltas. */
static void fixture_init(struct fixture *fx)
{
	struct delta *d;
	struct table *t;

	memset(fx, 0, sizeof(*fx));
	fx->live = catalog_new();
	t = catalog_add_table(fx->live, "am_system_apps");
	add_col(t, "name", COL_VARCHAR, 50, 0);
	add_key(t, KEY_UNIQUE, "am_system_apps_name_key", "name");

	fx->expected = catalog_new();
	t = catalog_add_table(fx->expected, "AM_GW_API_ARTIFACTS");
	add_col(t, "API_ID", COL_VARCHAR, 255, 0);
	add_key(t, KEY_PRIMARY, NULL, "API_ID");
	t = catalog_add_table(fx->expected, "AM_SYSTEM_APPS");
	add_col(t, "NAME", COL_VARCHAR, 50, 0);

	d = add_delta(&fx->set, "am-system-apps-name-unique-drop", DOP_DROP_UNIQUE, "AM_SYSTEM_APPS", "apim");
	d->cols = catalog_cols_split("NAME", &d->ncols);
	add_delta(&fx->set, "am-gw-api-artifacts", DOP_CREATE_TABLE, "AM_GW_API_ARTIFACTS", "apim");
	d = add_delta(&fx->set, "am-gw-api-artifacts-trigger", DOP_ADD_TRIGGER, "AM_GW_API_ARTIFACTS", "apim");
	d->trigger = xstrdup("TIME_STAMP");
	d->nsql = 1;
	d->sql = calloc(1, sizeof(*d->sql));
	d->sql[0].dialects = 1u << DIALECT_POSTGRESQL;
	d->sql[0].text = xstrdup("CREATE TRIGGER TIME_STAMP BEFORE UPDATE ON AM_GW_API_ARTIFACTS");
	add_delta(&fx->set, "idn-oauth2-token-binding", DOP_CREATE_TABLE, "IDN_OAUTH2_TOKEN_BINDING", "identity");
	add_delta(&fx->set, "am-user", DOP_CREATE_TABLE, "AM_USER", "apim");
	fx->n = fx->set.n;
	for (size_t i = 0; i < fx->n; i++) {
		fx->results[i].delta = &fx->set.items[i];
		fx->results[i].status = DS_MISSING;
		fx->results[i].count = -1;
	}
	fx->results[4].status = DS_APPLIED;   /* AM_USER exists */
}

static void fixture_release(struct fixture *fx)
{
	delta_set_release(&fx->set);
	catalog_free(fx->live);
	catalog_free(fx->expected);
}

static void test_build(void **state)
{
	struct fixture fx;
	struct plan p = { 0 };
	struct strbuf err = STRBUF_INIT;
	struct render_opts ro = { .mode = RENDER_LIVE, .server_major = 15 };
	(void)state;

	fixture_init(&fx);
	assert_int_equal(plan_build(&p, DBI_AM, 1, fx.results, fx.n,
				    dialect_get(DIALECT_POSTGRESQL), fx.live, fx.expected, &ro, &err), 0);
	assert_true(p.built);
	assert_null(p.refused);
	/* checks order; applied deltas left out; the trigger after its table */
	assert_int_equal(p.nsteps, 3);
	assert_string_equal(p.steps[0].delta->id, "am-system-apps-name-unique-drop");
	assert_string_equal(p.steps[0].sql.items[0],
			    "ALTER TABLE AM_SYSTEM_APPS DROP CONSTRAINT AM_SYSTEM_APPS_NAME_KEY");
	assert_string_equal(p.steps[1].delta->id, "am-gw-api-artifacts");
	assert_string_equal(p.steps[2].delta->id, "am-gw-api-artifacts-trigger");
	assert_int_equal(plan_statements(&p), 3);
	/* the identity delta: skipped, with the reason */
	assert_int_equal(p.nskipped, 1);
	assert_string_equal(p.skipped[0].delta->id, "idn-oauth2-token-binding");
	assert_non_null(strstr(p.skipped[0].reason, "identity migration client"));
	/* the live catalog is untouched */
	assert_non_null(table_find_key(catalog_table(fx.live, "AM_SYSTEM_APPS"), KEY_UNIQUE, 1,
				       (const char *const[]){ "NAME" }));
	assert_null(catalog_table(fx.live, "AM_GW_API_ARTIFACTS"));
	plan_release(&p);
	assert_int_equal(p.nsteps, 0);
	strbuf_release(&err);
	fixture_release(&fx);
}

static void test_refused(void **state)
{
	struct fixture fx;
	struct plan p = { 0 };
	struct strbuf err = STRBUF_INIT;
	(void)state;

	fixture_init(&fx);
	fx.results[1].status = DS_CONFLICT;
	fx.results[1].detail = "AM_GW_API_ARTIFACTS exists with other columns";
	assert_int_equal(plan_build(&p, DBI_AM, 1, fx.results, fx.n,
				    dialect_get(DIALECT_POSTGRESQL), fx.live, fx.expected, NULL, &err), 1);
	assert_int_equal(p.nsteps, 0);
	assert_non_null(strstr(p.refused, "am-gw-api-artifacts (AM_GW_API_ARTIFACTS): "
			       "AM_GW_API_ARTIFACTS exists with other columns"));
	plan_release(&p);

	/* not a WSO2 database */
	assert_int_equal(plan_build(&p, DBI_AM, 0, NULL, 0, dialect_get(DIALECT_MYSQL),
				    fx.live, NULL, NULL, &err), 1);
	assert_non_null(strstr(p.refused, "not a WSO2 API Manager WSO2AM_DB"));
	plan_release(&p);

	/* a step that cannot be rendered: an error naming it */
	fx.results[1].status = DS_MISSING;
	catalog_remove_table(fx.expected, "AM_GW_API_ARTIFACTS");
	assert_int_equal(plan_build(&p, DBI_AM, 1, fx.results, fx.n,
				    dialect_get(DIALECT_POSTGRESQL), fx.live, fx.expected, NULL, &err), -1);
	assert_non_null(strstr(strbuf_str(&err), "delta am-gw-api-artifacts (AM_GW_API_ARTIFACTS)"));
	assert_int_equal(p.nsteps, 1);   /* the steps before it */
	plan_release(&p);
	strbuf_release(&err);
	fixture_release(&fx);
}

static char *read_all(const char *path)
{
	FILE *f = fopen(path, "r");
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	size_t n;

	if (!f)
		return NULL;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(&sb, buf, n);
	fclose(f);
	return strbuf_detach(&sb);
}

/* The offline plan of the three databases for dialect, as `amdelta plan
 * --dialect D --from 3.0.0 [--component identity]` prints it. */
static char *offline_script(const struct delta_set *set, const struct dialect *dia, int with_identity)
{
	char *schemas = xasprintf("%s/schemas", unit_top());
	struct pipeline p = { .command = CMD_PLAN, .schemas_dir = schemas, .deltas = set,
			      .with_identity = with_identity };
	struct run run;
	struct strbuf err = STRBUF_INIT;
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	memset(&run, 0, sizeof(run));
	run.command = CMD_PLAN;
	if (pipeline_plan_offline(&p, dia, "3.0.0", -1, &run, &err))
		fail_msg("offline plan for %s: %s", dia->name, strbuf_str(&err));
	for (size_t i = 0; i < run.ndbs; i++)
		if (run.dbs[i].plan.refused)
			fail_msg("offline plan of %s for %s refused: %s", run.dbs[i].name, dia->name,
				 run.dbs[i].plan.refused);
	f = open_memstream(&text, &len);
	assert_non_null(f);
	report_plan_write(f, &run);
	assert_int_equal(fclose(f), 0);
	run_release(&run);
	strbuf_release(&err);
	free(schemas);
	return text;
}

static void test_golden(void **state)
{
	static const enum dialect_id golden[] = { DIALECT_MSSQL, DIALECT_ORACLE, DIALECT_DB2, DIALECT_H2 };
	struct delta_set set = { 0 };
	struct strbuf err = STRBUF_INIT;
	char *checks = xasprintf("%s/checks", unit_top());
	int update = getenv("AMDELTA_UPDATE_GOLDEN") != NULL;
	(void)state;

	if (delta_load_dir(checks, &set, &err))
		fail_msg("%s", strbuf_str(&err));
	for (size_t i = 0; i < sizeof(golden) / sizeof(golden[0]); i++) {
		const struct dialect *dia = dialect_get(golden[i]);
		char *path = xasprintf("%s/tests/plan/%s.sql", unit_top(), dia->name);
		char *sql = offline_script(&set, dia, 0), *want;

		/* every step of a fresh 3.0.0 is there, and no name is guessed */
		assert_non_null(strstr(sql, "-- amdelta plan: WSO2AM_DB, "));
		assert_non_null(strstr(sql, "-- am-scope-binding (AM_SCOPE_BINDING)"));
		assert_non_null(strstr(sql, "-- apilastaccesssummary-pk (APILASTACCESSSUMMARY)"));
		assert_null(strstr(sql, "_NAME_KEY"));
		assert_null(strstr(sql, "DROP TABLE"));
		if (update) {
			FILE *f = fopen(path, "w");

			assert_non_null(f);
			fputs(sql, f);
			assert_int_equal(fclose(f), 0);
		}
		want = read_all(path);
		if (!want)
			fail_msg("cannot read %s", path);
		if (strcmp(want, sql))
			fail_msg("%s differs from the rendered plan:\n%s", path, sql);
		free(want);
		free(sql);
		free(path);
	}
	delta_set_release(&set);
	strbuf_release(&err);
	free(checks);
}

/* --component identity, PostgreSQL and MySQL: the deltas of ScopeDataMigrator,
 * step1/um and step2/um are steps, step1/identity's are not planned, with
 * the reason; without it no identity delta is a step. */
static void test_identity(void **state)
{
	static const enum dialect_id dias[] = { DIALECT_POSTGRESQL, DIALECT_MYSQL };
	static const char *const steps[] = {
		"-- idn-oauth2-scope-scope-type (IDN_OAUTH2_SCOPE)",
		"-- um-uuid-domain-mapper (UM_UUID_DOMAIN_MAPPER)",
		"-- um-user-user-id (UM_USER)",
		"-- um-user-user-id-unique (UM_USER)",
	};
	struct delta_set set = { 0 };
	struct strbuf err = STRBUF_INIT;
	char *checks = xasprintf("%s/checks", unit_top());
	(void)state;

	if (delta_load_dir(checks, &set, &err))
		fail_msg("%s", strbuf_str(&err));
	for (size_t i = 0; i < sizeof(dias) / sizeof(dias[0]); i++) {
		const struct dialect *dia = dialect_get(dias[i]);
		char *with = offline_script(&set, dia, 1), *without = offline_script(&set, dia, 0);

		for (size_t k = 0; k < sizeof(steps) / sizeof(steps[0]); k++) {
			if (!strstr(with, steps[k]))
				fail_msg("%s: %s not planned with --component identity:\n%s", dia->name,
					 steps[k], with);
			if (strstr(without, steps[k]))
				fail_msg("%s: %s planned without --component identity", dia->name, steps[k]);
		}
		/* the client's column: 'OAUTH2' for the scopes that exist */
		assert_non_null(strstr(with, "SCOPE_TYPE VARCHAR(255) DEFAULT 'OAUTH2' NOT NULL"));
		/* the index CREATE TABLE makes is not made twice */
		assert_non_null(strstr(with, "-- not planned: made by an earlier step, with its table:\n"
					"--   um-uuid-domain-mapper-idx (UM_UUID_DOMAIN_MAPPER)"));
		assert_non_null(strstr(with, "-- not planned: SchemaMigrator step1/identity is not finished by amdelta"));
		assert_non_null(strstr(with, "amdelta client-config"));
		assert_non_null(strstr(with, "--   idn-oauth2-token-binding (IDN_OAUTH2_TOKEN_BINDING)"));
		assert_null(strstr(with, "-- idn-oauth2-token-binding (IDN_OAUTH2_TOKEN_BINDING)"));
		assert_null(strstr(with, "made by WSO2's identity migration client (the guide's"));
		assert_non_null(strstr(without, "made by WSO2's identity migration client (the guide's"));
		if (dias[i] == DIALECT_MYSQL) {
			/* the fill in its own step, then NOT NULL */
			assert_non_null(strstr(with, "-- um-user-user-id-fill (UM_USER)"));
			assert_non_null(strstr(with, "UPDATE UM_USER SET UM_USER_ID = UUID() WHERE UM_USER_ID IS NULL"));
			assert_non_null(strstr(with, "ALTER TABLE UM_USER MODIFY COLUMN UM_USER_ID VARCHAR(255) NOT NULL"));
			assert_true(strstr(with, "-- um-user-user-id-fill (UM_USER)") <
				    strstr(with, "-- um-user-user-id-not-null (UM_USER)"));
		}
		free(with);
		free(without);
	}
	delta_set_release(&set);
	strbuf_release(&err);
	free(checks);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_build),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_golden),
		cmocka_unit_test(test_identity),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
