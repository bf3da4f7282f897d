#!/usr/bin/env bash
# verify accepts every known way of reaching 3.2.0, on PostgreSQL and MariaDB:
#   - schemas/endstates/ is what schemas/generate.sh derives from the
#     reference scripts (regenerated here, compared file by file);
#   - 3.0.0 -> the guide's whole script -> WSO2's identity migration client
#     (WSO2AM_DB and SHARED_DB): no drift, exit 0, each difference from
#     fresh 3.2.0 noted with the route that leaves it;
#   - 3.0.0 -> amdelta apply --yes -> the identity client: no drift, exit 0;
#   - a column changed by hand after the guide's route: drift, exit 1.
# PostgreSQL's step2/um adds UNIQUE (UM_USER_ID) where fresh 3.2.0 has
# UNIQUE (UM_USER_ID, UM_TENANT_ID): that stricter key makes the delta
# (stricter-key in checks/shared_db.xml), and the difference is the route's.
set -euo pipefail
# shellcheck source=SCRIPTDIR/helpers.sh
. "$TOP/tests/integration/helpers.sh"
# shellcheck source=SCRIPTDIR/am_fixture.sh
. "$TOP/tests/integration/am_fixture.sh"
am_fixture_init t72

# ------------------------------------------------------------ derived data
GEN_PREFIX=t72g t_expect_rc 0 "$TOP/schemas/generate.sh" --endstates --output "$T_TMP/gen"
for d in postgresql mysql; do
	t_expect_eq "$(cd "$TOP/schemas/endstates/$d" && ls)" "$(cd "$T_TMP/gen/endstates/$d" && ls)" \
		"$d: the end-state files generate.sh writes"
	for f in "$T_TMP/gen/endstates/$d"/*.xml; do
		if ! cmp -s "$f" "$TOP/schemas/endstates/$d/$(basename "$f")"; then
			t_fail "schemas/endstates/$d/$(basename "$f") differs from what schemas/generate.sh derives: rerun it"
		fi
	done
done
t_expect_eq 12 "$(find "$TOP/schemas/endstates" -name '*.xml' | wc -l)" "end-state files"

# checks FILE: "id:status ..." of a verify JSON report.
checks() {
	t_json "$1" 'join " ", map { "$_->{id}:$_->{status}" } @{$j->{checks}}'
}
ALL_PASS="apim-state:pass identity:pass key-mappings:pass callback-urls:pass registry-versioning:pass analytics-key:skip drift:pass"

# verify_both D AM SH JSON WHAT: verify of the pair AM + SH passes, every
# part of both databases done.
verify_both() {
	local d=$1 am=$2 sh=$3 json=$4 what=$5 dialect
	dialect=$(dialect_of "$d")
	t_expect_rc 0 "$AMDELTA" verify --am-db "$(conn $d $am)" --shared-db "$(conn $d $sh)" --json "$json"
	t_expect_eq "$ALL_PASS" "$(checks "$json")" "$dialect: $what passes verify"
	t_expect_eq "3.2.0/3.2.0/5.10.0 3.2.0/none/5.10.0" \
		"$(t_json "$json" 'join " ", map { "$_->{state}/$_->{apim_state}/$_->{identity_state}" } grep { $_->{state} ne "not-configured" } @{$j->{databases}}')" \
		"$dialect: $what: both databases at 3.2.0"
	t_expect_eq "" \
		"$(t_json "$json" 'join ",", map { my $db = $_; map { "$db->{name} $_->{id}" } grep { $_->{status} !~ /^(applied|n\/a)$/ } @{$db->{deltas}} } @{$j->{databases}}')" \
		"$dialect: $what: every delta applied"
}

for d in pg maria; do
	dialect=$(dialect_of $d)

	# the guide's script, then the identity client
	am=t72_${d}_g_am sh=t72_${d}_g_sh
	new_am $d $am
	t_expect_rc 0 run_sql $d $am "$T_TMP/guide-$dialect.sql"
	t_expect_rc 0 db_identity_client $d wso2am_db $am
	db_new_reference $d 3.0.0 shared_db $sh
	t_expect_rc 0 db_identity_client $d shared_db $sh
	verify_both $d $am $sh "$T_TMP/g-$d.json" "the guide's route"
	text=$(<"$T_OUT")
	t_expect_eq "guide+identity guide+identity" \
		"$(t_json "$T_TMP/g-$d.json" 'join " ", map { $_->{matches} } grep { $_->{diff} } @{$j->{databases}}')" \
		"$dialect: the guide's route explains every difference"
	t_expect_eq "0" "$(t_json "$T_TMP/g-$d.json" 'scalar @{$j->{databases}[0]{diff}[1]{differences}}')" "$dialect: no drift"
	t_expect_ne "0" "$(t_json "$T_TMP/g-$d.json" 'scalar @{$j->{databases}[0]{diff}[0]{differences}}')" \
		"$dialect: the guide's script leaves differences from fresh 3.2.0"
	t_expect_eq "guide+identity" \
		"$(t_json "$T_TMP/g-$d.json" 'my %r = map { ($_->{route} // "null") => 1 } @{$j->{databases}[0]{diff}[0]{differences}}; join " ", sort keys %r')" \
		"$dialect: each explained difference names its route"
	t_expect_contains "$text" "as left by the guide's script, then WSO2's identity migration client" \
		"$dialect: the text names the route"

	# a column changed by hand after the guide's route
	if [ $d = pg ]; then
		query $d $am "ALTER TABLE AM_API ALTER COLUMN API_TIER TYPE VARCHAR(300)" >/dev/null
	else
		query $d $am "ALTER TABLE AM_API MODIFY API_TIER VARCHAR(300)" >/dev/null
	fi
	t_expect_rc 1 "$AMDELTA" verify --am-db "$(conn $d $am)" --shared-db "$(conn $d $sh)" --json "$T_TMP/gd-$d.json"
	t_expect_eq "fail" "$(t_json "$T_TMP/gd-$d.json" 'map { $_->{status} } grep { $_->{id} eq "drift" } @{$j->{checks}}')" \
		"$dialect: a column changed by hand is drift"
	t_expect_contains "$(t_json "$T_TMP/gd-$d.json" 'map { lc } map { @{$_->{rows}} } grep { $_->{id} eq "drift" } @{$j->{checks}}')" \
		"wso2am_db: am_api column differs: api_tier is varchar(300)" "$dialect: drift names the column"
	t_expect_eq "1" "$(t_json "$T_TMP/gd-$d.json" 'scalar @{$j->{databases}[0]{diff}[1]{differences}}')" "$dialect: one drift"

	# amdelta apply, then the identity client
	am=t72_${d}_a_am sh=t72_${d}_a_sh
	new_am $d $am
	db_new_reference $d 3.0.0 shared_db $sh
	# (SHARED_DB: nothing of amdelta's but the registry clean-up, rows only;
	# exit 1: the identity client's part is left)
	t_expect_rc 1 "$AMDELTA" apply --yes --am-db "$(conn $d $am)"
	t_expect_rc 0 db_identity_client $d wso2am_db $am
	t_expect_rc 0 db_identity_client $d shared_db $sh
	verify_both $d $am $sh "$T_TMP/a-$d.json" "amdelta's route"
	t_expect_eq "0 0" "$(t_json "$T_TMP/a-$d.json" 'join " ", map { scalar @{$_->{diff}[1]{differences}} } grep { $_->{diff} } @{$j->{databases}}')" \
		"$dialect: no drift after apply and the identity client"
done
t_log "done after $SECONDS s"
