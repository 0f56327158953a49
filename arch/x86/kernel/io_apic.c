// SPDX-License-Identifier: GPL-2.0
/*
 * The I/O APICs of the MADT as the irq_chip of the 16 legacy lines. ISA
 * IRQ n keeps vector IRQ_VECTOR_BASE + n, as with the 8259, and reaches
 * its global system interrupt (GSI) through the MADT's interrupt source
 * overrides (on QEMU and most PCs the PIT's IRQ 0 is wired to GSI 2);
 * without an override it is GSI n, edge-triggered and active high, as
 * ISA lines are. Every entry goes to the boot CPU in fixed, physical
 * mode and stays masked until request_irq() unmasks it.
 */
#include <asm/apic.h>
#include <asm/io.h>
#include <mosaic/acpi.h>
#include <mosaic/errno.h>
#include <mosaic/irq.h>
#include <mosaic/panic.h>
#include <mosaic/printk.h>
#include <mosaic/vmm.h>

#define IOAPIC_MMIO_SIZE 0x20
#define IOREGSEL 0x00
#define IOWIN 0x10
#define IOAPIC_REG_VER 0x01
#define IOAPIC_REG_REDTBL(pin) (0x10 + 2 * (pin))
#define REDTBL_MASKED (1U << 16)
#define REDTBL_LEVEL (1U << 15)
#define REDTBL_ACTIVE_LOW (1U << 13)
#define REDTBL_DEST_SHIFT 24	/* in the high dword: physical APIC id */
#define CASCADE_IRQ 2

struct io_apic {
	void __iomem *regs;
	u32 gsi_base;
	unsigned int pins;
};

/* Where each legacy line goes; pin < 0 for a line with no GSI. */
struct legacy_route {
	struct io_apic *apic;
	int pin;
	u32 gsi;
	u16 flags;		/* MPS INTI flags of the override, or 0 */
};

static struct io_apic io_apics[ACPI_MAX_IOAPICS];
static unsigned int nr_io_apics;
static struct legacy_route routes[NR_LEGACY_IRQS];

static u32 io_apic_read(struct io_apic *a, u32 reg)
{
	writel(reg, a->regs + IOREGSEL);
	return readl(a->regs + IOWIN);
}

static void io_apic_write(struct io_apic *a, u32 reg, u32 val)
{
	writel(reg, a->regs + IOREGSEL);
	writel(val, a->regs + IOWIN);
}

/* irq.c's lock serialises these; the index register is shared state. */
static void io_apic_set_masked(unsigned int irq, bool masked)
{
	struct legacy_route *r = &routes[irq];
	u32 reg = IOAPIC_REG_REDTBL(r->pin), low;

	low = io_apic_read(r->apic, reg);
	low = masked ? low | REDTBL_MASKED : low & ~REDTBL_MASKED;
	io_apic_write(r->apic, reg, low);
}

static void io_apic_mask(unsigned int irq)
{
	io_apic_set_masked(irq, true);
}

static void io_apic_unmask(unsigned int irq)
{
	io_apic_set_masked(irq, false);
}

/* The local APIC broadcasts its EOI to the I/O APICs: level lines too. */
static void io_apic_eoi(unsigned int irq)
{
	(void)irq;
	lapic_eoi();
}

static struct irq_chip io_apic_chip = {
	.name = "IO-APIC",
	.mask = io_apic_mask,
	.unmask = io_apic_unmask,
	.eoi = io_apic_eoi,
};

static struct io_apic *io_apic_of_gsi(u32 gsi)
{
	for (unsigned int i = 0; i < nr_io_apics; i++) {
		struct io_apic *a = &io_apics[i];

		if (gsi >= a->gsi_base && gsi - a->gsi_base < a->pins)
			return a;
	}
	return NULL;
}

static int io_apic_map_all(const struct acpi_info *info)
{
	for (unsigned int i = 0; i < info->nioapics; i++) {
		struct io_apic *a = &io_apics[nr_io_apics];

		a->regs = ioremap(info->ioapics[i].addr, IOAPIC_MMIO_SIZE,
				  VMM_UC);
		if (!a->regs)
			return -ENOMEM;
		a->gsi_base = info->ioapics[i].gsi_base;
		a->pins = ((io_apic_read(a, IOAPIC_REG_VER) >> 16) & 0xff) + 1;
		for (unsigned int pin = 0; pin < a->pins; pin++)
			io_apic_write(a, IOAPIC_REG_REDTBL(pin), REDTBL_MASKED);
		pr_info("apic: I/O APIC %u at %#x, GSI %u-%u\n",
			info->ioapics[i].id, info->ioapics[i].addr, a->gsi_base,
			a->gsi_base + a->pins - 1);
		nr_io_apics++;
	}
	return nr_io_apics ? 0 : -ENODEV;
}

static void route_legacy_defaults(const struct acpi_info *info)
{
	for (unsigned int irq = 0; irq < NR_LEGACY_IRQS; irq++)
		routes[irq] = (struct legacy_route){ .gsi = irq, .pin = -1 };
	for (unsigned int i = 0; i < info->noverrides; i++) {
		const struct acpi_override *o = &info->overrides[i];

		if (o->bus != 0 || o->source >= NR_LEGACY_IRQS)
			continue;	/* only ISA lines are overridden */
		routes[o->source].gsi = o->gsi;
		routes[o->source].flags = o->flags;
	}
}

/* The redirection entry's low dword: ISA defaults unless overridden. */
static u32 redtbl_low(unsigned int irq, u16 flags)
{
	u32 low = REDTBL_MASKED | (IRQ_VECTOR_BASE + irq);

	if ((flags & 3) == 3)
		low |= REDTBL_ACTIVE_LOW;
	if (((flags >> 2) & 3) == 3)
		low |= REDTBL_LEVEL;
	return low;
}

static void route_legacy(unsigned int irq, u32 dest_apic_id)
{
	struct legacy_route *r = &routes[irq];
	struct io_apic *a = io_apic_of_gsi(r->gsi);

	if (irq == CASCADE_IRQ || !a) {
		if (irq != CASCADE_IRQ)
			pr_warn("apic: ISA IRQ %u (GSI %u) has no I/O APIC\n",
				irq, r->gsi);
		return;
	}
	r->apic = a;
	r->pin = r->gsi - a->gsi_base;
	io_apic_write(a, IOAPIC_REG_REDTBL(r->pin) + 1,
		      dest_apic_id << REDTBL_DEST_SHIFT);
	io_apic_write(a, IOAPIC_REG_REDTBL(r->pin), redtbl_low(irq, r->flags));
	if (irq_set_chip(irq, &io_apic_chip))
		panic("apic: IRQ %u already has a controller", irq);
	if (r->gsi != irq)
		pr_info("apic: ISA IRQ %u -> GSI %u\n", irq, r->gsi);
}

int io_apic_init(const struct acpi_info *info, u32 dest_apic_id)
{
	int err = io_apic_map_all(info);

	if (err)
		return err;
	route_legacy_defaults(info);
	for (unsigned int irq = 0; irq < NR_LEGACY_IRQS; irq++)
		route_legacy(irq, dest_apic_id);
	return 0;
}
