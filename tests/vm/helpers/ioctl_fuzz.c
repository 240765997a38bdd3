// SPDX-License-Identifier: GPL-2.0
/*
 * ioctl_fuzz SECONDS SEED [FIRST [COUNT]]: hostile input to every
 * /dev/dtrace ioctl, for SECONDS of guest time (or exactly COUNT
 * iterations from iteration FIRST, to replay a failure).
 *
 * Each iteration draws its random numbers from (SEED, iteration) alone, so
 * "ioctl_fuzz 0 SEED I 1" repeats iteration I of a run exactly.  An
 * iteration takes one of three valid ENABLE blobs (laid out as
 * src/libdtrace/dt_enable.c does: header, variables of every scope and
 * kind, ECBs with predicates, actions of every kind, DIF with integer and
 * string tables), mutates it (bit flips, boundary values in structure
 * fields, random or backward-branching DIF instructions, lengths and
 * pointers around the blob) and hands it to ENABLE on a fresh open; an
 * accepted one is run: GO, system calls, BUFSNAP/AGGSNAP/STATUS with
 * hostile cpu numbers, sizes and pointers, then STOP or a plain close.
 * Every iteration also sends PROBES, PROVIDE, CHECK and unknown ioctls
 * with hostile arguments; now and then a child is killed while tracing.
 *
 * The kernel's side (no oops, WARN, hang or leaked hook) is checked by
 * the harness.  This program checks what user space can see: answers are
 * 0 or -1/errno, an accepted blob can GO, a snapshot writes whole records
 * and nothing beyond the size it reports, states follow the ABI.  It
 * prints a summary and exits 1 if anything was inconsistent, naming the
 * seed and iteration.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "../../../src/common/dtrace_abi.h"
#include "../../../src/common/dif.h"

#define DEV		"/dev/dtrace"
#define U		DIF_VAR_OTHER_UBASE
#define STRSIZE		32
#define BLOB_MAX	(32u << 10)
#define SNAP_CAP	(256u << 10)
#define CANARY		0xa5
#define PAGE		4096u
#define OP3(op, a, b, d)	DIF_INSTR_FMT(DIF_OP_##op, a, b, d)
#define OPX(op, i, d)		DIF_INSTR_IDX(DIF_OP_##op, i, d)
#define NELEM(a)		(sizeof(a) / sizeof((a)[0]))

/* ---- deterministic random numbers --------------------------------- */

static uint64_t rs;

static uint64_t rnd(void)
{
	rs ^= rs >> 12;
	rs ^= rs << 25;
	rs ^= rs >> 27;
	return rs * 0x2545f4914f6cdd1dull;
}

static uint64_t below(uint64_t n)
{
	return n ? rnd() % n : 0;
}

/* Each iteration's stream depends on the seed and its number only. */
static void reseed(uint64_t seed, uint64_t iter)
{
	uint64_t z = seed + (iter + 1) * 0x9e3779b97f4a7c15ull;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	rs = (z ^ (z >> 31)) | 1;
}

/* ---- bookkeeping ---------------------------------------------------- */

enum { I_VERSION, I_PROBES, I_PROVIDE, I_ENABLE, I_GO, I_STOP, I_BUFSNAP,
       I_AGGSNAP, I_STATUS, I_CHECK, I_OTHER, I_N };
static const char *const iname[I_N] = {
	"VERSION", "PROBES", "PROVIDE", "ENABLE", "GO", "STOP", "BUFSNAP",
	"AGGSNAP", "STATUS", "CHECK", "unknown",
};
static unsigned long nok[I_N], nerr[I_N];
static unsigned long ninconsistent, nkilled;
static unsigned long long nfaults;	/* DIF faults at probe time, seen */
static uint64_t the_seed;
static volatile unsigned long cur_iter;

static void bad(const char *fmt, ...)
{
	va_list ap;

	printf("ioctl_fuzz: INCONSISTENT (replay: ioctl_fuzz 0 %llu %lu 1): ",
	       (unsigned long long)the_seed, cur_iter);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	ninconsistent++;
}

/* ioctl(), counted; any answer but 0 or -1 is inconsistent. */
static long xioctl(int kind, int fd, unsigned long cmd, const void *arg)
{
	long r = ioctl(fd, cmd, arg);

	if (r == 0)
		nok[kind]++;
	else
		nerr[kind]++;
	if (r != 0 && r != -1)
		bad("%s returned %ld", iname[kind], r);
	return r;
}

static int open_dev(void)
{
	int fd = open(DEV, O_RDWR);

	if (fd < 0) {
		perror(DEV);
		exit(2);
	}
	return fd;
}

/* ---- hostile addresses ---------------------------------------------- */

/* A read-write area whose end touches a PROT_NONE page. */
static unsigned char *edge_area;
static size_t edge_len;
static uintptr_t unmapped;

static void addresses_init(void)
{
	unsigned char *p;

	edge_len = BLOB_MAX + SNAP_CAP;
	p = mmap(NULL, edge_len + PAGE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED || mprotect(p + edge_len, PAGE, PROT_NONE)) {
		perror("mmap");
		exit(2);
	}
	edge_area = p;
	p = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		perror("mmap");
		exit(2);
	}
	munmap(p, PAGE);
	unmapped = (uintptr_t)p;
}

/* An address no ioctl may read or write: the kernel must say EFAULT. */
static uint64_t bad_address(void)
{
	static const uint64_t fixed[] = {
		0, 1, 8, 0xfff, 0xffffffff81000000ull, 0xffff888000000000ull,
		0xffffffffffffffffull, 0xfffffffffffff000ull,
		0x00007ffffffff000ull, 0x0000800000000000ull,
		0x8000000000000000ull,
	};

	switch (below(3)) {
	case 0:
		return unmapped + below(PAGE);
	case 1:
		return (uint64_t)(uintptr_t)(edge_area + edge_len) + below(64);
	default:
		return fixed[below(NELEM(fixed))];
	}
}

/* ---- valid ENABLE blobs ---------------------------------------------- */

struct region {
	uint32_t off, n;	/* n 32-bit DIF instructions at off */
};

struct blob {
	unsigned char data[BLOB_MAX] __attribute__((aligned(8)));
	size_t len;
	struct region insns[64];
	unsigned int ninsns;
};

static struct blob seeds[3];
static struct blob *cur;
static uint32_t p_begin, p_end, p_getpid, nprobes, ncpus;

