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
#ifdef CONFIG_IPC
/* Not in usertests-y: Linux has no Mosaic IPC (user/Makefile). */
USER_SUITE_CASE(utest_ipc)
#endif

static void test_hello(struct ktest *t)
{
	KT_EXPECT_EQ(t, run_user_program("/bin/hello"), W_EXITCODE(0));
}

static struct ktest_case user_cases[] = {
	KTEST_CASE(test_hello),
	KTEST_CASE(test_utest),
#ifdef CONFIG_IPC
	KTEST_CASE(test_utest_ipc),
#endif
	KTEST_CASE(test_busybox),
	{}
};
KTEST_SUITE_FULL(user, user_cases, NULL, NULL, KTEST_ON_DEMAND);
