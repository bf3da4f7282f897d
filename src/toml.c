/* toml: the deployment.toml subset reader (see toml.h). */
#include "toml.h"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

/* flags of a table or array */
enum {
	TF_EXPLICIT = 1,               /* table: defined by a [header] (or the root, or [[a]]) */
	TF_DOTTED = 2,                 /* table: made by a dotted key */
	TF_AOT = 4,                    /* array: an array of tables, made by [[a]] */
};

/* The parts of one key as written: a.b."c.d" is three parts. */
struct key {
	char *part[TOML_MAX_DEPTH];
	size_t len[TOML_MAX_DEPTH];    /* part[i]'s length (no NUL inside) */
	size_t n;
};

struct parser {
	const char *name;              /* for messages */
	const char *p, *end;           /* the cursor and the end of the input */
	long line;
	struct strbuf *err;
	struct toml_value *root;
	struct toml_value *cur;        /* the table key = value lines go into */
	size_t cur_depth;              /* the number of parts of cur's header */
	struct strbuf header;          /* cur's header as written, for messages ("" at the top) */
	locale_t c_locale;             /* for strtod, made on the first float; 0 until then */
};

static int fail(struct parser *ps, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(struct parser *ps, const char *fmt, ...)
{
	va_list ap;

	if (ps->err->len)
		strbuf_addch(ps->err, '\n');
	strbuf_addf(ps->err, "%s:%ld: ", ps->name, ps->line);
	va_start(ap, fmt);
	strbuf_vaddf(ps->err, fmt, ap);
	va_end(ap);
	return -1;
}

/* ---- the tree ---- */

static struct toml_value *value_new(enum toml_kind kind, long line, unsigned flags)
{
	struct toml_value *v = xcalloc(1, sizeof(*v));

	v->kind = kind;
	v->line = line;
	v->flags = flags;
	return v;
}

static void value_free(struct toml_value *v)
{
	if (!v)
		return;
	if (v->kind == TOML_STRING) {
		free(v->str);
	} else if (v->kind == TOML_ARRAY || v->kind == TOML_TABLE) {
		for (size_t i = 0; i < v->n; i++) {
			value_free(v->items[i]);
			if (v->keys)
				free(v->keys[i]);
		}
		free(v->items);
		free(v->keys);
		free(v->slots);
	}
	free(v);
}

static size_t key_hash(const char *key, size_t len)
{
	size_t h = 2166136261u;        /* FNV-1a */

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)key[i]) * 16777619u;
	return h;
}

/* Puts item i of table t into its hash index (which has room). */
static void index_add(struct toml_value *t, size_t i)
{
	size_t mask = t->nslots - 1;
	size_t s = key_hash(t->keys[i], strlen(t->keys[i])) & mask;

	while (t->slots[s])
		s = (s + 1) & mask;
	t->slots[s] = i + 1;
}

/* Keeps the hash index of t at most half full, once t has a few keys. */
static void index_grow(struct toml_value *t)
{
	if (t->n < 8 || 2 * t->n < t->nslots)
		return;
	free(t->slots);
	t->nslots = t->nslots ? 2 * t->nslots : 32;
	t->slots = xcalloc(t->nslots, sizeof(*t->slots));
	for (size_t i = 0; i < t->n; i++)
		index_add(t, i);
}

/* The index in table t of the key of len bytes, or -1. */
static long table_find(const struct toml_value *t, const char *key, size_t len)
{
	if (t->slots) {
		size_t mask = t->nslots - 1;

		for (size_t s = key_hash(key, len) & mask; t->slots[s]; s = (s + 1) & mask) {
			size_t i = t->slots[s] - 1;

			if (!strncmp(t->keys[i], key, len) && !t->keys[i][len])
				return (long)i;
		}
		return -1;
	}
	for (size_t i = 0; i < t->n; i++)
		if (!strncmp(t->keys[i], key, len) && !t->keys[i][len])
			return (long)i;
	return -1;
}

