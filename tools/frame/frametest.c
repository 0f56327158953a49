// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests of the frame allocator glue plus one policy (chosen at build
 * time, FRAME_POLICY_MEMBER), against simulated memory layouts with
 * holes, odd sizes, unsorted/overlapping entries and RAM above 4 GiB.
 *
 * A reference model keeps the state of every simulated frame (hole, free,
 * allocated, metadata). Property tests run long random alloc/free
 * sequences and compare allocator and model after every step.
 */
#include <mosaic/compiler.h>
#include <mosaic/errno.h>
#include <mosaic/frame.h>
#include <mosaic/frame_policy.h>
#include <mosaic/page.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hosttest.h"
#include "sim.h"

/*
 * The member under test and its CONFIG_ values come from the header
 * scripts/policies.py writes from Kconfig (tools/frame/Makefile).
 */
#ifndef FRAME_POLICY_MEMBER
#error "build with -include of the header from scripts/policies.py"
#endif
#define POLICY FRAME_POLICY_MEMBER_NAME
#define FT_CAT2(a, b) a##b
#define FT_CAT(a, b) FT_CAT2(a, b)
#define FT_MEMBER FT_CAT(frame_policy_, FRAME_POLICY_MEMBER)
extern const struct frame_policy FT_MEMBER;
const struct frame_policy *frame_selected_policy = &FT_MEMBER;

#define SIM_FRAMES (SIM_PHYS_SIZE >> PAGE_SHIFT)
#define FRAME_BYTES PAGE_SIZE

/* ---- simulated layouts ----------------------------------------------- */

static const struct frame_region lay_mixed[] = {
	{ 0x0, 0x9fc00 },		/* low memory; frame 0 is dropped */
	{ 0x100234, 0x3a5010 },		/* unaligned at both ends */
	{ 0x800000, 0x200000 },		/* adjacent to the next: merged */
	{ 0xa00000, 0x123000 },
	{ 0xc80000, 0x100000 },		/* unsorted, overlaps the next */
	{ 0xc00000, 0x100000 },
	{ 0x1000000, 0x1000 },		/* single frames */
	{ 0x1003000, 0x2000 },
	{ 0x1010000, 0xfff },		/* less than a frame: dropped */
	{ 0x2000000, 0 },		/* empty */
	{ SIM_4G + 0x5000, 0x30b000 },	/* above 4 GiB, odd */
	{ SIM_4G + 0x400000, 0x400000 },
};

static const struct frame_region lay_big[] = {
	{ 0x1000000, 64ULL << 20 },
	{ SIM_4G, (32ULL << 20) + 0x7000 },
};

static const struct frame_region lay_tiny[] = {
	{ 0x5000, 0x1000 }, { 0x9000, 0x1000 }, { 0xd000, 0x1000 },
};

static const struct frame_region lay_high[] = {
	{ SIM_4G + 0x1000, 0x80000 },
};

static struct frame_region lay_many[FRAME_MAX_REGIONS + 1];

static void make_many(void)
{
	for (int i = 0; i <= FRAME_MAX_REGIONS; i++) {
		u64 size = 0x1000ULL * (1 + (u64)(i * 37) % 300) + (u64)(i % 5) * 123;

		if (i < 48)
			lay_many[i].base = 0x100000 + (u64)i * 0x180000 + (u64)(i % 3) * 0x1000;
		else
			lay_many[i].base = SIM_4G + (u64)(i - 48) * 0x200000 + 0x800;
		lay_many[i].size = size;
	}
}

/* ---- reference model ------------------------------------------------- */

enum { M_HOLE, M_FREE, M_ALLOC, M_META };
#define M_EVER 0x80		/* has been handed out at least once */
#define MST(p) (model[p] & 0x7f)

static u8 *model;
static u64 model_free;
static u64 model_held;		/* frames the test holds (M_ALLOC) */
struct run { pfn_t s, e; };
static struct run runs[FRAME_MAX_REGIONS + 1];	/* non-hole stretches */
static int nr_runs;
static u64 n_allocs, n_frees, n_failures;

