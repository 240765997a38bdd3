// SPDX-License-Identifier: GPL-2.0
/*
 * Speculative tracing: speculation() hands out one of hdr.nspec ids,
 * speculate(id) sends an ECB's record to that speculation's buffer on
 * the current CPU, commit(id) copies every CPU's buffer of it into the
 * current CPU's principal buffer and discard(id) throws them away.
 *
 * Probe context on every CPU at once, so no sleeping and no unbounded
 * waiting: a speculation's state moves INACTIVE -> ACTIVE (speculation())
 * -> DRAINING (the one commit/discard that wins the cmpxchg) -> INACTIVE.
 * Each per-CPU buffer has a lock held while one record is written or
 * while the buffer is drained, tried a bounded number of times, and the
 * generation of the activation its contents belong to: a buffer that
 * could not be drained (its lock stayed busy) is emptied by its next
 * writer instead of leaking old records into a later activation.
 */
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/atomic.h>
#include <linux/overflow.h>
#include <asm/processor.h>

#include "dtrace_impl.h"

#define DTRACE_SPEC_INACTIVE	0
#define DTRACE_SPEC_ACTIVE	1
#define DTRACE_SPEC_DRAINING	2
#define DTRACE_SPEC_STARTING	3
#define DTRACE_SPEC_SPIN	(1u << 14)
/* All speculation buffers of one consumer together. */
#define DTRACE_SPEC_BUDGET	(256ull << 20)

struct dtrace_specbuf {
	u32 lock;
	u32 gen;			/* activation the contents belong to */
	u64 offset;			/* bytes of records in data */
	u8 *data;
};

struct dtrace_spec {
	u32 state;
	u32 gen;
	struct dtrace_specbuf *bufs;	/* [nr_cpu_ids] */
};

static bool dtrace_spec_lock(u32 *lock)
{
	unsigned int i;

	for (i = 0; i < DTRACE_SPEC_SPIN; i++) {
		if (!READ_ONCE(*lock) && !cmpxchg_acquire(lock, 0, 1))
			return true;
		cpu_relax();
	}
	return false;
}

static void dtrace_spec_unlock(u32 *lock)
{
	/* The buffer's contents are seen before the lock is free. */
	smp_store_release(lock, 0);
}

int dtrace_spec_alloc(struct dtrace_consumer *c, u32 nspec, u64 specsize)
{
	u64 per = round_down(specsize, 8), total;
	unsigned int cpu;
	u32 i;
	u8 *mem;

	if (!nspec)
		return 0;
	if (check_mul_overflow(per, (u64)nspec * nr_cpu_ids, &total) ||
	    total > DTRACE_SPEC_BUDGET) {
		pr_debug("dtrace: enable rejected: %u speculations of %llu bytes per CPU\n",
			 nspec, specsize);
		return -E2BIG;
	}
	c->specs = kvcalloc(nspec, sizeof(*c->specs), GFP_KERNEL);
	if (!c->specs)
		return -ENOMEM;
	c->nspec = nspec;
	c->specsize = per;
	c->specmem = kvzalloc(total, DTRACE_GFP_BUF);
	if (!c->specmem)
		return -ENOMEM;
	mem = c->specmem;
	for (i = 0; i < nspec; i++) {
		struct dtrace_spec *s = &c->specs[i];

		s->bufs = kvcalloc(nr_cpu_ids, sizeof(*s->bufs), GFP_KERNEL);
		if (!s->bufs)
			return -ENOMEM;
		for (cpu = 0; cpu < nr_cpu_ids; cpu++) {
			s->bufs[cpu].data = mem;
			mem += per;
		}
	}
	return 0;
}

void dtrace_spec_free(struct dtrace_consumer *c)
{
	u32 i;

	if (c->specs)
		for (i = 0; i < c->nspec; i++)
			kvfree(c->specs[i].bufs);
	kvfree(c->specs);
	c->specs = NULL;
	kvfree(c->specmem);
	c->specmem = NULL;
	c->nspec = 0;
}

