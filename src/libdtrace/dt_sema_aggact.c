// SPDX-License-Identifier: GPL-2.0
/*
 * The actions on whole aggregations, carried out by the consumer when it
 * reaches the clause's record: printa() (its format checked against the
 * keys and %@ values, all its aggregations of one key signature),
 * trunc(), clear(), normalize() and denormalize().
 */
#include <stdlib.h>
#include <string.h>
#include "dt_sema.h"
#include "dt_printf_check.h"
#include "dtrace_abi.h"

/* The aggregation @n names, or -1 with illumos' error. */
static int dt_agg_ref(struct dt_pcb *pcb, struct dt_node *call,
		      struct dt_node *n, int argn)
{
	int i;

	if (n->kind != DT_NODE_AGG) {
		const char *tn = "aggregation element";

		if (n->kind != DT_NODE_INDEX && dt_sema_expr(pcb, n) != 0)
			return -1;
		if (n->kind != DT_NODE_INDEX)
			tn = n->type.name;
		else
			n = n->left;	/* point at the aggregation's name */
		return dt_set_error(pcb, n->line, n->col, "%s( ) argument #%d "
				    "is incompatible with prototype:\n"
				    "\tprototype: aggregation\n"
				    "\t argument: %s",
				    call->str, argn, tn);
	}
	for (i = 0; i < pcb->pgm->naggs; i++)
		if (strcmp(pcb->pgm->aggs[i].name, n->str) == 0)
			return i;
	return dt_set_error(pcb, n->line, n->col, "failed to resolve @%s: "
			    "Unknown aggregation name", n->str);
}

/* printa(): all aggregations printed together share a key signature. */
static int dt_printa_keys(struct dt_pcb *pcb, struct dt_node *n, int ida,
			  int idb)
{
	const struct dt_aggdesc *a = &pcb->pgm->aggs[ida];
	const struct dt_aggdesc *b = &pcb->pgm->aggs[idb];
	int i;

	if (a->nkeys != b->nkeys)
		return dt_set_error(pcb, n->line, n->col, "printa( ): @%s and "
				    "@%s do not have matching key signatures: "
				    "@%s has %d key%s, @%s has %d key%s",
				    a->name, b->name, a->name, a->nkeys,
				    a->nkeys == 1 ? "" : "s", b->name,
				    b->nkeys, b->nkeys == 1 ? "" : "s");
	for (i = 0; i < a->nkeys; i++)
		if (a->key_is_string[i] != b->key_is_string[i])
			return dt_set_error(pcb, n->line, n->col, "printa( ): "
					    "@%s[ ] key #%d is incompatible "
					    "with @%s: @%s key #%d: %s @%s key "
					    "#%d: %s", b->name, i + 1, a->name,
					    a->name, i + 1,
					    dt_aggkey(pcb, ida, i)->name,
					    b->name, i + 1,
					    dt_aggkey(pcb, idb, i)->name);
	return 0;
}

static int dt_printa(struct dt_clause_ctx *cx, struct dt_node *call)
{
	struct dt_pcb *pcb = cx->pcb;
	struct dt_node *a = call->args, *fmt = NULL;
	int argc = dt_node_count(a), argr = 1, argn, id, *ids;
	struct dt_stmt *s;

	if (a != NULL && a->kind == DT_NODE_STRING) {
		fmt = a;
		a = a->next;
		argr = 2;
	}
	if (argc < argr)
		return dt_set_error(pcb, call->line, call->col, "printa( ) "
				    "prototype mismatch: %d args passed, %d "
				    "expected", argc, argr);
	s = dt_stmt_add(cx, DT_STMT_PRINTA, call);
	if (s == NULL)
		return -1;
	s->aggids = calloc(argc, sizeof(*s->aggids));
	if (s->aggids == NULL)
		return dt_set_error(pcb, 0, 0, "out of memory");
	ids = s->aggids;
	for (argn = argr; a != NULL; a = a->next, argn++) {
		id = dt_agg_ref(pcb, call, a, argn);
		if (id < 0)
			return -1;
		if (s->naggids > 0 && dt_printa_keys(pcb, call, ids[0], id) != 0)
			return -1;
		ids[s->naggids++] = id;
	}
	if (fmt != NULL) {
		if (dt_printa_check(pcb, fmt, call, &pcb->pgm->aggs[ids[0]],
				    dt_aggkey(pcb, ids[0], 0)) != 0)
			return -1;
		s->fmt = dt_strdup(pcb, fmt->str);
	}
	return dt_count_action(cx, call);
}

/* An integer argument recorded for the consumer (trunc, normalize). */
static int dt_agg_value(struct dt_clause_ctx *cx, struct dt_stmt *s,
			struct dt_node *call, struct dt_node *v)
{
	struct dt_pcb *pcb = cx->pcb;

	if (dt_sema_expr(pcb, v) != 0)
		return -1;
	if (!dt_is_int(v))
		return dt_set_error(pcb, v->line, v->col, "%s( ) argument #2 "
				    "is incompatible with prototype:\n"
				    "\tprototype: integer\n"
				    "\t argument: %s",
				    call->str, v->type.name);
	s->vals = calloc(1, sizeof(*s->vals));
	if (s->vals == NULL)
		return dt_set_error(pcb, 0, 0, "out of memory");
	s->nvals = 1;
	if (dt_value_cg(cx, &s->vals[0], v) != 0)
		return -1;
	return dt_value_place(cx, &s->vals[0], v);
}

int dt_agg_action(struct dt_clause_ctx *cx, struct dt_node *call, int kind)
{
	struct dt_pcb *pcb = cx->pcb;
	int argc = dt_node_count(call->args), id;
	struct dt_stmt *s;

	if (kind == DT_STMT_PRINTA)
		return dt_printa(cx, call);
	if (kind == DT_STMT_TRUNC && (argc < 1 || argc > 2))
		return dt_set_error(pcb, call->line, call->col, "trunc( ) "
				    "prototype mismatch: %d args passed, %s "
				    "expected", argc, argc < 1 ? "at least 1" :
				    "no more than 2");
	/* these check their own arity, always saying "args" */
	if (kind == DT_STMT_NORMALIZE && argc != 2)
		return dt_set_error(pcb, call->line, call->col, "normalize( ) "
				    "prototype mismatch: %d args passed, 2 "
				    "expected", argc);
	if ((kind == DT_STMT_CLEAR || kind == DT_STMT_DENORMALIZE) &&
	    argc != 1)
		return dt_set_error(pcb, call->line, call->col, "%s( ) "
				    "prototype mismatch: %d args passed, 1 "
				    "expected", call->str, argc);
	id = dt_agg_ref(pcb, call, call->args, 1);
	if (id < 0)
		return -1;
	s = dt_stmt_add(cx, (enum dt_stmt_kind)kind, call);
	if (s == NULL)
		return -1;
	s->aggid = id;
	if (argc == 2 && dt_agg_value(cx, s, call, call->args->next) != 0)
		return -1;
	return dt_count_action(cx, call);
}