static void model_reset(const struct frame_region *r, int n)
{
	memset(model, M_HOLE, SIM_FRAMES);
	for (int i = 0; i < n; i++) {
		pfn_t s = (r[i].base + PAGE_SIZE - 1) >> PAGE_SHIFT;
		pfn_t e = (r[i].base + r[i].size) >> PAGE_SHIFT;

		for (pfn_t p = s ? s : 1; p < e; p++)
			model[p] = M_FREE;
	}
	nr_runs = 0;
	model_free = 0;
	model_held = 0;
	for (pfn_t p = 0; p < SIM_FRAMES; p++) {
		if (model[p] == M_HOLE)
			continue;
		model_free++;
		if (nr_runs && runs[nr_runs - 1].e == p) {
			runs[nr_runs - 1].e++;
		} else {
			runs[nr_runs].s = p;
			runs[nr_runs].e = p + 1;
			nr_runs++;
		}
	}
	n_allocs = n_frees = n_failures = 0;
}

static u64 model_largest_run(void)
{
	u64 best = 0;

	for (int i = 0; i < nr_runs; i++) {
		u64 run = 0;

		for (pfn_t p = runs[i].s; p < runs[i].e; p++) {
			run = MST(p) == M_FREE ? run + 1 : 0;
			if (run > best)
				best = run;
		}
	}
	return best;
}

/* Number of disjoint aligned free 2^order blocks in the model. */
static u64 model_aligned_blocks(unsigned int order)
{
	u64 n = 1ULL << order, count = 0;

	for (int i = 0; i < nr_runs; i++) {
		for (pfn_t a = (runs[i].s + n - 1) & ~(n - 1); a + n <= runs[i].e; a += n) {
			u64 j = 0;

			while (j < n && MST(a + j) == M_FREE)
				j++;
			count += j == n;
		}
	}
	return count;
}

/* Buddy: the maximal aligned blocks the free stretches decompose into. */
static __maybe_unused void model_buddy_blocks(unsigned int max, u64 *per_order)
{
	memset(per_order, 0, sizeof(u64) * FRAME_STATS_ORDERS);
	for (int i = 0; i < nr_runs; i++) {
		pfn_t p = runs[i].s;

		while (p < runs[i].e) {
			pfn_t e = p;
			while (e < runs[i].e && MST(e) == M_FREE)
				e++;
			while (p < e) {
				unsigned int k = max;

				while (k && ((p & ((1ULL << k) - 1)) || p + (1ULL << k) > e))
					k--;
				per_order[k]++;
				p += 1ULL << k;
			}
			while (p < runs[i].e && MST(p) != M_FREE)
				p++;
		}
	}
}

static void tag_block(phys_addr_t pa, unsigned int order)
{
	for (u64 i = 0; i < (1ULL << order); i++) {
		u64 *f = phys_to_virt(pa + i * PAGE_SIZE);

		f[0] = pa + i * PAGE_SIZE;
		f[PAGE_SIZE / 8 - 1] = ~(pa + i * PAGE_SIZE);
	}
}

static void check_tag(phys_addr_t pa, unsigned int order)
{
	for (u64 i = 0; i < (1ULL << order); i++) {
		u64 *f = phys_to_virt(pa + i * PAGE_SIZE);

		CHECK(f[0] == pa + i * PAGE_SIZE);
		CHECK(f[PAGE_SIZE / 8 - 1] == ~(pa + i * PAGE_SIZE));
	}
}

/* Record a successful allocation; checks alignment and no double hand-out. */
static void model_take(phys_addr_t pa, unsigned int order)
{
	pfn_t pfn = pa >> PAGE_SHIFT;
	u64 n = 1ULL << order;

	CHECK((pa & (PAGE_SIZE - 1)) == 0);
	CHECK((pfn & (n - 1)) == 0);
	CHECK(pfn + n <= SIM_FRAMES);
	if (hosttest_failures)
		return;
	for (u64 i = 0; i < n; i++) {
#ifdef CONFIG_FRAME_ALLOC_STACK
		/* stack: blocks above order 0 only from untouched memory */
		if (order > 0 && (model[pfn + i] & M_EVER)) {
			fprintf(stderr, "  order-%u block reuses frame 0x%llx\n",
				order, (unsigned long long)PFN_PHYS(pfn + i));
			hosttest_failures++;
			return;
		}
#endif
		if (MST(pfn + i) != M_FREE) {
			fprintf(stderr, "  frame 0x%llx (state %d) handed out\n",
				(unsigned long long)PFN_PHYS(pfn + i), MST(pfn + i));
			hosttest_failures++;
			return;
		}
		model[pfn + i] = M_ALLOC | M_EVER;
	}
	model_free -= n;
	model_held += n;
	n_allocs++;
	tag_block(pa, order);
}

