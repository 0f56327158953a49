/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Processes (kernel/process.c): what a program owns besides its address
 * space and registers: a pid, its parent and children, the open files,
 * the working directory, credentials and, after it exited, its wait
 * status until the parent reaps it. One thread each for now; threads
 * (CLONE_THREAD) will share it.
 */
#ifndef _MOSAIC_PROCESS_H
#define _MOSAIC_PROCESS_H

#include <mosaic/compiler.h>
#include <mosaic/list.h>
#include <mosaic/types.h>

struct fdtable;
struct fs_struct;
struct ipc_space;
struct thread;

#define PID_MAX 32768
/* Processes at once, so a fork bomb ends in EAGAIN, not a dead kernel. */
#define PROCESS_MAX 256
#define SYSCALL_NR_MAX 1024

struct process {
	int pid;
	struct process *parent;		/* NULL for init */
	struct list_head children;	/* of struct process, by sibling */
	struct list_head sibling;
	struct thread *thread;		/* its only thread */
	struct fdtable *files;
	struct fs_struct *fs;
	/* IPC handles (kernel/ipc/); NULL until the process uses IPC. */
	struct ipc_space *ipc;
	u32 uid, gid;			/* 0: everything runs as root */
	int exit_status;		/* wait status, valid when zombie */
	bool zombie;
	u64 sigmask;			/* rt_sigprocmask; no delivery yet */
	unsigned long tid_address;	/* set_tid_address */
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
 * parent, console fds; reaped by itself when it exits): for the kernel's
 * tests of user programs. 0, -EAGAIN or -ENOMEM.
 */
int process_attach_kernel_thread(void);

/* End the calling process with a wait status (exit, a fatal signal). */
void process_exit(int status) __noreturn;

#endif /* _MOSAIC_PROCESS_H */
