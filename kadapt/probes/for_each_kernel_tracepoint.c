// SPDX-License-Identifier: GPL-2.0
/*
 * Linux 3.15, commit de7b2973903c "tracepoint: Use struct pointer instead
 * of name hash for reg/unreg tracepoints": tracepoints are registered by
 * struct pointer, found by name with for_each_kernel_tracepoint().
 * Required.
 */
#include <linux/tracepoint.h>

static void kadapt_probe_fn(struct tracepoint *tp, void *priv)
{
}

void kadapt_probe(void)
{
	for_each_kernel_tracepoint(kadapt_probe_fn, NULL);
}
