// SPDX-License-Identifier: GPL-2.0
/*
 * What D predefines: the builtin variables, the actions and aggregating
 * functions, and the subroutines with their prototypes (checked here
 * against a call's arguments, with illumos' messages).
 */
#include <string.h>
#include "dt_sema.h"
#include "dtrace_abi.h"

/* ---- builtin variables ---- */

static const struct dt_type t_pid = DT_INT_TYPE(4, 1, "pid_t");
static const struct dt_type t_uid = DT_INT_TYPE(4, 0, "uid_t");
static const struct dt_type t_gid = DT_INT_TYPE(4, 0, "gid_t");
static const struct dt_type t_cpu = DT_INT_TYPE(4, 1, "processorid_t");
static const struct dt_type t_u64 = DT_INT_TYPE(8, 0, "uint64_t");
static const struct dt_type t_s64 = DT_INT_TYPE(8, 1, "int64_t");
static const struct dt_type t_uint = DT_INT_TYPE(4, 0, "uint_t");

/*
 * curthread: a pointer to the current thread, whose type the compiler
 * cannot look into (no kernel type information): a struct with no
 * definition, so that "curthread->x" says so.
 */
static struct dt_sou kthread_sou = { .tag = "kthread" };
static const struct dt_type t_kthread = { .kind = DT_TK_SOU,
					  .name = "kthread_t",
					  .sou = &kthread_sou };
static const struct dt_type t_curthread = { .kind = DT_TK_PTR, .size = 8,
					    .name = "kthread_t *",
					    .ref = &t_kthread };

static const struct dt_builtin {
	const char *name;
	int id;
	const struct dt_type *type;
} dt_builtins[] = {
	{ "curthread", DIF_VAR_CURTHREAD, &t_curthread },
	{ "zonename", DIF_VAR_ZONENAME, &dt_type_string },
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

const struct dt_type *dt_builtin_type(const char *name, int *id)
{
	size_t i;

	for (i = 0; i < NBUILTINS; i++) {
		if (strcmp(dt_builtins[i].name, name) == 0) {
			*id = dt_builtins[i].id;
			return dt_builtins[i].type;
		}
	}
	return NULL;
}

/* ---- functions ---- */

static const struct dt_fn dt_fns[] = {
	{ "trace", DT_FN_ACTION, DT_STMT_TRACE, 1, 0 },
	{ "printf", DT_FN_ACTION, DT_STMT_PRINTF, -1, 0 },
	{ "exit", DT_FN_ACTION, DT_STMT_EXIT, 1, 0 },
	{ "printa", DT_FN_ACTION, DT_STMT_PRINTA, -1, 0 },
	{ "trunc", DT_FN_ACTION, DT_STMT_TRUNC, -1, 0 },
	{ "clear", DT_FN_ACTION, DT_STMT_CLEAR, 1, 0 },
	{ "normalize", DT_FN_ACTION, DT_STMT_NORMALIZE, 2, 0 },
	{ "denormalize", DT_FN_ACTION, DT_STMT_DENORMALIZE, 1, 0 },
	{ "setopt", DT_FN_ACTION, DT_STMT_SETOPT, -1, 0 },
	{ "speculate", DT_FN_ACTION, DT_STMT_SPECULATE, 1, 0 },
	{ "commit", DT_FN_ACTION, DT_STMT_COMMIT, 1, 0 },
	{ "discard", DT_FN_ACTION, DT_STMT_DISCARD, 1, 0 },
	{ "stack", DT_FN_ACTION, DT_STMT_STACK, -1, 0 },
	{ "ustack", DT_FN_ACTION, DT_STMT_USTACK, -1, 0 },
	{ "tracemem", DT_FN_ACTION, DT_STMT_TRACEMEM, 2, 0 },
	{ "system", DT_FN_ACTION, DT_STMT_SYSTEM, -1, 0 },
	{ "freopen", DT_FN_ACTION, DT_STMT_FREOPEN, -1, 0 },
	/* trace() of an address that prints as a symbol or module */
	{ "func", DT_FN_ACTION, DT_STMT_TRACE, 1, DT_VFMT_SYM },
	{ "sym", DT_FN_ACTION, DT_STMT_TRACE, 1, DT_VFMT_SYM },
	{ "mod", DT_FN_ACTION, DT_STMT_TRACE, 1, DT_VFMT_MOD },
	{ "uaddr", DT_FN_ACTION, DT_STMT_TRACE, 1, DT_VFMT_UADDR },
	{ "usym", DT_FN_ACTION, DT_STMT_TRACE, 1, DT_VFMT_USYM },
	{ "ufunc", DT_FN_ACTION, DT_STMT_TRACE, 1, DT_VFMT_USYM },
	{ "umod", DT_FN_ACTION, DT_STMT_TRACE, 1, DT_VFMT_UMOD },
	{ "count", DT_FN_AGG, DTRACE_AGG_COUNT, 0, 0 },
	{ "sum", DT_FN_AGG, DTRACE_AGG_SUM, 1, 0 },
	{ "min", DT_FN_AGG, DTRACE_AGG_MIN, 1, 0 },
	{ "max", DT_FN_AGG, DTRACE_AGG_MAX, 1, 0 },
	{ "avg", DT_FN_AGG, DTRACE_AGG_AVG, 1, 0 },
	{ "quantize", DT_FN_AGG, DTRACE_AGG_QUANTIZE, 1, 0 },
	{ "stddev", DT_FN_AGG, DTRACE_AGG_STDDEV, 1, 0 },
	{ "lquantize", DT_FN_AGG, DTRACE_AGG_LQUANTIZE, 3, 0 },	/* or 4 */
	{ "llquantize", DT_FN_AGG, DTRACE_AGG_LLQUANTIZE, 5, 0 },
};

const struct dt_fn *dt_fn_lookup(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(dt_fns) / sizeof(dt_fns[0]); i++)
		if (strcmp(dt_fns[i].name, name) == 0)
			return &dt_fns[i];
	return NULL;
}

