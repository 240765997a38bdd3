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

/* ---- options (dt_options.c) --------------------------------------- */

#define DT_OPT_UNSET	(-2LL)	/* a numeric run-time option not set */

struct dt_opts {
	dt_u64 bufsize;		/* per-CPU principal buffer, default 4 MiB */
	dt_u64 aggsize;		/* per-CPU aggregation buffer, default 4 MiB */
	dt_u64 dynvarsize;	/* dynamic variable space, default 1 MiB */
	dt_u64 switch_ns;	/* principal buffer snapshots, default 100 ms */
	dt_u64 status_ns;	/* STATUS (drops, exit), default 100 ms */
	dt_u64 agg_ns;		/* aggregation snapshots, default 100 ms */
	dt_u64 clean_ns;	/* cleanrate: accepted, checked, not used */
	dt_u32 strsize;		/* string size handed to the compiler */
	dt_u32 bufpolicy;	/* enum dtrace_bufpolicy, default switch */
	dt_u32 nspec;		/* speculation buffers, default 1 */
	dt_u64 specsize;	/* per-CPU bytes of each, default 32k */
	int quiet;		/* -q: only the actions' output */
	int zdefs;		/* -Z: a spec may match zero probes */
	int flowindent;		/* -F: indent entry/return probes */
	int destructive;	/* -w */
	int rawbytes;		/* trace() of bytes always as a hex dump */
	int droptags;		/* drop messages start with [DTRACEDROP_...] */
	int temporal;		/* records in time order across CPUs */
	int defaultargs;	/* unset $n are 0 / "" */
	int difv;		/* -S: print each DIF object */
	int cpp;		/* -C: run the C preprocessor */
	int aggsortkey, aggsortrev;
	dt_s64 aggsortpos, aggsortkeypos;	/* DT_OPT_UNSET or >= 0 */
	dt_s64 stackframes, ustackframes, stackindent;
	char **cppargs;		/* -D, -U, -I in order: "-Dx=1", "-Ux" */
	int ncppargs;
	char *cpppath;		/* NULL: "cpp" from PATH */
	int active;		/* tracing: only dynamic options may change */
};

void dt_opts_init(struct dt_opts *o);
void dt_opts_fini(struct dt_opts *o);
/* "4m", "512k", "1g", "4096": bytes.  Returns 0 or -1. */
int dt_parse_size(const char *s, dt_u64 *out);
/* "10hz", "100ms", "1sec"; a bare number is nanoseconds, as illumos. */
int dt_parse_rate(const char *s, dt_u64 *ns);
/*
 * -x name[=value], #pragma D option and setopt(): every illumos option
 * name is known; those that work here are set, the others are refused
 * with a message saying so.  While o->active only illumos' dynamic
 * run-time options may change.  Returns 0, or -1 with illumos' message in
 * @err ("Invalid option name", "Invalid value for specified option",
 * "Operation illegal when tracing is active", ...).
 */
int dt_opt_set(struct dt_opts *o, const char *name, const char *val,
	       char *err, size_t errlen);

/* ---- aggregations (dt_aggregate.c, dt_aggsort.c, dt_aggprint.c) ---- */

struct dt_aggent {
	struct dt_aggent *next;	/* hash chain */
	dt_u32 aggid;
	dt_u32 keysize;
	dt_u64 seq;		/* creation order (illumos walks newest first) */
	dt_u64 normal;		/* normalize(): values print divided by it */
	dt_s64 *val;		/* COUNT/SUM/MIN/MAX: val[0]; AVG: count, sum;
				 * QUANTIZE: the buckets (stored after key) */
	unsigned char key[];	/* keysize bytes, as the kernel packs them */
};

struct dt_aggtab {
	struct dt_aggent **bucket;
	size_t nbuckets;
	size_t nents;
	dt_u64 seq;		/* next entry's creation number */
	unsigned char *printed;	/* per aggid: printa() printed it */
	size_t nprinted;
};

void dt_aggtab_init(struct dt_aggtab *t);
void dt_aggtab_free(struct dt_aggtab *t);
/* Merge one AGGSNAP buffer into @t.  Returns 0, or -1 on a malformed buffer. */
int dt_agg_merge(struct dt_aggtab *t, const struct dt_program *pgm,
		 const void *buf, size_t len);
/* Number of 64-bit values of one entry of @ad. */
dt_u32 dt_agg_nvals(const struct dt_aggdesc *ad);
/* Every entry of @t, newest first (the order illumos walks them in). */
struct dt_aggent **dt_agg_entries(const struct dt_aggtab *t, size_t *n);

/* The consumer's aggregation actions, as illumos carries them out. */
void dt_agg_clear(struct dt_aggtab *t, const struct dt_program *pgm,
		  int aggid);
