// SPDX-License-Identifier: GPL-2.0
/*
 * Random bytes handed to user space (AT_RANDOM, getrandom). One call to
 * re-point at the ChaCha20 generator of /dev/urandom when it lands; until
 * then a PRNG seeded from the cycle counter: unpredictable enough for
 * stack canaries in tests, not for cryptography.
 */
#include <mosaic/random.h>
#include <mosaic/spinlock.h>
#include <mosaic/timer.h>
#include <mosaic/user_random.h>

static struct prng user_rng;
static bool seeded;
static DEFINE_SPINLOCK(user_rng_lock);

void user_random_bytes(void *buf, size_t len)
{
	spin_lock(&user_rng_lock);
	if (!seeded) {
		prng_seed(&user_rng, rdtsc());
		seeded = true;
	}
	prng_bytes(&user_rng, buf, len);
	spin_unlock(&user_rng_lock);
}
