#!/usr/bin/env bash
# amdelta plan on PostgreSQL and MariaDB: its SQL, run through psql / the
# mariadb client, takes a database to 3.2.0 and loses no row.
#   (a) fresh 3.0.0 WSO2AM_DB and APIM_ANALYTICS_DB holding rows: plan (read-only,
#       exit 1), its script -> status 3.2.0, a second plan is empty (exit 0), row
#       counts unchanged, every UUID set and unique, KEY_MANAGER set, no NULL
#       callback URL, the analytics key has the API version;
#   (b) the guide's WSO2AM_DB script cut after every statement k, then plan's
#       SQL -> 3.2.0 with nothing left to plan, rows as in (a), every time;
#   (c) plan --dialect postgresql|mysql --from 3.0.0 (offline: the run-time key
#       look-ups) loaded into a fresh 3.0.0 -> 3.2.0;
#   (d) refusals: an AM_SCOPE with other columns (conflict) and a database that
#       is not WSO2's -> exit 4, named, no script statement.
# The iterations of (b) run a few at a time.
set -euo pipefail
# shellcheck source=SCRIPTDIR/helpers.sh
. "$TOP/tests/integration/helpers.sh"

# shellcheck source=SCRIPTDIR/am_fixture.sh
. "$TOP/tests/integration/am_fixture.sh"
am_fixture_init t50

