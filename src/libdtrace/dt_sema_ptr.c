// SPDX-License-Identifier: GPL-2.0
/*
 * Pointers, arrays and members: compatibility of pointer types, C's
 * pointer arithmetic, *p and &lvalue, and s.m / p->m on the structs and
 * unions a script declares.
 */
#include <string.h>
#include "dt_sema.h"

/* Pointers to the same type, or one of them void *. */
int dt_ptr_compat(const struct dt_type *a, const struct dt_type *b)
{
	if (a->kind != DT_TK_PTR || b->kind != DT_TK_PTR)
		return 0;
	if (a->ref->kind == DT_TK_VOID || b->ref->kind == DT_TK_VOID)
		return 1;
	if (a->ref->kind != b->ref->kind)
		return 0;
	switch (a->ref->kind) {
	case DT_TK_INT:
		return a->ref->size == b->ref->size &&
		       a->ref->is_signed == b->ref->is_signed;
	case DT_TK_PTR:
		return dt_ptr_compat(a->ref, b->ref);
	case DT_TK_SOU:
		return a->ref->sou == b->ref->sou;
	default:
		return 1;
	}
}

/* Does @t point to (or is it an array of) something of known size? */
static int dt_is_objptr(const struct dt_type *t)
{
	return (t->kind == DT_TK_PTR || t->kind == DT_TK_ARRAY) &&
	       dt_type_size(t->ref, 0) > 0;
}

/*
 * Pointer arithmetic as C has it: p + i and i + p scale i by the size of
 * *p, p - q counts elements; an array is a pointer to its first element.
 */
int dt_sema_ptrarith(struct dt_pcb *pcb, struct dt_node *n)
{
	struct dt_node *l = n->left, *r = n->right;
	const struct dt_type *pt = NULL;

	if (dt_is_objptr(&l->type) && dt_is_int(r))
		pt = &l->type;
	else if (n->op == DT_OP_ADD && dt_is_int(l) && dt_is_objptr(&r->type))
		pt = &r->type;
	if (pt != NULL) {
		n->type = pt->kind == DT_TK_PTR ? *pt :
			  dt_type_ptr(pcb, pt->ref);
		return 0;
	}
	if (n->op == DT_OP_SUB && dt_is_objptr(&l->type) &&
	    dt_is_objptr(&r->type)) {
		struct dt_type a = dt_type_ptr(pcb, l->type.ref);
		struct dt_type b = dt_type_ptr(pcb, r->type.ref);

		if (dt_ptr_compat(&a, &b) && a.ref->kind != DT_TK_VOID &&
		    b.ref->kind != DT_TK_VOID) {
			n->type = (struct dt_type)DT_INT_TYPE(8, 1,
							      "ptrdiff_t");
			return 0;
		}
	}
	return dt_incompatible(pcb, n);
}

/* *p (p[i] is *(p + i)) and &lvalue. */
int dt_sema_mem(struct dt_pcb *pcb, struct dt_node *n)
{
	struct dt_node *l = n->left;

	if (n->op == DT_OP_ADDROF && l->kind == DT_NODE_VAR)
		return dt_set_error(pcb, n->line, n->col, "cannot take address "
				    "of dynamic variable");
	if (dt_sema_expr(pcb, l) != 0)
		return -1;
	if (n->op == DT_OP_ADDROF && l->kind == DT_NODE_VAR)
		return dt_set_error(pcb, n->line, n->col, "cannot take address "
				    "of dynamic variable");	/* a[k] */
	n->has_effects = l->has_effects;
	if (n->op == DT_OP_ADDROF) {
		if (!((l->kind == DT_NODE_OP1 && l->op == DT_OP_DEREF) ||
		      l->kind == DT_NODE_MEMBER))
			return dt_set_error(pcb, n->line, n->col, "unacceptable "
					    "operand for unary & operator");
		n->type = dt_type_ptr(pcb, &l->type);
		return 0;
	}
	if (l->type.kind != DT_TK_PTR && l->type.kind != DT_TK_ARRAY)
		return dt_set_error(pcb, n->line, n->col, "cannot dereference "
				    "non-pointer type");
	if (l->type.ref->kind == DT_TK_VOID)
		return dt_set_error(pcb, n->line, n->col, "cannot dereference "
				    "pointer to void");
	n->type = *l->type.ref;
	return 0;
}

/* left.member and left->member of a struct or union of the script. */
int dt_sema_member(struct dt_pcb *pcb, struct dt_node *n)
{
	struct dt_node *l = n->left;
	const struct dt_type *t;
	const char *op = dt_op_name(n->op);
	int i;

	if (dt_sema_expr(pcb, l) != 0)
		return -1;
	n->has_effects = l->has_effects;
	t = &l->type;
	if (n->op == DT_OP_ARROW) {
		if (t->kind != DT_TK_PTR)
			return dt_set_error(pcb, n->line, n->col, "operator -> "
					    "must be applied to a pointer");
		t = t->ref;
		if (t->kind != DT_TK_SOU)
			return dt_set_error(pcb, n->line, n->col, "operator -> "
					    "cannot be applied to pointer to "
					    "type \"%s\"; must be applied to a "
					    "struct or union pointer", t->name);
	} else if (t->kind != DT_TK_SOU) {
		return dt_set_error(pcb, n->line, n->col, "operator . cannot be "
				    "applied to type \"%s\"; must be applied "
				    "to a struct or union", t->name);
	}
	if (!t->sou->defined)
		return dt_set_error(pcb, n->line, n->col, "operator %s cannot be "
				    "applied to a forward declaration: no %s "
				    "definition is available", op, t->name);
	for (i = 0; i < t->sou->nmembers; i++) {
		if (strcmp(t->sou->members[i].name, n->str) == 0) {
			n->type = t->sou->members[i].type;
			n->value = (dt_u64)t->sou->members[i].offset;
			return 0;
		}
	}
	return dt_set_error(pcb, n->line, n->col, "%s is not a member of %s",
			    n->str, t->name);
}
