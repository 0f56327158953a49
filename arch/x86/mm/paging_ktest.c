// SPDX-License-Identifier: GPL-2.0
/*
 * Paging tests: map/unmap/translate/protect on fresh frames, table pages
 * returned when empty, W^X of the kernel image, a write to rodata
 * faults, a read of a stack guard page faults and is classified; address
 * spaces share the kernel half (mappings made after their creation too)
 * and keep their user halves apart; the NX, W and U bits are checked
 * both ways, NX by fetching from heap, stack and test pages.
 */
#include <asm/page.h>
#include <asm/pgtable.h>
#include <asm/processor.h>
#include <asm/traps.h>
#include <mosaic/irq.h>
#include <mosaic/errno.h>
#include <mosaic/frame.h>
#include <mosaic/ktest.h>
#include <mosaic/page.h>
#include <mosaic/kmalloc.h>
#include <mosaic/mm.h>
#include <mosaic/vmm.h>

#include "exec_probe.h"

extern char _text[], _rodata[], _data[], boot_stack_guard[];

/* An address in the heap range that nothing else maps during the test. */
#define TEST_VA (HEAP_VIRT_BASE + 0x7f00000000UL)

static const u32 rodata_word = 0x600dc0de;

static void test_map_translate_unmap(struct ktest *t)
{
	unsigned long tables, flags;
	phys_addr_t pa, got;

	KT_ASSERT(t, frame_alloc(0, &pa) == 0);
	/* Map and unmap once, so the count starts from this region's tables. */
	KT_ASSERT(t, vmm_map_page(&init_mm, TEST_VA, pa, VMM_WRITE) == 0);
	KT_ASSERT(t, vmm_unmap_page(&init_mm, TEST_VA, NULL) == 0);
	tables = vmm_table_pages();

	KT_EXPECT_EQ(t, vmm_map_page(&init_mm, TEST_VA, pa, VMM_WRITE | VMM_NX), 0);
	KT_EXPECT_EQ(t, vmm_map_page(&init_mm, TEST_VA, pa, VMM_WRITE), -EEXIST);
	/* A page directory and a page table were needed. */
	KT_EXPECT_EQ(t, vmm_table_pages(), tables + 2);
	KT_EXPECT_EQ(t, vmm_translate(&init_mm, TEST_VA + 0x123, &got, &flags), 0);
	KT_EXPECT_EQ(t, got, pa + 0x123);
	KT_EXPECT(t, flags & VMM_WRITE);
	/* Written through one mapping, read through the direct map. */
	*(volatile u32 *)TEST_VA = 0xabcd1234;
	KT_EXPECT_EQ(t, *(u32 *)phys_to_virt(pa), 0xabcd1234);

	KT_EXPECT_EQ(t, vmm_protect(&init_mm, TEST_VA, VMM_NX), 0);
	KT_EXPECT_EQ(t, probe_write_byte((void *)TEST_VA, 1), -EFAULT);
	KT_EXPECT(t, last_fixed_fault.error_code & PF_PROT);

	KT_EXPECT_EQ(t, vmm_unmap_page(&init_mm, TEST_VA, NULL), 0);
	KT_EXPECT_EQ(t, vmm_translate(&init_mm, TEST_VA, &got, NULL), -ENOENT);
	KT_EXPECT_EQ(t, vmm_unmap_page(&init_mm, TEST_VA, NULL), -ENOENT);
	/* Emptied page table and directory went back to the allocator. */
	KT_EXPECT_EQ(t, vmm_table_pages(), tables);
	frame_free(pa, 0);
}

static void test_bad_arguments(struct ktest *t)
{
	KT_EXPECT_EQ(t, vmm_map_page(&init_mm, TEST_VA + 1, 0x200000, 0), -EINVAL);
	KT_EXPECT_EQ(t, vmm_map_page(&init_mm, 0x0000800000000000UL, 0x200000, 0), -EINVAL);
	/* A non-canonical alias of a live kernel stack must not unmap it. */
	KT_EXPECT_EQ(t, vmm_unmap_page(&init_mm, KSTACK_VIRT_BASE & 0xffffffffffffUL, NULL),
		     -EINVAL);
	KT_EXPECT_EQ(t, vmm_unmap_page(&init_mm, TEST_VA + 8, NULL), -EINVAL);
	KT_EXPECT_EQ(t, vmm_protect(&init_mm, KSTACK_VIRT_BASE & 0xffffffffffffUL, 0),
		     -EINVAL);
	KT_EXPECT_EQ(t, vmm_protect(&init_mm, TEST_VA + 8, 0), -EINVAL);
}

