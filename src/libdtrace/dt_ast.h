/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The D abstract syntax tree.  The parser builds it, dt_sema.c gives every
 * expression node a type (and folds constants), dt_cg.c turns expressions
 * into DIF.  Nodes are allocated from the parse control block's arena and
 * freed all at once, so error paths never leak.
 */
#ifndef DT_AST_H
#define DT_AST_H

#include "dtrace_types.h"

struct dt_pcb;

enum dt_type_kind {
	DT_TK_VOID = 0,		/* not yet typed, or an action */
	DT_TK_INT,
	DT_TK_STRING,
	DT_TK_PTR,		/* 8-byte address of a ref */
	DT_TK_ARRAY,		/* nelems refs; its value is its address */
	DT_TK_SOU,		/* struct or union: only reached through memory */
};

struct dt_sou;

/*
 * A deliberately small type model: integer width and signedness, string,
 * pointers, arrays and the structs and unions a script declares (no CTF:
 * the kernel's own types are not known).  Names and referenced types
 * live as long as the compilation (static or pcb-owned).
 */
struct dt_type {
	enum dt_type_kind kind;
	int size;		/* integers: 1, 2, 4, 8; PTR 8; ARRAY all */
	int is_signed;
	const char *name;	/* for messages: "int", "pid_t", "char *" */
	const struct dt_type *ref;	/* PTR: pointee; ARRAY: element */
	int nelems;		/* ARRAY */
	struct dt_sou *sou;	/* SOU; size is sou->size once complete */
};

/* An integer type: size, signedness, name. */
#define DT_INT_TYPE(sz, sg, nm) \
	{ .kind = DT_TK_INT, .size = (sz), .is_signed = (sg), .name = (nm) }

/* A struct or union declared in the script. */
struct dt_member {
	const char *name;
	struct dt_type type;
	int offset;
};

struct dt_sou {
	const char *tag;	/* "foo" of struct foo */
	int is_union;
	int defined;		/* members known (else a forward reference) */
	int size, align;
	struct dt_member *members;
	int nmembers;
};

enum dt_node_kind {
	DT_NODE_INT,		/* integer constant: value */
	DT_NODE_STRING,		/* string literal: str */
	DT_NODE_VAR,		/* identifier: str; resolved to var_id */
	DT_NODE_OP1,		/* unary operator op on left */
	DT_NODE_OP2,		/* binary operator op on left, right */
	DT_NODE_OP3,		/* cond ? left : right */
	DT_NODE_FUNC,		/* call str(args) */
	DT_NODE_AGG,		/* @str[args] = right */
	DT_NODE_PSPEC,		/* probe description: str */
	DT_NODE_CLAUSE,		/* args: pspecs, cond: predicate, left: stmts */
	DT_NODE_INDEX,		/* left[args] (before sema: arrays) */
	DT_NODE_TYPE,		/* type name: str words, value = '*' count */
	DT_NODE_CAST,		/* (type) left; type set by sema */
	DT_NODE_SIZEOF,		/* sizeof left (expression or TYPE); with
				   str: offsetof(left, str) */
	DT_NODE_STRINGOF,	/* stringof left */
	DT_NODE_DECL,		/* [scope] type name[keys]; at file scope */
	DT_NODE_INLINE,		/* inline type name = left; and its uses */
	DT_NODE_MEMBER,		/* left.str (op DT_OP_DOT) or left->str */
	DT_NODE_SOU,		/* struct/union str { args: member DECLs } */
	DT_NODE_ENUM,		/* enum str { args: VARs, left: value } */
	DT_NODE_TYPEDEF,	/* typedef cond str */
	DT_NODE_ARGS,		/* args[left]: a probe argument */
};

enum dt_op {
	DT_OP_NONE = 0,
	/* unary */
	DT_OP_NEG, DT_OP_POS, DT_OP_BNOT, DT_OP_LNOT,
	/* binary */
	DT_OP_MUL, DT_OP_DIV, DT_OP_MOD, DT_OP_ADD, DT_OP_SUB,
	DT_OP_SHL, DT_OP_SHR,
	DT_OP_LT, DT_OP_LE, DT_OP_GT, DT_OP_GE, DT_OP_EQ, DT_OP_NE,
	DT_OP_BAND, DT_OP_XOR, DT_OP_BOR, DT_OP_LAND, DT_OP_LOR, DT_OP_LXOR,
	DT_OP_COMMA,
	DT_OP_ASSIGN,		/* aop: DT_OP_NONE for =, DT_OP_ADD for +=, ... */
	/* unary, on a variable */
	DT_OP_PREINC, DT_OP_PREDEC, DT_OP_POSTINC, DT_OP_POSTDEC,
	/* unary on memory; member access */
	DT_OP_DEREF, DT_OP_ADDROF, DT_OP_DOT, DT_OP_ARROW,
};

