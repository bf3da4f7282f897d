/*
 * dialect: the table of the six dialects, and how each writes a column.
 *
 * Everything that differs between the databases is a field of a row below:
 * driver quirks, how statements, columns and DDL are written, JDBC URLs,
 * and pointers to the dialect's SQL blocks (sql/<dialect>/, compiled in);
 * the rest of amdelta asks the row.  The type spellings follow what the
 * WSO2 fresh-install scripts of each dialect use, so that DDL rendered here
 * and a fresh install introspect to the same dialect-neutral catalog.
 */
#include <string.h>
#include <strings.h>

#include "dialect.h"
#include "banned.h"

static const struct dialect dialects[DIALECT_COUNT] = {
	[DIALECT_POSTGRESQL] = {
		.id = DIALECT_POSTGRESQL,
		.name = "postgresql",
		.dbms_prefix = { "PostgreSQL", NULL, NULL },
		.current_schema_sql = "SELECT current_schema()",
		.folds_lower = 1,
		.fk_pk_name_unreliable = 1,
		.read_only_by_session = 1,
		.read_only_sql = "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY",
		.quote_open = '"', .quote_close = '"',
		.max_ident_len = 63,
		/* advisory lock keys belong to the current database */
		.try_lock_sql = { "SELECT CASE WHEN pg_try_advisory_lock(hashtext('", "')) THEN 1 ELSE 0 END" },
		.introspect = &dialect_sql[DIALECT_POSTGRESQL],
		.lookup = &dialect_lookup[DIALECT_POSTGRESQL],
		.render = {
			.add_column = "ADD COLUMN ", .add_column_end = "",
			.names_exact = 1,
			/* gen_random_uuid() is built in from PostgreSQL 13 on (before, it
			 * needs pgcrypto); uuid-ossp, the guide's choice, needs CREATE
			 * EXTENSION.  Before 13: an MD5 of random input per row, written
			 * as a UUID. */
			.uuid_sql = "gen_random_uuid()::text",
			.uuid_sql_old = "md5(random()::text || clock_timestamp()::text || ctid::text)::uuid::text",
			.uuid_since = 13,
			/* a volatile default is evaluated per row while the table is
			 * rewritten: three times faster than an UPDATE of every row
			 * (which writes a second version of each row and its index
			 * entries), and what the guide's uuid_generate_v1() default does */
			.uuid_default_per_row = 1,
			.limit_one = " LIMIT 1",
			.terminator = ";\n",
			.usage = "psql -v ON_ERROR_STOP=1 -f FILE",
		},
		.ddl_sql = &dialect_ddl_sql[DIALECT_POSTGRESQL],
		.ddl = {
			.stamp = STAMP_TRIGGER, .trigger_names_per_table = 1, .lob_index = 1,
			.table_suffix = "", .dup_unique_index = 1, .fk_on_update = 1, .fk_set_default = 1,
		},
		.columns = {
			.type_names = {
				[COL_UNKNOWN] = "VARCHAR", [COL_SMALLINT] = "SMALLINT",
				[COL_INTEGER] = "INTEGER", [COL_BIGINT] = "BIGINT",
				[COL_DECIMAL] = "DECIMAL%", [COL_REAL] = "REAL",
				[COL_DOUBLE] = "DOUBLE PRECISION", [COL_BOOLEAN] = "BOOLEAN",
				[COL_CHAR] = "CHAR%", [COL_VARCHAR] = "VARCHAR%",
				[COL_CLOB] = "TEXT", [COL_BLOB] = "BYTEA", [COL_DATE] = "DATE",
				[COL_TIME] = "TIME", [COL_TIMESTAMP] = "TIMESTAMP",
			},
			/* SERIAL is a sequence plus nextval() default, which is what the
			 * WSO2 PostgreSQL script builds by hand and what introspection
			 * reads back as autoinc. */
			.autoinc_place = AUTOINC_TYPE, .autoinc = "SERIAL",
			.autoinc_big = "BIGSERIAL", .autoinc_small = "SMALLSERIAL",
			.bool_literals = { "FALSE", "TRUE" },
			.now = "CURRENT_TIMESTAMP",
		},
		.jdbc = {
			.forms = { { "postgresql", "postgresql:", "jdbc:postgresql://host[:port]/database" } },
			.syntax = JDBC_POSTGRESQL, .default_port = 5432,
			.odbc_driver = "PostgreSQL Unicode",   /* Debian's odbc-postgresql */
		},
	},
	[DIALECT_MYSQL] = {
		.id = DIALECT_MYSQL,
		.name = "mysql",
		.dbms_prefix = { "MySQL", "MariaDB", NULL },
		.current_schema_sql = "SELECT DATABASE()",
		.schema_is_catalog = 1,
		.ddl_autocommits = 1,
		.metadata_id_broken = 1,
		.quote_open = '`', .quote_close = '`',
		.max_ident_len = 64,
		.pk_index_name = "PRIMARY",
		.odbc_pk_seq_broken = 1,
		.odbc_fk_to_unique_missing = 1,
		.try_lock_sql = { "SELECT GET_LOCK('", "', 0)" },
		.lock_server_wide = 1,
		.introspect = &dialect_sql[DIALECT_MYSQL],
		.lookup = &dialect_lookup[DIALECT_MYSQL],
		.render = {
			.add_column = "ADD COLUMN ", .add_column_end = "",
			.names_exact = 1,
			.drop_unique = " DROP INDEX ",
			.pk_drop_plain = 1,
			.fk_index_implicit = 1,
			.not_null_modify = " MODIFY COLUMN ",
			.uuid_sql = "UUID()",
			/* MIN and MAX with a WHERE on a column outside the key scan the
			 * whole table (1,000,000 rows: 0.4 s); ORDER BY the key LIMIT 1
			 * reads it in key order and stops at the first row that matches */
			.limit_one = " LIMIT 1",
			.terminator = ";\n",
			.usage = "mysql DATABASE < FILE (stops at the first error)",
		},
		.ddl_sql = &dialect_ddl_sql[DIALECT_MYSQL],
		/* InnoDB: the engine that enforces foreign keys.  Index key length is
		 * limited to 3072 bytes, so long strings get a 255-character prefix in
		 * plain indexes (a utf8mb4 VARCHAR(1024) would not fit). */
		.ddl = {
			.stamp = STAMP_ON_UPDATE, .stamp_note = "{{column}} has ON UPDATE CURRENT_TIMESTAMP",
			.lob_index = 1, .index_prefix = 255, .table_suffix = " ENGINE=InnoDB",
			.dup_unique_index = 1, .fk_on_update = 1,
		},
		.columns = {
			/* blob is LONGBLOB: the WSO2 script mixes BLOB, MEDIUMBLOB and
			 * LONGBLOB; all read back as the neutral blob, and LONGBLOB never
			 * truncates what the other dialects accept.  clob likewise
			 * LONGTEXT. */
			.type_names = {
				[COL_UNKNOWN] = "LONGTEXT", [COL_SMALLINT] = "SMALLINT",
				[COL_INTEGER] = "INTEGER", [COL_BIGINT] = "BIGINT",
				[COL_DECIMAL] = "DECIMAL%", [COL_REAL] = "FLOAT",
				[COL_DOUBLE] = "DOUBLE", [COL_BOOLEAN] = "BOOLEAN",
				[COL_CHAR] = "CHAR%", [COL_VARCHAR] = "VARCHAR%",
				[COL_CLOB] = "LONGTEXT", [COL_BLOB] = "LONGBLOB", [COL_DATE] = "DATE",
				[COL_TIME] = "TIME", [COL_TIMESTAMP] = "TIMESTAMP",
			},
			.varchar_default_size = 255,
			.autoinc_place = AUTOINC_LAST, .autoinc = "AUTO_INCREMENT",
			.bool_literals = { "0", "1" },
			.now = "CURRENT_TIMESTAMP",
			/* before 8.0.13 it refuses defaults on BLOB and TEXT columns */
			.no_lob_default = 1,
			/* without explicit_defaults_for_timestamp a bare TIMESTAMP is
			 * NOT NULL with an implicit default: say NULL */
			.timestamp_says_null = 1,
		},
		.jdbc = {
			.forms = {
				{ "mysql", "mysql://", "jdbc:mysql://host[:port]/database" },
				{ "mariadb", "mariadb://", "jdbc:mariadb://host[:port]/database" },
			},
			.syntax = JDBC_MYSQL, .default_port = 3306,
			.odbc_driver = "MariaDB Unicode",      /* Debian's odbc-mariadb */
		},
	},
	[DIALECT_MSSQL] = {
		.id = DIALECT_MSSQL,
		.name = "mssql",
		.dbms_prefix = { "Microsoft SQL Server", NULL, NULL },
		.current_schema_sql = "SELECT SCHEMA_NAME()",
		.quote_open = '[', .quote_close = ']',
		.max_ident_len = 128,
		/* applock resources belong to the current database; not run here
		 * (no SQL Server on these machines) */
		.try_lock_sql = { "SET NOCOUNT ON; DECLARE @r INT; EXEC @r = sp_getapplock @Resource = N'",
				  "', @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = 0; "
				  "SELECT CASE WHEN @r >= 0 THEN 1 ELSE 0 END" },
		.introspect = &dialect_sql[DIALECT_MSSQL],
		.lookup = &dialect_lookup[DIALECT_MSSQL],
		.render = {
			.add_column = "ADD ", .add_column_end = "",
			.default_needs_with_values = 1,
			.pk_needs_not_null = 1,
			.not_null_restates_type = 1,
			.uuid_sql = "CONVERT(VARCHAR(36), NEWID())",
			/* CREATE TRIGGER must start a batch */
			.terminator = ";\nGO\n",
			.usage = "sqlcmd -b -d DATABASE -i FILE",
		},
		.ddl_sql = &dialect_ddl_sql[DIALECT_MSSQL],
		/* CREATE TRIGGER must start a T-SQL batch (GO), which a script of
		 * ";"-terminated statements cannot express. */
		.ddl = {
			.stamp = STAMP_COMMENT,
			.stamp_note = "sets {{column}} to the current time on update; create it with the "
				      "dialect's own script",
			.table_suffix = "", .dup_unique_index = 1, .fk_on_update = 1, .fk_set_default = 1,
		},
		.columns = {
			/* timestamp is DATETIME (SQL Server's TIMESTAMP is a row
			 * version), blob/clob are VARBINARY(MAX)/VARCHAR(MAX), boolean
			 * is BIT. */
			.type_names = {
				[COL_UNKNOWN] = "VARCHAR(MAX)", [COL_SMALLINT] = "SMALLINT",
				[COL_INTEGER] = "INTEGER", [COL_BIGINT] = "BIGINT",
				[COL_DECIMAL] = "DECIMAL%", [COL_REAL] = "REAL",
				[COL_DOUBLE] = "FLOAT", [COL_BOOLEAN] = "BIT",
				[COL_CHAR] = "CHAR%", [COL_VARCHAR] = "VARCHAR%",
				[COL_CLOB] = "VARCHAR(MAX)", [COL_BLOB] = "VARBINARY(MAX)",
				[COL_DATE] = "DATE", [COL_TIME] = "TIME", [COL_TIMESTAMP] = "DATETIME",
			},
			.varchar_default_size = 255,
			.varchar_max = 8000, .varchar_max_spelling = "VARCHAR(MAX)",
			.autoinc_place = AUTOINC_AFTER_TYPE, .autoinc = "IDENTITY(1,1)",
			.bool_literals = { "0", "1" },
			.now = "CURRENT_TIMESTAMP",
		},
		.jdbc = {
			.forms = {
				{ "sqlserver", "sqlserver://", "jdbc:sqlserver://host[:port];databaseName=database" },
				{ "jtds", "jtds:sqlserver://", "jdbc:jtds:sqlserver://host[:port]/database" },
			},
			.syntax = JDBC_SQLSERVER, .default_port = 1433,
			.odbc_driver = "FreeTDS",              /* Debian's tdsodbc */
			.extra_attr = { "TDS_Version", "7.4" },
		},
	},
	[DIALECT_ORACLE] = {
		.id = DIALECT_ORACLE,
		.name = "oracle",
		.dbms_prefix = { "Oracle", NULL, NULL },
		.current_schema_sql = "SELECT SYS_CONTEXT('USERENV', 'CURRENT_SCHEMA') FROM DUAL",
		.folds_upper = 1,
		.ddl_autocommits = 1,
		.quote_open = '"', .quote_close = '"',
		.max_ident_len = 30,
		.introspect = &dialect_sql[DIALECT_ORACLE],
		.lookup = &dialect_lookup[DIALECT_ORACLE],
		.render = {
			.add_column = "ADD (", .add_column_end = ")",
			.pk_drop_plain = 1,
			/* SYS_GUID() as text, in the 8-4-4-4-12 form Java's UUID has */
			.uuid_sql = "LOWER(REGEXP_REPLACE(RAWTOHEX(SYS_GUID()), "
				    "'(.{8})(.{4})(.{4})(.{4})(.{12})', '\\1-\\2-\\3-\\4-\\5'))",
			.terminator = "\n/\n",
			.usage = "sqlplus USER@DB @FILE (after WHENEVER SQLERROR EXIT FAILURE)",
		},
		.ddl_sql = &dialect_ddl_sql[DIALECT_ORACLE],
		/* ORA-01408: a column list can be indexed once. */
		.ddl = {
			.stamp = STAMP_TRIGGER, .table_suffix = "",
		},
		.columns = {
			/* integer is INTEGER (NUMBER(38)), bigint NUMBER(19) and
			 * boolean NUMBER(1), as the WSO2 Oracle script writes them; TIME
			 * has no Oracle type and is written as DATE, which holds a time
			 * of day.  Longer VARCHARs than 4000 become VARCHAR2(4000), the
			 * ceiling the WSO2 Oracle script itself uses (SAML2_ASSERTION). */
			.type_names = {
				[COL_UNKNOWN] = "CLOB", [COL_SMALLINT] = "SMALLINT",
				[COL_INTEGER] = "INTEGER", [COL_BIGINT] = "NUMBER(19)",
				[COL_DECIMAL] = "NUMBER%", [COL_REAL] = "BINARY_FLOAT",
				[COL_DOUBLE] = "BINARY_DOUBLE", [COL_BOOLEAN] = "NUMBER(1)",
				[COL_CHAR] = "CHAR%", [COL_VARCHAR] = "VARCHAR2%",
				[COL_CLOB] = "CLOB", [COL_BLOB] = "BLOB", [COL_DATE] = "DATE",
				[COL_TIME] = "DATE", [COL_TIMESTAMP] = "TIMESTAMP",
			},
			.varchar_default_size = 255,
			.varchar_max = 4000, .varchar_max_spelling = "VARCHAR2(4000)",
			/* The WSO2 Oracle script uses a sequence and a BEFORE INSERT
			 * trigger per table (Oracle 11g); an identity column (12c and
			 * later) gives the same behaviour in one clause. */
			.autoinc_place = AUTOINC_AFTER_TYPE, .autoinc = "GENERATED BY DEFAULT AS IDENTITY",
			.bool_literals = { "0", "1" },
			.now = "CURRENT_TIMESTAMP",
		},
		.jdbc = {
			.forms = {
				{ "oracle", "oracle:thin:", "jdbc:oracle:thin:@//host:port/service" },
				{ "oracle", "oracle:oci:", "jdbc:oracle:oci:@//host:port/service" },
			},
			.syntax = JDBC_ORACLE, .default_port = 1521,
			.odbc_driver = "Oracle", .target = ODBC_DBQ,
		},
	},
	[DIALECT_DB2] = {
		.id = DIALECT_DB2,
		.name = "db2",
		/* DB2/LINUXX8664, DB2/NT64, DB2/AIX64, ... */
		.dbms_prefix = { "DB2", NULL, NULL },
		.current_schema_sql = "SELECT CURRENT SCHEMA FROM SYSIBM.SYSDUMMY1",
		.folds_upper = 1,
		.quote_open = '"', .quote_close = '"',
		.max_ident_len = 128,
		.introspect = &dialect_sql[DIALECT_DB2],
		.lookup = &dialect_lookup[DIALECT_DB2],
		.render = {
			.add_column = "ADD COLUMN ", .add_column_end = "",
			.pk_drop_plain = 1,
			.pk_needs_not_null = 1,
			/* a table whose column became NOT NULL is left in
			 * reorg-pending state */
			.after_not_null = "CALL SYSPROC.ADMIN_CMD('REORG TABLE {{table}}')",
			/* DB2 has no UUID function: GENERATE_UNIQUE() is unique per call */
			.uuid_sql = "LOWER(HEX(GENERATE_UNIQUE()))",
			.terminator = "\n/\n",
			.usage = "db2 -td/ -vsf FILE",
		},
		.ddl_sql = &dialect_ddl_sql[DIALECT_DB2],
		/* DB2 keeps the timestamp with a ROW CHANGE TIMESTAMP column, as
		 * WSO2's DB2 script does; the model keeps it as the trigger of the
		 * other dialects. */
		.ddl = {
			.stamp = STAMP_COLUMN, .stamp_note = "{{column}} is a ROW CHANGE TIMESTAMP column",
			.unique_needs_not_null = 1, .table_suffix = "", .dup_unique_index = 1,
		},
		.columns = {
			/* boolean is SMALLINT and blob plain BLOB, as the WSO2 DB2
			 * script has them (LOBs above 1G would have to be NOT LOGGED). */
			.type_names = {
				[COL_UNKNOWN] = "CLOB", [COL_SMALLINT] = "SMALLINT",
				[COL_INTEGER] = "INTEGER", [COL_BIGINT] = "BIGINT",
				[COL_DECIMAL] = "DECIMAL%", [COL_REAL] = "REAL",
				[COL_DOUBLE] = "DOUBLE", [COL_BOOLEAN] = "SMALLINT",
				[COL_CHAR] = "CHAR%", [COL_VARCHAR] = "VARCHAR%",
				[COL_CLOB] = "CLOB", [COL_BLOB] = "BLOB", [COL_DATE] = "DATE",
				[COL_TIME] = "TIME", [COL_TIMESTAMP] = "TIMESTAMP",
			},
			.varchar_default_size = 255,
			/* BY DEFAULT rather than the WSO2 script's ALWAYS, so that rows
			 * can be copied with their ids. */
			.autoinc_place = AUTOINC_AFTER_TYPE, .autoinc = "GENERATED BY DEFAULT AS IDENTITY (START WITH 1 INCREMENT BY 1)",
			.bool_literals = { "0", "1" },
			.now = "CURRENT TIMESTAMP",
		},
		.jdbc = {
			.forms = { { "db2", "db2://", "jdbc:db2://host[:port]/database" } },
			.syntax = JDBC_DB2, .default_port = 446,
			.odbc_driver = "DB2", .target = ODBC_HOSTNAME,
		},
	},
	[DIALECT_H2] = {
		.id = DIALECT_H2,
		.name = "h2",
		.dbms_prefix = { "H2", NULL, NULL },
		.current_schema_sql = "SELECT SCHEMA()",
		.folds_upper = 1,
		.ddl_autocommits = 1,
		.quote_open = '"', .quote_close = '"',
		.max_ident_len = 128,
		.introspect = &dialect_sql[DIALECT_H2],
		.lookup = &dialect_lookup[DIALECT_H2],
		.render = {
			.add_column = "ADD COLUMN ", .add_column_end = "",
			.pk_drop_plain = 1,
			.pk_needs_not_null = 1,
			.uuid_sql = "CAST(RANDOM_UUID() AS VARCHAR(36))",
			.terminator = ";\n",
			.usage = "java -cp h2.jar org.h2.tools.RunScript -url URL -script FILE",
		},
		.ddl_sql = &dialect_ddl_sql[DIALECT_H2],
		.ddl = {
			.stamp = STAMP_ON_UPDATE, .stamp_note = "{{column}} has ON UPDATE CURRENT_TIMESTAMP",
			.table_suffix = "", .dup_unique_index = 1, .fk_on_update = 1, .fk_set_default = 1,
		},
		.columns = {
			.type_names = {
				[COL_UNKNOWN] = "CLOB", [COL_SMALLINT] = "SMALLINT",
				[COL_INTEGER] = "INTEGER", [COL_BIGINT] = "BIGINT",
				[COL_DECIMAL] = "DECIMAL%", [COL_REAL] = "REAL",
				[COL_DOUBLE] = "DOUBLE", [COL_BOOLEAN] = "BOOLEAN",
				[COL_CHAR] = "CHAR%", [COL_VARCHAR] = "VARCHAR%",
				[COL_CLOB] = "CLOB", [COL_BLOB] = "BLOB", [COL_DATE] = "DATE",
				[COL_TIME] = "TIME", [COL_TIMESTAMP] = "TIMESTAMP",
			},
			.autoinc_place = AUTOINC_LAST, .autoinc = "AUTO_INCREMENT",
			.bool_literals = { "FALSE", "TRUE" },
			.now = "CURRENT_TIMESTAMP",
		},
		.jdbc = {
			.forms = { { "h2", "h2:", "jdbc:h2:..." } },
			.refused = "H2 has no ODBC driver: use plan --dialect h2",
		},
	},
};

