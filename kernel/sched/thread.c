// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel threads: creation with a fresh stack, exit, join, detach, and
 * the `ps`-like dump.
 *
 * Stacks come from kstack_alloc(): CONFIG_KSTACK_PAGES pages in the
 * kernel-stack range with an unmapped guard page below each one, so an
 * overflow faults at once (the double-fault handler, on its own IST
 * stack, reports "kernel stack overflow").
 */
#include <asm/switch_to.h>
#include <mosaic/errno.h>
#include <mosaic/frame.h>
#include <mosaic/irq.h>
#include <mosaic/kmalloc.h>
#include <mosaic/page.h>
#include <mosaic/panic.h>
#include <mosaic/printk.h>
#include <mosaic/sched.h>
#include <mosaic/slab.h>
#include <mosaic/string.h>
#include <mosaic/trace.h>
#include <mosaic/timer.h>
#include <mosaic/vmm.h>

#include "sched.h"

static int next_tid;
static LIST_HEAD(dead_threads);		/* detached, exited, to free */
/* struct thread objects; the boot thread is static */
static struct kmem_cache *thread_cache;

/* Called by sched_init, before the first thread_alloc. */
void thread_cache_init(void)
{
	thread_cache = kmem_cache_create("thread", sizeof(struct thread), 0,
					 NULL);
	if (!thread_cache)
		panic("sched: cannot create the thread cache");
}

void thread_entry(struct thread *prev);

/* The name's first 16 bytes in the create event: exited threads keep
 * their lane's name on the timeline. */
static void trace_thread_name(const struct thread *t)
{
	u64 name[2] = { 0, 0 };

	BUILD_BUG_ON(sizeof(name) < THREAD_NAME_LEN);
	memcpy(name, t->name, THREAD_NAME_LEN);
	trace_event(sched_thread_create, t->tid, name[0], name[1]);
}

static void thread_init_common(struct thread *t, const char *name)
{
	u64 now = timer_ticks();

	memset(t, 0, sizeof(*t));
	strscpy(t->name, name ? name : "?", sizeof(t->name));
	t->tid = next_tid++;
	INIT_LIST_HEAD(&t->wait_node);
	wait_queue_init(&t->join_wq);
	sched_policy->init_entity(this_rq(), &t->se);
	t->stats.created = now;
	t->stats.state_since = now;
	t->stats.first_run = ~0ULL;
	t->stats.finished = ~0ULL;
	list_add_tail(&t->all_node, &sched_all_threads);
	trace_thread_name(t);
}

/* The boot context becomes a thread; its stack is the boot stack. */
void thread_init_boot(struct thread *t, const char *name)
{
	thread_init_common(t, name);
	t->state = THREAD_RUNNING;
	t->stats.first_run = t->stats.created;
	t->stats.nr_scheduled = 1;
	arch_thread_init_boot(t);
}

/* Allocate a thread whose first switch enters fn(arg). Not yet runnable. */
struct thread *thread_alloc(thread_fn_t fn, void *arg, const char *name)
{
	unsigned long flags;
	struct thread *t;
	void *stack;
	u64 *sp;

	flags = rq_lock_irqsave(this_rq());
	thread_reap();
	rq_unlock_irqrestore(this_rq(), flags);
	/* the cache, kmalloc and the frame allocator lock themselves */
	t = kmem_cache_alloc(thread_cache);
	stack = t ? kstack_alloc(THREAD_STACK_PAGES) : NULL;
	if (!stack) {
		kmem_cache_free(thread_cache, t);
		return NULL;
	}
	/*
	 * The frame __switch_to pops: six callee-saved registers (rbp = 0
	 * ends backtraces), then the trampoline as return address; 16 bytes
	 * of zeros on top keep rsp 16-byte aligned in the trampoline.
	 */
	sp = (u64 *)((char *)stack + THREAD_STACK_SIZE) - 2;
	sp[0] = 0;
	sp[1] = 0;
	*--sp = (u64)thread_entry_trampoline;
	sp -= SWITCH_FRAME_REGS;
	memset(sp, 0, SWITCH_FRAME_REGS * sizeof(u64));
	flags = rq_lock_irqsave(this_rq());
	thread_init_common(t, name);
	t->fn = fn;
	t->arg = arg;
	t->stack = stack;
	t->rsp = (unsigned long)sp;
	t->state = THREAD_READY;
	rq_unlock_irqrestore(this_rq(), flags);
	if (arch_thread_init(t)) {
		flags = rq_lock_irqsave(this_rq());
		thread_free(t);
		rq_unlock_irqrestore(this_rq(), flags);
		return NULL;
	}
	return t;
}

