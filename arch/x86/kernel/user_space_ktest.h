/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hand-made user address spaces for the ring-3 ktests (uaccess_ktest.c,
 * user_ktest.c): pages mapped straight into a fresh mm, without areas.
 */
#ifndef _ARCH_X86_KERNEL_USER_SPACE_KTEST_H
#define _ARCH_X86_KERNEL_USER_SPACE_KTEST_H

#include <mosaic/types.h>

#define USER_SPACE_PAGES 4

struct mm;

struct user_space {
	struct mm *mm;
	unsigned long va[USER_SPACE_PAGES];
	phys_addr_t pa[USER_SPACE_PAGES];
	int pages;
};

/* Map a zeroed page at va (VMM_* flags); its kernel alias or NULL. */
void *us_map(struct user_space *us, unsigned long va, unsigned long flags);
/* Unmap and free the pages, drop the mm. */
void us_destroy(struct user_space *us);

#endif
