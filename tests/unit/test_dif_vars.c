// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of user variables in the DIF VM (src/common/dif_vm.c),
 * their table (dif_vartab.c), their verifier rules (dif_verify.c), the
 * dynamic-variable store (dif_dynvar.c, including a multi-threaded
 * stress test) and the subroutines copyin, copyinstr, copyinto, alloca,
 * bcopy, rand, progenyof and inet_*.
 *
 * The environment reads any address from 4096 up as plain memory and
 * treats lower ones as unreadable; "user memory" (copyin) is one buffer.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dif_vm.h"
#include "dif_dynvar.h"
#include "test_harness.h"

#define F3(op, a, b, d)	DIF_INSTR_FMT(DIF_OP_##op, a, b, d)
#define IX(op, i, d)	DIF_INSTR_IDX(DIF_OP_##op, i, d)
#define RET(r)		F3(RET, 0, 0, r)
#define PUSHTV(r)	F3(PUSHTV, 0, r, 0)
#define PUSHTR(r)	F3(PUSHTR, 0, r, 0)
#define N(a)		(sizeof(a) / sizeof((a)[0]))
#define U		DIF_VAR_OTHER_UBASE
#define STRSIZE		32

/* ---- environment ---- */

static dt_u64 cur_thread = 0x1000;
static char user_mem[64] __attribute__((aligned(8)));
static dt_u64 progeny_pid;

/*
 * The VM reads strings in aligned chunks of up to 8 bytes, which may run
 * past a test string's end (never past its 8-byte block): not a bug, so
 * not instrumented.
 */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define NO_ASAN __attribute__((no_sanitize("address")))
#endif
#endif
#if !defined(NO_ASAN) && defined(__SANITIZE_ADDRESS__)
#define NO_ASAN __attribute__((no_sanitize_address))
#endif
#ifndef NO_ASAN
#define NO_ASAN
#endif

NO_ASAN static int e_load(void *env, void *dst, dt_u64 addr, dt_u32 size)
{
	const volatile char *s = (const volatile char *)(uintptr_t)addr;
	char *d = dst;
	dt_u32 i;

	(void)env;
	if (addr < 4096)
		return -1;
	for (i = 0; i < size; i++)
		d[i] = s[i];
	return 0;
}

static int e_getvar(void *env, dt_u32 var, dt_u64 *val)
{
	(void)env;
	(void)var;
	*val = 0;
	return 0;
}

static dt_u64 e_threadkey(void *env)
{
	(void)env;
	return cur_thread;
}

static int e_user(dt_u64 uaddr, dt_u32 size)
{
	dt_u64 lo = (dt_u64)(uintptr_t)user_mem;

	return uaddr >= lo && uaddr - lo <= sizeof(user_mem) &&
	       size <= sizeof(user_mem) - (uaddr - lo);
}

static int e_copyin(void *env, void *dst, dt_u64 uaddr, dt_u32 size)
{
	(void)env;
	if (!e_user(uaddr, size))
		return -1;
	memcpy(dst, (const void *)(uintptr_t)uaddr, size);
	return 0;
}

static int e_copyinstr(void *env, char *dst, dt_u64 uaddr, dt_u32 max)
{
	dt_u32 i;

	(void)env;
	for (i = 0; i + 1 < max; i++) {
		if (!e_user(uaddr + i, 1))
			return -1;
		dst[i] = user_mem[uaddr + i - (dt_u64)(uintptr_t)user_mem];
		if (dst[i] == '\0')
			return 0;
	}
	dst[i] = '\0';
	return 0;
}

static int e_progenyof(void *env, dt_u64 pid)
{
	(void)env;
	return pid == progeny_pid;
}

static dt_u64 e_speculation(void *env)
{
	(void)env;
	return 7;
}

static const struct dif_env_ops ops = {
	.getvar = e_getvar,
	.load = e_load,
	.threadkey = e_threadkey,
	.copyin = e_copyin,
	.copyinstr = e_copyinstr,
	.progenyof = e_progenyof,
	.speculation = e_speculation,
};

/*
 * The variables: global x (int), gs (string), a[] (int), sa[] (string);
 * self->t (int), self->ts (string), self->ta[] (int); this->l (int),
 * this->ls (string).
 */
static const struct dtrace_vardesc vdesc[] = {
	{ U + 0, DTRACE_VSCOPE_GLOBAL, DTRACE_VKIND_SCALAR, DIF_TYPE_INT, 8 },
	{ U + 1, DTRACE_VSCOPE_GLOBAL, DTRACE_VKIND_SCALAR, DIF_TYPE_STRING,
	  STRSIZE },
	{ U + 2, DTRACE_VSCOPE_GLOBAL, DTRACE_VKIND_ARRAY, DIF_TYPE_INT, 8 },
	{ U + 3, DTRACE_VSCOPE_GLOBAL, DTRACE_VKIND_ARRAY, DIF_TYPE_STRING,
	  STRSIZE },
	{ U + 0, DTRACE_VSCOPE_THREAD, DTRACE_VKIND_SCALAR, DIF_TYPE_INT, 8 },
	{ U + 1, DTRACE_VSCOPE_THREAD, DTRACE_VKIND_SCALAR, DIF_TYPE_STRING,
	  STRSIZE },
	{ U + 2, DTRACE_VSCOPE_THREAD, DTRACE_VKIND_ARRAY, DIF_TYPE_INT, 8 },
	{ U + 0, DTRACE_VSCOPE_LOCAL, DTRACE_VKIND_SCALAR, DIF_TYPE_INT, 8 },
	{ U + 1, DTRACE_VSCOPE_LOCAL, DTRACE_VKIND_SCALAR, DIF_TYPE_STRING,
	  STRSIZE },
};

static struct dif_var varmem[DIF_NSCOPES][8];
static struct dif_vartab vt;
static char gvars[256] __attribute__((aligned(8)));
static char lvars[256] __attribute__((aligned(8)));
static dt_u64 dynmem[4096];		/* 32 KiB */
static struct dif_dynvars *dyn;
static char scratch[DIF_SCRATCH_SIZE(STRSIZE)] __attribute__((aligned(8)));

