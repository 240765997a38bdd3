/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The D grammar: a program is a sequence of probe clauses "descriptions
 * [/predicate/] [{ statements }]" and declarations ("int x;", "self
 * string s;", "int a[string, int];", "inline int N = 4;").  The parser
 * only builds the AST; types and meaning are checked in dt_sema*.c.
 */
%code requires {
#include "dt_ast.h"
struct dt_pcb;
#ifndef YY_TYPEDEF_YY_SCANNER_T
#define YY_TYPEDEF_YY_SCANNER_T
typedef void *yyscan_t;
#endif
}

%code {
#include <stdio.h>
#include <string.h>
#include "dt_parse.h"
#include "dt_decl.h"

int yylex(YYSTYPE *lvalp, YYLTYPE *llocp, yyscan_t scanner);
int yylex_init_extra(struct dt_pcb *pcb, yyscan_t *scanner);
int yylex_destroy(yyscan_t scanner);
void *yy_scan_bytes(const char *bytes, int len, yyscan_t scanner);
struct dt_pcb *yyget_extra(yyscan_t scanner);

static void yyerror(YYLTYPE *loc, yyscan_t scanner, const char *msg);

#define PCB yyget_extra(scanner)
#define L(loc) (loc).first_line, (loc).first_column
}

%define api.pure full
%locations
%param { yyscan_t scanner }

%union {
	struct dt_node *node;
	enum dt_op op;
}

%token <node> T_PSPEC T_IDENT T_STRING T_INT T_AGG T_TKW T_TNAME
%token <op> T_OPASSIGN
%token T_EPRED T_LAND T_LOR T_LXOR T_EQ T_NE T_LE T_GE T_SHL T_SHR
%token T_INC T_DEC T_ARROW T_SELF T_THIS T_INLINE T_SIZEOF T_STRINGOF
%token T_STRUCT T_UNION T_ENUM T_TYPEDEF T_OFFSETOF
%token T_ERROR

%type <node> clause pspecs body stmts stmt expr cexpr unary postfix primary
%type <node> args args_opt decl type_name tkws typelist type_ref
%type <node> members member enumerators enumerator

%right '=' T_OPASSIGN
%right '?' ':'
%left T_LOR
%left T_LXOR
%left T_LAND
%left '|'
%left '^'
%left '&'
%left T_EQ T_NE
%left '<' '>' T_LE T_GE
%left T_SHL T_SHR
%left '+' '-'
%left '*' '/' '%'
%precedence T_SIZEOF	/* sizeof (int) - 1 is (sizeof (int)) - 1, as in C */

%%

program:
	  %empty
	| items
	;

/*
 * A ';' may follow a clause: it is what ends a body-less predicated
 * clause ("BEGIN /x/;") before the next one, as '/' before a probe
 * description would be a division.
 */
items:
	  item
	| items item
	| items ';'
	;

item:
	  clause		{ PCB->clauses = dt_node_append(PCB->clauses, $1); }
	| decl			{ PCB->clauses = dt_node_append(PCB->clauses, $1); }
	;

clause:
	  pspecs {
		$$ = dt_node_new(PCB, DT_NODE_CLAUSE, L(@1));
		$$->args = $1;
	}
	| pspecs '/' expr T_EPRED {
		$$ = dt_node_new(PCB, DT_NODE_CLAUSE, L(@1));
		$$->args = $1;
		$$->cond = $3;
	}
	| pspecs '{' body '}' {
		$$ = dt_node_new(PCB, DT_NODE_CLAUSE, L(@1));
		$$->args = $1;
		$$->left = $3;
	}
	| pspecs '/' expr T_EPRED '{' body '}' {
		$$ = dt_node_new(PCB, DT_NODE_CLAUSE, L(@1));
		$$->args = $1;
		$$->cond = $3;
		$$->left = $6;
	}
	;

pspecs:
	  T_PSPEC		{ $$ = $1; }
	| pspecs ',' T_PSPEC	{ $$ = dt_node_append($1, $3); }
	;

