// SPDX-License-Identifier: GPL-2.0
/*
 * Printing aggregations without a format, as illumos dt_print_aggs():
 * each key in the width of its D size (strings "  %-50s"), then each
 * value (" %16lld"; avg() and stddev() computed; histograms below the
 * keys), then a newline.  printa(@a, @b) prints one row per key with
 * every aggregation's value, 0 where one has no such key.  At exit the
 * aggregations printa() never printed are printed this way.
 */
#include <stdlib.h>
#include <string.h>

#include "dt_consumer.h"

static void dt_print_keys(FILE *fp, const struct dt_program *pgm,
			  const struct dt_aggent *e, const struct dt_opts *o)
{
	const struct dt_aggdesc *ad = &pgm->aggs[e->aggid];
	const struct dt_value *kv = dt_agg_keyvals(pgm, e->aggid);
	int raw = o && o->rawbytes;
	int indent = o && o->stackindent != DT_OPT_UNSET ?
		     (int)o->stackindent : 14;
	size_t off = 0;
	int k;

	for (k = 0; k < ad->nkeys; k++) {
		dt_u32 type = dt_agg_key_type(ad, k);
		size_t size = dt_agg_key_size(pgm, ad, k);

		if (type == DIF_TYPE_STRING) {
			dt_print_bytes_raw(fp, e->key + off, size, -50, 0, raw);
			off += size;
		} else if (type == DIF_TYPE_STACK || type == DIF_TYPE_USTACK) {
			/* As illumos: "\n", then a frame a line. */
			dt_print_stack(fp, e->key + off, size / 8, indent,
				       type == DIF_TYPE_USTACK);
			off += size;
		} else {
			dt_u64 v;

			memcpy(&v, e->key + off, 8);
			if (kv && kv[k].fmt != DT_VFMT_NONE)
				dt_print_symval(fp, v, kv[k].fmt);
			else
				dt_print_int(fp, v, kv ? kv[k].size : 8, 0);
			off += 8;
		}
	}
}

/*
 * One value as illumos dt_print_datum() prints it.  illumos divides a
 * normalized count or sum as unsigned ((long long)v / (uint64_t)normal);
 * so do we, so that the same program prints the same numbers.
 */
static void dt_print_value(FILE *fp, const struct dt_aggdesc *ad,
			   const dt_s64 *val, dt_u64 normal)
{
	switch (ad->fn) {
	case DTRACE_AGG_QUANTIZE:
	case DTRACE_AGG_LQUANTIZE:
	case DTRACE_AGG_LLQUANTIZE:
		dt_print_hist(fp, ad, val, normal);
		return;
	case DTRACE_AGG_AVG:
		fprintf(fp, " %16lld", val[0] ? (long long)(val[1] /
			(dt_s64)normal / val[0]) : 0LL);
		return;
	case DTRACE_AGG_STDDEV:
		fprintf(fp, " %16llu", val[0] ?
			(unsigned long long)dt_stddev_n(val, normal) : 0ULL);
		return;
	default:
		fprintf(fp, " %16lld", (long long)((dt_u64)val[0] / normal));
		return;
	}
}

static int dt_print_row(FILE *fp, const struct dt_program *pgm,
			struct dt_aggent *const *row, const int *aggids,
			int naggs, const dt_s64 *zero,
			const struct dt_opts *o)
{
	const struct dt_aggent *rep = NULL;
	int i;

	for (i = 0; i < naggs && !rep; i++)
		rep = row[i];
	if (!rep)
		return 0;
	dt_print_keys(fp, pgm, rep, o);
	for (i = 0; i < naggs; i++) {
		const struct dt_aggdesc *ad = &pgm->aggs[aggids[i]];

		if (row[i])
			dt_print_value(fp, ad, row[i]->val, row[i]->normal);
		else
			dt_print_value(fp, ad, zero, 1);
	}
	fputc('\n', fp);
	return ferror(fp) ? -1 : 0;
}

int dt_agg_print(FILE *fp, const struct dt_program *pgm, struct dt_aggtab *t,
		 const struct dt_opts *o)
{
	struct dt_aggsort s;
	struct dt_aggent **v;
	size_t i, n;
	int rc = 0;

	if (t->nents == 0)
		return 0;
	dt_aggsort_from_opts(&s, o);
	v = dt_agg_sorted(t, pgm, -1, &s, &n);
	if (!v)
		return -1;
	for (i = 0; i < n && rc == 0; i++) {
		int aggid = (int)v[i]->aggid;

		if (dt_agg_printed(t, aggid))
			continue;
		rc = dt_print_row(fp, pgm, &v[i], &aggid, 1, NULL, o);
	}
	free(v);
	return rc;
}

int dt_printa_default(FILE *fp, const struct dt_program *pgm,
		      struct dt_aggtab *t, const int *aggids, int naggs,
		      const struct dt_opts *o)
{
	struct dt_aggsort s;
	struct dt_aggent **rows;
	dt_s64 *zero;
	size_t maxvals = 1;
	long n, r;
	int i, rc = 0;

	fputc('\n', fp);
	dt_aggsort_from_opts(&s, o);
	for (i = 0; i < naggs; i++) {
		if (aggids[i] < 0 || aggids[i] >= pgm->naggs)
			return -1;
		if (dt_agg_nvals(&pgm->aggs[aggids[i]]) > maxvals)
			maxvals = dt_agg_nvals(&pgm->aggs[aggids[i]]);
	}
	if (naggs == 1) {
		size_t k, cnt;
		struct dt_aggent **v = dt_agg_sorted(t, pgm, aggids[0], &s,
						     &cnt);

		if (!v)
			return -1;
		for (k = 0; k < cnt && rc == 0; k++)
			rc = dt_print_row(fp, pgm, &v[k], aggids, 1, NULL, o);
		if (cnt)
			dt_agg_set_printed(t, aggids[0]);
		free(v);
		return rc;
	}
	zero = calloc(maxvals, sizeof(*zero));
	n = zero ? dt_agg_joined(t, pgm, aggids, naggs, &s, &rows) : -1;
	if (n < 0) {
		free(zero);
		return -1;
	}
	for (r = 0; r < n && rc == 0; r++)
		rc = dt_print_row(fp, pgm, rows + r * naggs, aggids, naggs,
				  zero, o);
	if (n > 0)
		for (i = 0; i < naggs; i++)
			dt_agg_set_printed(t, aggids[i]);
	free(rows);
	free(zero);
	return rc;
}
