// SPDX-License-Identifier: GPL-2.0
/*
 * Expression typing: C's conversions on the type model of dt_ast.h,
 * constant folding, casts, sizeof, offsetof and stringof.  Variables are
 * typed in dt_vars.c, pointers and members in dt_sema_ptr.c, calls to
 * subroutines in dt_builtins.c.
 */
#include <stdlib.h>
#include <string.h>
#include "dt_sema.h"
#include "dtrace_abi.h"

/* ---- types and constants ---- */

struct dt_type dt_promote(struct dt_type t)
{
	return t.size < 4 ? dt_type_int : t;
}

/* C's usual arithmetic conversions on the width/signedness model. */
struct dt_type dt_arith(struct dt_type a, struct dt_type b)
{
	a = dt_promote(a);
	b = dt_promote(b);
	if (a.size != b.size)
		return a.size > b.size ? a : b;
	if (a.is_signed == b.is_signed)
		return a;
	return a.is_signed ? b : a;
}

#define dt_cast dt_cast_value

int dt_is_int(const struct dt_node *n)
{
	return n->type.kind == DT_TK_INT;
}

int dt_is_scalar(const struct dt_node *n)
{
	return n->type.kind == DT_TK_INT || n->type.kind == DT_TK_PTR;
}

int dt_is_strlike(const struct dt_type *t)
{
	return t->kind == DT_TK_STRING ||
	       ((t->kind == DT_TK_ARRAY || t->kind == DT_TK_PTR) &&
		t->ref->kind == DT_TK_INT && t->ref->size == 1);
}

int dt_is_strval(const struct dt_type *t)
{
	return t->kind == DT_TK_STRING ||
	       (t->kind == DT_TK_ARRAY && dt_is_strlike(t));
}

struct dt_type dt_value_type(const struct dt_type *t)
{
	if (dt_is_strval(t))
		return dt_type_string;
	if (t->kind == DT_TK_INT || t->kind == DT_TK_PTR)
		return *t;
	return dt_type_void;
}

int dt_var_type_ok(const struct dt_type *t)
{
	return t->kind == DT_TK_INT || t->kind == DT_TK_STRING ||
	       t->kind == DT_TK_PTR;
}

int dt_is_zero(const struct dt_node *n)
{
	return n->kind == DT_NODE_INT && n->value == 0;
}

int dt_assignable(const struct dt_type *t, const struct dt_node *r)
{
	if (t->kind == DT_TK_INT)
		return r->type.kind == DT_TK_INT;
	if (t->kind == DT_TK_STRING)
		return dt_is_strlike(&r->type) || dt_is_zero(r);
	if (t->kind == DT_TK_PTR)
		return dt_ptr_compat(t, &r->type) || dt_is_zero(r);
	return 0;
}

const char *dt_assign_name(enum dt_op aop)
{
	switch (aop) {
	case DT_OP_ADD: return "+=";
	case DT_OP_SUB: return "-=";
	case DT_OP_MUL: return "*=";
	case DT_OP_DIV: return "/=";
	case DT_OP_MOD: return "%=";
	case DT_OP_BAND: return "&=";
	case DT_OP_BOR: return "|=";
	case DT_OP_XOR: return "^=";
	case DT_OP_SHL: return "<<=";
	case DT_OP_SHR: return ">>=";
	default: return "=";
	}
}

static void dt_make_int(struct dt_node *n, dt_u64 v, struct dt_type t)
{
	n->kind = DT_NODE_INT;
	n->value = dt_cast(v, &t);
	n->type = t;
	n->left = n->right = n->cond = NULL;
}

int dt_incompatible(struct dt_pcb *pcb, struct dt_node *n)
{
	return dt_set_error(pcb, n->line, n->col,
			    "operands have incompatible types: \"%s\" %s \"%s\"",
			    n->left->type.name, dt_op_name(n->op),
			    n->right->type.name);
}

/* illumos' "operator %s requires operands of integral type" and the like */
static int dt_operand_kind(struct dt_pcb *pcb, struct dt_node *n,
			   const char *kind)
{
	return dt_set_error(pcb, n->line, n->col, "operator %s requires "
			    "operands of %s type", dt_op_name(n->op), kind);
}

