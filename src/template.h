/*
 * template: fills the named placeholders of a SQL block.
 *
 * The per-dialect SQL blocks live as SQL files under sql/<dialect>/ and are
 * compiled in (sql/embed.awk, see dialect.h).  A placeholder is {{name}},
 * name of lower-case letters, digits and '_'; any other "{{" is text.  The
 * values are written as given: the caller quotes and escapes them for the
 * place the block puts them (an identifier, inside a string literal, ...).
 *
 * A block of several statements separates them with a line that holds only
 * ";" (TEMPLATE_SEPARATOR); template_expand_statements splits them.
 */
#ifndef AMDELTA_TEMPLATE_H
#define AMDELTA_TEMPLATE_H

#include <stddef.h>

#include "util.h"

/* One placeholder's value. */
struct template_var {
	const char *name;   /* without the braces */
	const char *value;  /* written as is; NULL is an error */
};

/* The line between two statements of a block. */
#define TEMPLATE_SEPARATOR "\n;\n"

/* Appends tmpl to out with every placeholder replaced by the value of the
 * var of that name (the first of nvars vars that has it).  Returns 0, or -1
 * when tmpl names a placeholder vars has no value for, with err saying
 * which; out then holds the text up to it. */
int template_expand(struct strbuf *out, const char *tmpl, const struct template_var *vars,
		    size_t nvars, struct strbuf *err);

/* Expands tmpl as template_expand does and calls add(ctx, statement) for
 * each of its statements in order (separated by TEMPLATE_SEPARATOR lines).
 * Returns 0, or -1 as template_expand does, before any add. */
int template_expand_statements(const char *tmpl, const struct template_var *vars, size_t nvars,
			       void (*add)(void *ctx, const char *stmt), void *ctx,
			       struct strbuf *err);

#endif
