/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The parse control block: everything one dt_compile() call needs, shared
 * by the lexer, the parser, the semantic pass and the code generator.
 */
#ifndef DT_PARSE_H
#define DT_PARSE_H

#include <setjmp.h>
#include "dt_ast.h"
#include "dt_program.h"
#include "dif.h"

/*
 * A user variable (dt_vars.c): its D type is fixed by its declaration or
 * by its first assignment in program order; arrays also fix their key
 * signature that way.
 */
struct dt_uvar {
	char *name;
	int scope;		/* DT_SCOPE_* */
	int is_array;
	int typed;		/* type (and keys) known */
	struct dt_type type;
	int nkeys;
	struct dt_type keys[DIF_MAX_TUPLE];
	dt_u32 id;		/* DIF_VAR_OTHER_UBASE + n, per scope */
};

/* A typedef of the script: the name is known to the lexer at once. */
struct dt_typedef {
	char *name;
	int resolved;
	struct dt_type type;
};

/* An inline: a name for a typed expression, expanded where used. */
struct dt_inline {
	char *name;
	struct dt_type type;
	struct dt_node *expr;	/* checked and typed once */
};

struct dt_pcb {
	const char *src;
	size_t srclen;
	size_t off;		/* byte offset of the current match */
	int is_clause;
	dt_u32 strsize;
	dt_u32 stackframes, ustackframes;	/* -x options; 0: default */
	struct dt_error *err;
	int failed;		/* an error has been recorded */
	int undef;		/* ... and it was an undefined variable */
	jmp_buf jmp;		/* lexer fatal errors only */

	/* Lexer state. */
	int line, col;		/* position of the next character */
	int in_pred;		/* lexing a predicate */
	int depth;		/* { } nesting inside a clause body */
	int in_decl;		/* lexing a declaration up to its ';' */
	int parens, brackets;
	char tok[64];		/* text of the last token, for syntax errors */
	int tok_eof;
	int tok_line, tok_col;

	struct dt_node *arena;	/* every node, for freeing */
	struct dt_node *clauses;	/* parse result */

	/* Semantic state. */
	struct dt_uvar *vars;
	int nvars;
	dt_u32 nids[3];		/* variables per scope */
	struct dt_inline *inlines;
	int ninlines;
	struct dt_typedef *typedefs;
	int ntypedefs;
	struct dt_sou **sous;	/* struct and union tags */
	int nsous;
	char **enums;		/* enum tags defined */
	int nenums;
	struct dt_pblob *pblobs;	/* types and names, freed at the end */
	/* key types of aggregation i: aggkeys[i * DTRACE_MAX_AGGKEYS ...] */
	struct dt_type *aggkeys;
	struct dt_program *pgm;	/* being filled in */
};

/* Record the first error (later ones are dropped); always returns -1. */
int dt_set_error(struct dt_pcb *pcb, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Lexer/parser glue. */
void *dt_strdup(struct dt_pcb *pcb, const char *s);
/* Zeroed memory that lives until dt_compile() returns. */
void *dt_palloc(struct dt_pcb *pcb, size_t size);
const char *dt_pname(struct dt_pcb *pcb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void dt_pfree_all(struct dt_pcb *pcb);
int dt_parse(struct dt_pcb *pcb);

/* "#pragma" lines (dt_decl.c): @text follows "#pragma". */
int dt_pragma(struct dt_pcb *pcb, const char *text, int line, int col);

/* Semantic analysis and program construction (dt_sema.c). */
int dt_sema_program(struct dt_pcb *pcb);

#endif /* DT_PARSE_H */
