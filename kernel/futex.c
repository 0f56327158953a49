// SPDX-License-Identifier: GPL-2.0
/*
 * Futexes (<mosaic/futex.h>) and futex(2): FUTEX_WAIT, FUTEX_WAKE, the
 * _BITSET forms, FUTEX_REQUEUE and FUTEX_CMP_REQUEUE, private or not;
 * FUTEX_WAIT's timeout is relative, FUTEX_WAIT_BITSET's absolute on
 * CLOCK_MONOTONIC or (FUTEX_CLOCK_REALTIME) CLOCK_REALTIME. The
 * PI operations and FUTEX_WAKE_OP are -ENOSYS, as a Linux built without
 * them answers.
 *
 * A waiter is a struct futex_q on its caller's stack, queued in the hash
 * bucket of its key: (mm, address), or for a shared futex in a shared
 * mapping the frame (struct futex_key). The bucket's mutex makes "read the
 * word, then queue" one step against a waker, which changes the word
 * before it takes the same mutex: so a wake can never fall between the
 * check and the sleep. The mutex (not a spinlock) is what lets the check
 * read user memory, which may fault and sleep. A waker dequeues the
 * waiter and wakes it while holding the mutex, and the waiter looks at
 * its own state only under the mutex, so the waker never touches a
 * futex_q that has gone. Lock order: a bucket's mutex, then mmap_lock
 * (the fault path); two buckets (requeue) in address order.
 */
#include <mosaic/errno.h>
#include <mosaic/futex.h>
#include <mosaic/list.h>
#include <mosaic/mm.h>
#include <mosaic/mmap.h>
#include <mosaic/mutex.h>
#include <mosaic/rtc.h>
#include <mosaic/sched.h>
#include <mosaic/syscalls.h>
#include <mosaic/time.h>
#include <mosaic/timer.h>
#include <mosaic/uaccess.h>
#include <mosaic/wait.h>
#include <uapi/linux/futex.h>
#include <uapi/linux/time.h>

#define FUTEX_HASH_BITS 8
#define FUTEX_HASH_SIZE (1U << FUTEX_HASH_BITS)

struct futex_bucket {
	struct mutex lock;		/* waiters, and every q's key in it */
	struct list_head waiters;	/* futex_q, FIFO */
};

static struct futex_bucket futex_buckets[FUTEX_HASH_SIZE];

/*
 * (address space, user address); or, for a shared futex in a shared
 * mapping, (NULL, the frame's physical address plus the offset), so
 * that processes mapping the page at different addresses meet.
 */
struct futex_key {
	struct mm *mm;
	unsigned long addr;
};

struct futex_q {
	struct list_head node;		/* in bucket->waiters; empty: woken */
	struct futex_key key;
	u32 bitset;
	/* Where it is queued: requeue moves it (both buckets locked). */
	struct futex_bucket *bucket;
	struct waiter waiter;
	/* The frame of a shared key, kept while the waiter waits on it. */
	struct page *pin;
};

void futex_init(void)
{
	for (unsigned int i = 0; i < FUTEX_HASH_SIZE; i++) {
		mutex_init(&futex_buckets[i].lock, "futex_bucket");
		INIT_LIST_HEAD(&futex_buckets[i].waiters);
	}
}

static struct futex_bucket *bucket_of(const struct futex_key *k)
{
	u64 h = ((u64)(unsigned long)k->mm ^ k->addr) * 0x9e3779b97f4a7c15ULL;

	return &futex_buckets[h >> (64 - FUTEX_HASH_BITS)];
}

static bool key_eq(const struct futex_key *a, const struct futex_key *b)
{
	return a->mm == b->mm && a->addr == b->addr;
}

/*
 * As Linux: a word must be aligned (EINVAL) and in the user half
 * (EFAULT). A shared futex in a shared mapping is keyed by its frame,
 * which *pin then holds until drop_key(); in a private mapping it is
 * keyed as a private one, by address space and address.
 */
static int make_key(struct mm *mm, u32 __user *uaddr, bool shared,
		    struct futex_key *k, struct page **pin)
{
	unsigned long a = (__force unsigned long)uaddr;
	phys_addr_t pa;
	int ret;

