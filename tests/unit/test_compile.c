// SPDX-License-Identifier: GPL-2.0
/*
 * D compiler tests: good programs and the structure dt_compile() builds
 * for them (clauses, probe descriptions, statements, record layout,
 * aggregations), bad programs and the error message and position.
 */
#include <stdio.h>
#include <string.h>
#include "dt_program.h"
#include "compile_check.h"
#include "dtrace_abi.h"

static int spec_is(const struct dt_probespec *s, const char *prov,
		   const char *mod, const char *func, const char *name)
{
	return strcmp(s->prov, prov) == 0 && strcmp(s->mod, mod) == 0 &&
	       strcmp(s->func, func) == 0 && strcmp(s->name, name) == 0;
}

static void test_specs(void)
{
	struct dt_program *p;

	p = good("BEGIN");
	if (p) {
		CHECK(p->nclauses == 1);
		CHECK(spec_is(&p->clauses[0].specs[0], "", "", "", "BEGIN"));
		CHECK(p->clauses[0].nstmts == 0 && p->clauses[0].pred == NULL);
		CHECK(p->clauses[0].recsize == 0);
		CHECK(strcmp(p->clauses[0].specs[0].text, "BEGIN") == 0);
	}
	dt_program_free(p);

	p = good("syscall::read:entry, fbt:vmlinux:vfs_*:entry,a:b,\n"
		 "  profile:::tick-1s /pid/ { } tick-1s END{}fbt::[a-c]?x:");
	if (p) {
		struct dt_clause *c = &p->clauses[0];

		CHECK(p->nclauses == 4);
		CHECK(c->nspecs == 4);
		CHECK(spec_is(&c->specs[0], "syscall", "", "read", "entry"));
		CHECK(spec_is(&c->specs[1], "fbt", "vmlinux", "vfs_*",
			      "entry"));
		CHECK(spec_is(&c->specs[2], "", "", "a", "b"));
		CHECK(spec_is(&c->specs[3], "profile", "", "", "tick-1s"));
		CHECK(c->specs[3].line == 2 && c->specs[3].col == 3);
		CHECK(c->pred != NULL && c->nstmts == 0);
		CHECK(spec_is(&p->clauses[1].specs[0], "", "", "", "tick-1s"));
		CHECK(p->clauses[1].pred == NULL);
		CHECK(spec_is(&p->clauses[2].specs[0], "", "", "", "END"));
		CHECK(spec_is(&p->clauses[3].specs[0], "fbt", "", "[a-c]?x",
			      ""));
	}
	dt_program_free(p);

	/* comments, #!, pragmas */
	p = good("#!/usr/sbin/dtrace -s\n#pragma D option quiet\n"
		 "/* c1 */ BEGIN // c2\n{ /* c3 */ trace(1); // c4\n}\n"
		 "  #pragma D option bufsize=4m\nEND");
	CHECK(p && p->nclauses == 2 && p->clauses[1].specs[0].line == 7);
	dt_program_free(p);

	p = good("");
	CHECK(p && p->nclauses == 0);
	dt_program_free(p);

	/* no blanks around predicates and bodies; '/' inside a predicate */
	p = good("fbt::vfs_read:entry/arg0/2 > 1/{trace(1)}BEGIN/1/;"
		 "END/arg1 / 2/{;;trace(2);;trace(3)}");
	if (p) {
		CHECK(p->nclauses == 3);
		CHECK(spec_is(&p->clauses[0].specs[0], "fbt", "", "vfs_read",
			      "entry"));
		CHECK(p->clauses[1].pred && p->clauses[1].nstmts == 0);
		CHECK(p->clauses[2].pred && p->clauses[2].nstmts == 2);
	}
	dt_program_free(p);

	/* -n style: one clause, and "#!" is not special there */
	{
		struct dt_error e;

		p = dt_compile("syscall::read:entry", 1, 0, &e);
		CHECK(p && p->nclauses == 1 &&
		      spec_is(&p->clauses[0].specs[0], "syscall", "", "read",
			      "entry"));
		dt_program_free(p);
		p = dt_compile("#!x\nBEGIN", 1, 0, &e);
		CHECK(p == NULL && e.line == 1 && e.col == 1);
		dt_program_free(p);
	}
}

