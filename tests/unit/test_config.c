/* Unit tests of config: the data directories, the connections from options,
 * deployment.toml and DSNs, and the registry clean-up decision. */
#include "unit.h"

#include <sys/stat.h>

#include "config.h"

static char *shared_samples(void)
{
	const char *s = getenv("AMDELTA_SHARED");

	return xasprintf("%s/wso2-reference/config-samples", s ? s : "../shared");
}

static void test_find_dir(void **state)
{
	char out[PATH_MAX], *checks = xasprintf("%s/checks", unit_top());
	(void)state;

	/* an option names the directory itself */
	assert_int_equal(config_find_dir(checks, "checks", out, sizeof(out)), 0);
	assert_non_null(strstr(out, "checks"));
	assert_int_equal(config_find_dir("/nonexistent/amdelta", "checks", out, sizeof(out)), -1);
	/* $AMDELTA_DATADIR/<sub> */
	setenv("AMDELTA_DATADIR", unit_top(), 1);
	assert_int_equal(config_find_dir(NULL, "schemas", out, sizeof(out)), 0);
	assert_non_null(strstr(out, "/schemas"));
	unsetenv("AMDELTA_DATADIR");
	/* a path that does not fit */
	assert_int_equal(config_find_dir(checks, "checks", out, 4), -1);
	free(checks);
}

static void test_registry(void **state)
{
	struct options opt;
	struct config cfg;
	struct strbuf err = STRBUF_INIT;
	char *samples = shared_samples(), *on = xasprintf("%s/registry-versioning-enabled.xml", samples),
	     *off = xasprintf("%s/registry-versioning-disabled.xml", samples);
	(void)state;

	memset(&opt, 0, sizeof(opt));
	memset(&cfg, 0, sizeof(cfg));
	assert_int_equal(config_registry(&cfg, &opt, &err), 0);
	assert_int_equal(cfg.registry_cleanup, 0);
	assert_non_null(strstr(cfg.registry_why, "--registry-xml"));

	opt.registry_cleanup = 1;
	assert_int_equal(config_registry(&cfg, &opt, &err), 0);
	assert_int_equal(cfg.registry_cleanup, 1);
	assert_string_equal(cfg.registry_why, "--registry-cleanup");

	opt.registry_cleanup = 0;
	opt.registry_xml = on;
	assert_int_equal(config_registry(&cfg, &opt, &err), 0);
	assert_int_equal(cfg.registry_cleanup, 1);
	assert_int_equal(cfg.have_registry, 1);
	assert_non_null(strstr(cfg.registry_why, "registry versioning was on"));

	opt.registry_xml = off;
	assert_int_equal(config_registry(&cfg, &opt, &err), 0);
	assert_int_equal(cfg.registry_cleanup, 0);
	assert_non_null(strstr(cfg.registry_why, "registry versioning was off"));

	opt.registry_xml = "/nonexistent/registry.xml";
	assert_int_equal(config_registry(&cfg, &opt, &err), -1);
	assert_non_null(strstr(strbuf_str(&err), "/nonexistent/registry.xml"));
	assert_int_equal(cfg.registry_cleanup, 0);

	config_release(&cfg);
	strbuf_release(&err);
	free(samples);
	free(on);
	free(off);
}

/* Writes text to a new temporary file; returns its path (freed by the caller). */
static char *temp_file(const char *text)
{
	char *path = strdup("/tmp/amdelta-config-XXXXXX");
	int fd = mkstemp(path);
	FILE *f;

	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

static void test_targets(void **state)
{
	struct options opt;
	struct config cfg;
	struct logger log = { NULL, LOG_ERROR };   /* info lines not wanted here */
	struct strbuf err = STRBUF_INIT;
	char *toml = temp_file("[database.apim_db]\n"
			       "url = \"jdbc:postgresql://pg.example/amdb\"\n"
			       "username = \"am\"\n"
			       "password = \"file_pw\"\n"
			       "[database.shared_db]\n"
			       "url = \"jdbc:mysql://my.example/shared\"\n"
			       "username = \"reg\"\n"
			       "password = \"reg_pw\"\n");
	char *bad = temp_file("[database.apim_db]\nurl = \"jdbc:postgresql://x/y\n");
	(void)state;

	setenv("ODBCSYSINI", "/nonexistent", 1);   /* no DSN is defined */
	setenv("ODBCINI", "/nonexistent/odbc.ini", 1);
	memset(&opt, 0, sizeof(opt));
	memset(&cfg, 0, sizeof(cfg));
	opt.targets[DBI_ANALYTICS] = "Driver=x;Server=an";
	assert_int_equal(config_targets(&cfg, &opt, &log, &err), 0);
	assert_null(cfg.targets[DBI_AM]);
	assert_null(cfg.targets[DBI_SHARED]);
	assert_string_equal(cfg.targets[DBI_ANALYTICS], "Driver=x;Server=an");

	/* deployment.toml gives what no option gave; an option wins */
	opt.deployment_toml = toml;
	opt.targets[DBI_SHARED] = "SHARED_FROM_OPTION";
	assert_int_equal(config_targets(&cfg, &opt, &log, &err), 0);
	assert_non_null(strstr(cfg.targets[DBI_AM], "Server=pg.example"));
	assert_non_null(strstr(cfg.targets[DBI_AM], "Database=amdb"));
	assert_string_equal(cfg.targets[DBI_SHARED], "SHARED_FROM_OPTION");
	config_release(&cfg);

	/* a TOML error names the file and the line */
	opt.deployment_toml = bad;
	assert_int_equal(config_targets(&cfg, &opt, &log, &err), -1);
	assert_non_null(strstr(strbuf_str(&err), bad));
	config_release(&cfg);

	unlink(toml);
	unlink(bad);
	free(toml);
	free(bad);
	strbuf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find_dir),
		cmocka_unit_test(test_registry),
		cmocka_unit_test(test_targets),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
