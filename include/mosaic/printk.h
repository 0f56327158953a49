/* SPDX-License-Identifier: GPL-2.0 */
/*
 * printk() with Linux-style log levels: a message starting with
 * KERN_<LEVEL> is printed when its level is below the console loglevel
 * (command line `loglevel=N`, default CONFIG_CONSOLE_LOGLEVEL_DEFAULT).
 */
#ifndef _MOSAIC_PRINTK_H
#define _MOSAIC_PRINTK_H

#include <mosaic/compiler.h>
#include <stdarg.h>

#define KERN_SOH "\001"
#define KERN_EMERG KERN_SOH "0"
#define KERN_ALERT KERN_SOH "1"
#define KERN_CRIT KERN_SOH "2"
#define KERN_ERR KERN_SOH "3"
#define KERN_WARNING KERN_SOH "4"
#define KERN_NOTICE KERN_SOH "5"
#define KERN_INFO KERN_SOH "6"
#define KERN_DEBUG KERN_SOH "7"
/* Always printed, no prefix: machine-readable lines (KTAP, BENCH). */
#define KERN_RAW KERN_SOH "r"

int printk(const char *fmt, ...) __printf(1, 2);
int vprintk(const char *fmt, va_list args) __printf(1, 0);

#define pr_emerg(fmt, ...) printk(KERN_EMERG fmt, ##__VA_ARGS__)
#define pr_err(fmt, ...) printk(KERN_ERR fmt, ##__VA_ARGS__)
#define pr_warn(fmt, ...) printk(KERN_WARNING fmt, ##__VA_ARGS__)
#define pr_notice(fmt, ...) printk(KERN_NOTICE fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...) printk(KERN_INFO fmt, ##__VA_ARGS__)
#define pr_debug(fmt, ...) printk(KERN_DEBUG fmt, ##__VA_ARGS__)
#define pr_raw(fmt, ...) printk(KERN_RAW fmt, ##__VA_ARGS__)

extern int console_loglevel;

#endif /* _MOSAIC_PRINTK_H */
