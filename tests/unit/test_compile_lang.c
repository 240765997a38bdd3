// SPDX-License-Identifier: GPL-2.0
/*
 * D language tests beyond the basics of test_compile.c: statements
 * (expression statements, assignment operators, ++/--), variables of
 * every scope and their declarations, inlines, pragmas, the actions on
 * aggregations, casts, sizeof and stringof: the structure dt_compile()
 * builds, and every error with illumos' wording and its position.
 */
#include <stdio.h>
#include <string.h>
#include "dt_program.h"
#include "compile_check.h"
#include "dtrace_abi.h"

static const struct dt_var *var(const struct dt_program *p, const char *name,
				int scope)
{
	int i;

	for (i = 0; i < p->nvars; i++)
		if (strcmp(p->vars[i].name, name) == 0 &&
		    p->vars[i].scope == scope)
			return &p->vars[i];
	return NULL;
}

static void test_vars(void)
{
	struct dt_program *p;
	const struct dt_var *v;

	p = good("int g; self string s; this int t; int a[string, int];\n"
		 "BEGIN { g = 1; self->s = execname; this->t = 2; "
		 "a[\"k\", 1] = 3; self->n[1] = \"x\"; h = \"y\"; }");
	if (p) {
		CHECK(p->nvars == 6);
		v = var(p, "g", DTRACE_VSCOPE_GLOBAL);
		CHECK(v && v->id == DIF_VAR_OTHER_UBASE &&
		      v->kind == DTRACE_VKIND_SCALAR &&
		      v->type == DIF_TYPE_INT && v->size == 8);
		v = var(p, "s", DTRACE_VSCOPE_THREAD);
		CHECK(v && v->id == DIF_VAR_OTHER_UBASE &&
		      v->type == DIF_TYPE_STRING && v->size == 256);
		v = var(p, "t", DTRACE_VSCOPE_LOCAL);
		CHECK(v && v->id == DIF_VAR_OTHER_UBASE);
		v = var(p, "a", DTRACE_VSCOPE_GLOBAL);
		CHECK(v && v->id == DIF_VAR_OTHER_UBASE + 1 &&
		      v->kind == DTRACE_VKIND_ARRAY && v->type == DIF_TYPE_INT);
		v = var(p, "n", DTRACE_VSCOPE_THREAD);
		CHECK(v && v->id == DIF_VAR_OTHER_UBASE + 1 &&
		      v->kind == DTRACE_VKIND_ARRAY &&
		      v->type == DIF_TYPE_STRING);
		v = var(p, "h", DTRACE_VSCOPE_GLOBAL);
		CHECK(v && v->id == DIF_VAR_OTHER_UBASE + 2 &&
		      v->type == DIF_TYPE_STRING);
		CHECK(p->nclauses == 1 && p->clauses[0].nstmts == 6 &&
		      p->clauses[0].recsize == 0);
	}
	dt_program_free(p);

	/* the same declaration twice is allowed; "long unsigned" is one */
	p = good("int x; int x; long unsigned int y; unsigned long y;\n"
		 "BEGIN { x = 1; y = 2 }");
	CHECK(p && p->nvars == 2);
	dt_program_free(p);

	/* reading before assigning: illumos' two messages */
	bad("BEGIN { trace(self->x) }",
	    "self->x has not yet been declared or assigned", 1, 15);
	bad("BEGIN { trace(this->x) }",
	    "this->x has not yet been declared or assigned", 1, 15);
	bad("BEGIN { trace(a[1]) }",
	    "a has not yet been declared or assigned", 1, 15);
	bad("BEGIN { trace(self->a[1]) }",
	    "self->a has not yet been declared or assigned", 1, 15);
	bad("BEGIN { trace(q) }", "failed to resolve q: Unknown variable name",
	    1, 15);
	bad("BEGIN { q *= 2 }", "q has not yet been declared or assigned",
	    1, 9);
	bad("BEGIN { self->q -= 2 }",
	    "self->q has not yet been declared or assigned", 1, 9);
	/* types fixed by the first assignment or the declaration */
	bad("BEGIN { self->x = 1 } END { self->x = execname }",
	    "operands have incompatible types: \"int\" = \"string\"", 1, 37);
	bad("string s; BEGIN { s = 1 }",
	    "operands have incompatible types: \"string\" = \"int\"", 1, 21);
	bad("BEGIN { t = timestamp; t = probefunc }",
	    "operands have incompatible types: \"uint64_t\" = \"string\"",
	    1, 26);
	/* arrays: key count and types */
	bad("BEGIN { a[1] = 1; a[1, 2] = 2 }",
	    "a[ ] prototype mismatch: 2 keys passed, 1 expected", 1, 19);
	bad("BEGIN { a[1, 2] = 1; trace(a[1]) }",
	    "a[ ] prototype mismatch: 1 key passed, 2 expected", 1, 28);
	bad("int a[string]; BEGIN { a[1] = 1 }",
	    "a[ ] key #1 is incompatible with prototype:\n"
	    "\tprototype: string\n"
	    "\t      key: int", 1, 26);
	bad("BEGIN { a[1] = 1; trace(a) }",
	    "a[ ] prototype mismatch: 0 keys passed, 1 expected", 1, 25);
	bad("BEGIN { a[1] = 1; a = 2 }",
	    "a[ ] prototype mismatch: 0 keys passed, 1 expected", 1, 19);
	bad("BEGIN { x = 1; x[1] = 2 }",
	    "scalar 'x' may not be referenced as array", 1, 16);
	bad("BEGIN { this->a[1] = 2 }",
	    "local variables may not be used as associative arrays: a", 1, 9);
	bad("BEGIN { pid[1] = 2 }",
	    "cannot access pid as an associative array", 1, 9);
	bad("BEGIN { trace((1 + 2)[0]) }", "operator [ ] requires an "
	    "associative array or a pointer as its left-hand operand", 1, 22);
	bad("BEGIN { a[1, 2, 3, 4, 5, 6, 7, 8, 9] = 1 }",
	    "a[ ] has too many keys (limit 8)", 1, 9);
	bad("BEGIN { a[bcopy(1, 2, 3)] = 1 }",
	    "void expression may not be used as an array index", 1, 11);
	bad("BEGIN { x = bcopy(1, 2, 3) }",
	    "void expression may not be assigned", 1, 13);
	/* what may be written */
	bad("BEGIN { 1 += 2 }",
	    "operator += requires modifiable lvalue as an operand", 1, 11);
	bad("BEGIN { pid += 2 }", "operator += can only be applied to a "
	    "writable variable", 1, 9);
	bad("inline int N = 1; BEGIN { N = 2 }", "operator = can only be "
	    "applied to a writable variable", 1, 27);
	/* too many variables in one scope */
	{
		static char src[32768];
		char *s = src;
		int i;

		/* 50 per clause: a clause has at most 64 actions */
		for (i = 0; i <= DTRACE_MAX_VARS; i++)
			s += sprintf(s, "%s self->v%d = 1;%s", i % 50 ? "" :
				     "BEGIN {", i, i % 50 == 49 ? " }\n" : "");
		sprintf(s, " }");
		p = dt_compile(src, 0, 0, NULL);
		CHECK(p == NULL);
		{
			struct dt_error e;

			p = dt_compile(src, 0, 0, &e);
			CHECK(p == NULL && strcmp(e.msg, "too many "
				"thread-local variables (limit 1024)") == 0);
		}
	}
}

