/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The system's name (kernel/utsname.c): what uname(2) reports and
 * sethostname/setdomainname change. One for the whole system (no UTS
 * namespaces).
 */
#ifndef _MOSAIC_UTSNAME_H
#define _MOSAIC_UTSNAME_H

#include <mosaic/types.h>

/* The release: the Makefile's KERNELRELEASE plus CONFIG_LOCALVERSION. */
extern const char uts_release[];

/*
 * The policies built in, "frame=buddy heap=slab sched=eevdf", into buf
 * (as snprintf; NUL-terminated when size > 0). uname's version and
 * /proc/version name them, so a comparison's output says what ran.
 */
int uts_policies(char *buf, size_t size);

#endif /* _MOSAIC_UTSNAME_H */
