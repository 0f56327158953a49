/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Word-at-a-time helpers on bitmaps of frames, shared by the bitmap and
 * stack policies (both keep one bit per frame). Bit b lives in word b / 64
 * at position b % 64. Ranges are [from, to) in bits.
 */
#ifndef _MM_FRAME_BITS_H
#define _MM_FRAME_BITS_H

#include <mosaic/types.h>

#define FB_WORD_BITS 64

/* A mask of bits [lo, hi) within one word, 0 <= lo < hi <= 64. */
static inline u64 fb_mask(unsigned int lo, unsigned int hi)
{
	u64 m = hi >= 64 ? ~0ULL : (1ULL << hi) - 1;

	return m & ~((1ULL << lo) - 1);
}

/*
 * Population count without libgcc (the kernel does not link it, and
 * __builtin_popcountll becomes a call to __popcountdi2 without -mpopcnt).
 */
static inline unsigned int fb_popcount(u64 x)
{
	x = x - ((x >> 1) & 0x5555555555555555ULL);
	x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
	x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
	return (unsigned int)((x * 0x0101010101010101ULL) >> 56);
}

/* Set, clear or count the bits [from, to), a word at a time. */
static inline void fb_set_range(u64 *map, u64 from, u64 to)
{
	while (from < to) {
		u64 w = from / 64;
		unsigned int lo = from % 64;
		unsigned int hi = (to - w * 64) >= 64 ? 64 : (unsigned int)(to - w * 64);

		map[w] |= fb_mask(lo, hi);
		from = w * 64 + hi;
	}
}

static inline void fb_clear_range(u64 *map, u64 from, u64 to)
{
	while (from < to) {
		u64 w = from / 64;
		unsigned int lo = from % 64;
		unsigned int hi = (to - w * 64) >= 64 ? 64 : (unsigned int)(to - w * 64);

		map[w] &= ~fb_mask(lo, hi);
		from = w * 64 + hi;
	}
}

/* Number of set bits in [from, to). */
static inline u64 fb_count_set(const u64 *map, u64 from, u64 to)
{
	u64 n = 0;

	while (from < to) {
		u64 w = from / 64;
		unsigned int lo = from % 64;
		unsigned int hi = (to - w * 64) >= 64 ? 64 : (unsigned int)(to - w * 64);

		n += fb_popcount(map[w] & fb_mask(lo, hi));
		from = w * 64 + hi;
	}
	return n;
}

/*
 * Longest run of clear bits in words [0, nwords). Full words are skipped
 * whole; mixed words are walked run by run with ctz.
 */
static inline u64 fb_longest_zero_run(const u64 *map, u64 nwords)
{
	u64 best = 0, run = 0;

	for (u64 w = 0; w < nwords; w++) {
		u64 x = map[w];
		unsigned int pos = 0;

		if (x == 0) {
			run += 64;
			continue;
		}
		if (x == ~0ULL) {
			if (run > best)
				best = run;
			run = 0;
			continue;
		}
		while (pos < 64) {
			u64 rest = x >> pos;
			unsigned int zeros;

			if (rest == 0) {	/* clear up to the word's end */
				run += 64 - pos;
				break;
			}
			zeros = (unsigned int)__builtin_ctzll(rest);
			run += zeros;
			if (run > best)
				best = run;
			run = 0;
			pos += zeros;
			/* skip the set bits */
			rest = ~(x >> pos);
			if (rest == 0)
				break;
			pos += (unsigned int)__builtin_ctzll(rest);
		}
	}
	return run > best ? run : best;
}

#endif /* _MM_FRAME_BITS_H */
