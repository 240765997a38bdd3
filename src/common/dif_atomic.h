/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The few atomic operations the dynamic-variable store needs, for the
 * two environments the shared sources are compiled in (an environment
 * switch like dtrace_types.h, not a kernel feature test): the kernel's
 * own primitives in dtrace.ko, the compiler's __atomic builtins in the
 * user-space tests.
 */
#ifndef DIF_ATOMIC_H
#define DIF_ATOMIC_H

#include "dtrace_types.h"

#ifdef __KERNEL__
#include <linux/atomic.h>
#include <asm/processor.h>

/* 1 if *@p was 0 and is now 1 (acquire). */
static inline int dif_trylock(dt_u32 *p)
{
	return READ_ONCE(*p) == 0 && cmpxchg_acquire(p, 0, 1) == 0;
}

static inline void dif_unlock(dt_u32 *p)
{
	/* Release: the holder's writes are seen before the lock is free. */
	smp_store_release(p, 0);
}

static inline int dif_cas64(dt_u64 *p, dt_u64 old, dt_u64 new)
{
	return cmpxchg(p, old, new) == old;
}

#define dif_read_once(x)	READ_ONCE(x)
#define dif_write_once(x, v)	WRITE_ONCE(x, v)
#define dif_relax()		cpu_relax()
#else
static inline int dif_trylock(dt_u32 *p)
{
	dt_u32 zero = 0;

	return __atomic_load_n(p, __ATOMIC_RELAXED) == 0 &&
	       __atomic_compare_exchange_n(p, &zero, 1, 0, __ATOMIC_ACQUIRE,
					   __ATOMIC_RELAXED);
}

static inline void dif_unlock(dt_u32 *p)
{
	__atomic_store_n(p, 0, __ATOMIC_RELEASE);
}

static inline int dif_cas64(dt_u64 *p, dt_u64 old, dt_u64 new)
{
	return __atomic_compare_exchange_n(p, &old, new, 0, __ATOMIC_SEQ_CST,
					   __ATOMIC_RELAXED);
}

#define dif_read_once(x)	__atomic_load_n(&(x), __ATOMIC_RELAXED)
#define dif_write_once(x, v)	__atomic_store_n(&(x), (v), __ATOMIC_RELAXED)
#if defined(__x86_64__) || defined(__i386__)
#define dif_relax()		__builtin_ia32_pause()
#else
#define dif_relax()		__atomic_signal_fence(__ATOMIC_SEQ_CST)
#endif
#endif

#endif /* DIF_ATOMIC_H */