/* Declarations at file scope: variables, inlines and types. */
decl:
	  type_ref T_IDENT ';' {
		$$ = dt_decl_node(PCB, DT_SCOPE_GLOBAL, $1, $2, NULL);
	}
	| type_ref T_IDENT '[' typelist ']' ';' {
		$$ = dt_decl_node(PCB, DT_SCOPE_GLOBAL, $1, $2, $4);
	}
	| T_SELF type_ref T_IDENT ';' {
		$$ = dt_decl_node(PCB, DT_SCOPE_THREAD, $2, $3, NULL);
	}
	| T_SELF type_ref T_IDENT '[' typelist ']' ';' {
		$$ = dt_decl_node(PCB, DT_SCOPE_THREAD, $2, $3, $5);
	}
	| T_THIS type_ref T_IDENT ';' {
		$$ = dt_decl_node(PCB, DT_SCOPE_LOCAL, $2, $3, NULL);
	}
	| T_INLINE type_ref T_IDENT '=' expr ';' {
		$$ = dt_decl_node(PCB, DT_SCOPE_GLOBAL, $2, $3, NULL);
		$$->kind = DT_NODE_INLINE;
		$$->left = $5;
	}
	| T_STRUCT T_IDENT '{' members '}' ';' {
		$$ = dt_sou_node(PCB, 0, $2, $4);
	}
	| T_UNION T_IDENT '{' members '}' ';' {
		$$ = dt_sou_node(PCB, 1, $2, $4);
	}
	| T_ENUM T_IDENT '{' enumerators '}' ';' {
		$$ = dt_sou_node(PCB, 0, $2, $4);
		$$->kind = DT_NODE_ENUM;
	}
	| T_ENUM T_IDENT '{' enumerators ',' '}' ';' {
		$$ = dt_sou_node(PCB, 0, $2, $4);
		$$->kind = DT_NODE_ENUM;
	}
	| T_TYPEDEF type_ref T_IDENT ';' { $$ = dt_typedef_node(PCB, $2, $3); }
	| T_TYPEDEF T_STRUCT T_IDENT '{' members '}' T_IDENT ';' {
		/* the struct, then the typedef naming it */
		$$ = dt_sou_node(PCB, 0, $3, $5);
		$$->next = dt_typedef_node(PCB,
			dt_tag_type(PCB, "struct", $3, L(@2)), $7);
	}
	| T_TYPEDEF T_UNION T_IDENT '{' members '}' T_IDENT ';' {
		$$ = dt_sou_node(PCB, 1, $3, $5);
		$$->next = dt_typedef_node(PCB,
			dt_tag_type(PCB, "union", $3, L(@2)), $7);
	}
	| T_TYPEDEF type_ref T_TNAME ';' { $$ = dt_typedef_node(PCB, $2, $3); }
	;

members:
	  member		{ $$ = $1; }
	| members member	{ $$ = dt_node_append($1, $2); }
	;

/* A member, "char name[8]" as an array of 8 (value: element count). */
member:
	  type_ref T_IDENT ';' {
		$$ = dt_decl_node(PCB, DT_SCOPE_GLOBAL, $1, $2, NULL);
	}
	| type_ref T_IDENT '[' T_INT ']' ';' {
		$$ = dt_decl_node(PCB, DT_SCOPE_GLOBAL, $1, $2, NULL);
		$$->value = $4->value;
		$$->var_id = 1;	/* is an array */
	}
	;

enumerators:
	  enumerator		{ $$ = $1; }
	| enumerators ',' enumerator { $$ = dt_node_append($1, $3); }
	;

enumerator:
	  T_IDENT		{ $$ = $1; }
	| T_IDENT '=' expr	{ $$ = $1; $$->left = $3; }
	;

typelist:
	  type_ref		{ $$ = $1; }
	| typelist ',' type_ref	{ $$ = dt_node_append($1, $3); }
	;

/* A type and the '*'s of a pointer to it: "char *", "struct foo **". */
type_ref:
	  type_name		{ $$ = $1; }
	| type_ref '*'		{ $$ = $1; $$->value++; }
	;

/* Type keywords in any order ("long unsigned"), or one type name. */
type_name:
	  tkws			{ $$ = $1; }
	| T_TNAME		{ $$ = $1; }
	| T_STRUCT T_IDENT	{ $$ = dt_tag_type(PCB, "struct", $2, L(@1)); }
	| T_UNION T_IDENT	{ $$ = dt_tag_type(PCB, "union", $2, L(@1)); }
	| T_ENUM T_IDENT	{ $$ = dt_tag_type(PCB, "enum", $2, L(@1)); }
	;

tkws:
	  T_TKW			{ $$ = $1; }
	| tkws T_TKW		{ $$ = dt_type_word(PCB, $1, $2); }
	;

