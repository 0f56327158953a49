/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Page attribute table: the memory type of a mapping is the PAT entry
 * that a leaf's PAT, PCD and PWT bits select (index = PAT << 2 | PCD << 1
 * | PWT). pat_init() programs the table the kernel's encodings assume:
 *
 *   index  0   1   2    3   4   5   6    7
 *   type   WB  WC  UC-  UC  WB  WT  UC-  UC
 *
 * Entry 0 stays WB, so every mapping made before (no attribute bits)
 * keeps its type. Without PAT (CPUID) the CPU's fixed table applies
 * (WB WT UC- UC on PWT/PCD): WT and UC are still exact, WC becomes UC.
 */
#ifndef _ASM_X86_PAT_H
#define _ASM_X86_PAT_H

#include <mosaic/types.h>

/* PAT memory-type encodings (Intel SDM vol. 3, "PAT"). */
#define PAT_UC 0x00
#define PAT_WC 0x01
#define PAT_WT 0x04
#define PAT_WP 0x05
#define PAT_WB 0x06
#define PAT_UC_MINUS 0x07

void pat_init(void);
bool pat_enabled(void);
/* The PAT MSR as pat_init() left it (what the CPU holds). */
u64 pat_msr(void);
/* Leaf bits for the cache mode in vmm flags, for a 4 KiB or 2 MiB leaf. */
u64 pat_leaf_bits(unsigned long vmm_flags, bool huge);
/* The VMM_WC/VMM_UC/VMM_WT flag (0 for WB) that a leaf's bits select. */
unsigned long pat_vmm_flags(u64 entry, bool huge);

#endif /* _ASM_X86_PAT_H */
