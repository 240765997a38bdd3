/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The plain-memory world the fuzz targets run DIF in, with the checks of
 * what the verifier promises.  Loads succeed only inside a small fake
 * address space: the string table and the other regions a firing owns
 * (scratch space, variable areas, dynamic-variable store), the builtin
 * strings and a fixed block at FZ_FAKE_BASE, which is also the "user
 * memory" of copyin(); anything else faults, as an unmapped address does
 * in the kernel.
 *
 * An accepted program must fault only on data: a bad address, division
 * by zero, scratch space used up, the firing's string work
 * (DIF_WORK_MAX) used up, a bad lltostr() base or inet_ntop() family,
 * an args[] index beyond the probe's arguments.  Anything else
 * aborts (fz_fail), which libFuzzer reports as a crash.
 *
 * Included by fuzz_dif.c and fuzz_compile.c (one translation unit each).
 */
#ifndef FUZZ_ENV_H
#define FUZZ_ENV_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dif_vm.h"
#include "dif_dynvar.h"
#include "dt_dis.h"
#include "dtrace_abi.h"

/* Probe arguments, as the kernel's environment has them. */
#define FZ_NARGS	10

/* A fixed fake address, so that inputs can name readable memory. */
#define FZ_FAKE_BASE	0x100000u
#define FZ_FAKE_SIZE	256

/* Dynamic-variable store sizes: normal, and small enough to fill. */
#define FZ_DYN_SIZE	(16u << 10)
#define FZ_DYN_SMALL	DIF_DYN_MINSIZE
#define FZ_NCPUS	2

static dt_u8 fz_fake[FZ_FAKE_SIZE];

/* The builtin string variables; each is its own object for ASan. */
static const char fz_prov[] = "fuzz";
static const char fz_mod[] = "";
static const char fz_func[] = "dif_emulate";
static const char fz_name[] = "entry";
static const char fz_exec[] = "bash";
static const char fz_zone[] = "global";

struct fz_region {
	const void *p;
	size_t len;
};

/* What a firing may read besides the fixed objects above. */
enum { FZ_STRTAB, FZ_SCRATCH, FZ_GVARS, FZ_LVARS, FZ_DYN, FZ_NREGIONS };

struct fz_env {
	struct fz_region r[FZ_NREGIONS];
};

/*
 * One enabling's state on one CPU: the context and every buffer it
 * points to, each an allocation of its own exact size so that ASan sees
 * any overrun.
 */
struct fz_firing {
	struct dif_ctx ctx;
	struct fz_env env;
	dt_u64 *globals;
	char *scratch, *gvars, *lvars;
	dt_u64 *dynmem;
};

static void fz_fail(const struct difo *dp, const char *what, int fault,
		    dt_u32 pc)
{
	fprintf(stderr, FZ_NAME ": %s (fault %d at %u)\n", what, fault, pc);
	if (dp != NULL)
		dt_dis(dp, stderr);
	abort();
}

static int fz_in(dt_u64 addr, dt_u64 size, const void *p, size_t len)
{
	dt_u64 lo = (dt_u64)(uintptr_t)p;

	return p != NULL && addr >= lo && addr - lo <= len &&
	       size <= len - (addr - lo);
}

/* The fake block, as kernel memory (load) or user memory (copyin). */
static int fz_fake_read(void *dst, dt_u64 addr, dt_u64 size)
{
	if (addr < FZ_FAKE_BASE || addr - FZ_FAKE_BASE > FZ_FAKE_SIZE ||
	    size > FZ_FAKE_SIZE - (addr - FZ_FAKE_BASE))
		return -1;
	memcpy(dst, fz_fake + (addr - FZ_FAKE_BASE), size);
	return 0;
}