static void test_ops(void)
{
	struct dt_program *p;

	p = good("BEGIN { x = 1; x += 1; x -= 1; x *= 2; x /= 2; x %= 3; "
		 "x &= 1; x |= 2; x ^= 3; x <<= 1; x >>= 1; x++; x--; ++x; "
		 "--x; a[1]++; self->b[\"k\"]--; trace(x++ + --x); }");
	CHECK(p && p->clauses[0].nstmts == 18 &&
	      p->clauses[0].stmts[17].kind == DT_STMT_TRACE);
	dt_program_free(p);

	bad("BEGIN { s = execname; s += 1 }",
	    "operands have incompatible types: \"string\" += \"int\"", 1, 25);
	bad("BEGIN { x = 1; x -= execname }",
	    "operands have incompatible types: \"int\" -= \"string\"", 1, 18);
	bad("BEGIN { x = 1; x *= execname }",
	    "operator *= requires operands of arithmetic type", 1, 18);
	bad("BEGIN { x = 1; x /= \"a\" }",
	    "operator /= requires operands of arithmetic type", 1, 18);
	bad("BEGIN { x = 1; x <<= \"a\" }",
	    "operator <<= requires operands of integral type", 1, 18);
	bad("BEGIN { s = execname; s %= 2 }",
	    "operator %= requires operands of integral type", 1, 25);
	bad("BEGIN { s = execname; s++ }",
	    "operator ++ requires operand of scalar type", 1, 24);
	bad("BEGIN { --execname }",
	    "operator -- requires operand of scalar type", 1, 9);
	bad("BEGIN { (1 + 2)++ }",
	    "operator ++ requires modifiable lvalue as an operand", 1, 16);
	bad("BEGIN { pid++ }", "operator ++ can only be applied to a writable "
	    "variable", 1, 9);
	bad("BEGIN { @a += 1 }",
	    "@a must be assigned the result of an aggregating function", 1, 9);
	bad("BEGIN { @a[1][2] = count() }", "improper attempt to reference "
	    "@a as a multi-dimensional array", 1, 9);
	bad("BEGIN { trace(@a = count()) }",
	    "aggregation @a may only be used as the target of an assignment "
	    "or as an argument of an aggregation action", 1, 15);
	/* decimal constants never get an unsigned type without 'u' */
	bad("BEGIN { trace(18446744073709551615) }", "integer constant "
	    "0xffffffffffffffff cannot be represented in any built-in "
	    "integral type", 1, 15);
	p = good("BEGIN { trace(18446744073709551615u); "
		 "trace(0xffffffffffffffff); trace(curthread != NULL); "
		 "trace(zonename) }");
	CHECK(p && !p->clauses[0].stmts[0].vals[0].is_signed &&
	      p->clauses[0].stmts[3].vals[0].is_string);
	dt_program_free(p);
	bad("BEGIN { trace(curthread->t_procp) }", "operator -> cannot be "
	    "applied to a forward declaration: no kthread_t definition is "
	    "available", 1, 24);
	/* the comma operator and args[] */
	p = good("BEGIN { x = 1, y = 2; trace((x, y)); trace(args[0]); "
		 "z = args[x + 1] }");
	CHECK(p && p->clauses[0].nstmts == 4 &&
	      p->clauses[0].stmts[0].kind == DT_STMT_DIFEXPR &&
	      p->clauses[0].stmts[2].vals[0].size == 8 &&
	      p->clauses[0].stmts[2].vals[0].is_signed);
	dt_program_free(p);
	bad("BEGIN { trace(args[0, 1]) }",
	    "args[ ] prototype mismatch: 2 args passed, 1 expected", 1, 19);
	bad("BEGIN { trace(args[\"a\"]) }", "args[ ] argument #1 is "
	    "incompatible with prototype:\n"
	    "\tprototype: int\n"
	    "\t argument: string",
	    1, 20);
	bad("BEGIN { args[0] = 1 }", "operator = can only be applied to a "
	    "writable variable", 1, 9);
	bad("BEGIN { trace((1, trace(2))) }", "trace( ) is an action and may "
	    "only be used as a statement", 1, 19);
	/* strings and NULL */
	p = good("BEGIN { s = execname; trace(s == NULL); trace(0 != s); "
		 "s = NULL; }");
	CHECK(p != NULL);
	dt_program_free(p);
	bad("BEGIN { trace(execname == 1) }",
	    "operands have incompatible types: \"string\" == \"int\"", 1, 24);
	bad("BEGIN { trace(execname ^^ 1) }",
	    "operator ^^ requires operands of scalar type", 1, 24);
	bad("BEGIN { trace(execname < 0) }",
	    "operands have incompatible types: \"string\" < \"int\"", 1, 24);
}

static void test_types(void)
{
	struct dt_program *p;

	p = good("BEGIN { trace((char)256); trace((unsigned short)-1); "
		 "trace(sizeof(long long)); trace(sizeof(uint8_t)); "
		 "trace(sizeof(string)); trace(sizeof execname); "
		 "trace(stringof(execname)); trace((string)execname); }");
	if (p) {
		struct dt_clause *c = &p->clauses[0];

		CHECK(c->stmts[0].vals[0].difo.ninsns == 2 &&
		      c->stmts[0].vals[0].size == 1 &&
		      c->stmts[0].vals[0].is_signed);
		CHECK(c->stmts[1].vals[0].difo.inttab[0] == 0xffff &&
		      c->stmts[1].vals[0].size == 2);
		CHECK(c->stmts[2].vals[0].difo.inttab[0] == 8);
		CHECK(c->stmts[3].vals[0].difo.inttab[0] == 1);
		CHECK(c->stmts[4].vals[0].difo.inttab[0] == 256);
		CHECK(c->stmts[5].vals[0].difo.inttab[0] == 256 &&
		      c->stmts[5].vals[0].size == 8 &&
		      !c->stmts[5].vals[0].is_signed);
		CHECK(c->stmts[6].vals[0].is_string &&
		      c->stmts[7].vals[0].is_string);
	}
	dt_program_free(p);

	bad("BEGIN { trace((int)execname) }",
	    "invalid cast expression: \"string\" to \"int\"", 1, 15);
	bad("BEGIN { @a = count(); trace((string)@a) }",
	    "aggregation @a may only be used as the target of an assignment "
	    "or as an argument of an aggregation action", 1, 37);
	bad("BEGIN { trace((long char)1) }",
	    "invalid type combination: long char", 1, 16);
	bad("BEGIN { trace((unsigned signed)1) }",
	    "invalid type combination: unsigned signed", 1, 16);
	bad("BEGIN { trace(sizeof(bcopy(1, 2, 3))) }",
	    "cannot apply sizeof to an operand of unknown size", 1, 15);
	bad("BEGIN { trace(stringof(bcopy(1, 2, 3))) }",
	    "cannot apply stringof to a value of type void", 1, 15);
	bad("BEGIN { trace(bcopy(1, 2, 3)) }", "trace( ) may not be applied "
	    "to a void expression", 1, 15);
	bad("BEGIN { printf(\"%d\", bcopy(1, 2, 3)) }", "printf( ) argument "
	    "#2 is incompatible with prototype:\n"
	    "\tprototype: value\n"
	    "\t argument: void", 1, 22);
	bad("BEGIN { @a = count(); trace(@a) }", "trace( ) may not be applied "
	    "to a dynamic expression", 1, 29);
	/* subroutines of this issue: prototypes */
	p = good("BEGIN { trace(copyinstr(arg0)); trace(copyinstr(arg0, 8)); "
		 "p = copyin(arg0, 8); q = alloca(16); bcopy(p, q, 8); "
		 "copyinto(arg0, 8, q); trace(rand()); trace(progenyof(1)); "
		 "trace(inet_ntoa(q)); trace(inet_ntoa6(q)); "
		 "trace(inet_ntop(2, q)) }");
	CHECK(p && p->clauses[0].nstmts == 11 &&
	      p->clauses[0].stmts[0].vals[0].is_string &&
	      p->clauses[0].stmts[4].kind == DT_STMT_DIFEXPR);
	dt_program_free(p);
	bad("BEGIN { trace(copyinstr(execname)) }", "copyinstr( ) argument #1 "
	    "is incompatible with prototype:\n"
	    "\tprototype: uintptr_t\n"
	    "\t argument: string", 1, 25);
	bad("BEGIN { trace(copyin(arg0)) }", "copyin( ) prototype mismatch: "
	    "1 arg passed, 2 expected", 1, 15);
	bad("BEGIN { trace(rand(1)) }", "rand( ) prototype mismatch: 1 arg "
	    "passed, 0 expected", 1, 15);
	bad("BEGIN { bcopy(1, 2) }", "bcopy( ) prototype mismatch: 2 args "
	    "passed, 3 expected", 1, 9);
	bad("BEGIN { trace(inet_ntop(\"x\", arg0)) }", "inet_ntop( ) argument "
	    "#1 is incompatible with prototype:\n"
	    "\tprototype: int\n"
	    "\t argument: string", 1, 25);
}

