// SPDX-License-Identifier: GPL-2.0
/*
 * Semantic analysis: resolve identifiers, give every expression a type,
 * fold integer constants, check actions and aggregations, lay out each
 * clause's record and hand expressions to the code generator.  Clauses
 * and statements are processed in source order, so a global variable
 * exists from its first assignment onwards, as in DTrace.
 */
#include <stdlib.h>
#include <string.h>
#include "dt_parse.h"
#include "dt_cg.h"
#include "dt_printf_check.h"
#include "dtrace_abi.h"
#include "dtrace_aggcalc.h"

/* ---- builtin variables ---- */

static const struct dt_type t_pid = { DT_TK_INT, 4, 1, "pid_t" };
static const struct dt_type t_uid = { DT_TK_INT, 4, 0, "uid_t" };
static const struct dt_type t_gid = { DT_TK_INT, 4, 0, "gid_t" };
static const struct dt_type t_cpu = { DT_TK_INT, 4, 1, "processorid_t" };
static const struct dt_type t_u64 = { DT_TK_INT, 8, 0, "uint64_t" };
static const struct dt_type t_s64 = { DT_TK_INT, 8, 1, "int64_t" };
static const struct dt_type t_uint = { DT_TK_INT, 4, 0, "uint_t" };

static const struct dt_builtin {
	const char *name;
	int id;
	const struct dt_type *type;
} dt_builtins[] = {
	{ "pid", DIF_VAR_PID, &t_pid },
	{ "tid", DIF_VAR_TID, &t_pid },
	{ "ppid", DIF_VAR_PPID, &t_pid },
	{ "uid", DIF_VAR_UID, &t_uid },
	{ "gid", DIF_VAR_GID, &t_gid },
	{ "cpu", DIF_VAR_CPU, &t_cpu },
	{ "errno", DIF_VAR_ERRNO, &dt_type_int },
	{ "execname", DIF_VAR_EXECNAME, &dt_type_string },
	{ "timestamp", DIF_VAR_TIMESTAMP, &t_u64 },
	{ "vtimestamp", DIF_VAR_VTIMESTAMP, &t_u64 },
	{ "walltimestamp", DIF_VAR_WALLTIMESTAMP, &t_s64 },
	{ "epid", DIF_VAR_EPID, &t_uint },
	{ "id", DIF_VAR_ID, &t_uint },
	{ "probeprov", DIF_VAR_PROBEPROV, &dt_type_string },
	{ "probemod", DIF_VAR_PROBEMOD, &dt_type_string },
	{ "probefunc", DIF_VAR_PROBEFUNC, &dt_type_string },
	{ "probename", DIF_VAR_PROBENAME, &dt_type_string },
	{ "arg0", DIF_VAR_ARG0 + 0, &t_s64 },
	{ "arg1", DIF_VAR_ARG0 + 1, &t_s64 },
	{ "arg2", DIF_VAR_ARG0 + 2, &t_s64 },
	{ "arg3", DIF_VAR_ARG0 + 3, &t_s64 },
	{ "arg4", DIF_VAR_ARG0 + 4, &t_s64 },
	{ "arg5", DIF_VAR_ARG0 + 5, &t_s64 },
	{ "arg6", DIF_VAR_ARG0 + 6, &t_s64 },
	{ "arg7", DIF_VAR_ARG0 + 7, &t_s64 },
	{ "arg8", DIF_VAR_ARG0 + 8, &t_s64 },
	{ "arg9", DIF_VAR_ARG0 + 9, &t_s64 },
};

#define NBUILTINS (sizeof(dt_builtins) / sizeof(dt_builtins[0]))

static const struct dt_builtin *dt_builtin_lookup(const char *name)
{
	size_t i;

	for (i = 0; i < NBUILTINS; i++)
		if (strcmp(dt_builtins[i].name, name) == 0)
			return &dt_builtins[i];
	return NULL;
}

/* ---- functions ---- */

enum dt_fn_class { DT_FN_NONE, DT_FN_ACTION, DT_FN_AGG };

