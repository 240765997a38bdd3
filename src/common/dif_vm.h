/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The DIF interpreter and verifier.  dif_vm.c and dif_verify.c are
 * compiled unchanged into dtrace.ko and into the user-space tests; all
 * access to the world outside the DIFO goes through struct dif_env_ops,
 * which the kernel backs with kadapt's probe-safe primitives and the
 * tests back with plain memory.
 */
#ifndef DTRACE_DIF_VM_H
#define DTRACE_DIF_VM_H

#include "dif.h"

struct dif_env_ops {
	/*
	 * Value of builtin variable @var (DIF_VAR_*).  String variables
	 * return the address of a NUL-terminated string that stays valid
	 * for the rest of the probe firing.  Returns a DIF_FAULT_* code.
	 */
	int (*getvar)(void *env, dt_u32 var, dt_u64 *val);
	/* args[@idx]: returns a DIF_FAULT_* code. */
	int (*getarg)(void *env, dt_u32 idx, dt_u64 *val);
	/*
	 * Copy @size bytes from @addr, which the program computed and
	 * which may be anything.  Returns 0, or -1 if the address cannot
	 * be read (the VM then faults with DIF_FAULT_BADADDR).
	 */
	int (*load)(void *env, void *dst, dt_u64 addr, dt_u32 size);
};

struct dif_ctx {
	const struct dif_env_ops *ops;
	void *env;
	dt_u32 strsize;		/* maximum string length, incl. the NUL */
	dt_u64 *globals;	/* user global scalars, id - DIF_VAR_OTHER_UBASE */
	dt_u32 nglobals;
	/* Set by dif_emulate() when it returns non-zero. */
	dt_u32 fault;		/* DIF_FAULT_* */
	dt_u32 fault_pc;	/* instruction index that faulted */
	dt_u64 fault_addr;	/* for BADADDR/BADALIGN */
	/*
	 * Scratch space for strings that subroutines build (strjoin,
	 * substr, ...), valid for one probe firing: the owner points
	 * @scratch at @scratch_size bytes and zeroes @scratch_used and
	 * @strtok before the firing's first dif_emulate(); dif_emulate()
	 * does not reset them, so results survive from the predicate to
	 * the actions.  Each string result takes strsize bytes (lltostr()
	 * 65); when the space is used up the VM faults
	 * DIF_FAULT_NOSCRATCH.  NULL means no string subroutines.
	 * DIF_SCRATCH_STRINGS * strsize is the recommended size.
	 */
	char *scratch;
	dt_u32 scratch_size;
	dt_u32 scratch_used;
	dt_u64 strtok;		/* strtok() position, 0 = none */
	dt_u32 strtok_left;	/* bytes strtok() may still read there */
};

#define DIF_SCRATCH_STRINGS	8

/*
 * Number of tuple-stack arguments subroutine @subr takes: 0 and the
 * range in *@min..*@max, or -1 if @subr is unknown.
 */
int dif_subr_arity(dt_u32 subr, dt_u32 *min, dt_u32 *max);

/*
 * Run @dp to completion.  Returns 0 and stores the RET value in
 * @result, or returns the fault code (also in ctx->fault).  Never loops:
 * the verifier allows only forward branches.
 */
int dif_emulate(const struct difo *dp, struct dif_ctx *ctx, dt_u64 *result);

/*
 * Check @dp before it may ever run.  Returns 0, or -1 with a short
 * static description of the first problem in *@why and the instruction
 * index in *@pc.  @nglobals is the number of user global variables the
 * enabling declares (ids DIF_VAR_OTHER_UBASE ...).
 */
int dif_verify(const struct difo *dp, dt_u32 nglobals, const char **why,
	       dt_u32 *pc);

/*
 * Copy the string at @addr (at most @max bytes including the NUL) into
 * @dst through ops->load, always NUL-terminating.  Returns 0 or the
 * fault code.  Used by the VM for SCMP and by actions that record
 * strings.
 */
int dif_copy_string(struct dif_ctx *ctx, char *dst, dt_u64 addr, dt_u32 max);

#endif /* DTRACE_DIF_VM_H */
