// SPDX-License-Identifier: GPL-2.0
/*
 * execve (<mosaic/exec.h>): the argument strings, `#!` interpreter
 * lines, building the new image in a fresh address space and switching
 * the thread to it. Everything that can fail happens before the switch.
 */
#include <asm/ptrace.h>
#include <asm/segment.h>
#include <asm/thread.h>
#include <mosaic/errno.h>
#include <mosaic/exec.h>
#include <mosaic/ipc.h>
#include <mosaic/kmalloc.h>
#include <mosaic/mmap.h>
#include <mosaic/process.h>
#include <mosaic/sched.h>
#include <mosaic/signal.h>
#include <mosaic/string.h>
#include <mosaic/syscalls.h>
#include <mosaic/uaccess.h>
#include <mosaic/user.h>
#include <mosaic/user_path.h>
#include <mosaic/vfs.h>

int exec_args_init(struct exec_args *a)
{
	memset(a, 0, sizeof(*a));
	a->buf = kmalloc(EXEC_ARG_MAX);
	return a->buf ? 0 : -ENOMEM;
}

void exec_args_free(struct exec_args *a)
{
	kfree(a->buf);
	a->buf = NULL;
}

static int push(struct exec_args *a, const char *s)
{
	size_t n = strlen(s) + 1;

	if (n > EXEC_ARG_MAX - a->used)
		return -E2BIG;
	memcpy(a->buf + a->used, s, n);
	a->used += n;
	return 0;
}

int exec_args_push_arg(struct exec_args *a, const char *s)
{
	int err = a->envc ? -EINVAL : push(a, s);

	if (!err)
		a->argc++;
	return err;
}

int exec_args_push_env(struct exec_args *a, const char *s)
{
	int err = push(a, s);

	if (!err)
		a->envc++;
	return err;
}

/* Byte offset of string i (argv then envp). */
static size_t string_offset(const struct exec_args *a, unsigned int i)
{
	size_t off = 0;

	while (i--)
		off += strlen(a->buf + off) + 1;
	return off;
}

int exec_args_replace_head(struct exec_args *a, unsigned int drop,
			   const char *const head[], unsigned int n)
{
	size_t cut, add = 0;

	if (drop > a->argc)
		return -EINVAL;
	cut = string_offset(a, drop);
	for (unsigned int i = 0; i < n; i++)
		add += strlen(head[i]) + 1;
	if (a->used - cut + add > EXEC_ARG_MAX)
		return -E2BIG;
	memmove(a->buf + add, a->buf + cut, a->used - cut);
	a->used = a->used - cut + add;
	for (unsigned int i = 0, off = 0; i < n; i++) {
		size_t len = strlen(head[i]) + 1;

		memcpy(a->buf + off, head[i], len);
		off += len;
	}
	a->argc = a->argc - drop + n;
	return 0;
}

/*
 * "#!interpreter [one argument]\n" as Linux parses it: blanks around,
 * the argument is the rest of the line. 0 with interp (and arg, maybe
 * empty) pointing into line, -ENOEXEC if there is no interpreter.
 */
static int parse_shebang(char *line, size_t n, char **interp, char **arg)
{
	char *p;

	/* The line ends at a newline; a long one is cut, as Linux does. */
	line[n] = '\0';
	for (p = line; *p && *p != '\n'; p++)
		;
	*p = '\0';
	for (p = line + 2; *p == ' ' || *p == '\t'; p++)
		;
	if (!*p)
		return -ENOEXEC;
	*interp = p;
	while (*p && *p != ' ' && *p != '\t')
		p++;
	if (*p)
		*p++ = '\0';
	while (*p == ' ' || *p == '\t')
		p++;
	*arg = p;
	for (char *q = p + strlen(p); q > p && (q[-1] == ' ' || q[-1] == '\t');)
		*--q = '\0';
	return 0;
}

static struct file *open_exec(struct fs_struct *fs, const char *path,
			      u64 *size)
{
	struct file *f = vfs_open(fs, NULL, path, O_RDONLY, 0);
	struct stat st;
	int err;

	if (IS_ERR(f))
		return f;
	err = vfs_fstat(f, &st);
	if (!err && (!S_ISREG(st.st_mode) || !(st.st_mode & 0111)))
		err = -EACCES;
	if (err) {
		fput(f);
		return ERR_PTR(err);
	}
	*size = st.st_size;
	return f;
}