static uint32_t put(const void *p, size_t n)
{
	size_t off = (cur->len + 7) & ~(size_t)7;

	if (off + n > sizeof(cur->data)) {
		fprintf(stderr, "ioctl_fuzz: seed blob too large\n");
		exit(2);
	}
	memcpy(cur->data + off, p, n);
	cur->len = off + n;
	return (uint32_t)off;
}

/* Describe into @d a DIF object placed in the blob. */
static void difo(struct dtrace_difodesc *d, const dt_u32 *insns, dt_u32 n,
		 const dt_u64 *ints, dt_u32 nints, const char *str,
		 dt_u32 slen, dt_u32 rtype)
{
	memset(d, 0, sizeof(*d));
	d->insns_off = put(insns, n * 4);
	d->ninsns = n;
	if (cur->ninsns < NELEM(cur->insns)) {
		cur->insns[cur->ninsns].off = d->insns_off;
		cur->insns[cur->ninsns++].n = n;
	}
	if (nints) {
		d->inttab_off = put(ints, nints * 8);
		d->nints = nints;
	}
	if (slen) {
		d->strtab_off = put(str, slen);
		d->strtab_len = slen;
	}
	d->rtype = rtype;
	d->rsize = rtype == DIF_TYPE_STRING ? STRSIZE : 8;
}

static void hdr_init(struct dtrace_enable_hdr *h)
{
	memset(h, 0, sizeof(*h));
	h->magic = DTRACE_ENABLE_MAGIC;
	h->abi = DTRACE_ABI_VERSION;
	h->strsize = STRSIZE;
	h->bufsize = 64 << 10;
	h->aggsize = 64 << 10;
	h->dynvarsize = 64 << 10;
}

static const dt_u64 ints[] = { 7, 3, 0, 1 };
static const char strs[] = "key\0val";
/* x = 7; self->t = x; a[3] = x; this->l = 3; self->s["key"] = "val"; g = s */
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
static const dt_u32 p_gstr[] = { OPX(LDGS, U + 1, 1), OP3(RET, 0, 0, 1) };
static const dt_u32 p_lit[] = { OPX(SETS, 4, 1), OP3(RET, 0, 0, 1) };
static const dt_u32 p_one[] = { OPX(SETX, 3, 1), OP3(RET, 0, 0, 1) };
/* x == 0: true the first time */
static const dt_u32 p_pred[] = {
	OPX(LDGS, U, 1), OPX(SETX, 2, 2), OP3(CMP, 1, 2, 0),
	DIF_INSTR_BRANCH(DIF_OP_BNE, 5), OPX(SETX, 3, 3),
	OP3(RET, 0, 0, 3),
};
static const dt_u32 p_addr[] = { OPX(SETS, 0, 1), OP3(RET, 0, 0, 1) };
static const dt_u32 p_spec[] = {
	OPX(CALL, DIF_SUBR_SPECULATION, 1), OP3(RET, 0, 0, 1),
};
/* strlen(execname): a builtin into a subroutine */
static const dt_u32 p_subr[] = {
	OPX(LDGS, DIF_VAR_EXECNAME, 1), OP3(PUSHTR, 0, 1, 0),
	OPX(CALL, DIF_SUBR_STRLEN, 2), OP3(RET, 0, 0, 2),
};

static const struct dtrace_vardesc all_vars[] = {
	{ U + 0, DTRACE_VSCOPE_GLOBAL, DTRACE_VKIND_SCALAR, DIF_TYPE_INT, 8 },
	{ U + 1, DTRACE_VSCOPE_GLOBAL, DTRACE_VKIND_SCALAR, DIF_TYPE_STRING,
	  STRSIZE },
	{ U + 2, DTRACE_VSCOPE_GLOBAL, DTRACE_VKIND_ARRAY, DIF_TYPE_INT, 8 },
	{ U + 0, DTRACE_VSCOPE_THREAD, DTRACE_VKIND_SCALAR, DIF_TYPE_INT, 8 },
	{ U + 1, DTRACE_VSCOPE_THREAD, DTRACE_VKIND_ARRAY, DIF_TYPE_STRING,
	  STRSIZE },
	{ U + 0, DTRACE_VSCOPE_LOCAL, DTRACE_VKIND_SCALAR, DIF_TYPE_INT, 8 },
};

/* BEGIN: predicate, assignments, int and string stores, sum, stack,
 * tracemem; END: a record without values plus ustack and exit; BEGIN:
 * speculate/commit. */
