// SPDX-License-Identifier: GPL-2.0
/*
 * The heap's page source: one virtual window split into a morecore range
 * (sbrk-like, for policies that want one contiguous arena) and a page-run
 * range (for large blocks that go back when freed). Only the bookkeeping
 * lives here; heap_arch_map/unmap put memory behind the addresses, so this
 * file is the same in the kernel and in host tests.
 *
 * Freed page runs stay mapped: mapping costs a frame allocation and a
 * page-table update per page (syscalls and page faults on the host), and
 * large blocks come and go. The cache adapts to the program: it may hold
 * CONFIG_HEAP_PAGE_CACHE_KB, or more as long as the footprint stays at or
 * below its peak so far, so a heap that once needed the memory keeps it
 * for the next round without ever needing more than it did. Growth that
 * would push the footprint past both bounds first gives cached pages
 * back, highest first. The cached pages count in the footprint and
 * against the limit, are reused first (first fit starts at the lowest
 * free page), and are given back whenever the budget or the frame
 * allocator would otherwise say no, and by heap_source_trim(). A 0 KiB
 * setting caches nothing.
 */
#include <mosaic/bitmap.h>
#include <mosaic/errno.h>
#include <mosaic/heap_policy.h>
#include <mosaic/page.h>
#include <mosaic/panic.h>

#define RUN_PAGES (HEAP_MAX_BYTES / PAGE_SIZE)

/* a variable, not a macro: with a 0 KiB cache the comparisons below
 * would be "always false" warnings */
static const size_t cache_max_pages =
	(size_t)CONFIG_HEAP_PAGE_CACHE_KB * 1024 / PAGE_SIZE;

#define ALL_PAGES ((size_t)-1)	/* trim_cache(): no limit */

static char *window;		/* base of the window */
static char *brk;		/* end of the morecore range in use */
static size_t limit;		/* budget in bytes */
static size_t run_pages_used;
static size_t run_pages_cached;	/* mapped but free */
static u64 peak;
/* page-run range: used pages, the first page of each run, and mapped
 * pages (used ones and the cache) */
static DECLARE_BITMAP(run_used, RUN_PAGES);
static DECLARE_BITMAP(run_start, RUN_PAGES);
static DECLARE_BITMAP(run_mapped, RUN_PAGES);
static size_t run_hint;		/* first page worth scanning from */

static char *runs_base(void)
{
	return window + HEAP_MAX_BYTES;
}

u64 heap_footprint(void)
{
	return (u64)(brk - window) +
	       (u64)(run_pages_used + run_pages_cached) * PAGE_SIZE;
}

u64 heap_peak_footprint(void)
{
	return peak;
}

static void note_peak(void)
{
	if (heap_footprint() > peak)
		peak = heap_footprint();
}

void heap_source_reset_peak(u64 floor)
{
	peak = floor;
	note_peak();
}

static bool budget_allows(size_t bytes)
{
	return bytes <= limit && heap_footprint() <= limit - bytes;
}

int heap_source_init(void)
{
	size_t i;

	/* Give back whatever a previous life of the heap took (host tests
	 * re-initialise between runs; at boot nothing is mapped yet). */
	if (window) {
		if (brk > window)
			heap_arch_unmap(window, brk - window);
		for (i = 0; i < RUN_PAGES; i++)
			if (test_bit(i, run_mapped))
				heap_arch_unmap(runs_base() + i * PAGE_SIZE,
						PAGE_SIZE);
	}
	window = heap_arch_window();
	if (!window)
		return -ENOMEM;
	brk = window;
	limit = HEAP_MAX_BYTES;
	run_pages_used = 0;
	run_pages_cached = 0;
	peak = 0;
	run_hint = 0;
	bitmap_zero(run_used, RUN_PAGES);
	bitmap_zero(run_start, RUN_PAGES);
	bitmap_zero(run_mapped, RUN_PAGES);
	return 0;
}

/* Unmap cached pages [first, first + n) (all of them cached). */
static void uncache(size_t first, size_t n)
{
	heap_arch_unmap(runs_base() + first * PAGE_SIZE, n * PAGE_SIZE);
	bitmap_clear(run_mapped, first, n);
	run_pages_cached -= n;
}

static bool is_cached(size_t i, size_t keep, size_t nkeep)
{
	return test_bit(i, run_mapped) && !test_bit(i, run_used) &&
	       (i < keep || i >= keep + nkeep);
}

/* Give up to @max cached pages back, highest first, except those in
 * [keep, keep + nkeep). */
static void trim_cache(size_t keep, size_t nkeep, size_t max)
{
	size_t i, pg, len = 0;

	for (i = RUN_PAGES; i > 0 && len < max && len < run_pages_cached; i--) {
		pg = i - 1;
		if (!len && pg % BITS_PER_LONG == BITS_PER_LONG - 1 &&
		    !(run_mapped[BIT_WORD(pg)] & ~run_used[BIT_WORD(pg)])) {
			i -= BITS_PER_LONG - 1;	/* no cached page in this word */
			continue;
		}
		if (is_cached(pg, keep, nkeep)) {
			len++;
			continue;
		}
		if (len) {
			uncache(pg + 1, len);
			max -= len;
			len = 0;
		}
	}
	if (len)
		uncache(i, len);
}

