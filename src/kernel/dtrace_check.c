// SPDX-License-Identifier: GPL-2.0
/*
 * DTRACEIOC_CHECK: the environment the module found (kernel, guest type,
 * each provider's mechanism, kadapt's build-time facts) and live
 * self-tests of the kernel interfaces dtrace relies on, each reported as
 * OK, FAILED or SKIPPED with a short detail:
 *
 *   irq-masking   kadapt_irq_save() masks (a pinned 1 ms timer is held off
 *                 while masked and delivered after kadapt_irq_restore())
 *   safe-load     probe-safe loads fail on NULL, non-canonical and unmapped
 *                 addresses and succeed on a good one; user loads refuse
 *                 kernel addresses and read user memory
 *   fbt-probe     kadapt_fentry entry and return hooks on a kernel
 *                 function fire when this test calls it, with its argument
 *                 and its return value
 *   timer         a one-shot kadapt_timer fires within 1 s
 *   syscall-hook  the syscall hooks see a system call within 1 s
 *                 (SKIPPED while a consumer uses them)
 *   stack-trace   kadapt_stack_save() from a known function returns that
 *                 function as the innermost frame and this ioctl's
 *                 handler (dtrace_ioc_check) further out
 */
#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/errno.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/preempt.h>
#include <linux/processor.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/time64.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>
#include <linux/utsname.h>
#include <linux/vmalloc.h>

#include "dtrace_impl.h"
#include "../../kadapt/kadapt.h"
#include "../../kadapt/kadapt_check.h"

/* One check at a time: the syscall test's state is global. */
static DEFINE_MUTEX(check_lock);

static struct dtrace_check_item *check_item(struct dtrace_check *ck, u32 kind,
					    const char *name)
{
	struct dtrace_check_item *it;

	if (ck->nitems >= DTRACE_CHECK_MAXITEMS)
		return NULL;
	it = &ck->items[ck->nitems++];
	it->kind = kind;
	strscpy(it->name, name, sizeof(it->name));
	return it;
}

static void check_result(struct dtrace_check *ck, const char *name, u32 res,
			 const char *fmt, ...)
{
	struct dtrace_check_item *it;
	va_list ap;

	it = check_item(ck, DTRACE_CHECK_TEST, name);
	if (!it)
		return;
	it->result = res;
	va_start(ap, fmt);
	vsnprintf(it->text, sizeof(it->text), fmt, ap);
	va_end(ap);
}

static u32 check_guest(enum kadapt_guest g)
{
	switch (g) {
	case KADAPT_BARE_METAL:
		return DTRACE_GUEST_BARE_METAL;
	case KADAPT_KVM:
		return DTRACE_GUEST_KVM;
	case KADAPT_XEN_HVM:
		return DTRACE_GUEST_XEN_HVM;
	case KADAPT_XEN_PV_DOM0:
		return DTRACE_GUEST_XEN_PV_DOM0;
	case KADAPT_XEN_PV_DOMU:
		return DTRACE_GUEST_XEN_PV_DOMU;
	default:
		return DTRACE_GUEST_OTHER_HV;
	}
}

static void check_environment(struct dtrace_check *ck)
{
	const struct kadapt_build_fact *f;
	struct dtrace_check_item *it;
	enum kadapt_guest g = kadapt_guest_type();
	const struct {
		const char *prov, *mech;
	} provs[] = {
		{ "dtrace", "ioctl" },
		{ "fbt", kadapt_fentry_mechanism() },
		{ "profile", "hrtimer" },
		{ "syscall", "raw_syscalls tracepoint" },
	};
	unsigned int i, n;

	ck->guest = check_guest(g);
	strscpy(ck->guest_name, kadapt_guest_name(g), sizeof(ck->guest_name));
	strscpy(ck->release, utsname()->release, sizeof(ck->release));
	strscpy(ck->built_for, kadapt_build_release(), sizeof(ck->built_for));

	for (i = 0; i < ARRAY_SIZE(provs); i++) {
		it = check_item(ck, DTRACE_CHECK_PROVIDER, provs[i].prov);
		if (it)
			strscpy(it->text, provs[i].mech, sizeof(it->text));
	}
	f = kadapt_build_facts(&n);
	for (i = 0; i < n; i++) {
		it = check_item(ck, DTRACE_CHECK_BUILD, f[i].name);
		if (!it)
			break;
		it->result = f[i].set;
		strscpy(it->text, f[i].source, sizeof(it->text));
	}
}