/* speculation(): a free id (1 .. nspec), or 0, counted as illumos does. */
u64 dtrace_spec_new(struct dtrace_consumer *c, struct dtrace_cpubuf *cb)
{
	bool busy = false;
	u32 i, st;

	for (i = 0; i < c->nspec; i++) {
		struct dtrace_spec *s = &c->specs[i];

		st = READ_ONCE(s->state);
		if (st == DTRACE_SPEC_DRAINING)
			busy = true;
		if (st != DTRACE_SPEC_INACTIVE ||
		    cmpxchg(&s->state, DTRACE_SPEC_INACTIVE,
			    DTRACE_SPEC_STARTING) != DTRACE_SPEC_INACTIVE)
			continue;
		WRITE_ONCE(s->gen, s->gen + 1);
		/* Writers that see ACTIVE see the new generation. */
		smp_store_release(&s->state, DTRACE_SPEC_ACTIVE);
		return i + 1;
	}
	if (busy)
		cb->specbusy++;
	else
		cb->specunavail++;
	return 0;
}

/*
 * speculate(@id): room for one record of @len bytes in speculation @id's
 * buffer on @cpu, with that buffer locked (dtrace_spec_done() unlocks),
 * or NULL and the record counted as dropped.
 */
void *dtrace_spec_reserve(struct dtrace_consumer *c, struct dtrace_cpubuf *cb,
			  unsigned int cpu, u64 id, u32 len, void **token)
{
	struct dtrace_specbuf *sb;
	struct dtrace_spec *s;
	u32 gen;
	void *rec;

	if (id == 0 || id > c->nspec)
		goto drop;
	s = &c->specs[id - 1];
	sb = &s->bufs[cpu];
	if (!dtrace_spec_lock(&sb->lock))
		goto drop;
	/* Pairs with the release in dtrace_spec_new(): gen is current. */
	if (smp_load_acquire(&s->state) != DTRACE_SPEC_ACTIVE)
		goto drop_locked;
	gen = READ_ONCE(s->gen);
	if (sb->gen != gen) {
		sb->gen = gen;
		sb->offset = 0;
	}
	if (len > c->specsize - sb->offset)
		goto drop_locked;
	rec = sb->data + sb->offset;
	sb->offset += len;
	*token = sb;
	return rec;
drop_locked:
	dtrace_spec_unlock(&sb->lock);
drop:
	cb->specdrops++;
	return NULL;
}

/* The record at @rec is finished (@keep) or given back. */
void dtrace_spec_done(void *token, void *rec, bool keep)
{
	struct dtrace_specbuf *sb = token;

	if (!keep)
		sb->offset = (u8 *)rec - sb->data;
	dtrace_spec_unlock(&sb->lock);
}

/*
 * commit(@id) (@commit) or discard(@id): only while @id is active, and
 * only one of them wins.  Committed records go to @cb, the current CPU's
 * principal buffer, CPU by CPU; what does not fit is counted as drops.
 */
void dtrace_spec_finish(struct dtrace_consumer *c, struct dtrace_cpubuf *cb,
			u64 id, bool commit)
{
	struct dtrace_spec *s;
	unsigned int cpu;
	u32 gen;
	void *dst;

	if (id == 0 || id > c->nspec)
		return;
	s = &c->specs[id - 1];
	if (cmpxchg(&s->state, DTRACE_SPEC_ACTIVE, DTRACE_SPEC_DRAINING) !=
	    DTRACE_SPEC_ACTIVE)
		return;
	gen = READ_ONCE(s->gen);
	for (cpu = 0; cpu < nr_cpu_ids; cpu++) {
		struct dtrace_specbuf *sb = &s->bufs[cpu];

		if (!READ_ONCE(sb->offset))
			continue;
		if (!dtrace_spec_lock(&sb->lock)) {
			/* Its next writer empties it (generation). */
			cb->specdrops++;
			continue;
		}
		if (sb->gen == gen && sb->offset && commit) {
			dst = dtrace_buffer_reserve(cb, sb->offset);
			if (dst)
				memcpy(dst, sb->data, sb->offset);
		}
		if (sb->gen == gen)
			sb->offset = 0;
		dtrace_spec_unlock(&sb->lock);
	}
	/* Drained before anyone may activate it again. */
	smp_store_release(&s->state, DTRACE_SPEC_INACTIVE);
}
