/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The /dev/dtrace ioctl ABI: the only contract between dtrace.ko and
 * libdtrace.  Every structure has fixed-width fields and explicit padding
 * so that it means the same thing on both sides; the kernel treats every
 * field as hostile and validates it.
 *
 * A consumer's life:  open -> VERSION -> PROVIDE* -> PROBES* -> ENABLE ->
 * GO -> (BUFSNAP | AGGSNAP | STATUS)* -> STOP -> (BUFSNAP | AGGSNAP)* ->
 * close.  Closing (or being killed) at any point tears everything down.
 */
#ifndef DTRACE_ABI_H
#define DTRACE_ABI_H

#include "dtrace_types.h"

#ifdef __KERNEL__
#include <linux/ioctl.h>
#else
#include <sys/ioctl.h>
#endif

#define DTRACE_ABI_VERSION	2
#define DTRACE_DEVNAME		"dtrace"	/* /dev/dtrace */

#define DTRACE_PROVNAMELEN	32
#define DTRACE_MODNAMELEN	64
#define DTRACE_FUNCNAMELEN	128
#define DTRACE_NAMELEN		64

struct dtrace_version {
	dt_u32 abi;		/* out: DTRACE_ABI_VERSION */
	dt_u32 ncpus;		/* out: nr_cpu_ids; valid cpu ids are < ncpus */
	char release[64];	/* out: kernel release the module runs on */
};

struct dtrace_probedesc {
	dt_u32 id;		/* probe ids start at 1 */
	dt_u32 pad;
	char prov[DTRACE_PROVNAMELEN];
	char mod[DTRACE_MODNAMELEN];
	char func[DTRACE_FUNCNAMELEN];
	char name[DTRACE_NAMELEN];
};

/* List probes with id >= first, in id order, at most max of them. */
struct dtrace_probes_req {
	dt_u32 first;		/* in */
	dt_u32 max;		/* in: capacity of buf */
	dt_u64 buf;		/* in: user address of dtrace_probedesc[max] */
	dt_u32 count;		/* out: entries written */
	dt_u32 pad;
};

/*
 * Ask provider @prov to create probes that do not exist yet: buf holds
 * @nentries triples "mod\0func\0name\0" (empty strings allowed).  Used for
 * fbt (one entry per kernel function, mod "vmlinux" or the module name,
 * name "entry") and for profile (mod and func empty, name "tick-10ms",
 * "profile-997hz", ...).  Entries naming probes that exist are ignored.
 */
struct dtrace_provide_req {
	char prov[DTRACE_PROVNAMELEN];
	dt_u32 nentries;
	dt_u32 buflen;		/* at most DTRACE_PROVIDE_MAXBUF */
	dt_u64 buf;
};
#define DTRACE_PROVIDE_MAXBUF	(1u << 20)

/*
 * ENABLE (once per consumer) takes one blob (at most DTRACE_ENABLE_MAXBLOB bytes).  All
 * cross references inside it are byte offsets from the blob's start.
 *
 *   struct dtrace_enable_hdr
 *   struct dtrace_vardesc[nvars]         at hdr.vars_off
 *   struct dtrace_ecbdesc[necbs]         at hdr.ecbs_off
 *   struct dtrace_actdesc[...]           at each ecb.actions_off
 *   struct dtrace_difodesc[...]          at each act.keys_off
 *   u32 insns[] / u64 inttab[] / char strtab[]   at each difodesc's offsets
 *
 * One ECB (enabled probe control block) is one clause on one probe; its
 * epid is chosen by the consumer (1..DTRACE_MAX_EPID, unique).  When the
 * probe fires and the predicate is true (or absent), the kernel writes a
 * record: struct dtrace_rechdr followed by ecb.size payload bytes, into
 * which each STORE/EXIT action writes its value at act.offset.
 */
struct dtrace_enable_req {
	dt_u64 blob;		/* user address */
	dt_u64 len;		/* bytes */
};

#define DTRACE_ENABLE_MAGIC	0x4e455444u	/* "DTEN" */
#define DTRACE_ENABLE_MAXBLOB	(16u << 20)
#define DTRACE_MAX_ECBS		65536
#define DTRACE_MAX_EPID		(1u << 24)
#define DTRACE_MAX_ACTIONS	64		/* per ECB */
#define DTRACE_MAX_RECSIZE	65536		/* payload bytes per ECB */
#define DTRACE_MAX_AGGKEYS	8
#define DTRACE_MAX_AGGS		1024
#define DTRACE_MAX_GLOBALS	1024

