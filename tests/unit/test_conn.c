/* Unit tests of conn: password masking, the read-only classifier, the
 * failure paths that need no server, and the seam (struct conn_ops) that
 * the other modules' tests script (conn_script.h). */
#include "unit.h"

#include "conn.h"
#include "conn_script.h"

static void check_mask(const char *in, const char *want)
{
	struct strbuf sb = STRBUF_INIT;

	conn_mask_password(in, &sb);
	assert_string_equal(strbuf_str(&sb), want);
	strbuf_release(&sb);
}

static void test_mask_password(void **state)
{
	(void)state;
	check_mask("WSO2AM_DB", "WSO2AM_DB");
	check_mask("", "");
	check_mask("Driver=x;Uid=am;Pwd=secret;Server=db",
		   "Driver=x;Uid=am;Pwd=*****;Server=db");
	check_mask("DRIVER=x;PWD=secret", "DRIVER=x;PWD=*****");
	check_mask("Driver=x;pAsSwOrD=secret;", "Driver=x;pAsSwOrD=*****;");
	/* braced values may hold ';' and '}}' */
	check_mask("Driver=x;Pwd={se;c}}ret};Port=5432",
		   "Driver=x;Pwd=*****;Port=5432");
	check_mask("Driver=x; Password = {a;b} ;Uid=u",
		   "Driver=x; Password =*****;Uid=u");
	/* an unterminated brace hides everything after it */
	check_mask("Driver=x;Pwd={abc;Uid=u", "Driver=x;Pwd=*****");
	/* other keys that end in PWD or PASSWORD */
	check_mask("SSLPassword=k;TLSKeyPwd=k2;Uid=pwd",
		   "SSLPassword=*****;TLSKeyPwd=*****;Uid=pwd");
	/* a braced value of another key is kept whole */
	check_mask("Driver={My Driver;1};Pwd=p", "Driver={My Driver;1};Pwd=*****");
	check_mask("Driver=x;;Pwd=p", "Driver=x;;Pwd=*****");
}

static void test_read_only_classifier(void **state)
{
	static const char *const ok[] = {
		"SELECT 1",
		"select count(*) from AM_API",
		"  \n\tSELECT 1",
		"-- comment\nSELECT 1",
		"/* a /* nested */ comment */ SELECT 1",
		"(SELECT 1) UNION (SELECT 2)",
		"SELECT 1;",
		"SELECT 1;  -- trailing\n",
		"SELECT ';drop table x' FROM t",
		"SELECT \"into\" FROM t",
		"SELECT 'INTO' FROM t WHERE a = 'it''s; into'",
		"SHOW server_version",
		"SET search_path = wso2",
		"SET NAMES utf8",
		"SET @x = 1",
	};
	static const char *const bad[] = {
		NULL,
		"",
		"-- only a comment",
		"INSERT INTO t VALUES (1)",
		"UPDATE t SET a = 1",
		"DELETE FROM t",
		"DROP TABLE AM_API",
		"CREATE TABLE t (a int)",
		"ALTER TABLE t ADD c int",
		"TRUNCATE t",
		"WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d",
		"EXPLAIN ANALYZE DELETE FROM t",
		"CALL p()",
		"DO $$ BEGIN END $$",
		"SELECTX 1",
		"SELECT 1; DROP TABLE t",
		"SELECT 1;/* c */DELETE FROM t",
		"SELECT * INTO backup FROM t",
		"SELECT * FROM t INTO OUTFILE '/tmp/x'",
		"SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE",
		"SET default_transaction_read_only = off",
		"SET transaction_read_only TO off",
		"SET GLOBAL read_only = 0",
		"SET @@global.sql_mode = ''",
		"SET PERSIST max_connections = 10",
		"SET PASSWORD = 'x'",
		"SET ROLE admin",
		"SET SESSION AUTHORIZATION postgres",
		"/* SELECT */ DELETE FROM t",
	};
	size_t i;
	(void)state;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (!conn_sql_is_read_only(ok[i]))
			fail_msg("refused: %s", ok[i]);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (conn_sql_is_read_only(bad[i]))
			fail_msg("allowed: %s", bad[i] ? bad[i] : "(null)");
}

/* A connected-looking conn without handles: statements are judged before
 * any ODBC call, and ODBC calls fail cleanly on the NULL handles. */
static void fake_conn(struct conn *c, int read_only)
{
	memset(c, 0, sizeof(*c));
	c->dbname = "WSO2AM_DB";
	c->connected = 1;
	c->read_only = read_only;
}

