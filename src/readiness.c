/* readiness: the check table of `amdelta check` (see readiness.h). */
#include "readiness.h"

#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "classify.h"
#include "util.h"
#include "banned.h"

struct check {
	const char *id;
	enum check_severity severity;
	const char *title;
	const char *remedy;
	void (*run)(const struct readiness_input *in, struct check_result *r);
};

const char *readiness_provider_domain(const char *provider)
{
	const char *at = provider ? strrchr(provider, '@') : NULL;

	return at && at[1] ? at + 1 : "carbon.super";
}

/* ------------------------------------------------------------ helpers */

static void set_detail(struct check_result *r, enum check_status st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void set_detail(struct check_result *r, enum check_status st, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	free(r->detail);
	r->detail = strbuf_detach(&sb);
	r->status = st;
}

/* Adds an offending row; beyond READINESS_MAX_ROWS it is only counted by
 * the caller. */
static void add_row(struct check_result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add_row(struct check_result *r, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	if (r->nrows >= READINESS_MAX_ROWS)
		return;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	ALLOC_GROW(r->rows, r->nrows + 1, r->rows_alloc);
	r->rows[r->nrows++] = strbuf_detach(&sb);
}

/* The connection of database i, or NULL with status skip (not configured)
 * or error (not reachable) set on r. */
static struct conn *need(const struct readiness_input *in, int i, struct check_result *r)
{
	const struct db_run *d = &in->dbs[i];

	if (in->conns[i])
		return in->conns[i];
	if (d->state == DB_NOT_CONFIGURED)
		set_detail(r, CS_SKIP, "%s is not configured", d->name);
	else   /* the error itself is the database's, reported once */
		set_detail(r, CS_ERROR, "not measured: %s could not be read", d->name);
	return NULL;
}

/* Runs a query on c; on failure sets status error with the message. */
static int query(struct conn *c, const char *sql, struct result *res, struct check_result *r)
{
	struct strbuf err = STRBUF_INIT;
	int rc = conn_query(c, sql, res, &err);

	if (rc)
		set_detail(r, CS_ERROR, "%s", err.buf);
	strbuf_release(&err);
	return rc;
}

static int count(struct conn *c, const char *sql, long *n, struct check_result *r)
{
	struct strbuf err = STRBUF_INIT;
	int rc = conn_count(c, sql, n, &err);

	if (rc)
		set_detail(r, CS_ERROR, "%s", err.buf);
	strbuf_release(&err);
	return rc;
}

static int has_table(const struct readiness_input *in, int i, const char *table)
{
	const struct catalog *cat = in->dbs[i].live;

	return cat && catalog_table(cat, table) != NULL;
}

/* ------------------------------------------------------------ the checks */

/* 1. every configured database at 3.0.0 */
static void run_state(const struct readiness_input *in, struct check_result *r)
{
	int configured = 0, bad = 0, other = 0, unread = 0;

	for (int i = 0; i < DBI_COUNT; i++) {
		const struct db_run *d = &in->dbs[i];

		if (d->state == DB_NOT_CONFIGURED)
			continue;
		configured++;
		if (d->state == DB_V300)
			continue;
		if (d->state == DB_ERROR) {
			unread++;
			add_row(r, "%s: could not be read", d->name);
			continue;
		}
		/* apply refuses an unknown database and a delta in conflict */
		if (d->state == DB_UNKNOWN || d->next == NEXT_RESOLVE_CONFLICT)
			bad++;
		else
			other++;
		add_row(r, "%s: %s%s", d->name, db_state_name(d->state),
			d->state == DB_V320 ? " (already migrated)" :
			d->state == DB_UNKNOWN ? " (not a WSO2 database of 3.0.0 to 3.2.0)" :
			d->next == NEXT_RESOLVE_CONFLICT ? " (a delta in conflict: amdelta apply refuses "
			"it; amdelta status names it)" :
			d->next == NEXT_APPLY ? " (a migration was started: amdelta apply finishes it)" :
			d->next == NEXT_IDENTITY_CLIENT ? " (amdelta's part is done: WSO2's identity "
			"migration client is next)" : " (a migration was started)");
	}
	if (!configured)
		set_detail(r, CS_SKIP, "no database configured");
	else if (unread && !bad)
		set_detail(r, CS_ERROR, "not measured: %d of %d databases could not be read", unread,
			   configured);
	else if (bad)
		set_detail(r, CS_FAIL, "%d of %d databases cannot be migrated as they are", bad, configured);
	else if (other)
		set_detail(r, CS_WARN, "%d of %d databases are not at 3.0.0", other, configured);
	else
		set_detail(r, CS_PASS, "every configured database (%d) is at 3.0.0", configured);
}

/* 2. PostgreSQL: the role is a superuser */
static void run_superuser(const struct readiness_input *in, struct check_result *r)
{
	int measured = 0, failed = 0;

	for (int i = 0; i < DBI_COUNT; i++) {
		struct conn *c = in->conns[i];
		struct result res = { 0 };
		const char *su;

		if (!c || c->dialect->id != DIALECT_POSTGRESQL)
			continue;
		if (query(c, "SELECT CASE WHEN rolsuper THEN 1 ELSE 0 END, current_user FROM pg_roles "
			  "WHERE rolname = current_user", &res, r))
			return;
		measured++;
		su = result_get(&res, 0, 0);
		if (!su || strcmp(su, "1")) {
			failed++;
			add_row(r, "%s: role %s is not a superuser", c->dbname,
				result_get(&res, 0, 1) ? result_get(&res, 0, 1) : "?");
		}
		result_release(&res);
	}
	if (!measured)
		set_detail(r, CS_SKIP, "no PostgreSQL database configured");
	else if (failed)
		set_detail(r, CS_FAIL, "%d of %d PostgreSQL databases are reached as a role that is not a "
			   "superuser", failed, measured);
	else
		set_detail(r, CS_PASS, "the role is a superuser on every PostgreSQL database (%d)", measured);
}

/* 3. the user may create and alter tables */
static void privileges_pg(struct conn *c, struct check_result *r, int *missing)
{
	struct result res = { 0 };
	long n = 0;

	if (query(c, "SELECT CASE WHEN r.rolsuper THEN 1 ELSE 0 END, "
		  "CASE WHEN has_schema_privilege(current_schema(), 'CREATE') THEN 1 ELSE 0 END "
		  "FROM pg_roles r WHERE r.rolname = current_user", &res, r))
		return;
	if (result_get(&res, 0, 0) && !strcmp(result_get(&res, 0, 0), "1"))
		goto out;   /* a superuser may do everything */
	if (!result_get(&res, 0, 1) || strcmp(result_get(&res, 0, 1), "1")) {
		add_row(r, "%s: no CREATE on schema %s", c->dbname, c->schema);
		(*missing)++;
	}
	/* ALTER TABLE needs ownership */
	result_release(&res);
	if (query(c, "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
		  "AND tableowner <> current_user ORDER BY tablename", &res, r))
		return;
	n = (long)res.nrows;
	for (size_t k = 0; k < res.nrows; k++)
		add_row(r, "%s: table %s is owned by another role: ALTER TABLE needs its owner",
			c->dbname, result_get(&res, k, 0));
	*missing += n > 0;
out:
	result_release(&res);
}

static void privileges_mysql(struct conn *c, struct check_result *r, int *missing)
{
	/* what apply runs: CREATE TABLE, ALTER TABLE (and its index changes),
	 * CREATE TRIGGER, UPDATE, DELETE (registry clean-up) */
	static const char *const needed[] = { "CREATE", "ALTER", "INDEX", "TRIGGER", "UPDATE",
					      "DELETE", "REFERENCES", NULL };
	struct result res = { 0 };

	if (query(c, "SELECT DISTINCT PRIVILEGE_TYPE FROM ("
		  " SELECT PRIVILEGE_TYPE, GRANTEE FROM information_schema.SCHEMA_PRIVILEGES"
		  "  WHERE TABLE_SCHEMA = DATABASE()"
		  " UNION ALL SELECT PRIVILEGE_TYPE, GRANTEE FROM information_schema.USER_PRIVILEGES) p"
		  " WHERE GRANTEE = CONCAT('''', SUBSTRING_INDEX(CURRENT_USER(), '@', 1), '''@''',"
		  " SUBSTRING_INDEX(CURRENT_USER(), '@', -1), '''')", &res, r))
		return;
	for (size_t k = 0; needed[k]; k++) {
		int have = 0;

		for (size_t j = 0; j < res.nrows; j++)
			have |= str_caseeq(result_get(&res, j, 0), needed[k]) ||
				str_caseeq(result_get(&res, j, 0), "ALL PRIVILEGES");
		if (!have) {
			add_row(r, "%s: no %s privilege on %s", c->dbname, needed[k], c->schema);
			(*missing)++;
		}
	}
	result_release(&res);
}

static void run_privileges(const struct readiness_input *in, struct check_result *r)
{
	int measured = 0, missing = 0;
	struct strbuf not = STRBUF_INIT;

	for (int i = 0; i < DBI_COUNT; i++) {
		struct conn *c = in->conns[i];

		if (!c)
			continue;
		if (c->dialect->id == DIALECT_POSTGRESQL)
			privileges_pg(c, r, &missing);
		else if (c->dialect->id == DIALECT_MYSQL)
			privileges_mysql(c, r, &missing);
		else {
			strbuf_addf(&not, "%s%s (%s)", not.len ? ", " : "", c->dbname, c->dialect->name);
			continue;
		}
		if (r->status == CS_ERROR)
			goto out;
		measured++;
	}
	if (!measured)
		set_detail(r, CS_SKIP, "%s%s", not.len ? "privileges are not measured on " :
			   "no database configured", not.buf ? not.buf : "");
	else if (missing)
		set_detail(r, CS_FAIL, "%d privilege%s missing for the schema changes", missing,
			   missing == 1 ? " is" : "s are");
	else
		set_detail(r, CS_PASS, "the user may create and alter tables on %d database%s%s%s",
			   measured, measured == 1 ? "" : "s", not.len ? "; not measured on " : "",
			   not.buf ? not.buf : "");
out:
	strbuf_release(&not);
}

/* 4. registry versioning: the old registry.xml and what SHARED_DB holds */
static void run_registry(const struct readiness_input *in, struct check_result *r)
{
	static const char *const tables[] = { "REG_RESOURCE_PROPERTY", "REG_RESOURCE_COMMENT",
					      "REG_RESOURCE_TAG", "REG_RESOURCE_RATING", NULL };
	struct conn *c = need(in, DBI_SHARED, r);
	long total = 0;
	int on = -2;

	if (!c)
		return;
	for (size_t k = 0; tables[k]; k++) {
		char *sql;
		long n = 0;
		int bad;

		if (!has_table(in, DBI_SHARED, tables[k]))
			continue;
		sql = xasprintf("SELECT COUNT(*) FROM %s x WHERE x.REG_VERSION IS NOT NULL AND NOT EXISTS "
				"(SELECT 1 FROM REG_RESOURCE v WHERE v.REG_VERSION = x.REG_VERSION)",
				tables[k]);
		bad = count(c, sql, &n, r);
		free(sql);
		if (bad)
			return;
		if (n)
			add_row(r, "%s: %ld rows of resource versions that no longer exist", tables[k], n);
		total += n;
	}
	if (in->registry)
		on = registry_versioning_on(in->registry);
	if (on > 0 && total)
		set_detail(r, CS_WARN, "%s had registry versioning on and SHARED_DB holds %ld versioned "
			   "rows: the clean-up must run", in->registry_source, total);
	else if (on > 0)
		set_detail(r, CS_PASS, "%s had registry versioning on; no versioned rows are left",
			   in->registry_source);
	else if (on > -2 && total)
		set_detail(r, CS_WARN, "the file and the data disagree: %s says versioning was off, but "
			   "SHARED_DB holds %ld versioned rows", in->registry_source, total);
	else if (on > -2)
		set_detail(r, CS_PASS, "%s had registry versioning off, and SHARED_DB holds no versioned "
			   "rows", in->registry_source);
	else if (total)
		set_detail(r, CS_WARN, "SHARED_DB holds %ld rows that only registry versioning leaves; "
			   "no registry.xml given to say whether it was on", total);
	else
		set_detail(r, CS_PASS, "SHARED_DB holds no versioned registry rows (no registry.xml given)");
}

/* 5. cross-tenant subscriptions: the migration client aborts on them */
static void run_cross_tenant(const struct readiness_input *in, struct check_result *r)
{
	struct conn *am = need(in, DBI_AM, r), *sh = in->conns[DBI_SHARED];
	struct result subs = { 0 }, tenants = { 0 };
	long found = 0;

	if (!am)
		return;
	/* the super tenant's own subscriptions (the common case) are left out
	 * on the server */
	if (query(am, "SELECT s.SUBSCRIPTION_ID, a.API_NAME, a.API_VERSION, a.API_PROVIDER, "
		  "sb.USER_ID, sb.TENANT_ID FROM AM_SUBSCRIPTION s "
		  "JOIN AM_APPLICATION ap ON ap.APPLICATION_ID = s.APPLICATION_ID "
		  "JOIN AM_SUBSCRIBER sb ON sb.SUBSCRIBER_ID = ap.SUBSCRIBER_ID "
		  "JOIN AM_API a ON a.API_ID = s.API_ID "
		  "WHERE NOT (sb.TENANT_ID = -1234 AND a.API_PROVIDER NOT LIKE '%@%') "
		  "ORDER BY s.SUBSCRIPTION_ID", &subs, r))
		goto out;
	if (subs.nrows && !sh) {
		set_detail(r, CS_ERROR, "%zu subscriptions involve a tenant, and SHARED_DB (UM_TENANT) is "
			   "needed to name the subscribers' tenants: configure it", subs.nrows);
		goto out;
	}
	if (subs.nrows && query(sh, "SELECT UM_ID, UM_DOMAIN_NAME FROM UM_TENANT", &tenants, r))
		goto out;
	for (size_t k = 0; k < subs.nrows; k++) {
		const char *provider = result_get(&subs, k, 3), *tid = result_get(&subs, k, 5);
		const char *pdom = readiness_provider_domain(provider), *sdom = NULL;

		if (tid && !strcmp(tid, "-1234"))
			sdom = "carbon.super";
		for (size_t t = 0; !sdom && tid && t < tenants.nrows; t++)
			if (!strcmp(result_get(&tenants, t, 0) ? result_get(&tenants, t, 0) : "", tid))
				sdom = result_get(&tenants, t, 1);
		if (sdom && str_caseeq(sdom, pdom))
			continue;
		found++;
		add_row(r, "subscription %s: API %s %s of %s (tenant %s), subscriber %s (tenant %s%s%s)",
			result_get(&subs, k, 0), result_get(&subs, k, 1), result_get(&subs, k, 2),
			provider ? provider : "?", pdom, result_get(&subs, k, 4), tid ? tid : "?",
			sdom ? ": " : ", not in UM_TENANT", sdom ? sdom : "");
	}
	if (found && in->ignore_cross_tenant) {
		r->severity = SEV_WARNING;
		set_detail(r, CS_WARN, "%ld cross-tenant subscriptions; ignored as asked: run the migration "
			   "client with -DignoreCrossTenantSubscriptions=true", found);
	} else if (found) {
		set_detail(r, CS_FAIL, "%ld cross-tenant subscriptions: WSO2's migration client aborts on "
			   "them", found);
	} else {
		set_detail(r, CS_PASS, "no subscription crosses tenants");
	}
out:
	result_release(&subs);
	result_release(&tenants);
}

/* 6. tenants: the tenant loader step of the re-index */
static void run_tenants(const struct readiness_input *in, struct check_result *r)
{
	struct conn *c = need(in, DBI_SHARED, r);
	long n = 0;

	if (!c || count(c, "SELECT COUNT(*) FROM UM_TENANT", &n, r))
		return;
	if (n)
		set_detail(r, CS_WARN, "%ld tenants besides the super tenant: the re-index needs the "
			   "tenant loader (guide step 2.7.2)", n);
	else
		set_detail(r, CS_PASS, "no tenant besides the super tenant");
}

/* 7. REG_LOG: the re-index script's time */
static void run_reg_log(const struct readiness_input *in, struct check_result *r)
{
	/* rough rate of the guide's reg-index.sql, for an order of magnitude */
	enum { ROWS_PER_MINUTE = 600000, MANY = 1000000 };
	struct conn *c = need(in, DBI_SHARED, r);
	long n = 0;

	if (!c || count(c, "SELECT COUNT(*) FROM REG_LOG", &n, r))
		return;
	if (n < ROWS_PER_MINUTE)
		set_detail(r, CS_PASS, "REG_LOG holds %ld rows: the re-index script (guide step 2.7.1) "
			   "takes under a minute (an estimate at %d rows a minute)", n, ROWS_PER_MINUTE);
	else
		set_detail(r, n >= MANY ? CS_WARN : CS_PASS, "REG_LOG holds %ld rows: the re-index "
			   "script (guide step 2.7.1) takes about %ld minutes (an estimate at %d rows a "
			   "minute)", n, n / ROWS_PER_MINUTE + 1, ROWS_PER_MINUTE);
}

/* 8. identity table volume: the identity migration's connection pool */
static void run_identity_volume(const struct readiness_input *in, struct check_result *r)
{
	static const char *const tables[] = { "IDN_OAUTH2_ACCESS_TOKEN", "IDN_OAUTH2_AUTHORIZATION_CODE",
					      "IDN_OAUTH2_ACCESS_TOKEN_SCOPE", "IDN_OAUTH2_SCOPE_BINDING",
					      "IDN_OIDC_REQ_OBJECT_REFERENCE", NULL };
	enum { MANY = 1000000 };
	struct conn *c = need(in, DBI_AM, r);
	struct strbuf per = STRBUF_INIT;
	long total = 0;

	if (!c)
		return;
	for (size_t k = 0; tables[k]; k++) {
		char *sql;
		long n = 0;
		int bad;

		if (!has_table(in, DBI_AM, tables[k]))
			continue;
		sql = xasprintf("SELECT COUNT(*) FROM %s", tables[k]);
		bad = count(c, sql, &n, r);
		free(sql);
		if (bad)
			goto out;
		strbuf_addf(&per, "%s%s %ld", per.len ? ", " : "", tables[k], n);
		total += n;
	}
	set_detail(r, total >= MANY ? CS_WARN : CS_PASS, "%ld rows in the identity tables the identity "
		   "migration rewrites (%s)", total, per.len ? per.buf : "none of them exists");
out:
	strbuf_release(&per);
}

/* 9. NULL callback URLs the migration rewrites */
static void run_callback_urls(const struct readiness_input *in, struct check_result *r)
{
	struct conn *c = need(in, DBI_AM, r);
	long n = 0;

	if (!c)
		return;
	if (!has_table(in, DBI_AM, "IDN_OAUTH_CONSUMER_APPS")) {
		set_detail(r, CS_SKIP, "WSO2AM_DB has no IDN_OAUTH_CONSUMER_APPS");
		return;
	}
	if (count(c, "SELECT COUNT(*) FROM IDN_OAUTH_CONSUMER_APPS WHERE CALLBACK_URL IS NULL", &n, r))
		return;
	set_detail(r, n ? CS_WARN : CS_PASS, "%ld OAuth applications have a NULL callback URL%s", n,
		   n ? ": the migration sets them to ''" : "");
}

/* 10. APIM_ANALYTICS_DB configured and reachable */
static void run_analytics(const struct readiness_input *in, struct check_result *r)
{
	const struct db_run *d = &in->dbs[DBI_ANALYTICS];

	if (d->state == DB_NOT_CONFIGURED)
		set_detail(r, CS_WARN, "APIM_ANALYTICS_DB is not configured: the analytics step (guide, "
			   "step 3.1) is skipped");
	else if (!in->conns[DBI_ANALYTICS])
		set_detail(r, CS_FAIL, "APIM_ANALYTICS_DB cannot be reached: %s",
			   d->error ? d->error : "no connection");
	else
		set_detail(r, CS_PASS, "APIM_ANALYTICS_DB is reachable (%s)", db_state_name(d->state));
}

/* ------------------------------------------------------------ WSO2's identity client
 *
 * The failures users meet in WSO2's identity migration client (5.9.0 ->
 * 5.10.0, guide step 2.5), read off its scripts: step1 copies every
 * IDN_OIDC_SCOPE row (NAME, TENANT_ID) into IDN_OAUTH2_SCOPE, step2 then
 * adds UNIQUE (NAME, TENANT_ID) to IDN_OAUTH2_SCOPE, in every dialect;
 * on PostgreSQL step1 (identity) and step2 (um) run CREATE EXTENSION
 * "uuid-ossp" for uuid_generate_v4(); on MySQL the keys it makes must fit
 * InnoDB's limits.  The API-M guide runs it without its MigrationValidator
 * and without step2/identity (PROVENANCE.md of the reference material).
 * A database whose identity part is already at 5.10.0 has nothing left
 * for the client. */

/* The connection of database i when the client has work there; else NULL,
 * and *why says why not (the caller skips), or r holds the error. */
static struct conn *identity_conn(const struct readiness_input *in, int i, struct check_result *r,
				  const char **why)
{
	const struct db_run *d = &in->dbs[i];

	*why = NULL;
	if (d->identity == PART_NEW) {
		*why = "its identity component is already at 5.10.0";
		return NULL;
	}
	return need(in, i, r);
}

/* 11. IDN_OAUTH2_SCOPE: one row per (NAME, TENANT_ID) */
static void run_scope_duplicates(const struct readiness_input *in, struct check_result *r)
{
	const char *why;
	struct conn *c = identity_conn(in, DBI_AM, r, &why);
	struct result res = { 0 };
	size_t groups = 0, rows = 0;

	if (why)
		set_detail(r, CS_SKIP, "WSO2AM_DB: %s", why);
	if (!c)
		return;
	if (!has_table(in, DBI_AM, "IDN_OAUTH2_SCOPE")) {
		set_detail(r, CS_SKIP, "WSO2AM_DB has no IDN_OAUTH2_SCOPE");
		return;
	}
	/* the server's own comparison (MySQL's collation) decides what a
	 * duplicate is, as it will for the unique key; d.NAME names the group */
	if (query(c, "SELECT d.TENANT_ID, d.NAME, s.SCOPE_ID FROM IDN_OAUTH2_SCOPE s JOIN "
		  "(SELECT NAME, TENANT_ID FROM IDN_OAUTH2_SCOPE GROUP BY NAME, TENANT_ID "
		  "HAVING COUNT(*) > 1) d ON d.NAME = s.NAME AND d.TENANT_ID = s.TENANT_ID "
		  "ORDER BY d.TENANT_ID, d.NAME, s.SCOPE_ID", &res, r))
		goto out;
	for (size_t k = 0; k < res.nrows;) {
		const char *tid = result_get(&res, k, 0), *name = result_get(&res, k, 1);
		struct strbuf ids = STRBUF_INIT;
		size_t n = 0;

		for (; k < res.nrows && !strcmp(result_get(&res, k, 0) ? result_get(&res, k, 0) : "",
						 tid ? tid : "") &&
		       !strcmp(result_get(&res, k, 1) ? result_get(&res, k, 1) : "", name ? name : "");
		     k++, n++)
			strbuf_addf(&ids, "%s%s", n ? ", " : "", result_get(&res, k, 2));
		add_row(r, "tenant %s: scope '%s' in %zu rows (SCOPE_ID %s)", tid ? tid : "?",
			name ? name : "", n, ids.buf);
		strbuf_release(&ids);
		groups++;
		rows += n;
	}
	if (groups)
		set_detail(r, CS_FAIL, "%zu scope names are held by more than one IDN_OAUTH2_SCOPE row of "
			   "their tenant (%zu rows): 3.1.0 and 3.2.0 stop at start-up with \"Subquery returns "
			   "more than 1 row\" (ScopesDAO); the client's MigrationValidator, which the API-M "
			   "guide leaves out, would refuse them", groups, rows);
	else
		set_detail(r, CS_PASS, "every IDN_OAUTH2_SCOPE (NAME, TENANT_ID) is held by one row");
out:
	result_release(&res);
}

/* 12. IDN_OIDC_SCOPE names that its copy into IDN_OAUTH2_SCOPE collides
 * with: a scope of the same name in the same tenant, in either table */
static void run_oidc_scope_collisions(const struct readiness_input *in, struct check_result *r)
{
	const char *why;
	struct conn *c = identity_conn(in, DBI_AM, r, &why);
	struct result res = { 0 };

	if (why)
		set_detail(r, CS_SKIP, "WSO2AM_DB: %s", why);
	if (!c)
		return;
	if (!has_table(in, DBI_AM, "IDN_OIDC_SCOPE") || !has_table(in, DBI_AM, "IDN_OAUTH2_SCOPE")) {
		set_detail(r, CS_SKIP, "WSO2AM_DB has no IDN_OIDC_SCOPE or no IDN_OAUTH2_SCOPE: nothing to "
			   "merge");
		return;
	}
	if (query(c, "SELECT o.TENANT_ID, o.NAME, o.ID, 'IDN_OAUTH2_SCOPE SCOPE_ID', s.SCOPE_ID "
		  "FROM IDN_OIDC_SCOPE o JOIN IDN_OAUTH2_SCOPE s ON s.NAME = o.NAME AND s.TENANT_ID = "
		  "o.TENANT_ID UNION ALL SELECT o.TENANT_ID, o.NAME, o.ID, 'IDN_OIDC_SCOPE ID', p.ID "
		  "FROM IDN_OIDC_SCOPE o JOIN IDN_OIDC_SCOPE p ON p.NAME = o.NAME AND p.TENANT_ID = "
		  "o.TENANT_ID AND p.ID > o.ID ORDER BY 1, 2, 3, 5", &res, r))
		goto out;
	for (size_t k = 0; k < res.nrows; k++)
		add_row(r, "tenant %s: scope '%s' is IDN_OIDC_SCOPE ID %s and %s %s",
			result_get(&res, k, 0) ? result_get(&res, k, 0) : "NULL",
			result_get(&res, k, 1) ? result_get(&res, k, 1) : "", result_get(&res, k, 2),
			result_get(&res, k, 3), result_get(&res, k, 4));
	if (res.nrows)
		set_detail(r, CS_FAIL, "%zu OIDC scope names collide in their tenant: the client's step1 "
			   "copies IDN_OIDC_SCOPE (NAME, TENANT_ID) into IDN_OAUTH2_SCOPE, leaving a name "
			   "twice in a tenant (ScopesDAO: \"Subquery returns more than 1 row\"; step2's UNIQUE "
			   "(NAME, TENANT_ID), where it runs, fails)", res.nrows);
	else
		set_detail(r, CS_PASS, "no IDN_OIDC_SCOPE name is used by another scope of its tenant");
out:
	result_release(&res);
}

/* A cell as a number, 0 when NULL or not one. */
static long cell_long(const struct result *res, size_t row, size_t col)
{
	long v = 0;

	return str_tolong(result_get(res, row, col), &v) ? 0 : v;
}

static const char *cell(const struct result *res, size_t row, size_t col, const char *null)
{
	return result_get(res, row, col) ? result_get(res, row, col) : null;
}

/* 13. PostgreSQL: the client's CREATE EXTENSION "uuid-ossp" can run (or
 * has nothing to do) on every database it runs it on */
static void run_uuid_ossp(const struct readiness_input *in, struct check_result *r)
{
	/* pg_available_extension_versions.trusted exists from PostgreSQL 13:
	 * read through to_jsonb so that older servers answer false */
	static const char sql[] =
		"SELECT (SELECT COUNT(*) FROM pg_extension WHERE extname = 'uuid-ossp'), "
		"(SELECT COUNT(*) FROM pg_available_extensions WHERE name = 'uuid-ossp'), "
		"(SELECT COUNT(*) FROM pg_available_extension_versions v WHERE v.name = 'uuid-ossp' "
		"AND COALESCE((to_jsonb(v) ->> 'trusted')::boolean, false)), "
		"CASE WHEN r.rolsuper THEN 1 ELSE 0 END, "
		"CASE WHEN has_database_privilege(current_database(), 'CREATE') THEN 1 ELSE 0 END, "
		"current_setting('server_version_num'), current_user, current_database() "
		"FROM pg_roles r WHERE r.rolname = current_user";
	int measured = 0, failed = 0, done = 0;
	struct strbuf how = STRBUF_INIT;

	for (int i = 0; i < DBI_COUNT; i++) {
		const struct db_run *d = &in->dbs[i];
		struct conn *c = in->conns[i];
		struct result res = { 0 };
		int installed, available, trusted, super, create, v13;
		const char *ok = NULL;

		if (!c || c->dialect->id != DIALECT_POSTGRESQL || d->identity == PART_NONE)
			continue;
		if (d->identity == PART_NEW) {
			done++;
			continue;
		}
		if (query(c, sql, &res, r))
			goto out;
		measured++;
		installed = cell_long(&res, 0, 0) > 0;
		available = cell_long(&res, 0, 1) > 0;
		trusted = cell_long(&res, 0, 2) > 0;
		super = cell_long(&res, 0, 3) == 1;
		create = cell_long(&res, 0, 4) == 1;
		v13 = cell_long(&res, 0, 5) >= 130000;
		if (installed)
			ok = "installed";
		else if (available && super)
			ok = "not installed; the role is a superuser and may create it";
		else if (available && trusted && create && v13)
			ok = "not installed; trusted, and the role has CREATE on the database";
		if (ok) {
			strbuf_addf(&how, "%s%s: %s", how.len ? "; " : "", d->name, ok);
		} else {
			failed++;
			if (!available)
				add_row(r, "%s: uuid-ossp is not installed in database %s, and the server does "
					"not have it (its contrib package is not installed)", d->name,
					cell(&res, 0, 7, "?"));
			else
				add_row(r, "%s: uuid-ossp is not installed in database %s, and role %s may not "
					"create it: no superuser%s%s", d->name, cell(&res, 0, 7, "?"),
					cell(&res, 0, 6, "?"),
					!v13 ? " (before PostgreSQL 13 only a superuser may)" :
					!trusted ? ", and the extension is not trusted here" :
					", no CREATE on the database",
					v13 ? "; gen_random_uuid() (PostgreSQL 13+) is there, but the "
					"client's scripts call uuid_generate_v4()" : "");
		}
		result_release(&res);
	}
	if (!measured && done)
		set_detail(r, CS_SKIP, "the identity component is already at 5.10.0 on every PostgreSQL "
			   "database");
	else if (!measured)
		set_detail(r, CS_SKIP, "no PostgreSQL database with identity tables configured");
	else if (failed)
		set_detail(r, CS_FAIL, "the identity client's CREATE EXTENSION \"uuid-ossp\" fails on %d "
			   "of %d databases", failed, measured);
	else
		set_detail(r, CS_PASS, "uuid-ossp: %s", how.buf);
out:
	strbuf_release(&how);
}

/* 14. MySQL: the keys the client makes fit InnoDB.  Its step1 and step2
 * scripts (identity and um; not step2/identity's UNIQUE (NAME, TENANT_ID) on
 * IDN_OAUTH2_SCOPE, which the API-M guide leaves out), every key over a
 * character column: where the
 * table is not there yet, it is made (CREATE TABLE IF NOT EXISTS) when the
 * database holds the anchor table.  A column "NAME:v32" is declared by the
 * script when the live table lacks it: VARCHAR(32) (c: CHAR, i: INTEGER). */
static const struct client_key {
	const char *table;
	const char *anchor;   /* NULL: the table itself */
	const char *key;      /* as the script makes it */
	const char *cols;
} client_keys[] = {
	{ "IDN_OAUTH2_AUTHZ_CODE_SCOPE", "IDN_OAUTH2_AUTHORIZATION_CODE", "PRIMARY KEY",
	  "CODE_ID:v255,SCOPE:v60" },
	{ "IDN_OAUTH2_TOKEN_BINDING", "IDN_OAUTH2_ACCESS_TOKEN", "PRIMARY KEY", "TOKEN_ID:v255" },
	{ "IDN_OAUTH2_TOKEN_BINDING", "IDN_OAUTH2_ACCESS_TOKEN", "INDEX IDX_IDN_AUTH_BIND",
	  "TOKEN_BINDING_REF:v32" },
	{ "IDN_FED_AUTH_SESSION_MAPPING", "IDN_OAUTH2_ACCESS_TOKEN", "PRIMARY KEY", "IDP_SESSION_ID:v255" },
	{ "IDN_FED_AUTH_SESSION_MAPPING", "IDN_OAUTH2_ACCESS_TOKEN", "INDEX IDX_FEDERATED_AUTH_SESSION_ID",
	  "SESSION_ID:v255" },
	{ "IDN_OAUTH2_CIBA_AUTH_CODE", "IDN_OAUTH_CONSUMER_APPS", "PRIMARY KEY", "AUTH_CODE_KEY:c36" },
	{ "IDN_OAUTH2_CIBA_AUTH_CODE", "IDN_OAUTH_CONSUMER_APPS", "UNIQUE", "AUTH_REQ_ID:c36" },
	{ "IDN_OAUTH2_CIBA_AUTH_CODE", "IDN_OAUTH_CONSUMER_APPS", "FOREIGN KEY index", "CONSUMER_KEY:v255" },
	{ "IDN_OAUTH2_CIBA_REQUEST_SCOPES", "IDN_OAUTH_CONSUMER_APPS", "FOREIGN KEY index",
	  "AUTH_CODE_KEY:c36" },
	{ "IDN_OAUTH2_DEVICE_FLOW", "IDN_OAUTH_CONSUMER_APPS", "PRIMARY KEY", "DEVICE_CODE:v255" },
	{ "IDN_OAUTH2_DEVICE_FLOW", "IDN_OAUTH_CONSUMER_APPS", "UNIQUE", "CODE_ID:v255" },
	{ "IDN_OAUTH2_DEVICE_FLOW", "IDN_OAUTH_CONSUMER_APPS", "UNIQUE", "USER_CODE:v25" },
	{ "IDN_OAUTH2_DEVICE_FLOW_SCOPES", "IDN_OAUTH_CONSUMER_APPS", "FOREIGN KEY index", "SCOPE_ID:v255" },
	{ "IDN_OAUTH2_ACCESS_TOKEN", NULL, "UNIQUE CON_APP_KEY",
	  "CONSUMER_KEY_ID,AUTHZ_USER,TENANT_ID,USER_DOMAIN,USER_TYPE,TOKEN_SCOPE_HASH,TOKEN_STATE,"
	  "TOKEN_STATE_ID,IDP_ID,TOKEN_BINDING_REF:v32" },
	{ "IDN_OAUTH2_ACCESS_TOKEN", NULL, "INDEX IDX_AT_CKID_AU_TID_UD_TSH_TS",
	  "CONSUMER_KEY_ID,AUTHZ_USER,TENANT_ID,USER_DOMAIN,TOKEN_SCOPE_HASH,TOKEN_STATE" },
	{ "IDN_ASSOCIATED_ID", NULL, "INDEX IDX_AI_DN_UN_AI", "DOMAIN_NAME,USER_NAME,ASSOCIATION_ID:c36" },
	{ "SP_APP", NULL, "UNIQUE APPLICATION_UUID_CONSTRAINT", "UUID:c36" },
	{ "IDP", NULL, "UNIQUE", "UUID:c36" },
	{ "IDN_OAUTH2_SCOPE_BINDING", NULL, "UNIQUE", "SCOPE_ID,SCOPE_BINDING,BINDING_TYPE:v255" },
	{ "UM_UUID_DOMAIN_MAPPER", "UM_DOMAIN", "UNIQUE", "UM_USER_ID:v255" },
	{ "UM_UUID_DOMAIN_MAPPER", "UM_DOMAIN", "INDEX UUID_DM_UID_TID", "UM_USER_ID:v255,UM_TENANT_ID:i" },
	{ "UM_USER", NULL, "UNIQUE", "UM_USER_ID:c36,UM_TENANT_ID" },
};

enum { INNODB_KEY_MAX = 3072, INNODB_COLUMN_MAX_COMPACT = 767 };

/* What information_schema says of one MySQL database. */
struct mysql_facts {
	const char *charset, *row_format;   /* the database's defaults */
	long maxlen;
	struct result tables;   /* TABLE_NAME, ROW_FORMAT, charset, MAXLEN */
	struct result columns;  /* TABLE_NAME, COLUMN_NAME, DATA_TYPE, CHARACTER_OCTET_LENGTH, charset */
	struct result schema;
};

static long find_row(const struct result *res, const char *table, const char *column)
{
	for (size_t k = 0; k < res->nrows; k++)
		if (str_caseeq(result_get(res, k, 0), table) &&
		    (!column || str_caseeq(result_get(res, k, 1), column)))
			return (long)k;
	return -1;
}

/* The bytes of a non-character key column. */
static long fixed_bytes(const char *type)
{
	static const struct { const char *type; long bytes; } sizes[] = {
		{ "tinyint", 1 }, { "smallint", 2 }, { "mediumint", 3 }, { "int", 4 }, { "integer", 4 },
		{ "bigint", 8 }, { "date", 3 }, { "datetime", 8 }, { "timestamp", 4 },
	};

	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++)
		if (str_caseeq(type, sizes[k].type))
			return sizes[k].bytes;
	return 8;
}

static int is_compact(const char *row_format)
{
	return str_caseeq(row_format, "Compact") || str_caseeq(row_format, "Redundant");
}

/* Measures one key on database d (facts f); adds a row when it is too long.
 * Returns its bytes (0: the key does not apply). */
static long key_bytes(const struct client_key *k, const char *dbname, const struct mysql_facts *f,
		      struct check_result *r, int *over)
{
	long t = find_row(&f->tables, k->table, NULL), total = 0;
	const char *row_format = t >= 0 ? cell(&f->tables, (size_t)t, 1, "") : f->row_format;
	const char *charset = t >= 0 ? cell(&f->tables, (size_t)t, 2, "?") : f->charset;
	long maxlen = t >= 0 ? cell_long(&f->tables, (size_t)t, 3) : f->maxlen;
	long col_max = is_compact(row_format) ? INNODB_COLUMN_MAX_COMPACT : INNODB_KEY_MAX;
	struct strbuf names = STRBUF_INIT, big = STRBUF_INIT;
	size_t n = 0;
	char **cols;

	if (t < 0 && (!k->anchor || find_row(&f->tables, k->anchor, NULL) < 0))
		return 0;
	cols = catalog_cols_split(k->cols, &n);
	for (size_t j = 0; j < n; j++) {
		char *decl = strchr(cols[j], ':');
		long c = -1, bytes;
		const char *cs = charset;

		if (decl)
			*decl++ = '\0';
		if (t >= 0)
			c = find_row(&f->columns, k->table, cols[j]);
		if (c >= 0 && result_get(&f->columns, (size_t)c, 3)) {
			bytes = cell_long(&f->columns, (size_t)c, 3);
			cs = cell(&f->columns, (size_t)c, 4, charset);
		} else if (c >= 0) {
			bytes = fixed_bytes(result_get(&f->columns, (size_t)c, 2));
			cs = NULL;
		} else if (decl && (decl[0] == 'v' || decl[0] == 'c')) {
			bytes = strtol(decl + 1, NULL, 10) * maxlen;
		} else {
			bytes = 4;   /* INTEGER */
			cs = NULL;
		}
		strbuf_addf(&names, "%s%s", j ? ", " : "", cols[j]);
		if (bytes > col_max)
			strbuf_addf(&big, "%s%s %ld bytes (%s)", big.len ? ", " : "", cols[j], bytes,
				    cs ? cs : "?");
		total += bytes;
	}
	if (big.len) {
		(*over)++;
		add_row(r, "%s: %s %s (%s): %s, over the %d bytes a key column may take with "
			"ROW_FORMAT=%s", dbname, k->table, k->key, names.buf, big.buf,
			INNODB_COLUMN_MAX_COMPACT, row_format);
	} else if (total > INNODB_KEY_MAX) {
		(*over)++;
		add_row(r, "%s: %s %s (%s): %ld bytes (%s), over the %d bytes an InnoDB key may take",
			dbname, k->table, k->key, names.buf, total, charset, INNODB_KEY_MAX);
	}
	catalog_cols_free(cols, n);
	strbuf_release(&names);
	strbuf_release(&big);
	return total ? total : 1;
}

/* The names of the tables and anchors of client_keys, quoted, for IN (...). */
static char *client_key_tables(void)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t k = 0; k < sizeof(client_keys) / sizeof(client_keys[0]); k++) {
		const char *names[2] = { client_keys[k].table, client_keys[k].anchor };

		for (int j = 0; j < 2; j++) {
			char *q;

			if (!names[j])
				continue;
			q = xasprintf("'%s'", names[j]);
			if (!strstr(strbuf_str(&sb), q))
				strbuf_addf(&sb, "%s%s", sb.len ? ", " : "", q);
			free(q);
		}
	}
	return strbuf_detach(&sb);
}

