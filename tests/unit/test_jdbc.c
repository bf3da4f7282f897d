/* Unit tests of jdbc: each deployment.toml of
 * shared/wso2-reference/config-samples maps to the connection strings
 * written below (read off the files); every URL form, ODBC bracing, where
 * passwords come from, and every refusal, none showing a password. */
#include "unit.h"

#include <dirent.h>

#include "jdbc.h"
#include "toml.h"
#include "util.h"

/* shared/wso2-reference/config-samples, from AMDELTA_SHARED (make sets
 * it).  Fails, never skips, when it is not there. */
static char *samples_dir(void)
{
	const char *shared = getenv("AMDELTA_SHARED");
	char *dir;
	DIR *d;

	if (!shared || !*shared)
		fail_msg("AMDELTA_SHARED is not set: run through make unit, or set it to .../shared");
	dir = xasprintf("%s/wso2-reference/config-samples", shared);
	d = opendir(dir);
	if (!d)
		fail_msg("cannot open %s: the config samples are needed by this test", dir);
	closedir(d);
	return dir;
}

#define MY(db, pwd) "Driver=MariaDB Unicode;Server=localhost;Port=3306;Database=" db \
	";Uid=root;Pwd=" pwd ";"
#define PG(db) "Driver=PostgreSQL Unicode;Server=localhost;Port=5432;Database=" db \
	";Uid=root;Pwd=root;"
#define MS(db) "Driver=FreeTDS;Server=localhost;Port=1433;Database=" db \
	";Uid=root;Pwd=root;TDS_Version=7.4;"
#define ORA "Driver=Oracle;DBQ=//localhost:1521/sid;Uid=root;Pwd=root;"

/* What each sample gives: per section the connection string (NULL:
 * absent) and same_as; or the error. */
static const struct sample {
	const char *file;
	const char *error;               /* the whole message, or NULL */
	enum dialect_id dialect;
	const char *conn[JDBC_SECTION_COUNT];
	int same_as[JDBC_SECTION_COUNT];
} samples[] = {
	{ "deployment-3.0.0-default-h2.toml",
	  "20: [database.apim_db] url: H2 has no ODBC driver: use plan --dialect h2",
	  DIALECT_H2, { NULL }, { -1, -1, -1, -1 } },
	{ "deployment-3.2.0-default-h2.toml",
	  "20: [database.apim_db] url: H2 has no ODBC driver: use plan --dialect h2",
	  DIALECT_H2, { NULL }, { -1, -1, -1, -1 } },
	{ "deployment-3.0.0-mysql.toml", NULL, DIALECT_MYSQL,
	  { MY("amdb", "root"), MY("regdb", "root"), MY("userdb", "rootcarbon"), NULL },
	  { -1, -1, -1, -1 } },
	{ "deployment-3.0.0-postgresql.toml", NULL, DIALECT_POSTGRESQL,
	  { PG("amdb"), PG("regdb"), PG("userdb"), NULL }, { -1, -1, -1, -1 } },
	{ "deployment-3.0.0-mssql.toml", NULL, DIALECT_MSSQL,
	  { MS("amdb"), MS("regdb"), MS("userdb"), NULL }, { -1, -1, -1, -1 } },
	/* the three sections name one database as one user */
	{ "deployment-3.0.0-oracle.toml", NULL, DIALECT_ORACLE,
	  { ORA, ORA, ORA, NULL }, { JDBC_SHARED_DB, JDBC_APIM_DB, JDBC_SHARED_DB, -1 } },
};

static const struct sample *find_sample(const char *file)
{
	for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++)
		if (!strcmp(samples[i].file, file))
			return &samples[i];
	return NULL;
}

static const char *no_env(const char *name)
{
	(void)name;
	return NULL;
}

/* Every deployment*.toml of the samples directory is in samples[] (a new
 * sample must be added there) and maps as it says. */
