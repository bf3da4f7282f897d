/* names: databases, components, commands (see names.h). */
#include "names.h"

#include "util.h"
#include "banned.h"

static const char *const db_names[DBI_COUNT] = { "WSO2AM_DB", "SHARED_DB", "APIM_ANALYTICS_DB" };
static const char *const db_short[DBI_COUNT] = { "am", "shared", "analytics" };
static const char *const component_names[COMP_COUNT] = { "apim", "identity" };
static const char *const command_names[CMD_COUNT] = {
	[CMD_STATUS] = "status", [CMD_CHECK] = "check", [CMD_DIFF] = "diff",
	[CMD_PLAN] = "plan", [CMD_APPLY] = "apply", [CMD_VERIFY] = "verify",
	[CMD_INSPECT] = "inspect", [CMD_DDL] = "ddl", [CMD_DELTAS] = "deltas",
	[CMD_CLIENT_CONFIG] = "client-config",
	[CMD_HELP] = "help",
};

const char *db_name(enum db_index db)
{
	return (unsigned)db < DBI_COUNT ? db_names[db] : "";
}

const char *db_short_name(enum db_index db)
{
	return (unsigned)db < DBI_COUNT ? db_short[db] : "";
}

int db_from_name(const char *name)
{
	for (int i = 0; i < DBI_COUNT; i++)
		if (str_caseeq(name, db_names[i]) || str_caseeq(name, db_short[i]))
			return i;
	return -1;
}

const char *component_name(enum component c)
{
	return (unsigned)c < COMP_COUNT ? component_names[c] : "";
}

int component_from_name(const char *name)
{
	for (int i = 0; i < COMP_COUNT; i++)
		if (str_caseeq(name, component_names[i]))
			return i;
	return -1;
}

const char *command_name(enum command cmd)
{
	return (unsigned)cmd < CMD_COUNT && command_names[cmd] ? command_names[cmd] : "";
}
