// SPDX-License-Identifier: GPL-2.0
/*
 * fprobe handlers taking struct ftrace_regs: Linux 6.14, commits
 * 46bc08238856 "fprobe: Use ftrace_regs in fprobe entry handler" and
 * 762abbc0d09f "fprobe: Use ftrace_regs in fprobe exit handler".  fbt
 * gets a pt_regs view from ftrace_partial_regs() (6.14, and 6.13 stable:
 * b9b55c8912ce "tracing: Add ftrace_partial_regs() for converting
 * ftrace_regs to pt_regs"); the return value is read from ftrace_regs.
 */
#include <linux/fprobe.h>

#if !IS_ENABLED(CONFIG_FPROBE)
#error "CONFIG_FPROBE is not set"
#endif

static void kadapt_probe_exit(struct fprobe *fp, unsigned long ip,
			      unsigned long ret_ip, struct ftrace_regs *fregs,
			      void *data)
{
	struct pt_regs buf;

	fp->nmissed = ftrace_regs_get_return_value(fregs) +
		      ftrace_partial_regs(fregs, &buf)->ip;
}

int kadapt_probe(struct fprobe *fp, unsigned long *addr)
{
	fp->exit_handler = kadapt_probe_exit;
	return register_fprobe_ips(fp, addr, 1);
}
