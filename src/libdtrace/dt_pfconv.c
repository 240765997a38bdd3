// SPDX-License-Identifier: GPL-2.0
/*
 * The helpers of printf() conversions that are not plain printf(3)
 * ones, as illumos dt_printf.c has them: %S and %C escape a string or a
 * character like strchr2esc() (a nul ends the string and shows as
 * "\0"), %Y is walltimestamp as "2026 Nov 26 04:00:00" (the fields of
 * ctime(3), year first) and %T is RFC 822 time, both local time.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dt_consumer.h"

#define DT_NSEC	1000000000ULL

/* The escape letter of a character that has a short one, else 0. */
static char dt_esc_letter(char c)
{
	switch (c) {
	case '\0':
		return '0';
	case '\a':
		return 'a';
	case '\b':
		return 'b';
	case '\f':
		return 'f';
	case '\n':
		return 'n';
	case '\r':
		return 'r';
	case '\t':
		return 't';
	case '\v':
		return 'v';
	case '"':
		return '"';
	case '\\':
		return '\\';
	default:
		return 0;
	}
}

char *dt_str_escape(const char *s, size_t n)
{
	char *out = malloc(4 * n + 1), *q = out;
	size_t i;

	if (!out)
		return NULL;
	for (i = 0; i < n; i++) {
		char c = s[i], l = dt_esc_letter(c);

		if (l) {
			*q++ = '\\';
			*q++ = l;
		} else if (c != ' ' && (c < '!' || c > '~')) {
			/* As illumos, with a signed char: "\351" for 0xe9. */
			*q++ = '\\';
			*q++ = (char)(((c >> 6) & 3) + '0');
			*q++ = (char)(((c >> 3) & 7) + '0');
			*q++ = (char)((c & 7) + '0');
		} else {
			*q++ = c;
		}
		if (c == '\0')
			break;
	}
	*q = '\0';
	return out;
}

void dt_fmt_time_y(dt_u64 ns, char *buf, size_t len)
{
	time_t sec = (time_t)(ns / DT_NSEC);
	char src[64];
	struct tm tm;

	/* ctime: "Thu Nov 26 04:00:00 2026\n"; %Y: "2026 Nov 26 04:00:00" */
	if (!localtime_r(&sec, &tm) || !asctime_r(&tm, src) ||
	    strlen(src) < 24) {
		snprintf(buf, len, "%llu", (unsigned long long)sec);
		return;
	}
	snprintf(buf, len, "%.4s%.16s", src + 20, src + 3);
}

void dt_fmt_time_822(dt_u64 ns, char *buf, size_t len)
{
	time_t sec = (time_t)(ns / DT_NSEC);
	struct tm tm;

	if (!localtime_r(&sec, &tm) ||
	    strftime(buf, len, "%a, %d %b %G %T %Z", &tm) == 0)
		snprintf(buf, len, "%llu", (unsigned long long)sec);
}
