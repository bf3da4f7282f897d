/* migrator: the steps of WSO2's identity migration client (see migrator.h). */
#include "migrator.h"

#include <stddef.h>
#include <string.h>

#include "banned.h"

static const struct migrator_info migrators[MIG_COUNT] = {
	[MIG_SCOPE_DATA] = { "ScopeDataMigrator", "ScopeDataMigrator", 1, DBI_AM, 1, 1,
		"adds IDN_OAUTH2_SCOPE.SCOPE_TYPE (OAUTH2 or OIDC)",
		"the scope queries of 3.1.0 and later fail at start-up (\"SCOPE_TYPE\": invalid "
		"identifier / unknown column)" },
	[MIG_VALIDATOR] = { "MigrationValidator", NULL, 0, -1, 0, 0,
		"refuses to start when a scope name is in both IDN_OAUTH2_SCOPE and IDN_OIDC_SCOPE",
		"nothing: the API-M guide removes it; amdelta check looks for what it would have "
		"found" },
	[MIG_STEP1_IDENTITY] = { "SchemaMigrator step1/identity", "step1/identity", 1, DBI_AM, 1, 0,
		"the identity tables of 5.10.0: new tables and columns, UUIDs, the OIDC scope "
		"merge into IDN_OAUTH2_SCOPE, IDN_OIDC_SCOPE dropped, session tables truncated",
		"service providers, identity providers and tokens fail at start-up (\"UUID\", "
		"\"TOKEN_BINDING_REF\", \"IDP_ID\": invalid identifier / unknown column)" },
	[MIG_STEP1_UM] = { "SchemaMigrator step1/um", "step1/um", 1, DBI_SHARED, 1, 1,
		"the user id to domain mapping table UM_UUID_DOMAIN_MAPPER",
		"user id lookups fail (UM_UUID_DOMAIN_MAPPER does not exist)" },
	[MIG_STEP2_IDENTITY] = { "SchemaMigrator step2/identity", NULL, 1, DBI_AM, 0, 0,
		"UNIQUE (NAME, TENANT_ID) on IDN_OAUTH2_SCOPE",
		"nothing: the API-M guide removes it" },
	[MIG_OAUTH2_SCOPES] = { "OAuth2ScopesMigrator", NULL, 0, -1, 1, 0,
		"moves OAuth2 scope data to the 5.10.0 model", "rows amdelta does not read" },
	[MIG_CLAIM_DATA] = { "ClaimDataMigrator", NULL, 0, -1, 1, 0,
		"adds the claims of 5.10.0 (registry and claim dialects)", "rows amdelta does not read" },
	[MIG_EMAIL_TEMPLATE] = { "EmailTemplateDataMigrator", NULL, 0, -1, 1, 0,
		"adds the e-mail templates of 5.10.0 to the registry", "rows amdelta does not read" },
	[MIG_STEP2_UM] = { "SchemaMigrator step2/um", "step2/um", 1, DBI_SHARED, 1, 1,
		"UM_USER.UM_USER_ID filled with UUIDs, unique",
		"users cannot be found by id at start-up (\"UM_USER_ID\": invalid identifier / "
		"unknown column)" },
	[MIG_USER_ID] = { "UserIDMigrator", NULL, 0, -1, 1, 0,
		"gives the users of the user stores their ids", "rows amdelta does not read" },
	[MIG_TENANT_PORTAL] = { "TenantPortalMigrator", NULL, 0, -1, 0, 0,
		"the tenant portal of WSO2 Identity Server", "nothing: it fails on API-M; remove it" },
};

const char *migrator_state_name(enum migrator_state st)
{
	static const char *const names[MS_STATE_COUNT] = {
		[MS_NA] = "n/a", [MS_NOT_RUN] = "not run", [MS_PARTIAL] = "partly done",
		[MS_DONE] = "done", [MS_NOT_JUDGED] = "not judged", [MS_REMOVED] = "removed",
	};
	return (unsigned)st < MS_STATE_COUNT ? names[st] : "?";
}

const struct migrator_info *migrator_get(enum migrator m)
{
	return (unsigned)m < MIG_COUNT ? &migrators[m] : &migrators[MIG_STEP1_IDENTITY];
}

int migrator_from_key(const char *key)
{
	for (int m = 0; key && m < MIG_COUNT; m++)
		if (migrators[m].key && !strcmp(migrators[m].key, key))
			return m;
	return -1;
}