/* Other spellings accepted by dialect_from_name. */
static const struct {
	const char *alias;
	enum dialect_id id;
} dialect_aliases[] = {
	{ "postgresql", DIALECT_POSTGRESQL },
	{ "postgres", DIALECT_POSTGRESQL },
	{ "pg", DIALECT_POSTGRESQL },
	{ "mysql", DIALECT_MYSQL },
	{ "mariadb", DIALECT_MYSQL },
	{ "mssql", DIALECT_MSSQL },
	{ "sqlserver", DIALECT_MSSQL },
	{ "oracle", DIALECT_ORACLE },
	{ "db2", DIALECT_DB2 },
	{ "h2", DIALECT_H2 },
};

const struct dialect *dialect_get(enum dialect_id id)
{
	if ((int)id < 0 || id >= DIALECT_COUNT)
		return NULL;
	return &dialects[id];
}

const struct dialect *dialect_from_dbms(const char *dbms_name)
{
	size_t i, j;

	if (!dbms_name)
		return NULL;
	for (i = 0; i < DIALECT_COUNT; i++) {
		for (j = 0; j < sizeof(dialects[i].dbms_prefix) / sizeof(dialects[i].dbms_prefix[0]); j++) {
			const char *p = dialects[i].dbms_prefix[j];

			if (p && !strncasecmp(dbms_name, p, strlen(p)))
				return &dialects[i];
		}
	}
	return NULL;
}

