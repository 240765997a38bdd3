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
 * A user string: at most @max - 1 bytes and a NUL.  The kernel's
 * strncpy_from_user_nofault() is not exported to modules (Module.symvers
 * of 5.10, 6.1, 6.12 and 7.2), so the string is read through the
 * nofault copy, in pieces that never cross a page: a piece whose first
 * byte is readable lies on one mapped page.
 */
long kadapt_read_user_str(char *dst, const void __user *src, size_t max)
{
	unsigned long addr = (unsigned long)src;
	size_t n = 0, piece, i;

	if (max == 0)
		return -EFAULT;
	dst[0] = '\0';
	if (addr >= TASK_SIZE_MAX)
		return -EFAULT;
	/* Never let the copy run into the kernel half. */
	if (max > TASK_SIZE_MAX - addr)
		max = TASK_SIZE_MAX - addr;
	while (n < max - 1) {
		piece = PAGE_SIZE - ((addr + n) & (PAGE_SIZE - 1));
		if (piece > max - 1 - n)
			piece = max - 1 - n;
		if (kadapt_read_user(dst + n, (const char __user *)src + n,
				     piece)) {
			dst[n] = '\0';
			return -EFAULT;
		}
		for (i = 0; i < piece; i++)
			if (dst[n + i] == '\0')
				return n + i;
		n += piece;
	}
	dst[n] = '\0';
	return n;
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
