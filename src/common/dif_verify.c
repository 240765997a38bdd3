// SPDX-License-Identifier: GPL-2.0
/*
 * The DIF verifier: every DIFO passes here before it may run, in the
 * kernel on every object of an ENABLE blob.  Like dif_vm.c it is
 * compiled unchanged into dtrace.ko and the user-space tests and uses
 * nothing but the DIF headers.
 *
 * Besides the well-formedness of each instruction it guarantees that
 * the program terminates (branches go strictly forward, the last
 * instruction is RET) and that every register, table index and
 * variable id it uses is valid, so that dif_emulate() can only fault on
 * data (bad address, division by zero, scratch space used up, a bad
 * lltostr() base), never on the program itself.
 *
 * Variable ops are checked against the enabling's variable table
 * (dif_verify_vt(); dif_verify() knows integer global scalars only):
 * the id must name a variable of the op's scope and kind.  CALL must
 * name a known subroutine with a fitting number of pushed arguments;
 * array ops take their key from 1 .. DIF_MAX_TUPLE pushes the same way.
 * LDTA (thread-local builtin arrays) is rejected as "unsupported".
 */
#include "dif_vm.h"

/* What each opcode reads and writes. */
#define DIF_F_R1	0x01	/* reads register r1 */
#define DIF_F_R2	0x02	/* reads register r2 */
#define DIF_F_RD	0x04	/* writes register rd */
#define DIF_F_RS	0x08	/* reads register rd (RET, STGS) */
#define DIF_F_BR	0x10	/* branch: label field */
#define DIF_F_OK	0x80	/* implemented */

#define DIF_F_3R	(DIF_F_R1 | DIF_F_R2 | DIF_F_RD | DIF_F_OK)

