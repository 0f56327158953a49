// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's random number generator, after Linux's crng: a 256-bit
 * ChaCha20 key is the whole state. Each request takes one block from it
 * under the lock, whose first half replaces the key (fast key erasure:
 * what was handed out cannot be recomputed from a later state) and whose
 * second half keys this request's own ChaCha20 stream, generated outside
 * the lock. Seeds come from RDSEED, else RDRAND, else the jitter of the
 * TSC around memory accesses, condensed through ChaCha20. Under QEMU's
 * -icount the TSC is deterministic, so without RDRAND (-cpu max has it)
 * the sequence repeats from boot to boot; the boot log says which source
 * seeded it.
 */
#include <asm/archrandom.h>
#include <mosaic/chacha20.h>
#include <mosaic/chrdev.h>
#include <mosaic/crng.h>
#include <mosaic/errno.h>
#include <mosaic/kmalloc.h>
#include <mosaic/page.h>
#include <mosaic/printk.h>
#include <mosaic/rtc.h>
#include <mosaic/spinlock.h>
#include <mosaic/string.h>
#include <mosaic/syscalls.h>
#include <mosaic/timer.h>
#include <mosaic/uaccess.h>
#include <mosaic/wait.h>
#include <uapi/linux/random.h>

#define RESEED_INTERVAL_MS (60 * 1000)
/* One request's stream is at most this long before a new request key. */
#define REQUEST_CHUNK (1U << 20)
/* TSC samples per byte of jitter seed. */
#define JITTER_SAMPLES 64

enum seed_source { SEED_NONE, SEED_RDSEED, SEED_RDRAND, SEED_JITTER };

static const char *const seed_names[] = {
	[SEED_NONE] = "none",
	[SEED_RDSEED] = "rdseed",
	[SEED_RDRAND] = "rdrand",
	[SEED_JITTER] = "tsc-jitter",
};

/* crng_lock: the key, the counters and the reseed time. */
static DEFINE_SPINLOCK_IRQ(crng_lock);
static u8 crng_key[CHACHA20_KEY_SIZE];
static enum seed_source crng_source = SEED_NONE;
static u64 crng_last_reseed_ms;
static u64 requests, reseeds;

static const u8 zero_nonce[CHACHA20_NONCE_SIZE];

static bool arch_seed(u8 *out, size_t len, enum seed_source src)
{
	while (len) {
		u64 v;
		size_t n = MIN(len, sizeof(v));
		bool ok = src == SEED_RDSEED ? rdseed_u64(&v) : rdrand_u64(&v);

		if (!ok)
			return false;
		memcpy(out, &v, n);
		out += n;
		len -= n;
	}
	return true;
}

/* Timing of a walk whose stride depends on the last timing: cache,
 * TLB and interrupt effects make the low bits vary. */
static u64 jitter_sample(u64 prev)
{
	static volatile u8 scratch[4096];
	u64 t0 = rdtsc();
	unsigned int stride = 64 + (unsigned int)(prev & 0x3f) * 64;

	for (unsigned int i = 0; i < sizeof(scratch); i += stride)
		scratch[i]++;
	return rdtsc() - t0;
}

static void jitter_seed(u8 out[CHACHA20_KEY_SIZE])
{
	u8 pool[CHACHA20_KEY_SIZE] = { 0 }, block[CHACHA20_BLOCK_SIZE];
	/* From the kernel's entry: the walks' strides repeat under -icount. */
	u64 delta = rdtsc() - boot_entry_tsc;

	for (unsigned int round = 0; round < JITTER_SAMPLES; round++) {
		for (unsigned int i = 0; i < sizeof(pool); i++) {
			delta = jitter_sample(delta);
			pool[i] ^= (u8)(delta ^ (delta >> 8));
		}
		/* Condense: the pool keys a block that becomes the pool. */
		chacha20_block(pool, round, zero_nonce, block);
		memcpy(pool, block, sizeof(pool));
	}
	memcpy(out, pool, sizeof(pool));
	chacha20_wipe(pool, sizeof(pool));
	chacha20_wipe(block, sizeof(block));
}

static enum seed_source gather_seed(u8 out[CHACHA20_KEY_SIZE])
{
	if (cpu_has_rdseed() && arch_seed(out, CHACHA20_KEY_SIZE, SEED_RDSEED))
		return SEED_RDSEED;
	if (cpu_has_rdrand() && arch_seed(out, CHACHA20_KEY_SIZE, SEED_RDRAND))
		return SEED_RDRAND;
	jitter_seed(out);
	return SEED_JITTER;
}

/* crng_lock held: the key becomes the first half of its own next block;
 * @half (if any) gets the second. */
static void rekey_locked(u8 *half)
{
	u8 block[CHACHA20_BLOCK_SIZE];

	chacha20_block(crng_key, 0, zero_nonce, block);
	memcpy(crng_key, block, CHACHA20_KEY_SIZE);
	if (half)
		memcpy(half, block + CHACHA20_KEY_SIZE, CHACHA20_KEY_SIZE);
	chacha20_wipe(block, sizeof(block));
}

static void mix_locked(const u8 *buf, size_t len)
{
	while (len) {
		size_t n = MIN(len, sizeof(crng_key));

		for (size_t i = 0; i < n; i++)
			crng_key[i] ^= buf[i];
		rekey_locked(NULL);
		buf += n;
		len -= n;
	}
}

/* Mix a fresh seed into the key (XOR keeps what the key already had). */
static void reseed(void)
{
	u8 seed[CHACHA20_KEY_SIZE];
	enum seed_source src = gather_seed(seed);
	unsigned long flags = spin_lock_irqsave(&crng_lock);

	mix_locked(seed, sizeof(seed));
	crng_source = src;
	crng_last_reseed_ms = uptime_ms();
	reseeds++;
	spin_unlock_irqrestore(&crng_lock, flags);
	chacha20_wipe(seed, sizeof(seed));
}

