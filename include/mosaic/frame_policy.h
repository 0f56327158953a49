/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The interface every physical frame allocator policy implements
 * (mm/frame/bitmap.c, buddy.c, stack.c). Exactly one policy is linked, so
 * the functions have fixed names; only the glue (mm/frame/frame.c) calls
 * them. The glue has already checked the arguments it can check cheaply:
 * order <= frame_policy_max_order(), pfn aligned to 2^order. Counting,
 * poisoning and locking live in the glue, not here.
 */
#ifndef _MOSAIC_FRAME_POLICY_H
#define _MOSAIC_FRAME_POLICY_H

#include <mosaic/frame.h>
#include <mosaic/types.h>

/* Frames [start, end); the glue passes them sorted, disjoint, not adjacent. */
struct frame_range {
	pfn_t start;
	pfn_t end;
};

/*
 * A policy may keep up to this many bytes of bookkeeping (list links) at the
 * start of any free frame; the glue's use-after-free poison skips them.
 */
#define FRAME_POLICY_SCRATCH 32

/* Why frame_policy_free() refused; returned negated. */
enum frame_free_error {
	FRAME_ERR_RANGE = 1,	/* not inside managed memory */
	FRAME_ERR_NOT_ALLOCATED,/* free: a double free or never allocated */
	FRAME_ERR_NEVER,	/* known never to have been allocated */
	FRAME_ERR_WRONG_ORDER,	/* allocated, but with another order */
};

struct frame_policy_stats {
	u64 free_frames;
	u64 largest_run;
	u64 free_per_order[FRAME_STATS_ORDERS];
};

const char *frame_policy_name(void);
unsigned int frame_policy_max_order(void);
/* Bytes of metadata the policy needs for these ranges. */
u64 frame_policy_meta_size(const struct frame_range *r, int n);
/* Take over the ranges; meta is zeroed and frame_policy_meta_size() long. */
int frame_policy_init(const struct frame_range *r, int n, void *meta);
/* 0 or -ENOMEM; O(1) for order 0 in the buddy and stack policies. */
int frame_policy_alloc(unsigned int order, pfn_t *pfn);
/* 0 or -FRAME_ERR_*; the glue turns an error into a panic. */
int frame_policy_free(pfn_t pfn, unsigned int order);
/* Fill in the fields above; may be O(frames). */
void frame_policy_stats(struct frame_policy_stats *s);
/* Verify every internal invariant; 0 or -EIO after printing the problem. */
int frame_policy_check(void);

#endif /* _MOSAIC_FRAME_POLICY_H */