static void test_pointers(void)
{
	struct dt_program *p;
	struct dt_clause *c;

	p = good("struct foo { char c; int a; char name[8]; long l; "
		 "struct foo *next; };\n"
		 "union u { char b[3]; short s; int i; };\n"
		 "typedef struct foo foo_t;\ntypedef unsigned char byte;\n"
		 "enum color { RED, GREEN = 5, BLUE };\n"
		 "BEGIN { p = (foo_t *)arg0; trace(p->a); trace(p->name); "
		 "trace(p->next->l); trace((*p).c); trace(p[1].a); "
		 "trace(&p->l); trace(sizeof(struct foo)); "
		 "trace(sizeof(union u)); trace((byte)BLUE); trace(GREEN); "
		 "trace(p->name[2]); trace(*(int *)arg1); "
		 "trace(((char *)arg1)[3]); trace(p + 1 - p); "
		 "trace(stringof(p->name)); trace(p == NULL); }");
	if (p) {
		c = &p->clauses[0];
		CHECK(c->nstmts == 17);
		CHECK(c->stmts[1].vals[0].size == 4 &&
		      c->stmts[1].vals[0].is_signed);
		CHECK(c->stmts[2].vals[0].is_string);
		CHECK(c->stmts[3].vals[0].size == 8);
		CHECK(c->stmts[4].vals[0].size == 1);
		CHECK(c->stmts[6].vals[0].size == 8 &&
		      !c->stmts[6].vals[0].is_signed);
		CHECK(c->stmts[7].vals[0].difo.inttab[0] == 32);
		CHECK(c->stmts[8].vals[0].difo.inttab[0] == 4);
		CHECK(c->stmts[9].vals[0].difo.inttab[0] == 6 &&
		      c->stmts[9].vals[0].size == 1);
		CHECK(c->stmts[10].vals[0].difo.inttab[0] == 5);
		CHECK(c->stmts[11].vals[0].size == 1);
		CHECK(c->stmts[14].vals[0].size == 8 &&
		      c->stmts[14].vals[0].is_signed);
		CHECK(c->stmts[15].vals[0].is_string);
	}
	dt_program_free(p);
	/* a typedef with the struct or union it names */
	p = good("typedef struct s { int a; long b; } s_t;\n"
		 "typedef union v { char c; short s; } v_t;\n"
		 "BEGIN { trace(sizeof(s_t)); trace(sizeof(struct s)); "
		 "trace(sizeof(v_t)); trace(((s_t *)arg0)->b) }");
	CHECK(p && p->clauses[0].stmts[0].vals[0].difo.inttab[0] == 16 &&
	      p->clauses[0].stmts[1].vals[0].difo.inttab[0] == 16 &&
	      p->clauses[0].stmts[2].vals[0].difo.inttab[0] == 2);
	dt_program_free(p);
	/* offsetof */
	p = good("struct s { char c; long l; int i; }; BEGIN { "
		 "trace(offsetof(struct s, l)); trace(offsetof(struct s, i)) }");
	CHECK(p && p->clauses[0].stmts[0].vals[0].difo.inttab[0] == 8 &&
	      p->clauses[0].stmts[1].vals[0].difo.inttab[0] == 16);
	dt_program_free(p);
	bad("BEGIN { trace(offsetof(int, a)) }",
	    "offsetof operand must be a struct or union type", 1, 15);
	bad("struct s { int a; }; BEGIN { trace(offsetof(struct s, b)) }",
	    "b is not a member of struct s", 1, 36);
	/* pointer variables, declarations and keys */
	p = good("int *ip; self char *cp; int a[char *];\n"
		 "BEGIN { ip = (int *)arg0; self->cp = (char *)arg1; "
		 "a[self->cp] = *ip; x = ip ? 1 : 0; y = !ip; }");
	CHECK(p && p->nvars == 5);
	dt_program_free(p);

	bad("BEGIN { trace(*arg0) }", "cannot dereference non-pointer type",
	    1, 15);
	bad("BEGIN { trace(*(void *)arg0) }",
	    "cannot dereference pointer to void", 1, 15);
	bad("BEGIN { x = 1; trace(&x) }",
	    "cannot take address of dynamic variable", 1, 22);
	bad("BEGIN { a[1] = 2; trace(&a[1]) }",
	    "cannot take address of dynamic variable", 1, 25);
	bad("BEGIN { trace(&(arg0 + 1)) }",
	    "unacceptable operand for unary & operator", 1, 15);
	bad("BEGIN { trace(arg0->x) }",
	    "operator -> must be applied to a pointer", 1, 19);
	bad("BEGIN { trace(((int *)arg0)->x) }", "operator -> cannot be "
	    "applied to pointer to type \"int\"; must be applied to a struct "
	    "or union pointer", 1, 28);
	bad("BEGIN { trace((*(int *)arg0).x) }", "operator . cannot be "
	    "applied to type \"int\"; must be applied to a struct or union",
	    1, 29);
	bad("BEGIN { trace(((struct nope *)arg0)->x) }", "operator -> cannot "
	    "be applied to a forward declaration: no struct nope definition "
	    "is available", 1, 36);
	bad("struct s { int a; }; BEGIN { trace(((struct s *)arg0)->b) }",
	    "b is not a member of struct s", 1, 54);
	/* memory illumos would not write either: its words */
	bad("struct s { int a; }; BEGIN { ((struct s *)arg0)->a = 1 }",
	    "operator = can only be applied to a writable variable", 1, 52);
	bad("BEGIN { *(int *)arg0 += 1 }", "operator += can only be applied "
	    "to a writable variable", 1, 22);
	/* through a pointer in a variable: compiles (the VM checks where) */
	p = good("BEGIN { p = (int *)arg0; p[0] = 1; p[1]++; *p += 2 }");
	dt_program_free(p);
	p = good("struct s { int a; }; BEGIN { this->p = (struct s *)"
		 "alloca(4); this->p->a = 1; (*this->p).a *= 3 }");
	dt_program_free(p);
	bad("struct s { int a[2]; }; BEGIN { this->p = (struct s *)"
	    "alloca(8); this->p->a = 1 }", "operator = cannot store a value "
	    "of type \"int [2]\": only integers and pointers are stored "
	    "through pointers", 1, 77);
	bad("BEGIN { p = (char **)arg0; *p = 1 }", "operands have "
	    "incompatible types: \"char *\" = \"int\"", 1, 31);
	bad("BEGIN { p = (char **)arg0; (*p)++ }", "operator ++ requires "
	    "operand of scalar type", 1, 32);
	bad("BEGIN { p = (int *)arg0; *p = \"a\" }", "operands have "
	    "incompatible types: \"int\" = \"string\"", 1, 29);
	bad("BEGIN { (1 + 2)[0]++ }", "operator [ ] requires an associative "
	    "array or a pointer as its left-hand operand", 1, 16);
	bad("BEGIN { p = (int *)arg0; p[0, 1] = 1 }",
	    "cannot access int * as an associative array", 1, 27);
	bad("BEGIN { p = (int *)arg0; q = (char *)arg0; trace(p == q) }",
	    "operands have incompatible types: \"int *\" == \"char *\"", 1,
	    52);
	bad("BEGIN { p = (void *)arg0; trace(p + 1) }",
	    "operands have incompatible types: \"void *\" + \"int\"", 1, 35);
	bad("BEGIN { p = (int *)arg0; p = (char *)arg0 }",
	    "operands have incompatible types: \"int *\" = \"char *\"", 1,
	    28);
	bad("BEGIN { trace((struct s *)execname) }",
	    "invalid cast expression: \"string\" to \"struct s *\"", 1, 15);
	bad("struct s { int a; }; BEGIN { trace(sizeof(struct t)) }",
	    "cannot apply sizeof to an operand of unknown size", 1, 36);
	bad("struct s { int a; }; struct s { int b; };",
	    "type redeclared: struct s", 1, 29);
	bad("struct s { int a; char a; };", "member a redeclared", 1, 24);
	bad("struct s { struct s inner; };", "member inner of struct s has "
	    "incomplete type struct s", 1, 21);
	bad("struct s { void v; };", "member v of struct s has incomplete "
	    "type void", 1, 17);
	bad("struct s { int a[0]; };",
	    "array dimension of a must be 1 .. 65536", 1, 16);
	bad("enum e { A }; enum e { B };", "type redeclared: enum e", 1, 20);
	bad("enum e { A, A };", "identifier redeclared: A", 1, 13);
	bad("enum e { A = pid };", "enumerator A must be assigned an integral "
	    "constant expression", 1, 14);
	bad("enum e { A = 0x7fffffff, B };",
	    "enumerator B value 2147483648 is out of range", 1, 26);
	/* as illumos, an unknown tag is a forward declaration */
	p = good("BEGIN { trace((enum f)1); trace((struct nosuch *)0) }");
	CHECK(p && p->clauses[0].stmts[0].vals[0].size == 4);
	dt_program_free(p);
	bad("typedef int pid_t;", "identifier redeclared: pid_t", 1, 13);
	bad("typedef int t; typedef long t;", "identifier redeclared: t",
	    1, 29);
	p = good("typedef int t; t x; BEGIN { x = (t)1; trace(sizeof(t)) }");
	CHECK(p && p->clauses[0].stmts[1].vals[0].difo.inttab[0] == 4);
	dt_program_free(p);
	bad("BEGIN { trace(sizeof(t)) } typedef int t;",
	    "failed to resolve t: Unknown variable name", 1, 22);
	bad("struct s { int a; }; struct s v;", "cannot declare variable v "
	    "of type struct s: only integer, pointer and string variables are "
	    "supported", 1, 31);
	bad("struct s { int a; }; int a[struct s];",
	    "a[ ] key #1 may not be of type struct s", 1, 28);
	bad("struct s { int a; }; BEGIN { x = *(struct s *)arg0 }",
	    "operator = may not be applied to operand of type \"struct s\"",
	    1, 32);
	bad("struct s { int a; }; BEGIN { @[*(struct s *)arg0] = count() }",
	    "struct s expression may not be used as an aggregation key", 1, 32);
	bad("struct s { int a; }; BEGIN { a[*(struct s *)arg0] = 1 }",
	    "struct s expression may not be used as an array index", 1, 32);
	bad("struct s { int a; }; BEGIN { trace(*(struct s *)arg0) }",
	    "trace( ) argument #1 is incompatible with prototype:\n"
	    "\tprototype: value\n"
	    "\t argument: struct s", 1, 36);
}

