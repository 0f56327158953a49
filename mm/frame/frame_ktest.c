// SPDX-License-Identifier: GPL-2.0
/*
 * ktest suite "frame": the chosen frame allocator policy, live, after
 * boot. Every case leaves the allocator as it found it.
 */
#include <mosaic/errno.h>
#include <mosaic/frame.h>
#include <mosaic/frame_policy.h>
#include <mosaic/ktest.h>
#include <mosaic/page.h>
#include <mosaic/string.h>
#include <mosaic/vsprintf.h>

static void log_stats(struct ktest *t, const char *when)
{
	struct frame_stats s;

	frame_get_stats(&s);
	ktest_log(t, "%s: policy=%s total=%llu free=%llu used=%llu meta=%llu allocs=%llu frees=%llu failures=%llu largest_run=%llu frag_permille=%u",
		  when, frame_policy_name(),
		  (unsigned long long)s.total_frames,
		  (unsigned long long)s.free_frames,
		  (unsigned long long)s.used_frames,
		  (unsigned long long)s.meta_frames,
		  (unsigned long long)s.allocs, (unsigned long long)s.frees,
		  (unsigned long long)s.failures,
		  (unsigned long long)s.largest_free_run, s.frag_permille);
	for (unsigned int k = 0; k <= s.max_order && k < FRAME_STATS_ORDERS; k++)
		if (s.free_per_order[k])
			ktest_log(t, "  order %u: %llu free blocks", k,
				  (unsigned long long)s.free_per_order[k]);
}

static void frame_stats_print(struct ktest *t)
{
	struct frame_stats s;

	log_stats(t, "now");
	frame_get_stats(&s);
	KT_EXPECT(t, s.total_frames > 0);
	KT_EXPECT(t, s.meta_frames > 0);
	/* the kernel holds frames besides the metadata: never fewer */
	KT_EXPECT(t, s.used_frames >= s.meta_frames);
	KT_EXPECT(t, s.largest_free_run <= s.free_frames);
	KT_EXPECT_EQ(t, frame_check(), 0);
}

/*
 * The largest order surely free on this machine: a free run of
 * 2^(k+1) - 1 frames holds an aligned block of 2^k wherever it starts.
 * Orders above it need more memory than a small guest (-m 8M) has.
 */
static unsigned int order_that_fits(const struct frame_stats *s)
{
	unsigned int k = 0;

	while ((2ULL << (k + 1)) - 1 <= s->largest_block_run)
		k++;
	return k;
}

/* Every order the policy accepts, aligned, writable, and given back. */
static void frame_alloc_each_order(struct ktest *t)
{
	static char skip_reason[128];
	struct frame_stats a, b;
	unsigned int max = frame_max_order(), want;

	if (max > 10)
		max = 10;	/* 4 MiB is plenty to show alignment */
	frame_get_stats(&a);
	if (a.largest_free_run == 0) {
		ktest_skip(t, "no free frame at all");
		return;
	}
	want = max;
	if (order_that_fits(&a) < max) {
		max = order_that_fits(&a);
		snprintf(skip_reason, sizeof(skip_reason),
			 "order %u needs a free run of %llu frames, the policy's largest is %llu: tested up to order %u",
			 want, (2ULL << want) - 1,
			 (unsigned long long)a.largest_block_run, max);
		ktest_skip(t, skip_reason);
	}
	for (unsigned int order = 0; order <= max; order++) {
		phys_addr_t pa = 0;
		u64 *p;
		int ret = frame_alloc(order, &pa);

		KT_EXPECT_EQ(t, ret, 0);
		if (ret)
			continue;
		KT_EXPECT_EQ(t, pa & ((PAGE_SIZE << order) - 1), 0);
		frame_get_stats(&b);
		KT_EXPECT_EQ(t, b.free_frames, a.free_frames - (1ULL << order));
		/* the whole block is ours: first and last word */
		p = phys_to_virt(pa);
		p[0] = pa;
		p = phys_to_virt(pa + (PAGE_SIZE << order) - 8);
		*p = ~pa;
		KT_EXPECT_EQ(t, *(u64 *)phys_to_virt(pa), pa);
		frame_free(pa, order);
		frame_get_stats(&b);
		KT_EXPECT_EQ(t, b.free_frames, a.free_frames);
	}
	frame_get_stats(&b);
	KT_EXPECT_EQ(t, b.allocs - a.allocs, max + 1);
	KT_EXPECT_EQ(t, b.frees - a.frees, max + 1);
	KT_EXPECT_EQ(t, frame_check(), 0);
}

#define DISTINCT 64

static void frame_distinct_frames(struct ktest *t)
{
	phys_addr_t pa[DISTINCT];
	int n = 0;

	while (n < DISTINCT && frame_alloc(0, &pa[n]) == 0)
		n++;
	KT_EXPECT_EQ(t, n, DISTINCT);
	for (int i = 0; i < n; i++)
		for (int j = i + 1; j < n; j++)
			KT_EXPECT(t, pa[i] != pa[j]);
	while (n > 0)
		frame_free(pa[--n], 0);
	KT_EXPECT_EQ(t, frame_check(), 0);
}

