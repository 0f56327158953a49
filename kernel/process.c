// SPDX-License-Identifier: GPL-2.0
/*
 * Processes: pids, the process tree, and exit. See <mosaic/process.h>.
 * process_lock guards the tree, the pid counter and the count.
 */
#include <mosaic/console_file.h>
#include <mosaic/errno.h>
#include <mosaic/ipc.h>
#include <mosaic/kmalloc.h>
#include <mosaic/panic.h>
#include <mosaic/process.h>
#include <mosaic/sched.h>
#include <mosaic/string.h>
#include <mosaic/user.h>
#include <mosaic/vfs.h>

static DEFINE_SPINLOCK(process_lock);
static int last_pid;
static unsigned int nr_processes;

struct process *current_process(void)
{
	return current()->proc;
}

/* A new process with the next free pid, or NULL (-EAGAIN, -ENOMEM). */
static int pid_for(bool init);

static struct process *process_alloc(bool init, int *err)
{
	struct process *p = kzalloc(sizeof(*p));

	*err = -ENOMEM;
	if (!p)
		return NULL;
	INIT_LIST_HEAD(&p->children);
	INIT_LIST_HEAD(&p->sibling);
	spin_lock(&process_lock);
	if (nr_processes >= PROCESS_MAX) {
		spin_unlock(&process_lock);
		kfree(p);
		*err = -EAGAIN;
		return NULL;
	}
	nr_processes++;
	/* TODO(fork): skip pids still in use once they wrap. */
	p->pid = pid_for(init);
	spin_unlock(&process_lock);
	*err = 0;
	return p;
}

static int install_console(struct fdtable *files)
{
	struct file *con = console_file_open();
	int err = 0;

	if (IS_ERR(con))
		return (int)PTR_ERR(con);
	for (int fd = 0; fd < 3 && !err; fd++) {
		int r = fd_install(files, get_file(con), 0);

		if (r != fd)
			err = r < 0 ? r : -EBADF;
	}
	fput(con);
	return err;
}

/* Process 1 is init's, whoever else the kernel starts first. */
static int pid_for(bool init)
{
	if (init)
		return 1;
	last_pid = last_pid >= PID_MAX || last_pid < 1 ? 2 : last_pid + 1;
	return last_pid;
}

static int process_attach(bool init)
{
	struct process *p;
	int err;

	p = process_alloc(init, &err);
	if (!p)
		return err;
	p->files = fdtable_alloc();
	p->fs = fs_struct_copy(vfs_kernel_fs());
	err = (p->files && p->fs) ? install_console(p->files) : -ENOMEM;
	if (err) {
		if (p->files)
			fdtable_free(p->files);
		if (p->fs)
			fs_struct_free(p->fs);
		kfree(p);
		return err;
	}
	p->thread = current();
	current()->proc = p;
	return 0;
}

int process_init_first(void)
{
	return process_attach(true);
}

int process_attach_kernel_thread(void)
{
	return process_attach(false);
}

static void release_resources(struct process *p)
{
	ipc_exit(p);
	fdtable_free(p->files);
	p->files = NULL;
	fs_struct_free(p->fs);
	p->fs = NULL;
}

void process_exit(int status)
{
	struct process *p = current_process();

	if (p) {
		release_resources(p);
		if (p->pid == 1)
			panic("Attempted to kill init! exitcode=0x%08x", status);
		spin_lock(&process_lock);
		p->exit_status = status;
		p->zombie = true;	/* TODO(wait4): reaped by the parent */
		/* Started by the kernel: nobody will reap it. */
		if (!p->parent) {
			current()->proc = NULL;
			nr_processes--;
			spin_unlock(&process_lock);
			kfree(p);
		} else {
			spin_unlock(&process_lock);
		}
	}
	user_exit(status);
}
