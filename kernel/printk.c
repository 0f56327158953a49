// SPDX-License-Identifier: GPL-2.0
/*
 * printk: format, filter by log level, write to every console. Messages
 * start with KERN_<LEVEL> (an SOH byte and a digit); those without one
 * are KERN_INFO-like "default" messages. KERN_RAW lines (KTAP, BENCH)
 * always pass the filter, since test runners parse them.
 */
#include <mosaic/console.h>
#include <mosaic/errno.h>
#include <mosaic/irq.h>
#include <mosaic/params.h>
#include <mosaic/printk.h>
#include <mosaic/string.h>
#include <mosaic/vsprintf.h>

#define DEFAULT_MESSAGE_LEVEL 6
#define PRINTK_BUF_SIZE 1024

int console_loglevel = CONFIG_CONSOLE_LOGLEVEL_DEFAULT;

/* Returns the level (-1 for raw) and skips the prefix. */
static int printk_level(const char **fmt)
{
	const char *s = *fmt;

	if (s[0] != KERN_SOH[0] || !s[1])
		return DEFAULT_MESSAGE_LEVEL;
	*fmt = s + 2;
	if (s[1] == 'r')
		return -1;
	if (s[1] >= '0' && s[1] <= '7')
		return s[1] - '0';
	return DEFAULT_MESSAGE_LEVEL;
}

int vprintk(const char *fmt, va_list args)
{
	static char buf[PRINTK_BUF_SIZE];
	int level = printk_level(&fmt);
	unsigned long flags;
	int len;

	if (level >= console_loglevel)
		return 0;
	/* One buffer: interrupts stay off while it is in use. */
	flags = local_irq_save();
	len = vscnprintf(buf, sizeof(buf), fmt, args);
	console_write(buf, len);
	local_irq_restore(flags);
	return len;
}

int printk(const char *fmt, ...)
{
	va_list args;
	int len;

	va_start(args, fmt);
	len = vprintk(fmt, args);
	va_end(args);
	return len;
}

static int loglevel_param(const char *val)
{
	u64 level;

	if (!val || kstrtoull(val, 10, &level) || level > 8)
		return -EINVAL;
	console_loglevel = (int)level;
	return 0;
}
KERNEL_PARAM(loglevel, loglevel_param);
