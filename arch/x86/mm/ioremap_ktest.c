// SPDX-License-Identifier: GPL-2.0
/*
 * PAT and ioremap tests: the PAT MSR holds the kernel's table, the
 * memory-type bits land where the SDM puts them for 4 KiB and 2 MiB
 * leaves, and ioremap of the local APIC reads back the APIC ID that
 * CPUID reports, through an uncached, no-execute mapping with a guard.
 */
#include <asm/io.h>
#include <asm/page.h>
#include <asm/pat.h>
#include <asm/pgtable.h>
#include <mosaic/errno.h>
#include <mosaic/frame.h>
#include <mosaic/ktest.h>
#include <mosaic/page.h>
#include <mosaic/vmm.h>

#include "cpu.h"

#define APIC_ID 0x20
#define APIC_VERSION 0x30

/* The local APIC's registers, from IA32_APIC_BASE; 0 if there is none. */
static phys_addr_t lapic_phys(void)
{
	if (!(mm_cpuid(1).edx & CPUID1_EDX_APIC))
		return 0;
	return rdmsr(MSR_IA32_APICBASE) & 0x000ffffffffff000UL;
}

static u32 cpuid_apic_id(void)
{
	return mm_cpuid(1).ebx >> 24;
}

static void test_pat_msr_programmed(struct ktest *t)
{
	KT_ASSERT(t, mm_cpuid(1).edx & CPUID1_EDX_PAT);
	KT_ASSERT(t, pat_enabled());
	/* WB WC UC- UC WB WT UC- UC, entry 0 in the low byte. */
	KT_EXPECT_EQ(t, rdmsr(MSR_IA32_CR_PAT), 0x0007040600070106ULL);
	KT_EXPECT_EQ(t, pat_msr(), 0x0007040600070106ULL);
}

static void test_cache_bits_4k_and_2m(struct ktest *t)
{
	static const unsigned long modes[] = { 0, VMM_WC, VMM_UC, VMM_WT };

	KT_ASSERT(t, pat_enabled());
	KT_EXPECT_EQ(t, pat_leaf_bits(0, false), 0);
	KT_EXPECT_EQ(t, pat_leaf_bits(0, true), 0);
	KT_EXPECT_EQ(t, pat_leaf_bits(VMM_WC, false), PTE_PWT);
	KT_EXPECT_EQ(t, pat_leaf_bits(VMM_WC, true), PTE_PWT);
	KT_EXPECT_EQ(t, pat_leaf_bits(VMM_UC, false), PTE_PCD | PTE_PWT);
	KT_EXPECT_EQ(t, pat_leaf_bits(VMM_UC, true), PTE_PCD | PTE_PWT);
	/* Entry 5: the PAT bit is bit 7 in a PTE, bit 12 in a 2 MiB PDE. */
	KT_EXPECT_EQ(t, pat_leaf_bits(VMM_WT, false), PTE_PAT | PTE_PWT);
	KT_EXPECT_EQ(t, pat_leaf_bits(VMM_WT, true), PTE_PAT_HUGE | PTE_PWT);
	for (unsigned int i = 0; i < ARRAY_SIZE(modes); i++) {
		KT_EXPECT_EQ(t, pat_vmm_flags(pat_leaf_bits(modes[i], false), false),
			     modes[i]);
		KT_EXPECT_EQ(t, pat_vmm_flags(pat_leaf_bits(modes[i], true) | PTE_HUGE,
					      true), modes[i]);
	}
	/* A 2 MiB leaf's PS bit (7) is not its PAT bit. */
	KT_EXPECT_EQ(t, pat_vmm_flags(PTE_HUGE, true), 0);
}

