# shellcheck shell=bash
# tests/integration/helpers.sh — sourced by every t_*.sh.
#
# run.sh starts the servers and runs each t_*.sh as its own bash process
# (set -euo pipefail) with these variables exported:
#   AMDELTA SHARED TOP     the binary, the shared reference dir, the project root
#   T_NAME T_TMP           this test's name and a private scratch directory
#   PG_* MARIA_* DB_*      the servers (see tests/db/lib.sh, whose db_*
#   ODBCSYSINI ODBCINI     functions are available here too)
# A test passes when it exits 0 and no t_expect_* failed. t_expect_* record
# a failure and continue; t_fail stops the test. Nothing skips.
# Use a database name of your own per test (e.g. t03_pg_half); servers are
# shared by all tests of a run and discarded at the end.

if [ -z "${PG_PORT:-}" ] || [ -z "${MARIA_PORT:-}" ] || [ -z "${T_TMP:-}" ]; then
	echo "helpers.sh: run tests through tests/integration/run.sh" >&2
	exit 2
fi
# shellcheck source=SCRIPTDIR/../db/lib.sh
. "$TOP/tests/db/lib.sh"

T_FAILURES=$T_TMP/.failures

# set -e stops a test at a failing command: say which one.
_t_err() {
	echo "not ok: line $2: status $1: $3" >&2
}
trap '_t_err $? $LINENO "$BASH_COMMAND"' ERR

# T_SQL_WRITES: an extended regular expression (grep -i -E) matching a
# server log line that holds a writing statement: a PostgreSQL log line
# ("statement: ..." or "execute <name>: ...") or a MariaDB general log line
# ("Query ..." / "Execute ..."). psqlODBC sends "BEGIN;ALTER ..." as one
# statement, so any statement of the line counts, not only the first.
T_SQL_WRITES='(statement|execute [^:]*|Query|Execute):?\s+(.*;\s*)?(insert|update|delete|create|alter|drop|truncate|grant|copy|replace|rename|load)\b'

# t_log MSG...: a comment line in the test's log.
t_log() {
	echo "# $*"
}

_t_record() {
	echo "not ok: $*" >&2
	echo "$*" >>"$T_FAILURES"
}

# t_fail MSG...: fail the test now.
t_fail() {
	_t_record "$*"
	exit 1
}

# t_expect_eq EXPECTED ACTUAL [WHAT]
t_expect_eq() {
	if [ "$1" != "$2" ]; then
		_t_record "${3:-value}: expected '$1', got '$2'"
		return 0
	fi
	t_log "ok: ${3:-value} = '$1'"
}

# t_expect_ne UNEXPECTED ACTUAL [WHAT]
t_expect_ne() {
	if [ "$1" = "$2" ]; then
		_t_record "${3:-value}: expected anything but '$1'"
	fi
}

# t_expect_contains HAYSTACK NEEDLE [WHAT]: fixed-string match.
t_expect_contains() {
	if [[ $1 != *"$2"* ]]; then
		_t_record "${3:-output}: does not contain '$2'; it is:"$'\n'"    ${1//$'\n'/$'\n    '}"
	fi
}

# t_expect_not_contains HAYSTACK NEEDLE [WHAT]
t_expect_not_contains() {
	if [[ $1 == *"$2"* ]]; then
		_t_record "${3:-output}: contains '$2'"
	fi
}

# t_expect_no_apply_advice TEXT [WHAT]: TEXT (an output) tells nobody to
# run amdelta apply: no "next: amdelta apply" (text), "next": "amdelta
# apply" (JSON) or remedy "run `amdelta apply".
t_expect_no_apply_advice() {
	local advice
	for advice in "next: amdelta apply" '"next": "amdelta apply' 'run `amdelta apply' 'amdelta apply (WSO2AM_DB'; do
		t_expect_not_contains "$1" "$advice" "${2:-output}"
	done
}

# t_expect_match ACTUAL ERE [WHAT]: bash =~ extended regular expression.
t_expect_match() {
	if ! [[ $1 =~ $2 ]]; then
		_t_record "${3:-value}: '$1' does not match /$2/"
	fi
}

# t_run CMD...: run CMD, never failing the test. Sets T_RC; stdout and
# stderr go to the files $T_OUT and $T_ERR (read them with $(<"$T_OUT")).
T_OUT=$T_TMP/stdout
T_ERR=$T_TMP/stderr
T_RC=0
t_run() {
	t_log "run: $*"
	T_RC=0
	"$@" >"$T_OUT" 2>"$T_ERR" || T_RC=$?
}

# t_expect_rc RC CMD...: t_run CMD and expect exit status RC; on a mismatch
# the command's stderr is shown.
t_expect_rc() {
	local want=$1
	shift
	t_run "$@"
	if [ "$T_RC" != "$want" ]; then
		_t_record "exit status of '$*': expected $want, got $T_RC; stderr:"$'\n'"$(sed 's/^/    /' "$T_ERR" | head -n 40)"
	fi
}

