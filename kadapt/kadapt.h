/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kadapt: the kernel-adaptation layer.  The rest of dtrace.ko uses only
 * this interface for anything privileged or kernel-version dependent:
 * gaining control at probe sites, interrupt masking, probe-safe memory
 * access, symbol and text lookup, timers, timestamps and the character
 * device class.  Each primitive has a native and, where it matters, a
 * Xen-PV-correct variant, selected by kadapt_config.h, which the probe
 * stage (kadapt/kadapt-probe) generates for the target kernel.
 *
 * Nothing outside kadapt/ may test LINUX_VERSION_CODE or KADAPT_HAVE_*.
 */
#ifndef KADAPT_H
#define KADAPT_H

#include <linux/types.h>
#include <linux/ptrace.h>
#include <linux/device.h>
#include <linux/hrtimer.h>

/* --- lifetime ------------------------------------------------------- */

/* Resolve symbols, check the running kernel against the build; 0 or -errno. */
int kadapt_init(void);
void kadapt_exit(void);

/* --- interrupt masking in probe context ------------------------------ */
/*
 * Under PARAVIRT_XXL (Xen PV) these are the kernel's pv irq ops (event
 * channel masking); a raw cli/popf would be silently ignored there.
 */
unsigned long kadapt_irq_save(void);
void kadapt_irq_restore(unsigned long flags);
bool kadapt_in_nmi(void);

/* --- probe-safe memory access --------------------------------------- */
/* Never fault, never sleep: 0 on success, -EFAULT if unreadable. */
int kadapt_read_kernel(void *dst, const void *src, size_t len);
int kadapt_read_user(void *dst, const void __user *src, size_t len);
/*
 * The user string at @src into @dst: at most @max - 1 bytes, always
 * NUL-terminated.  Returns its length, or -EFAULT if it is unreadable
 * before its end.  Never faults, never sleeps (copyinstr()).
 */
long kadapt_read_user_str(char *dst, const void __user *src, size_t max);

/* --- stacks and the user address space (stack(), ustack()) ---------- */
struct mm_struct;
/*
 * Save up to @max return addresses of the current kernel stack into @pcs,
 * innermost first, starting at the caller of kadapt_stack_save() after
 * skipping @skip more frames; returns how many were saved (0 where the
 * kernel has no stack trace support).  Never sleeps; probe-context safe.
 */
unsigned int kadapt_stack_save(unsigned long *pcs, unsigned int max,
			       unsigned int skip);
/*
 * Take @mm's mmap lock for reading only if that needs no waiting: false
 * if it is held for writing or contended, or in NMI context (where the
 * unlock's wake-up could deadlock); under PREEMPT_RT also whenever
 * interrupts are masked.  Unlock with kadapt_mmap_read_unlock() in the
 * same context.
 */
bool kadapt_mmap_read_trylock(struct mm_struct *mm);
void kadapt_mmap_read_unlock(struct mm_struct *mm);

/* --- symbols and text ----------------------------------------------- */
/* Address of a kernel symbol ("name" or "module:name"), or 0. */
unsigned long kadapt_lookup_name(const char *name);
/* "func" for an address (no offset, no module), or -ENOENT. */
int kadapt_addr_to_name(unsigned long addr, char *buf, size_t len);
/*
 * True for addresses no probe may be placed on: dtrace.ko itself, the
 * hypercall page and Xen entry stubs under Xen PV, entry/noinstr text.
 */
bool kadapt_addr_is_toxic(unsigned long addr);

/* --- function entry and return (fbt) ------------------------------ */
struct kadapt_fentry;
typedef void (*kadapt_fentry_fn)(struct kadapt_fentry *fe,
				 struct pt_regs *regs);
typedef void (*kadapt_fexit_fn)(struct kadapt_fentry *fe,
				struct pt_regs *regs, unsigned long retval);
struct kadapt_fentry {
	kadapt_fentry_fn handler;	/* at entry, or NULL */
	void *data;			/* the caller's */
	void *priv;			/* kadapt's (mechanism state) */
	kadapt_fexit_fn exit_handler;	/* at return, or NULL */
};
/*
 * Arm a hook on @func (in module @mod, "vmlinux" for the kernel): at its
 * entry if @fe->handler is set, at its return (with the return value) if
 * @fe->exit_handler is set; at least one must be.  Handlers run in probe
 * context (no sleeping).  Under fprobe @regs may be partial: the argument
 * registers, ip and sp are valid.  Refuses toxic addresses and functions
 * the mechanism cannot hook (-EPERM), unknown symbols (-ENOENT), and
 * return hooks where the kernel offers none (-EOPNOTSUPP).
 * May sleep.  Unregister waits until no handler is running.
 */
