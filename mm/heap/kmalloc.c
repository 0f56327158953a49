// SPDX-License-Identifier: GPL-2.0
/*
 * kmalloc glue: the public heap API over whichever policy is built in.
 * Argument checks, statistics and the CONFIG_DEBUG_HEAP checks live here,
 * once, so each policy only manages blocks.
 *
 * With CONFIG_DEBUG_HEAP a block the policy hands out is laid out as
 *
 *	base            user - 32           user - 16       user        user + size
 *	| red zone pad  | struct dbg_hdr   | red zone 16   | payload    | red zone ... |
 *
 * the tail red zone runs to the end of the policy block (at least 16
 * bytes). Freed blocks are filled with HEAP_POISON_BYTE and checked on
 * reuse (see heap_debug_scrub() in heap_policy.h).
 */
#include <mosaic/errno.h>
#include <mosaic/heap_policy.h>
#include <mosaic/page.h>
#include <mosaic/panic.h>
#include <mosaic/printk.h>
#include <mosaic/string.h>
#include <mosaic/trace.h>

#ifdef __MOSAIC_HOST__
/* Host tests are single-threaded. */
static inline void heap_lock(void) { }
static inline void heap_unlock(void) { }
#else
#include <mosaic/spinlock.h>
/*
 * heap_spinlock protects the policy's state, the page source and the
 * statistics. It is not an irqsave lock: growing the heap allocates
 * frames and changes page tables (heap_arch_map), and that must not run
 * with interrupts off. Taking it disables preemption, so no other thread
 * enters; interrupt handlers must not call kmalloc or kfree (none does:
 * one that did would stop at the lock's recursion check rather than
 * corrupt the heap). It nests outside frame_lock and the page-table lock
 * (Documentation/mm/heap.md). Callers that already run with interrupts
 * off (thread_free) keep them off; that is theirs, not the heap's.
 */
static DEFINE_SPINLOCK(heap_spinlock);

static inline void heap_lock(void) __acquires(&heap_spinlock)
{
	spin_lock(&heap_spinlock);
}

static inline void heap_unlock(void) __releases(&heap_spinlock)
{
	spin_unlock(&heap_spinlock);
}
#endif

static const struct heap_policy *policy;

/*
 * The hot operations: host programs switch policies at run time, so they
 * go through the struct; the kernel has exactly one policy, called
 * directly (the member's POLICY_FAST_CALL() aliases).
 */
#ifdef __MOSAIC_HOST__
#define policy_alloc(size, align) policy->alloc(size, align)
#define policy_free(p) policy->free(p)
#else
#define policy_alloc heap_selected_alloc
#define policy_free heap_selected_free
#endif

static struct {
	/* ordered so that no two counters updated together are adjacent:
	 * gcc would pair them in an SSE register and spill it */
	u64 live, peak_live, requested, failures, allocs, frees;
} ctr;

static const char *const err_names[] = {
	[HEAP_OK] = "ok",
	[HEAP_EINVAL_PTR] = "invalid pointer (not a heap block)",
	[HEAP_EDOUBLE_FREE] = "double free",
	[HEAP_EREDZONE_BEFORE] = "red zone before the block overwritten",
	[HEAP_EREDZONE_AFTER] = "red zone after the block overwritten",
	[HEAP_EPOISON] = "freed memory written after free",
};

const char *heap_strerror(int err)
{
	if (err < 0 || err >= (int)ARRAY_SIZE(err_names))
		return "unknown heap error";
	return err_names[err];
}

int heap_use_policy(const struct heap_policy *p)
{
	int err = heap_source_init();

	if (err)
		return err;
	memset(&ctr, 0, sizeof(ctr));
	policy = p;
	return p->init();
}

#ifndef __MOSAIC_HOST__
int heap_init(void)
{
	int err = heap_use_policy(heap_selected_policy);

	if (!err)
		pr_info("heap: %s policy, limit %u MiB\n", policy->name,
			CONFIG_HEAP_MAX_MB);
	return err;
}
#endif

