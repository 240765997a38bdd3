// SPDX-License-Identifier: GPL-2.0
/*
 * Declarations at file scope, inlines and pragmas.  Declarations are
 * checked in program order with the clauses (dt_sema_program), so a
 * declaration types a variable for every clause after it, as in illumos.
 * "#pragma D option name=value" lines are kept, in order, in
 * pgm->pragma_opts for the consumer to apply like -x options.
 */
#include <stdlib.h>
#include <string.h>
#include "dt_sema.h"
#include "dt_decl.h"
#include "dtrace_abi.h"

struct dt_node *dt_decl_node(struct dt_pcb *pcb, int scope,
			     struct dt_node *type, struct dt_node *ident,
			     struct dt_node *keys)
{
	struct dt_node *n = dt_node_new(pcb, DT_NODE_DECL, ident->line,
					ident->col);

	n->scope = scope;
	n->str = dt_strdup(pcb, ident->str);
	n->cond = type;
	n->args = keys;
	return n;
}

struct dt_node *dt_type_word(struct dt_pcb *pcb, struct dt_node *a,
			     struct dt_node *b)
{
	size_t la = strlen(a->str), lb = strlen(b->str);
	char *s = malloc(la + lb + 2);

	if (s == NULL) {
		dt_set_error(pcb, 0, 0, "out of memory");
		longjmp(pcb->jmp, 1);
	}
	memcpy(s, a->str, la);
	s[la] = ' ';
	memcpy(s + la + 1, b->str, lb + 1);
	free(a->str);
	a->str = s;
	return a;
}

static int dt_add_pragma_opt(struct dt_pcb *pcb, const char *w, size_t len)
{
	struct dt_program *pgm = pcb->pgm;
	char **v = realloc(pgm->pragma_opts,
			   (pgm->npragma_opts + 1) * sizeof(*v));

	if (v == NULL)
		return dt_set_error(pcb, 0, 0, "out of memory");
	pgm->pragma_opts = v;
	v[pgm->npragma_opts] = strndup(w, len);
	if (v[pgm->npragma_opts] == NULL)
		return dt_set_error(pcb, 0, 0, "out of memory");
	pgm->npragma_opts++;
	return 0;
}

/* The next blank-separated word of *@p: its start, length in *@len. */
static const char *dt_word(const char **p, size_t *len)
{
	const char *s = *p + strspn(*p, " \t\r\f\v");

	*len = strcspn(s, " \t\r\f\v");
	*p = s + *len;
	return *len ? s : NULL;
}

int dt_pragma(struct dt_pcb *pcb, const char *text, int line, int col)
{
	static const char *const ignored[] = { "attributes", "binding",
		"depends_on", "ident", "line", "error" };
	const char *p = text, *w;
	size_t len, i;
	int nopts = 0;

	w = dt_word(&p, &len);
	if (w == NULL || len != 1 || w[0] != 'D')
		return 0;	/* not a D pragma: ignored, as cpp would */
	w = dt_word(&p, &len);
	if (w == NULL)
		return dt_set_error(pcb, line, col, "malformed #pragma D "
				    "directive");
	if (len == 6 && strncmp(w, "option", 6) == 0) {
		while ((w = dt_word(&p, &len)) != NULL) {
			if (dt_add_pragma_opt(pcb, w, len) != 0)
				return -1;
			nopts++;
		}
		if (nopts == 0)
			return dt_set_error(pcb, line, col, "malformed "
					    "#pragma option <option=value>");
		return 0;
	}
	for (i = 0; i < sizeof(ignored) / sizeof(ignored[0]); i++)
		if (strlen(ignored[i]) == len && strncmp(w, ignored[i], len) == 0)
			return 0;
	return dt_set_error(pcb, line, col, "invalid control directive: "
			    "#pragma D %.*s", (int)len, w);
}

const struct dt_inline *dt_inline_find(struct dt_pcb *pcb, const char *name)
{
	int i;

	for (i = 0; i < pcb->ninlines; i++)
		if (strcmp(pcb->inlines[i].name, name) == 0)
			return &pcb->inlines[i];
	return NULL;
}

