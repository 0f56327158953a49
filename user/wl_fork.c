// SPDX-License-Identifier: GPL-2.0
/*
 * Process creation, as lmbench's lat_proc: fork then _exit in the child
 * and wait4 in the parent (fork_exit), and the same with an execve of a
 * small static binary, /bin/wltrue, in the child (fork_exec).
 */
#include <errno.h>
#include <sys/wait.h>
#include <unistd.h>

#include "wl.h"

#define WARMUP 5
#define TRUE_PROG "/bin/wltrue"

static void __attribute__((noreturn)) child_exec(void)
{
	char *const argv[] = { TRUE_PROG, NULL };
	char *const envp[] = { NULL };

	execve(TRUE_PROG, argv, envp);
	_exit(127);
}

/* One fork, the child exits or execs; 0, or the errno / -1 (bad status). */
static int spawn_wait(int exec)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		if (exec)
			child_exec();
		_exit(0);
	}
	if (pid < 0)
		return errno;
	if (waitpid(pid, &status, 0) != pid)
		return errno;
	return status == 0 ? 0 : -1;
}

static int bench(const char *name, int exec, unsigned long n)
{
	struct wl_time a, b;
	int err = 0;

	for (int i = 0; i < WARMUP && !err; i++)
		err = spawn_wait(exec);
	if (err > 0)
		return wl_fail(name, "fork or wait4", err);
	if (err)
		return wl_fail(name,
			       exec ? "execve " TRUE_PROG " (the child "
				      "exited non-zero)" :
				      "the child's exit status",
			       0);
	wl_start(&a);
	for (unsigned long i = 0; i < n && !err; i++)
		err = spawn_wait(exec);
	wl_stop(&b);
	if (err)
		return wl_fail(name, "fork, exec or wait4 failed mid-run",
			       err > 0 ? err : 0);
	wl_result(name, n, &a, &b, NULL);
	return 0;
}

int main(int argc, char **argv)
{
	int status;

	wl_setup(argc, argv);
	status = bench("fork_exit", 0, wl_iters(400));
	status |= bench("fork_exec", 1, wl_iters(200));
	return status;
}
