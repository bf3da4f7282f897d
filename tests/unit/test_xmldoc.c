/* Unit tests of xmldoc: reading and validating XML files, errors as
 * "file:line: message", nothing on stderr, the global handler put back. */
#include "unit.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <libxml/parser.h>

#include "util.h"
#include "xmldoc.h"

/* A list of items whose n is "a" or "b". */
static const char grammar_text[] =
	"<grammar xmlns=\"http://relaxng.org/ns/structure/1.0\">\n"
	"  <start>\n"
	"    <element name=\"list\">\n"
	"      <zeroOrMore>\n"
	"        <element name=\"item\">\n"
	"          <attribute name=\"n\"><choice><value>a</value><value>b</value></choice></attribute>\n"
	"        </element>\n"
	"      </zeroOrMore>\n"
	"    </element>\n"
	"  </start>\n"
	"</grammar>\n";

/* A new file under /tmp holding text; returns its path (caller unlinks and
 * frees). */
static char *temp_file(const char *text)
{
	char *path = xstrdup("/tmp/amdelta-test-xmldoc-XXXXXX");
	int fd = mkstemp(path);
	size_t len = strlen(text);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	assert_int_equal(close(fd), 0);
	return path;
}

static void drop_file(char *path)
{
	unlink(path);
	free(path);
}

/* Fails unless text starts with "path:line: " (or "path: " when line is 0)
 * and contains want. */
static void expect_first(const char *text, const char *path, long line, const char *want)
{
	char *prefix = line ? xasprintf("%s:%ld: ", path, line) : xasprintf("%s: ", path);

	if (strncmp(text, prefix, strlen(prefix)) || !strstr(text, want))
		fail_msg("want \"%s...%s\", got \"%s\"", prefix, want, text);
	free(prefix);
}

/* The group's state: the path of a grammar file holding grammar_text. */
static int write_grammar(void **state)
{
	*state = temp_file(grammar_text);
	return 0;
}

static int drop_grammar(void **state)
{
	drop_file(*state);
	return 0;
}

