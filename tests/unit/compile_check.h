/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The compiler tests' checks: CHECK() counts and reports a failed
 * condition; good() compiles a program that must compile, bad() one that
 * must fail with exactly the given message at the given line and column.
 */
#ifndef COMPILE_CHECK_H
#define COMPILE_CHECK_H

#include <stdio.h>
#include <string.h>
#include "dt_program.h"

static int failures, checks;

#define CHECK(cond) do { \
	checks++; \
	if (!(cond)) { \
		printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); \
		failures++; \
	} \
} while (0)

static struct dt_program *good(const char *src)
{
	struct dt_error e;
	struct dt_program *p = dt_compile(src, 0, 0, &e);

	checks++;
	if (p == NULL) {
		printf("FAIL: should compile: %s\n  %d:%d: %s\n", src, e.line,
		       e.col, e.msg);
		failures++;
	}
	return p;
}

static void bad(const char *src, const char *msg, int line, int col)
{
	struct dt_error e;
	struct dt_program *p = dt_compile(src, 0, 0, &e);

	checks++;
	if (p != NULL) {
		printf("FAIL: should not compile: %s\n", src);
		failures++;
		dt_program_free(p);
		return;
	}
	if (strcmp(e.msg, msg) != 0 || e.line != line || e.col != col) {
		printf("FAIL: %s\n  got  %d:%d: %s\n  want %d:%d: %s\n", src,
		       e.line, e.col, e.msg, line, col, msg);
		failures++;
	}
}

/* The summary line and exit status of a compiler test program. */
static int check_done(const char *name)
{
	printf("%s: %d checks, %d failures\n", name, checks, failures);
	return failures ? 1 : 0;
}

#endif /* COMPILE_CHECK_H */
