// SPDX-License-Identifier: GPL-2.0
/*
 * The workload runner: the same program is /init under Linux and
 * init=/bin/wlrun under Mosaic (`make workloads`, scripts/compare), so
 * both systems run the very same binaries the very same way.
 *
 *   wlrun                 as init: stamp the boot, time a shell's start,
 *                         run every workload of /etc/workloads, print
 *                         BENCH-END N and power off
 *   wlrun --stamp NAME    print one boot stamp (used by the shell)
 *
 * Options come from argv (--scale N, --icount S, --timeout SEC,
 * --only A,B, --skip A,B, --no-shell) and from the kernel command line
 * in /proc/cmdline (wl.scale=, wl.icount=, wl.timeout=, wl.only=,
 * wl.skip=, wl.shell=0), so a boot selects them without a rebuild.
 *
 * Lines it prints (Documentation/compare.md):
 *   BENCH {"family":"boot","name":"first_user"|"shell_prompt","tsc":T,
 *          "idle_ns":I,"clock_ns":C,"icount_shift":S}   T: the TSC
 *          (since power-on) at that point; I: the time the CPU had been
 *          idle by then (/proc/uptime); C: CLOCK_BOOTTIME
 *          ("first_user" only as init)
 *   wlrun: start NAME         before each workload (a hang names it)
 *   BENCH {"family":"wlrun","name":NAME,"status":"ok"|"failed"|
 *          "killed"|"timeout","exit":N,"cycles":C,"idle_ns":I}
 *   BENCH-END N               N workloads were run
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "wl.h"

#define LIST_PATH "/etc/workloads"
#define SHELL_RC "/tmp/wl_shrc"
#define BUSYBOX "/bin/busybox"
#define MAX_WORKLOADS 64
#define NAME_MAX_LEN 32

struct options {
	char scale[16];
	char icount[8];
	unsigned int timeout;
	char only[256];
	char skip[256];
	bool shell;
};

static struct options opt = { .scale = "4", .timeout = 600, .shell = true };
static volatile sig_atomic_t alarmed;

static int64_t idle_ns(void);

/* Read a small file into buf (NUL-terminated); its length or -1. */
static ssize_t read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t n, len = 0;

	if (fd < 0)
		return -1;
	while (len < (ssize_t)size - 1 &&
	       (n = read(fd, buf + len, size - 1 - len)) > 0)
		len += n;
	close(fd);
	buf[len] = '\0';
	return len;
}

/*
 * A boot stamp: the TSC taken first thing, the idle time so far, the
 * kernel's own clock (CLOCK_BOOTTIME: Linux starts it after unpacking
 * itself) and the -icount shift, each left out where unknown.
 */
static void stamp(const char *name, uint64_t tsc)
{
	char idle[40] = "", clock[40] = "", shift[32] = "";
	int64_t idle_time = idle_ns();
	struct timespec ts;

	if (idle_time >= 0)
		snprintf(idle, sizeof(idle), ",\"idle_ns\":%lld",
			 (long long)idle_time);
	if (!clock_gettime(CLOCK_BOOTTIME, &ts))
		snprintf(clock, sizeof(clock), ",\"clock_ns\":%lld",
			 (long long)ts.tv_sec * 1000000000 + ts.tv_nsec);
	if (opt.icount[0])
		snprintf(shift, sizeof(shift), ",\"icount_shift\":%s",
			 opt.icount);
	wl_emit("\"family\":\"boot\",\"name\":\"%s\",\"tsc\":%llu%s%s%s", name,
		(unsigned long long)tsc, idle, clock, shift);
}

/*
 * The second field of /proc/uptime, the CPU's idle time (centiseconds
 * in Linux's format): idle time passes under -icount without
 * instructions, so the boot's instruction count leaves it out.
 */
static int64_t idle_ns(void)
{
	char buf[128], *p;
	int64_t whole, cents = 0;

	if (read_file("/proc/uptime", buf, sizeof(buf)) <= 0)
		return -1;
	p = strchr(buf, ' ');
	if (!p)
		return -1;
	whole = strtoll(p + 1, &p, 10);
	if (*p == '.')
		cents = strtoll(p + 1, NULL, 10);
	return (whole * 100 + cents) * 10000000;
}

