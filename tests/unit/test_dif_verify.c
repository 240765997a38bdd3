// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the DIF verifier (src/common/dif_verify.c): good
 * programs are accepted, one hand-made bad program per rule is rejected
 * with the expected reason and instruction index, and a fuzz loop
 * checks that whatever the verifier accepts runs to completion in
 * dif_emulate() without a program fault (ILLOP) and without touching
 * memory outside the DIFO's tables (run it under ASan/UBSan).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dif_vm.h"
#include "dif_dynvar.h"
#include "dt_dis.h"
#include "test_harness.h"

#define F3(op, a, b, d)	DIF_INSTR_FMT(DIF_OP_##op, a, b, d)
#define BR(op, l)	DIF_INSTR_BRANCH(DIF_OP_##op, l)
#define IX(op, i, d)	DIF_INSTR_IDX(DIF_OP_##op, i, d)
#define RET(r)		F3(RET, 0, 0, r)
#define NOP		F3(NOP, 0, 0, 0)
#define N(a)		(sizeof(a) / sizeof((a)[0]))

#define NGLOBALS	3

#define PUSHTV(r)	DIF_INSTR_FMT(DIF_OP_PUSHTV, 0, r, 0)
#define PUSHTR(r)	DIF_INSTR_FMT(DIF_OP_PUSHTR, 0, r, 0)
#define POPTS()		DIF_INSTR_FMT(DIF_OP_POPTS, 0, 0, 0)
#define FLUSHTS()	DIF_INSTR_FMT(DIF_OP_FLUSHTS, 0, 0, 0)
#define CALL(s, d)	DIF_INSTR_IDX(DIF_OP_CALL, s, d)

static const dt_u64 ints3[] = { 1, 2, 3 };
static const char strtab[] = "abc\0de";	/* 7 bytes with the final NUL */

static void mkdifo(struct difo *dp, const dt_u32 *insns, dt_u32 n)
{
	memset(dp, 0, sizeof(*dp));
	dp->insns = insns;
	dp->ninsns = n;
	dp->inttab = ints3;
	dp->nints = N(ints3);
	dp->strtab = strtab;
	dp->strtab_len = sizeof(strtab);
	dp->rtype = DIF_TYPE_INT;
	dp->rsize = 8;
}

static void expect_ok(const struct difo *dp, int line)
{
	const char *why = "unset";
	dt_u32 pc = 12345;
	int rc = dif_verify(dp, NGLOBALS, &why, &pc);

	CHECK(rc == 0, "line %d: rejected: %s at %u", line, why ? why : "?",
	      pc);
}

static void expect_bad(const struct difo *dp, const char *want, dt_u32 wpc,
		       int line)
{
	const char *why = NULL;
	dt_u32 pc = 12345;
	int rc = dif_verify(dp, NGLOBALS, &why, &pc);

	CHECK(rc == -1, "line %d: accepted, want \"%s\"", line, want);
	if (rc == -1) {
		CHECK(why != NULL && strcmp(why, want) == 0,
		      "line %d: why \"%s\", want \"%s\"", line,
		      why ? why : "(null)", want);
		CHECK_EQ(pc, wpc, "line %d: pc for \"%s\"", line, want);
	}
}

#define OK(...)								\
	do {								\
		dt_u32 p_[] = { __VA_ARGS__ };				\
		struct difo d_;						\
		mkdifo(&d_, p_, N(p_));					\
		expect_ok(&d_, __LINE__);				\
	} while (0)

#define BAD(why, pc, ...)						\
	do {								\
		dt_u32 p_[] = { __VA_ARGS__ };				\
		struct difo d_;						\
		mkdifo(&d_, p_, N(p_));					\
		expect_bad(&d_, why, pc, __LINE__);			\
	} while (0)

