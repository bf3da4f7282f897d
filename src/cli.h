/*
 * cli: the command line, parsed into struct options.  Pure: no I/O but the
 * error text it fills, so every usage error is testable.
 *
 * Options may stand before or after the command.
 */
#ifndef AMDELTA_CLI_H
#define AMDELTA_CLI_H

#include <stdio.h>

#include "names.h"
#include "util.h"

struct options {
	enum command command;
	const char *targets[DBI_COUNT];  /* --am-db, --shared-db, --analytics-db (argv strings) */
	const char *json, *junit, *html; /* report paths, "-" = stdout */
	const char *db;                  /* --db: WSO2AM_DB ... (inspect, ddl) */
	const char *version;             /* --version: 3.0.0 / 3.2.0 (inspect, ddl) */
	const char *dialect;             /* --dialect (ddl, offline plan) */
	const char *from;                /* --from: plan offline from this version's catalog */
	const char *output;              /* --output FILE (inspect, ddl) */
	const char *schemas_dir;         /* --schemas DIR */
	const char *checks_dir;          /* --checks DIR */
	int yes;                         /* --yes */
	const char *lock_timeout_arg;    /* --lock-timeout (argv string) */
	long lock_timeout;               /* ... in seconds, default 30 */
	const char *batch_rows_arg;      /* --batch-rows (argv string) */
	long batch_rows;                 /* ... default 10000 */
	const char *registry_xml;        /* --registry-xml: the 3.0.0 registry.xml */
	int registry_cleanup;            /* --registry-cleanup */
	const char *component_arg;       /* --component (argv string) */
	int with_identity;               /* --component identity (plan, apply): also the
	                                    identity deltas amdelta can finish */
	int ignore_cross_tenant;         /* --ignore-cross-tenant-subscriptions (check) */
	const char *deployment_toml;     /* --deployment-toml FILE */
	int generic_catalog;             /* --generic-catalog: ODBC catalog functions only */
	int help;                        /* --help given (with or without a command) */
	enum command help_command;       /* "help COMMAND": that command */
	int verbose;                     /* -v */
};

/* Parses argv into opt (zeroed by the caller).  Returns 0, or -1 with a
 * usage error in err. */
int cli_parse(int argc, char **argv, struct options *opt, struct strbuf *err);

/* Writes the usage text (general, or of cmd) to f. */
void cli_usage(FILE *f, enum command cmd);

#endif
