// SPDX-License-Identifier: GPL-2.0
/*
 * AST node construction.  Every node lives in the pcb's arena; running out
 * of memory records an error and unwinds to dt_compile() through pcb->jmp.
 */
#include <stdlib.h>
#include <string.h>
#include "dt_parse.h"

const struct dt_type dt_type_void = { DT_TK_VOID, 0, 0, "void", 0, 0, 0 };
const struct dt_type dt_type_int = { DT_TK_INT, 4, 1, "int", 0, 0, 0 };
const struct dt_type dt_type_uint = { DT_TK_INT, 4, 0, "unsigned int", 0, 0,
				      0 };
const struct dt_type dt_type_long = { DT_TK_INT, 8, 1, "long", 0, 0, 0 };
const struct dt_type dt_type_ulong = { DT_TK_INT, 8, 0, "unsigned long", 0,
				       0, 0 };
const struct dt_type dt_type_string = { DT_TK_STRING, 0, 0, "string", 0, 0,
					0 };

static void dt_oom(struct dt_pcb *pcb)
{
	dt_set_error(pcb, 0, 0, "out of memory");
	longjmp(pcb->jmp, 1);
}

void *dt_strdup(struct dt_pcb *pcb, const char *s)
{
	char *p = strdup(s);

	if (p == NULL)
		dt_oom(pcb);
	return p;
}

struct dt_node *dt_node_new(struct dt_pcb *pcb, enum dt_node_kind kind,
			    int line, int col)
{
	struct dt_node *n = calloc(1, sizeof(*n));

	if (n == NULL)
		dt_oom(pcb);
	n->kind = kind;
	n->line = line;
	n->col = col;
	n->type = dt_type_void;
	n->arena_next = pcb->arena;
	pcb->arena = n;
	return n;
}

/*
 * The type of an integer constant follows C (and illumos D): the first of
 * int, unsigned int, long, unsigned long that can hold the value, skipping
 * the unsigned types for decimal constants without a 'u' suffix and
 * starting at long with an 'l' suffix.  Returns NULL if nothing fits.
 */
struct dt_node *dt_node_int(struct dt_pcb *pcb, dt_u64 value, int is_decimal,
			    const char *suffix, int line, int col)
{
	static const struct {
		const struct dt_type *type;
		dt_u64 limit;
	} ints[] = {
		{ &dt_type_int, 0x7fffffffULL },
		{ &dt_type_uint, 0xffffffffULL },
		{ &dt_type_long, 0x7fffffffffffffffULL },
		{ &dt_type_ulong, ~0ULL },
	};
	int has_u = 0, i = 0, step;
	struct dt_node *n;
	const char *p;

	for (p = suffix; *p != '\0'; p++) {
		if (*p == 'u' || *p == 'U')
			has_u = 1;
		else if (*p == 'l' || *p == 'L')
			i = 2;
	}
	i += has_u;
	step = (is_decimal || has_u) ? 2 : 1;
	for (; i < 4; i += step) {
		if (value <= ints[i].limit) {
			n = dt_node_new(pcb, DT_NODE_INT, line, col);
			n->value = value;
			n->type = *ints[i].type;
			return n;
		}
	}
	return NULL;
}

struct dt_node *dt_node_str(struct dt_pcb *pcb, enum dt_node_kind kind,
			    char *str, int line, int col)
{
	struct dt_node *n = dt_node_new(pcb, kind, line, col);

	n->str = str;
	if (kind == DT_NODE_STRING)
		n->type = dt_type_string;
	return n;
}

struct dt_node *dt_node_op1(struct dt_pcb *pcb, enum dt_op op,
			    struct dt_node *l, int line, int col)
{
	struct dt_node *n = dt_node_new(pcb, DT_NODE_OP1, line, col);

	n->op = op;
	n->left = l;
	return n;
}

struct dt_node *dt_node_op2(struct dt_pcb *pcb, enum dt_op op,
			    struct dt_node *l, struct dt_node *r,
			    int line, int col)
{
	struct dt_node *n = dt_node_new(pcb, DT_NODE_OP2, line, col);

	n->op = op;
	n->left = l;
	n->right = r;
	return n;
}

struct dt_node *dt_node_op3(struct dt_pcb *pcb, struct dt_node *c,
			    struct dt_node *l, struct dt_node *r,
			    int line, int col)
{
	struct dt_node *n = dt_node_new(pcb, DT_NODE_OP3, line, col);

	n->cond = c;
	n->left = l;
	n->right = r;
	return n;
}

struct dt_node *dt_node_append(struct dt_node *list, struct dt_node *n)
{
	struct dt_node *p;