static int fz_load(void *envp, void *dst, dt_u64 addr, dt_u32 size)
{
	static const struct fz_region builtins[] = {
		{ fz_prov, sizeof(fz_prov) }, { fz_mod, sizeof(fz_mod) },
		{ fz_func, sizeof(fz_func) }, { fz_name, sizeof(fz_name) },
		{ fz_exec, sizeof(fz_exec) }, { fz_zone, sizeof(fz_zone) },
	};
	struct fz_env *env = envp;
	unsigned int i;

	/* Strings go in chunks of 8, bcopy() in pieces of 256. */
	if (size == 0 || size > 256) {
		fprintf(stderr, FZ_NAME ": load of %u bytes\n", size);
		abort();
	}
	if (fz_fake_read(dst, addr, size) == 0)
		return 0;
	for (i = 0; i < FZ_NREGIONS; i++)
		if (fz_in(addr, size, env->r[i].p, env->r[i].len))
			goto copy;
	for (i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++)
		if (fz_in(addr, size, builtins[i].p, builtins[i].len))
			goto copy;
	return -1;
copy:
	/* memmove: bcopy() may copy scratch onto itself. */
	memmove(dst, (const void *)(uintptr_t)addr, size);
	return 0;
}

static int fz_getvar(void *envp, dt_u32 var, dt_u64 *val)
{
	(void)envp;
	/* dif_verify() admits only the builtins dif.h names. */
	if (var < DIF_VAR_CURTHREAD || var > DIF_VAR_BUILTIN_MAX) {
		fprintf(stderr, FZ_NAME ": getvar(%#x)\n", var);
		abort();
	}
	switch (var) {
	case DIF_VAR_PROBEPROV:
		*val = (dt_u64)(uintptr_t)fz_prov;
		break;
	case DIF_VAR_PROBEMOD:
		*val = (dt_u64)(uintptr_t)fz_mod;
		break;
	case DIF_VAR_PROBEFUNC:
		*val = (dt_u64)(uintptr_t)fz_func;
		break;
	case DIF_VAR_PROBENAME:
		*val = (dt_u64)(uintptr_t)fz_name;
		break;
	case DIF_VAR_EXECNAME:
		*val = (dt_u64)(uintptr_t)fz_exec;
		break;
	case DIF_VAR_ZONENAME:
		*val = (dt_u64)(uintptr_t)fz_zone;
		break;
	default:
		/* args land in the fake block; the rest are plain numbers. */
		if (var >= DIF_VAR_ARG0 && var <= DIF_VAR_ARG9)
			*val = FZ_FAKE_BASE + 16 * (var - DIF_VAR_ARG0);
		else
			*val = var * 0x1001ULL;
	}
	return DIF_FAULT_NONE;
}

/* Like the kernel's: args[i] beyond the probe's arguments is ILLOP. */
static int fz_getarg(void *envp, dt_u32 idx, dt_u64 *val)
{
	(void)envp;
	if (idx >= FZ_NARGS)
		return DIF_FAULT_ILLOP;
	*val = idx == 0 ? (dt_u64)(uintptr_t)fz_exec :
	       FZ_FAKE_BASE + 16 * idx;
	return DIF_FAULT_NONE;
}

static dt_u64 fz_threadkey(void *envp)
{
	(void)envp;
	return 0x1234560;
}

static int fz_copyin(void *envp, void *dst, dt_u64 uaddr, dt_u32 size)
{
	(void)envp;
	return fz_fake_read(dst, uaddr, size);
}

static int fz_copyinstr(void *envp, char *dst, dt_u64 uaddr, dt_u32 max)
{
	dt_u32 i;

	(void)envp;
	if (max == 0) {
		fprintf(stderr, FZ_NAME ": copyinstr of 0 bytes\n");
		abort();
	}
	for (i = 0; i + 1 < max; i++) {
		if (fz_fake_read(dst + i, uaddr + i, 1) != 0)
			return -1;
		if (dst[i] == '\0')
			return 0;
	}
	dst[i] = '\0';
	return 0;
}

static int fz_progenyof(void *envp, dt_u64 pid)
{
	(void)envp;
	return pid <= 1;
}

static dt_u64 fz_speculation(void *envp)
{
	(void)envp;
	return 1;
}