static const dt_u8 dif_op_flags[DIF_OP_MAX + 1] = {
	[DIF_OP_OR] = DIF_F_3R,
	[DIF_OP_XOR] = DIF_F_3R,
	[DIF_OP_AND] = DIF_F_3R,
	[DIF_OP_SLL] = DIF_F_3R,
	[DIF_OP_SRL] = DIF_F_3R,
	[DIF_OP_SUB] = DIF_F_3R,
	[DIF_OP_ADD] = DIF_F_3R,
	[DIF_OP_MUL] = DIF_F_3R,
	[DIF_OP_SDIV] = DIF_F_3R,
	[DIF_OP_UDIV] = DIF_F_3R,
	[DIF_OP_SREM] = DIF_F_3R,
	[DIF_OP_UREM] = DIF_F_3R,
	[DIF_OP_NOT] = DIF_F_R1 | DIF_F_RD | DIF_F_OK,
	[DIF_OP_MOV] = DIF_F_R1 | DIF_F_RD | DIF_F_OK,
	[DIF_OP_CMP] = DIF_F_R1 | DIF_F_R2 | DIF_F_OK,
	[DIF_OP_TST] = DIF_F_R1 | DIF_F_OK,
	[DIF_OP_BA] = DIF_F_BR | DIF_F_OK,
	[DIF_OP_BE] = DIF_F_BR | DIF_F_OK,
	[DIF_OP_BNE] = DIF_F_BR | DIF_F_OK,
	[DIF_OP_BG] = DIF_F_BR | DIF_F_OK,
	[DIF_OP_BGU] = DIF_F_BR | DIF_F_OK,
	[DIF_OP_BGE] = DIF_F_BR | DIF_F_OK,
	[DIF_OP_BGEU] = DIF_F_BR | DIF_F_OK,
	[DIF_OP_BL] = DIF_F_BR | DIF_F_OK,
	[DIF_OP_BLU] = DIF_F_BR | DIF_F_OK,
	[DIF_OP_BLE] = DIF_F_BR | DIF_F_OK,
	[DIF_OP_BLEU] = DIF_F_BR | DIF_F_OK,
	[DIF_OP_LDSB] = DIF_F_R1 | DIF_F_RD | DIF_F_OK,
	[DIF_OP_LDSH] = DIF_F_R1 | DIF_F_RD | DIF_F_OK,
	[DIF_OP_LDSW] = DIF_F_R1 | DIF_F_RD | DIF_F_OK,
	[DIF_OP_LDUB] = DIF_F_R1 | DIF_F_RD | DIF_F_OK,
	[DIF_OP_LDUH] = DIF_F_R1 | DIF_F_RD | DIF_F_OK,
	[DIF_OP_LDUW] = DIF_F_R1 | DIF_F_RD | DIF_F_OK,
	[DIF_OP_LDX] = DIF_F_R1 | DIF_F_RD | DIF_F_OK,
	[DIF_OP_RET] = DIF_F_RS | DIF_F_OK,
	[DIF_OP_NOP] = DIF_F_OK,
	[DIF_OP_SETX] = DIF_F_RD | DIF_F_OK,
	[DIF_OP_SETS] = DIF_F_RD | DIF_F_OK,
	[DIF_OP_SCMP] = DIF_F_R1 | DIF_F_R2 | DIF_F_OK,
	[DIF_OP_LDGA] = DIF_F_R2 | DIF_F_RD | DIF_F_OK,
	[DIF_OP_LDGS] = DIF_F_RD | DIF_F_OK,
	[DIF_OP_STGS] = DIF_F_RS | DIF_F_OK,
	[DIF_OP_SRA] = DIF_F_3R,
	/* Known but not implemented: flags 0. */
	[DIF_OP_LDTA] = 0,
	[DIF_OP_LDTS] = DIF_F_RD | DIF_F_OK,
	[DIF_OP_STTS] = DIF_F_RS | DIF_F_OK,
	[DIF_OP_CALL] = DIF_F_RD | DIF_F_OK,
	[DIF_OP_PUSHTR] = DIF_F_R2 | DIF_F_OK,
	[DIF_OP_PUSHTV] = DIF_F_R2 | DIF_F_OK,
	[DIF_OP_POPTS] = DIF_F_OK,
	[DIF_OP_FLUSHTS] = DIF_F_OK,
	[DIF_OP_LDGAA] = DIF_F_RD | DIF_F_OK,
	[DIF_OP_LDTAA] = DIF_F_RD | DIF_F_OK,
	[DIF_OP_STGAA] = DIF_F_RS | DIF_F_OK,
	[DIF_OP_STTAA] = DIF_F_RS | DIF_F_OK,
	[DIF_OP_LDLS] = DIF_F_RD | DIF_F_OK,
	[DIF_OP_STLS] = DIF_F_RS | DIF_F_OK,
	[DIF_OP_STB] = DIF_F_R1 | DIF_F_RS | DIF_F_OK,
	[DIF_OP_STH] = DIF_F_R1 | DIF_F_RS | DIF_F_OK,
	[DIF_OP_STW] = DIF_F_R1 | DIF_F_RS | DIF_F_OK,
	[DIF_OP_STX] = DIF_F_R1 | DIF_F_RS | DIF_F_OK,
};

static int dif_reject(const char **why, dt_u32 *pc, const char *msg,
		      dt_u32 at)
{
	*why = msg;
	*pc = at;
	return -1;
}

/*
 * Arguments of each subroutine: min in the low nibble, max in the next 3
 * bits; 0x80 marks a subroutine without arguments (its entry is not 0).
 */
#define DIF_ARITY(min, max)	((dt_u8)((min) | ((max) << 4)))

