#!/usr/bin/env bash
# Bad input: unreachable server, wrong login, unknown DSN, a database that
# holds none of the schemas, a table in a shape no delta can reach, malformed
# schema and checks XML; and the read-only promise: status sends no writing
# statement (server statement logs) and no password appears in any output.
set -euo pipefail
# shellcheck source=SCRIPTDIR/helpers.sh
. "$TOP/tests/integration/helpers.sh"

secret=Sekr1t-pw-42

# expect_no_secret WHAT: neither stdout nor stderr of the last run holds it.
expect_no_secret() {
	t_expect_not_contains "$(cat "$T_OUT" "$T_ERR")" "$secret" "$1: the password appears nowhere"
}

# Unreachable server: nothing listens on 127.0.0.1:1.
for drv in "$DB_ODBC_PG_DRIVER" "$DB_ODBC_MARIA_DRIVER"; do
	t_expect_rc 3 "$AMDELTA" status --am-db "Driver=$drv;Server=127.0.0.1;Port=1;Database=x;Uid=u;Pwd=$secret;" --json -
	t_expect_contains "$(<"$T_ERR")" "WSO2AM_DB" "unreachable ($drv): the message names the database"
	t_expect_match "$(<"$T_ERR")" "[Cc]onnect|refused" "unreachable ($drv): the driver's own text"
	t_expect_eq "error" "$(t_json "$T_OUT" '$j->{databases}[0]{state}')" "unreachable: state error"
	expect_no_secret "unreachable"
done

# The same exit status for every command when a database cannot be reached:
# 3, the checks that could run still reported, the ones that could not
# without a remedy, and the connection error printed once.
unreachable="Driver=$DB_ODBC_PG_DRIVER;Server=127.0.0.1;Port=1;Database=x;Uid=u;Pwd=$secret;"
for cmd in status diff plan check verify; do
	t_expect_rc 3 "$AMDELTA" $cmd --am-db "$unreachable" --json "$T_TMP/u-$cmd.json" --junit "$T_TMP/u-$cmd.xml"
	t_expect_eq "CANNOT TELL|3|error|fix the connection" \
		"$(t_json "$T_TMP/u-$cmd.json" 'join "|", $j->{verdict}{verdict}, $j->{verdict}{exit_code}, $j->{databases}[0]{state}, $j->{databases}[0]{next}')" \
		"$cmd on an unreachable database: the verdict"
	t_expect_eq 1 "$(cat "$T_OUT" "$T_ERR" | grep -c 'Port=1\|127.0.0.1:1\|connection to server\|[Cc]ould not connect' || true)" \
		"$cmd on an unreachable database: the connection error once"
	t_expect_eq "" "$(t_json "$T_TMP/u-$cmd.json" 'join ",", map { $_->{id} } grep { $_->{status} eq "error" && defined $_->{remedy} } @{$j->{checks}}')" \
		"$cmd on an unreachable database: no remedy on what could not run"
	t_expect_eq "$(t_json "$T_TMP/u-$cmd.json" '$j->{verdict}{counts}{error}')" "$(t_junit "$T_TMP/u-$cmd.xml" 'string(/testsuites/@errors)')" \
		"$cmd on an unreachable database: JUnit's errors are the verdict's"
	expect_no_secret "$cmd on an unreachable database"
done
t_expect_rc 3 "$AMDELTA" check --am-db "Driver=NoSuchDriver" --json -
t_expect_eq "CANNOT TELL" "$(t_json "$T_OUT" '$j->{verdict}{verdict}')" "check with a driver that does not exist"

# Wrong password on both servers.
db_pg_createdb t40_pg_empty
db_maria_createdb t40_my_empty
bad_pg=$(db_pg_conn t40_pg_empty | sed "s/Pwd=[^;]*/Pwd=$secret/")
bad_my=$(db_maria_conn t40_my_empty | sed "s/Pwd=[^;]*/Pwd=$secret/")
t_expect_rc 3 "$AMDELTA" status --shared-db "$bad_pg"
t_expect_contains "$(<"$T_ERR")" "SHARED_DB" "wrong PostgreSQL password: names the database"
t_expect_contains "$(<"$T_ERR")" "password authentication failed" "wrong PostgreSQL password: the driver's text"
expect_no_secret "wrong PostgreSQL password"
t_expect_rc 3 "$AMDELTA" status --analytics-db "$bad_my"
t_expect_contains "$(<"$T_ERR")" "APIM_ANALYTICS_DB" "wrong MariaDB password: names the database"
t_expect_contains "$(<"$T_ERR")" "Access denied" "wrong MariaDB password: the driver's text"
expect_no_secret "wrong MariaDB password"
# PASSWORD= spelling and braces are masked too, in the JSON connection field
t_expect_rc 3 "$AMDELTA" status --am-db "Driver=$DB_ODBC_PG_DRIVER;Server=127.0.0.1;Port=1;Database=x;UID=u;PASSWORD={$secret;x};" --json -
expect_no_secret "PASSWORD={...}"

# Unknown DSN: a configuration error or a connection error, never success.
t_run "$AMDELTA" status --am-db NO_SUCH_DSN_HERE
case $T_RC in 2 | 3) ;; *) t_fail "unknown DSN: exit $T_RC, expected 2 or 3" ;; esac
t_expect_contains "$(<"$T_ERR")" "NO_SUCH_DSN_HERE" "unknown DSN is named"

# No connection at all (the private odbc.ini has no DSN): exit 2.
t_expect_rc 2 "$AMDELTA" status
t_expect_contains "$(cat "$T_OUT" "$T_ERR")" "not-configured" "no connection: every database not-configured"

