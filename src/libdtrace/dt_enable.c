// SPDX-License-Identifier: GPL-2.0
/*
 * From a compiled program to one ENABLE blob: every clause is matched
 * against the probe list, one ECB per (clause, matched probe) with epids
 * 1.. in clause order; the clause's actions and DIF objects are written
 * once and shared by all of its ECBs.  Also the tracing options.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>

#include "dt_consumer.h"

#define DT_DEFAULT_BUFSIZE	(4u << 20)
#define DT_DEFAULT_STRSIZE	256
#define DT_DEFAULT_DYNVARSIZE	(1u << 20)
#define DT_NSEC			1000000000ULL

void dt_opts_init(struct dt_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->bufsize = DT_DEFAULT_BUFSIZE;
	o->aggsize = DT_DEFAULT_BUFSIZE;
	o->dynvarsize = DT_DEFAULT_DYNVARSIZE;
	o->switch_ns = DT_NSEC / 10;
	o->strsize = DT_DEFAULT_STRSIZE;
}

int dt_parse_size(const char *s, dt_u64 *out)
{
	unsigned long long v;
	char *end;
	int shift = 0;

	if (!s || !isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno)
		return -1;
	switch (tolower((unsigned char)*end)) {
	case '\0':
		break;
	case 'k':
		shift = 10;
		break;
	case 'm':
		shift = 20;
		break;
	case 'g':
		shift = 30;
		break;
	case 't':
		shift = 40;
		break;
	default:
		return -1;
	}
	if (*end && end[1] != '\0')
		return -1;
	if (shift && v > (~0ULL >> shift))
		return -1;
	*out = v << shift;
	return 0;
}

/* "10hz", "100ms", "1s", "5" (Hz) -> interval in ns */
static int dt_parse_rate(const char *s, dt_u64 *ns)
{
	static const struct {
		const char *name;
		dt_u64 mul;	/* ns per unit; 0: a frequency */
	} units[] = {
		{ "", 0 }, { "hz", 0 }, { "ns", 1 }, { "us", 1000 },
		{ "ms", 1000000 }, { "s", DT_NSEC }, { "sec", DT_NSEC },
		{ "m", 60 * DT_NSEC }, { "min", 60 * DT_NSEC },
		{ "h", 3600 * DT_NSEC }, { "hour", 3600 * DT_NSEC },
		{ "d", 86400 * DT_NSEC }, { "day", 86400 * DT_NSEC },
	};
	unsigned long long v;
	char *end;
	size_t i;

	if (!s || !isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || v == 0)
		return -1;
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcasecmp(end, units[i].name))
			continue;
		if (units[i].mul == 0)
			*ns = v > DT_NSEC ? 1 : DT_NSEC / v;
		else if (v > ~0ULL / units[i].mul)
			return -1;
		else
			*ns = v * units[i].mul;
		return 0;
	}
	return -1;
}

int dt_opt_set(struct dt_opts *o, const char *name, const char *val,
	       char *err, size_t errlen)
{
	static const char *const ignored[] = {
		"destructive", "specsize", "nspec", "cleanrate",
		"statusrate", "aggrate", "flowindent", "bufpolicy",
		"bufresize", "stackframes", "ustackframes", "defaultargs",
		"rawbytes", NULL
	};
	dt_u64 v;
	int i;

	if (!strcmp(name, "bufsize") || !strcmp(name, "aggsize")) {
		if (dt_parse_size(val, &v) < 0 || v < DTRACE_MIN_BUFSIZE ||
		    v > DTRACE_MAX_BUFSIZE)
			goto badval;
		if (name[0] == 'b')
			o->bufsize = v;
		else
			o->aggsize = v;
		return 0;
	}
	if (!strcmp(name, "dynvarsize")) {
		if (dt_parse_size(val, &v) < 0 || v > DTRACE_MAX_DYNVARSIZE)
			goto badval;
		o->dynvarsize = v;
		return 0;
	}
	if (!strcmp(name, "switchrate")) {
		if (dt_parse_rate(val, &v) < 0)
			goto badval;
		o->switch_ns = v;
		return 0;
	}
	if (!strcmp(name, "strsize")) {
		if (dt_parse_size(val, &v) < 0 || v == 0 || v > 65536)
			goto badval;
		o->strsize = (dt_u32)((v + 7) & ~7ULL);
		return 0;
	}
	if (!strcmp(name, "quiet")) {
		o->quiet = 1;
		return 0;
	}
	if (!strcmp(name, "zdefs")) {
		o->zdefs = 1;
		return 0;
	}
	for (i = 0; ignored[i]; i++)
		if (!strcmp(name, ignored[i]))
			return 0;
	snprintf(err, errlen, "Invalid option name");
	return -1;
badval:
	snprintf(err, errlen, "Invalid value for specified option");
	return -1;
}

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

static dt_u32 dt_clause_nactions(const struct dt_clause *cl)
{
	dt_u32 n = 0;
	int s;

	for (s = 0; s < cl->nstmts; s++)
		n += cl->stmts[s].kind == DT_STMT_PRINTF ?
		     (dt_u32)cl->stmts[s].nvals : 1;
	return n;
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
			for (v = 0; v < st->nvals; v++) {
				at = base + a++ * sizeof(struct dtrace_actdesc);
				dt_store_action(bl, at, DTRACE_ACT_STORE,
						&st->vals[v]);
			}
			break;
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
						dt_blob_difo(bl,
							     &st->keys[k].difo);

					dt_blob_put(bl, keys + k * sizeof(kd),
						    &kd, sizeof(kd));
				}
			}
			ad.keys_off = (dt_u32)keys;
			if (st->nvals)
				ad.difo = dt_blob_difo(bl, &st->vals[0].difo);
			dt_blob_put(bl, at, &ad, sizeof(ad));
			break;
		}
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