const struct dialect *dialect_from_name(const char *name)
{
	size_t i;

	if (!name)
		return NULL;
	for (i = 0; i < sizeof(dialect_aliases) / sizeof(dialect_aliases[0]); i++)
		if (!strcasecmp(name, dialect_aliases[i].alias))
			return &dialects[dialect_aliases[i].id];
	return NULL;
}

void dialect_quote(const struct dialect *d, struct strbuf *sb, const char *ident)
{
	const char *p;

	strbuf_addch(sb, d->quote_open);
	for (p = ident ? ident : ""; *p; p++) {
		if (*p == d->quote_close)
			strbuf_addch(sb, *p);
		strbuf_addch(sb, *p);
	}
	strbuf_addch(sb, d->quote_close);
}

void dialect_render_type(const struct dialect *d, struct strbuf *sb, const struct column *col)
{
	enum col_type t = col->type;
	const char *spelling, *mark;
	long size = col->size;

	if ((int)t < 0 || t >= COL_TYPE_COUNT)
		t = COL_UNKNOWN;
	if (t == COL_VARCHAR && d->columns.varchar_max && size > d->columns.varchar_max) {
		strbuf_addstr(sb, d->columns.varchar_max_spelling);
		return;
	}
	if (t == COL_VARCHAR && size <= 0)
		size = d->columns.varchar_default_size;

	spelling = d->columns.type_names[t];
	mark = strchr(spelling, '%');
	if (!mark) {
		strbuf_addstr(sb, spelling);
		return;
	}
	strbuf_add(sb, spelling, (size_t)(mark - spelling));
	if (size > 0) {
		if (t == COL_DECIMAL && col->scale > 0)
			strbuf_addf(sb, "(%ld,%d)", size, col->scale);
		else
			strbuf_addf(sb, "(%ld)", size);
	}
	strbuf_addstr(sb, mark + 1);
}

