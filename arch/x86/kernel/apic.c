// SPDX-License-Identifier: GPL-2.0
/*
 * The local APIC of the boot CPU, in xAPIC (memory-mapped) mode, as the
 * end point of every routed interrupt: apic_init() enables it, masks the
 * 8259s and has io_apic.c route the legacy lines. Vectors the local APIC
 * raises itself (its timer, errors, the spurious vector) have irq_chips
 * here so do_irq() treats them like any other line.
 */
#include <asm/apic.h>
#include <asm/io.h>
#include <asm/msr.h>
#include <asm/platform.h>
#include <mosaic/acpi.h>
#include <mosaic/errno.h>
#include <mosaic/irq.h>
#include <mosaic/params.h>
#include <mosaic/printk.h>
#include <mosaic/vmm.h>

#define APIC_MMIO_SIZE 4096

static void __iomem *lapic_base;
static bool noapic;

/* What firmware left, put back if the APIC cannot be used after all. */
struct lapic_saved {
	u64 base_msr;
	u32 svr, lint0, lint1;
};

static int noapic_param(const char *val)
{
	(void)val;
	noapic = true;
	return 0;
}
KERNEL_PARAM(noapic, noapic_param);

u32 lapic_read(u32 reg)
{
	return readl(lapic_base + reg);
}

void lapic_write(u32 reg, u32 val)
{
	writel(val, lapic_base + reg);
}

void lapic_eoi(void)
{
	lapic_write(APIC_EOI, 0);
}

u32 lapic_id(void)
{
	return lapic_read(APIC_ID) >> 24;
}

bool apic_enabled(void)
{
	return lapic_base != NULL;
}

/* The local APIC's own vectors: masking is per LVT entry (timer only). */
static u32 lvt_of(unsigned int irq)
{
	return irq == LOCAL_TIMER_IRQ ? APIC_LVT_TIMER : APIC_LVT_ERROR;
}

static void lapic_irq_mask(unsigned int irq)
{
	u32 lvt = lvt_of(irq);

	lapic_write(lvt, lapic_read(lvt) | APIC_LVT_MASKED);
}

static void lapic_irq_unmask(unsigned int irq)
{
	u32 lvt = lvt_of(irq);

	lapic_write(lvt, lapic_read(lvt) & ~APIC_LVT_MASKED);
}

static void lapic_irq_eoi(unsigned int irq)
{
	(void)irq;
	lapic_eoi();
}

static struct irq_chip lapic_chip = {
	.name = "LAPIC",
	.mask = lapic_irq_mask,
	.unmask = lapic_irq_unmask,
	.eoi = lapic_irq_eoi,
};

/*
 * The spurious vector is raised when an interrupt went away between its
 * delivery and its acceptance; it must not be acknowledged (SDM 11.9).
 */
static void spurious_nop(unsigned int irq)
{
	(void)irq;
}

static bool spurious_always(unsigned int irq)
{
	(void)irq;
	return true;
}

static struct irq_chip lapic_spurious_chip = {
	.name = "LAPIC-spurious",
	.mask = spurious_nop,
	.unmask = spurious_nop,
	.eoi = spurious_nop,
	.is_spurious = spurious_always,
};

/* A few lines tell what is wrong; a storm of them would bury the log. */
#define ERROR_REPORTS 8

static void lapic_error_interrupt(unsigned int irq, void *dev)
{
	static unsigned int reported;
	u32 esr;

	(void)irq;
	(void)dev;
	lapic_write(APIC_ESR, 0);	/* latch the errors into ESR */
	esr = lapic_read(APIC_ESR);
	if (reported++ < ERROR_REPORTS)
		pr_warn("apic: error interrupt, ESR %#x\n", esr);
}

/* The NMI entries of the MADT that name this CPU (or every CPU). */
static void lapic_setup_lint(const struct acpi_info *info, u32 uid)
{
	lapic_write(APIC_LVT_LINT0, APIC_LVT_MASKED);
	lapic_write(APIC_LVT_LINT1, APIC_LVT_MASKED);
	for (unsigned int i = 0; i < info->nnmis; i++) {
		const struct acpi_nmi *n = &info->nmis[i];
		u32 lvt = APIC_DM_NMI;

		if (n->acpi_uid != 0xff && n->acpi_uid != 0xffffffff &&
		    n->acpi_uid != uid)
			continue;
		/* MPS INTI flags: polarity 3 = active low, trigger 3 = level */
		if ((n->flags & 3) == 3)
			lvt |= APIC_LVT_ACTIVE_LOW;
		if (((n->flags >> 2) & 3) == 3)
			lvt |= APIC_LVT_LEVEL;
		lapic_write(n->lint ? APIC_LVT_LINT1 : APIC_LVT_LINT0, lvt);
	}
}

