// SPDX-License-Identifier: GPL-2.0
/*
 * ktest suite `signal`: the kernel side of signals, below what a user
 * program can see: kernel timers, interruptible sleeps that a signal
 * ends (a waiter, a pipe read, a semaphore), a blocked signal that does
 * not wake, the tty's signal to a process group, and the queue-entry
 * pool's limits. The sleepers are kernel threads made processes
 * (process_attach_kernel_thread()), so they have signal state but never
 * return to user mode: what a signal did stays visible in their state.
 * Everything they take comes back (a memory baseline per case).
 */
#include <mosaic/errno.h>
#include <mosaic/ktest.h>
#include <mosaic/ktest_mem.h>
#include <mosaic/mutex.h>
#include <mosaic/pipe.h>
#include <mosaic/process.h>
#include <mosaic/sched.h>
#include <mosaic/semaphore.h>
#include <mosaic/signal.h>
#include <mosaic/string.h>
#include <mosaic/timer.h>
#include <mosaic/tty.h>
#include <mosaic/user.h>
#include <mosaic/vfs.h>

/* The longest a wake-up may take before it counts as lost. */
#define KT_WAKE_MS 3000
/* A fake handler address: the sleeper never goes back to user mode. */
#define FAKE_HANDLER 0x1000UL

/* ------------------------------------------------------- kernel timers */

static int timer_runs;

static void count_run(struct timer_list *t)
{
	timer_runs++;
}

static void test_timer_runs_once_when_due(struct ktest *t)
{
	struct timer_list tl;

	timer_setup(&tl, count_run);
	timer_runs = 0;
	mod_timer(&tl, timer_ticks() + 2);
	KT_EXPECT(t, timer_pending(&tl));
	sleep_ticks(5);
	KT_EXPECT_EQ(t, timer_runs, 1);
	KT_EXPECT(t, !timer_pending(&tl));
	KT_EXPECT(t, !del_timer(&tl));
	/* Disarmed before it is due: it never runs. */
	mod_timer(&tl, timer_ticks() + 3);
	KT_EXPECT(t, del_timer(&tl));
	sleep_ticks(6);
	KT_EXPECT_EQ(t, timer_runs, 1);
}

/* ------------------------------------------------ sleepers as processes */

enum sleep_kind { SLEEP_WAITER, SLEEP_PIPE, SLEEP_SEMAPHORE };

struct sleeper {
	enum sleep_kind kind;
	sigset_t block;			/* blocked before it sleeps */
	struct semaphore ready;		/* up: it is about to sleep */
	struct semaphore sem;		/* SLEEP_SEMAPHORE's */
	struct file *pipe[2];
	struct process *proc;
	int result;			/* what the sleep returned */
	bool pending_after;		/* signal_pending() after it */
};

/* Its own process, a handler for SIGUSR1, then one interruptible sleep. */
static int sleeper_fn(void *arg)
{
	struct sleeper *s = arg;
	struct waiter w;
	char c;

	if (process_attach_kernel_thread())
		return -ENOMEM;
	s->proc = current_process();
	s->proc->sighand->action[SIGUSR1 - 1].sa_handler = FAKE_HANDLER;
	set_current_blocked(s->block);
	up(&s->ready);
	switch (s->kind) {
	case SLEEP_WAITER:
		waiter_init(&w);
		s->result = waiter_sleep_interruptible(
			&w, ktime_get_ns() + KT_WAKE_MS * 1000000ULL);
		break;
	case SLEEP_PIPE:
		s->result = (int)vfs_read(s->pipe[0], &c, 1);
		break;
	case SLEEP_SEMAPHORE:
		s->result = down_interruptible(&s->sem);
		break;
	}
	s->pending_after = signal_pending(current());
	process_exit(W_EXITCODE(0));
}

static struct thread *start_sleeper(struct sleeper *s, enum sleep_kind kind,
				    sigset_t block)
{
	struct thread *th;

	memset(s, 0, sizeof(*s));
	s->kind = kind;
	s->block = block;
	sema_init(&s->ready, 0);
	sema_init(&s->sem, 0);
	if (kind == SLEEP_PIPE && vfs_pipe(s->pipe, 0))
		return NULL;
	th = thread_create(sleeper_fn, s, "ktsleeper");
	if (th) {
		down(&s->ready);
		sleep_ms(30);	/* into the sleep */
	}
	return th;
}

static void send_to(struct sleeper *s, int sig)
{
	unsigned long flags = spin_lock_irqsave(&process_lock);

	send_signal_process(s->proc, sig, SI_KERNEL, 0, 0);
	spin_unlock_irqrestore(&process_lock, flags);
}

static void finish_sleeper(struct ktest *t, struct sleeper *s,
			   struct thread *th)
{
	int status = -1;

	KT_EXPECT_EQ(t, thread_join(th, &status), 0);
	KT_EXPECT_EQ(t, status, W_EXITCODE(0));
	if (s->pipe[0]) {
		fput(s->pipe[0]);
		fput(s->pipe[1]);
	}
}

/*
 * A handled signal ends a sleep of @kind early: the sleep's return is
 * @want, the signal still pending (for the way back to user mode), and
 * everything the sleeper took came back.
 */
