/*
 * log: the one message path.
 *
 * Every human-readable diagnostic goes through log_msg(), which writes to the
 * stream chosen in struct logger (stderr by default; the text report may be
 * routed elsewhere, see report.h).  Errors are lower-case, state the error
 * first, and name the database and the object.
 */
#ifndef AMDELTA_LOG_H
#define AMDELTA_LOG_H

#include <stdio.h>

enum log_level { LOG_DEBUG = 0, LOG_INFO, LOG_WARN, LOG_ERROR };

struct logger {
	FILE *out;               /* where messages go; NULL means stderr */
	enum log_level min;      /* messages below this level are dropped */
};

/* Writes "amdelta: error: ..." (or "warning: ") followed by a newline. */
void log_msg(const struct logger *lg, enum log_level level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
