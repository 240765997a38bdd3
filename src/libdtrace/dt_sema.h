/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal interfaces of the semantic pass, split by concern:
 * dt_sema_expr.c (expression types and folding), dt_vars.c (user
 * variables), dt_sema_agg.c (aggregations and the actions on them),
 * dt_sema.c (clauses, statements, record layout), dt_decl.c
 * (declarations, inlines, pragmas).
 */
#ifndef DT_SEMA_H
#define DT_SEMA_H

#include "dt_parse.h"

/* ---- expressions (dt_sema_expr.c) ---- */

/* Functions that are not subroutines: actions and aggregating functions. */
enum dt_fn_class { DT_FN_NONE, DT_FN_ACTION, DT_FN_AGG };

struct dt_fn {
	const char *name;
	enum dt_fn_class cls;
	int code;		/* dt_stmt_kind or DTRACE_AGG_* */
	int nargs;		/* -1: checked by the action itself */
	int fmt;		/* sym() and the like: enum dt_value_fmt */
};

/* dt_builtins.c */
const struct dt_fn *dt_fn_lookup(const char *name);
/* "undefined function name: f", or why a known illumos action is not here */
int dt_fn_undefined(struct dt_pcb *pcb, const struct dt_node *n);
/* Type a subroutine call: 1 done, 0 not a subroutine, -1 error. */
int dt_sema_call(struct dt_pcb *pcb, struct dt_node *n);

int dt_sema_expr(struct dt_pcb *pcb, struct dt_node *n);
/* A builtin variable's type and id (DIF_VAR_*), or NULL. */
const struct dt_type *dt_builtin_type(const char *name, int *id);
struct dt_type dt_promote(struct dt_type t);
struct dt_type dt_arith(struct dt_type a, struct dt_type b);
int dt_is_int(const struct dt_node *n);
/* An integer constant 0 (what D accepts as a NULL string). */
int dt_is_zero(const struct dt_node *n);
/* May a value @r be stored where type @t is expected (=, keys)? */
int dt_assignable(const struct dt_type *t, const struct dt_node *r);
/* May a D variable (or array key) have type @t? */
int dt_var_type_ok(const struct dt_type *t);
/* Integer or pointer: what conditions and casts take. */
int dt_is_scalar(const struct dt_node *n);
/* A string, or a char array or pointer that D treats as one. */
int dt_is_strlike(const struct dt_type *t);
/* A value carried as a string (copied): a string or a char array. */
int dt_is_strval(const struct dt_type *t);
/* The type a value of type @t has as a key or variable, or VOID if none. */
struct dt_type dt_value_type(const struct dt_type *t);
/* "operands have incompatible types: ..." for binary @n */
int dt_incompatible(struct dt_pcb *pcb, struct dt_node *n);

/* dt_sema_ptr.c: pointers to the same type, or one of them void * */
int dt_ptr_compat(const struct dt_type *a, const struct dt_type *b);
/* p + i, i + p, p - i, p - q */
int dt_sema_ptrarith(struct dt_pcb *pcb, struct dt_node *n);
/* *p and &lvalue */
int dt_sema_mem(struct dt_pcb *pcb, struct dt_node *n);
/* s.m and p->m */
int dt_sema_member(struct dt_pcb *pcb, struct dt_node *n);
/* Name of an assignment operator: "=", "+=", ... */
const char *dt_assign_name(enum dt_op aop);

/* ---- user variables (dt_vars.c) ---- */

struct dt_uvar *dt_var_find(struct dt_pcb *pcb, int scope, const char *name);
struct dt_uvar *dt_var_add(struct dt_pcb *pcb, int scope, const char *name,
			   int line, int col);
/* Typing of a variable reference, an assignment, ++ and -- on one. */
int dt_sema_varref(struct dt_pcb *pcb, struct dt_node *n);
int dt_sema_assign(struct dt_pcb *pcb, struct dt_node *n);
int dt_sema_incdec(struct dt_pcb *pcb, struct dt_node *n);
/* Move the variable table into pgm->vars. */
int dt_vars_export(struct dt_pcb *pcb);

/* ---- clause construction (dt_sema.c) ---- */

struct dt_clause_ctx {
	struct dt_pcb *pcb;
	struct dt_clause *cl;
	dt_u32 off;		/* next record offset */
	int nactions;
	int cflags;		/* DT_CF_*: for illumos' ordering rules */
};

#define DT_CF_DATAREC	0x1	/* a data-recording action seen */
#define DT_CF_SPECULATE	0x2
#define DT_CF_COMMIT	0x4

struct dt_stmt *dt_stmt_add(struct dt_clause_ctx *cx, enum dt_stmt_kind kind,
			    struct dt_node *n);
/* Type-describe @v from @e and compile @e into v->difo. */
int dt_value_cg(struct dt_clause_ctx *cx, struct dt_value *v,
		struct dt_node *e);
/* Give a recorded value its place in the clause's record. */
int dt_value_place(struct dt_clause_ctx *cx, struct dt_value *v,
		   const struct dt_node *e);
int dt_count_action(struct dt_clause_ctx *cx, const struct dt_node *n);
/* illumos' "f( ) prototype mismatch: N args passed, [at least ]M expected" */
int dt_proto_mismatch(struct dt_pcb *pcb, struct dt_node *call, int have,
		      const char *atleast, int want);
int dt_arity(struct dt_pcb *pcb, struct dt_node *call, int want);

/* ---- aggregations (dt_sema_agg.c, dt_sema_aggact.c) ---- */

/* @a[keys] = fn(args): @n is the AGG node, keys in args, fn in right. */
int dt_aggregation(struct dt_clause_ctx *cx, struct dt_node *n);
/* printa, trunc, clear, normalize, denormalize. */
int dt_agg_action(struct dt_clause_ctx *cx, struct dt_node *call, int kind);
const char *dt_aggfn_name(int fn);
const struct dt_type *dt_aggkey(struct dt_pcb *pcb, int aggid, int i);

/* ---- other actions (dt_sema_act.c) ---- */

/* speculate, commit, discard, stack, ustack, tracemem, system, freopen */
int dt_other_action(struct dt_clause_ctx *cx, struct dt_node *call,
		    const struct dt_fn *fn);
/* illumos' rules on what may follow speculate() and commit() */
int dt_stmt_order(struct dt_clause_ctx *cx, enum dt_stmt_kind kind,
		  const struct dt_node *n);
/* Reserve @size record bytes (8-aligned); the offset in *@off. */
int dt_place_bytes(struct dt_clause_ctx *cx, dt_u32 size, dt_u32 *off,
		   const struct dt_node *n);
/* The frames of stack([n]) or ustack([n[, s]]): as given or the default. */
int dt_stack_frames(struct dt_pcb *pcb, struct dt_node *call, int user,
		    dt_u64 *frames);

/* ---- declarations (dt_decl.c) ---- */

int dt_sema_decl(struct dt_pcb *pcb, struct dt_node *n);
int dt_sema_typedecl(struct dt_pcb *pcb, struct dt_node *n);
const struct dt_inline *dt_inline_find(struct dt_pcb *pcb, const char *name);

#endif /* DT_SEMA_H */
