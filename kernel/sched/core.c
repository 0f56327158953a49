// SPDX-License-Identifier: GPL-2.0
/*
 * The scheduler core, common to every policy: switching, preemption,
 * the tick, sleeping, nice levels and accounting. The policy (one of
 * rr.c, mlfq.c, eevdf.c: the Kconfig choice) only decides who runs next,
 * through <mosaic/sched_policy.h>.
 *
 * this_rq()->lock protects the run queue and all of the state below
 * (Documentation/sched.md, Locking); it is held across __schedule() and
 * the switch. Preemption happens on the way out of an interrupt
 * (irq_exit_preempt) or when preempt_enable() drops the count to zero.
 */
#include <asm/ptrace.h>
#include <asm/switch_to.h>
#include <mosaic/errno.h>
#include <mosaic/irq.h>
#include <mosaic/panic.h>
#include <mosaic/printk.h>
#include <mosaic/sched.h>
#include <mosaic/sched_policy.h>
#include <mosaic/string.h>
#include <mosaic/time.h>
#include <mosaic/timer.h>
#include <mosaic/trace.h>

#include "sched.h"

LIST_HEAD(sched_all_threads);
struct rq sched_rq = { .lock = SPINLOCK_INIT(rq) };

/* sched_rq_priv() relies on it. */
BUILD_BUG_ON(offsetof(struct rq, policy) != 0);

static struct thread init_thread;
static bool sched_active;
static bool in_tick_irq;		/* between sched_tick and irq exit */
static u64 tsc_per_tick, last_tick_tsc;

int sched_entity_tid(const struct sched_entity *se)
{
	return container_of(se, struct thread, se)->tid;
}

bool sched_running(void)
{
	return sched_active;
}

#ifdef CONFIG_DEBUG_SPINLOCK
void preempt_count_underflow(void)
{
	panic("preempt_enable() without preempt_disable() (count %d)",
	      this_cpu_read(preempt_count));
}
#endif

/*
 * Act on a reschedule that was requested while preemption or interrupts
 * were off (a tick that wanted to preempt, a wakeup of a better thread).
 * With interrupts still off the next interrupt exit will do it.
 */
void __preempt_check_resched(void)
{
	if (this_cpu_read(need_resched) && !preempt_count() && sched_active &&
	    !irqs_disabled()) {
		unsigned long flags = rq_lock_irqsave(this_rq());

		if (this_cpu_read(need_resched))
			__schedule(SW_PREEMPT);
		/* Not rq_unlock_irqrestore(): it would check again. */
		rq_unlock(this_rq());
		local_irq_restore(flags);
	}
}

/* Sub-tick CPU time from tsc to now_tsc, with the calibrated TSC. */
static u64 units_since(u64 tsc, u64 now_tsc)
{
	u64 d, u;

	if (!tsc_per_tick)
		return 0;
	d = now_tsc - tsc;
	u = d * SCHED_TICK_UNITS / tsc_per_tick;
	return MIN(u, (u64)SCHED_TICK_UNITS);
}

static void charge(struct thread *t, u64 units)
{
	if (!units)
		return;
	t->stats.run_units += units;
	sched_selected_charge(this_rq(), &t->se, units);
}

/* Which mode the tick found the thread in: user code, or the kernel. */
static void charge_mode_sample(struct thread *t)
{
	struct pt_regs *regs = get_irq_regs();

	if (regs && user_mode(regs))
		t->stats.user_ticks++;
	else
		t->stats.system_ticks++;
}

u64 sched_tsc_per_tick(void)
{
	return READ_ONCE(tsc_per_tick);
}

/* t's CPU time so far; the rq lock is held. */
static u64 cpu_units_locked(struct rq *rq, struct thread *t)
{
	u64 u = t->stats.run_units;

	if (sched_active && t == current() && t != rq->idle)
		u += units_since(MAX(t->dispatch_tsc, last_tick_tsc), rdtsc());
	return u;
}

u64 thread_cpu_units(void)
{
	struct rq *rq = this_rq();
	unsigned long flags = rq_lock_irqsave(rq);
	u64 u = cpu_units_locked(rq, current());

	rq_unlock_irqrestore(rq, flags);
	return u;
}

/* A blocked or sleeping t becomes ready at tick now, TSC tsc. */
static __always_inline void mark_woken(struct thread *t, u64 now, u64 tsc)
{
	BUG_ON(t->state != THREAD_BLOCKED && t->state != THREAD_SLEEPING);
	t->stats.block_ticks += now - t->stats.state_since;
	t->stats.state_since = now;
	t->stats.last_wake = now;
	t->ready_tsc = tsc;
	t->state = THREAD_READY;
	trace_event(sched_wakeup, t->tid, 0, 0);
}

