// SPDX-License-Identifier: GPL-2.0
/*
 * Clauses and statements: check each statement of a clause in source
 * order, lay out the clause's record and compile every expression into
 * its own DIFO.  An assignment or any other expression used as a
 * statement ("x = 1;", "self->n++;", "strtok(s, \",\");") becomes a
 * DT_STMT_DIFEXPR statement that the kernel runs for its side effects
 * (DTRACE_ACT_DIFEXPR), in order with the other actions, as in illumos.
 * Declarations are checked in program order with the clauses, so a
 * variable exists from its declaration or first assignment onwards.
 */
#include <stdlib.h>
#include <string.h>
#include "dt_sema.h"
#include "dt_cg.h"
#include "dt_printf_check.h"
#include "dtrace_abi.h"

struct dt_stmt *dt_stmt_add(struct dt_clause_ctx *cx, enum dt_stmt_kind kind,
			    struct dt_node *n)
{
	struct dt_clause *cl = cx->cl;
	struct dt_stmt *s;

	if (dt_stmt_order(cx, kind, n) != 0)
		return NULL;
	s = realloc(cl->stmts, (cl->nstmts + 1) * sizeof(*s));
	if (s == NULL) {
		dt_set_error(cx->pcb, 0, 0, "out of memory");
		return NULL;
	}
	cl->stmts = s;
	s = &cl->stmts[cl->nstmts++];
	memset(s, 0, sizeof(*s));
	s->kind = kind;
	s->line = n->line;
	s->col = n->col;
	s->aggid = -1;
	return s;
}

int dt_value_cg(struct dt_clause_ctx *cx, struct dt_value *v,
		struct dt_node *e)
{
	struct dt_pcb *pcb = cx->pcb;

	v->is_string = dt_is_strval(&e->type);
	v->is_signed = e->type.kind == DT_TK_INT ? e->type.is_signed : 0;
	v->size = v->is_string ? (int)pcb->strsize :
		  e->type.kind == DT_TK_INT ? e->type.size : 8;
	return dt_cg_value(pcb, e, &v->difo);
}

int dt_count_action(struct dt_clause_ctx *cx, const struct dt_node *n)
{
	if (++cx->nactions > DTRACE_MAX_ACTIONS)
		return dt_set_error(cx->pcb, n->line, n->col, "too many "
				    "actions in one clause (limit %d)",
				    DTRACE_MAX_ACTIONS);
	return 0;
}

int dt_value_place(struct dt_clause_ctx *cx, struct dt_value *v,
		   const struct dt_node *e)
{
	dt_u32 size = v->is_string ? cx->pcb->strsize : 8;

	cx->off = (cx->off + 7) & ~7u;
	v->offset = cx->off;
	cx->off += size;
	if (cx->off > DTRACE_MAX_RECSIZE)
		return dt_set_error(cx->pcb, e->line, e->col, "clause records "
				    "too much data (limit %d bytes)",
				    DTRACE_MAX_RECSIZE);
	return dt_count_action(cx, e);
}

int dt_proto_mismatch(struct dt_pcb *pcb, struct dt_node *call, int have,
		      const char *atleast, int want)
{
	return dt_set_error(pcb, call->line, call->col, "%s( ) prototype "
			    "mismatch: %d arg%s passed, %s%d expected",
			    call->str, have, have == 1 ? "" : "s", atleast,
			    want);
}

int dt_arity(struct dt_pcb *pcb, struct dt_node *call, int want)
{
	int have = dt_node_count(call->args);

	return have == want ? 0 :
	       dt_proto_mismatch(pcb, call, have, "", want);
}

