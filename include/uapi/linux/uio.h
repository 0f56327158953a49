/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/* readv(2)/writev(2): struct iovec and the segment limit, as Linux's. */
#ifndef _UAPI_LINUX_UIO_H
#define _UAPI_LINUX_UIO_H

#include <mosaic/compiler.h>
#include <mosaic/types.h>

struct iovec {
	void __user *iov_base;
	size_t iov_len;
};

/* IOV_MAX: more segments in one call is EINVAL. */
#define UIO_MAXIOV 1024

#endif /* _UAPI_LINUX_UIO_H */
