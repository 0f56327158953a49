// SPDX-License-Identifier: GPL-2.0
/*
 * The user-space test suites (user/utest*.c, built by CONFIG_USER_PROGRAMS
 * into the initramfs as /bin/utest*), each run as a process from here so the
 * same KTAP runner judges it: its results are a subtest of this case,
 * which passes when the program exits 0; utest_busybox runs Debian's
 * busybox-static.
 * On demand: `ktest=user` or
 * `make ktest KTEST=user`.
 */
#include <mosaic/errno.h>
#include <mosaic/exec.h>
#include <mosaic/ipc.h>
#include <mosaic/kmalloc.h>
#include <mosaic/ktest.h>
#include <mosaic/ktest_mem.h>
#include <mosaic/process.h>
#include <mosaic/sched.h>
#include <mosaic/string.h>
#include <mosaic/timer.h>
#include <mosaic/user.h>
#include <mosaic/utsname.h>
#include <mosaic/vfs.h>
#include <mosaic/vsprintf.h>

static int run_argv(const char *const argv[])
{
	return run_program(argv, NULL);
}

static int run_user_program(const char *path)
{
	const char *const argv[] = { path, "--nested", NULL };

	return run_argv(argv);
}

#ifdef CONFIG_USER_BUSYBOX
#define BB_OUT "/tmp/bb_fs.out"
#define BB_OUT_SIZE (32 * 1024)

/* Run a busybox command line with its output in buf; its wait status. */
static int busybox_out(const char *const argv[], char *buf)
{
	int status = run_program(argv, BB_OUT);

	kernel_read_small_file(BB_OUT, buf, BB_OUT_SIZE);
	return status;
}