static void test_samples(void **state)
{
	char *dir = samples_dir();
	struct dirent **list;
	int cnt = scandir(dir, &list, NULL, alphasort);
	size_t seen = 0;
	(void)state;

	assert_true(cnt >= 0);
	for (int i = 0; i < cnt; i++) {
		const char *name = list[i]->d_name;
		size_t len = strlen(name);
		const struct sample *sm;
		char *path, *want;
		struct toml *t = NULL;
		struct strbuf err = STRBUF_INIT;
		struct jdbc_config cfg;

		if (len <= 5 || strcmp(name + len - 5, ".toml")) {
			free(list[i]);
			continue;
		}
		sm = find_sample(name);
		if (!sm)
			fail_msg("%s/%s: no expected connections in test_jdbc.c", dir, name);
		path = xasprintf("%s/%s", dir, name);
		if (toml_parse_file(path, &t, &err))
			fail_msg("%s: %s", name, strbuf_str(&err));
		if (sm->error) {
			assert_int_equal(jdbc_config_read(t, NULL, no_env, &cfg, &err), -1);
			want = xasprintf("%s:%s", path, sm->error);
			assert_string_equal(strbuf_str(&err), want);
			free(want);
			assert_int_equal(cfg.db[JDBC_APIM_DB].present, 0);
			assert_null(cfg.db[JDBC_APIM_DB].odbc.conn);
		} else {
			if (jdbc_config_read(t, NULL, no_env, &cfg, &err))
				fail_msg("%s: %s", name, strbuf_str(&err));
			for (int s = 0; s < JDBC_SECTION_COUNT; s++) {
				const struct jdbc_db *db = &cfg.db[s];

				if (!sm->conn[s]) {
					assert_int_equal(db->present, 0);
					assert_null(db->odbc.conn);
					continue;
				}
				assert_int_equal(db->present, 1);
				if (strcmp(db->odbc.conn, sm->conn[s]))
					fail_msg("%s [database.%s]:\n want %s\n got  %s", name,
						 jdbc_section_name(s), sm->conn[s], db->odbc.conn);
				assert_int_equal(db->odbc.dialect, sm->dialect);
				assert_int_equal(db->same_as, sm->same_as[s]);
				assert_int_equal(db->password_from_env, 0);
				assert_string_equal(db->odbc.user, "root");
				assert_int_equal(db->line, 26 + 13 * s);
			}
			jdbc_config_release(&cfg);
		}
		seen++;
		toml_free(t);
		strbuf_release(&err);
		free(path);
		free(list[i]);
	}
	free(list);
	if (seen != sizeof(samples) / sizeof(samples[0]))
		fail_msg("%s: %zu samples, want the %zu of test_jdbc.c", dir, seen,
			 sizeof(samples) / sizeof(samples[0]));
	free(dir);
}

/* One URL, with the file's user and password, and what it gives. */
struct url_case {
	const char *url, *user, *password;
	const char *conn;                /* NULL: an error holding err */
	const char *where_or_err;
};

static void run_cases(const struct url_case *c, size_t n, const struct jdbc_drivers *drv)
{
	for (size_t i = 0; i < n; i++) {
		struct jdbc_odbc o;
		struct strbuf err = STRBUF_INIT;
		int rc = jdbc_to_odbc(c[i].url, c[i].user, c[i].password, drv, &o, &err);

		if (c[i].conn) {
			if (rc)
				fail_msg("%s: unexpected error: %s", c[i].url, strbuf_str(&err));
			if (strcmp(o.conn, c[i].conn))
				fail_msg("%s:\n want %s\n got  %s", c[i].url, c[i].conn, o.conn);
			if (c[i].where_or_err && strcmp(o.where, c[i].where_or_err))
				fail_msg("%s: where: want %s, got %s", c[i].url, c[i].where_or_err, o.where);
			assert_int_equal(err.len, 0);
		} else {
			if (!rc)
				fail_msg("%s: want an error, got %s", c[i].url, o.conn);
			if (!strstr(strbuf_str(&err), c[i].where_or_err))
				fail_msg("%s: want an error holding \"%s\", got \"%s\"", c[i].url,
					 c[i].where_or_err, strbuf_str(&err));
			if (strstr(strbuf_str(&err), "SECRETPW"))
				fail_msg("%s: the password is in the error: %s", c[i].url, strbuf_str(&err));
			assert_null(o.conn);
		}
		jdbc_odbc_release(&o);
		assert_null(o.conn);
		strbuf_release(&err);
	}
}

#define NCASES(a) (sizeof(a) / sizeof(a[0]))

