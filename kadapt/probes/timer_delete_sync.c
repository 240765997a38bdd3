// SPDX-License-Identifier: GPL-2.0
/*
 * Linux 6.2, commit 9b13df3fb64e "timers: Rename del_timer_sync() to
 * timer_delete_sync()" (also backported to older stable series); the old
 * name was removed in 6.15 by commit 8fa7292fee5c "treewide:
 * Switch/rename to timer_delete[_sync]()".
 */
#include <linux/timer.h>

int kadapt_probe(struct timer_list *t)
{
	return timer_delete_sync(t);
}
