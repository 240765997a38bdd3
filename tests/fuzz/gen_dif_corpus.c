// SPDX-License-Identifier: GPL-2.0
/*
 * Writes the seed corpus of the fuzz_dif target into DIR: a hand-made
 * program for each class of opcodes (arithmetic, branches, loads,
 * strings, variables, tuple stack and each subroutine), then the DIF
 * objects dt_compile() makes of a few D clauses.  Each file is one input
 * in the format of fuzz_dif_input.h.  Run by tests/fuzz/run.sh gen; the
 * output is committed as tests/fuzz/corpus/dif/.
 *
 *   gen_dif_corpus DIR
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dif_vm.h"
#include "dt_program.h"
#include "dtrace_abi.h"
#include "fuzz_dif_input.h"

#define F3(op, a, b, d)	DIF_INSTR_FMT(DIF_OP_##op, a, b, d)
#define BR(op, l)	DIF_INSTR_BRANCH(DIF_OP_##op, l)
#define IX(op, i, d)	DIF_INSTR_IDX(DIF_OP_##op, i, d)
#define RET(r)		F3(RET, 0, 0, r)
#define PUSHTV(r)	F3(PUSHTV, 0, r, 0)
#define PUSHTR(r)	F3(PUSHTR, 0, r, 0)
#define CALL(s, d)	IX(CALL, DIF_SUBR_##s, d)
#define N(a)		(sizeof(a) / sizeof((a)[0]))

/* fuzz_dif.c's readable fake block and its strings. */
#define FAKE		0x100000u
#define FAKE_HELLO	FAKE
#define FAKE_PATH	(FAKE + 6)
#define FAKE_CSV	(FAKE + 25)
#define FAKE_INET	(FAKE + 48)	/* 0, then bytes i * 37 */

/* strsize indexes into fuzz_dif_strsizes[]. */
#define SS_256		0
#define SS_1		1
#define SS_8		4
#define SS_1024		9
#define SS_4096		10

static const char *outdir;
static int nfiles;

static void put(const char *name, const struct fuzz_dif_input *in,
		dt_u8 ss)
{
	static dt_u8 buf[65536];
	char path[4096];
	size_t len;
	FILE *f;

	len = fuzz_dif_encode(in, ss, buf, sizeof(buf));
	if (len == 0) {
		fprintf(stderr, "%s: does not fit the format\n", name);
		exit(1);
	}
	snprintf(path, sizeof(path), "%s/%s", outdir, name);
	f = fopen(path, "wb");
	if (f == NULL || fwrite(buf, 1, len, f) != len || fclose(f) != 0) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		exit(1);
	}
	nfiles++;
}

/*
 * A seed the verifier rejects would only test the verifier's front
 * door: check each as fuzz_dif will (variable table, then the DIFO).
 */
static void verified(const char *name, const struct fuzz_dif_input *in)
{
	struct difo dp = { in->insns, in->ninsns, in->inttab, in->nints,
			   in->strtab, in->strtab_len,
			   in->flags & FUZZ_DIF_F_STRING ? DIF_TYPE_STRING :
			   DIF_TYPE_INT, 8 };
	struct dtrace_vardesc vd[16];
	struct dif_var vars[DIF_NSCOPES][256];
	struct dif_vartab vt;
	dt_u32 nids[DIF_NSCOPES], pc = 0, i;
	const char *why = NULL;
	int rc;

	if (in->flags & FUZZ_DIF_F_NOVT) {
		rc = dif_verify(&dp, in->nvars, &why, &pc);
	} else {
		for (i = 0; i < in->nvars && i < N(vd); i++)
			fuzz_dif_vardesc(in, i, &vd[i]);
		if (dif_vartab_check(vd, i, in->strsize, nids, &why) != 0) {
			fprintf(stderr, "%s: variables rejected: %s\n", name,
				why);
			exit(1);
		}
		memset(&vt, 0, sizeof(vt));
		for (i = 0; i < DIF_NSCOPES; i++)
			vt.vars[i] = vars[i];
		dif_vartab_fill(&vt, vd, in->nvars, in->strsize, nids);
		rc = dif_verify_vt(&dp, &vt, &why, &pc);
	}
	if (rc != 0) {
		fprintf(stderr, "%s: rejected by the verifier: %s at %u\n",
			name, why, pc);
		exit(1);
	}
}

/*
 * A hand-made program with the tables below (or none) and @nvars
 * variables @vars.
 */