static void setup_vt(void)
{
	dt_u32 nids[DIF_NSCOPES], s;
	const char *why;

	CHECK(dif_vartab_check(vdesc, N(vdesc), STRSIZE, nids, &why) == 0,
	      "vartab rejected: %s", why);
	CHECK_EQ(nids[0], 4, "global ids");
	CHECK_EQ(nids[1], 3, "thread ids");
	CHECK_EQ(nids[2], 2, "local ids");
	for (s = 0; s < DIF_NSCOPES; s++)
		vt.vars[s] = varmem[s];
	dif_vartab_fill(&vt, vdesc, N(vdesc), STRSIZE, nids);
	CHECK_EQ(vt.area[DTRACE_VSCOPE_GLOBAL], 8 + STRSIZE, "global area");
	CHECK_EQ(vt.area[DTRACE_VSCOPE_THREAD], 0, "no thread area");
	CHECK_EQ(vt.area[DTRACE_VSCOPE_LOCAL], 8 + STRSIZE, "local area");
	dyn = dif_dyn_init(dynmem, sizeof(dynmem), 4);
	CHECK(dyn != NULL, "dif_dyn_init");
}

static void ctx_init(struct dif_ctx *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->ops = &ops;
	ctx->strsize = STRSIZE;
	ctx->vt = &vt;
	ctx->gvars = gvars;
	ctx->lvars = lvars;
	ctx->dyn = dyn;
	ctx->cpu = 1;
	ctx->scratch = scratch;
	ctx->scratch_size = sizeof(scratch);
}

/* Verify against vt (expecting acceptance) and run. */
static int run(const dt_u32 *insns, dt_u32 n, const dt_u64 *ints,
	       dt_u32 nints, const char *str, dt_u32 slen,
	       struct dif_ctx *ctx, dt_u64 *res, int line)
{
	struct difo d = { insns, n, ints, nints, str, slen, DIF_TYPE_INT, 8 };
	const char *why = NULL;
	dt_u32 pc = 0;
	int rc;

	rc = dif_verify_vt(&d, &vt, &why, &pc);
	CHECK(rc == 0, "line %d: verifier: %s at %u", line, why ? why : "?",
	      pc);
	*res = 0xbad;
	rc = dif_emulate(&d, ctx, res);
	CHECK_EQ(rc, ctx->fault, "line %d: fault", line);
	return rc;
}

static dt_u64 S(const void *s)
{
	return (dt_u64)(uintptr_t)s;
}

static void check_str(dt_u64 addr, const char *want, int line)
{
	CHECK(addr >= 4096 && strcmp((const char *)(uintptr_t)addr, want) == 0,
	      "line %d: got \"%s\" want \"%s\"", line,
	      addr >= 4096 ? (const char *)(uintptr_t)addr : "(bad)", want);
}

/* ---- the variable table ---- */

static void test_vartab(void)
{
	struct {
		struct dtrace_vardesc v;
		const char *why;
	} bad[] = {
		{ { U - 1, 0, 0, DIF_TYPE_INT, 8 }, "variable id out of range" },
		{ { U + DTRACE_MAX_VARS, 0, 0, DIF_TYPE_INT, 8 },
		  "variable id out of range" },
		{ { U, 3, 0, DIF_TYPE_INT, 8 }, "unknown variable scope" },
		{ { U, 0, 2, DIF_TYPE_INT, 8 }, "unknown variable kind" },
		{ { U, DTRACE_VSCOPE_LOCAL, DTRACE_VKIND_ARRAY, DIF_TYPE_INT,
		    8 }, "clause-local array" },
		{ { U, 0, 0, DIF_TYPE_INT, 4 }, "bad variable type or size" },
		{ { U, 0, 0, DIF_TYPE_STRING, STRSIZE + 8 },
		  "bad variable type or size" },
		{ { U, 0, 0, 7, 8 }, "bad variable type or size" },
	};
	struct dtrace_vardesc dup[2] = {
		{ U + 5, 1, 0, DIF_TYPE_INT, 8 }, { U + 5, 1, 1, DIF_TYPE_INT, 8 },
	};
	struct dtrace_vardesc same[2] = {
		{ U + 5, 0, 0, DIF_TYPE_INT, 8 }, { U + 5, 1, 0, DIF_TYPE_INT, 8 },
	};
	dt_u32 nids[DIF_NSCOPES];
	const char *why;
	unsigned int i;

	for (i = 0; i < N(bad); i++) {
		why = NULL;
		CHECK(dif_vartab_check(&bad[i].v, 1, STRSIZE, nids, &why) == -1,
		      "bad vardesc %u accepted", i);
		CHECK(why && strcmp(why, bad[i].why) == 0, "%u: why \"%s\"", i,
		      why ? why : "(null)");
	}
	CHECK(dif_vartab_check(dup, 2, STRSIZE, nids, &why) == -1 &&
	      strcmp(why, "duplicate variable id") == 0, "duplicate");
	CHECK(dif_vartab_check(same, 2, STRSIZE, nids, &why) == 0,
	      "same id in two scopes");
	CHECK_EQ(nids[0], 6, "nids from the largest id");
	CHECK(dif_vartab_check(same, DIF_NSCOPES * DTRACE_MAX_VARS + 1,
			       STRSIZE, nids, &why) == -1, "count");
}

/* ---- the verifier's variable rules ---- */

static void expect_verify(const dt_u32 *p, dt_u32 n, const char *want,
			  dt_u32 wpc, int line)
{
	struct difo d = { p, n, NULL, 0, NULL, 0, DIF_TYPE_INT, 8 };
	const char *why = NULL;
	dt_u32 pc = 999;
	int rc = dif_verify_vt(&d, &vt, &why, &pc);

	if (want == NULL) {
		CHECK(rc == 0, "line %d: rejected: %s at %u", line,
		      why ? why : "?", pc);
		return;
	}
	CHECK(rc == -1 && why && strcmp(why, want) == 0 && pc == wpc,
	      "line %d: got %d \"%s\" at %u, want \"%s\" at %u", line, rc,
	      why ? why : "(null)", pc, want, wpc);
}

#define VOK(...)							\
	do {								\
		dt_u32 p_[] = { __VA_ARGS__ };				\
		expect_verify(p_, N(p_), NULL, 0, __LINE__);		\
	} while (0)
#define VBAD(why, pc, ...)						\
	do {								\
		dt_u32 p_[] = { __VA_ARGS__ };				\
		expect_verify(p_, N(p_), why, pc, __LINE__);		\
	} while (0)