static void test_kernel_wx(struct ktest *t)
{
	unsigned long flags;
	phys_addr_t pa;

	KT_ASSERT(t, vmm_translate(&init_mm, (unsigned long)_text, &pa, &flags) == 0);
	KT_EXPECT(t, !(flags & VMM_WRITE));
	KT_EXPECT(t, !(flags & VMM_NX));
	KT_ASSERT(t, vmm_translate(&init_mm, (unsigned long)_rodata, &pa, &flags) == 0);
	KT_EXPECT(t, !(flags & VMM_WRITE));
	KT_EXPECT(t, !vmm_has_nx() || (flags & VMM_NX));
	KT_ASSERT(t, vmm_translate(&init_mm, (unsigned long)_data, &pa, &flags) == 0);
	KT_EXPECT(t, flags & VMM_WRITE);
	KT_EXPECT(t, !vmm_has_nx() || (flags & VMM_NX));
	KT_ASSERT(t, vmm_translate(&init_mm, DIRECT_MAP_BASE + 0x100000, &pa, &flags) == 0);
	KT_EXPECT_EQ(t, pa, 0x100000);
	KT_EXPECT(t, !vmm_has_nx() || (flags & VMM_NX));
	/* No identity map is left behind. */
	KT_EXPECT_EQ(t, vmm_translate(&init_mm, 0x100000, &pa, NULL), -ENOENT);
}

static void test_rodata_write_faults(struct ktest *t)
{
	KT_EXPECT_EQ(t, probe_write_byte((void *)&rodata_word, 0), -EFAULT);
	KT_EXPECT_EQ(t, last_fixed_fault.vector, X86_TRAP_PF);
	KT_EXPECT_EQ(t, last_fixed_fault.address, (unsigned long)&rodata_word);
	KT_EXPECT(t, last_fixed_fault.error_code & PF_PROT);
	KT_EXPECT(t, last_fixed_fault.error_code & PF_WRITE);
	KT_EXPECT_EQ(t, rodata_word, 0x600dc0de);
}

static void test_stack_guards(struct ktest *t)
{
	void *stack = kstack_alloc(CONFIG_KSTACK_PAGES);
	unsigned long base = (unsigned long)stack;
	u8 val;

	KT_ASSERT(t, stack != NULL);
	/* The stack is usable end to end... */
	KT_EXPECT_EQ(t, probe_write_byte(stack, 1), 0);
	KT_EXPECT_EQ(t, probe_write_byte((void *)(base + CONFIG_KSTACK_PAGES * PAGE_SIZE - 1), 1), 0);
	/* ...and the page below it is a reported guard. */
	KT_EXPECT_EQ(t, probe_read_byte((void *)(base - 1), &val), -EFAULT);
	KT_EXPECT(t, is_stack_guard_address(base - 1));
	KT_EXPECT(t, !is_stack_guard_address(base));
	KT_EXPECT(t, is_stack_guard_address((unsigned long)boot_stack_guard));
	KT_EXPECT_EQ(t, probe_read_byte(boot_stack_guard, &val), -EFAULT);
	kstack_free(stack, CONFIG_KSTACK_PAGES);
	KT_EXPECT_EQ(t, probe_read_byte(stack, &val), -EFAULT);
}

/* A kernel-half address in a PML4 slot that nothing else maps. */
#define LATE_KERNEL_VA 0xffffe80000000000UL
/* A user-half address for the address-space tests. */
#define USER_TEST_VA 0x0000000000400000UL

/*
 * The 4 KiB leaf for va found by walking pml4 by hand, not through the
 * code under test (which would route kernel addresses to init_mm).
 */
