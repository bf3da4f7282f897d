/* Common includes for the cmocka unit tests: one file per module. */
#ifndef AMDELTA_UNIT_H
#define AMDELTA_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

/* The project's top directory (AMDELTA_TOP, set by make), for data files. */
static inline const char *unit_top(void)
{
	const char *t = getenv("AMDELTA_TOP");
	return t ? t : ".";
}

#endif