static void test_good(void)
{
	dt_u32 id;

	OK(RET(0));
	OK(IX(SETX, 2, 1), IX(SETS, 6, 2), F3(ADD, 1, 2, 3), RET(3));
	OK(IX(SETX, 0, 1), F3(CMP, 1, 0, 0), BR(BE, 4), F3(NOT, 1, 0, 1),
	   RET(1));
	OK(F3(SCMP, 1, 2, 0), BR(BA, 2), RET(7));
	OK(F3(LDX, 1, 0, 2), F3(LDSB, 2, 0, 7), F3(SRA, 7, 7, 7), RET(7));
	OK(DIF_INSTR_FMT(DIF_OP_LDGA, DIF_VAR_ARGS, 3, 4), RET(4));
	OK(IX(LDGS, DIF_VAR_OTHER_UBASE + NGLOBALS - 1, 1),
	   IX(STGS, DIF_VAR_OTHER_UBASE, 1), IX(STGS, DIF_VAR_OTHER_UBASE, 0),
	   RET(1));
	/* unused fields are not looked at (as in illumos) */
	OK(F3(CMP, 1, 2, 0xff), F3(TST, 3, 0xff, 0xff), BR(BNE, 3),
	   RET(0));
	OK(DIF_INSTR_FMT(DIF_OP_RET, 0xff, 0xff, 5));
	for (id = DIF_VAR_CURTHREAD; id <= DIF_VAR_BUILTIN_MAX; id++)
		OK(IX(LDGS, id, 1), RET(1));

	/* the limits themselves */
	{
		static dt_u32 big[DIF_MAX_INSNS];
		static dt_u64 ints[DIF_MAX_INTTAB];
		static char str[DIF_MAX_STRTAB];
		struct difo d;
		unsigned int i;

		for (i = 0; i < DIF_MAX_INSNS - 1; i++)
			big[i] = NOP;
		big[0] = IX(SETX, DIF_MAX_INTTAB - 1, 1);
		big[1] = IX(SETS, DIF_MAX_STRTAB - 1, 2);
		big[2] = BR(BA, DIF_MAX_INSNS - 1);
		big[DIF_MAX_INSNS - 1] = RET(1);
		mkdifo(&d, big, DIF_MAX_INSNS);
		d.inttab = ints;
		d.nints = DIF_MAX_INTTAB;
		d.strtab = str;
		d.strtab_len = DIF_MAX_STRTAB;
		d.rtype = DIF_TYPE_STRING;
		expect_ok(&d, __LINE__);

		d.ninsns = DIF_MAX_INSNS + 1;
		expect_bad(&d, "too many instructions", 0, __LINE__);
		d.ninsns = DIF_MAX_INSNS;
		d.nints = DIF_MAX_INTTAB + 1;
		expect_bad(&d, "integer table too large", 0, __LINE__);
		d.nints = DIF_MAX_INTTAB;
		d.strtab_len = DIF_MAX_STRTAB + 1;
		expect_bad(&d, "string table too large", 0, __LINE__);
	}
	/* empty tables are fine when nothing uses them */
	{
		dt_u32 p[] = { IX(LDGS, DIF_VAR_PID, 1), RET(1) };
		struct difo d;

		mkdifo(&d, p, N(p));
		d.inttab = NULL;
		d.nints = 0;
		d.strtab = NULL;
		d.strtab_len = 0;
		expect_ok(&d, __LINE__);
	}
}

static void test_bad_header(void)
{
	dt_u32 p[] = { RET(0) };
	const char *why = NULL;
	dt_u32 pc = 1;
	struct difo d;

	CHECK(dif_verify(NULL, 0, &why, &pc) == -1 && why != NULL &&
	      strcmp(why, "no DIF object") == 0, "NULL difo");

	mkdifo(&d, p, 0);
	expect_bad(&d, "no instructions", 0, __LINE__);
	mkdifo(&d, NULL, 1);
	expect_bad(&d, "missing instruction table", 0, __LINE__);
	mkdifo(&d, p, 1);
	d.inttab = NULL;
	expect_bad(&d, "missing integer table", 0, __LINE__);
	mkdifo(&d, p, 1);
	d.strtab = NULL;
	expect_bad(&d, "missing string table", 0, __LINE__);
	mkdifo(&d, p, 1);
	d.strtab_len = 3;	/* "abc" without its NUL */
	expect_bad(&d, "string table not NUL-terminated", 0, __LINE__);
	mkdifo(&d, p, 1);
	d.rtype = 2;
	expect_bad(&d, "invalid return type", 0, __LINE__);
}

