// SPDX-License-Identifier: GPL-2.0
/*
 * Usable RAM: the multiboot2 memory map's available ranges, page
 * aligned, minus everything that must never be handed out: the first
 * MiB (real-mode structures, BIOS data, VGA), the kernel image, the boot
 * information structure and boot modules. ACPI tables live in ranges the
 * map marks reclaimable or NVS, which are never available here.
 */
#include <asm/page.h>
#include <mosaic/bootinfo.h>
#include <mosaic/compiler.h>
#include <mosaic/errno.h>
#include <mosaic/frame.h>
#include <mosaic/page.h>
#include <mosaic/printk.h>
#include <mosaic/sort.h>
#include <mosaic/vmm.h>

extern char _kernel_phys_start[], _kernel_phys_end[];

#define LOW_MEMORY_END 0x100000UL

struct region_list {
	struct frame_region *r;
	int n, max;
};

static int add_region(struct region_list *l, phys_addr_t start,
		      phys_addr_t end)
{
	if (end <= start)
		return 0;
	if (l->n == l->max) {
		pr_warn("memmap: more than %d regions, ignoring %#llx-%#llx\n",
			l->max, (unsigned long long)start,
			(unsigned long long)end);
		return -ENOSPC;
	}
	l->r[l->n].base = start;
	l->r[l->n].size = end - start;
	l->n++;
	return 0;
}

/* Remove [start, end) from every region, splitting where needed. */
static void compact(struct region_list *l);

static void remove_range(struct region_list *l, phys_addr_t start,
			 phys_addr_t end)
{
	start = ALIGN_DOWN(start, PAGE_SIZE);
	end = ALIGN_UP(end, PAGE_SIZE);
	for (int i = 0; i < l->n; i++) {
		phys_addr_t rs = l->r[i].base, re = rs + l->r[i].size;

		if (end <= rs || start >= re)
			continue;
		/* Keep the part below; queue the part above as a new region. */
		l->r[i].size = start > rs ? start - rs : 0;
		if (end < re)
			add_region(l, end, re);
	}
	compact(l);
}

static void compact(struct region_list *l)
{
	int j = 0;

	for (int i = 0; i < l->n; i++)
		if (l->r[i].size)
			l->r[j++] = l->r[i];
	l->n = j;
}

static int cmp_region_base(const void *a, const void *b)
{
	const struct frame_region *x = a, *y = b;

	return x->base < y->base ? -1 : x->base > y->base;
}

int memmap_build(const struct bootinfo *bi, struct frame_region *regions,
		 int max)
{
	struct region_list l = { regions, 0, max };

	for (unsigned int i = 0; i < bi->mmap_count; i++) {
		const struct bootinfo_mmap_entry *e = &bi->mmap[i];

		if (e->type != BOOTINFO_MEM_AVAILABLE)
			continue;
		add_region(&l, ALIGN_UP(e->base, PAGE_SIZE),
			   ALIGN_DOWN(e->base + e->length, PAGE_SIZE));
	}
	remove_range(&l, 0, LOW_MEMORY_END);
	remove_range(&l, (phys_addr_t)_kernel_phys_start,
		     (phys_addr_t)_kernel_phys_end);
	remove_range(&l, bi->info_start, bi->info_end);
	for (unsigned int i = 0; i < bi->module_count; i++)
		remove_range(&l, bi->modules[i].start, bi->modules[i].end);
	sort(l.r, l.n, sizeof(l.r[0]), cmp_region_base);
	if (!l.n)
		return -ENOMEM;
	return l.n;
}

/*
 * Before the frame allocator exists, page-table pages are taken from the
 * bottom of the lowest region: the boot page tables map only the first
 * 4 GiB, and the pages must be reachable to be filled in.
 */
phys_addr_t memmap_early_alloc(struct frame_region *regions, int n)
{
	for (int i = 0; i < n; i++) {
		struct frame_region *r = &regions[i];
		phys_addr_t page = r->base;

		if (r->size < PAGE_SIZE || page + PAGE_SIZE > (1ULL << 32))
			continue;
		r->base += PAGE_SIZE;
		r->size -= PAGE_SIZE;
		return page;
	}
	return 0;
}
