#!/usr/bin/env bash
# Self-test of tests/db/split-statements.pl and db_apply_statements on the
# guide's WSO2AM_DB delta scripts: statement counts, the table of every
# statement (checked by hand against the scripts), and that the statements
# run on a fresh 3.0.0 database, in one session, as the guide's do.
set -euo pipefail
# shellcheck source=SCRIPTDIR/helpers.sh
. "$TOP/tests/integration/helpers.sh"

split=$TOP/tests/db/split-statements.pl
deltas=$SHARED/wso2-reference/deltas

# Table per statement, in order.
pg_31="AM_API_CATEGORIES AM_API_CATEGORIES AM_SYSTEM_APPS AM_SYSTEM_APPS AM_USER AM_USER
AM_SECURITY_AUDIT_UUID_MAPPING AM_SECURITY_AUDIT_UUID_MAPPING"
my_31="AM_API_CATEGORIES AM_SYSTEM_APPS AM_SYSTEM_APPS AM_USER AM_SECURITY_AUDIT_UUID_MAPPING"
# 7 CREATE FUNCTION update_modified_column, 8 its trigger; 9, 13, 19 DO
# blocks; 11 CREATE EXTENSION uuid-ossp; 24, 25 the AM_SCOPE_PK_SEQ sequence.
pg_32="AM_KEY_MANAGER AM_KEY_MANAGER AM_GW_PUBLISHED_API_DETAILS AM_GW_PUBLISHED_API_DETAILS
AM_GW_API_ARTIFACTS AM_GW_API_ARTIFACTS AM_GW_API_ARTIFACTS AM_GW_API_ARTIFACTS
AM_APPLICATION_REGISTRATION AM_APPLICATION_REGISTRATION
AM_APPLICATION_KEY_MAPPING AM_APPLICATION_KEY_MAPPING AM_APPLICATION_KEY_MAPPING
AM_WORKFLOWS AM_SUBSCRIPTION AM_POLICY_SUBSCRIPTION AM_API_RESOURCE_SCOPE_MAPPING
AM_SHARED_SCOPE IDN_OAUTH2_RESOURCE_SCOPE AM_TENANT_THEMES AM_TENANT_THEMES
AM_GRAPHQL_COMPLEXITY AM_SCOPE AM_SCOPE AM_SCOPE AM_SCOPE AM_SCOPE_BINDING AM_SCOPE_BINDING
IDN_OAUTH_CONSUMER_APPS"
# 4 SELECT ... INTO @sqlst, 7-10 PREPARE/EXECUTE/DEALLOCATE/SET @sqlst.
my_32="AM_KEY_MANAGER AM_GW_PUBLISHED_API_DETAILS AM_GW_API_ARTIFACTS
AM_APPLICATION_REGISTRATION AM_APPLICATION_REGISTRATION AM_APPLICATION_REGISTRATION
AM_APPLICATION_REGISTRATION AM_APPLICATION_REGISTRATION AM_APPLICATION_REGISTRATION
AM_APPLICATION_REGISTRATION AM_APPLICATION_KEY_MAPPING AM_APPLICATION_KEY_MAPPING
AM_APPLICATION_KEY_MAPPING AM_APPLICATION_KEY_MAPPING AM_APPLICATION_KEY_MAPPING
AM_APPLICATION_KEY_MAPPING AM_WORKFLOWS AM_WORKFLOWS AM_SUBSCRIPTION AM_POLICY_SUBSCRIPTION
AM_POLICY_SUBSCRIPTION AM_API_RESOURCE_SCOPE_MAPPING AM_SHARED_SCOPE IDN_OAUTH2_RESOURCE_SCOPE
AM_TENANT_THEMES AM_GRAPHQL_COMPLEXITY IDN_OAUTH_CONSUMER_APPS AM_SCOPE AM_SCOPE_BINDING"

check_split() {
	local file=$1 count=$2 tables=$3 got
	t_expect_eq "$count" "$(perl "$split" --count "$file")" "statements in $file"
	got=$(perl "$split" --tables "$file" 2>"$T_TMP/split.err" | cut -f2 | tr '\n' ' ')
	t_expect_eq "$(tr '\n' ' ' <<<"$tables")" "$got" "tables of $file"
	t_expect_eq "" "$(<"$T_TMP/split.err")" "unmapped statements in $file"
	# NUL-separated records: one per statement, none empty.
	t_expect_eq "$count" "$(perl "$split" "$file" | perl -0 -ne '$n++ if /\S/; END { print $n + 0 }')" \
		"NUL records of $file"
}
check_split "$deltas/3.0.0_to_3.1.0/postgresql.sql" 8 "$pg_31"
check_split "$deltas/3.0.0_to_3.1.0/mysql.sql" 5 "$my_31"
check_split "$deltas/3.1.0_to_3.2.0/postgresql.sql" 29 "$pg_32"
check_split "$deltas/3.1.0_to_3.2.0/mysql.sql" 29 "$my_32"

# MySQL: both scripts run cleanly on a fresh 3.0.0 in one session each.
db_new_reference mysql 3.0.0 wso2am_db t01_my
t_expect_rc 0 db_apply_statements mysql t01_my "$deltas/3.0.0_to_3.1.0/mysql.sql"
t_expect_rc 0 db_apply_statements mysql t01_my "$deltas/3.1.0_to_3.2.0/mysql.sql"
t_expect_eq 149 "$(db_maria_table_count t01_my)" "MariaDB tables after the guide's scripts"

# PostgreSQL: statement 19 of 3.1.0_to_3.2.0 (the DO block dropping the
# IDN_OAUTH2_RESOURCE_SCOPE primary key) fails on a fresh 3.0.0: it compares
# information_schema table_name with upper-case 'IDN_OAUTH2_RESOURCE_SCOPE'
# while PostgreSQL stores it folded to lower case, so EXECUTE gets NULL.
db_new_reference postgresql 3.0.0 wso2am_db t01_pg
t_expect_rc 0 db_apply_statements postgresql t01_pg "$deltas/3.0.0_to_3.1.0/postgresql.sql"
t_expect_rc 0 db_apply_statements postgresql t01_pg "$deltas/3.1.0_to_3.2.0/postgresql.sql" 1 18
t_expect_rc 3 db_apply_statements postgresql t01_pg "$deltas/3.1.0_to_3.2.0/postgresql.sql" 19 19
t_expect_contains "$(<"$T_ERR")" "query string argument of EXECUTE is null" "statement 19 error"
t_expect_rc 0 db_apply_statements postgresql t01_pg "$deltas/3.1.0_to_3.2.0/postgresql.sql" 20
t_expect_eq 149 "$(db_pg_table_count t01_pg)" "PostgreSQL tables after the guide's scripts"
t_expect_eq 1 "$(db_pg_query t01_pg "SELECT count(*) FROM information_schema.table_constraints
	WHERE table_name = 'idn_oauth2_resource_scope' AND constraint_type = 'PRIMARY KEY'")" \
	"IDN_OAUTH2_RESOURCE_SCOPE keeps its primary key"
