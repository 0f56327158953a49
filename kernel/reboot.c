// SPDX-License-Identifier: GPL-2.0
/*
 * reboot(2), as Linux: both magic numbers or EINVAL, root only (EPERM),
 * then power off, restart or halt through the machine's own ways
 * (arch/x86/kernel/power.c: ACPI S5, the reset register, the 8042, a
 * triple fault). Ctrl-Alt-Del on/off is accepted and changes nothing:
 * the keyboard does not reboot.
 */
#include <asm/platform.h>
#include <mosaic/cred.h>
#include <mosaic/errno.h>
#include <mosaic/printk.h>
#include <mosaic/process.h>
#include <mosaic/reboot.h>
#include <mosaic/sched.h>
#include <mosaic/syscalls.h>
#include <mosaic/uaccess.h>
#include <uapi/linux/reboot.h>

#ifdef CONFIG_KTEST
static reboot_intercept_t reboot_intercept;

void reboot_set_intercept(reboot_intercept_t fn)
{
	WRITE_ONCE(reboot_intercept, fn);
}

/* A test watches: tell it, and never return, as a machine going down. */
static void intercepted(unsigned int cmd)
{
	reboot_intercept_t fn = READ_ONCE(reboot_intercept);

	if (!fn)
		return;
	fn(cmd);
	for (;;)
		sleep_ms(1000);
}
#else
static inline void intercepted(unsigned int cmd)
{
}
#endif

static bool magic2_ok(unsigned int magic2)
{
	return magic2 == LINUX_REBOOT_MAGIC2 ||
	       magic2 == LINUX_REBOOT_MAGIC2A ||
	       magic2 == LINUX_REBOOT_MAGIC2B ||
	       magic2 == LINUX_REBOOT_MAGIC2C;
}

SYSCALL_DEFINE4(reboot, int, magic1, int, magic2, unsigned int, cmd,
		void __user *, arg)
{
	char why[256];

	/* As Linux: privilege first, then the magic numbers. */
	if (!capable())
		return -EPERM;
	if ((unsigned int)magic1 != LINUX_REBOOT_MAGIC1 ||
	    !magic2_ok((unsigned int)magic2))
		return -EINVAL;
	switch (cmd) {
	case LINUX_REBOOT_CMD_CAD_ON:
	case LINUX_REBOOT_CMD_CAD_OFF:
		return 0;
	case LINUX_REBOOT_CMD_POWER_OFF:
		intercepted(cmd);
		machine_power_off();
	case LINUX_REBOOT_CMD_RESTART2:
		/* The command string is read (EFAULT) and then unused. */
		if (strncpy_from_user(why, arg, sizeof(why) - 1) < 0)
			return -EFAULT;
		/* fall through */
	case LINUX_REBOOT_CMD_RESTART:
		intercepted(cmd);
		machine_restart();
	case LINUX_REBOOT_CMD_HALT:
		intercepted(cmd);
		pr_emerg("reboot: System halted\n");
		halt_forever();
	}
	return -EINVAL;
}
