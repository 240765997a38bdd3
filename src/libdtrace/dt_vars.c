// SPDX-License-Identifier: GPL-2.0
/*
 * User variables: globals (x, a[k]), thread-locals (self->x, self->a[k])
 * and clause-locals (this->x).  A variable exists from its declaration or
 * its first assignment in program order, which also fixes its type (and
 * an array's key signature); later uses are checked against that, with
 * illumos' messages.  Each scope numbers its variables from
 * DIF_VAR_OTHER_UBASE (dtrace_abi.h: struct dtrace_vardesc).
 */
#include <stdlib.h>
#include <string.h>
#include "dt_sema.h"
#include "dtrace_abi.h"

static const char *const dt_scope_prefix[] = { "", "self->", "this->" };

struct dt_uvar *dt_var_find(struct dt_pcb *pcb, int scope, const char *name)
{
	int i;

	for (i = 0; i < pcb->nvars; i++)
		if (pcb->vars[i].scope == scope &&
		    strcmp(pcb->vars[i].name, name) == 0)
			return &pcb->vars[i];
	return NULL;
}

struct dt_uvar *dt_var_add(struct dt_pcb *pcb, int scope, const char *name,
			   int line, int col)
{
	static const char *const what[] = { "global", "thread-local",
					     "clause-local" };
	struct dt_uvar *v;

	if (pcb->nids[scope] >= DTRACE_MAX_VARS) {
		dt_set_error(pcb, line, col, "too many %s variables (limit %d)",
			     what[scope], DTRACE_MAX_VARS);
		return NULL;
	}
	v = realloc(pcb->vars, (pcb->nvars + 1) * sizeof(*v));
	if (v == NULL) {
		dt_set_error(pcb, 0, 0, "out of memory");
		return NULL;
	}
	pcb->vars = v;
	v = &pcb->vars[pcb->nvars++];
	memset(v, 0, sizeof(*v));
	v->name = dt_strdup(pcb, name);
	v->scope = scope;
	v->id = DIF_VAR_OTHER_UBASE + pcb->nids[scope]++;
	return v;
}

static int dt_var_undef(struct dt_pcb *pcb, const struct dt_node *n)
{
	if (!pcb->failed)
		pcb->undef = 1;
	return dt_set_error(pcb, n->line, n->col, "%s%s has not yet been "
			    "declared or assigned", dt_scope_prefix[n->scope],
			    n->str);
}

static int dt_keys_mismatch(struct dt_pcb *pcb, const struct dt_node *n,
			    int have, int want)
{
	return dt_set_error(pcb, n->line, n->col, "%s[ ] prototype mismatch: "
			    "%d key%s passed, %d expected", n->str, have,
			    have == 1 ? "" : "s", want);
}

/* Check the typed keys of array reference @n against @v's signature. */
static int dt_keys_check(struct dt_pcb *pcb, struct dt_node *n,
			 const struct dt_uvar *v)
{
	struct dt_node *k;
	int i, have = dt_node_count(n->args);

	if (v == NULL || !v->typed)
		return 0;
	if (have != v->nkeys)
		return dt_keys_mismatch(pcb, n, have, v->nkeys);
	for (i = 0, k = n->args; k != NULL; k = k->next, i++)
		if (dt_is_strval(&k->type) != dt_is_strval(&v->keys[i]))
			return dt_set_error(pcb, k->line, k->col, "%s[ ] key "
					    "#%d is incompatible with "
					    "prototype:\n"
					    "\tprototype: %s\n"
					    "\t      key: %s", n->str, i + 1,
					    v->keys[i].name, k->type.name);
	return 0;
}

/*
 * Type the keys of array reference @n and check them against *@vp.  A key
 * may create variables (a[x++]), which moves pcb->vars: *@vp is looked up
 * again afterwards.
 */
static int dt_sema_keys(struct dt_pcb *pcb, struct dt_node *n,
			struct dt_uvar **vp)
{
	struct dt_node *k;