/* ---- timers (irq-masking, timer) ----------------------------------- */

struct check_timer {
	struct kadapt_timer t;
	atomic_t fired;
	u64 fired_ns;
	struct completion done;
};

static u64 check_timer_fn(struct kadapt_timer *t, struct pt_regs *regs)
{
	struct check_timer *ct = t->data;

	ct->fired_ns = kadapt_timestamp_ns();
	atomic_inc(&ct->fired);
	complete(&ct->done);
	return 0;	/* one-shot */
}

/* Not on the stack: hrtimers there would need the _on_stack variants. */
static struct check_timer *check_timer_alloc(void)
{
	struct check_timer *ct = kzalloc(sizeof(*ct), GFP_KERNEL);

	if (!ct)
		return NULL;
	atomic_set(&ct->fired, 0);
	init_completion(&ct->done);
	kadapt_timer_init(&ct->t, check_timer_fn, ct);
	return ct;
}

#define CHECK_MASK_NS	(10 * NSEC_PER_MSEC)	/* how long we mask */
#define CHECK_TIMER_NS	NSEC_PER_MSEC		/* timer due while masked */

static void check_irq_masking(struct dtrace_check *ck)
{
	static const char name[] = "irq-masking";
	bool before, during, after;
	struct check_timer *ct;
	unsigned long flags;
	int fired_masked, fired;
	u64 t0, unmasked, fired_ns;

	ct = check_timer_alloc();
	if (!ct) {
		check_result(ck, name, DTRACE_CHECK_FAILED, "out of memory");
		return;
	}
	before = kadapt_irqs_disabled();
	/*
	 * The pinned timer must be due on the CPU that masks, and armed only
	 * once masked: a vCPU descheduled for over 1 ms between arming and
	 * masking would otherwise see it fire legitimately.
	 */
	preempt_disable();
	flags = kadapt_irq_save();
	kadapt_timer_start(&ct->t, CHECK_TIMER_NS);
	during = kadapt_irqs_disabled();
	t0 = kadapt_timestamp_ns();
	while (kadapt_timestamp_ns() - t0 < CHECK_MASK_NS)
		cpu_relax();
	fired_masked = atomic_read(&ct->fired);
	unmasked = kadapt_timestamp_ns();
	kadapt_irq_restore(flags);
	after = kadapt_irqs_disabled();
	preempt_enable();
	wait_for_completion_timeout(&ct->done, HZ);
	kadapt_timer_cancel(&ct->t);
	fired = atomic_read(&ct->fired);
	fired_ns = ct->fired_ns;
	kfree(ct);

	if (before)
		check_result(ck, name, DTRACE_CHECK_FAILED,
			     "interrupts already masked in ioctl context");
	else if (!during)
		check_result(ck, name, DTRACE_CHECK_FAILED,
			     "kadapt_irq_save() left interrupts enabled");
	else if (after)
		check_result(ck, name, DTRACE_CHECK_FAILED,
			     "kadapt_irq_restore() left interrupts masked");
	else if (fired_masked)
		check_result(ck, name, DTRACE_CHECK_FAILED,
			     "timer interrupt delivered while masked");
	else if (!fired)
		check_result(ck, name, DTRACE_CHECK_FAILED,
			     "timer interrupt not delivered within 1 s of unmasking");
	else
		check_result(ck, name, DTRACE_CHECK_OK,
			     "1 ms timer held off for %llu ms, delivered %llu us after unmasking",
			     CHECK_MASK_NS / NSEC_PER_MSEC,
			     (fired_ns > unmasked ?
			      fired_ns - unmasked : 0) / NSEC_PER_USEC);
}

static void check_timer(struct dtrace_check *ck)
{
	struct check_timer *ct = check_timer_alloc();
	u64 t0, fired_ns;
	int fired;

	if (!ct) {
		check_result(ck, "timer", DTRACE_CHECK_FAILED, "out of memory");
		return;
	}
	t0 = kadapt_timestamp_ns();
	kadapt_timer_start(&ct->t, CHECK_TIMER_NS);
	wait_for_completion_timeout(&ct->done, HZ);
	kadapt_timer_cancel(&ct->t);
	fired = atomic_read(&ct->fired);
	fired_ns = ct->fired_ns;
	kfree(ct);
	if (fired == 1)
		check_result(ck, "timer", DTRACE_CHECK_OK,
			     "1 ms one-shot fired after %llu us",
			     (fired_ns - t0) / NSEC_PER_USEC);
	else
		check_result(ck, "timer", DTRACE_CHECK_FAILED,
			     "1 ms one-shot fired %d times in 1 s", fired);
}