static void test_mysql_postgresql(void **state)
{
	static const struct url_case cases[] = {
		{ "jdbc:mysql://db.example.com:3307/am_db?useSSL=false&characterEncoding=UTF-8", "u", "p",
		  "Driver=MariaDB Unicode;Server=db.example.com;Port=3307;Database=am_db;Uid=u;Pwd=p;",
		  "db.example.com:3307/am_db" },
		{ "jdbc:mariadb://h/amdb", "u", "p",
		  "Driver=MariaDB Unicode;Server=h;Port=3306;Database=amdb;Uid=u;Pwd=p;", "h:3306/amdb" },
		{ "JDBC:MySQL://H/db", "u", "p",
		  "Driver=MariaDB Unicode;Server=H;Port=3306;Database=db;Uid=u;Pwd=p;", NULL },
		/* user info and properties, percent-decoded; the file's wins */
		{ "jdbc:mysql://bob:pa%3Bss@h/a%20b?x=1", NULL, NULL,
		  "Driver=MariaDB Unicode;Server=h;Port=3306;Database=a b;Uid=bob;Pwd={pa;ss};", NULL },
		{ "jdbc:mysql://bob@h/db", NULL, NULL,
		  "Driver=MariaDB Unicode;Server=h;Port=3306;Database=db;Uid=bob;", NULL },
		{ "jdbc:mysql://h/db?user=url_u&password=url_p", "file_u", "file_p",
		  "Driver=MariaDB Unicode;Server=h;Port=3306;Database=db;Uid=file_u;Pwd=file_p;", NULL },
		{ "jdbc:mysql://h/db?autoReconnect&user=url_u&password=p%26q", NULL, NULL,
		  "Driver=MariaDB Unicode;Server=h;Port=3306;Database=db;Uid=url_u;Pwd=p&q;", NULL },
		{ "jdbc:mysql://[::1]:3306/db", "u", NULL,
		  "Driver=MariaDB Unicode;Server=::1;Port=3306;Database=db;Uid=u;", "[::1]:3306/db" },
		{ "jdbc:mysql:///db", NULL, NULL,
		  "Driver=MariaDB Unicode;Server=localhost;Port=3306;Database=db;", "localhost:3306/db" },
		{ "jdbc:postgresql://pg:5433/am?sslmode=require", "u", "p",
		  "Driver=PostgreSQL Unicode;Server=pg;Port=5433;Database=am;Uid=u;Pwd=p;", "pg:5433/am" },
		{ "jdbc:postgresql:amdb", "u", "",
		  "Driver=PostgreSQL Unicode;Server=localhost;Port=5432;Database=amdb;Uid=u;Pwd=;",
		  "localhost:5432/amdb" },
		{ "jdbc:postgresql://pg/amdb?user=x&password=y", NULL, NULL,
		  "Driver=PostgreSQL Unicode;Server=pg;Port=5432;Database=amdb;Uid=x;Pwd=y;", NULL },
		{ "jdbc:postgresql://pg/am%5Fdb", "u", "p",
		  "Driver=PostgreSQL Unicode;Server=pg;Port=5432;Database=am_db;Uid=u;Pwd=p;", NULL },

		{ "jdbc:mysql:loadbalance://h1,h2/db", "u", "p", NULL,
		  "unsupported form of jdbc:mysql URL: want jdbc:mysql://host[:port]/database" },
		{ "jdbc:mysql://h1,h2/db", "u", "p", NULL,
		  "several hosts in the URL (failover, load balancing) are not supported" },
		{ "jdbc:postgresql://h1:5432,h2:5432/db", "u", "p", NULL, "several hosts" },
		{ "jdbc:mysql://h:0/db", "u", "p", NULL, "bad port number in the URL (want 1-65535)" },
		{ "jdbc:mysql://h:65536/db", "u", "p", NULL, "bad port number" },
		{ "jdbc:mysql://h:/db", "u", "p", NULL, "bad port number" },
		{ "jdbc:mysql://h:33a/db", "u", "p", NULL, "bad port number" },
		{ "jdbc:mysql://h:123456/db", "u", "p", NULL, "bad port number" },
		{ "jdbc:mysql://h/", "u", "p", NULL,
		  "no database name in the URL: want jdbc:mysql://host[:port]/database" },
		{ "jdbc:mysql://h", "u", "p", NULL, "no database name in the URL" },
		{ "jdbc:mysql://h?user=u", "u", "p", NULL, "no database name in the URL" },
		{ "jdbc:mysql://h/d%zz", "u", "p", NULL, "bad percent-encoding in the database name" },
		{ "jdbc:mysql://h/d%00", "u", "p", NULL, "bad percent-encoding" },
		{ "jdbc:mysql://h/d%4", "u", "p", NULL, "bad percent-encoding" },
		{ "jdbc:mysql://h o/db", "u", "p", NULL, "bad host name in the URL" },
		{ "jdbc:mysql://[::1/db", "u", "p", NULL, "'[' without ']' around the host in the URL" },
		{ "jdbc:mysql://[::1]x/db", "u", "p", NULL, "bad host name" },
		{ "jdbc:postgresql://h:5432/", "u", "p", NULL, "no database name" },
		{ "jdbc:postgresql:/", "u", "p", NULL, "bad jdbc:postgresql URL" },
		/* no password in any of these messages */
		{ "jdbc:mysql://u:SECRETPW@h:99999/db", "u", "SECRETPW", NULL, "bad port number" },
		{ "jdbc:mysql://u:SECRETPW%zz@h/db", "u", NULL, NULL,
		  "bad percent-encoding in the URL's password" },
		{ "jdbc:mysql://h/db?password=SECRETPW%zz", "u", NULL, NULL,
		  "bad percent-encoding in the URL's properties" },
	};
	(void)state;
	run_cases(cases, NCASES(cases), NULL);
}