static int dt_fold2(struct dt_pcb *pcb, struct dt_node *n,
		    const struct dt_type *ct)
{
	dt_u64 a = dt_cast(n->left->value, ct);
	dt_u64 b = dt_cast(n->right->value, ct);
	int s = ct->is_signed;
	dt_u64 r;

	switch (n->op) {
	case DT_OP_MUL: r = a * b; break;
	case DT_OP_DIV:
	case DT_OP_MOD:
		if (b == 0)
			return dt_set_error(pcb, n->line, n->col, "expression "
					    "contains %s by zero",
					    n->op == DT_OP_DIV ? "division" :
					    "modulus");
		if (s && a == (dt_u64)1 << 63 && b == ~(dt_u64)0)
			r = n->op == DT_OP_DIV ? a : 0;
		else if (s)
			r = n->op == DT_OP_DIV ?
				(dt_u64)((dt_s64)a / (dt_s64)b) :
				(dt_u64)((dt_s64)a % (dt_s64)b);
		else
			r = n->op == DT_OP_DIV ? a / b : a % b;
		break;
	case DT_OP_ADD: r = a + b; break;
	case DT_OP_SUB: r = a - b; break;
	case DT_OP_SHL: r = a << (n->right->value & 63); break;
	case DT_OP_SHR:
		b = n->right->value & 63;
		if (s && (a >> 63))
			r = ~(~a >> b);
		else
			r = a >> b;
		break;
	case DT_OP_BAND: r = a & b; break;
	case DT_OP_BOR: r = a | b; break;
	case DT_OP_XOR: r = a ^ b; break;
	case DT_OP_LT: r = s ? (dt_s64)a < (dt_s64)b : a < b; break;
	case DT_OP_LE: r = s ? (dt_s64)a <= (dt_s64)b : a <= b; break;
	case DT_OP_GT: r = s ? (dt_s64)a > (dt_s64)b : a > b; break;
	case DT_OP_GE: r = s ? (dt_s64)a >= (dt_s64)b : a >= b; break;
	case DT_OP_EQ: r = a == b; break;
	case DT_OP_NE: r = a != b; break;
	case DT_OP_LAND: r = n->left->value && n->right->value; break;
	case DT_OP_LOR: r = n->left->value || n->right->value; break;
	case DT_OP_LXOR: r = !n->left->value != !n->right->value; break;
	default:
		return 0;
	}
	dt_make_int(n, r, n->type);
	return 0;
}

static const struct dt_type dt_type_aggregation = {
	.kind = DT_TK_VOID, .name = "aggregation"
};

