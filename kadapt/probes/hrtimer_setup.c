// SPDX-License-Identifier: GPL-2.0
/*
 * Linux 6.13, commit 908a1d775422 "hrtimers: Introduce hrtimer_setup()
 * to replace hrtimer_init()": init and callback in one call;
 * hrtimer_init() was removed in 6.15.
 */
#include <linux/hrtimer.h>

static enum hrtimer_restart kadapt_probe_fn(struct hrtimer *t)
{
	return HRTIMER_NORESTART;
}

void kadapt_probe(struct hrtimer *t)
{
	hrtimer_setup(t, kadapt_probe_fn, CLOCK_MONOTONIC,
		      HRTIMER_MODE_REL_PINNED_HARD);
}
