// SPDX-License-Identifier: GPL-2.0
/*
 * The D type names the compiler knows: C's integer types spelled with
 * keywords ("unsigned long long"), the fixed-width and system typedefs
 * illumos D predefines (uint64_t, pid_t, size_t, ...) and string.  Each
 * is a width and a signedness in the small type model of dt_ast.h (a
 * 64-bit LP64 target, as the kernel we trace).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dt_parse.h"

struct dt_pblob {
	struct dt_pblob *next;
	_Alignas(8) char data[];
};

void *dt_palloc(struct dt_pcb *pcb, size_t size)
{
	struct dt_pblob *b = calloc(1, sizeof(*b) + size);

	if (b == NULL) {
		dt_set_error(pcb, 0, 0, "out of memory");
		longjmp(pcb->jmp, 1);
	}
	b->next = pcb->pblobs;
	pcb->pblobs = b;
	return b->data;
}

const char *dt_pname(struct dt_pcb *pcb, const char *fmt, ...)
{
	va_list ap;
	char buf[256], *p;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	if ((size_t)n >= sizeof(buf))
		n = sizeof(buf) - 1;
	p = dt_palloc(pcb, n + 1);
	memcpy(p, buf, n);
	return p;
}

void dt_pfree_all(struct dt_pcb *pcb)
{
	struct dt_pblob *b, *next;

	for (b = pcb->pblobs; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	pcb->pblobs = NULL;
}

static const struct dt_type dt_types[] = {
	DT_INT_TYPE(1, 1, "char"),
	DT_INT_TYPE(1, 1, "signed char"),
	DT_INT_TYPE(1, 0, "unsigned char"),
	DT_INT_TYPE(2, 1, "short"),
	DT_INT_TYPE(2, 0, "unsigned short"),
	DT_INT_TYPE(4, 1, "int"),
	DT_INT_TYPE(4, 0, "unsigned int"),
	DT_INT_TYPE(8, 1, "long"),
	DT_INT_TYPE(8, 0, "unsigned long"),
	DT_INT_TYPE(8, 1, "long long"),
	DT_INT_TYPE(8, 0, "unsigned long long"),
	DT_INT_TYPE(1, 1, "int8_t"),
	DT_INT_TYPE(2, 1, "int16_t"),
	DT_INT_TYPE(4, 1, "int32_t"),
	DT_INT_TYPE(8, 1, "int64_t"),
	DT_INT_TYPE(1, 0, "uint8_t"),
	DT_INT_TYPE(2, 0, "uint16_t"),
	DT_INT_TYPE(4, 0, "uint32_t"),
	DT_INT_TYPE(8, 0, "uint64_t"),
	DT_INT_TYPE(8, 1, "intptr_t"),
	DT_INT_TYPE(8, 0, "uintptr_t"),
	DT_INT_TYPE(8, 1, "intmax_t"),
	DT_INT_TYPE(8, 0, "uintmax_t"),
	DT_INT_TYPE(8, 0, "size_t"),
	DT_INT_TYPE(8, 1, "ssize_t"),
	DT_INT_TYPE(8, 1, "ptrdiff_t"),
	DT_INT_TYPE(8, 1, "off_t"),
	DT_INT_TYPE(8, 1, "hrtime_t"),
	DT_INT_TYPE(4, 1, "pid_t"),
	DT_INT_TYPE(4, 0, "uid_t"),
	DT_INT_TYPE(4, 0, "gid_t"),
	DT_INT_TYPE(4, 1, "id_t"),
	DT_INT_TYPE(4, 1, "processorid_t"),
	DT_INT_TYPE(4, 0, "ipaddr_t"),
	DT_INT_TYPE(1, 0, "uchar_t"),
	DT_INT_TYPE(2, 0, "ushort_t"),
	DT_INT_TYPE(4, 0, "uint_t"),
	DT_INT_TYPE(8, 0, "ulong_t"),
	DT_INT_TYPE(8, 1, "longlong_t"),
	DT_INT_TYPE(8, 0, "u_longlong_t"),
	{ .kind = DT_TK_STRING, .name = "string" },
	{ .kind = DT_TK_VOID, .name = "void" },
};

#define DT_NTYPES (sizeof(dt_types) / sizeof(dt_types[0]))

const struct dt_type *dt_type_lookup(const char *name)
{
	size_t i;

	for (i = 0; i < DT_NTYPES; i++)
		if (strcmp(dt_types[i].name, name) == 0)
			return &dt_types[i];
	return NULL;
}

static struct dt_typedef *dt_typedef_find(struct dt_pcb *pcb,
					  const char *name)
{
	int i;

	for (i = 0; i < pcb->ntypedefs; i++)
		if (strcmp(pcb->typedefs[i].name, name) == 0)
			return &pcb->typedefs[i];
	return NULL;
}

int dt_is_typename(struct dt_pcb *pcb, const char *name)
{
	return dt_type_lookup(name) != NULL ||
	       dt_typedef_find(pcb, name) != NULL;
}

struct dt_sou *dt_sou_find(struct dt_pcb *pcb, const char *tag,
			   int is_union)
{
	int i;

	for (i = 0; i < pcb->nsous; i++)
		if (strcmp(pcb->sous[i]->tag, tag) == 0 &&
		    pcb->sous[i]->is_union == is_union)
			return pcb->sous[i];
	return NULL;
}

/* The struct or union @tag, made known (still undefined) if new. */
struct dt_sou *dt_sou_get(struct dt_pcb *pcb, const char *tag, int is_union)
{
	struct dt_sou *u = dt_sou_find(pcb, tag, is_union), **v;