static bool reseed_due(void)
{
	unsigned long flags = spin_lock_irqsave(&crng_lock);
	bool due = crng_source == SEED_NONE ||
		   uptime_ms() - crng_last_reseed_ms >= RESEED_INTERVAL_MS;

	spin_unlock_irqrestore(&crng_lock, flags);
	return due;
}

static void request_key(u8 key[CHACHA20_KEY_SIZE])
{
	unsigned long flags;

	if (reseed_due())
		reseed();
	flags = spin_lock_irqsave(&crng_lock);
	rekey_locked(key);
	requests++;
	spin_unlock_irqrestore(&crng_lock, flags);
}

static void fill_from_key(const u8 *key, u8 *out, size_t len)
{
	u8 block[CHACHA20_BLOCK_SIZE];
	u32 counter = 0;

	for (; len >= sizeof(block); len -= sizeof(block), out += sizeof(block))
		chacha20_block(key, counter++, zero_nonce, out);
	if (len) {
		chacha20_block(key, counter, zero_nonce, block);
		memcpy(out, block, len);
		chacha20_wipe(block, sizeof(block));
	}
}

void get_random_bytes(void *buf, size_t len)
{
	u8 key[CHACHA20_KEY_SIZE];
	u8 *out = buf;

	while (len) {
		size_t n = MIN(len, (size_t)REQUEST_CHUNK);

		request_key(key);
		fill_from_key(key, out, n);
		out += n;
		len -= n;
	}
	chacha20_wipe(key, sizeof(key));
}

u64 get_random_u64(void)
{
	u64 v;

	get_random_bytes(&v, sizeof(v));
	return v;
}

void add_device_randomness(const void *buf, size_t len)
{
	unsigned long flags = spin_lock_irqsave(&crng_lock);

	mix_locked(buf, len);
	spin_unlock_irqrestore(&crng_lock, flags);
}

const char *crng_seed_source(void)
{
	return seed_names[crng_source];
}

u64 crng_requests(void)
{
	return requests;
}

u64 crng_reseeds(void)
{
	return reseeds;
}

/* -------------------------------------------------------------- getrandom */

/* Linux's MAX_RW_COUNT: one call returns at most this much. */
#define GETRANDOM_MAX ((size_t)(0x7fffffff & PAGE_MASK))
#define GETRANDOM_CHUNK PAGE_SIZE

/*
 * getrandom(2). The generator is seeded before user space exists, so it
 * never blocks and GRND_NONBLOCK never gives EAGAIN; GRND_RANDOM reads
 * the same generator (as Linux since 5.6). Bytes up to a fault are kept
 * (their count returned), as are those before a signal on a long read.
 */
SYSCALL_DEFINE3(getrandom, u8 __user *, buf, size_t, len, unsigned int, flags)
{
	u8 small[64];
	u8 *chunk = small;
	size_t chunk_size = sizeof(small), done = 0;

	if (flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	if ((flags & GRND_INSECURE) && (flags & GRND_RANDOM))
		return -EINVAL;
	len = MIN(len, GETRANDOM_MAX);
	if (!access_ok(buf, len))
		return -EFAULT;
	if (len > sizeof(small)) {
		chunk = kmalloc(GETRANDOM_CHUNK);
		chunk_size = chunk ? GETRANDOM_CHUNK : sizeof(small);
		chunk = chunk ? chunk : small;
	}
	while (done < len) {
		size_t n = MIN(len - done, chunk_size);
		size_t copied;

		get_random_bytes(chunk, n);
		copied = n - copy_to_user(buf + done, chunk, n);
		done += copied;
		if (copied < n || (done < len && signal_pending(current())))
			break;
	}
	chacha20_wipe(chunk, chunk_size);
	if (chunk != small)
		kfree(chunk);
	return done || !len ? (long)done : -EFAULT;
}

/* ------------------------------------------------------------ /dev/random */

static ssize_t random_read(struct file *file, void *buf, size_t n, u64 *pos)
{
	get_random_bytes(buf, n);
	return (ssize_t)n;
}

/* As Linux: accepted and mixed in, without crediting entropy. */
static ssize_t random_write(struct file *file, const void *buf, size_t n,
			    u64 *pos)
{
	add_device_randomness(buf, n);
	return (ssize_t)n;
}

static const struct file_operations random_fops = {
	.read = random_read,
	.write = random_write,
};

static struct chrdev random_dev = {
	.dev = MKDEV(1, 8), .count = 1, .name = "random", .mode = 0666,
	.fops = &random_fops,
};

static struct chrdev urandom_dev = {
	.dev = MKDEV(1, 9), .count = 1, .name = "urandom", .mode = 0666,
	.fops = &random_fops,
};

void random_init(void)
{
	struct timespec64 now;
	/*
	 * Since the kernel's entry, not power-on: under -icount the
	 * firmware's time follows the host's disk reads, and a seed from it
	 * made every figure of a benchmark boot differ from the last one's.
	 */
	u64 boot_tsc = rdtsc() - boot_entry_tsc;
	int err;

	/* Distinct boots differ in wall time even where the seed repeats. */
	ktime_get_real_ts64(&now);
	add_device_randomness(&now, sizeof(now));
	add_device_randomness(&boot_tsc, sizeof(boot_tsc));
	reseed();
	pr_info("random: crng seeded from %s\n", crng_seed_source());
	err = chrdev_register(&random_dev);
	if (!err)
		err = chrdev_register(&urandom_dev);
	if (err)
		pr_err("random: cannot register /dev/random: error %d\n", err);
}
