// SPDX-License-Identifier: GPL-2.0
/*
 * Region bookkeeping shared by the frame allocator policies; see
 * frame_regions.h. Nothing here is on an allocation fast path.
 */
#include <mosaic/compiler.h>
#include <mosaic/printk.h>
#include "frame_regions.h"

void frame_regions_init(struct frame_regions *fr, const struct frame_range *r,
			int n)
{
	fr->n = n;
	fr->last = 0;
	fr->r[0].start = fr->r[0].end = 0;
	for (int i = 0; i < n; i++)
		fr->r[i] = r[i];
}

static u64 words_for(const struct frame_range *r)
{
	return DIV_ROUND_UP(r->end - ALIGN_DOWN(r->start, FB_WORD_BITS),
			    FB_WORD_BITS);
}

u64 frame_bitmaps_meta_size(const struct frame_range *r, int n)
{
	u64 words = 0;

	for (int i = 0; i < n; i++)
		words += words_for(&r[i]);
	return words * sizeof(u64);
}

void frame_bitmaps_init(struct frame_bitmap *b, const struct frame_range *r,
			int n, void *meta)
{
	u64 *p = meta;

	for (int i = 0; i < n; i++, b++) {
		b->base = ALIGN_DOWN(r[i].start, FB_WORD_BITS);
		b->nwords = words_for(&r[i]);
		b->bits = p;
		p += b->nwords;
		for (u64 w = 0; w < b->nwords; w++)
			b->bits[w] = ~0ULL;
		fb_clear_range(b->bits, r[i].start - b->base, r[i].end - b->base);
	}
}

/* Padding bits are set, so clear bits are exactly the free frames. */
void frame_bitmaps_stats(const struct frame_bitmap *b, int n,
			 struct frame_policy_stats *s)
{
	u64 best = 0, free = 0;

	for (int i = 0; i < n; i++) {
		u64 run = fb_longest_zero_run(b[i].bits, b[i].nwords);

		if (run > best)
			best = run;
		free += b[i].nwords * FB_WORD_BITS -
			fb_count_set(b[i].bits, 0, b[i].nwords * FB_WORD_BITS);
	}
	s->free_frames = free;
	s->largest_run = best;
	for (int i = 0; i < FRAME_STATS_ORDERS; i++)
		s->free_per_order[i] = 0;
}

bool frame_bitmap_padding_ok(const struct frame_bitmap *b,
			     const struct frame_range *r, const char *who)
{
	u64 all = b->nwords * FB_WORD_BITS;
	u64 head = r->start - b->base, tail = r->end - b->base;

	if (fb_count_set(b->bits, 0, head) == head &&
	    fb_count_set(b->bits, tail, all) == all - tail)
		return true;
	pr_err("frame/%s: padding bits of range 0x%llx-0x%llx cleared\n", who,
	       (unsigned long long)r->start, (unsigned long long)r->end);
	return false;
}
