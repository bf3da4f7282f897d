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
	for (size_t i = 0; i < d->ndiffs; i++)
		diff_result_release(&d->diffs[i]);
	free(d->diffs);
	free(d->name);
	free(d->target_shown);
	free(d->dialect);
	free(d->dbms_name);
	free(d->dbms_ver);
	free(d->driver);
	free(d->identity_state);
	free(d->error);
	free(d->matches);
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
}
