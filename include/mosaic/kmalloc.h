/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel heap: kmalloc and friends. The allocator behind it is a
 * Kconfig choice (bump, linked-list, fixed-block; see mm/heap/Kconfig and
 * Documentation/mm/heap.md); this interface is the same for all of them.
 *
 * Guarantees:
 * - every pointer returned is at least 16-byte aligned (HEAP_MIN_ALIGN);
 * - kmalloc(0) returns a unique minimal block (usable size >= 1) that must
 *   be passed to kfree like any other; it is never NULL unless the heap is
 *   exhausted;
 * - kfree(NULL) does nothing; krealloc(NULL, n) is kmalloc(n);
 *   krealloc(p, 0) frees p and returns a new minimal block, like kmalloc(0);
 * - a failed allocation returns NULL and leaves the heap unchanged (a
 *   failed krealloc leaves the old block valid);
 * - kfree of a pointer the heap did not hand out, or of a block already
 *   freed, panics naming the pointer and the caller (always for the cheap
 *   checks each policy can do; CONFIG_DEBUG_HEAP adds red zones and
 *   poisoning).
 */
#ifndef _MOSAIC_KMALLOC_H
#define _MOSAIC_KMALLOC_H

#include <mosaic/compiler.h>
#include <mosaic/types.h>

#define HEAP_MIN_ALIGN 16

void *kmalloc(size_t size);
void *kzalloc(size_t size);
/* n * size bytes, zeroed; NULL if the product overflows. */
void *kcalloc(size_t n, size_t size);
/* Old contents are kept up to min(old size, new size). */
void *krealloc(void *p, size_t size);
void kfree(const void *p);
/* align: a power of two up to PAGE_SIZE; smaller than 16 means 16. NULL
 * for an invalid alignment. */
void *kmalloc_aligned(size_t size, size_t align);
/* Bytes usable at p (>= the size asked for); 0 for NULL. */
size_t ksize(const void *p);

struct heap_stats {
	u64 requested_bytes;	/* sum of sizes asked for, ever */
	u64 live_bytes;		/* bytes in live blocks (usable size) */
	u64 peak_live_bytes;
	u64 footprint_bytes;	/* bytes taken from the page source now */
	u64 peak_footprint_bytes;
	u64 alloc_count;	/* successful allocations (realloc moves too) */
	u64 free_count;
	u64 failures;		/* allocations that returned NULL */
	u64 live_blocks;
	/* (footprint - live) / footprint in 1/1000: internal fragmentation
	 * plus unused free memory, what the heap costs beyond its payload */
	u32 frag_permille;
	/* policy-specific: free blocks on the free list(s), largest one
	 * (linked-list; fixed-block reports its large-request region) */
	u64 free_blocks;
	u64 largest_free_bytes;
	const char *policy;
};

void heap_get_stats(struct heap_stats *st);

/* Called once at boot, after paging is up. Returns 0 or -ENOMEM. */
int heap_init(void);

#endif /* _MOSAIC_KMALLOC_H */