static u64 units_to_ns(u64 units)
{
	return (u64)((unsigned __int128)units * (NSEC_PER_SEC / CONFIG_HZ) /
		     SCHED_TICK_UNITS);
}

/* rtime * part / total without 128-bit division: the samples lose bits. */
static u64 scale_ns(u64 rtime, u64 part, u64 total)
{
	while (part && rtime > ~0ULL / part) {
		part >>= 1;
		total >>= 1;
	}
	return total ? rtime * part / total : 0;
}

/* Divide sum_ns as the samples fell, never below what was reported. */
static void cputime_split(struct thread *t, struct thread_cputime *ct)
{
	struct prev_cputime *prev = &t->prev_cputime;
	u64 user = t->stats.user_ticks, sys = t->stats.system_ticks;
	u64 rtime = ct->sum_ns, stime;

	if (rtime < prev->utime_ns + prev->stime_ns) {
		ct->utime_ns = prev->utime_ns;
		ct->stime_ns = prev->stime_ns;
		return;
	}
	if (!sys)
		stime = 0;
	else if (!user)
		stime = rtime;
	else
		stime = scale_ns(rtime, sys, user + sys);
	stime = MAX(stime, prev->stime_ns);
	if (rtime - stime < prev->utime_ns)
		stime = rtime - prev->utime_ns;
	prev->stime_ns = ct->stime_ns = stime;
	prev->utime_ns = ct->utime_ns = rtime - stime;
}

void thread_cputime(struct thread *t, struct thread_cputime *ct)
{
	struct rq *rq = this_rq();
	unsigned long flags = rq_lock_irqsave(rq);

	ct->sum_ns = units_to_ns(cpu_units_locked(rq, t));
	cputime_split(t, ct);
	rq_unlock_irqrestore(rq, flags);
}

/* Make t runnable. The rq lock is held. */
void sched_wake(struct thread *t)
{
	struct rq *rq = this_rq();
	struct thread *curr = current();

	mark_woken(t, timer_ticks(), rdtsc());
	sched_selected_enqueue(rq, &t->se, SCHED_ENQ_WAKEUP);
	/*
	 * The only enqueue while idle runs (threads are created and yield
	 * in thread context): the tick need not check for queued work.
	 */
	if (curr == rq->idle)
		this_cpu_write(need_resched, 1);
	else if (sched_policy->wakeup_preempt &&
		 sched_policy->wakeup_preempt(rq, &curr->se, &t->se))
		this_cpu_write(need_resched, 1);
}

/*
 * The second half of every switch, prev != next: statistics, then the
 * registers. Returns on prev's stack when prev runs again, the rq lock
 * handed back to it, interrupts still off.
 */
static __always_inline void switch_threads(struct rq *rq, struct thread *prev,
					   struct thread *next,
					   enum switch_reason why, u64 now)
{
	if (prev != rq->idle) {
		if (why == SW_PREEMPT)
			prev->stats.nr_forced++;
		else
			prev->stats.nr_voluntary++;
	}
	if (next != rq->idle)
		next->stats.wait_ticks += now - next->stats.state_since;
	next->stats.nr_scheduled++;
	if (next->stats.first_run == ~0ULL)
		next->stats.first_run = now;
	next->stats.state_since = now;
	next->state = THREAD_RUNNING;
	rq->nr_switches++;
	trace_event(sched_switch, prev->tid, next->tid, prev->state);
	arch_switch_to(next);
	spin_lock_pass(&rq->lock, next);
	__switch_to(&prev->rsp, next->rsp, prev);
	/* Back on prev's stack, interrupts still off. */
}

/*
 * Switch away from the current thread for the given reason, with the rq
 * lock held (it is then the only reason preemption is off); returns when
 * the caller is scheduled again (never for SW_EXIT), the lock held again,
 * handed over by the thread that switched back.
 */
