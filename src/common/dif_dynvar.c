// SPDX-License-Identifier: GPL-2.0
/*
 * The dynamic-variable store (see dif_dynvar.h for the design).  Uses
 * nothing but the DIF headers and dif_atomic.h; every offset stored in
 * the region is checked against the region before it is followed, so a
 * corrupted region can cost values but never memory outside it.
 */
#include "dif_dynvar.h"
#include "dif_atomic.h"
#include "dtrace_abi.h"

#define DIF_DYN_MINCLASS	6	/* 64-byte elements */
#define DIF_DYN_NCLASSES	12	/* ... up to 128 KiB */
#define DIF_DYN_SPIN		4096	/* tries of a busy lock */
#define DIF_DYN_MAXSIZE		((dt_u64)1 << 31)
/*
 * Elements looked at in one chain: colliding keys cannot make one
 * operation walk the whole region; beyond it an operation is a drop.
 */
#define DIF_DYN_MAXCHAIN	1024

struct dif_dyncpu {
	dt_u32 lock;
	dt_u32 pad;
	dt_u32 free[DIF_DYN_NCLASSES];	/* free-list heads, offsets */
	dt_u64 nused;			/* allocated minus freed here */
};

struct dif_dynbucket {
	dt_u32 lock;
	dt_u32 head;			/* first element's offset, 0: none */
};

struct dif_dynel {
	dt_u32 next;			/* chain or free list */
	dt_u8 cls;			/* size class */
	dt_u8 pad[3];
	dt_u32 hash;
	dt_u32 keylen;
	dt_u32 vallen;
	dt_u32 pad2;
	/* key (keylen bytes), then the value (vallen bytes) */
};

struct dif_dynvars {
	dt_u64 size;
	dt_u64 bump;			/* next unused byte (atomic) */
	dt_u32 ncpus;
	dt_u32 nbuckets;		/* a power of two */
	dt_u32 cpus_off;
	dt_u32 buckets_off;
};

static struct dif_dyncpu *dif_dyn_cpu(struct dif_dynvars *d, dt_u32 cpu)
{
	return (struct dif_dyncpu *)((char *)d + d->cpus_off) + cpu;
}

static struct dif_dynbucket *dif_dyn_bucket(struct dif_dynvars *d,
					    dt_u32 hash)
{
	return (struct dif_dynbucket *)((char *)d + d->buckets_off) +
		(hash & (d->nbuckets - 1));
}

/* The element at @off, or NULL if @off cannot be one. */
static struct dif_dynel *dif_dyn_el(struct dif_dynvars *d, dt_u32 off)
{
	struct dif_dynel *e;

	if (off == 0 || off % 8 || off < d->buckets_off ||
	    (dt_u64)off + sizeof(*e) > d->size)
		return NULL;
	e = (struct dif_dynel *)((char *)d + off);
	if (e->cls >= DIF_DYN_NCLASSES ||
	    (dt_u64)off + ((dt_u64)1 << (e->cls + DIF_DYN_MINCLASS)) > d->size)
		return NULL;
	return e;
}

/* Only CPU @cpu writes its count, so a plain update is enough. */
static void dif_dyn_used(struct dif_dynvars *d, dt_u32 cpu, dt_s64 n)
{
	struct dif_dyncpu *c = dif_dyn_cpu(d, cpu);

	dif_write_once(c->nused, dif_read_once(c->nused) + (dt_u64)n);
}

static int dif_dyn_lock(dt_u32 *lock)
{
	unsigned int i;

	for (i = 0; i < DIF_DYN_SPIN; i++) {
		if (dif_trylock(lock))
			return 1;
		dif_relax();
	}
	return 0;
}

struct dif_dynvars *dif_dyn_init(void *mem, dt_u64 size, dt_u32 ncpus)
{
	struct dif_dynvars *d = mem;
	dt_u64 want, fixed;
	dt_u32 i;

