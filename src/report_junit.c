/* report_junit: the JUnit XML report (see report.h for what is a failure,
 * an error and a skip per command). */
#include "report.h"

#include <errno.h>
#include <libxml/xmlwriter.h>
#include <string.h>

#include "readiness.h"
#include "banned.h"

/* The report is built in two passes: the run model becomes suites of
 * testcases (collect_*), then the suites are written with their counts
 * (write_*).  A testsuite's counts stand in its start tag, before its
 * testcases, so they are known first. */

enum jresult { JR_PASS = 0, JR_FAILURE, JR_ERROR, JR_SKIPPED, JR_COUNT };

struct jcase {
	char *classname, *name;
	long ms;                 /* time, whole milliseconds */
	enum jresult result;
	const char *type;        /* failure/error type attribute (static), or NULL */
	char *message;           /* failure/error/skipped message attribute, or NULL */
	char *text;              /* failure/error body, or NULL */
	char *out;               /* system-out, or NULL */
};

struct jprop {
	const char *name;        /* static */
	char *value;
};

struct jsuite {
	char *name;
	size_t nprops, props_alloc;
	struct jprop *props;
	size_t n, alloc;
	struct jcase *cases;
};

struct jreport {
	size_t n, alloc;
	struct jsuite *suites;
};

/* ------------------------------------------------------------ building */

/* Appends a suite named name (taken over) to rep. */
static struct jsuite *add_suite(struct jreport *rep, char *name)
{
	struct jsuite *s;

	ALLOC_GROW(rep->suites, rep->n + 1, rep->alloc);
	s = &rep->suites[rep->n++];
	memset(s, 0, sizeof(*s));
	s->name = name;
	return s;
}

/* Adds the property name = value (copied) to s; nothing when value is NULL. */
static void add_prop(struct jsuite *s, const char *name, const char *value)
{
	if (!value)
		return;
	ALLOC_GROW(s->props, s->nprops + 1, s->props_alloc);
	s->props[s->nprops].name = name;
	s->props[s->nprops].value = xstrdup(value);
	s->nprops++;
}

/* Appends a passing testcase to s; classname and name are taken over. */
static struct jcase *add_case(struct jsuite *s, char *classname, char *name)
{
	struct jcase *c;

	ALLOC_GROW(s->cases, s->n + 1, s->alloc);
	c = &s->cases[s->n++];
	memset(c, 0, sizeof(*c));
	c->classname = classname;
	c->name = name;
	return c;
}

/* Sets the outcome of c; message and text are taken over (may be NULL). */
static void set_result(struct jcase *c, enum jresult r, const char *type, char *message, char *text)
{
	c->result = r;
	c->type = type;
	free(c->message);
	c->message = message;
	free(c->text);
	c->text = text;
}

