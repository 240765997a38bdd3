// SPDX-License-Identifier: GPL-2.0
/*
 * The consumer loop, as illumos' dtrace_work() runs it: every statusrate
 * read STATUS (report dynamic variable drops; on exit() STOP, which
 * fires END), every aggrate snapshot and merge the aggregation buffers,
 * every switchrate snapshot the principal buffers and print their
 * records; once stopped, do all three once more and end.  Records print
 * CPU by CPU as illumos does without the temporal option (the CPU that
 * ran BEGIN first, the one that ran END last), or in time order across
 * CPUs with it.  Then the aggregations printa() did not print.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>

#include "dt_consumer.h"

int dt_go(struct dt_handle *h)
{
	if (ioctl(h->fd, DTRACEIOC_GO) < 0) {
		snprintf(h->errmsg, sizeof(h->errmsg),
			 "could not enable tracing: %s", strerror(errno));
		return -1;
	}
	h->opts.active = 1;
	return 0;
}

/* ---- drops ----------------------------------------------------------- */

void dt_report_cpu_drops(FILE *fp, dt_u32 cpu, dt_u64 drops, int agg,
			 int droptags)
{
	if (!drops)
		return;
	fprintf(fp, "dtrace: %s%llu %sdrop%s on CPU %u\n",
		droptags ? (agg ? "[DTRACEDROP_AGGREGATION] " :
			    "[DTRACEDROP_PRINCIPAL] ") : "",
		(unsigned long long)drops, agg ? "aggregation " : "",
		drops > 1 ? "s" : "", cpu);
}

/* illumos dt_handle_status(): the counters STATUS has of illumos'. */
void dt_report_status_drops(FILE *fp, const struct dtrace_status *old,
			    const struct dtrace_status *new, int droptags)
{
	static const struct {
		size_t off;
		const char *tag, *what, *why;
	} tab[] = {
		{ offsetof(struct dtrace_status, dyndrops),
		  "DTRACEDROP_DYNAMIC", "dynamic variable drop", "" },
		{ offsetof(struct dtrace_status, specdrops),
		  "DTRACEDROP_SPEC", "speculative drop", "" },
		{ offsetof(struct dtrace_status, specbusy),
		  "DTRACEDROP_SPECBUSY", "failed speculation",
		  " (available buffer(s) still busy)" },
		{ offsetof(struct dtrace_status, specunavail),
		  "DTRACEDROP_SPECUNAVAIL", "failed speculation",
		  " (no speculative buffer available)" },
	};
	size_t i;

	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		dt_u64 o, n;

		memcpy(&o, (const char *)old + tab[i].off, 8);
		memcpy(&n, (const char *)new + tab[i].off, 8);
		if (n == o)
			continue;
		fprintf(fp, "dtrace: %s%s%s%llu %s%s%s\n",
			droptags ? "[" : "", droptags ? tab[i].tag : "",
			droptags ? "] " : "", (unsigned long long)(n - o),
			tab[i].what,
			n - o > 1 ? "s" : "", tab[i].why);
	}
}

/* ---- snapshots ------------------------------------------------------- */

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
		dt_report_cpu_drops(h->err, cpu, drops, 1, h->opts.droptags);
		if (dt_agg_merge(&h->aggs, h->pgm, h->snap, len) < 0) {
			snprintf(h->errmsg, sizeof(h->errmsg),
				 "malformed aggregation buffer on CPU %u", cpu);
			return -1;
		}
	}
	return 0;
}

/* ---- one round of records --------------------------------------------- */

struct dt_rec {
	dt_u64 ts;
	size_t off;		/* of the rechdr in the round's arena */
	dt_u32 cpu;
	dt_u32 seq;		/* order in the round, for a stable sort */
	dt_u32 epid;
	int done;		/* printed */
};

struct dt_round {
	unsigned char *arena;
	size_t alen, acap;
	struct dt_rec *recs;
	size_t nrecs, rcap;
	dt_u64 *drops;		/* per CPU */
};

