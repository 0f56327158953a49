// SPDX-License-Identifier: GPL-2.0
/*
 * The executor: worker threads polling the tasks that were woken. See
 * <mosaic/executor.h> and Documentation/executor.md.
 *
 * A task's state says where it is, so a wake is one state change under
 * ex->lock: IDLE -> QUEUED (into the ready list; wake a worker), RUNNING
 * -> REPOLL (the worker queues it again after the poll), QUEUED or
 * REPOLL: nothing to do (counted as coalesced). Workers sleep on a
 * struct waiter whose entry stays on ex->idle for the worker's life: a
 * wake that comes between a worker's look at the ready list and its
 * sleep marks the waiter, and the sleep returns at once.
 */
#include <mosaic/errno.h>
#include <mosaic/executor.h>
#include <mosaic/panic.h>
#include <mosaic/printk.h>
#include <mosaic/sched.h>
#include <mosaic/string.h>
#include <mosaic/timer.h>
#include <mosaic/vsprintf.h>

struct executor system_executor;

void ktask_init(struct ktask *task, const char *name, ktask_poll_t poll)
{
	task->poll = poll;
	task->name = name;
	task->ex = NULL;
	task->state = KTASK_IDLE;
	INIT_LIST_HEAD(&task->ready_node);
	INIT_LIST_HEAD(&task->timer_node);
	task->wake_tick = 0;
	task->polls = 0;
	task->wakes = 0;
}

/* ex->lock held. True when the task joined the ready list. */
static bool wake_locked(struct executor *ex, struct ktask *task)
{
	if (task->state == KTASK_FINISHED)
		return false;
	task->wakes++;
	ex->stats.wakes++;
	switch (task->state) {
	case KTASK_IDLE:
		task->state = KTASK_QUEUED;
		list_add_tail(&task->ready_node, &ex->ready);
		return true;
	case KTASK_RUNNING:
		task->state = KTASK_REPOLL;
		ex->stats.repolls++;
		return false;
	case KTASK_QUEUED:
	case KTASK_REPOLL:
		ex->stats.coalesced++;
		return false;
	case KTASK_FINISHED:
		break;
	}
	return false;
}

/* One worker looks at the ready list again (any context, no lock held). */
static void kick_worker(struct executor *ex)
{
	wake_up_one(&ex->idle);
}

void ktask_spawn(struct executor *ex, struct ktask *task)
{
	unsigned long flags = spin_lock_irqsave(&ex->lock);

	BUG_ON(task->ex && task->ex != ex);
	BUG_ON(task->state != KTASK_IDLE && task->state != KTASK_FINISHED);
	task->ex = ex;
	task->state = KTASK_IDLE;
	spin_unlock_irqrestore(&ex->lock, flags);
	ktask_wake(task);
}

void ktask_wake(struct ktask *task)
{
	struct executor *ex = READ_ONCE(task->ex);
	unsigned long flags;
	bool kick;

	if (!ex)
		return;
	flags = spin_lock_irqsave(&ex->lock);
	kick = wake_locked(ex, task);
	spin_unlock_irqrestore(&ex->lock, flags);
	if (kick)
		kick_worker(ex);
}

static void timer_unlink(struct ktask *task)
{
	list_del_init(&task->timer_node);
}

/* Sorted by tick; equal ticks fire in the order they were set. */
static void timer_insert(struct executor *ex, struct ktask *task, u64 tick)
{
	struct ktask *pos;

	task->wake_tick = tick;
	list_for_each_entry(pos, &ex->timers, timer_node)
		if (pos->wake_tick > tick)
			break;
	list_add_tail(&task->timer_node, &pos->timer_node);
}

void ktask_wake_at(struct ktask *task, u64 tick)
{
	struct executor *ex = READ_ONCE(task->ex);
	unsigned long flags;
	bool first;

	if (!ex)
		return;
	flags = spin_lock_irqsave(&ex->lock);
	if (task->state == KTASK_FINISHED) {
		spin_unlock_irqrestore(&ex->lock, flags);
		return;
	}
	timer_unlink(task);
	timer_insert(ex, task, tick ? tick : 1);
	/* A sleeping worker's deadline is the old first timer: renew it. */
	first = list_first_entry(&ex->timers, struct ktask, timer_node) == task;
	spin_unlock_irqrestore(&ex->lock, flags);
	if (first)
		kick_worker(ex);
}

void ktask_cancel_timer(struct ktask *task)
{
	struct executor *ex = READ_ONCE(task->ex);
	unsigned long flags;

	if (!ex)
		return;
	flags = spin_lock_irqsave(&ex->lock);
	timer_unlink(task);
	spin_unlock_irqrestore(&ex->lock, flags);
}

bool ktask_finished(struct ktask *task)
{
	struct executor *ex = READ_ONCE(task->ex);
	unsigned long flags;
	bool done;

	if (!ex)
		return false;
	flags = spin_lock_irqsave(&ex->lock);
	done = task->state == KTASK_FINISHED;
	spin_unlock_irqrestore(&ex->lock, flags);
	return done;
}

void ktask_cancel(struct ktask *task)
{
	struct executor *ex = READ_ONCE(task->ex);

	while (ex) {
		unsigned long flags = spin_lock_irqsave(&ex->lock);
		bool polling = task->state == KTASK_RUNNING ||
			       task->state == KTASK_REPOLL;

		if (!polling) {
			list_del_init(&task->ready_node);
			timer_unlink(task);
			task->state = KTASK_FINISHED;
		}
		spin_unlock_irqrestore(&ex->lock, flags);
		if (!polling)
			return;
		/* A tick, not a yield: the poll may be asleep. */
		sleep_ticks(1);
	}
}

