/* Unit tests of apply: the lock's name.  The rest of apply runs against
 * servers (tests/integration/t_60_apply.sh). */
#include "unit.h"

#include "apply.h"

static void test_lock_name(void **state)
{
	struct conn c;
	struct strbuf sb = STRBUF_INIT;
	(void)state;

	memset(&c, 0, sizeof(c));
	/* PostgreSQL: advisory locks belong to the database already */
	c.dialect = dialect_get(DIALECT_POSTGRESQL);
	snprintf(c.schema, sizeof(c.schema), "public");
	apply_lock_name(&c, "WSO2AM_DB", &sb);
	assert_string_equal(sb.buf, "amdelta:WSO2AM_DB");
	strbuf_reset(&sb);
	/* MySQL: GET_LOCK names are server-wide, so the database goes in, and
	 * what could end the literal does not */
	c.dialect = dialect_get(DIALECT_MYSQL);
	snprintf(c.schema, sizeof(c.schema), "apim's db");
	apply_lock_name(&c, "WSO2AM_DB", &sb);
	assert_string_equal(sb.buf, "amdelta:WSO2AM_DB:apim_s_db");
	strbuf_reset(&sb);
	/* at most 64 characters, MySQL's limit */
	memset(c.schema, 'x', 100);
	c.schema[100] = '\0';
	apply_lock_name(&c, "APIM_ANALYTICS_DB", &sb);
	assert_int_equal(sb.len, 64);
	assert_true(!strncmp(sb.buf, "amdelta:APIM_ANALYTICS_DB:xxx", 29));
	strbuf_release(&sb);
}

/* Every dialect either has both halves of a lock query or none. */
static void test_lock_sql_table(void **state)
{
	(void)state;
	for (int i = 0; i < DIALECT_COUNT; i++) {
		const struct dialect *d = dialect_get((enum dialect_id)i);

		assert_true(!d->try_lock_sql[0] == !d->try_lock_sql[1]);
	}
	assert_non_null(dialect_get(DIALECT_POSTGRESQL)->try_lock_sql[0]);
	assert_non_null(dialect_get(DIALECT_MYSQL)->try_lock_sql[0]);
	assert_true(dialect_get(DIALECT_MYSQL)->lock_server_wide);
	assert_false(dialect_get(DIALECT_POSTGRESQL)->lock_server_wide);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lock_name),
		cmocka_unit_test(test_lock_sql_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
