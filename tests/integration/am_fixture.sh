# shellcheck shell=bash
# shellcheck disable=SC2034  # the variables are for the tests that source this
# tests/integration/am_fixture.sh — a 3.0.0 WSO2AM_DB holding rows, the
# facts that must hold after its migration, and the guide's WSO2AM_DB
# script; sourced by t_50_plan.sh and t_60_apply.sh after helpers.sh:
#
#   . "$TOP/tests/integration/am_fixture.sh"
#   am_fixture_init PREFIX     the PostgreSQL seed PREFIX_pg_seed and the
#                              guide's scripts; once per test
#
# D below is pg or maria (the server), as everywhere in these tests.
#   dialect_of D               postgresql | mysql
#   conn D DB                  ODBC connection string
#   query D DB SQL             bare rows, '|' between columns, stop at an error
#   dropdb D DB                drop the database
#   run_sql D DB FILE          a script through the server's own client
#   new_am D DB                a fresh 3.0.0 WSO2AM_DB holding seed_am's rows
#   new_an D DB                a fresh 3.0.0 APIM_ANALYTICS_DB holding five rows
#   analytics_table D          the last-access table as Siddhi named it there
#   seed_am, seed_analytics TABLE    the INSERT statements (portable SQL)
#   seed_registry              SHARED_DB: 7 registry rows that only versioning
#                              leaves behind (t_26_registry.sh)
#   AM_ROWS_SQL, AM_FACTS_SQL, AM_FACTS_WANT   see below
#   $T_TMP/guide-postgresql.sql, $T_TMP/guide-mysql.sql   the guide's script
#   $split                     tests/db/split-statements.pl

split=$TOP/tests/db/split-statements.pl
deltas=$SHARED/wso2-reference/deltas
export PGOPTIONS='-c client_min_messages=warning'

# seed_am: rows in the tables the deltas touch (a third of the callback URLs
# NULL); portable SQL.
seed_am() {
	local i cb
	echo "INSERT INTO AM_SUBSCRIBER (SUBSCRIBER_ID, USER_ID, TENANT_ID, DATE_SUBSCRIBED) VALUES (1, 'admin', -1234, CURRENT_TIMESTAMP);"
	echo "INSERT INTO AM_SYSTEM_APPS (NAME, CONSUMER_KEY, CONSUMER_SECRET) VALUES ('apim_devportal', 'ck-sys', 'secret');"
	for i in $(seq 1 30); do
		echo "INSERT INTO AM_APPLICATION (APPLICATION_ID, NAME, SUBSCRIBER_ID, APPLICATION_TIER, APPLICATION_STATUS, UUID) VALUES ($i, 'app$i', 1, 'Unlimited', 'APPROVED', 'uuid-app-$i');"
		echo "INSERT INTO AM_APPLICATION_KEY_MAPPING (APPLICATION_ID, CONSUMER_KEY, KEY_TYPE, STATE, CREATE_MODE) VALUES ($i, 'ck-p-$i', 'PRODUCTION', 'COMPLETED', 'CREATED');"
		echo "INSERT INTO AM_APPLICATION_KEY_MAPPING (APPLICATION_ID, CONSUMER_KEY, KEY_TYPE, STATE, CREATE_MODE) VALUES ($i, 'ck-s-$i', 'SANDBOX', 'COMPLETED', 'CREATED');"
		echo "INSERT INTO AM_APPLICATION_REGISTRATION (SUBSCRIBER_ID, WF_REF, APP_ID, TOKEN_TYPE, ALLOWED_DOMAINS, VALIDITY_PERIOD) VALUES (1, 'wf-$i', $i, 'PRODUCTION', 'ALL', 3600);"
		if [ $((i % 3)) = 0 ]; then cb=NULL; else cb="'https://cb.example/$i'"; fi
		echo "INSERT INTO IDN_OAUTH_CONSUMER_APPS (ID, CONSUMER_KEY, CONSUMER_SECRET, USERNAME, TENANT_ID, USER_DOMAIN, APP_NAME, OAUTH_VERSION, CALLBACK_URL, GRANT_TYPES) VALUES ($i, 'ck-p-$i', 'secret', 'admin', -1234, 'PRIMARY', 'app$i', 'OAuth-2.0', $cb, 'client_credentials');"
	done
}

# seed_analytics TABLE: last-access rows of five APIs.
seed_analytics() {
	local i
	for i in 1 2 3 4 5; do
		echo "INSERT INTO $1 (apiContext, apiName, apiVersion, apiCreator, apiCreatorTenantDomain, applicationOwner, lastAccessTime) VALUES ('/api$i/1.0', 'api$i', '1.0.$i', 'admin', 'carbon.super', 'admin', $i);"
	done
}

# seed_registry: SHARED_DB rows that only registry versioning leaves behind:
# 5 REG_RESOURCE_PROPERTY and 2 REG_RESOURCE_TAG rows whose REG_VERSION has
# no REG_RESOURCE (7 rows for the clean-up), and the properties and tags
# they name.
seed_registry() {
	local i
	for i in 1 2 3 4 5; do
		echo "INSERT INTO REG_PROPERTY (REG_ID, REG_NAME, REG_VALUE, REG_TENANT_ID) VALUES ($i, 'p$i', 'v$i', -1234);"
		echo "INSERT INTO REG_RESOURCE_PROPERTY (REG_PROPERTY_ID, REG_VERSION, REG_PATH_ID, REG_RESOURCE_NAME, REG_TENANT_ID) VALUES ($i, $((100 + i)), NULL, NULL, -1234);"
	done
	for i in 1 2; do
		echo "INSERT INTO REG_TAG (REG_ID, REG_TAG_NAME, REG_USER_ID, REG_TAGGED_TIME, REG_TENANT_ID) VALUES ($i, 't$i', 'admin', CURRENT_TIMESTAMP, -1234);"
		echo "INSERT INTO REG_RESOURCE_TAG (REG_TAG_ID, REG_VERSION, REG_PATH_ID, REG_RESOURCE_NAME, REG_TENANT_ID) VALUES ($i, $((200 + i)), NULL, NULL, -1234);"
	done
}

