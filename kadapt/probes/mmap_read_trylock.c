// SPDX-License-Identifier: GPL-2.0
/*
 * Linux 5.8, commit 9740ca4e95b4 "mmap locking API: initial
 * implementation as rwsem wrappers" (also stable 5.4.207): before it,
 * callers took mm->mmap_sem directly; the field is now mmap_lock.
 */
#include <linux/mm.h>
#include <linux/mmap_lock.h>

bool kadapt_probe(struct mm_struct *mm)
{
	if (!mmap_read_trylock(mm))
		return false;
	mmap_read_unlock(mm);
	return true;
}
