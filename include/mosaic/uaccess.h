/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading and writing user memory of the current address space. Every
 * user pointer is `__user` and is dereferenced only here: the range is
 * checked against the user half first (access_ok), and a fault on the
 * way ends the copy through an exception-table fixup instead of an oops.
 * Never call these holding a spinlock: the fault may have to page in.
 */
#ifndef _MOSAIC_UACCESS_H
#define _MOSAIC_UACCESS_H

#include <mosaic/compiler.h>
#include <mosaic/types.h>

/*
 * The highest user address plus one. The last page below the canonical
 * hole stays unmapped, so a syscall at its end can never return to the
 * non-canonical address right after it (the SYSRET hazard).
 */
#define TASK_SIZE_MAX 0x00007ffffffff000UL

/* Does [addr, addr + size) lie entirely in the user half? */
static inline bool access_ok(const void __user *addr, unsigned long size)
{
	unsigned long a = (__force unsigned long)addr;

	return size <= TASK_SIZE_MAX && a <= TASK_SIZE_MAX - size;
}

/* Both return the number of bytes NOT copied: 0 on success. */
unsigned long copy_from_user(void *to, const void __user *from,
			     unsigned long n);
unsigned long copy_to_user(void __user *to, const void *from, unsigned long n);
/* Zero n user bytes; the number not cleared. */
unsigned long clear_user(void __user *to, unsigned long n);
/*
 * Copy a NUL-terminated string of at most count bytes (NUL included in
 * the limit). Returns its length without the NUL, count if no NUL came
 * within count bytes (dst is then not terminated), or -EFAULT.
 */
long strncpy_from_user(char *dst, const char __user *src, long count);

/* One value of a scalar type: 0 or -EFAULT. */
#define get_user(x, ptr)                                                    \
	(copy_from_user(&(x), (ptr), sizeof(*(ptr))) ? -EFAULT : 0)
#define put_user(x, ptr)                                                    \
	({                                                                  \
		__typeof__(*(ptr)) __pu_val = (x);                          \
		copy_to_user((ptr), &__pu_val, sizeof(__pu_val)) ? -EFAULT  \
								 : 0;       \
	})

#endif /* _MOSAIC_UACCESS_H */
