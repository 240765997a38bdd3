// SPDX-License-Identifier: GPL-2.0
/*
 * Function entry hooks (fbt) on kprobes.  The kprobe is registered
 * disabled, its resolved address checked, and only then armed.
 *
 * With CONFIG_X86_KERNEL_IBT a function starts with endbr64; kprobes
 * places a probe on symbol+0 just past it by itself, so nothing to do.
 * With CONFIG_KPROBES_ON_FTRACE a probe on an fentry site uses ftrace
 * instead of int3, transparently.
 */
#include <linux/kprobes.h>
#include <linux/kallsyms.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/ptrace.h>
#include <linux/preempt.h>
#include "kadapt_internal.h"

struct kadapt_kprobe {
	struct kprobe kp;
	struct kadapt_fentry *fe;
	char sym[MODULE_NAME_LEN + 1 + KSYM_NAME_LEN];
};

static int kadapt_kprobe_pre(struct kprobe *kp, struct pt_regs *regs)
{
	struct kadapt_kprobe *kk = container_of(kp, struct kadapt_kprobe, kp);

	kk->fe->handler(kk->fe, regs);
	return 0;	/* single-step the original instruction */
}
NOKPROBE_SYMBOL(kadapt_kprobe_pre);

int kadapt_fentry_register(struct kadapt_fentry *fe, const char *mod,
			   const char *func)
{
	struct kadapt_kprobe *kk;
	unsigned long addr;
	int n, ret;

	if (!fe || !fe->handler || !func || !*func)
		return -EINVAL;
	kk = kzalloc(sizeof(*kk), GFP_KERNEL);
	if (!kk)
		return -ENOMEM;
	if (!mod || !*mod || !strcmp(mod, "vmlinux"))
		n = snprintf(kk->sym, sizeof(kk->sym), "%s", func);
	else
		n = snprintf(kk->sym, sizeof(kk->sym), "%s:%s", mod, func);
	if (n >= sizeof(kk->sym)) {
		ret = -ENOENT;
		goto out_free;
	}

	addr = kadapt_lookup_name(kk->sym);
	if (!addr) {
		ret = -ENOENT;
		goto out_free;
	}
	if (kadapt_addr_is_toxic(addr)) {
		ret = -EPERM;
		goto out_free;
	}

	kk->fe = fe;
	kk->kp.symbol_name = kk->sym;
	kk->kp.pre_handler = kadapt_kprobe_pre;
	kk->kp.flags = KPROBE_FLAG_DISABLED;
	ret = register_kprobe(&kk->kp);
	if (ret < 0) {
		/* kprobes' own blacklist and non-text refusals: -EINVAL */
		if (ret == -EINVAL)
			ret = -EPERM;
		goto out_free;
	}
	if (kadapt_addr_is_toxic((unsigned long)kk->kp.addr)) {
		ret = -EPERM;
		goto out_unreg;
	}
	fe->priv = kk;
	ret = enable_kprobe(&kk->kp);
	if (ret < 0) {
		fe->priv = NULL;
		goto out_unreg;
	}
	return 0;

out_unreg:
	unregister_kprobe(&kk->kp);
out_free:
	kfree(kk);
	return ret;
}

void kadapt_fentry_unregister(struct kadapt_fentry *fe)
{
	struct kadapt_kprobe *kk = fe ? fe->priv : NULL;

	if (!kk)
		return;
	/* Waits (synchronize_rcu) until no handler runs any more. */
	unregister_kprobe(&kk->kp);
	fe->priv = NULL;
	kfree(kk);
}

unsigned long kadapt_fentry_arg(struct pt_regs *regs, unsigned int n)
{
	if (!regs || n > 5)
		return 0;
	return regs_get_kernel_argument(regs, n);
}

const char *kadapt_fentry_mechanism(void)
{
	return "kprobe";
}
