// SPDX-License-Identifier: GPL-2.0
/*
 * Aggregations in user space: every AGGSNAP buffer holds what one CPU
 * accumulated since its last snapshot; we merge those into one table keyed
 * by (aggregation id, key bytes) and print it at the end the way illumos
 * dtrace_aggregate_print() does: sorted by aggregation, then value, then
 * key; keys and values in the widths of dt_print_datum().
 */
#include <stdlib.h>
#include <string.h>

#include "dt_consumer.h"
#include "dtrace_aggcalc.h"

#define DT_AGG_NBUCKETS	4093

void dt_aggtab_init(struct dt_aggtab *t)
{
	memset(t, 0, sizeof(*t));
}

void dt_aggtab_free(struct dt_aggtab *t)
{
	struct dt_aggent *e, *n;
	size_t i;

	for (i = 0; i < t->nbuckets; i++) {
		for (e = t->bucket[i]; e; e = n) {
			n = e->next;
			free(e);
		}
	}
	free(t->bucket);
	dt_aggtab_init(t);
}

static size_t dt_agg_hash(dt_u32 aggid, const unsigned char *key, size_t n)
{
	size_t h = 2166136261u ^ aggid;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ key[i]) * 16777619u;
	return h;
}

/* Value @i of a record in an AGGSNAP buffer (which may be unaligned). */
static dt_s64 dt_agg_rd(const unsigned char *nv, dt_u32 i)
{
	dt_s64 v;

	memcpy(&v, nv + 8 * (size_t)i, 8);
	return v;
}

static void dt_agg_apply(const struct dt_aggdesc *ad, dt_s64 *cur,
			 const unsigned char *nv)
{
	dt_u32 i, n = 1;
	dt_s64 v0 = dt_agg_rd(nv, 0);

	switch (ad->fn) {
	case DTRACE_AGG_MIN:
		if (v0 < cur[0])
			cur[0] = v0;
		return;
	case DTRACE_AGG_MAX:
		if (v0 > cur[0])
			cur[0] = v0;
		return;
	case DTRACE_AGG_STDDEV: {
		dt_u64 lo = (dt_u64)cur[2] + (dt_u64)dt_agg_rd(nv, 2);

		cur[3] = (dt_s64)((dt_u64)cur[3] + (dt_u64)dt_agg_rd(nv, 3) +
				  (lo < (dt_u64)dt_agg_rd(nv, 2)));
		cur[2] = (dt_s64)lo;
		n = 2;		/* count, sum */
		break;
	}
	case DTRACE_AGG_AVG:
		n = 2;		/* count, sum */
		break;
	case DTRACE_AGG_QUANTIZE:
		n = DTRACE_QUANTIZE_NBUCKETS;
		break;
	case DTRACE_AGG_LQUANTIZE:
		n = ad->lq_levels + 2;
		break;
	case DTRACE_AGG_LLQUANTIZE:
		n = dtrace_llquantize_bucket(ad->llq_factor, ad->llq_low,
					     ad->llq_high, ad->llq_nsteps,
					     INT64_MAX) + 1;
		break;
	default:	/* COUNT, SUM */
		break;
	}
	/* Counts, sums and buckets add (two's complement, as illumos). */
	for (i = 0; i < n; i++)
		cur[i] = (dt_s64)((dt_u64)cur[i] + (dt_u64)dt_agg_rd(nv, i));
}

static dt_u32 dt_agg_nvals(const struct dt_aggdesc *ad)
{
	switch (ad->fn) {
	case DTRACE_AGG_LLQUANTIZE:
		return dtrace_llquantize_bucket(ad->llq_factor, ad->llq_low,
						ad->llq_high, ad->llq_nsteps,
						INT64_MAX) + 1;
	case DTRACE_AGG_LQUANTIZE:
		return ad->lq_levels + 2;
	case DTRACE_AGG_AVG:
		return 2;
	case DTRACE_AGG_QUANTIZE:
		return DTRACE_QUANTIZE_NBUCKETS;
	case DTRACE_AGG_STDDEV:
		return 4;
	default:
		return 1;
	}
}

