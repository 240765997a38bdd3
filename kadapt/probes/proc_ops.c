// SPDX-License-Identifier: GPL-2.0
/*
 * Linux 5.6, commit d56c0d45f0e2 "proc: decouple proc from VFS with
 * "struct proc_ops"":
 * proc_create() takes a struct proc_ops instead of file_operations.
 */
#include <linux/proc_fs.h>

static const struct proc_ops kadapt_probe_ops = {
	.proc_read = NULL,
};

void *kadapt_probe(void)
{
	return proc_create("kadapt_probe", 0444, NULL, &kadapt_probe_ops);
}
