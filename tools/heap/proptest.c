// SPDX-License-Identifier: GPL-2.0
/*
 * Property tests for the heap policies, run natively under ASan+UBSan:
 * random kmalloc/kzalloc/kcalloc/krealloc/kmalloc_aligned/kfree sequences
 * checked for alignment, overlap, contents and statistics; full recovery
 * when everything is freed; exhaustion; error detection. Built three
 * times (fixed-block large back end = pages, = linked-list region, and
 * with CONFIG_DEBUG_HEAP). Prints "ok"/"not ok" per test and a count.
 */
#include <mosaic/heap_policy.h>
#include <mosaic/page.h>

#include "fb_large.h"
#include "freelist.h"
#include "host_env.h"

/* libc bits, declared by hand: the mosaic headers own the names above */
int printf(const char *fmt, ...);
void *memset(void *s, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
char *strstr(const char *h, const char *n);
void *malloc(size_t n);
void free(void *p);
int snprintf(char *buf, size_t size, const char *fmt, ...);

static int passed, failed;
static const char *cur_test;
static int cur_fail;

#define CHECK(cond)                                                          \
	do {                                                                 \
		if (!(cond)) {                                               \
			if (cur_fail++ < 5)                                  \
				printf("# %s: %s:%d: %s\n", cur_test,        \
				       __FILE__, __LINE__, #cond);           \
		}                                                            \
	} while (0)

static void begin(const char *name)
{
	cur_test = name;
	cur_fail = 0;
}

static void end(void)
{
	if (cur_fail) {
		failed++;
		printf("not ok %s\n", cur_test);
	} else {
		passed++;
		printf("ok %s\n", cur_test);
	}
}

/* An expected failure: the test must fail, and says so visibly. */
static void end_xfail(const char *reason)
{
	if (cur_fail) {
		passed++;
		printf("ok %s # XFAIL (%s)\n", cur_test, reason);
	} else {
		failed++;
		printf("not ok %s # XPASS, expected to fail: %s\n", cur_test,
		       reason);
	}
}

static u64 rng_state;

static u64 rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

struct blk {
	unsigned char *p;
	size_t size;
	u8 seed;
};

#define MAXLIVE 400
static struct blk live[MAXLIVE];
static int nlive;

static void fill(struct blk *b)
{
	size_t i;

	for (i = 0; i < b->size; i++)
		b->p[i] = (u8)(b->seed + i * 7);
}

static bool intact(const struct blk *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (b->p[i] != (u8)(b->seed + i * 7))
			return false;
	return true;
}

static bool overlaps(const unsigned char *p, size_t size, int skip)
{
	int i;

	for (i = 0; i < nlive; i++) {
		size_t s = live[i].size ? live[i].size : 1;

		if (i != skip && p < live[i].p + s &&
		    live[i].p < p + (size ? size : 1))
			return true;
	}
	return false;
}

static size_t rand_size(void)
{
	switch (rnd() % 10) {
	case 0:
		return rnd() % 3;		/* 0, 1, 2 */
	case 1:
	case 2:
		return 2048 + rnd() % 40000;	/* large requests */
	default:
		return 1 + rnd() % 600;
	}
}

static void check_stats(void)
{
	struct heap_stats st;
	u64 sum = 0;
	int i;

	heap_get_stats(&st);
	CHECK(st.live_blocks == (u64)nlive);
#ifndef CONFIG_DEBUG_HEAP
	for (i = 0; i < nlive; i++)
		sum += ksize(live[i].p);
	CHECK(st.live_bytes == sum);
#else
	(void)i;
	(void)sum;
#endif
	CHECK(st.footprint_bytes <= st.peak_footprint_bytes);
	CHECK(st.live_bytes <= st.footprint_bytes);
	CHECK(heap_check_all() == HEAP_OK);
}

/* Random operation sequences with every check heapreplay makes. */
static void random_ops(const struct heap_policy *pol, const char *name,
		       int nops)
{
	int i, k;

	begin(name);
	CHECK(heap_use_policy(pol) == 0);
	nlive = 0;
	for (i = 0; i < nops && !cur_fail; i++) {
		u64 op = rnd() % 100;

		if (nlive < MAXLIVE && (op < 45 || nlive == 0)) {
			struct blk *b = &live[nlive];
			size_t align = 16;

			b->size = rand_size();
			b->seed = (u8)rnd();
			if (op < 8) {
				align = 1UL << (rnd() % 13);	/* 1..4096 */
				b->p = kmalloc_aligned(b->size, align);
			} else if (op < 14) {
				b->p = kzalloc(b->size);
				for (k = 0; b->p && k < (int)b->size; k++)
					CHECK(b->p[k] == 0);
			} else {
				b->p = kmalloc(b->size);
			}
			CHECK(b->p);
			if (!b->p)
				break;
			CHECK(IS_ALIGNED((uintptr_t)b->p, align < 16 ? 16 : align));
			CHECK(ksize(b->p) >= b->size);
			CHECK(!overlaps(b->p, b->size, -1));
			fill(b);
			nlive++;
		} else if (op < 75) {
			k = rnd() % nlive;
			CHECK(intact(&live[k], live[k].size));
			CHECK(heap_check_block(live[k].p) == HEAP_OK);
			kfree(live[k].p);
			live[k] = live[--nlive];
		} else {
			struct blk *b = &live[rnd() % nlive];
			size_t ns = rand_size(), keep = ns < b->size ? ns : b->size;
			unsigned char *q = krealloc(b->p, ns);

			CHECK(q);
			if (!q)
				break;
			b->p = q;
			CHECK(IS_ALIGNED((uintptr_t)q, 16));
			CHECK(intact(b, keep));
			b->size = ns;
			CHECK(!overlaps(q, ns, b - live));
			fill(b);
		}
		if (i % 512 == 0)
			check_stats();
	}
	check_stats();
	while (nlive)
		kfree(live[--nlive].p);
	check_stats();
	end();
}

/* After freeing everything the heap is back to its floor. */
static void full_recovery(const struct heap_policy *pol, const char *name)
{
	struct heap_stats st;
	void *p[300];
	int i;

	begin(name);
	heap_use_policy(pol);
	for (i = 0; i < 300; i++)
		p[i] = kmalloc(i % 3 ? 24 + i * 13 : 5000 + i * 50);
	for (i = 0; i < 300; i += 2)
		kfree(p[i]);
	for (i = 1; i < 300; i += 2)
		kfree(p[i]);
	heap_get_stats(&st);
	CHECK(st.live_bytes == 0 && st.live_blocks == 0);
	CHECK(st.alloc_count == 300 && st.free_count == 300);
	if (pol == &heap_policy_linked_list) {
		/* fully coalesced: one free block spanning the arena */
		CHECK(st.free_blocks == 1);
		CHECK(st.largest_free_bytes ==
		      st.footprint_bytes - 2 * FL_HDR);
	} else if (pol == &heap_policy_fixed_block) {
		u64 slabs = (char *)heap_morecore_end() -
			    (char *)heap_morecore_base();

#ifdef CONFIG_HEAP_FB_LARGE_PAGES
		/* page runs: all went back but for the cache */
		CHECK(!st.largest_free_bytes);
		CHECK(heap_footprint() - slabs <=
		      (u64)CONFIG_HEAP_PAGE_CACHE_KB << 10);
		heap_source_trim();
		CHECK(heap_footprint() == slabs);
#else
		/* list region: one free block per arena */
		CHECK(st.free_blocks <= (st.footprint_bytes - slabs) /
					(CONFIG_HEAP_FB_REGION_KB << 10));
#endif
	} else {
		/* bump: the arena was reset, the next block is the first */
		p[0] = kmalloc(16);
		CHECK((char *)p[0] < (char *)heap_morecore_base() + 64);
		kfree(p[0]);
	}
	end();
}

/* Fill the heap under a small limit: NULL, counted, nothing corrupted,
 * and everything comes back. */
static void exhaustion(const struct heap_policy *pol, const char *name)
{
	static void *p[4096];
	struct heap_stats st;
	int n, i;

	begin(name);
	heap_use_policy(pol);
	heap_source_set_limit(1 << 20);
	for (n = 0; n < 4096; n++) {
		p[n] = kmalloc(n % 2 ? 1000 : 3000);
		if (!p[n])
			break;
		memset(p[n], n, n % 2 ? 1000 : 3000);
	}
	CHECK(n < 4096);
	heap_get_stats(&st);
	CHECK(st.failures == 1);
	CHECK(st.footprint_bytes <= 1 << 20);
	for (i = 0; i < n; i++) {
		unsigned char *c = p[i];

		CHECK(c[0] == (u8)i && c[(i % 2 ? 1000 : 3000) - 1] == (u8)i);
		kfree(p[i]);
	}
	heap_get_stats(&st);
	CHECK(st.live_bytes == 0 && st.live_blocks == 0);
	p[0] = kmalloc(3000);
	CHECK(p[0]);
	kfree(p[0]);
	heap_source_set_limit(HEAP_MAX_BYTES);
	end();
}

static void edge_cases(const struct heap_policy *pol, const char *name)
{
	void *a, *b;

	begin(name);
	heap_use_policy(pol);
	a = kmalloc(0);
	b = kmalloc(0);
	CHECK(a && b && a != b);
	kfree(a);
	kfree(b);
	kfree(NULL);
	CHECK(kcalloc(SIZE_MAX / 2, 3) == NULL);
	CHECK(kcalloc((size_t)1 << 33, (size_t)1 << 33) == NULL);
	CHECK(kmalloc_aligned(64, 48) == NULL);
	CHECK(kmalloc_aligned(64, 2 * PAGE_SIZE) == NULL);
	CHECK(kmalloc(SIZE_MAX) == NULL);
	a = kmalloc_aligned(1, PAGE_SIZE);
	CHECK(a && IS_ALIGNED((uintptr_t)a, PAGE_SIZE));
	kfree(a);
	a = krealloc(NULL, 40);
	CHECK(a);
	a = krealloc(a, 0);
	CHECK(a);
	kfree(a);
	end();
}

#ifndef CONFIG_DEBUG_HEAP
/*
 * krealloc stays in place whenever the policy says the block fits
 * (fixed-block: the same class; linked-list: the block or its free
 * neighbour), keeps the contents when it moves, keeps the live-byte
 * statistics exact either way, and panics on a pointer it did not hand
 * out. One lock hold per call is not observable here (host locks are
 * no-ops); the kernel's ktest runs the same calls under the real lock.
 */
static void realloc_in_place(const struct heap_policy *pol, const char *name)
{
	struct heap_stats st;
	jmp_buf jb;
	volatile int panicked = 0;
	unsigned char *a, *b, *q;
	size_t i;

	begin(name);
	heap_use_policy(pol);
	a = kmalloc(20);
	for (i = 0; i < 20; i++)
		a[i] = (unsigned char)i;
	if (pol == &heap_policy_fixed_block) {
		CHECK(krealloc(a, 32) == a);	/* class 32 still fits */
		CHECK(krealloc(a, 17) == a);	/* and shrinking within it */
	}
	b = kmalloc(20);		/* a live neighbour: growing must move */
	q = krealloc(a, 3000);
	CHECK(q);
	for (i = 0; i < 17; i++)
		CHECK(q[i] == (unsigned char)i);
	heap_get_stats(&st);
	CHECK(st.live_blocks == 2);
	CHECK(st.live_bytes == ksize(q) + ksize(b));
	kfree(b);
	/* a page run grows into free pages after it (fixed-block) */
	a = krealloc(q, 3 * PAGE_SIZE);
	CHECK(a && krealloc(a, 3 * PAGE_SIZE - 100) == a);
	heap_get_stats(&st);
	CHECK(st.live_bytes == ksize(a));
	host_panic_jmp = &jb;
	if (!setjmp(jb))
		krealloc(a + 16, 100);
	else
		panicked = 1;
	host_panic_jmp = NULL;
	CHECK(panicked && strstr(host_panic_msg, "krealloc"));
	kfree(a);
	heap_get_stats(&st);
	CHECK(st.live_blocks == 0 && st.live_bytes == 0);
	end();
}
#endif

/* A block freed then asked for again is reused (bump: by design not). */
static void reuse(const struct heap_policy *pol, const char *name)
{
	void *a, *b, *c;

	begin(name);
	heap_use_policy(pol);
	a = kmalloc(100);
	b = kmalloc(100);
	kfree(a);
	c = kmalloc(100);
	CHECK(c == a);
	kfree(b);
	kfree(c);
	if (pol->reuses_memory)
		end();
	else
		end_xfail("bump reuses memory only once every block is freed");
}

/* kfree of a foreign pointer or a freed block panics naming it. */
static void bad_free(const struct heap_policy *pol, const char *name,
		     int kind)
{
	jmp_buf jb;
	char *a, *b;
	char want[32];
	volatile int panicked = 0;

	begin(name);
	heap_use_policy(pol);
	a = kmalloc(64);
	b = kmalloc(64);
	host_panic_jmp = &jb;
	host_panic_msg[0] = 0;
	if (!setjmp(jb)) {
		if (kind == 0) {
			kfree(a);
			kfree(a);		/* double free */
		} else {
			kfree(b + 16);		/* inside a block */
		}
	} else {
		panicked = 1;
	}
	host_panic_jmp = NULL;
	CHECK(panicked);
	snprintf(want, sizeof(want), "%p", kind ? b + 16 : a);
	CHECK(strstr(host_panic_msg, want));
	CHECK(strstr(host_panic_msg, kind ? "invalid pointer" : "double free"));
	if (cur_fail)
		printf("# panic message: %s\n", host_panic_msg);
	end();
}

#ifndef CONFIG_DEBUG_HEAP
/*
 * fixed-block marks a free block with a tag (its address xor a key) in
 * its second word and confirms a suspected double free on the free list.
 * A live block whose payload holds exactly that tag must still free
 * fine, and a real double free of it must still be caught.
 */
static void fb_tag_collision(void)
{
	jmp_buf jb;
	volatile int panicked = 0;
	uintptr_t *a, *b, key;

	begin("fixed-block double_free tag in a live block");
	heap_use_policy(&heap_policy_fixed_block);
	a = kmalloc(64);
	b = kmalloc(64);
	kfree(b);
	key = b[1] ^ (uintptr_t)b;	/* learn the key from a free block */
	a[1] = (uintptr_t)a ^ key;	/* a live block that looks free */
	CHECK(heap_check_block(a) == HEAP_OK);
	kfree(a);			/* must not panic */
	CHECK(kmalloc(64) == a && kmalloc(64) == b);	/* both reusable */
	a[1] = (uintptr_t)a ^ key;
	kfree(a);
	CHECK(heap_check_block(a) == HEAP_EDOUBLE_FREE);
	host_panic_jmp = &jb;
	if (!setjmp(jb))
		kfree(a);		/* the real double free */
	else
		panicked = 1;
	host_panic_jmp = NULL;
	CHECK(panicked && strstr(host_panic_msg, "double free"));
	kfree(b);
	CHECK(heap_check_all() == HEAP_OK);
	end();
}

/* Freed page runs are reused from the cache, which counts in the
 * footprint and goes back when the limit needs the room. */
static void page_cache(void)
{
	void *a, *b;
	u64 fp;

	begin("fixed-block page-run cache");
	heap_use_policy(&heap_policy_fixed_block);
	a = kmalloc(5 * PAGE_SIZE);
	fp = heap_footprint();
	kfree(a);
	CHECK(heap_footprint() ==
	      (CONFIG_HEAP_PAGE_CACHE_KB >= 20 ? fp : fp - 5 * PAGE_SIZE));
	b = kmalloc(3 * PAGE_SIZE);	/* from the cached pages */
	CHECK(b == a && heap_footprint() <= fp);
	kfree(b);
	heap_source_set_limit(heap_footprint());
	/* the cache goes back to make room under the limit */
	a = kmalloc(4 * PAGE_SIZE);
	b = kmalloc(4 * PAGE_SIZE);
	CHECK(a && !b);
	CHECK(heap_footprint() <= heap_source_limit());
	kfree(a);
	heap_source_set_limit(HEAP_MAX_BYTES);
	heap_source_trim();
	CHECK(heap_footprint() == (u64)((char *)heap_morecore_end() -
					(char *)heap_morecore_base()));
	end();
}
#endif

#ifdef CONFIG_DEBUG_HEAP
/* Red zones and poisoning catch the classic overruns. */
static void debug_checks(const struct heap_policy *pol, const char *name)
{
	jmp_buf jb;
	volatile int panicked = 0;
	char *a;

	begin(name);
	heap_use_policy(pol);
	a = kmalloc(40);
	CHECK(heap_check_block(a) == HEAP_OK);
	a[40] = 1;			/* one past the end */
	CHECK(heap_check_block(a) == HEAP_EREDZONE_AFTER);
	a[40] = (char)HEAP_REDZONE_BYTE;
	a[-1] = 1;			/* one before the start */
	CHECK(heap_check_block(a) == HEAP_EREDZONE_BEFORE);
	a[-1] = (char)HEAP_REDZONE_BYTE;
	CHECK(heap_check_block(a) == HEAP_OK);
	a[45] = 0;
	host_panic_jmp = &jb;
	if (!setjmp(jb))
		kfree(a);
	else
		panicked = 1;
	CHECK(panicked && strstr(host_panic_msg, "red zone after"));
	a[45] = (char)HEAP_REDZONE_BYTE;
	kfree(a);
	CHECK(heap_check_block(a) == HEAP_EDOUBLE_FREE);
	/* write after free, caught when the memory is handed out again */
	a[3] = 0x11;
	panicked = 0;
	if (!setjmp(jb)) {
		void *q[64];
		int i;

		for (i = 0; i < 64; i++)
			q[i] = kmalloc(40);
		(void)q;
	} else {
		panicked = 1;
	}
	host_panic_jmp = NULL;
	CHECK(panicked && strstr(host_panic_msg, "written after free"));
	if (cur_fail)
		printf("# panic message: %s\n", host_panic_msg);
	/* bump too: freeing its only block reset the arena */
	end();
}
#endif

int main(void)
{
	static const struct {
		const struct heap_policy *pol;
		const char *name;
	} pols[] = {
#define PROPTEST_POLICY(m, name) { &heap_policy_##m, name },
		HEAP_POLICY_MEMBERS(PROPTEST_POLICY)
	};
	char name[96];
	unsigned int i, f;

	for (i = 0; i < ARRAY_SIZE(pols); i++) {
		const struct heap_policy *p = pols[i].pol;

		for (f = 0; f < (p == &heap_policy_linked_list ? FL_FITS : 1); f++) {
			linked_list_set_fit(f);
			snprintf(name, sizeof(name), "%s%s%s random_ops",
				 pols[i].name, f ? " " : "",
				 f ? fl_fit_name(f) : "");
			rng_state = 0x9e3779b97f4a7c15ULL + i * 7 + f;
			random_ops(p, name, 20000);
		}
		linked_list_set_fit(FL_KCONFIG_FIT);
		snprintf(name, sizeof(name), "%s full_recovery", pols[i].name);
		full_recovery(p, name);
		snprintf(name, sizeof(name), "%s exhaustion", pols[i].name);
		exhaustion(p, name);
		snprintf(name, sizeof(name), "%s edge_cases", pols[i].name);
		edge_cases(p, name);
		snprintf(name, sizeof(name), "%s reuse", pols[i].name);
		reuse(p, name);
#ifndef CONFIG_DEBUG_HEAP
		snprintf(name, sizeof(name), "%s realloc_in_place",
			 pols[i].name);
		realloc_in_place(p, name);
#endif
		snprintf(name, sizeof(name), "%s double_free", pols[i].name);
		bad_free(p, name, 0);
		snprintf(name, sizeof(name), "%s invalid_free", pols[i].name);
		bad_free(p, name, 1);
#ifdef CONFIG_DEBUG_HEAP
		snprintf(name, sizeof(name), "%s debug_checks", pols[i].name);
		debug_checks(p, name);
#endif
	}
#ifndef CONFIG_DEBUG_HEAP
	fb_tag_collision();
	/* the page-run back end only: the list region keeps its runs */
	if (!memcmp(fb_large_name, "pages", 6))
		page_cache();
#endif
	printf("proptest: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
