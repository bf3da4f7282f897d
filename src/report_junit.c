/* report_junit: the JUnit XML report (see report.h). */
#include "report.h"

#include "banned.h"

int report_junit_write(const char *path, const struct run *run, struct strbuf *err)
{
	(void)run;
	strbuf_addf(err, "cannot write %s: the JUnit report is not available in this version", path);
	return -1;
}