int dt_agg_merge(struct dt_aggtab *t, const struct dt_program *pgm,
		 const void *buf, size_t len)
{
	const unsigned char *p = buf;
	size_t off = 0;

	if (!t->bucket) {
		t->bucket = calloc(DT_AGG_NBUCKETS, sizeof(*t->bucket));
		if (!t->bucket)
			return -1;
		t->nbuckets = DT_AGG_NBUCKETS;
	}
	while (off + sizeof(struct dtrace_aggrec) <= len) {
		struct dtrace_aggrec ar;
		const struct dt_aggdesc *ad;
		const unsigned char *key;
		struct dt_aggent *e;
		const unsigned char *vals;
		size_t recsize, h, voff;

		memcpy(&ar, p + off, sizeof(ar));
		if (ar.aggid >= (dt_u32)pgm->naggs)
			return -1;
		ad = &pgm->aggs[ar.aggid];
		if (ar.keysize != ad->keysize || ar.nvals != dt_agg_nvals(ad))
			return -1;
		recsize = sizeof(ar) + ((ar.keysize + 7) & ~7u) + 8 * ar.nvals;
		if (recsize > len - off)
			return -1;
		key = p + off + sizeof(ar);
		voff = (ar.keysize + 7) & ~7u;
		vals = key + voff;

		h = dt_agg_hash(ar.aggid, key, ar.keysize) % t->nbuckets;
		for (e = t->bucket[h]; e; e = e->next)
			if (e->aggid == ar.aggid && e->keysize == ar.keysize &&
			    !memcmp(e->key, key, ar.keysize))
				break;
		if (e) {
			dt_agg_apply(ad, e->val, vals);
		} else {
			e = malloc(sizeof(*e) + voff + 8 * ar.nvals);
			if (!e)
				return -1;
			e->aggid = ar.aggid;
			e->keysize = ar.keysize;
			e->val = (dt_s64 *)(void *)(e->key + voff);
			memcpy(e->val, vals, 8 * ar.nvals);
			memcpy(e->key, key, ar.keysize);
			e->next = t->bucket[h];
			t->bucket[h] = e;
			t->nents++;
		}
		off += recsize;
	}
	return 0;
}

/* ---- printing ------------------------------------------------------ */

static long double dt_fabsl(long double x)
{
	return x < 0 ? -x : x;
}

/*
 * One histogram row after the value column, as illumos
 * dt_print_quantline(): a bar of up to 40 '@' scaled to the total of
 * absolute counts, then the count; with negative counts (possible only
 * through merged negative increments) the bar grows left, and with
 * both signs each side gets half the width.
 */
static void dt_print_quantline(FILE *fp, dt_s64 val, long double total,
			       int positives, int negatives)
{
	static const char ats[] = "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@";
	static const char spaces[] = "                                        ";
	unsigned int depth, len = 40;
	const char *a = ats, *sp = spaces;

	if (!negatives) {
		depth = positives ? (unsigned int)(dt_fabsl((long double)val) *
						   len / total + 0.5) : 0;
		fprintf(fp, "|%s%s %-9lld\n", a + len - depth, sp + depth,
			(long long)val);
		return;
	}
	if (!positives) {
		depth = (unsigned int)(dt_fabsl((long double)val) * len /
				       total + 0.5);
		fprintf(fp, "%s%s| %-9lld\n", sp + depth, a + len - depth,
			(long long)val);
		return;
	}
	len /= 2;
	a += len;
	sp += len;
	depth = (unsigned int)(dt_fabsl((long double)val) * len / total + 0.5);
	if (val <= 0)
		fprintf(fp, "%s%s|%*s %-9lld\n", sp + depth, a + len - depth,
			(int)len, "", (long long)val);
	else
		fprintf(fp, "%20s|%s%s %-9lld\n", "", a + len - depth,
			sp + depth, (long long)val);
}

/*
 * The rows a histogram prints, as illumos trims them: from one before the
 * first non-zero bucket to one after the last.  Buckets are scanned from
 * 0 while below @scan_end; finding none non-zero there, the rows are
 * @empty_first .. @empty_last.  Also sums the magnitudes and notes the
 * signs for the bars, and prints the header.
 */
struct dt_hist {
	int first, last;
	int positives, negatives;
	long double total;
};