static void set_option(const char *key, const char *val)
{
	if (!strcmp(key, "scale"))
		snprintf(opt.scale, sizeof(opt.scale), "%s", val);
	else if (!strcmp(key, "icount"))
		snprintf(opt.icount, sizeof(opt.icount), "%s", val);
	else if (!strcmp(key, "timeout"))
		opt.timeout = strtoul(val, NULL, 10);
	else if (!strcmp(key, "only"))
		snprintf(opt.only, sizeof(opt.only), "%s", val);
	else if (!strcmp(key, "skip"))
		snprintf(opt.skip, sizeof(opt.skip), "%s", val);
	else if (!strcmp(key, "shell"))
		opt.shell = strcmp(val, "0") != 0;
}

/* wl.KEY=VALUE words of the kernel command line. */
static void options_from_cmdline(void)
{
	char buf[1024], *save, *word;

	if (read_file("/proc/cmdline", buf, sizeof(buf)) <= 0)
		return;
	for (word = strtok_r(buf, " \n", &save); word;
	     word = strtok_r(NULL, " \n", &save)) {
		char *eq = strchr(word, '=');

		if (strncmp(word, "wl.", 3) || !eq)
			continue;
		*eq = '\0';
		set_option(word + 3, eq + 1);
	}
}

static void options_from_argv(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--no-shell"))
			opt.shell = false;
		else if (!strncmp(argv[i], "--", 2) && i + 1 < argc) {
			set_option(argv[i] + 2, argv[i + 1]);
			i++;
		}
	}
}

/* name is in the comma-separated list. */
static bool listed(const char *list, const char *name)
{
	size_t len = strlen(name);

	for (const char *p = list; *p;) {
		const char *end = strchrnul(p, ',');

		if ((size_t)(end - p) == len && !strncmp(p, name, len))
			return true;
		p = *end ? end + 1 : end;
	}
	return false;
}

/* Under Linux, init finds /proc unmounted (Mosaic mounts it itself). */
static void mount_proc(void)
{
	if (access("/proc/uptime", R_OK) == 0)
		return;
	mkdir("/proc", 0555);
	mount("proc", "/proc", "proc", 0, NULL);
}

static void on_alarm(int sig)
{
	alarmed = 1;
}

/* A guard against a workload that hangs; false where there is no alarm. */
static bool arm_timeout(unsigned int secs)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	struct itimerval it = { .it_value = { secs, 0 } };

	alarmed = 0;
	if (!secs || sigaction(SIGALRM, &sa, NULL))
		return false;
	return setitimer(ITIMER_REAL, &it, NULL) == 0;
}

static void disarm_timeout(void)
{
	struct itimerval it = { 0 };

	setitimer(ITIMER_REAL, &it, NULL);
}

/* Wait for pid; on the alarm, kill it. Its wait status, or -1. */
static int wait_guarded(pid_t pid, bool *timed_out)
{
	int status;

	for (;;) {
		pid_t got = waitpid(pid, &status, 0);

		if (got == pid)
			return status;
		if (got < 0 && errno == EINTR && alarmed) {
			*timed_out = true;
			kill(pid, SIGKILL);
			alarmed = 0;
			continue;
		}
		if (got < 0 && errno != EINTR)
			return -1;
	}
}

static pid_t spawn(const char *path, char *const argv[], char *const envp[],
		   int in, int out, int err, int fd3)
{
	pid_t pid = fork();

	if (pid)
		return pid;
	if (fd3 >= 0 && fd3 != 3)
		dup2(fd3, 3);
	if (in >= 0)
		dup2(in, 0);
	if (out >= 0)
		dup2(out, 1);
	if (err >= 0)
		dup2(err, 2);
	execve(path, argv, envp);
	_exit(127);
}

/*
 * An interactive busybox sh reads $ENV just before its first prompt: a
 * file that stamps the time and exits marks "boot to the shell prompt".
 */