/* printf()'s conversions, with illumos' table of prototypes */
static void test_printf(void)
{
	struct dt_program *p;

	p = good("BEGIN { printf(\"%a %A %c %C %d %i %o %u %x %X %p %s %S "
		 "%T %Y %hd %hu %hx %ld %lu %lx %lld %llu %llx %P %I %lc %wc "
		 "%?p %'d %#x %-+ 5d %*d %.*s %%\", arg0, arg0, 'a', 'b', "
		 "pid, pid, uid, uid, uid, uid, (void *)arg0, execname, "
		 "execname, walltimestamp, walltimestamp, (short)1, "
		 "(unsigned short)1, (short)1, arg0, timestamp, arg0, arg0, "
		 "timestamp, arg0, htons(80), execname, 1, 2, arg0, 1, 2, "
		 "3, 4, 5, 6, execname) }");
	CHECK(p && p->clauses[0].stmts[0].nvals == 36);
	dt_program_free(p);
	bad("BEGIN { printf(\"%c\", arg0) }", "printf( ) argument #2 is "
	    "incompatible with conversion #1 prototype:\n"
	    "\tconversion: %c\n"
	    "\t prototype: char, short, or int\n"
	    "\t  argument: int64_t", 1, 22);
	bad("BEGIN { printf(\"%hd\", pid) }", "printf( ) argument #2 is "
	    "incompatible with conversion #1 prototype:\n"
	    "\tconversion: %hd\n"
	    "\t prototype: short\n"
	    "\t  argument: pid_t", 1, 23);
	bad("BEGIN { printf(\"%lu\", arg0) }", "printf( ) argument #2 is "
	    "incompatible with conversion #1 prototype:\n"
	    "\tconversion: %lu\n"
	    "\t prototype: unsigned long\n"
	    "\t  argument: int64_t", 1, 23);
	bad("BEGIN { printf(\"%Y\", pid) }", "printf( ) argument #2 is "
	    "incompatible with conversion #1 prototype:\n"
	    "\tconversion: %Y\n"
	    "\t prototype: int64_t\n"
	    "\t  argument: pid_t", 1, 22);
	bad("BEGIN { printf(\"%p\", execname) }", "printf( ) argument #2 is "
	    "incompatible with conversion #1 prototype:\n"
	    "\tconversion: %p\n"
	    "\t prototype: pointer or integer\n"
	    "\t  argument: string", 1, 22);
	bad("BEGIN { printf(\"%f\", 1) }", "printf( ) argument #2 is "
	    "incompatible with conversion #1 prototype:\n"
	    "\tconversion: %f\n"
	    "\t prototype: float, double, or long double\n"
	    "\t  argument: int", 1, 22);
	bad("BEGIN { printf(\"%k\", 1) }", "printf( ) argument #2 is "
	    "incompatible with conversion #1 prototype:\n"
	    "\tconversion: %k\n"
	    "\t prototype: stack\n"
	    "\t  argument: int", 1, 22);
	bad("BEGIN { printf(\"%*d\", \"a\", 1) }", "printf( ) argument #2 is "
	    "incompatible with conversion #1 prototype:\n"
	    "\tconversion: %*\n"
	    "\t prototype: int\n"
	    "\t  argument: string", 1, 23);
	bad("BEGIN { printf(\"%*.*d\", 1, 2) }", "printf( ) prototype "
	    "mismatch: conversion #1 (%d) is missing a corresponding value "
	    "argument", 1, 9);
	bad("BEGIN { printf(\"%*d\") }", "printf( ) prototype mismatch: "
	    "conversion #1 (%d) is missing a corresponding \"*\" argument",
	    1, 9);
	bad("BEGIN { printf(\"%**d\", 1, 2, 3) }", "format conversion #1 has "
	    "more than one '*' specified for the output precision", 1, 16);
	bad("BEGIN { printf(\"%.1.2d\", 1) }", "format conversion #1 has more "
	    "than one '.' specified", 1, 16);
	bad("BEGIN { printf(\"%1$d\", 1) }", "format conversion #1 uses "
	    "unsupported positional format (%n$)", 1, 16);
	bad("BEGIN { printf(\"%-%\") }", "format conversion #1 cannot be "
	    "combined with other format flags: %%", 1, 16);
	bad("BEGIN { printf(\"%l\") }", "format conversion #1 name expected "
	    "before end of format string", 1, 16);
	/* %hh: not in illumos' table, printed by the consumer */
	p = good("BEGIN { printf(\"%hhd %hhu %hhx\", (char)-3, 1, 2) }");
	CHECK(p != NULL);
	dt_program_free(p);
}