static const struct dt_fn {
	const char *name;
	enum dt_fn_class cls;
	int code;		/* dt_stmt_kind or DTRACE_AGG_* */
	int nargs;		/* -1: printf */
} dt_fns[] = {
	{ "trace", DT_FN_ACTION, DT_STMT_TRACE, 1 },
	{ "printf", DT_FN_ACTION, DT_STMT_PRINTF, -1 },
	{ "exit", DT_FN_ACTION, DT_STMT_EXIT, 1 },
	{ "count", DT_FN_AGG, DTRACE_AGG_COUNT, 0 },
	{ "sum", DT_FN_AGG, DTRACE_AGG_SUM, 1 },
	{ "min", DT_FN_AGG, DTRACE_AGG_MIN, 1 },
	{ "max", DT_FN_AGG, DTRACE_AGG_MAX, 1 },
	{ "avg", DT_FN_AGG, DTRACE_AGG_AVG, 1 },
	{ "quantize", DT_FN_AGG, DTRACE_AGG_QUANTIZE, 1 },
	{ "stddev", DT_FN_AGG, DTRACE_AGG_STDDEV, 1 },
	{ "lquantize", DT_FN_AGG, DTRACE_AGG_LQUANTIZE, 3 },	/* or 4 */
	{ "llquantize", DT_FN_AGG, DTRACE_AGG_LLQUANTIZE, 5 },
};

static const struct dt_fn *dt_fn_lookup(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(dt_fns) / sizeof(dt_fns[0]); i++)
		if (strcmp(dt_fns[i].name, name) == 0)
			return &dt_fns[i];
	return NULL;
}

static const char *dt_aggfn_name(int fn)
{
	size_t i;

	for (i = 0; i < sizeof(dt_fns) / sizeof(dt_fns[0]); i++)
		if (dt_fns[i].cls == DT_FN_AGG && dt_fns[i].code == fn)
			return dt_fns[i].name;
	return "?";
}

/* ---- subroutines (DIF_OP_CALL) ---- */

static const struct dt_type dt_type_u16 = { DT_TK_INT, 2, 0, "uint16_t" };
static const struct dt_type dt_type_u32 = { DT_TK_INT, 4, 0, "uint32_t" };
static const struct dt_type dt_type_u64 = { DT_TK_INT, 8, 0, "uint64_t" };
static const struct dt_type dt_type_size = { DT_TK_INT, 8, 0, "size_t" };

/*
 * Argument kinds: 's' string, 'S' string or integer (strtok's NULL to
 * continue), 'i' any integer.  Arguments past @min are optional.
 */