static void test_sqlserver_oracle_db2(void **state)
{
	static const struct url_case cases[] = {
		{ "jdbc:sqlserver://ms\\SQLEXPRESS;databaseName=am", "sa", "p",
		  "Driver=FreeTDS;Server=ms;Instance=SQLEXPRESS;Database=am;Uid=sa;Pwd=p;TDS_Version=7.4;",
		  "ms\\SQLEXPRESS/am" },
		{ "jdbc:sqlserver://ms\\SQLEXPRESS:1500;database=am", "sa", "p",
		  "Driver=FreeTDS;Server=ms;Port=1500;Database=am;Uid=sa;Pwd=p;TDS_Version=7.4;",
		  "ms:1500/am" },
		{ "jdbc:sqlserver://;serverName=ms;portNumber=1444;DATABASENAME={a;b}};c};user=sa;"
		  "password={p;w}", NULL, NULL,
		  "Driver=FreeTDS;Server=ms;Port=1444;Database={a;b}};c};Uid=sa;Pwd={p;w};TDS_Version=7.4;",
		  "ms:1444/a;b};c" },
		{ "jdbc:sqlserver://ms;instanceName=I2;databaseName=am;encrypt=true", "sa", "p",
		  "Driver=FreeTDS;Server=ms;Instance=I2;Database=am;Uid=sa;Pwd=p;TDS_Version=7.4;", NULL },
		{ "jdbc:jtds:sqlserver://ms:1433/am;user=sa", NULL, "p",
		  "Driver=FreeTDS;Server=ms;Port=1433;Database=am;Uid=sa;Pwd=p;TDS_Version=7.4;", NULL },
		{ "jdbc:oracle:thin:@db:1521:ORCL", "u", "p",
		  "Driver=Oracle;DBQ=(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=db)(PORT=1521))"
		  "(CONNECT_DATA=(SID=ORCL)));Uid=u;Pwd=p;", NULL },
		{ "jdbc:oracle:thin:@//db:1522/am.example.com", "u", "p",
		  "Driver=Oracle;DBQ=//db:1522/am.example.com;Uid=u;Pwd=p;", "//db:1522/am.example.com" },
		{ "jdbc:oracle:thin:@//db/svc", "u", "p", "Driver=Oracle;DBQ=//db:1521/svc;Uid=u;Pwd=p;",
		  NULL },
		{ "jdbc:oracle:thin:@db/svc", "u", "p", "Driver=Oracle;DBQ=//db:1521/svc;Uid=u;Pwd=p;", NULL },
		{ "jdbc:oracle:thin:@[::1]:1521/svc", "u", "p",
		  "Driver=Oracle;DBQ=//[::1]:1521/svc;Uid=u;Pwd=p;", NULL },
		{ "jdbc:oracle:thin:@(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=h)(PORT=1521))"
		  "(CONNECT_DATA=(SERVICE_NAME=s)))", "u", "p",
		  "Driver=Oracle;DBQ=(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=h)(PORT=1521))"
		  "(CONNECT_DATA=(SERVICE_NAME=s)));Uid=u;Pwd=p;", NULL },
		{ "jdbc:oracle:thin:@PRODDB", "u", "p", "Driver=Oracle;DBQ=PRODDB;Uid=u;Pwd=p;", "PRODDB" },
		{ "jdbc:oracle:thin:scott/tiger@db:1521/svc", NULL, NULL,
		  "Driver=Oracle;DBQ=//db:1521/svc;Uid=scott;Pwd=tiger;", NULL },
		{ "jdbc:oracle:thin:\"sc\"/\"t@g\"@db:1521/svc", NULL, NULL,
		  "Driver=Oracle;DBQ=//db:1521/svc;Uid=sc;Pwd=t@g;", NULL },
		{ "jdbc:oracle:oci:@//db:1521/svc", "u", "p", "Driver=Oracle;DBQ=//db:1521/svc;Uid=u;Pwd=p;",
		  NULL },
		{ "jdbc:db2://db2h:50000/AMDB", "u", "p",
		  "Driver=DB2;Hostname=db2h;Port=50000;Database=AMDB;Protocol=TCPIP;Uid=u;Pwd=p;",
		  "db2h:50000/AMDB" },
		{ "jdbc:db2://db2h/AMDB:user=du;password=dp;", NULL, NULL,
		  "Driver=DB2;Hostname=db2h;Port=446;Database=AMDB;Protocol=TCPIP;Uid=du;Pwd=dp;",
		  "db2h:446/AMDB" },

		{ "jdbc:sqlserver://h;databaseName={abc", "u", "p", NULL,
		  "unterminated {value} in the URL's properties" },
		{ "jdbc:sqlserver://h", "u", "p", NULL,
		  "no database name in the URL: want jdbc:sqlserver://host[:port];databaseName=database" },
		{ "jdbc:sqlserver://h;serverName=a b;databaseName=x", "u", "p", NULL, "bad serverName" },
		{ "jdbc:sqlserver://h\\;databaseName=x", "u", "p", NULL, "bad instance name in the URL" },
		{ "jdbc:sqlserver://h;portNumber=0;databaseName=x", "u", "p", NULL, "bad port number" },
		{ "jdbc:oracle:thin:db:1521:SID", "u", "p", NULL,
		  "no '@' in the jdbc:oracle URL: want jdbc:oracle:thin:@//host:port/service" },
		{ "jdbc:oracle:thin:@db:1521", "u", "p", NULL, "no service name or SID in the jdbc:oracle URL" },
		{ "jdbc:oracle:thin:@db:1521:", "u", "p", NULL, "no service name or SID" },
		{ "jdbc:oracle:thin:@//db:1521", "u", "p", NULL, "no service name in the jdbc:oracle URL" },
		{ "jdbc:oracle:thin:@", "u", "p", NULL, "nothing after '@' in the jdbc:oracle URL" },
		{ "jdbc:oracle:thin:@bad alias", "u", "p", NULL, "bad tnsnames alias" },
		{ "jdbc:oracle:thin:@db:x:SID", "u", "p", NULL, "bad port number" },
		{ "jdbc:oracle:kprb:", "u", "p", NULL, "unsupported form of jdbc:oracle URL" },
		{ "jdbc:db2:SAMPLE", "u", "p", NULL,
		  "unsupported form of jdbc:db2 URL: want jdbc:db2://host[:port]/database" },
		{ "jdbc:db2://h:50000", "u", "p", NULL, "no database name in the URL" },
		{ "jdbc:db2://h:50000/", "u", "p", NULL, "no database name in the URL" },
		{ "jdbc:h2:mem:x", "u", "p", NULL, "H2 has no ODBC driver: use plan --dialect h2" },
		{ "jdbc:h2:tcp://h/~/x", "u", "p", NULL, "H2 has no ODBC driver" },
		{ "mysql://h/db", "u", "p", NULL, "not a JDBC URL (it does not start with jdbc:)" },
		{ "", "u", "p", NULL, "not a JDBC URL" },
		{ "jdbc:sybase:Tds:h:5000", "u", "p", NULL,
		  "unsupported JDBC URL jdbc:sybase...: want jdbc:mysql, jdbc:mariadb, jdbc:postgresql, "
		  "jdbc:sqlserver, jdbc:oracle:thin or jdbc:db2" },
		/* no password in any of these messages */
		{ "jdbc:oracle:thin:u/SECRETPW@db:1521", "u", NULL, NULL, "no service name or SID" },
		{ "jdbc:sqlserver://h;password={SECRETPW", "u", NULL, NULL, "unterminated {value}" },
		{ "jdbc:foo:u:SECRETPW@h", "u", NULL, NULL, "unsupported JDBC URL jdbc:foo..." },
		{ "jdbc:h2:mem:x;PASSWORD=SECRETPW", "u", "SECRETPW", NULL, "H2 has no ODBC driver" },
	};
	(void)state;
	run_cases(cases, NCASES(cases), NULL);
}

