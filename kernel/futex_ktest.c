// SPDX-License-Identifier: GPL-2.0
/*
 * Futexes between threads that share one user address space: kernel
 * threads that each take the same mm (as CLONE_VM threads will), so the
 * wake paths are tested before user threads exist. `ktest=futex`.
 */
#include <mosaic/errno.h>
#include <mosaic/futex.h>
#include <mosaic/ktest.h>
#include <mosaic/ktest_mem.h>
#include <mosaic/mmap.h>
#include <mosaic/sched.h>
#include <mosaic/time.h>
#include <mosaic/timer.h>
#include <mosaic/uaccess.h>
#include <mosaic/wait.h>

#define PG PAGE_SIZE
#define ANY 0xffffffffU	/* FUTEX_BITSET_MATCH_ANY */
#define NR_WAITERS 3

/* What the threads of one case share. */
struct shared {
	struct mm *mm;
	u32 __user *word;	/* two words: word[0], word[1] */
};

struct waiter_arg {
	struct shared *s;
	unsigned int index;	/* which word */
	u32 bitset;
	u64 end_ns;
	volatile bool started;	/* about to wait */
	volatile bool done;
	struct thread *thread;
	int result;
};

/* Run the calling kernel thread in mm, as a thread of its process. */
static void enter_mm(struct mm *mm)
{
	mm_get(mm);
	current()->mm = mm;
	mm_activate(mm);
}

static void leave_mm(struct mm *mm)
{
	current()->mm = NULL;
	mm_activate(&init_mm);
	mm_put(mm);
}

static bool setup(struct ktest *t, struct shared *s)
{
	long addr;

	s->mm = mm_create();
	if (!s->mm)
		return false;
	addr = vm_mmap(s->mm, 0, PG, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, NULL, 0);
	if (IS_ERR_VALUE(addr)) {
		mm_put(s->mm);
		return false;
	}
	s->word = (u32 __user *)addr;
	/* The test thread joins the mm too; the last put frees it. */
	enter_mm(s->mm);
	mm_put(s->mm);
	return !put_user(0U, &s->word[0]) && !put_user(0U, &s->word[1]);
}

static void teardown(struct shared *s)
{
	leave_mm(s->mm);
}

static int waiter_fn(void *p)
{
	struct waiter_arg *w = p;

	enter_mm(w->s->mm);
	w->started = true;
	w->result = futex_wait(w->s->mm, &w->s->word[w->index], 0, w->end_ns,
			       w->bitset);
	leave_mm(w->s->mm);
	w->done = true;
	return 0;
}

static bool start_waiter_until(struct waiter_arg *w, struct shared *s,
			       unsigned int index, u32 bitset, u64 end_ns)
{
	*w = (struct waiter_arg){ .s = s, .index = index, .bitset = bitset,
				  .end_ns = end_ns };
	w->thread = thread_create(waiter_fn, w, "futex_waiter");
	return w->thread != NULL;
}

static bool start_waiter(struct waiter_arg *w, struct shared *s,
			 unsigned int index, u32 bitset)
{
	return start_waiter_until(w, s, index, bitset, 0);
}

/*
 * Let every started waiter reach its sleep. One CPU: while this thread
 * sleeps, the waiters run until they block in futex_wait().
 */
static void settle(struct waiter_arg *w, int n)
{
	for (int tries = 0; tries < 100; tries++) {
		bool all = true;

		for (int i = 0; i < n; i++)
			all &= w[i].started;
		if (all)
			break;
		sleep_ms(1);
	}
	sleep_ms(20);
}

static int join(struct waiter_arg *w)
{
	int status;

	return thread_join(w->thread, &status) ? -1 : w->result;
}

static void test_wake_other_thread(struct ktest *t)
{
	struct ktest_mem_snapshot b;
	struct waiter_arg w;
	struct shared s;

	ktest_mem_snapshot(&b);
	KT_ASSERT(t, setup(t, &s));
	KT_ASSERT(t, start_waiter(&w, &s, 0, ANY));
	settle(&w, 1);
	KT_EXPECT(t, !w.done);
	/* The waker changes the word, then wakes: as a mutex unlock does. */
	KT_EXPECT_EQ(t, put_user(1U, &s.word[0]), 0);
	KT_EXPECT_EQ(t, futex_wake(s.mm, &s.word[0], 1), 1);
	KT_EXPECT_EQ(t, join(&w), 0);
	KT_EXPECT_EQ(t, futex_wake(s.mm, &s.word[0], 1), 0);
	teardown(&s);
	ktest_expect_mem_baseline(t, &b);
}

static void test_wake_counts(struct ktest *t)
{
	struct waiter_arg w[NR_WAITERS];
	struct shared s;
	int done = 0;

	KT_ASSERT(t, setup(t, &s));
	for (int i = 0; i < NR_WAITERS; i++)
		KT_ASSERT(t, start_waiter(&w[i], &s, 0, ANY));
	settle(w, NR_WAITERS);
	/* Another word, or another address space's word: nobody. */
	KT_EXPECT_EQ(t, futex_wake(s.mm, &s.word[1], NR_WAITERS), 0);
	KT_EXPECT_EQ(t, futex_wake(&init_mm, &s.word[0], NR_WAITERS), 0);
	KT_EXPECT_EQ(t, futex_wake(s.mm, &s.word[0], 2), 2);
	sleep_ms(20);
	for (int i = 0; i < NR_WAITERS; i++)
		done += w[i].done;
	KT_EXPECT_EQ(t, done, 2);
	/* 0 still wakes one, as Linux counts after waking. */
	KT_EXPECT_EQ(t, futex_wake(s.mm, &s.word[0], 0), 1);
	for (int i = 0; i < NR_WAITERS; i++)
		KT_EXPECT_EQ(t, join(&w[i]), 0);
	teardown(&s);
}