	for (k = n->args; k != NULL; k = k->next) {
		if (dt_sema_expr(pcb, k) != 0)
			return -1;
		n->has_effects |= k->has_effects;
		if (dt_value_type(&k->type).kind == DT_TK_VOID)
			return dt_set_error(pcb, k->line, k->col, "%s "
					    "expression may not be used as an "
					    "array index", k->type.name);
	}
	if (dt_node_count(n->args) > DIF_MAX_TUPLE)
		return dt_set_error(pcb, n->line, n->col, "%s[ ] has too many "
				    "keys (limit %d)", n->str, DIF_MAX_TUPLE);
	if (*vp != NULL)
		*vp = dt_var_find(pcb, n->scope, n->str);
	return dt_keys_check(pcb, n, *vp);
}

/*
 * Turn INDEX(VAR, keys), which dt_ptr_index() found is no pointer
 * subscript, into an array VAR with args = keys; checks the variable may
 * be an array.  *@vp is the variable, or NULL if none yet.
 */
static int dt_array_node(struct dt_pcb *pcb, struct dt_node *n,
			 struct dt_uvar **vp)
{
	struct dt_node *b = n->left;
	int id;

	n->kind = DT_NODE_VAR;
	n->str = dt_strdup(pcb, b->str);
	n->scope = b->scope;
	n->line = b->line;
	n->col = b->col;
	n->left = NULL;
	if (n->scope == DT_SCOPE_LOCAL)
		return dt_set_error(pcb, n->line, n->col, "local variables may "
				    "not be used as associative arrays: %s",
				    n->str);
	if (n->scope == DT_SCOPE_GLOBAL && (dt_builtin_type(n->str, &id) ||
					    dt_inline_find(pcb, n->str)))
		return dt_set_error(pcb, n->line, n->col, "cannot access %s as "
				    "an associative array", n->str);
	*vp = dt_var_find(pcb, n->scope, n->str);
	if (*vp != NULL && (*vp)->typed && !(*vp)->is_array)
		return dt_set_error(pcb, n->line, n->col, "scalar '%s' may not "
				    "be referenced as array", n->str);
	return 0;
}

static void dt_var_bind(struct dt_node *n, const struct dt_uvar *v)
{
	n->var_id = (int)v->id;
	n->type = v->type;
}

/*
 * Is INDEX node @n a pointer or array subscript (rather than an
 * associative array)?  As illumos decides: the base is not a D variable,
 * or is one already typed as a scalar.  Then E1[E2] becomes *(E1 + E2):
 * returns 1 once @n is rewritten and typed, 0 if @n is an array
 * reference, -1 on error.
 */
static int dt_ptr_index(struct dt_pcb *pcb, struct dt_node *n)
{
	struct dt_node *b = n->left, *add;
	const struct dt_uvar *v;
	int id;

	if (b->kind == DT_NODE_VAR && !b->typed) {
		if (b->scope == DT_SCOPE_GLOBAL &&
		    (dt_builtin_type(b->str, &id) || dt_inline_find(pcb, b->str))) {
			if (dt_sema_expr(pcb, b) != 0)
				return -1;
		} else {
			v = dt_var_find(pcb, b->scope, b->str);
			if (v == NULL || !v->typed || v->is_array ||
			    (v->type.kind != DT_TK_PTR))
				return 0;	/* dt_array_node() reports */
			if (dt_sema_expr(pcb, b) != 0)
				return -1;
		}
		if (b->type.kind != DT_TK_PTR && b->type.kind != DT_TK_ARRAY)
			return 0;
	} else if (dt_sema_expr(pcb, b) != 0) {
		return -1;
	} else if (b->type.kind != DT_TK_PTR && b->type.kind != DT_TK_ARRAY) {
		return dt_set_error(pcb, n->line, n->col, "operator [ ] "
				    "requires an associative array or a "
				    "pointer as its left-hand operand");
	}
	if (dt_node_count(n->args) != 1)
		return dt_set_error(pcb, n->line, n->col, "cannot access %s as "
				    "an associative array", b->type.name);
	add = dt_node_op2(pcb, DT_OP_ADD, b, n->args, n->line, n->col);
	n->kind = DT_NODE_OP1;
	n->op = DT_OP_DEREF;
	n->left = add;
	n->args = NULL;
	return dt_sema_expr(pcb, n) == 0 ? 1 : -1;
}

