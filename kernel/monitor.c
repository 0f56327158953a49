// SPDX-License-Identifier: GPL-2.0
/*
 * Until user space exists: a tiny kernel monitor on /dev/console (and
 * on tty1 when that is another tty). It reads lines through the tty, so
 * what you type is edited by the line discipline (Backspace, ^W, ^U,
 * ^D), and runs a handful of commands, poweroff and reboot among them
 * (the machine's own ways: ACPI S5, the reset methods).
 */
#include <asm/platform.h>
#include <mosaic/monitor.h>
#include <mosaic/printk.h>
#include <mosaic/sched.h>
#include <mosaic/string.h>
#include <mosaic/timer.h>
#include <mosaic/tty.h>
#include <mosaic/vsprintf.h>

static void say(struct tty *tty, const char *s)
{
	tty_write(tty, s, strlen(s));
}

static void run_line(struct tty *tty, char *line)
{
	char out[96];

	if (!strcmp(line, "help")) {
		say(tty, "commands: help, ps (threads), uptime, echo TEXT, poweroff, reboot\n");
	} else if (!strcmp(line, "ps")) {
		sched_dump();
	} else if (!strcmp(line, "uptime")) {
		snprintf(out, sizeof(out), "up %llu ms\n",
			 (unsigned long long)uptime_ms());
		say(tty, out);
	} else if (!strncmp(line, "echo", 4) && (!line[4] || line[4] == ' ')) {
		say(tty, line[4] ? line + 5 : "");
		say(tty, "\n");
	} else if (!strcmp(line, "poweroff")) {
		machine_power_off();	/* ACPI S5 */
	} else if (!strcmp(line, "reboot")) {
		machine_restart();	/* reset register, 8042, triple fault */
	} else if (line[0]) {
		say(tty, line);
		say(tty, ": unknown command (try help)\n");
	}
}

static int monitor_thread(void *arg)
{
	struct tty *tty = arg;
	char line[256];

	for (;;) {
		ssize_t n;

		say(tty, "mosaic> ");
		n = tty_read(tty, line, sizeof(line) - 1, false);
		if (n <= 0) {		/* ^D on an empty line, or hangup */
			say(tty, "\n");
			if (n < 0 || tty->hung_up)
				return (int)n;
			continue;
		}
		line[n] = '\0';
		if (line[n - 1] == '\n')
			line[n - 1] = '\0';
		run_line(tty, line);
	}
}

void monitor_run(void)
{
	struct tty *con = tty_console(), *vt = vt_tty();

	pr_info("Mosaic is up (%llu ms). A kernel monitor reads lines on the console; type help.\n",
		(unsigned long long)uptime_ms());
	if (vt && vt != con) {
		struct thread *t = thread_create(monitor_thread, vt,
						 "monitor-tty1");

		if (t)
			thread_detach(t);
	}
	if (con)
		monitor_thread(con);
	for (;;)		/* no console tty, or it hung up */
		sleep_ms(1000);
}
