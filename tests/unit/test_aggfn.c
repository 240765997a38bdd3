// SPDX-License-Identifier: GPL-2.0
/*
 * The aggregating functions beyond count/sum/min/max/avg.  quantize():
 * the bucket of a value (shared with dtrace.ko) against illumos' scan of
 * the bucket values, the histogram text of dt_print_quantize() byte for
 * byte, and merging and printing a keyed quantize() aggregation from two
 * CPUs' snapshots.  stddev(): the kernel's 128-bit sum of squares, the
 * merge and illumos' integer stddev.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dt_consumer.h"
#include "dtrace_aggcalc.h"
#include "test_harness.h"

/* illumos dtrace_aggregate_quantize(): scan for the bucket. */
static int ref_bucket(dt_s64 val)
{
	int i;

	if (val < 0) {
		for (i = 0; i < DTRACE_QUANTIZE_ZEROBUCKET; i++)
			if (val <= DTRACE_QUANTIZE_BUCKETVAL(i))
				return i;
		return -1;
	}
	for (i = DTRACE_QUANTIZE_ZEROBUCKET + 1;
	     i < DTRACE_QUANTIZE_NBUCKETS; i++)
		if (val < DTRACE_QUANTIZE_BUCKETVAL(i))
			return i - 1;
	return DTRACE_QUANTIZE_NBUCKETS - 1;
}

static void check_bucket(dt_s64 v)
{
	CHECK(dtrace_quantize_bucket(v) == (unsigned int)ref_bucket(v),
	      "value %lld: bucket %u, illumos %d", (long long)v,
	      dtrace_quantize_bucket(v), ref_bucket(v));
}

static void test_buckets(void)
{
	dt_u64 x = 0x9e3779b97f4a7c15ULL;
	int i, s;

	CHECK(DTRACE_QUANTIZE_BUCKETVAL(0) == -(1LL << 62), "lowest");
	CHECK(DTRACE_QUANTIZE_BUCKETVAL(62) == -1, "-1");
	CHECK(DTRACE_QUANTIZE_BUCKETVAL(63) == 0, "0");
	CHECK(DTRACE_QUANTIZE_BUCKETVAL(64) == 1, "1");
	CHECK(DTRACE_QUANTIZE_BUCKETVAL(126) == 1LL << 62, "highest");
	CHECK(dtrace_quantize_bucket(1000) == 73, "1000 -> 512");
	CHECK(dtrace_quantize_bucket(-3) == 61, "-3 -> -2");
	CHECK(dtrace_quantize_bucket(INT64_MIN) == 0, "INT64_MIN");
	CHECK(dtrace_quantize_bucket(INT64_MAX) == 126, "INT64_MAX");
	/* Every power of two and its neighbours, both signs. */
	for (i = 0; i < 63; i++) {
		for (s = -1; s <= 1; s++) {
			dt_s64 p = (dt_s64)(1ULL << i) + s;

			check_bucket(p);
			check_bucket(-p);
		}
	}
	check_bucket(0);
	check_bucket(INT64_MIN);
	check_bucket(INT64_MAX);
	check_bucket(INT64_MIN + 1);
	/* And a pseudo-random sample of magnitudes. */
	for (i = 0; i < 2000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		check_bucket((dt_s64)(x >> (i % 64)));
	}
}

/* A memory stream and its text. */
struct mem {
	FILE *fp;
	char *buf;
	size_t len;
};

static void mem_open(struct mem *m)
{
	m->buf = NULL;
	m->len = 0;
	m->fp = open_memstream(&m->buf, &m->len);
}

static char *mem_text(struct mem *m)
{
	fclose(m->fp);
	return m->buf;
}

static void check_hist(const dt_s64 *data, const char *want, const char *what)
{
	struct mem m;
	char *s;

	mem_open(&m);
	CHECK(dt_print_quantize(m.fp, data) == 0, "%s", what);
	s = mem_text(&m);
	CHECK(strcmp(s, want) == 0, "%s:\ngot:\n%s\nwant:\n%s", what, s, want);
	free(s);
}

