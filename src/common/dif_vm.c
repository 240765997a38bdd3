// SPDX-License-Identifier: GPL-2.0
/*
 * The DIF interpreter.  Compiled unchanged into dtrace.ko and into the
 * user-space tests, so it uses nothing but the DIF headers: no libc, no
 * kernel calls, no recursion, no floating point, a small stack.  Every
 * access to memory outside the DIFO goes through ctx->ops.
 *
 * dif_verify() runs before any program may execute here, but the
 * interpreter still checks every field it uses and faults with
 * DIF_FAULT_ILLOP rather than trusting them, so that an unverified
 * program can never index outside the register file or the tables, nor
 * branch backwards.
 *
 * Not implemented in this first version (the verifier rejects them as
 * "unsupported opcode" and the VM faults DIF_FAULT_ILLOP): LDTA, LDTS,
 * STTS, CALL, PUSHTR, PUSHTV, POPTS, FLUSHTS, LDGAA, LDTAA, STGAA, STTAA,
 * LDLS, STLS.  Thread-local and clause-local variables, associative
 * arrays and subroutines arrive with the D-language issue.
 */
#include "dif_vm.h"

#define DIF_S64_MIN	((dt_u64)1 << 63)

/* Condition codes as in illumos: negative, zero, overflow, carry. */
struct dif_cc {
	dt_u8 n, z, v, c;
};

/*
 * A small read-ahead window over one string, so that strings are read
 * in chunks of up to 8 bytes rather than one load call per byte.
 */
struct dif_strbuf {
	dt_u64 base;		/* address of buf[0] */
	dt_u32 len;		/* valid bytes in buf */
	dt_u8 buf[8];
};

/*
 * Fetch the byte at @addr into *@ch.  A chunk never crosses an 8-byte
 * aligned boundary, hence never touches a page the byte is not on; if
 * the chunk still cannot be read (a byte-granular environment, or the
 * string ends just before unreadable memory), fall back to one byte.
 */
static int dif_str_byte(struct dif_ctx *ctx, struct dif_strbuf *sb,
			dt_u64 addr, dt_u8 *ch)
{
	dt_u32 chunk;

	if (sb->len == 0 || addr < sb->base || addr - sb->base >= sb->len) {
		chunk = 8 - (dt_u32)(addr & 7);
		if (ctx->ops->load(ctx->env, sb->buf, addr, chunk) != 0) {
			chunk = 1;
			if (ctx->ops->load(ctx->env, sb->buf, addr, 1) != 0) {
				sb->len = 0;
				ctx->fault = DIF_FAULT_BADADDR;
				ctx->fault_addr = addr;
				return DIF_FAULT_BADADDR;
			}
		}
		sb->base = addr;
		sb->len = chunk;
	}
	*ch = sb->buf[addr - sb->base];
	return 0;
}

int dif_copy_string(struct dif_ctx *ctx, char *dst, dt_u64 addr, dt_u32 max)
{
	struct dif_strbuf sb;
	dt_u32 i;
	dt_u8 ch;
	int rc;

	if (max == 0)
		return 0;
	sb.len = 0;
	sb.base = 0;
	for (i = 0; i < max - 1; i++) {
		rc = dif_str_byte(ctx, &sb, addr + i, &ch);
		if (rc != 0) {
			dst[i] = '\0';
			return rc;
		}
		dst[i] = (char)ch;
		if (ch == '\0')
			return 0;
	}
	dst[i] = '\0';
	return 0;
}

/*
 * strcmp() of the strings at @a and @b as they would be recorded, i.e.
 * truncated to ctx->strsize - 1 characters.  Bytes compare unsigned.
 * Returns a fault code; the sign of the comparison goes to *@cmp.
 */
static int dif_strcmp(struct dif_ctx *ctx, dt_u64 a, dt_u64 b, int *cmp)
{
	struct dif_strbuf sa, sb;
	dt_u32 i;
	dt_u8 ca, cb;
	int rc;

	*cmp = 0;
	if (a == b || ctx->strsize == 0)
		return 0;
	sa.len = 0;
	sa.base = 0;
	sb.len = 0;
	sb.base = 0;
	for (i = 0; i < ctx->strsize - 1; i++) {
		rc = dif_str_byte(ctx, &sa, a + i, &ca);
		if (rc != 0)
			return rc;
		rc = dif_str_byte(ctx, &sb, b + i, &cb);
		if (rc != 0)
			return rc;
		if (ca != cb) {
			*cmp = ca < cb ? -1 : 1;
			return 0;
		}
		if (ca == '\0')
			return 0;
	}
	return 0;
}

