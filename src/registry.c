/* registry: the versioning flags of registry.xml (see registry.h). */
#include "registry.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "xmldoc.h"
#include "banned.h"

/* One versioning flag: where it is in registry.xml and in the struct. */
struct flag_def {
	const char *element;     /* child of <staticConfiguration> */
	const char *label;       /* its name in registry_versioning_describe() */
	size_t offset;           /* its int field in struct registry_versioning */
};

/* In describe order. */
static const struct flag_def flags[] = {
	{ "versioningProperties", "properties", offsetof(struct registry_versioning, properties) },
	{ "versioningComments", "comments", offsetof(struct registry_versioning, comments) },
	{ "versioningTags", "tags", offsetof(struct registry_versioning, tags) },
	{ "versioningRatings", "ratings", offsetof(struct registry_versioning, ratings) },
};
#define NFLAGS (sizeof(flags) / sizeof(flags[0]))

static int *flag_field(struct registry_versioning *v, size_t i)
{
	return (int *)((char *)v + flags[i].offset);
}

static int flag_get(const struct registry_versioning *v, size_t i)
{
	return *(const int *)((const char *)v + flags[i].offset);
}

static void reset(struct registry_versioning *v)
{
	for (size_t i = 0; i < NFLAGS; i++)
		*flag_field(v, i) = REG_FLAG_ABSENT;
}

static int is_element(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

/* The index in flags[] of the element n, or -1 when n is no flag. */
static int flag_index(const xmlNode *n)
{
	for (size_t i = 0; i < NFLAGS; i++)
		if (is_element(n, flags[i].element))
			return (int)i;
	return -1;
}

/* Parses the text of the flag element n (trimmed, any case) into *field.
 * Returns 0, or -1 with the error added to err. */
static int read_flag(const char *path, const xmlNode *n, int *field, struct strbuf *err)
{
	xmlChar *content = xmlNodeGetContent(n);
	char *text = xstrdup(content ? (const char *)content : "");
	int rc = -1;

	str_trim(text);
	if (str_caseeq(text, "true")) {
		*field = REG_FLAG_TRUE;
	} else if (str_caseeq(text, "false")) {
		*field = REG_FLAG_FALSE;
	} else {
		xmldoc_node_error(err, path, n, "%s is '%s', not true or false", (const char *)n->name,
				  text);
		goto out;
	}
	rc = 0;
out:
	free(text);
	xmlFree(content);
	return rc;
}

int registry_versioning_read(const char *path, struct registry_versioning *out, struct strbuf *err)
{
	const xmlNode *seen[NFLAGS] = { 0 };   /* where each flag was first given */
	struct registry_versioning v;
	xmlDocPtr doc = NULL;
	xmlNodePtr root;
	int rc = -1;

	reset(out);
	reset(&v);
	if (xmldoc_read(path, NULL, &doc, err))
		goto out;
	root = xmlDocGetRootElement(doc);
	if (!root) {
		xmldoc_node_error(err, path, NULL, "no root element, want <wso2registry>");
		goto out;
	}
	if (!is_element(root, "wso2registry")) {
		xmldoc_node_error(err, path, root, "root element is <%s>, not <wso2registry>",
				  (const char *)root->name);
		goto out;
	}
	for (xmlNodePtr sc = root->children; sc; sc = sc->next) {
		if (!is_element(sc, "staticConfiguration"))
			continue;
		for (xmlNodePtr n = sc->children; n; n = n->next) {
			int i = flag_index(n);

			if (i < 0)
				continue;
			if (seen[i]) {
				xmldoc_node_error(err, path, n, "%s given twice (first on line %ld)",
						  flags[i].element, xmlGetLineNo(seen[i]));
				goto out;
			}
			seen[i] = n;
			if (read_flag(path, n, flag_field(&v, (size_t)i), err))
				goto out;
		}
	}
	*out = v;
	rc = 0;
out:
	xmlFreeDoc(doc);
	return rc;
}

int registry_versioning_on(const struct registry_versioning *v)
{
	int rc = -1;

	for (size_t i = 0; i < NFLAGS; i++) {
		int f = flag_get(v, i);

		if (f == REG_FLAG_TRUE) {
			rc = 1;
			break;
		}
		if (f == REG_FLAG_FALSE)
			rc = 0;
	}
	return rc;
}

void registry_versioning_describe(const struct registry_versioning *v, struct strbuf *sb)
{
	for (size_t i = 0; i < NFLAGS; i++) {
		int f = flag_get(v, i);

		strbuf_addf(sb, "%s%s=%s", i ? " " : "", flags[i].label,
			    f == REG_FLAG_TRUE ? "true" : f == REG_FLAG_FALSE ? "false" : "absent");
	}
}
