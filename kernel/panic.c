// SPDX-License-Identifier: GPL-2.0
/*
 * panic(): report on every console with a backtrace, then stop the
 * machine. Under QEMU (CONFIG_QEMU_EXIT) that is an exit with the failure
 * code: a test runner sees it at once instead of waiting for its timeout,
 * and `make run` returns to the shell with the report on the terminal.
 * Without the exit device, the CPU halts. The report bypasses the log
 * ring's deferral: every line reaches the consoles before the exit.
 */
#include <asm/platform.h>
#include <mosaic/backtrace.h>
#include <mosaic/console.h>
#include <mosaic/irq.h>
#include <mosaic/panic.h>
#include <mosaic/printk.h>
#include <mosaic/vsprintf.h>

static int panic_depth;

void panic(const char *fmt, ...)
{
	static char msg[512];
	va_list args;

	local_irq_disable();
	/* Whatever this CPU was doing, printk now writes at once. */
	printk_enter_panic();
	if (++panic_depth > 1) {
		/* A fault while panicking: say so and stop, do not recurse. */
		const char *again = "\nKernel panic - nested panic, halting\n";

		console_write(again, sizeof("\nKernel panic - nested panic, halting\n") - 1);
		qemu_exit(QEMU_EXIT_FAIL);
	}
	va_start(args, fmt);
	vscnprintf(msg, sizeof(msg), fmt, args);
	va_end(args);
	console_loglevel = 8;
	console_set_color(COLOR_WHITE, COLOR_RED);
	pr_emerg("Kernel panic - not syncing: %s\n", msg);
	console_set_color(COLOR_LIGHT_GREY, COLOR_BLACK);
	print_backtrace();
	pr_emerg("---[ end Kernel panic - not syncing: %s ]---\n", msg);
	console_flush();
	qemu_exit(QEMU_EXIT_FAIL);
}
