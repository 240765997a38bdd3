// SPDX-License-Identifier: GPL-2.0
/*
 * The syscall provider: syscall:vmlinux:NAME:entry and :return for every
 * named entry of the native system call table, created at load.  The
 * kernel-wide hooks are registered only while at least one syscall probe
 * is armed.  Entry args are the call's arguments; on return arg0 and
 * arg1 are both the return value, -1 for a failed call, whose error
 * number D reads as errno (illumos convention: scripts test
 * "arg0 == -1" and errno).
 */
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/err.h>

#include "dtrace_impl.h"
#include "../../kadapt/kadapt.h"

static struct dtrace_probe **syscall_entry, **syscall_return;
static unsigned int syscall_nr;
static unsigned int syscall_armed;	/* armed probes; under dtrace_lock */

/* errno of the system call whose return probe fires on this CPU. */
DEFINE_PER_CPU(u64, dtrace_syscall_errno);

static void syscall_enter_hook(struct pt_regs *regs, long nr,
			       const unsigned long sargs[6])
{
	u64 args[DTRACE_NARGS] = { 0 };
	struct dtrace_probe *p;
	unsigned int i;

	if (nr < 0 || nr >= syscall_nr)
		return;
	p = syscall_entry[nr];
	if (!p || !READ_ONCE(p->nenabled))
		return;
	for (i = 0; i < 6; i++)
		args[i] = sargs[i];
	dtrace_probe(p, args, regs);
}

static void syscall_exit_hook(struct pt_regs *regs, long nr, long ret)
{
	u64 args[DTRACE_NARGS] = { 0 };
	struct dtrace_probe *p;

	if (nr < 0 || nr >= syscall_nr)
		return;
	p = syscall_return[nr];
	if (!p || !READ_ONCE(p->nenabled))
		return;
	if (IS_ERR_VALUE(ret)) {
		this_cpu_write(dtrace_syscall_errno, -ret);
		ret = -1;
	}
	args[0] = ret;
	args[1] = ret;
	dtrace_probe(p, args, regs);
	this_cpu_write(dtrace_syscall_errno, 0);
}

static int syscall_enable(struct dtrace_probe *p)
{
	int err;

	if (syscall_armed == 0) {
		err = kadapt_syscall_hooks_register(syscall_enter_hook,
						    syscall_exit_hook);
		if (err)
			return err;
	}
	syscall_armed++;
	return 0;
}

static void syscall_disable(struct dtrace_probe *p)
{
	if (--syscall_armed == 0)
		kadapt_syscall_hooks_unregister();
}

static const struct dtrace_provider prov_syscall = {
	.name = "syscall",
	.enable = syscall_enable,
	.disable = syscall_disable,
};

int prov_syscall_init(void)
{
	char name[DTRACE_FUNCNAMELEN];
	struct dtrace_probe *p;
	unsigned int nr, n = kadapt_syscall_count();
	int err = 0;

	syscall_entry = kvcalloc(n, sizeof(*syscall_entry), GFP_KERNEL);
	syscall_return = kvcalloc(n, sizeof(*syscall_return), GFP_KERNEL);
	if (n && (!syscall_entry || !syscall_return)) {
		err = -ENOMEM;
		goto fail;
	}
	mutex_lock(&dtrace_lock);
	for (nr = 0; nr < n; nr++) {
		if (kadapt_syscall_name(nr, name, sizeof(name)))
			continue;
		p = dtrace_probe_create(&prov_syscall, "vmlinux", name,
					"entry", NULL);
		if (IS_ERR(p)) {
			err = PTR_ERR(p);
			break;
		}
		syscall_entry[nr] = p;
		p = dtrace_probe_create(&prov_syscall, "vmlinux", name,
					"return", NULL);
		if (IS_ERR(p)) {
			err = PTR_ERR(p);
			break;
		}
		syscall_return[nr] = p;
	}
	mutex_unlock(&dtrace_lock);
	if (err)
		goto fail;
	syscall_nr = n;
	return 0;
fail:
	prov_syscall_exit();
	return err;
}

/* Probes are freed by the probe table; no probe is armed at exit. */
void prov_syscall_exit(void)
{
	syscall_nr = 0;
	kvfree(syscall_entry);
	kvfree(syscall_return);
	syscall_entry = NULL;
	syscall_return = NULL;
}
