// SPDX-License-Identifier: GPL-2.0
/*
 * ktests for the heap policy built into this kernel (suite "heap").
 * Cases that need freed memory to be reused are expected failures for
 * the bump heap, reported as such rather than skipped.
 */
#include <mosaic/heap_policy.h>
#include <mosaic/kmalloc.h>
#include <mosaic/ktest.h>
#include <mosaic/page.h>
#include <mosaic/string.h>

#ifdef CONFIG_HEAP_BUMP
#define KTEST_CASE_REUSE(fn) \
	KTEST_CASE_XFAIL(fn, "bump reuses memory only when every block is freed")
#else
#define KTEST_CASE_REUSE(fn) KTEST_CASE(fn)
#endif

static void heap_alignment(struct ktest *t)
{
	size_t size, align;
	void *p;

	for (size = 0; size < 300; size += 7) {
		p = kmalloc(size);
		KT_ASSERT(t, p);
		KT_EXPECT(t, IS_ALIGNED((unsigned long)p, HEAP_MIN_ALIGN));
		KT_EXPECT(t, ksize(p) >= size);
		kfree(p);
	}
	for (align = 1; align <= PAGE_SIZE; align <<= 1) {
		p = kmalloc_aligned(align * 3 / 2 + 1, align);
		KT_ASSERT(t, p);
		KT_EXPECT(t, IS_ALIGNED((unsigned long)p,
					align < HEAP_MIN_ALIGN ? HEAP_MIN_ALIGN : align));
		memset(p, 0xa5, align * 3 / 2 + 1);
		kfree(p);
	}
	KT_EXPECT(t, kmalloc_aligned(64, 24) == NULL);
	KT_EXPECT(t, kmalloc_aligned(64, 2 * PAGE_SIZE) == NULL);
}

/*
 * ksize is bounded on both sides: at least the request, and less than
 * twice it (rounding to a power-of-two class, to 16 bytes or to whole
 * pages wastes less than that; HEAP_MIN_ALIGN is the smallest block), or
 * within the policy's unsplit_tail of the rounded request.
 * Powers of two and their neighbours are the class boundaries.
 */
static void check_ksize(struct ktest *t, size_t size)
{
	size_t floor = size < HEAP_MIN_ALIGN ? HEAP_MIN_ALIGN : size;
	unsigned char *p = kmalloc(size);
	bool tail_ok;
	size_t got;

	KT_ASSERT(t, p);
	got = ksize(p);
	KT_EXPECT(t, got >= size);
	/* A first-fit policy may hand over a tail too small to split. */
	tail_ok = got - ALIGN_UP(floor, HEAP_MIN_ALIGN) <
		  heap_selected_policy->unsplit_tail;
	if (got >= 2 * floor && !tail_ok)
		ktest_log(t, "kmalloc(%zu): ksize %zu, not below %zu", size,
			  got, 2 * floor);
	KT_EXPECT(t, got < 2 * floor || tail_ok);
	if (size)
		p[size - 1] = 0x5a;	/* the last byte is ours */
	kfree(p);
}

static void heap_ksize_bounds(struct ktest *t)
{
	for (size_t pow = HEAP_MIN_ALIGN; pow <= 4 * PAGE_SIZE; pow <<= 1) {
		check_ksize(t, pow - 1);
		check_ksize(t, pow);
		check_ksize(t, pow + 1);
	}
	for (size_t size = 0; size < HEAP_MIN_ALIGN; size++)
		check_ksize(t, size);
}

static void heap_zero_size(struct ktest *t)
{
	void *a = kmalloc(0), *b = kmalloc(0);

	KT_EXPECT(t, a && b && a != b);
	kfree(a);
	kfree(b);
	kfree(NULL);	/* documented no-op */
	a = kzalloc(100);
	KT_ASSERT(t, a);
	KT_EXPECT(t, ((unsigned char *)a)[0] == 0 && ((unsigned char *)a)[99] == 0);
	kfree(a);
}

static void heap_kcalloc_overflow(struct ktest *t)
{
	struct heap_stats before, after;
	unsigned char *p;

	heap_get_stats(&before);
	KT_EXPECT(t, kcalloc(SIZE_MAX / 2, 3) == NULL);
	KT_EXPECT(t, kcalloc((size_t)1 << 32, (size_t)1 << 32) == NULL);
	KT_EXPECT(t, kmalloc(SIZE_MAX) == NULL);
	heap_get_stats(&after);
	KT_EXPECT_EQ(t, after.failures, before.failures + 3);
	p = kcalloc(10, 10);
	KT_ASSERT(t, p);
	KT_EXPECT(t, p[0] == 0 && p[99] == 0);
	kfree(p);
}

