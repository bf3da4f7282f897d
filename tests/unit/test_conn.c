/* Unit tests of conn: password masking, the read-only classifier, and the
 * failure paths that need no server. */
#include "unit.h"

#include "conn.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mask_password),
		cmocka_unit_test(test_read_only_classifier),
		cmocka_unit_test(test_exec_refused_when_read_only),
		cmocka_unit_test(test_diag_without_handles),
		cmocka_unit_test(test_open_failures),
		cmocka_unit_test(test_result_and_close),
	};
	return cmocka_run_group_tests_name("conn", tests, NULL, NULL);
}
