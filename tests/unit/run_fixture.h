/* Building a struct run by hand for the report tests (report_html,
 * report_junit): what readiness.c would have measured. */
#ifndef AMDELTA_RUN_FIXTURE_H
#define AMDELTA_RUN_FIXTURE_H

#include <stdlib.h>
#include <string.h>

#include "readiness.h"
#include "run.h"
#include "util.h"

/* Appends a check result with detail and, when row is not NULL, one
 * offending row (both copied, freed by run_release); title and remedy are
 * static texts the caller may replace. */
static inline struct check_result *fixture_check(struct run *run, const char *id,
						 enum check_severity sev, enum check_status st,
						 const char *detail, const char *row)
{
	struct check_result *c;

	ALLOC_GROW(run->checks, run->nchecks + 1, run->checks_alloc);
	c = &run->checks[run->nchecks++];
	memset(c, 0, sizeof(*c));
	c->id = id;
	c->title = "the title of the check";
	c->remedy = "the remedy of the check";
	c->severity = sev;
	c->status = st;
	c->detail = strdup(detail);
	if (row) {
		c->rows = calloc(1, sizeof(char *));
		c->rows[0] = strdup(row);
		c->nrows = c->rows_alloc = 1;
	}
	return c;
}

#endif
