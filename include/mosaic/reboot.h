/* SPDX-License-Identifier: GPL-2.0 */
/*
 * reboot(2) (kernel/reboot.c). For tests of user space's shutdown (the
 * busybox_poweroff and busybox_reboot ktests): while an intercept is
 * set, a reboot(2) that would power off, restart or halt calls it with
 * the command instead, and the caller sleeps until the machine goes
 * down, as if it had. Set and cleared by one test at a time.
 */
#ifndef _MOSAIC_REBOOT_H
#define _MOSAIC_REBOOT_H

#include <mosaic/types.h>

typedef void (*reboot_intercept_t)(unsigned int cmd);

#ifdef CONFIG_KTEST
void reboot_set_intercept(reboot_intercept_t fn);
#endif

#endif /* _MOSAIC_REBOOT_H */