static const struct dt_subr {
	const char *name;
	int id;			/* DIF_SUBR_* */
	const struct dt_type *rtype;
	int min;
	const char *args;
	const char *proto;	/* for messages */
} dt_subrs[] = {
	{ "strlen", DIF_SUBR_STRLEN, &dt_type_size, 1, "s",
	  "size_t (const char *)" },
	{ "strjoin", DIF_SUBR_STRJOIN, &dt_type_string, 2, "ss",
	  "string (const char *, const char *)" },
	{ "substr", DIF_SUBR_SUBSTR, &dt_type_string, 2, "sii",
	  "string (const char *, int [, int])" },
	{ "index", DIF_SUBR_INDEX, &dt_type_int, 2, "ssi",
	  "int (const char *, const char * [, int])" },
	{ "rindex", DIF_SUBR_RINDEX, &dt_type_int, 2, "ssi",
	  "int (const char *, const char * [, int])" },
	{ "strchr", DIF_SUBR_STRCHR, &dt_type_string, 2, "si",
	  "string (const char *, char)" },
	{ "strrchr", DIF_SUBR_STRRCHR, &dt_type_string, 2, "si",
	  "string (const char *, char)" },
	{ "strstr", DIF_SUBR_STRSTR, &dt_type_string, 2, "ss",
	  "string (const char *, const char *)" },
	{ "strtok", DIF_SUBR_STRTOK, &dt_type_string, 2, "Ss",
	  "string (const char *, const char *)" },
	{ "basename", DIF_SUBR_BASENAME, &dt_type_string, 1, "s",
	  "string (const char *)" },
	{ "dirname", DIF_SUBR_DIRNAME, &dt_type_string, 1, "s",
	  "string (const char *)" },
	{ "lltostr", DIF_SUBR_LLTOSTR, &dt_type_string, 1, "ii",
	  "string (int64_t [, int])" },
	{ "toupper", DIF_SUBR_TOUPPER, &dt_type_string, 1, "s",
	  "string (const char *)" },
	{ "tolower", DIF_SUBR_TOLOWER, &dt_type_string, 1, "s",
	  "string (const char *)" },
	{ "htons", DIF_SUBR_HTONS, &dt_type_u16, 1, "i",
	  "uint16_t (uint16_t)" },
	{ "ntohs", DIF_SUBR_NTOHS, &dt_type_u16, 1, "i",
	  "uint16_t (uint16_t)" },
	{ "htonl", DIF_SUBR_HTONL, &dt_type_u32, 1, "i",
	  "uint32_t (uint32_t)" },
	{ "ntohl", DIF_SUBR_NTOHL, &dt_type_u32, 1, "i",
	  "uint32_t (uint32_t)" },
	{ "htonll", DIF_SUBR_HTONLL, &dt_type_u64, 1, "i",
	  "uint64_t (uint64_t)" },
	{ "ntohll", DIF_SUBR_NTOHLL, &dt_type_u64, 1, "i",
	  "uint64_t (uint64_t)" },
};

static const struct dt_subr *dt_subr_lookup(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(dt_subrs) / sizeof(dt_subrs[0]); i++)
		if (strcmp(dt_subrs[i].name, name) == 0)
			return &dt_subrs[i];
	return NULL;
}

static int dt_sema_expr(struct dt_pcb *pcb, struct dt_node *n);

/*
 * A subroutine call: check the arguments against the prototype, type
 * the node with the result type and remember the id in var_id for the
 * code generator.
 */
static int dt_sema_subr(struct dt_pcb *pcb, struct dt_node *n,
			const struct dt_subr *sr)
{
	int have = dt_node_count(n->args), max = (int)strlen(sr->args), i;
	struct dt_node *a;
	char k;

	if (have < sr->min || have > max)
		return dt_set_error(pcb, n->line, n->col, "%s( ) prototype "
				    "mismatch: too %s arguments (prototype: "
				    "%s)", n->str, have < sr->min ? "few" :
				    "many", sr->proto);
	n->has_effects = 0;
	for (a = n->args, i = 0; a != NULL; a = a->next, i++) {
		if (dt_sema_expr(pcb, a) != 0)
			return -1;
		n->has_effects |= a->has_effects;
		k = sr->args[i];
		if ((k == 's' && a->type.kind == DT_TK_STRING) ||
		    (k == 'i' && a->type.kind == DT_TK_INT) ||
		    (k == 'S' && a->type.kind != DT_TK_VOID))
			continue;
		return dt_set_error(pcb, a->line, a->col, "%s( ) argument #%d "
				    "is incompatible with prototype: "
				    "prototype: %s argument: %s", n->str,
				    i + 1, k == 'i' ? "integer" : "string",
				    a->type.name ? a->type.name : "void");
	}
	n->type = *sr->rtype;
	n->var_id = sr->id;
	return 0;
}

/* ---- types and constants ---- */

static struct dt_type dt_promote(struct dt_type t)
{
	return t.size < 4 ? dt_type_int : t;
}

/* C's usual arithmetic conversions on the width/signedness model. */
static struct dt_type dt_arith(struct dt_type a, struct dt_type b)
{
	a = dt_promote(a);
	b = dt_promote(b);
	if (a.size != b.size)
		return a.size > b.size ? a : b;
	if (a.is_signed == b.is_signed)
		return a;
	return a.is_signed ? b : a;
}