static int dt_hist_begin(FILE *fp, const dt_s64 *data, int n, int scan_end,
			 int empty_first, int empty_last, struct dt_hist *h)
{
	int i;

	h->first = 0;
	h->last = n - 1;
	h->positives = h->negatives = 0;
	h->total = 0;
	while (h->first < scan_end && data[h->first] == 0)
		h->first++;
	if (h->first == scan_end) {
		h->first = empty_first;
		h->last = empty_last;
	} else {
		if (h->first > 0)
			h->first--;
		while (h->last > 0 && data[h->last] == 0)
			h->last--;
		if (h->last < n - 1)
			h->last++;
	}
	for (i = h->first; i <= h->last; i++) {
		h->positives |= data[i] > 0;
		h->negatives |= data[i] < 0;
		h->total += dt_fabsl((long double)data[i]);
	}
	if (fprintf(fp, "\n%16s %41s %-9s\n", "value",
		    "------------- Distribution -------------", "count") < 0)
		return -1;
	return 0;
}

static void dt_hist_line(FILE *fp, const struct dt_hist *h, dt_s64 val)
{
	dt_print_quantline(fp, val, h->total, h->positives, h->negatives);
}

/*
 * illumos dt_print_quantize(): the rows from one before the first
 * non-zero bucket to one after the last; with no data, the three rows
 * around zero.
 */
int dt_print_quantize(FILE *fp, const dt_s64 *data)
{
	struct dt_hist h;
	int i;

	/* illumos never scans the last bucket for the first non-zero one. */
	if (dt_hist_begin(fp, data, DTRACE_QUANTIZE_NBUCKETS,
			  DTRACE_QUANTIZE_NBUCKETS - 1,
			  DTRACE_QUANTIZE_ZEROBUCKET - 1,
			  DTRACE_QUANTIZE_ZEROBUCKET + 1, &h) < 0)
		return -1;
	for (i = h.first; i <= h.last; i++) {
		fprintf(fp, "%16lld ",
			(long long)DTRACE_QUANTIZE_BUCKETVAL(i));
		dt_hist_line(fp, &h, data[i]);
	}
	return ferror(fp) ? -1 : 0;
}

/* The key expressions of @aggid (from its first use), for types and sizes. */
static const struct dt_value *dt_agg_keyvals(const struct dt_program *pgm,
					     int aggid)
{
	int c, s;

	for (c = 0; c < pgm->nclauses; c++) {
		const struct dt_clause *cl = &pgm->clauses[c];

		for (s = 0; s < cl->nstmts; s++)
			if (cl->stmts[s].kind == DT_STMT_AGG &&
			    cl->stmts[s].aggid == aggid)
				return cl->stmts[s].keys;
	}
	return NULL;
}

static const struct dt_program *dt_sort_pgm;

/*
 * illumos dt_print_llquantize(): "< factor^low", then each bucket's lower
 * bound (nsteps per order of magnitude), then ">= factor^(high + 1)",
 * trimmed like quantize()'s; with no data, the first two rows.
 */
int dt_print_llquantize(FILE *fp, const dt_s64 *data, unsigned int factor,
			unsigned int low, unsigned int high,
			unsigned int nsteps)
{
	int levels = (int)dtrace_llquantize_bucket(factor, low, high, nsteps,
						   INT64_MAX) + 1;
	int bin = 1;
	struct dt_hist h;
	dt_s64 value = 1, next, step;
	unsigned int order;
	char c[32];

	if (dt_hist_begin(fp, data, levels, levels, 0, 1, &h) < 0)
		return -1;
	for (order = 0; order < low; order++)
		value *= factor;
	next = value * factor;
	step = next > nsteps ? next / nsteps : 1;
	if (h.first == 0) {
		snprintf(c, sizeof(c), "< %lld", (long long)value);
		fprintf(fp, "%16s ", c);
		dt_hist_line(fp, &h, data[0]);
	}
	while (order <= high) {
		if (bin >= h.first && bin <= h.last) {
			fprintf(fp, "%16lld ", (long long)value);
			dt_hist_line(fp, &h, data[bin]);
		}
		bin++;
		if ((value += step) != next)
			continue;
		next = (dt_s64)((dt_u64)value * factor);
		step = next > nsteps ? next / nsteps : 1;
		order++;
	}
	if (h.last >= bin) {
		snprintf(c, sizeof(c), ">= %lld", (long long)value);
		fprintf(fp, "%16s ", c);
		dt_hist_line(fp, &h, data[bin]);
	}
	return ferror(fp) ? -1 : 0;
}

/*
 * illumos dt_print_lquantize(): rows "< base", each level, ">= top",
 * trimmed like quantize()'s; with no data, the first three.
 */
