/* report_junit: the JUnit XML report (see report.h for what is a failure,
 * an error and a skip per command). */
#include "report.h"

#include <errno.h>
#include <libxml/xmlwriter.h>
#include <string.h>

#include "classify.h"
#include "verdict.h"
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

static long whole_ms(double ms)
{
	return ms > 0 ? (long)(ms + 0.5) : 0;
}

/* The testcase of one judged item: its status as the result (fail: a
 * failure, error: an error, skip: skipped; warn passes with its finding in
 * system-out), its title, rows and, where it helps, remedy as the text. */
static struct jcase *collect_item(struct jsuite *s, char *classname, char *name,
				  const struct check_result *r)
{
	const char *sev = check_severity_name(r->severity);
	struct jcase *c = add_case(s, classname, name);
	struct strbuf text = STRBUF_INIT;
	const char *detail = r->detail ? r->detail : "";

	c->ms = whole_ms(r->ms);
	strbuf_addf(&text, "%s (%s)\n", r->title ? r->title : r->id, sev);
	for (size_t j = 0; j < r->nrows; j++)
		strbuf_addf(&text, "%s\n", r->rows[j]);
	if (verdict_shows_remedy(r))
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
	return c;
}

/* What the database's item stands on, as its system-out: the deltas not
 * applied (the identity component as one line), the differences, the plan
 * or the steps apply ran. */
static void db_details(struct jcase *c, const struct db_run *d)
{
	const struct diff_result *diffs[] = {
		d->diffed ? &d->against_fresh : NULL, d->diffed ? &d->against_migrated : NULL,
		d->split ? &d->drift : NULL,
	};
	size_t identity = 0;

	for (size_t i = 0; i < d->ndeltas; i++) {
		const struct delta_result *r = &d->deltas[i];

		if (r->status == DS_APPLIED || r->status == DS_NA)
			continue;
		if (r->delta->component == COMP_IDENTITY && r->status == DS_MISSING) {
			identity++;
			continue;
		}
		add_out(c, "%s %s (%s)%s%s", delta_status_name(r->status), r->delta->id, r->delta->table,
			r->detail ? ": " : "", r->detail ? r->detail : "");
	}
	if (identity)
		add_out(c, "identity component %s: %zu change%s left to WSO2's identity migration "
			"client (guide step " GUIDE_IDENTITY_STEP ")",
			part_state_name(COMP_IDENTITY, d->identity), identity, identity == 1 ? "" : "s");
	for (int m = 0; identity && m < MIG_COUNT; m++) {
		struct strbuf line = STRBUF_INIT;

		if (!classify_migrator_left(d, (enum migrator)m))
			continue;
		classify_migrator_line(d, (enum migrator)m, &line);
		add_out(c, "  %s", line.buf);
		strbuf_release(&line);
	}
	for (size_t k = 0; k < sizeof(diffs) / sizeof(diffs[0]); k++) {
		const struct diff_result *dr = diffs[k];

		if (!dr)
			continue;
		add_out(c, "against %s: %zu difference%s", dr->against, dr->n, dr->n == 1 ? "" : "s");
		for (size_t j = 0; j < dr->n; j++)
			add_out(c, "  %s %s %s%s%s", dr->items[j].table, dr->items[j].kind,
				dr->items[j].what, dr->items[j].detail ? ": " : "",
				dr->items[j].detail ? dr->items[j].detail : "");
	}
	if (d->plan.built && !d->applied) {
		for (size_t i = 0; i < d->plan.nsteps; i++) {
			add_out(c, "planned %s (%s):", d->plan.steps[i].delta->id, d->plan.steps[i].delta->table);
			for (size_t j = 0; j < d->plan.steps[i].sql.n; j++)
				add_out(c, "  %s;", d->plan.steps[i].sql.items[j]);
		}
		for (size_t i = 0; i < d->plan.nskipped; i++)
			add_out(c, "not planned %s (%s): %s", d->plan.skipped[i].delta->id,
				d->plan.skipped[i].delta->table, d->plan.skipped[i].reason);
	}
	for (size_t i = 0; i < d->nexecuted; i++) {
		const struct executed *e = &d->executed[i];

		add_out(c, "executed %s in %ld ms%s", e->id, whole_ms(e->ms), e->sql ? ":" : "");
		if (e->sql)
			add_out(c, "  %s;", e->sql);
		if (e->rows >= 0)
			add_out(c, "  %ld rows in %ld batch%s", e->rows, e->batches,
				e->batches == 1 ? "" : "es");
	}
}

/* The suite "<command>: <DB>" of one database: its facts as properties,
 * and its item where the command judges per database. */
static void collect_database(struct jreport *rep, const struct run *run, const struct db_run *d)
{
	struct jsuite *s = add_suite(rep, xasprintf("%s: %s", command_name(run->command), d->name));
	char num[32];

	add_prop(s, "amdelta_version", run->version);
	add_prop(s, "dialect", d->dialect ? d->dialect->name : NULL);
	add_prop(s, "server", d->dbms_name);
	add_prop(s, "server_version", d->dbms_ver);
	add_prop(s, "driver", d->driver);
	add_prop(s, "connection", d->target_shown);
	add_prop(s, "state", db_state_name(d->state));
	if (d->state != DB_NOT_CONFIGURED && d->state != DB_ERROR) {
		add_prop(s, "apim_state", part_state_name(COMP_APIM, d->apim));
		add_prop(s, "identity_state", part_state_name(COMP_IDENTITY, d->identity));
	}
	add_prop(s, "next", d->next != NEXT_NONE ? next_step_name(d->next) : NULL);
	add_prop(s, "from", run->from);
	if (d->round_trips > 0) {
		snprintf(num, sizeof(num), "%ld", d->round_trips);
		add_prop(s, "round_trips", num);
	}
	if (d->diffed)
		add_prop(s, "matches", diff_match_name(d->match));
	if (d->split) {
		add_prop(s, "matches", d->routes ? d->routes : "neither");
		snprintf(num, sizeof(num), "%zu", d->explained.n);
		add_prop(s, "differences_explained", num);
	}
	for (size_t i = 0; i < run->nchecks; i++) {
		const struct check_result *r = &run->checks[i];

		if (r->db == (int)d->id)
			db_details(collect_item(s, xstrdup(d->name), xstrdup(command_name(run->command)), r),
				   d);
	}
}

/* The suite "<command>" of the checks (check, verify). */
static void collect_checks(struct jreport *rep, const struct run *run)
{
	struct jsuite *s = NULL;

	for (size_t i = 0; i < run->nchecks; i++) {
		if (run->checks[i].db >= 0)
			continue;
		if (!s)
			s = add_suite(rep, xstrdup(command_name(run->command)));
		collect_item(s, xstrdup(command_name(run->command)), xstrdup(run->checks[i].id),
			     &run->checks[i]);
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
	name = xasprintf("amdelta %s", command_name(run->command));
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
