// SPDX-License-Identifier: GPL-2.0
/*
 * fbt hooks, the part common to both mechanisms: checking the request,
 * resolving the name, refusing toxic text, and argument access.  Arming
 * is kadapt_fentry_fprobe.c's or kadapt_fentry_kprobe.c's, whichever
 * the probe stage selected (KADAPT_FENTRY_FPROBE).
 */
#include <linux/kallsyms.h>
#include <linux/module.h>
#include <linux/string.h>
#include <linux/ptrace.h>
#include "kadapt_internal.h"

int kadapt_fentry_register(struct kadapt_fentry *fe, const char *mod,
			   const char *func)
{
	char sym[KADAPT_FENTRY_SYMLEN];
	unsigned long addr;
	int n;

	if (!fe || (!fe->handler && !fe->exit_handler) || !func || !*func)
		return -EINVAL;
	if (!mod || !*mod || !strcmp(mod, "vmlinux"))
		n = snprintf(sym, sizeof(sym), "%s", func);
	else
		n = snprintf(sym, sizeof(sym), "%s:%s", mod, func);
	if (n >= sizeof(sym))
		return -ENOENT;

	addr = kadapt_lookup_name(sym);
	if (!addr)
		return -ENOENT;
	if (kadapt_addr_is_toxic(addr))
		return -EPERM;
	fe->priv = NULL;
	return kadapt_fentry_arm(fe, sym, addr);
}

void kadapt_fentry_unregister(struct kadapt_fentry *fe)
{
	if (fe && fe->priv)
		kadapt_fentry_disarm(fe);
}

unsigned long kadapt_fentry_arg(struct pt_regs *regs, unsigned int n)
{
	if (!regs || n > 5)
		return 0;
	return regs_get_kernel_argument(regs, n);
}
