// SPDX-License-Identifier: GPL-2.0
/*
 * One record of the principal buffer, as illumos' dt_consume_cpu() with
 * dtrace(1M)'s chew()/chewrec() prints it: the heading before the first
 * record, the "CPU ID FUNCTION:NAME" prefix unless quiet (with
 * flowindent " -> func" / " <- func" indented by call depth, and printed
 * even when quiet), each statement's output, then a newline unless
 * quiet.  The consumer's own actions (printa(), trunc(), clear(),
 * normalize(), denormalize(), setopt()) are carried out where their
 * record sits in the stream.  Error records print illumos' message to
 * stderr.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "dt_consumer.h"

const char *dt_fault_str(dt_u32 fault)
{
	switch (fault) {
	case DIF_FAULT_BADADDR:
		return "invalid address";
	case DIF_FAULT_BADALIGN:
		return "invalid alignment";
	case DIF_FAULT_ILLOP:
		return "illegal operation";
	case DIF_FAULT_DIVZERO:
		return "divide-by-zero";
	case DIF_FAULT_NOSCRATCH:
		return "out of scratch space";
	case DIF_FAULT_KPRIV:
		return "invalid kernel access";
	case DIF_FAULT_UPRIV:
		return "invalid user access";
	case DIF_FAULT_TUPOFLOW:
		return "tuple stack overflow";
	case DIF_FAULT_BADSTACK:
		return "bad stack";
	default:
		return "unknown fault";
	}
}

static const struct dt_ecbinfo *dt_ecb(const struct dt_handle *h, dt_u32 epid)
{
	if (epid == 0 || epid > h->necbs)
		return NULL;
	return &h->ecbs[epid - 1];
}

static const struct dtrace_probedesc *dt_ecb_probe(const struct dt_handle *h,
						   dt_u32 epid)
{
	const struct dt_ecbinfo *e = dt_ecb(h, epid);

	return e && e->probe < h->nprobes ? &h->probes[e->probe] : NULL;
}

/* illumos dt_handle_err(); the address only for the faults it names. */
int dt_errrec_msg(const struct dt_handle *h, const struct dtrace_errrec *er,
		  char *buf, size_t len)
{
	const struct dtrace_probedesc *pd = dt_ecb_probe(h, er->epid);
	char where[32], off[32], details[32];

	if (!pd)
		return -1;
	if (er->action == 0)
		snprintf(where, sizeof(where), "predicate");
	else
		snprintf(where, sizeof(where), "action #%u",
			 dt_action_number(h, er->epid, er->action));
	off[0] = details[0] = '\0';
	if (er->offset != ~0u)
		snprintf(off, sizeof(off), " at DIF offset %d", (int)er->offset);
	switch (er->fault) {
	case DIF_FAULT_BADADDR:
	case DIF_FAULT_BADALIGN:
	case DIF_FAULT_BADSTACK:
		snprintf(details, sizeof(details), " (0x%llx)",
			 (unsigned long long)er->addr);
		break;
	}
	snprintf(buf, len, "error on enabled probe ID %u (ID %u: %s:%s:%s:%s): "
		 "%s%s in %s%s\n", er->epid, pd->id, pd->prov, pd->mod,
		 pd->func, pd->name, dt_fault_str(er->fault), details, where,
		 off);
	return 0;
}

/*
 * A clause whose statements only aggregate or assign records nothing in
 * illumos (its actions store no data), so prints nothing; anything else
 * prints at least the probe; no statements is the default action.
 */
static int dt_clause_prints(const struct dt_clause *cl)
{
	int s;

	if (cl->nstmts == 0)
		return 1;
	for (s = 0; s < cl->nstmts; s++) {
		switch (cl->stmts[s].kind) {
		case DT_STMT_AGG:
		case DT_STMT_DIFEXPR:
		case DT_STMT_SPECULATE:
		case DT_STMT_COMMIT:
		case DT_STMT_DISCARD:
			continue;
		default:
			return 1;
		}
	}
	return 0;
}

/*
 * system() and freopen() take their argument as printf() would make it,
 * cut to strsize as illumos' dtrace_sprintf() buffer cuts it.
 */
