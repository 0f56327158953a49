/* SPDX-License-Identifier: GPL-2.0 */
/* Starting pid 1 (kernel/init_process.c). */
#ifndef _MOSAIC_INIT_PROCESS_H
#define _MOSAIC_INIT_PROCESS_H

/*
 * Exec init= (default /sbin/init) as pid 1. 0 when it runs; an error if
 * the default init is missing; panics if an init= given cannot start.
 */
int start_init_process(void);

#endif /* _MOSAIC_INIT_PROCESS_H */
