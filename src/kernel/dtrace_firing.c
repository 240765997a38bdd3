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

static void dtrace_ecb_fire(struct dtrace_ecb *e, struct dtrace_fire_env *env,
			    unsigned int cpu);

/*
 * dtrace:::ERROR for @c's ECBs, with illumos' arguments: arg1 the
 * faulting epid, arg2 the action (0: predicate), arg3 the DIF byte
 * offset (-1: none), arg4 the fault, arg5 the address (arg0, illumos'
 * state pointer, is 0).  Runs inside the faulting firing, on the same
 * CPU and under the same guard.
 */
static void dtrace_fire_error(struct dtrace_consumer *c,
			      const struct dtrace_fire_env *outer,
			      const struct dtrace_errrec *er)
{
	struct dtrace_probe *p = dtrace_probe_error();
	struct dtrace_cpubuf *cb = &c->bufs[outer->cpu];
	bool in_end = cb->in_end;
	struct dtrace_fire_env env = *outer;
	u64 args[DTRACE_NARGS] = {
		0, er->epid, er->action,
		er->offset == ~0u ? (u64)-1 : er->offset, er->fault, er->addr,
	};
	struct dtrace_ecb *e;

	if (!p)
		return;
	env.probe = p;
	env.args = args;
	for (e = rcu_dereference_sched(p->ecbs); e;
	     e = rcu_dereference_sched(e->pnext))
		if (e->consumer == c && *env.work <= DIF_WORK_MAX)
			dtrace_ecb_fire(e, &env, env.cpu);
	cb->in_end = in_end;
}

/*
 * A DIF fault in @e's predicate (@action 0) or its @action-th action:
 * count it, write the error record the consumer prints, in place of
 * the ECB's own record (already given back), and fire dtrace:::ERROR.
 * @pc is the faulting instruction, ~0u when the fault was outside the
 * DIF (a recorded string that could not be read).  A fault in an ERROR
 * clause is only counted, as in illumos: ERROR does not fire itself.
 */
static void dtrace_fault(struct dtrace_consumer *c, struct dtrace_cpubuf *cb,
			 const struct dtrace_ecb *e, const struct dif_ctx *ctx,
			 u32 action, u32 pc)
{
	struct dtrace_rechdr *hdr;
	struct dtrace_errrec *er, rec;

	cb->errors++;
	WRITE_ONCE(c->last_fault, ctx->fault);
	WRITE_ONCE(c->last_fault_epid, e->epid);
	WRITE_ONCE(c->last_fault_addr, ctx->fault_addr);
	if (e->probe == dtrace_probe_error())
		return;
	rec.epid = e->epid;
	rec.action = action;
	rec.offset = pc == ~0u ? ~0u : pc * 4;
	rec.fault = ctx->fault;
	rec.addr = ctx->fault == DIF_FAULT_BADADDR ||
		   ctx->fault == DIF_FAULT_BADALIGN ? ctx->fault_addr : 0;
	hdr = dtrace_buffer_reserve(cb, sizeof(*hdr) + sizeof(*er));
	if (hdr) {
		hdr->epid = DTRACE_EPID_ERROR;
		hdr->size = sizeof(*er);
		hdr->timestamp = kadapt_timestamp_ns();
		er = (struct dtrace_errrec *)(hdr + 1);
		*er = rec;
	}
	if (ctx->env) {
		struct dtrace_fire_env *env = ctx->env;

		*env->work = max(*env->work, ctx->work);
	}
	dtrace_fire_error(c, ctx->env, &rec);
}

static void dtrace_store_int(u8 *dst, u64 val, u32 size)
{
	__le64 le = cpu_to_le64(val);

	memcpy(dst, &le, size);
}

/* Build the aggregation key of @a into ab->keybuf. */
/* The registers at the probe site, or NULL. */
static struct pt_regs *dtrace_ctx_regs(const struct dif_ctx *ctx)
{
	const struct dtrace_fire_env *env = ctx->env;

	return env ? env->regs : NULL;
}

static int dtrace_agg_key(const struct dtrace_action *a,
			  struct dtrace_aggbuf *ab, struct dif_ctx *ctx)
{
	u8 *k = ab->keybuf;
	u64 v;
	u32 i;
	int f;

