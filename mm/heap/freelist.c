// SPDX-License-Identifier: GPL-2.0
/*
 * Free-list engine (see freelist.h). Block layout, 16-byte header:
 *
 *	prev_size  size of the block just below, only while that one is
 *		   free (F_PREV_FREE); while it is in use, these are the
 *		   last 8 bytes of its payload
 *	word       FL_MAGIC | size | flags        size includes the header
 *	next, prev free-list links, free blocks only
 *
 * So a live block costs 8 bytes, not 16: its payload runs from the end
 * of its header into the next block's prev_size (FL_OVERLAP), and only a
 * free block, which is merged with its neighbours and never walked back
 * over, needs its size at both ends (as glibc's chunks do).
 *
 * Each arena ends with a fence: an allocated header-only block, so that
 * walking up never leaves the arena and coalescing needs no range checks.
 * When new memory directly follows the newest arena, the old fence
 * becomes the header of the new free block and the arena just grows.
 */
#include <mosaic/errno.h>
#include <mosaic/heap_policy.h>
#include <mosaic/page.h>
#include <mosaic/string.h>

#include "freelist.h"

struct fl_block {
	size_t prev_size;
	size_t word;
	struct fl_block *next;
	struct fl_block *prev;
};

#define F_ALLOC 1UL
#define F_FENCE 2UL
#define F_PREV_FREE 4UL		/* the block below is free, prev_size valid */
#define FL_OVERLAP 8		/* payload bytes in the next block's header */
#define F_MAGIC 0xb10c000000000000UL
#define F_MAGIC_MASK 0xffff000000000000UL
#define F_SIZE_MASK (~(F_MAGIC_MASK | 15UL))

static size_t bsize(const struct fl_block *b)
{
	return b->word & F_SIZE_MASK;
}

static bool is_free(const struct fl_block *b)
{
	return !(b->word & F_ALLOC);
}

/* A new header; @flags says whether the block below is free. */
static void init_word(struct fl_block *b, size_t size, unsigned long flags)
{
	b->word = F_MAGIC | size | flags;
}

/* A new size and state for b; what is known about the block below stays. */
static void set_word(struct fl_block *b, size_t size, unsigned long flags)
{
	b->word = F_MAGIC | size | flags | (b->word & F_PREV_FREE);
}

static struct fl_block *at(void *base, size_t off)
{
	return (struct fl_block *)((char *)base + off);
}

static struct fl_block *next_phys(struct fl_block *b)
{
	return at(b, bsize(b));
}

/* The block below b if it is free (only then is it known), or NULL. */
static struct fl_block *prev_phys(struct fl_block *b)
{
	return b->word & F_PREV_FREE ?
		       (struct fl_block *)((char *)b - b->prev_size) :
		       NULL;
}

static void *payload(struct fl_block *b)
{
	return (char *)b + FL_HDR;
}

static struct fl_block *hdr_of(const void *p)
{
	return (struct fl_block *)((char *)p - FL_HDR);
}

/*
 * Set b's size and state and tell the next block: a free b leaves its
 * size there; a live one owns the next block's prev_size as payload, so
 * the old size there is dead metadata (scrubbed for DEBUG_HEAP).
 */
static void resize_block(struct fl_block *b, size_t size, unsigned long flags)
{
	struct fl_block *n;

	set_word(b, size, flags);
	n = next_phys(b);
	if (flags & F_ALLOC) {
		n->word &= ~F_PREV_FREE;
		heap_debug_scrub(&n->prev_size, sizeof(n->prev_size));
	} else {
		n->prev_size = size;
		n->word |= F_PREV_FREE;
	}
}

/* ---- the address-ordered list ---- */

static void list_insert_after(struct fl_heap *h, struct fl_block *pos,
			      struct fl_block *b)
{
	b->prev = pos;
	b->next = pos ? pos->next : h->head;
	if (b->next)
		b->next->prev = b;
	if (pos)
		pos->next = b;
	else
		h->head = b;
	h->free_blocks++;
}

