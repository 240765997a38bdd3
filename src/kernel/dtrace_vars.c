// SPDX-License-Identifier: GPL-2.0
/*
 * User variables of a consumer: the variable table from the ENABLE blob
 * (checked by dif_vartab_check(), every field hostile), the global
 * scalars, the per-CPU clause-locals, the dynamic-variable store for
 * thread-locals and array elements (dynvarsize bytes, allocated at
 * ENABLE and freed with the consumer) and rand()'s per-CPU state.
 *
 * Thread-locals of exited threads: their key is the task's address and
 * start time (dtrace_task_key()), so a new task at the same address
 * never sees them.  kadapt's task-exit hook also frees them, walking the
 * whole store with interrupts masked: so only for consumers that have
 * thread-locals and a store of at most DTRACE_PURGE_MAX_DYNVARSIZE (an
 * RCU list of those).  Elsewhere, and for elements created after the
 * hook (a probe later in do_exit()), they stay until the consumer goes
 * away, bounded by dynvarsize like every other element, as in illumos,
 * where a script frees them by assigning 0.
 */
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/random.h>
#include <linux/rculist.h>
#include <linux/smp.h>
#include <linux/sched.h>
#include <linux/overflow.h>

#include "dtrace_impl.h"
#include "../common/dif_dynvar.h"
#include "../../kadapt/kadapt.h"

/* Clause-locals of all CPUs together (strings may make them large). */
#define DTRACE_MAX_LVARS	(64u << 20)
/* A purge walks the store: about 1 ms a MiB, masked (see the top). */
#define DTRACE_PURGE_MAX_DYNVARSIZE	(4u << 20)

static LIST_HEAD(dtrace_dyn_consumers);
static DEFINE_MUTEX(dtrace_dyn_lock);

int dtrace_vars_setup(struct dtrace_consumer *c,
		      const struct dtrace_vardesc *vd, u32 nvars,
		      u64 dynvarsize)
{
	u32 nids[DIF_NSCOPES], s, total = 0;
	const char *why = NULL;
	size_t lsize;

	if (dynvarsize > DTRACE_MAX_DYNVARSIZE) {
		pr_debug("dtrace: enable rejected: dynvarsize %llu\n",
			 dynvarsize);
		return -EINVAL;
	}
	if (dif_vartab_check(vd, nvars, c->strsize, nids, &why)) {
		pr_debug("dtrace: enable rejected: variables: %s\n", why);
		return -EINVAL;
	}
	for (s = 0; s < DIF_NSCOPES; s++)
		total += nids[s];
	if (total) {
		c->varmem = kvcalloc(total, sizeof(*c->varmem), GFP_KERNEL);
		if (!c->varmem)
			return -ENOMEM;
	}
	for (s = 0, total = 0; s < DIF_NSCOPES; s++) {
		c->vt.vars[s] = nids[s] ? c->varmem + total : NULL;
		total += nids[s];
	}
	dif_vartab_fill(&c->vt, vd, nvars, c->strsize, nids);

	if (c->vt.area[DTRACE_VSCOPE_GLOBAL]) {
		c->gvars = kvzalloc(c->vt.area[DTRACE_VSCOPE_GLOBAL],
				    DTRACE_GFP_BUF);
		if (!c->gvars)
			return -ENOMEM;
	}
	c->lvars_size = c->vt.area[DTRACE_VSCOPE_LOCAL];
	if (c->lvars_size) {
		lsize = array_size(c->lvars_size, nr_cpu_ids);
		if (lsize > DTRACE_MAX_LVARS) {
			pr_debug("dtrace: enable rejected: clause-locals need %zu bytes\n",
				 lsize);
			return -E2BIG;
		}
		c->lvars = kvzalloc(lsize, DTRACE_GFP_BUF);
		if (!c->lvars)
			return -ENOMEM;
	}
	c->rand = kvmalloc_array(nr_cpu_ids, 2 * sizeof(u64), GFP_KERNEL);
	if (!c->rand)
		return -ENOMEM;
	get_random_bytes(c->rand, nr_cpu_ids * 2 * sizeof(u64));

	/*
	 * A region too small to lay out leaves no store: every dynamic
	 * variable store is then dropped and counted, as with 0.
	 */
	if (dynvarsize) {
		c->dynmem = kvzalloc(dynvarsize, DTRACE_GFP_BUF);
		if (!c->dynmem)
			return -ENOMEM;
		c->dyn = dif_dyn_init(c->dynmem, dynvarsize, nr_cpu_ids);
	}
	if (c->dyn && c->vt.nids[DTRACE_VSCOPE_THREAD] &&
	    dynvarsize <= DTRACE_PURGE_MAX_DYNVARSIZE) {
		mutex_lock(&dtrace_dyn_lock);
		list_add_rcu(&c->dynlist, &dtrace_dyn_consumers);
		c->on_dynlist = true;
		mutex_unlock(&dtrace_dyn_lock);
	}
	return 0;
}

void dtrace_vars_free(struct dtrace_consumer *c)
{
	if (c->on_dynlist) {
		mutex_lock(&dtrace_dyn_lock);
		list_del_rcu(&c->dynlist);
		c->on_dynlist = false;
		mutex_unlock(&dtrace_dyn_lock);
		/* The exit hook may still walk the store. */
		synchronize_rcu();
	}
	kvfree(c->dynmem);
	c->dynmem = NULL;
	c->dyn = NULL;
	kvfree(c->rand);
	c->rand = NULL;
	kvfree(c->lvars);
	c->lvars = NULL;
	kvfree(c->gvars);
	c->gvars = NULL;
	kvfree(c->varmem);
	c->varmem = NULL;
	memset(&c->vt, 0, sizeof(c->vt));
}

/* The firing path's view of @c's variables on @cpu. */
void dtrace_vars_ctx(struct dif_ctx *ctx, struct dtrace_consumer *c,
		     unsigned int cpu)
{
	ctx->vt = &c->vt;
	ctx->gvars = c->gvars;
	ctx->lvars = c->lvars ? c->lvars + (size_t)c->lvars_size * cpu : NULL;
	ctx->dyn = c->dyn;
	ctx->cpu = cpu;
	ctx->rand_state = c->rand ? c->rand + 2 * (size_t)cpu : NULL;
}

/*
 * A task exits: free its thread-locals in every store.  Runs in the
 * exiting task; interrupts are masked and the CPU's firing guard held
 * as in a firing, so the store sees the same rules.
 */
static void dtrace_vars_task_exit(struct task_struct *p)
{
	struct dtrace_consumer *c;
	unsigned long flags;
	int g;

	if (list_empty(&dtrace_dyn_consumers))
		return;
	flags = kadapt_irq_save();
	g = dtrace_cpu_guard_enter();
	rcu_read_lock();
	list_for_each_entry_rcu(c, &dtrace_dyn_consumers, dynlist)
		dif_dyn_purge_thread(c->dyn, smp_processor_id(),
				     dtrace_task_key(p));
	rcu_read_unlock();
	dtrace_cpu_guard_exit(g);
	kadapt_irq_restore(flags);
}

int dtrace_vars_init(void)
{
	int err = kadapt_task_exit_hook_register(dtrace_vars_task_exit);

	/* Without the hook thread-locals of exited threads stay (bounded). */
	if (err)
		pr_warn("dtrace: no task exit hook (%d): thread-locals of exited threads are freed only with their consumer\n",
			err);
	return 0;
}

void dtrace_vars_exit(void)
{
	kadapt_task_exit_hook_unregister();
}
