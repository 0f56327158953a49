// SPDX-License-Identifier: GPL-2.0
/*
 * The PC's time: the HPET (where ACPI lists one) as calibration
 * reference and clock source, the TSC as the preferred clock source, and
 * the tick from the local APIC timer when configured and usable, else
 * the PIT.
 */
#include <asm/apic.h>
#include <asm/hpet.h>
#include <asm/i8253.h>
#include <asm/platform.h>
#include <mosaic/printk.h>

int time_init(void)
{
	hpet_init();
	tsc_init();
#ifdef CONFIG_X86_LAPIC_TIMER
	int err = lapic_timer_init();

	if (!err)
		return 0;
	pr_warn("timer: local APIC timer unusable (error %d), using the PIT\n",
		err);
#endif
	return pit_clockevent_init();
}

void irqchip_init(void)
{
	if (!apic_init())
		return;
	pic_init();
}
