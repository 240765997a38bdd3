// SPDX-License-Identifier: GPL-2.0
/*
 * Timers for the profile provider: per-CPU pinned hrtimers expiring in
 * hard interrupt context, so the callback sees the interrupted registers.
 */
#include <linux/hrtimer.h>
#include <linux/ktime.h>
#include <asm/irq_regs.h>
#include "kadapt_internal.h"

static enum hrtimer_restart kadapt_timer_expire(struct hrtimer *hrt)
{
	struct kadapt_timer *t = container_of(hrt, struct kadapt_timer, hrt);
	u64 ns;

	/* get_irq_regs() may be NULL if not run from an interrupt. */
	ns = t->fn(t, get_irq_regs());
	if (!ns)
		return HRTIMER_NORESTART;
	hrtimer_forward_now(hrt, ns_to_ktime(ns));
	return HRTIMER_RESTART;
}

void kadapt_timer_init(struct kadapt_timer *t, kadapt_timer_fn fn, void *data)
{
	t->fn = fn;
	t->data = data;
#if defined(KADAPT_HAVE_HRTIMER_SETUP)
	hrtimer_setup(&t->hrt, kadapt_timer_expire, CLOCK_MONOTONIC,
		      HRTIMER_MODE_REL_PINNED_HARD);
#else
	hrtimer_init(&t->hrt, CLOCK_MONOTONIC, HRTIMER_MODE_REL_PINNED_HARD);
	t->hrt.function = kadapt_timer_expire;
#endif
}

void kadapt_timer_start(struct kadapt_timer *t, u64 ns)
{
	hrtimer_start(&t->hrt, ns_to_ktime(ns), HRTIMER_MODE_REL_PINNED_HARD);
}

void kadapt_timer_cancel(struct kadapt_timer *t)
{
	hrtimer_cancel(&t->hrt);
}