static void test_ioremap_lapic_reads_back(struct ktest *t)
{
	phys_addr_t base = lapic_phys(), pa;
	unsigned long flags;
	void __iomem *regs;
	u32 version;
	int level;
	u64 pte;

	KT_ASSERT(t, base != 0);
	regs = ioremap(base, PAGE_SIZE, VMM_UC);
	KT_ASSERT(t, regs != NULL);
	KT_EXPECT(t, (unsigned long __force)regs >= IOREMAP_VIRT_BASE);
	KT_EXPECT(t, (unsigned long __force)regs < IOREMAP_VIRT_BASE + IOREMAP_VIRT_SIZE);
	KT_EXPECT_EQ(t, readl(regs + APIC_ID) >> 24, cpuid_apic_id());
	version = readl(regs + APIC_VERSION);
	/* An integrated APIC: version 0x1x, at least the 4 classic LVTs. */
	KT_EXPECT_EQ(t, version & 0xf0, 0x10);
	KT_EXPECT(t, ((version >> 16) & 0xff) >= 3);

	KT_ASSERT(t, pgtable_lookup(&init_mm, (unsigned long __force)regs,
				    &pte, &level) == 0);
	KT_EXPECT_EQ(t, level, 1);
	KT_EXPECT_EQ(t, pte & PTE_ADDR_MASK, base);
	KT_EXPECT_EQ(t, pte & (PTE_PAT | PTE_PCD | PTE_PWT), PTE_PCD | PTE_PWT);
	KT_EXPECT(t, pte & PTE_NX);
	KT_EXPECT(t, pte & PTE_WRITE);
	KT_EXPECT(t, !(pte & PTE_USER));
	KT_EXPECT_EQ(t, vmm_translate(&init_mm, (unsigned long __force)regs,
				      &pa, &flags), 0);
	KT_EXPECT_EQ(t, flags & VMM_CACHE_MASK, VMM_UC);
	/* The page after the mapping is its guard. */
	KT_EXPECT_EQ(t, vmm_translate(&init_mm,
				      (unsigned long __force)regs + PAGE_SIZE,
				      &pa, NULL), -ENOENT);
	iounmap(regs);
	KT_EXPECT_EQ(t, vmm_translate(&init_mm, (unsigned long __force)regs,
				      &pa, NULL), -ENOENT);
}

/* An unaligned physical address comes back at the same page offset. */
static void test_ioremap_unaligned(struct ktest *t)
{
	phys_addr_t base = lapic_phys();
	void __iomem *id;

	KT_ASSERT(t, base != 0);
	id = ioremap(base + APIC_ID, sizeof(u32), VMM_UC);
	KT_ASSERT(t, id != NULL);
	KT_EXPECT_EQ(t, (unsigned long __force)id & ~PAGE_MASK, APIC_ID);
	KT_EXPECT_EQ(t, readl(id) >> 24, cpuid_apic_id());
	iounmap(id);
}

/* Each memory type's bits in the PTE ioremap makes (never accessed). */
static void test_ioremap_memory_types(struct ktest *t)
{
	static const struct {
		unsigned long flags;
		u64 bits;
	} types[] = {
		{ 0, 0 },
		{ VMM_WC, PTE_PWT },
		{ VMM_UC, PTE_PCD | PTE_PWT },
		{ VMM_WT, PTE_PAT | PTE_PWT },
	};
	phys_addr_t base = lapic_phys(), pa;

	KT_ASSERT(t, base != 0);
	KT_ASSERT(t, pat_enabled());
	for (unsigned int i = 0; i < ARRAY_SIZE(types); i++) {
		void __iomem *p = ioremap(base, PAGE_SIZE, types[i].flags);
		unsigned long va = (unsigned long __force)p, flags;
		int level;
		u64 pte;

		KT_ASSERT(t, p != NULL);
		KT_EXPECT_EQ(t, pgtable_lookup(&init_mm, va, &pte, &level), 0);
		KT_EXPECT_EQ(t, pte & (PTE_PAT | PTE_PCD | PTE_PWT), types[i].bits);
		KT_EXPECT_EQ(t, vmm_translate(&init_mm, va, &pa, &flags), 0);
		KT_EXPECT_EQ(t, flags & VMM_CACHE_MASK, types[i].flags);
		iounmap(p);
	}
}

