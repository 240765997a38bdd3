// SPDX-License-Identifier: GPL-2.0
/*
 * The probe table: ids from 1 in creation order, a name hash for lookups,
 * and the per-probe arming refcount.  Probes live until module unload, so
 * a pointer obtained under dtrace_lock stays valid while the device is
 * open.  The firing path never touches the table.
 */
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <linux/jhash.h>
#include <linux/hash.h>
#include <linux/list.h>
#include <linux/uaccess.h>

#include "dtrace_impl.h"

/* 1 << 16 heads (512 KiB, so kvcalloc'ed) for up to ~200k fbt probes. */
#define DTRACE_PROBE_HASH_BITS	16
#define DTRACE_MAX_PROBES	(1u << 22)

DEFINE_MUTEX(dtrace_lock);

static struct dtrace_probe **dtrace_probes;	/* [id - 1] */
static u32 dtrace_nprobes;
static u32 dtrace_probes_cap;
static struct hlist_head *dtrace_probe_hash;

static u32 dtrace_probe_hashval(const char *prov, const char *mod,
				const char *func, const char *name)
{
	u32 h = jhash(prov, strlen(prov), 0);

	h = jhash(mod, strlen(mod), h);
	h = jhash(func, strlen(func), h);
	return jhash(name, strlen(name), h);
}

static struct hlist_head *dtrace_probe_bucket(u32 h)
{
	return &dtrace_probe_hash[hash_32(h, DTRACE_PROBE_HASH_BITS)];
}

struct dtrace_probe *dtrace_probe_lookup(const char *prov, const char *mod,
					 const char *func, const char *name)
{
	struct dtrace_probe *p;
	u32 h = dtrace_probe_hashval(prov, mod, func, name);

	lockdep_assert_held(&dtrace_lock);
	hlist_for_each_entry(p, dtrace_probe_bucket(h), hnode) {
		if (!strcmp(p->name, name) && !strcmp(p->func, func) &&
		    !strcmp(p->mod, mod) && !strcmp(p->prov->name, prov))
			return p;
	}
	return NULL;
}

static int dtrace_probe_table_grow(void)
{
	struct dtrace_probe **n;
	u32 cap = dtrace_probes_cap ? dtrace_probes_cap * 2 : 1024;

	if (cap > DTRACE_MAX_PROBES)
		return -ENOSPC;
	n = kvmalloc_array(cap, sizeof(*n), GFP_KERNEL);
	if (!n)
		return -ENOMEM;
	if (dtrace_nprobes)
		memcpy(n, dtrace_probes, dtrace_nprobes * sizeof(*n));
	kvfree(dtrace_probes);
	dtrace_probes = n;
	dtrace_probes_cap = cap;
	return 0;
}

/*
 * Create a probe; called under dtrace_lock.  Returns the existing probe
 * if one has these names (pdata is then not taken over), or an ERR_PTR.
 */
struct dtrace_probe *dtrace_probe_create(const struct dtrace_provider *prov,
					 const char *mod, const char *func,
					 const char *name, void *pdata)
{
	size_t lm = strlen(mod) + 1, lf = strlen(func) + 1;
	size_t ln = strlen(name) + 1;
	struct dtrace_probe *p;
	char *s;
	int err;

	lockdep_assert_held(&dtrace_lock);
	if (lm > DTRACE_MODNAMELEN || lf > DTRACE_FUNCNAMELEN ||
	    ln > DTRACE_NAMELEN)
		return ERR_PTR(-ENAMETOOLONG);
	p = dtrace_probe_lookup(prov->name, mod, func, name);
	if (p)
		return p;
	if (dtrace_nprobes == dtrace_probes_cap) {
		err = dtrace_probe_table_grow();
		if (err)
			return ERR_PTR(err);
	}
	p = kzalloc(sizeof(*p) + lm + lf + ln, GFP_KERNEL);
	if (!p)
		return ERR_PTR(-ENOMEM);
	s = p->names;
	p->mod = memcpy(s, mod, lm);
	p->func = memcpy(s + lm, func, lf);
	p->name = memcpy(s + lm + lf, name, ln);
	p->prov = prov;
	p->pdata = pdata;
	dtrace_probes[dtrace_nprobes++] = p;
	p->id = dtrace_nprobes;
	hlist_add_head(&p->hnode, dtrace_probe_bucket(
		       dtrace_probe_hashval(prov->name, mod, func, name)));
	return p;
}

