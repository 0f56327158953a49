// SPDX-License-Identifier: GPL-2.0
/*
 * A build-like load: Debian's busybox sh (glibc, static) running a script
 * that, for each of N "source files", writes it and pipes it through
 * cat | tr | wc into an "object", then lists, sorts and counts the
 * results: about 3N + 15 short processes (N = 80 at the default scale),
 * each forked by the shell and exec'd through busybox's applets, with
 * pipes, redirections, file creation and removal in /tmp. One op is one
 * step (a pipeline of three processes and its file).
 */
#include <errno.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "wl.h"

#define BUSYBOX "/bin/busybox"

static const char script[] =
	"set -e\n"
	"d=/tmp/wl_build\n"
	"rm -rf $d\n"
	"mkdir -p $d\n"
	"cd $d\n"
	"i=0\n"
	"while [ $i -lt $N ]; do\n"
	"	echo \"int f$i(void) { return $i * 7; }\" > f$i.c\n"
	"	cat f$i.c | tr a-z A-Z | wc -c > f$i.o\n"
	"	i=$((i + 1))\n"
	"done\n"
	"ls *.o | wc -l > count\n"
	"cat *.o | sort -n | uniq | wc -l >> count\n"
	"[ \"$(head -n 1 count)\" -eq $N ]\n"
	"[ \"$(tail -n 1 count)\" -ge 2 ]\n"
	"cd /\n"
	"rm -rf $d\n";

/* The script's wait status, or -errno when it did not start. */
static int run_script(unsigned long n)
{
	char nvar[32];
	char *const argv[] = { "busybox", "sh", "-c", (char *)script, NULL };
	char *envp[] = { "PATH=/bin", nvar, NULL };
	int status;
	pid_t pid;

	snprintf(nvar, sizeof(nvar), "N=%lu", n);
	pid = fork();
	if (pid == 0) {
		execve(BUSYBOX, argv, envp);
		_exit(127);
	}
	if (pid < 0)
		return -errno;
	if (waitpid(pid, &status, 0) != pid)
		return -errno;
	return status;
}

int main(int argc, char **argv)
{
	unsigned long n;
	struct wl_time a, b;
	char why[64];
	int status;

	wl_setup(argc, argv);
	n = wl_iters(80);
	if (access(BUSYBOX, X_OK))
		return wl_fail("build_sh", BUSYBOX, errno);
	wl_start(&a);
	status = run_script(n);
	wl_stop(&b);
	if (status < 0)
		return wl_fail("build_sh", "fork or wait4", -status);
	if (status) {
		snprintf(why, sizeof(why), "the script failed (status %#x)",
			 status);
		return wl_fail("build_sh", why, 0);
	}
	wl_result("build_sh", n, &a, &b, NULL);
	return 0;
}
