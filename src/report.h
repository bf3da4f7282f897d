/*
 * report: the reporters, pure functions of the run model.
 *
 * Text goes to a FILE (stdout, or stderr when a machine-readable report is
 * written to stdout).  JSON is written with jansson to a path ("-" means
 * stdout).  Neither reads anything but the run.
 */
#ifndef AMDELTA_REPORT_H
#define AMDELTA_REPORT_H

#include <stdio.h>

#include "run.h"
#include "util.h"

/* Writes the human-readable report of run to f. */
void report_text_write(FILE *f, const struct run *run);

/* Writes the plan of every database of run to f as a SQL script: per
 * database a header comment (name, dialect, state, steps), the usage line,
 * then per step a comment line (delta id, table, title) and its statements
 * with the dialect's terminators, then the deltas not planned, grouped by
 * reason; a refused database gets the reason instead. */
void report_plan_write(FILE *f, const struct run *run);

/* Writes the JSON report of run to path ("-" = stdout).  Returns 0, or -1
 * with err filled.  Shape:
 * {"command":..,"databases":[{"name","dialect","state","identity_state",
 *   "server":{"dbms","version","driver"},"round_trips",
 *   "deltas":[{"id","table","status","detail","op","release","component"}],
 *   "diff":{"matches",[..]} , "error",
 *   plan only: "plan":[{"id","table","sql":[..]}], "skipped":[{"id","table","reason"}],
 *   "refused": reason or null}]} */
int report_json_write(const char *path, const struct run *run, struct strbuf *err);

/* Writes the JUnit XML report of run to path ("-" = stdout) with libxml2's
 * xmlTextWriter, in the format of tests/junit.xsd.  Returns 0, or -1 with
 * err filled.
 *
 * <testsuites name="amdelta <command>">, then per database of run a
 * <testsuite name="<command>: <DB>"> with <properties> dialect, server,
 * server_version, driver, connection (password masked), state,
 * identity_state, from (plan --from), round_trips, matches and
 * differences_expected (verify: the differences the migration makes), each
 * where known, and testcases (classname, name):
 *   not-configured  one testcase (<DB>, "connection"), skipped;
 *   error           one testcase (<DB>, "connection") with <error>;
 *   otherwise       (<DB>, "state"): a failure when the database is unknown,
 *                   and, but for check, when it is not 3.2.0;
 *                   per delta (<DB>.<component>, "<id> (<TABLE>)"):
 *                     applied: passes; n/a: skipped; conflict: a failure;
 *                     missing: check: passes (a 3.0.0 database lacks it);
 *                       the conditional registry clean-up: skipped (verify's
 *                       registry-versioning check judges it); an identity
 *                       delta: a failure for verify, skipped otherwise (WSO2's
 *                       identity migration client makes it); else a failure;
 *                     system-out: rows to fix, and for plan the SQL planned
 *                     or why it is not planned;
 *                   diff: per expected catalog, per table with differences
 *                   (<DB>.diff, "<TABLE> against <catalog>"): a failure
 *                   listing them, skipped when the database matches the
 *                   other catalog; verify: per table with drift (<DB>.drift,
 *                   "<TABLE>"), a failure;
 *   plan            (<DB>, "plan"): a failure when refused, else passes;
 *   apply           per executed step (<DB>.apply, "<id> (<TABLE>)"), in
 *                   order, time = its ms / 1000, system-out its SQL and rows;
 *                   then (<DB>, "apply"): <error> with apply_error, or passes.
 * check and verify add a <testsuite name="<command>"> with a testcase per
 * check (<command>, "<check id>"): pass passes; warn passes with the
 * finding in system-out; fail is a failure, error an <error> (type: the
 * severity; text: title, rows, remedy); skip is skipped.
 * Every count of a testsuite is the number of its testcases of that kind,
 * its time the sum of theirs (whole milliseconds; only executed steps take
 * time); <testsuites> holds the sums.  No timestamp: two runs over the same
 * databases differ only in the steps' times.  Text that XML cannot hold
 * (control characters, bytes that are not UTF-8) becomes '?'. */
int report_junit_write(const char *path, const struct run *run, struct strbuf *err);

/* Writes the one-file HTML report of run to path ("-" = stdout), built as a
 * libxml2 HTML tree so that every string from a database or a file is
 * escaped.  generated_at is the one line that differs between two reports
 * of the same databases.  Returns 0, or -1 with err filled. */
int report_html_write(const char *path, const struct run *run, const char *generated_at,
		      struct strbuf *err);

#endif
