// SPDX-License-Identifier: GPL-2.0
/*
 * DIF disassembler.  The layout follows illumos dt_dis() so that
 * listings look familiar:
 *
 *   OFF OPCODE      INSTRUCTION
 *   00: 25000001    setx DT_INTEGER[0], %r1          ! 0x3e8
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "dt_dis.h"

static const char *const dt_dis_ops[DIF_OP_MAX + 1] = {
	[DIF_OP_OR] = "or",		[DIF_OP_XOR] = "xor",
	[DIF_OP_AND] = "and",		[DIF_OP_SLL] = "sll",
	[DIF_OP_SRL] = "srl",		[DIF_OP_SUB] = "sub",
	[DIF_OP_ADD] = "add",		[DIF_OP_MUL] = "mul",
	[DIF_OP_SDIV] = "sdiv",		[DIF_OP_UDIV] = "udiv",
	[DIF_OP_SREM] = "srem",		[DIF_OP_UREM] = "urem",
	[DIF_OP_NOT] = "not",		[DIF_OP_MOV] = "mov",
	[DIF_OP_CMP] = "cmp",		[DIF_OP_TST] = "tst",
	[DIF_OP_BA] = "ba",		[DIF_OP_BE] = "be",
	[DIF_OP_BNE] = "bne",		[DIF_OP_BG] = "bg",
	[DIF_OP_BGU] = "bgu",		[DIF_OP_BGE] = "bge",
	[DIF_OP_BGEU] = "bgeu",		[DIF_OP_BL] = "bl",
	[DIF_OP_BLU] = "blu",		[DIF_OP_BLE] = "ble",
	[DIF_OP_BLEU] = "bleu",		[DIF_OP_LDSB] = "ldsb",
	[DIF_OP_LDSH] = "ldsh",		[DIF_OP_LDSW] = "ldsw",
	[DIF_OP_LDUB] = "ldub",		[DIF_OP_LDUH] = "lduh",
	[DIF_OP_LDUW] = "lduw",		[DIF_OP_LDX] = "ldx",
	[DIF_OP_RET] = "ret",		[DIF_OP_NOP] = "nop",
	[DIF_OP_SETX] = "setx",		[DIF_OP_SETS] = "sets",
	[DIF_OP_SCMP] = "scmp",		[DIF_OP_LDGA] = "ldga",
	[DIF_OP_LDGS] = "ldgs",		[DIF_OP_STGS] = "stgs",
	[DIF_OP_LDTA] = "ldta",		[DIF_OP_LDTS] = "ldts",
	[DIF_OP_STTS] = "stts",		[DIF_OP_SRA] = "sra",
	[DIF_OP_CALL] = "call",		[DIF_OP_PUSHTR] = "pushtr",
	[DIF_OP_PUSHTV] = "pushtv",	[DIF_OP_POPTS] = "popts",
	[DIF_OP_FLUSHTS] = "flushts",	[DIF_OP_LDGAA] = "ldgaa",
	[DIF_OP_LDTAA] = "ldtaa",	[DIF_OP_STGAA] = "stgaa",
	[DIF_OP_STTAA] = "sttaa",	[DIF_OP_LDLS] = "ldls",
	[DIF_OP_STLS] = "stls",		[DIF_OP_STB] = "stb",
	[DIF_OP_STH] = "sth",		[DIF_OP_STW] = "stw",
	[DIF_OP_STX] = "stx",
};

/* Builtins DIF_VAR_CURTHREAD .. DIF_VAR_BUILTIN_MAX, in id order. */
static const char *const dt_dis_vars[] = {
	"curthread", "timestamp", "vtimestamp", "ipl", "epid", "id",
	"arg0", "arg1", "arg2", "arg3", "arg4", "arg5", "arg6", "arg7",
	"arg8", "arg9", "stackdepth", "caller", "probeprov", "probemod",
	"probefunc", "probename", "pid", "tid", "execname", "zonename",
	"walltimestamp", "ustackdepth", "ucaller", "ppid", "uid", "gid",
	"errno", "cpu",
};

_Static_assert(sizeof(dt_dis_vars) / sizeof(dt_dis_vars[0]) ==
	       DIF_VAR_BUILTIN_MAX - DIF_VAR_CURTHREAD + 1,
	       "dt_dis_vars out of step with dif.h");

const char *dt_dis_opname(dt_u32 op)
{
	return op <= DIF_OP_MAX ? dt_dis_ops[op] : NULL;
}

const char *dt_dis_varname(dt_u32 id)
{
	if (id == DIF_VAR_ARGS)
		return "args";
	if (id >= DIF_VAR_CURTHREAD && id <= DIF_VAR_BUILTIN_MAX)
		return dt_dis_vars[id - DIF_VAR_CURTHREAD];
	return NULL;
}

/* Bounded appending formatter; output is silently truncated. */
struct dt_dis_buf {
	char *p;
	size_t len, off;
};

__attribute__((format(printf, 2, 3)))
static void dt_dis_put(struct dt_dis_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->off >= b->len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(b->p + b->off, b->len - b->off, fmt, ap);
	va_end(ap);
	if (n > 0)
		b->off += (size_t)n < b->len - b->off ?
			  (size_t)n : b->len - b->off - 1;
}

