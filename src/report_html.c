/* report_html: the one-file HTML report (see report.h). */
#include "report.h"

#include "banned.h"

int report_html_write(const char *path, const struct run *run, const char *generated_at,
		      struct strbuf *err)
{
	(void)run;
	(void)generated_at;
	strbuf_addf(err, "cannot write %s: the HTML report is not available in this version", path);
	return -1;
}