static void test_bad_insns(void)
{
	/* Variable ops without a variable table: see test_dif_vars.c. */
	static const dt_u32 novars[] = {
		DIF_OP_LDTS, DIF_OP_STTS, DIF_OP_LDLS, DIF_OP_STLS,
	};
	unsigned int i;

	BAD("unknown opcode", 1, NOP, DIF_INSTR_FMT(0, 1, 1, 1), RET(0));
	BAD("unknown opcode", 0, DIF_INSTR_FMT(DIF_OP_MAX + 1, 0, 0, 1),
	    RET(0));
	BAD("unknown opcode", 0, DIF_INSTR_FMT(0xff, 0, 0, 1), RET(0));
	BAD("unsupported opcode", 1, NOP,
	    DIF_INSTR_FMT(DIF_OP_LDTA, 1, 1, 1), RET(0));
	/* illumos' ALLOCS and COPYS (by-reference variables) are not ours */
	BAD("unsupported opcode", 0, DIF_INSTR_FMT(58, 1, 1, 1), RET(0));
	BAD("unsupported opcode", 0, DIF_INSTR_FMT(59, 1, 1, 1), RET(0));
	/* stores read r1 (the value) and rd (the address), write nothing */
	OK(F3(STB, 1, 0xff, 2), F3(STH, 0, 0, 0), F3(STW, 7, 0, 7),
	   F3(STX, 3, 0, 4), RET(0));
	BAD("register out of range", 0, F3(STB, 8, 0, 1), RET(1));
	BAD("register out of range", 0, F3(STX, 1, 0, 8), RET(1));
	for (i = 0; i < N(novars); i++) {
		BAD("variable id out of range", 1, NOP,
		    DIF_INSTR_FMT(novars[i], 1, 1, 1), RET(0));
		BAD("undeclared variable", 1, NOP,
		    DIF_INSTR_IDX(novars[i], DIF_VAR_OTHER_UBASE, 1), RET(0));
	}
	BAD("undeclared variable", 1, NOP,
	    DIF_INSTR_IDX(DIF_OP_LDGAA, DIF_VAR_OTHER_UBASE, 1), RET(0));
	BAD("undeclared variable", 2, NOP, PUSHTV(1),
	    DIF_INSTR_IDX(DIF_OP_STTAA, DIF_VAR_OTHER_UBASE, 1), RET(0));

	BAD("register out of range", 0, F3(ADD, 8, 1, 1), RET(1));
	BAD("register out of range", 0, F3(ADD, 1, 9, 1), RET(1));
	BAD("register out of range", 0, F3(ADD, 1, 1, 0xff), RET(1));
	BAD("register out of range", 0, F3(MOV, 200, 0, 1), RET(1));
	BAD("register out of range", 0, F3(CMP, 1, 8, 0), RET(1));
	BAD("register out of range", 0, F3(TST, 8, 0, 0), RET(1));
	BAD("register out of range", 0, F3(SCMP, 8, 1, 0), RET(1));
	BAD("register out of range", 0, F3(LDUW, 8, 0, 1), RET(1));
	BAD("register out of range", 0, IX(SETX, 0, 8), RET(1));
	BAD("register out of range", 0,
	    DIF_INSTR_FMT(DIF_OP_LDGA, DIF_VAR_ARGS, 8, 1), RET(1));
	BAD("register out of range", 0, IX(STGS, DIF_VAR_OTHER_UBASE, 8),
	    RET(1));
	BAD("register out of range", 0, RET(8));

	BAD("write to %r0", 0, F3(ADD, 1, 2, 0), RET(0));
	BAD("write to %r0", 0, F3(MOV, 1, 0, 0), RET(0));
	BAD("write to %r0", 0, F3(NOT, 1, 0, 0), RET(0));
	BAD("write to %r0", 1, NOP, F3(LDX, 1, 0, 0), RET(0));
	BAD("write to %r0", 0, IX(SETX, 0, 0), RET(0));
	BAD("write to %r0", 0, IX(SETS, 0, 0), RET(0));
	BAD("write to %r0", 0, IX(LDGS, DIF_VAR_PID, 0), RET(0));
	BAD("write to %r0", 0,
	    DIF_INSTR_FMT(DIF_OP_LDGA, DIF_VAR_ARGS, 1, 0), RET(0));

	BAD("branch target not forward", 1, NOP, BR(BA, 1), RET(0));
	BAD("branch target not forward", 2, NOP, NOP, BR(BE, 0), RET(0));
	BAD("branch target out of range", 0, BR(BLEU, 2), RET(0));
	BAD("branch target out of range", 0, BR(BNE, 0xffffff), RET(0));

	BAD("integer table index out of range", 0, IX(SETX, 3, 1), RET(1));
	BAD("string table offset out of range", 0, IX(SETS, 7, 1), RET(1));

	BAD("unknown builtin variable", 0, IX(LDGS, DIF_VAR_ARGS, 1), RET(1));
	BAD("unknown builtin variable", 0, IX(LDGS, DIF_VAR_CURTHREAD - 1, 1),
	    RET(1));
	BAD("unknown builtin variable", 0,
	    IX(LDGS, DIF_VAR_BUILTIN_MAX + 1, 1), RET(1));
	BAD("unknown builtin variable", 0,
	    IX(LDGS, DIF_VAR_OTHER_UBASE - 1, 1), RET(1));
	BAD("global variable out of range", 0,
	    IX(LDGS, DIF_VAR_OTHER_UBASE + NGLOBALS, 1), RET(1));
	BAD("global variable out of range", 0, IX(LDGS, 0xffff, 1), RET(1));
	BAD("global variable out of range", 0,
	    IX(STGS, DIF_VAR_OTHER_UBASE + NGLOBALS, 1), RET(1));
	BAD("store to builtin variable", 0, IX(STGS, DIF_VAR_PID, 1), RET(1));
	BAD("store to builtin variable", 0, IX(STGS, DIF_VAR_ARGS, 1),
	    RET(1));
	BAD("unknown array variable", 0,
	    DIF_INSTR_FMT(DIF_OP_LDGA, DIF_VAR_ARGS + 1, 1, 2), RET(2));

	BAD("last instruction not RET", 0, NOP);
	BAD("last instruction not RET", 2, RET(0), RET(0), NOP);
	/* the first problem is reported */
	BAD("write to %r0", 1, NOP, F3(ADD, 1, 1, 0), F3(ADD, 9, 1, 1),
	    NOP);

	/* no user globals at all */
	{
		dt_u32 p[] = { IX(LDGS, DIF_VAR_OTHER_UBASE, 1), RET(1) };
		const char *why = NULL;
		dt_u32 pc = 9;

		CHECK(dif_verify(&(struct difo){ p, 2, NULL, 0, NULL, 0,
						 DIF_TYPE_INT, 8 },
				 0, &why, &pc) == -1 && why != NULL &&
		      strcmp(why, "global variable out of range") == 0 &&
		      pc == 0, "nglobals 0");
	}
}

