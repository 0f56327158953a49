/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The VFS objects a file system implements (fs/): super blocks, inodes,
 * directory entries, mounts and open files, with the operations tables a
 * file system fills in. Documentation/filesystems.md explains the model
 * and the locks; include/mosaic/vfs.h is the system-call-shaped API
 * built on top.
 *
 * Locks (the order they nest in, outermost first):
 *   file->f_pos_lock      one open file's offset (mutex)
 *   vfs_ns_lock (mutex)   the name space: the dentry tree and its hash,
 *                         the mount table, d_count, i_count, mnt_count,
 *                         fs_struct root/pwd/umask, the lists of file
 *                         system types and super blocks
 *   inode->i_mutex        an inode's attributes (mode, uid, gid, nlink,
 *                         times, size) and its data; one at a time
 *   fdtable->lock         one descriptor table (spinlock; never held
 *                         across fput(), which may sleep)
 *   file->f_lock          one open file's reference count and status
 *                         flags (spinlock)
 * File systems add their own innermost locks (ramfs: its page counter);
 * pipe->mutex nests inside i_mutex (fs/pipe.c).
 */
#ifndef _MOSAIC_FS_H
#define _MOSAIC_FS_H

#include <mosaic/list.h>
#include <mosaic/mutex.h>
#include <mosaic/rtc.h>
#include <mosaic/spinlock.h>
#include <mosaic/types.h>
#include <uapi/linux/fs.h>

struct dentry;
struct file;
struct inode;
struct mount;
struct pipe_inode_info;
struct poll_table;
struct statfs;
struct super_block;

extern struct mutex vfs_ns_lock;

/* ---------------------------------------------------------------- inodes */

struct inode_operations {
	/*
	 * Fill dentry->d_inode for the name in @dentry, or leave it NULL for
	 * "no such entry". Not called on SB_DCACHE_COMPLETE file systems,
	 * whose every entry is always in the dentry cache.
	 */
	int (*lookup)(struct inode *dir, struct dentry *dentry);
	/* Namespace operations: the VFS checked names, types and existence;
	 * the file system makes the inode (d_instantiate()) or drops links.
	 * The VFS then updates the dentry cache. */
	int (*create)(struct inode *dir, struct dentry *dentry, u32 mode);
	int (*mkdir)(struct inode *dir, struct dentry *dentry, u32 mode);
	int (*mknod)(struct inode *dir, struct dentry *dentry, u32 mode,
		     u32 rdev);
	int (*symlink)(struct inode *dir, struct dentry *dentry,
		       const char *target);
	int (*link)(struct dentry *old, struct inode *dir, struct dentry *dentry);
	int (*unlink)(struct inode *dir, struct dentry *dentry);
	int (*rmdir)(struct inode *dir, struct dentry *dentry);
	/* @new may be positive: the VFS checked it may be replaced. flags:
	 * 0, RENAME_NOREPLACE (already checked) or RENAME_EXCHANGE (both
	 * exist: swap them); -EINVAL for what the file system cannot do. */
	int (*rename)(struct inode *old_dir, struct dentry *old,
		      struct inode *new_dir, struct dentry *new,
		      unsigned int flags);
	/*
	 * A symbolic link's target (NUL-terminated, owned by the inode,
	 * valid while vfs_ns_lock is held), or an ERR_PTR (procfs: the
	 * process is gone).
	 */
	const char *(*get_link)(struct inode *inode);
	/*
	 * Directories whose names come and go behind the VFS's back
	 * (procfs's fd/ and task/): is the cached @dentry of @dir still
	 * there? If not it is dropped and looked up again.
	 */
	bool (*revalidate)(struct inode *dir, struct dentry *dentry);
	/* Change a regular file's size (i_mutex held); frees data past it. */
	int (*setsize)(struct inode *inode, u64 size);
};

struct inode {
	u64 i_ino;
	u32 i_mode;		/* S_IF* type and permission bits */
	u32 i_uid, i_gid;
	u32 i_nlink;
	u32 i_rdev;		/* device number of a device node */
	u64 i_size;
	u64 i_blocks;		/* 512-byte units of data held */
	struct timespec64 i_atime, i_mtime, i_ctime;
	struct super_block *i_sb;
	const struct inode_operations *i_op;
	const struct file_operations *i_fop;
	unsigned int i_count;	/* references, mostly dentries (vfs_ns_lock) */
	struct mutex i_mutex;	/* attributes and data */
	struct list_head i_sb_list;	/* in sb->s_inodes (vfs_ns_lock) */
	struct pipe_inode_info *i_pipe;	/* a pipe or FIFO while open (i_mutex) */
	void *i_private;	/* the file system's */
};