static int mysql_facts_read(struct conn *c, struct mysql_facts *f, struct check_result *r)
{
	char *in = client_key_tables(), *sql;
	int rc;

	rc = query(c, "SELECT s.DEFAULT_CHARACTER_SET_NAME, cs.MAXLEN, @@innodb_default_row_format "
		   "FROM information_schema.SCHEMATA s JOIN information_schema.CHARACTER_SETS cs ON "
		   "cs.CHARACTER_SET_NAME = s.DEFAULT_CHARACTER_SET_NAME WHERE s.SCHEMA_NAME = DATABASE()",
		   &f->schema, r);
	if (rc)
		goto out;
	f->charset = cell(&f->schema, 0, 0, "?");
	f->maxlen = cell_long(&f->schema, 0, 1);
	f->row_format = cell(&f->schema, 0, 2, "dynamic");
	sql = xasprintf("SELECT t.TABLE_NAME, t.ROW_FORMAT, cl.CHARACTER_SET_NAME, cs.MAXLEN "
			"FROM information_schema.TABLES t JOIN information_schema.COLLATIONS cl ON "
			"cl.COLLATION_NAME = t.TABLE_COLLATION JOIN information_schema.CHARACTER_SETS cs ON "
			"cs.CHARACTER_SET_NAME = cl.CHARACTER_SET_NAME WHERE t.TABLE_SCHEMA = DATABASE() "
			"AND t.TABLE_NAME IN (%s)", in);
	rc = query(c, sql, &f->tables, r);
	free(sql);
	if (rc)
		goto out;
	sql = xasprintf("SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE, CHARACTER_OCTET_LENGTH, "
			"CHARACTER_SET_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
			"AND TABLE_NAME IN (%s)", in);
	rc = query(c, sql, &f->columns, r);
	free(sql);
out:
	free(in);
	return rc;
}