static int dt_round_add(struct dt_handle *h, struct dt_round *r, dt_u32 cpu,
			const unsigned char *buf, dt_u64 len)
{
	dt_u64 off = 0;

	if (r->alen + len > r->acap) {
		size_t cap = (r->alen + len) * 2;
		unsigned char *n = realloc(r->arena, cap);

		if (!n)
			return -1;
		r->arena = n;
		r->acap = cap;
	}
	memcpy(r->arena + r->alen, buf, len);
	while (off + sizeof(struct dtrace_rechdr) <= len) {
		struct dtrace_rechdr rh;
		struct dt_rec *x;

		memcpy(&rh, r->arena + r->alen + off, sizeof(rh));
		if (rh.size > len - off - sizeof(rh) || rh.size % 8) {
			snprintf(h->errmsg, sizeof(h->errmsg),
				 "malformed record on CPU %u", cpu);
			return -1;
		}
		if (r->nrecs == r->rcap) {
			size_t cap = r->rcap ? 2 * r->rcap : 256;

			x = realloc(r->recs, cap * sizeof(*x));
			if (!x)
				return -1;
			r->recs = x;
			r->rcap = cap;
		}
		x = &r->recs[r->nrecs];
		x->ts = rh.timestamp;
		x->off = r->alen + off;
		x->cpu = cpu;
		x->seq = (dt_u32)r->nrecs;
		x->epid = rh.epid;
		x->done = 0;
		r->nrecs++;
		off += sizeof(rh) + rh.size;
	}
	r->alen += len;
	return 0;
}