/* Adds key (copied) = v to table t, which takes v. */
static void table_add(struct toml_value *t, const char *key, size_t len, struct toml_value *v)
{
	size_t old = t->alloc;

	ALLOC_GROW(t->items, t->n + 1, t->alloc);
	if (t->alloc != old || !t->keys)
		t->keys = xrealloc(t->keys, t->alloc * sizeof(*t->keys));
	t->keys[t->n] = xstrndup(key, len);
	t->items[t->n++] = v;
	if (t->slots)
		index_add(t, t->n - 1);
	index_grow(t);
}

/* Adds v to array a, which takes it. */
static void array_add(struct toml_value *a, struct toml_value *v)
{
	ALLOC_GROW(a->items, a->n + 1, a->alloc);
	a->items[a->n++] = v;
}

/* ---- messages ---- */

static int is_bare(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-';
}

/* Appends the part of len bytes as TOML would write it: bare when it can
 * be, else "quoted" with non-printable bytes escaped; at most 64 bytes. */
static void add_part(struct strbuf *sb, const char *s, size_t len)
{
	size_t i, shown = len > 64 ? 64 : len;
	int bare = len > 0;

	for (i = 0; i < len; i++)
		bare = bare && is_bare((unsigned char)s[i]);
	if (bare) {
		strbuf_add(sb, s, shown);
	} else {
		strbuf_addch(sb, '"');
		for (i = 0; i < shown; i++) {
			unsigned char c = (unsigned char)s[i];

			if (c < 0x20 || c == 0x7f || c == '"' || c == '\\')
				strbuf_addf(sb, "\\x%02x", c);
			else
				strbuf_addch(sb, (char)c);
		}
		strbuf_addch(sb, '"');
	}
	if (shown < len)
		strbuf_addstr(sb, "...");
}

/* Appends parts [0, n) of k joined by '.'. */
static void add_key(struct strbuf *sb, const struct key *k, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_addch(sb, '.');
		add_part(sb, k->part[i], k->len[i]);
	}
}

/* The key's first n parts as text, with the current header before it
 * when with_header; for messages.  Caller frees. */
static char *key_text(const struct parser *ps, const struct key *k, size_t n, int with_header)
{
	struct strbuf sb = STRBUF_INIT;

	if (with_header && ps->header.len) {
		strbuf_addstr(&sb, strbuf_str(&ps->header));
		strbuf_addch(&sb, '.');
	}
	add_key(&sb, k, n);
	return strbuf_detach(&sb);
}

static void key_release(struct key *k)
{
	for (size_t i = 0; i < k->n; i++)
		free(k->part[i]);
	k->n = 0;
}

/* ---- lexical ---- */

static int at_end(const struct parser *ps)
{
	return ps->p >= ps->end;
}

static int peek(const struct parser *ps, size_t off)
{
	return ps->p + off < ps->end ? (unsigned char)ps->p[off] : -1;
}

static void skip_blanks(struct parser *ps)
{
	while (!at_end(ps) && (*ps->p == ' ' || *ps->p == '\t'))
		ps->p++;
}

/* A control character TOML allows in no string or comment (tab is fine). */
static int is_control(int c)
{
	return (c >= 0 && c < 0x20 && c != '\t') || c == 0x7f;
}

/* At '#': skips the comment up to (not over) the line end. */
static int skip_comment(struct parser *ps)
{
	for (ps->p++; !at_end(ps) && *ps->p != '\n'; ps->p++) {
		if (*ps->p == '\r' && peek(ps, 1) == '\n')
			continue;
		if (is_control((unsigned char)*ps->p))
			return fail(ps, "control character in a comment");
	}
	return 0;
}

/* At a line end (LF or CRLF) or the end: steps over it.  Returns 1 when
 * there was one, 0 when something else is at the cursor. */
static int eat_newline(struct parser *ps)
{
	if (at_end(ps))
		return 1;
	if (*ps->p == '\n' || (*ps->p == '\r' && peek(ps, 1) == '\n')) {
		ps->p += *ps->p == '\r' ? 2 : 1;
		ps->line++;
		return 1;
	}
	return 0;
}

