/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _MOSAIC_MM_H
#define _MOSAIC_MM_H

struct bootinfo;

/* Usable RAM, page tables, frame allocator; then the heap. */
void mm_init(const struct bootinfo *bi);

#include <mosaic/types.h>

/* The C entry from arch/x86/boot/head.S. */
void start_kernel(u32 magic, u32 mbi_phys);

#endif /* _MOSAIC_MM_H */
