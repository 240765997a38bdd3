// SPDX-License-Identifier: GPL-2.0
/*
 * enable_fuzz N SEED: hostile ENABLE blobs for dtrace.ko.  Builds one
 * valid enabling (variables of every scope and kind, predicates and
 * actions of every kind on dtrace:::BEGIN and END), checks that the
 * module accepts it, then N times flips bytes or 32-bit fields of a copy
 * and hands it to ENABLE on a fresh /dev/dtrace; an accepted one is also
 * run (GO fires BEGIN, a snapshot, STOP fires END).  The module must
 * reject or run each without crashing, hanging or leaking (the harness
 * checks the console).  Prints "enable_fuzz: N blobs, A accepted, R
 * rejected" and exits 0 only if both happened.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>

#include "../../../src/common/dtrace_abi.h"
#include "../../../src/common/dif.h"

#define OP3(op, a, b, d)	DIF_INSTR_FMT(DIF_OP_##op, a, b, d)
#define OPX(op, i, d)		DIF_INSTR_IDX(DIF_OP_##op, i, d)
#define U			DIF_VAR_OTHER_UBASE
#define STRSIZE			32

static unsigned char blob[16384] __attribute__((aligned(8)));
static size_t blen;
static unsigned long long rng;

static unsigned long long rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static size_t put(const void *p, size_t n)
{
	size_t off = (blen + 7) & ~(size_t)7;

	if (off + n > sizeof(blob))
		exit(2);
	memcpy(blob + off, p, n);
	blen = off + n;
	return off;
}

/* A DIF object from @insns (ints: @ints), described into @d. */
static void difo(struct dtrace_difodesc *d, const dt_u32 *insns, dt_u32 n,
		 const dt_u64 *ints, dt_u32 nints, const char *str,
		 dt_u32 slen, dt_u32 rtype)
{
	memset(d, 0, sizeof(*d));
	d->insns_off = (dt_u32)put(insns, n * 4);
	d->ninsns = n;
	if (nints) {
		d->inttab_off = (dt_u32)put(ints, nints * 8);
		d->nints = nints;
	}
	if (slen) {
		d->strtab_off = (dt_u32)put(str, slen);
		d->strtab_len = slen;
	}
	d->rtype = rtype;
	d->rsize = rtype == DIF_TYPE_STRING ? STRSIZE : 8;
}

static dt_u32 probe_id(int fd, const char *name)
{
	struct dtrace_probedesc pd[64];
	struct dtrace_probes_req req;
	int i;

	memset(&req, 0, sizeof(req));
	req.first = 1;
	req.max = 64;
	req.buf = (dt_u64)(unsigned long)pd;
	if (ioctl(fd, DTRACEIOC_PROBES, &req) < 0)
		return 0;
	for (i = 0; i < (int)req.count; i++)
		if (!strcmp(pd[i].prov, "dtrace") && !strcmp(pd[i].name, name))
			return pd[i].id;
	return 0;
}