/* Is s one of the spellings of a boolean false (0) or true (1)?  Returns
 * 0 or 1, or -1 when s is not a boolean literal. */
static int bool_value(const char *s)
{
	static const char *const falses[] = { "0", "'0'", "false", "'false'", "'f'", "b'0'" };
	static const char *const trues[] = { "1", "'1'", "true", "'true'", "'t'", "b'1'" };
	size_t i;

	for (i = 0; i < sizeof(falses) / sizeof(falses[0]); i++)
		if (!strcasecmp(s, falses[i]))
			return 0;
	for (i = 0; i < sizeof(trues) / sizeof(trues[0]); i++)
		if (!strcasecmp(s, trues[i]))
			return 1;
	return -1;
}

static void render_default(const struct dialect *d, struct strbuf *sb, const struct column *col)
{
	const char *v = col->defval;
	int b;

	if (!v || !*v)
		return;
	if (d->columns.no_lob_default && (col->type == COL_BLOB || col->type == COL_CLOB))
		return;
	strbuf_addstr(sb, " DEFAULT ");
	if (col->type == COL_BOOLEAN && (b = bool_value(v)) >= 0)
		strbuf_addstr(sb, d->columns.bool_literals[b]);
	else if (!strcasecmp(v, "CURRENT_TIMESTAMP"))
		strbuf_addstr(sb, d->columns.now);
	else
		strbuf_addstr(sb, v);
}

