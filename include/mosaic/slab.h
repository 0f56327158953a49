/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Object caches (kmem_cache) for the kernel's fixed-size objects, layered
 * on kmalloc, so they work on every heap policy (mm/heap/slab.c,
 * Documentation/mm/heap.md).
 *
 * A cache hands out objects of one size and alignment. Freed objects stay
 * in the cache (up to KMEM_CACHE_KEEP of them) and come back first; with
 * a constructor, an object is constructed once, when the cache takes its
 * memory from kmalloc, and must be freed in its constructed state (as in
 * Linux). kmem_cache_free of an object already free panics naming it.
 */
#ifndef _MOSAIC_SLAB_H
#define _MOSAIC_SLAB_H

#include <mosaic/types.h>

struct kmem_cache;

/* Free objects a cache keeps for reuse; more go back to kmalloc. */
#define KMEM_CACHE_KEEP 64
/* Objects are for fixed structures; bigger buffers use kmalloc. */
#define KMEM_CACHE_MAX_SIZE (64UL * 1024)

/* @size: 1..KMEM_CACHE_MAX_SIZE; @align: 0 or a power of two up to
 * PAGE_SIZE (0 and < 16 mean 16); @name is copied (31 bytes kept).
 * NULL for a bad size or alignment, or when memory runs out. */
struct kmem_cache *kmem_cache_create(const char *name, size_t size,
				     size_t align, void (*ctor)(void *obj));
/* Fails with -EBUSY (and destroys nothing) while objects are live. */
int kmem_cache_destroy(struct kmem_cache *c);
void *kmem_cache_alloc(struct kmem_cache *c);
/* kmem_cache_free(c, NULL) does nothing. */
void kmem_cache_free(struct kmem_cache *c, void *obj);

struct kmem_cache_stats {
	const char *name;
	size_t object_size;	/* as created */
	size_t align;
	u64 active;		/* objects handed out */
	u64 cached;		/* free objects kept for reuse */
	u64 allocs, frees;	/* kmem_cache_alloc/free calls that worked */
	u64 failures;		/* kmem_cache_alloc calls that got NULL */
	u64 footprint_bytes;	/* heap bytes (ksize) of active + cached */
	u64 peak_footprint_bytes;
};

void kmem_cache_get_stats(struct kmem_cache *c, struct kmem_cache_stats *st);

/*
 * The /proc/slabinfo text: a header naming the heap policy, a column
 * line, then one line per cache in creation order. Writes at most @size
 * bytes (NUL-terminated) and returns the length the whole text needs, as
 * snprintf does, so a caller can size its buffer.
 */
size_t slabinfo_show(char *buf, size_t size);

#endif /* _MOSAIC_SLAB_H */
