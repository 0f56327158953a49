// SPDX-License-Identifier: GPL-2.0
/*
 * Processes: pids, the process list, lookups, and the processes the
 * kernel makes itself (init, the tests' programs). fork/clone are in
 * kernel/fork.c, exit and wait in kernel/exit.c. See <mosaic/process.h>.
 *
 * Pids and thread ids share one space, as in Linux: a bitmap of
 * PID_MAX bits, handed out round-robin from the last one so a pid is not
 * reused soon after its process was reaped.
 */
#include <mosaic/bitmap.h>
#include <mosaic/console_file.h>
#include <mosaic/errno.h>
#include <mosaic/kmalloc.h>
#include <mosaic/proc_fs.h>
#include <mosaic/process.h>
#include <mosaic/sched.h>
#include <mosaic/signal.h>
#include <mosaic/string.h>
#include <mosaic/thread.h>
#include <mosaic/timer.h>
#include <mosaic/user.h>
#include <mosaic/vfs.h>

#include "process_internal.h"

/* IRQ-safe: signals are sent from interrupt handlers (the tty, alarms). */
DEFINE_SPINLOCK_IRQ(process_lock);
static LIST_HEAD(all_processes);
static DECLARE_BITMAP(pid_map, PID_MAX);
static int last_pid = 1;		/* pid 1 is kept for init */
static unsigned int nr_processes;
static u64 nr_forks;			/* pids handed out: /proc/stat */
struct process *init_process;

struct process *current_process(void)
{
	return current()->proc;
}

int thread_user_tid(const struct thread *t)
{
	return t->user_tid ? t->user_tid : t->tid;
}

/* The next free pid after the last one, wrapping to 2; -EAGAIN if none. */
int pid_alloc_locked(void)
{
	for (int tries = 0; tries < PID_MAX; tries++) {
		int pid = last_pid + 1 >= PID_MAX ? 2 : last_pid + 1;

		last_pid = pid;
		if (!test_and_set_bit(pid, pid_map)) {
			nr_forks++;
			return pid;
		}
	}
	return -EAGAIN;
}

void pid_free_locked(int pid)
{
	clear_bit(pid, pid_map);
}

/* Keep the list in pid order: ps and /proc list processes that way. */
static void list_add_by_pid(struct process *p)
{
	struct process *q;

	list_for_each_entry(q, &all_processes, all_node) {
		if (q->pid > p->pid) {
			list_add_tail(&p->all_node, &q->all_node);
			return;
		}
	}
	list_add_tail(&p->all_node, &all_processes);
}

struct process *process_alloc(bool init, int *err)
{
	struct process *p = kzalloc(sizeof(*p));
	unsigned long flags;
	int pid;

	*err = -ENOMEM;
	if (!p)
		return NULL;
	INIT_LIST_HEAD(&p->children);
	INIT_LIST_HEAD(&p->sibling);
	INIT_LIST_HEAD(&p->threads);
	wait_queue_init(&p->child_wait);
	p->start_tick = timer_ticks();
	cred_init_root(&p->cred);
	rlimit_init_defaults(p->rlim);
	flags = spin_lock_irqsave(&process_lock);
	pid = init ? 1 : pid_alloc_locked();
	if (nr_processes >= PROCESS_MAX || pid < 0 ||
	    (init && test_and_set_bit(1, pid_map))) {
		if (pid > 1)
			pid_free_locked(pid);
		spin_unlock_irqrestore(&process_lock, flags);
		kfree(p);
		*err = -EAGAIN;
		return NULL;
	}
	nr_processes++;
	p->pid = pid;
	list_add_by_pid(p);
	spin_unlock_irqrestore(&process_lock, flags);
	*err = 0;
	return p;
}

void process_unhash_locked(struct process *p, struct list_head *dead)
{
	list_move_tail(&p->all_node, dead);
	nr_processes--;
	if (p == init_process)
		init_process = NULL;
}

/*
 * Free what process_unhash_locked() collected: outside process_lock,
 * since removing a process's /proc directory waits for its readers
 * (after which nothing of /proc can reach p).
 * The pid goes back last, so no new process can meet the old entry.
 */
