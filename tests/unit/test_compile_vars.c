// SPDX-License-Identifier: GPL-2.0
/*
 * Compiled D programs with variables of every scope, run the way the
 * kernel runs them: the program's variable table (pgm->vars) becomes the
 * VM's dif_vartab, every DIFO is verified against it, and each firing
 * runs a clause's predicate and then its statements in order (expression
 * statements for their effects, trace() values recorded).  What the
 * clauses trace is compared as text.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dt_program.h"
#include "dif_vm.h"
#include "dif_dynvar.h"
#include "dtrace_abi.h"

#define STRSIZE 64

static int failures, checks;
static dt_u64 cur_thread = 1;
static _Alignas(8) char s_bash[16] = "bash";
static _Alignas(8) char s_path[32] = "a,b,c";

/* Memory the programs read through pointers (laid out as D does). */
struct foo {
	char c;
	int a;
	char name[8];
	long l;
	struct foo *next;
};
static struct foo foo2 = { 'y', -5, "second", 1L << 40, NULL };
static struct foo foo1 = { 'x', 7, "first", -2, &foo2 };
static _Alignas(8) int ints[4] = { 10, -20, 30, 40 };

static int env_getvar(void *env, dt_u32 var, dt_u64 *val)
{
	(void)env;
	switch (var) {
	case DIF_VAR_PID: *val = 1234; break;
	case DIF_VAR_TID: *val = cur_thread; break;
	case DIF_VAR_EXECNAME: *val = (uintptr_t)s_bash; break;
	case DIF_VAR_ARG0: *val = (uintptr_t)s_path; break;
	case DIF_VAR_ARG0 + 1: *val = 3; break;
	case DIF_VAR_ARG0 + 2: *val = (uintptr_t)&foo1; break;
	case DIF_VAR_ARG0 + 3: *val = (uintptr_t)ints; break;
	case DIF_VAR_TIMESTAMP: *val = 1000; break;
	default: return DIF_FAULT_ILLOP;
	}
	return 0;
}

static int env_load(void *env, void *dst, dt_u64 addr, dt_u32 size)
{
	(void)env;
	if (addr < 4096)
		return -1;
	memcpy(dst, (const void *)(uintptr_t)addr, size);
	return 0;
}

static int env_getarg(void *env, dt_u32 idx, dt_u64 *val)
{
	(void)env;
	if (idx >= 10)
		return DIF_FAULT_ILLOP;
	*val = (dt_u64)idx * 100;
	return 0;
}

static dt_u64 env_threadkey(void *env)
{
	(void)env;
	return cur_thread << 3;
}

static const struct dif_env_ops ops = {
	.getvar = env_getvar, .getarg = env_getarg, .load = env_load,
	.threadkey = env_threadkey,
};

/* The state of one enabling: variables live across firings. */
static struct dif_vartab vt;
static struct dif_var varmem[DIF_NSCOPES][64];
static _Alignas(8) char gvars[4096];
static _Alignas(8) char lvars[4096];
static dt_u64 dynmem[8192];
static struct dif_dynvars *dyn;
static _Alignas(8) char scratch[DIF_SCRATCH_SIZE(STRSIZE)];
static char out[1024];

static int setup(const struct dt_program *p)
{
	struct dtrace_vardesc vd[64];
	dt_u32 nids[DIF_NSCOPES], s;
	const char *why;
	int i;

	if (p->nvars > 64)
		return -1;
	for (i = 0; i < p->nvars; i++) {
		vd[i].id = p->vars[i].id;
		vd[i].scope = (dt_u16)p->vars[i].scope;
		vd[i].kind = (dt_u16)p->vars[i].kind;
		vd[i].type = p->vars[i].type;
		vd[i].size = p->vars[i].size;
	}
	if (dif_vartab_check(vd, p->nvars, STRSIZE, nids, &why) != 0) {
		printf("FAIL: vartab: %s\n", why);
		return -1;
	}
	for (s = 0; s < DIF_NSCOPES; s++) {
		if (nids[s] > 64)
			return -1;
		vt.vars[s] = varmem[s];
	}
	dif_vartab_fill(&vt, vd, p->nvars, STRSIZE, nids);
	if (vt.area[0] > sizeof(gvars) || vt.area[2] > sizeof(lvars))
		return -1;
	memset(gvars, 0, sizeof(gvars));
	dyn = dif_dyn_init(dynmem, sizeof(dynmem), 1);
	return dyn ? 0 : -1;
}

