/* SPDX-License-Identifier: GPL-2.0 */
/* Error codes: functions return the negative value, like Linux. */
#ifndef _MOSAIC_ERRNO_H
#define _MOSAIC_ERRNO_H

#define EPERM 1
#define ENOENT 2
#define ESRCH 3
#define EINTR 4
#define EIO 5
#define ENXIO 6
#define E2BIG 7
#define ENOEXEC 8
#define EBADF 9
#define ECHILD 10
#define EAGAIN 11
#define ENOMEM 12
#define EACCES 13
#define EFAULT 14
#define ENOTBLK 15
#define EBUSY 16
#define EEXIST 17
#define EXDEV 18
#define ENODEV 19
#define ENOTDIR 20
#define EISDIR 21
#define EINVAL 22
#define ENFILE 23
#define EMFILE 24
#define ENOTTY 25
#define ETXTBSY 26
#define EFBIG 27
#define ENOSPC 28
#define ESPIPE 29
#define EROFS 30
#define EMLINK 31
#define EPIPE 32
#define ERANGE 34
#define EDEADLK 35
#define ENAMETOOLONG 36
#define ENOSYS 38
#define ENOTEMPTY 39
#define ELOOP 40
#define EIDRM 43
#define EOVERFLOW 75
#define EMSGSIZE 90
#define EOPNOTSUPP 95
#define ECONNRESET 104
#define ENOBUFS 105
#define ETIMEDOUT 110

/*
 * Kernel-internal, as Linux's: a sleeping system call that a signal
 * interrupted returns one of these, and the signal delivery on the way
 * back to user mode turns it into EINTR or a restart of the call
 * (kernel/signal.c, Documentation/signals.md). User space never sees them.
 */
#define ERESTARTSYS 512		/* EINTR, or restart with SA_RESTART */
#define ERESTARTNOINTR 513	/* always restart */
#define ERESTARTNOHAND 514	/* EINTR after a handler, else restart */
#define ERESTART_RESTARTBLOCK 516 /* EINTR, or restart_syscall(2) */

#endif /* _MOSAIC_ERRNO_H */
