// SPDX-License-Identifier: GPL-2.0
/*
 * trace() output with the widths illumos dt_consume.c uses: integers by
 * their D size (" %3d", " %5d", " %8d", " %16lld"), strings and other
 * bytes as illumos dt_print_bytes() decides (a string when it looks like
 * one, else a hex dump; always a hex dump with the rawbytes option).
 */
#include <ctype.h>
#include <stdio.h>

#include "dt_consumer.h"

int dt_print_int(FILE *fp, dt_u64 v, int size, int quiet)
{
	switch (size) {
	case 1:
		return fprintf(fp, quiet ? "%d" : " %3d", (int)(dt_u8)v);
	case 2:
		return fprintf(fp, quiet ? "%d" : " %5d", (int)(dt_u16)v);
	case 4:
		return fprintf(fp, quiet ? "%d" : " %8d", (int)(dt_s32)v);
	default:
		return fprintf(fp, quiet ? "%lld" : " %16lld", (long long)v);
	}
}

int dt_print_bytes(FILE *fp, const unsigned char *c, size_t n, int width,
		   int quiet)
{
	return dt_print_bytes_raw(fp, c, n, width, quiet, 0);
}

int dt_print_bytes_raw(FILE *fp, const unsigned char *c, size_t n, int width,
		       int quiet, int raw)
{
	size_t i, j;

	if (n == 0)
		return 0;
	for (i = 0; i < n && !raw; i++) {
		if (isprint(c[i]) || isspace(c[i]) || c[i] == '\b' ||
		    c[i] == '\a')
			continue;
		if (c[i] == '\0' && i > 0) {
			/* A string, if nothing but nul bytes follow. */
			for (j = i + 1; j < n && c[j] == '\0'; j++)
				;
			if (j != n)
				break;
			if (quiet)
				return fprintf(fp, "%s", (const char *)c);
			return fprintf(fp, " %s%*s", width < 0 ? " " : "",
				       width, (const char *)c);
		}
		break;
	}
	if (i == n && !raw) {
		/* All printable, no terminating nul: still a string. */
		return fprintf(fp, "  %-*.*s", width, (int)n, (const char *)c);
	}

	/* Anything else: a hex dump, 16 bytes a row. */
	fprintf(fp, "\n%*s      ", 5, "");
	for (i = 0; i < 16; i++)
		fprintf(fp, "  %c", "0123456789abcdef"[i]);
	fprintf(fp, "  0123456789abcdef\n");
	for (i = 0; i < n; i += 16) {
		fprintf(fp, "%*s%5zx:", 5, "", i);
		for (j = i; j < i + 16 && j < n; j++)
			fprintf(fp, " %02x", c[j]);
		while (j++ % 16)
			fprintf(fp, "   ");
		fprintf(fp, "  ");
		for (j = i; j < i + 16 && j < n; j++)
			fputc(c[j] < ' ' || c[j] > '~' ? '.' : c[j], fp);
		fputc('\n', fp);
	}
	return 0;
}
