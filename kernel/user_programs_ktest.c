// SPDX-License-Identifier: GPL-2.0
/*
 * The user-space test suite (user/utest.c, built by CONFIG_USER_PROGRAMS
 * into the initramfs as /bin/utest), run as a process from here so the
 * same KTAP runner judges it: its results are a subtest of this case,
 * which passes when the program exits 0. On demand: `ktest=user` or
 * `make ktest KTEST=user`.
 */
#include <mosaic/errno.h>
#include <mosaic/exec.h>
#include <mosaic/ktest.h>
#include <mosaic/process.h>
#include <mosaic/sched.h>
#include <mosaic/user.h>

static int run_fn(void *arg)
{
	static const char *const envp[] = { "HOME=/", "TERM=linux", NULL };
	const char *const argv[] = { arg, "--nested", NULL };
	int err = process_attach_kernel_thread();

	return err ? err : kernel_execve(arg, argv, envp);
}

/* Run path; its wait status, or -errno when it did not start. */
static int run_user_program(const char *path)
{
	struct thread *t = thread_create(run_fn, (void *)path, "utest");
	int status = -ENOMEM;

	if (t && thread_join(t, &status))
		status = -EINVAL;
	return status;
}

static void test_utest(struct ktest *t)
{
	KT_EXPECT_EQ(t, run_user_program("/bin/utest"), W_EXITCODE(0));
}

static void test_hello(struct ktest *t)
{
	KT_EXPECT_EQ(t, run_user_program("/bin/hello"), W_EXITCODE(0));
}

static struct ktest_case user_cases[] = {
	KTEST_CASE(test_hello),
	KTEST_CASE(test_utest),
	{}
};
KTEST_SUITE_FULL(user, user_cases, NULL, NULL, KTEST_ON_DEMAND);