/* Variable scopes of VAR nodes (values of enum dtrace_vscope). */
#define DT_SCOPE_GLOBAL	0
#define DT_SCOPE_THREAD	1
#define DT_SCOPE_LOCAL	2

/* var_id values below DIF_VAR_OTHER_UBASE are builtins. */
struct dt_node {
	enum dt_node_kind kind;
	enum dt_op op;
	int line, col;		/* position of the token the node stands for */
	struct dt_type type;
	dt_u64 value;		/* INT: value, already cast to type */
	char *str;
	struct dt_node *left, *right, *cond;
	struct dt_node *args;	/* list linked through next */
	struct dt_node *next;
	int var_id;		/* VAR: variable id; FUNC: subroutine id */
	int scope;		/* VAR: DT_SCOPE_*; DECL: DT_SCOPE_* */
	enum dt_op aop;		/* ASSIGN: the arithmetic of a compound op */
	int has_effects;	/* contains an assignment */
	int typed;		/* dt_sema_expr() is done with it */
	int depth;		/* dt_node_check_depth(): 0 not yet, -1 busy */
	struct dt_node *arena_next;
};

struct dt_node *dt_node_new(struct dt_pcb *pcb, enum dt_node_kind kind,
			    int line, int col);
struct dt_node *dt_node_int(struct dt_pcb *pcb, dt_u64 value, int is_decimal,
			    const char *suffix, int line, int col);
struct dt_node *dt_node_str(struct dt_pcb *pcb, enum dt_node_kind kind,
			    char *str, int line, int col);
struct dt_node *dt_node_op1(struct dt_pcb *pcb, enum dt_op op,
			    struct dt_node *l, int line, int col);
struct dt_node *dt_node_op2(struct dt_pcb *pcb, enum dt_op op,
			    struct dt_node *l, struct dt_node *r,
			    int line, int col);
struct dt_node *dt_node_op3(struct dt_pcb *pcb, struct dt_node *c,
			    struct dt_node *l, struct dt_node *r,
			    int line, int col);
struct dt_node *dt_node_append(struct dt_node *list, struct dt_node *n);
int dt_node_count(const struct dt_node *list);
/*
 * The passes after parsing recurse on the tree: refuse expressions nested
 * deeper than DT_MAX_NESTING (operands, arguments, conditions) so that no
 * input can exhaust the stack.
 */
#define DT_MAX_NESTING	512
int dt_node_check_depth(struct dt_pcb *pcb);
void dt_node_free_all(struct dt_pcb *pcb);

const char *dt_op_name(enum dt_op op);

/* Predefined types. */
extern const struct dt_type dt_type_int, dt_type_uint, dt_type_long,
	dt_type_ulong, dt_type_string, dt_type_void;

/* Type names (dt_types.c). */
const struct dt_type *dt_type_lookup(const char *name);
/* Is @name a type name here (builtin or a typedef of the script)? */
int dt_is_typename(struct dt_pcb *pcb, const char *name);
/* A TYPE node (words, '*' count in value, dims in args) -> a type. */
int dt_type_resolve(struct dt_pcb *pcb, struct dt_node *tn,
		    struct dt_type *out);
dt_u64 dt_cast_value(dt_u64 v, const struct dt_type *t);
const struct dt_type *dt_type_copy(struct dt_pcb *pcb, const struct dt_type *t);
struct dt_type dt_type_ptr(struct dt_pcb *pcb, const struct dt_type *t);
struct dt_type dt_type_array(struct dt_pcb *pcb, const struct dt_type *t,
			     int n);
/* Bytes of a value of type @t in memory (strings: @strsize). */
int dt_type_size(const struct dt_type *t, dt_u32 strsize);
int dt_type_align(const struct dt_type *t);
struct dt_sou *dt_sou_find(struct dt_pcb *pcb, const char *tag, int is_union);
struct dt_sou *dt_sou_get(struct dt_pcb *pcb, const char *tag, int is_union);

#endif /* DT_AST_H */
