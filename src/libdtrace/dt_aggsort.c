// SPDX-License-Identifier: GPL-2.0
/*
 * The orders illumos' dt_aggregate.c prints aggregations in: by
 * aggregation, then value, then key (aggsortkey: by key), every
 * comparison reversed by aggsortrev, keys compared from position
 * aggsortkeypos on; and printa() of several aggregations "joined" on
 * their keys, sorted on the value of the aggsortpos-th one.  Values
 * compare raw (normalize() does not change the order); keys compare as
 * unsigned integers of their D size, strings byte by byte.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* qsort_r */
#endif
#include <stdlib.h>
#include <string.h>

#include "dt_consumer.h"

struct dt_sortctx {
	const struct dt_program *pgm;
	int rev;		/* aggsortrev: every "<" becomes ">" */
	int keysort;
	int keypos;
	const dt_s64 *zero;	/* values of an absent joined entry */
};

#define DT_LT(c)	((c)->rev ? 1 : -1)
#define DT_GT(c)	((c)->rev ? -1 : 1)

void dt_aggsort_from_opts(struct dt_aggsort *s, const struct dt_opts *o)
{
	memset(s, 0, sizeof(*s));
	if (!o)
		return;
	s->keysort = o->aggsortkey;
	s->rev = o->aggsortrev;
	if (o->aggsortkeypos != DT_OPT_UNSET && o->aggsortkeypos <= 0x7fffffff)
		s->keypos = (int)o->aggsortkeypos;
	if (o->aggsortpos != DT_OPT_UNSET && o->aggsortpos <= 0x7fffffff)
		s->sortpos = (int)o->aggsortpos;
}

