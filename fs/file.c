// SPDX-License-Identifier: GPL-2.0
/*
 * Open files: reference counts, offsets, and the read/write/seek paths.
 * An offset changes under the file's f_pos_lock; data and size under the
 * inode's i_mutex, taken inside it.
 */
#include <mosaic/errno.h>
#include <mosaic/kmalloc.h>
#include <mosaic/page.h>
#include <mosaic/string.h>
#include <mosaic/vfs.h>

#include "internal.h"

/* The largest byte count a read or write can report. */
#define SSIZE_MAX ((ssize_t)(~(size_t)0 >> 1))
/* Linux's MAX_RW_COUNT: one read or write moves at most this much. */
#define MAX_RW_COUNT (0x7fffffffUL & PAGE_MASK)

static unsigned long live_files;

/* vfs_ns_lock held; takes its own reference on @path. */
struct file *alloc_file(const struct path *path, int flags)
{
	struct inode *inode = path->dentry->d_inode;
	struct file *f = kzalloc(sizeof(*f));
	int acc = flags & O_ACCMODE;

	if (!f)
		return ERR_PTR(-ENOMEM);
	f->f_path = *path;
	path_get(path);
	f->f_inode = inode;
	f->f_op = inode->i_fop;
	f->f_flags = flags;
	if (!(flags & O_PATH)) {
		if (acc == O_RDONLY || acc == O_RDWR)
			f->f_mode |= FMODE_READ;
		if (acc == O_WRONLY || acc == O_RDWR)
			f->f_mode |= FMODE_WRITE;
	}
	f->f_count = 1;
	spin_lock_init(&f->f_lock);
	mutex_init(&f->f_pos_lock, "f_pos_lock");
	live_files++;
	return f;
}

/* Free a file ->open never saw (vfs_ns_lock held). */
void discard_file(struct file *f)
{
	path_put(&f->f_path);
	live_files--;
	kfree(f);
}

struct file *file_do_open(struct file *f)
{
	int err;

	if ((f->f_flags & O_PATH) || !f->f_op || !f->f_op->open)
		return f;
	err = f->f_op->open(f->f_inode, f);
	if (!err)
		return f;
	mutex_lock(&vfs_ns_lock);
	discard_file(f);
	mutex_unlock(&vfs_ns_lock);
	return ERR_PTR(err);
}

struct file *get_file(struct file *f)
{
	spin_lock(&f->f_lock);
	f->f_count++;
	spin_unlock(&f->f_lock);
	return f;
}

void fput(struct file *f)
{
	unsigned int left;

	spin_lock(&f->f_lock);
	left = --f->f_count;
	spin_unlock(&f->f_lock);
	if (left)
		return;
	if (!(f->f_flags & O_PATH) && f->f_op && f->f_op->release)
		f->f_op->release(f->f_inode, f);
	mutex_lock(&vfs_ns_lock);
	path_put(&f->f_path);	/* may free an unlinked inode's data */
	live_files--;
	mutex_unlock(&vfs_ns_lock);
	kfree(f);
}

unsigned long vfs_live_files(void)
{
	return live_files;
}

static bool is_dir(const struct file *f)
{
	return S_ISDIR(f->f_inode->i_mode);
}

static ssize_t check_read(struct file *f, size_t *n)
{
	if (!(f->f_mode & FMODE_READ))
		return -EBADF;
	if (is_dir(f))
		return -EISDIR;
	if (!f->f_op || !f->f_op->read)
		return -EINVAL;
	*n = MIN(*n, MAX_RW_COUNT);
	return 0;
}

static ssize_t check_write(struct file *f, size_t *n)
{
	if (!(f->f_mode & FMODE_WRITE))
		return -EBADF;
	if (!f->f_op || !f->f_op->write)
		return -EINVAL;
	*n = MIN(*n, MAX_RW_COUNT);
	return 0;
}

static bool locks_inode(const struct file *f)
{
	return f->f_op->fop_flags & FOP_INODE_MUTEX;
}

/* Files that do their own locking: i_mutex only for the timestamps. */
static void touch_after_rw(struct file *f, bool atime, bool mtime)
{
	mutex_lock(&f->f_inode->i_mutex);
	inode_touch(f->f_inode, atime, mtime, mtime);
	mutex_unlock(&f->f_inode->i_mutex);
}

