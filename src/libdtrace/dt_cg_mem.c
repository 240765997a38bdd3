// SPDX-License-Identifier: GPL-2.0
/*
 * Code for memory: *p, p[i] (already *(p + i)), s.m and p->m compute an
 * address and load from it with the load of the value's width and
 * signedness (LDSB..LDX, through the probe-safe load, so a bad address
 * is a DIF fault).  Arrays, structs and unions are never loaded: their
 * value is their address.  Pointer arithmetic scales by the size of
 * what is pointed to.  Stores (=, op=, ++, --) use STB..STX, which the
 * VM allows only into the firing's scratch (alloca() memory).
 */
#include "dt_cg_impl.h"

/* The load for a value of type @t, or 0 if it stays an address. */
static int cg_load_op(const struct dt_type *t)
{
	if (t->kind == DT_TK_PTR)
		return DIF_OP_LDX;
	if (t->kind != DT_TK_INT)
		return 0;
	switch (t->size) {
	case 1: return t->is_signed ? DIF_OP_LDSB : DIF_OP_LDUB;
	case 2: return t->is_signed ? DIF_OP_LDSH : DIF_OP_LDUH;
	case 4: return t->is_signed ? DIF_OP_LDSW : DIF_OP_LDUW;
	default: return DIF_OP_LDX;
	}
}

/* The store for a value of type @t (an integer or a pointer). */
static int cg_store_op(const struct dt_type *t)
{
	switch (t->kind == DT_TK_PTR ? 8 : t->size) {
	case 1: return DIF_OP_STB;
	case 2: return DIF_OP_STH;
	case 4: return DIF_OP_STW;
	default: return DIF_OP_STX;
	}
}

/* r += @off */
static void cg_add_const(struct dt_cg *cg, int r, dt_u64 off,
			 const struct dt_node *n)
{
	int t;

	if (off == 0)
		return;
	t = cg_reg(cg, n);
	cg_setx(cg, off, t);
	emit(cg, DIF_INSTR_FMT(DIF_OP_ADD, r, t, r));
	cg_free(cg, t);
}

/* The address of memory lvalue @n: *p, s.m or p->m. */
int cg_addr(struct dt_cg *cg, struct dt_node *n)
{
	int r;

	if (n->kind == DT_NODE_OP1 && n->op == DT_OP_DEREF)
		return cg_expr(cg, n->left);	/* a pointer's value */
	if (n->kind != DT_NODE_MEMBER) {
		cg_fail(cg, n, "internal error: no address");
		return 1;
	}
	r = n->op == DT_OP_ARROW ? cg_expr(cg, n->left) :
	    cg_addr(cg, n->left);
	cg_add_const(cg, r, n->value, n);
	return r;
}

int cg_mem_load(struct dt_cg *cg, struct dt_node *n)
{
	int r = cg_addr(cg, n), op = cg_load_op(&n->type);

	if (op != 0)
		emit(cg, DIF_INSTR_FMT(op, r, 0, r));
	return r;
}

/* r1 = r1 op r2 where one side is a pointer (or array) of @n. */
void cg_ptr_arith(struct dt_cg *cg, struct dt_node *n, int r1, int r2)
{
	const struct dt_type *lt = &n->left->type, *rt = &n->right->type;
	int lp = lt->kind == DT_TK_PTR || lt->kind == DT_TK_ARRAY;
	int rp = rt->kind == DT_TK_PTR || rt->kind == DT_TK_ARRAY;
	int size, t;

	if (lp && rp) {
		/* p - q: elements between them */
		size = dt_type_size(lt->ref, 0);
		emit(cg, DIF_INSTR_FMT(DIF_OP_SUB, r1, r2, r1));
		if (size > 1) {
			cg_setx(cg, (dt_u64)size, r2);
			emit(cg, DIF_INSTR_FMT(DIF_OP_SDIV, r1, r2, r1));
		}
		cg_free(cg, r2);
		return;
	}
	size = dt_type_size(lp ? lt->ref : rt->ref, 0);
	if (size > 1) {
		/* the integer side is canonical: scaling it is exact */
		int ri = lp ? r2 : r1;

		t = cg_reg(cg, n);
		cg_setx(cg, (dt_u64)size, t);
		emit(cg, DIF_INSTR_FMT(DIF_OP_MUL, ri, t, ri));
		cg_free(cg, t);
	}
	emit(cg, DIF_INSTR_FMT(n->op == DT_OP_ADD ? DIF_OP_ADD : DIF_OP_SUB,
			       r1, r2, r1));
	cg_free(cg, r2);
}

/* Is @n memory (*p, p[i], s.m, p->m) rather than a variable? */
int cg_is_mem(const struct dt_node *n)
{
	return (n->kind == DT_NODE_OP1 && n->op == DT_OP_DEREF) ||
	       n->kind == DT_NODE_MEMBER;
}

/* *p = v and *p op= v: the value stored is the expression's value. */
int cg_mem_store(struct dt_cg *cg, struct dt_node *n)
{
	struct dt_node *l = n->left;
	int ra = cg_addr(cg, l), r, r2;
	struct dt_type t;

	if (n->aop == DT_OP_NONE) {
		r = cg_expr(cg, n->right);
		cg_convert(cg, r, &n->right->type, &l->type, n);
	} else {
		r = cg_reg(cg, n);
		emit(cg, DIF_INSTR_FMT(cg_load_op(&l->type), ra, 0, r));
		r2 = cg_expr(cg, n->right);
		/* as for variables: x op= y is x = (type of x)(x op y) */
		t = n->aop == DT_OP_SHL || n->aop == DT_OP_SHR ?
		    dt_promote(l->type) : dt_arith(l->type, n->right->type);
		cg_arith(cg, n->aop, r, r2, &l->type, &n->right->type, &t, n);
		cg_convert(cg, r, &t, &l->type, n);
	}
	emit(cg, DIF_INSTR_FMT(cg_store_op(&l->type), r, 0, ra));
	cg_free(cg, ra);
	return r;
}

/* ++ and -- on memory: the old value (post) or the new one (pre). */
int cg_mem_incdec(struct dt_cg *cg, struct dt_node *n)
{
	struct dt_node *l = n->left;
	int post = n->op == DT_OP_POSTINC || n->op == DT_OP_POSTDEC;
	int ra = cg_addr(cg, l), r = cg_reg(cg, n), old;

	emit(cg, DIF_INSTR_FMT(cg_load_op(&l->type), ra, 0, r));
	old = cg_step(cg, n, r);
	emit(cg, DIF_INSTR_FMT(cg_store_op(&l->type), r, 0, ra));
	cg_free(cg, ra);
	if (!post)
		return r;
	cg_free(cg, r);
	return old;
}
