/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86-64 virtual memory layout:
 *
 *   0x0000000000000000 - 0x00007fffffffffff  user space (later)
 *   0xffff800000000000 - ...                 direct map of all RAM
 *   0xffffc00000000000 - 0xffffc0ffffffffff  kernel heap range
 *   0xffffc10000000000 - 0xffffc10003ffffff  kernel stacks (with guards)
 *   0xffffc20000000000 - 0xffffc2003fffffff  ioremap: MMIO, one guard page
 *                                            after each mapping
 *   0xffffffff80000000 - 0xffffffffffffffff  kernel image (-mcmodel=kernel)
 */
#ifndef _ASM_X86_PAGE_H
#define _ASM_X86_PAGE_H

#define DIRECT_MAP_BASE 0xffff800000000000UL
#define HEAP_VIRT_BASE 0xffffc00000000000UL
#define KSTACK_VIRT_BASE 0xffffc10000000000UL
#define IOREMAP_VIRT_BASE 0xffffc20000000000UL
#define IOREMAP_VIRT_SIZE 0x40000000UL
#define KERNEL_VIRT_BASE 0xffffffff80000000UL
#define KERNEL_PHYS_BASE 0x100000UL

#ifndef __ASSEMBLER__
#include <mosaic/types.h>

/*
 * Zero whole pages a quadword per step (rep stosq): at boot, page tables
 * and the struct page array are zeroed by the megabyte.
 */
static inline void clear_pages(void *addr, unsigned long pages)
{
	unsigned long count = pages * (4096 / 8);

	__asm__ __volatile__("rep stosq"
			     : "+D"(addr), "+c"(count)
			     : "a"(0UL)
			     : "memory");
}

/*
 * Copy whole pages a quadword per step (rep movsq), for copy-on-write:
 * a third of the instructions of memcpy's word loop.
 */
static inline void copy_pages(void *dst, const void *src, unsigned long pages)
{
	unsigned long count = pages * (4096 / 8);

	__asm__ __volatile__("rep movsq"
			     : "+D"(dst), "+S"(src), "+c"(count)
			     :
			     : "memory");
}

static inline void *phys_to_virt(phys_addr_t pa)
{
	return (void *)(pa + DIRECT_MAP_BASE);
}

static inline phys_addr_t virt_to_phys(const void *va)
{
	unsigned long v = (unsigned long)va;

	if (v >= KERNEL_VIRT_BASE)
		return v - KERNEL_VIRT_BASE;
	return v - DIRECT_MAP_BASE;
}
#endif

#endif /* _ASM_X86_PAGE_H */
