/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Virtual memory: 4-level page tables with map, unmap, translate and
 * protect on 4 KiB pages, TLB invalidation included. Every operation
 * takes the address space (struct mm, <mosaic/mm_types.h>); the kernel's
 * is init_mm, and kernel-half addresses reach the same tables through
 * any mm. Page-table pages come from the frame allocator and are freed
 * when they become empty.
 */
#ifndef _MOSAIC_VMM_H
#define _MOSAIC_VMM_H

#include <mosaic/mm_types.h>
#include <mosaic/types.h>

#define VMM_WRITE (1UL << 0)
#define VMM_NX (1UL << 1)	/* no execute (ignored if the CPU lacks NX) */
#define VMM_USER (1UL << 2)
#define VMM_HUGE (1UL << 3)	/* reported by vmm_translate for 2 MiB pages */
/*
 * Memory type (at most one; none = write-back), through the PAT
 * (asm/pat.h). Without PAT, VMM_WC is mapped uncached.
 */
#define VMM_WC (1UL << 4)	/* write-combining: framebuffers */
#define VMM_UC (1UL << 5)	/* uncached: device registers */
#define VMM_WT (1UL << 6)	/* write-through */
#define VMM_CACHE_MASK (VMM_WC | VMM_UC | VMM_WT)

struct frame_region;
struct bootinfo;

/*
 * Returns 0, -EINVAL (unaligned/non-canonical, or more than one memory
 * type), -EEXIST, -ENOMEM.
 */
int vmm_map_page(struct mm *mm, unsigned long va, phys_addr_t pa,
		 unsigned long flags);
/*
 * Returns 0 (and the page's physical address in *pa, if pa is not NULL),
 * -EINVAL for an unaligned or non-canonical va, -ENOENT if nothing was
 * mapped there.
 */
int vmm_unmap_page(struct mm *mm, unsigned long va, phys_addr_t *pa);
/*
 * The same for pages consecutive pages from va onto the frames pas[],
 * under one lock: all of them are mapped, or none (then -EINVAL, -EEXIST
 * or -ENOMEM).
 */
int vmm_map_range(struct mm *mm, unsigned long va, const phys_addr_t *pas,
		  unsigned int pages, unsigned long flags);
/*
 * Unmap whatever is mapped of pages consecutive pages from va; pas[i]
 * (if pas is not NULL) gets each page's frame, or 0 where none was
 * mapped. Returns the number unmapped, or -EINVAL.
 */
int vmm_unmap_range(struct mm *mm, unsigned long va, unsigned int pages,
		    phys_addr_t *pas);
/* frame_free() each frame of pas[] that is not 0 (what unmap_range left). */
void vmm_free_frames(const phys_addr_t *pas, unsigned int n);
/* Returns 0 with *pa (exact byte) and *flags, -EINVAL or -ENOENT. */
int vmm_translate(struct mm *mm, unsigned long va, phys_addr_t *pa,
		  unsigned long *flags);
/* Returns 0, -EINVAL (as for vmm_map_page) or -ENOENT. */
int vmm_protect(struct mm *mm, unsigned long va, unsigned long flags);
/*
 * The lowest mapped page in [va, end) of mm's user half, or end when
 * there is none. Absent tables are skipped whole.
 */
unsigned long vmm_next_mapped(struct mm *mm, unsigned long va,
			      unsigned long end);
/* Page-table pages currently allocated from the frame allocator (all mms). */
unsigned long vmm_table_pages(void);
/* Page-table pages taken from the memory map at boot (never freed). */
unsigned long vmm_boot_table_pages(void);
bool vmm_has_nx(void);

/*
 * Kernel stacks in their own range, each with an unmapped guard page
 * below it. kstack_alloc returns the lowest usable address (the stack
 * top is base + pages * PAGE_SIZE) or NULL.
 */
void *kstack_alloc(unsigned int pages);
void kstack_free(void *base, unsigned int pages);

/* Boot: the page tables the kernel runs on (regions: mosaic/memmap.h). */
void paging_init(const struct bootinfo *bi, struct frame_region *regions,
		 int *nregions);
/* After frame_init: later page-table pages come from the frame allocator. */
void paging_use_frame_allocator(void);

#endif /* _MOSAIC_VMM_H */