static void build_full(void)
{
	struct dtrace_enable_hdr h;
	struct dtrace_ecbdesc e[3];
	struct dtrace_actdesc a[6], b[3], s[3];
	uint32_t hoff, eoff;

	hdr_init(&h);
	hoff = put(&h, sizeof(h));
	h.vars_off = put(all_vars, sizeof(all_vars));
	h.nvars = NELEM(all_vars);
	memset(e, 0, sizeof(e));
	eoff = put(e, sizeof(e));

	memset(a, 0, sizeof(a));
	a[0].kind = DTRACE_ACT_DIFEXPR;
	difo(&a[0].difo, p_assign, NELEM(p_assign), ints, 4, strs,
	     sizeof(strs), DIF_TYPE_INT);
	a[1].kind = DTRACE_ACT_STORE;
	a[1].size = 8;
	difo(&a[1].difo, p_value, NELEM(p_value), ints, 4, NULL, 0,
	     DIF_TYPE_INT);
	a[2].kind = DTRACE_ACT_STORE;
	a[2].offset = 8;
	a[2].size = STRSIZE;
	difo(&a[2].difo, p_gstr, NELEM(p_gstr), NULL, 0, NULL, 0,
	     DIF_TYPE_STRING);
	a[3].kind = DTRACE_ACT_AGGREGATE;
	a[3].aggfn = DTRACE_AGG_SUM;
	difo(&a[3].difo, p_value, NELEM(p_value), ints, 4, NULL, 0,
	     DIF_TYPE_INT);
	a[4].kind = DTRACE_ACT_STACK;
	a[4].offset = 40;
	a[4].size = 64;
	a[5].kind = DTRACE_ACT_TRACEMEM;
	a[5].offset = 104;
	a[5].size = 8;
	difo(&a[5].difo, p_addr, NELEM(p_addr), NULL, 0, strs, sizeof(strs),
	     DIF_TYPE_INT);
	e[0].epid = 1;
	e[0].probe = p_begin;
	e[0].size = 112;
	e[0].nactions = 6;
	e[0].actions_off = put(a, sizeof(a));
	difo(&e[0].pred, p_pred, NELEM(p_pred), ints, 4, NULL, 0,
	     DIF_TYPE_INT);

	memset(b, 0, sizeof(b));
	b[0].kind = DTRACE_ACT_STORE;
	b[0].size = 8;
	difo(&b[0].difo, p_value, NELEM(p_value), ints, 4, NULL, 0,
	     DIF_TYPE_INT);
	b[1].kind = DTRACE_ACT_USTACK;
	b[1].offset = 8;
	b[1].size = 32;
	b[2].kind = DTRACE_ACT_EXIT;
	b[2].offset = 40;
	b[2].size = 8;
	difo(&b[2].difo, p_one, NELEM(p_one), ints, 4, NULL, 0, DIF_TYPE_INT);
	e[1].epid = 2;
	e[1].probe = p_end;
	e[1].size = 48;
	e[1].nactions = 3;
	e[1].flags = DTRACE_ECB_F_RECORD;
	e[1].actions_off = put(b, sizeof(b));

	memset(s, 0, sizeof(s));
	s[0].kind = DTRACE_ACT_SPECULATE;
	difo(&s[0].difo, p_spec, NELEM(p_spec), NULL, 0, NULL, 0,
	     DIF_TYPE_INT);
	s[1].kind = DTRACE_ACT_STORE;
	s[1].size = 8;
	difo(&s[1].difo, p_value, NELEM(p_value), ints, 4, NULL, 0,
	     DIF_TYPE_INT);
	s[2].kind = DTRACE_ACT_STORE;
	s[2].offset = 8;
	s[2].size = 8;
	difo(&s[2].difo, p_subr, NELEM(p_subr), NULL, 0, NULL, 0,
	     DIF_TYPE_INT);
	e[2].epid = 3;
	e[2].probe = p_begin;
	e[2].size = 16;
	e[2].nactions = 3;
	e[2].actions_off = put(s, sizeof(s));

	memcpy(cur->data + eoff, e, sizeof(e));
	h.necbs = 3;
	h.ecbs_off = eoff;
	h.naggs = 1;
	h.nspec = 2;
	h.specsize = 4096;
	memcpy(cur->data + hoff, &h, sizeof(h));
}

/* getpid entry: self->t++; @c["val", 3] = count(); @q = quantize(self->t,
 * 3); @l = lquantize(self->t, 0, 10, 1); trace(self->t), string literal. */
static void build_syscall(void)
{
	static const struct dtrace_vardesc v[] = {
		{ U, DTRACE_VSCOPE_THREAD, DTRACE_VKIND_SCALAR, DIF_TYPE_INT,
		  8 },
	};
	static const dt_u32 p_incr[] = {
		OPX(LDTS, U, 1), OPX(SETX, 3, 2), OP3(ADD, 1, 2, 1),
		OPX(STTS, U, 1), OP3(RET, 0, 0, 1),
	};
	static const dt_u32 p_self[] = { OPX(LDTS, U, 1), OP3(RET, 0, 0, 1) };
	struct dtrace_enable_hdr h;
	struct dtrace_ecbdesc e;
	struct dtrace_actdesc a[6];
	struct dtrace_difodesc k[2];
	uint32_t hoff, eoff;

	hdr_init(&h);
	h.bufpolicy = DTRACE_BUFPOLICY_FILL;
	hoff = put(&h, sizeof(h));
	h.vars_off = put(v, sizeof(v));
	h.nvars = 1;
	memset(&e, 0, sizeof(e));
	eoff = put(&e, sizeof(e));
	memset(a, 0, sizeof(a));
	a[0].kind = DTRACE_ACT_DIFEXPR;
	difo(&a[0].difo, p_incr, NELEM(p_incr), ints, 4, NULL, 0,
	     DIF_TYPE_INT);
	difo(&k[0], p_lit, NELEM(p_lit), NULL, 0, strs, sizeof(strs),
	     DIF_TYPE_STRING);
	difo(&k[1], p_one, NELEM(p_one), ints, 4, NULL, 0, DIF_TYPE_INT);
	a[1].kind = DTRACE_ACT_AGGREGATE;
	a[1].aggfn = DTRACE_AGG_COUNT;
	a[1].nkeys = 2;
	a[1].keys_off = put(k, sizeof(k));
	a[2].kind = DTRACE_ACT_AGGREGATE;
	a[2].aggid = 1;
	a[2].aggfn = DTRACE_AGG_QUANTIZE;
	difo(&a[2].difo, p_self, NELEM(p_self), NULL, 0, NULL, 0,
	     DIF_TYPE_INT);
	difo(&a[2].incr, p_one, NELEM(p_one), ints, 4, NULL, 0, DIF_TYPE_INT);
	a[3].kind = DTRACE_ACT_AGGREGATE;
	a[3].aggid = 2;
	a[3].aggfn = DTRACE_AGG_LQUANTIZE;
	a[3].aggarg = 1 | 10u << 16;
	difo(&a[3].difo, p_self, NELEM(p_self), NULL, 0, NULL, 0,
	     DIF_TYPE_INT);
	a[4].kind = DTRACE_ACT_STORE;
	a[4].size = 8;
	difo(&a[4].difo, p_self, NELEM(p_self), NULL, 0, NULL, 0,
	     DIF_TYPE_INT);
	a[5].kind = DTRACE_ACT_STORE;
	a[5].offset = 8;
	a[5].size = STRSIZE;
	difo(&a[5].difo, p_lit, NELEM(p_lit), NULL, 0, strs, sizeof(strs),
	     DIF_TYPE_STRING);
	e.epid = 7;
	e.probe = p_getpid ? p_getpid : p_begin;
	e.size = 8 + STRSIZE;
	e.nactions = 6;
	e.actions_off = put(a, sizeof(a));
	memcpy(cur->data + eoff, &e, sizeof(e));
	h.necbs = 1;
	h.ecbs_off = eoff;
	h.naggs = 3;
	h.aggsize = 16 << 10;
	memcpy(cur->data + hoff, &h, sizeof(h));
}

