/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The dynamic-variable store: thread-local variables and associative
 * array elements of one enabling, in one fixed region the owner gives
 * (dtrace_enable_hdr.dynvarsize bytes; vmalloc'ed by dtrace.ko, plain
 * memory in the tests).  Compiled unchanged into dtrace.ko and the tests.
 *
 * Probe context may run on every CPU at once, with interrupts masked and
 * possibly in NMI, so nothing here sleeps, allocates or waits without
 * bound: each hash bucket and each CPU's free lists have a lock that is
 * only ever tried a bounded number of times.  A busy lock (its holder
 * preempted by a hypervisor, say) or a full region makes the operation
 * fail, which the VM counts as a dynamic-variable drop.  A CPU never
 * holds two bucket locks, and a firing that interrupts the same CPU's
 * firing is dropped before it gets here (dtrace_probe's per-CPU guard),
 * so no lock can be waited on by its own holder.
 *
 * Elements live in size classes (powers of two); a freed element goes to
 * the freeing CPU's free list and is reused by that CPU first, by others
 * when their own list and the unused part of the region are empty.
 *
 * A key is a byte string (see dif_vm.c): scope, variable id, the thread
 * key for thread-locals, then the tuple.  Values are 8-byte integers or
 * strsize-byte strings whose last byte stays NUL.
 */
#ifndef DIF_DYNVAR_H
#define DIF_DYNVAR_H

#include "dtrace_types.h"

struct dif_dynvars;

#define DIF_DYN_KEYHDR		8	/* scope (u32), variable id (u32) */
#define DIF_DYN_MINSIZE		1024	/* smallest region worth laying out */
/* Elements with the key's full hash but other bytes a lookup may pass. */
#define DIF_DYN_MAXCOLLIDE	4

/*
 * Lay out an empty store in @mem (8-byte aligned, @size bytes, which the
 * owner zeroes or not) for CPUs 0 .. @ncpus - 1.  Returns the store (at
 * @mem) or NULL if @size is too small or too large.
 */
struct dif_dynvars *dif_dyn_init(void *mem, dt_u64 size, dt_u32 ncpus);

/* Results of dif_dyn_get() and dif_dyn_put(). */
#define DIF_DYN_OK		0
#define DIF_DYN_MISSING		1	/* get: no such element */
#define DIF_DYN_DROP		2	/* lock busy or region full */

/*
 * Look @key up (@keylen bytes, a multiple of 8).  An integer value
 * (@vallen 8) is copied to *@ival; a string value's address in the store
 * goes to *@sval (valid, though it may change, until the owner frees the
 * region after the last firing).
 */
int dif_dyn_get(struct dif_dynvars *d, dt_u32 cpu, const void *key,
		dt_u32 keylen, dt_u32 vallen, dt_u64 *ival, char **sval);

/*
 * Set @key's value to @vallen bytes at @val, creating the element if
 * needed; @val NULL deletes it (DIF_DYN_OK whether or not it existed).
 */
int dif_dyn_put(struct dif_dynvars *d, dt_u32 cpu, const void *key,
		dt_u32 keylen, const void *val, dt_u32 vallen);

/*
 * Delete every thread-local element whose thread key, ignoring its low 3
 * bits, is @tkey (the thread has exited).  Returns how many it freed;
 * elements whose bucket stayed busy are left.  Runs where a firing could
 * (interrupts masked on the caller's CPU @cpu).
 */
dt_u32 dif_dyn_purge_thread(struct dif_dynvars *d, dt_u32 cpu, dt_u64 tkey);

/* Elements in use (for tests and statistics; racy while firing). */
dt_u64 dif_dyn_count(struct dif_dynvars *d);

#endif /* DIF_DYNVAR_H */