static __always_inline void count_alloc(size_t size, size_t usable)
{
	u64 live = ctr.live + usable;

	ctr.live = live;
	if (live > ctr.peak_live)
		ctr.peak_live = live;
	ctr.requested += size;
	ctr.allocs++;
}

static __always_inline void count_free(size_t usable)
{
	ctr.live -= usable;
	ctr.frees++;
}

static __noreturn void heap_panic(const char *op, const void *p, int err,
				  unsigned long caller)
{
	panic("heap: %s(%p) called from %p: %s", op, p, (void *)caller,
	      heap_strerror(err));
}

#ifdef CONFIG_DEBUG_HEAP
struct dbg_hdr {
	u64 magic;
	u32 size;	/* bytes asked for */
	u32 prefix;	/* user - base */
};

#define DBG_LIVE 0x4845415041525431ULL
#define DBG_PREFIX 32
#define DBG_RZ 16

void heap_debug_scrub(void *p, size_t n)
{
	memset(p, HEAP_POISON_BYTE, n);
}

static struct dbg_hdr *dbg_hdr(const void *user)
{
	return (struct dbg_hdr *)((char *)user - DBG_PREFIX);
}

static const u8 *find_not(const void *p, size_t n, u8 byte)
{
	const u8 *c = p;
	size_t i;

	for (i = 0; i < n; i++)
		if (c[i] != byte)
			return c + i;
	return NULL;
}

static void *dbg_alloc(size_t size, size_t align, size_t *usable,
		       unsigned long caller)
{
	size_t prefix = align > DBG_PREFIX ? align : DBG_PREFIX;
	size_t total = prefix + ALIGN_UP(size, (size_t)16) + DBG_RZ, got;
	struct heap_block b = policy_alloc(total, align);
	char *base = b.ptr, *user;
	const u8 *bad;

	if (!base)
		return NULL;
	got = b.size;
	bad = find_not(base, got, HEAP_POISON_BYTE);
	if (bad)
		panic("heap: freed memory at %p (block %p) was written after free; noticed by alloc from %p",
		      bad, base, (void *)caller);
	user = base + prefix;
	memset(base, HEAP_REDZONE_BYTE, prefix);
	memset(user + size, HEAP_REDZONE_BYTE, got - prefix - size);
	dbg_hdr(user)->magic = DBG_LIVE;
	dbg_hdr(user)->size = size;
	dbg_hdr(user)->prefix = prefix;
	*usable = got;
	return user;
}

/* The policy's block under a debug user pointer, if the header is sane. */
static int dbg_base(const void *user, char **base)
{
	const struct dbg_hdr *h;

	if (!IS_ALIGNED((uintptr_t)user, 16) ||
	    !heap_source_mapped((const char *)user - DBG_PREFIX) ||
	    !heap_source_mapped(user))
		return HEAP_EINVAL_PTR;
	h = dbg_hdr(user);
	if (h->magic != DBG_LIVE) {
		/* A freed block is poison apart from the policy's free-list
		 * links; the policy knows a block it has taken back (for the
		 * usual 32-byte prefix). */
		if (!find_not(h, sizeof(*h), HEAP_POISON_BYTE) ||
		    policy->validate((const char *)user - DBG_PREFIX) ==
			    HEAP_EDOUBLE_FREE)
			return HEAP_EDOUBLE_FREE;
		return HEAP_EINVAL_PTR;
	}
	if (h->prefix < DBG_PREFIX || h->prefix > PAGE_SIZE ||
	    !IS_POWER_OF_2(h->prefix))
		return HEAP_EINVAL_PTR;
	*base = (char *)user - h->prefix;
	return HEAP_OK;
}

