// SPDX-License-Identifier: GPL-2.0
/*
 * Code for user variables (dif.h: LDGS/STGS, LDTS/STTS, LDLS/STLS and
 * the array ops LDGAA/STGAA, LDTAA/STTAA).  An array element's key is
 * pushed on the tuple stack (PUSHTV for integers, PUSHTR for strings)
 * just before the load or store, after every operand that might itself
 * use the tuple stack (a subroutine call) has been computed; the array
 * op empties the stack, so a read-modify-write pushes the key twice.
 * Values are stored converted to the variable's type, so that loads are
 * canonical without further work.
 */
#include "dt_cg_impl.h"

static int cg_ld_op(const struct dt_node *v)
{
	static const int sc[] = { DIF_OP_LDGS, DIF_OP_LDTS, DIF_OP_LDLS };

	if (v->args != NULL)
		return v->scope == DT_SCOPE_THREAD ? DIF_OP_LDTAA :
		       DIF_OP_LDGAA;
	return sc[v->scope];
}

static int cg_st_op(const struct dt_node *v)
{
	static const int sc[] = { DIF_OP_STGS, DIF_OP_STTS, DIF_OP_STLS };

	if (v->args != NULL)
		return v->scope == DT_SCOPE_THREAD ? DIF_OP_STTAA :
		       DIF_OP_STGAA;
	return sc[v->scope];
}

/* Evaluate the keys of array reference @v into @r[]; returns how many. */
static int cg_keys(struct dt_cg *cg, struct dt_node *v, int *r)
{
	struct dt_node *k;
	int n = 0;

	for (k = v->args; k != NULL && n < DIF_MAX_TUPLE; k = k->next)
		r[n++] = cg_expr(cg, k);
	return n;
}

/* Push the @n evaluated keys; @release frees their registers. */
static void cg_push(struct dt_cg *cg, struct dt_node *v, int *r, int n,
		    int release)
{
	struct dt_node *k;
	int i;

	for (i = 0, k = v->args; i < n; i++, k = k->next) {
		emit(cg, DIF_INSTR_FMT(dt_is_strval(&k->type) ?
				       DIF_OP_PUSHTR : DIF_OP_PUSHTV,
				       0, r[i], 0));
		if (release)
			cg_free(cg, r[i]);
	}
}

int cg_var_load(struct dt_cg *cg, struct dt_node *n)
{
	int kr[DIF_MAX_TUPLE], nk = cg_keys(cg, n, kr), r;

	cg_push(cg, n, kr, nk, 1);
	r = cg_reg(cg, n);
	emit(cg, DIF_INSTR_IDX(cg_ld_op(n), n->var_id, r));
	return r;
}

int cg_assign(struct dt_cg *cg, struct dt_node *n)
{
	struct dt_node *l = n->left;
	int kr[DIF_MAX_TUPLE], nk, r, r2;
	struct dt_type t;

	if (cg_is_mem(l))
		return cg_mem_store(cg, n);
	nk = cg_keys(cg, l, kr);
	if (n->aop == DT_OP_NONE) {
		r = cg_expr(cg, n->right);
		cg_convert(cg, r, &n->right->type, &l->type, n);
	} else {
		cg_push(cg, l, kr, nk, 0);
		r = cg_reg(cg, n);
		emit(cg, DIF_INSTR_IDX(cg_ld_op(l), l->var_id, r));
		r2 = cg_expr(cg, n->right);
		/* x op= y is x = (type of x)(x op y), as in C */
		t = n->aop == DT_OP_SHL || n->aop == DT_OP_SHR ?
		    dt_promote(l->type) : dt_arith(l->type, n->right->type);
		cg_arith(cg, n->aop, r, r2, &l->type, &n->right->type, &t, n);
		cg_convert(cg, r, &t, &l->type, n);
	}
	cg_push(cg, l, kr, nk, 1);
	emit(cg, DIF_INSTR_IDX(cg_st_op(l), l->var_id, r));
	return r;
}

/*
 * ++ or -- (@n) on the value in @r, in the type of @n's operand; for the
 * postfix forms the old value is kept in a register, which is returned
 * (0 for the prefix forms).
 */
int cg_step(struct dt_cg *cg, struct dt_node *n, int r)
{
	int post = n->op == DT_OP_POSTINC || n->op == DT_OP_POSTDEC;
	int inc = n->op == DT_OP_PREINC || n->op == DT_OP_POSTINC;
	int one, old = 0;

	if (post) {
		old = cg_reg(cg, n);
		emit(cg, DIF_INSTR_FMT(DIF_OP_MOV, r, 0, old));
	}
	one = cg_reg(cg, n);
	cg_setx(cg, 1, one);
	emit(cg, DIF_INSTR_FMT(inc ? DIF_OP_ADD : DIF_OP_SUB, r, one, r));
	cg_free(cg, one);
	cg_normalize(cg, r, &n->left->type, n);
	return old;
}

int cg_incdec(struct dt_cg *cg, struct dt_node *n)
{
	struct dt_node *l = n->left;
	int kr[DIF_MAX_TUPLE], nk, r, old;
	int post = n->op == DT_OP_POSTINC || n->op == DT_OP_POSTDEC;

	if (cg_is_mem(l))
		return cg_mem_incdec(cg, n);
	nk = cg_keys(cg, l, kr);
	cg_push(cg, l, kr, nk, 0);
	r = cg_reg(cg, n);
	emit(cg, DIF_INSTR_IDX(cg_ld_op(l), l->var_id, r));
	old = cg_step(cg, n, r);
	cg_push(cg, l, kr, nk, 1);
	emit(cg, DIF_INSTR_IDX(cg_st_op(l), l->var_id, r));
	if (!post)
		return r;
	cg_free(cg, r);
	return old;
}