static void build(dt_u32 begin, dt_u32 end)
{
	static const struct dtrace_vardesc vars[] = {
		{ U + 0, DTRACE_VSCOPE_GLOBAL, DTRACE_VKIND_SCALAR,
		  DIF_TYPE_INT, 8 },
		{ U + 1, DTRACE_VSCOPE_GLOBAL, DTRACE_VKIND_SCALAR,
		  DIF_TYPE_STRING, STRSIZE },
		{ U + 2, DTRACE_VSCOPE_GLOBAL, DTRACE_VKIND_ARRAY,
		  DIF_TYPE_INT, 8 },
		{ U + 0, DTRACE_VSCOPE_THREAD, DTRACE_VKIND_SCALAR,
		  DIF_TYPE_INT, 8 },
		{ U + 1, DTRACE_VSCOPE_THREAD, DTRACE_VKIND_ARRAY,
		  DIF_TYPE_STRING, STRSIZE },
		{ U + 0, DTRACE_VSCOPE_LOCAL, DTRACE_VKIND_SCALAR,
		  DIF_TYPE_INT, 8 },
	};
	static const char str[] = "key\0val";
	static const dt_u64 ints[] = { 7, 3, 0 };
	/* x = 7; self->t = x; a[3] = x; this->l = 3; self->s["key"] = "val" */
	static const dt_u32 p_assign[] = {
		OPX(SETX, 0, 1), OPX(STGS, U, 1), OPX(LDGS, U, 2),
		OPX(STTS, U, 2), OPX(SETX, 1, 3), OP3(PUSHTV, 0, 3, 0),
		OPX(STGAA, U + 2, 2), OPX(STLS, U, 3), OPX(SETS, 0, 4),
		OPX(SETS, 4, 5), OP3(PUSHTR, 0, 4, 0),
		OPX(STTAA, U + 1, 5), OPX(STGS, U + 1, 5), OP3(RET, 0, 0, 1),
	};
	/* x + self->t + this->l + a[3] */
	static const dt_u32 p_value[] = {
		OPX(LDGS, U, 1), OPX(LDTS, U, 2), OP3(ADD, 1, 2, 1),
		OPX(LDLS, U, 2), OP3(ADD, 1, 2, 1), OPX(SETX, 1, 3),
		OP3(PUSHTV, 0, 3, 0), OPX(LDGAA, U + 2, 2), OP3(ADD, 1, 2, 1),
		OP3(RET, 0, 0, 1),
	};
	/* the string global */
	static const dt_u32 p_str[] = { OPX(LDGS, U + 1, 1), OP3(RET, 0, 0, 1) };
	/* predicate: x == 0 (true the first time) */
	static const dt_u32 p_pred[] = {
		OPX(LDGS, U, 1), OPX(SETX, 2, 2), OP3(CMP, 1, 2, 0),
		DIF_INSTR_BRANCH(DIF_OP_BNE, 5), OPX(SETX, 1, 3),
		OP3(RET, 0, 0, 3),
	};
	/* the address of the string table (for tracemem) */
	static const dt_u32 p_addr[] = { OPX(SETS, 0, 1), OP3(RET, 0, 0, 1) };
	/* speculation() */
	static const dt_u32 p_spec[] = {
		OPX(CALL, DIF_SUBR_SPECULATION, 1), OP3(RET, 0, 0, 1),
	};
	struct dtrace_enable_hdr h;
	struct dtrace_ecbdesc e[3];
	struct dtrace_actdesc a[6], b[2], s[3];
	struct dtrace_difodesc k[3];
	size_t hoff, eoff, aoff;

	blen = 0;
	memset(&h, 0, sizeof(h));
	hoff = put(&h, sizeof(h));
	h.vars_off = (dt_u32)put(vars, sizeof(vars));
	h.nvars = sizeof(vars) / sizeof(vars[0]);
	memset(e, 0, sizeof(e));
	eoff = put(e, sizeof(e));
	memset(a, 0, sizeof(a));
	a[0].kind = DTRACE_ACT_DIFEXPR;
	difo(&a[0].difo, p_assign, 14, ints, 3, str, sizeof(str), 0);
	a[1].kind = DTRACE_ACT_STORE;
	a[1].offset = 0;
	a[1].size = 8;
	difo(&a[1].difo, p_value, 10, ints, 3, NULL, 0, 0);
	a[2].kind = DTRACE_ACT_STORE;
	a[2].offset = 8;
	a[2].size = STRSIZE;
	difo(&a[2].difo, p_str, 2, NULL, 0, NULL, 0, DIF_TYPE_STRING);
	a[3].kind = DTRACE_ACT_AGGREGATE;
	a[3].aggfn = DTRACE_AGG_SUM;
	difo(&a[3].difo, p_value, 10, ints, 3, NULL, 0, 0);
	/* keys: stack(4), ustack(2) (no DIF, frames * 8 bytes), x */
	memset(k, 0, sizeof(k));
	k[0].rtype = DIF_TYPE_STACK;
	k[0].rsize = 32;
	k[1].rtype = DIF_TYPE_USTACK;
	k[1].rsize = 16;
	difo(&k[2], p_value, 10, ints, 3, NULL, 0, 0);
	a[3].nkeys = 3;
	a[3].keys_off = (dt_u32)put(k, sizeof(k));
	a[4].kind = DTRACE_ACT_STACK;
	a[4].offset = 40;
	a[4].size = 64;
	a[5].kind = DTRACE_ACT_TRACEMEM;
	a[5].offset = 104;
	a[5].size = 8;
	difo(&a[5].difo, p_addr, 2, NULL, 0, str, sizeof(str), 0);
	aoff = put(a, sizeof(a));
	e[0].epid = 1;
	e[0].probe = begin;
	e[0].size = 112;
	e[0].nactions = 6;
	e[0].actions_off = (dt_u32)aoff;
	difo(&e[0].pred, p_pred, 6, ints, 3, NULL, 0, 0);

	/* END: a record even without values, and the value again */
	memset(b, 0, sizeof(b));
	b[0].kind = DTRACE_ACT_STORE;
	b[0].size = 8;
	difo(&b[0].difo, p_value, 10, ints, 3, NULL, 0, 0);
	b[1].kind = DTRACE_ACT_USTACK;
	b[1].offset = 8;
	b[1].size = 32;
	e[1].epid = 2;
	e[1].probe = end;
	e[1].size = 40;
	e[1].nactions = 2;
	e[1].flags = DTRACE_ECB_F_RECORD;
	e[1].actions_off = (dt_u32)put(b, sizeof(b));

	/* BEGIN: self->t = speculation(); speculate(self->t); trace; commit */
	memset(s, 0, sizeof(s));
	s[0].kind = DTRACE_ACT_SPECULATE;
	difo(&s[0].difo, p_spec, 2, NULL, 0, NULL, 0, 0);
	s[1].kind = DTRACE_ACT_STORE;
	s[1].size = 8;
	difo(&s[1].difo, p_value, 10, ints, 3, NULL, 0, 0);
	s[2].kind = DTRACE_ACT_STORE;
	s[2].offset = 8;
	s[2].size = 8;
	difo(&s[2].difo, p_value, 10, ints, 3, NULL, 0, 0);
	e[2].epid = 3;
	e[2].probe = begin;
	e[2].size = 16;
	e[2].nactions = 3;
	e[2].actions_off = (dt_u32)put(s, sizeof(s));

	memcpy(blob + eoff, e, sizeof(e));
	h.magic = DTRACE_ENABLE_MAGIC;
	h.abi = DTRACE_ABI_VERSION;
	h.necbs = 3;
	h.ecbs_off = (dt_u32)eoff;
	h.naggs = 1;
	h.strsize = STRSIZE;
	h.bufsize = 64 << 10;
	h.aggsize = 64 << 10;
	h.dynvarsize = 64 << 10;
	h.nspec = 2;
	h.specsize = 4096;
	memcpy(blob + hoff, &h, sizeof(h));
}