static char *dt_rec_sprintf(const struct dt_handle *h,
			    const struct dt_stmt *st,
			    const unsigned char *payload, dt_u32 psize)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	int rc;

	if (!fp)
		return NULL;
	rc = dt_printf_format(fp, st->fmt ? st->fmt : "", st->vals, st->nvals,
			      payload, psize);
	fclose(fp);
	if (rc < 0) {
		free(buf);
		return NULL;
	}
	if (h->pgm && h->pgm->strsize && len >= h->pgm->strsize)
		buf[h->pgm->strsize - 1] = '\0';
	return buf;
}

/* illumos dtrace_freopen(): "" goes back to the original output. */
static int dt_rec_freopen(struct dt_handle *h, dt_u32 epid,
			  const struct dtrace_probedesc *pd, const char *name)
{
	FILE *nfp;

	if (!h->base_out)
		h->base_out = h->out;
	fflush(h->out);
	if (!*name) {
		if (h->out != h->base_out)
			fclose(h->out);
		h->out = h->base_out;
		return 0;
	}
	nfp = fopen(name, "a");
	if (!nfp) {
		fprintf(h->err, "%s: error on enabled probe ID %u (ID %u: "
			"%s:%s:%s:%s): couldn't freopen() \"%s\": %s\n",
			h->pname, epid, pd->id, pd->prov, pd->mod, pd->func,
			pd->name, name, strerror(errno));
		return 0;
	}
	if (h->out != h->base_out)
		fclose(h->out);
	h->out = nfp;
	return 0;
}

/* An integer value of the record, as its D type holds it. */
static int dt_rec_int(const unsigned char *payload, dt_u32 psize,
		      const struct dt_value *v, int sign, dt_u64 *out)
{
	dt_u64 x;
	unsigned int bits;

	if (!v || v->is_string || (size_t)v->offset + 8 > psize)
		return -1;
	memcpy(&x, payload + v->offset, 8);
	if (v->size > 0 && v->size < 8) {
		bits = (unsigned int)v->size * 8;
		x &= (1ULL << bits) - 1;
		if (sign && (x & (1ULL << (bits - 1))))
			x |= ~0ULL << bits;
	}
	*out = x;
	return 0;
}

/* illumos dt_flowindent(): is this an entry, a return, or neither? */
enum dt_flow { DT_FLOW_NONE, DT_FLOW_ENTRY, DT_FLOW_RETURN };

static int dt_name_is(const char *n, const char *what)
{
	size_t ln = strlen(n), lw = strlen(what);

	return ln >= lw && !strcmp(n + ln - lw, what) &&
	       (ln == lw || n[ln - lw - 1] == '-');
}

static enum dt_flow dt_flow_of(const struct dt_handle *h, dt_u32 epid,
			       const struct dtrace_probedesc *pd)
{
	const struct dtrace_probedesc *o;

	if (dt_name_is(pd->name, "entry")) {
		o = dt_ecb_probe(h, h->last_epid);
		/* Another ECB of the probe just indented: once is enough. */
		if (o && h->last_epid != epid && o->id == pd->id)
			return DT_FLOW_NONE;
		return DT_FLOW_ENTRY;
	}
	if (dt_name_is(pd->name, "return")) {
		o = dt_ecb_probe(h, h->next_epid);
		if (o && h->next_epid != epid && o->id == pd->id)
			return DT_FLOW_NONE;
		return DT_FLOW_RETURN;
	}
	return DT_FLOW_NONE;
}

