/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sleeping mutex with an owner: waiters block (no spinning) and are handed
 * the lock in FIFO order on unlock, so none starves. Misuse panics:
 * locking a mutex you hold (no recursion), unlocking one you do not hold,
 * sleeping on one with preemption disabled, exiting while holding one.
 */
#ifndef _MOSAIC_MUTEX_H
#define _MOSAIC_MUTEX_H

#include <mosaic/compiler.h>
#include <mosaic/wait.h>

struct thread;

struct mutex {
	struct thread *owner;
	struct wait_queue wq;
	const char *name;
	u64 contended;		/* lock calls that had to sleep */
};

#define MUTEX_INIT(n) { .owner = NULL, .wq = WAIT_QUEUE_INIT((n).wq), \
			.name = #n, .contended = 0 }
#define DEFINE_MUTEX(n) struct mutex n = MUTEX_INIT(n)

void mutex_init(struct mutex *m, const char *name);
void mutex_lock(struct mutex *m) __acquires(m);
/* true if taken; never sleeps. */
bool mutex_trylock(struct mutex *m);
void mutex_unlock(struct mutex *m) __releases(m);
bool mutex_is_locked(const struct mutex *m);
/*
 * Release m and block on wq as one step (a wake-up of wq after the
 * unlock is not lost), then take m again: the sleep of a condition
 * variable, on a queue the caller owns (pipes: poll sees the queue too).
 */
void mutex_unlock_wait(struct mutex *m, struct wait_queue *wq);
/* The same, ended early by a signal: 0, or -ERESTARTSYS (m held again). */
int mutex_unlock_wait_interruptible(struct mutex *m, struct wait_queue *wq);

/* The checks lock/unlock apply (0 or -EDEADLK/-EPERM), testable alone. */
int mutex_check_lock(const struct mutex *m);
int mutex_check_unlock(const struct mutex *m);

#endif /* _MOSAIC_MUTEX_H */