/* Before the uncached footprint grows by @grow bytes: give back the
 * cached pages (outside [keep, keep + nkeep), @reused of which are about
 * to be used) beyond what the cache may hold afterwards. */
static void bound_cache(size_t grow, size_t keep, size_t nkeep, size_t reused)
{
	u64 uncached = heap_footprint() - (u64)run_pages_cached * PAGE_SIZE;
	size_t bound = cache_max_pages, cached = run_pages_cached - reused;

	if (!cache_max_pages || !run_pages_cached)
		return;
	uncached += grow;
	if (peak > uncached && (peak - uncached) / PAGE_SIZE > bound)
		bound = (peak - uncached) / PAGE_SIZE;
	if (cached > bound)
		trim_cache(keep, nkeep, cached - bound);
}

void heap_source_trim(void)
{
	trim_cache(0, 0, ALL_PAGES);
}

/* Room in the budget for @bytes more, giving the cache back if that is
 * what it takes (except pages in [keep, keep + nkeep), about to be
 * used). */
static bool budget_or_trim(size_t bytes, size_t keep, size_t nkeep)
{
	if (budget_allows(bytes))
		return true;
	trim_cache(keep, nkeep, ALL_PAGES);
	return budget_allows(bytes);
}

/* The next stretch [*from, *to) of unmapped pages in [from, end);
 * false when there is none. Word at a time, runs are long. */
static bool next_unmapped(size_t *from, size_t *to, size_t end)
{
	*from = find_next_zero_bit(run_mapped, end, *from);
	if (*from >= end)
		return false;
	*to = find_next_bit(run_mapped, end, *from);
	return true;
}

/* Map the pages of [first, first + n) that are not mapped yet (all
 * free); all or nothing. The caller marks them used. */
static int map_run(size_t first, size_t n)
{
	size_t i, j, end = first + n, fresh = 0;
	char *va;

	for (i = first; next_unmapped(&i, &j, end); i = j)
		fresh += j - i;
	bound_cache(n * PAGE_SIZE, first, n, n - fresh);
	if (!budget_or_trim(fresh * PAGE_SIZE, first, n))
		return -ENOMEM;
	for (i = first; next_unmapped(&i, &j, end); i = j) {
		va = runs_base() + i * PAGE_SIZE;
		if (heap_arch_map(va, (j - i) * PAGE_SIZE)) {
			/* out of frames: the cache goes back, then retry */
			trim_cache(first, n, ALL_PAGES);
			if (heap_arch_map(va, (j - i) * PAGE_SIZE)) {
				trim_cache(0, 0, ALL_PAGES);	/* and what we mapped */
				return -ENOMEM;
			}
		}
		heap_debug_scrub(va, (j - i) * PAGE_SIZE);
		bitmap_set(run_mapped, i, j - i);
		run_pages_cached += j - i;
	}
	run_pages_cached -= n;		/* all in use from now on */
	return 0;
}

/* Pages [first, first + n) are free now: keep them mapped while the
 * cache may hold them (see the top of the file), give back the rest. */
static void unmap_run(size_t first, size_t n)
{
	size_t keep = 0;

	if (cache_max_pages)
		keep = n;	/* the footprint does not change */
	/* DEBUG_HEAP: cached memory is free memory, so poison */
	heap_debug_scrub(runs_base() + first * PAGE_SIZE, keep * PAGE_SIZE);
	run_pages_cached += n;
	if (keep < n)
		uncache(first + keep, n - keep);
}

void *heap_morecore(size_t bytes)
{
	char *old = brk;

	if (!window || !IS_ALIGNED(bytes, PAGE_SIZE))
		return NULL;
	bound_cache(bytes, 0, 0, 0);
	if (!budget_or_trim(bytes, 0, 0))
		return NULL;
	if (bytes == 0)
		return old;
	if (heap_arch_map(old, bytes)) {
		trim_cache(0, 0, ALL_PAGES);	/* out of frames: retry without it */
		if (heap_arch_map(old, bytes))
			return NULL;
	}
	heap_debug_scrub(old, bytes);
	brk = old + bytes;
	note_peak();
	return old;
}

void *heap_morecore_base(void)
{
	return window;
}

void *heap_morecore_end(void)
{
	return brk;
}

/* First fit over the run bitmap: npages free pages in a row. */
static size_t find_free_run(size_t npages)
{
	size_t first = bitmap_find_next_zero_area(run_used, RUN_PAGES,
						  run_hint, npages, 0);

	return first + npages > RUN_PAGES ? RUN_PAGES : first;
}

