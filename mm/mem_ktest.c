// SPDX-License-Identifier: GPL-2.0
/* Memory baselines for ktests: see <mosaic/ktest_mem.h>. */
#include <mosaic/frame.h>
#include <mosaic/kmalloc.h>
#include <mosaic/ktest_mem.h>
#include <mosaic/page.h>
#include <mosaic/vmm.h>

void ktest_mem_snapshot(struct ktest_mem_snapshot *s)
{
	struct frame_stats fs;
	struct heap_stats hs;

	frame_get_stats(&fs);
	heap_get_stats(&hs);
	s->used_frames = fs.used_frames;
	s->heap_live = hs.live_bytes;
	s->heap_blocks = hs.live_blocks;
	s->heap_footprint = hs.footprint_bytes;
	s->table_pages = vmm_table_pages();
}

/* Frames in use beyond b, and how many of them the heap's growth explains. */
static void frame_growth(const struct ktest_mem_snapshot *now,
			 const struct ktest_mem_snapshot *b, s64 *frames,
			 s64 *heap_frames)
{
	*frames = (s64)now->used_frames - (s64)b->used_frames;
	*heap_frames = ((s64)now->heap_footprint - (s64)b->heap_footprint) /
			       (s64)PAGE_SIZE +
		       ((s64)now->table_pages - (s64)b->table_pages);
}

void ktest_expect_frames_baseline(struct ktest *t,
				  const struct ktest_mem_snapshot *b)
{
	struct ktest_mem_snapshot now;
	s64 frames, heap_frames;

	ktest_mem_snapshot(&now);
	frame_growth(&now, b, &frames, &heap_frames);
	KT_EXPECT_EQ(t, frames, heap_frames);
}

void ktest_expect_mem_baseline(struct ktest *t,
			       const struct ktest_mem_snapshot *b)
{
	struct ktest_mem_snapshot now;

	ktest_mem_snapshot(&now);
	KT_EXPECT_EQ(t, now.heap_live, b->heap_live);
	KT_EXPECT_EQ(t, now.heap_blocks, b->heap_blocks);
	ktest_expect_frames_baseline(t, b);
}
