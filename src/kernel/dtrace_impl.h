/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal interfaces of dtrace.ko: probes, providers, consumers, ECBs,
 * buffers and the firing path.  Only src/kernel/ includes this.
 */
#ifndef DTRACE_IMPL_H
#define DTRACE_IMPL_H

#include <linux/types.h>
#include <linux/mutex.h>
#include <linux/list.h>
#include <linux/rcupdate.h>
#include <linux/ptrace.h>
#include <linux/smp.h>
#include <linux/gfp.h>
#include <linux/percpu.h>

#include "../common/dtrace_abi.h"
#include "../common/dif_vm.h"

#define DTRACE_NARGS		10
#define DTRACE_MAX_STRSIZE	4096
#define DTRACE_MAX_STACKFRAMES	128	/* stack(n), ustack(n) */
#define DTRACE_MAX_NSPEC	1024	/* hdr.nspec */
#define DTRACE_MIN_SPECSIZE	64

/* Large per-CPU buffers: charged to the consumer, fail rather than OOM. */
#define DTRACE_GFP_BUF \
	(GFP_KERNEL_ACCOUNT | __GFP_RETRY_MAYFAIL | __GFP_NOWARN)

struct file;
struct dtrace_probe;
struct dtrace_consumer;

/*
 * A provider.  provide() creates one probe (NULL: the provider has a
 * fixed set).  enable()/disable() arm and disarm a probe's hook; the core
 * calls them under dtrace_lock when the first consumer arms the probe
 * and when the last one disarms it.  disable() returns only when no
 * handler for the probe still runs.  destroy() frees probe->pdata.
 */
struct dtrace_provider {
	const char *name;
	int (*validate)(const char *mod, const char *func, const char *name);
	int (*provide)(const char *mod, const char *func, const char *name);
	int (*enable)(struct dtrace_probe *p);
	void (*disable)(struct dtrace_probe *p);
	void (*destroy)(struct dtrace_probe *p);
};

struct dtrace_ecb;

struct dtrace_probe {
	u32 id;
	const struct dtrace_provider *prov;
	const char *mod, *func, *name;	/* point into names[] */
	void *pdata;			/* the provider's */
	struct dtrace_ecb __rcu *ecbs;	/* every consumer's, RCU list */
	struct dtrace_ecb *ecbs_tail;	/* under dtrace_lock */
	unsigned int nenabled;		/* consumers that armed it */
	struct hlist_node hnode;	/* name hash */
	char names[];
};

/* An action; each DIF object is one allocation, starting at insns. */
struct dtrace_action {
	u32 kind;
	u32 offset;
	u32 size;
	u32 aggid;
	u32 aggfn;
	u32 nkeys;
	bool has_val;
	struct difo val;
	struct difo *keys;		/* [nkeys] */
	bool has_incr;			/* quantize(v, incr) */
	struct difo incr;
};

struct dtrace_ecb {
	struct dtrace_ecb __rcu *pnext;	/* next ECB on the same probe */
	struct dtrace_consumer *consumer;
	struct dtrace_probe *probe;
	u32 epid;
	u32 size;			/* payload bytes */
	u32 flags;			/* DTRACE_ECB_F_* */
	u32 spec_action;		/* speculate()'s action + 1, or 0 */
	bool has_pred;
	struct difo pred;
	u32 nactions;
	struct dtrace_action *actions;
};

/* Shape of one aggregation, fixed by the first ECB using its id. */
struct dtrace_agginfo {
	u32 fn;				/* 0: unused id */
	u32 nkeys;
	u32 keysize;
	u32 nvals;
	s32 lq_base;			/* lquantize() */
	u32 lq_step;
	u32 lq_levels;
	u16 llq_factor;			/* llquantize() */
	u16 llq_low;
	u16 llq_high;
	u16 llq_nsteps;
};

/*
 * One CPU's principal buffer pair.  With bufpolicy ring the active half
 * is a ring: when wrapped, its records are [head, wrapend) (oldest)
 * then [0, offset); otherwise [0, offset).
 */