/* ---- fuzz ---- */

static dt_u64 rng_state = 0x9e3779b97f4a7c15ULL;

static dt_u64 rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static dt_u32 rn(dt_u32 n)
{
	return (dt_u32)(rnd() % n);
}

static unsigned char fuzzmem[64];
static const unsigned char *fz_strtab;
static dt_u32 fz_strlen;

static int in(dt_u64 addr, dt_u32 size, const void *p, size_t len)
{
	uintptr_t lo = (uintptr_t)p;

	return p != NULL && addr >= lo && addr - lo <= len &&
	       size <= len - (addr - lo);
}

/* More readable memory in the variables' fuzz: their storage. */
static const void *fz_extra[4];
static size_t fz_extra_len[4];

static int fz_load(void *env, void *dst, dt_u64 addr, dt_u32 size)
{
	unsigned int i;
	int ok;

	(void)env;
	if (size == 0 || size > 256)
		abort();	/* loads, strings, bcopy() chunks, inet_*() */
	ok = in(addr, size, fuzzmem, sizeof(fuzzmem)) ||
	     in(addr, size, fz_strtab, fz_strlen);
	for (i = 0; i < 4 && !ok; i++)
		ok = in(addr, size, fz_extra[i], fz_extra_len[i]);
	if (!ok)
		return -1;
	memcpy(dst, (const void *)(uintptr_t)addr, size);
	return 0;
}

static int fz_getvar(void *env, dt_u32 var, dt_u64 *val)
{
	(void)env;
	if (var < DIF_VAR_CURTHREAD || var > DIF_VAR_BUILTIN_MAX)
		abort();	/* the VM must not ask for anything else */
	*val = var == DIF_VAR_EXECNAME ? (dt_u64)(uintptr_t)fuzzmem : var;
	return 0;
}

static int fz_getarg(void *env, dt_u32 idx, dt_u64 *val)
{
	(void)env;
	*val = idx < 10 ? (dt_u64)(uintptr_t)(fuzzmem + idx) : 0;
	return 0;
}

static const struct dif_env_ops fz_ops = {
	.getvar = fz_getvar,
	.getarg = fz_getarg,
	.load = fz_load,
};

/* A register number: mostly valid, sometimes not. */
static dt_u32 fz_reg(void)
{
	return rn(20) ? rn(DIF_NREGS) : rn(256);
}

