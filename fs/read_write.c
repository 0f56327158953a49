// SPDX-License-Identifier: GPL-2.0
/*
 * read, write, pread64, pwrite64, readv, writev, close and ioctl on the
 * calling process's descriptors. User bytes cross through a kernel
 * bounce buffer with copy_{from,to}_user, never under a file lock.
 */
#include <mosaic/errno.h>
#include <mosaic/kmalloc.h>
#include <mosaic/pipe.h>
#include <mosaic/process.h>
#include <mosaic/syscalls.h>
#include <mosaic/tty.h>
#include <mosaic/uaccess.h>
#include <mosaic/user_path.h>
#include <mosaic/vfs.h>
#include <uapi/linux/termios.h>

#define BOUNCE_SIZE 4096UL
#define MAX_RW (0x7ffff000UL)

/* One step at the file's offset, or at *pos for pread/pwrite. */
static ssize_t write_step(struct file *f, const void *buf, size_t n, s64 *pos)
{
	ssize_t w = pos ? vfs_pwrite(f, buf, n, *pos) : vfs_write(f, buf, n);

	if (pos && w > 0)
		*pos += w;
	return w;
}

static ssize_t read_step(struct file *f, void *buf, size_t n, s64 *pos)
{
	ssize_t r = pos ? vfs_pread(f, buf, n, *pos) : vfs_read(f, buf, n);

	if (pos && r > 0)
		*pos += r;
	return r;
}

/*
 * The bounce buffer for n bytes: on the stack up to SMALL_BOUNCE bytes
 * (a byte through a pipe, a terminal line), else from the heap, no
 * larger than n needs (a 4 KiB block is beyond some heaps' classes, and
 * each call would take a page from the frame allocator and give it back).
 */
#define SMALL_BOUNCE 256UL

struct bounce {
	char *buf;
	size_t size;
	char small[SMALL_BOUNCE];
};

static int bounce_get(struct bounce *b, size_t n)
{
	b->size = MIN(n, BOUNCE_SIZE);
	b->buf = b->size <= SMALL_BOUNCE ? b->small : kmalloc(b->size);
	return b->buf ? 0 : -ENOMEM;
}

static void bounce_put(struct bounce *b)
{
	if (b->buf != b->small)
		kfree(b->buf);
}

/* Write n user bytes in bounce-sized steps: bytes written or -errno. */
static ssize_t write_user(struct file *f, const char __user *buf, size_t n,
			  s64 *pos)
{
	struct bounce b;
	ssize_t done = 0;

	if (bounce_get(&b, n))
		return -ENOMEM;
	while ((size_t)done < n) {
		size_t chunk = MIN(n - (size_t)done, b.size);
		ssize_t w;

		if (copy_from_user(b.buf, buf + done, chunk)) {
			if (!done)
				done = -EFAULT;
			break;
		}
		w = write_step(f, b.buf, chunk, pos);
		if (w <= 0) {
			if (!done)
				done = w;
			break;
		}
		done += w;
		if ((size_t)w < chunk)
			break;
	}
	bounce_put(&b);
	return done;
}

static ssize_t read_user(struct file *f, char __user *buf, size_t n,
			 s64 *pos)
{
	struct bounce b;
	ssize_t done = 0;

	if (bounce_get(&b, n))
		return -ENOMEM;
	/* One step: a short read (a terminal line) ends the call. */
	while ((size_t)done < n) {
		size_t chunk = MIN(n - (size_t)done, b.size);
		ssize_t r = read_step(f, b.buf, chunk, pos);

		if (r <= 0) {
			if (!done)
				done = r;
			break;
		}
		if (copy_to_user(buf + done, b.buf, (size_t)r)) {
			if (!done)
				done = -EFAULT;
			break;
		}
		done += r;
		if ((size_t)r < chunk)
			break;
	}
	bounce_put(&b);
	return done;
}

static bool range_ok(const void __user *buf, size_t n)
{
	return access_ok(buf, MIN(n, MAX_RW));
}

/*
 * read(2) and write(2), and at @pos pread64(2)/pwrite64(2): at most MAX_RW
 * bytes through the bounce buffer.
 */