static void list_remove(struct fl_heap *h, struct fl_block *b)
{
	if (b->prev)
		b->prev->next = b->next;
	else
		h->head = b->next;
	if (b->next)
		b->next->prev = b->prev;
	if (h->rover == b)
		h->rover = b->next;
	h->free_blocks--;
}

static void list_replace(struct fl_heap *h, struct fl_block *old,
			 struct fl_block *b)
{
	b->prev = old->prev;
	b->next = old->next;
	if (b->prev)
		b->prev->next = b;
	else
		h->head = b;
	if (b->next)
		b->next->prev = b;
	if (h->rover == old)
		h->rover = b;
}

/* ---- segregated fit: size bins (freelist.h) ---- */

static bool segregated(const struct fl_heap *h)
{
	return h->fit == FL_SEGREGATED_FIT;
}

static inline unsigned int bin_of(size_t size)
{
	unsigned int log;

	if (size < 1024)
		return size / 16 - 2;
	log = 63 - __builtin_clzl(size);
	return FL_EXACT_BINS + (log - 10) * 4 + ((size >> (log - 2)) & 3);
}

static inline void bin_push(struct fl_heap *h, struct fl_block *b)
{
	unsigned int i = bin_of(bsize(b));

	b->prev = NULL;
	b->next = h->bin[i];
	if (b->next)
		b->next->prev = b;
	h->bin[i] = b;
	h->binmap[i / 64] |= 1ULL << (i % 64);
	h->free_blocks++;
}

/* b's size must still be the one it was binned with. */
static inline void bin_remove(struct fl_heap *h, struct fl_block *b)
{
	unsigned int i;

	if (b->prev) {
		b->prev->next = b->next;
	} else {
		i = bin_of(bsize(b));
		h->bin[i] = b->next;
		if (!b->next)
			h->binmap[i / 64] &= ~(1ULL << (i % 64));
	}
	if (b->next)
		b->next->prev = b->prev;
	h->free_blocks--;
}

/* The first non-empty bin from i on, or FL_BINS. */
static unsigned int next_bin(const struct fl_heap *h, unsigned int i)
{
	unsigned int w = i / 64;
	u64 m;

	if (i >= FL_BINS)
		return FL_BINS;
	m = h->binmap[w] & (~0ULL << (i % 64));
	while (!m) {
		if (++w == FL_BINMAP_WORDS)
			return FL_BINS;
		m = h->binmap[w];
	}
	return w * 64 + __builtin_ctzll(m);
}

static void free_remove(struct fl_heap *h, struct fl_block *b)
{
	if (segregated(h))
		bin_remove(h, b);
	else
		list_remove(h, b);
}

/* b (header says free, on no list) merges with its free neighbours and
 * goes into the bin of the merged size. */
static struct fl_block *insert_free_binned(struct fl_heap *h,
					   struct fl_block *b)
{
	struct fl_block *n = next_phys(b), *p = prev_phys(b);
	size_t size = bsize(b);

	if (is_free(n)) {
		size += bsize(n);
		bin_remove(h, n);
		heap_debug_scrub(n, FL_MIN_BLOCK);
	}
	if (p && is_free(p)) {
		bin_remove(h, p);
		size += bsize(p);
		heap_debug_scrub(b, FL_MIN_BLOCK);
		b = p;
	}
	resize_block(b, size, 0);
	bin_push(h, b);
	return b;
}

#define FL_NEAR 16

/*
 * Keeping the list in address order costs a search on free. A free block
 * is usually a few blocks further up, found through the sizes; failing
 * that, walk the list: O(free blocks). (Live blocks keep no size of
 * the block below them, so the walk cannot go down.)
 */
static void list_insert_sorted(struct fl_heap *h, struct fl_block *b)
{
	struct fl_block *pos = NULL, *x;
	int i;

	for (x = next_phys(b), i = 0; !(x->word & F_FENCE) && i < FL_NEAR;
	     x = next_phys(x), i++)
		if (is_free(x))
			return list_insert_after(h, x->prev, b);
	for (x = h->head; x && x < b; x = x->next)
		pos = x;
	list_insert_after(h, pos, b);
}