/* ---- probe-safe loads ---------------------------------------------- */

static const u64 check_pattern = 0x6474726163656f6bULL;

static void check_safe_load(struct dtrace_check *ck, const u32 __user *uflags)
{
	static const char name[] = "safe-load";
	/* Bit 63 set, bits 62..56 clear: non-canonical with 4 or 5 levels. */
	const void *noncanon = (const void *)0x8000000000000000UL;
	u32 kflags, uflags_copy;
	void *guard;
	u64 v = 0;
	int err;

	err = kadapt_read_kernel(&v, NULL, sizeof(v));
	if (err != -EFAULT) {
		check_result(ck, name, DTRACE_CHECK_FAILED,
			     "kernel load from NULL returned %d", err);
		return;
	}
	err = kadapt_read_kernel(&v, noncanon, sizeof(v));
	if (err != -EFAULT) {
		check_result(ck, name, DTRACE_CHECK_FAILED,
			     "kernel load from %lx returned %d",
			     (unsigned long)noncanon, err);
		return;
	}
	/* The guard page after a one-page vmalloc area is never mapped. */
	guard = vmalloc(PAGE_SIZE);
	if (!guard) {
		check_result(ck, name, DTRACE_CHECK_FAILED, "out of memory");
		return;
	}
	err = kadapt_read_kernel(&v, guard + PAGE_SIZE, sizeof(v));
	vfree(guard);
	if (err != -EFAULT) {
		check_result(ck, name, DTRACE_CHECK_FAILED,
			     "kernel load from an unmapped vmalloc guard page returned %d",
			     err);
		return;
	}
	v = 0;
	err = kadapt_read_kernel(&v, &check_pattern, sizeof(v));
	if (err || v != check_pattern) {
		check_result(ck, name, DTRACE_CHECK_FAILED,
			     "kernel load from module data returned %d, value %llx",
			     err, v);
		return;
	}
	err = kadapt_read_user(&v, (const void __user *)&check_pattern,
			       sizeof(v));
	if (err != -EFAULT) {
		check_result(ck, name, DTRACE_CHECK_FAILED,
			     "user load from a kernel address returned %d", err);
		return;
	}
	/* The caller's own request: copy_from_user() faults it in first. */
	if (copy_from_user(&uflags_copy, uflags, sizeof(uflags_copy))) {
		check_result(ck, name, DTRACE_CHECK_FAILED,
			     "copy_from_user of the request failed");
		return;
	}
	kflags = ~uflags_copy;
	err = kadapt_read_user(&kflags, uflags, sizeof(kflags));
	if (err || kflags != uflags_copy) {
		check_result(ck, name, DTRACE_CHECK_FAILED,
			     "user load from the caller's memory returned %d",
			     err);
		return;
	}
	check_result(ck, name, DTRACE_CHECK_OK,
		     "EFAULT for NULL, non-canonical, unmapped, user-space load of kernel data; good loads read");
}

/* ---- fbt ------------------------------------------------------------ */

/*
 * Exported, ordinary (traceable) kernel text with an argument and a known
 * return value.  Called through the address kadapt resolved, so the call
 * cannot be inlined or bound to a copy: int_sqrt(49) is 7 and
 * hex_to_bin('a') is 10.  The argument is passed as an unsigned long, which
 * on x86-64 is the register either function reads.
 */
static const struct {
	const char *func;
	unsigned long arg, ret;
} check_fbt_targets[] = {
	{ "int_sqrt", 49, 7 },
	{ "hex_to_bin", 'a', 10 },	/* not traceable by ftrace in 6.12 */
};

struct check_fbt {
	struct kadapt_fentry fe;
	struct task_struct *task;
	unsigned long arg, ret;
	atomic_t hits, self_hits, self_args, self_rets, self_ret_ok;
};

static void check_fbt_handler(struct kadapt_fentry *fe, struct pt_regs *regs)
{
	struct check_fbt *cf = container_of(fe, struct check_fbt, fe);

	atomic_inc(&cf->hits);
	if (current != cf->task)
		return;
	atomic_inc(&cf->self_hits);
	if (kadapt_fentry_arg(regs, 0) == cf->arg)
		atomic_inc(&cf->self_args);
}