static void dt_print_prefix(struct dt_handle *h, dt_u32 cpu, dt_u32 epid,
			    const struct dtrace_probedesc *pd)
{
	FILE *fp = h->out;
	char name[DTRACE_FUNCNAMELEN + DTRACE_NAMELEN + 300];
	enum dt_flow flow;
	const char *pfx;
	int syscall;

	if (!h->heading) {
		if (h->opts.flowindent)
			fprintf(fp, "%3s %-41s\n", "CPU", "FUNCTION");
		else if (!h->opts.quiet)
			fprintf(fp, "%3s %6s %32s\n", "CPU", "ID",
				"FUNCTION:NAME");
		h->heading = 1;
	}
	if (!h->opts.flowindent) {
		if (h->opts.quiet)
			return;
		snprintf(name, sizeof(name), "%s:%s", pd->func, pd->name);
		fprintf(fp, "%3u %6u %32s ", cpu, pd->id, name);
		return;
	}
	flow = dt_flow_of(h, epid, pd);
	syscall = !strcmp(pd->prov, "syscall");
	if (flow == DT_FLOW_ENTRY)
		pfx = syscall ? " => " : " -> ";
	else if (flow == DT_FLOW_RETURN)
		pfx = syscall ? " <= " : " <- ";
	else
		pfx = "| ";
	if (flow == DT_FLOW_RETURN && h->indent > 0)
		h->indent -= 2;
	if (h->indent > 256)
		h->indent = 256;	/* the name buffer's bound */
	if (flow == DT_FLOW_NONE)
		snprintf(name, sizeof(name), "%*s%s%s:%s", h->indent, "", pfx,
			 pd->func, pd->name);
	else
		snprintf(name, sizeof(name), "%*s%s%s", h->indent, "", pfx,
			 pd->func);
	fprintf(fp, "%3u %-41s ", cpu, name);
	if (flow == DT_FLOW_ENTRY)
		h->indent += 2;
}

/* setopt(): illumos dt_setopt(), failures reported as library errors. */
static void dt_rec_setopt(struct dt_handle *h, dt_u32 epid,
			  const struct dtrace_probedesc *pd,
			  const struct dt_stmt *st)
{
	const char *val = st->optval ? st->optval : "1";
	char err[128];

	if (dt_opt_set(&h->opts, st->opt, val, err, sizeof(err)) == 0)
		return;
	/* illumos' message ends in a newline and its handler adds one. */
	fprintf(stderr, "%s: error on enabled probe ID %u (ID %u: "
		"%s:%s:%s:%s): couldn't set option \"%s\" to \"%s\": %s\n\n",
		h->pname, epid, pd->id, pd->prov, pd->mod, pd->func, pd->name,
		st->opt, val, err);
}

