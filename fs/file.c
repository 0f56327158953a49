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

/* Linux's MAX_RW_COUNT: one read or write moves at most this much. */
#define MAX_RW_COUNT (0x7fffffffUL & PAGE_MASK)

static unsigned long live_files;

/* vfs_ns_lock held; takes its own reference on @path. */
struct file *alloc_file(const struct path *path, int flags)
{
	struct inode *inode = path->dentry->d_inode;
	struct file *f = kzalloc(sizeof(*f));
	int acc = flags & O_ACCMODE;
	int err;

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
	if (!(flags & O_PATH) && f->f_op && f->f_op->open) {
		err = f->f_op->open(inode, f);
		if (err) {
			path_put(path);
			kfree(f);
			return ERR_PTR(err);
		}
	}
	live_files++;
	return f;
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

static ssize_t read_locked(struct file *f, void *buf, size_t n, u64 *pos)
{
	ssize_t r;

	mutex_lock(&f->f_inode->i_mutex);
	r = f->f_op->read(f, buf, n, pos);
	if (r >= 0 && !(f->f_flags & O_NOATIME))
		inode_touch(f->f_inode, true, false, false);
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

static ssize_t write_locked(struct file *f, const void *buf, size_t n,
			    u64 *pos)
{
	ssize_t r;

	mutex_lock(&f->f_inode->i_mutex);
	r = clip_to_size_limit(f, &n, pos);
	if (r > 0)
		r = f->f_op->write(f, buf, n, pos);
	if (r > 0)
		inode_touch(f->f_inode, false, true, true);
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
	mutex_lock(&f->f_pos_lock);
	pos = f->f_pos;
	r = write_at(f, buf, n, &pos);
	if (r >= 0)
		f->f_pos = pos;
	mutex_unlock(&f->f_pos_lock);
	return r;
}

ssize_t vfs_pread(struct file *f, void *buf, size_t n, s64 off)
{
	ssize_t r = check_read(f, &n);
	u64 pos = (u64)off;

	if (r)
		return r;
	if (off < 0)
		return -EINVAL;
	r = read_at(f, buf, n, &pos);
	return r;
}

ssize_t vfs_pwrite(struct file *f, const void *buf, size_t n, s64 off)
{
	ssize_t r = check_write(f, &n);
	u64 pos = (u64)off;

	if (r)
		return r;
	if (off < 0)
		return -EINVAL;
	r = write_at(f, buf, n, &pos);
	return r;
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
	return (f->f_flags & O_PATH) ? -EBADF : 0;	/* memory is the medium */
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
	if (f->f_flags & O_APPEND)
		return -EPERM;	/* Linux refuses to truncate append-only */
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
