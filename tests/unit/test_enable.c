// SPDX-License-Identifier: GPL-2.0
/*
 * The ENABLE blob (src/libdtrace/dt_enable.c) of compiled D programs,
 * checked the way dtrace.ko checks it: the variable table through
 * dif_vartab_check(), every DIF object through dif_verify_vt(), and the
 * actions the new statements produce (DIFEXPR for assignments, stored
 * values and DTRACE_ECB_F_RECORD for the consumer's statements).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dt_consumer.h"
#include "dif_vm.h"
#include "test_harness.h"

struct blob_view {
	const unsigned char *b;
	size_t len;
	const struct dtrace_enable_hdr *hdr;
	struct dif_vartab vt;
	struct dif_var vars[3][64];
};

static int verify_difo(struct blob_view *bv, const struct dtrace_difodesc *dd,
		       const char *what, int line)
{
	struct difo d;
	const char *why = NULL;
	dt_u32 pc = 0;

	if (dd->ninsns == 0)
		return 0;
	CHECK(dd->insns_off + 4ull * dd->ninsns <= bv->len &&
	      dd->inttab_off + 8ull * dd->nints <= bv->len &&
	      dd->strtab_off + (size_t)dd->strtab_len <= bv->len,
	      "line %d: %s: tables outside the blob", line, what);
	d.insns = (const dt_u32 *)(bv->b + dd->insns_off);
	d.ninsns = dd->ninsns;
	d.inttab = dd->nints ? (const dt_u64 *)(bv->b + dd->inttab_off) : NULL;
	d.nints = dd->nints;
	d.strtab = dd->strtab_len ? (const char *)bv->b + dd->strtab_off : NULL;
	d.strtab_len = dd->strtab_len;
	d.rtype = dd->rtype;
	d.rsize = dd->rsize;
	CHECK(dif_verify_vt(&d, &bv->vt, &why, &pc) == 0,
	      "line %d: %s: verifier: %s at %u", line, what,
	      why ? why : "?", pc);
	return 1;
}

/* Compile @src, build its blob for one probe, check it as the kernel. */
static void *build(const char *src, struct blob_view *bv, int line)
{
	static struct dtrace_probedesc probes[1];
	struct dt_ecbinfo ecbs[8];
	struct dt_program *pgm;
	struct dt_error err;
	struct dt_opts o;
	void *blob = NULL;
	dt_u32 nids[3], s, e, a, k;
	const char *why = NULL;
	int c;

	memset(bv, 0, sizeof(*bv));
	pgm = dt_compile(src, 0, 64, &err);
	CHECK(pgm != NULL, "line %d: compile: %s", line, err.msg);
	if (pgm == NULL)
		return NULL;
	probes[0].id = 1;
	for (c = 0; c < pgm->nclauses && c < 8; c++)
		ecbs[c] = (struct dt_ecbinfo){ (dt_u32)c + 1, 0, c, 0 };
	dt_opts_init(&o);
	CHECK(dt_enable_build(pgm, ecbs, (size_t)c, probes, &o, &blob,
			      &bv->len) == 0, "line %d: build", line);
	bv->b = blob;
	bv->hdr = blob;
	CHECK(dif_vartab_check((const void *)(bv->b + bv->hdr->vars_off),
			       bv->hdr->nvars, bv->hdr->strsize, nids,
			       &why) == 0, "line %d: vartab: %s", line, why);
	for (s = 0; s < 3; s++) {
		CHECK(nids[s] <= 64, "line %d: ids", line);
		bv->vt.vars[s] = bv->vars[s];
	}
	dif_vartab_fill(&bv->vt, (const void *)(bv->b + bv->hdr->vars_off),
			bv->hdr->nvars, bv->hdr->strsize, nids);
	for (e = 0; e < bv->hdr->necbs; e++) {
		const struct dtrace_ecbdesc *ed = (const void *)(bv->b +
			bv->hdr->ecbs_off + e * sizeof(*ed));
		const struct dtrace_actdesc *ad = (const void *)(bv->b +
			ed->actions_off);

		verify_difo(bv, &ed->pred, "predicate", line);
		for (a = 0; a < ed->nactions; a++) {
			verify_difo(bv, &ad[a].difo, "action", line);
			for (k = 0; k < ad[a].nkeys; k++)
				verify_difo(bv, (const void *)(bv->b +
					    ad[a].keys_off + k *
					    sizeof(struct dtrace_difodesc)),
					    "key", line);
		}
	}
	dt_program_free(pgm);
	return blob;
}