static void hand(const char *name, dt_u8 flags, dt_u8 ss,
		 const dt_u32 *insns, dt_u32 n, const dt_u64 *ints,
		 dt_u32 nints, const char *strtab, dt_u32 slen,
		 const struct fuzz_dif_var *vars, dt_u32 nvars)
{
	struct fuzz_dif_input in;

	memset(&in, 0, sizeof(in));
	in.flags = flags;
	in.strsize = fuzz_dif_strsizes[ss];
	in.vars = (struct fuzz_dif_var *)vars;
	in.nvars = nvars;
	in.inttab = (dt_u64 *)ints;
	in.nints = nints;
	in.strtab = (char *)strtab;
	in.strtab_len = slen;
	in.insns = (dt_u32 *)insns;
	in.ninsns = n;
	verified(name, &in);
	put(name, &in, ss);
}

static const dt_u64 nums[] = {
	7, 3, 0, ~0ULL, 0x8000000000000000ULL, 64, FAKE, FAKE_HELLO,
	FAKE_PATH, FAKE_CSV, 16, 1, ',', 0xa000000000000000ULL,
	FAKE_INET, 2, 10, 1000,
};
static const char strs[] = "hello\0world\0/usr/lib/\0a,b,,c\0ll\0,\0a\0b";
/* Offsets into strs. */
#define S_HELLO	0
#define S_WORLD	6
#define S_PATH	12
#define S_CSV	22
#define S_LL	29
#define S_COMMA	32
#define S_A	34
#define S_B	36

/* With the tables above, or (HAND0) with none; HANDV with variables. */
#define HAND(name, flags, ss, ...)					\
	do {								\
		static const dt_u32 p_[] = { __VA_ARGS__ };		\
		hand(name, flags, ss, p_, N(p_), nums, N(nums), strs,	\
		     sizeof(strs), NULL, 0);				\
	} while (0)
#define HAND0(name, flags, ss, ...)					\
	do {								\
		static const dt_u32 p_[] = { __VA_ARGS__ };		\
		hand(name, flags, ss, p_, N(p_), NULL, 0, NULL, 0,	\
		     NULL, 0);						\
	} while (0)
#define HANDV(name, flags, ss, vars, ...)				\
	do {								\
		static const dt_u32 p_[] = { __VA_ARGS__ };		\
		hand(name, flags, ss, p_, N(p_), nums, N(nums), strs,	\
		     sizeof(strs), vars, N(vars));			\
	} while (0)

/* Variables: scope, kind, type, id (DIF_VAR_OTHER_UBASE + id). */
#define G	DTRACE_VSCOPE_GLOBAL
#define T	DTRACE_VSCOPE_THREAD
#define L	DTRACE_VSCOPE_LOCAL
#define SC	DTRACE_VKIND_SCALAR
#define AR	DTRACE_VKIND_ARRAY
#define I	DIF_TYPE_INT
#define S	DIF_TYPE_STRING
#define U	DIF_VAR_OTHER_UBASE

static const struct fuzz_dif_var v_scalars[] = {
	{ G, SC, I, 0 }, { G, SC, S, 1 }, { L, SC, I, 0 }, { L, SC, S, 3 },
	{ T, SC, I, 0 }, { T, SC, S, 1 },
};
static const struct fuzz_dif_var v_arrays[] = {
	{ G, AR, I, 0 }, { G, AR, S, 1 }, { T, AR, I, 0 }, { T, AR, S, 2 },
};
/* The old form: two integer globals, ids 0 and 1. */
static const struct fuzz_dif_var v_old[] = {
	{ G, SC, I, 0 }, { G, SC, I, 1 },
};