const struct dt_value *dt_agg_keyvals(const struct dt_program *pgm,
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

dt_u32 dt_agg_key_type(const struct dt_aggdesc *ad, int k)
{
	return ad->key_is_string[k] ? DIF_TYPE_STRING : ad->key_type[k];
}

size_t dt_agg_key_size(const struct dt_program *pgm,
		       const struct dt_aggdesc *ad, int k)
{
	if (ad->key_bytes[k])
		return ad->key_bytes[k];
	return ad->key_is_string[k] ? pgm->strsize : 8;
}

/* ---- values ---------------------------------------------------------- */

static int dt_cmp_s64(const struct dt_sortctx *c, dt_s64 x, dt_s64 y)
{
	return x < y ? DT_LT(c) : x > y ? DT_GT(c) : 0;
}

static int dt_cmp_ld(const struct dt_sortctx *c, long double x, long double y)
{
	return x < y ? DT_LT(c) : x > y ? DT_GT(c) : 0;
}

/* illumos dt_aggregate_quantizedcmp(): sum of value times count, zeroes. */
static int dt_quantize_cmp(const struct dt_sortctx *c, const dt_s64 *a,
			   const dt_s64 *b)
{
	long double x = 0, y = 0;
	int i, r;

	for (i = 0; i < DTRACE_QUANTIZE_NBUCKETS; i++) {
		long double bv = (long double)DTRACE_QUANTIZE_BUCKETVAL(i);

		x += bv * (long double)a[i];
		y += bv * (long double)b[i];
	}
	r = dt_cmp_ld(c, x, y);
	return r ? r : dt_cmp_s64(c, a[DTRACE_QUANTIZE_ZEROBUCKET],
				  b[DTRACE_QUANTIZE_ZEROBUCKET]);
}

/* illumos dt_aggregate_lquantizedsum() and ..zero(). */
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

/* illumos dt_aggregate_llquantizedsum(). */
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

static int dt_valcmp_data(const struct dt_sortctx *c,
			  const struct dt_aggdesc *ad, const dt_s64 *a,
			  const dt_s64 *b)
{
	int r;

	switch (ad->fn) {
	case DTRACE_AGG_AVG:
		return dt_cmp_s64(c, a[0] ? a[1] / a[0] : 0,
				  b[0] ? b[1] / b[0] : 0);
	case DTRACE_AGG_STDDEV: {
		dt_u64 x = dt_stddev_n(a, 1), y = dt_stddev_n(b, 1);

		return x < y ? DT_LT(c) : x > y ? DT_GT(c) : 0;
	}
	case DTRACE_AGG_QUANTIZE:
		return dt_quantize_cmp(c, a, b);
	case DTRACE_AGG_LQUANTIZE:
		r = dt_cmp_ld(c, dt_lquantize_sum(ad, a),
			      dt_lquantize_sum(ad, b));
		return r ? r : dt_cmp_s64(c, dt_lquantize_zero(ad, a),
					  dt_lquantize_zero(ad, b));
	case DTRACE_AGG_LLQUANTIZE:
		r = dt_cmp_ld(c, dt_llquantize_sum(ad, a),
			      dt_llquantize_sum(ad, b));
		return r ? r : dt_cmp_s64(c, a[0], b[0]);
	default:	/* count, sum, min, max */
		return dt_cmp_s64(c, a[0], b[0]);
	}
}

static int dt_valcmp(const struct dt_sortctx *c, const struct dt_aggent *a,
		     const struct dt_aggent *b)
{
	return dt_valcmp_data(c, &c->pgm->aggs[a->aggid], a->val, b->val);
}

/* ---- keys -------------------------------------------------------------- */

static int dt_varcmp(const struct dt_sortctx *c, const struct dt_aggent *a,
		     const struct dt_aggent *b)
{
	return a->aggid < b->aggid ? DT_LT(c) :
	       a->aggid > b->aggid ? DT_GT(c) : 0;
}

/* Byte offset and record size of key @k of @ad (size: D size or strsize). */
static size_t dt_key_at(const struct dt_program *pgm,
			const struct dt_aggdesc *ad, const struct dt_value *kv,
			int k, size_t *size, int *is_str)
{
	size_t off = 0;
	int i;

	for (i = 0; i < k; i++)
		off += dt_agg_key_size(pgm, ad, i);
	/* Strings and stacks compare byte by byte, as illumos' default. */
	*is_str = dt_agg_key_type(ad, k) != DIF_TYPE_INT;
	if (*is_str)
		*size = dt_agg_key_size(pgm, ad, k);
	else
		*size = kv && kv[k].size > 0 && kv[k].size < 8 ? kv[k].size : 8;
	return off;
}

/* illumos dt_aggregate_keycmp(), from key position keypos on. */
static int dt_keycmp(const struct dt_sortctx *c, const struct dt_aggent *a,
		     const struct dt_aggent *b)
{
	const struct dt_program *pgm = c->pgm;
	const struct dt_aggdesc *la = &pgm->aggs[a->aggid];
	const struct dt_aggdesc *ra = &pgm->aggs[b->aggid];
	const struct dt_value *lk = dt_agg_keyvals(pgm, a->aggid);
	const struct dt_value *rk = dt_agg_keyvals(pgm, b->aggid);
	int n = la->nkeys, keypos, i;

	if (la->nkeys != ra->nkeys)
		return la->nkeys < ra->nkeys ? DT_LT(c) : DT_GT(c);
	keypos = c->keypos + 1 >= n + 1 ? 0 : c->keypos;
	for (i = 0; i < n; i++) {
		int k = (i + keypos) % n, ls, rs;
		size_t lsz, rsz, lo, ro, j;
		dt_u64 x = 0, y = 0;

		lo = dt_key_at(pgm, la, lk, k, &lsz, &ls);
		ro = dt_key_at(pgm, ra, rk, k, &rsz, &rs);
		if (lsz != rsz)
			return lsz < rsz ? DT_LT(c) : DT_GT(c);
		if (ls || rs) {
			for (j = 0; j < lsz; j++) {
				unsigned char p = a->key[lo + j];
				unsigned char q = b->key[ro + j];

				if (p != q)
					return p < q ? DT_LT(c) : DT_GT(c);
			}
			continue;
		}
		memcpy(&x, a->key + lo, 8);
		memcpy(&y, b->key + ro, 8);
		if (lsz < 8) {
			x &= (1ULL << (lsz * 8)) - 1;
			y &= (1ULL << (lsz * 8)) - 1;
		}
		if (x != y)
			return x < y ? DT_LT(c) : DT_GT(c);
	}
	return 0;
}

/* ---- sorted walks --------------------------------------------------- */

static int dt_varvalcmp(const void *l, const void *r, void *arg)
{
	const struct dt_aggent *a = *(const struct dt_aggent *const *)l;
	const struct dt_aggent *b = *(const struct dt_aggent *const *)r;
	const struct dt_sortctx *c = arg;
	int v = dt_varcmp(c, a, b);

	if (!v)
		v = dt_valcmp(c, a, b);
	return v ? v : dt_keycmp(c, a, b);
}

static int dt_varkeycmp(const void *l, const void *r, void *arg)
{
	const struct dt_aggent *a = *(const struct dt_aggent *const *)l;
	const struct dt_aggent *b = *(const struct dt_aggent *const *)r;
	const struct dt_sortctx *c = arg;
	int v = dt_varcmp(c, a, b);

	return v ? v : dt_keycmp(c, a, b);
}

static int dt_varvalrevcmp(const void *l, const void *r, void *arg)
{
	return dt_varvalcmp(r, l, arg);
}

static struct dt_aggent **dt_agg_select(const struct dt_aggtab *t, int aggid,
					size_t *n)
{
	struct dt_aggent **all = dt_agg_entries(t, n);
	size_t i, k = 0;

	if (!all || aggid < 0)
		return all;
	for (i = 0; i < *n; i++)
		if (all[i]->aggid == (dt_u32)aggid)
			all[k++] = all[i];
	*n = k;
	return all;
}

struct dt_aggent **dt_agg_sorted(const struct dt_aggtab *t,
				 const struct dt_program *pgm, int aggid,
				 const struct dt_aggsort *s, size_t *n)
{
	struct dt_sortctx c = { pgm, s->rev, s->keysort, s->keypos, NULL };
	struct dt_aggent **v = dt_agg_select(t, aggid, n);

	if (v)
		qsort_r(v, *n, sizeof(*v),
			s->keysort ? dt_varkeycmp : dt_varvalcmp, &c);
	return v;
}

/* illumos calls these with an explicit order: the options do not apply. */
struct dt_aggent **dt_agg_valsorted(const struct dt_aggtab *t,
				    const struct dt_program *pgm, int aggid,
				    int rev, size_t *n)
{
	struct dt_sortctx c = { pgm, 0, 0, 0, NULL };
	struct dt_aggent **v = dt_agg_select(t, aggid, n);

	if (v)
		qsort_r(v, *n, sizeof(*v),
			rev ? dt_varvalrevcmp : dt_varvalcmp, &c);
	return v;
}

/* ---- printa() of several aggregations ------------------------------ */

static int dt_keyvarcmp(const void *l, const void *r, void *arg)
{
	const struct dt_aggent *a = *(const struct dt_aggent *const *)l;
	const struct dt_aggent *b = *(const struct dt_aggent *const *)r;
	const struct dt_sortctx *c = arg;
	int v = dt_keycmp(c, a, b);

	return v ? v : dt_varcmp(c, a, b);
}

/*
 * A bundle: naggs slots in sort-position order (slot i holds the entry
 * of aggids[(i + sortpos) % naggs], or NULL), then the representative.
 */
struct dt_bundle {
	struct dt_aggent **slot;
	int naggs;
	const int *aggid;	/* aggid of each slot */
};


static int dt_bundlecmp(const void *l, const void *r, void *arg)
{
	const struct dt_bundle *a = l, *b = r;
	const struct dt_sortctx *c = arg;
	int i, v, n = a->naggs;

	if (c->keysort) {
		v = dt_keycmp(c, a->slot[n], b->slot[n]);
		if (v)
			return v;
	}
	for (i = 0; i < n; i++) {
		const struct dt_aggdesc *ad = &c->pgm->aggs[a->aggid[i]];
		const dt_s64 *x = a->slot[i] ? a->slot[i]->val : c->zero;
		const dt_s64 *y = b->slot[i] ? b->slot[i]->val : c->zero;

		v = dt_valcmp_data(c, ad, x, y);
		if (v)
			return v;
	}
	return c->keysort ? 0 : dt_keycmp(c, a->slot[n], b->slot[n]);
}

long dt_agg_joined(const struct dt_aggtab *t, const struct dt_program *pgm,
		   const int *aggids, int naggs, const struct dt_aggsort *s,
		   struct dt_aggent ***rowsp)
{
	struct dt_sortctx c0 = { pgm, 0, 0, 0, NULL };
	struct dt_sortctx c = { pgm, s->rev, s->keysort, s->keypos, NULL };
	struct dt_aggent **all = NULL, **slots = NULL, **rows = NULL;
	struct dt_bundle *b = NULL;
	int *slotagg = NULL, sortpos = s->sortpos, i;
	dt_s64 *zero = NULL;
	size_t n, k, nb = 0, start, maxvals = 1;
	long rc = -1;

	*rowsp = NULL;
	if (naggs <= 0)
		return -1;
	if (sortpos < 0 || sortpos >= naggs)
		sortpos = 0;
	all = dt_agg_entries(t, &n);
	slotagg = malloc(naggs * sizeof(*slotagg));
	if (!all || !slotagg)
		goto out;
	for (i = 0; i < naggs; i++) {
		if (aggids[i] < 0 || aggids[i] >= pgm->naggs)
			goto out;
		slotagg[i] = aggids[(i + sortpos) % naggs];
		if (dt_agg_nvals(&pgm->aggs[aggids[i]]) > maxvals)
			maxvals = dt_agg_nvals(&pgm->aggs[aggids[i]]);
	}
	zero = calloc(maxvals, sizeof(*zero));
	if (!zero)
		goto out;
	c.zero = zero;
	/* Only the entries of the printed aggregations, key order. */
	for (i = 0, k = 0; (size_t)i < n; i++) {
		int j;

		for (j = 0; j < naggs; j++)
			if (all[i]->aggid == (dt_u32)aggids[j])
				break;
		if (j < naggs)
			all[k++] = all[i];
	}
	n = k;
	qsort_r(all, n, sizeof(*all), dt_keyvarcmp, &c0);

	b = calloc(n ? n : 1, sizeof(*b));
	slots = calloc((n ? n : 1) * (naggs + 1), sizeof(*slots));
	if (!b || !slots)
		goto out;
	for (start = 0, k = 1; k <= n; k++) {
		struct dt_aggent **sl;
		size_t j;

		if (k < n && dt_keycmp(&c0, all[k], all[k - 1]) == 0)
			continue;
		sl = slots + nb * (naggs + 1);
		/* Each slot of an aggregation named twice gets its entry. */
		for (j = start; j < k; j++)
			for (i = 0; i < naggs; i++)
				if (slotagg[i] == (int)all[j]->aggid)
					sl[i] = all[j];
		sl[naggs] = all[start];
		b[nb].slot = sl;
		b[nb].naggs = naggs;
		b[nb].aggid = slotagg;
		nb++;
		start = k;
	}
	qsort_r(b, nb, sizeof(*b), dt_bundlecmp, &c);

	rows = malloc((nb ? nb : 1) * naggs * sizeof(*rows));
	if (!rows)
		goto out;
	for (k = 0; k < nb; k++)
		for (i = 0; i < naggs; i++)
			rows[k * naggs + i] =
				b[k].slot[(i - sortpos + naggs) % naggs];
	*rowsp = rows;
	rows = NULL;
	rc = (long)nb;
out:
	free(rows);
	free(slots);
	free(b);
	free(zero);
	free(slotagg);
	free(all);
	return rc;
}
