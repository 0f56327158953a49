/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Simulated physical memory and kernel services for host builds of the
 * frame allocator: phys_to_virt() is an offset into one big lazily backed
 * mapping (holes are never touched, so they cost nothing), and panic()
 * can be caught by a test with SIM_EXPECT_PANIC.
 */
#ifndef _TOOLS_FRAME_SIM_H
#define _TOOLS_FRAME_SIM_H

#include <setjmp.h>
#include <mosaic/types.h>

/* 4 GiB + 1 GiB: room for regions above the 4 GiB line. */
#define SIM_PHYS_SIZE (5ULL << 30)
#define SIM_4G (1ULL << 32)

extern u8 *sim_mem;
extern jmp_buf *sim_panic_jmp;
extern char sim_panic_msg[1024];
extern unsigned long sim_panic_count;
extern int sim_quiet;		/* 1: printk output suppressed */

void sim_init(void);
/* Give the simulated RAM's pages back to the OS (contents become zero). */
void sim_discard(void);

#endif /* _TOOLS_FRAME_SIM_H */
