// SPDX-License-Identifier: GPL-2.0
/*
 * Aggregations in user space: every AGGSNAP buffer holds what one CPU
 * accumulated since its last snapshot; we merge those into one table keyed
 * by (aggregation id, key bytes).  The consumer's aggregation actions
 * (clear(), trunc(), normalize(), denormalize()) act on this table the way
 * illumos' dt_consume.c acts on its own.  Sorting is dt_aggsort.c's,
 * printing dt_aggprint.c's.
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
	free(t->printed);
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

dt_u32 dt_agg_nvals(const struct dt_aggdesc *ad)
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

static void dt_agg_apply(const struct dt_aggdesc *ad, dt_s64 *cur,
			 const unsigned char *nv)
{
	dt_u32 i, n = dt_agg_nvals(ad);
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
	default:
		break;
	}
	/* Counts, sums and buckets add (two's complement, as illumos). */
	for (i = 0; i < n; i++)
		cur[i] = (dt_s64)((dt_u64)cur[i] + (dt_u64)dt_agg_rd(nv, i));
}

static int dt_agg_grow_printed(struct dt_aggtab *t, size_t naggs)
{
	unsigned char *p;

	if (t->nprinted >= naggs)
		return 0;
	p = realloc(t->printed, naggs);
	if (!p)
		return -1;
	memset(p + t->nprinted, 0, naggs - t->nprinted);
	t->printed = p;
	t->nprinted = naggs;
	return 0;
}

/*
 * illumos merges sym() and mod() keys by the function and module they
 * point into (dt_aggregate_sym(), _mod()): rewrite such keys (copied to
 * @kbuf) to the symbol's or module's start.  Other keys stay as they are.
 */
static const unsigned char *dt_agg_normkey(const struct dt_program *pgm,
					   dt_u32 aggid,
					   const unsigned char *key,
					   dt_u32 keysize, unsigned char *kbuf)
{
	const struct dt_aggdesc *ad = &pgm->aggs[aggid];
	const struct dt_value *kv = dt_agg_keyvals(pgm, (int)aggid);
	size_t off = 0;
	int k, copied = 0;

	for (k = 0; kv && k < ad->nkeys; k++) {
		dt_u64 v;

		if (dt_agg_key_type(ad, k) != DIF_TYPE_INT) {
			off += dt_agg_key_size(pgm, ad, k);
			continue;
		}
		if ((kv[k].fmt == DT_VFMT_SYM || kv[k].fmt == DT_VFMT_MOD) &&
		    off + 8 <= keysize) {
			if (!copied) {
				memcpy(kbuf, key, keysize);
				copied = 1;
			}
			memcpy(&v, kbuf + off, 8);
			v = dt_symval_key(v, kv[k].fmt);
			memcpy(kbuf + off, &v, 8);
		}
		off += 8;
	}
	return copied ? kbuf : key;
}