static long do_rw(int fd, void __user *buf, size_t count, bool write,
		  s64 *pos)
{
	struct file *f = fget(fd);
	ssize_t r;

	if (IS_ERR(f))
		return PTR_ERR(f);
	count = MIN(count, MAX_RW);
	if (pos && (f->f_mode & FMODE_STREAM))
		r = -ESPIPE;	/* before the buffer is looked at */
	else if (!range_ok(buf, count))
		r = -EFAULT;
	else
		r = write ? write_user(f, buf, count, pos)
			  : read_user(f, buf, count, pos);
	fput(f);
	return r;
}

SYSCALL_DEFINE3(write, int, fd, const char __user *, buf, size_t, count)
{
	return do_rw(fd, (void __user *)buf, count, true, NULL);
}

SYSCALL_DEFINE3(read, int, fd, char __user *, buf, size_t, count)
{
	return do_rw(fd, buf, count, false, NULL);
}

/*
 * A negative offset is EINVAL before the descriptor is looked at, a pipe
 * or device ESPIPE before its access mode is. The offset of the file
 * does not move.
 */
static long do_prw(int fd, void __user *buf, size_t count, s64 pos,
		   bool write)
{
	return pos < 0 ? -EINVAL : do_rw(fd, buf, count, write, &pos);
}

SYSCALL_DEFINE4(pread64, int, fd, char __user *, buf, size_t, count, s64,
		pos)
{
	return do_prw(fd, buf, count, pos, false);
}

SYSCALL_DEFINE4(pwrite64, int, fd, const char __user *, buf, size_t, count,
		s64, pos)
{
	return do_prw(fd, (void __user *)buf, count, pos, true);
}

/* readv/writev: each vector in turn, stopping at the first short one. */
static ssize_t do_iov(int fd, const struct iovec __user *uiov, int cnt,
		      bool write)
{
	struct file *f;
	ssize_t total = 0;

	if (cnt < 0 || cnt > UIO_MAXIOV)
		return -EINVAL;
	f = fget(fd);
	if (IS_ERR(f))
		return PTR_ERR(f);
	for (int i = 0; i < cnt; i++) {
		struct iovec v;
		ssize_t r;

		if (copy_from_user(&v, &uiov[i], sizeof(v))) {
			total = total ? total : -EFAULT;
			break;
		}
		if (!v.iov_len)
			continue;
		if (v.iov_len > MAX_RW - (size_t)total ||
		    !range_ok(v.iov_base, v.iov_len)) {
			total = total ? total : (v.iov_len > MAX_RW ? -EINVAL
								   : -EFAULT);
			break;
		}
		r = write ? write_user(f, v.iov_base, v.iov_len, NULL)
			  : read_user(f, v.iov_base, v.iov_len, NULL);
		if (r < 0) {
			total = total ? total : r;
			break;
		}
		total += r;
		if ((size_t)r < v.iov_len)
			break;
	}
	fput(f);
	return total;
}

SYSCALL_DEFINE3(writev, int, fd, const struct iovec __user *, iov, int, cnt)
{
	return do_iov(fd, iov, cnt, true);
}

SYSCALL_DEFINE3(readv, int, fd, const struct iovec __user *, iov, int, cnt)
{
	return do_iov(fd, iov, cnt, false);
}

SYSCALL_DEFINE1(close, int, fd)
{
	struct process *p = current_process();

	return p && p->files ? fd_close(p->files, fd) : -EBADF;
}

/*
 * How a terminal ioctl's argument crosses: copied in, copied out (bytes),
 * or passed as a value. Anything else is not a terminal request.
 */
enum ioctl_arg { ARG_NONE, ARG_VALUE, ARG_IN, ARG_OUT };

static enum ioctl_arg tty_ioctl_arg(unsigned int cmd, size_t *size)
{
	switch (cmd) {
	case TCGETS:
		*size = sizeof(struct termios);
		return ARG_OUT;
	case TCGETS2:
		*size = sizeof(struct termios2);
		return ARG_OUT;
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		*size = sizeof(struct termios);
		return ARG_IN;
	case TCSETS2:
	case TCSETSW2:
	case TCSETSF2:
		*size = sizeof(struct termios2);
		return ARG_IN;
	case TIOCGWINSZ:
		*size = sizeof(struct winsize);
		return ARG_OUT;
	case TIOCSWINSZ:
		*size = sizeof(struct winsize);
		return ARG_IN;
	case TIOCGPGRP:
	case TIOCGSID:
	case FIONREAD:
	case TIOCOUTQ:
		*size = sizeof(int);
		return ARG_OUT;
	case TIOCSPGRP:
		*size = sizeof(int);
		return ARG_IN;
	case TCFLSH:
	case TIOCSCTTY:
	case TIOCNOTTY:
		*size = 0;
		return ARG_VALUE;
	}
	return ARG_NONE;
}

