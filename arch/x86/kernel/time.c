// SPDX-License-Identifier: GPL-2.0
/*
 * The PC's time: the HPET (where ACPI lists one) as calibration
 * reference and clock source, the TSC as the preferred clock source, and
 * the PIT as the tick.
 */
#include <asm/apic.h>
#include <asm/hpet.h>
#include <asm/i8253.h>
#include <asm/platform.h>

int time_init(void)
{
	hpet_init();
	tsc_init();
	return pit_clockevent_init();
}

void irqchip_init(void)
{
	if (!apic_init())
		return;
	pic_init();
}
