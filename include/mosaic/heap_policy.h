/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel heap internals: the interface every heap policy implements, the
 * page source the policies take memory from, and the block checks.
 *
 * Layering (mm/heap/):
 *
 *	kmalloc.c      glue: the public API, statistics, debug checks
 *	  -> struct heap_policy   one member: bump.c, linked_list.c, ...
 *	       -> page source     heap_source.c (freestanding)
 *	            -> heap_arch_*  heap_pages.c (kernel: frames + page tables)
 *	                            tools/heap/host_env.c (host: mmap)
 *
 * Policy files are freestanding and depend only on this header, so the
 * same file builds into the kernel and into host tests and heapreplay.
 */
#ifndef _MOSAIC_HEAP_POLICY_H
#define _MOSAIC_HEAP_POLICY_H

#include <mosaic/compiler.h>
#include <mosaic/kmalloc.h>
#include <mosaic/policy.h>
#include <mosaic/types.h>

/* Results of block checks (0 = fine); heap_strerror() names them. */
enum heap_err {
	HEAP_OK = 0,
	HEAP_EINVAL_PTR,	/* not a block this heap handed out */
	HEAP_EDOUBLE_FREE,	/* a block that is already free */
	HEAP_EREDZONE_BEFORE,	/* bytes just before the block were written */
	HEAP_EREDZONE_AFTER,	/* bytes just after the block were written */
	HEAP_EPOISON,		/* freed memory was written before reuse */
};

const char *heap_strerror(int err);

/*
 * What a policy's alloc returns: the block (NULL on failure) and its
 * usable size. Two words, so both come back in registers.
 */
struct heap_block {
	void *ptr;
	size_t size;
};

/*
 * A heap policy. All sizes are bytes; @align is a power of two between
 * HEAP_MIN_ALIGN and PAGE_SIZE; @size is at least 1 and at most the heap
 * limit (the glue filters the rest, so policies need no overflow checks
 * beyond that).
 */
struct heap_policy {
	const char *name;
	bool reuses_memory;	/* false: frees do not make memory reusable */
	/*
	 * Bytes a block may carry beyond its request rounded to
	 * HEAP_MIN_ALIGN, when what is left of a free block is too small to
	 * split off (0: blocks are never larger than their size class).
	 */
	unsigned int unsplit_tail;
	/* Reset all state; the page source has just been reset. */
	int (*init)(void);
	/* Returns the block and its usable size; .ptr NULL on failure. */
	struct heap_block (*alloc)(size_t size, size_t align);
	/* Frees p after checking it; returns the usable size the block had
	 * (> 0), or -HEAP_E* (and then changes nothing). */
	long (*free)(void *p);
	/* Checks p without changing anything: HEAP_OK, HEAP_EINVAL_PTR or
	 * HEAP_EDOUBLE_FREE. */
	int (*validate)(const void *p);
	/* Usable size of a valid live block. */
	size_t (*usable_size)(const void *p);
	/* Optional: resize in place keeping p and its contents; returns 0 and
	 * the new usable size, or -ENOMEM when the block cannot stay. */
	int (*resize)(void *p, size_t size, size_t *usable);
	/* Optional: free-list figures for heap_get_stats(). */
	void (*free_info)(u64 *free_blocks, u64 *largest_free);
	/* Optional: full consistency walk for tests; HEAP_OK or an error. */
	int (*check)(void);
};

/*
 * Bound as every family is (include/mosaic/policy.h): each member file
 * defines `const struct heap_policy heap_policy_<member>` and ends with
 * POLICY_SELECT(heap, <member>) and direct-call aliases of its alloc and
 * free (POLICY_FAST_CALL), which kmalloc and kfree call instead of going
 * through the struct. Host programs link every member (the list comes
 * from Kconfig: HEAP_POLICY_MEMBERS, tools/heap/host_env.h) and pick one
 * with heap_use_policy().
 */
#ifndef __MOSAIC_HOST__
extern const struct heap_policy *const heap_selected_policy;
struct heap_block heap_selected_alloc(size_t size, size_t align);
long heap_selected_free(void *p);
#endif

/* Reset the page source and the statistics, then init @p. */
int heap_use_policy(const struct heap_policy *p);

