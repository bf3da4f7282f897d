#!/usr/bin/env bash
# schemas/generate.sh — regenerate the expected catalogs from the reference
# fresh-install schemas, loaded into throwaway PostgreSQL and MariaDB servers
# and read back with `amdelta inspect`.
#
#   schemas/mysql/<db>-<version>.xml   read from MariaDB
#   schemas/<db>-<version>.xml         read from PostgreSQL; the dialect-neutral
#                                      catalog, used for postgresql and for the
#                                      dialects that have no variant of their own
#
# Usage: AMDELTA=build/amdelta SHARED=../shared schemas/generate.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../tests/db/lib.sh
. "$here/../tests/db/lib.sh"
: "${AMDELTA:=$here/../build/amdelta}"

db_init
db_pg_start
db_maria_start
mkdir -p "$here/mysql"
for v in 3.0.0 3.2.0; do
	for db in wso2am_db shared_db analytics_db; do
		name=${db}_${v//./}
		case $db in
		wso2am_db) DB=WSO2AM_DB opt=--am-db ;;
		shared_db) DB=SHARED_DB opt=--shared-db ;;
		analytics_db) DB=APIM_ANALYTICS_DB opt=--analytics-db ;;
		esac
		out=$(tr '[:upper:]' '[:lower:]' <<<"$DB")-$v.xml
		db_pg_createdb "$name"
		db_load_reference postgresql "$v" "$db" "$name"
		"$AMDELTA" inspect --db "$DB" --version "$v" "$opt" "$(db_pg_conn "$name")" |
			sed 's/ dialect="postgresql"//' >"$here/$out"
		db_maria_createdb "$name"
		db_load_reference mysql "$v" "$db" "$name"
		"$AMDELTA" inspect --db "$DB" --version "$v" "$opt" "$(db_maria_conn "$name")" \
			--output "$here/mysql/$out"
	done
done