struct dtrace_difodesc {
	dt_u32 insns_off;	/* dt_u32[ninsns]; ninsns == 0: no DIFO */
	dt_u32 ninsns;
	dt_u32 inttab_off;	/* dt_u64[nints], 8-byte aligned */
	dt_u32 nints;
	dt_u32 strtab_off;	/* char[strtab_len] */
	dt_u32 strtab_len;
	dt_u32 rtype;		/* DIF_TYPE_INT or DIF_TYPE_STRING */
	dt_u32 rsize;		/* int: 1, 2, 4 or 8; string: strsize */
};

enum dtrace_actkind {
	DTRACE_ACT_STORE = 1,	/* store the value at offset (trace, printf args) */
	DTRACE_ACT_EXIT = 2,	/* store the value; the consumer starts exiting */
	DTRACE_ACT_AGGREGATE = 3, /* update aggregation aggid; no record bytes */
	/*
	 * Evaluate the DIFO for its side effects only (variable stores,
	 * strtok() state): an assignment statement or a bare call such as
	 * strtok(s, ","); offset and size are 0, nothing is recorded.
	 */
	DTRACE_ACT_DIFEXPR = 4,
	/*
	 * speculate(id): the DIFO gives a speculation id (from
	 * speculation(), 1 .. hdr.nspec); this ECB's record goes to that
	 * speculation's per-CPU buffer instead of the principal one.  It
	 * comes before every action that stores (illumos' rule, which the
	 * compiler enforces and the kernel checks); id 0 or an id not
	 * active on this CPU drops the record (counted in specdrops).
	 */
	DTRACE_ACT_SPECULATE = 5,
	/* commit(id) / discard(id): the DIFO gives the id; no bytes. */
	DTRACE_ACT_COMMIT = 6,
	DTRACE_ACT_DISCARD = 7,
	/*
	 * stack(n) / ustack(n): size / 8 return addresses of the kernel
	 * (or the current task's user) stack stored at offset, innermost
	 * first, the rest zero; no DIFO.
	 */
	DTRACE_ACT_STACK = 8,
	DTRACE_ACT_USTACK = 9,
	/*
	 * tracemem(addr, size): size bytes copied from the address the
	 * DIFO computes, through the probe-safe load (a bad address
	 * faults like a DIF load).
	 */
	DTRACE_ACT_TRACEMEM = 10,
};

/* hdr.bufpolicy: what a full principal buffer does (illumos' options). */
enum dtrace_bufpolicy {
	DTRACE_BUFPOLICY_SWITCH = 0,	/* drop and count until the next snap */
	DTRACE_BUFPOLICY_FILL = 1,	/* stop this CPU's tracing; END still fits */
	DTRACE_BUFPOLICY_RING = 2,	/* overwrite the oldest records */
};

enum dtrace_aggfn {
	DTRACE_AGG_COUNT = 1,	/* 1 value: count */
	DTRACE_AGG_SUM = 2,	/* 1 value: sum */
	DTRACE_AGG_MIN = 3,	/* 1 value */
	DTRACE_AGG_MAX = 4,	/* 1 value */
	DTRACE_AGG_AVG = 5,	/* 2 values: count, sum */
	DTRACE_AGG_QUANTIZE = 6, /* DTRACE_QUANTIZE_NBUCKETS values: counts */
	/* 4 values: count, sum, sum of squares (128 bits: low, high word) */
	DTRACE_AGG_STDDEV = 7,
	/* levels + 2 values: < base, one per level, >= base + levels * step */
	DTRACE_AGG_LQUANTIZE = 8,
	/* dtrace_llquantize_bucket(INT64_MAX) + 1 values, as illumos */
	DTRACE_AGG_LLQUANTIZE = 9,
};

/*
 * quantize() buckets, as in illumos: bucket DTRACE_QUANTIZE_ZEROBUCKET
 * holds 0, those above it 1, 2, 4 ... 2^62, those below -1, -2 ... -2^62;
 * a value goes to the bucket with the largest bucket value <= it
 * (negative values: the bucket with the smallest value >= it).
 */
#define DTRACE_QUANTIZE_NBUCKETS	127
#define DTRACE_QUANTIZE_ZEROBUCKET	63
#define DTRACE_QUANTIZE_BUCKETVAL(b)					\
	((b) < DTRACE_QUANTIZE_ZEROBUCKET ?				\
	 -(1LL << (DTRACE_QUANTIZE_ZEROBUCKET - 1 - (b))) :		\
	 (b) == DTRACE_QUANTIZE_ZEROBUCKET ? 0LL :			\
	 1LL << ((b) - DTRACE_QUANTIZE_ZEROBUCKET - 1))