void thread_free_unstarted(struct thread *t)
{
	unsigned long flags = rq_lock_irqsave(this_rq());

	thread_free(t);
	rq_unlock_irqrestore(this_rq(), flags);
}

void thread_start(struct thread *t)
{
	unsigned long flags = rq_lock_irqsave(this_rq());

	t->ready_tsc = rdtsc();
	sched_selected_enqueue(this_rq(), &t->se, SCHED_ENQ_NEW);
	rq_unlock_irqrestore(this_rq(), flags);
}

struct thread *thread_create(thread_fn_t fn, void *arg, const char *name)
{
	struct thread *t = thread_alloc(fn, arg, name);

	if (t)
		thread_start(t);
	return t;
}

/* rq lock held. The thread must not be running or queued. */
void thread_free(struct thread *t)
{
	list_del(&t->all_node);
	arch_thread_release(t);
	kstack_free(t->stack, THREAD_STACK_PAGES);
	kmem_cache_free(thread_cache, t);
}

bool thread_reap_pending(void)
{
	return !list_empty(&dead_threads);
}

void thread_reap_now(void)
{
	unsigned long flags = rq_lock_irqsave(this_rq());

	thread_reap();
	rq_unlock_irqrestore(this_rq(), flags);
}

/* Free detached threads that exited (rq lock held, thread context). */
void thread_reap(void)
{
	while (!list_empty(&dead_threads)) {
		struct thread *t = list_first_entry(&dead_threads,
						    struct thread, wait_node);

		list_del(&t->wait_node);
		thread_free(t);
	}
}

/*
 * First code a new thread runs (from the trampoline), interrupts off and
 * the rq lock held, handed over by the thread that switched to it.
 */
void thread_entry(struct thread *prev) __releases(&this_rq()->lock)
{
	struct thread *t = current();

	rq_unlock(this_rq());
	local_irq_enable();
	thread_exit(t->fn(t->arg));
}

void thread_exit(int status)
{
	struct thread *t = current();

	if (t == this_rq()->idle || !t->stack)
		panic("thread %s cannot exit", t->name);
	if (t->held_mutexes)
		panic("thread %d (%s) exits holding %d mutex(es)", t->tid,
		      t->name, t->held_mutexes);
	/* Detached or zombie, decided under wait_lock, as join decides. */
	wait_lock_irqsave();
	t->exit_status = status;
	trace_event(sched_thread_exit, t->tid, status, 0);
	t->stats.finished = timer_ticks();
	rq_lock(this_rq());
	if (t->detached) {
		t->state = THREAD_DEAD;
		list_add_tail(&t->wait_node, &dead_threads);
		rq_unlock(this_rq());
	} else {
		t->state = THREAD_ZOMBIE;
		rq_unlock(this_rq());
		wake_up_all_locked(&t->join_wq);
	}
	wait_unlock_irqs_off();
	/* Interrupts stay off: nothing runs until the switch frees us. */
	rq_lock(this_rq());
	__schedule(SW_EXIT);
	panic("thread %s: exited thread resumed", t->name);
}

int thread_join(struct thread *t, int *status)
{
	unsigned long flags;

	if (!t || t == current() || t == this_rq()->idle || !t->stack)
		return t == current() ? -EDEADLK : -EINVAL;
	flags = wait_lock_irqsave();
	if (t->detached || t->joined) {
		wait_unlock_irqrestore(flags);
		return -EINVAL;
	}
	t->joined = true;
	while (t->state != THREAD_ZOMBIE)
		wait_queue_block(&t->join_wq);
	if (status)
		*status = t->exit_status;
	rq_lock(this_rq());
	thread_free(t);
	rq_unlock(this_rq());
	wait_unlock_irqrestore(flags);
	return 0;
}

