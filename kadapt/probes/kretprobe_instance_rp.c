// SPDX-License-Identifier: GPL-2.0
/*
 * Before Linux 5.11, commit d741bf41d7c7 "kprobes: Remove kretprobe hash"
 * (which added get_kretprobe()), a kretprobe instance pointed at its
 * kretprobe as ri->rp.  Needs CONFIG_KRETPROBES.
 */
#include <linux/kprobes.h>

static int kadapt_probe_ret(struct kretprobe_instance *ri,
			    struct pt_regs *regs)
{
	return ri->rp->nmissed + regs_return_value(regs);
}

int kadapt_probe(struct kretprobe *rp)
{
	rp->handler = kadapt_probe_ret;
	rp->kp.flags = KPROBE_FLAG_DISABLED;
	return register_kretprobe(rp) ?: enable_kretprobe(rp);
}
