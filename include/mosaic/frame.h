/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Physical frame allocator: the interface the rest of the kernel uses.
 *
 * One policy (bitmap, buddy or stack; CONFIG_FRAME_ALLOC_*) is linked
 * behind this API. It hands out blocks of 2^order contiguous 4 KiB frames
 * whose physical address is aligned to 2^order frames. The shared glue
 * (mm/frame/frame.c) keeps statistics, checks arguments and, with
 * CONFIG_DEBUG_FRAME_ALLOC, poisons freed frames. Documentation/mm/frame.md
 * describes the policies.
 */
#ifndef _MOSAIC_FRAME_H
#define _MOSAIC_FRAME_H

#include <mosaic/types.h>

/* frame_init() accepts at most this many usable regions. */
#define FRAME_MAX_REGIONS 64
/* No policy serves orders above this (2^20 frames = 4 GiB). */
#define FRAME_ORDER_LIMIT 20
#define FRAME_STATS_ORDERS (FRAME_ORDER_LIMIT + 1)

/* A range of usable RAM, as the memory map reports it (any alignment). */
struct frame_region {
	phys_addr_t base;
	u64 size;
};

struct frame_stats {
	u64 total_frames;	/* usable whole frames, metadata included */
	u64 meta_frames;	/* frames holding the allocator's metadata */
	u64 free_frames;
	u64 used_frames;	/* total - free: allocated + metadata */
	u64 allocs;		/* successful frame_alloc() calls */
	u64 frees;		/* frame_free() calls */
	u64 failures;		/* frame_alloc() calls that got -ENOMEM */
	u64 largest_free_run;	/* longest run of contiguous free frames */
	u64 largest_block_run;	/* longest a block of 2^order can come from */
	u32 frag_permille;	/* free memory outside that run, in 1/1000 */
	u32 max_order;		/* largest order frame_alloc() accepts */
	/* free blocks of each order (buddy only; zero for other policies) */
	u64 free_per_order[FRAME_STATS_ORDERS];
};

/*
 * Hand the usable RAM to the allocator. Regions may be unsorted, unaligned,
 * overlapping or adjacent; they are page-aligned inwards, sorted and merged.
 * Physical frame 0 is never handed out (so 0 can mean "no frame"). The
 * allocator's metadata is carved from the regions and counted in the stats.
 * Returns 0, -EINVAL for a bad argument, -ENOMEM if no region can hold the
 * metadata. Calling it again starts over (host tests do; the kernel once).
 */
int frame_init(const struct frame_region *regions, int n);

/*
 * Allocate 2^order contiguous frames aligned to 2^order frames and store
 * the physical address of the first in *pa. Returns 0, -EINVAL if order is
 * above frame_max_order(), or -ENOMEM if no such block is free.
 */
int frame_alloc(unsigned int order, phys_addr_t *pa);

/*
 * Free a block from frame_alloc() with the same order. Panics, naming the
 * frame and the caller, on a double free, a free of a frame that was never
 * allocated, a misaligned address or an address outside managed memory.
 */
void frame_free(phys_addr_t pa, unsigned int order);

void frame_get_stats(struct frame_stats *s);
/* Name of the linked policy: "bitmap", "buddy" or "stack". */
const char *frame_policy_name(void);
unsigned int frame_max_order(void);

/*
 * Deep consistency check of the allocator's data structures, O(frames).
 * Returns 0 or -EIO (and prints what is wrong).
 */
int frame_check(void);
/* Print the statistics with pr_info(). */
void frame_print_stats(void);

#endif /* _MOSAIC_FRAME_H */
