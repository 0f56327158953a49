// SPDX-License-Identifier: GPL-2.0
/*
 * Fixed-block heap: power-of-two size classes from 16 bytes up to
 * CONFIG_HEAP_FB_MAX_CLASS, each with a free list threaded through its
 * free blocks. Classes take memory in slabs of FB_SLAB bytes from
 * heap_morecore(); a slab belongs to one class for good, so a freed block
 * always goes back to its class. Requests above the largest class go to
 * the back end chosen in Kconfig (fb_large.h).
 *
 * Slabs are FB_SLAB-aligned (this policy is the only morecore user), so
 * kfree finds a block's slab header by masking the address. The header
 * has one bit per block: freeing a block whose bit is clear is a double
 * free, caught always at the cost of one bit test.
 *
 * Blocks of class C sit at multiples of C inside the slab, so they are
 * naturally aligned: an aligned request is just a request for the class
 * of max(size, align).
 */
#include <mosaic/errno.h>
#include <mosaic/heap_policy.h>
#include <mosaic/page.h>

#include "fb_large.h"

#ifndef CONFIG_HEAP_FB_MAX_CLASS
#define CONFIG_HEAP_FB_MAX_CLASS 2048
#endif

#define FB_MIN_SHIFT 4
#define FB_MAX_CLASS ((size_t)CONFIG_HEAP_FB_MAX_CLASS)
#define FB_MAX_SHIFT __builtin_ctzl(CONFIG_HEAP_FB_MAX_CLASS)
#define FB_NCLASSES (FB_MAX_SHIFT - FB_MIN_SHIFT + 1)
/* at least eight blocks of the largest class per slab */
#define FB_SLAB (FB_MAX_CLASS * 8 < 16384 ? (size_t)16384 : FB_MAX_CLASS * 8)
#define FB_MAP_WORDS (FB_SLAB / 16 / 64)
#define FB_MAGIC 0x534c4142U	/* "SLAB" */

struct fb_slab {
	u32 magic;
	u16 cls;
	u16 first;		/* offset of the first block */
	u32 nblocks;
	u64 used[FB_MAP_WORDS];	/* bit (offset >> class shift): allocated */
};

struct fb_class {
	void *free;		/* free blocks, linked through their first word */
	char *carve;		/* never-used blocks of the newest slab */
	char *carve_end;
	u64 slabs;
	u64 free_count;
};

static struct fb_class classes[FB_NCLASSES];
/* the slab range, kept here so kfree's range check is two compares */
static char *slab_lo, *slab_hi;

static bool in_slabs(const void *p)
{
	return (const char *)p >= slab_lo && (const char *)p < slab_hi;
}

BUILD_BUG_ON(!IS_POWER_OF_2(CONFIG_HEAP_FB_MAX_CLASS));
BUILD_BUG_ON(CONFIG_HEAP_FB_MAX_CLASS < 2048);
BUILD_BUG_ON(FB_SLAB % PAGE_SIZE);

static unsigned int class_of(size_t size)
{
	if (size <= (1UL << FB_MIN_SHIFT))
		return 0;
	return 64 - __builtin_clzl(size - 1) - FB_MIN_SHIFT;
}

static struct fb_slab *slab_of(const void *p)
{
	return (struct fb_slab *)ALIGN_DOWN((uintptr_t)p, FB_SLAB);
}

static int fb_init(void)
{
	unsigned int i;

	for (i = 0; i < FB_NCLASSES; i++)
		classes[i] = (struct fb_class){ 0 };
	slab_lo = slab_hi = heap_morecore_base();
	/* slab alignment relies on an aligned, unshared morecore range */
	if (!IS_ALIGNED((uintptr_t)heap_morecore_base(), FB_SLAB))
		return -EINVAL;
	return fb_large_init();
}

static bool refill(unsigned int cls)
{
	size_t csize = 1UL << (cls + FB_MIN_SHIFT);
	struct fb_slab *s = heap_morecore(FB_SLAB);
	unsigned int i;

	if (!s)
		return false;
	slab_hi = (char *)s + FB_SLAB;
	s->magic = FB_MAGIC;
	s->cls = cls;
	s->first = ALIGN_UP(sizeof(*s), csize);
	s->nblocks = (FB_SLAB - s->first) >> (cls + FB_MIN_SHIFT);
	for (i = 0; i < FB_MAP_WORDS; i++)
		s->used[i] = 0;
	classes[cls].carve = (char *)s + s->first;
	classes[cls].carve_end = (char *)s + FB_SLAB;
	classes[cls].slabs++;
	return true;
}

