// SPDX-License-Identifier: GPL-2.0
/*
 * printf() and printa() format checking, following illumos dt_printf.c:
 * every conversion (%% included) is numbered from 1, the format is
 * argument #1, a '*' width or precision consumes an integer argument,
 * a '%@' conversion takes the aggregation's value (printa() only), and
 * each other conversion must be given an argument of a type it can
 * print, with the prototypes of illumos' conversion table.  The consumer
 * formats the recorded values with the same format later.
 */
#include <stdio.h>
#include <string.h>
#include "dt_printf_check.h"
#include "dt_sema.h"
#include "dtrace_abi.h"

/* What a conversion accepts (illumos' pfcheck_* functions). */
enum dt_pfcheck {
	PFC_ADDR,	/* pointer or integer */
	PFC_CSI,	/* char, short or int */
	PFC_XINT,	/* any integer */
	PFC_TYPE,	/* an integer of exactly that size and signedness */
	PFC_SIZE,	/* an integer of that size (%hx, %lx, %llx) */
	PFC_STR,	/* a string, char array or char pointer */
	PFC_TIME,	/* a 64-bit integer */
	PFC_NEVER,	/* floats, wide chars, stacks: nothing D records */
	PFC_PCT,	/* %%: no argument */
};

static const struct dt_pfconv {
	const char *name;
	const char *proto;	/* for messages, as illumos words it */
	enum dt_pfcheck check;
	int size, is_signed;	/* PFC_TYPE, PFC_SIZE */
} dt_pfconvs[] = {
#define XINT "char, short, int, long, or long long"
#define CSI "char, short, or int"
#define FP "float, double, or long double"
#define ADDR "pointer or integer"
#define CSTR "char [] or string (or use stringof)"
	{ "a", ADDR, PFC_ADDR, 0, 0 },
	{ "A", "pointer or integer (with -p/-c) or _usymaddr (without "
	  "-p/-c)", PFC_ADDR, 0, 0 },
	{ "c", CSI, PFC_CSI, 0, 0 }, { "C", CSI, PFC_CSI, 0, 0 },
	{ "d", XINT, PFC_XINT, 0, 0 },
	{ "e", FP, PFC_NEVER, 0, 0 }, { "E", FP, PFC_NEVER, 0, 0 },
	{ "f", FP, PFC_NEVER, 0, 0 }, { "g", FP, PFC_NEVER, 0, 0 },
	{ "G", FP, PFC_NEVER, 0, 0 },
	/*
	 * %hh: not in illumos' table (it refuses %hhd), but the consumer
	 * prints it and D scripts use it; any integer, as %d.
	 */
	{ "hhd", "char", PFC_XINT, 0, 0 }, { "hhi", "char", PFC_XINT, 0, 0 },
	{ "hho", "char", PFC_XINT, 0, 0 }, { "hhu", "char", PFC_XINT, 0, 0 },
	{ "hhx", "char", PFC_XINT, 0, 0 }, { "hhX", "char", PFC_XINT, 0, 0 },
	{ "hd", "short", PFC_TYPE, 2, 1 }, { "hi", "short", PFC_TYPE, 2, 1 },
	{ "ho", "unsigned short", PFC_TYPE, 2, 0 },
	{ "hu", "unsigned short", PFC_TYPE, 2, 0 },
	{ "hx", "short", PFC_SIZE, 2, 0 }, { "hX", "short", PFC_SIZE, 2, 0 },
	{ "i", XINT, PFC_XINT, 0, 0 },
	{ "I", CSTR, PFC_STR, 0, 0 },
	{ "k", "stack", PFC_NEVER, 0, 0 },
	{ "lc", "int", PFC_TYPE, 4, 1 },
	{ "ld", "long", PFC_TYPE, 8, 1 }, { "li", "long", PFC_TYPE, 8, 1 },
	{ "lo", "unsigned long", PFC_TYPE, 8, 0 },
	{ "lu", "unsigned long", PFC_TYPE, 8, 0 },
	{ "ls", "wchar_t []", PFC_NEVER, 0, 0 },
	{ "lx", "long", PFC_SIZE, 8, 0 }, { "lX", "long", PFC_SIZE, 8, 0 },
	{ "lld", "long long", PFC_TYPE, 8, 1 },
	{ "lli", "long long", PFC_TYPE, 8, 1 },
	{ "llo", "unsigned long long", PFC_TYPE, 8, 0 },
	{ "llu", "unsigned long long", PFC_TYPE, 8, 0 },
	{ "llx", "long long", PFC_SIZE, 8, 0 },
	{ "llX", "long long", PFC_SIZE, 8, 0 },
	{ "Le", "long double", PFC_NEVER, 0, 0 },
	{ "LE", "long double", PFC_NEVER, 0, 0 },
	{ "Lf", "long double", PFC_NEVER, 0, 0 },
	{ "Lg", "long double", PFC_NEVER, 0, 0 },
	{ "LG", "long double", PFC_NEVER, 0, 0 },
	{ "o", XINT, PFC_XINT, 0, 0 },
	{ "p", ADDR, PFC_ADDR, 0, 0 },
	{ "P", "uint16_t", PFC_TYPE, 2, 0 },
	{ "s", CSTR, PFC_STR, 0, 0 }, { "S", CSTR, PFC_STR, 0, 0 },
	{ "T", "int64_t", PFC_TIME, 0, 0 },
	{ "u", XINT, PFC_XINT, 0, 0 },
	{ "wc", "int", PFC_TYPE, 4, 1 },
	{ "ws", "wchar_t []", PFC_NEVER, 0, 0 },
	{ "x", XINT, PFC_XINT, 0, 0 }, { "X", XINT, PFC_XINT, 0, 0 },
	{ "Y", "int64_t", PFC_TIME, 0, 0 },
	{ "%", "void", PFC_PCT, 0, 0 },
#undef XINT
#undef CSI
#undef FP
#undef ADDR
#undef CSTR
};

