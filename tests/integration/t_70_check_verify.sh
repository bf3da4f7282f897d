#!/usr/bin/env bash
# amdelta check and verify on PostgreSQL and MariaDB.
#   check: a 3.0.0 WSO2AM_DB + SHARED_DB pair seeded with a cross-tenant
#   subscription, versioned registry rows, a tenant and NULL callback URLs,
#   read as a role that is no superuser and may not alter the tables: every
#   finding in one run, exit 1; the registry.xml flags against the data;
#   --ignore-cross-tenant-subscriptions makes that one a warning.
#   verify: 1 on a 3.0.0 database (amdelta's part missing, no drift); after
#   apply every check passes but the identity migration (WSO2's client) and
#   no output says to run apply; a fresh 3.2.0 trio passes (exit 0, no
#   drift); a column dropped by hand is drift (1).
set -euo pipefail
# shellcheck source=SCRIPTDIR/helpers.sh
. "$TOP/tests/integration/helpers.sh"
# shellcheck source=SCRIPTDIR/am_fixture.sh
. "$TOP/tests/integration/am_fixture.sh"
am_fixture_init t70

samples=$SHARED/wso2-reference/config-samples

# seed_cross_tenant: a tenant a.com, an API of a.com's admin, subscribed by
# the super tenant's application 1 (seed_am's subscriber is -1234).
seed_cross_tenant_am() {
	echo "INSERT INTO AM_API (API_ID, API_PROVIDER, API_NAME, API_VERSION, CONTEXT) VALUES (7, 'admin@a.com', 'PizzaAPI', '1.0', '/t/a.com/pizza');"
	echo "INSERT INTO AM_API (API_ID, API_PROVIDER, API_NAME, API_VERSION, CONTEXT) VALUES (8, 'admin', 'OwnAPI', '1.0', '/own');"
	echo "INSERT INTO AM_SUBSCRIPTION (SUBSCRIPTION_ID, TIER_ID, API_ID, APPLICATION_ID, SUB_STATUS) VALUES (41, 'Gold', 7, 1, 'UNBLOCKED');"
	echo "INSERT INTO AM_SUBSCRIPTION (SUBSCRIPTION_ID, TIER_ID, API_ID, APPLICATION_ID, SUB_STATUS) VALUES (42, 'Gold', 8, 2, 'UNBLOCKED');"
}
seed_tenant_shared() {
	echo "INSERT INTO UM_TENANT (UM_ID, UM_DOMAIN_NAME, UM_EMAIL, UM_CREATED_DATE) VALUES (1, 'a.com', 'admin@a.com', CURRENT_TIMESTAMP);"
}

# status_of FILE ID: "status severity" of check ID in a JSON report.
status_of() {
	t_json "$1" "my (\$c) = grep { \$_->{id} eq '$2' } @{\$j->{checks}}; \"\$c->{status} \$c->{severity}\""
}
rows_of() {
	t_json "$1" "my (\$c) = grep { \$_->{id} eq '$2' } @{\$j->{checks}}; join ' / ', @{\$c->{rows}}"
}