/* speculation, stack(), tracemem(), system(), sym() and the like */
static void test_actions(void)
{
	struct dt_program *p;
	struct dt_clause *c;

	p = good("#pragma D option stackframes=5\n"
		 "BEGIN { self->s = speculation(); speculate(self->s); "
		 "trace(1); stack(); ustack(3); stack(2); "
		 "tracemem(arg0, 12); trace(4) }\n"
		 "END { discard(1); commit(self->s); }\n"
		 "tick-1s { system(\"echo %d\", pid); freopen(\"/tmp/x\"); "
		 "func(arg0); sym(arg0); mod(arg0); usym(arg1); ufunc(arg1); "
		 "umod(arg1); uaddr(arg1); @[func(arg0), umod(arg1)] = count() }");
	if (p) {
		c = &p->clauses[0];
		CHECK(c->nstmts == 8);
		CHECK(c->stmts[1].kind == DT_STMT_SPECULATE &&
		      c->stmts[1].nvals == 1);
		CHECK(c->stmts[3].kind == DT_STMT_STACK &&
		      c->stmts[3].offset == 8 && c->stmts[3].size == 40 &&
		      c->stmts[3].nvals == 0);
		CHECK(c->stmts[4].kind == DT_STMT_USTACK &&
		      c->stmts[4].offset == 48 && c->stmts[4].size == 24);
		CHECK(c->stmts[5].size == 16 && c->stmts[5].offset == 72);
		CHECK(c->stmts[6].kind == DT_STMT_TRACEMEM &&
		      c->stmts[6].offset == 88 && c->stmts[6].size == 12 &&
		      c->stmts[6].nvals == 1);
		CHECK(c->stmts[7].vals[0].offset == 104 && c->recsize == 112);
		c = &p->clauses[1];
		CHECK(c->stmts[0].kind == DT_STMT_DISCARD &&
		      c->stmts[1].kind == DT_STMT_COMMIT && c->recsize == 0);
		c = &p->clauses[2];
		CHECK(c->stmts[0].kind == DT_STMT_SYSTEM &&
		      strcmp(c->stmts[0].fmt, "echo %d") == 0 &&
		      c->stmts[0].nvals == 1);
		CHECK(c->stmts[1].kind == DT_STMT_FREOPEN &&
		      c->stmts[1].nvals == 0);
		CHECK(c->stmts[2].kind == DT_STMT_TRACE &&
		      c->stmts[2].vals[0].fmt == DT_VFMT_SYM &&
		      c->stmts[4].vals[0].fmt == DT_VFMT_MOD &&
		      c->stmts[5].vals[0].fmt == DT_VFMT_USYM &&
		      c->stmts[6].vals[0].fmt == DT_VFMT_USYM &&
		      c->stmts[7].vals[0].fmt == DT_VFMT_UMOD &&
		      c->stmts[8].vals[0].fmt == DT_VFMT_UADDR);
		CHECK(c->stmts[9].kind == DT_STMT_AGG &&
		      c->stmts[9].keys[0].fmt == DT_VFMT_SYM &&
		      c->stmts[9].keys[1].fmt == DT_VFMT_UMOD &&
		      !c->stmts[9].keys[0].is_string);
	}
	dt_program_free(p);
	/* illumos' rules on the order of actions */
	bad("BEGIN { trace(1); speculate(1) }", "speculate( ) may not follow "
	    "data-recording action(s)", 1, 19);
	bad("BEGIN { speculate(1); speculate(2) }", "speculate( ) may not "
	    "follow speculate( )", 1, 23);
	bad("BEGIN { commit(1); speculate(2) }", "speculate( ) may not "
	    "follow commit( )", 1, 20);
	bad("BEGIN { commit(1); commit(2) }", "commit( ) may not follow "
	    "commit( )", 1, 20);
	bad("BEGIN { printf(\"x\"); commit(2) }", "commit( ) may not follow "
	    "data-recording action(s)", 1, 22);
	bad("BEGIN { commit(2); trace(1) }", "data-recording actions may not "
	    "follow commit( )", 1, 20);
	bad("BEGIN { commit(2); @a = count() }", "aggregating actions may "
	    "not follow commit( )", 1, 20);
	bad("BEGIN { speculate(2); @a = count() }", "aggregating actions may "
	    "not follow speculate( )", 1, 23);
	bad("BEGIN { speculate(2); system(\"x\") }", "destructive actions "
	    "may not follow speculate( )", 1, 23);
	bad("BEGIN { speculate(2); exit(0) }", "exit( ) may not follow "
	    "speculate( )", 1, 23);
	p = good("BEGIN { speculate(2); x = 1; discard(3); trace(1) } "
		 "END { commit(1); discard(2) } END { system(\"x\") }");
	CHECK(p != NULL);
	dt_program_free(p);
	bad("BEGIN { speculate(2); trace(1); commit(4) }", "commit( ) may "
	    "not follow speculate( )", 1, 33);
	bad("END { commit(1); system(\"x\") }", "data-recording actions "
	    "may not follow commit( )", 1, 18);
	bad("END { system(\"x\"); commit(1) }", "commit( ) may not follow "
	    "data-recording action(s)", 1, 20);
	bad("BEGIN { @a = count(); commit(1) }", "commit( ) may not follow "
	    "data-recording action(s)", 1, 23);
	bad("BEGIN { commit(1); exit(0) }", "data-recording actions may not "
	    "follow commit( )", 1, 20);
	/* arguments */
	bad("BEGIN { speculate(execname) }", "speculate( ) argument #1 is "
	    "incompatible with prototype:\n"
	    "\tprototype: int\n"
	    "\t argument: string",
	    1, 19);
	bad("BEGIN { commit() }", "commit( ) prototype mismatch: 0 args "
	    "passed, 1 expected", 1, 9);
	bad("BEGIN { stack(0) }", "stack( ) argument #1 must be a non-zero "
	    "positive integer constant", 1, 15);
	bad("BEGIN { stack(pid) }", "stack( ) argument #1 must be a non-zero "
	    "positive integer constant", 1, 15);
	bad("BEGIN { stack(1, 2) }", "stack( ) prototype mismatch: 2 args "
	    "passed, at least 0 expected", 1, 9);
	bad("BEGIN { ustack(1, -1) }", "ustack( ) argument #2 must be a "
	    "non-zero positive integer constant", 1, 19);
	bad("BEGIN { stack(100000) }", "clause records too much data (limit "
	    "65536 bytes)", 1, 9);
	bad("BEGIN { tracemem(execname, 4) }", "tracemem( ) argument #1 is "
	    "incompatible with prototype:\n"
	    "\tprototype: pointer or integer\n"
	    "\t argument: string", 1, 18);
	bad("BEGIN { tracemem(arg0, arg1) }", "tracemem( ) argument #2 must "
	    "be a non-zero positive integral constant expression", 1, 24);
	bad("BEGIN { tracemem(arg0, 70000) }", "clause records too much data "
	    "(limit 65536 bytes)", 1, 9);
	bad("BEGIN { system() }", "system( ) prototype mismatch: 0 args "
	    "passed, 1 expected", 1, 9);
	bad("BEGIN { system(execname) }", "system( ) argument #1 is "
	    "incompatible with prototype:\n"
	    "\tprototype: string constant\n"
	    "\t argument: string", 1, 16);
	bad("BEGIN { freopen(\"%d\") }", "freopen( ) prototype mismatch: "
	    "conversion #1 (%d) is missing a corresponding value argument",
	    1, 9);
	bad("BEGIN { func(execname) }", "func( ) argument #1 is incompatible "
	    "with prototype:\n"
	    "\tprototype: uintptr_t\n"
	    "\t argument: string", 1, 14);
	bad("BEGIN { @[sym(execname)] = count() }", "sym( ) argument #1 is "
	    "incompatible with prototype:\n"
	    "\tprototype: uintptr_t\n"
	    "\t argument: string", 1, 15);
	bad("BEGIN { @[mod()] = count() }", "mod( ) prototype mismatch: 0 "
	    "args passed, 1 expected", 1, 11);
	/* destructive actions other than system() and freopen() */
	bad("BEGIN { panic() }", "panic( ) is a destructive action that "
	    "DTrace for Linux does not support", 1, 9);
	bad("BEGIN { x = 1;\n  raise(9) }", "raise( ) is a destructive action "
	    "that DTrace for Linux does not support", 2, 3);
	bad("BEGIN { stop(); }", "stop( ) is a destructive action that "
	    "DTrace for Linux does not support", 1, 9);
	bad("BEGIN { chill(10) }", "chill( ) is a destructive action that "
	    "DTrace for Linux does not support", 1, 9);
	bad("BEGIN { breakpoint() }", "breakpoint( ) is a destructive action "
	    "that DTrace for Linux does not support", 1, 9);
	bad("BEGIN { copyout(arg0, arg1, 4) }", "copyout( ) is a destructive "
	    "action that DTrace for Linux does not support", 1, 9);
	bad("BEGIN { x = copyoutstr(\"a\", arg1, 4) }", "copyoutstr( ) is a "
	    "destructive action that DTrace for Linux does not support", 1,
	    13);
	bad("BEGIN { @ = chill(1) }", "chill( ) is a destructive action that "
	    "DTrace for Linux does not support", 1, 13);
	bad("BEGIN { nosuch() }", "undefined function name: nosuch", 1, 9);
	bad("BEGIN { trace(speculation(1)) }", "speculation( ) prototype "
	    "mismatch: 1 arg passed, 0 expected", 1, 15);
}

