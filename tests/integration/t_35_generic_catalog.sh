#!/usr/bin/env bash
# The generic ODBC catalog-function path (--generic-catalog, what drivers
# without a fast path get) reads the same catalog as the per-dialect fast
# path: identical on PostgreSQL; on MariaDB less only the foreign keys that
# reference a unique key, which MariaDB Connector/ODBC's SQLForeignKeys omits.
# Round trips: the fast path's number does not grow with the tables.
set -euo pipefail
# shellcheck source=SCRIPTDIR/helpers.sh
. "$TOP/tests/integration/helpers.sh"

# trips FILE: the round trips inspect reported on stderr.
trips() { sed -n 's/.* read in \([0-9]*\) round trips.*/\1/p' "$1"; }

for d in pg maria; do
	for v in 3.0.0 3.2.0; do
		for db in wso2am_db shared_db analytics_db; do
			name=t35_${d}_${v//./}_$db
			db_new_reference $d "$v" $db "$name"
			if [ $d = pg ]; then conn=$(db_pg_conn "$name"); else conn=$(db_maria_conn "$name"); fi
			"$AMDELTA" inspect --db WSO2AM_DB --am-db "$conn" >"$T_TMP/fast.xml" 2>"$T_TMP/fast.err"
			"$AMDELTA" inspect --generic-catalog --db WSO2AM_DB --am-db "$conn" >"$T_TMP/generic.xml" 2>"$T_TMP/generic.err"
			tables=$(grep -c '<table ' "$T_TMP/fast.xml")
			fast=$(trips "$T_TMP/fast.err") generic=$(trips "$T_TMP/generic.err")
			t_log "$d $v $db: $tables tables, fast path $fast round trips, generic $generic"
			t_expect_match "$fast" '^[0-9]+$' "$d $v $db: round trips reported"
			[ "$fast" -le 12 ] || t_fail "$d $v $db: the fast path took $fast round trips for $tables tables"
			[ "$generic" -gt "$tables" ] || t_fail "$d $v $db: the generic path took only $generic round trips"
			if [ $d = pg ]; then
				t_expect_eq "" "$(diff "$T_TMP/fast.xml" "$T_TMP/generic.xml")" "$d $v $db: generic = fast"
			else
				# only foreign keys, only missing from the generic path, each to a unique key
				t_expect_eq "" "$(diff "$T_TMP/fast.xml" "$T_TMP/generic.xml" | grep '^[<>]' | grep -v '^<     <foreign-key ' || true)" \
					"$d $v $db: generic = fast but for foreign keys it lacks"
			fi
		done
	done
done