static void test_verify(void)
{
	struct difo d;
	const char *why;
	dt_u32 pc, i, over[DIF_MAX_TUPLE + 3];

	VOK(IX(LDGS, U, 1), IX(STGS, U + 1, 1), IX(LDTS, U + 1, 2),
	    IX(STTS, U, 2), IX(LDLS, U + 1, 3), IX(STLS, U, 3), RET(3));
	VOK(PUSHTV(1), PUSHTR(2), IX(LDGAA, U + 2, 3), PUSHTV(3),
	    IX(STGAA, U + 3, 3), PUSHTV(1), IX(LDTAA, U + 2, 4), PUSHTV(1),
	    IX(STTAA, U + 2, 0), RET(4));
	VOK(IX(LDGS, DIF_VAR_PID, 1), RET(1));
	/* wrong kind, scope or id */
	VBAD("array variable used as a scalar", 0, IX(LDGS, U + 2, 1), RET(1));
	VBAD("scalar variable used as an array", 1, PUSHTV(1),
	     IX(LDGAA, U, 1), RET(1));
	VBAD("undeclared variable", 0, IX(LDTS, U + 3, 1), RET(1));
	VBAD("undeclared variable", 0, IX(STLS, U + 2, 1), RET(1));
	VBAD("global variable out of range", 0, IX(STGS, U + 9, 1), RET(1));
	VBAD("undeclared variable", 1, PUSHTV(1), IX(STTAA, U + 9, 1),
	     RET(1));
	VBAD("scalar variable used as an array", 1, PUSHTV(1),
	     IX(LDTAA, U + 1, 1), RET(1));
	VBAD("variable id out of range", 0, IX(LDTS, DIF_VAR_PID, 1), RET(1));
	VBAD("store to builtin variable", 0, IX(STGS, DIF_VAR_PID, 1),
	     RET(1));
	VBAD("write to %r0", 0, IX(LDTS, U, 0), RET(0));
	VBAD("register out of range", 0, IX(STLS, U, 8), RET(0));
	/* tuple discipline */
	VBAD("array access without a key", 0, IX(LDGAA, U + 2, 1), RET(1));
	VBAD("array access without a key", 2, PUSHTV(1),
	     F3(FLUSHTS, 0, 0, 0), IX(STGAA, U + 2, 1), RET(1));
	VBAD("instruction inside an argument list", 1, PUSHTV(1),
	     IX(LDGS, U, 2), IX(LDGAA, U + 2, 1), RET(1));
	VBAD("array access without a key", 2, PUSHTV(1),
	     IX(LDGAA, U + 2, 1), IX(LDGAA, U + 2, 1), RET(1));
	for (i = 0; i < DIF_MAX_TUPLE + 1; i++)
		over[i] = PUSHTV(1);
	over[i++] = IX(LDGAA, U + 2, 1);
	over[i++] = RET(1);
	expect_verify(over, i, "tuple stack overflow", DIF_MAX_TUPLE,
		      __LINE__);
	/* legacy form: no other scope exists */
	memset(&d, 0, sizeof(d));
	{
		dt_u32 p[] = { IX(LDTS, U, 1), RET(1) };

		d.insns = p;
		d.ninsns = 2;
		CHECK(dif_verify(&d, 4, &why, &pc) == -1 &&
		      strcmp(why, "undeclared variable") == 0,
		      "LDTS without a table");
		CHECK(dif_verify_vt(&d, NULL, &why, &pc) == -1,
		      "dif_verify_vt(NULL)");
	}
}

/* ---- scalars ---- */

static void test_scalars(void)
{
	static char src[STRSIZE * 2];
	dt_u32 p_int[] = {
		IX(SETX, 0, 1), IX(STGS, U, 1), IX(LDGS, U, 2),
		IX(SETX, 1, 3), F3(ADD, 2, 3, 2), IX(STLS, U, 2),
		IX(LDLS, U, 4), RET(4),
	};
	dt_u32 p_str[] = {
		IX(SETX, 0, 1), IX(STGS, U + 1, 1), IX(LDGS, U + 1, 2), RET(2),
	};
	dt_u32 p_lstr[] = {
		IX(SETX, 0, 1), IX(STLS, U + 1, 1), IX(LDLS, U + 1, 2), RET(2),
	};
	dt_u32 p_bad[] = { IX(SETX, 0, 1), IX(STGS, U + 1, 1), RET(0) };
	dt_u64 ints[2] = { 40, 2 }, res, addr;
	struct dif_ctx ctx;

	ctx_init(&ctx);
	CHECK_EQ(run(p_int, N(p_int), ints, 2, NULL, 0, &ctx, &res, __LINE__),
		 0, "int scalars");
	CHECK_EQ(res, 42, "global + 2 through a clause-local");

	strcpy(src, "hello");
	ints[0] = S(src);
	ctx_init(&ctx);
	CHECK_EQ(run(p_str, N(p_str), ints, 1, NULL, 0, &ctx, &addr,
		     __LINE__), 0, "string global");
	CHECK(addr >= S(gvars) && addr < S(gvars) + sizeof(gvars),
	      "load gives the variable's own copy");
	strcpy(src, "changed");
	check_str(addr, "hello", __LINE__);
	/* truncated to strsize - 1, the rest of the variable zeroed */
	memset(src, 'z', sizeof(src) - 1);
	ctx_init(&ctx);
	run(p_str, N(p_str), ints, 1, NULL, 0, &ctx, &addr, __LINE__);
	CHECK_EQ(strlen((char *)(uintptr_t)addr), STRSIZE - 1, "truncated");
	strcpy(src, "ab");
	ctx_init(&ctx);
	run(p_str, N(p_str), ints, 1, NULL, 0, &ctx, &addr, __LINE__);
	check_str(addr, "ab", __LINE__);
	CHECK(((char *)(uintptr_t)addr)[STRSIZE - 1] == 0 &&
	      ((char *)(uintptr_t)addr)[5] == 0, "zero filled");
	ctx_init(&ctx);
	run(p_lstr, N(p_lstr), ints, 1, NULL, 0, &ctx, &addr, __LINE__);
	CHECK(addr >= S(lvars) && addr < S(lvars) + sizeof(lvars),
	      "clause-local string in lvars");
	check_str(addr, "ab", __LINE__);
	/* a bad source address faults, naming it */
	ints[0] = 16;
	ctx_init(&ctx);
	CHECK_EQ(run(p_bad, N(p_bad), ints, 1, NULL, 0, &ctx, &res,
		     __LINE__), DIF_FAULT_BADADDR, "string from 16");
	CHECK_EQ(ctx.fault_addr, 16, "fault address");
	CHECK_EQ(ctx.fault_pc, 1, "fault pc");
	/* no area given: the VM refuses rather than write anywhere */
	ctx_init(&ctx);
	ctx.lvars = NULL;
	CHECK_EQ(run(p_int, N(p_int), ints, 2, NULL, 0, &ctx, &res, __LINE__),
		 DIF_FAULT_ILLOP, "no lvars");
}