void __schedule(enum switch_reason why)
{
	struct thread *prev = current(), *next;
	struct rq *rq = this_rq();
	struct sched_entity *se;
	u64 now = timer_ticks();
	bool at_tick = in_tick_irq;
	/* Right after a tick the tick already charged everything. */
	u64 tsc = at_tick ? last_tick_tsc : rdtsc();

	in_tick_irq = false;
	if (why != SW_PREEMPT && why != SW_IDLE && preempt_count() != 1)
		panic("thread %s: scheduling while atomic (preempt count %d)",
		      prev->name, preempt_count() - 1);
	if (prev != rq->idle) {
		if (!at_tick)
			charge(prev, units_since(MAX(prev->dispatch_tsc,
						     last_tick_tsc), tsc));
		if (why == SW_PREEMPT || why == SW_YIELD) {
			prev->state = THREAD_READY;
			prev->stats.state_since = now;
			sched_selected_enqueue(rq, &prev->se, why == SW_YIELD ?
					      SCHED_ENQ_YIELD :
					      SCHED_ENQ_PREEMPT);
		} else {
			/* Blocked or exited: no longer runnable. */
			sched_policy->block(rq, &prev->se);
			prev->stats.state_since = now;
		}
	} else {
		/* Idle is never queued; "ready" while someone else runs. */
		prev->state = THREAD_READY;
	}
	this_cpu_write(need_resched, 0);
	se = sched_selected_pick_next(rq);
	next = se ? container_of(se, struct thread, se) : rq->idle;
	next->dispatch_tsc = tsc;
	if (next == prev) {
		prev->state = THREAD_RUNNING;
		return;
	}
	switch_threads(rq, prev, next, why, now);
}

/* Threads running or ready, idle not counted. rq->lock held. */
static unsigned int nr_running_locked(struct rq *rq)
{
	struct thread *t;
	unsigned int n = 0;

	list_for_each_entry(t, &sched_all_threads, all_node) {
		if (t != rq->idle &&
		    (t->state == THREAD_RUNNING || t->state == THREAD_READY))
			n++;
	}
	return n;
}

/*
 * Linux's load average: every 5 seconds each of the three decays toward
 * the number of runnable threads by exp(-5s/1min), exp(-5s/5min) and
 * exp(-5s/15min), in fixed point (its EXP_1, EXP_5, EXP_15).
 */
static void calc_load_locked(struct rq *rq, u64 now)
{
	static const unsigned long exp[3] = { 1884, 2014, 2037 };
	unsigned long active;
	bool first = !rq->next_load_tick;

	if (now < rq->next_load_tick)
		return;
	rq->next_load_tick = now + 5 * CONFIG_HZ + 1;
	if (first)
		return;		/* the first sample after 5 s, as Linux */
	active = nr_running_locked(rq) * SCHED_LOAD_ONE;
	for (int i = 0; i < 3; i++) {
		unsigned long a = rq->avenrun[i] * exp[i] +
				  active * (SCHED_LOAD_ONE - exp[i]);

		/* Round up while rising, as Linux, so 1.00 is reached. */
		if (active >= rq->avenrun[i])
			a += SCHED_LOAD_ONE - 1;
		rq->avenrun[i] = a >> SCHED_LOAD_SHIFT;
	}
}

/* Timer interrupt, interrupts off: account, wake sleepers, ask policy. */
void sched_tick(void)
{
	struct thread *curr = current();
	struct rq *rq = this_rq();
	u64 tsc = rdtsc(), now = timer_ticks();

	if (!sched_active)
		return;
	rq_lock(rq);
	rq->ticks++;
	in_tick_irq = true;
	if (curr == rq->idle) {
		rq->idle_ticks++;
		curr->stats.run_ticks++;
	} else {
		/* A whole interval is exactly one tick: slices stay exact. */
		u64 u = curr->dispatch_tsc <= last_tick_tsc ? SCHED_TICK_UNITS :
			units_since(curr->dispatch_tsc, tsc);

		curr->stats.run_ticks++;
		charge_mode_sample(curr);
		charge(curr, u);
		if (curr->mm)
			rq->user_ticks++;
	}
	if (last_tick_tsc) {
		u64 d = tsc - last_tick_tsc;

		tsc_per_tick = tsc_per_tick ? (3 * tsc_per_tick + d) / 4 : d;
	}
	last_tick_tsc = tsc;
	while (!list_empty(&rq->sleepers)) {
		struct thread *t = list_first_entry(&rq->sleepers,
						    struct thread, wait_node);

		if (t->wake_tick > now)
			break;
		list_del_init(&t->wait_node);
		sched_wake(t);
	}
	calc_load_locked(rq, now);
	if (sched_selected_tick(rq, curr == rq->idle ? NULL : &curr->se))
		this_cpu_write(need_resched, 1);
	rq_unlock(rq);
}

/* Every interrupt handler ends here, still with interrupts off. */
void irq_exit_preempt(void)
{
	if (this_cpu_read(need_resched) && sched_active && !preempt_count()) {
		rq_lock(this_rq());
		__schedule(SW_PREEMPT);
		rq_unlock(this_rq());
	}
	in_tick_irq = false;
}

