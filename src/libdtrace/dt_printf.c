// SPDX-License-Identifier: GPL-2.0
/*
 * printf() and printa() formats, run the way illumos dt_printf.c runs
 * them: the format is split at each '%' into prefix text and a
 * conversion (flags # 0 - + ' space, width or '*', precision or '.*',
 * '?' for a pointer-wide field, '@' for an aggregation's value, size
 * prefixes h l ll L w, then the conversion from illumos' table); each
 * conversion takes the next recorded value (printf) or aggregation key
 * (printa), '%@' ones take the aggregations' values in turn.  An integer
 * prints as its recorded D type (size and signedness), %d of an unsigned
 * type as %u, as illumos' pfcheck_dint() arranges.
 */
#include <stdlib.h>
#include <string.h>

#include "dt_consumer.h"

enum {
	PF_ALT = 0x1, PF_ZPAD = 0x2, PF_LEFT = 0x4, PF_SPOS = 0x8,
	PF_GROUP = 0x10, PF_SPACE = 0x20, PF_AGG = 0x40, PF_DYNW = 0x80,
	PF_DYNP = 0x100,
};

enum pfkind {
	PK_SINT, PK_UINT, PK_DINT, PK_CSTR, PK_ESTR, PK_ECHR, PK_ADDR,
	PK_UADDR, PK_TIME, PK_TIME822, PK_PCT, PK_NONE,
};

struct pfconv {
	const char *name;
	const char *ofmt;	/* printf(3) conversion for the value */
	enum pfkind kind;
};

/*
 * illumos' _dtrace_conversions[].  Floating-point, wide-character and
 * stack conversions need values D has no way to record here (no float or
 * wchar_t types, no stack()): they are known, and fail if reached.
 */
static const struct pfconv dt_pfconvs[] = {
	{ "a", "s", PK_ADDR }, { "A", "s", PK_UADDR },
	{ "c", "c", PK_SINT }, { "C", "s", PK_ECHR },
	{ "d", "d", PK_DINT },
	{ "e", "e", PK_NONE }, { "E", "E", PK_NONE }, { "f", "f", PK_NONE },
	{ "g", "g", PK_NONE }, { "G", "G", PK_NONE },
	/* hh: not in illumos' table, which refuses %hhd; D scripts use it. */
	{ "hhd", "d", PK_SINT }, { "hhi", "i", PK_SINT },
	{ "hho", "o", PK_UINT }, { "hhu", "u", PK_UINT },
	{ "hhx", "x", PK_UINT }, { "hhX", "X", PK_UINT },
	{ "hd", "d", PK_SINT }, { "hi", "i", PK_SINT },
	{ "ho", "o", PK_UINT }, { "hu", "u", PK_UINT },
	{ "hx", "x", PK_UINT }, { "hX", "X", PK_UINT },
	{ "i", "i", PK_SINT }, { "k", "s", PK_NONE },
	{ "lc", "lc", PK_NONE },
	{ "ld", "d", PK_SINT }, { "li", "i", PK_SINT },
	{ "lo", "o", PK_UINT }, { "lu", "u", PK_UINT },
	{ "ls", "ls", PK_NONE },
	{ "lx", "x", PK_UINT }, { "lX", "X", PK_UINT },
	{ "lld", "d", PK_SINT }, { "lli", "i", PK_SINT },
	{ "llo", "o", PK_UINT }, { "llu", "u", PK_UINT },
	{ "llx", "x", PK_UINT }, { "llX", "X", PK_UINT },
	{ "Le", "e", PK_NONE }, { "LE", "E", PK_NONE }, { "Lf", "f", PK_NONE },
	{ "Lg", "g", PK_NONE }, { "LG", "G", PK_NONE },
	{ "o", "o", PK_UINT }, { "p", "x", PK_UINT },
	{ "s", "s", PK_CSTR }, { "S", "s", PK_ESTR },
	{ "T", "s", PK_TIME822 }, { "u", "u", PK_UINT },
	{ "wc", "wc", PK_NONE }, { "ws", "ws", PK_NONE },
	{ "x", "x", PK_UINT }, { "X", "X", PK_UINT },
	{ "Y", "s", PK_TIME }, { "%", "%", PK_PCT },
};

