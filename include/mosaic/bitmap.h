/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Bitmaps of unsigned long words (lib/bitmap.c). Bit n lives in word
 * n / BITS_PER_LONG at position n % BITS_PER_LONG. None of these are
 * atomic: callers serialise access themselves.
 * Search functions return @size when nothing is found.
 */
#ifndef _MOSAIC_BITMAP_H
#define _MOSAIC_BITMAP_H

#include <mosaic/compiler.h>
#include <mosaic/types.h>

#define BITS_PER_LONG (8 * sizeof(unsigned long))
#define BITS_TO_LONGS(n) (((n) + BITS_PER_LONG - 1) / BITS_PER_LONG)
#define BIT_WORD(n) ((n) / BITS_PER_LONG)
#define BIT_MASK(n) (1UL << ((n) % BITS_PER_LONG))
#define DECLARE_BITMAP(name, bits) unsigned long name[BITS_TO_LONGS(bits)]

static inline void set_bit(unsigned long nr, unsigned long *map)
{
	map[BIT_WORD(nr)] |= BIT_MASK(nr);
}

static inline void clear_bit(unsigned long nr, unsigned long *map)
{
	map[BIT_WORD(nr)] &= ~BIT_MASK(nr);
}

static inline void change_bit(unsigned long nr, unsigned long *map)
{
	map[BIT_WORD(nr)] ^= BIT_MASK(nr);
}

static inline bool test_bit(unsigned long nr, const unsigned long *map)
{
	return (map[BIT_WORD(nr)] & BIT_MASK(nr)) != 0;
}

/* Set bit nr and return its previous value. */
static inline bool test_and_set_bit(unsigned long nr, unsigned long *map)
{
	bool old = test_bit(nr, map);

	set_bit(nr, map);
	return old;
}

static inline bool test_and_clear_bit(unsigned long nr, unsigned long *map)
{
	bool old = test_bit(nr, map);

	clear_bit(nr, map);
	return old;
}

unsigned long find_next_bit(const unsigned long *map, unsigned long size,
			    unsigned long offset);
unsigned long find_next_zero_bit(const unsigned long *map, unsigned long size,
				 unsigned long offset);

static inline unsigned long find_first_bit(const unsigned long *map,
					   unsigned long size)
{
	return find_next_bit(map, size, 0);
}

static inline unsigned long find_first_zero_bit(const unsigned long *map,
						unsigned long size)
{
	return find_next_zero_bit(map, size, 0);
}

#define for_each_set_bit(bit, map, size)                                    \
	for ((bit) = find_first_bit(map, size); (bit) < (size);             \
	     (bit) = find_next_bit(map, size, (bit) + 1))

#define for_each_clear_bit(bit, map, size)                                  \
	for ((bit) = find_first_zero_bit(map, size); (bit) < (size);        \
	     (bit) = find_next_zero_bit(map, size, (bit) + 1))

/* Set / clear bits [start, start + len). */
void bitmap_set(unsigned long *map, unsigned long start, unsigned long len);
void bitmap_clear(unsigned long *map, unsigned long start, unsigned long len);

/* Number of set bits among the first nbits. */
unsigned long bitmap_weight(const unsigned long *map, unsigned long nbits);

/* Are all / none of the first nbits set? */
bool bitmap_full(const unsigned long *map, unsigned long nbits);
bool bitmap_empty(const unsigned long *map, unsigned long nbits);

/* Set every word covering nbits to zero / all ones. */
void bitmap_zero(unsigned long *map, unsigned long nbits);
void bitmap_fill(unsigned long *map, unsigned long nbits);

/*
 * First index >= start of a run of @nr clear bits lying wholly below
 * @size, whose index is a multiple of (align_mask + 1) (align_mask is
 * a power of two minus one). Returns a value > size - nr (>= size when
 * nr <= size) when there is none; check with `idx + nr > size`.
 */
unsigned long bitmap_find_next_zero_area(const unsigned long *map,
					 unsigned long size,
					 unsigned long start, unsigned long nr,
					 unsigned long align_mask);

#endif /* _MOSAIC_BITMAP_H */