/* trunc(@a, n): keep the n largest (n < 0: the -n smallest); n = 0: none. */
int dt_agg_trunc(struct dt_aggtab *t, const struct dt_program *pgm,
		 int aggid, dt_s64 n);
void dt_agg_normalize(struct dt_aggtab *t, int aggid, dt_u64 normal);
void dt_agg_denormalize(struct dt_aggtab *t, int aggid);
int dt_agg_printed(const struct dt_aggtab *t, int aggid);
void dt_agg_set_printed(struct dt_aggtab *t, int aggid);

/* How entries are sorted: illumos' aggsort* options, or all zero. */
struct dt_aggsort {
	int keysort, rev;
	int keypos;		/* aggsortkeypos, 0 when unset */
	int sortpos;		/* aggsortpos, 0 when unset */
};
void dt_aggsort_from_opts(struct dt_aggsort *s, const struct dt_opts *o);
/*
 * Entries of aggregation @aggid (-1: all), sorted as illumos'
 * dtrace_aggregate_walk_sorted() with @s.  Returns a malloc'd array.
 */
struct dt_aggent **dt_agg_sorted(const struct dt_aggtab *t,
				 const struct dt_program *pgm, int aggid,
				 const struct dt_aggsort *s, size_t *n);
/* trunc()'s orders: by value (largest first when @rev), no options. */
struct dt_aggent **dt_agg_valsorted(const struct dt_aggtab *t,
				    const struct dt_program *pgm, int aggid,
				    int rev, size_t *n);
/*
 * printa() of several aggregations: one row per key present in any of
 * them, as illumos dtrace_aggregate_walk_joined().  Row r has naggs
 * entries rows[r * naggs + i] for aggids[i], NULL where that aggregation
 * has no such key.  Returns the number of rows (or -1), *@rowsp malloc'd.
 */
long dt_agg_joined(const struct dt_aggtab *t, const struct dt_program *pgm,
		   const int *aggids, int naggs, const struct dt_aggsort *s,
		   struct dt_aggent ***rowsp);

/*
 * Print every aggregation not yet printed by printa(), the way illumos
 * dtrace_aggregate_print() does.  @o (NULL: defaults) gives the order.
 */
int dt_agg_print(FILE *fp, const struct dt_program *pgm, struct dt_aggtab *t,
		 const struct dt_opts *o);
/* printa(@a, ...) without a format: a newline, then each row. */
int dt_printa_default(FILE *fp, const struct dt_program *pgm,
		      struct dt_aggtab *t, const int *aggids, int naggs,
		      const struct dt_opts *o);
/* printa(fmt, @a, ...). */
int dt_printa_format(FILE *fp, const char *fmt, const struct dt_program *pgm,
		     struct dt_aggtab *t, const int *aggids, int naggs,
		     const struct dt_opts *o);
/*
 * Key @k of @ad: its DIF_TYPE_* and its bytes in the packed key (8,
 * strsize or frames * 8; a program built by hand may set key_is_string
 * alone).
 */
dt_u32 dt_agg_key_type(const struct dt_aggdesc *ad, int k);
size_t dt_agg_key_size(const struct dt_program *pgm,
		       const struct dt_aggdesc *ad, int k);
/* The key expressions of @aggid (from its first use), or NULL. */
const struct dt_value *dt_agg_keyvals(const struct dt_program *pgm,
				      int aggid);
/* Print a quantize() histogram the way illumos dt_print_quantize() does. */
int dt_print_quantize(FILE *fp, const dt_s64 *data);
/* An lquantize() histogram (levels + 2 buckets), as illumos prints it. */
int dt_print_lquantize(FILE *fp, const dt_s64 *data, dt_s32 base,
		       dt_u32 step, dt_u32 levels);
/* An llquantize() histogram, as illumos prints it. */
int dt_print_llquantize(FILE *fp, const dt_s64 *data, unsigned int factor,
			unsigned int low, unsigned int high,
			unsigned int nsteps);
/* The histogram of an entry of @ad, counts divided by @normal. */
int dt_print_hist(FILE *fp, const struct dt_aggdesc *ad, const dt_s64 *val,
		  dt_u64 normal);
/* stddev() of merged values {count, sum, sum of squares lo, hi}, as illumos. */
dt_u64 dt_stddev(const dt_s64 *data);
/* illumos dt_stddev(data, normal): the normalized standard deviation. */
dt_u64 dt_stddev_n(const dt_s64 *data, dt_u64 normal);

/* ---- printf and record formatting (dt_printf.c, dt_pfconv.c) ------ */

/*
 * Format printf(@fmt, vals...) with the values found in the record
 * @payload (@psize bytes) at each value's offset.  Returns 0 or -1 (a
 * value outside the payload, or a conversion the values do not fit).
 */
int dt_printf_format(FILE *fp, const char *fmt, const struct dt_value *vals,
		     int nvals, const unsigned char *payload, size_t psize);
