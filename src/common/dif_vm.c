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
 * User variables (dif.h): global and clause-local scalars in the areas
 * the owner gives (ctx->gvars, ctx->lvars), thread-locals and array
 * elements in the dynamic-variable store (dif_dynvar.c), all as the
 * variable table ctx->vt lays them out.  Not implemented (the verifier
 * rejects it, the VM faults DIF_FAULT_ILLOP): LDTA.
 *
 * Subroutines (CALL) take their arguments from a tuple stack of
 * DIF_MAX_TUPLE entries local to one dif_emulate(); strings they build
 * go to ctx->scratch (see dif_vm.h), and every string they read goes
 * through ops->load, so a bad address faults DIF_FAULT_BADADDR.
 */
#include "dif_vm.h"
#include "dif_dynvar.h"

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

	if (++ctx->work > DIF_WORK_MAX) {
		ctx->fault = DIF_FAULT_ILLOP;
		return DIF_FAULT_ILLOP;
	}
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

/* LDGS of a builtin variable: from ops->getvar. */
static int dif_getvar(struct dif_ctx *ctx, dt_u32 id, dt_u64 *val)
{
	if (id < DIF_VAR_CURTHREAD || id > DIF_VAR_BUILTIN_MAX ||
	    ctx->ops->getvar == NULL)
		return DIF_FAULT_ILLOP;
	return ctx->ops->getvar(ctx->env, id, val);
}

/* ---- user variables ---- */

/* The variable @id of @scope (kind checked), or NULL. */
static const struct dif_var *dif_var_get(struct dif_ctx *ctx, dt_u32 scope,
					 dt_u32 kind, dt_u32 id)
{
	const struct dif_vartab *vt = ctx->vt;
	const struct dif_var *v;

	if (vt == NULL || id < DIF_VAR_OTHER_UBASE)
		return NULL;
	id -= DIF_VAR_OTHER_UBASE;
	if (id >= vt->nids[scope] || vt->vars[scope] == NULL)
		return NULL;
	v = &vt->vars[scope][id];
	if (!v->present || v->kind != kind)
		return NULL;
	if (v->type == DIF_TYPE_STRING ? v->size != vt->strsize ||
	    v->size == 0 : v->size != 8)
		return NULL;
	return v;
}

/* The storage of scalar @v of @scope (global or local), or NULL. */
static char *dif_var_area(struct dif_ctx *ctx, dt_u32 scope,
			  const struct dif_var *v)
{
	char *area = scope == DTRACE_VSCOPE_GLOBAL ? ctx->gvars : ctx->lvars;

	if (area == NULL || v->offset > ctx->vt->area[scope] ||
	    v->size > ctx->vt->area[scope] - v->offset)
		return NULL;
	return area + v->offset;
}

static void dif_put_le(dt_u8 *p, dt_u64 v, dt_u32 n)
{
	dt_u32 i;

	for (i = 0; i < n; i++)
		p[i] = (dt_u8)(v >> (i * 8));
}

/*
 * Copy the string at @src into a string variable's @size bytes at @dst:
 * NUL-terminated and zero-filled, so that nothing of an older, longer
 * value stays behind.
 */
static int dif_var_setstr(struct dif_ctx *ctx, char *dst, dt_u64 src,
			  dt_u32 size)
{
	dt_u32 i;
	int rc;

	rc = dif_copy_string(ctx, dst, src, size);
	if (rc != 0)
		return rc;
	for (i = 0; i < size && dst[i] != '\0'; i++)
		;
	for (; i < size; i++)
		dst[i] = '\0';
	return 0;
}

/* LDGS/LDLS of a user variable, STGS/STLS with @store. */
static int dif_scalar(struct dif_ctx *ctx, dt_u32 scope, dt_u32 id,
		      int store, dt_u64 *val)
{
	const struct dif_var *v;
	char *p;
	dt_u64 x;
	dt_u32 i;

	if (ctx->vt == NULL && scope == DTRACE_VSCOPE_GLOBAL) {
		/* The form without a variable table: integer globals. */
		id -= DIF_VAR_OTHER_UBASE;
		if (ctx->globals == NULL || id >= ctx->nglobals)
			return DIF_FAULT_ILLOP;
		if (store)
			ctx->globals[id] = *val;
		else
			*val = ctx->globals[id];
		return 0;
	}
	v = dif_var_get(ctx, scope, DTRACE_VKIND_SCALAR, id);
	if (v == NULL)
		return DIF_FAULT_ILLOP;
	p = dif_var_area(ctx, scope, v);
	if (p == NULL)
		return DIF_FAULT_ILLOP;
	if (v->type == DIF_TYPE_STRING) {
		if (store)
			return dif_var_setstr(ctx, p, *val, v->size);
		*val = (dt_u64)(uintptr_t)p;
		return 0;
	}
	if (store) {
		dif_put_le((dt_u8 *)p, *val, 8);
		return 0;
	}
	for (i = 0, x = 0; i < 8; i++)
		x |= (dt_u64)(dt_u8)p[i] << (i * 8);
	*val = x;
	return 0;
}

/*
 * Build the key of a dynamic variable in the free tail of the scratch
 * space: scope, id, the thread key for thread-locals, then each tuple
 * entry (an integer as tag 1 and 8 bytes; a string as tag 2, its length
 * with the NUL and its bytes, padded to 8).  *@used is the key's length;
 * the space after it (*@room bytes) is free for a value.
 */