/* ex->lock held: wake every task whose tick has come. */
static void fire_timers(struct executor *ex, u64 now)
{
	while (!list_empty(&ex->timers)) {
		struct ktask *task = list_first_entry(&ex->timers, struct ktask,
						      timer_node);

		if (task->wake_tick > now)
			break;
		timer_unlink(task);
		ex->stats.timer_wakes++;
		wake_locked(ex, task);
	}
}

/* ex->lock held: the tick a sleeping worker must wake at, 0 for none. */
static u64 next_deadline(struct executor *ex)
{
	if (list_empty(&ex->timers))
		return 0;
	return list_first_entry(&ex->timers, struct ktask, timer_node)
		->wake_tick;
}

/*
 * The next task to poll, marked RUNNING; sleeps while there is none.
 * NULL when the executor stops.
 */
static struct ktask *next_task(struct executor *ex, struct waiter *w)
{
	for (;;) {
		unsigned long flags = spin_lock_irqsave(&ex->lock);
		struct ktask *task;
		u64 deadline;

		if (ex->stopping) {
			spin_unlock_irqrestore(&ex->lock, flags);
			return NULL;
		}
		fire_timers(ex, timer_ticks());
		task = list_first_entry_or_null(&ex->ready, struct ktask,
						ready_node);
		if (task) {
			list_del_init(&task->ready_node);
			task->state = KTASK_RUNNING;
			spin_unlock_irqrestore(&ex->lock, flags);
			return task;
		}
		deadline = next_deadline(ex);
		ex->stats.idle_sleeps++;
		spin_unlock_irqrestore(&ex->lock, flags);
		/* A wake since the look above makes this return at once. */
		waiter_sleep(w, deadline);
	}
}

static void run_task(struct executor *ex, struct ktask *task)
{
	enum ktask_poll result = task->poll(task);
	unsigned long flags = spin_lock_irqsave(&ex->lock);

	task->polls++;
	ex->stats.polls++;
	if (result == KTASK_DONE) {
		timer_unlink(task);
		task->state = KTASK_FINISHED;
	} else if (task->state == KTASK_REPOLL) {
		/* This worker is awake: it takes the task again itself. */
		task->state = KTASK_QUEUED;
		list_add_tail(&task->ready_node, &ex->ready);
	} else {
		task->state = KTASK_IDLE;
	}
	spin_unlock_irqrestore(&ex->lock, flags);
}

static bool worker_wake(struct wait_queue_entry *e)
{
	return waiter_wake_locked(e->private);
}

static int worker_fn(void *arg)
{
	struct executor *ex = arg;
	struct wait_queue_entry entry;
	struct waiter w;
	struct ktask *task;

	waiter_init(&w);
	wait_entry_init(&entry, worker_wake, &w);
	/* One kick wakes one sleeping worker, not all of them. */
	entry.flags = WQ_FLAG_EXCLUSIVE;
	add_wait_queue(&ex->idle, &entry);
	while ((task = next_task(ex, &w)))
		run_task(ex, task);
	remove_wait_queue(&entry);
	return 0;
}

static void executor_setup(struct executor *ex, const char *name)
{
	ex->name = name;
	spin_lock_init_irq(&ex->lock);
	INIT_LIST_HEAD(&ex->ready);
	INIT_LIST_HEAD(&ex->timers);
	wait_queue_init(&ex->idle);
	ex->stopping = false;
	ex->nr_workers = 0;
	memset(&ex->stats, 0, sizeof(ex->stats));
}

int executor_start(struct executor *ex, const char *name,
		   unsigned int nr_workers)
{
	unsigned int i;

	if (!nr_workers || nr_workers > EXECUTOR_MAX_WORKERS)
		return -EINVAL;
	executor_setup(ex, name);
	for (i = 0; i < nr_workers; i++) {
		char thread_name[THREAD_NAME_LEN];

		snprintf(thread_name, sizeof(thread_name), "%s/%u", name, i);
		ex->workers[i] = thread_create(worker_fn, ex, thread_name);
		if (!ex->workers[i]) {
			executor_stop(ex);
			return -ENOMEM;
		}
		ex->nr_workers++;
	}
	return 0;
}

void executor_stop(struct executor *ex)
{
	unsigned long flags = spin_lock_irqsave(&ex->lock);
	unsigned int i;

	ex->stopping = true;
	spin_unlock_irqrestore(&ex->lock, flags);
	wake_up_all(&ex->idle);
	for (i = 0; i < ex->nr_workers; i++)
		thread_join(ex->workers[i], NULL);
	ex->nr_workers = 0;
}

void executor_get_stats(struct executor *ex, struct executor_stats *st)
{
	unsigned long flags = spin_lock_irqsave(&ex->lock);

	*st = ex->stats;
	spin_unlock_irqrestore(&ex->lock, flags);
}

void executor_init(void)
{
	int err = executor_start(&system_executor, "kworker", 1);

	if (err)
		panic("executor: cannot start the system executor: error %d",
		      err);
	pr_info("executor: %s with %u worker\n", system_executor.name,
		system_executor.nr_workers);
}
