/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/* getrandom(2) flags, Linux's values. */
#ifndef _UAPI_LINUX_RANDOM_H
#define _UAPI_LINUX_RANDOM_H

#define GRND_NONBLOCK 0x0001
#define GRND_RANDOM 0x0002
#define GRND_INSECURE 0x0004

#endif /* _UAPI_LINUX_RANDOM_H */