/*
 * illumos' destructive actions that stop or change the system or the
 * traced process: not offered here (system() and freopen() are).
 */
static const char *const dt_unsupported[] = {
	"panic", "raise", "stop", "chill", "breakpoint", "copyout",
	"copyoutstr",
};

int dt_fn_undefined(struct dt_pcb *pcb, const struct dt_node *n)
{
	size_t i;

	for (i = 0; i < sizeof(dt_unsupported) / sizeof(dt_unsupported[0]);
	     i++)
		if (strcmp(dt_unsupported[i], n->str) == 0)
			return dt_set_error(pcb, n->line, n->col, "%s( ) is a "
					    "destructive action that DTrace "
					    "for Linux does not support",
					    n->str);
	return dt_set_error(pcb, n->line, n->col,
			    "undefined function name: %s", n->str);
}

const char *dt_aggfn_name(int fn)
{
	size_t i;

	for (i = 0; i < sizeof(dt_fns) / sizeof(dt_fns[0]); i++)
		if (dt_fns[i].cls == DT_FN_AGG && dt_fns[i].code == fn)
			return dt_fns[i].name;
	return "?";
}

/* ---- subroutines (DIF_OP_CALL) ---- */

static const struct dt_type dt_type_u16 = DT_INT_TYPE(2, 0, "uint16_t");
static const struct dt_type dt_type_u32 = DT_INT_TYPE(4, 0, "uint32_t");
static const struct dt_type dt_type_u64 = DT_INT_TYPE(8, 0, "uint64_t");
static const struct dt_type dt_type_sizet = DT_INT_TYPE(8, 0, "size_t");
static const struct dt_type dt_type_voidp = { .kind = DT_TK_PTR, .size = 8,
					      .name = "void *",
					      .ref = &dt_type_void };

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
	{ "strlen", DIF_SUBR_STRLEN, &dt_type_sizet, 1, "s",
	  "size_t(const char *)" },
	{ "strjoin", DIF_SUBR_STRJOIN, &dt_type_string, 2, "ss",
	  "string(const char *, const char *)" },
	{ "substr", DIF_SUBR_SUBSTR, &dt_type_string, 2, "sii",
	  "string(const char *, int [, int])" },
	{ "index", DIF_SUBR_INDEX, &dt_type_int, 2, "ssi",
	  "int(const char *, const char * [, int])" },
	{ "rindex", DIF_SUBR_RINDEX, &dt_type_int, 2, "ssi",
	  "int(const char *, const char * [, int])" },
	{ "strchr", DIF_SUBR_STRCHR, &dt_type_string, 2, "si",
	  "string(const char *, char)" },
	{ "strrchr", DIF_SUBR_STRRCHR, &dt_type_string, 2, "si",
	  "string(const char *, char)" },
	{ "strstr", DIF_SUBR_STRSTR, &dt_type_string, 2, "ss",
	  "string(const char *, const char *)" },
	{ "strtok", DIF_SUBR_STRTOK, &dt_type_string, 2, "Ss",
	  "string(const char *, const char *)" },
	{ "basename", DIF_SUBR_BASENAME, &dt_type_string, 1, "s",
	  "string(const char *)" },
	{ "dirname", DIF_SUBR_DIRNAME, &dt_type_string, 1, "s",
	  "string(const char *)" },
	{ "lltostr", DIF_SUBR_LLTOSTR, &dt_type_string, 1, "ii",
	  "string(int64_t [, int])" },
	{ "toupper", DIF_SUBR_TOUPPER, &dt_type_string, 1, "s",
	  "string(const char *)" },
	{ "tolower", DIF_SUBR_TOLOWER, &dt_type_string, 1, "s",
	  "string(const char *)" },
	{ "htons", DIF_SUBR_HTONS, &dt_type_u16, 1, "i",
	  "uint16_t(uint16_t)" },
	{ "ntohs", DIF_SUBR_NTOHS, &dt_type_u16, 1, "i",
	  "uint16_t(uint16_t)" },
	{ "htonl", DIF_SUBR_HTONL, &dt_type_u32, 1, "i",
	  "uint32_t(uint32_t)" },
	{ "ntohl", DIF_SUBR_NTOHL, &dt_type_u32, 1, "i",
	  "uint32_t(uint32_t)" },
	{ "htonll", DIF_SUBR_HTONLL, &dt_type_u64, 1, "i",
	  "uint64_t(uint64_t)" },
	{ "ntohll", DIF_SUBR_NTOHLL, &dt_type_u64, 1, "i",
	  "uint64_t(uint64_t)" },
	{ "copyin", DIF_SUBR_COPYIN, &dt_type_voidp, 2, "ii",
	  "void *(uintptr_t, size_t)" },
	{ "copyinstr", DIF_SUBR_COPYINSTR, &dt_type_string, 1, "ii",
	  "string(uintptr_t [, size_t])" },
	{ "copyinto", DIF_SUBR_COPYINTO, &dt_type_void, 3, "iii",
	  "void(uintptr_t, size_t, void *)" },
	{ "alloca", DIF_SUBR_ALLOCA, &dt_type_voidp, 1, "i",
	  "void *(size_t)" },
	{ "bcopy", DIF_SUBR_BCOPY, &dt_type_void, 3, "iii",
	  "void(void *, void *, size_t)" },
	{ "rand", DIF_SUBR_RAND, &dt_type_int, 0, "", "int(void)" },
	{ "speculation", DIF_SUBR_SPECULATION, &dt_type_int, 0, "",
	  "int(void)" },
	{ "progenyof", DIF_SUBR_PROGENYOF, &dt_type_int, 1, "i",
	  "int(pid_t)" },
	{ "inet_ntoa", DIF_SUBR_INET_NTOA, &dt_type_string, 1, "i",
	  "string(ipaddr_t *)" },
	{ "inet_ntoa6", DIF_SUBR_INET_NTOA6, &dt_type_string, 1, "i",
	  "string(in6_addr_t *)" },
	{ "inet_ntop", DIF_SUBR_INET_NTOP, &dt_type_string, 2, "ii",
	  "string(int, void *)" },
};