static int dt_sema_op2(struct dt_pcb *pcb, struct dt_node *n)
{
	struct dt_node *l = n->left, *r = n->right;
	struct dt_type ct;

	if (n->op == DT_OP_ASSIGN)
		return dt_sema_assign(pcb, n);
	/*
	 * An aggregation as an operand: illumos types it "aggregation",
	 * which no operator accepts, and says so in the operator's words.
	 */
	if (n->op != DT_OP_COMMA && l->kind == DT_NODE_AGG && !l->args) {
		l->type = dt_type_aggregation;
		l->typed = 1;
	}
	if (n->op != DT_OP_COMMA && r->kind == DT_NODE_AGG && !r->args) {
		r->type = dt_type_aggregation;
		r->typed = 1;
	}
	if (dt_sema_expr(pcb, l) != 0 || dt_sema_expr(pcb, r) != 0)
		return -1;
	n->has_effects = l->has_effects || r->has_effects;
	if (n->op == DT_OP_COMMA) {
		/* both run, in order; the value is the right one's */
		n->type = r->type;
		return 0;
	}

	switch (n->op) {
	case DT_OP_LT: case DT_OP_LE: case DT_OP_GT:
	case DT_OP_GE: case DT_OP_EQ: case DT_OP_NE:
		n->type = dt_type_int;
		/* strings (and char arrays/pointers with one) by content */
		if ((l->type.kind == DT_TK_STRING ||
		     r->type.kind == DT_TK_STRING) &&
		    dt_is_strlike(&l->type) && dt_is_strlike(&r->type))
			return 0;
		/* a string or pointer against NULL (0): an address test */
		if ((l->type.kind == DT_TK_STRING && dt_is_zero(r) &&
		     (n->op == DT_OP_EQ || n->op == DT_OP_NE)) ||
		    (r->type.kind == DT_TK_STRING && dt_is_zero(l) &&
		     (n->op == DT_OP_EQ || n->op == DT_OP_NE)) ||
		    dt_ptr_compat(&l->type, &r->type) ||
		    (l->type.kind == DT_TK_PTR && dt_is_zero(r)) ||
		    (r->type.kind == DT_TK_PTR && dt_is_zero(l)))
			return 0;
		if (!dt_is_int(l) || !dt_is_int(r))
			return dt_incompatible(pcb, n);
		ct = dt_arith(l->type, r->type);
		break;
	case DT_OP_LAND:
	case DT_OP_LOR:
	case DT_OP_LXOR:
		if (!dt_is_scalar(l) || !dt_is_scalar(r))
			return dt_set_error(pcb, n->line, n->col, "operator %s "
					    "requires operands of scalar type",
					    dt_op_name(n->op));
		n->type = dt_type_int;
		ct = dt_type_int;
		if (!dt_is_int(l) || !dt_is_int(r))
			return 0;
		break;
	case DT_OP_ADD:
	case DT_OP_SUB:
		if (dt_is_int(l) && dt_is_int(r)) {
			n->type = ct = dt_arith(l->type, r->type);
			break;
		}
		return dt_sema_ptrarith(pcb, n);
	case DT_OP_SHL:
	case DT_OP_SHR:
		if (!dt_is_int(l) || !dt_is_int(r))
			return dt_operand_kind(pcb, n, "integral");
		n->type = ct = dt_promote(l->type);
		break;
	default:
		/* illumos: * and / want arithmetic types, the rest integral */
		if (!dt_is_int(l) || !dt_is_int(r))
			return dt_operand_kind(pcb, n, n->op == DT_OP_MUL ||
					       n->op == DT_OP_DIV ?
					       "arithmetic" : "integral");
		n->type = ct = dt_arith(l->type, r->type);
		break;
	}
	if (l->kind == DT_NODE_INT && r->kind == DT_NODE_INT)
		return dt_fold2(pcb, n, &ct);
	return 0;
}

static int dt_sema_op1(struct dt_pcb *pcb, struct dt_node *n)
{
	struct dt_node *l = n->left;
	dt_u64 v;

	if (n->op == DT_OP_DEREF || n->op == DT_OP_ADDROF)
		return dt_sema_mem(pcb, n);
	if (n->op >= DT_OP_PREINC)
		return dt_sema_incdec(pcb, n);
	if (dt_sema_expr(pcb, l) != 0)
		return -1;
	n->has_effects = l->has_effects;
	if (n->op == DT_OP_LNOT && l->type.kind == DT_TK_PTR) {
		n->type = dt_type_int;
		return 0;
	}
	if (!dt_is_int(l))
		return dt_set_error(pcb, n->line, n->col, "operator %s requires "
				    "an operand of %s type", dt_op_name(n->op),
				    n->op == DT_OP_LNOT ? "scalar" :
				    n->op == DT_OP_BNOT ? "integral" :
				    "arithmetic");
	n->type = n->op == DT_OP_LNOT ? dt_type_int : dt_promote(l->type);
	if (l->kind != DT_NODE_INT)
		return 0;
	v = dt_cast(l->value, &n->type);
	switch (n->op) {
	case DT_OP_NEG: v = -v; break;
	case DT_OP_BNOT: v = ~v; break;
	case DT_OP_LNOT: v = !l->value; break;
	default: break;
	}
	dt_make_int(n, v, n->type);
	return 0;
}

