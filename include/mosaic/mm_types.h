/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Address spaces. A struct mm owns one top-level page table (PML4) and
 * the tables below it in the user half (PML4 slots 0..255). The kernel
 * half (slots 256..511) is the same in every address space: its tables
 * were all created at boot and belong to init_mm, the kernel's own
 * address space, so a kernel mapping made later is seen through every
 * mm. Documentation/mm/address-space.md describes the objects, the
 * layout and the locking.
 */
#ifndef _MOSAIC_MM_TYPES_H
#define _MOSAIC_MM_TYPES_H

#include <mosaic/spinlock.h>
#include <mosaic/types.h>

struct mm {
	u64 *pml4;		/* the top-level table, through the direct map */
	phys_addr_t pml4_phys;	/* what CR3 holds while this mm runs */
	/*
	 * Serialises every change to this mm's page tables (and walks that
	 * must not see a table freed under them). Kernel-half tables are
	 * init_mm's, so they are changed under init_mm's lock whichever mm
	 * the caller passed. Taken with interrupts off.
	 */
	spinlock_t page_table_lock;
	/* Page-table pages this mm owns from the frame allocator. */
	unsigned long table_pages;
};

/* The kernel's address space: the one every CPU starts on. */
extern struct mm init_mm;

/*
 * A new address space: an empty user half and the kernel half shared
 * with init_mm. Returns NULL when memory runs out.
 */
struct mm *mm_create(void);
/*
 * Free the user-half page tables and the mm itself. The pages those
 * tables mapped are their owners' to free. The mm must not be running.
 */
void mm_destroy(struct mm *mm);
/* Load the address space's page tables on this CPU (CR3). */
void mm_activate(struct mm *mm);

#endif /* _MOSAIC_MM_TYPES_H */