/* CALL: known subroutine, right arity, well-formed argument lists. */
static void test_subr_verify(void)
{
	dt_u32 min, max;

	OK(PUSHTR(1), CALL(DIF_SUBR_STRLEN, 2), RET(2));
	OK(PUSHTR(1), PUSHTV(2), CALL(DIF_SUBR_SUBSTR, 3), RET(3));
	OK(PUSHTR(1), PUSHTV(2), PUSHTV(2), CALL(DIF_SUBR_SUBSTR, 3),
	   RET(3));
	OK(PUSHTV(1), CALL(DIF_SUBR_LLTOSTR, 1), PUSHTV(1), PUSHTV(2),
	   CALL(DIF_SUBR_LLTOSTR, 1), RET(1));
	OK(FLUSHTS(), PUSHTV(1), POPTS(), PUSHTV(1), CALL(DIF_SUBR_HTONS, 1),
	   RET(1));
	OK(BR(BE, 3), PUSHTV(1), CALL(DIF_SUBR_HTONL, 1), PUSHTV(1),
	   CALL(DIF_SUBR_HTONL, 2), RET(2));
	BAD("unknown subroutine", 1, PUSHTV(1), CALL(2, 1), RET(1));
	BAD("wrong number of subroutine arguments", 1, PUSHTV(1),
	    CALL(DIF_SUBR_RAND, 1), RET(1));
	OK(CALL(DIF_SUBR_RAND, 1), RET(1));
	BAD("unknown subroutine", 1, PUSHTV(1), CALL(DIF_SUBR_MAX + 1, 1),
	    RET(1));
	BAD("unknown subroutine", 1, PUSHTV(1), CALL(0xffff, 1), RET(1));
	BAD("unknown subroutine", 1, PUSHTV(1), CALL(1, 1), RET(1));
	BAD("unknown subroutine", 1, PUSHTV(1), CALL(14, 1), RET(1));
	BAD("wrong number of subroutine arguments", 1, PUSHTV(1),
	    CALL(DIF_SUBR_SPECULATION, 1), RET(1));
	OK(CALL(DIF_SUBR_SPECULATION, 1), RET(1));
	BAD("wrong number of subroutine arguments", 0,
	    CALL(DIF_SUBR_STRLEN, 1), RET(1));
	BAD("wrong number of subroutine arguments", 2, PUSHTR(1), PUSHTR(1),
	    CALL(DIF_SUBR_STRLEN, 1), RET(1));
	BAD("wrong number of subroutine arguments", 1, PUSHTR(1),
	    CALL(DIF_SUBR_STRJOIN, 1), RET(1));
	BAD("wrong number of subroutine arguments", 4, PUSHTR(1), PUSHTV(1),
	    PUSHTV(1), PUSHTV(1), CALL(DIF_SUBR_SUBSTR, 1), RET(1));
	/* the stack is empty again after CALL and FLUSHTS */
	BAD("wrong number of subroutine arguments", 3, PUSHTR(1),
	    CALL(DIF_SUBR_STRLEN, 1), PUSHTR(1), CALL(DIF_SUBR_STRJOIN, 1),
	    RET(1));
	BAD("wrong number of subroutine arguments", 2, PUSHTR(1), FLUSHTS(),
	    CALL(DIF_SUBR_STRLEN, 1), RET(1));
	BAD("write to %r0", 1, PUSHTR(1), CALL(DIF_SUBR_STRLEN, 0), RET(1));
	BAD("tuple stack overflow", 8, PUSHTV(1), PUSHTV(1), PUSHTV(1),
	    PUSHTV(1), PUSHTV(1), PUSHTV(1), PUSHTV(1), PUSHTV(1), PUSHTV(1),
	    FLUSHTS(), RET(1));
	BAD("tuple stack underflow", 0, POPTS(), RET(1));
	BAD("register out of range", 0, PUSHTV(8), FLUSHTS(), RET(1));
	BAD("instruction inside an argument list", 1, PUSHTV(1),
	    F3(ADD, 1, 1, 1), CALL(DIF_SUBR_HTONS, 1), RET(1));
	BAD("instruction inside an argument list", 1, PUSHTV(1), BR(BA, 3),
	    CALL(DIF_SUBR_HTONS, 1), RET(1));
	/* a branch past the first push would reach CALL with one argument */
	BAD("branch into an argument list", 0, BR(BE, 3), PUSHTR(1),
	    PUSHTR(1), CALL(DIF_SUBR_STRJOIN, 1), RET(1));
	BAD("branch into an argument list", 0, BR(BE, 3), PUSHTV(1),
	    POPTS(), PUSHTV(1), CALL(DIF_SUBR_HTONS, 1), RET(1));

	CHECK(dif_subr_arity(DIF_SUBR_INDEX, &min, &max) == 0 && min == 2 &&
	      max == 3, "index arity");
	CHECK(dif_subr_arity(DIF_SUBR_LLTOSTR, &min, &max) == 0 && min == 1 &&
	      max == 2, "lltostr arity");
	CHECK(dif_subr_arity(DIF_SUBR_MAX + 1, &min, &max) == -1, "max + 1");
	CHECK(dif_subr_arity(~0u, &min, &max) == -1, "~0");
}

