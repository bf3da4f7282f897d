/* Unit tests of pipeline: what it leaves in the run without a server — no
 * database configured, a database that cannot be reached (an ODBC driver
 * that does not exist), inspect of a database not configured, and the
 * offline plan of every database.  Reading real catalogs is tested by the
 * integration tests. */
#include "unit.h"

#include "pipeline.h"
#include "verdict.h"

struct fixture {
	struct delta_set set;
	char *schemas;
	struct pipeline p;
	struct run run;
};

static void setup(struct fixture *fx, enum command cmd)
{
	struct strbuf err = STRBUF_INIT;
	char *checks = xasprintf("%s/checks", unit_top());

	memset(fx, 0, sizeof(*fx));
	if (delta_load_dir(checks, &fx->set, &err))
		fail_msg("%s", strbuf_str(&err));
	fx->schemas = xasprintf("%s/schemas", unit_top());
	fx->p.command = cmd;
	fx->p.schemas_dir = fx->schemas;
	fx->p.deltas = &fx->set;
	fx->p.text = stderr;
	fx->run.command = cmd;
	free(checks);
	strbuf_release(&err);
}

static void teardown(struct fixture *fx)
{
	run_release(&fx->run);
	delta_set_release(&fx->set);
	free(fx->schemas);
}

static void test_nothing_configured(void **state)
{
	static const enum command cmds[] = { CMD_STATUS, CMD_CHECK, CMD_VERIFY, CMD_APPLY };
	(void)state;

	for (size_t k = 0; k < sizeof(cmds) / sizeof(cmds[0]); k++) {
		struct fixture fx;
		struct strbuf err = STRBUF_INIT;
		int rc;

		setup(&fx, cmds[k]);
		rc = cmds[k] == CMD_APPLY ? pipeline_apply(&fx.p, &fx.run, &err) :
		     pipeline_read(&fx.p, &fx.run, &err);
		assert_int_equal(rc, -1);
		assert_non_null(strstr(strbuf_str(&err), "no database configured"));
		assert_int_equal(fx.run.ndbs, DBI_COUNT);
		for (int i = 0; i < DBI_COUNT; i++) {
			assert_int_equal(fx.run.dbs[i].state, DB_NOT_CONFIGURED);
			assert_int_equal(fx.run.dbs[i].id, i);
			assert_string_equal(fx.run.dbs[i].name, db_name((enum db_index)i));
		}
		strbuf_release(&err);
		teardown(&fx);
	}
}

/* A database that cannot be reached is an error of that database, named,
 * with the password masked; the run goes on and cannot tell (exit 3). */
static void test_unreachable(void **state)
{
	static const enum command cmds[] = { CMD_STATUS, CMD_VERIFY, CMD_CHECK, CMD_APPLY };
	(void)state;

	for (size_t k = 0; k < sizeof(cmds) / sizeof(cmds[0]); k++) {
		struct fixture fx;
		struct strbuf err = STRBUF_INIT;
		const struct db_run *d;
		int rc;

		setup(&fx, cmds[k]);
		fx.p.targets[DBI_SHARED] = "Driver=/nonexistent/libnosuchodbc.so;Server=x;Pwd=PIPELINE-SECRET;";
		rc = cmds[k] == CMD_APPLY ? pipeline_apply(&fx.p, &fx.run, &err) :
		     pipeline_read(&fx.p, &fx.run, &err);
		assert_int_equal(rc, 0);
		d = &fx.run.dbs[DBI_SHARED];
		assert_int_equal(d->state, DB_ERROR);
		assert_non_null(d->error);
		assert_non_null(strstr(d->error, "SHARED_DB"));
		assert_null(strstr(d->error, "PIPELINE-SECRET"));
		assert_null(strstr(d->target_shown, "PIPELINE-SECRET"));
		assert_int_equal(fx.run.dbs[DBI_AM].state, DB_NOT_CONFIGURED);
		verdict_compute(&fx.run);
		assert_int_equal(fx.run.verdict.verdict, VERDICT_CANNOT_TELL);
		assert_int_equal(fx.run.verdict.exit_code, 3);
		assert_int_equal(fx.run.verdict.unreachable, 1);
		assert_int_equal(d->next, NEXT_FIX_CONNECTION);
		/* the error is the database's item's, once; the checks that need
		 * it could not run, and none repeats the connection error */
		for (size_t i = 0; i < fx.run.nchecks; i++) {
			const struct check_result *c = &fx.run.checks[i];

			if (c->db == DBI_SHARED)
				assert_non_null(strstr(c->detail, "libnosuchodbc"));
			else
				assert_null(strstr(c->detail, "libnosuchodbc"));
			if (c->status == CS_ERROR)
				assert_false(verdict_shows_remedy(c));
		}
		strbuf_release(&err);
		teardown(&fx);
	}
}

