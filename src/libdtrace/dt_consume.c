// SPDX-License-Identifier: GPL-2.0
/*
 * The consumer loop: GO, then every switchrate snapshot each CPU's
 * principal buffer, merge the records of one round by timestamp and print
 * them, merge the aggregation buffers and report drops and errors; on
 * exit() or a signal STOP (which fires END), drain once more and print the
 * aggregations.  Output follows illumos dtrace(1M): the heading before the
 * first record, "%3d %6d %32s " per record, a newline after each record.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>

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

int dt_go(struct dt_handle *h)
{
	if (ioctl(h->fd, DTRACEIOC_GO) < 0) {
		snprintf(h->errmsg, sizeof(h->errmsg),
			 "could not enable tracing: %s", strerror(errno));
		return -1;
	}
	return 0;
}

static const struct dt_ecbinfo *dt_ecb(const struct dt_handle *h, dt_u32 epid)
{
	if (epid == 0 || epid > h->necbs)
		return NULL;
	return &h->ecbs[epid - 1];
}

/* A clause whose statements all aggregate leaves nothing to print. */
static int dt_clause_prints(const struct dt_clause *cl)
{
	int s;

	if (cl->nstmts == 0)
		return 1;
	for (s = 0; s < cl->nstmts; s++)
		if (cl->stmts[s].kind != DT_STMT_AGG)
			return 1;
	return 0;
}

int dt_print_record(struct dt_handle *h, dt_u32 cpu,
		    const struct dtrace_rechdr *rh, const unsigned char *payload)
{
	const struct dt_ecbinfo *e = dt_ecb(h, rh->epid);
	const struct dtrace_probedesc *pd;
	const struct dt_clause *cl;
	FILE *fp = h->out;
	int quiet = h->opts.quiet;
	int s;

	if (!e)
		return -1;
	pd = &h->probes[e->probe];
	cl = &h->pgm->clauses[e->clause];
	if (rh->size < cl->recsize)
		return -1;
	if (!dt_clause_prints(cl))
		return 0;

	if (!h->heading) {
		if (!quiet)
			fprintf(fp, "%3s %6s %32s\n", "CPU", "ID",
				"FUNCTION:NAME");
		h->heading = 1;
	}
	if (!quiet) {
		char name[DTRACE_FUNCNAMELEN + DTRACE_NAMELEN + 2];

		snprintf(name, sizeof(name), "%s:%s", pd->func, pd->name);
		fprintf(fp, "%3u %6u %32s ", cpu, pd->id, name);
	}

	for (s = 0; s < cl->nstmts; s++) {
		const struct dt_stmt *st = &cl->stmts[s];
		const struct dt_value *v = st->vals;
		dt_u64 x;

		switch (st->kind) {
		case DT_STMT_TRACE:
			if ((size_t)v->offset + v->difo.rsize > rh->size)
				return -1;
			if (v->is_string) {
				dt_print_bytes(fp, payload + v->offset,
					       v->difo.rsize, -33, quiet);
			} else {
				memcpy(&x, payload + v->offset, 8);
				dt_print_int(fp, x, v->size, quiet);
			}
			break;
		case DT_STMT_PRINTF:
			if (dt_printf_format(fp, st->fmt, st->vals, st->nvals,
					     payload, rh->size) < 0)
				return -1;
			break;
		case DT_STMT_EXIT:
			if ((size_t)v->offset + 8 > rh->size)
				return -1;
			memcpy(&x, payload + v->offset, 8);
			h->exit_status = (int)(dt_s32)x;
			h->exiting = 1;
			break;
		case DT_STMT_AGG:
			break;
		}
	}
	if (!quiet)
		fputc('\n', fp);
	return 0;
}

/* ---- one snapshot round -------------------------------------------- */

struct dt_rec {
	dt_u64 ts;
	size_t off;		/* of the rechdr in the round arena */
	dt_u32 cpu;
	dt_u32 seq;		/* order within the round, for a stable sort */
};

