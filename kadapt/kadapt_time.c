// SPDX-License-Identifier: GPL-2.0
/* Timestamps usable from any context, NMI included (no seqlock spin). */
#include <linux/ktime.h>
#include <linux/timekeeping.h>
#include "kadapt_internal.h"

u64 kadapt_timestamp_ns(void)
{
	return ktime_get_mono_fast_ns();
}

u64 kadapt_walltimestamp_ns(void)
{
	return ktime_get_real_fast_ns();
}