static const struct dtrace_ecbdesc *ecb(struct blob_view *bv, dt_u32 i)
{
	return (const void *)(bv->b + bv->hdr->ecbs_off + i * sizeof(
		struct dtrace_ecbdesc));
}

static const struct dtrace_actdesc *act(struct blob_view *bv, dt_u32 e,
					dt_u32 a)
{
	return (const void *)(bv->b + ecb(bv, e)->actions_off + a * sizeof(
		struct dtrace_actdesc));
}

int main(void)
{
	struct blob_view bv;
	void *blob;

	/* Assignments of every scope: DIFEXPR actions, no record. */
	blob = build("BEGIN { x = 1; self->t = timestamp; this->l = 2; "
		     "a[1, \"k\"] = 3; self->s[pid] = \"v\"; g = \"str\"; }",
		     &bv, __LINE__);
	if (blob) {
		CHECK_EQ(bv.hdr->nvars, 6, "variables");
		CHECK_EQ(ecb(&bv, 0)->nactions, 6, "one action each");
		CHECK_EQ(act(&bv, 0, 0)->kind, DTRACE_ACT_DIFEXPR, "x = 1");
		CHECK_EQ(act(&bv, 0, 5)->kind, DTRACE_ACT_DIFEXPR, "g = ...");
		CHECK(act(&bv, 0, 3)->offset == 0 && act(&bv, 0, 3)->size == 0,
		      "no bytes");
		CHECK(act(&bv, 0, 3)->difo.ninsns > 0, "has DIF");
		CHECK_EQ(ecb(&bv, 0)->flags, 0, "no record flag");
		CHECK_EQ(ecb(&bv, 0)->size, 0, "no record bytes");
		free(blob);
	}
	/* Consumer statements: the record flag, their values stored. */
	blob = build("BEGIN { @c[1] = count(); }\n"
		     "END { trunc(@c, 5); printa(@c); }\n"
		     "tick-1s { clear(@c); }\n"
		     "tick-2s { trace(1); }",
		     &bv, __LINE__);
	if (blob) {
		CHECK_EQ(ecb(&bv, 0)->flags, 0, "aggregation only");
		CHECK_EQ(ecb(&bv, 1)->flags, DTRACE_ECB_F_RECORD, "trunc+printa");
		CHECK_EQ(ecb(&bv, 1)->nactions, 1, "trunc's count");
		CHECK(act(&bv, 1, 0)->kind == DTRACE_ACT_STORE &&
		      act(&bv, 1, 0)->size == 8 &&
		      act(&bv, 1, 0)->offset + 8 <= ecb(&bv, 1)->size,
		      "trunc's count is stored in the record");
		CHECK_EQ(ecb(&bv, 2)->flags, DTRACE_ECB_F_RECORD, "clear");
		CHECK_EQ(ecb(&bv, 2)->nactions, 0, "clear has no action");
		CHECK_EQ(ecb(&bv, 3)->flags, 0, "trace");
		free(blob);
	}
	blob = build("BEGIN { @c = count(); normalize(@c, 10); "
		     "denormalize(@c); setopt(\"quiet\"); }", &bv, __LINE__);
	if (blob) {
		CHECK_EQ(ecb(&bv, 0)->flags, DTRACE_ECB_F_RECORD, "normalize");
		CHECK_EQ(ecb(&bv, 0)->nactions, 2, "count() + normalize's n");
		CHECK_EQ(act(&bv, 0, 1)->kind, DTRACE_ACT_STORE, "n stored");
		free(blob);
	}
	/* The statements the kernel stores by itself, built by hand. */
	{
		static dt_u32 ret1[] = { DIF_INSTR_FMT(DIF_OP_RET, 0, 0, 0) };
		struct dt_stmt st[5];
		struct dt_value val;
		struct dt_clause cl;
		struct dt_program pgm;
		struct dtrace_probedesc pd;
		struct dt_ecbinfo ei = { 1, 0, 0, 0 };
		struct dt_opts o;
		const struct dtrace_actdesc *ad;
		size_t len;
		int i;

		memset(&val, 0, sizeof(val));
		val.difo.insns = ret1;
		val.difo.ninsns = 1;
		val.difo.rsize = 8;
		memset(st, 0, sizeof(st));
		st[0].kind = DT_STMT_SPECULATE;
		st[1].kind = DT_STMT_STACK;
		st[1].offset = 0;
		st[1].size = 64;
		st[2].kind = DT_STMT_USTACK;
		st[2].offset = 64;
		st[2].size = 32;
		st[3].kind = DT_STMT_TRACEMEM;
		st[3].offset = 96;
		st[3].size = 16;
		st[4].kind = DT_STMT_COMMIT;
		for (i = 0; i < 5; i++) {
			if (i == 0 || i >= 3) {
				st[i].vals = &val;
				st[i].nvals = 1;
			}
		}
		memset(&cl, 0, sizeof(cl));
		cl.stmts = st;
		cl.nstmts = 5;
		cl.recsize = 112;
		memset(&pgm, 0, sizeof(pgm));
		pgm.clauses = &cl;
		pgm.nclauses = 1;
		pgm.strsize = 64;
		memset(&pd, 0, sizeof(pd));
		pd.id = 3;
		dt_opts_init(&o);
		CHECK(dt_enable_build(&pgm, &ei, 1, &pd, &o, &blob, &len) == 0,
		      "build");
		bv.b = blob;
		bv.hdr = blob;
		CHECK_EQ(ecb(&bv, 0)->nactions, 5, "five actions");
		ad = act(&bv, 0, 0);
		CHECK(ad[0].kind == DTRACE_ACT_SPECULATE &&
		      ad[0].difo.ninsns == 1 && ad[0].size == 0, "speculate");
		CHECK(ad[1].kind == DTRACE_ACT_STACK && ad[1].size == 64 &&
		      ad[1].offset == 0 && ad[1].difo.ninsns == 0, "stack");
		CHECK(ad[2].kind == DTRACE_ACT_USTACK && ad[2].size == 32 &&
		      ad[2].offset == 64, "ustack");
		CHECK(ad[3].kind == DTRACE_ACT_TRACEMEM && ad[3].size == 16 &&
		      ad[3].offset == 96 && ad[3].difo.ninsns == 1,
		      "tracemem");
		CHECK(ad[4].kind == DTRACE_ACT_COMMIT && ad[4].size == 0,
		      "commit");
		free(blob);

		/* quantize(v, incr): the increment's DIFO */
		{
			struct dt_aggdesc agg;
			struct dt_value inc = val;

			memset(&agg, 0, sizeof(agg));
			agg.fn = DTRACE_AGG_QUANTIZE;
			memset(st, 0, sizeof(st));
			st[0].kind = DT_STMT_AGG;
			st[0].vals = &val;
			st[0].nvals = 1;
			st[0].incr = &inc;
			cl.nstmts = 1;
			cl.recsize = 0;
			pgm.aggs = &agg;
			pgm.naggs = 1;
			CHECK(dt_enable_build(&pgm, &ei, 1, &pd, &o, &blob,
					      &len) == 0, "build");
			bv.b = blob;
			bv.hdr = blob;
			ad = act(&bv, 0, 0);
			CHECK(ad[0].kind == DTRACE_ACT_AGGREGATE &&
			      ad[0].aggfn == DTRACE_AGG_QUANTIZE &&
			      ad[0].incr.ninsns == 1 &&
			      ad[0].incr.insns_off + 4 <= len, "increment");
			free(blob);
		}

		/* @[stack(4), ustack(2), 7] = count(): key difodescs */
		{
			struct dt_aggdesc agg;
			struct dt_value keys[3];
			const struct dtrace_difodesc *kd;

			memset(&agg, 0, sizeof(agg));
			agg.fn = DTRACE_AGG_COUNT;
			agg.nkeys = 3;
			agg.key_type[0] = DIF_TYPE_STACK;
			agg.key_bytes[0] = 32;
			agg.key_type[1] = DIF_TYPE_USTACK;
			agg.key_bytes[1] = 16;
			agg.key_type[2] = DIF_TYPE_INT;
			agg.key_bytes[2] = 8;
			agg.keysize = 56;
			memset(keys, 0, sizeof(keys));
			keys[2] = val;
			memset(st, 0, sizeof(st));
			st[0].kind = DT_STMT_AGG;
			st[0].keys = keys;
			st[0].nkeys = 3;
			cl.nstmts = 1;
			cl.recsize = 0;
			pgm.aggs = &agg;
			pgm.naggs = 1;
			CHECK(dt_enable_build(&pgm, &ei, 1, &pd, &o, &blob,
					      &len) == 0, "build");
			bv.b = blob;
			bv.hdr = blob;
			ad = act(&bv, 0, 0);
			CHECK(ad[0].kind == DTRACE_ACT_AGGREGATE &&
			      ad[0].nkeys == 3 &&
			      ad[0].keys_off + 3 * sizeof(*kd) <= len, "keys");
			kd = (const void *)((const char *)blob + ad[0].keys_off);
			CHECK(kd[0].rtype == DIF_TYPE_STACK &&
			      kd[0].rsize == 32 && kd[0].ninsns == 0 &&
			      kd[0].nints == 0 && kd[0].strtab_len == 0,
			      "stack key: no DIF, 4 frames");
			CHECK(kd[1].rtype == DIF_TYPE_USTACK &&
			      kd[1].rsize == 16 && kd[1].ninsns == 0,
			      "ustack key: no DIF, 2 frames");
			CHECK(kd[2].rtype == DIF_TYPE_INT && kd[2].ninsns == 1,
			      "integer key keeps its DIF");
			free(blob);
		}
	}

	/* illumos' action numbers for "in action #N" and ERROR's arg2. */
	{
		struct dt_error err;
		struct dt_program *pgm = dt_compile(
			"BEGIN { printf(\"x\"); x = 1; "
			"@a[1, 2] = sum(3); trace(4); "
			"printf(\"%d %d\", 5, 6); "
			"@q = quantize(1, 2); trunc(@a, 1); exit(0); }",
			0, 64, &err);

		CHECK(pgm != NULL, "compile: %s", err.msg);
		if (pgm) {
			const struct dt_clause *cl = &pgm->clauses[0];

			/* kernel: x=1 agg trace pf5 pf6 agg trunc exit */
			CHECK_EQ(dt_clause_action_number(cl, 0), 0,
				 "predicate");
			CHECK_EQ(dt_clause_action_number(cl, 1), 2,
				 "x = 1 after printf(\"x\")");
			CHECK_EQ(dt_clause_action_number(cl, 2), 6,
				 "sum(): id, 2 keys, then the function");
			CHECK_EQ(dt_clause_action_number(cl, 3), 7, "trace");
			CHECK_EQ(dt_clause_action_number(cl, 4), 8,
				 "printf's first argument");
			CHECK_EQ(dt_clause_action_number(cl, 5), 9,
				 "printf's second argument");
			CHECK_EQ(dt_clause_action_number(cl, 6), 12,
				 "quantize(): id, increment, function");
			CHECK_EQ(dt_clause_action_number(cl, 7), 14,
				 "trunc's count is its second action");
			CHECK_EQ(dt_clause_action_number(cl, 8), 15, "exit");
			CHECK_EQ(dt_clause_action_number(cl, 99), 99,
				 "unknown: unchanged");
			dt_program_free(pgm);
		}
	}
	return th_done("test_enable");
}
