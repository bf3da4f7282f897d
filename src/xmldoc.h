/*
 * xmldoc: the one place that reads a project XML data file (schemas/ *.xml,
 * checks/ *.xml) with libxml2.
 *
 * A file is parsed without network access (XML_PARSE_NONET) and, when a
 * grammar is given, validated against a RelaxNG grammar.  libxml2 writes
 * nothing to stderr: its errors are collected through structured handlers
 * (the global structured handler, which libxml2 keeps per thread, is put
 * back as it was before returning) and become lines "file:line: message"
 * of a caller's strbuf, first error first; "file: message" when there is
 * no line.  Any libxml2 error fails the call, even one after which libxml2
 * keeps the document (an undeclared namespace prefix).  At most
 * XMLDOC_MAX_ERRORS of libxml2's errors are shown per call; a last line
 * "file: N more errors" counts the others.
 *
 * Lines are libxml2's: the line of an element is where its start tag ends.
 * Every line added to err is preceded by a newline when err is not empty.
 */
#ifndef AMDELTA_XMLDOC_H
#define AMDELTA_XMLDOC_H

#include <libxml/tree.h>

#include "util.h"

#define XMLDOC_MAX_ERRORS 10

/* A parsed RelaxNG grammar: load once, validate many files against it. */
struct xmldoc_grammar;

/* Parses the RelaxNG grammar file rng.  Returns 0 and a new grammar in
 * *out (free it with xmldoc_grammar_free), or -1 with *out NULL and the
 * errors added to err (a missing file is "rng: cannot read the grammar:
 * <strerror>"). */
int xmldoc_grammar_load(const char *rng, struct xmldoc_grammar **out, struct strbuf *err);

/* Frees g; NULL is a no-op. */
void xmldoc_grammar_free(struct xmldoc_grammar *g);

/* Parses the XML file path and, when grammar is not NULL, validates it.
 * Returns 0 and the document in *out (the caller's: xmlFreeDoc), or -1
 * with *out NULL and the errors added to err: well-formedness or grammar
 * errors as "path:line: message"; a missing file is "path: cannot read the
 * file: <strerror>". */
int xmldoc_read(const char *path, const struct xmldoc_grammar *grammar, xmlDocPtr *out,
		struct strbuf *err);

/* Adds the line "path:line: <fmt...>" to err for a semantic error found
 * at node after validation (line of node; "path: ..." when node is NULL). */
void xmldoc_node_error(struct strbuf *err, const char *path, const xmlNode *node,
		       const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#endif