/*
 * b (not on the list, header says free) joins the free memory: merge with
 * a free neighbour on either side. Returns the resulting free block.
 */
static struct fl_block *insert_free(struct fl_heap *h, struct fl_block *b)
{
	struct fl_block *n = next_phys(b), *p = prev_phys(b);
	size_t size = bsize(b);
	bool listed = false;

	if (segregated(h))
		return insert_free_binned(h, b);
	if (is_free(n)) {
		size += bsize(n);
		list_replace(h, n, b);
		heap_debug_scrub(n, FL_MIN_BLOCK);
		listed = true;
	}
	if (p && is_free(p)) {
		if (listed)
			list_remove(h, b);
		size += bsize(p);
		heap_debug_scrub(b, FL_MIN_BLOCK);
		b = p;
		listed = true;
	}
	resize_block(b, size, 0);
	if (!listed)
		list_insert_sorted(h, b);
	return b;
}

/* ---- allocation ---- */

/* The block size for @size payload bytes: header, payload up to the
 * next block's prev_size, a multiple of 16. */
static size_t block_need(size_t size)
{
	size_t need = ALIGN_UP(size + FL_HDR - FL_OVERLAP, (size_t)16);

	return need < FL_MIN_BLOCK ? FL_MIN_BLOCK : need;
}

/* The payload address of an aligned block of @need bytes in free block
 * b, or NULL. A gap in front must be able to stand as a free block. */
static char *fit_in(struct fl_block *b, size_t need, size_t align)
{
	uintptr_t start = (uintptr_t)payload(b), p = ALIGN_UP(start, align);

	if (p != start && p - start < FL_MIN_BLOCK)
		p = ALIGN_UP(start + FL_MIN_BLOCK, align);
	if (p - FL_HDR + need > (uintptr_t)b + bsize(b))
		return NULL;
	return (char *)p;
}

static struct fl_block *search(struct fl_heap *h, struct fl_block *from,
			       struct fl_block *to, size_t need, size_t align,
			       char **where)
{
	struct fl_block *b;

	for (b = from; b != to; b = b->next) {
		*where = fit_in(b, need, align);
		if (*where)
			return b;
	}
	return NULL;
}

/* The smallest of up to @max blocks from b on that fits (the first exact
 * fit ends the walk). */
static struct fl_block *search_best(struct fl_block *b, size_t max,
				    size_t need, size_t align, char **where)
{
	struct fl_block *best = NULL;
	char *p;

	for (; b && max; b = b->next, max--) {
		if (bsize(b) < need || (best && bsize(b) >= bsize(best)))
			continue;
		p = fit_in(b, need, align);
		if (!p)
			continue;
		best = b;
		*where = p;
		if (bsize(b) == need)
			break;
	}
	return best;
}

static bool is_tail(const struct fl_heap *h, struct fl_block *b)
{
	return (char *)next_phys(b) + FL_HDR == h->arena_end;
}

/* Blocks of the bin a request falls in that are scanned for the best fit
 * before a block of a bigger bin is split. */
#define FL_BIN_SCAN 8

/*
 * Segregated fit: every block of a bin above the request's fits, so the
 * search is the request's own bin (exact below 1 KiB, a range above) and
 * then the bitmap. With more than 16-byte alignment the request is
 * looked up as its worst case, so that any block found has room.
 */
static struct fl_block *search_binned(struct fl_heap *h, size_t need,
				      size_t align, char **where)
{
	size_t key = align > 16 ? need + align + FL_MIN_BLOCK : need;
	unsigned int i = bin_of(key);
	struct fl_block *b;

	if (i >= FL_EXACT_BINS) {
		b = search_best(h->bin[i], FL_BIN_SCAN, need, align, where);
		if (b)
			return b;
		i++;
	}
	i = next_bin(h, i);
	if (i == FL_BINS)
		return NULL;
	b = h->bin[i];
	if (is_tail(h, b) && !b->next) {
		unsigned int j = next_bin(h, i + 1);

		if (j < FL_BINS)
			b = h->bin[j];
	}
	*where = fit_in(b, need, align);
	return *where ? b : NULL;
}

