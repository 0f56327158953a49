// SPDX-License-Identifier: GPL-2.0
/*
 * Stopping the machine: QEMU's isa-debug-exit (the test runs' exit), a
 * halt loop, and power off and restart as a real PC needs them. Power
 * off is ACPI S5; restart tries the FADT's reset register, then the
 * 8042's reset line, then a triple fault, each given a moment to act,
 * as Linux's default reboot order does.
 */
#include <asm/io.h>
#include <asm/platform.h>
#include <asm/processor.h>
#include <mosaic/acpi.h>
#include <mosaic/errno.h>
#include <mosaic/irq.h>
#include <mosaic/printk.h>

#define ISA_DEBUG_EXIT_PORT 0xf4
#define I8042_STATUS 0x64
#define I8042_COMMAND 0x64
#define I8042_STR_IBF 0x02
#define I8042_CMD_PULSE_RESET 0xfe
/* Port 0x80 writes take about a microsecond on a PC: a clock-free delay. */
#define IO_WAITS_PER_MS 1000U
#define METHOD_GRACE_MS 50U
#define I8042_IBF_POLLS 100000U

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

/* Works with interrupts off and without a calibrated clock source. */
static void delay_ms(unsigned int ms)
{
	for (unsigned int i = 0; i < ms * IO_WAITS_PER_MS; i++)
		io_wait();
}

static bool have_8042(void)
{
#ifdef CONFIG_ACPI
	return acpi_info.has_8042;
#else
	return true;
#endif
}

/* The 8042's output port bit 0 is wired to the CPU's reset line. */
static void i8042_pulse_reset(void)
{
	unsigned int polls = 0;

	if (!have_8042())
		return;
	pr_notice("reboot: 8042 reset pulse\n");
	while ((inb(I8042_STATUS) & I8042_STR_IBF) && polls++ < I8042_IBF_POLLS)
		io_wait();
	outb(I8042_COMMAND, I8042_CMD_PULSE_RESET);
}

/* An exception with no IDT to deliver it: shutdown, which resets a PC. */
static void __noreturn triple_fault(void)
{
	static const struct {
		u16 limit;
		u64 base;
	} __attribute__((packed)) no_idt = { 0, 0 };

	pr_notice("reboot: triple fault\n");
	__asm__ __volatile__("lidt %0; int3" : : "m"(no_idt));
	halt_forever();
}

void __noreturn machine_power_off(void)
{
	int err;

	local_irq_disable();
	pr_emerg("reboot: Power down\n");
	err = acpi_power_off();
	if (err == -EIO)
		delay_ms(METHOD_GRACE_MS * 10);
	pr_emerg("reboot: power off failed (%s): halted, switch it off by hand\n",
		 err == -EIO ? "the machine ignored ACPI S5" :
			       "no ACPI S5 in the firmware tables");
	halt_forever();
}

void __noreturn machine_restart(void)
{
	local_irq_disable();
	pr_emerg("reboot: Restarting system\n");
	if (acpi_reboot() == -EIO)
		delay_ms(METHOD_GRACE_MS);
	i8042_pulse_reset();
	delay_ms(METHOD_GRACE_MS);
	triple_fault();
}
