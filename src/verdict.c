/* verdict: the one judgement of a run (see verdict.h). */
#include "verdict.h"

#include <stdlib.h>
#include <string.h>

#include "banned.h"

int verdict_exit_code(enum verdict v)
{
	static const int codes[VERDICT_COUNT] = {
		[VERDICT_PASS] = 0, [VERDICT_FAIL] = 1, [VERDICT_CANNOT_TELL] = 3, [VERDICT_REFUSED] = 4,
	};
	return (unsigned)v < VERDICT_COUNT ? codes[v] : 4;
}

size_t verdict_apim_left(const struct db_run *d, int registry_cleanup)
{
	size_t n = 0;

	for (size_t i = 0; i < d->ndeltas; i++) {
		const struct delta_result *r = &d->deltas[i];

		if (r->delta->component != COMP_APIM || r->status != DS_MISSING)
			continue;
		if (r->delta->conditional && (!registry_cleanup || r->count == 0))
			continue;
		n++;
	}
	return n;
}

/* The rows of the conditional registry clean-up left on d while it is
 * not part of amdelta's work (registry_cleanup off), or 0. */
static long cleanup_rows_left(const struct db_run *d, int registry_cleanup)
{
	for (size_t i = 0; i < d->ndeltas && !registry_cleanup; i++) {
		const struct delta_result *r = &d->deltas[i];

		if (r->delta->conditional && r->status == DS_MISSING && r->count != 0)
			return r->count;
	}
	return 0;
}

static size_t conflicts(const struct db_run *d)
{
	size_t n = 0;

	for (size_t i = 0; i < d->ndeltas; i++)
		n += d->deltas[i].status == DS_CONFLICT;
	return n;
}

static enum next_step next_of(const struct run *run, const struct db_run *d)
{
	switch (d->state) {
	case DB_NOT_CONFIGURED:
		return NEXT_NONE;
	case DB_ERROR:
	case DB_UNKNOWN:
		return NEXT_FIX_CONNECTION;
	default:
		break;
	}
	if (conflicts(d))
		return NEXT_RESOLVE_CONFLICT;
	if (verdict_apim_left(d, run->registry_cleanup))
		return NEXT_APPLY;
	if (d->identity != PART_NONE && d->identity != PART_NEW)
		return NEXT_IDENTITY_CLIENT;
	return NEXT_NONE;
}

void verdict_databases(struct run *run)
{
	for (size_t i = 0; i < run->ndbs; i++)
		run->dbs[i].next = next_of(run, &run->dbs[i]);
}

/* What following each next step means, as the remedy of an item. */
static const char *const next_remedy[NEXT_STEP_COUNT] = {
	[NEXT_APPLY] = "run `amdelta apply --yes`",
	[NEXT_IDENTITY_CLIENT] = "run WSO2's identity migration client (guide step "
				 GUIDE_IDENTITY_STEP ")",
	[NEXT_RESOLVE_CONFLICT] = "resolve the deltas in conflict by hand (amdelta status names "
				  "them), then run `amdelta apply --yes`",
	[NEXT_FIX_CONNECTION] = "point the connection at the right database",
};

/* The per-database items of status, diff, plan and apply. */
static void add_db_items(struct run *run)
{
	static const char *const titles[DBI_COUNT] = {
		"WSO2AM_DB is at 3.2.0", "SHARED_DB is at 3.2.0", "APIM_ANALYTICS_DB is at 3.2.0",
	};
	static const char *const diff_titles[DBI_COUNT] = {
		"WSO2AM_DB matches an expected catalog", "SHARED_DB matches an expected catalog",
		"APIM_ANALYTICS_DB matches an expected catalog",
	};
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < run->ndbs; i++) {
		const struct db_run *d = &run->dbs[i];
		int diff = run->command == CMD_DIFF;
		struct check_result *c = run_add_check(run, d->name,
						       diff ? diff_titles[d->id] : titles[d->id],
						       NULL, SEV_BLOCKER);
		enum check_status st;

		strbuf_reset(&sb);
		if (d->state == DB_NOT_CONFIGURED) {
			st = CS_SKIP;
			strbuf_addf(&sb, "not configured (no connection given and no DSN %s defined)",
				    d->name);
		} else if (d->state == DB_ERROR) {
			st = CS_ERROR;
			strbuf_addstr(&sb, d->error ? d->error : "could not be read");
		} else if (d->apply_error) {
			st = CS_ERROR;
			strbuf_addf(&sb, "apply stopped: %s", d->apply_error);
		} else if (d->plan.built && d->plan.refused) {
			st = CS_ERROR;
			strbuf_addf(&sb, "plan refused: %s", d->plan.refused);
		} else if (diff) {
			st = d->match == MATCH_NEITHER ? CS_FAIL : CS_PASS;
			strbuf_addf(&sb, "matches %s", diff_match_name(d->match));
		} else {
			st = d->state != DB_V320 ? CS_FAIL :
			     cleanup_rows_left(d, run->registry_cleanup) ? CS_WARN : CS_PASS;
			verdict_db_line(run, d, &sb);
		}
		c->db = (int)d->id;
		c->status = st;
		c->detail = xstrdup(sb.buf);
		c->ms = d->ms;
		if (st == CS_WARN)   /* versioned registry rows, the clean-up not asked for */
			c->remedy = "when registry versioning was on in 3.0.0: run `amdelta apply --yes "
				    "--registry-xml <3.0.0 registry.xml>` (or --registry-cleanup)";
		if (st == CS_FAIL)
			c->remedy = d->state == DB_UNKNOWN ? next_remedy[NEXT_FIX_CONNECTION] :
				    diff && d->next == NEXT_NONE ? "compare with `amdelta diff`; restore what "
				    "was changed by hand" : next_remedy[d->next];
	}
	strbuf_release(&sb);
}

