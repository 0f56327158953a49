// SPDX-License-Identifier: GPL-2.0
/*
 * Page attribute table: program the PAT MSR once at boot and translate
 * between the vmm cache flags (VMM_WC, VMM_UC, VMM_WT; none = WB) and a
 * leaf's PAT/PCD/PWT bits. The table is in asm/pat.h.
 */
#include <asm/pat.h>
#include <asm/pgtable.h>
#include <mosaic/printk.h>
#include <mosaic/vmm.h>

#include "cpu.h"

enum cache_mode { CACHE_WB, CACHE_WC, CACHE_UC, CACHE_WT, CACHE_MODES };

static const u8 kernel_pat[8] = {
	PAT_WB, PAT_WC, PAT_UC_MINUS, PAT_UC,
	PAT_WB, PAT_WT, PAT_UC_MINUS, PAT_UC,
};

/* The CPU's table at reset, and all there is without PAT (PWT/PCD only). */
static const u8 reset_pat[8] = {
	PAT_WB, PAT_WT, PAT_UC_MINUS, PAT_UC,
	PAT_WB, PAT_WT, PAT_UC_MINUS, PAT_UC,
};

static bool have_pat;
static const u8 *active_pat = reset_pat;
/* The PAT index each cache mode uses: without PAT, WC falls back to UC. */
static u8 mode_index[CACHE_MODES] = {
	[CACHE_WB] = 0, [CACHE_WC] = 3, [CACHE_UC] = 3, [CACHE_WT] = 1,
};

static u64 pat_value(const u8 *table)
{
	u64 v = 0;

	for (int i = 0; i < 8; i++)
		v |= (u64)table[i] << (8 * i);
	return v;
}

/*
 * Entry 0 (what every existing mapping selects) keeps WB, and nothing
 * maps memory through entries 1..7 yet, so no cache line or TLB entry
 * holds a type this write changes: no cache flush is needed.
 */
void pat_init(void)
{
	have_pat = mm_cpuid(1).edx & CPUID1_EDX_PAT;
	if (!have_pat) {
		pr_warn("pat: CPU has no PAT; write-combining falls back to uncached\n");
		return;
	}
	wrmsr(MSR_IA32_CR_PAT, pat_value(kernel_pat));
	active_pat = kernel_pat;
	mode_index[CACHE_WC] = 1;
	mode_index[CACHE_UC] = 3;
	mode_index[CACHE_WT] = 5;
}

bool pat_enabled(void)
{
	return have_pat;
}

u64 pat_msr(void)
{
	return have_pat ? rdmsr(MSR_IA32_CR_PAT) : pat_value(reset_pat);
}

static enum cache_mode cache_mode_of(unsigned long vmm_flags)
{
	switch (vmm_flags & VMM_CACHE_MASK) {
	case VMM_WC:
		return CACHE_WC;
	case VMM_UC:
		return CACHE_UC;
	case VMM_WT:
		return CACHE_WT;
	default:
		return CACHE_WB;
	}
}

u64 pat_leaf_bits(unsigned long vmm_flags, bool huge)
{
	unsigned int index = mode_index[cache_mode_of(vmm_flags)];

	return ((index & 1) ? PTE_PWT : 0) | ((index & 2) ? PTE_PCD : 0) |
	       ((index & 4) ? (huge ? PTE_PAT_HUGE : PTE_PAT) : 0);
}

unsigned long pat_vmm_flags(u64 entry, bool huge)
{
	unsigned int index = ((entry & PTE_PWT) ? 1 : 0) |
			     ((entry & PTE_PCD) ? 2 : 0);

	if (have_pat && (entry & (huge ? PTE_PAT_HUGE : PTE_PAT)))
		index |= 4;
	switch (active_pat[index]) {
	case PAT_WC:
		return VMM_WC;
	case PAT_WT:
		return VMM_WT;
	case PAT_UC:
	case PAT_UC_MINUS:
		return VMM_UC;
	default:
		return 0;
	}
}