# The WSO2AM_DB facts that must hold after the migration, one line:
# key mappings | distinct UUIDs | with KEY_MANAGER | registrations with
# KEY_MANAGER | applications | consumer apps | NULL callback URLs | system apps
AM_FACTS_SQL="SELECT (SELECT COUNT(*) FROM AM_APPLICATION_KEY_MAPPING),
 (SELECT COUNT(DISTINCT UUID) FROM AM_APPLICATION_KEY_MAPPING WHERE UUID IS NOT NULL),
 (SELECT COUNT(*) FROM AM_APPLICATION_KEY_MAPPING WHERE KEY_MANAGER = 'Resident Key Manager'),
 (SELECT COUNT(*) FROM AM_APPLICATION_REGISTRATION WHERE KEY_MANAGER = 'Resident Key Manager'),
 (SELECT COUNT(*) FROM AM_APPLICATION),
 (SELECT COUNT(*) FROM IDN_OAUTH_CONSUMER_APPS),
 (SELECT COUNT(*) FROM IDN_OAUTH_CONSUMER_APPS WHERE CALLBACK_URL IS NULL),
 (SELECT COUNT(*) FROM AM_SYSTEM_APPS WHERE TENANT_DOMAIN = 'carbon.super')"
AM_FACTS_WANT="60|60|60|30|30|30|0|1"
# What a 3.0.0 database can be asked: rows of the same tables.
AM_ROWS_SQL="SELECT (SELECT COUNT(*) FROM AM_APPLICATION_KEY_MAPPING), (SELECT COUNT(*) FROM AM_APPLICATION_REGISTRATION),
 (SELECT COUNT(*) FROM AM_APPLICATION), (SELECT COUNT(*) FROM IDN_OAUTH_CONSUMER_APPS),
 (SELECT COUNT(*) FROM IDN_OAUTH_CONSUMER_APPS WHERE CALLBACK_URL IS NULL), (SELECT COUNT(*) FROM AM_SYSTEM_APPS)"

dialect_of() { if [ "$1" = pg ]; then echo postgresql; else echo mysql; fi; }
conn() { if [ "$1" = pg ]; then db_pg_conn "$2"; else db_maria_conn "$2"; fi; }
query() { if [ "$1" = pg ]; then db_pg_query "$2" "$3"; else db_maria_query "$2" "$3" | tr '\t' '|'; fi; }
dropdb() { if [ "$1" = pg ]; then db_pg_query postgres "DROP DATABASE $2"; else db_maria_query mysql "DROP DATABASE $2"; fi; }
analytics_table() { if [ "$1" = pg ]; then echo apilastaccesssummary; else echo ApiLastAccessSummary; fi; }

# run_sql D DB FILE: a script through the dialect's own client, stopping at
# the first error.
run_sql() {
	if [ "$1" = pg ]; then
		db_pg_psql "$2" -q -v ON_ERROR_STOP=1 -f "$3"
	else
		db_maria_sql "$2" <"$3"
	fi
}

# new_am D DB: a fresh 3.0.0 WSO2AM_DB with the rows (PostgreSQL: a copy of
# the seed database am_fixture_init made).
new_am() {
	if [ "$1" = pg ]; then
		db_pg_query postgres "CREATE DATABASE $2 TEMPLATE $AM_PG_SEED"
	else
		db_new_reference maria 3.0.0 wso2am_db "$2" && seed_am | db_maria_sql "$2" >/dev/null
	fi
}

# new_an D DB: a fresh 3.0.0 APIM_ANALYTICS_DB holding seed_analytics' rows.
new_an() {
	db_new_reference "$1" 3.0.0 analytics_db "$2" || return 1
	if [ "$1" = pg ]; then
		seed_analytics "$(analytics_table pg)" | db_pg_psql "$2" -q -v ON_ERROR_STOP=1 >/dev/null
	else
		seed_analytics "$(analytics_table maria)" | db_maria_sql "$2" >/dev/null
	fi
}

# am_fixture_init PREFIX: the PostgreSQL seed database PREFIX_pg_seed that
# new_am copies, and the guide's WSO2AM_DB script per dialect (3.0.0->3.1.0
# then 3.1.0->3.2.0) in $T_TMP/guide-DIALECT.sql.
am_fixture_init() {
	local dialect
	AM_PG_SEED=${1}_pg_seed
	db_new_reference pg 3.0.0 wso2am_db "$AM_PG_SEED" || return 1
	seed_am | db_pg_psql "$AM_PG_SEED" -q -v ON_ERROR_STOP=1 >/dev/null || return 1
	for dialect in postgresql mysql; do
		# the document's PostgreSQL script compares with the lower-case name
		# (see t_20_guide_prefix.sh)
		{ cat "$deltas/3.0.0_to_3.1.0/$dialect.sql"; echo; cat "$deltas/3.1.0_to_3.2.0/$dialect.sql"; } |
			sed "s/tc.table_name = 'IDN_OAUTH2_RESOURCE_SCOPE'/tc.table_name = 'idn_oauth2_resource_scope'/" \
			>"$T_TMP/guide-$dialect.sql" || return 1
	done
}
