// SPDX-License-Identifier: GPL-2.0
/*
 * struct page: one descriptor per frame, from the lowest to the highest
 * usable frame, indexed by pfn (a flat array; holes between regions get
 * PG_reserved descriptors). It lives beside the frame allocator, not in
 * it: the policies keep their own metadata, and reference and mapping
 * counts here serve what shares frames (copy-on-write, shared mappings,
 * file pages). The array is carved from usable RAM at boot, before the
 * frame allocator starts, and mm_meminfo reports what it costs.
 */
#include <mosaic/compiler.h>
#include <mosaic/frame.h>
#include <mosaic/mm.h>
#include <mosaic/page.h>
#include <mosaic/panic.h>
#include <mosaic/printk.h>
#include <mosaic/string.h>

struct page *mem_map;
pfn_t mem_map_first_pfn, mem_map_end_pfn;
static unsigned long array_frames;

/* Take size bytes (whole frames) off the top of the largest region. */
static phys_addr_t carve(struct frame_region *regions, int n, u64 size)
{
	struct frame_region *best = NULL;

	for (int i = 0; i < n; i++)
		if (regions[i].size >= size &&
		    (!best || regions[i].size > best->size))
			best = &regions[i];
	if (!best)
		return 0;
	best->size -= size;
	return best->base + best->size;
}

/* The whole frames [*first, *end) of a region; false if there are none. */
static bool region_pfns(const struct frame_region *r, pfn_t *first, pfn_t *end)
{
	*first = PHYS_PFN(ALIGN_UP(r->base, PAGE_SIZE));
	*end = PHYS_PFN(ALIGN_DOWN(r->base + r->size, PAGE_SIZE));
	return *end > *first;
}

/* Mark [first, end) reserved: a gap between regions. */
static void reserve_pfns(pfn_t first, pfn_t end)
{
	for (pfn_t pfn = first; pfn < end; pfn++)
		pfn_to_page(pfn)->flags = PG_reserved;
}

/* The regions are memmap_build()'s: sorted and disjoint. */
void page_array_init(struct frame_region *regions, int n)
{
	pfn_t first = ~(pfn_t)0, end = 0, gap;
	phys_addr_t pa;
	u64 bytes;

	for (int i = 0; i < n; i++) {
		pfn_t f, e;

		if (!region_pfns(&regions[i], &f, &e))
			continue;
		if (f < first)
			first = f;
		if (e > end)
			end = e;
	}
	if (end <= first)
		panic("mm: no usable frame to describe");
	bytes = ALIGN_UP((end - first) * sizeof(struct page), PAGE_SIZE);
	pa = carve(regions, n, bytes);
	if (!pa)
		panic("mm: no region holds the %llu KiB struct page array",
		      (unsigned long long)(bytes >> 10));
	mem_map = phys_to_virt(pa);
	mem_map_first_pfn = first;
	gap = first;
	mem_map_end_pfn = end;
	array_frames = bytes / PAGE_SIZE;
	/*
	 * Zero is a usable, unreferenced, unmapped frame; only the gaps
	 * between the (sorted) regions need marking, the carved array
	 * included.
	 */
	clear_pages(mem_map, array_frames);
	for (int i = 0; i < n; i++) {
		pfn_t f, e;

		if (!region_pfns(&regions[i], &f, &e))
			continue;
		if (f < gap)
			panic("mm: usable regions overlap or are unsorted");
		reserve_pfns(gap, f);
		gap = e;
	}
	reserve_pfns(gap, end);
	pr_info("mm: struct page array: %llu KiB for %llu frames at %#llx\n",
		(unsigned long long)(bytes >> 10),
		(unsigned long long)(end - first), (unsigned long long)pa);
}

unsigned long page_array_frames(void)
{
	return array_frames;
}

static void bad_page(const struct page *page, const char *why)
{
	panic("bad page: pfn %#llx (refcount %d, mapcount %d, flags %#lx): %s",
	      (unsigned long long)page_to_pfn(page), page->refcount,
	      page->mapcount, page->flags, why);
}

struct page *alloc_page(void)
{
	struct page *page;
	phys_addr_t pa;

	if (frame_alloc(0, &pa))
		return NULL;
	page = phys_to_page(pa);
	if (!page)
		panic("alloc_page: frame %#llx has no struct page",
		      (unsigned long long)pa);
	if (page->refcount || (page->flags & PG_reserved))
		bad_page(page, "the frame allocator handed out a frame in use");
	page->refcount = 1;
	return page;
}

void get_page(struct page *page)
{
	if (__atomic_add_fetch(&page->refcount, 1, __ATOMIC_RELAXED) <= 1)
		bad_page(page, "get_page on a page nobody holds");
}

void put_page(struct page *page)
{
	int left = __atomic_sub_fetch(&page->refcount, 1, __ATOMIC_ACQ_REL);

	if (left < 0)
		bad_page(page, "put_page on a page nobody holds");
	if (left)
		return;
	if (page->mapcount)
		bad_page(page, "last reference dropped while still mapped");
	frame_free(page_to_phys(page), 0);
}