/* setopt("name" [, "value"]): both string constants, for the consumer. */
static int dt_setopt(struct dt_clause_ctx *cx, struct dt_node *call)
{
	struct dt_pcb *pcb = cx->pcb;
	struct dt_node *a;
	struct dt_stmt *s;
	int argc = dt_node_count(call->args), i;

	if (argc < 1 || argc > 2)	/* "void(const char *, [...])" */
		return dt_proto_mismatch(pcb, call, argc, "at least ", 1);
	for (i = 1, a = call->args; a != NULL; a = a->next, i++) {
		if (a->kind == DT_NODE_STRING)
			continue;
		if (dt_sema_expr(pcb, a) != 0)
			return -1;
		return dt_set_error(pcb, a->line, a->col, "setopt( ) argument "
				    "#%d is incompatible with prototype:\n"
				    "\tprototype: string constant\n"
				    "\t argument: %s",
				    i, a->type.name);
	}
	s = dt_stmt_add(cx, DT_STMT_SETOPT, call);
	if (s == NULL)
		return -1;
	s->opt = dt_strdup(pcb, call->args->str);
	if (argc == 2)
		s->optval = dt_strdup(pcb, call->args->next->str);
	return dt_count_action(cx, call);
}

/* trace(), printf(), exit(): values recorded for the consumer. */
static int dt_action(struct dt_clause_ctx *cx, struct dt_node *call,
		     const struct dt_fn *fn)
{
	struct dt_pcb *pcb = cx->pcb;
	struct dt_node *a, *args = call->args;
	struct dt_stmt *s;
	int i, n;

	switch (fn->code) {
	case DT_STMT_TRACE:
	case DT_STMT_PRINTF:
	case DT_STMT_EXIT:
		break;
	case DT_STMT_SETOPT:
		return dt_setopt(cx, call);
	case DT_STMT_PRINTA:
	case DT_STMT_TRUNC:
	case DT_STMT_CLEAR:
	case DT_STMT_NORMALIZE:
	case DT_STMT_DENORMALIZE:
		return dt_agg_action(cx, call, fn->code);
	default:
		return dt_other_action(cx, call, fn);
	}
	if (fn->nargs >= 0 && dt_arity(pcb, call, fn->nargs) != 0)
		return -1;
	if (fn->code == DT_STMT_PRINTF) {
		if (args == NULL)
			return dt_proto_mismatch(pcb, call, 0, "", 1);
		if (args->kind != DT_NODE_STRING)
			return dt_set_error(pcb, args->line, args->col,
					    "printf( ) argument #1 is "
					    "incompatible with prototype:\n"
					    "\tprototype: string constant\n"
					    "\t argument: %s",
					    dt_sema_expr(pcb, args) == 0 ?
					    args->type.name : "?");
		args = args->next;
	}
	/* illumos' words for what trace() cannot record */
	if (fn->code == DT_STMT_TRACE && !fn->fmt && args->kind == DT_NODE_AGG)
		return dt_set_error(pcb, args->line, args->col, "trace( ) may "
				    "not be applied to a dynamic expression");
	for (a = args; a != NULL; a = a->next) {
		if (dt_sema_expr(pcb, a) != 0)
			return -1;
		if (fn->code == DT_STMT_TRACE && !fn->fmt &&
		    a->type.kind == DT_TK_VOID && a->type.sou == NULL)
			return dt_set_error(pcb, a->line, a->col, "trace( ) may "
					    "not be applied to a void "
					    "expression");
		if (dt_value_type(&a->type).kind == DT_TK_VOID)
			return dt_set_error(pcb, a->line, a->col, "%s( ) "
					    "argument #%d is incompatible "
					    "with prototype:\n"
					    "\tprototype: value\n"
					    "\t argument: %s", call->str,
					    dt_node_count(call->args) -
					    dt_node_count(a) + 1,
					    a->type.name);
	}
	if (fn->code == DT_STMT_PRINTF &&
	    dt_printf_check(pcb, call->args, call) != 0)
		return -1;
	if (fn->code == DT_STMT_EXIT && !dt_is_int(args))
		return dt_set_error(pcb, args->line, args->col, "exit( ) "
				    "argument #1 is incompatible with "
				    "prototype:\n"
				    "\tprototype: int\n"
				    "\t argument: %s",
				    args->type.name);
	if (fn->fmt && !dt_is_scalar(args))
		return dt_set_error(pcb, args->line, args->col, "%s( ) "
				    "argument #1 is incompatible with "
				    "prototype:\n"
				    "\tprototype: uintptr_t\n"
				    "\t argument: %s",
				    call->str, args->type.name);

	s = dt_stmt_add(cx, (enum dt_stmt_kind)fn->code, call);
	if (s == NULL)
		return -1;
	if (fn->code == DT_STMT_PRINTF)
		s->fmt = dt_strdup(pcb, call->args->str);
	n = dt_node_count(args);
	if (n > 0) {
		s->vals = calloc(n, sizeof(*s->vals));
		if (s->vals == NULL)
			return dt_set_error(pcb, 0, 0, "out of memory");
	}
	for (i = 0, a = args; a != NULL; a = a->next, i++) {
		s->nvals = i + 1;
		if (dt_value_cg(cx, &s->vals[i], a) != 0 ||
		    dt_value_place(cx, &s->vals[i], a) != 0)
			return -1;
		s->vals[i].fmt = fn->fmt;	/* sym() and the like */
	}
	return 0;
}