static void model_give(phys_addr_t pa, unsigned int order)
{
	pfn_t pfn = pa >> PAGE_SHIFT;

	check_tag(pa, order);
	for (u64 i = 0; i < (1ULL << order); i++) {
		CHECK(MST(pfn + i) == M_ALLOC);
		model[pfn + i] = M_FREE | M_EVER;
	}
	model_free += 1ULL << order;
	model_held -= 1ULL << order;
	n_frees++;
}

/* ---- live blocks ----------------------------------------------------- */

struct block { phys_addr_t pa; unsigned int order; };
static struct block *live;
static u64 nr_live;

static u64 rng = 88172645463325252ULL;

static u64 rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static int do_alloc(unsigned int order)
{
	phys_addr_t pa = 0;
	int ret = frame_alloc(order, &pa);

	if (ret == 0) {
		model_take(pa, order);
		live[nr_live].pa = pa;
		live[nr_live].order = order;
		nr_live++;
	} else if (ret == -ENOMEM) {
		n_failures++;
	}
	return ret;
}

static void do_free_index(u64 i)
{
	struct block b = live[i];

	live[i] = live[--nr_live];
	model_give(b.pa, b.order);
	frame_free(b.pa, b.order);
}

static void free_all_random(void)
{
	while (nr_live)
		do_free_index(rnd() % nr_live);
}

static void check_stats(void)
{
	struct frame_stats s;

	frame_get_stats(&s);
	CHECK_EQ(s.free_frames, model_free);
	CHECK_EQ(s.used_frames, model_held + s.meta_frames);
	CHECK_EQ(s.allocs, n_allocs);
	CHECK_EQ(s.frees, n_frees);
	CHECK_EQ(s.failures, n_failures);
	CHECK_EQ(frame_check(), 0);
}

static void check_runs(void)
{
	struct frame_stats s;
	u64 sum = 0;

	frame_get_stats(&s);
	/* frag_permille is the glue's arithmetic on these two: not checked */
	CHECK_EQ(s.largest_free_run, model_largest_run());
	for (int k = 0; k < FRAME_STATS_ORDERS; k++)
		sum += s.free_per_order[k] << k;
#ifdef CONFIG_FRAME_ALLOC_BUDDY
	CHECK_EQ(sum, s.free_frames);
#else
	CHECK_EQ(sum, 0);
#endif
}

/* A fresh allocator over the same layout: all managed frames free again. */
static void reinit(const struct frame_region *r, int n)
{
	CHECK_EQ(frame_init(r, n), 0);
	for (int i = 0; i < nr_runs; i++)
		for (pfn_t p = runs[i].s; p < runs[i].e; p++)
			model[p] &= 0x7f;	/* forget "ever allocated" */
	n_allocs = n_frees = n_failures = 0;
}

/*
 * Initialise, then learn which usable frames hold metadata by taking every
 * frame: what is left is the metadata, which must be one contiguous block
 * of the size the stats report. Frees everything and re-initialises, so the
 * caller gets a fresh allocator and a model that knows the metadata.
 */
static void init_and_discover(const struct frame_region *r, int n)
{
	struct frame_stats s;
	u64 usable, taken = 0, meta_seen = 0;
	pfn_t meta_first = 0;

	model_reset(r, n);
	usable = model_free;
	CHECK_EQ(frame_init(r, n), 0);
	frame_get_stats(&s);
	CHECK_EQ(s.total_frames, usable);
	CHECK_EQ(s.free_frames, usable - s.meta_frames);
	CHECK_EQ(s.used_frames, s.meta_frames);
	CHECK(usable == 0 || s.meta_frames > 0);
	CHECK_EQ(frame_check(), 0);
	while (do_alloc(0) == 0 && !hosttest_failures)
		taken++;
	BAIL();
	CHECK_EQ(taken, usable - s.meta_frames);
	for (int i = 0; i < nr_runs; i++) {
		for (pfn_t p = runs[i].s; p < runs[i].e; p++) {
			if (MST(p) != M_FREE)
				continue;
			if (!meta_seen)
				meta_first = p;
			CHECK_EQ(p, meta_first + meta_seen);	/* contiguous */
			model[p] = M_META;
			meta_seen++;
		}
	}
	CHECK_EQ(meta_seen, s.meta_frames);
	model_free = 0;
	free_all_random();
	reinit(r, n);
	check_stats();
}