static void test_layout(void)
{
	struct dt_program *p;
	struct dt_clause *c;

	p = good("BEGIN { trace(1); trace(execname); printf(\"%d %s %%\\n\","
		 " pid, probefunc); exit(0); }");
	if (p) {
		c = &p->clauses[0];
		CHECK(c->nstmts == 4);
		CHECK(c->stmts[0].kind == DT_STMT_TRACE &&
		      c->stmts[0].nvals == 1 && c->stmts[0].vals[0].offset == 0);
		CHECK(!c->stmts[0].vals[0].is_string &&
		      c->stmts[0].vals[0].difo.rtype == DIF_TYPE_INT &&
		      c->stmts[0].vals[0].difo.rsize == 8);
		CHECK(c->stmts[1].vals[0].is_string &&
		      c->stmts[1].vals[0].offset == 8 &&
		      c->stmts[1].vals[0].difo.rtype == DIF_TYPE_STRING &&
		      c->stmts[1].vals[0].difo.rsize == 256);
		CHECK(c->stmts[2].kind == DT_STMT_PRINTF &&
		      strcmp(c->stmts[2].fmt, "%d %s %%\n") == 0 &&
		      c->stmts[2].nvals == 2);
		CHECK(c->stmts[2].vals[0].offset == 264 &&
		      c->stmts[2].vals[0].size == 4 &&
		      c->stmts[2].vals[0].is_signed == 1);
		CHECK(c->stmts[2].vals[1].offset == 272);
		CHECK(c->stmts[3].kind == DT_STMT_EXIT &&
		      c->stmts[3].vals[0].offset == 528);
		CHECK(c->recsize == 536);
		CHECK(c->stmts[0].line == 1 && c->stmts[0].col == 9);
	}
	dt_program_free(p);

	/* strsize not a multiple of 8: offsets stay aligned */
	{
		struct dt_error e;

		p = dt_compile("BEGIN { trace(execname); trace(timestamp); "
			       "trace(\"x\") }", 1, 13, &e);
		CHECK(p != NULL);
		if (p) {
			c = &p->clauses[0];
			CHECK(p->strsize == 13);
			CHECK(c->stmts[1].vals[0].offset == 16);
			CHECK(c->stmts[1].vals[0].size == 8 &&
			      !c->stmts[1].vals[0].is_signed);
			CHECK(c->stmts[2].vals[0].offset == 24);
			CHECK(c->recsize == 40);
		}
		dt_program_free(p);
	}

	/* printf escapes */
	p = good("BEGIN { printf(\"a\\tb\\\\c\\\"d\\101\\x42\\n\") }");
	CHECK(p && strcmp(p->clauses[0].stmts[0].fmt,
			  "a\tb\\c\"dAB\n") == 0 &&
	      p->clauses[0].stmts[0].nvals == 0 &&
	      p->clauses[0].recsize == 0);
	dt_program_free(p);
}

static void test_aggs_globals(void)
{
	struct dt_program *p;
	struct dt_clause *c;

	p = good("syscall:::entry { @[execname] = count(); @c = count(); "
		 "@s[pid, probefunc] = sum(arg0); x = 1; }\n"
		 "syscall:::return { @m = min(arg1); @M = max(arg1); "
		 "@a[1] = avg(timestamp); @[\"x\"] = count(); y = x + 1; @c = "
		 "count() }");
	if (p) {
		CHECK(p->naggs == 6);
		CHECK(strcmp(p->aggs[0].name, "") == 0 &&
		      p->aggs[0].fn == DTRACE_AGG_COUNT &&
		      p->aggs[0].nkeys == 1 && p->aggs[0].key_is_string[0] &&
		      p->aggs[0].keysize == 256);
		CHECK(strcmp(p->aggs[1].name, "c") == 0 &&
		      p->aggs[1].nkeys == 0 && p->aggs[1].keysize == 0);
		CHECK(p->aggs[2].fn == DTRACE_AGG_SUM && p->aggs[2].nkeys == 2 &&
		      !p->aggs[2].key_is_string[0] &&
		      p->aggs[2].key_is_string[1] &&
		      p->aggs[2].keysize == 264);
		CHECK(p->aggs[3].fn == DTRACE_AGG_MIN);
		CHECK(p->aggs[4].fn == DTRACE_AGG_MAX);
		CHECK(p->aggs[5].fn == DTRACE_AGG_AVG);
		c = &p->clauses[0];
		CHECK(c->nstmts == 4 && c->recsize == 0);
		CHECK(c->stmts[3].kind == DT_STMT_DIFEXPR &&
		      c->stmts[3].nvals == 1 && c->stmts[3].vals[0].offset == 0);
		CHECK(c->stmts[0].kind == DT_STMT_AGG &&
		      c->stmts[0].aggid == 0 && c->stmts[0].nkeys == 1 &&
		      c->stmts[0].nvals == 0);
		CHECK(c->stmts[2].aggid == 2 && c->stmts[2].nvals == 1 &&
		      c->stmts[2].keys[1].offset == 8 &&
		      c->stmts[2].keys[1].difo.rtype == DIF_TYPE_STRING);
		c = &p->clauses[1];
		CHECK(c->nstmts == 6 && c->stmts[3].aggid == 0 &&
		      c->stmts[4].kind == DT_STMT_DIFEXPR &&
		      c->stmts[5].aggid == 1);
		CHECK(p->nvars == 2 && strcmp(p->vars[0].name, "x") == 0 &&
		      strcmp(p->vars[1].name, "y") == 0);
	}
	dt_program_free(p);

	/* as in illumos, an assignment-only clause prints nothing */
	p = good("BEGIN { x = 1 }");
	CHECK(p && p->clauses[0].nstmts == 1 && p->clauses[0].pred == NULL &&
	      p->clauses[0].stmts[0].kind == DT_STMT_DIFEXPR &&
	      p->clauses[0].recsize == 0);
	dt_program_free(p);
	/* an empty body keeps the default action */
	p = good("BEGIN { } END { ; }");
	CHECK(p && p->clauses[0].nstmts == 0 && p->clauses[1].nstmts == 0);
	dt_program_free(p);
}