for d in pg maria; do
	dialect=$(dialect_of $d)
	am=t70_${d}_am sh=t70_${d}_sh
	new_am $d $am
	seed_cross_tenant_am | run_sql $d $am /dev/stdin >/dev/null
	db_new_reference $d 3.0.0 shared_db $sh
	{ seed_registry; seed_tenant_shared; } | run_sql $d $sh /dev/stdin >/dev/null

	# a role that may read but is no superuser and owns nothing
	if [ $d = pg ]; then
		db_pg_query postgres "DROP ROLE IF EXISTS t70reader; CREATE ROLE t70reader LOGIN PASSWORD 'reader-pw'" >/dev/null
		for db in $am $sh; do
			db_pg_query $db "GRANT SELECT ON ALL TABLES IN SCHEMA public TO t70reader" >/dev/null
		done
	else
		db_maria_query mysql "DROP USER IF EXISTS 't70reader'@'%'; CREATE USER 't70reader'@'%' IDENTIFIED BY 'reader-pw'; GRANT SELECT ON $am.* TO 't70reader'@'%'; GRANT SELECT ON $sh.* TO 't70reader'@'%'" >/dev/null
	fi
	as_reader() { conn $d "$1" | sed 's/Uid=[^;]*;Pwd=[^;]*;/Uid=t70reader;Pwd=reader-pw;/'; }
	AM=$(as_reader $am) SH=$(as_reader $sh)
	before=$(query $d $am "$AM_ROWS_SQL")

	t_expect_rc 1 "$AMDELTA" check --am-db "$AM" --shared-db "$SH" --json "$T_TMP/c-$d.json" --junit "$T_TMP/c-$d.xml"
	text=$(<"$T_OUT")
	junit=$T_TMP/c-$d.xml
	t_junit_valid "$junit" "$dialect check JUnit"
	t_expect_not_contains "$(<"$junit")" "reader-pw" "$dialect check JUnit: no password"
	t_expect_eq "$([ $d = pg ] && echo failure || echo skipped)|failure|failure|pass|pass|3.0.0|not-configured|14" \
		"$(for id in postgresql-superuser ddl-privileges cross-tenant-subscriptions tenants database-state; do
			printf '%s|' "$(t_junit_outcome "$junit" check check $id)"; done)$(t_junit "$junit" "string(/testsuites/testsuite[@name='check: WSO2AM_DB']/properties/property[@name='state']/@value)")|$(t_junit "$junit" "string(/testsuites/testsuite[@name='check: APIM_ANALYTICS_DB']/properties/property[@name='state']/@value)")|$(t_junit "$junit" "count(//testcase)")" \
		"$dialect check JUnit: superuser, privileges, cross-tenant, tenants, database-state, WSO2AM_DB's state, no analytics, a testcase per check"
	t_expect_contains "$(t_junit "$junit" "/testsuites/testsuite[@name='check']/testcase[@name='tenants']/system-out")" "warn: 1 tenants" "$dialect check JUnit: a warning's finding"
	t_expect_contains "$(t_junit "$junit" "/testsuites/testsuite[@name='check']/testcase[@name='cross-tenant-subscriptions']/failure")" \
		"subscription 41: API PizzaAPI" "$dialect check JUnit: the rows of a failed check"
	t_expect_not_contains "$text$(<"$T_ERR")" "reader-pw" "$dialect check: no password"
	t_expect_eq "pass blocker" "$(status_of "$T_TMP/c-$d.json" database-state)" "$dialect: state"
	if [ $d = pg ]; then
		t_expect_eq "fail blocker" "$(status_of "$T_TMP/c-$d.json" postgresql-superuser)" "$dialect: not a superuser"
		t_expect_contains "$(rows_of "$T_TMP/c-$d.json" postgresql-superuser)" "role t70reader is not a superuser" "$dialect: superuser row"
		t_expect_contains "$(rows_of "$T_TMP/c-$d.json" ddl-privileges)" "is owned by another role" "$dialect: ownership rows"
	else
		t_expect_eq "skip blocker" "$(status_of "$T_TMP/c-$d.json" postgresql-superuser)" "$dialect: no PostgreSQL"
		t_expect_contains "$(rows_of "$T_TMP/c-$d.json" ddl-privileges)" "no ALTER privilege" "$dialect: privilege rows"
	fi
	t_expect_eq "fail blocker" "$(status_of "$T_TMP/c-$d.json" ddl-privileges)" "$dialect: privileges"
	t_expect_eq "warn warning" "$(status_of "$T_TMP/c-$d.json" registry-versioning)" "$dialect: versioned rows, no file"
	t_expect_contains "$(rows_of "$T_TMP/c-$d.json" registry-versioning)" "REG_RESOURCE_PROPERTY: 5 rows" "$dialect: registry rows per table"
	t_expect_eq "fail blocker" "$(status_of "$T_TMP/c-$d.json" cross-tenant-subscriptions)" "$dialect: cross-tenant"
	t_expect_eq "subscription 41: API PizzaAPI 1.0 of admin@a.com (tenant a.com), subscriber admin (tenant -1234: carbon.super)" \
		"$(rows_of "$T_TMP/c-$d.json" cross-tenant-subscriptions)" "$dialect: the one cross-tenant row"
	t_expect_eq "warn info" "$(status_of "$T_TMP/c-$d.json" tenants)" "$dialect: tenants"
	t_expect_contains "$(t_json "$T_TMP/c-$d.json" 'map { $_->{detail} } grep { $_->{id} eq "tenants" } @{$j->{checks}}')" "1 tenants" "$dialect: tenant count"
	t_expect_eq "pass info" "$(status_of "$T_TMP/c-$d.json" reg-log-size)" "$dialect: REG_LOG"
	t_expect_eq "pass warning" "$(status_of "$T_TMP/c-$d.json" identity-volume)" "$dialect: identity volume"
	t_expect_eq "warn info" "$(status_of "$T_TMP/c-$d.json" null-callback-urls)" "$dialect: NULL callback URLs"
	t_expect_contains "$(t_json "$T_TMP/c-$d.json" 'map { $_->{detail} } grep { $_->{id} eq "null-callback-urls" } @{$j->{checks}}')" "10 OAuth applications" "$dialect: callback count"
	t_expect_eq "warn warning" "$(status_of "$T_TMP/c-$d.json" analytics-database)" "$dialect: no analytics database"
	t_expect_eq "14" "$(t_json "$T_TMP/c-$d.json" 'scalar @{$j->{checks}}')" "$dialect: fourteen checks"
	if [ $d = pg ]; then t_expect_contains "$text" "remedy: ALTER USER <user> WITH SUPERUSER" "$dialect: text remedy"; fi
	t_expect_contains "$text" "check FAIL: 14 checks: " "$dialect: text summary"
	t_expect_eq "FAIL|1|$([ $d = pg ] && echo 4 || echo 2)" "$(t_json "$T_TMP/c-$d.json" 'join "|", $j->{verdict}{verdict}, $j->{verdict}{exit_code}, $j->{verdict}{blockers_failed}')" "$dialect: the verdict"

	# the registry.xml against the data; the cross-tenant flag
	t_expect_rc 1 "$AMDELTA" check --am-db "$AM" --shared-db "$SH" --json - \
		--registry-xml "$samples/registry-versioning-enabled.xml" --ignore-cross-tenant-subscriptions
	cp "$T_OUT" "$T_TMP/c2-$d.json"
	t_expect_contains "$(t_json "$T_TMP/c2-$d.json" 'map { $_->{detail} } grep { $_->{id} eq "registry-versioning" } @{$j->{checks}}')" "the clean-up must run" "$dialect: versioning on"
	t_expect_eq "warn warning" "$(status_of "$T_TMP/c2-$d.json" cross-tenant-subscriptions)" "$dialect: cross-tenant ignored"
	t_expect_rc 1 "$AMDELTA" check --am-db "$AM" --shared-db "$SH" --json - \
		--registry-xml "$samples/registry-versioning-disabled.xml"
	t_expect_contains "$(t_json "$T_OUT" 'map { $_->{detail} } grep { $_->{id} eq "registry-versioning" } @{$j->{checks}}')" "the file and the data disagree" "$dialect: versioning off, rows found"
	t_expect_eq "$before" "$(query $d $am "$AM_ROWS_SQL")" "$dialect: check wrote nothing"

	# ------------------------------------------------------------ verify
	OWNER_AM=$(conn $d $am)
	t_expect_rc 1 "$AMDELTA" verify --am-db "$OWNER_AM" --json "$T_TMP/v1-$d.json" --junit "$T_TMP/v1-$d.xml"
	t_junit_valid "$T_TMP/v1-$d.xml" "$dialect verify 3.0.0 JUnit"
	t_expect_eq "failure|3.0.0" "$(t_junit_outcome "$T_TMP/v1-$d.xml" verify verify apim-state)|$(t_junit "$T_TMP/v1-$d.xml" "string(/testsuites/testsuite[@name='verify: WSO2AM_DB']/properties/property[@name='state']/@value)")" \
		"$dialect verify 3.0.0 JUnit: amdelta's part, the state"
	t_expect_contains "$(t_junit "$T_TMP/v1-$d.xml" "/testsuites/testsuite[@name='verify']/testcase[@name='apim-state']/failure")" \
		"WSO2AM_DB: missing: am-key-manager (AM_KEY_MANAGER)" "$dialect verify 3.0.0 JUnit: a missing delta"
	t_expect_eq "fail blocker" "$(status_of "$T_TMP/v1-$d.json" apim-state)" "$dialect verify 3.0.0: amdelta's part"
	# a missing delta is left to apply, not drift
	t_expect_eq "pass blocker" "$(status_of "$T_TMP/v1-$d.json" drift)" "$dialect verify 3.0.0: no drift"
	t_expect_eq "fail blocker" "$(status_of "$T_TMP/v1-$d.json" key-mappings)" "$dialect verify 3.0.0: key mappings"
	t_expect_rc 1 "$AMDELTA" apply --yes --am-db "$OWNER_AM"
	t_expect_rc 1 "$AMDELTA" verify --am-db "$OWNER_AM" --json "$T_TMP/v2-$d.json" --junit "$T_TMP/v2-$d.xml"
	t_junit_valid "$T_TMP/v2-$d.xml" "$dialect verify after apply JUnit"
	t_expect_eq "failure|pass|pass|partial|3.2.0|WSO2's identity migration client (guide step 2.5)" "$(t_junit_outcome "$T_TMP/v2-$d.xml" verify verify identity)|$(t_junit_outcome "$T_TMP/v2-$d.xml" verify verify drift)|$(t_junit_outcome "$T_TMP/v2-$d.xml" verify verify apim-state)|$(for p in state apim_state next; do printf '%s|' "$(t_junit "$T_TMP/v2-$d.xml" "string(/testsuites/testsuite[@name='verify: WSO2AM_DB']/properties/property[@name='$p']/@value)")"; done | sed 's/|$//')" \
		"$dialect verify after apply JUnit: identity fails, no drift, amdelta's part done; WSO2AM_DB partial, next the identity client"
	t_expect_no_apply_advice "$(cat "$T_OUT" "$T_ERR" "$T_TMP/v2-$d.json")" "$dialect verify after apply: no output says to run apply"
	t_expect_eq "apim-state:pass identity:fail key-mappings:pass callback-urls:pass registry-versioning:skip analytics-key:skip drift:pass" \
		"$(t_json "$T_TMP/v2-$d.json" 'join " ", map { "$_->{id}:$_->{status}" } @{$j->{checks}}')" \
		"$dialect verify after apply: all but the identity migration"

	v=t70_${d}_v
	db_new_reference $d 3.2.0 wso2am_db ${v}_am
	db_new_reference $d 3.2.0 shared_db ${v}_sh
	db_new_reference $d 3.2.0 analytics_db ${v}_an
	t_expect_rc 0 "$AMDELTA" verify --am-db "$(conn $d ${v}_am)" --shared-db "$(conn $d ${v}_sh)" \
		--analytics-db "$(conn $d ${v}_an)" --json "$T_TMP/v3-$d.json" --junit "$T_TMP/v3-$d.xml"
	t_junit_valid "$T_TMP/v3-$d.xml" "$dialect verify fresh 3.2.0 JUnit"
	t_expect_eq "4|0|0" "$(t_junit "$T_TMP/v3-$d.xml" "concat(count(/testsuites/testsuite), '|', /testsuites/@failures, '|', /testsuites/@errors)")" \
		"$dialect verify fresh 3.2.0 JUnit: suites, failures, errors"
	t_expect_eq "0" "$(t_json "$T_TMP/v3-$d.json" 'scalar grep { $_->{status} ne "pass" } @{$j->{checks}}')" "$dialect verify fresh 3.2.0: every check passes"
	query $d ${v}_am "ALTER TABLE AM_API DROP COLUMN API_TYPE" >/dev/null
	t_expect_rc 1 "$AMDELTA" verify --am-db "$(conn $d ${v}_am)" --json "$T_TMP/v4-$d.json" --junit "$T_TMP/v4-$d.xml"
	t_junit_valid "$T_TMP/v4-$d.xml" "$dialect verify drift JUnit"
	t_expect_eq "failure|AM_API" "$(t_junit_outcome "$T_TMP/v4-$d.xml" verify verify drift)|$(t_json "$T_TMP/v4-$d.json" '$j->{databases}[0]{diff}[1]{differences}[0]{table}')" \
		"$dialect verify drift JUnit: drift fails; the drifted table in JSON"
	t_expect_contains "$(t_junit "$T_TMP/v4-$d.xml" "/testsuites/testsuite[@name='verify']/testcase[@name='drift']/failure")" \
		"WSO2AM_DB: AM_API column missing: API_TYPE" "$dialect verify drift JUnit: the column"
	t_expect_eq "fail blocker" "$(status_of "$T_TMP/v4-$d.json" drift)" "$dialect verify: a dropped column is drift"
	t_expect_contains "$(rows_of "$T_TMP/v4-$d.json" drift)" "WSO2AM_DB: AM_API column missing: API_TYPE" "$dialect verify: drift names the column"
