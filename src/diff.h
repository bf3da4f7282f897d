/*
 * diff: compare a live catalog with an expected one, table by table and
 * kind by kind (table, column, primary-key, unique, foreign-key, index,
 * trigger).  Names compare case-insensitively; keys compare by column set.
 */
#ifndef AMDELTA_DIFF_H
#define AMDELTA_DIFF_H

#include "catalog.h"
#include "run.h"
#include "schema.h"
#include "util.h"

/* Appends to out every difference between live and expected (out->against
 * is left to the caller).  Pure. */
void diff_catalogs(const struct catalog *live, const struct catalog *expected,
		   struct diff_result *out);

/* 1 when a and b are the same difference: the same table (any case),
 * kind, what and detail (any case; the " [name]" of a key found live is
 * ignored, an expected catalog has no key names).  Pure. */
int diff_same_item(const struct diff_item *a, const struct diff_item *b);

/* verify: splits the differences of live from fresh (fresh 3.2.0) in two.
 * A difference some accepted end state (states[0..n), each a route and the
 * catalog it leaves) shows too, as a difference of its own from fresh, is
 * appended to explained with route set to that state's route; any other
 * is appended to drift.  When several routes explain one difference, the
 * route that explains the most of them all is named (the first of equals).
 * Returns the index of the route that explains every difference, or -1
 * (drift, no difference at all, or several routes needed).  Pure;
 * explained->against and drift->against are left to the caller. */
int diff_split(const struct catalog *live, const struct catalog *fresh,
	       const struct endstate *states, size_t n,
	       struct diff_result *explained, struct diff_result *drift);

/* verify: fills dbr->explained and dbr->drift (setting dbr->split) with
 * diff_split of live, which should be the database as the migration will
 * leave it (delta_project: a difference a missing delta removes is no
 * drift), and sets dbr->routes: "fresh-3.2.0", the route that explains
 * every difference, the routes needed joined by ", ", or NULL when there
 * is drift. */
void diff_verify(struct db_run *dbr, const struct catalog *live, const struct catalog *fresh,
		 const struct endstate *states, size_t n);

/* Appends to sb the words for route ("guide+identity": "the guide's
 * script, then WSO2's identity migration client"), as in the note "as left
 * by ..." of an explained difference. */
void diff_route_words(const char *route, struct strbuf *sb);

#endif