static void *fb_alloc(size_t size, size_t align, size_t *usable)
{
	size_t want = size > align ? size : align;
	unsigned int cls, bit, shift;
	struct fb_class *c;
	struct fb_slab *s;
	char *p;

	if (want > FB_MAX_CLASS)
		return fb_large_alloc(size, align, usable);
	cls = class_of(want);
	shift = cls + FB_MIN_SHIFT;
	c = &classes[cls];
	if (c->free) {
		p = c->free;
		c->free = *(void **)p;
		c->free_count--;
		heap_debug_scrub(p, sizeof(void *));
	} else {
		if (c->carve == c->carve_end && !refill(cls))
			return NULL;
		p = c->carve;
		c->carve += 1UL << shift;
	}
	s = slab_of(p);
	bit = ((uintptr_t)p - (uintptr_t)s) >> shift;
	s->used[bit / 64] |= 1ULL << (bit % 64);
	*usable = 1UL << shift;
	return p;
}

/* For a pointer in the slab range: its slab, or NULL if not a block. */
static struct fb_slab *block_slab(const void *p)
{
	struct fb_slab *s = slab_of(p);
	size_t off = (uintptr_t)p - (uintptr_t)s;

	if (s->magic != FB_MAGIC || s->cls >= FB_NCLASSES || off < s->first ||
	    (off & ((1UL << (s->cls + FB_MIN_SHIFT)) - 1)))
		return NULL;
	return s;
}

static bool block_used(const struct fb_slab *s, const void *p)
{
	unsigned int bit = ((uintptr_t)p - (uintptr_t)s) >>
			   (s->cls + FB_MIN_SHIFT);

	return s->used[bit / 64] >> (bit % 64) & 1;
}

static int fb_validate(const void *p)
{
	struct fb_slab *s;

	if (!in_slabs(p))
		return fb_large_validate(p);
	s = block_slab(p);
	if (!s)
		return HEAP_EINVAL_PTR;
	return block_used(s, p) ? HEAP_OK : HEAP_EDOUBLE_FREE;
}

static int fb_free(void *p, size_t *usable)
{
	struct fb_slab *s;
	struct fb_class *c;
	unsigned int bit;
	int err;

	if (!in_slabs(p)) {
		err = fb_large_validate(p);
		return err ? err : fb_large_free(p, usable);
	}
	s = block_slab(p);
	if (!s)
		return HEAP_EINVAL_PTR;
	bit = ((uintptr_t)p - (uintptr_t)s) >> (s->cls + FB_MIN_SHIFT);
	if (!(s->used[bit / 64] & (1ULL << (bit % 64))))
		return HEAP_EDOUBLE_FREE;
	s->used[bit / 64] &= ~(1ULL << (bit % 64));
	c = &classes[s->cls];
	*(void **)p = c->free;
	c->free = p;
	c->free_count++;
	*usable = 1UL << (s->cls + FB_MIN_SHIFT);
	return HEAP_OK;
}

static size_t fb_usable(const void *p)
{
	if (!in_slabs(p))
		return fb_large_usable(p);
	return 1UL << (slab_of(p)->cls + FB_MIN_SHIFT);
}

/* A block keeps its class; it can change size within it. */
static int fb_resize(void *p, size_t size, size_t *usable)
{
	size_t have;

	if (!in_slabs(p))
		return fb_large_resize(p, size, usable);
	have = fb_usable(p);
	if (size > have || (have > 16 && size <= have / 2))
		return -ENOMEM;
	*usable = have;
	return 0;
}

static void fb_free_info(u64 *free_blocks, u64 *largest)
{
	fb_large_info(free_blocks, largest);
}

/* Every free-list entry is a free block of its class in a live slab. */
static int fb_check(void)
{
	unsigned int i;
	u64 n;
	void *p;

	for (i = 0; i < FB_NCLASSES; i++) {
		n = 0;
		for (p = classes[i].free; p; p = *(void **)p) {
			struct fb_slab *s;

			if (!in_slabs(p))
				return HEAP_EINVAL_PTR;
			s = block_slab(p);
			if (!s || s->cls != i || block_used(s, p))
				return HEAP_EINVAL_PTR;
			if (++n > classes[i].free_count)
				return HEAP_EINVAL_PTR;
		}
		if (n != classes[i].free_count)
			return HEAP_EINVAL_PTR;
	}
	return fb_large_check();
}

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
HEAP_POLICY_SELECT(heap_policy_fixed_block);