	*pin = NULL;
	if (a % sizeof(u32))
		return -EINVAL;
	if (!mm || !access_ok(uaddr, sizeof(u32)))
		return -EFAULT;
	k->mm = mm;
	k->addr = a;
	if (!shared)
		return 0;
	ret = vm_shared_page(mm, a, pin, &pa);
	if (ret < 0)
		return ret;
	if (!ret) {
		k->mm = NULL;
		k->addr = pa;
	}
	return 0;
}

static void drop_key(struct page *pin)
{
	if (pin)
		put_page(pin);
}

/* The bucket q is in, locked; requeue may move q while we wait for it. */
static struct futex_bucket *lock_q_bucket(struct futex_q *q)
	__acquires(q->bucket)
{
	for (;;) {
		struct futex_bucket *b = READ_ONCE(q->bucket);

		mutex_lock(&b->lock);
		if (b == READ_ONCE(q->bucket))
			return b;
		mutex_unlock(&b->lock);
	}
}

/* Sleep until a waker dequeues q; a timeout or signal dequeues it here. */
static int wait_queued(struct futex_q *q, u64 end_ns)
{
	for (;;) {
		int ret = waiter_sleep_interruptible(&q->waiter, end_ns);
		struct futex_bucket *b = lock_q_bucket(q);
		bool woken = list_empty(&q->node);

		if (!woken && ret)
			list_del_init(&q->node);
		mutex_unlock(&b->lock);
		/* A wake wins over a timeout or signal that came with it. */
		if (woken)
			return 0;
		if (ret)
			return ret;
	}
}

static int do_futex_wait(struct mm *mm, u32 __user *uaddr, u32 val,
			 u64 end_ns, u32 bitset, bool shared);

/* arg[1]: the value, and bit 32 for a shared futex. */
#define RESTART_SHARED (1ULL << 32)

static long futex_wait_restart(struct restart_block *rb)
{
	u32 __user *uaddr = (u32 __user *)(__force unsigned long)rb->arg[0];

	return do_futex_wait(current()->mm, uaddr, (u32)rb->arg[1],
			     rb->arg[2], (u32)rb->arg[3],
			     rb->arg[1] & RESTART_SHARED);
}

/*
 * A signal ended the wait, as Linux ends it: without a timeout
 * -ERESTARTSYS (a handler with SA_RESTART waits again, after checking
 * the word again); with one -ERESTART_RESTARTBLOCK, EINTR after any
 * handler, and a stop and SIGCONT wait on to the same end.
 */
static int futex_interrupted(u32 __user *uaddr, u32 val, u64 end_ns,
			     u32 bitset, bool shared)
{
	struct restart_block *rb = &current()->sig.restart;

	if (!end_ns)
		return -ERESTARTSYS;
	rb->fn = futex_wait_restart;
	rb->arg[0] = (u64)(__force unsigned long)uaddr;
	rb->arg[1] = val | (shared ? RESTART_SHARED : 0);
	rb->arg[2] = end_ns;
	rb->arg[3] = bitset;
	return -ERESTART_RESTARTBLOCK;
}

static int do_futex_wait(struct mm *mm, u32 __user *uaddr, u32 val,
			 u64 end_ns, u32 bitset, bool shared)
{
	struct futex_q q;
	struct futex_bucket *b;
	u32 cur;
	int ret;

	if (!bitset)
		return -EINVAL;
	ret = make_key(mm, uaddr, shared, &q.key, &q.pin);
	if (ret)
		return ret;
	b = bucket_of(&q.key);
	mutex_lock(&b->lock);
	if (get_user(cur, uaddr))
		ret = -EFAULT;
	else if (cur != val)
		ret = -EAGAIN;
	if (ret) {
		mutex_unlock(&b->lock);
		drop_key(q.pin);
		return ret;
	}
	q.bitset = bitset;
	q.bucket = b;
	waiter_init(&q.waiter);
	list_add_tail(&q.node, &b->waiters);
	mutex_unlock(&b->lock);
	ret = wait_queued(&q, end_ns);
	drop_key(q.pin);
	return ret == -EINTR ?
		       futex_interrupted(uaddr, val, end_ns, bitset, shared) :
		       ret;
}

