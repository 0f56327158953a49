/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Address spaces. A struct mm owns one top-level page table (PML4) and
 * the tables below it in the user half (PML4 slots 0..255). The kernel
 * half (slots 256..511) is the same in every address space: its tables
 * were all created at boot and belong to init_mm, the kernel's own
 * address space, so a kernel mapping made later is seen through every
 * mm. Documentation/mm/address-space.md describes the objects, the
 * layout and the locking.
 *
 * struct page describes one physical frame (mm/page.c; pfn_to_page() and
 * friends are in <mosaic/mm.h>).
 */
#ifndef _MOSAIC_MM_TYPES_H
#define _MOSAIC_MM_TYPES_H

#include <mosaic/mutex.h>
#include <mosaic/rbtree.h>
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

	/* The user half's areas (struct vm_area, <mosaic/mmap.h>). */
	struct mutex mmap_lock;	/* areas, map_count, the fields below */
	struct rb_root areas;	/* by start address */
	unsigned long map_count;
	unsigned long start_brk, brk;	/* the heap of sys_brk */
	unsigned long start_stack;	/* top of the initial stack area */
	unsigned long stack_rlimit;	/* how far the stack area may grow */
	unsigned long mmap_base;	/* top-down placement starts below */
	unsigned long rss;	/* user frames mapped */
	unsigned long hiwater_rss;	/* the most rss has been */
	/*
	 * Where exec put the program, its argument and environment strings
	 * (Linux's fields of the same names: /proc/<pid>/stat, cmdline,
	 * environ). Copied by fork.
	 */
	unsigned long start_code, end_code, start_data, end_data;
	unsigned long arg_start, arg_end, env_start, env_end;
	int users;		/* mm_get/mm_put */
};

/*
 * One per frame from the lowest to the highest usable frame, indexed by
 * pfn, beside the frame allocator (which knows nothing of it).
 */
struct page {
	/*
	 * Holders of the frame; 0 while it is free or owned without
	 * counting. alloc_page() sets 1, put_page() frees at 0.
	 */
	int refcount;
	/* Page-table leaves that map the frame (vmm_map_page/unmap). */
	int mapcount;
	unsigned long flags;	/* PG_* */
};

/* Not the frame allocator's: a hole, the kernel, boot tables, this array. */
#define PG_reserved (1UL << 0)
/* Holds a page table (of any mm). */
#define PG_table (1UL << 1)

/* The kernel's address space: the one every CPU starts on. */
extern struct mm init_mm;

/*
 * A new address space: an empty user half and the kernel half shared
 * with init_mm. Returns NULL when memory runs out.
 */
struct mm *mm_create(void);
/*
 * Free the user-half page tables and the mm itself. The pages those
 * tables mapped stop counting the mappings but are their owners' to
 * free. The mm must not be running. Address spaces with areas are
 * released with mm_put() (<mosaic/mmap.h>), which frees the user frames
 * first and then calls this.
 */
void mm_destroy(struct mm *mm);
/* Load the address space's page tables on this CPU (CR3). */
void mm_activate(struct mm *mm);

#endif /* _MOSAIC_MM_TYPES_H */
