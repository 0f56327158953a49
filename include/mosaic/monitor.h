/* SPDX-License-Identifier: GPL-2.0 */
/* The kernel monitor (kernel/monitor.c): a line prompt on the console ttys. */
#ifndef _MOSAIC_MONITOR_H
#define _MOSAIC_MONITOR_H

#include <mosaic/compiler.h>

/*
 * Run the monitor on /dev/console in this thread (never returns) and
 * in a new thread on tty1 when that is another tty.
 */
void __noreturn monitor_run(void);

#endif /* _MOSAIC_MONITOR_H */