/*
 * args[i]: probe argument i.  Without the kernel's type information
 * every argument is an int64_t, like arg0 .. arg9.
 */
static int dt_sema_args(struct dt_pcb *pcb, struct dt_node *n)
{
	static const struct dt_type t = DT_INT_TYPE(8, 1, "int64_t");
	struct dt_node *i = n->args;
	int argc = dt_node_count(i);

	if (argc != 1)
		return dt_set_error(pcb, n->line, n->col, "args[ ] prototype "
				    "mismatch: %d arg%s passed, 1 expected",
				    argc, argc == 1 ? "" : "s");
	if (dt_sema_expr(pcb, i) != 0)
		return -1;
	if (!dt_is_int(i))
		return dt_set_error(pcb, i->line, i->col, "args[ ] argument "
				    "#1 is incompatible with prototype:\n"
				    "\tprototype: int\n"
				    "\t argument: %s",
				    i->type.name);
	n->kind = DT_NODE_ARGS;
	n->line = n->left->line;
	n->col = n->left->col;
	n->left = i;
	n->args = NULL;
	n->type = t;
	n->has_effects = i->has_effects;
	return 0;
}

int dt_sema_varref(struct dt_pcb *pcb, struct dt_node *n)
{
	const struct dt_type *bt;
	const struct dt_inline *in;
	struct dt_uvar *v = NULL;
	int id, rc;

	if (n->kind == DT_NODE_INDEX && n->left->kind == DT_NODE_VAR &&
	    n->left->scope == DT_SCOPE_GLOBAL &&
	    strcmp(n->left->str, "args") == 0 &&
	    dt_var_find(pcb, DT_SCOPE_GLOBAL, "args") == NULL)
		return dt_sema_args(pcb, n);
	if (n->kind == DT_NODE_INDEX) {
		rc = dt_ptr_index(pcb, n);
		if (rc != 0)
			return rc < 0 ? -1 : 0;
		if (dt_array_node(pcb, n, &v) != 0 ||
		    dt_sema_keys(pcb, n, &v) != 0)
			return -1;
		if (v == NULL || !v->typed)
			return dt_var_undef(pcb, n);
		dt_var_bind(n, v);
		return 0;
	}
	if (n->scope == DT_SCOPE_GLOBAL) {
		bt = dt_builtin_type(n->str, &id);
		if (bt != NULL) {
			n->var_id = id;
			n->type = *bt;
			return 0;
		}
		in = dt_inline_find(pcb, n->str);
		if (in != NULL && in->expr->kind == DT_NODE_INT) {
			/* a constant inline folds like a literal */
			n->kind = DT_NODE_INT;
			n->type = in->type;
			n->value = dt_cast_value(in->expr->value, &in->type);
			return 0;
		}
		if (in != NULL) {
			n->kind = DT_NODE_INLINE;
			n->left = in->expr;
			n->type = in->type;
			n->has_effects = in->expr->has_effects;
			return 0;
		}
	}
	v = dt_var_find(pcb, n->scope, n->str);
	if (v == NULL && n->scope == DT_SCOPE_GLOBAL && !pcb->failed)
		pcb->undef = 1;
	if (v == NULL && n->scope == DT_SCOPE_GLOBAL)
		return dt_set_error(pcb, n->line, n->col, "failed to resolve "
				    "%s: Unknown variable name", n->str);
	if (v == NULL || !v->typed)
		return dt_var_undef(pcb, n);
	if (v->is_array)
		return dt_keys_mismatch(pcb, n, 0, v->nkeys);
	dt_var_bind(n, v);
	return 0;
}

/*
 * The variable a memory lvalue (*p, p->m, p[i], (*p).m) reaches its
 * memory through, or NULL.
 */
