// SPDX-License-Identifier: GPL-2.0
/*
 * fprobe (5.18, commit cad9931f64dc "fprobe: Add ftrace based probe APIs")
 * with the handler form of Linux 6.5 to 6.13: a return address and
 * struct pt_regs (6.5, commit cb16330d1274 "fprobe: Pass return address
 * to the handlers").  Needs CONFIG_FPROBE, which Debian's 6.1 lacks.
 */
#include <linux/fprobe.h>

#if !IS_ENABLED(CONFIG_FPROBE)
#error "CONFIG_FPROBE is not set"
#endif

static int kadapt_probe_entry(struct fprobe *fp, unsigned long ip,
			      unsigned long ret_ip, struct pt_regs *regs,
			      void *data)
{
	return regs_get_kernel_argument(regs, 0) != 0;
}

int kadapt_probe(struct fprobe *fp, unsigned long *addr)
{
	fp->entry_handler = kadapt_probe_entry;
	return register_fprobe_ips(fp, addr, 1);
}