static u64 raw_leaf(const u64 *pml4, unsigned long va)
{
	const u64 *table = pml4;

	for (int level = 4; level > 1; level--) {
		u64 e = table[(va >> (12 + 9 * (level - 1))) & 511];

		if (!(e & PTE_PRESENT) || (e & PTE_HUGE))
			return 0;
		table = phys_to_virt(e & PTE_ADDR_MASK);
	}
	return table[(va >> 12) & 511];
}

static void test_kernel_half_prepopulated(struct ktest *t)
{
	int empty = 0;

	for (int i = KERNEL_PML4_FIRST; i < 512; i++)
		if (!(init_mm.pml4[i] & PTE_PRESENT))
			empty++;
	KT_EXPECT_EQ(t, empty, 0);
	KT_EXPECT_EQ(t, read_cr3() & PTE_ADDR_MASK, init_mm.pml4_phys);
}

/* A kernel page mapped after mm_create is visible through the new mm. */
static void test_new_mm_sees_later_kernel_mappings(struct ktest *t)
{
	struct mm *mm = mm_create();
	unsigned long irqflags;
	phys_addr_t pa;
	u32 seen;

	KT_ASSERT(t, mm != NULL);
	KT_ASSERT(t, frame_alloc(0, &pa) == 0);
	KT_EXPECT_EQ(t, raw_leaf(mm->pml4, LATE_KERNEL_VA), 0);
	KT_ASSERT(t, vmm_map_page(&init_mm, LATE_KERNEL_VA, pa, VMM_WRITE | VMM_NX) == 0);
	*(volatile u32 *)LATE_KERNEL_VA = 0x5ca1ab1e;
	/* Its tables hold the same leaf... */
	KT_EXPECT_EQ(t, raw_leaf(mm->pml4, LATE_KERNEL_VA) & PTE_ADDR_MASK, pa);
	/* ...and the MMU, running on them, reaches the page. */
	irqflags = local_irq_save();
	mm_activate(mm);
	seen = *(volatile u32 *)LATE_KERNEL_VA;
	mm_activate(&init_mm);
	local_irq_restore(irqflags);
	KT_EXPECT_EQ(t, seen, 0x5ca1ab1e);
	KT_EXPECT_EQ(t, vmm_unmap_page(&init_mm, LATE_KERNEL_VA, NULL), 0);
	KT_EXPECT_EQ(t, raw_leaf(mm->pml4, LATE_KERNEL_VA), 0);
	mm_destroy(mm);
	frame_free(pa, 0);
}

static void test_user_halves_are_private(struct ktest *t)
{
	unsigned long tables = vmm_table_pages(), flags;
	struct mm *a = mm_create(), *b = mm_create();
	phys_addr_t pa, got;

	KT_ASSERT(t, a && b);
	KT_ASSERT(t, frame_alloc(0, &pa) == 0);
	KT_EXPECT_EQ(t, a->table_pages, 1);	/* the PML4 alone */
	KT_ASSERT(t, vmm_map_page(a, USER_TEST_VA, pa, VMM_USER | VMM_WRITE | VMM_NX) == 0);
	/* PDPT, page directory and page table, all a's. */
	KT_EXPECT_EQ(t, a->table_pages, 4);
	KT_EXPECT_EQ(t, vmm_translate(a, USER_TEST_VA, &got, &flags), 0);
	KT_EXPECT_EQ(t, got, pa);
	KT_EXPECT(t, flags & VMM_USER);
	KT_EXPECT_EQ(t, vmm_translate(b, USER_TEST_VA, &got, NULL), -ENOENT);
	KT_EXPECT_EQ(t, vmm_translate(&init_mm, USER_TEST_VA, &got, NULL), -ENOENT);
	KT_EXPECT_EQ(t, b->table_pages, 1);
	KT_EXPECT_EQ(t, phys_to_page(pa)->mapcount, 1);
	/* Destroying a with a live mapping frees its tables, not the page. */
	mm_destroy(a);
	KT_EXPECT_EQ(t, phys_to_page(pa)->mapcount, 0);
	mm_destroy(b);
	KT_EXPECT_EQ(t, vmm_table_pages(), tables);
	*(volatile u32 *)phys_to_virt(pa) = 1;
	frame_free(pa, 0);
}

