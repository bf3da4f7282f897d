#!/usr/bin/env bash
# The identity client's migrators, judged one by one on PostgreSQL and
# MariaDB: WSO2's own scripts (step1/identity cut after statement k,
# step1/um, step2/um) and the SCOPE_TYPE column ScopeDataMigrator adds,
# each run on a 3.0.0 database, then amdelta status: every migrator's state
# in JSON, the text names what is left and what 3.2.0 does without it.
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
t_log "done after $SECONDS s"
