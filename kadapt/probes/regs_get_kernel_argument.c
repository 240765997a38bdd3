// SPDX-License-Identifier: GPL-2.0
/*
 * Linux 4.20, commit 3c88ee194c28 "x86: ptrace: Add function argument
 * access API":
 * regs_get_kernel_argument(regs, n) per the kernel calling convention.
 * Required (fbt arguments).
 */
#include <linux/ptrace.h>

unsigned long kadapt_probe(struct pt_regs *regs)
{
	return regs_get_kernel_argument(regs, 5);
}