/* An expression statement: run for its effects (DTRACE_ACT_DIFEXPR). */
static int dt_difexpr(struct dt_clause_ctx *cx, struct dt_node *n)
{
	struct dt_stmt *s;

	if (dt_sema_expr(cx->pcb, n) != 0)
		return -1;
	s = dt_stmt_add(cx, DT_STMT_DIFEXPR, n);
	if (s == NULL)
		return -1;
	s->vals = calloc(1, sizeof(*s->vals));
	if (s->vals == NULL)
		return dt_set_error(cx->pcb, 0, 0, "out of memory");
	s->nvals = 1;
	if (dt_value_cg(cx, &s->vals[0], n) != 0)
		return -1;
	return dt_count_action(cx, n);
}

/* "@a[keys] = fn(...)" parses as an assignment to an aggregation. */
static struct dt_node *dt_agg_target(struct dt_node *n)
{
	struct dt_node *l;

	if (n->kind != DT_NODE_OP2 || n->op != DT_OP_ASSIGN)
		return NULL;
	l = n->left;
	if (l->kind == DT_NODE_AGG)
		return l;
	while (l->kind == DT_NODE_INDEX)
		l = l->left;
	return l->kind == DT_NODE_AGG ? l : NULL;
}

static int dt_statement(struct dt_clause_ctx *cx, struct dt_node *n)
{
	struct dt_pcb *pcb = cx->pcb;
	struct dt_node *agg = dt_agg_target(n);
	const struct dt_fn *fn;

	if (agg != NULL) {
		if (n->left != agg && n->left->left != agg)
			return dt_set_error(pcb, agg->line, agg->col,
					    "improper attempt to reference @%s "
					    "as a multi-dimensional array",
					    agg->str);
		if (n->aop != DT_OP_NONE)
			return dt_set_error(pcb, agg->line, agg->col, "@%s must "
					    "be assigned the result of an "
					    "aggregating function", agg->str);
		agg->args = n->left == agg ? NULL : n->left->args;
		agg->right = n->right;
		return dt_aggregation(cx, agg);
	}
	if (n->kind == DT_NODE_FUNC) {
		fn = dt_fn_lookup(n->str);
		if (fn != NULL && fn->cls == DT_FN_ACTION)
			return dt_action(cx, n, fn);
	}
	return dt_difexpr(cx, n);
}

static int dt_pspec(struct dt_pcb *pcb, struct dt_node *n,
		    struct dt_probespec *ps)
{
	static const char ok[] = "-$:_.`?*\\[]!";
	static const struct {
		const char *what;
		size_t max;
	} lim[4] = {
		{ "provider", DTRACE_PROVNAMELEN },
		{ "module", DTRACE_MODNAMELEN },
		{ "function", DTRACE_FUNCNAMELEN },
		{ "name", DTRACE_NAMELEN },
	};
	char *f[4] = { NULL, NULL, NULL, NULL };
	const char *p, *start[5];
	size_t len[5];
	int nf = 0, i, j;