static void run_mysql_key_length(const struct readiness_input *in, struct check_result *r)
{
	int measured = 0, done = 0, over = 0;
	long longest = 0;
	const char *longest_at = NULL;
	size_t keys = 0;

	for (int i = 0; i < DBI_COUNT; i++) {
		const struct db_run *d = &in->dbs[i];
		struct conn *c = in->conns[i];
		struct mysql_facts f;
		int bad;

		if (!c || c->dialect->id != DIALECT_MYSQL || d->identity == PART_NONE)
			continue;
		if (d->identity == PART_NEW) {
			done++;
			continue;
		}
		memset(&f, 0, sizeof(f));
		bad = mysql_facts_read(c, &f, r);
		for (size_t k = 0; !bad && k < sizeof(client_keys) / sizeof(client_keys[0]); k++) {
			long b = key_bytes(&client_keys[k], d->name, &f, r, &over);

			keys += b > 0;
			if (b > longest) {
				longest = b;
				longest_at = client_keys[k].table;
			}
		}
		result_release(&f.schema);
		result_release(&f.tables);
		result_release(&f.columns);
		if (bad)
			return;
		measured++;
	}
	if (!measured && done)
		set_detail(r, CS_SKIP, "the identity component is already at 5.10.0 on every MySQL database");
	else if (!measured)
		set_detail(r, CS_SKIP, "no MySQL database with identity tables configured");
	else if (over)
		set_detail(r, CS_FAIL, "%d of the %zu keys the identity client makes exceed InnoDB's key "
			   "length limits under their tables' character sets and row formats: it stops at "
			   "the first (\"Specified key was too long\", \"Index column size too large\")",
			   over, keys);
	else
		set_detail(r, CS_PASS, "the %zu key%s the identity client makes fit%s InnoDB's limits "
			   "(the longest %ld bytes, on %s)", keys, keys == 1 ? "" : "s", keys == 1 ? "s" : "",
			   longest, longest_at ? longest_at : "-");
}