_Static_assert(EXEC_PROBE_VA == HEAP_VIRT_BASE + 0x7e00000000UL,
	       "the fetch probe's page lies in the heap range");

#define X86_RET 0xc3

/* Map pa at the probe address with flags and call it. */
static int exec_probe_with(phys_addr_t pa, unsigned long flags)
{
	int ret;

	if (vmm_map_page(&init_mm, EXEC_PROBE_VA, pa, flags))
		return -ENOMEM;
	ret = probe_exec_page();
	vmm_unmap_page(&init_mm, EXEC_PROBE_VA, NULL);
	return ret;
}

/* The fault the last probe absorbed was a fetch of the probe page. */
static void expect_fetch_fault(struct ktest *t)
{
	KT_EXPECT_EQ(t, last_fixed_fault.vector, X86_TRAP_PF);
	KT_EXPECT_EQ(t, last_fixed_fault.address, EXEC_PROBE_VA);
	KT_EXPECT(t, last_fixed_fault.error_code & PF_INSTR);
	KT_EXPECT(t, last_fixed_fault.error_code & PF_PROT);
}

static void test_nx_both_ways(struct ktest *t)
{
	phys_addr_t pa;
	u64 pte;
	int level;

	KT_ASSERT(t, vmm_has_nx());
	KT_ASSERT(t, frame_alloc(0, &pa) == 0);
	*(volatile u8 *)phys_to_virt(pa) = X86_RET;
	/* Executable: the ret runs and the probe returns normally. */
	KT_EXPECT_EQ(t, exec_probe_with(pa, 0), 0);
	KT_EXPECT_EQ(t, exec_probe_with(pa, VMM_WRITE), 0);
	/* No-execute: the fetch faults, whatever else the page allows. */
	KT_EXPECT_EQ(t, exec_probe_with(pa, VMM_NX), -EFAULT);
	expect_fetch_fault(t);
	KT_EXPECT_EQ(t, exec_probe_with(pa, VMM_NX | VMM_WRITE), -EFAULT);
	expect_fetch_fault(t);
	KT_ASSERT(t, vmm_map_page(&init_mm, TEST_VA, pa, VMM_NX) == 0);
	KT_EXPECT_EQ(t, pgtable_lookup(&init_mm, TEST_VA, &pte, &level), 0);
	KT_EXPECT(t, pte & PTE_NX);
	KT_EXPECT_EQ(t, vmm_protect(&init_mm, TEST_VA, 0), 0);
	KT_EXPECT_EQ(t, pgtable_lookup(&init_mm, TEST_VA, &pte, &level), 0);
	KT_EXPECT(t, !(pte & PTE_NX));
	KT_EXPECT_EQ(t, vmm_unmap_page(&init_mm, TEST_VA, NULL), 0);
	frame_free(pa, 0);
}

/*
 * A live page of the kernel's (heap or stack): its own PTE says NX, and
 * its frame mapped with the flags translate reports for it cannot be
 * executed. The probe page stands in for the page's address because a
 * fetch fault can only be fixed up at an address the exception table
 * lists.
 */
static void expect_page_not_executable(struct ktest *t, void *page)
{
	unsigned long va = (unsigned long)page & PAGE_MASK, flags;
	u8 *byte = (u8 *)va;
	phys_addr_t pa;
	u8 saved;
	int level;
	u64 pte;

	KT_ASSERT(t, pgtable_lookup(&init_mm, va, &pte, &level) == 0);
	KT_EXPECT(t, pte & PTE_NX);
	KT_EXPECT(t, pte & PTE_WRITE);
	KT_ASSERT(t, vmm_translate(&init_mm, va, &pa, &flags) == 0);
	KT_EXPECT(t, flags & VMM_NX);
	saved = *byte;
	*byte = X86_RET;
	KT_EXPECT_EQ(t, exec_probe_with(pa, flags), -EFAULT);
	expect_fetch_fault(t);
	*byte = saved;
}

