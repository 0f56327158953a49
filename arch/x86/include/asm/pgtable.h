/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86-64 page-table entries: the bits of a 4-level entry and the raw
 * lookup that tests use to check what the hardware will see.
 */
#ifndef _ASM_X86_PGTABLE_H
#define _ASM_X86_PGTABLE_H

#include <mosaic/types.h>

#define PTE_PRESENT (1UL << 0)
#define PTE_WRITE (1UL << 1)
#define PTE_USER (1UL << 2)
#define PTE_PWT (1UL << 3)
#define PTE_PCD (1UL << 4)
#define PTE_HUGE (1UL << 7)	/* PS in a page directory entry */
#define PTE_PAT (1UL << 7)	/* PAT in a 4 KiB page-table entry */
#define PTE_GLOBAL (1UL << 8)
#define PTE_PAT_HUGE (1UL << 12)	/* PAT in a 2 MiB entry (bit 7 is PS) */
#define PTE_NX (1UL << 63)
#define PTE_ADDR_MASK 0x000ffffffffff000UL
#define PTRS_PER_TABLE 512
#define HUGE_SIZE (1UL << 21)

/* PML4 slots 256..511 map the kernel half, shared by every mm. */
#define KERNEL_PML4_FIRST 256
#define KERNEL_HALF_START 0xffff800000000000UL

struct mm;

/*
 * The entry that maps va in mm (a 4 KiB PTE at level 1, a 2 MiB PDE at
 * level 2, ...), copied into *entry with its level; -ENOENT if none.
 */
int pgtable_lookup(struct mm *mm, unsigned long va, u64 *entry, int *level);

#endif /* _ASM_X86_PGTABLE_H */
