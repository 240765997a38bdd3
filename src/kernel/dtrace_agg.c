// SPDX-License-Identifier: GPL-2.0
/*
 * Per-CPU aggregation buffers, double-buffered like the principal ones.
 * Each half is a bump area of entries (struct dtrace_aggrec, key bytes
 * padded to 8, then the 64-bit values) indexed by a chained hash on
 * (aggid, key).  A CPU's half holds only what that CPU accumulated since
 * its last snapshot; the consumer merges.  A full area counts aggdrops.
 */
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/jhash.h>
#include <linux/log2.h>
#include <linux/topology.h>
#include <linux/uaccess.h>

#include "dtrace_impl.h"
#include "../common/dtrace_aggcalc.h"

static u32 dtrace_aggrec_size(u32 keysize, u32 nvals)
{
	return sizeof(struct dtrace_aggrec) + ALIGN(keysize, 8) + 8 * nvals;
}

int dtrace_aggbufs_alloc(struct dtrace_consumer *c, u64 aggsize)
{
	u32 keybuf = DTRACE_MAX_AGGKEYS * max3(8u, c->strsize,
					       8u * DTRACE_MAX_STACKFRAMES);
	u32 nbuckets;
	unsigned int cpu;
	int i;

	aggsize = round_down(aggsize, 8);
	nbuckets = clamp_t(u64, aggsize / 64, 64, 1u << 20);
	nbuckets = rounddown_pow_of_two(nbuckets);
	c->aggbufs = kvcalloc(nr_cpu_ids, sizeof(*c->aggbufs), GFP_KERNEL);
	if (!c->aggbufs)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		struct dtrace_aggbuf *ab = &c->aggbufs[cpu];
		int node = cpu_to_node(cpu);

		for (i = 0; i < 2; i++) {
			ab->area[i] = kvzalloc_node(aggsize, DTRACE_GFP_BUF,
						    node);
			ab->hash[i] = kvzalloc_node(nbuckets * sizeof(u32),
						    DTRACE_GFP_BUF, node);
			if (!ab->area[i] || !ab->hash[i])
				goto nomem;
		}
		ab->keybuf = kvzalloc_node(keybuf, GFP_KERNEL, node);
		if (!ab->keybuf)
			goto nomem;
		ab->keybuf_size = keybuf;
		ab->size = aggsize;
		ab->nbuckets = nbuckets;
	}
	return 0;
nomem:
	dtrace_aggbufs_free(c);
	return -ENOMEM;
}

void dtrace_aggbufs_free(struct dtrace_consumer *c)
{
	unsigned int cpu;
	int i;

	if (!c->aggbufs)
		return;
	for_each_possible_cpu(cpu) {
		struct dtrace_aggbuf *ab = &c->aggbufs[cpu];

		for (i = 0; i < 2; i++) {
			kvfree(ab->area[i]);
			kvfree(ab->hash[i]);
		}
		kvfree(ab->keybuf);
	}
	kvfree(c->aggbufs);
	c->aggbufs = NULL;
}