/* Every frame back; the buddy must have merged everything again. */
static void check_all_free(void)
{
	struct frame_stats s;

	frame_get_stats(&s);
	CHECK_EQ(s.free_frames, s.total_frames - s.meta_frames);
	CHECK_EQ(s.largest_free_run, model_largest_run());
#ifdef CONFIG_FRAME_ALLOC_BUDDY
	{
		u64 want[FRAME_STATS_ORDERS];

		model_buddy_blocks(s.max_order, want);
		for (int k = 0; k < FRAME_STATS_ORDERS; k++)
			CHECK_EQ(s.free_per_order[k], want[k]);
	}
#endif
	CHECK_EQ(frame_check(), 0);
}

/* ---- panic catching -------------------------------------------------- */

static __attribute__((noinline)) int try_free(phys_addr_t pa, unsigned int order)
{
	int hit = HOST_CATCH_PANIC(frame_free(pa, order));

	__asm__ __volatile__("" ::: "memory");	/* keep the call a call */
	return hit;
}

static __maybe_unused int try_alloc(unsigned int order, phys_addr_t *pa)
{
	return HOST_CATCH_PANIC(frame_alloc(order, pa));
}

/* The panic message names the frame and a caller inside try_free(). */
static void expect_panic_names(phys_addr_t pa, const char *why)
{
	char addr[32];
	const char *c = strstr(host_panic_msg, "caller 0x");
	unsigned long long caller = 0;

	snprintf(addr, sizeof(addr), "0x%llx", (unsigned long long)pa);
	if (!strstr(host_panic_msg, addr) || !strstr(host_panic_msg, why)) {
		fprintf(stderr, "  panic message \"%s\" lacks \"%s\" or \"%s\"\n",
			host_panic_msg, addr, why);
		hosttest_failures++;
	}
	CHECK(c && sscanf(c, "caller 0x%llx", &caller) == 1);
	CHECK(caller > (uintptr_t)try_free && caller < (uintptr_t)try_free + 4096);
}

static void snapshot(struct frame_stats *s)
{
	frame_get_stats(s);
}

static void expect_unchanged(const struct frame_stats *a)
{
	struct frame_stats b;

	frame_get_stats(&b);
	CHECK_EQ(b.free_frames, a->free_frames);
	CHECK_EQ(b.frees, a->frees);
	CHECK_EQ(frame_check(), 0);
}

/* ---- tests ----------------------------------------------------------- */

static void property_run(const struct frame_region *r, int n, u64 steps,
			 unsigned int top_order)
{
	unsigned int max;

	init_and_discover(r, n);
	BAIL();
	max = frame_max_order();
	for (u64 step = 0; step < steps && !hosttest_failures; step++) {
		if (nr_live && rnd() % 100 >= 55) {
			do_free_index(rnd() % nr_live);
		} else {
			u64 x = rnd() % 100;
			unsigned int order = x < 50 ? 0 : x < 70 ? 1 : x < 82 ? 2 :
					     x < 90 ? 3 : x < 95 ? 4 :
					     (unsigned int)(rnd() % (top_order + 1));
			u64 before = model_free;
			int ret;

			if (order > max)
				order = max;
			ret = do_alloc(order);
			CHECK(ret == 0 || ret == -ENOMEM);
			if (ret == -ENOMEM && order == 0)
				CHECK_EQ(before, 0);
			if (ret == -ENOMEM && frame_selected_policy->finds_any_block)
				CHECK_EQ(model_aligned_blocks(order), 0);
		}
		check_stats();
		if (step % 64 == 0)
			check_runs();
	}
	BAIL();
	free_all_random();
	check_stats();
	check_all_free();
}

HOSTTEST(property_mixed)
{
	property_run(lay_mixed, ARRAY_SIZE(lay_mixed), 30000, 12);
}

HOSTTEST(property_many_regions)
{
	property_run(lay_many, FRAME_MAX_REGIONS, 10000, 8);
}

HOSTTEST(property_big)
{
	property_run(lay_big, ARRAY_SIZE(lay_big), 3000, 12);
}

