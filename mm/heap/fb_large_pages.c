// SPDX-License-Identifier: GPL-2.0
/*
 * Fixed-block large requests from whole page runs: each block is a run of
 * pages of its own, unmapped and returned to the frame allocator on free.
 * Page-aligned, no fragmentation inside the heap, up to a page of waste.
 */
#include <mosaic/heap_policy.h>
#include <mosaic/page.h>

#include "fb_large.h"

const char fb_large_name[] = "pages";

int fb_large_init(void)
{
	return 0;
}

struct heap_block fb_large_alloc(size_t size, size_t align)
{
	size_t n = DIV_ROUND_UP(size, PAGE_SIZE);

	return (struct heap_block){ heap_pages_alloc(n), n * PAGE_SIZE };
}

int fb_large_validate(const void *p)
{
	return heap_pages_validate(p);
}

long fb_large_free(void *p)
{
	size_t n = heap_pages_run(p);

	heap_pages_free(p, n);
	return n * PAGE_SIZE;
}

size_t fb_large_usable(const void *p)
{
	return heap_pages_run(p) * PAGE_SIZE;
}

/* Runs grow into free pages right after them, or shrink from the end. */
int fb_large_resize(void *p, size_t size, size_t *usable)
{
	return heap_pages_resize_to(p, size, usable);
}

void fb_large_info(u64 *free_blocks, u64 *largest)
{
	*free_blocks = 0;
	*largest = 0;
}

int fb_large_check(void)
{
	return HEAP_OK;
}
