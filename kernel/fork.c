// SPDX-License-Identifier: GPL-2.0
/*
 * fork, vfork and clone: a new process (its own copy of the address
 * space, copy-on-write under CONFIG_FORK_COW, of the fd table and of the
 * working directory) or a new thread in the caller's process (CLONE_VM |
 * CLONE_SIGHAND | CLONE_THREAD, as pthread_create makes them). Either
 * way the new thread's first return to user mode restores the caller's
 * registers with rax = 0, through a copy of the caller's frame.
 */
#include <asm/fpu.h>
#include <asm/ptrace.h>
#include <mosaic/errno.h>
#include <mosaic/ipc.h>
#include <mosaic/kmalloc.h>
#include <mosaic/mmap.h>
#include <mosaic/mm_types.h>
#include <mosaic/proc_fs.h>
#include <mosaic/process.h>
#include <mosaic/sched.h>
#include <mosaic/semaphore.h>
#include <mosaic/signal.h>
#include <mosaic/string.h>
#include <mosaic/syscalls.h>
#include <mosaic/thread.h>
#include <mosaic/uaccess.h>
#include <mosaic/user.h>
#include <mosaic/vfs.h>

#include "process_internal.h"

#define CSIGNAL 0x000000ff
#define CLONE_VM 0x00000100
#define CLONE_FS 0x00000200
#define CLONE_FILES 0x00000400
#define CLONE_SIGHAND 0x00000800
#define CLONE_PIDFD 0x00001000
#define CLONE_PTRACE 0x00002000
#define CLONE_VFORK 0x00004000
#define CLONE_PARENT 0x00008000
#define CLONE_THREAD 0x00010000
#define CLONE_SYSVSEM 0x00040000
#define CLONE_SETTLS 0x00080000
#define CLONE_PARENT_SETTID 0x00100000
#define CLONE_CHILD_CLEARTID 0x00200000
#define CLONE_DETACHED 0x00400000
#define CLONE_UNTRACED 0x00800000
#define CLONE_CHILD_SETTID 0x01000000
#define CLONE_IO 0x80000000

/* Flags with nothing to do here: no ptrace, SysV semaphores or I/O contexts. */
#define CLONE_IGNORED (CLONE_PTRACE | CLONE_SYSVSEM | CLONE_DETACHED | \
		       CLONE_UNTRACED | CLONE_IO)
#define CLONE_KNOWN (CSIGNAL | CLONE_VM | CLONE_FS | CLONE_FILES |        \
		     CLONE_SIGHAND | CLONE_VFORK | CLONE_PARENT |          \
		     CLONE_THREAD | CLONE_SETTLS | CLONE_PARENT_SETTID |   \
		     CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID |           \
		     CLONE_IGNORED)
#define CLONE_THREAD_SHARES (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND)

void return_to_user(struct pt_regs *regs) __noreturn;

struct clone_args_k {
	unsigned long flags;
	unsigned long stack;
	int __user *parent_tid;
	int __user *child_tid;
	unsigned long tls;
};

/* What the new thread needs before its first return to user mode. */
struct fork_frame {
	struct pt_regs regs;
	int __user *set_child_tid;
};

/*
 * The new thread's first code: its address space, FPU state and FS base
 * were loaded by the switch to it. Write its tid for CLONE_CHILD_SETTID
 * in its own address space (as Linux does after the fork), then leave
 * through a copy of the frame on this stack.
 */
static int fork_child_entry(void *arg)
{
	struct fork_frame *ff = arg;
	struct pt_regs regs = ff->regs;
	int __user *settid = ff->set_child_tid;

	kfree(ff);
	if (settid)
		put_user(thread_user_tid(current()), settid);
	user_return_prepare(&regs);
	return_to_user(&regs);
}

/*
 * Linux's checks, in its order: a thread shares signal handlers, and
 * shared handlers need a shared address space. Sharing files or the
 * working directory between two processes is not supported here (no
 * shared fd tables): EINVAL, so a program learns at once.
 */
