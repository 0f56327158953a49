/* SPDX-License-Identifier: GPL-2.0 */
/* Model-specific registers the kernel core uses, and rdmsr/wrmsr. */
#ifndef _ASM_X86_MSR_H
#define _ASM_X86_MSR_H

#define MSR_IA32_APICBASE	0x0000001b
#define MSR_IA32_APICBASE_ENABLE (1ULL << 11)
#define MSR_IA32_APICBASE_BSP	(1ULL << 8)
#define MSR_EFER		0xc0000080
#define MSR_FS_BASE		0xc0000100
#define MSR_GS_BASE		0xc0000101
/* Swapped with MSR_GS_BASE by swapgs: the user's GS base in the kernel. */
#define MSR_KERNEL_GS_BASE	0xc0000102

#ifndef __ASSEMBLER__
#include <mosaic/types.h>

static inline u64 rdmsr(u32 msr)
{
	u32 lo, hi;

	__asm__ __volatile__("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((u64)hi << 32) | lo;
}

static inline void wrmsr(u32 msr, u64 val)
{
	__asm__ __volatile__("wrmsr"
			     :
			     : "c"(msr), "a"((u32)val), "d"((u32)(val >> 32))
			     : "memory");
}
#endif

#endif /* _ASM_X86_MSR_H */