/* i_mutex held (FOP_INODE_MUTEX files). */
static ssize_t read_inode_held(struct file *f, void *buf, size_t n, u64 *pos)
{
	ssize_t r = f->f_op->read(f, buf, n, pos);

	if (r >= 0 && !(f->f_flags & O_NOATIME))
		inode_touch(f->f_inode, true, false, false);
	return r;
}

static ssize_t read_locked(struct file *f, void *buf, size_t n, u64 *pos)
{
	ssize_t r;

	mutex_lock(&f->f_inode->i_mutex);
	r = read_inode_held(f, buf, n, pos);
	mutex_unlock(&f->f_inode->i_mutex);
	return r;
}

static ssize_t read_at(struct file *f, void *buf, size_t n, u64 *pos)
{
	ssize_t r;

	if (locks_inode(f))
		return read_locked(f, buf, n, pos);
	r = f->f_op->read(f, buf, n, pos);
	if (r >= 0 && !(f->f_flags & O_NOATIME))
		touch_after_rw(f, true, false);
	return r;
}

/* i_mutex held. O_APPEND writes at the end, even through pwrite (as on
 * Linux); a write that would pass the size limit is cut, or EFBIG.
 * 1: write *n bytes at *pos; 0: nothing to write; or the error. */
static ssize_t clip_to_size_limit(struct file *f, size_t *n, u64 *pos)
{
	struct inode *inode = f->f_inode;
	u64 max = inode->i_sb->s_maxbytes;

	if (f->f_flags & O_APPEND)
		*pos = inode->i_size;
	if (*n == 0)
		return 0;
	if (*pos >= max)
		return -EFBIG;
	*n = MIN(*n, max - *pos);
	return 1;
}

/* i_mutex held (FOP_INODE_MUTEX files). */
static ssize_t write_inode_held(struct file *f, const void *buf, size_t n,
				u64 *pos)
{
	ssize_t r = clip_to_size_limit(f, &n, pos);

	if (r > 0)
		r = f->f_op->write(f, buf, n, pos);
	if (r > 0)
		inode_touch(f->f_inode, false, true, true);
	return r;
}

static ssize_t write_locked(struct file *f, const void *buf, size_t n,
			    u64 *pos)
{
	ssize_t r;

	mutex_lock(&f->f_inode->i_mutex);
	r = write_inode_held(f, buf, n, pos);
	mutex_unlock(&f->f_inode->i_mutex);
	return r;
}

static ssize_t write_at(struct file *f, const void *buf, size_t n, u64 *pos)
{
	ssize_t r;

	if (locks_inode(f))
		return write_locked(f, buf, n, pos);
	r = f->f_op->write(f, buf, n, pos);
	if (r > 0)
		touch_after_rw(f, false, true);
	return r;
}

ssize_t vfs_read(struct file *f, void *buf, size_t n)
{
	ssize_t r = check_read(f, &n);
	u64 pos;

	if (r)
		return r;
	if (f->f_mode & FMODE_STREAM)
		return f->f_op->read(f, buf, n, NULL);
	mutex_lock(&f->f_pos_lock);
	pos = f->f_pos;
	r = read_at(f, buf, n, &pos);
	if (r >= 0)
		f->f_pos = pos;
	mutex_unlock(&f->f_pos_lock);
	return r;
}

ssize_t vfs_write(struct file *f, const void *buf, size_t n)
{
	ssize_t r = check_write(f, &n);
	u64 pos;

	if (r)
		return r;
	if (f->f_mode & FMODE_STREAM)
		return f->f_op->write(f, buf, n, NULL);
	mutex_lock(&f->f_pos_lock);
	pos = f->f_pos;
	r = write_at(f, buf, n, &pos);
	if (r >= 0)
		f->f_pos = pos;
	mutex_unlock(&f->f_pos_lock);
	return r;
}

/* pread/pwrite: Linux refuses a stream (ESPIPE) and a negative offset
 * before it looks at the access mode. */
static ssize_t check_positioned(struct file *f, s64 off)
{
	if (f->f_mode & FMODE_STREAM)
		return -ESPIPE;
	return off < 0 ? -EINVAL : 0;
}

ssize_t vfs_pread(struct file *f, void *buf, size_t n, s64 off)
{
	ssize_t r = check_positioned(f, off);
	u64 pos = (u64)off;

	if (!r)
		r = check_read(f, &n);
	return r ? r : read_at(f, buf, n, &pos);
}