static const dt_u32 fz_subrs[] = {
	DIF_SUBR_STRLEN, DIF_SUBR_STRJOIN, DIF_SUBR_SUBSTR, DIF_SUBR_INDEX,
	DIF_SUBR_RINDEX, DIF_SUBR_STRCHR, DIF_SUBR_STRTOK, DIF_SUBR_LLTOSTR,
	DIF_SUBR_BASENAME, DIF_SUBR_TOUPPER, DIF_SUBR_HTONL, DIF_SUBR_STRSTR,
	DIF_SUBR_RAND, DIF_SUBR_COPYIN, DIF_SUBR_COPYINSTR, DIF_SUBR_ALLOCA,
	DIF_SUBR_BCOPY, DIF_SUBR_COPYINTO, DIF_SUBR_PROGENYOF,
	DIF_SUBR_INET_NTOP, DIF_SUBR_INET_NTOA, DIF_SUBR_INET_NTOA6,
};

/*
 * With a variable table (fz_vt set), variable ops name ids around the
 * table's (one of each scope and kind) and stay in the mix.
 */
static const struct dif_vartab *fz_vt;

static dt_u32 fz_insn(dt_u32 pc, dt_u32 n, dt_u32 nints, dt_u32 slen)
{
	dt_u32 op, id;

	if (rn(50) == 0)
		return (dt_u32)rnd();
	op = rn(12) ? 1 + rn(DIF_OP_MAX) : rn(256);
	/* the unsupported ones would rarely let a program through */
	if (op >= DIF_OP_LDTA && op != DIF_OP_SRA && op <= DIF_OP_MAX &&
	    (op < DIF_OP_CALL || op > DIF_OP_FLUSHTS) && rn(4) &&
	    (fz_vt == NULL || op == DIF_OP_LDTA))
		op = DIF_OP_ADD + rn(3);
	switch (op) {
	case DIF_OP_LDTS: case DIF_OP_STTS: case DIF_OP_LDLS:
	case DIF_OP_STLS: case DIF_OP_LDGAA: case DIF_OP_STGAA:
	case DIF_OP_LDTAA: case DIF_OP_STTAA:
		return DIF_INSTR_IDX(op, rn(16) ? DIF_VAR_OTHER_UBASE + rn(5) :
				     rn(0x10000), fz_reg());
	case DIF_OP_BA: case DIF_OP_BE: case DIF_OP_BNE: case DIF_OP_BG:
	case DIF_OP_BGU: case DIF_OP_BGE: case DIF_OP_BGEU: case DIF_OP_BL:
	case DIF_OP_BLU: case DIF_OP_BLE: case DIF_OP_BLEU:
		if (rn(15) == 0)
			return DIF_INSTR_BRANCH(op, rn(n + 2));
		return DIF_INSTR_BRANCH(op, pc + 1 + rn(n - pc));
	case DIF_OP_SETX:
		return DIF_INSTR_IDX(op, rn(nints + 1), fz_reg());
	case DIF_OP_SETS:
		return DIF_INSTR_IDX(op, rn(slen + 1), fz_reg());
	case DIF_OP_LDGS:
	case DIF_OP_STGS:
		switch (rn(4)) {
		case 0:
			id = DIF_VAR_OTHER_UBASE + rn(NGLOBALS + 2);
			break;
		case 1:
			id = rn(0x10000);
			break;
		default:
			id = DIF_VAR_CURTHREAD +
			     rn(DIF_VAR_BUILTIN_MAX - DIF_VAR_CURTHREAD + 2);
		}
		return DIF_INSTR_IDX(op, id, fz_reg());
	case DIF_OP_LDGA:
		return DIF_INSTR_FMT(op, rn(8) ? DIF_VAR_ARGS : rn(4),
				     fz_reg(), fz_reg());
	case DIF_OP_CALL:
		return DIF_INSTR_IDX(op, rn(4) ? fz_subrs[rn(N(fz_subrs))] :
				     rn(0x10000), fz_reg());
	}
	return DIF_INSTR_FMT(op, fz_reg(), fz_reg(), fz_reg());
}

