/*
 * jdbc: the database connections of a WSO2 deployment.toml, turned from
 * JDBC URLs into ODBC connection strings.
 *
 * The driver is chosen from the URL, never from the section's `type`
 * (the migration tool's samples carry type = "mysql" beside Oracle, SQL
 * Server and PostgreSQL URLs).  URL -> connection string:
 *
 *   jdbc:mysql://host[:port]/db[?k=v&...]    Driver=<mysql>;Server=host;Port=3306;
 *   jdbc:mariadb://host[:port]/db[?...]        Database=db;Uid=..;Pwd=..;
 *   jdbc:postgresql://host[:port]/db[?...]   Driver=<postgresql>;Server=host;Port=5432;
 *   jdbc:postgresql:db (host localhost)        Database=db;Uid=..;Pwd=..;
 *   jdbc:sqlserver://host[\inst][:port][;k=v...]  Driver=<mssql>;Server=host;Port=1433;
 *   jdbc:jtds:sqlserver://host[:port][/db][;k=v...] Database=db;Uid=..;Pwd=..;TDS_Version=7.4;
 *       (databaseName or database, serverName, portNumber or port, instanceName
 *       are read from the properties; an instance without a port gives
 *       Instance=inst instead of Port)
 *   jdbc:oracle:thin:[user/pwd]@host:port/service    Driver=<oracle>;DBQ=//host:1521/service;
 *   jdbc:oracle:thin:@//host:port/service[...]          Uid=..;Pwd=..;
 *   jdbc:oracle:thin:@host:port:SID       DBQ=(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=host)
 *                                             (PORT=port))(CONNECT_DATA=(SID=SID)))
 *   jdbc:oracle:thin:@(DESCRIPTION=...)   DBQ=(DESCRIPTION=...) as written
 *   jdbc:oracle:thin:@alias               DBQ=alias (a tnsnames.ora entry)
 *       (jdbc:oracle:oci: likewise)
 *   jdbc:db2://host[:port]/db[:k=v;...]   Driver=<db2>;Hostname=host;Port=446;Database=db;
 *                                            Protocol=TCPIP;Uid=..;Pwd=..;
 *   jdbc:h2:...                           refused: "H2 has no ODBC driver: use plan --dialect h2"
 *
 * Default ports are those of the JDBC drivers (MySQL 3306, PostgreSQL 5432,
 * SQL Server 1433, Oracle 1521, DB2 446 as IBM's JCC driver has it); the
 * port is always written.  An empty host is localhost.  The mysql, mariadb
 * and postgresql forms are percent-decoded (%XX) in the database, user info
 * and property values.  User and password may come from the URL (user:pwd@
 * of jdbc:mysql, the user and password properties of every form, user/pwd@
 * of Oracle) when the caller gives none.  Other URL properties (useSSL,
 * sslmode, ...) are not carried over.  Refused: several hosts (failover,
 * load balancing), jdbc:mysql:loadbalance: and the like, DB2 type-2 URLs
 * (jdbc:db2:db), a missing database, a port that is not 1-65535, host
 * names with characters no host name has.
 *
 * A value holding ';', '{' or '}', or starting or ending with a blank, is
 * written {braced} with '}' doubled, as ODBC wants.  Error messages never
 * hold a password, and never the URL (which may hold one): they say what
 * is wrong with which part.
 */
#ifndef AMDELTA_JDBC_H
#define AMDELTA_JDBC_H

#include "dialect.h"
#include "toml.h"
#include "util.h"

/* The ODBC driver name written for each dialect: data, which a caller may
 * change after jdbc_drivers_init().  NULL: the dialect has no ODBC driver
 * (H2).  The strings are not owned. */
struct jdbc_drivers {
	const char *name[DIALECT_COUNT];
};

/* Fills d with the defaults: "MariaDB Unicode" and "PostgreSQL Unicode"
 * (the names Debian's odbc-mariadb and odbc-postgresql register),
 * "FreeTDS" (tdsodbc), "Oracle", "DB2"; NULL for H2. */
void jdbc_drivers_init(struct jdbc_drivers *d);

