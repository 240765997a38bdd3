/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DIF disassembler, for dtrace -S and for debugging the code generator.
 * Output follows illumos dt_dis(): one "OFF OPCODE INSTRUCTION" line per
 * instruction, with the value of table references as a "!" comment.
 */
#ifndef DT_DIS_H
#define DT_DIS_H

#include <stdio.h>
#include "dif.h"

/* Mnemonic of @op ("add", "setx", ...), or NULL if @op is not an opcode. */
const char *dt_dis_opname(dt_u32 op);

/* D name of builtin variable @id ("timestamp", "args", ...), or NULL. */
const char *dt_dis_varname(dt_u32 id);

/*
 * Format instruction @pc of @dp (without the "OFF OPCODE" prefix and
 * without a newline) into @buf of @len bytes.  Safe on unverified
 * DIFOs: out-of-range table references are shown but not followed.
 */
void dt_dis_insn(const struct difo *dp, dt_u32 pc, char *buf, size_t len);

/* Disassemble all of @dp to @out. */
void dt_dis(const struct difo *dp, FILE *out);

#endif /* DT_DIS_H */