static int dt_sema_op3(struct dt_pcb *pcb, struct dt_node *n)
{
	struct dt_node *c = n->cond, *l = n->left, *r = n->right, *pick;

	if (dt_sema_expr(pcb, c) != 0 || dt_sema_expr(pcb, l) != 0 ||
	    dt_sema_expr(pcb, r) != 0)
		return -1;
	if (!dt_is_scalar(c))
		return dt_set_error(pcb, c->line, c->col, "operator ?: "
				    "expression must be of scalar type");
	if (dt_is_int(l) && dt_is_int(r))
		n->type = dt_arith(l->type, r->type);
	else if (l->type.kind == DT_TK_STRING && r->type.kind == DT_TK_STRING)
		n->type = dt_type_string;
	else if (dt_ptr_compat(&l->type, &r->type) ||
		 (l->type.kind == DT_TK_PTR && dt_is_zero(r)))
		n->type = l->type;
	else if (r->type.kind == DT_TK_PTR && dt_is_zero(l))
		n->type = r->type;
	else
		return dt_set_error(pcb, n->line, n->col, "operator ?: operands "
				    "must have compatible types");
	n->has_effects = c->has_effects || l->has_effects || r->has_effects;
	if (c->kind == DT_NODE_INT) {
		/* Only the chosen branch would ever run: keep just it. */
		struct dt_type t = n->type;

		pick = c->value ? l : r;
		if (pick->kind == DT_NODE_INT) {
			dt_make_int(n, pick->value, t);
		} else {
			/* unary + converts the branch to the ?: type */
			n->kind = DT_NODE_OP1;
			n->op = DT_OP_POS;
			n->left = pick;
			n->right = n->cond = NULL;
			n->has_effects = pick->has_effects;
		}
	}
	return 0;
}

/* (type) expr: integer truncation/extension as C; strings stay strings. */
static int dt_sema_cast(struct dt_pcb *pcb, struct dt_node *n)
{
	struct dt_node *l = n->left;
	struct dt_type t;

	int ok;

	if (dt_type_resolve(pcb, n->cond, &t) != 0 || dt_sema_expr(pcb, l) != 0)
		return -1;
	/* as illumos: scalars to scalars, anything to void, to string */
	ok = t.kind == DT_TK_VOID ||
	     ((t.kind == DT_TK_INT || t.kind == DT_TK_PTR) &&
	      dt_is_scalar(l)) ||
	     (t.kind == DT_TK_PTR && l->type.kind == DT_TK_ARRAY) ||
	     (t.kind == DT_TK_STRING && (dt_is_scalar(l) ||
					 dt_is_strlike(&l->type)));
	if (!ok)
		return dt_set_error(pcb, n->line, n->col, "invalid cast "
				    "expression: \"%s\" to \"%s\"",
				    l->type.name, t.name);
	n->type = t;
	n->has_effects = l->has_effects;
	if (l->kind == DT_NODE_INT && t.kind == DT_TK_INT)
		dt_make_int(n, l->value, t);
	return 0;
}

/* offsetof(type, member): a size_t constant. */
static int dt_sema_offsetof(struct dt_pcb *pcb, struct dt_node *n,
			    const struct dt_type *t)
{
	static const struct dt_type size_t_type = DT_INT_TYPE(8, 0,
							      "size_t");
	int i;

	if (t->kind != DT_TK_SOU || !t->sou->defined)
		return dt_set_error(pcb, n->line, n->col, "offsetof operand "
				    "must be a struct or union type");
	for (i = 0; i < t->sou->nmembers; i++) {
		if (strcmp(t->sou->members[i].name, n->str) == 0) {
			dt_make_int(n, (dt_u64)t->sou->members[i].offset,
				    size_t_type);
			return 0;
		}
	}
	return dt_set_error(pcb, n->line, n->col, "%s is not a member of %s",
			    n->str, t->name);
}