/* The fuzz's variables: per scope int, string, int array, string array. */
static const struct dtrace_vardesc fz_vdesc[] = {
	{ DIF_VAR_OTHER_UBASE + 0, 0, 0, DIF_TYPE_INT, 8 },
	{ DIF_VAR_OTHER_UBASE + 1, 0, 0, DIF_TYPE_STRING, 16 },
	{ DIF_VAR_OTHER_UBASE + 2, 0, 1, DIF_TYPE_INT, 8 },
	{ DIF_VAR_OTHER_UBASE + 3, 0, 1, DIF_TYPE_STRING, 16 },
	{ DIF_VAR_OTHER_UBASE + 0, 1, 0, DIF_TYPE_INT, 8 },
	{ DIF_VAR_OTHER_UBASE + 1, 1, 0, DIF_TYPE_STRING, 16 },
	{ DIF_VAR_OTHER_UBASE + 2, 1, 1, DIF_TYPE_INT, 8 },
	{ DIF_VAR_OTHER_UBASE + 3, 1, 1, DIF_TYPE_STRING, 16 },
	{ DIF_VAR_OTHER_UBASE + 0, 2, 0, DIF_TYPE_INT, 8 },
	{ DIF_VAR_OTHER_UBASE + 1, 2, 0, DIF_TYPE_STRING, 16 },
};

