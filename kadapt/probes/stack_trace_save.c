// SPDX-License-Identifier: GPL-2.0
/*
 * Linux 5.2, commit e9b98e162aa5 "stacktrace: Provide helpers for common
 * stack trace operations": stack_trace_save() replaced save_stack_trace()
 * and struct stack_trace.  Declared only with CONFIG_STACKTRACE.
 */
#include <linux/stacktrace.h>

unsigned int kadapt_probe(unsigned long *pcs, unsigned int n)
{
	return stack_trace_save(pcs, n, 0);
}
