/*
 * schema: expected catalogs as XML (schemas/ *.xml files), loaded and written.
 *
 * Format (validated at load against schemas/catalog.rng, errors as
 * file:line):
 *
 *   <catalog db="WSO2AM_DB" version="3.2.0" dialect="postgresql">
 *     <table name="AM_API">
 *       <column name="API_ID" type="integer" autoinc="true" nullable="false"/>
 *       <column name="API_NAME" type="varchar" size="256"/>
 *       <column name="CREATED_TIME" type="timestamp" default="CURRENT_TIMESTAMP"/>
 *       <primary-key columns="API_ID"/>
 *       <unique columns="API_PROVIDER,API_NAME,API_VERSION"/>
 *       <foreign-key columns="SUBSCRIBER_ID" ref-table="AM_SUBSCRIBER" ref-columns="SUBSCRIBER_ID"/>
 *       <index columns="API_NAME"/>
 *       <trigger name="TIME_STAMP"/>
 *     </table>
 *   </catalog>
 *
 * nullable defaults to true; key and index names are not recorded (keys
 * are matched by table and column set).
 *
 * Files are found as schemas/<dialect>/<db>-<version>.xml, falling back to
 * schemas/<db>-<version>.xml (the dialect-neutral catalog) when the dialect
 * has no variant.  <db> is the lower-case database name: wso2am_db,
 * shared_db, apim_analytics_db.
 */
#ifndef AMDELTA_SCHEMA_H
#define AMDELTA_SCHEMA_H

#include <stdio.h>

#include "catalog.h"
#include "util.h"

/* Parses and validates the XML file path against the RelaxNG grammar rng
 * (NULL: no validation).  Returns 0 and a new catalog in *out, or -1 with
 * "path:line: message" in err. */
int schema_load_file(const char *path, const char *rng, struct catalog **out,
		     struct strbuf *err);

/* Loads the expected catalog of db ("WSO2AM_DB", ...) at version ("3.0.0",
 * "3.2.0") for dialect (name, may be NULL for the neutral one) from the
 * directory dir.  Returns 0, or -1 with err filled. */
int schema_load(const char *dir, const char *db, const char *version,
		const char *dialect, struct catalog **out, struct strbuf *err);

/* One accepted end state of a migration to 3.2.0: the route that leads
 * there and the catalog it leaves. */
struct endstate {
	char *route;              /* "guide", "guide+identity", "amdelta", ... */
	struct catalog *cat;
};

/* A list of end states; owns the routes and catalogs. */
struct endstates {
	size_t n, alloc;
	struct endstate *items;
};

/* Appends route (copied) and cat (taken: the list frees it) to es. */
void endstates_add(struct endstates *es, const char *route, struct catalog *cat);

/* Frees everything es holds (es itself is caller-owned). */
void endstates_release(struct endstates *es);

/* Appends to es the end states of db ("WSO2AM_DB", ...) for dialect that
 * dir holds as endstates/<dialect>/<db>-<route>.xml (schemas/generate.sh
 * writes them), in route order.  A dialect with no such directory has
 * none (returns 0, es unchanged).  Returns 0, or -1 with err filled when a
 * file cannot be loaded. */
int schema_load_endstates(const char *dir, const char *db, const char *dialect,
			  struct endstates *es, struct strbuf *err);

/* Writes cat as XML to f (sorted, deterministic).  db, version and dialect
 * become attributes of <catalog> and may be NULL.  Returns 0 or -1. */
int schema_write(FILE *f, const struct catalog *cat, const char *db,
		 const char *version, const char *dialect);

#endif