/* @[stack()], @[ustack(n)] mixed with other keys (dif.h DIF_TYPE_STACK) */
static void test_stack_keys(void)
{
	struct dt_program *p;
	const struct dt_aggdesc *ad;
	const struct dt_stmt *s;

	p = good("BEGIN { @a[stack(), execname, ustack(3), 1] = count(); "
		 "@b[ustack()] = sum(1); @c[stack(4)] = count() }");
	if (p) {
		ad = &p->aggs[0];
		CHECK(ad->nkeys == 4 && ad->key_type[0] == DIF_TYPE_STACK &&
		      ad->key_bytes[0] == 20 * 8 &&
		      ad->key_type[1] == DIF_TYPE_STRING &&
		      ad->key_bytes[1] == 256 && ad->key_is_string[1] &&
		      ad->key_type[2] == DIF_TYPE_USTACK &&
		      ad->key_bytes[2] == 24 && !ad->key_is_string[2] &&
		      ad->key_type[3] == DIF_TYPE_INT && ad->key_bytes[3] == 8 &&
		      ad->keysize == 160 + 256 + 24 + 8);
		s = &p->clauses[0].stmts[0];
		CHECK(s->nkeys == 4 && s->keys[0].difo.ninsns == 0 &&
		      s->keys[0].difo.rtype == DIF_TYPE_STACK &&
		      s->keys[0].difo.rsize == 160 && s->keys[0].offset == 0 &&
		      s->keys[1].offset == 160 && s->keys[1].difo.ninsns > 0 &&
		      s->keys[2].offset == 416 &&
		      s->keys[2].difo.rtype == DIF_TYPE_USTACK &&
		      s->keys[2].difo.rsize == 24 && s->keys[3].offset == 440);
		CHECK(p->aggs[1].key_type[0] == DIF_TYPE_USTACK &&
		      p->aggs[1].key_bytes[0] == 100 * 8 &&
		      p->aggs[1].keysize == 800);
		CHECK(p->aggs[2].keysize == 32 && p->clauses[0].recsize == 0);
	}
	dt_program_free(p);
	/* the default frames follow the stackframes / ustackframes options */
	p = good("#pragma D option stackframes=7\n"
		 "#pragma D option ustackframes=9\n"
		 "BEGIN { @[stack(), ustack()] = count() }");
	CHECK(p && p->aggs[0].key_bytes[0] == 56 &&
	      p->aggs[0].key_bytes[1] == 72 && p->aggs[0].keysize == 128);
	dt_program_free(p);
	/* -x stackframes / ustackframes, which pragmas override */
	{
		struct dt_compile_opts o = { .stackframes = 3,
					     .ustackframes = 4 };
		struct dt_error e;

		p = dt_compile_with("BEGIN { @[stack(), ustack()] = count(); "
				    "stack(); ustack() }\n"
				    "#pragma D option stackframes=6\n"
				    "END { @b[stack()] = count() }", 0, &o, &e);
		/* the program's pragmas hold for all of it, as -x would */
		CHECK(p && p->aggs[0].key_bytes[0] == 48 &&
		      p->aggs[0].key_bytes[1] == 32 &&
		      p->clauses[0].stmts[1].size == 48 &&
		      p->clauses[0].stmts[2].size == 32 &&
		      p->aggs[1].key_bytes[0] == 48 && p->strsize == 256);
		dt_program_free(p);
	}
	/* the same aggregation with the same keys elsewhere */
	p = good("BEGIN { @[stack(2)] = count() } END { @[stack(2)] = count() }");
	CHECK(p && p->naggs == 1);
	dt_program_free(p);
	bad("BEGIN { @[stack(2)] = count() } END { @[stack(3)] = count() }",
	    "@[ ] key #1 is incompatible with prototype:\n"
	    "\tprototype: stack\n"
	    "\t      key: stack", 1, 41);
	bad("BEGIN { @[stack()] = count() } END { @[ustack()] = count() }",
	    "@[ ] key #1 is incompatible with prototype:\n"
	    "\tprototype: stack\n"
	    "\t      key: ustack", 1, 40);
	bad("BEGIN { @[1] = count() } END { @[stack()] = count() }",
	    "@[ ] key #1 is incompatible with prototype:\n"
	    "\tprototype: int\n"
	    "\t      key: stack", 1, 34);
	bad("BEGIN { @[stack(0)] = count() }", "stack( ) argument #1 must be "
	    "a non-zero positive integer constant", 1, 17);
	bad("BEGIN { @[stack(1, 2)] = count() }", "stack( ) prototype "
	    "mismatch: 2 args passed, at least 0 expected", 1, 11);
	bad("BEGIN { @[ustack(5000), ustack(5000)] = count() }", "@[ ] keys "
	    "are too large (limit 65536 bytes)", 1, 9);
}

/* illumos' order: a predicate may use what the actions create, and back */
static void test_pred_order(void)
{
	struct dt_program *p;

	p = good("tick-1 /i < 5/ { i++ } tick-1 /i == 5/ { exit(0) }");
	CHECK(p && p->nclauses == 2 && p->clauses[0].pred != NULL &&
	      p->clauses[0].nstmts == 1 && p->nvars == 1);
	dt_program_free(p);
	p = good("BEGIN /x++ > 3/ { trace(x) }");
	CHECK(p && p->clauses[0].pred != NULL);
	dt_program_free(p);
	p = good("BEGIN /self->t == 0/ { self->t = timestamp }");
	CHECK(p && p->clauses[0].pred != NULL);
	dt_program_free(p);
	bad("BEGIN /y == 0/ { trace(1) }", "failed to resolve y: Unknown "
	    "variable name", 1, 8);
	bad("BEGIN /this->v/ { self->v = 1 }", "this->v has not yet been "
	    "declared or assigned", 1, 8);
	bad("BEGIN /z == 1/ { z = \"a\" }", "operands have incompatible "
	    "types: \"string\" == \"int\"", 1, 10);
	/* an error in the actions is reported as such */
	bad("BEGIN /w == 0/ { w = 1; trace(q) }", "failed to resolve q: "
	    "Unknown variable name", 1, 31);
	/* operand kinds, in illumos' words */
	bad("BEGIN { x = \"a\" * 2 }", "operator * requires operands of "
	    "arithmetic type", 1, 17);
	bad("BEGIN { x = 2 % \"a\" }", "operator % requires operands of "
	    "integral type", 1, 15);
	bad("BEGIN { x = \"a\" << 1 }", "operator << requires operands of "
	    "integral type", 1, 17);
	bad("BEGIN { x = execname & 1 }", "operator & requires operands of "
	    "integral type", 1, 22);
}

