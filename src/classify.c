/* classify: every delta against one live catalog, and the database's state
 * (see classify.h). */
#include "classify.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "banned.h"

/* Tables without which a database is not the one it claims to be. */
static const struct {
	const char *db;
	const char *tables[4];
} markers[] = {
	{ "WSO2AM_DB", { "AM_API", "AM_APPLICATION", "AM_SUBSCRIBER", NULL } },
	{ "SHARED_DB", { "REG_RESOURCE", "UM_USER", NULL } },
	{ "APIM_ANALYTICS_DB", { "APILASTACCESSSUMMARY", NULL } },
};

int classify_recognised(const char *db, const struct catalog *live)
{
	for (size_t i = 0; i < sizeof(markers) / sizeof(markers[0]); i++) {
		if (!str_caseeq(markers[i].db, db))
			continue;
		for (size_t j = 0; markers[i].tables[j]; j++)
			if (!catalog_table(live, markers[i].tables[j]))
				return 0;
		return 1;
	}
	return 0;
}

/* Tally of the evaluated deltas of one component. */
struct tally {
	size_t structural;     /* structural deltas that apply (status not n/a) */
	size_t applied;        /* ... of which applied */
	size_t missing;        /* ... of which missing */
	size_t conflict;       /* conflicts, data fixes included */
	size_t rel310;         /* structural deltas of release 3.1.0 */
	size_t rel310_applied;
	size_t other_missing;  /* structural deltas of other releases still missing */
	size_t fixes_missing;  /* unconditional data fixes still to run */
};

static void tally_add(struct tally *t, const struct delta_result *r)
{
	const struct delta *d = r->delta;

	if (r->status == DS_NA)
		return;
	if (r->status == DS_CONFLICT)
		t->conflict++;
	if (d->op == DOP_DATA_FIX) {
		/* A conditional fix (registry clean-up) is reported, never judged. */
		if (!d->conditional && r->status == DS_MISSING)
			t->fixes_missing++;
		return;
	}
	t->structural++;
	if (r->status == DS_APPLIED)
		t->applied++;
	else if (r->status == DS_MISSING)
		t->missing++;
	if (d->release && !strcmp(d->release, "3.1.0")) {
		t->rel310++;
		t->rel310_applied += r->status == DS_APPLIED;
	} else {
		t->other_missing += r->status == DS_MISSING;
	}
}

/* The state of a database from the tally of the component that judges it.
 * Data fixes count only for 3.2.0: before their structure exists they are
 * missing by construction, and a 3.0.0 database may hold NULL callback URLs. */
static enum db_state state_of(const struct tally *t)
{
	if (!t->structural)
		return DB_UNKNOWN;
	if (t->conflict)
		return DB_PARTIAL;
	if (t->missing == t->structural)
		return DB_V300;
	if (t->applied == t->structural)
		return t->fixes_missing ? DB_PARTIAL : DB_V320;
	if (t->rel310 && t->rel310_applied == t->rel310 &&
	    t->other_missing == t->structural - t->rel310)
		return DB_V310;
	return DB_PARTIAL;
}

static const char *identity_state_of(const struct tally *t)
{
	if (!t->structural)
		return NULL;
	if (t->conflict)
		return "partial";
	if (t->missing == t->structural)
		return "5.9.0";
	if (t->applied == t->structural)
		return "5.10.0";
	return "partial";
}

void classify_database(struct db_run *dbr, const struct delta_set *set,
		       enum dialect_id dialect, const struct catalog *live,
		       const struct catalog *expected, const long *counts)
{
	struct tally apim, identity;
	struct strbuf detail = STRBUF_INIT;
	const struct dialect *dia = dialect_get(dialect);
	const char *ident;

	memset(&apim, 0, sizeof(apim));
	memset(&identity, 0, sizeof(identity));
	for (size_t i = 0; i < set->n; i++) {
		const struct delta *d = &set->items[i];
		struct delta_result *r;

		if (!str_caseeq(d->db, dbr->name))
			continue;
		ALLOC_GROW(dbr->deltas, dbr->ndeltas + 1, dbr->deltas_alloc);
		r = &dbr->deltas[dbr->ndeltas++];
		memset(r, 0, sizeof(*r));
		r->delta = d;
		r->count = d->op == DOP_DATA_FIX && counts ? counts[i] : -1;
		if (delta_applies(d, dialect)) {
			r->status = delta_evaluate(d, live, expected, r->count, &detail);
		} else {
			strbuf_reset(&detail);
			strbuf_addf(&detail, "not part of the %s schema", dia ? dia->name : "dialect's");
			r->status = DS_NA;
		}
		r->detail = detail.len ? xstrdup(detail.buf) : NULL;
		tally_add(str_caseeq(d->component, "identity") ? &identity : &apim, r);
	}
	/* SHARED_DB's apim component is only the conditional registry clean-up:
	 * the identity (user store) deltas judge it. */
	dbr->state = state_of(apim.structural ? &apim : &identity);
	ident = identity_state_of(&identity);
	free(dbr->identity_state);
	dbr->identity_state = xstrdup(ident);
	strbuf_release(&detail);
}

int classify_count(struct conn *c, const struct delta_set *set, const char *db,
		   const struct catalog *live, long *counts, struct strbuf *err)
{
	for (size_t i = 0; i < set->n; i++)
		counts[i] = -1;
	return classify_recount(c, set, db, live, counts, NULL, NULL, err);
}

/* 1 when running touched may change the count of data fix d: d itself,
 * or a change of d's column (adding it makes every row count). */
static int changes_count(const struct delta *touched, const struct delta *d)
{
	if (!touched || touched == d)
		return 1;
	return str_caseeq(touched->table, d->table) && touched->column && d->column &&
	       str_caseeq(touched->column, d->column);
}

int classify_recount(struct conn *c, const struct delta_set *set, const char *db,
		     const struct catalog *live, long *counts, const struct delta *touched,
		     char *const *probes, struct strbuf *err)
{
	struct strbuf why = STRBUF_INIT;
	int rc = -1;

	for (size_t i = 0; i < set->n; i++) {
		const struct delta *d = &set->items[i];
		const char *sql;

		if (!str_caseeq(d->db, db))
			continue;
		if (!delta_countable(d, live)) {
			counts[i] = -1;
			continue;
		}
		if ((counts[i] >= 0 || counts[i] == DELTA_COUNT_SOME) && !changes_count(touched, d))
			continue;
		if (c->dialect && !delta_applies(d, c->dialect->id))
			continue;
		sql = probes && probes[i] ? probes[i] : d->count_sql;
		if (conn_count(c, sql, &counts[i], &why)) {
			strbuf_addf(err, "cannot count the rows of delta %s (%s) on %s: %s",
				    d->id, d->table, db, strbuf_str(&why));
			counts[i] = -1;
			goto out;
		}
		if (sql != d->count_sql && counts[i] > 0)
			counts[i] = DELTA_COUNT_SOME;
	}
	rc = 0;
out:
	strbuf_release(&why);
	return rc;
}