/* Natural-size load with optional sign extension. */
static int dif_load(struct dif_ctx *ctx, dt_u64 addr, dt_u32 size,
		    int is_signed, dt_u64 *val)
{
	union {
		dt_u8 b;
		dt_u16 h;
		dt_u32 w;
		dt_u64 x;
	} u;
	dt_u64 v, m;

	u.x = 0;
	if (ctx->ops->load(ctx->env, &u, addr, size) != 0) {
		ctx->fault = DIF_FAULT_BADADDR;
		ctx->fault_addr = addr;
		return DIF_FAULT_BADADDR;
	}
	switch (size) {
	case 1:
		v = u.b;
		break;
	case 2:
		v = u.h;
		break;
	case 4:
		v = u.w;
		break;
	default:
		v = u.x;
		break;
	}
	if (is_signed && size < 8) {
		m = (dt_u64)1 << (size * 8 - 1);
		v = (v ^ m) - m;
	}
	*val = v;
	return 0;
}

/* The binary arithmetic ops; @fault is set for division by zero. */
static dt_u64 dif_alu(dt_u32 op, dt_u64 a, dt_u64 b, int *fault)
{
	switch (op) {
	case DIF_OP_OR:
		return a | b;
	case DIF_OP_XOR:
		return a ^ b;
	case DIF_OP_AND:
		return a & b;
	case DIF_OP_SLL:
		return a << (b & 63);
	case DIF_OP_SRL:
		return a >> (b & 63);
	case DIF_OP_SRA:
		/* Spelled out: >> of a negative value is implementation-defined. */
		if (a & DIF_S64_MIN)
			return ~(~a >> (b & 63));
		return a >> (b & 63);
	case DIF_OP_SUB:
		return a - b;
	case DIF_OP_ADD:
		return a + b;
	case DIF_OP_MUL:
		return a * b;
	}

	if (b == 0) {
		*fault = DIF_FAULT_DIVZERO;
		return 0;
	}
	switch (op) {
	case DIF_OP_UDIV:
		return a / b;
	case DIF_OP_UREM:
		return a % b;
	case DIF_OP_SDIV:
		/* INT64_MIN / -1 overflows (and traps on x86): define it. */
		if (a == DIF_S64_MIN && b == ~(dt_u64)0)
			return DIF_S64_MIN;
		return (dt_u64)((dt_s64)a / (dt_s64)b);
	case DIF_OP_SREM:
		if (a == DIF_S64_MIN && b == ~(dt_u64)0)
			return 0;
		return (dt_u64)((dt_s64)a % (dt_s64)b);
	}
	*fault = DIF_FAULT_ILLOP;
	return 0;
}

/*
 * Condition codes of a - b.  Unlike illumos, which leaves cc_v at 0, the
 * overflow flag is computed, so the signed branches are right even when
 * a - b overflows (e.g. INT64_MIN compared with 1).
 */
static void dif_cmp(struct dif_cc *cc, dt_u64 a, dt_u64 b)
{
	dt_u64 r = a - b;

	cc->n = (dt_u8)(r >> 63);
	cc->z = r == 0;
	cc->v = (dt_u8)(((a ^ b) & (a ^ r)) >> 63);
	cc->c = a < b;
}

static int dif_branch_taken(dt_u32 op, const struct dif_cc *cc)
{
	switch (op) {
	case DIF_OP_BA:
		return 1;
	case DIF_OP_BE:
		return cc->z;
	case DIF_OP_BNE:
		return !cc->z;
	case DIF_OP_BG:
		return !(cc->z | (cc->n ^ cc->v));
	case DIF_OP_BGU:
		return !(cc->c | cc->z);
	case DIF_OP_BGE:
		return !(cc->n ^ cc->v);
	case DIF_OP_BGEU:
		return !cc->c;
	case DIF_OP_BL:
		return cc->n ^ cc->v;
	case DIF_OP_BLU:
		return cc->c;
	case DIF_OP_BLE:
		return cc->z | (cc->n ^ cc->v);
	default:	/* DIF_OP_BLEU */
		return cc->c | cc->z;
	}
}

