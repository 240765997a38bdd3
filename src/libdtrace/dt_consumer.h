/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The consumer half of libdtrace: open /dev/dtrace, create and list
 * probes, turn a compiled dt_program into one ENABLE blob, then drain the
 * per-CPU buffers and format what comes back the way illumos DTrace does.
 * The dtrace command is a thin layer of option parsing on top of this.
 */
#ifndef DT_CONSUMER_H
#define DT_CONSUMER_H

#include <signal.h>
#include <stdio.h>

#include "dtrace_abi.h"
#include "dt_program.h"

/* ---- options (dt_enable.c) ---------------------------------------- */

struct dt_opts {
	dt_u64 bufsize;		/* per-CPU principal buffer, default 4 MiB */
	dt_u64 aggsize;		/* per-CPU aggregation buffer, default 4 MiB */
	dt_u64 dynvarsize;	/* dynamic variable space, default 1 MiB */
	dt_u64 switch_ns;	/* interval between snapshots, default 100 ms */
	dt_u32 strsize;		/* string size handed to the compiler */
	int quiet;		/* -q: only the actions' output */
	int zdefs;		/* -Z: a spec may match zero probes */
};

void dt_opts_init(struct dt_opts *o);
/* "4m", "512k", "1g", "4096": bytes.  Returns 0 or -1. */
int dt_parse_size(const char *s, dt_u64 *out);
/*
 * -x name=value and #pragma D option: bufsize, aggsize, switchrate
 * ("10hz", "100ms", "1sec", or a plain number of Hz), strsize (rounded
 * up to a multiple of 8), quiet, zdefs; options that only matter to
 * illumos (destructive, ...) are accepted and ignored.  Returns 0, or -1
 * with a message in @err.
 */
int dt_opt_set(struct dt_opts *o, const char *name, const char *val,
	       char *err, size_t errlen);

/* ---- aggregations (dt_aggregate.c) -------------------------------- */

struct dt_aggent {
	struct dt_aggent *next;	/* hash chain */
	dt_u32 aggid;
	dt_u32 keysize;
	dt_s64 *val;		/* COUNT/SUM/MIN/MAX: val[0]; AVG: count, sum;
				 * QUANTIZE: the buckets (stored after key) */
	unsigned char key[];	/* keysize bytes, as the kernel packs them */
};

struct dt_aggtab {
	struct dt_aggent **bucket;
	size_t nbuckets;
	size_t nents;
};

void dt_aggtab_init(struct dt_aggtab *t);
void dt_aggtab_free(struct dt_aggtab *t);
/* Merge one AGGSNAP buffer into @t.  Returns 0, or -1 on a malformed buffer. */
int dt_agg_merge(struct dt_aggtab *t, const struct dt_program *pgm,
		 const void *buf, size_t len);
/* Print every aggregation the way illumos dtrace_aggregate_print() does. */
int dt_agg_print(FILE *fp, const struct dt_program *pgm,
		 const struct dt_aggtab *t);
/* Print a quantize() histogram the way illumos dt_print_quantize() does. */
int dt_print_quantize(FILE *fp, const dt_s64 *data);
/* An lquantize() histogram (levels + 2 buckets), as illumos prints it. */
int dt_print_lquantize(FILE *fp, const dt_s64 *data, dt_s32 base,
		       dt_u32 step, dt_u32 levels);
/* An llquantize() histogram, as illumos prints it. */
int dt_print_llquantize(FILE *fp, const dt_s64 *data, unsigned int factor,
			unsigned int low, unsigned int high,
			unsigned int nsteps);
/* stddev() of merged values {count, sum, sum of squares lo, hi}, as illumos. */
dt_u64 dt_stddev(const dt_s64 *data);

/* ---- printf and record formatting (dt_printf.c) ------------------- */

/*
 * Format printf(@fmt, vals...) with the values found in the record
 * @payload (@psize bytes) at each value's offset.  Returns 0 or -1 (a
 * value outside the payload).
 */
int dt_printf_format(FILE *fp, const char *fmt, const struct dt_value *vals,
		     int nvals, const unsigned char *payload, size_t psize);
/* trace() of an integer of D size @size (1, 2, 4, 8), as illumos prints it. */
int dt_print_int(FILE *fp, dt_u64 v, int size, int quiet);
/*
 * trace() of a string or other bytes (illumos dt_print_bytes): printable
 * nul-terminated bytes print as a string padded to @width (negative: left
 * justified), anything else as a hex dump.
 */
int dt_print_bytes(FILE *fp, const unsigned char *p, size_t n, int width,
		   int quiet);

/* ---- probe descriptions (dt_probes.c) ----------------------------- */

/* fnmatch(3) semantics for * ? [...]; an empty pattern matches anything. */
int dt_glob_match(const char *pat, const char *s);
int dt_spec_match(const struct dt_probespec *sp,
		  const struct dtrace_probedesc *pd);
/* tick-10ms, profile-997hz, tick-1s, ... (a name the profile provider makes) */
int dt_profile_name_ok(const char *name);
/*
 * Parse a -P/-m/-f/-n probe description into @sp (strings malloc'd,
 * trimmed).  @field is the last field the option names: 1 for -P
 * (provider), 2 for -m, 3 for -f, 4 for -n (name); the ':'-separated
 * pieces fill the fields ending there, e.g. -f "vmlinux:do_sys_open" is
 * module and function.  Returns -1 for more pieces than fields.
 */
int dt_spec_parse(const char *text, int field, struct dt_probespec *sp);
void dt_spec_free(struct dt_probespec *sp);

