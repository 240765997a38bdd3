// SPDX-License-Identifier: GPL-2.0
/*
 * ftrace_regs_get_argument(): the accessor for function arguments in
 * struct ftrace_regs (absent from 6.1 on x86, added later); the only way
 * in once 6.13, commit 7888af4166d4 "ftrace: Make ftrace_regs abstract
 * from direct use", made the struct opaque.
 */
#include <linux/ftrace.h>

unsigned long kadapt_probe(struct ftrace_regs *fregs)
{
	return ftrace_regs_get_argument(fregs, 0);
}
