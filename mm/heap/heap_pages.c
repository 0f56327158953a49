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

/* Pages mapped or unmapped under one page-table lock. */
#define HEAP_MAP_BATCH 16U

static unsigned int batch_pages(unsigned long left)
{
	return left < HEAP_MAP_BATCH ? (unsigned int)left : HEAP_MAP_BATCH;
}

void heap_arch_unmap(void *va, size_t bytes)
{
	unsigned long v = (unsigned long)va;
	unsigned long pages = DIV_ROUND_UP(bytes, PAGE_SIZE);
	phys_addr_t pas[HEAP_MAP_BATCH];

	for (unsigned long done = 0, n; done < pages; done += n) {
		n = batch_pages(pages - done);
		if (vmm_unmap_range(&init_mm, v + done * PAGE_SIZE, n, pas) > 0)
			vmm_free_frames(pas, n);
	}
}

int heap_arch_map(void *va, size_t bytes)
{
	unsigned long v = (unsigned long)va, done, n;
	unsigned long pages = DIV_ROUND_UP(bytes, PAGE_SIZE);
	phys_addr_t pas[HEAP_MAP_BATCH];

	for (done = 0; done < pages; done += n) {
		n = batch_pages(pages - done);
		for (unsigned int i = 0; i < n; i++) {
			if (frame_alloc(0, &pas[i])) {
				vmm_free_frames(pas, i);
				goto undo;
			}
		}
		if (vmm_map_range(&init_mm, v + done * PAGE_SIZE, pas, n,
				  VMM_WRITE | VMM_NX)) {
			vmm_free_frames(pas, n);
			goto undo;
		}
	}
	return 0;
undo:
	/* all or nothing, so the page source's books stay right */
	heap_arch_unmap(va, done * PAGE_SIZE);
	return -ENOMEM;
}