	ps->line = n->line;
	ps->col = n->col;
	ps->text = dt_strdup(pcb, n->str);
	for (p = n->str; *p != '\0'; p++) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || strchr(ok, *p) != NULL))
			return dt_set_error(pcb, n->line, n->col, "invalid probe "
					    "description \"%s\": invalid "
					    "character '%c'", n->str, *p);
	}
	for (p = n->str; ; p++) {
		const char *e = strchr(p, ':');

		if (nf == 4)
			return dt_set_error(pcb, n->line, n->col, "invalid probe "
					    "description \"%s\": Overspecified "
					    "probe description", n->str);
		start[nf] = p;
		len[nf] = e ? (size_t)(e - p) : strlen(p);
		nf++;
		if (e == NULL)
			break;
		p = e;
	}
	/* Fewer fields are right-aligned: "a:b" is "::a:b". */
	for (i = 0; i < 4; i++) {
		j = i - (4 - nf);
		f[i] = malloc(j >= 0 ? len[j] + 1 : 1);
		if (f[i] == NULL) {
			for (j = 0; j < i; j++)
				free(f[j]);
			return dt_set_error(pcb, 0, 0, "out of memory");
		}
		if (j >= 0) {
			memcpy(f[i], start[j], len[j]);
			f[i][len[j]] = '\0';
		} else {
			f[i][0] = '\0';
		}
	}
	ps->prov = f[0];
	ps->mod = f[1];
	ps->func = f[2];
	ps->name = f[3];
	for (i = 0; i < 4; i++)
		if (strlen(f[i]) >= lim[i].max)
			return dt_set_error(pcb, n->line, n->col, "invalid probe "
					    "description \"%s\": %s name too "
					    "long", n->str, lim[i].what);
	return 0;
}

static int dt_pred(struct dt_pcb *pcb, struct dt_node *cn,
		   struct dt_clause *cl)
{
	if (dt_sema_expr(pcb, cn->cond) != 0)
		return -1;
	if (!dt_is_scalar(cn->cond))
		return dt_set_error(pcb, cn->cond->line, cn->cond->col,
				    "predicate result must be of scalar type");
	cl->pred = calloc(1, sizeof(*cl->pred));
	if (cl->pred == NULL)
		return dt_set_error(pcb, 0, 0, "out of memory");
	return dt_cg_pred(pcb, cn->cond, cl->pred);
}

static int dt_clause(struct dt_pcb *pcb, struct dt_node *cn)
{
	struct dt_program *pgm = pcb->pgm;
	struct dt_clause_ctx cx;
	struct dt_clause *cl;
	struct dt_node *n;
	int i, late;

	cl = realloc(pgm->clauses, (pgm->nclauses + 1) * sizeof(*cl));
	if (cl == NULL)
		return dt_set_error(pcb, 0, 0, "out of memory");
	pgm->clauses = cl;
	cl = &pgm->clauses[pgm->nclauses++];
	memset(cl, 0, sizeof(*cl));

	memset(&cx, 0, sizeof(cx));
	cx.pcb = pcb;
	cx.cl = cl;

	cl->specs = calloc(dt_node_count(cn->args), sizeof(*cl->specs));
	if (cl->specs == NULL)
		return dt_set_error(pcb, 0, 0, "out of memory");
	for (i = 0, n = cn->args; n != NULL; n = n->next, i++) {
		cl->nspecs = i + 1;
		if (dt_pspec(pcb, n, &cl->specs[i]) != 0)
			return -1;
	}
	/*
	 * As illumos (dt_cook_clause): a predicate may use a variable that
	 * the actions create ("/i < 10/ { i++ }"), and the actions one the
	 * predicate creates ("/x++ > 3/ { trace(x) }").  The predicate comes
	 * first here; if it names a variable not defined yet, it is checked
	 * again after the actions.
	 */
	late = cn->cond != NULL && dt_pred(pcb, cn, cl) != 0;
	if (late && !pcb->undef)
		return -1;
	if (late) {
		pcb->failed = 0;
		pcb->undef = 0;
		if (pcb->err != NULL)
			memset(pcb->err, 0, sizeof(*pcb->err));
	}
	for (n = cn->left; n != NULL; n = n->next)
		if (dt_statement(&cx, n) != 0)
			return -1;
	cl->recsize = (cx.off + 7) & ~7u;
	return late ? dt_pred(pcb, cn, cl) : 0;
}

int dt_sema_program(struct dt_pcb *pcb)
{
	struct dt_node *n;

	for (n = pcb->clauses; n != NULL; n = n->next) {
		if (n->kind == DT_NODE_CLAUSE ? dt_clause(pcb, n) :
		    dt_sema_decl(pcb, n))
			return -1;
	}
	return dt_vars_export(pcb);
}
