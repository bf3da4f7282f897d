/* log: the one message path (see log.h). */
#include "log.h"

#include <stdarg.h>

#include "banned.h"

void log_msg(const struct logger *lg, enum log_level level, const char *fmt, ...)
{
	static const char *const prefix[] = { "debug: ", "", "warning: ", "error: " };
	FILE *out = lg && lg->out ? lg->out : stderr;
	va_list ap;

	if (lg && level < lg->min)
		return;
	flockfile(out);   /* one line, whole, when threads log at once */
	fprintf(out, "amdelta: %s", prefix[level]);
	va_start(ap, fmt);
	vfprintf(out, fmt, ap);
	va_end(ap);
	fputc('\n', out);
	funlockfile(out);
}
