/* SPDX-License-Identifier: GPL-2.0 */
/* PC platform bring-up called from start_kernel(). */
#ifndef _ASM_X86_PLATFORM_H
#define _ASM_X86_PLATFORM_H

#include <mosaic/compiler.h>
#include <mosaic/types.h>

void pic_init(void);
/* The 8259s remapped and every line masked: the I/O APIC routes them. */
void pic_disable(void);
/* The interrupt controller of the configuration (or the PIC fallback). */
void irqchip_init(void);
/* Clock source and tick; the tick's error (-EBUSY, -EINVAL) if it fails. */
int time_init(void);
void tsc_init(void);

/* Values for qemu_exit(); QEMU exits with status (value << 1) | 1. */
#define QEMU_EXIT_PASS 0
#define QEMU_EXIT_FAIL 1
/* Leave QEMU via isa-debug-exit; on real hardware, halt instead. */
void __noreturn qemu_exit(int value);
void __noreturn halt_forever(void);
/*
 * Switch the machine off (ACPI S5) or restart it (ACPI reset register,
 * 8042 reset line, triple fault), as reboot(2) does. Power off halts
 * with a message when the firmware offers no way.
 */
void __noreturn machine_power_off(void);
void __noreturn machine_restart(void);

#endif /* _ASM_X86_PLATFORM_H */
