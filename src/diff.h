/*
 * diff: compare a live catalog with an expected one, table by table and
 * kind by kind (table, column, primary-key, unique, foreign-key, index,
 * trigger).  Names compare case-insensitively; keys compare by column set.
 */
#ifndef AMDELTA_DIFF_H
#define AMDELTA_DIFF_H

#include "catalog.h"
#include "run.h"

/* Appends to out every difference between live and expected (out->against
 * is left to the caller).  Pure. */
void diff_catalogs(const struct catalog *live, const struct catalog *expected,
		   struct diff_result *out);

/* An accepted way of reaching 3.2.0: the catalog it leaves, and its name
 * for notes ("3.0.0 + amdelta's deltas", ...). */
struct diff_route {
	const char *label;
	const struct catalog *catalog;
};

/* verify: the differences of live from fresh (fresh 3.2.0) split in two:
 * those some route leaves too (the same difference of route->catalog from
 * fresh) go to explained, with the route's label after the detail; the
 * others go to drift.  live should be the database as the migration will
 * leave it (delta_project): a difference a missing delta removes is no
 * drift.  Names compare case-insensitively; a key's live name (" [name]"
 * at the end of a detail) is ignored.  Pure. */
void diff_split(const struct catalog *live, const struct catalog *fresh,
		const struct diff_route *routes, size_t nroutes,
		struct diff_result *explained, struct diff_result *drift);

#endif