static void check_fbt_exit(struct kadapt_fentry *fe, struct pt_regs *regs,
			   unsigned long retval)
{
	struct check_fbt *cf = container_of(fe, struct check_fbt, fe);

	if (current != cf->task)
		return;
	atomic_inc(&cf->self_rets);
	if (retval == cf->ret)
		atomic_inc(&cf->self_ret_ok);
}

/* Entry and return hooks on one target, each seeing 3 calls right. */
static void check_fbt(struct dtrace_check *ck)
{
	static const char name[] = "fbt-probe";
	const char *mech = kadapt_fentry_mechanism();
	unsigned long (*call)(unsigned long) = NULL;
	unsigned long got = 0;
	struct check_fbt cf;
	unsigned int i;
	int err = -ENOENT, j;

	memset(&cf, 0, sizeof(cf));
	cf.fe.handler = check_fbt_handler;
	cf.fe.exit_handler = check_fbt_exit;
	cf.task = current;
	for (i = 0; i < ARRAY_SIZE(check_fbt_targets); i++) {
		call = (void *)kadapt_lookup_name(check_fbt_targets[i].func);
		if (!call)
			continue;
		cf.arg = check_fbt_targets[i].arg;
		cf.ret = check_fbt_targets[i].ret;
		err = kadapt_fentry_register(&cf.fe, "vmlinux",
					     check_fbt_targets[i].func);
		if (!err)
			break;
	}
	if (err) {
		check_result(ck, name, DTRACE_CHECK_FAILED,
			     "no %s entry+return hooks on %s or %s: error %d",
			     mech, check_fbt_targets[0].func,
			     check_fbt_targets[1].func, err);
		return;
	}
	for (j = 0; j < 3; j++)
		got = call(cf.arg);
	kadapt_fentry_unregister(&cf.fe);
	if (got == cf.ret && atomic_read(&cf.self_hits) == 3 &&
	    atomic_read(&cf.self_args) == 3 &&
	    atomic_read(&cf.self_rets) == 3 &&
	    atomic_read(&cf.self_ret_ok) == 3)
		check_result(ck, name, DTRACE_CHECK_OK,
			     "%s on %s: 3 calls, 3 entries arg0=%lu, 3 returns %lu (%d entries in all)",
			     mech, check_fbt_targets[i].func, cf.arg, cf.ret,
			     atomic_read(&cf.hits));
	else
		check_result(ck, name, DTRACE_CHECK_FAILED,
			     "%s on %s(%lu)=%lu: 3 calls, %d entries (%d arg ok), %d returns (%d ret ok)",
			     mech, check_fbt_targets[i].func, cf.arg, got,
			     atomic_read(&cf.self_hits),
			     atomic_read(&cf.self_args),
			     atomic_read(&cf.self_rets),
			     atomic_read(&cf.self_ret_ok));
}

/* ---- syscall hooks -------------------------------------------------- */

static struct {
	atomic_t enters, exits;
	atomic_long_t first_nr;		/* -1: none yet */
	atomic_t completed;
	struct completion done;
} check_sys;

static void check_sys_seen(void)
{
	if (atomic_read(&check_sys.enters) && atomic_read(&check_sys.exits) &&
	    !atomic_xchg(&check_sys.completed, 1))
		complete(&check_sys.done);
}

static void check_sys_enter(struct pt_regs *regs, long nr,
			    const unsigned long args[6])
{
	atomic_long_cmpxchg(&check_sys.first_nr, -1, nr);
	atomic_inc(&check_sys.enters);
	check_sys_seen();
}

static void check_sys_exit(struct pt_regs *regs, long nr, long ret)
{
	atomic_inc(&check_sys.exits);
	check_sys_seen();
}