static const struct dt_pfconv *dt_pfconv_lookup(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(dt_pfconvs) / sizeof(dt_pfconvs[0]); i++)
		if (strcmp(dt_pfconvs[i].name, name) == 0)
			return &dt_pfconvs[i];
	return NULL;
}

/* Can conversion @pc print a value of type @t? */
static int dt_pf_accepts(const struct dt_pfconv *pc, const struct dt_type *t)
{
	int is_int = t->kind == DT_TK_INT;

	switch (pc->check) {
	case PFC_ADDR:
		return is_int || t->kind == DT_TK_PTR;
	case PFC_CSI:
		return is_int && t->size <= 4;
	case PFC_XINT:
		return is_int;
	case PFC_TYPE:
		return is_int && t->size == pc->size &&
		       t->is_signed == pc->is_signed;
	case PFC_SIZE:
		return is_int && t->size == pc->size;
	case PFC_STR:
		return dt_is_strlike(t);
	case PFC_TIME:
		return is_int && t->size == 8;
	default:
		return 0;
	}
}

static int dt_pf_mismatch(struct dt_pcb *pcb, const char *func,
			  struct dt_node *a, const char *vname, int conv,
			  const char *name, const char *proto)
{
	return dt_set_error(pcb, a->line, a->col, "%s( ) %s is incompatible "
			    "with conversion #%d prototype:\n"
			    "\tconversion: %%%s\n"
			    "\t prototype: %s\n"
			    "\t  argument: %s",
			    func, vname, conv, name, proto, a->type.name);
}

/*
 * The conversion at *@pp (just after its '%'): its flags, the number of
 * '*' arguments in *@ndyn, '@' in *@agg, and its name.  Returns the
 * conversion or NULL with the error set, as dt_printf_create() words it.
 */
static const struct dt_pfconv *dt_pf_parse(struct dt_pcb *pcb,
					   struct dt_node *fmtn, int conv,
					   const char **pp, int *ndyn,
					   int *agg, char *name)
{
	const char *p = *pp;
	int dot = 0, dynw = 0, dynp = 0, flags = 0, namelen = 0;
	const struct dt_pfconv *pc;

	for (;; p++) {
		if (*p >= '0' && *p <= '9') {
			while (p[1] >= '0' && p[1] <= '9')
				p++;
			continue;
		}
		switch (*p) {
		case '#': case '+': case '-': case '?': case '\'': case ' ':
			flags++;
			continue;
		case '@':
			*agg = 1;
			flags++;
			continue;
		case '*':
			if (dot ? dynp++ : dynw++) {
				/* illumos always says "precision" here */
				dt_set_error(pcb, fmtn->line, fmtn->col, "format "
					     "conversion #%d has more than one "
					     "'*' specified for the output "
					     "precision", conv);
				return NULL;
			}
			continue;
		case '.':
			if (dot++) {
				dt_set_error(pcb, fmtn->line, fmtn->col, "format "
					     "conversion #%d has more than one "
					     "'.' specified", conv);
				return NULL;
			}
			continue;
		case '$':
			dt_set_error(pcb, fmtn->line, fmtn->col, "format "
				     "conversion #%d uses unsupported "
				     "positional format (%%n$)", conv);
			return NULL;
		case '%':
			if (p[-1] != '%') {
				dt_set_error(pcb, fmtn->line, fmtn->col, "format "
					     "conversion #%d cannot be combined "
					     "with other format flags: %%%%",
					     conv);
				return NULL;
			}
			break;
		case '\0':
			dt_set_error(pcb, fmtn->line, fmtn->col, "format "
				     "conversion #%d name expected before end "
				     "of format string", conv);
			return NULL;
		case 'h': case 'l': case 'L': case 'w':
			if (namelen < 6)
				name[namelen++] = *p;
			continue;
		default:
			break;
		}
		break;
	}
	name[namelen++] = *p;
	name[namelen] = '\0';
	*pp = p + 1;
	*ndyn = dynw + dynp;
	(void)flags;
	pc = dt_pfconv_lookup(name);
	if (pc == NULL)
		dt_set_error(pcb, fmtn->line, fmtn->col, "format conversion #%d "
			     "is undefined: %%%s", conv, name);
	return pc;
}