	for (i = 0; i < a->nkeys; i++) {
		if (a->keys[i].rtype == DIF_TYPE_STACK ||
		    a->keys[i].rtype == DIF_TYPE_USTACK) {
			memset(k, 0, a->keys[i].rsize);
			if (a->keys[i].rtype == DIF_TYPE_STACK)
				dtrace_stack(k, a->keys[i].rsize / 8,
					     dtrace_ctx_regs(ctx));
			else
				dtrace_ustack(k, a->keys[i].rsize / 8);
			k += a->keys[i].rsize;
			continue;
		}
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
 * Run @e's actions into @rec (NULL when the ECB records nothing).
 * Returns 0, or a DIF fault with the 1-based index of the action in
 * *@action and the faulting instruction in *@pc (~0u: outside the DIF);
 * the remaining actions are not run.  Aggregations and variables updated
 * before a fault stay updated (as in illumos).
 */
static int dtrace_ecb_actions(struct dtrace_ecb *e, u32 from, u32 to,
			      u8 *rec, struct dif_ctx *ctx,
			      struct dtrace_cpubuf *cb,
			      struct dtrace_aggbuf *ab, u32 *action, u32 *pc)
{
	struct dtrace_consumer *c = e->consumer;
	u64 v, inc;
	u32 i;
	int f;

	for (i = from; i < to; i++) {
		const struct dtrace_action *a = &e->actions[i];

		*action = i + 1;
		*pc = ~0u;
		switch (a->kind) {
		case DTRACE_ACT_STORE:
		case DTRACE_ACT_EXIT:
			f = dif_emulate(&a->val, ctx, &v);
			if (f)
				goto dif_fault;
			/* STORE and EXIT have bytes, so rec is there. */
			if (rec && a->val.rtype == DIF_TYPE_STRING) {
				f = dif_copy_string(ctx,
						    (char *)rec + a->offset,
						    v, a->size);
				if (f)
					return f;
			} else if (rec) {
				dtrace_store_int(rec + a->offset, v, a->size);
			}
			if (a->kind == DTRACE_ACT_EXIT)
				WRITE_ONCE(c->exiting, 1);
			break;
		case DTRACE_ACT_DIFEXPR:
			f = dif_emulate(&a->val, ctx, &v);
			if (f)
				goto dif_fault;
			break;
		case DTRACE_ACT_COMMIT:
		case DTRACE_ACT_DISCARD:
			f = dif_emulate(&a->val, ctx, &v);
			if (f)
				goto dif_fault;
			dtrace_spec_finish(c, cb, v,
					   a->kind == DTRACE_ACT_COMMIT);
			break;
		case DTRACE_ACT_STACK:
			if (rec)
				dtrace_stack(rec + a->offset, a->size / 8,
					     dtrace_ctx_regs(ctx));
			break;
		case DTRACE_ACT_USTACK:
			if (rec)
				dtrace_ustack(rec + a->offset, a->size / 8);
			break;
		case DTRACE_ACT_TRACEMEM:
			f = dif_emulate(&a->val, ctx, &v);
			if (f)
				goto dif_fault;
			if (rec && ctx->ops->load(ctx->env, rec + a->offset, v,
						  a->size)) {
				ctx->fault = DIF_FAULT_BADADDR;
				ctx->fault_addr = v;
				return DIF_FAULT_BADADDR;
			}
			break;
		case DTRACE_ACT_AGGREGATE:
			v = 0;
			if (a->has_val) {
				f = dif_emulate(&a->val, ctx, &v);
				if (f)
					goto dif_fault;
			}
			inc = 1;
			if (a->has_incr) {
				f = dif_emulate(&a->incr, ctx, &inc);
				if (f)
					goto dif_fault;
			}
			f = dtrace_agg_key(a, ab, ctx);
			if (f)
				goto dif_fault;
			dtrace_agg_update(c, ab, cb, a->aggid, v, inc);
			break;
		}
	}
	return 0;
dif_fault:
	*pc = ctx->fault_pc;
	return f;
}

/*
 * A clause with speculate(): the actions before it (assignments,
 * aggregations) run first, then its record goes to the speculation's
 * buffer on this CPU, or nowhere (counted) if the id is not active.
 */
static void dtrace_ecb_fire_spec(struct dtrace_ecb *e, struct dif_ctx *ctx,
				 struct dtrace_cpubuf *cb,
				 struct dtrace_aggbuf *ab, unsigned int cpu)
{
	struct dtrace_consumer *c = e->consumer;
	u32 s = e->spec_action - 1, action = 0, pc = ~0u;
	struct dtrace_rechdr *hdr;
	void *token;
	u64 id;
	int f;

	f = dtrace_ecb_actions(e, 0, s, NULL, ctx, cb, ab, &action, &pc);
	if (f)
		goto fault;
	action = s + 1;
	f = dif_emulate(&e->actions[s].val, ctx, &id);
	if (f) {
		pc = ctx->fault_pc;
		goto fault;
	}
	hdr = dtrace_spec_reserve(c, cb, cpu, id, sizeof(*hdr) + e->size,
				  &token);
	if (!hdr)
		return;
	hdr->epid = e->epid;
	hdr->size = e->size;
	hdr->timestamp = kadapt_timestamp_ns();
	memset(hdr + 1, 0, e->size);
	f = dtrace_ecb_actions(e, s + 1, e->nactions, (u8 *)(hdr + 1), ctx,
			       cb, ab, &action, &pc);
	dtrace_spec_done(token, hdr, !f);
	if (!f)
		return;
fault:
	dtrace_fault(c, cb, e, ctx, action, pc);
}

static void dtrace_ecb_fire(struct dtrace_ecb *e, struct dtrace_fire_env *env,
			    unsigned int cpu)
{
	struct dtrace_consumer *c = e->consumer;
	struct dtrace_cpubuf *cb = &c->bufs[cpu];
	struct dtrace_aggbuf *ab = c->aggbufs ? &c->aggbufs[cpu] : NULL;
	struct dtrace_rechdr *hdr = NULL;
	struct dif_ctx ctx = {
		.ops = &dtrace_vm_ops,
		.env = env,
		.strsize = c->strsize,
	};
	u32 action = 0, pc;
	u64 v;
	int f;

	dtrace_vm_scratch(&ctx, c, cpu);
	dtrace_vars_ctx(&ctx, c, cpu);
	/* One budget for the whole probe firing (dif_vm.h: work). */
	ctx.work = *env->work;
	env->epid = e->epid;
	env->consumer = c;
	env->cb = cb;
	cb->in_end = dtrace_probe_is_end(e->probe);
	if (e->has_pred) {
		f = dif_emulate(&e->pred, &ctx, &v);
		if (f) {
			dtrace_fault(c, cb, e, &ctx, 0, ctx.fault_pc);
			goto out;
		}
		if (!v)
			goto out;
	}
	if (e->spec_action) {
		dtrace_ecb_fire_spec(e, &ctx, cb, ab, cpu);
		goto out;
	}
	/*
	 * Actions that record nothing (aggregations, assignments) leave no
	 * record, as in illumos: an empty record per firing would only fill
	 * the buffer.  A clause with no actions at all records its header
	 * (the default action prints the probe), and so does one the
	 * consumer must see (DTRACE_ECB_F_RECORD: printa(), clear() ...).
	 */
	if (e->size || !e->nactions || (e->flags & DTRACE_ECB_F_RECORD)) {
		hdr = dtrace_buffer_reserve(cb, sizeof(*hdr) + e->size);
		if (!hdr)
			goto out;
		hdr->epid = e->epid;
		hdr->size = e->size;
		hdr->timestamp = kadapt_timestamp_ns();
		memset(hdr + 1, 0, e->size);
	}
	f = dtrace_ecb_actions(e, 0, e->nactions, hdr ? (u8 *)(hdr + 1) : NULL,
			       &ctx, cb, ab, &action, &pc);
	if (f) {
		if (hdr)
			dtrace_buffer_unreserve(cb, hdr);
		dtrace_fault(c, cb, e, &ctx, action, pc);
	}
out:
	cb->dyndrops += ctx.dyndrops;
	/* The ERROR firing of a fault in here may have added its own. */
	*env->work = max(*env->work, ctx.work);
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
	u64 work = 0;
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
	env.work = &work;
	/*
	 * Once the firing's work is used up (that ECB's fault said so),
	 * the rest of its ECBs do not run, so that no number of enablings
	 * keeps interrupts masked for long.
	 */
	for (e = rcu_dereference_sched(p->ecbs); e && work <= DIF_WORK_MAX;
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
