/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The memory-map builder (mm/memmap.c): usable RAM out of the
 * multiboot2 memory map, for the page tables and the frame allocator.
 * Freestanding, so tools/memmap tests it on the host.
 */
#ifndef _MOSAIC_MEMMAP_H
#define _MOSAIC_MEMMAP_H

#include <mosaic/types.h>

struct bootinfo;
struct frame_region;

/*
 * The available ranges of bi's memory map, page-aligned inwards, sorted,
 * merged where they overlap or touch, minus (page-aligned outwards)
 * every range the map lists as anything but available, the first MiB,
 * the kernel image [kernel_start, kernel_end), the boot information and
 * the boot modules. Returns the number of regions written (at most max;
 * a warning names what did not fit) or -ENOMEM if none is left.
 */
int memmap_build(const struct bootinfo *bi, phys_addr_t kernel_start,
		 phys_addr_t kernel_end, struct frame_region *regions, int max);
/*
 * Boot only: take one page for page tables out of the regions, the
 * lowest that lies below 4 GiB (what the boot page tables reach); 0 if
 * there is none.
 */
phys_addr_t memmap_early_alloc(struct frame_region *regions, int n);

#endif /* _MOSAIC_MEMMAP_H */
