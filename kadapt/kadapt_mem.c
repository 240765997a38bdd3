// SPDX-License-Identifier: GPL-2.0
/*
 * Probe-safe memory access: these run with interrupts masked inside probe
 * handlers, so they must never fault, sleep or wait for a lock.
 */
#include <linux/uaccess.h>
#include <linux/errno.h>
#include <linux/mm.h>		/* and, since 5.8, linux/mmap_lock.h */
#include <linux/preempt.h>
#include <linux/irqflags.h>
#include "kadapt_internal.h"

/* True if [addr, addr + len) lies (partly) in the user half or wraps. */
static bool kadapt_range_is_user(unsigned long addr, size_t len)
{
	return addr < TASK_SIZE_MAX || addr + len < addr;
}

int kadapt_read_kernel(void *dst, const void *src, size_t len)
{
	/* A kernel read must not be a way to read user memory. */
	if (kadapt_range_is_user((unsigned long)src, len))
		return -EFAULT;
#if defined(KADAPT_HAVE_COPY_FROM_KERNEL_NOFAULT)
	if (copy_from_kernel_nofault(dst, src, len))
		return -EFAULT;
#else
	if (probe_kernel_read(dst, src, len))
		return -EFAULT;
#endif
	return 0;
}

int kadapt_read_user(void *dst, const void __user *src, size_t len)
{
	unsigned long addr = (unsigned long)src;

	/* Reject kernel addresses even if access_ok() were lax. */
	if (addr + len < addr || addr + len > TASK_SIZE_MAX)
		return -EFAULT;
#if defined(KADAPT_HAVE_COPY_FROM_USER_NOFAULT)
	if (copy_from_user_nofault(dst, src, len))
		return -EFAULT;
#else
	if (probe_user_read(dst, src, len))
		return -EFAULT;
#endif
	return 0;
}

/*
 * The mmap lock guards the VMAs ustack() consults.  Only a trylock can
 * be taken in probe context; in NMI even that is refused, as the unlock
 * may have to wake a waiter (runqueue locks).  Under PREEMPT_RT the
 * rwsem is an rtmutex-based lock whose unlock slow path takes its wait
 * lock with raw_spin_lock_irq() and so would re-enable interrupts: there
 * it is refused whenever interrupts are masked.
 */
bool kadapt_mmap_read_trylock(struct mm_struct *mm)
{
	if (!mm || in_nmi())
		return false;
#if defined(KADAPT_HAVE_CONFIG_PREEMPT_RT)
	if (irqs_disabled())
		return false;
#endif
#if defined(KADAPT_HAVE_MMAP_READ_TRYLOCK)
	return mmap_read_trylock(mm);
#else
	return down_read_trylock(&mm->mmap_sem);
#endif
}

void kadapt_mmap_read_unlock(struct mm_struct *mm)
{
#if defined(KADAPT_HAVE_MMAP_READ_TRYLOCK)
	mmap_read_unlock(mm);
#else
	up_read(&mm->mmap_sem);
#endif
}
