#!/usr/bin/env bash
# status and diff on the real fresh-install schemas of all three databases,
# 3.0.0 and 3.2.0, on PostgreSQL and MariaDB: each database is classified
# as its version, and a fresh 3.2.0 matches the fresh 3.2.0 catalog.
set -euo pipefail
# shellcheck source=SCRIPTDIR/helpers.sh
. "$TOP/tests/integration/helpers.sh"

for d in pg maria; do
	for v in 3.0.0 3.2.0; do
		args=()
		for db in wso2am_db shared_db analytics_db; do
			name=t10_${d}_${v//./}_$db
			db_new_reference "$d" "$v" "$db" "$name"
			case $db in
			wso2am_db) opt=--am-db ;;
			shared_db) opt=--shared-db ;;
			analytics_db) opt=--analytics-db ;;
			esac
			if [ $d = pg ]; then args+=("$opt" "$(db_pg_conn "$name")"); else args+=("$opt" "$(db_maria_conn "$name")"); fi
		done
		want_rc=1
		[ $v = 3.2.0 ] && want_rc=0
		junit=$T_TMP/status-$d-$v.xml
		t_expect_rc $want_rc "$AMDELTA" status --json - --junit "$junit" "${args[@]}"
		cp "$T_OUT" "$T_TMP/status-$d-$v.json"
		t_junit_valid "$junit" "$d fresh $v: status JUnit"
		t_expect_eq "$v $v $v" "$(t_json "$T_OUT" 'join " ", map { $_->{state} } @{$j->{databases}}')" \
			"$d fresh $v: states of WSO2AM_DB SHARED_DB APIM_ANALYTICS_DB"
		want_dialect=postgresql
		[ $d = maria ] && want_dialect=mysql
		t_expect_eq "$want_dialect" "$(t_json "$T_OUT" '$j->{databases}[0]{dialect}')" "$d dialect"
		t_expect_eq "$want_dialect|$v" \
			"$(t_junit "$junit" "/testsuites/testsuite[@name='status: WSO2AM_DB']/properties/property[@name='dialect']/@value")|$(t_junit "$junit" "/testsuites/testsuite[@name='status: SHARED_DB']/properties/property[@name='state']/@value")" \
			"$d fresh $v: JUnit properties"
		# no delta in conflict on a fresh schema, and the text names every database
		t_expect_eq "0" "$(t_json "$T_OUT" 'scalar grep { $_->{status} eq "conflict" } map { @{$_->{deltas}} } @{$j->{databases}}')" \
			"$d fresh $v: no conflicting delta"
		for name in WSO2AM_DB SHARED_DB APIM_ANALYTICS_DB; do
			t_expect_contains "$(<"$T_ERR")" "$name" "$d $v text names $name"
		done
		if [ $v = 3.0.0 ]; then
			t_expect_eq "5.9.0" "$(t_json "$T_OUT" '$j->{databases}[0]{identity_state}')" "$d 3.0.0 identity"
			t_expect_contains "$(<"$T_ERR")" "AM_KEY_MANAGER" "$d 3.0.0 text names a missing table"
			t_expect_eq "failure|failure|amdelta apply|WSO2's identity migration client (guide step 2.5)" \
				"$(t_junit_outcome "$junit" "status: WSO2AM_DB" WSO2AM_DB status)|$(t_junit_outcome "$junit" "status: APIM_ANALYTICS_DB" APIM_ANALYTICS_DB status)|$(t_json "$T_OUT" '$j->{databases}[0]{next}')|$(t_json "$T_OUT" '$j->{databases}[1]{next}')" \
				"$d 3.0.0 JUnit: WSO2AM_DB and analytics fail; next steps"
			t_expect_contains "$(t_junit "$junit" "/testsuites/testsuite[@name='status: WSO2AM_DB']/testcase/system-out")" \
				"missing am-key-manager (AM_KEY_MANAGER)" "$d 3.0.0 JUnit: a missing apim delta"
			t_expect_eq "3.0.0|5.9.0|3.0.0|none|3 0 1" \
				"$(t_json "$T_OUT" 'join "|", $j->{databases}[0]{apim_state}, $j->{databases}[0]{identity_state}, $j->{databases}[1]{state}, $j->{databases}[1]{apim_state}, "$j->{verdict}{counts}{fail} $j->{verdict}{counts}{error} $j->{verdict}{exit_code}"')" \
				"$d 3.0.0 JSON: parts of WSO2AM_DB, SHARED_DB; the verdict's counts"
		else
			t_expect_eq "5.10.0" "$(t_json "$T_OUT" '$j->{databases}[0]{identity_state}')" "$d 3.2.0 identity"
			t_expect_eq "3|0|0|pass|PASS" "$(t_junit "$junit" "concat(count(/testsuites/testsuite), '|', /testsuites/@failures, '|', /testsuites/@errors)")|$(t_junit_outcome "$junit" "status: WSO2AM_DB" WSO2AM_DB status)|$(t_json "$T_OUT" '$j->{verdict}{verdict}')" \
				"$d 3.2.0 JUnit: suites, failures, errors, WSO2AM_DB; the verdict"
			# diff: a fresh 3.2.0 matches the fresh catalog, with no difference
			t_expect_rc 0 "$AMDELTA" diff --json - "${args[@]}"
			t_expect_eq "fresh-3.2.0 fresh-3.2.0 fresh-3.2.0" \
				"$(t_json "$T_OUT" 'join " ", map { $_->{matches} } @{$j->{databases}}')" "$d diff matches"
			t_expect_eq "0" "$(t_json "$T_OUT" 'scalar map { @{$_->{diff}[0]{differences}} } @{$j->{databases}}')" \
				"$d diff: no difference from fresh 3.2.0"
		fi
	done
	# A fresh 3.0.0 against fresh 3.2.0: diff names the new tables and exits 1.
	am=t10_${d}_300_wso2am_db
	if [ $d = pg ]; then conn=$(db_pg_conn "$am"); else conn=$(db_maria_conn "$am"); fi
	t_expect_rc 1 "$AMDELTA" diff --am-db "$conn" --json - --junit "$T_TMP/diff-$d.xml"
	t_junit_valid "$T_TMP/diff-$d.xml" "$d 3.0.0 diff JUnit"
	t_expect_eq "failure" "$(t_junit_outcome "$T_TMP/diff-$d.xml" "diff: WSO2AM_DB" WSO2AM_DB diff)" \
		"$d 3.0.0 diff JUnit: WSO2AM_DB"
	t_expect_contains "$(t_junit "$T_TMP/diff-$d.xml" "/testsuites/testsuite[@name='diff: WSO2AM_DB']/testcase/system-out")" \
		"AM_KEY_MANAGER table missing" "$d 3.0.0 diff JUnit: AM_KEY_MANAGER"
	t_expect_eq "null" "$(t_json "$T_OUT" '$j->{databases}[0]{matches}')" "$d 3.0.0 matches nothing"
	t_expect_contains "$(t_json "$T_OUT" 'map { "$_->{table}/$_->{kind}/$_->{what}" } @{$j->{databases}[0]{diff}[0]{differences}}')" \
		"AM_KEY_MANAGER/table/missing" "$d 3.0.0 diff names AM_KEY_MANAGER"
done