HOSTTEST(too_many_regions)
{
	CHECK_EQ(frame_init(lay_many, FRAME_MAX_REGIONS + 1), -EINVAL);
	CHECK_EQ(frame_init(lay_many, -1), -EINVAL);
	CHECK_EQ(frame_init(NULL, 1), -EINVAL);
}

HOSTTEST(empty)
{
	phys_addr_t pa;
	struct frame_stats s;

	CHECK_EQ(frame_init(NULL, 0), 0);
	CHECK_EQ(frame_alloc(0, &pa), -ENOMEM);
	frame_get_stats(&s);
	CHECK_EQ(s.total_frames, 0);
	CHECK_EQ(s.failures, 1);
	CHECK_EQ(frame_check(), 0);
}

/* Three single frames: the metadata takes one, the policy gets two. */
HOSTTEST(tiny)
{
	phys_addr_t a = 0, b = 0, c;
	struct frame_stats s;

	init_and_discover(lay_tiny, ARRAY_SIZE(lay_tiny));
	frame_get_stats(&s);
	CHECK_EQ(s.total_frames, 3);
	CHECK_EQ(s.meta_frames, 1);
	CHECK_EQ(frame_alloc(0, &a), 0);
	CHECK_EQ(frame_alloc(0, &b), 0);
	CHECK(a != b);
	CHECK_EQ(frame_alloc(0, &c), -ENOMEM);
	CHECK_EQ(frame_alloc(1, &c), -ENOMEM);
	frame_free(a, 0);
	frame_free(b, 0);
	CHECK_EQ(frame_check(), 0);
}

HOSTTEST(above_4g)
{
	init_and_discover(lay_high, ARRAY_SIZE(lay_high));
	BAIL();
	while (do_alloc(0) == 0 && !hosttest_failures)
		CHECK(live[nr_live - 1].pa >= SIM_4G);
	CHECK_EQ(model_free, 0);
	free_all_random();
	check_all_free();
}

/*
 * Exhaustion at each order, on a fresh allocator, takes exactly the
 * aligned free blocks there are (the stack's watermark hands out each
 * never-used aligned block once, which is all of them on a fresh one).
 */
static void exhaust_orders(const struct frame_region *r, int n,
			   unsigned int step)
{
	phys_addr_t pa;

	init_and_discover(r, n);
	BAIL();
	for (unsigned int order = 0; order <= frame_max_order() &&
	     order < FRAME_STATS_ORDERS; order += step) {
		u64 want, got = 0, f0;

		reinit(r, n);
		BAIL();
		want = model_aligned_blocks(order);
		f0 = n_failures;
		while (do_alloc(order) == 0 && !hosttest_failures)
			got++;
		if (got != want)
			printf("# order %u: %llu blocks, %llu aligned free ones\n",
			       order, (unsigned long long)got,
			       (unsigned long long)want);
		CHECK_EQ(got, want);
		CHECK_EQ(n_failures, f0 + 1);
		CHECK_EQ(frame_alloc(order, &pa), -ENOMEM);
		n_failures++;
		check_stats();
		free_all_random();
		check_stats();
		BAIL();
	}
	CHECK_EQ(frame_alloc(frame_max_order() + 1, &pa), -EINVAL);
	CHECK_EQ(frame_alloc(1000, &pa), -EINVAL);
	check_stats();	/* -EINVAL is not an out-of-memory failure */
	check_all_free();
}

/*
 * Regions that end (and start) on block boundaries of every order: the
 * last aligned block of a range must be found too. The metadata comes
 * from the end of the largest region, so the others keep their ends.
 */
static const struct frame_region lay_aligned[] = {
	{ 0x1000000, 8ULL << 20 },
	{ 0x400000, 4ULL << 20 },
	{ SIM_4G, 4ULL << 20 },
};

/* 96 MiB: every other order keeps the sanitized debug builds quick. */
HOSTTEST(exhaustion_big)
{
	exhaust_orders(lay_big, ARRAY_SIZE(lay_big), 2);
}

HOSTTEST(exhaustion_aligned)
{
	exhaust_orders(lay_aligned, ARRAY_SIZE(lay_aligned), 1);
}

HOSTTEST(exhaustion_mixed)
{
	exhaust_orders(lay_mixed, ARRAY_SIZE(lay_mixed), 1);
}