/* Nesting deeper than the compiler's limit is an error, never a crash. */
static void test_nesting(void)
{
	static char src[64 * 1024];
	struct dt_program *p;
	size_t n;
	int i;

	/* left-deep: pid+pid+...; the 512th '+' is the 513th level */
	n = (size_t)snprintf(src, sizeof(src), "BEGIN { trace(pid");
	for (i = 0; i < 600; i++)
		n += (size_t)snprintf(src + n, sizeof(src) - n, "+pid");
	snprintf(src + n, sizeof(src) - n, ") }");
	bad(src, "expression too deeply nested (more than 512 levels)", 1,
	    18 + 4 * 511);
	/* 400 terms are fine */
	snprintf(src, sizeof(src), "BEGIN { trace(pid");
	for (i = 0, n = strlen(src); i < 399; i++)
		n += (size_t)snprintf(src + n, sizeof(src) - n, "+pid");
	snprintf(src + n, sizeof(src) - n, ") }");
	p = good(src);
	dt_program_free(p);
	/* unary operators and nested calls, in a predicate */
	n = (size_t)snprintf(src, sizeof(src), "BEGIN /");
	for (i = 0; i < 4000; i++)
		n += (size_t)snprintf(src + n, sizeof(src) - n, "~");
	snprintf(src + n, sizeof(src) - n, "pid/ { }");
	bad(src, "expression too deeply nested (more than 512 levels)", 1,
	    8 + 4000 - 512);
	n = (size_t)snprintf(src, sizeof(src), "BEGIN { trace(");
	for (i = 0; i < 300; i++)
		n += (size_t)snprintf(src + n, sizeof(src) - n,
				      "strlen(lltostr(");
	n += (size_t)snprintf(src + n, sizeof(src) - n, "1");
	for (i = 0; i < 300; i++)
		n += (size_t)snprintf(src + n, sizeof(src) - n, "))");
	snprintf(src + n, sizeof(src) - n, ") }");
	bad(src, "expression too deeply nested (more than 512 levels)", 1,
	    15 + 15 * 44);
	/* inlines are expanded where used: their depths add up */
	n = (size_t)snprintf(src, sizeof(src), "inline int i0 = pid;\n");
	for (i = 1; i < 400; i++)
		n += (size_t)snprintf(src + n, sizeof(src) - n,
				      "inline int i%d = i%d + pid;\n", i,
				      i - 1);
	snprintf(src + n, sizeof(src) - n, "BEGIN { trace(i399) }");
	p = dt_compile(src, 0, 0, NULL);
	CHECK(p == NULL);
	dt_program_free(p);
	/* the parser's own stack: parentheses */
	n = (size_t)snprintf(src, sizeof(src), "BEGIN { trace(");
	for (i = 0; i < 20000; i++)
		n += (size_t)snprintf(src + n, sizeof(src) - n, "(");
	p = dt_compile(src, 0, 0, NULL);
	CHECK(p == NULL);
	dt_program_free(p);
}

static void test_decls(void)
{
	struct dt_program *p;

	p = good("inline int N = 2 * 3;\ninline string S = \"x\";\n"
		 "BEGIN { trace(N + 1); trace(S) }");
	CHECK(p && p->clauses[0].stmts[0].vals[0].difo.inttab[0] == 7 &&
	      p->clauses[0].stmts[1].vals[0].is_string && p->nvars == 0);
	dt_program_free(p);
	p = good("inline char C = 300; BEGIN { trace(C) }");
	CHECK(p && p->clauses[0].stmts[0].vals[0].size == 1);
	dt_program_free(p);

	bad("inline int N = \"x\";", "inline N definition uses incompatible "
	    "types: \"int\" = \"string\"", 1, 16);
	bad("inline int N = 1; inline int N = 2;",
	    "identifier redeclared: N", 1, 30);
	bad("inline int N = 1; int N;", "identifier redeclared: N", 1, 23);
	bad("int N; inline int N = 1;", "identifier redeclared: N", 1, 19);
	bad("int pid;", "identifier redeclared: pid", 1, 5);
	bad("int x; string x;", "identifier redeclared: x", 1, 15);
	bad("int x[int]; int x;", "identifier redeclared: x", 1, 17);
	bad("int x[int]; int x[string];", "identifier redeclared: x", 1, 17);
	bad("BEGIN { x = 1 } string x;", "identifier redeclared: x", 1, 24);
	bad("int a[int, int, int, int, int, int, int, int, int];",
	    "a[ ] has too many keys (limit 8)", 1, 47);
	bad("long short x;", "invalid type combination: long short", 1, 1);
	bad("int x", "syntax error near end of input", 1, 6);
	bad("self x;", "syntax error near \"x\"", 1, 6);
	/* declarations end at ';' and clauses follow */
	p = good("self int d;\nfbt::vfs_read:entry { self->d++ }");
	CHECK(p && p->nclauses == 1 && p->nvars == 1);
	dt_program_free(p);
}

static void test_pragmas(void)
{
	struct dt_program *p;

	p = good("#pragma D option quiet\n#pragma D option bufsize=4m "
		 "switchrate=10hz\n#pragma ident \"x\"\n"
		 "#pragma D depends_on module x\nBEGIN");
	if (p) {
		CHECK(p->npragma_opts == 3);
		CHECK(strcmp(p->pragma_opts[0], "quiet") == 0 &&
		      strcmp(p->pragma_opts[1], "bufsize=4m") == 0 &&
		      strcmp(p->pragma_opts[2], "switchrate=10hz") == 0);
	}
	dt_program_free(p);
	bad("#pragma D option\nBEGIN",
	    "malformed #pragma option <option=value>", 1, 1);
	bad("BEGIN\n  #pragma D\n", "malformed #pragma D directive", 2, 1);
	bad("#pragma D frobnicate x", "invalid control directive: "
	    "#pragma D frobnicate", 1, 1);
}

