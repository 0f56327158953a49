// SPDX-License-Identifier: GPL-2.0
/*
 * poll(2) over open files. Each file's ->poll reports its events and
 * queues one entry per wait queue through the poll table; the entries'
 * callback wakes the poller's waiter, which sleeps until then or the
 * timeout's tick. As on Linux, only the first pass queues, and none once
 * an entry is ready: later passes just look again.
 */
#include <mosaic/errno.h>
#include <mosaic/kmalloc.h>
#include <mosaic/poll.h>
#include <mosaic/resource.h>
#include <mosaic/time.h>
#include <mosaic/timer.h>
#include <mosaic/vfs.h>

struct poll_wqueues {
	struct poll_table pt;
	struct waiter waiter;
	struct list_head entries;	/* poll_entry, to dequeue at the end */
	int error;			/* an entry could not be allocated */
};

struct poll_entry {
	struct wait_queue_entry wait;
	struct poll_wqueues *pw;
	struct list_head link;
};

poll_t file_poll(struct file *f, struct poll_table *pt)
{
	if (f->f_flags & O_PATH)
		return EPOLLNVAL;
	if (!f->f_op || !f->f_op->poll)
		return DEFAULT_POLLMASK;
	return f->f_op->poll(f, pt);
}

/* A wake-up of a queue we are on (wait_lock held). */
static bool poll_wake(struct wait_queue_entry *e)
{
	struct poll_entry *pe = container_of(e, struct poll_entry, wait);

	return waiter_wake_locked(&pe->pw->waiter);
}

static void poll_queue(struct file *f, struct wait_queue *wq,
		       struct poll_table *pt)
{
	struct poll_wqueues *pw = container_of(pt, struct poll_wqueues, pt);
	struct poll_entry *pe = kmalloc(sizeof(*pe));

	if (!pe) {
		pw->error = -ENOMEM;
		return;
	}
	wait_entry_init(&pe->wait, poll_wake, NULL);
	pe->pw = pw;
	list_add_tail(&pe->link, &pw->entries);
	add_wait_queue(wq, &pe->wait);
}

static void poll_dequeue_all(struct poll_wqueues *pw)
{
	struct poll_entry *pe, *next;

	list_for_each_entry_safe(pe, next, &pw->entries, link) {
		remove_wait_queue(&pe->wait);
		kfree(pe);
	}
}

/* One look at every entry; queues through @pt until one is ready. */
static int poll_scan(struct poll_file *pf, unsigned int n,
		     struct poll_table *pt)
{
	int ready = 0;

	for (unsigned int i = 0; i < n; i++) {
		poll_t want = (poll_t)(u16)pf[i].events | EPOLLERR | EPOLLHUP;
		poll_t got;

		pf[i].revents = 0;
		if (!pf[i].file)
			continue;
		got = file_poll(pf[i].file, pt) & (want | EPOLLNVAL);
		pf[i].revents = (short)got;
		if (got) {
			ready++;
			pt = NULL;
		}
	}
	return ready;
}

int vfs_poll(struct poll_file *pf, unsigned int n, s64 timeout_ms)
{
	struct poll_wqueues pw = { .pt.qproc = poll_queue };
	struct poll_table *pt = timeout_ms ? &pw.pt : NULL;
	u64 end_ns = ktime_get_ns() +
		     (u64)MIN(MAX(timeout_ms, 0), POLL_TIMEOUT_MAX_MS) *
			     NSEC_PER_MSEC;
	u64 deadline = timeout_ms > 0 ? ktime_deadline_tick(end_ns) : 0;
	bool timed_out = timeout_ms == 0;
	int ready;

	if (n > MIN(rlimit(RLIMIT_NOFILE), (u64)FDTABLE_MAX_FDS))
		return -EINVAL;		/* as Linux */
	INIT_LIST_HEAD(&pw.entries);
	waiter_init(&pw.waiter);
	for (;;) {
		ready = poll_scan(pf, n, pt);
		pt = NULL;
		if (ready || timed_out || pw.error)
			break;
		if (waiter_sleep(&pw.waiter, deadline) || !deadline ||
		    timer_ticks() < deadline)
			continue;	/* a wake-up: look again */
		/* The deadline tick: one last look, then 0, unless early. */
		if (ktime_get_ns() >= end_ns)
			timed_out = true;
		else
			deadline = ktime_deadline_tick(end_ns);
	}
	poll_dequeue_all(&pw);
	return ready ? ready : pw.error;
}