/* Verify and run @d in firing context @ctx; -1 on a verifier failure. */
static int run(const struct dt_difo *d, struct dif_ctx *ctx, dt_u64 *res)
{
	struct difo dp = { d->insns, d->ninsns, d->inttab, d->nints,
			   d->strtab, d->strtab_len, d->rtype, d->rsize };
	const char *why;
	dt_u32 pc;

	if (dif_verify_vt(&dp, &vt, &why, &pc) != 0) {
		printf("FAIL: verifier: %s at %u\n", why, pc);
		return -1;
	}
	return dif_emulate(&dp, ctx, res);
}

/* One firing of clause @c: appends what it traces to out[]. */
static int fire(const struct dt_clause *c)
{
	struct dif_ctx ctx;
	dt_u64 v;
	int i, f;

	memset(&ctx, 0, sizeof(ctx));
	ctx.ops = &ops;
	ctx.strsize = STRSIZE;
	ctx.vt = &vt;
	ctx.gvars = gvars;
	ctx.lvars = lvars;
	ctx.dyn = dyn;
	ctx.scratch = scratch;
	ctx.scratch_size = sizeof(scratch);
	if (c->pred != NULL) {
		f = run(c->pred, &ctx, &v);
		if (f != 0)
			return f;
		if (v == 0)
			return 0;
	}
	for (i = 0; i < c->nstmts; i++) {
		const struct dt_stmt *s = &c->stmts[i];
		size_t n = strlen(out);

		if (s->kind != DT_STMT_DIFEXPR && s->kind != DT_STMT_TRACE)
			continue;
		f = run(&s->vals[0].difo, &ctx, &v);
		if (f != 0)
			return f;
		if (s->kind != DT_STMT_TRACE)
			continue;
		if (s->vals[0].is_string)
			snprintf(out + n, sizeof(out) - n, "%s%s", n ? " " : "",
				 v ? (const char *)(uintptr_t)v : "(null)");
		else if (s->vals[0].is_signed)
			snprintf(out + n, sizeof(out) - n, "%s%" PRId64,
				 n ? " " : "", (dt_s64)v);
		else
			snprintf(out + n, sizeof(out) - n, "%s%" PRIu64,
				 n ? " " : "", v);
	}
	return 0;
}

/*
 * Compile @src and fire its clauses in order, clause i on thread
 * threads[i] (0 ends the list: then each clause fires once on thread 1).
 */
static void check_run(const char *src, const int *threads,
		      const char *want, int want_fault, int line)
{
	struct dt_error e;
	struct dt_program *p = dt_compile(src, 0, STRSIZE, &e);
	int i, f = 0;

	checks++;
	out[0] = '\0';
	if (p == NULL) {
		printf("FAIL line %d: %s: %d:%d: %s\n", line, src, e.line, e.col,
		       e.msg);
		failures++;
		return;
	}
	if (setup(p) != 0) {
		failures++;
		dt_program_free(p);
		return;
	}
	for (i = 0; f == 0 && i < p->nclauses; i++) {
		cur_thread = threads && threads[i] ? (dt_u64)threads[i] : 1;
		f = fire(&p->clauses[i]);
	}
	if (f != want_fault || strcmp(out, want) != 0) {
		printf("FAIL line %d: %s\n  got \"%s\" (fault %d), want \"%s\" "
		       "(fault %d)\n", line, src, out, f, want, want_fault);
		failures++;
	}
	dt_program_free(p);
}

static void check(const char *src, const int *threads, const char *want,
		  int line)
{
	check_run(src, threads, want, 0, line);
}

/* @src's clauses must stop with @fault after tracing @want. */
static void check_fault(const char *src, int fault, const char *want,
			int line)
{
	check_run(src, NULL, want, fault, line);
}

#define CHECK_RUN(src, want) check(src, NULL, want, __LINE__)

