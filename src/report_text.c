/* report_text: the human-readable report (see report.h). */
#include "report.h"

#include <string.h>

#include "diff.h"
#include "readiness.h"
#include "banned.h"

static int is_identity(const struct delta_result *r)
{
	return strcmp(r->delta->component, "apim") != 0;
}

/* Counts the statuses of the deltas of one component (identity or not). */
static void count_statuses(const struct db_run *d, int identity, size_t counts[DS_STATUS_COUNT])
{
	memset(counts, 0, sizeof(size_t) * DS_STATUS_COUNT);
	for (size_t i = 0; i < d->ndeltas; i++)
		if (is_identity(&d->deltas[i]) == identity)
			counts[d->deltas[i].status]++;
}

/* Lists the deltas of one component that are not applied. */
static void write_deltas(FILE *f, const struct db_run *d, int identity)
{
	for (size_t i = 0; i < d->ndeltas; i++) {
		const struct delta_result *r = &d->deltas[i];
		if (r->status == DS_APPLIED || r->status == DS_NA || is_identity(r) != identity)
			continue;
		fprintf(f, "  %-9s %-44s %-32s %s\n", delta_status_name(r->status),
			r->delta->id, r->delta->table, r->detail ? r->detail : "");
	}
}

/* The identity component: one line while none of its changes is made (the
 * identity migration client has not run), the list once it is partial. */
static void write_identity(FILE *f, const struct db_run *d)
{
	size_t counts[DS_STATUS_COUNT];
	size_t total;

	if (!d->identity_state)
		return;
	count_statuses(d, 1, counts);
	total = counts[DS_APPLIED] + counts[DS_MISSING] + counts[DS_CONFLICT];
	fprintf(f, "  identity component: %s", d->identity_state);
	if (!strcmp(d->identity_state, "5.10.0")) {
		fputc('\n', f);
		return;
	}
	fprintf(f, " (identity migration pending: %zu of %zu changes made by WSO2's identity migration client)\n",
		counts[DS_APPLIED], total);
	if (counts[DS_APPLIED] || counts[DS_CONFLICT])
		write_deltas(f, d, 1);
}

/* A result shown as a count: how many differences each route explains,
 * in the order the routes first appear. */
static void write_routes(FILE *f, const struct diff_result *dr)
{
	struct strbuf words = STRBUF_INIT;

	for (size_t i = 0; i < dr->n; i++) {
		const char *r = dr->items[i].route;
		size_t n = 0;
		int seen = 0;

		if (!r)
			continue;
		for (size_t j = 0; j < i && !seen; j++)
			seen = dr->items[j].route && !strcmp(dr->items[j].route, r);
		if (seen)
			continue;
		for (size_t j = i; j < dr->n; j++)
			n += dr->items[j].route && !strcmp(dr->items[j].route, r);
		strbuf_reset(&words);
		diff_route_words(r, &words);
		fprintf(f, "    %zu as left by %s (%s)\n", n, strbuf_str(&words), r);
	}
	strbuf_release(&words);
}

static void write_diffs(FILE *f, const struct db_run *d)
{
	if (d->ndiffs)
		fprintf(f, "  matches: %s\n", d->matches ? d->matches : "neither");
	for (size_t i = 0; i < d->ndiffs; i++) {
		const struct diff_result *dr = &d->diffs[i];
		fprintf(f, "  against %s: %zu difference%s\n", dr->against, dr->n,
			dr->n == 1 ? "" : "s");
		if (dr->count_only)
			write_routes(f, dr);
		for (size_t j = 0; j < dr->n && !dr->count_only; j++) {
			const struct diff_item *it = &dr->items[j];
			fprintf(f, "    %-32s %-12s %-8s %s\n", it->table, it->kind, it->what,
				it->detail ? it->detail : "");
		}
	}
}

/* SGR colours, only where run->color says the text goes to a terminal. */
static const char *paint(const struct run *run, int bad, int good)
{
	if (!run->color)
		return "";
	return bad ? "\033[31m" : good ? "\033[32m" : "\033[33m";
}

static const char *unpaint(const struct run *run)
{
	return run->color ? "\033[0m" : "";
}

/* The readiness checks: a line each, then their rows and the remedy of
 * those that did not pass. */
static void write_checks(FILE *f, const struct run *run)
{
	size_t failed = 0;

	if (!run->nchecks)
		return;
	fputs("\nchecks:\n", f);
	for (size_t i = 0; i < run->nchecks; i++) {
		const struct check_result *c = &run->checks[i];
		int bad = c->status == CS_FAIL || c->status == CS_ERROR || c->status == CS_WARN;

		fprintf(f, "  %s%-5s%s %-8s %-27s %s\n",
			paint(run, c->status == CS_FAIL || c->status == CS_ERROR, c->status == CS_PASS),
			check_status_name((enum check_status)c->status), unpaint(run),
			check_severity_name((enum check_severity)c->severity), c->id, c->detail);
		for (size_t j = 0; j < c->nrows; j++)
			fprintf(f, "        %s\n", c->rows[j]);
		if (bad)
			fprintf(f, "        remedy: %s\n", c->remedy);
		failed += c->severity == SEV_BLOCKER && (c->status == CS_FAIL || c->status == CS_ERROR);
	}
	fprintf(f, "%zu blocker%s failed\n", failed, failed == 1 ? "" : "s");
}

void report_text_write(FILE *f, const struct run *run)
{
	for (size_t i = 0; i < run->ndbs; i++) {
		const struct db_run *d = &run->dbs[i];
		size_t counts[DS_STATUS_COUNT];

		fprintf(f, "%-18s %-11s %s%s%s", d->name, d->dialect ? d->dialect : "-",
			d->state == DB_NOT_CONFIGURED ? "" :
			paint(run, d->state == DB_ERROR || d->state == DB_UNKNOWN, d->state == DB_V320),
			db_state_name(d->state), d->state == DB_NOT_CONFIGURED ? "" : unpaint(run));
		if (d->state == DB_NOT_CONFIGURED) {
			fprintf(f, "  (no connection given and no DSN %s defined)\n", d->name);
			continue;
		}
		if (d->state == DB_ERROR) {
			fprintf(f, "\n  %s\n", d->error ? d->error : "");
			continue;
		}
		count_statuses(d, 0, counts);
		fprintf(f, "  (%s %s; %zu of %zu deltas applied, %zu missing, %zu conflict)\n",
			d->dbms_name ? d->dbms_name : "", d->dbms_ver ? d->dbms_ver : "",
			counts[DS_APPLIED], counts[DS_APPLIED] + counts[DS_MISSING] + counts[DS_CONFLICT],
			counts[DS_MISSING], counts[DS_CONFLICT]);
		if (d->state == DB_UNKNOWN)
			fprintf(f, "  not a WSO2 API Manager %s of version 3.0.0 to 3.2.0 (marker tables missing)\n",
				d->name);
		/* diff is about the catalog: the deltas are status's listing;
		 * check and verify say what matters in their checks */
		if (!d->ndiffs && !run->nchecks) {
			write_deltas(f, d, 0);
			write_identity(f, d);
		}
		write_diffs(f, d);
	}
	write_checks(f, run);
}
