/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The CPU registers the paging code reads: CPUID leaf 1 and the MSRs of
 * PAT and the local APIC base (read and written with asm/msr.h).
 */
#ifndef _ARCH_X86_MM_CPU_H
#define _ARCH_X86_MM_CPU_H

#include <asm/msr.h>
#include <mosaic/types.h>

#define MSR_IA32_CR_PAT 0x00000277

#define CPUID1_EDX_APIC (1U << 9)
#define CPUID1_EDX_PAT (1U << 16)

struct cpuid_regs {
	u32 eax, ebx, ecx, edx;
};

static inline struct cpuid_regs mm_cpuid(u32 leaf)
{
	struct cpuid_regs r;

	__asm__ __volatile__("cpuid"
			     : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx)
			     : "a"(leaf), "c"(0));
	return r;
}

#endif /* _ARCH_X86_MM_CPU_H */