static void test_histograms(void)
{
	dt_s64 d[DTRACE_QUANTIZE_NBUCKETS];

	/* quantize(1); quantize(2); quantize(1000) */
	memset(d, 0, sizeof(d));
	d[dtrace_quantize_bucket(1)]++;
	d[dtrace_quantize_bucket(2)]++;
	d[dtrace_quantize_bucket(1000)]++;
	check_hist(d,
		"\n"
		"           value  ------------- Distribution ------------- count    \n"
		"               0 |                                         0        \n"
		"               1 |@@@@@@@@@@@@@                            1        \n"
		"               2 |@@@@@@@@@@@@@                            1        \n"
		"               4 |                                         0        \n"
		"               8 |                                         0        \n"
		"              16 |                                         0        \n"
		"              32 |                                         0        \n"
		"              64 |                                         0        \n"
		"             128 |                                         0        \n"
		"             256 |                                         0        \n"
		"             512 |@@@@@@@@@@@@@                            1        \n"
		"            1024 |                                         0        \n", "1, 2, 1000");

	/* No data: the rows around zero. */
	memset(d, 0, sizeof(d));
	check_hist(d,
		"\n"
		"           value  ------------- Distribution ------------- count    \n"
		"              -1 |                                         0        \n"
		"               0 |                                         0        \n"
		"               1 |                                         0        \n", "empty");

	/* Only negative counts: bars grow to the left. */
	memset(d, 0, sizeof(d));
	d[61] = -2;
	d[62] = -1;
	check_hist(d,
		"\n"
		"           value  ------------- Distribution ------------- count    \n"
		"              -4                                         | 0        \n"
		"              -2              @@@@@@@@@@@@@@@@@@@@@@@@@@@| -2       \n"
		"              -1                            @@@@@@@@@@@@@| -1       \n"
		"               0                                         | 0        \n", "negative counts");

	/* Both signs: half-width bars around a centre line. */
	memset(d, 0, sizeof(d));
	d[63] = 3;
	d[64] = -1;
	d[66] = 5;
	check_hist(d,
		"\n"
		"           value  ------------- Distribution ------------- count    \n"
		"              -1                     |                     0        \n"
		"               0                     |@@@@@@@              3        \n"
		"               1                   @@|                     -1       \n"
		"               2                     |                     0        \n"
		"               4                     |@@@@@@@@@@@          5        \n"
		"               8                     |                     0        \n", "mixed counts");
}

#define STRSIZE 16

/* Append one quantize() aggrec with string key @k to @buf. */
static size_t put_q(unsigned char *buf, size_t off, const char *k,
		    const dt_s64 *data)
{
	struct dtrace_aggrec ar = { 0, STRSIZE, DTRACE_QUANTIZE_NBUCKETS, 0 };
	char key[STRSIZE] = { 0 };

	strncpy(key, k, STRSIZE - 1);
	memcpy(buf + off, &ar, sizeof(ar));
	off += sizeof(ar);
	memcpy(buf + off, key, STRSIZE);
	off += STRSIZE;
	memcpy(buf + off, data, 8 * DTRACE_QUANTIZE_NBUCKETS);
	return off + 8 * DTRACE_QUANTIZE_NBUCKETS;
}

static void test_keyed(void)
{
	static unsigned char cpu0[4096], cpu1[4096];
	dt_s64 d[DTRACE_QUANTIZE_NBUCKETS];
	struct dt_aggdesc ad;
	struct dt_value kv;
	struct dt_stmt st;
	struct dt_clause cl;
	struct dt_program pgm;
	struct dt_aggtab t;
	size_t l0 = 0, l1 = 0;
	struct mem m;
	char *s;

	/* @q[execname] = quantize(x) */
	memset(&ad, 0, sizeof(ad));
	ad.name = "q";
	ad.fn = DTRACE_AGG_QUANTIZE;
	ad.nkeys = 1;
	ad.key_is_string[0] = 1;
	ad.keysize = STRSIZE;
	memset(&kv, 0, sizeof(kv));
	kv.is_string = 1;
	kv.difo.rsize = STRSIZE;
	memset(&st, 0, sizeof(st));
	st.kind = DT_STMT_AGG;
	st.keys = &kv;
	st.nkeys = 1;
	memset(&cl, 0, sizeof(cl));
	cl.stmts = &st;
	cl.nstmts = 1;
	memset(&pgm, 0, sizeof(pgm));
	pgm.clauses = &cl;
	pgm.nclauses = 1;
	pgm.aggs = &ad;
	pgm.naggs = 1;
	pgm.strsize = STRSIZE;

	/* "a": 1 on CPU 0; 1 and 4 on CPU 1.  "b": -5 on CPU 1. */
	memset(d, 0, sizeof(d));
	d[dtrace_quantize_bucket(1)] = 1;
	l0 = put_q(cpu0, l0, "a", d);
	d[dtrace_quantize_bucket(4)] = 1;
	l1 = put_q(cpu1, l1, "a", d);
	memset(d, 0, sizeof(d));
	d[dtrace_quantize_bucket(-5)] = 1;
	l1 = put_q(cpu1, l1, "b", d);

	dt_aggtab_init(&t);
	CHECK(dt_agg_merge(&t, &pgm, cpu0, l0) == 0, "merge 0");
	CHECK(dt_agg_merge(&t, &pgm, cpu1, l1) == 0, "merge 1");
	CHECK(t.nents == 2, "%zu entries", t.nents);
	/* A record with the wrong bucket count is refused. */
	{
		struct dtrace_aggrec bad = { 0, STRSIZE, 2, 0 };

		memcpy(cpu0, &bad, sizeof(bad));
		CHECK(dt_agg_merge(&t, &pgm, cpu0, l0) < 0, "bad nvals");
	}

	mem_open(&m);
	CHECK(dt_agg_print(m.fp, &pgm, &t, NULL) == 0, "print");
	s = mem_text(&m);
	/* Sorted by sum of count times bucket value: b (-4), a (6). */
	CHECK(strcmp(s,
		"  b                                                 "
		"\n"
		"           value  ------------- Distribution ------------- count    \n"
		"              -8 |                                         0        \n"
		"              -4 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 1        \n"
		"              -2 |                                         0        \n"
		"\n"
		"  a                                                 "
		"\n"
		"           value  ------------- Distribution ------------- count    \n"
		"               0 |                                         0        \n"
		"               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@              2        \n"
		"               2 |                                         0        \n"
		"               4 |@@@@@@@@@@@@@                            1        \n"
		"               8 |                                         0        \n"
		"\n") == 0, "keyed:\n%s", s);
	free(s);
	dt_aggtab_free(&t);
}