/* The canonical 64-bit form of @v as a value of type @t. */
static dt_u64 dt_cast(dt_u64 v, const struct dt_type *t)
{
	int bits = t->size * 8;
	dt_u64 m;

	if (t->kind != DT_TK_INT || bits >= 64)
		return v;
	m = ((dt_u64)1 << bits) - 1;
	v &= m;
	if (t->is_signed && (v >> (bits - 1)) & 1)
		v |= ~m;
	return v;
}

static int dt_is_int(const struct dt_node *n)
{
	return n->type.kind == DT_TK_INT;
}

static void dt_make_int(struct dt_node *n, dt_u64 v, struct dt_type t)
{
	n->kind = DT_NODE_INT;
	n->value = dt_cast(v, &t);
	n->type = t;
	n->left = n->right = n->cond = NULL;
}

static int dt_sema_expr(struct dt_pcb *pcb, struct dt_node *n);

static int dt_sema_var(struct dt_pcb *pcb, struct dt_node *n)
{
	const struct dt_builtin *b = dt_builtin_lookup(n->str);
	int i;

	if (b != NULL) {
		n->var_id = b->id;
		n->type = *b->type;
		return 0;
	}
	for (i = 0; i < pcb->nglobals; i++) {
		if (strcmp(pcb->globals[i].name, n->str) == 0) {
			n->var_id = DIF_VAR_OTHER_UBASE + i;
			n->type = pcb->globals[i].type;
			return 0;
		}
	}
	return dt_set_error(pcb, n->line, n->col, "undefined variable: %s",
			    n->str);
}

static int dt_sema_assign(struct dt_pcb *pcb, struct dt_node *n)
{
	struct dt_node *l = n->left;
	struct dt_global *g;
	int i;

	if (dt_sema_expr(pcb, n->right) != 0)
		return -1;
	if (l->kind != DT_NODE_VAR)
		return dt_set_error(pcb, n->line, n->col, "operator = requires "
				    "modifiable lvalue as an operand");
	if (dt_builtin_lookup(l->str) != NULL)
		return dt_set_error(pcb, l->line, l->col, "operator = can only "
				    "be applied to a writable variable: %s "
				    "is a built-in variable", l->str);
	if (n->right->type.kind != DT_TK_INT)
		return dt_set_error(pcb, n->line, n->col, "global variable %s: "
				    "only integer values can be assigned "
				    "(not %s)", l->str, n->right->type.name);
	for (i = 0; i < pcb->nglobals; i++)
		if (strcmp(pcb->globals[i].name, l->str) == 0)
			break;
	if (i == pcb->nglobals) {
		if (pcb->nglobals >= DTRACE_MAX_GLOBALS)
			return dt_set_error(pcb, l->line, l->col, "too many "
					    "global variables (limit %d)",
					    DTRACE_MAX_GLOBALS);
		g = realloc(pcb->globals, (i + 1) * sizeof(*g));
		if (g == NULL)
			return dt_set_error(pcb, 0, 0, "out of memory");
		pcb->globals = g;
		g[i].name = dt_strdup(pcb, l->str);
		g[i].type = dt_promote(n->right->type);
		pcb->nglobals++;
	}
	l->var_id = DIF_VAR_OTHER_UBASE + i;
	l->type = pcb->globals[i].type;
	n->type = l->type;
	n->has_effects = 1;
	return 0;
}

static int dt_incompatible(struct dt_pcb *pcb, struct dt_node *n)
{
	return dt_set_error(pcb, n->line, n->col,
			    "operands have incompatible types: \"%s\" %s \"%s\"",
			    n->left->type.name, dt_op_name(n->op),
			    n->right->type.name);
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
	default:
		return 0;
	}
	dt_make_int(n, r, n->type);
	return 0;
}

