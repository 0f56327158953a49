/* SPDX-License-Identifier: GPL-2.0 */
/* Counting semaphore: down() sleeps while the count is zero; FIFO wakeup. */
#ifndef _MOSAIC_SEMAPHORE_H
#define _MOSAIC_SEMAPHORE_H

#include <mosaic/wait.h>

struct semaphore {
	long count;
	struct wait_queue wq;
};

#define SEMAPHORE_INIT(n, c) { .count = (c), .wq = WAIT_QUEUE_INIT((n).wq) }

void sema_init(struct semaphore *s, long count);
void down(struct semaphore *s);
/* down(), or -EINTR (not decremented) when a signal ends the wait. */
int down_interruptible(struct semaphore *s);
/* true if decremented; never sleeps. */
bool down_trylock(struct semaphore *s);
/* Any context, interrupt handlers included. */
void up(struct semaphore *s);

#endif /* _MOSAIC_SEMAPHORE_H */
