#!/usr/bin/env bash
# bench/apply.sh — `amdelta apply` against the guide's WSO2AM_DB script
# (3.0.0_to_3.1.0 then 3.1.0_to_3.2.0, run by psql / the mariadb client) on a
# 3.0.0 WSO2AM_DB holding ROWS rows in AM_APPLICATION_KEY_MAPPING (ROWS/2
# applications x PRODUCTION/SANDBOX, 50 applications per subscriber) and ROWS
# rows in IDN_OAUTH_CONSUMER_APPS (a third of CALLBACK_URL NULL), on
# PostgreSQL and on MariaDB, servers from tests/db/lib.sh as the tests have
# them.
#
# Per server: one seeded database (generated server-side, two sessions at
# once), copied 2 x RUNS times (PostgreSQL: CREATE DATABASE ... TEMPLATE;
# MariaDB: InnoDB transportable tablespaces, page for page). Run i: the
# guide's script on copy a_i, `amdelta apply --yes` on copy b_i, the guide
# first in odd runs and amdelta first in even ones, each after the server
# has settled (checkpoint / vacuum; MariaDB: purge and dirty pages).
# Afterwards every copy must be at 3.2.0 (amdelta status --json), every key
# mapping must have its own UUID (COUNT(*) = COUNT(DISTINCT UUID)) and no
# callback URL may be NULL.
#
# Printed: the medians over the runs of the wall seconds of each, their
# ratio amdelta/guide, amdelta's largest peak RSS (GNU time, else VmHWM
# polled from /proc); targets ratio <= 1.1, peak < 32 MB. Then every run
# with the 1-minute load average at its start (the machine may be shared),
# and where the time goes in the median run: the guide's slowest statements
# (psql \timing / mariadb -vvv), amdelta's slowest steps (its "-- N ms"
# lines), and the server's own time for every statement of amdelta's run,
# grouped (PostgreSQL log_min_duration_statement = 0 and autovacuum runs;
# MariaDB slow query log with long_query_time = 0, rows examined).
#
# Both sides run with the same server statement logging (below), and the
# order alternates; RUNS defaults to an even number so that each side runs
# first as often as second (with RUNS=3 the guide ran first twice).
#
# Environment: ROWS (default 1000000, even), RUNS (default 4), DIALECTS (default "pg maria"),
# AMDELTA, SHARED, KEEP_LOGS=DIR (copy the logs there).
# Exit status: 0 when both sides ran and every check held (targets missed
# are printed, not failed); 1 otherwise (amdelta apply failing included).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../tests/db/lib.sh
. "$here/../tests/db/lib.sh"
: "${AMDELTA:=$here/../build/amdelta}"
ROWS=${ROWS:-1000000}
RUNS=${RUNS:-4}
DIALECTS=${DIALECTS:-pg maria}
TARGET_RATIO=1.1
TARGET_PEAK_MB=32

[[ $ROWS =~ ^[0-9]+$ ]] && [ "$ROWS" -ge 2 ] && [ $((ROWS % 2)) = 0 ] ||
	{ echo "apply.sh: ROWS must be an even number >= 2 (got '$ROWS')" >&2; exit 2; }
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || { echo "apply.sh: RUNS must be a number >= 1 (got '$RUNS')" >&2; exit 2; }
[ -x "$AMDELTA" ] || { echo "apply.sh: no amdelta binary at $AMDELTA (make first)" >&2; exit 2; }
APPS=$((ROWS / 2))
SUBS=$(((APPS + 49) / 50)) # 50 applications per subscriber

export PGOPTIONS='-c client_min_messages=warning'
db_init
db_tmpdir W bench-apply
log() { printf '# [%4ds] %s\n' "$SECONDS" "$*" >&2; }
now_ns() { date +%s%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b - a) / 1e9 }'; }

# ---------------------------------------------------------------- the guide

deltas=$SHARED/wso2-reference/deltas
for dialect in postgresql mysql; do
	# the document's PostgreSQL script compares with the lower-case name
	# (as t_20_guide_prefix.sh and t_50_plan.sh apply it)
	{ cat "$deltas/3.0.0_to_3.1.0/$dialect.sql"; echo; cat "$deltas/3.1.0_to_3.2.0/$dialect.sql"; } |
		sed "s/tc.table_name = 'IDN_OAUTH2_RESOURCE_SCOPE'/tc.table_name = 'idn_oauth2_resource_scope'/" \
		>"$W/guide-$dialect.sql"
done

# ---------------------------------------------------------------- seeding

# Consumer keys and secrets: 28 hex characters from md5, the same values on
# both servers; key mapping row n (odd n PRODUCTION, even n SANDBOX of
# application (n+1)/2) has the consumer key of consumer app n. Rows are
# generated in primary-key order. Two parts, loaded by two sessions at once
# (the machine has 2 cores): 1 = subscribers, applications, key mappings;
# 2 = consumer apps. Foreign keys are not checked while loading (PostgreSQL:
# session_replication_role = replica; MariaDB: foreign_key_checks = 0): the
# rows satisfy them by construction.
GRANTS='refresh_token urn:ietf:params:oauth:grant-type:saml2-bearer implicit password client_credentials iwa:ntlm authorization_code urn:ietf:params:oauth:grant-type:token-exchange urn:ietf:params:oauth:grant-type:jwt-bearer'

