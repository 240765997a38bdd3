// SPDX-License-Identifier: GPL-2.0
/*
 * struct ftrace_regs is a plain wrapper around pt_regs up to Linux 6.12;
 * 6.13, commit 7888af4166d4 "ftrace: Make ftrace_regs abstract from
 * direct use", made it opaque (members only via ftrace_regs_get_*()).
 */
#include <linux/ftrace.h>

struct pt_regs *kadapt_probe(struct ftrace_regs *fregs)
{
	return &fregs->regs;
}