/* ENABLE @b on a fresh consumer; run it if accepted.  1 if accepted. */
static int try_blob(const unsigned char *b, size_t len)
{
	static unsigned char snap[64 << 10];
	struct dtrace_enable_req req;
	struct dtrace_bufsnap bs;
	struct dtrace_version v;
	int fd, ok;
	unsigned int cpu;

	fd = open("/dev/dtrace", O_RDWR);
	if (fd < 0) {
		perror("/dev/dtrace");
		exit(2);
	}
	memset(&v, 0, sizeof(v));
	ioctl(fd, DTRACEIOC_VERSION, &v);
	req.blob = (dt_u64)(unsigned long)b;
	req.len = len;
	ok = ioctl(fd, DTRACEIOC_ENABLE, &req) == 0;
	if (ok && ioctl(fd, DTRACEIOC_GO) == 0) {
		for (cpu = 0; cpu < v.ncpus && cpu < 4; cpu++) {
			memset(&bs, 0, sizeof(bs));
			bs.cpu = cpu;
			bs.buf = (dt_u64)(unsigned long)snap;
			bs.size = sizeof(snap);
			ioctl(fd, DTRACEIOC_BUFSNAP, &bs);
		}
		ioctl(fd, DTRACEIOC_STOP);
	}
	close(fd);
	return ok;
}

int main(int argc, char **argv)
{
	static unsigned char copy[sizeof(blob)];
	unsigned long n, i, acc = 0, rej = 0;
	dt_u32 begin, end, k, nflips, off;
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: enable_fuzz N SEED\n");
		return 2;
	}
	n = strtoul(argv[1], NULL, 0);
	rng = strtoull(argv[2], NULL, 0) | 1;
	fd = open("/dev/dtrace", O_RDWR);
	if (fd < 0) {
		perror("/dev/dtrace");
		return 2;
	}
	begin = probe_id(fd, "BEGIN");
	end = probe_id(fd, "END");
	close(fd);
	if (!begin || !end) {
		fprintf(stderr, "enable_fuzz: no dtrace:::BEGIN/END\n");
		return 2;
	}
	build(begin, end);
	if (!try_blob(blob, blen)) {
		fprintf(stderr, "enable_fuzz: the valid blob was rejected: %s\n",
			strerror(errno));
		return 1;
	}
	for (i = 0; i < n; i++) {
		memcpy(copy, blob, blen);
		nflips = 1 + rnd() % 4;
		for (k = 0; k < nflips; k++) {
			off = (dt_u32)(rnd() % blen);
			switch (rnd() % 4) {
			case 0:	/* one byte */
				copy[off] ^= (unsigned char)(1u << rnd() % 8);
				break;
			case 1:	/* a 32-bit field: small, huge or random */
				off &= ~3u;
				if (off + 4 <= blen) {
					dt_u32 v = rnd() % 3 == 0 ? (dt_u32)rnd() :
						   rnd() % 2 ? 0xffffffffu -
						   (dt_u32)(rnd() % 4) :
						   (dt_u32)(rnd() % 64);
					memcpy(copy + off, &v, 4);
				}
				break;
			case 2:	/* an instruction's operands */
				off &= ~3u;
				if (off + 4 <= blen)
					copy[off + rnd() % 3] = (unsigned char)rnd();
				break;
			default: /* truncate */
				break;
			}
		}
		if (try_blob(copy, rnd() % 8 ? blen : rnd() % (blen + 1)))
			acc++;
		else
			rej++;
	}
	printf("enable_fuzz: %lu blobs, %lu accepted, %lu rejected\n", n, acc,
	       rej);
	return acc && rej ? 0 : 1;
}