/* As in illumos: statements end with ';', the last one may omit it. */
body:
	  stmts			{ $$ = $1; }
	| stmts stmt		{ $$ = dt_node_append($1, $2); }
	;

stmts:
	  %empty		{ $$ = NULL; }
	| stmts ';'		{ $$ = $1; }
	| stmts stmt ';'	{ $$ = dt_node_append($1, $2); }
	;

stmt:
	  cexpr			{ $$ = $1; }
	;

/* The comma operator, where an argument list cannot be meant. */
cexpr:
	  expr			{ $$ = $1; }
	| cexpr ',' expr	{ $$ = dt_node_op2(PCB, DT_OP_COMMA, $1, $3, L(@2)); }
	;

args_opt:
	  %empty		{ $$ = NULL; }
	| args			{ $$ = $1; }
	;

args:
	  expr			{ $$ = $1; }
	| args ',' expr		{ $$ = dt_node_append($1, $3); }
	;

expr:
	  unary			{ $$ = $1; }
	| expr '=' expr		{ $$ = dt_node_op2(PCB, DT_OP_ASSIGN, $1, $3, L(@2)); }
	| expr T_OPASSIGN expr	{
		$$ = dt_node_op2(PCB, DT_OP_ASSIGN, $1, $3, L(@2));
		$$->aop = $2;
	}
	| expr '?' expr ':' expr { $$ = dt_node_op3(PCB, $1, $3, $5, L(@2)); }
	| expr T_LOR expr	{ $$ = dt_node_op2(PCB, DT_OP_LOR, $1, $3, L(@2)); }
	| expr T_LXOR expr	{ $$ = dt_node_op2(PCB, DT_OP_LXOR, $1, $3, L(@2)); }
	| expr T_LAND expr	{ $$ = dt_node_op2(PCB, DT_OP_LAND, $1, $3, L(@2)); }
	| expr '|' expr		{ $$ = dt_node_op2(PCB, DT_OP_BOR, $1, $3, L(@2)); }
	| expr '^' expr		{ $$ = dt_node_op2(PCB, DT_OP_XOR, $1, $3, L(@2)); }
	| expr '&' expr		{ $$ = dt_node_op2(PCB, DT_OP_BAND, $1, $3, L(@2)); }
	| expr T_EQ expr	{ $$ = dt_node_op2(PCB, DT_OP_EQ, $1, $3, L(@2)); }
	| expr T_NE expr	{ $$ = dt_node_op2(PCB, DT_OP_NE, $1, $3, L(@2)); }
	| expr '<' expr		{ $$ = dt_node_op2(PCB, DT_OP_LT, $1, $3, L(@2)); }
	| expr '>' expr		{ $$ = dt_node_op2(PCB, DT_OP_GT, $1, $3, L(@2)); }
	| expr T_LE expr	{ $$ = dt_node_op2(PCB, DT_OP_LE, $1, $3, L(@2)); }
	| expr T_GE expr	{ $$ = dt_node_op2(PCB, DT_OP_GE, $1, $3, L(@2)); }
	| expr T_SHL expr	{ $$ = dt_node_op2(PCB, DT_OP_SHL, $1, $3, L(@2)); }
	| expr T_SHR expr	{ $$ = dt_node_op2(PCB, DT_OP_SHR, $1, $3, L(@2)); }
	| expr '+' expr		{ $$ = dt_node_op2(PCB, DT_OP_ADD, $1, $3, L(@2)); }
	| expr '-' expr		{ $$ = dt_node_op2(PCB, DT_OP_SUB, $1, $3, L(@2)); }
	| expr '*' expr		{ $$ = dt_node_op2(PCB, DT_OP_MUL, $1, $3, L(@2)); }
	| expr '/' expr		{ $$ = dt_node_op2(PCB, DT_OP_DIV, $1, $3, L(@2)); }
	| expr '%' expr		{ $$ = dt_node_op2(PCB, DT_OP_MOD, $1, $3, L(@2)); }
	;

