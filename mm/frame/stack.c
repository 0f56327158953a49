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
 * free of a frame that was never allocated (above the watermark). The LIFO
 * links live in the free frames, and each remembers its frame's bitmap
 * word, so an order-0 allocation needs no region lookup. The bitmap is the
 * whole count: no counters on the fast paths. The order of an allocation
 * is not recorded.
 */
#include <mosaic/compiler.h>
#include <mosaic/errno.h>
#include <mosaic/frame_policy.h>
#include <mosaic/page.h>
#include <mosaic/printk.h>
#include "frame_regions.h"

#define STACK_MAX_ORDER FRAME_ORDER_LIMIT

/* Lives in the first bytes of a free frame on the LIFO. */
struct snode {
	struct snode *next;
	pfn_t pfn;
	u64 *word;		/* the frame's word in its range's bitmap */
};

BUILD_BUG_ON(sizeof(struct snode) > FRAME_POLICY_SCRATCH);

static struct frame_regions fr;
static struct frame_bitmap bm[FRAME_MAX_REGIONS];
static pfn_t wm[FRAME_MAX_REGIONS];	/* frames [wm, end) never handed out */
static int cur;			/* ranges before this one are fully used */
static struct snode *top;

static u64 stack_meta_size(const struct frame_range *r, int n)
{
	return frame_bitmaps_meta_size(r, n);
}

static int stack_init(const struct frame_range *r, int n, void *meta)
{
	cur = 0;
	top = NULL;
	frame_regions_init(&fr, r, n);
	frame_bitmaps_init(bm, r, n, meta);
	for (int i = 0; i < n; i++)
		wm[i] = r[i].start;
	return 0;
}

static inline struct snode *node_of(pfn_t pfn)
{
	return phys_to_virt(PFN_PHYS(pfn));
}

/*
 * The node remembers its bitmap word, so that popping it needs no region
 * lookup: the order-0 allocation is a pop and one OR.
 */
static inline void push(pfn_t pfn, u64 *word)
{
	struct snode *n = node_of(pfn);

	n->pfn = pfn;
	n->word = word;
	n->next = top;
	top = n;
}

/* Serve 2^order frames, aligned, from above some range's watermark. */
/* Out of line: keeps the order-0 LIFO path free of register spills. */
static __noinline int alloc_from_watermark(unsigned int order, pfn_t *pfn)
{
	u64 n = 1ULL << order;

	for (int i = cur; i < fr.n; i++) {
		pfn_t a = ALIGN_UP(wm[i], n);

		if (a + n > fr.r[i].end) {
			if (i == cur && wm[i] == fr.r[i].end)
				cur++;
			continue;
		}
		/* Frames skipped for alignment stay free, now on the LIFO. */
		for (pfn_t p = a; p > wm[i]; p--)
			push(p - 1, frame_bitmap_word(&bm[i], p - 1));
		wm[i] = a + n;
		frame_bitmap_set(&bm[i], a, n);
		*pfn = a;
		return 0;
	}
	return -ENOMEM;
}

static int stack_alloc(unsigned int order, pfn_t *pfn)
{
	struct snode *n = top;

	if (likely(order == 0 && n)) {
		top = n->next;
		*n->word |= frame_bitmap_mask(n->pfn);
		*pfn = n->pfn;
		return 0;
	}
	return alloc_from_watermark(order, pfn);
}

static int free_error(int r, pfn_t pfn)
{
	return pfn >= wm[r] ? -FRAME_ERR_NEVER : -FRAME_ERR_NOT_ALLOCATED;
}

static __noinline int free_block(pfn_t pfn, unsigned int order)
{
	int r = frame_regions_find_block(&fr, pfn, order);
	u64 n = 1ULL << order;

	if (r < 0)
		return -FRAME_ERR_RANGE;
	if (!frame_bitmap_clear_allocated(&bm[r], pfn, n))
		return free_error(r, pfn);
	/* Highest first, so the block's first frame ends up on top. */
	for (u64 i = n; i > 0; i--)
		push(pfn + i - 1, frame_bitmap_word(&bm[r], pfn + i - 1));
	return 0;
}