static void test_errors(void)
{
	bad("BEGIN { trace(1) } }", "syntax error near \"}\"", 1, 20);
	bad("BEGIN { trace(1) ", "syntax error near end of input", 1, 18);
	bad("BEGIN { trace(1 + ) }", "syntax error near \")\"", 1, 19);
	bad("BEGIN {\n  trace(foo);\n}", "failed to resolve foo: Unknown variable name", 2, 9);
	bad("BEGIN { x = y }", "failed to resolve y: Unknown variable name", 1, 13);
	bad("BEGIN { trace(x); x = 1 }", "failed to resolve x: Unknown variable name", 1, 15);
	bad("BEGIN { foo(1) }", "undefined function name: foo", 1, 9);
	bad("BEGIN { trace(bar()) }", "undefined function name: bar", 1, 15);
	bad("BEGIN { printf(\"%d\\n\", execname) }",
	    "printf( ) argument #2 is incompatible with conversion #1 "
	    "prototype:\n"
	    "\tconversion: %d\n"
	    "\t prototype: char, short, int, long, or long long\n"
	    "\t  argument: string",
	    1, 24);
	bad("BEGIN { printf(\"%s %s\", \"a\", 1) }",
	    "printf( ) argument #3 is incompatible with conversion #2 "
	    "prototype:\n"
	    "\tconversion: %s\n"
	    "\t prototype: char [] or string (or use stringof)\n"
	    "\t  argument: int",
	    1, 30);
	bad("BEGIN { printf(\"%% %d %d\", 1) }",
	    "printf( ) prototype mismatch: conversion #3 (%d) is missing a "
	    "corresponding value argument", 1, 9);
	bad("BEGIN { printf(\"%d\", 1, 2) }",
	    "printf( ) prototype mismatch: only 1 arguments required by this "
	    "format string", 1, 25);
	bad("BEGIN { printf(\"%q\", 1) }",
	    "format conversion #1 is undefined: %q", 1, 16);
	bad("BEGIN { printf(execname) }",
	    "printf( ) argument #1 is incompatible with prototype:\n"
	    "\tprototype: string constant\n"
	    "\t argument: string", 1, 16);
	bad("BEGIN { printf() }",
	    "printf( ) prototype mismatch: 0 args passed, 1 expected", 1, 9);
	bad("BEGIN { printf(\"\") }", "printf( ) format string is empty",
	    1, 16);
	bad("a:b:c:d:e", "invalid probe description \"a:b:c:d:e\": "
	    "Overspecified probe description", 1, 1);
	bad("BEGIN\n  x:y:z:w:v { }", "invalid probe description "
	    "\"x:y:z:w:v\": Overspecified probe description", 2, 3);
	/* subroutines: arity and argument types */
	bad("BEGIN { trace(strlen()) }", "strlen( ) prototype mismatch: 0 "
	    "args passed, 1 expected", 1, 15);
	bad("BEGIN { trace(strjoin(\"a\", \"b\", \"c\")) }", "strjoin( ) "
	    "prototype mismatch: 3 args passed, 2 expected", 1, 15);
	bad("BEGIN { trace(substr(\"a\", 1, 2, 3)) }", "substr( ) prototype "
	    "mismatch: 4 args passed, at least 2 expected", 1, 15);
	bad("BEGIN {\n  trace(strlen(42)) }", "strlen( ) argument #1 is "
	    "incompatible with prototype:\n"
	    "\tprototype: const char *\n"
	    "\t argument: int", 2, 16);
	bad("BEGIN { trace(substr(\"a\", \"b\")) }", "substr( ) argument #2 "
	    "is incompatible with prototype:\n"
	    "\tprototype: int\n"
	    "\t argument: string", 1, 27);
	bad("BEGIN { trace(htons(execname)) }", "htons( ) argument #1 is "
	    "incompatible with prototype:\n"
	    "\tprototype: uint16_t\n"
	    "\t argument: string", 1, 21);
	bad("BEGIN { trace(lltostr(1, 2, 3)) }", "lltostr( ) prototype "
	    "mismatch: 3 args passed, at least 1 expected", 1, 15);
	bad("BEGIN { trace(strlen(1 + \"a\")) }", "operands have "
	    "incompatible types: \"int\" + \"string\"", 1, 24);
	bad("BEGIN { exit() }", "exit( ) prototype mismatch: 0 args passed, "
	    "1 expected", 1, 9);
	bad("BEGIN { exit(1, 2) }",
	    "exit( ) prototype mismatch: 2 args passed, 1 expected", 1, 9);
	bad("BEGIN { exit(execname) }", "exit( ) argument #1 is incompatible "
	    "with prototype:\n"
	    "\tprototype: int\n"
	    "\t argument: string", 1, 14);
	bad("BEGIN { trace(\"a\" + 1) }",
	    "operands have incompatible types: \"string\" + \"int\"", 1, 19);
	bad("BEGIN { trace(execname + execname) }",
	    "operands have incompatible types: \"string\" + \"string\"", 1, 24);
	bad("BEGIN /execname == 1/ { }",
	    "operands have incompatible types: \"string\" == \"int\"", 1, 17);
	bad("BEGIN /execname/ { }",
	    "predicate result must be of scalar type", 1, 8);
	bad("BEGIN { trace(1 @ 2) }", "syntax error near \"@\"", 1, 17);
	bad("BEGIN { trace(1 $ 2) }", "invalid character 0x24", 1, 17);
	bad("BEGIN { trace(1) } #include <x>",
	    "invalid probe description \"#include\": invalid character '#'",
	    1, 20);
	bad("#define X 1\nBEGIN", "invalid control directive: #define", 1, 1);
	bad("BEGIN { @a = count(); @a = sum(1) }",
	    "aggregation redefined: @a\n"
	    "\t current: @a = sum( )\n"
	    "\tprevious: @a = count( )", 1, 28);
	bad("BEGIN { @a[1] = count(); @a[1, 2] = count() }",
	    "@a[ ] prototype mismatch: 2 keys passed, 1 expected", 1, 26);
	bad("BEGIN { @a[1] = count(); } END { @a[\"x\"] = count() }",
	    "@a[ ] key #1 is incompatible with prototype:\n"
	    "\tprototype: int\n"
	    "\t      key: string", 1, 37);
	bad("BEGIN { @a = 1 }",
	    "@a must be assigned the result of an aggregating function", 1, 9);
	bad("BEGIN { @a = count(1) }",
	    "count( ) prototype mismatch: 1 arg passed, 0 expected", 1, 14);
	bad("BEGIN { @a = sum() }",
	    "sum( ) prototype mismatch: 0 args passed, 1 expected", 1, 14);
	bad("BEGIN { @a = avg(execname) }", "avg( ) argument #1 is "
	    "incompatible with prototype:\n"
	    "\tprototype: integer\n"
	    "\t argument: string", 1, 18);
	bad("BEGIN { trace(count()) }", "count( ) may only be used as the "
	    "value of an aggregation: @name[keys] = count(...)", 1, 15);
	bad("BEGIN { x = trace(1) }", "trace( ) is an action and may only be "
	    "used as a statement", 1, 13);
	bad("BEGIN { trace(1 / 0) }", "expression contains division by zero",
	    1, 17);
	bad("BEGIN { pid = 1 }", "operator = can only be applied to a writable "
	    "variable", 1, 9);
	bad("BEGIN { 1 = 2 }", "operator = requires modifiable lvalue as an "
	    "operand", 1, 11);
	bad("BEGIN { x = 1; x = execname }", "operands have incompatible "
	    "types: \"int\" = \"string\"", 1, 18);
	bad("BEGIN { trace(\"abc) }", "unterminated string literal", 1, 15);
	bad("BEGIN { trace(1) /* x", "end-of-file encountered before "
	    "matching */", 1, 18);
	bad("BEGIN { trace(099) }", "constant 099 contains invalid digit 9",
	    1, 15);
	bad("BEGIN { trace(\"abc) }\n", "newline encountered in string "
	    "literal", 1, 15);
	bad("BEGIN { trace(0x1ffffffffffffffff) }", "integer constant "
	    "0x1ffffffffffffffff cannot be represented in any built-in "
	    "integral type", 1, 15);
	bad("BEGIN { trace(1, 2) }",
	    "trace( ) prototype mismatch: 2 args passed, 1 expected", 1, 9);
	bad("BEGIN { trace(-execname) }",
	    "operator - requires an operand of arithmetic type", 1, 15);
	bad("BEGIN { trace(execname ? 1 : 2) }",
	    "operator ?: expression must be of scalar type", 1, 15);
	bad("BEGIN { trace(pid ? \"a\" : 2) }",
	    "operator ?: operands must have compatible types", 1, 19);
	bad("BEGIN /(pid/ { }",
	    "closing ) expected in predicate before /", 1, 12);
	bad("BEGIN { x += 1 }", "x has not yet been declared or assigned",
	    1, 9);
	bad(";BEGIN", "syntax error near \";\"", 1, 1);
	bad("BEGIN { trace('ab') }", "invalid character constant: 'ab'", 1, 15);
	bad("BEGIN { trace('') }", "empty character constant", 1, 15);
	bad("BEGIN { trace('abcdefghi') }", "character constant is too long",
	    1, 15);
	bad("BEGIN { trace(1) trace(2) }", "syntax error near \"trace\"",
	    1, 18);
	/* as in illumos, "/" then a name is a division, not a new clause */
	bad("BEGIN /1/ END /2/ { }", "failed to resolve END: Unknown variable name", 1, 11);
	bad("BEGIN\n{\n\ttrace(\xc3\xa9)\n}", "invalid character 0xc3",
	    3, 8);
	bad("BEGIN { trace(execname && 1) }",
	    "operator && requires operands of scalar type", 1, 24);
}

