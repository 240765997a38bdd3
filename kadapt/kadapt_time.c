// SPDX-License-Identifier: GPL-2.0
/* Timestamps usable from any context, NMI included (no seqlock spin). */
#include <linux/ktime.h>
#include <linux/timekeeping.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include "kadapt_internal.h"

u64 kadapt_timestamp_ns(void)
{
	return ktime_get_mono_fast_ns();
}

u64 kadapt_walltimestamp_ns(void)
{
	return ktime_get_real_fast_ns();
}

/*
 * The scheduler adds (clock - se.exec_start) to se.sum_exec_runtime and
 * moves exec_start to that clock, under the runqueue lock we cannot take
 * here.  sum_exec_runtime - exec_start stays the same across such an
 * update, so adding this CPU's scheduler clock gives the time run so far
 * without waiting for the next tick; both are read once.  The clock of
 * the CPU the task was switched in on may be slightly ahead of this one
 * after a migration: never count a negative slice.  Where the scheduler
 * clock that exec_start follows leaves out interrupt or steal time, it
 * is not this CPU's clock: there, only what the scheduler has added up
 * (at the last tick or switch) is given.
 */
u64 kadapt_task_vtime_ns(void)
{
	struct task_struct *t = current;
	u64 start = READ_ONCE(t->se.exec_start);
	u64 sum = READ_ONCE(t->se.sum_exec_runtime);
	u64 now;

	if (IS_ENABLED(CONFIG_IRQ_TIME_ACCOUNTING) ||
	    IS_ENABLED(CONFIG_PARAVIRT_TIME_ACCOUNTING))
		return sum;
	now = local_clock();
	return sum + (now > start ? now - start : 0);
}
