// SPDX-License-Identifier: GPL-2.0
/*
 * The heap's page source: one virtual window split into a morecore range
 * (sbrk-like, for policies that want one contiguous arena) and a page-run
 * range (for large blocks that go back when freed). Only the bookkeeping
 * lives here; heap_arch_map/unmap put memory behind the addresses, so this
 * file is the same in the kernel and in host tests.
 *
 * Freed page runs stay mapped, up to CONFIG_HEAP_PAGE_CACHE_KB: mapping
 * costs a frame allocation and a page-table update per page (syscalls
 * and page faults on the host), and large blocks come and go. The cached
 * pages count in the footprint and against the limit, are reused first
 * (first fit starts at the lowest free page), and are given back
 * whenever the budget or the frame allocator would otherwise say no, and
 * by heap_source_trim().
 */
#include <mosaic/errno.h>
#include <mosaic/heap_policy.h>
#include <mosaic/page.h>
#include <mosaic/panic.h>

#define RUN_PAGES (HEAP_MAX_BYTES / PAGE_SIZE)
#define BITS_PER_WORD 64
#define RUN_WORDS DIV_ROUND_UP(RUN_PAGES, BITS_PER_WORD)

#ifndef CONFIG_HEAP_PAGE_CACHE_KB
#define CONFIG_HEAP_PAGE_CACHE_KB 0
#endif
/* a variable, not a macro: with a 0 KiB cache the comparisons below
 * would be "always false" warnings */
static const size_t cache_max_pages =
	(size_t)CONFIG_HEAP_PAGE_CACHE_KB * 1024 / PAGE_SIZE;

static char *window;		/* base of the window */
static char *brk;		/* end of the morecore range in use */
static size_t limit;		/* budget in bytes */
static size_t run_pages_used;
static size_t run_pages_cached;	/* mapped but free */
static u64 peak;
/* page-run range: used pages, the first page of each run, and mapped
 * pages (used ones and the cache) */
static u64 run_used[RUN_WORDS];
static u64 run_start[RUN_WORDS];
static u64 run_mapped[RUN_WORDS];
static size_t run_hint;		/* first page worth scanning from */

static bool test_bit(const u64 *map, size_t i)
{
	return map[i / BITS_PER_WORD] >> (i % BITS_PER_WORD) & 1;
}

static void set_bit(u64 *map, size_t i)
{
	map[i / BITS_PER_WORD] |= 1ULL << (i % BITS_PER_WORD);
}

static void clear_bit(u64 *map, size_t i)
{
	map[i / BITS_PER_WORD] &= ~(1ULL << (i % BITS_PER_WORD));
}

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
			if (test_bit(run_mapped, i))
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
	for (i = 0; i < RUN_WORDS; i++) {
		run_used[i] = 0;
		run_start[i] = 0;
		run_mapped[i] = 0;
	}
	return 0;
}

/* Unmap cached pages [first, first + n) (all of them cached). */
static void uncache(size_t first, size_t n)
{
	size_t i;

	heap_arch_unmap(runs_base() + first * PAGE_SIZE, n * PAGE_SIZE);
	for (i = first; i < first + n; i++)
		clear_bit(run_mapped, i);
	run_pages_cached -= n;
}

/* Give every cached page back, except those in [keep, keep + nkeep). */
static void trim_cache(size_t keep, size_t nkeep)
{
	size_t i, start = 0, len = 0;

	for (i = 0; i <= RUN_PAGES && run_pages_cached; i++) {
		if (i < RUN_PAGES && i % BITS_PER_WORD == 0 && !len &&
		    !(run_mapped[i / BITS_PER_WORD] & ~run_used[i / BITS_PER_WORD])) {
			i += BITS_PER_WORD - 1;
			continue;
		}
		if (i < RUN_PAGES && test_bit(run_mapped, i) &&
		    !test_bit(run_used, i) && (i < keep || i >= keep + nkeep)) {
			if (!len++)
				start = i;
			continue;
		}
		if (len)
			uncache(start, len);
		len = 0;
	}
}

void heap_source_trim(void)
{
	trim_cache(0, 0);
}

/* Room in the budget for @bytes more, giving the cache back if that is
 * what it takes (except pages in [keep, keep + nkeep), about to be
 * used). */
static bool budget_or_trim(size_t bytes, size_t keep, size_t nkeep)
{
	if (budget_allows(bytes))
		return true;
	trim_cache(keep, nkeep);
	return budget_allows(bytes);
}

/* Map the pages of [first, first + n) that are not mapped yet (all
 * free); all or nothing. The caller marks them used. */
static int map_run(size_t first, size_t n)
{
	size_t i, j, k, fresh = 0;
	bool mapped;
	char *va;

	for (i = first; i < first + n; i++)
		fresh += !test_bit(run_mapped, i);
	if (!budget_or_trim(fresh * PAGE_SIZE, first, n))
		return -ENOMEM;
	for (i = first; i < first + n; i = j) {
		mapped = test_bit(run_mapped, i);
		for (j = i + 1; j < first + n && test_bit(run_mapped, j) == mapped;
		     j++)
			;
		if (mapped)
			continue;
		va = runs_base() + i * PAGE_SIZE;
		if (heap_arch_map(va, (j - i) * PAGE_SIZE)) {
			/* out of frames: the cache goes back, then retry */
			trim_cache(first, n);
			if (heap_arch_map(va, (j - i) * PAGE_SIZE)) {
				trim_cache(0, 0);	/* and what we mapped */
				return -ENOMEM;
			}
		}
		heap_debug_scrub(va, (j - i) * PAGE_SIZE);
		for (k = i; k < j; k++)
			set_bit(run_mapped, k);
		run_pages_cached += j - i;
	}
	run_pages_cached -= n;		/* all in use from now on */
	return 0;
}

