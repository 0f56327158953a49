// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel side of the heap's page source: the window starts at
 * HEAP_VIRT_BASE (arch/x86/include/asm/page.h) and is backed page by page
 * with frames from the frame allocator, mapped writable and no-execute.
 * Works with every frame policy: only single frames (order 0) are used.
 */
#include <mosaic/errno.h>
#include <mosaic/frame.h>
#include <mosaic/heap_policy.h>
#include <mosaic/page.h>
#include <mosaic/panic.h>
#include <mosaic/vmm.h>

void *heap_arch_window(void)
{
	return (void *)HEAP_VIRT_BASE;
}

void heap_arch_unmap(void *va, size_t bytes)
{
	unsigned long v = (unsigned long)va, end = v + bytes;
	phys_addr_t pa;

	for (; v < end; v += PAGE_SIZE)
		if (vmm_unmap_page(&init_mm, v, &pa) == 0)
			frame_free(pa, 0);
}

int heap_arch_map(void *va, size_t bytes)
{
	unsigned long v = (unsigned long)va, off;
	phys_addr_t pa;

	for (off = 0; off < bytes; off += PAGE_SIZE) {
		if (frame_alloc(0, &pa))
			goto undo;
		if (vmm_map_page(&init_mm, v + off, pa, VMM_WRITE | VMM_NX)) {
			frame_free(pa, 0);
			goto undo;
		}
	}
	return 0;
undo:
	/* all or nothing, so the page source's books stay right */
	heap_arch_unmap(va, off);
	return -ENOMEM;
}
