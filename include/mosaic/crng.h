/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's cryptographic random number generator (drivers/char/
 * random.c): ChaCha20 with fast key erasure, seeded from RDSEED, else
 * RDRAND, else TSC jitter, and reseeded from the same source once a
 * minute. /dev/random, /dev/urandom, getrandom(2) and AT_RANDOM read it.
 * (For reproducible test workloads use the splitmix PRNG of random.h.)
 */
#ifndef _MOSAIC_CRNG_H
#define _MOSAIC_CRNG_H

#include <mosaic/types.h>

/* Seed the generator and register /dev/random (1,8), /dev/urandom (1,9).
 * Before it, get_random_bytes() seeds on first use. */
void random_init(void);

/* Fill @buf; never blocks, never fails. Thread or interrupt context. */
void get_random_bytes(void *buf, size_t len);
u64 get_random_u64(void);

/* Mix bytes into the key without crediting entropy (writes to
 * /dev/random do this, as on Linux). */
void add_device_randomness(const void *buf, size_t len);

/* "rdseed", "rdrand" or "tsc-jitter": what the last (re)seed used. */
const char *crng_seed_source(void);
/* Requests served and reseeds done, for tests and /proc. */
u64 crng_requests(void);
u64 crng_reseeds(void);

#endif /* _MOSAIC_CRNG_H */