/* Check a kmalloc'd pointer as kfree would, without freeing it. */
int heap_check_block(const void *p);
/* Run the policy's full consistency walk (HEAP_OK if it has none). */
int heap_check_all(void);

/*
 * Debug poisoning. With CONFIG_DEBUG_HEAP every byte of heap memory that
 * is neither in a live block nor live policy metadata holds
 * HEAP_POISON_BYTE; the glue checks that on reuse. Policies call
 * heap_debug_scrub() on metadata they stop using (free-list links in a
 * block they hand out, headers swallowed by coalescing).
 */
#define HEAP_POISON_BYTE 0x6b
#define HEAP_REDZONE_BYTE 0xbb
#ifdef CONFIG_DEBUG_HEAP
void heap_debug_scrub(void *p, size_t n);
#else
static inline void heap_debug_scrub(void *p, size_t n) { }
#endif

/*
 * Page source. Two ranges inside one virtual window:
 *
 *	[base, base + limit)		morecore: grows like sbrk, contiguous
 *	[base + limit, base + 2 limit)	page runs, allocated and freed
 *
 * Both count against one budget, the heap limit (CONFIG_HEAP_MAX_MB, or
 * lower with heap_source_set_limit()): footprint = morecore bytes + bytes
 * in live page runs + freed run pages kept mapped for reuse (as many as
 * keep the footprint at its peak so far, or CONFIG_HEAP_PAGE_CACHE_KB;
 * given back before anything fails). New memory holds anything (the
 * kernel does not clear frames; HEAP_POISON_BYTE with CONFIG_DEBUG_HEAP).
 */
#define HEAP_MAX_BYTES ((size_t)CONFIG_HEAP_MAX_MB << 20)

int heap_source_init(void);
/* Extend the morecore range by @bytes (a multiple of PAGE_SIZE); returns
 * the start of the new bytes, which directly follow the previous ones,
 * or NULL past the limit or when memory runs out. */
void *heap_morecore(size_t bytes);
void *heap_morecore_base(void);
void *heap_morecore_end(void);
/* @npages contiguous pages anywhere in the run range, or NULL. */
void *heap_pages_alloc(size_t npages);
void heap_pages_free(void *p, size_t npages);
/* Grow a run in place (the pages after it must be free) or shrink it;
 * 0 or -ENOMEM, the run unchanged on failure. */
int heap_pages_resize(void *p, size_t npages, size_t new_npages);
/* Pages in the run starting at p, or 0 if no live run starts at p. */
size_t heap_pages_run(const void *p);
/* A live run starts at p: HEAP_OK, else HEAP_EDOUBLE_FREE (a freed
 * run's first page) or HEAP_EINVAL_PTR. */
int heap_pages_validate(const void *p);
/* The run at p resized in place to hold @size bytes (its pages rounded
 * up): 0 and the new usable size, or -ENOMEM and the run unchanged. */
int heap_pages_resize_to(void *p, size_t size, size_t *usable);
bool heap_in_morecore(const void *p);
bool heap_in_pages(const void *p);
/* True if the byte at p is heap memory in use: the morecore range or a
 * live page run (cached free pages are mapped but do not count). */
bool heap_source_mapped(const void *p);
/* End of the mapped memory that contains p without a hole (NULL if p is
 * not mapped): the most a block starting at p can span. */
void *heap_mapped_end(const void *p);
u64 heap_footprint(void);
u64 heap_peak_footprint(void);
/* Restart the peak footprint at max(@floor, footprint now). */
void heap_source_reset_peak(u64 floor);
size_t heap_source_limit(void);
/* Give freed page runs kept mapped back to the frame allocator now. */
void heap_source_trim(void);
/* Lower (or restore) the budget; clamped to [footprint, HEAP_MAX_BYTES].
 * Returns the limit now in force. */
size_t heap_source_set_limit(size_t bytes);

/*
 * What the environment provides to the page source: a reserved window of
 * 2 * HEAP_MAX_BYTES, and backing for page-aligned parts of it.
 */
void *heap_arch_window(void);
int heap_arch_map(void *va, size_t bytes);	/* 0 or -ENOMEM */
void heap_arch_unmap(void *va, size_t bytes);

#endif /* _MOSAIC_HEAP_POLICY_H */
