// SPDX-License-Identifier: GPL-2.0
/*
 * Formatting recorded values: printf() conversions, and trace() of
 * integers and byte strings with the widths illumos dt_consume.c uses.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "dt_consumer.h"

/* The value as the D type holds it: sign- or zero-extended from @size. */
static dt_u64 dt_value_extend(dt_u64 v, int size, int is_signed)
{
	int bits;

	if (size <= 0 || size >= 8)
		return v;
	bits = size * 8;
	v &= (1ULL << bits) - 1;
	if (is_signed && (v & (1ULL << (bits - 1))))
		v |= ~0ULL << bits;
	return v;
}

static int dt_load_u64(const unsigned char *payload, size_t psize,
		       dt_u32 off, dt_u64 *v)
{
	if ((size_t)off + 8 > psize)
		return -1;
	memcpy(v, payload + off, 8);
	return 0;
}

/* A recorded string, nul-terminated into a fresh buffer. */
static char *dt_load_str(const unsigned char *payload, size_t psize,
			 const struct dt_value *v)
{
	size_t n = v->difo.rsize;
	char *s;

	if ((size_t)v->offset > psize || n > psize - v->offset)
		return NULL;
	s = malloc(n + 1);
	if (!s)
		return NULL;
	memcpy(s, payload + v->offset, n);
	s[n] = '\0';
	return s;
}

int dt_printf_format(FILE *fp, const char *fmt, const struct dt_value *vals,
		     int nvals, const unsigned char *payload, size_t psize)
{
	const char *p = fmt;
	int vi = 0;

	while (*p) {
		char spec[64], *o = spec;
		const char *start = p;
		int width = 0, prec = -1, have_width = 0, have_prec = 0;
		dt_u64 v;
		char conv;

		if (*p != '%') {
			const char *q = strchr(p, '%');
			size_t n = q ? (size_t)(q - p) : strlen(p);

			fwrite(p, 1, n, fp);
			p += n;
			continue;
		}
		p++;
		if (*p == '%') {
			fputc('%', fp);
			p++;
			continue;
		}
		*o++ = '%';
		while (*p && strchr("-+ #0", *p) && o < spec + 8)
			*o++ = *p++;
		if (*p == '*') {
			p++;
			if (vi >= nvals || dt_load_u64(payload, psize,
						       vals[vi].offset, &v) < 0)
				return -1;
			width = (int)(dt_s64)dt_value_extend(v, vals[vi].size,
							     vals[vi].is_signed);
			vi++;
			have_width = 1;
		} else {
			while (isdigit((unsigned char)*p)) {
				width = width * 10 + (*p++ - '0');
				have_width = 1;
			}
		}
		if (*p == '.') {
			p++;
			have_prec = 1;
			prec = 0;
			if (*p == '*') {
				p++;
				if (vi >= nvals ||
				    dt_load_u64(payload, psize, vals[vi].offset,
						&v) < 0)
					return -1;
				prec = (int)(dt_s64)dt_value_extend(v,
						vals[vi].size, vals[vi].is_signed);
				vi++;
			} else {
				while (isdigit((unsigned char)*p))
					prec = prec * 10 + (*p++ - '0');
			}
		}
		/* Length modifiers are accepted; values are 64-bit anyway. */
		while (*p && strchr("hlLqjzt", *p))
			p++;
		conv = *p;
		if (!conv || !strchr("diuxXocsp", conv)) {
			/* Not a conversion we know: print it as written. */
			size_t n = conv ? (size_t)(p - start + 1) : strlen(start);

			fwrite(start, 1, n, fp);
			p = start + n;
			continue;
		}
		p++;
		if (have_width)
			o += sprintf(o, "%d", width);
		if (have_prec)
			o += sprintf(o, ".%d", prec < 0 ? 0 : prec);

		if (vi >= nvals)
			return -1;
		if (conv == 's') {
			char *s;

			if (!vals[vi].is_string)
				return -1;
			s = dt_load_str(payload, psize, &vals[vi]);
			if (!s)
				return -1;
			strcpy(o, "s");
			fprintf(fp, spec, s);
			free(s);
			vi++;
			continue;
		}
		if (vals[vi].is_string ||
		    dt_load_u64(payload, psize, vals[vi].offset, &v) < 0)
			return -1;
		switch (conv) {
		case 'd':
		case 'i':
			v = dt_value_extend(v, vals[vi].size, 1);
			strcpy(o, "lld");
			fprintf(fp, spec, (long long)v);
			break;
		case 'c':
			strcpy(o, "c");
			fprintf(fp, spec, (int)(unsigned char)v);
			break;
		case 'p':
			v = dt_value_extend(v, vals[vi].size, 0);
			strcpy(o, "llx");
			fprintf(fp, spec, (unsigned long long)v);
			break;
		default:	/* u x X o */
			v = dt_value_extend(v, vals[vi].size, 0);
			o[0] = 'l';
			o[1] = 'l';
			o[2] = conv;
			o[3] = '\0';
			fprintf(fp, spec, (unsigned long long)v);
			break;
		}
		vi++;
	}
	return 0;
}

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
	size_t i, j;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++) {
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
	if (i == n) {
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
