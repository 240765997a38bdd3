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

static void dt_agg_apply(int fn, dt_s64 *cur, const dt_s64 *nv)
{
	switch (fn) {
	case DTRACE_AGG_MIN:
		if (nv[0] < cur[0])
			cur[0] = nv[0];
		break;
	case DTRACE_AGG_MAX:
		if (nv[0] > cur[0])
			cur[0] = nv[0];
		break;
	case DTRACE_AGG_AVG:
		cur[0] += nv[0];
		cur[1] += nv[1];
		break;
	default:	/* COUNT, SUM */
		cur[0] += nv[0];
		break;
	}
}

static dt_u32 dt_agg_nvals(int fn)
{
	return fn == DTRACE_AGG_AVG ? 2 : 1;
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
		dt_s64 vals[2] = { 0, 0 };
		size_t recsize, h;

		memcpy(&ar, p + off, sizeof(ar));
		if (ar.aggid >= (dt_u32)pgm->naggs)
			return -1;
		ad = &pgm->aggs[ar.aggid];
		if (ar.keysize != ad->keysize || ar.nvals != dt_agg_nvals(ad->fn))
			return -1;
		recsize = sizeof(ar) + ((ar.keysize + 7) & ~7u) + 8 * ar.nvals;
		if (recsize > len - off)
			return -1;
		key = p + off + sizeof(ar);
		memcpy(vals, key + ((ar.keysize + 7) & ~7u), 8 * ar.nvals);

		h = dt_agg_hash(ar.aggid, key, ar.keysize) % t->nbuckets;
		for (e = t->bucket[h]; e; e = e->next)
			if (e->aggid == ar.aggid && e->keysize == ar.keysize &&
			    !memcmp(e->key, key, ar.keysize))
				break;
		if (e) {
			dt_agg_apply(ad->fn, e->val, vals);
		} else {
			e = malloc(sizeof(*e) + ar.keysize);
			if (!e)
				return -1;
			e->aggid = ar.aggid;
			e->keysize = ar.keysize;
			e->val[0] = vals[0];
			e->val[1] = vals[1];
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