/* Start the "!" comment column, as illumos does with two tabs. */
static void dt_dis_comment(struct dt_dis_buf *b)
{
	while (b->off < 32 && b->off + 1 < b->len)
		b->p[b->off++] = ' ';
	b->p[b->off] = '\0';
	dt_dis_put(b, "! ");
}

static void dt_dis_string(struct dt_dis_buf *b, const struct difo *dp,
			  dt_u32 off)
{
	const char *s = dp->strtab + off;
	const char *end = dp->strtab + dp->strtab_len;

	dt_dis_put(b, "\"");
	for (; s < end && *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			dt_dis_put(b, "\\%c", c);
		else if (c == '\n')
			dt_dis_put(b, "\\n");
		else if (c == '\t')
			dt_dis_put(b, "\\t");
		else if (c < 0x20 || c >= 0x7f)
			dt_dis_put(b, "\\%03o", c);
		else
			dt_dis_put(b, "%c", c);
	}
	dt_dis_put(b, "\"");
}

/* @op tells the scope of a user variable: each numbers its own. */
static void dt_dis_var(struct dt_dis_buf *b, dt_u32 op, dt_u32 id)
{
	const char *name = dt_dis_varname(id);
	const char *scope = "global";

	if (op == DIF_OP_LDTS || op == DIF_OP_STTS || op == DIF_OP_LDTAA ||
	    op == DIF_OP_STTAA)
		scope = "thread";
	else if (op == DIF_OP_LDLS || op == DIF_OP_STLS)
		scope = "local";
	dt_dis_comment(b);
	if (name != NULL && scope[0] == 'g')
		dt_dis_put(b, "DT_VAR(%u) = \"%s\"", id, name);
	else if (id >= DIF_VAR_OTHER_UBASE)
		dt_dis_put(b, "DT_VAR(%u) = %s #%u", id, scope,
			   id - DIF_VAR_OTHER_UBASE);
	else
		dt_dis_put(b, "DT_VAR(%u) = ???", id);
}

static const char *const dt_dis_subrs[DIF_SUBR_MAX + 1] = {
	[DIF_SUBR_STRLEN] = "strlen",	[DIF_SUBR_STRJOIN] = "strjoin",
	[DIF_SUBR_LLTOSTR] = "lltostr",	[DIF_SUBR_BASENAME] = "basename",
	[DIF_SUBR_DIRNAME] = "dirname",	[DIF_SUBR_STRCHR] = "strchr",
	[DIF_SUBR_STRRCHR] = "strrchr",	[DIF_SUBR_STRSTR] = "strstr",
	[DIF_SUBR_STRTOK] = "strtok",	[DIF_SUBR_SUBSTR] = "substr",
	[DIF_SUBR_INDEX] = "index",	[DIF_SUBR_RINDEX] = "rindex",
	[DIF_SUBR_HTONS] = "htons",	[DIF_SUBR_HTONL] = "htonl",
	[DIF_SUBR_HTONLL] = "htonll",	[DIF_SUBR_NTOHS] = "ntohs",
	[DIF_SUBR_NTOHL] = "ntohl",	[DIF_SUBR_NTOHLL] = "ntohll",
	[DIF_SUBR_TOUPPER] = "toupper",	[DIF_SUBR_TOLOWER] = "tolower",
	[DIF_SUBR_RAND] = "rand",	[DIF_SUBR_COPYIN] = "copyin",
	[DIF_SUBR_COPYINSTR] = "copyinstr",
	[DIF_SUBR_PROGENYOF] = "progenyof",
	[DIF_SUBR_ALLOCA] = "alloca",	[DIF_SUBR_BCOPY] = "bcopy",
	[DIF_SUBR_COPYINTO] = "copyinto",
	[DIF_SUBR_INET_NTOP] = "inet_ntop",
	[DIF_SUBR_INET_NTOA] = "inet_ntoa",
	[DIF_SUBR_INET_NTOA6] = "inet_ntoa6",
};