static void check_syscall(struct dtrace_check *ck)
{
	static const char name[] = "syscall-hook";
	char sysname[DTRACE_FUNCNAMELEN];
	u64 t0, waited = 0;
	long nr;
	int err;

	atomic_set(&check_sys.enters, 0);
	atomic_set(&check_sys.exits, 0);
	atomic_long_set(&check_sys.first_nr, -1);
	atomic_set(&check_sys.completed, 0);
	init_completion(&check_sys.done);

	/* Under dtrace_lock no consumer can arm the syscall provider. */
	mutex_lock(&dtrace_lock);
	err = kadapt_syscall_hooks_register(check_sys_enter, check_sys_exit);
	if (!err) {
		t0 = kadapt_timestamp_ns();
		wait_for_completion_timeout(&check_sys.done, HZ);
		waited = kadapt_timestamp_ns() - t0;
		kadapt_syscall_hooks_unregister();
	}
	mutex_unlock(&dtrace_lock);

	if (err == -EBUSY) {
		check_result(ck, name, DTRACE_CHECK_SKIPPED, "in use");
		return;
	}
	if (err) {
		check_result(ck, name, DTRACE_CHECK_FAILED,
			     "registering the hooks: error %d", err);
		return;
	}
	if (!atomic_read(&check_sys.enters) || !atomic_read(&check_sys.exits)) {
		check_result(ck, name, DTRACE_CHECK_FAILED,
			     "%d entries, %d returns seen in 1 s",
			     atomic_read(&check_sys.enters),
			     atomic_read(&check_sys.exits));
		return;
	}
	nr = atomic_long_read(&check_sys.first_nr);
	if (nr < 0 || kadapt_syscall_name(nr, sysname, sizeof(sysname)))
		snprintf(sysname, sizeof(sysname), "#%ld", nr);
	check_result(ck, name, DTRACE_CHECK_OK,
		     "entry and return seen within %llu ms, %d and %d in all, first: %s",
		     waited / NSEC_PER_MSEC, atomic_read(&check_sys.enters),
		     atomic_read(&check_sys.exits), sysname);
}

/* ---- kernel stack traces -------------------------------------------- */

#define CHECK_STACK_MAX	32

/* Not inlined, not a tail call: its own frame must be the innermost. */
static noinline unsigned int check_stack_walk(unsigned long *pcs,
					      unsigned int max)
{
	unsigned int n = kadapt_stack_save(pcs, max, 0);

	barrier();
	return n;
}

/* The function's source name: without a ".constprop.0"-style suffix. */
static int check_func_name(unsigned long pc, char *buf, size_t len)
{
	int err = kadapt_addr_to_name(pc, buf, len);
	char *dot;

	if (err)
		return err;
	dot = strchr(buf, '.');
	if (dot)
		*dot = '\0';
	return 0;
}

static void check_stack(struct dtrace_check *ck)
{
	static const char name[] = "stack-trace";
	unsigned long pcs[CHECK_STACK_MAX];
	char fn[DTRACE_FUNCNAMELEN];
	unsigned int n, i;

	n = check_stack_walk(pcs, CHECK_STACK_MAX);
	if (!n) {
		check_result(ck, name, DTRACE_CHECK_FAILED,
			     "no frames saved (kernel without stack traces?)");
		return;
	}
	if (check_func_name(pcs[0], fn, sizeof(fn)))
		snprintf(fn, sizeof(fn), "%lx", pcs[0]);
	if (strcmp(fn, "check_stack_walk")) {
		check_result(ck, name, DTRACE_CHECK_FAILED,
			     "innermost of %u frames is %s, not check_stack_walk",
			     n, fn);
		return;
	}
	for (i = 1; i < n; i++) {
		if (!check_func_name(pcs[i], fn, sizeof(fn)) &&
		    !strcmp(fn, "dtrace_ioc_check"))
			break;
	}
	if (i == n)
		check_result(ck, name, DTRACE_CHECK_FAILED,
			     "%u frames from check_stack_walk, none in dtrace_ioc_check",
			     n);
	else
		check_result(ck, name, DTRACE_CHECK_OK,
			     "%u frames: check_stack_walk innermost, dtrace_ioc_check at depth %u",
			     n, i);
}

/* ---- the ioctl ------------------------------------------------------ */

long dtrace_ioc_check(void __user *arg)
{
	struct dtrace_check __user *uck = arg;
	struct dtrace_check *ck;
	u32 flags;
	long ret;

	if (get_user(flags, &uck->flags))
		return -EFAULT;
	if (flags & ~DTRACE_CHECK_F_NOTESTS)
		return -EINVAL;
	ck = kzalloc(sizeof(*ck), GFP_KERNEL);
	if (!ck)
		return -ENOMEM;
	ck->flags = flags;

	if (mutex_lock_interruptible(&check_lock)) {
		kfree(ck);
		return -EINTR;
	}
	check_environment(ck);
	if (!(flags & DTRACE_CHECK_F_NOTESTS)) {
		check_irq_masking(ck);
		check_safe_load(ck, &uck->flags);
		check_fbt(ck);
		check_timer(ck);
		check_syscall(ck);
		check_stack(ck);
	}
	mutex_unlock(&check_lock);

	ret = copy_to_user(uck, ck, sizeof(*ck)) ? -EFAULT : 0;
	kfree(ck);
	return ret;
}
