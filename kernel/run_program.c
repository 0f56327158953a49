// SPDX-License-Identifier: GPL-2.0
/*
 * Run a user program from the kernel and wait for it (<mosaic/exec.h>):
 * the user-space test suites, a traced workload (bench=program).
 */
#include <mosaic/errno.h>
#include <mosaic/exec.h>
#include <mosaic/process.h>
#include <mosaic/sched.h>
#include <mosaic/string.h>
#include <mosaic/vfs.h>

struct run_args {
	const char *const *argv;
	const char *out;	/* a file for standard output, or NULL */
};

/* The new process's fd 1 becomes @path, created or emptied. */
static int redirect_stdout(const char *path)
{
	struct process *p = current_process();
	struct file *f = vfs_open(p->fs, NULL, path,
				  O_WRONLY | O_CREAT | O_TRUNC, 0644);
	int fd, err;

	if (IS_ERR(f))
		return (int)PTR_ERR(f);
	fd = fd_install(p->files, f, 0);
	if (fd < 0) {
		fput(f);
		return fd;
	}
	err = fd_dup2(p->files, fd, 1);
	fd_close(p->files, fd);
	return err < 0 ? err : 0;
}

static int run_fn(void *arg)
{
	static const char *const envp[] = { "HOME=/", "TERM=linux", NULL };
	const struct run_args *a = arg;
	int err = process_attach_kernel_thread();

	if (!err && a->out)
		err = redirect_stdout(a->out);
	return err ? err : kernel_execve(a->argv[0], a->argv, envp);
}

int run_program(const char *const argv[], const char *out)
{
	struct run_args a = { argv, out };
	const char *slash = strrchr(argv[0], '/');
	/* Named as the program, as its timeline lane will be. */
	struct thread *t = thread_create(run_fn, &a,
					 slash ? slash + 1 : argv[0]);
	int status = -ENOMEM;

	if (t && thread_join(t, &status))
		status = -EINVAL;
	return status;
}
