/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fixed-width types shared by the kernel and by host builds of
 * freestanding code (policies, lib/). Only compiler-provided freestanding
 * headers are used, so the same file works with -nostdinc and natively.
 */
#ifndef _MOSAIC_TYPES_H
#define _MOSAIC_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
/* As in Linux: 64-bit types are long long, printed with %llu/%llx. */
typedef unsigned long long u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef long long s64;

/* A physical address; never dereferenced directly. */
typedef u64 phys_addr_t;
/* A page frame number: physical address >> PAGE_SHIFT. */
typedef u64 pfn_t;

#ifndef __MOSAIC_HOST__
typedef long ssize_t;
#endif

#endif /* _MOSAIC_TYPES_H */
