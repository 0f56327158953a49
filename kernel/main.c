// SPDX-License-Identifier: GPL-2.0
/*
 * start_kernel(): the whole boot, one step after another. Each step is
 * a call a reader can follow; see Documentation/boot.md.
 */
#include <asm/fpu.h>
#include <asm/page.h>
#include <asm/platform.h>
#include <asm/smap.h>
#include <asm/traps.h>
#include <mosaic/acpi.h>
#include <mosaic/bench.h>
#include <mosaic/bootinfo.h>
#include <mosaic/chrdev.h>
#include <mosaic/console.h>
#include <mosaic/crng.h>
#include <mosaic/errno.h>
#include <mosaic/executor.h>
#include <mosaic/fb.h>
#include <mosaic/futex.h>
#include <mosaic/init_process.h>
#include <mosaic/irq.h>
#include <mosaic/jump_label.h>
#include <mosaic/keyboard.h>
#include <mosaic/kmalloc.h>
#include <mosaic/ktest.h>
#include <mosaic/mm.h>
#include <mosaic/monitor.h>
#include <mosaic/panic.h>
#include <mosaic/params.h>
#include <mosaic/percpu.h>
#include <mosaic/printk.h>
#include <mosaic/rtc.h>
#include <mosaic/trace.h>
#include <mosaic/sched.h>
#include <mosaic/serial.h>
#include <mosaic/signal.h>
#include <mosaic/string.h>
#include <mosaic/syscalls.h>
#include <mosaic/timer.h>
#include <mosaic/tty.h>
#include <mosaic/vfs.h>
#include <mosaic/vga.h>


struct bootinfo boot_info;
/* Cycle counter at the first instruction of C and at the end of init. */
u64 boot_tsc, boot_done_tsc;
/* head.S's copy, at a physical address only the boot mapping reaches. */
extern u64 head_entry_tsc;
u64 boot_entry_tsc;

/* What the command line asked the kernel to do after boot. */
static char ktest_spec[128];
static char bench_spec[128];

/* A selection such as ktest=a,b: it must name something and fit. */
static int copy_selection(char *spec, size_t size, const char *val)
{
	if (!*val)
		return -EINVAL;
	return strscpy(spec, val, size) < 0 ? -E2BIG : 0;
}

static int ktest_param(const char *val)
{
	return copy_selection(ktest_spec, sizeof(ktest_spec), val);
}
KERNEL_PARAM(ktest, ktest_param);

static int bench_param(const char *val)
{
	return copy_selection(bench_spec, sizeof(bench_spec), val);
}
KERNEL_PARAM(bench, bench_param);

/*
 * ktest.end=poweroff|reboot: after a passing run, leave through the real
 * machine's way out (ACPI S5, the reset methods) instead of
 * isa-debug-exit, so the boot matrix tests them (qemu-run
 * --expect-exit). A failing run still reports through isa-debug-exit.
 */
enum run_end { END_QEMU_EXIT, END_POWEROFF, END_REBOOT };
static enum run_end run_end;

static int ktest_end_param(const char *val)
{
	if (!strcmp(val, "poweroff"))
		run_end = END_POWEROFF;
	else if (!strcmp(val, "reboot"))
		run_end = END_REBOOT;
	else
		return -EINVAL;
	return 0;
}
KERNEL_PARAM_NAMED(ktest_end, "ktest.end", ktest_end_param);

static void banner(void)
{
	console_color_println(COLOR_LIGHT_CYAN, COLOR_BLACK,
			      "Mosaic " CONFIG_LOCALVERSION
			      " - an x86-64 kernel for comparing OS policies");
}

static void __noreturn run_requested_and_exit(void)
{
	int failed = 0;

	if (ktest_spec[0]) {
#ifdef CONFIG_KTEST
		failed += ktest_run_from_cmdline(ktest_spec) != 0;
#else
		pr_err("ktest= given but this kernel has no CONFIG_KTEST\n");
		failed++;
#endif
	}
	if (bench_spec[0]) {
#ifdef CONFIG_BENCH
		failed += bench_run_from_cmdline(bench_spec) != 0;
#else
		pr_err("bench= given but this kernel has no CONFIG_BENCH\n");
		failed++;
#endif
	}
	pr_info("run finished: %s\n", failed ? "FAILED" : "passed");
	if (trace_requested())
		trace_dump();
	if (!failed && run_end == END_POWEROFF)
		machine_power_off();
	if (!failed && run_end == END_REBOOT)
		machine_restart();
	qemu_exit(failed ? QEMU_EXIT_FAIL : QEMU_EXIT_PASS);
}

/* init owns the console now; the boot context has nothing left to do. */
static void __noreturn wait_for_init(void)
{
	for (;;)
		sleep_ms(1000);
}

/* Without tests to run and without an init, the monitor prompts on the
 * console ttys. */
static void __noreturn idle_console(void)
{
	monitor_run();
}

void start_kernel(u32 magic, u32 mbi_phys)
{
	int err;

	boot_tsc = rdtsc();
	boot_entry_tsc = head_entry_tsc;
	percpu_init();
	serial_init();
	gdt_init();
	idt_init();
	fpu_init();
	cpu_protect_init();
	syscall_init();

	err = bootinfo_parse(&boot_info, phys_to_virt(mbi_phys), magic);
	if (!err)
		err = bootinfo_check_ram(&boot_info);
	if (err)
		panic("%s", boot_info.error);
	vgacon_init(&boot_info);
	params_parse(boot_info.cmdline);
	banner();
	bootinfo_print(&boot_info);

	mm_init(&boot_info);
	fbcon_init(&boot_info);	/* needs the page tables of mm_init */
	err = heap_init();
	if (err)
		panic("heap: cannot start: error %d", err);
	jump_label_init();	/* before any key changes: trace= */
	trace_init();	/* trace=: the buffer comes from the frames */
	acpi_init(&boot_info);	/* a warning and PIC/PIT if unusable */
	sched_init();

	irqchip_init();
	err = time_init();
	if (err)
		panic("timer: cannot get IRQ 0: error %d", err);
	rtc_init();
	executor_init();	/* before the input paths it runs */
	err = kbd_init();
	if (err)
		pr_warn("keyboard: not available (error %d)\n", err);
	tty_init();
	signal_init();	/* hooks into the tty and the pipes */
	local_irq_enable();
	sched_start();
	random_init();
	futex_init();
	chr_dev_init();
	vfs_init();
	boot_done_tsc = rdtsc();

	if (ktest_spec[0] || bench_spec[0])
		run_requested_and_exit();
	if (!start_init_process())
		wait_for_init();
	idle_console();
}