/* The ACPI processor UID of the CPU with this APIC id, or ~0. */
static u32 acpi_uid_of(const struct acpi_info *info, u32 apic_id)
{
	for (unsigned int i = 0; i < info->ncpus; i++)
		if (info->cpus[i].apic_id == apic_id)
			return info->cpus[i].acpi_uid;
	return ~0U;
}

static int lapic_enable(const struct acpi_info *info,
			struct lapic_saved *saved)
{
	saved->base_msr = rdmsr(MSR_IA32_APICBASE);
	lapic_base = ioremap(info->lapic_addr, APIC_MMIO_SIZE, VMM_UC);
	if (!lapic_base)
		return -ENOMEM;
	wrmsr(MSR_IA32_APICBASE, saved->base_msr | MSR_IA32_APICBASE_ENABLE);
	saved->svr = lapic_read(APIC_SVR);
	saved->lint0 = lapic_read(APIC_LVT_LINT0);
	saved->lint1 = lapic_read(APIC_LVT_LINT1);
	/* Mask every local source before software-enabling the unit. */
	lapic_write(APIC_LVT_TIMER, APIC_LVT_MASKED);
	lapic_write(APIC_LVT_THERMAL, APIC_LVT_MASKED);
	lapic_write(APIC_LVT_PERF, APIC_LVT_MASKED);
	lapic_write(APIC_LVT_ERROR, APIC_LVT_MASKED | ERROR_APIC_VECTOR);
	lapic_setup_lint(info, acpi_uid_of(info, lapic_id()));
	lapic_write(APIC_TPR, 0);	/* accept every priority */
	lapic_write(APIC_SVR, APIC_SVR_ENABLE | SPURIOUS_APIC_VECTOR);
	/* Clear errors latched before the unit was on (write, then read). */
	lapic_write(APIC_ESR, 0);
	lapic_read(APIC_ESR);
	lapic_eoi();
	return 0;
}

/*
 * Back to the PIC: LINT0 carries the 8259's output again (virtual wire)
 * and no interrupt names the local APIC's own vectors.
 */
static void lapic_restore(const struct lapic_saved *saved)
{
	if (!lapic_base)
		return;
	lapic_write(APIC_LVT_TIMER, APIC_LVT_MASKED);
	lapic_write(APIC_LVT_ERROR, APIC_LVT_MASKED);
	lapic_write(APIC_LVT_LINT0, saved->lint0);
	lapic_write(APIC_LVT_LINT1, saved->lint1);
	lapic_write(APIC_SVR, saved->svr);
	wrmsr(MSR_IA32_APICBASE, saved->base_msr);
	iounmap(lapic_base);
	lapic_base = NULL;
}

static int lapic_register_vectors(void)
{
	int err;

	err = irq_set_chip(SPURIOUS_APIC_IRQ, &lapic_spurious_chip);
	if (!err)
		err = irq_set_chip(ERROR_APIC_IRQ, &lapic_chip);
	if (!err)
		err = request_irq(ERROR_APIC_IRQ, lapic_error_interrupt, NULL);
	if (!err)
		err = irq_set_chip(LOCAL_TIMER_IRQ, &lapic_chip);
	return err;
}

static int apic_usable(const struct acpi_info *info)
{
	if (noapic) {
		pr_info("apic: off (noapic), using the 8259 PIC\n");
		return -ENODEV;
	}
	if (!info->has_madt || !info->lapic_addr || !info->nioapics) {
		pr_warn("apic: no MADT with an I/O APIC, using the 8259 PIC\n");
		return -ENODEV;
	}
	if (!(rdmsr(MSR_IA32_APICBASE) & MSR_IA32_APICBASE_BSP))
		pr_warn("apic: the boot CPU is not marked BSP\n");
	return 0;
}

int apic_init(void)
{
	struct lapic_saved saved;
	int err = apic_usable(&acpi_info);

	if (err)
		return err;
	/* The 8259s stay remapped clear of the exceptions, and silent. */
	pic_disable();
	err = lapic_enable(&acpi_info, &saved);
	if (!err)
		err = lapic_register_vectors();
	if (!err)
		err = io_apic_init(&acpi_info, lapic_id());
	if (err) {
		lapic_restore(&saved);
		pr_err("apic: cannot start (error %d), using the 8259 PIC\n",
		       err);
		return err;
	}
	pr_info("apic: local APIC %u at %#llx, version %#x, %u I/O APIC(s)\n",
		lapic_id(), (unsigned long long)acpi_info.lapic_addr,
		lapic_read(APIC_LVR) & 0xff, acpi_info.nioapics);
	return 0;
}
