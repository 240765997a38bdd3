// SPDX-License-Identifier: GPL-2.0
/*
 * kprobes registered disabled and armed later: KPROBE_FLAG_DISABLED and
 * enable_kprobe() since Linux 2.6.30 ("kprobes: support per-kprobe
 * disabling").  Required (fbt): lets kadapt check kp.addr first.
 */
#include <linux/kprobes.h>

int kadapt_probe(struct kprobe *kp)
{
	kp->flags = KPROBE_FLAG_DISABLED;
	if (register_kprobe(kp))
		return -1;
	return enable_kprobe(kp);
}
