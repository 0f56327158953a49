/* SPDX-License-Identifier: GPL-2.0 */
/*
 * panic(): the kernel prints the message and a backtrace on every console
 * and stops (under test it leaves QEMU with a failure code). Host builds of
 * freestanding code provide their own panic(), which tests can intercept.
 */
#ifndef _MOSAIC_PANIC_H
#define _MOSAIC_PANIC_H

#include <mosaic/compiler.h>

void panic(const char *fmt, ...) __noreturn __printf(1, 2) __cold;

/* Cheap invariant check that stays on in every build. */
#define BUG_ON(cond)                                                        \
	do {                                                                \
		if (unlikely(cond))                                         \
			panic("BUG: %s at %s:%d", #cond, __FILE__, __LINE__); \
	} while (0)

#endif /* _MOSAIC_PANIC_H */