ssize_t vfs_pwrite(struct file *f, const void *buf, size_t n, s64 off)
{
	ssize_t r = check_positioned(f, off);
	u64 pos = (u64)off;

	if (!r)
		r = check_write(f, &n);
	return r ? r : write_at(f, buf, n, &pos);
}

/* ------------------------------------------------------------------ readv/writev */

/* Bytes one stream readv/writev moves through its bounce buffer. */
#define STREAM_IOV_CHUNK (64 * 1024UL)

/* readv(2)'s checks: EINVAL past UIO_MAXIOV segments or SSIZE_MAX bytes. */
static ssize_t iov_total(const struct kvec *iov, int cnt)
{
	size_t total = 0;

	if (cnt < 0 || cnt > UIO_MAXIOV)
		return -EINVAL;
	for (int i = 0; i < cnt; i++) {
		if (iov[i].iov_len > (size_t)SSIZE_MAX - total)
			return -EINVAL;
		total += iov[i].iov_len;
	}
	return (ssize_t)total;
}

/* One segment of a seekable readv/writev, i_mutex held if the file asks. */
static ssize_t iov_segment(struct file *f, const struct kvec *seg, size_t len,
			   u64 *pos, bool write, bool inode_held)
{
	if (inode_held)
		return write ? write_inode_held(f, seg->iov_base, len, pos) :
			       read_inode_held(f, seg->iov_base, len, pos);
	return write ? write_at(f, seg->iov_base, len, pos) :
		       read_at(f, seg->iov_base, len, pos);
}

/* Each segment in turn from *pos, stopping at a short transfer: the
 * bytes so far, or the first error if none. */
static ssize_t iov_segments(struct file *f, const struct kvec *iov, int cnt,
			    size_t total, u64 *pos, bool write, bool inode_held)
{
	ssize_t done = 0, r = 0;

	for (int i = 0; i < cnt && (size_t)done < total; i++) {
		size_t len = MIN(iov[i].iov_len, total - (size_t)done);

		r = iov_segment(f, &iov[i], len, pos, write, inode_held);
		if (r < 0)
			break;
		done += r;
		if ((size_t)r < len)
			break;
	}
	return done ? done : r;
}

/*
 * The whole call under the file's offset lock and (FOP_INODE_MUTEX
 * files) one hold of i_mutex, so no other write lands between the
 * segments.
 */
static ssize_t iov_seekable(struct file *f, const struct kvec *iov, int cnt,
			    size_t total, bool write)
{
	ssize_t r;
	u64 pos;

	mutex_lock(&f->f_pos_lock);
	pos = f->f_pos;
	if (locks_inode(f)) {
		mutex_lock(&f->f_inode->i_mutex);
		r = iov_segments(f, iov, cnt, total, &pos, write, true);
		mutex_unlock(&f->f_inode->i_mutex);
	} else {
		r = iov_segments(f, iov, cnt, total, &pos, write, false);
	}
	if (r >= 0)
		f->f_pos = pos;
	mutex_unlock(&f->f_pos_lock);
	return r;
}

/* Copy between the segments and a flat buffer, from byte @skip on. */
static void iov_copy(const struct kvec *iov, int cnt, size_t skip, u8 *flat,
		     size_t n, bool to_flat)
{
	for (int i = 0; i < cnt && n; i++) {
		size_t len = iov[i].iov_len, part;

		if (skip >= len) {
			skip -= len;
			continue;
		}
		part = MIN(len - skip, n);
		if (to_flat)
			memcpy(flat, (u8 *)iov[i].iov_base + skip, part);
		else
			memcpy((u8 *)iov[i].iov_base + skip, flat, part);
		flat += part;
		n -= part;
		skip = 0;
	}
}

/*
 * Stream files take a transfer in one call, so a writev of at most
 * PIPE_BUF bytes stays atomic and a readv takes what one read would:
 * gather into (or scatter from) a bounce buffer, a chunk at a time.
 */
