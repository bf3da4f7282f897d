#!/usr/bin/env bash
# schemas/generate.sh — regenerate the expected catalogs from the reference
# fresh-install schemas and the reference migration scripts, loaded into
# throwaway PostgreSQL and MariaDB servers and read back with
# `amdelta inspect`.
#
#   schemas/mysql/<db>-<version>.xml   read from MariaDB
#   schemas/<db>-<version>.xml         read from PostgreSQL; the dialect-neutral
#                                      catalog, used for postgresql and for the
#                                      dialects that have no variant of their own
#   schemas/endstates/<dialect>/<db>-<route>.xml
#                                      what a 3.0.0 database looks like after
#                                      one known way of migrating it (a route,
#                                      below), read back from that dialect's
#                                      server; verify accepts every difference
#                                      from fresh 3.2.0 that one of them shows
#
# Routes (each starts from the reference fresh 3.0.0 schema of the dialect
# and runs every script once, to the end, through the server's own client):
#   WSO2AM_DB
#     guide       the guide's step 2.3 script: deltas/3.0.0_to_3.1.0/<d>.sql
#                 then deltas/3.1.0_to_3.2.0/<d>.sql, stopping at an error;
#                 on PostgreSQL with the document's fix (its DO block compares
#                 the lower-case table name; the stored file's upper-case one
#                 makes EXECUTE fail)
#     <variant>   the same with the later revision of both scripts in
#                 deltas/*/variants/<variant>/ (same fix), going on past
#                 errors as `psql -f` and `mariadb --force` do: the revision
#                 adds AM_API.API_UUID in both scripts, the second time fails
#     <route>+identity   then WSO2's identity migration client (guide step 5):
#                 its ScopeDataMigrator's IDN_OAUTH2_SCOPE.SCOPE_TYPE column,
#                 then identity-5.9.0_to_5.10.0/step1/identity/<d>.sql
#                 (step2/identity is not run in the API-M procedure;
#                 db_identity_client in tests/db/lib.sh)
#   SHARED_DB
#     guide       deltas/registry-versioning-cleanup/<d>.sql (rows only)
#     guide+identity   then identity-5.9.0_to_5.10.0/step1/um/<d>.sql,
#                 step2/um/<d>.sql and deltas/reg-index.sql
# APIM_ANALYTICS_DB has no route file: the guide's step 3.1 exists only as
# text in the guide, and amdelta's own delta (3.0.0 + deltas, computed by
# verify itself) makes the same change.
#
# Usage: AMDELTA=build/amdelta SHARED=../shared schemas/generate.sh [--endstates] [--output DIR]
#   --endstates   write the end states only
#   --output DIR  write under DIR instead of schemas/
# When PG_PORT and MARIA_PORT are set (tests/integration/run.sh started the
# servers), those servers are used, with database names prefixed by
# $GEN_PREFIX (default gen); otherwise it starts its own.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../tests/db/lib.sh
. "$here/../tests/db/lib.sh"
: "${AMDELTA:=$here/../build/amdelta}"
: "${GEN_PREFIX:=gen}"

out=$here
only_endstates=0
while [ $# -gt 0 ]; do
	case $1 in
	--endstates) only_endstates=1 ;;
	--output) out=${2:?--output needs a directory}; shift ;;
	*) echo "usage: schemas/generate.sh [--endstates] [--output DIR]" >&2; exit 2 ;;
	esac
	shift
done
deltas=$SHARED/wso2-reference/deltas
identity=$deltas/identity-5.9.0_to_5.10.0

if [ -z "${PG_PORT:-}" ] || [ -z "${MARIA_PORT:-}" ]; then
	db_init
	db_pg_start
	db_maria_start
fi
db_tmpdir work generate
export PGOPTIONS='-c client_min_messages=warning'

# opt_of DB: the amdelta option that connects DB.
opt_of() {
	case $1 in
	WSO2AM_DB) echo --am-db ;;
	SHARED_DB) echo --shared-db ;;
	APIM_ANALYTICS_DB) echo --analytics-db ;;
	esac
}

if [ "$only_endstates" = 0 ]; then
	mkdir -p "$out/mysql"
	for v in 3.0.0 3.2.0; do
		for db in wso2am_db shared_db analytics_db; do
			name=${GEN_PREFIX}_${db}_${v//./}
			case $db in
			wso2am_db) DB=WSO2AM_DB ;;
			shared_db) DB=SHARED_DB ;;
			analytics_db) DB=APIM_ANALYTICS_DB ;;
			esac
			file=$(tr '[:upper:]' '[:lower:]' <<<"$DB")-$v.xml
			db_pg_createdb "$name"
			db_load_reference postgresql "$v" "$db" "$name"
			"$AMDELTA" inspect --db "$DB" --version "$v" "$(opt_of $DB)" "$(db_pg_conn "$name")" |
				sed 's/ dialect="postgresql"//' >"$out/$file"
			db_maria_createdb "$name"
			db_load_reference mysql "$v" "$db" "$name"
			"$AMDELTA" inspect --db "$DB" --version "$v" "$(opt_of $DB)" "$(db_maria_conn "$name")" \
				--output "$out/mysql/$file"
		done
	done