int futex_wait(struct mm *mm, u32 __user *uaddr, u32 val, u64 end_ns,
	       u32 bitset)
{
	return do_futex_wait(mm, uaddr, val, end_ns, bitset, false);
}

/* Dequeue q and wake its thread: the caller holds q's bucket. */
static void wake_q(struct futex_q *q)
{
	list_del_init(&q->node);
	waiter_wake(&q->waiter);
}

static int wake_key(const struct futex_key *k, int nr, u32 bitset)
{
	struct futex_bucket *b = bucket_of(k);
	struct futex_q *q, *next;
	int woken = 0;

	mutex_lock(&b->lock);
	list_for_each_entry_safe(q, next, &b->waiters, node) {
		if (!key_eq(&q->key, k) || !(q->bitset & bitset))
			continue;
		wake_q(q);
		/* nr <= 0 still wakes one: Linux counts after waking. */
		if (++woken >= nr)
			break;
	}
	mutex_unlock(&b->lock);
	return woken;
}

static int do_futex_wake(struct mm *mm, u32 __user *uaddr, int nr,
			 u32 bitset, bool shared)
{
	struct futex_key k;
	struct page *pin;
	int ret;

	if (!bitset)
		return -EINVAL;
	ret = make_key(mm, uaddr, shared, &k, &pin);
	if (ret)
		return ret;
	ret = wake_key(&k, nr, bitset);
	drop_key(pin);
	return ret;
}

int futex_wake_bitset(struct mm *mm, u32 __user *uaddr, int nr, u32 bitset)
{
	return do_futex_wake(mm, uaddr, nr, bitset, false);
}

int futex_wake(struct mm *mm, u32 __user *uaddr, int nr)
{
	return futex_wake_bitset(mm, uaddr, nr, FUTEX_BITSET_MATCH_ANY);
}

static void lock_two(struct futex_bucket *a, struct futex_bucket *b)
	__acquires(a) __acquires(b)
{
	if (a == b) {
		mutex_lock(&a->lock);
		__acquire(b);	/* one bucket, locked once */
	} else if (a < b) {
		mutex_lock(&a->lock);
		mutex_lock(&b->lock);
	} else {
		mutex_lock(&b->lock);
		mutex_lock(&a->lock);
	}
}

static void unlock_two(struct futex_bucket *a, struct futex_bucket *b)
	__releases(a) __releases(b)
{
	mutex_unlock(&a->lock);
	if (a != b)
		mutex_unlock(&b->lock);
	else
		__release(b);
}

/* Move q to key @to in bucket @b2 (both buckets locked). */
static void requeue_q(struct futex_q *q, const struct futex_key *to,
		      struct futex_bucket *b2)
{
	list_del(&q->node);
	q->key = *to;
	list_add_tail(&q->node, &b2->waiters);
	WRITE_ONCE(q->bucket, b2);
}

/*
 * Linux's loop: wake the first nr_wake, then move up to nr_requeue. A
 * waiter moved to a shared key keeps its pin on the old frame; the new
 * one may go meanwhile, and a wake for a word that later reuses it is
 * spurious, which futex users allow for.
 */
static long do_futex_requeue(struct mm *mm, u32 __user *uaddr,
			     u32 __user *uaddr2, int nr_wake, int nr_requeue,
			     const u32 *cmp, bool shared)
{
	struct futex_key k1, k2;
	struct futex_bucket *b1, *b2;
	struct futex_q *q, *next;
	struct page *pin1, *pin2 = NULL;
	int count = 0;
	long ret;
	u32 cur;

	if (nr_wake < 0 || nr_requeue < 0)
		return -EINVAL;
	ret = make_key(mm, uaddr, shared, &k1, &pin1);
	if (!ret) {
		ret = make_key(mm, uaddr2, shared, &k2, &pin2);
		if (ret)
			drop_key(pin1);
	}
	if (ret)
		return ret;
	b1 = bucket_of(&k1);
	b2 = bucket_of(&k2);
	lock_two(b1, b2);
	if (cmp && get_user(cur, uaddr))
		ret = -EFAULT;
	else if (cmp && cur != *cmp)
		ret = -EAGAIN;
	list_for_each_entry_safe(q, next, &b1->waiters, node) {
		if (ret || count - nr_wake >= nr_requeue)
			break;
		if (!key_eq(&q->key, &k1))
			continue;
		if (++count <= nr_wake)
			wake_q(q);
		else
			requeue_q(q, &k2, b2);
	}
	unlock_two(b1, b2);
	drop_key(pin1);
	drop_key(pin2);
	return ret ? ret : count;
}

