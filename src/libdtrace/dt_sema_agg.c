// SPDX-License-Identifier: GPL-2.0
/*
 * Aggregations: "@name[keys] = fn(args)" statements (the function's
 * constant arguments checked as illumos does, the same aggregation always
 * used the same way).  The actions on whole aggregations are in
 * dt_sema_aggact.c.
 */
#include <stdlib.h>
#include <string.h>
#include "dt_sema.h"
#include "dtrace_abi.h"
#include "dtrace_aggcalc.h"

/*
 * lquantize(value, lo, hi[, step]): the constants checked as illumos
 * dt_cg_agg() does, with its wording, into base, step and levels.
 */
static int dt_lquantize_args(struct dt_pcb *pcb, struct dt_node *f,
			     struct dt_aggdesc *lq)
{
	struct dt_node *lo = f->args->next, *hi = lo->next, *st = hi->next;
	dt_s64 base, limit, step = 1, levels;

	if (dt_sema_expr(pcb, lo) != 0 || dt_sema_expr(pcb, hi) != 0 ||
	    (st != NULL && dt_sema_expr(pcb, st) != 0))
		return -1;
	if (lo->kind != DT_NODE_INT)
		return dt_set_error(pcb, lo->line, lo->col, "lquantize( ) "
				    "argument #1 must be an integer constant");
	base = (dt_s64)lo->value;
	if (base < INT32_MIN || base > INT32_MAX)
		return dt_set_error(pcb, lo->line, lo->col, "lquantize( ) "
				    "argument #1 must be a 32-bit quantity");
	if (hi->kind != DT_NODE_INT)
		return dt_set_error(pcb, hi->line, hi->col, "lquantize( ) "
				    "argument #2 must be an integer constant");
	limit = (dt_s64)hi->value;
	if (limit < INT32_MIN || limit > INT32_MAX)
		return dt_set_error(pcb, hi->line, hi->col, "lquantize( ) "
				    "argument #2 must be a 32-bit quantity");
	if (limit < base)
		return dt_set_error(pcb, f->line, f->col, "lquantize( ) base "
				    "(argument #1) must be less than limit "
				    "(argument #2)");
	if (st != NULL) {
		if (st->kind != DT_NODE_INT || (dt_s64)st->value <= 0)
			return dt_set_error(pcb, st->line, st->col,
					    "lquantize( ) argument #3 must be "
					    "a non-zero positive integer "
					    "constant");
		step = (dt_s64)st->value;
		if (step > UINT16_MAX)
			return dt_set_error(pcb, st->line, st->col,
					    "lquantize( ) argument #3 must be "
					    "a 16-bit quantity");
	}
	levels = (limit - base) / step;
	if (levels == 0)
		return dt_set_error(pcb, f->line, f->col, "lquantize( ) step "
				    "(argument #3) too large: must have at "
				    "least one quantization level");
	if (levels > UINT16_MAX)
		return dt_set_error(pcb, f->line, f->col, "lquantize( ) step "
				    "(argument #3) too small: number of "
				    "quantization levels must be a 16-bit "
				    "quantity");
	lq->lq_base = (dt_s32)base;
	lq->lq_step = (dt_u32)step;
	lq->lq_levels = (dt_u32)levels;
	return 0;
}

/*
 * llquantize(value, factor, low, high, nsteps): the constants checked as
 * illumos dt_compile_agg() does, with its wording.
 */
static int dt_llquantize_args(struct dt_pcb *pcb, struct dt_node *f,
			      struct dt_aggdesc *ll)
{
	static const char *const what[] = { "factor", "low magnitude",
		"high magnitude", "linear steps per magnitude" };
	struct dt_node *a = f->args->next;
	dt_u16 v[4];
	dt_u64 p, order;
	int i;