/*
 * After a switch back no reschedule can be pending (__schedule cleared
 * it, and the lock has been held since), so yield and sleep unlock
 * without the resched check: one call less per switch.
 */
void yield(void)
{
	unsigned long flags = rq_lock_irqsave(this_rq());

	__schedule(SW_YIELD);
	rq_unlock(this_rq());
	local_irq_restore(flags);
}

/* Queue the current thread to sleep until @wake_tick (rq lock held). */
static void sleeper_enqueue(struct thread *t, u64 wake_tick)
{
	struct thread *pos;

	t->wake_tick = wake_tick;
	/* Keep the list sorted; equal deadlines wake in FIFO order. */
	list_for_each_entry(pos, &this_rq()->sleepers, wait_node)
		if (pos->wake_tick > t->wake_tick)
			break;
	list_add_tail(&t->wait_node, &pos->wait_node);
	t->state = THREAD_SLEEPING;
}

void sleep_ticks(u64 n)
{
	unsigned long flags;

	if (!n) {
		yield();
		return;
	}
	BUG_ON(!sched_active);
	flags = rq_lock_irqsave(this_rq());
	sleeper_enqueue(current(), timer_ticks() + n);
	__schedule(SW_BLOCK);
	rq_unlock(this_rq());
	local_irq_restore(flags);
}

void sched_block_until(u64 deadline)
{
	struct rq *rq = this_rq();
	struct thread *t = current();

	BUG_ON(t == rq->idle);
	rq_lock(rq);
	if (deadline)
		sleeper_enqueue(t, deadline);
	else
		t->state = THREAD_BLOCKED;
	wait_unlock_irqs_off();
	__schedule(SW_BLOCK);
	rq_unlock(rq);
	spin_lock(&wait_lock);
}

bool sched_wake_blocked(struct thread *t)
{
	struct rq *rq = this_rq();
	bool woke = false;

	rq_lock(rq);
	if (t->state == THREAD_SLEEPING)
		list_del_init(&t->wait_node);	/* off the sleepers */
	if (t->state == THREAD_SLEEPING || t->state == THREAD_BLOCKED) {
		sched_wake(t);
		woke = true;
	}
	rq_unlock(rq);
	return woke;
}

/*
 * Blocking under a subsystem's own lock (<mosaic/sched.h>). The rq lock
 * is taken before @lock is dropped, as wait_queue_block() does with
 * wait_lock: a waker needs both, so none can come before the switch.
 */
/*
 * The sleep is interruptible: a signal's wake_up_interruptible_thread()
 * ends it too (the flag under wait_lock, as that wake-up reads it; order
 * caller's lock -> wait_lock -> rq lock). The caller tells the wakes
 * apart by its own state and signal_pending().
 */
static void sleep_interruptible(struct thread *t, bool on)
{
	spin_lock(&wait_lock);
	t->sig.interruptible = on;
	wait_unlock_irqs_off();
}

void sched_block_unlock(spinlock_t *lock)
{
	struct rq *rq = this_rq();
	struct thread *t = current();

	BUG_ON(t == rq->idle);
	sleep_interruptible(t, true);
	rq_lock(rq);
	t->state = THREAD_BLOCKED;
	__spin_release(lock, true, _THIS_IP_);
	preempt_enable_no_resched();
	__schedule(SW_BLOCK);
	rq_unlock(rq);
	sleep_interruptible(t, false);
}

bool sched_wake_thread(struct thread *t)
{
	struct rq *rq = this_rq();
	bool woke = t->state == THREAD_BLOCKED;

	rq_lock(rq);
	if (woke)
		sched_wake(t);
	rq_unlock(rq);
	return woke;
}

/*
 * prev blocks and next, blocked too, is woken in its place. The policy's
 * handoff() sees both first: if it would run next now anyway, next runs
 * without a trip through the run queue (a direct switch); else the
 * three calls it stands for are made. Charged like any switch: prev up
 * to now, next from now.
 */