static void time_shell(void)
{
	static const char rc[] =
		"/bin/wlrun --stamp shell_prompt >&3\nexit 0\n";
	char *const argv[] = { "sh", "-i", NULL };
	char *const envp[] = { "ENV=" SHELL_RC, "PATH=/bin", "HOME=/", NULL };
	int fd, null, status = -1;
	bool timed_out = false;
	pid_t pid;

	if (!opt.shell || access(BUSYBOX, X_OK))
		return;
	mkdir("/tmp", 01777);
	fd = open(SHELL_RC, O_CREAT | O_TRUNC | O_WRONLY, 0644);
	if (fd < 0 || write(fd, rc, sizeof(rc) - 1) != sizeof(rc) - 1) {
		wl_fail("shell_prompt", "writing " SHELL_RC, errno);
		if (fd >= 0)
			close(fd);
		return;
	}
	close(fd);
	null = open("/dev/null", O_RDWR);
	pid = spawn(BUSYBOX, argv, envp, null, null, null, STDOUT_FILENO);
	if (pid > 0) {
		arm_timeout(opt.timeout);
		status = wait_guarded(pid, &timed_out);
		disarm_timeout();
	}
	if (null >= 0)
		close(null);
	if (timed_out)
		wl_fail("shell_prompt", "busybox sh -i timed out", 0);
	else if (status != 0)
		wl_fail("shell_prompt", "busybox sh -i failed",
			pid < 0 ? errno : 0);
}

static const char *verdict(int status, bool timed_out)
{
	if (timed_out)
		return "timeout";
	if (status < 0)
		return "failed";
	if (WIFSIGNALED(status))
		return "killed";
	return WEXITSTATUS(status) ? "failed" : "ok";
}

/* As a shell reports it: the exit code, 128 + a killing signal, or -1. */
static int exit_code(int status)
{
	if (status < 0)
		return -1;
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

static void run_workload(const char *name)
{
	char path[NAME_MAX_LEN + 8];
	char *argv[8] = { (char *)name, "--scale", opt.scale, NULL };
	char *const envp[] = { "PATH=/bin", "HOME=/", NULL };
	bool timed_out = false;
	int status = -1, code;
	int64_t idle0 = idle_ns();
	uint64_t t0;
	pid_t pid;

	if (opt.icount[0]) {
		argv[3] = "--icount";
		argv[4] = opt.icount;
	}
	snprintf(path, sizeof(path), "/bin/%s", name);
	printf("wlrun: start %s\n", name);
	fflush(stdout);
	t0 = wl_rdtsc();
	pid = spawn(path, argv, envp, -1, -1, -1, -1);
	if (pid > 0) {
		arm_timeout(opt.timeout);
		status = wait_guarded(pid, &timed_out);
		disarm_timeout();
	}
	code = exit_code(status);
	wl_emit("\"family\":\"wlrun\",\"name\":\"%s\",\"status\":\"%s\","
		"\"exit\":%d,\"cycles\":%llu,\"idle_ns\":%lld",
		name, verdict(status, timed_out), code,
		(unsigned long long)(wl_rdtsc() - t0),
		(long long)(idle_ns() - idle0));
}

/* The names in /etc/workloads, selected by --only and --skip. */
static int read_list(char names[][NAME_MAX_LEN], int max)
{
	char buf[2048], *save, *word;
	int n = 0;

	if (read_file(LIST_PATH, buf, sizeof(buf)) < 0) {
		wl_fail("wlrun", "reading " LIST_PATH, errno);
		return 0;
	}
	for (word = strtok_r(buf, " \t\n", &save); word && n < max;
	     word = strtok_r(NULL, " \t\n", &save)) {
		if ((opt.only[0] && !listed(opt.only, word)) ||
		    listed(opt.skip, word) || strlen(word) >= NAME_MAX_LEN)
			continue;
		snprintf(names[n++], NAME_MAX_LEN, "%s", word);
	}
	return n;
}

static void __attribute__((noreturn)) finish(void)
{
	if (getpid() != 1)
		exit(0);
	sync();
	reboot(RB_POWER_OFF);
	/* init must not exit: the kernel would panic. */
	for (;;)
		pause();
}

int main(int argc, char **argv)
{
	static char names[MAX_WORKLOADS][NAME_MAX_LEN];
	uint64_t first = wl_rdtsc();
	int n;

	if (getpid() == 1)
		mount_proc();
	options_from_cmdline();
	options_from_argv(argc, argv);
	if (argc == 3 && !strcmp(argv[1], "--stamp")) {
		stamp(argv[2], first);
		return 0;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (getpid() == 1)
		stamp("first_user", first);
	time_shell();
	n = read_list(names, MAX_WORKLOADS);
	for (int i = 0; i < n; i++)
		run_workload(names[i]);
	printf("BENCH-END %d\n", n);
	fflush(stdout);
	finish();
}
