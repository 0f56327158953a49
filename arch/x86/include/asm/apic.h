/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The local APIC (xAPIC, memory-mapped) and the I/O APICs that route the
 * ISA and PCI lines to it, chosen by CONFIG_X86_IO_APIC instead of the
 * 8259 pair. The vectors the local APIC raises itself sit above every
 * routed line: IRQ numbers stay vector - IRQ_VECTOR_BASE as with the PIC.
 */
#ifndef _ASM_X86_APIC_H
#define _ASM_X86_APIC_H

#include <asm/traps.h>
#include <mosaic/errno.h>
#include <mosaic/types.h>

#define LOCAL_TIMER_VECTOR 0xec
#define ERROR_APIC_VECTOR 0xfe
#define SPURIOUS_APIC_VECTOR 0xff
#define LOCAL_TIMER_IRQ (LOCAL_TIMER_VECTOR - IRQ_VECTOR_BASE)
#define ERROR_APIC_IRQ (ERROR_APIC_VECTOR - IRQ_VECTOR_BASE)
#define SPURIOUS_APIC_IRQ (SPURIOUS_APIC_VECTOR - IRQ_VECTOR_BASE)

/* Register offsets (Intel SDM vol. 3, 11.4.1) */
#define APIC_ID 0x020
#define APIC_LVR 0x030
#define APIC_TPR 0x080
#define APIC_EOI 0x0b0
#define APIC_SVR 0x0f0
#define APIC_SVR_ENABLE (1U << 8)
#define APIC_ESR 0x280
#define APIC_LVT_TIMER 0x320
#define APIC_LVT_THERMAL 0x330
#define APIC_LVT_PERF 0x340
#define APIC_LVT_LINT0 0x350
#define APIC_LVT_LINT1 0x360
#define APIC_LVT_ERROR 0x370
#define APIC_TIMER_INIT 0x380
#define APIC_TIMER_CURRENT 0x390
#define APIC_TIMER_DIVIDE 0x3e0
#define APIC_LVT_MASKED (1U << 16)
#define APIC_LVT_PERIODIC (1U << 17)
#define APIC_LVT_LEVEL (1U << 15)
#define APIC_LVT_ACTIVE_LOW (1U << 13)
#define APIC_DM_NMI (4U << 8)
#define APIC_TIMER_DIV_16 0x3

#ifdef CONFIG_X86_IO_APIC
/*
 * Bring up this CPU's local APIC and route the legacy lines through the
 * I/O APICs of the MADT, masking the 8259s. 0, or -ENODEV (no MADT, no
 * I/O APIC, `noapic`: the caller falls back to the PIC).
 */
int apic_init(void);
/* True once apic_init() succeeded: the local APIC takes every EOI. */
bool apic_enabled(void);
u32 lapic_read(u32 reg);
void lapic_write(u32 reg, u32 val);
void lapic_eoi(void);
u32 lapic_id(void);
struct acpi_info;
/* Route the ISA lines through the MADT's I/O APICs to this APIC id. */
int io_apic_init(const struct acpi_info *info, u32 dest_apic_id);
#else
static inline int apic_init(void)
{
	return -ENODEV;
}

static inline bool apic_enabled(void)
{
	return false;
}
#endif

#ifdef CONFIG_X86_LAPIC_TIMER
/* The local APIC timer as the tick, calibrated at boot. 0 or -errno. */
int lapic_timer_init(void);
#else
static inline int lapic_timer_init(void)
{
	return -ENODEV;
}
#endif

#endif /* _ASM_X86_APIC_H */