/* Firing path, interrupts off, on this CPU's buffer. */
void dtrace_agg_update(struct dtrace_consumer *c, struct dtrace_aggbuf *ab,
		       struct dtrace_cpubuf *cb, u32 aggid, u64 val,
		       u64 incr)
{
	const struct dtrace_agginfo *ai = &c->agginfo[aggid];
	u8 *area = ab->area[ab->active];
	u32 *hash = ab->hash[ab->active];
	u32 bucket, off, esz;
	struct dtrace_aggrec *e;
	u64 *v;

	bucket = jhash(ab->keybuf, ai->keysize, aggid) & (ab->nbuckets - 1);
	for (off = hash[bucket]; off; off = e->next) {
		e = (struct dtrace_aggrec *)(area + off - 1);
		if (e->aggid == aggid && e->keysize == ai->keysize &&
		    !memcmp(e + 1, ab->keybuf, ai->keysize))
			goto found;
	}
	esz = dtrace_aggrec_size(ai->keysize, ai->nvals);
	if (esz > ab->size - ab->fill) {
		cb->aggdrops++;
		return;
	}
	e = (struct dtrace_aggrec *)(area + ab->fill);
	e->aggid = aggid;
	e->keysize = ai->keysize;
	e->nvals = ai->nvals;
	e->next = hash[bucket];
	memcpy(e + 1, ab->keybuf, ai->keysize);
	memset((u8 *)(e + 1) + ai->keysize, 0,
	       ALIGN(ai->keysize, 8) - ai->keysize);
	v = (u64 *)((u8 *)(e + 1) + ALIGN(ai->keysize, 8));
	memset(v, 0, 8 * ai->nvals);
	if (ai->fn == DTRACE_AGG_MIN || ai->fn == DTRACE_AGG_MAX)
		v[0] = val;
	hash[bucket] = ab->fill + 1;
	ab->fill += esz;
found:
	v = (u64 *)((u8 *)(e + 1) + ALIGN(ai->keysize, 8));
	switch (ai->fn) {
	case DTRACE_AGG_COUNT:
		v[0]++;
		break;
	case DTRACE_AGG_SUM:
		v[0] += val;
		break;
	case DTRACE_AGG_MIN:
		if ((s64)val < (s64)v[0])
			v[0] = val;
		break;
	case DTRACE_AGG_MAX:
		if ((s64)val > (s64)v[0])
			v[0] = val;
		break;
	case DTRACE_AGG_AVG:
		v[0]++;
		v[1] += val;
		break;
	case DTRACE_AGG_QUANTIZE:
		v[dtrace_quantize_bucket((s64)val)] += incr;
		break;
	case DTRACE_AGG_STDDEV:
		v[0]++;
		v[1] += val;
		dtrace_stddev_addsq(&v[2], (s64)val);
		break;
	case DTRACE_AGG_LQUANTIZE:
		v[dtrace_lquantize_bucket((s32)val, ai->lq_base, ai->lq_step,
					  ai->lq_levels)] += incr;
		break;
	case DTRACE_AGG_LLQUANTIZE:
		v[dtrace_llquantize_bucket(ai->llq_factor, ai->llq_low,
					   ai->llq_high, ai->llq_nsteps,
					   (s64)val)] += incr;
		break;
	}
}

/* Runs on the buffer's CPU with interrupts off. */
static void dtrace_agg_switch(void *arg)
{
	struct dtrace_aggbuf *ab = arg;
	int g = dtrace_cpu_guard_enter();

	ab->snap_len = ab->fill;
	ab->active ^= 1;
	ab->fill = 0;
	dtrace_cpu_guard_exit(g);
}

int dtrace_aggsnap(struct dtrace_consumer *c, struct dtrace_bufsnap *snap)
{
	struct dtrace_aggbuf *ab;
	u64 off = 0, fit = 0, lost = 0;
	const u8 *area;
	unsigned int half;
	int err;

	if (c->state == DTRACE_CSTATE_IDLE)
		return -ENXIO;
	if (snap->cpu >= nr_cpu_ids || !cpu_possible(snap->cpu))
		return -EINVAL;
	if (!c->aggbufs) {
		snap->size = 0;
		snap->drops = 0;
		return 0;
	}
	ab = &c->aggbufs[snap->cpu];
	err = dtrace_on_cpu(snap->cpu, dtrace_agg_switch, ab);
	if (err)
		return err;
	half = ab->active ^ 1;
	area = ab->area[half];
	while (off < ab->snap_len) {
		const struct dtrace_aggrec *e = (const void *)(area + off);

		off += dtrace_aggrec_size(e->keysize, e->nvals);
		if (off <= snap->size && !lost)
			fit = off;
		else
			lost++;
	}
	/* The inactive half becomes active at the next switch: empty it. */
	memset(ab->hash[half], 0, ab->nbuckets * sizeof(u32));
	snap->drops = lost;
	snap->size = fit;
	if (fit && copy_to_user(u64_to_user_ptr(snap->buf), area, fit))
		return -EFAULT;
	return 0;
}
