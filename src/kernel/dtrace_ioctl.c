// SPDX-License-Identifier: GPL-2.0
/*
 * ioctl dispatch: copy the request in, validate it, call the owner of the
 * operation, copy the answer out.  Requests of one consumer are
 * serialized by its lock; module-wide state by dtrace_lock.
 */
#include <linux/fs.h>
#include <linux/uaccess.h>
#include <linux/utsname.h>
#include <linux/string.h>
#include <linux/cpumask.h>

#include "dtrace_impl.h"

static long dtrace_ioc_version(void __user *arg)
{
	struct dtrace_version v;

	memset(&v, 0, sizeof(v));
	v.abi = DTRACE_ABI_VERSION;
	v.ncpus = nr_cpu_ids;
	strscpy(v.release, utsname()->release, sizeof(v.release));
	return copy_to_user(arg, &v, sizeof(v)) ? -EFAULT : 0;
}

static long dtrace_ioc_probes(void __user *arg)
{
	struct dtrace_probes_req req;
	int err;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	err = dtrace_probe_list(&req);
	if (err && err != -EFAULT && err != -EINTR)
		return err;
	if (copy_to_user(arg, &req, sizeof(req)))
		return -EFAULT;
	return err;
}

static long dtrace_ioc_provide(void __user *arg)
{
	struct dtrace_provide_req req;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	return dtrace_provide(&req);
}

static long dtrace_ioc_enable(struct dtrace_consumer *c, void __user *arg)
{
	struct dtrace_enable_req req;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (c->state != DTRACE_CSTATE_IDLE)
		return -EBUSY;
	return dtrace_enable(c, req.blob, req.len);
}

static long dtrace_ioc_snap(struct dtrace_consumer *c, void __user *arg,
			    bool agg)
{
	struct dtrace_bufsnap snap;
	int err;

	if (copy_from_user(&snap, arg, sizeof(snap)))
		return -EFAULT;
	err = agg ? dtrace_aggsnap(c, &snap) : dtrace_bufsnap(c, &snap);
	if (err)
		return err;
	return copy_to_user(arg, &snap, sizeof(snap)) ? -EFAULT : 0;
}

static long dtrace_ioc_status(struct dtrace_consumer *c, void __user *arg)
{
	struct dtrace_status st;

	dtrace_consumer_status(c, &st);
	return copy_to_user(arg, &st, sizeof(st)) ? -EFAULT : 0;
}

long dtrace_ioctl(struct file *file, unsigned int cmd, unsigned long uarg)
{
	struct dtrace_consumer *c = file->private_data;
	void __user *arg = (void __user *)uarg;
	long ret;

	switch (cmd) {
	case DTRACEIOC_VERSION:
		return dtrace_ioc_version(arg);
	case DTRACEIOC_PROBES:
		return dtrace_ioc_probes(arg);
	case DTRACEIOC_PROVIDE:
		return dtrace_ioc_provide(arg);
	case DTRACEIOC_CHECK:
		return dtrace_ioc_check(arg);
	case DTRACEIOC_ENABLE:
	case DTRACEIOC_GO:
	case DTRACEIOC_STOP:
	case DTRACEIOC_BUFSNAP:
	case DTRACEIOC_AGGSNAP:
	case DTRACEIOC_STATUS:
		break;
	default:
		return -ENOTTY;
	}

	if (mutex_lock_interruptible(&c->lock))
		return -EINTR;
	switch (cmd) {
	case DTRACEIOC_ENABLE:
		ret = dtrace_ioc_enable(c, arg);
		break;
	case DTRACEIOC_GO:
		ret = dtrace_consumer_go(c);
		break;
	case DTRACEIOC_STOP:
		ret = dtrace_consumer_stop(c);
		break;
	case DTRACEIOC_BUFSNAP:
		ret = dtrace_ioc_snap(c, arg, false);
		break;
	case DTRACEIOC_AGGSNAP:
		ret = dtrace_ioc_snap(c, arg, true);
		break;
	default:
		ret = dtrace_ioc_status(c, arg);
		break;
	}
	mutex_unlock(&c->lock);
	return ret;
}