static const struct pfconv *dt_pfconv_lookup(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(dt_pfconvs) / sizeof(dt_pfconvs[0]); i++)
		if (!strcmp(dt_pfconvs[i].name, name))
			return &dt_pfconvs[i];
	return NULL;
}

/* One value a conversion may take: a recorded value or aggregation key. */
struct pfval {
	int is_string;
	int is_stack;			/* a stack() key: no conversion */
	const unsigned char *bytes;	/* string: size bytes */
	size_t size;			/* integer: D size 1, 2, 4 or 8 */
	dt_u64 v;			/* integer: as recorded */
	int is_signed;
};

/* An aggregation's value for a '%@' conversion. */
struct pfagg {
	const struct dt_aggdesc *ad;
	const dt_s64 *val;
	dt_u64 normal;
};

struct pfspec {
	int flags, width, prec;
	char name[8];
	const struct pfconv *conv;
};

static dt_u64 dt_pf_extend(dt_u64 v, size_t size, int is_signed)
{
	unsigned int bits;

	if (size == 0 || size >= 8)
		return v;
	bits = (unsigned int)size * 8;
	v &= (1ULL << bits) - 1;
	if (is_signed && (v & (1ULL << (bits - 1))))
		v |= ~0ULL << bits;
	return v;
}

/*
 * Parse the conversion after the '%' at *pp into @ps, leaving *pp after
 * it.  Returns 0, or -1 for a format illumos' compiler would refuse.
 */
static int dt_pf_parse(const char **pp, struct pfspec *ps)
{
	const char *p = *pp;
	int dot = 0, digits = 0, namelen = 0, n;
	char c;

	memset(ps, 0, sizeof(*ps));
	for (;;) {
		switch (c = *++p) {
		case '0': case '1': case '2': case '3': case '4':
		case '5': case '6': case '7': case '8': case '9':
			if (!dot && !digits && c == '0') {
				ps->flags = (ps->flags | PF_ZPAD) & ~PF_LEFT;
				continue;
			}
			for (n = 0; c >= '0' && c <= '9'; c = *++p)
				n = n * 10 + (c - '0');
			*(dot ? &ps->prec : &ps->width) = n;
			p--;
			digits++;
			continue;
		case '#':
			ps->flags |= PF_ALT;
			continue;
		case '*':
			ps->flags |= dot ? PF_DYNP : PF_DYNW;
			continue;
		case '+':
			ps->flags |= PF_SPOS;
			continue;
		case '-':
			ps->flags = (ps->flags | PF_LEFT) & ~PF_ZPAD;
			continue;
		case '.':
			if (dot++)
				return -1;
			digits = 0;
			continue;
		case '?':
			ps->width = 16;		/* LP64 */
			continue;
		case '@':
			ps->flags |= PF_AGG;
			continue;
		case '\'':
			ps->flags |= PF_GROUP;
			continue;
		case ' ':
			ps->flags |= PF_SPACE;
			continue;
		case '$':
		case '\0':
			return -1;
		case '%':
			if (p[-1] != '%')
				return -1;
			break;
		case 'h': case 'l': case 'L': case 'w':
			if (namelen < (int)sizeof(ps->name) - 2)
				ps->name[namelen++] = c;
			continue;
		default:
			break;
		}
		break;
	}
	ps->name[namelen++] = c;
	ps->name[namelen] = '\0';
	ps->conv = dt_pfconv_lookup(ps->name);
	*pp = p + 1;
	return ps->conv ? 0 : -1;
}

/* The printf(3) format of @ps: flags, width, precision, then @conv. */
static void dt_pf_build(char *f, size_t len, const struct pfspec *ps,
			int width, int prec, const char *conv)
{
	char *o = f, *end = f + len;

	*o++ = '%';
	if (ps->flags & PF_ALT)
		*o++ = '#';
	if (ps->flags & PF_ZPAD)
		*o++ = '0';
	if (width < 0 || (ps->flags & PF_LEFT))
		*o++ = '-';
	if (ps->flags & PF_SPOS)
		*o++ = '+';
	if (ps->flags & PF_GROUP)
		*o++ = '\'';
	if (ps->flags & PF_SPACE)
		*o++ = ' ';
	if (width != 0)
		o += snprintf(o, end - o, "%d", width < 0 ? -width : width);
	if (prec > 0)
		o += snprintf(o, end - o, ".%d", prec);
	snprintf(o, end - o, "%s", conv);
}