	for (i = 0; i < 4; i++, a = a->next) {
		if (dt_sema_expr(pcb, a) != 0)
			return -1;
		if (a->kind != DT_NODE_INT)
			return dt_set_error(pcb, a->line, a->col, "llquantize( ) "
					    "argument #%d (%s) must be an "
					    "integer constant", i + 1, what[i]);
		if ((dt_u64)a->value > UINT16_MAX)
			return dt_set_error(pcb, a->line, a->col, "llquantize( ) "
					    "argument #%d (%s) must be an "
					    "unsigned 16-bit quantity", i + 1,
					    what[i]);
		v[i] = (dt_u16)a->value;
	}
	if (v[0] < 2)
		return dt_set_error(pcb, f->line, f->col, "llquantize( ) factor "
				    "(argument #1) must be two or more");
	if (v[1] >= v[2])
		return dt_set_error(pcb, f->line, f->col, "llquantize( ) high "
				    "magnitude (argument #3) must be greater "
				    "than low magnitude (argument #2)");
	if (v[3] < v[0])
		return dt_set_error(pcb, f->line, f->col, "llquantize( ) factor "
				    "(argument #1) must be less than or equal "
				    "to the number of linear steps per "
				    "magnitude (argument #4)");
	for (p = v[0]; p < v[3]; p *= v[0])
		;
	if (v[3] % v[0] || p % v[3])
		return dt_set_error(pcb, f->line, f->col, "llquantize( ) factor "
				    "(argument #1) must evenly divide the "
				    "number of steps per magnitude (argument "
				    "#4), and the number of steps per "
				    "magnitude must evenly divide a power of "
				    "the factor");
	for (i = 0, order = 1; i <= v[2] + 1; i++) {
		if (order > UINT64_MAX / v[0])
			return dt_set_error(pcb, f->line, f->col, "llquantize( ) "
					    "factor (%d) raised to power of "
					    "high magnitude (%d) plus 1 "
					    "overflows 64-bits", v[0], v[2]);
		order *= v[0];
	}
	if (dtrace_llquantize_bucket(v[0], v[1], v[2], v[3], INT64_MAX) + 1 >
	    DTRACE_LLQUANTIZE_MAXBUCKETS)
		return dt_set_error(pcb, f->line, f->col, "llquantize( ) "
				    "needs more than %d buckets",
				    DTRACE_LLQUANTIZE_MAXBUCKETS);
	ll->llq_factor = v[0];
	ll->llq_low = v[1];
	ll->llq_high = v[2];
	ll->llq_nsteps = v[3];
	return 0;
}

/* The type key @i of aggregation @aggid was defined with. */
const struct dt_type *dt_aggkey(struct dt_pcb *pcb, int aggid, int i)
{
	return &pcb->aggkeys[aggid * DTRACE_MAX_AGGKEYS + i];
}

/*
 * The number of arguments of an aggregating function, worded as illumos
 * does; *@incr gets the position of the optional increment of the
 * quantize family (quantize(v, incr), lquantize(v, lo, hi, step, incr),
 * llquantize(v, f, lo, hi, n, incr)) if it is given, else 0.
 */
static int dt_agg_arity(struct dt_pcb *pcb, struct dt_node *f,
			const struct dt_fn *fn, int *incr)
{
	int argc = dt_node_count(f->args), want = fn->nargs, max;

	*incr = 0;
	switch (fn->code) {
	case DTRACE_AGG_QUANTIZE:
		max = 2;
		break;
	case DTRACE_AGG_LQUANTIZE:
		if (argc == 4)
			return 0;	/* with its step */
		max = 5;
		break;
	case DTRACE_AGG_LLQUANTIZE:
		max = 6;
		break;
	default:
		return dt_arity(pcb, f, want);
	}
	if (argc == max) {
		*incr = max;
		return 0;
	}
	return argc == want ? 0 : dt_proto_mismatch(pcb, f, argc, "", want);
}

/* The increment argument, as a value of its own. */
static int dt_agg_incr(struct dt_clause_ctx *cx, struct dt_stmt *s,
		       struct dt_node *f, int pos)
{
	struct dt_pcb *pcb = cx->pcb;
	struct dt_node *a = f->args;
	int i;

	for (i = 1; i < pos; i++)
		a = a->next;
	if (dt_sema_expr(pcb, a) != 0)
		return -1;
	if (!dt_is_int(a))
		return dt_set_error(pcb, a->line, a->col, "%s( ) argument #%d "
				    "is incompatible with prototype:\n"
				    "\tprototype: integer\n"
				    "\t argument: %s", f->str,
				    pos, a->type.name);
	s->incr = calloc(1, sizeof(*s->incr));
	if (s->incr == NULL)
		return dt_set_error(pcb, 0, 0, "out of memory");
	return dt_value_cg(cx, s->incr, a);
}

