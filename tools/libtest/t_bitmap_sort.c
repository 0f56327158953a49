// SPDX-License-Identifier: GPL-2.0
/*
 * lib/bitmap.c against a bool-array model under random operations,
 * lib/sort.c against qsort on random arrays of several element sizes,
 * lib/random.c reproducibility and range, include/mosaic/list.h.
 */
#include <mosaic/bitmap.h>
#include <mosaic/list.h>
#include <mosaic/random.h>
#include <mosaic/sort.h>

#include <stdlib.h>
#include <string.h>

#include "libtest.h"

#define NBITS_MAX 300

static unsigned long model_next(const bool *m, unsigned long size,
				unsigned long off, bool want)
{
	for (; off < size; off++)
		if (m[off] == want)
			return off;
	return size;
}

static unsigned long model_zero_area(const bool *m, unsigned long size,
				     unsigned long start, unsigned long nr,
				     unsigned long align)
{
	unsigned long i, k;

	for (i = (start + align - 1) / align * align; i + nr <= size; i += align) {
		for (k = 0; k < nr && !m[i + k]; k++)
			;
		if (k == nr)
			return i;
	}
	return size + 1;	/* "none": anything with idx + nr > size */
}

HOSTTEST(bitmap_random_vs_model)
{
	struct prng r;
	int iter;

	prng_seed(&r, libtest_seed() + 30);
	for (iter = 0; iter < 400; iter++) {
		unsigned long size = 1 + prng_below(&r, NBITS_MAX), i;
		/* Exact allocation: ASan sees any word read past the end. */
		unsigned long *map = malloc(BITS_TO_LONGS(size) * sizeof(long));
		bool model[NBITS_MAX] = { false };
		int op;

		bitmap_zero(map, size);
		for (op = 0; op < 200; op++) {
			unsigned long a = prng_below(&r, size);
			unsigned long len = prng_below(&r, size - a + 1);

			switch (prng_below(&r, 6)) {
			case 0:
				set_bit(a, map);
				model[a] = true;
				break;
			case 1:
				clear_bit(a, map);
				model[a] = false;
				break;
			case 2:
				bitmap_set(map, a, len);
				for (i = a; i < a + len; i++)
					model[i] = true;
				break;
			case 3:
				bitmap_clear(map, a, len);
				for (i = a; i < a + len; i++)
					model[i] = false;
				break;
			case 4:
				CHECK_EQ(test_and_set_bit(a, map), model[a]);
				model[a] = true;
				break;
			default:
				change_bit(a, map);
				model[a] = !model[a];
				break;
			}
			for (i = 0; i < size; i++)
				CHECK_EQ(test_bit(i, map), model[i]);
			for (i = 0; i <= size; i += 1 + prng_below(&r, 7)) {
				CHECK_EQ(find_next_bit(map, size, i),
					 model_next(model, size, i, true));
				CHECK_EQ(find_next_zero_bit(map, size, i),
					 model_next(model, size, i, false));
			}
			{
				unsigned long w = 0, lim = prng_below(&r, size + 1);

				for (i = 0; i < lim; i++)
					w += model[i];
				CHECK_EQ(bitmap_weight(map, lim), w);
				CHECK_EQ(bitmap_empty(map, lim), w == 0);
				CHECK_EQ(bitmap_full(map, lim), w == lim);
			}
			{
				unsigned long nr = 1 + prng_below(&r, 12);
				unsigned long align = 1UL << prng_below(&r, 4);
				unsigned long st = prng_below(&r, size);
				unsigned long got = bitmap_find_next_zero_area(map, size,
								st, nr, align - 1);
				unsigned long want = model_zero_area(model, size, st,
								     nr, align);

				if (want + nr <= size)
					CHECK_EQ(got, want);
				else
					CHECK(got + nr > size);
			}
			if (hosttest_failures) {
				free(map);
				return;
			}
		}
		free(map);
	}
}