static void test_heap_page_not_executable(struct ktest *t)
{
	void *p = kmalloc(PAGE_SIZE);

	KT_ASSERT(t, vmm_has_nx());
	KT_ASSERT(t, p != NULL);
	expect_page_not_executable(t, p);
	kfree(p);
}

static void test_stack_page_not_executable(struct ktest *t)
{
	void *stack = kstack_alloc(CONFIG_KSTACK_PAGES);
	u8 here = 0;

	KT_ASSERT(t, vmm_has_nx());
	KT_ASSERT(t, stack != NULL);
	expect_page_not_executable(t, stack);
	/* The stack this test runs on, too. */
	expect_page_not_executable(t, &here);
	kstack_free(stack, CONFIG_KSTACK_PAGES);
}

static void test_write_bit_both_ways(struct ktest *t)
{
	phys_addr_t pa;
	int level;
	u64 pte;

	KT_ASSERT(t, frame_alloc(0, &pa) == 0);
	KT_ASSERT(t, vmm_map_page(&init_mm, TEST_VA, pa, VMM_NX) == 0);
	KT_EXPECT_EQ(t, pgtable_lookup(&init_mm, TEST_VA, &pte, &level), 0);
	KT_EXPECT(t, !(pte & PTE_WRITE));
	KT_EXPECT_EQ(t, probe_write_byte((void *)TEST_VA, 7), -EFAULT);
	KT_EXPECT(t, last_fixed_fault.error_code & PF_WRITE);
	KT_EXPECT(t, last_fixed_fault.error_code & PF_PROT);
	KT_EXPECT_EQ(t, vmm_protect(&init_mm, TEST_VA, VMM_NX | VMM_WRITE), 0);
	KT_EXPECT_EQ(t, pgtable_lookup(&init_mm, TEST_VA, &pte, &level), 0);
	KT_EXPECT(t, pte & PTE_WRITE);
	KT_EXPECT_EQ(t, probe_write_byte((void *)TEST_VA, 7), 0);
	KT_EXPECT_EQ(t, *(u8 *)phys_to_virt(pa), 7);
	KT_EXPECT_EQ(t, vmm_unmap_page(&init_mm, TEST_VA, NULL), 0);
	frame_free(pa, 0);
}

/* User pages carry U (and not G); kernel pages G (and not U). */
static void test_user_bit_both_ways(struct ktest *t)
{
	struct mm *mm = mm_create();
	unsigned long flags;
	phys_addr_t pa, got;
	int level;
	u64 pte;

	KT_ASSERT(t, mm != NULL);
	KT_ASSERT(t, frame_alloc(0, &pa) == 0);
	KT_ASSERT(t, vmm_map_page(mm, USER_TEST_VA, pa, VMM_USER | VMM_NX) == 0);
	KT_EXPECT_EQ(t, pgtable_lookup(mm, USER_TEST_VA, &pte, &level), 0);
	KT_EXPECT(t, pte & PTE_USER);
	KT_EXPECT(t, !(pte & PTE_GLOBAL));
	KT_EXPECT_EQ(t, vmm_translate(mm, USER_TEST_VA, &got, &flags), 0);
	KT_EXPECT(t, flags & VMM_USER);
	KT_EXPECT_EQ(t, vmm_protect(mm, USER_TEST_VA, VMM_NX), 0);
	KT_EXPECT_EQ(t, pgtable_lookup(mm, USER_TEST_VA, &pte, &level), 0);
	KT_EXPECT(t, !(pte & PTE_USER));
	KT_EXPECT_EQ(t, vmm_translate(mm, USER_TEST_VA, &got, &flags), 0);
	KT_EXPECT(t, !(flags & VMM_USER));
	mm_destroy(mm);

	KT_ASSERT(t, vmm_map_page(&init_mm, TEST_VA, pa, VMM_NX) == 0);
	KT_EXPECT_EQ(t, pgtable_lookup(&init_mm, TEST_VA, &pte, &level), 0);
	KT_EXPECT(t, !(pte & PTE_USER));
	KT_EXPECT(t, pte & PTE_GLOBAL);
	KT_EXPECT_EQ(t, vmm_unmap_page(&init_mm, TEST_VA, NULL), 0);
	frame_free(pa, 0);
}