static int dt_same_type(const struct dt_type *a, const struct dt_type *b)
{
	if (a->kind == DT_TK_PTR && b->kind == DT_TK_PTR)
		return dt_same_type(a->ref, b->ref);
	if (a->kind == DT_TK_SOU && b->kind == DT_TK_SOU)
		return a->sou == b->sou;
	return a->kind == b->kind && (a->kind != DT_TK_INT ||
	       (a->size == b->size && a->is_signed == b->is_signed));
}

/* Is @n a name already taken by something other than a D variable? */
static int dt_name_taken(struct dt_pcb *pcb, const struct dt_node *n)
{
	int id;

	if (dt_inline_find(pcb, n->str) != NULL)
		return 1;
	return n->scope == DT_SCOPE_GLOBAL &&
	       dt_builtin_type(n->str, &id) != NULL;
}

static int dt_sema_inline(struct dt_pcb *pcb, struct dt_node *n,
			  const struct dt_type *t)
{
	struct dt_inline *in;
	struct dt_node *e = n->left;

	if (dt_sema_expr(pcb, e) != 0)
		return -1;
	if (!dt_assignable(t, e))
		return dt_set_error(pcb, e->line, e->col, "inline %s "
				    "definition uses incompatible types: "
				    "\"%s\" = \"%s\"", n->str, t->name,
				    e->type.name);
	in = realloc(pcb->inlines, (pcb->ninlines + 1) * sizeof(*in));
	if (in == NULL)
		return dt_set_error(pcb, 0, 0, "out of memory");
	pcb->inlines = in;
	in = &pcb->inlines[pcb->ninlines++];
	in->name = dt_strdup(pcb, n->str);
	in->type = *t;
	in->expr = e;
	return 0;
}

int dt_sema_decl(struct dt_pcb *pcb, struct dt_node *n)
{
	struct dt_type t, keys[DIF_MAX_TUPLE];
	struct dt_node *k;
	struct dt_uvar *v;
	int nkeys = 0, i;

	if (n->kind == DT_NODE_SOU || n->kind == DT_NODE_ENUM ||
	    n->kind == DT_NODE_TYPEDEF)
		return dt_sema_typedecl(pcb, n);
	if (dt_type_resolve(pcb, n->cond, &t) != 0)
		return -1;
	if (n->kind == DT_NODE_DECL && !dt_var_type_ok(&t))
		return dt_set_error(pcb, n->line, n->col, "cannot declare "
				    "variable %s of type %s: only integer, "
				    "pointer and string variables are "
				    "supported", n->str, t.name);
	for (k = n->args; k != NULL; k = k->next) {
		if (nkeys == DIF_MAX_TUPLE)
			return dt_set_error(pcb, k->line, k->col, "%s[ ] has too "
					    "many keys (limit %d)", n->str,
					    DIF_MAX_TUPLE);
		if (dt_type_resolve(pcb, k, &keys[nkeys++]) != 0)
			return -1;
		if (!dt_var_type_ok(&keys[nkeys - 1]))
			return dt_set_error(pcb, k->line, k->col, "%s[ ] key #%d "
					    "may not be of type %s", n->str,
					    nkeys, keys[nkeys - 1].name);
	}
	if (dt_name_taken(pcb, n))
		return dt_set_error(pcb, n->line, n->col, "identifier "
				    "redeclared: %s", n->str);
	if (n->kind == DT_NODE_INLINE) {
		if (dt_var_find(pcb, DT_SCOPE_GLOBAL, n->str) != NULL)
			return dt_set_error(pcb, n->line, n->col, "identifier "
					    "redeclared: %s", n->str);
		return dt_sema_inline(pcb, n, &t);
	}
	v = dt_var_find(pcb, n->scope, n->str);
	if (v != NULL && v->typed) {
		int same = dt_same_type(&v->type, &t) &&
			   v->is_array == (n->args != NULL) &&
			   v->nkeys == nkeys;

		for (i = 0; same && i < nkeys; i++)
			same = dt_same_type(&v->keys[i], &keys[i]);
		if (!same)
			return dt_set_error(pcb, n->line, n->col, "identifier "
					    "redeclared: %s", n->str);
		return 0;
	}
	if (v == NULL) {
		v = dt_var_add(pcb, n->scope, n->str, n->line, n->col);
		if (v == NULL)
			return -1;
	}
	v->typed = 1;
	v->type = t;
	v->is_array = n->args != NULL;
	v->nkeys = nkeys;
	memcpy(v->keys, keys, sizeof(keys));
	return 0;
}

