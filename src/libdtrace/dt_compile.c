// SPDX-License-Identifier: GPL-2.0
/*
 * dt_compile(): D source -> struct dt_program (see dt_program.h).
 * Parse into an AST (dt_lex.l, dt_grammar.y), then check and generate
 * code clause by clause (dt_sema.c, dt_printf_check.c, dt_cg.c).
 * Nothing here prints, aborts or exits: every problem comes back in
 * struct dt_error, and every allocation is released on every path.
 *
 * The D language: clauses "desc[, desc...] [/pred/] [{ stmts }]" and
 * file-scope declarations (variables, struct/union/enum/typedef, inline)
 * and "#pragma D option"; statements are actions (trace, printf, exit,
 * printa, trunc, clear, normalize, denormalize, setopt), aggregations
 * and expressions run for their effects; variables of every scope (x,
 * a[k, ...], self->x, self->a[k], this->x), the C operators with
 * assignment operators, ++, --, ^^ and the comma operator, casts,
 * sizeof, offsetof, stringof, pointers and members, args[].  Not
 * supported: translators and the kernel's own types (no CTF), stores
 * through pointers, the destructive actions other than system() and
 * freopen(), expressions nested deeper than DT_MAX_NESTING.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dt_parse.h"
#include "dt_cg.h"
#include "dtrace_abi.h"

#define DT_DEFAULT_STRSIZE	256

int dt_set_error(struct dt_pcb *pcb, int line, int col, const char *fmt, ...)
{
	va_list ap;

	if (pcb->failed)
		return -1;
	pcb->failed = 1;
	if (pcb->err == NULL)
		return -1;
	va_start(ap, fmt);
	vsnprintf(pcb->err->msg, sizeof(pcb->err->msg), fmt, ap);
	va_end(ap);
	pcb->err->line = line;
	pcb->err->col = col;
	return -1;
}

static void dt_stmt_free(struct dt_stmt *s)
{
	int i;

	free(s->fmt);
	free(s->aggids);
	free(s->opt);
	free(s->optval);
	for (i = 0; i < s->nvals; i++)
		dt_difo_free(&s->vals[i].difo);
	free(s->vals);
	for (i = 0; i < s->nkeys; i++)
		dt_difo_free(&s->keys[i].difo);
	free(s->keys);
	if (s->incr != NULL)
		dt_difo_free(&s->incr->difo);
	free(s->incr);
}

void dt_program_free(struct dt_program *pgm)
{
	int i, j;

	if (pgm == NULL)
		return;
	for (i = 0; i < pgm->nclauses; i++) {
		struct dt_clause *cl = &pgm->clauses[i];

		for (j = 0; j < cl->nspecs; j++) {
			free(cl->specs[j].prov);
			free(cl->specs[j].mod);
			free(cl->specs[j].func);
			free(cl->specs[j].name);
			free(cl->specs[j].text);
		}
		free(cl->specs);
		if (cl->pred != NULL) {
			dt_difo_free(cl->pred);
			free(cl->pred);
		}
		for (j = 0; j < cl->nstmts; j++)
			dt_stmt_free(&cl->stmts[j]);
		free(cl->stmts);
	}
	free(pgm->clauses);
	for (i = 0; i < pgm->naggs; i++)
		free(pgm->aggs[i].name);
	free(pgm->aggs);
	for (i = 0; i < pgm->nvars; i++)
		free(pgm->vars[i].name);
	free(pgm->vars);
	for (i = 0; i < pgm->npragma_opts; i++)
		free(pgm->pragma_opts[i]);
	free(pgm->pragma_opts);
	free(pgm);
}

struct dt_program *dt_compile(const char *src, int is_clause, dt_u32 strsize,
			      struct dt_error *err)
{
	struct dt_compile_opts o = { .strsize = strsize };

	return dt_compile_with(src, is_clause, &o, err);
}

struct dt_program *dt_compile_with(const char *src, int is_clause,
				   const struct dt_compile_opts *opts,
				   struct dt_error *err)
{
	dt_u32 strsize = opts != NULL ? opts->strsize : 0;
	struct dt_pcb pcb;
	struct dt_program *pgm;
	volatile int rc;
	int i;

	if (err != NULL)
		memset(err, 0, sizeof(*err));
	memset(&pcb, 0, sizeof(pcb));
	pcb.err = err;
	if (src == NULL) {
		dt_set_error(&pcb, 0, 0, "no program text");
		return NULL;
	}
	if (strsize == 0)
		strsize = DT_DEFAULT_STRSIZE;
	if (strsize > DTRACE_MAX_RECSIZE) {
		dt_set_error(&pcb, 0, 0, "strsize %u is too large (limit %u)",
			     strsize, DTRACE_MAX_RECSIZE);
		return NULL;
	}
	pcb.src = src;
	pcb.srclen = strlen(src);
	if (pcb.srclen > 0x7fffffff) {
		dt_set_error(&pcb, 0, 0, "program text too large");
		return NULL;
	}
	pcb.is_clause = is_clause;
	pcb.strsize = strsize;
	if (opts != NULL) {
		pcb.stackframes = opts->stackframes;
		pcb.ustackframes = opts->ustackframes;
	}
	pcb.line = 1;
	pcb.col = 1;

	pgm = calloc(1, sizeof(*pgm));
	if (pgm == NULL) {
		dt_set_error(&pcb, 0, 0, "out of memory");
		return NULL;
	}
	pgm->strsize = strsize;
	pcb.pgm = pgm;

	rc = dt_parse(&pcb);
	if (rc == 0 && setjmp(pcb.jmp) == 0)
		rc = dt_sema_program(&pcb);
	else
		rc = -1;
	if (rc == 0 && pcb.failed)
		rc = -1;

	dt_node_free_all(&pcb);
	for (i = 0; i < pcb.nvars; i++)
		free(pcb.vars[i].name);
	free(pcb.vars);
	for (i = 0; i < pcb.ninlines; i++)
		free(pcb.inlines[i].name);
	free(pcb.inlines);
	for (i = 0; i < pcb.ntypedefs; i++)
		free(pcb.typedefs[i].name);
	free(pcb.typedefs);
	free(pcb.sous);
	for (i = 0; i < pcb.nenums; i++)
		free(pcb.enums[i]);
	free(pcb.enums);
	free(pcb.aggkeys);
	dt_pfree_all(&pcb);
	if (rc != 0) {
		dt_program_free(pgm);
		return NULL;
	}
	return pgm;
}