/* sizeof(type) and sizeof expr: a size_t constant; expr is not run. */
static int dt_sema_sizeof(struct dt_pcb *pcb, struct dt_node *n)
{
	static const struct dt_type size_t_type = DT_INT_TYPE(8, 0,
							      "size_t");
	struct dt_node *l = n->left;
	struct dt_type t;

	if (l->kind == DT_NODE_TYPE) {
		if (dt_type_resolve(pcb, l, &t) != 0)
			return -1;
		if (n->str != NULL)
			return dt_sema_offsetof(pcb, n, &t);
	} else {
		if (dt_sema_expr(pcb, l) != 0)
			return -1;
		t = l->type;
	}
	if (dt_type_size(&t, pcb->strsize) == 0)
		return dt_set_error(pcb, n->line, n->col, "cannot apply sizeof "
				    "to an operand of unknown size");
	dt_make_int(n, (dt_u64)dt_type_size(&t, pcb->strsize), size_t_type);
	return 0;
}

/* stringof(expr): the value as a string (an integer is an address). */
static int dt_sema_stringof(struct dt_pcb *pcb, struct dt_node *n)
{
	struct dt_node *l = n->left;

	if (dt_sema_expr(pcb, l) != 0)
		return -1;
	if (!dt_is_scalar(l) && !dt_is_strlike(&l->type))
		return dt_set_error(pcb, n->line, n->col, "cannot apply "
				    "stringof to a value of type %s",
				    l->type.name);
	n->type = dt_type_string;
	n->has_effects = l->has_effects;
	return 0;
}

static int dt_sema_node(struct dt_pcb *pcb, struct dt_node *n);

/* Type @n once: rewritten nodes may be reached again. */
int dt_sema_expr(struct dt_pcb *pcb, struct dt_node *n)
{
	if (n->typed)
		return 0;
	if (dt_sema_node(pcb, n) != 0)
		return -1;
	n->typed = 1;
	return 0;
}

static int dt_sema_node(struct dt_pcb *pcb, struct dt_node *n)
{
	const struct dt_fn *fn;
	int rc;

	switch (n->kind) {
	case DT_NODE_INT:
	case DT_NODE_STRING:
	case DT_NODE_INLINE:	/* already typed where it was resolved */
		return 0;
	case DT_NODE_VAR:
		if (n->scope == DT_SCOPE_GLOBAL && n->var_id == 0 &&
		    strcmp(n->str, "NULL") == 0 &&
		    dt_var_find(pcb, DT_SCOPE_GLOBAL, "NULL") == NULL) {
			/* NULL is the integer constant 0, as in illumos D */
			dt_make_int(n, 0, dt_type_int);
			return 0;
		}
		return dt_sema_varref(pcb, n);
	case DT_NODE_INDEX:
		return dt_sema_varref(pcb, n);
	case DT_NODE_OP1:
		return dt_sema_op1(pcb, n);
	case DT_NODE_OP2:
		return dt_sema_op2(pcb, n);
	case DT_NODE_OP3:
		return dt_sema_op3(pcb, n);
	case DT_NODE_CAST:
		return dt_sema_cast(pcb, n);
	case DT_NODE_SIZEOF:
		return dt_sema_sizeof(pcb, n);
	case DT_NODE_STRINGOF:
		return dt_sema_stringof(pcb, n);
	case DT_NODE_MEMBER:
		return dt_sema_member(pcb, n);
	case DT_NODE_FUNC:
		rc = dt_sema_call(pcb, n);
		if (rc != 0)
			return rc < 0 ? -1 : 0;
		fn = dt_fn_lookup(n->str);
		if (fn == NULL)
			return dt_fn_undefined(pcb, n);
		if (fn->cls == DT_FN_AGG)
			return dt_set_error(pcb, n->line, n->col, "%s( ) may "
					    "only be used as the value of an "
					    "aggregation: @name[keys] = "
					    "%s(...)", n->str, n->str);
		return dt_set_error(pcb, n->line, n->col, "%s( ) is an action "
				    "and may only be used as a statement",
				    n->str);
	case DT_NODE_AGG:
		return dt_set_error(pcb, n->line, n->col, "aggregation @%s may "
				    "only be used as the target of an "
				    "assignment or as an argument of an "
				    "aggregation action", n->str);
	default:
		return dt_set_error(pcb, n->line, n->col,
				    "internal error: unexpected node");
	}
}
