// SPDX-License-Identifier: GPL-2.0
/*
 * init, booted for real (on demand only; scripts/check boots them).
 *
 * init_death: what Linux does when init exits, panic with its exit
 * status. Booted with `init=/bin/hello ktest=init_death`, the case starts
 * init and waits; the boot passes when the kernel panics with "Attempted
 * to kill init! exitcode=0x00000000".
 *
 * busybox_poweroff, busybox_reboot: busybox init (/sbin/init) with its
 * shell on the serial console, as `make run` boots. Once the shell waits
 * for input the case types `poweroff` (`reboot`) at it through the
 * runner (`# serial-feed:`): the applet signals init (SIGUSR2, SIGTERM),
 * which init takes with rt_sigtimedwait, runs the inittab's shutdown
 * lines, signals every process and calls reboot(2). The call is
 * intercepted (<mosaic/reboot.h>) so the case sees its command and that
 * only init and the caller are left; with `ktest.end=poweroff|reboot`
 * the kernel then switches the machine off or resets it, which the
 * runner's --expect-exit checks.
 */
#include <mosaic/init_process.h>
#include <mosaic/ktest.h>
#include <mosaic/process.h>
#include <mosaic/reboot.h>
#include <mosaic/sched.h>
#include <mosaic/tty.h>
#include <uapi/linux/reboot.h>

static void test_init_exit_panics(struct ktest *t)
{
	KT_EXPECT_EQ(t, start_init_process(), 0);
	/* init runs and exits; the panic ends the boot. */
	for (int i = 0; i < 100; i++)
		sleep_ms(100);
	ktest_log(t, "init did not end the boot in 10 s");
	KT_EXPECT(t, false);
}

static struct ktest_case init_death_cases[] = {
	KTEST_CASE(test_init_exit_panics),
	{}
};
KTEST_SUITE_FULL(init_death, init_death_cases, NULL, NULL, KTEST_ON_DEMAND);

static unsigned int reboot_cmd;
static bool reboot_called;

static void note_reboot(unsigned int cmd)
{
	WRITE_ONCE(reboot_cmd, cmd);
	WRITE_ONCE(reboot_called, true);
}

/* Poll @cond for up to @secs seconds. */
static bool wait_for(bool (*cond)(void *arg), void *arg, int secs)
{
	for (int i = 0; i < secs * 10; i++) {
		if (cond(arg))
			return true;
		sleep_ms(100);
	}
	return cond(arg);
}

static bool shell_reads(void *arg)
{
	return tty_has_waiting_reader(arg);
}

static bool reboot_seen(void *arg)
{
	return READ_ONCE(reboot_called);
}

static int count_live(struct process *p, void *arg)
{
	if (!p->zombie)
		(*(int *)arg)++;
	return 0;
}

/* @hex is what the runner types, @cmd the reboot(2) it must end in. */
static void shell_shutdown(struct ktest *t, const char *hex, unsigned int cmd)
{
	struct tty *tty = serial_tty();
	int live = 0;

	if (!tty) {
		ktest_skip(t, "no serial console");
		return;
	}
	reboot_set_intercept(note_reboot);
	KT_ASSERT(t, start_init_process() == 0);
	KT_ASSERT(t, wait_for(shell_reads, tty, 60));
	ktest_log(t, "serial-feed: %s", hex);
	KT_EXPECT(t, wait_for(reboot_seen, NULL, 60));
	KT_EXPECT_EQ(t, READ_ONCE(reboot_cmd), cmd);
	/* The shells are gone: init and its child in reboot(2) are left. */
	process_for_each(count_live, &live);
	KT_EXPECT_EQ(t, live, 2);
}

static void test_shell_poweroff(struct ktest *t)
{
	shell_shutdown(t, "706f7765726f6666 0d", LINUX_REBOOT_CMD_POWER_OFF);
}

static void test_shell_reboot(struct ktest *t)
{
	shell_shutdown(t, "7265626f6f74 0d", LINUX_REBOOT_CMD_RESTART);
}

static struct ktest_case busybox_poweroff_cases[] = {
	KTEST_CASE(test_shell_poweroff),
	{}
};
KTEST_SUITE_FULL(busybox_poweroff, busybox_poweroff_cases, NULL, NULL,
		 KTEST_ON_DEMAND);

static struct ktest_case busybox_reboot_cases[] = {
	KTEST_CASE(test_shell_reboot),
	{}
};
KTEST_SUITE_FULL(busybox_reboot, busybox_reboot_cases, NULL, NULL,
		 KTEST_ON_DEMAND);