static void test_ioremap_bad_arguments(struct ktest *t)
{
	phys_addr_t base = lapic_phys(), pa;
	void __iomem *p;

	KT_ASSERT(t, base != 0);
	KT_EXPECT(t, ioremap(base, 0, VMM_UC) == NULL);
	KT_EXPECT(t, ioremap(base, PAGE_SIZE, VMM_UC | VMM_USER) == NULL);
	KT_EXPECT(t, ioremap(base, PAGE_SIZE, VMM_UC | VMM_WC) == NULL);
	KT_EXPECT(t, ioremap(~0ULL - 10, PAGE_SIZE, VMM_UC) == NULL);
	KT_EXPECT(t, ioremap(1ULL << 52, PAGE_SIZE, VMM_UC) == NULL);
	/* Larger than the whole range. */
	KT_EXPECT(t, ioremap(base, IOREMAP_VIRT_SIZE, VMM_UC) == NULL);
	KT_EXPECT_EQ(t, vmm_map_page(&init_mm, IOREMAP_VIRT_BASE, base,
				     VMM_UC | VMM_WT), -EINVAL);
	/* RAM the frame allocator owns is not device memory. */
	KT_ASSERT(t, frame_alloc(0, &pa) == 0);
	KT_EXPECT(t, ioremap(pa, PAGE_SIZE, VMM_UC) == NULL);
	/* Nor is a range that merely ends in it. */
	KT_EXPECT(t, ioremap(pa - PAGE_SIZE + 8, PAGE_SIZE, VMM_WC) == NULL);
	frame_free(pa, 0);

	/* An iounmap of what ioremap did not return leaves mappings alone. */
	p = ioremap(base, 2 * PAGE_SIZE, VMM_UC);
	KT_ASSERT(t, p != NULL);
	iounmap(p + PAGE_SIZE);
	iounmap((void __iomem *)0x1000);
	KT_EXPECT_EQ(t, vmm_translate(&init_mm, (unsigned long __force)p + PAGE_SIZE,
				      &pa, NULL), 0);
	KT_EXPECT_EQ(t, readl(p + APIC_ID) >> 24, cpuid_apic_id());
	iounmap(p);
	/* A second iounmap finds nothing to undo. */
	iounmap(p);
	KT_EXPECT_EQ(t, vmm_translate(&init_mm, (unsigned long __force)p, &pa, NULL),
		     -ENOENT);
}

/* Areas do not touch: the guard page separates them; freed space is reused. */
static void test_ioremap_areas(struct ktest *t)
{
	phys_addr_t base = lapic_phys();
	void __iomem *a, *b, *c;

	KT_ASSERT(t, base != 0);
	a = ioremap(base, PAGE_SIZE, VMM_UC);
	b = ioremap(base, PAGE_SIZE, VMM_UC);
	KT_ASSERT(t, a && b);
	KT_EXPECT(t, b >= a + 2 * PAGE_SIZE || a >= b + 2 * PAGE_SIZE);
	iounmap(a);
	c = ioremap(base, PAGE_SIZE, VMM_UC);
	KT_EXPECT(t, c == a);
	iounmap(b);
	iounmap(c);
}

static struct ktest_case ioremap_cases[] = {
	KTEST_CASE(test_pat_msr_programmed),
	KTEST_CASE(test_cache_bits_4k_and_2m),
	KTEST_CASE(test_ioremap_lapic_reads_back),
	KTEST_CASE(test_ioremap_unaligned),
	KTEST_CASE(test_ioremap_memory_types),
	KTEST_CASE(test_ioremap_bad_arguments),
	KTEST_CASE(test_ioremap_areas),
	{}
};
KTEST_SUITE(ioremap, ioremap_cases);
