// SPDX-License-Identifier: GPL-2.0
/*
 * Stack frame allocator: a LIFO of freed frames plus, per range, a
 * watermark below which frames have been handed out at least once.
 *
 * Order 0: pop the LIFO, or else take the frame at the first range's
 * watermark and raise it. Freeing pushes the frame. Both are O(1) and
 * touch only the frame itself and one bit: the fastest policy, and the one
 * whose free memory fragments soonest, because freed frames are never
 * merged back into runs.
 *
 * Order > 0: blocks come only from never-allocated memory above a
 * watermark (the watermark is rounded up to the block's alignment; the
 * skipped frames are pushed on the LIFO so they stay usable for order 0).
 * When no range has an aligned block left above its watermark the
 * allocation fails with -ENOMEM, even if enough freed frames happen to lie
 * together: the LIFO is not searched. A freed block returns as 2^order
 * single frames. So large allocations belong early in boot with this policy.
 *
 * Metadata: one "allocated" bit per frame (frames / 8 bytes), which catches
 * a double free (bit clear below the watermark; frames skipped for
 * alignment look the same, so this is reported as "not allocated") and a
 * free of a frame that was never allocated (above the watermark). The LIFO links live in the
 * free frames. The order of an allocation is not recorded.
 */
#include <mosaic/compiler.h>
#include <mosaic/errno.h>
#include <mosaic/frame_policy.h>
#include <mosaic/page.h>
#include <mosaic/printk.h>
#include "frame_bits.h"

#define STACK_MAX_ORDER FRAME_ORDER_LIMIT

struct snode {
	struct snode *next;
	pfn_t pfn;
};

struct stack_region {
	pfn_t start, end;
	pfn_t wm;		/* frames [wm, end) were never handed out */
	pfn_t base;		/* start rounded down to 64: bit b = frame base + b */
	u64 nwords;
	u64 *bits;		/* 1 = allocated (or outside the range) */
};

static struct stack_region reg[FRAME_MAX_REGIONS];
static struct frame_range rng[FRAME_MAX_REGIONS];
static int nr_reg;
static int cur;			/* ranges before this one are fully used */
static int last_r;
static struct snode *top;
static u64 lifo_len;
static u64 nr_free;

const char *frame_policy_name(void)
{
	return "stack";
}

unsigned int frame_policy_max_order(void)
{
	return STACK_MAX_ORDER;
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
	cur = 0;
	last_r = 0;
	top = NULL;
	lifo_len = 0;
	nr_free = 0;
	reg[0].start = reg[0].end = 0;
	for (int i = 0; i < n; i++) {
		struct stack_region *b = &reg[i];

		rng[i] = r[i];
		b->start = r[i].start;
		b->end = r[i].end;
		b->wm = r[i].start;
		b->base = ALIGN_DOWN(r[i].start, 64);
		b->nwords = words_for(b->start, b->end);
		b->bits = p;
		p += b->nwords;
		for (u64 w = 0; w < b->nwords; w++)
			b->bits[w] = ~0ULL;
		fb_clear_range(b->bits, b->start - b->base, b->end - b->base);
		nr_free += b->end - b->start;
	}
	return 0;
}

static inline struct stack_region *region_of(pfn_t pfn)
{
	struct stack_region *b = &reg[last_r];
	int i;

	if (likely(pfn - b->start < b->end - b->start))
		return b;
	i = frame_range_find(rng, nr_reg, pfn);
	if (i < 0)
		return NULL;
	last_r = i;
	return &reg[i];
}

static inline struct snode *node_of(pfn_t pfn)
{
	return phys_to_virt(PFN_PHYS(pfn));
}

static inline void push(pfn_t pfn)
{
	struct snode *n = node_of(pfn);

	n->pfn = pfn;
	n->next = top;
	top = n;
	lifo_len++;
}

static inline void set_bit(struct stack_region *b, pfn_t pfn)
{
	u64 bit = pfn - b->base;

	b->bits[bit / 64] |= 1ULL << (bit % 64);
}

/* Serve 2^order frames, aligned, from above some range's watermark. */
/* Out of line: keeps the order-0 LIFO path free of register spills. */
static __noinline int alloc_from_watermark(unsigned int order, pfn_t *pfn)
{
	u64 n = 1ULL << order;

	for (int i = cur; i < nr_reg; i++) {
		struct stack_region *b = &reg[i];
		pfn_t a = ALIGN_UP(b->wm, n);

		if (a + n > b->end) {
			if (i == cur && b->wm == b->end)
				cur++;
			continue;
		}
		/* Frames skipped for alignment stay free, now on the LIFO. */
		for (pfn_t p = a; p > b->wm; p--)
			push(p - 1);
		b->wm = a + n;
		fb_set_range(b->bits, a - b->base, a + n - b->base);
		nr_free -= n;
		*pfn = a;
		return 0;
	}
	return -ENOMEM;
}

