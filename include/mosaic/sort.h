/* SPDX-License-Identifier: GPL-2.0 */
/*
 * In-place heapsort (lib/sort.c): O(n log n) worst case, no recursion,
 * no allocation, not stable. cmp returns <0, 0, >0 like qsort's.
 */
#ifndef _MOSAIC_SORT_H
#define _MOSAIC_SORT_H

#include <mosaic/compiler.h>
#include <mosaic/types.h>

typedef int (*cmp_func_t)(const void *a, const void *b);

void sort(void *base, size_t num, size_t size, cmp_func_t cmp);

#endif /* _MOSAIC_SORT_H */
