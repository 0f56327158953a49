// SPDX-License-Identifier: GPL-2.0
/*
 * Buddy frame allocator: free blocks of 2^k frames (k <= MAX_ORDER) kept on
 * one list per order. Allocation takes the smallest non-empty order >= k
 * (a bitmask of non-empty lists makes that one ctz) and splits it, putting
 * the upper halves back on the lower lists. Freeing merges the block with
 * its buddy (pfn ^ 2^k) while the buddy is a free block of the same order
 * inside the same range. Both are O(MAX_ORDER).
 *
 * Where things live: one state byte per frame in a compact array (the
 * metadata, frames / 4096 of RAM) and the list links inside the free
 * frames themselves (through phys_to_virt). Links in an array would cost
 * 16+ bytes per frame to save touching the freed frame, which its owner
 * just used (hot) or its next owner is about to use; the byte array is
 * what gives O(1) checks without walking lists:
 *
 *   FREE  | k	head frame of a free block of order k
 *   ALLOC | k	head frame of an allocated block of order k
 *   0		any other frame (inside a block)
 *
 * so a double free, a free of a never-allocated frame and a free with the
 * wrong order are each caught by one byte compare.
 *
 * A range whose start or size is not a multiple of 2^MAX_ORDER is cut into
 * the largest aligned blocks that fit, so every frame is usable.
 */
#include <mosaic/compiler.h>
#include <mosaic/errno.h>
#include <mosaic/frame_policy.h>
#include <mosaic/page.h>
#include <mosaic/printk.h>
#include "frame_regions.h"

#define MAX_ORDER CONFIG_FRAME_BUDDY_MAX_ORDER

#if MAX_ORDER > FRAME_ORDER_LIMIT || MAX_ORDER > 0x3f
#error "CONFIG_FRAME_BUDDY_MAX_ORDER too large"
#endif

#define ST_FREE 0x40
#define ST_ALLOC 0x80
#define ST_ORDER 0x3f

/* Lives in the first bytes of a free block's head frame. */
struct bnode {
	struct bnode *next, *prev;
	pfn_t pfn;		/* saves a virt_to_phys on every pop */
};

struct buddy_region {
	pfn_t start, end;
	u8 *state;		/* state[pfn - start] */
};

static struct frame_regions fr;
static struct buddy_region reg[FRAME_MAX_REGIONS];
static struct bnode head[MAX_ORDER + 1];	/* circular, sentinel heads */
static u64 nr_blocks[MAX_ORDER + 1];
static u32 nonempty;				/* bit k: head[k] not empty */

BUILD_BUG_ON(sizeof(struct bnode) > FRAME_POLICY_SCRATCH);

static u64 buddy_meta_size(const struct frame_range *r, int n)
{
	u64 bytes = 0;

	for (int i = 0; i < n; i++)
		bytes += r[i].end - r[i].start;
	return bytes;
}

static inline struct bnode *node_of(pfn_t pfn)
{
	return phys_to_virt(PFN_PHYS(pfn));
}

static inline void push(pfn_t pfn, unsigned int k)
{
	struct bnode *n = node_of(pfn), *h = &head[k];

	n->pfn = pfn;
	n->next = h->next;
	n->prev = h;
	h->next->prev = n;
	h->next = n;
	nr_blocks[k]++;
	nonempty |= 1U << k;
}

static inline void unlink(struct bnode *n, unsigned int k)
{
	n->prev->next = n->next;
	n->next->prev = n->prev;
	if (--nr_blocks[k] == 0)
		nonempty &= ~(1U << k);
}

static inline struct buddy_region *region_of(pfn_t pfn)
{
	int i = frame_regions_find(&fr, pfn);

	return i < 0 ? NULL : &reg[i];
}

static int buddy_init(const struct frame_range *r, int n, void *meta)
{
	u8 *p = meta;

	frame_regions_init(&fr, r, n);
	nonempty = 0;
	for (int k = 0; k <= MAX_ORDER; k++) {
		head[k].next = head[k].prev = &head[k];
		nr_blocks[k] = 0;
	}
	for (int i = 0; i < n; i++) {
		pfn_t pfn = r[i].start;

		reg[i].start = r[i].start;
		reg[i].end = r[i].end;
		reg[i].state = p;	/* zeroed by the glue: all "inside" */
		p += r[i].end - r[i].start;
		/* Largest aligned blocks that fit, left to right. */
		while (pfn < r[i].end) {
			unsigned int k = MAX_ORDER;

			while (k && ((pfn & ((1ULL << k) - 1)) ||
				     pfn + (1ULL << k) > r[i].end))
				k--;
			reg[i].state[pfn - r[i].start] = ST_FREE | k;
			push(pfn, k);
			pfn += 1ULL << k;
		}
	}
	return 0;
}

static int buddy_alloc(unsigned int order, pfn_t *pfn_out)
{
	u32 avail = nonempty >> order;
	struct buddy_region *b;
	struct bnode *n;
	unsigned int k;
	pfn_t pfn;

	if (unlikely(!avail))
		return -ENOMEM;
	k = order + (unsigned int)__builtin_ctz(avail);
	n = head[k].next;
	pfn = n->pfn;
	unlink(n, k);
	b = region_of(pfn);
	while (k > order) {	/* split: upper halves go back */
		pfn_t upper;

		k--;
		upper = pfn + (1ULL << k);
		b->state[upper - b->start] = ST_FREE | k;
		push(upper, k);
	}
	b->state[pfn - b->start] = ST_ALLOC | order;
	*pfn_out = pfn;
	return 0;
}