long futex_requeue(struct mm *mm, u32 __user *uaddr, u32 __user *uaddr2,
		   int nr_wake, int nr_requeue, const u32 *cmp)
{
	return do_futex_requeue(mm, uaddr, uaddr2, nr_wake, nr_requeue, cmp,
				false);
}

/* ------------------------------------------------------------- futex(2) */

static bool cmd_has_timeout(int cmd)
{
	return cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET ||
	       cmd == FUTEX_LOCK_PI || cmd == FUTEX_LOCK_PI2 ||
	       cmd == FUTEX_WAIT_REQUEUE_PI;
}

/*
 * The monotonic end of a wait: FUTEX_WAIT's timeout is relative, the
 * others' absolute on CLOCK_MONOTONIC, or CLOCK_REALTIME when asked.
 */
static int futex_end_ns(const struct __kernel_timespec __user *utime,
			int cmd, bool realtime, u64 *end_ns)
{
	u64 t;
	int err = get_user_timespec_ns(utime, &t);

	if (err)
		return err;
	if (cmd == FUTEX_WAIT)
		t = ktime_add_safe_ns(ktime_get_ns(), t);
	else if (realtime)
		t = ktime_real_to_mono_ns(t);
	/* 0 is "no end" to the wait: a time long past is 1 ns. */
	*end_ns = MAX(t, 1);
	return 0;
}

/*
 * Linux looks the page of a shared futex up, so an address nothing is
 * mapped at is EFAULT even for a wake.
 */
static int check_shared_word(u32 __user *uaddr, bool shared)
{
	u32 v;

	if (shared && !((__force unsigned long)uaddr % sizeof(u32)) &&
	    get_user(v, uaddr))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE6(futex, u32 __user *, uaddr, int, op, u32, val,
		const struct __kernel_timespec __user *, utime,
		u32 __user *, uaddr2, u32, val3)
{
	struct mm *mm = current()->mm;
	int cmd = op & FUTEX_CMD_MASK;
	bool realtime = op & FUTEX_CLOCK_REALTIME;
	bool shared = !(op & FUTEX_PRIVATE_FLAG);
	u64 end_ns = 0;
	int ret;

	if (utime && cmd_has_timeout(cmd)) {
		ret = futex_end_ns(utime, cmd, realtime, &end_ns);
		if (ret)
			return ret;
	}
	/* As Linux 6.1: FUTEX_WAIT's relative timeout has no clock choice. */
	if (realtime && cmd != FUTEX_WAIT_BITSET &&
	    cmd != FUTEX_WAIT_REQUEUE_PI && cmd != FUTEX_LOCK_PI2)
		return -ENOSYS;
	switch (cmd) {
	case FUTEX_WAIT:
		val3 = FUTEX_BITSET_MATCH_ANY;
		/* fall through */
	case FUTEX_WAIT_BITSET:
		return do_futex_wait(mm, uaddr, val, end_ns, val3, shared);
	case FUTEX_WAKE:
		val3 = FUTEX_BITSET_MATCH_ANY;
		/* fall through */
	case FUTEX_WAKE_BITSET:
		if (!val3)
			return -EINVAL;
		ret = check_shared_word(uaddr, shared);
		return ret ? ret :
			     do_futex_wake(mm, uaddr, (int)val, val3, shared);
	case FUTEX_REQUEUE:
	case FUTEX_CMP_REQUEUE:
		/* The requeue count travels in the timeout's register. */
		ret = check_shared_word(uaddr, shared);
		if (ret)
			return ret;
		return do_futex_requeue(mm, uaddr, uaddr2, (int)val,
					(int)(__force unsigned long)utime,
					cmd == FUTEX_CMP_REQUEUE ? &val3 : NULL,
					shared);
	default:
		return -ENOSYS;
	}
}