int dt_print_lquantize(FILE *fp, const dt_s64 *data, dt_s32 base,
		       dt_u32 step, dt_u32 levels)
{
	int i, n = (int)levels + 2;
	struct dt_hist h;
	char c[32];

	if (dt_hist_begin(fp, data, n, n, 0, 2, &h) < 0)
		return -1;
	for (i = h.first; i <= h.last; i++) {
		if (i == 0) {
			snprintf(c, sizeof(c), "< %d", base);
			fprintf(fp, "%16s ", c);
		} else if (i == (int)levels + 1) {
			snprintf(c, sizeof(c), ">= %d",
				 (int)(base + levels * step));
			fprintf(fp, "%16s ", c);
		} else {
			fprintf(fp, "%16d ", (int)(base + (i - 1) * step));
		}
		dt_hist_line(fp, &h, data[i]);
	}
	return ferror(fp) ? -1 : 0;
}

/* ---- stddev(): 128-bit arithmetic as illumos dt_stddev() ---------- */

/* a -= b */
static void dt_sub128(dt_u64 *a, const dt_u64 *b)
{
	dt_u64 borrow = a[0] < b[0];

	a[0] -= b[0];
	a[1] -= b[1] + borrow;
}

static int dt_le128(const dt_u64 *a, const dt_u64 *b)
{
	return a[1] < b[1] || (a[1] == b[1] && a[0] <= b[0]);
}

static void dt_shl128(dt_u64 *a, unsigned int n)	/* 0 < n < 64 */
{
	a[1] = (a[1] << n) | (a[0] >> (64 - n));
	a[0] <<= n;
}

/* The floor of the 128-bit @n divided by @d (d != 0), bit by bit. */
static void dt_div128(const dt_u64 *n, dt_u64 d, dt_u64 *q)
{
	dt_u64 rem[2] = { 0, 0 }, div[2] = { d, 0 };
	dt_u64 res[2] = { 0, 0 };
	int i;

	for (i = 127; i >= 0; i--) {
		dt_shl128(rem, 1);
		rem[0] |= (n[i / 64] >> (i % 64)) & 1;
		dt_shl128(res, 1);
		if (dt_le128(div, rem)) {
			dt_sub128(rem, div);
			res[0] |= 1;
		}
	}
	q[0] = res[0];
	q[1] = res[1];
}

/* The floor of the square root of the 128-bit @sq, digit by digit. */
static dt_u64 dt_sqrt128(const dt_u64 *sq)
{
	dt_u64 rem[2] = { 0, 0 }, root[2] = { 0, 0 }, trial[2];
	int i;

	for (i = 126; i >= 0; i -= 2) {
		dt_shl128(rem, 2);
		rem[0] |= (sq[i / 64] >> (i % 64)) & 3;
		trial[0] = root[0];
		trial[1] = root[1];
		dt_shl128(trial, 2);
		trial[0] |= 1;
		dt_shl128(root, 1);
		if (dt_le128(trial, rem)) {
			dt_sub128(rem, trial);
			root[0] |= 1;
		}
	}
	return root[0];
}

/*
 * sqrt(average of the squares - square of the average), with illumos'
 * integer truncations: floor(sumsq / n), the average truncated toward
 * zero, and a difference that wraps if the former is the smaller.
 */
dt_u64 dt_stddev(const dt_s64 *data)
{
	dt_u64 sumsq[2] = { (dt_u64)data[2], (dt_u64)data[3] };
	dt_u64 avgsq[2], sqavg[2] = { 0, 0 };
	dt_s64 avg;

	if (data[0] == 0)
		return 0;
	dt_div128(sumsq, (dt_u64)data[0], avgsq);
	avg = data[1] / data[0];
	dtrace_stddev_addsq(sqavg, avg);
	dt_sub128(avgsq, sqavg);
	return dt_sqrt128(avgsq);
}

static dt_s64 dt_agg_sortval(const struct dt_aggent *e, int fn)
{
	if (fn == DTRACE_AGG_AVG)
		return e->val[0] ? e->val[1] / e->val[0] : 0;
	return e->val[0];
}

