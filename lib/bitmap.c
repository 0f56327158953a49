// SPDX-License-Identifier: GPL-2.0
/*
 * Bitmap searches and range operations, a word at a time: a search skips
 * 64 bits per step with count-trailing-zeros, a range update touches each
 * word once.
 */
#include <mosaic/bitmap.h>
#include <mosaic/compiler.h>

/* Mask of the bits at and above position (start % BITS_PER_LONG). */
#define FIRST_WORD_MASK(start) (~0UL << ((start) % BITS_PER_LONG))
/* Mask of the bits below position (nbits % BITS_PER_LONG), all if 0. */
#define LAST_WORD_MASK(nbits) (~0UL >> (-(nbits) % BITS_PER_LONG))

/*
 * Population count without __builtin_popcountl, which becomes a libgcc
 * call (__popcountdi2) unless the CPU baseline has POPCNT.
 */
static unsigned long hweight_long(unsigned long w)
{
	w = w - ((w >> 1) & 0x5555555555555555UL);
	w = (w & 0x3333333333333333UL) + ((w >> 2) & 0x3333333333333333UL);
	w = (w + (w >> 4)) & 0x0f0f0f0f0f0f0f0fUL;
	return (w * 0x0101010101010101UL) >> 56;
}

/* Common search: invert flips every word so both searches look for ones. */
static unsigned long find_next(const unsigned long *map, unsigned long size,
			       unsigned long offset, unsigned long invert)
{
	unsigned long idx, w;

	if (offset >= size)
		return size;
	idx = BIT_WORD(offset);
	w = (map[idx] ^ invert) & FIRST_WORD_MASK(offset);
	while (!w) {
		idx++;
		if (idx * BITS_PER_LONG >= size)
			return size;
		w = map[idx] ^ invert;
	}
	offset = idx * BITS_PER_LONG + __builtin_ctzl(w);
	return offset < size ? offset : size;
}

unsigned long find_next_bit(const unsigned long *map, unsigned long size,
			    unsigned long offset)
{
	return find_next(map, size, offset, 0);
}

unsigned long find_next_zero_bit(const unsigned long *map, unsigned long size,
				 unsigned long offset)
{
	return find_next(map, size, offset, ~0UL);
}

/* Apply op to bits [start, start + len): whole words in the middle. */
static void bitmap_update(unsigned long *map, unsigned long start,
			  unsigned long len, bool set)
{
	unsigned long first, last, fmask, lmask, i;

	if (!len)
		return;
	first = BIT_WORD(start);
	last = BIT_WORD(start + len - 1);
	fmask = FIRST_WORD_MASK(start);
	lmask = LAST_WORD_MASK(start + len);
	if (first == last)
		fmask &= lmask;
	for (i = first; i <= last; i++) {
		unsigned long mask = i == first ? fmask :
				     i == last ? lmask : ~0UL;

		if (set)
			map[i] |= mask;
		else
			map[i] &= ~mask;
	}
}

void bitmap_set(unsigned long *map, unsigned long start, unsigned long len)
{
	bitmap_update(map, start, len, true);
}

void bitmap_clear(unsigned long *map, unsigned long start, unsigned long len)
{
	bitmap_update(map, start, len, false);
}

unsigned long bitmap_weight(const unsigned long *map, unsigned long nbits)
{
	unsigned long i, w = 0, full = nbits / BITS_PER_LONG;

	for (i = 0; i < full; i++)
		w += hweight_long(map[i]);
	if (nbits % BITS_PER_LONG)
		w += hweight_long(map[full] & LAST_WORD_MASK(nbits));
	return w;
}

bool bitmap_full(const unsigned long *map, unsigned long nbits)
{
	return find_next_zero_bit(map, nbits, 0) >= nbits;
}

bool bitmap_empty(const unsigned long *map, unsigned long nbits)
{
	return find_next_bit(map, nbits, 0) >= nbits;
}

void bitmap_zero(unsigned long *map, unsigned long nbits)
{
	unsigned long i;

	for (i = 0; i < BITS_TO_LONGS(nbits); i++)
		map[i] = 0;
}

void bitmap_fill(unsigned long *map, unsigned long nbits)
{
	unsigned long i;

	for (i = 0; i < BITS_TO_LONGS(nbits); i++)
		map[i] = ~0UL;
}

unsigned long bitmap_find_next_zero_area(const unsigned long *map,
					 unsigned long size,
					 unsigned long start, unsigned long nr,
					 unsigned long align_mask)
{
	unsigned long index, end, busy;

	for (;;) {
		index = find_next_zero_bit(map, size, start);
		index = (index + align_mask) & ~align_mask;
		end = index + nr;
		if (end > size)
			return end;
		/* A set bit inside the candidate run: restart after it. */
		busy = find_next_bit(map, end, index);
		if (busy >= end)
			return index;
		start = busy + 1;
	}
}
