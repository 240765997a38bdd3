/* SPDX-License-Identifier: GPL-2.0 */
/* Parser helpers for declarations (dt_decl.c). */
#ifndef DT_DECL_H
#define DT_DECL_H

#include "dt_parse.h"

/* A DECL node: [scope] @type @ident [ @keys ]; */
struct dt_node *dt_decl_node(struct dt_pcb *pcb, int scope,
			     struct dt_node *type, struct dt_node *ident,
			     struct dt_node *keys);
/* "unsigned" + "long" -> one TYPE node "unsigned long". */
struct dt_node *dt_type_word(struct dt_pcb *pcb, struct dt_node *a,
			     struct dt_node *b);

/* struct/union (@is_union) @tag { @members }; also enum (kind changed). */
struct dt_node *dt_sou_node(struct dt_pcb *pcb, int is_union,
			    struct dt_node *tag, struct dt_node *members);
/* typedef @type @name; registers @name as a type name for the lexer. */
struct dt_node *dt_typedef_node(struct dt_pcb *pcb, struct dt_node *type,
				struct dt_node *name);
/* "struct foo" as a TYPE node. */
struct dt_node *dt_tag_type(struct dt_pcb *pcb, const char *kw,
			    struct dt_node *tag, int line, int col);
/* left.name / left->name */
struct dt_node *dt_member_node(struct dt_pcb *pcb, enum dt_op op,
			       struct dt_node *left, struct dt_node *name,
			       int line, int col);

#endif /* DT_DECL_H */
