#!/usr/bin/env bash
# The guide's WSO2AM_DB script (3.0.0->3.1.0 then 3.1.0->3.2.0), for
# PostgreSQL and MySQL, cut after every statement k on a 3.0.0 database that
# holds rows (AM_APPLICATION_KEY_MAPPING, and IDN_OAUTH_CONSUMER_APPS with a
# third of the callback URLs NULL, so the data changes count):
#   k = 0        -> 3.0.0
#   k = end of the 3.0.0->3.1.0 part -> 3.1.0
#   k = all      -> 3.2.0
#   otherwise    -> partial
# and the tables of the apim deltas that status reports as not applied are
# exactly the tables of the statements that have not run yet.  Statements that
# change nothing on the way from 3.0.0 are left out of both: MySQL's
# "SET @sqlst = NULL" and "DEALLOCATE", and PostgreSQL's "DROP TABLE/SEQUENCE
# IF EXISTS" of the tables the script is about to create, which do not exist
# yet on a 3.0.0 database.
#
# The guide is the upgrade document (shared/spec): its PostgreSQL script
# compares tc.table_name with 'idn_oauth2_resource_scope' in lower case; the
# stored repository file has the upper-case literal that makes EXECUTE fail
# (PROVENANCE.md).  The test applies the document's version.
set -euo pipefail
# shellcheck source=SCRIPTDIR/helpers.sh
. "$TOP/tests/integration/helpers.sh"

split=$TOP/tests/db/split-statements.pl
deltas=$SHARED/wso2-reference/deltas

# seed_sql: rows in the tables the data changes touch; portable SQL.
seed_sql() {
	local i
	echo "INSERT INTO AM_SUBSCRIBER (SUBSCRIBER_ID, USER_ID, TENANT_ID, DATE_SUBSCRIBED) VALUES (1, 'admin', -1234, CURRENT_TIMESTAMP);"
	for i in $(seq 1 30); do
		echo "INSERT INTO AM_APPLICATION (APPLICATION_ID, NAME, SUBSCRIBER_ID, APPLICATION_TIER, APPLICATION_STATUS, UUID) VALUES ($i, 'app$i', 1, 'Unlimited', 'APPROVED', 'uuid-app-$i');"
		echo "INSERT INTO AM_APPLICATION_KEY_MAPPING (APPLICATION_ID, CONSUMER_KEY, KEY_TYPE, STATE, CREATE_MODE) VALUES ($i, 'ck-p-$i', 'PRODUCTION', 'COMPLETED', 'CREATED');"
		echo "INSERT INTO AM_APPLICATION_KEY_MAPPING (APPLICATION_ID, CONSUMER_KEY, KEY_TYPE, STATE, CREATE_MODE) VALUES ($i, 'ck-s-$i', 'SANDBOX', 'COMPLETED', 'CREATED');"
		echo "INSERT INTO AM_APPLICATION_REGISTRATION (SUBSCRIBER_ID, WF_REF, APP_ID, TOKEN_TYPE, ALLOWED_DOMAINS, VALIDITY_PERIOD) VALUES (1, 'wf-$i', $i, 'PRODUCTION', 'ALL', 3600);"
		if [ $((i % 3)) = 0 ]; then cb=NULL; else cb="'https://cb.example/$i'"; fi
		echo "INSERT INTO IDN_OAUTH_CONSUMER_APPS (ID, CONSUMER_KEY, CONSUMER_SECRET, USERNAME, TENANT_ID, USER_DOMAIN, APP_NAME, OAUTH_VERSION, CALLBACK_URL, GRANT_TYPES) VALUES ($i, 'ck-p-$i', 'secret', 'admin', -1234, 'PRIMARY', 'app$i', 'OAuth-2.0', $cb, 'client_credentials');"
	done
}

