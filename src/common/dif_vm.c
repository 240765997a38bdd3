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
 * Not implemented yet (the verifier rejects them as "unsupported
 * opcode" and the VM faults DIF_FAULT_ILLOP): LDTA, LDTS, STTS, LDGAA,
 * LDTAA, STGAA, STTAA, LDLS, STLS.
 *
 * Subroutines (CALL) take their arguments from a tuple stack of
 * DIF_MAX_TUPLE entries local to one dif_emulate(); strings they build
 * go to ctx->scratch (see dif_vm.h), and every string they read goes
 * through ops->load, so a bad address faults DIF_FAULT_BADADDR.
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
		if (idx < 0 && idx + rem > 0) {
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

	d = dif_scratch(ctx, ctx->strsize);
	if (d == NULL)
		return DIF_FAULT_NOSCRATCH;
	rc = dif_copy_string(ctx, d, s, ctx->strsize);
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

	d = dif_scratch(ctx, ctx->strsize);
	if (d == NULL)
		return DIF_FAULT_NOSCRATCH;
	rc = dif_copy_string(ctx, d, s, ctx->strsize);
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
	}
	ctx->fault = DIF_FAULT_ILLOP;
	return DIF_FAULT_ILLOP;
}

int dif_emulate(const struct difo *dp, struct dif_ctx *ctx, dt_u64 *result)
{
	dt_u64 regs[DIF_NREGS], tup[DIF_MAX_TUPLE];
	dt_u32 ntup = 0, amin, amax;
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
		case DIF_OP_PUSHTV:
		case DIF_OP_PUSHTR:
			/* Strings are pushed by address, like values. */
			if (r2 >= DIF_NREGS)
				goto out;
			if (ntup >= DIF_MAX_TUPLE) {
				fault = DIF_FAULT_TUPOFLOW;
				goto out;
			}
			tup[ntup++] = regs[r2];
			break;
		case DIF_OP_POPTS:
			if (ntup > 0)
				ntup--;
			break;
		case DIF_OP_FLUSHTS:
			ntup = 0;
			break;
		case DIF_OP_CALL:
			idx = DIF_INSTR_INDEX(insn);
			if (rd == 0 || rd >= DIF_NREGS ||
			    dif_subr_arity(idx, &amin, &amax) != 0 ||
			    ntup < amin || ntup > amax)
				goto out;
			fault = dif_subr(ctx, idx, tup, ntup, &val);
			ntup = 0;
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
