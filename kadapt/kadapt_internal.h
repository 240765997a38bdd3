/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared between the kadapt_*.c files only.  kadapt_config.h is generated
 * by kadapt/kadapt-probe for the target kernel (found via
 * -I$(KADAPT_CONFIG_DIR)).
 */
#ifndef KADAPT_INTERNAL_H
#define KADAPT_INTERNAL_H

#if __has_include("kadapt_config.h")
#include "kadapt_config.h"
#else
#error "no kadapt_config.h: run kadapt/kadapt-probe KBUILD_DIR OUTDIR, then build with KADAPT_CONFIG_DIR=OUTDIR (or use kadapt/build-module)"
#endif
#include "kadapt.h"

#define KADAPT_PFX "dtrace: kadapt: "

/* kadapt_sym.c */
int kadapt_sym_init(void);
void kadapt_sym_exit(void);

/* kadapt_syscall.c */
int kadapt_syscall_init(void);

/*
 * kadapt_fentry.c and its mechanisms: fbt uses fprobe where the kernel
 * has it in a handler form kadapt knows (kadapt_fentry_fprobe.c), else
 * kprobes and kretprobes (kadapt_fentry_kprobe.c).  Arming gets a
 * resolved, non-toxic address and its "[mod:]func" name.
 */
#if defined(KADAPT_HAVE_FPROBE_REGS) || defined(KADAPT_HAVE_FPROBE_FTRACE_REGS)
#define KADAPT_FENTRY_FPROBE 1
#endif
#define KADAPT_FENTRY_SYMLEN (MODULE_NAME_LEN + 1 + KSYM_NAME_LEN)
int kadapt_fentry_arm(struct kadapt_fentry *fe, const char *sym,
		      unsigned long addr);
void kadapt_fentry_disarm(struct kadapt_fentry *fe);
/*
 * What the mechanism refuses, for kadapt_fentry_can_hook()
 * (kadapt_fentry_hookable.c): single functions (kadapt_fentry_mech_ok(),
 * asked for module functions too if kadapt_fentry_mech_by_addr()) and
 * ranges, which kadapt_fentry_mech_add_bad() passes to
 * kadapt_fentry_bad_range().  kadapt_fentry_exit() frees what
 * kadapt_fentry_can_hook() built.
 */
bool kadapt_fentry_mech_ok(unsigned long addr);
bool kadapt_fentry_mech_by_addr(void);
int kadapt_fentry_mech_add_bad(void);
int kadapt_fentry_bad_range(unsigned long start, unsigned long end);
void kadapt_fentry_exit(void);

#endif /* KADAPT_INTERNAL_H */
