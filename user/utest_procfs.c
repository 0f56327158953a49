// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/<pid>, as Linux shows it (proc(5)): /proc/self/stat against
 * getpid, getppid, getpgrp and getsid; status; maps with the stack and
 * the program; cmdline and environ equal to argv and envp; the exe, cwd
 * and fd/ links; a forked child's directory, its zombie state and its
 * removal when reaped; /proc/stat, /proc/loadavg, /proc/uptime.
 *
 * As init under Linux nothing is mounted: the suite mounts proc itself
 * if /proc/self is missing (where mount(2) does not exist, /proc is
 * mounted already). A case that needs readlink(2), getdents64(2) or
 * pipe(2) skips where the kernel has no such system call.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ktap.h"

#define NR_TESTS 36
#define BUF_SIZE 16384

extern char **environ;

static char buf[BUF_SIZE];
static const char *self_path;

/* The whole of a /proc file into buf (NUL-terminated); its length or -1. */
static ssize_t slurp(const char *path)
{
	int fd = open(path, O_RDONLY);
	ssize_t n, total = 0;

	if (fd < 0)
		return -1;
	while ((n = read(fd, buf + total, sizeof(buf) - 1 - (size_t)total)) > 0)
		total += n;
	close(fd);
	buf[total] = '\0';
	return n < 0 ? -1 : total;
}

/* The value after "Key:\t" in status text, or NULL. */
static const char *status_field(const char *text, const char *key)
{
	size_t len = strlen(key);

	for (const char *line = text; line && *line;) {
		if (!strncmp(line, key, len) && line[len] == ':' &&
		    line[len + 1] == '\t')
			return line + len + 2;
		line = strchr(line, '\n');
		line = line ? line + 1 : NULL;
	}
	return NULL;
}

static bool status_is(const char *text, const char *key, const char *want)
{
	const char *v = status_field(text, key);

	return v && !strncmp(v, want, strlen(want)) && v[strlen(want)] == '\n';
}

/*
 * After a failed readlink or readdir: without the system call, skip the
 * n results of the case (true); otherwise run it (false).
 */
static bool skip_enosys(const char *name, int n)
{
	if (errno != ENOSYS)
		return false;
	for (int i = 0; i < n; i++)
		ktap_result(true, name, "%s", "");
	return true;
}

#define SKIP_NAME(n) n " # SKIP no readlink or getdents64 system call"

static void mount_proc_if_needed(void)
{
	struct stat st;

	if (stat("/proc/self", &st) == 0)
		return;
	mkdir("/proc", 0555);
	if (mount("proc", "/proc", "proc", 0, NULL))
		ktap_diag("mount proc: %s", strerror(errno));
}

/* stat's fields after "pid (comm) ": the comm and the rest split up. */
struct stat_line {
	int pid;
	char comm[64];
	char state;
	long f[64];		/* f[4] is field 4 (ppid) ... as proc(5) */
	int count;		/* fields in all */
};

static bool parse_stat(const char *text, struct stat_line *s)
{
	const char *open = strchr(text, '('), *close = strrchr(text, ')');
	const char *p;
	char *end;

	memset(s, 0, sizeof(*s));
	if (!open || !close || close < open || close - open > 63)
		return false;
	s->pid = atoi(text);
	memcpy(s->comm, open + 1, (size_t)(close - open - 1));
	if (close[1] != ' ' || !close[2])
		return false;
	s->state = close[2];
	s->count = 3;
	for (p = close + 3; *p == ' ' && s->count < 63;) {
		long v = strtol(p + 1, &end, 10);

		if (end == p + 1)
			break;
		s->f[++s->count] = v;
		p = end;
	}
	return *p == '\n';
}

static void test_self_stat(void)
{
	struct stat_line s;
	bool ok = slurp("/proc/self/stat") > 0 && parse_stat(buf, &s);
	const char *base = strrchr(self_path, '/');

	base = base ? base + 1 : self_path;
	KTAP_EXPECT("stat_parses_52_fields", ok && s.count == 52);
	KTAP_EXPECT("stat_pid_comm_state",
		    s.pid == getpid() && !strncmp(s.comm, base, 15) &&
			    s.state == 'R');
	KTAP_EXPECT("stat_ppid_pgrp_session",
		    s.f[4] == getppid() && s.f[5] == getpgrp() &&
			    s.f[6] == getsid(0));
	/* num_threads 1, itrealvalue 0, vsize and rss not 0, rsslim. */
	KTAP_EXPECT("stat_threads_and_memory",
		    s.f[20] == 1 && s.f[21] == 0 && s.f[23] > 0 && s.f[24] > 0);
	KTAP_EXPECT("stat_exit_signal_sigchld",
		    s.f[38] == 17);
	/* The argument strings lie between arg_start and arg_end. */
	KTAP_EXPECT("stat_arg_range",
		    s.f[48] > 0 && s.f[49] > s.f[48] && s.f[50] == s.f[49] &&
			    s.f[51] >= s.f[50]);
}