	if (u != NULL)
		return u;
	v = realloc(pcb->sous, (pcb->nsous + 1) * sizeof(*v));
	if (v == NULL) {
		dt_set_error(pcb, 0, 0, "out of memory");
		longjmp(pcb->jmp, 1);
	}
	pcb->sous = v;
	u = dt_palloc(pcb, sizeof(*u));
	u->tag = dt_pname(pcb, "%s", tag);
	u->is_union = is_union;
	u->align = 1;
	v[pcb->nsous++] = u;
	return u;
}

const struct dt_type *dt_type_copy(struct dt_pcb *pcb, const struct dt_type *t)
{
	struct dt_type *c = dt_palloc(pcb, sizeof(*c));

	*c = *t;
	return c;
}

struct dt_type dt_type_ptr(struct dt_pcb *pcb, const struct dt_type *t)
{
	struct dt_type p = { .kind = DT_TK_PTR, .size = 8 };

	p.ref = dt_type_copy(pcb, t);
	p.name = dt_pname(pcb, "%s%s*", t->name,
			  t->kind == DT_TK_PTR ? "" : " ");
	return p;
}

struct dt_type dt_type_array(struct dt_pcb *pcb, const struct dt_type *t,
			     int n)
{
	struct dt_type a = { .kind = DT_TK_ARRAY };

	a.ref = dt_type_copy(pcb, t);
	a.nelems = n;
	a.size = n * dt_type_size(t, 0);
	a.name = dt_pname(pcb, "%s [%d]", t->name, n);
	return a;
}

int dt_type_size(const struct dt_type *t, dt_u32 strsize)
{
	switch (t->kind) {
	case DT_TK_INT:
	case DT_TK_PTR:
	case DT_TK_ARRAY:
		return t->size;
	case DT_TK_SOU:
		return t->sou->size;
	case DT_TK_STRING:
		return (int)strsize;
	default:
		return 0;
	}
}

int dt_type_align(const struct dt_type *t)
{
	switch (t->kind) {
	case DT_TK_INT:
	case DT_TK_PTR:
		return t->size;
	case DT_TK_ARRAY:
		return dt_type_align(t->ref);
	case DT_TK_SOU:
		return t->sou->align;
	default:
		return 1;
	}
}

