// SPDX-License-Identifier: GPL-2.0
/*
 * Compile D programs and run the generated DIF in the real interpreter
 * (src/common/dif_vm.c) after the real verifier, with a fake probe
 * environment: arithmetic, precedence, signed/unsigned comparisons,
 * short-circuiting, ?:, string comparisons, side-effect ordering.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "dt_program.h"
#include "dif_vm.h"

static int failures, checks;

/*
 * The VM reads strings in aligned 8-byte chunks (never crossing a page in
 * the kernel); keep every string the tests hand it inside padded storage.
 */
static _Alignas(8) char s_bash[16] = "bash";
static _Alignas(8) char s_entry[16] = "entry";
static _Alignas(8) char s_read[16] = "read";

static int env_getvar(void *env, dt_u32 var, dt_u64 *val)
{
	(void)env;
	switch (var) {
	case DIF_VAR_PID: *val = 1234; break;
	case DIF_VAR_TID: *val = 1240; break;
	case DIF_VAR_PPID: *val = 1; break;
	case DIF_VAR_UID: *val = 0xfffffffeULL; break;
	case DIF_VAR_GID: *val = 100; break;
	case DIF_VAR_CPU: *val = 3; break;
	case DIF_VAR_ERRNO: *val = (dt_u64)-1; break;
	case DIF_VAR_TIMESTAMP: *val = 1000000000ULL; break;
	case DIF_VAR_EXECNAME: *val = (uintptr_t)s_bash; break;
	case DIF_VAR_PROBENAME: *val = (uintptr_t)s_entry; break;
	case DIF_VAR_PROBEFUNC: *val = (uintptr_t)s_read; break;
	case DIF_VAR_ARG0: *val = (dt_u64)-7; break;
	case DIF_VAR_ARG0 + 1: *val = 2; break;
	case DIF_VAR_ARG0 + 2: *val = 0x7fffffff; break;
	case DIF_VAR_ARG9: *val = 0; break;
	default: return DIF_FAULT_ILLOP;
	}
	return 0;
}

static int env_load(void *env, void *dst, dt_u64 addr, dt_u32 size)
{
	(void)env;
	if (addr == 0)
		return -1;
	memcpy(dst, (const void *)(uintptr_t)addr, size);
	return 0;
}

static const struct dif_env_ops ops = { .getvar = env_getvar,
					.load = env_load };
static dt_u64 globals[64];
static _Alignas(8) char strtab_copy[4096 + 8];

/* Verify and run one DIFO; returns the fault. */
static int run(const struct dt_difo *d, dt_u32 nglobals, dt_u64 *res)
{
	struct difo dp = { d->insns, d->ninsns, d->inttab, d->nints,
			   strtab_copy, d->strtab_len, d->rtype, d->rsize };
	static _Alignas(8) char scratch[8 * 256];
	struct dif_ctx ctx = { .ops = &ops, .strsize = 256, .globals = globals,
			       .nglobals = 64, .scratch = scratch,
			       .scratch_size = sizeof(scratch) };
	const char *why;
	dt_u32 pc;

	if (d->strtab_len > 4096) {
		printf("FAIL: string table too large for the test\n");
		failures++;
		return -1;
	}
	memset(strtab_copy, 0, sizeof(strtab_copy));
	if (d->strtab_len)
		memcpy(strtab_copy, d->strtab, d->strtab_len);
	if (dif_verify(&dp, nglobals, &why, &pc) != 0) {
		printf("FAIL: verifier: %s at %u\n", why, pc);
		failures++;
		return -1;
	}
	return dif_emulate(&dp, &ctx, res);
}

static void check_expr(const char *expr, dt_s64 want)
{
	char src[512];
	struct dt_error e;
	struct dt_program *p;
	dt_u64 v = 0;
	int f;

	checks++;
	snprintf(src, sizeof(src), "BEGIN { trace(%s) }", expr);
	p = dt_compile(src, 0, 0, &e);
	if (p == NULL) {
		printf("FAIL: %s: %d:%d: %s\n", expr, e.line, e.col, e.msg);
		failures++;
		return;
	}
	f = run(&p->clauses[0].stmts[0].vals[0].difo, p->nvars, &v);
	if (f != 0 || (dt_s64)v != want) {
		printf("FAIL: %s = %" PRId64 " (fault %d), want %" PRId64 "\n",
		       expr, (dt_s64)v, f, want);
		failures++;
	}
	dt_program_free(p);
}