/* ---------------------------------------------------------- directory entries */

#define DCACHE_HASHED 0x1	/* reachable by name from its parent */
#define DCACHE_MOUNTED 0x2	/* something is mounted here */

struct dentry {
	struct dentry *d_parent;	/* itself for a root */
	struct inode *d_inode;		/* NULL: negative (being looked up) */
	struct super_block *d_sb;
	/*
	 * References: users (walks, open files, mounts), one for being in
	 * the tree (DCACHE_HASHED) and one per child. At 0 the dentry is
	 * freed and its inode and parent released. All under vfs_ns_lock.
	 */
	unsigned int d_count;
	unsigned int d_flags;
	struct list_head d_child;	/* in d_parent->d_subdirs, by d_offset */
	struct list_head d_subdirs;
	struct list_head d_hash;	/* in the dentry cache's bucket */
	s64 d_offset;		/* readdir position in the parent (>= 2) */
	s64 d_next_offset;	/* the next child's position (directories) */
	u32 d_hashval;
	u16 d_len;
	char d_name[NAME_MAX + 1];
};

/* ---------------------------------------------------------------- super blocks */

#define SB_DCACHE_COMPLETE 0x1	/* every entry lives in the dcache (ramfs) */

struct super_operations {
	/* The last reference to the inode went: free what the fs holds for
	 * it (its data when i_nlink is 0). */
	void (*evict_inode)(struct inode *inode);
	int (*statfs)(struct super_block *sb, struct statfs *st);
	void (*put_super)(struct super_block *sb);
};

struct super_block {
	const struct file_system_type *s_type;
	const struct super_operations *s_op;
	struct dentry *s_root;
	u32 s_dev;		/* the st_dev of its inodes */
	u32 s_magic;		/* statfs f_type */
	u32 s_blocksize;
	u64 s_maxbytes;		/* largest file size */
	unsigned int s_flags;
	u64 s_next_ino;
	struct list_head s_inodes;	/* vfs_ns_lock */
	struct list_head s_list;	/* all super blocks (vfs_ns_lock) */
	void *s_fs_info;
};

struct file_system_type {
	const char *name;
	/* Set up sb (s_op, s_magic, s_root via d_make_root()). */
	int (*fill_super)(struct super_block *sb, const char *options);
	struct list_head list;	/* vfs_ns_lock */
};

int register_filesystem(struct file_system_type *type);

/* ---------------------------------------------------------------- mounts */

struct mount {
	struct mount *mnt_parent;	/* itself for the root mount */
	struct dentry *mnt_mountpoint;	/* in the parent mount */
	struct dentry *mnt_root;
	struct super_block *mnt_sb;
	unsigned int mnt_count;		/* struct path users (vfs_ns_lock) */
	struct list_head mnt_list;	/* the mount table (vfs_ns_lock) */
	char mnt_source[32];
};

struct path {
	struct mount *mnt;
	struct dentry *dentry;
};

/* ---------------------------------------------------------------- open files */

/* readdir: the file system calls emit for each entry from ctx->pos on;
 * emit returns false when the caller's buffer is full. */
struct dir_context {
	bool (*emit)(struct dir_context *ctx, const char *name, size_t len,
		     u64 ino, unsigned int type, s64 next_pos);
	s64 pos;
};

/*
 * The VFS holds i_mutex across read and write, and applies O_APPEND and
 * s_maxbytes: for files whose data and size live in the inode (ramfs).
 * Without it read and write run unlocked and the file locks what it
 * needs: a device or pipe may sleep in read, and a /proc file's show()
 * takes vfs_ns_lock, which nests outside i_mutex.
 */
#define FOP_INODE_MUTEX 0x1

