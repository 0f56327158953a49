// SPDX-License-Identifier: GPL-2.0
/*
 * splitmix64 (Steele, Lea, Flood 2014): a Weyl sequence through a 64-bit
 * mixer. Tiny state, every seed is fine, and good enough statistics for
 * workloads and property tests.
 */
#include <mosaic/random.h>

void prng_seed(struct prng *rng, u64 seed)
{
	rng->state = seed;
}

u64 prng_next(struct prng *rng)
{
	u64 z = (rng->state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

u32 prng_u32(struct prng *rng)
{
	return (u32)(prng_next(rng) >> 32);
}

/*
 * Lemire's multiply-shift: the high half of x * bound is uniform once the
 * few low products that would bias it are rejected.
 */
u64 prng_below(struct prng *rng, u64 bound)
{
	unsigned __int128 m;
	u64 low, threshold;

	if (!bound)
		return 0;
	m = (unsigned __int128)prng_next(rng) * bound;
	low = (u64)m;
	if (low < bound) {
		threshold = (0 - bound) % bound;
		while (low < threshold) {
			m = (unsigned __int128)prng_next(rng) * bound;
			low = (u64)m;
		}
	}
	return (u64)(m >> 64);
}

u64 prng_range(struct prng *rng, u64 lo, u64 hi)
{
	if (hi - lo == ~0ULL)
		return prng_next(rng);
	return lo + prng_below(rng, hi - lo + 1);
}

void prng_bytes(struct prng *rng, void *buf, size_t len)
{
	unsigned char *p = buf;

	while (len) {
		u64 v = prng_next(rng);
		size_t i;

		for (i = 0; i < 8 && len; i++, len--) {
			*p++ = (unsigned char)v;
			v >>= 8;
		}
	}
}