static void check_str(const char *expr, const char *want)
{
	char src[512];
	struct dt_error e;
	struct dt_program *p;
	dt_u64 v = 0;

	checks++;
	snprintf(src, sizeof(src), "BEGIN { trace(%s) }", expr);
	p = dt_compile(src, 0, 0, &e);
	if (p == NULL || !p->clauses[0].stmts[0].vals[0].is_string ||
	    run(&p->clauses[0].stmts[0].vals[0].difo, 0, &v) != 0 ||
	    strcmp((const char *)(uintptr_t)v, want) != 0) {
		printf("FAIL: %s: want \"%s\"\n", expr, want);
		failures++;
	}
	dt_program_free(p);
}

static void check_fault(const char *expr, int fault)
{
	char src[512];
	struct dt_error e;
	struct dt_program *p;
	dt_u64 v;
	int f;

	checks++;
	snprintf(src, sizeof(src), "BEGIN { trace(%s) }", expr);
	p = dt_compile(src, 0, 0, &e);
	f = p ? run(&p->clauses[0].stmts[0].vals[0].difo, 0, &v) : -1;
	if (f != fault) {
		printf("FAIL: %s: fault %d, want %d\n", expr, f, fault);
		failures++;
	}
	dt_program_free(p);
}

/*
 * Run clause 0 the way the kernel does (predicate, then each statement's
 * value(s), then its keys) and compare the values produced, in order, with want[].
 */
static void check_clause(const char *src, int pred_want, const dt_s64 *want,
			 int nwant)
{
	struct dt_error e;
	struct dt_program *p = dt_compile(src, 0, 0, &e);
	struct dt_clause *c;
	dt_u64 v;
	int i, j, n = 0, ok = 1;

	checks++;
	if (p == NULL) {
		printf("FAIL: %s: %s\n", src, e.msg);
		failures++;
		return;
	}
	c = &p->clauses[0];
	if (c->pred != NULL) {
		if (run(c->pred, p->nvars, &v) != 0 || (v != 0) != pred_want)
			ok = 0;
		if (v == 0)
			goto done;
	} else if (!pred_want) {
		ok = 0;
	}
	for (i = 0; ok && i < c->nstmts; i++) {
		struct dt_stmt *s = &c->stmts[i];

		if (s->kind == DT_STMT_DIFEXPR) {
			/* run for its effects: no value to compare */
			if (run(&s->vals[0].difo, p->nvars, &v) != 0)
				ok = 0;
			continue;
		}
		for (j = 0; ok && j < s->nkeys + s->nvals; j++) {
			/* the kernel's order: the value, then the keys */
			struct dt_value *val = j < s->nvals ? &s->vals[j] :
				&s->keys[j - s->nvals];

			if (run(&val->difo, p->nvars, &v) != 0 || n >= nwant ||
			    (dt_s64)v != want[n])
				ok = 0;
			n++;
		}
	}
	if (n != nwant)
		ok = 0;
done:
	if (!ok) {
		printf("FAIL: clause run: %s\n", src);
		failures++;
	}
	dt_program_free(p);
}

