/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Processes (kernel/process.c): what a program owns besides its address
 * space and registers: a pid, its parent and children, its process
 * group and session, the open files, the working directory, credentials
 * and, after it exited, its wait status until the parent reaps it. A
 * process has one or more threads (CLONE_THREAD); they share all of it.
 *
 * Lifetime: a process is created by fork/clone (or attached to a kernel
 * thread), becomes a zombie when its last thread exits, and is freed
 * when its parent reaps it with wait4/waitid, or at once when nobody
 * will (no parent, or the parent ignores SIGCHLD). process_lock guards
 * the tree, the lists, the pid bitmap and every field marked (L);
 * process_find() and process_for_each() give access under it.
 */
#ifndef _MOSAIC_PROCESS_H
#define _MOSAIC_PROCESS_H

#include <mosaic/compiler.h>
#include <mosaic/cred.h>
#include <mosaic/list.h>
#include <mosaic/resource.h>
#include <mosaic/signal_types.h>
#include <mosaic/spinlock.h>
#include <mosaic/types.h>
#include <mosaic/wait.h>

struct fdtable;
struct file;
struct fs_struct;
struct ipc_space;
struct proc_dir_entry;
struct pt_regs;
struct semaphore;
struct sighand;
struct thread;

/* Linux's default pid_max: pids and thread ids share the space. */
#define PID_MAX 32768
/* Processes at once, so a fork bomb ends in EAGAIN, not a dead kernel. */
#define PROCESS_MAX 256
/* Threads in one process (and, as pids, count against PID_MAX). */
#define PROCESS_THREADS_MAX 64
#define SYSCALL_NR_MAX 1024

#define PROCESS_COMM_LEN 16

struct process {
	int pid;
	int pgid, sid;			/* (L) */
	struct process *parent;		/* (L) NULL: nobody reaps it */
	struct list_head children;	/* (L) struct process, by sibling */
	struct list_head sibling;	/* (L) */
	struct list_head all_node;	/* (L) every process, by pid order */
	struct list_head threads;	/* (L) struct thread, by group_node */
	unsigned int nr_threads;	/* (L) live threads */
	struct thread *thread;		/* (L) a live thread; NULL if none */
	/*
	 * files, fs and exe_file are cleared under process_lock before they
	 * are released (exit, exec), so /proc may use them while it holds
	 * the lock. The process's own threads use them without it.
	 */
	struct fdtable *files;
	struct fs_struct *fs;
	/* IPC handles (kernel/ipc/); NULL until the process uses IPC. */
	struct ipc_space *ipc;
	struct file *exe_file;		/* the program exec'd, /proc/<pid>/exe */
	struct proc_dir_entry *proc_dir; /* /proc/<pid>, fs/proc/base.c */
	struct cred cred;		/* ids and groups (kernel/cred.c) */
	/* getrlimit/setrlimit (kernel/resource.c), rlimit_lock; fork copies. */
	struct rlimit64 rlim[RLIM_NLIMITS];
	char comm[PROCESS_COMM_LEN];	/* the program's base name */
	/* Exit. */
	int exit_status;		/* (L) wait status, valid if zombie */
	int exit_signal;		/* sent to the parent: SIGCHLD or 0 */
	bool zombie;			/* (L) */
	bool group_exiting;		/* (L) exit_group or a fatal signal */
	bool did_exec;			/* setpgid's EACCES */
	/*
	 * Orphaned descendants come to it, not to init (Linux's
	 * PR_SET_CHILD_SUBREAPER): the processes the kernel starts for
	 * tests, which play init for the programs under test.
	 */
	bool child_subreaper;
	/* wait4 sleeps here until a child changes state. */
	struct wait_queue child_wait;
	/* vfork: the parent sleeps on it until the child execs or exits. */
	struct semaphore *vfork_done;
	u64 start_tick;
	/* CPU time of exited threads, and of reaped children (RUSAGE_*). */
	u64 run_units;			/* (L) */
	u64 children_run_units;		/* (L) */
	/*
	 * Signals (kernel/signal.c): all under signal_lock. The stop fields
	 * are written under process_lock too, so wait4 may read and clear
	 * them under process_lock alone.
	 */
	struct sighand *sighand;	/* handlers; NULL once it exited */
	struct sigpending shared_pending; /* to the process: any thread */
	struct itimer_real itimer_real;	/* alarm, setitimer */
	int group_exit_sig;		/* a fatal signal is taking it down */
	int group_stop_count;		/* threads still to park in a stop */
	bool signal_unkillable;		/* init: deaf to default actions */
	bool stopped;			/* (L) every thread parked: WUNTRACED */
	int stop_signal;		/* (L) the signal that stopped it */
	bool stop_reported;		/* (L) wait4 saw this stop */
	bool continued_reported;	/* (L) false: WCONTINUED to report */
	/* The same split into user and system time, with the peak RSS. */
	struct process_acct acct;	/* getrusage, times; acct_lock */
	/* Unimplemented system calls already logged for this process. */
	unsigned long ni_logged[SYSCALL_NR_MAX / (8 * sizeof(long))];
};

/* The calling thread's process, or NULL for a kernel thread. */
struct process *current_process(void);

/*
 * Make the calling kernel thread process 1 (init), its fds 0-2 the
 * console. 0 or -ENOMEM.
 */
int process_init_first(void);

/*
 * Make the calling kernel thread a process of its own (pid 2 and up, no
 * parent, console fds; reaped by itself when it exits; the reaper of its
 * orphaned descendants): for the kernel's tests of user programs. 0,
 * -EAGAIN or -ENOMEM.
 */
int process_attach_kernel_thread(void);

/*
 * The calling thread ends with a wait status (exit(2), or the last of a
 * group exit). The last thread out makes the process a zombie.
 */
void process_thread_exit(int status) __noreturn;
/*
 * The whole process ends with a wait status (exit_group(2), a fatal
 * signal): every other thread is told to exit, then the caller does.
 */
void process_exit(int status) __noreturn;

/*
 * execve succeeded in one thread: every other thread of p leaves at its
 * next return to user mode (Linux's de_thread, without the wait).
 */
void process_exec_threads(struct process *p);
/* A vfork child is done with its parent's memory: wake the parent. */
void process_vfork_release(struct process *p);

/*
 * The process tree under process_lock, for signals, /proc and ps: the
 * caller holds the lock from the lookup until it is done with the
 * process, and must not sleep meanwhile.
 */
extern spinlock_t process_lock;
struct process *process_find(int pid);
/* The thread with user-visible id tid, or NULL. process_lock held. */
struct thread *process_find_thread(int tid);
/*
 * Call fn for every live or zombie process in pid order until it
 * returns nonzero; returns that value (or 0). Takes process_lock.
 */
int process_for_each(int (*fn)(struct process *p, void *arg), void *arg);
/* The same for a caller that holds process_lock (signals to a group). */
int process_for_each_locked(int (*fn)(struct process *p, void *arg),
			    void *arg);

/*
 * Some live process is in group pgid (and session sid, unless sid is
 * -1). process_lock held.
 */
bool process_pgrp_exists_locked(int pgid, int sid);

/* For /proc/stat and /proc/loadavg. */
struct process_counts {
	unsigned int nr_processes;	/* live and zombie */
	u64 nr_forks;			/* processes and threads made */
	int last_pid;			/* the last pid or tid handed out */
};
void process_get_counts(struct process_counts *c);

/* The user-visible thread id (the pid for a process's first thread). */
int thread_user_tid(const struct thread *t);

#endif /* _MOSAIC_PROCESS_H */
