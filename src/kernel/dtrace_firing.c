// SPDX-License-Identifier: GPL-2.0
/*
 * Probe firing: the hot path.  Runs in any context a probe can hit
 * (process, softirq, hardirq, with arbitrary locks held), so it never
 * sleeps, allocates, prints or takes a lock.  Interrupts stay masked
 * (through kadapt, pv-aware) for the whole firing, which also makes it an
 * RCU read-side section: ECB lists are published with RCU and freed only
 * after synchronize_rcu().
 */
#include <linux/percpu.h>
#include <linux/string.h>
#include <linux/smp.h>

#include "dtrace_impl.h"
#include "../../kadapt/kadapt.h"

/* Non-zero while this CPU is inside dtrace_probe(). */
static DEFINE_PER_CPU(int, dtrace_in_probe);

static void dtrace_fault(struct dtrace_consumer *c, struct dtrace_cpubuf *cb,
			 const struct dtrace_ecb *e, const struct dif_ctx *ctx)
{
	cb->errors++;
	WRITE_ONCE(c->last_fault, ctx->fault);
	WRITE_ONCE(c->last_fault_epid, e->epid);
	WRITE_ONCE(c->last_fault_addr, ctx->fault_addr);
}

static void dtrace_store_int(u8 *dst, u64 val, u32 size)
{
	__le64 le = cpu_to_le64(val);

	memcpy(dst, &le, size);
}

/* Build the aggregation key of @a into ab->keybuf. */
static int dtrace_agg_key(const struct dtrace_action *a,
			  struct dtrace_aggbuf *ab, struct dif_ctx *ctx)
{
	u8 *k = ab->keybuf;
	u64 v;
	u32 i;
	int f;

	for (i = 0; i < a->nkeys; i++) {
		f = dif_emulate(&a->keys[i], ctx, &v);
		if (f)
			return f;
		if (a->keys[i].rtype == DIF_TYPE_STRING) {
			memset(k, 0, ctx->strsize);
			f = dif_copy_string(ctx, (char *)k, v, ctx->strsize);
			if (f)
				return f;
			k += ctx->strsize;
		} else {
			memcpy(k, &v, 8);
			k += 8;
		}
	}
	return 0;
}

/*
 * Run @e's actions into @rec.  Returns 0 or a DIF fault; aggregations
 * updated before a fault stay updated (as in illumos).
 */
static int dtrace_ecb_actions(struct dtrace_ecb *e, u8 *rec,
			      struct dif_ctx *ctx, struct dtrace_cpubuf *cb,
			      struct dtrace_aggbuf *ab)
{
	struct dtrace_consumer *c = e->consumer;
	u64 v;
	u32 i;
	int f;

	for (i = 0; i < e->nactions; i++) {
		const struct dtrace_action *a = &e->actions[i];

		switch (a->kind) {
		case DTRACE_ACT_STORE:
		case DTRACE_ACT_EXIT:
			f = dif_emulate(&a->val, ctx, &v);
			if (f)
				return f;
			if (a->val.rtype == DIF_TYPE_STRING) {
				f = dif_copy_string(ctx,
						    (char *)rec + a->offset,
						    v, a->size);
				if (f)
					return f;
			} else {
				dtrace_store_int(rec + a->offset, v, a->size);
			}
			if (a->kind == DTRACE_ACT_EXIT)
				WRITE_ONCE(c->exiting, 1);
			break;
		case DTRACE_ACT_AGGREGATE:
			v = 0;
			if (a->has_val) {
				f = dif_emulate(&a->val, ctx, &v);
				if (f)
					return f;
			}
			f = dtrace_agg_key(a, ab, ctx);
			if (f)
				return f;
			dtrace_agg_update(c, ab, cb, a->aggid, v);
			break;
		}
	}
	return 0;
}

