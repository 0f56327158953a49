/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The interface every physical frame allocator policy implements
 * (mm/frame/bitmap.c, buddy.c, stack.c), bound as every policy family is
 * (include/mosaic/policy.h, Documentation/policy.md): one
 * `const struct frame_policy frame_policy_<member>` per member file, the
 * member the build links named by POLICY_SELECT(frame, <member>). Only
 * the glue (mm/frame/frame.c) calls the operations. It has already
 * checked the arguments it can check cheaply: order <= .max_order, pfn
 * aligned to 2^order. Counting, poisoning and locking live in the glue,
 * not here.
 */
#ifndef _MOSAIC_FRAME_POLICY_H
#define _MOSAIC_FRAME_POLICY_H

#include <mosaic/frame.h>
#include <mosaic/policy.h>
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

/* Why a policy's free refused; returned negated. */
enum frame_free_error {
	FRAME_ERR_RANGE = 1,	/* not inside managed memory */
	FRAME_ERR_NOT_ALLOCATED,/* free: a double free or never allocated */
	FRAME_ERR_NEVER,	/* known never to have been allocated */
	FRAME_ERR_WRONG_ORDER,	/* allocated, but with another order */
};

struct frame_policy_stats {
	u64 free_frames;
	u64 largest_run;
	/*
	 * The longest free run a block of more than one frame can come
	 * from, for a policy that serves blocks from only some free runs
	 * (stack: the never-allocated memory above its watermarks). Left at
	 * FRAME_BLOCK_RUN_ANY, it is largest_run.
	 */
	u64 largest_block_run;
	u64 free_per_order[FRAME_STATS_ORDERS];
};

#define FRAME_BLOCK_RUN_ANY (~0ULL)

struct frame_policy {
	const char *name;
	/* Largest order the policy hands out (the glue caps it further). */
	unsigned int max_order;
	/*
	 * true: an order-k request fails only when no aligned block of 2^k
	 * free frames exists (the tests hold the policy to it).
	 */
	bool finds_any_block;
	/* Bytes of metadata the policy needs for these ranges. */
	u64 (*meta_size)(const struct frame_range *r, int n);
	/* Take over the ranges; meta is zeroed and meta_size() long. */
	int (*init)(const struct frame_range *r, int n, void *meta);
	/* 0 or -ENOMEM; O(1) for order 0 in the buddy and stack policies. */
	int (*alloc)(unsigned int order, pfn_t *pfn);
	/* 0 or -FRAME_ERR_*; the glue turns an error into a panic. */
	int (*free)(pfn_t pfn, unsigned int order);
	/* Fill in the fields above; may be O(frames). */
	void (*stats)(struct frame_policy_stats *s);
	/* Verify every internal invariant; 0 or -EIO after printing it. */
	int (*check)(void);
};

#ifdef __MOSAIC_HOST__
/*
 * Host programs define frame_selected_policy themselves. One that binds
 * the glue to a member at compile time instead (framebench, one glue per
 * member: tools/frame/frame_ns.h) defines FRAME_HOST_POLICY to that
 * member's instance; link-time optimisation then turns the calls into
 * direct ones, as in the kernel.
 */
#ifdef FRAME_HOST_POLICY
extern const struct frame_policy FRAME_HOST_POLICY;
#define frame_selected_policy (&FRAME_HOST_POLICY)
#else
extern const struct frame_policy *frame_selected_policy;
#endif
#define frame_selected_alloc(order, pfn) \
	frame_selected_policy->alloc(order, pfn)
#define frame_selected_free(pfn, order) \
	frame_selected_policy->free(pfn, order)
#else
/*
 * The kernel: the member file's POLICY_SELECT(); alloc and free, the
 * operations every frame costs, are direct calls (POLICY_FAST_CALL).
 */
extern const struct frame_policy *const frame_selected_policy;
int frame_selected_alloc(unsigned int order, pfn_t *pfn);
int frame_selected_free(pfn_t pfn, unsigned int order);
#endif

#endif /* _MOSAIC_FRAME_POLICY_H */