/* Called for each "fbt" PROVIDE triple found in a kallsyms file. */
typedef int dt_fbt_cb(void *arg, const char *mod, const char *func);
/*
 * Walk a /proc/kallsyms-format stream and call @cb for each text symbol
 * whose module matches @modpat and name matches @funcpat (symbols of the
 * dtrace module itself are skipped).  Returns the number of matches, or -1.
 */
long dt_kallsyms_scan(FILE *fp, const char *modpat, const char *funcpat,
		      dt_fbt_cb *cb, void *arg);

/* ---- the consumer handle ------------------------------------------ */

struct dt_ecbinfo {
	dt_u32 epid;
	dt_u32 probe;		/* index into dt_handle.probes */
	int clause;		/* index into pgm->clauses */
	int spec;		/* index into that clause's specs */
};

struct dt_handle {
	int fd;
	dt_u32 ncpus;
	char release[64];
	struct dt_opts opts;
	FILE *out;		/* where trace output goes (stdout or -o) */

	struct dtrace_probedesc *probes;	/* sorted by id */
	size_t nprobes;

	const struct dt_program *pgm;
	struct dt_ecbinfo *ecbs;	/* ecbs[i].epid == i + 1 */
	size_t necbs;

	struct dt_aggtab aggs;
	int heading;		/* the CPU/ID/FUNCTION:NAME heading is out */
	int exiting;		/* an exit() record was seen */
	int exit_status;	/* its value */
	int stopped;		/* STOP was issued */
	dt_u64 errors;		/* errors already reported */
	unsigned char *snap;	/* BUFSNAP / AGGSNAP scratch */
	size_t snapsize;
	char errmsg[1024];
};

/*
 * Open @dev (NULL: /dev/dtrace) and check the ABI version.  Returns NULL
 * with a message in @err (e.g. "DTrace device not available (is the
 * dtrace module loaded?)").
 */
struct dt_handle *dt_open(const char *dev, char *err, size_t errlen);
void dt_close(struct dt_handle *h);
/* A handle without a device, for formatting and unit tests. */
struct dt_handle *dt_handle_nodev(void);

/* Fetch the whole probe list (DTRACEIOC_PROBES, in pages). */
int dt_probes_refresh(struct dt_handle *h);
/*
 * Ask the fbt and profile providers for the probes @sp could name
 * (DTRACEIOC_PROVIDE).  @listing: for -l, where an empty or globbed
 * provider also asks fbt.  Returns 0 or -1 (h->errmsg).
 */
int dt_provide_spec(struct dt_handle *h, const struct dt_probespec *sp,
		    int listing);
/* Call @fn for each known probe that @sp matches, in id order. */
int dt_probe_iter(struct dt_handle *h, const struct dt_probespec *sp,
		  int (*fn)(const struct dtrace_probedesc *, void *),
		  void *arg);

/*
 * Match @pgm against the probes (PROVIDE, PROBES), build the ENABLE blob
 * and send it.  On a spec matching nothing (without zdefs) returns -1 and
 * sets h->errmsg to "probe description P:M:F:N does not match any probes"
 * and *@bad_spec to the offending spec.
 */
int dt_enable(struct dt_handle *h, const struct dt_program *pgm,
	      const struct dt_probespec **bad_spec);
/*
 * Build the ENABLE blob for @necbs ECBs (no device needed).  Returns 0
 * and a malloc'd blob, or -1.
 */
int dt_enable_build(const struct dt_program *pgm,
		    const struct dt_ecbinfo *ecbs, size_t necbs,
		    const struct dtrace_probedesc *probes,
		    const struct dt_opts *o, void **blobp, size_t *lenp);

/* ---- consuming (dt_consume.c) ------------------------------------- */

int dt_go(struct dt_handle *h);
/*
 * Trace until exit() or *@intr: snapshot every switchrate, print records
 * in timestamp order, merge aggregations, report drops and errors; then
 * STOP, drain, print the aggregations.  Returns 0 with the exit status
 * (0 or the exit() value) in h->exit_status, or -1 on a failure
 * (h->errmsg).
 */
int dt_run(struct dt_handle *h, volatile sig_atomic_t *intr);
/*
 * Print one record (header + payload) from @cpu: the prefix (unless
 * quiet) and each statement's output.  Sets h->exiting on exit().
 */
int dt_print_record(struct dt_handle *h, dt_u32 cpu,
		    const struct dtrace_rechdr *rh, const unsigned char *payload);
/* Text of a DIF_FAULT_* code in illumos wording ("invalid address", ...). */
const char *dt_fault_str(dt_u32 fault);

/* ---- the self-check (dt_check.c) ------------------------------------ */

/*
 * DTRACEIOC_CHECK: the module's environment and, unless @flags has
 * DTRACE_CHECK_F_NOTESTS, its self-tests (a helper process makes system
 * calls meanwhile for the syscall-hook test).  Returns 0 with @ck
 * sanitized, or -1 (h->errmsg).
 */
int dt_check(struct dt_handle *h, unsigned int flags, struct dtrace_check *ck);
/* Terminate every string of @ck and clamp nitems. */
void dt_check_sanitize(struct dtrace_check *ck);
/* "OK", "FAILED", "skipped". */
const char *dt_check_result_str(dt_u32 result);
/*
 * Print @ck as "PNAME: kernel R, guest: G", "PNAME: built for: R facts",
 * "PNAME: built without: facts", one "PNAME: provider P: mechanism" and
 * one "PNAME: self-test T: OK|FAILED|skipped (detail)" line each, and a
 * summary.  Returns the number of self-tests not OK, or -1 if none ran.
 */
int dt_check_print(FILE *fp, const char *pname, const struct dtrace_check *ck);

#endif /* DT_CONSUMER_H */