/* BEGIN { trace(1); } with a ring buffer and no variables. */
static void build_minimal(void)
{
	struct dtrace_enable_hdr h;
	struct dtrace_ecbdesc e;
	struct dtrace_actdesc a;
	uint32_t hoff, eoff;

	hdr_init(&h);
	h.bufpolicy = DTRACE_BUFPOLICY_RING;
	h.bufsize = DTRACE_MIN_BUFSIZE;
	h.dynvarsize = 0;
	hoff = put(&h, sizeof(h));
	memset(&e, 0, sizeof(e));
	eoff = put(&e, sizeof(e));
	memset(&a, 0, sizeof(a));
	a.kind = DTRACE_ACT_STORE;
	a.size = 8;
	difo(&a.difo, p_one, NELEM(p_one), ints, 4, NULL, 0, DIF_TYPE_INT);
	e.epid = 1;
	e.probe = p_begin;
	e.size = 8;
	e.nactions = 1;
	e.actions_off = put(&a, sizeof(a));
	memcpy(cur->data + eoff, &e, sizeof(e));
	h.necbs = 1;
	h.ecbs_off = eoff;
	memcpy(cur->data + hoff, &h, sizeof(h));
}

static void seeds_build(void)
{
	static void (*const build[])(void) = {
		build_full, build_syscall, build_minimal,
	};
	unsigned int i;

	for (i = 0; i < NELEM(seeds); i++) {
		cur = &seeds[i];
		build[i]();
	}
}

/* ---- mutations -------------------------------------------------------- */

static uint32_t boundary32(size_t len)
{
	static const uint32_t fixed[] = {
		0, 1, 2, 3, 4, 7, 8, 16, 31, 32, 33, 64, 0x7f, 0xff, 0x100,
		U - 1, U, U + 1, U + 3, 1024, 1025, 4096, 8191, 8192, 8193,
		65535, 65536, 65537, (1u << 24), (1u << 24) + 1, 0x7fffffff,
		0x80000000u, 0xfffffff8u, 0xfffffffcu, 0xfffffffeu,
		0xffffffffu,
	};

	switch (below(4)) {
	case 0:	/* an offset at, just inside or beyond the end */
		return (uint32_t)(len - 8 + below(17));
	case 1:
		return (uint32_t)rnd();
	default:
		return fixed[below(NELEM(fixed))];
	}
}

static uint64_t boundary64(void)
{
	static const uint64_t fixed[] = {
		0, 1, DTRACE_MIN_BUFSIZE - 1, DTRACE_MIN_BUFSIZE,
		DTRACE_MAX_BUFSIZE, DTRACE_MAX_BUFSIZE + 1ull,
		DTRACE_MAX_DYNVARSIZE, DTRACE_MAX_DYNVARSIZE + 1ull,
		1ull << 32, 1ull << 63, ~0ull, 63, 64, 65,
	};

	return fixed[below(NELEM(fixed))];
}

/* A random DIF instruction for position @pc of @n: any opcode, registers
 * out of range now and then, variable and subroutine ids around the
 * valid ones, branches backwards, to itself and past the end. */
static dt_u32 random_insn(uint32_t pc, uint32_t n)
{
	static const uint32_t idx[] = {
		0, 1, 2, 3, 4, 5, U - 1, U, U + 1, U + 2, U + 3, U + 1024,
		DIF_VAR_ARGS, DIF_VAR_ARG0, DIF_VAR_ARG9, DIF_VAR_EXECNAME,
		DIF_VAR_PROBENAME, DIF_VAR_CURTHREAD, DIF_VAR_UCALLER,
		DIF_VAR_BUILTIN_MAX, DIF_VAR_BUILTIN_MAX + 1, 0xffff,
		DIF_SUBR_MAX, DIF_SUBR_MAX + 1, DIF_SUBR_COPYIN,
		DIF_SUBR_COPYINSTR, DIF_SUBR_ALLOCA, DIF_SUBR_BCOPY,
		DIF_SUBR_COPYINTO, DIF_SUBR_STRTOK, DIF_SUBR_SUBSTR,
		DIF_SUBR_INET_NTOP, DIF_SUBR_SPECULATION,
	};
	uint32_t op = below(8) ? 1 + below(DIF_OP_MAX) : below(256);
	uint32_t r1 = below(6) ? below(DIF_NREGS) : below(256);
	uint32_t r2 = below(6) ? below(DIF_NREGS) : below(256);
	uint32_t rd = below(6) ? below(DIF_NREGS) : below(256);
	uint32_t label;

	switch (op) {
	case DIF_OP_BA ... DIF_OP_BLEU:
		switch (below(5)) {
		case 0:
			label = pc;
			break;
		case 1:
			label = below(pc + 1);
			break;
		case 2:
			label = n + below(3);
			break;
		case 3:
			label = 0xffffff;
			break;
		default:
			label = pc + 1 + below(n - pc);
			break;
		}
		return DIF_INSTR_BRANCH(op, label);
	case DIF_OP_SETX:
	case DIF_OP_SETS:
	case DIF_OP_LDGA:
	case DIF_OP_LDGS ... DIF_OP_LDTS:
	case DIF_OP_STTS:
	case DIF_OP_CALL:
	case DIF_OP_LDGAA ... DIF_OP_STLS:
		return DIF_INSTR_IDX(op, below(4) ? idx[below(NELEM(idx))] :
				     below(0x10000), rd);
	default:
		return DIF_INSTR_FMT(op, r1, r2, rd);
	}
}

/* A random 4-byte-aligned field of one of the blob's structures. */
static uint32_t struct_field(const struct blob *s)
{
	const struct dtrace_enable_hdr *h = (const void *)s->data;
	const struct dtrace_ecbdesc *e;
	uint32_t i;

	switch (below(4)) {
	case 0:
		return 4 * below(sizeof(*h) / 4);
	case 1:
		if (!h->nvars)
			return 0;
		return h->vars_off + sizeof(struct dtrace_vardesc) *
		       below(h->nvars) + 4 * below(3);
	case 2:
		return h->ecbs_off + sizeof(*e) * below(h->necbs) +
		       4 * below(sizeof(*e) / 4);
	default:
		i = below(h->necbs);
		e = (const void *)(s->data + h->ecbs_off + i * sizeof(*e));
		if (!e->nactions)
			return h->ecbs_off;
		return e->actions_off + sizeof(struct dtrace_actdesc) *
		       below(e->nactions) +
		       4 * below(sizeof(struct dtrace_actdesc) / 4);
	}
}