int main(void)
{
	static const int t121[] = { 1, 2, 1 };
	static const int t12[] = { 1, 2 };

	/* globals: integers and strings (by value) */
	CHECK_RUN("BEGIN { x = 1; x += 4; trace(x); }", "5");
	CHECK_RUN("BEGIN { s = execname; trace(s); s = \"zsh\"; trace(s) }",
		  "bash zsh");
	CHECK_RUN("BEGIN { x = 5 } BEGIN { trace(x * 2) }", "10");
	CHECK_RUN("int y; BEGIN { trace(y); y = 2; y *= 3; trace(y) }", "0 6");
	CHECK_RUN("string s; BEGIN { trace(s == \"\"); s = execname; "
		  "trace(s != NULL) }", "1 1");
	/* the type of the first assignment: char wraps */
	CHECK_RUN("BEGIN { c = (char)127; c++; trace(c); c += 300; trace(c) }",
		  "-128 -84");
	CHECK_RUN("unsigned char u; BEGIN { u = 255; u++; trace(u); u--; "
		  "trace(u) }", "0 255");
	/* compound assignment operators */
	CHECK_RUN("BEGIN { x = 100; x -= 1; x /= 3; x %= 7; x <<= 4; "
		  "x >>= 1; x |= 1; x &= 0xf; x ^= 0xff; trace(x) }", "246");
	CHECK_RUN("BEGIN { x = -8; x >>= 1; trace(x) }", "-4");
	/* ++ and -- as values */
	CHECK_RUN("BEGIN { i = 5; trace(i++); trace(i); trace(++i); "
		  "trace(i--); trace(--i) }", "5 6 7 7 5");
	/* assignment is an expression */
	CHECK_RUN("BEGIN { a = b = 3; trace(a + b); trace((c = 4) * 2) }",
		  "6 8");
	/* thread-locals: per thread, 0 when unset, deleted by 0 */
	CHECK_RUN("BEGIN { self->t = tid * 10 } BEGIN { trace(self->t) } "
		  "BEGIN { trace(self->t) }", "10 10");
	check("BEGIN { self->t = tid * 10 } BEGIN { trace(self->t) } "
	      "BEGIN { trace(self->t) }", t121, "0 10", __LINE__);
	/* ++ may create its variable, an int */
	check("BEGIN { self->n++ } BEGIN { trace(self->n) }", t12, "0",
	      __LINE__);
	CHECK_RUN("BEGIN { k++; k++; self->d--; trace(k); trace(self->d); "
		  "trace(sizeof(k)) }", "2 -1 4");
	CHECK_RUN("BEGIN { self->ts = timestamp } BEGIN /self->ts/ "
		  "{ trace(timestamp - self->ts + 1); self->ts = 0 } "
		  "BEGIN /self->ts == 0/ { trace(\"gone\") }", "1 gone");
	CHECK_RUN("self string name; BEGIN { self->name = execname; "
		  "trace(self->name) }", "bash");
	/* clause-locals within a firing's clause */
	CHECK_RUN("BEGIN { this->x = 7; this->y = this->x + 1; "
		  "trace(this->y) }", "8");
	CHECK_RUN("BEGIN { this->s = strjoin(execname, \"!\"); "
		  "trace(this->s) }", "bash!");
	/* associative arrays: mixed keys, read-modify-write */
	CHECK_RUN("BEGIN { a[\"x\", 1] = 5; a[\"x\", 2] = 6; a[\"x\", 1] += 10;"
		  " trace(a[\"x\", 1]); trace(a[\"x\", 2]); trace(a[\"y\", 1]) }",
		  "15 6 0");
	CHECK_RUN("BEGIN { n[execname]++; n[execname]++; trace(n[\"bash\"]) }",
		  "2");
	CHECK_RUN("BEGIN { name[pid] = execname; trace(name[1234]) }", "bash");
	CHECK_RUN("int c[string]; BEGIN { c[strjoin(\"a\", \"b\")] = 3; "
		  "trace(c[\"ab\"]) }", "3");
	CHECK_RUN("BEGIN { self->a[1, \"k\"] = 4; self->a[1, \"k\"] *= 2; "
		  "trace(self->a[1, \"k\"]) }", "8");
	check("BEGIN { self->a[1] = tid } BEGIN { trace(self->a[1]) }", t12,
	      "0", __LINE__);
	/* bare expression statements run for their effects */
	CHECK_RUN("BEGIN { strtok(arg0, \",\"); trace(strtok(NULL, \",\")) }",
		  "b");
	CHECK_RUN("inline int N = 3 * 4; BEGIN { x = N; x++; trace(x + N) }",
		  "25");
	/* sizeof, casts, stringof */
	CHECK_RUN("BEGIN { trace(sizeof(int) + sizeof (x = 1L)); "
		  "trace((unsigned char)-1); trace((short)65537); "
		  "trace(stringof(execname)) }", "12 255 1 bash");
	/* the comma operator; args[] */
	CHECK_RUN("BEGIN { a = 1, b = a + 1; trace(b); trace((a = 5, a * 2)); "
		  "trace(args[2] + args[a - 4]) }", "2 10 300");
	/* pointers, structs, unions, enums, typedefs */
	CHECK_RUN("struct foo { char c; int a; char name[8]; long l; "
		  "struct foo *next; }; typedef struct foo foo_t;\n"
		  "BEGIN { p = (foo_t *)arg2; trace(p->a); trace(p->name); "
		  "trace(p->next->l); trace((*p).c); trace(p->next->a); "
		  "trace(p->name[1]); trace(p->next->next == NULL); "
		  "trace(&p->l == (long *)(arg2 + 16)) }",
		  "7 first 1099511627776 120 -5 105 1 1");
	CHECK_RUN("BEGIN { ip = (int *)arg3; trace(ip[1]); trace(*(ip + 2)); "
		  "trace(ip[3] - ip[0]); trace(&ip[3] - ip); "
		  "trace((unsigned char)ip[1]); trace(*(unsigned int *)ip) }",
		  "-20 30 30 3 236 10");
	CHECK_RUN("union u { int i; char b[4]; short s; }; "
		  "BEGIN { up = (union u *)arg3; trace(up->b[0]); "
		  "trace(up->s); trace(sizeof(*up)) }", "10 10 4");
	CHECK_RUN("enum color { RED, GREEN = 5, BLUE }; BEGIN { "
		  "c = BLUE; trace(c); trace(RED + GREEN) }", "6 5");
	CHECK_RUN("struct foo { char c; int a; char name[8]; }; BEGIN { "
		  "s = ((struct foo *)arg2)->name; trace(s); "
		  "trace(((struct foo *)arg2)->name == \"first\"); "
		  "n[((struct foo *)arg2)->name] = 1; trace(n[\"first\"]) }",
		  "first 1 1");
	/* stores through pointers: alloca() memory only */
	CHECK_RUN("struct s { int a; char b; short c; long d; }; BEGIN { "
		  "this->p = (int *)alloca(8); *this->p = 5; *this->p += 10; "
		  "trace(*this->p); this->s = (struct s *)alloca(16); "
		  "this->s->a = -3; this->s->b = 300; this->s->b++; "
		  "this->s->c = 70000; this->s->d = 1L << 40; "
		  "trace(this->s->a); trace(this->s->b); trace(this->s->c); "
		  "trace(this->s->d); trace(this->s->b--); trace(--this->s->b);"
		  " trace((*this->s).a = 9); trace(this->s->a) }",
		  "15 -3 45 4464 1099511627776 45 43 9 9");
	CHECK_RUN("BEGIN { this->c = (char *)alloca(3); this->c[0] = 'h'; "
		  "this->c[1] = 'i'; trace(stringof(this->c)); "
		  "this->pp = (int **)alloca(8); *this->pp = (int *)arg3; "
		  "trace((*this->pp)[1]) }", "hi -20");
	/* outside the firing's scratch: a bad address, nothing written */
	check_fault("BEGIN { p = (int *)arg3; trace(1); *p = 99 }",
		    DIF_FAULT_BADADDR, "1", __LINE__);
	checks++;
	if (ints[0] != 10) {
		printf("FAIL line %d: a faulting store wrote %d\n", __LINE__,
		       ints[0]);
		failures++;
	}
	check_fault("BEGIN { this->c = (char *)alloca(4); this->c[4] = 1 }",
		    DIF_FAULT_BADADDR, "", __LINE__);
	check_fault("BEGIN { this->l = (long *)alloca(4); *this->l = 1 }",
		    DIF_FAULT_BADADDR, "", __LINE__);
	printf("test_compile_vars: %d checks, %d failures\n", checks,
	       failures);
	return failures ? 1 : 0;
}
