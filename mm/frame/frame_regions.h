/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Region bookkeeping shared by the frame allocator policies (bitmap.c,
 * buddy.c, stack.c), written once here instead of in each of them:
 *
 *  - struct frame_regions: a policy's copy of the sorted ranges the glue
 *    handed to the policy's init, with a one-entry cache so that the
 *    common case (the next pfn lies in the same range as the last one) is
 *    a single compare, and a binary search otherwise.
 *  - struct frame_bitmap: one bit per frame of a range (1 = allocated or
 *    outside the range), for the policies that keep such a map (bitmap and
 *    stack): layout in the metadata, free-count and largest-run statistics,
 *    the padding invariant, and the test-and-flip of a block's bits.
 *
 * Everything here is stateless (the policy owns the structures), so one
 * copy serves every policy, in the kernel and on the host alike.
 */
#ifndef _MM_FRAME_REGIONS_H
#define _MM_FRAME_REGIONS_H

#include <mosaic/compiler.h>
#include <mosaic/frame_policy.h>
#include <mosaic/types.h>
#include "frame_bits.h"

struct frame_regions {
	struct frame_range r[FRAME_MAX_REGIONS];
	int n;
	int last;		/* range of the last successful lookup */
};

/* Copy the ranges; n == 0 leaves an empty range 0 so the cache compare fails. */
void frame_regions_init(struct frame_regions *fr, const struct frame_range *r,
			int n);

/* Index of the range holding pfn, or -1: binary search over <= 64 ranges. */
static inline int frame_range_find(const struct frame_range *r, int n,
				   pfn_t pfn)
{
	int lo = 0, hi = n;

	while (lo < hi) {
		int mid = (lo + hi) / 2;

		if (pfn < r[mid].start)
			hi = mid;
		else if (pfn >= r[mid].end)
			lo = mid + 1;
		else
			return mid;
	}
	return -1;
}

/* Index of the range holding pfn, or -1. */
static inline int frame_regions_find(struct frame_regions *fr, pfn_t pfn)
{
	const struct frame_range *c = &fr->r[fr->last];
	int i;

	/* unsigned wrap: one compare tests start <= pfn < end */
	if (likely(pfn - c->start < c->end - c->start))
		return fr->last;
	i = frame_range_find(fr->r, fr->n, pfn);
	if (i >= 0)
		fr->last = i;
	return i;
}

/* Index of the range holding all of [pfn, pfn + 2^order), or -1. */
static inline int frame_regions_find_block(struct frame_regions *fr, pfn_t pfn,
					   unsigned int order)
{
	int i = frame_regions_find(fr, pfn);

	if (i < 0 || pfn + (1ULL << order) > fr->r[i].end)
		return -1;
	return i;
}

struct frame_bitmap {
	pfn_t base;		/* range start rounded down to 64: bit b = frame base + b */
	u64 nwords;
	u64 *bits;		/* 1 = allocated (or outside the range) */
};

/* Bytes of metadata for one bitmap per range. */
u64 frame_bitmaps_meta_size(const struct frame_range *r, int n);
/* Lay the bitmaps out in meta: frames of the ranges free, padding set. */
void frame_bitmaps_init(struct frame_bitmap *b, const struct frame_range *r,
			int n, void *meta);
/* Free frames and the longest free run over all bitmaps; no per-order counts. */
void frame_bitmaps_stats(const struct frame_bitmap *b, int n,
			 struct frame_policy_stats *s);
/* The bits outside the range must all be set; false (and a message) if not. */
bool frame_bitmap_padding_ok(const struct frame_bitmap *b,
			     const struct frame_range *r, const char *who);

/* The word holding pfn's bit, and the bit's mask (base is 64-aligned). */
static inline u64 *frame_bitmap_word(const struct frame_bitmap *b, pfn_t pfn)
{
	return &b->bits[(pfn - b->base) / FB_WORD_BITS];
}

static inline u64 frame_bitmap_mask(pfn_t pfn)
{
	return 1ULL << (pfn % FB_WORD_BITS);
}

/* Set bits in [from, to) of frames. */
static inline u64 frame_bitmap_count(const struct frame_bitmap *b, pfn_t from,
				     pfn_t to)
{
	return fb_count_set(b->bits, from - b->base, to - b->base);
}

/* Mark [pfn, pfn + n) allocated; they must be free. */
static inline void frame_bitmap_set(struct frame_bitmap *b, pfn_t pfn, u64 n)
{
	if (n == 1)
		*frame_bitmap_word(b, pfn) |= frame_bitmap_mask(pfn);
	else
		fb_set_range(b->bits, pfn - b->base, pfn + n - b->base);
}

/*
 * Free [pfn, pfn + n): false, changing nothing, unless every frame in it is
 * marked allocated. This is the always-on double-free check of the bitmap
 * and stack policies.
 */
static inline bool frame_bitmap_clear_allocated(struct frame_bitmap *b,
						pfn_t pfn, u64 n)
{
	if (likely(n == 1)) {
		u64 *w = frame_bitmap_word(b, pfn), m = frame_bitmap_mask(pfn);

		if (unlikely(!(*w & m)))
			return false;
		*w &= ~m;
		return true;
	}
	if (frame_bitmap_count(b, pfn, pfn + n) != n)
		return false;
	fb_clear_range(b->bits, pfn - b->base, pfn + n - b->base);
	return true;
}

#endif /* _MM_FRAME_REGIONS_H */