/* %s of @s with @ps's flags, width and precision. */
static void dt_pf_str(FILE *fp, const struct pfspec *ps, int width, int prec,
		      const char *s)
{
	char f[48];

	dt_pf_build(f, sizeof(f), ps, width, prec, "s");
	fprintf(fp, f, s);
}

/*
 * Print the 64-bit @x (already extended and normalized) with an integer
 * conversion: 'c' gets an int, everything else is printed 64 bits wide.
 */
static void dt_pf_int(FILE *fp, const struct pfspec *ps, int width, int prec,
		      dt_u64 x, int is_signed)
{
	const char *o = ps->conv->ofmt;
	char conv[8], f[48];

	if (!strcmp(o, "c")) {
		dt_pf_build(f, sizeof(f), ps, width, prec, "c");
		fprintf(fp, f, (int)x);
		return;
	}
	if (!strcmp(o, "d") || !strcmp(o, "i"))
		o = is_signed ? o : "u";
	snprintf(conv, sizeof(conv), "ll%s", o);
	dt_pf_build(f, sizeof(f), ps, width, prec, conv);
	if (is_signed)
		fprintf(fp, f, (long long)x);
	else
		fprintf(fp, f, (unsigned long long)x);
}

/* One conversion of a recorded value (normal: 1) or of an aggregation's. */
static int dt_pf_value(FILE *fp, const struct pfspec *ps, int width, int prec,
		       const struct pfval *pv, dt_u64 normal)
{
	enum pfkind k = ps->conv->kind;
	char buf[256], *s;
	dt_u64 x;
	int sgn;

	if (pv->is_stack || pv->is_string != (k == PK_CSTR || k == PK_ESTR))
		return -1;
	switch (k) {
	case PK_CSTR:
		s = strndup((const char *)pv->bytes, pv->size);
		if (!s)
			return -1;
		dt_pf_str(fp, ps, width, prec, s);
		free(s);
		return 0;
	case PK_ESTR:
		/*
		 * Up to the nul: illumos escapes the whole strsize record
		 * (a "\0" per padding byte); the corpus wants the string.
		 */
		s = dt_str_escape((const char *)pv->bytes,
				  strnlen((const char *)pv->bytes, pv->size));
		if (!s)
			return -1;
		dt_pf_str(fp, ps, width, prec, s);
		free(s);
		return 0;
	case PK_ECHR: {
		char c = (char)pv->v;

		s = dt_str_escape(&c, 1);
		if (!s)
			return -1;
		dt_pf_str(fp, ps, width, prec, s);
		free(s);
		return 0;
	}
	case PK_ADDR:
		dt_ksyms_addr2str(dt_ksyms_default(),
				  dt_pf_extend(pv->v, pv->size, 0), buf,
				  sizeof(buf));
		dt_pf_str(fp, ps, width, prec, buf);
		return 0;
	case PK_UADDR:
		/* No process to look the address up in: illumos' fallback. */
		snprintf(buf, sizeof(buf), "0x%llx", (unsigned long long)
			 dt_pf_extend(pv->v, pv->size, 0));
		dt_pf_str(fp, ps, width, prec, buf);
		return 0;
	case PK_TIME:
		dt_fmt_time_y(pv->v, buf, sizeof(buf));
		dt_pf_str(fp, ps, width, prec, buf);
		return 0;
	case PK_TIME822:
		dt_fmt_time_822(pv->v, buf, sizeof(buf));
		dt_pf_str(fp, ps, width, prec, buf);
		return 0;
	case PK_SINT:
	case PK_UINT:
	case PK_DINT:
		sgn = k == PK_SINT || (k == PK_DINT && pv->is_signed);
		x = dt_pf_extend(pv->v, pv->size, sgn);
		/* illumos pfprint_sint()/uint(): value / normal. */
		if (sgn)
			x = (dt_u64)((dt_s64)x / (dt_s64)normal);
		else
			x /= normal;
		dt_pf_int(fp, ps, width, prec, x, sgn);
		return 0;
	default:
		return -1;
	}
}

