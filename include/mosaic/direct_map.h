/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Firmware memory outside the RAM the kernel manages (ACPI tables in
 * reserved regions) reached at its direct-map alias, phys_to_virt(pa),
 * mapped write-back as memory. Device memory (framebuffers, registers)
 * goes through ioremap() with its memory type instead.
 */
#ifndef _MOSAIC_DIRECT_MAP_H
#define _MOSAIC_DIRECT_MAP_H

#include <mosaic/types.h>

/*
 * Make [@pa, @pa + @size) reachable at phys_to_virt(@pa), mapping the
 * pages that are not yet (with VMM_* @flags). Returns the address, or
 * NULL (a message printed) if a page cannot be mapped.
 */
void *direct_map_range(phys_addr_t pa, u64 size, unsigned long flags);

#endif /* _MOSAIC_DIRECT_MAP_H */
