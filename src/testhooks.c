/* testhooks: AMDELTA_TEST_* for the test build of the binary (see
 * testhooks.h). */
#define _POSIX_C_SOURCE 200809L
#include "testhooks.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "diff.h"
#include "introspect.h"
#include "banned.h"

/* A positive number from the environment, else 0. */
static long env_long(const char *name)
{
	const char *v = getenv(name);
	long n = 0;

	return v && !str_tolong(v, &n) && n > 0 ? n : 0;
}

static void locked(void *ctx, struct conn *c)
{
	const struct test_hooks *th = ctx;
	struct timespec ts = { th->hold_lock_ms / 1000, (th->hold_lock_ms % 1000) * 1000000L };

	(void)c;
	while (nanosleep(&ts, &ts))
		;
}

/* 0 when reading the whole catalog of c finds what live (table read again
 * alone after a step) holds, else -1 with err saying where they differ. */
static int reread(void *ctx, struct conn *c, const struct catalog *live, const char *table,
		  struct strbuf *err)
{
	struct catalog *whole = NULL;
	struct diff_result dr = { 0 };
	int rc = -1;

	(void)ctx;
	if (introspect_catalog(c, 0, &whole, err))
		goto out;
	diff_catalogs(live, whole, &dr);
	if (dr.n) {
		strbuf_addf(err, "reading %s alone gives another catalog than reading all "
			    "(%zu differences; first: %s %s %s %s)", table, dr.n, dr.items[0].table,
			    dr.items[0].kind, dr.items[0].what,
			    dr.items[0].detail ? dr.items[0].detail : "");
		goto out;
	}
	rc = 0;
out:
	diff_result_release(&dr);
	catalog_free(whole);
	return rc;
}

static void stepped(void *ctx, struct conn *c, const struct delta *d)
{
	struct test_hooks *th = ctx;

	(void)c;
	(void)d;
	if (++th->steps_done >= th->stop_after) {
		fflush(NULL);
		raise(SIGKILL);
	}
}

const struct apply_hooks *test_hooks_from_env(struct test_hooks *th)
{
	memset(th, 0, sizeof(*th));
	th->stop_after = env_long("AMDELTA_TEST_STOP_AFTER");
	th->hold_lock_ms = env_long("AMDELTA_TEST_HOLD_LOCK_MS");
	th->check_reread = env_long("AMDELTA_TEST_CHECK_REREAD") > 0;
	th->hooks.ctx = th;
	th->hooks.locked = th->hold_lock_ms ? locked : NULL;
	th->hooks.reread = th->check_reread ? reread : NULL;
	th->hooks.stepped = th->stop_after ? stepped : NULL;
	return th->stop_after || th->hold_lock_ms || th->check_reread ? &th->hooks : NULL;
}
