// SPDX-License-Identifier: GPL-2.0
/*
 * System calls: the raw_syscalls tracepoints sys_enter/sys_exit see every
 * native system call; names come from sys_call_table.
 */
#include <linux/tracepoint.h>
#include <linux/kallsyms.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/mutex.h>
#include <linux/preempt.h>
#include <linux/compat.h>
#include <asm/syscall.h>
#include <asm/unistd.h>
#include "kadapt_internal.h"

static DEFINE_MUTEX(kadapt_syscall_lock);
static struct tracepoint *kadapt_tp_enter, *kadapt_tp_exit;
static kadapt_sysenter_fn kadapt_enter_fn;
static kadapt_sysexit_fn kadapt_exit_fn;
static const unsigned long *kadapt_sys_call_table;

/*
 * Compat (ia32/x32) system calls use other numbers and another table; the
 * syscall provider describes the native table only, so skip them.
 */
static bool kadapt_native_syscall(void)
{
	return !in_compat_syscall();
}

static void kadapt_sys_enter(void *data, struct pt_regs *regs, long id)
{
	unsigned long args[6];
	kadapt_sysenter_fn fn;

	if (!kadapt_native_syscall())
		return;
	/* Newer kernels may call syscall tracepoints preemptible. */
	preempt_disable_notrace();
	fn = READ_ONCE(kadapt_enter_fn);
	if (fn) {
		syscall_get_arguments(current, regs, args);
		fn(regs, id, args);
	}
	preempt_enable_notrace();
}

static void kadapt_sys_exit(void *data, struct pt_regs *regs, long ret)
{
	kadapt_sysexit_fn fn;

	if (!kadapt_native_syscall())
		return;
	preempt_disable_notrace();
	fn = READ_ONCE(kadapt_exit_fn);
	if (fn)
		fn(regs, syscall_get_nr(current, regs), ret);
	preempt_enable_notrace();
}

static void kadapt_find_tp(struct tracepoint *tp, void *priv)
{
	if (!strcmp(tp->name, "sys_enter"))
		kadapt_tp_enter = tp;
	else if (!strcmp(tp->name, "sys_exit"))
		kadapt_tp_exit = tp;
}

int kadapt_syscall_init(void)
{
	for_each_kernel_tracepoint(kadapt_find_tp, NULL);
	kadapt_sys_call_table =
		(const unsigned long *)kadapt_lookup_name("sys_call_table");
	if (!kadapt_sys_call_table)
		pr_warn(KADAPT_PFX "no sys_call_table: no syscall names\n");
	return 0;
}

int kadapt_syscall_hooks_register(kadapt_sysenter_fn enter,
				  kadapt_sysexit_fn exit)
{
	int ret;

	if (!enter && !exit)
		return -EINVAL;
	if (!kadapt_tp_enter || !kadapt_tp_exit)
		return -ENOENT;
	mutex_lock(&kadapt_syscall_lock);
	if (kadapt_enter_fn || kadapt_exit_fn) {
		ret = -EBUSY;
		goto out;
	}
	WRITE_ONCE(kadapt_enter_fn, enter);
	WRITE_ONCE(kadapt_exit_fn, exit);
	ret = tracepoint_probe_register(kadapt_tp_enter,
					(void *)kadapt_sys_enter, NULL);
	if (ret)
		goto out_clear;
	ret = tracepoint_probe_register(kadapt_tp_exit,
					(void *)kadapt_sys_exit, NULL);
	if (ret) {
		tracepoint_probe_unregister(kadapt_tp_enter,
					    (void *)kadapt_sys_enter, NULL);
		tracepoint_synchronize_unregister();
		goto out_clear;
	}
	goto out;

out_clear:
	WRITE_ONCE(kadapt_enter_fn, NULL);
	WRITE_ONCE(kadapt_exit_fn, NULL);
out:
	mutex_unlock(&kadapt_syscall_lock);
	return ret;
}

void kadapt_syscall_hooks_unregister(void)
{
	mutex_lock(&kadapt_syscall_lock);
	if (kadapt_enter_fn || kadapt_exit_fn) {
		tracepoint_probe_unregister(kadapt_tp_enter,
					    (void *)kadapt_sys_enter, NULL);
		tracepoint_probe_unregister(kadapt_tp_exit,
					    (void *)kadapt_sys_exit, NULL);
		/* No handler may still be running after this returns. */
		tracepoint_synchronize_unregister();
		WRITE_ONCE(kadapt_enter_fn, NULL);
		WRITE_ONCE(kadapt_exit_fn, NULL);
	}
	mutex_unlock(&kadapt_syscall_lock);
}

unsigned int kadapt_syscall_count(void)
{
	return NR_syscalls;
}

static const char * const kadapt_syscall_prefixes[] = {
	"__x64_sys_", "__se_sys_", "__do_sys_", "sys_",
};

int kadapt_syscall_name(unsigned int nr, char *buf, size_t len)
{
	char name[KSYM_NAME_LEN];
	const char *p = name;
	unsigned long fn;
	size_t n;
	int i;

	if (nr >= NR_syscalls || !kadapt_sys_call_table)
		return -ENOENT;
	if (kadapt_read_kernel(&fn, &kadapt_sys_call_table[nr], sizeof(fn)))
		return -ENOENT;
	if (kadapt_addr_to_name(fn, name, sizeof(name)))
		return -ENOENT;
	for (i = 0; i < ARRAY_SIZE(kadapt_syscall_prefixes); i++) {
		n = strlen(kadapt_syscall_prefixes[i]);
		if (!strncmp(p, kadapt_syscall_prefixes[i], n)) {
			p += n;
			break;
		}
	}
	if (!*p || !strcmp(p, "ni_syscall"))
		return -ENOENT;
	return strscpy(buf, p, len) < 0 ? -E2BIG : 0;
}
