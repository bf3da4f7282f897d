/* xmldoc: project XML data files read and validated with libxml2, errors
 * as "file:line: message" (see xmldoc.h). */
#include "xmldoc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/xmlerror.h>

#include "banned.h"

#if LIBXML_VERSION >= 21200
#define XML_ERROR_ARG const xmlError *
#else
#define XML_ERROR_ARG xmlErrorPtr
#endif

struct xmldoc_grammar {
	char *path;              /* the grammar file, for messages */
	xmlRelaxNGPtr rng;
};

/* Where libxml2's errors go during one call. */
struct collector {
	struct strbuf *err;
	const char *path;               /* named when libxml2 names no file */
	int count;                      /* errors seen, shown or not */
	xmlStructuredErrorFunc saved;   /* the global handler, put back at the end */
	void *saved_ctx;
};

/* Starts a line "file:line: " (or "file: " when line is unknown) of err. */
static void start_line(struct strbuf *err, const char *file, long line)
{
	if (err->len)
		strbuf_addch(err, '\n');
	if (line > 0)
		strbuf_addf(err, "%s:%ld: ", file, line);
	else
		strbuf_addf(err, "%s: ", file);
}

/* Adds one error; file NULL means the collector's path.  Past
 * XMLDOC_MAX_ERRORS errors are only counted. */
static void collect(struct collector *col, const char *file, long line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void collect(struct collector *col, const char *file, long line, const char *fmt, ...)
{
	va_list ap;

	if (col->count++ >= XMLDOC_MAX_ERRORS)
		return;
	start_line(col->err, file ? file : col->path, line);
	va_start(ap, fmt);
	strbuf_vaddf(col->err, fmt, ap);
	va_end(ap);
}

/* The structured handler: libxml2's errors (not its warnings), without the
 * trailing newline of their message. */
static void on_error(void *ctx, XML_ERROR_ARG e)
{
	struct collector *col = ctx;
	const char *msg;
	size_t n;
	long line;

	if (!e || e->level == XML_ERR_WARNING)
		return;
	msg = e->message && *e->message ? e->message : "unknown error";
	n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' ' || msg[n - 1] == '\r'))
		n--;
	line = e->line;
	if (line <= 0 && e->node)
		line = xmlGetLineNo((const xmlNode *)e->node);
	collect(col, e->file, line, "%.*s", (int)n, msg);
}

/* Routes libxml2's global structured errors to col until collector_end
 * (libxml2 keeps that handler per thread).  Returns -1, with the error
 * collected, when the file path (a "file" or a "grammar") cannot be read. */
static int collector_begin(struct collector *col, struct strbuf *err, const char *path,
			   const char *what)
{
	xmlInitParser();
	col->err = err;
	col->path = path;
	col->count = 0;
	col->saved = xmlStructuredError;
	col->saved_ctx = xmlStructuredErrorContext;
	xmlSetStructuredErrorFunc(col, on_error);
	if (access(path, R_OK)) {
		collect(col, NULL, 0, "cannot read the %s: %s", what, strerror(errno));
		return -1;
	}
	return 0;
}

/* Puts the global handler back and counts the errors not shown. */
static void collector_end(struct collector *col)
{
	xmlSetStructuredErrorFunc(col->saved_ctx, col->saved);
	if (col->count > XMLDOC_MAX_ERRORS) {
		int more = col->count - XMLDOC_MAX_ERRORS;

		start_line(col->err, col->path, 0);
		strbuf_addf(col->err, "%d more error%s", more, more == 1 ? "" : "s");
	}
}

/* 1 when a step went wrong (bad) or libxml2 reported an error (some leave
 * a result behind, as namespace errors do); adds what when libxml2 said
 * nothing. */
static int step_failed(struct collector *col, int bad, const char *what)
{
	if (!bad && !col->count)
		return 0;
	if (!col->count)
		collect(col, NULL, 0, "%s", what);
	return 1;
}