/* LDGS: user globals from ctx->globals, builtins from ops->getvar. */
static int dif_getvar(struct dif_ctx *ctx, dt_u32 id, dt_u64 *val)
{
	if (id >= DIF_VAR_OTHER_UBASE) {
		id -= DIF_VAR_OTHER_UBASE;
		if (ctx->globals == NULL || id >= ctx->nglobals)
			return DIF_FAULT_ILLOP;
		*val = ctx->globals[id];
		return 0;
	}
	if (id < DIF_VAR_CURTHREAD || id > DIF_VAR_BUILTIN_MAX ||
	    ctx->ops->getvar == NULL)
		return DIF_FAULT_ILLOP;
	return ctx->ops->getvar(ctx->env, id, val);
}

int dif_emulate(const struct difo *dp, struct dif_ctx *ctx, dt_u64 *result)
{
	dt_u64 regs[DIF_NREGS];
	struct dif_cc cc;
	dt_u32 pc, insn, op, r1, r2, rd, idx;
	dt_u64 val;
	int fault, cmp;

	ctx->fault = DIF_FAULT_NONE;
	ctx->fault_pc = 0;
	ctx->fault_addr = 0;
	for (r1 = 0; r1 < DIF_NREGS; r1++)
		regs[r1] = 0;
	cc.n = 0;
	cc.z = 0;
	cc.v = 0;
	cc.c = 0;
	fault = DIF_FAULT_ILLOP;
	if (dp == NULL || dp->insns == NULL || ctx->ops == NULL ||
	    ctx->ops->load == NULL) {
		pc = 0;
		goto out;
	}

	for (pc = 0; pc < dp->ninsns; pc++) {
		insn = dp->insns[pc];
		op = DIF_INSTR_OP(insn);
		r1 = DIF_INSTR_R1(insn);
		r2 = DIF_INSTR_R2(insn);
		rd = DIF_INSTR_RD(insn);
		fault = DIF_FAULT_ILLOP;

		switch (op) {
		case DIF_OP_OR:
		case DIF_OP_XOR:
		case DIF_OP_AND:
		case DIF_OP_SLL:
		case DIF_OP_SRL:
		case DIF_OP_SRA:
		case DIF_OP_SUB:
		case DIF_OP_ADD:
		case DIF_OP_MUL:
		case DIF_OP_SDIV:
		case DIF_OP_UDIV:
		case DIF_OP_SREM:
		case DIF_OP_UREM:
			if (r1 >= DIF_NREGS || r2 >= DIF_NREGS ||
			    rd == 0 || rd >= DIF_NREGS)
				goto out;
			fault = DIF_FAULT_NONE;
			val = dif_alu(op, regs[r1], regs[r2], &fault);
			if (fault != DIF_FAULT_NONE)
				goto out;
			regs[rd] = val;
			break;
		case DIF_OP_NOT:
		case DIF_OP_MOV:
			if (r1 >= DIF_NREGS || rd == 0 || rd >= DIF_NREGS)
				goto out;
			regs[rd] = op == DIF_OP_NOT ? ~regs[r1] : regs[r1];
			break;
		case DIF_OP_CMP:
			if (r1 >= DIF_NREGS || r2 >= DIF_NREGS)
				goto out;
			dif_cmp(&cc, regs[r1], regs[r2]);
			break;
		case DIF_OP_TST:
			if (r1 >= DIF_NREGS)
				goto out;
			dif_cmp(&cc, regs[r1], 0);
			break;
		case DIF_OP_BA:
		case DIF_OP_BE:
		case DIF_OP_BNE:
		case DIF_OP_BG:
		case DIF_OP_BGU:
		case DIF_OP_BGE:
		case DIF_OP_BGEU:
		case DIF_OP_BL:
		case DIF_OP_BLU:
		case DIF_OP_BLE:
		case DIF_OP_BLEU:
			idx = DIF_INSTR_LABEL(insn);
			/* Forward only: the program always terminates. */
			if (idx <= pc || idx >= dp->ninsns)
				goto out;
			if (dif_branch_taken(op, &cc))
				pc = idx - 1;
			break;
		case DIF_OP_LDSB:
		case DIF_OP_LDSH:
		case DIF_OP_LDSW:
		case DIF_OP_LDUB:
		case DIF_OP_LDUH:
		case DIF_OP_LDUW:
		case DIF_OP_LDX:
			if (r1 >= DIF_NREGS || rd == 0 || rd >= DIF_NREGS)
				goto out;
			if (op == DIF_OP_LDX)
				idx = 8;
			else
				idx = 1u << ((op - DIF_OP_LDSB) % 3);
			fault = dif_load(ctx, regs[r1], idx,
					 op <= DIF_OP_LDSW, &val);
			if (fault != DIF_FAULT_NONE)
				goto out;
			regs[rd] = val;
			break;
		case DIF_OP_RET:
			if (rd >= DIF_NREGS)
				goto out;
			*result = regs[rd];
			return 0;
		case DIF_OP_NOP:
			break;
		case DIF_OP_SETX:
			idx = DIF_INSTR_INDEX(insn);
			if (rd == 0 || rd >= DIF_NREGS || dp->inttab == NULL ||
			    idx >= dp->nints)
				goto out;
			regs[rd] = dp->inttab[idx];
			break;
		case DIF_OP_SETS:
			idx = DIF_INSTR_INDEX(insn);
			if (rd == 0 || rd >= DIF_NREGS || dp->strtab == NULL ||
			    idx >= dp->strtab_len)
				goto out;
			regs[rd] = (dt_u64)(uintptr_t)(dp->strtab + idx);
			break;
		case DIF_OP_SCMP:
			if (r1 >= DIF_NREGS || r2 >= DIF_NREGS)
				goto out;
			fault = dif_strcmp(ctx, regs[r1], regs[r2], &cmp);
			if (fault != DIF_FAULT_NONE)
				goto out;
			/* As CMP of two values ordered like the strings. */
			dif_cmp(&cc, (dt_u64)(cmp + 1), 1);
			break;
		case DIF_OP_LDGA:
			/*
			 * Encoding: op | var(8, in the r1 field) | r2 | rd:
			 * rd = var[r2].  Only args[] (DIF_VAR_ARGS) exists.
			 * An index beyond 32 bits saturates, so getarg sees
			 * it as out of range instead of wrapping around.
			 */
			if (r1 != DIF_VAR_ARGS || r2 >= DIF_NREGS || rd == 0 ||
			    rd >= DIF_NREGS || ctx->ops->getarg == NULL)
				goto out;
			val = regs[r2];
			if (val > 0xffffffffu)
				val = 0xffffffffu;
			fault = ctx->ops->getarg(ctx->env, (dt_u32)val, &val);
			if (fault != DIF_FAULT_NONE)
				goto out;
			regs[rd] = val;
			break;
		case DIF_OP_LDGS:
			if (rd == 0 || rd >= DIF_NREGS)
				goto out;
			fault = dif_getvar(ctx, DIF_INSTR_INDEX(insn), &val);
			if (fault != DIF_FAULT_NONE)
				goto out;
			regs[rd] = val;
			break;
		case DIF_OP_STGS:
			/* The rd field names the source register here. */
			idx = DIF_INSTR_INDEX(insn);
			if (rd >= DIF_NREGS || idx < DIF_VAR_OTHER_UBASE ||
			    ctx->globals == NULL ||
			    idx - DIF_VAR_OTHER_UBASE >= ctx->nglobals)
				goto out;
			ctx->globals[idx - DIF_VAR_OTHER_UBASE] = regs[rd];
			break;
		default:
			/* Unknown, or not implemented yet (see the top). */
			goto out;
		}
	}
	/* Fell off the end without RET. */
	fault = DIF_FAULT_ILLOP;
	pc = dp->ninsns ? dp->ninsns - 1 : 0;
out:
	ctx->fault = fault;
	ctx->fault_pc = pc;
	return fault;
}
