// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the DIF interpreter (src/common/dif_vm.c) and the
 * disassembler (src/libdtrace/dt_dis.c), on hand-assembled DIFOs.
 *
 * The test environment reads memory only inside registered regions
 * (test strings, a data buffer, the DIFO's string table); anything else,
 * in particular every address below 4096, is a failed load.  Every test
 * program is also passed through dif_verify() first, so the hand-written
 * programs double as "accepted" cases for the verifier.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dif_vm.h"
#include "dt_dis.h"
#include "test_harness.h"

#define F3(op, a, b, d)	DIF_INSTR_FMT(DIF_OP_##op, a, b, d)
#define BR(op, l)	DIF_INSTR_BRANCH(DIF_OP_##op, l)
#define IX(op, i, d)	DIF_INSTR_IDX(DIF_OP_##op, i, d)
#define RET(r)		F3(RET, 0, 0, r)
#define N(a)		(sizeof(a) / sizeof((a)[0]))

/* ---- test environment ---- */

struct region {
	const void *p;
	size_t len;
};

static struct region regions[32];
static unsigned int nregions;
static unsigned long nloads;		/* ops->load calls */
static int getvar_fault;		/* returned by getvar if non-zero */
static dt_u32 last_argidx;

static void add_region(const void *p, size_t len)
{
	if (nregions == N(regions))
		abort();
	regions[nregions].p = p;
	regions[nregions].len = len;
	nregions++;
}

static int t_load(void *env, void *dst, dt_u64 addr, dt_u32 size)
{
	unsigned int i;

	(void)env;
	nloads++;
	if (addr < 4096)
		return -1;
	for (i = 0; i < nregions; i++) {
		uintptr_t lo = (uintptr_t)regions[i].p;

		if (addr >= lo && addr - lo <= regions[i].len &&
		    size <= regions[i].len - (addr - lo)) {
			memcpy(dst, (const void *)(uintptr_t)addr, size);
			return 0;
		}
	}
	return -1;
}

static const char execname[] = "ksh";

static int t_getvar(void *env, dt_u32 var, dt_u64 *val)
{
	(void)env;
	if (getvar_fault)
		return getvar_fault;
	switch (var) {
	case DIF_VAR_PID:
		*val = 4242;
		return 0;
	case DIF_VAR_TIMESTAMP:
		*val = 0x123456789abcdefULL;
		return 0;
	case DIF_VAR_EXECNAME:
		*val = (dt_u64)(uintptr_t)execname;
		return 0;
	case DIF_VAR_ARG0 + 3:
		*val = 33;
		return 0;
	}
	*val = 0;
	return 0;
}

static int t_getarg(void *env, dt_u32 idx, dt_u64 *val)
{
	(void)env;
	last_argidx = idx;
	if (idx >= 10)
		return DIF_FAULT_ILLOP;
	*val = 1000 + idx;
	return 0;
}

static const struct dif_env_ops t_ops = {
	.getvar = t_getvar,
	.getarg = t_getarg,
	.load = t_load,
};

static dt_u64 globals[4];

static void ctx_init(struct dif_ctx *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->ops = &t_ops;
	ctx->strsize = 256;
	ctx->globals = globals;
	ctx->nglobals = N(globals);
	ctx->fault = 0xdead;	/* must be reset by dif_emulate */
}

static void mkdifo(struct difo *dp, const dt_u32 *insns, dt_u32 n,
		   const dt_u64 *ints, dt_u32 nints, const char *str,
		   dt_u32 slen)
{
	memset(dp, 0, sizeof(*dp));
	dp->insns = insns;
	dp->ninsns = n;
	dp->inttab = ints;
	dp->nints = nints;
	dp->strtab = str;
	dp->strtab_len = slen;
	dp->rtype = DIF_TYPE_INT;
	dp->rsize = 8;
}

/*
 * Verify (expecting acceptance unless @unverified) and run.  Returns the
 * dif_emulate() result; *@ctx holds the fault details.
 */
static int run_ctx(const struct difo *dp, struct dif_ctx *ctx, dt_u64 *res,
		   int unverified, int line)
{
	const char *why = NULL;
	dt_u32 pc = 0;
	int rc;

	if (!unverified) {
		rc = dif_verify(dp, N(globals), &why, &pc);
		CHECK(rc == 0, "line %d: verifier rejected a test program: "
		      "%s at %u", line, why ? why : "?", pc);
	}
	*res = 0xbadbadbadULL;
	rc = dif_emulate(dp, ctx, res);
	CHECK_EQ(rc, ctx->fault, "line %d: return value is ctx->fault", line);
	return rc;
}

/* Run @insns with inttab @ints; returns the fault code. */
static int run_ints(const dt_u32 *insns, dt_u32 n, const dt_u64 *ints,
		    dt_u32 nints, dt_u64 *res, struct dif_ctx *ctx, int line)
{
	struct difo d;

	mkdifo(&d, insns, n, ints, nints, NULL, 0);
	return run_ctx(&d, ctx, res, 0, line);
}

/* ---- arithmetic ---- */

#define MIN64	0x8000000000000000ULL
#define MAX64	0x7fffffffffffffffULL
#define NEG(x)	((dt_u64)-(int64_t)(x))

struct alu_case {
	dt_u32 op;
	dt_u64 a, b, want;
	int fault;
};

static const struct alu_case alu_cases[] = {
	{ DIF_OP_OR, 0xf0f0, 0x0ff0, 0xfff0, 0 },
	{ DIF_OP_XOR, 0xf0f0, 0x0ff0, 0xff00, 0 },
	{ DIF_OP_AND, 0xf0f0, 0x0ff0, 0x00f0, 0 },
	{ DIF_OP_SLL, 1, 63, MIN64, 0 },
	{ DIF_OP_SLL, 1, 64, 1, 0 },		/* count masked with 63 */
	{ DIF_OP_SLL, 3, 65, 6, 0 },
	{ DIF_OP_SLL, 1, ~0ULL, MIN64, 0 },
	{ DIF_OP_SRL, MIN64, 63, 1, 0 },
	{ DIF_OP_SRL, ~0ULL, 65, MAX64, 0 },
	{ DIF_OP_SRL, ~0ULL, 0, ~0ULL, 0 },
	{ DIF_OP_SRA, NEG(8), 1, NEG(4), 0 },
	{ DIF_OP_SRA, MIN64, 63, ~0ULL, 0 },
	{ DIF_OP_SRA, MIN64, 64, MIN64, 0 },
	{ DIF_OP_SRA, MAX64, 62, 1, 0 },
	{ DIF_OP_SRA, NEG(1), 200, NEG(1), 0 },
	{ DIF_OP_SUB, 5, 7, NEG(2), 0 },
	{ DIF_OP_SUB, MIN64, 1, MAX64, 0 },
	{ DIF_OP_ADD, MAX64, 1, MIN64, 0 },
	{ DIF_OP_ADD, ~0ULL, 2, 1, 0 },
	{ DIF_OP_MUL, 0x100000001ULL, 0x100000001ULL, 0x200000001ULL, 0 },
	{ DIF_OP_MUL, NEG(3), 7, NEG(21), 0 },
	{ DIF_OP_SDIV, NEG(7), 2, NEG(3), 0 },
	{ DIF_OP_SDIV, 7, NEG(2), NEG(3), 0 },
	{ DIF_OP_SDIV, NEG(7), NEG(2), 3, 0 },
	{ DIF_OP_SDIV, MIN64, NEG(1), MIN64, 0 },	/* defined, no trap */
	{ DIF_OP_SDIV, MIN64, 1, MIN64, 0 },
	{ DIF_OP_SDIV, 5, 0, 0, DIF_FAULT_DIVZERO },
	{ DIF_OP_UDIV, NEG(7), 2, 0x7ffffffffffffffcULL, 0 },
	{ DIF_OP_UDIV, 100, 7, 14, 0 },
	{ DIF_OP_UDIV, MIN64, NEG(1), 0, 0 },
	{ DIF_OP_UDIV, 0, 0, 0, DIF_FAULT_DIVZERO },
	{ DIF_OP_SREM, NEG(7), 2, NEG(1), 0 },
	{ DIF_OP_SREM, 7, NEG(2), 1, 0 },
	{ DIF_OP_SREM, MIN64, NEG(1), 0, 0 },
	{ DIF_OP_SREM, 1, 0, 0, DIF_FAULT_DIVZERO },
	{ DIF_OP_UREM, NEG(7), 2, 1, 0 },
	{ DIF_OP_UREM, 100, 7, 2, 0 },
	{ DIF_OP_UREM, ~0ULL, 0, 0, DIF_FAULT_DIVZERO },
};

static void test_alu(void)
{
	struct dif_ctx ctx;
	dt_u64 ints[2], res;
	unsigned int i;
	int rc;

	for (i = 0; i < N(alu_cases); i++) {
		const struct alu_case *c = &alu_cases[i];
		dt_u32 prog[] = {
			IX(SETX, 0, 1), IX(SETX, 1, 2),
			DIF_INSTR_FMT(c->op, 1, 2, 3), RET(3),
		};

		ints[0] = c->a;
		ints[1] = c->b;
		ctx_init(&ctx);
		rc = run_ints(prog, N(prog), ints, 2, &res, &ctx, __LINE__);
		CHECK_EQ(rc, c->fault, "alu case %u (%s)", i,
			 dt_dis_opname(c->op));
		if (c->fault == 0) {
			CHECK_EQ(res, c->want, "alu case %u (%s 0x%llx 0x%llx)",
				 i, dt_dis_opname(c->op),
				 (unsigned long long)c->a,
				 (unsigned long long)c->b);
		} else {
			CHECK_EQ(ctx.fault_pc, 2, "alu case %u fault pc", i);
		}
	}
}

static void test_unary_and_r0(void)
{
	/* not, mov, r0 reads as 0, RET of %r0, NOP */
	dt_u32 prog[] = {
		IX(SETX, 0, 1), F3(NOT, 1, 0, 2), F3(MOV, 2, 0, 3),
		F3(NOP, 0, 0, 0), F3(ADD, 3, 0, 4), F3(OR, 0, 0, 5),
		F3(XOR, 4, 5, 6), RET(6),
	};
	dt_u32 ret0[] = { IX(SETX, 0, 1), RET(0) };
	dt_u64 ints[] = { 0x00ff00ff00ff00ffULL };
	struct dif_ctx ctx;
	dt_u64 res;

	ctx_init(&ctx);
	CHECK_EQ(run_ints(prog, N(prog), ints, 1, &res, &ctx, __LINE__), 0,
		 "unary");
	CHECK_EQ(res, 0xff00ff00ff00ff00ULL, "not/mov/add r0");
	CHECK_EQ(ctx.fault, 0, "fault reset on success");
	ctx_init(&ctx);
	CHECK_EQ(run_ints(ret0, N(ret0), ints, 1, &res, &ctx, __LINE__), 0,
		 "ret r0");
	CHECK_EQ(res, 0, "ret %%r0 returns 0");
}

/* ---- branches ---- */

static const dt_u64 bvals[] = {
	0, 1, 2, ~0ULL, NEG(2), MIN64, MIN64 + 1, MAX64, MAX64 - 1,
	0x80000000ULL, 0xffffffffULL,
};

static int oracle(dt_u32 op, dt_u64 a, dt_u64 b)
{
	int64_t sa = (int64_t)a, sb = (int64_t)b;

	switch (op) {
	case DIF_OP_BA: return 1;
	case DIF_OP_BE: return a == b;
	case DIF_OP_BNE: return a != b;
	case DIF_OP_BG: return sa > sb;
	case DIF_OP_BGU: return a > b;
	case DIF_OP_BGE: return sa >= sb;
	case DIF_OP_BGEU: return a >= b;
	case DIF_OP_BL: return sa < sb;
	case DIF_OP_BLU: return a < b;
	case DIF_OP_BLE: return sa <= sb;
	case DIF_OP_BLEU: return a <= b;
	}
	abort();
}

static void test_branches(void)
{
	struct dif_ctx ctx;
	dt_u64 ints[3], res;
	unsigned int i, j;
	dt_u32 op;
	int tst;

	for (op = DIF_OP_BA; op <= DIF_OP_BLEU; op++)
		for (tst = 0; tst < 2; tst++)
			for (i = 0; i < N(bvals); i++)
				for (j = 0; j < N(bvals); j++) {
					dt_u64 b = tst ? 0 : bvals[j];
					dt_u32 prog[] = {
						IX(SETX, 0, 1), IX(SETX, 1, 2),
						tst ? F3(TST, 1, 0, 0) :
						      F3(CMP, 1, 2, 0),
						DIF_INSTR_BRANCH(op, 5),
						RET(0),
						IX(SETX, 2, 3), RET(3),
					};

					ints[0] = bvals[i];
					ints[1] = b;
					ints[2] = 1;
					ctx_init(&ctx);
					CHECK_EQ(run_ints(prog, N(prog), ints,
							  3, &res, &ctx,
							  __LINE__), 0, "br");
					CHECK_EQ(res, oracle(op, bvals[i], b),
						 "%s %s 0x%llx, 0x%llx",
						 tst ? "tst" : "cmp",
						 dt_dis_opname(op),
						 (unsigned long long)bvals[i],
						 (unsigned long long)b);
				}
}

/* Condition codes start clear; branches over skipped code work. */
static void test_branch_flow(void)
{
	/* r3 counts which of the blocks ran. */
	dt_u32 prog[] = {
		IX(SETX, 0, 1),		/* 0: r1 = 1 */
		BR(BE, 4),		/* 1: cc clear: not taken */
		F3(ADD, 3, 1, 3),	/* 2: r3 += 1 */
		BR(BA, 5),		/* 3: */
		F3(ADD, 3, 1, 3),	/* 4: skipped */
		F3(SLL, 1, 1, 1),	/* 5: r1 = 2 */
		F3(ADD, 3, 1, 3),	/* 6: r3 += 2 */
		RET(3),
	};
	dt_u64 ints[] = { 1 };
	struct dif_ctx ctx;
	dt_u64 res;

	ctx_init(&ctx);
	CHECK_EQ(run_ints(prog, N(prog), ints, 1, &res, &ctx, __LINE__), 0,
		 "flow");
	CHECK_EQ(res, 3, "branch flow");
}

/* ---- loads ---- */

static unsigned char data[64] __attribute__((aligned(8)));

static void test_loads(void)
{
	static const struct {
		dt_u32 op, size;
		int sign;
	} lds[] = {
		{ DIF_OP_LDSB, 1, 1 }, { DIF_OP_LDSH, 2, 1 },
		{ DIF_OP_LDSW, 4, 1 }, { DIF_OP_LDUB, 1, 0 },
		{ DIF_OP_LDUH, 2, 0 }, { DIF_OP_LDUW, 4, 0 },
		{ DIF_OP_LDX, 8, 0 },
	};
	struct dif_ctx ctx;
	dt_u64 ints[1], res, want;
	unsigned int i, off;

	for (i = 0; i < sizeof(data); i++)
		data[i] = (unsigned char)(0x70 + i * 7);
	for (i = 0; i < N(lds); i++) {
		/* Offset 1: unaligned loads are allowed. */
		for (off = 0; off < 4; off++) {
			dt_u32 prog[] = {
				IX(SETX, 0, 1),
				DIF_INSTR_FMT(lds[i].op, 1, 0, 2), RET(2),
			};
			uint8_t u8;
			uint16_t u16;
			uint32_t u32;
			uint64_t u64;

			memcpy(&u8, data + off, 1);
			memcpy(&u16, data + off, 2);
			memcpy(&u32, data + off, 4);
			memcpy(&u64, data + off, 8);
			switch (lds[i].size) {
			case 1:
				want = lds[i].sign ? (dt_u64)(int64_t)(int8_t)u8 : u8;
				break;
			case 2:
				want = lds[i].sign ? (dt_u64)(int64_t)(int16_t)u16 : u16;
				break;
			case 4:
				want = lds[i].sign ? (dt_u64)(int64_t)(int32_t)u32 : u32;
				break;
			default:
				want = u64;
			}
			ints[0] = (dt_u64)(uintptr_t)(data + off);
			ctx_init(&ctx);
			CHECK_EQ(run_ints(prog, N(prog), ints, 1, &res, &ctx,
					  __LINE__), 0, "load %s",
				 dt_dis_opname(lds[i].op));
			CHECK_EQ(res, want, "%s at +%u",
				 dt_dis_opname(lds[i].op), off);
		}
	}
	/* sign extension boundaries explicitly */
	data[0] = 0x80;
	data[1] = 0x7f;
	{
		dt_u32 prog[] = {
			IX(SETX, 0, 1), F3(LDSB, 1, 0, 2), IX(SETX, 1, 1),
			F3(LDSB, 1, 0, 3), F3(ADD, 2, 3, 4), RET(4),
		};
		dt_u64 ints2[] = { (dt_u64)(uintptr_t)data,
				   (dt_u64)(uintptr_t)(data + 1) };

		ctx_init(&ctx);
		CHECK_EQ(run_ints(prog, N(prog), ints2, 2, &res, &ctx,
				  __LINE__), 0, "ldsb");
		CHECK_EQ(res, NEG(1), "-128 + 127");
	}
}

static void test_load_faults(void)
{
	dt_u32 prog[] = {
		IX(SETX, 0, 1), F3(NOP, 0, 0, 0), F3(LDUW, 1, 0, 2), RET(2),
	};
	dt_u32 progx[] = { IX(SETX, 0, 1), F3(LDX, 1, 0, 2), RET(2) };
	struct dif_ctx ctx;
	dt_u64 ints[1], res;

	ints[0] = 16;
	ctx_init(&ctx);
	CHECK_EQ(run_ints(prog, N(prog), ints, 1, &res, &ctx, __LINE__),
		 DIF_FAULT_BADADDR, "load below 4096");
	CHECK_EQ(ctx.fault, DIF_FAULT_BADADDR, "fault");
	CHECK_EQ(ctx.fault_addr, 16, "fault_addr");
	CHECK_EQ(ctx.fault_pc, 2, "fault_pc");
	CHECK_EQ(res, 0xbadbadbadULL, "result untouched on fault");

	ints[0] = 0;
	ctx_init(&ctx);
	CHECK_EQ(run_ints(prog, N(prog), ints, 1, &res, &ctx, __LINE__),
		 DIF_FAULT_BADADDR, "NULL load");
	CHECK_EQ(ctx.fault_addr, 0, "fault_addr NULL");

	/* 8 bytes straddling the end of the region */
	ints[0] = (dt_u64)(uintptr_t)(data + sizeof(data) - 4);
	ctx_init(&ctx);
	CHECK_EQ(run_ints(progx, N(progx), ints, 1, &res, &ctx, __LINE__),
		 DIF_FAULT_BADADDR, "straddling load");
	CHECK_EQ(ctx.fault_addr, ints[0], "straddle fault_addr");
	CHECK_EQ(ctx.fault_pc, 1, "straddle fault_pc");
}

/* ---- SETX / SETS / SCMP ---- */

static const char strtab[] = "hello\0world\0";

static void test_sets(void)
{
	dt_u32 prog[] = { IX(SETS, 6, 1), RET(1) };
	dt_u32 prog2[] = { IX(SETX, 2, 7), RET(7) };
	dt_u64 ints[] = { 1, 2, 0xfeedfacecafebeefULL };
	struct dif_ctx ctx;
	struct difo d;
	dt_u64 res;
	char buf[16];

	mkdifo(&d, prog, N(prog), NULL, 0, strtab, sizeof(strtab));
	d.rtype = DIF_TYPE_STRING;
	ctx_init(&ctx);
	CHECK_EQ(run_ctx(&d, &ctx, &res, 0, __LINE__), 0, "sets");
	CHECK_EQ(res, (dt_u64)(uintptr_t)(strtab + 6), "sets address");
	add_region(strtab, sizeof(strtab));
	CHECK_EQ(dif_copy_string(&ctx, buf, res, sizeof(buf)), 0, "copy");
	CHECK(strcmp(buf, "world") == 0, "got \"%s\"", buf);

	ctx_init(&ctx);
	CHECK_EQ(run_ints(prog2, N(prog2), ints, 3, &res, &ctx, __LINE__),
		 0, "setx");
	CHECK_EQ(res, 0xfeedfacecafebeefULL, "setx value");
}

static const char s_abc[] = "abc";
static const char s_abd[] = "abd";
static const char s_abc2[] = "abc";
static const char s_ab[] = "ab";
static const char s_abcdef[] = "abcdef";
static const char s_abcxyz[] = "abcxyz";
static const char s_hi[] = "ab\xe9";	/* high byte compares unsigned */

/*
 * SCMP @a, @b and decode the condition codes with every branch kind:
 * returns -1, 0 or 1, or 99 on a fault.  The program returns 0 if the
 * signed and unsigned branches disagree or the outcomes are not
 * exclusive, else 2 + the comparison.
 */
static int scmp(const char *a, const char *b, dt_u32 strsize,
		struct dif_ctx *ctx, int line)
{
	dt_u32 prog[] = {
		IX(SETX, 0, 1), IX(SETX, 1, 2), IX(SETX, 2, 6),	/* r6 = 1 */
		F3(SCMP, 1, 2, 0),			/* 3 */
		BR(BLE, 6), F3(MOV, 6, 0, 3),		/* 4, 5: r3 = gt */
		BR(BGE, 8), F3(MOV, 6, 0, 4),		/* 6, 7: r4 = lt */
		BR(BNE, 10), F3(MOV, 6, 0, 5),		/* 8, 9: r5 = eq */
		BR(BLEU, 12), F3(ADD, 7, 6, 7),		/* 10, 11: r7++ */
		BR(BGEU, 14), F3(SUB, 7, 6, 7),		/* 12, 13: r7-- */
		F3(SUB, 3, 4, 1),			/* 14: r1 = gt - lt */
		F3(CMP, 1, 7, 0), BR(BE, 18),		/* 15, 16 */
		RET(0),					/* 17: disagree */
		F3(OR, 3, 4, 2), F3(XOR, 2, 5, 2),	/* 18, 19 */
		F3(CMP, 2, 6, 0), BR(BE, 23),		/* 20, 21 */
		RET(0),					/* 22: not exclusive */
		F3(ADD, 1, 6, 1), F3(ADD, 1, 6, 1),	/* 23, 24 */
		RET(1),
	};
	dt_u64 ints[3], res;
	int rc;

	ints[0] = (dt_u64)(uintptr_t)a;
	ints[1] = (dt_u64)(uintptr_t)b;
	ints[2] = 1;
	ctx_init(ctx);
	ctx->strsize = strsize;
	rc = run_ints(prog, N(prog), ints, 3, &res, ctx, line);
	if (rc != 0)
		return 99;
	CHECK(res != 0, "line %d: branches after scmp disagree", line);
	return (int)res - 2;
}

static void test_scmp(void)
{
	struct dif_ctx ctx;

	add_region(s_abc, sizeof(s_abc));
	add_region(s_abd, sizeof(s_abd));
	add_region(s_abc2, sizeof(s_abc2));
	add_region(s_ab, sizeof(s_ab));
	add_region(s_abcdef, sizeof(s_abcdef));
	add_region(s_abcxyz, sizeof(s_abcxyz));
	add_region(s_hi, sizeof(s_hi));

	CHECK_EQ(scmp(s_abc, s_abc2, 256, &ctx, __LINE__), 0, "equal");
	CHECK_EQ(scmp(s_abc, s_abc, 256, &ctx, __LINE__), 0, "same");
	CHECK_EQ(scmp(s_abc, s_abd, 256, &ctx, __LINE__), -1, "less");
	CHECK_EQ(scmp(s_abd, s_abc, 256, &ctx, __LINE__), 1, "greater");
	CHECK_EQ(scmp(s_ab, s_abc, 256, &ctx, __LINE__), -1, "prefix less");
	CHECK_EQ(scmp(s_abc, s_ab, 256, &ctx, __LINE__), 1, "longer");
	CHECK_EQ(scmp(s_hi, s_abc, 256, &ctx, __LINE__), 1, "unsigned bytes");
	/* strsize 4: both are "abc" once truncated to 3 characters. */
	CHECK_EQ(scmp(s_abcdef, s_abcxyz, 4, &ctx, __LINE__), 0,
		 "truncated equal");
	CHECK_EQ(scmp(s_abcdef, s_abcxyz, 5, &ctx, __LINE__), -1,
		 "strsize 5 sees d < x");
	CHECK_EQ(scmp(s_abcxyz, s_abcdef, 7, &ctx, __LINE__), 1,
		 "strsize 7");
	CHECK_EQ(scmp(s_ab, s_abcdef, 3, &ctx, __LINE__), 0, "ab == ab|c");
	/* a bad pointer on either side faults */
	CHECK_EQ(scmp((const char *)24, s_abc, 256, &ctx, __LINE__), 99,
		 "bad left");
	CHECK_EQ(ctx.fault, DIF_FAULT_BADADDR, "scmp fault");
	CHECK_EQ(ctx.fault_addr, 24, "scmp fault addr");
	CHECK_EQ(ctx.fault_pc, 3, "scmp fault pc");
	CHECK_EQ(scmp(s_abc, (const char *)32, 256, &ctx, __LINE__), 99,
		 "bad right");
	CHECK_EQ(ctx.fault_addr, 32, "scmp fault addr right");
}

/* ---- dif_copy_string ---- */

/*
 * Only the first PAGE bytes are registered; the rest keeps other
 * registered objects from being adjacent to the readable part.
 */
#define PAGE	32
static char page[PAGE + 16] __attribute__((aligned(16)));

static void test_copy_string(void)
{
	struct dif_ctx ctx;
	char buf[64];
	dt_u64 base = (dt_u64)(uintptr_t)page;
	unsigned long before;

	ctx_init(&ctx);
	/*
	 * "xyz" at the very end of the region: its NUL is the last
	 * readable byte, as before an unmapped page.
	 */
	memset(page, 'q', PAGE);
	memcpy(page + PAGE - 4, "xyz", 4);
	memcpy(page, "0123456789abcdef", 17);
	add_region(page, PAGE);

	memset(buf, 'Z', sizeof(buf));
	CHECK_EQ(dif_copy_string(&ctx, buf, base + PAGE - 4, 64), 0,
		 "string ending at the region end");
	CHECK(strcmp(buf, "xyz") == 0, "got \"%s\"", buf);
	CHECK_EQ(dif_copy_string(&ctx, buf, base + PAGE - 3, 64), 0,
		 "unaligned string ending at the region end");
	CHECK(strcmp(buf, "yz") == 0, "got \"%s\"", buf);

	/* 16 aligned characters: read in 8-byte chunks, not bytewise */
	before = nloads;
	CHECK_EQ(dif_copy_string(&ctx, buf, base, 64), 0, "aligned copy");
	CHECK(strcmp(buf, "0123456789abcdef") == 0, "got \"%s\"", buf);
	CHECK(nloads - before <= 3, "%lu loads for 17 bytes",
	      nloads - before);

	/* truncation: always NUL-terminated within max */
	memset(buf, 'Z', sizeof(buf));
	CHECK_EQ(dif_copy_string(&ctx, buf, base, 5), 0, "truncate");
	CHECK(memcmp(buf, "0123\0ZZ", 7) == 0, "got \"%.7s\"", buf);
	memset(buf, 'Z', sizeof(buf));
	CHECK_EQ(dif_copy_string(&ctx, buf, base, 1), 0, "max 1");
	CHECK(buf[0] == '\0' && buf[1] == 'Z', "max 1 writes only the NUL");
	memset(buf, 'Z', sizeof(buf));
	CHECK_EQ(dif_copy_string(&ctx, buf, base, 0), 0, "max 0");
	CHECK(buf[0] == 'Z', "max 0 writes nothing");

	/* no NUL before unreadable memory: fault at the first bad byte */
	memset(page + 16, 'w', 16);
	memset(buf, 'Z', sizeof(buf));
	CHECK_EQ(dif_copy_string(&ctx, buf, base + 20, 64),
		 DIF_FAULT_BADADDR, "runs into unreadable memory");
	CHECK_EQ(ctx.fault_addr, base + PAGE, "first bad byte");
	CHECK(buf[12] == '\0', "NUL-terminated on fault too");

	CHECK_EQ(dif_copy_string(&ctx, buf, 100, 64), DIF_FAULT_BADADDR,
		 "bad address");
	CHECK_EQ(ctx.fault_addr, 100, "bad address fault_addr");
	CHECK(buf[0] == '\0', "empty on fault");
}

/* ---- variables ---- */

static void test_variables(void)
{
	dt_u32 glob[] = {
		IX(LDGS, DIF_VAR_OTHER_UBASE + 1, 1),
		IX(SETX, 0, 2), F3(ADD, 1, 2, 1),
		IX(STGS, DIF_VAR_OTHER_UBASE + 3, 1),
		IX(STGS, DIF_VAR_OTHER_UBASE + 0, 0),
		IX(LDGS, DIF_VAR_OTHER_UBASE + 3, 3), RET(3),
	};
	dt_u32 builtin[] = {
		IX(LDGS, DIF_VAR_PID, 1), IX(LDGS, DIF_VAR_ARG0 + 3, 2),
		F3(ADD, 1, 2, 3), RET(3),
	};
	dt_u32 strvar[] = {
		IX(LDGS, DIF_VAR_EXECNAME, 1), IX(SETS, 0, 2),
		F3(SCMP, 1, 2, 0), BR(BNE, 6),
		IX(LDGS, DIF_VAR_TIMESTAMP, 3), RET(3), RET(0),
	};
	dt_u32 args[] = {
		IX(SETX, 0, 1), DIF_INSTR_FMT(DIF_OP_LDGA, DIF_VAR_ARGS, 1, 2),
		RET(2),
	};
	dt_u32 bad_glob[] = { IX(LDGS, DIF_VAR_OTHER_UBASE + 9, 1), RET(1) };
	dt_u32 bad_stgs[] = { IX(STGS, DIF_VAR_PID, 1), RET(1) };
	dt_u64 ints[] = { 5 };
	static const char ksh[] = "ksh";
	struct dif_ctx ctx;
	struct difo d;
	dt_u64 res;

	globals[0] = 77;
	globals[1] = 1000;
	globals[3] = 0;
	ctx_init(&ctx);
	CHECK_EQ(run_ints(glob, N(glob), ints, 1, &res, &ctx, __LINE__), 0,
		 "globals");
	CHECK_EQ(res, 1005, "ldgs/stgs round trip");
	CHECK_EQ(globals[3], 1005, "stgs stored");
	CHECK_EQ(globals[0], 0, "stgs of %%r0 stores 0");

	ctx_init(&ctx);
	CHECK_EQ(run_ints(builtin, N(builtin), NULL, 0, &res, &ctx,
			  __LINE__), 0, "builtins");
	CHECK_EQ(res, 4242 + 33, "pid + arg3");

	add_region(execname, sizeof(execname));
	mkdifo(&d, strvar, N(strvar), NULL, 0, ksh, sizeof(ksh));
	add_region(ksh, sizeof(ksh));
	ctx_init(&ctx);
	CHECK_EQ(run_ctx(&d, &ctx, &res, 0, __LINE__), 0, "execname");
	CHECK_EQ(res, 0x123456789abcdefULL, "execname == \"ksh\"");

	getvar_fault = DIF_FAULT_KPRIV;
	ctx_init(&ctx);
	CHECK_EQ(run_ints(builtin, N(builtin), NULL, 0, &res, &ctx,
			  __LINE__), DIF_FAULT_KPRIV, "getvar fault passed on");
	CHECK_EQ(ctx.fault_pc, 0, "getvar fault pc");
	getvar_fault = 0;

	ctx_init(&ctx);
	CHECK_EQ(run_ints(args, N(args), ints, 1, &res, &ctx, __LINE__), 0,
		 "args[5]");
	CHECK_EQ(res, 1005, "args[5] value");
	CHECK_EQ(last_argidx, 5, "getarg index");

	ints[0] = 10;
	ctx_init(&ctx);
	CHECK_EQ(run_ints(args, N(args), ints, 1, &res, &ctx, __LINE__),
		 DIF_FAULT_ILLOP, "args[10] fault from getarg");
	CHECK_EQ(ctx.fault_pc, 1, "getarg fault pc");

	ints[0] = 0x100000001ULL;	/* must not wrap to args[1] */
	ctx_init(&ctx);
	CHECK_EQ(run_ints(args, N(args), ints, 1, &res, &ctx, __LINE__),
		 DIF_FAULT_ILLOP, "args[2^32 + 1]");
	CHECK_EQ(last_argidx, 0xffffffffu, "index saturates");

	/* The VM itself also refuses what the verifier would. */
	mkdifo(&d, bad_glob, N(bad_glob), NULL, 0, NULL, 0);
	ctx_init(&ctx);
	CHECK_EQ(run_ctx(&d, &ctx, &res, 1, __LINE__), DIF_FAULT_ILLOP,
		 "global beyond nglobals");
	ctx_init(&ctx);
	ctx.nglobals = 0;
	ctx.globals = NULL;
	mkdifo(&d, glob, N(glob), ints, 1, NULL, 0);
	CHECK_EQ(run_ctx(&d, &ctx, &res, 1, __LINE__), DIF_FAULT_ILLOP,
		 "no globals");
	mkdifo(&d, bad_stgs, N(bad_stgs), NULL, 0, NULL, 0);
	ctx_init(&ctx);
	CHECK_EQ(run_ctx(&d, &ctx, &res, 1, __LINE__), DIF_FAULT_ILLOP,
		 "stgs to builtin");
}

/* ---- what only an unverified program could do ---- */

static void test_illop(void)
{
	static const dt_u32 unsupported[] = {
		DIF_OP_LDTA, DIF_OP_LDTS, DIF_OP_STTS, DIF_OP_LDGAA, DIF_OP_LDTAA, DIF_OP_STGAA, DIF_OP_STTAA,
		DIF_OP_LDLS, DIF_OP_STLS, 0, 58, 59, 255,
	};
	dt_u32 back[] = { F3(NOP, 0, 0, 0), BR(BA, 0), RET(0) };
	dt_u32 self[] = { BR(BA, 0), RET(0) };
	dt_u32 noret[] = { F3(NOP, 0, 0, 0) };
	dt_u32 badreg[] = { F3(ADD, 1, 8, 2), RET(2) };
	dt_u32 wr0[] = { F3(MOV, 1, 0, 0), RET(0) };
	dt_u32 setx[] = { IX(SETX, 1, 1), RET(1) };
	dt_u32 far[] = { BR(BA, 5), RET(0) };
	struct dif_ctx ctx;
	struct difo d;
	dt_u64 res;
	unsigned int i;

	for (i = 0; i < N(unsupported); i++) {
		dt_u32 prog[] = {
			F3(NOP, 0, 0, 0), DIF_INSTR_FMT(unsupported[i], 1, 1, 1),
			RET(0),
		};

		mkdifo(&d, prog, N(prog), NULL, 0, NULL, 0);
		ctx_init(&ctx);
		CHECK_EQ(run_ctx(&d, &ctx, &res, 1, __LINE__),
			 DIF_FAULT_ILLOP, "op %u", unsupported[i]);
		CHECK_EQ(ctx.fault_pc, 1, "op %u pc", unsupported[i]);
	}
#define ILL(p, what)							\
	do {								\
		mkdifo(&d, p, N(p), (const dt_u64 *)globals, 1, NULL, 0); \
		ctx_init(&ctx);						\
		CHECK_EQ(run_ctx(&d, &ctx, &res, 1, __LINE__),		\
			 DIF_FAULT_ILLOP, what);			\
	} while (0)
	ILL(back, "backward branch");
	ILL(self, "branch to itself");
	ILL(noret, "no RET");
	ILL(badreg, "register 8");
	ILL(wr0, "write to r0");
	ILL(setx, "setx beyond inttab");
	ILL(far, "branch beyond end");
#undef ILL

	/*
	 * Instructions count against the firing's work: a firing whose
	 * earlier DIF (other enablings of the probe) used it up faults at
	 * once; the same program with the budget left runs.
	 */
	{
		dt_u32 nops[] = { F3(NOP, 0, 0, 0), F3(NOP, 0, 0, 0),
				  RET(0) };

		mkdifo(&d, nops, N(nops), NULL, 0, NULL, 0);
		ctx_init(&ctx);
		ctx.work = DIF_WORK_MAX - 3 * DIF_WORK_INSN;
		CHECK_EQ(run_ctx(&d, &ctx, &res, 0, __LINE__), 0,
			 "budget just enough");
		CHECK_EQ(ctx.work, DIF_WORK_MAX, "work charged per insn");
		ctx_init(&ctx);
		ctx.work = DIF_WORK_MAX - 2 * DIF_WORK_INSN;
		CHECK_EQ(run_ctx(&d, &ctx, &res, 0, __LINE__),
			 DIF_FAULT_ILLOP, "budget used up");
		CHECK_EQ(ctx.fault_pc, 2, "faults where it runs out");
	}
}

/* ---- disassembler ---- */

static void test_dis(void)
{
	dt_u32 prog[] = {
		IX(SETX, 0, 1), IX(SETS, 6, 2), F3(SCMP, 1, 2, 0),
		BR(BGEU, 5), IX(LDGS, DIF_VAR_EXECNAME, 3),
		DIF_INSTR_FMT(DIF_OP_LDGA, DIF_VAR_ARGS, 1, 4),
		F3(LDSW, 4, 0, 5), IX(STGS, DIF_VAR_OTHER_UBASE + 2, 5),
		F3(SUB, 1, 2, 3), RET(3),
	};
	static const char *const want[] = {
		"",
		"DIFO returns integer (size 8)",
		"OFF OPCODE      INSTRUCTION",
		"00: 25000001    setx DT_INTEGER[0], %r1         ! 0x3e8",
		"01: 26000602    sets DT_STRING[6], %r2          ! \"world\"",
		"02: 27010200    scmp %r1, %r2",
		"03: 17000005    bgeu 5",
		"04: 29011803    ldgs DT_VAR(280), %r3           ! DT_VAR(280) = \"execname\"",
		"05: 28000104    ldga DT_VAR(0), %r1, %r4        ! DT_VAR(0) = \"args\"",
		"06: 1e040005    ldsw [%r4], %r5",
		"07: 2a050205    stgs %r5, DT_VAR(1282)          ! DT_VAR(1282) = global #2",
		"08: 06010203    sub  %r1, %r2, %r3",
		"09: 23000003    ret  %r3",
	};
	dt_u64 ints[] = { 1000 };
	struct difo d;
	char *text = NULL, *line, *save = NULL;
	size_t len = 0;
	unsigned int i;
	FILE *f;
	char buf[8];

	mkdifo(&d, prog, N(prog), ints, 1, strtab, sizeof(strtab));
	f = open_memstream(&text, &len);
	if (f == NULL) {
		CHECK(0, "open_memstream");
		return;
	}
	dt_dis(&d, f);
	fclose(f);
	line = strtok_r(text, "\n", &save);
	for (i = 1; i < N(want); i++) {
		CHECK(line != NULL && strcmp(line, want[i]) == 0,
		      "line %u: got '%s' want '%s'", i, line ? line : "(none)",
		      want[i]);
		line = strtok_r(NULL, "\n", &save);
	}
	CHECK(line == NULL, "extra output '%s'", line ? line : "");
	free(text);

	CHECK(strcmp(dt_dis_opname(DIF_OP_SRA), "sra") == 0, "sra name");
	CHECK(strcmp(dt_dis_opname(DIF_OP_STLS), "stls") == 0, "stls name");
	CHECK(dt_dis_opname(0) == NULL && dt_dis_opname(58) == NULL,
	      "non-opcodes have no name");
	CHECK(strcmp(dt_dis_varname(DIF_VAR_CPU), "cpu") == 0, "cpu");
	CHECK(strcmp(dt_dis_varname(DIF_VAR_ARG9), "arg9") == 0, "arg9");
	CHECK(dt_dis_varname(DIF_VAR_BUILTIN_MAX + 1) == NULL, "no name");
	/* small buffer: truncated, still terminated */
	dt_dis_insn(&d, 0, buf, sizeof(buf));
	CHECK(strcmp(buf, "setx DT") == 0, "truncated '%s'", buf);
	/* unverified junk does not read outside the tables */
	prog[0] = IX(SETX, 7, 1);
	prog[1] = IX(SETS, 500, 2);
	dt_dis_insn(&d, 0, buf, sizeof(buf));
	dt_dis_insn(&d, 1, buf, sizeof(buf));
	dt_dis_insn(&d, 99, buf, sizeof(buf));
	CHECK(buf[0] == '\0', "pc beyond ninsns prints nothing");
}

/* ---- subroutines ---- */

static char pool[8192];			/* test strings, a load region */
static size_t pool_used;
static char scratch[16 * 256];		/* the firing's scratch space */

/* Address of a copy of @s in a readable region. */
static dt_u64 S(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p;

	if (pool_used + n > sizeof(pool))
		abort();
	p = pool + pool_used;
	memcpy(p, s, n);
	pool_used += n;
	return (dt_u64)(uintptr_t)p;
}

static void subr_ctx(struct dif_ctx *ctx, dt_u32 strsize)
{
	ctx_init(ctx);
	ctx->strsize = strsize;
	ctx->scratch = scratch;
	ctx->scratch_size = sizeof(scratch);
}

/*
 * Run "push every argument; call @id" and return the fault code; the
 * result is in *@res.  Arguments are loaded from the integer table.
 */
static int call_ctx(struct dif_ctx *ctx, dt_u32 id, const dt_u64 *args,
		    dt_u32 nargs, dt_u64 *res, int line)
{
	dt_u32 prog[2 * DIF_MAX_TUPLE + 2], n = 0, i;
	struct difo d;

	for (i = 0; i < nargs; i++)
		prog[n++] = IX(SETX, i, 1 + i % 6);
	for (i = 0; i < nargs; i++)
		prog[n++] = DIF_INSTR_FMT(DIF_OP_PUSHTV, 0, 1 + i % 6, 0);
	prog[n++] = IX(CALL, id, 7);
	prog[n++] = RET(7);
	mkdifo(&d, prog, n, args, nargs, NULL, 0);
	return run_ctx(&d, ctx, res, nargs > 6, line);
}

/* Integer result of subroutine @id on @args (256-byte strings). */
#define CALLI(id, want, ...)						\
	do {								\
		dt_u64 a_[] = { __VA_ARGS__ }, r_;			\
		struct dif_ctx c_;					\
		subr_ctx(&c_, 256);					\
		CHECK_EQ(call_ctx(&c_, id, a_, N(a_), &r_, __LINE__), 0, \
			 "line %d: fault", __LINE__);			\
		CHECK_EQ(r_, (dt_u64)(want), "line %d", __LINE__);	\
	} while (0)

/* String result of subroutine @id on @args, strsize @ss. */
#define CALLS_N(ss, id, want, ...)					\
	do {								\
		dt_u64 a_[] = { __VA_ARGS__ }, r_;			\
		struct dif_ctx c_;					\
		subr_ctx(&c_, ss);					\
		CHECK_EQ(call_ctx(&c_, id, a_, N(a_), &r_, __LINE__), 0, \
			 "line %d: fault", __LINE__);			\
		check_str(r_, want, __LINE__);				\
	} while (0)
#define CALLS(id, want, ...)	CALLS_N(256, id, want, __VA_ARGS__)

/* Fault of subroutine @id on @args, strsize @ss. */
#define CALLF(ss, id, fault, ...)					\
	do {								\
		dt_u64 a_[] = { __VA_ARGS__ }, r_;			\
		struct dif_ctx c_;					\
		subr_ctx(&c_, ss);					\
		CHECK_EQ(call_ctx(&c_, id, a_, N(a_), &r_, __LINE__),	\
			 fault, "line %d", __LINE__);			\
	} while (0)

static void check_str(dt_u64 addr, const char *want, int line)
{
	const char *got = (const char *)(uintptr_t)addr;

	if (want == NULL) {
		CHECK(addr == 0, "line %d: want NULL, got %#llx", line,
		      (unsigned long long)addr);
		return;
	}
	CHECK(addr != 0 && strcmp(got, want) == 0,
	      "line %d: got \"%s\", want \"%s\"", line, addr ? got : "(null)",
	      want);
}

static void test_subr_strlen_strjoin(void)
{
	struct dif_ctx ctx;
	dt_u64 a[2], r;

	CALLI(DIF_SUBR_STRLEN, 5, S("hello"));
	CALLI(DIF_SUBR_STRLEN, 0, S(""));
	/* as recorded: at most strsize - 1 characters */
	subr_ctx(&ctx, 4);
	a[0] = S("hello");
	CHECK_EQ(call_ctx(&ctx, DIF_SUBR_STRLEN, a, 1, &r, __LINE__), 0, "call");
	CHECK_EQ(r, 3, "strlen truncated at strsize");

	CALLS(DIF_SUBR_STRJOIN, "ab", S("a"), S("b"));
	CALLS(DIF_SUBR_STRJOIN, "hello", S(""), S("hello"));
	CALLS(DIF_SUBR_STRJOIN, "", S(""), S(""));
	CALLS_N(4, DIF_SUBR_STRJOIN, "abc", S("ab"), S("c"));
	/* does not fit: a fault, not a truncated string */
	CALLF(4, DIF_SUBR_STRJOIN, DIF_FAULT_NOSCRATCH, S("ab"), S("cd"));
	CALLF(4, DIF_SUBR_STRJOIN, DIF_FAULT_NOSCRATCH, S("abcd"), S(""));

	/* no scratch space at all */
	subr_ctx(&ctx, 256);
	ctx.scratch = NULL;
	a[0] = S("a");
	a[1] = S("b");
	CHECK_EQ(call_ctx(&ctx, DIF_SUBR_STRJOIN, a, 2, &r, __LINE__),
		 DIF_FAULT_NOSCRATCH, "no scratch");
	CHECK_EQ(ctx.fault_pc, 4, "fault pc is the CALL");

	/* scratch for two strings: the third result faults */
	subr_ctx(&ctx, 256);
	ctx.scratch_size = 2 * 256;
	CHECK_EQ(call_ctx(&ctx, DIF_SUBR_STRJOIN, a, 2, &r, __LINE__), 0, "call");
	check_str(r, "ab", __LINE__);
	CHECK_EQ(call_ctx(&ctx, DIF_SUBR_TOUPPER, a, 1, &r, __LINE__), 0, "call");
	check_str(r, "A", __LINE__);
	CHECK_EQ(ctx.scratch_used, 512, "scratch used");
	CHECK_EQ(call_ctx(&ctx, DIF_SUBR_STRJOIN, a, 2, &r, __LINE__),
		 DIF_FAULT_NOSCRATCH, "scratch exhausted");
	/* integer subroutines need none */
	CHECK_EQ(call_ctx(&ctx, DIF_SUBR_STRLEN, a, 1, &r, __LINE__), 0, "call");
	ctx.scratch_used = 0;
	CHECK_EQ(call_ctx(&ctx, DIF_SUBR_STRJOIN, a, 2, &r, __LINE__), 0,
		 "reset by the owner for the next firing");
}

static void test_subr_substr(void)
{
	CALLS(DIF_SUBR_SUBSTR, "ell", S("hello"), 1, 3);
	CALLS(DIF_SUBR_SUBSTR, "llo", S("hello"), 2);
	CALLS(DIF_SUBR_SUBSTR, "hello", S("hello"), 0);
	CALLS(DIF_SUBR_SUBSTR, "lo", S("hello"), NEG(2));
	CALLS(DIF_SUBR_SUBSTR, "l", S("hello"), NEG(2), 1);
	CALLS(DIF_SUBR_SUBSTR, "h", S("hello"), NEG(7), 3);
	CALLS(DIF_SUBR_SUBSTR, "", S("hello"), NEG(7), 2);
	CALLS(DIF_SUBR_SUBSTR, "hello", S("hello"), NEG(10));
	CALLS(DIF_SUBR_SUBSTR, "ell", S("hello"), 1, NEG(1));
	CALLS(DIF_SUBR_SUBSTR, "", S("hello"), 1, NEG(4));
	CALLS(DIF_SUBR_SUBSTR, "", S("hello"), 0, NEG(10));
	CALLS(DIF_SUBR_SUBSTR, "", S("hello"), 5);
	CALLS(DIF_SUBR_SUBSTR, "", S("hello"), 10, 2);
	CALLS(DIF_SUBR_SUBSTR, "", S("hello"), MAX64);
	CALLS(DIF_SUBR_SUBSTR, "hell", S("hello"), MIN64, MAX64);
	CALLS(DIF_SUBR_SUBSTR, "hello", S("hello"), 0, MAX64);
	CALLS(DIF_SUBR_SUBSTR, "", S("hello"), 2, 0);
	CALLS(DIF_SUBR_SUBSTR, "", S(""), 0, 3);
	/* never more than strsize - 1 characters */
	CALLS_N(4, DIF_SUBR_SUBSTR, "ell", S("hello"), 1);
	CALLS_N(4, DIF_SUBR_SUBSTR, "lo", S("hello"), 3);
}

static void test_subr_search(void)
{
	dt_u64 h = S("hello"), e = S("");

	CALLI(DIF_SUBR_INDEX, 2, S("hello"), S("l"));
	CALLI(DIF_SUBR_INDEX, 1, S("hello"), S("ell"));
	CALLI(DIF_SUBR_INDEX, NEG(1), S("hello"), S("x"));
	CALLI(DIF_SUBR_INDEX, NEG(1), S("hello"), S("hello!"));
	CALLI(DIF_SUBR_INDEX, 0, S("hello"), S(""));
	CALLI(DIF_SUBR_INDEX, 0, S(""), S(""));
	CALLI(DIF_SUBR_INDEX, NEG(1), S(""), S("a"));
	CALLI(DIF_SUBR_INDEX, 3, S("hello"), S("l"), 3);
	CALLI(DIF_SUBR_INDEX, NEG(1), S("hello"), S("l"), 4);
	CALLI(DIF_SUBR_INDEX, 2, S("hello"), S("l"), NEG(5));
	CALLI(DIF_SUBR_INDEX, NEG(1), S("hello"), S("l"), 5);
	CALLI(DIF_SUBR_INDEX, 5, S("hello"), S(""), 10);
	CALLI(DIF_SUBR_INDEX, 2, S("hello"), S(""), 2);
	CALLI(DIF_SUBR_INDEX, 0, S(""), S(""), 3);
	CALLI(DIF_SUBR_RINDEX, 3, S("hello"), S("l"));
	CALLI(DIF_SUBR_RINDEX, 5, S("hello"), S(""));
	CALLI(DIF_SUBR_RINDEX, 0, S("hello"), S("hel"));
	CALLI(DIF_SUBR_RINDEX, NEG(1), S("hello"), S("z"));
	CALLI(DIF_SUBR_RINDEX, 2, S("hello"), S("l"), 2);
	CALLI(DIF_SUBR_RINDEX, NEG(1), S("hello"), S("l"), 1);
	CALLI(DIF_SUBR_RINDEX, 3, S("hello"), S("l"), 100);
	CALLI(DIF_SUBR_RINDEX, NEG(1), S("hello"), S("l"), NEG(1));
	CALLI(DIF_SUBR_RINDEX, 0, S("hello"), S(""), NEG(1));
	CALLI(DIF_SUBR_RINDEX, 3, S("hello"), S(""), 3);

	CALLI(DIF_SUBR_STRSTR, h + 2, h, S("ll"));
	CALLI(DIF_SUBR_STRSTR, h, h, S(""));
	CALLI(DIF_SUBR_STRSTR, e, e, S(""));
	CALLI(DIF_SUBR_STRSTR, 0, h, S("lo!"));
	CALLI(DIF_SUBR_STRSTR, h + 3, h, S("lo"));
	CALLI(DIF_SUBR_STRCHR, h + 2, h, 'l');
	CALLI(DIF_SUBR_STRCHR, 0, h, 'z');
	CALLI(DIF_SUBR_STRCHR, h + 5, h, 0);
	CALLI(DIF_SUBR_STRCHR, h, h, 'h' + 0x100);	/* a char */
	CALLI(DIF_SUBR_STRRCHR, h + 3, h, 'l');
	CALLI(DIF_SUBR_STRRCHR, h + 4, h, 'o');
	CALLI(DIF_SUBR_STRRCHR, 0, h, 'z');
	CALLI(DIF_SUBR_STRRCHR, h + 5, h, 0);
}

static void test_subr_strtok(void)
{
	struct dif_ctx ctx;
	dt_u64 a[2], r;
	static const char *const want[] = { "a", "bc", "d", NULL, NULL };
	unsigned int i;

	subr_ctx(&ctx, 256);
	a[0] = S(",a,bc,,d,");
	a[1] = S(",");
	for (i = 0; i < N(want); i++) {
		CHECK_EQ(call_ctx(&ctx, DIF_SUBR_STRTOK, a, 2, &r, __LINE__),
			 0, "strtok %u", i);
		check_str(r, want[i], __LINE__);
		a[0] = 0;
	}
	/* several delimiters, and a new string restarts */
	a[0] = S("  x-y");
	a[1] = S(" -");
	CHECK_EQ(call_ctx(&ctx, DIF_SUBR_STRTOK, a, 2, &r, __LINE__), 0, "call");
	check_str(r, "x", __LINE__);
	a[0] = 0;
	CHECK_EQ(call_ctx(&ctx, DIF_SUBR_STRTOK, a, 2, &r, __LINE__), 0, "call");
	check_str(r, "y", __LINE__);
	/* only delimiters; and NULL without a previous string */
	CALLS(DIF_SUBR_STRTOK, NULL, S(",,,"), S(","));
	CALLS(DIF_SUBR_STRTOK, NULL, S(""), S(","));
	CALLS(DIF_SUBR_STRTOK, NULL, 0, S(","));
	CALLS(DIF_SUBR_STRTOK, "abc", S("abc"), S(""));
}

static void test_subr_paths(void)
{
	static const struct {
		const char *in, *base, *dir;
	} c[] = {
		{ "", ".", "." },
		{ "/", "/", "/" },
		{ "///", "/", "/" },
		{ "a", "a", "." },
		{ "a/", "a", "." },
		{ "/a", "a", "/" },
		{ "/a/", "a", "/" },
		{ "/usr/lib/", "lib", "/usr" },
		{ "/usr/lib/libc.so", "libc.so", "/usr/lib" },
		{ "a/b//", "b", "a" },
		{ "//a//b", "b", "//a" },
		{ "./x", "x", "." },
	};
	unsigned int i;

	for (i = 0; i < N(c); i++) {
		CALLS(DIF_SUBR_BASENAME, c[i].base, S(c[i].in));
		CALLS(DIF_SUBR_DIRNAME, c[i].dir, S(c[i].in));
	}
	/* the input is read only up to strsize - 1 characters */
	CALLS_N(6, DIF_SUBR_BASENAME, "ab", S("/x/ab/cd"));
}

static void test_subr_lltostr_case(void)
{
	CALLS(DIF_SUBR_LLTOSTR, "0", 0);
	CALLS(DIF_SUBR_LLTOSTR, "123", 123);
	CALLS(DIF_SUBR_LLTOSTR, "-123", NEG(123));
	CALLS(DIF_SUBR_LLTOSTR, "-9223372036854775808", MIN64);
	CALLS(DIF_SUBR_LLTOSTR, "9223372036854775807", MAX64);
	CALLS(DIF_SUBR_LLTOSTR, "-1", NEG(1), 10);
	CALLS(DIF_SUBR_LLTOSTR, "0xff", 255, 16);
	CALLS(DIF_SUBR_LLTOSTR, "0x0", 0, 16);
	CALLS(DIF_SUBR_LLTOSTR, "0xffffffffffffffff", NEG(1), 16);
	CALLS(DIF_SUBR_LLTOSTR, "010", 8, 8);
	CALLS(DIF_SUBR_LLTOSTR, "0", 0, 8);
	CALLS(DIF_SUBR_LLTOSTR, "101", 5, 2);
	CALLS(DIF_SUBR_LLTOSTR, "1111111111111111111111111111111111111111"
	      "111111111111111111111111", NEG(1), 2);
	CALLS(DIF_SUBR_LLTOSTR, "z", 35, 36);
	CALLS(DIF_SUBR_LLTOSTR, "10", 36, 36);
	CALLF(256, DIF_SUBR_LLTOSTR, DIF_FAULT_ILLOP, 5, 1);
	CALLF(256, DIF_SUBR_LLTOSTR, DIF_FAULT_ILLOP, 5, 0);
	CALLF(256, DIF_SUBR_LLTOSTR, DIF_FAULT_ILLOP, 5, 37);
	CALLF(256, DIF_SUBR_LLTOSTR, DIF_FAULT_ILLOP, 5, NEG(16));
	/* needs 65 bytes of scratch whatever strsize is */
	CALLS_N(8, DIF_SUBR_LLTOSTR, "-9223372036854775808", MIN64);

	CALLS(DIF_SUBR_TOUPPER, "HELLO, WORLD1 [@`{]", S("Hello, World1 [@`{]"));
	CALLS(DIF_SUBR_TOLOWER, "hello, world1 [@`{]", S("Hello, World1 [@`{]"));
	CALLS(DIF_SUBR_TOUPPER, "", S(""));
	CALLS(DIF_SUBR_TOUPPER, "\xe9", S("\xe9"));
	CALLS_N(3, DIF_SUBR_TOUPPER, "AB", S("abc"));
	/* degenerate string sizes stay inside their scratch */
	CALLS_N(1, DIF_SUBR_TOUPPER, "", S("abc"));
	CALLS_N(0, DIF_SUBR_TOUPPER, "", S("abc"));
	CALLS_N(1, DIF_SUBR_DIRNAME, ".", S("/a/b"));
	CALLS_N(0, DIF_SUBR_BASENAME, ".", S("/a/b"));
	CALLS_N(1, DIF_SUBR_SUBSTR, "", S("abc"), 0);
	CALLS_N(1, DIF_SUBR_STRTOK, "", S("abc"), S(","));
	CALLF(1, DIF_SUBR_STRJOIN, DIF_FAULT_NOSCRATCH, S("a"), S(""));
	CALLS_N(1, DIF_SUBR_STRJOIN, "", S(""), S(""));
}

static void test_subr_byteorder(void)
{
	CALLI(DIF_SUBR_HTONS, 0x3412, 0x1234);
	CALLI(DIF_SUBR_HTONS, 0x3412, 0xabcd1234);	/* low 16 bits only */
	CALLI(DIF_SUBR_NTOHS, 0x3412, 0x1234);
	CALLI(DIF_SUBR_HTONL, 0x78563412, 0x12345678);
	CALLI(DIF_SUBR_HTONL, 0x78563412, 0xff12345678ULL);
	CALLI(DIF_SUBR_NTOHL, 0x78563412, 0x12345678);
	CALLI(DIF_SUBR_HTONLL, 0x0807060504030201ULL, 0x0102030405060708ULL);
	CALLI(DIF_SUBR_NTOHLL, 0x0807060504030201ULL, 0x0102030405060708ULL);
	CALLI(DIF_SUBR_HTONLL, 0, 0);
}

/* Every string argument is read through ops->load: bad ones fault. */
static void test_subr_faults(void)
{
	static const struct {
		dt_u32 id, nargs, bad;	/* bad: index of the bad argument */
	} c[] = {
		{ DIF_SUBR_STRLEN, 1, 0 },
		{ DIF_SUBR_STRJOIN, 2, 0 },
		{ DIF_SUBR_STRJOIN, 2, 1 },
		{ DIF_SUBR_SUBSTR, 2, 0 },
		{ DIF_SUBR_INDEX, 2, 0 },
		{ DIF_SUBR_INDEX, 2, 1 },
		{ DIF_SUBR_RINDEX, 3, 1 },
		{ DIF_SUBR_STRSTR, 2, 1 },
		{ DIF_SUBR_STRCHR, 2, 0 },
		{ DIF_SUBR_STRRCHR, 2, 0 },
		{ DIF_SUBR_STRTOK, 2, 0 },
		{ DIF_SUBR_STRTOK, 2, 1 },
		{ DIF_SUBR_BASENAME, 1, 0 },
		{ DIF_SUBR_DIRNAME, 1, 0 },
		{ DIF_SUBR_TOUPPER, 1, 0 },
		{ DIF_SUBR_TOLOWER, 1, 0 },
	};
	char edge[4] = { 'a', 'b', 'c', 'd' };	/* no NUL: reads past */
	struct dif_ctx ctx;
	dt_u64 a[3], r;
	unsigned int i, j;

	for (i = 0; i < N(c); i++) {
		for (j = 0; j < c[i].nargs; j++)
			a[j] = j == 0 ? S("a/b") : j == 1 ? S("b") : 1;
		a[c[i].bad] = 0x10;
		subr_ctx(&ctx, 256);
		CHECK_EQ(call_ctx(&ctx, c[i].id, a, c[i].nargs, &r, __LINE__),
			 DIF_FAULT_BADADDR, "subr %u arg %u", c[i].id,
			 c[i].bad);
		CHECK_EQ(ctx.fault_addr, 0x10, "subr %u address", c[i].id);
	}
	/* a string running into unreadable memory */
	add_region(edge, sizeof(edge));
	a[0] = (dt_u64)(uintptr_t)edge;
	subr_ctx(&ctx, 256);
	CHECK_EQ(call_ctx(&ctx, DIF_SUBR_STRLEN, a, 1, &r, __LINE__),
		 DIF_FAULT_BADADDR, "strlen past the region");
	CHECK_EQ(ctx.fault_addr, (dt_u64)(uintptr_t)(edge + 4), "where");
	/* ... which strsize cuts short */
	subr_ctx(&ctx, 3);
	CHECK_EQ(call_ctx(&ctx, DIF_SUBR_STRLEN, a, 1, &r, __LINE__), 0, "call");
	CHECK_EQ(r, 2, "strlen within strsize");
	nregions--;
}

/* Unverified programs: the VM checks the tuple stack itself. */
static void test_subr_illop(void)
{
	dt_u32 noargs[] = { IX(CALL, DIF_SUBR_STRLEN, 1), RET(1) };
	dt_u32 unknown[] = { F3(PUSHTV, 0, 0, 0), IX(CALL, 41, 1), RET(1) };
	dt_u32 r0[] = { F3(PUSHTV, 0, 0, 0), IX(CALL, DIF_SUBR_HTONS, 0),
			RET(1) };
	dt_u32 many[] = { F3(PUSHTV, 0, 0, 0), F3(PUSHTV, 0, 0, 0),
			  IX(CALL, DIF_SUBR_HTONS, 1), RET(1) };
	dt_u32 flushed[] = { F3(PUSHTV, 0, 0, 0), F3(FLUSHTS, 0, 0, 0),
			     IX(CALL, DIF_SUBR_HTONS, 1), RET(1) };
	dt_u32 popped[] = { F3(PUSHTV, 0, 0, 0), F3(PUSHTV, 0, 0, 0),
			    F3(POPTS, 0, 0, 0), F3(POPTS, 0, 0, 0),
			    F3(POPTS, 0, 0, 0), F3(PUSHTV, 0, 1, 0),
			    IX(CALL, DIF_SUBR_HTONS, 1), RET(1) };
	dt_u32 over[DIF_MAX_TUPLE + 2];
	struct dif_ctx ctx;
	struct difo d;
	dt_u64 res;
	unsigned int i;

#define SUBR_ILL(p, fault, pc)						\
	do {								\
		mkdifo(&d, p, N(p), NULL, 0, NULL, 0);			\
		subr_ctx(&ctx, 256);					\
		CHECK_EQ(run_ctx(&d, &ctx, &res, 1, __LINE__), fault,	\
			 #p);						\
		CHECK_EQ(ctx.fault_pc, pc, #p " pc");			\
	} while (0)
	SUBR_ILL(noargs, DIF_FAULT_ILLOP, 0);
	SUBR_ILL(unknown, DIF_FAULT_ILLOP, 1);
	SUBR_ILL(r0, DIF_FAULT_ILLOP, 1);
	SUBR_ILL(many, DIF_FAULT_ILLOP, 2);
	SUBR_ILL(flushed, DIF_FAULT_ILLOP, 2);
	for (i = 0; i < N(over); i++)
		over[i] = F3(PUSHTV, 0, 0, 0);
	over[N(over) - 1] = RET(0);
	SUBR_ILL(over, DIF_FAULT_TUPOFLOW, DIF_MAX_TUPLE);
#undef SUBR_ILL
	/* popping an empty stack is harmless */
	mkdifo(&d, popped, N(popped), NULL, 0, NULL, 0);
	subr_ctx(&ctx, 256);
	CHECK_EQ(run_ctx(&d, &ctx, &res, 1, __LINE__), 0, "popped");
	CHECK_EQ(res, 0, "htons(%%r1 = 0)");
}

/* A nested call: toupper(substr(strjoin("ab", "cd"), 1, 2)). */
static void test_subr_nested(void)
{
	static const char str[] = "ab\0cd";
	dt_u32 prog[] = {
		IX(SETS, 0, 1), IX(SETS, 3, 2), F3(PUSHTR, 0, 1, 0),
		F3(PUSHTR, 0, 2, 0), IX(CALL, DIF_SUBR_STRJOIN, 1),
		IX(SETX, 0, 2), IX(SETX, 1, 3), F3(PUSHTR, 0, 1, 0),
		F3(PUSHTV, 0, 2, 0), F3(PUSHTV, 0, 3, 0),
		IX(CALL, DIF_SUBR_SUBSTR, 4), F3(PUSHTR, 0, 4, 0),
		IX(CALL, DIF_SUBR_TOUPPER, 4), RET(4),
	};
	dt_u64 ints[] = { 1, 2 };
	struct dif_ctx ctx;
	struct difo d;
	dt_u64 res;
	char buf[64];

	mkdifo(&d, prog, N(prog), ints, N(ints), str, sizeof(str));
	d.rtype = DIF_TYPE_STRING;
	d.rsize = 256;
	add_region(str, sizeof(str));
	subr_ctx(&ctx, 256);
	CHECK_EQ(run_ctx(&d, &ctx, &res, 0, __LINE__), 0, "nested");
	check_str(res, "BC", __LINE__);
	CHECK_EQ(ctx.scratch_used, 3 * 256, "three strings in scratch");
	/* the disassembler names the subroutine */
	dt_dis_insn(&d, 12, buf, sizeof(buf));
	CHECK(strncmp(buf, "call DIF_SUBR(44), %r4", 22) == 0 &&
	      strstr(buf, "! toupper") != NULL, "dis '%s'", buf);
	dt_dis_insn(&d, 2, buf, sizeof(buf));
	CHECK(strcmp(buf, "pushtr %r1") == 0, "dis '%s'", buf);
	prog[12] = IX(CALL, 1, 4);	/* no subroutine has id 1 */
	dt_dis_insn(&d, 12, buf, sizeof(buf));
	CHECK(strstr(buf, "! unknown subroutine") != NULL, "dis '%s'", buf);
	nregions--;
}

static void test_subr(void)
{
	add_region(pool, sizeof(pool));
	add_region(scratch, sizeof(scratch));
	test_subr_strlen_strjoin();
	test_subr_substr();
	test_subr_search();
	test_subr_strtok();
	test_subr_paths();
	test_subr_lltostr_case();
	test_subr_byteorder();
	test_subr_faults();
	test_subr_illop();
	test_subr_nested();
}

int main(void)
{
	add_region(data, sizeof(data));
	test_alu();
	test_unary_and_r0();
	test_branches();
	test_branch_flow();
	test_loads();
	test_load_faults();
	test_sets();
	test_scmp();
	test_copy_string();
	test_variables();
	test_illop();
	test_dis();
	test_subr();
	return th_done("test_dif_vm");
}
