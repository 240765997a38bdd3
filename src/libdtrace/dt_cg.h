/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The DIF code generator: typed AST expressions -> one DIFO each.
 *
 * Statements with side effects only (assignments to globals) have no DIFO
 * of their own in dt_program.h, so their code is merged into a DIFO that
 * the kernel runs anyway: "pre" effects run before a value is computed,
 * "post" effects after it, and a predicate DIFO runs its effects only when
 * the predicate is true.  This relies on the kernel's order of evaluation
 * (src/kernel/dtrace_firing.c): the predicate, then each action in order,
 * an aggregation's value before its keys.
 */
#ifndef DT_CG_H
#define DT_CG_H

#include "dt_parse.h"

/*
 * Compile @expr (NULL: the constant 1) into @out, with the @npre
 * expressions of @pre evaluated before it and the @npost of @post after
 * it, for their side effects.  Returns 0 or -1 with pcb's error set.
 */
int dt_cg_value(struct dt_pcb *pcb, struct dt_node **pre, int npre,
		struct dt_node *expr, struct dt_node **post, int npost,
		struct dt_difo *out);

/*
 * Compile predicate @pred (NULL: always true); the @neff expressions of
 * @eff run only when it holds.
 */
int dt_cg_pred(struct dt_pcb *pcb, struct dt_node *pred,
	       struct dt_node **eff, int neff, struct dt_difo *out);

void dt_difo_free(struct dt_difo *dp);

#endif /* DT_CG_H */
