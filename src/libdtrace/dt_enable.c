// SPDX-License-Identifier: GPL-2.0
/*
 * From a compiled program to one ENABLE blob: every clause is matched
 * against the probe list, one ECB per (clause, matched probe) with epids
 * 1.. in clause order; the clause's actions and DIF objects are written
 * once and shared by all of its ECBs.  (The tracing options are in
 * dt_options.c.)
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>

#include "dt_consumer.h"

/* ---- the blob ------------------------------------------------------ */

struct dt_blob {
	unsigned char *b;
	size_t len, cap;
	int err;
};

/* Reserve @n zeroed bytes aligned to @align; returns their offset. */
static size_t dt_blob_reserve(struct dt_blob *bl, size_t n, size_t align)
{
	size_t off = (bl->len + align - 1) & ~(align - 1);

	if (bl->err)
		return 0;
	if (off + n > DTRACE_ENABLE_MAXBLOB) {
		bl->err = E2BIG;
		return 0;
	}
	if (off + n > bl->cap) {
		size_t cap = bl->cap ? bl->cap : 4096;
		unsigned char *nb;

		while (cap < off + n)
			cap *= 2;
		nb = realloc(bl->b, cap);
		if (!nb) {
			bl->err = ENOMEM;
			return 0;
		}
		memset(nb + bl->cap, 0, cap - bl->cap);
		bl->b = nb;
		bl->cap = cap;
	}
	bl->len = off + n;
	return off;
}

static void dt_blob_put(struct dt_blob *bl, size_t off, const void *p,
			size_t n)
{
	if (!bl->err && n)
		memcpy(bl->b + off, p, n);
}

static struct dtrace_difodesc dt_blob_difo(struct dt_blob *bl,
					   const struct dt_difo *d)
{
	struct dtrace_difodesc dd;

	memset(&dd, 0, sizeof(dd));
	if (!d || d->ninsns == 0)
		return dd;
	dd.ninsns = d->ninsns;
	dd.insns_off = (dt_u32)dt_blob_reserve(bl, 4ul * d->ninsns, 4);
	dt_blob_put(bl, dd.insns_off, d->insns, 4ul * d->ninsns);
	dd.nints = d->nints;
	if (d->nints) {
		dd.inttab_off = (dt_u32)dt_blob_reserve(bl, 8ul * d->nints, 8);
		dt_blob_put(bl, dd.inttab_off, d->inttab, 8ul * d->nints);
	}
	dd.strtab_len = d->strtab_len;
	if (d->strtab_len) {
		dd.strtab_off = (dt_u32)dt_blob_reserve(bl, d->strtab_len, 1);
		dt_blob_put(bl, dd.strtab_off, d->strtab, d->strtab_len);
	}
	dd.rtype = d->rtype;
	dd.rsize = d->rsize;
	return dd;
}

/*
 * Actions of a statement: one per recorded value (printf's, system()'s
 * and freopen()'s arguments, trunc()'s and normalize()'s count), one per
 * aggregation, assignment (DIFEXPR), stack(), ustack(), tracemem(),
 * speculate(), commit() and discard(); printa(), clear(), denormalize()
 * and setopt() need none, only the clause's record (DTRACE_ECB_F_RECORD).
 */
static dt_u32 dt_stmt_nactions(const struct dt_stmt *st)
{
	switch (st->kind) {
	case DT_STMT_TRACE:
	case DT_STMT_EXIT:
	case DT_STMT_AGG:
	case DT_STMT_STACK:
	case DT_STMT_USTACK:
		return 1;
	case DT_STMT_DIFEXPR:
	case DT_STMT_SPECULATE:
	case DT_STMT_COMMIT:
	case DT_STMT_DISCARD:
	case DT_STMT_TRACEMEM:
		return st->nvals > 0;
	case DT_STMT_PRINTF:
	case DT_STMT_TRUNC:
	case DT_STMT_NORMALIZE:
	case DT_STMT_SYSTEM:
	case DT_STMT_FREOPEN:
		return (dt_u32)st->nvals;
	default:
		return 0;
	}
}

