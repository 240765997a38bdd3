// SPDX-License-Identifier: GPL-2.0
/*
 * Probe-safe memory access: these run with interrupts masked inside probe
 * handlers, so they must never fault, sleep or take locks.
 */
#include <linux/uaccess.h>
#include <linux/errno.h>
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