/* Accumulate @vals as the kernel does into @d (count, sum, sumsq). */
static void stddev_fill(dt_s64 *d, const dt_s64 *vals, int n)
{
	int i;

	memset(d, 0, 4 * sizeof(*d));
	for (i = 0; i < n; i++) {
		d[0]++;
		d[1] += vals[i];
		dtrace_stddev_addsq((dt_u64 *)&d[2], vals[i]);
	}
}

static void test_stddev(void)
{
	static const dt_s64 a[] = { 1, 2, 3, 4 };	/* sqrt(7 - 4) -> 1 */
	static const dt_s64 b[] = { 2, 4, 4, 4, 5, 5, 7, 9 };	/* 2 */
	static const dt_s64 c[] = { -10, 10 };		/* 10 */
	static const dt_s64 big[] = { 1LL << 40, 3LL << 40 };	/* 2^40 */
	static const dt_s64 same[] = { -7, -7, -7 };		/* 0 */
	/* The sum wraps to 0 as in illumos: sqrt(2^127 / 2 - 0) = 2^63. */
	static const dt_s64 huge[] = { INT64_MIN, INT64_MIN };
	dt_s64 d[4];
	dt_u64 acc[2] = { 0, 0 };

	stddev_fill(d, a, 4);
	CHECK_EQ(d[2], 30, "sum of squares");
	CHECK_EQ(dt_stddev(d), 1, "stddev(1..4)");
	stddev_fill(d, b, 8);
	CHECK_EQ(dt_stddev(d), 2, "stddev(b)");
	stddev_fill(d, c, 2);
	CHECK_EQ(dt_stddev(d), 10, "stddev(-10, 10)");
	stddev_fill(d, big, 2);
	CHECK_EQ(d[3], 10ULL << 16, "high word of 10 * 2^80");
	CHECK_EQ(d[2], 0, "low word of 10 * 2^80");
	CHECK_EQ(dt_stddev(d), 1ULL << 40, "stddev(2^40, 3 * 2^40)");
	stddev_fill(d, same, 3);
	CHECK_EQ(dt_stddev(d), 0, "stddev of equal values");
	stddev_fill(d, huge, 2);
	CHECK_EQ(d[3], 1ULL << 63, "2 * (2^63)^2, high word");
	CHECK_EQ(dt_stddev(d), 1ULL << 63, "stddev(INT64_MIN, INT64_MIN)");
	memset(d, 0, sizeof(d));
	CHECK_EQ(dt_stddev(d), 0, "no data");

	/* The largest square and a carry between the words. */
	dtrace_stddev_addsq(acc, -1);
	dtrace_stddev_addsq(acc, INT64_MAX);
	CHECK_EQ(acc[0], 2, "(2^63 - 1)^2 + 1: low");
	CHECK_EQ(acc[1], (1ULL << 62) - 1, "(2^63 - 1)^2 + 1: high");
	acc[0] = ~0ULL;
	acc[1] = 0;
	dtrace_stddev_addsq(acc, 1);
	CHECK(acc[0] == 0 && acc[1] == 1, "carry");
#ifdef __SIZEOF_INT128__
	{
		dt_u64 x = 0x243f6a8885a308d3ULL;
		int i;

		for (i = 0; i < 500; i++) {
			unsigned __int128 want, got;
			dt_s64 v;

			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			v = (dt_s64)(x >> (i % 64));
			if (i & 1)
				v = -v;
			acc[0] = x;
			acc[1] = x >> 3;
			want = ((unsigned __int128)acc[1] << 64 | acc[0]) +
			       (unsigned __int128)(v < 0 ? -(dt_u64)v : (dt_u64)v) *
			       (v < 0 ? -(dt_u64)v : (dt_u64)v);
			dtrace_stddev_addsq(acc, v);
			got = (unsigned __int128)acc[1] << 64 | acc[0];
			CHECK(got == want, "square of %lld", (long long)v);
		}
	}
#endif
}