void process_release_dead(struct list_head *dead)
{
	struct process *p, *next;

	list_for_each_entry_safe(p, next, dead, all_node) {
		unsigned long flags;

		list_del(&p->all_node);
		proc_pid_remove(p);
		flags = spin_lock_irqsave(&process_lock);
		pid_free_locked(p->pid);
		spin_unlock_irqrestore(&process_lock, flags);
		cred_release(&p->cred);
		kfree(p);
	}
}

/* Undo process_alloc() of a process that never ran. */
void process_discard(struct process *p)
{
	unsigned long flags = spin_lock_irqsave(&process_lock);
	LIST_HEAD(dead);

	process_unhash_locked(p, &dead);
	spin_unlock_irqrestore(&process_lock, flags);
	process_release_dead(&dead);
}

void process_add_thread_locked(struct process *p, struct thread *t)
{
	list_add_tail(&t->group_node, &p->threads);
	p->nr_threads++;
	t->proc = p;
	if (!p->thread)
		p->thread = t;
}

struct process *process_find(int pid)
{
	struct process *p;

	list_for_each_entry(p, &all_processes, all_node) {
		if (p->pid == pid)
			return p;
		if (p->pid > pid)
			break;
	}
	return NULL;
}

struct thread *process_find_thread(int tid)
{
	struct process *p;
	struct thread *t;

	list_for_each_entry(p, &all_processes, all_node) {
		list_for_each_entry(t, &p->threads, group_node) {
			if (t->user_tid == tid)
				return t;
		}
	}
	return NULL;
}

bool process_pgrp_exists_locked(int pgid, int sid)
{
	struct process *p;

	list_for_each_entry(p, &all_processes, all_node) {
		if (p->pgid == pgid && !p->zombie && (sid < 0 || p->sid == sid))
			return true;
	}
	return false;
}

int process_for_each_locked(int (*fn)(struct process *p, void *arg),
			    void *arg)
{
	struct process *p;
	int ret = 0;

	list_for_each_entry(p, &all_processes, all_node) {
		ret = fn(p, arg);
		if (ret)
			break;
	}
	return ret;
}

int process_for_each(int (*fn)(struct process *p, void *arg), void *arg)
{
	unsigned long flags = spin_lock_irqsave(&process_lock);
	int ret = process_for_each_locked(fn, arg);

	spin_unlock_irqrestore(&process_lock, flags);
	return ret;
}

unsigned int process_count(void)
{
	return READ_ONCE(nr_processes);
}

void process_get_counts(struct process_counts *c)
{
	unsigned long flags = spin_lock_irqsave(&process_lock);

	c->nr_processes = nr_processes;
	c->nr_forks = nr_forks;
	c->last_pid = last_pid;
	spin_unlock_irqrestore(&process_lock, flags);
}

static int install_console(struct fdtable *files)
{
	struct file *con = console_file_open();
	int err = 0;

	if (IS_ERR(con))
		return (int)PTR_ERR(con);
	for (int fd = 0; fd < 3 && !err; fd++) {
		int r = fd_install(files, get_file(con), 0);

		if (r != fd)
			err = r < 0 ? r : -EBADF;
	}
	fput(con);
	return err;
}

/*
 * The calling kernel thread becomes a new process's only thread: its
 * own session and group, the console as fds 0-2, the kernel's root and
 * working directory.
 */
static int process_attach(bool init)
{
	struct thread *t = current();
	unsigned long flags;
	struct process *p;
	int err;

	p = process_alloc(init, &err);
	if (!p)
		return err;
	p->files = fdtable_alloc();
	p->fs = fs_struct_copy(vfs_kernel_fs());
	err = (p->files && p->fs) ? install_console(p->files) : -ENOMEM;
	if (!err)
		err = signal_process_init(p, t);
	if (err) {
		if (p->files)
			fdtable_free(p->files);
		if (p->fs)
			fs_struct_free(p->fs);
		process_discard(p);
		return err;
	}
	p->pgid = p->sid = p->pid;
	p->exit_signal = SIGCHLD;
	strscpy(p->comm, t->name, sizeof(p->comm));
	flags = spin_lock_irqsave(&process_lock);
	t->user_tid = p->pid;
	process_add_thread_locked(p, t);
	if (init)
		init_process = p;
	else
		p->child_subreaper = true;
	spin_unlock_irqrestore(&process_lock, flags);
	proc_pid_add(p);
	return 0;
}

int process_init_first(void)
{
	return process_attach(true);
}

int process_attach_kernel_thread(void)
{
	return process_attach(false);
}