/* The kernel action of a statement that has exactly one. */
static dt_u32 dt_stmt_actkind(enum dt_stmt_kind kind)
{
	switch (kind) {
	case DT_STMT_SPECULATE:
		return DTRACE_ACT_SPECULATE;
	case DT_STMT_COMMIT:
		return DTRACE_ACT_COMMIT;
	case DT_STMT_DISCARD:
		return DTRACE_ACT_DISCARD;
	case DT_STMT_TRACEMEM:
		return DTRACE_ACT_TRACEMEM;
	case DT_STMT_STACK:
		return DTRACE_ACT_STACK;
	case DT_STMT_USTACK:
		return DTRACE_ACT_USTACK;
	default:
		return DTRACE_ACT_DIFEXPR;
	}
}

static dt_u32 dt_clause_nactions(const struct dt_clause *cl)
{
	dt_u32 n = 0;
	int s;

	for (s = 0; s < cl->nstmts; s++)
		n += dt_stmt_nactions(&cl->stmts[s]);
	return n;
}

/* Does @cl hold a statement the consumer carries out at its record? */
static int dt_clause_consumer_work(const struct dt_clause *cl)
{
	int s;

	for (s = 0; s < cl->nstmts; s++) {
		switch (cl->stmts[s].kind) {
		case DT_STMT_PRINTA:
		case DT_STMT_TRUNC:
		case DT_STMT_CLEAR:
		case DT_STMT_NORMALIZE:
		case DT_STMT_DENORMALIZE:
		case DT_STMT_SETOPT:
		case DT_STMT_SYSTEM:
		case DT_STMT_FREOPEN:
			return 1;
		default:
			break;
		}
	}
	return 0;
}

static void dt_store_action(struct dt_blob *bl, size_t at, dt_u32 kind,
			    const struct dt_value *v)
{
	struct dtrace_actdesc ad;

	memset(&ad, 0, sizeof(ad));
	ad.kind = kind;
	ad.offset = v->offset;
	ad.size = v->difo.rsize;
	ad.difo = dt_blob_difo(bl, &v->difo);
	dt_blob_put(bl, at, &ad, sizeof(ad));
}

/*
 * Key @k of aggregation statement @st: its DIF, or for a stack() or
 * ustack() key no DIF, only the type and the frames' bytes (the kernel
 * stores the frames as the key).
 */
static struct dtrace_difodesc dt_blob_key(struct dt_blob *bl,
					  const struct dt_program *pgm,
					  const struct dt_stmt *st, int k)
{
	const struct dt_aggdesc *gd = &pgm->aggs[st->aggid];
	struct dtrace_difodesc kd;

	if (k < 8 && (gd->key_type[k] == DIF_TYPE_STACK ||
		      gd->key_type[k] == DIF_TYPE_USTACK)) {
		memset(&kd, 0, sizeof(kd));
		kd.rtype = gd->key_type[k];
		kd.rsize = gd->key_bytes[k];
		return kd;
	}
	return dt_blob_difo(bl, &st->keys[k].difo);
}

