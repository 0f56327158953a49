// SPDX-License-Identifier: GPL-2.0
/* The architecture's half of a context switch (the registers: switch_to.S). */
#include <asm/switch_to.h>
#include <mosaic/percpu.h>
#include <mosaic/thread.h>

void arch_switch_to(struct thread *next)
{
	this_cpu_write(current, next);
}
