/* run: the run model (see run.h). */
#include "run.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "banned.h"

const char *db_state_name(enum db_state st)
{
	static const char *const names[DB_STATE_COUNT] = {
		[DB_NOT_CONFIGURED] = "not-configured",
		[DB_ERROR] = "error",
		[DB_UNKNOWN] = "unknown",
		[DB_V300] = "3.0.0",
		[DB_V310] = "3.1.0",
		[DB_PARTIAL] = "partial",
		[DB_V320] = "3.2.0",
	};
	return (unsigned)st < DB_STATE_COUNT ? names[st] : "?";
}

const char *part_state_name(enum component c, enum part_state st)
{
	static const char *const names[COMP_COUNT][PART_STATE_COUNT] = {
		[COMP_APIM] = { "none", "3.0.0", "3.1.0", "partial", "3.2.0" },
		[COMP_IDENTITY] = { "none", "5.9.0", "partial", "partial", "5.10.0" },
	};
	return (unsigned)c < COMP_COUNT && (unsigned)st < PART_STATE_COUNT ? names[c][st] : "?";
}

const char *next_step_name(enum next_step n)
{
	static const char *const names[NEXT_STEP_COUNT] = {
		[NEXT_NONE] = "",
		[NEXT_APPLY] = "amdelta apply",
		[NEXT_IDENTITY_CLIENT] = "WSO2's identity migration client (guide step "
					 GUIDE_IDENTITY_STEP ")",
		[NEXT_RESOLVE_CONFLICT] = "resolve the conflict",
		[NEXT_FIX_CONNECTION] = "fix the connection",
	};
	return (unsigned)n < NEXT_STEP_COUNT ? names[n] : "?";
}

const char *diff_match_name(enum diff_match m)
{
	static const char *const names[MATCH_COUNT] = {
		"neither", "fresh-3.2.0", "3.0.0+deltas", "fresh-3.2.0 and 3.0.0+deltas",
	};
	return (unsigned)m < MATCH_COUNT ? names[m] : "?";
}

const char *check_severity_name(enum check_severity s)
{
	static const char *const names[SEV_COUNT] = { "blocker", "warning", "info" };
	return (unsigned)s < SEV_COUNT ? names[s] : "?";
}

const char *check_status_name(enum check_status s)
{
	static const char *const names[CS_COUNT] = { "pass", "warn", "fail", "error", "skip" };
	return (unsigned)s < CS_COUNT ? names[s] : "?";
}

const char *verdict_name(enum verdict v)
{
	static const char *const names[VERDICT_COUNT] = { "PASS", "FAIL", "CANNOT TELL", "REFUSED" };
	return (unsigned)v < VERDICT_COUNT ? names[v] : "?";
}

void run_init_dbs(struct run *run)
{
	run->ndbs = DBI_COUNT;
	for (int i = 0; i < DBI_COUNT; i++) {
		run->dbs[i].id = (enum db_index)i;
		run->dbs[i].name = db_name((enum db_index)i);
	}
}

struct check_result *run_add_check(struct run *run, const char *id, const char *title,
				   const char *remedy, enum check_severity severity)
{
	struct check_result *r;

	ALLOC_GROW(run->checks, run->nchecks + 1, run->checks_alloc);
	r = &run->checks[run->nchecks++];
	memset(r, 0, sizeof(*r));
	r->id = id;
	r->title = title;
	r->remedy = remedy;
	r->severity = severity;
	r->db = -1;
	return r;
}

void diff_result_add(struct diff_result *dr, const char *table, const char *kind,
		     const char *what, const char *detail)
{
	struct diff_item *it;

	ALLOC_GROW(dr->items, dr->n + 1, dr->alloc);
	it = &dr->items[dr->n++];
	it->table = xstrdup(table);
	it->kind = xstrdup(kind);
	it->what = xstrdup(what);
	it->detail = xstrdup(detail);
	it->route = NULL;
}

void diff_result_release(struct diff_result *dr)
{
	for (size_t i = 0; i < dr->n; i++) {
		free(dr->items[i].table);
		free(dr->items[i].kind);
		free(dr->items[i].what);
		free(dr->items[i].detail);
		free(dr->items[i].route);
	}
	free(dr->items);
	free(dr->against);
	memset(dr, 0, sizeof(*dr));
}

static void db_run_release(struct db_run *d)
{
	for (size_t i = 0; i < d->ndeltas; i++)
		free(d->deltas[i].detail);
	free(d->deltas);
	diff_result_release(&d->against_fresh);
	diff_result_release(&d->against_migrated);
	diff_result_release(&d->explained);
	diff_result_release(&d->drift);
	free(d->routes);
	free(d->target_shown);
	free(d->dbms_name);
	free(d->dbms_ver);
	free(d->driver);
	free(d->error);
	catalog_free(d->live);
	plan_release(&d->plan);
	for (size_t i = 0; i < d->nexecuted; i++) {
		free(d->executed[i].id);
		free(d->executed[i].sql);
	}
	free(d->executed);
	free(d->apply_error);
	memset(d, 0, sizeof(*d));
}

void run_release(struct run *run)
{
	for (size_t i = 0; i < run->ndbs; i++)
		db_run_release(&run->dbs[i]);
	run->ndbs = 0;
	for (size_t i = 0; i < run->nchecks; i++) {
		free(run->checks[i].detail);
		for (size_t j = 0; j < run->checks[i].nrows; j++)
			free(run->checks[i].rows[j]);
		free(run->checks[i].rows);
	}
	free(run->checks);
	run->checks = NULL;
	run->nchecks = run->checks_alloc = 0;
	free(run->verdict.summary);
	free(run->verdict.next);
	memset(&run->verdict, 0, sizeof(run->verdict));
}
