// SPDX-License-Identifier: GPL-2.0
/*
 * Physical frame allocator glue: the part written once for all policies.
 *
 * It normalises the memory map into sorted, disjoint frame ranges, carves
 * the policy's metadata out of those ranges, checks arguments, keeps the
 * statistics, serialises callers and (CONFIG_DEBUG_FRAME_ALLOC) poisons
 * freed frames and verifies the poison when they are handed out again.
 * The policy behind it is the member the build linked, reached through
 * frame_selected_policy and, for alloc and free, direct calls
 * (include/mosaic/frame_policy.h, Documentation/policy.md).
 */
#include <mosaic/compiler.h>
#include <mosaic/errno.h>
#include <mosaic/frame.h>
#include <mosaic/frame_policy.h>
#include <mosaic/page.h>
#include <mosaic/panic.h>
#include <mosaic/printk.h>
#include <mosaic/sort.h>
#include <mosaic/trace.h>

#ifdef __MOSAIC_HOST__
/* Host tests are single-threaded and cannot disable interrupts. */
static inline unsigned long frame_lock(void) { return 0; }
static inline void frame_unlock(unsigned long flags) { (void)flags; }
#else
#include <mosaic/spinlock.h>
/*
 * frame_spinlock protects the policy's state and the glue's ranges and
 * counters. irqsave: the allocator may be called with interrupts off or
 * from a handler. It is the innermost lock (takes none itself), and its
 * sections are short: no page-table change happens under it.
 */
static DEFINE_SPINLOCK(frame_spinlock);

static inline unsigned long frame_lock(void) __acquires(&frame_spinlock)
{
	return spin_lock_irqsave(&frame_spinlock);
}

static inline void frame_unlock(unsigned long flags)
	__releases(&frame_spinlock)
{
	spin_unlock_irqrestore(&frame_spinlock, flags);
}
#endif

#define FRAME_POISON 0x6b	/* like Linux's POISON_FREE */
/* Debug builds run the full policy check every this many operations. */
#define FRAME_CHECK_INTERVAL 65536

static struct frame_range ranges[FRAME_MAX_REGIONS];
static int nr_ranges;
static unsigned int max_order;
/*
 * max_order + 1 once frame_init() succeeded, 0 before: one compare rejects
 * both a bad order and a call before init on the fast paths.
 */
static unsigned int order_limit;

/*
 * One counter per order and direction instead of running totals: each
 * call bumps a single counter, and the free count follows from them.
 */
static struct {
	u64 total;		/* usable frames, metadata included */
	u64 meta;
	u64 allocs[FRAME_STATS_ORDERS];
	u64 frees[FRAME_STATS_ORDERS];
	u64 failures;
	u64 ops;		/* for the periodic debug check */
} st;

static pfn_t meta_pfn;

static u64 sum_counts(const u64 *c)
{
	u64 n = 0;

	for (int k = 0; k < FRAME_STATS_ORDERS; k++)
		n += c[k];
	return n;
}

/* Frames not allocated and not metadata. */
static u64 free_frames(void)
{
	u64 used = 0;

	for (int k = 0; k < FRAME_STATS_ORDERS; k++)
		used += (st.allocs[k] - st.frees[k]) << k;
	return st.total - st.meta - used;
}