static const struct check checks[] = {
	{ "database-state", SEV_BLOCKER, "every database is at 3.0.0",
	  "a partial database: its next step (amdelta status says it); a delta in conflict: resolve "
	  "it by hand; an unknown one: check the connection names the right database", run_state },
	{ "postgresql-superuser", SEV_BLOCKER, "the PostgreSQL role is a superuser",
	  "ALTER USER <user> WITH SUPERUSER; for the migration (the guide requires it)", run_superuser },
	{ "ddl-privileges", SEV_BLOCKER, "the user may create and alter tables",
	  "grant the missing privileges, or connect as the owner of the tables", run_privileges },
	{ "registry-versioning", SEV_WARNING, "registry versioning and its clean-up",
	  "when versioning was on: `amdelta apply --registry-xml <3.0.0 registry.xml>` (or "
	  "--registry-cleanup) before the migration (guide, Preparing for Migration)", run_registry },
	{ "cross-tenant-subscriptions", SEV_BLOCKER, "no subscription crosses tenants",
	  "remove the subscriptions, or run the migration client with "
	  "-DignoreCrossTenantSubscriptions=true (amdelta check --ignore-cross-tenant-subscriptions)",
	  run_cross_tenant },
	{ "tenants", SEV_INFO, "tenants to load for the re-index",
	  "add tenantloader-1.0.jar to dropins for the re-index (guide step 2.7.2)", run_tenants },
	{ "reg-log-size", SEV_INFO, "size of REG_LOG for the re-index",
	  "let the re-index script run to its end; do not stop it (guide step 2.7.1)", run_reg_log },
	{ "identity-volume", SEV_WARNING, "volume of the identity tables",
	  "if the identity migration fails with PoolExhaustedException: set [indexing] frequency = 10 "
	  "in deployment.toml for the migration, then revert it (guide step " GUIDE_IDENTITY_STEP ")",
	  run_identity_volume },
	/* the next four stop WSO2's identity client (guide step 2.5) or the
	 * server after it: blockers */
	{ "identity-scope-duplicates", SEV_BLOCKER, "one IDN_OAUTH2_SCOPE row per scope name and tenant",
	  "keep one IDN_OAUTH2_SCOPE row per (NAME, TENANT_ID): point the IDN_OAUTH2_SCOPE_BINDING, "
	  "IDN_OAUTH2_RESOURCE_SCOPE and AM_API_SCOPES rows of the others at the row kept (UPDATE ... SET "
	  "SCOPE_ID), then delete the others, before the identity client (guide step "
	  GUIDE_IDENTITY_STEP ")", run_scope_duplicates },
	{ "oidc-scope-collisions", SEV_BLOCKER, "OIDC scope names are free in IDN_OAUTH2_SCOPE",
	  "before the identity client, give each listed name to one scope of its tenant: rename the "
	  "API's OAuth2 scope (IDN_OAUTH2_SCOPE.NAME, and its use in the API definition) or delete the "
	  "OIDC scope (IDN_OIDC_SCOPE row) that repeats it", run_oidc_scope_collisions },
	{ "postgresql-uuid-ossp", SEV_BLOCKER, "PostgreSQL: the identity client may use uuid-ossp",
	  "as a superuser, in each database listed: CREATE EXTENSION IF NOT EXISTS \"uuid-ossp\"; (or, "
	  "on PostgreSQL 13+: GRANT CREATE ON DATABASE <db> TO <user>;) before the identity client",
	  run_uuid_ossp },
	{ "mysql-identity-key-length", SEV_BLOCKER, "MySQL: the identity client's keys fit InnoDB",
	  "before the identity client: ALTER TABLE <table> ROW_FORMAT=DYNAMIC; for each table listed "
	  "(a table the client creates takes SET GLOBAL innodb_default_row_format = 'dynamic'); a key "
	  "over 3072 bytes needs the table in a character set of fewer bytes a character",
	  run_mysql_key_length },
	{ "null-callback-urls", SEV_INFO, "OAuth applications without a callback URL",
	  "none needed: apply sets them to '' as the guide does", run_callback_urls },
	{ "analytics-database", SEV_WARNING, "APIM_ANALYTICS_DB is configured and reachable",
	  "give --analytics-db (or define the DSN APIM_ANALYTICS_DB) to migrate its key", run_analytics },
};