static int dt_agg_keycmp(const struct dt_program *pgm,
			 const struct dt_aggent *a, const struct dt_aggent *b)
{
	const struct dt_aggdesc *ad = &pgm->aggs[a->aggid];
	const struct dt_value *kv = dt_agg_keyvals(pgm, a->aggid);
	size_t off = 0;
	int k;

	for (k = 0; k < ad->nkeys; k++) {
		if (ad->key_is_string[k]) {
			int r = memcmp(a->key + off, b->key + off, pgm->strsize);

			if (r)
				return r < 0 ? -1 : 1;
			off += pgm->strsize;
		} else {
			dt_u64 x, y;
			int size = kv ? kv[k].size : 8;

			memcpy(&x, a->key + off, 8);
			memcpy(&y, b->key + off, 8);
			/* illumos compares keys as unsigned of the D size. */
			if (size > 0 && size < 8) {
				x &= (1ULL << (size * 8)) - 1;
				y &= (1ULL << (size * 8)) - 1;
			}
			if (x != y)
				return x < y ? -1 : 1;
			off += 8;
		}
	}
	return 0;
}

/*
 * illumos dt_aggregate_quantizedcmp(): histograms sort by the sum of
 * count times bucket value, then by the count of zeroes.
 */
static long double dt_quantize_sum(const dt_s64 *a)
{
	long double total = 0;
	int i;

	for (i = 0; i < DTRACE_QUANTIZE_NBUCKETS; i++)
		total += (long double)a[i] *
			 (long double)DTRACE_QUANTIZE_BUCKETVAL(i);
	return total;
}

static int dt_quantize_cmp(const dt_s64 *a, const dt_s64 *b)
{
	long double x = dt_quantize_sum(a), y = dt_quantize_sum(b);

	if (x != y)
		return x < y ? -1 : 1;
	x = a[DTRACE_QUANTIZE_ZEROBUCKET];
	y = b[DTRACE_QUANTIZE_ZEROBUCKET];
	if (x != y)
		return x < y ? -1 : 1;
	return 0;
}

/* illumos dt_aggregate_lquantizedsum() and ..zero(), for sorting. */
static long double dt_lquantize_sum(const struct dt_aggdesc *ad,
				    const dt_s64 *a)
{
	dt_s64 base = ad->lq_base;
	long double total = (long double)a[0] * (long double)(base - 1);
	dt_u32 i;

	for (i = 0; i < ad->lq_levels; base += ad->lq_step, i++)
		total += (long double)a[i + 1] * (long double)base;
	return total + (long double)a[ad->lq_levels + 1] *
		       (long double)(base + 1);
}

static dt_s64 dt_lquantize_zero(const struct dt_aggdesc *ad, const dt_s64 *a)
{
	dt_s64 base = ad->lq_base;
	dt_u32 i;

	if (base - 1 == 0)
		return a[0];
	for (i = 0; i < ad->lq_levels; base += ad->lq_step, i++)
		if (base == 0)
			return a[i + 1];
	if (base + 1 == 0)
		return a[ad->lq_levels + 1];
	return 0;
}

static int dt_lquantize_cmp(const struct dt_aggdesc *ad, const dt_s64 *a,
			    const dt_s64 *b)
{
	long double x = dt_lquantize_sum(ad, a), y = dt_lquantize_sum(ad, b);
	dt_s64 za, zb;

	if (x != y)
		return x < y ? -1 : 1;
	za = dt_lquantize_zero(ad, a);
	zb = dt_lquantize_zero(ad, b);
	if (za != zb)
		return za < zb ? -1 : 1;
	return 0;
}

/* illumos dt_aggregate_llquantizedsum() and ..cmp(), for sorting. */
static long double dt_llquantize_sum(const struct dt_aggdesc *ad,
				     const dt_s64 *a)
{
	dt_s64 value = 1, next, step;
	unsigned int order, bin = 0;
	long double total;

	for (order = 0; order < ad->llq_low; order++)
		value *= ad->llq_factor;
	total = (long double)a[bin++] * (long double)(value - 1);
	next = value * ad->llq_factor;
	step = next > ad->llq_nsteps ? next / ad->llq_nsteps : 1;
	while (order <= ad->llq_high) {
		total += (long double)a[bin++] * (long double)value;
		if ((value += step) != next)
			continue;
		next = (dt_s64)((dt_u64)value * ad->llq_factor);
		step = next > ad->llq_nsteps ? next / ad->llq_nsteps : 1;
		order++;
	}
	return total + (long double)a[bin] * (long double)value;
}

