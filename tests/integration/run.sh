#!/usr/bin/env bash
# tests/integration/run.sh — integration runner (make integration).
#
#   AMDELTA=build/amdelta SHARED=../shared tests/integration/run.sh [PATTERN...]
#
# AMDELTA_TEST is the test build of the binary (make build/amdelta-test:
# the AMDELTA_TEST_* hooks), by default amdelta-test beside AMDELTA; only
# the tests that kill or hold an apply use it.
#
# Starts one PostgreSQL and one MariaDB for the whole run (tests/db/lib.sh),
# runs every tests/integration/t_*.sh in name order (only those whose name
# contains one of the PATTERNs, if any) as its own bash process, prints
# "ok NAME" or "FAILED NAME" (plus the tail of its log) per test, then
# "integration: N passed, M failed". Exit 1 on any failure or when no test
# ran; servers and temp dirs are removed on every exit path.
# Environment: T_TIMEOUT seconds per test (600), T_VERBOSE=1 prints every
# log, T_LOG_DIR keeps the logs there.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$here/../.." && pwd)
: "${SHARED:=$(cd "$TOP/.." && pwd)/shared}"
export TOP SHARED

start=${EPOCHREALTIME/./}
# Seconds since start, one decimal.
elapsed() {
	local ds=$(((${EPOCHREALTIME/./} - start) / 100000))
	echo "$((ds / 10)).$((ds % 10))"
}

die() {
	echo "integration: $*" >&2
	exit 2
}

[ -n "${AMDELTA:-}" ] || die "AMDELTA (path of the built binary) is not set"
[ -x "$AMDELTA" ] || die "AMDELTA=$AMDELTA is not an executable"
AMDELTA=$(cd "$(dirname "$AMDELTA")" && pwd)/$(basename "$AMDELTA")
[ -d "$SHARED/wso2-reference" ] || die "no $SHARED/wso2-reference (set SHARED)"
SHARED=$(cd "$SHARED" && pwd)
: "${AMDELTA_TEST:=$(dirname "$AMDELTA")/amdelta-test}"
export AMDELTA AMDELTA_TEST

# shellcheck source=SCRIPTDIR/../db/lib.sh
. "$TOP/tests/db/lib.sh"
db_init
db_pg_start || die "cannot start PostgreSQL"
db_maria_start || die "cannot start MariaDB"
echo "# PostgreSQL on 127.0.0.1:$PG_PORT, MariaDB on 127.0.0.1:$MARIA_PORT, up after $(elapsed) s"

run_dir=""
db_tmpdir run_dir run
logs=${T_LOG_DIR:-$run_dir/logs}
mkdir -p "$logs"

# Ctrl-C / TERM: stop the running test first, then the EXIT trap cleans up.
cur=""
on_signal() {
	if [ -n "$cur" ]; then
		kill -TERM "$cur" 2>/dev/null || true
		wait "$cur" 2>/dev/null || true
	fi
	exit "$1"
}
trap 'on_signal 130' INT
trap 'on_signal 143' TERM
trap 'on_signal 129' HUP

pass=0
fail=0
tests=()
while IFS= read -r t; do
	tests+=("$t")
done < <(find "$here" -maxdepth 1 -name 't_*.sh' -type f | LC_ALL=C sort)

for t in "${tests[@]}"; do
	name=$(basename "$t" .sh)
	if [ $# -gt 0 ]; then
		want=0
		for p in "$@"; do
			[[ $name == *"$p"* ]] && want=1
		done
		[ "$want" = 1 ] || continue
	fi
	T_NAME=$name
	T_TMP=$run_dir/$name
	mkdir -p "$T_TMP"
	export T_NAME T_TMP
	log=$logs/$name.log
	rc=0
	# A background job so that a signal reaches on_signal at once.
	(cd "$T_TMP" && exec timeout -k 5 "${T_TIMEOUT:-600}" bash "$t") >"$log" 2>&1 &
	cur=$!
	wait "$cur" || rc=$?
	cur=""
	if [ "$rc" = 124 ]; then
		echo "not ok: timed out after ${T_TIMEOUT:-600} s" >>"$log"
	elif [ "$rc" != 0 ]; then
		echo "not ok: exit status $rc" >>"$log"
	fi
	if [ "$rc" = 0 ] && [ ! -s "$T_TMP/.failures" ]; then
		pass=$((pass + 1))
		echo "ok $name"
		[ "${T_VERBOSE:-0}" = 1 ] && echo "    # done after $(elapsed) s"
		[ "${T_VERBOSE:-0}" = 1 ] && sed 's/^/    /' "$log"
	else
		fail=$((fail + 1))
		echo "FAILED $name"
		if [ "${T_VERBOSE:-0}" = 1 ]; then
			sed 's/^/    /' "$log"
		else
			# every failure first: the tail alone may hold none of them
			grep 'not ok' "$log" | head -n 30 | sed 's/^/    /'
			echo "    # the end of the log:"
			tail -n 20 "$log" | sed 's/^/    /'
		fi
	fi
done

[ $((pass + fail)) -gt 0 ] || echo "integration: no test matched" >&2
echo "# $(elapsed) s in all"
echo "integration: $pass passed, $fail failed"
[ "$fail" = 0 ] && [ $((pass + fail)) -gt 0 ]
