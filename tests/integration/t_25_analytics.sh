#!/usr/bin/env bash
# APIM_ANALYTICS_DB: the guide's step 3.1 (read from the upgrade document at
# run time) cut after each statement on a 3.0.0 database: 3.0.0, partial
# while the old key is dropped and the new one not added, 3.2.0 at the end.
# Siddhi created the table unquoted, so MariaDB on Linux (case-sensitive
# table names) holds ApiLastAccessSummary: the guide's upper-case name does
# not exist there, which the test records; amdelta finds the table anyway.
set -euo pipefail
# shellcheck source=SCRIPTDIR/helpers.sh
. "$TOP/tests/integration/helpers.sh"

spec=$SHARED/spec/upgrading-apim-3.0.0-to-3.2.0.md

# guide_step31 TAB: the statements of step 3.1 for that tab, one per line.
guide_step31() {
	perl -ne '
		$in = 1 if /^#### Step 3\.1/; $in = 0 if /^#### Step 3\.2/;
		next unless $in;
		if (/```tab="\Q'"$1"'\E"/) { $code = 1; next }
		if ($code && /```/) { $code = 0; next }
		if ($code) { s/^\s+//; s/\s+$//; print "$_\n" if length }' "$spec"
}

for d in pg maria; do
	if [ $d = pg ]; then tab=PostgreSQL; else tab=MySQL; fi
	mapfile -t stmts < <(guide_step31 $tab)
	t_expect_eq 2 "${#stmts[@]}" "$tab: the guide's step 3.1 has two statements"
	if [ $d = maria ]; then
		# the guide's name as written fails on a case-sensitive server
		db_new_reference maria 3.0.0 analytics_db t25_maria_asis
		t_run db_maria_sql t25_maria_asis -e "${stmts[0]}"
		t_expect_ne 0 "$T_RC" "MySQL: the guide's APILASTACCESSSUMMARY does not exist on a case-sensitive server"
		t_expect_contains "$(<"$T_ERR")" "doesn't exist" "MySQL: the server says why"
		for i in "${!stmts[@]}"; do stmts[i]=${stmts[i]//APILASTACCESSSUMMARY/ApiLastAccessSummary}; done
	fi
	for k in 0 1 2; do
		db=t25_${d}_$k
		db_new_reference $d 3.0.0 analytics_db "$db"
		for ((i = 0; i < k; i++)); do
			if [ $d = pg ]; then db_pg_query "$db" "${stmts[$i]}"; else db_maria_query "$db" "${stmts[$i]}"; fi
		done
		if [ $d = pg ]; then conn=$(db_pg_conn "$db"); else conn=$(db_maria_conn "$db"); fi
		t_run "$AMDELTA" status --analytics-db "$conn" --json -
		case $k in 0) want=3.0.0 ;; 1) want=partial ;; 2) want=3.2.0 ;; esac
		t_expect_eq "$want" "$(t_json "$T_OUT" '$j->{databases}[2]{state}')" "$tab: step 3.1 cut after statement $k"
	done
	t_expect_eq 0 "$T_RC" "$tab: status exits 0 once the analytics database is at 3.2.0"
done
