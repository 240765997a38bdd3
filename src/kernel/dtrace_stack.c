// SPDX-License-Identifier: GPL-2.0
/*
 * stack() and ustack() actions: return addresses stored into the record,
 * innermost first, unused slots left zero.  Probe context: no sleeping,
 * every user access through kadapt's nofault read.
 */
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/sched/task_stack.h>
#include <linux/ptrace.h>
#include <linux/uaccess.h>
#include <asm/processor.h>

#include "dtrace_impl.h"
#include "../../kadapt/kadapt.h"

/* How far a return address into the probe site may be from its pc. */
#define DTRACE_PROBE_SITE_SLOP	16

/*
 * The kernel stack of the probe site: dtrace.ko's own frames (the firing
 * path, the provider's handler) are left out by asking the unwinder a
 * second time to skip as many as the first walk found.
 */
void dtrace_stack(u8 *out, u32 nframes, struct pt_regs *regs)
{
	unsigned long head[16], ip = regs ? instruction_pointer(regs) : 0;
	unsigned int n, skip = 0, i;

	n = kadapt_stack_save(head, ARRAY_SIZE(head), 0);
	while (skip < n && within_module(head[skip], THIS_MODULE))
		skip++;
	/*
	 * Between us and the probed code sit the hook's own frames (the
	 * kprobe or fprobe handler, an ftrace trampoline): start at the
	 * frame that returns into the probe site, as illumos' stacks start
	 * at the traced code.  Where no frame is that close (a timer, a
	 * tracepoint), keep what we have.
	 */
	for (i = skip; ip && i < n; i++) {
		if (head[i] >= ip - DTRACE_PROBE_SITE_SLOP &&
		    head[i] <= ip + DTRACE_PROBE_SITE_SLOP) {
			skip = i;
			break;
		}
	}
	kadapt_stack_save((unsigned long *)out, nframes, skip);
}

/*
 * The current task's user stack: its user-mode instruction pointer, then
 * the return addresses of the frame-pointer chain (code built without
 * frame pointers ends the walk early, as in illumos).
 */
void dtrace_ustack(u8 *out, u32 nframes)
{
	unsigned long fp, frame[2];
	struct pt_regs *regs;
	u64 *pcs = (u64 *)out;
	u32 n = 0;

	if (!current->mm || (current->flags & PF_KTHREAD) || !nframes)
		return;
	regs = task_pt_regs(current);
	pcs[n++] = instruction_pointer(regs);
	fp = regs->bp;
	while (n < nframes && fp && fp % sizeof(long) == 0 &&
	       fp < TASK_SIZE_MAX - sizeof(frame)) {
		if (kadapt_read_user(frame, (const void __user *)fp,
				     sizeof(frame)))
			break;
		if (!frame[1])
			break;
		pcs[n++] = frame[1];
		/* The chain must go up the stack, or it could loop. */
		if (frame[0] <= fp)
			break;
		fp = frame[0];
	}
}