static struct fl_block *find(struct fl_heap *h, size_t need, size_t align,
			     char **where)
{
	struct fl_block *b;

	switch (h->fit) {
	case FL_SEGREGATED_FIT:
		return search_binned(h, need, align, where);
	case FL_BEST_FIT:
		return search_best(h->head, (size_t)-1, need, align, where);
	case FL_NEXT_FIT:
		if (!h->rover)
			h->rover = h->head;
		b = search(h, h->rover, NULL, need, align, where);
		if (!b)
			b = search(h, h->head, h->rover, need, align, where);
		return b;
	default:
		return search(h, h->head, NULL, need, align, where);
	}
}

/* Carve the block with payload @p and size @need out of free block b. */
static void *take(struct fl_heap *h, struct fl_block *b, char *p,
		  size_t need, size_t *usable)
{
	struct fl_block *nb = hdr_of(p), *pos, *rest = NULL;
	size_t total = bsize(b);
	bool binned = segregated(h);

	if (binned)
		bin_remove(h, b);
	if (nb != b) {
		/* the gap in front stays free, as a smaller block */
		size_t front = (char *)nb - (char *)b;

		set_word(b, front, 0);
		nb->prev_size = front;
		init_word(nb, total - front, F_PREV_FREE);
		total -= front;
		pos = b;
		if (binned)
			bin_push(h, b);
	} else {
		pos = b->prev;
		if (!binned)
			list_remove(h, b);
		heap_debug_scrub(payload(b), FL_MIN_BLOCK - FL_HDR);
	}
	if (total - need >= FL_MIN_BLOCK) {
		set_word(nb, need, F_ALLOC);
		rest = at(nb, need);
		init_word(rest, total - need, 0);	/* below it: nb, live */
		resize_block(rest, total - need, 0);
		if (binned)
			bin_push(h, rest);
		else
			list_insert_after(h, pos, rest);
	} else {
		resize_block(nb, total, F_ALLOC);
	}
	if (h->fit == FL_NEXT_FIT)
		h->rover = rest ? rest : (pos ? pos->next : h->head);
	*usable = bsize(nb) - FL_HDR + FL_OVERLAP;
	return p;
}

/* Add fresh memory; returns the free block that now contains it. */
static struct fl_block *add_memory(struct fl_heap *h, char *mem, size_t bytes)
{
	struct fl_block *b, *fence;
	size_t size;

	if (h->arena_end && mem == h->arena_end) {
		b = hdr_of(mem);	/* the old fence */
		size = bytes;
	} else {
		b = (struct fl_block *)mem;
		b->prev_size = 0;
		init_word(b, bytes - FL_HDR, 0);	/* nothing below */
		size = bytes - FL_HDR;
	}
	set_word(b, size, 0);
	fence = at(b, size);
	fence->prev_size = size;
	init_word(fence, FL_HDR, F_ALLOC | F_FENCE | F_PREV_FREE);
	h->arena_end = mem + bytes;
	return insert_free(h, b);
}

/* Free bytes at the very end of the newest arena (they merge with growth). */
static size_t tail_free(struct fl_heap *h)
{
	struct fl_block *fence, *last;

	if (!h->arena_end)
		return 0;
	fence = hdr_of(h->arena_end);
	last = prev_phys(fence);
	return last && is_free(last) ? bsize(last) : 0;
}