static int dif_dyn_key(struct dif_ctx *ctx, dt_u32 scope, dt_u32 id,
		       const dt_u64 *tup, dt_u32 tupstr, dt_u32 ntup,
		       dt_u8 **keyp, dt_u32 *used, dt_u32 *room)
{
	dt_u32 start, size, n, i, len;
	dt_u8 *k;
	int rc;

	if (ctx->scratch == NULL || ctx->scratch_used > ctx->scratch_size)
		goto noscratch;
	start = (ctx->scratch_used + 7) & ~7u;
	if (start < ctx->scratch_used || start > ctx->scratch_size)
		goto noscratch;
	k = (dt_u8 *)ctx->scratch + start;
	size = ctx->scratch_size - start;
	if (size < 16)
		goto noscratch;
	dif_put_le(k, scope, 4);
	dif_put_le(k + 4, id, 4);
	n = DIF_DYN_KEYHDR;
	if (scope == DTRACE_VSCOPE_THREAD) {
		dif_put_le(k + n, ctx->ops->threadkey ?
			   ctx->ops->threadkey(ctx->env) : 0, 8);
		n += 8;
	}
	for (i = 0; i < ntup; i++) {
		if (size - n < 16)
			goto noscratch;
		if (!(tupstr & (1u << i))) {
			dif_put_le(k + n, 1, 8);
			dif_put_le(k + n + 8, tup[i], 8);
			n += 16;
			continue;
		}
		if (size - n - 8 < ctx->strsize || ctx->strsize == 0)
			goto noscratch;
		rc = dif_copy_string(ctx, (char *)k + n + 8, tup[i],
				     ctx->strsize);
		if (rc != 0)
			return rc;
		for (len = 0; k[n + 8 + len] != 0; len++)
			;
		len++;
		dif_put_le(k + n, 2, 4);
		dif_put_le(k + n + 4, len, 4);
		n += 8 + len;
		while (n % 8)
			k[n++] = 0;
	}
	*keyp = k;
	*used = n;
	*room = size - n;
	return 0;
noscratch:
	ctx->fault = DIF_FAULT_NOSCRATCH;
	return DIF_FAULT_NOSCRATCH;
}

/*
 * LDTS/LDGAA/LDTAA (@store 0) and STTS/STGAA/STTAA: a missing element
 * loads as 0; storing 0 deletes.  A store the store cannot take (full,
 * or a lock that stayed busy) is dropped and counted, as is a load that
 * could not look.
 */
static int dif_dynvar(struct dif_ctx *ctx, dt_u32 scope, dt_u32 kind,
		      dt_u32 id, const dt_u64 *tup, dt_u32 tupstr,
		      dt_u32 ntup, int store, dt_u64 *val)
{
	const struct dif_var *v;
	dt_u32 keylen, room, i;
	dt_u8 *key, *vb;
	char *sval;
	dt_u64 ival;
	int rc;

	v = dif_var_get(ctx, scope, kind, id);
	if (v == NULL)
		return DIF_FAULT_ILLOP;
	rc = dif_dyn_key(ctx, scope, id, tup, tupstr, ntup, &key, &keylen,
			 &room);
	if (rc != 0)
		return rc;
	/* Hashing the key and comparing it with a few colliding ones. */
	ctx->work += (dt_u64)keylen * (1 + DIF_DYN_MAXCOLLIDE);
	if (ctx->work > DIF_WORK_MAX) {
		ctx->fault = DIF_FAULT_ILLOP;
		return DIF_FAULT_ILLOP;
	}
	if (!store) {
		rc = dif_dyn_get(ctx->dyn, ctx->cpu, key, keylen, v->size,
				 &ival, &sval);
		if (rc == DIF_DYN_DROP)
			ctx->dyndrops++;
		if (rc != DIF_DYN_OK)
			*val = 0;
		else if (v->type == DIF_TYPE_STRING)
			*val = (dt_u64)(uintptr_t)sval;
		else
			*val = ival;
		return 0;
	}
	if (*val == 0) {
		vb = NULL;
	} else if (v->type == DIF_TYPE_STRING) {
		if (room < v->size) {
			ctx->fault = DIF_FAULT_NOSCRATCH;
			return DIF_FAULT_NOSCRATCH;
		}
		vb = key + keylen;
		rc = dif_var_setstr(ctx, (char *)vb, *val, v->size);
		if (rc != 0)
			return rc;
	} else {
		if (room < 8) {
			ctx->fault = DIF_FAULT_NOSCRATCH;
			return DIF_FAULT_NOSCRATCH;
		}
		vb = key + keylen;
		for (i = 0; i < 8; i++)
			vb[i] = (dt_u8)(*val >> (i * 8));
	}
	if (dif_dyn_put(ctx->dyn, ctx->cpu, key, keylen, vb, v->size) !=
	    DIF_DYN_OK)
		ctx->dyndrops++;
	return 0;
}

/* ---- subroutines (DIF_OP_CALL) ---- */

/* Length of the string at @addr, counting at most @lim bytes. */
static int dif_strlen(struct dif_ctx *ctx, dt_u64 addr, dt_u32 lim,
		      dt_u32 *len)
{
	struct dif_strbuf sb;
	dt_u32 i;
	dt_u8 ch;
	int rc;

	sb.len = 0;
	sb.base = 0;
	for (i = 0; i < lim; i++) {
		rc = dif_str_byte(ctx, &sb, addr + i, &ch);
		if (rc != 0)
			return rc;
		if (ch == '\0')
			break;
	}
	*len = i;
	return 0;
}

/*
 * Reserve @size bytes of the firing's scratch space, at least 2 so that
 * "." always fits, and start with an empty string (a tiny strsize may
 * leave it unwritten).
 */