int thread_detach(struct thread *t)
{
	unsigned long flags;
	int ret = 0;

	if (!t || t == this_rq()->idle)
		return -EINVAL;
	flags = wait_lock_irqsave();
	if (!t->stack || t->detached || t->joined) {
		ret = -EINVAL;
	} else if (t->state == THREAD_ZOMBIE) {
		rq_lock(this_rq());
		thread_free(t);
		rq_unlock(this_rq());
	} else {
		t->detached = true;
	}
	wait_unlock_irqrestore(flags);
	return ret;
}

const char *thread_state_name(enum thread_state s)
{
	static const char *const names[] = {
		[THREAD_RUNNING] = "run",   [THREAD_READY] = "ready",
		[THREAD_BLOCKED] = "block", [THREAD_SLEEPING] = "sleep",
		[THREAD_ZOMBIE] = "zombie", [THREAD_DEAD] = "dead",
	};

	return (unsigned int)s < ARRAY_SIZE(names) ? names[s] : "?";
}

/* Copy one thread's view for ps, with the time in its current state added. */
static void snap_one(struct thread_snapshot *d, const struct thread *t, u64 now)
{
	u64 in_state = now - t->stats.state_since;

	d->tid = t->tid;
	memcpy(d->name, t->name, sizeof(d->name));
	d->state = t->state;
	d->level = sched_level(sched_policy, &t->se);
	d->exit_status = t->exit_status;
	d->stats = t->stats;
	if (t->state == THREAD_READY && t != this_rq()->idle)
		d->stats.wait_ticks += in_state;
	else if (t->state == THREAD_BLOCKED || t->state == THREAD_SLEEPING)
		d->stats.block_ticks += in_state;
}

unsigned int sched_snapshot(struct thread_snapshot *buf, unsigned int max)
{
	unsigned long flags = rq_lock_irqsave(this_rq());
	u64 now = timer_ticks();
	unsigned int n = 0;
	struct thread *t;

	list_for_each_entry(t, &sched_all_threads, all_node) {
		if (n < max)
			snap_one(&buf[n], t, now);
		n++;
	}
	rq_unlock_irqrestore(this_rq(), flags);
	return n;
}

static long long tick_or_none(u64 v)
{
	return v == ~0ULL ? -1 : (long long)v;
}

static void dump_one(const struct thread_snapshot *t)
{
	const struct thread_stats *s = &t->stats;

	printk("%4d %-15s %-6s %3u %8llu %8llu %8llu %7llu %7llu %7llu %8llu %8lld %8lld %4d\n",
	       t->tid, t->name, thread_state_name(t->state), t->level,
	       (unsigned long long)s->run_ticks,
	       (unsigned long long)s->wait_ticks,
	       (unsigned long long)s->block_ticks,
	       (unsigned long long)s->nr_scheduled,
	       (unsigned long long)s->nr_voluntary,
	       (unsigned long long)s->nr_forced,
	       (unsigned long long)s->created, tick_or_none(s->first_run),
	       tick_or_none(s->finished),
	       t->state == THREAD_ZOMBIE ? t->exit_status : 0);
}

/*
 * Print from a snapshot, with interrupts on: printing a long table to a
 * serial port with interrupts off would lose timer ticks.
 */
void sched_dump(void)
{
	struct thread_snapshot *buf = NULL;
	unsigned int n, max = 0, i;
	struct sched_stats st;

	/* Threads may come and go between counting and copying: retry. */
	for (;;) {
		n = sched_snapshot(buf, max);
		if (n <= max)
			break;
		kfree(buf);
		max = n + 8;
		buf = kmalloc(max * sizeof(*buf));
		if (!buf) {
			printk("sched: no memory for a thread table\n");
			return;
		}
	}
	sched_get_stats(&st);
	printk("sched: policy %s, %u threads, %llu switches, %llu of %llu ticks idle, %llu halts (times in ticks, HZ=%d)\n",
	       sched_policy->name, st.nr_threads,
	       (unsigned long long)st.switches,
	       (unsigned long long)st.idle_ticks,
	       (unsigned long long)st.ticks, (unsigned long long)st.idle_halts,
	       CONFIG_HZ);
	printk(" TID NAME            STATE  LVL      RUN     WAIT    BLOCK   SCHED     VOL  FORCED  CREATED    FIRST   FINISH EXIT\n");
	for (i = 0; i < n; i++)
		dump_one(&buf[i]);
	kfree(buf);
}