/* ---- thread-locals and arrays ---- */

/* self->t = v (v 0 deletes), then return self->t. */
static dt_u64 tls(dt_u64 thread, dt_u64 v, int store, dt_u64 *drops)
{
	dt_u32 p_st[] = { IX(SETX, 0, 1), IX(STTS, U, 1), IX(LDTS, U, 2),
			  RET(2) };
	dt_u32 p_ld[] = { IX(LDTS, U, 2), RET(2) };
	dt_u64 ints[1] = { v }, res;
	struct dif_ctx ctx;

	cur_thread = thread;
	ctx_init(&ctx);
	if (store)
		run(p_st, N(p_st), ints, 1, NULL, 0, &ctx, &res, __LINE__);
	else
		run(p_ld, N(p_ld), NULL, 0, NULL, 0, &ctx, &res, __LINE__);
	if (drops)
		*drops += ctx.dyndrops;
	return res;
}

/* a[k1, k2] op: k2 is a string unless @k2 is NULL (then a[k1]). */
static dt_u64 arr(dt_u32 op, dt_u32 id, dt_u64 k1, const char *k2,
		  dt_u64 v, struct dif_ctx *ctx)
{
	dt_u32 p[8], n = 0;
	dt_u64 ints[3] = { k1, S(k2), v }, res;

	p[n++] = IX(SETX, 0, 1);
	p[n++] = IX(SETX, 1, 2);
	p[n++] = IX(SETX, 2, 3);
	p[n++] = PUSHTV(1);
	if (k2 != NULL)
		p[n++] = PUSHTR(2);
	p[n++] = DIF_INSTR_IDX(op, id, op == DIF_OP_LDGAA ||
			       op == DIF_OP_LDTAA ? 4 : 3);
	p[n++] = RET(4);
	run(p, n, ints, 3, NULL, 0, ctx, &res, __LINE__);
	return res;
}

static void test_dynamic(void)
{
	static char s1[] = "key", s2[] = "key";
	static char longk[STRSIZE * 2];
	static char strval[] = "value";
	dt_u64 drops = 0, n0, res;
	dt_u32 p_sts[] = { IX(SETX, 0, 1), IX(STTS, U + 1, 1), RET(0) };
	dt_u32 p_lds[] = { IX(LDTS, U + 1, 1), RET(1) };
	dt_u32 p_ldm[] = { IX(SETX, 0, 1), PUSHTV(1), IX(LDGAA, U + 3, 2),
			   RET(2) };
	dt_u64 ints[1];
	struct dif_ctx ctx;

	n0 = dif_dyn_count(dyn);
	CHECK_EQ(tls(0x1000, 0, 0, &drops), 0, "missing thread-local is 0");
	CHECK_EQ(tls(0x1000, 77, 1, &drops), 77, "self->t = 77");
	CHECK_EQ(tls(0x2000, 0, 0, &drops), 0, "other thread sees 0");
	CHECK_EQ(tls(0x2000, 5, 1, &drops), 5, "other thread's own");
	CHECK_EQ(tls(0x1000, 0, 0, &drops), 77, "still 77");
	CHECK_EQ(dif_dyn_count(dyn), n0 + 2, "two elements");
	CHECK_EQ(tls(0x1000, 0, 1, &drops), 0, "self->t = 0 deletes");
	CHECK_EQ(dif_dyn_count(dyn), n0 + 1, "one freed");
	CHECK_EQ(tls(0x1000, 0, 1, &drops), 0, "deleting a missing one");
	CHECK_EQ(drops, 0, "no drops");

	/* string thread-local, copied by value */
	cur_thread = 0x3000;
	ints[0] = S(strval);
	ctx_init(&ctx);
	run(p_sts, N(p_sts), ints, 1, NULL, 0, &ctx, &res, __LINE__);
	strval[0] = 'V';
	ctx_init(&ctx);
	run(p_lds, N(p_lds), NULL, 0, NULL, 0, &ctx, &res, __LINE__);
	check_str(res, "value", __LINE__);
	CHECK(res >= S(dynmem) && res < S(dynmem) + sizeof(dynmem),
	      "string thread-local lives in the store");

	/* arrays: int and string keys, per-thread arrays */
	ctx_init(&ctx);
	CHECK_EQ(arr(DIF_OP_LDGAA, U + 2, 1, s1, 0, &ctx), 0, "missing");
	arr(DIF_OP_STGAA, U + 2, 1, s1, 100, &ctx);
	arr(DIF_OP_STGAA, U + 2, 2, s1, 200, &ctx);
	arr(DIF_OP_STGAA, U + 2, 1, NULL, 300, &ctx);
	CHECK_EQ(arr(DIF_OP_LDGAA, U + 2, 1, s2, 0, &ctx), 100,
		 "string key compares by value");
	CHECK_EQ(arr(DIF_OP_LDGAA, U + 2, 2, "key", 0, &ctx), 200, "a[2]");
	CHECK_EQ(arr(DIF_OP_LDGAA, U + 2, 1, NULL, 0, &ctx), 300,
		 "a[1] differs from a[1, \"key\"]");
	CHECK_EQ(arr(DIF_OP_LDGAA, U + 2, 1, "ke", 0, &ctx), 0,
		 "a[1, \"ke\"] missing");
	arr(DIF_OP_STGAA, U + 2, 1, s1, 0, &ctx);
	CHECK_EQ(arr(DIF_OP_LDGAA, U + 2, 1, s1, 0, &ctx), 0, "deleted");
	CHECK_EQ(arr(DIF_OP_LDGAA, U + 2, 2, s1, 0, &ctx), 200, "a[2] stays");
	/* keys are strings truncated to strsize - 1 */
	memset(longk, 'k', sizeof(longk) - 1);
	arr(DIF_OP_STGAA, U + 2, 9, longk, 9, &ctx);
	longk[STRSIZE] = 'x';
	CHECK_EQ(arr(DIF_OP_LDGAA, U + 2, 9, longk, 0, &ctx), 9,
		 "long keys compare truncated");
	/* self->ta[] is per thread */
	cur_thread = 0x4000;
	arr(DIF_OP_STTAA, U + 2, 5, NULL, 55, &ctx);
	CHECK_EQ(arr(DIF_OP_LDTAA, U + 2, 5, NULL, 0, &ctx), 55, "self->ta");
	cur_thread = 0x5000;
	CHECK_EQ(arr(DIF_OP_LDTAA, U + 2, 5, NULL, 0, &ctx), 0,
		 "other thread's self->ta[5]");
	CHECK_EQ(ctx.dyndrops, 0, "no drops");

	/* a string array element */
	ints[0] = 4;
	ctx_init(&ctx);
	run(p_ldm, N(p_ldm), ints, 1, NULL, 0, &ctx, &res, __LINE__);
	CHECK_EQ(res, 0, "missing string element is 0 (NULL)");

	/* a thread's exit purges its thread-locals, and only those */
	n0 = dif_dyn_count(dyn);
	CHECK_EQ(dif_dyn_purge_thread(dyn, 0, 0x4000 | 3), 1, "purge 0x4000");
	CHECK_EQ(dif_dyn_count(dyn), n0 - 1, "one fewer");
	cur_thread = 0x4000;
	CHECK_EQ(arr(DIF_OP_LDTAA, U + 2, 5, NULL, 0, &ctx), 0, "purged");
	CHECK_EQ(tls(0x2000, 0, 0, NULL), 5, "others stay");
	CHECK_EQ(arr(DIF_OP_LDGAA, U + 2, 2, s1, 0, &ctx), 200,
		 "globals stay");

	/* keys need scratch: none left faults NOSCRATCH */
	ctx_init(&ctx);
	ctx.scratch_used = ctx.scratch_size - 8;
	{
		dt_u32 p[] = { PUSHTV(0), IX(LDGAA, U + 2, 1), RET(1) };

		CHECK_EQ(run(p, N(p), NULL, 0, NULL, 0, &ctx, &res, __LINE__),
			 DIF_FAULT_NOSCRATCH, "no scratch for the key");
	}
}

