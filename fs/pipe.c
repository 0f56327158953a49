// SPDX-License-Identifier: GPL-2.0
/*
 * Pipes and FIFOs. A pipe is a ring of PIPE_DEF_BUFFERS pages, taken
 * from the page allocator as writes first reach them and freed with the
 * pipe; head and tail count bytes, so head - tail is what it holds.
 * pipe() makes an inode on pipefs, a file system never mounted in the
 * name space (as Linux's); a FIFO is an inode of any file system whose
 * opens share one pipe object while any is open.
 *
 * Locks: inode->i_mutex attaches and detaches inode->i_pipe and counts
 * pipe->files; pipe->mutex (inside it) guards the rest. Readers and
 * writers sleep with mutex_unlock_wait_interruptible() on rd_wait /
 * wr_wait, the queues poll waits on too: a signal ends the wait with
 * -ERESTARTSYS (EINTR, or a restart with SA_RESTART), unless some bytes
 * already moved.
 */
#include <mosaic/errno.h>
#include <mosaic/kmalloc.h>
#include <mosaic/mm.h>
#include <mosaic/pipe.h>
#include <mosaic/poll.h>
#include <mosaic/printk.h>
#include <mosaic/process.h>
#include <mosaic/string.h>
#include <mosaic/syscalls.h>
#include <mosaic/uaccess.h>
#include <mosaic/vfs.h>
#include <mosaic/vsprintf.h>

#include "internal.h"

/* statfs f_type of pipefs, Linux's PIPEFS_MAGIC. */
#define PIPEFS_MAGIC 0x50495045

static pipe_sigpipe_hook_t sigpipe_hook;

pipe_sigpipe_hook_t pipe_set_sigpipe_hook(pipe_sigpipe_hook_t hook)
{
	pipe_sigpipe_hook_t old = sigpipe_hook;

	sigpipe_hook = hook;
	return old;
}

static struct pipe_inode_info *pipe_alloc(void)
{
	struct pipe_inode_info *pipe = kzalloc(sizeof(*pipe));

	if (!pipe)
		return NULL;
	mutex_init(&pipe->mutex, "pipe->mutex");
	wait_queue_init(&pipe->rd_wait);
	wait_queue_init(&pipe->wr_wait);
	return pipe;
}

static void pipe_free(struct pipe_inode_info *pipe)
{
	for (int i = 0; i < PIPE_DEF_BUFFERS; i++)
		if (pipe->bufs[i])
			put_page(pipe->bufs[i]);
	kfree(pipe);
}

static u32 pipe_used(const struct pipe_inode_info *pipe)
{
	return pipe->head - pipe->tail;
}

/* The byte at ring offset @pos, its page allocated if @alloc. */
static u8 *pipe_byte(struct pipe_inode_info *pipe, u32 pos, bool alloc)
{
	unsigned int slot = (pos / PAGE_SIZE) % PIPE_DEF_BUFFERS;
	struct page **page = &pipe->bufs[slot];

	if (!*page && alloc)
		*page = alloc_page();
	if (!*page)
		return NULL;
	return (u8 *)phys_to_virt(page_to_phys(*page)) + pos % PAGE_SIZE;
}

/* The contiguous bytes from ring offset @pos, at most @n. */
static size_t pipe_run(u32 pos, size_t n)
{
	return MIN(n, PAGE_SIZE - pos % PAGE_SIZE);
}

/* Copy up to @n buffered bytes out (pipe->mutex held). */
static size_t pipe_copy_out(struct pipe_inode_info *pipe, u8 *buf, size_t n)
{
	size_t done = 0;

	n = MIN(n, pipe_used(pipe));
	while (done < n) {
		size_t run = pipe_run(pipe->tail, n - done);

		memcpy(buf + done, pipe_byte(pipe, pipe->tail, false), run);
		pipe->tail += (u32)run;
		done += run;
	}
	return done;
}

/* Copy up to @n bytes in, as room and pages allow (pipe->mutex held). */
static size_t pipe_copy_in(struct pipe_inode_info *pipe, const u8 *buf,
			   size_t n)
{
	size_t done = 0;

	n = MIN(n, PIPE_SIZE - pipe_used(pipe));
	while (done < n) {
		size_t run = pipe_run(pipe->head, n - done);
		u8 *dst = pipe_byte(pipe, pipe->head, true);

		if (!dst)
			break;		/* no memory: what fit so far */
		memcpy(dst, buf + done, run);
		pipe->head += (u32)run;
		done += run;
	}
	return done;
}

static struct pipe_inode_info *file_pipe(const struct file *f)
{
	return f->f_inode->i_pipe;
}