# seed_pg_sql PART
seed_pg_sql() {
	echo '\set ON_ERROR_STOP 1'
	echo 'SET session_replication_role = replica;'
	if [ "$1" = 1 ]; then
		cat <<-EOF
			BEGIN;
			INSERT INTO AM_SUBSCRIBER (SUBSCRIBER_ID, USER_ID, TENANT_ID, EMAIL_ADDRESS, DATE_SUBSCRIBED, CREATED_TIME)
			  SELECT g, 'user' || g, -1234, 'user' || g || '@example.com', now(), now()
			  FROM generate_series(1, $SUBS) g;
			INSERT INTO AM_APPLICATION (APPLICATION_ID, NAME, SUBSCRIBER_ID, APPLICATION_TIER, DESCRIPTION,
			    APPLICATION_STATUS, CREATED_BY, CREATED_TIME, UUID, TOKEN_TYPE)
			  SELECT g, 'app' || g, (g - 1) / 50 + 1, 'Unlimited', 'application ' || g, 'APPROVED',
			    'user' || ((g - 1) / 50 + 1), now(), 'app-uuid-' || md5('app' || g), 'JWT'
			  FROM generate_series(1, $APPS) g;
			INSERT INTO AM_APPLICATION_KEY_MAPPING (APPLICATION_ID, CONSUMER_KEY, KEY_TYPE, STATE, CREATE_MODE)
			  SELECT (g + 1) / 2, substr(md5('ck' || g), 1, 28),
			    CASE WHEN g % 2 = 1 THEN 'PRODUCTION' ELSE 'SANDBOX' END, 'COMPLETED', 'CREATED'
			  FROM generate_series(1, $ROWS) g;
			SELECT setval('am_subscriber_sequence', $SUBS), setval('am_application_sequence', $APPS);
			COMMIT;
			VACUUM ANALYZE AM_SUBSCRIBER, AM_APPLICATION, AM_APPLICATION_KEY_MAPPING;
		EOF
	else
		cat <<-EOF
			BEGIN;
			INSERT INTO IDN_OAUTH_CONSUMER_APPS (ID, CONSUMER_KEY, CONSUMER_SECRET, USERNAME, TENANT_ID, USER_DOMAIN,
			    APP_NAME, OAUTH_VERSION, CALLBACK_URL, GRANT_TYPES)
			  SELECT g, substr(md5('ck' || g), 1, 28), substr(md5('cs' || g), 1, 28), 'user' || ((g + 1) / 100 + 1),
			    -1234, 'PRIMARY', 'app' || ((g + 1) / 2) || CASE WHEN g % 2 = 1 THEN '_PRODUCTION' ELSE '_SANDBOX' END,
			    'OAuth-2.0', CASE WHEN g % 3 = 0 THEN NULL ELSE 'https://app' || g || '.example.com/callback' END,
			    '$GRANTS'
			  FROM generate_series(1, $ROWS) g;
			SELECT setval('idn_oauth_consumer_apps_pk_seq', $ROWS);
			COMMIT;
			VACUUM ANALYZE IDN_OAUTH_CONSUMER_APPS;
		EOF
	fi
}

# seed_maria_sql PART SEQ: the same rows; SEQ is the name of a table of
# numbers 1..ROWS (column seq), the sequence engine's seq_1_to_ROWS or a copy.
seed_maria_sql() {
	echo 'SET SESSION foreign_key_checks = 0, unique_checks = 0;'
	if [ "$1" = 1 ]; then
		cat <<-EOF
			INSERT INTO AM_SUBSCRIBER (SUBSCRIBER_ID, USER_ID, TENANT_ID, EMAIL_ADDRESS, DATE_SUBSCRIBED, CREATED_TIME)
			  SELECT seq, CONCAT('user', seq), -1234, CONCAT('user', seq, '@example.com'), NOW(), NOW()
			  FROM $2 WHERE seq <= $SUBS;
			INSERT INTO AM_APPLICATION (APPLICATION_ID, NAME, SUBSCRIBER_ID, APPLICATION_TIER, DESCRIPTION,
			    APPLICATION_STATUS, CREATED_BY, CREATED_TIME, UUID, TOKEN_TYPE)
			  SELECT seq, CONCAT('app', seq), (seq - 1) DIV 50 + 1, 'Unlimited', CONCAT('application ', seq), 'APPROVED',
			    CONCAT('user', (seq - 1) DIV 50 + 1), NOW(), CONCAT('app-uuid-', MD5(CONCAT('app', seq))), 'JWT'
			  FROM $2 WHERE seq <= $APPS;
			INSERT INTO AM_APPLICATION_KEY_MAPPING (APPLICATION_ID, CONSUMER_KEY, KEY_TYPE, STATE, CREATE_MODE)
			  SELECT (seq + 1) DIV 2, SUBSTR(MD5(CONCAT('ck', seq)), 1, 28),
			    CASE WHEN seq % 2 = 1 THEN 'PRODUCTION' ELSE 'SANDBOX' END, 'COMPLETED', 'CREATED'
			  FROM $2 WHERE seq <= $ROWS;
			ANALYZE TABLE AM_SUBSCRIBER, AM_APPLICATION, AM_APPLICATION_KEY_MAPPING;
		EOF
	else
		cat <<-EOF
			INSERT INTO IDN_OAUTH_CONSUMER_APPS (ID, CONSUMER_KEY, CONSUMER_SECRET, USERNAME, TENANT_ID, USER_DOMAIN,
			    APP_NAME, OAUTH_VERSION, CALLBACK_URL, GRANT_TYPES)
			  SELECT seq, SUBSTR(MD5(CONCAT('ck', seq)), 1, 28), SUBSTR(MD5(CONCAT('cs', seq)), 1, 28),
			    CONCAT('user', (seq + 1) DIV 100 + 1), -1234, 'PRIMARY',
			    CONCAT('app', (seq + 1) DIV 2, CASE WHEN seq % 2 = 1 THEN '_PRODUCTION' ELSE '_SANDBOX' END),
			    'OAuth-2.0', CASE WHEN seq % 3 = 0 THEN NULL ELSE CONCAT('https://app', seq, '.example.com/callback') END,
			    '$GRANTS'
			  FROM $2 WHERE seq <= $ROWS;
			ANALYZE TABLE IDN_OAUTH_CONSUMER_APPS;
		EOF
	fi
}