static void test_bitsets(struct ktest *t)
{
	struct waiter_arg a, c;
	struct shared s;

	KT_ASSERT(t, setup(t, &s));
	KT_ASSERT(t, start_waiter(&a, &s, 0, 0x1));
	KT_ASSERT(t, start_waiter(&c, &s, 0, 0x6));
	settle(&a, 1);
	settle(&c, 1);
	KT_EXPECT_EQ(t, futex_wake_bitset(s.mm, &s.word[0], 10, 0x8), 0);
	KT_EXPECT_EQ(t, futex_wake_bitset(s.mm, &s.word[0], 10, 0x2), 1);
	KT_EXPECT_EQ(t, join(&c), 0);
	KT_EXPECT(t, !a.done);
	KT_EXPECT_EQ(t, futex_wake_bitset(s.mm, &s.word[0], 10, ANY), 1);
	KT_EXPECT_EQ(t, join(&a), 0);
	teardown(&s);
}

static void test_requeue(struct ktest *t)
{
	struct waiter_arg w[NR_WAITERS];
	struct shared s;
	u32 cmp = 0, wrong = 5;

	KT_ASSERT(t, setup(t, &s));
	for (int i = 0; i < NR_WAITERS; i++)
		KT_ASSERT(t, start_waiter(&w[i], &s, 0, ANY));
	settle(w, NR_WAITERS);
	KT_EXPECT_EQ(t, futex_requeue(s.mm, &s.word[0], &s.word[1], 1, 1,
				      &wrong),
		     -EAGAIN);
	KT_EXPECT_EQ(t, futex_requeue(s.mm, &s.word[0], &s.word[1], -1, 1,
				      NULL),
		     -EINVAL);
	/* One woken, one moved to word[1], one left on word[0]. */
	KT_EXPECT_EQ(t, futex_requeue(s.mm, &s.word[0], &s.word[1], 1, 1,
				      &cmp),
		     2);
	KT_EXPECT_EQ(t, futex_wake(s.mm, &s.word[1], 10), 1);
	KT_EXPECT_EQ(t, futex_wake(s.mm, &s.word[0], 10), 1);
	for (int i = 0; i < NR_WAITERS; i++)
		KT_EXPECT_EQ(t, join(&w[i]), 0);
	teardown(&s);
}

/* A wake of the thread that is no futex wake (a signal's, with no
 * signal pending) leaves it waiting. */
static void test_spurious_wake(struct ktest *t)
{
	struct waiter_arg w;
	struct shared s;

	KT_ASSERT(t, setup(t, &s));
	KT_ASSERT(t, start_waiter(&w, &s, 0, ANY));
	settle(&w, 1);
	KT_EXPECT(t, wake_up_interruptible_thread(w.thread));
	sleep_ms(20);
	KT_EXPECT(t, !w.done);
	KT_EXPECT_EQ(t, futex_wake(s.mm, &s.word[0], 1), 1);
	KT_EXPECT_EQ(t, join(&w), 0);
	teardown(&s);
}

static void test_timeout(struct ktest *t)
{
	struct waiter_arg w;
	struct shared s;
	u64 end = ktime_get_ns() + 30 * NSEC_PER_MSEC;

	KT_ASSERT(t, setup(t, &s));
	KT_ASSERT(t, start_waiter_until(&w, &s, 1, ANY, end));
	KT_EXPECT_EQ(t, join(&w), -ETIMEDOUT);
	KT_EXPECT(t, ktime_get_ns() >= end);
	teardown(&s);
}

static void test_errors(struct ktest *t)
{
	struct shared s;
	u32 __user *hole;

	KT_ASSERT(t, setup(t, &s));
	hole = (u32 __user *)((unsigned long)s.word + 16 * PG);
	KT_EXPECT_EQ(t, put_user(3U, &s.word[0]), 0);
	KT_EXPECT_EQ(t, futex_wait(s.mm, &s.word[0], 2, 0, ANY), -EAGAIN);
	KT_EXPECT_EQ(t, futex_wait(s.mm, &s.word[0], 3, 1, ANY), -ETIMEDOUT);
	KT_EXPECT_EQ(t, futex_wait(s.mm, &s.word[0], 3, 0, 0), -EINVAL);
	KT_EXPECT_EQ(t, futex_wait(s.mm, (u32 __user *)((unsigned long)s.word
							+ 1), 3, 0, ANY),
		     -EINVAL);
	KT_EXPECT_EQ(t, futex_wait(s.mm, hole, 0, 0, ANY), -EFAULT);
	KT_EXPECT_EQ(t, futex_wake_bitset(s.mm, &s.word[0], 1, 0), -EINVAL);
	KT_EXPECT_EQ(t, futex_wake(s.mm, (u32 __user *)0xffff800000000000UL, 1),
		     -EFAULT);
	teardown(&s);
}

static int nothing(void *arg)
{
	return 0;
}

/*
 * Object caches fill on first use (a slab for threads): one thread made
 * and joined first, so a case's memory baseline sees only its own.
 */
static int futex_suite_init(struct ktest *t)
{
	struct thread *th = thread_create(nothing, NULL, "futex_warmup");
	int status;

	return th ? thread_join(th, &status) : -ENOMEM;
}

static struct ktest_case futex_cases[] = {
	KTEST_CASE(test_wake_other_thread),
	KTEST_CASE(test_wake_counts),
	KTEST_CASE(test_bitsets),
	KTEST_CASE(test_requeue),
	KTEST_CASE(test_spurious_wake),
	KTEST_CASE(test_timeout),
	KTEST_CASE(test_errors),
	{}
};
KTEST_SUITE_FULL(futex, futex_cases, futex_suite_init, NULL, 0);
