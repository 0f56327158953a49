// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel threads: creation with a fresh stack, exit, join, detach, and
 * the `ps`-like dump.
 *
 * Stacks are THREAD_STACK_SIZE from the frame allocator, seen through the
 * direct map, with a magic word at the lowest address checked at every
 * switch. TODO: use the lead's kstack_alloc() (KSTACK_VIRT_BASE, unmapped
 * guard page below each stack) once <mosaic/vmm.h> provides it, so an
 * overflow faults immediately instead of being caught at the next switch.
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
#include <mosaic/string.h>
#include <mosaic/timer.h>

#include "sched.h"

static int next_tid;
static LIST_HEAD(dead_threads);		/* detached, exited, to free */

void thread_entry(struct thread *prev);

static void *stack_alloc(void)
{
	phys_addr_t pa;
	u64 *stack;

	if (frame_alloc(THREAD_STACK_ORDER, &pa))
		return NULL;
	stack = phys_to_virt(pa);
	stack[0] = THREAD_STACK_MAGIC;
	return stack;
}

static void stack_free(void *stack)
{
	frame_free(virt_to_phys(stack), THREAD_STACK_ORDER);
}

static void thread_init_common(struct thread *t, const char *name)
{
	u64 now = timer_ticks();

	memset(t, 0, sizeof(*t));
	strscpy(t->name, name ? name : "?", sizeof(t->name));
	t->tid = next_tid++;
	INIT_LIST_HEAD(&t->wait_node);
	wait_queue_init(&t->join_wq);
	sched_policy_init_entity(&t->se);
	t->stats.created = now;
	t->stats.state_since = now;
	t->stats.first_run = ~0ULL;
	t->stats.finished = ~0ULL;
	list_add_tail(&t->all_node, &sched_all_threads);
}

/* The boot context becomes a thread; its stack is the boot stack. */
void thread_init_boot(struct thread *t, const char *name)
{
	thread_init_common(t, name);
	t->state = THREAD_RUNNING;
	t->stats.first_run = t->stats.created;
	t->stats.nr_scheduled = 1;
}

/* Allocate a thread whose first switch enters fn(arg). Not yet runnable. */
struct thread *thread_alloc(thread_fn_t fn, void *arg, const char *name)
{
	unsigned long flags;
	struct thread *t;
	void *stack;
	u64 *sp;

	/* Until the heap locks itself, keep the allocators single-threaded. */
	flags = local_irq_save();
	thread_reap();
	t = kmalloc(sizeof(*t));
	stack = t ? stack_alloc() : NULL;
	if (!stack) {
		kfree(t);
		local_irq_restore(flags);
		return NULL;
	}
	thread_init_common(t, name);
	t->fn = fn;
	t->arg = arg;
	t->stack = stack;
	t->state = THREAD_READY;
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
	t->rsp = (unsigned long)sp;
	local_irq_restore(flags);
	return t;
}

struct thread *thread_create(thread_fn_t fn, void *arg, const char *name)
{
	struct thread *t = thread_alloc(fn, arg, name);
	unsigned long flags;

	if (!t)
		return NULL;
	flags = local_irq_save();
	sched_policy_enqueue(&t->se, SCHED_ENQ_NEW);
	local_irq_restore(flags);
	return t;
}

/* Interrupts off. The thread must not be running or queued. */
void thread_free(struct thread *t)
{
	list_del(&t->all_node);
	stack_free(t->stack);
	kfree(t);
}

/* Free detached threads that exited (interrupts off, thread context). */
void thread_reap(void)
{
	while (!list_empty(&dead_threads)) {
		struct thread *t = list_first_entry(&dead_threads,
						    struct thread, wait_node);

		list_del(&t->wait_node);
		thread_free(t);
	}
}

/* First code a new thread runs (from the trampoline), interrupts off. */
void thread_entry(struct thread *prev)
{
	struct thread *t = current();

	local_irq_enable();
	thread_exit(t->fn(t->arg));
}

void thread_exit(int status)
{
	struct thread *t = current();

	local_irq_disable();
	if (t == sched_idle_thread || !t->stack)
		panic("thread %s cannot exit", t->name);
	if (t->held_mutexes)
		panic("thread %d (%s) exits holding %d mutex(es)", t->tid,
		      t->name, t->held_mutexes);
	t->exit_status = status;
	t->stats.finished = timer_ticks();
	if (t->detached) {
		t->state = THREAD_DEAD;
		list_add_tail(&t->wait_node, &dead_threads);
	} else {
		t->state = THREAD_ZOMBIE;
		wake_up_all(&t->join_wq);
	}
	__schedule(SW_EXIT);
	panic("thread %s: exited thread resumed", t->name);
}

int thread_join(struct thread *t, int *status)
{
	unsigned long flags;

	if (!t || t == current() || t == sched_idle_thread || !t->stack)
		return t == current() ? -EDEADLK : -EINVAL;
	flags = local_irq_save();
	if (t->detached || t->joined) {
		local_irq_restore(flags);
		return -EINVAL;
	}
	t->joined = true;
	while (t->state != THREAD_ZOMBIE)
		wait_queue_block(&t->join_wq);
	if (status)
		*status = t->exit_status;
	thread_free(t);
	local_irq_restore(flags);
	return 0;
}

int thread_detach(struct thread *t)
{
	unsigned long flags = local_irq_save();
	int ret = 0;

	if (!t->stack || t->detached || t->joined) {
		ret = -EINVAL;
	} else if (t->state == THREAD_ZOMBIE) {
		thread_free(t);
	} else {
		t->detached = true;
	}
	local_irq_restore(flags);
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

void sched_for_each_thread(void (*fn)(struct thread *t, void *arg),
			   void *arg)
{
	unsigned long flags = local_irq_save();
	struct thread *t;

	list_for_each_entry(t, &sched_all_threads, all_node)
		fn(t, arg);
	local_irq_restore(flags);
}

static long long tick_or_none(u64 v)
{
	return v == ~0ULL ? -1 : (long long)v;
}

static void dump_one(struct thread *t, void *arg)
{
	const struct thread_stats *s = &t->stats;

	printk("%4d %-15s %-6s %3u %8llu %8llu %8llu %7llu %7llu %7llu %8llu %8lld %8lld %d\n",
	       t->tid, t->name, thread_state_name(t->state), t->se.level,
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

void sched_dump(void)
{
	struct sched_stats st;

	sched_get_stats(&st);
	printk("sched: policy %s, %u threads, %llu switches, %llu of %llu ticks idle (times in ticks, HZ=%d)\n",
	       sched_policy_name, st.nr_threads,
	       (unsigned long long)st.switches,
	       (unsigned long long)st.idle_ticks,
	       (unsigned long long)st.ticks, CONFIG_HZ);
	printk(" TID NAME            STATE  LVL      RUN     WAIT    BLOCK   SCHED     VOL    PREE  CREATED    FIRST   FINISH EXIT\n");
	sched_for_each_thread(dump_one, NULL);
}