# t_amdelta ARGS...: t_run the binary under test.
t_amdelta() {
	t_run "$AMDELTA" "$@"
}

# t_json FILE EXPR: decode the JSON in FILE ('-' = stdin) with perl's core
# JSON::PP and print the Perl expression EXPR, evaluated in list context
# with the document in $j (and $_). One line per value: strings and numbers
# as they are, true/false, null for undef, arrays/objects as canonical JSON.
# Fails (status 2, message on stderr) on bad JSON or a bad expression.
#   t_json "$T_OUT" '$j->{databases}[0]{state}'
#   t_json "$T_OUT" 'map { $_->{id} } grep { $_->{status} ne "applied" } @{$j->{databases}[0]{deltas}}'
#   t_json "$T_OUT" 'scalar @{$j->{databases}}'
t_json() {
	perl -MJSON::PP -e '
		my ($file, $expr) = @ARGV;
		my $text = do { local $/; my $fh;
			if ($file eq "-") { $fh = \*STDIN } else { open($fh, "<", $file) or die "t_json: $file: $!\n" }
			<$fh> };
		my $j = eval { JSON::PP->new->allow_nonref->decode($text) };
		if ($@) { print STDERR "t_json: $file: invalid JSON: $@"; exit 2 }
		my $enc = JSON::PP->new->canonical->allow_nonref;
		local $_ = $j;
		my @r = eval $expr;
		if ($@) { print STDERR "t_json: expression failed: $@"; exit 2 }
		for my $v (@r) {
			if (!defined $v) { print "null\n" }
			elsif (JSON::PP::is_bool($v)) { print $v ? "true\n" : "false\n" }
			elsif (ref $v) { print $enc->encode($v), "\n" }
			else { print "$v\n" }
		}' "$1" "$2"
}

# t_junit_valid FILE [WHAT]: FILE is a JUnit report amdelta wrote: valid
# against tests/junit.xsd (xmllint --schema), with at least one testsuite,
# each testsuite's tests/failures/errors/skipped the numbers of its
# testcases of that kind and its time their sum, and <testsuites>' the sums
# of its suites'. Records a failure (and continues) otherwise.
t_junit_valid() {
	local f=$1 what=${2:-$1} bad out
	if [ ! -s "$f" ]; then
		_t_record "$what: no JUnit report"
		return 0
	fi
	if ! out=$(xmllint --noout --nonet --schema "$TOP/tests/junit.xsd" "$f" 2>&1); then
		_t_record "$what: not valid against tests/junit.xsd:"$'\n'"    ${out//$'\n'/$'\n    '}"
		return 0
	fi
	# one number: the suites whose counts are wrong, plus 100 per wrong total
	bad=$(xmllint --xpath 'count(/testsuites/testsuite[@tests != count(testcase)
			or @failures != count(testcase[failure]) or @errors != count(testcase[error])
			or @skipped != count(testcase[skipped])
			or @time - sum(testcase/@time) > 0.0005 or sum(testcase/@time) - @time > 0.0005])
		+ 100 * (count(/testsuites/testsuite) = 0)
		+ 100 * (/testsuites/@tests != sum(/testsuites/testsuite/@tests))
		+ 100 * (/testsuites/@failures != sum(/testsuites/testsuite/@failures))
		+ 100 * (/testsuites/@errors != sum(/testsuites/testsuite/@errors))
		+ 100 * (/testsuites/@skipped != sum(/testsuites/testsuite/@skipped))
		+ 100 * (/testsuites/@time - sum(/testsuites/testsuite/@time) > 0.0005)
		+ 100 * (sum(/testsuites/testsuite/@time) - /testsuites/@time > 0.0005)' "$f" 2>&1) || true
	if [ "$bad" != 0 ]; then
		_t_record "$what: the counts of the JUnit report do not add up ($bad)"
		return 0
	fi
	t_log "ok: $what: valid JUnit"
}

# t_junit FILE XPATH: the string value of the XPath 1.0 expression over the
# JUnit report FILE ("" when it selects nothing).
t_junit() {
	xmllint --xpath "string($2)" "$1" 2>/dev/null || true
}

# t_junit_outcome FILE SUITE CLASSNAME NAME: "pass", "failure", "error" or
# "skipped" for that testcase; "absent" when there is none, "several" when
# more than one.
t_junit_outcome() {
	local base="/testsuites/testsuite[@name='$2']/testcase[@classname='$3' and @name='$4']" n
	n=$(xmllint --xpath "count($base)" "$1" 2>/dev/null || echo 0)
	case $n in
	0) echo absent ;;
	1) xmllint --xpath "concat(substring('failure', 1, 7 * count($base/failure)),
		substring('error', 1, 5 * count($base/error)), substring('skipped', 1, 7 * count($base/skipped)),
		substring('pass', 1, 4 * (count($base/failure | $base/error | $base/skipped) = 0)))" "$1" 2>/dev/null ;;
	*) echo several ;;
	esac
}