void sched_handoff_unlock(struct thread *next, spinlock_t *lock)
{
	struct rq *rq = this_rq();
	struct thread *prev = current();
	struct sched_entity *se;
	u64 now = timer_ticks();
	u64 tsc;

	BUG_ON(prev == rq->idle || next == prev);
	sleep_interruptible(prev, true);
	rq_lock(rq);
	__spin_release(lock, true, _THIS_IP_);
	preempt_enable_no_resched();
	if (preempt_count() != 1)
		panic("thread %s: scheduling while atomic (preempt count %d)",
		      prev->name, preempt_count() - 1);
	in_tick_irq = false;
	tsc = rdtsc();
	charge(prev, units_since(MAX(prev->dispatch_tsc, last_tick_tsc), tsc));
	prev->state = THREAD_BLOCKED;
	prev->stats.state_since = now;
	mark_woken(next, now, tsc);
	this_cpu_write(need_resched, 0);
	if (sched_policy->handoff &&
	    sched_policy->handoff(rq, &prev->se, &next->se)) {
		rq->nr_handoffs++;
	} else {
		sched_policy->block(rq, &prev->se);
		sched_selected_enqueue(rq, &next->se, SCHED_ENQ_WAKEUP);
		se = sched_selected_pick_next(rq);
		next = se ? container_of(se, struct thread, se) : rq->idle;
	}
	next->dispatch_tsc = tsc;
	switch_threads(rq, prev, next, SW_BLOCK, now);
	rq_unlock(rq);
	sleep_interruptible(prev, false);
}

u64 sched_nr_handoffs(void)
{
	return READ_ONCE(this_rq()->nr_handoffs);
}

void sleep_ms(u64 ms)
{
	/* +1: the current tick is partly over, never return early. */
	sleep_ticks(ms_to_ticks(ms) + 1);
}

/*
 * Runs when nothing else can. Checking for work and halting happen with
 * interrupts off, and `sti; hlt` enables them only for the hlt (sti
 * takes effect after the next instruction), so a wakeup by an interrupt
 * between the check and the hlt cannot be lost.
 */
static int idle_fn(void *arg)
{
	struct rq *rq = this_rq();

	for (;;) {
		local_irq_disable();
		rq_lock(rq);
		if (sched_policy->nr_queued(rq)) {
			__schedule(SW_IDLE);
			rq_unlock(rq);
		} else if (thread_reap_pending()) {
			thread_reap();
			rq_unlock(rq);
			local_irq_enable();
		} else {
			rq->idle_halts++;
			rq_unlock(rq);
			__asm__ __volatile__("sti; hlt" : : : "memory");
		}
	}
	return 0;
}

void sched_init(void)
{
	struct rq *rq = this_rq();

	INIT_LIST_HEAD(&rq->sleepers);
	sched_policy->init_rq(rq);
	thread_cache_init();
	thread_init_boot(&init_thread, "init");
	this_cpu_write(current, &init_thread);
	rq->idle = thread_alloc(idle_fn, NULL, "idle");
	if (!rq->idle)
		panic("sched: cannot create the idle thread");
	pr_info("sched: policy %s, %u level(s), quantum %llu ticks at level 0\n",
		sched_policy->name, sched_nr_levels(sched_policy),
		(unsigned long long)(sched_policy->quantum(0) /
				     SCHED_TICK_UNITS));
}

void sched_start(void)
{
	unsigned long flags = rq_lock_irqsave(this_rq());

	init_thread.dispatch_tsc = rdtsc();
	sched_active = true;
	rq_unlock_irqrestore(this_rq(), flags);
}

int thread_set_nice(struct thread *t, int nice)
{
	unsigned long flags;
	int old;

	if (!t || nice < SCHED_NICE_MIN || nice > SCHED_NICE_MAX)
		return -EINVAL;
	flags = rq_lock_irqsave(this_rq());
	if (t->state == THREAD_ZOMBIE || t->state == THREAD_DEAD ||
	    t == this_rq()->idle) {
		rq_unlock_irqrestore(this_rq(), flags);
		return -EINVAL;
	}
	old = t->se.nice;
	t->se.nice = (s8)nice;
	if (old != nice && sched_policy->reweight)
		sched_policy->reweight(this_rq(), &t->se, old);
	rq_unlock_irqrestore(this_rq(), flags);
	return 0;
}

int thread_nice(const struct thread *t)
{
	return t->se.nice;
}

void sched_get_stats(struct sched_stats *st)
{
	struct rq *rq = this_rq();
	unsigned long flags = rq_lock_irqsave(rq);
	struct thread *t;

	st->switches = rq->nr_switches;
	st->idle_ticks = rq->idle_ticks;
	st->idle_halts = rq->idle_halts;
	st->ticks = rq->ticks;
	st->tsc_per_tick = tsc_per_tick;
	st->user_ticks = rq->user_ticks;
	st->nr_threads = 0;
	list_for_each_entry(t, &sched_all_threads, all_node)
		st->nr_threads++;
	st->nr_running = nr_running_locked(rq);
	memcpy(st->avenrun, rq->avenrun, sizeof(st->avenrun));
	rq_unlock_irqrestore(rq, flags);
}