static void expect_signal_ends(struct ktest *t, enum sleep_kind kind,
			       int want)
{
	struct ktest_mem_snapshot base;
	u64 start = uptime_ms();
	struct sleeper s;
	struct thread *th;

	ktest_mem_snapshot(&base);
	th = start_sleeper(&s, kind, 0);
	KT_ASSERT(t, th);
	send_to(&s, SIGUSR1);
	finish_sleeper(t, &s, th);
	KT_EXPECT_EQ(t, s.result, want);
	KT_EXPECT(t, s.pending_after);
	KT_EXPECT(t, uptime_ms() - start < KT_WAKE_MS);
	ktest_expect_mem_baseline(t, &base);
}

static void test_signal_ends_waiter_sleep(struct ktest *t)
{
	expect_signal_ends(t, SLEEP_WAITER, -EINTR);
}

/* Nothing was read: the restart code, never seen by user space. */
static void test_signal_ends_pipe_read(struct ktest *t)
{
	expect_signal_ends(t, SLEEP_PIPE, -ERESTARTSYS);
}

/* down_interruptible() says -EINTR, as Linux's, and takes nothing. */
static void test_signal_ends_semaphore_wait(struct ktest *t)
{
	expect_signal_ends(t, SLEEP_SEMAPHORE, -EINTR);
}

/* Is @sig pending for process p? */
static bool process_pending(struct process *p, int sig)
{
	unsigned long flags = spin_lock_irqsave(&signal_lock);
	bool pending = p->shared_pending.signal & sigmask(sig);

	spin_unlock_irqrestore(&signal_lock, flags);
	return pending;
}

/* A blocked signal waits in the set and leaves the sleeper asleep. */
static void test_blocked_signal_does_not_wake(struct ktest *t)
{
	struct sleeper s;
	struct thread *th = start_sleeper(&s, SLEEP_SEMAPHORE,
					  sigmask(SIGUSR1));

	KT_ASSERT(t, th);
	send_to(&s, SIGUSR1);
	sleep_ms(30);
	KT_EXPECT(t, process_pending(s.proc, SIGUSR1));
	KT_EXPECT(t, th->state == THREAD_BLOCKED);
	up(&s.sem);
	finish_sleeper(t, &s, th);
	KT_EXPECT_EQ(t, s.result, 0);
	KT_EXPECT(t, !s.pending_after);
}

/* Ctrl-C's path: the tty's hook signals every process of the group. */
static void test_tty_signal_reaches_pgrp(struct ktest *t)
{
	struct sleeper s;
	struct thread *th = start_sleeper(&s, SLEEP_SEMAPHORE,
					  sigmask(SIGINT));

	KT_ASSERT(t, th);
	tty_signal(tty_console(), SIGINT, s.proc->pgid);
	KT_EXPECT(t, process_pending(s.proc, SIGINT));
	up(&s.sem);
	finish_sleeper(t, &s, th);
}

/*
 * Real-time signals queue one entry each; rt_sigqueueinfo's kind
 * (SI_QUEUE) stops at the pool's user share with EAGAIN, and the
 * entries come back when the process ends.
 */
static int queue_until_full(struct process *p, int sig)
{
	kernel_siginfo_t info;
	unsigned long flags;
	int n = 0;

	memset(&info, 0, sizeof(info));
	info.si_signo = sig;
	info.si_code = SI_QUEUE;
	flags = spin_lock_irqsave(&process_lock);
	while (n < 1000 && send_sig_info(sig, &info, p, NULL) == 0)
		n++;
	spin_unlock_irqrestore(&process_lock, flags);
	return n;
}

static void test_rt_queue_limit(struct ktest *t)
{
	struct sleeper s;
	struct thread *th;
	int first, again;

	th = start_sleeper(&s, SLEEP_SEMAPHORE, sigmask(SIGRTMIN));
	KT_ASSERT(t, th);
	first = queue_until_full(s.proc, SIGRTMIN);
	up(&s.sem);
	finish_sleeper(t, &s, th);
	th = start_sleeper(&s, SLEEP_SEMAPHORE, sigmask(SIGRTMIN));
	KT_ASSERT(t, th);
	again = queue_until_full(s.proc, SIGRTMIN);
	up(&s.sem);
	finish_sleeper(t, &s, th);
	KT_EXPECT(t, first > 64 && first < 1000);
	KT_EXPECT_EQ(t, again, first);
}

/*
 * One sleeper before the baselines: the first process's console file
 * makes what later ones share (it stays, and is not theirs to return).
 */
static int signal_suite_init(struct ktest *t)
{
	struct sleeper s;
	struct thread *th;

	if (!sched_running())
		return -1;
	th = start_sleeper(&s, SLEEP_SEMAPHORE, 0);
	if (!th)
		return -1;
	up(&s.sem);
	return thread_join(th, NULL);
}

static struct ktest_case signal_cases[] = {
	KTEST_CASE(test_timer_runs_once_when_due),
	KTEST_CASE(test_signal_ends_waiter_sleep),
	KTEST_CASE(test_signal_ends_pipe_read),
	KTEST_CASE(test_signal_ends_semaphore_wait),
	KTEST_CASE(test_blocked_signal_does_not_wake),
	KTEST_CASE(test_tty_signal_reaches_pgrp),
	KTEST_CASE(test_rt_queue_limit),
	{}
};
KTEST_SUITE_FULL(signal, signal_cases, signal_suite_init, NULL, 0);
