/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The instruction-fetch probe of the paging tests: probe_exec_page()
 * calls EXEC_PROBE_VA, whose page the test maps. A fetch fault there is
 * fixed up (the exception table lists the probe address itself, since a
 * fetch fault reports the target as the faulting RIP) and returns
 * -EFAULT; a page holding a `ret` that executes returns 0.
 */
#ifndef _ARCH_X86_MM_EXEC_PROBE_H
#define _ARCH_X86_MM_EXEC_PROBE_H

/*
 * HEAP_VIRT_BASE + 0x7e00000000: in the heap range, far above anything
 * the heap maps (spelt out: the assembler takes no UL suffix).
 */
#define EXEC_PROBE_VA 0xffffc07e00000000

#ifndef __ASSEMBLER__
int probe_exec_page(void);
#endif

#endif /* _ARCH_X86_MM_EXEC_PROBE_H */