struct dtrace_cpubuf {
	void *data[2];
	u64 size;			/* bytes of each half */
	u64 offset;			/* fill of data[active] */
	unsigned int active;
	u32 policy;			/* enum dtrace_bufpolicy */
	u64 reserve;			/* fill: bytes kept for END */
	u64 head;			/* ring: oldest record, if wrapped */
	u64 wrapend;			/* ring: end of the older segment */
	bool wrapped;
	bool in_end;			/* END is firing (fill: may use reserve) */
	u32 filled;			/* fill: this CPU's buffer filled */
	/* Set by the switch for the half that just became inactive. */
	u64 snap_off1;			/* records at [off1, off1 + len1) */
	u64 snap_len1;			/* then at [0, snap_len) (ring) */
	u64 snap_len;
	u64 snap_drops;
	/* Counters, written only on this CPU with interrupts off. */
	u64 drops;			/* cumulative */
	u64 drops_snapped;		/* drops at the last switch */
	u64 errors;
	u64 aggdrops;
	u64 nmi_drops;			/* NMIs that found it busy */
	u64 dyndrops;			/* dynamic variables not stored */
	u64 specdrops;			/* speculative records dropped */
	u64 specbusy;			/* speculation(): all draining */
	u64 specunavail;		/* speculation(): none free */
};

/* One CPU's aggregation buffer pair: hash buckets + bump area each. */
struct dtrace_aggbuf {
	void *area[2];
	u32 *hash[2];			/* bucket: entry offset + 1, 0 */
	u64 size;			/* bytes of each area */
	u32 nbuckets;			/* power of two */
	u64 fill;			/* bytes used in area[active] */
	unsigned int active;
	u64 snap_len;
	void *keybuf;			/* scratch for building a key */
	u32 keybuf_size;
};

struct dtrace_consumer {
	struct mutex lock;		/* serializes our ioctls */
	int state;			/* enum dtrace_cstate */
	int exiting;
	u32 strsize;
	u32 naggs;
	/* User variables (dtrace_vars.c). */
	struct dif_vartab vt;		/* vt.vars[] point into varmem */
	struct dif_var *varmem;
	char *gvars;			/* global scalars */
	char *lvars;			/* clause-locals, lvars_size per CPU */
	u32 lvars_size;
	void *dynmem;			/* dynvarsize bytes, or NULL */
	struct dif_dynvars *dyn;	/* the store in dynmem, or NULL */
	u64 *rand;			/* rand() state, 2 words per CPU */
	struct list_head dynlist;	/* on dtrace_dyn_consumers (RCU) */
	bool on_dynlist;
	/* Speculations (dtrace_spec.c): nspec of specsize bytes per CPU. */
	u32 nspec;
	u64 specsize;
	struct dtrace_spec *specs;
	void *specmem;
	struct dtrace_ecb *ecbs;
	u32 necbs;
	struct dtrace_probe **probes;	/* distinct probes of the ECBs */
	u32 nprobes;
	bool linked;			/* ECBs are on the probes' lists */
	struct dtrace_agginfo *agginfo;	/* [naggs] */
	struct dtrace_cpubuf *bufs;	/* [nr_cpu_ids] */
	struct dtrace_aggbuf *aggbufs;	/* [nr_cpu_ids] or NULL */
	char *scratch;			/* DIF subroutine strings, per CPU */
	u32 last_fault;
	u32 last_fault_epid;
	u64 last_fault_addr;
};

/* Serializes probe table, provider arming and consumer state changes. */
extern struct mutex dtrace_lock;

/* dtrace_probe.c */
struct dtrace_probe *dtrace_probe_create(const struct dtrace_provider *prov,
					 const char *mod, const char *func,
					 const char *name, void *pdata);
struct dtrace_probe *dtrace_probe_lookup(const char *prov, const char *mod,
					 const char *func, const char *name);
struct dtrace_probe *dtrace_probe_by_id(u32 id);
int dtrace_probe_list(struct dtrace_probes_req *req);
int dtrace_probe_arm(struct dtrace_probe *p);
void dtrace_probe_disarm(struct dtrace_probe *p);
void dtrace_probes_destroy(void);
int dtrace_probe_table_init(void);

/* dtrace_provide.c */
int dtrace_provide(const struct dtrace_provide_req *req);

/* dtrace_enable.c */
int dtrace_enable(struct dtrace_consumer *c, u64 ublob, u64 len);
void dtrace_ecbs_free(struct dtrace_consumer *c);

/* dtrace_vars.c: user variables' table and storage */
int dtrace_vars_setup(struct dtrace_consumer *c,
		      const struct dtrace_vardesc *vd, u32 nvars,
		      u64 dynvarsize);
void dtrace_vars_free(struct dtrace_consumer *c);
void dtrace_vars_ctx(struct dif_ctx *ctx, struct dtrace_consumer *c,
		     unsigned int cpu);
int dtrace_vars_init(void);
void dtrace_vars_exit(void);

/* dtrace_ioctl.c */
long dtrace_ioctl(struct file *file, unsigned int cmd, unsigned long uarg);

/* dtrace_check.c: DTRACEIOC_CHECK, environment and self-tests */
long dtrace_ioc_check(void __user *arg);