/* Write @cl's actions; returns the offset of its actdesc array. */
static size_t dt_blob_clause(struct dt_blob *bl, const struct dt_program *pgm,
			     const struct dt_clause *cl)
{
	dt_u32 nact = dt_clause_nactions(cl), a = 0;
	size_t base, at;
	int s, v;

	if (nact == 0)
		return 0;
	base = dt_blob_reserve(bl, nact * sizeof(struct dtrace_actdesc), 8);
	for (s = 0; s < cl->nstmts; s++) {
		const struct dt_stmt *st = &cl->stmts[s];

		switch (st->kind) {
		case DT_STMT_TRACE:
			at = base + a++ * sizeof(struct dtrace_actdesc);
			dt_store_action(bl, at, DTRACE_ACT_STORE, &st->vals[0]);
			break;
		case DT_STMT_EXIT:
			at = base + a++ * sizeof(struct dtrace_actdesc);
			dt_store_action(bl, at, DTRACE_ACT_EXIT, &st->vals[0]);
			break;
		case DT_STMT_PRINTF:
		case DT_STMT_TRUNC:
		case DT_STMT_NORMALIZE:
		case DT_STMT_SYSTEM:
		case DT_STMT_FREOPEN:
			for (v = 0; v < st->nvals; v++) {
				at = base + a++ * sizeof(struct dtrace_actdesc);
				dt_store_action(bl, at, DTRACE_ACT_STORE,
						&st->vals[v]);
			}
			break;
		case DT_STMT_DIFEXPR:
		case DT_STMT_SPECULATE:
		case DT_STMT_COMMIT:
		case DT_STMT_DISCARD:
		case DT_STMT_TRACEMEM:
		case DT_STMT_STACK:
		case DT_STMT_USTACK: {
			struct dtrace_actdesc ad;

			if (dt_stmt_nactions(st) == 0)
				break;
			/*
			 * Evaluated for its effects or an id (no bytes), or
			 * stored by the kernel at the statement's offset.
			 */
			memset(&ad, 0, sizeof(ad));
			at = base + a++ * sizeof(struct dtrace_actdesc);
			ad.kind = dt_stmt_actkind(st->kind);
			if (st->kind == DT_STMT_TRACEMEM ||
			    st->kind == DT_STMT_STACK ||
			    st->kind == DT_STMT_USTACK) {
				ad.offset = st->offset;
				ad.size = st->size;
			}
			if (st->nvals > 0)
				ad.difo = dt_blob_difo(bl, &st->vals[0].difo);
			dt_blob_put(bl, at, &ad, sizeof(ad));
			break;
		}
		case DT_STMT_AGG: {
			struct dtrace_actdesc ad;
			size_t keys = 0;
			int k;

			memset(&ad, 0, sizeof(ad));
			at = base + a++ * sizeof(struct dtrace_actdesc);
			ad.kind = DTRACE_ACT_AGGREGATE;
			ad.aggid = (dt_u32)st->aggid;
			ad.aggfn = (dt_u32)pgm->aggs[st->aggid].fn;
			if (ad.aggfn == DTRACE_AGG_LQUANTIZE) {
				const struct dt_aggdesc *gd =
					&pgm->aggs[st->aggid];

				ad.offset = (dt_u32)gd->lq_base;
				ad.aggarg = gd->lq_step | gd->lq_levels << 16;
			}
			if (ad.aggfn == DTRACE_AGG_LLQUANTIZE) {
				const struct dt_aggdesc *gd =
					&pgm->aggs[st->aggid];

				ad.offset = gd->llq_factor |
					    (dt_u32)gd->llq_low << 16;
				ad.aggarg = gd->llq_high |
					    (dt_u32)gd->llq_nsteps << 16;
			}
			ad.nkeys = (dt_u32)st->nkeys;
			if (st->nkeys) {
				keys = dt_blob_reserve(bl, st->nkeys *
					sizeof(struct dtrace_difodesc), 8);
				for (k = 0; k < st->nkeys; k++) {
					struct dtrace_difodesc kd =
						dt_blob_key(bl, pgm, st, k);

					dt_blob_put(bl, keys + k * sizeof(kd),
						    &kd, sizeof(kd));
				}
			}
			ad.keys_off = (dt_u32)keys;
			if (st->nvals)
				ad.difo = dt_blob_difo(bl, &st->vals[0].difo);
			if (st->incr)
				ad.incr = dt_blob_difo(bl, &st->incr->difo);
			dt_blob_put(bl, at, &ad, sizeof(ad));
			break;
		}
		default:
			/* Consumer statements: nothing for the kernel. */
			break;
		}
	}
	return base;
}

