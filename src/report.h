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
 * xmlTextWriter: one testsuite per database and command, one testcase per
 * delta, check or diffed table (tests/junit.xsd).  Returns 0, or -1 with
 * err filled. */
int report_junit_write(const char *path, const struct run *run, struct strbuf *err);

/* Writes the one-file HTML report of run to path ("-" = stdout), built as a
 * libxml2 HTML tree so that every string from a database or a file is
 * escaped.  generated_at is the one line that differs between two reports
 * of the same databases.  Returns 0, or -1 with err filled. */
int report_html_write(const char *path, const struct run *run, const char *generated_at,
		      struct strbuf *err);

#endif
