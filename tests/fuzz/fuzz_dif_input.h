/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The input format of the fuzz_dif target: one DIF object with its
 * tables and the variables of its enabling, packed so that a mutation
 * anywhere still decodes to something (counts are clamped to the bytes
 * present, never refused).  Little-endian:
 *
 *   u8  flags       bit 0: result type string (else int); bit 1: run the
 *                   program twice in one firing (the second run sees the
 *                   first one's scratch space and strtok() state, as an
 *                   action sees the predicate's); bit 2: no variable
 *                   table, the old form (dif_verify() with nglobals =
 *                   nvars integer globals); bit 3: a dynamic-variable
 *                   store of the smallest size (fills up, drops)
 *   u8  strsize     index into fuzz_dif_strsizes[] (modulo its length)
 *   u8  nints       integer table entries
 *   u8  nvars       variable descriptions
 *   u16 strtab_len  string table bytes
 *   nvars x { u8 scope, u8 kind, u8 type, u8 id }   a struct dtrace_vardesc
 *                   with id DIF_VAR_OTHER_UBASE + id and the size its
 *                   type wants (8 or strsize); bit 7 of type gives a
 *                   wrong size instead
 *   nints x u64     integer table
 *   strtab_len x u8 string table
 *   u32 ...         instructions: the rest of the input (a tail of fewer
 *                   than 4 bytes is ignored)
 *
 * Shared by the target (decode) and by gen_dif_corpus.c (encode), so the
 * committed seeds always match what the target reads.
 */
#ifndef FUZZ_DIF_INPUT_H
#define FUZZ_DIF_INPUT_H

#include <stdlib.h>
#include <string.h>
#include "dif.h"
#include "dtrace_abi.h"

#define FUZZ_DIF_F_STRING	0x01
#define FUZZ_DIF_F_TWICE	0x02
#define FUZZ_DIF_F_NOVT		0x04
#define FUZZ_DIF_F_SMALLDYN	0x08
#define FUZZ_DIF_T_BADSIZE	0x80
#define FUZZ_DIF_HDR		6
#define FUZZ_DIF_VAR		4

/* strsize values the kernel accepts (1..4096), small ones for edge cases. */
static const dt_u32 fuzz_dif_strsizes[] = {
	256, 1, 2, 3, 8, 16, 32, 64, 255, 1024, 4096,
};
#define FUZZ_DIF_NSTRSIZES \
	(sizeof(fuzz_dif_strsizes) / sizeof(fuzz_dif_strsizes[0]))

struct fuzz_dif_var {
	dt_u8 scope, kind, type, id;
};

/* A decoded input; every table is its own exact-size allocation. */
struct fuzz_dif_input {
	dt_u8 flags;
	dt_u32 strsize;
	struct fuzz_dif_var *vars;
	dt_u32 nvars;
	dt_u64 *inttab;
	dt_u32 nints;
	char *strtab;
	dt_u32 strtab_len;
	dt_u32 *insns;
	dt_u32 ninsns;
};

static inline void fuzz_dif_free(struct fuzz_dif_input *in)
{
	free(in->vars);
	free(in->inttab);
	free(in->strtab);
	free(in->insns);
	memset(in, 0, sizeof(*in));
}

/* Entry @i of the variable table as the struct the kernel gets. */
static inline void fuzz_dif_vardesc(const struct fuzz_dif_input *in,
				    dt_u32 i, struct dtrace_vardesc *vd)
{
	const struct fuzz_dif_var *v = &in->vars[i];
	dt_u32 type = v->type & ~FUZZ_DIF_T_BADSIZE;

	vd->id = DIF_VAR_OTHER_UBASE + v->id;
	vd->scope = v->scope;
	vd->kind = v->kind;
	vd->type = type;
	vd->size = type == DIF_TYPE_STRING ? in->strsize : 8;
	if (v->type & FUZZ_DIF_T_BADSIZE)
		vd->size += v->id + 1u;
}

/* Little-endian reads that do not care about the host's byte order. */
static inline dt_u64 fuzz_le(const dt_u8 *p, unsigned int n)
{
	dt_u64 v = 0;

	while (n-- > 0)
		v = (v << 8) | p[n];
	return v;
}

/*
 * Decode @data.  Returns 0, or -1 when the input is shorter than the
 * header or memory ran out.  Empty tables are NULL, as the kernel has
 * them.
 */
static inline int fuzz_dif_decode(const dt_u8 *data, size_t size,
				  struct fuzz_dif_input *in)
{
	size_t left, need;
	dt_u32 i, n;

	memset(in, 0, sizeof(*in));
	if (size < FUZZ_DIF_HDR)
		return -1;
	in->flags = data[0];
	in->strsize = fuzz_dif_strsizes[data[1] % FUZZ_DIF_NSTRSIZES];
	in->nints = data[2];
	in->nvars = data[3];
	in->strtab_len = (dt_u32)fuzz_le(data + 4, 2);
	data += FUZZ_DIF_HDR;
	left = size - FUZZ_DIF_HDR;

	if (in->nvars > left / FUZZ_DIF_VAR)
		in->nvars = (dt_u32)(left / FUZZ_DIF_VAR);
	if (in->nvars) {
		in->vars = malloc(in->nvars * sizeof(*in->vars));
		if (in->vars == NULL)
			goto fail;
		for (i = 0; i < in->nvars; i++, data += FUZZ_DIF_VAR) {
			in->vars[i].scope = data[0];
			in->vars[i].kind = data[1];
			in->vars[i].type = data[2];
			in->vars[i].id = data[3];
		}
		left -= in->nvars * FUZZ_DIF_VAR;
	}

	if (in->nints > left / 8)
		in->nints = (dt_u32)(left / 8);
	if (in->nints) {
		in->inttab = malloc(in->nints * sizeof(*in->inttab));
		if (in->inttab == NULL)
			goto fail;
		for (i = 0; i < in->nints; i++, data += 8)
			in->inttab[i] = fuzz_le(data, 8);
		left -= in->nints * 8;
	}

	if (in->strtab_len > left)
		in->strtab_len = (dt_u32)left;
	if (in->strtab_len) {
		in->strtab = malloc(in->strtab_len);
		if (in->strtab == NULL)
			goto fail;
		memcpy(in->strtab, data, in->strtab_len);
		data += in->strtab_len;
		left -= in->strtab_len;
	}

	n = (dt_u32)(left / 4);
	if (n) {
		need = n * sizeof(*in->insns);
		in->insns = malloc(need);
		if (in->insns == NULL)
			goto fail;
		for (i = 0; i < n; i++, data += 4)
			in->insns[i] = (dt_u32)fuzz_le(data, 4);
		in->ninsns = n;
	}
	return 0;
fail:
	fuzz_dif_free(in);
	return -1;
}

/*
 * Encode into @buf (@len bytes).  Returns the size, or 0 if it does not
 * fit or a count exceeds the format's fields.
 */
static inline size_t fuzz_dif_encode(const struct fuzz_dif_input *in,
				     dt_u8 strsize_index, dt_u8 *buf,
				     size_t len)
{
	size_t need, off;
	dt_u32 i, b;

	if (in->nints > 255 || in->nvars > 255 || in->strtab_len > 0xffff)
		return 0;
	need = FUZZ_DIF_HDR + (size_t)in->nvars * FUZZ_DIF_VAR +
	       (size_t)in->nints * 8 + in->strtab_len +
	       (size_t)in->ninsns * 4;
	if (need > len)
		return 0;
	buf[0] = in->flags;
	buf[1] = strsize_index;
	buf[2] = (dt_u8)in->nints;
	buf[3] = (dt_u8)in->nvars;
	buf[4] = (dt_u8)in->strtab_len;
	buf[5] = (dt_u8)(in->strtab_len >> 8);
	off = FUZZ_DIF_HDR;
	for (i = 0; i < in->nvars; i++) {
		buf[off++] = in->vars[i].scope;
		buf[off++] = in->vars[i].kind;
		buf[off++] = in->vars[i].type;
		buf[off++] = in->vars[i].id;
	}
	for (i = 0; i < in->nints; i++)
		for (b = 0; b < 8; b++)
			buf[off++] = (dt_u8)(in->inttab[i] >> (8 * b));
	if (in->strtab_len)
		memcpy(buf + off, in->strtab, in->strtab_len);
	off += in->strtab_len;
	for (i = 0; i < in->ninsns; i++)
		for (b = 0; b < 4; b++)
			buf[off++] = (dt_u8)(in->insns[i] >> (8 * b));
	return off;
}

#endif /* FUZZ_DIF_INPUT_H */
