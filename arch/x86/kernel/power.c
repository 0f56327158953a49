// SPDX-License-Identifier: GPL-2.0
/* Stopping the machine: QEMU's isa-debug-exit, or a halt loop. */
#include <asm/io.h>
#include <asm/platform.h>
#include <asm/processor.h>
#include <mosaic/irq.h>

#define ISA_DEBUG_EXIT_PORT 0xf4

void __noreturn halt_forever(void)
{
	local_irq_disable();
	for (;;)
		halt();
}

void __noreturn qemu_exit(int value)
{
#ifdef CONFIG_QEMU_EXIT
	outl(ISA_DEBUG_EXIT_PORT, (u32)value);
#endif
	/* Not under QEMU (or the device is absent): stop here. */
	halt_forever();
}
