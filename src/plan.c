/* plan: the missing deltas of one database as ordered SQL steps (see plan.h). */
#include "plan.h"

#include <stdlib.h>
#include <string.h>

#include "banned.h"

void plan_release(struct plan *p)
{
	for (size_t i = 0; i < p->nsteps; i++)
		stmt_list_release(&p->steps[i].sql);
	free(p->steps);
	free(p->skipped);
	free(p->refused);
	memset(p, 0, sizeof(*p));
}

size_t plan_statements(const struct plan *p)
{
	size_t n = 0;

	for (size_t i = 0; i < p->nsteps; i++)
		n += p->steps[i].sql.n;
	return n;
}

/* Sets p->refused to the conflicts of results; returns how many. */
static size_t refuse_conflicts(struct plan *p, enum db_index db, const struct delta_result *results,
			       size_t n)
{
	struct strbuf why = STRBUF_INIT;
	size_t conflicts = 0;

	for (size_t i = 0; i < n; i++) {
		const struct delta_result *r = &results[i];

		if (r->status != DS_CONFLICT)
			continue;
		strbuf_addf(&why, "%s%s (%s): %s", conflicts ? "; " : "", r->delta->id,
			    r->delta->table, r->detail ? r->detail : "in conflict");
		conflicts++;
	}
	if (conflicts)
		p->refused = xasprintf("%s: %zu delta%s in conflict, which no step can reach safely: %s",
				       db_name(db), conflicts, conflicts == 1 ? "" : "s", strbuf_str(&why));
	strbuf_release(&why);
	return conflicts;
}

/* 1 when a step of p adds the column of data fix d and fills it as it
 * does (render_fills_on_add): d has nothing left to do after it. */
static int filled_by_step(const struct plan *p, const struct delta *d, const struct dialect *dia,
			  const struct render_opts *opts)
{
	for (size_t i = 0; i < p->nsteps; i++) {
		const struct delta *s = p->steps[i].delta;

		if (str_caseeq(s->table, d->table) && s->column && d->column &&
		    str_caseeq(s->column, d->column) && render_fills_on_add(s, dia, opts))
			return 1;
	}
	return 0;
}

int plan_build(struct plan *p, enum db_index db, int recognised,
	       const struct delta_result *results, size_t n, const struct dialect *dia,
	       const struct catalog *live, const struct catalog *expected,
	       const struct render_opts *opts, struct strbuf *err)
{
	struct catalog *work = NULL;
	int rc = 1;

	p->built = 1;
	p->dialect = dia;
	if (!recognised) {
		p->refused = xasprintf("%s: not a WSO2 API Manager %s of version 3.0.0 to 3.2.0 "
				       "(its marker tables are missing)", db_name(db), db_name(db));
		goto out;
	}
	if (refuse_conflicts(p, db, results, n))
		goto out;
	work = catalog_dup(live);
	rc = -1;
	for (size_t i = 0; i < n; i++) {
		const struct delta_result *r = &results[i];
		const struct delta *d = r->delta;
		const char *skip = render_skip_reason(d, opts);
		struct plan_step *s;

		if (r->status != DS_MISSING)
			continue;
		if (!skip && d->op == DOP_DATA_FIX && filled_by_step(p, d, dia, opts))
			skip = "filled as its column is added, by the step that adds it";
		/* an index a CREATE TABLE of this plan makes with its table
		 * (UM_UUID_DOMAIN_MAPPER's) */
		if (!skip && d->op == DOP_ADD_INDEX && p->nsteps &&
		    delta_evaluate(d, work, expected, -1, NULL) == DS_APPLIED)
			skip = "made by an earlier step, with its table";
		if (skip) {
			ALLOC_GROW(p->skipped, p->nskipped + 1, p->skipped_alloc);
			p->skipped[p->nskipped].delta = d;
			p->skipped[p->nskipped++].reason = skip;
			continue;
		}
		ALLOC_GROW(p->steps, p->nsteps + 1, p->steps_alloc);
		s = &p->steps[p->nsteps];
		memset(s, 0, sizeof(*s));
		s->delta = d;
		if (render_delta(d, dia, work, expected, opts, &s->sql, err))
			goto out;
		p->nsteps++;
		delta_apply_symbolic(d, work, expected);
	}
	rc = 0;
out:
	catalog_free(work);
	return rc;
}
