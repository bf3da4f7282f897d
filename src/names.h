/*
 * names: the fixed identities amdelta works with — the three databases, the
 * two components that change them, and the commands — as enums, with the
 * one place that turns them into words and back.
 *
 * Everything below main decides by these enums (and by `const struct
 * dialect *`), never by comparing a name string; names are for output.
 */
#ifndef AMDELTA_NAMES_H
#define AMDELTA_NAMES_H

/* The three databases, in the order every report lists them. */
enum db_index { DBI_AM = 0, DBI_SHARED, DBI_ANALYTICS, DBI_COUNT };

/* Who makes a change: the guide's scripts (amdelta plan/apply), or WSO2's
 * identity migration client (guide step 2.5), which amdelta only verifies. */
enum component { COMP_APIM = 0, COMP_IDENTITY, COMP_COUNT };

enum command {
	CMD_NONE = 0,
	CMD_STATUS,
	CMD_CHECK,
	CMD_DIFF,
	CMD_PLAN,
	CMD_APPLY,
	CMD_VERIFY,
	CMD_INSPECT,
	CMD_DDL,
	CMD_DELTAS,
	CMD_CLIENT_CONFIG,
	CMD_HELP,
	CMD_COUNT
};

/* amdelta's version, recorded in every report. */
#define AMDELTA_VERSION "0.1.0"

/* The step of the upgrade guide (Step 2, item 5: "Upgrade the Identity
 * component") in which WSO2's identity migration client runs; every message
 * that sends the user there names this one. */
#define GUIDE_IDENTITY_STEP "2.5"

/* "WSO2AM_DB", "SHARED_DB", "APIM_ANALYTICS_DB"; "" for an invalid id. */
const char *db_name(enum db_index db);

/* The id of the database named name (case-insensitive; also the short
 * names am, shared, analytics), or -1. */
int db_from_name(const char *name);

/* The short name used in option names: "am", "shared", "analytics". */
const char *db_short_name(enum db_index db);

/* "apim", "identity"; "" for an invalid id. */
const char *component_name(enum component c);

/* The component named name ("apim", "identity"), or -1. */
int component_from_name(const char *name);

/* "status", "check", ...; "" for CMD_NONE or an invalid id. */
const char *command_name(enum command cmd);

#endif
