/* template: named placeholders of a SQL block (see template.h). */
#include "template.h"

#include <stdlib.h>
#include <string.h>

#include "banned.h"

/* Length of the placeholder name at s (after "{{") when "}}" closes it,
 * else 0. */
static size_t name_len(const char *s)
{
	size_t n = 0;

	while ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= '0' && s[n] <= '9') || s[n] == '_')
		n++;
	return n && s[n] == '}' && s[n + 1] == '}' ? n : 0;
}

static const char *value_of(const char *name, size_t len, const struct template_var *vars,
			    size_t nvars)
{
	for (size_t i = 0; i < nvars; i++)
		if (strlen(vars[i].name) == len && !strncmp(vars[i].name, name, len))
			return vars[i].value;
	return NULL;
}

int template_expand(struct strbuf *out, const char *tmpl, const struct template_var *vars,
		    size_t nvars, struct strbuf *err)
{
	const char *p = tmpl, *open;

	while ((open = strstr(p, "{{"))) {
		size_t n = name_len(open + 2);
		const char *v;

		if (!n) {   /* not a placeholder: text */
			strbuf_add(out, p, (size_t)(open - p) + 2);
			p = open + 2;
			continue;
		}
		strbuf_add(out, p, (size_t)(open - p));
		v = value_of(open + 2, n, vars, nvars);
		if (!v) {
			strbuf_addf(err, "the SQL template has no value for {{%.*s}}", (int)n, open + 2);
			return -1;
		}
		strbuf_addstr(out, v);
		p = open + 2 + n + 2;
	}
	strbuf_addstr(out, p);
	return 0;
}

int template_expand_statements(const char *tmpl, const struct template_var *vars, size_t nvars,
			       void (*add)(void *ctx, const char *stmt), void *ctx,
			       struct strbuf *err)
{
	size_t seplen = strlen(TEMPLATE_SEPARATOR);
	struct strbuf sb = STRBUF_INIT;
	const char *p = tmpl, *sep;
	int rc = -1;

	/* the whole block first, so that nothing is added when it fails */
	if (template_expand(&sb, tmpl, vars, nvars, err))
		goto out;
	/* then statement by statement: a value never splits one */
	do {
		char *piece;

		sep = strstr(p, TEMPLATE_SEPARATOR);
		piece = sep ? xstrndup(p, (size_t)(sep - p)) : xstrdup(p);
		strbuf_reset(&sb);
		template_expand(&sb, piece, vars, nvars, err);
		free(piece);
		add(ctx, strbuf_str(&sb));
		p = sep ? sep + seplen : NULL;
	} while (p);
	rc = 0;
out:
	strbuf_release(&sb);
	return rc;
}
