#!/usr/bin/env bash
# Both servers are up and check passwords; every reference fresh-install
# schema (2 dialects x 2 versions x 3 databases) loads into its own pristine
# database (db_ref_name) with the measured number of tables. Later tests may
# copy those databases with db_new_reference.
set -euo pipefail
# shellcheck source=SCRIPTDIR/helpers.sh
. "$TOP/tests/integration/helpers.sh"

t_expect_eq 1 "$(db_pg_query postgres 'SELECT 1')" "PostgreSQL SELECT 1"
t_expect_eq t "$(db_pg_query postgres "SELECT rolsuper FROM pg_roles WHERE rolname = '$DB_USER'")" \
	"PostgreSQL $DB_USER is superuser"
t_expect_eq 1 "$(db_maria_query mysql 'SELECT 1')" "MariaDB SELECT 1"
t_expect_eq 0 "$(db_maria_query mysql 'SELECT @@lower_case_table_names')" "MariaDB case-sensitive names"
t_log "PostgreSQL $(db_pg_query postgres 'SHOW server_version'), MariaDB $(db_maria_query mysql 'SELECT VERSION()')"

# A wrong password is refused: ODBC tests rely on real authentication.
t_expect_rc 2 env PGPASSWORD=wrong PGCONNECT_TIMEOUT=5 "$PG_BINDIR/psql" -X -w -h 127.0.0.1 \
	-p "$PG_PORT" -U "$DB_USER" -d postgres -c 'SELECT 1'
t_expect_contains "$(<"$T_ERR")" "password authentication failed" "PostgreSQL wrong password"
t_expect_rc 1 "$MARIA_CLIENT" --no-defaults -h 127.0.0.1 -P "$MARIA_PORT" --protocol=tcp \
	-u "$DB_USER" -pwrong -e 'SELECT 1'
t_expect_contains "$(<"$T_ERR")" "Access denied" "MariaDB wrong password"

# Tables per reference script, measured on PostgreSQL 15 / MariaDB 10.11.
# Both dialects agree; CREATE TABLE lines outnumber tables where a script
# creates a table twice (PostgreSQL IDN_AUTH_USER and
# IDN_AUTH_USER_SESSION_MAPPING: DROP + CREATE again; MySQL 3.2.0 AM_USER:
# CREATE TABLE IF NOT EXISTS twice).
declare -A want=(
	[3.0.0/wso2am_db]=137 [3.0.0/shared_db]=40 [3.0.0/analytics_db]=16
	[3.2.0/wso2am_db]=159 [3.2.0/shared_db]=41 [3.2.0/analytics_db]=14
)

# One series per server, both at once (each load is one client process).
load_series() {
	local dialect=$1 v db name n
	for v in 3.0.0 3.2.0; do
		for db in wso2am_db shared_db analytics_db; do
			name=$(db_ref_name "$dialect" "$v" "$db")
			if [ "$dialect" = postgresql ]; then
				db_pg_createdb "$name" && db_load_reference "$dialect" "$v" "$db" "$name" &&
					n=$(db_pg_table_count "$name") || n=error
			else
				db_maria_createdb "$name" && db_load_reference "$dialect" "$v" "$db" "$name" &&
					n=$(db_maria_table_count "$name") || n=error
			fi
			echo "$dialect $v $db $n"
		done
	done
}
load_series postgresql >"$T_TMP/pg.counts" 2>"$T_TMP/pg.err" &
pg_job=$!
load_series mysql >"$T_TMP/my.counts" 2>"$T_TMP/my.err" &
my_job=$!
wait "$pg_job" || t_fail "PostgreSQL load series died: $(<"$T_TMP/pg.err")"
wait "$my_job" || t_fail "MariaDB load series died: $(<"$T_TMP/my.err")"
cat "$T_TMP/pg.err" "$T_TMP/my.err" >&2

while read -r dialect v db n; do
	t_expect_eq "${want[$v/$db]}" "$n" "$dialect $v $db tables"
done < <(cat "$T_TMP/pg.counts" "$T_TMP/my.counts")
t_expect_eq 12 "$(cat "$T_TMP/pg.counts" "$T_TMP/my.counts" | wc -l)" "references loaded"

# Identifier case as each dialect stores it.
t_expect_eq apilastaccesssummary "$(db_pg_query ref_pg_320_analytics_db \
	"SELECT table_name FROM information_schema.tables WHERE lower(table_name) = 'apilastaccesssummary'")" \
	"PostgreSQL folds the Siddhi table name"
t_expect_eq ApiLastAccessSummary "$(db_maria_query information_schema \
	"SELECT table_name FROM tables WHERE table_schema = 'ref_my_320_analytics_db' AND lower(table_name) = 'apilastaccesssummary'")" \
	"MariaDB keeps the Siddhi table name"
# A 3.2.0-only table, absent from 3.0.0.
t_expect_eq "1 0" "$(db_pg_query ref_pg_320_wso2am_db "SELECT count(*) FROM pg_tables WHERE tablename = 'am_key_manager'") $(db_pg_query ref_pg_300_wso2am_db "SELECT count(*) FROM pg_tables WHERE tablename = 'am_key_manager'")" \
	"PostgreSQL AM_KEY_MANAGER in 3.2.0 only"
t_expect_eq "1 0" "$(db_maria_query information_schema "SELECT count(*) FROM tables WHERE table_schema = 'ref_my_320_wso2am_db' AND table_name = 'AM_KEY_MANAGER'") $(db_maria_query information_schema "SELECT count(*) FROM tables WHERE table_schema = 'ref_my_300_wso2am_db' AND table_name = 'AM_KEY_MANAGER'")" \
	"MariaDB AM_KEY_MANAGER in 3.2.0 only"

# db_new_reference copies the pristine PostgreSQL database.
db_new_reference postgresql 3.0.0 wso2am_db t00_pg_copy
t_expect_eq 137 "$(db_pg_table_count t00_pg_copy)" "copied 3.0.0 WSO2AM_DB tables"