	if (mem == NULL || size < DIF_DYN_MINSIZE || ncpus == 0 ||
	    (dt_u64)ncpus * sizeof(struct dif_dyncpu) > size)
		return NULL;
	if (size > DIF_DYN_MAXSIZE)
		return NULL;
	d->size = size;
	d->ncpus = ncpus;
	d->cpus_off = (sizeof(*d) + 63) & ~63u;
	fixed = d->cpus_off + (dt_u64)ncpus * sizeof(struct dif_dyncpu);
	if (fixed + 8 * sizeof(struct dif_dynbucket) + 256 > size)
		return NULL;
	/* About one bucket per 256 bytes of elements, at most 2^16. */
	want = (size - fixed) / 256;
	d->nbuckets = 8;
	while ((dt_u64)d->nbuckets * 2 <= want && d->nbuckets < 65536)
		d->nbuckets *= 2;
	d->buckets_off = (dt_u32)fixed;
	d->bump = (fixed + (dt_u64)d->nbuckets * sizeof(struct dif_dynbucket) +
		   63) & ~(dt_u64)63;
	for (i = 0; i < ncpus; i++) {
		struct dif_dyncpu *c = dif_dyn_cpu(d, i);
		unsigned int k;

		c->lock = 0;
		c->nused = 0;
		for (k = 0; k < DIF_DYN_NCLASSES; k++)
			c->free[k] = 0;
	}
	for (i = 0; i < d->nbuckets; i++) {
		struct dif_dynbucket *b =
			(struct dif_dynbucket *)((char *)d + d->buckets_off) + i;

		b->lock = 0;
		b->head = 0;
	}
	return d;
}

/* 64-bit FNV-style hash over the key's 8-byte words, folded to 32. */
static dt_u32 dif_dyn_hash(const void *key, dt_u32 keylen)
{
	const dt_u8 *p = key;
	dt_u64 h = 0xcbf29ce484222325ULL, w;
	dt_u32 i, j;

	for (i = 0; i < keylen; i += 8) {
		w = 0;
		for (j = 0; j < 8 && i + j < keylen; j++)
			w |= (dt_u64)p[i + j] << (j * 8);
		h = (h ^ w) * 0x100000001b3ULL;
		h ^= h >> 29;
	}
	return (dt_u32)(h ^ (h >> 32));
}

/*
 * Is @e the element of @key?  Bytes are compared only on a full hash
 * match; such a match with other bytes counts in *@collide, which the
 * callers bound (DIF_DYN_MAXCOLLIDE) so that keys made to collide
 * cannot make one lookup compare megabytes.
 */
static int dif_dyn_keyeq(const struct dif_dynel *e, dt_u32 hash,
			 const void *key, dt_u32 keylen, dt_u32 vallen,
			 dt_u32 *collide)
{
	const dt_u8 *a = (const dt_u8 *)(e + 1), *b = key;
	dt_u32 i;

	if (e->hash != hash || e->keylen != keylen || e->vallen != vallen)
		return 0;
	for (i = 0; i < keylen; i++) {
		if (a[i] != b[i]) {
			(*collide)++;
			return 0;
		}
	}
	return 1;
}

static int dif_dyn_class(dt_u64 bytes)
{
	int c;

	for (c = 0; c < DIF_DYN_NCLASSES; c++)
		if (bytes <= ((dt_u64)1 << (c + DIF_DYN_MINCLASS)))
			return c;
	return -1;
}

/* Pop an element of class @cls from CPU @cpu's list: offset or 0. */
static dt_u32 dif_dyn_pop(struct dif_dynvars *d, dt_u32 cpu, int cls,
			  int wait)
{
	struct dif_dyncpu *c = dif_dyn_cpu(d, cpu);
	struct dif_dynel *e;
	dt_u32 off;

	if (dif_read_once(c->free[cls]) == 0)
		return 0;
	if (wait ? !dif_dyn_lock(&c->lock) : !dif_trylock(&c->lock))
		return 0;
	off = c->free[cls];
	e = dif_dyn_el(d, off);
	if (e == NULL) {
		/* Never pushed by us: forget the list rather than follow it. */
		dif_write_once(c->free[cls], 0);
		off = 0;
	} else {
		dif_write_once(c->free[cls], e->next);
	}
	dif_unlock(&c->lock);
	return off;
}

