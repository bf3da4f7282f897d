/*
 * readiness: the checks of `amdelta check`, every reason the migration would
 * stop or crawl, as rows of one table (like pg_upgrade's check table).
 *
 * Each check has an id, a severity, a title and a remedy (data), and a
 * function that measures it on the databases given and fills one result:
 * a status, a one-line detail and up to READINESS_MAX_ROWS offending rows.
 * Every check runs; none stops the others: a check that cannot be measured
 * (a query fails, a database it needs could not be read) gets status
 * error, one that does not apply (a database it needs is not configured,
 * another dialect) skip, with the reason as its detail and no remedy
 * shown (verdict_shows_remedy).  A check that is not a blocker never
 * fails: its finding is a warning.  Nothing is written: the connections
 * are read-only.
 */
#ifndef AMDELTA_READINESS_H
#define AMDELTA_READINESS_H

#include <stddef.h>

#include "conn.h"
#include "names.h"
#include "registry.h"
#include "run.h"

#define READINESS_MAX_ROWS 20

/* What the checks are given. */
struct readiness_input {
	struct conn *conns[DBI_COUNT];  /* open read-only connections, NULL where a database is
	                                   not configured or could not be reached */
	const struct db_run *dbs;       /* DBI_COUNT classified databases (run.dbs) */
	const struct registry_versioning *registry; /* flags of the old registry.xml, or NULL */
	const char *registry_source;    /* the file they came from, or NULL */
	int ignore_cross_tenant;        /* --ignore-cross-tenant-subscriptions */
	int registry_forced;            /* --registry-cleanup: versioning is taken as on */
};

/* Measures every check and appends one struct check_result per check, in
 * table order, to run->checks.  Returns the number of blockers that failed
 * (status fail or error with severity blocker). */
int readiness_run(const struct readiness_input *in, struct run *run);

/* The checks of `amdelta verify`, as rows of a second table: amdelta's
 * part of every database done (apim_state 3.2.0 or none), the identity
 * component at 5.10.0 (one finding, WSO2's client), every key mapping
 * with a unique UUID and a key manager, no NULL callback URL, no versioned
 * registry row where versioning was on, the analytics key, and no drift
 * (dbs[i].drift, filled where dbs[i].split is set).  Appends to run->checks; returns the number of
 * blockers that failed (every verify check is one). */
int readiness_verify(const struct readiness_input *in, struct run *run);

/* The number of checks in the table, and the id of check i (for tests and
 * `amdelta help check`). */
size_t readiness_count(void);
const char *readiness_id(size_t i);

/* The tenant domain of an API provider name as AM_API.API_PROVIDER holds it:
 * the part after the last '@' ("admin@a.com" -> "a.com";
 * "bob@gmail.com@t.org" -> "t.org"), "carbon.super" when there is none.
 * Returns a pointer into provider or the static "carbon.super". */
const char *readiness_provider_domain(const char *provider);

#endif