int dt_enable_build(const struct dt_program *pgm,
		    const struct dt_ecbinfo *ecbs, size_t necbs,
		    const struct dtrace_probedesc *probes,
		    const struct dt_opts *o, void **blobp, size_t *lenp)
{
	struct dt_blob bl = { 0 };
	struct dtrace_enable_hdr hdr;
	struct dtrace_difodesc *pred = NULL;
	size_t *actoff = NULL, ecboff, varoff;
	size_t i;
	int c;

	if (necbs > DTRACE_MAX_ECBS)
		return -1;
	pred = calloc(pgm->nclauses ? pgm->nclauses : 1, sizeof(*pred));
	actoff = calloc(pgm->nclauses ? pgm->nclauses : 1, sizeof(*actoff));
	if (!pred || !actoff)
		goto fail;

	dt_blob_reserve(&bl, sizeof(hdr), 8);
	varoff = dt_blob_reserve(&bl, pgm->nvars * sizeof(struct dtrace_vardesc),
				 8);
	for (i = 0; i < (size_t)pgm->nvars; i++) {
		const struct dt_var *v = &pgm->vars[i];
		struct dtrace_vardesc vd = {
			.id = v->id, .scope = (dt_u16)v->scope,
			.kind = (dt_u16)v->kind, .type = v->type, .size = v->size,
		};

		dt_blob_put(&bl, varoff + i * sizeof(vd), &vd, sizeof(vd));
	}
	ecboff = dt_blob_reserve(&bl, necbs * sizeof(struct dtrace_ecbdesc), 8);

	/* Only clauses that matched something get their code written. */
	for (c = 0; c < pgm->nclauses; c++) {
		for (i = 0; i < necbs && ecbs[i].clause != c; i++)
			;
		if (i == necbs)
			continue;
		pred[c] = dt_blob_difo(&bl, pgm->clauses[c].pred);
		actoff[c] = dt_blob_clause(&bl, pgm, &pgm->clauses[c]);
	}

	for (i = 0; i < necbs; i++) {
		const struct dt_clause *cl = &pgm->clauses[ecbs[i].clause];
		struct dtrace_ecbdesc ed;

		memset(&ed, 0, sizeof(ed));
		ed.epid = ecbs[i].epid;
		ed.probe = probes[ecbs[i].probe].id;
		ed.size = cl->recsize;
		ed.nactions = dt_clause_nactions(cl);
		ed.actions_off = (dt_u32)actoff[ecbs[i].clause];
		if (dt_clause_consumer_work(cl))
			ed.flags = DTRACE_ECB_F_RECORD;
		ed.pred = pred[ecbs[i].clause];
		dt_blob_put(&bl, ecboff + i * sizeof(ed), &ed, sizeof(ed));
	}

	memset(&hdr, 0, sizeof(hdr));
	hdr.magic = DTRACE_ENABLE_MAGIC;
	hdr.abi = DTRACE_ABI_VERSION;
	hdr.necbs = (dt_u32)necbs;
	hdr.ecbs_off = (dt_u32)ecboff;
	hdr.naggs = (dt_u32)pgm->naggs;
	hdr.nvars = (dt_u32)pgm->nvars;
	hdr.vars_off = (dt_u32)varoff;
	hdr.dynvarsize = o->dynvarsize;
	hdr.strsize = pgm->strsize;
	hdr.bufsize = o->bufsize;
	hdr.aggsize = o->aggsize;
	hdr.bufpolicy = o->bufpolicy;
	hdr.nspec = o->nspec;
	hdr.specsize = o->specsize;
	dt_blob_put(&bl, 0, &hdr, sizeof(hdr));
	if (bl.err)
		goto fail;

	free(pred);
	free(actoff);
	*blobp = bl.b;
	*lenp = bl.len;
	return 0;
fail:
	free(pred);
	free(actoff);
	free(bl.b);
	return -1;
}

/*
 * illumos' actions for a statement (dt_cc.c): what its "in action #N"
 * counts.  printf()-like: one per argument, at least one; an
 * aggregation: its id, one per key, the increment, the aggregating
 * function; trunc(), normalize() and setopt(): two; printa(): one per
 * aggregation.
 */
static dt_u32 dt_stmt_illumos_nactions(const struct dt_stmt *st)
{
	switch (st->kind) {
	case DT_STMT_PRINTF:
	case DT_STMT_SYSTEM:
	case DT_STMT_FREOPEN:
		return st->nvals > 0 ? (dt_u32)st->nvals : 1;
	case DT_STMT_AGG:
		return 2 + (dt_u32)st->nkeys + (st->incr != NULL);
	case DT_STMT_TRUNC:
	case DT_STMT_NORMALIZE:
	case DT_STMT_SETOPT:
		return 2;
	case DT_STMT_PRINTA:
		return (dt_u32)st->naggids;
	default:
		return 1;
	}
}

/* Which of those illumos actions the @j-th kernel action stands for. */
static dt_u32 dt_stmt_illumos_action(const struct dt_stmt *st, dt_u32 j)
{
	switch (st->kind) {
	case DT_STMT_AGG:
		/* The function's value; a key's fault looks the same. */
		return dt_stmt_illumos_nactions(st) - 1;
	case DT_STMT_TRUNC:
	case DT_STMT_NORMALIZE:
		return 1;	/* the count, after the aggregation's id */
	default:
		return j;
	}
}

dt_u32 dt_clause_action_number(const struct dt_clause *cl, dt_u32 kaction)
{
	dt_u32 k = 0, n = 0, ns;
	int s;

	if (kaction == 0)
		return 0;
	for (s = 0; s < cl->nstmts; s++) {
		const struct dt_stmt *st = &cl->stmts[s];

		ns = dt_stmt_nactions(st);
		if (kaction <= k + ns)
			return n + 1 + dt_stmt_illumos_action(st,
							      kaction - k - 1);
		k += ns;
		n += dt_stmt_illumos_nactions(st);
	}
	return kaction;
}