/*
 * Names are written unquoted, as the WSO2 scripts write them.  The analytics
 * tables have mixed-case names (ApiLastAccessSummary) but Siddhi creates
 * them unquoted too, so a PostgreSQL server stores them in lower case and
 * Oracle/DB2/H2 in upper case; quoting here would create a table the
 * analytics server never finds.  Catalog lookups are case-insensitive, so
 * the folded name matches the model.
 */
void dialect_render_column(const struct dialect *d, struct strbuf *sb, const struct column *col)
{
	int autoinc = col->autoinc;

	strbuf_addstr(sb, col->name);
	strbuf_addch(sb, ' ');
	if (autoinc && d->columns.autoinc_place == AUTOINC_TYPE &&
	    (col->type == COL_INTEGER || col->type == COL_BIGINT || col->type == COL_SMALLINT)) {
		if (col->type == COL_BIGINT)
			strbuf_addstr(sb, d->columns.autoinc_big);
		else if (col->type == COL_SMALLINT)
			strbuf_addstr(sb, d->columns.autoinc_small);
		else
			strbuf_addstr(sb, d->columns.autoinc);
		autoinc = 0;
	} else {
		dialect_render_type(d, sb, col);
		if (autoinc && d->columns.autoinc_place == AUTOINC_AFTER_TYPE) {
			strbuf_addch(sb, ' ');
			strbuf_addstr(sb, d->columns.autoinc);
			autoinc = 0;
		} else if (autoinc && d->columns.autoinc_place == AUTOINC_TYPE) {
			autoinc = 0;   /* SERIAL only exists for integers */
		}
	}
	/* An identity column has no other default. */
	if (!col->autoinc)
		render_default(d, sb, col);
	if (!col->nullable)
		strbuf_addstr(sb, " NOT NULL");
	else if (d->columns.timestamp_says_null && col->type == COL_TIMESTAMP)
		strbuf_addstr(sb, " NULL");
	if (autoinc) {
		strbuf_addch(sb, ' ');
		strbuf_addstr(sb, d->columns.autoinc);
	}
}
