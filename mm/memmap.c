// SPDX-License-Identifier: GPL-2.0
/*
 * Usable RAM: the multiboot2 memory map's available ranges, page
 * aligned, minus everything that must never be handed out: any range
 * the map also lists as reserved, ACPI, NVS or bad (firmware maps may
 * overlap; the restrictive type wins, as in Linux's e820 sanitising),
 * the first MiB (real-mode structures, BIOS data, VGA), the kernel
 * image, the boot information structure and boot modules.
 */
#include <mosaic/bootinfo.h>
#include <mosaic/compiler.h>
#include <mosaic/errno.h>
#include <mosaic/frame.h>
#include <mosaic/memmap.h>
#include <mosaic/page.h>
#include <mosaic/printk.h>
#include <mosaic/sort.h>

#define LOW_MEMORY_END 0x100000UL
/* The last page boundary: ends are clamped here rather than wrap. */
#define TOP_PAGE_END (~(phys_addr_t)0 & PAGE_MASK)

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

/* The exclusive end of [base, base + length), clamped rather than wrap. */
static phys_addr_t entry_end(phys_addr_t base, u64 length)
{
	phys_addr_t end = base + length;

	return end < base ? ~(phys_addr_t)0 : end;
}

static void drop_empty(struct region_list *l)
{
	int j = 0;

	for (int i = 0; i < l->n; i++)
		if (l->r[i].size)
			l->r[j++] = l->r[i];
	l->n = j;
}

/* Remove [start, end) (page-aligned outwards) from every region. */
static void remove_range(struct region_list *l, phys_addr_t start,
			 phys_addr_t end)
{
	start = ALIGN_DOWN(start, PAGE_SIZE);
	end = end > TOP_PAGE_END ? TOP_PAGE_END : ALIGN_UP(end, PAGE_SIZE);
	for (int i = 0; i < l->n; i++) {
		phys_addr_t rs = l->r[i].base, re = rs + l->r[i].size;

		if (end <= rs || start >= re)
			continue;
		/* Keep the part below; queue the part above as a new region. */
		l->r[i].size = start > rs ? start - rs : 0;
		if (end < re)
			add_region(l, end, re);
	}
	drop_empty(l);
}

static int cmp_region_base(const void *a, const void *b)
{
	const struct frame_region *x = a, *y = b;

	return x->base < y->base ? -1 : x->base > y->base;
}

/* Shrink every region to the whole pages inside it. */
static void align_inwards(struct region_list *l)
{
	for (int i = 0; i < l->n; i++) {
		phys_addr_t start = ALIGN_UP(l->r[i].base, PAGE_SIZE);
		phys_addr_t end = ALIGN_DOWN(l->r[i].base + l->r[i].size,
					     PAGE_SIZE);

		if (start < l->r[i].base)	/* rounded past the top */
			end = start;
		l->r[i].base = start;
		l->r[i].size = end > start ? end - start : 0;
	}
	drop_empty(l);
}

/* Sort, and make regions that overlap or touch one. */
static void sort_and_merge(struct region_list *l)
{
	int j = 0;

	sort(l->r, l->n, sizeof(l->r[0]), cmp_region_base);
	for (int i = 0; i < l->n; i++) {
		struct frame_region *prev = j ? &l->r[j - 1] : NULL;
		phys_addr_t end = l->r[i].base + l->r[i].size;

		if (prev && l->r[i].base <= prev->base + prev->size) {
			if (end > prev->base + prev->size)
				prev->size = end - prev->base;
			continue;
		}
		l->r[j++] = l->r[i];
	}
	l->n = j;
}

int memmap_build(const struct bootinfo *bi, phys_addr_t kernel_start,
		 phys_addr_t kernel_end, struct frame_region *regions, int max)
{
	struct region_list l = { regions, 0, max };

	for (unsigned int i = 0; i < bi->mmap_count; i++) {
		const struct bootinfo_mmap_entry *e = &bi->mmap[i];

		if (e->type == BOOTINFO_MEM_AVAILABLE)
			add_region(&l, e->base, entry_end(e->base, e->length));
	}
	/* Merge before aligning: two entries may share a page between them. */
	sort_and_merge(&l);
	align_inwards(&l);
	for (unsigned int i = 0; i < bi->mmap_count; i++) {
		const struct bootinfo_mmap_entry *e = &bi->mmap[i];

		if (e->type != BOOTINFO_MEM_AVAILABLE)
			remove_range(&l, e->base, entry_end(e->base, e->length));
	}
	remove_range(&l, 0, LOW_MEMORY_END);
	remove_range(&l, kernel_start, kernel_end);
	remove_range(&l, bi->info_start, bi->info_end);
	for (unsigned int i = 0; i < bi->module_count; i++)
		remove_range(&l, bi->modules[i].start, bi->modules[i].end);
	sort(l.r, l.n, sizeof(l.r[0]), cmp_region_base);
	if (!l.n)
		return -ENOMEM;
	return l.n;
}

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