static const struct dt_node *dt_mem_base(const struct dt_node *l)
{
	for (;;) {
		if (l->kind == DT_NODE_VAR)
			return l;
		if ((l->kind == DT_NODE_OP1 && l->op == DT_OP_DEREF) ||
		    l->kind == DT_NODE_MEMBER || l->kind == DT_NODE_CAST ||
		    l->kind == DT_NODE_INDEX ||
		    (l->kind == DT_NODE_OP2 && (l->op == DT_OP_ADD ||
						l->op == DT_OP_SUB)))
			l = l->left;
		else
			return NULL;
	}
}

/* Is @l something an assignment may write?  Sets the error if not. */
static int dt_writable(struct dt_pcb *pcb, struct dt_node *op,
		       struct dt_node *l, const char *opname)
{
	const struct dt_node *b;
	int id;

	if ((l->kind == DT_NODE_OP1 && l->op == DT_OP_DEREF) ||
	    l->kind == DT_NODE_MEMBER) {
		/*
		 * As illumos: memory reached through a pointer held in a D
		 * variable may be written (the VM allows alloca() memory
		 * only); memory reached from args[], curthread or a
		 * subroutine's result may not.
		 */
		b = dt_mem_base(l);
		if (b != NULL && (b->scope != DT_SCOPE_GLOBAL ||
				  (dt_builtin_type(b->str, &id) == NULL &&
				   strcmp(b->str, "args") != 0)))
			return 0;
		return dt_set_error(pcb, op->line, op->col, "operator %s can "
				    "only be applied to a writable variable",
				    opname);
	}
	if (l->kind != DT_NODE_VAR && l->kind != DT_NODE_INDEX)
		return dt_set_error(pcb, op->line, op->col, "operator %s "
				    "requires modifiable lvalue as an operand",
				    opname);
	if (l->kind == DT_NODE_INDEX && l->left->kind == DT_NODE_VAR &&
	    l->left->scope == DT_SCOPE_GLOBAL &&
	    strcmp(l->left->str, "args") == 0 &&
	    dt_var_find(pcb, DT_SCOPE_GLOBAL, "args") == NULL)
		l = l->left;	/* args[] is builtin too */
	if (l->kind == DT_NODE_VAR && l->scope == DT_SCOPE_GLOBAL &&
	    (dt_builtin_type(l->str, &id) != NULL ||
	     strcmp(l->str, "args") == 0) &&
	    dt_var_find(pcb, DT_SCOPE_GLOBAL, l->str) == NULL)
		return dt_set_error(pcb, l->line, l->col, "operator %s can only "
				    "be applied to a writable variable",
				    opname);
	if (l->kind == DT_NODE_VAR && l->scope == DT_SCOPE_GLOBAL &&
	    dt_inline_find(pcb, l->str) != NULL)
		return dt_set_error(pcb, l->line, l->col, "operator %s can only "
				    "be applied to a writable variable",
				    opname);
	return 0;
}

/* Check a compound assignment's operand types, illumos' way. */
static int dt_compound_types(struct dt_pcb *pcb, struct dt_node *n)
{
	struct dt_node *l = n->left, *r = n->right;
	const char *op = dt_assign_name(n->aop);

	switch (n->aop) {
	case DT_OP_ADD:
	case DT_OP_SUB:
		if (!dt_is_int(l) || !dt_is_int(r))
			return dt_set_error(pcb, n->line, n->col, "operands have "
					    "incompatible types: \"%s\" %s "
					    "\"%s\"", l->type.name, op,
					    r->type.name);
		return 0;
	case DT_OP_MUL:
	case DT_OP_DIV:
		if (!dt_is_int(l) || !dt_is_int(r))
			return dt_set_error(pcb, n->line, n->col, "operator %s "
					    "requires operands of arithmetic "
					    "type", op);
		return 0;
	default:
		if (!dt_is_int(l) || !dt_is_int(r))
			return dt_set_error(pcb, n->line, n->col, "operator %s "
					    "requires operands of integral "
					    "type", op);
		return 0;
	}
}

/* *p, s.m or p->m: memory, not a variable (p[i] is *(p + i) by now) */
static int dt_is_memref(const struct dt_node *l)
{
	return (l->kind == DT_NODE_OP1 && l->op == DT_OP_DEREF) ||
	       l->kind == DT_NODE_MEMBER;
}

