// SPDX-License-Identifier: GPL-2.0
/*
 * Simulated physical memory for host builds of the frame allocator;
 * panic() and printk() are the shared ones (tools/lib/hoststubs.c).
 */
#include <mosaic/page.h>

#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "sim.h"

/* The benchmark builds with -DSIM_CHECKED=0 so phys_to_virt() is an add. */
#ifndef SIM_CHECKED
#define SIM_CHECKED 1
#endif

u8 *sim_mem;

void sim_init(void)
{
	void *p = mmap(NULL, SIM_PHYS_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (p == MAP_FAILED) {
		perror("sim: mmap");
		exit(2);
	}
	sim_mem = p;
}

void sim_discard(void)
{
	madvise(sim_mem, SIM_PHYS_SIZE, MADV_DONTNEED);
}

void *phys_to_virt(phys_addr_t pa)
{
	if (SIM_CHECKED && pa >= SIM_PHYS_SIZE) {
		fprintf(stderr, "sim: phys_to_virt(0x%llx) outside simulated RAM\n",
			(unsigned long long)pa);
		abort();
	}
	return sim_mem + pa;
}

phys_addr_t virt_to_phys(const void *va)
{
	return (phys_addr_t)((const u8 *)va - sim_mem);
}