/* ODBC bracing of values, and the driver table as data. */
static void test_braces_drivers(void **state)
{
	static const struct url_case cases[] = {
		{ "jdbc:mysql://h/db", "u;x", "p}{w",
		  "Driver=My Driver;Server=h;Port=3306;Database=db;Uid={u;x};Pwd={p}}{w};", NULL },
		{ "jdbc:mysql://h/db", " lead", "trail\t",
		  "Driver=My Driver;Server=h;Port=3306;Database=db;Uid={ lead};Pwd={trail\t};", NULL },
		{ "jdbc:mysql://h/db", "a b", "x=y",
		  "Driver=My Driver;Server=h;Port=3306;Database=db;Uid=a b;Pwd=x=y;", NULL },
		{ "jdbc:postgresql://h/db", "u", "p",
		  "Driver={Postgre}}SQL};Server=h;Port=5432;Database=db;Uid=u;Pwd=p;", NULL },
		{ "jdbc:oracle:thin:@h/s", "u", "p", "Driver={My {Driver}}};DBQ=//h:1521/s;Uid=u;Pwd=p;",
		  NULL },
		{ "jdbc:db2://h:1/db", "u", "p", NULL, "no ODBC driver is set for db2" },
	};
	struct jdbc_drivers drv;
	struct jdbc_odbc o;
	struct strbuf err = STRBUF_INIT;
	(void)state;

	jdbc_drivers_init(&drv);
	assert_string_equal(drv.name[DIALECT_MYSQL], "MariaDB Unicode");
	assert_string_equal(drv.name[DIALECT_POSTGRESQL], "PostgreSQL Unicode");
	assert_string_equal(drv.name[DIALECT_MSSQL], "FreeTDS");
	assert_string_equal(drv.name[DIALECT_ORACLE], "Oracle");
	assert_string_equal(drv.name[DIALECT_DB2], "DB2");
	assert_null(drv.name[DIALECT_H2]);
	drv.name[DIALECT_MYSQL] = "My Driver";
	drv.name[DIALECT_POSTGRESQL] = "Postgre}SQL";
	drv.name[DIALECT_ORACLE] = "My {Driver}";
	drv.name[DIALECT_DB2] = NULL;
	run_cases(cases, NCASES(cases), &drv);

	/* neither user nor password: no Uid, no Pwd */
	assert_int_equal(jdbc_to_odbc("jdbc:mysql://h/db", NULL, NULL, NULL, &o, &err), 0);
	assert_string_equal(o.conn, "Driver=MariaDB Unicode;Server=h;Port=3306;Database=db;");
	assert_null(o.user);
	jdbc_odbc_release(&o);
	strbuf_release(&err);
}

