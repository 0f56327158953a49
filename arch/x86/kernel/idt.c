// SPDX-License-Identifier: GPL-2.0
/* The IDT: all 256 vectors go through the stubs in entry.S. */
#include <asm/segment.h>
#include <asm/traps.h>
#include <mosaic/compiler.h>

struct idt_entry {
	u16 offset_low;
	u16 selector;
	u8 ist;
	u8 type_attr;
	u16 offset_mid;
	u32 offset_high;
	u32 reserved;
} __packed;

struct idt_ptr {
	u16 limit;
	u64 base;
} __packed;

#define GATE_INTERRUPT 0x8e	/* present, DPL 0, interrupts off on entry */
#define GATE_USER_TRAP 0xee	/* present, DPL 3 (int3 from user) */

extern const u64 vector_stub_table[256];
static struct idt_entry idt[256] __aligned(16);

static void set_gate(int vector, u64 handler, u8 ist, u8 type)
{
	struct idt_entry *e = &idt[vector];

	e->offset_low = handler & 0xffff;
	e->selector = KERNEL_CS;
	e->ist = ist;
	e->type_attr = type;
	e->offset_mid = (handler >> 16) & 0xffff;
	e->offset_high = handler >> 32;
	e->reserved = 0;
}

void idt_init(void)
{
	struct idt_ptr ptr = { sizeof(idt) - 1, (u64)idt };

	for (int v = 0; v < 256; v++)
		set_gate(v, vector_stub_table[v], 0, GATE_INTERRUPT);
	idt[X86_TRAP_DF].ist = IST_DOUBLE_FAULT;
	idt[X86_TRAP_NMI].ist = IST_NMI;
	idt[18].ist = IST_MACHINE_CHECK;
	idt[X86_TRAP_BP].type_attr = GATE_USER_TRAP;
	__asm__ __volatile__("lidt %0" : : "m"(ptr));
}
