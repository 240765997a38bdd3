// SPDX-License-Identifier: GPL-2.0
/*
 * fbt on fprobe: an ftrace hook at the function's fentry site and, for
 * returns, ftrace's return hook (rethook until 6.13, the function-graph
 * tracer since 6.14).  Cheaper than kprobes and usable on every function
 * ftrace can trace; ftrace refuses the others (notrace, no fentry site),
 * which fbt reports as -EPERM.  The kprobes blacklist is about int3 and
 * single-stepping, which ftrace hooks do not use, so it is not consulted
 * (ftrace's notrace marking is what decides).  fprobe guards against
 * recursion itself (a probe fired from our own handler is counted in
 * nmissed and skipped), and dtrace.ko, which holds the handlers, is
 * toxic text.
 *
 * Two handler forms (kadapt/probes/fprobe_regs.c, fprobe_ftrace_regs.c):
 * struct pt_regs up to 6.13; struct ftrace_regs since 6.14, made
 * opaque in 6.13.  Handlers get a pt_regs view of the latter from
 * ftrace_partial_regs() (the argument registers, ip and sp, which is all
 * regs_get_kernel_argument() reads) and the return value from
 * ftrace_regs_get_return_value().
 */
#include "kadapt_internal.h"

#if defined(KADAPT_FENTRY_FPROBE)
#include <linux/fprobe.h>
#include <linux/ftrace.h>
#include <linux/kprobes.h>
#include <linux/slab.h>
#include <linux/ptrace.h>
#include <linux/preempt.h>
#include <linux/rcupdate.h>

struct kadapt_fprobe {
	struct fprobe fp;
	struct kadapt_fentry *fe;
	unsigned long addr;
};

#define kadapt_fp(fp)	container_of(fp, struct kadapt_fprobe, fp)

#if defined(KADAPT_HAVE_FPROBE_FTRACE_REGS)
static notrace int kadapt_fprobe_entry(struct fprobe *fp, unsigned long ip,
				       unsigned long ret_ip,
				       struct ftrace_regs *fregs, void *data)
{
	struct kadapt_fentry *fe = kadapt_fp(fp)->fe;
	struct pt_regs buf;

	fe->handler(fe, ftrace_partial_regs(fregs, &buf));
	return 0;	/* 0: the exit handler still runs */
}

static notrace void kadapt_fprobe_exit(struct fprobe *fp, unsigned long ip,
				       unsigned long ret_ip,
				       struct ftrace_regs *fregs, void *data)
{
	struct kadapt_fentry *fe = kadapt_fp(fp)->fe;
	struct pt_regs buf;

	preempt_disable_notrace();
	fe->exit_handler(fe, ftrace_partial_regs(fregs, &buf),
			 ftrace_regs_get_return_value(fregs));
	preempt_enable_notrace();
}
#else /* KADAPT_HAVE_FPROBE_REGS */
static notrace int kadapt_fprobe_entry(struct fprobe *fp, unsigned long ip,
				       unsigned long ret_ip,
				       struct pt_regs *regs, void *data)
{
	struct kadapt_fentry *fe = kadapt_fp(fp)->fe;

	fe->handler(fe, regs);
	return 0;	/* 0: the exit handler still runs */
}

static notrace void kadapt_fprobe_exit(struct fprobe *fp, unsigned long ip,
				       unsigned long ret_ip,
				       struct pt_regs *regs, void *data)
{
	struct kadapt_fentry *fe = kadapt_fp(fp)->fe;

	preempt_disable_notrace();
	fe->exit_handler(fe, regs, regs_return_value(regs));
	preempt_enable_notrace();
}
#endif
NOKPROBE_SYMBOL(kadapt_fprobe_entry);
NOKPROBE_SYMBOL(kadapt_fprobe_exit);

int kadapt_fentry_arm(struct kadapt_fentry *fe, const char *sym,
		      unsigned long addr)
{
	struct kadapt_fprobe *kf = kzalloc(sizeof(*kf), GFP_KERNEL);
	int ret;

	if (!kf)
		return -ENOMEM;
	kf->fe = fe;
	kf->addr = addr;	/* ftrace finds the fentry site past endbr64 */
	if (fe->handler)
		kf->fp.entry_handler = kadapt_fprobe_entry;
	if (fe->exit_handler)
		kf->fp.exit_handler = kadapt_fprobe_exit;
	ret = register_fprobe_ips(&kf->fp, &kf->addr, 1);
	if (ret < 0) {
		kfree(kf);
		/* ftrace: no fentry site in this function (-EINVAL/-ENOENT) */
		return ret == -EINVAL || ret == -ENOENT ? -EPERM : ret;
	}
	fe->priv = kf;
	return 0;
}

void kadapt_fentry_disarm(struct kadapt_fentry *fe)
{
	struct kadapt_fprobe *kf = fe->priv;

	/*
	 * Pending returns no longer call us once this returns.  fprobe finds
	 * @kf under RCU with preemption off, and since 6.14 frees its own
	 * lookup nodes after a grace period only: wait for one too.
	 */
	unregister_fprobe(&kf->fp);
	synchronize_rcu();
	fe->priv = NULL;
	kfree(kf);
}

/*
 * Whether ftrace has a hook site for the function at @addr, asked the way
 * fprobe's registration asks it: removing @addr from the (empty) filter
 * of an ftrace_ops that is never registered fails with -EINVAL where
 * ftrace_location() finds no site and with -ENOENT otherwise; nothing
 * changes either way.  ftrace_location() itself is not exported.
 */
static struct ftrace_ops kadapt_ftrace_query;

bool kadapt_fentry_mech_ok(unsigned long addr)
{
	int ret = ftrace_set_filter_ip(&kadapt_ftrace_query, addr, 1, 0);

	return ret != -EINVAL;
}

/* ftrace refuses functions one by one: ask per address, modules too. */
bool kadapt_fentry_mech_by_addr(void)
{
	return true;
}

int kadapt_fentry_mech_add_bad(void)
{
	return 0;
}

const char *kadapt_fentry_mechanism(void)
{
	return "fprobe";
}

#endif /* KADAPT_FENTRY_FPROBE */
