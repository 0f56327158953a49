/* SPDX-License-Identifier: GPL-2.0 */
/* Error codes: functions return the negative value, like Linux. */
#ifndef _MOSAIC_ERRNO_H
#define _MOSAIC_ERRNO_H

#define EPERM 1
#define ENOENT 2
#define EINTR 4
#define EIO 5
#define E2BIG 7
#define EBADF 9
#define EAGAIN 11
#define ENOMEM 12
#define EFAULT 14
#define EBUSY 16
#define ENODEV 19
#define EEXIST 17
#define EINVAL 22
#define ENOSPC 28
#define ERANGE 34
#define EDEADLK 35
#define ENOSYS 38
#define EOVERFLOW 75
#define ETIMEDOUT 110

#endif /* _MOSAIC_ERRNO_H */