# seed_parallel D DB [SEQ]: both parts into DB at once; fails if either does.
seed_parallel() {
	local part pids=() rc=0 pid
	for part in 1 2; do
		if [ "$1" = pg ]; then
			seed_pg_sql $part | db_pg_psql "$2" -q >"$W/seed-$1-$part.log" 2>&1 &
		else
			seed_maria_sql $part "$3" | db_maria_sql "$2" >"$W/seed-$1-$part.log" 2>&1 &
		fi
		pids+=($!)
	done
	for pid in "${pids[@]}"; do
		wait "$pid" || rc=1
	done
	[ $rc = 0 ] || { echo "apply.sh: $1: seeding $2 failed: $(cat "$W"/seed-"$1"-*.log)" >&2; return 1; }
}

# maria_numbers: prints the name of a table of numbers 1..ROWS (column seq):
# the sequence engine's seq_1_to_ROWS, else bench_numbers.n built by
# INSERT ... SELECT doubling.
maria_numbers() {
	if [ "$(db_maria_query information_schema "SELECT COUNT(*) FROM ENGINES
		WHERE ENGINE = 'SEQUENCE' AND SUPPORT IN ('YES', 'DEFAULT')")" = 1 ]; then
		echo "seq_1_to_$ROWS"
		return 0
	fi
	log "MariaDB: no sequence engine, numbers by INSERT ... SELECT doubling"
	db_maria_createdb bench_numbers
	db_maria_sql bench_numbers <<-EOF
		CREATE TABLE n (seq INTEGER NOT NULL PRIMARY KEY) ENGINE InnoDB;
		INSERT INTO n VALUES (1);
		DELIMITER //
		CREATE PROCEDURE fill(IN upto INTEGER)
		BEGIN
		  DECLARE c INTEGER DEFAULT 1;
		  WHILE c < upto DO
		    INSERT INTO n SELECT seq + c FROM n WHERE seq + c <= upto;
		    SET c = c * 2;
		  END WHILE;
		END //
		DELIMITER ;
		CALL fill($ROWS);
	EOF
	echo "bench_numbers.n"
}

SEED_TABLES="AM_SUBSCRIBER AM_APPLICATION AM_APPLICATION_KEY_MAPPING IDN_OAUTH_CONSUMER_APPS"

# maria_copy FROM TO: TO (a fresh 3.0.0 schema) gets FROM's seeded tables
# page for page, by InnoDB transportable tablespaces: FLUSH TABLES ... FOR
# EXPORT in a session that copies the .ibd/.cfg files (client command
# "system") before UNLOCK TABLES, then IMPORT TABLESPACE. Seconds, not a
# second load.
maria_copy() {
	local t data=$MARIA_DIR/data
	{
		echo "SET SESSION foreign_key_checks = 0;"
		for t in $SEED_TABLES; do echo "ALTER TABLE $t DISCARD TABLESPACE;"; done
	} | db_maria_sql "$2" || return 1
	{
		echo "FLUSH TABLES $(tr ' ' ',' <<<"$SEED_TABLES") FOR EXPORT;"
		for t in $SEED_TABLES; do echo "system cp '$data/$1/$t.ibd' '$data/$1/$t.cfg' '$data/$2/'"; done
		echo "UNLOCK TABLES;"
	} | db_maria_sql "$1" || return 1
	{
		echo "SET SESSION foreign_key_checks = 0;"
		for t in $SEED_TABLES; do echo "ALTER TABLE $t IMPORT TABLESPACE;"; done
		echo "ANALYZE TABLE $(tr ' ' ',' <<<"$SEED_TABLES");"
	} | db_maria_sql "$2" >/dev/null || return 1
	rm -f "$data/$2/"*.cfg
}

# ---------------------------------------------------------------- runs

conn() { if [ "$1" = pg ]; then db_pg_conn "$2"; else db_maria_conn "$2"; fi; }
query() { if [ "$1" = pg ]; then db_pg_query "$2" "$3"; else db_maria_query "$2" "$3" | tr '\t' '|'; fi; }

