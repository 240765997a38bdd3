/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The arithmetic of the aggregating functions on the firing path, shared
 * by dtrace.ko and the unit tests (which check it against illumos').
 * Constant time, no locks, no division.
 */
#ifndef DTRACE_AGGCALC_H
#define DTRACE_AGGCALC_H

#include "dtrace_abi.h"

/* 64-bit division where 32-bit kernels need a helper; operands >= 0. */
#ifdef __KERNEL__
#include <linux/math64.h>
#define dtrace_udiv64(a, b)	div64_u64((a), (b))
#else
#define dtrace_udiv64(a, b)	((a) / (b))
#endif

/* 1-based index of the highest set bit of @x; 0 for 0. */
static inline unsigned int dtrace_quantize_fls(dt_u64 x)
{
	unsigned int n = 0;

	if (x >> 32) {
		n += 32;
		x >>= 32;
	}
	if (x >> 16) {
		n += 16;
		x >>= 16;
	}
	if (x >> 8) {
		n += 8;
		x >>= 8;
	}
	if (x >> 4) {
		n += 4;
		x >>= 4;
	}
	if (x >> 2) {
		n += 2;
		x >>= 2;
	}
	if (x >> 1) {
		n += 1;
		x >>= 1;
	}
	return n + (unsigned int)x;
}

/*
 * The quantize() bucket of @val.  illumos dtrace_aggregate_quantize()
 * scans the bucket values; this gives the same bucket in a bounded number
 * of steps: 0 goes to the zero bucket, a positive value to the bucket of
 * its highest set bit, a negative one likewise by magnitude, capped at
 * the lowest bucket (-2^62).
 */
static inline unsigned int dtrace_quantize_bucket(dt_s64 val)
{
	unsigned int f;

	if (val > 0)
		return DTRACE_QUANTIZE_ZEROBUCKET +
			dtrace_quantize_fls((dt_u64)val);
	if (val == 0)
		return DTRACE_QUANTIZE_ZEROBUCKET;
	f = dtrace_quantize_fls(-(dt_u64)val);
	if (f > DTRACE_QUANTIZE_ZEROBUCKET)
		f = DTRACE_QUANTIZE_ZEROBUCKET;
	return DTRACE_QUANTIZE_ZEROBUCKET - f;
}

/*
 * stddev(): add |@val| squared to the 128-bit sum of squares at @acc
 * (acc[0] low word, acc[1] high word), as illumos
 * dtrace_aggregate_stddev() does with dtrace_multiply_128().
 */
static inline void dtrace_stddev_addsq(dt_u64 *acc, dt_s64 val)
{
	dt_u64 x = val < 0 ? -(dt_u64)val : (dt_u64)val;
	dt_u64 lo = x & 0xffffffffULL, hi = x >> 32;
	dt_u64 mid = lo * hi, sqlo = lo * lo, sqhi = hi * hi, t;
	int i;

	/* x^2 = hi^2 * 2^64 + 2 * lo * hi * 2^32 + lo^2 */
	for (i = 0; i < 2; i++) {
		t = mid << 32;
		sqlo += t;
		sqhi += (mid >> 32) + (sqlo < t);
	}
	acc[0] += sqlo;
	acc[1] += sqhi + (acc[0] < sqlo);
}

/*
 * The lquantize() bucket of @val, which illumos first truncates to 32
 * bits: 0 below @base, 1 + (val - base) / step up to @levels, then
 * levels + 1.  The difference is taken unsigned so that it cannot
 * overflow.
 */
static inline unsigned int dtrace_lquantize_bucket(dt_s32 val, dt_s32 base,
						   unsigned int step,
						   unsigned int levels)
{
	dt_u32 level;

	if (val < base)
		return 0;
	level = ((dt_u32)val - (dt_u32)base) / step;
	return level < levels ? level + 1 : levels + 1;
}

/*
 * illumos' checks of llquantize() parameters: factor >= 2, low < high,
 * factor <= nsteps, factor divides nsteps, nsteps divides a power of the
 * factor, and factor^(high + 2) fits in 64 bits.  0 if they hold.
 */
static inline int dtrace_llquantize_invalid(unsigned int factor,
					    unsigned int low,
					    unsigned int high,
					    unsigned int nsteps)
{
	dt_u64 v, order = 1;
	unsigned int i;

	if (factor < 2 || low >= high || nsteps < factor ||
	    nsteps % factor)
		return 1;
	for (v = factor; v < nsteps; v *= factor)
		;
	if ((dt_u32)v % nsteps)		/* v < 2^32: nsteps, factor < 2^16 */
		return 1;
	/* Stops within 64 rounds: order at least doubles each time. */
	for (i = 0; i <= high + 1; i++) {
		if (order > dtrace_udiv64(~(dt_u64)0, factor))
			return 1;
		order *= factor;
	}
	return 0;
}

/*
 * The llquantize() bucket of @value, as illumos
 * dtrace_aggregate_llquantize_bucket(): 0 below factor^low, then nsteps
 * linear buckets per order of magnitude (fewer while an order has fewer
 * values), the last one for factor^(high + 1) and above.  Valid
 * parameters keep every power computed here within 64 bits, and the loop
 * runs at most high - low + 1 < 64 times.
 */
static inline unsigned int dtrace_llquantize_bucket(unsigned int factor,
						    unsigned int low,
						    unsigned int high,
						    unsigned int nsteps,
						    dt_s64 value)
{
	dt_s64 this = 1, last, next, nbuckets;
	unsigned int base = 1, order;

	for (order = 0; order < low; order++)
		this *= factor;
	last = this;
	if (value < last)
		return 0;
	for (this *= factor; order <= high; order++) {
		nbuckets = this > (dt_s64)nsteps ? (dt_s64)nsteps : this;
		/* illumos: a product past INT64_MAX clamps the value. */
		if ((dt_u64)this > dtrace_udiv64(~(dt_u64)0 >> 1, factor)) {
			next = 0;
			value = this - 1;
		} else {
			next = this * factor;
		}
		if (value < this)
			return base + (unsigned int)dtrace_udiv64(
				(dt_u64)(value - last),
				dtrace_udiv64((dt_u64)this,
					      (dt_u64)nbuckets));
		base += (unsigned int)nbuckets -
			(unsigned int)nbuckets / factor;
		last = this;
		this = next;
	}
	return base;
}

#endif /* DTRACE_AGGCALC_H */
