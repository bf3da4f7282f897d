/* report_client: migration-config.yaml for WSO2's identity migration
 * client's next run (see report.h). */
#include "report.h"

#include "classify.h"
#include "banned.h"

/* The SchemaMigrator parameters of a migrator, or NULL. */
static const char *const schema_params[MIG_COUNT][2] = {
	[MIG_STEP1_IDENTITY] = { "step1", "identity" },
	[MIG_STEP1_UM] = { "step1", "um" },
	[MIG_STEP2_IDENTITY] = { "step2", "identity" },
	[MIG_STEP2_UM] = { "step2", "um" },
};

/* The database migrator m changes, as read in run, or NULL. */
static const struct db_run *db_of(const struct run *run, const struct migrator_info *info)
{
	for (size_t i = 0; i < run->ndbs; i++)
		if ((int)run->dbs[i].id == info->db)
			return &run->dbs[i];
	return NULL;
}

/* 1 when every SQL migrator API-M needs is done on a database that was read. */
static int sql_all_done(const struct run *run)
{
	for (int m = 0; m < MIG_COUNT; m++) {
		const struct migrator_info *info = migrator_get((enum migrator)m);
		const struct db_run *d;

		if (!info->key || !info->apim_needs)
			continue;
		d = db_of(run, info);
		if (!d || d->state == DB_NOT_CONFIGURED || d->state == DB_ERROR ||
		    d->migrators[m].state != MS_DONE)
			return 0;
	}
	return 1;
}

/* Whether migrator m goes into the file, and why not (a static text or
 * one built into why). */
static int keep(const struct run *run, enum migrator m, int all_done, struct strbuf *why)
{
	const struct migrator_info *info = migrator_get(m);
	const struct db_run *d;

	if (!info->apim_needs) {
		strbuf_addstr(why, m == MIG_TENANT_PORTAL ? "fails on API-M: the tenant portal is "
			      "WSO2 Identity Server's" : "the API-M guide (step " GUIDE_IDENTITY_STEP
			      ") removes it");
		return 0;
	}
	if (!info->key) {
		if (!all_done)
			return 1;
		strbuf_addstr(why, "amdelta does not read its rows; every SQL step of the client is "
			      "done, so it ran with them");
		return 0;
	}
	d = db_of(run, info);
	if (!d || d->state == DB_NOT_CONFIGURED || d->state == DB_ERROR)
		return 1;
	if (d->migrators[m].state == MS_DONE) {
		strbuf_addf(why, "done: every change it makes is in %s", d->name);
		return 0;
	}
	return 1;
}

void report_client_config_write(FILE *f, const struct run *run)
{
	struct strbuf why = STRBUF_INIT, line = STRBUF_INIT;
	int all_done = sql_all_done(run), order = 0;

	fputs("# migration-config.yaml for WSO2's identity migration client (guide step "
	      GUIDE_IDENTITY_STEP "),\n"
	      "# written by amdelta " AMDELTA_VERSION " from what the databases hold now: only\n"
	      "# the migrators still needed.  Copy the parameters of the Java migrators\n"
	      "# from the client's own file where it has any.\n"
	      "migrationEnable: \"true\"\n"
	      "currentVersion: \"5.9.0\"\n"
	      "migrateVersion: \"5.10.0\"\n"
	      "# stop at the first failure: a step that fails half way is reported by\n"
	      "# amdelta status as partly done, and nothing after it runs on a broken schema\n"
	      "continueOnError: \"false\"\n"
	      "versions:\n"
	      " -\n"
	      "  version: \"5.10.0\"\n"
	      "  migratorConfigs:\n", f);
	for (int m = 0; m < MIG_COUNT; m++) {
		const struct migrator_info *info = migrator_get((enum migrator)m);
		const char *name = schema_params[m][0] ? "SchemaMigrator" : info->name;
		const struct db_run *d = info->key ? db_of(run, info) : NULL;

		strbuf_reset(&why);
		if (!keep(run, (enum migrator)m, all_done, &why)) {
			fprintf(f, "   # left out: %s: %s\n", info->name, why.buf);
			continue;
		}
		if (d && (d->state == DB_NOT_CONFIGURED || d->state == DB_ERROR))
			fprintf(f, "   # %s: %s was not read: kept\n", info->name, d->name);
		else if (d && d->migrators[m].state == MS_PARTIAL) {
			strbuf_reset(&line);
			classify_migrator_line(d, (enum migrator)m, &line);
			fprintf(f, "   # %s\n   # its script stops at the first change already made where DDL "
				"commits (MySQL, Oracle, DB2): make the missing ones first\n", line.buf);
		}
		fprintf(f, "   -\n    name: \"%s\"\n    order: %d\n", name, ++order);
		if (schema_params[m][0])
			fprintf(f, "    parameters:\n      location: \"%s\"\n      schema: \"%s\"\n",
				schema_params[m][0], schema_params[m][1]);
	}
	if (!order)
		fputs("   # nothing left for the client to do\n", f);
	strbuf_release(&why);
	strbuf_release(&line);
}