/* trace() of an integer of D size @size (1, 2, 4, 8), as illumos prints it. */
int dt_print_int(FILE *fp, dt_u64 v, int size, int quiet);
/*
 * trace() of a string or other bytes (illumos dt_print_bytes): printable
 * nul-terminated bytes print as a string padded to @width (negative: left
 * justified), anything else (everything, with @raw) as a hex dump.
 */
int dt_print_bytes(FILE *fp, const unsigned char *p, size_t n, int width,
		   int quiet);
int dt_print_bytes_raw(FILE *fp, const unsigned char *p, size_t n, int width,
		       int quiet, int raw);
/* illumos strchr2esc(): @s (@n bytes, up to a nul) with C escapes. */
char *dt_str_escape(const char *s, size_t n);
/* "2026 Nov 26 04:00:00" (%Y) and RFC 822 (%T) of a time in ns. */
void dt_fmt_time_y(dt_u64 ns, char *buf, size_t len);
void dt_fmt_time_822(dt_u64 ns, char *buf, size_t len);

/* Kernel symbols for %a (dt_ksyms.c): "vmlinux`func+0x1c" or "0x...". */
struct dt_ksyms;
struct dt_ksyms *dt_ksyms_load(FILE *fp);	/* a /proc/kallsyms stream */
void dt_ksyms_free(struct dt_ksyms *ks);
void dt_ksyms_addr2str(const struct dt_ksyms *ks, dt_u64 addr, char *buf,
		       size_t len);
/* The symbol containing @addr: 0 with its module, name and start. */
int dt_ksyms_lookup(const struct dt_ksyms *ks, dt_u64 addr, const char **mod,
		    const char **name, dt_u64 *start);
int dt_ksyms_modbase(const struct dt_ksyms *ks, const char *mod,
		     dt_u64 *base);
/*
 * A value printed by its dt_value_fmt (sym(), mod(), uaddr() ...) as
 * illumos dt_print_sym() and friends do: "  %-50s" of "vmlinux`vfs_read",
 * "vmlinux", "0x7f...".
 */
void dt_print_symval(FILE *fp, dt_u64 v, int fmt);
/* The name a dt_value_fmt value prints as (without padding). */
void dt_symval_str(dt_u64 v, int fmt, char *buf, size_t len);
/* A key value as illumos' aggregation merges it: sym() at its symbol. */
dt_u64 dt_symval_key(dt_u64 v, int fmt);
/* stack()/ustack() as illumos dt_print_stack(): "\n", a frame a line. */
void dt_print_stack(FILE *fp, const unsigned char *frames, size_t nframes,
		    int indent, int user);
/* The table %a uses: /proc/kallsyms, loaded on first use (tests set it). */
void dt_ksyms_set_default(struct dt_ksyms *ks);
const struct dt_ksyms *dt_ksyms_default(void);

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
	FILE *base_out;		/* freopen(): out before the first one */
	FILE *err;		/* messages: errors, drops (stderr) */

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
	struct dtrace_status last;	/* the previous STATUS, for deltas */
	dt_u64 next_switch, next_agg, next_status;	/* CLOCK_MONOTONIC ns */
	int indent;		/* flowindent: current depth in columns */
	dt_u32 last_epid;	/* flowindent: the previous record's ECB */
	dt_u32 next_epid;	/* flowindent: the next record's ECB (or 0) */
	dt_u64 errors_seen;	/* error records printed */
	int begun;		/* the first round (BEGIN's CPU first) is done */
	const char *pname;	/* "dtrace": the start of every message */
	/* Asked once a round: nonzero stops tracing (-c/-p: all gone). */
	int (*stop_fn)(void *arg);
	void *stop_arg;
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

/*
 * The number illumos gives the @kaction-th kernel action (1-based; 0 the
 * predicate) of clause @cl, or of ECB @epid's clause, in "in action #N"
 * and dtrace:::ERROR's arg2: illumos counts its own actions, which differ
 * (a printf() without arguments is one, an aggregation is one per key
 * plus two ...).  An unknown epid or action gives @kaction back.
 */
dt_u32 dt_clause_action_number(const struct dt_clause *cl, dt_u32 kaction);
dt_u32 dt_action_number(const struct dt_handle *h, dt_u32 epid,
			dt_u32 kaction);

/* ---- consuming (dt_consume.c, dt_record.c) ------------------------ */

int dt_go(struct dt_handle *h);
/*
 * Trace until exit(), *@intr or h->stop_fn: snapshot the aggregation
 * buffers every aggrate, read STATUS every statusrate (drops, dynamic
 * variable drops, exit) and the principal buffers every switchrate,
 * printing records per CPU as illumos does (or in time order with
 * temporal); then STOP, drain, print the aggregations printa() did not.
 * Returns 0 with the exit status (0 or the exit() value) in
 * h->exit_status, or -1 on a failure (h->errmsg).
 */
