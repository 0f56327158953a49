// SPDX-License-Identifier: GPL-2.0
/*
 * Fixed-block heap: power-of-two size classes from 16 bytes up to
 * CONFIG_HEAP_FB_MAX_CLASS, each with a LIFO free list threaded through
 * its free blocks. Classes take memory in slabs of FB_SLAB bytes from
 * heap_morecore(); a slab belongs to one class for good, so a freed block
 * always goes back to its class. Requests above the largest class go to
 * the back end chosen in Kconfig (fb_large.h).
 *
 * This policy is the only morecore user, so the slabs tile the morecore
 * range from its base: a block's slab is its offset >> FB_SLAB_SHIFT and
 * slab_cls[] holds each slab's class. Slabs have no header, so every
 * byte of a slab is a block, and blocks of class C sit at multiples of C:
 * they are naturally aligned, and an aligned request is just a request
 * for the class of max(size, align). A new slab is threaded onto its
 * class's list whole, so a slab block is always either live or free.
 *
 * Double free (always on, exact): a free block holds its list link in
 * word 0 and fb_tag(block) in word 1; allocation clears word 1. kfree
 * of a block whose word 1 is not its tag is not a double free, for sure;
 * if it is the tag, the block is a double free exactly when it is on its
 * class's free list, which is then walked. Only a double free, or a live
 * block whose payload happens to hold that 64-bit value at offset 8,
 * pays for the walk; the common kfree pays one load and compare.
 */
#include <mosaic/errno.h>
#include <mosaic/heap_policy.h>
#include <mosaic/page.h>

#include "fb_large.h"


#define FB_MIN_SHIFT 4
#define FB_MIN_CLASS ((size_t)1 << FB_MIN_SHIFT)
#define FB_MAX_CLASS ((size_t)CONFIG_HEAP_FB_MAX_CLASS)
#define FB_MAX_SHIFT __builtin_ctzl(CONFIG_HEAP_FB_MAX_CLASS)
#define FB_NCLASSES (FB_MAX_SHIFT - FB_MIN_SHIFT + 1)
/* at least eight blocks of the largest class per slab, and 16 KiB */
#define FB_SLAB_SHIFT (FB_MAX_SHIFT + 3 < 14 ? 14 : FB_MAX_SHIFT + 3)
#define FB_SLAB ((size_t)1 << FB_SLAB_SHIFT)
#define FB_MAX_SLABS (HEAP_MAX_BYTES / FB_SLAB)
/* xor'ed with a free block's address to make its tag; any value works,
 * one that is not a plausible pointer or poison keeps collisions rare */
#define FB_TAG_KEY 0x5a17f4ee0b1c6d3bULL

BUILD_BUG_ON(!IS_POWER_OF_2(CONFIG_HEAP_FB_MAX_CLASS));
BUILD_BUG_ON(CONFIG_HEAP_FB_MAX_CLASS < 2048);
BUILD_BUG_ON(FB_SLAB % PAGE_SIZE);
BUILD_BUG_ON(FB_NCLASSES > 255);

/* The list heads share one cache line: the only data the fast path
 * touches besides the block itself. */
static void *free_head[FB_NCLASSES];
static u32 class_slabs[FB_NCLASSES];
static char *slab_lo;		/* the morecore base */
static size_t nslabs;		/* slabs in use, from slab_lo up */
static u8 slab_cls[FB_MAX_SLABS];

static inline uintptr_t fb_tag(const void *p)
{
	return (uintptr_t)p ^ FB_TAG_KEY;
}

/* Class of a request of @want >= 16 bytes: 16 -> 0, 17..32 -> 1, ... */
static inline unsigned int class_of(size_t want)
{
	return 64 - __builtin_clzl(want - 1) - FB_MIN_SHIFT;
}

static inline size_t class_size(unsigned int cls)
{
	return FB_MIN_CLASS << cls;
}

/* Slab index of p; >= nslabs (also for p below slab_lo) if not a slab. */
static inline size_t slab_index(const void *p)
{
	return ((uintptr_t)p - (uintptr_t)slab_lo) >> FB_SLAB_SHIFT;
}

static int fb_init(void)
{
	unsigned int i;

	for (i = 0; i < FB_NCLASSES; i++) {
		free_head[i] = NULL;
		class_slabs[i] = 0;
	}
	nslabs = 0;
	slab_lo = heap_morecore_base();
	/* slab indexing relies on an aligned, unshared morecore range */
	if (!IS_ALIGNED((uintptr_t)slab_lo, FB_SLAB) ||
	    heap_morecore_end() != slab_lo)
		return -EINVAL;
	return fb_large_init();
}

/* Take a new slab for an empty class and thread all of it onto the list
 * in address order. */
static __noinline bool refill(unsigned int cls)
{
	size_t csize = class_size(cls);
	char *s = heap_morecore(FB_SLAB), *b;

	if (!s)
		return false;
	slab_cls[nslabs++] = cls;
	class_slabs[cls]++;
	for (b = s; b < s + FB_SLAB; b += csize) {
		void **blk = (void **)b;

		blk[0] = b + csize < s + FB_SLAB ? b + csize : NULL;
		blk[1] = (void *)fb_tag(b);
	}
	free_head[cls] = s;
	return true;
}

static struct heap_block fb_alloc(size_t size, size_t align);

/* Slow path of fb_alloc (out of line, so the fast path saves no
 * registers): give the empty class a slab, then try again. */