static void put32(unsigned char *b, size_t len, uint32_t off, uint32_t v)
{
	if ((size_t)off + 4 <= len)
		memcpy(b + off, &v, 4);
}

/* Point a random ECB of @b (a copy of @s) at probe @id. */
static void e_probe(unsigned char *b, const struct blob *s, uint32_t id)
{
	const struct dtrace_enable_hdr *h = (const void *)s->data;

	put32(b, s->len, h->ecbs_off + sizeof(struct dtrace_ecbdesc) *
	      below(h->necbs) + offsetof(struct dtrace_ecbdesc, probe), id);
}

/* Mutate @b (a copy of @s) in one to four ways. */
static void mutate(unsigned char *b, const struct blob *s)
{
	unsigned int k, nmut = 1 + below(4);
	uint32_t off, v;
	uint64_t v64;
	const struct region *r;

	for (k = 0; k < nmut; k++) {
		switch (below(8)) {
		case 0:	/* a bit anywhere */
			b[below(s->len)] ^= (unsigned char)(1u << below(8));
			break;
		case 1:	/* a boundary value in a structure field */
		case 2:
			put32(b, s->len, struct_field(s), boundary32(s->len));
			break;
		case 3:	/* a 64-bit header size */
			off = offsetof(struct dtrace_enable_hdr, bufsize) +
			      8 * below(3);
			if (below(4) == 0)
				off = offsetof(struct dtrace_enable_hdr,
					       specsize);
			v64 = boundary64();
			memcpy(b + off, &v64, 8);
			break;
		case 4:	/* a random DIF instruction */
		case 5:
			r = &s->insns[below(s->ninsns)];
			off = below(r->n);
			put32(b, s->len, r->off + 4 * off,
			      random_insn(off, r->n));
			break;
		case 6:	/* an ECB on another probe, armable or not */
			e_probe(b, s, (uint32_t)below(nprobes + 2));
			break;
		default: /* a chunk copied over another place */
			off = below(s->len);
			v = below(s->len);
			memmove(b + off, b + v,
				below(1 + (s->len - (off > v ? off : v))) % 64);
			break;
		}
	}
}

/* The length ENABLE is told: mostly the blob's, sometimes around it. */
static uint64_t mutate_len(size_t len)
{
	static const uint64_t fixed[] = {
		0, 1, sizeof(struct dtrace_enable_hdr) - 1,
		sizeof(struct dtrace_enable_hdr), DTRACE_ENABLE_MAXBLOB,
		DTRACE_ENABLE_MAXBLOB + 1ull, 1ull << 32, ~0ull,
	};

	switch (below(12)) {
	case 0:
		return below(len + 1);
	case 1:
		return len - 1 - below(8);
	case 2:
		return len + 1 + below(PAGE);	/* past the mapping's end */
	case 3:
		return fixed[below(NELEM(fixed))];
	default:
		return len;
	}
}

/* ---- snapshots -------------------------------------------------------- */

static unsigned char snapbuf[SNAP_CAP + 64] __attribute__((aligned(8)));

/* Do the bytes [0, n) form whole records (principal or aggregation)? */
static int records_whole(const unsigned char *p, uint64_t n, int agg)
{
	uint64_t off = 0;

	while (off < n) {
		if (n - off < 16)
			return 0;
		if (agg) {
			struct dtrace_aggrec a;

			memcpy(&a, p + off, sizeof(a));
			off += 16 + (((uint64_t)a.keysize + 7) & ~7ull) +
			       8ull * a.nvals;
		} else {
			struct dtrace_rechdr r;

			memcpy(&r, p + off, sizeof(r));
			if (r.size % 8)
				return 0;
			off += 16 + (uint64_t)r.size;
		}
	}
	return off == n;
}

static uint32_t hostile_cpu(void)
{
	static const uint32_t fixed[] = {
		0, 1, 2, 3, 63, 64, 255, 256, 4095, 4096, 8192, 0x7fffffff,
		0x80000000u, 0xffffffffu,
	};

	switch (below(4)) {
	case 0:
		return ncpus + below(2);
	case 1:
		return fixed[below(NELEM(fixed))];
	default:
		return below(ncpus);
	}
}

/* One BUFSNAP or AGGSNAP with hostile arguments; check what it wrote. */
static void snap(int fd, int agg)
{
	static const uint64_t sizes[] = {
		0, 1, 15, 16, 23, 24, 64, 4096, SNAP_CAP,
	};
	struct dtrace_bufsnap bs;
	uint64_t want;
	int kind = agg ? I_AGGSNAP : I_BUFSNAP;
	unsigned long cmd = agg ? DTRACEIOC_AGGSNAP : DTRACEIOC_BUFSNAP;
	int checkable = 0;

	memset(&bs, 0, sizeof(bs));
	bs.cpu = hostile_cpu();
	bs.pad = below(8) ? 0 : (uint32_t)rnd();
	switch (below(5)) {
	case 0:	/* an address it may not write */
		bs.buf = bad_address();
		bs.size = below(2) ? SNAP_CAP : ~0ull >> below(64);
		break;
	case 1:	/* a real but short buffer claiming to be huge */
		bs.buf = (uint64_t)(uintptr_t)(edge_area + edge_len - 64);
		bs.size = 1ull << (6 + below(58));
		break;
	default: /* a real buffer: check nothing is written past size */
		bs.buf = (uint64_t)(uintptr_t)snapbuf;
		bs.size = below(3) ? SNAP_CAP : below(2) ?
			  sizes[below(NELEM(sizes))] : below(SNAP_CAP + 1);
		memset(snapbuf, CANARY, sizeof(snapbuf));
		checkable = 1;
		break;
	}
	want = bs.size;
	if (below(16) == 0) {	/* the request itself unreadable */
		xioctl(kind, fd, cmd, (void *)(uintptr_t)bad_address());
		return;
	}
	if (xioctl(kind, fd, cmd, &bs) != 0 || !checkable)
		return;
	if (bs.size > want) {
		bad("%s cpu %u: wrote %llu > %llu bytes", iname[kind], bs.cpu,
		    (unsigned long long)bs.size, (unsigned long long)want);
		return;
	}
	for (uint64_t i = bs.size; i < sizeof(snapbuf); i++) {
		if (snapbuf[i] != CANARY) {
			bad("%s cpu %u size %llu: byte %llu written past the "
			    "%llu reported", iname[kind], bs.cpu,
			    (unsigned long long)want, (unsigned long long)i,
			    (unsigned long long)bs.size);
			return;
		}
	}
	if (!records_whole(snapbuf, bs.size, agg))
		bad("%s cpu %u: %llu bytes are not whole records",
		    iname[kind], bs.cpu, (unsigned long long)bs.size);
}

