// SPDX-License-Identifier: GPL-2.0
/*
 * Supervisor-mode protections: SMEP stops the kernel from executing user
 * pages (a jump through a corrupted pointer into attacker-controlled
 * code), SMAP from reading or writing them except inside the user-copy
 * functions. Both come from CPUID leaf 7; QEMU's `-cpu max` and recent
 * real CPUs have them, the default qemu64 model has neither.
 */
#include <asm/processor.h>
#include <asm/elf.h>
#include <asm/smap.h>
#include <mosaic/printk.h>

#define CPUID7_EBX_SMEP (1U << 7)
#define CPUID7_EBX_SMAP (1U << 20)

bool x86_smap_enabled;
bool x86_smep_enabled;

struct cpuid_out {
	u32 eax, ebx, ecx, edx;
};

static struct cpuid_out cpuid_leaf(u32 leaf)
{
	struct cpuid_out r;

	__asm__ __volatile__("cpuid"
			     : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx)
			     : "a"(leaf), "c"(0));
	return r;
}

static u32 cpuid7_ebx(void)
{
	return cpuid_leaf(0).eax >= 7 ? cpuid_leaf(7).ebx : 0;
}

void cpu_protect_init(void)
{
	u32 features = cpuid7_ebx();
	u64 cr4 = read_cr4();

	x86_smep_enabled = features & CPUID7_EBX_SMEP;
	x86_smap_enabled = features & CPUID7_EBX_SMAP;
	if (x86_smep_enabled)
		cr4 |= X86_CR4_SMEP;
	if (x86_smap_enabled)
		cr4 |= X86_CR4_SMAP;
	write_cr4(cr4);
	pr_info("cpu: SMEP %s, SMAP %s\n", x86_smep_enabled ? "on" : "unavailable",
		x86_smap_enabled ? "on" : "unavailable");
}

unsigned long arch_elf_hwcap(void)
{
	return cpuid_leaf(1).edx;
}