	if (list == NULL)
		return n;
	for (p = list; p->next != NULL; p = p->next)
		;
	p->next = n;
	return list;
}

int dt_node_count(const struct dt_node *list)
{
	int n = 0;

	for (; list != NULL; list = list->next)
		n++;
	return n;
}

/* One node being measured: the next child to look at, the deepest yet. */
struct dt_depth_frame {
	struct dt_node *n;
	struct dt_node *arg;	/* next argument, once stage reaches 3 */
	int stage;		/* 0 left, 1 right, 2 cond, 3 args */
	int max;
};

static struct dt_node *dt_depth_next(struct dt_depth_frame *f)
{
	struct dt_node *c = NULL;

	while (c == NULL && f->stage < 3) {
		switch (f->stage++) {
		case 0:
			c = f->n->left;
			break;
		case 1:
			c = f->n->right;
			break;
		default:
			c = f->n->cond;
			f->arg = f->n->args;
			break;
		}
	}
	if (c == NULL && f->arg != NULL) {
		c = f->arg;
		f->arg = c->next;
	}
	return c;
}

/*
 * The depth of every node, without recursion.  Clauses, statements and
 * argument lists are lists (next), which every pass walks with a loop,
 * so only the links below a node count.
 */
int dt_node_check_depth(struct dt_pcb *pcb)
{
	struct dt_depth_frame *stack = NULL;
	struct dt_node *root;
	size_t sp = 0, cap = 0;
	int rc = 0;

	for (root = pcb->arena; root != NULL && rc == 0;
	     root = root->arena_next) {
		struct dt_node *c = root;

		if (root->depth != 0)
			continue;
		for (;;) {
			if (c != NULL && c->depth == 0) {
				if (sp == cap) {
					struct dt_depth_frame *ns;

					cap = cap ? cap * 2 : 64;
					ns = realloc(stack, cap * sizeof(*ns));
					if (ns == NULL) {
						rc = dt_set_error(pcb, 0, 0,
							"out of memory");
						break;
					}
					stack = ns;
				}
				memset(&stack[sp], 0, sizeof(stack[sp]));
				stack[sp++].n = c;
				c->depth = -1;	/* busy: a cycle adds nothing */
			} else if (c != NULL && sp > 0 &&
				   c->depth > stack[sp - 1].max) {
				stack[sp - 1].max = c->depth;
			}
			if (sp == 0)
				break;
			c = dt_depth_next(&stack[sp - 1]);
			if (c != NULL)
				continue;
			c = stack[--sp].n;
			c->depth = stack[sp].max + 1;
			if (c->depth > DT_MAX_NESTING) {
				rc = dt_set_error(pcb, c->line, c->col,
					"expression too deeply nested (more "
					"than %d levels)", DT_MAX_NESTING);
				break;
			}
		}
		sp = 0;
	}
	free(stack);
	return rc;
}

void dt_node_free_all(struct dt_pcb *pcb)
{
	struct dt_node *n, *next;

	for (n = pcb->arena; n != NULL; n = next) {
		next = n->arena_next;
		free(n->str);
		free(n);
	}
	pcb->arena = NULL;
}

const char *dt_op_name(enum dt_op op)
{
	switch (op) {
	case DT_OP_NEG: case DT_OP_SUB: return "-";
	case DT_OP_POS: case DT_OP_ADD: return "+";
	case DT_OP_BNOT: return "~";
	case DT_OP_LNOT: return "!";
	case DT_OP_MUL: return "*";
	case DT_OP_DIV: return "/";
	case DT_OP_MOD: return "%";
	case DT_OP_SHL: return "<<";
	case DT_OP_SHR: return ">>";
	case DT_OP_LT: return "<";
	case DT_OP_LE: return "<=";
	case DT_OP_GT: return ">";
	case DT_OP_GE: return ">=";
	case DT_OP_EQ: return "==";
	case DT_OP_NE: return "!=";
	case DT_OP_BAND: return "&";
	case DT_OP_XOR: return "^";
	case DT_OP_BOR: return "|";
	case DT_OP_LAND: return "&&";
	case DT_OP_LOR: return "||";
	case DT_OP_LXOR: return "^^";
	case DT_OP_COMMA: return ",";
	case DT_OP_ASSIGN: return "=";
	case DT_OP_PREINC: case DT_OP_POSTINC: return "++";
	case DT_OP_PREDEC: case DT_OP_POSTDEC: return "--";
	case DT_OP_DEREF: return "*";
	case DT_OP_ADDROF: return "&";
	case DT_OP_DOT: return ".";
	case DT_OP_ARROW: return "->";
	default: return "?";
	}
}