/* STATUS into a good or bad place; with @want >= 0 check the state. */
static void status(int fd, int want)
{
	struct dtrace_status st;

	if (below(8) == 0) {
		xioctl(I_STATUS, fd, DTRACEIOC_STATUS,
		       (void *)(uintptr_t)bad_address());
		return;
	}
	memset(&st, CANARY, sizeof(st));
	if (xioctl(I_STATUS, fd, DTRACEIOC_STATUS, &st) != 0) {
		bad("STATUS failed: %s", strerror(errno));
		return;
	}
	if (want >= 0 && st.state != (uint32_t)want)
		bad("STATUS state %u, expected %d", st.state, want);
	if (want == DTRACE_CSTATE_STOPPED)	/* totals of this consumer */
		nfaults += st.errors;
}

/* ---- one consumer's life ---------------------------------------------- */

static void make_syscalls(void)
{
	unsigned int i, n = below(64);
	char b[64];
	int fd;

	for (i = 0; i < n; i++)
		syscall(SYS_getpid);
	fd = open("/proc/version", O_RDONLY);
	if (fd >= 0) {
		if (read(fd, b, sizeof(b)) < 0)
			b[0] = 0;
		close(fd);
	}
}

static void hostile_snaps(int fd)
{
	unsigned int i, n = 1 + below(6);

	for (i = 0; i < n; i++) {
		if (below(3) == 0)
			make_syscalls();
		snap(fd, (int)below(2));
	}
}

/* ENABLE the way this iteration chose; 1 if accepted. */
static int enable(int fd, const unsigned char *b, uint64_t len)
{
	struct dtrace_enable_req req;
	unsigned char *at;

	req.blob = (uint64_t)(uintptr_t)b;
	req.len = len;
	switch (below(16)) {
	case 0:	/* a blob pointer it may not read */
		req.blob = bad_address();
		break;
	case 1:	/* the request itself unreadable */
		return xioctl(I_ENABLE, fd, DTRACEIOC_ENABLE,
			      (void *)(uintptr_t)bad_address()) == 0;
	case 2:
	case 3:	/* the blob flush against an unmapped page */
		if (len <= BLOB_MAX) {
			at = edge_area + edge_len - len;
			memcpy(at, b, len);
			req.blob = (uint64_t)(uintptr_t)at;
		}
		break;
	default:
		break;
	}
	return xioctl(I_ENABLE, fd, DTRACEIOC_ENABLE, &req) == 0;
}

/* Run an accepted enabling on @fd and end it one way or another. */
static void run_enabled(int fd, const unsigned char *b, size_t len)
{
	struct dtrace_enable_req again = { (uint64_t)(uintptr_t)b, len };

	if (xioctl(I_ENABLE, fd, DTRACEIOC_ENABLE, &again) == 0)
		bad("a second ENABLE was accepted");
	status(fd, DTRACE_CSTATE_ENABLED);
	if (below(4) == 0)
		hostile_snaps(fd);
	if (xioctl(I_STOP, fd, DTRACEIOC_STOP, NULL) == 0)
		bad("STOP before GO succeeded");
	if (xioctl(I_GO, fd, DTRACEIOC_GO, NULL) != 0) {
		if (errno != EINTR)
			bad("accepted enabling cannot GO: %s",
			    strerror(errno));
		return;
	}
	if (xioctl(I_GO, fd, DTRACEIOC_GO, NULL) == 0)
		bad("a second GO succeeded");
	status(fd, DTRACE_CSTATE_ACTIVE);
	make_syscalls();
	hostile_snaps(fd);
	switch (below(4)) {
	case 0:	/* close while active: no END, just teardown */
		return;
	default:
		if (xioctl(I_STOP, fd, DTRACEIOC_STOP, NULL) != 0) {
			bad("STOP failed: %s", strerror(errno));
			return;
		}
		status(fd, DTRACE_CSTATE_STOPPED);
		hostile_snaps(fd);
		if (xioctl(I_STOP, fd, DTRACEIOC_STOP, NULL) != 0)
			bad("a second STOP failed: %s", strerror(errno));
		if (xioctl(I_GO, fd, DTRACEIOC_GO, NULL) == 0)
			bad("GO after STOP succeeded");
		return;
	}
}

/* Requests before ENABLE: nothing to snapshot, nothing to start. */
static void idle_requests(int fd)
{
	struct dtrace_bufsnap bs;

	memset(&bs, 0, sizeof(bs));
	bs.buf = (uint64_t)(uintptr_t)snapbuf;
	bs.size = SNAP_CAP;
	if (xioctl(I_BUFSNAP, fd, DTRACEIOC_BUFSNAP, &bs) == 0)
		bad("BUFSNAP before ENABLE succeeded");
	if (xioctl(I_GO, fd, DTRACEIOC_GO, NULL) == 0)
		bad("GO before ENABLE succeeded");
	status(fd, DTRACE_CSTATE_IDLE);
}

/* ---- the other ioctls -------------------------------------------------- */

static void fuzz_probes(int fd)
{
	static struct dtrace_probedesc pd[64];
	struct dtrace_probes_req req;
	unsigned int cap = NELEM(pd);

	memset(&req, 0, sizeof(req));
	req.first = below(3) ? below(nprobes + 3) : (uint32_t)rnd();
	req.max = below(2) ? below(cap + 1) : boundary32(cap);
	req.buf = (uint64_t)(uintptr_t)pd;
	if (req.max > cap && below(2))
		req.buf = bad_address();
	if (below(4) == 0)
		req.buf = bad_address();
	if (below(16) == 0) {
		xioctl(I_PROBES, fd, DTRACEIOC_PROBES,
		       (void *)(uintptr_t)bad_address());
		return;
	}
	/* A huge max on a real buffer would be written past it: only a
	 * bounded one, or one past the edge mapping's end. */
	if (req.max > cap && req.buf == (uint64_t)(uintptr_t)pd)
		req.buf = (uint64_t)(uintptr_t)(edge_area + edge_len -
						sizeof(pd));
	if (xioctl(I_PROBES, fd, DTRACEIOC_PROBES, &req) == 0 &&
	    req.count > req.max)
		bad("PROBES wrote %u > max %u", req.count, req.max);
}

