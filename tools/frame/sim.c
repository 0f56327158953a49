// SPDX-License-Identifier: GPL-2.0
/* Host stand-ins for the kernel services the frame allocator uses. */
#include <mosaic/page.h>
#include <mosaic/panic.h>
#include <mosaic/printk.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "sim.h"

/* The benchmark builds with -DSIM_CHECKED=0 so phys_to_virt() is an add. */
#ifndef SIM_CHECKED
#define SIM_CHECKED 1
#endif

u8 *sim_mem;
jmp_buf *sim_panic_jmp;
char sim_panic_msg[1024];
unsigned long sim_panic_count;
int sim_quiet;

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

void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(sim_panic_msg, sizeof(sim_panic_msg), fmt, ap);
	va_end(ap);
	sim_panic_count++;
	if (sim_panic_jmp)
		longjmp(*sim_panic_jmp, 1);
	fprintf(stderr, "PANIC: %s\n", sim_panic_msg);
	abort();
}

int vprintk(const char *fmt, va_list args)
{
	if (fmt[0] == KERN_SOH[0] && fmt[1])
		fmt += 2;
	if (sim_quiet)
		return 0;
	return vfprintf(stderr, fmt, args);
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}