int kadapt_fentry_register(struct kadapt_fentry *fe, const char *mod,
			   const char *func);
void kadapt_fentry_unregister(struct kadapt_fentry *fe);
/* Function argument @n (0-5) at entry, per the kernel's calling convention. */
unsigned long kadapt_fentry_arg(struct pt_regs *regs, unsigned int n);
/*
 * Whether kadapt_fentry_register() can hook @func in @mod ("vmlinux" or
 * empty for the kernel): false for toxic text, init text the kernel has
 * freed, functions the mechanism refuses (kprobes' blacklist; under
 * fprobe, functions ftrace cannot trace), and kernel names that are no
 * function's (data, section markers, aliases).  Cheap enough to ask for
 * every kernel function (the first call walks the kernel's text once).
 * A true answer is not a promise: enabling may still fail.  May sleep.
 */
bool kadapt_fentry_can_hook(const char *mod, const char *func);
/* Mechanism used for fbt on this kernel: "fprobe" or "kprobe". */
const char *kadapt_fentry_mechanism(void);

/* --- system calls ---------------------------------------------------- */
typedef void (*kadapt_sysenter_fn)(struct pt_regs *regs, long nr,
				   const unsigned long args[6]);
typedef void (*kadapt_sysexit_fn)(struct pt_regs *regs, long nr, long ret);
/* Hook every system call's entry and return (raw_syscalls tracepoints). */
int kadapt_syscall_hooks_register(kadapt_sysenter_fn enter,
				  kadapt_sysexit_fn exit);
void kadapt_syscall_hooks_unregister(void);
/* Number of entries in the native syscall table. */
unsigned int kadapt_syscall_count(void);
/* Name of syscall @nr without prefix ("read"), or -ENOENT if unused. */
int kadapt_syscall_name(unsigned int nr, char *buf, size_t len);

/* --- task exit (thread-local variables) ------------------------------ */
struct task_struct;
typedef void (*kadapt_task_exit_fn)(struct task_struct *p);
/*
 * Call @fn(@p) in every exiting thread @p, in its own (process) context,
 * early in do_exit(): the sched_process_exit tracepoint.  One hook at a
 * time (-EBUSY); -ENOENT without the tracepoint.  May sleep; unregister
 * waits until no call of @fn is running.
 */
int kadapt_task_exit_hook_register(kadapt_task_exit_fn fn);
void kadapt_task_exit_hook_unregister(void);

/* --- timers (profile) ----------------------------------------------- */
struct kadapt_timer;
/* Return the next interval in ns, or 0 to stop. Runs in hardirq context. */
typedef u64 (*kadapt_timer_fn)(struct kadapt_timer *t, struct pt_regs *regs);
struct kadapt_timer {
	kadapt_timer_fn fn;
	void *data;
	struct hrtimer hrt;	/* kadapt's; set up by kadapt_timer_init */
};
void kadapt_timer_init(struct kadapt_timer *t, kadapt_timer_fn fn, void *data);
/* Start on the current CPU (pinned) after @ns. */
void kadapt_timer_start(struct kadapt_timer *t, u64 ns);
/* Cancel and wait for a running callback. */
void kadapt_timer_cancel(struct kadapt_timer *t);

/* --- time ------------------------------------------------------------ */
u64 kadapt_timestamp_ns(void);		/* monotonic, NMI-safe */
u64 kadapt_walltimestamp_ns(void);	/* wall clock, ns since epoch */
/*
 * The current task's on-CPU time in ns (D's vtimestamp): lock-free,
 * monotonic per task (up to clock skew between CPUs after a migration).
 */
u64 kadapt_task_vtime_ns(void);

/* --- device class ---------------------------------------------------- */
struct class *kadapt_class_create(const char *name);

/* --- environment ----------------------------------------------------- */
enum kadapt_guest {
	KADAPT_BARE_METAL,
	KADAPT_KVM,
	KADAPT_XEN_HVM,
	KADAPT_XEN_PV_DOM0,
	KADAPT_XEN_PV_DOMU,
	KADAPT_OTHER_HV,
};
enum kadapt_guest kadapt_guest_type(void);
const char *kadapt_guest_name(enum kadapt_guest g);

#endif /* KADAPT_H */
