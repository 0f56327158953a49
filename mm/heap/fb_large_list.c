// SPDX-License-Identifier: GPL-2.0
/*
 * Fixed-block large requests from a linked-list region: arenas of page
 * runs (at least CONFIG_HEAP_FB_REGION_KB at a time) managed by the
 * free-list engine, first fit. Less waste than whole pages for sizes just
 * above the largest class; the region does not shrink.
 */
#include <mosaic/errno.h>
#include <mosaic/heap_policy.h>
#include <mosaic/page.h>

#include "fb_large.h"
#include "freelist.h"


const char fb_large_name[] = "linked-list";
static struct fl_heap region;

static void *region_grow(size_t bytes)
{
	return heap_pages_alloc(bytes / PAGE_SIZE);
}

int fb_large_init(void)
{
	fl_init(&region, FL_FIRST_FIT, region_grow,
		(size_t)CONFIG_HEAP_FB_REGION_KB << 10);
	return 0;
}

struct heap_block fb_large_alloc(size_t size, size_t align)
{
	struct heap_block b;

	b.ptr = fl_alloc(&region, size, align, &b.size);
	return b;
}

int fb_large_validate(const void *p)
{
	const char *c = p;

	if (!heap_in_pages(c) || !heap_source_mapped(c - FL_HDR) ||
	    !heap_source_mapped(c))
		return HEAP_EINVAL_PTR;
	return fl_validate(&region, p, heap_mapped_end(p));
}

long fb_large_free(void *p)
{
	size_t usable;
	int err = fl_free(&region, p, &usable);

	return err ? -err : (long)usable;
}

size_t fb_large_usable(const void *p)
{
	return fl_usable(p);
}

int fb_large_resize(void *p, size_t size, size_t *usable)
{
	return fl_resize(&region, p, size, usable);
}

void fb_large_info(u64 *free_blocks, u64 *largest)
{
	fl_info(&region, free_blocks, largest);
}

int fb_large_check(void)
{
	return fl_check(&region);
}