static __noinline struct heap_block fb_alloc_refill(size_t size, size_t align)
{
	if (!refill(class_of(size > align ? size : align)))
		return (struct heap_block){ NULL, 0 };
	return fb_alloc(size, align);
}

static struct heap_block fb_alloc(size_t size, size_t align)
{
	size_t want = size > align ? size : align;	/* align >= 16 */
	unsigned int cls;
	void **p;

	if (unlikely(want > FB_MAX_CLASS))
		return fb_large_alloc(size, align);
	cls = class_of(want);
	p = free_head[cls];
	if (unlikely(!p))
		return fb_alloc_refill(size, align);
	free_head[cls] = p[0];
	/* The list is LIFO over the whole class, so after a mix of frees
	 * the next head is anywhere: start loading it now, not when the
	 * next allocation stalls on it. */
	__builtin_prefetch(p[0], 1);
	p[1] = NULL;			/* live now: no tag */
	heap_debug_scrub(p, 2 * sizeof(void *));
	return (struct heap_block){ p, class_size(cls) };
}

/* The slow half of the double-free check: is p on its class's list? */
static __noinline bool on_free_list(unsigned int cls, const void *p)
{
	const void *const *b;

	for (b = free_head[cls]; b; b = *b)
		if (b == p)
			return true;
	return false;
}

/* HEAP_OK for a live block in the slabs, else an error. */
static int slab_block_state(const void *p, size_t slab)
{
	unsigned int cls = slab_cls[slab];
	const uintptr_t *w = p;

	if (!IS_ALIGNED((uintptr_t)p, class_size(cls)))
		return HEAP_EINVAL_PTR;
	if (w[1] == fb_tag(p) && on_free_list(cls, p))
		return HEAP_EDOUBLE_FREE;
	return HEAP_OK;
}

static int fb_validate(const void *p)
{
	size_t slab = slab_index(p);

	if (slab >= nslabs)
		return fb_large_validate(p);
	return slab_block_state(p, slab);
}

static inline long push_free(void **p, unsigned int cls)
{
	p[0] = free_head[cls];
	p[1] = (void *)fb_tag(p);
	free_head[cls] = p;
	return class_size(cls);
}

/* The slow paths of fb_free, out of line like fb_alloc_refill. */
static __noinline long fb_free_large(void *p)
{
	int err = fb_large_validate(p);

	return err ? -err : fb_large_free(p);
}

static __noinline long fb_free_tagged(void *p, unsigned int cls)
{
	if (on_free_list(cls, p))
		return -HEAP_EDOUBLE_FREE;
	return push_free(p, cls);
}

static long fb_free(void *ptr)
{
	size_t slab = slab_index(ptr);
	void **p = ptr;
	unsigned int cls;

	if (unlikely(slab >= nslabs))
		return fb_free_large(ptr);
	cls = slab_cls[slab];
	if (unlikely(!IS_ALIGNED((uintptr_t)p, class_size(cls))))
		return -HEAP_EINVAL_PTR;
	if (unlikely((uintptr_t)p[1] == fb_tag(p)))
		return fb_free_tagged(ptr, cls);
	return push_free(p, cls);
}

static size_t fb_usable(const void *p)
{
	size_t slab = slab_index(p);

	if (slab >= nslabs)
		return fb_large_usable(p);
	return class_size(slab_cls[slab]);
}

/* A block keeps its class; it can change size within it. */
static int fb_resize(void *p, size_t size, size_t *usable)
{
	size_t have;

	if (slab_index(p) >= nslabs) {
		/* down to a class size: the block moves to a class */
		if (size <= FB_MAX_CLASS)
			return -ENOMEM;
		return fb_large_resize(p, size, usable);
	}
	have = fb_usable(p);
	if (size > have || (have > FB_MIN_CLASS && size <= have / 2))
		return -ENOMEM;
	*usable = have;
	return 0;
}

static void fb_free_info(u64 *free_blocks, u64 *largest)
{
	fb_large_info(free_blocks, largest);
}

/* Every free-list entry is a tagged, aligned block of its class, and no
 * list is longer than its class's slabs hold (so none has a cycle). */
static int fb_check(void)
{
	unsigned int i;
	size_t slab;
	u64 n, max;
	void **p;

	for (i = 0; i < FB_NCLASSES; i++) {
		n = 0;
		max = (u64)class_slabs[i] * (FB_SLAB / class_size(i));
		for (p = free_head[i]; p; p = *p) {
			slab = slab_index(p);
			if (slab >= nslabs || slab_cls[slab] != i ||
			    !IS_ALIGNED((uintptr_t)p, class_size(i)) ||
			    (uintptr_t)p[1] != fb_tag(p) || ++n > max)
				return HEAP_EINVAL_PTR;
		}
	}
	return fb_large_check();
}

/* Declared here, not in a header: only POLICY_SELECT() refers to it. */
extern const struct heap_policy heap_policy_fixed_block;
const struct heap_policy heap_policy_fixed_block = {
	.name = "fixed-block",
	.reuses_memory = true,
	.init = fb_init,
	.alloc = fb_alloc,
	.free = fb_free,
	.validate = fb_validate,
	.usable_size = fb_usable,
	.resize = fb_resize,
	.free_info = fb_free_info,
	.check = fb_check,
};
POLICY_FAST_CALL(heap, alloc, fb_alloc);
POLICY_FAST_CALL(heap, free, fb_free);
POLICY_SELECT(heap, fixed_block);
