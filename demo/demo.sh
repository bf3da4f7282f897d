#!/usr/bin/env bash
# make demo: amdelta from start to end on a throwaway PostgreSQL.
#
# Starts PostgreSQL under build/demo (loopback and a unix socket, no system
# service), creates WSO2AM_DB, SHARED_DB and APIM_ANALYTICS_DB at 3.0.0 with
# `amdelta ddl` and a few hundred rows, kills an apply half way (a migration
# that died), then runs status, plan, apply and verify, writes
# build/demo/report.html and build/demo/report.xml, and stops the server.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
amdelta=$top/build/amdelta
# the test build of the binary, which can kill itself after a step
amdelta_test=$top/build/amdelta-test
demo=$top/build/demo
export SHARED=${SHARED:-$top/../shared}

rm -rf "$demo"
mkdir -p "$demo"
# As root the server runs as the OS user postgres, which must reach the
# directory; where it cannot (a clone under /root), the server goes to /tmp.
if [ "$(id -u)" = 0 ] && ! runuser -u postgres -- test -x "$demo" 2>/dev/null; then
	server_dir=${TMPDIR:-/tmp}
else
	server_dir=$demo
fi
# shellcheck source=../tests/db/lib.sh
TMPDIR=$server_dir . "$top/tests/db/lib.sh"

say() { printf '\n\033[1m== %s\033[0m\n' "$*" | { [ -n "${NO_COLOR:-}" ] || [ ! -t 1 ] && sed 's/\x1b\[[0-9;]*m//g' || cat; }; }
# run ARGS: shows the command with the connection strings as $AM, $SH, $AN
# (they hold the password), then runs it.
run() {
	local shown=" $*"
	shown=${shown//"$AM"/'"$AM"'}
	shown=${shown//"$SH"/'"$SH"'}
	shown=${shown//"$AN"/'"$AN"'}
	shown=${shown//"$demo/"/}
	printf '$ amdelta%s\n' "$shown"
	"$amdelta" "$@"
}

t0=$SECONDS
say "starting PostgreSQL under $server_dir"
TMPDIR=$server_dir db_pg_start
echo "PostgreSQL $("$PG_BINDIR/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT"

say "creating WSO2AM_DB, SHARED_DB and APIM_ANALYTICS_DB at 3.0.0 (amdelta ddl)"
for db in WSO2AM_DB SHARED_DB APIM_ANALYTICS_DB; do
	name=$(echo "$db" | tr '[:upper:]' '[:lower:]')
	db_pg_createdb "$name"
	"$amdelta" ddl --db "$db" --version 3.0.0 --dialect postgresql --output "$demo/$name-3.0.0.sql"
	db_pg_psql "$name" -q -v ON_ERROR_STOP=1 -f "$demo/$name-3.0.0.sql" >/dev/null
done
AM=$(db_pg_conn wso2am_db) SH=$(db_pg_conn shared_db) AN=$(db_pg_conn apim_analytics_db)
echo 'AM, SH and AN hold the connection strings (Driver=...;Server=127.0.0.1;...;Pwd=...)' 

say "sample rows: 150 applications, 300 key mappings, 150 OAuth apps (a third without a callback URL)"
{
	echo "INSERT INTO AM_SUBSCRIBER (SUBSCRIBER_ID, USER_ID, TENANT_ID, DATE_SUBSCRIBED) VALUES (1, 'admin', -1234, CURRENT_TIMESTAMP);"
	echo "INSERT INTO AM_APPLICATION (APPLICATION_ID, NAME, SUBSCRIBER_ID, APPLICATION_TIER, APPLICATION_STATUS, UUID)
	      SELECT i, 'app' || i, 1, 'Unlimited', 'APPROVED', 'uuid-app-' || i FROM generate_series(1, 150) i;"
	echo "INSERT INTO AM_APPLICATION_KEY_MAPPING (APPLICATION_ID, CONSUMER_KEY, KEY_TYPE, STATE, CREATE_MODE)
	      SELECT i, 'ck-' || k || '-' || i, k, 'COMPLETED', 'CREATED' FROM generate_series(1, 150) i,
	      (VALUES ('PRODUCTION'), ('SANDBOX')) t(k);"
	echo "INSERT INTO IDN_OAUTH_CONSUMER_APPS (ID, CONSUMER_KEY, CONSUMER_SECRET, USERNAME, TENANT_ID, USER_DOMAIN, APP_NAME, OAUTH_VERSION, CALLBACK_URL, GRANT_TYPES)
	      SELECT i, 'ck-PRODUCTION-' || i, 'secret', 'admin', -1234, 'PRIMARY', 'app' || i, 'OAuth-2.0',
	      CASE WHEN i % 3 = 0 THEN NULL ELSE 'https://cb.example/' || i END, 'client_credentials'
	      FROM generate_series(1, 150) i;"
} | db_pg_psql wso2am_db -q -v ON_ERROR_STOP=1 >/dev/null
db_pg_psql apim_analytics_db -q -v ON_ERROR_STOP=1 >/dev/null <<'SQL'
INSERT INTO APILASTACCESSSUMMARY (APICONTEXT, APINAME, APIVERSION, APICREATOR, APICREATORTENANTDOMAIN, APPLICATIONOWNER, LASTACCESSTIME)
SELECT '/api' || i, 'api' || i, '1.0.' || i, 'admin', 'carbon.super', 'admin', i FROM generate_series(1, 50) i;
SQL

say "a migration that died half way (apply killed after its 12th step)"
AMDELTA_TEST_STOP_AFTER=12 "$amdelta_test" apply --yes --am-db "$AM" >"$demo/killed-apply.log" 2>&1 || true
echo "killed: $(grep -c '^-- [0-9]* ms' "$demo/killed-apply.log") steps had run"

say "status"
run status --am-db "$AM" --shared-db "$SH" --analytics-db "$AN" || true

say "plan (read-only): what apply would run"
run plan --am-db "$AM" --shared-db "$SH" --analytics-db "$AN" --output "$demo/plan.sql" || true
grep -c '^-- [a-z0-9-]* (' "$demo/plan.sql" | sed 's/$/ steps in build\/demo\/plan.sql/'

say "apply"
run apply --yes --am-db "$AM" --shared-db "$SH" --analytics-db "$AN" --json "$demo/apply.json" \
	>"$demo/apply.log" || true
head -n 1 "$demo/apply.log"
grep '^-- [a-z0-9-]* (\|^-- [0-9]* ms' "$demo/apply.log" | paste - - | sed 's/^-- //; s/\t-- / /' | head -n 30
tail -n 5 "$demo/apply.log"

say "verify"
verify_rc=0
run verify --am-db "$AM" --shared-db "$SH" --analytics-db "$AN" \
	--html "$demo/report.html" --junit "$demo/report.xml" || verify_rc=$?

say "done in $((SECONDS - t0)) s"
echo "report:  $demo/report.html"
echo "junit:   $demo/report.xml"
case $verify_rc in
0) meaning="every database is at 3.2.0" ;;
1) meaning="findings: the verdict and the next step are the last lines of verify's output" ;;
3) meaning="a database could not be read" ;;
*) meaning="see verify's output" ;;
esac
echo "verify exit status $verify_rc: $meaning"
