#!/usr/bin/env bash
# The identity client's migrators, judged one by one on PostgreSQL and
# MariaDB: WSO2's own scripts (step1/identity cut after statement k,
# step1/um, step2/um) and the SCOPE_TYPE column ScopeDataMigrator adds,
# each run on a 3.0.0 database, then amdelta status: every migrator's state
# in JSON, the text names what is left and what 3.2.0 does without it.
# Then amdelta apply --component identity on a 3.0.0 WSO2AM_DB and SHARED_DB
# holding scopes and users: ScopeDataMigrator, step1/um and step2/um done,
# rows kept, step1/identity left to the client; a second run does nothing;
# apply without the option makes no identity change; after WSO2's
# step1/identity script, verify finds no drift.
set -euo pipefail
# shellcheck source=SCRIPTDIR/helpers.sh
. "$TOP/tests/integration/helpers.sh"
# shellcheck source=SCRIPTDIR/am_fixture.sh
. "$TOP/tests/integration/am_fixture.sh"
am_fixture_init t76

ids=$SHARED/wso2-reference/deltas/identity-5.9.0_to_5.10.0
split=$TOP/tests/db/split-statements.pl

# states FILE DB: "Migrator=state,..." of the migrators with changes on DB.
states() {
	t_json "$1" "my (\$d) = grep { \$_->{name} eq '$2' } @{\$j->{databases}};
		join ',', map { \"\$_->{name}=\$_->{state}\" } grep { \$_->{state} !~ /^(n\\/a|not judged|removed)\$/ } @{\$d->{identity_migrators}}"
}

for d in pg maria; do
	dialect=$(dialect_of $d)
	# ScopeDataMigrator alone
	am=t76_${d}_scope
	new_am $d $am
	query $d $am "ALTER TABLE IDN_OAUTH2_SCOPE ADD SCOPE_TYPE VARCHAR(255) NOT NULL DEFAULT 'OAUTH2'" >/dev/null
	t_expect_rc 1 "$AMDELTA" status --am-db "$(conn $d $am)" --json "$T_TMP/s-$d.json"
	t_expect_eq "ScopeDataMigrator=done,SchemaMigrator step1/identity=not run" "$(states "$T_TMP/s-$d.json" WSO2AM_DB)" \
		"$dialect: ScopeDataMigrator alone"
	t_expect_contains "$(<"$T_OUT")" "SchemaMigrator step1/identity: not run, 0 of " "$dialect: the text names the migrator left"
	t_expect_contains "$(<"$T_OUT")" "without it: service providers" "$dialect: ... and what 3.2.0 does without it"
	t_expect_not_contains "$(<"$T_OUT")" "ScopeDataMigrator:" "$dialect: a migrator done is not listed"

	# step1/identity cut after statement k: partly done; to its end: done
	script=$ids/step1/identity/$dialect.sql
	n=$(perl "$split" --count --dialect="$dialect" "$script")
	t_log "$dialect: step1/identity has $n statements"
	for k in 3 $((n / 2)) "$n"; do
		db=t76_${d}_s1_$k
		new_am $d $db
		db_apply_statements $d $db "$script" 1 "$k" >"$T_TMP/apply-$d-$k.log" 2>&1 ||
			t_fail "$dialect: step1/identity statements 1..$k: $(tail -n 3 "$T_TMP/apply-$d-$k.log" | tr '\n' ' ')"
		"$AMDELTA" status --am-db "$(conn $d $db)" --json "$T_TMP/k-$d-$k.json" >/dev/null 2>&1 || true
		got=$(t_json "$T_TMP/k-$d-$k.json" 'my ($m) = grep { $_->{name} eq "SchemaMigrator step1/identity" } @{$j->{databases}[0]{identity_migrators}};
			"$m->{state}|" . ($m->{made} > 0 ? "some" : "none") . "|" . scalar @{$m->{missing}}')
		if [ "$k" = "$n" ]; then
			t_expect_eq "done|some|0" "$got" "$dialect: step1/identity to its end"
		else
			t_expect_match "$got" '^partly done\|some\|[1-9][0-9]*$' "$dialect: step1/identity cut after statement $k"
		fi
	done

	# SHARED_DB: step1/um, then step2/um
	sh=t76_${d}_sh
	db_new_reference $d 3.0.0 shared_db $sh
	t_expect_rc 0 db_run_script $d $sh "$ids/step1/um/$dialect.sql"
	t_expect_rc 1 "$AMDELTA" status --shared-db "$(conn $d $sh)" --json "$T_TMP/um1-$d.json"
	t_expect_eq "SchemaMigrator step1/um=done,SchemaMigrator step2/um=not run|partial" \
		"$(states "$T_TMP/um1-$d.json" SHARED_DB)|$(t_json "$T_TMP/um1-$d.json" '$j->{databases}[1]{identity_state}')" \
		"$dialect: SHARED_DB after step1/um"
	# the whole client on a fresh one (WSO2's step1/um cannot run twice on
	# MySQL: its CREATE INDEX fails with a duplicate key name)
	sh=t76_${d}_sh2
	db_new_reference $d 3.0.0 shared_db $sh
	t_expect_rc 0 db_identity_client $d shared_db $sh
	t_expect_rc 0 "$AMDELTA" status --shared-db "$(conn $d $sh)" --json "$T_TMP/um2-$d.json"
	t_expect_eq "SchemaMigrator step1/um=done,SchemaMigrator step2/um=done|5.10.0|3.2.0" \
		"$(states "$T_TMP/um2-$d.json" SHARED_DB)|$(t_json "$T_TMP/um2-$d.json" '$j->{databases}[1]{identity_state} . "|" . $j->{databases}[1]{state}')" \
		"$dialect: SHARED_DB after the identity client"

	# client-config: the client's next run holds only what is left
	t_expect_rc 1 "$AMDELTA" client-config --am-db "$(conn $d t76_${d}_scope)" --shared-db "$(conn $d t76_${d}_sh)" \
		--output "$T_TMP/cc-$d.yaml"
	cc=$(<"$T_TMP/cc-$d.yaml")
	t_expect_eq 'SchemaMigrator:step1:identity,OAuth2ScopesMigrator,ClaimDataMigrator,EmailTemplateDataMigrator,SchemaMigrator:step2:um,UserIDMigrator' \
		"$(perl -ne 'if (/^    name: "(.*)"/) { push @n, $1 } elsif (/^      (location|schema): "(.*)"/) { $n[-1] .= ":$2" } END { print join ",", @n }' "$T_TMP/cc-$d.yaml")" \
		"$dialect: client-config lists the steps left"
	t_expect_contains "$cc" "# left out: ScopeDataMigrator: done: every change it makes is in WSO2AM_DB" "$dialect: client-config: a step done"
	t_expect_contains "$cc" "# left out: SchemaMigrator step1/um: done" "$dialect: client-config: step1/um done"
	t_expect_contains "$cc" 'continueOnError: "false"' "$dialect: client-config stops at the first failure"
	t_expect_contains "$(<"$T_OUT")" "client-config FAIL" "$dialect: client-config's verdict"
	am=t76_${d}_all
	new_am $d $am
	t_expect_rc 0 db_identity_client $d wso2am_db $am
	"$AMDELTA" client-config --am-db "$(conn $d $am)" --shared-db "$(conn $d t76_${d}_sh2)" >"$T_TMP/cc2-$d.yaml" 2>/dev/null || true
	t_expect_eq "0" "$(grep -c '^    name: ' "$T_TMP/cc2-$d.yaml" || true)" "$dialect: client-config after the whole client: nothing left"
done
# jexec FILE NAME: the ids of database NAME's executed steps in the JSON report.
jexec() {
	t_json "$1" "my (\$d) = grep { \$_->{name} eq '$2' } @{\$j->{databases}};
		ref(\$d->{executed}) eq 'ARRAY' ? join(',', map { \$_->{id} } @{\$d->{executed}}) : 'none'"
}
# seed_identity D AM SH: 5 OAuth2 scopes in AM, 25 users in SH.
seed_identity() {
	local i
	for i in 1 2 3 4 5; do
		query "$1" "$2" "INSERT INTO IDN_OAUTH2_SCOPE (NAME, DISPLAY_NAME, TENANT_ID) VALUES ('scope$i', 'Scope $i', -1234)" >/dev/null
	done
	for i in $(seq 1 25); do
		echo "INSERT INTO UM_USER (UM_USER_NAME, UM_USER_PASSWORD, UM_CHANGED_TIME, UM_TENANT_ID) VALUES ('user$i', 'pw$i', CURRENT_TIMESTAMP, -1234);"
	done >"$T_TMP/users.sql"
	run_sql "$1" "$3" "$T_TMP/users.sql" >/dev/null
}
IDN_FACTS="SELECT (SELECT COUNT(*) FROM IDN_OAUTH2_SCOPE), (SELECT COUNT(*) FROM IDN_OAUTH2_SCOPE WHERE SCOPE_TYPE = 'OAUTH2')"
UM_FACTS="SELECT COUNT(*), COUNT(DISTINCT UM_USER_ID), COUNT(UM_USER_ID) FROM UM_USER"

for d in pg maria; do
	dialect=$(dialect_of $d)
	am=t76_${d}_fin
	sh=t76_${d}_shfin
	new_am $d $am
	db_new_reference $d 3.0.0 shared_db $sh
	seed_identity $d $am $sh
	cn=(--am-db "$(conn $d $am)" --shared-db "$(conn $d $sh)")

	# plan: the three migrators' deltas with the option, none without
	t_expect_rc 1 "$AMDELTA" plan "${cn[@]}"
	t_expect_not_contains "$(<"$T_OUT")" "UM_UUID_DOMAIN_MAPPER (" "$dialect: plan without the option: no identity step"
	t_expect_rc 1 "$AMDELTA" plan "${cn[@]}" --component identity
	plan_out=$(<"$T_OUT")
	t_expect_contains "$plan_out" "-- idn-oauth2-scope-scope-type (IDN_OAUTH2_SCOPE)" "$dialect: plan --component identity: SCOPE_TYPE"
	t_expect_contains "$plan_out" "-- um-uuid-domain-mapper (UM_UUID_DOMAIN_MAPPER)" "$dialect: ... UM_UUID_DOMAIN_MAPPER"
	t_expect_contains "$plan_out" "-- um-user-user-id-unique (UM_USER)" "$dialect: ... the user id key"
	t_expect_contains "$plan_out" "SchemaMigrator step1/identity is not finished by amdelta" "$dialect: ... step1/identity left, and why"
	t_expect_contains "$plan_out" "amdelta client-config" "$dialect: ... pointing at client-config"

	t_expect_rc 1 "$AMDELTA" apply --yes "${cn[@]}" --component identity --batch-rows 10 --json "$T_TMP/fin-$d.json"
	t_expect_contains "$(<"$T_OUT")" "-- um-user-user-id (UM_USER)" "$dialect: apply --component identity adds UM_USER_ID"
	if [ $d = maria ]; then
		t_expect_match "$(<"$T_OUT")" "-- [0-9]+ ms, 25 rows in 3 batches" "$dialect: the user ids filled in batches"
		t_expect_eq "NO" "$(query $d $sh "SELECT IS_NULLABLE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'UM_USER' AND COLUMN_NAME = 'UM_USER_ID'")" \
			"$dialect: UM_USER_ID NOT NULL"
	fi
	t_expect_eq "5|5" "$(query $d $am "$IDN_FACTS")" "$dialect: scopes kept, each OAUTH2"
	t_expect_eq "25|25|25" "$(query $d $sh "$UM_FACTS")" "$dialect: users kept, each its own user id"
	t_expect_rc 1 "$AMDELTA" status "${cn[@]}" --json "$T_TMP/fin-s-$d.json"
	t_expect_eq "ScopeDataMigrator=done,SchemaMigrator step1/identity=not run" "$(states "$T_TMP/fin-s-$d.json" WSO2AM_DB)" \
		"$dialect: WSO2AM_DB after apply --component identity"
	t_expect_eq "SchemaMigrator step1/um=done,SchemaMigrator step2/um=done|5.10.0" \
		"$(states "$T_TMP/fin-s-$d.json" SHARED_DB)|$(t_json "$T_TMP/fin-s-$d.json" '$j->{databases}[1]{identity_state}')" \
		"$dialect: SHARED_DB after apply --component identity"

	# again: nothing
	t_expect_rc 1 "$AMDELTA" apply --yes "${cn[@]}" --component identity --json "$T_TMP/fin2-$d.json"
	t_expect_eq "|" "$(jexec "$T_TMP/fin2-$d.json" WSO2AM_DB)|$(jexec "$T_TMP/fin2-$d.json" SHARED_DB)" \
		"$dialect: a second apply --component identity executes nothing"

	# the client's step1/identity after it: no drift
	t_expect_rc 0 db_run_script $d $am "$ids/step1/identity/$dialect.sql"
	"$AMDELTA" verify "${cn[@]}" --json "$T_TMP/fin-v-$d.json" >"$T_TMP/fin-v-$d.txt" 2>&1 || true
	t_expect_eq "0|0|pass" "$(t_json "$T_TMP/fin-v-$d.json" 'join "|", (map { scalar @{$_->{diff}[1]{differences}} } @{$j->{databases}}[0, 1]),
		map { $_->{status} } grep { $_->{id} eq "drift" } @{$j->{checks}}')" \
		"$dialect: verify after step1/identity: no drift"

	# without the option: no identity change
	am=t76_${d}_plain
	sh=t76_${d}_shplain
	new_am $d $am
	db_new_reference $d 3.0.0 shared_db $sh
	t_expect_rc 1 "$AMDELTA" apply --yes --am-db "$(conn $d $am)" --shared-db "$(conn $d $sh)" --json "$T_TMP/plain-$d.json"
	t_expect_not_contains "$(jexec "$T_TMP/plain-$d.json" WSO2AM_DB),$(jexec "$T_TMP/plain-$d.json" SHARED_DB)" "um-" \
		"$dialect: apply without the option: no user store step"
	t_expect_not_contains "$(jexec "$T_TMP/plain-$d.json" WSO2AM_DB)" "idn-oauth2-scope-scope-type" "$dialect: apply without the option: no SCOPE_TYPE"
	t_expect_rc 1 "$AMDELTA" status --am-db "$(conn $d $am)" --shared-db "$(conn $d $sh)" --json "$T_TMP/plain-s-$d.json"
	t_expect_eq "ScopeDataMigrator=not run,SchemaMigrator step1/identity=not run|SchemaMigrator step1/um=not run,SchemaMigrator step2/um=not run" \
		"$(states "$T_TMP/plain-s-$d.json" WSO2AM_DB)|$(states "$T_TMP/plain-s-$d.json" SHARED_DB)" "$dialect: apply without the option leaves the migrators not run"
done
t_log "done after $SECONDS s"
