// SPDX-License-Identifier: GPL-2.0
/*
 * Processes, as Linux runs them: fork, vfork, clone, execve, exit and
 * wait4/waitid; exit statuses, copy-on-write isolation, orphans going to
 * the reaper, process groups and sessions, and a fork bomb that ends in
 * EAGAIN (or ENOMEM) with the system still working.
 *
 * `utest_proc --exec-child CODE ARGS...` is the program the execve
 * tests start: it checks its arguments and exits with CODE.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ktap.h"

#define NR_TESTS 35
#define BOMB_MAX 2000

static const char *self;

/* Fork a child that runs fn and exits with its value. */
static pid_t spawn(int (*fn)(void *), void *arg)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(fn(arg));
	return pid;
}

/* Reap pid; its wait status, or -1. */
static int reap(pid_t pid)
{
	int status;

	return waitpid(pid, &status, 0) == pid ? status : -1;
}

/* Reap pid: did it exit (not die of a signal) with code? */
static bool exits(pid_t pid, int code)
{
	int status = reap(pid);

	return status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == code;
}

static int exit_with(void *arg)
{
	return (int)(intptr_t)arg;
}

static void test_fork_exit_status(void)
{
	pid_t me = getpid();
	pid_t pid = fork();
	int status = -1;

	if (pid == 0)
		_exit(getppid() == me ? 42 : 1);
	KTAP_EXPECT("fork_returns_child_pid", pid > 0 && pid != me);
	KTAP_EXPECT("wait4_reaps_exit_code",
		    wait4(pid, &status, 0, NULL) == pid && WIFEXITED(status) &&
			    WEXITSTATUS(status) == 42);
	KTAP_EXPECT("wait4_echild_after_reap",
		    wait4(pid, &status, 0, NULL) == -1 && errno == ECHILD);
	KTAP_EXPECT("wait4_echild_no_children",
		    waitpid(-1, &status, WNOHANG) == -1 && errno == ECHILD);
	KTAP_EXPECT("wait4_bad_options",
		    waitpid(-1, &status, 0x100) == -1 && errno == EINVAL);
}

/* waitpid(-1) reaps whichever child is done first, each once. */
static void test_wait_any(void)
{
	pid_t a = spawn(exit_with, (void *)3);
	pid_t b = spawn(exit_with, (void *)4);
	int status, got = 0, sum = 0;

	for (int i = 0; i < 2; i++) {
		pid_t r = waitpid(-1, &status, 0);

		if (r == a || r == b) {
			got++;
			sum += WIFEXITED(status) ? WEXITSTATUS(status) : 100;
		}
	}
	KTAP_EXPECT("wait_any_reaps_both", got == 2 && sum == 7);
}

static void test_wnohang_running(void)
{
	pid_t pid = fork();
	int status = 0;

	if (pid == 0) {
		/* Long enough for the parent's WNOHANG to find us alive. */
		for (int i = 0; i < 200; i++)
			sched_yield();
		_exit(5);
	}
	KTAP_EXPECT("wnohang_running_child_gives_0",
		    waitpid(pid, &status, WNOHANG) == 0);
	KTAP_EXPECT("wait_after_wnohang", reap(pid) != -1);
}

static void test_waitid(void)
{
	siginfo_t si;
	pid_t pid = spawn(exit_with, (void *)9);

	memset(&si, 0xff, sizeof(si));
	KTAP_EXPECT("waitid_exited",
		    waitid(P_PID, pid, &si, WEXITED) == 0 &&
			    si.si_signo == SIGCHLD && si.si_pid == pid &&
			    si.si_code == CLD_EXITED && si.si_status == 9);
	KTAP_EXPECT("waitid_needs_wexited",
		    waitid(P_ALL, 0, &si, WNOHANG) == -1 && errno == EINVAL);
	KTAP_EXPECT("waitid_echild",
		    waitid(P_ALL, 0, &si, WEXITED | WNOHANG) == -1 &&
			    errno == ECHILD);
}

/* WNOWAIT leaves the zombie for the next wait. */
static void test_waitid_nowait(void)
{
	siginfo_t si;
	pid_t pid = spawn(exit_with, (void *)6);
	int status = -1;

	memset(&si, 0, sizeof(si));
	KTAP_EXPECT("waitid_wnowait_keeps_zombie",
		    waitid(P_PID, pid, &si, WEXITED | WNOWAIT) == 0 &&
			    si.si_pid == pid &&
			    waitpid(pid, &status, 0) == pid &&
			    WEXITSTATUS(status) == 6);
}

/* After fork each side has its own copy of every private page. */
static void test_cow_isolation(void)
{
	static volatile int data = 1;
	char *heap = malloc(8192);
	pid_t pid;

	heap[0] = 'p';
	heap[5000] = 'p';
	pid = fork();
	if (pid == 0) {
		int ok = data == 1 && heap[0] == 'p';

		data = 2;
		heap[0] = 'c';
		heap[5000] = 'c';
		_exit(ok && data == 2 && heap[5000] == 'c' ? 0 : 1);
	}
	KTAP_EXPECT("cow_child_sees_copy", exits(pid, 0));
	KTAP_EXPECT("cow_parent_unchanged",
		    data == 1 && heap[0] == 'p' && heap[5000] == 'p');
	free(heap);
}

