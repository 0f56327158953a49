/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fixed-block heap's back end for requests above its largest class.
 * Kconfig picks one implementation: whole page runs (fb_large_pages.c) or
 * a linked-list region (fb_large_list.c).
 */
#ifndef _MM_HEAP_FB_LARGE_H
#define _MM_HEAP_FB_LARGE_H

#include <mosaic/heap_policy.h>

extern const char fb_large_name[];
int fb_large_init(void);
struct heap_block fb_large_alloc(size_t size, size_t align);
int fb_large_validate(const void *p);
long fb_large_free(void *p);	/* after validate: the usable size */
size_t fb_large_usable(const void *p);
int fb_large_resize(void *p, size_t size, size_t *usable);
void fb_large_info(u64 *free_blocks, u64 *largest);
int fb_large_check(void);

#endif /* _MM_HEAP_FB_LARGE_H */