/*
 * The checker for both printf() and printa(): @a are the values (for
 * printa(), the aggregation's keys), @aggval stands for the aggregation's
 * value (%@ conversions; NULL for printf) and @exact says that extra
 * values are an error.
 */
static int dt_pf_check(struct dt_pcb *pcb, const char *func,
		       struct dt_node *fmtn, struct dt_node *a,
		       struct dt_node *aggval, int exact, struct dt_node *call)
{
	const char *fmt = fmtn->str, *p;
	int conv = 0, argn = 2, nvals = dt_node_count(a);
	char name[8], vname[32];

	if (fmt[0] == '\0')
		return dt_set_error(pcb, fmtn->line, fmtn->col,
				    "%s( ) format string is empty", func);
	for (p = strchr(fmt, '%'); p != NULL; p = strchr(p, '%')) {
		const struct dt_pfconv *pc;
		int ndyn = 0, agg = 0, i;
		struct dt_node *v;

		conv++;
		p++;
		pc = dt_pf_parse(pcb, fmtn, conv, &p, &ndyn, &agg, name);
		if (pc == NULL)
			return -1;
		if (pc->check == PFC_PCT)
			continue;
		for (i = 0; i < ndyn; i++, argn++, a = a->next) {
			if (a == NULL)
				return dt_set_error(pcb, call->line, call->col,
					"%s( ) prototype mismatch: "
					"conversion #%d (%%%s) is missing a "
					"corresponding \"*\" argument",
					func, conv, name);
			snprintf(vname, sizeof(vname), "argument #%d", argn);
			if (a->type.kind != DT_TK_INT)
				return dt_pf_mismatch(pcb, func, a, vname, conv,
						      "*", "int");
		}
		if (agg && aggval == NULL)
			return dt_set_error(pcb, fmtn->line, fmtn->col, "%%@ "
					    "conversion requires an aggregation"
					    " and is not for use with %s( )",
					    func);
		if (agg) {
			v = aggval;
			snprintf(vname, sizeof(vname), "aggregating action");
		} else if (a == NULL) {
			return dt_set_error(pcb, call->line, call->col,
					    "%s( ) prototype mismatch: "
					    "conversion #%d (%%%s) is missing "
					    "a corresponding value argument",
					    func, conv, name);
		} else {
			v = a;
			snprintf(vname, sizeof(vname), "argument #%d", argn);
			a = a->next;
			argn++;
		}
		if (!dt_pf_accepts(pc, &v->type))
			return dt_pf_mismatch(pcb, func, v, vname, conv, name,
					      pc->proto);
	}
	if (a != NULL && exact)
		return dt_set_error(pcb, a->line, a->col, "%s( ) prototype "
				    "mismatch: only %d arguments required by "
				    "this format string", func, nvals -
				    dt_node_count(a));
	return 0;
}

int dt_printf_check(struct dt_pcb *pcb, struct dt_node *args,
		    struct dt_node *call)
{
	/* printf(), and system() and freopen() which format alike */
	return dt_pf_check(pcb, call->str, args, args->next, NULL, 1, call);
}

int dt_printa_check(struct dt_pcb *pcb, struct dt_node *fmt,
		    struct dt_node *call, const struct dt_aggdesc *ad,
		    const struct dt_type *keys)
{
	static const struct dt_type t_u64 = DT_INT_TYPE(8, 0, "uint64_t");
	static const struct dt_type t_s64 = DT_INT_TYPE(8, 1, "int64_t");
	struct dt_node kn[DTRACE_MAX_AGGKEYS], val;
	int i;

	/* stand-ins typed like the keys and value, placed at the format */
	memset(kn, 0, sizeof(kn));
	memset(&val, 0, sizeof(val));
	for (i = 0; i < ad->nkeys; i++) {
		kn[i].type = keys[i];
		kn[i].line = fmt->line;
		kn[i].col = fmt->col;
		kn[i].next = i + 1 < ad->nkeys ? &kn[i + 1] : NULL;
	}
	val.type = ad->fn == DTRACE_AGG_COUNT ? t_u64 : t_s64;
	val.line = fmt->line;
	val.col = fmt->col;
	return dt_pf_check(pcb, "printa", fmt, ad->nkeys ? kn : NULL, &val,
			   0, call);
}