/* A full store drops stores, counts them, and takes them again later. */
static void test_full(void)
{
	static dt_u64 small[DIF_DYN_MINSIZE / 8];
	struct dif_dynvars *save = dyn;
	dt_u64 drops = 0, k, stored = 0;
	struct dif_ctx ctx;

	CHECK(dif_dyn_init(small, 512, 1) == NULL, "too small");
	CHECK(dif_dyn_init(small, sizeof(small), 0) == NULL, "no CPUs");
	dyn = dif_dyn_init(small, sizeof(small), 2);
	CHECK(dyn != NULL, "small store");
	for (k = 1; k <= 64; k++) {
		dt_u64 before = drops;

		tls(k << 4, k, 1, &drops);
		if (drops == before)
			stored++;
	}
	CHECK(drops > 0 && stored > 0, "drops %llu stored %llu",
	      (unsigned long long)drops, (unsigned long long)stored);
	CHECK_EQ(dif_dyn_count(dyn), stored, "count");
	CHECK_EQ(tls(64 << 4, 0, 0, NULL), 0, "a dropped store is not there");
	CHECK_EQ(tls(1 << 4, 0, 0, NULL), 1, "an early one is");
	/* free one, and one more store fits */
	tls(1 << 4, 0, 1, NULL);
	drops = 0;
	CHECK_EQ(tls(99 << 4, 99, 1, &drops), 99, "reused");
	CHECK_EQ(drops, 0, "no drop after a delete");

	/* no store at all: stores drop, loads give 0 */
	dyn = NULL;
	drops = 0;
	CHECK_EQ(tls(0x10, 5, 1, &drops), 0, "no store");
	CHECK_EQ(drops, 1, "counted");
	ctx_init(&ctx);
	CHECK_EQ(arr(DIF_OP_LDGAA, U + 2, 1, NULL, 0, &ctx), 0, "no store");
	dyn = save;
}

/* The store on its own: corrupt sizes, deletes, classes. */
static void test_store_api(void)
{
	static dt_u64 mem[2048];
	struct dif_dynvars *d = dif_dyn_init(mem, sizeof(mem), 2);
	dt_u64 key[4] = { 1, 2, 3, 4 }, iv;
	char big[70000], *sv;

	CHECK(d != NULL, "init");
	memset(big, 'b', sizeof(big));
	CHECK_EQ(dif_dyn_put(d, 0, key, 32, big, sizeof(big)), DIF_DYN_DROP,
		 "element larger than the largest class");
	CHECK_EQ(dif_dyn_put(d, 2, key, 32, big, 8), DIF_DYN_DROP,
		 "cpu out of range");
	CHECK_EQ(dif_dyn_put(d, 0, key, 32, big, 8), DIF_DYN_OK, "put");
	CHECK_EQ(dif_dyn_get(d, 1, key, 32, 8, &iv, &sv), DIF_DYN_OK, "get");
	CHECK_EQ(iv, 0x6262626262626262ULL, "value");
	CHECK_EQ(dif_dyn_get(d, 1, key, 32, 16, &iv, &sv), DIF_DYN_MISSING,
		 "value size is part of the identity");
	CHECK_EQ(dif_dyn_put(d, 1, key, 32, NULL, 8), DIF_DYN_OK, "delete");
	CHECK_EQ(dif_dyn_get(d, 0, key, 32, 8, &iv, &sv), DIF_DYN_MISSING,
		 "gone");
	CHECK_EQ(dif_dyn_count(d), 0, "count back to 0 across CPUs");
}

/*
 * A firing's string work is bounded: index() of long strings that
 * almost match is quadratic, and a program doing it repeatedly faults
 * instead of keeping the CPU for minutes.
 */
