// SPDX-License-Identifier: GPL-2.0
/*
 * ioremap: map device memory (framebuffer, LAPIC, IOAPIC, HPET, PCI
 * BARs) into the kernel's ioremap range [IOREMAP_VIRT_BASE,
 * + IOREMAP_VIRT_SIZE) with the memory type the caller asks for. Each
 * mapping is followed by an unmapped guard page, so running off its end
 * faults instead of touching the next device. RAM the frame allocator
 * manages is refused.
 */
#include <asm/io.h>
#include <asm/page.h>
#include <mosaic/bitmap.h>
#include <mosaic/errno.h>
#include <mosaic/mm.h>
#include <mosaic/page.h>
#include <mosaic/printk.h>
#include <mosaic/spinlock.h>
#include <mosaic/vmm.h>

#define IOREMAP_PAGES (IOREMAP_VIRT_SIZE / PAGE_SIZE)
#define IOREMAP_MAX_AREAS 128

struct ioremap_area {
	unsigned long first;	/* page index in the range; pages == 0: free */
	unsigned long pages;	/* mapped pages, the guard not counted */
};

/* Protects the range's page bitmap and the area table. */
static DEFINE_SPINLOCK(ioremap_lock);
static unsigned long ioremap_used[BITS_TO_LONGS(IOREMAP_PAGES)];
static struct ioremap_area areas[IOREMAP_MAX_AREAS];

static unsigned long area_va(const struct ioremap_area *a)
{
	return IOREMAP_VIRT_BASE + a->first * PAGE_SIZE;
}

/* The live area that starts at va, or NULL. Under ioremap_lock. */
static struct ioremap_area *live_area(unsigned long va)
{
	unsigned long first = (va - IOREMAP_VIRT_BASE) / PAGE_SIZE;

	if (va < IOREMAP_VIRT_BASE || first >= IOREMAP_PAGES)
		return NULL;
	for (int i = 0; i < IOREMAP_MAX_AREAS; i++)
		if (areas[i].pages && areas[i].first == first)
			return &areas[i];
	return NULL;
}

/* An unused entry of the area table, or NULL. Under ioremap_lock. */
static struct ioremap_area *free_slot(void)
{
	for (int i = 0; i < IOREMAP_MAX_AREAS; i++)
		if (!areas[i].pages)
			return &areas[i];
	return NULL;
}

/* Reserve pages + a guard page in the range; NULL if it is full. */
static struct ioremap_area *area_reserve(unsigned long pages)
{
	struct ioremap_area *area = NULL;
	unsigned long first;

	spin_lock(&ioremap_lock);
	first = bitmap_find_next_zero_area(ioremap_used, IOREMAP_PAGES, 0,
					   pages + 1, 0);
	if (first + pages + 1 <= IOREMAP_PAGES)
		area = free_slot();
	if (area) {
		area->first = first;
		area->pages = pages;
		bitmap_set(ioremap_used, first, pages + 1);
	}
	spin_unlock(&ioremap_lock);
	return area;
}

/* Give an area's pages (and guard) back to the range; free its entry. */
static void area_release(struct ioremap_area *area)
{
	spin_lock(&ioremap_lock);
	bitmap_clear(ioremap_used, area->first, area->pages + 1);
	area->pages = 0;
	spin_unlock(&ioremap_lock);
}

/*
 * RAM the frame allocator hands out is reached through the direct map,
 * write-back; a second, uncached alias of it would break coherence.
 */
static bool covers_allocatable_ram(phys_addr_t first, unsigned long pages)
{
	for (unsigned long i = 0; i < pages; i++)
		if (pfn_is_allocatable(PHYS_PFN(first) + i))
			return true;
	return false;
}

static void unmap_pages(unsigned long va, unsigned long pages)
{
	for (unsigned long i = 0; i < pages; i++)
		vmm_unmap_page(&init_mm, va + i * PAGE_SIZE, NULL);
}

void __iomem *ioremap(phys_addr_t phys, size_t size, unsigned long flags)
{
	phys_addr_t first = ALIGN_DOWN(phys, PAGE_SIZE);
	struct ioremap_area *area;
	unsigned long pages, va;

	if (!size || phys + size < phys || (flags & ~VMM_CACHE_MASK) ||
	    phys + size > (1ULL << 52))
		return NULL;
	pages = (ALIGN_UP(phys + size, PAGE_SIZE) - first) / PAGE_SIZE;
	if (pages >= IOREMAP_PAGES)
		return NULL;
	if (covers_allocatable_ram(first, pages)) {
		pr_err("ioremap: %#llx-%#llx is RAM, not device memory\n",
		       (unsigned long long)phys,
		       (unsigned long long)(phys + size - 1));
		return NULL;
	}
	area = area_reserve(pages);
	if (!area) {
		pr_warn("ioremap: no room for %lu pages at %#llx\n", pages,
			(unsigned long long)phys);
		return NULL;
	}
	va = area_va(area);
	for (unsigned long i = 0; i < pages; i++) {
		if (vmm_map_page(&init_mm, va + i * PAGE_SIZE,
				 first + i * PAGE_SIZE,
				 flags | VMM_WRITE | VMM_NX)) {
			unmap_pages(va, i);
			area_release(area);
			return NULL;
		}
	}
	return (void __iomem *)(va + (phys - first));
}

void iounmap(volatile void __iomem *addr)
{
	unsigned long va = ALIGN_DOWN((unsigned long __force)addr, PAGE_SIZE);
	struct ioremap_area *live, gone = { 0, 0 };

	if (!addr)
		return;
	/* Take the area out of the table first: a second iounmap finds none. */
	spin_lock(&ioremap_lock);
	live = live_area(va);
	if (live) {
		gone = *live;
		live->pages = 0;
	}
	spin_unlock(&ioremap_lock);
	if (!gone.pages) {
		pr_err("iounmap: %p was not returned by ioremap\n",
		       (void __force *)addr);
		return;
	}
	unmap_pages(area_va(&gone), gone.pages);
	area_release(&gone);
}