void dt_dis_insn(const struct difo *dp, dt_u32 pc, char *buf, size_t len)
{
	struct dt_dis_buf b = { buf, len, 0 };
	dt_u32 in, op, r1, r2, rd, idx;
	const char *name;

	if (len == 0)
		return;
	buf[0] = '\0';
	if (pc >= dp->ninsns)
		return;
	in = dp->insns[pc];
	op = DIF_INSTR_OP(in);
	r1 = DIF_INSTR_R1(in);
	r2 = DIF_INSTR_R2(in);
	rd = DIF_INSTR_RD(in);
	idx = DIF_INSTR_INDEX(in);
	name = dt_dis_opname(op);
	if (name == NULL) {
		dt_dis_put(&b, "illegal op %u", op);
		return;
	}

	switch (op) {
	case DIF_OP_OR: case DIF_OP_XOR: case DIF_OP_AND: case DIF_OP_SLL:
	case DIF_OP_SRL: case DIF_OP_SRA: case DIF_OP_SUB: case DIF_OP_ADD:
	case DIF_OP_MUL: case DIF_OP_SDIV: case DIF_OP_UDIV:
	case DIF_OP_SREM: case DIF_OP_UREM:
		dt_dis_put(&b, "%-4s %%r%u, %%r%u, %%r%u", name, r1, r2, rd);
		break;
	case DIF_OP_NOT: case DIF_OP_MOV:
		dt_dis_put(&b, "%-4s %%r%u, %%r%u", name, r1, rd);
		break;
	case DIF_OP_CMP: case DIF_OP_SCMP:
		dt_dis_put(&b, "%-4s %%r%u, %%r%u", name, r1, r2);
		break;
	case DIF_OP_TST:
		dt_dis_put(&b, "%-4s %%r%u", name, r1);
		break;
	case DIF_OP_BA: case DIF_OP_BE: case DIF_OP_BNE: case DIF_OP_BG:
	case DIF_OP_BGU: case DIF_OP_BGE: case DIF_OP_BGEU: case DIF_OP_BL:
	case DIF_OP_BLU: case DIF_OP_BLE: case DIF_OP_BLEU:
		dt_dis_put(&b, "%-4s %u", name, DIF_INSTR_LABEL(in));
		break;
	case DIF_OP_LDSB: case DIF_OP_LDSH: case DIF_OP_LDSW:
	case DIF_OP_LDUB: case DIF_OP_LDUH: case DIF_OP_LDUW:
	case DIF_OP_LDX:
		dt_dis_put(&b, "%-4s [%%r%u], %%r%u", name, r1, rd);
		break;
	case DIF_OP_STB: case DIF_OP_STH: case DIF_OP_STW: case DIF_OP_STX:
		dt_dis_put(&b, "%-4s %%r%u, [%%r%u]", name, r1, rd);
		break;
	case DIF_OP_RET:
		dt_dis_put(&b, "%-4s %%r%u", name, rd);
		break;
	case DIF_OP_NOP: case DIF_OP_FLUSHTS:
		dt_dis_put(&b, "%s", name);
		break;
	case DIF_OP_SETX:
		dt_dis_put(&b, "%-4s DT_INTEGER[%u], %%r%u", name, idx, rd);
		if (dp->inttab != NULL && idx < dp->nints) {
			dt_dis_comment(&b);
			dt_dis_put(&b, "0x%llx",
				   (unsigned long long)dp->inttab[idx]);
		}
		break;
	case DIF_OP_SETS:
		dt_dis_put(&b, "%-4s DT_STRING[%u], %%r%u", name, idx, rd);
		if (dp->strtab != NULL && idx < dp->strtab_len) {
			dt_dis_comment(&b);
			dt_dis_string(&b, dp, idx);
		}
		break;
	case DIF_OP_LDGA: case DIF_OP_LDTA:
		dt_dis_put(&b, "%-4s DT_VAR(%u), %%r%u, %%r%u", name, r1, r2,
			   rd);
		dt_dis_var(&b, op, r1);
		break;
	case DIF_OP_LDGS: case DIF_OP_LDTS: case DIF_OP_LDLS:
	case DIF_OP_LDGAA: case DIF_OP_LDTAA:
		dt_dis_put(&b, "%-4s DT_VAR(%u), %%r%u", name, idx, rd);
		dt_dis_var(&b, op, idx);
		break;
	case DIF_OP_STGS: case DIF_OP_STTS: case DIF_OP_STLS:
	case DIF_OP_STGAA: case DIF_OP_STTAA:
		dt_dis_put(&b, "%-4s %%r%u, DT_VAR(%u)", name, rd, idx);
		dt_dis_var(&b, op, idx);
		break;
	case DIF_OP_CALL:
		dt_dis_put(&b, "%-4s DIF_SUBR(%u), %%r%u", name, idx, rd);
		dt_dis_comment(&b);
		dt_dis_put(&b, "%s", idx <= DIF_SUBR_MAX && dt_dis_subrs[idx] ?
			   dt_dis_subrs[idx] : "unknown subroutine");
		break;
	case DIF_OP_PUSHTR:	/* r1 (a type in illumos) is unused */
	case DIF_OP_PUSHTV:
		dt_dis_put(&b, "%-4s %%r%u", name, r2);
		break;
	default:	/* POPTS */
		dt_dis_put(&b, "%s", name);
		break;
	}
}

void dt_dis(const struct difo *dp, FILE *out)
{
	char line[256];
	dt_u32 pc;

	fprintf(out, "\nDIFO returns %s (size %u)\n",
		dp->rtype == DIF_TYPE_STRING ? "string" :
		dp->rtype == DIF_TYPE_INT ? "integer" : "unknown type",
		dp->rsize);
	fprintf(out, "%-3s %-8s    %s\n", "OFF", "OPCODE", "INSTRUCTION");
	for (pc = 0; pc < dp->ninsns; pc++) {
		dt_dis_insn(dp, pc, line, sizeof(line));
		fprintf(out, "%02u: %08x    %s\n", pc, dp->insns[pc], line);
	}
}
