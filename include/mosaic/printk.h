/* SPDX-License-Identifier: GPL-2.0 */
/*
 * printk() with Linux-style log levels: every message is kept in the log
 * ring (kernel/printk.c, Documentation/printk.md); one starting with
 * KERN_<LEVEL> reaches the consoles when its level is below the console
 * loglevel (command line `loglevel=N`, default
 * CONFIG_CONSOLE_LOGLEVEL_DEFAULT).
 */
#ifndef _MOSAIC_PRINTK_H
#define _MOSAIC_PRINTK_H

#include <mosaic/compiler.h>
#include <mosaic/types.h>
#include <stdarg.h>

/* The log ring and the longest record (text with its newline). */
#define PRINTK_LOG_BUF_SIZE (64 * 1024)
#define PRINTK_LINE_MAX 1024

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

/* One record of the log ring, as printk_read_record() returns it. */
struct printk_info {
	u64 seq;		/* consecutive from 0 at boot */
	u64 ts_nsec;		/* ktime_get_ns() when it was stored */
	int level;		/* 0-7, -1 for KERN_RAW */
	size_t len;		/* text length, newline included */
};

/*
 * Read the record numbered *seq, or the oldest one after it if the ring
 * overwrote it (info->seq then says which), into text (NUL-terminated,
 * cut to size). Advances *seq past it. -EAGAIN: no such record yet.
 */
int printk_read_record(u64 *seq, struct printk_info *info, char *text,
		       size_t size);
/* The number the next record will get. */
u64 printk_next_seq(void);
/*
 * Records from *seq on (the oldest kept if it was dropped) as dmesg(1)
 * lines, "[    1.234567] text\n", into buf (NUL-terminated): as many as
 * fit whole. Advances *seq past them; returns the length (0: none).
 */
size_t dmesg_read(u64 *seq, char *buf, size_t size);
/* Print the whole ring on the consoles that way. */
void dmesg_dump(void);
/* Store bytes as raw records (console_write() when the console is busy). */
void printk_store_raw(const char *s, size_t len);

/*
 * panic(): forget locks and console ownership the stopped code held, and
 * make every later printk write the consoles at once.
 */
void printk_enter_panic(void);
/*
 * Print whatever the consoles have not printed yet. The caller owns the
 * consoles, or panics (then whoever owned them is stopped for good).
 */
void console_flush(void);

#endif /* _MOSAIC_PRINTK_H */