static void frame_bad_order(struct ktest *t)
{
	struct frame_stats a, b;
	phys_addr_t pa;

	frame_get_stats(&a);
	KT_EXPECT_EQ(t, frame_alloc(frame_max_order() + 1, &pa), -EINVAL);
	KT_EXPECT_EQ(t, frame_alloc(64, &pa), -EINVAL);
	frame_get_stats(&b);
	KT_EXPECT_EQ(t, b.failures, a.failures);
	KT_EXPECT_EQ(t, b.free_frames, a.free_frames);
}

/*
 * Take every free frame, largest blocks first (so even 8 GiB takes a few
 * thousand calls), chained through the blocks themselves so the test
 * needs no memory. Each order must fail with -ENOMEM before the next
 * smaller one is tried, the last order-0 request must fail cleanly and
 * be counted, and giving everything back must restore the statistics and
 * pass the policy's full consistency check.
 */
struct held_block {
	phys_addr_t next;
	unsigned int order;
};

/* Merge sort of the held list by address: O(n log n), no memory. */
static phys_addr_t merge(phys_addr_t a, phys_addr_t b)
{
	phys_addr_t head = 0, *tail = &head;

	while (a && b) {
		phys_addr_t *from = a < b ? &a : &b;

		*tail = *from;
		tail = &((struct held_block *)phys_to_virt(*from))->next;
		*from = *tail;
	}
	*tail = a ? a : b;
	return head;
}

static phys_addr_t sort_held(phys_addr_t head, u64 n)
{
	phys_addr_t rest, *link = &head;

	if (n < 2)
		return head;
	for (u64 i = 0; i < n / 2; i++)
		link = &((struct held_block *)phys_to_virt(*link))->next;
	rest = *link;
	*link = 0;
	return merge(sort_held(head, n / 2), sort_held(rest, n - n / 2));
}

/*
 * Per order: with every free frame held, no aligned group of 2^order
 * frames may be made up of blocks taken at smaller orders only, for then
 * the requests at this order failed while such a block was free. The
 * list is sorted, so a group's blocks are neighbours in it.
 */
static void check_no_missed_blocks(struct ktest *t, phys_addr_t head)
{
	for (unsigned int k = 1; k <= frame_max_order(); k++) {
		u64 group = ~0ULL, covered = 0, missed = 0;

		for (phys_addr_t pa = head; pa;) {
			struct held_block *h = phys_to_virt(pa);
			u64 g = PHYS_PFN(pa) >> k;

			if (g != group) {
				group = g;
				covered = 0;
			}
			if (h->order < k)
				covered += 1ULL << h->order;
			if (covered == 1ULL << k) {
				if (!missed)
					ktest_log(t, "order %u: free block at 0x%llx not handed out",
						  k, (unsigned long long)(g << k << PAGE_SHIFT));
				missed++;
				covered = 0;
			}
			pa = h->next;
		}
		KT_EXPECT_EQ(t, missed, 0);
	}
}

static void exhaust_all(struct ktest *t)
{
	struct frame_stats a, b;
	phys_addr_t head = 0, pa;
	u64 frames = 0, calls = 0;
	int order;

	frame_get_stats(&a);
	for (order = (int)frame_max_order(); order >= 0; order--) {
		u64 at_order = calls;

		while (frame_alloc(order, &pa) == 0) {
			struct held_block *h = phys_to_virt(pa);

			h->next = head;
			h->order = order;
			head = pa;
			frames += 1ULL << order;
			calls++;
		}
		if (calls > at_order)
			ktest_log(t, "order %d: %llu blocks", order,
				  (unsigned long long)(calls - at_order));
	}
	frame_get_stats(&b);
	KT_EXPECT_EQ(t, frames, a.free_frames);
	KT_EXPECT_EQ(t, b.free_frames, 0);
	KT_EXPECT_EQ(t, b.failures, a.failures + frame_max_order() + 1);
	KT_EXPECT_EQ(t, frame_alloc(0, &pa), -ENOMEM);
	head = sort_held(head, calls);
	if (frame_selected_policy->finds_any_block)
		check_no_missed_blocks(t, head);
	while (head) {
		struct held_block *h = phys_to_virt(head);

		pa = head;
		head = h->next;
		frame_free(pa, h->order);
	}
	frame_get_stats(&b);
	KT_EXPECT_EQ(t, b.free_frames, a.free_frames);
	KT_EXPECT_EQ(t, b.failures, a.failures + frame_max_order() + 2);
	KT_EXPECT_EQ(t, frame_check(), 0);
	ktest_log(t, "%llu frames in %llu blocks", (unsigned long long)frames,
		  (unsigned long long)calls);
	log_stats(t, "after exhaustion");
}

/*
 * Under the stack policy blocks of more than one frame come only from
 * never-used memory; after this test that is spent (documented in
 * Documentation/mm/frame.md), while single frames keep working.
 */
static void frame_exhaustion(struct ktest *t)
{
	exhaust_all(t);
}

static struct ktest_case frame_cases[] = {
	KTEST_CASE(frame_stats_print),
	KTEST_CASE(frame_alloc_each_order),
	KTEST_CASE(frame_distinct_frames),
	KTEST_CASE(frame_bad_order),
	KTEST_CASE(frame_exhaustion),
	{},
};
KTEST_SUITE(frame, frame_cases);