static char *dif_scratch(struct dif_ctx *ctx, dt_u32 size)
{
	char *p;

	if (size < 2)
		size = 2;
	if (ctx->scratch == NULL || ctx->scratch_used > ctx->scratch_size ||
	    size > ctx->scratch_size - ctx->scratch_used) {
		ctx->fault = DIF_FAULT_NOSCRATCH;
		return NULL;
	}
	p = ctx->scratch + ctx->scratch_used;
	ctx->scratch_used += size;
	p[0] = '\0';
	return p;
}

/* Compare at most @n bytes of two strings; 0 if they match. */
static int dif_strncmp(struct dif_ctx *ctx, dt_u64 a, dt_u64 b, dt_u32 n,
		       int *differ)
{
	struct dif_strbuf sa, sb;
	dt_u32 i;
	dt_u8 ca, cb;
	int rc;

	sa.len = 0;
	sa.base = 0;
	sb.len = 0;
	sb.base = 0;
	*differ = 0;
	for (i = 0; i < n; i++) {
		rc = dif_str_byte(ctx, &sa, a + i, &ca);
		if (rc == 0)
			rc = dif_str_byte(ctx, &sb, b + i, &cb);
		if (rc != 0)
			return rc;
		if (ca != cb) {
			*differ = 1;
			return 0;
		}
		if (ca == '\0')
			break;
	}
	return 0;
}

/* strchr(), strrchr(): address of the first/last @c in @s, or 0. */
static int dif_subr_strchr(struct dif_ctx *ctx, dt_u64 s, dt_u8 c, int last,
			   dt_u64 *rv)
{
	struct dif_strbuf sb;
	dt_u32 i;
	dt_u8 ch;
	int rc;

	sb.len = 0;
	sb.base = 0;
	*rv = 0;
	for (i = 0; i < ctx->strsize; i++) {
		rc = dif_str_byte(ctx, &sb, s + i, &ch);
		if (rc != 0)
			return rc;
		if (ch == c) {
			*rv = s + i;
			if (!last)
				break;
		}
		if (ch == '\0')
			break;
	}
	return 0;
}

/*
 * strstr(), index() and rindex(), with illumos' (that is, Perl's)
 * treatment of the optional start position and of empty strings.
 */
static int dif_subr_index(struct dif_ctx *ctx, dt_u32 subr,
			  const dt_u64 *tup, dt_u32 ntup, dt_u64 *rv)
{
	dt_u64 s = tup[0], sub = tup[1];
	dt_u32 len, sublen;
	dt_s64 pos, end, inc, pos0;
	int rc, differ;

	rc = dif_strlen(ctx, s, ctx->strsize, &len);
	if (rc == 0)
		rc = dif_strlen(ctx, sub, ctx->strsize, &sublen);
	if (rc != 0)
		return rc;
	*rv = subr == DIF_SUBR_STRSTR ? 0 : (dt_u64)-1;
	if (sublen == 0 && len == 0) {
		*rv = subr == DIF_SUBR_STRSTR ? s : 0;
		return 0;
	}
	pos = 0;
	end = len;
	inc = 1;
	if (subr == DIF_SUBR_RINDEX) {
		pos = len;
		end = -1;
		inc = -1;
	}
	if (subr != DIF_SUBR_STRSTR && ntup == 3) {
		pos0 = (dt_s64)tup[2];
		if (subr == DIF_SUBR_RINDEX) {
			if (pos0 < 0) {
				if (sublen == 0)
					*rv = 0;
				return 0;
			}
			pos = pos0 > (dt_s64)len ? (dt_s64)len : pos0;
		} else {
			if (pos0 < 0)
				pos0 = 0;
			if (pos0 >= (dt_s64)len) {
				if (sublen == 0)
					*rv = len;
				return 0;
			}
			pos = pos0;
		}
	}
	for (; pos != end; pos += inc) {
		rc = dif_strncmp(ctx, s + (dt_u64)pos, sub, sublen, &differ);
		if (rc != 0)
			return rc;
		if (!differ) {
			*rv = subr == DIF_SUBR_STRSTR ? s + (dt_u64)pos :
				(dt_u64)pos;
			break;
		}
	}
	return 0;
}

/* strjoin(a, b): faults rather than truncates when it does not fit. */
static int dif_subr_strjoin(struct dif_ctx *ctx, dt_u64 a, dt_u64 b,
			    dt_u64 *rv)
{
	dt_u32 la, lb;
	char *d;
	int rc;

	rc = dif_strlen(ctx, a, ctx->strsize, &la);
	if (rc == 0)
		rc = dif_strlen(ctx, b, ctx->strsize, &lb);
	if (rc != 0)
		return rc;
	if ((dt_u64)la + lb + 1 > ctx->strsize) {
		ctx->fault = DIF_FAULT_NOSCRATCH;
		return DIF_FAULT_NOSCRATCH;
	}
	d = dif_scratch(ctx, ctx->strsize);
	if (d == NULL)
		return DIF_FAULT_NOSCRATCH;
	rc = dif_copy_string(ctx, d, a, la + 1);
	if (rc == 0)
		rc = dif_copy_string(ctx, d + la, b, lb + 1);
	*rv = (dt_u64)(uintptr_t)d;
	return rc;
}

/*
 * substr(s, index [, length]) as in illumos: a negative index counts
 * from the end, a negative length leaves that many characters off the
 * end; the result has at most strsize - 1 characters.
 */