int xmldoc_grammar_load(const char *rng, struct xmldoc_grammar **out, struct strbuf *err)
{
	struct collector col;
	xmlRelaxNGParserCtxtPtr pctx = NULL;
	xmlRelaxNGPtr schema = NULL;
	int rc = -1;

	*out = NULL;
	if (collector_begin(&col, err, rng, "grammar"))
		goto out;
	pctx = xmlRelaxNGNewParserCtxt(rng);
	if (step_failed(&col, !pctx, "cannot read the grammar"))
		goto out;
	xmlRelaxNGSetParserStructuredErrors(pctx, on_error, &col);
	schema = xmlRelaxNGParse(pctx);
	if (step_failed(&col, !schema, "cannot load the grammar"))
		goto out;
	*out = xcalloc(1, sizeof(**out));
	(*out)->path = xstrdup(rng);
	(*out)->rng = schema;
	schema = NULL;
	rc = 0;
out:
	xmlRelaxNGFree(schema);
	xmlRelaxNGFreeParserCtxt(pctx);
	collector_end(&col);
	return rc;
}

void xmldoc_grammar_free(struct xmldoc_grammar *g)
{
	if (!g)
		return;
	xmlRelaxNGFree(g->rng);
	free(g->path);
	free(g);
}

/* Validates doc against grammar, errors to col.  Returns 0 when valid. */
static int validate(xmlDocPtr doc, const struct xmldoc_grammar *grammar, struct collector *col)
{
	xmlRelaxNGValidCtxtPtr vctx = xmlRelaxNGNewValidCtxt(grammar->rng);
	int rc = -1;

	if (step_failed(col, !vctx, "cannot create a validation context"))
		goto out;
	xmlRelaxNGSetValidStructuredErrors(vctx, on_error, col);
	if (xmlRelaxNGValidateDoc(vctx, doc) != 0 || col->count) {
		if (!col->count)
			collect(col, NULL, 0, "does not match the grammar %s", grammar->path);
		goto out;
	}
	rc = 0;
out:
	xmlRelaxNGFreeValidCtxt(vctx);
	return rc;
}

/* Parses path, errors to col.  Returns the document, or NULL. */
static xmlDocPtr parse(const char *path, struct collector *col)
{
	xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
	xmlDocPtr doc = NULL;

	if (step_failed(col, !ctxt, "cannot create an XML parser"))
		goto out;
	doc = xmlCtxtReadFile(ctxt, path, NULL,
			      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
			      XML_PARSE_BIG_LINES);
	if (!doc && !col->count) {
		/* Nothing reached the handlers: the context still knows why. */
		const xmlError *e = xmlCtxtGetLastError(ctxt);

		if (e && e->code != XML_ERR_OK)
			on_error(col, (xmlErrorPtr)e);
	}
	if (step_failed(col, !doc || !ctxt->wellFormed, "cannot parse the file")) {
		xmlFreeDoc(doc);
		doc = NULL;
	}
out:
	xmlFreeParserCtxt(ctxt);
	return doc;
}

int xmldoc_read(const char *path, const struct xmldoc_grammar *grammar, xmlDocPtr *out,
		struct strbuf *err)
{
	struct collector col;
	xmlDocPtr doc = NULL;
	int rc = -1;

	if (collector_begin(&col, err, path, "file") || !(doc = parse(path, &col)))
		goto out;
	if (grammar && validate(doc, grammar, &col))
		goto out;
	rc = 0;
out:
	if (rc) {
		xmlFreeDoc(doc);
		doc = NULL;
	}
	*out = doc;
	collector_end(&col);
	return rc;
}

void xmldoc_node_error(struct strbuf *err, const char *path, const xmlNode *node,
		       const char *fmt, ...)
{
	va_list ap;

	start_line(err, path, node ? xmlGetLineNo(node) : 0);
	va_start(ap, fmt);
	strbuf_vaddf(err, fmt, ap);
	va_end(ap);
}