static ssize_t iov_stream(struct file *f, const struct kvec *iov, int cnt,
			  size_t total, bool write)
{
	size_t chunk = MIN(total, STREAM_IOV_CHUNK), done = 0;
	u8 *bounce;
	ssize_t r = 0;

	if (cnt == 1)
		return write ? f->f_op->write(f, iov[0].iov_base, total, NULL) :
			       f->f_op->read(f, iov[0].iov_base, total, NULL);
	bounce = kmalloc(chunk);
	if (!bounce)
		return -ENOMEM;
	while (done < total) {
		size_t n = MIN(chunk, total - done);

		if (write) {
			iov_copy(iov, cnt, done, bounce, n, true);
			r = f->f_op->write(f, bounce, n, NULL);
		} else {
			r = f->f_op->read(f, bounce, n, NULL);
			if (r > 0)
				iov_copy(iov, cnt, done, bounce, (size_t)r,
					 false);
		}
		if (r <= 0)
			break;
		done += (size_t)r;
		/* A read returns what was there; a short write ends too. */
		if (!write || (size_t)r < n)
			break;
	}
	kfree(bounce);
	return done ? (ssize_t)done : r;
}

static ssize_t vfs_iov(struct file *f, const struct kvec *iov, int cnt,
		       bool write)
{
	ssize_t total = iov_total(iov, cnt);
	size_t n;
	ssize_t r;

	if (total < 0)
		return total;
	n = (size_t)total;
	r = write ? check_write(f, &n) : check_read(f, &n);
	if (r)
		return r;
	if (n == 0)
		return 0;
	if (f->f_mode & FMODE_STREAM)
		return iov_stream(f, iov, cnt, n, write);
	return iov_seekable(f, iov, cnt, n, write);
}

ssize_t vfs_readv(struct file *f, const struct kvec *iov, int cnt)
{
	return vfs_iov(f, iov, cnt, false);
}

ssize_t vfs_writev(struct file *f, const struct kvec *iov, int cnt)
{
	return vfs_iov(f, iov, cnt, true);
}

/* ------------------------------------------------------------------ status flags */

/* What F_SETFL may change (Linux's SETFL_MASK less O_DIRECT, refused). */
#define SETFL_MASK (O_APPEND | O_NONBLOCK | O_NOATIME | FASYNC)

int vfs_getfl(struct file *f)
{
	int flags;

	spin_lock(&f->f_lock);
	flags = (int)f->f_flags;
	spin_unlock(&f->f_lock);
	return flags;
}

int vfs_setfl(struct file *f, int flags)
{
	if (flags & O_DIRECT)
		return -EINVAL;		/* no file here does direct I/O */
	spin_lock(&f->f_lock);
	f->f_flags = ((unsigned int)flags & SETFL_MASK) |
		     (f->f_flags & ~(unsigned int)SETFL_MASK);
	spin_unlock(&f->f_lock);
	return 0;
}

/*
 * Regular files: SET, CUR, END and, as Linux does for a file system that
 * does not track holes, DATA (the offset itself) and HOLE (the end).
 * Directories: SET and CUR to a position readdir gave.
 */
static int seek_target(struct file *f, s64 off, int whence, u64 size,
		       s64 *target)
{
	switch (whence) {
	case SEEK_SET:
		*target = off;
		return 0;
	case SEEK_CUR:
		*target = (s64)f->f_pos + off;
		return 0;
	case SEEK_END:
		*target = (s64)size + off;
		return is_dir(f) ? -EINVAL : 0;
	case SEEK_DATA:
	case SEEK_HOLE:
		if (is_dir(f))
			return -EINVAL;
		if (off < 0 || (u64)off >= size)
			return -ENXIO;
		*target = whence == SEEK_DATA ? off : (s64)size;
		return 0;
	}
	return -EINVAL;
}

s64 vfs_lseek(struct file *f, s64 off, int whence)
{
	struct inode *inode = f->f_inode;
	s64 target = 0;
	int err;

	if (f->f_flags & O_PATH)
		return -EBADF;
	if (!S_ISREG(inode->i_mode) && !S_ISDIR(inode->i_mode))
		return -ESPIPE;
	mutex_lock(&f->f_pos_lock);
	mutex_lock(&inode->i_mutex);
	err = seek_target(f, off, whence, inode->i_size, &target);
	mutex_unlock(&inode->i_mutex);
	if (!err && (target < 0 || (u64)target > inode->i_sb->s_maxbytes))
		err = -EINVAL;
	if (!err)
		f->f_pos = (u64)target;
	mutex_unlock(&f->f_pos_lock);
	return err ? err : target;
}

int vfs_fsync(struct file *f)
{
	if (f->f_flags & O_PATH)
		return -EBADF;
	/* As Linux: a file whose operations have no fsync (pipes, devices,
	 * /proc) is EINVAL. */
	if (!f->f_op || !f->f_op->fsync)
		return -EINVAL;
	return f->f_op->fsync(f);
}