static ssize_t pipe_read(struct file *f, void *buf, size_t n, u64 *pos)
{
	struct pipe_inode_info *pipe = file_pipe(f);
	ssize_t r;

	if (n == 0)
		return 0;
	mutex_lock(&pipe->mutex);
	for (;;) {
		if (pipe_used(pipe)) {
			r = (ssize_t)pipe_copy_out(pipe, buf, n);
			break;
		}
		if (!pipe->writers) {
			r = 0;		/* EOF */
			break;
		}
		if (f->f_flags & O_NONBLOCK) {
			r = -EAGAIN;
			break;
		}
		r = mutex_unlock_wait_interruptible(&pipe->mutex,
						    &pipe->rd_wait);
		if (r)
			break;
	}
	mutex_unlock(&pipe->mutex);
	if (r > 0)
		wake_up_all(&pipe->wr_wait);
	return r;
}

/*
 * Room for what this write needs next: all of it if it is atomic
 * (at most PIPE_BUF), else any.
 */
static bool pipe_has_room(const struct pipe_inode_info *pipe, size_t left,
			  bool atomic)
{
	u32 room = PIPE_SIZE - pipe_used(pipe);

	return atomic ? room >= left : room > 0;
}

static ssize_t pipe_write(struct file *f, const void *buf, size_t n,
			  u64 *pos)
{
	struct pipe_inode_info *pipe = file_pipe(f);
	bool atomic = n <= PIPE_BUF;
	ssize_t err = 0;
	size_t done = 0;

	if (n == 0)
		return 0;
	mutex_lock(&pipe->mutex);
	while (done < n) {
		if (!pipe->readers) {
			err = -EPIPE;
			break;
		}
		if (pipe_has_room(pipe, n - done, atomic)) {
			size_t put = pipe_copy_in(pipe, (const u8 *)buf + done,
						  n - done);

			if (!put) {
				err = -ENOMEM;
				break;
			}
			done += put;
			wake_up_all(&pipe->rd_wait);
			continue;
		}
		if (f->f_flags & O_NONBLOCK) {
			err = -EAGAIN;
			break;
		}
		err = mutex_unlock_wait_interruptible(&pipe->mutex,
						      &pipe->wr_wait);
		if (err)
			break;
	}
	mutex_unlock(&pipe->mutex);
	if (err == -EPIPE && sigpipe_hook)
		sigpipe_hook();		/* even after a partial write, as Linux */
	return done ? (ssize_t)done : err;
}

static unsigned int pipe_poll(struct file *f, struct poll_table *pt)
{
	struct pipe_inode_info *pipe = file_pipe(f);
	poll_t mask = 0;

	if (f->f_mode & FMODE_READ)
		poll_wait(f, &pipe->rd_wait, pt);
	if (f->f_mode & FMODE_WRITE)
		poll_wait(f, &pipe->wr_wait, pt);
	mutex_lock(&pipe->mutex);
	if (f->f_mode & FMODE_READ) {
		if (pipe_used(pipe))
			mask |= EPOLLIN | EPOLLRDNORM;
		/* A FIFO reader that never saw a writer is not hung up. */
		if (!pipe->writers && f->f_version != pipe->w_counter)
			mask |= EPOLLHUP;
	}
	if (f->f_mode & FMODE_WRITE) {
		if (PIPE_SIZE - pipe_used(pipe) >= PIPE_BUF)
			mask |= EPOLLOUT | EPOLLWRNORM;
		if (!pipe->readers)
			mask |= EPOLLERR;
	}
	mutex_unlock(&pipe->mutex);
	return mask;
}

/* The pipe of @inode, made on first open (i_mutex held). */
static struct pipe_inode_info *inode_pipe_get(struct inode *inode)
{
	if (!inode->i_pipe)
		inode->i_pipe = pipe_alloc();
	if (inode->i_pipe)
		inode->i_pipe->files++;
	return inode->i_pipe;
}

/*
 * Drop an open end's counts; the last file frees the pipe. The others
 * wake the sleepers before letting go of pipe->mutex: once it is
 * released, the closer of the last end may free the pipe at once.
 */
static void pipe_put(struct inode *inode, unsigned int mode)
{
	struct pipe_inode_info *pipe;
	bool last;

	mutex_lock(&inode->i_mutex);
	pipe = inode->i_pipe;
	mutex_lock(&pipe->mutex);
	if (mode & FMODE_READ)
		pipe->readers--;
	if (mode & FMODE_WRITE)
		pipe->writers--;
	last = --pipe->files == 0;
	if (last) {
		inode->i_pipe = NULL;
	} else {
		/* EOF for readers, EPIPE for writers, HUP/ERR for pollers. */
		wake_up_all(&pipe->rd_wait);
		wake_up_all(&pipe->wr_wait);
	}
	mutex_unlock(&pipe->mutex);
	mutex_unlock(&inode->i_mutex);
	if (last)
		pipe_free(pipe);
}

