/* report_plan: the plan of each database as a SQL script (see report.h). */
#include "report.h"

#include <string.h>

#include "render.h"
#include "banned.h"

/* The skipped deltas, grouped by reason (reasons are static strings). */
static void write_skipped(FILE *f, const struct plan *p)
{
	for (size_t i = 0; i < p->nskipped; i++) {
		const char *reason = p->skipped[i].reason;
		int first = 1;

		for (size_t j = 0; j < i && first; j++)
			first = p->skipped[j].reason != reason;
		if (!first)
			continue;
		fprintf(f, "\n-- not planned: %s:\n", reason);
		for (size_t j = i; j < p->nskipped; j++)
			if (p->skipped[j].reason == reason)
				fprintf(f, "--   %s (%s)\n", p->skipped[j].delta->id,
					p->skipped[j].delta->table);
	}
}

static void write_database(FILE *f, const struct run *run, const struct db_run *d)
{
	const struct plan *p = &d->plan;
	const struct dialect *dia = d->dialect;
	struct strbuf sb = STRBUF_INIT;

	fprintf(f, "-- amdelta plan: %s", d->name);
	if (d->state == DB_ERROR) {   /* its error is printed once, on stderr */
		fputs(": could not be read: nothing planned (see the error message)\n", f);
		return;
	}
	fprintf(f, ", %s", d->dialect ? d->dialect->name : "-");
	if (d->dbms_name)
		fprintf(f, " (%s %s)", d->dbms_name, d->dbms_ver ? d->dbms_ver : "");
	if (run->from)
		fprintf(f, ", offline from %s", run->from);
	else
		fprintf(f, ", %s, amdelta's part %s", db_state_name(d->state),
			part_state_name(COMP_APIM, d->apim));
	if (p->refused) {
		fprintf(f, "\n-- refused: %s\n", p->refused);
		return;
	}
	fprintf(f, ": %zu step%s, %zu statement%s\n", p->nsteps, p->nsteps == 1 ? "" : "s",
		plan_statements(p), plan_statements(p) == 1 ? "" : "s");
	if (run->from)
		fprintf(f, "-- the expected %s catalog stands in for the database: keys to drop are "
			"found at run time by table and columns\n", run->from);
	if (p->nsteps && dia)
		fprintf(f, "-- run with: %s\n", render_script_usage(dia));
	for (size_t i = 0; i < p->nsteps && dia; i++) {
		const struct plan_step *s = &p->steps[i];

		fprintf(f, "\n-- %s (%s): %s\n", s->delta->id, s->delta->table,
			s->delta->title ? s->delta->title : "");
		for (size_t j = 0; j < s->sql.n; j++) {
			strbuf_reset(&sb);
			render_script_statement(dia, s->sql.items[j], &sb);
			fputs(strbuf_str(&sb), f);
		}
	}
	write_skipped(f, p);
	strbuf_release(&sb);
}

void report_plan_write(FILE *f, const struct run *run)
{
	int first = 1;

	/* a database with no connection has no plan: the script leaves it out */
	for (size_t i = 0; i < run->ndbs; i++) {
		if (run->dbs[i].state == DB_NOT_CONFIGURED)
			continue;
		if (!first)
			fputc('\n', f);
		first = 0;
		write_database(f, run, &run->dbs[i]);
	}
	/* the verdict, as every output of the run says it (none before it is
	 * computed: the golden plans of the unit tests) */
	if (run->verdict.summary) {
		fprintf(f, "\n-- plan %s\n", run->verdict.summary);
		if (run->verdict.next)
			fprintf(f, "-- next: %s\n", run->verdict.next);
	}
}
