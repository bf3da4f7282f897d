/* report_json: the JSON report (see report.h). */
#include "report.h"

#include <errno.h>
#include <jansson.h>
#include <string.h>

#include "diff.h"
#include "verdict.h"
#include "banned.h"

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *deltas_json(const struct db_run *d)
{
	json_t *arr = json_array();

	for (size_t i = 0; i < d->ndeltas; i++) {
		const struct delta_result *r = &d->deltas[i];
		json_t *o = json_object();
		json_object_set_new(o, "id", json_string(r->delta->id));
		json_object_set_new(o, "table", json_string(r->delta->table));
		json_object_set_new(o, "status", json_string(delta_status_name(r->status)));
		json_object_set_new(o, "detail", json_string(r->detail ? r->detail : ""));
		json_object_set_new(o, "op", json_string(delta_op_name(r->delta->op)));
		json_object_set_new(o, "release", json_string(r->delta->release));
		json_object_set_new(o, "component", json_string(component_name(r->delta->component)));
		if (r->count >= 0)
			json_object_set_new(o, "rows", json_integer(r->count));
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *plan_json(const struct plan *p)
{
	json_t *arr = json_array();

	for (size_t i = 0; i < p->nsteps; i++) {
		json_t *o = json_object(), *sql = json_array();

		for (size_t j = 0; j < p->steps[i].sql.n; j++)
			json_array_append_new(sql, json_string(p->steps[i].sql.items[j]));
		json_object_set_new(o, "id", json_string(p->steps[i].delta->id));
		json_object_set_new(o, "table", json_string(p->steps[i].delta->table));
		json_object_set_new(o, "sql", sql);
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *skipped_json(const struct plan *p)
{
	json_t *arr = json_array();

	for (size_t i = 0; i < p->nskipped; i++) {
		json_t *o = json_object();

		json_object_set_new(o, "id", json_string(p->skipped[i].delta->id));
		json_object_set_new(o, "table", json_string(p->skipped[i].delta->table));
		json_object_set_new(o, "reason", json_string(p->skipped[i].reason));
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *executed_json(const struct db_run *d)
{
	json_t *arr = json_array();

	for (size_t i = 0; i < d->nexecuted; i++) {
		const struct executed *e = &d->executed[i];
		json_t *o = json_object();

		json_object_set_new(o, "id", json_string(e->id));
		json_object_set_new(o, "sql", str_or_null(e->sql));
		json_object_set_new(o, "ms", json_integer((json_int_t)(e->ms + 0.5)));
		if (e->rows >= 0) {
			json_object_set_new(o, "rows", json_integer(e->rows));
			json_object_set_new(o, "batches", json_integer(e->batches));
		}
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *diff_json(const struct diff_result *dr)
{
	json_t *o = json_object(), *items = json_array();

	for (size_t j = 0; j < dr->n; j++) {
		json_t *it = json_object();
		json_object_set_new(it, "table", json_string(dr->items[j].table));
		json_object_set_new(it, "kind", json_string(dr->items[j].kind));
		json_object_set_new(it, "what", json_string(dr->items[j].what));
		json_object_set_new(it, "detail", str_or_null(dr->items[j].detail));
		if (dr->items[j].route) {
			struct strbuf note = STRBUF_INIT;

			strbuf_addstr(&note, "as left by ");
			diff_route_words(dr->items[j].route, &note);
			json_object_set_new(it, "route", json_string(dr->items[j].route));
			json_object_set_new(it, "note", json_string(strbuf_str(&note)));
			strbuf_release(&note);
		}
		json_array_append_new(items, it);
	}
	json_object_set_new(o, "against", json_string(dr->against ? dr->against : ""));
	json_object_set_new(o, "differences", items);
	return o;
}

/* diff: against fresh 3.2.0, against 3.0.0 + deltas; verify: explained,
 * drift. */
static json_t *diffs_json(const struct db_run *d)
{
	json_t *arr = json_array();

	if (d->diffed) {
		json_array_append_new(arr, diff_json(&d->against_fresh));
		json_array_append_new(arr, diff_json(&d->against_migrated));
	}
	if (d->split) {
		json_array_append_new(arr, diff_json(&d->explained));
		json_array_append_new(arr, diff_json(&d->drift));
	}
	return arr;
}

/* The identity client's migrators on d: name, state, changes made and all,
 * the missing ones, what 3.2.0 does without it. */
static json_t *migrators_json(const struct db_run *d)
{
	json_t *arr = json_array();

	for (int m = 0; m < MIG_COUNT; m++) {
		const struct migrator_info *info = migrator_get((enum migrator)m);
		const struct migrator_result *r = &d->migrators[m];
		json_t *o = json_object(), *missing = json_array();

		json_object_set_new(o, "name", json_string(info->name));
		json_object_set_new(o, "state", json_string(migrator_state_name(r->state)));
		if (r->state == MS_DONE || r->state == MS_PARTIAL || r->state == MS_NOT_RUN) {
			json_object_set_new(o, "made", json_integer((json_int_t)r->made));
			json_object_set_new(o, "total", json_integer((json_int_t)r->total));
			for (size_t i = 0; i < d->ndeltas; i++)
				if (d->deltas[i].delta->component == COMP_IDENTITY &&
				    d->deltas[i].delta->migrator == m && d->deltas[i].status != DS_APPLIED &&
				    d->deltas[i].status != DS_NA)
					json_array_append_new(missing, json_string(d->deltas[i].delta->id));
		}
		json_object_set_new(o, "missing", missing);
		json_object_set_new(o, "what", json_string(info->what));
		json_object_set_new(o, "without_it", json_string(info->breaks));
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *checks_json(const struct run *run)
{
	json_t *checks = json_array();

	for (size_t i = 0; i < run->nchecks; i++) {
		const struct check_result *c = &run->checks[i];
		json_t *o = json_object(), *rows = json_array();

		for (size_t j = 0; j < c->nrows; j++)
			json_array_append_new(rows, json_string(c->rows[j]));
		json_object_set_new(o, "id", json_string(c->id));
		if (c->db >= 0)
			json_object_set_new(o, "database", json_string(db_name((enum db_index)c->db)));
		json_object_set_new(o, "severity", json_string(check_severity_name(c->severity)));
		json_object_set_new(o, "status", json_string(check_status_name(c->status)));
		json_object_set_new(o, "title", json_string(c->title));
		json_object_set_new(o, "detail", json_string(c->detail ? c->detail : ""));
		json_object_set_new(o, "rows", rows);
		json_object_set_new(o, "remedy", verdict_shows_remedy(c) ? json_string(c->remedy) :
				    json_null());
		json_object_set_new(o, "ms", json_integer((json_int_t)(c->ms + 0.5)));
		json_array_append_new(checks, o);
	}
	return checks;
}

static json_t *verdict_json(const struct run *run)
{
	const struct run_verdict *v = &run->verdict;
	json_t *o = json_object(), *counts = json_object();

	for (int st = 0; st < CS_COUNT; st++)
		json_object_set_new(counts, check_status_name((enum check_status)st),
				    json_integer((json_int_t)v->by_status[st]));
	json_object_set_new(o, "verdict", json_string(verdict_name(v->verdict)));
	json_object_set_new(o, "exit_code", json_integer(v->exit_code));
	json_object_set_new(o, "summary", str_or_null(v->summary));
	json_object_set_new(o, "next", str_or_null(v->next));
	json_object_set_new(o, "counts", counts);
	json_object_set_new(o, "blockers_failed", json_integer((json_int_t)v->blockers_failed));
	json_object_set_new(o, "databases_configured", json_integer((json_int_t)v->configured));
	json_object_set_new(o, "databases_unreachable", json_integer((json_int_t)v->unreachable));
	return o;
}

int report_json_write(const char *path, const struct run *run, struct strbuf *err)
{
	json_t *root = json_object(), *dbs = json_array();
	int rc = -1;

	json_object_set_new(root, "command", json_string(command_name(run->command)));
	json_object_set_new(root, "version", str_or_null(run->version));
	json_object_set_new(root, "verdict", verdict_json(run));
	if (run->from)
		json_object_set_new(root, "from", json_string(run->from));
	for (size_t i = 0; i < run->ndbs; i++) {
		const struct db_run *d = &run->dbs[i];
		json_t *o = json_object(), *server = json_object();

		json_object_set_new(o, "name", json_string(d->name));
		int read = d->state != DB_NOT_CONFIGURED && d->state != DB_ERROR;

		json_object_set_new(o, "dialect", str_or_null(d->dialect ? d->dialect->name : NULL));
		json_object_set_new(o, "state", json_string(db_state_name(d->state)));
		json_object_set_new(o, "apim_state",
				    read ? json_string(part_state_name(COMP_APIM, d->apim)) : json_null());
		json_object_set_new(o, "identity_state", read ?
				    json_string(part_state_name(COMP_IDENTITY, d->identity)) : json_null());
		if (read && d->identity != PART_NONE)
			json_object_set_new(o, "identity_migrators", migrators_json(d));
		json_object_set_new(o, "next", d->next != NEXT_NONE ?
				    json_string(next_step_name(d->next)) : json_null());
		json_object_set_new(o, "connection", str_or_null(d->target_shown));
		json_object_set_new(server, "dbms", str_or_null(d->dbms_name));
		json_object_set_new(server, "version", str_or_null(d->dbms_ver));
		json_object_set_new(server, "driver", str_or_null(d->driver));
		json_object_set_new(o, "server", server);
		json_object_set_new(o, "round_trips", json_integer(d->round_trips));
		json_object_set_new(o, "ms", json_integer((json_int_t)(d->ms + 0.5)));
		json_object_set_new(o, "error", str_or_null(d->error));
		json_object_set_new(o, "deltas", deltas_json(d));
		if (d->diffed)
			json_object_set_new(o, "matches", d->match == MATCH_NEITHER ? json_null() :
					    json_string(diff_match_name(d->match)));
		if (d->split)
			json_object_set_new(o, "matches", str_or_null(d->routes));
		if (d->diffed || d->split)
			json_object_set_new(o, "diff", diffs_json(d));
		if (d->plan.built) {
			json_object_set_new(o, "plan", plan_json(&d->plan));
			json_object_set_new(o, "skipped", skipped_json(&d->plan));
			json_object_set_new(o, "refused", str_or_null(d->plan.refused));
		}
		if (d->applied) {
			json_object_set_new(o, "executed", executed_json(d));
			json_object_set_new(o, "apply_error", str_or_null(d->apply_error));
		}
		json_array_append_new(dbs, o);
	}
	json_object_set_new(root, "databases", dbs);
	json_object_set_new(root, "checks", checks_json(run));

	if (!strcmp(path, "-")) {
		if (json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER) ||
		    fputc('\n', stdout) == EOF || fflush(stdout)) {
			strbuf_addstr(err, "cannot write the JSON report to stdout");
			goto out;
		}
	} else if (json_dump_file(root, path, JSON_INDENT(2) | JSON_PRESERVE_ORDER)) {
		strbuf_addf(err, "cannot write the JSON report to %s: %s", path, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	json_decref(root);
	return rc;
}
