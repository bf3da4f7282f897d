/* config: data directories, connections, the registry decision (see config.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conn.h"
#include "dialect.h"
#include "jdbc.h"
#include "toml.h"
#include "banned.h"

#ifndef AMDELTA_DATADIR
#define AMDELTA_DATADIR "/usr/local/share/amdelta"
#endif

static int is_dir(const char *path)
{
	struct stat st;
	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

/* Writes a/b into out; 0, or -1 when it does not fit. */
static int path_join(char *out, size_t n, const char *a, const char *b)
{
	int w = snprintf(out, n, "%s/%s", a, b);
	return w < 0 || (size_t)w >= n ? -1 : 0;
}

int config_find_dir(const char *given, const char *sub, char *out, size_t n)
{
	char exe[PATH_MAX];
	const char *env = getenv("AMDELTA_DATADIR");
	ssize_t len;

	if (given)
		return path_join(out, n, given, ".") || !is_dir(out) ? -1 : 0;
	if (env && !path_join(out, n, env, sub) && is_dir(out))
		return 0;
	len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (len > 0) {
		char *slash;
		exe[len] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL) {
			/* build/amdelta -> ./<sub>; <prefix>/bin/amdelta -> <prefix>/share/amdelta/<sub> */
			static const char *const rel[] = { "..", "../share/amdelta" };
			char up[PATH_MAX + 32];
			*slash = '\0';
			for (size_t i = 0; i < sizeof(rel) / sizeof(rel[0]); i++)
				if (!path_join(up, sizeof(up), exe, rel[i]) &&
				    !path_join(out, n, up, sub) && is_dir(out))
					return 0;
		}
	}
	return path_join(out, n, AMDELTA_DATADIR, sub) || !is_dir(out) ? -1 : 0;
}

static const char *env_get(const char *name)
{
	return getenv(name);
}

/* --deployment-toml: WSO2AM_DB and SHARED_DB from [database.apim_db] and
 * [database.shared_db], where no option gave them. */
static int import_toml(struct config *cfg, const char *path, const struct logger *log,
		       struct strbuf *err)
{
	static const struct { enum jdbc_section s; enum db_index db; } map[] = {
		{ JDBC_APIM_DB, DBI_AM }, { JDBC_SHARED_DB, DBI_SHARED },
	};
	struct toml *t = NULL;
	struct jdbc_config jc;
	int rc = -1;

	memset(&jc, 0, sizeof(jc));
	if (toml_parse_file(path, &t, err) || jdbc_config_read(t, NULL, env_get, &jc, err))
		goto out;
	for (size_t k = 0; k < sizeof(map) / sizeof(map[0]); k++) {
		const struct jdbc_db *j = &jc.db[map[k].s];

		if (!j->present || cfg->targets[map[k].db])
			continue;
		cfg->toml_targets[map[k].db] = xstrdup(j->odbc.conn);
		cfg->targets[map[k].db] = cfg->toml_targets[map[k].db];
		log_msg(log, LOG_INFO, "%s: %s:%ld [database.%s]: %s %s%s", db_name(map[k].db),
			path, j->line, jdbc_section_name(map[k].s), dialect_get(j->odbc.dialect)->name,
			j->odbc.where, j->password_from_env ? " (password from the environment)" : "");
	}
	for (int s = JDBC_USER; s <= JDBC_CONFIG; s++) {
		const struct jdbc_db *j = &jc.db[s];

		if (j->present && j->same_as != JDBC_SHARED_DB)
			log_msg(log, LOG_WARN, "%s:%ld: [database.%s] points at %s, not at SHARED_DB: "
				"amdelta reads the %s tables in SHARED_DB only", path, j->line,
				jdbc_section_name((enum jdbc_section)s), j->odbc.where,
				s == JDBC_USER ? "user store (UM_*)" : "registry (REG_*)");
	}
	rc = 0;
out:
	jdbc_config_release(&jc);
	toml_free(t);
	return rc;
}

int config_targets(struct config *cfg, const struct options *opt, const struct logger *log,
		   struct strbuf *err)
{
	for (int i = 0; i < DBI_COUNT; i++)
		cfg->targets[i] = opt->targets[i];
	if (opt->deployment_toml && import_toml(cfg, opt->deployment_toml, log, err))
		return -1;
	for (int i = 0; i < DBI_COUNT; i++)
		if (!cfg->targets[i] && conn_dsn_defined(db_name((enum db_index)i)))
			cfg->targets[i] = db_name((enum db_index)i);
	return 0;
}

int config_registry(struct config *cfg, const struct options *opt, struct strbuf *err)
{
	struct registry_versioning v;
	struct strbuf flags = STRBUF_INIT;
	int on;

	cfg->registry_cleanup = 0;
	free(cfg->registry_why);
	if (opt->registry_cleanup) {
		cfg->registry_cleanup = 1;
		cfg->registry_why = xstrdup("--registry-cleanup");
		return 0;
	}
	if (!opt->registry_xml) {
		cfg->registry_why = xstrdup("registry versioning may have been off in 3.0.0: give "
					    "--registry-xml with the 3.0.0 registry.xml (or "
					    "--registry-cleanup)");
		return 0;
	}
	cfg->registry_why = NULL;
	if (registry_versioning_read(opt->registry_xml, &v, err))
		return -1;
	cfg->registry = v;
	cfg->have_registry = 1;
	registry_versioning_describe(&v, &flags);
	on = registry_versioning_on(&v);
	cfg->registry_cleanup = on > 0;
	cfg->registry_why = xasprintf("%s: %s (%s)", opt->registry_xml,
				      on > 0 ? "registry versioning was on" :
				      on == 0 ? "registry versioning was off" :
				      "no versioning flag, the registry's default is off", flags.buf);
	strbuf_release(&flags);
	return 0;
}

void config_release(struct config *cfg)
{
	for (int i = 0; i < DBI_COUNT; i++)
		free(cfg->toml_targets[i]);
	free(cfg->registry_why);
	memset(cfg, 0, sizeof(*cfg));
}