static const struct dif_env_ops fz_ops = {
	.getvar = fz_getvar,
	.getarg = fz_getarg,
	.load = fz_load,
	.threadkey = fz_threadkey,
	.copyin = fz_copyin,
	.copyinstr = fz_copyinstr,
	.progenyof = fz_progenyof,
	.speculation = fz_speculation,
};

/*
 * Faults an accepted program may raise at instruction @insn: caused by
 * data, not by code.
 */
static int fz_data_fault(const struct dif_ctx *ctx, int fault, dt_u32 insn)
{
	dt_u32 op = DIF_INSTR_OP(insn), subr = DIF_INSTR_INDEX(insn);
	/* Key building (scratch) and string copies (loads). */
	int var = op == DIF_OP_LDTS || op == DIF_OP_STTS ||
		  op == DIF_OP_LDGAA || op == DIF_OP_STGAA ||
		  op == DIF_OP_LDTAA || op == DIF_OP_STTAA;
	/* Reads strings (and counts them against DIF_WORK_MAX). */
	int str = op == DIF_OP_SCMP || op == DIF_OP_CALL || var ||
		  op == DIF_OP_STGS || op == DIF_OP_STLS;

	switch (fault) {
	case DIF_FAULT_BADADDR:
		/* loads anywhere; stores outside the firing's scratch */
		return str || (op >= DIF_OP_LDSB && op <= DIF_OP_LDX) ||
		       (op >= DIF_OP_STB && op <= DIF_OP_STX);
	case DIF_FAULT_DIVZERO:
		return op == DIF_OP_SDIV || op == DIF_OP_UDIV ||
		       op == DIF_OP_SREM || op == DIF_OP_UREM;
	case DIF_FAULT_NOSCRATCH:
		return op == DIF_OP_CALL || var;
	case DIF_FAULT_ILLOP:
		/*
		 * The firing's string work used up; args[] out of range;
		 * lltostr() base, inet_ntop() family.
		 */
		return ctx->work > DIF_WORK_MAX ||
		       op == DIF_OP_LDGA ||
		       (op == DIF_OP_CALL && (subr == DIF_SUBR_LLTOSTR ||
					      subr == DIF_SUBR_INET_NTOP));
	}
	return 0;
}

/*
 * Run an accepted @dp once in @f; returns the fault and the value in
 * *@res.  Checks what the verifier promised.
 */
static int fz_run(struct fz_firing *f, const struct difo *dp, dt_u64 *res)
{
	struct dif_ctx *ctx = &f->ctx;
	char *str;
	int rc;

	*res = 0;
	f->env.r[FZ_STRTAB].p = dp->strtab;
	f->env.r[FZ_STRTAB].len = dp->strtab_len;
	rc = dif_emulate(dp, ctx, res);
	if (rc < 0 || rc > DIF_FAULT_BADSTACK || (dt_u32)rc != ctx->fault)
		fz_fail(dp, "bad return code", rc, ctx->fault_pc);
	if (ctx->scratch_used > ctx->scratch_size)
		fz_fail(dp, "scratch space overrun", rc, ctx->fault_pc);
	if (rc != 0) {
		if (ctx->fault_pc >= dp->ninsns)
			fz_fail(dp, "fault pc out of range", rc,
				ctx->fault_pc);
		if (!fz_data_fault(ctx, rc, dp->insns[ctx->fault_pc]))
			fz_fail(dp, "accepted program faulted", rc,
				ctx->fault_pc);
		return rc;
	}
	/* A string result is recorded by copying it, as the kernel does. */
	if (dp->rtype == DIF_TYPE_STRING) {
		str = malloc(ctx->strsize ? ctx->strsize : 1);
		if (str == NULL)
			abort();
		rc = dif_copy_string(ctx, str, *res, ctx->strsize);
		if (rc != 0 && rc != DIF_FAULT_BADADDR)
			fz_fail(dp, "string result copy", rc, 0);
		free(str);
	}
	return rc;
}

