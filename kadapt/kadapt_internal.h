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

#endif /* KADAPT_INTERNAL_H */