HOSTTEST(bitmap_edges)
{
	DECLARE_BITMAP(map, 128);
	unsigned long bit, count = 0;

	bitmap_zero(map, 128);
	CHECK_EQ(find_first_bit(map, 128), 128);
	CHECK_EQ(find_first_zero_bit(map, 128), 0);
	bitmap_fill(map, 128);
	CHECK_EQ(find_first_zero_bit(map, 128), 128);
	CHECK_EQ(find_next_bit(map, 128, 127), 127);
	CHECK_EQ(find_next_bit(map, 128, 128), 128);
	CHECK_EQ(find_next_bit(map, 100, 200), 100);
	CHECK_EQ(bitmap_weight(map, 128), 128);
	CHECK_EQ(bitmap_weight(map, 65), 65);
	bitmap_clear(map, 63, 2);	/* straddles the word boundary */
	CHECK(!test_bit(63, map) && !test_bit(64, map));
	CHECK(test_bit(62, map) && test_bit(65, map));
	CHECK_EQ(find_first_zero_bit(map, 128), 63);
	CHECK_EQ(find_next_zero_bit(map, 128, 64), 64);
	CHECK_EQ(find_next_zero_bit(map, 128, 65), 128);
	bitmap_clear(map, 0, 128);
	bitmap_set(map, 5, 0);
	CHECK_EQ(bitmap_weight(map, 128), 0);
	set_bit(3, map);
	set_bit(64, map);
	set_bit(127, map);
	for_each_set_bit(bit, map, 128)
		count += bit;
	CHECK_EQ(count, 3 + 64 + 127);
	/* A search limit inside a word must hide bits beyond it. */
	CHECK_EQ(find_next_bit(map, 100, 65), 100);
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

struct rec {
	unsigned long long key;
	unsigned int tag;
	char pad[5];	/* odd size: exercises the byte-wise swap */
} __attribute__((packed));

static int cmp_rec(const void *a, const void *b)
{
	const struct rec *x = a, *y = b;

	return (x->key > y->key) - (x->key < y->key);
}

static int cmp_u16(const void *a, const void *b)
{
	unsigned short x, y;

	memcpy(&x, a, 2);
	memcpy(&y, b, 2);
	return (int)x - (int)y;
}

HOSTTEST(sort_random_vs_qsort)
{
	struct prng r;
	int iter;

	prng_seed(&r, libtest_seed() + 31);
	for (iter = 0; iter < 500; iter++) {
		size_t n = prng_below(&r, 400), i;
		int *a = malloc((n + 1) * sizeof(int)), *b = malloc((n + 1) * sizeof(int));
		struct rec *ra = malloc((n + 1) * sizeof(*ra));
		unsigned short *s = malloc((n + 1) * 2), *s2 = malloc((n + 1) * 2);
		unsigned int range = 1 + (unsigned int)prng_below(&r, iter % 2 ? 10 : 1u << 30);

		for (i = 0; i < n; i++) {
			a[i] = b[i] = (int)prng_below(&r, range) - (int)(range / 2);
			ra[i].key = prng_below(&r, range);
			ra[i].tag = (unsigned int)i;
			s[i] = s2[i] = (unsigned short)prng_next(&r);
		}
		sort(a, n, sizeof(int), cmp_int);
		qsort(b, n, sizeof(int), cmp_int);
		CHECK(!memcmp(a, b, n * sizeof(int)));

		sort(ra, n, sizeof(*ra), cmp_rec);
		for (i = 1; i < n; i++)
			CHECK(ra[i - 1].key <= ra[i].key);
		{
			/* Same multiset: every tag appears exactly once. */
			unsigned char *seen = calloc(n + 1, 1);

			for (i = 0; i < n; i++)
				seen[ra[i].tag]++;
			for (i = 0; i < n; i++)
				CHECK_EQ(seen[i], 1);
			free(seen);
		}
		/* 2-byte elements at an odd address. */
		sort((char *)s, n, 2, cmp_u16);
		qsort(s2, n, 2, cmp_u16);
		CHECK(!memcmp(s, s2, n * 2));
		free(a);
		free(b);
		free(ra);
		free(s);
		free(s2);
		if (hosttest_failures)
			return;
	}
}

HOSTTEST(sort_sorted_and_reversed)
{
	int a[1000];
	size_t i;

	for (i = 0; i < 1000; i++)
		a[i] = (int)i;
	sort(a, 1000, sizeof(int), cmp_int);
	for (i = 0; i < 1000; i++)
		CHECK_EQ(a[i], i);
	for (i = 0; i < 1000; i++)
		a[i] = 1000 - (int)i;
	sort(a, 1000, sizeof(int), cmp_int);
	for (i = 0; i < 1000; i++)
		CHECK_EQ(a[i], i + 1);
	sort(a, 0, sizeof(int), cmp_int);
	sort(a, 1, sizeof(int), cmp_int);
	CHECK_EQ(a[0], 1);
}

HOSTTEST(random_reproducible_and_bounded)
{
	struct prng a, b;
	unsigned long hist[10] = { 0 };
	unsigned char bytes[13] = { 0 };
	int i;

	prng_seed(&a, 42);
	prng_seed(&b, 42);
	for (i = 0; i < 1000; i++)
		CHECK(prng_next(&a) == prng_next(&b));
	/* splitmix64 reference value for seed 0 (first output). */
	prng_seed(&a, 0);
	CHECK(prng_next(&a) == 0xe220a8397b1dcdafULL);
	prng_seed(&b, 1);
	CHECK(prng_next(&a) != prng_next(&b));

	for (i = 0; i < 100000; i++) {
		u64 v = prng_below(&a, 10);

		CHECK(v < 10);
		hist[v]++;
	}
	/* Each bucket near 10000: a loose bound that still catches bias. */
	for (i = 0; i < 10; i++)
		CHECK(hist[i] > 9000 && hist[i] < 11000);
	CHECK_EQ(prng_below(&a, 0), 0);
	CHECK_EQ(prng_below(&a, 1), 0);
	for (i = 0; i < 1000; i++) {
		u64 v = prng_range(&a, 100, 103);

		CHECK(v >= 100 && v <= 103);
	}
	prng_range(&a, 0, ~0ULL);
	prng_bytes(&a, bytes + 1, 11);
	CHECK_EQ(bytes[0], 0);
	CHECK_EQ(bytes[12], 0);
}

struct item {
	int v;
	struct list_head node;
};

HOSTTEST(list_operations)
{
	LIST_HEAD(head);
	struct item items[6], *pos, *n;
	int i, expect;

	CHECK(list_empty(&head));
	for (i = 0; i < 6; i++) {
		items[i].v = i;
		if (i % 2)
			list_add_tail(&items[i].node, &head);	/* 1 3 5 at end */
		else
			list_add(&items[i].node, &head);	/* 4 2 0 at front */
	}
	CHECK_EQ(list_count(&head), 6);
	{
		static const int order[] = { 4, 2, 0, 1, 3, 5 };

		i = 0;
		list_for_each_entry(pos, &head, node)
			CHECK_EQ(pos->v, order[i++]);
		i = 5;
		list_for_each_entry_reverse(pos, &head, node)
			CHECK_EQ(pos->v, order[i--]);
	}
	CHECK_EQ(list_first_entry(&head, struct item, node)->v, 4);
	CHECK_EQ(list_last_entry(&head, struct item, node)->v, 5);
	/* Remove the even ones while iterating. */
	list_for_each_entry_safe(pos, n, &head, node)
		if (pos->v % 2 == 0)
			list_del(&pos->node);
	expect = 1;
	list_for_each_entry(pos, &head, node) {
		CHECK_EQ(pos->v, expect);
		expect += 2;
	}
	CHECK(items[0].node.next == LIST_POISON1);
	list_move_tail(&items[1].node, &head);	/* 3 5 1 */
	CHECK_EQ(list_first_entry(&head, struct item, node)->v, 3);
	CHECK(list_is_last(&items[1].node, &head));
	list_del_init(&items[3].node);
	CHECK(list_empty(&items[3].node));
	list_del(&items[5].node);
	CHECK(list_is_singular(&head));
	list_del(&items[1].node);
	CHECK(list_empty(&head));
	CHECK(list_first_entry_or_null(&head, struct item, node) == NULL);
}