static const dt_u8 dif_subr_args[DIF_SUBR_MAX + 1] = {
	[DIF_SUBR_RAND] = DIF_ARITY(0, 0) | 0x80,
	[DIF_SUBR_COPYIN] = DIF_ARITY(2, 2),
	[DIF_SUBR_COPYINSTR] = DIF_ARITY(1, 2),
	[DIF_SUBR_SPECULATION] = DIF_ARITY(0, 0) | 0x80,
	[DIF_SUBR_PROGENYOF] = DIF_ARITY(1, 1),
	[DIF_SUBR_ALLOCA] = DIF_ARITY(1, 1),
	[DIF_SUBR_BCOPY] = DIF_ARITY(3, 3),
	[DIF_SUBR_COPYINTO] = DIF_ARITY(3, 3),
	[DIF_SUBR_INET_NTOP] = DIF_ARITY(2, 2),
	[DIF_SUBR_INET_NTOA] = DIF_ARITY(1, 1),
	[DIF_SUBR_INET_NTOA6] = DIF_ARITY(1, 1),
	[DIF_SUBR_STRLEN] = DIF_ARITY(1, 1),
	[DIF_SUBR_STRJOIN] = DIF_ARITY(2, 2),
	[DIF_SUBR_LLTOSTR] = DIF_ARITY(1, 2),
	[DIF_SUBR_BASENAME] = DIF_ARITY(1, 1),
	[DIF_SUBR_DIRNAME] = DIF_ARITY(1, 1),
	[DIF_SUBR_STRCHR] = DIF_ARITY(2, 2),
	[DIF_SUBR_STRRCHR] = DIF_ARITY(2, 2),
	[DIF_SUBR_STRSTR] = DIF_ARITY(2, 2),
	[DIF_SUBR_STRTOK] = DIF_ARITY(2, 2),
	[DIF_SUBR_SUBSTR] = DIF_ARITY(2, 3),
	[DIF_SUBR_INDEX] = DIF_ARITY(2, 3),
	[DIF_SUBR_RINDEX] = DIF_ARITY(2, 3),
	[DIF_SUBR_HTONS] = DIF_ARITY(1, 1),
	[DIF_SUBR_HTONL] = DIF_ARITY(1, 1),
	[DIF_SUBR_HTONLL] = DIF_ARITY(1, 1),
	[DIF_SUBR_NTOHS] = DIF_ARITY(1, 1),
	[DIF_SUBR_NTOHL] = DIF_ARITY(1, 1),
	[DIF_SUBR_NTOHLL] = DIF_ARITY(1, 1),
	[DIF_SUBR_TOUPPER] = DIF_ARITY(1, 1),
	[DIF_SUBR_TOLOWER] = DIF_ARITY(1, 1),
};

int dif_subr_arity(dt_u32 subr, dt_u32 *min, dt_u32 *max)
{
	if (subr > DIF_SUBR_MAX || dif_subr_args[subr] == 0)
		return -1;
	*min = dif_subr_args[subr] & 0xf;
	*max = (dif_subr_args[subr] >> 4) & 0x7;
	return 0;
}

static int dif_in_arglist(dt_u32 op)
{
	return op == DIF_OP_PUSHTR || op == DIF_OP_PUSHTV || op == DIF_OP_POPTS;
}

/* Ops that take a key from the tuple stack and empty it. */
static int dif_is_array_op(dt_u32 op)
{
	return op == DIF_OP_LDGAA || op == DIF_OP_LDTAA ||
	       op == DIF_OP_STGAA || op == DIF_OP_STTAA;
}

/*
 * The tuple stack.  An argument list (from the first push to the CALL or
 * FLUSHTS that empties the stack) holds nothing but tuple instructions,
 * and no branch may land inside one (after a push or pop).  So no branch
 * starts or ends with a non-empty stack, the depth at each instruction
 * is the same on every path, and *@depth, counted in program order, is
 * exactly what CALL will find at run time.
 */
static const char *dif_verify_tuple(const struct difo *dp, dt_u32 insn,
				    dt_u32 *depth)
{
	dt_u32 op = DIF_INSTR_OP(insn), amin, amax, t;

	if (*depth > 0 && !dif_in_arglist(op) && op != DIF_OP_CALL &&
	    op != DIF_OP_FLUSHTS && !dif_is_array_op(op))
		return "instruction inside an argument list";
	if (dif_op_flags[op] & DIF_F_BR) {
		t = DIF_INSTR_LABEL(insn);
		if (dif_in_arglist(DIF_INSTR_OP(dp->insns[t - 1])))
			return "branch into an argument list";
	}
	switch (op) {
	case DIF_OP_PUSHTR:
	case DIF_OP_PUSHTV:
		if (*depth >= DIF_MAX_TUPLE)
			return "tuple stack overflow";
		(*depth)++;
		break;
	case DIF_OP_POPTS:
		if (*depth == 0)
			return "tuple stack underflow";
		(*depth)--;
		break;
	case DIF_OP_FLUSHTS:
		*depth = 0;
		break;
	case DIF_OP_CALL:
		if (dif_subr_arity(DIF_INSTR_INDEX(insn), &amin, &amax) != 0)
			return "unknown subroutine";
		if (*depth < amin || *depth > amax)
			return "wrong number of subroutine arguments";
		*depth = 0;
		break;
	case DIF_OP_LDGAA:
	case DIF_OP_LDTAA:
	case DIF_OP_STGAA:
	case DIF_OP_STTAA:
		if (*depth == 0)
			return "array access without a key";
		*depth = 0;
		break;
	}
	return NULL;
}

