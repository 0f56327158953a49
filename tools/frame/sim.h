/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Simulated physical memory and kernel services for host builds of the
 * frame allocator: phys_to_virt() is an offset into one big lazily backed
 * mapping (holes are never touched, so they cost nothing). Catching
 * panics is the shared harness's job (HOST_CATCH_PANIC in hosttest.h).
 */
#ifndef _TOOLS_FRAME_SIM_H
#define _TOOLS_FRAME_SIM_H

#include <mosaic/types.h>

/* 4 GiB + 1 GiB: room for regions above the 4 GiB line. */
#define SIM_PHYS_SIZE (5ULL << 30)
#define SIM_4G (1ULL << 32)

extern u8 *sim_mem;

void sim_init(void);
/* Give the simulated RAM's pages back to the OS (contents become zero). */
void sim_discard(void);

#endif /* _TOOLS_FRAME_SIM_H */
