#!/usr/bin/env bash
# bench/status.sh — `amdelta status` over the three real 3.2.0 databases,
# next to pg_dump -s and mariadb-dump --no-data of WSO2AM_DB alone, median
# of RUNS runs, and the round trips per database (from amdelta's JSON).
# Target: all three databases in at most half the time of dumping the one.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../tests/db/lib.sh
. "$here/../tests/db/lib.sh"
: "${AMDELTA:=$here/../build/amdelta}"
RUNS=${RUNS:-7}

db_init
db_pg_start
db_maria_start
for db in wso2am_db shared_db analytics_db; do
	db_pg_createdb "b_$db"
	db_load_reference postgresql 3.2.0 "$db" "b_$db"
	db_maria_createdb "b_$db"
	db_load_reference mysql 3.2.0 "$db" "b_$db"
done

# median_ms CMD...: runs CMD RUNS times, prints the median wall time in ms.
median_ms() {
	local i t0 t1 times=()
	for ((i = 0; i < RUNS; i++)); do
		t0=$(date +%s%N)
		"$@" >/dev/null 2>&1 || true
		t1=$(date +%s%N)
		times+=($(((t1 - t0) / 1000)))
	done
	printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1000}'
}

for dialect in pg maria; do
	if [ $dialect = pg ]; then
		am=$(db_pg_conn b_wso2am_db) sh=$(db_pg_conn b_shared_db) an=$(db_pg_conn b_analytics_db)
		native_name="pg_dump -s (WSO2AM_DB)"
		native=(env PGPASSWORD="$DB_PASSWORD" "$PG_BINDIR/pg_dump" -s -h 127.0.0.1 -p "$PG_PORT" -U "$DB_USER" b_wso2am_db)
	else
		am=$(db_maria_conn b_wso2am_db) sh=$(db_maria_conn b_shared_db) an=$(db_maria_conn b_analytics_db)
		native_name="mariadb-dump --no-data (WSO2AM_DB)"
		native=(mariadb-dump --no-data -h 127.0.0.1 -P "$MARIA_PORT" -u "$DB_USER" -p"$DB_PASSWORD" b_wso2am_db)
	fi
	cmd=("$AMDELTA" status --am-db "$am" --shared-db "$sh" --analytics-db "$an")
	ours=$(median_ms "${cmd[@]}")
	theirs=$(median_ms "${native[@]}")
	trips=$("${cmd[@]}" --json - 2>/dev/null | perl -MJSON::PP -0e \
		'my $j = decode_json(<STDIN>); print join(" ", map { "$_->{name}=$_->{round_trips}" } @{$j->{databases}})')
	printf '%-6s amdelta status (3 databases): %8s ms | %-36s %8s ms | ratio %.2f | round trips: %s\n' \
		"$dialect" "$ours" "$native_name" "$theirs" "$(awk -v a="$ours" -v b="$theirs" 'BEGIN{print a/b}')" "$trips"
done
