// SPDX-License-Identifier: GPL-2.0
/*
 * Task exit: the sched_process_exit tracepoint, which every exiting
 * thread passes in do_exit(), in its own context.  Its probe takes a
 * group_dead argument since 6.16 (probes/sched_process_exit_group_dead.c).
 */
#include <linux/tracepoint.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/mutex.h>
#include "kadapt_internal.h"

static DEFINE_MUTEX(kadapt_task_lock);
static struct tracepoint *kadapt_tp_exit_task;
static kadapt_task_exit_fn kadapt_task_fn;

#if defined(KADAPT_HAVE_SCHED_PROCESS_EXIT_GROUP_DEAD)
static void kadapt_task_exit(void *data, struct task_struct *p,
			     bool group_dead)
#else
static void kadapt_task_exit(void *data, struct task_struct *p)
#endif
{
	kadapt_task_exit_fn fn = READ_ONCE(kadapt_task_fn);

	if (fn)
		fn(p);
}

static void kadapt_find_exit_tp(struct tracepoint *tp, void *priv)
{
	if (!strcmp(tp->name, "sched_process_exit"))
		kadapt_tp_exit_task = tp;
}

int kadapt_task_exit_hook_register(kadapt_task_exit_fn fn)
{
	int err = 0;

	mutex_lock(&kadapt_task_lock);
	if (kadapt_task_fn) {
		err = -EBUSY;
		goto out;
	}
	if (!kadapt_tp_exit_task)
		for_each_kernel_tracepoint(kadapt_find_exit_tp, NULL);
	if (!kadapt_tp_exit_task) {
		err = -ENOENT;
		goto out;
	}
	WRITE_ONCE(kadapt_task_fn, fn);
	err = tracepoint_probe_register(kadapt_tp_exit_task,
					(void *)kadapt_task_exit, NULL);
	if (err)
		WRITE_ONCE(kadapt_task_fn, NULL);
out:
	mutex_unlock(&kadapt_task_lock);
	return err;
}

void kadapt_task_exit_hook_unregister(void)
{
	mutex_lock(&kadapt_task_lock);
	if (kadapt_task_fn) {
		tracepoint_probe_unregister(kadapt_tp_exit_task,
					    (void *)kadapt_task_exit, NULL);
		tracepoint_synchronize_unregister();
		WRITE_ONCE(kadapt_task_fn, NULL);
	}
	mutex_unlock(&kadapt_task_lock);
}
