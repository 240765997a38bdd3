// SPDX-License-Identifier: GPL-2.0
/*
 * The actions beyond trace/printf/exit and the aggregation ones:
 * speculation (speculate, commit, discard, with illumos' rules on what
 * may follow what in a clause), stack() and ustack() (return addresses
 * the kernel stores in the record), tracemem() (memory copied into the
 * record) and the destructive system() and freopen(), which format like
 * printf() for the consumer.
 */
#include <stdlib.h>
#include <string.h>
#include "dt_sema.h"
#include "dt_printf_check.h"
#include "dtrace_abi.h"

#define DT_STACKFRAMES	20	/* illumos' defaults: -x stackframes */
#define DT_USTACKFRAMES	100	/* and -x ustackframes */

int dt_place_bytes(struct dt_clause_ctx *cx, dt_u32 size, dt_u32 *off,
		   const struct dt_node *n)
{
	cx->off = (cx->off + 7) & ~7u;
	*off = cx->off;
	if (size > DTRACE_MAX_RECSIZE - cx->off)
		return dt_set_error(cx->pcb, n->line, n->col, "clause records "
				    "too much data (limit %d bytes)",
				    DTRACE_MAX_RECSIZE);
	cx->off += size;
	return 0;
}

/*
 * As illumos' dt_stmt_append(): commit() comes before any data-recording
 * action and aggregation of its clause, speculate() before any
 * data-recording action, and aggregations, destructive actions and exit()
 * never follow speculate().  Recording after speculate() goes to the
 * speculation, so it does not count as data-recording; neither do
 * assignments, discard() and destructive actions.
 */
int dt_stmt_order(struct dt_clause_ctx *cx, enum dt_stmt_kind kind,
		  const struct dt_node *n)
{
	struct dt_pcb *pcb = cx->pcb;
	int f = cx->cflags;

	switch (kind) {
	case DT_STMT_COMMIT:
		if (f & DT_CF_COMMIT)
			return dt_set_error(pcb, n->line, n->col, "commit( ) may "
					    "not follow commit( )");
		if (f & DT_CF_DATAREC)
			return dt_set_error(pcb, n->line, n->col, "commit( ) may "
					    "not follow data-recording "
					    "action(s)");
		/* the clause's record is in a speculation by then */
		if (f & DT_CF_SPECULATE)
			return dt_set_error(pcb, n->line, n->col, "commit( ) may "
					    "not follow speculate( )");
		cx->cflags |= DT_CF_COMMIT;
		return 0;
	case DT_STMT_SPECULATE:
		if (f & DT_CF_SPECULATE)
			return dt_set_error(pcb, n->line, n->col, "speculate( ) "
					    "may not follow speculate( )");
		if (f & DT_CF_COMMIT)
			return dt_set_error(pcb, n->line, n->col, "speculate( ) "
					    "may not follow commit( )");
		if (f & DT_CF_DATAREC)
			return dt_set_error(pcb, n->line, n->col, "speculate( ) "
					    "may not follow data-recording "
					    "action(s)");
		cx->cflags |= DT_CF_SPECULATE;
		return 0;
	case DT_STMT_AGG:
		if (f & DT_CF_COMMIT)
			return dt_set_error(pcb, n->line, n->col, "aggregating "
					    "actions may not follow commit( )");
		if (f & DT_CF_SPECULATE)
			return dt_set_error(pcb, n->line, n->col, "aggregating "
					    "actions may not follow "
					    "speculate( )");
		cx->cflags |= DT_CF_DATAREC;
		return 0;
	case DT_STMT_SYSTEM:
	case DT_STMT_FREOPEN:
		if (f & DT_CF_SPECULATE)
			return dt_set_error(pcb, n->line, n->col, "destructive "
					    "actions may not follow "
					    "speculate( )");
		/* they record their arguments, like printf() */
		if (f & DT_CF_COMMIT)
			return dt_set_error(pcb, n->line, n->col, "data-recording "
					    "actions may not follow commit( )");
		cx->cflags |= DT_CF_DATAREC;
		return 0;
	case DT_STMT_DIFEXPR:
	case DT_STMT_DISCARD:
		return 0;
	default:
		if (kind == DT_STMT_EXIT && (f & DT_CF_SPECULATE))
			return dt_set_error(pcb, n->line, n->col, "exit( ) may "
					    "not follow speculate( )");
		if (f & DT_CF_COMMIT)
			return dt_set_error(pcb, n->line, n->col, "data-recording "
					    "actions may not follow commit( )");
		if (!(f & DT_CF_SPECULATE))
			cx->cflags |= DT_CF_DATAREC;
		return 0;
	}
}

