/* cli: command-line parsing and help (see cli.h). */
#include <stdio.h>

#include "cli.h"

#include <string.h>

#include "banned.h"

static const struct {
	const char *name;
	const char *summary;
	const char *usage;
} commands[CMD_COUNT] = {
	[CMD_STATUS] = { "status", "where each database stands: 3.0.0, 3.1.0, partial, 3.2.0, unknown",
		"amdelta status [--am-db CONN] [--shared-db CONN] [--analytics-db CONN] [--json FILE]\n"
		"  Reads the live catalogs (read-only) and prints, per database, its dialect and\n"
		"  state, and every delta that is not applied with the table it touches.\n" },
	[CMD_CHECK] = { "check", "readiness: every reason the migration would stop or crawl (read-only)",
		"amdelta check [connections] [--registry-xml FILE] [--ignore-cross-tenant-subscriptions]\n"
		"              [--json FILE]\n"
		"  Reads each database (read-only) as status does, then runs every readiness check:\n"
		"  database state, PostgreSQL superuser, DDL privileges, registry versioning (the\n"
		"  3.0.0 registry.xml against the versioned rows in SHARED_DB), cross-tenant\n"
		"  subscriptions (WSO2's migration client aborts on them), tenants and REG_LOG size\n"
		"  (the re-index), identity table volume, NULL callback URLs, the analytics\n"
		"  database.  Each says pass, warn, fail, error or skip, with up to 20 offending\n"
		"  rows and, where following it helps, the remedy.  Exit 1 when a blocker fails,\n"
		"  3 when a database could not be read, 0 otherwise.\n" },
	[CMD_DIFF] = { "diff", "live catalog against fresh 3.2.0 and against 3.0.0 + deltas",
		"amdelta diff [connections] [--json FILE]\n"
		"  Compares each live catalog with the fresh 3.2.0 schema and with the 3.0.0\n"
		"  schema plus every delta, says which one it matches, and lists differences\n"
		"  per table and kind.\n" },
	[CMD_PLAN] = { "plan", "the SQL that takes each database to 3.2.0 (read-only)",
		"amdelta plan [connections] [--json FILE] [--output FILE] [--component identity]\n"
		"amdelta plan --dialect D --from 3.0.0 [--db NAME] [--json FILE] [--output FILE]\n"
		"  Classifies each database (read-only) and prints, as a SQL script, the\n"
		"  statements of every missing API-M delta in the guide's order, each under a\n"
		"  comment with its id and table.  Keys to drop are named as the live catalog\n"
		"  names them.  Refuses (exit 4) a database with a delta in conflict or that is\n"
		"  not a WSO2 database.  Identity deltas and the registry clean-up are listed\n"
		"  as not planned.  Exit 0: every database at 3.2.0; 1: work left (for amdelta\n"
		"  or for WSO2's identity migration client).\n"
		"  With --component identity it also plans the missing changes of the identity\n"
		"  client's migrators amdelta can finish in SQL: ScopeDataMigrator, SchemaMigrator\n"
		"  step1/um and step2/um; step1/identity stays with the client.\n"
		"  With --dialect and --from 3.0.0 it reads no database: the expected 3.0.0\n"
		"  catalog stands in, and keys to drop are found at run time by the script.\n" },
	[CMD_APPLY] = { "apply", "run the missing deltas, one step at a time, locked and resumable",
		"amdelta apply --yes [connections] [--json FILE] [--lock-timeout S] [--batch-rows N]\n"
		"              [--registry-xml FILE | --registry-cleanup] [--component identity]\n"
		"  For each configured database: takes a session lock (a second apply waits up\n"
		"  to --lock-timeout seconds, default 30, then exits 4), classifies, refuses\n"
		"  (exit 4, nothing written) a delta in conflict or a database that is not\n"
		"  WSO2's, then runs the steps plan shows one at a time: each in a transaction\n"
		"  where the database runs DDL in one (PostgreSQL, SQL Server, DB2), then reads\n"
		"  the catalog again and checks the delta is applied.  Data fixes run in\n"
		"  batches of --batch-rows rows (default 10000), each committed.  The first\n"
		"  failure stops with exit 4; what was done stays done, and the next run goes\n"
		"  on from there.  The registry clean-up of SHARED_DB runs only when the\n"
		"  3.0.0 registry.xml given with --registry-xml had versioning on, or with\n"
		"  --registry-cleanup.  Exit 0: every database at 3.2.0; 1: work left that\n"
		"  apply does not do (WSO2's identity migration client, guide step 2.5, or a\n"
		"  registry clean-up not asked for): each database's next step says which.\n"
		"  --component identity (never by default) also makes the changes of WSO2's\n"
		"  identity client's ScopeDataMigrator (IDN_OAUTH2_SCOPE.SCOPE_TYPE, 'OAUTH2'\n"
		"  for the scopes that exist), SchemaMigrator step1/um (UM_UUID_DOMAIN_MAPPER)\n"
		"  and step2/um (UM_USER.UM_USER_ID, a UUID per user, filled in batches, then\n"
		"  unique); step1/identity, whose OIDC scope merge is data movement, stays with\n"
		"  the client (amdelta client-config writes its configuration).\n" },
	[CMD_VERIFY] = { "verify", "one verdict after the migration (read-only)",
		"amdelta verify [connections] [--registry-xml FILE | --registry-cleanup] [--json FILE]\n"
		"  amdelta's part done on every database; the identity component at 5.10.0; every\n"
		"  AM_APPLICATION_KEY_MAPPING row with a unique UUID and a key manager; no NULL\n"
		"  callback URL; no versioned registry row where versioning was on; the\n"
		"  APILASTACCESSSUMMARY key; and no drift: the differences from a fresh 3.2.0 that\n"
		"  remain once the missing deltas are made, split into those a known way of\n"
		"  migrating leaves too and the others.  Exit 0 only when all of it holds, 1\n"
		"  otherwise, 3 when a database could not be read.\n" },
	[CMD_INSPECT] = { "inspect", "write the live catalog as schema XML",
		"amdelta inspect --db NAME [--version V] [connections] [--output FILE]\n"
		"  Writes the catalog of database NAME in the schemas/ XML format.\n" },
	[CMD_DDL] = { "ddl", "CREATE DDL of an expected schema",
		"amdelta ddl --db NAME --version 3.0.0|3.2.0 --dialect D [--output FILE]\n"
		"  D is postgresql, mysql, mssql, oracle, db2 or h2.\n" },
	[CMD_DELTAS] = { "deltas", "list the deltas with their ids",
		"amdelta deltas [--db NAME] [--json FILE]\n" },
	[CMD_CLIENT_CONFIG] = { "client-config", "migration-config.yaml for WSO2's identity client's next run",
		"amdelta client-config [--am-db CONN] [--shared-db CONN] [--output FILE]\n"
		"  Reads WSO2AM_DB and SHARED_DB (read-only) as status does and writes the\n"
		"  migration-config.yaml that WSO2's identity migration client (guide step 2.5)\n"
		"  needs for its next run: only the migrators whose changes are still missing\n"
		"  and the Java ones amdelta cannot judge, without MigrationValidator,\n"
		"  step2/identity and TenantPortalMigrator, continueOnError off, and a comment\n"
		"  for every step left out saying why.  Exit as status.\n" },
	[CMD_HELP] = { "help", "this text", "amdelta help [COMMAND]\n" },
};

