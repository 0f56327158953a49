/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Readiness (fs/select.c): a file's ->poll operation reports which of
 * EPOLLIN/EPOLLOUT/EPOLLHUP/EPOLLERR... hold now and, through the poll
 * table it is given, puts the caller on each wait queue whose wake-up
 * may change that. vfs_poll() is poll(2) over open files; the poll,
 * select, ppoll and pselect6 system calls translate to it.
 * Documentation/filesystems.md, Poll.
 */
#ifndef _MOSAIC_POLL_H
#define _MOSAIC_POLL_H

#include <mosaic/types.h>
#include <mosaic/wait.h>
#include <uapi/linux/poll.h>

struct file;
struct poll_table;

/* Event masks, Linux's __poll_t (same bits as POLL*). */
typedef unsigned int poll_t;

#define EPOLLIN		((poll_t)POLLIN)
#define EPOLLPRI	((poll_t)POLLPRI)
#define EPOLLOUT	((poll_t)POLLOUT)
#define EPOLLERR	((poll_t)POLLERR)
#define EPOLLHUP	((poll_t)POLLHUP)
#define EPOLLNVAL	((poll_t)POLLNVAL)
#define EPOLLRDNORM	((poll_t)POLLRDNORM)
#define EPOLLRDBAND	((poll_t)POLLRDBAND)
#define EPOLLWRNORM	((poll_t)POLLWRNORM)
#define EPOLLWRBAND	((poll_t)POLLWRBAND)
#define EPOLLRDHUP	((poll_t)POLLRDHUP)

/* What a file without ->poll is (regular files, directories): ready. */
#define DEFAULT_POLLMASK (EPOLLIN | EPOLLOUT | EPOLLRDNORM | EPOLLWRNORM)

typedef void (*poll_queue_proc)(struct file *f, struct wait_queue *wq,
				struct poll_table *pt);

/* Handed to ->poll; NULL or a NULL qproc: only report, queue nothing. */
struct poll_table {
	poll_queue_proc qproc;
};

/* In ->poll, for each wait queue a change of readiness wakes. */
static inline void poll_wait(struct file *f, struct wait_queue *wq,
			     struct poll_table *pt)
{
	if (pt && pt->qproc && wq)
		pt->qproc(f, wq, pt);
}

/* The events @f has now (no queueing): ->poll or DEFAULT_POLLMASK. */
poll_t file_poll(struct file *f, struct poll_table *pt);

/* One entry of vfs_poll(): file NULL is skipped (as fd < 0 in poll(2)). */
struct poll_file {
	struct file *file;
	short events;		/* POLL* asked for */
	short revents;		/* POLL* found; ERR and HUP always */
	bool only_events;	/* select(2): no implicit ERR and HUP */
};

/* poll(2) never waits longer than this (the largest int of ms). */
#define POLL_TIMEOUT_MAX_MS 0x7fffffffLL

/*
 * poll(2): fill each revents; wait until one is non-zero or @timeout_ms
 * passed (0: do not wait, negative: no limit). Returns how many entries
 * have events, 0 on timeout, -EINVAL if @n is over the descriptor limit,
 * -ENOMEM, or -ERESTARTNOHAND when a signal came first: EINTR after a
 * handler, else a restart (what select(2) and ppoll(2) return; poll(2)
 * makes it -ERESTART_RESTARTBLOCK, to go on with the time it had left).
 */
int vfs_poll(struct poll_file *pf, unsigned int n, s64 timeout_ms);

#endif /* _MOSAIC_POLL_H */
