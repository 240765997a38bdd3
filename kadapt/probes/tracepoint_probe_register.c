// SPDX-License-Identifier: GPL-2.0
/*
 * Linux 3.15, commit de7b2973903c "tracepoint: Use struct pointer instead
 * of name hash for reg/unreg tracepoints": tracepoint_probe_register(tp,
 * fn, data).
 * Required (syscall provider).
 */
#include <linux/tracepoint.h>

int kadapt_probe(struct tracepoint *tp, void *fn)
{
	int ret = tracepoint_probe_register(tp, fn, NULL);

	tracepoint_probe_unregister(tp, fn, NULL);
	tracepoint_synchronize_unregister();
	return ret;
}