static dt_u32 dif_dyn_alloc(struct dif_dynvars *d, dt_u32 cpu, int cls)
{
	dt_u64 sz = (dt_u64)1 << (cls + DIF_DYN_MINCLASS), old;
	struct dif_dynel *e;
	dt_u32 off, i;

	off = dif_dyn_pop(d, cpu, cls, 1);
	if (off == 0) {
		for (;;) {
			old = dif_read_once(d->bump);
			if (old + sz > d->size || old + sz < old)
				break;
			if (dif_cas64(&d->bump, old, old + sz)) {
				off = (dt_u32)old;
				break;
			}
		}
	}
	/* Steal from other CPUs; a busy list is skipped. */
	for (i = 1; off == 0 && i < d->ncpus; i++)
		off = dif_dyn_pop(d, (cpu + i) % d->ncpus, cls, 0);
	if (off == 0)
		return 0;
	e = (struct dif_dynel *)((char *)d + off);
	e->cls = (dt_u8)cls;
	return off;
}

/* Give an unlinked element to CPU @cpu's free list. */
static void dif_dyn_free(struct dif_dynvars *d, dt_u32 cpu, dt_u32 off)
{
	struct dif_dyncpu *c = dif_dyn_cpu(d, cpu);
	struct dif_dynel *e = (struct dif_dynel *)((char *)d + off);

	/* Only stealers contend, briefly; on failure the element is lost. */
	if (!dif_dyn_lock(&c->lock))
		return;
	e->next = c->free[e->cls];
	dif_write_once(c->free[e->cls], off);
	dif_unlock(&c->lock);
}

int dif_dyn_get(struct dif_dynvars *d, dt_u32 cpu, const void *key,
		dt_u32 keylen, dt_u32 vallen, dt_u64 *ival, char **sval)
{
	dt_u32 hash, off, n = 0, collide = 0;
	struct dif_dynbucket *b;
	struct dif_dynel *e;
	int rc = DIF_DYN_MISSING;
	char *v;

	*ival = 0;
	*sval = NULL;
	if (d == NULL || cpu >= d->ncpus)
		return DIF_DYN_MISSING;
	hash = dif_dyn_hash(key, keylen);
	b = dif_dyn_bucket(d, hash);
	if (dif_read_once(b->head) == 0)
		return DIF_DYN_MISSING;
	if (!dif_dyn_lock(&b->lock))
		return DIF_DYN_DROP;
	for (off = b->head; (e = dif_dyn_el(d, off)) != NULL;
	     off = e->next, n++) {
		if (n >= DIF_DYN_MAXCHAIN || collide > DIF_DYN_MAXCOLLIDE) {
			rc = DIF_DYN_DROP;
			break;
		}
		if (!dif_dyn_keyeq(e, hash, key, keylen, vallen, &collide))
			continue;
		v = (char *)(e + 1) + keylen;
		if (vallen == 8) {
			dt_u64 x;
			dt_u32 i;

			for (i = 0, x = 0; i < 8; i++)
				x |= (dt_u64)(dt_u8)v[i] << (i * 8);
			*ival = x;
		}
		*sval = v;
		rc = DIF_DYN_OK;
		break;
	}
	dif_unlock(&b->lock);
	return rc;
}