static int dt_rec_cmp(const void *a, const void *b)
{
	const struct dt_rec *x = a, *y = b;

	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The ECB a record belongs to; error records to the ECB that faulted. */
static dt_u32 dt_rec_owner(const struct dt_round *r, const struct dt_rec *x)
{
	struct dtrace_rechdr rh;
	struct dtrace_errrec er;

	if (x->epid != DTRACE_EPID_ERROR)
		return x->epid;
	memcpy(&rh, r->arena + x->off, sizeof(rh));
	if (rh.size < sizeof(er))
		return 0;
	memcpy(&er, r->arena + x->off + sizeof(rh), sizeof(er));
	return er.epid;
}

/* Is @x a record of dtrace:::@name (BEGIN or END)? */
static int dt_rec_is(const struct dt_handle *h, const struct dt_round *r,
		     const struct dt_rec *x, const char *name)
{
	dt_u32 epid = dt_rec_owner(r, x);
	const struct dtrace_probedesc *pd;

	if (epid == 0 || epid > h->necbs || h->ecbs[epid - 1].probe >= h->nprobes)
		return 0;
	pd = &h->probes[h->ecbs[epid - 1].probe];
	return !strcmp(pd->prov, "dtrace") && !strcmp(pd->name, name);
}

static int dt_emit(struct dt_handle *h, struct dt_round *r, size_t i,
		   size_t next)
{
	struct dt_rec *x = &r->recs[i];
	struct dtrace_rechdr rh;

	memcpy(&rh, r->arena + x->off, sizeof(rh));
	h->next_epid = next < r->nrecs ? r->recs[next].epid : 0;
	x->done = 1;
	if (dt_print_record(h, x->cpu, &rh,
			    r->arena + x->off + sizeof(rh)) < 0) {
		snprintf(h->errmsg, sizeof(h->errmsg),
			 "malformed record for epid %u on CPU %u", rh.epid,
			 x->cpu);
		return -1;
	}
	return 0;
}

/*
 * Print the records of @cpu not printed yet, in buffer order; with
 * @only (BEGIN), just those of that probe.  flowindent starts afresh
 * with each CPU's buffer, as in illumos.
 */
static int dt_emit_cpu(struct dt_handle *h, struct dt_round *r, dt_u32 cpu,
		       const char *only)
{
	size_t i, j;

	h->indent = 0;
	for (i = 0; i < r->nrecs; i++) {
		if (r->recs[i].cpu != cpu || r->recs[i].done)
			continue;
		if (only && !dt_rec_is(h, r, &r->recs[i], only))
			continue;
		for (j = i + 1; j < r->nrecs && r->recs[j].cpu != cpu; j++)
			;
		if (dt_emit(h, r, i, j) < 0)
			return -1;
	}
	return 0;
}

static long dt_find_cpu(const struct dt_handle *h, const struct dt_round *r,
			const char *name, int last)
{
	long cpu = -1;
	size_t i;

	for (i = 0; i < r->nrecs; i++) {
		if (!dt_rec_is(h, r, &r->recs[i], name))
			continue;
		cpu = r->recs[i].cpu;
		if (!last)
			break;
	}
	return cpu;
}

static int dt_emit_percpu(struct dt_handle *h, struct dt_round *r)
{
	long bcpu = h->begun ? -1 : dt_find_cpu(h, r, "BEGIN", 0);
	long ecpu = h->stopped ? dt_find_cpu(h, r, "END", 1) : -1;
	dt_u32 cpu;

	if (bcpu >= 0 && dt_emit_cpu(h, r, (dt_u32)bcpu,
				     bcpu == ecpu ? "BEGIN" : NULL) < 0)
		return -1;
	for (cpu = 0; cpu < h->ncpus; cpu++) {
		if ((long)cpu == ecpu)
			continue;
		if (dt_emit_cpu(h, r, cpu, NULL) < 0)
			return -1;
		dt_report_cpu_drops(h->err, cpu, r->drops[cpu], 0,
				    h->opts.droptags);
	}
	if (ecpu >= 0) {
		if (dt_emit_cpu(h, r, (dt_u32)ecpu, NULL) < 0)
			return -1;
		dt_report_cpu_drops(h->err, (dt_u32)ecpu, r->drops[ecpu], 0,
				    h->opts.droptags);
	}
	return 0;
}

static int dt_emit_temporal(struct dt_handle *h, struct dt_round *r)
{
	size_t i, j;
	dt_u32 cpu;

	qsort(r->recs, r->nrecs, sizeof(*r->recs), dt_rec_cmp);
	for (i = 0; i < r->nrecs; i++) {
		for (j = i + 1; j < r->nrecs &&
		     r->recs[j].cpu != r->recs[i].cpu; j++)
			;
		if (dt_emit(h, r, i, j) < 0)
			return -1;
	}
	for (cpu = 0; cpu < h->ncpus; cpu++)
		dt_report_cpu_drops(h->err, cpu, r->drops[cpu], 0,
				    h->opts.droptags);
	return 0;
}

int dt_consume_bufs(struct dt_handle *h, unsigned char *const *bufs,
		    const size_t *lens, const dt_u64 *drops)
{
	struct dt_round r;
	dt_u32 cpu;
	int rc = -1;

	memset(&r, 0, sizeof(r));
	r.drops = calloc(h->ncpus ? h->ncpus : 1, sizeof(*r.drops));
	if (!r.drops)
		goto nomem;
	for (cpu = 0; cpu < h->ncpus; cpu++) {
		r.drops[cpu] = drops ? drops[cpu] : 0;
		if (!bufs[cpu] || lens[cpu] == 0)
			continue;
		if (dt_round_add(h, &r, cpu, bufs[cpu], lens[cpu]) < 0) {
			if (!h->errmsg[0])
				goto nomem;
			goto out;
		}
	}
	if (h->opts.temporal)
		rc = dt_emit_temporal(h, &r);
	else
		rc = dt_emit_percpu(h, &r);
	h->begun = 1;
	goto out;
nomem:
	snprintf(h->errmsg, sizeof(h->errmsg), "out of memory");
out:
	free(r.arena);
	free(r.recs);
	free(r.drops);
	return rc;
}

/* Copies of every CPU's principal buffer, taken for one round. */
struct dt_snapset {
	unsigned char **bufs;
	size_t *lens;
	dt_u64 *drops;
	size_t bytes;		/* all CPUs together */
};

static void dt_snapset_free(struct dt_handle *h, struct dt_snapset *r)
{
	dt_u32 cpu;

	for (cpu = 0; r->bufs && cpu < h->ncpus; cpu++)
		free(r->bufs[cpu]);
	free(r->bufs);
	free(r->lens);
	free(r->drops);
	memset(r, 0, sizeof(*r));
}

/* Snapshot (switch and copy) every CPU's principal buffer. */
static int dt_snapset_take(struct dt_handle *h, struct dt_snapset *r)
{
	dt_u32 cpu;

	r->bufs = calloc(h->ncpus, sizeof(*r->bufs));
	r->lens = calloc(h->ncpus, sizeof(*r->lens));
	r->drops = calloc(h->ncpus, sizeof(*r->drops));
	r->bytes = 0;
	if (!r->bufs || !r->lens || !r->drops)
		goto nomem;
	for (cpu = 0; cpu < h->ncpus; cpu++) {
		dt_u64 len;
		int s = dt_snap(h, DTRACEIOC_BUFSNAP, cpu, h->opts.bufsize,
				&len, &r->drops[cpu]);

		if (s < 0)
			return -1;
		if (s > 0 || len == 0)
			continue;
		r->bufs[cpu] = malloc(len);
		if (!r->bufs[cpu])
			goto nomem;
		memcpy(r->bufs[cpu], h->snap, len);
		r->lens[cpu] = len;
		r->bytes += len;
	}
	return 0;
nomem:
	snprintf(h->errmsg, sizeof(h->errmsg), "out of memory");
	return -1;
}

/* ---- the loop ----------------------------------------------------------- */

static dt_u64 dt_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (dt_u64)ts.tv_sec * 1000000000ULL + (dt_u64)ts.tv_nsec;
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

/* Sleep until the earliest deadline; a signal ends the nap early. */
static void dt_sleep_until(struct dt_handle *h, volatile sig_atomic_t *intr)
{
	dt_u64 now = dt_now(), when = h->next_switch;
	struct timespec ts;

	if (h->next_agg < when)
		when = h->next_agg;
	if (h->next_status < when)
		when = h->next_status;
	if (when <= now || *intr)
		return;
	when -= now;
	ts.tv_sec = (time_t)(when / 1000000000ULL);
	ts.tv_nsec = (long)(when % 1000000000ULL);
	nanosleep(&ts, NULL);
}

/* Is @next (a deadline) due?  If so, the next one is @interval later. */
static int dt_due(dt_u64 *next, dt_u64 interval, dt_u64 now, int force)
{
	if (!force && now < *next)
		return 0;
	*next = now + interval;
	return 1;
}

static int dt_work(struct dt_handle *h)
{
	struct dt_snapset r = { 0 };
	dt_u64 now = dt_now();
	int force = h->stopped, records = 0, rc = -1;
	struct dtrace_status st;

	if (dt_due(&h->next_status, h->opts.status_ns, now,
		   force || h->exiting)) {
		if (dt_status(h, &st) < 0)
			return -1;
		dt_report_status_drops(h->err, &h->last, &st,
				       h->opts.droptags);
		h->last = st;
		/*
		 * exit() ran, or (bufpolicy fill) a buffer filled: STOP now,
		 * so that END's output comes too.
		 */
		if ((st.exiting || st.filled) && dt_stop(h) < 0)
			return -1;
		force = h->stopped;
	}
	/*
	 * As illumos, fill and ring buffers are read only once tracing has
	 * stopped: a snapshot would empty them, so a fill buffer would
	 * never fill and a ring would keep no history.
	 */
	if ((h->opts.bufpolicy == DTRACE_BUFPOLICY_SWITCH || force) &&
	    dt_due(&h->next_switch, h->opts.switch_ns, now, force)) {
		if (dt_snapset_take(h, &r) < 0)
			goto out;
		records = 1;
	}
	/*
	 * The aggregations are read after the principal buffers, and also
	 * whenever those hold records while aggregations exist: a printa(),
	 * clear() or trunc() in this round then works on data at least as
	 * new as itself.  (Read before, a firing between the two snapshots
	 * left printa() an aggregation older than the record asking for it.)
	 */
	if ((dt_due(&h->next_agg, h->opts.agg_ns, now, force) ||
	     (records && r.bytes)) && dt_round_aggs(h) < 0)
		goto out;
	if (records && dt_consume_bufs(h, r.bufs, r.lens, r.drops) < 0)
		goto out;
	rc = 0;
out:
	dt_snapset_free(h, &r);
	return rc;
}

int dt_run(struct dt_handle *h, volatile sig_atomic_t *intr)
{
	int intr_seen = 0, done = 0;
	dt_u64 now = dt_now();

	if (dt_snap_alloc(h) < 0)
		return -1;
	/* As illumos, the first round comes at once (BEGIN's exit()). */
	h->next_switch = now;
	h->next_agg = now;
	h->next_status = now;
	while (!done) {
		if (!h->exiting && !h->stopped)
			dt_sleep_until(h, intr);
		if (*intr && !intr_seen) {
			/* As dtrace(1M): a newline after ^C, even if quiet. */
			fputc('\n', h->out);
			intr_seen = 1;
		}
		if (*intr || (h->stop_fn && h->stop_fn(h->stop_arg))) {
			if (dt_stop(h) < 0)
				return -1;
		}
		done = h->stopped;
		if (dt_work(h) < 0)
			return -1;
		fflush(h->out);
		/* A STOP during this round (exit) needs one more, forced. */
		if (h->stopped && !done) {
			if (dt_work(h) < 0)
				return -1;
			done = 1;
		}
	}
	fputc('\n', h->out);
	if (h->pgm && dt_agg_print(h->out, h->pgm, &h->aggs, &h->opts) < 0) {
		snprintf(h->errmsg, sizeof(h->errmsg),
			 "failed to print aggregations");
		return -1;
	}
	fflush(h->out);
	return 0;
}