/* ------------------------------------------------------------ verify */

/* amdelta's part of every database done */
static void verify_state(const struct readiness_input *in, struct check_result *r)
{
	int measured = 0, bad = 0, unread = 0;

	for (int i = 0; i < DBI_COUNT; i++) {
		const struct db_run *d = &in->dbs[i];

		if (d->state == DB_NOT_CONFIGURED)
			continue;
		if (d->state == DB_ERROR) {
			unread++;
			continue;
		}
		measured++;
		if (d->state == DB_UNKNOWN) {
			bad++;
			add_row(r, "%s: not a WSO2 database of 3.0.0 to 3.2.0", d->name);
			continue;
		}
		for (size_t k = 0; k < d->ndeltas; k++) {
			const struct delta_result *x = &d->deltas[k];

			if (x->delta->component != COMP_APIM ||
			    (x->status != DS_MISSING && x->status != DS_CONFLICT) ||
			    (x->delta->conditional))   /* judged by registry-versioning */
				continue;
			if (x->status == DS_CONFLICT || !(x->delta->op == DOP_DATA_FIX && x->count == 0))
				add_row(r, "%s: %s: %s (%s)", d->name, delta_status_name(x->status),
					x->delta->id, x->delta->table);
		}
		bad += d->next == NEXT_APPLY || d->next == NEXT_RESOLVE_CONFLICT;
	}
	if (unread && !bad)
		set_detail(r, CS_ERROR, "not measured: %d database%s could not be read", unread,
			   unread == 1 ? "" : "s");
	else if (!measured)
		set_detail(r, CS_SKIP, "no database configured");
	else if (bad)
		set_detail(r, CS_FAIL, "amdelta's part is not done on %d of %d databases", bad, measured);
	else
		set_detail(r, CS_PASS, "amdelta's part is done on every database read (%d)", measured);
}