/* vfork: the parent sleeps until the child exits; memory is shared. */
static void test_vfork(void)
{
	volatile int shared = 0;
	pid_t pid = vfork();

	if (pid == 0) {
		shared = 7;
		_exit(3);
	}
	KTAP_EXPECT("vfork_shares_memory_and_waits", pid > 0 && shared == 7);
	KTAP_EXPECT("vfork_child_status", exits(pid, 3));
}

static char *exec_argv[] = { NULL, "--exec-child", NULL, "two words", NULL };
static char *exec_envp[] = { "UTEST=exec", NULL };

/*
 * Run ourselves with --exec-child CODE in a child made by fork or vfork;
 * its wait status says whether exec worked and the arguments arrived.
 */
static pid_t spawn_exec(bool use_vfork, const char *code)
{
	pid_t pid;

	exec_argv[0] = (char *)self;
	exec_argv[2] = (char *)code;
	pid = use_vfork ? vfork() : fork();
	if (pid == 0) {
		execve(self, exec_argv, exec_envp);
		_exit(99);
	}
	return pid;
}

static void test_execve(void)
{
	KTAP_EXPECT("execve_runs_program_with_args",
		    exits(spawn_exec(false, "17"), 17));
	KTAP_EXPECT("execve_enoent",
		    execve("/no/such/program", exec_argv, exec_envp) == -1 &&
			    errno == ENOENT);
	KTAP_EXPECT("execve_efault_path",
		    syscall(SYS_execve, NULL, exec_argv, exec_envp) == -1 &&
			    errno == EFAULT);
	KTAP_EXPECT("execve_efault_argv",
		    syscall(SYS_execve, self, (char **)8, exec_envp) == -1 &&
			    errno == EFAULT);
	KTAP_EXPECT("execve_eacces_directory",
		    execve("/", exec_argv, exec_envp) == -1 && errno == EACCES);
}

/* vfork + execve, as posix_spawn and shells start programs. */
static void test_vfork_exec(void)
{
	KTAP_EXPECT("vfork_execve", exits(spawn_exec(true, "23"), 23));
}

/*
 * An orphan is adopted by the reaper: init, or the process the kernel
 * runs us in. Then it is ours to reap, and it saw us as its parent.
 */
static void test_orphan(void)
{
	pid_t me = getpid(), mid = fork(), orphan;
	int status = -1;

	if (mid == 0) {
		if (fork() == 0) {
			/* Wait until the middle process is gone. */
			while (getppid() != me && getppid() != 1)
				sched_yield();
			_exit(getppid() == me ? 0 : 1);
		}
		_exit(0);
	}
	reap(mid);
	orphan = waitpid(-1, &status, 0);
	KTAP_EXPECT("orphan_reparented_to_reaper",
		    orphan > 0 && orphan != mid && WIFEXITED(status) &&
			    WEXITSTATUS(status) == 0);
}

static int check_pgrp(void *arg)
{
	pid_t me = getpid();

	(void)arg;
	if (getpgrp() == me)
		return 1;	/* a fresh child is in its parent's group */
	if (setpgid(0, 0) || getpgrp() != me)
		return 2;
	if (setsid() != -1 || errno != EPERM)
		return 3;	/* now a group leader: no new session */
	return 0;
}

static int new_session(void *arg)
{
	pid_t me = getpid();

	(void)arg;
	if (setsid() != me || getsid(0) != me || getpgid(0) != me)
		return 1;
	return setpgid(0, 0) == -1 && errno == EPERM ? 0 : 2;
}

static void test_pgrp_session(void)
{
	pid_t pid;

	KTAP_EXPECT("setpgid_in_child", exits(spawn(check_pgrp, NULL), 0));
	KTAP_EXPECT("setsid_in_child", exits(spawn(new_session, NULL), 0));
	KTAP_EXPECT("getpgid_esrch", getpgid(4000000) == -1 &&
				     errno == ESRCH);
	pid = spawn(exit_with, 0);
	/* The parent may move its child; then the child is reaped. */
	KTAP_EXPECT("setpgid_einval", setpgid(0, -1) == -1 && errno == EINVAL);
	reap(pid);
	KTAP_EXPECT("setpgid_esrch_not_child",
		    setpgid(pid, pid) == -1 && errno == ESRCH);
}

/* A thread by raw clone: shares memory, gets its own tid, wakes nobody. */
static char thread_stack[16384] __attribute__((aligned(16)));
static volatile int thread_ran;

static int thread_fn(void *arg)
{
	(void)arg;
	thread_ran = (int)syscall(SYS_gettid);
	syscall(SYS_exit, 0);
	return 0;
}

