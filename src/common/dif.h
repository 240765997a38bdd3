/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DIF: the D Intermediate Format.  One instruction set shared by the
 * compiler (user space), the verifier and the interpreter (compiled both
 * into dtrace.ko and into the user-space unit tests).
 *
 * The machine has DIF_NREGS 64-bit registers; %r0 always reads as zero.
 * Instructions are 32-bit words:
 *
 *   op(8) | r1(8) | r2(8) | rd(8)        three-register form
 *   op(8) | label(24)                    branches (absolute, forward only)
 *   op(8) | index(16) | rd(8)        SETX (inttab), SETS (strtab offset),
 *                                        variable loads/stores (variable id:
 *                                        rd is the source of a store), CALL
 *
 * User variables (ids from DIF_VAR_OTHER_UBASE, one number space per scope;
 * their types come from the ENABLE blob's dtrace_vardesc table):
 *   LDGS/STGS   global scalar            LDGAA/STGAA  global array[tuple]
 *   LDTS/STTS   self->x (this thread)    LDTAA/STTAA  self->a[tuple]
 *   LDLS/STLS   this->x (this firing: shared by the clauses of one probe
 *               firing, undefined at the start of a clause)
 * A string variable holds a copy of the string (strsize bytes); a load
 * returns the address of that copy.  Loading a thread-local or array
 * element that does not exist gives 0; storing 0 (an integer 0, or a NULL
 * string address) to one deletes it.  The array ops take the key from the
 * tuple stack (PUSHTV: 8-byte value, PUSHTR: string copied as strsize
 * bytes) and empty it, like CALL.
 *
 * Opcode numbers follow illumos DTrace so that disassemblies look familiar.
 */
#ifndef DTRACE_DIF_H
#define DTRACE_DIF_H

#include "dtrace_types.h"

#define DIF_NREGS		8
#define DIF_MAX_INSNS		8192	/* per DIFO, enforced by the verifier */
#define DIF_MAX_INTTAB		1024
#define DIF_MAX_STRTAB		(64 * 1024)
#define DIF_MAX_TUPLE		8	/* subroutine arguments (PUSHTR/PUSHTV) */

#define DIF_INSTR_OP(i)		(((i) >> 24) & 0xff)
#define DIF_INSTR_R1(i)		(((i) >> 16) & 0xff)
#define DIF_INSTR_R2(i)		(((i) >> 8) & 0xff)
#define DIF_INSTR_RD(i)		((i) & 0xff)
#define DIF_INSTR_LABEL(i)	((i) & 0xffffff)
#define DIF_INSTR_INDEX(i)	(((i) >> 8) & 0xffff)

#define DIF_INSTR_FMT(op, r1, r2, d) \
	(((dt_u32)(op) << 24) | ((dt_u32)(r1) << 16) | ((dt_u32)(r2) << 8) | \
	 (dt_u32)(d))
#define DIF_INSTR_BRANCH(op, label) \
	(((dt_u32)(op) << 24) | ((dt_u32)(label) & 0xffffff))
#define DIF_INSTR_IDX(op, idx, d) \
	(((dt_u32)(op) << 24) | (((dt_u32)(idx) & 0xffff) << 8) | (dt_u32)(d))

enum dif_op {
	DIF_OP_OR = 1,		/* rd = r1 | r2 */
	DIF_OP_XOR = 2,
	DIF_OP_AND = 3,
	DIF_OP_SLL = 4,		/* rd = r1 << r2 */
	DIF_OP_SRL = 5,		/* logical */
	DIF_OP_SUB = 6,
	DIF_OP_ADD = 7,
	DIF_OP_MUL = 8,
	DIF_OP_SDIV = 9,	/* divide by zero faults DIF_FAULT_DIVZERO */
	DIF_OP_UDIV = 10,
	DIF_OP_SREM = 11,
	DIF_OP_UREM = 12,
	DIF_OP_NOT = 13,	/* rd = ~r1 */
	DIF_OP_MOV = 14,	/* rd = r1 */
	DIF_OP_CMP = 15,	/* condition codes from r1 - r2 */
	DIF_OP_TST = 16,	/* condition codes from r1 - 0 */
	DIF_OP_BA = 17,		/* branch always */
	DIF_OP_BE = 18,
	DIF_OP_BNE = 19,
	DIF_OP_BG = 20,		/* signed > */
	DIF_OP_BGU = 21,	/* unsigned > */
	DIF_OP_BGE = 22,
	DIF_OP_BGEU = 23,
	DIF_OP_BL = 24,
	DIF_OP_BLU = 25,
	DIF_OP_BLE = 26,
	DIF_OP_BLEU = 27,
	DIF_OP_LDSB = 28,	/* rd = *(s8 *)r1, through the probe-safe load */
	DIF_OP_LDSH = 29,
	DIF_OP_LDSW = 30,
	DIF_OP_LDUB = 31,
	DIF_OP_LDUH = 32,
	DIF_OP_LDUW = 33,
	DIF_OP_LDX = 34,	/* 64-bit load */
	DIF_OP_RET = 35,	/* result = rd */
	DIF_OP_NOP = 36,
	DIF_OP_SETX = 37,	/* rd = inttab[index] */
	DIF_OP_SETS = 38,	/* rd = address of strtab + index */
	DIF_OP_SCMP = 39,	/* condition codes from strcmp(r1, r2) */
	DIF_OP_LDGA = 40,	/* rd = builtin array var[r2] (args[]) */
	DIF_OP_LDGS = 41,	/* rd = global scalar / builtin variable */
	DIF_OP_STGS = 42,	/* global scalar variable = rd */
	DIF_OP_LDTA = 43,
	DIF_OP_LDTS = 44,	/* thread-local (issue: variables) */
	DIF_OP_STTS = 45,
	DIF_OP_SRA = 46,	/* arithmetic shift right */
	DIF_OP_CALL = 47,	/* rd = subr[index](tuple stack), then empty it */
	DIF_OP_PUSHTR = 48,	/* push r2 (reference: string address) */
	DIF_OP_PUSHTV = 49,	/* push r2 (value) on tuple stack */
	DIF_OP_POPTS = 50,
	DIF_OP_FLUSHTS = 51,	/* empty the tuple stack */
	DIF_OP_LDGAA = 52,
	DIF_OP_LDTAA = 53,
	DIF_OP_STGAA = 54,
	DIF_OP_STTAA = 55,
	DIF_OP_LDLS = 56,	/* clause-local */
	DIF_OP_STLS = 57,
	/* 58, 59 (illumos ALLOCS, COPYS: by-reference variables): unused */
	DIF_OP_STB = 60,	/* *(u8 *)rd = r1, only into this firing's */
	DIF_OP_STH = 61,	/* scratch (alloca() and the strings the */
	DIF_OP_STW = 62,	/* subroutines built): anywhere else faults */
	DIF_OP_STX = 63,	/* DIF_FAULT_BADADDR, as illumos' canstore */
	DIF_OP_MAX = 63
};

/* Variable identifiers for LDGS/LDGA (builtins) -- illumos numbering. */
#define DIF_VAR_ARGS		0x0000	/* args[] array, LDGA */
#define DIF_VAR_CURTHREAD	0x0100
#define DIF_VAR_TIMESTAMP	0x0101
#define DIF_VAR_VTIMESTAMP	0x0102
#define DIF_VAR_IPL		0x0103
#define DIF_VAR_EPID		0x0104
#define DIF_VAR_ID		0x0105
#define DIF_VAR_ARG0		0x0106	/* ... DIF_VAR_ARG9 == 0x010f */
#define DIF_VAR_ARG9		0x010f
#define DIF_VAR_STACKDEPTH	0x0110
#define DIF_VAR_CALLER		0x0111
#define DIF_VAR_PROBEPROV	0x0112	/* strings are returned as addresses */
#define DIF_VAR_PROBEMOD	0x0113
#define DIF_VAR_PROBEFUNC	0x0114
#define DIF_VAR_PROBENAME	0x0115
#define DIF_VAR_PID		0x0116
#define DIF_VAR_TID		0x0117
#define DIF_VAR_EXECNAME	0x0118
#define DIF_VAR_ZONENAME	0x0119
#define DIF_VAR_WALLTIMESTAMP	0x011a
#define DIF_VAR_USTACKDEPTH	0x011b
#define DIF_VAR_UCALLER		0x011c
#define DIF_VAR_PPID		0x011d
#define DIF_VAR_UID		0x011e
#define DIF_VAR_GID		0x011f
#define DIF_VAR_ERRNO		0x0120
#define DIF_VAR_CPU		0x0121
#define DIF_VAR_BUILTIN_MAX	0x0121
#define DIF_VAR_OTHER_UBASE	0x0500	/* first user global variable id */

/*
 * Subroutines for DIF_OP_CALL (illumos numbering).  Arguments are taken
 * from the tuple stack (PUSHTV/PUSHTR), which CALL empties.  Strings are
 * passed and returned as addresses; results live in the firing's scratch
 * space (struct dif_ctx).  Ids without an implementation are rejected by
 * the verifier.
 */
#define DIF_SUBR_RAND		0
#define DIF_SUBR_COPYIN		8	/* (uaddr, size): scratch copy */
#define DIF_SUBR_COPYINSTR	9	/* (uaddr [, maxlen]): string */
#define DIF_SUBR_SPECULATION	10
#define DIF_SUBR_PROGENYOF	11
#define DIF_SUBR_STRLEN		12
#define DIF_SUBR_ALLOCA		15	/* (size): zeroed scratch */
#define DIF_SUBR_BCOPY		16	/* (src, dst, size): dst in scratch */
#define DIF_SUBR_COPYINTO	17	/* (uaddr, size, dst in scratch) */
#define DIF_SUBR_STRJOIN	23
#define DIF_SUBR_LLTOSTR	24
#define DIF_SUBR_BASENAME	25
#define DIF_SUBR_DIRNAME	26
#define DIF_SUBR_STRCHR		28
#define DIF_SUBR_STRRCHR	29
#define DIF_SUBR_STRSTR		30
#define DIF_SUBR_STRTOK		31
#define DIF_SUBR_SUBSTR		32
#define DIF_SUBR_INDEX		33
#define DIF_SUBR_RINDEX		34
#define DIF_SUBR_HTONS		35
#define DIF_SUBR_HTONL		36
#define DIF_SUBR_HTONLL		37
#define DIF_SUBR_NTOHS		38
#define DIF_SUBR_NTOHL		39
#define DIF_SUBR_NTOHLL		40
#define DIF_SUBR_INET_NTOP	41
#define DIF_SUBR_INET_NTOA	42
#define DIF_SUBR_INET_NTOA6	43
#define DIF_SUBR_TOUPPER	44
#define DIF_SUBR_TOLOWER	45
#define DIF_SUBR_MAX		45

/* Types of a DIFO's result. */
#define DIF_TYPE_INT		0	/* 64-bit integer in a register */
#define DIF_TYPE_STRING		1	/* register holds a string address */
/*
 * Aggregation keys only (@[stack()], @[ustack()]): a key difodesc with
 * no instructions whose rsize / 8 frames of the kernel (or the current
 * task's user) stack the kernel stores as the key, innermost first, the
 * rest zero.
 */
#define DIF_TYPE_STACK		2
#define DIF_TYPE_USTACK		3

/* Faults raised by the VM (illumos DTRACEFLT_* numbering). */
#define DIF_FAULT_NONE		0
#define DIF_FAULT_UNKNOWN	1
#define DIF_FAULT_BADADDR	2
#define DIF_FAULT_BADALIGN	3
#define DIF_FAULT_ILLOP		4
#define DIF_FAULT_DIVZERO	5
#define DIF_FAULT_NOSCRATCH	6
#define DIF_FAULT_KPRIV		7
#define DIF_FAULT_UPRIV		8
#define DIF_FAULT_TUPOFLOW	9
#define DIF_FAULT_BADSTACK	10

/*
 * A DIF object: one compiled expression (predicate, action value,
 * aggregation key).  The tables live wherever the owner put them; the
 * kernel copies them out of the enabling blob and verifies them first.
 */
struct difo {
	const dt_u32 *insns;
	dt_u32 ninsns;
	const dt_u64 *inttab;
	dt_u32 nints;
	const char *strtab;
	dt_u32 strtab_len;
	dt_u32 rtype;		/* DIF_TYPE_* */
	dt_u32 rsize;		/* bytes of the result when stored */
};

#endif /* DTRACE_DIF_H */
