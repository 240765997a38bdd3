/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fixed-width types for the sources shared by dtrace.ko and user space.
 * This is an environment switch (kernel vs. libc), not a kernel feature test.
 */
#ifndef DTRACE_TYPES_H
#define DTRACE_TYPES_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/stddef.h>
typedef u8 dt_u8;
typedef u16 dt_u16;
typedef u32 dt_u32;
typedef u64 dt_u64;
typedef s32 dt_s32;
typedef s64 dt_s64;
#else
#include <stdint.h>
#include <stddef.h>
typedef uint8_t dt_u8;
typedef uint16_t dt_u16;
typedef uint32_t dt_u32;
typedef uint64_t dt_u64;
typedef int32_t dt_s32;
typedef int64_t dt_s64;
#endif

#endif /* DTRACE_TYPES_H */