static int check_clone_flags(unsigned long flags)
{
	if (flags & ~CLONE_KNOWN)
		return -EINVAL;
	if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND))
		return -EINVAL;
	if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM))
		return -EINVAL;
	if ((flags & CLONE_THREAD) &&
	    (flags & CLONE_THREAD_SHARES) != CLONE_THREAD_SHARES)
		return -EINVAL;
	if (!(flags & CLONE_THREAD) &&
	    (flags & (CLONE_FS | CLONE_FILES | CLONE_SIGHAND)))
		return -EINVAL;
	return 0;
}

static struct fork_frame *make_frame(const struct pt_regs *regs,
				     const struct clone_args_k *ca)
{
	struct fork_frame *ff = kmalloc(sizeof(*ff));

	if (!ff)
		return NULL;
	ff->regs = *regs;
	ff->regs.rax = 0;
	/* The frame returns through iretq: rcx/r11 as the CPU left them. */
	if (ca->stack)
		ff->regs.rsp = ca->stack;
	ff->set_child_tid = (ca->flags & CLONE_CHILD_SETTID) ? ca->child_tid :
							       NULL;
	return ff;
}

/*
 * The new thread, not yet runnable: the caller's FPU registers (live in
 * the CPU: the kernel never touches them) and FS base, or the new TLS.
 */
static struct thread *new_user_thread(const struct pt_regs *regs,
				      const struct clone_args_k *ca,
				      struct mm *mm)
{
	struct fork_frame *ff = make_frame(regs, ca);
	struct thread *parent = current();
	struct thread *t;

	if (!ff)
		return NULL;
	t = thread_alloc(fork_child_entry, ff, parent->name);
	if (!t || thread_fpu_prepare(t)) {
		kfree(ff);
		if (t)
			thread_free_unstarted(t);
		return NULL;
	}
	fpu_save(t->arch.fpu);
	t->arch.fsbase = (ca->flags & CLONE_SETTLS) ? ca->tls :
						      parent->arch.fsbase;
	if (ca->flags & CLONE_CHILD_CLEARTID)
		t->clear_child_tid = ca->child_tid;
	t->se.nice = parent->se.nice;
	t->mm = mm;
	return t;
}

/* A thread in the caller's process: its tid from the pid space. */
static long clone_thread(const struct pt_regs *regs,
			 const struct clone_args_k *ca)
{
	struct process *p = current_process();
	struct mm *mm = current()->mm;
	unsigned long flags;
	struct thread *t;
	int tid;

	if (ca->tls >= TASK_SIZE_MAX && (ca->flags & CLONE_SETTLS))
		return -EPERM;
	mm_get(mm);
	t = new_user_thread(regs, ca, mm);
	if (!t) {
		mm_put(mm);
		return -ENOMEM;
	}
	signal_fork(p, t, ca->flags);	/* a thread's: cannot fail */
	flags = spin_lock_irqsave(&process_lock);
	tid = p->nr_threads >= PROCESS_THREADS_MAX || p->group_exiting ?
		      -EAGAIN : pid_alloc_locked();
	if (tid > 0) {
		t->user_tid = tid;
		process_add_thread_locked(p, t);
	}
	spin_unlock_irqrestore(&process_lock, flags);
	if (tid < 0) {
		t->mm = NULL;
		mm_put(mm);
		thread_free_unstarted(t);
		return tid;
	}
	/* Linux ignores a bad parent_tid pointer too. */
	if (ca->flags & CLONE_PARENT_SETTID)
		(void)put_user(tid, ca->parent_tid);
	thread_detach(t);
	thread_start(t);
	return tid;
}

/* The child's resources: address space, files, directory. */
static int copy_process_state(struct process *child, struct process *parent,
			      unsigned long flags, struct mm **mm)
{
	struct mm *cur = current()->mm;

	if (flags & CLONE_VM) {
		mm_get(cur);
		*mm = cur;
	} else {
		*mm = mm_fork(cur);
	}
	child->files = fdtable_copy(parent->files);
	child->fs = fs_struct_copy(parent->fs);
	if (*mm && child->files && child->fs && !ipc_fork(parent, child))
		return 0;
	if (*mm)
		mm_put(*mm);
	if (child->files)
		fdtable_free(child->files);
	if (child->fs)
		fs_struct_free(child->fs);
	return -ENOMEM;
}