static struct fl_block *grow(struct fl_heap *h, size_t need, size_t align,
			     bool use_tail)
{
	size_t want = need + align + FL_MIN_BLOCK + 2 * FL_HDR;
	size_t tail = use_tail ? tail_free(h) : 0;
	char *mem;

	/* Growth that lands right after the arena merges with a free tail
	 * block, so only the missing part has to be new (as sbrk heaps do). */
	want = tail + PAGE_SIZE < want ? want - tail : PAGE_SIZE;
	want = ALIGN_UP(want, PAGE_SIZE);
	if (want < h->grow_min)
		want = h->grow_min;
	mem = h->grow(want);
	if (!mem)
		return NULL;
	return add_memory(h, mem, want);
}

void *fl_alloc(struct fl_heap *h, size_t size, size_t align, size_t *usable)
{
	size_t need = block_need(size);
	struct fl_block *b;
	char *p = NULL;

	if (align < 16)
		align = 16;
	b = find(h, need, align, &p);
	if (!b) {
		b = grow(h, need, align, true);
		p = b ? fit_in(b, need, align) : NULL;
		if (b && !p) {
			/* the growth did not join the free tail */
			b = grow(h, need, align, false);
			p = b ? fit_in(b, need, align) : NULL;
		}
		if (!p)
			return NULL;
	}
	return take(h, b, p, need, usable);
}

/* ---- free, resize ---- */

int fl_validate(const struct fl_heap *h, const void *p, const void *end)
{
	struct fl_block *b = hdr_of(p), *n;

	if (!IS_ALIGNED((uintptr_t)p, 16))
		return HEAP_EINVAL_PTR;
	if ((b->word & F_MAGIC_MASK) != F_MAGIC || (b->word & F_FENCE))
		return HEAP_EINVAL_PTR;
	if (is_free(b))
		return HEAP_EDOUBLE_FREE;
	if (bsize(b) < FL_MIN_BLOCK ||
	    bsize(b) + FL_HDR > (size_t)((const char *)end - (char *)b))
		return HEAP_EINVAL_PTR;
	n = next_phys(b);
	if ((n->word & F_MAGIC_MASK) != F_MAGIC || (n->word & F_PREV_FREE))
		return HEAP_EINVAL_PTR;
	return HEAP_OK;
}

size_t fl_usable(const void *p)
{
	return bsize(hdr_of(p)) - FL_HDR + FL_OVERLAP;
}

int fl_free(struct fl_heap *h, void *p, size_t *usable)
{
	struct fl_block *b = hdr_of(p);

	*usable = bsize(b) - FL_HDR + FL_OVERLAP;
	set_word(b, bsize(b), 0);
	insert_free(h, b);
	return HEAP_OK;
}

/* Give the tail of allocated block b beyond @need back, if big enough. */
static void trim_block(struct fl_heap *h, struct fl_block *b, size_t need)
{
	size_t total = bsize(b);
	struct fl_block *rest;

	if (total - need < FL_MIN_BLOCK)
		return;
	set_word(b, need, F_ALLOC);
	rest = at(b, need);
	init_word(rest, total - need, 0);	/* below it: b, live */
	resize_block(rest, total - need, 0);
	insert_free(h, rest);
}

int fl_resize(struct fl_heap *h, void *p, size_t size, size_t *usable)
{
	struct fl_block *b = hdr_of(p), *n;
	size_t need = block_need(size);

	if (need > bsize(b)) {
		n = next_phys(b);
		/* at the end of the arena: grow it, the growth lands after b */
		if ((n->word & F_FENCE) && (char *)n + FL_HDR == h->arena_end) {
			size_t more = ALIGN_UP(need - bsize(b), PAGE_SIZE);
			char *mem = h->grow(more);

			if (mem)
				add_memory(h, mem, more);
			n = next_phys(b);
		}
		if (!is_free(n) || bsize(b) + bsize(n) < need)
			return -ENOMEM;
		free_remove(h, n);
		resize_block(b, bsize(b) + bsize(n), F_ALLOC);
		heap_debug_scrub(n, FL_MIN_BLOCK);
	}
	trim_block(h, b, need);
	*usable = bsize(b) - FL_HDR + FL_OVERLAP;
	return 0;
}

