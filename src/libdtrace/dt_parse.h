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

struct dt_global {
	char *name;
	struct dt_type type;
};

struct dt_pcb {
	const char *src;
	size_t srclen;
	size_t off;		/* byte offset of the current match */
	int is_clause;
	dt_u32 strsize;
	struct dt_error *err;
	int failed;		/* an error has been recorded */
	jmp_buf jmp;		/* lexer fatal errors only */

	/* Lexer state. */
	int line, col;		/* position of the next character */
	int in_pred;		/* lexing a predicate */
	int depth;		/* { } nesting inside a clause body */
	int parens, brackets;
	char tok[64];		/* text of the last token, for syntax errors */
	int tok_eof;
	int tok_line, tok_col;

	struct dt_node *arena;	/* every node, for freeing */
	struct dt_node *clauses;	/* parse result */

	/* Semantic state. */
	struct dt_global *globals;
	int nglobals;
	struct dt_program *pgm;	/* being filled in */
};

/* Record the first error (later ones are dropped); always returns -1. */
int dt_set_error(struct dt_pcb *pcb, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Lexer/parser glue. */
void *dt_strdup(struct dt_pcb *pcb, const char *s);
int dt_parse(struct dt_pcb *pcb);

/* Semantic analysis and program construction (dt_sema.c). */
int dt_sema_program(struct dt_pcb *pcb);

#endif /* DT_PARSE_H */