static void pipe_release(struct inode *inode, struct file *f)
{
	pipe_put(inode, f->f_mode & (FMODE_READ | FMODE_WRITE));
}

/*
 * Sleep until *counter moves: a partner opened (pipe->mutex held). 0,
 * or -ERESTARTSYS when a signal came first.
 */
static int fifo_wait_partner(struct pipe_inode_info *pipe,
			     struct wait_queue *wq, unsigned int *counter)
{
	unsigned int seen = *counter;
	int err = 0;

	while (*counter == seen && !err)
		err = mutex_unlock_wait_interruptible(&pipe->mutex, wq);
	return *counter == seen ? err : 0;
}

/*
 * fifo(7): O_RDONLY waits for a writer, O_WRONLY for a reader, unless
 * O_NONBLOCK, where a reader opens at once and a writer gets ENXIO;
 * O_RDWR never waits. pipe->mutex held.
 */
static int fifo_open_end(struct pipe_inode_info *pipe, struct file *f)
{
	bool nonblock = f->f_flags & O_NONBLOCK;

	switch (f->f_mode & (FMODE_READ | FMODE_WRITE)) {
	case FMODE_READ:
		pipe->r_counter++;
		pipe->readers++;
		wake_up_all(&pipe->wr_wait);
		/* poll: no HUP until a writer came and went. */
		f->f_version = pipe->w_counter;
		if (!pipe->writers && !nonblock &&
		    fifo_wait_partner(pipe, &pipe->rd_wait, &pipe->w_counter)) {
			/* Interrupted: this end never opened. */
			if (!--pipe->readers)
				wake_up_all(&pipe->wr_wait);
			return -ERESTARTSYS;
		}
		return 0;
	case FMODE_WRITE:
		if (nonblock && !pipe->readers)
			return -ENXIO;
		pipe->w_counter++;
		pipe->writers++;
		wake_up_all(&pipe->rd_wait);
		if (!pipe->readers &&
		    fifo_wait_partner(pipe, &pipe->wr_wait, &pipe->r_counter)) {
			if (!--pipe->writers)
				wake_up_all(&pipe->rd_wait);
			return -ERESTARTSYS;
		}
		return 0;
	case FMODE_READ | FMODE_WRITE:
		pipe->r_counter++;
		pipe->w_counter++;
		pipe->readers++;
		pipe->writers++;
		wake_up_all(&pipe->rd_wait);
		wake_up_all(&pipe->wr_wait);
		return 0;
	}
	return -EINVAL;
}

static int fifo_open(struct inode *inode, struct file *f)
{
	struct pipe_inode_info *pipe;
	int err;

	mutex_lock(&inode->i_mutex);
	pipe = inode_pipe_get(inode);
	mutex_unlock(&inode->i_mutex);
	if (!pipe)
		return -ENOMEM;
	f->f_mode |= FMODE_STREAM;
	mutex_lock(&pipe->mutex);
	err = fifo_open_end(pipe, f);
	mutex_unlock(&pipe->mutex);
	if (err)
		pipe_put(inode, 0);
	return err;
}

int pipe_fionread(struct file *f, int *count)
{
	struct pipe_inode_info *pipe;

	if (!S_ISFIFO(f->f_inode->i_mode) || !(f->f_mode & FMODE_STREAM))
		return -ENOTTY;
	pipe = file_pipe(f);
	mutex_lock(&pipe->mutex);
	*count = (int)pipe_used(pipe);
	mutex_unlock(&pipe->mutex);
	return 0;
}

/* Shared by pipe() ends (which skip ->open) and FIFOs, as on Linux. */
const struct file_operations pipefifo_fops = {
	.open = fifo_open,
	.release = pipe_release,
	.read = pipe_read,
	.write = pipe_write,
	.poll = pipe_poll,
};

/* ------------------------------------------------------------------ pipefs */

static int pipefs_fill_super(struct super_block *sb, const char *options)
{
	struct inode *root;

	if (*options)
		return -EINVAL;
	sb->s_magic = PIPEFS_MAGIC;
	sb->s_maxbytes = 0;
	root = new_inode(sb, S_IFDIR | 0700);
	if (!root)
		return -ENOMEM;
	sb->s_root = d_make_root(root);
	if (!sb->s_root) {
		iput(root);
		return -ENOMEM;
	}
	return 0;
}

