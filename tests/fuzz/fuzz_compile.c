// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the D compiler (lexer, parser, semantic pass, code
 * generator) through dt_compile(), as dtrace(1) calls it for -s and -n.
 * The first input byte picks the mode: bit 0 compiles the rest as one -n
 * clause rather than a program, bits 1-4 pick the strsize.  The rest is
 * the program text (it ends at the first NUL, as a C string does).
 *
 * dt_compile() must return a program or an error with a message, never
 * crash, leak (LeakSanitizer) or hang.  A program it returns must be
 * one the kernel takes: its variable table passes dif_vartab_check(),
 * every DIF object passes dif_verify_vt() against it and has a result
 * size the kernel accepts; each one is disassembled too.  Then each
 * clause fires once in the plain-memory world of fuzz_env.h (predicate,
 * then every value and key in order, until one faults), so that the
 * compiler, a generator of well-formed DIF, also feeds the VM.
 */
#define FZ_NAME "fuzz_compile"
#include "fuzz_env.h"
#include "dt_program.h"

/* 0 is dt_compile()'s default (256); 65537 is beyond the limit. */
static const dt_u32 fz_strsizes[] = {
	0, 1, 2, 8, 32, 255, 256, 4096, 65536, 65537,
};

/* The largest strsize dtrace.ko accepts (src/kernel/dtrace_impl.h). */
#define FZ_MAX_STRSIZE	4096

static struct difo fz_difo(const struct dt_difo *d)
{
	struct difo dp = { d->insns, d->ninsns, d->inttab, d->nints,
			   d->strtab, d->strtab_len, d->rtype, d->rsize };

	return dp;
}

/*
 * The program's variables as the kernel gets them (struct
 * dtrace_vardesc), checked and laid out as the kernel does: it must
 * accept them.
 */
struct fz_vars {
	struct dtrace_vardesc *vd;
	struct dif_vartab vt;
};

static void fz_vars_init(const struct dt_program *pgm, struct fz_vars *fv)
{
	dt_u32 nids[DIF_NSCOPES], s;
	const char *why = NULL;
	int i;

	memset(fv, 0, sizeof(*fv));
	fv->vd = fz_zalloc(pgm->nvars * sizeof(*fv->vd));
	for (i = 0; i < pgm->nvars; i++) {
		fv->vd[i].id = pgm->vars[i].id;
		fv->vd[i].scope = (dt_u16)pgm->vars[i].scope;
		fv->vd[i].kind = (dt_u16)pgm->vars[i].kind;
		fv->vd[i].type = pgm->vars[i].type;
		fv->vd[i].size = pgm->vars[i].size;
	}
	if (dif_vartab_check(fv->vd, (dt_u32)pgm->nvars, pgm->strsize, nids,
			     &why) != 0) {
		fprintf(stderr, FZ_NAME ": variable table rejected: %s\n",
			why ? why : "(no reason)");
		abort();
	}
	for (s = 0; s < DIF_NSCOPES; s++)
		fv->vt.vars[s] = fz_zalloc(nids[s] * sizeof(*fv->vt.vars[s]));
	dif_vartab_fill(&fv->vt, fv->vd, (dt_u32)pgm->nvars, pgm->strsize,
			nids);
}

static void fz_vars_free(struct fz_vars *fv)
{
	unsigned int s;

	for (s = 0; s < DIF_NSCOPES; s++)
		free(fv->vt.vars[s]);
	free(fv->vd);
}

static void fz_check_difo(const struct dt_program *pgm,
			  const struct fz_vars *fv, const struct dt_difo *d)
{
	struct difo dp = fz_difo(d);
	const char *why = NULL;
	char line[256];
	dt_u32 pc = 0, i;

	if (dif_verify_vt(&dp, &fv->vt, &why, &pc) != 0) {
		fprintf(stderr, FZ_NAME ": verifier: %s\n",
			why ? why : "(no reason)");
		fz_fail(&dp, "compiled DIF rejected", 0, pc);
	}
	/* The sizes the kernel's ENABLE validation insists on. */
	if (d->rtype == DIF_TYPE_STRING ? d->rsize != pgm->strsize :
	    d->rsize != 1 && d->rsize != 2 && d->rsize != 4 && d->rsize != 8)
		fz_fail(&dp, "bad result size", 0, d->rsize);
	for (i = 0; i < d->ninsns; i++)
		dt_dis_insn(&dp, i, line, sizeof(line));
}

static void fz_check_values(const struct dt_program *pgm,
			    const struct fz_vars *fv,
			    const struct dt_value *v, int n)
{
	int i;

	for (i = 0; i < n; i++)
		fz_check_difo(pgm, fv, &v[i].difo);
}