fi

# ------------------------------------------------------------ end states

# run_script D TARGET FILE stop|continue [WHAT]: FILE through the server's
# own client in one session; "continue" goes on past a failing statement and
# says how many failed (of WHAT, the route).
run_script() {
	local d=$1 target=$2 file=$3 mode=$4 what=${5:-$3} log=$work/run.log rc=0
	: >"$log"
	if [ "$d" = postgresql ]; then
		if [ "$mode" = stop ]; then
			db_pg_psql "$target" -q -v ON_ERROR_STOP=1 -f "$file" >/dev/null 2>"$log" || rc=$?
		else
			db_pg_psql "$target" -q -f "$file" >/dev/null 2>"$log" || rc=$?
		fi
	elif [ "$mode" = stop ]; then
		db_maria_sql "$target" <"$file" >/dev/null 2>"$log" || rc=$?
	else
		db_maria_sql "$target" --force <"$file" >/dev/null 2>"$log" || rc=$?
	fi
	if [ "$mode" = stop ] && { [ "$rc" != 0 ] || grep -q 'ERROR' "$log"; }; then
		echo "generate: $file failed on $d database $target:" >&2
		sed 's/^/generate:   /' "$log" >&2
		return 1
	fi
	if [ "$mode" = continue ] && [ -s "$log" ]; then
		echo "generate: $what on $d: $(grep -c 'ERROR' "$log") failed statement(s), as when run by hand: $(grep -m1 'ERROR' "$log")" >&2
	fi
	return 0
}

# guide_script D DIR OUT: the 3.0.0 -> 3.2.0 script of dialect D whose two
# halves are DIR1/D.sql and DIR2/D.sql (DIR: "" for the guide, or
# "variants/NAME/"), as the guide prints it (PostgreSQL: lower-case name in
# the DO block), in the file OUT.
guide_script() {
	{ cat "$deltas/3.0.0_to_3.1.0/$2$1.sql"; echo; cat "$deltas/3.1.0_to_3.2.0/$2$1.sql"; echo; } |
		sed "s/tc.table_name = 'IDN_OAUTH2_RESOURCE_SCOPE'/tc.table_name = 'idn_oauth2_resource_scope'/" >"$3"
}

# new_300 D DB TARGET: TARGET holding the reference fresh 3.0.0 DB.
new_300() {
	if [ "$1" = postgresql ]; then
		db_pg_createdb "$3"
	else
		db_maria_createdb "$3"
	fi
	db_load_reference "$1" 3.0.0 "$2" "$3"
}

# write_endstate D DB TARGET ROUTE: the catalog of TARGET as
# endstates/D/<db>-ROUTE.xml.
write_endstate() {
	local conn file
	if [ "$1" = postgresql ]; then conn=$(db_pg_conn "$3"); else conn=$(db_maria_conn "$3"); fi
	file=$(tr '[:upper:]' '[:lower:]' <<<"$2")-$4.xml
	"$AMDELTA" inspect --db "$2" --version 3.2.0 "$(opt_of "$2")" "$conn" \
		--output "$out/endstates/$1/$file"
}

# the variants: the revisions stored for both halves of the script
variants=()
for v in "$deltas"/3.0.0_to_3.1.0/variants/*/; do
	v=$(basename "$v")
	[ -d "$deltas/3.1.0_to_3.2.0/variants/$v" ] && variants+=("$v")
done

n=0
for d in postgresql mysql; do
	mkdir -p "$out/endstates/$d"
	rm -f "$out/endstates/$d"/*.xml
	for route in guide "${variants[@]}"; do
		n=$((n + 1))
		target=${GEN_PREFIX}_es${n}_${d:0:2}_am
		if [ "$route" = guide ]; then
			guide_script "$d" "" "$work/script.sql"
			mode=stop
		else
			guide_script "$d" "variants/$route/" "$work/script.sql"
			mode=continue
		fi
		new_300 "$d" wso2am_db "$target"
		run_script "$d" "$target" "$work/script.sql" "$mode" "$route"
		write_endstate "$d" WSO2AM_DB "$target" "$route"
		db_identity_client "$d" wso2am_db "$target"
		write_endstate "$d" WSO2AM_DB "$target" "$route+identity"
	done
	target=${GEN_PREFIX}_es_${d:0:2}_shared
	new_300 "$d" shared_db "$target"
	run_script "$d" "$target" "$deltas/registry-versioning-cleanup/$d.sql" stop
	write_endstate "$d" SHARED_DB "$target" guide
	db_identity_client "$d" shared_db "$target"
	write_endstate "$d" SHARED_DB "$target" guide+identity
done