/* lquantize(): step and levels are each 1 .. 65535, as in illumos. */
#define DTRACE_LQUANTIZE_STEP(aggarg)	((aggarg) & 0xffff)
#define DTRACE_LQUANTIZE_LEVELS(aggarg)	((aggarg) >> 16)
/* llquantize(): factor and low magnitude in offset, the rest in aggarg. */
#define DTRACE_LLQUANTIZE_FACTOR(offset)	((offset) & 0xffff)
#define DTRACE_LLQUANTIZE_LOW(offset)	((offset) >> 16)
#define DTRACE_LLQUANTIZE_HIGH(aggarg)	((aggarg) & 0xffff)
#define DTRACE_LLQUANTIZE_NSTEP(aggarg)	((aggarg) >> 16)
#define DTRACE_LLQUANTIZE_MAXBUCKETS	65537	/* as many as lquantize() */

struct dtrace_actdesc {
	dt_u32 kind;		/* enum dtrace_actkind */
	dt_u32 offset;		/* STORE/EXIT: payload offset; AGGREGATE: aggarg */
	dt_u32 size;		/* STORE/EXIT: bytes (== difo.rsize) */
	dt_u32 aggid;		/* AGGREGATE: 0 .. naggs-1 */
	dt_u32 aggfn;		/* AGGREGATE: enum dtrace_aggfn */
	dt_u32 nkeys;		/* AGGREGATE: key DIFOs at keys_off */
	dt_u32 keys_off;
	/*
	 * LQUANTIZE: step | levels << 16, with the base (an s32) in offset;
	 * LLQUANTIZE: high | nsteps << 16, with factor | low << 16 in
	 * offset; otherwise 0.
	 */
	dt_u32 aggarg;
	struct dtrace_difodesc difo;	/* the value (absent for count()) */
	/*
	 * AGGREGATE of the quantize family: the optional increment
	 * (quantize(v, incr)), added to the bucket instead of 1;
	 * ninsns == 0: 1.  Other kinds: absent.
	 */
	struct dtrace_difodesc incr;
};

/*
 * An ECB writes a record when it has a STORE or EXIT action, or when
 * DTRACE_ECB_F_RECORD is set: the consumer has work to do at that point of
 * the stream (printa(), clear(), trunc(), ...) even if no value is stored.
 */
#define DTRACE_ECB_F_RECORD	0x1u

struct dtrace_ecbdesc {
	dt_u32 epid;
	dt_u32 probe;		/* probe id */
	dt_u32 size;		/* payload bytes, a multiple of 8 */
	dt_u32 nactions;
	dt_u32 actions_off;
	dt_u32 flags;		/* DTRACE_ECB_F_*; other bits 0 */
	struct dtrace_difodesc pred;	/* ninsns == 0: always true */
};

/*
 * User variables.  Each scope numbers its variables from
 * DIF_VAR_OTHER_UBASE: global (x, a[k]: LDGS/STGS, LDGAA/STGAA),
 * thread-local (self->x: LDTS/STTS, LDTAA/STTAA) and clause-local
 * (this->x: LDLS/STLS).  Integers are stored as 8 bytes; strings by
 * value (size == strsize: the string is copied into the variable).
 */
enum dtrace_vscope {
	DTRACE_VSCOPE_GLOBAL = 0,
	DTRACE_VSCOPE_THREAD = 1,
	DTRACE_VSCOPE_LOCAL = 2,
};

enum dtrace_vkind {
	DTRACE_VKIND_SCALAR = 0,
	DTRACE_VKIND_ARRAY = 1,	/* associative: keyed by the tuple stack */
};

struct dtrace_vardesc {
	dt_u32 id;		/* >= DIF_VAR_OTHER_UBASE, unique in its scope */
	dt_u16 scope;		/* enum dtrace_vscope */
	dt_u16 kind;		/* enum dtrace_vkind */
	dt_u32 type;		/* DIF_TYPE_INT or DIF_TYPE_STRING */
	dt_u32 size;		/* 8 for integers, strsize for strings */
};
#define DTRACE_MAX_VARS		1024	/* per scope */
#define DTRACE_MAX_DYNVARSIZE	(256u << 20)