static int dt_rec_stmt(struct dt_handle *h, dt_u32 epid,
		       const struct dtrace_probedesc *pd,
		       const struct dt_stmt *st, const unsigned char *payload,
		       dt_u32 psize)
{
	const struct dt_program *pgm = h->pgm;
	const struct dt_value *v = st->nvals ? st->vals : NULL;
	FILE *fp = h->out;
	dt_u64 x;

	switch (st->kind) {
	case DT_STMT_TRACE:
		if (!v || (size_t)v->offset + v->difo.rsize > psize)
			return -1;
		if (v->is_string)
			return dt_print_bytes_raw(fp, payload + v->offset,
						  v->difo.rsize, -33,
						  h->opts.quiet,
						  h->opts.rawbytes) < 0 ? -1 : 0;
		memcpy(&x, payload + v->offset, 8);
		if (v->fmt != DT_VFMT_NONE)
			dt_print_symval(fp, x, v->fmt);
		else
			dt_print_int(fp, x, v->size, h->opts.quiet);
		return 0;
	case DT_STMT_STACK:
	case DT_STMT_USTACK:
		if ((size_t)st->offset + st->size > psize)
			return -1;
		dt_print_stack(fp, payload + st->offset, st->size / 8,
			       h->opts.stackindent != DT_OPT_UNSET ?
			       (int)h->opts.stackindent : 14,
			       st->kind == DT_STMT_USTACK);
		return 0;
	case DT_STMT_TRACEMEM:
		/* illumos prints tracemem() as raw bytes, always. */
		if ((size_t)st->offset + st->size > psize)
			return -1;
		return dt_print_bytes_raw(fp, payload + st->offset, st->size,
					  -33, h->opts.quiet, 1) < 0 ? -1 : 0;
	case DT_STMT_SYSTEM:
	case DT_STMT_FREOPEN: {
		char *cmd = dt_rec_sprintf(h, st, payload, psize);
		int rc = 0;

		if (!cmd)
			return -1;
		if (st->kind == DT_STMT_FREOPEN) {
			rc = dt_rec_freopen(h, epid, pd, cmd);
		} else {
			/* What the program printed so far comes first. */
			fflush(fp);
			fflush(stdout);
			if (system(cmd) == -1)
				rc = -1;
		}
		free(cmd);
		return rc;
	}
	case DT_STMT_SPECULATE:
	case DT_STMT_COMMIT:
	case DT_STMT_DISCARD:
		return 0;
	case DT_STMT_PRINTF:
		return dt_printf_format(fp, st->fmt, st->vals, st->nvals,
					payload, psize);
	case DT_STMT_EXIT:
		if (dt_rec_int(payload, psize, v, 1, &x) < 0)
			return -1;
		h->exit_status = (int)(dt_s32)x;
		h->exiting = 1;
		return 0;
	case DT_STMT_AGG:
	case DT_STMT_DIFEXPR:
		return 0;
	case DT_STMT_PRINTA:
		if (st->naggids <= 0)
			return -1;
		if (st->fmt)
			return dt_printa_format(fp, st->fmt, pgm, &h->aggs,
						st->aggids, st->naggids,
						&h->opts);
		return dt_printa_default(fp, pgm, &h->aggs, st->aggids,
					 st->naggids, &h->opts);
	case DT_STMT_TRUNC:
		/* trunc(@a) removes everything; trunc(@a, n) reads n signed. */
		x = 0;
		if (v && dt_rec_int(payload, psize, v, 1, &x) < 0)
			return -1;
		return dt_agg_trunc(&h->aggs, pgm, st->aggid, (dt_s64)x);
	case DT_STMT_CLEAR:
		dt_agg_clear(&h->aggs, pgm, st->aggid);
		return 0;
	case DT_STMT_NORMALIZE:
		if (dt_rec_int(payload, psize, v, 0, &x) < 0)
			return -1;
		dt_agg_normalize(&h->aggs, st->aggid, x);
		return 0;
	case DT_STMT_DENORMALIZE:
		dt_agg_denormalize(&h->aggs, st->aggid);
		return 0;
	case DT_STMT_SETOPT:
		if (!st->opt)
			return -1;
		dt_rec_setopt(h, epid, pd, st);
		return 0;
	}
	return -1;
}

static int dt_print_errrec(struct dt_handle *h, const struct dtrace_rechdr *rh,
			   const unsigned char *payload)
{
	struct dtrace_errrec er;
	char msg[DTRACE_FUNCNAMELEN + DTRACE_MODNAMELEN + 256];

	if (rh->size < sizeof(er))
		return -1;
	memcpy(&er, payload, sizeof(er));
	if (dt_errrec_msg(h, &er, msg, sizeof(msg)) < 0)
		return -1;
	fflush(h->out);
	fprintf(h->err, "%s: %s", h->pname, msg);
	h->errors_seen++;
	return 0;
}

int dt_print_record(struct dt_handle *h, dt_u32 cpu,
		    const struct dtrace_rechdr *rh, const unsigned char *payload)
{
	const struct dt_ecbinfo *e;
	const struct dtrace_probedesc *pd;
	const struct dt_clause *cl;
	int s, rc = 0;

	if (rh->epid == DTRACE_EPID_ERROR) {
		rc = dt_print_errrec(h, rh, payload);
		h->last_epid = rh->epid;
		return rc;
	}
	e = dt_ecb(h, rh->epid);
	if (!e || !h->pgm || e->probe >= h->nprobes ||
	    e->clause < 0 || e->clause >= h->pgm->nclauses)
		return -1;
	pd = &h->probes[e->probe];
	cl = &h->pgm->clauses[e->clause];
	if (rh->size < cl->recsize)
		return -1;
	if (!dt_clause_prints(cl))
		return 0;

	dt_print_prefix(h, cpu, rh->epid, pd);
	for (s = 0; s < cl->nstmts && rc == 0; s++)
		rc = dt_rec_stmt(h, rh->epid, pd, &cl->stmts[s], payload,
				 rh->size);
	/* setopt() may have changed quiet: the newline follows the new. */
	if (!h->opts.quiet)
		fputc('\n', h->out);
	h->last_epid = rh->epid;
	return rc;
}