static int check_block(const void *p)
{
	const struct dbg_hdr *h;
	char *base;
	size_t got;
	int err;

	if (!p)
		return HEAP_OK;
	err = dbg_base(p, &base);
	if (err)
		return err;
	err = policy->validate(base);
	if (err)
		return err;
	h = dbg_hdr(p);
	got = policy->usable_size(base);
	if (find_not(base, h->prefix - DBG_PREFIX, HEAP_REDZONE_BYTE) ||
	    find_not((const char *)p - DBG_RZ, DBG_RZ, HEAP_REDZONE_BYTE))
		return HEAP_EREDZONE_BEFORE;
	if (find_not((const char *)p + h->size, got - h->prefix - h->size,
		     HEAP_REDZONE_BYTE))
		return HEAP_EREDZONE_AFTER;
	return HEAP_OK;
}

static long dbg_free(void *p)
{
	char *base;
	int err = check_block(p);

	if (err)
		return -err;
	dbg_base(p, &base);
	memset(base, HEAP_POISON_BYTE, policy->usable_size(base));
	return policy_free(base);
}

static size_t user_size(const void *p)
{
	return dbg_hdr(p)->size;
}
#else /* !CONFIG_DEBUG_HEAP */

static int check_block(const void *p)
{
	return p ? policy->validate(p) : HEAP_OK;
}

static size_t user_size(const void *p)
{
	return policy->usable_size(p);
}
#endif

/* A block from the policy (or the debug layer), counted. Locked; @size
 * at most HEAP_MAX_BYTES, @align valid and at least HEAP_MIN_ALIGN. */
static __always_inline void *alloc_locked(size_t size, size_t align,
					  unsigned long caller)
{
	size_t usable;
	void *p;
#ifdef CONFIG_DEBUG_HEAP
	p = dbg_alloc(size ? size : 1, align, &usable, caller);
#else
	struct heap_block b = policy_alloc(size ? size : 1, align);

	p = b.ptr;
	usable = b.size;
#endif
	if (likely(p))
		count_alloc(size, usable);
	else
		ctr.failures++;
	trace_event(heap_alloc, size, p ? usable : 0, p);
	return p;
}

/* Inlined so that kmalloc's constant alignment folds the checks away. */
static __always_inline void *do_alloc(size_t size, size_t align,
				      unsigned long caller)
{
	void *p;

	if (!IS_POWER_OF_2(align) || align > PAGE_SIZE)
		return NULL;
	if (align < HEAP_MIN_ALIGN)
		align = HEAP_MIN_ALIGN;
	heap_lock();
	/* larger than the whole heap can never work; this bound also keeps
	 * the policies' size arithmetic far from overflow */
	if (size > HEAP_MAX_BYTES) {
		ctr.failures++;
		p = NULL;
	} else {
		p = alloc_locked(size, align, caller);
	}
	heap_unlock();
	return p;
}

void *kmalloc(size_t size)
{
	return do_alloc(size, HEAP_MIN_ALIGN, RET_IP);
}

void *kmalloc_aligned(size_t size, size_t align)
{
	return do_alloc(size, align, RET_IP);
}

void *kzalloc(size_t size)
{
	void *p = do_alloc(size, HEAP_MIN_ALIGN, RET_IP);

	if (p)
		memset(p, 0, size);
	return p;
}

void *kcalloc(size_t n, size_t size)
{
	void *p;

	if (size && n > SIZE_MAX / size) {
		heap_lock();

		ctr.failures++;
		heap_unlock();
		return NULL;
	}
	p = do_alloc(n * size, HEAP_MIN_ALIGN, RET_IP);
	if (p)
		memset(p, 0, n * size);
	return p;
}

/* HEAP_OK, or the error the caller panics with (after the unlock). */
static __always_inline int do_free(const void *p)
{
	long ret;

	heap_lock();
#ifdef CONFIG_DEBUG_HEAP
	ret = dbg_free((void *)p);
#else
	ret = policy_free((void *)p);
#endif
	if (likely(ret > 0))
		count_free(ret);
	trace_event(heap_free, ret, p, 0);
	heap_unlock();
	return ret > 0 ? HEAP_OK : (int)-ret;
}