static int dif_subr_substr(struct dif_ctx *ctx, const dt_u64 *tup,
			   dt_u32 ntup, dt_u64 *rv)
{
	dt_s64 size = ctx->strsize, idx = (dt_s64)tup[1], rem;
	dt_u32 len;
	char *d;
	int rc;

	rc = dif_strlen(ctx, tup[0], ctx->strsize, &len);
	if (rc != 0)
		return rc;
	d = dif_scratch(ctx, ctx->strsize);
	if (d == NULL)
		return DIF_FAULT_NOSCRATCH;
	/* No sum below can overflow: each adds values of opposite sign. */
	rem = ntup > 2 ? (dt_s64)tup[2] : size;
	if (idx < 0) {
		idx += len;
		if (idx < 0 && rem > 0 && idx + rem > 0) {
			rem += idx;
			idx = 0;
		}
	}
	if (idx < 0 || idx >= (dt_s64)len)
		rem = 0;
	else if (rem < 0)
		rem += (dt_s64)len - idx;
	if (rem > size - 1)
		rem = size - 1;
	if (rem <= 0) {
		d[0] = '\0';
	} else {
		rc = dif_copy_string(ctx, d, tup[0] + (dt_u64)idx,
				     (dt_u32)rem + 1);
		if (rc != 0)
			return rc;
	}
	*rv = (dt_u64)(uintptr_t)d;
	return 0;
}

/* strtok(s, delim): @s == 0 continues where the last call stopped. */
static int dif_subr_strtok(struct dif_ctx *ctx, dt_u64 s, dt_u64 delim,
			   dt_u64 *rv)
{
	struct dif_strbuf sb;
	dt_u8 map[32], ch;
	dt_u32 i, n, lim;
	char *d;
	int rc;

	*rv = 0;
	if (s != 0) {
		lim = ctx->strsize;
	} else {
		s = ctx->strtok;
		lim = ctx->strtok_left;
	}
	if (s == 0)
		return 0;
	for (i = 0; i < 32; i++)
		map[i] = 0;
	sb.len = 0;
	sb.base = 0;
	for (i = 0; i < ctx->strsize; i++) {
		rc = dif_str_byte(ctx, &sb, delim + i, &ch);
		if (rc != 0)
			return rc;
		if (ch == '\0')
			break;
		map[ch >> 3] |= (dt_u8)(1u << (ch & 7));
	}
	d = dif_scratch(ctx, ctx->strsize);
	if (d == NULL)
		return DIF_FAULT_NOSCRATCH;
	sb.len = 0;
	ch = '\0';
	/* Skip leading delimiters. */
	for (i = 0; i < lim; i++) {
		rc = dif_str_byte(ctx, &sb, s + i, &ch);
		if (rc != 0)
			return rc;
		if (ch == '\0' || !(map[ch >> 3] & (1u << (ch & 7))))
			break;
	}
	if (ch == '\0' || i == lim) {
		ctx->strtok = 0;
		return 0;
	}
	for (n = 0; i < lim && n < ctx->strsize - 1; i++) {
		rc = dif_str_byte(ctx, &sb, s + i, &ch);
		if (rc != 0)
			return rc;
		if (ch == '\0')
			break;
		if (map[ch >> 3] & (1u << (ch & 7))) {
			i++;
			break;
		}
		d[n++] = (char)ch;
	}
	d[n] = '\0';
	ctx->strtok = s + i;
	ctx->strtok_left = lim - i;
	*rv = (dt_u64)(uintptr_t)d;
	return 0;
}

/*
 * A copy of the string at @s in a fresh strsize-byte piece of scratch,
 * for subroutines that edit a string in place.
 */
static int dif_scratch_copy(struct dif_ctx *ctx, dt_u64 s, char **dp)
{
	*dp = dif_scratch(ctx, ctx->strsize);
	if (*dp == NULL)
		return DIF_FAULT_NOSCRATCH;
	return dif_copy_string(ctx, *dp, s, ctx->strsize);
}

/*
 * basename(), dirname() as in illumos: "" gives "." for both, all
 * slashes give "/", a name without a slash has dirname ".".  The string
 * is copied to scratch first and the result moved to its start.
 */
static int dif_subr_dirbase(struct dif_ctx *ctx, dt_u32 subr, dt_u64 s,
			    dt_u64 *rv)
{
	dt_s64 i, j, lastbase = -1, firstbase = -1, lastdir = -1;
	dt_s64 start, end, len;
	char *d;
	int rc;

	rc = dif_scratch_copy(ctx, s, &d);
	if (rc != 0)
		return rc;
	*rv = (dt_u64)(uintptr_t)d;
	for (len = 0; d[len] != '\0'; len++)
		;
	for (i = len - 1; i >= 0 && d[i] == '/'; i--)
		;
	if (i >= 0)
		lastbase = i;
	for (; i >= 0 && d[i] != '/'; i--)
		;
	if (i >= 0)
		firstbase = i + 1;
	for (; i >= 0 && d[i] == '/'; i--)
		;
	if (i >= 0)
		lastdir = i;
	if (len == 0 || (firstbase == -1 && lastbase != -1 &&
			 subr == DIF_SUBR_DIRNAME)) {
		/* Empty, or a dirname without any slash. */
		d[0] = '.';
		d[1] = '\0';
		return 0;
	}
	if (lastbase == -1) {
		/* Nothing but slashes. */
		firstbase = 0;
		lastbase = 0;
		lastdir = 0;
	}
	if (firstbase == -1)
		firstbase = 0;
	if (subr == DIF_SUBR_DIRNAME) {
		/* For "/name", lastdir is -1: the directory is "/". */
		start = 0;
		end = lastdir == -1 ? 0 : lastdir;
	} else {
		start = firstbase;
		end = lastbase;
	}
	for (i = start, j = 0; i <= end; i++, j++)
		d[j] = d[i];
	d[j] = '\0';
	return 0;
}

