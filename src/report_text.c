/* report_text: the human-readable report (see report.h). */
#include "report.h"

#include <string.h>

#include "banned.h"

static void count_statuses(const struct db_run *d, size_t counts[DS_STATUS_COUNT])
{
	memset(counts, 0, sizeof(size_t) * DS_STATUS_COUNT);
	for (size_t i = 0; i < d->ndeltas; i++)
		counts[d->deltas[i].status]++;
}

static void write_deltas(FILE *f, const struct db_run *d)
{
	for (size_t i = 0; i < d->ndeltas; i++) {
		const struct delta_result *r = &d->deltas[i];
		if (r->status == DS_APPLIED || r->status == DS_NA)
			continue;
		fprintf(f, "  %-9s %-44s %-32s %s%s\n", delta_status_name(r->status),
			r->delta->id, r->delta->table,
			strcmp(r->delta->component, "apim") ? "[identity] " : "",
			r->detail ? r->detail : "");
	}
}

static void write_diffs(FILE *f, const struct db_run *d)
{
	if (d->ndiffs)
		fprintf(f, "  matches: %s\n", d->matches ? d->matches : "neither");
	for (size_t i = 0; i < d->ndiffs; i++) {
		const struct diff_result *dr = &d->diffs[i];
		fprintf(f, "  against %s: %zu difference%s\n", dr->against, dr->n,
			dr->n == 1 ? "" : "s");
		for (size_t j = 0; j < dr->n; j++) {
			const struct diff_item *it = &dr->items[j];
			fprintf(f, "    %-32s %-12s %-8s %s\n", it->table, it->kind, it->what,
				it->detail ? it->detail : "");
		}
	}
}

void report_text_write(FILE *f, const struct run *run)
{
	for (size_t i = 0; i < run->ndbs; i++) {
		const struct db_run *d = &run->dbs[i];
		size_t counts[DS_STATUS_COUNT];

		fprintf(f, "%-18s %-11s %s", d->name, d->dialect ? d->dialect : "-",
			db_state_name(d->state));
		if (d->state == DB_NOT_CONFIGURED) {
			fprintf(f, "  (no connection given and no DSN %s defined)\n", d->name);
			continue;
		}
		if (d->state == DB_ERROR) {
			fprintf(f, "\n  %s\n", d->error ? d->error : "");
			continue;
		}
		count_statuses(d, counts);
		fprintf(f, "  (%s %s; %zu applied, %zu missing, %zu conflict, %zu n/a)\n",
			d->dbms_name ? d->dbms_name : "", d->dbms_ver ? d->dbms_ver : "",
			counts[DS_APPLIED], counts[DS_MISSING], counts[DS_CONFLICT], counts[DS_NA]);
		if (d->state == DB_UNKNOWN)
			fprintf(f, "  not a WSO2 API Manager %s of version 3.0.0 to 3.2.0 (marker tables missing)\n",
				d->name);
		if (d->identity_state)
			fprintf(f, "  identity component: %s%s\n", d->identity_state,
				strcmp(d->identity_state, "5.10.0") ? " (identity migration pending)" : "");
		/* diff is about the catalog: the deltas are status's listing */
		if (!d->ndiffs)
			write_deltas(f, d);
		write_diffs(f, d);
	}
}