struct dtrace_enable_hdr {
	dt_u32 magic;		/* DTRACE_ENABLE_MAGIC */
	dt_u32 abi;		/* DTRACE_ABI_VERSION */
	dt_u32 necbs;
	dt_u32 ecbs_off;
	dt_u32 naggs;		/* aggregation ids used are < naggs */
	dt_u32 nvars;		/* struct dtrace_vardesc[nvars] at vars_off */
	dt_u32 strsize;		/* string size for values and keys */
	dt_u32 vars_off;
	dt_u64 bufsize;		/* per-CPU principal buffer bytes */
	dt_u64 aggsize;		/* per-CPU aggregation buffer bytes */
	/*
	 * Bytes for dynamic variables (thread-locals and associative array
	 * elements, keys included); when full, a store is dropped and
	 * counted in dtrace_status.dyndrops.  0: none may be stored.
	 */
	dt_u64 dynvarsize;
	dt_u32 nspec;		/* speculation buffers (-x nspec), 0 .. 1024 */
	dt_u32 bufpolicy;	/* enum dtrace_bufpolicy */
	dt_u64 specsize;	/* per-CPU bytes of each speculation buffer */
};
#define DTRACE_MIN_BUFSIZE	(4u << 10)
#define DTRACE_MAX_BUFSIZE	(64u << 20)

/* A record in the principal buffer; payload follows, 8-byte aligned. */
struct dtrace_rechdr {
	dt_u32 epid;
	dt_u32 size;		/* payload bytes that follow */
	dt_u64 timestamp;	/* ns, monotonic */
};

/*
 * A DIF fault at probe time writes, besides counting it in
 * dtrace_status.errors, a record with epid DTRACE_EPID_ERROR whose
 * payload is struct dtrace_errrec (dropped like any record when the buffer
 * is full), so that the consumer can print illumos' message:
 * "error on enabled probe ID 3 (ID 1: dtrace:::BEGIN): invalid address
 * (0x0) in action #1 at DIF offset 12".  The ECB's other actions are not
 * run; other ECBs on the probe are.
 */
#define DTRACE_EPID_ERROR	0u

struct dtrace_errrec {
	dt_u32 epid;		/* the ECB whose DIF faulted */
	dt_u32 action;		/* 0: predicate; n: the n-th action (1-based) */
	dt_u32 offset;		/* DIF byte offset (insn index * 4); ~0u none */
	dt_u32 fault;		/* DIF_FAULT_* */
	dt_u64 addr;		/* BADADDR/BADALIGN: the address; else 0 */
};

/*
 * An aggregation entry in an AGGSNAP buffer: header, key bytes (keysize,
 * the concatenated key values: 8 bytes per integer key, strsize bytes per
 * string key), then nvals 64-bit values.  Entries are 8-byte aligned and
 * hold what this CPU accumulated since its previous snapshot; the
 * consumer merges (adds counts and sums, keeps min/max).
 */
struct dtrace_aggrec {
	dt_u32 aggid;
	dt_u32 keysize;
	dt_u32 nvals;
	dt_u32 next;		/* kernel-internal, meaningless to consumers */
};

/*
 * BUFSNAP / AGGSNAP: switch CPU @cpu's active and inactive buffer and
 * copy out what was recorded since the last snapshot.  If the data does
 * not fit in @size it is lost and counted in drops.
 */
struct dtrace_bufsnap {
	dt_u32 cpu;		/* in */
	dt_u32 pad;
	dt_u64 buf;		/* in: user address */
	dt_u64 size;		/* in: capacity; out: bytes written */
	dt_u64 drops;		/* out: records dropped on this CPU since last snap */
};

struct dtrace_status {
	dt_u64 drops;		/* principal buffer drops, all CPUs, cumulative */
	dt_u64 aggdrops;	/* aggregation buffer full */
	dt_u64 errors;		/* DIF faults at probe time */
	dt_u32 exiting;		/* an exit() action fired */
	dt_u32 state;		/* enum dtrace_cstate */
	dt_u32 last_fault;	/* DIF_FAULT_* of the most recent error */
	dt_u32 last_fault_epid;
	dt_u64 last_fault_addr;
	dt_u64 dyndrops;	/* dynamic variable stores dropped: space full */
	dt_u64 specdrops;	/* speculative records dropped: buffer full */
	dt_u64 specbusy;	/* speculation() failed: buffers still busy */
	dt_u64 specunavail;	/* speculation() failed: none free */
	dt_u32 filled;		/* bufpolicy fill: a CPU's buffer filled */
	dt_u32 pad2;
};

enum dtrace_cstate {
	DTRACE_CSTATE_IDLE = 0,		/* open, nothing enabled */
	DTRACE_CSTATE_ENABLED = 1,	/* ENABLE done, probes not armed */
	DTRACE_CSTATE_ACTIVE = 2,	/* GO done: probes firing */
	DTRACE_CSTATE_STOPPED = 3,	/* STOP done: END fired, disarmed */
};