/* The caller's session and group, for the controlling-tty ioctls. */
static struct tty_caller ioctl_caller(void)
{
	struct process *p = current_process();
	struct tty_caller who = { 0 };
	unsigned long flags;

	if (!p)
		return who;
	flags = spin_lock_irqsave(&process_lock);
	who.sid = p->sid;
	who.pgrp = p->pgid;
	who.session_leader = p->sid == p->pid;
	spin_unlock_irqrestore(&process_lock, flags);
	return who;
}

/*
 * TIOCSPGRP's checks in Linux's order: the caller's controlling tty
 * (ENOTTY, asked of the tty), a group that exists (ESRCH) and is in the
 * caller's session (EPERM).
 */
static int check_new_pgrp(struct file *f, const struct tty_caller *who,
			  int pgrp)
{
	unsigned long flags;
	int cur, err = (int)tty_file_ioctl(f, who, TIOCGPGRP, &cur);

	if (err || pgrp <= 0)
		return err;
	flags = spin_lock_irqsave(&process_lock);
	if (!process_pgrp_exists_locked(pgrp, -1))
		err = -ESRCH;
	else if (!process_pgrp_exists_locked(pgrp, who->sid))
		err = -EPERM;
	spin_unlock_irqrestore(&process_lock, flags);
	return err;
}

static long tty_file_ioctl_user(struct file *f, unsigned int cmd,
				unsigned long arg)
{
	struct tty_caller who = ioctl_caller();
	union {
		struct termios2 t2;
		struct winsize ws;
		int i;
	} k;
	size_t size = 0;
	enum ioctl_arg how = tty_ioctl_arg(cmd, &size);
	void __user *uarg = (void __user *)arg;
	long r;

	if (how == ARG_NONE)
		return -ENOTTY;
	if (how == ARG_VALUE)
		return tty_file_ioctl(f, &who, cmd, (void *)arg);
	if (how == ARG_IN && copy_from_user(&k, uarg, size))
		return -EFAULT;
	r = cmd == TIOCSPGRP ? check_new_pgrp(f, &who, k.i) : 0;
	if (!r)
		r = tty_file_ioctl(f, &who, cmd, &k);
	if (!r && how == ARG_OUT && copy_to_user(uarg, &k, size))
		return -EFAULT;
	return r;
}

/* FIONBIO: O_NONBLOCK on or off for any file, as fcntl(F_SETFL). */
static long fionbio(struct file *f, unsigned long arg)
{
	int on, fl;

	if (copy_from_user(&on, (const void __user *)arg, sizeof(on)))
		return -EFAULT;
	fl = vfs_getfl(f);
	return vfs_setfl(f, on ? fl | O_NONBLOCK : fl & ~O_NONBLOCK);
}

SYSCALL_DEFINE3(ioctl, int, fd, unsigned int, cmd, unsigned long, arg)
{
	struct file *f = fget(fd);
	long r;
	int n;

	if (IS_ERR(f))
		return PTR_ERR(f);
	if (cmd == FIONBIO) {
		r = fionbio(f, arg);
	} else if (cmd == FIONREAD && !pipe_fionread(f, &n)) {
		r = copy_to_user((void __user *)arg, &n, sizeof(n)) ? -EFAULT
								    : 0;
	} else {
		r = tty_file_ioctl_user(f, cmd, arg);
	}
	fput(f);
	return r;
}

void kernel_read_small_file(const char *path, char *buf, size_t size)
{
	struct file *f = vfs_open(vfs_kernel_fs(), NULL, path, O_RDONLY, 0);
	ssize_t n = 0, r = 0;

	while (!IS_ERR(f) && (size_t)n < size - 1 &&
	       (r = vfs_read(f, buf + n, size - 1 - (size_t)n)) > 0)
		n += r;
	if (!IS_ERR(f))
		fput(f);
	buf[n] = '\0';
}
