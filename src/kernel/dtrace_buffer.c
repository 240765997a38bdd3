// SPDX-License-Identifier: GPL-2.0
/*
 * Per-CPU principal buffers, double-buffered.  The firing path appends
 * records to the active half of its own CPU's buffer with interrupts
 * off.  BUFSNAP switches halves on the owning CPU (in an IPI, so the
 * switch never interleaves with a firing there) and then copies the now
 * inactive half to user space at leisure.
 *
 * hdr.bufpolicy decides what a full half does: switch drops records
 * until the next snapshot; fill marks the CPU filled and records
 * nothing more there except dtrace:::END, for which room was kept; ring
 * overwrites the oldest records (the snapshot copies the older segment
 * first).
 */
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/smp.h>
#include <linux/cpu.h>
#include <linux/topology.h>
#include <linux/uaccess.h>

#include "dtrace_impl.h"
#include "../../kadapt/kadapt.h"

int dtrace_buffers_alloc(struct dtrace_consumer *c, u64 bufsize,
			 u32 policy, u64 reserve)
{
	unsigned int cpu;
	int i;

	bufsize = round_down(bufsize, 8);
	c->bufs = kvcalloc(nr_cpu_ids, sizeof(*c->bufs), GFP_KERNEL);
	if (!c->bufs)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		struct dtrace_cpubuf *b = &c->bufs[cpu];

		for (i = 0; i < 2; i++) {
			b->data[i] = kvzalloc_node(bufsize, DTRACE_GFP_BUF,
						   cpu_to_node(cpu));
			if (!b->data[i])
				goto nomem;
		}
		b->size = bufsize;
		b->policy = policy;
		b->reserve = reserve;
	}
	return 0;
nomem:
	dtrace_buffers_free(c);
	return -ENOMEM;
}

void dtrace_buffers_free(struct dtrace_consumer *c)
{
	unsigned int cpu;

	if (!c->bufs)
		return;
	for_each_possible_cpu(cpu) {
		kvfree(c->bufs[cpu].data[0]);
		kvfree(c->bufs[cpu].data[1]);
	}
	kvfree(c->bufs);
	c->bufs = NULL;
}

/*
 * Ring: make room for @len bytes at offset by giving up the oldest
 * records, wrapping to the start when the end is reached.  The records
 * are our own, so their sizes can be followed.  At most two wraps.
 */
static bool dtrace_ring_room(struct dtrace_cpubuf *b, u32 len)
{
	const u8 *data = b->data[b->active];
	const struct dtrace_rechdr *r;
	int n;

	if (len > b->size)
		return false;
	for (n = 0; n < 4; n++) {
		if (!b->wrapped) {
			if (len <= b->size - b->offset)
				return true;
			b->wrapend = b->offset;
			b->offset = 0;
			b->head = 0;
			b->wrapped = true;
		}
		while (b->head < b->wrapend && b->head - b->offset < len) {
			r = (const struct dtrace_rechdr *)(data + b->head);
			b->head += sizeof(*r) + r->size;
		}
		if (b->head < b->wrapend && b->head - b->offset >= len)
			return true;
		/* The older segment is used up. */
		b->wrapped = false;
	}
	return false;
}

/* Firing path, interrupts off: room for @len bytes or NULL (a drop). */
void *dtrace_buffer_reserve(struct dtrace_cpubuf *b, u32 len)
{
	u64 avail = b->size - b->offset;
	void *rec;

	switch (b->policy) {
	case DTRACE_BUFPOLICY_RING:
		if (!dtrace_ring_room(b, len))
			goto drop;
		break;
	case DTRACE_BUFPOLICY_FILL:
		/* dtrace:::END may use the room kept for it. */
		if (!b->in_end) {
			if (b->filled)
				goto drop;
			avail = avail > b->reserve ? avail - b->reserve : 0;
		}
		if (len > avail) {
			if (!b->in_end)
				WRITE_ONCE(b->filled, 1);
			goto drop;
		}
		break;
	default:
		if (len > avail)
			goto drop;
		break;
	}
	rec = (u8 *)b->data[b->active] + b->offset;
	b->offset += len;
	return rec;
drop:
	b->drops++;
	return NULL;
}

