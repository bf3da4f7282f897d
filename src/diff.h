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

#endif