/* Appends a line to c's system-out. */
static void add_out(struct jcase *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add_out(struct jcase *c, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	if (c->out) {
		strbuf_addstr(&sb, c->out);
		free(c->out);
	}
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	strbuf_addch(&sb, '\n');
	c->out = strbuf_detach(&sb);
}

static void jreport_release(struct jreport *rep)
{
	for (size_t i = 0; i < rep->n; i++) {
		struct jsuite *s = &rep->suites[i];

		for (size_t j = 0; j < s->nprops; j++)
			free(s->props[j].value);
		for (size_t j = 0; j < s->n; j++) {
			free(s->cases[j].classname);
			free(s->cases[j].name);
			free(s->cases[j].message);
			free(s->cases[j].text);
			free(s->cases[j].out);
		}
		free(s->props);
		free(s->cases);
		free(s->name);
	}
	free(rep->suites);
}

/* ------------------------------------------------------------ the run model -> testcases */

static int command_is(const struct run *run, const char *name)
{
	return run->command && !strcmp(run->command, name);
}

static long whole_ms(double ms)
{
	return ms > 0 ? (long)(ms + 0.5) : 0;
}

/* "<status>: <detail>", or the status alone when there is no detail. */
static char *status_message(const char *status, const char *detail)
{
	return detail && *detail ? xasprintf("%s: %s", status, detail) : xstrdup(status);
}

/* The planned step or the skip of delta dl in p, as system-out of c. */
static void plan_out(struct jcase *c, const struct plan *p, const struct delta *dl)
{
	for (size_t i = 0; i < p->nsteps; i++) {
		if (p->steps[i].delta != dl)
			continue;
		add_out(c, "planned:");
		for (size_t j = 0; j < p->steps[i].sql.n; j++)
			add_out(c, "%s;", p->steps[i].sql.items[j]);
	}
	for (size_t i = 0; i < p->nskipped; i++)
		if (p->skipped[i].delta == dl)
			add_out(c, "not planned: %s", p->skipped[i].reason);
}

/* The reason a plan gives for not planning dl, or NULL. */
static const char *skip_reason(const struct plan *p, const struct delta *dl)
{
	for (size_t i = 0; i < p->nskipped; i++)
		if (p->skipped[i].delta == dl)
			return p->skipped[i].reason;
	return NULL;
}

/* One testcase per delta evaluated on d. */
static void collect_delta(struct jsuite *s, const struct run *run, const struct db_run *d,
			  const struct delta_result *r)
{
	const struct delta *dl = r->delta;
	const char *detail = r->detail && *r->detail ? r->detail : NULL;
	const char *why;
	struct jcase *c = add_case(s, xasprintf("%s.%s", d->name, dl->component),
				   xasprintf("%s (%s)", dl->id, dl->table));

	switch (r->status) {
	case DS_APPLIED:
		break;
	case DS_NA:
		set_result(c, JR_SKIPPED, NULL, status_message("n/a", detail), NULL);
		break;
	case DS_CONFLICT:
		set_result(c, JR_FAILURE, "conflict", status_message("conflict", detail),
			   xstrdup(dl->title ? dl->title : dl->id));
		break;
	case DS_MISSING:
	default:
		if (command_is(run, "check")) {
			add_out(c, "missing, as before the migration%s%s", detail ? ": " : "",
				detail ? detail : "");
		} else if (dl->conditional) {
			why = skip_reason(&d->plan, dl);
			set_result(c, JR_SKIPPED, NULL,
				   xasprintf("conditional, not judged: %s", why ? why :
					     "runs only when registry versioning was on "
					     "(--registry-xml, --registry-cleanup)"), NULL);
			if (detail)
				add_out(c, "missing: %s", detail);
		} else if (str_caseeq(dl->component, "identity") && !command_is(run, "verify")) {
			set_result(c, JR_SKIPPED, NULL,
				   xasprintf("identity migration pending: made by WSO2's identity "
					     "migration client, judged by verify"), NULL);
			if (detail)
				add_out(c, "missing: %s", detail);
		} else {
			set_result(c, JR_FAILURE, "missing", status_message("missing", detail),
				   xstrdup(dl->title ? dl->title : dl->id));
		}
		break;
	}
	if (r->count >= 0)
		add_out(c, "rows to fix: %ld", r->count);
	if (d->plan.built && !d->applied)
		plan_out(c, &d->plan, dl);
}

/* The testcase of the database's state as a whole. */
static void collect_state(struct jsuite *s, const struct run *run, const struct db_run *d)
{
	struct jcase *c = add_case(s, xstrdup(d->name), xstrdup("state"));
	const char *st = db_state_name(d->state);

	add_out(c, "state: %s%s%s", st, d->identity_state ? ", identity " : "",
		d->identity_state ? d->identity_state : "");
	if (d->state == DB_UNKNOWN)
		set_result(c, JR_FAILURE, "state",
			   xasprintf("%s is unknown: not a WSO2 database of 3.0.0 to 3.2.0", d->name),
			   NULL);
	else if (!command_is(run, "check") && d->state != DB_V320)
		set_result(c, JR_FAILURE, "state", xasprintf("%s is %s, not 3.2.0", d->name, st), NULL);
}

/* One testcase per table with differences in dr.  verify: drift, a
 * failure; diff: a failure unless the database matches the other expected
 * catalog (then skipped). */
static void collect_diff(struct jsuite *s, const struct run *run, const struct db_run *d,
			 const struct diff_result *dr)
{
	int verify = command_is(run, "verify");
	int matched = d->matches && strcmp(d->matches, "neither");

	for (size_t i = 0; i < dr->n; i++) {
		const char *table = dr->items[i].table;
		struct strbuf text = STRBUF_INIT;
		struct jcase *c;
		size_t k, n = 0;

		for (k = 0; k < i && !str_caseeq(dr->items[k].table, table); k++)
			;
		if (k < i)
			continue;    /* table already reported */
		for (k = i; k < dr->n; k++) {
			const struct diff_item *it = &dr->items[k];

			if (!str_caseeq(it->table, table))
				continue;
			n++;
			strbuf_addf(&text, "%s %s%s%s\n", it->kind, it->what, it->detail ? ": " : "",
				    it->detail ? it->detail : "");
		}
		if (verify)
			c = add_case(s, xasprintf("%s.drift", d->name), xstrdup(table));
		else
			c = add_case(s, xasprintf("%s.diff", d->name),
				     xasprintf("%s against %s", table, dr->against));
		if (!verify && matched) {
			set_result(c, JR_SKIPPED, NULL,
				   xasprintf("not applicable: the database matches %s", d->matches), NULL);
			c->out = strbuf_detach(&text);
		} else {
			set_result(c, JR_FAILURE, verify ? "drift" : "difference",
				   xasprintf("%zu difference%s from %s", n, n == 1 ? "" : "s",
					     dr->against), strbuf_detach(&text));
		}
		strbuf_release(&text);
	}
}

/* The table of the delta an executed step ran, or "?". */
static const char *step_table(const struct db_run *d, const char *id)
{
	for (size_t i = 0; i < d->ndeltas; i++)
		if (!strcmp(d->deltas[i].delta->id, id))
			return d->deltas[i].delta->table;
	return "?";
}

/* apply: one testcase per executed step, then the outcome of apply. */
static void collect_apply(struct jsuite *s, const struct db_run *d)
{
	struct jcase *c;

	for (size_t i = 0; i < d->nexecuted; i++) {
		const struct executed *e = &d->executed[i];

		c = add_case(s, xasprintf("%s.apply", d->name),
			     xasprintf("%s (%s)", e->id, step_table(d, e->id)));
		c->ms = whole_ms(e->ms);
		if (e->sql)
			add_out(c, "%s;", e->sql);
		if (e->rows >= 0)
			add_out(c, "%ld rows in %ld batch%s", e->rows, e->batches,
				e->batches == 1 ? "" : "es");
	}
	/* a database apply could not read has its error as the connection's */
	if (d->apply_error && d->error && !strcmp(d->apply_error, d->error))
		return;
	c = add_case(s, xstrdup(d->name), xstrdup("apply"));
	if (d->apply_error)
		set_result(c, JR_ERROR, "apply", xstrdup(d->apply_error), NULL);
	else
		add_out(c, "%zu step%s executed", d->nexecuted, d->nexecuted == 1 ? "" : "s");
}

/* The suite "<command>: <DB>" of one database. */
static void collect_database(struct jreport *rep, const struct run *run, const struct db_run *d)
{
	struct jsuite *s = add_suite(rep, xasprintf("%s: %s", run->command ? run->command : "amdelta",
						    d->name));
	struct jcase *c;
	char num[32];

	add_prop(s, "dialect", d->dialect);
	add_prop(s, "server", d->dbms_name);
	add_prop(s, "server_version", d->dbms_ver);
	add_prop(s, "driver", d->driver);
	add_prop(s, "connection", d->target_shown);
	add_prop(s, "state", db_state_name(d->state));
	add_prop(s, "identity_state", d->identity_state);
	add_prop(s, "from", run->from);
	if (d->round_trips > 0) {
		snprintf(num, sizeof(num), "%ld", d->round_trips);
		add_prop(s, "round_trips", num);
	}
	add_prop(s, "matches", d->matches);
	for (size_t i = 0; i < d->ndiffs; i++) {
		if (!d->diffs[i].count_only)
			continue;
		snprintf(num, sizeof(num), "%zu", d->diffs[i].n);
		add_prop(s, "differences_expected", num);
	}

	if (d->state == DB_NOT_CONFIGURED) {
		c = add_case(s, xstrdup(d->name), xstrdup("connection"));
		set_result(c, JR_SKIPPED, NULL, xasprintf("%s is not configured", d->name), NULL);
		return;
	}
	if (d->state == DB_ERROR) {
		c = add_case(s, xstrdup(d->name), xstrdup("connection"));
		set_result(c, JR_ERROR, "database",
			   xstrdup(d->error ? d->error : "the database could not be read"), NULL);
	} else {
		collect_state(s, run, d);
		for (size_t i = 0; i < d->ndeltas; i++)
			collect_delta(s, run, d, &d->deltas[i]);
		for (size_t i = 0; i < d->ndiffs; i++)
			if (!d->diffs[i].count_only)
				collect_diff(s, run, d, &d->diffs[i]);
	}
	if (d->plan.built && !d->applied) {
		size_t n = plan_statements(&d->plan);

		c = add_case(s, xstrdup(d->name), xstrdup("plan"));
		if (d->plan.refused)
			set_result(c, JR_FAILURE, "refused", xasprintf("plan refused: %s", d->plan.refused),
				   NULL);
		else
			add_out(c, "%zu step%s, %zu statement%s", d->plan.nsteps,
				d->plan.nsteps == 1 ? "" : "s", n, n == 1 ? "" : "s");
	}
	if (d->applied)
		collect_apply(s, d);
}

/* The suite "<command>" of the readiness (check) or verdict (verify) checks. */
static void collect_checks(struct jreport *rep, const struct run *run)
{
	struct jsuite *s = add_suite(rep, xstrdup(run->command ? run->command : "checks"));

	for (size_t i = 0; i < run->nchecks; i++) {
		const struct check_result *r = &run->checks[i];
		const char *sev = check_severity_name((enum check_severity)r->severity);
		struct jcase *c = add_case(s, xstrdup(run->command ? run->command : "checks"),
					   xstrdup(r->id));
		struct strbuf text = STRBUF_INIT;
		const char *detail = r->detail ? r->detail : "";

		strbuf_addf(&text, "%s (%s)\n", r->title ? r->title : r->id, sev);
		for (size_t j = 0; j < r->nrows; j++)
			strbuf_addf(&text, "%s\n", r->rows[j]);
		if (r->remedy && r->status != CS_PASS && r->status != CS_SKIP)
			strbuf_addf(&text, "remedy: %s\n", r->remedy);
		switch (r->status) {
		case CS_FAIL:
			set_result(c, JR_FAILURE, sev, xstrdup(detail), strbuf_detach(&text));
			break;
		case CS_ERROR:
			set_result(c, JR_ERROR, sev, xstrdup(detail), strbuf_detach(&text));
			break;
		case CS_SKIP:
			set_result(c, JR_SKIPPED, NULL, xstrdup(detail), NULL);
			break;
		case CS_WARN:
			if (text.len && text.buf[text.len - 1] == '\n')
				text.buf[--text.len] = '\0';
			add_out(c, "warn: %s\n%s", detail, strbuf_str(&text));
			break;
		case CS_PASS:
		default:
			add_out(c, "pass: %s", detail);
			break;
		}
		strbuf_release(&text);
	}
}

/* ------------------------------------------------------------ writing */

/* Appends s to sb as text XML 1.0 may hold: bytes that are not UTF-8 and
 * characters XML forbids (control characters but tab, newline and carriage
 * return; surrogates; U+FFFE, U+FFFF) become '?'.  The writer escapes the
 * rest. */
static void add_clean(struct strbuf *sb, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		unsigned c = *p, cp;
		size_t n, k;

		if (c < 0x80) {
			strbuf_addch(sb, c < 0x20 && c != '\t' && c != '\n' && c != '\r' ? '?' : (int)c);
			p++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			n = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			cp = c & 0x07;
		} else {
			strbuf_addch(sb, '?');
			p++;
			continue;
		}
		/* a NUL ends the loop: it is no continuation byte */
		for (k = 1; k <= n && (p[k] & 0xc0) == 0x80; k++)
			cp = cp << 6 | (p[k] & 0x3f);
		if (k <= n || (n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || cp == 0xfffe || cp == 0xffff) {
			strbuf_addch(sb, '?');
			p++;
			continue;
		}
		strbuf_add(sb, (const char *)p, n + 1);
		p += n + 1;
	}
}

/* The writer and whether a call to it failed. */
struct jw {
	xmlTextWriterPtr w;
	int bad;
	struct strbuf tmp;
};

static void w_start(struct jw *jw, const char *element)
{
	if (xmlTextWriterStartElement(jw->w, BAD_CAST element) < 0)
		jw->bad = 1;
}

static void w_end(struct jw *jw)
{
	if (xmlTextWriterEndElement(jw->w) < 0)
		jw->bad = 1;
}

/* An attribute; nothing when value is NULL. */
static void w_attr(struct jw *jw, const char *name, const char *value)
{
	if (!value)
		return;
	strbuf_reset(&jw->tmp);
	add_clean(&jw->tmp, value);
	if (xmlTextWriterWriteAttribute(jw->w, BAD_CAST name, BAD_CAST strbuf_str(&jw->tmp)) < 0)
		jw->bad = 1;
}

static void w_attr_long(struct jw *jw, const char *name, long v)
{
	char num[32];

	snprintf(num, sizeof(num), "%ld", v);
	w_attr(jw, name, num);
}

/* time="s.mmm" from whole milliseconds. */
static void w_time(struct jw *jw, long ms)
{
	char num[48];

	snprintf(num, sizeof(num), "%ld.%03ld", ms / 1000, ms % 1000);
	w_attr(jw, "time", num);
}

/* The text content of the open element; nothing when text is NULL or "". */
static void w_text(struct jw *jw, const char *text)
{
	if (!text || !*text)
		return;
	strbuf_reset(&jw->tmp);
	add_clean(&jw->tmp, text);
	if (xmlTextWriterWriteString(jw->w, BAD_CAST strbuf_str(&jw->tmp)) < 0)
		jw->bad = 1;
}

struct jcount {
	long n[JR_COUNT];
	long tests, ms;
};

static void count_suite(const struct jsuite *s, struct jcount *k)
{
	memset(k, 0, sizeof(*k));
	for (size_t i = 0; i < s->n; i++) {
		k->n[s->cases[i].result]++;
		k->ms += s->cases[i].ms;
	}
	k->tests = (long)s->n;
}

static void w_counts(struct jw *jw, const struct jcount *k)
{
	w_attr_long(jw, "tests", k->tests);
	w_attr_long(jw, "failures", k->n[JR_FAILURE]);
	w_attr_long(jw, "errors", k->n[JR_ERROR]);
	w_attr_long(jw, "skipped", k->n[JR_SKIPPED]);
	w_time(jw, k->ms);
}

static void write_case(struct jw *jw, const struct jcase *c)
{
	static const char *const element[JR_COUNT] = { NULL, "failure", "error", "skipped" };

	w_start(jw, "testcase");
	w_attr(jw, "classname", c->classname);
	w_attr(jw, "name", c->name);
	w_time(jw, c->ms);
	if (c->result != JR_PASS) {
		w_start(jw, element[c->result]);
		w_attr(jw, "message", c->message);
		if (c->result != JR_SKIPPED)
			w_attr(jw, "type", c->type);
		w_text(jw, c->text);
		w_end(jw);
	}
	if (c->out) {
		w_start(jw, "system-out");
		w_text(jw, c->out);
		w_end(jw);
	}
	w_end(jw);
}

static void write_suite(struct jw *jw, const struct jsuite *s)
{
	struct jcount k;

	count_suite(s, &k);
	w_start(jw, "testsuite");
	w_attr(jw, "name", s->name);
	w_counts(jw, &k);
	if (s->nprops) {
		w_start(jw, "properties");
		for (size_t i = 0; i < s->nprops; i++) {
			w_start(jw, "property");
			w_attr(jw, "name", s->props[i].name);
			w_attr(jw, "value", s->props[i].value);
			w_end(jw);
		}
		w_end(jw);
	}
	for (size_t i = 0; i < s->n; i++)
		write_case(jw, &s->cases[i]);
	w_end(jw);
}

/* Writes rep as a JUnit document into buf. */
static int write_report(xmlBufferPtr buf, const struct run *run, const struct jreport *rep)
{
	struct jw jw = { NULL, 0, STRBUF_INIT };
	struct jcount all, k;
	char *name = NULL;
	int rc = -1;

	if (!(jw.w = xmlNewTextWriterMemory(buf, 0)))
		goto out;
	memset(&all, 0, sizeof(all));
	for (size_t i = 0; i < rep->n; i++) {
		count_suite(&rep->suites[i], &k);
		all.tests += k.tests;
		all.ms += k.ms;
		for (int r = 0; r < JR_COUNT; r++)
			all.n[r] += k.n[r];
	}
	if (xmlTextWriterSetIndent(jw.w, 1) < 0 || xmlTextWriterSetIndentString(jw.w, BAD_CAST "  ") < 0 ||
	    xmlTextWriterStartDocument(jw.w, "1.0", "UTF-8", NULL) < 0)
		goto out;
	name = xasprintf("amdelta %s", run->command ? run->command : "");
	w_start(&jw, "testsuites");
	w_attr(&jw, "name", name);
	w_counts(&jw, &all);
	for (size_t i = 0; i < rep->n; i++)
		write_suite(&jw, &rep->suites[i]);
	w_end(&jw);
	if (jw.bad || xmlTextWriterEndDocument(jw.w) < 0 || xmlTextWriterFlush(jw.w) < 0)
		goto out;
	rc = 0;
out:
	if (jw.w)
		xmlFreeTextWriter(jw.w);
	strbuf_release(&jw.tmp);
	free(name);
	return rc;
}

/* Writes n bytes of data to path ("-" = stdout). */
static int write_out(const char *path, const void *data, size_t n, struct strbuf *err)
{
	int to_stdout = !strcmp(path, "-");
	FILE *f = to_stdout ? stdout : fopen(path, "w");
	int rc = -1;

	if (!f) {
		strbuf_addf(err, "cannot write the JUnit report to %s: %s", path, strerror(errno));
		return -1;
	}
	if (fwrite(data, 1, n, f) != n || fflush(f)) {
		strbuf_addf(err, "cannot write the JUnit report to %s: %s",
			    to_stdout ? "stdout" : path, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (!to_stdout && fclose(f) && !rc) {
		strbuf_addf(err, "cannot write the JUnit report to %s: %s", path, strerror(errno));
		rc = -1;
	}
	return rc;
}

int report_junit_write(const char *path, const struct run *run, struct strbuf *err)
{
	struct jreport rep;
	xmlBufferPtr buf = xmlBufferCreate();
	int rc = -1;

	memset(&rep, 0, sizeof(rep));
	for (size_t i = 0; i < run->ndbs; i++)
		collect_database(&rep, run, &run->dbs[i]);
	if (run->nchecks)
		collect_checks(&rep, run);
	if (!buf || write_report(buf, run, &rep)) {
		strbuf_addf(err, "cannot write the JUnit report to %s: the XML writer failed",
			    strcmp(path, "-") ? path : "stdout");
		goto out;
	}
	if (write_out(path, xmlBufferContent(buf), (size_t)xmlBufferLength(buf), err))
		goto out;
	rc = 0;
out:
	if (buf)
		xmlBufferFree(buf);
	jreport_release(&rep);
	return rc;
}