/* One snapshot's records (struct dtrace_aggrec each) into @t. */
static int dt_agg_merge_recs(struct dt_aggtab *t, const struct dt_program *pgm,
			     const unsigned char *p, size_t len,
			     unsigned char *kbuf)
{
	size_t off = 0;

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
		key = dt_agg_normkey(pgm, ar.aggid, key, ar.keysize, kbuf);

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
			e->seq = t->seq++;
			e->normal = 1;	/* new entries are not normalized */
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

int dt_agg_merge(struct dt_aggtab *t, const struct dt_program *pgm,
		 const void *buf, size_t len)
{
	unsigned char *kbuf;
	dt_u32 maxkey = 8;
	int i, rc;

	if (!t->bucket) {
		t->bucket = calloc(DT_AGG_NBUCKETS, sizeof(*t->bucket));
		if (!t->bucket)
			return -1;
		t->nbuckets = DT_AGG_NBUCKETS;
	}
	if (dt_agg_grow_printed(t, (size_t)pgm->naggs) < 0)
		return -1;
	/* sym()/mod() keys are rewritten in a copy as long as any key. */
	for (i = 0; i < pgm->naggs; i++)
		if (pgm->aggs[i].keysize > maxkey)
			maxkey = pgm->aggs[i].keysize;
	kbuf = malloc(maxkey);
	if (!kbuf)
		return -1;
	rc = dt_agg_merge_recs(t, pgm, buf, len, kbuf);
	free(kbuf);
	return rc;
}

static int dt_agg_seqcmp(const void *l, const void *r)
{
	const struct dt_aggent *a = *(const struct dt_aggent *const *)l;
	const struct dt_aggent *b = *(const struct dt_aggent *const *)r;

	return a->seq < b->seq ? 1 : a->seq > b->seq ? -1 : 0;
}

struct dt_aggent **dt_agg_entries(const struct dt_aggtab *t, size_t *n)
{
	struct dt_aggent **all, *e;
	size_t i, k = 0;

	all = malloc((t->nents ? t->nents : 1) * sizeof(*all));
	if (!all)
		return NULL;
	for (i = 0; i < t->nbuckets; i++)
		for (e = t->bucket[i]; e; e = e->next)
			all[k++] = e;
	qsort(all, k, sizeof(*all), dt_agg_seqcmp);
	*n = k;
	return all;
}

/* ---- the consumer's aggregation actions ------------------------------ */

/* clear(): every value of @aggid to zero; the keys stay. */
void dt_agg_clear(struct dt_aggtab *t, const struct dt_program *pgm,
		  int aggid)
{
	struct dt_aggent *e;
	size_t i;

	if (aggid < 0 || aggid >= pgm->naggs)
		return;
	for (i = 0; i < t->nbuckets; i++)
		for (e = t->bucket[i]; e; e = e->next)
			if (e->aggid == (dt_u32)aggid)
				memset(e->val, 0,
				       8 * dt_agg_nvals(&pgm->aggs[aggid]));
}

static void dt_agg_remove(struct dt_aggtab *t, struct dt_aggent *victim)
{
	size_t h = dt_agg_hash(victim->aggid, victim->key, victim->keysize) %
		   t->nbuckets;
	struct dt_aggent **pp;

	for (pp = &t->bucket[h]; *pp; pp = &(*pp)->next) {
		if (*pp == victim) {
			*pp = victim->next;
			free(victim);
			t->nents--;
			return;
		}
	}
}

/*
 * illumos dt_trunc(): walk the entries sorted by value, largest first
 * (n < 0: smallest first, keeping -n), removing all after the first n.
 */
int dt_agg_trunc(struct dt_aggtab *t, const struct dt_program *pgm,
		 int aggid, dt_s64 n)
{
	struct dt_aggent **sorted;
	dt_u64 keep;
	size_t i, cnt;

	if (aggid < 0 || aggid >= pgm->naggs || !t->nents)
		return 0;
	keep = n < 0 ? -(dt_u64)n : (dt_u64)n;
	sorted = dt_agg_valsorted(t, pgm, aggid, n >= 0, &cnt);
	if (!sorted)
		return -1;
	for (i = 0; i < cnt; i++) {
		if (keep) {
			keep--;
			continue;
		}
		dt_agg_remove(t, sorted[i]);
	}
	free(sorted);
	return 0;
}

/*
 * normalize(): the entries that exist now print divided by @normal;
 * later ones start at 1, as in illumos.  illumos refuses 0 at the first
 * entry of its walk (newest first), which it resets to 1, and stops.
 */
void dt_agg_normalize(struct dt_aggtab *t, int aggid, dt_u64 normal)
{
	struct dt_aggent **all;
	size_t i, n;

	all = dt_agg_entries(t, &n);
	if (!all)
		return;
	for (i = 0; i < n; i++) {
		if (all[i]->aggid != (dt_u32)aggid)
			continue;
		if (normal == 0) {
			all[i]->normal = 1;
			break;
		}
		all[i]->normal = normal;
	}
	free(all);
}

void dt_agg_denormalize(struct dt_aggtab *t, int aggid)
{
	struct dt_aggent *e;
	size_t i;

	for (i = 0; i < t->nbuckets; i++)
		for (e = t->bucket[i]; e; e = e->next)
			if (e->aggid == (dt_u32)aggid)
				e->normal = 1;
}

int dt_agg_printed(const struct dt_aggtab *t, int aggid)
{
	return aggid >= 0 && (size_t)aggid < t->nprinted &&
	       t->printed[aggid];
}

void dt_agg_set_printed(struct dt_aggtab *t, int aggid)
{
	if (aggid >= 0 && dt_agg_grow_printed(t, (size_t)aggid + 1) == 0)
		t->printed[aggid] = 1;
}