static void test_fuzz(unsigned long iters, int with_vars)
{
	static struct dif_var fvars[3][4];
	static struct dif_vartab fvt;
	static char fgvars[64], flvars[64], fscratch[1024];
	static dt_u64 fdyn[1024];
	struct dif_dynvars *dyn = NULL;
	static const dt_u64 seeds[] = {
		0, 1, 2, 3, 7, 8, 63, 64, ~0ULL, 0x8000000000000000ULL,
		0x7fffffffffffffffULL, 4096, 100,
	};
	static const char strs[] = "abc\0abd\0\0ab\0zz";
	unsigned long accepted = 0, ran_ok = 0, faulted = 0, i;
	unsigned long by_fault[DIF_FAULT_BADSTACK + 1] = { 0 };
	dt_u64 globals[NGLOBALS];
	struct dif_ctx ctx;
	struct difo d;
	char line[128];
	dt_u32 j;

	for (j = 0; j < sizeof(fuzzmem); j++)
		fuzzmem[j] = (unsigned char)(j % 5 == 4 ? 0 : 'a' + j % 7);
	fz_vt = NULL;
	if (with_vars) {
		dt_u32 nids[3];
		const char *w;

		CHECK(dif_vartab_check(fz_vdesc, N(fz_vdesc), 16, nids, &w) ==
		      0, "fuzz vartab");
		for (j = 0; j < 3; j++)
			fvt.vars[j] = fvars[j];
		dif_vartab_fill(&fvt, fz_vdesc, N(fz_vdesc), 16, nids);
		dyn = dif_dyn_init(fdyn, sizeof(fdyn), 1);
		CHECK(dyn != NULL, "fuzz store");
		fz_vt = &fvt;
		fz_extra[0] = fgvars;
		fz_extra_len[0] = sizeof(fgvars);
		fz_extra[1] = flvars;
		fz_extra_len[1] = sizeof(flvars);
		fz_extra[2] = fscratch;
		fz_extra_len[2] = sizeof(fscratch);
		fz_extra[3] = fdyn;
		fz_extra_len[3] = sizeof(fdyn);
	}

	for (i = 0; i < iters; i++) {
		dt_u32 n = 1 + rn(rn(4) ? 12 : 40);
		dt_u32 nints = rn(5);
		dt_u32 slen = rn(sizeof(strs) + 1);
		dt_u32 *insns = malloc(n * sizeof(*insns));
		dt_u64 *ints = malloc((nints ? nints : 1) * sizeof(*ints));
		char *str = malloc(slen ? slen : 1);
		const char *why = NULL;
		dt_u32 pc = 0;
		dt_u64 res;
		int rc, vrc;

		if (insns == NULL || ints == NULL || str == NULL)
			abort();
		for (j = 0; j < nints; j++) {
			switch (rn(3)) {
			case 0:
				ints[j] = seeds[rn(N(seeds))];
				break;
			case 1:
				ints[j] = (dt_u64)(uintptr_t)fuzzmem +
					  rn(sizeof(fuzzmem) + 4);
				break;
			default:
				ints[j] = rnd();
			}
		}
		memcpy(str, strs, slen);
		if (slen && rn(10))
			str[slen - 1] = '\0';
		for (j = 0; j < n; j++)
			insns[j] = fz_insn(j, n, nints, slen);
		if (rn(10))
			insns[n - 1] = DIF_INSTR_FMT(DIF_OP_RET, 0, 0,
						     rn(10) ? rn(DIF_NREGS) :
						     fz_reg());

		memset(&d, 0, sizeof(d));
		d.insns = insns;
		d.ninsns = n;
		d.inttab = nints || rn(2) ? ints : NULL;
		d.nints = nints;
		d.strtab = slen || rn(2) ? str : NULL;
		d.strtab_len = slen;
		d.rtype = rn(20) ? rn(2) : rn(4);
		d.rsize = 8;
		fz_strtab = (const unsigned char *)str;
		fz_strlen = slen;

		if (with_vars)
			vrc = dif_verify_vt(&d, &fvt, &why, &pc);
		else
			vrc = dif_verify(&d, NGLOBALS, &why, &pc);
		if (vrc != 0 && (why == NULL || pc >= (n ? n : 1)))
			CHECK(0, "iteration %lu: bad why/pc", i);

		memset(&ctx, 0, sizeof(ctx));
		ctx.ops = &fz_ops;
		ctx.strsize = rn(40);
		ctx.globals = globals;
		ctx.nglobals = NGLOBALS;
		memset(globals, 0, sizeof(globals));
		if (with_vars) {
			/* strsize as the table says, and room for keys */
			ctx.strsize = 16;
			ctx.vt = &fvt;
			ctx.gvars = fgvars;
			ctx.lvars = flvars;
			ctx.dyn = dyn;
			ctx.scratch = fscratch;
			ctx.scratch_size = sizeof(fscratch);
		}
		/* Rejected programs run too: the VM must survive them. */
		rc = dif_emulate(&d, &ctx, &res);
		if (rc < 0 || rc > DIF_FAULT_BADSTACK ||
		    (dt_u32)rc != ctx.fault || (rc && ctx.fault_pc >= n)) {
			CHECK(0, "iteration %lu: rc %d fault %u pc %u", i, rc,
			      ctx.fault, ctx.fault_pc);
			rc = DIF_FAULT_UNKNOWN;
		}
		if (vrc == 0) {
			accepted++;
			by_fault[rc]++;
			if (rc == 0)
				ran_ok++;
			else
				faulted++;
			/*
			 * Data faults only: the fuzz has no scratch space,
			 * and lltostr() rejects a bad base at run time.
			 */
			if (rc != 0 && rc != DIF_FAULT_BADADDR &&
			    rc != DIF_FAULT_DIVZERO &&
			    !(rc == DIF_FAULT_NOSCRATCH &&
			      DIF_INSTR_OP(insns[ctx.fault_pc]) ==
			      DIF_OP_CALL) &&
			    /* copyin() and friends without a user space */
			    !(rc == DIF_FAULT_UPRIV &&
			      DIF_INSTR_OP(insns[ctx.fault_pc]) ==
			      DIF_OP_CALL) &&
			    /* inet_ntop() of an unknown family */
			    !(rc == DIF_FAULT_ILLOP &&
			      insns[ctx.fault_pc] == DIF_INSTR_IDX(DIF_OP_CALL,
				DIF_SUBR_INET_NTOP, DIF_INSTR_RD(
				insns[ctx.fault_pc]))) &&
			    !(rc == DIF_FAULT_ILLOP &&
			      insns[ctx.fault_pc] == DIF_INSTR_IDX(DIF_OP_CALL,
				DIF_SUBR_LLTOSTR, DIF_INSTR_RD(
				insns[ctx.fault_pc])))) {
				CHECK(0, "iteration %lu: accepted program "
				      "faulted %d at %u", i, rc, ctx.fault_pc);
				for (j = 0; j < n; j++) {
					dt_dis_insn(&d, j, line, sizeof(line));
					fprintf(stderr, "  %02u: %08x %s\n", j,
						insns[j], line);
				}
			}
		}
		for (j = 0; j < n && i % 16 == 0; j++)
			dt_dis_insn(&d, j, line, sizeof(line));
		free(insns);
		free(ints);
		free(str);
	}
	printf("fuzz%s: %lu programs, %lu accepted: %lu ran to RET, "
	       "%lu badaddr, %lu divzero\n", with_vars ? " (variables)" : "",
	       iters, accepted, ran_ok,
	       by_fault[DIF_FAULT_BADADDR], by_fault[DIF_FAULT_DIVZERO]);
	/* The fuzz must exercise both sides, or it proves nothing. */
	CHECK(accepted >= iters / 20, "only %lu accepted", accepted);
	CHECK(accepted <= iters - iters / 5, "%lu accepted", accepted);
	CHECK(ran_ok >= accepted / 4, "%lu ran to RET", ran_ok);
	CHECK(faulted > 0, "no accepted program faulted");
}

int main(int argc, char **argv)
{
	unsigned long iters = 200000;

	if (argc > 1)
		iters = strtoul(argv[1], NULL, 0);
	test_good();
	test_bad_header();
	test_bad_insns();
	test_subr_verify();
	test_fuzz(iters, 0);
	test_fuzz(iters, 1);
	return th_done("test_dif_verify");
}
