/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The VFS API, shaped like the Linux system calls it will serve: each
 * function takes the caller's file-system context (root, working
 * directory, umask), a starting directory for relative names (NULL: the
 * working directory; the *at() calls pass a dirfd's path) and returns a
 * negative errno with Linux's values where Linux returns them.
 * Kernel pointers only: the system-call layer copies from user space.
 */
#ifndef _MOSAIC_VFS_H
#define _MOSAIC_VFS_H

#include <mosaic/err.h>
#include <mosaic/fs.h>
#include <uapi/linux/dirent.h>
#include <uapi/linux/fcntl.h>
#include <uapi/linux/stat.h>
#include <uapi/linux/statfs.h>
#include <uapi/linux/uio.h>

/* What a process holds of the file system (Linux's fs_struct); its
 * fields change under vfs_ns_lock. */
struct fs_struct {
	struct path root;
	struct path pwd;
	u32 umask;
};

/* The kernel's own context: root and cwd at "/", umask 022. */
struct fs_struct *vfs_kernel_fs(void);
struct fs_struct *fs_struct_copy(struct fs_struct *fs);
void fs_struct_free(struct fs_struct *fs);

/* Boot: register file systems, mount ramfs at "/" and devtmpfs at
 * "/dev", unpack the initramfs, mount procfs at "/proc". */
void vfs_init(void);

struct file *vfs_open(struct fs_struct *fs, const struct path *dir,
		      const char *name, int flags, u32 mode);
/* A new reference to an open file, and dropping one (the last closes). */
struct file *get_file(struct file *f);
void fput(struct file *f);

ssize_t vfs_read(struct file *f, void *buf, size_t n);
ssize_t vfs_write(struct file *f, const void *buf, size_t n);
ssize_t vfs_pread(struct file *f, void *buf, size_t n, s64 off);
ssize_t vfs_pwrite(struct file *f, const void *buf, size_t n, s64 off);
/* A kernel iovec (readv/writev's, after copying from user space). */
struct kvec {
	void *iov_base;
	size_t iov_len;
};

/*
 * readv(2)/writev(2): the segments in order as one transfer (one lock
 * hold for a regular file; one call for a pipe, so a writev of at most
 * PIPE_BUF bytes is atomic). Bytes moved, which may be short; -EINVAL
 * for over UIO_MAXIOV segments or a total over SSIZE_MAX.
 */
ssize_t vfs_readv(struct file *f, const struct kvec *iov, int cnt);
ssize_t vfs_writev(struct file *f, const struct kvec *iov, int cnt);
/* fcntl F_GETFL; F_SETFL changes O_APPEND, O_NONBLOCK, O_NOATIME and
 * FASYNC, ignores the other bits, refuses O_DIRECT (-EINVAL). */
int vfs_getfl(struct file *f);
int vfs_setfl(struct file *f, int flags);
s64 vfs_lseek(struct file *f, s64 off, int whence);
int vfs_fsync(struct file *f);
int vfs_ftruncate(struct file *f, s64 len);
int vfs_fstat(struct file *f, struct stat *st);
int vfs_fstatfs(struct file *f, struct statfs *st);
/* Fill buf with linux_dirent64 records; bytes stored, 0 at the end. */
ssize_t vfs_getdents64(struct file *f, void *buf, size_t size);

/*
 * at_flags: AT_SYMLINK_NOFOLLOW (stat, chmod/chown, utimens: lstat-like),
 * AT_EMPTY_PATH (an empty name is @dir itself, of any type, or the cwd:
 * what the *at() calls mean by it).
 */
int vfs_stat(struct fs_struct *fs, const struct path *dir, const char *name,
	     struct stat *st, int at_flags);
int vfs_statfs(struct fs_struct *fs, const struct path *dir,
	       const char *name, struct statfs *st);
int vfs_mkdir(struct fs_struct *fs, const struct path *dir, const char *name,
	      u32 mode);
int vfs_mknod(struct fs_struct *fs, const struct path *dir, const char *name,
	      u32 mode, u32 rdev);
/* mknod's check of the file type alone (mknodat makes it before it looks
 * at the name): 0, -EPERM for a directory, -EINVAL for no type. */
int may_mknod(u32 mode);
int vfs_rmdir(struct fs_struct *fs, const struct path *dir, const char *name);
int vfs_unlink(struct fs_struct *fs, const struct path *dir,
	       const char *name);
/* at_flags: AT_SYMLINK_FOLLOW follows a symlink oldname (linkat),
 * AT_EMPTY_PATH links @olddir itself (-ENOENT once it has no name). */
int vfs_link(struct fs_struct *fs, const struct path *olddir,
	     const char *oldname, const struct path *newdir,
	     const char *newname, int at_flags);
int vfs_symlink(struct fs_struct *fs, const char *target,
		const struct path *dir, const char *name);
/* Bytes stored (no NUL added, truncated to size), like readlink(2);
 * AT_EMPTY_PATH reads the link @dir is (-ENOENT if it is none). */
ssize_t vfs_readlink(struct fs_struct *fs, const struct path *dir,
		     const char *name, char *buf, size_t size, int at_flags);
/*
 * flags: 0, RENAME_NOREPLACE, RENAME_EXCHANGE (swap two existing names);
 * RENAME_WHITEOUT reaches the file system, which refuses it (-EINVAL).
 */
int vfs_rename(struct fs_struct *fs, const struct path *olddir,
	       const char *oldname, const struct path *newdir,
	       const char *newname, unsigned int flags);
int vfs_truncate(struct fs_struct *fs, const struct path *dir,
		 const char *name, s64 len);
int vfs_chmod(struct fs_struct *fs, const struct path *dir, const char *name,
	      u32 mode, int at_flags);
/* uid or gid (u32)-1: unchanged. */
int vfs_chown(struct fs_struct *fs, const struct path *dir, const char *name,
	      u32 uid, u32 gid, int at_flags);
/*
 * utimensat(2): times[0] the access time, times[1] the modification time,
 * each a time, UTIME_NOW or UTIME_OMIT (the caller checked tv_nsec);
 * times NULL: both now. The change time becomes now.
 */
int vfs_utimens(struct fs_struct *fs, const struct path *dir,
		const char *name, const struct timespec64 times[2],
		int at_flags);
u32 vfs_umask(struct fs_struct *fs, u32 mask);
int vfs_chdir(struct fs_struct *fs, const char *name);
/*
 * The same operations on an open file: fchdir(2), fchmod(2), fchown(2),
 * futimens(3). Any file, O_PATH ones included: the system call decides.
 */
int vfs_fchdir(struct fs_struct *fs, struct file *f);
int vfs_fchmod(struct file *f, u32 mode);
int vfs_fchown(struct file *f, u32 uid, u32 gid);
int vfs_futimens(struct file *f, const struct timespec64 times[2]);
/*
 * getcwd(2): the working directory's absolute name into buf; its length
 * (without the NUL), -ENOENT if it was removed, -ENAMETOOLONG past
 * PATH_MAX.
 */
int vfs_getcwd(struct fs_struct *fs, char *buf, size_t size);
int vfs_mount(struct fs_struct *fs, const char *source, const char *target,
	      const char *fstype, const char *options);
int vfs_umount(struct fs_struct *fs, const char *target);

/* Call fn on every mount, in mount order (vfs_ns_lock held). */
void vfs_for_each_mount(void (*fn)(const struct mount *m, void *arg),
			void *arg);

/* Call fn on every registered file system type, in registration order
 * (vfs_ns_lock held). */
void vfs_for_each_filesystem(void (*fn)(const struct file_system_type *t,
					void *arg),
			     void *arg);

/* The absolute name of @p into buf (vfs_ns_lock held): its length, or
 * -ENAMETOOLONG if it does not fit in size bytes with its NUL. */
int d_path(const struct path *p, char *buf, size_t size);

/* A resolved name as a held path (path_put() it), for *at() callers. */
int vfs_path_lookup(struct fs_struct *fs, const struct path *dir,
		    const char *name, bool follow, struct path *out);

/* ----------------------------------------------------------- fd tables */

/* RLIMIT_NOFILE's usual soft limit. */
#define FDTABLE_MAX_FDS 1024

struct fdtable {
	spinlock_t lock;	/* everything below */
	unsigned int capacity;	/* slots allocated, <= FDTABLE_MAX_FDS */
	struct file **files;
	u8 *cloexec;		/* one byte per slot: FD_CLOEXEC */
	unsigned int lowest_free;	/* no free slot below this */
};

struct fdtable *fdtable_alloc(void);
/* fork(): a copy sharing the open files (each gains a reference). */
struct fdtable *fdtable_copy(struct fdtable *t);
/* Close every descriptor and free the table. */
void fdtable_free(struct fdtable *t);

/* The lowest free descriptor now holds @f (the caller's reference moves
 * in); flags O_CLOEXEC. Returns it or -EMFILE. */
int fd_install(struct fdtable *t, struct file *f, int flags);
/* A new reference to the file behind @fd, or ERR_PTR(-EBADF). */
struct file *fd_get(struct fdtable *t, int fd);
int fd_close(struct fdtable *t, int fd);
/* dup(): lowest free, close-on-exec clear. */
int fd_dup(struct fdtable *t, int oldfd);
/* dup2()/dup3(): flags 0 or O_CLOEXEC; dup3 refuses oldfd == newfd. */
int fd_dup2(struct fdtable *t, int oldfd, int newfd);
int fd_dup3(struct fdtable *t, int oldfd, int newfd, int flags);
/* fcntl(F_DUPFD[_CLOEXEC]): lowest free at or above minfd. */
int fd_dupfd(struct fdtable *t, int oldfd, int minfd, bool cloexec);
int fd_get_flags(struct fdtable *t, int fd);
int fd_set_flags(struct fdtable *t, int fd, int flags);
/* execve(): close the close-on-exec descriptors. */
void fdtable_close_on_exec(struct fdtable *t);
unsigned int fdtable_count(struct fdtable *t);

#endif /* _MOSAIC_VFS_H */