/* ---- types: struct, union, enum, typedef ---- */

struct dt_node *dt_sou_node(struct dt_pcb *pcb, int is_union,
			    struct dt_node *tag, struct dt_node *members)
{
	struct dt_node *n = dt_node_new(pcb, DT_NODE_SOU, tag->line,
					tag->col);

	n->str = dt_strdup(pcb, tag->str);
	n->value = (dt_u64)is_union;
	n->args = members;
	return n;
}

struct dt_node *dt_typedef_node(struct dt_pcb *pcb, struct dt_node *type,
				struct dt_node *name)
{
	struct dt_node *n = dt_node_new(pcb, DT_NODE_TYPEDEF, name->line,
					name->col);
	struct dt_typedef *td;

	n->str = dt_strdup(pcb, name->str);
	n->cond = type;
	if (dt_is_typename(pcb, name->str))
		return n;	/* dt_sema_typedef() reports it */
	/* the lexer must know the name from here on */
	td = realloc(pcb->typedefs, (pcb->ntypedefs + 1) * sizeof(*td));
	if (td == NULL) {
		dt_set_error(pcb, 0, 0, "out of memory");
		longjmp(pcb->jmp, 1);
	}
	pcb->typedefs = td;
	td = &pcb->typedefs[pcb->ntypedefs++];
	memset(td, 0, sizeof(*td));
	td->name = dt_strdup(pcb, name->str);
	n->var_id = 1;	/* this node introduced the name */
	return n;
}

struct dt_node *dt_tag_type(struct dt_pcb *pcb, const char *kw,
			    struct dt_node *tag, int line, int col)
{
	struct dt_node *n = dt_node_new(pcb, DT_NODE_TYPE, line, col);

	n->str = dt_strdup(pcb, dt_pname(pcb, "%s %s", kw, tag->str));
	return n;
}

struct dt_node *dt_member_node(struct dt_pcb *pcb, enum dt_op op,
			       struct dt_node *left, struct dt_node *name,
			       int line, int col)
{
	struct dt_node *n = dt_node_new(pcb, DT_NODE_MEMBER, line, col);

	n->op = op;
	n->left = left;
	n->str = dt_strdup(pcb, name->str);
	return n;
}

/* Members laid out as C does: aligned in order, or all at 0 in a union. */
static int dt_sema_sou(struct dt_pcb *pcb, struct dt_node *n)
{
	const char *kw = n->value ? "union" : "struct";
	struct dt_sou *u = dt_sou_get(pcb, n->str, (int)n->value);
	struct dt_node *m, *o;
	struct dt_type t;
	int i = 0, off = 0, a, sz;

	if (u->defined)
		return dt_set_error(pcb, n->line, n->col, "type redeclared: "
				    "%s %s", kw, n->str);
	u->members = dt_palloc(pcb, dt_node_count(n->args) *
			       sizeof(*u->members));
	for (m = n->args; m != NULL; m = m->next) {
		for (o = n->args; o != m; o = o->next)
			if (strcmp(o->str, m->str) == 0)
				return dt_set_error(pcb, m->line, m->col,
						    "member %s redeclared",
						    m->str);
		if (dt_type_resolve(pcb, m->cond, &t) != 0)
			return -1;
		if (m->var_id) {
			if (m->value == 0 || m->value > 65536)
				return dt_set_error(pcb, m->line, m->col, "array "
						    "dimension of %s must be 1 "
						    ".. 65536", m->str);
			if (t.kind == DT_TK_VOID || (t.kind == DT_TK_SOU &&
						     !t.sou->defined))
				goto incomplete;
			t = dt_type_array(pcb, &t, (int)m->value);
		}
		if (t.kind == DT_TK_VOID || t.kind == DT_TK_STRING ||
		    (t.kind == DT_TK_SOU && !t.sou->defined))
			goto incomplete;
		a = dt_type_align(&t);
		sz = dt_type_size(&t, pcb->strsize);
		if (!n->value)
			off = (off + a - 1) / a * a;
		u->members[i].name = dt_pname(pcb, "%s", m->str);
		u->members[i].type = t;
		u->members[i].offset = n->value ? 0 : off;
		i++;
		if (!n->value)
			off += sz;
		else if (sz > off)
			off = sz;
		if (a > u->align)
			u->align = a;
		if (off > DTRACE_MAX_RECSIZE)
			return dt_set_error(pcb, m->line, m->col, "%s %s is too "
					    "large", kw, n->str);
	}
	u->nmembers = i;
	u->size = (off + u->align - 1) / u->align * u->align;
	u->defined = 1;
	return 0;
incomplete:
	return dt_set_error(pcb, m->line, m->col, "member %s of %s %s has "
			    "incomplete type %s", m->str, kw, n->str, t.name);
}