static void test_work_bound(void)
{
	static char big[4096], sub[2049];
	static char bigscratch[DIF_SCRATCH_SIZE(4096)];
	dt_u32 p[64], n = 0, i;
	dt_u64 ints[2] = { S(big), S(sub) }, res;
	struct difo d;
	struct dif_ctx ctx;

	memset(big, 'a', sizeof(big) - 1);
	memset(sub, 'a', sizeof(sub) - 2);
	sub[sizeof(sub) - 2] = 'b';
	p[n++] = IX(SETX, 0, 1);
	p[n++] = IX(SETX, 1, 2);
	for (i = 0; i < 20; i++) {
		p[n++] = PUSHTR(1);
		p[n++] = PUSHTR(2);
		p[n++] = IX(CALL, DIF_SUBR_INDEX, 3);
	}
	p[n++] = RET(3);
	memset(&d, 0, sizeof(d));
	d.insns = p;
	d.ninsns = n;
	d.inttab = ints;
	d.nints = 2;
	d.rtype = DIF_TYPE_INT;
	d.rsize = 8;
	ctx_init(&ctx);
	ctx.strsize = 4096;
	ctx.scratch = bigscratch;
	ctx.scratch_size = sizeof(bigscratch);
	CHECK_EQ(dif_emulate(&d, &ctx, &res), DIF_FAULT_ILLOP,
		 "work bound");
	CHECK_EQ(ctx.fault_pc, 4, "in the first index()");
	CHECK(ctx.work > DIF_WORK_MAX, "work %llu",
	      (unsigned long long)ctx.work);
	/* A short one is well within the bound. */
	big[10] = '\0';
	ctx_init(&ctx);
	ctx.strsize = 4096;
	ctx.scratch = bigscratch;
	ctx.scratch_size = sizeof(bigscratch);
	CHECK_EQ(dif_emulate(&d, &ctx, &res), 0, "short strings");
	CHECK_EQ(res, (dt_u64)-1, "not found");
}

/* ---- stress: every "CPU" at once ---- */

#define NTHREADS	4
#define NITER		200000
#define NPRIV		48
#define NSHARED		32

static dt_u64 stress_mem[1 << 15];	/* 256 KiB */
static struct dif_dynvars *sdyn;
static volatile int stress_errors;

struct stress_arg {
	dt_u32 cpu;
	dt_u64 drops;
	dt_u64 live[NPRIV];	/* expected value, 0: absent/unknown */
	int known[NPRIV];	/* 0 after a dropped operation */
};

static void *stress_thread(void *p)
{
	struct stress_arg *a = p;
	dt_u64 key[3], v, got, seed = 0x12345 + a->cpu;
	char *sv;
	int i, k, rc;

	for (k = 0; k < NPRIV; k++)
		a->known[k] = 1;
	for (i = 0; i < NITER; i++) {
		seed ^= seed << 13;
		seed ^= seed >> 7;
		seed ^= seed << 17;
		if (seed & 1) {
			/* private key: only this thread touches it */
			k = (int)((seed >> 8) % NPRIV);
			key[0] = 1;
			key[1] = a->cpu + 1;
			key[2] = (dt_u64)k;
			if ((seed >> 20) % 4 == 0) {
				rc = dif_dyn_put(sdyn, a->cpu, key, 24, NULL,
						 8);
				a->live[k] = 0;
				a->known[k] = rc == DIF_DYN_OK;
			} else if ((seed >> 20) % 4 == 1) {
				v = seed | 1;
				rc = dif_dyn_put(sdyn, a->cpu, key, 24, &v, 8);
				if (rc == DIF_DYN_OK) {
					a->live[k] = v;
					a->known[k] = 1;
				} else {
					a->drops++;
					a->known[k] = 0;
				}
			} else {
				rc = dif_dyn_get(sdyn, a->cpu, key, 24, 8,
						 &got, &sv);
				if (rc == DIF_DYN_DROP) {
					a->drops++;
				} else if (a->known[k] &&
					   (rc == DIF_DYN_OK ? got : 0) !=
					   a->live[k]) {
					__atomic_add_fetch(&stress_errors, 1,
							   __ATOMIC_RELAXED);
				}
			}
		} else {
			/* shared key: value must always belong to the key */
			k = (int)((seed >> 8) % NSHARED);
			key[0] = 2;
			key[1] = 0;
			key[2] = (dt_u64)k;
			if ((seed >> 20) % 3 == 0) {
				dif_dyn_put(sdyn, a->cpu, key, 24, NULL, 8);
			} else if ((seed >> 20) % 3 == 1) {
				v = ((dt_u64)k << 32) | (seed & 0xffffffff);
				if (dif_dyn_put(sdyn, a->cpu, key, 24, &v, 8) !=
				    DIF_DYN_OK)
					a->drops++;
			} else {
				rc = dif_dyn_get(sdyn, a->cpu, key, 24, 8,
						 &got, &sv);
				if (rc == DIF_DYN_OK && got >> 32 != (dt_u64)k)
					__atomic_add_fetch(&stress_errors, 1,
							   __ATOMIC_RELAXED);
			}
		}
	}
	return NULL;
}

static void test_stress(void)
{
	pthread_t th[NTHREADS];
	static struct stress_arg args[NTHREADS];
	dt_u64 key[3], got, live = 0, drops = 0;
	unsigned int t, k;
	char *sv;
	int rc;

	sdyn = dif_dyn_init(stress_mem, sizeof(stress_mem), NTHREADS);
	CHECK(sdyn != NULL, "stress store");
	for (t = 0; t < NTHREADS; t++) {
		args[t].cpu = t;
		CHECK(pthread_create(&th[t], NULL, stress_thread, &args[t]) ==
		      0, "pthread_create");
	}
	for (t = 0; t < NTHREADS; t++)
		pthread_join(th[t], NULL);
	CHECK_EQ(stress_errors, 0, "consistency errors under contention");
	/* Afterwards, alone: every private key is exactly as expected. */
	for (t = 0; t < NTHREADS; t++) {
		drops += args[t].drops;
		for (k = 0; k < NPRIV; k++) {
			key[0] = 1;
			key[1] = t + 1;
			key[2] = k;
			rc = dif_dyn_get(sdyn, 0, key, 24, 8, &got, &sv);
			if (!args[t].known[k])
				continue;
			CHECK_EQ(rc == DIF_DYN_OK ? got : 0, args[t].live[k],
				 "thread %u key %u", t, k);
			live += args[t].live[k] != 0;
		}
	}
	for (k = 0; k < NSHARED; k++) {
		key[0] = 2;
		key[1] = 0;
		key[2] = k;
		if (dif_dyn_get(sdyn, 0, key, 24, 8, &got, &sv) == DIF_DYN_OK)
			live++;
	}
	CHECK(dif_dyn_count(sdyn) >= live &&
	      dif_dyn_count(sdyn) <= NTHREADS * NPRIV + NSHARED,
	      "count %llu, live %llu",
	      (unsigned long long)dif_dyn_count(sdyn),
	      (unsigned long long)live);
	printf("stress: %d threads x %d ops, %llu drops (busy locks)\n",
	       NTHREADS, NITER, (unsigned long long)drops);
}