/* the identity component at 5.10.0 */
static void verify_identity(const struct readiness_input *in, struct check_result *r)
{
	int measured = 0, bad = 0;

	for (int i = 0; i < DBI_COUNT; i++) {
		const struct db_run *d = &in->dbs[i];

		if (d->identity == PART_NONE)
			continue;
		measured++;
		if (d->identity != PART_NEW) {
			bad++;
			add_row(r, "%s: identity component %s", d->name,
				part_state_name(COMP_IDENTITY, d->identity));
			for (int m = 0; m < MIG_COUNT; m++) {
				struct strbuf line = STRBUF_INIT;

				if (!classify_migrator_left(d, (enum migrator)m))
					continue;
				classify_migrator_line(d, (enum migrator)m, &line);
				add_row(r, "%s: %s", d->name, line.buf);
				strbuf_release(&line);
			}
		}
	}
	if (!measured)
		set_detail(r, CS_SKIP, "no database with identity tables configured");
	else if (bad)
		set_detail(r, CS_FAIL, "identity migration pending on %d database%s", bad,
			   bad == 1 ? "" : "s");
	else
		set_detail(r, CS_PASS, "the identity component is at 5.10.0");
}

/* AM_APPLICATION_KEY_MAPPING: UUID set and unique, KEY_MANAGER set */
static void verify_key_mapping(const struct readiness_input *in, struct check_result *r)
{
	static const struct { const char *what, *sql; } q[] = {
		{ "rows without a UUID",
		  "SELECT COUNT(*) FROM AM_APPLICATION_KEY_MAPPING WHERE UUID IS NULL" },
		{ "UUIDs used more than once",
		  "SELECT COUNT(*) FROM (SELECT UUID FROM AM_APPLICATION_KEY_MAPPING WHERE UUID IS NOT NULL "
		  "GROUP BY UUID HAVING COUNT(*) > 1) d" },
		{ "rows without a key manager",
		  "SELECT COUNT(*) FROM AM_APPLICATION_KEY_MAPPING WHERE KEY_MANAGER IS NULL OR "
		  "KEY_MANAGER = ''" },
	};
	struct conn *c = need(in, DBI_AM, r);
	const struct table *t;
	long bad = 0;

	if (!c)
		return;
	t = in->dbs[DBI_AM].live ? catalog_table(in->dbs[DBI_AM].live, "AM_APPLICATION_KEY_MAPPING") : NULL;
	if (!t || !table_column(t, "UUID") || !table_column(t, "KEY_MANAGER")) {
		set_detail(r, CS_FAIL, "AM_APPLICATION_KEY_MAPPING has no UUID or KEY_MANAGER column");
		return;
	}
	for (size_t k = 0; k < sizeof(q) / sizeof(q[0]); k++) {
		long n = 0;

		if (count(c, q[k].sql, &n, r))
			return;
		if (n)
			add_row(r, "AM_APPLICATION_KEY_MAPPING: %ld %s", n, q[k].what);
		bad += n;
	}
	if (bad)
		set_detail(r, CS_FAIL, "application key mappings are not all migrated");
	else
		set_detail(r, CS_PASS, "every application key mapping has a unique UUID and a key manager");
}

