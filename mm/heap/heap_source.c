// SPDX-License-Identifier: GPL-2.0
/*
 * The heap's page source: one virtual window split into a morecore range
 * (sbrk-like, for policies that want one contiguous arena) and a page-run
 * range (for large blocks that go back when freed). Only the bookkeeping
 * lives here; heap_arch_map/unmap put memory behind the addresses, so this
 * file is the same in the kernel and in host tests.
 */
#include <mosaic/errno.h>
#include <mosaic/heap_policy.h>
#include <mosaic/page.h>
#include <mosaic/panic.h>

#define RUN_PAGES (HEAP_MAX_BYTES / PAGE_SIZE)
#define BITS_PER_WORD 64
#define RUN_WORDS DIV_ROUND_UP(RUN_PAGES, BITS_PER_WORD)

static char *window;		/* base of the window */
static char *brk;		/* end of the morecore range in use */
static size_t limit;		/* budget in bytes */
static size_t run_pages_used;
static u64 peak;
/* page-run range: used pages, and the first page of each run */
static u64 run_used[RUN_WORDS];
static u64 run_start[RUN_WORDS];
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
	return (u64)(brk - window) + (u64)run_pages_used * PAGE_SIZE;
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
			if (test_bit(run_used, i))
				heap_arch_unmap(runs_base() + i * PAGE_SIZE,
						PAGE_SIZE);
	}
	window = heap_arch_window();
	if (!window)
		return -ENOMEM;
	brk = window;
	limit = HEAP_MAX_BYTES;
	run_pages_used = 0;
	peak = 0;
	run_hint = 0;
	for (i = 0; i < RUN_WORDS; i++) {
		run_used[i] = 0;
		run_start[i] = 0;
	}
	return 0;
}

void *heap_morecore(size_t bytes)
{
	char *old = brk;

	if (!window || !IS_ALIGNED(bytes, PAGE_SIZE) || !budget_allows(bytes))
		return NULL;
	if (bytes == 0)
		return old;
	if (heap_arch_map(old, bytes))
		return NULL;
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

/* First fit over the run bitmap, skipping whole used words. */
static size_t find_free_run(size_t npages)
{
	size_t i = run_hint, len = 0;

	while (i + (npages - len) <= RUN_PAGES) {
		if (len == 0 && i % BITS_PER_WORD == 0 &&
		    run_used[i / BITS_PER_WORD] == ~0ULL) {
			i += BITS_PER_WORD;
			continue;
		}
		if (test_bit(run_used, i))
			len = 0;
		else if (++len == npages)
			return i + 1 - npages;
		i++;
	}
	return RUN_PAGES;
}

void *heap_pages_alloc(size_t npages)
{
	size_t first, i;
	char *p;

	if (!window || npages == 0 || npages > RUN_PAGES ||
	    !budget_allows(npages * PAGE_SIZE))
		return NULL;
	first = find_free_run(npages);
	if (first == RUN_PAGES)
		return NULL;
	p = runs_base() + first * PAGE_SIZE;
	if (heap_arch_map(p, npages * PAGE_SIZE))
		return NULL;
	heap_debug_scrub(p, npages * PAGE_SIZE);
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
	heap_arch_unmap(p, npages * PAGE_SIZE);
	clear_bit(run_start, first);
	for (i = first; i < first + npages; i++)
		clear_bit(run_used, i);
	run_pages_used -= npages;
	if (first < run_hint)
		run_hint = first;
}

int heap_pages_resize(void *p, size_t npages, size_t new_npages)
{
	size_t first = ((char *)p - runs_base()) / PAGE_SIZE, i;
	char *tail = (char *)p + npages * PAGE_SIZE;

	BUG_ON(heap_pages_run(p) != npages || new_npages == 0);
	if (new_npages < npages) {
		heap_arch_unmap((char *)p + new_npages * PAGE_SIZE,
				(npages - new_npages) * PAGE_SIZE);
		for (i = first + new_npages; i < first + npages; i++)
			clear_bit(run_used, i);
		run_pages_used -= npages - new_npages;
		if (first + new_npages < run_hint)
			run_hint = first + new_npages;
		return 0;
	}
	if (first + new_npages > RUN_PAGES ||
	    !budget_allows((new_npages - npages) * PAGE_SIZE))
		return -ENOMEM;
	for (i = first + npages; i < first + new_npages; i++)
		if (test_bit(run_used, i))
			return -ENOMEM;
	if (heap_arch_map(tail, (new_npages - npages) * PAGE_SIZE))
		return -ENOMEM;
	heap_debug_scrub(tail, (new_npages - npages) * PAGE_SIZE);
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
	size_t first, i;

	if (!heap_in_pages(p) || !IS_ALIGNED((unsigned long)p, PAGE_SIZE))
		return 0;
	first = ((const char *)p - runs_base()) / PAGE_SIZE;
	if (!test_bit(run_start, first))
		return 0;
	for (i = first + 1; i < RUN_PAGES; i++)
		if (!test_bit(run_used, i) || test_bit(run_start, i))
			break;
	return i - first;
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
	bytes = ALIGN_DOWN(bytes, PAGE_SIZE);
	if (bytes > HEAP_MAX_BYTES)
		bytes = HEAP_MAX_BYTES;
	if (bytes < heap_footprint())
		bytes = heap_footprint();
	limit = bytes;
	return limit;
}
