// SPDX-License-Identifier: GPL-2.0
/*
 * Linked-list heap: one contiguous arena grown with heap_morecore(), free
 * blocks on an address-ordered list inside the free memory, split on
 * allocation, coalesced with both neighbours on free (mm/heap/freelist.c);
 * blocks of LL_RUN_MIN and more are page runs of their own.
 * The fit strategy comes from Kconfig: first, next and best fit search
 * the list, O(free blocks); segregated fit looks in size bins, O(1).
 */
#include <mosaic/heap_policy.h>
#include <mosaic/page.h>

#include "freelist.h"

/*
 * Requests from this size on get a page run of their own, as glibc mmaps
 * them: freed, the run goes back as a whole instead of leaving a hole in
 * the arena that smaller blocks then split (sort's multi-MiB buffers).
 * Up to a page of rounding waste is under 4 % of such a block.
 */
#define LL_RUN_MIN (128 * 1024)

static struct fl_heap ll;
static enum fl_fit ll_fit = FL_KCONFIG_FIT;

/* Takes effect at the next init; lets tests and heapreplay try each fit. */
void linked_list_set_fit(enum fl_fit fit)
{
	ll_fit = fit;
}

const char *linked_list_fit_name(void)
{
	return fl_fit_name(ll_fit);
}

static int ll_init(void)
{
	fl_init(&ll, ll_fit, heap_morecore, PAGE_SIZE);
	return 0;
}

static __noinline struct heap_block ll_alloc_run(size_t size, size_t align)
{
	size_t n = DIV_ROUND_UP(size, PAGE_SIZE);
	struct heap_block b = { heap_pages_alloc(n), n * PAGE_SIZE };

	/* no run to be had: the arena may still have room */
	if (!b.ptr)
		b.ptr = fl_alloc(&ll, size, align, &b.size);
	return b;
}

static struct heap_block ll_alloc(size_t size, size_t align)
{
	struct heap_block b;

	if (unlikely(size >= LL_RUN_MIN))
		return ll_alloc_run(size, align);
	b.ptr = fl_alloc(&ll, size, align, &b.size);
	return b;
}

/* A block in the arena: its header in front must be inside the arena
 * before we read it. */
static int ll_validate_arena(const void *p)
{
	const void *end = heap_morecore_end();

	if (!heap_in_morecore((const char *)p - FL_HDR) || p >= end)
		return HEAP_EINVAL_PTR;
	return fl_validate(&ll, p, end);
}

static int ll_validate(const void *p)
{
	if (heap_in_pages(p))
		return heap_pages_validate(p);
	return ll_validate_arena(p);
}

static __noinline long ll_free_run(void *p)
{
	int err = heap_pages_validate(p);
	size_t n;

	if (err)
		return -err;
	n = heap_pages_run(p);
	heap_pages_free(p, n);
	return n * PAGE_SIZE;
}

static long ll_free(void *p)
{
	size_t usable;
	int err;

	if (unlikely(heap_in_pages(p)))
		return ll_free_run(p);
	err = ll_validate_arena(p);
	if (err)
		return -err;
	fl_free(&ll, p, &usable);
	return usable;
}

static size_t ll_usable(const void *p)
{
	return heap_in_pages(p) ? heap_pages_run(p) * PAGE_SIZE : fl_usable(p);
}

static int ll_resize(void *p, size_t size, size_t *usable)
{
	if (heap_in_pages(p))
		return heap_pages_resize_to(p, size, usable);
	return fl_resize(&ll, p, size, usable);
}

static void ll_free_info(u64 *free_blocks, u64 *largest)
{
	fl_info(&ll, free_blocks, largest);
}

static int ll_check(void)
{
	return fl_check(&ll);
}

/* Declared here, not in a header: only POLICY_SELECT() refers to it. */
extern const struct heap_policy heap_policy_linked_list;
const struct heap_policy heap_policy_linked_list = {
	.name = "linked-list",
	.reuses_memory = true,
	.unsplit_tail = FL_MIN_BLOCK,
	.init = ll_init,
	.alloc = ll_alloc,
	.free = ll_free,
	.validate = ll_validate,
	.usable_size = ll_usable,
	.resize = ll_resize,
	.free_info = ll_free_info,
	.check = ll_check,
};
POLICY_FAST_CALL(heap, alloc, ll_alloc);
POLICY_FAST_CALL(heap, free, ll_free);
POLICY_SELECT(heap, linked_list);