/* a data fix delta counted 0 (its count is in the classified run) */
static long fix_count(const struct db_run *d, const char *id)
{
	for (size_t i = 0; i < d->ndeltas; i++)
		if (!strcmp(d->deltas[i].delta->id, id))
			return d->deltas[i].count;
	return -1;
}

static void verify_callback(const struct readiness_input *in, struct check_result *r)
{
	long n;

	if (!need(in, DBI_AM, r))
		return;
	n = fix_count(&in->dbs[DBI_AM], "idn-oauth-consumer-apps-callback-url-fill");
	if (n < 0)
		set_detail(r, CS_SKIP, "not counted on %s",
			   in->dbs[DBI_AM].dialect ? in->dbs[DBI_AM].dialect->name : "?");
	else
		set_detail(r, n ? CS_FAIL : CS_PASS, "%ld OAuth applications have a NULL callback URL", n);
}

static void verify_registry(const struct readiness_input *in, struct check_result *r)
{
	int on = in->registry_forced ? 1 : in->registry ? registry_versioning_on(in->registry) : -2;
	long n;

	if (!need(in, DBI_SHARED, r))
		return;
	n = fix_count(&in->dbs[DBI_SHARED], "reg-versioning-cleanup");
	if (n < 0)
		set_detail(r, CS_ERROR, "the versioned registry rows could not be counted");
	else if (!n)
		set_detail(r, CS_PASS, "no versioned registry rows are left");
	else if (on > 0)
		set_detail(r, CS_FAIL, "%ld versioned registry rows are left, and versioning was on: run "
			   "the clean-up (amdelta apply --registry-xml FILE)", n);
	else if (on > -2)
		set_detail(r, CS_WARN, "%ld versioned registry rows, though %s says versioning was off", n,
			   in->registry_source ? in->registry_source : "the registry.xml");
	else
		set_detail(r, CS_WARN, "%ld versioned registry rows are left; give --registry-xml to say "
			   "whether versioning was on", n);
}