void fl_init(struct fl_heap *h, enum fl_fit fit, void *(*grow_fn)(size_t),
	     size_t grow_min)
{
	h->head = NULL;
	h->rover = NULL;
	h->fit = fit;
	h->grow = grow_fn;
	h->grow_min = ALIGN_UP(grow_min, PAGE_SIZE);
	h->arena_end = NULL;
	h->free_blocks = 0;
	memset(h->bin, 0, sizeof(h->bin));
	memset(h->binmap, 0, sizeof(h->binmap));
}

/* Call fn on every free block, in list or bin order; stop at a non-zero
 * return and pass it on. */
static int for_each_free(const struct fl_heap *h,
			 int (*fn)(const struct fl_heap *h,
				   const struct fl_block *b, void *arg),
			 void *arg)
{
	const struct fl_block *b;
	unsigned int i;
	int err;

	if (!segregated(h)) {
		for (b = h->head; b; b = b->next)
			if ((err = fn(h, b, arg)))
				return err;
		return 0;
	}
	for (i = 0; i < FL_BINS; i++)
		for (b = h->bin[i]; b; b = b->next)
			if ((err = fn(h, b, arg)))
				return err;
	return 0;
}

static int note_largest(const struct fl_heap *h, const struct fl_block *b,
			void *arg)
{
	u64 *largest = arg;

	if (bsize(b) - FL_HDR > *largest)
		*largest = bsize(b) - FL_HDR;
	return 0;
}

void fl_info(const struct fl_heap *h, u64 *free_blocks, u64 *largest)
{
	*free_blocks = h->free_blocks;
	*largest = 0;
	for_each_free(h, note_largest, largest);
}

struct check_state {
	const struct fl_block *prev;
	u64 n;
};

/* One free block: its header, tags, list links and neighbours. */
static int check_free_block(const struct fl_heap *h, const struct fl_block *b,
			    void *arg)
{
	struct check_state *st = arg;
	const struct fl_block *prev = b->prev;

	if ((b->word & F_MAGIC_MASK) != F_MAGIC || !is_free(b))
		return HEAP_EINVAL_PTR;
	if (bsize(b) < FL_MIN_BLOCK ||
	    next_phys((struct fl_block *)b)->prev_size != bsize(b) ||
	    !(next_phys((struct fl_block *)b)->word & F_PREV_FREE))
		return HEAP_EINVAL_PTR;
	if (segregated(h)) {
		/* in the bin of its size, linked both ways */
		if (prev ? prev->next != b : h->bin[bin_of(bsize(b))] != b)
			return HEAP_EINVAL_PTR;
	} else if (prev != st->prev || (prev && prev >= b)) {
		return HEAP_EINVAL_PTR;
	}
	/* coalescing leaves no two free blocks side by side */
	if (is_free(next_phys((struct fl_block *)b)) ||
	    (b->word & F_PREV_FREE))
		return HEAP_EINVAL_PTR;
	st->prev = b;
	st->n++;
	return 0;
}

/* The bitmap marks exactly the bins that hold blocks. */
static int check_binmap(const struct fl_heap *h)
{
	unsigned int i;

	for (i = 0; i < FL_BINS; i++)
		if (!h->bin[i] != !(h->binmap[i / 64] & (1ULL << (i % 64))))
			return HEAP_EINVAL_PTR;
	return HEAP_OK;
}

int fl_check(const struct fl_heap *h)
{
	struct check_state st = { NULL, 0 };
	int err = for_each_free(h, check_free_block, &st);

	if (err)
		return err;
	if (st.n != h->free_blocks)
		return HEAP_EINVAL_PTR;
	return segregated(h) ? check_binmap(h) : HEAP_OK;
}

const char *fl_fit_name(enum fl_fit fit)
{
	switch (fit) {
	case FL_NEXT_FIT:
		return "next-fit";
	case FL_BEST_FIT:
		return "best-fit";
	case FL_SEGREGATED_FIT:
		return "segregated-fit";
	default:
		return "first-fit";
	}
}
