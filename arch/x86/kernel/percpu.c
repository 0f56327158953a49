// SPDX-License-Identifier: GPL-2.0
/*
 * The boot CPU's per-CPU area and the GS setup. In the kernel MSR_GS_BASE
 * holds the area's address and MSR_KERNEL_GS_BASE the user's GS base;
 * swapgs exchanges them on every entry from and exit to ring 3, so user
 * code never sees the kernel's pointer. entry.S keeps that discipline.
 */
#include <asm/msr.h>
#include <mosaic/percpu.h>

extern char boot_stack_top[];

static struct percpu boot_cpu_area;

_Static_assert(__builtin_offsetof(struct percpu, kernel_stack_top) ==
		       PERCPU_KERNEL_STACK_TOP,
	       "entry.S: PERCPU_KERNEL_STACK_TOP");
_Static_assert(__builtin_offsetof(struct percpu, user_rsp_scratch) ==
		       PERCPU_USER_RSP_SCRATCH,
	       "entry.S: PERCPU_USER_RSP_SCRATCH");

void percpu_init(void)
{
	boot_cpu_area.self = &boot_cpu_area;
	boot_cpu_area.cpu = 0;
	/* The boot context (thread "init") runs on the boot stack. */
	boot_cpu_area.kernel_stack_top = (unsigned long)boot_stack_top;
	wrmsr(MSR_GS_BASE, (u64)&boot_cpu_area);
	/* No user GS yet: what the first swapgs to ring 3 will load. */
	wrmsr(MSR_KERNEL_GS_BASE, 0);
}