static void verify_analytics(const struct readiness_input *in, struct check_result *r)
{
	const struct db_run *d = &in->dbs[DBI_ANALYTICS];
	int bad = 0;

	if (!need(in, DBI_ANALYTICS, r))
		return;
	for (size_t i = 0; i < d->ndeltas; i++)
		if (d->deltas[i].status != DS_APPLIED && d->deltas[i].status != DS_NA) {
			bad++;
			add_row(r, "%s: %s", d->deltas[i].delta->id,
				d->deltas[i].detail ? d->deltas[i].detail : "");
		}
	set_detail(r, bad ? CS_FAIL : CS_PASS, "%s", bad ? "the APILASTACCESSSUMMARY key is not "
		   "(APINAME, APICREATOR, APIVERSION, APICREATORTENANTDOMAIN)" :
		   "the APILASTACCESSSUMMARY key includes the API version");
}

/* differences from fresh 3.2.0 that no accepted end state of the migration
 * explains (diff_verify) */
static void verify_drift(const struct readiness_input *in, struct check_result *r)
{
	int measured = 0;
	size_t drift = 0, expected = 0;

	for (int i = 0; i < DBI_COUNT; i++) {
		const struct db_run *d = &in->dbs[i];

		if (!d->split)
			continue;
		measured++;
		expected += d->explained.n;
		drift += d->drift.n;
		for (size_t k = 0; k < d->drift.n; k++) {
			const struct diff_item *it = &d->drift.items[k];

			add_row(r, "%s: %s %s %s%s%s", d->name, it->table, it->kind, it->what,
				it->detail ? ": " : "", it->detail ? it->detail : "");
		}
	}
	if (!measured)
		set_detail(r, CS_ERROR, "not measured: no database could be compared");
	else
		set_detail(r, drift ? CS_FAIL : CS_PASS, "%zu difference%s from fresh 3.2.0 that no "
			   "known way of migrating leaves (drift); %zu that one does", drift,
			   drift == 1 ? "" : "s", expected);
}

static const struct check verify_checks[] = {
	{ "apim-state", SEV_BLOCKER, "amdelta's part of the migration is done",
	  "run `amdelta apply --yes`", verify_state },
	{ "identity", SEV_BLOCKER, "the identity component is at 5.10.0",
	  "run WSO2's identity migration client (guide step " GUIDE_IDENTITY_STEP ")", verify_identity },
	{ "key-mappings", SEV_BLOCKER, "application key mappings have UUIDs and key managers",
	  "run `amdelta apply --yes`", verify_key_mapping },
	{ "callback-urls", SEV_BLOCKER, "no NULL OAuth callback URL",
	  "run `amdelta apply --yes`", verify_callback },
	{ "registry-versioning", SEV_BLOCKER, "no versioned registry rows where versioning was on",
	  "run `amdelta apply --yes --registry-xml <3.0.0 registry.xml>`", verify_registry },
	{ "analytics-key", SEV_BLOCKER, "the analytics last-access key has the API version",
	  "run `amdelta apply --yes --analytics-db ...`", verify_analytics },
	{ "drift", SEV_BLOCKER, "no difference from fresh 3.2.0 beyond the migration's own",
	  "compare with `amdelta diff`; restore what was changed by hand", verify_drift },
};

static int run_table(const struct check *table, size_t n, const struct readiness_input *in,
		     struct run *run)
{
	int blockers = 0;

	for (size_t i = 0; i < n; i++) {
		struct check_result *r = run_add_check(run, table[i].id, table[i].title,
						       table[i].remedy, table[i].severity);
		double t0 = now_ms();

		r->status = CS_PASS;
		table[i].run(in, r);
		r->ms = now_ms() - t0;
		if (!r->detail)
			r->detail = xstrdup("");
		if (r->severity != SEV_BLOCKER && r->status == CS_FAIL)
			r->status = CS_WARN;
		if (r->severity == SEV_BLOCKER && (r->status == CS_FAIL || r->status == CS_ERROR))
			blockers++;
	}
	return blockers;
}

int readiness_verify(const struct readiness_input *in, struct run *run)
{
	return run_table(verify_checks, sizeof(verify_checks) / sizeof(verify_checks[0]), in, run);
}

size_t readiness_count(void)
{
	return sizeof(checks) / sizeof(checks[0]);
}

const char *readiness_id(size_t i)
{
	return i < readiness_count() ? checks[i].id : NULL;
}

int readiness_run(const struct readiness_input *in, struct run *run)
{
	return run_table(checks, readiness_count(), in, run);
}