/* lltostr(value [, base]): bases 2..36; 8 and 16 get 0 / 0x prefixes. */
static int dif_subr_lltostr(struct dif_ctx *ctx, const dt_u64 *tup,
			    dt_u32 ntup, dt_u64 *rv)
{
	dt_s64 i = (dt_s64)tup[0];
	dt_u64 val, digit, base = 10;
	char *d, *end;

	if (ntup > 1) {
		base = tup[1];
		if (base <= 1 || base > 36) {
			ctx->fault = DIF_FAULT_ILLOP;
			return DIF_FAULT_ILLOP;
		}
	}
	d = dif_scratch(ctx, 65 + 2);
	if (d == NULL)
		return DIF_FAULT_NOSCRATCH;
	val = (base == 10 && i < 0) ? 0 - (dt_u64)i : (dt_u64)i;
	end = d + 65 + 1;
	*end-- = '\0';
	for (; val; val /= base) {
		digit = val % base;
		*end-- = (char)(digit <= 9 ? '0' + digit : 'a' + digit - 10);
	}
	if (i == 0 && base == 16)
		*end-- = '0';
	if (base == 16)
		*end-- = 'x';
	if (i == 0 || base == 8 || base == 16)
		*end-- = '0';
	if (i < 0 && base == 10)
		*end-- = '-';
	*rv = (dt_u64)(uintptr_t)(end + 1);
	return 0;
}

/* toupper(), tolower(): ASCII only, like illumos. */
static int dif_subr_case(struct dif_ctx *ctx, dt_u64 s, int upper,
			 dt_u64 *rv)
{
	char lo = upper ? 'a' : 'A', hi = upper ? 'z' : 'Z';
	char *d;
	dt_u32 i;
	int rc;

	rc = dif_scratch_copy(ctx, s, &d);
	if (rc != 0)
		return rc;
	for (i = 0; d[i] != '\0'; i++)
		if (d[i] >= lo && d[i] <= hi)
			d[i] = (char)(d[i] - lo + (upper ? 'A' : 'a'));
	*rv = (dt_u64)(uintptr_t)d;
	return 0;
}

/* Host to network (big-endian) order of the low @bytes bytes of @v. */
static dt_u64 dif_hton(dt_u64 v, dt_u32 bytes)
{
	const union {
		dt_u16 h;
		dt_u8 b[2];
	} probe = { .h = 1 };
	dt_u64 r = 0;
	dt_u32 i;

	v &= bytes == 8 ? ~(dt_u64)0 : ((dt_u64)1 << (bytes * 8)) - 1;
	if (probe.b[0] == 0)
		return v;	/* big-endian host: nothing to do */
	for (i = 0; i < bytes; i++)
		r = (r << 8) | ((v >> (i * 8)) & 0xff);
	return r;
}

/* Is [@addr, @addr + @size) inside the scratch space handed out so far? */
static int dif_in_scratch(struct dif_ctx *ctx, dt_u64 addr, dt_u64 size)
{
	dt_u64 lo = (dt_u64)(uintptr_t)ctx->scratch;

	if (ctx->scratch == NULL || ctx->scratch_used > ctx->scratch_size)
		return 0;
	return addr >= lo && addr - lo <= ctx->scratch_used &&
	       size <= ctx->scratch_used - (addr - lo);
}

/* @size bytes of scratch, 8-byte aligned and zeroed (alloca, copyin). */
static char *dif_scratch_aligned(struct dif_ctx *ctx, dt_u64 size)
{
	dt_u32 start;
	dt_u64 i;
	char *p;

	if (ctx->scratch == NULL || ctx->scratch_used > ctx->scratch_size)
		goto full;
	start = (ctx->scratch_used + 7) & ~7u;
	if (start < ctx->scratch_used || start > ctx->scratch_size ||
	    size > ctx->scratch_size - start)
		goto full;
	p = ctx->scratch + start;
	for (i = 0; i < size; i++)
		p[i] = 0;
	ctx->scratch_used = start + (dt_u32)size;
	return p;
full:
	ctx->fault = DIF_FAULT_NOSCRATCH;
	return NULL;
}

static int dif_badaddr(struct dif_ctx *ctx, dt_u64 addr)
{
	ctx->fault = DIF_FAULT_BADADDR;
	ctx->fault_addr = addr;
	return DIF_FAULT_BADADDR;
}

/*
 * STB..STX: only this firing's scratch may be written (alloca(), the
 * subroutines' strings), as illumos' dtrace_canstore() allows no kernel
 * memory either; anything else is a bad address.
 */
static int dif_store(struct dif_ctx *ctx, dt_u64 addr, dt_u32 size,
		     dt_u64 val)
{
	union {
		dt_u8 b[8];
		dt_u16 h;
		dt_u32 w;
		dt_u64 x;
	} u;
	dt_u8 *d = (dt_u8 *)(uintptr_t)addr;
	dt_u32 i;

	if (!dif_in_scratch(ctx, addr, size))
		return dif_badaddr(ctx, addr);
	/* the value's low @size bytes, in memory order (as dif_load) */
	switch (size) {
	case 1:
		u.b[0] = (dt_u8)val;
		break;
	case 2:
		u.h = (dt_u16)val;
		break;
	case 4:
		u.w = (dt_u32)val;
		break;
	default:
		u.x = val;
		break;
	}
	for (i = 0; i < size; i++)
		d[i] = u.b[i];
	return DIF_FAULT_NONE;
}