static int cmp_range_start(const void *a, const void *b)
{
	const struct frame_range *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/*
 * Page-align inwards, drop empty ranges and frame 0, sort, and merge
 * ranges that overlap or touch so that policies see maximal runs (a buddy
 * can then build blocks across what the firmware listed as two entries).
 */
static int normalise(const struct frame_region *in, int n)
{
	int k = 0, m = 0;

	for (int i = 0; i < n; i++) {
		u64 base = in[i].base, end = base + in[i].size;
		pfn_t s, e;

		if (base > ~0ULL - PAGE_SIZE)
			continue;
		if (end < base)			/* wraps: clamp to the top */
			end = ~0ULL;
		s = PHYS_PFN(ALIGN_UP(base, (u64)PAGE_SIZE));
		e = PHYS_PFN(end);
		if (s == 0)
			s = 1;
		if (s >= e)
			continue;
		ranges[k].start = s;
		ranges[k].end = e;
		k++;
	}
	sort(ranges, k, sizeof(ranges[0]), cmp_range_start);
	for (int i = 0; i < k; i++) {
		if (m > 0 && ranges[i].start <= ranges[m - 1].end) {
			if (ranges[i].end > ranges[m - 1].end)
				ranges[m - 1].end = ranges[i].end;
			continue;
		}
		ranges[m++] = ranges[i];
	}
	return m;
}

/*
 * The metadata goes at the end of the largest range: a single contiguous
 * block is simplest for every policy, the largest range is the one most
 * likely to hold it, and taking the end keeps the range's start (and so
 * the buddy's large aligned blocks) intact.
 */
static int carve_meta(u64 bytes)
{
	u64 frames = DIV_ROUND_UP(bytes, PAGE_SIZE);
	int best = -1;

	st.meta = frames;
	if (!frames)
		return 0;
	for (int i = 0; i < nr_ranges; i++) {
		u64 len = ranges[i].end - ranges[i].start;

		if (len >= frames &&
		    (best < 0 || len > ranges[best].end - ranges[best].start))
			best = i;
	}
	if (best < 0)
		return -ENOMEM;
	ranges[best].end -= frames;
	meta_pfn = ranges[best].end;
	if (ranges[best].start == ranges[best].end) {
		for (int i = best; i + 1 < nr_ranges; i++)
			ranges[i] = ranges[i + 1];
		nr_ranges--;
	}
	/* Fewer frames never need more metadata; a policy breaking that is a bug. */
	if (frame_selected_policy->meta_size(ranges, nr_ranges) > frames * PAGE_SIZE)
		return -ENOMEM;
	__builtin_memset(phys_to_virt(PFN_PHYS(meta_pfn)), 0, frames * PAGE_SIZE);
	return 0;
}

#ifdef CONFIG_DEBUG_FRAME_ALLOC
static void poison_frames(pfn_t pfn, u64 count)
{
	for (u64 i = 0; i < count; i++) {
		u8 *p = phys_to_virt(PFN_PHYS(pfn + i));

		__builtin_memset(p + FRAME_POLICY_SCRATCH, FRAME_POISON,
				 PAGE_SIZE - FRAME_POLICY_SCRATCH);
	}
}

static void check_poison(pfn_t pfn, u64 count)
{
	for (u64 i = 0; i < count; i++) {
		const u64 *p = phys_to_virt(PFN_PHYS(pfn + i));
		const u64 pat = 0x0101010101010101ULL * FRAME_POISON;

		for (unsigned int j = FRAME_POLICY_SCRATCH / 8;
		     j < PAGE_SIZE / 8; j++) {
			if (p[j] != pat)
				panic("frame_alloc: frame 0x%llx written after free (offset %u holds 0x%llx)",
				      (unsigned long long)PFN_PHYS(pfn + i),
				      j * 8, (unsigned long long)p[j]);
		}
	}
}

static int frame_check_locked(void);

/* Called with the lock held, from the allocation path. */
static void debug_periodic_check(void)
{
	if (++st.ops % FRAME_CHECK_INTERVAL == 0 && frame_check_locked())
		panic("frame allocator (%s) inconsistent", frame_policy_name());
}

/* Poison every free frame once so the allocation check holds from boot. */
static void poison_all_free(void)
{
	for (int i = 0; i < nr_ranges; i++)
		poison_frames(ranges[i].start, ranges[i].end - ranges[i].start);
}
#else
static inline void poison_frames(pfn_t pfn, u64 count) { }
static inline void check_poison(pfn_t pfn, u64 count) { }
static inline void debug_periodic_check(void) { }
static inline void poison_all_free(void) { }
#endif

int frame_init(const struct frame_region *regions, int n)
{
	unsigned long flags;
	int ret;

	if (n < 0 || n > FRAME_MAX_REGIONS || (n && !regions))
		return -EINVAL;
	flags = frame_lock();
	order_limit = 0;
	__builtin_memset(&st, 0, sizeof(st));
	nr_ranges = normalise(regions, n);
	for (int i = 0; i < nr_ranges; i++)
		st.total += ranges[i].end - ranges[i].start;

	ret = carve_meta(frame_selected_policy->meta_size(ranges, nr_ranges));
	if (ret)
		goto out;
	ret = frame_selected_policy->init(ranges, nr_ranges,
				st.meta ? phys_to_virt(PFN_PHYS(meta_pfn)) : NULL);
	if (ret)
		goto out;
	max_order = frame_selected_policy->max_order;
	if (max_order > FRAME_ORDER_LIMIT)
		max_order = FRAME_ORDER_LIMIT;
	poison_all_free();
	order_limit = max_order + 1;
out:
	frame_unlock(flags);
	return ret;
}

int frame_alloc(unsigned int order, phys_addr_t *pa)
{
	unsigned long flags;
	pfn_t pfn;
	int ret;

	if (unlikely(order >= order_limit))
		return -EINVAL;
	flags = frame_lock();
	ret = frame_selected_alloc(order, &pfn);
	if (likely(!ret)) {
		st.allocs[order]++;
		trace_event(frame_alloc, pfn, order, 0);
		check_poison(pfn, 1ULL << order);
		debug_periodic_check();
		*pa = PFN_PHYS(pfn);
	} else if (ret == -ENOMEM) {
		st.failures++;
	}
	frame_unlock(flags);
	return ret;
}

static const char *free_error_text(int err)
{
	switch (-err) {
	case FRAME_ERR_RANGE:
		return "not in managed memory";
	case FRAME_ERR_NEVER:
		return "never allocated";
	case FRAME_ERR_WRONG_ORDER:
		return "allocated with a different order";
	default:
		return "not allocated (double free or never allocated)";
	}
}

/* Say what is wrong with frame_free()'s arguments: the slow path. */
static __cold __noreturn void bad_free_args(phys_addr_t pa, unsigned int order,
					    void *caller)
{
	if (!order_limit)
		panic("frame_free: 0x%llx freed before frame_init (caller %p)",
		      (unsigned long long)pa, caller);
	if (pa & ~PAGE_MASK)
		panic("frame_free: 0x%llx is not page aligned (caller %p)",
		      (unsigned long long)pa, caller);
	if (order > max_order)
		panic("frame_free: frame 0x%llx: bad order %u (caller %p)",
		      (unsigned long long)pa, order, caller);
	panic("frame_free: frame 0x%llx is not aligned to order %u (caller %p)",
	      (unsigned long long)pa, order, caller);
}

static __cold __noreturn void free_refused(phys_addr_t pa, unsigned int order,
					   int err, void *caller)
{
	panic("frame_free: frame 0x%llx order %u: %s (caller %p, %s policy)",
	      (unsigned long long)pa, order, free_error_text(err), caller,
	      frame_policy_name());
}

/*
 * __noinline so that the return address is frame_free()'s caller even if
 * the compiler would otherwise inline it into a wrapper in this file.
 */
__noinline void frame_free(phys_addr_t pa, unsigned int order)
{
	void *caller = __builtin_return_address(0);
	pfn_t pfn = PHYS_PFN(pa);
	unsigned long flags;
	int ret;

	/* order first: it bounds the shift */
	if (unlikely(order >= order_limit ||
		     (pa & ((PAGE_SIZE << order) - 1))))
		bad_free_args(pa, order, caller);

	flags = frame_lock();
	ret = frame_selected_free(pfn, order);
	if (unlikely(ret))
		free_refused(pa, order, ret, caller);
	st.frees[order]++;
	trace_event(frame_free, pfn, order, 0);
	poison_frames(pfn, 1ULL << order);
	debug_periodic_check();
	frame_unlock(flags);
}

void frame_get_stats(struct frame_stats *s)
{
	struct frame_policy_stats ps;
	unsigned long flags;
	u64 free;

	__builtin_memset(&ps, 0, sizeof(ps));
	ps.largest_block_run = FRAME_BLOCK_RUN_ANY;
	flags = frame_lock();
	if (order_limit)
		frame_selected_policy->stats(&ps);
	free = free_frames();
	s->total_frames = st.total;
	s->meta_frames = st.meta;
	s->free_frames = free;
	s->used_frames = st.total - free;
	s->allocs = sum_counts(st.allocs);
	s->frees = sum_counts(st.frees);
	s->failures = st.failures;
	s->largest_free_run = ps.largest_run;
	s->largest_block_run = ps.largest_block_run == FRAME_BLOCK_RUN_ANY ?
			       ps.largest_run : ps.largest_block_run;
	s->frag_permille = free ?
		(u32)((free - ps.largest_run) * 1000 / free) : 0;
	s->max_order = max_order;
	for (int i = 0; i < FRAME_STATS_ORDERS; i++)
		s->free_per_order[i] = ps.free_per_order[i];
	frame_unlock(flags);
}

const char *frame_policy_name(void)
{
	return frame_selected_policy->name;
}

unsigned int frame_max_order(void)
{
	return max_order;
}

static int frame_check_locked(void)
{
	struct frame_policy_stats ps;
	u64 free = free_frames();
	int ret;

	if (!order_limit)
		return 0;
	ret = frame_selected_policy->check();
	if (ret)
		return ret;
	__builtin_memset(&ps, 0, sizeof(ps));
	frame_selected_policy->stats(&ps);
	if (ps.free_frames != free) {
		pr_err("frame: policy counts %llu free frames, glue %llu\n",
		       (unsigned long long)ps.free_frames,
		       (unsigned long long)free);
		return -EIO;
	}
	if (ps.largest_run > free) {
		pr_err("frame: largest run %llu > free %llu\n",
		       (unsigned long long)ps.largest_run,
		       (unsigned long long)free);
		return -EIO;
	}
	return 0;
}

/* The whole walk runs under the lock: no allocation may interleave. */
int frame_check(void)
{
	unsigned long flags = frame_lock();
	int ret = frame_check_locked();

	frame_unlock(flags);
	return ret;
}

void frame_print_stats(void)
{
	struct frame_stats s;

	frame_get_stats(&s);
	pr_info("frame: %s: %llu frames (%llu MiB), %llu free, %llu used, %llu metadata\n",
		frame_policy_name(), (unsigned long long)s.total_frames,
		(unsigned long long)(s.total_frames >> (20 - PAGE_SHIFT)),
		(unsigned long long)s.free_frames,
		(unsigned long long)s.used_frames,
		(unsigned long long)s.meta_frames);
	pr_info("frame: %llu allocs, %llu frees, %llu failures, largest free run %llu, fragmentation %u/1000\n",
		(unsigned long long)s.allocs, (unsigned long long)s.frees,
		(unsigned long long)s.failures,
		(unsigned long long)s.largest_free_run, s.frag_permille);
}
