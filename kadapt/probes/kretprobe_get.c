// SPDX-License-Identifier: GPL-2.0
/*
 * kretprobe return handlers find their kretprobe with get_kretprobe()
 * since Linux 5.11, commit d741bf41d7c7 "kprobes: Remove kretprobe hash"
 * (ri->rp before).  Needs CONFIG_KRETPROBES (x86: with CONFIG_KPROBES).
 */
#include <linux/kprobes.h>

static int kadapt_probe_ret(struct kretprobe_instance *ri,
			    struct pt_regs *regs)
{
	return get_kretprobe(ri)->nmissed + regs_return_value(regs);
}

int kadapt_probe(struct kretprobe *rp)
{
	rp->handler = kadapt_probe_ret;
	rp->kp.flags = KPROBE_FLAG_DISABLED;
	return register_kretprobe(rp) ?: enable_kretprobe(rp);
}