static int buddy_free(pfn_t pfn, unsigned int order)
{
	int r = frame_regions_find_block(&fr, pfn, order);
	struct buddy_region *b;
	unsigned int k = order;
	u8 s;

	if (r < 0)
		return -FRAME_ERR_RANGE;
	b = &reg[r];
	s = b->state[pfn - b->start];
	if (unlikely(s != (ST_ALLOC | order))) {
		if (s & ST_ALLOC)
			return -FRAME_ERR_WRONG_ORDER;
		return -FRAME_ERR_NOT_ALLOCATED;
	}
	b->state[pfn - b->start] = 0;
	while (k < MAX_ORDER) {
		pfn_t buddy = pfn ^ (1ULL << k);

		if (buddy < b->start || buddy + (1ULL << k) > b->end ||
		    b->state[buddy - b->start] != (ST_FREE | k))
			break;
		unlink(node_of(buddy), k);
		b->state[buddy - b->start] = 0;
		pfn &= ~(1ULL << k);
		k++;
	}
	b->state[pfn - b->start] = ST_FREE | k;
	push(pfn, k);
	return 0;
}

/*
 * Walk a range block by block through the head states, adding the free
 * frames to *free, raising *best to the longest free run and, if per_order
 * is not NULL, counting the free blocks of each order. Returns -EIO on a
 * malformed walk.
 */
static int walk(const struct buddy_region *b, u64 *free, u64 *best,
		u64 *per_order)
{
	u64 run = 0;
	pfn_t pfn = b->start;

	while (pfn < b->end) {
		u8 s = b->state[pfn - b->start];
		unsigned int k = s & ST_ORDER;

		if (!(s & (ST_FREE | ST_ALLOC)) || k > MAX_ORDER ||
		    (pfn & ((1ULL << k) - 1)) || pfn + (1ULL << k) > b->end) {
			pr_err("frame/buddy: bad block state 0x%x at pfn 0x%llx\n",
			       s, (unsigned long long)pfn);
			return -EIO;
		}
		if (s & ST_FREE) {
			run += 1ULL << k;
			*free += 1ULL << k;
			if (per_order)
				per_order[k]++;
			if (run > *best)
				*best = run;
		} else {
			run = 0;
		}
		pfn += 1ULL << k;
	}
	return 0;
}

static void buddy_stats(struct frame_policy_stats *s)
{
	s->free_frames = 0;
	s->largest_run = 0;
	for (int i = 0; i < fr.n; i++)
		walk(&reg[i], &s->free_frames, &s->largest_run, NULL);
	for (int k = 0; k < FRAME_STATS_ORDERS; k++)
		s->free_per_order[k] = k <= MAX_ORDER ? nr_blocks[k] : 0;
}

static int check_lists(void)
{
	for (unsigned int k = 0; k <= MAX_ORDER; k++) {
		u64 count = 0;

		for (struct bnode *n = head[k].next; n != &head[k]; n = n->next) {
			struct buddy_region *b = region_of(n->pfn);

			if (!b || n->next->prev != n || node_of(n->pfn) != n ||
			    b->state[n->pfn - b->start] != (ST_FREE | k)) {
				pr_err("frame/buddy: bad node on order %u list\n", k);
				return -EIO;
			}
			if (++count > nr_blocks[k])
				break;
		}
		if (count != nr_blocks[k] ||
		    !!(nonempty & (1U << k)) != (count != 0)) {
			pr_err("frame/buddy: order %u list holds %llu, counted %llu\n",
			       k, (unsigned long long)count,
			       (unsigned long long)nr_blocks[k]);
			return -EIO;
		}
	}
	return 0;
}

/* Two free buddies of the same order should have been merged. */
static int check_merged(const struct buddy_region *b)
{
	for (pfn_t pfn = b->start; pfn < b->end; ) {
		u8 s = b->state[pfn - b->start];
		unsigned int k = s & ST_ORDER;
		pfn_t buddy = pfn ^ (1ULL << k);

		if ((s & ST_FREE) && k < MAX_ORDER && buddy > pfn &&
		    buddy + (1ULL << k) <= b->end &&
		    b->state[buddy - b->start] == (ST_FREE | k)) {
			pr_err("frame/buddy: free buddies 0x%llx/0x%llx not merged\n",
			       (unsigned long long)pfn,
			       (unsigned long long)buddy);
			return -EIO;
		}
		pfn += 1ULL << k;
	}
	return 0;
}

static int buddy_check(void)
{
	u64 per_order[MAX_ORDER + 1] = { 0 };
	u64 free = 0, best = 0;

	for (int i = 0; i < fr.n; i++) {
		if (walk(&reg[i], &free, &best, per_order) ||
		    check_merged(&reg[i]))
			return -EIO;
	}
	for (int k = 0; k <= MAX_ORDER; k++) {
		if (per_order[k] != nr_blocks[k]) {
			pr_err("frame/buddy: %llu order-%d heads, list count %llu\n",
			       (unsigned long long)per_order[k], k,
			       (unsigned long long)nr_blocks[k]);
			return -EIO;
		}
	}
	return check_lists();
}

/* Declared here, not in a header: only POLICY_SELECT() refers to it. */
extern const struct frame_policy frame_policy_buddy;
const struct frame_policy frame_policy_buddy = {
	.name = "buddy",
	.max_order = MAX_ORDER,
	.finds_any_block = true,
	.meta_size = buddy_meta_size,
	.init = buddy_init,
	.alloc = buddy_alloc,
	.free = buddy_free,
	.stats = buddy_stats,
	.check = buddy_check,
};
POLICY_FAST_CALL(frame, alloc, buddy_alloc);
POLICY_FAST_CALL(frame, free, buddy_free);
POLICY_SELECT(frame, buddy);