struct file_operations {
	unsigned int fop_flags;	/* FOP_* */
	int (*open)(struct inode *inode, struct file *file);
	void (*release)(struct inode *inode, struct file *file);
	/* Update *pos (the offset, or a pread's position) as they move;
	 * i_mutex held with FOP_INODE_MUTEX. Stream files (FMODE_STREAM):
	 * pos NULL. */
	ssize_t (*read)(struct file *file, void *buf, size_t n, u64 *pos);
	ssize_t (*write)(struct file *file, const void *buf, size_t n,
			 u64 *pos);
	/* Directories: called with vfs_ns_lock held. */
	int (*iterate)(struct file *file, struct dir_context *ctx);
	/*
	 * Readiness (<mosaic/poll.h>): the EPOLL* events now, after
	 * poll_wait() on each queue that is woken when they change. No
	 * ->poll: always ready (regular files, directories).
	 */
	unsigned int (*poll)(struct file *file, struct poll_table *pt);
	/* fsync(2)/fdatasync(2); none: -EINVAL (pipes, devices, /proc). */
	int (*fsync)(struct file *file);
};

#define FMODE_READ 0x1
#define FMODE_WRITE 0x2
/*
 * No offset and no i_mutex (Linux's stream_open()): pipes, FIFOs and
 * devices, whose read and write may block and lock for themselves; the
 * VFS calls them with pos NULL, and pread/pwrite/lseek are ESPIPE.
 */
#define FMODE_STREAM 0x4

struct file {
	struct path f_path;
	struct inode *f_inode;
	const struct file_operations *f_op;
	unsigned int f_flags;	/* O_* status flags kept after open */
	unsigned int f_mode;	/* FMODE_* */
	u64 f_pos;		/* f_pos_lock */
	struct mutex f_pos_lock;
	spinlock_t f_lock;	/* f_count */
	unsigned int f_count;
	u64 f_version;		/* pipes: the writers counter seen at open */
	void *private_data;
};

/* ---------------------------------------------------------------- helpers for file systems */

struct inode *new_inode(struct super_block *sb, u32 mode);
/* Device nodes, FIFOs, sockets: i_rdev and the VFS's file operations. */
void init_special_inode(struct inode *inode, u32 mode, u32 rdev);
/* Bind an inode to a negative dentry (takes over the caller's reference). */
void d_instantiate(struct dentry *dentry, struct inode *inode);
/* The root dentry of a new super block, holding @root. */
struct dentry *d_make_root(struct inode *root);
/* A device node's or FIFO's file operations (Linux's), from its mode. */
void init_special_inode(struct inode *inode, u32 mode, u32 rdev);
/* Timestamps "now" from the wall clock. */
void inode_touch(struct inode *inode, bool atime, bool mtime, bool ctime);
void current_time(struct timespec64 *ts);
unsigned int mode_to_dt(u32 mode);

/* Readdir over the dentry cache (SB_DCACHE_COMPLETE file systems). */
int dcache_readdir(struct file *file, struct dir_context *ctx);
/* Emit "." and ".." at positions 0 and 1; false when the buffer filled. */
bool dir_emit_dots(struct file *file, struct dir_context *ctx);
/* Link counting for dcache-complete namespace ops (as Linux's libfs). */
int simple_link(struct dentry *old, struct inode *dir, struct dentry *dentry);
int simple_unlink(struct inode *dir, struct dentry *dentry);
int simple_rmdir(struct inode *dir, struct dentry *dentry);
int simple_rename(struct inode *old_dir, struct dentry *old,
		  struct inode *new_dir, struct dentry *new,
		  unsigned int flags);
/* fsync for files whose only medium is memory: nothing to write. */
int noop_fsync(struct file *file);

/* References (vfs_ns_lock held). */
struct dentry *dget(struct dentry *d);
void dput(struct dentry *d);
void iget(struct inode *inode);
void iput(struct inode *inode);
void path_get(const struct path *p);
void path_put(const struct path *p);

/* Dentry cache (vfs_ns_lock held). */
struct dentry *d_alloc(struct dentry *parent, const char *name, size_t len);
struct dentry *d_lookup(struct dentry *parent, const char *name, size_t len);
void d_add(struct dentry *dentry);	/* hash into the parent */
void d_drop(struct dentry *dentry);	/* unhash: gone from the namespace */
void d_move(struct dentry *dentry, struct dentry *new_parent,
	    const char *name, size_t len);
/* RENAME_EXCHANGE: @a and @b trade names and parents. */
void d_exchange(struct dentry *a, struct dentry *b);
bool d_is_dir(const struct dentry *d);
bool d_has_children(const struct dentry *d);
/* Statistics for leak tests. */
unsigned long dcache_live_dentries(void);
unsigned long vfs_live_inodes(void);
unsigned long vfs_live_files(void);

#endif /* _MOSAIC_FS_H */