static void test_clone_thread(void)
{
	volatile pid_t ctid = -1;
	int flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND |
		    CLONE_THREAD | CLONE_SYSVSEM | CLONE_CHILD_CLEARTID |
		    CLONE_PARENT_SETTID;
	pid_t ptid = 0;
	int tid = clone(thread_fn, thread_stack + sizeof(thread_stack), flags,
			NULL, &ptid, NULL, &ctid);

	/* CLONE_CHILD_CLEARTID zeroes ctid when the thread is gone. */
	for (int i = 0; tid > 0 && ctid != 0 && i < 1000000; i++)
		sched_yield();
	KTAP_EXPECT("clone_thread_runs", tid > 0 && thread_ran == tid &&
			  tid != getpid() && ptid == tid);
	KTAP_EXPECT("clone_thread_cleartid", tid > 0 && ctid == 0);
	KTAP_EXPECT("clone_bad_flags",
		    clone(thread_fn, thread_stack + sizeof(thread_stack),
			  CLONE_THREAD, NULL) == -1 && errno == EINVAL);
}

/* Zombies pile up until fork says EAGAIN (or ENOMEM); then all is well. */
static void test_fork_bomb(void)
{
	static pid_t kids[BOMB_MAX];
	int n = 0, err = 0, reaped = 0;

	while (n < BOMB_MAX) {
		pid_t pid = fork();

		if (pid == 0)
			_exit(0);
		if (pid < 0) {
			err = errno;
			break;
		}
		kids[n++] = pid;
	}
	for (int i = 0; i < n; i++)
		reaped += reap(kids[i]) == 0;
	ktap_diag("forked %d children before %s", n,
		  err ? strerror(err) : "the test's own limit");
	KTAP_EXPECT("fork_bomb_refused_cleanly",
		    (err == 0 || err == EAGAIN || err == ENOMEM) &&
			    reaped == n);
	KTAP_EXPECT("fork_works_after_bomb",
		    exits(spawn(exit_with, (void *)8), 8));
}

/* A deep recursion: the stack area grows down on faults, 2 MiB of it. */
static int recurse(int depth)
{
	volatile char frame[4096];

	frame[0] = (char)depth;
	frame[4095] = (char)depth;
	return depth ? recurse(depth - 1) + frame[0] - frame[4095] : 0;
}

static int deep_stack(void *arg)
{
	(void)arg;
	return recurse(512);
}

static void test_stack_growth(void)
{
	KTAP_EXPECT("stack_grows_on_demand",
		    exits(spawn(deep_stack, NULL), 0));
}

/*
 * Each of two processes fills the 16 SSE registers with its own pattern
 * and checks them again and again across preemptions: a switch that
 * lost or mixed FPU state would show here.
 */
static int sse_spin(void *arg)
{
	uint64_t pat = (uint64_t)(uintptr_t)arg * 0x0101010101010101ULL;
	uint64_t out[2];

	__asm__ volatile("movq %0, %%xmm0\n\t"
			 "punpcklqdq %%xmm0, %%xmm0\n\t"
			 "movdqa %%xmm0, %%xmm1\n\t"
			 "movdqa %%xmm0, %%xmm15\n\t"
			 : : "r"(pat) : "xmm0", "xmm1", "xmm15");
	for (long i = 0; i < 3000000; i++) {
		__asm__ volatile("movdqu %%xmm15, %0" : "=m"(out) : : "memory");
		if (out[0] != pat || out[1] != pat)
			return 1;
		if ((i & 0xffff) == 0)
			sched_yield();
	}
	__asm__ volatile("movdqu %%xmm1, %0" : "=m"(out) : : "memory");
	return out[0] == pat && out[1] == pat ? 0 : 2;
}

static void test_sse_isolation(void)
{
	pid_t a = spawn(sse_spin, (void *)0x5a);
	pid_t b = spawn(sse_spin, (void *)0xa5);
	int sa = reap(a), sb = reap(b);

	KTAP_EXPECT("sse_state_isolated_across_switches",
		    WIFEXITED(sa) && WEXITSTATUS(sa) == 0 && WIFEXITED(sb) &&
			    WEXITSTATUS(sb) == 0);
}

static int exec_child(int argc, char **argv)
{
	const char *env = getenv("UTEST");

	if (argc != 4 || strcmp(argv[3], "two words") || !env ||
	    strcmp(env, "exec") || strcmp((char *)getauxval(AT_EXECFN), self))
		return 1;
	return atoi(argv[2]);
}

int main(int argc, char **argv)
{
	bool nested = argc > 1 && !strcmp(argv[1], "--nested");

	self = (const char *)getauxval(AT_EXECFN);
	if (argc > 1 && !strcmp(argv[1], "--exec-child"))
		return exec_child(argc, argv);
	ktap_start("proc", NR_TESTS, nested);
	test_fork_exit_status();
	test_wait_any();
	test_wnohang_running();
	test_waitid();
	test_waitid_nowait();
	test_cow_isolation();
	test_vfork();
	test_execve();
	test_vfork_exec();
	test_orphan();
	test_pgrp_session();
	test_clone_thread();
	test_fork_bomb();
	test_stack_growth();
	test_sse_isolation();
	return ktap_finish();
}
