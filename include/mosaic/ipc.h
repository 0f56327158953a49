/* SPDX-License-Identifier: GPL-2.0 */
/*
 * seL4-style IPC (kernel/ipc/, Documentation/ipc.md): what the rest of
 * the kernel calls. The process code calls the hooks; kernel code that
 * starts user processes (tests, benchmarks) can create objects and put
 * handles into a process before it runs.
 */
#ifndef _MOSAIC_IPC_H
#define _MOSAIC_IPC_H

#include <mosaic/compiler.h>
#include <mosaic/types.h>

struct ipc_object;
struct process;
struct pt_regs;
struct thread;

#ifdef CONFIG_IPC
/*
 * fork()/clone() of a new process, in the parent: the child gets a copy
 * of every handle (each object gains a reference), and its first thread
 * the IPC buffer registration of the thread that forked. 0 or -ENOMEM
 * (nothing to undo then); a fork that fails later calls ipc_exit(child).
 */
int ipc_fork(struct process *parent, struct process *child);
/*
 * A thread ends (each thread, in its own context): its reply capability
 * (the caller gets ECONNRESET), its bound notification and its state go.
 */
void ipc_thread_exit(struct thread *t);
/*
 * The process is gone (after its last thread, or a fork that failed):
 * every handle is closed, and every thread left waiting for a partner
 * that can no longer exist is woken with an error.
 */
void ipc_exit(struct process *p);
/* execve(): the IPC buffer's address means nothing in the new image. */
void ipc_exec(struct process *p);

/* An endpoint or notification held by the caller; NULL: -ENOMEM. */
struct ipc_object *ipc_object_create(unsigned int kind);
/* The caller's reference from ipc_object_create() (ipc_lock not held). */
void ipc_object_put(struct ipc_object *obj);
/*
 * A new handle to obj in process p (before it runs, or p's own thread):
 * the handle, or -EMFILE/-ENOMEM/-EINVAL (bad rights).
 */
int ipc_handle_install(struct process *p, struct ipc_object *obj, u32 rights,
		       u64 badge);
/* ipc_close() on behalf of p: 0 or -EBADF. */
int ipc_handle_close(struct process *p, int h);
/*
 * Signal a notification from kernel code (a driver's interrupt, a
 * test), as a handle with this badge would: 0, -EINVAL (an endpoint)
 * or -EIDRM (deleted).
 */
int ipc_notification_signal(struct ipc_object *n, u64 badge);

/*
 * The fastpath (CONFIG_IPC_FASTPATH), from the system-call entry with
 * interrupts off: true if it completed the call, regs->rax set.
 */
bool ipc_fastpath(struct pt_regs *regs);
/* Fastpath on (default; ipc_fastpath=0 on the command line: off). */
extern bool ipc_fastpath_enabled;
/* Calls the fastpath completed since boot. */
u64 ipc_fastpath_count(void);
#else
static inline int ipc_fork(struct process *parent, struct process *child)
{
	return 0;
}

static inline void ipc_thread_exit(struct thread *t)
{
}

static inline void ipc_exit(struct process *p)
{
}


static inline void ipc_exec(struct process *p)
{
}
#endif

#endif /* _MOSAIC_IPC_H */