/* ---- subroutines ---- */

static int call(dt_u32 subr, const dt_u64 *args, const int *isstr,
		dt_u32 n, struct dif_ctx *ctx, dt_u64 *res, int line)
{
	dt_u32 p[16], i, k = 0;

	for (i = 0; i < n; i++)
		p[k++] = IX(SETX, i, i + 1);
	for (i = 0; i < n; i++)
		p[k++] = isstr && isstr[i] ? PUSHTR(i + 1) : PUSHTV(i + 1);
	p[k++] = IX(CALL, subr, 7);
	p[k++] = RET(7);
	return run(p, k, args, n, NULL, 0, ctx, res, line);
}

static void test_subr(void)
{
	dt_u8 v4[4] = { 192, 168, 0, 10 };
	struct {
		dt_u8 a[16];
		const char *ntop, *ntoa6;
	} v6[] = {
		{ { 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x02, 0x14, 0x4f, 0xff,
		    0xfe, 0x0b, 0x76, 0xc8 }, "fe80::214:4fff:fe0b:76c8",
		  "fe80::214:4fff:fe0b:76c8" },
		{ { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 }, "::1",
		  "::1" },
		{ { 0 }, "::", "::" },
		{ { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 1, 2, 3, 4 },
		  "::ffff:1.2.3.4", "1.2.3.4" },
		{ { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1 },
		  /* illumos compresses the last of equal runs */
		  "2001:db8:0:0:1::1", "2001:db8:0:0:1::1" },
		{ { 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, "1::",
		  "1::" },
	};
	dt_u64 a[3], res, res2;
	struct dif_ctx ctx;
	unsigned int i;
	char *p;

	/* copyin(uaddr, size) */
	memcpy(user_mem, "0123456789abcdef", 16);
	a[0] = S(user_mem) + 2;
	a[1] = 5;
	ctx_init(&ctx);
	CHECK_EQ(call(DIF_SUBR_COPYIN, a, NULL, 2, &ctx, &res, __LINE__), 0,
		 "copyin");
	CHECK(res % 8 == 0 && memcmp((void *)(uintptr_t)res, "23456", 5) == 0,
	      "copyin data");
	a[0] = S(user_mem) + 60;
	ctx_init(&ctx);
	CHECK_EQ(call(DIF_SUBR_COPYIN, a, NULL, 2, &ctx, &res, __LINE__),
		 DIF_FAULT_BADADDR, "copyin past the end");
	CHECK_EQ(ctx.fault_addr, S(user_mem) + 60, "fault address");
	a[0] = S(user_mem);
	a[1] = 1ULL << 40;
	ctx_init(&ctx);
	CHECK_EQ(call(DIF_SUBR_COPYIN, a, NULL, 2, &ctx, &res, __LINE__),
		 DIF_FAULT_NOSCRATCH, "copyin larger than scratch");
	CHECK_EQ(ctx.scratch_used, 0, "nothing taken");

	/* copyinstr(uaddr [, maxlen]) */
	strcpy(user_mem, "user string");
	a[0] = S(user_mem);
	ctx_init(&ctx);
	CHECK_EQ(call(DIF_SUBR_COPYINSTR, a, NULL, 1, &ctx, &res, __LINE__), 0,
		 "copyinstr");
	check_str(res, "user string", __LINE__);
	a[1] = 4;
	ctx_init(&ctx);
	call(DIF_SUBR_COPYINSTR, a, NULL, 2, &ctx, &res, __LINE__);
	check_str(res, "user", __LINE__);
	memset(user_mem, 'x', sizeof(user_mem));
	ctx_init(&ctx);
	CHECK_EQ(call(DIF_SUBR_COPYINSTR, a, NULL, 1, &ctx, &res, __LINE__),
		 0, "copyinstr: strsize first");
	CHECK_EQ(strlen((char *)(uintptr_t)res), STRSIZE - 1, "truncated");
	a[0] = 8;
	ctx_init(&ctx);
	CHECK_EQ(call(DIF_SUBR_COPYINSTR, a, NULL, 1, &ctx, &res, __LINE__),
		 DIF_FAULT_BADADDR, "copyinstr(8)");
	CHECK_EQ(ctx.fault_addr, 8, "fault address");

	/* alloca(size): zeroed, aligned, bounded */
	ctx_init(&ctx);
	memset(scratch, 0xee, sizeof(scratch));
	ctx.scratch_used = 3;
	a[0] = 20;
	CHECK_EQ(call(DIF_SUBR_ALLOCA, a, NULL, 1, &ctx, &res, __LINE__), 0,
		 "alloca");
	p = (char *)(uintptr_t)res;
	CHECK(res == S(scratch) + 8 && p[0] == 0 && p[19] == 0,
	      "aligned and zeroed");
	CHECK_EQ(ctx.scratch_used, 28, "scratch used");
	a[0] = sizeof(scratch);
	CHECK_EQ(call(DIF_SUBR_ALLOCA, a, NULL, 1, &ctx, &res, __LINE__),
		 DIF_FAULT_NOSCRATCH, "alloca too large");
	a[0] = ~0ULL - 3;
	CHECK_EQ(call(DIF_SUBR_ALLOCA, a, NULL, 1, &ctx, &res, __LINE__),
		 DIF_FAULT_NOSCRATCH, "alloca(-4)");

	/* bcopy(src, dst, size): dst only in scratch handed out */
	{
		static const char src[] = "copied";
		dt_u32 pr[] = {
			IX(SETX, 0, 1), PUSHTV(1), IX(CALL, DIF_SUBR_ALLOCA, 2),
			IX(SETX, 1, 3), IX(SETX, 2, 4), PUSHTV(3), PUSHTV(2),
			PUSHTV(4), IX(CALL, DIF_SUBR_BCOPY, 5), RET(2),
		};
		dt_u64 ints[3] = { 8, S(src), 7 };

		ctx_init(&ctx);
		CHECK_EQ(run(pr, N(pr), ints, 3, NULL, 0, &ctx, &res,
			     __LINE__), 0, "alloca + bcopy");
		check_str(res, "copied", __LINE__);
		ints[2] = 9;
		ctx_init(&ctx);
		CHECK_EQ(run(pr, N(pr), ints, 3, NULL, 0, &ctx, &res,
			     __LINE__), DIF_FAULT_BADADDR,
			 "bcopy past the allocation");
		CHECK_EQ(ctx.fault_addr, S(scratch), "names dst");
		ints[2] = 7;
		ints[1] = 100;
		ctx_init(&ctx);
		CHECK_EQ(run(pr, N(pr), ints, 3, NULL, 0, &ctx, &res,
			     __LINE__), DIF_FAULT_BADADDR, "bad source");
		CHECK_EQ(ctx.fault_addr, 100, "names src");
	}
	a[0] = S(user_mem);
	a[1] = S(gvars);
	a[2] = 4;
	ctx_init(&ctx);
	CHECK_EQ(call(DIF_SUBR_BCOPY, a, NULL, 3, &ctx, &res, __LINE__),
		 DIF_FAULT_BADADDR, "bcopy to a variable");

	/* copyinto(uaddr, size, dst) */
	{
		dt_u32 pr[] = {
			IX(SETX, 0, 1), PUSHTV(1), IX(CALL, DIF_SUBR_ALLOCA, 2),
			IX(SETX, 1, 3), PUSHTV(3), PUSHTV(1), PUSHTV(2),
			IX(CALL, DIF_SUBR_COPYINTO, 5), RET(2),
		};
		dt_u64 ints[2] = { 4, S(user_mem) };

		memcpy(user_mem, "WXYZ", 4);
		ctx_init(&ctx);
		CHECK_EQ(run(pr, N(pr), ints, 2, NULL, 0, &ctx, &res,
			     __LINE__), 0, "copyinto");
		CHECK(memcmp((void *)(uintptr_t)res, "WXYZ", 4) == 0,
		      "copyinto data");
		ints[1] = 16;
		ctx_init(&ctx);
		CHECK_EQ(run(pr, N(pr), ints, 2, NULL, 0, &ctx, &res,
			     __LINE__), DIF_FAULT_BADADDR, "copyinto fault");
		CHECK_EQ(ctx.fault_addr, 16, "names uaddr");
	}
	a[0] = S(user_mem);
	a[1] = 4;
	a[2] = S(user_mem);
	ctx_init(&ctx);
	CHECK_EQ(call(DIF_SUBR_COPYINTO, a, NULL, 3, &ctx, &res, __LINE__),
		 DIF_FAULT_BADADDR, "copyinto outside scratch");

	/* no user access at all */
	{
		struct dif_env_ops o = ops;

		o.copyin = NULL;
		ctx_init(&ctx);
		ctx.ops = &o;
		a[0] = S(user_mem);
		a[1] = 4;
		CHECK_EQ(call(DIF_SUBR_COPYIN, a, NULL, 2, &ctx, &res,
			      __LINE__), DIF_FAULT_UPRIV, "no copyin op");
	}

	/* rand(), progenyof() */
	{
		dt_u64 st[2] = { 0, 0 };

		ctx_init(&ctx);
		ctx.rand_state = st;
		call(DIF_SUBR_RAND, a, NULL, 0, &ctx, &res, __LINE__);
		call(DIF_SUBR_RAND, a, NULL, 0, &ctx, &res2, __LINE__);
		CHECK(res != res2 && (st[0] | st[1]) != 0, "rand advances");
	}
	progeny_pid = 77;
	a[0] = 77;
	ctx_init(&ctx);
	call(DIF_SUBR_PROGENYOF, a, NULL, 1, &ctx, &res, __LINE__);
	CHECK_EQ(res, 1, "progenyof(77)");
	a[0] = 78;
	call(DIF_SUBR_PROGENYOF, a, NULL, 1, &ctx, &res, __LINE__);
	CHECK_EQ(res, 0, "progenyof(78)");

	/* speculation(): the environment's id, 0 without one */
	ctx_init(&ctx);
	call(DIF_SUBR_SPECULATION, a, NULL, 0, &ctx, &res, __LINE__);
	CHECK_EQ(res, 7, "speculation()");
	{
		struct dif_env_ops o = ops;

		o.speculation = NULL;
		ctx_init(&ctx);
		ctx.ops = &o;
		call(DIF_SUBR_SPECULATION, a, NULL, 0, &ctx, &res, __LINE__);
		CHECK_EQ(res, 0, "speculation() without speculations");
	}

	/* inet_ntoa, inet_ntoa6, inet_ntop */
	a[0] = S(v4);
	ctx_init(&ctx);
	call(DIF_SUBR_INET_NTOA, a, NULL, 1, &ctx, &res, __LINE__);
	check_str(res, "192.168.0.10", __LINE__);
	a[0] = 2;
	a[1] = S(v4);
	call(DIF_SUBR_INET_NTOP, a, NULL, 2, &ctx, &res, __LINE__);
	check_str(res, "192.168.0.10", __LINE__);
	for (i = 0; i < N(v6); i++) {
		ctx_init(&ctx);
		a[0] = S(v6[i].a);
		call(DIF_SUBR_INET_NTOA6, a, NULL, 1, &ctx, &res, __LINE__);
		check_str(res, v6[i].ntoa6, __LINE__);
		a[0] = 10;
		a[1] = S(v6[i].a);
		call(DIF_SUBR_INET_NTOP, a, NULL, 2, &ctx, &res, __LINE__);
		check_str(res, v6[i].ntop, __LINE__);
	}
	a[0] = 26;
	ctx_init(&ctx);
	CHECK_EQ(call(DIF_SUBR_INET_NTOP, a, NULL, 2, &ctx, &res, __LINE__),
		 DIF_FAULT_ILLOP, "unknown address family");
	a[0] = 2;
	a[1] = 12;
	ctx_init(&ctx);
	CHECK_EQ(call(DIF_SUBR_INET_NTOP, a, NULL, 2, &ctx, &res, __LINE__),
		 DIF_FAULT_BADADDR, "bad address");
	CHECK_EQ(ctx.fault_addr, 12, "names it");
}

int main(void)
{
	setup_vt();
	test_vartab();
	test_verify();
	test_scalars();
	test_dynamic();
	test_full();
	test_store_api();
	test_subr();
	test_work_bound();
	test_stress();
	return th_done("test_dif_vars");
}