static void test_exec_refused_when_read_only(void **state)
{
	struct conn c;
	struct strbuf err = STRBUF_INIT;
	struct result res = { 0 };
	long n = 0;
	(void)state;

	fake_conn(&c, 1);
	assert_int_equal(conn_exec(&c, "DROP TABLE AM_API", &err), -1);
	assert_non_null(strstr(strbuf_str(&err), "refusing"));
	assert_non_null(strstr(strbuf_str(&err), "WSO2AM_DB"));
	assert_non_null(strstr(strbuf_str(&err), "DROP TABLE AM_API"));
	strbuf_reset(&err);
	assert_int_equal(conn_query(&c, "DELETE FROM AM_API", &res, &err), -1);
	assert_non_null(strstr(strbuf_str(&err), "refusing"));
	strbuf_reset(&err);
	assert_int_equal(conn_count(&c, "SELECT 1; DELETE FROM AM_API", &n, &err), -1);
	assert_non_null(strstr(strbuf_str(&err), "refusing"));
	assert_int_equal(c.round_trips, 0);

	/* an allowed statement reaches ODBC, which fails on the NULL handle */
	strbuf_reset(&err);
	assert_int_equal(conn_exec(&c, "SELECT 1", &err), -1);
	assert_null(strstr(strbuf_str(&err), "refusing"));

	/* a writable conn does not judge */
	fake_conn(&c, 0);
	strbuf_reset(&err);
	assert_int_equal(conn_exec(&c, "DROP TABLE AM_API", &err), -1);
	assert_null(strstr(strbuf_str(&err), "refusing"));

	/* not connected */
	c.connected = 0;
	strbuf_reset(&err);
	assert_int_equal(conn_query(&c, "SELECT 1", &res, &err), -1);
	assert_non_null(strstr(strbuf_str(&err), "not connected to WSO2AM_DB"));
	strbuf_release(&err);
	result_release(&res);
}

static void test_diag_without_handles(void **state)
{
	struct conn c;
	struct strbuf err = STRBUF_INIT;
	(void)state;

	fake_conn(&c, 1);
	odbc_diag(&c, SQL_HANDLE_STMT, SQL_NULL_HSTMT, &err);
	assert_string_equal(strbuf_str(&err), "no diagnostics from the driver");
	strbuf_release(&err);
}

static void test_open_failures(void **state)
{
	struct conn c;
	struct strbuf err = STRBUF_INIT;
	(void)state;

	assert_int_equal(conn_open(&c, "SHARED_DB", "", 1, &err), -1);
	assert_non_null(strstr(strbuf_str(&err), "cannot connect to SHARED_DB"));
	assert_int_equal(c.connected, 0);

	strbuf_reset(&err);
	assert_int_equal(conn_open(&c, "WSO2AM_DB", "amdelta_no_such_dsn_7f3a", 1, &err), -1);
	assert_non_null(strstr(strbuf_str(&err),
			       "cannot connect to WSO2AM_DB (amdelta_no_such_dsn_7f3a): "));
	assert_null(c.env);
	assert_null(c.dbc);

	/* the driver cannot be loaded: the message names the database and
	 * the connection string, but never the password */
	strbuf_reset(&err);
	assert_int_equal(conn_open(&c, "APIM_ANALYTICS_DB",
				   "Driver=/nonexistent/amdelta-driver.so;Uid=am;PWD={hun;ter2}", 1,
				   &err), -1);
	assert_non_null(strstr(strbuf_str(&err), "cannot connect to APIM_ANALYTICS_DB ("));
	assert_non_null(strstr(strbuf_str(&err), "PWD=*****"));
	assert_null(strstr(strbuf_str(&err), "hun"));
	assert_null(strstr(strbuf_str(&err), "ter2"));
	strbuf_release(&err);
	conn_close(&c);
}

static void test_result_and_close(void **state)
{
	struct result res = { 0 };
	struct conn c;
	(void)state;

	assert_null(result_get(&res, 0, 0));
	assert_null(result_get(NULL, 0, 0));
	result_release(&res);
	result_release(NULL);
	memset(&c, 0, sizeof(c));
	conn_close(&c);
	conn_close(&c);
	conn_close(NULL);
}

/* Every call reaches the seam: queries with their rows and NULLs, counts
 * built on them, statements with the rows they changed, transactions. */