dt_u32 dt_action_number(const struct dt_handle *h, dt_u32 epid,
			dt_u32 kaction)
{
	if (!h->pgm || epid == 0 || epid > h->necbs ||
	    h->ecbs[epid - 1].clause < 0 ||
	    h->ecbs[epid - 1].clause >= h->pgm->nclauses)
		return kaction;
	return dt_clause_action_number(
		&h->pgm->clauses[h->ecbs[epid - 1].clause], kaction);
}

/* ---- matching and ENABLE ------------------------------------------- */

int dt_enable(struct dt_handle *h, const struct dt_program *pgm,
	      const struct dt_probespec **bad_spec)
{
	struct dt_ecbinfo *ecbs = NULL;
	size_t necbs = 0, cap = 0, p;
	int *seen = NULL;
	struct dtrace_enable_req req;
	void *blob;
	size_t len;
	int c, s;

	*bad_spec = NULL;
	/* As illumos: system() and freopen() need -w (-x destructive). */
	for (c = 0; c < pgm->nclauses && !h->opts.destructive; c++)
		for (s = 0; s < pgm->clauses[c].nstmts; s++)
			if (pgm->clauses[c].stmts[s].kind == DT_STMT_SYSTEM ||
			    pgm->clauses[c].stmts[s].kind == DT_STMT_FREOPEN) {
				snprintf(h->errmsg, sizeof(h->errmsg),
					 "Destructive actions not allowed");
				return -1;
			}
	for (c = 0; c < pgm->nclauses; c++)
		for (s = 0; s < pgm->clauses[c].nspecs; s++)
			if (dt_provide_spec(h, &pgm->clauses[c].specs[s], 0) < 0)
				return -1;
	if (dt_probes_refresh(h) < 0)
		return -1;

	seen = calloc(h->nprobes ? h->nprobes : 1, sizeof(*seen));
	if (!seen)
		goto nomem;
	for (c = 0; c < pgm->nclauses; c++) {
		const struct dt_clause *cl = &pgm->clauses[c];

		for (s = 0; s < cl->nspecs; s++) {
			const struct dt_probespec *sp = &cl->specs[s];
			size_t matched = 0;

			for (p = 0; p < h->nprobes; p++) {
				if (!dt_spec_match(sp, &h->probes[p]))
					continue;
				matched++;
				if (seen[p] == c + 1)
					continue;	/* same clause, same probe */
				seen[p] = c + 1;
				if (necbs == cap) {
					struct dt_ecbinfo *n;

					cap = cap ? 2 * cap : 64;
					n = realloc(ecbs, cap * sizeof(*ecbs));
					if (!n)
						goto nomem;
					ecbs = n;
				}
				ecbs[necbs].epid = (dt_u32)necbs + 1;
				ecbs[necbs].probe = (dt_u32)p;
				ecbs[necbs].clause = c;
				ecbs[necbs].spec = s;
				necbs++;
			}
			if (!matched && !h->opts.zdefs) {
				snprintf(h->errmsg, sizeof(h->errmsg),
					 "probe description %s:%s:%s:%s does "
					 "not match any probes", sp->prov,
					 sp->mod, sp->func, sp->name);
				*bad_spec = sp;
				goto fail;
			}
		}
	}
	if (necbs > DTRACE_MAX_ECBS) {
		snprintf(h->errmsg, sizeof(h->errmsg),
			 "too many enabled probes (%zu; at most %u)", necbs,
			 DTRACE_MAX_ECBS);
		goto fail;
	}
	if (dt_enable_build(pgm, ecbs, necbs, h->probes, &h->opts, &blob,
			    &len) < 0) {
		snprintf(h->errmsg, sizeof(h->errmsg),
			 "enabling is too large or out of memory");
		goto fail;
	}
	memset(&req, 0, sizeof(req));
	req.blob = (dt_u64)(uintptr_t)blob;
	req.len = len;
	if (ioctl(h->fd, DTRACEIOC_ENABLE, &req) < 0) {
		snprintf(h->errmsg, sizeof(h->errmsg),
			 "failed to enable probes: %s", strerror(errno));
		free(blob);
		goto fail;
	}
	free(blob);
	free(seen);
	free(h->ecbs);
	h->ecbs = ecbs;
	h->necbs = necbs;
	h->pgm = pgm;
	return 0;
nomem:
	snprintf(h->errmsg, sizeof(h->errmsg), "out of memory");
fail:
	free(seen);
	free(ecbs);
	return -1;
}
