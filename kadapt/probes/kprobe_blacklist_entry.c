// SPDX-License-Identifier: GPL-2.0
/*
 * Linux 3.16, commit "kprobes: Introduce NOKPROBE_SYMBOL() macro for
 * blacklist": struct kprobe_blacklist_entry in <linux/kprobes.h>, the
 * ranges kprobes refuses (NOKPROBE_SYMBOL functions, entry and kprobes text), kept on
 * kernel/kprobes.c's static list kprobe_blacklist under kprobe_mutex,
 * which /sys/kernel/debug/kprobes/blacklist prints.  Neither is
 * exported; kadapt finds both by name.  Needs CONFIG_KPROBES.
 */
#include <linux/kprobes.h>
#include <linux/list.h>

unsigned long kadapt_probe(struct list_head *head)
{
	struct kprobe_blacklist_entry *ent;
	unsigned long n = 0;

	list_for_each_entry(ent, head, list)
		n += ent->end_addr - ent->start_addr;
	return n;
}