static void heap_realloc(struct ktest *t)
{
	unsigned char *p = kmalloc(40), *q;
	int i;

	KT_ASSERT(t, p);
	for (i = 0; i < 40; i++)
		p[i] = i;
	q = krealloc(p, 5000);		/* grow, maybe across back ends */
	KT_ASSERT(t, q);
	for (i = 0; i < 40; i++)
		KT_EXPECT_EQ(t, q[i], i);
	memset(q + 40, 0x5a, 5000 - 40);
	p = krealloc(q, 20);		/* shrink */
	KT_ASSERT(t, p);
	for (i = 0; i < 20; i++)
		KT_EXPECT_EQ(t, p[i], i);
	q = krealloc(p, 0);		/* a minimal block, like kmalloc(0) */
	KT_EXPECT(t, q);
	kfree(q);
	p = krealloc(NULL, 16);
	KT_EXPECT(t, p);
	kfree(p);
}

/*
 * krealloc must also copy: grow a block whose neighbour is live, so it
 * cannot grow in place (linked-list and bump resize in place when they
 * can), and check every byte arrived and the old block was freed.
 */
#define MOVE_TRIES 16

static void heap_realloc_moves(struct ktest *t)
{
	struct heap_stats a, b;
	unsigned char *blk[MOVE_TRIES + 1], *q = NULL;
	int moved = 0, i, n;

	for (n = 0; n <= MOVE_TRIES; n++) {
		blk[n] = kmalloc(200);
		KT_ASSERT(t, blk[n]);
		memset(blk[n], n, 200);
	}
	for (i = 0; i < MOVE_TRIES && !moved; i++) {
		heap_get_stats(&a);
		q = krealloc(blk[i], 3000);
		KT_ASSERT(t, q);
		heap_get_stats(&b);
		for (n = 0; n < 200; n++)
			if (q[n] != i)
				break;
		KT_EXPECT_EQ(t, n, 200);
		KT_EXPECT_EQ(t, b.live_blocks, a.live_blocks);
		moved = q != blk[i];
		blk[i] = q;
	}
	if (!moved)
		ktest_log(t, "krealloc grew %d blocks with live neighbours in place",
			  MOVE_TRIES);
	KT_EXPECT(t, moved);
	for (n = 0; n <= MOVE_TRIES; n++)
		kfree(blk[n]);
	KT_EXPECT_EQ(t, heap_check_all(), HEAP_OK);
}

#define EXHAUST_SMALL 700
#define EXHAUST_LARGE 3000

/*
 * Fill the heap under a lowered limit: NULL, counted, then all back. The
 * blocks are chained through their first word, so there is no fixed
 * bound on their number: a policy may hold much of the limit already
 * (fixed-block's region is counted whole from the start), and then it
 * takes that many more blocks. Each block costs at least its size, so a
 * heap that honours the limit fails before limit / EXHAUST_SMALL.
 */
static void heap_exhaustion(struct ktest *t)
{
	struct heap_stats before, full, after;
	size_t old_limit = heap_source_limit(), bound;
	void **chain = NULL, **b;
	long n, i, bad = 0;

	heap_get_stats(&before);
	heap_source_set_limit(heap_footprint() + (1 << 20));
	bound = heap_source_limit() / EXHAUST_SMALL + 2;
	for (n = 0; n < (long)bound; n++) {
		size_t size = n % 2 ? EXHAUST_SMALL : EXHAUST_LARGE;

		b = kmalloc(size);
		if (!b)
			break;
		memset(b, (int)(n & 0xff), size);
		*b = chain;
		chain = b;
	}
	heap_get_stats(&full);
	KT_EXPECT(t, n < (long)bound);
	KT_EXPECT_EQ(t, full.failures, before.failures + 1);
	KT_EXPECT(t, full.footprint_bytes <= heap_source_limit());
	for (i = n - 1; chain; i--) {
		b = chain;
		chain = *b;
		if (((unsigned char *)b)[sizeof(void *)] != (unsigned char)i)
			bad++;
		kfree(b);
	}
	KT_EXPECT_EQ(t, bad, 0);	/* no block lost its contents */
	KT_EXPECT_EQ(t, i, -1);		/* and every one came back */
	heap_source_set_limit(old_limit);
	heap_get_stats(&after);
	KT_EXPECT_EQ(t, after.live_blocks, before.live_blocks);
	KT_EXPECT_EQ(t, after.live_bytes, before.live_bytes);
	ktest_log(t, "%ld blocks before NULL, footprint %llu KiB", n,
		  (unsigned long long)(full.footprint_bytes >> 10));
}

