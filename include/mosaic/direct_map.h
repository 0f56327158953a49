/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Firmware and device memory outside RAM (framebuffers, ACPI tables in
 * reserved regions) reached at its direct-map alias, phys_to_virt(pa).
 * A stand-in until ioremap() exists: the pages are mapped write-back,
 * which is why the callers keep it behind one function each.
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
