// SPDX-License-Identifier: GPL-2.0
/*
 * printf() format checking, following illumos dt_printf.c: every
 * conversion (%% included) is numbered from 1, the format is argument #1,
 * a '*' width or precision consumes an integer argument, and each value
 * conversion must be given an argument of a type it can print.  The
 * consumer formats the recorded values with the same format later.
 */
#include <string.h>
#include "dt_printf_check.h"

enum dt_pfclass { PF_INT, PF_STR, PF_PTR, PF_FP, PF_UNSUPP, PF_UNDEF };

static enum dt_pfclass dt_pf_class(char c, const char **proto)
{
	switch (c) {
	case 'd': case 'i': case 'c':
		*proto = "int";
		return PF_INT;
	case 'u': case 'o': case 'x': case 'X':
		*proto = "unsigned int";
		return PF_INT;
	case 'p':
		*proto = "pointer or integer";
		return PF_PTR;
	case 's':
		*proto = "string";
		return PF_STR;
	case 'e': case 'E': case 'f': case 'g': case 'G':
		*proto = "float, double, or long double";
		return PF_FP;
	case 'a': case 'A': case 'k': case 'S': case 'C': case 'T':
	case 'Y': case 'I': case 'P':
		return PF_UNSUPP;
	default:
		return PF_UNDEF;
	}
}

static int dt_pf_mismatch(struct dt_pcb *pcb, struct dt_node *a, int argn,
			  int conv, const char *name, const char *proto)
{
	return dt_set_error(pcb, a->line, a->col, "printf( ) argument #%d is "
			    "incompatible with conversion #%d prototype: "
			    "conversion: %%%s prototype: %s argument: %s",
			    argn, conv, name, proto, a->type.name);
}

int dt_printf_check(struct dt_pcb *pcb, struct dt_node *args,
		    struct dt_node *call)
{
	const char *fmt = args->str, *p, *proto = "";
	struct dt_node *a = args->next;
	int conv = 0, argn = 2, nvals = dt_node_count(a);
	char name[8];

	if (fmt[0] == '\0')
		return dt_set_error(pcb, args->line, args->col,
				    "printf( ) format string is empty");
	for (p = strchr(fmt, '%'); p != NULL; p = strchr(p, '%')) {
		int dot = 0, namelen = 0, ndyn = 0, i;
		enum dt_pfclass cls;

		conv++;
		p++;
		if (*p == '%') {
			p++;
			continue;
		}
		/* flags, width, precision, size prefixes */
		for (;; p++) {
			if (strchr("-+ #0'", *p) != NULL && *p != '\0')
				continue;
			if (*p >= '1' && *p <= '9') {
				while (p[1] >= '0' && p[1] <= '9')
					p++;
				continue;
			}
			if (*p == '.') {
				if (dot++)
					return dt_set_error(pcb, args->line,
						args->col, "printf( ) format "
						"conversion #%d has more than "
						"one '.' specified", conv);
				continue;
			}
			if (*p == '*') {
				ndyn++;
				continue;
			}
			if (*p == '$')
				return dt_set_error(pcb, args->line, args->col,
					"printf( ) format conversion #%d uses "
					"unsupported positional format (%%n$)",
					conv);
			if (strchr("hlLwzjt", *p) != NULL && *p != '\0') {
				if (namelen < (int)sizeof(name) - 2)
					name[namelen++] = *p;
				continue;
			}
			break;
		}
		if (*p == '\0')
			return dt_set_error(pcb, args->line, args->col,
					    "printf( ) format conversion #%d "
					    "name expected before end of "
					    "format string", conv);
		name[namelen++] = *p;
		name[namelen] = '\0';
		cls = dt_pf_class(*p, &proto);
		p++;
		if (cls == PF_UNDEF)
			return dt_set_error(pcb, args->line, args->col,
					    "printf( ) format conversion #%d is "
					    "undefined: %%%s", conv, name);
		if (cls == PF_UNSUPP)
			return dt_set_error(pcb, args->line, args->col,
					    "printf( ) format conversion #%d "
					    "(%%%s) is not supported yet",
					    conv, name);
		for (i = 0; i < ndyn; i++, argn++, a = a->next) {
			if (a == NULL)
				return dt_set_error(pcb, call->line, call->col,
					"printf( ) prototype mismatch: "
					"conversion #%d (%%%s) is missing a "
					"corresponding \"*\" argument",
					conv, name);
			if (a->type.kind != DT_TK_INT)
				return dt_pf_mismatch(pcb, a, argn, conv, "*",
						      "int");
		}
		if (a == NULL)
			return dt_set_error(pcb, call->line, call->col,
					    "printf( ) prototype mismatch: "
					    "conversion #%d (%%%s) is missing "
					    "a corresponding value argument",
					    conv, name);
		if ((cls == PF_STR) != (a->type.kind == DT_TK_STRING) ||
		    cls == PF_FP)
			return dt_pf_mismatch(pcb, a, argn, conv, name, proto);
		a = a->next;
		argn++;
	}
	if (a != NULL)
		return dt_set_error(pcb, a->line, a->col, "printf( ) prototype "
				    "mismatch: only %d arguments required by "
				    "this format string", nvals -
				    dt_node_count(a));
	return 0;
}