static void hand_made(void)
{
	HAND("alu", 0, SS_256,
	     IX(SETX, 0, 1), IX(SETX, 1, 2), F3(ADD, 1, 2, 3),
	     F3(SUB, 3, 2, 3), F3(MUL, 3, 1, 3), F3(SDIV, 3, 2, 4),
	     F3(UDIV, 3, 2, 5), F3(SREM, 3, 2, 6), F3(UREM, 4, 2, 7),
	     F3(AND, 6, 7, 1), F3(OR, 1, 4, 1), F3(XOR, 1, 5, 1),
	     F3(SLL, 1, 2, 1), F3(SRL, 1, 2, 1), F3(SRA, 1, 2, 1),
	     F3(NOT, 1, 0, 1), F3(MOV, 1, 0, 2), RET(2));
	HAND("divzero", 0, SS_256,
	     IX(SETX, 0, 1), IX(SETX, 2, 2), F3(UREM, 1, 2, 3), RET(3));
	HAND("branch", 0, SS_256,
	     IX(SETX, 0, 1), IX(SETX, 1, 2), F3(CMP, 1, 2, 0), BR(BG, 5),
	     F3(MOV, 2, 0, 1), F3(TST, 1, 0, 0), BR(BE, 9), BR(BLU, 9),
	     BR(BA, 10), F3(NOT, 1, 0, 1), RET(1));
	HAND("loads", 0, SS_256,
	     IX(SETX, 6, 1), F3(LDSB, 1, 0, 2), F3(LDSH, 1, 0, 3),
	     F3(LDSW, 1, 0, 4), F3(LDUB, 1, 0, 5), F3(LDUH, 1, 0, 6),
	     F3(LDUW, 1, 0, 7), F3(LDX, 1, 0, 2), F3(ADD, 2, 7, 2),
	     RET(2));
	HAND("sets-scmp", 0, SS_256,
	     IX(SETS, S_HELLO, 1), IX(SETS, S_WORLD, 2), F3(SCMP, 1, 2, 0),
	     BR(BL, 5), IX(SETS, S_LL, 1), RET(1));
	HAND0("builtins", 0, SS_256,
	     IX(LDGS, DIF_VAR_PID, 1), IX(LDGS, DIF_VAR_TIMESTAMP, 2),
	     F3(ADD, 1, 2, 1), IX(LDGS, DIF_VAR_ARG0, 3),
	     F3(LDUB, 3, 0, 4), IX(LDGS, DIF_VAR_EXECNAME, 5),
	     IX(LDGS, DIF_VAR_PROBENAME, 6), F3(SCMP, 5, 6, 0),
	     RET(1));
	HAND("args", 0, SS_256,
	     IX(SETX, 1, 1), F3(LDGA, DIF_VAR_ARGS, 1, 2), F3(LDX, 2, 0, 3),
	     IX(SETX, 10, 1), F3(LDGA, DIF_VAR_ARGS, 1, 4), RET(3));
	/* The old form: integer globals without a variable table. */
	HANDV("globals-old", FUZZ_DIF_F_TWICE | FUZZ_DIF_F_NOVT, SS_256,
	      v_old,
	      IX(LDGS, U, 1), IX(SETX, 11, 2), F3(ADD, 1, 2, 1),
	      IX(STGS, U, 1), IX(STGS, U + 1, 1), IX(LDGS, U + 1, 3),
	      RET(3));
	/* Scalars of each scope, integer and string; 0 deletes a self->. */
	HANDV("scalars", FUZZ_DIF_F_STRING | FUZZ_DIF_F_TWICE, SS_8,
	      v_scalars,
	      IX(LDGS, U, 1), IX(SETX, 11, 2), F3(ADD, 1, 2, 1),
	      IX(STGS, U, 1), IX(SETS, S_PATH, 3), IX(STGS, U + 1, 3),
	      IX(STLS, U, 1), IX(LDGS, U + 1, 4), IX(STLS, U + 3, 4),
	      IX(STTS, U, 1), IX(LDTS, U, 5), IX(STTS, U + 1, 4),
	      IX(LDTS, U + 1, 6), IX(STTS, U, 0), IX(LDLS, U + 3, 7),
	      F3(SCMP, 6, 7, 0), BR(BNE, 19), IX(LDLS, U, 1), RET(6),
	      RET(7));
	/* Arrays keyed by (int, string), global and self->, both types. */
	HANDV("arrays", FUZZ_DIF_F_STRING | FUZZ_DIF_F_TWICE, SS_256,
	      v_arrays,
	      IX(SETX, 0, 1), IX(SETS, S_HELLO, 2), PUSHTV(1), PUSHTR(2),
	      IX(STGAA, U, 1), PUSHTV(1), PUSHTR(2), IX(LDGAA, U, 3),
	      PUSHTR(2), IX(STGAA, U + 1, 2), PUSHTR(2), IX(LDGAA, U + 1, 4),
	      PUSHTV(3), IX(STTAA, U, 3), PUSHTV(3), IX(LDTAA, U, 5),
	      PUSHTV(5), PUSHTR(4), IX(STTAA, U + 2, 4), PUSHTV(5),
	      PUSHTR(4), IX(LDTAA, U + 2, 6), PUSHTV(1), PUSHTR(2),
	      IX(STGAA, U, 0), RET(6));
	/* A small store: distinct keys until stores are dropped. */
	HANDV("dyn-full", FUZZ_DIF_F_SMALLDYN, SS_1024, v_arrays,
	      IX(SETS, S_HELLO, 2), IX(SETX, 11, 3), PUSHTV(1),
	      IX(STTAA, U + 2, 2), F3(ADD, 1, 3, 1), PUSHTV(1),
	      IX(STTAA, U + 2, 2), F3(ADD, 1, 3, 1), PUSHTV(1),
	      IX(STTAA, U + 2, 2), F3(ADD, 1, 3, 1), PUSHTV(1),
	      IX(STTAA, U + 2, 2), PUSHTV(1), IX(LDTAA, U + 2, 4), RET(4));
	HAND("tuple", 0, SS_256,
	     F3(FLUSHTS, 0, 0, 0), IX(SETX, 0, 1), PUSHTV(1),
	     F3(POPTS, 0, 0, 0), PUSHTV(1), CALL(HTONS, 2), PUSHTV(2),
	     CALL(HTONL, 2), PUSHTV(2), CALL(HTONLL, 2), PUSHTV(2),
	     CALL(NTOHS, 2), PUSHTV(2), CALL(NTOHL, 2), PUSHTV(2),
	     CALL(NTOHLL, 2), RET(2));
	HAND("strlen", 0, SS_256,
	     IX(SETS, S_HELLO, 1), PUSHTR(1), CALL(STRLEN, 2), IX(SETX, 7, 3),
	     PUSHTR(3), CALL(STRLEN, 4), F3(ADD, 2, 4, 2), RET(2));
	HAND("strjoin", FUZZ_DIF_F_STRING, SS_256,
	     IX(SETS, S_HELLO, 1), IX(SETS, S_WORLD, 2), PUSHTR(1),
	     PUSHTR(2), CALL(STRJOIN, 3), PUSHTR(3), PUSHTR(3),
	     CALL(STRJOIN, 3), RET(3));
	HAND("substr", FUZZ_DIF_F_STRING, SS_256,
	     IX(SETS, S_HELLO, 1), IX(SETX, 11, 2), IX(SETX, 3, 3),
	     PUSHTR(1), PUSHTV(2), PUSHTV(3), CALL(SUBSTR, 4), PUSHTR(1),
	     PUSHTV(3), CALL(SUBSTR, 5), RET(4));
	/* Both negative and huge: their sum overflowed (fixed). */
	HAND("substr-neg", FUZZ_DIF_F_STRING, SS_256,
	     IX(SETS, S_HELLO, 1), IX(SETX, 13, 2), PUSHTR(1), PUSHTV(2),
	     PUSHTV(2), CALL(SUBSTR, 3), RET(3));
	/*
	 * 2048 a's by doubling, then index() of 1000 a's and a b in it:
	 * quadratic, so the firing's string work (DIF_WORK_MAX) runs out.
	 */
	HAND("work-bound", 0, SS_4096,
	     IX(SETS, S_A, 1), PUSHTR(1), PUSHTR(1), CALL(STRJOIN, 1),
	     PUSHTR(1), PUSHTR(1), CALL(STRJOIN, 1), PUSHTR(1), PUSHTR(1),
	     CALL(STRJOIN, 1), PUSHTR(1), PUSHTR(1), CALL(STRJOIN, 1),
	     PUSHTR(1), PUSHTR(1), CALL(STRJOIN, 1), PUSHTR(1), PUSHTR(1),
	     CALL(STRJOIN, 1), PUSHTR(1), PUSHTR(1), CALL(STRJOIN, 1),
	     PUSHTR(1), PUSHTR(1), CALL(STRJOIN, 1), PUSHTR(1), PUSHTR(1),
	     CALL(STRJOIN, 1), PUSHTR(1), PUSHTR(1), CALL(STRJOIN, 1),
	     PUSHTR(1), PUSHTR(1), CALL(STRJOIN, 1), IX(SETX, 2, 2),
	     IX(SETX, 17, 3), PUSHTR(1), PUSHTV(2), PUSHTV(3),
	     CALL(SUBSTR, 4), IX(SETS, S_B, 5), PUSHTR(4), PUSHTR(5),
	     CALL(STRJOIN, 4), PUSHTR(1), PUSHTR(4), CALL(INDEX, 6),
	     PUSHTR(1), PUSHTR(4), CALL(INDEX, 6), PUSHTR(1), PUSHTR(4),
	     CALL(INDEX, 6), RET(6));
	HAND("index", 0, SS_256,
	     IX(SETS, S_HELLO, 1), IX(SETS, S_LL, 2), IX(SETX, 11, 3),
	     PUSHTR(1), PUSHTR(2), CALL(INDEX, 4), PUSHTR(1), PUSHTR(2),
	     PUSHTV(3), CALL(RINDEX, 5), PUSHTR(1), PUSHTR(2),
	     CALL(STRSTR, 6), F3(ADD, 4, 5, 4), RET(4));
	HAND("strchr", 0, SS_256,
	     IX(SETS, S_CSV, 1), IX(SETX, 12, 2), PUSHTR(1), PUSHTV(2),
	     CALL(STRCHR, 3), PUSHTR(1), PUSHTV(2), CALL(STRRCHR, 4),
	     F3(SUB, 4, 3, 4), RET(4));
	HAND("strtok", FUZZ_DIF_F_STRING | FUZZ_DIF_F_TWICE, SS_256,
	     IX(SETS, S_CSV, 1), IX(SETS, S_COMMA, 2), PUSHTR(1), PUSHTR(2),
	     CALL(STRTOK, 3), PUSHTR(0), PUSHTR(2), CALL(STRTOK, 3),
	     PUSHTR(0), PUSHTR(2), CALL(STRTOK, 3), RET(3));
	HAND("lltostr", FUZZ_DIF_F_STRING, SS_256,
	     IX(SETX, 3, 1), IX(SETX, 10, 2), PUSHTV(1), CALL(LLTOSTR, 3),
	     PUSHTV(1), PUSHTV(2), CALL(LLTOSTR, 3), IX(SETX, 5, 2),
	     PUSHTV(1), PUSHTV(2), CALL(LLTOSTR, 3), RET(3));
	HAND("dirbase", FUZZ_DIF_F_STRING, SS_256,
	     IX(SETS, S_PATH, 1), PUSHTR(1), CALL(BASENAME, 2), PUSHTR(1),
	     CALL(DIRNAME, 3), PUSHTR(3), CALL(DIRNAME, 3), RET(3));
	HAND("case", FUZZ_DIF_F_STRING, SS_1,
	     IX(SETX, 9, 1), PUSHTR(1), CALL(TOUPPER, 2), PUSHTR(2),
	     CALL(TOLOWER, 2), RET(2));
	/* copyin() and copyinstr() read the fake block as user memory. */
	HAND("copyin", FUZZ_DIF_F_STRING, SS_256,
	     IX(SETX, 6, 1), IX(SETX, 10, 2), PUSHTV(1), PUSHTV(2),
	     CALL(COPYIN, 3), F3(LDX, 3, 0, 4), IX(SETX, 8, 1), PUSHTV(1),
	     CALL(COPYINSTR, 5), IX(SETX, 1, 2), PUSHTV(1), PUSHTV(2),
	     CALL(COPYINSTR, 5), RET(5));
	HAND("alloca-bcopy", 0, SS_256,
	     IX(SETX, 5, 1), PUSHTV(1), CALL(ALLOCA, 2), IX(SETX, 6, 3),
	     IX(SETX, 10, 4), PUSHTV(3), PUSHTV(2), PUSHTV(4), CALL(BCOPY, 5),
	     PUSHTV(3), PUSHTV(4), PUSHTV(2), CALL(COPYINTO, 5),
	     F3(LDX, 2, 0, 6), RET(6));
	HAND("rand-progenyof", 0, SS_256,
	     CALL(RAND, 1), IX(SETX, 11, 2), PUSHTV(2), CALL(PROGENYOF, 3),
	     F3(ADD, 1, 3, 1), RET(1));
	HAND("inet", FUZZ_DIF_F_STRING, SS_256,
	     IX(SETX, 14, 1), PUSHTV(1), CALL(INET_NTOA, 2), PUSHTV(1),
	     CALL(INET_NTOA6, 2), IX(SETX, 15, 3), PUSHTV(3), PUSHTV(1),
	     CALL(INET_NTOP, 2), IX(SETX, 16, 3), PUSHTV(3), PUSHTV(1),
	     CALL(INET_NTOP, 4), RET(4));
	/* 9 strings of 4096 a run: the second run fills the scratch space. */
	HAND("scratch-full", FUZZ_DIF_F_STRING | FUZZ_DIF_F_TWICE, SS_4096,
	     IX(SETX, 8, 1), PUSHTR(1), CALL(TOUPPER, 2), PUSHTR(2),
	     CALL(TOUPPER, 2), PUSHTR(2), CALL(TOUPPER, 2), PUSHTR(2),
	     CALL(TOUPPER, 2), PUSHTR(2), CALL(TOUPPER, 2), PUSHTR(2),
	     CALL(TOLOWER, 2), PUSHTR(2), CALL(TOLOWER, 2), PUSHTR(2),
	     CALL(TOLOWER, 2), PUSHTR(2), CALL(TOLOWER, 2), RET(2));
}