/* Removes the per-database items a previous verdict_compute added. */
static void drop_db_items(struct run *run)
{
	size_t kept = 0;

	for (size_t i = 0; i < run->nchecks; i++) {
		struct check_result *c = &run->checks[i];

		if (c->db < 0) {
			run->checks[kept++] = *c;
			continue;
		}
		free(c->detail);
		for (size_t j = 0; j < c->nrows; j++)
			free(c->rows[j]);
		free(c->rows);
	}
	run->nchecks = kept;
}

/* The most urgent next step of the databases, and which ones it is for. */
static void run_next(const struct run *run, struct strbuf *sb)
{
	static const enum next_step order[] = {
		NEXT_FIX_CONNECTION, NEXT_RESOLVE_CONFLICT, NEXT_APPLY, NEXT_IDENTITY_CLIENT,
	};

	for (size_t k = 0; k < sizeof(order) / sizeof(order[0]); k++) {
		int any = 0;

		for (size_t i = 0; i < run->ndbs; i++) {
			if (run->dbs[i].next != order[k])
				continue;
			strbuf_addf(sb, "%s%s", any ? ", " : "", run->dbs[i].name);
			any = 1;
		}
		if (any) {
			/* "WSO2AM_DB, SHARED_DB" -> "amdelta apply (WSO2AM_DB, SHARED_DB)" */
			char *dbs = strbuf_detach(sb);

			strbuf_addf(sb, "%s (%s)", next_step_name(order[k]), dbs);
			free(dbs);
			return;
		}
	}
}

void verdict_compute(struct run *run)
{
	struct run_verdict *v = &run->verdict;
	struct strbuf sb = STRBUF_INIT;
	int refused = 0, table = run->command == CMD_CHECK || run->command == CMD_VERIFY;
	size_t n = 0;

	free(v->summary);
	free(v->next);
	memset(v, 0, sizeof(*v));
	verdict_databases(run);
	drop_db_items(run);
	for (size_t i = 0; i < run->ndbs; i++) {
		struct db_run *d = &run->dbs[i];

		v->configured += d->state != DB_NOT_CONFIGURED;
		v->unreachable += d->state == DB_ERROR;
		refused |= d->apply_error != NULL || (d->plan.built && d->plan.refused != NULL);
	}
	if (!table)
		add_db_items(run);
	for (size_t i = 0; i < run->nchecks; i++) {
		const struct check_result *c = &run->checks[i];

		v->by_status[c->status]++;
		v->blockers_failed += c->status == CS_FAIL && c->severity == SEV_BLOCKER;
		n++;
	}
	if (refused)
		v->verdict = VERDICT_REFUSED;
	else if (v->unreachable || v->by_status[CS_ERROR])
		v->verdict = VERDICT_CANNOT_TELL;
	else if (v->blockers_failed)
		v->verdict = VERDICT_FAIL;
	else
		v->verdict = VERDICT_PASS;
	v->exit_code = verdict_exit_code(v->verdict);

	strbuf_addf(&sb, "%s: %zu %s%s: %zu passed, %zu failed, %zu warned, %zu could not run, "
		    "%zu skipped", verdict_name(v->verdict), n, table ? "check" : "database item",
		    n == 1 ? "" : "s", v->by_status[CS_PASS], v->by_status[CS_FAIL],
		    v->by_status[CS_WARN], v->by_status[CS_ERROR], v->by_status[CS_SKIP]);
	if (v->unreachable)
		strbuf_addf(&sb, "; %zu of %zu databases could not be read", v->unreachable,
			    v->configured);
	v->summary = strbuf_detach(&sb);
	run_next(run, &sb);
	if (!sb.len && v->verdict == VERDICT_FAIL)
		strbuf_addstr(&sb, "the remedy of each failed check");
	v->next = sb.len ? strbuf_detach(&sb) : NULL;
	strbuf_release(&sb);
}

void verdict_db_line(const struct run *run, const struct db_run *d, struct strbuf *sb)
{
	size_t left = verdict_apim_left(d, run->registry_cleanup);
	long rows;

	strbuf_addstr(sb, db_state_name(d->state));
	if (d->state == DB_NOT_CONFIGURED || d->state == DB_ERROR)
		return;
	if (d->state == DB_UNKNOWN) {
		strbuf_addf(sb, "  not a WSO2 API Manager %s of 3.0.0 to 3.2.0 (marker tables missing)",
			    d->name);
	} else if (d->apim == PART_NONE) {
		strbuf_addstr(sb, "  amdelta: none");
	} else if (!left) {
		strbuf_addf(sb, "  amdelta: %s, nothing to do", part_state_name(COMP_APIM, d->apim));
	} else {
		strbuf_addf(sb, "  amdelta: %s, %zu to apply", part_state_name(COMP_APIM, d->apim), left);
	}
	if (d->identity != PART_NONE)
		strbuf_addf(sb, " · identity %s", part_state_name(COMP_IDENTITY, d->identity));
	if (d->next != NEXT_NONE)
		strbuf_addf(sb, " · next: %s", next_step_name(d->next));
	rows = cleanup_rows_left(d, run->registry_cleanup);
	if (rows == DELTA_COUNT_SOME)
		strbuf_addstr(sb, " · versioned registry rows left");
	else if (rows > 0)
		strbuf_addf(sb, " · %ld versioned registry rows left", rows);
	if (rows)
		strbuf_addf(sb, ", clean-up not run: %s",
			    run->registry_why ? run->registry_why : "not asked for");
}

int verdict_shows_remedy(const struct check_result *c)
{
	return c->remedy && (c->status == CS_FAIL || c->status == CS_WARN);
}