static void test_aggacts(void)
{
	struct dt_program *p;
	struct dt_clause *c;

	p = good("BEGIN { @a[execname, 1] = count(); @b[\"x\", 2] = sum(1); "
		 "@c = max(1) }\n"
		 "END { printa(@a); printa(\"%s %d %@u %@d\\n\", @a, @b); "
		 "trunc(@a); trunc(@b, 5); clear(@c); normalize(@b, 10); "
		 "denormalize(@b); setopt(\"quiet\"); "
		 "setopt(\"bufsize\", \"4m\") }");
	if (p) {
		c = &p->clauses[1];
		CHECK(c->nstmts == 9);
		CHECK(c->stmts[0].kind == DT_STMT_PRINTA &&
		      c->stmts[0].naggids == 1 && c->stmts[0].aggids[0] == 0 &&
		      c->stmts[0].fmt == NULL);
		CHECK(c->stmts[1].kind == DT_STMT_PRINTA &&
		      c->stmts[1].naggids == 2 && c->stmts[1].aggids[1] == 1 &&
		      strcmp(c->stmts[1].fmt, "%s %d %@u %@d\n") == 0);
		CHECK(c->stmts[2].kind == DT_STMT_TRUNC &&
		      c->stmts[2].aggid == 0 && c->stmts[2].nvals == 0);
		CHECK(c->stmts[3].kind == DT_STMT_TRUNC &&
		      c->stmts[3].aggid == 1 && c->stmts[3].nvals == 1 &&
		      c->stmts[3].vals[0].offset == 0);
		CHECK(c->stmts[4].kind == DT_STMT_CLEAR &&
		      c->stmts[4].aggid == 2);
		CHECK(c->stmts[5].kind == DT_STMT_NORMALIZE &&
		      c->stmts[5].nvals == 1 &&
		      c->stmts[5].vals[0].offset == 8);
		CHECK(c->stmts[6].kind == DT_STMT_DENORMALIZE &&
		      c->stmts[6].aggid == 1);
		CHECK(c->stmts[7].kind == DT_STMT_SETOPT &&
		      strcmp(c->stmts[7].opt, "quiet") == 0 &&
		      c->stmts[7].optval == NULL);
		CHECK(strcmp(c->stmts[8].opt, "bufsize") == 0 &&
		      strcmp(c->stmts[8].optval, "4m") == 0);
		CHECK(c->recsize == 16);
	}
	dt_program_free(p);

	bad("END { printa() }",
	    "printa( ) prototype mismatch: 0 args passed, 1 expected", 1, 7);
	bad("END { printa(\"%d\") }",
	    "printa( ) prototype mismatch: 1 args passed, 2 expected", 1, 7);
	bad("END { printa(1) }", "printa( ) argument #1 is incompatible with "
	    "prototype:\n"
	    "\tprototype: aggregation\n"
	    "\t argument: int", 1, 14);
	bad("BEGIN { @a = count() } END { printa(\"%d\", @a, x) }",
	    "failed to resolve x: Unknown variable name", 1, 47);
	bad("BEGIN { @a[1] = count() } END { printa(@a[1]) }",
	    "printa( ) argument #1 is incompatible with prototype:\n"
	    "\tprototype: aggregation\n"
	    "\t argument: aggregation element", 1, 40);
	bad("END { printa(@nope) }",
	    "failed to resolve @nope: Unknown aggregation name", 1, 14);
	bad("BEGIN { @a[1] = count(); @b = count() } END { printa(@a, @b) }",
	    "printa( ): @a and @b do not have matching key signatures: @a has "
	    "1 key, @b has 0 keys", 1, 47);
	bad("BEGIN { @a[1] = count(); @b[\"x\"] = count() } "
	    "END { printa(@a, @b) }", "printa( ): @b[ ] key #1 is "
	    "incompatible with @a: @a key #1: int @b key #1: string",
	    1, 52);
	bad("BEGIN { @a[1] = count() } END { printa(\"%s\", @a) }",
	    "printa( ) argument #2 is incompatible with conversion #1 "
	    "prototype:\n"
	    "\tconversion: %s\n"
	    "\t prototype: char [] or string (or use stringof)\n"
	    "\t  argument: int",
	    1, 40);
	bad("BEGIN { @a = count() } END { printa(\"%@s\", @a) }",
	    "printa( ) aggregating action is incompatible with conversion #1 "
	    "prototype:\n"
	    "\tconversion: %s\n"
	    "\t prototype: char [] or string (or use stringof)\n"
	    "\t  argument: uint64_t",
	    1, 37);
	bad("BEGIN { @a[1] = sum(1) } END { printa(\"%d %@q\", @a) }",
	    "format conversion #2 is undefined: %q", 1, 39);
	bad("BEGIN { @a = sum(1) } END { printa(\"%d\", @a) }",
	    "printa( ) prototype mismatch: conversion #1 (%d) is missing a "
	    "corresponding value argument", 1, 29);
	bad("BEGIN { printf(\"%@d\", 1) }", "%@ conversion requires an "
	    "aggregation and is not for use with printf( )", 1, 16);
	bad("END { trunc() }",
	    "trunc( ) prototype mismatch: 0 args passed, at least 1 expected",
	    1, 7);
	bad("BEGIN { @a = count() } END { trunc(@a, 1, 2) }",
	    "trunc( ) prototype mismatch: 3 args passed, no more than 2 "
	    "expected", 1, 30);
	bad("BEGIN { @a = count() } END { trunc(@a, \"x\") }",
	    "trunc( ) argument #2 is incompatible with prototype:\n"
	    "\tprototype: integer\n"
	    "\t argument: string", 1, 40);
	bad("END { trunc(1) }", "trunc( ) argument #1 is incompatible with "
	    "prototype:\n"
	    "\tprototype: aggregation\n"
	    "\t argument: int", 1, 13);
	bad("END { clear() }", "clear( ) prototype mismatch: 0 args passed, "
	    "1 expected", 1, 7);
	bad("BEGIN { @a = count() } END { denormalize(@a, 1) }",
	    "denormalize( ) prototype mismatch: 2 args passed, 1 expected",
	    1, 30);
	bad("BEGIN { @a = count() } END { normalize(@a) }",
	    "normalize( ) prototype mismatch: 1 args passed, 2 expected", 1, 30);
	bad("BEGIN { @a = count() } END { normalize(@a, execname) }",
	    "normalize( ) argument #2 is incompatible with prototype:\n"
	    "\tprototype: integer\n"
	    "\t argument: string", 1, 44);
	bad("END { clear(@none) }",
	    "failed to resolve @none: Unknown aggregation name", 1, 13);
	bad("END { setopt() }",
	    "setopt( ) prototype mismatch: 0 args passed, at least 1 expected",
	    1, 7);
	bad("END { setopt(\"a\", \"b\", \"c\") }",
	    "setopt( ) prototype mismatch: 3 args passed, at least 1 expected",
	    1, 7);
	bad("END { setopt(\"a\", 1) }", "setopt( ) argument #2 is "
	    "incompatible with prototype:\n"
	    "\tprototype: string constant\n"
	    "\t argument: int", 1, 19);
	bad("END { setopt(execname) }", "setopt( ) argument #1 is "
	    "incompatible with prototype:\n"
	    "\tprototype: string constant\n"
	    "\t argument: string", 1, 14);
	bad("BEGIN { @a = foo() }", "undefined function name: foo", 1, 14);
	/* the optional quantize() increment needs an ABI change: refused */
	/* the quantize family's increment: a value of its own */
	p = good("BEGIN { @q = quantize(arg0, 2); @l = lquantize(arg0, 0, 10, "
		 "2, arg1); @ll = llquantize(arg0, 10, 0, 2, 10, 3); "
		 "@p = quantize(arg0) }");
	CHECK(p && p->clauses[0].stmts[0].incr != NULL &&
	      p->clauses[0].stmts[0].incr->difo.ninsns == 2 &&
	      p->clauses[0].stmts[1].incr != NULL &&
	      p->aggs[1].lq_step == 2 &&
	      p->clauses[0].stmts[2].incr != NULL &&
	      p->clauses[0].stmts[3].incr == NULL);
	dt_program_free(p);
	bad("BEGIN { @q = quantize(1, 2, 3) }",
	    "quantize( ) prototype mismatch: 3 args passed, 1 expected", 1, 14);
	bad("BEGIN { @q = quantize(1, execname) }", "quantize( ) argument #2 "
	    "is incompatible with prototype:\n"
	    "\tprototype: integer\n"
	    "\t argument: string", 1, 26);
}

int main(void)
{
	test_vars();
	test_ops();
	test_types();
	test_pointers();
	test_printf();
	test_actions();
	test_stack_keys();
	test_nesting();
	test_pred_order();
	test_decls();
	test_pragmas();
	test_aggacts();
	return check_done("test_compile_lang");
}
