// SPDX-License-Identifier: GPL-2.0
/*
 * copy_{from,to}_user and friends (<mosaic/uaccess.h>): check the range,
 * open the SMAP window for exactly the copy, and let copy_user.S's
 * exception-table entries turn a fault into a short count.
 */
#include <asm/smap.h>
#include <mosaic/errno.h>
#include <mosaic/string.h>
#include <mosaic/uaccess.h>

unsigned long __copy_user(void *to, const void *from, unsigned long n);
unsigned long __clear_user(void *to, unsigned long n);
long __strncpy_user(char *dst, const char *src, long count);

unsigned long copy_from_user(void *to, const void __user *from,
			     unsigned long n)
{
	unsigned long left = n;

	if (access_ok(from, n)) {
		stac();
		left = __copy_user(to, (__force const void *)from, n);
		clac();
	}
	/* As Linux: the caller never sees stale kernel bytes. */
	if (left)
		memset((char *)to + (n - left), 0, left);
	return left;
}

unsigned long copy_to_user(void __user *to, const void *from, unsigned long n)
{
	unsigned long left;

	if (!access_ok(to, n))
		return n;
	stac();
	left = __copy_user((__force void *)to, from, n);
	clac();
	return left;
}

unsigned long clear_user(void __user *to, unsigned long n)
{
	unsigned long left;

	if (!access_ok(to, n))
		return n;
	stac();
	left = __clear_user((__force void *)to, n);
	clac();
	return left;
}

long strncpy_from_user(char *dst, const char __user *src, long count)
{
	unsigned long a = (__force unsigned long)src;
	long max, res;

	if (count <= 0)
		return 0;
	if (a >= TASK_SIZE_MAX)
		return -EFAULT;
	/* Never read past the user half, however long the string is. */
	max = (long)MIN((unsigned long)count, TASK_SIZE_MAX - a);
	stac();
	res = __strncpy_user(dst, (__force const char *)src, max);
	clac();
	if (res == max && max < count)
		return -EFAULT;
	return res;
}