/* copyin(uaddr, size), alloca(size), copyinto(uaddr, size, dst). */
static int dif_subr_copyin(struct dif_ctx *ctx, dt_u32 subr,
			   const dt_u64 *tup, dt_u64 *rv)
{
	dt_u64 size = subr == DIF_SUBR_ALLOCA ? tup[0] : tup[1];
	char *d;

	if (subr == DIF_SUBR_COPYINTO) {
		if (!dif_in_scratch(ctx, tup[2], size))
			return dif_badaddr(ctx, tup[2]);
		d = (char *)(uintptr_t)tup[2];
	} else {
		d = dif_scratch_aligned(ctx, size);
		if (d == NULL)
			return DIF_FAULT_NOSCRATCH;
	}
	*rv = (dt_u64)(uintptr_t)d;
	if (subr == DIF_SUBR_ALLOCA || size == 0)
		return 0;
	if (ctx->ops->copyin == NULL) {
		ctx->fault = DIF_FAULT_UPRIV;
		return DIF_FAULT_UPRIV;
	}
	if (ctx->ops->copyin(ctx->env, d, tup[0], (dt_u32)size) != 0)
		return dif_badaddr(ctx, tup[0]);
	return 0;
}

/* copyinstr(uaddr [, maxlen]): at most maxlen characters, strsize - 1. */
static int dif_subr_copyinstr(struct dif_ctx *ctx, const dt_u64 *tup,
			      dt_u32 ntup, dt_u64 *rv)
{
	dt_u64 size = ctx->strsize;
	char *d;

	if (ntup > 1 && tup[1] < size)
		size = tup[1] + 1;
	if (size == 0)
		size = 1;
	d = dif_scratch_aligned(ctx, size);
	if (d == NULL)
		return DIF_FAULT_NOSCRATCH;
	if (ctx->ops->copyinstr == NULL) {
		ctx->fault = DIF_FAULT_UPRIV;
		return DIF_FAULT_UPRIV;
	}
	if (ctx->ops->copyinstr(ctx->env, d, tup[0], (dt_u32)size) != 0)
		return dif_badaddr(ctx, tup[0]);
	d[size - 1] = '\0';
	*rv = (dt_u64)(uintptr_t)d;
	return 0;
}

/* bcopy(src, dst, size): @dst must lie in the scratch space handed out. */
static int dif_subr_bcopy(struct dif_ctx *ctx, const dt_u64 *tup)
{
	dt_u64 src = tup[0], dst = tup[1], size = tup[2], done;
	dt_u32 n;

	if (!dif_in_scratch(ctx, dst, size))
		return dif_badaddr(ctx, dst);
	for (done = 0; done < size; done += n) {
		n = size - done > 256 ? 256 : (dt_u32)(size - done);
		if (ctx->ops->load(ctx->env,
				   (char *)(uintptr_t)dst + done, src + done,
				   n) != 0)
			return dif_badaddr(ctx, src + done);
	}
	return 0;
}

/* rand(): xorshift128+ on per-CPU state. */
static dt_u64 dif_subr_rand(struct dif_ctx *ctx)
{
	dt_u64 *s = ctx->rand_state ? ctx->rand_state : ctx->rand_local;
	dt_u64 a = s[0], b = s[1];

	if (a == 0 && b == 0) {
		a = 0x9e3779b97f4a7c15ULL;
		b = 0xbf58476d1ce4e5b9ULL ^ (dt_u64)(uintptr_t)s;
	}
	s[0] = b;
	a ^= a << 23;
	s[1] = a ^ b ^ (a >> 17) ^ (b >> 26);
	return s[1] + b;
}

/* Write @v in decimal backwards ending at *@end (illumos' order). */
static void dif_rdec(char **end, dt_u32 v)
{
	if (v == 0) {
		*(*end)-- = '0';
		return;
	}
	for (; v; v /= 10)
		*(*end)-- = (char)('0' + v % 10);
}

/*
 * inet_ntoa(&ipaddr), inet_ntoa6(&in6), inet_ntop(af, &addr) as illumos
 * writes them: dotted quad; IPv6 hex groups with the longest run of zero
 * groups compressed to "::", an embedded IPv4 address (mapped or
 * compatible) in dotted form, and for inet_ntoa6 only that.  af is
 * Linux's AF_INET (2) or AF_INET6 (10); any other faults ILLOP.
 */
#define DIF_AF_INET		2
#define DIF_AF_INET6		10