/*
 * CHECK: what the module found out about the kernel it runs on, and live
 * self-tests of the kernel interfaces it relies on (interrupt masking,
 * probe-safe loads, an fbt hook, a timer, the syscall hook).  Any open
 * file may ask; no consumer state is involved.  The self-tests take up to
 * a few seconds; DTRACE_CHECK_F_NOTESTS skips them.  The syscall self-test
 * waits (at most 1 s) for any task's system call: the caller should make
 * some meanwhile (libdtrace runs a helper process).
 *
 * items[] holds, in this order, one DTRACE_CHECK_PROVIDER item per
 * provider, one DTRACE_CHECK_BUILD item per build-time fact and one
 * DTRACE_CHECK_TEST item per self-test.  Strings are nul-terminated.
 */
#define DTRACE_CHECK_F_NOTESTS	0x1u	/* environment only, no self-tests */

#define DTRACE_CHECK_NAMELEN	32
#define DTRACE_CHECK_TEXTLEN	96
#define DTRACE_CHECK_MAXITEMS	48

/*
 * PROVIDER: name is a provider, text its mechanism ("kprobe").
 * BUILD: name is a build-time fact ("paravirt-xxl"), result 1 if set and
 * 0 if not, text what decided it ("CONFIG_PARAVIRT_XXL").
 * TEST: name is a self-test, result an enum dtrace_check_result, text a
 * short detail.
 */
enum dtrace_check_kind {
	DTRACE_CHECK_PROVIDER = 1,
	DTRACE_CHECK_BUILD = 2,
	DTRACE_CHECK_TEST = 3,
};

enum dtrace_check_result {
	DTRACE_CHECK_OK = 0,
	DTRACE_CHECK_FAILED = 1,
	DTRACE_CHECK_SKIPPED = 2,	/* could not run now (e.g. in use) */
};

enum dtrace_guest {
	DTRACE_GUEST_BARE_METAL = 0,
	DTRACE_GUEST_KVM = 1,
	DTRACE_GUEST_XEN_HVM = 2,
	DTRACE_GUEST_XEN_PV_DOM0 = 3,
	DTRACE_GUEST_XEN_PV_DOMU = 4,
	DTRACE_GUEST_OTHER_HV = 5,
};

struct dtrace_check_item {
	dt_u32 kind;		/* enum dtrace_check_kind */
	dt_u32 result;
	char name[DTRACE_CHECK_NAMELEN];
	char text[DTRACE_CHECK_TEXTLEN];
};

struct dtrace_check {
	dt_u32 flags;		/* in: DTRACE_CHECK_F_*; other bits 0 */
	dt_u32 guest;		/* out: enum dtrace_guest */
	char release[64];	/* out: kernel release the module runs on */
	char built_for[64];	/* out: kernel release it was built for */
	char guest_name[32];	/* out: "bare metal", "Xen PV dom0", ... */
	dt_u32 nitems;		/* out: entries of items[] filled */
	dt_u32 pad;
	struct dtrace_check_item items[DTRACE_CHECK_MAXITEMS];
};

#define DTRACE_IOC_MAGIC	'D'
#define DTRACEIOC_VERSION	_IOR(DTRACE_IOC_MAGIC, 1, struct dtrace_version)
#define DTRACEIOC_PROBES	_IOWR(DTRACE_IOC_MAGIC, 2, struct dtrace_probes_req)
#define DTRACEIOC_PROVIDE	_IOW(DTRACE_IOC_MAGIC, 3, struct dtrace_provide_req)
#define DTRACEIOC_ENABLE	_IOW(DTRACE_IOC_MAGIC, 4, struct dtrace_enable_req)
#define DTRACEIOC_GO		_IO(DTRACE_IOC_MAGIC, 5)
#define DTRACEIOC_STOP		_IO(DTRACE_IOC_MAGIC, 6)
#define DTRACEIOC_BUFSNAP	_IOWR(DTRACE_IOC_MAGIC, 7, struct dtrace_bufsnap)
#define DTRACEIOC_AGGSNAP	_IOWR(DTRACE_IOC_MAGIC, 8, struct dtrace_bufsnap)
#define DTRACEIOC_STATUS	_IOR(DTRACE_IOC_MAGIC, 9, struct dtrace_status)
#define DTRACEIOC_CHECK		_IOWR(DTRACE_IOC_MAGIC, 10, struct dtrace_check)

#endif /* DTRACE_ABI_H */