int main(void)
{
	/* precedence and arithmetic, folded and at run time */
	check_expr("1 + 2 * 3", 7);
	check_expr("(1 + 2) * 3", 9);
	check_expr("10 - 2 - 3", 5);
	check_expr("2 << 3 + 1", 32);
	check_expr("1 | 2 ^ 3 & 4", 3);
	check_expr("-7 / 2", -3);
	check_expr("-7 % 3", -1);
	check_expr("arg1 + arg1 * arg0", -12);
	check_expr("(arg1 + arg1) * arg0", -28);
	check_expr("arg0 / arg1", -3);
	check_expr("arg0 % arg1", -1);
	check_expr("arg0 >> 1", -4);
	check_expr("arg1 << 4 | 1", 33);
	/* subroutines */
	check_expr("strlen(\"hello\")", 5);
	check_expr("strlen(execname) + strlen(\"\")", 4);
	check_expr("strlen(strjoin(execname, probefunc))", 8);
	check_str("strjoin(\"a\", \"b\")", "ab");
	check_str("strjoin(strjoin(execname, \":\"), probename)",
		  "bash:entry");
	check_str("substr(\"hello\", 1, 3)", "ell");
	check_str("substr(\"hello\", -3)", "llo");
	check_str("substr(\"hello\", arg1)", "llo");
	check_str("substr(\"hello\", 0, -2)", "hel");
	check_expr("index(\"hello\", \"l\")", 2);
	check_expr("rindex(\"hello\", \"l\")", 3);
	check_expr("index(\"hello\", \"l\", 3)", 3);
	check_expr("index(\"hello\", \"z\") < 0", 1);
	check_str("strchr(\"a=b\", '=')", "=b");
	check_str("strrchr(\"/a/b\", '/')", "/b");
	check_str("strstr(\"hello\", \"ll\")", "llo");
	check_str("strtok(\"a,b\", \",\")", "a");
	check_str("basename(\"/usr/lib/libc.so\")", "libc.so");
	check_str("dirname(\"/usr/lib/libc.so\")", "/usr/lib");
	check_str("dirname(\"a\")", ".");
	check_str("lltostr(-42)", "-42");
	check_str("lltostr(arg0 * 3)", "-21");
	check_str("lltostr(255, 16)", "0xff");
	check_str("toupper(execname)", "BASH");
	check_str("tolower(\"MiXeD\")", "mixed");
	check_expr("htons(0x1234)", 0x3412);
	check_expr("ntohl(0x12345678)", 0x78563412);
	check_expr("htonll(1) == 0x0100000000000000", 1);
	check_expr("htons(0x1234) + 0", 0x3412);
	check_expr("strlen(substr(toupper(strjoin(\"ab\", \"cd\")), 1)) * 10 + "
		   "index(strjoin(\"x\", \"yz\"), \"z\")", 32);
	check_expr("strlen(\"abc\") == 3 ? strlen(\"de\") : -1", 2);
	check_str("strlen(\"abc\") > 1 ? basename(\"/x/y\") : \"no\"", "y");
	check_str("substr(strjoin(\"ab\", execname), index(\"..a\", \"a\"), "
		  "strlen(\"xyz\"))", "bas");
	check_fault("lltostr(1, 1)", DIF_FAULT_ILLOP);
	check_fault("strlen(strjoin(execname, substr(\"x\", 0)))", 0);
	check_expr("arg1 - 3 - 4", -5);
	check_expr("-arg1", -2);
	check_expr("~arg1", -3);
	check_expr("!arg1", 0);
	check_expr("!arg9", 1);
	check_expr("0x10 + 010 + 'a'", 24 + 97);
	check_expr("'\\n'", 10);
	check_expr("'\\0' + '\\x41' + '\\101'", 130);
	check_expr("-2147483648", -2147483648LL);
	check_expr("'\\xff'", -1);
	check_expr("'\\xff' == -1", 1);
	check_expr("arg0 * -arg0", -49);
	/* 32-bit int arithmetic wraps, unsigned int is 32 bits */
	check_expr("2147483647 + 1", -2147483647LL - 1);
	check_expr("pid * 0 + 2147483647 + 1", -2147483647LL - 1);
	check_expr("uid + 3", 1);
	check_expr("-uid", 2);
	check_expr("~uid", 1);
	check_expr("4294967295 + 1", 4294967296LL);	/* long */
	check_expr("0xffffffff + 1", 0);		/* unsigned int */
	/* comparisons: signed and unsigned */
	check_expr("arg0 < 0", 1);
	check_expr("arg0 < arg1", 1);
	check_expr("uid > 0", 1);
	check_expr("uid < 0", 0);
	check_expr("errno < 0", 1);
	check_expr("errno < 0u", 0);
	check_expr("-1 < 0u", 0);
	check_expr("errno == 0xffffffff", 1);
	check_expr("timestamp > arg0", 0);
	check_expr("pid == 1234 && ppid == 1", 1);
	check_expr("pid >= 1234", 1);
	check_expr("pid <= 1233", 0);
	check_expr("pid != 1234", 0);
	/* short-circuit: the division by zero must not run */
	check_expr("arg9 != 0 && arg1 / arg9", 0);
	check_expr("arg9 == 0 || arg1 / arg9", 1);
	check_expr("arg1 && arg0", 1);
	check_expr("arg9 || arg9", 0);
	check_expr("arg1 ^^ arg9", 1);
	check_expr("arg1 ^^ arg0", 0);
	check_expr("arg9 ^^ arg9", 0);
	check_expr("2 ^^ 0", 1);
	check_expr("1 ^^ 2 && 0", 1);	/* ^^ binds looser than && */
	check_fault("arg1 / arg9", DIF_FAULT_DIVZERO);
	check_fault("arg9 == 0 && arg1 / arg9", DIF_FAULT_DIVZERO);
	/* ?: */
	check_expr("arg0 < 0 ? 10 : 20", 10);
	check_expr("arg9 ? 10 : arg0", -7);
	check_expr("1 ? arg1 : arg0", 2);
	check_expr("arg9 ? 1 : arg1 ? 2 : 3", 2);
	check_expr("arg9 ? arg0 : uid", 4294967294LL);
	check_expr("arg1 ? errno : uid", 4294967295LL);	/* unsigned int */
	check_expr("arg1 ? errno : arg0", -1);			/* long */
	check_expr("arg1 ? (1 ? errno : uid) : 0", 4294967295LL);
	check_str("arg9 ? \"yes\" : \"no\"", "no");
	check_str("execname", "bash");
	check_str("\"a\\tb\"", "a\tb");
	/* strings */
	check_expr("execname == \"bash\"", 1);
	check_expr("execname != \"bash\"", 0);
	check_expr("execname < \"bz\"", 1);
	check_expr("execname > \"bash\"", 0);
	check_expr("execname >= \"bash\"", 1);
	check_expr("probename == \"entry\" && probefunc == \"read\"", 1);
	check_expr("\"abc\" < \"abd\"", 1);

	/* side effects run in statement order around the values */
	{
		static const dt_s64 w1[] = { 1, 2, 2 };
		static const dt_s64 w2[] = { 0, 0 };
		static const dt_s64 w3[] = { 2147483647LL, -2147483647LL - 1 };
		static const dt_s64 w4[] = { 7, 3, 3, 3, 4 };

		check_clause("BEGIN /arg1 == 2/ { x = 1; trace(x); x = x + 1; "
			     "@a[x] = sum(x); x = 10 }", 1, w1, 3);
		check_clause("BEGIN /arg1 != 2/ { trace(1) }", 0, NULL, 0);
		check_clause("BEGIN { y = 0; trace(arg9 && (y = 5)); "
			     "trace(y) }", 1, w2, 2);
		check_clause("BEGIN { w = 3; @c[w, w] = max(w + 4); w = w + 1;"
			     " @d = count(); @e[w - 1] = count(); trace(w) }",
			     1, w4, 5);
		static const dt_s64 w5[] = { 0, 1000000001 };

		/* a global keeps the type of its first assignment */
		check_clause("BEGIN { v = 1; v = arg2 + arg2 + 2; trace(v); "
			     "t = timestamp; t = t + 1; trace(t) }", 1, w5, 2);
		check_clause("BEGIN { z = 2147483647; trace(z); z = z + 1; "
			     "trace(z) }", 1, w3, 2);
	}
	/* expression statements are DIFOs of their own, run in order */
	{
		struct dt_error e;
		struct dt_program *p = dt_compile("BEGIN { q = 5 } "
			"END /arg9/ { r = 7 } tick-1s { q = q + pid; q++; "
			"q <<= 1; ++q; q -= 3 }", 0, 0, &e);
		struct dt_clause *c;
		dt_u64 v = 9;
		int i, ok = p != NULL && p->nvars == 2;

		checks++;
		memset(globals, 0, sizeof(globals));
		if (ok) {
			ok = run(&p->clauses[0].stmts[0].vals[0].difo, 2,
				 &v) == 0 && v == 5 && globals[0] == 5;
			ok = ok && run(p->clauses[1].pred, 2, &v) == 0 &&
			     v == 0 && globals[1] == 0;
			c = &p->clauses[2];
			for (i = 0; ok && i < c->nstmts; i++)
				ok = c->stmts[i].kind == DT_STMT_DIFEXPR &&
				     run(&c->stmts[i].vals[0].difo, 2, &v) == 0;
			/* ((5 + 1234) + 1) << 1 = 2480, + 1 - 3 */
			ok = ok && globals[0] == 2478 && v == 2478;
		}
		if (!ok) {
			printf("FAIL: effect-only clauses\n");
			failures++;
		}
		dt_program_free(p);
	}

	printf("test_compile_run: %d checks, %d failures\n", checks, failures);
	return failures ? 1 : 0;
}
