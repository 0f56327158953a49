// SPDX-License-Identifier: GPL-2.0
/*
 * Bump heap: allocation advances a pointer through one arena grown with
 * heap_morecore(). A free only marks its block and counts it; memory is
 * reused when the last live block goes, which resets the whole arena.
 * Fast and tiny, but a single long-lived block pins everything allocated
 * after it.
 *
 * Each block has a 16-byte header (size, state) so kfree can tell a live
 * block from a freed or foreign pointer, and krealloc knows the size.
 */
#include <mosaic/errno.h>
#include <mosaic/heap_policy.h>
#include <mosaic/page.h>

struct bump_hdr {
	u64 size;		/* usable bytes */
	u64 state;
};

#define BUMP_LIVE 0x4c495645424d5031ULL	/* "1PMBEVIL" */
#define BUMP_FREED 0x44454552464d5031ULL

static char *start, *cur, *end;
static u64 live;

static struct bump_hdr *hdr_of(const void *p)
{
	return (struct bump_hdr *)((char *)p - sizeof(struct bump_hdr));
}

static int bump_init(void)
{
	start = heap_morecore_base();
	cur = start;
	end = heap_morecore_end();
	live = 0;
	return 0;
}

/* Make sure [cur, upto) is backed. */
static bool reach(char *upto)
{
	size_t more;

	if (upto <= end)
		return true;
	more = ALIGN_UP((size_t)(upto - end), PAGE_SIZE);
	if (!heap_morecore(more))
		return false;
	end += more;
	return true;
}

static struct heap_block bump_alloc(size_t size, size_t align)
{
	uintptr_t p = ALIGN_UP((uintptr_t)cur + sizeof(struct bump_hdr), align);
	size_t need = ALIGN_UP(size, (size_t)16);
	struct bump_hdr *h;

	if (!reach((char *)p + need))
		return (struct heap_block){ NULL, 0 };
	h = hdr_of((void *)p);
	h->size = need;
	h->state = BUMP_LIVE;
	cur = (char *)p + need;
	live++;
	return (struct heap_block){ (void *)p, need };
}

static int bump_validate(const void *p)
{
	const char *c = p;

	if (!IS_ALIGNED((uintptr_t)p, 16) ||
	    c < start + sizeof(struct bump_hdr) || c >= cur)
		return HEAP_EINVAL_PTR;
	if (hdr_of(p)->state == BUMP_FREED)
		return HEAP_EDOUBLE_FREE;
	if (hdr_of(p)->state != BUMP_LIVE || hdr_of(p)->size > (u64)(cur - c))
		return HEAP_EINVAL_PTR;
	return HEAP_OK;
}

static long bump_free(void *p)
{
	int err = bump_validate(p);
	size_t usable;

	if (err)
		return -err;
	usable = hdr_of(p)->size;
	hdr_of(p)->state = BUMP_FREED;
	if (--live == 0) {
		/* nothing live: the whole arena is reusable again */
		heap_debug_scrub(start, cur - start);
		cur = start;
	}
	return usable;
}

static size_t bump_usable(const void *p)
{
	return hdr_of(p)->size;
}

/* The newest block can grow or shrink in place; others only shrink. */
static int bump_resize(void *p, size_t size, size_t *usable)
{
	struct bump_hdr *h = hdr_of(p);
	size_t need = ALIGN_UP(size, (size_t)16);

	if ((char *)p + h->size == cur) {
		if (!reach((char *)p + need))
			return -ENOMEM;
		cur = (char *)p + need;
	} else if (need > h->size) {
		return -ENOMEM;
	}
	h->size = need;
	*usable = need;
	return 0;
}

/* Declared here, not in a header: only POLICY_SELECT() refers to it. */
extern const struct heap_policy heap_policy_bump;
const struct heap_policy heap_policy_bump = {
	.name = "bump",
	.reuses_memory = false,
	.init = bump_init,
	.alloc = bump_alloc,
	.free = bump_free,
	.validate = bump_validate,
	.usable_size = bump_usable,
	.resize = bump_resize,
};
POLICY_FAST_CALL(heap, alloc, bump_alloc);
POLICY_FAST_CALL(heap, free, bump_free);
POLICY_SELECT(heap, bump);