done
# ------------------------------------------------------------ deployment.toml
# the connections come from a deployment.toml whose JDBC URLs point at the
# test servers; the drivers by the names Debian registers them under
{
	cat "$ODBCSYSINI/odbcinst.ini"
	printf '[PostgreSQL Unicode]\nDriver=%s\n\n[MariaDB Unicode]\nDriver=%s\n' \
		"$DB_ODBC_PG_DRIVER" "$DB_ODBC_MARIA_DRIVER"
} >"$T_TMP/odbcinst.ini"
cp "$T_TMP/odbcinst.ini" "$ODBCSYSINI/odbcinst.ini"
for d in pg maria; do
	dialect=$(dialect_of $d)
	if [ $d = pg ]; then url="jdbc:postgresql://127.0.0.1:$PG_PORT"; else url="jdbc:mysql://127.0.0.1:$MARIA_PORT"; fi
	cat >"$T_TMP/deployment-$d.toml" <<TOML
[server]
hostname = "localhost"

[database.apim_db]
type = "mysql"
url = "$url/t70_${d}_v_am?useSSL=false"
username = "$DB_USER"

[database.shared_db]
type = "mysql"
url = "$url/t70_${d}_v_sh"
username = "$DB_USER"
password = "$DB_PASSWORD"

[database.user]
url = "$url/t70_${d}_elsewhere"
username = "$DB_USER"
TOML
	AMDELTA_WSO2AM_DB_PASSWORD=$DB_PASSWORD t_expect_rc 0 "$AMDELTA" status --deployment-toml "$T_TMP/deployment-$d.toml" --json -
	t_expect_eq "3.2.0 3.2.0" "$(t_json "$T_OUT" 'join " ", map { $_->{state} } grep { $_->{state} ne "not-configured" } @{$j->{databases}}')" "$dialect: status through deployment.toml"
	t_expect_contains "$(<"$T_ERR")" "deployment-$d.toml:6 [database.apim_db]: $dialect" "$dialect: where WSO2AM_DB came from"
	t_expect_contains "$(<"$T_ERR")" "(password from the environment)" "$dialect: password from AMDELTA_WSO2AM_DB_PASSWORD"
	t_expect_contains "$(<"$T_ERR")" "[database.user] points at" "$dialect: a user store elsewhere is reported"
	t_expect_not_contains "$(<"$T_OUT")$(<"$T_ERR")" "$DB_PASSWORD" "$dialect: no password from deployment.toml"
	# an explicit connection wins over the file
	t_expect_rc 1 "$AMDELTA" status --deployment-toml "$T_TMP/deployment-$d.toml" --am-db "$(conn $d t70_${d}_v_an)" --json -
	t_expect_contains "$(t_json "$T_OUT" '$j->{databases}[0]{connection}')" "t70_${d}_v_an" "$dialect: --am-db wins"
done
printf '[database.apim_db]\nurl = "jdbc:h2:./repository/database/WSO2AM_DB"\n' >"$T_TMP/h2.toml"
t_expect_rc 2 "$AMDELTA" status --deployment-toml "$T_TMP/h2.toml"
t_expect_contains "$(<"$T_ERR")" "h2.toml:2: [database.apim_db] url: H2 has no ODBC driver" "H2 in deployment.toml"
printf '[database.apim_db]\nurl = "jdbc:mysql://h/db"\nport = 2020-01-01\n' >"$T_TMP/bad.toml"
t_expect_rc 2 "$AMDELTA" status --deployment-toml "$T_TMP/bad.toml"
t_expect_contains "$(<"$T_ERR")" "bad.toml:3:" "a TOML error names the line"
t_log "done after $SECONDS s"
