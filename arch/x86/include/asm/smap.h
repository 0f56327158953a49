/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SMEP and SMAP (arch/x86/kernel/cpu.c): with SMEP the kernel faults if
 * it ever executes a user page, with SMAP if it touches one outside a
 * stac/clac window. stac and clac are #UD on CPUs without SMAP, so they
 * run only when it was enabled.
 */
#ifndef _ASM_X86_SMAP_H
#define _ASM_X86_SMAP_H

#define X86_CR4_SMEP (1UL << 20)
#define X86_CR4_SMAP (1UL << 21)
#define X86_EFLAGS_AC (1UL << 18)

#ifndef __ASSEMBLER__
#include <mosaic/compiler.h>
#include <mosaic/types.h>

/* Set once at boot, before any user code runs. */
extern bool x86_smap_enabled;
extern bool x86_smep_enabled;

/* Enable what CPUID offers; then report it. */
void cpu_protect_init(void);

/* Open and close the window in which the kernel may touch user pages. */
static __always_inline void stac(void)
{
	if (x86_smap_enabled)
		__asm__ __volatile__("stac" : : : "memory");
}

static __always_inline void clac(void)
{
	if (x86_smap_enabled)
		__asm__ __volatile__("clac" : : : "memory");
}
#endif

#endif /* _ASM_X86_SMAP_H */