/* Two CPUs' stddev() records merge (128-bit carry included), then print. */
static void test_stddev_print(void)
{
	static unsigned char buf[256];
	struct dtrace_aggrec ar = { 0, 0, 4, 0 };
	struct dt_aggdesc ad;
	struct dt_stmt st;
	struct dt_clause cl;
	struct dt_program pgm;
	struct dt_aggtab t;
	dt_s64 v0[4], v1[4];
	struct mem m;
	char *s;

	memset(&ad, 0, sizeof(ad));
	ad.name = "";
	ad.fn = DTRACE_AGG_STDDEV;
	memset(&st, 0, sizeof(st));
	st.kind = DT_STMT_AGG;
	memset(&cl, 0, sizeof(cl));
	cl.stmts = &st;
	cl.nstmts = 1;
	memset(&pgm, 0, sizeof(pgm));
	pgm.clauses = &cl;
	pgm.nclauses = 1;
	pgm.aggs = &ad;
	pgm.naggs = 1;
	pgm.strsize = 16;

	/* 3 * 2^32 on one CPU, 2^32 and 0 on the other. */
	{
		static const dt_s64 x0[] = { 3LL << 32 };
		static const dt_s64 x1[] = { 1LL << 32, 0 };

		stddev_fill(v0, x0, 1);
		stddev_fill(v1, x1, 2);
	}
	memcpy(buf, &ar, sizeof(ar));
	memcpy(buf + sizeof(ar), v0, sizeof(v0));
	dt_aggtab_init(&t);
	CHECK(dt_agg_merge(&t, &pgm, buf, sizeof(ar) + sizeof(v0)) == 0, "m0");
	memcpy(buf + sizeof(ar), v1, sizeof(v1));
	CHECK(dt_agg_merge(&t, &pgm, buf, sizeof(ar) + sizeof(v1)) == 0, "m1");
	mem_open(&m);
	CHECK(dt_agg_print(m.fp, &pgm, &t, NULL) == 0, "print");
	s = mem_text(&m);
	/*
	 * sumsq = 10 * 2^64, / 3 = 61489146912365172053 (floor); average
	 * 2^34 / 3 = 5726623061, squared 32794211682777009721; difference
	 * 28694935229588162332, whose floor square root is 5356765370.
	 */
	CHECK(strcmp(s, "       5356765370\n") == 0, "stddev printed: %s", s);
	free(s);
	dt_aggtab_free(&t);
}

/* ---- lquantize() ---------------------------------------------------- */

static void check_lq(const dt_s64 *d, dt_s32 base, dt_u32 step,
		     dt_u32 levels, const char *want, const char *what)
{
	struct mem m;
	char *s;

	mem_open(&m);
	CHECK(dt_print_lquantize(m.fp, d, base, step, levels) == 0, "%s", what);
	s = mem_text(&m);
	CHECK(strcmp(s, want) == 0, "%s:\ngot:\n%s\nwant:\n%s", what, s, want);
	free(s);
}

static void test_lquantize(void)
{
	/* Bucket values derived from illumos dtrace_aggregate_lquantize(). */
	static const dt_s64 vals[] = { 1, 3, 3, 4, 9, 10, 11, -1,
				       (1LL << 32) + 5 };
	dt_s64 d[22];
	unsigned int i;

	CHECK(dtrace_lquantize_bucket(-1, 0, 2, 5) == 0, "below");
	CHECK(dtrace_lquantize_bucket(0, 0, 2, 5) == 1, "base");
	CHECK(dtrace_lquantize_bucket(9, 0, 2, 5) == 5, "last level");
	CHECK(dtrace_lquantize_bucket(10, 0, 2, 5) == 6, "top");
	CHECK(dtrace_lquantize_bucket(INT32_MAX, INT32_MIN, 65535, 65535) ==
	      65536, "no overflow");
	CHECK(dtrace_lquantize_bucket(INT32_MIN, INT32_MIN, 1, 10) == 1,
	      "INT32_MIN");

	memset(d, 0, sizeof(d));
	for (i = 0; i < sizeof(vals) / sizeof(vals[0]); i++)
		d[dtrace_lquantize_bucket((dt_s32)vals[i], 0, 2, 5)]++;
	check_lq(d, 0, 2, 5,
		"\n"
		"           value  ------------- Distribution ------------- count    \n"
		"             < 0 |@@@@                                     1        \n"
		"               0 |@@@@                                     1        \n"
		"               2 |@@@@@@@@@                                2        \n"
		"               4 |@@@@@@@@@                                2        \n"
		"               6 |                                         0        \n"
		"               8 |@@@@                                     1        \n"
		"           >= 10 |@@@@@@@@@                                2        \n", "lquantize(x, 0, 10, 2)");
	memset(d, 0, sizeof(d));
	d[dtrace_lquantize_bucket(7, -100, 10, 20)] += 2;
	d[dtrace_lquantize_bucket(8, -100, 10, 20)]++;
	check_lq(d, -100, 10, 20,
		"\n"
		"           value  ------------- Distribution ------------- count    \n"
		"             -10 |                                         0        \n"
		"               0 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 3        \n"
		"              10 |                                         0        \n", "lquantize(x, -100, 100, 10)");
	memset(d, 0, sizeof(d));
	check_lq(d, 0, 2, 5,
		"\n"
		"           value  ------------- Distribution ------------- count    \n"
		"             < 0 |                                         0        \n"
		"               0 |                                         0        \n"
		"               2 |                                         0        \n", "lquantize: no data");
}