/* The dialect of each form. */
static void test_dialects(void **state)
{
	static const struct {
		const char *url;
		enum dialect_id dialect;
	} cases[] = {
		{ "jdbc:mysql://h/d", DIALECT_MYSQL }, { "jdbc:mariadb://h/d", DIALECT_MYSQL },
		{ "jdbc:postgresql:d", DIALECT_POSTGRESQL }, { "jdbc:sqlserver://h;database=d", DIALECT_MSSQL },
		{ "jdbc:jtds:sqlserver://h/d", DIALECT_MSSQL }, { "jdbc:oracle:thin:@x", DIALECT_ORACLE },
		{ "jdbc:db2://h/d", DIALECT_DB2 },
	};
	(void)state;

	for (size_t i = 0; i < NCASES(cases); i++) {
		struct jdbc_odbc o;
		struct strbuf err = STRBUF_INIT;

		assert_int_equal(jdbc_to_odbc(cases[i].url, "u", "p", NULL, &o, &err), 0);
		assert_int_equal(o.dialect, cases[i].dialect);
		assert_string_equal(o.user, "u");
		jdbc_odbc_release(&o);
		strbuf_release(&err);
	}
	assert_string_equal(jdbc_section_name(JDBC_APIM_DB), "apim_db");
	assert_string_equal(jdbc_section_name(JDBC_CONFIG), "config");
	assert_string_equal(jdbc_section_dbname(JDBC_APIM_DB), "WSO2AM_DB");
	assert_string_equal(jdbc_section_dbname(JDBC_SHARED_DB), "SHARED_DB");
	assert_string_equal(jdbc_section_dbname(JDBC_USER), "USER_DB");
	assert_string_equal(jdbc_section_env(JDBC_APIM_DB), "AMDELTA_WSO2AM_DB_PASSWORD");
	assert_string_equal(jdbc_section_env(JDBC_SHARED_DB), "AMDELTA_SHARED_DB_PASSWORD");
	assert_string_equal(jdbc_section_env(JDBC_CONFIG), "AMDELTA_CONFIG_DB_PASSWORD");
}

/* ---- jdbc_config_read on small files ---- */

/* A fake environment: pairs of name, value. */
static const char *const *fake_env;

static const char *env_get(const char *name)
{
	for (size_t i = 0; fake_env && fake_env[i]; i += 2)
		if (!strcmp(fake_env[i], name))
			return fake_env[i + 1];
	return NULL;
}

static struct toml *toml_of(const char *text)
{
	struct toml *t = NULL;
	struct strbuf err = STRBUF_INIT;

	if (toml_parse_mem("t.toml", text, strlen(text), &t, &err))
		fail_msg("unexpected error: %s", strbuf_str(&err));
	strbuf_release(&err);
	return t;
}

static void config_ok(const char *text, const char *const *env, struct jdbc_config *cfg)
{
	struct toml *t = toml_of(text);
	struct strbuf err = STRBUF_INIT;

	fake_env = env;
	if (jdbc_config_read(t, NULL, env_get, cfg, &err))
		fail_msg("unexpected error: %s", strbuf_str(&err));
	toml_free(t);
	strbuf_release(&err);
}

/* Fails unless reading text fails with exactly want (after "t.toml:"),
 * and with no SECRETPW in it. */
static void config_bad(const char *text, const char *const *env, const char *want)
{
	struct toml *t = toml_of(text);
	struct strbuf err = STRBUF_INIT;
	struct jdbc_config cfg;
	char *full = xasprintf("t.toml:%s", want);

	fake_env = env;
	assert_int_equal(jdbc_config_read(t, NULL, env_get, &cfg, &err), -1);
	if (strcmp(strbuf_str(&err), full))
		fail_msg("want \"%s\", got \"%s\"", full, strbuf_str(&err));
	if (strstr(strbuf_str(&err), "SECRETPW"))
		fail_msg("the password is in the error: %s", strbuf_str(&err));
	for (int s = 0; s < JDBC_SECTION_COUNT; s++)
		assert_null(cfg.db[s].odbc.conn);
	free(full);
	toml_free(t);
	strbuf_release(&err);
}

#define TWO_DBS \
	"[database.apim_db]\n" \
	"url = \"jdbc:postgresql://pg/amdb\"\n" \
	"username = \"am\"\n" \
	"password = \"SECRETPW\"\n" \
	"[database.shared_db]\n" \
	"type = \"mysql\"\n" \
	"url = \"jdbc:postgresql://pg/shared\"\n" \
	"username = \"reg\"\n" \
	"password = \"file_pw\"\n"

/* The password: the variable first (even ""), then the file, then the URL. */
static void test_config_env(void **state)
{
	static const char *const env1[] = { "AMDELTA_WSO2AM_DB_PASSWORD", "env;pw", NULL };
	static const char *const env2[] = { "AMDELTA_SHARED_DB_PASSWORD", "", NULL };
	struct jdbc_config cfg;
	(void)state;

	config_ok(TWO_DBS, env1, &cfg);
	assert_string_equal(cfg.db[JDBC_APIM_DB].odbc.conn,
			    "Driver=PostgreSQL Unicode;Server=pg;Port=5432;Database=amdb;Uid=am;Pwd={env;pw};");
	assert_int_equal(cfg.db[JDBC_APIM_DB].password_from_env, 1);
	assert_string_equal(cfg.db[JDBC_SHARED_DB].odbc.conn,
			    "Driver=PostgreSQL Unicode;Server=pg;Port=5432;Database=shared;Uid=reg;Pwd=file_pw;");
	assert_int_equal(cfg.db[JDBC_SHARED_DB].password_from_env, 0);
	assert_int_equal(cfg.db[JDBC_SHARED_DB].line, 7);
	assert_int_equal(cfg.db[JDBC_USER].present, 0);
	assert_int_equal(cfg.db[JDBC_USER].same_as, -1);
	jdbc_config_release(&cfg);

	config_ok(TWO_DBS, env2, &cfg);
	assert_string_equal(cfg.db[JDBC_SHARED_DB].odbc.conn,
			    "Driver=PostgreSQL Unicode;Server=pg;Port=5432;Database=shared;Uid=reg;Pwd=;");
	assert_int_equal(cfg.db[JDBC_SHARED_DB].password_from_env, 1);
	jdbc_config_release(&cfg);

	/* no getenv at all: the variables are not read */
	{
		struct toml *t = toml_of(TWO_DBS);
		struct strbuf err = STRBUF_INIT;

		assert_int_equal(jdbc_config_read(t, NULL, NULL, &cfg, &err), 0);
		assert_int_equal(cfg.db[JDBC_APIM_DB].password_from_env, 0);
		jdbc_config_release(&cfg);
		toml_free(t);
		strbuf_release(&err);
	}

	/* no password in the file: the URL's; none at all: no Pwd */
	config_ok("[database.apim_db]\nurl = 'jdbc:mysql://u:url_pw@h/am'\n"
		  "[database.shared_db]\nurl = 'jdbc:mysql://h/sh'\nusername = 'x'\n", NULL, &cfg);
	assert_string_equal(cfg.db[JDBC_APIM_DB].odbc.conn,
			    "Driver=MariaDB Unicode;Server=h;Port=3306;Database=am;Uid=u;Pwd=url_pw;");
	assert_string_equal(cfg.db[JDBC_SHARED_DB].odbc.conn,
			    "Driver=MariaDB Unicode;Server=h;Port=3306;Database=sh;Uid=x;");
	jdbc_config_release(&cfg);
	jdbc_config_release(&cfg);   /* twice is harmless */
}