int dif_dyn_put(struct dif_dynvars *d, dt_u32 cpu, const void *key,
		dt_u32 keylen, const void *val, dt_u32 vallen)
{
	dt_u32 hash, off, *link, n = 0, i, collide = 0;
	struct dif_dynbucket *b;
	struct dif_dynel *e;
	const dt_u8 *src = val;
	dt_u8 *dst;
	int cls;

	if (d == NULL || cpu >= d->ncpus)
		return val ? DIF_DYN_DROP : DIF_DYN_OK;
	cls = dif_dyn_class(sizeof(*e) + (dt_u64)keylen + vallen);
	if (cls < 0)
		return DIF_DYN_DROP;
	hash = dif_dyn_hash(key, keylen);
	b = dif_dyn_bucket(d, hash);
	if (val == NULL && dif_read_once(b->head) == 0)
		return DIF_DYN_OK;
	if (!dif_dyn_lock(&b->lock))
		return DIF_DYN_DROP;
	for (link = &b->head; (e = dif_dyn_el(d, *link)) != NULL;
	     link = &e->next, n++) {
		if (n >= DIF_DYN_MAXCHAIN || collide > DIF_DYN_MAXCOLLIDE) {
			dif_unlock(&b->lock);
			return DIF_DYN_DROP;
		}
		if (dif_dyn_keyeq(e, hash, key, keylen, vallen, &collide))
			break;
	}
	/* A corrupt link: cut the chain there. */
	if (e == NULL && *link != 0)
		dif_write_once(*link, 0);
	if (val == NULL) {
		if (e != NULL) {
			off = *link;
			dif_write_once(*link, e->next);
			dif_unlock(&b->lock);
			dif_dyn_free(d, cpu, off);
			dif_dyn_used(d, cpu, -1);
			return DIF_DYN_OK;
		}
		dif_unlock(&b->lock);
		return DIF_DYN_OK;
	}
	if (e == NULL) {
		off = dif_dyn_alloc(d, cpu, cls);
		if (off == 0) {
			dif_unlock(&b->lock);
			return DIF_DYN_DROP;
		}
		e = (struct dif_dynel *)((char *)d + off);
		e->hash = hash;
		e->keylen = keylen;
		e->vallen = vallen;
		dst = (dt_u8 *)(e + 1);
		for (i = 0; i < keylen; i++)
			dst[i] = ((const dt_u8 *)key)[i];
		dst += keylen;
		for (i = 0; i < vallen; i++)
			dst[i] = src[i];
		/* Publish at the head only once it is complete. */
		e->next = b->head;
		dif_write_once(b->head, off);
		dif_dyn_used(d, cpu, 1);
	} else {
		dst = (dt_u8 *)(e + 1) + keylen;
		for (i = 0; i < vallen; i++)
			dst[i] = src[i];
	}
	dif_unlock(&b->lock);
	return DIF_DYN_OK;
}

dt_u32 dif_dyn_purge_thread(struct dif_dynvars *d, dt_u32 cpu, dt_u64 tkey)
{
	dt_u32 i, off, *link, n, freed = 0;
	struct dif_dynbucket *b;
	struct dif_dynel *e;
	const dt_u8 *k;
	dt_u64 t;
	int j;

	if (d == NULL || cpu >= d->ncpus)
		return 0;
	for (i = 0; i < d->nbuckets; i++) {
		b = (struct dif_dynbucket *)((char *)d + d->buckets_off) + i;
		if (dif_read_once(b->head) == 0 || !dif_dyn_lock(&b->lock))
			continue;
		link = &b->head;
		n = 0;
		while ((e = dif_dyn_el(d, *link)) != NULL && n++ < d->size) {
			k = (const dt_u8 *)(e + 1);
			for (j = 0, t = 0; j < 8; j++)
				t |= (dt_u64)k[DIF_DYN_KEYHDR + j] << (j * 8);
			if (e->keylen >= DIF_DYN_KEYHDR + 8 &&
			    k[0] == DTRACE_VSCOPE_THREAD && k[1] == 0 &&
			    k[2] == 0 && k[3] == 0 &&
			    (t & ~(dt_u64)7) == (tkey & ~(dt_u64)7)) {
				off = *link;
				dif_write_once(*link, e->next);
				dif_dyn_free(d, cpu, off);
				freed++;
				continue;
			}
			link = &e->next;
		}
		dif_unlock(&b->lock);
	}
	dif_dyn_used(d, cpu, -(dt_s64)freed);
	return freed;
}

dt_u64 dif_dyn_count(struct dif_dynvars *d)
{
	dt_u64 n = 0;
	dt_u32 i;

	for (i = 0; d != NULL && i < d->ncpus; i++)
		n += dif_read_once(dif_dyn_cpu(d, i)->nused);
	return n;
}