int dt_run(struct dt_handle *h, volatile sig_atomic_t *intr);
/*
 * Print one record (header + payload) from @cpu: the prefix (unless
 * quiet), each statement's output or consumer action (printa(),
 * trunc(), clear(), normalize(), setopt() ...) and the newline; an
 * error record (epid DTRACE_EPID_ERROR) goes to stderr as illumos
 * words it.  Sets h->exiting on exit().  Returns 0, or -1 on a record
 * that does not fit its clause.
 */
int dt_print_record(struct dt_handle *h, dt_u32 cpu,
		    const struct dtrace_rechdr *rh, const unsigned char *payload);
/*
 * One round of principal buffers, @bufs[cpu] (@lens[cpu] bytes, @drops
 * [cpu] records lost), printed CPU by CPU as illumos does (the CPU that
 * ran BEGIN first in the first round, the one that ran END last once
 * stopped) or, with temporal, in time order; drops reported per CPU.
 * Returns 0 or -1 (a malformed buffer; h->errmsg).
 */
int dt_consume_bufs(struct dt_handle *h, unsigned char *const *bufs,
		    const size_t *lens, const dt_u64 *drops);
/* Text of a DIF_FAULT_* code in illumos wording ("invalid address", ...). */
const char *dt_fault_str(dt_u32 fault);
/*
 * illumos' message for an error record, with its trailing newline:
 * "error on enabled probe ID 3 (ID 1: dtrace:::BEGIN): invalid address
 * (0x0) in action #1 at DIF offset 12".  Returns -1 for an unknown epid.
 */
int dt_errrec_msg(const struct dt_handle *h, const struct dtrace_errrec *er,
		  char *buf, size_t len);
/*
 * The drop messages of illumos dt_handle_status() for what changed from
 * @old to @new, each "dtrace: N dynamic variable drops\n" to @fp.
 */
void dt_report_status_drops(FILE *fp, const struct dtrace_status *old,
			    const struct dtrace_status *new, int droptags);
/* "dtrace: N drops on CPU c" / "N aggregation drops on CPU c". */
void dt_report_cpu_drops(FILE *fp, dt_u32 cpu, dt_u64 drops, int agg,
			 int droptags);

/* ---- macro arguments, cpp, processes (dt_macro.c, dt_cpp.c, dt_proc.c) */

struct dt_macros {
	int argc;		/* argv[0] is $0 */
	char **argv;
	long long target;	/* $target: the -c/-p process, or 0 */
	int defaultargs;	/* unset $n is 0, unset $$n "" */
	unsigned char *used;	/* argc flags: $n referenced (may be NULL) */
};
/*
 * Substitute $n, $$n, $target, $pid ... in @src (see dt_macro.c).
 * Returns the new text (malloc'd), or NULL with illumos' message and
 * the position of the '$' in @err.
 */
char *dt_macro_expand(const char *src, struct dt_macros *m,
		      struct dt_error *err);
/* illumos' "extraneous argument 'x' ($1 is not referenced)". */
int dt_macro_check_unused(const struct dt_macros *m, struct dt_error *err);

/* Where each line of cpp's output came from. */
struct dt_linemap {
	int n;			/* output lines */
	int *line;		/* line[i]: source line of output line i + 1 */
	const char **file;	/* file[i]: its file */
	char **files;		/* the distinct file names */
	int nfiles;
};
/*
 * -C: preprocess @text (the script @name) with cpp and @o's -D/-U/-I.
 * Returns 0 with the output in *@out (malloc'd) and @map, or -1 with
 * illumos' message ("Preprocessor failed to process input program").
 */
int dt_cpp(const struct dt_opts *o, const char *name, const char *text,
	   char **out, struct dt_linemap *map, char *err, size_t errlen);
void dt_linemap_free(struct dt_linemap *map);

struct dt_proc {
	int pid;
	int created;		/* -c: our child */
	int held;		/* -c: stopped at its exec until continued */
	int alive;
};
/* -c CMD: fork, exec, hold.  -1 with "failed to execute ...". */
int dt_proc_create(struct dt_proc *p, const char *cmd, char *err,
		   size_t errlen);
/* -p PID.  -1 with "failed to grab pid N: No such process". */
int dt_proc_grab(struct dt_proc *p, long pid, char *err, size_t errlen);
/* Let a -c child run (after tracing started). */
void dt_proc_continue(struct dt_proc *p);
/* 1 once @p is gone, with illumos' "pid N has exited" words in @msg. */
int dt_proc_poll(struct dt_proc *p, char *msg, size_t len);
/* Done with @p: a -c child still held is killed, as illumos does. */
void dt_proc_release(struct dt_proc *p);

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