static void dtrace_ecb_fire(struct dtrace_ecb *e, struct dtrace_fire_env *env,
			    unsigned int cpu)
{
	struct dtrace_consumer *c = e->consumer;
	struct dtrace_cpubuf *cb = &c->bufs[cpu];
	struct dtrace_aggbuf *ab = c->aggbufs ? &c->aggbufs[cpu] : NULL;
	struct dtrace_rechdr *hdr;
	struct dif_ctx ctx = {
		.ops = &dtrace_vm_ops,
		.env = env,
		.strsize = c->strsize,
		.globals = c->globals,
		.nglobals = c->nglobals,
	};
	u64 v;

	dtrace_vm_scratch(&ctx, c, cpu);
	env->epid = e->epid;
	if (e->has_pred) {
		if (dif_emulate(&e->pred, &ctx, &v)) {
			dtrace_fault(c, cb, e, &ctx);
			return;
		}
		if (!v)
			return;
	}
	/*
	 * Actions that record nothing (aggregations only) leave no record,
	 * as in illumos: an empty record per firing would only fill the
	 * buffer.  A clause with no actions at all records its header (the
	 * default action prints the probe).
	 */
	if (!e->size && e->nactions) {
		if (dtrace_ecb_actions(e, NULL, &ctx, cb, ab))
			dtrace_fault(c, cb, e, &ctx);
		return;
	}
	hdr = dtrace_buffer_reserve(cb, sizeof(*hdr) + e->size);
	if (!hdr)
		return;
	hdr->epid = e->epid;
	hdr->size = e->size;
	hdr->timestamp = kadapt_timestamp_ns();
	memset(hdr + 1, 0, e->size);
	if (dtrace_ecb_actions(e, (u8 *)(hdr + 1), &ctx, cb, ab)) {
		dtrace_fault(c, cb, e, &ctx);
		dtrace_buffer_unreserve(cb, hdr);
	}
}

/* An NMI hit a busy CPU; NMIs do not nest, so nmi_drops has one writer. */
static void dtrace_nmi_drop(struct dtrace_probe *p)
{
	unsigned int cpu = smp_processor_id();
	struct dtrace_ecb *e;

	for (e = rcu_dereference_sched(p->ecbs); e;
	     e = rcu_dereference_sched(e->pnext)) {
		if (READ_ONCE(e->consumer->state) == DTRACE_CSTATE_ACTIVE)
			e->consumer->bufs[cpu].nmi_drops++;
	}
}

static void dtrace_probe_fire(struct dtrace_probe *p,
			      const u64 args[DTRACE_NARGS],
			      struct pt_regs *regs,
			      struct dtrace_consumer *only)
{
	struct dtrace_fire_env env;
	struct dtrace_ecb *e;
	unsigned long flags;
	unsigned int cpu;
	int *guard;

	flags = kadapt_irq_save();
	/* Where RCU does not watch, the ECB lists cannot be walked. */
	if (!rcu_is_watching())
		goto out;
	/*
	 * The per-CPU guard is held while this CPU is inside a firing or a
	 * buffer switch.  A firing that finds it held has interrupted one
	 * (an NMI, or a probe in dtrace's own path) and is dropped.  NMI
	 * context as such is fine: x86 runs kprobe int3 handlers as NMIs,
	 * and an NMI that finds the guard free finishes before the code it
	 * interrupted touches any buffer.
	 */
	guard = this_cpu_ptr(&dtrace_in_probe);
	if (*guard) {
		if (kadapt_in_nmi())
			dtrace_nmi_drop(p);
		goto out;
	}
	*guard = 1;
	barrier();
	cpu = smp_processor_id();
	env.probe = p;
	env.args = args;
	env.regs = regs;
	env.cpu = cpu;
	for (e = rcu_dereference_sched(p->ecbs); e;
	     e = rcu_dereference_sched(e->pnext)) {
		struct dtrace_consumer *c = e->consumer;
		/* Pairs with the release in dtrace_consumer_go(). */
		int state = smp_load_acquire(&c->state);

		/* BEGIN fires before GO sets ACTIVE, END before STOPPED. */
		if (only) {
			if (c != only || state == DTRACE_CSTATE_STOPPED)
				continue;
		} else if (state != DTRACE_CSTATE_ACTIVE ||
			   READ_ONCE(c->exiting)) {
			continue;
		}
		dtrace_ecb_fire(e, &env, cpu);
	}
	barrier();
	*guard = 0;
out:
	kadapt_irq_restore(flags);
}

/*
 * Hold this CPU's guard around a buffer switch (which runs with
 * interrupts off) so that an NMI cannot fire into a half-switched buffer.
 */
int dtrace_cpu_guard_enter(void)
{
	int *guard = this_cpu_ptr(&dtrace_in_probe);
	int old = *guard;

	*guard = 1;
	barrier();
	return old;
}

void dtrace_cpu_guard_exit(int old)
{
	barrier();
	*this_cpu_ptr(&dtrace_in_probe) = old;
}

void dtrace_probe(struct dtrace_probe *p, const u64 args[DTRACE_NARGS],
		  struct pt_regs *regs)
{
	dtrace_probe_fire(p, args, regs, NULL);
}

void dtrace_probe_for(struct dtrace_probe *p, const u64 args[DTRACE_NARGS],
		      struct pt_regs *regs, struct dtrace_consumer *only)
{
	dtrace_probe_fire(p, args, regs, only);
}