/* After a header or a value: blanks, an optional comment, then the end of
 * the line. */
static int end_of_line(struct parser *ps, const char *after)
{
	skip_blanks(ps);
	if (!at_end(ps) && *ps->p == '#' && skip_comment(ps))
		return -1;
	if (!eat_newline(ps))
		return fail(ps, "unexpected text after %s", after);
	return 0;
}

/* Blanks, line ends and comments, as arrays allow between items. */
static int skip_space_lines(struct parser *ps)
{
	for (;;) {
		skip_blanks(ps);
		if (at_end(ps))
			return 0;
		if (*ps->p == '#') {
			if (skip_comment(ps))
				return -1;
		} else if (*ps->p == '\n' || *ps->p == '\r') {
			if (!eat_newline(ps))
				return fail(ps, "carriage return without line feed");
		} else {
			return 0;
		}
	}
}

/* Checks that the input is UTF-8 without NUL, as TOML wants; the line of
 * the first bad byte goes into the message. */
static int check_utf8(struct parser *ps)
{
	const unsigned char *s = (const unsigned char *)ps->p, *end = (const unsigned char *)ps->end;
	long line = 1;

	while (s < end) {
		unsigned c = *s;
		size_t n;
		unsigned cp, min;

		if (c == '\n')
			line++;
		if (c == 0) {
			ps->line = line;
			return fail(ps, "NUL byte in the file");
		}
		if (c < 0x80) {
			s++;
			continue;
		}
		if ((c & 0xe0) == 0xc0)
			n = 1, cp = c & 0x1f, min = 0x80;
		else if ((c & 0xf0) == 0xe0)
			n = 2, cp = c & 0x0f, min = 0x800;
		else if ((c & 0xf8) == 0xf0)
			n = 3, cp = c & 0x07, min = 0x10000;
		else
			n = 0, cp = 0, min = 1;
		if (!n || (size_t)(end - s) <= n)
			goto bad;
		for (size_t i = 1; i <= n; i++) {
			if ((s[i] & 0xc0) != 0x80)
				goto bad;
			cp = (cp << 6) | (s[i] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			goto bad;
		s += n + 1;
	}
	return 0;
bad:
	ps->line = line;
	return fail(ps, "invalid UTF-8");
}

static void add_utf8(struct strbuf *sb, unsigned long cp)
{
	if (cp < 0x80) {
		strbuf_addch(sb, (int)cp);
	} else if (cp < 0x800) {
		strbuf_addch(sb, (int)(0xc0 | (cp >> 6)));
		strbuf_addch(sb, (int)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		strbuf_addch(sb, (int)(0xe0 | (cp >> 12)));
		strbuf_addch(sb, (int)(0x80 | ((cp >> 6) & 0x3f)));
		strbuf_addch(sb, (int)(0x80 | (cp & 0x3f)));
	} else {
		strbuf_addch(sb, (int)(0xf0 | (cp >> 18)));
		strbuf_addch(sb, (int)(0x80 | ((cp >> 12) & 0x3f)));
		strbuf_addch(sb, (int)(0x80 | ((cp >> 6) & 0x3f)));
		strbuf_addch(sb, (int)(0x80 | (cp & 0x3f)));
	}
}

/* At the digits of \uXXXX (ndigits 4) or \UXXXXXXXX (8): adds the
 * character to sb. */
static int read_unicode_escape(struct parser *ps, size_t ndigits, struct strbuf *sb)
{
	unsigned long cp = 0;

	for (size_t i = 0; i < ndigits; i++) {
		int c = peek(ps, i);

		if (c >= '0' && c <= '9')
			cp = cp * 16 + (unsigned long)(c - '0');
		else if (c >= 'a' && c <= 'f')
			cp = cp * 16 + (unsigned long)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			cp = cp * 16 + (unsigned long)(c - 'A' + 10);
		else
			return fail(ps, "\\%c needs %zu hexadecimal digits", ndigits == 4 ? 'u' : 'U',
				    ndigits);
	}
	if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return fail(ps, "unicode escape of no unicode scalar value");
	if (!cp)
		return fail(ps, "\\u0000 is not allowed in a string");
	add_utf8(sb, cp);
	ps->p += ndigits;
	return 0;
}

/* At '"': reads a basic string (one line) into sb. */
static int read_basic_string(struct parser *ps, struct strbuf *sb)
{
	if (peek(ps, 1) == '"' && peek(ps, 2) == '"')
		return fail(ps, "multi-line strings (\"\"\") are not supported");
	for (ps->p++;; ps->p++) {
		int c = peek(ps, 0);

		if (c < 0 || c == '\n' || c == '\r')
			return fail(ps, "unterminated string");
		if (c == '"') {
			ps->p++;
			return 0;
		}
		if (is_control(c))
			return fail(ps, "control character in a string");
		if (c != '\\') {
			strbuf_addch(sb, c);
			continue;
		}
		ps->p++;
		switch (peek(ps, 0)) {
		case 'b': strbuf_addch(sb, '\b'); break;
		case 't': strbuf_addch(sb, '\t'); break;
		case 'n': strbuf_addch(sb, '\n'); break;
		case 'f': strbuf_addch(sb, '\f'); break;
		case 'r': strbuf_addch(sb, '\r'); break;
		case '"': strbuf_addch(sb, '"'); break;
		case '\\': strbuf_addch(sb, '\\'); break;
		case 'u':
		case 'U':
			ps->p++;
			if (read_unicode_escape(ps, ps->p[-1] == 'u' ? 4 : 8, sb))
				return -1;
			ps->p--;
			break;
		default:
			return fail(ps, "invalid escape sequence in a string");
		}
	}
}

/* At '\'': reads a literal string (one line) into sb. */
static int read_literal_string(struct parser *ps, struct strbuf *sb)
{
	if (peek(ps, 1) == '\'' && peek(ps, 2) == '\'')
		return fail(ps, "multi-line strings (''') are not supported");
	for (ps->p++;; ps->p++) {
		int c = peek(ps, 0);

		if (c < 0 || c == '\n' || c == '\r')
			return fail(ps, "unterminated string");
		if (c == '\'') {
			ps->p++;
			return 0;
		}
		if (is_control(c))
			return fail(ps, "control character in a string");
		strbuf_addch(sb, c);
	}
}

/* Reads a key (parts joined by '.', blanks around the dots) into k, which
 * must be empty; at most max parts.  On failure k may hold parts: the
 * caller releases k either way. */
static int read_key(struct parser *ps, struct key *k, size_t max)
{
	struct strbuf sb = STRBUF_INIT;
	int rc = -1;

	for (;;) {
		int c;

		skip_blanks(ps);
		c = peek(ps, 0);
		if (c == '"' || c == '\'') {
			if ((c == '"' ? read_basic_string : read_literal_string)(ps, &sb))
				goto out;
		} else if (c >= 0 && is_bare(c)) {
			while (!at_end(ps) && is_bare((unsigned char)*ps->p))
				strbuf_addch(&sb, *ps->p++);
		} else {
			fail(ps, k->n ? "expected a key after '.'" : "expected a key");
			goto out;
		}
		if (k->n >= max) {
			fail(ps, "key path longer than %d keys", TOML_MAX_DEPTH);
			goto out;
		}
		k->len[k->n] = sb.len;
		k->part[k->n++] = strbuf_detach(&sb);
		skip_blanks(ps);
		if (peek(ps, 0) != '.')
			break;
		ps->p++;
	}
	rc = 0;
out:
	strbuf_release(&sb);
	return rc;
}

/* ---- values ---- */

/* A character that may be part of a number or a bare word (true, a date,
 * inf, a mistyped value): what read_scalar collects before deciding. */
static int is_token_char(int c)
{
	return is_bare(c) || c == '+' || c == '.' || c == ':';
}

/* Appends to out the digits of s[*i...] with '_' between digits dropped;
 * returns the number of digits, or -1 when an '_' is not between two. */
static int take_digits(const char *s, size_t *i, struct strbuf *out)
{
	int n = 0;

	while ((s[*i] >= '0' && s[*i] <= '9') || s[*i] == '_') {
		if (s[*i] == '_') {
			if (!n || !(s[*i + 1] >= '0' && s[*i + 1] <= '9'))
				return -1;
		} else {
			strbuf_addch(out, s[*i]);
			n++;
		}
		(*i)++;
	}
	return n;
}

/* Parses tok, a whole decimal integer or float, into v.  The token is not
 * quoted in messages: a bare word may be a password typed without quotes. */
static int parse_number(struct parser *ps, const char *tok, struct toml_value *v)
{
	struct strbuf num = STRBUF_INIT;
	size_t i = 0, int_start;
	int digits, is_float = 0, rc = -1;

	if (tok[i] == '+' || tok[i] == '-')
		strbuf_addch(&num, tok[i++]);
	int_start = i;
	digits = take_digits(tok, &i, &num);
	if (digits <= 0)
		goto bad;
	if (tok[int_start] == '0' && digits > 1) {
		fail(ps, "leading zero in a number");
		goto out;
	}
	if (tok[i] == '.') {
		strbuf_addch(&num, tok[i++]);
		if (take_digits(tok, &i, &num) <= 0)
			goto bad;
		is_float = 1;
	}
	if (tok[i] == 'e' || tok[i] == 'E') {
		strbuf_addch(&num, 'e');
		i++;
		if (tok[i] == '+' || tok[i] == '-')
			strbuf_addch(&num, tok[i++]);
		if (take_digits(tok, &i, &num) <= 0)
			goto bad;
		is_float = 1;
	}
	if (tok[i])
		goto bad;
	errno = 0;
	if (is_float) {
		locale_t old;

		if (!ps->c_locale)
			ps->c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
		/* psqlODBC calls setlocale(): read '.' as the C locale does */
		old = ps->c_locale ? uselocale(ps->c_locale) : (locale_t)0;
		v->kind = TOML_FLOAT;
		v->flt = strtod(strbuf_str(&num), NULL);
		if (ps->c_locale)
			uselocale(old);
	} else {
		v->kind = TOML_INT;
		v->num = strtoll(strbuf_str(&num), NULL, 10);
	}
	if (errno == ERANGE && (!is_float || v->flt != 0.0)) {
		fail(ps, "number out of range");
		goto out;
	}
	rc = 0;
	goto out;
bad:
	fail(ps, "invalid number");
out:
	strbuf_release(&num);
	return rc;
}

/* Reads a bare token (a number, true or false) into v. */
static int read_scalar(struct parser *ps, struct toml_value *v)
{
	struct strbuf tok = STRBUF_INIT;
	const char *t, *body;
	int rc = -1;

	while (!at_end(ps) && is_token_char((unsigned char)*ps->p))
		strbuf_addch(&tok, *ps->p++);
	t = strbuf_str(&tok);
	body = t + (*t == '+' || *t == '-');
	if (!strcmp(t, "true") || !strcmp(t, "false")) {
		v->kind = TOML_BOOL;
		v->boolean = *t == 't';
		rc = 0;
	} else if (!strcmp(body, "inf") || !strcmp(body, "nan")) {
		fail(ps, "inf and nan are not supported");
	} else if (body[0] == '0' && (body[1] == 'x' || body[1] == 'o' || body[1] == 'b')) {
		fail(ps, "hexadecimal, octal and binary integers are not supported");
	} else if (strchr(t, ':') || (strlen(t) >= 5 && t[4] == '-' && t[0] >= '0' && t[0] <= '9')) {
		fail(ps, "dates and times are not supported");
	} else if ((*body >= '0' && *body <= '9') || (body != t && *body == '.')) {
		rc = parse_number(ps, t, v);
	} else {
		fail(ps, "expected a value (a quoted string, a number, true, false or an array)");
	}
	strbuf_release(&tok);
	return rc;
}

static int read_value(struct parser *ps, size_t depth, struct toml_value **out);

/* At '[': reads an array (its items may span lines) into a. */
static int read_array(struct parser *ps, size_t depth, struct toml_value *a)
{
	long start = ps->line;

	ps->p++;
	for (;;) {
		struct toml_value *item;

		if (skip_space_lines(ps))
			return -1;
		if (at_end(ps)) {
			ps->line = start;
			return fail(ps, "unterminated array");
		}
		if (*ps->p == ']')
			break;
		if (read_value(ps, depth + 1, &item))
			return -1;
		array_add(a, item);
		if (skip_space_lines(ps))
			return -1;
		if (!at_end(ps) && *ps->p == ',') {
			ps->p++;
			continue;
		}
		if (!at_end(ps) && *ps->p == ']')
			break;
		if (at_end(ps)) {
			ps->line = start;
			return fail(ps, "unterminated array");
		}
		return fail(ps, "expected ',' or ']' after an array item");
	}
	ps->p++;
	return 0;
}

/* Reads one value at the cursor into a new *out (NULL on failure). */
static int read_value(struct parser *ps, size_t depth, struct toml_value **out)
{
	struct toml_value *v = value_new(TOML_STRING, ps->line, 0);
	int c = peek(ps, 0), rc = -1;

	*out = NULL;
	if (depth >= TOML_MAX_DEPTH) {
		fail(ps, "arrays nested deeper than %d", TOML_MAX_DEPTH);
		goto out;
	}
	if (c == '"' || c == '\'') {
		struct strbuf sb = STRBUF_INIT;

		if ((c == '"' ? read_basic_string : read_literal_string)(ps, &sb)) {
			strbuf_release(&sb);
			goto out;
		}
		v->str = strbuf_detach(&sb);
	} else if (c == '[') {
		v->kind = TOML_ARRAY;
		if (read_array(ps, depth, v))
			goto out;
	} else if (c == '{') {
		fail(ps, "inline tables ({ ... }) are not supported");
		goto out;
	} else if (c >= 0 && is_token_char(c)) {
		v->kind = TOML_BOOL;   /* no string to free if it fails */
		if (read_scalar(ps, v))
			goto out;
	} else {
		fail(ps, c < 0 || c == '\n' || c == '\r' || c == '#' ? "missing value"
		     : "expected a value (a quoted string, a number, true, false or an array)");
		goto out;
	}
	*out = v;
	v = NULL;
	rc = 0;
out:
	value_free(v);
	return rc;
}

/* ---- lines ---- */

/* At '[': a [table] or [[array.of.tables]] header; makes its table the
 * current one. */
static int read_header(struct parser *ps)
{
	struct key k = { .n = 0 };
	struct toml_value *t = ps->root, *v = NULL;
	int aot = peek(ps, 1) == '[', rc = -1;
	long idx;
	char *text = NULL;

	ps->p += aot ? 2 : 1;
	if (read_key(ps, &k, TOML_MAX_DEPTH))
		goto out;
	if (peek(ps, 0) != ']' || (aot && peek(ps, 1) != ']')) {
		fail(ps, aot ? "expected ']]' after the key" : "expected ']' after the key");
		goto out;
	}
	ps->p += aot ? 2 : 1;
	text = key_text(ps, &k, k.n, 0);
	for (size_t i = 0; i + 1 < k.n; i++) {
		idx = table_find(t, k.part[i], k.len[i]);
		if (idx < 0) {
			v = value_new(TOML_TABLE, ps->line, 0);
			table_add(t, k.part[i], k.len[i], v);
			t = v;
			continue;
		}
		v = t->items[idx];
		if (v->kind == TOML_TABLE) {
			t = v;
		} else if (v->kind == TOML_ARRAY && (v->flags & TF_AOT)) {
			t = v->items[v->n - 1];
		} else {
			char *part = key_text(ps, &k, i + 1, 0);

			fail(ps, "%s is a value (line %ld), not a table", part, v->line);
			free(part);
			goto out;
		}
	}
	idx = table_find(t, k.part[k.n - 1], k.len[k.n - 1]);
	v = idx < 0 ? NULL : t->items[idx];
	if (aot) {
		struct toml_value *elem;

		if (!v) {
			v = value_new(TOML_ARRAY, ps->line, TF_AOT);
			table_add(t, k.part[k.n - 1], k.len[k.n - 1], v);
		} else if (v->kind != TOML_ARRAY || !(v->flags & TF_AOT)) {
			fail(ps, "[[%s]]: %s is defined on line %ld and is no array of tables", text,
			     text, v->line);
			goto out;
		}
		elem = value_new(TOML_TABLE, ps->line, TF_EXPLICIT);
		array_add(v, elem);
		t = elem;
	} else if (!v) {
		v = value_new(TOML_TABLE, ps->line, TF_EXPLICIT);
		table_add(t, k.part[k.n - 1], k.len[k.n - 1], v);
		t = v;
	} else if (v->kind == TOML_TABLE && !(v->flags & (TF_EXPLICIT | TF_DOTTED))) {
		v->flags |= TF_EXPLICIT;
		v->line = ps->line;
		t = v;
	} else {
		if (v->kind == TOML_TABLE && (v->flags & TF_DOTTED))
			fail(ps, "table [%s] was already defined by dotted keys on line %ld", text,
			     v->line);
		else if (v->kind == TOML_TABLE)
			fail(ps, "table [%s] defined twice (first on line %ld)", text, v->line);
		else if (v->kind == TOML_ARRAY && (v->flags & TF_AOT))
			fail(ps, "[%s] is an array of tables (line %ld), not a table", text, v->line);
		else
			fail(ps, "%s is a value (line %ld), not a table", text, v->line);
		goto out;
	}
	ps->cur = t;
	ps->cur_depth = k.n;
	strbuf_reset(&ps->header);
	strbuf_addstr(&ps->header, text);
	rc = end_of_line(ps, "the header");
out:
	free(text);
	key_release(&k);
	return rc;
}

/* A key = value line, into the current table. */
static int read_keyval(struct parser *ps)
{
	struct key k = { .n = 0 };
	struct toml_value *t = ps->cur, *v = NULL;
	long idx, line = ps->line;
	int rc = -1;
	char *text;

	if (read_key(ps, &k, TOML_MAX_DEPTH - ps->cur_depth))
		goto out;
	if (peek(ps, 0) != '=') {
		fail(ps, "expected '=' after the key");
		goto out;
	}
	ps->p++;
	skip_blanks(ps);
	for (size_t i = 0; i + 1 < k.n; i++) {
		idx = table_find(t, k.part[i], k.len[i]);
		if (idx < 0) {
			v = value_new(TOML_TABLE, line, TF_DOTTED);
			table_add(t, k.part[i], k.len[i], v);
			t = v;
			continue;
		}
		v = t->items[idx];
		if (v->kind != TOML_TABLE || !(v->flags & TF_DOTTED)) {
			text = key_text(ps, &k, i + 1, 1);
			if (v->kind == TOML_TABLE)
				fail(ps, "dotted key cannot add to table [%s] (line %ld)", text, v->line);
			else
				fail(ps, "%s is a value (line %ld), not a table", text, v->line);
			free(text);
			goto out;
		}
		t = v;
	}
	idx = table_find(t, k.part[k.n - 1], k.len[k.n - 1]);
	if (idx >= 0) {
		text = key_text(ps, &k, k.n, 1);
		fail(ps, "duplicate key %s (first on line %ld)", text, t->items[idx]->line);
		free(text);
		goto out;
	}
	if (read_value(ps, 0, &v))
		goto out;
	v->line = line;
	table_add(t, k.part[k.n - 1], k.len[k.n - 1], v);
	rc = end_of_line(ps, "the value");
out:
	key_release(&k);
	return rc;
}

static int parse(struct parser *ps)
{
	while (!at_end(ps)) {
		int c;

		skip_blanks(ps);
		c = peek(ps, 0);
		if (c == '#') {
			if (end_of_line(ps, "the comment"))
				return -1;
		} else if (c < 0 || c == '\n' || c == '\r') {
			if (!eat_newline(ps))
				return fail(ps, "carriage return without line feed");
		} else if (c == '[') {
			if (read_header(ps))
				return -1;
		} else if (read_keyval(ps)) {
			return -1;
		}
	}
	return 0;
}

/* ---- public ---- */

int toml_parse_mem(const char *name, const char *buf, size_t len, struct toml **out,
		   struct strbuf *err)
{
	struct parser ps = { .name = name, .p = buf, .end = buf + len, .line = 1, .err = err };
	struct toml *t = xcalloc(1, sizeof(*t));
	int rc = -1;

	*out = NULL;
	strbuf_init(&ps.header);
	t->name = xstrdup(name);
	t->root = value_new(TOML_TABLE, 0, TF_EXPLICIT);
	ps.root = ps.cur = t->root;
	if (len > TOML_MAX_SIZE) {
		if (err->len)
			strbuf_addch(err, '\n');
		strbuf_addf(err, "%s: larger than %u bytes", name, TOML_MAX_SIZE);
		goto out;
	}
	if (len >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3))
		ps.p += 3;
	if (check_utf8(&ps))
		goto out;
	ps.line = 1;
	if (parse(&ps))
		goto out;
	*out = t;
	t = NULL;
	rc = 0;
out:
	if (ps.c_locale)
		freelocale(ps.c_locale);
	strbuf_release(&ps.header);
	toml_free(t);
	return rc;
}

int toml_parse_file(const char *path, struct toml **out, struct strbuf *err)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, alloc = 0;
	int rc = -1;

	*out = NULL;
	if (!f)
		goto io_error;
	for (;;) {
		size_t n;

		ALLOC_GROW(buf, len + 65536, alloc);
		n = fread(buf + len, 1, alloc - len, f);
		len += n;
		if (len > TOML_MAX_SIZE || n == 0)
			break;
	}
	if (ferror(f))
		goto io_error;
	rc = toml_parse_mem(path, buf, len, out, err);
	goto out;
io_error:
	if (err->len)
		strbuf_addch(err, '\n');
	strbuf_addf(err, "%s: cannot read the file: %s", path, strerror(errno));
out:
	if (f)
		fclose(f);
	free(buf);
	return rc;
}

void toml_free(struct toml *t)
{
	if (!t)
		return;
	value_free(t->root);
	free(t->name);
	free(t);
}

const struct toml_value *toml_table_get(const struct toml_value *table, const char *key)
{
	long i;

	if (!table || table->kind != TOML_TABLE)
		return NULL;
	i = table_find(table, key, strlen(key));
	return i < 0 ? NULL : table->items[i];
}

const struct toml_value *toml_lookup(const struct toml_value *table, const char *path)
{
	const struct toml_value *v = table;

	if (!*path)
		return v && v->kind == TOML_TABLE ? v : NULL;
	for (;;) {
		const char *dot = strchr(path, '.');
		size_t len = dot ? (size_t)(dot - path) : strlen(path);
		long i;

		if (!v || v->kind != TOML_TABLE)
			return NULL;
		i = table_find(v, path, len);
		if (i < 0)
			return NULL;
		v = v->items[i];
		if (!dot)
			return v;
		path = dot + 1;
	}
}

const struct toml_value *toml_get_table(const struct toml *t, const char *path)
{
	const struct toml_value *v = t ? toml_lookup(t->root, path) : NULL;

	return v && v->kind == TOML_TABLE ? v : NULL;
}

const char *toml_get(const struct toml *t, const char *path)
{
	const struct toml_value *v = t ? toml_lookup(t->root, path) : NULL;

	return v && v->kind == TOML_STRING ? v->str : NULL;
}