/* struct/union/enum tag, a typedef name or a builtin: the base type. */
static int dt_type_base(struct dt_pcb *pcb, struct dt_node *tn,
			struct dt_type *out)
{
	const char *sp = strchr(tn->str, ' ');
	struct dt_typedef *td;
	struct dt_sou *u;

	if (sp != NULL && (strncmp(tn->str, "struct ", 7) == 0 ||
			   strncmp(tn->str, "union ", 6) == 0)) {
		int is_union = tn->str[0] == 'u';

		u = dt_sou_get(pcb, sp + 1, is_union);
		memset(out, 0, sizeof(*out));
		out->kind = DT_TK_SOU;
		out->sou = u;
		out->name = dt_pname(pcb, "%s", tn->str);
		return 1;
	}
	if (sp != NULL && strncmp(tn->str, "enum ", 5) == 0) {
		/* defined or not (illumos adds a forward tag), an int */
		*out = (struct dt_type)DT_INT_TYPE(4, 1, NULL);
		out->name = dt_pname(pcb, "%s", tn->str);
		return 1;
	}
	td = dt_typedef_find(pcb, tn->str);
	if (td != NULL) {
		if (!td->resolved)
			return dt_set_error(pcb, tn->line, tn->col, "typedef %s "
					    "is used before its declaration",
					    tn->str);
		*out = td->type;
		return 1;
	}
	return 0;
}

/*
 * A type written with keywords ("long unsigned int", "short int") in its
 * canonical spelling; *@out gets the type.  Returns -1 with illumos'
 * error for combinations C does not allow.
 */
int dt_type_resolve(struct dt_pcb *pcb, struct dt_node *tn,
		    struct dt_type *out)
{
	int nlong = 0, nshort = 0, nint = 0, nchar = 0, nsig = 0, nuns = 0;
	int nother = 0;
	char buf[128], *w, *save = NULL;
	const char *base;
	const struct dt_type *t;

	int nptr = (int)tn->value, rc;

	rc = dt_type_base(pcb, tn, out);
	if (rc < 0)
		return -1;
	if (rc > 0)
		goto pointers;
	snprintf(buf, sizeof(buf), "%s", tn->str);
	for (w = strtok_r(buf, " ", &save); w != NULL;
	     w = strtok_r(NULL, " ", &save)) {
		if (strcmp(w, "long") == 0)
			nlong++;
		else if (strcmp(w, "short") == 0)
			nshort++;
		else if (strcmp(w, "int") == 0)
			nint++;
		else if (strcmp(w, "char") == 0)
			nchar++;
		else if (strcmp(w, "signed") == 0)
			nsig++;
		else if (strcmp(w, "unsigned") == 0)
			nuns++;
		else
			nother++;
	}
	if (nother > 0) {
		/* a typedef name or "string": a single word */
		t = dt_type_lookup(tn->str);
		if (t == NULL || nlong + nshort + nint + nchar + nsig + nuns)
			goto bad;
		*out = *t;
		goto pointers;
	}
	if (nint > 1 || nchar > 1 || nsig + nuns > 1 || nlong > 2 ||
	    (nshort && (nlong || nchar)) || (nchar && (nlong || nint)))
		goto bad;
	if (nchar)
		base = nuns ? "unsigned char" : nsig ? "signed char" : "char";
	else if (nshort)
		base = nuns ? "unsigned short" : "short";
	else if (nlong == 2)
		base = nuns ? "unsigned long long" : "long long";
	else if (nlong == 1)
		base = nuns ? "unsigned long" : "long";
	else
		base = nuns ? "unsigned int" : "int";
	*out = *dt_type_lookup(base);
pointers:
	for (; nptr > 0; nptr--)
		*out = dt_type_ptr(pcb, out);
	return 0;
bad:
	return dt_set_error(pcb, tn->line, tn->col, "invalid type "
			    "combination: %s", tn->str);
}

/* The canonical 64-bit form of @v as a value of type @t. */
dt_u64 dt_cast_value(dt_u64 v, const struct dt_type *t)
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