/* Give back the most recent reservation (its ECB faulted). */
void dtrace_buffer_unreserve(struct dtrace_cpubuf *b, void *rec)
{
	b->offset = (u8 *)rec - (u8 *)b->data[b->active];
}

/* Runs on the buffer's CPU with interrupts off. */
static void dtrace_buffer_switch(void *arg)
{
	struct dtrace_cpubuf *b = arg;
	int g = dtrace_cpu_guard_enter();

	if (b->wrapped) {
		b->snap_off1 = b->head;
		b->snap_len1 = b->wrapend - b->head;
	} else {
		b->snap_off1 = 0;
		b->snap_len1 = 0;
	}
	b->snap_len = b->offset;
	b->snap_drops = b->drops - b->drops_snapped;
	b->drops_snapped = b->drops;
	b->active ^= 1;
	b->offset = 0;
	b->wrapped = false;
	b->head = 0;
	b->wrapend = 0;
	dtrace_cpu_guard_exit(g);
}

/*
 * Run @fn(@arg) on @cpu with interrupts off.  An offline CPU fires no
 * probes, so there it can run here; the hotplug lock keeps it offline.
 */
int dtrace_on_cpu(unsigned int cpu, smp_call_func_t fn, void *arg)
{
	unsigned long flags;
	int err = 0;

	cpus_read_lock();
	if (cpu_online(cpu)) {
		err = smp_call_function_single(cpu, fn, arg, 1);
	} else {
		flags = kadapt_irq_save();
		fn(arg);
		kadapt_irq_restore(flags);
	}
	cpus_read_unlock();
	return err;
}

/*
 * Bytes of whole records in @data[0, @len) that fit in @cap; the records
 * that do not are counted in *@lost.
 */
static u64 dtrace_buffer_fit(const u8 *data, u64 len, u64 cap, u64 *lost)
{
	u64 off = 0, fit = 0;

	*lost = 0;
	while (len - off >= sizeof(struct dtrace_rechdr)) {
		const struct dtrace_rechdr *r = (const void *)(data + off);

		off += sizeof(*r) + r->size;
		if (off <= cap && !*lost)
			fit = off;
		else
			(*lost)++;
		if (off > len)
			break;
	}
	return fit;
}

int dtrace_bufsnap(struct dtrace_consumer *c, struct dtrace_bufsnap *snap)
{
	struct dtrace_cpubuf *b;
	u64 n, n1, lost, lost2;
	const u8 *data;
	int err;

	if (c->state == DTRACE_CSTATE_IDLE || !c->bufs)
		return -ENXIO;
	if (snap->cpu >= nr_cpu_ids || !cpu_possible(snap->cpu))
		return -EINVAL;
	b = &c->bufs[snap->cpu];
	err = dtrace_on_cpu(snap->cpu, dtrace_buffer_switch, b);
	if (err)
		return err;
	data = b->data[b->active ^ 1];
	/* A ring's older segment first, then the rest. */
	n1 = dtrace_buffer_fit(data + b->snap_off1, b->snap_len1, snap->size,
			       &lost);
	if (n1 == b->snap_len1) {
		n = dtrace_buffer_fit(data, b->snap_len, snap->size - n1,
				      &lost2);
	} else {
		n = 0;
		dtrace_buffer_fit(data, b->snap_len, 0, &lost2);
	}
	snap->drops = b->snap_drops + lost + lost2;
	snap->size = n1 + n;
	if (n1 && copy_to_user(u64_to_user_ptr(snap->buf),
			       data + b->snap_off1, n1))
		return -EFAULT;
	if (n && copy_to_user(u64_to_user_ptr(snap->buf + n1), data, n))
		return -EFAULT;
	return 0;
}
