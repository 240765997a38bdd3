/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The D grammar (the subset implemented so far): a program is a sequence
 * of probe clauses "descriptions [/predicate/] [{ statements }]".  The
 * parser only builds the AST; types and meaning are checked in dt_sema.c.
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

%token <node> T_PSPEC T_IDENT T_STRING T_INT T_AGG
%token T_EPRED T_LAND T_LOR T_EQ T_NE T_LE T_GE T_SHL T_SHR
%token T_UNSUPPORTED T_ERROR

%type <node> clause pspecs body stmts stmt expr primary args args_opt keys_opt

%right '='
%right '?' ':'
%left T_LOR
%left T_LAND
%left '|'
%left '^'
%left '&'
%left T_EQ T_NE
%left '<' '>' T_LE T_GE
%left T_SHL T_SHR
%left '+' '-'
%left '*' '/' '%'
%precedence UNARY

%%

program:
	  %empty
	| clauses
	;

/*
 * A ';' may follow a clause: it is what ends a body-less predicated
 * clause ("BEGIN /x/;") before the next one, as '/' before a probe
 * description would be a division.
 */
clauses:
	  clause		{ PCB->clauses = dt_node_append(PCB->clauses, $1); }
	| clauses clause	{ PCB->clauses = dt_node_append(PCB->clauses, $2); }
	| clauses ';'
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
	  expr			{ $$ = $1; }
	| T_AGG keys_opt '=' expr {
		$$ = $1;
		$$->args = $2;
		$$->right = $4;
	}
	;

keys_opt:
	  %empty		{ $$ = NULL; }
	| '[' args ']'		{ $$ = $2; }
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
	  primary		{ $$ = $1; }
	| expr '=' expr		{ $$ = dt_node_op2(PCB, DT_OP_ASSIGN, $1, $3, L(@2)); }
	| expr '?' expr ':' expr { $$ = dt_node_op3(PCB, $1, $3, $5, L(@2)); }
	| expr T_LOR expr	{ $$ = dt_node_op2(PCB, DT_OP_LOR, $1, $3, L(@2)); }
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
	| '-' expr %prec UNARY	{ $$ = dt_node_op1(PCB, DT_OP_NEG, $2, L(@1)); }
	| '+' expr %prec UNARY	{ $$ = dt_node_op1(PCB, DT_OP_POS, $2, L(@1)); }
	| '!' expr %prec UNARY	{ $$ = dt_node_op1(PCB, DT_OP_LNOT, $2, L(@1)); }
	| '~' expr %prec UNARY	{ $$ = dt_node_op1(PCB, DT_OP_BNOT, $2, L(@1)); }
	;

primary:
	  T_INT			{ $$ = $1; }
	| T_STRING		{ $$ = $1; }
	| T_IDENT		{ $$ = $1; }
	| T_IDENT '(' args_opt ')' {
		$$ = $1;
		$$->kind = DT_NODE_FUNC;
		$$->args = $3;
	}
	| '(' expr ')'		{ $$ = $2; }
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
	return rc == 0 && !pcb->failed ? 0 : -1;
}
