/* report_text: the human-readable report (see report.h). */
#include "report.h"

#include <string.h>

#include "classify.h"
#include "diff.h"
#include "verdict.h"
#include "banned.h"

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

/* The deltas that are not applied; the identity client's missing changes
 * as one line (they are one finding: WSO2's client makes them all). */
static void write_deltas(FILE *f, const struct db_run *d)
{
	size_t identity = 0, total = 0;

	for (size_t i = 0; i < d->ndeltas; i++) {
		const struct delta_result *r = &d->deltas[i];

		if (r->delta->component == COMP_IDENTITY && r->status != DS_NA)
			total++;
		if (r->status == DS_APPLIED || r->status == DS_NA)
			continue;
		if (r->delta->component == COMP_IDENTITY && r->status == DS_MISSING) {
			identity++;
			continue;
		}
		fprintf(f, "  %-9s %-44s %-32s %s\n", delta_status_name(r->status),
			r->delta->id, r->delta->table, r->detail ? r->detail : "");
	}
	if (identity) {
		struct strbuf line = STRBUF_INIT;

		fprintf(f, "  identity  %zu of %zu changes of WSO2's identity migration client (guide step "
			GUIDE_IDENTITY_STEP ") not made:\n", identity, total);
		for (int m = 0; m < MIG_COUNT; m++) {
			if (!classify_migrator_left(d, (enum migrator)m))
				continue;
			strbuf_reset(&line);
			classify_migrator_line(d, (enum migrator)m, &line);
			fprintf(f, "            %s\n", line.buf);
		}
		strbuf_release(&line);
	}
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

static void write_diff(FILE *f, const struct diff_result *dr, int items)
{
	fprintf(f, "  against %s: %zu difference%s\n", dr->against, dr->n, dr->n == 1 ? "" : "s");
	if (!items)
		write_routes(f, dr);
	for (size_t j = 0; j < dr->n && items; j++) {
		const struct diff_item *it = &dr->items[j];
		fprintf(f, "    %-32s %-12s %-8s %s\n", it->table, it->kind, it->what,
			it->detail ? it->detail : "");
	}
}

static void write_database(FILE *f, const struct run *run, const struct db_run *d)
{
	struct strbuf line = STRBUF_INIT;
	const char *state = db_state_name(d->state);

	verdict_db_line(run, d, &line);
	fprintf(f, "%-18s %-11s %s%s%s%s", d->name, d->dialect ? d->dialect->name : "-",
		d->state == DB_NOT_CONFIGURED ? "" :
		paint(run, d->state == DB_ERROR || d->state == DB_UNKNOWN, d->state == DB_V320),
		state, d->state == DB_NOT_CONFIGURED ? "" : unpaint(run), line.buf + strlen(state));
	strbuf_release(&line);
	if (d->state == DB_NOT_CONFIGURED) {
		fprintf(f, "  (no connection given and no DSN %s defined)\n", d->name);
		return;
	}
	if (d->state == DB_ERROR) {
		/* the error itself is printed once, as an error message on stderr
		 * when it happened; the reports that are files keep it */
		fputs("\n  could not be read: see the error message above (stderr)\n", f);
		return;
	}
	fputc('\n', f);
	if (d->dbms_name)
		fprintf(f, "  server: %s %s\n", d->dbms_name, d->dbms_ver ? d->dbms_ver : "");
	/* diff is about the catalog: the deltas are status's listing; check
	 * and verify say what matters in their checks */
	if (!d->diffed && run->command != CMD_CHECK && run->command != CMD_VERIFY)
		write_deltas(f, d);
	if (d->diffed) {
		fprintf(f, "  matches: %s\n", diff_match_name(d->match));
		write_diff(f, &d->against_fresh, 1);
		write_diff(f, &d->against_migrated, 1);
	}
	if (d->split) {
		fprintf(f, "  matches: %s\n", d->routes ? d->routes : "neither");
		write_diff(f, &d->explained, 0);
		write_diff(f, &d->drift, 1);
	}
}

/* The checks of check and verify: a line each, then their rows and, where
 * following it helps, the remedy. */
static void write_checks(FILE *f, const struct run *run)
{
	int any = 0;

	for (size_t i = 0; i < run->nchecks; i++) {
		const struct check_result *c = &run->checks[i];

		if (c->db >= 0)
			continue;
		if (!any++)
			fputs("\nchecks:\n", f);
		fprintf(f, "  %s%-5s%s %-8s %-27s %s\n",
			paint(run, c->status == CS_FAIL || c->status == CS_ERROR, c->status == CS_PASS),
			check_status_name(c->status), unpaint(run), check_severity_name(c->severity),
			c->id, c->detail);
		for (size_t j = 0; j < c->nrows; j++)
			fprintf(f, "        %s\n", c->rows[j]);
		if (verdict_shows_remedy(c))
			fprintf(f, "        remedy: %s\n", c->remedy);
	}
}

void report_text_write(FILE *f, const struct run *run)
{
	const struct run_verdict *v = &run->verdict;

	for (size_t i = 0; i < run->ndbs; i++)
		write_database(f, run, &run->dbs[i]);
	write_checks(f, run);
	fprintf(f, "\n%s %s%s%s\n", command_name(run->command),
		paint(run, v->verdict != VERDICT_PASS, v->verdict == VERDICT_PASS),
		v->summary ? v->summary : "", unpaint(run));
	if (v->next)
		fprintf(f, "next: %s\n", v->next);
}
