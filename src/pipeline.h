/*
 * pipeline: one command's work on the databases, from connection to a
 * filled run model: open a session, read the catalog, classify, diff,
 * plan, apply, run the checks.  main only picks the function; the verdict
 * (verdict.h) judges what these leave in the run.
 *
 * Every function fills run->dbs (run_init_dbs first) and leaves a
 * database it could not reach or read in state error with the message,
 * naming the database, in dbs[i].error; nothing here exits or decides an
 * exit code.  They return 0, or -1 on a configuration error that stops
 * the run (an expected catalog that cannot be loaded, no database
 * configured), with the message in err.
 */
#ifndef AMDELTA_PIPELINE_H
#define AMDELTA_PIPELINE_H

#include <stdio.h>

#include "apply.h"
#include "catalog.h"
#include "delta.h"
#include "dialect.h"
#include "log.h"
#include "names.h"
#include "registry.h"
#include "run.h"
#include "util.h"

/* What a run is given (owned by the caller; read-only here). */
struct pipeline {
	enum command command;
	const char *targets[DBI_COUNT];  /* DSN or connection string; NULL: not configured */
	const char *schemas_dir;         /* expected catalogs (schema.h) */
	const struct delta_set *deltas;  /* checks/ */
	int generic_catalog;             /* read catalogs with ODBC catalog functions only */
	int registry_cleanup;            /* plan/apply run the registry clean-up */
	const struct registry_versioning *registry; /* flags of the 3.0.0 registry.xml, or NULL */
	const char *registry_source;     /* the file they came from, or NULL */
	int registry_forced;             /* --registry-cleanup */
	int with_identity;               /* plan/apply: --component identity, also the
	                                    identity deltas amdelta can finish */
	int ignore_cross_tenant;         /* check: --ignore-cross-tenant-subscriptions */
	struct apply_opts apply;         /* apply: lock, batches, progress */
	FILE *text;                      /* apply writes its statements here as it runs */
	const struct logger *log;        /* where a database's error is logged as it happens */
};

/* status, diff, live plan, check, verify: reads every configured database
 * at the same time (one thread each), read-only, classifies it, and as the
 * command asks diffs it (diff), plans it (plan) or splits its differences
 * into explained and drift (verify); check and verify then run their
 * checks over read-only connections.  Returns -1 when no database is
 * configured or a schema cannot be loaded. */
int pipeline_read(const struct pipeline *p, struct run *run, struct strbuf *err);

/* apply: every configured database, one after another, each over its own
 * read-write connection under apply's lock (apply.h).  Returns -1 when no
 * database is configured or a schema cannot be loaded. */
int pipeline_apply(struct pipeline *p, struct run *run, struct strbuf *err);

/* plan --dialect --from: the expected catalog of version from stands in
 * for each database (only database `only`, or all when -1); data fixes are
 * planned whatever the rows.  Reads no database. */
int pipeline_plan_offline(const struct pipeline *p, const struct dialect *dia, const char *from,
			  int only, struct run *run, struct strbuf *err);

/* inspect: reads the catalog of database db through target (read-only)
 * into *out (names folded to upper case where the dialect folds to lower),
 * and the dialect into *dia.  Returns 0, or -1 with err naming the
 * database. */
int pipeline_inspect(const struct pipeline *p, enum db_index db, struct catalog **out,
		     const struct dialect **dia, long *round_trips, struct strbuf *err);

#endif
