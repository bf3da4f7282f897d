/*
 * util: allocation that cannot fail, growable strings, small string helpers.
 *
 * The x*alloc functions abort with a message on out-of-memory, as git's do:
 * amdelta holds a few catalogs of a few thousand rows and cannot do anything
 * useful once malloc fails.
 */
#ifndef AMDELTA_UTIL_H
#define AMDELTA_UTIL_H

#include <stdarg.h>
#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
/* xstrdup(NULL) returns NULL. */
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Returns a new string formatted as printf would; the caller frees it. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grows *arr (elements of size elsz) so that it holds at least need elements;
 * *alloc is its current capacity.  Like git's ALLOC_GROW. */
void grow_array(void **arr, size_t elsz, size_t need, size_t *alloc);
#define ALLOC_GROW(arr, need, alloc) \
	grow_array((void **)&(arr), sizeof(*(arr)), (need), &(alloc))

/* A growable NUL-terminated string.  Initialise with STRBUF_INIT or
 * strbuf_init(); release with strbuf_release(). */
struct strbuf {
	size_t len, alloc;
	char *buf;
};
#define STRBUF_INIT { 0, 0, NULL }

void strbuf_init(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);
/* Hands the buffer to the caller (never NULL) and re-initialises sb. */
char *strbuf_detach(struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);
void strbuf_add(struct strbuf *sb, const char *s, size_t n);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, int c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
/* The contents, "" when empty (never NULL). */
const char *strbuf_str(const struct strbuf *sb);

/* Case-insensitive ASCII comparison; NULL sorts first. */
int str_casecmp(const char *a, const char *b);
int str_caseeq(const char *a, const char *b);
/* Upper-cases s in place and returns it. */
char *str_upper(char *s);
/* Removes leading and trailing white space in place; returns s. */
char *str_trim(char *s);
/* Parses a decimal long; returns 0 on success, -1 when s is not a whole number. */
int str_tolong(const char *s, long *out);

/* Milliseconds from a monotonic clock. */
double now_ms(void);

#endif