static int dt_llquantize_cmp(const struct dt_aggdesc *ad, const dt_s64 *a,
			     const dt_s64 *b)
{
	long double x = dt_llquantize_sum(ad, a), y = dt_llquantize_sum(ad, b);

	if (x != y)
		return x < y ? -1 : 1;
	if (a[0] != b[0])
		return a[0] < b[0] ? -1 : 1;
	return 0;
}

static int dt_agg_cmp(const void *l, const void *r)
{
	const struct dt_aggent *a = *(const struct dt_aggent *const *)l;
	const struct dt_aggent *b = *(const struct dt_aggent *const *)r;
	const struct dt_program *pgm = dt_sort_pgm;
	dt_s64 x, y;
	int fn;

	if (a->aggid != b->aggid)
		return a->aggid < b->aggid ? -1 : 1;
	fn = pgm->aggs[a->aggid].fn;
	if (fn == DTRACE_AGG_STDDEV) {
		dt_u64 sa = dt_stddev(a->val), sb = dt_stddev(b->val);

		if (sa != sb)
			return sa < sb ? -1 : 1;
		return dt_agg_keycmp(pgm, a, b);
	}
	if (fn == DTRACE_AGG_LLQUANTIZE) {
		int c = dt_llquantize_cmp(&pgm->aggs[a->aggid], a->val,
					  b->val);

		return c ? c : dt_agg_keycmp(pgm, a, b);
	}
	if (fn == DTRACE_AGG_LQUANTIZE) {
		int c = dt_lquantize_cmp(&pgm->aggs[a->aggid], a->val, b->val);

		return c ? c : dt_agg_keycmp(pgm, a, b);
	}
	if (fn == DTRACE_AGG_QUANTIZE) {
		int c = dt_quantize_cmp(a->val, b->val);

		return c ? c : dt_agg_keycmp(pgm, a, b);
	}
	x = dt_agg_sortval(a, fn);
	y = dt_agg_sortval(b, fn);
	if (x != y)
		return x < y ? -1 : 1;
	return dt_agg_keycmp(pgm, a, b);
}

static void dt_agg_print_one(FILE *fp, const struct dt_program *pgm,
			     const struct dt_aggent *e)
{
	const struct dt_aggdesc *ad = &pgm->aggs[e->aggid];
	const struct dt_value *kv = dt_agg_keyvals(pgm, e->aggid);
	size_t off = 0;
	int k;

	for (k = 0; k < ad->nkeys; k++) {
		if (ad->key_is_string[k]) {
			dt_print_bytes(fp, e->key + off, pgm->strsize, -50, 0);
			off += pgm->strsize;
		} else {
			dt_u64 v;

			memcpy(&v, e->key + off, 8);
			dt_print_int(fp, v, kv ? kv[k].size : 8, 0);
			off += 8;
		}
	}
	if (ad->fn == DTRACE_AGG_LLQUANTIZE) {
		dt_print_llquantize(fp, e->val, ad->llq_factor, ad->llq_low,
				    ad->llq_high, ad->llq_nsteps);
		fputc('\n', fp);
		return;
	}
	if (ad->fn == DTRACE_AGG_LQUANTIZE) {
		dt_print_lquantize(fp, e->val, ad->lq_base, ad->lq_step,
				   ad->lq_levels);
		fputc('\n', fp);
		return;
	}
	if (ad->fn == DTRACE_AGG_QUANTIZE) {
		dt_print_quantize(fp, e->val);
		fputc('\n', fp);
		return;
	}
	if (ad->fn == DTRACE_AGG_STDDEV) {
		fprintf(fp, " %16llu\n", (unsigned long long)dt_stddev(e->val));
		return;
	}
	fprintf(fp, " %16lld\n", (long long)dt_agg_sortval(e, ad->fn));
}

int dt_agg_print(FILE *fp, const struct dt_program *pgm,
		 const struct dt_aggtab *t)
{
	struct dt_aggent **all, *e;
	size_t i, n = 0;

	if (t->nents == 0)
		return 0;
	all = malloc(t->nents * sizeof(*all));
	if (!all)
		return -1;
	for (i = 0; i < t->nbuckets; i++)
		for (e = t->bucket[i]; e; e = e->next)
			all[n++] = e;
	dt_sort_pgm = pgm;
	qsort(all, n, sizeof(*all), dt_agg_cmp);
	for (i = 0; i < n; i++)
		dt_agg_print_one(fp, pgm, all[i]);
	free(all);
	return 0;
}
