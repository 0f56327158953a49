/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside the address-space code (mm/vma.c, mmap.c, fault.c, fork.c):
 * area bookkeeping and page helpers the public calls share. Every
 * function here expects mm->mmap_lock held.
 */
#ifndef _MM_VMA_H
#define _MM_VMA_H

#include <mosaic/mmap.h>

/* A new area of mm (not yet in the tree); NULL without memory. */
struct vm_area *vma_alloc(struct mm *mm, unsigned long start, unsigned long end,
			  unsigned long vm_flags, struct file *file, u64 pgoff);
/* A copy of vma's description for mm (file reference included). */
struct vm_area *vma_dup(struct mm *mm, const struct vm_area *vma);
void vma_free(struct vm_area *vma);
/* Link into mm->areas; the range must be free. -ENOMEM past max_map_count. */
int vma_insert(struct mm *mm, struct vm_area *vma);
void vma_remove(struct mm *mm, struct vm_area *vma);
struct vm_area *vma_prev(struct vm_area *vma);
struct vm_area *vma_last(struct mm *mm);
/* Split vma at addr (inside it): vma keeps [start, addr). 0 or -ENOMEM. */
int vma_split(struct mm *mm, struct vm_area *vma, unsigned long addr);
/* Split the areas straddling start or end. 0 or -ENOMEM. */
int split_range(struct mm *mm, unsigned long start, unsigned long end);
/* Is [start, end) free of areas? */
bool range_is_free(struct mm *mm, unsigned long start, unsigned long end);
/* Remove the areas and frames of [start, end) (page aligned). 0 or -ENOMEM. */
int unmap_range(struct mm *mm, unsigned long start, unsigned long end);
/* A free, page-aligned range of len bytes: the hint if it fits. */
long get_unmapped_area(struct mm *mm, unsigned long hint, unsigned long len);

/* Unmap and release every frame of [start, end) (mm/fault.c). */
void zap_range(struct mm *mm, unsigned long start, unsigned long end);
/* The page-table flags vma gives a page (writable: the page is private). */
unsigned long vma_pte_flags(const struct vm_area *vma, bool writable);
/* May the page be mapped writable where vma allows writes (no COW)? */
bool vma_page_writable(const struct vm_area *vma, const struct page *page);
/* Map page at va in mm, counting it in the rss. 0 or -ENOMEM. */
int map_user_page(struct mm *mm, unsigned long va, struct page *page,
		  unsigned long flags);
/* A new frame holding a copy of src, or NULL. */
struct page *dup_user_page(struct page *src);
/* A zeroed frame with refcount 1, or NULL. */
struct page *alloc_user_page(void);
/*
 * Move vma's bounds out to [start, end) (a superset, free of other
 * areas) and give the new parts to the pager; on failure the area is as
 * it was. 0 or -ENOMEM.
 */
int vma_extend(struct mm *mm, struct vm_area *vma, unsigned long start,
	       unsigned long end);
/* Tell the pager about a new range; undo nothing (the caller does). */
int pager_area_added(struct mm *mm, struct vm_area *vma, unsigned long start,
		     unsigned long end);

static inline unsigned long vma_pages(const struct vm_area *vma)
{
	return (vma->end - vma->start) >> PAGE_SHIFT;
}

#endif /* _MM_VMA_H */
