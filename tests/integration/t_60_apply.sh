#!/usr/bin/env bash
# amdelta apply on PostgreSQL and MariaDB: from wherever a DBA left the
# databases, it takes them to 3.2.0, running only what is missing, loses no
# row, survives being killed, takes a lock, and refuses what it cannot reach.
#   (a) fresh 3.0.0 WSO2AM_DB + APIM_ANALYTICS_DB holding rows: without --yes
#       exit 2 and nothing written; --yes runs exactly plan's steps (ids, order,
#       transcript, JSON executed[]), exit 0, 3.2.0, rows kept; again: nothing;
#   (b) the guide's script cut after every statement k, then apply -> 3.2.0,
#       a second apply runs nothing, rows kept;
#   (c) six random subsets per dialect of the guide's statements, in random
#       order, one at a time, failures ignored, then apply -> 3.2.0;
#   (d) the guide's script run twice (the second time statement by statement,
#       failures ignored), then apply -> 3.2.0, and apply changed no row count;
#   (e) killed right after a step (AMDELTA_TEST_STOP_AFTER): on one database,
#       apply killed after its first step again and again, so that every step
#       k of the plan is followed by a kill: each run did exactly step k (its
#       transcript), the state moved on, plan shows steps k+1.. left, and the
#       last run finds nothing; on fresh copies, killed after step k for three
#       k, then a second apply runs exactly steps k+1..; killed at random
#       times during the batched data fixes of 50,000 key mappings: no
#       application half filled, a second apply fills only what is left,
#       UUIDs unique;
#   (f) the lock: a second apply gives up after --lock-timeout; two applies at
#       once run every step exactly once between them;
#   (g) a fresh 3.2.0: nothing executed, nothing written (server statement
#       logs, inspect, row counts);
#   (h) refusals (a delta in conflict, a database that is not WSO2's, no
#       server): exit 4 / 3, nothing written;
#   (i) the registry clean-up on SHARED_DB: only with --registry-cleanup or a
#       registry.xml with versioning on, as the guide's own clean-up leaves it;
#       SHARED_DB's identity changes are left (exit 1);
#   (j) APIM_ANALYTICS_DB with the Siddhi-named table: key changed, rows kept.
# The iterations of (b)-(e) run a few at a time, both servers at once.
set -euo pipefail
# shellcheck source=SCRIPTDIR/helpers.sh
. "$TOP/tests/integration/helpers.sh"
# shellcheck source=SCRIPTDIR/am_fixture.sh
. "$TOP/tests/integration/am_fixture.sh"

JOBS=3
APPLY_TIMEOUT=180
RANDOM=6060
config=$SHARED/wso2-reference/config-samples
am_fixture_init t60

# ---------------------------------------------------------------- helpers

# jdb FILE NAME EXPR: the Perl expression EXPR with $d the database NAME of
# the JSON report FILE (t_json); "?" when there is no such report.
jdb() {
	t_json "$1" 'my ($d) = grep { $_->{name} eq "'"$2"'" } @{$j->{databases}}; '"$3" 2>/dev/null || echo "?"
}
# Perl: the ids of $d's executed steps, comma-separated; "no-executed" when
# the report has no executed array.
EXEC_IDS='ref($d->{executed}) eq "ARRAY" ? join(",", map { $_->{id} } @{$d->{executed}}) : "no-executed"'
PLAN_IDS='join(",", map { $_->{id} } @{$d->{plan}})'

# status_state D DB [OPTION]: the state of amdelta's part (apim_state) amdelta status gives the database
# (OPTION --am-db by default).
status_state() {
	local opt=${3:---am-db} name
	case $opt in --am-db) name=WSO2AM_DB ;; --shared-db) name=SHARED_DB ;; *) name=APIM_ANALYTICS_DB ;; esac
	"$AMDELTA" status "$opt" "$(conn "$1" "$2")" --json "$T_TMP/state.$BASHPID.json" >/dev/null 2>&1 || true
	jdb "$T_TMP/state.$BASHPID.json" "$name" '$d->{apim_state}'
}

# transcript_steps FILE: how many steps a text transcript says it ran
# ("-- N ms" or "-- N ms, R rows in B batches" lines).
transcript_steps() {
	grep -c -E '^-- [0-9]+ ms(, [0-9]+ rows? in [0-9]+ batch(es)?)?$' "$1" || true
}

