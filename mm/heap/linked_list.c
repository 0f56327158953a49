// SPDX-License-Identifier: GPL-2.0
/*
 * Linked-list heap: one contiguous arena grown with heap_morecore(), free
 * blocks on an address-ordered list inside the free memory, split on
 * allocation, coalesced with both neighbours on free (mm/heap/freelist.c).
 * The fit strategy comes from Kconfig: first, next and best fit search
 * the list, O(free blocks); segregated fit looks in size bins, O(1).
 */
#include <mosaic/heap_policy.h>
#include <mosaic/page.h>

#include "freelist.h"

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

static struct heap_block ll_alloc(size_t size, size_t align)
{
	struct heap_block b;

	b.ptr = fl_alloc(&ll, size, align, &b.size);
	return b;
}

static int ll_validate(const void *p)
{
	/* the header in front must be inside the arena before we read it */
	if (!heap_in_morecore((const char *)p - FL_HDR) ||
	    !heap_in_morecore(p))
		return HEAP_EINVAL_PTR;
	return fl_validate(&ll, p, heap_morecore_end());
}

static long ll_free(void *p)
{
	size_t usable;
	int err = ll_validate(p);

	if (!err)
		err = fl_free(&ll, p, &usable);
	return err ? -err : (long)usable;
}

static int ll_resize(void *p, size_t size, size_t *usable)
{
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
	.usable_size = fl_usable,
	.resize = ll_resize,
	.free_info = ll_free_info,
	.check = ll_check,
};
POLICY_FAST_CALL(heap, alloc, ll_alloc);
POLICY_FAST_CALL(heap, free, ll_free);
POLICY_SELECT(heap, linked_list);
