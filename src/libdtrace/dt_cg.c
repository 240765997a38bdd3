// SPDX-License-Identifier: GPL-2.0
/*
 * DIF code generation.  Registers %r1..%r7 are handed out lowest first and
 * released in reverse order (a stack), which is plenty for the expression
 * depths D programs use; running out is reported as "expression too
 * complex".  Integer values are kept canonical in registers: a value of a
 * type narrower than 64 bits is held sign- or zero-extended from its
 * width, so that 64-bit compares and divides give the D answer.  All
 * branches go forward (the verifier requires it) and are back-patched
 * once their label is placed.
 */
#include <stdlib.h>
#include <string.h>
#include "dt_cg_impl.h"

int cg_fail(struct dt_cg *cg, const struct dt_node *n, const char *msg)
{
	if (!cg->failed)
		dt_set_error(cg->pcb, n ? n->line : 0, n ? n->col : 0, "%s",
			     msg);
	cg->failed = 1;
	return -1;
}

static int cg_grow(struct dt_cg *cg, void **p, dt_u32 *cap, dt_u32 need,
		   size_t elem)
{
	dt_u32 ncap;
	void *np;

	if (need <= *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 64;
	while (ncap < need)
		ncap *= 2;
	np = realloc(*p, (size_t)ncap * elem);
	if (np == NULL)
		return cg_fail(cg, NULL, "out of memory");
	*p = np;
	*cap = ncap;
	return 0;
}

void emit(struct dt_cg *cg, dt_u32 insn)
{
	if (cg->failed)
		return;
	if (cg->ninsns >= DIF_MAX_INSNS) {
		cg_fail(cg, NULL, "program too large: DIF instruction limit "
			"exceeded");
		return;
	}
	if (cg_grow(cg, (void **)&cg->insns, &cg->insns_cap,
		    cg->ninsns + 1, sizeof(dt_u32)) == 0)
		cg->insns[cg->ninsns++] = insn;
}

int cg_reg(struct dt_cg *cg, const struct dt_node *n)
{
	int r;

	for (r = 1; r < DIF_NREGS; r++) {
		if (!(cg->regs & (1u << r))) {
			cg->regs |= 1u << r;
			return r;
		}
	}
	cg_fail(cg, n, "expression too complex: out of DIF registers");
	return 1;	/* keep going harmlessly; the DIFO is discarded */
}

void cg_free(struct dt_cg *cg, int r)
{
	cg->regs &= ~(1u << r);
}

static dt_u32 cg_int(struct dt_cg *cg, dt_u64 v)
{
	dt_u32 i;

	for (i = 0; i < cg->nints; i++)
		if (cg->ints[i] == v)
			return i;
	if (cg->nints >= DIF_MAX_INTTAB) {
		cg_fail(cg, NULL, "program too large: DIF integer table "
			"limit exceeded");
		return 0;
	}
	if (cg_grow(cg, (void **)&cg->ints, &cg->ints_cap, cg->nints + 1,
		    sizeof(dt_u64)))
		return 0;
	cg->ints[cg->nints] = v;
	return cg->nints++;
}

static dt_u32 cg_str(struct dt_cg *cg, const char *s)
{
	size_t len = strlen(s) + 1;
	dt_u32 off = 0;

	/* Entries are NUL-terminated strings; reuse an identical one. */
	while (off < cg->strtab_len) {
		size_t elen = strlen(cg->strtab + off) + 1;

		if (elen == len && memcmp(cg->strtab + off, s, len) == 0)
			return off;
		off += elen;
	}
	if (cg->strtab_len + len > DIF_MAX_STRTAB ||
	    cg->strtab_len + len > 0xffff) {
		cg_fail(cg, NULL, "program too large: DIF string table "
			"limit exceeded");
		return 0;
	}
	if (cg_grow(cg, (void **)&cg->strtab, &cg->strtab_cap,
		    cg->strtab_len + len, 1))
		return 0;
	off = cg->strtab_len;
	memcpy(cg->strtab + off, s, len);
	cg->strtab_len += len;
	return off;
}

void cg_setx(struct dt_cg *cg, dt_u64 v, int rd)
{
	if (v == 0)
		emit(cg, DIF_INSTR_FMT(DIF_OP_MOV, 0, 0, rd));
	else
		emit(cg, DIF_INSTR_IDX(DIF_OP_SETX, cg_int(cg, v), rd));
}

/* Labels: forward only, patched when placed. */
static int cg_label(struct dt_cg *cg)
{
	dt_u32 cap = cg->lbls_cap;

	if (cg_grow(cg, (void **)&cg->lblpos, &cap, cg->nlbls + 1,
		    sizeof(int)))
		return 0;
	cg->lbls_cap = cap;
	cg->lblpos[cg->nlbls] = -1;
	return cg->nlbls++;
}

static void cg_branch(struct dt_cg *cg, int op, int lbl)
{
	/* The label field holds the label number until it is placed. */
	emit(cg, DIF_INSTR_BRANCH(op, lbl));
}

static void cg_place(struct dt_cg *cg, int lbl)
{
	dt_u32 i;

	if (cg->failed)
		return;
	cg->lblpos[lbl] = (int)cg->ninsns;
	for (i = 0; i < cg->ninsns; i++) {
		dt_u32 op = DIF_INSTR_OP(cg->insns[i]);

		if (op >= DIF_OP_BA && op <= DIF_OP_BLEU &&
		    (cg->insns[i] & 0x800000) == 0 &&
		    (int)DIF_INSTR_LABEL(cg->insns[i]) == lbl) {
			/* Mark patched with bit 23 until finalisation. */
			cg->insns[i] = DIF_INSTR_BRANCH(op,
					0x800000 | cg->ninsns);
		}
	}
}

/* Sign- or zero-extend register @r from the width of @t (if < 64 bits). */
void cg_normalize(struct dt_cg *cg, int r, const struct dt_type *t,
			 const struct dt_node *n)
{
	int rs;

	if (t->kind != DT_TK_INT || t->size >= 8)
		return;
	rs = cg_reg(cg, n);
	cg_setx(cg, 64 - 8 * t->size, rs);
	emit(cg, DIF_INSTR_FMT(DIF_OP_SLL, r, rs, r));
	emit(cg, DIF_INSTR_FMT(t->is_signed ? DIF_OP_SRA : DIF_OP_SRL, r, rs,
			       r));
	cg_free(cg, rs);
}

/* Convert the canonical value of type @from in @r to type @to. */
void cg_convert(struct dt_cg *cg, int r, const struct dt_type *from,
		       const struct dt_type *to, const struct dt_node *n)
{
	static const struct dt_type addr = DT_INT_TYPE(8, 0, "uintptr_t");

	if (from->kind == DT_TK_PTR)
		from = &addr;	/* an address converts as an integer */
	if (to->kind != DT_TK_INT || from->kind != DT_TK_INT || to->size >= 8)
		return;
	if (from->size > to->size || from->is_signed != to->is_signed)
		cg_normalize(cg, r, to, n);
}

/* rd = condition (after CMP/TST) ? 1 : 0. */
static void cg_setcc(struct dt_cg *cg, int brop, int rd)
{
	int ltrue = cg_label(cg), lend = cg_label(cg);

	cg_branch(cg, brop, ltrue);
	emit(cg, DIF_INSTR_FMT(DIF_OP_MOV, 0, 0, rd));
	cg_branch(cg, DIF_OP_BA, lend);
	cg_place(cg, ltrue);
	cg_setx(cg, 1, rd);
	cg_place(cg, lend);
}

static int cg_call(struct dt_cg *cg, struct dt_node *n);

static int cg_cmp_branch(enum dt_op op, int is_signed)
{
	switch (op) {
	case DT_OP_EQ: return DIF_OP_BE;
	case DT_OP_NE: return DIF_OP_BNE;
	case DT_OP_LT: return is_signed ? DIF_OP_BL : DIF_OP_BLU;
	case DT_OP_LE: return is_signed ? DIF_OP_BLE : DIF_OP_BLEU;
	case DT_OP_GT: return is_signed ? DIF_OP_BG : DIF_OP_BGU;
	default: return is_signed ? DIF_OP_BGE : DIF_OP_BGEU;
	}
}

/*
 * r1 = r1 @op r2 for integer operands of types @lt and @rt giving @rest,
 * with C's conversions; frees r2.
 */
void cg_arith(struct dt_cg *cg, enum dt_op op, int r1, int r2,
	      const struct dt_type *lt, const struct dt_type *rt,
	      const struct dt_type *rest, const struct dt_node *n)
{
	struct dt_type ct;
	int dop = 0;

	if (op == DT_OP_SHL || op == DT_OP_SHR)
		ct = *rest;
	else
		ct = dt_arith(*lt, *rt);
	cg_convert(cg, r1, lt, &ct, n);
	if (op != DT_OP_SHL && op != DT_OP_SHR)
		cg_convert(cg, r2, rt, &ct, n);

	switch (op) {
	case DT_OP_LT: case DT_OP_LE: case DT_OP_GT:
	case DT_OP_GE: case DT_OP_EQ: case DT_OP_NE:
		emit(cg, DIF_INSTR_FMT(DIF_OP_CMP, r1, r2, 0));
		cg_free(cg, r2);
		cg_setcc(cg, cg_cmp_branch(op, ct.is_signed), r1);
		return;
	case DT_OP_MUL: dop = DIF_OP_MUL; break;
	case DT_OP_DIV: dop = ct.is_signed ? DIF_OP_SDIV : DIF_OP_UDIV; break;
	case DT_OP_MOD: dop = ct.is_signed ? DIF_OP_SREM : DIF_OP_UREM; break;
	case DT_OP_ADD: dop = DIF_OP_ADD; break;
	case DT_OP_SUB: dop = DIF_OP_SUB; break;
	case DT_OP_SHL: dop = DIF_OP_SLL; break;
	case DT_OP_SHR: dop = ct.is_signed ? DIF_OP_SRA : DIF_OP_SRL; break;
	case DT_OP_BAND: dop = DIF_OP_AND; break;
	case DT_OP_BOR: dop = DIF_OP_OR; break;
	case DT_OP_XOR: dop = DIF_OP_XOR; break;
	default:
		cg_fail(cg, n, "internal error: unknown operator");
		return;
	}
	emit(cg, DIF_INSTR_FMT(dop, r1, r2, r1));
	cg_free(cg, r2);
	/* Results that may leave the type's range are brought back. */
	switch (op) {
	case DT_OP_MUL: case DT_OP_ADD: case DT_OP_SUB: case DT_OP_SHL:
	case DT_OP_DIV: case DT_OP_MOD:
		cg_normalize(cg, r1, rest, n);
		break;
	default:
		break;
	}
}

static int cg_op2(struct dt_cg *cg, struct dt_node *n)
{
	int r1, r2, lend, lshort;

	switch (n->op) {
	case DT_OP_LAND:
	case DT_OP_LOR:
		/* Short-circuit: the right operand runs only if needed. */
		lshort = cg_label(cg);
		lend = cg_label(cg);
		r1 = cg_expr(cg, n->left);
		emit(cg, DIF_INSTR_FMT(DIF_OP_TST, r1, 0, 0));
		cg_branch(cg, n->op == DT_OP_LAND ? DIF_OP_BE : DIF_OP_BNE,
			  lshort);
		r2 = cg_expr(cg, n->right);
		emit(cg, DIF_INSTR_FMT(DIF_OP_TST, r2, 0, 0));
		cg_free(cg, r2);
		cg_branch(cg, n->op == DT_OP_LAND ? DIF_OP_BE : DIF_OP_BNE,
			  lshort);
		cg_setx(cg, n->op == DT_OP_LAND ? 1 : 0, r1);
		cg_branch(cg, DIF_OP_BA, lend);
		cg_place(cg, lshort);
		cg_setx(cg, n->op == DT_OP_LAND ? 0 : 1, r1);
		cg_place(cg, lend);
		return r1;
	case DT_OP_LXOR:
		/* both sides always run: (l != 0) ^ (r != 0) */
		r1 = cg_expr(cg, n->left);
		emit(cg, DIF_INSTR_FMT(DIF_OP_TST, r1, 0, 0));
		cg_setcc(cg, DIF_OP_BNE, r1);
		r2 = cg_expr(cg, n->right);
		emit(cg, DIF_INSTR_FMT(DIF_OP_TST, r2, 0, 0));
		cg_setcc(cg, DIF_OP_BNE, r2);
		emit(cg, DIF_INSTR_FMT(DIF_OP_XOR, r1, r2, r1));
		cg_free(cg, r2);
		return r1;
	case DT_OP_ASSIGN:
		return cg_assign(cg, n);
	case DT_OP_COMMA:
		cg_free(cg, cg_expr(cg, n->left));
		return cg_expr(cg, n->right);
	default:
		break;
	}

	r1 = cg_expr(cg, n->left);
	r2 = cg_expr(cg, n->right);

	if ((n->left->type.kind == DT_TK_STRING ||
	     n->right->type.kind == DT_TK_STRING) &&
	    n->left->type.kind != DT_TK_INT &&
	    n->right->type.kind != DT_TK_INT) {
		/* Only comparisons are defined on strings. */
		emit(cg, DIF_INSTR_FMT(DIF_OP_SCMP, r1, r2, 0));
		cg_free(cg, r2);
		cg_setcc(cg, cg_cmp_branch(n->op, 1), r1);
		return r1;
	}
	if (n->left->type.kind != DT_TK_INT ||
	    n->right->type.kind != DT_TK_INT) {
		if (n->op == DT_OP_ADD || n->op == DT_OP_SUB) {
			cg_ptr_arith(cg, n, r1, r2);
			return r1;
		}
		/* pointers, or a string against NULL: the addresses */
		emit(cg, DIF_INSTR_FMT(DIF_OP_CMP, r1, r2, 0));
		cg_free(cg, r2);
		cg_setcc(cg, cg_cmp_branch(n->op, 0), r1);
		return r1;
	}
	cg_arith(cg, n->op, r1, r2, &n->left->type, &n->right->type,
		 &n->type, n);
	return r1;
}

static int cg_node(struct dt_cg *cg, struct dt_node *n)
{
	int r, r2, lelse, lend;

	switch (n->kind) {
	case DT_NODE_INT:
		r = cg_reg(cg, n);
		cg_setx(cg, n->value, r);
		return r;
	case DT_NODE_STRING:
		r = cg_reg(cg, n);
		emit(cg, DIF_INSTR_IDX(DIF_OP_SETS, cg_str(cg, n->str), r));
		return r;
	case DT_NODE_VAR:
		if (n->var_id >= DIF_VAR_OTHER_UBASE)
			return cg_var_load(cg, n);
		r = cg_reg(cg, n);
		emit(cg, DIF_INSTR_IDX(DIF_OP_LDGS, n->var_id, r));
		return r;
	case DT_NODE_INLINE:
	case DT_NODE_CAST:
		r = cg_expr(cg, n->left);
		cg_convert(cg, r, &n->left->type, &n->type, n);
		return r;
	case DT_NODE_STRINGOF:
		/* the same bits: an integer is taken as a string address */
		return cg_expr(cg, n->left);
	case DT_NODE_MEMBER:
		return cg_mem_load(cg, n);
	case DT_NODE_ARGS:
		r = cg_expr(cg, n->left);
		emit(cg, DIF_INSTR_FMT(DIF_OP_LDGA, DIF_VAR_ARGS, r, r));
		return r;
	case DT_NODE_OP1:
		if (n->op == DT_OP_DEREF)
			return cg_mem_load(cg, n);
		if (n->op == DT_OP_ADDROF)
			return cg_addr(cg, n->left);
		if (n->op >= DT_OP_PREINC)
			return cg_incdec(cg, n);
		r = cg_expr(cg, n->left);
		switch (n->op) {
		case DT_OP_NEG:
			cg_convert(cg, r, &n->left->type, &n->type, n);
			emit(cg, DIF_INSTR_FMT(DIF_OP_SUB, 0, r, r));
			cg_normalize(cg, r, &n->type, n);
			break;
		case DT_OP_BNOT:
			cg_convert(cg, r, &n->left->type, &n->type, n);
			emit(cg, DIF_INSTR_FMT(DIF_OP_NOT, r, 0, r));
			if (!n->type.is_signed)
				cg_normalize(cg, r, &n->type, n);
			break;
		case DT_OP_LNOT:
			emit(cg, DIF_INSTR_FMT(DIF_OP_TST, r, 0, 0));
			cg_setcc(cg, DIF_OP_BE, r);
			break;
		default:	/* unary + */
			cg_convert(cg, r, &n->left->type, &n->type, n);
			break;
		}
		return r;
	case DT_NODE_OP2:
		return cg_op2(cg, n);
	case DT_NODE_OP3:
		lelse = cg_label(cg);
		lend = cg_label(cg);
		r = cg_expr(cg, n->cond);
		emit(cg, DIF_INSTR_FMT(DIF_OP_TST, r, 0, 0));
		cg_branch(cg, DIF_OP_BE, lelse);
		r2 = cg_expr(cg, n->left);
		cg_convert(cg, r2, &n->left->type, &n->type, n);
		emit(cg, DIF_INSTR_FMT(DIF_OP_MOV, r2, 0, r));
		cg_free(cg, r2);
		cg_branch(cg, DIF_OP_BA, lend);
		cg_place(cg, lelse);
		r2 = cg_expr(cg, n->right);
		cg_convert(cg, r2, &n->right->type, &n->type, n);
		emit(cg, DIF_INSTR_FMT(DIF_OP_MOV, r2, 0, r));
		cg_free(cg, r2);
		cg_place(cg, lend);
		return r;
	case DT_NODE_FUNC:
		return cg_call(cg, n);
	default:
		cg_fail(cg, n, "internal error: node cannot be compiled");
		return 1;
	}
}

/*
 * The tree's depth was checked after parsing, but an inline's expression
 * is generated where it is used, and inlines may use inlines.
 */
int cg_expr(struct dt_cg *cg, struct dt_node *n)
{
	int r;

	if (cg->depth >= DT_MAX_NESTING) {
		dt_set_error(cg->pcb, n->line, n->col, "expression too deeply "
			     "nested (more than %d levels)", DT_MAX_NESTING);
		cg->failed = 1;
		return cg_reg(cg, n);
	}
	cg->depth++;
	r = cg_node(cg, n);
	cg->depth--;
	return r;
}

/*
 * A subroutine call: evaluate every argument first (a nested call uses
 * the tuple stack itself), then push them in order and CALL, which
 * empties the stack.  Strings go by reference, integers by value.
 */
static int cg_call(struct dt_cg *cg, struct dt_node *n)
{
	int r[DIF_MAX_TUPLE], i, na = 0;
	struct dt_node *a;

	for (a = n->args; a != NULL; a = a->next) {
		if (na == DIF_MAX_TUPLE)
			return cg_fail(cg, n, "too many subroutine arguments");
		r[na++] = cg_expr(cg, a);
	}
	for (a = n->args, i = 0; i < na; a = a->next, i++) {
		emit(cg, DIF_INSTR_FMT(dt_is_strval(&a->type) ?
				       DIF_OP_PUSHTR : DIF_OP_PUSHTV,
				       0, r[i], 0));
		if (i > 0)
			cg_free(cg, r[i]);
	}
	if (na == 0)
		r[0] = cg_reg(cg, n);
	emit(cg, DIF_INSTR_IDX(DIF_OP_CALL, n->var_id, r[0]));
	return r[0];
}

/* Append RET, resolve labels and move the tables into @out. */
static int cg_finish(struct dt_cg *cg, int r, const struct dt_type *t,
		     struct dt_difo *out)
{
	dt_u32 i;

	emit(cg, DIF_INSTR_FMT(DIF_OP_RET, 0, 0, r));
	for (i = 0; !cg->failed && i < cg->ninsns; i++) {
		dt_u32 op = DIF_INSTR_OP(cg->insns[i]);

		if (op < DIF_OP_BA || op > DIF_OP_BLEU)
			continue;
		if (!(cg->insns[i] & 0x800000)) {
			cg_fail(cg, NULL, "internal error: unplaced label");
			break;
		}
		cg->insns[i] = DIF_INSTR_BRANCH(op, cg->insns[i] & 0x7fffff);
		if (DIF_INSTR_LABEL(cg->insns[i]) <= i) {
			cg_fail(cg, NULL, "internal error: backward branch");
			break;
		}
	}
	free(cg->lblpos);
	if (cg->failed) {
		free(cg->insns);
		free(cg->ints);
		free(cg->strtab);
		return -1;
	}
	memset(out, 0, sizeof(*out));
	out->insns = cg->insns;
	out->ninsns = cg->ninsns;
	out->inttab = cg->ints;
	out->nints = cg->nints;
	out->strtab = cg->strtab;
	out->strtab_len = cg->strtab_len;
	if (t->kind == DT_TK_STRING) {
		out->rtype = DIF_TYPE_STRING;
		out->rsize = cg->pcb->strsize;
	} else {
		out->rtype = DIF_TYPE_INT;
		out->rsize = 8;
	}
	return 0;
}

static void cg_init(struct dt_cg *cg, struct dt_pcb *pcb)
{
	memset(cg, 0, sizeof(*cg));
	cg->pcb = pcb;
}

int dt_cg_value(struct dt_pcb *pcb, struct dt_node *expr, struct dt_difo *out)
{
	struct dt_cg cg;
	int r;

	cg_init(&cg, pcb);
	if (expr != NULL) {
		r = cg_expr(&cg, expr);
	} else {
		r = cg_reg(&cg, NULL);
		cg_setx(&cg, 1, r);
	}
	return cg_finish(&cg, r, expr ? &expr->type : &dt_type_int, out);
}

int dt_cg_pred(struct dt_pcb *pcb, struct dt_node *pred, struct dt_difo *out)
{
	return dt_cg_value(pcb, pred, out);
}

void dt_difo_free(struct dt_difo *dp)
{
	if (dp == NULL)
		return;
	free(dp->insns);
	free(dp->inttab);
	free(dp->strtab);
	memset(dp, 0, sizeof(*dp));
}