/* The variable that variable op @op names, checked against @vt. */
static const char *dif_verify_var(dt_u32 op, dt_u32 idx, dt_u32 nglobals,
				  const struct dif_vartab *vt)
{
	dt_u32 scope, kind;
	const struct dif_var *v;

	switch (op) {
	case DIF_OP_LDGS:
	case DIF_OP_STGS:
		scope = DTRACE_VSCOPE_GLOBAL;
		kind = DTRACE_VKIND_SCALAR;
		break;
	case DIF_OP_LDTS:
	case DIF_OP_STTS:
		scope = DTRACE_VSCOPE_THREAD;
		kind = DTRACE_VKIND_SCALAR;
		break;
	case DIF_OP_LDLS:
	case DIF_OP_STLS:
		scope = DTRACE_VSCOPE_LOCAL;
		kind = DTRACE_VKIND_SCALAR;
		break;
	case DIF_OP_LDGAA:
	case DIF_OP_STGAA:
		scope = DTRACE_VSCOPE_GLOBAL;
		kind = DTRACE_VKIND_ARRAY;
		break;
	default:
		scope = DTRACE_VSCOPE_THREAD;
		kind = DTRACE_VKIND_ARRAY;
		break;
	}
	if (idx < DIF_VAR_OTHER_UBASE) {
		if (op == DIF_OP_LDGS && idx >= DIF_VAR_CURTHREAD &&
		    idx <= DIF_VAR_BUILTIN_MAX)
			return NULL;
		if (op == DIF_OP_STGS)
			return "store to builtin variable";
		if (op == DIF_OP_LDGS)
			return "unknown builtin variable";
		return "variable id out of range";
	}
	idx -= DIF_VAR_OTHER_UBASE;
	if (vt == NULL) {
		if (scope == DTRACE_VSCOPE_GLOBAL &&
		    kind == DTRACE_VKIND_SCALAR && idx < nglobals)
			return NULL;
		return scope == DTRACE_VSCOPE_GLOBAL &&
		       kind == DTRACE_VKIND_SCALAR ?
		       "global variable out of range" : "undeclared variable";
	}
	if (idx >= vt->nids[scope] || vt->vars[scope] == NULL ||
	    !vt->vars[scope][idx].present)
		return scope == DTRACE_VSCOPE_GLOBAL &&
		       kind == DTRACE_VKIND_SCALAR ?
		       "global variable out of range" : "undeclared variable";
	v = &vt->vars[scope][idx];
	if (v->kind != kind)
		return kind == DTRACE_VKIND_ARRAY ?
		       "scalar variable used as an array" :
		       "array variable used as a scalar";
	return NULL;
}

/* The checks that depend on the opcode beyond its register fields. */
static const char *dif_verify_operand(const struct difo *dp,
				      dt_u32 nglobals,
				      const struct dif_vartab *vt, dt_u32 pc,
				      dt_u32 insn)
{
	dt_u32 op = DIF_INSTR_OP(insn);
	dt_u32 idx = DIF_INSTR_INDEX(insn);

	switch (op) {
	case DIF_OP_SETX:
		if (idx >= dp->nints)
			return "integer table index out of range";
		break;
	case DIF_OP_SETS:
		if (idx >= dp->strtab_len)
			return "string table offset out of range";
		break;
	case DIF_OP_LDGA:
		if (DIF_INSTR_R1(insn) != DIF_VAR_ARGS)
			return "unknown array variable";
		break;
	case DIF_OP_LDGS:
	case DIF_OP_STGS:
	case DIF_OP_LDTS:
	case DIF_OP_STTS:
	case DIF_OP_LDLS:
	case DIF_OP_STLS:
	case DIF_OP_LDGAA:
	case DIF_OP_STGAA:
	case DIF_OP_LDTAA:
	case DIF_OP_STTAA:
		return dif_verify_var(op, idx, nglobals, vt);
	default:
		if (dif_op_flags[op] & DIF_F_BR) {
			idx = DIF_INSTR_LABEL(insn);
			if (idx <= pc)
				return "branch target not forward";
			if (idx >= dp->ninsns)
				return "branch target out of range";
		}
		break;
	}
	return NULL;
}

