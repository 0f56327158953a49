/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The free-list engine shared by the linked-list policy and by the
 * fixed-block policy's linked-list region for large requests: boundary-tag
 * blocks, an address-ordered doubly linked list of free blocks stored in
 * the free memory itself, splitting with a minimum block size, coalescing
 * with both neighbours, and a choice of fit.
 */
#ifndef _MM_HEAP_FREELIST_H
#define _MM_HEAP_FREELIST_H

#include <mosaic/types.h>

enum fl_fit { FL_FIRST_FIT, FL_NEXT_FIT, FL_BEST_FIT, FL_SEGREGATED_FIT };
#define FL_FITS 4

/* The fit Kconfig chose for the linked-list heap. */
#if defined(CONFIG_HEAP_LL_NEXT_FIT)
#define FL_KCONFIG_FIT FL_NEXT_FIT
#elif defined(CONFIG_HEAP_LL_BEST_FIT)
#define FL_KCONFIG_FIT FL_BEST_FIT
#elif defined(CONFIG_HEAP_LL_SEGREGATED_FIT)
#define FL_KCONFIG_FIT FL_SEGREGATED_FIT
#else
#define FL_KCONFIG_FIT FL_FIRST_FIT
#endif

struct fl_block;

/*
 * Segregated fit keeps free blocks in size bins instead of one
 * address-ordered list: one bin per size for blocks below 1 KiB (sizes
 * are multiples of 16), four per power of two above. A bitmap says which
 * bins hold blocks.
 */
#define FL_EXACT_BINS 62	/* 32, 48, ... 1008 */
#define FL_BINS (FL_EXACT_BINS + 4 * 38)
#define FL_BINMAP_WORDS ((FL_BINS + 63) / 64)

struct fl_heap {
	struct fl_block *head;		/* lowest-addressed free block */
	struct fl_block *rover;		/* next fit resumes here */
	enum fl_fit fit;
	/* Get @bytes (page multiple) of new memory; an arena that directly
	 * follows the previous one is merged with it. */
	void *(*grow)(size_t bytes);
	size_t grow_min;		/* smallest growth, page multiple */
	char *arena_end;		/* end of the newest arena */
	u64 free_blocks;
	/* segregated fit only: LIFO lists per size bin, head == NULL */
	struct fl_block *bin[FL_BINS];
	u64 binmap[FL_BINMAP_WORDS];
};

#define FL_HDR 16		/* block header; payloads stay 16-aligned */
#define FL_MIN_BLOCK 32		/* header + the two free-list links */

void fl_init(struct fl_heap *h, enum fl_fit fit, void *(*grow)(size_t),
	     size_t grow_min);
void *fl_alloc(struct fl_heap *h, size_t size, size_t align, size_t *usable);
/*
 * Check that p is a live block: HEAP_OK, or an enum heap_err value. The
 * caller makes sure p - FL_HDR is readable; nothing at or past @end (the
 * end of p's arena) is read.
 */
int fl_validate(const struct fl_heap *h, const void *p, const void *end);
/* Free a block fl_validate() accepted. */
int fl_free(struct fl_heap *h, void *p, size_t *usable);
size_t fl_usable(const void *p);
int fl_resize(struct fl_heap *h, void *p, size_t size, size_t *usable);
void fl_info(const struct fl_heap *h, u64 *free_blocks, u64 *largest);
/* Walk the free list and check each free block, its links, its boundary
 * tags and that its physical neighbours are in use; HEAP_OK or an enum
 * heap_err value. */
int fl_check(const struct fl_heap *h);
const char *fl_fit_name(enum fl_fit fit);



/* linked_list.c: choose the fit used from the next heap init on. */
void linked_list_set_fit(enum fl_fit fit);
/* the fit the next init uses */
const char *linked_list_fit_name(void);
#endif /* _MM_HEAP_FREELIST_H */
