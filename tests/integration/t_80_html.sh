#!/usr/bin/env bash
# The HTML report (--html) on PostgreSQL and MariaDB.
#   A seeded 3.0.0 WSO2AM_DB holding a table named <img src=x onerror=alert(1)>
#   (a quoted identifier), with a 3.0.0 SHARED_DB and APIM_ANALYTICS_DB:
#   status, plan, apply --yes, check and verify each write a report that
#   xmllint --html parses without a message, that names every database,
#   holds the hostile name as text only (no img, script, link, frame; no
#   reference outside the file) and no password; two runs of status give
#   files that differ only in the generated-at line; headless Chromium
#   renders a report to a PNG of a sane size.  Nothing here skips: no
#   xmllint or no chromium fails the test.
set -euo pipefail
# shellcheck source=SCRIPTDIR/helpers.sh
. "$TOP/tests/integration/helpers.sh"
# shellcheck source=SCRIPTDIR/am_fixture.sh
. "$TOP/tests/integration/am_fixture.sh"

HOSTILE='<img src=x onerror=alert(1)>'
HOSTILE_ESCAPED='&lt;img src=x onerror=alert(1)&gt;'

command -v xmllint >/dev/null || t_fail "xmllint not found: install the Debian package libxml2-utils (make deps)"
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
[ -n "$CHROMIUM" ] || t_fail "chromium not found: install the Debian package chromium (make deps)"

am_fixture_init t80

# xpath FILE EXPR: the value of an XPath expression over the parsed report.
xpath() {
	xmllint --html --nonet --xpath "$2" "$1" 2>/dev/null
}