/* $env{} and $ref{} are replaced; the others refused with their name. */
static void test_config_refs(void **state)
{
	static const char *const env[] = {
		"DB_HOST", "pg.internal", "DB_PASS", "from_env", "AMDELTA_SHARED_DB_PASSWORD", "ok", NULL,
	};
	struct jdbc_config cfg;
	(void)state;

	config_ok("[super_admin]\nusername = 'admin'\n"
		  "[database.apim_db]\n"
		  "url = 'jdbc:postgresql://$env{DB_HOST}:5432/am'\n"
		  "username = '$ref{super_admin.username}'\n"
		  "password = 'x$env{DB_PASS}$'\n"
		  "[database.shared_db]\n"
		  "url = 'jdbc:postgresql://h/sh'\n"
		  "password = '$secret{db_pw}'\n"   /* the variable is set: never read */
		  "[database.user]\n"
		  "url = 'jdbc:postgresql://h/sh'\n"
		  "password = 'pa$$w{rd}$env{'\n", env, &cfg);
	assert_string_equal(cfg.db[JDBC_APIM_DB].odbc.conn,
			    "Driver=PostgreSQL Unicode;Server=pg.internal;Port=5432;Database=am;Uid=admin;"
			    "Pwd=xfrom_env$;");
	assert_string_equal(cfg.db[JDBC_SHARED_DB].odbc.conn,
			    "Driver=PostgreSQL Unicode;Server=h;Port=5432;Database=sh;Pwd=ok;");
	assert_string_equal(cfg.db[JDBC_USER].odbc.conn,
			    "Driver=PostgreSQL Unicode;Server=h;Port=5432;Database=sh;Pwd={pa$$w{rd}}$env{};");
	/* same database, same (no) user */
	assert_int_equal(cfg.db[JDBC_USER].same_as, JDBC_SHARED_DB);
	assert_int_equal(cfg.db[JDBC_SHARED_DB].same_as, JDBC_USER);
	assert_int_equal(cfg.db[JDBC_APIM_DB].same_as, -1);
	jdbc_config_release(&cfg);

	config_bad("[database.apim_db]\nurl = 'jdbc:mysql://h/am'\npassword = 'SECRETPW$env{NOPE}'\n",
		   NULL, "3: [database.apim_db] password: $env{NOPE} is not set");
	config_bad("[database.shared_db]\nurl = 'jdbc:mysql://h/am'\n\npassword = '$secret{db_pw}'\n",
		   NULL, "4: [database.shared_db] password: $secret{db_pw} is a secure-vault secret, "
		   "which amdelta cannot decrypt: set AMDELTA_SHARED_DB_PASSWORD");
	config_bad("[database.apim_db]\nusername = '$secret{u}'\nurl = 'jdbc:mysql://h/am'\n", NULL,
		   "2: [database.apim_db] username: $secret{u} is a secure-vault secret, which amdelta "
		   "cannot decrypt");
	config_bad("[database.user]\nurl = 'jdbc:mysql://${carbon.host}/am'\n", NULL,
		   "2: [database.user] url: ${carbon.host} is a Java system property, which amdelta "
		   "cannot read");
	config_bad("[database.config]\nurl = 'jdbc:mysql://$sys{h}/am'\n", NULL,
		   "2: [database.config] url: $sys{h} is a Java system property, which amdelta cannot read");
	config_bad("[database.apim_db]\nurl = 'jdbc:mysql://h/am'\nusername = '$ref{a.b}'\n", NULL,
		   "3: [database.apim_db] username: $ref{a.b} names no string of the file");
}