void cli_usage(FILE *f, enum command cmd)
{
	if (cmd != CMD_NONE && cmd != CMD_HELP && commands[cmd].usage[0]) {
		fputs(commands[cmd].usage, f);
		return;
	}
	fputs("usage: amdelta [options] COMMAND [options]\n\ncommands:\n", f);
	for (int i = 1; i < CMD_COUNT; i++)
		fprintf(f, "  %-14s %s\n", commands[i].name, commands[i].summary);
	fputs("\nconnections (a DSN name, or an ODBC connection string containing '='):\n"
	      "  --am-db CONN         WSO2AM_DB (default: the DSN WSO2AM_DB, where defined)\n"
	      "  --shared-db CONN     SHARED_DB (default: the DSN SHARED_DB)\n"
	      "  --analytics-db CONN  APIM_ANALYTICS_DB (default: the DSN APIM_ANALYTICS_DB)\n"
	      "  --deployment-toml FILE  WSO2AM_DB and SHARED_DB from [database.apim_db] and\n"
	      "                       [database.shared_db] of a deployment.toml (JDBC URLs mapped to\n"
	      "                       ODBC; password also from AMDELTA_WSO2AM_DB_PASSWORD, ...)\n"
	      "\nreports:\n"
	      "  --json FILE          JSON report ('-' = stdout; the text then goes to stderr)\n"
	      "\nother options:\n"
	      "  --db NAME --version V --dialect D --output FILE   (inspect, ddl, plan)\n"
	      "  --from 3.0.0         plan offline from the expected catalog of that version\n"
	      "  --schemas DIR --checks DIR   expected catalogs and deltas (default: installed)\n"
	      "  --generic-catalog    read keys with ODBC catalog functions only (slow)\n"
	      "  --yes                confirm apply\n"
	      "  --lock-timeout S --batch-rows N --registry-xml FILE --registry-cleanup   (apply)\n"
	      "\nexit codes: 0 clean, 1 findings, 2 usage or configuration error,\n"
	      "            3 connection or database error, 4 apply refused or failed\n", f);
}