static int dt_rec_cmp(const void *a, const void *b)
{
	const struct dt_rec *x = a, *y = b;

	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int dt_snap_alloc(struct dt_handle *h)
{
	size_t want = h->opts.bufsize > h->opts.aggsize ?
		      h->opts.bufsize : h->opts.aggsize;

	if (h->snap && h->snapsize >= want)
		return 0;
	free(h->snap);
	h->snap = malloc(want);
	h->snapsize = h->snap ? want : 0;
	if (!h->snap) {
		snprintf(h->errmsg, sizeof(h->errmsg), "out of memory");
		return -1;
	}
	return 0;
}

/* BUFSNAP or AGGSNAP @cpu into h->snap; 1: no such CPU. */
static int dt_snap(struct dt_handle *h, unsigned long req, dt_u32 cpu,
		   dt_u64 cap, dt_u64 *len, dt_u64 *drops)
{
	struct dtrace_bufsnap bs;

	memset(&bs, 0, sizeof(bs));
	bs.cpu = cpu;
	bs.buf = (dt_u64)(uintptr_t)h->snap;
	bs.size = cap;
	if (ioctl(h->fd, req, &bs) < 0) {
		if (errno == ENXIO || errno == EINVAL || errno == ENOENT)
			return 1;
		snprintf(h->errmsg, sizeof(h->errmsg),
			 "failed to snapshot CPU %u: %s", cpu, strerror(errno));
		return -1;
	}
	*len = bs.size > cap ? cap : bs.size;
	*drops = bs.drops;
	return 0;
}

static int dt_round_records(struct dt_handle *h)
{
	unsigned char *arena = NULL;
	size_t alen = 0, acap = 0;
	struct dt_rec *recs = NULL;
	size_t nrecs = 0, rcap = 0, i;
	int rc = -1;
	dt_u32 cpu;

	for (cpu = 0; cpu < h->ncpus; cpu++) {
		dt_u64 len, drops, off = 0;
		int r = dt_snap(h, DTRACEIOC_BUFSNAP, cpu, h->opts.bufsize,
				&len, &drops);

		if (r < 0)
			goto out;
		if (r > 0)
			continue;
		if (drops)
			fprintf(stderr, "dtrace: %llu drop%s on CPU %u\n",
				(unsigned long long)drops, drops == 1 ? "" : "s",
				cpu);
		if (len == 0)
			continue;
		if (alen + len > acap) {
			unsigned char *n;

			acap = (alen + len) * 2;
			n = realloc(arena, acap);
			if (!n)
				goto nomem;
			arena = n;
		}
		memcpy(arena + alen, h->snap, len);
		while (off + sizeof(struct dtrace_rechdr) <= len) {
			struct dtrace_rechdr rh;

			memcpy(&rh, arena + alen + off, sizeof(rh));
			if (rh.size > len - off - sizeof(rh) || rh.size % 8) {
				snprintf(h->errmsg, sizeof(h->errmsg),
					 "malformed record on CPU %u", cpu);
				goto out;
			}
			if (nrecs == rcap) {
				struct dt_rec *n;

				rcap = rcap ? 2 * rcap : 256;
				n = realloc(recs, rcap * sizeof(*recs));
				if (!n)
					goto nomem;
				recs = n;
			}
			recs[nrecs].ts = rh.timestamp;
			recs[nrecs].off = alen + off;
			recs[nrecs].cpu = cpu;
			recs[nrecs].seq = (dt_u32)nrecs;
			nrecs++;
			off += sizeof(rh) + rh.size;
		}
		alen += len;
	}

	qsort(recs, nrecs, sizeof(*recs), dt_rec_cmp);
	for (i = 0; i < nrecs; i++) {
		struct dtrace_rechdr rh;

		memcpy(&rh, arena + recs[i].off, sizeof(rh));
		if (dt_print_record(h, recs[i].cpu, &rh,
				    arena + recs[i].off + sizeof(rh)) < 0) {
			snprintf(h->errmsg, sizeof(h->errmsg),
				 "malformed record for epid %u on CPU %u",
				 rh.epid, recs[i].cpu);
			goto out;
		}
	}
	rc = 0;
	goto out;
nomem:
	snprintf(h->errmsg, sizeof(h->errmsg), "out of memory");
out:
	free(arena);
	free(recs);
	return rc;
}

static int dt_round_aggs(struct dt_handle *h)
{
	dt_u32 cpu;

	if (!h->pgm || h->pgm->naggs == 0)
		return 0;
	for (cpu = 0; cpu < h->ncpus; cpu++) {
		dt_u64 len, drops;
		int r = dt_snap(h, DTRACEIOC_AGGSNAP, cpu, h->opts.aggsize,
				&len, &drops);

		if (r < 0)
			return -1;
		if (r > 0)
			continue;
		if (drops)
			fprintf(stderr, "dtrace: %llu aggregation drop%s on "
				"CPU %u\n", (unsigned long long)drops,
				drops == 1 ? "" : "s", cpu);
		if (dt_agg_merge(&h->aggs, h->pgm, h->snap, len) < 0) {
			snprintf(h->errmsg, sizeof(h->errmsg),
				 "malformed aggregation buffer on CPU %u", cpu);
			return -1;
		}
	}
	return 0;
}

static void dt_report_errors(struct dt_handle *h,
			     const struct dtrace_status *st)
{
	const struct dt_ecbinfo *e;
	dt_u64 n;

	if (st->errors <= h->errors)
		return;
	n = st->errors - h->errors;
	h->errors = st->errors;
	e = dt_ecb(h, st->last_fault_epid);
	if (e) {
		const struct dtrace_probedesc *pd = &h->probes[e->probe];

		fprintf(stderr, "dtrace: error on enabled probe ID %u "
			"(ID %u: %s:%s:%s:%s): %s", e->epid, pd->id, pd->prov,
			pd->mod, pd->func, pd->name,
			dt_fault_str(st->last_fault));
		switch (st->last_fault) {
		case DIF_FAULT_BADADDR:
		case DIF_FAULT_BADALIGN:
		case DIF_FAULT_KPRIV:
		case DIF_FAULT_UPRIV:
			fprintf(stderr, " (0x%llx)",
				(unsigned long long)st->last_fault_addr);
			break;
		}
		fputc('\n', stderr);
	}
	if (n > 1 || !e)
		fprintf(stderr, "dtrace: %llu error%s\n",
			(unsigned long long)n, n == 1 ? "" : "s");
}

static int dt_status(struct dt_handle *h, struct dtrace_status *st)
{
	memset(st, 0, sizeof(*st));
	if (ioctl(h->fd, DTRACEIOC_STATUS, st) < 0) {
		snprintf(h->errmsg, sizeof(h->errmsg),
			 "failed to get status: %s", strerror(errno));
		return -1;
	}
	return 0;
}

static int dt_stop(struct dt_handle *h)
{
	if (h->stopped)
		return 0;
	if (ioctl(h->fd, DTRACEIOC_STOP) < 0) {
		snprintf(h->errmsg, sizeof(h->errmsg),
			 "couldn't stop tracing: %s", strerror(errno));
		return -1;
	}
	h->stopped = 1;
	return 0;
}

static void dt_sleep_ns(dt_u64 ns, volatile sig_atomic_t *intr)
{
	struct timespec ts;

	ts.tv_sec = (time_t)(ns / 1000000000ULL);
	ts.tv_nsec = (long)(ns % 1000000000ULL);
	/* A signal ends the nap early (EINTR): good, we stop sooner. */
	if (!*intr)
		nanosleep(&ts, NULL);
}

int dt_run(struct dt_handle *h, volatile sig_atomic_t *intr)
{
	struct dtrace_status st;
	int done = 0, intr_seen = 0;

	if (dt_snap_alloc(h) < 0)
		return -1;
	while (!done) {
		if (!h->exiting)
			dt_sleep_ns(h->opts.switch_ns, intr);
		if (*intr && !intr_seen) {
			/* As dtrace(1M): a newline after ^C, even if quiet. */
			fputc('\n', h->out);
			intr_seen = 1;
		}
		if (dt_status(h, &st) < 0)
			return -1;
		dt_report_errors(h, &st);
		if (*intr || h->exiting || st.exiting) {
			if (dt_stop(h) < 0)
				return -1;
		}
		if (dt_round_records(h) < 0 || dt_round_aggs(h) < 0)
			return -1;
		fflush(h->out);
		if (h->stopped)
			done = 1;
	}
	/* END may have faulted too. */
	if (dt_status(h, &st) == 0)
		dt_report_errors(h, &st);

	fputc('\n', h->out);
	if (h->pgm && dt_agg_print(h->out, h->pgm, &h->aggs) < 0) {
		snprintf(h->errmsg, sizeof(h->errmsg),
			 "failed to print aggregations");
		return -1;
	}
	fflush(h->out);
	return 0;
}