/*
 * =, op=, ++ and -- on memory (*p, p[i], p->m): @n's left side, already
 * found writable, gets its type; only integers and pointers are stored.
 */
static int dt_sema_store(struct dt_pcb *pcb, struct dt_node *n,
			 const char *op)
{
	struct dt_node *l = n->left, *r = n->right;

	if (dt_writable(pcb, n, l, op) != 0 || dt_sema_expr(pcb, l) != 0)
		return -1;
	if (!dt_is_scalar(l))
		return dt_set_error(pcb, n->line, n->col, "operator %s "
				    "cannot store a value of type \"%s\": "
				    "only integers and pointers are stored "
				    "through pointers", op, l->type.name);
	n->has_effects = 1;
	n->type = l->type;
	if (n->op != DT_OP_ASSIGN) {
		if (!dt_is_int(l))
			return dt_set_error(pcb, n->line, n->col, "operator "
					    "%s requires operand of scalar "
					    "type", op);
		return 0;
	}
	if (n->aop != DT_OP_NONE)
		return dt_compound_types(pcb, n);
	if (!dt_assignable(&l->type, r))
		return dt_set_error(pcb, n->line, n->col, "operands have "
				    "incompatible types: \"%s\" %s \"%s\"",
				    l->type.name, op, r->type.name);
	return 0;
}

int dt_sema_assign(struct dt_pcb *pcb, struct dt_node *n)
{
	struct dt_node *l = n->left, *r = n->right, *k;
	const char *op = dt_assign_name(n->aop);
	struct dt_uvar *v = NULL;
	int i;

	if (l->kind == DT_NODE_AGG)
		return dt_sema_expr(pcb, l);
	if (dt_sema_expr(pcb, r) != 0)
		return -1;
	if (l->kind == DT_NODE_INDEX && dt_ptr_index(pcb, l) != 0)
		return pcb->failed ? -1 : dt_sema_store(pcb, n, op);
	if (dt_is_memref(l))
		return dt_sema_store(pcb, n, op);
	if (dt_writable(pcb, n, l, op) != 0)
		return -1;
	n->has_effects = 1;
	if (n->aop != DT_OP_NONE) {
		/* read-modify-write: the variable must exist already */
		if (l->kind == DT_NODE_VAR && l->scope == DT_SCOPE_GLOBAL &&
		    dt_var_find(pcb, DT_SCOPE_GLOBAL, l->str) == NULL)
			return dt_var_undef(pcb, l);
		if (dt_sema_varref(pcb, l) != 0 ||
		    dt_compound_types(pcb, n) != 0)
			return -1;
		n->type = l->type;
		return 0;
	}
	if (l->kind == DT_NODE_INDEX) {
		if (dt_array_node(pcb, l, &v) != 0 ||
		    dt_sema_keys(pcb, l, &v) != 0)
			return -1;
	} else {
		v = dt_var_find(pcb, l->scope, l->str);
		if (v != NULL && v->typed && v->is_array)
			return dt_keys_mismatch(pcb, l, 0, v->nkeys);
	}
	if (v == NULL) {
		v = dt_var_add(pcb, l->scope, l->str, l->line, l->col);
		if (v == NULL)
			return -1;
	}
	if (!v->typed) {
		if (r->type.kind == DT_TK_VOID)
			return dt_set_error(pcb, r->line, r->col, "void "
					    "expression may not be assigned");
		v->typed = 1;
		v->type = r->type;
		if (r->type.kind == DT_TK_ARRAY)
			v->type = dt_value_type(&r->type);	/* copied */
		if (!dt_var_type_ok(&v->type))
			return dt_set_error(pcb, n->line, n->col, "operator %s "
					    "may not be applied to operand of "
					    "type \"%s\"", op, r->type.name);
		v->is_array = l->args != NULL;
		v->nkeys = dt_node_count(l->args);
		for (i = 0, k = l->args; k != NULL; k = k->next, i++)
			v->keys[i] = dt_value_type(&k->type);
	} else if (!dt_assignable(&v->type, r)) {
		return dt_set_error(pcb, n->line, n->col, "operands have "
				    "incompatible types: \"%s\" %s \"%s\"",
				    v->type.name, op, r->type.name);
	}
	dt_var_bind(l, v);
	n->type = l->type;
	return 0;
}

