/*
 * testhooks: the hooks the integration tests need from a whole process,
 * read from the environment.  Compiled into the test build of the binary
 * only (build/amdelta-test, main.c built with -DAMDELTA_TEST_HOOKS); the
 * product (build/amdelta) holds none of this and reads none of these
 * variables.
 *
 *   AMDELTA_TEST_STOP_AFTER=N    the process kills itself (SIGKILL) right
 *                                after its Nth step, counted over every
 *                                database of the run
 *   AMDELTA_TEST_HOLD_LOCK_MS=N  sleep N ms once apply's lock is held
 *   AMDELTA_TEST_CHECK_REREAD=1  after a step whose table was read alone,
 *                                read the whole catalog too; any difference
 *                                stops the run
 */
#ifndef AMDELTA_TESTHOOKS_H
#define AMDELTA_TESTHOOKS_H

#include "apply.h"

struct test_hooks {
	struct apply_hooks hooks;  /* ctx points back here */
	long stop_after;           /* AMDELTA_TEST_STOP_AFTER, 0: never */
	long hold_lock_ms;         /* AMDELTA_TEST_HOLD_LOCK_MS */
	int check_reread;          /* AMDELTA_TEST_CHECK_REREAD */
	long steps_done;           /* steps run so far by this process */
};

/* Fills th (caller-owned, must outlive the run) from the environment and
 * returns the hooks apply_opts.hooks takes, or NULL when no variable is
 * set. */
const struct apply_hooks *test_hooks_from_env(struct test_hooks *th);

#endif
