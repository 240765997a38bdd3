// SPDX-License-Identifier: GPL-2.0
/*
 * dtrace.ko: module init/exit and the /dev/dtrace misc device (root only,
 * one consumer per open file).
 */
#include <linux/module.h>
#include <linux/miscdevice.h>
#include <linux/fs.h>
#include <linux/capability.h>

#include "dtrace_impl.h"
#include "../../kadapt/kadapt.h"

static int dtrace_open(struct inode *inode, struct file *file)
{
	struct dtrace_consumer *c;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	c = dtrace_consumer_create();
	if (!c)
		return -ENOMEM;
	file->private_data = c;
	return 0;
}

static int dtrace_release(struct inode *inode, struct file *file)
{
	dtrace_consumer_destroy(file->private_data);
	return 0;
}

static const struct file_operations dtrace_fops = {
	.owner = THIS_MODULE,
	.open = dtrace_open,
	.release = dtrace_release,
	.unlocked_ioctl = dtrace_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice dtrace_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = DTRACE_DEVNAME,
	.fops = &dtrace_fops,
	.mode = 0600,
};

static int __init dtrace_init(void)
{
	int err;

	err = kadapt_init();
	if (err)
		return err;
	err = dtrace_probe_table_init();
	if (!err)
		err = prov_dtrace_init();
	if (!err)
		err = prov_profile_init();
	if (!err)
		err = prov_syscall_init();
	if (!err)
		err = dtrace_vars_init();
	if (!err)
		err = misc_register(&dtrace_dev);
	if (err) {
		dtrace_vars_exit();
		prov_syscall_exit();
		dtrace_probes_destroy();
		kadapt_exit();
		return err;
	}
	pr_info("dtrace: loaded (fbt via %s, %s)\n", kadapt_fentry_mechanism(),
		kadapt_guest_name(kadapt_guest_type()));
	return 0;
}

static void __exit dtrace_exit(void)
{
	misc_deregister(&dtrace_dev);
	dtrace_vars_exit();
	prov_syscall_exit();
	dtrace_probes_destroy();
	kadapt_exit();
}

module_init(dtrace_init);
module_exit(dtrace_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("DTrace for Linux");