HOSTTEST(exhaustion_high)
{
	exhaust_orders(lay_high, ARRAY_SIZE(lay_high), 1);
}

HOSTTEST(double_free)
{
	struct frame_stats s;

	init_and_discover(lay_mixed, ARRAY_SIZE(lay_mixed));
	BAIL();
	for (unsigned int order = 0; order <= 2; order++) {
		phys_addr_t pa;

		CHECK_EQ(do_alloc(order), 0);
		BAIL();
		pa = live[nr_live - 1].pa;
		do_free_index(nr_live - 1);
		snapshot(&s);
		CHECK(try_free(pa, order));
		expect_panic_names(pa, "not allocated");
		expect_unchanged(&s);
	}
	/* the allocator still works after the caught panics */
	CHECK_EQ(do_alloc(0), 0);
	free_all_random();
	check_stats();
}

HOSTTEST(never_allocated)
{
	struct frame_stats s;
	phys_addr_t pa;

	init_and_discover(lay_mixed, ARRAY_SIZE(lay_mixed));
	BAIL();
	/* a managed frame in the middle of the second range, never handed out */
	pa = 0x300000;
	CHECK(MST(pa >> PAGE_SHIFT) == M_FREE);
	snapshot(&s);
	CHECK(try_free(pa, 0));
#ifdef CONFIG_FRAME_ALLOC_STACK
	expect_panic_names(pa, "never allocated");
#else
	expect_panic_names(pa, "not allocated");
#endif
	expect_unchanged(&s);
	CHECK(try_free(pa, 3));
	expect_unchanged(&s);
}

HOSTTEST(bad_addresses)
{
	struct frame_stats s;
	phys_addr_t pa, meta = 0;

	init_and_discover(lay_mixed, ARRAY_SIZE(lay_mixed));
	BAIL();
	snapshot(&s);
	CHECK(try_free(0x3000000, 0));			/* hole */
	expect_panic_names(0x3000000, "not in managed memory");
	CHECK(try_free(SIM_4G + 0x3000, 0));		/* hole above 4 GiB */
	expect_panic_names(SIM_4G + 0x3000, "not in managed memory");
	for (pfn_t p = 0; p < SIM_FRAMES && !meta; p++)
		if (MST(p) == M_META)
			meta = PFN_PHYS(p);
	CHECK(meta != 0);
	CHECK(try_free(meta, 0));			/* metadata frame */
	expect_panic_names(meta, "not in managed memory");
	CHECK_EQ(do_alloc(0), 0);
	BAIL();
	pa = live[nr_live - 1].pa;
	CHECK(try_free(pa + 0x10, 0));
	expect_panic_names(pa + 0x10, "not page aligned");
	CHECK(try_free(pa, frame_max_order() + 1));
	expect_panic_names(pa, "bad order");
	/* an order-0 frame at an odd frame number freed as order 1 */
	while ((live[nr_live - 1].pa >> PAGE_SHIFT) % 2 == 0 && !hosttest_failures)
		CHECK_EQ(do_alloc(0), 0);
	BAIL();
	pa = live[nr_live - 1].pa;
	CHECK(try_free(pa, 1));
	expect_panic_names(pa, "not aligned to order 1");
	s.free_frames = model_free;
	s.frees = n_frees;
	expect_unchanged(&s);
	free_all_random();
	check_all_free();
}

#ifdef CONFIG_FRAME_ALLOC_BUDDY
/* The buddy records each block's order, so it catches these too. */
HOSTTEST(buddy_wrong_order)
{
	struct frame_stats s;
	phys_addr_t pa;

	init_and_discover(lay_mixed, ARRAY_SIZE(lay_mixed));
	CHECK_EQ(do_alloc(3), 0);
	BAIL();
	pa = live[nr_live - 1].pa;
	snapshot(&s);
	CHECK(try_free(pa, 2));
	expect_panic_names(pa, "different order");
	CHECK(try_free(pa + PAGE_SIZE, 0));		/* inside the block */
	expect_panic_names(pa + PAGE_SIZE, "not allocated");
	CHECK(try_free(pa + 4 * PAGE_SIZE, 2));
	expect_panic_names(pa + 4 * PAGE_SIZE, "not allocated");
	expect_unchanged(&s);
	free_all_random();
	check_all_free();
}