static void test_seam_dispatch(void **state)
{
	static const struct script_entry entries[] = {
		{ .pattern = "FROM AM_API", .rows = "1|PizzaAPI\n2|\\N" },
		{ .pattern = "COUNT(*) FROM AM_SUBSCRIPTION", .rows = "42" },
		{ .pattern = "COUNT(*) FROM AM_APPLICATION", .rows = "many" },
		{ .pattern = "COUNT(*) FROM AM_POLICY", .rows = "" },
		{ .pattern = "UPDATE AM_API", .changed = 7 },
		{ .pattern = "COMMIT", .fail = "40001: could not serialize access" },
	};
	struct script s = { 0 };
	struct conn c;
	struct result res = { 0 };
	struct strbuf err = STRBUF_INIT;
	long n = 0;
	(void)state;

	script_add(&s, entries, sizeof(entries) / sizeof(entries[0]));
	script_conn(&c, &s, "WSO2AM_DB", DIALECT_POSTGRESQL, 0);

	assert_int_equal(conn_query(&c, "SELECT API_ID, API_NAME FROM AM_API", &res, &err), 0);
	assert_int_equal(res.nrows, 2);
	assert_int_equal(res.ncols, 2);
	assert_string_equal(result_get(&res, 0, 1), "PizzaAPI");
	assert_string_equal(result_get(&res, 1, 0), "2");
	assert_null(result_get(&res, 1, 1));
	result_release(&res);

	assert_int_equal(conn_count(&c, "SELECT COUNT(*) FROM AM_SUBSCRIPTION", &n, &err), 0);
	assert_int_equal(n, 42);
	/* a count that is no number, or no row: the message names the database */
	assert_int_equal(conn_count(&c, "SELECT COUNT(*) FROM AM_APPLICATION", &n, &err), -1);
	assert_non_null(strstr(strbuf_str(&err), "did not return one number"));
	assert_non_null(strstr(strbuf_str(&err), "WSO2AM_DB"));
	strbuf_reset(&err);
	assert_int_equal(conn_count(&c, "SELECT COUNT(*) FROM AM_POLICY", &n, &err), -1);
	assert_non_null(strstr(strbuf_str(&err), "did not return one number"));
	strbuf_reset(&err);

	assert_int_equal(conn_exec_rows(&c, "UPDATE AM_API SET API_TIER = NULL", &n, &err), 0);
	assert_int_equal(n, 7);
	/* used once: the same statement again is unscripted */
	assert_int_equal(conn_exec(&c, "UPDATE AM_API SET API_TIER = NULL", &err), -1);
	assert_non_null(strstr(strbuf_str(&err), "unscripted"));
	assert_int_equal(s.unscripted, 1);
	strbuf_reset(&err);

	/* transactions pass the seam too; a failing commit says why */
	assert_int_equal(conn_begin(&c, &err), 0);
	assert_int_equal(conn_end(&c, 1, &err), -1);
	assert_non_null(strstr(strbuf_str(&err), "could not serialize access"));
	assert_int_equal(conn_end(&c, 0, &err), 0);
	assert_true(script_sent(&s, "BEGIN"));
	assert_true(script_sent(&s, "COMMIT"));
	assert_true(script_sent(&s, "ROLLBACK"));
	/* nothing reached ODBC */
	assert_int_equal(c.round_trips, 0);

	strbuf_release(&err);
	script_release(&s);
}

/* The read-only rule is judged before the seam: a writing statement on a
 * read-only conn never reaches it, whatever stands behind it. */
static void test_seam_read_only(void **state)
{
	static const struct script_entry entries[] = {
		{ .pattern = "AM_API", .rows = "1", .repeat = 1 },
	};
	struct script s = { 0 };
	struct conn c;
	struct result res = { 0 };
	struct strbuf err = STRBUF_INIT;
	long n;
	(void)state;

	script_add(&s, entries, 1);
	script_conn(&c, &s, "WSO2AM_DB", DIALECT_MYSQL, 1);
	assert_int_equal(conn_exec(&c, "DELETE FROM AM_API", &err), -1);
	assert_non_null(strstr(strbuf_str(&err), "refusing"));
	strbuf_reset(&err);
	assert_int_equal(conn_exec_rows(&c, "UPDATE AM_API SET X = 1", &n, &err), -1);
	assert_int_equal(n, -1);
	strbuf_reset(&err);
	assert_int_equal(conn_query(&c, "SELECT 1 INTO @x FROM AM_API", &res, &err), -1);
	assert_int_equal(s.log.len, 0);
	/* a reading one does */
	assert_int_equal(conn_count(&c, "SELECT COUNT(*) FROM AM_API", &n, &err), 0);
	assert_int_equal(n, 1);
	assert_true(script_sent(&s, "SELECT COUNT(*) FROM AM_API"));
	/* and a closed conn sends nothing */
	c.connected = 0;
	assert_int_equal(conn_query(&c, "SELECT 1 FROM AM_API", &res, &err), -1);
	assert_int_equal(script_count(&s, "AM_API"), 1);
	strbuf_release(&err);
	script_release(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mask_password),
		cmocka_unit_test(test_read_only_classifier),
		cmocka_unit_test(test_exec_refused_when_read_only),
		cmocka_unit_test(test_diag_without_handles),
		cmocka_unit_test(test_open_failures),
		cmocka_unit_test(test_result_and_close),
		cmocka_unit_test(test_seam_dispatch),
		cmocka_unit_test(test_seam_read_only),
	};
	return cmocka_run_group_tests_name("conn", tests, NULL, NULL);
}