int frame_policy_alloc(unsigned int order, pfn_t *pfn)
{
	struct snode *n = top;

	if (likely(order == 0 && n)) {
		top = n->next;
		lifo_len--;
		nr_free--;
		*pfn = n->pfn;
		set_bit(region_of(n->pfn), n->pfn);
		return 0;
	}
	return alloc_from_watermark(order, pfn);
}

int frame_policy_free(pfn_t pfn, unsigned int order)
{
	struct stack_region *b = region_of(pfn);
	u64 n = 1ULL << order, bit;

	if (!b || pfn + n > b->end)
		return -FRAME_ERR_RANGE;
	bit = pfn - b->base;
	if (likely(order == 0)) {
		u64 *w = &b->bits[bit / 64], m = 1ULL << (bit % 64);

		if (unlikely(!(*w & m)))
			return pfn >= b->wm ? -FRAME_ERR_NEVER :
					      -FRAME_ERR_NOT_ALLOCATED;
		*w &= ~m;
	} else {
		if (fb_count_set(b->bits, bit, bit + n) != n)
			return pfn >= b->wm ? -FRAME_ERR_NEVER :
					      -FRAME_ERR_NOT_ALLOCATED;
		fb_clear_range(b->bits, bit, bit + n);
	}
	/* Highest first, so the block's first frame ends up on top. */
	for (u64 i = n; i > 0; i--)
		push(pfn + i - 1);
	nr_free += n;
	return 0;
}

void frame_policy_stats(struct frame_policy_stats *s)
{
	u64 best = 0;

	for (int i = 0; i < nr_reg; i++) {
		u64 run = fb_longest_zero_run(reg[i].bits, reg[i].nwords);

		if (run > best)
			best = run;
	}
	s->free_frames = nr_free;
	s->largest_run = best;
	for (int i = 0; i < FRAME_STATS_ORDERS; i++)
		s->free_per_order[i] = 0;
}

/* Flip the bit of the first @count LIFO frames (mark, then unmark). */
static void toggle_lifo(u64 count)
{
	struct snode *n = top;

	for (u64 i = 0; i < count && n; i++, n = n->next) {
		struct stack_region *b = region_of(n->pfn);
		u64 bit = n->pfn - b->base;

		b->bits[bit / 64] ^= 1ULL << (bit % 64);
	}
}

/*
 * Every LIFO node must be a free frame below its watermark, each at most
 * once, and every free frame below a watermark must be on the LIFO. Marking
 * the LIFO frames in the bitmap checks all of that without extra memory.
 */
int frame_policy_check(void)
{
	u64 marked = 0, free = 0;
	int ret = 0;

	for (struct snode *n = top; n; n = n->next) {
		struct stack_region *b = region_of(n->pfn);
		u64 bit;

		if (marked == lifo_len || !b || node_of(n->pfn) != n ||
		    n->pfn >= b->wm) {
			pr_err("frame/stack: bad LIFO node %llu\n",
			       (unsigned long long)marked);
			ret = -EIO;
			break;
		}
		bit = n->pfn - b->base;
		if (b->bits[bit / 64] & (1ULL << (bit % 64))) {
			pr_err("frame/stack: LIFO frame 0x%llx allocated or listed twice\n",
			       (unsigned long long)n->pfn);
			ret = -EIO;
			break;
		}
		b->bits[bit / 64] |= 1ULL << (bit % 64);
		marked++;
	}
	if (!ret && marked != lifo_len)
		ret = -EIO;
	for (int i = 0; !ret && i < nr_reg; i++) {
		struct stack_region *b = &reg[i];
		u64 lo = b->start - b->base, wm = b->wm - b->base;
		u64 hi = b->end - b->base;

		if (fb_count_set(b->bits, lo, wm) != wm - lo ||
		    fb_count_set(b->bits, wm, hi) != 0 ||
		    fb_count_set(b->bits, 0, lo) != lo ||
		    fb_count_set(b->bits, hi, b->nwords * 64) !=
			    b->nwords * 64 - hi) {
			pr_err("frame/stack: range %d: free frame below the watermark not on the LIFO\n",
			       i);
			ret = -EIO;
		}
		free += hi - wm;
	}
	toggle_lifo(marked);
	if (!ret && free + lifo_len != nr_free) {
		pr_err("frame/stack: free count %llu, expected %llu\n",
		       (unsigned long long)nr_free,
		       (unsigned long long)(free + lifo_len));
		ret = -EIO;
	}
	return ret;
}