/* A fresh buddy holds maximal blocks; one split and merge restores them. */
HOSTTEST(buddy_maximal_blocks)
{
	struct frame_stats a, b;

	init_and_discover(lay_big, ARRAY_SIZE(lay_big));
	check_all_free();
	frame_get_stats(&a);
	CHECK(a.free_per_order[a.max_order] > 0);
	CHECK_EQ(do_alloc(0), 0);
	frame_get_stats(&b);
	/* the smallest block (order k) was split: one new block per order < k */
	{
		unsigned int k = 0;

		while (k <= a.max_order && a.free_per_order[k] == 0)
			k++;
		for (unsigned int i = 0; i < k; i++)
			CHECK_EQ(b.free_per_order[i], a.free_per_order[i] + 1);
		CHECK_EQ(b.free_per_order[k], a.free_per_order[k] - 1);
	}
	free_all_random();
	frame_get_stats(&b);
	for (int k = 0; k < FRAME_STATS_ORDERS; k++)
		CHECK_EQ(b.free_per_order[k], a.free_per_order[k]);
}
#endif

#ifdef CONFIG_FRAME_ALLOC_STACK
/* Order > 0 comes only from above the watermarks; documented behaviour. */
HOSTTEST(stack_high_order)
{
	phys_addr_t pa, first;
	u64 gap;

	init_and_discover(lay_high, ARRAY_SIZE(lay_high));
	BAIL();
	CHECK_EQ(do_alloc(0), 0);
	first = live[0].pa;
	CHECK_EQ(do_alloc(4), 0);
	BAIL();
	pa = live[1].pa;
	CHECK_EQ(pa, ((first >> PAGE_SHIFT) + 1 + 15) / 16 * 16 * PAGE_SIZE);
	/* the frames skipped for alignment come back first, lowest first */
	gap = (pa - first) / PAGE_SIZE - 1;
	for (u64 i = 0; i < gap; i++) {
		CHECK_EQ(do_alloc(0), 0);
		CHECK_EQ(live[nr_live - 1].pa, first + (i + 1) * PAGE_SIZE);
	}
	/* use up everything, give it back: now only order 0 works */
	while (do_alloc(0) == 0 && !hosttest_failures)
		;
	free_all_random();
	check_stats();
	CHECK_EQ(do_alloc(1), -ENOMEM);
	CHECK_EQ(do_alloc(0), 0);
	check_stats();
	free_all_random();
	check_all_free();
}
#endif

#ifdef CONFIG_DEBUG_FRAME_ALLOC
/* Freed frames are poisoned; a write after free is caught on reuse. */
HOSTTEST(poison)
{
	phys_addr_t pa, got = 0;
	u8 *p;
	int hit = 0;

	init_and_discover(lay_mixed, ARRAY_SIZE(lay_mixed));
	CHECK_EQ(do_alloc(0), 0);
	BAIL();
	pa = live[0].pa;
	do_free_index(0);
	p = phys_to_virt(pa);
	for (unsigned int i = 64; i < PAGE_SIZE; i++)
		if (p[i] != 0x6b)
			hit++;
	CHECK_EQ(hit, 0);
	p[100] = 1;				/* use after free */
	for (u64 i = 0; i <= model_free + 1 && !hit; i++)
		hit = try_alloc(0, &got);
	CHECK(hit);
	CHECK(strstr(host_panic_msg, "written after free") != NULL);
	{
		char addr[32];

		snprintf(addr, sizeof(addr), "0x%llx", (unsigned long long)pa);
		CHECK(strstr(host_panic_msg, addr) != NULL);
	}
}
#endif

HOSTTEST(print_stats)
{
	init_and_discover(lay_mixed, ARRAY_SIZE(lay_mixed));
	CHECK(strcmp(frame_policy_name(), POLICY) == 0);
	frame_print_stats();
}


static void reset_live(void)
{
	nr_live = 0;
}

int main(int argc, char **argv)
{
	const char *suite = strrchr(argv[0], '/');

	sim_init();
	make_many();
	model = calloc(SIM_FRAMES, 1);
	live = calloc(1 << 20, sizeof(*live));
	if (!model || !live)
		return 2;
	hosttest_before_each = reset_live;
	return hosttest_main(suite ? suite + 1 : argv[0], argc, argv);
}
