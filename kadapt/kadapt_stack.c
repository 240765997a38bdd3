// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel stack traces for stack(): the kernel's own unwinder (ORC or
 * frame pointers), which is probe-context safe and knows every entry and
 * exception frame, including Xen PV's.
 */
#include <linux/compiler.h>
#include <linux/stacktrace.h>
#include "kadapt_internal.h"

#if defined(KADAPT_HAVE_STACK_TRACE_SAVE)
noinline unsigned int kadapt_stack_save(unsigned long *pcs, unsigned int max,
					unsigned int skip)
{
	unsigned int n;

	/*
	 * stack_trace_save() starts at its caller, this function: one more
	 * frame to skip.  The barrier keeps the call out of tail position,
	 * so that this frame exists to be skipped.
	 */
	n = stack_trace_save(pcs, max, skip + 1);
	barrier();
	return n;
}
#else
/* No CONFIG_STACKTRACE (probes/stack_trace_save.c): stack() is empty. */
unsigned int kadapt_stack_save(unsigned long *pcs, unsigned int max,
			       unsigned int skip)
{
	return 0;
}
#endif