static void release_process_state(struct process *child, struct mm *mm)
{
	ipc_exit(child);
	mm_put(mm);
	fdtable_free(child->files);
	fs_struct_free(child->fs);
}

static void inherit(struct process *child, struct process *parent,
		    unsigned long flags)
{
	child->pgid = parent->pgid;
	child->sid = parent->sid;
	cred_copy(&child->cred, &parent->cred);
	rlimit_copy(child, parent);
	child->exit_signal = (int)(flags & CSIGNAL);
	memcpy(child->comm, parent->comm, sizeof(child->comm));
}

/* Link the child under its parent; false if the parent is exiting. */
static bool link_child(struct process *child, struct process *parent,
		       struct thread *t, unsigned long flags)
{
	struct process *up = (flags & CLONE_PARENT) ? parent->parent : parent;
	unsigned long irq = spin_lock_irqsave(&process_lock);
	bool ok = !parent->group_exiting;

	if (ok) {
		child->parent = up;
		if (up)
			list_add_tail(&child->sibling, &up->children);
		t->user_tid = child->pid;
		process_add_thread_locked(child, t);
		if (parent->exe_file)
			child->exe_file = get_file(parent->exe_file);
	}
	spin_unlock_irqrestore(&process_lock, irq);
	return ok;
}

static long clone_process(const struct pt_regs *regs,
			  const struct clone_args_k *ca)
{
	struct process *parent = current_process(), *child;
	struct semaphore vfork_done;
	struct thread *t;
	struct mm *mm;
	int err, pid;

	child = process_alloc(false, &err);
	if (!child)
		return err;
	err = copy_process_state(child, parent, ca->flags, &mm);
	if (err) {
		process_discard(child);
		return err;
	}
	t = new_user_thread(regs, ca, mm);
	if (!t) {
		release_process_state(child, mm);
		process_discard(child);
		return -ENOMEM;
	}
	err = signal_fork(child, t, ca->flags);
	if (err) {
		t->mm = NULL;
		thread_free_unstarted(t);
		release_process_state(child, mm);
		process_discard(child);
		return err;
	}
	inherit(child, parent, ca->flags);
	if (ca->flags & CLONE_VFORK) {
		sema_init(&vfork_done, 0);
		child->vfork_done = &vfork_done;
	}
	pid = child->pid;
	if (!link_child(child, parent, t, ca->flags)) {
		signal_process_exit(child);
		t->mm = NULL;
		thread_free_unstarted(t);
		release_process_state(child, mm);
		process_discard(child);
		return -EAGAIN;
	}
	/* Before it runs, so it cannot be reaped without its entry. */
	proc_pid_add(child);
	if (ca->flags & CLONE_PARENT_SETTID)
		(void)put_user(pid, ca->parent_tid);
	thread_detach(t);
	thread_start(t);
	/* vfork: sleep until the child has exec'd or exited. */
	if (ca->flags & CLONE_VFORK)
		down(&vfork_done);
	return pid;
}

static long do_clone(const struct pt_regs *regs, const struct clone_args_k *ca)
{
	int err = check_clone_flags(ca->flags);

	if (err)
		return err;
	if (!current_process() || !current()->mm)
		return -EINVAL;
	if (ca->flags & CLONE_THREAD)
		return clone_thread(regs, ca);
	return clone_process(regs, ca);
}

SYSCALL_DEFINE0(fork)
{
	struct clone_args_k ca = { .flags = SIGCHLD };

	return do_clone(current_user_regs(), &ca);
}

SYSCALL_DEFINE0(vfork)
{
	struct clone_args_k ca = { .flags = CLONE_VFORK | CLONE_VM | SIGCHLD };

	return do_clone(current_user_regs(), &ca);
}

/* x86-64 argument order: flags, stack, parent_tid, child_tid, tls. */
SYSCALL_DEFINE5(clone, unsigned long, flags, unsigned long, newsp,
		int __user *, parent_tid, int __user *, child_tid,
		unsigned long, tls)
{
	struct clone_args_k ca = { .flags = flags, .stack = newsp,
				   .parent_tid = parent_tid,
				   .child_tid = child_tid, .tls = tls };

	return do_clone(current_user_regs(), &ca);
}