static struct file_system_type pipefs_type = {
	.name = "pipefs",
	.fill_super = pipefs_fill_super,
};

static struct mount *pipe_mnt;

void pipefs_init(void)
{
	struct mount *m;

	mutex_lock(&vfs_ns_lock);
	m = kern_mount(&pipefs_type);
	mutex_unlock(&vfs_ns_lock);
	if (IS_ERR(m))
		pr_err("pipe: no pipefs (error %ld): pipe() fails\n",
		       PTR_ERR(m));
	else
		pipe_mnt = m;
}

/* A pipe's inode and its one dentry, "pipe:[ino]" (vfs_ns_lock held). */
static int pipe_new_path(struct path *p)
{
	struct super_block *sb;
	struct inode *inode;
	struct dentry *d;
	char name[32];

	if (!pipe_mnt)
		return -ENOMEM;		/* pipefs_init() failed */
	sb = pipe_mnt->mnt_sb;
	inode = new_inode(sb, S_IFIFO | 0600);
	if (!inode)
		return -ENOMEM;
	inode->i_fop = &pipefifo_fops;
	snprintf(name, sizeof(name), "pipe:[%llu]",
		 (unsigned long long)inode->i_ino);
	d = d_alloc(sb->s_root, name, strlen(name));
	if (!d) {
		iput(inode);
		return -ENOMEM;
	}
	d_instantiate(d, inode);	/* unhashed: no name reaches it */
	p->mnt = pipe_mnt;
	p->dentry = d;
	pipe_mnt->mnt_count++;
	return 0;
}

/* Both ends on @p, or neither (vfs_ns_lock held). */
static int pipe_open_ends(const struct path *p, int flags, struct file *f[2])
{
	f[0] = alloc_file(p, O_RDONLY | flags);
	if (IS_ERR(f[0]))
		return (int)PTR_ERR(f[0]);
	f[1] = alloc_file(p, O_WRONLY | flags);
	if (IS_ERR(f[1])) {
		discard_file(f[0]);
		return (int)PTR_ERR(f[1]);
	}
	return 0;
}

int vfs_pipe(struct file *f[2], int flags)
{
	struct pipe_inode_info *pipe;
	struct inode *inode;
	struct path p;
	int err;

	if (flags & ~(O_NONBLOCK | O_CLOEXEC))
		return -EINVAL;		/* O_DIRECT (packet mode): not yet */
	pipe = pipe_alloc();
	if (!pipe)
		return -ENOMEM;
	/* Both ends open from the start: no FIFO waits, HUP at once. */
	pipe->files = 2;
	pipe->readers = pipe->writers = 1;
	pipe->r_counter = pipe->w_counter = 1;
	mutex_lock(&vfs_ns_lock);
	err = pipe_new_path(&p);
	if (!err) {
		inode = p.dentry->d_inode;
		inode->i_pipe = pipe;
		err = pipe_open_ends(&p, flags & O_NONBLOCK, f);
		if (err)
			inode->i_pipe = NULL;
		path_put(&p);
	}
	mutex_unlock(&vfs_ns_lock);
	if (err) {
		pipe_free(pipe);
		return err;
	}
	f[0]->f_mode |= FMODE_STREAM;
	f[1]->f_mode |= FMODE_STREAM;
	return 0;
}

/* ------------------------------------------------------------------ system calls */

/*
 * pipe2(): both ends installed, then the pair copied out; if that faults
 * the descriptors are closed again and nothing is left behind (EFAULT).
 */
static long do_pipe2(int __user *ufds, int flags)
{
	struct process *p = current_process();
	struct file *f[2];
	int fd[2], err;

	if (!p || !p->files)
		return -EBADF;
	err = vfs_pipe(f, flags);
	if (err)
		return err;
	fd[0] = fd_install(p->files, f[0], flags & O_CLOEXEC);
	if (fd[0] < 0) {
		fput(f[0]);
		fput(f[1]);
		return fd[0];
	}
	fd[1] = fd_install(p->files, f[1], flags & O_CLOEXEC);
	if (fd[1] < 0) {
		fd_close(p->files, fd[0]);
		fput(f[1]);
		return fd[1];
	}
	if (copy_to_user(ufds, fd, sizeof(fd))) {
		fd_close(p->files, fd[0]);
		fd_close(p->files, fd[1]);
		return -EFAULT;
	}
	return 0;
}

SYSCALL_DEFINE1(pipe, int __user *, fds)
{
	return do_pipe2(fds, 0);
}

SYSCALL_DEFINE2(pipe2, int __user *, fds, int, flags)
{
	return do_pipe2(fds, flags);
}