/*
 * A '%@' conversion: histograms print whole; avg() and stddev() as
 * illumos pfprint_average() and pfprint_stddev() compute them (avg
 * unsigned); count() is an unsigned value, the others signed.
 */
static int dt_pf_aggval(FILE *fp, const struct pfspec *ps, int width,
			int prec, const struct pfagg *pa)
{
	const dt_s64 *v = pa->val;
	struct pfval pv = { .size = 8,
			      .is_signed = pa->ad->fn != DTRACE_AGG_COUNT };
	dt_u64 normal = pa->normal;

	switch (pa->ad->fn) {
	case DTRACE_AGG_QUANTIZE:
	case DTRACE_AGG_LQUANTIZE:
	case DTRACE_AGG_LLQUANTIZE:
		return dt_print_hist(fp, pa->ad, v, normal);
	case DTRACE_AGG_AVG:
		pv.v = v[0] ? (dt_u64)v[1] / normal / (dt_u64)v[0] : 0;
		normal = 1;
		break;
	case DTRACE_AGG_STDDEV:
		pv.v = v[0] ? dt_stddev_n(v, normal) : 0;
		normal = 1;
		break;
	default:
		pv.v = (dt_u64)v[0];
		break;
	}
	return dt_pf_value(fp, ps, width, prec, &pv, normal);
}

/* illumos dt_printf_getint(): a '*' argument as an int. */
static int dt_pf_getint(const struct pfval *pv, int *out)
{
	if (pv->is_string)
		return -1;
	*out = (int)(dt_s64)dt_pf_extend(pv->v, pv->size, 1);
	return 0;
}

/*
 * Run @fmt over the values @recs (in order) and, for '%@', the
 * aggregation values @aggs.  Returns 0 or -1 (values run out or do not
 * fit their conversions).
 */
static int dt_pf_run(FILE *fp, const char *fmt, const struct pfval *recs,
		     int nrecs, const struct pfagg *aggs, int naggs)
{
	const char *p = fmt;
	int ri = 0, ai = 0;

	while (*p) {
		struct pfspec ps;
		const char *pct = strchr(p, '%');
		int width, prec;

		if (!pct) {
			fputs(p, fp);
			break;
		}
		fwrite(p, 1, (size_t)(pct - p), fp);
		p = pct;
		if (dt_pf_parse(&p, &ps) < 0)
			return -1;
		if (ps.conv->kind == PK_PCT) {
			fputc('%', fp);
			continue;
		}
		width = ps.width;
		prec = ps.prec;
		if ((ps.flags & PF_DYNW) &&
		    (ri >= nrecs || dt_pf_getint(&recs[ri++], &width) < 0))
			return -1;
		if ((ps.flags & PF_DYNP) &&
		    (ri >= nrecs || dt_pf_getint(&recs[ri++], &prec) < 0))
			return -1;
		if (ps.flags & PF_AGG) {
			if (naggs == 0 ||
			    dt_pf_aggval(fp, &ps, width, prec, &aggs[ai]) < 0)
				return -1;
			/* Past the last aggregation, '%@' repeats it. */
			if (ai < naggs - 1)
				ai++;
			continue;
		}
		if (ri >= nrecs ||
		    dt_pf_value(fp, &ps, width, prec, &recs[ri++], 1) < 0)
			return -1;
	}
	return ferror(fp) ? -1 : 0;
}

int dt_printf_format(FILE *fp, const char *fmt, const struct dt_value *vals,
		     int nvals, const unsigned char *payload, size_t psize)
{
	struct pfval *pv = calloc(nvals > 0 ? nvals : 1, sizeof(*pv));
	int i, rc = -1;

	if (!pv)
		return -1;
	for (i = 0; i < nvals; i++) {
		const struct dt_value *v = &vals[i];
		size_t n = v->is_string ? v->difo.rsize : 8;

		if ((size_t)v->offset > psize || n > psize - v->offset)
			goto out;
		pv[i].is_string = v->is_string;
		pv[i].bytes = payload + v->offset;
		pv[i].size = v->is_string ? n : (size_t)v->size;
		pv[i].is_signed = v->is_signed;
		if (!v->is_string)
			memcpy(&pv[i].v, payload + v->offset, 8);
	}
	rc = dt_pf_run(fp, fmt, pv, nvals, NULL, 0);
out:
	free(pv);
	return rc;
}

