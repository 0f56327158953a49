// SPDX-License-Identifier: GPL-2.0
/*
 * Memory bring-up, in order: find usable RAM, build the kernel's page
 * tables (direct map first, so the frame allocator can reach every
 * frame), start the frame allocator on what is left, then let paging
 * take its later page-table pages from it.
 */
#include <mosaic/bootinfo.h>
#include <mosaic/frame.h>
#include <mosaic/mm.h>
#include <mosaic/panic.h>
#include <mosaic/printk.h>
#include <mosaic/vmm.h>

static struct frame_region regions[FRAME_MAX_REGIONS];

void mm_init(const struct bootinfo *bi)
{
	u64 usable = 0;
	int n, err;

	n = memmap_build(bi, regions, FRAME_MAX_REGIONS);
	if (n < 0)
		panic("mm: the memory map lists no usable RAM above 1 MiB");
	paging_init(bi, regions, &n);
	for (int i = 0; i < n; i++) {
		usable += regions[i].size;
		pr_info("mm: usable [%#018llx-%#018llx] %llu KiB\n",
			(unsigned long long)regions[i].base,
			(unsigned long long)(regions[i].base + regions[i].size - 1),
			(unsigned long long)(regions[i].size >> 10));
	}
	err = frame_init(regions, n);
	if (err)
		panic("mm: frame allocator (%s) failed to start: error %d",
		      frame_policy_name(), err);
	paging_use_frame_allocator();
	pr_info("mm: %llu MiB usable, frame allocator: %s\n",
		(unsigned long long)(usable >> 20), frame_policy_name());
}