/* What is wrong with a section, at the url's line (or the header's). */
static void test_config_errors(void **state)
{
	static const char *const env[] = { "AMDELTA_WSO2AM_DB_PASSWORD", "SECRETPW", NULL };
	(void)state;

	config_bad("[x]\n\n[database.apim_db]\nusername = 'u'\n", NULL,
		   "3: [database.apim_db] has no url");
	config_bad("[database.apim_db]\nurl = 5\n", NULL, "2: [database.apim_db] url is not a string");
	config_bad("[database.apim_db]\nurl = 'jdbc:mysql://h/am'\npassword = 123\n", NULL,
		   "3: [database.apim_db] password is not a string");
	config_bad("[database.apim_db]\nurl = 'jdbc:mysql://h/am'\nusername = ['u']\n", NULL,
		   "3: [database.apim_db] username is not a string");
	config_bad("database.apim_db = 'jdbc:mysql://h/am'\n", NULL,
		   "1: [database.apim_db] is not a table");
	config_bad(TWO_DBS "[database.user]\nurl = 'jdbc:mysql://u:SECRETPW@h:0/db'\n", env,
		   "11: [database.user] url: bad port number in the URL (want 1-65535)");
	config_bad("[database.apim_db]\npassword = 'SECRETPW'\nurl = 'jdbc:oracle:thin:u/SECRETPW@h:1'\n",
		   env, "3: [database.apim_db] url: no service name or SID in the jdbc:oracle URL: "
		   "want jdbc:oracle:thin:@//host:port/service");
	config_bad("[database.apim_db]\nurl = 'jdbc:mysql://h/am'\n[database.shared_db]\n"
		   "url = \"jdbc:h2:${carbon.home}/x\"\n", NULL,
		   "4: [database.shared_db] url: H2 has no ODBC driver: use plan --dialect h2");

	/* the message goes on its own line after what err held */
	{
		struct toml *t = toml_of("[database.config]\nurl = 'nope'\n");
		struct strbuf err = STRBUF_INIT;
		struct jdbc_config cfg;

		strbuf_addstr(&err, "before");
		assert_int_equal(jdbc_config_read(t, NULL, NULL, &cfg, &err), -1);
		assert_string_equal(strbuf_str(&err), "before\nt.toml:2: [database.config] url: not a JDBC "
				    "URL (it does not start with jdbc:)");
		toml_free(t);
		strbuf_release(&err);
	}
	/* no [database.*] at all: nothing present, no error */
	{
		struct jdbc_config cfg;

		config_ok("[server]\nhostname = 'h'\n", NULL, &cfg);
		for (int s = 0; s < JDBC_SECTION_COUNT; s++) {
			assert_int_equal(cfg.db[s].present, 0);
			assert_int_equal(cfg.db[s].same_as, -1);
		}
		jdbc_config_release(&cfg);
	}
}

/* same_as: same dialect, place and user; tried shared_db first. */
static void test_config_same_as(void **state)
{
	struct jdbc_config cfg;
	(void)state;

	config_ok("[database.apim_db]\nurl = 'jdbc:oracle:thin:@//h:1521/s'\nusername = 'am'\n"
		  "[database.shared_db]\nurl = 'jdbc:oracle:thin:@h:1521/s'\nusername = 'reg'\n"
		  "[database.user]\nurl = 'jdbc:oracle:thin:@h/s'\nusername = 'reg'\npassword = 'other'\n"
		  "[database.config]\nurl = 'jdbc:oracle:thin:@//h:1521/s'\nusername = 'am'\n", NULL, &cfg);
	assert_int_equal(cfg.db[JDBC_APIM_DB].same_as, JDBC_CONFIG);
	assert_int_equal(cfg.db[JDBC_SHARED_DB].same_as, JDBC_USER);
	assert_int_equal(cfg.db[JDBC_USER].same_as, JDBC_SHARED_DB);
	assert_int_equal(cfg.db[JDBC_CONFIG].same_as, JDBC_APIM_DB);
	assert_string_equal(cfg.db[JDBC_USER].odbc.where, "//h:1521/s");
	jdbc_config_release(&cfg);

	/* same place, other dialect or port: not the same */
	config_ok("[database.apim_db]\nurl = 'jdbc:mysql://h:3306/d'\n"
		  "[database.shared_db]\nurl = 'jdbc:mariadb://h/d'\n"
		  "[database.user]\nurl = 'jdbc:postgresql://h:3306/d'\n"
		  "[database.config]\nurl = 'jdbc:mysql://h:3307/d'\n", NULL, &cfg);
	assert_int_equal(cfg.db[JDBC_APIM_DB].same_as, JDBC_SHARED_DB);
	assert_int_equal(cfg.db[JDBC_SHARED_DB].same_as, JDBC_APIM_DB);
	assert_int_equal(cfg.db[JDBC_USER].same_as, -1);
	assert_int_equal(cfg.db[JDBC_CONFIG].same_as, -1);
	jdbc_config_release(&cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_samples),
		cmocka_unit_test(test_mysql_postgresql),
		cmocka_unit_test(test_sqlserver_oracle_db2),
		cmocka_unit_test(test_braces_drivers),
		cmocka_unit_test(test_dialects),
		cmocka_unit_test(test_config_env),
		cmocka_unit_test(test_config_refs),
		cmocka_unit_test(test_config_errors),
		cmocka_unit_test(test_config_same_as),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
