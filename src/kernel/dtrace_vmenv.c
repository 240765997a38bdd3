// SPDX-License-Identifier: GPL-2.0
/*
 * The DIF VM's view of the world at probe time: builtin variables, probe
 * arguments and probe-safe loads.  Called from the firing path with
 * interrupts off; nothing here may sleep or fault.
 */
#include <linux/sched.h>
#include <linux/cred.h>
#include <linux/uidgid.h>
#include <linux/user_namespace.h>
#include <linux/pid.h>
#include <linux/smp.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/overflow.h>
#include <linux/preempt.h>
#include <linux/sched/task.h>

#include "dtrace_impl.h"
#include "../../kadapt/kadapt.h"

static const char dtrace_zonename[] = "global";

static u64 dtrace_ppid(void)
{
	struct task_struct *parent;

	/* Interrupts are off: an RCU reader without touching RCU state. */
	parent = rcu_dereference_raw(current->real_parent);
	return parent ? task_tgid_nr(parent) : 0;
}

static int dtrace_vm_getvar(void *envp, dt_u32 var, dt_u64 *val)
{
	struct dtrace_fire_env *env = envp;

	if (var >= DIF_VAR_ARG0 && var <= DIF_VAR_ARG9) {
		*val = env->args[var - DIF_VAR_ARG0];
		return DIF_FAULT_NONE;
	}
	switch (var) {
	case DIF_VAR_CURTHREAD:
		*val = (unsigned long)current;
		break;
	case DIF_VAR_TIMESTAMP:
		*val = kadapt_timestamp_ns();
		break;
	case DIF_VAR_VTIMESTAMP:
		*val = kadapt_task_vtime_ns();
		break;
	case DIF_VAR_WALLTIMESTAMP:
		*val = kadapt_walltimestamp_ns();
		break;
	case DIF_VAR_EPID:
		*val = env->epid;
		break;
	case DIF_VAR_ID:
		*val = env->probe->id;
		break;
	case DIF_VAR_PROBEPROV:
		*val = (unsigned long)env->probe->prov->name;
		break;
	case DIF_VAR_PROBEMOD:
		*val = (unsigned long)env->probe->mod;
		break;
	case DIF_VAR_PROBEFUNC:
		*val = (unsigned long)env->probe->func;
		break;
	case DIF_VAR_PROBENAME:
		*val = (unsigned long)env->probe->name;
		break;
	case DIF_VAR_PID:
		*val = task_tgid_nr(current);
		break;
	case DIF_VAR_TID:
		*val = task_pid_nr(current);
		break;
	case DIF_VAR_EXECNAME:
		*val = (unsigned long)current->comm;
		break;
	case DIF_VAR_ZONENAME:
		*val = (unsigned long)dtrace_zonename;
		break;
	case DIF_VAR_PPID:
		*val = dtrace_ppid();
		break;
	case DIF_VAR_UID:
		*val = from_kuid(&init_user_ns, current_uid());
		break;
	case DIF_VAR_GID:
		*val = from_kgid(&init_user_ns, current_gid());
		break;
	case DIF_VAR_ERRNO:
		/* Known in syscall return probes; 0 elsewhere. */
		*val = this_cpu_read(dtrace_syscall_errno);
		break;
	case DIF_VAR_CPU:
		*val = env->cpu;
		break;
	default:
		return DIF_FAULT_ILLOP;
	}
	return DIF_FAULT_NONE;
}

static int dtrace_vm_getarg(void *envp, dt_u32 idx, dt_u64 *val)
{
	struct dtrace_fire_env *env = envp;

	if (idx >= DTRACE_NARGS)
		return DIF_FAULT_ILLOP;
	*val = env->args[idx];
	return DIF_FAULT_NONE;
}

/* User addresses go through the user-space nofault copy, all else kernel. */
static int dtrace_vm_load(void *envp, void *dst, dt_u64 addr, dt_u32 size)
{
	unsigned long a = (unsigned long)addr;
	int err;

	if (addr < TASK_SIZE_MAX && size <= TASK_SIZE_MAX - addr)
		err = kadapt_read_user(dst, (const void __user *)a, size);
	else
		err = kadapt_read_kernel(dst, (const void *)a, size);
	return err ? -1 : 0;
}

