/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal interface of the DIF code generator, shared by dt_cg.c
 * (expressions, tables, labels), dt_cg_var.c (variables) and dt_cg_mem.c
 * (memory and pointers).
 */
#ifndef DT_CG_IMPL_H
#define DT_CG_IMPL_H

#include "dt_cg.h"
#include "dt_sema.h"
#include "dif.h"

struct dt_cg {
	struct dt_pcb *pcb;
	dt_u32 *insns;
	dt_u32 ninsns, insns_cap;
	dt_u64 *ints;
	dt_u32 nints, ints_cap;
	char *strtab;
	dt_u32 strtab_len, strtab_cap;
	unsigned int regs;		/* bit r set: %rr in use */
	int *lblpos;			/* label -> insn index, -1 unplaced */
	int nlbls, lbls_cap;
	int failed;
	int depth;			/* cg_expr() recursion (inlines) */
};

int cg_fail(struct dt_cg *cg, const struct dt_node *n, const char *msg);
void emit(struct dt_cg *cg, dt_u32 insn);
/* Registers: any free one; released in any order. */
int cg_reg(struct dt_cg *cg, const struct dt_node *n);
void cg_free(struct dt_cg *cg, int r);
void cg_setx(struct dt_cg *cg, dt_u64 v, int rd);
/* Keep register values canonical for their type (see dt_cg.c). */
void cg_normalize(struct dt_cg *cg, int r, const struct dt_type *t,
		  const struct dt_node *n);
void cg_convert(struct dt_cg *cg, int r, const struct dt_type *from,
		const struct dt_type *to, const struct dt_node *n);
void cg_arith(struct dt_cg *cg, enum dt_op op, int r1, int r2,
	      const struct dt_type *lt, const struct dt_type *rt,
	      const struct dt_type *rest, const struct dt_node *n);
int cg_expr(struct dt_cg *cg, struct dt_node *n);

/* dt_cg_mem.c */
int cg_addr(struct dt_cg *cg, struct dt_node *n);
int cg_mem_load(struct dt_cg *cg, struct dt_node *n);
int cg_is_mem(const struct dt_node *n);
int cg_mem_store(struct dt_cg *cg, struct dt_node *n);
int cg_mem_incdec(struct dt_cg *cg, struct dt_node *n);
void cg_ptr_arith(struct dt_cg *cg, struct dt_node *n, int r1, int r2);

/* dt_cg_var.c */
int cg_var_load(struct dt_cg *cg, struct dt_node *n);
int cg_assign(struct dt_cg *cg, struct dt_node *n);
int cg_incdec(struct dt_cg *cg, struct dt_node *n);
int cg_step(struct dt_cg *cg, struct dt_node *n, int r);

#endif /* DT_CG_IMPL_H */