/* Pages [first, first + n) are free now: keep them mapped while the
 * cache has room, give back the rest. */
static void unmap_run(size_t first, size_t n)
{
	size_t keep = 0;

	if (run_pages_cached < cache_max_pages)
		keep = MIN(n, cache_max_pages - run_pages_cached);
	/* DEBUG_HEAP: cached memory is free memory, so poison */
	heap_debug_scrub(runs_base() + first * PAGE_SIZE, keep * PAGE_SIZE);
	run_pages_cached += n;
	if (keep < n)
		uncache(first + keep, n - keep);
}

void *heap_morecore(size_t bytes)
{
	char *old = brk;

	if (!window || !IS_ALIGNED(bytes, PAGE_SIZE) ||
	    !budget_or_trim(bytes, 0, 0))
		return NULL;
	if (bytes == 0)
		return old;
	if (heap_arch_map(old, bytes)) {
		trim_cache(0, 0);	/* out of frames: retry without it */
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

static unsigned int ctz64(u64 x)
{
	return x ? __builtin_ctzll(x) : BITS_PER_WORD;
}

/* First fit over the run bitmap, a word at a time: skip used pages,
 * count free ones, until npages free pages in a row. */
static size_t find_free_run(size_t npages)
{
	size_t i = run_hint, start = 0, len = 0, n;
	unsigned int off, avail;
	u64 used;

	while (i < RUN_PAGES) {
		off = i % BITS_PER_WORD;
		avail = BITS_PER_WORD - off;
		used = run_used[i / BITS_PER_WORD] >> off;
		if (!len && (used & 1)) {
			/* ~used is 1 above the word's end too: ctz <= avail */
			i += MIN(ctz64(~used), avail);
			continue;
		}
		if (!len)
			start = i;
		n = MIN(ctz64(used), avail);
		len += n;
		i += n;
		if (len >= npages)
			return start;
		if (n < avail)
			len = 0;	/* stopped at a used page */
	}
	return RUN_PAGES;
}

/* The end of the run containing page i - 1: the first page from i on
 * that is free or starts another run. */
static size_t run_end(size_t i)
{
	unsigned int off;
	u64 stop;

	while (i < RUN_PAGES) {
		off = i % BITS_PER_WORD;
		stop = (~run_used[i / BITS_PER_WORD] |
			run_start[i / BITS_PER_WORD]) >> off;
		if (stop)
			return i + __builtin_ctzll(stop);
		i += BITS_PER_WORD - off;
	}
	return RUN_PAGES;
}

void *heap_pages_alloc(size_t npages)
{
	size_t first, i;
	char *p;

	if (!window || npages == 0 || npages > RUN_PAGES)
		return NULL;
	first = find_free_run(npages);
	if (first == RUN_PAGES || map_run(first, npages))
		return NULL;
	p = runs_base() + first * PAGE_SIZE;
	for (i = first; i < first + npages; i++)
		set_bit(run_used, i);
	set_bit(run_start, first);
	if (first == run_hint)
		run_hint = first + npages;
	run_pages_used += npages;
	note_peak();
	return p;
}

void heap_pages_free(void *p, size_t npages)
{
	size_t first = ((char *)p - runs_base()) / PAGE_SIZE, i;

	BUG_ON(heap_pages_run(p) != npages);
	clear_bit(run_start, first);
	for (i = first; i < first + npages; i++)
		clear_bit(run_used, i);
	run_pages_used -= npages;
	unmap_run(first, npages);
	if (first < run_hint)
		run_hint = first;
}

int heap_pages_resize(void *p, size_t npages, size_t new_npages)
{
	size_t first = ((char *)p - runs_base()) / PAGE_SIZE, i;

	BUG_ON(heap_pages_run(p) != npages || new_npages == 0);
	if (new_npages < npages) {
		for (i = first + new_npages; i < first + npages; i++)
			clear_bit(run_used, i);
		run_pages_used -= npages - new_npages;
		unmap_run(first + new_npages, npages - new_npages);
		if (first + new_npages < run_hint)
			run_hint = first + new_npages;
		return 0;
	}
	if (first + new_npages > RUN_PAGES)
		return -ENOMEM;
	for (i = first + npages; i < first + new_npages; i++)
		if (test_bit(run_used, i))
			return -ENOMEM;
	if (map_run(first + npages, new_npages - npages))
		return -ENOMEM;
	for (i = first + npages; i < first + new_npages; i++)
		set_bit(run_used, i);
	run_pages_used += new_npages - npages;
	note_peak();
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
	if (!test_bit(run_start, first))
		return 0;
	return run_end(first + 1) - first;
}

bool heap_source_mapped(const void *p)
{
	if (heap_in_morecore(p))
		return true;
	if (!heap_in_pages(p))
		return false;
	return test_bit(run_used, ((const char *)p - runs_base()) / PAGE_SIZE);
}

void *heap_mapped_end(const void *p)
{
	size_t i;

	if (heap_in_morecore(p))
		return brk;
	if (!heap_source_mapped(p))
		return NULL;
	for (i = ((const char *)p - runs_base()) / PAGE_SIZE; i < RUN_PAGES; i++)
		if (!test_bit(run_used, i))
			break;
	return runs_base() + i * PAGE_SIZE;
}

size_t heap_source_limit(void)
{
	return limit;
}

size_t heap_source_set_limit(size_t bytes)
{
	trim_cache(0, 0);
	bytes = ALIGN_DOWN(bytes, PAGE_SIZE);
	if (bytes > HEAP_MAX_BYTES)
		bytes = HEAP_MAX_BYTES;
	if (bytes < heap_footprint())
		bytes = heap_footprint();
	limit = bytes;
	return limit;
}