/*
 * A task's key for self-> variables: its address, which a task created
 * later may have again, mixed with its start time, which tells the two
 * apart (illumos keys on a thread id that is never reused).  Task
 * structures are aligned far beyond 8 bytes and the time is shifted
 * past the low 3 bits, which the store ignores when a task exits.
 */
u64 dtrace_task_key(const struct task_struct *t)
{
	return (unsigned long)t ^ ((u64)t->start_time << 3);
}

/*
 * self-> variables: the current task, told apart from the interrupts
 * that run on its stack (low bit 1), as illumos keys interrupt
 * context apart from the thread it interrupted.
 */
static dt_u64 dtrace_vm_threadkey(void *envp)
{
	return dtrace_task_key(current) | (in_task() ? 0 : 1);
}

/* copyin(), copyinto(): user memory only, through kadapt's nofault copy. */
static int dtrace_vm_copyin(void *envp, void *dst, dt_u64 uaddr, dt_u32 size)
{
	if (uaddr >= TASK_SIZE_MAX || size > TASK_SIZE_MAX - uaddr)
		return -1;
	return kadapt_read_user(dst, (const void __user *)(unsigned long)uaddr,
				size) ? -1 : 0;
}

static int dtrace_vm_copyinstr(void *envp, char *dst, dt_u64 uaddr,
			       dt_u32 max)
{
	if (uaddr >= TASK_SIZE_MAX) {
		if (max)
			dst[0] = '\0';
		return -1;
	}
	return kadapt_read_user_str(dst,
				    (const void __user *)(unsigned long)uaddr,
				    max) < 0 ? -1 : 0;
}

/*
 * progenyof(pid): is the current process @pid or one of its
 * descendants?  Walks real_parent up to init; interrupts are off, which
 * keeps the tasks (freed after an RCU grace period) in place.  The walk
 * is bounded in case of a (transiently) inconsistent chain.
 */
static int dtrace_vm_progenyof(void *envp, dt_u64 pid)
{
	struct task_struct *t = current;
	unsigned int n;

	for (n = 0; t && n < 4096; n++) {
		if (task_tgid_nr(t) == pid)
			return 1;
		if (t->pid == 0 || t == rcu_dereference_raw(t->real_parent))
			break;
		t = rcu_dereference_raw(t->real_parent);
	}
	return 0;
}

/*
 * Scratch space for what DIF subroutines build (strjoin(), copyin(),
 * alloca() ...) and for array keys: per consumer and CPU,
 * DIF_SCRATCH_SIZE(strsize) bytes.  A firing runs with interrupts off
 * under the per-CPU guard, so a CPU's area has one user at a time; each
 * ECB firing starts it empty.
 */
static size_t dtrace_scratch_size(const struct dtrace_consumer *c)
{
	return ALIGN((size_t)DIF_SCRATCH_SIZE(c->strsize), 8);
}

int dtrace_scratch_alloc(struct dtrace_consumer *c)
{
	c->scratch = kvzalloc(array_size(dtrace_scratch_size(c), nr_cpu_ids),
			      GFP_KERNEL);
	return c->scratch ? 0 : -ENOMEM;
}

void dtrace_scratch_free(struct dtrace_consumer *c)
{
	kvfree(c->scratch);
	c->scratch = NULL;
}

void dtrace_vm_scratch(struct dif_ctx *ctx, struct dtrace_consumer *c,
		       unsigned int cpu)
{
	size_t size = dtrace_scratch_size(c);

	ctx->scratch = c->scratch ? c->scratch + size * cpu : NULL;
	ctx->scratch_size = c->scratch ? (dt_u32)size : 0;
	ctx->scratch_used = 0;
	ctx->strtok = 0;
	ctx->strtok_left = 0;
}

/* speculation(): one of the firing consumer's speculations. */
static dt_u64 dtrace_vm_speculation(void *envp)
{
	struct dtrace_fire_env *env = envp;

	return dtrace_spec_new(env->consumer, env->cb);
}

const struct dif_env_ops dtrace_vm_ops = {
	.getvar = dtrace_vm_getvar,
	.getarg = dtrace_vm_getarg,
	.load = dtrace_vm_load,
	.threadkey = dtrace_vm_threadkey,
	.copyin = dtrace_vm_copyin,
	.copyinstr = dtrace_vm_copyinstr,
	.progenyof = dtrace_vm_progenyof,
	.speculation = dtrace_vm_speculation,
};
