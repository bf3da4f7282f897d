/*
 * config: what a run is given besides its options — where the data
 * directories are, which connection reaches each database (option,
 * deployment.toml, or the DSN of the same name), and whether the registry
 * clean-up is part of amdelta's work (--registry-cleanup, --registry-xml).
 *
 * Ownership: struct config owns the strings it makes; config_release()
 * frees them.
 */
#ifndef AMDELTA_CONFIG_H
#define AMDELTA_CONFIG_H

#include <limits.h>

#include "cli.h"
#include "log.h"
#include "names.h"
#include "registry.h"
#include "util.h"

struct config {
	const char *targets[DBI_COUNT];   /* the connection of each database, NULL: none */
	char *toml_targets[DBI_COUNT];    /* connection strings from deployment.toml (owned) */
	char schemas_dir[PATH_MAX];
	char checks_dir[PATH_MAX];
	int registry_cleanup;             /* plan/apply run the registry clean-up */
	char *registry_why;               /* ... and why, or why not (owned) */
	int have_registry;                /* --registry-xml was read into registry */
	struct registry_versioning registry;
};

/* Finds the data directory sub ("schemas", "checks") into out: the
 * directory given (an option), else $AMDELTA_DATADIR/sub, else beside the
 * binary (../sub from build/, ../share/amdelta/sub when installed), else
 * the directory compiled in.  Returns 0, or -1 (out then holds the last
 * place tried). */
int config_find_dir(const char *given, const char *sub, char *out, size_t n);

/* Fills cfg->targets: each database's option, else its section of
 * --deployment-toml (what was taken from where is logged at info level;
 * [database.user] and [database.config] that point elsewhere than
 * SHARED_DB are logged as warnings), else the DSN of its name where one is
 * defined.  Returns 0, or -1 with file:line errors in err. */
int config_targets(struct config *cfg, const struct options *opt, const struct logger *log,
		   struct strbuf *err);

/* Decides whether the registry clean-up runs: --registry-cleanup, or the
 * versioning flags of --registry-xml (read into cfg->registry), and why.
 * Returns 0, or -1 with err when the file cannot be read. */
int config_registry(struct config *cfg, const struct options *opt, struct strbuf *err);

/* Frees what cfg owns. */
void config_release(struct config *cfg);

#endif
