// SPDX-License-Identifier: GPL-2.0
/*
 * struct page tests: the array describes every frame the allocator hands
 * out and marks the rest reserved, its cost is accounted, reference
 * counts free a frame exactly at the last put, mapping counts follow
 * vmm_map_page/unmap, and page-table pages are flagged.
 */
#include <asm/page.h>
#include <mosaic/errno.h>
#include <mosaic/frame.h>
#include <mosaic/ktest.h>
#include <mosaic/mm.h>
#include <mosaic/vmm.h>

extern char _text[];

/* Far from anything else in the heap range. */
#define PAGE_TEST_VA (HEAP_VIRT_BASE + 0x7d00000000UL)

static u64 free_frames(void)
{
	struct frame_stats fs;

	frame_get_stats(&fs);
	return fs.free_frames;
}

static void test_array_describes_frames(struct ktest *t)
{
	phys_addr_t pa;
	pfn_t pfn;

	KT_ASSERT(t, mem_map != NULL);
	KT_ASSERT(t, frame_alloc(0, &pa) == 0);
	pfn = PHYS_PFN(pa);
	KT_EXPECT(t, pfn_valid(pfn));
	KT_EXPECT(t, pfn_is_allocatable(pfn));
	KT_EXPECT_EQ(t, page_to_pfn(pfn_to_page(pfn)), pfn);
	KT_EXPECT(t, phys_to_page(pa + 123) == pfn_to_page(pfn));
	KT_EXPECT_EQ(t, page_to_phys(pfn_to_page(pfn)), pa);
	frame_free(pa, 0);
	/* Not the allocator's: the array itself, the boot PML4, the kernel. */
	KT_EXPECT(t, !pfn_is_allocatable(PHYS_PFN(virt_to_phys(mem_map))));
	KT_EXPECT(t, pfn_valid(PHYS_PFN(virt_to_phys(mem_map))));
	KT_EXPECT(t, !pfn_is_allocatable(PHYS_PFN(init_mm.pml4_phys)));
	KT_EXPECT(t, !pfn_is_allocatable(PHYS_PFN(virt_to_phys(_text))));
	KT_EXPECT(t, !pfn_valid(mem_map_end_pfn));
	KT_EXPECT(t, !pfn_valid(0));
}

static void test_every_usable_frame_accounted(struct ktest *t)
{
	u64 described = mem_map_end_pfn - mem_map_first_pfn;
	struct mm_meminfo mi;
	struct frame_stats fs;

	mm_get_meminfo(&mi);
	frame_get_stats(&fs);
	KT_EXPECT_EQ(t, mi.usable_frames, mi.frame_total_frames +
					  mi.page_array_frames +
					  mi.boot_table_frames);
	KT_EXPECT_EQ(t, mi.frame_total_frames, fs.total_frames);
	KT_EXPECT_EQ(t, mi.page_array_frames, page_array_frames());
	/* The array is as large as it must be, and no larger. */
	KT_EXPECT(t, mi.page_array_frames * PAGE_SIZE >= described * sizeof(struct page));
	KT_EXPECT(t, (mi.page_array_frames - 1) * PAGE_SIZE < described * sizeof(struct page));
	KT_EXPECT_EQ(t, mi.free_frames, fs.free_frames);
	KT_EXPECT_EQ(t, mi.table_frames, vmm_table_pages());
	/* At least the 256 kernel PDPTs and the PML4 came from the boot map. */
	KT_EXPECT(t, mi.boot_table_frames >= 257);
}

static void test_refcount_frees_at_last_put(struct ktest *t)
{
	u64 before = free_frames();
	struct page *page = alloc_page();

	KT_ASSERT(t, page != NULL);
	KT_EXPECT_EQ(t, page->refcount, 1);
	KT_EXPECT_EQ(t, free_frames(), before - 1);
	get_page(page);
	KT_EXPECT_EQ(t, page->refcount, 2);
	put_page(page);
	KT_EXPECT_EQ(t, page->refcount, 1);
	KT_EXPECT_EQ(t, free_frames(), before - 1);
	put_page(page);
	KT_EXPECT_EQ(t, page->refcount, 0);
	KT_EXPECT_EQ(t, free_frames(), before);
}

static void test_mapcount_follows_mappings(struct ktest *t)
{
	struct page *page = alloc_page();
	phys_addr_t pa;

	KT_ASSERT(t, page != NULL);
	pa = page_to_phys(page);
	KT_EXPECT_EQ(t, page->mapcount, 0);
	KT_ASSERT(t, vmm_map_page(&init_mm, PAGE_TEST_VA, pa, VMM_NX) == 0);
	KT_ASSERT(t, vmm_map_page(&init_mm, PAGE_TEST_VA + PAGE_SIZE, pa, VMM_NX) == 0);
	KT_EXPECT_EQ(t, page->mapcount, 2);
	/* A failed map does not count. */
	KT_EXPECT_EQ(t, vmm_map_page(&init_mm, PAGE_TEST_VA, pa, VMM_NX), -EEXIST);
	KT_EXPECT_EQ(t, page->mapcount, 2);
	KT_EXPECT_EQ(t, vmm_unmap_page(&init_mm, PAGE_TEST_VA, NULL), 0);
	KT_EXPECT_EQ(t, page->mapcount, 1);
	KT_EXPECT_EQ(t, vmm_unmap_page(&init_mm, PAGE_TEST_VA + PAGE_SIZE, NULL), 0);
	KT_EXPECT_EQ(t, page->mapcount, 0);
	put_page(page);
}

/* Heap and stack pages are mapped once each; page tables are flagged. */
static void test_kernel_pages_described(struct ktest *t)
{
	void *stack = kstack_alloc(CONFIG_KSTACK_PAGES);
	struct mm *mm = mm_create();
	struct page *table;
	phys_addr_t pa;

	KT_ASSERT(t, stack && mm);
	KT_ASSERT(t, vmm_translate(&init_mm, (unsigned long)stack, &pa, NULL) == 0);
	KT_EXPECT_EQ(t, phys_to_page(pa)->mapcount, 1);
	KT_EXPECT(t, !(phys_to_page(pa)->flags & PG_table));
	table = phys_to_page(mm->pml4_phys);
	KT_ASSERT(t, table != NULL);
	KT_EXPECT(t, table->flags & PG_table);
	mm_destroy(mm);
	KT_EXPECT(t, !(table->flags & PG_table));
	kstack_free(stack, CONFIG_KSTACK_PAGES);
	KT_EXPECT_EQ(t, phys_to_page(pa)->mapcount, 0);
}

static struct ktest_case page_cases[] = {
	KTEST_CASE(test_array_describes_frames),
	KTEST_CASE(test_every_usable_frame_accounted),
	KTEST_CASE(test_refcount_frees_at_last_put),
	KTEST_CASE(test_mapcount_follows_mappings),
	KTEST_CASE(test_kernel_pages_described),
	{}
};
KTEST_SUITE(page, page_cases);