/* Size change under i_mutex (vfs_ns_lock may be held: it nests outside). */
int inode_truncate(struct inode *inode, s64 len)
{
	int err;

	if (len < 0)
		return -EINVAL;
	if ((u64)len > inode->i_sb->s_maxbytes)
		return -EFBIG;
	if (!inode->i_op->setsize)
		return -EPERM;
	mutex_lock(&inode->i_mutex);
	err = inode->i_op->setsize(inode, (u64)len);
	if (!err)
		inode_touch(inode, false, true, true);
	mutex_unlock(&inode->i_mutex);
	return err;
}

int vfs_ftruncate(struct file *f, s64 len)
{
	if (len < 0)
		return -EINVAL;
	if (!(f->f_mode & FMODE_WRITE))
		return (f->f_flags & O_PATH) ? -EBADF : -EINVAL;
	if (!S_ISREG(f->f_inode->i_mode))
		return -EINVAL;
	/* O_APPEND does not stop it: Linux's EPERM is for append-only
	 * inodes (chattr +a), which do not exist here. */
	return inode_truncate(f->f_inode, len);
}

void fill_stat(struct inode *inode, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	mutex_lock(&inode->i_mutex);
	st->st_dev = inode->i_sb->s_dev;
	st->st_ino = inode->i_ino;
	st->st_nlink = inode->i_nlink;
	st->st_mode = inode->i_mode;
	st->st_uid = inode->i_uid;
	st->st_gid = inode->i_gid;
	st->st_rdev = inode->i_rdev;
	st->st_size = (s64)inode->i_size;
	st->st_blksize = inode->i_sb->s_blocksize;
	st->st_blocks = (s64)inode->i_blocks;
	st->st_atime = (u64)inode->i_atime.tv_sec;
	st->st_atime_nsec = (u64)inode->i_atime.tv_nsec;
	st->st_mtime = (u64)inode->i_mtime.tv_sec;
	st->st_mtime_nsec = (u64)inode->i_mtime.tv_nsec;
	st->st_ctime = (u64)inode->i_ctime.tv_sec;
	st->st_ctime_nsec = (u64)inode->i_ctime.tv_nsec;
	mutex_unlock(&inode->i_mutex);
}

int vfs_fstat(struct file *f, struct stat *st)
{
	mutex_lock(&vfs_ns_lock);
	fill_stat(f->f_inode, st);
	mutex_unlock(&vfs_ns_lock);
	return 0;
}

/* ------------------------------------------------------------------ getdents64 */

struct getdents_ctx {
	struct dir_context ctx;
	char *buf;
	size_t size, used;
	bool full;		/* an entry did not fit */
};

static bool emit_dirent(struct dir_context *ctx, const char *name, size_t len,
			u64 ino, unsigned int type, s64 next_pos)
{
	struct getdents_ctx *g = container_of(ctx, struct getdents_ctx, ctx);
	size_t reclen = ALIGN_UP(offsetof(struct linux_dirent64, d_name) +
					 len + 1, 8);
	struct linux_dirent64 *d;

	if (g->used + reclen > g->size) {
		g->full = true;
		return false;
	}
	d = (struct linux_dirent64 *)(g->buf + g->used);
	memset(d, 0, reclen);
	d->d_ino = ino;
	d->d_off = next_pos;
	d->d_reclen = (unsigned short)reclen;
	d->d_type = (unsigned char)type;
	memcpy(d->d_name, name, len);
	g->used += reclen;
	return true;
}

ssize_t vfs_getdents64(struct file *f, void *buf, size_t size)
{
	struct getdents_ctx g = { .ctx.emit = emit_dirent, .buf = buf,
				  .size = size };
	int err;

	if (f->f_flags & O_PATH)
		return -EBADF;
	if (!is_dir(f))
		return -ENOTDIR;
	if (!f->f_op || !f->f_op->iterate)
		return -ENOTDIR;
	mutex_lock(&f->f_pos_lock);
	mutex_lock(&vfs_ns_lock);
	g.ctx.pos = (s64)f->f_pos;
	err = f->f_op->iterate(f, &g.ctx);
	f->f_pos = (u64)g.ctx.pos;
	mutex_unlock(&vfs_ns_lock);
	mutex_unlock(&f->f_pos_lock);
	if (err)
		return err;
	/* Linux: a buffer too small for the next entry is EINVAL. */
	if (g.used == 0 && g.full)
		return -EINVAL;
	return (ssize_t)g.used;
}
