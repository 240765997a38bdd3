// SPDX-License-Identifier: GPL-2.0
/*
 * Per-open consumer state and its state machine:
 *   IDLE --ENABLE--> ENABLED --GO--> ACTIVE --STOP--> STOPPED
 * GO links the consumer's ECBs onto their probes and arms the probes;
 * STOP (or close) disarms, unlinks and waits for every CPU to leave the
 * firing path before anything the ECBs point to may be freed.
 */
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/rcupdate.h>
#include <linux/sched/signal.h>

#include "dtrace_impl.h"

struct dtrace_consumer *dtrace_consumer_create(void)
{
	struct dtrace_consumer *c = kzalloc(sizeof(*c), GFP_KERNEL);

	if (!c)
		return NULL;
	mutex_init(&c->lock);
	c->state = DTRACE_CSTATE_IDLE;
	return c;
}

/* Append in blob order so that clauses run in program order. */
static void dtrace_ecb_link(struct dtrace_ecb *e)
{
	struct dtrace_probe *p = e->probe;

	RCU_INIT_POINTER(e->pnext, NULL);
	if (p->ecbs_tail)
		rcu_assign_pointer(p->ecbs_tail->pnext, e);
	else
		rcu_assign_pointer(p->ecbs, e);
	p->ecbs_tail = e;
}

/*
 * Remove all of @c's ECBs from @p's list in one pass.  A reader may still
 * be on a removed ECB; its pnext stays intact until synchronize_rcu().
 */
static void dtrace_probe_unlink(struct dtrace_probe *p,
				struct dtrace_consumer *c)
{
	struct dtrace_ecb __rcu **pp = &p->ecbs;
	struct dtrace_ecb *n, *last = NULL;

	while ((n = rcu_dereference_protected(*pp,
					      lockdep_is_held(&dtrace_lock)))) {
		if (n->consumer == c) {
			rcu_assign_pointer(*pp, rcu_dereference_protected(
				n->pnext, lockdep_is_held(&dtrace_lock)));
		} else {
			last = n;
			pp = &n->pnext;
		}
	}
	p->ecbs_tail = last;
}

/*
 * Disarm the first @narmed probes and unlink all ECBs; called under
 * dtrace_lock.  The caller must synchronize_rcu() before freeing ECBs.
 */
static void dtrace_consumer_detach(struct dtrace_consumer *c, u32 narmed)
{
	u32 i;

	for (i = 0; i < narmed; i++)
		dtrace_probe_disarm(c->probes[i]);
	if (c->linked) {
		for (i = 0; i < c->nprobes; i++)
			dtrace_probe_unlink(c->probes[i], c);
		c->linked = false;
	}
}

int dtrace_consumer_go(struct dtrace_consumer *c)
{
	u32 i;
	int err = 0;

	if (c->state != DTRACE_CSTATE_ENABLED)
		return -EINVAL;
	mutex_lock(&dtrace_lock);
	for (i = 0; i < c->necbs; i++)
		dtrace_ecb_link(&c->ecbs[i]);
	c->linked = true;
	for (i = 0; i < c->nprobes; i++) {
		err = fatal_signal_pending(current) ? -EINTR :
		      dtrace_probe_arm(c->probes[i]);
		if (err) {
			pr_debug("dtrace: arming %s:%s:%s:%s failed: %d\n",
				 c->probes[i]->prov->name, c->probes[i]->mod,
				 c->probes[i]->func, c->probes[i]->name, err);
			dtrace_consumer_detach(c, i);
			break;
		}
	}
	mutex_unlock(&dtrace_lock);
	if (err) {
		synchronize_rcu();
		return err;
	}
	/* BEGIN runs before any other probe of this consumer. */
	dtrace_fire_begin(c);
	/*
	 * Pairs with the acquire in the firing path: a CPU that sees ACTIVE
	 * also sees the buffers and ECBs set up before it.
	 */
	smp_store_release(&c->state, DTRACE_CSTATE_ACTIVE);
	return 0;
}

static void dtrace_consumer_disarm(struct dtrace_consumer *c)
{
	WRITE_ONCE(c->state, DTRACE_CSTATE_STOPPED);
	mutex_lock(&dtrace_lock);
	dtrace_consumer_detach(c, c->nprobes);
	mutex_unlock(&dtrace_lock);
	/* Every firing runs with interrupts off: this waits for all. */
	synchronize_rcu();
}

int dtrace_consumer_stop(struct dtrace_consumer *c)
{
	if (c->state == DTRACE_CSTATE_STOPPED)
		return 0;
	if (c->state != DTRACE_CSTATE_ACTIVE)
		return -EINVAL;
	dtrace_fire_end(c);
	dtrace_consumer_disarm(c);
	return 0;
}

void dtrace_consumer_status(struct dtrace_consumer *c,
			    struct dtrace_status *st)
{
	unsigned int cpu;

	memset(st, 0, sizeof(*st));
	if (c->bufs) {
		for_each_possible_cpu(cpu) {
			st->drops += READ_ONCE(c->bufs[cpu].drops);
			st->aggdrops += READ_ONCE(c->bufs[cpu].aggdrops);
			st->drops += READ_ONCE(c->bufs[cpu].nmi_drops);
			st->errors += READ_ONCE(c->bufs[cpu].errors);
			st->dyndrops += READ_ONCE(c->bufs[cpu].dyndrops);
			st->specdrops += READ_ONCE(c->bufs[cpu].specdrops);
			st->specbusy += READ_ONCE(c->bufs[cpu].specbusy);
			st->specunavail +=
				READ_ONCE(c->bufs[cpu].specunavail);
			if (READ_ONCE(c->bufs[cpu].filled))
				st->filled = 1;
		}
	}
	st->exiting = READ_ONCE(c->exiting);
	st->state = READ_ONCE(c->state);
	st->last_fault = READ_ONCE(c->last_fault);
	st->last_fault_epid = READ_ONCE(c->last_fault_epid);
	st->last_fault_addr = READ_ONCE(c->last_fault_addr);
}

/* close(), also of a killed process: no END, just disarm and free. */
void dtrace_consumer_destroy(struct dtrace_consumer *c)
{
	if (c->state == DTRACE_CSTATE_ACTIVE)
		dtrace_consumer_disarm(c);
	dtrace_scratch_free(c);
	dtrace_aggbufs_free(c);
	dtrace_buffers_free(c);
	dtrace_ecbs_free(c);
	kfree(c->agginfo);
	dtrace_vars_free(c);
	dtrace_spec_free(c);
	kfree(c);
}
