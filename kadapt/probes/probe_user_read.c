// SPDX-License-Identifier: GPL-2.0
/*
 * Linux 5.3 added probe_user_read(); 5.8 renamed it to
 * copy_from_user_nofault() (commit c0ee37e85e0e "maccess: rename
 * probe_user_{read,write} to copy_{from,to}_user_nofault").
 */
#include <linux/uaccess.h>

long kadapt_probe(void *dst, const void __user *src, size_t len)
{
	return probe_user_read(dst, src, len);
}