/* The keys of @e as printf values. */
static int dt_pf_keys(const struct dt_program *pgm, const struct dt_aggent *e,
		      struct pfval *pv)
{
	const struct dt_aggdesc *ad = &pgm->aggs[e->aggid];
	const struct dt_value *kv = dt_agg_keyvals(pgm, e->aggid);
	size_t off = 0;
	int k;

	for (k = 0; k < ad->nkeys; k++) {
		memset(&pv[k], 0, sizeof(pv[k]));
		pv[k].bytes = e->key + off;
		if (dt_agg_key_type(ad, k) != DIF_TYPE_INT) {
			/* A stack key takes no conversion here (no %k). */
			pv[k].is_string = dt_agg_key_type(ad, k) ==
					  DIF_TYPE_STRING;
			pv[k].is_stack = !pv[k].is_string;
			pv[k].size = dt_agg_key_size(pgm, ad, k);
			off += pv[k].size;
			continue;
		}
		memcpy(&pv[k].v, e->key + off, 8);
		pv[k].size = kv && kv[k].size > 0 ? (size_t)kv[k].size : 8;
		pv[k].is_signed = kv ? kv[k].is_signed : 1;
		off += 8;
	}
	return ad->nkeys;
}

static int dt_printa_row(FILE *fp, const char *fmt,
			 const struct dt_program *pgm,
			 struct dt_aggent *const *row, const int *aggids,
			 int naggs, const dt_s64 *zero)
{
	struct pfval keys[DTRACE_MAX_AGGKEYS];
	struct pfagg *pa = calloc(naggs, sizeof(*pa));
	const struct dt_aggent *rep = NULL;
	int i, nkeys, rc;

	if (!pa)
		return -1;
	for (i = 0; i < naggs; i++) {
		pa[i].ad = &pgm->aggs[aggids[i]];
		pa[i].val = row[i] ? row[i]->val : zero;
		pa[i].normal = row[i] ? row[i]->normal : 1;
		if (!rep)
			rep = row[i];
	}
	nkeys = rep ? dt_pf_keys(pgm, rep, keys) : 0;
	rc = dt_pf_run(fp, fmt, keys, nkeys, pa, naggs);
	free(pa);
	return rc;
}

int dt_printa_format(FILE *fp, const char *fmt, const struct dt_program *pgm,
		     struct dt_aggtab *t, const int *aggids, int naggs,
		     const struct dt_opts *o)
{
	struct dt_aggsort s;
	struct dt_aggent **rows = NULL;
	dt_s64 *zero = NULL;
	size_t maxvals = 1;
	long n = 0, r;
	int i, rc = 0;

	dt_aggsort_from_opts(&s, o);
	for (i = 0; i < naggs; i++) {
		if (aggids[i] < 0 || aggids[i] >= pgm->naggs)
			return -1;
		if (dt_agg_nvals(&pgm->aggs[aggids[i]]) > maxvals)
			maxvals = dt_agg_nvals(&pgm->aggs[aggids[i]]);
	}
	if (naggs == 1) {
		size_t cnt;

		rows = dt_agg_sorted(t, pgm, aggids[0], &s, &cnt);
		n = rows ? (long)cnt : -1;
	} else {
		zero = calloc(maxvals, sizeof(*zero));
		if (zero)
			n = dt_agg_joined(t, pgm, aggids, naggs, &s, &rows);
		else
			n = -1;
	}
	for (r = 0; r < n && rc == 0; r++)
		rc = dt_printa_row(fp, fmt, pgm, rows + r * naggs, aggids,
				   naggs, zero);
	if (n > 0)
		for (i = 0; i < naggs; i++)
			dt_agg_set_printed(t, aggids[i]);
	free(rows);
	free(zero);
	return n < 0 ? -1 : rc;
}