static int dt_sema_op2(struct dt_pcb *pcb, struct dt_node *n)
{
	struct dt_node *l = n->left, *r = n->right;
	struct dt_type ct;

	if (n->op == DT_OP_ASSIGN)
		return dt_sema_assign(pcb, n);
	if (dt_sema_expr(pcb, l) != 0 || dt_sema_expr(pcb, r) != 0)
		return -1;
	n->has_effects = l->has_effects || r->has_effects;

	switch (n->op) {
	case DT_OP_LT: case DT_OP_LE: case DT_OP_GT:
	case DT_OP_GE: case DT_OP_EQ: case DT_OP_NE:
		if (l->type.kind == DT_TK_STRING &&
		    r->type.kind == DT_TK_STRING) {
			n->type = dt_type_int;
			return 0;
		}
		if (!dt_is_int(l) || !dt_is_int(r))
			return dt_incompatible(pcb, n);
		n->type = dt_type_int;
		ct = dt_arith(l->type, r->type);
		break;
	case DT_OP_LAND:
	case DT_OP_LOR:
		if (!dt_is_int(l) || !dt_is_int(r))
			return dt_set_error(pcb, n->line, n->col, "operator %s "
					    "requires operands of scalar type",
					    dt_op_name(n->op));
		n->type = dt_type_int;
		ct = dt_type_int;
		break;
	case DT_OP_SHL:
	case DT_OP_SHR:
		if (!dt_is_int(l) || !dt_is_int(r))
			return dt_incompatible(pcb, n);
		n->type = ct = dt_promote(l->type);
		break;
	default:
		if (!dt_is_int(l) || !dt_is_int(r))
			return dt_incompatible(pcb, n);
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

	if (dt_sema_expr(pcb, l) != 0)
		return -1;
	n->has_effects = l->has_effects;
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
	if (!dt_is_int(c))
		return dt_set_error(pcb, c->line, c->col, "operator ?: "
				    "expression must be of scalar type");
	if (dt_is_int(l) && dt_is_int(r))
		n->type = dt_arith(l->type, r->type);
	else if (l->type.kind == DT_TK_STRING && r->type.kind == DT_TK_STRING)
		n->type = dt_type_string;
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

static int dt_sema_expr(struct dt_pcb *pcb, struct dt_node *n)
{
	const struct dt_fn *fn;

	switch (n->kind) {
	case DT_NODE_INT:
	case DT_NODE_STRING:
		return 0;
	case DT_NODE_VAR:
		return dt_sema_var(pcb, n);
	case DT_NODE_OP1:
		return dt_sema_op1(pcb, n);
	case DT_NODE_OP2:
		return dt_sema_op2(pcb, n);
	case DT_NODE_OP3:
		return dt_sema_op3(pcb, n);
	case DT_NODE_FUNC:
		if (dt_subr_lookup(n->str) != NULL)
			return dt_sema_subr(pcb, n, dt_subr_lookup(n->str));
		fn = dt_fn_lookup(n->str);
		if (fn == NULL)
			return dt_set_error(pcb, n->line, n->col,
					    "undefined function: %s", n->str);
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
				    "assignment", n->str);
	default:
		return dt_set_error(pcb, n->line, n->col,
				    "internal error: unexpected node");
	}
}

/* ---- clause construction ---- */

/* One DIFO to generate, or one side-effect expression, in source order. */
struct dt_item {
	struct dt_node *expr;
	struct dt_difo *out;	/* NULL: side effect only */
};

struct dt_clause_ctx {
	struct dt_pcb *pcb;
	struct dt_clause *cl;
	struct dt_item *items;
	int nitems, cap;
	dt_u32 off;		/* next record offset */
	int nactions;
};

static int dt_item_add(struct dt_clause_ctx *cx, struct dt_node *e,
		       struct dt_difo *out)
{
	if (cx->nitems == cx->cap) {
		int ncap = cx->cap ? cx->cap * 2 : 16;
		struct dt_item *p = realloc(cx->items, ncap * sizeof(*p));

		if (p == NULL)
			return dt_set_error(cx->pcb, 0, 0, "out of memory");
		cx->items = p;
		cx->cap = ncap;
	}
	cx->items[cx->nitems].expr = e;
	cx->items[cx->nitems].out = out;
	cx->nitems++;
	return 0;
}

static struct dt_stmt *dt_stmt_add(struct dt_clause_ctx *cx,
				   enum dt_stmt_kind kind, struct dt_node *n)
{
	struct dt_clause *cl = cx->cl;
	struct dt_stmt *s = realloc(cl->stmts, (cl->nstmts + 1) * sizeof(*s));

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

static void dt_value_init(struct dt_pcb *pcb, struct dt_value *v,
			  const struct dt_node *e)
{
	v->is_string = e->type.kind == DT_TK_STRING;
	v->is_signed = v->is_string ? 0 : e->type.is_signed;
	v->size = v->is_string ? (int)pcb->strsize : e->type.size;
}

/* Give a recorded value its place in the clause's record. */
static int dt_value_place(struct dt_clause_ctx *cx, struct dt_value *v,
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
	if (++cx->nactions > DTRACE_MAX_ACTIONS)
		return dt_set_error(cx->pcb, e->line, e->col, "too many "
				    "actions in one clause (limit %d)",
				    DTRACE_MAX_ACTIONS);
	return 0;
}

static int dt_arity(struct dt_pcb *pcb, struct dt_node *call, int want)
{
	int have = dt_node_count(call->args);

	if (have < want)
		return dt_set_error(pcb, call->line, call->col, "%s( ) prototype "
				    "mismatch: too few arguments", call->str);
	if (have > want)
		return dt_set_error(pcb, call->line, call->col, "%s( ) prototype "
				    "mismatch: too many arguments", call->str);
	return 0;
}

static int dt_action(struct dt_clause_ctx *cx, struct dt_node *call,
		     const struct dt_fn *fn)
{
	struct dt_pcb *pcb = cx->pcb;
	struct dt_node *a, *args = call->args;
	struct dt_stmt *s;
	int i, n;

	if (fn->nargs >= 0 && dt_arity(pcb, call, fn->nargs) != 0)
		return -1;
	if (fn->code == DT_STMT_PRINTF) {
		if (args == NULL)
			return dt_set_error(pcb, call->line, call->col,
					    "printf( ) prototype mismatch: too "
					    "few arguments");
		if (args->kind != DT_NODE_STRING)
			return dt_set_error(pcb, args->line, args->col,
					    "printf( ) argument #1 is "
					    "incompatible with prototype: "
					    "prototype: string constant "
					    "argument: %s",
					    dt_sema_expr(pcb, args) == 0 ?
					    args->type.name : "?");
		args = args->next;
	}
	for (a = args; a != NULL; a = a->next)
		if (dt_sema_expr(pcb, a) != 0)
			return -1;
	if (fn->code == DT_STMT_PRINTF &&
	    dt_printf_check(pcb, call->args, call) != 0)
		return -1;
	if (fn->code == DT_STMT_EXIT && !dt_is_int(args))
		return dt_set_error(pcb, args->line, args->col, "exit( ) argument "
				    "#1 is incompatible with prototype: "
				    "prototype: int argument: %s",
				    args->type.name);

	s = dt_stmt_add(cx, (enum dt_stmt_kind)fn->code, call);
	if (s == NULL)
		return -1;
	if (fn->code == DT_STMT_PRINTF) {
		s->fmt = dt_strdup(pcb, call->args->str);
	}
	n = dt_node_count(args);
	if (n > 0) {
		s->vals = calloc(n, sizeof(*s->vals));
		if (s->vals == NULL)
			return dt_set_error(pcb, 0, 0, "out of memory");
	}
	for (i = 0, a = args; a != NULL; a = a->next, i++) {
		s->nvals = i + 1;
		dt_value_init(pcb, &s->vals[i], a);
		if (dt_value_place(cx, &s->vals[i], a) != 0 ||
		    dt_item_add(cx, a, &s->vals[i].difo) != 0)
			return -1;
	}
	return 0;
}

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

static int dt_aggregation(struct dt_clause_ctx *cx, struct dt_node *n)
{
	struct dt_pcb *pcb = cx->pcb;
	struct dt_program *pgm = pcb->pgm;
	struct dt_node *f = n->right, *k;
	const struct dt_fn *fn = NULL;
	struct dt_aggdesc *ad;
	struct dt_stmt *s;
	int i, nkeys = dt_node_count(n->args), aggid;
	struct dt_aggdesc lq;

	for (k = n->args; k != NULL; k = k->next) {
		if (dt_sema_expr(pcb, k) != 0)
			return -1;
	}
	if (f->kind == DT_NODE_FUNC)
		fn = dt_fn_lookup(f->str);
	if (fn == NULL && f->kind == DT_NODE_FUNC)
		return dt_set_error(pcb, f->line, f->col,
				    "undefined function: %s", f->str);
	if (fn == NULL || fn->cls != DT_FN_AGG)
		return dt_set_error(pcb, n->line, n->col, "@%s must be assigned "
				    "the result of an aggregating function",
				    n->str);
	if ((fn->code != DTRACE_AGG_LQUANTIZE ||
	     dt_node_count(f->args) != 4) &&
	    dt_arity(pcb, f, fn->nargs) != 0)
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
		if (!dt_is_int(f->args))
			return dt_set_error(pcb, f->args->line, f->args->col,
					    "%s( ) argument #1 is incompatible "
					    "with prototype: prototype: "
					    "integer argument: %s", f->str,
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
					    "redefined: @%s current: @%s = "
					    "%s( ) previous: @%s = %s( )",
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
			int str = k->type.kind == DT_TK_STRING;

			if (str != ad->key_is_string[i])
				return dt_set_error(pcb, k->line, k->col,
						    "@%s[ ] key #%d is "
						    "incompatible with "
						    "prototype: prototype: %s "
						    "argument: %s", n->str,
						    i + 1, ad->key_is_string[i] ?
						    "string" : "integer",
						    k->type.name);
		}
	} else {
		if (pgm->naggs >= DTRACE_MAX_AGGS)
			return dt_set_error(pcb, n->line, n->col, "too many "
					    "aggregations (limit %d)",
					    DTRACE_MAX_AGGS);
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
			ad->key_is_string[i] = k->type.kind == DT_TK_STRING;
			ad->keysize += ad->key_is_string[i] ? pcb->strsize : 8;
		}
	}

	s = dt_stmt_add(cx, DT_STMT_AGG, n);
	if (s == NULL)
		return -1;
	s->aggid = aggid;
	/*
	 * Items are added in the order the kernel evaluates them
	 * (dtrace_firing.c: the value, then the keys), so that merged side
	 * effects run where the source puts them.
	 */
	if (f->args != NULL) {
		s->vals = calloc(1, sizeof(*s->vals));
		if (s->vals == NULL)
			return dt_set_error(pcb, 0, 0, "out of memory");
		s->nvals = 1;
		dt_value_init(pcb, &s->vals[0], f->args);
		if (dt_item_add(cx, f->args, &s->vals[0].difo) != 0)
			return -1;
	}
	if (nkeys > 0) {
		dt_u32 koff = 0;

		s->keys = calloc(nkeys, sizeof(*s->keys));
		if (s->keys == NULL)
			return dt_set_error(pcb, 0, 0, "out of memory");
		for (i = 0, k = n->args; k != NULL; k = k->next, i++) {
			s->nkeys = i + 1;
			dt_value_init(pcb, &s->keys[i], k);
			/* A key's offset is its place in the packed key. */
			s->keys[i].offset = koff;
			koff += s->keys[i].is_string ? pcb->strsize : 8;
			if (dt_item_add(cx, k, &s->keys[i].difo) != 0)
				return -1;
		}
	}
	if (++cx->nactions > DTRACE_MAX_ACTIONS)
		return dt_set_error(pcb, n->line, n->col, "too many actions in "
				    "one clause (limit %d)",
				    DTRACE_MAX_ACTIONS);
	return 0;
}