/* Order 0 inline, without free_block()'s loop: the fast path. */
static int stack_free(pfn_t pfn, unsigned int order)
{
	int r;

	if (unlikely(order))
		return free_block(pfn, order);
	r = frame_regions_find(&fr, pfn);
	if (unlikely(r < 0))
		return -FRAME_ERR_RANGE;
	/* the always-on double-free check */
	if (unlikely(!frame_bitmap_clear_allocated(&bm[r], pfn, 1)))
		return free_error(r, pfn);
	push(pfn, frame_bitmap_word(&bm[r], pfn));
	return 0;
}

/* The clear bits are the LIFO plus the frames above the watermarks. */
static void stack_stats(struct frame_policy_stats *s)
{
	frame_bitmaps_stats(bm, fr.n, s);
	/* Blocks come only from above the watermarks, never from the LIFO. */
	s->largest_block_run = 0;
	for (int i = cur; i < fr.n; i++)
		s->largest_block_run = MAX(s->largest_block_run,
					   (u64)(fr.r[i].end - wm[i]));
}

/* Flip the bit of the first @count LIFO frames (mark, then unmark). */
static void toggle_lifo(u64 count)
{
	struct snode *n = top;

	for (u64 i = 0; i < count && n; i++, n = n->next)
		*n->word ^= frame_bitmap_mask(n->pfn);
}

/* A LIFO node must describe its own frame, free and below its watermark. */
static bool node_ok(const struct snode *n)
{
	int r = frame_regions_find(&fr, n->pfn);

	return r >= 0 && node_of(n->pfn) == n && n->pfn < wm[r] &&
	       n->word == frame_bitmap_word(&bm[r], n->pfn);
}

/*
 * Every LIFO node must be a free frame below its watermark, each at most
 * once, and every free frame below a watermark must be on the LIFO. Marking
 * the LIFO frames in the bitmap checks all of that without extra memory; a
 * cycle in the LIFO shows up as a frame listed twice, so the walk ends.
 */
static int stack_check(void)
{
	u64 marked = 0;
	int ret = 0;

	for (struct snode *n = top; n; n = n->next) {
		if (!node_ok(n)) {
			pr_err("frame/stack: bad LIFO node %llu\n",
			       (unsigned long long)marked);
			ret = -EIO;
			break;
		}
		if (*n->word & frame_bitmap_mask(n->pfn)) {
			pr_err("frame/stack: LIFO frame 0x%llx allocated or listed twice\n",
			       (unsigned long long)n->pfn);
			ret = -EIO;
			break;
		}
		*n->word |= frame_bitmap_mask(n->pfn);
		marked++;
	}
	for (int i = 0; !ret && i < fr.n; i++) {
		const struct frame_range *r = &fr.r[i];

		if (!frame_bitmap_padding_ok(&bm[i], r, "stack")) {
			ret = -EIO;
		} else if (frame_bitmap_count(&bm[i], r->start, wm[i]) !=
				   wm[i] - r->start ||
			   frame_bitmap_count(&bm[i], wm[i], r->end) != 0) {
			pr_err("frame/stack: range %d: free frame below the watermark not on the LIFO\n",
			       i);
			ret = -EIO;
		}
	}
	toggle_lifo(marked);
	return ret;
}

/* Declared here, not in a header: only POLICY_SELECT() refers to it. */
extern const struct frame_policy frame_policy_stack;
const struct frame_policy frame_policy_stack = {
	.name = "stack",
	.max_order = STACK_MAX_ORDER,
	.finds_any_block = false,
	.meta_size = stack_meta_size,
	.init = stack_init,
	.alloc = stack_alloc,
	.free = stack_free,
	.stats = stack_stats,
	.check = stack_check,
};
POLICY_FAST_CALL(frame, alloc, stack_alloc);
POLICY_FAST_CALL(frame, free, stack_free);
POLICY_SELECT(frame, stack);