/* Enumerators become constants of type "enum tag", as inlines. */
static int dt_sema_enum(struct dt_pcb *pcb, struct dt_node *n)
{
	struct dt_inline *in;
	struct dt_node *e, *c;
	struct dt_type t = DT_INT_TYPE(4, 1, NULL);
	dt_s64 v = 0;
	char **tags;
	int i, id;

	for (i = 0; i < pcb->nenums; i++)
		if (strcmp(pcb->enums[i], n->str) == 0)
			return dt_set_error(pcb, n->line, n->col, "type "
					    "redeclared: enum %s", n->str);
	tags = realloc(pcb->enums, (pcb->nenums + 1) * sizeof(*tags));
	if (tags == NULL)
		return dt_set_error(pcb, 0, 0, "out of memory");
	pcb->enums = tags;
	tags[pcb->nenums++] = dt_strdup(pcb, n->str);
	t.name = dt_pname(pcb, "enum %s", n->str);
	for (e = n->args; e != NULL; e = e->next) {
		if (e->left != NULL) {
			if (dt_sema_expr(pcb, e->left) != 0)
				return -1;
			if (e->left->kind != DT_NODE_INT)
				return dt_set_error(pcb, e->left->line,
						    e->left->col, "enumerator "
						    "%s must be assigned an "
						    "integral constant "
						    "expression", e->str);
			v = (dt_s64)e->left->value;
		}
		if (v < INT32_MIN || v > INT32_MAX)
			return dt_set_error(pcb, e->line, e->col, "enumerator %s "
					    "value %lld is out of range",
					    e->str, (long long)v);
		if (dt_inline_find(pcb, e->str) != NULL ||
		    dt_builtin_type(e->str, &id) != NULL ||
		    dt_var_find(pcb, DT_SCOPE_GLOBAL, e->str) != NULL)
			return dt_set_error(pcb, e->line, e->col, "identifier "
					    "redeclared: %s", e->str);
		c = dt_node_new(pcb, DT_NODE_INT, e->line, e->col);
		c->type = t;
		c->value = (dt_u64)v;
		in = realloc(pcb->inlines, (pcb->ninlines + 1) * sizeof(*in));
		if (in == NULL)
			return dt_set_error(pcb, 0, 0, "out of memory");
		pcb->inlines = in;
		in = &pcb->inlines[pcb->ninlines++];
		in->name = dt_strdup(pcb, e->str);
		in->type = t;
		in->expr = c;
		v++;
	}
	return 0;
}

static int dt_sema_typedef(struct dt_pcb *pcb, struct dt_node *n)
{
	struct dt_typedef *td = NULL;
	struct dt_type t;
	int i;

	if (!n->var_id)
		return dt_set_error(pcb, n->line, n->col, "identifier "
				    "redeclared: %s", n->str);
	if (dt_type_resolve(pcb, n->cond, &t) != 0)
		return -1;
	for (i = 0; i < pcb->ntypedefs; i++)
		if (strcmp(pcb->typedefs[i].name, n->str) == 0)
			td = &pcb->typedefs[i];
	td->type = t;
	/* messages name the type as the script does */
	td->type.name = dt_pname(pcb, "%s", n->str);
	td->resolved = 1;
	return 0;
}

int dt_sema_typedecl(struct dt_pcb *pcb, struct dt_node *n)
{
	switch (n->kind) {
	case DT_NODE_SOU:
		return dt_sema_sou(pcb, n);
	case DT_NODE_ENUM:
		return dt_sema_enum(pcb, n);
	default:
		return dt_sema_typedef(pcb, n);
	}
}
