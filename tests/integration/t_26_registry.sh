#!/usr/bin/env bash
# SHARED_DB registry-versioning clean-up, a conditional data delta: rows that
# only versioning leaves behind (REG_RESOURCE_PROPERTY / _TAG rows whose
# REG_VERSION has no REG_RESOURCE) are counted and reported; they never make
# the database partial on their own; after the guide's clean-up script for
# the dialect (read from shared/ at run time) the count is 0.
set -euo pipefail
# shellcheck source=SCRIPTDIR/helpers.sh
. "$TOP/tests/integration/helpers.sh"
# shellcheck source=SCRIPTDIR/am_fixture.sh
. "$TOP/tests/integration/am_fixture.sh"

# reg_status DIALECT DB: "state status rows" of the clean-up delta.
reg_status() {
	local conn
	if [ "$1" = pg ]; then conn=$(db_pg_conn "$2"); else conn=$(db_maria_conn "$2"); fi
	"$AMDELTA" status --shared-db "$conn" --json - 2>/dev/null >"$T_TMP/reg.json" || true
	t_json "$T_TMP/reg.json" 'my $d = $j->{databases}[1];
		my ($r) = grep { $_->{id} eq "reg-versioning-cleanup" } @{$d->{deltas}};
		"$d->{state} $r->{status} " . ($r->{rows} // "-")'
}

for d in pg maria; do
	if [ $d = pg ]; then dialect=postgresql; else dialect=mysql; fi
	db=t26_${d}
	db_new_reference $d 3.0.0 shared_db "$db"
	t_expect_eq "3.0.0 applied 0" "$(reg_status $d "$db")" "$dialect: no versioned rows on a fresh 3.0.0"
	if [ $d = pg ]; then seed_registry | db_pg_psql "$db" -q -v ON_ERROR_STOP=1 >/dev/null
	else seed_registry | db_maria_sql "$db" >/dev/null; fi
	t_expect_eq "3.0.0 missing 7" "$(reg_status $d "$db")" "$dialect: 7 versioned rows counted, the state stays 3.0.0"
	t_expect_contains "$(t_json "$T_TMP/reg.json" 'map { $_->{detail} } grep { $_->{id} eq "reg-versioning-cleanup" } @{$j->{databases}[1]{deltas}}')" \
		"7" "$dialect: the detail gives the row count"
	db_apply_statements $d "$db" "$SHARED/wso2-reference/deltas/registry-versioning-cleanup/$dialect.sql" >"$T_TMP/cleanup.log" 2>&1 ||
		t_fail "$dialect: the guide's clean-up script failed: $(tail -n 3 "$T_TMP/cleanup.log")"
	t_expect_eq "3.0.0 applied 0" "$(reg_status $d "$db")" "$dialect: nothing left after the guide's clean-up"
done