static size_t count_lines(const char *s)
{
	size_t n = *s ? 1 : 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void test_success(void **state)
{
	char *a = temp_file("<?xml version=\"1.0\"?>\n<list>\n  <item n=\"a\"/>\n  <item n=\"b\"/>\n</list>\n");
	char *b = temp_file("<list/>\n");
	struct strbuf err = STRBUF_INIT;
	struct xmldoc_grammar *g;
	xmlNodePtr root;
	xmlDocPtr doc;

	/* Without a grammar. */
	assert_int_equal(xmldoc_read(a, NULL, &doc, &err), 0);
	assert_non_null(doc);
	xmlFreeDoc(doc);
	/* One grammar, two files. */
	assert_int_equal(xmldoc_grammar_load(*state, &g, &err), 0);
	assert_non_null(g);
	assert_int_equal(xmldoc_read(a, g, &doc, &err), 0);
	root = xmlDocGetRootElement(doc);
	assert_string_equal((const char *)root->name, "list");
	assert_int_equal(xmlGetLineNo(root->children->next), 3);
	xmlFreeDoc(doc);
	assert_int_equal(xmldoc_read(b, g, &doc, &err), 0);
	assert_non_null(doc);
	xmlFreeDoc(doc);
	assert_int_equal(err.len, 0);
	xmldoc_grammar_free(g);
	xmldoc_grammar_free(NULL);
	drop_file(a);
	drop_file(b);
	strbuf_release(&err);
}

static void test_not_well_formed(void **state)
{
	struct strbuf err = STRBUF_INIT;
	/* The <item> of line 3 is never closed: libxml2 sees it on line 4. */
	char *path = temp_file("<?xml version=\"1.0\"?>\n<list>\n  <item n=\"a\"\n</list>\n");
	char *bad_ns = temp_file("<list>\n  <p:item n=\"a\"/>\n</list>\n");
	xmlDocPtr doc = (xmlDocPtr)&doc;
	(void)state;

	assert_int_equal(xmldoc_read(path, NULL, &doc, &err), -1);
	assert_null(doc);
	expect_first(strbuf_str(&err), path, 4, "");
	strbuf_release(&err);
	/* A namespace error leaves libxml2 a document; still a failure. */
	assert_int_equal(xmldoc_read(bad_ns, NULL, &doc, &err), -1);
	assert_null(doc);
	expect_first(strbuf_str(&err), bad_ns, 2, "p");
	drop_file(path);
	drop_file(bad_ns);
	strbuf_release(&err);
}

static void test_grammar_violation(void **state)
{
	struct xmldoc_grammar *g = NULL;
	struct strbuf err = STRBUF_INIT;
	char *bad_value = temp_file("<list>\n  <item n=\"a\"/>\n\n  <item n=\"z\"/>\n</list>\n");
	char *bad_element = temp_file("<list>\n  <item n=\"a\"/>\n  <itme n=\"a\"/>\n</list>\n");
	xmlDocPtr doc = NULL;

	assert_int_equal(xmldoc_grammar_load(*state, &g, &err), 0);
	assert_int_equal(xmldoc_read(bad_value, g, &doc, &err), -1);
	assert_null(doc);
	expect_first(strbuf_str(&err), bad_value, 4, "");
	strbuf_release(&err);
	assert_int_equal(xmldoc_read(bad_element, g, &doc, &err), -1);
	expect_first(strbuf_str(&err), bad_element, 3, "itme");
	strbuf_release(&err);
	/* Valid once the grammar is not asked for. */
	assert_int_equal(xmldoc_read(bad_value, NULL, &doc, &err), 0);
	xmlFreeDoc(doc);
	xmldoc_grammar_free(g);
	drop_file(bad_value);
	drop_file(bad_element);
	strbuf_release(&err);
}

static void test_missing(void **state)
{
	struct xmldoc_grammar *g = (struct xmldoc_grammar *)&g;
	struct strbuf err = STRBUF_INIT;
	xmlDocPtr doc = (xmlDocPtr)&doc;
	char *rng;
	(void)state;

	assert_int_equal(xmldoc_read("/nonexistent/amdelta/x.xml", NULL, &doc, &err), -1);
	assert_null(doc);
	expect_first(strbuf_str(&err), "/nonexistent/amdelta/x.xml", 0, "cannot read the file");
	assert_int_equal(count_lines(strbuf_str(&err)), 1);
	strbuf_release(&err);

	assert_int_equal(xmldoc_grammar_load("/nonexistent/amdelta/x.rng", &g, &err), -1);
	assert_null(g);
	expect_first(strbuf_str(&err), "/nonexistent/amdelta/x.rng", 0, "cannot read the grammar");
	strbuf_release(&err);

	/* A grammar that is not well-formed: its own file and line. */
	rng = temp_file("<grammar xmlns=\"http://relaxng.org/ns/structure/1.0\">\n<start>\n");
	assert_int_equal(xmldoc_grammar_load(rng, &g, &err), -1);
	assert_null(g);
	expect_first(strbuf_str(&err), rng, 3, "");
	drop_file(rng);
	strbuf_release(&err);
}

/* Errors past XMLDOC_MAX_ERRORS are counted in one last line; what err
 * held before stays first. */
static void test_many_errors(void **state)
{
	struct strbuf text = STRBUF_INIT, err = STRBUF_INIT;
	xmlDocPtr doc = NULL;
	char *path;
	(void)state;

	strbuf_addstr(&text, "<list>\n");
	for (int i = 0; i < XMLDOC_MAX_ERRORS + 5; i++)
		strbuf_addstr(&text, "  <p:item/>\n");
	strbuf_addstr(&text, "</list>\n");
	path = temp_file(strbuf_str(&text));
	strbuf_addstr(&err, "earlier");
	assert_int_equal(xmldoc_read(path, NULL, &doc, &err), -1);
	assert_int_equal(strncmp(strbuf_str(&err), "earlier\n", 8), 0);
	assert_int_equal(count_lines(strbuf_str(&err)), 1 + XMLDOC_MAX_ERRORS + 1);
	/* The first error is the one of line 2; the last line counts the rest. */
	expect_first(strchr(strbuf_str(&err), '\n') + 1, path, 2, "");
	expect_first(strrchr(strbuf_str(&err), '\n') + 1, path, 0, "5 more errors");
	drop_file(path);
	strbuf_release(&text);
	strbuf_release(&err);
}

static void test_node_error(void **state)
{
	struct strbuf err = STRBUF_INIT;
	char *path = temp_file("<list>\n\n  <item n=\"a\"/>\n</list>\n");
	xmlDocPtr doc = NULL;
	xmlNodePtr item;
	(void)state;

	assert_int_equal(xmldoc_read(path, NULL, &doc, &err), 0);
	item = xmlDocGetRootElement(doc)->children->next;
	xmldoc_node_error(&err, "f.xml", item, "bad %s %d", "item", 7);
	xmldoc_node_error(&err, "f.xml", NULL, "no node");
	assert_string_equal(strbuf_str(&err), "f.xml:3: bad item 7\nf.xml: no node");
	xmlFreeDoc(doc);
	drop_file(path);
	strbuf_release(&err);
}

static int sentinel_calls;

#if LIBXML_VERSION >= 21200
static void sentinel(void *ctx, const xmlError *e)
#else
static void sentinel(void *ctx, xmlErrorPtr e)
#endif
{
	(void)ctx;
	(void)e;
	sentinel_calls++;
}

/* Failing calls write nothing to stderr, never reach the caller's global
 * handler, and put it back. */
static void test_quiet(void **state)
{
	struct xmldoc_grammar *g = NULL;
	struct strbuf err = STRBUF_INIT;
	char *log = temp_file("");
	char *bad = temp_file("<list>\n  <item n=\"z\"/>\n  <p:item/>\n  <item\n");
	char *invalid = temp_file("<list>\n  <item n=\"z\"/>\n</list>\n");
	char *bad_rng = temp_file("<grammar xmlns=\"http://relaxng.org/ns/structure/1.0\"><start/></grammar>\n");
	xmlDocPtr doc = NULL;
	int marker, saved = dup(2), fd = open(log, O_WRONLY | O_APPEND);
	struct stat st;

	assert_true(saved >= 0 && fd >= 0);
	xmlSetStructuredErrorFunc(&marker, sentinel);
	fflush(stderr);
	assert_int_equal(dup2(fd, 2), 2);

	assert_int_equal(xmldoc_read(bad, NULL, &doc, &err), -1);
	assert_int_equal(xmldoc_read("/nonexistent/amdelta/x.xml", NULL, &doc, &err), -1);
	assert_int_equal(xmldoc_grammar_load(bad_rng, &g, &err), -1);
	assert_int_equal(xmldoc_grammar_load("/nonexistent/amdelta/x.rng", &g, &err), -1);
	assert_int_equal(xmldoc_grammar_load(*state, &g, &err), 0);
	assert_int_equal(xmldoc_read(invalid, g, &doc, &err), -1);

	fflush(stderr);
	assert_int_equal(dup2(saved, 2), 2);
	close(saved);
	close(fd);
	assert_int_equal(stat(log, &st), 0);
	if (st.st_size)
		fail_msg("libxml2 wrote %ld bytes to stderr", (long)st.st_size);
	assert_int_equal(sentinel_calls, 0);
	assert_ptr_equal(xmlStructuredError, sentinel);
	assert_ptr_equal(xmlStructuredErrorContext, &marker);
	assert_true(count_lines(strbuf_str(&err)) >= 6);
	xmlSetStructuredErrorFunc(NULL, NULL);

	xmldoc_grammar_free(g);
	drop_file(log);
	drop_file(bad);
	drop_file(invalid);
	drop_file(bad_rng);
	strbuf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_success),
		cmocka_unit_test(test_not_well_formed),
		cmocka_unit_test(test_grammar_violation),
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_many_errors),
		cmocka_unit_test(test_node_error),
		cmocka_unit_test(test_quiet),
	};
	return cmocka_run_group_tests(tests, write_grammar, drop_grammar);
}