/* One connection, as ODBC sees it. */
struct jdbc_odbc {
	enum dialect_id dialect;       /* from the URL's scheme (mariadb is DIALECT_MYSQL) */
	char *conn;                    /* the connection string, password included: never
	                                  show it unmasked (conn_mask_password) */
	char *where;                   /* where it points, no credentials, for messages and
	                                  comparing: "localhost:3306/amdb", "db\inst/amdb",
	                                  "//localhost:1521/sid", the Oracle descriptor or alias */
	char *user;                    /* the Uid written, or NULL when none */
};

/* Maps url to out (caller-owned memory; release it with
 * jdbc_odbc_release, also after a failure).  user and password (either
 * may be NULL) win over those in the URL; the password goes in as given
 * ("" writes Pwd=;); with neither, Pwd is left out, and Uid likewise.
 * drivers NULL means the defaults.  Returns 0, or -1 with a message
 * ("no database name in the URL", "H2 has no ODBC driver: use plan
 * --dialect h2", ...) added to err, without a file or line: the caller
 * adds where the URL came from. */
int jdbc_to_odbc(const char *url, const char *user, const char *password,
		 const struct jdbc_drivers *drivers, struct jdbc_odbc *out, struct strbuf *err);

/* Frees the insides of o and zeroes it; safe on a zeroed one. */
void jdbc_odbc_release(struct jdbc_odbc *o);

/* The four [database.*] sections of deployment.toml that hold the tables
 * amdelta reads.  WSO2 uses shared_db for user and config when they are
 * absent. */
enum jdbc_section {
	JDBC_APIM_DB = 0,              /* [database.apim_db] -> WSO2AM_DB */
	JDBC_SHARED_DB,                /* [database.shared_db] -> SHARED_DB (registry, user store) */
	JDBC_USER,                     /* [database.user]: the user store (UM_* tables) */
	JDBC_CONFIG,                   /* [database.config]: the config registry */
	JDBC_SECTION_COUNT
};

/* "apim_db", "shared_db", "user", "config". */
const char *jdbc_section_name(enum jdbc_section s);
/* The database's name: "WSO2AM_DB", "SHARED_DB", "USER_DB", "CONFIG_DB". */
const char *jdbc_section_dbname(enum jdbc_section s);
/* The environment variable that gives its password:
 * "AMDELTA_WSO2AM_DB_PASSWORD", "AMDELTA_SHARED_DB_PASSWORD",
 * "AMDELTA_USER_DB_PASSWORD", "AMDELTA_CONFIG_DB_PASSWORD". */
const char *jdbc_section_env(enum jdbc_section s);

struct jdbc_db {
	int present;                   /* the section is in the file */
	long line;                     /* the line of its url */
	int password_from_env;         /* Pwd came from jdbc_section_env() */
	int same_as;                   /* an enum jdbc_section pointing at the same database (same
	                                  dialect, where and user), tried in the order shared_db,
	                                  apim_db, user, config; -1 when none */
	struct jdbc_odbc odbc;         /* zeroed when !present */
};

struct jdbc_config {
	struct jdbc_db db[JDBC_SECTION_COUNT];
};

/* Reads the four sections of t into out (caller-owned memory; release it
 * with jdbc_config_release, also after a failure).  For each section
 * present: url (a string, required), username and password (strings,
 * optional).  The password is, first, the value of the variable
 * jdbc_section_env(s) when getenv_fn (getenv's signature; NULL: no
 * environment) gives one, even "", then the file's, then the URL's.
 * In url, username and the file's password, $env{NAME} is replaced by
 * getenv_fn(NAME) and $ref{a.b} by the string at a.b of t (once, not
 * again inside what replaced it); $secret{...}, $sys{...} and ${...}
 * cannot be resolved and are errors (for $secret in a password, the
 * message names the variable to set instead).
 * Returns 0, or -1 with one line "file:line: [database.x] ..." added to
 * err (file being t->name, line the url's, or the section's header when
 * url is missing): a section that is not a table, a missing url, a value
 * that is not a string, an unresolved reference, an H2 or unusable URL
 * (jdbc_to_odbc's message).  Passwords never appear in err. */
int jdbc_config_read(const struct toml *t, const struct jdbc_drivers *drivers,
		     const char *(*getenv_fn)(const char *name), struct jdbc_config *out,
		     struct strbuf *err);

/* Frees the insides of c and zeroes it; safe on a zeroed one. */
void jdbc_config_release(struct jdbc_config *c);

#endif