/* The constant arguments, checked at compile time with illumos' words. */
static void lq_bad(const char *src, const char *msg)
{
	struct dt_error e;
	struct dt_program *p = dt_compile(src, 0, 0, &e);

	CHECK(p == NULL && strcmp(e.msg, msg) == 0, "%s: got '%s'", src,
	      p ? "(compiled)" : e.msg);
	if (p)
		dt_program_free(p);
}

static void test_lquantize_compile(void)
{
	struct dt_error e;
	struct dt_program *p;

	p = dt_compile("BEGIN { @a = lquantize(1, -10, 10); "
		       "@b = lquantize(1, 0, 100, 10); "
		       "@b = lquantize(2, 0, 100, 10); }", 0, 0, &e);
	CHECK(p != NULL, "good lquantize: %s", p ? "" : e.msg);
	if (p) {
		CHECK(p->aggs[0].fn == DTRACE_AGG_LQUANTIZE &&
		      p->aggs[0].lq_base == -10 && p->aggs[0].lq_step == 1 &&
		      p->aggs[0].lq_levels == 20, "@a params");
		CHECK(p->aggs[1].lq_base == 0 && p->aggs[1].lq_step == 10 &&
		      p->aggs[1].lq_levels == 10, "@b params");
		dt_program_free(p);
	}
	lq_bad("BEGIN { @ = lquantize(1, 0); }",
	       "lquantize( ) prototype mismatch: 2 args passed, 3 expected");
	lq_bad("BEGIN { @ = lquantize(1, 0, 10, 1, 1, 1); }",
	       "lquantize( ) prototype mismatch: 6 args passed, 3 expected");
	lq_bad("BEGIN { @ = lquantize(1, pid, 10); }",
	       "lquantize( ) argument #1 must be an integer constant");
	lq_bad("BEGIN { @ = lquantize(1, 0x100000000, 10); }",
	       "lquantize( ) argument #1 must be a 32-bit quantity");
	lq_bad("BEGIN { @ = lquantize(1, 0, pid); }",
	       "lquantize( ) argument #2 must be an integer constant");
	lq_bad("BEGIN { @ = lquantize(1, 0, 0x80000000); }",
	       "lquantize( ) argument #2 must be a 32-bit quantity");
	lq_bad("BEGIN { @ = lquantize(1, 10, 0); }",
	       "lquantize( ) base (argument #1) must be less than limit "
	       "(argument #2)");
	lq_bad("BEGIN { @ = lquantize(1, 0, 10, 0); }",
	       "lquantize( ) argument #3 must be a non-zero positive integer "
	       "constant");
	lq_bad("BEGIN { @ = lquantize(1, 0, 10, 65536); }",
	       "lquantize( ) argument #3 must be a 16-bit quantity");
	lq_bad("BEGIN { @ = lquantize(1, 0, 10, 11); }",
	       "lquantize( ) step (argument #3) too large: must have at "
	       "least one quantization level");
	lq_bad("BEGIN { @ = lquantize(1, 0, 65536); }",
	       "lquantize( ) step (argument #3) too small: number of "
	       "quantization levels must be a 16-bit quantity");
	lq_bad("BEGIN { @ = lquantize(1, 0, 10); @ = lquantize(1, 1, 11); }",
	       "lquantize( ) base (argument #1) doesn't match previous "
	       "declaration: expected 0, found 1");
	lq_bad("BEGIN { @ = lquantize(1, 0, 10); @ = lquantize(1, 0, 20); }",
	       "lquantize( ) limit (argument #2) doesn't match previous "
	       "declaration: expected 10, found 20");
	lq_bad("BEGIN { @ = lquantize(1, 0, 10); @ = lquantize(1, 0, 10, 2);"
	       " }", "lquantize( ) step (argument #3) doesn't match previous "
	       "declaration: expected 1, found 2");
}

/* ---- llquantize() ---------------------------------------------------- */

