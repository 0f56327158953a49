// SPDX-License-Identifier: GPL-2.0
/*
 * The first user process: `init=` (default /sbin/init) exec'd from the
 * initramfs at the end of boot as pid 1, with the console as fds 0-2.
 * The boot context waits to hear whether the exec worked: an init= that
 * fails panics as in Linux; a missing default init leaves the kernel's
 * own console running (an initramfs without programs still boots).
 */
#include <mosaic/errno.h>
#include <mosaic/exec.h>
#include <mosaic/init_process.h>
#include <mosaic/params.h>
#include <mosaic/panic.h>
#include <mosaic/printk.h>
#include <mosaic/process.h>
#include <mosaic/sched.h>
#include <mosaic/semaphore.h>
#include <mosaic/string.h>
#include <mosaic/timer.h>
#include <mosaic/user.h>
#include <mosaic/vfs.h>

#define INIT_DEFAULT "/sbin/init"

static char init_path[EXEC_SHEBANG_MAX];
static bool init_given;

static int init_param(const char *val)
{
	if (!*val)
		return -EINVAL;
	init_given = true;
	return strscpy(init_path, val, sizeof(init_path)) < 0 ? -E2BIG : 0;
}
KERNEL_PARAM(init, init_param);

static struct semaphore init_started = SEMAPHORE_INIT(init_started, 0);
static int init_result;

static int prepare_init(struct exec_image *img)
{
	static const char *const envp[] = { "HOME=/", "TERM=linux", NULL };
	struct exec_args args;
	int err = process_init_first();

	if (err)
		return err;
	err = exec_args_init(&args);
	if (err)
		return err;
	err = exec_args_push_arg(&args, init_path);
	for (int i = 0; !err && envp[i]; i++)
		err = exec_args_push_env(&args, envp[i]);
	if (!err)
		err = exec_prepare(current_process()->fs, init_path, &args, img);
	exec_args_free(&args);
	return err;
}

static int init_thread_fn(void *arg)
{
	struct exec_image img;

	init_result = prepare_init(&img);
	up(&init_started);
	if (init_result)
		return init_result;
	exec_commit(&img);
	start_user_thread(img.entry, img.sp);
	/* Only without memory for the FPU state: init dies as if killed. */
	process_exit(SIGKILL);
}

int start_init_process(void)
{
	struct thread *t;

	if (!init_given)
		strscpy(init_path, INIT_DEFAULT, sizeof(init_path));
	t = thread_create(init_thread_fn, NULL, "init");
	if (!t)
		return -ENOMEM;
	down(&init_started);
	if (!init_result) {
		thread_detach(t);
		/* The entry TSC: tools time the boot to user space from it. */
		pr_info("init: started %s as pid 1 (kernel entry at tsc %llu)\n",
			init_path, (unsigned long long)boot_entry_tsc);
		return 0;
	}
	thread_join(t, &init_result);
	init_result = init_result ? init_result : -ENOEXEC;
	if (init_given)
		panic("Requested init %s failed (error %d).", init_path,
		      init_result);
	pr_warn("init: no %s (error %d): staying in the kernel console\n",
		init_path, init_result);
	return init_result;
}
