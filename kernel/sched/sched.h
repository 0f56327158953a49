/* SPDX-License-Identifier: GPL-2.0 */
/* Internal interfaces between the files of the scheduler core. */
#ifndef _KERNEL_SCHED_SCHED_H
#define _KERNEL_SCHED_SCHED_H

#include <mosaic/sched.h>

enum switch_reason {
	SW_PREEMPT,	/* tick or wakeup asked for it */
	SW_YIELD,
	SW_BLOCK,	/* caller set state BLOCKED/SLEEPING and queued it */
	SW_EXIT,
	SW_IDLE,	/* the idle thread found work */
};

extern struct list_head sched_all_threads;
extern struct thread *sched_idle_thread;

/* Interrupts must be disabled for all of these. */
void __schedule(enum switch_reason why);
void sched_wake(struct thread *t);
struct thread *thread_alloc(thread_fn_t fn, void *arg, const char *name);
void thread_free(struct thread *t);
void thread_reap(void);
bool thread_reap_pending(void);
void thread_init_boot(struct thread *t, const char *name);

#endif