void kfree(const void *p)
{
	int err;

	if (!p)
		return;
	err = do_free(p);
	/* RET_IP only on the error path: the fast path never reads it */
	if (unlikely(err))
		heap_panic("kfree", p, err, RET_IP);
}

/* The public checks take the lock: a policy may walk shared lists. */
int heap_check_block(const void *p)
{
	heap_lock();
	int err = check_block(p);

	heap_unlock();
	return err;
}

size_t ksize(const void *p)
{
	size_t size;

	if (!p)
		return 0;
	heap_lock();
	size = user_size(p);
	heap_unlock();
	return size;
}

/* Resize in place if the policy can; false to move instead. Locked. */
static bool resize_locked(void *p, size_t size, size_t old)
{
#ifdef CONFIG_DEBUG_HEAP
	return false;	/* red zones sit right after the payload */
#else
	size_t now;

	if (!policy->resize || policy->resize(p, size ? size : 1, &now))
		return false;
	ctr.live += now - old;	/* wraps correctly when it shrinks */
	if (ctr.live > ctr.peak_live)
		ctr.peak_live = ctr.live;
	ctr.requested += size;
	return true;
#endif
}

/* Free a block check_block() accepted under the same lock hold. */
static void free_checked_locked(void *p)
{
#ifdef CONFIG_DEBUG_HEAP
	long ret = dbg_free(p);
#else
	long ret = policy_free(p);
#endif
	if (likely(ret > 0))
		count_free(ret);
}

/*
 * One lock hold and one check of p for the whole call: grow or shrink in
 * place when the policy can keep the block (its class or run fits), else
 * allocate, copy and free without letting go of the lock, so no other
 * thread sees the block half moved.
 */
void *krealloc(void *p, size_t size)
{
	unsigned long caller = RET_IP;
	size_t old;
	void *q;
	int err;

	if (!p)
		return do_alloc(size, HEAP_MIN_ALIGN, caller);
	heap_lock();
	err = check_block(p);
	if (unlikely(err)) {
		heap_unlock();
		heap_panic("krealloc", p, err, caller);
	}
	old = user_size(p);
	if (size > HEAP_MAX_BYTES) {
		ctr.failures++;
		q = NULL;
	} else if (resize_locked(p, size, old)) {
		q = p;
	} else {
		q = alloc_locked(size, HEAP_MIN_ALIGN, caller);
		if (q) {
			memcpy(q, p, old < size ? old : size);
			free_checked_locked(p);
		} else if (size <= old) {
			q = p;	/* a shrink that cannot move may stay */
		}
	}
	heap_unlock();
	return q;
}

void heap_get_stats(struct heap_stats *st)
{
	heap_lock();

	memset(st, 0, sizeof(*st));
	st->requested_bytes = ctr.requested;
	st->live_bytes = ctr.live;
	st->peak_live_bytes = ctr.peak_live;
	st->footprint_bytes = heap_footprint();
	st->peak_footprint_bytes = heap_peak_footprint();
	st->alloc_count = ctr.allocs;
	st->free_count = ctr.frees;
	st->failures = ctr.failures;
	st->live_blocks = ctr.allocs - ctr.frees;
	if (st->footprint_bytes > st->live_bytes)
		st->frag_permille = (st->footprint_bytes - st->live_bytes) *
				    1000 / st->footprint_bytes;
	if (policy && policy->free_info)
		policy->free_info(&st->free_blocks, &st->largest_free_bytes);
	st->policy = policy ? policy->name : "none";
	heap_unlock();
}

/* The walk runs under the lock: no allocation may change the lists. */
int heap_check_all(void)
{
	int ret;

	if (!policy || !policy->check)
		return HEAP_OK;
	heap_lock();
	ret = policy->check();
	heap_unlock();
	return ret;
}
