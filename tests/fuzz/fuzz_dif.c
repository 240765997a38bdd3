// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the DIF verifier and interpreter, the code that runs
 * in dtrace.ko on every DIF object an ENABLE blob brings.  The input is
 * one DIFO with its tables and the enabling's variable table
 * (fuzz_dif_input.h).  The variable table goes through
 * dif_vartab_check() and the DIFO through dif_verify_vt() (or, in the
 * old form, dif_verify() with integer globals); only if both accept it,
 * dif_emulate() runs it in the plain-memory world of fuzz_env.h.
 *
 * What the verifier promises (src/common/dif_verify.c) is checked
 * there, under ASan and UBSan: an accepted program never crashes, never
 * reads or writes outside its tables, the scratch space, the variable
 * areas and the dynamic-variable store, terminates, asks the
 * environment only for what exists, and faults only on data.  Anything
 * else aborts, which libFuzzer reports as a crash.
 */
#define FZ_NAME "fuzz_dif"
#include "fuzz_env.h"
#include "fuzz_dif_input.h"

/* The variable table an input brings, as the kernel lays it out. */
struct fz_vars {
	struct dtrace_vardesc *vd;
	struct dif_vartab vt;
};

static void fz_vars_free(struct fz_vars *v)
{
	unsigned int s;

	for (s = 0; s < DIF_NSCOPES; s++)
		free(v->vt.vars[s]);
	free(v->vd);
}

/* Returns -1 where the kernel would refuse the enabling. */
static int fz_vartab(const struct fuzz_dif_input *in, struct fz_vars *v)
{
	dt_u32 nids[DIF_NSCOPES], i, s;
	const char *why = NULL;

	v->vd = fz_zalloc(in->nvars * sizeof(*v->vd));
	for (i = 0; i < in->nvars; i++)
		fuzz_dif_vardesc(in, i, &v->vd[i]);
	if (dif_vartab_check(v->vd, in->nvars, in->strsize, nids, &why) != 0) {
		if (why == NULL)
			fz_fail(NULL, "vartab rejected without reason", 0, 0);
		return -1;
	}
	for (s = 0; s < DIF_NSCOPES; s++)
		v->vt.vars[s] = nids[s] ?
			fz_zalloc(nids[s] * sizeof(*v->vt.vars[s])) : NULL;
	dif_vartab_fill(&v->vt, v->vd, in->nvars, in->strsize, nids);
	return 0;
}

int LLVMFuzzerTestOneInput(const dt_u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const dt_u8 *data, size_t size)
{
	struct fuzz_dif_input in;
	struct fz_firing f;
	struct fz_vars vars;
	struct difo dp;
	const char *why = NULL;
	dt_u32 pc = ~0u;
	dt_u64 res;
	int novt, rc;

	if (fuzz_dif_decode(data, size, &in) != 0)
		return 0;
	memset(&vars, 0, sizeof(vars));
	memset(&dp, 0, sizeof(dp));
	dp.insns = in.insns;
	dp.ninsns = in.ninsns;
	dp.inttab = in.inttab;
	dp.nints = in.nints;
	dp.strtab = in.strtab;
	dp.strtab_len = in.strtab_len;
	dp.rtype = in.flags & FUZZ_DIF_F_STRING ? DIF_TYPE_STRING :
		   DIF_TYPE_INT;
	dp.rsize = dp.rtype == DIF_TYPE_STRING ? in.strsize : 8;
	novt = (in.flags & FUZZ_DIF_F_NOVT) != 0;

	if (novt)
		rc = dif_verify(&dp, in.nvars, &why, &pc);
	else if (fz_vartab(&in, &vars) != 0)
		goto out;
	else
		rc = dif_verify_vt(&dp, &vars.vt, &why, &pc);
	if (rc != 0) {
		if (why == NULL || pc >= (dp.ninsns ? dp.ninsns : 1))
			fz_fail(&dp, "rejection without reason or pc", 0, pc);
		goto out;
	}

	fz_firing_init(&f, in.strsize, novt ? NULL : &vars.vt, in.nvars,
		       in.flags & FUZZ_DIF_F_SMALLDYN ? FZ_DYN_SMALL :
		       FZ_DYN_SIZE);
	fz_run(&f, &dp, &res);
	/* Within the same firing, as an action runs after the predicate. */
	if (in.flags & FUZZ_DIF_F_TWICE)
		fz_run(&f, &dp, &res);
	fz_firing_free(&f);
out:
	fz_vars_free(&vars);
	fuzz_dif_free(&in);
	return 0;
}
