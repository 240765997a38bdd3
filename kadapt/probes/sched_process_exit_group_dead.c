// SPDX-License-Identifier: GPL-2.0
/*
 * Linux 6.16, "exit: move and extend sched_process_exit() tracepoint"
 * (Andrii Nakryiko): the tracepoint gained a bool group_dead argument,
 * so its probes take (data, task, group_dead).  Compiles only there:
 * the registration checks the probe's type.
 */
#include <linux/sched.h>
#include <trace/events/sched.h>

static void kadapt_cb(void *data, struct task_struct *p, bool group_dead)
{
}

int kadapt_probe(void)
{
	return register_trace_sched_process_exit(kadapt_cb, NULL);
}
