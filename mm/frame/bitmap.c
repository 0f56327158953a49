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
#include "frame_bits.h"

#define BM_MAX_ORDER FRAME_ORDER_LIMIT

struct bm_region {
	pfn_t start, end;
	pfn_t base;		/* start rounded down to 64: bit b = frame base + b */
	u64 nwords;
	u64 *map;
};

static struct bm_region reg[FRAME_MAX_REGIONS];
static int nr_reg;
static int hint_r;		/* next-fit: region and word of the last hit */
static u64 hint_w;
static int last_r;		/* region of the last free, tried first */
static u64 nr_free;

/* Bits set at multiples of 2^order: where an aligned group may start. */
static const u64 group_start[7] = {
	~0ULL, 0x5555555555555555ULL, 0x1111111111111111ULL,
	0x0101010101010101ULL, 0x0001000100010001ULL,
	0x0000000100000001ULL, 0x1ULL,
};

const char *frame_policy_name(void)
{
	return "bitmap";
}

unsigned int frame_policy_max_order(void)
{
	return BM_MAX_ORDER;
}

static u64 words_for(pfn_t start, pfn_t end)
{
	return DIV_ROUND_UP(end - ALIGN_DOWN(start, 64), 64);
}

u64 frame_policy_meta_size(const struct frame_range *r, int n)
{
	u64 words = 0;

	for (int i = 0; i < n; i++)
		words += words_for(r[i].start, r[i].end);
	return words * sizeof(u64);
}

int frame_policy_init(const struct frame_range *r, int n, void *meta)
{
	u64 *p = meta;

	nr_reg = n;
	nr_free = 0;
	hint_r = 0;
	hint_w = 0;
	last_r = 0;
	for (int i = 0; i < n; i++) {
		struct bm_region *b = &reg[i];

		b->start = r[i].start;
		b->end = r[i].end;
		b->base = ALIGN_DOWN(r[i].start, 64);
		b->nwords = words_for(b->start, b->end);
		b->map = p;
		p += b->nwords;
		for (u64 w = 0; w < b->nwords; w++)
			b->map[w] = ~0ULL;
		fb_clear_range(b->map, b->start - b->base, b->end - b->base);
		nr_free += b->end - b->start;
	}
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

static bool search_small(const struct bm_region *b, u64 from, unsigned int order,
			 u64 *bit)
{
	for (u64 w = from; w < b->nwords; w++) {
		u64 x = b->map[w], m;

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

static bool search_large(const struct bm_region *b, u64 from, unsigned int order,
			 u64 *bit)
{
	u64 g = 1ULL << (order - 6);	/* words per block */
	u64 first = b->base / 64;	/* absolute index of word 0 */
	u64 w = ALIGN_UP(first + from, g) - first;

	for (; w + g <= b->nwords; w += g) {
		u64 j = 0;

		while (j < g && b->map[w + j] == 0)
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
		return search_small(&reg[r], from, order, bit);
	return search_large(&reg[r], from, order, bit);
}

int frame_policy_alloc(unsigned int order, pfn_t *pfn)
{
	struct bm_region *b;
	u64 bit;
	int r = hint_r;

	if (unlikely(nr_reg == 0))
		return -ENOMEM;
	/* Fast path: the hint word itself, for order 0. */
	b = &reg[r];
	if (likely(order == 0 && hint_w < b->nwords && b->map[hint_w] != ~0ULL)) {
		bit = hint_w * 64 + (u64)__builtin_ctzll(~b->map[hint_w]);
		goto found;
	}
	if (search(r, hint_w, order, &bit))
		goto found;
	/* Then every other region, and finally the hint region from 0. */
	for (int i = 1; i <= nr_reg; i++) {
		r = (hint_r + i) % nr_reg;
		if (search(r, 0, order, &bit))
			goto found;
	}
	return -ENOMEM;
found:
	b = &reg[r];
	if (order == 0)
		b->map[bit / 64] |= 1ULL << (bit % 64);
	else
		fb_set_range(b->map, bit, bit + (1ULL << order));
	nr_free -= 1ULL << order;
	hint_r = r;
	hint_w = bit / 64;
	*pfn = b->base + bit;
	return 0;
}

static struct bm_region *region_of(pfn_t pfn)
{
	struct bm_region *b = &reg[last_r];
	int i;

	if (likely(last_r < nr_reg && pfn - b->start < b->end - b->start))
		return b;
	for (i = 0; i < nr_reg; i++)	/* <= 64 ranges; frees mostly hit the cache */
		if (pfn >= reg[i].start && pfn < reg[i].end)
			break;
	if (i == nr_reg)
		return NULL;
	last_r = i;
	return &reg[i];
}

int frame_policy_free(pfn_t pfn, unsigned int order)
{
	struct bm_region *b = region_of(pfn);
	u64 n = 1ULL << order, bit;

	if (!b || pfn + n > b->end)
		return -FRAME_ERR_RANGE;
	bit = pfn - b->base;
	if (fb_count_set(b->map, bit, bit + n) != n)
		return -FRAME_ERR_NOT_ALLOCATED;
	fb_clear_range(b->map, bit, bit + n);
	nr_free += n;
	return 0;
}

void frame_policy_stats(struct frame_policy_stats *s)
{
	u64 best = 0;

	for (int i = 0; i < nr_reg; i++) {
		u64 run = fb_longest_zero_run(reg[i].map, reg[i].nwords);

		if (run > best)
			best = run;
	}
	s->free_frames = nr_free;
	s->largest_run = best;
	for (int i = 0; i < FRAME_STATS_ORDERS; i++)
		s->free_per_order[i] = 0;
}

int frame_policy_check(void)
{
	u64 clear = 0;

	for (int i = 0; i < nr_reg; i++) {
		const struct bm_region *b = &reg[i];
		u64 head = b->start - b->base, tail = b->end - b->base;
		u64 all = b->nwords * 64;

		/* Frames outside the range must stay marked as used. */
		if (fb_count_set(b->map, 0, head) != head ||
		    fb_count_set(b->map, tail, all) != all - tail) {
			pr_err("frame/bitmap: padding bits of range %d cleared\n", i);
			return -EIO;
		}
		clear += (tail - head) - fb_count_set(b->map, head, tail);
	}
	if (clear != nr_free) {
		pr_err("frame/bitmap: %llu clear bits, counter says %llu\n",
		       (unsigned long long)clear, (unsigned long long)nr_free);
		return -EIO;
	}
	return 0;
}
