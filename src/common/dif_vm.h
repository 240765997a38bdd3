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
#include "dtrace_abi.h"

struct dif_dynvars;

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
	/*
	 * The rest may be NULL.  threadkey: the key of the current thread
	 * for self-> variables (its low 3 bits may tell contexts of one
	 * thread apart); NULL means one thread, key 0.
	 */
	dt_u64 (*threadkey)(void *env);
	/*
	 * copyin(), copyinto(): copy @size bytes of user memory at @uaddr;
	 * 0, or -1 if any of it cannot be read (never a kernel address).
	 * NULL: the subroutines fault DIF_FAULT_UPRIV.
	 */
	int (*copyin)(void *env, void *dst, dt_u64 uaddr, dt_u32 size);
	/*
	 * copyinstr(): the user string at @uaddr, at most @max - 1 bytes
	 * and always NUL-terminated in @dst; 0, or -1 if it faults before
	 * its end.  NULL: copyinstr() faults DIF_FAULT_UPRIV.
	 */
	int (*copyinstr)(void *env, char *dst, dt_u64 uaddr, dt_u32 max);
	/* progenyof(): 1 if the current process is @pid or descends from it. */
	int (*progenyof)(void *env, dt_u64 pid);
	/* speculation(): a free speculation id, or 0.  NULL: always 0. */
	dt_u64 (*speculation)(void *env);
};

/*
 * The user variables of one enabling, laid out by dif_vartab_check() and
 * dif_vartab_fill() from the ENABLE blob's dtrace_vardesc table, shared
 * by all of its DIFOs.  Per scope, vars[scope][id - DIF_VAR_OTHER_UBASE]
 * describes variable id (present == 0: no such id).  Global and
 * clause-local scalars live in areas of area[scope] bytes the owner
 * provides (dif_ctx gvars, lvars) at their offset; thread-local scalars
 * and array elements live in the dynamic-variable store.
 */
#define DIF_NSCOPES		3	/* DTRACE_VSCOPE_GLOBAL .. _LOCAL */

struct dif_var {
	dt_u8 present;
	dt_u8 kind;		/* DTRACE_VKIND_* */
	dt_u8 type;		/* DIF_TYPE_* */
	dt_u8 pad;
	dt_u32 size;		/* value bytes: 8, or strsize for strings */
	dt_u32 offset;		/* global/local scalars: offset in the area */
};

struct dif_vartab {
	struct dif_var *vars[DIF_NSCOPES];	/* [nids[scope]] */
	dt_u32 nids[DIF_NSCOPES];
	dt_u32 area[DIF_NSCOPES];	/* scalar area bytes; thread: 0 */
	dt_u32 strsize;
};

/*
 * Check @vd[@n] (every field hostile): ids >= DIF_VAR_OTHER_UBASE, below
 * DIF_VAR_OTHER_UBASE + DTRACE_MAX_VARS and unique in their scope; known
 * scope, kind and type; size 8 for integers and @strsize for strings.
 * Returns 0 and the number of id slots per scope in @nids (the caller
 * allocates vars[scope] of that many entries), or -1 with the reason.
 */
int dif_vartab_check(const struct dtrace_vardesc *vd, dt_u32 n,
		     dt_u32 strsize, dt_u32 nids[DIF_NSCOPES],
		     const char **why);
/*
 * Fill @vt from a table dif_vartab_check() accepted: the caller has set
 * vt->vars[s] to nids[s] entries (their contents do not matter).
 */
void dif_vartab_fill(struct dif_vartab *vt, const struct dtrace_vardesc *vd,
		     dt_u32 n, dt_u32 strsize, const dt_u32 nids[DIF_NSCOPES]);


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
	/*
	 * User variables as the vardesc table describes them.  @vt NULL:
	 * only integer global scalars, in globals[] above (and the
	 * verifier's nglobals form).  Otherwise: @gvars holds the global
	 * scalars (vt->area[GLOBAL] bytes, zeroed at ENABLE), @lvars the
	 * clause-locals of the current firing (vt->area[LOCAL] bytes,
	 * per CPU), @dyn the store for thread-locals and array elements
	 * (NULL: none can be stored), @cpu the current CPU's index in it.
	 * Key building for array ops uses the free tail of @scratch
	 * temporarily (DIF_SCRATCH_SIZE() has room for the largest key).
	 */
	const struct dif_vartab *vt;
	char *gvars;
	char *lvars;
	struct dif_dynvars *dyn;
	dt_u32 cpu;
	dt_u32 pad;
	/* Dynamic-variable stores dropped (busy or full); the VM adds. */
	dt_u64 dyndrops;
	/* rand(): 2 words of per-CPU state (NULL: one per dif_ctx). */
	dt_u64 *rand_state;
	dt_u64 rand_local[2];
	/*
	 * Work done so far: string bytes read, DIF_WORK_INSN per
	 * instruction, and the bytes of dynamic-variable keys hashed and
	 * compared.  The owner sets it (zero, or what the probe firing's
	 * earlier DIF used: one budget a firing); past DIF_WORK_MAX the VM
	 * faults DIF_FAULT_ILLOP, so that no program, and no number of
	 * enablings on one probe, can keep a CPU busy for long with
	 * interrupts masked (index() and strstr() are quadratic in
	 * strsize).
	 */
	dt_u64 work;
};

#define DIF_WORK_MAX		((dt_u64)1 << 22)
#define DIF_WORK_INSN		4

#define DIF_SCRATCH_STRINGS	8
/*
 * Recommended scratch bytes for a firing: DIF_SCRATCH_STRINGS strings,
 * lltostr()'s 67 bytes and the largest array key with a string value.
 */
#define DIF_SCRATCH_SIZE(strsize)					\
	((dt_u64)DIF_SCRATCH_STRINGS * (strsize) + 128 +		\
	 (dt_u64)(DIF_MAX_TUPLE + 1) * ((strsize) + 16) + 32)

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
 * The same against a variable table: every variable op must name a
 * variable of its scope and kind (LDGS/STGS global scalar, LDTS/STTS
 * thread scalar, LDLS/STLS local scalar, LDGAA/STGAA global array,
 * LDTAA/STTAA thread array), and an array op must follow 1 ..
 * DIF_MAX_TUPLE pushes, like CALL its arguments.
 */
int dif_verify_vt(const struct difo *dp, const struct dif_vartab *vt,
		  const char **why, dt_u32 *pc);

/*
 * Copy the string at @addr (at most @max bytes including the NUL) into
 * @dst through ops->load, always NUL-terminating.  Returns 0 or the
 * fault code.  Used by the VM for SCMP and by actions that record
 * strings.
 */
int dif_copy_string(struct dif_ctx *ctx, char *dst, dt_u64 addr, dt_u32 max);

#endif /* DTRACE_DIF_VM_H */
