// SPDX-License-Identifier: GPL-2.0
/*
 * Paging tests: map/unmap/translate/protect on fresh frames, table pages
 * returned when empty, W^X of the kernel image, a write to rodata
 * faults, a read of a stack guard page faults and is classified.
 */
#include <asm/page.h>
#include <asm/traps.h>
#include <mosaic/errno.h>
#include <mosaic/frame.h>
#include <mosaic/ktest.h>
#include <mosaic/page.h>
#include <mosaic/vmm.h>

extern char _text[], _rodata[], _data[], boot_stack_guard[];

/* An address in the heap range that nothing else maps during the test. */
#define TEST_VA (HEAP_VIRT_BASE + 0x7f00000000UL)

static const u32 rodata_word = 0x600dc0de;

static void test_map_translate_unmap(struct ktest *t)
{
	unsigned long tables, flags;
	phys_addr_t pa, got;

	KT_ASSERT(t, frame_alloc(0, &pa) == 0);
	/* The first map of a region creates its (persistent) upper table. */
	KT_ASSERT(t, vmm_map_page(TEST_VA, pa, VMM_WRITE) == 0);
	KT_ASSERT(t, vmm_unmap_page(TEST_VA, NULL) == 0);
	tables = vmm_table_pages();

	KT_EXPECT_EQ(t, vmm_map_page(TEST_VA, pa, VMM_WRITE | VMM_NX), 0);
	KT_EXPECT_EQ(t, vmm_map_page(TEST_VA, pa, VMM_WRITE), -EEXIST);
	/* A page directory and a page table were needed. */
	KT_EXPECT_EQ(t, vmm_table_pages(), tables + 2);
	KT_EXPECT_EQ(t, vmm_translate(TEST_VA + 0x123, &got, &flags), 0);
	KT_EXPECT_EQ(t, got, pa + 0x123);
	KT_EXPECT(t, flags & VMM_WRITE);
	/* Written through one mapping, read through the direct map. */
	*(volatile u32 *)TEST_VA = 0xabcd1234;
	KT_EXPECT_EQ(t, *(u32 *)phys_to_virt(pa), 0xabcd1234);

	KT_EXPECT_EQ(t, vmm_protect(TEST_VA, VMM_NX), 0);
	KT_EXPECT_EQ(t, probe_write_byte((void *)TEST_VA, 1), -EFAULT);
	KT_EXPECT(t, last_fixed_fault.error_code & PF_PROT);

	KT_EXPECT_EQ(t, vmm_unmap_page(TEST_VA, NULL), 0);
	KT_EXPECT_EQ(t, vmm_translate(TEST_VA, &got, NULL), -ENOENT);
	KT_EXPECT_EQ(t, vmm_unmap_page(TEST_VA, NULL), -ENOENT);
	/* Emptied page table and directory went back to the allocator. */
	KT_EXPECT_EQ(t, vmm_table_pages(), tables);
	frame_free(pa, 0);
}

static void test_bad_arguments(struct ktest *t)
{
	KT_EXPECT_EQ(t, vmm_map_page(TEST_VA + 1, 0x200000, 0), -EINVAL);
	KT_EXPECT_EQ(t, vmm_map_page(0x0000800000000000UL, 0x200000, 0), -EINVAL);
	/* A non-canonical alias of a live kernel stack must not unmap it. */
	KT_EXPECT_EQ(t, vmm_unmap_page(KSTACK_VIRT_BASE & 0xffffffffffffUL, NULL),
		     -EINVAL);
	KT_EXPECT_EQ(t, vmm_unmap_page(TEST_VA + 8, NULL), -EINVAL);
	KT_EXPECT_EQ(t, vmm_protect(KSTACK_VIRT_BASE & 0xffffffffffffUL, 0),
		     -EINVAL);
	KT_EXPECT_EQ(t, vmm_protect(TEST_VA + 8, 0), -EINVAL);
}

static void test_kernel_wx(struct ktest *t)
{
	unsigned long flags;
	phys_addr_t pa;

	KT_ASSERT(t, vmm_translate((unsigned long)_text, &pa, &flags) == 0);
	KT_EXPECT(t, !(flags & VMM_WRITE));
	KT_EXPECT(t, !(flags & VMM_NX));
	KT_ASSERT(t, vmm_translate((unsigned long)_rodata, &pa, &flags) == 0);
	KT_EXPECT(t, !(flags & VMM_WRITE));
	KT_EXPECT(t, !vmm_has_nx() || (flags & VMM_NX));
	KT_ASSERT(t, vmm_translate((unsigned long)_data, &pa, &flags) == 0);
	KT_EXPECT(t, flags & VMM_WRITE);
	KT_EXPECT(t, !vmm_has_nx() || (flags & VMM_NX));
	KT_ASSERT(t, vmm_translate(DIRECT_MAP_BASE + 0x100000, &pa, &flags) == 0);
	KT_EXPECT_EQ(t, pa, 0x100000);
	KT_EXPECT(t, !vmm_has_nx() || (flags & VMM_NX));
	/* No identity map is left behind. */
	KT_EXPECT_EQ(t, vmm_translate(0x100000, &pa, NULL), -ENOENT);
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

static struct ktest_case paging_cases[] = {
	KTEST_CASE(test_map_translate_unmap),
	KTEST_CASE(test_bad_arguments),
	KTEST_CASE(test_kernel_wx),
	KTEST_CASE(test_rodata_write_faults),
	KTEST_CASE(test_stack_guards),
	{}
};
KTEST_SUITE(paging, paging_cases);