# ---------------------------------------------------------------- (a)
for d in pg maria; do
	am=t50a_${d}_am an=t50a_${d}_an
	new_am $d $am
	new_an $d $an
	before=$(query $d $am "$AM_ROWS_SQL")
	t_expect_eq "60|30|30|30|10|1" "$before" "$d: seeded rows"

	t_expect_rc 1 "$AMDELTA" plan --am-db "$(conn $d $am)" --json "$T_TMP/plan-$d.json" --junit "$T_TMP/plan-$d.xml"
	cp "$T_OUT" "$T_TMP/am-$d.sql"
	junit=$T_TMP/plan-$d.xml
	t_junit_valid "$junit" "$d plan JUnit"
	t_expect_eq "failure|3|1|2|amdelta apply" "$(t_junit_outcome "$junit" "plan: WSO2AM_DB" WSO2AM_DB plan)|$(t_junit "$junit" "concat(count(//testcase), '|', /testsuites/@failures, '|', /testsuites/@skipped)")|$(t_json "$T_TMP/plan-$d.json" '$j->{databases}[0]{next}')" \
		"$d plan JUnit: a testcase per database, WSO2AM_DB's failing, two not configured; next"
	t_expect_contains "$(t_junit "$junit" "/testsuites/testsuite[@name='plan: WSO2AM_DB']/testcase/system-out")" \
		"planned am-api-categories (AM_API_CATEGORIES):" "$d plan JUnit: the SQL of am-api-categories"
	t_expect_contains "$(t_junit "$junit" "/testsuites/testsuite[@name='plan: WSO2AM_DB']/testcase/system-out")" \
		"not planned idn-oauth2-token-binding (IDN_OAUTH2_TOKEN_BINDING): made by WSO2's identity migration client" \
		"$d plan JUnit: why an identity delta is not planned"
	script=$(<"$T_OUT")
	t_expect_contains "$script" "-- am-api-categories (AM_API_CATEGORIES)" "$d plan"
	t_expect_contains "$script" "-- not planned: made by WSO2's identity migration client" "$d plan"
	t_expect_not_contains "$script" "DROP TABLE" "$d plan"
	# the script lists the steps of the JSON plan, in the same (checks) order
	t_expect_eq "$(t_json "$T_TMP/plan-$d.json" 'join ",", map { $_->{id} } @{$j->{databases}[0]{plan}}')" \
		"$(sed -n 's/^-- \([a-z0-9-]*\) ([A-Z_0-9]*): .*/\1/p' "$T_TMP/am-$d.sql" | paste -sd, -)" \
		"$d: script steps = JSON plan"
	t_expect_eq "3.0.0" "$(t_json "$T_TMP/plan-$d.json" '$j->{databases}[0]{state}')" "$d: plan classifies"
	# read-only: the database is as it was
	t_expect_eq "$before" "$(query $d $am "$AM_ROWS_SQL")" "$d: plan changed nothing"
	"$AMDELTA" status --am-db "$(conn $d $am)" --json "$T_TMP/s.json" >/dev/null 2>&1 || true
	t_expect_eq "3.0.0" "$(t_json "$T_TMP/s.json" '$j->{databases}[0]{state}')" "$d: still 3.0.0 after plan"

	t_expect_rc 1 "$AMDELTA" plan --analytics-db "$(conn $d $an)"
	cp "$T_OUT" "$T_TMP/an-$d.sql"

	run_sql $d $am "$T_TMP/am-$d.sql" >"$T_TMP/run.log" 2>&1 || t_fail "$d: plan's WSO2AM_DB SQL fails: $(tail -n 5 "$T_TMP/run.log")"
	run_sql $d $an "$T_TMP/an-$d.sql" >"$T_TMP/run.log" 2>&1 || t_fail "$d: plan's analytics SQL fails: $(tail -n 5 "$T_TMP/run.log")"

	# amdelta's part done; WSO2AM_DB waits for the identity migration client
	t_expect_rc 1 "$AMDELTA" status --am-db "$(conn $d $am)" --analytics-db "$(conn $d $an)" --json -
	t_expect_eq "partial/3.2.0/5.9.0|3.2.0/3.2.0/none" "$(t_json "$T_OUT" 'join "|", map { "$_->{state}/$_->{apim_state}/$_->{identity_state}" } grep { $_->{state} ne "not-configured" } @{$j->{databases}}')" "$d: status after plan's SQL"
	t_expect_eq "WSO2's identity migration client (guide step 2.5) (WSO2AM_DB)" "$(t_json "$T_OUT" '$j->{verdict}{next}')" "$d: next after plan's SQL"
	t_expect_rc 1 "$AMDELTA" plan --am-db "$(conn $d $am)" --analytics-db "$(conn $d $an)" --json -
	t_expect_eq "0|0" "$(t_json "$T_OUT" 'join "|", map { scalar @{$_->{plan}} } grep { $_->{state} ne "not-configured" } @{$j->{databases}}')" "$d: second plan is empty"
	t_expect_eq "$AM_FACTS_WANT" "$(query $d $am "$AM_FACTS_SQL")" "$d: WSO2AM_DB rows after plan's SQL"
	t_expect_eq "5|5" "$(query $d $an "SELECT COUNT(*), COUNT(DISTINCT apiVersion) FROM $(analytics_table $d)")" "$d: analytics rows"
done

# ---------------------------------------------------------------- (b)
t_log "(b) starts after $SECONDS s"
# iter_b D DIALECT SCRIPT K: the cut after statement K, then plan's SQL;
# writes "plan's exit status|state after|steps after|facts" to b_D_K.res.
# Nothing is dropped: a MariaDB database takes a third of a second to drop,
# and the servers go at the end of the run.
iter_b() {
	local d=$1 dialect=$2 script=$3 k=$4 db=t50b_${1}_$4 res=$T_TMP/b_${1}_$4 rc=0 rc2=0 head
	new_am "$d" "$db" >"$res.log" 2>&1 || { echo "cannot create $db" >"$res.res"; return 0; }
	if [ "$k" -gt 0 ] && ! db_apply_statements "$d" "$db" "$script" 1 "$k" >>"$res.log" 2>&1; then
		echo "the guide's statements 1..$k fail" >"$res.res"
		return 0
	fi
	"$AMDELTA" plan --am-db "$(conn "$d" "$db")" >"$res.sql" 2>>"$res.log" || rc=$?
	if ! run_sql "$d" "$db" "$res.sql" >>"$res.log" 2>&1; then
		echo "plan's SQL fails after statement $k: $(tail -n 2 "$res.log" | tr '\n' ' ')" >"$res.res"
		return 0
	fi
	# the header of the second plan: "-- amdelta plan: WSO2AM_DB, D (...), STATE: N steps, ..."
	"$AMDELTA" plan --am-db "$(conn "$d" "$db")" >"$res.again" 2>>"$res.log" || rc2=$?
	head=$(sed -n '1s/^-- amdelta plan: WSO2AM_DB, [a-z]* ([^)]*), \([^:]*\): \([0-9]*\) steps\{0,1\},.*/\1|\2/p' "$res.again")
	echo "$rc|${head:-$(head -n 1 "$res.again")}|$rc2|$(query "$d" "$db" "$AM_FACTS_SQL")" >"$res.res"
}

# run_b D JOBS: every cut of the guide's script for one server, JOBS at a
# time; the two servers run at once.
run_b() {
	local d=$1 dialect script n k
	if [ "$d" = pg ]; then dialect=postgresql; else dialect=mysql; fi
	script=$T_TMP/guide-$dialect.sql
	n=$(perl "$split" --count --dialect="$dialect" "$script")
	for ((k = 0; k <= n; k++)); do
		iter_b "$d" "$dialect" "$script" "$k" &
		while [ "$(jobs -rp | wc -l)" -ge "$2" ]; do wait -n || true; done
	done
	wait
}

# CREATE TABLE is a third faster on MariaDB with tables in the system
# tablespace; the setting is global, so it is put back at the end.
db_maria_query mysql "SET GLOBAL innodb_file_per_table = OFF"
run_b pg 3 &
run_b maria 3 &
wait
db_maria_query mysql "SET GLOBAL innodb_file_per_table = ON"
for d in pg maria; do
	if [ $d = pg ]; then dialect=postgresql; else dialect=mysql; fi
	n=$(perl "$split" --count --dialect="$dialect" "$T_TMP/guide-$dialect.sql")
	t_log "$dialect: the guide's script has $n statements"
	for ((k = 0; k <= n; k++)); do
		# plan exits 1 before and after: the identity client's part is left
		t_expect_eq "1|partial, amdelta's part 3.2.0|0|1|$AM_FACTS_WANT" "$(cat "$T_TMP/b_${d}_$k.res" 2>/dev/null)" \
			"$dialect: guide cut after statement $k, then plan's SQL"
	done
done

# ---------------------------------------------------------------- (c)
t_log "(c) starts after $SECONDS s"
for d in pg maria; do
	if [ $d = pg ]; then dialect=postgresql; else dialect=mysql; fi
	am=t50c_${d}_am an=t50c_${d}_an
	new_am $d $am
	db_new_reference $d 3.0.0 analytics_db $an
	t_expect_rc 1 "$AMDELTA" plan --dialect $dialect --from 3.0.0 --db WSO2AM_DB --output "$T_TMP/off-am-$d.sql"
	t_expect_rc 1 "$AMDELTA" plan --dialect $dialect --from 3.0.0 --db APIM_ANALYTICS_DB --output "$T_TMP/off-an-$d.sql"
	t_expect_not_contains "$(<"$T_TMP/off-am-$d.sql")" "_NAME_KEY" "$dialect offline plan (no guessed name)"
	run_sql $d $am "$T_TMP/off-am-$d.sql" >"$T_TMP/run.log" 2>&1 || t_fail "$dialect: offline WSO2AM_DB plan fails: $(tail -n 5 "$T_TMP/run.log")"
	run_sql $d $an "$T_TMP/off-an-$d.sql" >"$T_TMP/run.log" 2>&1 || t_fail "$dialect: offline analytics plan fails: $(tail -n 5 "$T_TMP/run.log")"
	t_expect_rc 1 "$AMDELTA" plan --am-db "$(conn $d $am)" --analytics-db "$(conn $d $an)" --json -
	t_expect_eq "3.2.0|0|3.2.0|0" "$(t_json "$T_OUT" 'join "|", map { ($_->{apim_state}, scalar @{$_->{plan}}) } grep { $_->{state} ne "not-configured" } @{$j->{databases}}')" \
		"$dialect: offline plan loaded into a fresh 3.0.0"
	t_expect_eq "$AM_FACTS_WANT" "$(query $d $am "$AM_FACTS_SQL")" "$dialect: rows after the offline plan"
	# the run-time look-ups do nothing where the key is gone already
	if [ $d = pg ]; then
		sed -n '/^-- am-system-apps-name-unique-drop/,/^END \$\$;/p' "$T_TMP/off-am-$d.sql" >"$T_TMP/again.sql"
	else
		sed -n '/^-- am-system-apps-name-unique-drop/,/^DEALLOCATE/p' "$T_TMP/off-am-$d.sql" >"$T_TMP/again.sql"
	fi
	t_expect_ne "" "$(<"$T_TMP/again.sql")" "$dialect: the look-up block"
	run_sql $d $am "$T_TMP/again.sql" >"$T_TMP/run.log" 2>&1 || t_fail "$dialect: a look-up finding nothing fails: $(tail -n 5 "$T_TMP/run.log")"
done

# ---------------------------------------------------------------- (d)
t_log "(d) starts after $SECONDS s"
for d in pg maria; do
	db=t50d_${d}_scope
	new_am $d $db
	query $d $db "CREATE TABLE AM_SCOPE (SCOPE_ID INTEGER, SCOPE_KIND VARCHAR(10))" >/dev/null
	t_expect_rc 4 "$AMDELTA" plan --am-db "$(conn $d $db)" --json "$T_TMP/d.json" --junit "$T_TMP/d.xml"
	t_junit_valid "$T_TMP/d.xml" "$d conflict JUnit"
	t_expect_eq "error|resolve the conflict" "$(t_junit_outcome "$T_TMP/d.xml" "plan: WSO2AM_DB" WSO2AM_DB plan)|$(t_json "$T_TMP/d.json" '$j->{databases}[0]{next}')" \
		"$d conflict JUnit: the refused plan; next"
	t_expect_contains "$(t_junit "$T_TMP/d.xml" "/testsuites/testsuite[@name='plan: WSO2AM_DB']/testcase[@name='plan']/error/@message")" \
		"plan refused: WSO2AM_DB: 1 delta in conflict" "$d conflict JUnit: why"
	t_expect_contains "$(t_junit "$T_TMP/d.xml" "/testsuites/testsuite[@name='plan: WSO2AM_DB']/testcase[@name='plan']/system-out")" \
		"conflict am-scope (AM_SCOPE)" "$d conflict JUnit: the delta in conflict"
	t_expect_contains "$(<"$T_ERR")" "plan refused: WSO2AM_DB: 1 delta in conflict" "$d conflict"
	t_expect_contains "$(<"$T_ERR")" "am-scope (AM_SCOPE)" "$d conflict"
	t_expect_contains "$(<"$T_OUT")" "-- refused: " "$d conflict script"
	t_expect_eq "" "$(grep -v '^--' "$T_OUT" | tr -d '[:space:]')" "$d conflict: no statement"
	t_expect_eq "0|am-scope" "$(t_json "$T_TMP/d.json" 'my $d = $j->{databases}[0];
		scalar(@{$d->{plan}}) . "|" . join(",", map { $_->{id} } grep { $_->{status} eq "conflict" } @{$d->{deltas}})')" "$d conflict JSON"

	db=t50d_${d}_empty
	if [ $d = pg ]; then db_pg_createdb $db; else db_maria_createdb $db; fi
	t_expect_rc 4 "$AMDELTA" plan --am-db "$(conn $d $db)"
	t_expect_contains "$(<"$T_ERR")" "not a WSO2 API Manager WSO2AM_DB" "$d unknown"
done
# usage errors of the offline form: exit 2, named
t_expect_rc 2 "$AMDELTA" plan --dialect oracle
t_expect_contains "$(<"$T_ERR")" "needs both --dialect" "plan --dialect alone"
t_expect_rc 2 "$AMDELTA" plan --dialect sybase --from 3.0.0
t_expect_contains "$(<"$T_ERR")" "unknown dialect 'sybase'" "plan --dialect sybase"
t_expect_rc 2 "$AMDELTA" plan --dialect h2 --from 3.1.0
t_expect_rc 2 "$AMDELTA" plan --dialect h2 --from 3.0.0 --am-db "$(conn pg t50_pg_seed)"
t_expect_contains "$(<"$T_ERR")" "reads no database" "offline plan with a connection"
t_expect_rc 1 "$AMDELTA" plan --dialect h2 --from 3.0.0 --db analytics --json -
t_expect_eq "3.0.0|APIM_ANALYTICS_DB|2" "$(t_json "$T_OUT" '$j->{from} . "|" . join(",", map { $_->{name} . "|" . scalar @{$_->{plan}} } @{$j->{databases}})')" "offline JSON"

t_log "done after $SECONDS s"