/* An integer constant argument > 0: stack() and tracemem() sizes. */
static int dt_posconst(struct dt_pcb *pcb, struct dt_node *call,
		       struct dt_node *a, int argn, const char *what,
		       dt_u64 *v)
{
	if (dt_sema_expr(pcb, a) != 0)
		return -1;
	if (a->kind != DT_NODE_INT || a->value == 0 ||
	    (a->type.is_signed && (dt_s64)a->value < 0))
		return dt_set_error(pcb, a->line, a->col, "%s( ) argument #%d "
				    "must be a non-zero positive %s", call->str,
				    argn, what);
	*v = a->value;
	return 0;
}

/* The frames of stack() and ustack(): as given, or -x stackframes. */
static dt_u64 dt_frames_default(struct dt_pcb *pcb, int user)
{
	const char *opt = user ? "ustackframes=" : "stackframes=";
	dt_u64 v = user ? DT_USTACKFRAMES : DT_STACKFRAMES;
	dt_u32 x = user ? pcb->ustackframes : pcb->stackframes;
	size_t n = strlen(opt);
	char *end;
	int i;

	if (x != 0)	/* -x stackframes=N */
		v = x;
	/* a "#pragma D option stackframes=N" of the program */
	for (i = 0; i < pcb->pgm->npragma_opts; i++) {
		const char *o = pcb->pgm->pragma_opts[i];

		if (strncmp(o, opt, n) == 0 && strtoull(o + n, &end, 0) > 0 &&
		    *end == '\0')
			v = strtoull(o + n, NULL, 0);
	}
	return v;
}

int dt_stack_frames(struct dt_pcb *pcb, struct dt_node *call, int user,
		    dt_u64 *frames)
{
	int argc = dt_node_count(call->args);
	dt_u64 strsize;

	if (argc > (user ? 2 : 1))
		return dt_proto_mismatch(pcb, call, argc, "at least ", 0);
	if (argc > 0) {
		if (dt_posconst(pcb, call, call->args, 1, "integer constant",
				frames) != 0)
			return -1;
	} else {
		*frames = dt_frames_default(pcb, user);
	}
	/* ustack()'s string space (for jstack) has no use here */
	if (argc > 1 && dt_posconst(pcb, call, call->args->next, 2,
				    "integer constant", &strsize) != 0)
		return -1;
	if (*frames > DTRACE_MAX_RECSIZE / 8)
		return dt_set_error(pcb, call->line, call->col, "clause records "
				    "too much data (limit %d bytes)",
				    DTRACE_MAX_RECSIZE);
	return 0;
}

static int dt_stack(struct dt_clause_ctx *cx, struct dt_node *call,
		    const struct dt_fn *fn)
{
	struct dt_pcb *pcb = cx->pcb;
	dt_u64 frames;
	struct dt_stmt *s;

	if (dt_stack_frames(pcb, call, fn->code == DT_STMT_USTACK,
			    &frames) != 0)
		return -1;
	s = dt_stmt_add(cx, (enum dt_stmt_kind)fn->code, call);
	if (s == NULL)
		return -1;
	s->size = (dt_u32)frames * 8;
	if (dt_place_bytes(cx, s->size, &s->offset, call) != 0)
		return -1;
	return dt_count_action(cx, call);
}