# status_of DIALECT DB: runs amdelta status on DB; prints "apim_state|tables"
# where tables are the sorted tables of the apim deltas not applied.
status_of() {
	local conn
	if [ "$1" = pg ]; then conn=$(db_pg_conn "$2"); else conn=$(db_maria_conn "$2"); fi
	"$AMDELTA" status --am-db "$conn" --json - 2>/dev/null >"$T_TMP/status.json" || true
	t_json "$T_TMP/status.json" 'my $d = $j->{databases}[0];
		my %t = map { $_->{table} => 1 } grep { $_->{component} eq "apim" && $_->{status} ne "applied" && $_->{status} ne "n/a" } @{$d->{deltas}};
		$d->{apim_state} . "|" . join(",", sort keys %t)'
}

# count_effective K: how many of statements 1..K are not inert.
count_effective() {
	local i c=0
	for ((i = 0; i < $1; i++)); do [ "${inert[$i]}" = 1 ] || c=$((c + 1)); done
	echo $c
}

for d in pg maria; do
	case $d in
	pg) dialect=postgresql ;;
	maria) dialect=mysql ;;
	esac
	script=$T_TMP/guide-$dialect.sql
	{ cat "$deltas/3.0.0_to_3.1.0/$dialect.sql"; echo; cat "$deltas/3.1.0_to_3.2.0/$dialect.sql"; } |
		sed "s/tc.table_name = 'IDN_OAUTH2_RESOURCE_SCOPE'/tc.table_name = 'idn_oauth2_resource_scope'/" >"$script"
	n1=$(perl "$split" --count --dialect="$dialect" "$deltas/3.0.0_to_3.1.0/$dialect.sql")
	n=$(perl "$split" --count --dialect="$dialect" "$script")
	t_log "$dialect: $n statements, the first $n1 are 3.0.0->3.1.0"
	# table of each statement, and whether it changes anything
	mapfile -t tables < <(perl "$split" --tables --dialect="$dialect" "$script" | cut -f2)
	mapfile -t inert < <(perl "$split" --tables --dialect="$dialect" "$script" | cut -f3 |
		perl -ne 'print /^\s*(SET\s+@|DEALLOCATE\b|DROP\s+(TABLE|SEQUENCE)\s+IF\s+EXISTS\b)/i ? "1\n" : "0\n"')
	t_expect_eq "$n" "${#tables[@]}" "$dialect: a table for every statement"

	if [ $d = pg ]; then
		db_new_reference pg 3.0.0 wso2am_db t20_pg_seed
		seed_sql | db_pg_psql t20_pg_seed -q -v ON_ERROR_STOP=1 >/dev/null
	fi
	for ((k = 0; k <= n; k++)); do
		db=t20_${d}_$k
		if [ $d = pg ]; then
			db_pg_query postgres "CREATE DATABASE $db TEMPLATE t20_pg_seed"
		else
			db_new_reference maria 3.0.0 wso2am_db "$db"
			seed_sql | db_maria_sql "$db" >/dev/null
		fi
		if [ $k -gt 0 ]; then
			db_apply_statements "$d" "$db" "$script" 1 "$k" >"$T_TMP/apply.log" 2>&1 ||
				t_fail "$dialect: the guide's statements 1..$k fail: $(tail -n 3 "$T_TMP/apply.log")"
		fi
		want_tables=$(for ((i = k; i < n; i++)); do [ "${inert[$i]}" = 1 ] || echo "${tables[$i]}"; done | sort -u | paste -sd, -)
		# statements 1..k that change something, against the same count at
		# the end of the 3.1.0 part and at the end
		eff=$(count_effective "$k") eff1=$(count_effective "$n1") effn=$(count_effective "$n")
		if [ "$eff" = 0 ]; then want_state=3.0.0
		elif [ "$eff" = "$eff1" ]; then want_state=3.1.0
		elif [ "$eff" = "$effn" ]; then want_state=3.2.0
		else want_state=partial; fi
		t_expect_eq "$want_state|$want_tables" "$(status_of $d "$db")" "$dialect cut after statement $k"
		if [ $d = pg ]; then db_pg_query postgres "DROP DATABASE $db"; else db_maria_query mysql "DROP DATABASE $db"; fi
	done
done