/* Ranges: across a page-table boundary, all or nothing, holes reported. */
static void test_ranges(struct ktest *t)
{
	/* Four pages, the last two in the next page table. */
	unsigned long va = TEST_VA + 0x200000 - 2 * PAGE_SIZE, tables;
	phys_addr_t pas[4], got[4], pa;

	tables = vmm_table_pages();
	for (int i = 0; i < 4; i++)
		KT_ASSERT(t, frame_alloc(0, &pas[i]) == 0);
	KT_EXPECT_EQ(t, vmm_map_range(&init_mm, va, pas, 4, VMM_WRITE | VMM_NX), 0);
	KT_EXPECT_EQ(t, vmm_table_pages(), tables + 3);
	for (int i = 0; i < 4; i++) {
		KT_EXPECT_EQ(t, vmm_translate(&init_mm, va + i * PAGE_SIZE, &pa, NULL), 0);
		KT_EXPECT_EQ(t, pa, pas[i]);
	}
	/* A hole in the middle is reported as 0. */
	KT_EXPECT_EQ(t, vmm_unmap_page(&init_mm, va + PAGE_SIZE, NULL), 0);
	KT_EXPECT_EQ(t, vmm_unmap_range(&init_mm, va, 4, got), 3);
	KT_EXPECT_EQ(t, got[0], pas[0]);
	KT_EXPECT_EQ(t, got[1], 0);
	KT_EXPECT_EQ(t, got[3], pas[3]);
	KT_EXPECT_EQ(t, vmm_table_pages(), tables);
	KT_EXPECT_EQ(t, vmm_unmap_range(&init_mm, va, 4, NULL), 0);

	/* A page already mapped in the range: nothing stays mapped. */
	KT_ASSERT(t, vmm_map_page(&init_mm, va + 3 * PAGE_SIZE, pas[3], 0) == 0);
	KT_EXPECT_EQ(t, vmm_map_range(&init_mm, va, pas, 4, 0), -EEXIST);
	KT_EXPECT_EQ(t, vmm_translate(&init_mm, va, &pa, NULL), -ENOENT);
	KT_EXPECT_EQ(t, vmm_translate(&init_mm, va + 2 * PAGE_SIZE, &pa, NULL), -ENOENT);
	KT_EXPECT_EQ(t, phys_to_page(pas[0])->mapcount, 0);
	KT_EXPECT_EQ(t, vmm_unmap_page(&init_mm, va + 3 * PAGE_SIZE, NULL), 0);
	KT_EXPECT_EQ(t, vmm_table_pages(), tables);

	/* Bad ranges: empty, unaligned frame, across the canonical hole. */
	KT_EXPECT_EQ(t, vmm_map_range(&init_mm, va, pas, 0, 0), -EINVAL);
	pa = pas[0] + 8;
	KT_EXPECT_EQ(t, vmm_map_range(&init_mm, va, &pa, 1, 0), -EINVAL);
	KT_EXPECT_EQ(t, vmm_map_range(&init_mm, 0x00007ffffffff000UL, pas, 2, 0),
		     -EINVAL);
	KT_EXPECT_EQ(t, vmm_unmap_range(&init_mm, ~0UL & PAGE_MASK, 2, NULL), -EINVAL);
	vmm_free_frames(pas, 4);
}

static struct ktest_case paging_cases[] = {
	KTEST_CASE(test_map_translate_unmap),
	KTEST_CASE(test_bad_arguments),
	KTEST_CASE(test_kernel_wx),
	KTEST_CASE(test_rodata_write_faults),
	KTEST_CASE(test_stack_guards),
	KTEST_CASE(test_kernel_half_prepopulated),
	KTEST_CASE(test_new_mm_sees_later_kernel_mappings),
	KTEST_CASE(test_user_halves_are_private),
	KTEST_CASE(test_nx_both_ways),
	KTEST_CASE(test_heap_page_not_executable),
	KTEST_CASE(test_stack_page_not_executable),
	KTEST_CASE(test_write_bit_both_ways),
	KTEST_CASE(test_user_bit_both_ways),
	KTEST_CASE(test_ranges),
	{}
};
KTEST_SUITE(paging, paging_cases);
