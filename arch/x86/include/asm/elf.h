/* SPDX-License-Identifier: GPL-2.0 */
/* What the x86-64 ELF loader tells a program about the machine (auxv). */
#ifndef _ASM_X86_ELF_H
#define _ASM_X86_ELF_H

#define ELF_PLATFORM "x86_64"
/* AT_CLKTCK: the tick rate times() and /proc report, as Linux. */
#define USER_HZ 100

/* AT_HWCAP: CPUID leaf 1 EDX, as Linux reports it on x86. */
unsigned long arch_elf_hwcap(void);

#endif /* _ASM_X86_ELF_H */
