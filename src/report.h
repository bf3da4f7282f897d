/*
 * report: the reporters, pure functions of the run model: they format the
 * verdict (verdict.h), which must have been computed, and never decide
 * pass or fail themselves.
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
 * reason; a refused database gets the reason instead; last, once the
 * verdict is computed, its summary and next step as comments. */
void report_plan_write(FILE *f, const struct run *run);

/* Writes, to f, the migration-config.yaml of WSO2's identity migration
 * client (5.9.0 -> 5.10.0) for its next run on the databases of run:
 * the SchemaMigrator steps and ScopeDataMigrator whose changes are not all
 * made (or whose database was not read), and the Java migrators amdelta
 * cannot judge unless every SQL one is done; MigrationValidator,
 * step2/identity (the API-M guide removes both) and TenantPortalMigrator
 * (fails on API-M) never; continueOnError "false".  Every migrator left
 * out is a comment saying why, and one partly done says what is missing. */
void report_client_config_write(FILE *f, const struct run *run);

/* Writes the JSON report of run to path ("-" = stdout).  Returns 0, or -1
 * with err filled.  Shape:
 * {"command", "version", "from" (plan --from),
 *  "verdict": {"verdict": "PASS"|"FAIL"|"CANNOT TELL"|"REFUSED", "exit_code",
 *              "summary", "next", "counts": {"pass","warn","fail","error","skip"},
 *              "blockers_failed", "databases_configured", "databases_unreachable"},
 *  "databases": [{"name","dialect","state","apim_state","identity_state","next",
 *    "connection","server":{"dbms","version","driver"},"round_trips","ms","error",
 *    "deltas":[{"id","table","status","detail","op","release","component","rows"}],
 *    diff: "matches" (null: neither), "diff":[against fresh 3.2.0, against
 *      3.0.0+deltas]; verify: "diff":[explained, drift], each
 *      {"against","differences":[{"table","kind","what","detail"}]},
 *    plan: "plan":[{"id","table","sql":[..]}], "skipped":[{"id","table","reason"}],
 *      "refused"; apply: "executed":[{"id","sql","ms","rows","batches"}], "apply_error"}],
 *  "checks": [{"id","database" (per-database items only),"severity","status","title",
 *    "detail","rows":[..],"remedy" (null where following it would change nothing),"ms"}]}
 * The checks are the judged items the verdict counts (verdict.h). */
int report_json_write(const char *path, const struct run *run, struct strbuf *err);

/* Writes the JUnit XML report of run to path ("-" = stdout) with libxml2's
 * xmlTextWriter, in the format of tests/junit.xsd.  Returns 0, or -1 with
 * err filled.  One testcase per judged item of the verdict, so the counts
 * are the verdict's:
 * <testsuites name="amdelta <command>">, then per database of run a
 * <testsuite name="<command>: <DB>"> whose <properties> are dialect, server,
 * server_version, driver, connection (password masked), state, apim_state,
 * identity_state, next, from (plan --from), round_trips, matches (diff) and
 * differences_explained (verify), each where known; for status, diff, plan
 * and apply it holds the database's item as one testcase (<DB>,
 * "<command>"), whose system-out lists the deltas not applied (the identity
 * client's as one line), the differences, the plan or the steps apply ran.
 * check and verify add a <testsuite name="<command>"> with a testcase per
 * check (<command>, "<check id>").  An item that fails is a <failure>, one
 * that could not be measured an <error> (type: the severity; text: title,
 * rows and, where it helps, the remedy), a skipped one <skipped>; a
 * warning passes with its finding in system-out.  A testcase's time is the
 * item's; every count of a testsuite is the number of its testcases of that
 * kind, its time the sum of theirs (whole milliseconds).  No timestamp.
 * Text that XML cannot hold (control characters, bytes that are not UTF-8)
 * becomes '?'. */
int report_junit_write(const char *path, const struct run *run, struct strbuf *err);

/* Writes the one-file HTML report of run to path ("-" = stdout), built as a
 * libxml2 HTML tree so that every string from a database or a file is
 * escaped.  generated_at is the one line that differs between two reports
 * of the same databases.  Returns 0, or -1 with err filled. */
int report_html_write(const char *path, const struct run *run, const char *generated_at,
		      struct strbuf *err);

#endif