struct dtrace_probe *dtrace_probe_by_id(u32 id)
{
	lockdep_assert_held(&dtrace_lock);
	if (id == 0 || id > dtrace_nprobes)
		return NULL;
	return dtrace_probes[id - 1];
}

static void dtrace_probe_describe(const struct dtrace_probe *p,
				  struct dtrace_probedesc *d)
{
	memset(d, 0, sizeof(*d));
	d->id = p->id;
	strscpy(d->prov, p->prov->name, sizeof(d->prov));
	strscpy(d->mod, p->mod, sizeof(d->mod));
	strscpy(d->func, p->func, sizeof(d->func));
	strscpy(d->name, p->name, sizeof(d->name));
}

#define DTRACE_LIST_CHUNK	32

/* PROBES: copy in chunks so that no user copy happens under dtrace_lock. */
int dtrace_probe_list(struct dtrace_probes_req *req)
{
	struct dtrace_probedesc *chunk;
	u32 id = req->first ? req->first : 1;
	u32 done = 0;
	int err = 0;

	req->count = 0;
	chunk = kmalloc_array(DTRACE_LIST_CHUNK, sizeof(*chunk), GFP_KERNEL);
	if (!chunk)
		return -ENOMEM;
	while (done < req->max) {
		u32 n = 0;
		u32 want = min_t(u32, req->max - done, DTRACE_LIST_CHUNK);
		void __user *dst;

		mutex_lock(&dtrace_lock);
		while (n < want && id <= dtrace_nprobes) {
			dtrace_probe_describe(dtrace_probes[id - 1], &chunk[n]);
			n++;
			id++;
		}
		mutex_unlock(&dtrace_lock);
		if (!n)
			break;
		dst = u64_to_user_ptr(req->buf + (u64)done * sizeof(*chunk));
		if (copy_to_user(dst, chunk, n * sizeof(*chunk))) {
			err = -EFAULT;
			break;
		}
		done += n;
		if (fatal_signal_pending(current)) {
			err = -EINTR;
			break;
		}
		cond_resched();
	}
	kfree(chunk);
	req->count = done;
	return err;
}

/* A consumer arms @p: the first one enables the provider's hook. */
int dtrace_probe_arm(struct dtrace_probe *p)
{
	int err = 0;

	lockdep_assert_held(&dtrace_lock);
	if (p->nenabled == 0 && p->prov->enable)
		err = p->prov->enable(p);
	if (!err)
		p->nenabled++;
	return err;
}

void dtrace_probe_disarm(struct dtrace_probe *p)
{
	lockdep_assert_held(&dtrace_lock);
	if (WARN_ON_ONCE(p->nenabled == 0))
		return;
	if (--p->nenabled == 0 && p->prov->disable)
		p->prov->disable(p);
}

int dtrace_probe_table_init(void)
{
	dtrace_probe_hash = kvcalloc(1u << DTRACE_PROBE_HASH_BITS,
				     sizeof(*dtrace_probe_hash), GFP_KERNEL);
	return dtrace_probe_hash ? 0 : -ENOMEM;
}

/* Module unload: no consumer exists, so no probe is armed. */
void dtrace_probes_destroy(void)
{
	u32 i;

	mutex_lock(&dtrace_lock);
	for (i = 0; i < dtrace_nprobes; i++) {
		struct dtrace_probe *p = dtrace_probes[i];

		if (p->prov->destroy)
			p->prov->destroy(p);
		kfree(p);
	}
	kvfree(dtrace_probes);
	dtrace_probes = NULL;
	dtrace_nprobes = 0;
	dtrace_probes_cap = 0;
	kvfree(dtrace_probe_hash);
	dtrace_probe_hash = NULL;
	mutex_unlock(&dtrace_lock);
}
