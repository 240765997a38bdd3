/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal test helper for the unit tests: CHECK() records a failure
 * with its location and goes on; th_done() prints a summary line and
 * returns the exit status (0 only if every check passed, and at least
 * one ran).
 */
#ifndef TEST_HARNESS_H
#define TEST_HARNESS_H

#include <stdio.h>

static unsigned long th_checks, th_failures;

#define CHECK(cond, ...)						\
	do {								\
		th_checks++;						\
		if (!(cond)) {						\
			th_failures++;					\
			fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__,	\
				__LINE__, #cond);			\
			fprintf(stderr, __VA_ARGS__);			\
			fputc('\n', stderr);				\
		}							\
	} while (0)

/* CHECK that two unsigned 64-bit values are equal, printing both. */
#define CHECK_EQ(got, want, ...)					\
	do {								\
		unsigned long long th_g = (got), th_w = (want);		\
		th_checks++;						\
		if (th_g != th_w) {					\
			th_failures++;					\
			fprintf(stderr, "FAIL %s:%d: %s == %s: got "	\
				"0x%llx want 0x%llx: ", __FILE__,	\
				__LINE__, #got, #want, th_g, th_w);	\
			fprintf(stderr, __VA_ARGS__);			\
			fputc('\n', stderr);				\
		}							\
	} while (0)

static inline int th_done(const char *name)
{
	printf("%s: %s: %lu checks, %lu failed\n",
	       th_failures == 0 && th_checks > 0 ? "PASS" : "FAIL", name,
	       th_checks, th_failures);
	return th_failures == 0 && th_checks > 0 ? 0 : 1;
}

#endif /* TEST_HARNESS_H */
