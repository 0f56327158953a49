/* SPDX-License-Identifier: GPL-2.0 */
/* Shared by kernel/process.c, fork.c and exit.c; not an interface. */
#ifndef _KERNEL_PROCESS_INTERNAL_H
#define _KERNEL_PROCESS_INTERNAL_H

#include <mosaic/process.h>

/* Process 1 while it lives: orphans are re-parented to it. (L) */
extern struct process *init_process;

struct process *process_alloc(bool init, int *err);
void process_discard(struct process *p);
/*
 * A reaped (or never reapable) process leaves the list, onto @dead;
 * process_release_dead() frees the list after process_lock is dropped.
 */
void process_unhash_locked(struct process *p, struct list_head *dead);
void process_release_dead(struct list_head *dead);
/* The rest with process_lock held. */
void process_add_thread_locked(struct process *p, struct thread *t);
int pid_alloc_locked(void);
void pid_free_locked(int pid);
unsigned int process_count(void);

#endif /* _KERNEL_PROCESS_INTERNAL_H */
