/* SPDX-License-Identifier: GPL-2.0 */
/*
 * struct thread: a kernel thread, its saved context, its scheduler entity
 * and its accounting. Most code only needs <mosaic/sched.h>.
 */
#ifndef _MOSAIC_THREAD_H
#define _MOSAIC_THREAD_H

#include <asm/thread.h>
#include <mosaic/compiler.h>
#include <mosaic/list.h>
#include <mosaic/sched_policy.h>
#include <mosaic/signal_types.h>
#include <mosaic/types.h>
#include <mosaic/wait.h>

#define THREAD_NAME_LEN 16
/* Kernel stacks: kstack_alloc() pages with a guard page below. */
#define THREAD_STACK_PAGES CONFIG_KSTACK_PAGES
#define THREAD_STACK_SIZE ((unsigned long)THREAD_STACK_PAGES * 4096UL)

enum thread_state {
	THREAD_RUNNING,		/* on the CPU */
	THREAD_READY,		/* runnable, in the policy's queue */
	THREAD_BLOCKED,		/* on a wait queue */
	THREAD_SLEEPING,	/* on the timer's sleep list */
	THREAD_ZOMBIE,		/* exited, waiting for join */
	THREAD_DEAD,		/* exited, detached: being freed */
};

typedef int (*thread_fn_t)(void *arg);

/* Everything in ticks of the periodic timer unless it says otherwise. */
struct thread_stats {
	u64 run_ticks;		/* ticks that found it running */
	u64 run_units;		/* precise CPU time, SCHED_TICK_UNITS/tick */
	u64 user_ticks;		/* ticks that found it in user mode */
	u64 system_ticks;	/* ... running in the kernel */
	u64 wait_ticks;		/* ready but not running */
	u64 block_ticks;	/* sleeping or blocked */
	u64 nr_scheduled;	/* times picked to run */
	u64 nr_voluntary;	/* switches by yield, block, sleep, exit */
	u64 nr_forced;		/* switches by preemption */
	u64 created;
	u64 first_run;		/* ~0 until it runs */
	u64 finished;		/* ~0 until it exits */
	u64 last_wake;		/* tick it was last made runnable */
	u64 state_since;	/* tick of the last state change */
};

struct ipc_thread;
struct mm;
struct process;
struct waiter;

/* The user/system split last reported, which never goes back (rq lock). */
struct prev_cputime {
	u64 utime_ns, stime_ns;
};

struct thread {
	unsigned long rsp;		/* saved stack pointer (switch_to) */
	/*
	 * The user address space the thread runs in; NULL for a kernel
	 * thread, which runs on init_mm. The switch loads CR3 only when the
	 * next thread's address space differs from the one loaded.
	 */
	struct mm *mm;
	/* The process the thread belongs to; NULL for a kernel thread. */
	struct process *proc;
	struct list_head group_node;	/* in proc->threads */
	int user_tid;			/* gettid(); 0: a kernel thread */
	/* CLONE_CHILD_CLEARTID / set_tid_address: 0 and a wake at exit. */
	int __user *clear_child_tid;
	/* exit_group or execve in another thread: leave at the next return. */
	bool exit_pending;
	/* Its IPC wait state (kernel/ipc/); NULL until it first uses IPC. */
	struct ipc_thread *ipc;
	struct sched_entity se;
	enum thread_state state;
	int tid;
	char name[THREAD_NAME_LEN];
	void *stack;			/* lowest address; NULL for init */
	thread_fn_t fn;
	void *arg;
	int exit_status;
	bool detached;
	bool joined;
	int held_mutexes;		/* exit while holding one is a bug */
	struct list_head all_node;	/* every thread, for ps */
	struct list_head wait_node;	/* wait queue or sleep list */
	u64 wake_tick;			/* sleeping until this tick */
	u64 dispatch_tsc;		/* for precise charging */
	u64 ready_tsc;			/* TSC when last created or woken */
	struct wait_queue join_wq;
	struct thread_stats stats;
	/* Blocked mask, pending signals, alt stack (kernel/signal.c). */
	struct thread_signal sig;
	struct prev_cputime prev_cputime;
	struct thread_arch arch;	/* kernel stack top, FPU state */
};

#endif /* _MOSAIC_THREAD_H */