# A database holding none of the schemas: unknown, exit 1; a foreign table
# does not change that.
db_pg_query t40_pg_empty "CREATE TABLE customers (id integer primary key)"
t_expect_rc 1 "$AMDELTA" status --am-db "$(db_pg_conn t40_pg_empty)" --shared-db "$(db_maria_conn t40_my_empty)" --json -
t_expect_eq "unknown unknown" "$(t_json "$T_OUT" 'join " ", map { $_->{state} } @{$j->{databases}}[0,1]')" \
	"empty and foreign databases are unknown"

# AM_SCOPE with other columns on a 3.0.0 database: that delta is a conflict.
for d in pg maria; do
	db_new_reference $d 3.0.0 wso2am_db t40_${d}_scope
	sql="CREATE TABLE AM_SCOPE (ID INTEGER NOT NULL, LABEL VARCHAR(10), PRIMARY KEY (ID))"
	if [ $d = pg ]; then db_pg_query t40_${d}_scope "$sql"; conn=$(db_pg_conn t40_${d}_scope)
	else db_maria_query t40_${d}_scope "$sql"; conn=$(db_maria_conn t40_${d}_scope); fi
	t_expect_rc 1 "$AMDELTA" status --am-db "$conn" --json -
	t_expect_eq "conflict" "$(t_json "$T_OUT" 'map { $_->{status} } grep { $_->{id} eq "am-scope" } @{$j->{databases}[0]{deltas}}')" \
		"$d: AM_SCOPE with other columns is a conflict"
	t_expect_contains "$(t_json "$T_OUT" 'map { $_->{detail} } grep { $_->{id} eq "am-scope" } @{$j->{databases}[0]{deltas}}')" \
		"SCOPE_TYPE" "$d: the conflict names a missing column"
	t_expect_eq "partial" "$(t_json "$T_OUT" '$j->{databases}[0]{state}')" "$d: a conflict makes the database partial"
done

# Malformed checks XML: exit 2 with file:line.
cp -r "$TOP/checks" "$T_TMP/checks"
sed -i '0,/<delta /s//<delta bogus="1" /' "$T_TMP/checks/wso2am_db.xml"
t_expect_rc 2 "$AMDELTA" deltas --checks "$T_TMP/checks"
t_expect_match "$(<"$T_ERR")" "wso2am_db\.xml:[0-9]+" "bad checks XML: file:line"
printf '<deltas db="WSO2AM_DB">\n  <delta id="x"\n' >"$T_TMP/checks/wso2am_db.xml"
t_expect_rc 2 "$AMDELTA" status --checks "$T_TMP/checks" --am-db "$(db_pg_conn t40_pg_empty)"
t_expect_match "$(<"$T_ERR")" "wso2am_db\.xml:[0-9]+" "truncated checks XML: file:line"

# Malformed schema XML: exit 2 with file:line.
cp -r "$TOP/schemas" "$T_TMP/schemas"
sed -i '5s/type="[a-z]*"/type="varchar2000"/' "$T_TMP/schemas/wso2am_db-3.2.0.xml"
t_expect_rc 2 "$AMDELTA" ddl --schemas "$T_TMP/schemas" --db WSO2AM_DB --version 3.2.0 --dialect oracle
t_expect_match "$(<"$T_ERR")" "wso2am_db-3\.2\.0\.xml:5" "bad schema XML: file:line"
db_new_reference pg 3.2.0 wso2am_db t40_pg_320
t_expect_rc 2 "$AMDELTA" status --schemas "$T_TMP/schemas" --am-db "$(db_pg_conn t40_pg_320)"
t_expect_match "$(<"$T_ERR")" "wso2am_db-3\.2\.0\.xml:5" "bad schema XML during status: file:line"

# Read-only: every statement status sends, as the servers log them.
db_new_reference pg 3.0.0 wso2am_db t40_pg_ro
db_pg_query postgres "ALTER DATABASE t40_pg_ro SET log_statement = 'all'"
mark=$(wc -l <"$PG_DIR/server.log")
t_expect_rc 1 "$AMDELTA" status --am-db "$(db_pg_conn t40_pg_ro)"
tail -n +"$((mark + 1))" "$PG_DIR/server.log" | grep -E '(statement|execute [^:]*): ' >"$T_TMP/pg-statements.log" || true
t_expect_ne 0 "$(wc -l <"$T_TMP/pg-statements.log")" "PostgreSQL logged the statements of status"
t_expect_contains "$(<"$T_TMP/pg-statements.log")" "READ ONLY" "status made its PostgreSQL session read-only"
t_expect_eq "" "$(grep -i -E "$T_SQL_WRITES" "$T_TMP/pg-statements.log" || true)" \
	"status sent no writing statement to PostgreSQL"

db_new_reference maria 3.0.0 wso2am_db t40_my_ro
db_maria_query mysql "SET GLOBAL general_log_file = '$T_TMP/maria-general.log'; SET GLOBAL general_log = 1"
t_expect_rc 1 "$AMDELTA" status --am-db "$(db_maria_conn t40_my_ro)"
db_maria_query mysql "SET GLOBAL general_log = 0"
grep -E '\s(Query|Execute)\s' "$T_TMP/maria-general.log" | grep -v -i 'general_log' >"$T_TMP/maria-statements.log" || true
t_expect_ne 0 "$(wc -l <"$T_TMP/maria-statements.log")" "MariaDB logged the statements of status"
t_expect_eq "" "$(grep -i -E "$T_SQL_WRITES" "$T_TMP/maria-statements.log" || true)" \
	"status sent no writing statement to MariaDB"
