// SPDX-License-Identifier: GPL-2.0
/*
 * Heapsort: O(n log n) comparisons in the worst case, constant stack,
 * which matters more in a kernel than quicksort's better average.
 */
#include <mosaic/sort.h>

/* Elements are of any type: tell the compiler these accesses alias them. */
typedef u64 __attribute__((__may_alias__)) u64_alias;
typedef u32 __attribute__((__may_alias__)) u32_alias;

/* Swap two elements, a word at a time when size and alignment allow. */
static void swap_elems(char *a, char *b, size_t size, size_t word)
{
	if (word == 8) {
		for (; size; size -= 8, a += 8, b += 8) {
			u64 t = *(u64_alias *)a;

			*(u64_alias *)a = *(u64_alias *)b;
			*(u64_alias *)b = t;
		}
	} else if (word == 4) {
		for (; size; size -= 4, a += 4, b += 4) {
			u32 t = *(u32_alias *)a;

			*(u32_alias *)a = *(u32_alias *)b;
			*(u32_alias *)b = t;
		}
	} else {
		for (; size; size--, a++, b++) {
			char t = *a;

			*a = *b;
			*b = t;
		}
	}
}

/* Move the element at root down until both children are not greater. */
static void sift_down(char *base, size_t root, size_t n, size_t size,
		      size_t word, cmp_func_t cmp)
{
	size_t child;

	while ((child = 2 * root + 1) < n) {
		if (child + 1 < n &&
		    cmp(base + child * size, base + (child + 1) * size) < 0)
			child++;
		if (cmp(base + root * size, base + child * size) >= 0)
			return;
		swap_elems(base + root * size, base + child * size, size, word);
		root = child;
	}
}

void sort(void *base, size_t num, size_t size, cmp_func_t cmp)
{
	char *b = base;
	size_t word = 1, i;

	if (num < 2 || !size)
		return;
	if (size % 8 == 0 && (uintptr_t)base % 8 == 0)
		word = 8;
	else if (size % 4 == 0 && (uintptr_t)base % 4 == 0)
		word = 4;

	for (i = num / 2; i-- > 0;)
		sift_down(b, i, num, size, word, cmp);
	for (i = num - 1; i > 0; i--) {
		swap_elems(b, b + i * size, size, word);
		sift_down(b, 0, i, size, word, cmp);
	}
}
