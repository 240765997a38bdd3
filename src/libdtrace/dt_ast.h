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
};

/* A deliberately small type model: integer width and signedness, or string. */
struct dt_type {
	enum dt_type_kind kind;
	int size;		/* integers: 1, 2, 4, 8 */
	int is_signed;
	const char *name;	/* for messages: "int", "pid_t", "string" */
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
};

enum dt_op {
	DT_OP_NONE = 0,
	/* unary */
	DT_OP_NEG, DT_OP_POS, DT_OP_BNOT, DT_OP_LNOT,
	/* binary */
	DT_OP_MUL, DT_OP_DIV, DT_OP_MOD, DT_OP_ADD, DT_OP_SUB,
	DT_OP_SHL, DT_OP_SHR,
	DT_OP_LT, DT_OP_LE, DT_OP_GT, DT_OP_GE, DT_OP_EQ, DT_OP_NE,
	DT_OP_BAND, DT_OP_XOR, DT_OP_BOR, DT_OP_LAND, DT_OP_LOR,
	DT_OP_ASSIGN,
};

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
	int var_id;		/* VAR */
	int has_effects;	/* contains an assignment */
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
void dt_node_free_all(struct dt_pcb *pcb);

const char *dt_op_name(enum dt_op op);

/* Predefined types. */
extern const struct dt_type dt_type_int, dt_type_uint, dt_type_long,
	dt_type_ulong, dt_type_string, dt_type_void;

#endif /* DT_AST_H */