static void test_llquantize(void)
{
	static const dt_s64 vals[] = { 0, 5, 5, 15, 99, 100, 950, 5000, -3 };
	static const dt_s64 vals2[] = { 3, 6, 7, 40 };
	dt_s64 d[64];
	struct mem m;
	unsigned int i;
	char *s;

	/* Bucket numbers from illumos dtrace_aggregate_llquantize_bucket(). */
	CHECK(dtrace_llquantize_bucket(10, 0, 2, 10, -5LL) == 0, "llq -5");
	CHECK(dtrace_llquantize_bucket(10, 0, 2, 10, 0LL) == 0, "llq 0");
	CHECK(dtrace_llquantize_bucket(10, 0, 2, 10, 1LL) == 1, "llq 1");
	CHECK(dtrace_llquantize_bucket(10, 0, 2, 10, 2LL) == 2, "llq 2");
	CHECK(dtrace_llquantize_bucket(10, 0, 2, 10, 3LL) == 3, "llq 3");
	CHECK(dtrace_llquantize_bucket(10, 0, 2, 10, 9LL) == 9, "llq 9");
	CHECK(dtrace_llquantize_bucket(10, 0, 2, 10, 10LL) == 10, "llq 10");
	CHECK(dtrace_llquantize_bucket(10, 0, 2, 10, 11LL) == 10, "llq 11");
	CHECK(dtrace_llquantize_bucket(10, 0, 2, 10, 99LL) == 18, "llq 99");
	CHECK(dtrace_llquantize_bucket(10, 0, 2, 10, 100LL) == 19, "llq 100");
	CHECK(dtrace_llquantize_bucket(10, 0, 2, 10, 101LL) == 19, "llq 101");
	CHECK(dtrace_llquantize_bucket(10, 0, 2, 10, 999LL) == 27, "llq 999");
	CHECK(dtrace_llquantize_bucket(10, 0, 2, 10, 1000LL) == 28, "llq 1000");
	CHECK(dtrace_llquantize_bucket(10, 0, 2, 10, 12345LL) == 28, "llq 12345");
	CHECK(dtrace_llquantize_bucket(10, 0, 2, 10, 4096LL) == 28, "llq 4096");
	CHECK(dtrace_llquantize_bucket(10, 0, 2, 10, 65536LL) == 28, "llq 65536");
	CHECK(dtrace_llquantize_bucket(10, 0, 2, 10, 1099511627776LL) == 28, "llq 1099511627776");
	CHECK(dtrace_llquantize_bucket(10, 0, 2, 10, 4611686018427387904LL) == 28, "llq 4611686018427387904");
	CHECK(dtrace_llquantize_bucket(2, 0, 4, 4, -5LL) == 0, "llq -5");
	CHECK(dtrace_llquantize_bucket(2, 0, 4, 4, 0LL) == 0, "llq 0");
	CHECK(dtrace_llquantize_bucket(2, 0, 4, 4, 1LL) == 1, "llq 1");
	CHECK(dtrace_llquantize_bucket(2, 0, 4, 4, 2LL) == 2, "llq 2");
	CHECK(dtrace_llquantize_bucket(2, 0, 4, 4, 3LL) == 3, "llq 3");
	CHECK(dtrace_llquantize_bucket(2, 0, 4, 4, 9LL) == 6, "llq 9");
	CHECK(dtrace_llquantize_bucket(2, 0, 4, 4, 10LL) == 6, "llq 10");
	CHECK(dtrace_llquantize_bucket(2, 0, 4, 4, 11LL) == 6, "llq 11");
	CHECK(dtrace_llquantize_bucket(2, 0, 4, 4, 99LL) == 10, "llq 99");
	CHECK(dtrace_llquantize_bucket(2, 0, 4, 4, 100LL) == 10, "llq 100");
	CHECK(dtrace_llquantize_bucket(2, 0, 4, 4, 101LL) == 10, "llq 101");
	CHECK(dtrace_llquantize_bucket(2, 0, 4, 4, 999LL) == 10, "llq 999");
	CHECK(dtrace_llquantize_bucket(2, 0, 4, 4, 1000LL) == 10, "llq 1000");
	CHECK(dtrace_llquantize_bucket(2, 0, 4, 4, 12345LL) == 10, "llq 12345");
	CHECK(dtrace_llquantize_bucket(2, 0, 4, 4, 4096LL) == 10, "llq 4096");
	CHECK(dtrace_llquantize_bucket(2, 0, 4, 4, 65536LL) == 10, "llq 65536");
	CHECK(dtrace_llquantize_bucket(2, 0, 4, 4, 1099511627776LL) == 10, "llq 1099511627776");
	CHECK(dtrace_llquantize_bucket(2, 0, 4, 4, 4611686018427387904LL) == 10, "llq 4611686018427387904");
	CHECK(dtrace_llquantize_bucket(10, 1, 3, 100, -5LL) == 0, "llq -5");
	CHECK(dtrace_llquantize_bucket(10, 1, 3, 100, 0LL) == 0, "llq 0");
	CHECK(dtrace_llquantize_bucket(10, 1, 3, 100, 1LL) == 0, "llq 1");
	CHECK(dtrace_llquantize_bucket(10, 1, 3, 100, 2LL) == 0, "llq 2");
	CHECK(dtrace_llquantize_bucket(10, 1, 3, 100, 3LL) == 0, "llq 3");
	CHECK(dtrace_llquantize_bucket(10, 1, 3, 100, 9LL) == 0, "llq 9");
	CHECK(dtrace_llquantize_bucket(10, 1, 3, 100, 10LL) == 1, "llq 10");
	CHECK(dtrace_llquantize_bucket(10, 1, 3, 100, 11LL) == 2, "llq 11");
	CHECK(dtrace_llquantize_bucket(10, 1, 3, 100, 99LL) == 90, "llq 99");
	CHECK(dtrace_llquantize_bucket(10, 1, 3, 100, 100LL) == 91, "llq 100");
	CHECK(dtrace_llquantize_bucket(10, 1, 3, 100, 101LL) == 91, "llq 101");
	CHECK(dtrace_llquantize_bucket(10, 1, 3, 100, 999LL) == 180, "llq 999");
	CHECK(dtrace_llquantize_bucket(10, 1, 3, 100, 1000LL) == 181, "llq 1000");
	CHECK(dtrace_llquantize_bucket(10, 1, 3, 100, 12345LL) == 271, "llq 12345");
	CHECK(dtrace_llquantize_bucket(10, 1, 3, 100, 4096LL) == 211, "llq 4096");
	CHECK(dtrace_llquantize_bucket(10, 1, 3, 100, 65536LL) == 271, "llq 65536");
	CHECK(dtrace_llquantize_bucket(10, 1, 3, 100, 1099511627776LL) == 271, "llq 1099511627776");
	CHECK(dtrace_llquantize_bucket(10, 1, 3, 100, 4611686018427387904LL) == 271, "llq 4611686018427387904");
	CHECK(dtrace_llquantize_bucket(16, 2, 14, 16, -5LL) == 0, "llq -5");
	CHECK(dtrace_llquantize_bucket(16, 2, 14, 16, 0LL) == 0, "llq 0");
	CHECK(dtrace_llquantize_bucket(16, 2, 14, 16, 1LL) == 0, "llq 1");
	CHECK(dtrace_llquantize_bucket(16, 2, 14, 16, 2LL) == 0, "llq 2");
	CHECK(dtrace_llquantize_bucket(16, 2, 14, 16, 3LL) == 0, "llq 3");
	CHECK(dtrace_llquantize_bucket(16, 2, 14, 16, 9LL) == 0, "llq 9");
	CHECK(dtrace_llquantize_bucket(16, 2, 14, 16, 10LL) == 0, "llq 10");
	CHECK(dtrace_llquantize_bucket(16, 2, 14, 16, 11LL) == 0, "llq 11");
	CHECK(dtrace_llquantize_bucket(16, 2, 14, 16, 99LL) == 0, "llq 99");
	CHECK(dtrace_llquantize_bucket(16, 2, 14, 16, 100LL) == 0, "llq 100");
	CHECK(dtrace_llquantize_bucket(16, 2, 14, 16, 101LL) == 0, "llq 101");
	CHECK(dtrace_llquantize_bucket(16, 2, 14, 16, 999LL) == 3, "llq 999");
	CHECK(dtrace_llquantize_bucket(16, 2, 14, 16, 1000LL) == 3, "llq 1000");
	CHECK(dtrace_llquantize_bucket(16, 2, 14, 16, 12345LL) == 18, "llq 12345");
	CHECK(dtrace_llquantize_bucket(16, 2, 14, 16, 4096LL) == 16, "llq 4096");
	CHECK(dtrace_llquantize_bucket(16, 2, 14, 16, 65536LL) == 31, "llq 65536");
	CHECK(dtrace_llquantize_bucket(16, 2, 14, 16, 1099511627776LL) == 121, "llq 1099511627776");
	CHECK(dtrace_llquantize_bucket(16, 2, 14, 16, 4611686018427387904LL) == 195, "llq 4611686018427387904");
	CHECK(dtrace_llquantize_bucket(10, 0, 2, 10, INT64_MAX) + 1 == 29,
	      "llquantize(x, 10, 0, 2, 10) bucket count");
	CHECK(!dtrace_llquantize_invalid(10, 0, 2, 10), "valid");
	CHECK(dtrace_llquantize_invalid(1, 0, 2, 10), "factor 1");
	CHECK(dtrace_llquantize_invalid(10, 2, 2, 10), "low == high");
	CHECK(dtrace_llquantize_invalid(10, 0, 2, 5), "nsteps < factor");
	CHECK(dtrace_llquantize_invalid(10, 0, 2, 15), "factor | nsteps");
	CHECK(dtrace_llquantize_invalid(4, 0, 2, 12), "nsteps | power");
	CHECK(dtrace_llquantize_invalid(10, 0, 18, 10), "10^20 overflows");
	CHECK(!dtrace_llquantize_invalid(10, 0, 17, 10), "10^19 fits");
	CHECK(dtrace_llquantize_invalid(2, 0, 65535, 2), "huge high");

	memset(d, 0, sizeof(d));
	for (i = 0; i < sizeof(vals) / sizeof(vals[0]); i++)
		d[dtrace_llquantize_bucket(10, 0, 2, 10, vals[i])]++;
	mem_open(&m);
	CHECK(dt_print_llquantize(m.fp, d, 10, 0, 2, 10) == 0, "print");
	s = mem_text(&m);
	CHECK(strcmp(s,
		"\n"
		"           value  ------------- Distribution ------------- count    \n"
		"             < 1 |@@@@@@@@@                                2        \n"
		"               1 |                                         0        \n"
		"               2 |                                         0        \n"
		"               3 |                                         0        \n"
		"               4 |                                         0        \n"
		"               5 |@@@@@@@@@                                2        \n"
		"               6 |                                         0        \n"
		"               7 |                                         0        \n"
		"               8 |                                         0        \n"
		"               9 |                                         0        \n"
		"              10 |@@@@                                     1        \n"
		"              20 |                                         0        \n"
		"              30 |                                         0        \n"
		"              40 |                                         0        \n"
		"              50 |                                         0        \n"
		"              60 |                                         0        \n"
		"              70 |                                         0        \n"
		"              80 |                                         0        \n"
		"              90 |@@@@                                     1        \n"
		"             100 |@@@@                                     1        \n"
		"             200 |                                         0        \n"
		"             300 |                                         0        \n"
		"             400 |                                         0        \n"
		"             500 |                                         0        \n"
		"             600 |                                         0        \n"
		"             700 |                                         0        \n"
		"             800 |                                         0        \n"
		"             900 |@@@@                                     1        \n"
		"         >= 1000 |@@@@                                     1        \n") == 0, "llquantize(x, 10, 0, 2, 10):\n%s", s);
	free(s);

	memset(d, 0, sizeof(d));
	for (i = 0; i < sizeof(vals2) / sizeof(vals2[0]); i++)
		d[dtrace_llquantize_bucket(2, 0, 4, 4, vals2[i])]++;
	mem_open(&m);
	CHECK(dt_print_llquantize(m.fp, d, 2, 0, 4, 4) == 0, "print");
	s = mem_text(&m);
	CHECK(strcmp(s,
		"\n"
		"           value  ------------- Distribution ------------- count    \n"
		"               2 |                                         0        \n"
		"               3 |@@@@@@@@@@                               1        \n"
		"               4 |                                         0        \n"
		"               6 |@@@@@@@@@@@@@@@@@@@@                     2        \n"
		"               8 |                                         0        \n"
		"              12 |                                         0        \n"
		"              16 |                                         0        \n"
		"              24 |                                         0        \n"
		"           >= 32 |@@@@@@@@@@                               1        \n") == 0, "llquantize(x, 2, 0, 4, 4):\n%s", s);
	free(s);
}