static void test_self_status(void)
{
	char want[32];
	const char *base = strrchr(self_path, '/');
	bool ok = slurp("/proc/self/status") > 0;

	base = base ? base + 1 : self_path;
	snprintf(want, sizeof(want), "%.15s", base);
	KTAP_EXPECT("status_name_first", ok && !strncmp(buf, "Name:\t", 6) &&
						 status_is(buf, "Name", want));
	KTAP_EXPECT("status_state_running", status_is(buf, "State", "R (running)"));
	snprintf(want, sizeof(want), "%d", getpid());
	KTAP_EXPECT("status_tgid_pid",
		    status_is(buf, "Tgid", want) && status_is(buf, "Pid", want));
	snprintf(want, sizeof(want), "%d", getppid());
	KTAP_EXPECT("status_ppid", status_is(buf, "PPid", want));
	snprintf(want, sizeof(want), "%d\t%d\t%d\t%d", getuid(), geteuid(),
		 getuid(), getuid());
	KTAP_EXPECT("status_uid", status_is(buf, "Uid", want));
	KTAP_EXPECT("status_threads_vm",
		    status_is(buf, "Threads", "1") && status_field(buf, "VmRSS") &&
			    status_field(buf, "VmSize") &&
			    strstr(buf, "\nVmSize:\t") < strstr(buf, "\nVmRSS:\t"));
}

/* The line of maps whose range holds addr, into line; false if none. */
static bool maps_line_of(unsigned long addr, char *line, size_t size)
{
	for (char *p = buf; *p;) {
		char *nl = strchr(p, '\n');
		unsigned long lo, hi;
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		if (sscanf(p, "%lx-%lx", &lo, &hi) == 2 && lo <= addr &&
		    addr < hi) {
			snprintf(line, size, "%.*s", (int)len, p);
			return true;
		}
		p += len + (nl ? 1 : 0);
	}
	return false;
}

static void test_self_maps(void)
{
	char line[512];
	int local = 0;
	bool ok = slurp("/proc/self/maps") > 0;

	KTAP_EXPECT("maps_stack_holds_a_local",
		    ok && maps_line_of((unsigned long)&local, line, sizeof(line)) &&
			    strstr(line, " rw-p ") && strstr(line, "[stack]"));
	KTAP_EXPECT("maps_code_is_the_program",
		    maps_line_of((unsigned long)&test_self_maps, line,
				 sizeof(line)) &&
			    strstr(line, " r-xp ") &&
			    !strcmp(line + strlen(line) - strlen(self_path),
				    self_path) &&
			    line[73 - 1] == ' ' && line[73] == '/');
}

/* The strings of vec, each with its NUL, back to back. */
static size_t join(char *out, size_t size, char **vec)
{
	size_t n = 0;

	for (; *vec; vec++) {
		size_t len = strlen(*vec) + 1;

		if (n + len > size)
			return (size_t)-1;
		memcpy(out + n, *vec, len);
		n += len;
	}
	return n;
}

static void test_cmdline_environ(char **argv)
{
	static char want[BUF_SIZE];
	size_t n = join(want, sizeof(want), argv);
	ssize_t got = slurp("/proc/self/cmdline");

	KTAP_EXPECT("cmdline_is_argv", got == (ssize_t)n && !memcmp(buf, want, n));
	n = join(want, sizeof(want), environ);
	got = slurp("/proc/self/environ");
	KTAP_EXPECT("environ_is_envp", got == (ssize_t)n && !memcmp(buf, want, n));
}

static void test_links(void)
{
	char want[64];
	char got[256];
	ssize_t n = readlink("/proc/self/exe", got, sizeof(got) - 1);

	if (n < 0 && skip_enosys(SKIP_NAME("links"), 4))
		return;
	got[n > 0 ? n : 0] = '\0';
	KTAP_EXPECT("exe_is_the_program", n > 0 && !strcmp(got, self_path));
	n = readlink("/proc/self", got, sizeof(got) - 1);
	got[n > 0 ? n : 0] = '\0';
	snprintf(want, sizeof(want), "%d", getpid());
	KTAP_EXPECT("self_is_the_pid", n > 0 && !strcmp(got, want));
	n = readlink("/proc/thread-self", got, sizeof(got) - 1);
	got[n > 0 ? n : 0] = '\0';
	snprintf(want, sizeof(want), "%d/task/%ld", getpid(), syscall(SYS_gettid));
	KTAP_EXPECT("thread_self_is_the_task", n > 0 && !strcmp(got, want));
	n = readlink("/proc/self/cwd", got, sizeof(got) - 1);
	KTAP_EXPECT("cwd_is_root", n == 1 && got[0] == '/');
}

/* Which of fds 0..2 /proc/self/fd lists (bit per fd), or -1. */
static int listed_std_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int seen = 0;

	if (!d)
		return -1;
	errno = 0;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, "0") || !strcmp(e->d_name, "1") ||
		    !strcmp(e->d_name, "2"))
			seen |= 1 << atoi(e->d_name);
	}
	if (errno)
		seen = -1;
	closedir(d);
	return seen;
}

