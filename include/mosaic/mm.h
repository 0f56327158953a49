/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _MOSAIC_MM_H
#define _MOSAIC_MM_H

#include <mosaic/mm_types.h>
#include <mosaic/page.h>
#include <mosaic/types.h>

struct bootinfo;
struct frame_region;

/* Usable RAM, page tables, struct pages, frame allocator; then the heap. */
void mm_init(const struct bootinfo *bi);

/* The C entry from arch/x86/boot/head.S. */
void start_kernel(u32 magic, u32 mbi_phys);

/* ---- struct page (mm/page.c) ---- */

/* The array, and the pfn its first entry describes. */
extern struct page *mem_map;
extern pfn_t mem_map_first_pfn, mem_map_end_pfn;

/* Is there a descriptor for pfn? (Not: is it usable RAM.) */
static inline bool pfn_valid(pfn_t pfn)
{
	return pfn >= mem_map_first_pfn && pfn < mem_map_end_pfn;
}

static inline struct page *pfn_to_page(pfn_t pfn)
{
	return &mem_map[pfn - mem_map_first_pfn];
}

static inline pfn_t page_to_pfn(const struct page *page)
{
	return mem_map_first_pfn + (pfn_t)(page - mem_map);
}

static inline phys_addr_t page_to_phys(const struct page *page)
{
	return PFN_PHYS(page_to_pfn(page));
}

/* The descriptor of the frame holding pa, or NULL if it has none. */
static inline struct page *phys_to_page(phys_addr_t pa)
{
	return pfn_valid(PHYS_PFN(pa)) ? pfn_to_page(PHYS_PFN(pa)) : NULL;
}

/* Does the frame allocator manage this frame? */
static inline bool pfn_is_allocatable(pfn_t pfn)
{
	return pfn_valid(pfn) && !(pfn_to_page(pfn)->flags & PG_reserved);
}

/*
 * Boot: one descriptor for every frame between the lowest and highest
 * usable frame, carved from the regions (which shrink); frames outside
 * the regions are PG_reserved. Panics if no region can hold the array.
 */
void page_array_init(struct frame_region *regions, int n);
/* Frames the array occupies (counted in mm_meminfo). */
unsigned long page_array_frames(void);

/* A counted frame: refcount 1, NULL when memory runs out. */
struct page *alloc_page(void);
/* Take another reference; the page must be counted already. */
void get_page(struct page *page);
/* Drop a reference; the last one frees the frame (which must be unmapped). */
void put_page(struct page *page);

/* vmm_map_page/vmm_unmap_page count the leaves that map a frame. */
static inline void page_add_mapping(struct page *page)
{
	__atomic_add_fetch(&page->mapcount, 1, __ATOMIC_RELAXED);
}

static inline void page_remove_mapping(struct page *page)
{
	__atomic_sub_fetch(&page->mapcount, 1, __ATOMIC_RELAXED);
}

/* Where the usable RAM of the memory map went at boot, and what is free. */
struct mm_meminfo {
	u64 usable_frames;	/* whole frames the memory map lists as usable */
	u64 boot_table_frames;	/* boot page tables taken from them */
	u64 page_array_frames;	/* the struct page array */
	u64 frame_total_frames;	/* handed to the frame allocator */
	u64 free_frames;	/* free in the frame allocator now */
	u64 table_frames;	/* page tables from the frame allocator now */
};
void mm_get_meminfo(struct mm_meminfo *mi);
void mm_print_meminfo(void);

#endif /* _MOSAIC_MM_H */
