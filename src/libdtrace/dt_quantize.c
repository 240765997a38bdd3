// SPDX-License-Identifier: GPL-2.0
/*
 * The histograms of quantize(), lquantize() and llquantize() and the
 * value of stddev(), computed and printed exactly as illumos'
 * dt_consume.c does (dt_print_quantize(), dt_print_quantline(),
 * dt_stddev() with its 128-bit integer arithmetic).  normalize() divides
 * the counts shown, not the bars.
 */
#include <stdlib.h>
#include <string.h>

#include "dt_consumer.h"
#include "dtrace_aggcalc.h"

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
			       int positives, int negatives, dt_u64 normal)
{
	/* illumos divides unsigned: (long long)val / (uint64_t)normal */
	long long shown = (long long)((dt_u64)val / normal);

	static const char ats[] = "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@";
	static const char spaces[] = "                                        ";
	unsigned int depth, len = 40;
	const char *a = ats, *sp = spaces;

	if (!negatives) {
		depth = positives ? (unsigned int)(dt_fabsl((long double)val) *
						   len / total + 0.5) : 0;
		fprintf(fp, "|%s%s %-9lld\n", a + len - depth, sp + depth,
			shown);
		return;
	}
	if (!positives) {
		depth = (unsigned int)(dt_fabsl((long double)val) * len /
				       total + 0.5);
		fprintf(fp, "%s%s| %-9lld\n", sp + depth, a + len - depth,
			shown);
		return;
	}
	len /= 2;
	a += len;
	sp += len;
	depth = (unsigned int)(dt_fabsl((long double)val) * len / total + 0.5);
	if (val <= 0)
		fprintf(fp, "%s%s|%*s %-9lld\n", sp + depth, a + len - depth,
			(int)len, "", shown);
	else
		fprintf(fp, "%20s|%s%s %-9lld\n", "", a + len - depth,
			sp + depth, shown);
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
	dt_u64 normal;		/* normalize(): counts print divided */
};

static int dt_hist_begin(FILE *fp, const dt_s64 *data, int n, int scan_end,
			 int empty_first, int empty_last, struct dt_hist *h)
{
	int i;

	h->first = 0;
	h->last = n - 1;
	h->positives = h->negatives = 0;
	h->normal = 1;
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
	dt_print_quantline(fp, val, h->total, h->positives, h->negatives,
			   h->normal);
}

/*
 * illumos dt_print_quantize(): the rows from one before the first
 * non-zero bucket to one after the last; with no data, the three rows
 * around zero.
 */
static int dt_quantize_n(FILE *fp, const dt_s64 *data, dt_u64 normal)
{
	struct dt_hist h;
	int i;

	/* illumos never scans the last bucket for the first non-zero one. */
	if (dt_hist_begin(fp, data, DTRACE_QUANTIZE_NBUCKETS,
			  DTRACE_QUANTIZE_NBUCKETS - 1,
			  DTRACE_QUANTIZE_ZEROBUCKET - 1,
			  DTRACE_QUANTIZE_ZEROBUCKET + 1, &h) < 0)
		return -1;
	h.normal = normal;
	for (i = h.first; i <= h.last; i++) {
		fprintf(fp, "%16lld ",
			(long long)DTRACE_QUANTIZE_BUCKETVAL(i));
		dt_hist_line(fp, &h, data[i]);
	}
	return ferror(fp) ? -1 : 0;
}

int dt_print_quantize(FILE *fp, const dt_s64 *data)
{
	return dt_quantize_n(fp, data, 1);
}

/*
 * illumos dt_print_llquantize(): "< factor^low", then each bucket's lower
 * bound (nsteps per order of magnitude), then ">= factor^(high + 1)",
 * trimmed like quantize()'s; with no data, the first two rows.
 */
static int dt_llquantize_n(FILE *fp, const dt_s64 *data,
			   unsigned int factor, unsigned int low,
			   unsigned int high, unsigned int nsteps,
			   dt_u64 normal)
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
	h.normal = normal;
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
static int dt_lquantize_n(FILE *fp, const dt_s64 *data, dt_s32 base,
			  dt_u32 step, dt_u32 levels, dt_u64 normal)
{
	int i, n = (int)levels + 2;
	struct dt_hist h;
	char c[32];

	if (dt_hist_begin(fp, data, n, n, 0, 2, &h) < 0)
		return -1;
	h.normal = normal;
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

int dt_print_llquantize(FILE *fp, const dt_s64 *data, unsigned int factor,
			unsigned int low, unsigned int high,
			unsigned int nsteps)
{
	return dt_llquantize_n(fp, data, factor, low, high, nsteps, 1);
}

int dt_print_lquantize(FILE *fp, const dt_s64 *data, dt_s32 base,
		       dt_u32 step, dt_u32 levels)
{
	return dt_lquantize_n(fp, data, base, step, levels, 1);
}

int dt_print_hist(FILE *fp, const struct dt_aggdesc *ad, const dt_s64 *val,
		  dt_u64 normal)
{
	switch (ad->fn) {
	case DTRACE_AGG_QUANTIZE:
		return dt_quantize_n(fp, val, normal);
	case DTRACE_AGG_LQUANTIZE:
		return dt_lquantize_n(fp, val, ad->lq_base, ad->lq_step,
				      ad->lq_levels, normal);
	case DTRACE_AGG_LLQUANTIZE:
		return dt_llquantize_n(fp, val, ad->llq_factor, ad->llq_low,
				       ad->llq_high, ad->llq_nsteps, normal);
	default:
		return -1;
	}
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


/*
 * illumos dt_stddev(data, normal): as above with the sum of squares
 * divided by normal twice and the average by normal, each step
 * truncating.  The caller guarantees a non-zero count.
 */
dt_u64 dt_stddev_n(const dt_s64 *data, dt_u64 normal)
{
	dt_u64 sumsq[2] = { (dt_u64)data[2], (dt_u64)data[3] };
	dt_u64 avgsq[2], sqavg[2] = { 0, 0 };
	dt_s64 avg;

	if (data[0] == 0 || normal == 0)
		return 0;
	dt_div128(sumsq, normal, avgsq);
	dt_div128(avgsq, normal, avgsq);
	dt_div128(avgsq, (dt_u64)data[0], avgsq);
	avg = data[1] / (dt_s64)normal / data[0];
	dtrace_stddev_addsq(sqavg, avg);
	dt_sub128(avgsq, sqavg);
	return dt_sqrt128(avgsq);
}