/* A provide buffer: valid triples, garbage, unterminated strings. */
static uint32_t provide_buf(char *b, uint32_t cap, uint32_t *nent)
{
	static const char *const names[] = {
		"", "vmlinux", "vfs_read", "entry", "return", "tick-1s",
		"tick-1ns", "tick-0", "profile-99999999hz", "tick-", "tick-10ms",
		"profile-", "tick-1x", "..", "a b", "\xff\xfe", "%s%n",
		"tick-18446744073709551616s", "profile-1hz",
	};
	uint32_t len = 0, i, n = below(8);

	for (i = 0; i < n * 3 && len < cap; i++) {
		const char *s = names[below(NELEM(names))];
		size_t l = strlen(s);
		char junk[300];

		if (below(8) == 0) {	/* a long or random name */
			l = below(sizeof(junk) - 1);
			for (size_t j = 0; j < l; j++)
				junk[j] = (char)(1 + below(255));
			junk[l] = 0;
			s = junk;
		}
		if (len + l + 1 > cap)
			break;
		memcpy(b + len, s, l + 1);
		len += (uint32_t)l + 1;
	}
	*nent = n;
	if (len && below(6) == 0)	/* unterminated */
		b[len - 1] = 'x';
	return len;
}

static void fuzz_provide(int fd)
{
	static const char *const provs[] = {
		"fbt", "profile", "syscall", "dtrace", "", "nosuch",
		"fbtx", "FBT",
	};
	static char buf[4096];
	struct dtrace_provide_req req;
	uint32_t len, n;

	memset(&req, 0, sizeof(req));
	if (below(8) == 0)	/* no NUL in the provider name */
		memset(req.prov, 'f', sizeof(req.prov));
	else
		strcpy(req.prov, provs[below(NELEM(provs))]);
	len = provide_buf(buf, sizeof(buf), &n);
	req.nentries = below(4) ? n : boundary32(n);
	req.buflen = below(4) ? len : below(2) ? boundary32(len) :
		     DTRACE_PROVIDE_MAXBUF + (uint32_t)below(2);
	req.buf = (uint64_t)(uintptr_t)buf;
	if (req.buflen > sizeof(buf)) {
		/* longer than the buffer: make it end at an unmapped page */
		req.buf = below(2) ? bad_address() :
			  (uint64_t)(uintptr_t)(edge_area + edge_len - len);
		if (req.buf != (uint64_t)(uintptr_t)buf && len)
			memcpy((void *)(uintptr_t)(edge_area + edge_len - len),
			       buf, len);
	} else if (below(8) == 0) {
		req.buf = bad_address();
	}
	if (below(16) == 0) {
		xioctl(I_PROVIDE, fd, DTRACEIOC_PROVIDE,
		       (void *)(uintptr_t)bad_address());
		return;
	}
	xioctl(I_PROVIDE, fd, DTRACEIOC_PROVIDE, &req);
}

static void fuzz_check(int fd)
{
	static struct dtrace_check ck;
	static int selftests;

	memset(&ck, 0, sizeof(ck));
	ck.flags = DTRACE_CHECK_F_NOTESTS | (below(2) ? 0 : (uint32_t)rnd());
	/* The self-tests take seconds: run them only twice. */
	if (below(64) == 0 && selftests < 2) {
		selftests++;
		ck.flags = 0;
	}
	memset(ck.items, CANARY, sizeof(ck.items));
	if (below(8) == 0) {
		xioctl(I_CHECK, fd, DTRACEIOC_CHECK,
		       (void *)(uintptr_t)bad_address());
		return;
	}
	if (xioctl(I_CHECK, fd, DTRACEIOC_CHECK, &ck) == 0 &&
	    ck.nitems > DTRACE_CHECK_MAXITEMS)
		bad("CHECK: %u items", ck.nitems);
}

/* ioctl numbers of this driver's type it does not have, and its own
 * numbers with the wrong size or direction: all must be ENOTTY. */
static void fuzz_unknown(int fd)
{
	static const unsigned long known[] = {
		DTRACEIOC_VERSION, DTRACEIOC_PROBES, DTRACEIOC_PROVIDE,
		DTRACEIOC_ENABLE, DTRACEIOC_GO, DTRACEIOC_STOP,
		DTRACEIOC_BUFSNAP, DTRACEIOC_AGGSNAP, DTRACEIOC_STATUS,
		DTRACEIOC_CHECK,
	};
	static unsigned char arg[PAGE];
	unsigned long cmd;
	unsigned int i;
	long r;

	cmd = _IOC(below(4), DTRACE_IOC_MAGIC, below(4) ? below(16) :
		   below(256), below(4) ? below(64) : below(1u << 14));
	for (i = 0; i < NELEM(known); i++)
		if (cmd == known[i])
			return;
	r = xioctl(I_OTHER, fd, cmd, below(2) ? (void *)arg :
		   (void *)(uintptr_t)bad_address());
	if (r == 0 || errno != ENOTTY)
		bad("unknown ioctl %#lx: %ld (%s)", cmd, r, strerror(errno));
}

static void fuzz_version(int fd)
{
	struct dtrace_version v;

	memset(&v, 0, sizeof(v));
	if (below(4) == 0) {
		xioctl(I_VERSION, fd, DTRACEIOC_VERSION,
		       (void *)(uintptr_t)bad_address());
		return;
	}
	if (xioctl(I_VERSION, fd, DTRACEIOC_VERSION, &v) != 0 ||
	    v.abi != DTRACE_ABI_VERSION || v.ncpus != ncpus)
		bad("VERSION changed");
}

static void other_ioctls(int fd)
{
	static void (*const fn[])(int) = {
		fuzz_probes, fuzz_provide, fuzz_check, fuzz_unknown,
		fuzz_version,
	};
	unsigned int i, n = 1 + below(3);

	for (i = 0; i < n; i++)
		fn[below(NELEM(fn))](fd);
}

/* ---- iterations -------------------------------------------------------- */

static unsigned char work[BLOB_MAX] __attribute__((aligned(8)));
static unsigned long naccepted, nmutated;