/* A script: its interpreter becomes argv[0] (and the file to open). */
static int apply_shebang(struct exec_args *args, char *line, size_t n,
			 const char *path, char *interp_out)
{
	char *interp, *arg;
	const char *head[3];
	unsigned int nh = 0;
	int err = parse_shebang(line, n, &interp, &arg);

	if (err)
		return err;
	head[nh++] = interp;
	if (*arg)
		head[nh++] = arg;
	head[nh++] = path;
	err = exec_args_replace_head(args, args->argc ? 1 : 0, head, nh);
	if (!err)
		strscpy(interp_out, interp, EXEC_SHEBANG_MAX);
	return err;
}

/* Open path, following #! lines, until an executable that is no script. */
static struct file *open_program(struct fs_struct *fs, const char *path,
				 struct exec_args *args, char *name_buf,
				 u64 *size)
{
	char line[EXEC_SHEBANG_MAX];
	char path_buf[EXEC_SHEBANG_MAX];

	strscpy(path_buf, path, sizeof(path_buf));
	for (int depth = 0;; depth++) {
		struct file *f = open_exec(fs, path_buf, size);
		ssize_t n;
		int err;

		if (IS_ERR(f))
			return f;
		n = vfs_pread(f, line, sizeof(line) - 1, 0);
		if (n < 2 || line[0] != '#' || line[1] != '!') {
			strscpy(name_buf, path_buf, EXEC_SHEBANG_MAX);
			return f;
		}
		fput(f);
		if (depth == EXEC_SHEBANG_DEPTH)
			return ERR_PTR(-ELOOP);
		line[n] = '\0';
		err = apply_shebang(args, line, (size_t)n, path_buf, name_buf);
		if (err)
			return ERR_PTR(err);
		strscpy(path_buf, name_buf, sizeof(path_buf));
	}
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/*
 * Make mm the thread's address space (or give the old one back). Under
 * process_lock: /proc takes a reference on a thread's mm under it, so
 * it must never see the old one after it was put.
 */
static struct mm *swap_mm(struct mm *mm)
{
	struct thread *t = current();
	unsigned long flags = spin_lock_irqsave(&process_lock);
	struct mm *old = t->mm;

	t->mm = mm;
	spin_unlock_irqrestore(&process_lock, flags);
	mm_activate(mm ? mm : &init_mm);
	return old;
}

int exec_prepare(struct fs_struct *fs, const char *path,
		 struct exec_args *args, struct exec_image *img)
{
	char *name = kmalloc(EXEC_SHEBANG_MAX);
	struct mm *old;
	struct file *f;
	u64 size;
	int err;

	if (!name)
		return -ENOMEM;
	memset(img, 0, sizeof(*img));
	f = open_program(fs, path, args, name, &size);
	if (IS_ERR(f)) {
		kfree(name);
		return (int)PTR_ERR(f);
	}
	img->mm = mm_create();
	if (!img->mm) {
		err = -ENOMEM;
		goto out;
	}
	/* Built while loaded, so the stack is written like user memory. */
	old = swap_mm(img->mm);
	err = elf_load(f, size, img->mm, args, path, img);
	swap_mm(old);
	if (err) {
		mm_put(img->mm);
		img->mm = NULL;
	}
	strscpy(img->comm, base_name(path), sizeof(img->comm));
	if (!err)
		img->file = get_file(f);
out:
	fput(f);
	kfree(name);
	return err;
}

/* The process's name and /proc/<pid>/exe become the new program's. */
static void exec_set_program(struct process *p, struct exec_image *img)
{
	unsigned long flags = spin_lock_irqsave(&process_lock);
	struct file *old = p->exe_file;

	p->exe_file = img->file;
	strscpy(p->comm, img->comm, sizeof(p->comm));
	p->did_exec = true;
	spin_unlock_irqrestore(&process_lock, flags);
	img->file = NULL;
	if (old)
		fput(old);
}

void exec_commit(struct exec_image *img)
{
	struct thread *t = current();
	struct mm *old = swap_mm(img->mm);

	if (old) {
		/* getrusage's peak RSS outlives the address space. */
		process_account_mm(current_process(), old);
		mm_put(old);
	}
	arch_exec_reset(t);
	if (t->proc)
		ipc_exec(t->proc);
	strscpy(t->name, img->comm, sizeof(t->name));
	img->mm = NULL;
	if (t->proc)
		exec_set_program(t->proc, img);
	if (img->file)
		fput(img->file);
	img->file = NULL;
}

static int push_all(struct exec_args *a, const char *const argv[],
		    const char *const envp[])
{
	int err = 0;

	for (unsigned int i = 0; !err && argv && argv[i]; i++)
		err = exec_args_push_arg(a, argv[i]);
	for (unsigned int i = 0; !err && envp && envp[i]; i++)
		err = exec_args_push_env(a, envp[i]);
	return err;
}

int kernel_execve(const char *path, const char *const argv[],
		  const char *const envp[])
{
	struct exec_image img;
	struct exec_args args;
	int err = exec_args_init(&args);

	if (err)
		return err;
	err = push_all(&args, argv, envp);
	if (!err)
		err = exec_prepare(vfs_kernel_fs(), path, &args, &img);
	exec_args_free(&args);
	if (err)
		return err;
	exec_commit(&img);
	return start_user_thread(img.entry, img.sp);
}

/*
 * One argv or envp vector from user memory, each string copied straight
 * into the argument buffer: E2BIG past EXEC_ARG_MAX bytes in all, as
 * Linux (its ARG_MAX share of the stack), EFAULT for a bad pointer.
 */
static int copy_user_strings(struct exec_args *a,
			     const char __user *const __user *vec, bool env)
{
	for (unsigned int i = 0; vec; i++) {
		const char __user *s;
		size_t room = EXEC_ARG_MAX - a->used;
		long n;

		if (get_user(s, vec + i))
			return -EFAULT;
		if (!s)
			return 0;
		if (i >= EXEC_ARG_MAX / sizeof(void *))
			return -E2BIG;
		n = strncpy_from_user(a->buf + a->used, s, (long)room);
		if (n < 0)
			return (int)n;
		if ((size_t)n >= room)
			return -E2BIG;
		a->used += (size_t)n + 1;
		if (env)
			a->envc++;
		else
			a->argc++;
	}
	return 0;
}

/* The registers a new program starts with: all zero but rip and rsp. */
static void start_thread_regs(struct pt_regs *regs, unsigned long ip,
			      unsigned long sp)
{
	memset(regs, 0, sizeof(*regs));
	regs->rip = ip;
	regs->rsp = sp;
	regs->cs = USER_CS;
	regs->ss = USER_DS;
	regs->rflags = 0x202;		/* IF and the reserved bit */
	regs->vector = SYSCALL_FRAME_VECTOR;
}

/* The process's side of a successful execve. */
static void exec_process(struct process *p)
{
	fdtable_close_on_exec(p->files);
	signal_exec(p);
	process_exec_threads(p);
	process_vfork_release(p);
}

static int execve_prepare(const char __user *filename,
			  const char __user *const __user *argv,
			  const char __user *const __user *envp,
			  struct exec_image *img)
{
	struct exec_args args;
	char *path = getname(filename);
	int err;

	if (IS_ERR(path))
		return (int)PTR_ERR(path);
	err = exec_args_init(&args);
	if (!err)
		err = copy_user_strings(&args, argv, false);
	if (!err)
		err = copy_user_strings(&args, envp, true);
	if (!err)
		err = exec_prepare(current_process()->fs, path, &args, img);
	exec_args_free(&args);
	putname(path);
	return err;
}

SYSCALL_DEFINE3(execve, const char __user *, filename,
		const char __user *const __user *, argv,
		const char __user *const __user *, envp)
{
	struct process *p = current_process();
	struct exec_image img;
	int err;

	if (!p)
		return -EINVAL;
	err = execve_prepare(filename, argv, envp, &img);
	if (err)
		return err;
	exec_commit(&img);
	exec_process(p);
	start_thread_regs(current_user_regs(), img.entry, img.sp);
	return 0;
}