/* A stack() or ustack() aggregation key has no DIF: the kernel fills it. */
static int fz_key_is_stack(const struct dt_program *pgm,
			   const struct dt_stmt *st, int k)
{
	const struct dt_aggdesc *gd;

	if (st->kind != DT_STMT_AGG || k >= 8)
		return 0;
	gd = &pgm->aggs[st->aggid];
	return gd->key_type[k] == DIF_TYPE_STACK ||
	       gd->key_type[k] == DIF_TYPE_USTACK;
}

/* The keys of @st with DIF, or -1: at most DIF_MAX_TUPLE of them. */
static int fz_keys(const struct dt_program *pgm, const struct dt_stmt *st,
		   struct dt_value *out)
{
	int k, n = 0;

	for (k = 0; k < st->nkeys; k++) {
		if (fz_key_is_stack(pgm, st, k))
			continue;
		if (n == DIF_MAX_TUPLE)
			return -1;
		out[n++] = st->keys[k];
	}
	return n;
}

/* Run values @v[@n]; returns the first fault. */
static int fz_run_values(struct fz_firing *f, const struct dt_value *v,
			 int n)
{
	struct difo dp;
	dt_u64 res;
	int i, rc;

	for (i = 0; i < n; i++) {
		dp = fz_difo(&v[i].difo);
		rc = fz_run(f, &dp, &res);
		if (rc != 0)
			return rc;
	}
	return 0;
}

/* Each clause fires once, in order, as on a probe they all enable. */
static void fz_fire(const struct dt_program *pgm, const struct fz_vars *fv)
{
	const struct dt_clause *cl;
	const struct dt_stmt *st;
	struct dt_value keys[DIF_MAX_TUPLE];
	struct fz_firing f;
	struct difo dp;
	dt_u64 res;
	int i, j, nk;

	if (pgm->strsize > FZ_MAX_STRSIZE)
		return;
	fz_firing_init(&f, pgm->strsize, &fv->vt, 0, FZ_DYN_SIZE);
	for (i = 0; i < pgm->nclauses; i++) {
		cl = &pgm->clauses[i];
		/* Each clause is an ECB of its own; this-> stays. */
		fz_firing_next(&f);
		if (cl->pred != NULL) {
			dp = fz_difo(cl->pred);
			if (fz_run(&f, &dp, &res) != 0 || res == 0)
				continue;
		}
		for (j = 0; j < cl->nstmts; j++) {
			st = &cl->stmts[j];
			nk = fz_keys(pgm, st, keys);
			if (nk < 0 || fz_run_values(&f, keys, nk) != 0 ||
			    fz_run_values(&f, st->vals, st->nvals) != 0)
				break;
		}
	}
	fz_firing_free(&f);
}

static void fz_check_program(const struct dt_program *pgm)
{
	struct dt_value keys[DIF_MAX_TUPLE];
	const struct dt_clause *cl;
	struct fz_vars fv;
	int i, j, nk;

	fz_vars_init(pgm, &fv);
	for (i = 0; i < pgm->nclauses; i++) {
		cl = &pgm->clauses[i];
		if (cl->pred != NULL)
			fz_check_difo(pgm, &fv, cl->pred);
		for (j = 0; j < cl->nstmts; j++) {
			fz_check_values(pgm, &fv, cl->stmts[j].vals,
					cl->stmts[j].nvals);
			nk = fz_keys(pgm, &cl->stmts[j], keys);
			if (nk < 0) {
				fprintf(stderr, FZ_NAME ": too many keys\n");
				abort();
			}
			fz_check_values(pgm, &fv, keys, nk);
		}
	}
	fz_fire(pgm, &fv);
	fz_vars_free(&fv);
}

int LLVMFuzzerTestOneInput(const dt_u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const dt_u8 *data, size_t size)
{
	struct dt_program *pgm;
	struct dt_error err;
	dt_u32 strsize;
	char *src;

	if (size < 1)
		return 0;
	strsize = fz_strsizes[(data[0] >> 1) % (sizeof(fz_strsizes) /
						 sizeof(fz_strsizes[0]))];
	src = malloc(size);
	if (src == NULL)
		return 0;
	memcpy(src, data + 1, size - 1);
	src[size - 1] = '\0';

	pgm = dt_compile(src, data[0] & 1, strsize, &err);
	if (pgm == NULL) {
		/* An error always says what is wrong. */
		if (err.msg[0] == '\0' ||
		    memchr(err.msg, '\0', sizeof(err.msg)) == NULL) {
			fprintf(stderr, FZ_NAME ": error without a message\n");
			abort();
		}
	} else {
		fz_check_program(pgm);
		dt_program_free(pgm);
	}
	free(src);
	return 0;
}