/* The end of the run containing page i - 1: the first page from i on
 * that is free or starts another run. */
static size_t run_end(size_t i)
{
	unsigned int off;
	unsigned long stop;

	while (i < RUN_PAGES) {
		off = i % BITS_PER_LONG;
		stop = (~run_used[BIT_WORD(i)] | run_start[BIT_WORD(i)]) >> off;
		if (stop)
			return i + __builtin_ctzl(stop);
		i += BITS_PER_LONG - off;
	}
	return RUN_PAGES;
}

void *heap_pages_alloc(size_t npages)
{
	size_t first;
	char *p;

	if (!window || npages == 0 || npages > RUN_PAGES)
		return NULL;
	first = find_free_run(npages);
	if (first == RUN_PAGES || map_run(first, npages))
		return NULL;
	p = runs_base() + first * PAGE_SIZE;
	bitmap_set(run_used, first, npages);
	set_bit(first, run_start);
	if (first == run_hint)
		run_hint = first + npages;
	run_pages_used += npages;
	note_peak();
	return p;
}

void heap_pages_free(void *p, size_t npages)
{
	size_t first = ((char *)p - runs_base()) / PAGE_SIZE;

	BUG_ON(heap_pages_run(p) != npages);
	clear_bit(first, run_start);
	bitmap_clear(run_used, first, npages);
	run_pages_used -= npages;
	unmap_run(first, npages);
	if (first < run_hint)
		run_hint = first;
}

int heap_pages_resize(void *p, size_t npages, size_t new_npages)
{
	size_t first = ((char *)p - runs_base()) / PAGE_SIZE;

	BUG_ON(heap_pages_run(p) != npages || new_npages == 0);
	if (new_npages < npages) {
		bitmap_clear(run_used, first + new_npages, npages - new_npages);
		run_pages_used -= npages - new_npages;
		unmap_run(first + new_npages, npages - new_npages);
		if (first + new_npages < run_hint)
			run_hint = first + new_npages;
		return 0;
	}
	if (first + new_npages > RUN_PAGES)
		return -ENOMEM;
	if (find_next_bit(run_used, first + new_npages, first + npages) <
	    first + new_npages)
		return -ENOMEM;
	if (map_run(first + npages, new_npages - npages))
		return -ENOMEM;
	bitmap_set(run_used, first + npages, new_npages - npages);
	run_pages_used += new_npages - npages;
	note_peak();
	return 0;
}

int heap_pages_validate(const void *p)
{
	if (heap_pages_run(p))
		return HEAP_OK;
	/* a page-aligned address in the run range that is no longer the
	 * start of a run was most likely freed already */
	if (heap_in_pages(p) && IS_ALIGNED((uintptr_t)p, PAGE_SIZE) &&
	    !heap_source_mapped(p))
		return HEAP_EDOUBLE_FREE;
	return HEAP_EINVAL_PTR;
}

int heap_pages_resize_to(void *p, size_t size, size_t *usable)
{
	size_t n = heap_pages_run(p), want = DIV_ROUND_UP(size, PAGE_SIZE);

	if (want != n && heap_pages_resize(p, n, want))
		return -ENOMEM;
	*usable = want * PAGE_SIZE;
	return 0;
}

bool heap_in_morecore(const void *p)
{
	return (const char *)p >= window && (const char *)p < brk;
}

bool heap_in_pages(const void *p)
{
	return window && (const char *)p >= runs_base() &&
	       (const char *)p < runs_base() + HEAP_MAX_BYTES;
}

size_t heap_pages_run(const void *p)
{
	size_t first;

	if (!heap_in_pages(p) || !IS_ALIGNED((unsigned long)p, PAGE_SIZE))
		return 0;
	first = ((const char *)p - runs_base()) / PAGE_SIZE;
	if (!test_bit(first, run_start))
		return 0;
	return run_end(first + 1) - first;
}

bool heap_source_mapped(const void *p)
{
	if (heap_in_morecore(p))
		return true;
	if (!heap_in_pages(p))
		return false;
	return test_bit(((const char *)p - runs_base()) / PAGE_SIZE, run_used);
}

void *heap_mapped_end(const void *p)
{
	size_t i;

	if (heap_in_morecore(p))
		return brk;
	if (!heap_source_mapped(p))
		return NULL;
	i = find_next_zero_bit(run_used, RUN_PAGES,
			       ((const char *)p - runs_base()) / PAGE_SIZE);
	return runs_base() + i * PAGE_SIZE;
}

size_t heap_source_limit(void)
{
	return limit;
}

size_t heap_source_set_limit(size_t bytes)
{
	trim_cache(0, 0, ALL_PAGES);
	bytes = ALIGN_DOWN(bytes, PAGE_SIZE);
	if (bytes > HEAP_MAX_BYTES)
		bytes = HEAP_MAX_BYTES;
	if (bytes < heap_footprint())
		bytes = heap_footprint();
	limit = bytes;
	return limit;
}
