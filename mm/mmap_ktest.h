/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers the address-space ktests (mmap_ktest.c, fork_ktest.c) share. */
#ifndef _MM_MMAP_KTEST_H
#define _MM_MMAP_KTEST_H

#include <mosaic/ktest.h>
#include <mosaic/ktest_mem.h>
#include <mosaic/mmap.h>

#define MT_RW (PROT_READ | PROT_WRITE)
#define MT_ANON (MAP_PRIVATE | MAP_ANONYMOUS)

/* Pages of [start, end) with a page-table entry. */
unsigned long mt_mapped(struct mm *mm, unsigned long start, unsigned long end);
/* The byte at va through the direct map, or NULL if unmapped. */
u8 *mt_kva(struct mm *mm, unsigned long va);
/* Fault va in (as user mode would) and write/read it; negative errno. */
int mt_write(struct mm *mm, unsigned long va, u8 val);
int mt_read(struct mm *mm, unsigned long va);
bool mt_eager(void);
/* A private anonymous MAP_FIXED area at addr: did it land there? */
bool mt_fixed(struct mm *mm, unsigned long addr, unsigned long len,
	      unsigned long prot);
unsigned long mt_count_areas(struct mm *mm);

#endif /* _MM_MMAP_KTEST_H */
