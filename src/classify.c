/* classify: every delta against one live catalog, and the database's state
 * (see classify.h). */
#include "classify.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "banned.h"

/* Tables without which a database is not the one it claims to be. */
static const char *const markers[DBI_COUNT][4] = {
	[DBI_AM] = { "AM_API", "AM_APPLICATION", "AM_SUBSCRIBER", NULL },
	[DBI_SHARED] = { "REG_RESOURCE", "UM_USER", NULL },
	[DBI_ANALYTICS] = { "APILASTACCESSSUMMARY", NULL },
};

int classify_recognised(enum db_index db, const struct catalog *live)
{
	if ((unsigned)db >= DBI_COUNT)
		return 0;
	for (size_t j = 0; markers[db][j]; j++)
		if (!catalog_table(live, markers[db][j]))
			return 0;
	return 1;
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
	size_t cond_missing;   /* conditional data fixes with rows left */
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
		if (d->conditional && r->status == DS_MISSING && r->count != 0)
			t->cond_missing++;
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

/* The part of one component from its tally.  Data fixes count only for
 * the whole: before their structure exists they are missing by
 * construction, and a 3.0.0 database may hold NULL callback URLs.  A
 * component with no structural delta is judged by its conditional fix
 * alone (SHARED_DB's registry clean-up): rows left, or none of it. */
static enum part_state part_of(const struct tally *t)
{
	if (!t->structural)
		return t->conflict ? PART_PARTIAL : t->cond_missing ? PART_OLD : PART_NONE;
	if (t->conflict)
		return PART_PARTIAL;
	if (t->missing == t->structural)
		return PART_OLD;
	if (t->applied == t->structural)
		return t->fixes_missing ? PART_PARTIAL : PART_NEW;
	if (t->rel310 && t->rel310_applied == t->rel310 &&
	    t->other_missing == t->structural - t->rel310)
		return PART_V310;
	return PART_PARTIAL;
}

/* The whole database from the parts of both tools.  3.1.0 is the apim
 * changes of 3.1.0 with the identity component at 5.10.0 (API-M 3.1.0
 * ships identity 5.10.0).  The conditional registry clean-up never changes
 * the state. */
static enum db_state state_of(const struct tally *apim, enum part_state identity)
{
	enum part_state a = apim->structural ? part_of(apim) : apim->conflict ? PART_PARTIAL : PART_NONE;

	if (a == PART_NONE && identity == PART_NONE)
		return DB_UNKNOWN;
	if (a == PART_NONE)
		a = identity;
	if (identity == PART_NONE)
		identity = a == PART_V310 ? PART_NEW : a;
	if (a == PART_OLD && identity == PART_OLD)
		return DB_V300;
	if (a == PART_NEW && identity == PART_NEW)
		return DB_V320;
	if (a == PART_V310 && identity == PART_NEW)
		return DB_V310;
	return DB_PARTIAL;
}

/* Each migrator of the identity client on dbr, from the deltas that name it
 * (dbr->deltas filled). */
static void judge_migrators(struct db_run *dbr)
{
	size_t conflict[MIG_COUNT] = { 0 };

	memset(dbr->migrators, 0, sizeof(dbr->migrators));
	for (size_t i = 0; i < dbr->ndeltas; i++) {
		const struct delta_result *r = &dbr->deltas[i];
		struct migrator_result *m;

		if (r->delta->component != COMP_IDENTITY || r->delta->migrator < 0 ||
		    r->delta->migrator >= MIG_COUNT || r->status == DS_NA)
			continue;
		m = &dbr->migrators[r->delta->migrator];
		m->total++;
		m->made += r->status == DS_APPLIED;
		conflict[r->delta->migrator] += r->status == DS_CONFLICT;
	}
	for (int k = 0; k < MIG_COUNT; k++) {
		const struct migrator_info *info = migrator_get((enum migrator)k);
		struct migrator_result *m = &dbr->migrators[k];

		if (!info->apim_needs)
			m->state = MS_REMOVED;
		else if (!info->sql || info->db < 0)
			m->state = MS_NOT_JUDGED;
		else if (info->db != (int)dbr->id || !m->total)
			m->state = MS_NA;
		else if (m->made == m->total)
			m->state = MS_DONE;
		else if (!m->made && !conflict[k])
			m->state = MS_NOT_RUN;
		else
			m->state = MS_PARTIAL;
	}
}

void classify_database(struct db_run *dbr, const struct delta_set *set,
		       enum dialect_id dialect, const struct catalog *live,
		       const struct catalog *expected, const long *counts)
{
	struct tally tally[COMP_COUNT];
	struct strbuf detail = STRBUF_INIT;
	const struct dialect *dia = dialect_get(dialect);

	memset(tally, 0, sizeof(tally));
	for (size_t i = 0; i < set->n; i++) {
		const struct delta *d = &set->items[i];
		struct delta_result *r;

		if (d->db != dbr->id)
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
		tally_add(&tally[d->component], r);
	}
	judge_migrators(dbr);
	dbr->apim = part_of(&tally[COMP_APIM]);
	dbr->identity = tally[COMP_IDENTITY].structural ? part_of(&tally[COMP_IDENTITY]) : PART_NONE;
	if (dbr->identity == PART_V310)   /* identity has no 3.1.0 release of its own */
		dbr->identity = PART_PARTIAL;
	dbr->state = state_of(&tally[COMP_APIM], dbr->identity);
	strbuf_release(&detail);
}

int classify_count(struct conn *c, const struct delta_set *set, enum db_index db,
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

int classify_recount(struct conn *c, const struct delta_set *set, enum db_index db,
		     const struct catalog *live, long *counts, const struct delta *touched,
		     char *const *probes, struct strbuf *err)
{
	struct strbuf why = STRBUF_INIT;
	int rc = -1;

	for (size_t i = 0; i < set->n; i++) {
		const struct delta *d = &set->items[i];
		const char *sql;

		if (d->db != db)
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
				    d->id, d->table, db_name(db), strbuf_str(&why));
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

int classify_migrator_left(const struct db_run *d, enum migrator m)
{
	return (unsigned)m < MIG_COUNT &&
	       (d->migrators[m].state == MS_NOT_RUN || d->migrators[m].state == MS_PARTIAL);
}

void classify_migrator_line(const struct db_run *d, enum migrator m, struct strbuf *sb)
{
	const struct migrator_info *info = migrator_get(m);
	const struct migrator_result *r = &d->migrators[m];
	size_t named = 0, left = 0;

	strbuf_addf(sb, "%s: %s", info->name, migrator_state_name(r->state));
	if (r->state != MS_PARTIAL && r->state != MS_NOT_RUN && r->state != MS_DONE)
		return;
	strbuf_addf(sb, ", %zu of %zu changes", r->made, r->total);
	for (size_t i = 0; i < d->ndeltas; i++) {
		const struct delta_result *x = &d->deltas[i];

		if (x->delta->component != COMP_IDENTITY || x->delta->migrator != (int)m ||
		    x->status == DS_APPLIED || x->status == DS_NA)
			continue;
		left++;
		if (r->state != MS_PARTIAL || named >= 5)
			continue;
		strbuf_addf(sb, "%s%s%s", named ? ", " : " (missing: ", x->delta->id,
			    x->status == DS_CONFLICT ? " in conflict" : "");
		named++;
	}
	if (named)
		strbuf_addf(sb, "%s)", left > named ? ", ..." : "");
	if (left)
		strbuf_addf(sb, "; without it: %s", info->breaks);
}