static int dif_subr_inet(struct dif_ctx *ctx, dt_u32 subr, const dt_u64 *tup,
			 dt_u64 *rv)
{
	static const char digits[] = "0123456789abcdef";
	dt_u64 addr = subr == DIF_SUBR_INET_NTOP ? tup[1] : tup[0];
	dt_u64 af = subr == DIF_SUBR_INET_NTOP ? tup[0] :
		    subr == DIF_SUBR_INET_NTOA ? DIF_AF_INET : DIF_AF_INET6;
	int firstzero = -1, tryzero = -1, numzero = 1, v6end, i;
	dt_u8 a[16];
	char *base, *end;
	dt_u32 val, size;

	if (af != DIF_AF_INET && af != DIF_AF_INET6) {
		ctx->fault = DIF_FAULT_ILLOP;
		return DIF_FAULT_ILLOP;
	}
	size = af == DIF_AF_INET ? 4 : 16;
	if (ctx->ops->load(ctx->env, a, addr, size) != 0)
		return dif_badaddr(ctx, addr);
	size = af == DIF_AF_INET ? 16 : 46;	/* INET(6)_ADDRSTRLEN */
	base = dif_scratch(ctx, size);
	if (base == NULL)
		return DIF_FAULT_NOSCRATCH;
	end = base + size - 1;
	*end-- = '\0';
	if (af == DIF_AF_INET) {
		for (i = 3; i >= 0; i--) {
			dif_rdec(&end, a[i]);
			if (i > 0)
				*end-- = '.';
		}
		*rv = (dt_u64)(uintptr_t)(end + 1);
		return 0;
	}
	for (i = 0; i < 16; i++) {
		if (a[i] == 0 && tryzero == -1 && i % 2 == 0) {
			tryzero = i;
			continue;
		}
		if (tryzero != -1 && (a[i] != 0 || i == 15)) {
			if (i - tryzero <= numzero) {
				tryzero = -1;
				continue;
			}
			firstzero = tryzero;
			numzero = i - i % 2 - tryzero;
			tryzero = -1;
			if (a[i] == 0 && i == 15)
				numzero += 2;
		}
	}
	v6end = 14;
	for (i = 0, val = 0; i < 10; i++)
		val |= a[i];
	if (val == 0 && ((a[10] == 0xff && a[11] == 0xff) ||
			 (a[10] == 0 && a[11] == 0 &&
			  (a[12] | a[13] | a[14]) != 0) ||
			 (a[10] == 0 && a[11] == 0 && a[15] > 1))) {
		for (i = 15; i >= 12; i--) {
			dif_rdec(&end, a[i]);
			if (i > 12)
				*end-- = '.';
		}
		if (subr == DIF_SUBR_INET_NTOA6) {
			*rv = (dt_u64)(uintptr_t)(end + 1);
			return 0;
		}
		v6end = 10;
	}
	for (i = v6end; i >= 0; i -= 2) {
		if (i == firstzero + numzero - 2) {
			*end-- = ':';
			*end-- = ':';
			i -= numzero - 2;
			continue;
		}
		if (i < 14 && i != firstzero - 2)
			*end-- = ':';
		val = ((dt_u32)a[i] << 8) + a[i + 1];
		if (val == 0)
			*end-- = '0';
		for (; val; val /= 16)
			*end-- = digits[val % 16];
	}
	*rv = (dt_u64)(uintptr_t)(end + 1);
	return 0;
}

/* Run subroutine @subr; the arity was checked by the caller. */
static int dif_subr(struct dif_ctx *ctx, dt_u32 subr, const dt_u64 *tup,
		    dt_u32 ntup, dt_u64 *rv)
{
	dt_u32 len;
	int rc;

	*rv = 0;
	switch (subr) {
	case DIF_SUBR_STRLEN:
		rc = dif_strlen(ctx, tup[0], ctx->strsize ?
				ctx->strsize - 1 : 0, &len);
		*rv = len;
		return rc;
	case DIF_SUBR_STRJOIN:
		return dif_subr_strjoin(ctx, tup[0], tup[1], rv);
	case DIF_SUBR_LLTOSTR:
		return dif_subr_lltostr(ctx, tup, ntup, rv);
	case DIF_SUBR_BASENAME:
	case DIF_SUBR_DIRNAME:
		return dif_subr_dirbase(ctx, subr, tup[0], rv);
	case DIF_SUBR_STRCHR:
	case DIF_SUBR_STRRCHR:
		return dif_subr_strchr(ctx, tup[0], (dt_u8)tup[1],
				       subr == DIF_SUBR_STRRCHR, rv);
	case DIF_SUBR_STRSTR:
	case DIF_SUBR_INDEX:
	case DIF_SUBR_RINDEX:
		return dif_subr_index(ctx, subr, tup, ntup, rv);
	case DIF_SUBR_STRTOK:
		return dif_subr_strtok(ctx, tup[0], tup[1], rv);
	case DIF_SUBR_SUBSTR:
		return dif_subr_substr(ctx, tup, ntup, rv);
	case DIF_SUBR_HTONS:
	case DIF_SUBR_NTOHS:
		*rv = dif_hton(tup[0], 2);
		return 0;
	case DIF_SUBR_HTONL:
	case DIF_SUBR_NTOHL:
		*rv = dif_hton(tup[0], 4);
		return 0;
	case DIF_SUBR_HTONLL:
	case DIF_SUBR_NTOHLL:
		*rv = dif_hton(tup[0], 8);
		return 0;
	case DIF_SUBR_TOUPPER:
	case DIF_SUBR_TOLOWER:
		return dif_subr_case(ctx, tup[0], subr == DIF_SUBR_TOUPPER,
				     rv);
	case DIF_SUBR_COPYIN:
	case DIF_SUBR_ALLOCA:
	case DIF_SUBR_COPYINTO:
		return dif_subr_copyin(ctx, subr, tup, rv);
	case DIF_SUBR_COPYINSTR:
		return dif_subr_copyinstr(ctx, tup, ntup, rv);
	case DIF_SUBR_BCOPY:
		return dif_subr_bcopy(ctx, tup);
	case DIF_SUBR_RAND:
		*rv = dif_subr_rand(ctx);
		return 0;
	case DIF_SUBR_SPECULATION:
		*rv = ctx->ops->speculation ?
		      ctx->ops->speculation(ctx->env) : 0;
		return 0;
	case DIF_SUBR_PROGENYOF:
		*rv = ctx->ops->progenyof ?
		      (ctx->ops->progenyof(ctx->env, tup[0]) != 0) : 0;
		return 0;
	case DIF_SUBR_INET_NTOA:
	case DIF_SUBR_INET_NTOA6:
	case DIF_SUBR_INET_NTOP:
		return dif_subr_inet(ctx, subr, tup, rv);
	}
	ctx->fault = DIF_FAULT_ILLOP;
	return DIF_FAULT_ILLOP;
}