static int dt_tracemem(struct dt_clause_ctx *cx, struct dt_node *call)
{
	struct dt_pcb *pcb = cx->pcb;
	struct dt_node *addr = call->args;
	struct dt_stmt *s;
	dt_u64 size;

	if (dt_sema_expr(pcb, addr) != 0)
		return -1;
	if (!dt_is_scalar(addr))
		return dt_set_error(pcb, addr->line, addr->col, "tracemem( ) "
				    "argument #1 is incompatible with "
				    "prototype:\n"
				    "\tprototype: pointer or integer\n"
				    "\t argument: %s", addr->type.name);
	if (dt_posconst(pcb, call, addr->next, 2, "integral constant "
			"expression", &size) != 0)
		return -1;
	if (size > DTRACE_MAX_RECSIZE)
		return dt_set_error(pcb, call->line, call->col, "clause records "
				    "too much data (limit %d bytes)",
				    DTRACE_MAX_RECSIZE);
	s = dt_stmt_add(cx, DT_STMT_TRACEMEM, call);
	if (s == NULL)
		return -1;
	s->size = (dt_u32)size;
	s->vals = calloc(1, sizeof(*s->vals));
	if (s->vals == NULL)
		return dt_set_error(pcb, 0, 0, "out of memory");
	s->nvals = 1;
	if (dt_value_cg(cx, &s->vals[0], addr) != 0 ||
	    dt_place_bytes(cx, s->size, &s->offset, call) != 0)
		return -1;
	return dt_count_action(cx, call);
}

/* speculate(id), commit(id), discard(id): the id, no record bytes. */
static int dt_spec_action(struct dt_clause_ctx *cx, struct dt_node *call,
			  const struct dt_fn *fn)
{
	struct dt_pcb *pcb = cx->pcb;
	struct dt_node *id = call->args;
	struct dt_stmt *s;

	if (dt_sema_expr(pcb, id) != 0)
		return -1;
	if (!dt_is_int(id))
		return dt_set_error(pcb, id->line, id->col, "%s( ) argument "
				    "#1 is incompatible with prototype:\n"
				    "\tprototype: int\n"
				    "\t argument: %s", call->str,
				    id->type.name);
	s = dt_stmt_add(cx, (enum dt_stmt_kind)fn->code, call);
	if (s == NULL)
		return -1;
	s->vals = calloc(1, sizeof(*s->vals));
	if (s->vals == NULL)
		return dt_set_error(pcb, 0, 0, "out of memory");
	s->nvals = 1;
	if (dt_value_cg(cx, &s->vals[0], id) != 0)
		return -1;
	return dt_count_action(cx, call);
}

/* system() and freopen(): a format and values, like printf(). */
static int dt_printflike(struct dt_clause_ctx *cx, struct dt_node *call,
			 const struct dt_fn *fn)
{
	struct dt_pcb *pcb = cx->pcb;
	struct dt_node *a, *args = call->args;
	struct dt_stmt *s;
	int i, n;

	if (args == NULL)
		return dt_proto_mismatch(pcb, call, 0, "", 1);
	if (args->kind != DT_NODE_STRING)
		return dt_set_error(pcb, args->line, args->col, "%s( ) "
				    "argument #1 is incompatible with "
				    "prototype:\n"
				    "\tprototype: string constant\n"
				    "\t argument: %s",
				    call->str, dt_sema_expr(pcb, args) == 0 ?
				    args->type.name : "?");
	for (a = args->next; a != NULL; a = a->next)
		if (dt_sema_expr(pcb, a) != 0)
			return -1;
	if (dt_printf_check(pcb, args, call) != 0)
		return -1;
	s = dt_stmt_add(cx, (enum dt_stmt_kind)fn->code, call);
	if (s == NULL)
		return -1;
	s->fmt = dt_strdup(pcb, args->str);
	n = dt_node_count(args->next);
	if (n > 0) {
		s->vals = calloc(n, sizeof(*s->vals));
		if (s->vals == NULL)
			return dt_set_error(pcb, 0, 0, "out of memory");
	}
	for (i = 0, a = args->next; a != NULL; a = a->next, i++) {
		s->nvals = i + 1;
		if (dt_value_cg(cx, &s->vals[i], a) != 0 ||
		    dt_value_place(cx, &s->vals[i], a) != 0)
			return -1;
	}
	return 0;
}

int dt_other_action(struct dt_clause_ctx *cx, struct dt_node *call,
		    const struct dt_fn *fn)
{
	if (fn->nargs >= 0 && dt_arity(cx->pcb, call, fn->nargs) != 0)
		return -1;
	switch (fn->code) {
	case DT_STMT_STACK:
	case DT_STMT_USTACK:
		return dt_stack(cx, call, fn);
	case DT_STMT_TRACEMEM:
		return dt_tracemem(cx, call);
	case DT_STMT_SYSTEM:
	case DT_STMT_FREOPEN:
		return dt_printflike(cx, call, fn);
	default:
		return dt_spec_action(cx, call, fn);
	}
}
