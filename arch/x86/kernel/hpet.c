// SPDX-License-Identifier: GPL-2.0
/*
 * The HPET (IA-PC HPET specification 1.0a): only its main counter is
 * used, free-running, as a clock source (rating below the TSC's: a
 * register read through MMIO is slow) and as the reference that
 * calibrate.c measures other counters against. The comparators stay
 * off, legacy replacement too: the PIT keeps IRQ 0.
 */
#include <asm/hpet.h>
#include <asm/io.h>
#include <mosaic/acpi.h>
#include <mosaic/clocksource.h>
#include <mosaic/errno.h>
#include <mosaic/printk.h>
#include <mosaic/vmm.h>

#define HPET_MMIO_SIZE 1024
#define HPET_ID 0x000
#define HPET_ID_PERIOD_SHIFT 32
#define HPET_ID_64BIT (1ULL << 13)
#define HPET_CONFIG 0x010
#define HPET_CONFIG_ENABLE (1ULL << 0)
#define HPET_CONFIG_LEGACY (1ULL << 1)
#define HPET_COUNTER 0x0f0
/* The specification caps the tick at 100 ns (0x05F5E100 fs). */
#define HPET_MAX_PERIOD_FS 100000000ULL
#define FS_PER_NS 1000000ULL
#define FS_PER_SEC 1000000000000000ULL
/* Reads with no change before the counter is taken as stopped. */
#define HPET_STUCK_READS 1000000UL

static void __iomem *hpet_regs;
static u64 hpet_period_fs;
static bool hpet_64bit;

/* The counter, as 64 bits even when it has only 32 (wraps at 2^32). */
static u64 hpet_counter(void)
{
	return hpet_64bit ? readq(hpet_regs + HPET_COUNTER) :
			    readl(hpet_regs + HPET_COUNTER);
}

static u64 hpet_elapsed(u64 from, u64 to)
{
	return hpet_64bit ? to - from : (u32)(to - from);
}

static u64 hpet_cs_read(struct clocksource *cs)
{
	(void)cs;
	return readq(hpet_regs + HPET_COUNTER);
}

static struct clocksource hpet_clocksource = {
	.name = "hpet",
	.read = hpet_cs_read,
	.rating = 250,
};

bool hpet_available(void)
{
	return hpet_regs != NULL;
}

bool hpet_measure(u64 hpet_ns, u64 (*read)(void), u64 *delta,
		  u64 *hpet_elapsed_ns)
{
	u64 ticks, h0, h, c0, last;
	unsigned long same = 0;

	if (!hpet_regs)
		return false;
	ticks = hpet_ns * FS_PER_NS / hpet_period_fs;
	h0 = hpet_counter();
	c0 = read();
	for (last = h = h0; hpet_elapsed(h0, h) < ticks; last = h) {
		h = hpet_counter();
		if (h == last && ++same > HPET_STUCK_READS)
			return false;
	}
	*delta = read() - c0;
	*hpet_elapsed_ns = hpet_elapsed(h0, h) * hpet_period_fs / FS_PER_NS;
	return true;
}

static int hpet_check_id(u64 id)
{
	hpet_period_fs = id >> HPET_ID_PERIOD_SHIFT;
	hpet_64bit = id & HPET_ID_64BIT;
	if (!hpet_period_fs || hpet_period_fs > HPET_MAX_PERIOD_FS) {
		pr_warn("hpet: period of %llu fs is invalid, not used\n",
			(unsigned long long)hpet_period_fs);
		return -ENODEV;
	}
	return 0;
}

int hpet_init(void)
{
	u64 conf;

	if (!acpi_info.has_hpet || !acpi_info.hpet_addr)
		return -ENODEV;
	hpet_regs = ioremap(acpi_info.hpet_addr, HPET_MMIO_SIZE, VMM_UC);
	if (!hpet_regs)
		return -ENOMEM;
	if (hpet_check_id(readq(hpet_regs + HPET_ID))) {
		iounmap(hpet_regs);
		hpet_regs = NULL;
		return -ENODEV;
	}
	conf = readq(hpet_regs + HPET_CONFIG) & ~HPET_CONFIG_LEGACY;
	writeq(conf | HPET_CONFIG_ENABLE, hpet_regs + HPET_CONFIG);
	pr_info("hpet: at %#llx, %llu fs per tick, %s counter\n",
		(unsigned long long)acpi_info.hpet_addr,
		(unsigned long long)hpet_period_fs,
		hpet_64bit ? "64-bit" : "32-bit");
	/* A 32-bit counter wraps in minutes: a reference only. */
	if (hpet_64bit)
		clocksource_register_hz(&hpet_clocksource,
					FS_PER_SEC / hpet_period_fs);
	return 0;
}
