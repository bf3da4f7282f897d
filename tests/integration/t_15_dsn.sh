#!/usr/bin/env bash
# Connections by DSN: with the DSNs WSO2AM_DB, SHARED_DB and APIM_ANALYTICS_DB
# defined, `amdelta status` with no connection option reads all three; a
# database whose DSN is not defined is not-configured, not an error; a DSN
# given by name works as --am-db; and the DSN's password is never shown.
set -euo pipefail
# shellcheck source=SCRIPTDIR/helpers.sh
. "$TOP/tests/integration/helpers.sh"

# A private odbc.ini for this test only: the other tests expect none.
export ODBCSYSINI=$T_TMP/odbc ODBCINI=$T_TMP/odbc/user-odbc.ini
mkdir -p "$ODBCSYSINI"
: >"$ODBCSYSINI/odbcinst.ini"
: >"$ODBCSYSINI/odbc.ini"
: >"$ODBCINI"

db_new_reference pg 3.2.0 wso2am_db t15_am
db_new_reference maria 3.2.0 shared_db t15_shared
db_odbc_add_dsn WSO2AM_DB "$(db_pg_conn t15_am)"
db_odbc_add_dsn SHARED_DB "$(db_maria_conn t15_shared)"

t_expect_rc 0 "$AMDELTA" status --json -
t_expect_eq "3.2.0 3.2.0 not-configured" "$(t_json "$T_OUT" 'join " ", map { $_->{state} } @{$j->{databases}}')" \
	"DSNs WSO2AM_DB and SHARED_DB read by default, APIM_ANALYTICS_DB not configured"
t_expect_eq "postgresql mysql" "$(t_json "$T_OUT" 'join " ", map { $_->{dialect} } @{$j->{databases}}[0,1]')" \
	"the dialect of each DSN"
t_expect_not_contains "$(cat "$T_OUT" "$T_ERR")" "$DB_PASSWORD" "no password in the output"

# A DSN named on the command line, for another database slot.
db_new_reference pg 3.2.0 analytics_db t15_an
db_odbc_add_dsn ANALYTICS_PROD "$(db_pg_conn t15_an)"
t_expect_rc 0 "$AMDELTA" status --analytics-db ANALYTICS_PROD --json -
t_expect_eq "3.2.0" "$(t_json "$T_OUT" '$j->{databases}[2]{state}')" "--analytics-db DSN"
t_expect_eq "ANALYTICS_PROD" "$(t_json "$T_OUT" '$j->{databases}[2]{connection}')" "the DSN is shown by name"