# html_ok FILE WHAT [HOSTILE]: the report parses with no message, names the
# three databases, refers to nothing outside itself, shows no password;
# with HOSTILE=1 it holds the hostile table name, escaped, as text.
html_ok() {
	local f=$1 what=$2 hostile=${3:-1} msgs body db
	if [ ! -s "$f" ]; then
		_t_record "$what: no report written to $f"
		return 0
	fi
	msgs=$(xmllint --html --nonet --noout "$f" 2>&1) || _t_record "$what: xmllint --html failed: $msgs"
	t_expect_eq "" "$msgs" "$what: xmllint --html messages"
	body=$(<"$f")
	t_expect_match "$body" '^<!DOCTYPE html>' "$what: doctype"
	for db in WSO2AM_DB SHARED_DB APIM_ANALYTICS_DB; do
		t_expect_eq 1 "$(xpath "$f" "count(//div[@class='database']/h2[starts-with(normalize-space(.), '$db ')])")" \
			"$what: a section for $db"
		t_expect_eq 1 "$(xpath "$f" "count(//table[@class='summary']//td[@class='name'][normalize-space(.)='$db'])")" \
			"$what: a summary row for $db"
	done
	t_expect_eq 0 "$(xpath "$f" 'count(//img|//script|//link|//iframe|//frame|//object|//embed|//base|//form)')" \
		"$what: no element that loads or runs anything"
	t_expect_eq 0 "$(xpath "$f" 'count(//@src|//@href[not(starts-with(., "#"))]|//@action|//@*[starts-with(name(), "on")])')" \
		"$what: no reference outside the file, no event handler"
	t_expect_eq 1 "$(xpath "$f" 'count(//style)')" "$what: one inline stylesheet"
	t_expect_not_contains "$body" "http://" "$what"
	t_expect_not_contains "$body" "https://" "$what"
	t_expect_not_contains "$body" "url(" "$what: CSS loads nothing"
	t_expect_not_contains "$body" "@import" "$what: CSS imports nothing"
	t_expect_not_contains "$body" "$DB_PASSWORD" "$what: no password"
	if [ "$hostile" = 1 ]; then
		t_expect_contains "$body" "$HOSTILE_ESCAPED" "$what: the hostile name escaped"
		t_expect_not_contains "$body" "<img" "$what: raw"
		t_expect_eq 1 "$(xpath "$f" "count(//ul[@class='tables']/li[starts-with(., '$HOSTILE')])")" \
			"$what: the hostile name is a text node"
	fi
}

# state_of FILE DB: the state badge of DB in the summary.
state_of() {
	xpath "$1" "normalize-space(//table[@class='summary']//tr[td[@class='name'][normalize-space(.)='$2']]//span[contains(@class, 'state')])"
}

# render FILE PNG: headless Chromium screenshot of FILE; a fresh profile.
render() {
	local f=$1 png=$2 prof log magic size
	log=$T_TMP/chromium-$(basename "$2" .png).log
	prof=$(mktemp -d "$T_TMP/chromium-profile.XXXXXX")
	t_log "render: $f"
	if ! XDG_CONFIG_HOME=$prof/config XDG_CACHE_HOME=$prof/cache \
		timeout -k 5 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$prof" --screenshot="$png" --window-size=1280,2000 \
		"file://$f" >"$log" 2>&1; then
		_t_record "chromium failed on $f; its log ends:"$'\n'"$(grep -v 'dbus' "$log" | tail -n 20 | sed 's/^/    /')"
	fi
	rm -rf "$prof"
	if [ ! -f "$png" ]; then
		_t_record "chromium wrote no screenshot $png; its log ends:"$'\n'"$(grep -v 'dbus' "$log" | tail -n 20 | sed 's/^/    /')"
		return 0
	fi
	magic=$(head -c 8 "$png" | od -An -tx1 | tr -d ' \n')
	t_expect_eq "89504e470d0a1a0a" "$magic" "$png: PNG magic"
	size=$(wc -c <"$png")
	t_log "screenshot $png: $size bytes"
	[ "$size" -gt 10240 ] || _t_record "$png: $size bytes, not more than 10 kB"
	[ "$size" -lt 10485760 ] || _t_record "$png: $size bytes, not less than 10 MB"
}

for d in pg maria; do
	dialect=$(dialect_of $d)
	am=t80_${d}_am sh=t80_${d}_sh an=t80_${d}_an
	new_am $d $am
	if [ $d = pg ]; then
		query $d $am "CREATE TABLE \"$HOSTILE\" (ID INTEGER)" >/dev/null
	else
		query $d $am "CREATE TABLE \`$HOSTILE\` (ID INTEGER)" >/dev/null
	fi
	db_new_reference $d 3.0.0 shared_db $sh
	new_an $d $an
	dbs=(--am-db "$(conn $d $am)" --shared-db "$(conn $d $sh)" --analytics-db "$(conn $d $an)")
	out=$T_TMP/$d
	mkdir -p "$out"

	# status twice: only the generated-at line differs
	t_expect_rc 1 "$AMDELTA" status "${dbs[@]}" --html "$out/status1.html"
	html_ok "$out/status1.html" "$dialect status"
	t_expect_eq "3.0.0" "$(state_of "$out/status1.html" WSO2AM_DB)" "$dialect status: WSO2AM_DB badge"
	sleep 1.1    # a generated-at line of another second
	t_expect_rc 1 "$AMDELTA" status "${dbs[@]}" --html "$out/status2.html"
	diff "$out/status1.html" "$out/status2.html" >"$out/status.diff" || true
	t_expect_eq 1 "$(grep -c '^<' "$out/status.diff" || true)" "$dialect status twice: lines only in the first"
	t_expect_eq 1 "$(grep -c '^>' "$out/status.diff" || true)" "$dialect status twice: lines only in the second"
	t_expect_eq 2 "$(grep -c '^[<>] <p class="generated">Generated at ' "$out/status.diff" || true)" \
		"$dialect status twice: the one differing line is the generated-at line"
	# the report to stdout: the same document
	t_expect_rc 1 "$AMDELTA" status "${dbs[@]}" --html -
	t_expect_eq "$(grep -v 'class="generated"' "$out/status1.html")" "$(grep -v 'class="generated"' "$T_OUT")" \
		"$dialect status --html -: the same report on stdout"

	t_expect_rc 1 "$AMDELTA" plan "${dbs[@]}" --html "$out/plan.html"
	html_ok "$out/plan.html" "$dialect plan"
	t_expect_ne 0 "$(xpath "$out/plan.html" "count(//div[@id='db-0']//pre[@class='sql'])")" "$dialect plan: SQL of the steps"
	t_expect_contains "$(xpath "$out/plan.html" "string(//div[@id='db-0']//pre[@class='sql'][1])")" "CREATE TABLE" \
		"$dialect plan: the first step's SQL"

	t_run "$AMDELTA" check "${dbs[@]}" --html "$out/check.html"
	[[ $T_RC == [01] ]] || _t_record "$dialect check: exit status $T_RC; stderr:"$'\n'"$(head -n 20 "$T_ERR")"
	html_ok "$out/check.html" "$dialect check"
	t_expect_eq 14 "$(xpath "$out/check.html" "count(//table[@class='checks']/tbody/tr)")" "$dialect check: fourteen checks"
	t_expect_eq "Readiness checks" "$(xpath "$out/check.html" "normalize-space(//div[@id='checks']/h2)")" "$dialect check: heading"
	t_expect_match "$(xpath "$out/check.html" "string(//p[@class='verdict verdict-ok' or @class='verdict verdict-bad'])")" \
		'^(PASS|FAIL): 14 checks: [0-9]+ passed, [0-9]+ failed' "$dialect check: the verdict in the summary"

	# amdelta's part done; the identity migration's is left: WSO2AM_DB
	# partial, SHARED_DB 3.0.0 (exit 1)
	t_expect_rc 1 "$AMDELTA" apply --yes "${dbs[@]}" --html "$out/apply.html"
	html_ok "$out/apply.html" "$dialect apply"
	t_expect_eq "partial 3.0.0 3.2.0" "$(state_of "$out/apply.html" WSO2AM_DB) $(state_of "$out/apply.html" SHARED_DB) $(state_of "$out/apply.html" APIM_ANALYTICS_DB)" \
		"$dialect apply: the state badges"
	t_expect_ne 0 "$(xpath "$out/apply.html" "count(//div[@id='db-0']//span[@class='timing'])")" "$dialect apply: executed steps"
	t_expect_match "$(xpath "$out/apply.html" "string(//div[@id='db-0']//span[@class='timing'][1])")" '^[0-9]+\.[0-9] ms' \
		"$dialect apply: a step's time"
	t_expect_ne 0 "$(xpath "$out/apply.html" "count(//div[@id='db-0']//li/pre[@class='sql'])")" "$dialect apply: executed SQL"

	t_expect_rc 1 "$AMDELTA" verify "${dbs[@]}" --html "$out/verify.html"
	html_ok "$out/verify.html" "$dialect verify"
	t_expect_eq "Verification" "$(xpath "$out/verify.html" "normalize-space(//div[@id='checks']/h2)")" "$dialect verify: heading"
	t_expect_eq "fail" "$(xpath "$out/verify.html" "normalize-space(//table[@class='checks']/tbody/tr[td/code='identity']//span[contains(@class, 'cs-')])")" \
		"$dialect verify: the identity migration is pending"
	# the hostile table is drift: named in the drift check's rows, escaped
	t_expect_contains "$(xpath "$out/verify.html" "string(//table[@class='checks']/tbody/tr[td/code='drift'])")" "$HOSTILE" \
		"$dialect verify: the hostile table is drift"

	# a report that cannot be written: exit 2, the path named
	t_expect_rc 2 "$AMDELTA" status "${dbs[@]}" --html "$T_TMP/no-such-dir/r.html"
	t_expect_contains "$(<"$T_ERR")" "$T_TMP/no-such-dir/r.html" "$dialect: an unwritable report is named"
done

# Chromium renders the reports: the apply report of PostgreSQL (steps, SQL)
# and the check report of MariaDB (findings, remedies).
render "$T_TMP/pg/apply.html" "$T_TMP/pg-apply.png"
render "$T_TMP/maria/check.html" "$T_TMP/maria-check.png"
t_log "done after $SECONDS s"