static int dt_statement(struct dt_clause_ctx *cx, struct dt_node *n)
{
	const struct dt_fn *fn;

	if (n->kind == DT_NODE_AGG)
		return dt_aggregation(cx, n);
	if (n->kind == DT_NODE_FUNC) {
		fn = dt_fn_lookup(n->str);
		if (fn != NULL && fn->cls == DT_FN_ACTION)
			return dt_action(cx, n, fn);
	}
	if (dt_sema_expr(cx->pcb, n) != 0)
		return -1;
	/* An expression without side effects does nothing. */
	return n->has_effects ? dt_item_add(cx, n, NULL) : 0;
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
					    "description \"%s\": too many "
					    "fields", n->str);
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

/* Generate every DIFO of the clause, merging side effects into them. */
static int dt_clause_cg(struct dt_clause_ctx *cx, struct dt_node *pred)
{
	struct dt_pcb *pcb = cx->pcb;
	struct dt_node **eff;
	int i, neff = 0, last = -1;
	int rc = 0;

	eff = calloc(cx->nitems + 1, sizeof(*eff));
	if (eff == NULL)
		return dt_set_error(pcb, 0, 0, "out of memory");
	for (i = 0; i < cx->nitems; i++)
		if (cx->items[i].out != NULL)
			last = i;

	for (i = 0; rc == 0 && i < cx->nitems; i++) {
		struct dt_item *it = &cx->items[i];
		int npost = 0;

		if (it->out == NULL) {
			if (last < 0 || i < last)
				eff[neff++] = it->expr;
			continue;
		}
		if (i == last) {
			/* Effects after the last value run after it. */
			int j;

			for (j = i + 1; j < cx->nitems; j++)
				eff[neff + npost++] = cx->items[j].expr;
		}
		rc = dt_cg_value(pcb, eff, neff, it->expr, eff + neff, npost,
				 it->out);
		neff = 0;
	}
	if (rc == 0 && (pred != NULL || (last < 0 && neff > 0))) {
		cx->cl->pred = calloc(1, sizeof(*cx->cl->pred));
		if (cx->cl->pred == NULL)
			rc = dt_set_error(pcb, 0, 0, "out of memory");
		else
			rc = dt_cg_pred(pcb, pred, eff, last < 0 ? neff : 0,
					cx->cl->pred);
	}
	free(eff);
	return rc;
}