/* A child traces the seed blob until it is killed mid-flight. */
static void kill_child(const struct blob *s)
{
	pid_t pid = fork();
	int st;

	if (pid < 0)
		return;
	if (pid == 0) {
		int fd = open_dev();
		struct dtrace_enable_req req = {
			(uint64_t)(uintptr_t)s->data, s->len };

		if (ioctl(fd, DTRACEIOC_ENABLE, &req) == 0 &&
		    ioctl(fd, DTRACEIOC_GO) == 0)
			for (;;)
				syscall(SYS_getpid);
		_exit(0);
	}
	usleep((useconds_t)below(20000));
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	nkilled++;
}

static void iteration(unsigned long i)
{
	const struct blob *s;
	uint64_t len;
	int fd, mutated;

	cur_iter = i;
	reseed(the_seed, i);
	s = &seeds[below(NELEM(seeds))];
	memcpy(work, s->data, s->len);
	mutated = below(16) != 0;
	len = s->len;
	if (mutated) {
		mutate(work, s);
		len = mutate_len(s->len);
		nmutated++;
	}
	fd = open_dev();
	other_ioctls(fd);
	if (below(4) == 0)
		idle_requests(fd);
	if (enable(fd, work, len)) {
		naccepted++;
		run_enabled(fd, work, s->len);
	} else if (!mutated && errno != EFAULT) {
		bad("the unmutated seed blob was rejected: %s",
		    strerror(errno));
	}
	if (below(2))
		other_ioctls(fd);
	close(fd);
	if (below(64) == 0)
		kill_child(s);
}

static void on_alarm(int sig)
{
	char msg[128];
	int n;

	(void)sig;
	n = snprintf(msg, sizeof(msg),
		     "ioctl_fuzz: STUCK at seed %llu iteration %lu\n",
		     (unsigned long long)the_seed, cur_iter);
	if (write(1, msg, (size_t)n) < 0)
		_exit(3);
	_exit(3);
}

/*
 * Real fbt and profile probes, so that an ECB moved to another probe id
 * may land on one that GO arms (kprobe, fprobe, hrtimer).  A kernel
 * without them just answers an error.
 */
static void provide_some(int fd)
{
	static const char fbt[] = "vmlinux\0vfs_read\0entry\0"
				  "vmlinux\0vfs_read\0return\0"
				  "vmlinux\0ksys_write\0entry\0";
	static const char prof[] = "\0\0tick-50ms\0\0\0profile-97hz\0";
	struct dtrace_provide_req req;

	memset(&req, 0, sizeof(req));
	strcpy(req.prov, "fbt");
	req.nentries = 3;
	req.buflen = sizeof(fbt) - 1;
	req.buf = (uint64_t)(uintptr_t)fbt;
	xioctl(I_PROVIDE, fd, DTRACEIOC_PROVIDE, &req);
	strcpy(req.prov, "profile");
	req.nentries = 2;
	req.buflen = sizeof(prof) - 1;
	req.buf = (uint64_t)(uintptr_t)prof;
	xioctl(I_PROVIDE, fd, DTRACEIOC_PROVIDE, &req);
}

/* Probe ids of dtrace:::BEGIN, dtrace:::END, syscall::getpid:entry. */
static void probes_init(void)
{
	static struct dtrace_probedesc pd[256];
	struct dtrace_probes_req req;
	struct dtrace_version v;
	int fd = open_dev();
	uint32_t i;

	if (ioctl(fd, DTRACEIOC_VERSION, &v)) {
		perror("VERSION");
		exit(2);
	}
	ncpus = v.ncpus;
	provide_some(fd);
	memset(&req, 0, sizeof(req));
	req.first = 1;
	do {
		req.max = NELEM(pd);
		req.buf = (uint64_t)(uintptr_t)pd;
		if (ioctl(fd, DTRACEIOC_PROBES, &req)) {
			perror("PROBES");
			exit(2);
		}
		for (i = 0; i < req.count; i++) {
			const struct dtrace_probedesc *p = &pd[i];

			if (!strcmp(p->prov, "dtrace") &&
			    !strcmp(p->name, "BEGIN"))
				p_begin = p->id;
			if (!strcmp(p->prov, "dtrace") &&
			    !strcmp(p->name, "END"))
				p_end = p->id;
			if (!strcmp(p->prov, "syscall") &&
			    !strcmp(p->func, "getpid") &&
			    !strcmp(p->name, "entry"))
				p_getpid = p->id;
			nprobes = p->id;
		}
		req.first = nprobes + 1;
	} while (req.count == NELEM(pd));
	close(fd);
	if (!p_begin || !p_end) {
		fprintf(stderr, "ioctl_fuzz: no dtrace:::BEGIN/END\n");
		exit(2);
	}
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void summary(unsigned long iters)
{
	int k;

	printf("ioctl_fuzz: seed %llu: %lu iterations (%lu mutated blobs), "
	       "%lu ENABLEs accepted, %lu children killed mid-trace\n",
	       (unsigned long long)the_seed, iters, nmutated, naccepted,
	       nkilled);
	for (k = 0; k < I_N; k++)
		printf("ioctl_fuzz:   %-8s %7lu ok %7lu rejected\n", iname[k],
		       nok[k], nerr[k]);
	printf("ioctl_fuzz: %llu DIF faults at probe time in stopped "
	       "consumers; %lu inconsistencies\n", nfaults, ninconsistent);
}

int main(int argc, char **argv)
{
	unsigned long first = 0, count = ~0ul, i;
	double secs, t0;

	if (argc < 3 || argc > 5) {
		fprintf(stderr,
			"usage: ioctl_fuzz SECONDS SEED [FIRST [COUNT]]\n");
		return 2;
	}
	secs = strtod(argv[1], NULL);
	the_seed = strtoull(argv[2], NULL, 0);
	if (argc > 3)
		first = strtoul(argv[3], NULL, 0);
	if (argc > 4)
		count = strtoul(argv[4], NULL, 0);
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGALRM, on_alarm);
	signal(SIGPIPE, SIG_IGN);
	addresses_init();
	probes_init();
	seeds_build();
	printf("ioctl_fuzz: seed %llu, %g s, probes BEGIN %u END %u getpid "
	       "%u, %u cpus\n", (unsigned long long)the_seed, secs, p_begin,
	       p_end, p_getpid, ncpus);
	t0 = now();
	for (i = first; i - first < count; i++) {
		if (count == ~0ul && now() - t0 >= secs)
			break;
		alarm(30);	/* no single iteration takes that long */
		iteration(i);
	}
	alarm(0);
	summary(i - first);
	return ninconsistent ? 1 : 0;
}