/*
 * A key written func(pc), sym(pc), mod(pc), usym(pc)...: the address,
 * printed as the function says.  Returns the format (0: a plain key),
 * rewriting @k into its typed argument, or -1.
 */
static int dt_key_fmt(struct dt_pcb *pcb, struct dt_node *k)
{
	const struct dt_fn *fn;
	struct dt_node *a;

	if (k->kind != DT_NODE_FUNC)
		return 0;
	fn = dt_fn_lookup(k->str);
	if (fn == NULL || !fn->fmt)
		return 0;
	if (dt_arity(pcb, k, 1) != 0)
		return -1;
	a = k->args;
	if (dt_sema_expr(pcb, a) != 0)
		return -1;
	if (!dt_is_scalar(a))
		return dt_set_error(pcb, a->line, a->col, "%s( ) argument #1 "
				    "is incompatible with prototype:\n"
				    "\tprototype: uintptr_t\n"
				    "\t argument: %s", k->str,
				    a->type.name);
	/* the key becomes its argument, as an unsigned 64-bit value */
	k->kind = DT_NODE_OP1;
	k->op = DT_OP_POS;
	k->left = a;
	k->args = NULL;
	k->type = dt_type_ulong;
	k->typed = 1;
	return fn->fmt;
}

/* What stack() and ustack() keys are called in messages. */
static const struct dt_type dt_type_stack = {
	.kind = DT_TK_VOID, .name = "stack"
};
static const struct dt_type dt_type_ustack = {
	.kind = DT_TK_VOID, .name = "ustack"
};

/*
 * A stack() or ustack() key: its frames, stored by the kernel as the
 * key itself (dif.h DIF_TYPE_STACK).  Returns 1 for such a key (type
 * and bytes set), 0 for any other key, -1 on error.
 */
static int dt_key_stack(struct dt_pcb *pcb, struct dt_node *k,
			dt_u32 *type, dt_u32 *bytes)
{
	const struct dt_fn *fn;
	dt_u64 frames;
	int user;

	if (k->kind != DT_NODE_FUNC)
		return 0;
	fn = dt_fn_lookup(k->str);
	if (fn == NULL || (fn->code != DT_STMT_STACK &&
			   fn->code != DT_STMT_USTACK) ||
	    fn->cls != DT_FN_ACTION)
		return 0;
	user = fn->code == DT_STMT_USTACK;
	if (dt_stack_frames(pcb, k, user, &frames) != 0)
		return -1;
	*type = user ? DIF_TYPE_USTACK : DIF_TYPE_STACK;
	*bytes = (dt_u32)frames * 8;
	k->type = user ? dt_type_ustack : dt_type_stack;
	return 1;
}

