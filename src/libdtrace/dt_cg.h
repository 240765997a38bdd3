/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The DIF code generator: typed AST expressions -> one DIFO each (a
 * predicate, a recorded value, an aggregation key, or an expression
 * statement run for its effects).
 */
#ifndef DT_CG_H
#define DT_CG_H

#include "dt_parse.h"

/*
 * Compile @expr (NULL: the constant 1) into @out.  Returns 0 or -1 with
 * pcb's error set.
 */
int dt_cg_value(struct dt_pcb *pcb, struct dt_node *expr, struct dt_difo *out);

/* Compile predicate @pred into @out (its value is the DIFO's result). */
int dt_cg_pred(struct dt_pcb *pcb, struct dt_node *pred, struct dt_difo *out);

void dt_difo_free(struct dt_difo *dp);

#endif /* DT_CG_H */