static int dt_clause(struct dt_pcb *pcb, struct dt_node *cn)
{
	struct dt_program *pgm = pcb->pgm;
	struct dt_clause_ctx cx;
	struct dt_clause *cl;
	struct dt_node *n;
	int i, rc = -1;

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
	if (cn->cond != NULL) {
		if (dt_sema_expr(pcb, cn->cond) != 0)
			return -1;
		if (!dt_is_int(cn->cond))
			return dt_set_error(pcb, cn->cond->line, cn->cond->col,
					    "predicate result must be of "
					    "scalar type");
	}
	for (n = cn->left; n != NULL; n = n->next)
		if (dt_statement(&cx, n) != 0)
			goto out;
	cl->recsize = (cx.off + 7) & ~7u;
	rc = dt_clause_cg(&cx, cn->cond);
out:
	free(cx.items);
	return rc;
}

int dt_sema_program(struct dt_pcb *pcb)
{
	struct dt_node *cn;
	int i;

	for (cn = pcb->clauses; cn != NULL; cn = cn->next)
		if (dt_clause(pcb, cn) != 0)
			return -1;
	if (pcb->nglobals > 0) {
		pcb->pgm->vars = calloc(pcb->nglobals, sizeof(struct dt_var));
		if (pcb->pgm->vars == NULL)
			return dt_set_error(pcb, 0, 0, "out of memory");
		for (i = 0; i < pcb->nglobals; i++) {
			struct dt_var *v = &pcb->pgm->vars[i];

			v->name = pcb->globals[i].name;
			pcb->globals[i].name = NULL;
			v->id = DIF_VAR_OTHER_UBASE + i;
			v->scope = DTRACE_VSCOPE_GLOBAL;
			v->kind = DTRACE_VKIND_SCALAR;
			v->type = DIF_TYPE_INT;
			v->size = 8;
		}
		pcb->pgm->nvars = pcb->nglobals;
	}
	return 0;
}
