// SPDX-License-Identifier: GPL-2.0
/*
 * ENABLE: parse and validate the enabling blob (dtrace_abi.h) into the
 * consumer's ECBs.  Every offset, count and size is checked against the
 * blob and the DTRACE_MAX_* limits, every DIF object is copied into
 * kernel memory and passed through dif_verify() before it can ever run.
 */
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/sched/signal.h>

#include "dtrace_impl.h"
#include "../common/dtrace_aggcalc.h"

/* Kernel memory one enabling may use for ECBs, actions and DIF copies. */
#define DTRACE_ENABLE_BUDGET	(64u << 20)

struct dtrace_blob {
	const u8 *base;
	u64 len;
	u32 strsize;
	const struct dif_vartab *vt;
	u32 naggs;
	bool uses_spec;			/* speculation buffers needed */
	u64 budget;			/* bytes left */
};

#define dtrace_reject(fmt, ...)	\
	pr_debug("dtrace: enable rejected: " fmt "\n", ##__VA_ARGS__)

/* Is [off, off + n * elsize) inside the blob and @off aligned? */
static bool dtrace_blob_range(const struct dtrace_blob *b, u32 off, u32 n,
			      u32 elsize, u32 align)
{
	u64 bytes = (u64)n * elsize;

	if (off % align)
		return false;
	return off <= b->len && bytes <= b->len - off;
}

static bool dtrace_blob_charge(struct dtrace_blob *b, u64 bytes)
{
	if (bytes > b->budget) {
		dtrace_reject("enabling exceeds %u bytes of kernel memory",
			      DTRACE_ENABLE_BUDGET);
		return false;
	}
	b->budget -= bytes;
	return true;
}

static void dtrace_difo_free(struct difo *dp)
{
	kvfree(dp->insns);
	memset(dp, 0, sizeof(*dp));
}

/*
 * Copy and verify one DIF object.  *present is false for an absent one
 * (ninsns == 0), which allocates nothing.
 */
static int dtrace_difo_load(struct dtrace_blob *b,
			    const struct dtrace_difodesc *d, struct difo *dp,
			    bool *present, const char *what)
{
	u64 isz, total;
	const char *why = NULL;
	dt_u32 pc = 0;
	u8 *mem;

	memset(dp, 0, sizeof(*dp));
	*present = false;
	if (d->ninsns == 0)
		return 0;
	if (d->ninsns > DIF_MAX_INSNS || d->nints > DIF_MAX_INTTAB ||
	    d->strtab_len > DIF_MAX_STRTAB) {
		dtrace_reject("%s: DIF tables too large", what);
		return -EINVAL;
	}
	if (!dtrace_blob_range(b, d->insns_off, d->ninsns, 4, 4) ||
	    !dtrace_blob_range(b, d->inttab_off, d->nints, 8, 8) ||
	    !dtrace_blob_range(b, d->strtab_off, d->strtab_len, 1, 1)) {
		dtrace_reject("%s: DIF table outside the blob or misaligned",
			      what);
		return -EINVAL;
	}
	switch (d->rtype) {
	case DIF_TYPE_INT:
		if (d->rsize != 1 && d->rsize != 2 && d->rsize != 4 &&
		    d->rsize != 8) {
			dtrace_reject("%s: integer size %u", what, d->rsize);
			return -EINVAL;
		}
		break;
	case DIF_TYPE_STRING:
		if (d->rsize != b->strsize) {
			dtrace_reject("%s: string size %u != strsize %u", what,
				      d->rsize, b->strsize);
			return -EINVAL;
		}
		break;
	default:
		dtrace_reject("%s: result type %u", what, d->rtype);
		return -EINVAL;
	}
	if (d->strtab_len && b->base[d->strtab_off + d->strtab_len - 1]) {
		dtrace_reject("%s: string table not NUL-terminated", what);
		return -EINVAL;
	}

	isz = ALIGN((u64)d->ninsns * 4, 8);
	total = isz + (u64)d->nints * 8 + d->strtab_len;
	if (!dtrace_blob_charge(b, total))
		return -E2BIG;
	mem = kvmalloc(total, GFP_KERNEL);
	if (!mem)
		return -ENOMEM;
	memcpy(mem, b->base + d->insns_off, (size_t)d->ninsns * 4);
	memcpy(mem + isz, b->base + d->inttab_off, (size_t)d->nints * 8);
	memcpy(mem + isz + d->nints * 8, b->base + d->strtab_off,
	       d->strtab_len);
	dp->insns = (const dt_u32 *)mem;
	dp->ninsns = d->ninsns;
	dp->inttab = d->nints ? (const dt_u64 *)(mem + isz) : NULL;
	dp->nints = d->nints;
	dp->strtab = d->strtab_len ? (const char *)mem + isz + d->nints * 8 :
				     NULL;
	dp->strtab_len = d->strtab_len;
	dp->rtype = d->rtype;
	dp->rsize = d->rsize;

	if (dif_verify_vt(dp, b->vt, &why, &pc)) {
		dtrace_reject("%s: DIF verifier: %s at pc %u", what,
			      why ? why : "invalid", pc);
		dtrace_difo_free(dp);
		return -EINVAL;
	}
	for (pc = 0; pc < dp->ninsns; pc++)
		if (dp->insns[pc] == DIF_INSTR_IDX(DIF_OP_CALL,
		    DIF_SUBR_SPECULATION, DIF_INSTR_RD(dp->insns[pc])))
			b->uses_spec = true;
	*present = true;
	return 0;
}

static void dtrace_action_free(struct dtrace_action *a)
{
	u32 k;

	dtrace_difo_free(&a->val);
	dtrace_difo_free(&a->incr);
	if (a->keys) {
		for (k = 0; k < a->nkeys; k++)
			dtrace_difo_free(&a->keys[k]);
		kfree(a->keys);
	}
}

void dtrace_ecbs_free(struct dtrace_consumer *c)
{
	u32 i, j;

	if (!c->ecbs)
		return;
	for (i = 0; i < c->necbs; i++) {
		struct dtrace_ecb *e = &c->ecbs[i];

		dtrace_difo_free(&e->pred);
		if (e->actions) {
			for (j = 0; j < e->nactions; j++)
				dtrace_action_free(&e->actions[j]);
			kvfree(e->actions);
		}
	}
	kvfree(c->ecbs);
	c->ecbs = NULL;
	c->necbs = 0;
	kvfree(c->probes);
	c->probes = NULL;
	c->nprobes = 0;
}

/*
 * lquantize() parameters: a step and a level count of at least 1, the top
 * (base + levels * step) an s32 as in illumos; llquantize() ones as
 * illumos checks them, with a bounded bucket count; other functions have
 * none.
 */
static int dtrace_agg_lquantize_check(const struct dtrace_actdesc *ad)
{
	u32 step = DTRACE_LQUANTIZE_STEP(ad->aggarg);
	u32 levels = DTRACE_LQUANTIZE_LEVELS(ad->aggarg);

	if (ad->aggfn == DTRACE_AGG_LLQUANTIZE) {
		u32 factor = DTRACE_LLQUANTIZE_FACTOR(ad->offset);
		u32 low = DTRACE_LLQUANTIZE_LOW(ad->offset);
		u32 high = DTRACE_LLQUANTIZE_HIGH(ad->aggarg);
		u32 nsteps = DTRACE_LLQUANTIZE_NSTEP(ad->aggarg);

		if (dtrace_llquantize_invalid(factor, low, high, nsteps) ||
		    dtrace_llquantize_bucket(factor, low, high, nsteps,
					     S64_MAX) + 1 >
		    DTRACE_LLQUANTIZE_MAXBUCKETS) {
			dtrace_reject("llquantize: %u, %u, %u, %u", factor,
				      low, high, nsteps);
			return -EINVAL;
		}
		return 0;
	}
	if (ad->aggfn != DTRACE_AGG_LQUANTIZE) {
		if (!ad->aggarg)
			return 0;
		dtrace_reject("aggregation %u: argument %#x", ad->aggid,
			      ad->aggarg);
		return -EINVAL;
	}
	if (!step || !levels ||
	    (s64)(s32)ad->offset + (s64)levels * step > S32_MAX) {
		dtrace_reject("lquantize: base %d step %u levels %u",
			      (s32)ad->offset, step, levels);
		return -EINVAL;
	}
	return 0;
}

/*
 * A stack() or ustack() aggregation key: no DIF, only a frame count
 * (rsize / 8, 1 .. DTRACE_MAX_STACKFRAMES); the firing path stores the
 * frames themselves as the key bytes.
 */
static int dtrace_stack_key(const struct dtrace_difodesc *kd, struct difo *dp)
{
	if (kd->ninsns || kd->insns_off || kd->nints || kd->inttab_off ||
	    kd->strtab_len || kd->strtab_off || !kd->rsize || kd->rsize % 8 ||
	    kd->rsize > 8 * DTRACE_MAX_STACKFRAMES) {
		dtrace_reject("stack key: %u bytes, %u insns", kd->rsize,
			      kd->ninsns);
		return -EINVAL;
	}
	memset(dp, 0, sizeof(*dp));
	dp->rtype = kd->rtype;
	dp->rsize = kd->rsize;
	return 0;
}

static int dtrace_agg_parse(struct dtrace_blob *b, struct dtrace_consumer *c,
			    const struct dtrace_actdesc *ad,
			    struct dtrace_action *a)
{
	struct dtrace_agginfo *ai;
	u32 k, keysize = 0, nvals;
	bool present;
	int err;

	if (ad->aggid >= b->naggs) {
		dtrace_reject("aggid %u >= naggs %u", ad->aggid, b->naggs);
		return -EINVAL;
	}
	if (ad->aggfn < DTRACE_AGG_COUNT || ad->aggfn > DTRACE_AGG_LLQUANTIZE) {
		dtrace_reject("aggregating function %u", ad->aggfn);
		return -EINVAL;
	}
	if (ad->nkeys > DTRACE_MAX_AGGKEYS ||
	    !dtrace_blob_range(b, ad->keys_off, ad->nkeys,
			       sizeof(struct dtrace_difodesc), 4)) {
		dtrace_reject("aggregation keys: %u at %u", ad->nkeys,
			      ad->keys_off);
		return -EINVAL;
	}
	a->aggid = ad->aggid;
	a->aggfn = ad->aggfn;
	if (ad->nkeys) {
		if (!dtrace_blob_charge(b, ad->nkeys * sizeof(struct difo)))
			return -E2BIG;
		a->keys = kcalloc(ad->nkeys, sizeof(struct difo), GFP_KERNEL);
		if (!a->keys)
			return -ENOMEM;
	}
	a->nkeys = ad->nkeys;
	for (k = 0; k < ad->nkeys; k++) {
		const struct dtrace_difodesc *kd = (const void *)(b->base +
			ad->keys_off + k * sizeof(struct dtrace_difodesc));

		if (kd->rtype == DIF_TYPE_STACK || kd->rtype == DIF_TYPE_USTACK) {
			err = dtrace_stack_key(kd, &a->keys[k]);
			if (err)
				return err;
			keysize += a->keys[k].rsize;
			continue;
		}
		err = dtrace_difo_load(b, kd, &a->keys[k], &present,
				       "aggregation key");
		if (err)
			return err;
		if (!present) {
			dtrace_reject("aggregation key %u has no DIF", k);
			return -EINVAL;
		}
		keysize += a->keys[k].rtype == DIF_TYPE_STRING ? b->strsize : 8;
	}
	if (ad->aggfn != DTRACE_AGG_COUNT) {
		err = dtrace_difo_load(b, &ad->difo, &a->val, &a->has_val,
				       "aggregation value");
		if (err)
			return err;
		if (!a->has_val || a->val.rtype != DIF_TYPE_INT) {
			dtrace_reject("aggregation %u needs an integer value",
				      ad->aggid);
			return -EINVAL;
		}
	}
	if (ad->aggfn == DTRACE_AGG_QUANTIZE ||
	    ad->aggfn == DTRACE_AGG_LQUANTIZE ||
	    ad->aggfn == DTRACE_AGG_LLQUANTIZE) {
		err = dtrace_difo_load(b, &ad->incr, &a->incr, &a->has_incr,
				       "aggregation increment");
		if (err)
			return err;
		if (a->has_incr && a->incr.rtype != DIF_TYPE_INT) {
			dtrace_reject("aggregation %u: increment not integer",
				      ad->aggid);
			return -EINVAL;
		}
	}
	switch (ad->aggfn) {
	case DTRACE_AGG_AVG:
		nvals = 2;
		break;
	case DTRACE_AGG_QUANTIZE:
		nvals = DTRACE_QUANTIZE_NBUCKETS;
		break;
	case DTRACE_AGG_STDDEV:
		nvals = 4;
		break;
	case DTRACE_AGG_LQUANTIZE:
		nvals = DTRACE_LQUANTIZE_LEVELS(ad->aggarg) + 2;
		break;
	default:
		nvals = 1;
		break;
	}

	err = dtrace_agg_lquantize_check(ad);
	if (err)
		return err;
	if (ad->aggfn == DTRACE_AGG_LLQUANTIZE)
		nvals = dtrace_llquantize_bucket(
			DTRACE_LLQUANTIZE_FACTOR(ad->offset),
			DTRACE_LLQUANTIZE_LOW(ad->offset),
			DTRACE_LLQUANTIZE_HIGH(ad->aggarg),
			DTRACE_LLQUANTIZE_NSTEP(ad->aggarg), S64_MAX) + 1;

	/* Every use of one aggregation id must agree on its shape. */
	ai = &c->agginfo[ad->aggid];
	if (!ai->fn) {
		ai->fn = ad->aggfn;
		ai->nkeys = ad->nkeys;
		ai->keysize = keysize;
		ai->nvals = nvals;
		if (ad->aggfn == DTRACE_AGG_LQUANTIZE ||
		    ad->aggfn == DTRACE_AGG_LLQUANTIZE) {
			ai->lq_base = (s32)ad->offset;
			ai->lq_step = DTRACE_LQUANTIZE_STEP(ad->aggarg);
			ai->lq_levels = DTRACE_LQUANTIZE_LEVELS(ad->aggarg);
		}
		if (ad->aggfn == DTRACE_AGG_LLQUANTIZE) {
			ai->llq_factor = DTRACE_LLQUANTIZE_FACTOR(ad->offset);
			ai->llq_low = DTRACE_LLQUANTIZE_LOW(ad->offset);
			ai->llq_high = DTRACE_LLQUANTIZE_HIGH(ad->aggarg);
			ai->llq_nsteps = DTRACE_LLQUANTIZE_NSTEP(ad->aggarg);
		}
	} else if (ai->fn != ad->aggfn || ai->nkeys != ad->nkeys ||
		   ai->keysize != keysize || ai->nvals != nvals ||
		   ((ad->aggfn == DTRACE_AGG_LQUANTIZE ||
		     ad->aggfn == DTRACE_AGG_LLQUANTIZE) &&
		    (ai->lq_base != (s32)ad->offset ||
		     ai->lq_step != DTRACE_LQUANTIZE_STEP(ad->aggarg) ||
		     ai->lq_levels != DTRACE_LQUANTIZE_LEVELS(ad->aggarg)))) {
		dtrace_reject("aggregation %u used with different shapes",
			      ad->aggid);
		return -EINVAL;
	}
	return 0;
}

static int dtrace_action_parse(struct dtrace_blob *b,
			       struct dtrace_consumer *c,
			       const struct dtrace_ecbdesc *ed,
			       const struct dtrace_actdesc *ad,
			       struct dtrace_action *a)
{
	int err;

	a->kind = ad->kind;
	/* Only the quantize family has an increment. */
	if (ad->incr.ninsns && (ad->kind != DTRACE_ACT_AGGREGATE ||
				(ad->aggfn != DTRACE_AGG_QUANTIZE &&
				 ad->aggfn != DTRACE_AGG_LQUANTIZE &&
				 ad->aggfn != DTRACE_AGG_LLQUANTIZE))) {
		dtrace_reject("epid %u: increment for action kind %u",
			      ed->epid, ad->kind);
		return -EINVAL;
	}
	switch (ad->kind) {
	case DTRACE_ACT_STORE:
	case DTRACE_ACT_EXIT:
		err = dtrace_difo_load(b, &ad->difo, &a->val, &a->has_val,
				       "action value");
		if (err)
			return err;
		if (!a->has_val) {
			dtrace_reject("epid %u: action without DIF", ed->epid);
			return -EINVAL;
		}
		if (ad->size != a->val.rsize ||
		    (u64)ad->offset + ad->size > ed->size) {
			dtrace_reject("epid %u: store of %u bytes at %u in %u",
				      ed->epid, ad->size, ad->offset,
				      ed->size);
			return -EINVAL;
		}
		if (ad->kind == DTRACE_ACT_EXIT &&
		    a->val.rtype != DIF_TYPE_INT) {
			dtrace_reject("epid %u: exit value not integer",
				      ed->epid);
			return -EINVAL;
		}
		a->offset = ad->offset;
		a->size = ad->size;
		return 0;
	case DTRACE_ACT_AGGREGATE:
		return dtrace_agg_parse(b, c, ad, a);
	case DTRACE_ACT_STACK:
	case DTRACE_ACT_USTACK:
		if (ad->difo.ninsns || ad->size % 8 || !ad->size ||
		    ad->size > 8 * DTRACE_MAX_STACKFRAMES || ad->offset % 8 ||
		    (u64)ad->offset + ad->size > ed->size) {
			dtrace_reject("epid %u: stack of %u bytes at %u",
				      ed->epid, ad->size, ad->offset);
			return -EINVAL;
		}
		a->offset = ad->offset;
		a->size = ad->size;
		return 0;
	case DTRACE_ACT_TRACEMEM:
		err = dtrace_difo_load(b, &ad->difo, &a->val, &a->has_val,
				       "tracemem address");
		if (err)
			return err;
		if (!a->has_val || a->val.rtype != DIF_TYPE_INT || !ad->size ||
		    (u64)ad->offset + ad->size > ed->size) {
			dtrace_reject("epid %u: tracemem of %u bytes at %u",
				      ed->epid, ad->size, ad->offset);
			return -EINVAL;
		}
		a->offset = ad->offset;
		a->size = ad->size;
		return 0;
	case DTRACE_ACT_SPECULATE:
	case DTRACE_ACT_COMMIT:
	case DTRACE_ACT_DISCARD:
		b->uses_spec = true;
		fallthrough;
	case DTRACE_ACT_DIFEXPR:
		err = dtrace_difo_load(b, &ad->difo, &a->val, &a->has_val,
				       "expression");
		if (err)
			return err;
		if (!a->has_val || ad->offset || ad->size || ad->aggid ||
		    ad->aggfn || ad->nkeys || ad->keys_off || ad->aggarg ||
		    (ad->kind != DTRACE_ACT_DIFEXPR &&
		     a->val.rtype != DIF_TYPE_INT)) {
			dtrace_reject("epid %u: expression action fields",
				      ed->epid);
			return -EINVAL;
		}
		return 0;
	default:
		dtrace_reject("epid %u: action kind %u", ed->epid, ad->kind);
		return -EINVAL;
	}
}

/*
 * speculate(), as in illumos: at most one, before every action that
 * records (those before it may only assign or aggregate), and neither
 * aggregations, exit(), commit() nor discard() after it.
 */
static int dtrace_ecb_spec_check(struct dtrace_ecb *e)
{
	u32 j, k;

	for (j = 0; j < e->nactions; j++)
		if (e->actions[j].kind == DTRACE_ACT_SPECULATE)
			break;
	if (j == e->nactions)
		return 0;
	for (k = 0; k < e->nactions; k++) {
		u32 kind = e->actions[k].kind;

		if (k < j && (kind == DTRACE_ACT_DIFEXPR ||
			      kind == DTRACE_ACT_AGGREGATE))
			continue;
		if (k > j && kind != DTRACE_ACT_AGGREGATE &&
		    kind != DTRACE_ACT_EXIT && kind != DTRACE_ACT_SPECULATE &&
		    kind != DTRACE_ACT_COMMIT && kind != DTRACE_ACT_DISCARD)
			continue;
		if (k == j)
			continue;
		dtrace_reject("epid %u: action %u with speculate() at %u",
			      e->epid, k, j);
		return -EINVAL;
	}
	e->spec_action = j + 1;
	return 0;
}

/*
 * commit() copies a speculation into the principal buffer as a
 * reservation of its own: an ECB that also writes a record (in the
 * principal buffer or, after speculate(), in a speculation) would have
 * two, and a fault's unreserve (or a ring's wrap) would undo the wrong
 * one.  illumos forbids data-recording actions around commit() too.
 */
static int dtrace_ecb_commit_check(struct dtrace_ecb *e)
{
	bool commit = false, spec = false;
	u32 j;

	for (j = 0; j < e->nactions; j++) {
		commit |= e->actions[j].kind == DTRACE_ACT_COMMIT;
		spec |= e->actions[j].kind == DTRACE_ACT_SPECULATE;
	}
	if (commit && (spec || e->size || (e->flags & DTRACE_ECB_F_RECORD))) {
		dtrace_reject("epid %u: commit() in a recording ECB", e->epid);
		return -EINVAL;
	}
	return 0;
}

static int dtrace_ecb_parse(struct dtrace_blob *b, struct dtrace_consumer *c,
			    const struct dtrace_ecbdesc *ed,
			    struct dtrace_ecb *e)
{
	struct dtrace_probe *p;
	u32 j;
	int err;

	if (ed->epid == 0 || ed->epid > DTRACE_MAX_EPID) {
		dtrace_reject("epid %u", ed->epid);
		return -EINVAL;
	}
	if (ed->size % 8 || ed->size > DTRACE_MAX_RECSIZE) {
		dtrace_reject("epid %u: record size %u", ed->epid, ed->size);
		return -EINVAL;
	}
	if (ed->flags & ~DTRACE_ECB_F_RECORD) {
		dtrace_reject("epid %u: flags %#x", ed->epid, ed->flags);
		return -EINVAL;
	}
	if (ed->nactions > DTRACE_MAX_ACTIONS ||
	    !dtrace_blob_range(b, ed->actions_off, ed->nactions,
			       sizeof(struct dtrace_actdesc), 4)) {
		dtrace_reject("epid %u: %u actions at %u", ed->epid,
			      ed->nactions, ed->actions_off);
		return -EINVAL;
	}
	mutex_lock(&dtrace_lock);
	p = dtrace_probe_by_id(ed->probe);
	mutex_unlock(&dtrace_lock);
	if (!p) {
		dtrace_reject("epid %u: no probe %u", ed->epid, ed->probe);
		return -EINVAL;
	}
	e->consumer = c;
	e->probe = p;
	e->epid = ed->epid;
	e->size = ed->size;
	e->flags = ed->flags;

	err = dtrace_difo_load(b, &ed->pred, &e->pred, &e->has_pred,
			       "predicate");
	if (err)
		return err;
	if (e->has_pred && e->pred.rtype != DIF_TYPE_INT) {
		dtrace_reject("epid %u: predicate not integer", ed->epid);
		return -EINVAL;
	}

	if (!ed->nactions)
		return 0;
	if (!dtrace_blob_charge(b, ed->nactions * sizeof(*e->actions)))
		return -E2BIG;
	e->actions = kvcalloc(ed->nactions, sizeof(*e->actions), GFP_KERNEL);
	if (!e->actions)
		return -ENOMEM;
	e->nactions = ed->nactions;
	for (j = 0; j < ed->nactions; j++) {
		const struct dtrace_actdesc *ad = (const void *)(b->base +
			ed->actions_off + j * sizeof(*ad));

		err = dtrace_action_parse(b, c, ed, ad, &e->actions[j]);
		if (err)
			return err;
	}
	err = dtrace_ecb_commit_check(e);
	if (err)
		return err;
	return dtrace_ecb_spec_check(e);
}

static int dtrace_cmp_u32(const void *a, const void *b)
{
	u32 x = *(const u32 *)a, y = *(const u32 *)b;

	return x < y ? -1 : x > y;
}

/* Reject duplicate epids; collect the distinct probes into c->probes. */
static int dtrace_ecbs_index(struct dtrace_consumer *c)
{
	u32 *ids, i, n;
	int err = 0;

	if (!c->necbs)
		return 0;
	ids = kvmalloc_array(c->necbs, sizeof(*ids), GFP_KERNEL);
	if (!ids)
		return -ENOMEM;
	for (i = 0; i < c->necbs; i++)
		ids[i] = c->ecbs[i].epid;
	sort(ids, c->necbs, sizeof(*ids), dtrace_cmp_u32, NULL);
	for (i = 1; i < c->necbs; i++) {
		if (ids[i] == ids[i - 1]) {
			dtrace_reject("duplicate epid %u", ids[i]);
			err = -EINVAL;
			goto out;
		}
	}
	for (i = 0; i < c->necbs; i++)
		ids[i] = c->ecbs[i].probe->id;
	sort(ids, c->necbs, sizeof(*ids), dtrace_cmp_u32, NULL);
	for (i = 0, n = 0; i < c->necbs; i++)
		if (!n || ids[n - 1] != ids[i])
			ids[n++] = ids[i];
	c->probes = kvmalloc_array(n, sizeof(*c->probes), GFP_KERNEL);
	if (!c->probes) {
		err = -ENOMEM;
		goto out;
	}
	mutex_lock(&dtrace_lock);
	for (i = 0; i < n; i++)
		c->probes[i] = dtrace_probe_by_id(ids[i]);
	mutex_unlock(&dtrace_lock);
	c->nprobes = n;
out:
	kvfree(ids);
	return err;
}

static int dtrace_hdr_check(const struct dtrace_blob *b,
			    const struct dtrace_enable_hdr *h)
{
	if (h->magic != DTRACE_ENABLE_MAGIC || h->abi != DTRACE_ABI_VERSION) {
		dtrace_reject("bad magic %#x or abi %u", h->magic, h->abi);
		return -EINVAL;
	}
	if (h->necbs > DTRACE_MAX_ECBS ||
	    !dtrace_blob_range(b, h->ecbs_off, h->necbs,
			       sizeof(struct dtrace_ecbdesc), 4)) {
		dtrace_reject("%u ECBs at %u", h->necbs, h->ecbs_off);
		return -EINVAL;
	}
	if (h->naggs > DTRACE_MAX_AGGS ||
	    h->nvars > DIF_NSCOPES * DTRACE_MAX_VARS ||
	    !dtrace_blob_range(b, h->vars_off, h->nvars,
			       sizeof(struct dtrace_vardesc), 4)) {
		dtrace_reject("%u aggregations, %u variables at %u", h->naggs,
			      h->nvars, h->vars_off);
		return -EINVAL;
	}
	if (h->strsize < 1 || h->strsize > DTRACE_MAX_STRSIZE) {
		dtrace_reject("strsize %u", h->strsize);
		return -EINVAL;
	}
	if (h->bufsize < DTRACE_MIN_BUFSIZE ||
	    h->bufsize > DTRACE_MAX_BUFSIZE) {
		dtrace_reject("bufsize %llu", h->bufsize);
		return -EINVAL;
	}
	if (h->naggs && (h->aggsize < DTRACE_MIN_BUFSIZE ||
			 h->aggsize > DTRACE_MAX_BUFSIZE)) {
		dtrace_reject("aggsize %llu", h->aggsize);
		return -EINVAL;
	}
	if (h->bufpolicy > DTRACE_BUFPOLICY_RING) {
		dtrace_reject("bufpolicy %u", h->bufpolicy);
		return -EINVAL;
	}
	if (h->nspec > DTRACE_MAX_NSPEC ||
	    (h->nspec && (h->specsize < DTRACE_MIN_SPECSIZE ||
			  h->specsize > DTRACE_MAX_BUFSIZE))) {
		dtrace_reject("nspec %u specsize %llu", h->nspec, h->specsize);
		return -EINVAL;
	}
	return 0;
}

/*
 * bufpolicy fill keeps room for what dtrace:::END records: each of its
 * ECBs' record and one error record, as illumos reserves it.
 */
static u64 dtrace_end_reserve(const struct dtrace_consumer *c)
{
	u64 r = 0;
	u32 i;

	for (i = 0; i < c->necbs; i++)
		if (dtrace_probe_is_end(c->ecbs[i].probe))
			r += 2 * sizeof(struct dtrace_rechdr) + c->ecbs[i].size +
			     sizeof(struct dtrace_errrec);
	return r;
}

/* Called with c->lock held and c in IDLE. */
int dtrace_enable(struct dtrace_consumer *c, u64 ublob, u64 len)
{
	struct dtrace_enable_hdr h;
	struct dtrace_blob b;
	void *blob;
	u32 i;
	int err;

	if (len < sizeof(h) || len > DTRACE_ENABLE_MAXBLOB)
		return -EINVAL;
	blob = vmemdup_user(u64_to_user_ptr(ublob), len);
	if (IS_ERR(blob))
		return PTR_ERR(blob);
	memcpy(&h, blob, sizeof(h));
	b.base = blob;
	b.len = len;
	b.strsize = h.strsize;
	b.vt = &c->vt;
	b.naggs = h.naggs;
	b.uses_spec = false;
	b.budget = DTRACE_ENABLE_BUDGET;
	err = dtrace_hdr_check(&b, &h);
	if (err)
		goto out;
	c->strsize = h.strsize;
	c->naggs = h.naggs;
	err = dtrace_vars_setup(c, (const struct dtrace_vardesc *)(b.base +
				h.vars_off), h.nvars, h.dynvarsize);
	if (err)
		goto fail;
	if (h.naggs) {
		c->agginfo = kcalloc(h.naggs, sizeof(*c->agginfo), GFP_KERNEL);
		if (!c->agginfo) {
			err = -ENOMEM;
			goto fail;
		}
	}
	if (h.necbs) {
		c->ecbs = kvcalloc(h.necbs, sizeof(*c->ecbs), GFP_KERNEL);
		if (!c->ecbs) {
			err = -ENOMEM;
			goto fail;
		}
	}
	c->necbs = h.necbs;
	for (i = 0; i < h.necbs; i++) {
		const struct dtrace_ecbdesc *ed = (const void *)((u8 *)blob +
			h.ecbs_off + i * sizeof(*ed));

		err = dtrace_ecb_parse(&b, c, ed, &c->ecbs[i]);
		if (err)
			goto fail;
		if (fatal_signal_pending(current)) {
			err = -EINTR;
			goto fail;
		}
		cond_resched();
	}
	err = dtrace_ecbs_index(c);
	if (err)
		goto fail;
	err = dtrace_buffers_alloc(c, h.bufsize, h.bufpolicy,
				   dtrace_end_reserve(c));
	if (err)
		goto fail;
	err = dtrace_scratch_alloc(c);
	if (err)
		goto fail;
	if (b.uses_spec) {
		err = dtrace_spec_alloc(c, h.nspec, h.specsize);
		if (err)
			goto fail;
	}
	if (h.naggs) {
		err = dtrace_aggbufs_alloc(c, h.aggsize);
		if (err)
			goto fail;
	}
	c->state = DTRACE_CSTATE_ENABLED;
	goto out;
fail:
	dtrace_spec_free(c);
	dtrace_scratch_free(c);
	dtrace_aggbufs_free(c);
	dtrace_buffers_free(c);
	dtrace_ecbs_free(c);
	kfree(c->agginfo);
	c->agginfo = NULL;
	dtrace_vars_free(c);
	c->naggs = 0;
out:
	kvfree(blob);
	return err;
}
