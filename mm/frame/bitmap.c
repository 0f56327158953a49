// SPDX-License-Identifier: GPL-2.0
/*
 * Bitmap frame allocator: one bit per frame (1 = allocated).
 *
 * Each range gets its own bitmap whose bit 0 is the frame at the range's
 * start rounded down to a multiple of 64, so a bitmap word covers 64
 * frames aligned to 64 and an order <= 6 block is an aligned group of bits
 * inside one word. Bits for frames outside the range are set for good.
 *
 * Allocation is next-fit: the scan starts at the word of the last
 * allocation and wraps around all ranges once. Full words are skipped with
 * one compare. Order <= 6 uses shift-and-fold to find an all-free aligned
 * group in a word; larger orders look for 2^(order-6) aligned zero words.
 * Cost: O(1) when the hint word has room, O(frames / 64) worst case.
 * Freeing is O(2^order / 64). Metadata: frames / 8 bytes.
 *
 * A bitmap cannot tell a double free from a free of a never-allocated
 * frame (both are a clear bit), and it does not record the order of an
 * allocation, so freeing part of a block with a smaller order goes unseen.
 */
#include <mosaic/compiler.h>
#include <mosaic/errno.h>
#include <mosaic/frame_policy.h>
#include <mosaic/page.h>
#include <mosaic/printk.h>
#include "frame_regions.h"

#define BM_MAX_ORDER FRAME_ORDER_LIMIT

static struct frame_regions fr;
static struct frame_bitmap bm[FRAME_MAX_REGIONS];
static int hint_r;		/* next-fit: region and word of the last hit */
static u64 hint_w;

/* Bits set at multiples of 2^order: where an aligned group may start. */
static const u64 group_start[7] = {
	~0ULL, 0x5555555555555555ULL, 0x1111111111111111ULL,
	0x0101010101010101ULL, 0x0001000100010001ULL,
	0x0000000100000001ULL, 0x1ULL,
};

static u64 bitmap_meta_size(const struct frame_range *r, int n)
{
	return frame_bitmaps_meta_size(r, n);
}

static int bitmap_init(const struct frame_range *r, int n, void *meta)
{
	hint_r = 0;
	hint_w = 0;
	frame_regions_init(&fr, r, n);
	frame_bitmaps_init(bm, r, n, meta);
	return 0;
}

/* Group-start bits of all-free aligned 2^order groups in a word. */
static inline u64 free_groups(u64 word, unsigned int order)
{
	u64 f = ~word;

	for (unsigned int s = 1; s < (1U << order); s <<= 1)
		f &= f >> s;
	return f & group_start[order];
}

static bool search_small(const struct frame_bitmap *b, u64 from,
			 unsigned int order, u64 *bit)
{
	for (u64 w = from; w < b->nwords; w++) {
		u64 x = b->bits[w], m;

		if (x == ~0ULL)
			continue;
		m = order ? free_groups(x, order) : ~x;
		if (m) {
			*bit = w * 64 + (u64)__builtin_ctzll(m);
			return true;
		}
	}
	return false;
}

static bool search_large(const struct frame_bitmap *b, u64 from,
			 unsigned int order, u64 *bit)
{
	u64 g = 1ULL << (order - 6);	/* words per block */
	u64 first = b->base / 64;	/* absolute index of word 0 */
	u64 w = ALIGN_UP(first + from, g) - first;

	for (; w + g <= b->nwords; w += g) {
		u64 j = 0;

		while (j < g && b->bits[w + j] == 0)
			j++;
		if (j == g) {
			*bit = w * 64;
			return true;
		}
	}
	return false;
}

static bool search(int r, u64 from, unsigned int order, u64 *bit)
{
	if (order <= 6)
		return search_small(&bm[r], from, order, bit);
	return search_large(&bm[r], from, order, bit);
}

static int bitmap_alloc(unsigned int order, pfn_t *pfn)
{
	struct frame_bitmap *b;
	u64 bit;
	int r = hint_r;

	if (unlikely(fr.n == 0))
		return -ENOMEM;
	/* Fast path: the hint word itself, for order 0. */
	b = &bm[r];
	if (likely(order == 0 && hint_w < b->nwords && b->bits[hint_w] != ~0ULL)) {
		bit = hint_w * 64 + (u64)__builtin_ctzll(~b->bits[hint_w]);
		goto found;
	}
	if (search(r, hint_w, order, &bit))
		goto found;
	/* Then every other region, and finally the hint region from 0. */
	for (int i = 1; i <= fr.n; i++) {
		r = (hint_r + i) % fr.n;
		if (search(r, 0, order, &bit))
			goto found;
	}
	return -ENOMEM;
found:
	b = &bm[r];
	frame_bitmap_set(b, b->base + bit, 1ULL << order);
	hint_r = r;
	hint_w = bit / 64;
	*pfn = b->base + bit;
	return 0;
}

static int bitmap_free(pfn_t pfn, unsigned int order)
{
	int r = frame_regions_find_block(&fr, pfn, order);

	if (r < 0)
		return -FRAME_ERR_RANGE;
	if (!frame_bitmap_clear_allocated(&bm[r], pfn, 1ULL << order))
		return -FRAME_ERR_NOT_ALLOCATED;
	return 0;
}

static void bitmap_stats(struct frame_policy_stats *s)
{
	frame_bitmaps_stats(bm, fr.n, s);
}

/* The bits are the whole state; the glue compares their free count. */
static int bitmap_check(void)
{
	for (int i = 0; i < fr.n; i++)
		if (!frame_bitmap_padding_ok(&bm[i], &fr.r[i], "bitmap"))
			return -EIO;
	return 0;
}

/* Declared here, not in a header: only POLICY_SELECT() refers to it. */
extern const struct frame_policy frame_policy_bitmap;
const struct frame_policy frame_policy_bitmap = {
	.name = "bitmap",
	.max_order = BM_MAX_ORDER,
	.finds_any_block = true,
	.meta_size = bitmap_meta_size,
	.init = bitmap_init,
	.alloc = bitmap_alloc,
	.free = bitmap_free,
	.stats = bitmap_stats,
	.check = bitmap_check,
};
POLICY_FAST_CALL(frame, alloc, bitmap_alloc);
POLICY_FAST_CALL(frame, free, bitmap_free);
POLICY_SELECT(frame, bitmap);