static void test_inspect(void **state)
{
	struct fixture fx;
	struct strbuf err = STRBUF_INIT;
	struct catalog *cat = (struct catalog *)&fx;   /* must be reset */
	const struct dialect *dia = NULL;
	long trips = 0;
	(void)state;

	setup(&fx, CMD_INSPECT);
	assert_int_equal(pipeline_inspect(&fx.p, DBI_ANALYTICS, &cat, &dia, &trips, &err), -1);
	assert_null(cat);
	assert_non_null(strstr(strbuf_str(&err), "APIM_ANALYTICS_DB is not configured"));
	assert_non_null(strstr(strbuf_str(&err), "--analytics-db"));
	strbuf_reset(&err);
	fx.p.targets[DBI_AM] = "Driver=/nonexistent/libnosuchodbc.so;Pwd=x;";
	assert_int_equal(pipeline_inspect(&fx.p, DBI_AM, &cat, &dia, &trips, &err), -1);
	assert_non_null(strstr(strbuf_str(&err), "WSO2AM_DB"));
	strbuf_release(&err);
	teardown(&fx);
}

/* The offline plan: the expected 3.0.0 catalog stands in for each
 * database; every one is 3.0.0, planned, and not refused. */
static void test_plan_offline(void **state)
{
	static const size_t min_steps[DBI_COUNT] = { 25, 0, 2 };
	(void)state;

	for (int dia = 0; dia < DIALECT_COUNT; dia++) {
		struct fixture fx;
		struct strbuf err = STRBUF_INIT;

		setup(&fx, CMD_PLAN);
		assert_int_equal(pipeline_plan_offline(&fx.p, dialect_get((enum dialect_id)dia), "3.0.0", -1,
						       &fx.run, &err), 0);
		assert_int_equal(fx.run.ndbs, DBI_COUNT);
		assert_string_equal(fx.run.from, "3.0.0");
		for (int i = 0; i < DBI_COUNT; i++) {
			const struct db_run *d = &fx.run.dbs[i];

			assert_int_equal(d->id, i);
			assert_int_equal(d->state, DB_V300);
			assert_ptr_equal(d->dialect, dialect_get((enum dialect_id)dia));
			assert_true(d->plan.built);
			assert_null(d->plan.refused);
			assert_true(d->plan.nsteps >= min_steps[i]);
		}
		verdict_compute(&fx.run);
		assert_int_equal(fx.run.verdict.exit_code, 1);     /* work left */
		strbuf_release(&err);
		teardown(&fx);

		/* one database; an unknown version has no catalog */
		setup(&fx, CMD_PLAN);
		assert_int_equal(pipeline_plan_offline(&fx.p, dialect_get((enum dialect_id)dia), "3.0.0",
						       DBI_ANALYTICS, &fx.run, &err), 0);
		assert_int_equal(fx.run.ndbs, 1);
		assert_int_equal(fx.run.dbs[0].id, DBI_ANALYTICS);
		run_release(&fx.run);
		assert_int_equal(pipeline_plan_offline(&fx.p, dialect_get((enum dialect_id)dia), "2.6.0", -1,
						       &fx.run, &err), -1);
		assert_non_null(strstr(strbuf_str(&err), "2.6.0"));
		strbuf_release(&err);
		teardown(&fx);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nothing_configured),
		cmocka_unit_test(test_unreachable),
		cmocka_unit_test(test_inspect),
		cmocka_unit_test(test_plan_offline),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
