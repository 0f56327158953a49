// SPDX-License-Identifier: GPL-2.0
/*
 * Debian's busybox (glibc, static, not built by us) running shell
 * command lines: each one's output, stdout and stderr together, must be
 * exactly what it prints under Linux; where the output depends on the
 * machine (the root directory, /proc) the test checks its shape. The
 * same program runs as init under Linux (make linux-user-test), which
 * is what keeps the expected texts honest.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ktap.h"

#define OUT_PATH "/tmp/utest_busybox.out"
#define OUT_MAX 65536

static char out[OUT_MAX];

/* Run `sh -c cmd` with its output in out[]; its wait status or -1. */
static int run_sh(const char *cmd)
{
	static char *envp[] = { "PATH=/bin:/sbin:/usr/bin:/usr/sbin",
				"HOME=/tmp", "TERM=linux", NULL };
	char *argv[] = { "/bin/sh", "-c", (char *)cmd, NULL };
	int status = -1, fd;
	ssize_t n;
	pid_t pid;

	out[0] = '\0';
	pid = fork();
	if (pid == 0) {
		fd = open(OUT_PATH, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
			_exit(126);
		close(fd);
		execve(argv[0], argv, envp);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	fd = open(OUT_PATH, O_RDONLY);
	n = fd < 0 ? -1 : read(fd, out, sizeof(out) - 1);
	out[n > 0 ? n : 0] = '\0';
	if (fd >= 0)
		close(fd);
	return status;
}

/* The command's output must be want, exactly. */
static void expect_output(const char *name, const char *cmd, const char *want)
{
	int status = run_sh(cmd);
	bool ok = status == 0 && !strcmp(out, want);

	if (!ok)
		ktap_diag("%s: status %#x, output \"%s\", want \"%s\"", cmd,
			  status, out, want);
	ktap_result(ok, name, "%s", cmd);
}

static int count_lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void test_exact_outputs(void)
{
	expect_output("echo", "echo hello world", "hello world\n");
	expect_output("pipeline_sort_head", "seq 1 10000 | sort -rn | head -3",
		      "10000\n9999\n9998\n");
	expect_output("while_loop",
		      "i=0; while [ $i -lt 5 ]; do echo $i; i=$((i+1)); done",
		      "0\n1\n2\n3\n4\n");
	expect_output("for_loop_tr", "for w in a b c; do echo $w; done | tr a-z A-Z",
		      "A\nB\nC\n");
	expect_output("grep", "printf 'apple\\nbanana\\ncherry\\n' | grep an",
		      "banana\n");
	expect_output("sed", "echo hello | sed s/l/L/g", "heLLo\n");
	expect_output("awk", "printf '1 2\\n3 4\\n' | awk '{s+=$1*$2} END {print s}'",
		      "14\n");
	expect_output("mkdir_cd_pwd",
		      "mkdir -p /tmp/bbt/a/b && cd /tmp/bbt/a/b && pwd",
		      "/tmp/bbt/a/b\n");
	expect_output("redirections",
		      "cd /tmp/bbt && echo one > f && echo two >> f && "
		      "cat < f && wc -l < f",
		      "one\ntwo\n2\n");
	expect_output("stderr_and_status",
		      "ls /no/such/dir 2>/dev/null; echo rc=$?", "rc=1\n");
	expect_output("ls_l_modes",
		      "cd /tmp/bbt && ls -l | grep -v '^total' | "
		      "awk '{print $1, $NF}'",
		      "drwxr-xr-x a\n-rw-r--r-- f\n");
	expect_output("exit_status", "sh -c 'exit 3'; echo $?", "3\n");
	expect_output("arithmetic_and_substitution",
		      "x=$(echo hi | tr h H); echo $x $((6*7))", "Hi 42\n");
	expect_output("xargs", "seq 1 100 | xargs -n 10 echo | tail -1",
		      "91 92 93 94 95 96 97 98 99 100\n");
	expect_output("sort_uniq",
		      "printf 'b\\na\\nb\\n' | sort | uniq -c | awk '{print $1 $2}'",
		      "1a\n2b\n");
	expect_output("many_processes",
		      "for i in $(seq 1 50); do echo $i | cat; done | wc -l",
		      "50\n");
	expect_output("rm_r", "rm -r /tmp/bbt && ls /tmp/bbt 2>/dev/null; echo $?",
		      "1\n");
}

/* Outputs that depend on the machine: their shape. */
static void test_machine_outputs(void)
{
	int status = run_sh("ls -l /");

	ktap_result(status == 0 && count_lines(out) >= 5 &&
			    strstr(out, " bin\n") && strstr(out, " tmp\n"),
		    "ls_l_root", "ls -l / lists bin and tmp");
	status = run_sh("find / -xdev | wc -l");
	ktap_result(status == 0 && atoi(out) > 100, "find_wc",
		    "find / -xdev | wc -l counts > 100 (%s)", out);
	status = run_sh("head -1 /proc/meminfo");
	ktap_result(status == 0 && !strncmp(out, "MemTotal:", 9),
		    "cat_proc_meminfo", "/proc/meminfo starts with MemTotal:");
}

/* Under Linux as init, /proc is not mounted yet. */
static void mount_proc(void)
{
	if (access("/proc/meminfo", R_OK) == 0)
		return;
	mkdir("/proc", 0555);
	mount("proc", "/proc", "proc", 0, NULL);
}

int main(int argc, char **argv)
{
	bool nested = argc > 1 && !strcmp(argv[1], "--nested");

	ktap_start("busybox", 20, nested);
	mount_proc();
	mkdir("/tmp", 01777);
	test_exact_outputs();
	test_machine_outputs();
	unlink(OUT_PATH);
	return ktap_finish();
}
