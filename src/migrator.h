/*
 * migrator: the steps of WSO2's identity migration client for 5.9.0 ->
 * 5.10.0 (guide step 2.5), in the order of its migration-config.yaml, as
 * data: what each changes, in which database, whether the API-M guide keeps
 * it, and what API-M 3.2.0 does at start-up while it has not run.
 *
 * Identity deltas (checks/) name the migrator that makes them; classify
 * judges each migrator from its deltas (struct migrator_result in run.h).
 * The Java migrators change rows amdelta does not read: they are listed,
 * never judged.
 */
#ifndef AMDELTA_MIGRATOR_H
#define AMDELTA_MIGRATOR_H

#include "names.h"

enum migrator {
	MIG_SCOPE_DATA = 0,      /* ScopeDataMigrator */
	MIG_VALIDATOR,           /* MigrationValidator */
	MIG_STEP1_IDENTITY,      /* SchemaMigrator step1/identity */
	MIG_STEP1_UM,            /* SchemaMigrator step1/um */
	MIG_STEP2_IDENTITY,      /* SchemaMigrator step2/identity */
	MIG_OAUTH2_SCOPES,       /* OAuth2ScopesMigrator */
	MIG_CLAIM_DATA,          /* ClaimDataMigrator */
	MIG_EMAIL_TEMPLATE,      /* EmailTemplateDataMigrator */
	MIG_STEP2_UM,            /* SchemaMigrator step2/um */
	MIG_USER_ID,             /* UserIDMigrator */
	MIG_TENANT_PORTAL,       /* TenantPortalMigrator */
	MIG_COUNT
};

struct migrator_info {
	const char *name;        /* as the client's log and migration-config.yaml name it */
	const char *key;         /* the migrator="" of checks/ ("step1/identity"), or NULL
	                            for the migrators no delta describes */
	int sql;                 /* runs SQL scripts amdelta can judge from the catalog */
	int db;                  /* the database it changes (enum db_index), -1: data
	                            amdelta does not read (registry, user store) */
	int apim_needs;          /* API-M needs it: the guide removes MigrationValidator
	                            and step2/identity, and TenantPortalMigrator fails */
	int amdelta_finishes;    /* plan/apply --component identity make its changes */
	const char *what;        /* one line: what it does */
	const char *breaks;      /* one line: what 3.2.0 does while it has not run */
};

/* A migrator's state on one database. */
enum migrator_state {
	MS_NA = 0,               /* changes another database */
	MS_NOT_RUN,              /* none of its changes made */
	MS_PARTIAL,              /* some made, or one in conflict */
	MS_DONE,                 /* all made */
	MS_NOT_JUDGED,           /* changes rows amdelta does not read */
	MS_REMOVED,              /* API-M does not run it */
	MS_STATE_COUNT
};

/* "done", "partly done", "not run", "n/a", "not judged", "removed". */
const char *migrator_state_name(enum migrator_state st);

/* The row of m (never NULL for a valid m). */
const struct migrator_info *migrator_get(enum migrator m);

/* The migrator whose key is key ("step1/um"), or -1. */
int migrator_from_key(const char *key);

#endif