static void test_fd_dir(void)
{
	char path[64], got[64], want[64];
	int p[2], seen = listed_std_fds();
	struct stat st;
	ssize_t n;

	if (seen < 0 && skip_enosys(SKIP_NAME("fd_dir"), 4))
		return;
	KTAP_EXPECT("fd_dir_lists_0_1_2", seen == 7);
	n = readlink("/proc/self/fd/0", got, sizeof(got) - 1);
	got[n > 0 ? n : 0] = '\0';
	KTAP_EXPECT("fd_0_is_the_console", !strcmp(got, "/dev/console"));
	if (pipe(p)) {
		if (!skip_enosys("fd_pipe # SKIP no pipe system call", 2))
			KTAP_EXPECT("fd_pipe_link", false);
		return;
	}
	fstat(p[0], &st);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", p[0]);
	snprintf(want, sizeof(want), "pipe:[%lu]", (unsigned long)st.st_ino);
	n = readlink(path, got, sizeof(got) - 1);
	got[n > 0 ? n : 0] = '\0';
	KTAP_EXPECT("fd_pipe_link", !strcmp(got, want));
	close(p[0]);
	close(p[1]);
	n = readlink(path, got, sizeof(got) - 1);
	KTAP_EXPECT("fd_closed_is_gone", n == -1 && errno == ENOENT);
}

/* Until the child's stat shows state Z; its state at the end. */
static char wait_for_zombie(const char *path)
{
	struct stat_line s = { .state = '?' };

	for (int i = 0; i < 10000; i++) {
		if (slurp(path) > 0 && parse_stat(buf, &s) && s.state == 'Z')
			break;
		sched_yield();
	}
	return s.state;
}

static void test_child(void)
{
	char dir[32], path[48];
	struct stat_line s;
	struct stat st;
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		sched_yield();
		_exit(3);
	}
	snprintf(dir, sizeof(dir), "/proc/%d", pid);
	snprintf(path, sizeof(path), "%s/stat", dir);
	KTAP_EXPECT("child_appears", stat(dir, &st) == 0 && S_ISDIR(st.st_mode));
	KTAP_EXPECT("child_stat_names_parent",
		    slurp(path) > 0 && parse_stat(buf, &s) && s.pid == pid &&
			    s.f[4] == getpid());
	KTAP_EXPECT("zombie_state_z", wait_for_zombie(path) == 'Z');
	/* A zombie's exit_code is its wait status; it has no memory. */
	KTAP_EXPECT("zombie_exit_code_no_memory",
		    parse_stat(buf, &s) && s.f[52] == 3 << 8 && s.f[23] == 0 &&
			    s.f[24] == 0);
	snprintf(path, sizeof(path), "%s/cmdline", dir);
	KTAP_EXPECT("zombie_cmdline_empty", slurp(path) == 0);
	snprintf(path, sizeof(path), "%s/status", dir);
	KTAP_EXPECT("zombie_status",
		    slurp(path) > 0 && status_is(buf, "State", "Z (zombie)"));
	KTAP_EXPECT("reaped", waitpid(pid, &status, 0) == pid &&
				      WEXITSTATUS(status) == 3);
	KTAP_EXPECT("child_gone_after_reap",
		    stat(dir, &st) == -1 && errno == ENOENT);
}

static void test_system_files(void)
{
	unsigned long long user, nice, sys, idle;
	double a1, a5, a15, up, idle_s;
	int running, total, last;
	struct stat st;

	KTAP_EXPECT("proc_stat_cpu_line",
		    slurp("/proc/stat") > 0 &&
			    sscanf(buf, "cpu  %llu %llu %llu %llu", &user, &nice,
				   &sys, &idle) == 4 &&
			    strstr(buf, "\nbtime ") && strstr(buf, "\nprocesses "));
	KTAP_EXPECT("proc_loadavg",
		    slurp("/proc/loadavg") > 0 &&
			    sscanf(buf, "%lf %lf %lf %d/%d %d", &a1, &a5, &a15,
				   &running, &total, &last) == 6 &&
			    running >= 1 && total >= running && last > 0);
	KTAP_EXPECT("proc_uptime",
		    slurp("/proc/uptime") > 0 &&
			    sscanf(buf, "%lf %lf", &up, &idle_s) == 2 && up > 0);
	KTAP_EXPECT("proc_task_dir",
		    slurp("/proc/self/task/0/stat") < 0 &&
			    stat("/proc/self/task", &st) == 0);
}

int main(int argc, char **argv)
{
	bool nested = argc > 1 && !strcmp(argv[1], "--nested");

	self_path = (const char *)getauxval(AT_EXECFN);
	ktap_start("procfs", NR_TESTS, nested);
	mount_proc_if_needed();
	test_self_stat();
	test_self_status();
	test_self_maps();
	test_cmdline_environ(argv);
	test_links();
	test_fd_dir();
	test_child();
	test_system_files();
	return ktap_finish();
}