static int dif_verify_common(const struct difo *dp, dt_u32 nglobals,
			     const struct dif_vartab *vt, const char **why,
			     dt_u32 *pc)
{
	const char *msg;
	dt_u32 i, insn, op, flags, depth = 0;

	if (dp == NULL)
		return dif_reject(why, pc, "no DIF object", 0);
	if (dp->ninsns == 0)
		return dif_reject(why, pc, "no instructions", 0);
	if (dp->ninsns > DIF_MAX_INSNS)
		return dif_reject(why, pc, "too many instructions", 0);
	if (dp->insns == NULL)
		return dif_reject(why, pc, "missing instruction table", 0);
	if (dp->nints > DIF_MAX_INTTAB)
		return dif_reject(why, pc, "integer table too large", 0);
	if (dp->nints != 0 && dp->inttab == NULL)
		return dif_reject(why, pc, "missing integer table", 0);
	if (dp->strtab_len > DIF_MAX_STRTAB)
		return dif_reject(why, pc, "string table too large", 0);
	if (dp->strtab_len != 0 && dp->strtab == NULL)
		return dif_reject(why, pc, "missing string table", 0);
	if (dp->strtab_len != 0 && dp->strtab[dp->strtab_len - 1] != '\0')
		return dif_reject(why, pc, "string table not NUL-terminated",
				  0);
	if (dp->rtype != DIF_TYPE_INT && dp->rtype != DIF_TYPE_STRING)
		return dif_reject(why, pc, "invalid return type", 0);

	for (i = 0; i < dp->ninsns; i++) {
		insn = dp->insns[i];
		op = DIF_INSTR_OP(insn);
		if (op == 0 || op > DIF_OP_MAX)
			return dif_reject(why, pc, "unknown opcode", i);
		flags = dif_op_flags[op];
		if (!(flags & DIF_F_OK))
			return dif_reject(why, pc, "unsupported opcode", i);
		if (((flags & DIF_F_R1) && DIF_INSTR_R1(insn) >= DIF_NREGS) ||
		    ((flags & DIF_F_R2) && DIF_INSTR_R2(insn) >= DIF_NREGS) ||
		    ((flags & (DIF_F_RD | DIF_F_RS)) &&
		     DIF_INSTR_RD(insn) >= DIF_NREGS))
			return dif_reject(why, pc, "register out of range", i);
		if ((flags & DIF_F_RD) && DIF_INSTR_RD(insn) == 0)
			return dif_reject(why, pc, "write to %r0", i);
		msg = dif_verify_operand(dp, nglobals, vt, i, insn);
		if (msg == NULL)
			msg = dif_verify_tuple(dp, insn, &depth);
		if (msg != NULL)
			return dif_reject(why, pc, msg, i);
	}
	if (DIF_INSTR_OP(dp->insns[dp->ninsns - 1]) != DIF_OP_RET)
		return dif_reject(why, pc, "last instruction not RET",
				  dp->ninsns - 1);
	*why = NULL;
	*pc = 0;
	return 0;
}

int dif_verify(const struct difo *dp, dt_u32 nglobals, const char **why,
	       dt_u32 *pc)
{
	return dif_verify_common(dp, nglobals, NULL, why, pc);
}

int dif_verify_vt(const struct difo *dp, const struct dif_vartab *vt,
		  const char **why, dt_u32 *pc)
{
	if (vt == NULL) {
		*why = "no variable table";
		*pc = 0;
		return -1;
	}
	return dif_verify_common(dp, 0, vt, why, pc);
}
