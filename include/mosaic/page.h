/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Page size and the physical <-> virtual translation that freestanding
 * code (frame policies) uses to reach memory. The kernel reaches all RAM
 * through the direct map; a host build provides these two functions over
 * its simulated physical memory.
 */
#ifndef _MOSAIC_PAGE_H
#define _MOSAIC_PAGE_H

#include <mosaic/types.h>

#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))

#define PFN_PHYS(pfn) ((phys_addr_t)(pfn) << PAGE_SHIFT)
#define PHYS_PFN(pa) ((pfn_t)((pa) >> PAGE_SHIFT))

#ifdef __MOSAIC_HOST__
void *phys_to_virt(phys_addr_t pa);
phys_addr_t virt_to_phys(const void *va);
#else
#include <asm/page.h>
#endif

#endif /* _MOSAIC_PAGE_H */