/* The type name of argument @i in prototype @proto: "size_t(int, [int])". */
static const char *dt_proto_arg(const char *proto, int i, char *buf,
				size_t len)
{
	const char *p = strchr(proto, '('), *e;
	size_t n;

	for (p++; i > 0 && p != NULL; i--) {
		p = strchr(p, ',');
		if (p != NULL)
			p++;
	}
	if (p == NULL)
		return "?";
	p += strspn(p, " [");
	e = p + strcspn(p, ",[])");
	while (e > p && e[-1] == ' ')
		e--;
	n = (size_t)(e - p) < len ? (size_t)(e - p) : len - 1;
	memcpy(buf, p, n);
	buf[n] = '\0';
	return buf;
}

static const struct dt_subr *dt_subr_lookup(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(dt_subrs) / sizeof(dt_subrs[0]); i++)
		if (strcmp(dt_subrs[i].name, name) == 0)
			return &dt_subrs[i];
	return NULL;
}

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
	char k, tn[32];

	/* as illumos words it, with "at least" when some are optional */
	if (have < sr->min || have > max)
		return dt_proto_mismatch(pcb, n, have, sr->min < max ?
					 "at least " : "", sr->min);
	n->has_effects = 0;
	for (a = n->args, i = 0; a != NULL; a = a->next, i++) {
		if (dt_sema_expr(pcb, a) != 0)
			return -1;
		n->has_effects |= a->has_effects;
		k = sr->args[i];
		if ((k == 's' && dt_is_strlike(&a->type)) ||
		    (k == 'i' && dt_is_scalar(a)) ||
		    (k == 'S' && a->type.kind != DT_TK_VOID))
			continue;
		return dt_set_error(pcb, a->line, a->col, "%s( ) argument #%d "
				    "is incompatible with prototype:\n"
				    "\tprototype: %s\n"
				    "\t argument: %s", n->str,
				    i + 1, dt_proto_arg(sr->proto, i, tn,
							sizeof(tn)),
				    a->type.name ? a->type.name : "void");
	}
	n->type = *sr->rtype;
	n->var_id = sr->id;
	return 0;
}

/* A call of subroutine @n->str, or 0 if it is not a subroutine. */
int dt_sema_call(struct dt_pcb *pcb, struct dt_node *n)
{
	const struct dt_subr *sr = dt_subr_lookup(n->str);

	if (sr == NULL)
		return 0;
	return dt_sema_subr(pcb, n, sr) == 0 ? 1 : -1;
}