static unsigned int count_lines(const char *s)
{
	unsigned int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* Is there a line of `ls -l` output for @name that starts with @type? */
static bool ls_has(const char *out, char type, const char *name)
{
	size_t len = strlen(name);

	for (const char *line = out; *line;) {
		const char *end = strchr(line, '\n');
		size_t n = end ? (size_t)(end - line) : strlen(line);

		if (line[0] == type && n > len &&
		    !memcmp(line + n - len, name, len) &&
		    line[n - len - 1] == ' ')
			return true;
		line += n + (end ? 1 : 0);
	}
	return false;
}

static bool is_dir(const char *path)
{
	struct stat st;

	return !vfs_stat(vfs_kernel_fs(), NULL, path, &st, 0) &&
	       S_ISDIR(st.st_mode);
}

/*
 * Debian's busybox on the file-system calls: applets run directly (there
 * is no fork yet, so a shell can only run its builtins), their output
 * captured in a file and checked.
 */
static void test_busybox_files(struct ktest *t)
{
	static const char *const mkdir_p[] = { "/bin/busybox", "mkdir", "-p",
					       "/tmp/bbfs/a/b", NULL };
	static const char *const sh_cd[] = {
		"/bin/busybox", "sh", "-c",
		"cd /tmp/bbfs/a/b && pwd && cd .. && pwd && cd /nonexistent "
		"|| echo cd failed; test -d /tmp/bbfs/a && echo isdir", NULL
	};
	static const char *const ls_l[] = { "/bin/busybox", "ls", "-l", "/",
					    NULL };
	static const char *const find[] = { "/bin/busybox", "find", "/",
					    NULL };
	static const char *const stat_root[] = { "/bin/busybox", "stat", "/",
						 NULL };
	static const char *const touch[] = { "/bin/busybox", "touch",
					     "/tmp/bbfs/a/file", NULL };
	static const char *const ln_s[] = { "/bin/busybox", "ln", "-s",
					    "file", "/tmp/bbfs/a/link", NULL };
	static const char *const mv[] = { "/bin/busybox", "mv",
					  "/tmp/bbfs/a/file",
					  "/tmp/bbfs/a/moved", NULL };
	static const char *const ls_a[] = { "/bin/busybox", "ls", "-l",
					    "/tmp/bbfs/a", NULL };
	static const char *const rm_r[] = { "/bin/busybox", "rm", "-r",
					    "/tmp/bbfs", NULL };
	char *out = kmalloc(BB_OUT_SIZE);

	KT_ASSERT(t, out != NULL);
	vfs_mkdir(vfs_kernel_fs(), NULL, "/tmp", 01777);
	KT_EXPECT_EQ(t, run_argv(mkdir_p), W_EXITCODE(0));
	KT_EXPECT(t, is_dir("/tmp/bbfs/a/b"));
	KT_EXPECT_EQ(t, busybox_out(sh_cd, out), W_EXITCODE(0));
	KT_EXPECT_STREQ(t, out, "/tmp/bbfs/a/b\n/tmp/bbfs/a\ncd failed\nisdir\n");
	KT_EXPECT_EQ(t, busybox_out(ls_l, out), W_EXITCODE(0));
	KT_EXPECT(t, ls_has(out, 'd', "bin") && ls_has(out, 'd', "dev") &&
		     ls_has(out, 'd', "proc") && ls_has(out, 'd', "tmp"));
	KT_EXPECT_EQ(t, busybox_out(find, out), W_EXITCODE(0));
	KT_EXPECT(t, count_lines(out) > 10);
	KT_EXPECT(t, strstr(out, "/bin/busybox\n") &&
		     strstr(out, "/dev/console\n") &&
		     strstr(out, "/tmp/bbfs/a/b\n"));
	KT_EXPECT_EQ(t, busybox_out(stat_root, out), W_EXITCODE(0));
	KT_EXPECT(t, strstr(out, "File: /") && strstr(out, "directory"));
	KT_EXPECT_EQ(t, run_argv(touch), W_EXITCODE(0));
	KT_EXPECT_EQ(t, run_argv(ln_s), W_EXITCODE(0));
	KT_EXPECT_EQ(t, run_argv(mv), W_EXITCODE(0));
	KT_EXPECT_EQ(t, busybox_out(ls_a, out), W_EXITCODE(0));
	KT_EXPECT(t, ls_has(out, 'd', "b") && ls_has(out, '-', "moved") &&
		     ls_has(out, 'l', "link -> file"));
	KT_EXPECT_EQ(t, run_argv(rm_r), W_EXITCODE(0));
	KT_EXPECT(t, !is_dir("/tmp/bbfs"));
	vfs_unlink(vfs_kernel_fs(), NULL, BB_OUT);
	kfree(out);
}
/* Each line of text as a diagnostic, so a failure shows the output. */
static void log_lines(struct ktest *t, const char *text)
{
	while (*text) {
		const char *nl = strchr(text, '\n');
		int len = nl ? (int)(nl - text) : (int)strlen(text);

		ktest_log(t, "| %.*s", len, text);
		text += len + (nl ? 1 : 0);
	}
}

/* Does some line of text contain every one of words (in order)? */
static bool line_has(const char *text, const char *const words[])
{
	for (const char *line = text; *line;) {
		const char *end = strchr(line, '\n');
		const char *p = line;
		unsigned int i;

		end = end ? end : line + strlen(line);
		for (i = 0; words[i]; i++) {
			p = strstr(p, words[i]);
			if (!p || p >= end)
				break;
			p += strlen(words[i]);
		}
		if (!words[i])
			return true;
		line = *end ? end + 1 : end;
	}
	return false;
}

/*
 * Debian's busybox ps over /proc/<pid>: its default columns and -o, the
 * shell that started it (asleep in wait4) and ps itself (running, its
 * parent the shell) among the processes; top's summary lines from
 * /proc/meminfo, /proc/stat and /proc/loadavg.
 */
static void test_busybox_ps(struct ktest *t)
{
	static const char *const sh[] = {
		"/bin/busybox", "sh", "-c",
		"/bin/busybox ps > /tmp/ps.out; "
		/*
		 * In a subshell that sleeps first, so the shell is surely
		 * asleep in wait4 (S) when ps looks: a parent that has just
		 * forked may still be running (R) under any scheduler.
		 */
		"(/bin/busybox sleep 0.2; "
		"/bin/busybox ps -o pid,ppid,stat,comm,args) > /tmp/pso.out; "
		"exit 0", /* not the last command: the shell stays to wait */
		NULL
	};
	static const char *const top[] = {
		"/bin/busybox", "sh", "-c", "top -b -n 1 > /tmp/top.out", NULL
	};
	static const char *const head[] = { "PID", "USER", "COMMAND", NULL };
	/* The user's name from the initramfs's /etc/passwd. */
	static const char *const self[] = { " root ", "/bin/busybox ps",
					    NULL };
	static const char *const shell[] = { " root ", "/bin/busybox sh -c",
					     NULL };
	static const char *const head_o[] = { "PID", "PPID", "STAT", "COMMAND",
					      "COMMAND", NULL };
	static const char *const self_o[] = { " R ", "busybox",
					      "/bin/busybox ps -o pid", NULL };
	static const char *const shell_o[] = { " 0 S ", "busybox",
					       "/bin/busybox sh -c", NULL };
	static const char *const top_cpu[] = { "CPU:", "usr", "idle", NULL };
	static const char *const top_self[] = { " R ", "top -b -n 1", NULL };
	char *out = kmalloc(4096);

	KT_ASSERT(t, out);
	vfs_mkdir(vfs_kernel_fs(), NULL, "/tmp", 01777);
	KT_EXPECT_EQ(t, run_argv(sh), W_EXITCODE(0));
	kernel_read_small_file("/tmp/ps.out", out, 4096);
	log_lines(t, out);
	KT_EXPECT(t, !strncmp(out, "PID", 3));
	KT_EXPECT(t, line_has(out, head));
	KT_EXPECT(t, line_has(out, self));
	KT_EXPECT(t, line_has(out, shell));
	kernel_read_small_file("/tmp/pso.out", out, 4096);
	log_lines(t, out);
	KT_EXPECT(t, line_has(out, head_o));
	KT_EXPECT(t, line_has(out, self_o));
	KT_EXPECT(t, line_has(out, shell_o));
	KT_EXPECT_EQ(t, run_argv(top), W_EXITCODE(0));
	kernel_read_small_file("/tmp/top.out", out, 4096);
	log_lines(t, out);
	KT_EXPECT(t, !strncmp(out, "Mem: ", 5));
	KT_EXPECT(t, line_has(out, top_cpu));
	KT_EXPECT(t, strstr(out, "\nLoad average: "));
	KT_EXPECT(t, line_has(out, top_self));
	vfs_unlink(vfs_kernel_fs(), NULL, "/tmp/ps.out");
	vfs_unlink(vfs_kernel_fs(), NULL, "/tmp/pso.out");
	vfs_unlink(vfs_kernel_fs(), NULL, "/tmp/top.out");
	kfree(out);
}

/*
 * busybox on the calls of kernel/utsname.c, time and cred.c: uname's
 * fields, the ids, a sleep and the date (glibc's startup reads uname
 * too), each applet run directly with its output in a file.
 */
static void test_busybox_misc(struct ktest *t)
{
	static const char *const uname[] = { "/bin/busybox", "uname", "-s",
					     "-r", "-m", NULL };
	static const char *const id[] = { "/bin/busybox", "id", "-u", NULL };
	static const char *const sleep[] = { "/bin/busybox", "sleep", "0.05",
					     NULL };
	static const char *const date[] = { "/bin/busybox", "date", NULL };
	char *out = kmalloc(BB_OUT_SIZE);
	char want[64];

	KT_ASSERT(t, out);
	snprintf(want, sizeof(want), "Mosaic %s x86_64\n", uts_release);
	KT_EXPECT_EQ(t, busybox_out(uname, out), W_EXITCODE(0));
	KT_EXPECT_STREQ(t, out, want);
	KT_EXPECT_EQ(t, busybox_out(id, out), W_EXITCODE(0));
	KT_EXPECT_STREQ(t, out, "0\n");
	KT_EXPECT_EQ(t, run_argv(sleep), W_EXITCODE(0));
	KT_EXPECT_EQ(t, busybox_out(date, out), W_EXITCODE(0));
	KT_EXPECT(t, strlen(out) > 20);
	vfs_unlink(vfs_kernel_fs(), NULL, BB_OUT);
	kfree(out);
}

#endif /* CONFIG_USER_BUSYBOX */

/*
 * Run a suite: it must exit 0, and when it and every process it made are
 * gone, every frame they took must be back (what the kernel still holds
 * beyond the baseline is heap or page tables, e.g. dentries it cached).
 */
static unsigned int nr_threads(void)
{
	struct sched_stats st;

	sched_get_stats(&st);
	return st.nr_threads;
}

/*
 * A child is reaped as soon as its exit is posted, but its thread still
 * runs the last of its exit path (and keeps its kernel stack) until it
 * switches away for good; a policy that preempts on wakeup lets the
 * parent run first. Wait, boundedly, until the thread count is back.
 */
static void settle_threads(unsigned int want)
{
	u64 end = timer_ticks() + CONFIG_HZ;	/* a second */

	thread_reap_now();
	while (nr_threads() > want && timer_ticks() < end) {
		sleep_ticks(1);
		thread_reap_now();
	}
}

static void run_user_suite(struct ktest *t, const char *path)
{
	struct ktest_mem_snapshot before;
	unsigned int threads;

	thread_reap_now();
	threads = nr_threads();
	ktest_mem_snapshot(&before);
	KT_EXPECT_EQ(t, run_user_program(path), W_EXITCODE(0));
	settle_threads(threads);
	KT_EXPECT_EQ(t, nr_threads(), threads);
	ktest_expect_frames_baseline(t, &before);
}


/*
 * One case per user test suite of user/Makefile's usertests-y: its KTAP
 * is this case's subtest.
 */
#define USER_SUITE_CASE(prog)                                              \
	static void test_##prog(struct ktest *t)                           \
	{                                                                  \
		run_user_suite(t, "/bin/" #prog);                          \
	}

USER_SUITE_CASE(utest)
USER_SUITE_CASE(utest_proc)
USER_SUITE_CASE(utest_fs)
USER_SUITE_CASE(utest_procfs)
USER_SUITE_CASE(utest_signal)
USER_SUITE_CASE(utest_misc)
USER_SUITE_CASE(utest_fuzz)
USER_SUITE_CASE(utest_pthread)
#ifdef CONFIG_USER_BUSYBOX
USER_SUITE_CASE(utest_busybox)
#endif
#ifdef CONFIG_IPC
/* Not in usertests-y: Linux has no Mosaic IPC (user/Makefile). */
USER_SUITE_CASE(utest_ipc)

/* The same suite on the slow path only: the same results. */
static void test_utest_ipc_slowpath(struct ktest *t)
{
#ifdef CONFIG_IPC_FASTPATH
	bool was = ipc_fastpath_enabled;
	u64 fast = ipc_fastpath_count();

	ipc_fastpath_enabled = false;
	run_user_suite(t, "/bin/utest_ipc");
	ipc_fastpath_enabled = was;
	KT_EXPECT_EQ(t, ipc_fastpath_count(), fast);
#else
	ktest_skip(t, "no CONFIG_IPC_FASTPATH: test_utest_ipc was the slow path");
#endif
}
#endif

static void test_hello(struct ktest *t)
{
	KT_EXPECT_EQ(t, run_user_program("/bin/hello"), W_EXITCODE(0));
}

static struct ktest_case user_cases[] = {
	KTEST_CASE(test_hello),
	KTEST_CASE(test_utest),
	KTEST_CASE(test_utest_proc),
	KTEST_CASE(test_utest_fs),
	KTEST_CASE(test_utest_signal),
	KTEST_CASE(test_utest_pthread),
#ifdef CONFIG_IPC
	KTEST_CASE(test_utest_ipc),
	KTEST_CASE(test_utest_ipc_slowpath),
#endif
	KTEST_CASE(test_utest_procfs),
	KTEST_CASE(test_utest_misc),
#ifdef CONFIG_USER_BUSYBOX
	KTEST_CASE(test_utest_busybox),
	KTEST_CASE(test_busybox_files),
	KTEST_CASE(test_busybox_ps),
	KTEST_CASE(test_busybox_misc),
#endif
	{}
};
KTEST_SUITE_FULL(user, user_cases, NULL, NULL, KTEST_ON_DEMAND);

/*
 * The system-call fuzzer (user/utest_fuzz.c) on its own: a minute of
 * TCG time, so make check boots it once, not with every policy.
 */
static struct ktest_case user_fuzz_cases[] = {
	KTEST_CASE(test_utest_fuzz),
	{}
};
KTEST_SUITE_FULL(user_fuzz, user_fuzz_cases, NULL, NULL, KTEST_ON_DEMAND);