/*
 * Freed memory serves later requests: allocating the same sizes again
 * after a free needs no more memory than the first time. (A policy may
 * give freed pages back to the frame allocator in between, so the
 * footprint can dip; it must not grow past its earlier peak.)
 */
static void heap_reuse(struct ktest *t)
{
	void *keep = kmalloc(32), *a = kmalloc(3 * PAGE_SIZE), *b, *c;
	u64 fp;

	KT_ASSERT(t, keep && a);
	c = kmalloc(200);
	KT_ASSERT(t, c);
	fp = heap_footprint();
	kfree(a);
	kfree(c);
	b = kmalloc(3 * PAGE_SIZE);
	c = kmalloc(200);
	KT_EXPECT(t, b && c);
	KT_EXPECT(t, heap_footprint() <= fp);
	kfree(b);
	kfree(c);
	kfree(keep);
}

static void heap_stats_count(struct ktest *t)
{
	struct heap_stats a, b;
	void *p;

	heap_get_stats(&a);
	p = kmalloc(123);
	heap_get_stats(&b);
	KT_ASSERT(t, p);
	KT_EXPECT_EQ(t, b.alloc_count, a.alloc_count + 1);
	KT_EXPECT_EQ(t, b.live_blocks, a.live_blocks + 1);
	KT_EXPECT(t, b.live_bytes >= a.live_bytes + 123);
	KT_EXPECT(t, b.peak_footprint_bytes >= b.footprint_bytes);
	kfree(p);
	heap_get_stats(&b);
	KT_EXPECT_EQ(t, b.free_count, a.free_count + 1);
	KT_EXPECT_EQ(t, b.live_bytes, a.live_bytes);
	KT_EXPECT_EQ(t, heap_check_all(), HEAP_OK);
	ktest_log(t, "%s: live %llu B, footprint %llu B, %llu free blocks",
		  b.policy, (unsigned long long)b.live_bytes,
		  (unsigned long long)b.footprint_bytes,
		  (unsigned long long)b.free_blocks);
}

/* The checks kfree runs before it panics (tested without panicking). */
static void heap_bad_pointers(struct ktest *t)
{
	unsigned char *a = kmalloc(64), *b = kmalloc(64);
	int on_stack;

	KT_ASSERT(t, a && b);
	memset(b, 0x77, 64);
	KT_EXPECT_EQ(t, heap_check_block(a), HEAP_OK);
	KT_EXPECT_EQ(t, heap_check_block(b + 16), HEAP_EINVAL_PTR);
	KT_EXPECT_EQ(t, heap_check_block(&on_stack), HEAP_EINVAL_PTR);
	kfree(a);
	KT_EXPECT_EQ(t, heap_check_block(a), HEAP_EDOUBLE_FREE);
	kfree(b);
}

#ifdef CONFIG_DEBUG_HEAP
static void heap_debug_redzones(struct ktest *t)
{
	unsigned char *p = kmalloc(24);

	KT_ASSERT(t, p);
	KT_EXPECT_EQ(t, heap_check_block(p), HEAP_OK);
	p[24] = 0;			/* one byte past the end */
	KT_EXPECT_EQ(t, heap_check_block(p), HEAP_EREDZONE_AFTER);
	p[24] = HEAP_REDZONE_BYTE;
	p[-1] = 0;			/* one byte before the start */
	KT_EXPECT_EQ(t, heap_check_block(p), HEAP_EREDZONE_BEFORE);
	p[-1] = HEAP_REDZONE_BYTE;
	KT_EXPECT_EQ(t, heap_check_block(p), HEAP_OK);
	kfree(p);
}
#endif

static struct ktest_case heap_cases[] = {
	KTEST_CASE(heap_alignment),
	KTEST_CASE(heap_zero_size),
	KTEST_CASE(heap_kcalloc_overflow),
	KTEST_CASE(heap_realloc),
	KTEST_CASE(heap_realloc_moves),
	KTEST_CASE(heap_ksize_bounds),
	KTEST_CASE(heap_exhaustion),
	KTEST_CASE_REUSE(heap_reuse),
	KTEST_CASE(heap_stats_count),
	KTEST_CASE(heap_bad_pointers),
#ifdef CONFIG_DEBUG_HEAP
	KTEST_CASE(heap_debug_redzones),
#endif
	{}
};
KTEST_SUITE(heap, heap_cases);