static void test_llquantize_compile(void)
{
	struct dt_error e;
	struct dt_program *p;

	p = dt_compile("BEGIN { @a = llquantize(1, 10, 0, 2, 10); }", 0, 0,
		       &e);
	CHECK(p != NULL, "good llquantize: %s", p ? "" : e.msg);
	if (p) {
		CHECK(p->aggs[0].fn == DTRACE_AGG_LLQUANTIZE &&
		      p->aggs[0].llq_factor == 10 && p->aggs[0].llq_low == 0 &&
		      p->aggs[0].llq_high == 2 && p->aggs[0].llq_nsteps == 10,
		      "llquantize params");
		dt_program_free(p);
	}
	lq_bad("BEGIN { @ = llquantize(1, 10, 0, 2); }",
	       "llquantize( ) prototype mismatch: 4 args passed, 5 expected");
	lq_bad("BEGIN { @ = llquantize(1, pid, 0, 2, 10); }",
	       "llquantize( ) argument #1 (factor) must be an integer "
	       "constant");
	lq_bad("BEGIN { @ = llquantize(1, 10, 0, 65536, 10); }",
	       "llquantize( ) argument #3 (high magnitude) must be an "
	       "unsigned 16-bit quantity");
	lq_bad("BEGIN { @ = llquantize(1, 1, 0, 2, 10); }",
	       "llquantize( ) factor (argument #1) must be two or more");
	lq_bad("BEGIN { @ = llquantize(1, 10, 2, 2, 10); }",
	       "llquantize( ) high magnitude (argument #3) must be greater "
	       "than low magnitude (argument #2)");
	lq_bad("BEGIN { @ = llquantize(1, 10, 0, 2, 5); }",
	       "llquantize( ) factor (argument #1) must be less than or "
	       "equal to the number of linear steps per magnitude "
	       "(argument #4)");
	lq_bad("BEGIN { @ = llquantize(1, 4, 0, 2, 12); }",
	       "llquantize( ) factor (argument #1) must evenly divide the "
	       "number of steps per magnitude (argument #4), and the number "
	       "of steps per magnitude must evenly divide a power of the "
	       "factor");
	lq_bad("BEGIN { @ = llquantize(1, 10, 0, 18, 10); }",
	       "llquantize( ) factor (10) raised to power of high magnitude "
	       "(18) plus 1 overflows 64-bits");
	lq_bad("BEGIN { @ = llquantize(1, 10, 0, 2, 10); "
	       "@ = llquantize(1, 10, 0, 3, 10); }",
	       "llquantize( ) high magnitude (argument #3) doesn't match "
	       "previous declaration: expected 2, found 3");
}

int main(void)
{
	test_llquantize();
	test_llquantize_compile();
	test_lquantize();
	test_lquantize_compile();
	test_stddev();
	test_stddev_print();
	test_buckets();
	test_histograms();
	test_keyed();
	return th_done("test_aggfn");
}
