/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Memory baselines for ktests (mm/mem_ktest.c): what the frame allocator
 * and the heap hold, taken before a test and compared after it, so a
 * test shows that everything it took came back.
 */
#ifndef _MOSAIC_KTEST_MEM_H
#define _MOSAIC_KTEST_MEM_H

#include <mosaic/ktest.h>
#include <mosaic/types.h>

struct ktest_mem_snapshot {
	u64 used_frames, heap_live, heap_blocks, heap_footprint, table_pages;
};

void ktest_mem_snapshot(struct ktest_mem_snapshot *s);
/*
 * Back at the baseline: the heap's live bytes and blocks as they were,
 * and every frame in use beyond it one the heap took for its own
 * footprint (some heap policies keep it) or a kernel page table that
 * maps it.
 */
void ktest_expect_mem_baseline(struct ktest *t,
			       const struct ktest_mem_snapshot *b);
/*
 * Only the frames: every one in use beyond the baseline is the heap's
 * or a page table's. For tests whose first run fills caches (dentries)
 * that rightly stay.
 */
void ktest_expect_frames_baseline(struct ktest *t,
				  const struct ktest_mem_snapshot *b);

#endif /* _MOSAIC_KTEST_MEM_H */