/* dtrace_consumer.c */
struct dtrace_consumer *dtrace_consumer_create(void);
void dtrace_consumer_destroy(struct dtrace_consumer *c);
int dtrace_consumer_go(struct dtrace_consumer *c);
int dtrace_consumer_stop(struct dtrace_consumer *c);
void dtrace_consumer_status(struct dtrace_consumer *c,
			    struct dtrace_status *st);

/* dtrace_buffer.c */
int dtrace_buffers_alloc(struct dtrace_consumer *c, u64 bufsize,
			 u32 policy, u64 reserve);
void dtrace_buffers_free(struct dtrace_consumer *c);
int dtrace_bufsnap(struct dtrace_consumer *c, struct dtrace_bufsnap *snap);
void *dtrace_buffer_reserve(struct dtrace_cpubuf *b, u32 len);
void dtrace_buffer_unreserve(struct dtrace_cpubuf *b, void *rec);
int dtrace_on_cpu(unsigned int cpu, smp_call_func_t fn, void *arg);

/* dtrace_agg.c */
int dtrace_aggbufs_alloc(struct dtrace_consumer *c, u64 aggsize);
void dtrace_aggbufs_free(struct dtrace_consumer *c);
int dtrace_aggsnap(struct dtrace_consumer *c, struct dtrace_bufsnap *snap);
/* Firing path: the key is in ab->keybuf (agginfo keysize bytes). */
/* @incr: what the quantize family adds to the bucket (quantize(v, incr)). */
void dtrace_agg_update(struct dtrace_consumer *c, struct dtrace_aggbuf *ab,
		       struct dtrace_cpubuf *cb, u32 aggid, u64 val,
		       u64 incr);

/* dtrace_firing.c */
/* errno of the system call returning on this CPU (prov_syscall.c). */
DECLARE_PER_CPU(u64, dtrace_syscall_errno);

void dtrace_probe(struct dtrace_probe *p, const u64 args[DTRACE_NARGS],
		  struct pt_regs *regs);
int dtrace_cpu_guard_enter(void);
void dtrace_cpu_guard_exit(int old);
/* Fire only @only's ECBs (BEGIN/END from the ioctl path). */
void dtrace_probe_for(struct dtrace_probe *p, const u64 args[DTRACE_NARGS],
		      struct pt_regs *regs, struct dtrace_consumer *only);

/* dtrace_spec.c: speculations */
struct dtrace_spec;
int dtrace_spec_alloc(struct dtrace_consumer *c, u32 nspec, u64 specsize);
void dtrace_spec_free(struct dtrace_consumer *c);
u64 dtrace_spec_new(struct dtrace_consumer *c, struct dtrace_cpubuf *cb);
void *dtrace_spec_reserve(struct dtrace_consumer *c, struct dtrace_cpubuf *cb,
			  unsigned int cpu, u64 id, u32 len, void **token);
void dtrace_spec_done(void *token, void *rec, bool keep);
void dtrace_spec_finish(struct dtrace_consumer *c, struct dtrace_cpubuf *cb,
			u64 id, bool commit);

/* dtrace_stack.c: stack(), ustack() into @nframes 8-byte slots */
void dtrace_stack(u8 *out, u32 nframes, struct pt_regs *regs);
void dtrace_ustack(u8 *out, u32 nframes);

/* dtrace_vmenv.c */
struct dtrace_fire_env {
	struct dtrace_probe *probe;
	const u64 *args;
	struct pt_regs *regs;
	u32 epid;
	u32 cpu;
	struct dtrace_consumer *consumer;	/* of the ECB firing */
	struct dtrace_cpubuf *cb;		/* its buffer on this CPU */
	u64 *work;	/* DIF work of the probe firing: all its ECBs' */
};
extern const struct dif_env_ops dtrace_vm_ops;
u64 dtrace_task_key(const struct task_struct *t);
int dtrace_scratch_alloc(struct dtrace_consumer *c);
void dtrace_scratch_free(struct dtrace_consumer *c);
void dtrace_vm_scratch(struct dif_ctx *ctx, struct dtrace_consumer *c,
		       unsigned int cpu);

/* Providers. */
int prov_dtrace_init(void);
bool dtrace_probe_is_end(const struct dtrace_probe *p);
struct dtrace_probe *dtrace_probe_error(void);	/* dtrace:::ERROR */
void dtrace_fire_begin(struct dtrace_consumer *c);
void dtrace_fire_end(struct dtrace_consumer *c);
int prov_profile_init(void);
int prov_syscall_init(void);
void prov_syscall_exit(void);
extern const struct dtrace_provider prov_fbt;
extern const struct dtrace_provider prov_profile;

#endif /* DTRACE_IMPL_H */