/*
 * As in illumos, ++ and -- may create the variable they apply to (an
 * int): "self->depth++" is a common first use.
 */
static int dt_incdec_create(struct dt_pcb *pcb, struct dt_node *l)
{
	struct dt_uvar *v = NULL;
	struct dt_node *k;
	int i;

	if (l->kind == DT_NODE_INDEX) {
		if (dt_array_node(pcb, l, &v) != 0 ||
		    dt_sema_keys(pcb, l, &v) != 0)
			return -1;
	} else {
		v = dt_var_find(pcb, l->scope, l->str);
	}
	if (v != NULL)
		return 0;
	v = dt_var_add(pcb, l->scope, l->str, l->line, l->col);
	if (v == NULL)
		return -1;
	v->typed = 1;
	v->type = dt_type_int;
	v->is_array = l->args != NULL;
	v->nkeys = dt_node_count(l->args);
	for (i = 0, k = l->args; k != NULL; k = k->next, i++)
		v->keys[i] = dt_value_type(&k->type);
	return 0;
}

int dt_sema_incdec(struct dt_pcb *pcb, struct dt_node *n)
{
	struct dt_node *l = n->left;
	const char *op = dt_op_name(n->op);

	int id;

	if (dt_is_memref(l))
		return dt_sema_store(pcb, n, op);
	/* illumos checks the type first, then that it may be written */
	if ((l->kind != DT_NODE_VAR && l->kind != DT_NODE_INDEX) ||
	    (l->kind == DT_NODE_VAR && l->scope == DT_SCOPE_GLOBAL &&
	     (dt_builtin_type(l->str, &id) || dt_inline_find(pcb, l->str)))) {
		struct dt_node c = *l;	/* typed copy: l stays a name */

		if (dt_sema_expr(pcb, &c) != 0)
			return -1;
		if (!dt_is_int(&c))
			return dt_set_error(pcb, n->line, n->col, "operator %s "
					    "requires operand of scalar type",
					    op);
	}
	if (l->kind == DT_NODE_INDEX && dt_ptr_index(pcb, l) != 0)
		return pcb->failed ? -1 : dt_sema_store(pcb, n, op);
	if (dt_writable(pcb, n, l, op) != 0 || dt_incdec_create(pcb, l) != 0)
		return -1;
	if (l->kind == DT_NODE_VAR && l->args != NULL) {
		/* already turned into an array reference: bind it */
		struct dt_uvar *v = dt_var_find(pcb, l->scope, l->str);

		if (dt_keys_check(pcb, l, v) != 0)
			return -1;
		dt_var_bind(l, v);
	} else if (dt_sema_varref(pcb, l) != 0) {
		return -1;
	}
	if (!dt_is_int(l))
		return dt_set_error(pcb, n->line, n->col, "operator %s requires "
				    "operand of scalar type", op);
	n->type = l->type;
	n->has_effects = 1;
	return 0;
}

int dt_vars_export(struct dt_pcb *pcb)
{
	struct dt_program *pgm = pcb->pgm;
	int i;

	if (pcb->nvars == 0)
		return 0;
	pgm->vars = calloc(pcb->nvars, sizeof(*pgm->vars));
	if (pgm->vars == NULL)
		return dt_set_error(pcb, 0, 0, "out of memory");
	for (i = 0; i < pcb->nvars; i++) {
		struct dt_uvar *u = &pcb->vars[i];
		struct dt_var *v = &pgm->vars[i];
		int str = u->type.kind == DT_TK_STRING;

		v->name = u->name;
		u->name = NULL;
		v->id = u->id;
		v->scope = u->scope;
		v->kind = u->is_array ? DTRACE_VKIND_ARRAY :
			  DTRACE_VKIND_SCALAR;
		v->type = str ? DIF_TYPE_STRING : DIF_TYPE_INT;
		v->size = str ? pcb->strsize : 8;
		pgm->nvars = i + 1;
	}
	return 0;
}
