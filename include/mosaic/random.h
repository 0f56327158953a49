/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Small deterministic PRNG (splitmix64, lib/random.c) with explicit state,
 * so a test or benchmark replays the same sequence from the same seed in
 * the kernel and on the host. Not for anything security-related.
 */
#ifndef _MOSAIC_RANDOM_H
#define _MOSAIC_RANDOM_H

#include <mosaic/compiler.h>
#include <mosaic/types.h>

struct prng {
	u64 state;
};

/* Any seed, including 0, gives a full-period sequence. */
void prng_seed(struct prng *rng, u64 seed);
u64 prng_next(struct prng *rng);
u32 prng_u32(struct prng *rng);
/* Uniform in [0, bound); bound == 0 returns 0. Unbiased. */
u64 prng_below(struct prng *rng, u64 bound);
/* Uniform in [lo, hi] inclusive; requires lo <= hi. */
u64 prng_range(struct prng *rng, u64 lo, u64 hi);
/* Fill a buffer with pseudo-random bytes. */
void prng_bytes(struct prng *rng, void *buf, size_t len);

#endif /* _MOSAIC_RANDOM_H */