/* Options that take a value: name and where it goes. */
static const char **value_slot(struct options *opt, const char *name)
{
	static const char *const names[] = {
		"--am-db", "--shared-db", "--analytics-db", "--json", "--junit", "--html",
		"--db", "--version", "--dialect", "--output", "--schemas", "--checks", "--from",
		"--lock-timeout", "--batch-rows", "--registry-xml", "--deployment-toml",
		"--component",
	};
	const char **slots[] = {
		&opt->targets[DBI_AM], &opt->targets[DBI_SHARED], &opt->targets[DBI_ANALYTICS],
		&opt->json, &opt->junit, &opt->html, &opt->db, &opt->version, &opt->dialect,
		&opt->output, &opt->schemas_dir, &opt->checks_dir, &opt->from,
		&opt->lock_timeout_arg, &opt->batch_rows_arg, &opt->registry_xml, &opt->deployment_toml,
		&opt->component_arg,
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(name, names[i]))
			return slots[i];
	return NULL;
}

int cli_parse(int argc, char **argv, struct options *opt, struct strbuf *err)
{
	for (int i = 1; i < argc; i++) {
		char *arg = argv[i];
		const char **slot;
		char *eq;

		if (arg[0] != '-' || !arg[1]) {
			int found = 0;
			if (opt->command != CMD_NONE) {
				if (opt->command == CMD_HELP) {
					for (int c = 1; c < CMD_COUNT; c++)
						if (!strcmp(arg, commands[c].name))
							opt->help_command = (enum command)c;
					continue;
				}
				strbuf_addf(err, "unexpected argument '%s' after command '%s'", arg,
					    command_name(opt->command));
				return -1;
			}
			for (int c = 1; c < CMD_COUNT; c++)
				if (!strcmp(arg, commands[c].name)) {
					opt->command = (enum command)c;
					found = 1;
				}
			if (!found) {
				strbuf_addf(err, "unknown command '%s' (see amdelta --help)", arg);
				return -1;
			}
			continue;
		}
		if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
			opt->help = 1;
			continue;
		}
		if (!strcmp(arg, "--yes")) {
			opt->yes = 1;
			continue;
		}
		if (!strcmp(arg, "--ignore-cross-tenant-subscriptions")) {
			opt->ignore_cross_tenant = 1;
			continue;
		}
		if (!strcmp(arg, "--registry-cleanup")) {
			opt->registry_cleanup = 1;
			continue;
		}
		if (!strcmp(arg, "--generic-catalog")) {
			opt->generic_catalog = 1;
			continue;
		}
		if (!strcmp(arg, "-v") || !strcmp(arg, "--verbose")) {
			opt->verbose = 1;
			continue;
		}
		eq = strchr(arg, '=');
		if (eq && !strncmp(arg, "--", 2)) {
			/* --opt=value: the value is the rest of argv[i]. */
			char name[32];
			size_t n = (size_t)(eq - arg);
			if (n >= sizeof(name)) {
				strbuf_addf(err, "unknown option '%.40s'", arg);
				return -1;
			}
			memcpy(name, arg, n);
			name[n] = '\0';
			if (!(slot = value_slot(opt, name))) {
				strbuf_addf(err, "unknown option '%s'", name);
				return -1;
			}
			*slot = eq + 1;
			continue;
		}
		if (!(slot = value_slot(opt, arg))) {
			strbuf_addf(err, "unknown option '%s'", arg);
			return -1;
		}
		if (i + 1 >= argc) {
			strbuf_addf(err, "option '%s' needs a value", arg);
			return -1;
		}
		*slot = argv[++i];
	}
	if (opt->command == CMD_NONE && !opt->help) {
		strbuf_addstr(err, "no command given (see amdelta --help)");
		return -1;
	}
	opt->lock_timeout = 30;
	opt->batch_rows = 10000;
	if (opt->lock_timeout_arg &&
	    (str_tolong(opt->lock_timeout_arg, &opt->lock_timeout) || opt->lock_timeout < 0 ||
	     opt->lock_timeout > 86400)) {
		strbuf_addf(err, "--lock-timeout '%s': give seconds, 0 to 86400", opt->lock_timeout_arg);
		return -1;
	}
	if (opt->batch_rows_arg &&
	    (str_tolong(opt->batch_rows_arg, &opt->batch_rows) || opt->batch_rows < 1 ||
	     opt->batch_rows > 100000000)) {
		strbuf_addf(err, "--batch-rows '%s': give a number of rows, 1 to 100000000",
			    opt->batch_rows_arg);
		return -1;
	}
	if (opt->component_arg) {
		if (strcmp(opt->component_arg, "identity")) {
			strbuf_addf(err, "--component '%s': the one component allowed is identity",
				    opt->component_arg);
			return -1;
		}
		if (opt->command != CMD_PLAN && opt->command != CMD_APPLY) {
			strbuf_addstr(err, "--component is an option of plan and apply");
			return -1;
		}
		opt->with_identity = 1;
	}
	if (opt->registry_xml && opt->registry_cleanup) {
		strbuf_addstr(err, "give --registry-xml FILE or --registry-cleanup, not both: the file "
			      "decides whether the clean-up runs");
		return -1;
	}
	return 0;
}
