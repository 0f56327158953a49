// SPDX-License-Identifier: GPL-2.0
/*
 * The user-space test suites (user/utest*.c, built by CONFIG_USER_PROGRAMS
 * into the initramfs as /bin/utest*), each run as a process from here so the
 * same KTAP runner judges it: its results are a subtest of this case,
 * which passes when the program exits 0; and Debian's busybox-static.
 * On demand: `ktest=user` or
 * `make ktest KTEST=user`.
 */
#include <mosaic/errno.h>
#include <mosaic/exec.h>
#include <mosaic/kmalloc.h>
#include <mosaic/ktest.h>
#include <mosaic/process.h>
#include <mosaic/sched.h>
#include <mosaic/string.h>
#include <mosaic/user.h>
#include <mosaic/vfs.h>

static int run_fn(void *arg)
{
	static const char *const envp[] = { "HOME=/", "TERM=linux", NULL };
	const char *const *argv = arg;
	int err = process_attach_kernel_thread();

	return err ? err : kernel_execve(argv[0], argv, envp);
}

/* Run argv[0]; its wait status, or -errno when it did not start. */
static int run_argv(const char *const argv[])
{
	struct thread *t = thread_create(run_fn, (void *)argv, "utest");
	int status = -ENOMEM;

	if (t && thread_join(t, &status))
		status = -EINVAL;
	return status;
}

static int run_user_program(const char *path)
{
	const char *const argv[] = { path, "--nested", NULL };

	return run_argv(argv);
}

/* The bytes of a small file, NUL-terminated, or "" if unreadable. */
static void read_small_file(const char *path, char *buf, size_t size)
{
	struct file *f = vfs_open(vfs_kernel_fs(), NULL, path, O_RDONLY, 0);
	ssize_t n = IS_ERR(f) ? 0 : vfs_read(f, buf, size - 1);

	if (!IS_ERR(f))
		fput(f);
	buf[n > 0 ? n : 0] = '\0';
}

/*
 * Debian's busybox-static (glibc, not built by us): an applet, and its
 * shell running a command line with arithmetic and redirections.
 */
static void test_busybox(struct ktest *t)
{
	static const char *const echo[] = { "/bin/busybox", "echo", "hello",
					    NULL };
	static const char *const sh[] = {
		"/bin/busybox", "sh", "-c",
		"echo hello > /tmp/bb.out; echo $((1+2)) >> /tmp/bb.out", NULL
	};
	char out[32];

	vfs_mkdir(vfs_kernel_fs(), NULL, "/tmp", 01777);
	KT_EXPECT_EQ(t, run_argv(echo), W_EXITCODE(0));
	KT_EXPECT_EQ(t, run_argv(sh), W_EXITCODE(0));
	read_small_file("/tmp/bb.out", out, sizeof(out));
	KT_EXPECT(t, !strcmp(out, "hello\n3\n"));
	vfs_unlink(vfs_kernel_fs(), NULL, "/tmp/bb.out");
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
 * busybox lists /proc with getdents64 (and fstatat(AT_EMPTY_PATH)) and
 * top enters it with chdir: system calls of the file-system work, which
 * may not be in this kernel yet. Without them the cases skip.
 */
struct pt_regs;
extern long __x64_sys_getdents64(const struct pt_regs *regs) __attribute__((weak));
extern long __x64_sys_chdir(const struct pt_regs *regs) __attribute__((weak));

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
		"/bin/busybox ps -o pid,ppid,stat,comm,args > /tmp/pso.out; "
		"exit 0", /* not the last command: the shell stays to wait */
		NULL
	};
	static const char *const top[] = {
		"/bin/busybox", "sh", "-c", "top -b -n 1 > /tmp/top.out", NULL
	};
	static const char *const head[] = { "PID", "USER", "COMMAND", NULL };
	static const char *const self[] = { " 0 ", "/bin/busybox ps", NULL };
	static const char *const shell[] = { " 0 ", "/bin/busybox sh -c", NULL };
	static const char *const head_o[] = { "PID", "PPID", "STAT", "COMMAND",
					      "COMMAND", NULL };
	static const char *const self_o[] = { " R ", "busybox",
					      "/bin/busybox ps -o pid", NULL };
	static const char *const shell_o[] = { " 0 S ", "busybox",
					       "/bin/busybox sh -c", NULL };
	static const char *const top_cpu[] = { "CPU:", "usr", "idle", NULL };
	static const char *const top_self[] = { " R ", "top -b -n 1", NULL };
	char *out;

	if (!__x64_sys_getdents64) {
		ktest_skip(t, "no getdents64 system call yet");
		return;
	}
	out = kmalloc(4096);
	KT_ASSERT(t, out);
	vfs_mkdir(vfs_kernel_fs(), NULL, "/tmp", 01777);
	KT_EXPECT_EQ(t, run_argv(sh), W_EXITCODE(0));
	read_small_file("/tmp/ps.out", out, 4096);
	log_lines(t, out);
	KT_EXPECT(t, !strncmp(out, "PID", 3));
	KT_EXPECT(t, line_has(out, head));
	KT_EXPECT(t, line_has(out, self));
	KT_EXPECT(t, line_has(out, shell));
	read_small_file("/tmp/pso.out", out, 4096);
	log_lines(t, out);
	KT_EXPECT(t, line_has(out, head_o));
	KT_EXPECT(t, line_has(out, self_o));
	KT_EXPECT(t, line_has(out, shell_o));
	if (__x64_sys_chdir) {
		KT_EXPECT_EQ(t, run_argv(top), W_EXITCODE(0));
		read_small_file("/tmp/top.out", out, 4096);
		log_lines(t, out);
		KT_EXPECT(t, !strncmp(out, "Mem: ", 5));
		KT_EXPECT(t, line_has(out, top_cpu));
		KT_EXPECT(t, strstr(out, "\nLoad average: 0."));
		KT_EXPECT(t, line_has(out, top_self));
	}
	vfs_unlink(vfs_kernel_fs(), NULL, "/tmp/ps.out");
	vfs_unlink(vfs_kernel_fs(), NULL, "/tmp/pso.out");
	vfs_unlink(vfs_kernel_fs(), NULL, "/tmp/top.out");
	kfree(out);
}

/*
 * One case per user test suite of user/Makefile's usertests-y: its KTAP
 * is this case's subtest, and it passes when the program exits 0.
 */
#define USER_SUITE_CASE(prog)                                              \
	static void test_##prog(struct ktest *t)                           \
	{                                                                  \
		KT_EXPECT_EQ(t, run_user_program("/bin/" #prog),           \
			     W_EXITCODE(0));                               \
	}

USER_SUITE_CASE(utest)
USER_SUITE_CASE(utest_proc)
USER_SUITE_CASE(utest_procfs)

static void test_hello(struct ktest *t)
{
	KT_EXPECT_EQ(t, run_user_program("/bin/hello"), W_EXITCODE(0));
}

static struct ktest_case user_cases[] = {
	KTEST_CASE(test_hello),
	KTEST_CASE(test_utest),
	KTEST_CASE(test_utest_proc),
	KTEST_CASE(test_utest_procfs),
	KTEST_CASE(test_busybox),
	KTEST_CASE(test_busybox_ps),
	{}
};
KTEST_SUITE_FULL(user, user_cases, NULL, NULL, KTEST_ON_DEMAND);
