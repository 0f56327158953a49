/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Formatted output into a buffer (lib/vsprintf.c). C99 conversions
 * d i u x X o c s p %, flags "-0+ #", width and precision (also '*'),
 * length modifiers hh h l ll z j t. No floating point.
 *
 * Differences from C: %p prints "0x" and 16 hex digits (also for NULL),
 * %s of NULL prints "(null)", an unknown conversion prints itself.
 */
#ifndef _MOSAIC_VSPRINTF_H
#define _MOSAIC_VSPRINTF_H

#include <mosaic/compiler.h>
#include <mosaic/types.h>
#include <stdarg.h>

/*
 * Returns the length the full output would have (C99), excluding the
 * NUL; the buffer is always NUL-terminated when size > 0.
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list args)
	__printf(3, 0);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

/*
 * Like the above but return the number of characters actually stored
 * (excluding the NUL): 0 when size == 0, at most size - 1. Safe to use
 * for appending: pos += scnprintf(buf + pos, size - pos, ...).
 */
int vscnprintf(char *buf, size_t size, const char *fmt, va_list args)
	__printf(3, 0);
int scnprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

#endif /* _MOSAIC_VSPRINTF_H */