unary:
	  postfix		{ $$ = $1; }
	| '-' unary		{ $$ = dt_node_op1(PCB, DT_OP_NEG, $2, L(@1)); }
	| '+' unary		{ $$ = dt_node_op1(PCB, DT_OP_POS, $2, L(@1)); }
	| '!' unary		{ $$ = dt_node_op1(PCB, DT_OP_LNOT, $2, L(@1)); }
	| '~' unary		{ $$ = dt_node_op1(PCB, DT_OP_BNOT, $2, L(@1)); }
	| T_INC unary		{ $$ = dt_node_op1(PCB, DT_OP_PREINC, $2, L(@1)); }
	| T_DEC unary		{ $$ = dt_node_op1(PCB, DT_OP_PREDEC, $2, L(@1)); }
	| '*' unary		{ $$ = dt_node_op1(PCB, DT_OP_DEREF, $2, L(@1)); }
	| '&' unary		{ $$ = dt_node_op1(PCB, DT_OP_ADDROF, $2, L(@1)); }
	| '(' type_ref ')' unary {
		$$ = dt_node_new(PCB, DT_NODE_CAST, L(@1));
		$$->cond = $2;
		$$->left = $4;
	}
	| T_SIZEOF unary {
		$$ = dt_node_new(PCB, DT_NODE_SIZEOF, L(@1));
		$$->left = $2;
	}
	| T_SIZEOF '(' type_ref ')' %prec T_SIZEOF {
		$$ = dt_node_new(PCB, DT_NODE_SIZEOF, L(@1));
		$$->left = $3;
	}
	| T_OFFSETOF '(' type_ref ',' T_IDENT ')' {
		$$ = dt_node_new(PCB, DT_NODE_SIZEOF, L(@1));
		$$->left = $3;
		$$->str = dt_strdup(PCB, $5->str);	/* the member */
	}
	| T_STRINGOF unary {
		$$ = dt_node_new(PCB, DT_NODE_STRINGOF, L(@1));
		$$->left = $2;
	}
	;

postfix:
	  primary		{ $$ = $1; }
	| postfix '[' args ']'	{
		$$ = dt_node_new(PCB, DT_NODE_INDEX, L(@2));
		$$->left = $1;
		$$->args = $3;
	}
	| postfix '.' T_IDENT	{ $$ = dt_member_node(PCB, DT_OP_DOT, $1, $3, L(@2)); }
	| postfix T_ARROW T_IDENT {
		$$ = dt_member_node(PCB, DT_OP_ARROW, $1, $3, L(@2));
	}
	| postfix T_INC		{ $$ = dt_node_op1(PCB, DT_OP_POSTINC, $1, L(@2)); }
	| postfix T_DEC		{ $$ = dt_node_op1(PCB, DT_OP_POSTDEC, $1, L(@2)); }
	;

primary:
	  T_INT			{ $$ = $1; }
	| T_STRING		{ $$ = $1; }
	| T_IDENT		{ $$ = $1; }
	| T_AGG			{ $$ = $1; }
	| T_SELF T_ARROW T_IDENT {
		$$ = $3;
		$$->scope = DT_SCOPE_THREAD;
		$$->line = @1.first_line;
		$$->col = @1.first_column;
	}
	| T_THIS T_ARROW T_IDENT {
		$$ = $3;
		$$->scope = DT_SCOPE_LOCAL;
		$$->line = @1.first_line;
		$$->col = @1.first_column;
	}
	| T_IDENT '(' args_opt ')' {
		$$ = $1;
		$$->kind = DT_NODE_FUNC;
		$$->args = $3;
	}
	| '(' cexpr ')'		{ $$ = $2; }
	;

%%

static void yyerror(YYLTYPE *loc, yyscan_t scanner, const char *msg)
{
	struct dt_pcb *pcb = PCB;

	(void)loc;
	if (pcb->tok_eof)
		dt_set_error(pcb, pcb->tok_line, pcb->tok_col,
			     "syntax error near end of input");
	else if (strcmp(msg, "memory exhausted") == 0)
		dt_set_error(pcb, loc->first_line, loc->first_column,
			     "program too complex: parser memory exhausted");
	else
		dt_set_error(pcb, loc->first_line, loc->first_column,
			     "syntax error near \"%s\"", pcb->tok);
}

int dt_parse(struct dt_pcb *pcb)
{
	yyscan_t scanner;
	int rc;

	if (yylex_init_extra(pcb, &scanner) != 0)
		return dt_set_error(pcb, 0, 0, "out of memory");
	if (setjmp(pcb->jmp) != 0) {
		yylex_destroy(scanner);
		return -1;
	}
	if (yy_scan_bytes(pcb->src, (int)pcb->srclen, scanner) == NULL)
		rc = dt_set_error(pcb, 0, 0, "out of memory");
	else
		rc = yyparse(scanner);
	yylex_destroy(scanner);
	if (rc != 0 || pcb->failed)
		return -1;
	return dt_node_check_depth(pcb);
}