int dif_emulate(const struct difo *dp, struct dif_ctx *ctx, dt_u64 *result)
{
	dt_u64 regs[DIF_NREGS], tup[DIF_MAX_TUPLE];
	dt_u32 ntup = 0, tupstr = 0, amin, amax;
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
		/* Every instruction counts against the firing's work too. */
		ctx->work += DIF_WORK_INSN;
		if (ctx->work > DIF_WORK_MAX)
			goto out;

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
		case DIF_OP_STB:
		case DIF_OP_STH:
		case DIF_OP_STW:
		case DIF_OP_STX:
			if (r1 >= DIF_NREGS || rd >= DIF_NREGS)
				goto out;
			fault = dif_store(ctx, regs[rd],
					  1u << (op - DIF_OP_STB), regs[r1]);
			if (fault != DIF_FAULT_NONE)
				goto out;
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
		case DIF_OP_LDLS:
			if (rd == 0 || rd >= DIF_NREGS)
				goto out;
			idx = DIF_INSTR_INDEX(insn);
			if (op == DIF_OP_LDGS && idx < DIF_VAR_OTHER_UBASE)
				fault = dif_getvar(ctx, idx, &val);
			else
				fault = dif_scalar(ctx, op == DIF_OP_LDGS ?
						   DTRACE_VSCOPE_GLOBAL :
						   DTRACE_VSCOPE_LOCAL, idx, 0,
						   &val);
			if (fault != DIF_FAULT_NONE)
				goto out;
			regs[rd] = val;
			break;
		case DIF_OP_STGS:
		case DIF_OP_STLS:
			/* The rd field names the source register here. */
			idx = DIF_INSTR_INDEX(insn);
			if (rd >= DIF_NREGS || idx < DIF_VAR_OTHER_UBASE)
				goto out;
			val = regs[rd];
			fault = dif_scalar(ctx, op == DIF_OP_STGS ?
					   DTRACE_VSCOPE_GLOBAL :
					   DTRACE_VSCOPE_LOCAL, idx, 1, &val);
			if (fault != DIF_FAULT_NONE)
				goto out;
			break;
		case DIF_OP_LDTS:
		case DIF_OP_STTS:
			if (rd >= DIF_NREGS || (op == DIF_OP_LDTS && rd == 0))
				goto out;
			val = regs[rd];
			fault = dif_dynvar(ctx, DTRACE_VSCOPE_THREAD,
					   DTRACE_VKIND_SCALAR,
					   DIF_INSTR_INDEX(insn), NULL, 0, 0,
					   op == DIF_OP_STTS, &val);
			if (fault != DIF_FAULT_NONE)
				goto out;
			if (op == DIF_OP_LDTS)
				regs[rd] = val;
			break;
		case DIF_OP_LDGAA:
		case DIF_OP_LDTAA:
		case DIF_OP_STGAA:
		case DIF_OP_STTAA:
			if (rd >= DIF_NREGS || ntup == 0 ||
			    ((op == DIF_OP_LDGAA || op == DIF_OP_LDTAA) &&
			     rd == 0))
				goto out;
			val = regs[rd];
			fault = dif_dynvar(ctx, op == DIF_OP_LDGAA ||
					   op == DIF_OP_STGAA ?
					   DTRACE_VSCOPE_GLOBAL :
					   DTRACE_VSCOPE_THREAD,
					   DTRACE_VKIND_ARRAY,
					   DIF_INSTR_INDEX(insn), tup, tupstr,
					   ntup, op == DIF_OP_STGAA ||
					   op == DIF_OP_STTAA, &val);
			ntup = 0;
			tupstr = 0;
			if (fault != DIF_FAULT_NONE)
				goto out;
			if (op == DIF_OP_LDGAA || op == DIF_OP_LDTAA)
				regs[rd] = val;
			break;
		case DIF_OP_PUSHTV:
		case DIF_OP_PUSHTR:
			/*
			 * Subroutines take strings by address, like values;
			 * array keys copy what a PUSHTR names (dif_dyn_key).
			 */
			if (r2 >= DIF_NREGS)
				goto out;
			if (ntup >= DIF_MAX_TUPLE) {
				fault = DIF_FAULT_TUPOFLOW;
				goto out;
			}
			if (op == DIF_OP_PUSHTR)
				tupstr |= 1u << ntup;
			else
				tupstr &= ~(1u << ntup);
			tup[ntup++] = regs[r2];
			break;
		case DIF_OP_POPTS:
			if (ntup > 0)
				ntup--;
			break;
		case DIF_OP_FLUSHTS:
			ntup = 0;
			tupstr = 0;
			break;
		case DIF_OP_CALL:
			idx = DIF_INSTR_INDEX(insn);
			if (rd == 0 || rd >= DIF_NREGS ||
			    dif_subr_arity(idx, &amin, &amax) != 0 ||
			    ntup < amin || ntup > amax)
				goto out;
			fault = dif_subr(ctx, idx, tup, ntup, &val);
			ntup = 0;
			tupstr = 0;
			if (fault != DIF_FAULT_NONE)
				goto out;
			regs[rd] = val;
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