/*
 * D clauses whose DIF objects (predicate, each statement's first value
 * and first key) become seeds, until the corpus has MAX_SEEDS files.
 */
#define MAX_SEEDS	40
static const char *const snippets[] = {
	"BEGIN /pid > 10 && execname != \"init\"/ { trace(arg0 * 3 + 1) }",
	"BEGIN { trace(strjoin(probefunc, strjoin(\":\", probename))) }",
	"BEGIN { trace(substr(execname, 1, strlen(execname) - 1)) }",
	"BEGIN { trace(index(probefunc, \"read\") >= 0 || "
	"rindex(execname, \"h\", 2) == 3) }",
	"BEGIN { self->ts = timestamp; this->s = strjoin(execname, \"!\"); "
	"a[this->s, pid] = self->ts; trace(a[this->s, pid] - self->ts) }",
	"BEGIN { @[execname, probefunc] = sum(arg0 & 0xff) }",
	"BEGIN { x = 3; x++; s = lltostr(x, 16); trace(toupper(s)) }",
	"BEGIN { trace(copyinstr(arg0, 8)) }",
};

static void put_difo(const struct dt_difo *d, const struct dt_program *p,
		     int n)
{
	struct fuzz_dif_var vars[8];
	struct fuzz_dif_input in;
	char name[64];
	int i;

	memset(&in, 0, sizeof(in));
	memset(vars, 0, sizeof(vars));
	for (i = 0; i < p->nvars && i < (int)N(vars); i++) {
		vars[i].scope = (dt_u8)p->vars[i].scope;
		vars[i].kind = (dt_u8)p->vars[i].kind;
		vars[i].type = (dt_u8)p->vars[i].type;
		vars[i].id = (dt_u8)(p->vars[i].id - DIF_VAR_OTHER_UBASE);
	}
	in.flags = d->rtype == DIF_TYPE_STRING ? FUZZ_DIF_F_STRING : 0;
	in.vars = vars;
	in.nvars = (dt_u32)i;
	in.inttab = d->inttab;
	in.nints = d->nints;
	in.strtab = d->strtab;
	in.strtab_len = d->strtab_len;
	in.insns = d->insns;
	in.ninsns = d->ninsns;
	if (nfiles >= MAX_SEEDS)
		return;
	snprintf(name, sizeof(name), "d-%02d", n);
	put(name, &in, SS_256);
}

static void compiled(void)
{
	struct dt_program *p;
	struct dt_error e;
	const struct dt_clause *cl;
	unsigned int i;
	int n = 0, j;

	for (i = 0; i < N(snippets); i++) {
		p = dt_compile(snippets[i], 1, 0, &e);
		if (p == NULL) {
			fprintf(stderr, "%s\n  %d:%d: %s\n", snippets[i],
				e.line, e.col, e.msg);
			exit(1);
		}
		cl = &p->clauses[0];
		if (cl->pred != NULL)
			put_difo(cl->pred, p, n++);
		for (j = 0; j < cl->nstmts; j++) {
			if (cl->stmts[j].nvals > 0)
				put_difo(&cl->stmts[j].vals[0].difo, p, n++);
			if (cl->stmts[j].nkeys > 0)
				put_difo(&cl->stmts[j].keys[0].difo, p, n++);
		}
		dt_program_free(p);
	}
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: gen_dif_corpus DIR\n");
		return 2;
	}
	outdir = argv[1];
	hand_made();
	compiled();
	printf("%d files in %s\n", nfiles, outdir);
	return 0;
}