# row_counts D DB: "table=rows" of every base table, one line each.
row_counts() {
	local sql
	if [ "$1" = pg ]; then
		sql=$(db_pg_query "$2" "SELECT string_agg(format('SELECT %L, COUNT(*) FROM %I', table_name, table_name), ' UNION ALL ' ORDER BY table_name)
			FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")
	else
		sql=$(db_maria_query information_schema "SET SESSION group_concat_max_len = 1000000;
			SELECT GROUP_CONCAT(CONCAT('SELECT ''', table_name, ''', COUNT(*) FROM \`', table_name, '\`') ORDER BY table_name SEPARATOR ' UNION ALL ')
			FROM tables WHERE table_schema = '$2' AND table_type = 'BASE TABLE'")
	fi
	[ -n "$sql" ] || return 0
	query "$1" "$2" "$sql" | tr '|' '=' | LC_ALL=C sort
}

# inspect_am D DB: the live catalog of a WSO2AM_DB as schema XML.
inspect_am() {
	"$AMDELTA" inspect --db WSO2AM_DB --am-db "$(conn "$1" "$2")" 2>/dev/null
}

# apply_twice D DB RES [OPTION...]: apply --yes, then apply again; prints
# "exit|state|exit of the second|what the second executed|facts", which is
# "1|3.2.0|1||$AM_FACTS_WANT" when all is well (exit 1: amdelta's part is
# done, WSO2's identity migration client is next; state: amdelta's part). Files RES.1.* and RES.2.*.
# The first apply also reads the whole catalog after every step whose table
# it read alone (MariaDB) and stops on any difference
# (AMDELTA_TEST_CHECK_REREAD).
apply_twice() {
	local d=$1 db=$2 res=$3 rc=0 rc2=0 c
	shift 3
	c=$(conn "$d" "$db")
	AMDELTA_TEST_CHECK_REREAD=1 apply_hooked --yes "$@" --am-db "$c" --json "$res.1.json" \
		>"$res.1.out" 2>"$res.1.err" || rc=$?
	apply_t --yes "$@" --am-db "$c" --json "$res.2.json" >"$res.2.out" 2>"$res.2.err" || rc2=$?
	echo "$rc|$(jdb "$res.1.json" WSO2AM_DB '$d->{apim_state}')|$rc2|$(jdb "$res.2.json" WSO2AM_DB "$EXEC_IDS")|$(query "$d" "$db" "$AM_FACTS_SQL" 2>&1 | head -n 1)"
}

# expect_res WANT RES WHAT: the result line RES.res is WANT; on a mismatch
# the log shows what apply said.
expect_res() {
	local got f
	got=$(cat "$2.res" 2>/dev/null || echo "no result")
	if [ "$1" != "$got" ]; then
		for f in "$2".log "$2".*.err; do
			[ -s "$f" ] && t_log "$3: $f: $(tail -n 3 "$f" | tr '\n' ' ')"
		done
	fi
	t_expect_eq "$1" "$got" "$3"
}

# apply_t ARGS...: amdelta apply under a time limit: a hang fails the
# assertion on its exit status (124), not the whole test.
apply_t() {
	timeout -k 5 "$APPLY_TIMEOUT" "$AMDELTA" apply "$@"
}

# apply_hooked ARGS...: as apply_t, with the test build of the binary, the
# only one that reads the AMDELTA_TEST_* hooks.
apply_hooked() {
	[ -x "$AMDELTA_TEST" ] || { echo "no test build $AMDELTA_TEST (make build/amdelta-test)" >&2; return 2; }
	timeout -k 5 "$APPLY_TIMEOUT" "$AMDELTA_TEST" apply "$@"
}

# drop D DB: drop a database once its iteration is done: amdelta reads a
# MariaDB catalog slower with every database the server holds (its join of
# KEY_COLUMN_USAGE with REFERENTIAL_CONSTRAINTS reads them all: 0.14 s a
# status with one database, 1.7 s with 80), and apply reads it after each step.
drop() {
	if [ "$1" = pg ]; then
		db_pg_query postgres "DROP DATABASE IF EXISTS $2 WITH (FORCE)" >/dev/null 2>&1 || true
	else
		db_maria_query mysql "DROP DATABASE IF EXISTS $2" >/dev/null 2>&1 || true
	fi
}

# pool CMD...: CMD in the background, at most JOBS at a time; its seconds
# go to $T_TMP/job-seconds as "CMD SECONDS".
pool() {
	(
		t0=${EPOCHREALTIME/./}
		"$@" || true
		echo "$1 $(((${EPOCHREALTIME/./} - t0) / 1000000))" >>"$T_TMP/job-seconds"
	) &
	while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n || true; done
}

# The product reads none of the test hooks: only the test build holds them.
t_expect_eq "0 3" "$(grep -c AMDELTA_TEST_ "$AMDELTA") $(grep -ao 'AMDELTA_TEST_[A-Z_]*' "$AMDELTA_TEST" | sort -u | wc -l)" \
	"AMDELTA_TEST_ hooks in the product and in the test build"

# ---------------------------------------------------------------- (a)
t_log "(a) starts after $SECONDS s; MariaDB holds $(query maria mysql "SELECT COUNT(*) FROM information_schema.SCHEMATA") databases"
declare -A PLAN_N PLAN_LIST
for d in pg maria; do
	am=t60a_${d}_am an=t60a_${d}_an
	new_am $d $am
	new_an $d $an
	cs=(--am-db "$(conn $d $am)" --analytics-db "$(conn $d $an)")
	before=$(query $d $am "$AM_ROWS_SQL")
	t_expect_eq "60|30|30|30|10|1" "$before" "$d: seeded rows"
	t_expect_rc 1 "$AMDELTA" plan "${cs[@]}" --json "$T_TMP/a-plan-$d.json"
	plan_am=$(jdb "$T_TMP/a-plan-$d.json" WSO2AM_DB "$PLAN_IDS")
	plan_an=$(jdb "$T_TMP/a-plan-$d.json" APIM_ANALYTICS_DB "$PLAN_IDS")
	PLAN_LIST[$d]=$plan_am
	PLAN_N[$d]=$(tr ',' '\n' <<<"$plan_am" | grep -c . || true)
	t_log "$d: plan of a fresh 3.0.0 WSO2AM_DB: ${PLAN_N[$d]} steps: $plan_am"
	if [ $d = pg ]; then
		# the UUIDs come with the column: the fill is not planned
		t_expect_not_contains ",$plan_am," ",am-app-key-mapping-uuid-fill," "$d: no UUID fill step"
		t_expect_contains "$(jdb "$T_TMP/a-plan-$d.json" WSO2AM_DB 'join "; ", map { "$_->{id}: $_->{reason}" } @{$d->{skipped}}')" \
			"am-app-key-mapping-uuid-fill: filled as its column is added" "$d: why the fill is not planned"
	else
		t_expect_contains ",$plan_am," ",am-app-key-mapping-uuid-fill," "$d: the plan fills the UUIDs"
	fi

	# without --yes: a usage error, nothing written
	t_expect_rc 2 apply_t "${cs[@]}"
	t_expect_contains "$(<"$T_ERR")" "--yes" "$d: apply without --yes says why"
	t_expect_eq "" "$(grep -E '^-- [0-9]+ ms' "$T_OUT" || true)" "$d: apply without --yes ran no step"
	t_expect_eq "3.0.0|3.0.0" "$(status_state $d $am)|$(status_state $d $an --analytics-db)" "$d: still 3.0.0 after apply without --yes"
	t_expect_eq "$before" "$(query $d $am "$AM_ROWS_SQL")" "$d: rows after apply without --yes"

	# exit 1: amdelta's part is done, WSO2's identity migration client is next
	t_expect_rc 1 apply_t --yes "${cs[@]}" --json "$T_TMP/a-$d.json" --junit "$T_TMP/a-$d.xml"
	cp "$T_OUT" "$T_TMP/a-$d.out"
	# the JUnit report: a testcase per database, whose system-out lists the
	# steps in order with their time and SQL
	junit=$T_TMP/a-$d.xml
	t_junit_valid "$junit" "$d: apply's JUnit"
	am_out=$(t_junit "$junit" "/testsuites/testsuite[@name='apply: WSO2AM_DB']/testcase[@name='apply']/system-out")
	t_expect_eq "$plan_am" "$(sed -n 's/^executed \([a-z0-9-]*\) in [0-9]* ms.*$/\1/p' <<<"$am_out" | paste -sd, -)" "$d: apply's JUnit steps = plan"
	t_expect_eq "$plan_an" "$(t_junit "$junit" "/testsuites/testsuite[@name='apply: APIM_ANALYTICS_DB']/testcase[@name='apply']/system-out" |
		sed -n 's/^executed \([a-z0-9-]*\) in [0-9]* ms.*$/\1/p' | paste -sd, -)" "$d: apply's JUnit analytics steps = plan"
	t_expect_eq "1|0|1|failure|pass|WSO2's identity migration client (guide step 2.5)" \
		"$(t_junit "$junit" "concat(/testsuites/@failures, '|', /testsuites/@errors, '|', /testsuites/@skipped)")|$(t_junit_outcome "$junit" "apply: WSO2AM_DB" WSO2AM_DB apply)|$(t_junit_outcome "$junit" "apply: APIM_ANALYTICS_DB" APIM_ANALYTICS_DB apply)|$(t_junit "$junit" "string(/testsuites/testsuite[@name='apply: WSO2AM_DB']/properties/property[@name='next']/@value)")" \
		"$d: apply's JUnit: WSO2AM_DB waits for the identity client, analytics passes, SHARED_DB not configured"
	t_expect_match "$am_out" 'executed am-api-categories in [0-9]+ ms:' "$d: apply's JUnit: the time of a step"
	t_expect_match "$am_out" "CREATE TABLE.*AM_API_CATEGORIES" "$d: apply's JUnit: the SQL of a step"
	t_expect_no_apply_advice "$(cat "$T_TMP/a-$d.out" "$T_ERR")" "$d: after apply, no output says to run apply"
	t_expect_eq "3.2.0|3.2.0" "$(jdb "$T_TMP/a-$d.json" WSO2AM_DB '$d->{apim_state}')|$(jdb "$T_TMP/a-$d.json" APIM_ANALYTICS_DB '$d->{state}')" "$d: apply's JSON states"
	t_expect_eq "$plan_am" "$(jdb "$T_TMP/a-$d.json" WSO2AM_DB "$EXEC_IDS")" "$d: WSO2AM_DB executed = plan"
	t_expect_eq "$plan_an" "$(jdb "$T_TMP/a-$d.json" APIM_ANALYTICS_DB "$EXEC_IDS")" "$d: APIM_ANALYTICS_DB executed = plan"
	# every executed step: its SQL, whole milliseconds; data fixes their rows
	t_expect_eq "" "$(t_json "$T_TMP/a-$d.json" 'map { my $n = $_->{name}; map { "$n $_->{id}" } grep {
			!defined $_->{sql} || $_->{sql} !~ /\S/ || !defined $_->{ms} || $_->{ms} !~ /^\d+$/
		} @{$_->{executed} // []} } @{$j->{databases}}')" "$d: executed steps without sql or ms"
	# PostgreSQL fills the UUIDs as it adds the column (one rewrite): no fill step
	if [ $d = pg ]; then want="none|10"; else want="60|10"; fi
	t_expect_eq "$want" "$(jdb "$T_TMP/a-$d.json" WSO2AM_DB 'my %r = map { $_->{id} => $_->{rows} // "none" } @{$d->{executed}};
		($r{"am-app-key-mapping-uuid-fill"} // "none") . "|" . $r{"idn-oauth-consumer-apps-callback-url-fill"}')" "$d: rows of the data fixes"
	t_expect_match "$(jdb "$T_TMP/a-$d.json" WSO2AM_DB 'map { $_->{sql} } grep { $_->{id} eq "am-api-categories" } @{$d->{executed}}')" \
		"CREATE TABLE.*AM_API_CATEGORIES" "$d: the SQL of am-api-categories"
	# the transcript: "-- ID (TABLE): title", the statement, "-- N ms", step by step
	t_expect_eq "$plan_am,$plan_an" "$(sed -n 's/^-- \([a-z0-9-]*\) ([A-Za-z_0-9]*)\(: .*\)\{0,1\}$/\1/p' "$T_TMP/a-$d.out" | paste -sd, -)" "$d: the transcript's steps"
	t_expect_eq "$(tr ',' '\n' <<<"$plan_am,$plan_an" | grep -c .)" "$(transcript_steps "$T_TMP/a-$d.out")" "$d: one '-- N ms' line per step"
	if [ $d = pg ]; then
		t_expect_contains "$(<"$T_TMP/a-$d.out")" "ADD COLUMN UUID VARCHAR(100) DEFAULT gen_random_uuid()::text;" "$d: UUIDs as the column is added"
	else
		t_expect_match "$(<"$T_TMP/a-$d.out")" $'\n-- [0-9]+ ms, 60 rows in [0-9]+ batch(es)?\n' "$d: the UUID fill's line"
	fi
	t_expect_contains "$(<"$T_TMP/a-$d.out")" "-- am-api-categories (AM_API_CATEGORIES)" "$d: transcript"

	t_expect_rc 1 "$AMDELTA" status "${cs[@]}" --json -
	t_expect_eq "partial/3.2.0/5.9.0|3.2.0/3.2.0/none" "$(t_json "$T_OUT" 'join "|", map { "$_->{state}/$_->{apim_state}/$_->{identity_state}" } grep { $_->{state} ne "not-configured" } @{$j->{databases}}')" "$d: status after apply"
	t_expect_eq "$AM_FACTS_WANT" "$(query $d $am "$AM_FACTS_SQL")" "$d: WSO2AM_DB rows after apply"
	t_expect_eq "5|5" "$(query $d $an "SELECT COUNT(*), COUNT(DISTINCT apiVersion) FROM $(analytics_table $d)")" "$d: analytics rows after apply"

	t_expect_rc 1 apply_t --yes "${cs[@]}" --json "$T_TMP/a2-$d.json"
	t_expect_eq "|" "$(jdb "$T_TMP/a2-$d.json" WSO2AM_DB "$EXEC_IDS")|$(jdb "$T_TMP/a2-$d.json" APIM_ANALYTICS_DB "$EXEC_IDS")" "$d: the second apply's executed"
	t_expect_eq 0 "$(transcript_steps "$T_OUT")" "$d: the second apply's transcript"
done

# ---------------------------------------------------------------- (b)-(e) iterations
# Each writes its result line to RES.res (and the clients' output to RES.log);
# the assertions come after the pool.

# iter_b D K: the guide's script cut after statement K, then apply.
iter_b() {
	local d=$1 k=$2 db=t60b_${1}_$2 res=$T_TMP/b_${1}_$2
	new_am "$d" "$db" >"$res.log" 2>&1 || { echo "cannot create $db" >"$res.res"; return 0; }
	if [ "$k" -gt 0 ] && ! db_apply_statements "$d" "$db" "$T_TMP/guide-$(dialect_of "$d").sql" 1 "$k" >>"$res.log" 2>&1; then
		echo "the guide's statements 1..$k fail" >"$res.res"
		return 0
	fi
	apply_twice "$d" "$db" "$res" >"$res.res"
	drop "$d" "$db"
}

# iter_c D I SEED: a random subset of the guide's statements in random order,
# one client session each, failures ignored; then apply.
iter_c() {
	local d=$1 db=t60c_${1}_$2 res=$T_TMP/c_${1}_$2 script n s
	script=$T_TMP/guide-$(dialect_of "$d").sql
	n=$(perl "$split" --count --dialect="$(dialect_of "$d")" "$script")
	perl -e 'srand($ARGV[0]); my @s = (1 .. $ARGV[1]);
		for (my $i = $#s; $i > 0; $i--) { my $r = int(rand($i + 1)); @s[$i, $r] = @s[$r, $i] }
		print join(" ", @s[0 .. int(rand($ARGV[1]))]), "\n"' "$3" "$n" >"$res.subset"
	new_am "$d" "$db" >"$res.log" 2>&1 || { echo "cannot create $db" >"$res.res"; return 0; }
	for s in $(<"$res.subset"); do
		db_apply_statements "$d" "$db" "$script" "$s" "$s" >>"$res.log" 2>&1 || echo "statement $s failed" >>"$res.log"
	done
	apply_twice "$d" "$db" "$res" >"$res.res"
	drop "$d" "$db"
}

# iter_d D: the guide's script, then again statement by statement with
# failures ignored; then apply. Also "counts kept" when apply changed no
# table's row count.
iter_d() {
	local d=$1 db=t60d_${1}_twice res=$T_TMP/d_$1 script n s line
	script=$T_TMP/guide-$(dialect_of "$d").sql
	n=$(perl "$split" --count --dialect="$(dialect_of "$d")" "$script")
	new_am "$d" "$db" >"$res.log" 2>&1 || { echo "cannot create $db" >"$res.res"; return 0; }
	db_apply_statements "$d" "$db" "$script" >>"$res.log" 2>&1 || { echo "the guide's script fails" >"$res.res"; return 0; }
	for ((s = 1; s <= n; s++)); do
		db_apply_statements "$d" "$db" "$script" "$s" "$s" >>"$res.log" 2>&1 || echo "statement $s failed the second time" >>"$res.log"
	done
	row_counts "$d" "$db" >"$res.before"
	line=$(apply_twice "$d" "$db" "$res")
	row_counts "$d" "$db" >"$res.after"
	if diff "$res.before" "$res.after" >"$res.diff"; then
		echo "$line|counts kept" >"$res.res"
	else
		echo "$line|counts changed: $(grep '^[<>]' "$res.diff" | tr '\n' ' ')" >"$res.res"
	fi
	drop "$d" "$db"
}

# iter_e D K: apply killed by itself after step K, then apply again.
# RES.res: "exit|steps in the transcript|status after the kill|exit|state|what
# the second executed|facts".
iter_e() {
	local d=$1 k=$2 db=t60e_${1}_$2 res=$T_TMP/e_${1}_$2 c rc=0 rc2=0 st
	new_am "$d" "$db" >"$res.log" 2>&1 || { echo "cannot create $db" >"$res.res"; return 0; }
	c=$(conn "$d" "$db")
	AMDELTA_TEST_STOP_AFTER=$k apply_hooked --yes --am-db "$c" --json "$res.1.json" >"$res.1.out" 2>"$res.1.err" || rc=$?
	st=$(status_state "$d" "$db")
	apply_t --yes --am-db "$c" --json "$res.2.json" >"$res.2.out" 2>"$res.2.err" || rc2=$?
	echo "$rc|$(transcript_steps "$res.1.out")|$st|$rc2|$(jdb "$res.2.json" WSO2AM_DB '$d->{apim_state}')|$(jdb "$res.2.json" WSO2AM_DB "$EXEC_IDS")|$(query "$d" "$db" "$AM_FACTS_SQL" 2>&1 | head -n 1)" >"$res.res"
	drop "$d" "$db"
}

# iter_e_chain D: one fresh database, apply killed after its first step
# (AMDELTA_TEST_STOP_AFTER=1) again and again until nothing is left. Line k
# of RES.res: "k|exit|the step its transcript shows|steps in the
# transcript|state after|plan's steps after|what it executed (JSON)", then
# "facts|...".
iter_e_chain() {
	local d=$1 db=t60e_${1}_chain res=$T_TMP/e_$1 c k rc n
	n=${PLAN_N[$d]}
	new_am "$d" "$db" >"$res.log" 2>&1 || { echo "cannot create $db" >"$res.res"; return 0; }
	c=$(conn "$d" "$db")
	: >"$res.res"
	for ((k = 1; k <= n + 1; k++)); do
		rc=0
		AMDELTA_TEST_STOP_AFTER=1 apply_hooked --yes --am-db "$c" --json "$res.$k.json" >"$res.$k.out" 2>"$res.$k.err" || rc=$?
		"$AMDELTA" plan --am-db "$c" --json "$res.$k.plan.json" >/dev/null 2>&1 || true
		echo "$k|$rc|$(sed -n 's/^-- \([a-z0-9-]*\) ([A-Za-z_0-9]*)\(: .*\)\{0,1\}$/\1/p' "$res.$k.out" | paste -sd, -)|$(transcript_steps "$res.$k.out")|$(jdb "$res.$k.plan.json" WSO2AM_DB '$d->{apim_state}')|$(jdb "$res.$k.plan.json" WSO2AM_DB "$PLAN_IDS")|$(jdb "$res.$k.json" WSO2AM_DB "$EXEC_IDS")" >>"$res.res"
		[ "$rc" = 137 ] || break
	done
	echo "facts|$(query "$d" "$db" "$AM_FACTS_SQL" 2>&1 | head -n 1)" >>"$res.res"
	drop "$d" "$db"
}

t_log "(b)-(e) start after $SECONDS s"
declare -A NSTMT
for d in pg maria; do
	NSTMT[$d]=$(perl "$split" --count --dialect="$(dialect_of $d)" "$T_TMP/guide-$(dialect_of $d).sql")
done
c_seeds=()
for ((i = 0; i < 6; i++)); do c_seeds+=("$RANDOM"); done
# CREATE TABLE is a third faster on MariaDB with tables in the system
# tablespace (as in t_50); put back at the end.
db_maria_query mysql "SET GLOBAL innodb_file_per_table = OFF"
pool iter_e_chain pg
pool iter_e_chain maria
pool iter_d pg
pool iter_d maria
for ((k = 0; k <= NSTMT[pg] || k <= NSTMT[maria]; k++)); do
	if [ "$k" -le "${NSTMT[pg]}" ]; then pool iter_b pg "$k"; fi
	if [ "$k" -le "${NSTMT[maria]}" ]; then pool iter_b maria "$k"; fi
done
for ((i = 0; i < 6; i++)); do
	pool iter_c pg "$i" "${c_seeds[$i]}"
	pool iter_c maria "$i" "${c_seeds[$i]}"
done
declare -A E_KS
for d in pg maria; do
	E_KS[$d]="2 $((PLAN_N[$d] / 2)) $((PLAN_N[$d] - 1))"
	for k in ${E_KS[$d]}; do pool iter_e $d "$k"; done
done
wait
db_maria_query mysql "SET GLOBAL innodb_file_per_table = ON"
t_log "(b)-(e) iterations done after $SECONDS s; seconds per kind of iteration, summed: $(awk '{ n[$1]++; s[$1] += $2 } END { for (k in n) printf "%s %d x, %d s; ", k, n[k], s[k] }' "$T_TMP/job-seconds")"

ok_line="1|3.2.0|1||$AM_FACTS_WANT"
for d in pg maria; do
	dialect=$(dialect_of $d)
	for ((k = 0; k <= ${NSTMT[$d]}; k++)); do
		expect_res "$ok_line" "$T_TMP/b_${d}_$k" "(b) $dialect: guide cut after statement $k of ${NSTMT[$d]}, then apply"
	done
	for ((i = 0; i < 6; i++)); do
		expect_res "$ok_line" "$T_TMP/c_${d}_$i" "(c) $dialect: guide statements $(cat "$T_TMP/c_${d}_$i.subset" 2>/dev/null) one by one, then apply"
	done
	expect_res "$ok_line|counts kept" "$T_TMP/d_$d" "(d) $dialect: the guide twice, then apply"
	IFS=, read -r -a steps <<<"${PLAN_LIST[$d]}"
	n=${PLAN_N[$d]}
	# the chain: killed after one step each time
	for ((k = 1; k <= n + 1; k++)); do
		line=$(sed -n "${k}p" "$T_TMP/e_$d.res" 2>/dev/null)
		IFS='|' read -r _ rc ran nran st planned executed <<<"${line:-no result}"
		rest=$(IFS=,; echo "${steps[*]:k}")
		if [ "$k" -gt "$n" ]; then
			t_expect_eq "1||0|3.2.0||" "$rc|$ran|$nran|$st|$planned|$executed" "(e) $dialect: apply after $n kills: exit|step|steps|state|plan left|executed"
			break
		fi
		t_expect_eq "137|${steps[k - 1]}|1|$rest" "$rc|$ran|$nran|$planned" \
			"(e) $dialect: apply number $k, killed after one step: exit|its step|steps in its transcript|plan left"
		if [ "$k" -lt "$n" ]; then
			t_expect_match "$st" '^(partial|3\.1\.0)$' "(e) $dialect: state after $k kills"
		else
			t_expect_eq 3.2.0 "$st" "(e) $dialect: state after $k kills"
		fi
		if [ "$rc" != 137 ]; then
			t_log "(e) $dialect: the chain stopped at apply number $k: $(tail -n 3 "$T_TMP/e_$d.$k.err" 2>/dev/null | tr '\n' ' ')"
			break
		fi
	done
	t_expect_eq "facts|$AM_FACTS_WANT" "$(grep '^facts|' "$T_TMP/e_$d.res" 2>/dev/null)" "(e) $dialect: rows after $n kills"
	# killed after step k, then apply to the end
	for k in ${E_KS[$d]}; do
		res=$T_TMP/e_${d}_$k
		IFS='|' read -r rc ran st rc2 st2 ids facts <<<"$(cat "$res.res" 2>/dev/null || echo "no result")"
		rest=$(IFS=,; echo "${steps[*]:k}")
		t_expect_eq 137 "$rc" "(e) $dialect: apply killed after step $k: exit status"
		t_expect_eq "$k" "$ran" "(e) $dialect: apply killed after step $k: steps in its transcript"
		t_expect_match "$st" '^(partial|3\.1\.0)$' "(e) $dialect: status after a kill after step $k"
		t_expect_eq "1|3.2.0|$rest|$AM_FACTS_WANT" "$rc2|$st2|$ids|$facts" "(e) $dialect: apply after a kill after step $k runs steps $((k + 1))..$n"
		[ "$rc2" = 1 ] || t_log "(e) $dialect k=$k: $(tail -n 3 "$res.2.err" 2>/dev/null | tr '\n' ' ')"
	done
done

# ---------------------------------------------------------------- (e) random kills
t_log "(e) random kills start after $SECONDS s"
# big_am D DB: new_am plus 25,000 applications with two key mappings each
# (50,060 key mappings) and a consumer app without a callback URL each (the
# second batched fix: a kill up to 400 ms into the first still finds apply
# running).
big_am() {
	local gen pre=""
	new_am "$1" "$2" || return 1
	if [ "$1" = pg ]; then
		gen="SELECT n FROM generate_series(1001, 26000) AS g(n)"
	else
		gen="WITH RECURSIVE g(n) AS (SELECT 1001 UNION ALL SELECT n + 1 FROM g WHERE n < 26000) SELECT n FROM g"
		pre="SET SESSION max_recursive_iterations = 100000;"
	fi
	query "$1" "$2" "$pre
		INSERT INTO AM_APPLICATION (APPLICATION_ID, NAME, SUBSCRIBER_ID, APPLICATION_TIER, APPLICATION_STATUS, UUID)
		SELECT n, CONCAT('big', n), 1, 'Unlimited', 'APPROVED', CONCAT('uuid-big-', n) FROM ($gen) x;
		INSERT INTO AM_APPLICATION_KEY_MAPPING (APPLICATION_ID, CONSUMER_KEY, KEY_TYPE, STATE, CREATE_MODE)
		SELECT APPLICATION_ID, CONCAT('ck-p-', APPLICATION_ID), 'PRODUCTION', 'COMPLETED', 'CREATED' FROM AM_APPLICATION WHERE APPLICATION_ID > 1000;
		INSERT INTO AM_APPLICATION_KEY_MAPPING (APPLICATION_ID, CONSUMER_KEY, KEY_TYPE, STATE, CREATE_MODE)
		SELECT APPLICATION_ID, CONCAT('ck-s-', APPLICATION_ID), 'SANDBOX', 'COMPLETED', 'CREATED' FROM AM_APPLICATION WHERE APPLICATION_ID > 1000;
		INSERT INTO IDN_OAUTH_CONSUMER_APPS (ID, CONSUMER_KEY, CONSUMER_SECRET, USERNAME, TENANT_ID, USER_DOMAIN, APP_NAME, OAUTH_VERSION, CALLBACK_URL, GRANT_TYPES)
		SELECT APPLICATION_ID, CONCAT('ck-big-', APPLICATION_ID), 'secret', 'admin', -1234, 'PRIMARY', NAME, 'OAuth-2.0', NULL, 'client_credentials'
		FROM AM_APPLICATION WHERE APPLICATION_ID > 1000" >/dev/null
	# PostgreSQL fills the UUIDs as it adds the column: here a script that
	# died added it already, so the batched fill has them all to do
	if [ "$1" = pg ]; then
		query "$1" "$2" "ALTER TABLE AM_APPLICATION_KEY_MAPPING ADD COLUMN UUID VARCHAR(100)" >/dev/null
	fi
}
BIG_FACTS="50060|50060|50060|30|25030|25030|0|1"
# The UUIDs filled so far and the rows without one; "none" before the column exists.
uuid_progress() {
	query "$1" "$2" "SELECT COUNT(UUID), COUNT(*) - COUNT(UUID) FROM AM_APPLICATION_KEY_MAPPING" 2>/dev/null || echo "none"
}

# idle D DB: wait (up to 20 s) until no session is connected to DB.
idle() {
	local i n sql
	if [ "$1" = pg ]; then
		sql="SELECT COUNT(*) FROM pg_stat_activity WHERE datname = '$2'"
	else
		sql="SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE DB = '$2'"
	fi
	for ((i = 0; i < 200; i++)); do
		n=$(query "$1" "$([ "$1" = pg ] && echo postgres || echo mysql)" "$sql")
		[ "$n" = 0 ] && return 0
		sleep 0.1
	done
	t_log "$2: still $n sessions after 20 s"
}
new_big() {
	if [ "$1" = pg ]; then
		if [ "$(db_pg_query postgres "SELECT COUNT(*) FROM pg_database WHERE datname = 't60k_pg_big'")" = 0 ]; then
			big_am pg t60k_pg_big || return 1
		fi
		db_pg_query postgres "CREATE DATABASE $2 TEMPLATE t60k_pg_big"
	else
		big_am maria "$2"
	fi
}
for d in pg maria; do
	dialect=$(dialect_of $d)
	for i in 1 2 3; do
		db=t60k_${d}_$i res=$T_TMP/k_${d}_$i
		new_big $d $db || t_fail "$dialect: cannot build the database of 50,000 key mappings"
		c=$(conn $d $db)
		t_expect_eq "50060|25010" "$(query $d $db "SELECT (SELECT COUNT(*) FROM AM_APPLICATION_KEY_MAPPING), (SELECT COUNT(*) FROM IDN_OAUTH_CONSUMER_APPS WHERE CALLBACK_URL IS NULL)")" "$dialect: the big seed"
		"$AMDELTA" apply --yes --batch-rows 1000 --am-db "$c" >"$res.1.out" 2>"$res.1.err" &
		pid=$!
		# the random moment is counted from the start of the UUID fill (when the
		# transcript shows it within 20 s), else from the start of apply
		for ((w = 0; w < 400; w++)); do
			grep -q '^-- am-app-key-mapping-uuid-fill ' "$res.1.out" 2>/dev/null && break
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.05
		done
		ms=$((50 + RANDOM % 351))
		sleep "$(printf '0.%03d' "$ms")"
		kill -KILL "$pid" 2>/dev/null || true
		rc=0
		wait "$pid" || rc=$?
		# the server finishes the statement a killed client had sent (one
		# batch, autocommitted): wait until its session is gone
		idle $d $db
		prog=$(uuid_progress $d $db)
		last=$(grep '^-- [a-z0-9-]* (' "$res.1.out" | tail -n 1 || true)
		t_log "$dialect kill $i: ${ms} ms after ${last:-the start}: exit $rc, UUIDs filled|missing: $prog"
		t_expect_eq 137 "$rc" "$dialect kill $i: apply was killed while running"
		# a batch (a range of APPLICATION_ID) is all or nothing: no application
		# has some of its key mappings filled and not the others
		if [ "$prog" != none ]; then
			t_expect_eq 0 "$(query $d $db "SELECT COUNT(*) FROM (SELECT APPLICATION_ID FROM AM_APPLICATION_KEY_MAPPING
				GROUP BY APPLICATION_ID HAVING COUNT(UUID) > 0 AND COUNT(UUID) < COUNT(*)) x")" "$dialect kill $i: applications half filled ($prog)"
		fi
		t_expect_rc 1 apply_t --yes --batch-rows 1000 --lock-timeout 30 --am-db "$c" --json "$res.2.json"
		t_expect_eq "3.2.0" "$(jdb "$res.2.json" WSO2AM_DB '$d->{apim_state}')" "$dialect kill $i: apply again"
		# its transcript: "-- N ms, R rows in B batches" after the fill, batches
		# of about --batch-rows 1000 rows: R <= 2000 B
		fill=$(sed -n '/^-- am-app-key-mapping-uuid-fill (/,/^-- [0-9]* ms/p' "$T_OUT" | sed -n 's/^-- [0-9]* ms, \([0-9]*\) rows\{0,1\} in \([0-9]*\) batch.*/\1 \2/p')
		if [ -n "$fill" ]; then
			t_expect_eq 1 "$((${fill% *} <= 2000 * ${fill#* }))" "$dialect kill $i: batches of about 1000 rows (rows batches: $fill)"
		fi
		# resumable: the second apply fills only the rows left
		if [ "$prog" != none ] && [[ ,$(jdb "$res.2.json" WSO2AM_DB "$EXEC_IDS"), == *,am-app-key-mapping-uuid-fill,* ]]; then
			t_expect_eq "${prog#*|}" "$(jdb "$res.2.json" WSO2AM_DB 'map { $_->{rows} } grep { $_->{id} eq "am-app-key-mapping-uuid-fill" } @{$d->{executed}}')" \
				"$dialect kill $i: the second apply fills the rows left"
		fi
		t_expect_eq "$BIG_FACTS" "$(query $d $db "$AM_FACTS_SQL")" "$dialect kill $i: rows, UUIDs unique, callback URLs"
		drop $d $db
	done
done

# ---------------------------------------------------------------- (f)
t_log "(f) starts after $SECONDS s"
for d in pg maria; do
	dialect=$(dialect_of $d)
	db=t60f_${d}_held
	new_am $d $db
	c=$(conn $d $db)
	AMDELTA_TEST_HOLD_LOCK_MS=3000 apply_hooked --yes --am-db "$c" --json "$T_TMP/f1-$d.json" >"$T_TMP/f1-$d.out" 2>"$T_TMP/f1-$d.err" &
	pid=$!
	# until it holds the lock: PostgreSQL shows the advisory lock; on
	# MariaDB, half a second after its session appears
	for ((i = 0; i < 100; i++)); do
		if [ $d = pg ]; then
			held=$(query pg postgres "SELECT COUNT(*) FROM pg_locks l JOIN pg_database b ON b.oid = l.database WHERE l.locktype = 'advisory' AND b.datname = '$db'")
		else
			held=$(query maria mysql "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE DB = '$db'")
		fi
		[ "$held" != 0 ] && break
		sleep 0.1
	done
	[ $d = pg ] || sleep 0.5
	t_expect_ne 0 "$held" "$dialect: the first apply took the lock within 10 s"
	t0=${EPOCHREALTIME/./}
	t_expect_rc 4 apply_t --yes --lock-timeout 1 --am-db "$c" --json "$T_TMP/f2-$d.json"
	waited=$(((${EPOCHREALTIME/./} - t0) / 1000))
	t_expect_contains "$(<"$T_ERR")" "another amdelta apply holds the lock on WSO2AM_DB" "$dialect: the second apply"
	t_expect_eq 0 "$(transcript_steps "$T_OUT")" "$dialect: the second apply ran nothing"
	t_log "$dialect: the second apply gave up after $waited ms"
	t_expect_match "$waited" '^(9[0-9]{2}|1[0-9]{3}|2[0-4][0-9]{2})$' "$dialect: --lock-timeout 1 waits about a second (ms)"
	rc=0
	wait "$pid" || rc=$?
	t_expect_eq 1 "$rc" "$dialect: the apply holding the lock (amdelta's part done)"
	t_expect_eq "3.2.0|${PLAN_LIST[$d]}" "$(jdb "$T_TMP/f1-$d.json" WSO2AM_DB '$d->{apim_state}')|$(jdb "$T_TMP/f1-$d.json" WSO2AM_DB "$EXEC_IDS")" "$dialect: the apply holding the lock ran every step"

	# two at once: every step runs once
	db=t60f_${d}_race
	new_am $d $db
	c=$(conn $d $db)
	apply_t --yes --lock-timeout 120 --am-db "$c" --json "$T_TMP/r1-$d.json" >"$T_TMP/r1-$d.out" 2>"$T_TMP/r1-$d.err" &
	p1=$!
	apply_t --yes --lock-timeout 120 --am-db "$c" --json "$T_TMP/r2-$d.json" >"$T_TMP/r2-$d.out" 2>"$T_TMP/r2-$d.err" &
	p2=$!
	rc1=0 rc2=0
	wait "$p1" || rc1=$?
	wait "$p2" || rc2=$?
	t_expect_eq "1 1" "$rc1 $rc2" "$dialect: two applies at once both end with amdelta's part done (exit 1)"
	ids=$( (jdb "$T_TMP/r1-$d.json" WSO2AM_DB "$EXEC_IDS"; jdb "$T_TMP/r2-$d.json" WSO2AM_DB "$EXEC_IDS") | tr ',' '\n' | sed '/^$/d')
	t_expect_eq "" "$(sort <<<"$ids" | uniq -d | paste -sd, -)" "$dialect: no step ran twice"
	t_expect_eq "$(tr ',' '\n' <<<"${PLAN_LIST[$d]}" | sort | paste -sd, -)" "$(sort <<<"$ids" | paste -sd, -)" "$dialect: between them the two ran every step"
	t_expect_eq "3.2.0|$AM_FACTS_WANT" "$(status_state $d $db)|$(query $d $db "$AM_FACTS_SQL")" "$dialect: after two applies at once"
	drop $d $db
	drop $d t60f_${d}_held
done

# ---------------------------------------------------------------- (g)
t_log "(g) starts after $SECONDS s"
for d in pg maria; do
	dialect=$(dialect_of $d)
	am=t60g_${d}_am an=t60g_${d}_an
	db_new_reference $d 3.2.0 wso2am_db $am
	db_new_reference $d 3.2.0 analytics_db $an
	inspect_am $d $am >"$T_TMP/g-$d.before.xml"
	row_counts $d $am >"$T_TMP/g-$d.before.rows"
	t_expect_ne 0 "$(grep -c '<table ' "$T_TMP/g-$d.before.xml" || true)" "$dialect: inspect reads the tables"
	if [ $d = pg ]; then
		db_pg_query postgres "ALTER DATABASE $am SET log_statement = 'all'"
		db_pg_query postgres "ALTER DATABASE $an SET log_statement = 'all'"
		mark=$(wc -l <"$PG_DIR/server.log")
	else
		db_maria_query mysql "SET GLOBAL general_log_file = '$T_TMP/g-maria-general.log'; SET GLOBAL general_log = 1"
	fi
	t_expect_rc 0 apply_t --yes --am-db "$(conn $d $am)" --analytics-db "$(conn $d $an)" --json "$T_TMP/g-$d.json"
	if [ $d = pg ]; then
		tail -n +"$((mark + 1))" "$PG_DIR/server.log" | grep -E '(statement|execute [^:]*): ' >"$T_TMP/g-$d.statements" || true
	else
		db_maria_query mysql "SET GLOBAL general_log = 0"
		grep -E '\s(Query|Execute)\s' "$T_TMP/g-maria-general.log" | grep -v -i 'general_log' >"$T_TMP/g-$d.statements" || true
	fi
	t_expect_eq "|" "$(jdb "$T_TMP/g-$d.json" WSO2AM_DB "$EXEC_IDS")|$(jdb "$T_TMP/g-$d.json" APIM_ANALYTICS_DB "$EXEC_IDS")" "$dialect: a fresh 3.2.0: nothing executed"
	t_expect_eq 0 "$(transcript_steps "$T_OUT")" "$dialect: a fresh 3.2.0: no step in the transcript"
	t_expect_ne 0 "$(wc -l <"$T_TMP/g-$d.statements")" "$dialect: the server logged apply's statements"
	t_expect_eq "" "$(grep -i -E "$T_SQL_WRITES" "$T_TMP/g-$d.statements" || true)" \
		"$dialect: apply sent no writing statement to a fresh 3.2.0"
	inspect_am $d $am >"$T_TMP/g-$d.after.xml"
	row_counts $d $am >"$T_TMP/g-$d.after.rows"
	t_expect_eq "" "$(diff "$T_TMP/g-$d.before.xml" "$T_TMP/g-$d.after.xml" | head -n 5)" "$dialect: a fresh 3.2.0's catalog after apply"
	t_expect_eq "" "$(diff "$T_TMP/g-$d.before.rows" "$T_TMP/g-$d.after.rows" | head -n 5)" "$dialect: a fresh 3.2.0's rows after apply"
done

# ---------------------------------------------------------------- (h)
t_log "(h) starts after $SECONDS s"
for d in pg maria; do
	dialect=$(dialect_of $d)
	db=t60h_${d}_scope
	new_am $d $db
	query $d $db "CREATE TABLE AM_SCOPE (SCOPE_ID INTEGER, SCOPE_KIND VARCHAR(10))" >/dev/null
	inspect_am $d $db >"$T_TMP/h-$d.before.xml"
	row_counts $d $db >"$T_TMP/h-$d.before.rows"
	t_expect_rc 4 apply_t --yes --am-db "$(conn $d $db)" --json "$T_TMP/h-$d.json"
	t_expect_contains "$(<"$T_ERR")" "apply refused: WSO2AM_DB: " "$dialect conflict"
	t_expect_contains "$(<"$T_ERR")" "am-scope" "$dialect conflict: the delta is named"
	t_expect_eq 0 "$(transcript_steps "$T_OUT")" "$dialect conflict: no step in the transcript"
	t_expect_eq "partial|" "$(jdb "$T_TMP/h-$d.json" WSO2AM_DB '$d->{apim_state}')|$(jdb "$T_TMP/h-$d.json" WSO2AM_DB "$EXEC_IDS")" "$dialect conflict: JSON"
	inspect_am $d $db >"$T_TMP/h-$d.after.xml"
	row_counts $d $db >"$T_TMP/h-$d.after.rows"
	t_expect_ne 0 "$(grep -c '<table ' "$T_TMP/h-$d.before.xml" || true)" "$dialect: inspect reads the tables"
	t_expect_eq "" "$(diff "$T_TMP/h-$d.before.xml" "$T_TMP/h-$d.after.xml" | head -n 5)" "$dialect conflict: the catalog after a refused apply"
	t_expect_eq "" "$(diff "$T_TMP/h-$d.before.rows" "$T_TMP/h-$d.after.rows" | head -n 5)" "$dialect conflict: the rows after a refused apply"

	db=t60h_${d}_empty
	if [ $d = pg ]; then db_pg_createdb $db; else db_maria_createdb $db; fi
	t_expect_rc 4 apply_t --yes --am-db "$(conn $d $db)"
	t_expect_contains "$(<"$T_ERR")" "not a WSO2 API Manager" "$dialect: an empty database"
	t_expect_eq 0 "$(if [ $d = pg ]; then db_pg_table_count $db; else db_maria_table_count $db; fi)" "$dialect: an empty database stays empty"
done
t_expect_rc 3 apply_t --yes --am-db "Driver=$DB_ODBC_PG_DRIVER;Server=127.0.0.1;Port=1;Database=x;Uid=u;Pwd=p;"
t_expect_contains "$(<"$T_ERR")" "WSO2AM_DB" "no server: the database is named"

# ---------------------------------------------------------------- (i)
t_log "(i) starts after $SECONDS s"
# reg_rows D DB: the clean-up's count in status JSON, and the rows of the
# registry tables it touches.
reg_rows() {
	"$AMDELTA" status --shared-db "$(conn "$1" "$2")" --json "$T_TMP/i-status.json" >/dev/null 2>&1 || true
	echo "$(jdb "$T_TMP/i-status.json" SHARED_DB 'map { $_->{rows} // "-" } grep { $_->{id} eq "reg-versioning-cleanup" } @{$d->{deltas}}')|$(query "$1" "$2" \
		"SELECT (SELECT COUNT(*) FROM REG_PROPERTY), (SELECT COUNT(*) FROM REG_RESOURCE_PROPERTY), (SELECT COUNT(*) FROM REG_TAG), (SELECT COUNT(*) FROM REG_RESOURCE_TAG)")"
}
for d in pg maria; do
	dialect=$(dialect_of $d)
	for v in guide none disabled enabled cleanup; do
		db=t60i_${d}_$v
		db_new_reference $d 3.0.0 shared_db $db
		if [ $d = pg ]; then seed_registry | db_pg_psql $db -q -v ON_ERROR_STOP=1 >/dev/null
		else seed_registry | db_maria_sql $db >/dev/null; fi
	done
	t_expect_eq "7|5|5|2|2" "$(reg_rows $d t60i_${d}_none)" "$dialect: the seeded registry"
	db_apply_statements $d t60i_${d}_guide "$SHARED/wso2-reference/deltas/registry-versioning-cleanup/$dialect.sql" >"$T_TMP/i.log" 2>&1 ||
		t_fail "$dialect: the guide's clean-up script failed: $(tail -n 3 "$T_TMP/i.log")"
	guide_left=$(reg_rows $d t60i_${d}_guide)
	t_expect_eq "0" "${guide_left%%|*}" "$dialect: the guide's clean-up"

	# no flag: left, and the output says why
	t_expect_rc 1 apply_t --yes --shared-db "$(conn $d t60i_${d}_none)" --json "$T_TMP/i-none-$d.json"
	t_expect_eq "7|5|5|2|2" "$(reg_rows $d t60i_${d}_none)" "$dialect: apply without a registry flag leaves the versioned rows"
	said=$(cat "$T_OUT" "$T_ERR")
	t_expect_contains "$said" "reg-versioning-cleanup" "$dialect: apply without a registry flag names the clean-up"
	t_expect_match "$said" "--registry-(xml|cleanup)" "$dialect: apply without a registry flag says what would run it"
	t_expect_eq "" "$(jdb "$T_TMP/i-none-$d.json" SHARED_DB "$EXEC_IDS")" "$dialect: apply without a registry flag executed"

	t_expect_rc 1 apply_t --yes --registry-xml "$config/registry-versioning-disabled.xml" --shared-db "$(conn $d t60i_${d}_disabled)" --json "$T_TMP/i-dis-$d.json"
	t_expect_eq "7|5|5|2|2" "$(reg_rows $d t60i_${d}_disabled)" "$dialect: apply with versioning disabled in registry.xml leaves the rows"
	t_expect_eq "" "$(jdb "$T_TMP/i-dis-$d.json" SHARED_DB "$EXEC_IDS")" "$dialect: apply with versioning disabled executed"

	t_expect_rc 1 apply_t --yes --registry-xml "$config/registry-versioning-enabled.xml" --shared-db "$(conn $d t60i_${d}_enabled)" --json "$T_TMP/i-en-$d.json"
	t_expect_eq "$guide_left" "$(reg_rows $d t60i_${d}_enabled)" "$dialect: apply with versioning enabled in registry.xml cleans up as the guide does"
	t_expect_eq "reg-versioning-cleanup|3.0.0" "$(jdb "$T_TMP/i-en-$d.json" SHARED_DB "$EXEC_IDS")|$(jdb "$T_TMP/i-en-$d.json" SHARED_DB '$d->{state}')" \
		"$dialect: apply with versioning enabled runs the clean-up only (identity is WSO2's migration client's)"

	t_expect_rc 1 apply_t --yes --registry-cleanup --shared-db "$(conn $d t60i_${d}_cleanup)"
	t_expect_eq "$guide_left" "$(reg_rows $d t60i_${d}_cleanup)" "$dialect: apply --registry-cleanup"
done
t_expect_rc 2 apply_t --yes --registry-cleanup --registry-xml "$config/registry-versioning-disabled.xml" --shared-db "$(conn pg t60i_pg_none)"
t_expect_eq "7|5|5|2|2" "$(reg_rows pg t60i_pg_none)" "--registry-cleanup with --registry-xml: nothing done"

# ---------------------------------------------------------------- (j)
t_log "(j) starts after $SECONDS s"
for d in pg maria; do
	dialect=$(dialect_of $d)
	an=t60j_${d}_an
	new_an $d $an
	tables=$(if [ $d = pg ]; then db_pg_table_count $an; else db_maria_table_count $an; fi)
	t_expect_rc 0 apply_t --yes --analytics-db "$(conn $d $an)" --json "$T_TMP/j-$d.json"
	t_expect_eq "3.2.0|apilastaccesssummary-pk-drop,apilastaccesssummary-pk" \
		"$(jdb "$T_TMP/j-$d.json" APIM_ANALYTICS_DB '$d->{state}')|$(jdb "$T_TMP/j-$d.json" APIM_ANALYTICS_DB "$EXEC_IDS")" "$dialect: analytics apply"
	if [ $d = maria ]; then
		# names are case-sensitive there; PostgreSQL folds unquoted names
		t_expect_contains "$(jdb "$T_TMP/j-$d.json" APIM_ANALYTICS_DB 'join "\n", map { $_->{sql} } @{$d->{executed}}')" "$(analytics_table $d)" \
			"$dialect: the SQL names the table as the server has it"
	fi
	t_expect_eq "$tables" "$(if [ $d = pg ]; then db_pg_table_count $an; else db_maria_table_count $an; fi)" "$dialect: no table added"
	t_expect_eq "5|5" "$(query $d $an "SELECT COUNT(*), COUNT(DISTINCT apiVersion) FROM $(analytics_table $d)")" "$dialect: analytics rows kept"
	# the new key has the API version: a second version of api1 by the same creator fits
	rc=0
	query $d $an "INSERT INTO $(analytics_table $d) (apiContext, apiName, apiVersion, apiCreator, apiCreatorTenantDomain, applicationOwner, lastAccessTime) VALUES ('/api1/2.0', 'api1', '2.0.0', 'admin', 'carbon.super', 'admin', 9)" >/dev/null 2>&1 || rc=$?
	t_expect_eq 0 "$rc" "$dialect: a second version of an API fits the new key"
	t_expect_eq 3.2.0 "$(status_state $d $an --analytics-db)" "$dialect: analytics status after apply"
done

t_log "done after $SECONDS s"