/* Deep nesting runs out of registers: an error, never a crash. */
static void test_limits(void)
{
	char src[4096], *p = src;
	struct dt_error e;
	struct dt_program *pg;
	int i;

	p += sprintf(p, "BEGIN { trace(");
	for (i = 0; i < 10; i++)
		p += sprintf(p, "arg0 + (");
	p += sprintf(p, "1");
	for (i = 0; i < 10; i++)
		p += sprintf(p, ")");
	sprintf(p, ") }");
	pg = dt_compile(src, 0, 0, &e);
	CHECK(pg == NULL && strstr(e.msg, "expression too complex") != NULL);
	dt_program_free(pg);

	/* constant subexpressions fold to one SETX and RET */
	pg = good("BEGIN { trace((1 + 2) * 3 << 2 | 1) }");
	CHECK(pg && pg->clauses[0].stmts[0].vals[0].difo.ninsns == 2 &&
	      pg->clauses[0].stmts[0].vals[0].difo.nints == 1 &&
	      pg->clauses[0].stmts[0].vals[0].difo.inttab[0] == 37);
	dt_program_free(pg);

	/* the integer table is deduplicated */
	pg = good("BEGIN { trace(arg0 + 5 + arg1 + 5 + arg2 + 5) }");
	CHECK(pg && pg->clauses[0].stmts[0].vals[0].difo.nints == 1);
	dt_program_free(pg);

	/* NULL error pointer is allowed */
	pg = dt_compile("BEGIN {", 0, 0, NULL);
	CHECK(pg == NULL);
}

int main(void)
{
	test_specs();
	test_layout();
	test_aggs_globals();
	test_errors();
	test_limits();
	return check_done("test_compile");
}
