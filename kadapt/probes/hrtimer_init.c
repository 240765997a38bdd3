// SPDX-License-Identifier: GPL-2.0
/*
 * hrtimer_init() + ->function: the classic API, removed in Linux 6.15
 * after 6.13 commit 908a1d775422 "hrtimers: Introduce hrtimer_setup() to
 * replace hrtimer_init()".  HRTIMER_MODE_*_HARD exists since 4.16.
 */
#include <linux/hrtimer.h>

void kadapt_probe(struct hrtimer *t)
{
	hrtimer_init(t, CLOCK_MONOTONIC, HRTIMER_MODE_REL_PINNED_HARD);
}
