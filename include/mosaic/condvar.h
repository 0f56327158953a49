/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Condition variable used with a mutex (Mesa semantics: re-check the
 * condition in a loop after cond_wait returns).
 */
#ifndef _MOSAIC_CONDVAR_H
#define _MOSAIC_CONDVAR_H

#include <mosaic/mutex.h>
#include <mosaic/wait.h>

struct condvar {
	struct wait_queue wq;
};

#define CONDVAR_INIT(n) { .wq = WAIT_QUEUE_INIT((n).wq) }

void cond_init(struct condvar *cv);
/* Atomically release m and sleep; m is held again on return. */
void cond_wait(struct condvar *cv, struct mutex *m);
void cond_signal(struct condvar *cv);
void cond_broadcast(struct condvar *cv);

#endif /* _MOSAIC_CONDVAR_H */