int dt_aggregation(struct dt_clause_ctx *cx, struct dt_node *n)
{
	struct dt_pcb *pcb = cx->pcb;
	struct dt_program *pgm = pcb->pgm;
	struct dt_node *f = n->right, *k;
	const struct dt_fn *fn = NULL;
	struct dt_aggdesc *ad;
	struct dt_stmt *s;
	int i, nkeys = dt_node_count(n->args), aggid;
	struct dt_aggdesc lq;
	int incr, fmts[DTRACE_MAX_AGGKEYS + 1] = { 0 };
	struct dt_type *kt;
	dt_u32 ktype[DTRACE_MAX_AGGKEYS + 1], kbytes[DTRACE_MAX_AGGKEYS + 1];
	dt_u32 keysize = 0;

	for (i = 0, k = n->args; k != NULL; k = k->next, i++) {
		int j = i < DTRACE_MAX_AGGKEYS ? i : DTRACE_MAX_AGGKEYS;
		int kf = dt_key_stack(pcb, k, &ktype[j], &kbytes[j]);

		if (kf < 0)
			return -1;
		if (kf > 0) {
			keysize += kbytes[j];
			continue;
		}
		kf = dt_key_fmt(pcb, k);
		if (kf < 0)
			return -1;
		fmts[j] = kf;
		if (dt_sema_expr(pcb, k) != 0)
			return -1;
		if (dt_value_type(&k->type).kind == DT_TK_VOID)
			return dt_set_error(pcb, k->line, k->col, "%s "
					    "expression may not be used as an "
					    "aggregation key", k->type.name);
		ktype[j] = dt_is_strval(&k->type) ? DIF_TYPE_STRING :
			   DIF_TYPE_INT;
		kbytes[j] = ktype[j] == DIF_TYPE_STRING ? pcb->strsize : 8;
		keysize += kbytes[j];
	}
	if (keysize > DTRACE_MAX_RECSIZE)
		return dt_set_error(pcb, n->line, n->col, "@%s[ ] keys are too "
				    "large (limit %d bytes)", n->str,
				    DTRACE_MAX_RECSIZE);
	if (f->kind == DT_NODE_FUNC)
		fn = dt_fn_lookup(f->str);
	if (fn == NULL && f->kind == DT_NODE_FUNC)
		return dt_fn_undefined(pcb, f);
	if (fn == NULL || fn->cls != DT_FN_AGG)
		return dt_set_error(pcb, n->line, n->col, "@%s must be assigned "
				    "the result of an aggregating function",
				    n->str);
	if (dt_agg_arity(pcb, f, fn, &incr) != 0)
		return -1;
	memset(&lq, 0, sizeof(lq));
	if (fn->code == DTRACE_AGG_LQUANTIZE &&
	    dt_lquantize_args(pcb, f, &lq) != 0)
		return -1;
	if (fn->code == DTRACE_AGG_LLQUANTIZE &&
	    dt_llquantize_args(pcb, f, &lq) != 0)
		return -1;
	if (f->args != NULL) {
		if (dt_sema_expr(pcb, f->args) != 0)
			return -1;
		if (!dt_is_scalar(f->args))
			return dt_set_error(pcb, f->args->line, f->args->col,
					    "%s( ) argument #1 is "
					    "incompatible with prototype:\n"
					    "\tprototype: integer\n"
					    "\t argument: %s", f->str,
					    f->args->type.name);
	}
	if (nkeys > DTRACE_MAX_AGGKEYS)
		return dt_set_error(pcb, n->line, n->col, "@%s has too many "
				    "keys (limit %d)", n->str,
				    DTRACE_MAX_AGGKEYS);

	/* The same aggregation must always be used the same way. */
	for (aggid = 0; aggid < pgm->naggs; aggid++)
		if (strcmp(pgm->aggs[aggid].name, n->str) == 0)
			break;
	if (aggid < pgm->naggs) {
		ad = &pgm->aggs[aggid];
		if (ad->fn != fn->code)
			return dt_set_error(pcb, f->line, f->col, "aggregation "
					    "redefined: @%s\n"
					    "\t current: @%s = %s( )\n"
					    "\tprevious: @%s = %s( )",
					    n->str, n->str, f->str, n->str,
					    dt_aggfn_name(ad->fn));
		if (ad->fn == DTRACE_AGG_LQUANTIZE &&
		    ad->lq_base != lq.lq_base)
			return dt_set_error(pcb, f->line, f->col, "lquantize( ) "
					    "base (argument #1) doesn't match "
					    "previous declaration: expected %d,"
					    " found %d", ad->lq_base,
					    lq.lq_base);
		if (ad->fn == DTRACE_AGG_LQUANTIZE &&
		    ad->lq_levels * ad->lq_step != lq.lq_levels * lq.lq_step)
			return dt_set_error(pcb, f->line, f->col, "lquantize( ) "
					    "limit (argument #2) doesn't match "
					    "previous declaration: expected %d,"
					    " found %d", (int)(ad->lq_base +
					    ad->lq_levels * ad->lq_step),
					    (int)(lq.lq_base + lq.lq_levels *
					    lq.lq_step));
		if (ad->fn == DTRACE_AGG_LQUANTIZE &&
		    ad->lq_step != lq.lq_step)
			return dt_set_error(pcb, f->line, f->col, "lquantize( ) "
					    "step (argument #3) doesn't match "
					    "previous declaration: expected %u,"
					    " found %u", ad->lq_step,
					    lq.lq_step);
		if (ad->fn == DTRACE_AGG_LLQUANTIZE) {
			static const char *const what[] = { "factor",
				"low magnitude", "high magnitude",
				"linear steps per magnitude" };
			int was[4] = { ad->llq_factor, ad->llq_low,
				       ad->llq_high, ad->llq_nsteps };
			int now[4] = { lq.llq_factor, lq.llq_low,
				       lq.llq_high, lq.llq_nsteps };

			for (i = 0; i < 4; i++)
				if (was[i] != now[i])
					return dt_set_error(pcb, f->line,
							    f->col, "llquantize"
							    "( ) %s (argument "
							    "#%d) doesn't match"
							    " previous "
							    "declaration: "
							    "expected %d, found"
							    " %d", what[i],
							    i + 1, was[i],
							    now[i]);
		}
		if (ad->nkeys != nkeys)
			return dt_set_error(pcb, n->line, n->col, "@%s[ ] "
					    "prototype mismatch: %d key%s "
					    "passed, %d expected", n->str,
					    nkeys, nkeys == 1 ? "" : "s",
					    ad->nkeys);
		for (i = 0, k = n->args; k != NULL; k = k->next, i++) {
			if (ktype[i] != ad->key_type[i] ||
			    kbytes[i] != ad->key_bytes[i])
				return dt_set_error(pcb, k->line, k->col,
						    "@%s[ ] key #%d is "
						    "incompatible with "
						    "prototype:\n"
						    "\tprototype: %s\n"
						    "\t      key: %s", n->str,
						    i + 1, dt_aggkey(pcb, aggid,
						    i)->name, k->type.name);
		}
	} else {
		if (pgm->naggs >= DTRACE_MAX_AGGS)
			return dt_set_error(pcb, n->line, n->col, "too many "
					    "aggregations (limit %d)",
					    DTRACE_MAX_AGGS);
		kt = realloc(pcb->aggkeys, (pgm->naggs + 1) *
			     DTRACE_MAX_AGGKEYS * sizeof(*kt));
		if (kt == NULL)
			return dt_set_error(pcb, 0, 0, "out of memory");
		pcb->aggkeys = kt;
		ad = realloc(pgm->aggs, (pgm->naggs + 1) * sizeof(*ad));
		if (ad == NULL)
			return dt_set_error(pcb, 0, 0, "out of memory");
		pgm->aggs = ad;
		ad = &pgm->aggs[pgm->naggs];
		memset(ad, 0, sizeof(*ad));
		ad->name = dt_strdup(pcb, n->str);
		pgm->naggs++;
		ad->fn = fn->code;
		ad->nkeys = nkeys;
		ad->lq_base = lq.lq_base;
		ad->lq_step = lq.lq_step;
		ad->lq_levels = lq.lq_levels;
		ad->llq_factor = lq.llq_factor;
		ad->llq_low = lq.llq_low;
		ad->llq_high = lq.llq_high;
		ad->llq_nsteps = lq.llq_nsteps;
		for (i = 0, k = n->args; k != NULL; k = k->next, i++) {
			kt[aggid * DTRACE_MAX_AGGKEYS + i] =
				ktype[i] >= DIF_TYPE_STACK ? k->type :
				dt_value_type(&k->type);
			ad->key_is_string[i] = ktype[i] == DIF_TYPE_STRING;
			ad->key_type[i] = ktype[i];
			ad->key_bytes[i] = kbytes[i];
		}
		ad->keysize = keysize;
	}

	s = dt_stmt_add(cx, DT_STMT_AGG, n);
	if (s == NULL)
		return -1;
	s->aggid = aggid;
	if (f->args != NULL) {
		s->vals = calloc(1, sizeof(*s->vals));
		if (s->vals == NULL)
			return dt_set_error(pcb, 0, 0, "out of memory");
		s->nvals = 1;
		if (dt_value_cg(cx, &s->vals[0], f->args) != 0)
			return -1;
	}
	if (incr && dt_agg_incr(cx, s, f, incr) != 0)
		return -1;
	if (nkeys > 0) {
		dt_u32 koff = 0;

		s->keys = calloc(nkeys, sizeof(*s->keys));
		if (s->keys == NULL)
			return dt_set_error(pcb, 0, 0, "out of memory");
		for (i = 0, k = n->args; k != NULL; k = k->next, i++) {
			s->nkeys = i + 1;
			if (ktype[i] >= DIF_TYPE_STACK) {
				/* no code: the kernel stores the frames */
				s->keys[i].difo.rtype = ktype[i];
				s->keys[i].difo.rsize = kbytes[i];
				s->keys[i].size = (int)kbytes[i];
			} else if (dt_value_cg(cx, &s->keys[i], k) != 0) {
				return -1;
			}
			/* A key's offset is its place in the packed key. */
			s->keys[i].offset = koff;
			s->keys[i].fmt = fmts[i];
			koff += kbytes[i];
		}
	}
	return dt_count_action(cx, n);
}
