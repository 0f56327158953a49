// SPDX-License-Identifier: GPL-2.0
/*
 * Memory bring-up, in order: find usable RAM, build the kernel's page
 * tables (direct map first, so the frame allocator can reach every
 * frame), carve the struct page array, start the frame allocator on what
 * is left, then let paging take its later page-table pages from it.
 * mm_meminfo accounts for every usable frame of the memory map.
 */
#include <mosaic/bootinfo.h>
#include <mosaic/frame.h>
#include <mosaic/memmap.h>
#include <mosaic/mm.h>
#include <mosaic/page.h>
#include <mosaic/panic.h>
#include <mosaic/printk.h>
#include <mosaic/vmm.h>

extern char _kernel_phys_start[], _kernel_phys_end[];

static struct frame_region regions[FRAME_MAX_REGIONS];
static u64 usable_frames_at_boot;
static u64 frames_to_allocator;

static u64 region_frames(const struct frame_region *r, int n)
{
	u64 frames = 0;

	for (int i = 0; i < n; i++)
		frames += r[i].size / PAGE_SIZE;
	return frames;
}

void mm_init(const struct bootinfo *bi)
{
	u64 usable = 0;
	int n, err;

	n = memmap_build(bi, (phys_addr_t)_kernel_phys_start,
			 (phys_addr_t)_kernel_phys_end, regions,
			 FRAME_MAX_REGIONS);
	if (n < 0)
		panic("mm: the memory map lists no usable RAM above 1 MiB");
	usable_frames_at_boot = region_frames(regions, n);
	paging_init(bi, regions, &n);
	page_array_init(regions, n);
	frames_to_allocator = region_frames(regions, n);
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
	mm_print_meminfo();
}

void mm_get_meminfo(struct mm_meminfo *mi)
{
	struct frame_stats fs;

	frame_get_stats(&fs);
	mi->usable_frames = usable_frames_at_boot;
	mi->boot_table_frames = vmm_boot_table_pages();
	mi->page_array_frames = page_array_frames();
	mi->frame_total_frames = frames_to_allocator;
	mi->free_frames = fs.free_frames;
	mi->table_frames = vmm_table_pages();
}

void mm_print_meminfo(void)
{
	struct mm_meminfo mi;

	mm_get_meminfo(&mi);
	pr_info("meminfo: usable %llu KiB = frame allocator %llu KiB + struct page %llu KiB + boot page tables %llu KiB; free %llu KiB, page tables %llu KiB\n",
		(unsigned long long)(mi.usable_frames * 4),
		(unsigned long long)(mi.frame_total_frames * 4),
		(unsigned long long)(mi.page_array_frames * 4),
		(unsigned long long)(mi.boot_table_frames * 4),
		(unsigned long long)(mi.free_frames * 4),
		(unsigned long long)(mi.table_frames * 4));
}