# state_of D DB: the WSO2AM_DB state amdelta status reports ("?" if none).
state_of() {
	local s
	"$AMDELTA" status --am-db "$(conn "$1" "$2")" --json - 2>"$W/status-$2.err" >"$W/status-$2.json" || true
	s=$(perl -MJSON::PP -0e 'my $t = <STDIN>; my $j = eval { decode_json($t) } or exit;
		print join(",", map { $_->{state} } grep { $_->{name} eq "WSO2AM_DB" } @{$j->{databases}})' \
		<"$W/status-$2.json" 2>/dev/null || true)
	echo "${s:-?}"
}

# facts D DB: key mappings|distinct UUIDs|consumer apps|NULL callback URLs
FACTS_SQL="SELECT (SELECT COUNT(*) FROM AM_APPLICATION_KEY_MAPPING),
 (SELECT COUNT(DISTINCT UUID) FROM AM_APPLICATION_KEY_MAPPING),
 (SELECT COUNT(*) FROM IDN_OAUTH_CONSUMER_APPS),
 (SELECT COUNT(*) FROM IDN_OAUTH_CONSUMER_APPS WHERE CALLBACK_URL IS NULL)"

# what a 3.0.0 copy can be asked: key mappings|consumer apps|NULL callback URLs
SEEDED_SQL="SELECT (SELECT COUNT(*) FROM AM_APPLICATION_KEY_MAPPING),
 (SELECT COUNT(*) FROM IDN_OAUTH_CONSUMER_APPS),
 (SELECT COUNT(*) FROM IDN_OAUTH_CONSUMER_APPS WHERE CALLBACK_URL IS NULL)"

# settle D [DONE]: the server idle before a timed run: PostgreSQL vacuums and
# analyzes DONE (the copy the last run changed, so that autovacuum does not
# do it during the next run) and checkpoints; MariaDB waits until InnoDB has purged
# the last run's undo log (history list) and written its dirty pages back.
settle() {
	local i hist dirty
	if [ "$1" = pg ]; then
		[ -n "${2:-}" ] && db_pg_query "$2" "VACUUM ANALYZE" >/dev/null
		db_pg_query postgres "CHECKPOINT" >/dev/null
	else
		db_maria_query mysql "SET GLOBAL innodb_io_capacity_max = 100000, GLOBAL innodb_io_capacity = 50000,
			GLOBAL innodb_max_dirty_pages_pct = 0" >/dev/null
		for ((i = 0; i < 1200; i++)); do
			read -r hist dirty < <(db_maria_query information_schema "SELECT
				(SELECT COUNT FROM INNODB_METRICS WHERE NAME = 'trx_rseg_history_len'),
				(SELECT VARIABLE_VALUE FROM GLOBAL_STATUS WHERE VARIABLE_NAME = 'INNODB_BUFFER_POOL_PAGES_DIRTY')")
			[ "${hist:-0}" -lt 1000 ] && [ "$dirty" -lt 100 ] && break
			sleep 0.1
		done
		[ "$i" -lt 1200 ] || log "maria: still $hist undo log entries, $dirty dirty pages after 120 s"
		[ -n "${BENCH_DEBUG:-}" ] && log "maria: settled after $i polls: history $hist, dirty $dirty"
		db_maria_query mysql "SET GLOBAL innodb_max_dirty_pages_pct = DEFAULT, GLOBAL innodb_io_capacity = DEFAULT,
			GLOBAL innodb_io_capacity_max = DEFAULT" >/dev/null
	fi
	sync
}

# server_log_start D DB TAG / server_log_stop D TAG: every statement the
# server runs for DB in between, with its duration, into server-TAG.log (PostgreSQL:
# log_min_duration_statement = 0 for DB, autovacuum runs logged too; MariaDB:
# the slow query log with long_query_time = 0). Both sides' runs are logged
# (the same cost for each); amdelta's log is the one profile_server reads.
server_log_start() {
	if [ "$1" = pg ]; then
		db_pg_query postgres "ALTER SYSTEM SET log_autovacuum_min_duration = 0" >/dev/null
		db_pg_query postgres "SELECT pg_reload_conf()" >/dev/null
		db_pg_query postgres "ALTER DATABASE $2 SET log_min_duration_statement = 0" >/dev/null
		PG_LOG_OFFSET=$(stat -c %s "$PG_DIR/server.log")
	else
		db_maria_query mysql "SET GLOBAL slow_query_log_file = '$W/server-$3.log',
			GLOBAL long_query_time = 0, GLOBAL slow_query_log = 1" >/dev/null
	fi
}
server_log_stop() {
	if [ "$1" = pg ]; then
		tail -c +$((PG_LOG_OFFSET + 1)) "$PG_DIR/server.log" >"$W/server-$2.log"
	else
		db_maria_query mysql "SET GLOBAL slow_query_log = 0, GLOBAL long_query_time = DEFAULT" >/dev/null
	fi
}

# profile_server D DB TAG: the server's time for amdelta's statements, grouped by
# statement with literals and numbers replaced by ?: total ms, how many, the
# longest, rows examined (MariaDB); then the total, and autovacuum runs.
profile_server() {
	[ -f "$W/server-$3.log" ] || return 0
	perl -e '
		my ($d, $log, $db) = @ARGV; my (%ms, %n, %max, %rows, @av, $cur, $q, $t, $r, $avs, $avn);
		sub add { my ($t, $r, $q) = @_; return unless defined $t && defined $q && $q =~ /\S/;
			$q =~ s/^\s*(statement|execute [^:]*|parse [^:]*|bind [^:]*):\s*//;
			$q =~ s/\x27(?:[^\x27]|\x27\x27)*\x27/?/g; $q =~ s/\b\d+(\.\d+)?\b/?/g; $q =~ s/\s+/ /g; $q =~ s/^ | $//g;
			$ms{$q} += $t; $n{$q}++; $max{$q} = $t if $t > ($max{$q} // 0); $rows{$q} += $r // 0 }
		open my $f, "<", $log or exit 0;
		if ($d eq "pg") {
			while (<$f>) {
				if (/LOG:\s+duration: ([\d.]+) ms\s+(.*)$/) { add($t, 0, $q); ($t, $q) = ($1, $2); next }
				if (/LOG:\s+automatic (vacuum|analyze) of table "([^"]+)"/) { add($t, 0, $q); undef $t; $cur = "$1 of $2"; next }
				if (defined $cur && /elapsed: ([\d.]+) s/) {
					if ($cur =~ /$db\./ || $1 >= 0.1) { push @av, sprintf("%s: %.2f s", $cur, $1) } else { $avs += $1; $avn++ }
					undef $cur; next }
				if (/^\s/ && defined $t) { $q .= " $_"; next }
				if (/^\S/) { add($t, 0, $q); undef $t }
			}
			add($t, 0, $q);
		} else {
			while (<$f>) {
				if (/^# (User\@Host|Time):/) { add($t, $r, $q); undef $t; $q = ""; next }
				if (/^# Query_time: ([\d.]+) .*Rows_examined: (\d+)/) { ($t, $r) = ($1 * 1000, $2); next }
				next if /^#/ || /^SET timestamp=/ || /^use /;
				$q .= $_;
			}
			add($t, $r, $q);
		}
		my $all = 0; $all += $_ for values %ms;
		my $i = 0;
		for my $k (sort { $ms{$b} <=> $ms{$a} } keys %ms) {
			last if ++$i > 10;
			printf "%10.0f  x%-4d max %6.0f%s  %.150s\n", $ms{$k}, $n{$k}, $max{$k},
				$d eq "pg" ? "" : sprintf(" rows %9d", $rows{$k}), $k;
		}
		my $cnt = 0; $cnt += $_ for values %n;
		printf "            server time of all %d statements: %.2f s\n", $cnt, $all / 1000;
		printf "            autovacuum during the run: %s%s\n", (@av ? join("; ", @av) : "none of $db"),
			$avn ? sprintf(" (and %d short runs elsewhere, %.2f s)", $avn, $avs) : "" if $d eq "pg";
	' "$1" "$W/server-$3.log" "$2"
}

# GNU time, for amdelta's peak RSS and the clients' CPU seconds.
if [ -x /usr/bin/time ] && /usr/bin/time -f '%e %M' true >/dev/null 2>&1; then GNU_TIME=1; else GNU_TIME=0; fi
TICKS=$(getconf CLK_TCK)

# server_cpu D: CPU ticks the server has used so far, background processes
# included. PostgreSQL: the postmaster with its reaped children (finished
# sessions) and its live children; MariaDB: mariadbd, all threads.
server_cpu() {
	local pid
	if [ "$1" = pg ]; then pid=$(head -n 1 "$PG_DIR/data/postmaster.pid"); else pid=$(cat "$MARIA_DIR/mariadbd.pid"); fi
	perl -e '
		my $root = shift; my $sum = 0;
		sub stat_of { open my $f, "<", "/proc/$_[0]/stat" or return; my $l = <$f>; $l =~ s/^.*\)\s+//; return split " ", $l }
		my @r = stat_of($root); $sum += $r[11] + $r[12] + $r[13] + $r[14];
		for my $p (glob "/proc/[0-9]*") { $p =~ s{.*/}{}; my @s = stat_of($p) or next;
			$sum += $s[11] + $s[12] + $s[13] + $s[14] if $s[1] == $root }
		print "$sum\n"' "$pid"
}

# client_cpu FILE: user + system seconds from GNU time's "%U %S" in FILE.
client_cpu() {
	if [ -s "$1" ]; then tail -n 1 "$1" | awk '{ printf "%.2f", $1 + $2 }'; else echo 0; fi
}

# run_guide D DB TAG: the guide's script through the dialect's client,
# stopping at the first error, with per-statement timings in guide-TAG.log;
# prints the wall seconds, or "failed".
run_guide() {
	local t0 t1 rc=0
	local timer=()
	[ $GNU_TIME = 1 ] && timer=(/usr/bin/time -f '%U %S' -o "$W/gtime-$3")
	t0=$(now_ns)
	if [ "$1" = pg ]; then
		PGPASSWORD=$DB_PASSWORD "${timer[@]}" "$PG_BINDIR/psql" -X -h 127.0.0.1 -p "$PG_PORT" -U "$DB_USER" -d "$2" \
			-q -e -v ON_ERROR_STOP=1 -c '\timing on' -f "$W/guide-postgresql.sql" >"$W/guide-$3.log" 2>&1 || rc=$?
	else
		"${timer[@]}" "${MARIA_CLIENT:-mariadb}" --defaults-file="$MARIA_DIR/client.cnf" -vvv "$2" \
			<"$W/guide-mysql.sql" >"$W/guide-$3.log" 2>&1 || rc=$?
	fi
	t1=$(now_ns)
	if [ $rc != 0 ]; then
		log "$1: the guide's script failed (exit $rc): $(tail -n 3 "$W/guide-$3.log" | tr '\n' ' ')"
		echo failed
	else
		secs "$t0" "$t1"
	fi
}

# run_amdelta D DB TAG: amdelta apply --yes; sets AM_SECS, AM_PEAK_MB, AM_RC
# (text output in amdelta-TAG.out / .err).
run_amdelta() {
	local c t0 t1 pid hwm peak=0 u sy
	c=$(conn "$1" "$2")
	AM_RC=0
	if [ $GNU_TIME = 1 ]; then
		/usr/bin/time -f '%e %M %U %S' -o "$W/time-$3" "$AMDELTA" apply --yes --am-db "$c" \
			>"$W/amdelta-$3.out" 2>"$W/amdelta-$3.err" || AM_RC=$?
		# the last line: a command killed by a signal gets a line before it
		read -r AM_SECS peak u sy < <(tail -n 1 "$W/time-$3")
		echo "$u $sy" >"$W/atime-$3"
	else
		# no GNU time: VmHWM from /proc, polled until the process is gone
		t0=$(now_ns)
		"$AMDELTA" apply --yes --am-db "$c" >"$W/amdelta-$3.out" 2>"$W/amdelta-$3.err" &
		pid=$!
		while kill -0 "$pid" 2>/dev/null; do
			hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)
			[ -n "$hwm" ] && [ "$hwm" -gt "$peak" ] && peak=$hwm
			sleep 0.02
		done
		wait "$pid" || AM_RC=$?
		t1=$(now_ns)
		AM_SECS=$(secs "$t0" "$t1")
	fi
	AM_PEAK_MB=$(awk -v k="$peak" 'BEGIN { printf "%.1f", k / 1024 }')
}

# top_guide TAG: the slowest statements of the guide's run, "ms  statement".
top_guide() {
	if [ "${1%%-*}" = pg ]; then
		# psql -e echoes each statement, \timing prints "Time: N ms" after it
		perl -ne 'if (/^Time: ([\d.]+) ms/) { my $ms = $1; $s =~ s/\s+/ /g; printf "%10.0f  %.90s\n", $ms, $s; $s = ""; next }
			$s .= $_ unless /^(NOTICE|psql|Timing)/' "$W/guide-$1.log"
	else
		# mariadb -vvv: the statement, then "... (N.NN sec)"
		perl -ne 'if (/\(([\d.]+) sec\)/) { my $ms = $1 * 1000; $s =~ s/\s+/ /g; printf "%10.0f  %.90s\n", $ms, $s; $s = ""; next }
			if (/^-{5,}$/) { $in = !$in; next } $s .= $_ if $in' "$W/guide-$1.log"
	fi | sort -rn | head -n 6
}

# top_amdelta TAG SECS: amdelta's slowest steps, "ms  step id (TABLE), what
# the "-- N ms" line adds (rows, batches)", and the sum of the steps against
# the wall time SECS (the rest is connecting, locking, classifying, re-reading).
top_amdelta() {
	local sum n
	perl -ne '
		if (/^-- ([a-z0-9-]+) \(([A-Z_0-9]+)\):/) { $step = "$1 ($2)"; next }
		if (/^-- (\d+) ms(.*)$/) { printf "%10d  %s%s\n", $1, $step, $2; $sum += $1; $n++ }
		END { printf STDERR "%d %d\n", $sum, $n }' "$W/amdelta-$1.out" 2>"$W/steps-$1" |
		sort -rn | head -n 8
	read -r sum n <"$W/steps-$1" || true
	awk -v s="${sum:-0}" -v n="${n:-0}" -v w="$2" 'BEGIN {
		printf "            %d steps: %.2f s; outside the steps (connect, lock, classify, re-read): %.2f s of %.2f s\n",
			n, s / 1000, w - s / 1000, w }'
}

# median X...: the median of numbers (the lower middle one of an even count).
median() {
	printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# new_copy D SRC DST: DST a copy of the seeded database SRC.
new_copy() {
	if [ "$1" = pg ]; then
		db_pg_query postgres "CREATE DATABASE $3 TEMPLATE $2"
	else
		db_new_reference maria 3.0.0 wso2am_db "$3"
		if ! maria_copy "$2" "$3"; then
			log "maria: the tablespace copy failed; loading $3 the same way"
			db_maria_query mysql "DROP DATABASE $3"
			db_new_reference maria 3.0.0 wso2am_db "$3"
			seed_parallel maria "$3" "$nums"
		fi
	fi
}

results=()
failed=0
for d in $DIALECTS; do
	# ---- seed once, then RUNS pairs of copies a_i (guide) and b_i (amdelta)
	case $d in
	pg)
		db_pg_start
		seed=bapply_seed
		db_new_reference pg 3.0.0 wso2am_db $seed
		;;
	maria)
		db_maria_start
		seed=bapply_seed
		nums=$(maria_numbers)
		db_new_reference maria 3.0.0 wso2am_db $seed
		;;
	*)
		echo "apply.sh: unknown dialect '$d' in DIALECTS" >&2
		exit 2
		;;
	esac
	t0=$(now_ns)
	seed_parallel $d $seed "${nums:-}"
	t1=$(now_ns)
	log "$d: seeded $ROWS key mappings and $ROWS consumer apps in $(secs "$t0" "$t1") s"
	[ "$(query $d $seed "$SEEDED_SQL")" = "$ROWS|$ROWS|$((ROWS / 3))" ] ||
		{ echo "apply.sh: $d: the seeded database is short: $(query $d $seed "$SEEDED_SQL")" >&2; exit 1; }
	for ((i = 1; i <= RUNS; i++)); do
		new_copy $d $seed bapply_a$i
		new_copy $d $seed bapply_b$i
	done
	log "$d: $((2 * RUNS)) copies in $(secs "$t1" "$(now_ns)") s"
	for ((i = 1; i <= RUNS; i++)); do
		for x in bapply_a$i bapply_b$i; do
			got=$(query $d $x "$SEEDED_SQL") state=$(state_of $d $x)
			[ "$got" = "$ROWS|$ROWS|$((ROWS / 3))" ] && [ "$state" = 3.0.0 ] ||
				{ echo "apply.sh: $d: copy $x differs from the seed or is not 3.0.0 (rows $got, state $state)" >&2; tail -n 3 "$W/status-$x.err" >&2; exit 1; }
		done
	done
	[ $d = pg ] && db_pg_query postgres "DROP DATABASE $seed"
	settle $d

	# ---- the timed runs; odd runs the guide first, even runs amdelta first
	guides=() ours=() peaks=() loads=() checks=() gcpu=() acpu=() dfail=0
	for ((i = 1; i <= RUNS; i++)); do
		a=bapply_a$i b=bapply_b$i
		if [ $((i % 2)) = 1 ]; then order="guide amdelta"; else order="amdelta guide"; fi
		for who in $order; do
			load=$(cut -d' ' -f1 /proc/loadavg)
			if [ $who = guide ]; then
				log "$d run $i: the guide's script on $a (load average $load)"
				server_log_start $d $a guide-$d-$i
				c0=$(server_cpu $d)
				g=$(run_guide $d $a $d-$i)
				c1=$(server_cpu $d)
				server_log_stop $d guide-$d-$i
				gcpu+=("$(awk -v a="$c0" -v b="$c1" -v t="$TICKS" -v c="$(client_cpu "$W/gtime-$d-$i")" \
					'BEGIN { printf "%.2f", (b - a) / t + c }')")
				guides+=("$g")
				log "$d run $i: guide $g s; settling"
				settle $d $a
			else
				log "$d run $i: amdelta apply on $b (load average $load)"
				server_log_start $d $b $d-$i
				c0=$(server_cpu $d)
				run_amdelta $d $b $d-$i
				c1=$(server_cpu $d)
				server_log_stop $d $d-$i
				acpu+=("$(awk -v a="$c0" -v b="$c1" -v t="$TICKS" -v c="$(client_cpu "$W/atime-$d-$i")" \
					'BEGIN { printf "%.2f", (b - a) / t + c }')")
				if [ "$AM_RC" = 0 ]; then
					ours+=("$AM_SECS")
				else
					ours+=(failed)
					log "$d run $i: amdelta apply exit $AM_RC: $(grep -v '^\s*$' "$W/amdelta-$d-$i.err" | tail -n 3 | tr '\n' ' ')"
				fi
				peaks+=("$AM_PEAK_MB")
				log "$d run $i: amdelta ${ours[-1]} s, peak $AM_PEAK_MB MB; settling"
				settle $d $b
			fi
			loads+=("$load")
		done
		# ---- both copies at 3.2.0, every UUID there and unique, no NULL callback
		want="$ROWS|$ROWS|$ROWS|0"
		for x in $a $b; do
			st=$(state_of $d $x)
			facts=$(query $d $x "$FACTS_SQL" 2>/dev/null || echo "?")
			if [ "$st" != 3.2.0 ] || [ "$facts" != "$want" ]; then
				checks+=("run $i $x ($([ $x = $a ] && echo guide || echo amdelta)): FAIL (state $st, facts $facts, want $want)")
				dfail=1
			fi
		done
	done
	[ ${#checks[@]} = 0 ] && checks=("all ${RUNS} x 2 copies ok")

	# ---- the figures: medians over the runs
	if printf '%s\n' "${guides[@]}" "${ours[@]}" | grep -qx failed; then
		dfail=1
		gm=$(printf '%s\n' "${guides[@]}" | grep -qx failed && echo failed || median "${guides[@]}")
		om=$(printf '%s\n' "${ours[@]}" | grep -qx failed && echo failed || median "${ours[@]}")
		ratio=- mi=$RUNS
	else
		gm=$(median "${guides[@]}") om=$(median "${ours[@]}")
		ratio=$(awk -v a="$om" -v b="$gm" 'BEGIN { printf "%.2f", a / b }')
		# the run whose amdelta time is the median: its logs are shown
		for ((mi = 1; mi <= RUNS; mi++)); do [ "${ours[mi - 1]}" = "$om" ] && break; done
	fi
	pmax=$(printf '%s\n' "${peaks[@]}" | sort -n | tail -n 1)
	gc=$(median "${gcpu[@]}") ac=$(median "${acpu[@]}")
	cratio=$(awk -v a="$ac" -v b="$gc" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')
	[ $dfail = 0 ] || failed=1
	results+=("$(printf '%-6s %8s %10s %10s %6s %9s | %8s %8s %6s |  %s' "$d" "$ROWS" "$gm" "$om" "$ratio" "$pmax" \
		"$gc" "$ac" "$cratio" "${checks[*]}")")
	{
		echo "== $d: per run: wall s guide / amdelta / ratio, CPU s guide / amdelta / ratio, amdelta peak MB; load averages at the starts: ${loads[*]}"
		for ((i = 1; i <= RUNS; i++)); do
			printf '   run %d (%s first): %s / %s / %s, CPU %s / %s / %s, %s MB\n' $i \
				"$([ $((i % 2)) = 1 ] && echo guide || echo amdelta)" \
				"${guides[i - 1]}" "${ours[i - 1]}" \
				"$(awk -v a="${ours[i - 1]}" -v b="${guides[i - 1]}" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.2f", a / b; else print "-" }')" \
				"${gcpu[i - 1]}" "${acpu[i - 1]}" \
				"$(awk -v a="${acpu[i - 1]}" -v b="${gcpu[i - 1]}" 'BEGIN { if (b + 0 > 0) printf "%.2f", a / b; else print "-" }')" \
				"${peaks[i - 1]}"
		done
		# each pair ran back to back on the same server: the median of
		# the pairs' ratios, next to the ratio of the medians (the target's)
		pairs=()
		for ((i = 1; i <= RUNS; i++)); do
			pairs+=("$(awk -v a="${ours[i - 1]}" -v b="${guides[i - 1]}" \
				'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.3f", a / b; else print "failed" }')")
		done
		printf '   median of the %d runs'"'"' own ratios: %s (the ratio of the medians above: %s)\n' "$RUNS" \
			"$(printf '%s\n' "${pairs[@]}" | grep -vx failed | sort -n |
				awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) printf "%.2f", v[(NR + 1) / 2];
				else printf "%.2f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }')" "$ratio"
		echo "== $d run $mi: the guide's slowest statements (ms)"
		top_guide $d-$mi
		echo "== $d run $mi: amdelta apply's slowest steps (ms)"
		top_amdelta $d-$mi "${ours[mi - 1]}"
		echo "== $d run $mi: amdelta apply, server time per statement (ms)"
		profile_server $d bapply_b$mi $d-$mi
		[ "${ours[mi - 1]}" = failed ] && echo "   (amdelta apply failed in run $mi)"
	} >"$W/top-$d.txt"
	if [ -n "${KEEP_LOGS:-}" ]; then
		mkdir -p "$KEEP_LOGS" && cp "$W"/*-"$d"* "$KEEP_LOGS"/ 2>/dev/null || true
	fi
	# the server is not needed any more: stop it (and free its disk) before
	# the next one seeds
	if [ $d = pg ]; then
		_db_pg_as_owner "$PG_DIR" "$PG_BINDIR/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
		rm -rf "$PG_DIR/data"
	else
		for ((i = 1; i <= RUNS; i++)); do db_maria_query mysql "DROP DATABASE bapply_a$i; DROP DATABASE bapply_b$i" || true; done
	fi
done

echo "amdelta apply vs the guide's WSO2AM_DB script (3.0.0 -> 3.2.0), median of $RUNS runs;" \
	"targets: ratio <= $TARGET_RATIO, peak < $TARGET_PEAK_MB MB"
echo "(wall: elapsed seconds, the figures of the targets; CPU: seconds of CPU of the server's processes and the"
echo " client together, which other load on the machine changes less)"
printf '%-6s %8s %10s %10s %6s %9s | %8s %8s %6s |  %s\n' dialect rows "guide s" "amdelta s" ratio "peak MB" \
	"guide" "amdelta" "ratio" "checks (3.2.0, COUNT(*) = COUNT(DISTINCT UUID), no NULL callback)"
printf '%-6s %8s %10s %10s %6s %9s | %8s %8s %6s |\n' "" "" "wall" "wall" "wall" "" "CPU s" "CPU s" "CPU"
for r in "${results[@]}"; do
	echo "$r"
done
for r in "${results[@]}"; do
	d=${r%% *}
	ratio=$(awk '{ print $5 }' <<<"$r") peak=$(awk '{ print $6 }' <<<"$r")
	[ "$ratio" = - ] && continue
	printf '%-6s ratio %s: %s | peak %s MB: %s\n' "$d" "$ratio" \
		"$(awk -v r="$ratio" -v t=$TARGET_RATIO 'BEGIN { print (r <= t) ? "target met" : "target MISSED" }')" \
		"$peak" "$(awk -v p="$peak" -v t=$TARGET_PEAK_MB 'BEGIN { print (p < t) ? "target met" : "target MISSED" }')"
done
for d in $DIALECTS; do
	if [ -f "$W/top-$d.txt" ]; then cat "$W/top-$d.txt"; fi
done
exit $failed