/* A buffer of exactly @n bytes (ASan sees any overrun), zeroed. */
static void *fz_zalloc(size_t n)
{
	void *p = calloc(1, n ? n : 1);

	if (p == NULL)
		abort();
	return p;
}

static void fz_fake_init(void)
{
	static int done;
	unsigned int i;

	if (done)
		return;
	done = 1;
	/* Strings of several lengths, then bytes of every value. */
	memcpy(fz_fake, "hello\0/usr/lib/libc.so.6\0a,b,,c\0"
	       "127.0.0.1\0ABCdef\0", 50);
	for (i = 50; i < FZ_FAKE_SIZE; i++)
		fz_fake[i] = (dt_u8)(i % 7 ? i * 37 : 0);
}

/*
 * Set up @f for programs of one enabling with strings of @strsize
 * bytes: with variable table @vt, or without one (@vt NULL) with
 * @nglobals integer globals; a dynamic-variable store of @dynsize bytes.
 */
static void fz_firing_init(struct fz_firing *f, dt_u32 strsize,
			   const struct dif_vartab *vt, dt_u32 nglobals,
			   dt_u32 dynsize)
{
	dt_u32 scratch_size = (dt_u32)DIF_SCRATCH_SIZE(strsize);
	struct dif_ctx *ctx = &f->ctx;

	fz_fake_init();
	memset(f, 0, sizeof(*f));
	/* The scratch size the header recommends (the kernel's). */
	f->scratch = fz_zalloc(scratch_size);
	memset(f->scratch, 0x5a, scratch_size);
	f->env.r[FZ_SCRATCH].p = f->scratch;
	f->env.r[FZ_SCRATCH].len = scratch_size;
	if (vt == NULL) {
		f->globals = fz_zalloc(nglobals * sizeof(*f->globals));
		ctx->globals = f->globals;
		ctx->nglobals = nglobals;
	} else {
		f->gvars = fz_zalloc(vt->area[DTRACE_VSCOPE_GLOBAL]);
		/* Undefined at a firing's start: garbage, without NULs. */
		f->lvars = fz_zalloc(vt->area[DTRACE_VSCOPE_LOCAL]);
		memset(f->lvars, 0xa5, vt->area[DTRACE_VSCOPE_LOCAL]);
		f->dynmem = fz_zalloc(dynsize);
		ctx->vt = vt;
		ctx->gvars = f->gvars;
		ctx->lvars = f->lvars;
		ctx->dyn = dif_dyn_init(f->dynmem, dynsize, FZ_NCPUS);
		if (ctx->dyn == NULL)
			fz_fail(NULL, "dif_dyn_init refused", 0, 0);
		ctx->cpu = FZ_NCPUS - 1;
		f->env.r[FZ_GVARS].p = f->gvars;
		f->env.r[FZ_GVARS].len = vt->area[DTRACE_VSCOPE_GLOBAL];
		f->env.r[FZ_LVARS].p = f->lvars;
		f->env.r[FZ_LVARS].len = vt->area[DTRACE_VSCOPE_LOCAL];
		f->env.r[FZ_DYN].p = f->dynmem;
		f->env.r[FZ_DYN].len = dynsize;
	}
	ctx->ops = &fz_ops;
	ctx->env = &f->env;
	ctx->strsize = strsize;
	ctx->scratch = f->scratch;
	ctx->scratch_size = scratch_size;
}

/*
 * The next ECB of a firing: empty scratch space, no strtok() state, no
 * string work done.
 */
static inline void fz_firing_next(struct fz_firing *f)
{
	f->ctx.work = 0;
	f->ctx.scratch_used = 0;
	f->ctx.strtok = 0;
	f->ctx.strtok_left = 0;
}

static void fz_firing_free(struct fz_firing *f)
{
	free(f->globals);
	free(f->scratch);
	free(f->gvars);
	free(f->lvars);
	free(f->dynmem);
}

#endif /* FUZZ_ENV_H */
