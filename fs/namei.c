// SPDX-License-Identifier: GPL-2.0
/*
 * Path resolution and the operations on names, as POSIX and Linux define
 * them (path_resolution(7)): absolute and relative names, "." and ".."
 * (which stays at the walk's root and climbs out of mounts), symbolic
 * links (MAXSYMLINKS per resolution, then ELOOP), and the errno each
 * system call returns where Linux returns it. The whole walk and the
 * change that follows run under vfs_ns_lock.
 */
#include <mosaic/errno.h>
#include <mosaic/kmalloc.h>
#include <mosaic/pathname.h>
#include <mosaic/string.h>
#include <mosaic/vfs.h>

#include "internal.h"

struct nameidata {
	struct path path;	/* where the walk is (held) */
	struct path root;	/* what "/" and ".." stop at (held) */
	int total_links;	/* symlinks followed so far */
	bool has_last;		/* false for "/" alone */
	struct path_comp last;	/* the final component, not yet walked */
	char *link_buf;		/* open(): a followed final symlink's text */
};

static int path_walk(struct nameidata *nd, const char *name, bool follow);

static void set_path(struct path *dst, const struct path *src)
{
	path_get(src);
	path_put(dst);
	*dst = *src;
}

static void nd_init(struct nameidata *nd, struct fs_struct *fs,
		    const struct path *dir)
{
	memset(nd, 0, sizeof(*nd));
	nd->root = fs->root;
	path_get(&nd->root);
	nd->path = dir ? *dir : fs->pwd;
	path_get(&nd->path);
}

static void nd_done(struct nameidata *nd)
{
	path_put(&nd->path);
	path_put(&nd->root);
	kfree(nd->link_buf);
}

/* A held dentry for @name in @dir, NULL if there is none. */
static struct dentry *lookup_child(struct dentry *dir, const char *name,
				   size_t len)
{
	struct inode *inode = dir->d_inode;
	struct dentry *d = d_lookup(dir, name, len);
	int err;

	if (d && inode->i_op->revalidate && !inode->i_op->revalidate(inode, d)) {
		d_drop(d);	/* gone: look it up afresh */
		dput(d);
		d = NULL;
	}
	if (d || (dir->d_sb->s_flags & SB_DCACHE_COMPLETE) ||
	    !inode->i_op->lookup)
		return d;
	d = d_alloc(dir, name, len);
	if (!d)
		return ERR_PTR(-ENOMEM);
	err = inode->i_op->lookup(inode, d);
	if (err || !d->d_inode) {	/* negative entries are not cached */
		dput(d);
		return err ? ERR_PTR(err) : NULL;
	}
	d_add(d);
	return d;
}

static bool at_root(const struct nameidata *nd)
{
	return nd->path.dentry == nd->root.dentry &&
	       nd->path.mnt == nd->root.mnt;
}

static void follow_dotdot(struct nameidata *nd)
{
	struct path up;

	while (!at_root(nd) && nd->path.dentry == nd->path.mnt->mnt_root)
		if (!follow_up(&nd->path))
			return;	/* the root of the root mount */
	if (at_root(nd))
		return;
	up.mnt = nd->path.mnt;
	up.dentry = nd->path.dentry->d_parent;
	set_path(&nd->path, &up);
	follow_mounts(&nd->path);
}

static bool is_symlink(const struct dentry *d)
{
	return S_ISLNK(d->d_inode->i_mode);
}

/* Resolve the link at @link (a child of nd->path) in place of it. */
static int follow_link(struct nameidata *nd, const struct path *link)
{
	struct inode *inode = link->dentry->d_inode;
	struct path_comp saved = nd->last;
	bool saved_has_last = nd->has_last;
	const char *target;
	int err;

	if (++nd->total_links > MAXSYMLINKS)
		return -ELOOP;
	if (!inode->i_op->get_link)
		return -EINVAL;
	target = inode->i_op->get_link(inode);
	if (IS_ERR(target))
		return (int)PTR_ERR(target);
	err = path_walk(nd, target, true);
	nd->last = saved;
	nd->has_last = saved_has_last;
	return err;
}

static int walk_component(struct nameidata *nd, const struct path_comp *c,
			  bool follow)
{
	struct path next;
	struct dentry *d;
	int err = 0;

	if (c->type == PATH_COMP_DOT)
		return 0;
	if (c->type == PATH_COMP_DOTDOT) {
		follow_dotdot(nd);
		return 0;
	}
	d = lookup_child(nd->path.dentry, c->name, c->len);
	if (IS_ERR(d))
		return PTR_ERR(d);
	if (!d)
		return -ENOENT;
	next.mnt = nd->path.mnt;
	next.dentry = d;
	next.mnt->mnt_count++;	/* d came with its reference */
	follow_mounts(&next);
	if (follow && is_symlink(next.dentry)) {
		err = follow_link(nd, &next);
		path_put(&next);
		return err;
	}
	path_put(&nd->path);
	nd->path = next;
	return 0;
}

/* Walk every component but the last, which goes to nd->last. */
static int link_path_walk(struct nameidata *nd, const char *name)
{
	struct path_iter it;
	struct path_comp c;
	int err = path_iter_init(&it, name);

	if (err)
		return err;
	if (it.absolute)
		set_path(&nd->path, &nd->root);
	if (!d_is_dir(nd->path.dentry))
		return -ENOTDIR;	/* a dirfd that is not a directory */
	nd->has_last = false;
	for (;;) {
		err = path_iter_next(&it, &c);
		if (err <= 0)
			return err;
		if (c.last) {
			nd->last = c;
			nd->has_last = true;
			return 0;
		}
		err = walk_component(nd, &c, true);
		if (err)
			return err;
		if (!d_is_dir(nd->path.dentry))
			return -ENOTDIR;
	}
}

/* The whole name; a trailing slash follows a final symlink and insists
 * on a directory. */
static int path_walk(struct nameidata *nd, const char *name, bool follow)
{
	struct path_comp c;
	int err = link_path_walk(nd, name);

	if (err || !nd->has_last)
		return err;
	c = nd->last;
	err = walk_component(nd, &c, follow || c.trailing_slash);
	if (!err && c.trailing_slash && !d_is_dir(nd->path.dentry))
		err = -ENOTDIR;
	return err;
}

/*
 * A name as the *at() calls take it: with AT_EMPTY_PATH an empty name is
 * where the walk starts (the dirfd's file, whatever its type, or the
 * working directory), as Linux's LOOKUP_EMPTY.
 */
static int walk_at(struct nameidata *nd, const char *name, bool follow,
		   int at_flags)
{
	if (name[0] == '\0' && (at_flags & AT_EMPTY_PATH))
		return 0;
	return path_walk(nd, name, follow);
}

int vfs_path_lookup(struct fs_struct *fs, const struct path *dir,
		    const char *name, bool follow, struct path *out)
{
	struct nameidata nd;
	int err;

	mutex_lock(&vfs_ns_lock);
	nd_init(&nd, fs, dir);
	err = path_walk(&nd, name, follow);
	if (!err) {
		*out = nd.path;
		path_get(out);
	}
	nd_done(&nd);
	mutex_unlock(&vfs_ns_lock);
	return err;
}

/* ------------------------------------------------------------------ creating */

/* A negative dentry for nd->last in nd->path, to create (Linux's
 * filename_create()). */
static struct dentry *filename_create(struct nameidata *nd, bool is_dir)
{
	struct dentry *parent = nd->path.dentry, *d;

	if (!nd->has_last || nd->last.type != PATH_COMP_NORMAL)
		return ERR_PTR(-EEXIST);
	d = lookup_child(parent, nd->last.name, nd->last.len);
	if (IS_ERR(d))
		return d;
	if (d) {
		dput(d);
		return ERR_PTR(-EEXIST);
	}
	/* "name/" may only be made as a directory. */
	if (nd->last.trailing_slash && !is_dir)
		return ERR_PTR(-ENOENT);
	if (parent->d_inode->i_nlink == 0)	/* removed while we were in it */
		return ERR_PTR(-ENOENT);
	d = d_alloc(parent, nd->last.name, nd->last.len);
	return d ? d : ERR_PTR(-ENOMEM);
}

enum create_kind { CREATE_DIR, CREATE_NODE, CREATE_SYMLINK };

static int do_create(struct inode *dir, struct dentry *d,
		     enum create_kind kind, u32 mode, u32 rdev,
		     const char *target)
{
	const struct inode_operations *op = dir->i_op;

	switch (kind) {
	case CREATE_DIR:
		return op->mkdir ? op->mkdir(dir, d, mode) : -EPERM;
	case CREATE_SYMLINK:
		return op->symlink ? op->symlink(dir, d, target) : -EPERM;
	case CREATE_NODE:
		if (S_ISREG(mode))
			return op->create ? op->create(dir, d, mode) : -EPERM;
		return op->mknod ? op->mknod(dir, d, mode, rdev) : -EPERM;
	}
	return -EINVAL;
}

static int create_at(struct fs_struct *fs, const struct path *dir,
		     const char *name, enum create_kind kind, u32 mode,
		     u32 rdev, const char *target)
{
	struct nameidata nd;
	struct dentry *d;
	int err;

	mutex_lock(&vfs_ns_lock);
	nd_init(&nd, fs, dir);
	err = link_path_walk(&nd, name);
	if (err)
		goto out;
	d = filename_create(&nd, kind == CREATE_DIR);
	if (IS_ERR(d)) {
		err = PTR_ERR(d);
		goto out;
	}
	err = do_create(nd.path.dentry->d_inode, d, kind, mode, rdev, target);
	if (!err)
		d_add(d);
	dput(d);
out:
	nd_done(&nd);
	mutex_unlock(&vfs_ns_lock);
	return err;
}

int vfs_mkdir(struct fs_struct *fs, const struct path *dir, const char *name,
	      u32 mode)
{
	mode = (mode & (S_IRWXU | S_IRWXG | S_IRWXO | S_ISVTX)) & ~fs->umask;
	return create_at(fs, dir, name, CREATE_DIR, S_IFDIR | mode, 0, NULL);
}

int may_mknod(u32 mode)
{
	u32 type = mode & S_IFMT;

	if (type == S_IFDIR)
		return -EPERM;
	if (type != 0 && type != S_IFREG && type != S_IFCHR &&
	    type != S_IFBLK && type != S_IFIFO && type != S_IFSOCK)
		return -EINVAL;
	return 0;
}

int vfs_mknod(struct fs_struct *fs, const struct path *dir, const char *name,
	      u32 mode, u32 rdev)
{
	u32 type = (mode & S_IFMT) ? mode & S_IFMT : S_IFREG;
	int err = may_mknod(mode);

	if (err)
		return err;
	mode = (mode & S_IALLUGO) & ~fs->umask;
	return create_at(fs, dir, name, CREATE_NODE, type | mode, rdev, NULL);
}

int vfs_symlink(struct fs_struct *fs, const char *target,
		const struct path *dir, const char *name)
{
	size_t len = strnlen(target, PATH_MAX);

	if (len == 0)
		return -ENOENT;
	if (len >= PATH_MAX)
		return -ENAMETOOLONG;
	return create_at(fs, dir, name, CREATE_SYMLINK, S_IFLNK | 0777, 0,
			 target);
}

/* ------------------------------------------------------------------ removing */

/* Walk to the parent and look up the final name without following it or
 * crossing a mount on it. */
static int lookup_last(struct nameidata *nd, struct fs_struct *fs,
		       const struct path *dir, const char *name,
		       struct dentry **out)
{
	int err;

	nd_init(nd, fs, dir);
	*out = NULL;
	err = link_path_walk(nd, name);
	if (err || !nd->has_last || nd->last.type != PATH_COMP_NORMAL)
		return err;
	*out = lookup_child(nd->path.dentry, nd->last.name, nd->last.len);
	if (IS_ERR(*out)) {
		err = PTR_ERR(*out);
		*out = NULL;
		return err;
	}
	return *out ? 0 : -ENOENT;
}

static int check_rmdir(struct nameidata *nd, struct dentry *d)
{
	if (!nd->has_last)
		return -EBUSY;
	if (nd->last.type == PATH_COMP_DOT)
		return -EINVAL;
	if (nd->last.type == PATH_COMP_DOTDOT)
		return -ENOTEMPTY;
	if (!d_is_dir(d))
		return -ENOTDIR;
	if (d->d_flags & DCACHE_MOUNTED)
		return -EBUSY;
	if (d_has_children(d))
		return -ENOTEMPTY;
	return 0;
}

static int check_unlink(struct nameidata *nd, struct dentry *d)
{
	if (!nd->has_last || nd->last.type != PATH_COMP_NORMAL)
		return -EISDIR;
	if (d_is_dir(d))
		return -EISDIR;
	if (nd->last.trailing_slash)
		return -ENOTDIR;
	if (d->d_flags & DCACHE_MOUNTED)
		return -EBUSY;
	return 0;
}

/*
 * rmdir and unlink: look up the last component, let @check refuse it
 * (each has its own errno rules), then ask the parent's rmdir or unlink
 * (@want_dir) and drop the dentry it removed.
 */
static int remove_name(struct fs_struct *fs, const struct path *dir,
		       const char *name,
		       int (*check)(struct nameidata *, struct dentry *),
		       bool want_dir)
{
	struct nameidata nd;
	struct inode *parent;
	struct dentry *d;
	int err;

	mutex_lock(&vfs_ns_lock);
	err = lookup_last(&nd, fs, dir, name, &d);
	if (!err)
		err = check(&nd, d);
	if (!err) {
		int (*op)(struct inode *, struct dentry *);

		parent = nd.path.dentry->d_inode;
		op = want_dir ? parent->i_op->rmdir : parent->i_op->unlink;
		err = op ? op(parent, d) : -EPERM;
		if (!err)
			d_drop(d);
	}
	if (d)
		dput(d);
	nd_done(&nd);
	mutex_unlock(&vfs_ns_lock);
	return err;
}

int vfs_rmdir(struct fs_struct *fs, const struct path *dir, const char *name)
{
	return remove_name(fs, dir, name, check_rmdir, true);
}

int vfs_unlink(struct fs_struct *fs, const struct path *dir,
	       const char *name)
{
	return remove_name(fs, dir, name, check_unlink, false);
}

/* ------------------------------------------------------------------ links */

int vfs_link(struct fs_struct *fs, const struct path *olddir,
	     const char *oldname, const struct path *newdir,
	     const char *newname, int at_flags)
{
	struct nameidata old, nd;
	struct inode *dir;
	struct dentry *d;
	int err;

	mutex_lock(&vfs_ns_lock);
	nd_init(&old, fs, olddir);
	nd_init(&nd, fs, newdir);
	err = walk_at(&old, oldname, at_flags & AT_SYMLINK_FOLLOW, at_flags);
	if (err)
		goto out;
	err = link_path_walk(&nd, newname);
	if (err)
		goto out;
	d = filename_create(&nd, false);
	if (IS_ERR(d)) {
		err = PTR_ERR(d);
		goto out;
	}
	dir = nd.path.dentry->d_inode;
	if (old.path.mnt != nd.path.mnt)
		err = -EXDEV;
	else if (d_is_dir(old.path.dentry) || !dir->i_op->link)
		err = -EPERM;
	else if (old.path.dentry->d_inode->i_nlink == 0)
		err = -ENOENT;	/* AT_EMPTY_PATH: an open, unlinked file */
	else
		err = dir->i_op->link(old.path.dentry, dir, d);
	if (!err)
		d_add(d);
	dput(d);
out:
	nd_done(&nd);
	nd_done(&old);
	mutex_unlock(&vfs_ns_lock);
	return err;
}

/* The target of the symlink @inode into buf; @not_link if it is none. */
static ssize_t read_link(struct inode *inode, char *buf, size_t size,
			 int not_link)
{
	const char *target;
	size_t len;

	if (!S_ISLNK(inode->i_mode) || !inode->i_op->get_link)
		return not_link;
	target = inode->i_op->get_link(inode);
	if (IS_ERR(target))
		return PTR_ERR(target);	/* procfs: the process is gone */
	len = MIN(strlen(target), size);
	memcpy(buf, target, len);
	return (ssize_t)len;
}

ssize_t vfs_readlink(struct fs_struct *fs, const struct path *dir,
		     const char *name, char *buf, size_t size, int at_flags)
{
	bool empty = name[0] == '\0' && (at_flags & AT_EMPTY_PATH);
	struct nameidata nd;
	ssize_t ret;

	if (size == 0 || size > (size_t)0x7fffffff)
		return -EINVAL;
	mutex_lock(&vfs_ns_lock);
	nd_init(&nd, fs, dir);
	ret = walk_at(&nd, name, false, at_flags);
	/* Linux: ENOENT for an empty name that is no symlink, else EINVAL. */
	if (!ret)
		ret = read_link(nd.path.dentry->d_inode, buf, size,
				empty ? -ENOENT : -EINVAL);
	nd_done(&nd);
	mutex_unlock(&vfs_ns_lock);
	return ret;
}

/* ------------------------------------------------------------------ rename */

/* Is @a an ancestor of @d (or @d itself), within one super block? */
static bool is_ancestor(const struct dentry *a, const struct dentry *d)
{
	for (;;) {
		if (d == a)
			return true;
		if (d->d_parent == d)
			return false;
		d = d->d_parent;
	}
}

/* The checks of Linux's do_renameat2() and vfs_rename(), in its order. */
static int check_rename(struct nameidata *o, struct dentry *od,
			struct nameidata *n, struct dentry *nd,
			unsigned int flags)
{
	bool old_dir = d_is_dir(od);
	bool exchange = flags & RENAME_EXCHANGE;

	if (nd && (flags & RENAME_NOREPLACE))
		return -EEXIST;
	if (exchange && !nd)
		return -ENOENT;	/* both names must exist to swap */
	if (exchange && !d_is_dir(nd) && n->last.trailing_slash)
		return -ENOTDIR;
	if (!old_dir && (o->last.trailing_slash ||
			 (!exchange && n->last.trailing_slash)))
		return -ENOTDIR;
	if (is_ancestor(od, n->path.dentry))
		return -EINVAL;	/* a directory into itself */
	if (nd && is_ancestor(nd, o->path.dentry))
		return exchange ? -EINVAL : -ENOTEMPTY;
	if (nd && nd->d_inode == od->d_inode)
		return 1;	/* the same file: nothing to do */
	if ((od->d_flags & DCACHE_MOUNTED) ||
	    (nd && (nd->d_flags & DCACHE_MOUNTED)))
		return -EBUSY;
	if (!nd || exchange)
		return 0;	/* an exchange replaces nothing */
	if (old_dir && !d_is_dir(nd))
		return -ENOTDIR;
	if (!old_dir && d_is_dir(nd))
		return -EISDIR;
	if (d_is_dir(nd) && d_has_children(nd))
		return -ENOTEMPTY;
	return 0;
}

/* The file system's rename, given the target's dentry (negative when the
 * new name is free). */
static int rename_call(struct inode *odir, struct dentry *od,
		       struct inode *ndir, struct nameidata *n,
		       struct dentry *nd, unsigned int flags)
{
	struct dentry *target = nd;
	int err;

	if (!odir->i_op->rename)
		return -EPERM;
	if (!target) {
		target = d_alloc(n->path.dentry, n->last.name, n->last.len);
		if (!target)
			return -ENOMEM;
	}
	err = odir->i_op->rename(odir, od, ndir, target, flags);
	if (!nd)
		dput(target);
	return err;
}

static int rename_locked(struct nameidata *o, struct nameidata *n,
			 unsigned int flags)
{
	struct inode *odir = o->path.dentry->d_inode;
	struct inode *ndir = n->path.dentry->d_inode;
	struct dentry *od, *nd = NULL;
	int err;

	if (o->path.mnt != n->path.mnt)
		return -EXDEV;
	if (!o->has_last || o->last.type != PATH_COMP_NORMAL ||
	    !n->has_last || n->last.type != PATH_COMP_NORMAL)
		return -EBUSY;
	od = lookup_child(o->path.dentry, o->last.name, o->last.len);
	if (IS_ERR_OR_NULL(od))
		return od ? PTR_ERR(od) : -ENOENT;
	nd = lookup_child(n->path.dentry, n->last.name, n->last.len);
	if (IS_ERR(nd)) {
		dput(od);
		return PTR_ERR(nd);
	}
	err = check_rename(o, od, n, nd, flags);
	if (err == 0 && ndir->i_nlink == 0)
		err = -ENOENT;
	if (err == 0)
		err = rename_call(odir, od, ndir, n, nd, flags);
	if (err == 0 && (flags & RENAME_EXCHANGE)) {
		d_exchange(od, nd);
	} else if (err == 0) {
		if (nd)
			d_drop(nd);
		d_move(od, n->path.dentry, n->last.name, n->last.len);
	}
	if (nd)
		dput(nd);
	dput(od);
	return err > 0 ? 0 : err;
}

int vfs_rename(struct fs_struct *fs, const struct path *olddir,
	       const char *oldname, const struct path *newdir,
	       const char *newname, unsigned int flags)
{
	struct nameidata o, n;
	int err;

	if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT))
		return -EINVAL;
	if ((flags & RENAME_EXCHANGE) &&
	    (flags & (RENAME_NOREPLACE | RENAME_WHITEOUT)))
		return -EINVAL;
	mutex_lock(&vfs_ns_lock);
	nd_init(&o, fs, olddir);
	nd_init(&n, fs, newdir);
	err = link_path_walk(&o, oldname);
	if (!err)
		err = link_path_walk(&n, newname);
	if (!err)
		err = rename_locked(&o, &n, flags);
	nd_done(&n);
	nd_done(&o);
	mutex_unlock(&vfs_ns_lock);
	return err;
}

/* ------------------------------------------------------------------ open */

/* The flags open() keeps on the file (the rest act once at open). */
#define OPEN_KEPT_FLAGS (O_ACCMODE | O_APPEND | O_NONBLOCK | O_DSYNC | \
			 O_DIRECT | O_LARGEFILE | O_NOATIME | O_SYNC | O_PATH | \
			 O_DIRECTORY | O_NOFOLLOW)

/* Replace nd->last by the target of the final symlink @link, walked from
 * the link's directory (open with O_CREAT follows to create). */
static int open_follow_last(struct nameidata *nd, struct dentry *link)
{
	struct inode *inode = link->d_inode;
	const char *target;
	char *text;
	int err;

	if (++nd->total_links > MAXSYMLINKS)
		return -ELOOP;
	target = inode->i_op->get_link(inode);
	if (IS_ERR(target))
		return (int)PTR_ERR(target);
	text = kmalloc(strlen(target) + 1);
	if (!text)
		return -ENOMEM;
	strscpy(text, target, PATH_MAX);
	err = link_path_walk(nd, text);
	kfree(nd->link_buf);	/* nd->last now points into text */
	nd->link_buf = text;
	return err;
}

static int open_create(struct nameidata *nd, struct fs_struct *fs, u32 mode,
		       bool *created)
{
	struct inode *dir = nd->path.dentry->d_inode;
	struct dentry *d;
	int err;

	if (dir->i_nlink == 0)
		return -ENOENT;
	if (!dir->i_op->create)
		return -EPERM;
	d = d_alloc(nd->path.dentry, nd->last.name, nd->last.len);
	if (!d)
		return -ENOMEM;
	mode = S_IFREG | ((mode & S_IALLUGO) & ~fs->umask);
	err = dir->i_op->create(dir, d, mode);
	if (!err) {
		struct path p = { nd->path.mnt, d };

		d_add(d);
		set_path(&nd->path, &p);
		*created = true;
	}
	dput(d);
	return err;
}

/* The final component with O_CREAT: find it, following symlinks, or make
 * it. */
static int open_last_create(struct nameidata *nd, struct fs_struct *fs,
			    int flags, u32 mode, bool *created)
{
	for (;;) {
		struct path_comp c = nd->last;
		struct dentry *d;
		struct path p;
		int err;

		if (!nd->has_last || c.type != PATH_COMP_NORMAL ||
		    c.trailing_slash)
			return -EISDIR;
		d = lookup_child(nd->path.dentry, c.name, c.len);
		if (IS_ERR(d))
			return PTR_ERR(d);
		if (!d)
			return open_create(nd, fs, mode, created);
		p.mnt = nd->path.mnt;
		p.dentry = d;
		p.mnt->mnt_count++;
		if (flags & O_EXCL) {
			path_put(&p);
			return -EEXIST;
		}
		if (is_symlink(d) && !(flags & O_NOFOLLOW)) {
			err = open_follow_last(nd, d);
			path_put(&p);
			if (err)
				return err;
			continue;
		}
		follow_mounts(&p);
		path_put(&nd->path);
		nd->path = p;
		return 0;
	}
}

static int open_last(struct nameidata *nd, struct fs_struct *fs, int flags,
		     u32 mode, bool *created)
{
	bool follow = !(flags & O_NOFOLLOW);
	struct path_comp c;
	int err;

	if (flags & O_CREAT)
		return open_last_create(nd, fs, flags, mode, created);
	if (!nd->has_last)
		return 0;
	c = nd->last;
	err = walk_component(nd, &c, follow || c.trailing_slash);
	if (err)
		return err;
	if (c.trailing_slash && !d_is_dir(nd->path.dentry))
		return -ENOTDIR;
	return 0;
}

/* What open() refuses about the file it found (Linux's may_open()). */
static int may_open(struct inode *inode, int flags, bool created)
{
	int acc = flags & O_ACCMODE;

	if (flags & O_PATH)
		return 0;
	switch (inode->i_mode & S_IFMT) {
	case S_IFLNK:
		return -ELOOP;	/* O_NOFOLLOW met a symlink */
	case S_IFDIR:
		if ((flags & O_CREAT) && !created)
			return -EISDIR;
		if (acc != O_RDONLY || (flags & O_TRUNC))
			return -EISDIR;
		return 0;
	case S_IFREG:
	case S_IFIFO:
	case S_IFCHR:	/* the driver's open decides (fs/char_dev.c) */
		return (flags & O_DIRECTORY) ? -ENOTDIR : 0;
	default:
		/* Block devices and sockets have no driver yet. */
		return (flags & O_DIRECTORY) ? -ENOTDIR : -ENXIO;
	}
}

struct file *vfs_open(struct fs_struct *fs, const struct path *dir,
		      const char *name, int flags, u32 mode)
{
	bool created = false;
	struct nameidata nd;
	struct file *f;
	int err;

	if ((flags & O_CREAT) && (flags & O_DIRECTORY))
		return ERR_PTR(-EINVAL);
	if (flags & __O_TMPFILE)
		return ERR_PTR(-EOPNOTSUPP);
	if (flags & O_PATH)
		flags &= O_PATH | O_CLOEXEC | O_DIRECTORY | O_NOFOLLOW;
	mutex_lock(&vfs_ns_lock);
	nd_init(&nd, fs, dir);
	err = link_path_walk(&nd, name);
	if (!err)
		err = open_last(&nd, fs, flags, mode, &created);
	if (!err && (flags & O_DIRECTORY) && !d_is_dir(nd.path.dentry))
		err = -ENOTDIR;
	if (!err)
		err = may_open(nd.path.dentry->d_inode, flags, created);
	f = err ? ERR_PTR(err) : alloc_file(&nd.path, flags & OPEN_KEPT_FLAGS);
	nd_done(&nd);
	mutex_unlock(&vfs_ns_lock);
	if (!IS_ERR(f))
		f = file_do_open(f);
	if (IS_ERR(f))
		return f;
	if ((flags & O_TRUNC) && !created && S_ISREG(f->f_inode->i_mode)) {
		err = inode_truncate(f->f_inode, 0);
		if (err) {
			fput(f);
			return ERR_PTR(err);
		}
	}
	return f;
}

/* ------------------------------------------------------------------ attributes */

/* at_flags: AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH. */
static int with_inode(struct fs_struct *fs, const struct path *dir,
		      const char *name, int at_flags,
		      int (*fn)(struct inode *inode, void *arg), void *arg)
{
	struct nameidata nd;
	int err;

	mutex_lock(&vfs_ns_lock);
	nd_init(&nd, fs, dir);
	err = walk_at(&nd, name, !(at_flags & AT_SYMLINK_NOFOLLOW), at_flags);
	if (!err)
		err = fn(nd.path.dentry->d_inode, arg);
	nd_done(&nd);
	mutex_unlock(&vfs_ns_lock);
	return err;
}

static int stat_fn(struct inode *inode, void *arg)
{
	fill_stat(inode, arg);
	return 0;
}

int vfs_stat(struct fs_struct *fs, const struct path *dir, const char *name,
	     struct stat *st, int at_flags)
{
	return with_inode(fs, dir, name, at_flags, stat_fn, st);
}

static int statfs_fn(struct inode *inode, void *arg)
{
	struct super_block *sb = inode->i_sb;
	struct statfs *st = arg;

	memset(st, 0, sizeof(*st));
	st->f_type = sb->s_magic;
	st->f_bsize = sb->s_blocksize;
	st->f_frsize = sb->s_blocksize;
	st->f_namelen = NAME_MAX;
	st->f_fsid.val[0] = (s32)sb->s_dev;
	return sb->s_op && sb->s_op->statfs ? sb->s_op->statfs(sb, st) : 0;
}

int vfs_statfs(struct fs_struct *fs, const struct path *dir,
	       const char *name, struct statfs *st)
{
	return with_inode(fs, dir, name, 0, statfs_fn, st);
}

int vfs_fstatfs(struct file *f, struct statfs *st)
{
	int err;

	mutex_lock(&vfs_ns_lock);
	err = statfs_fn(f->f_inode, st);
	mutex_unlock(&vfs_ns_lock);
	return err;
}

struct owner_change {
	u32 uid, gid;
};

static int chown_fn(struct inode *inode, void *arg)
{
	const struct owner_change *c = arg;

	mutex_lock(&inode->i_mutex);
	if (c->uid != (u32)-1)
		inode->i_uid = c->uid;
	if (c->gid != (u32)-1)
		inode->i_gid = c->gid;
	/*
	 * As Linux's chown, even for root: a non-directory loses set-user-ID,
	 * and set-group-ID when it is a real one (group execute set; without
	 * it the bit means mandatory locking and stays).
	 */
	if (!S_ISDIR(inode->i_mode)) {
		inode->i_mode &= ~S_ISUID;
		if (inode->i_mode & S_IXGRP)
			inode->i_mode &= ~S_ISGID;
	}
	inode_touch(inode, false, false, true);
	mutex_unlock(&inode->i_mutex);
	return 0;
}

int vfs_chown(struct fs_struct *fs, const struct path *dir, const char *name,
	      u32 uid, u32 gid, int at_flags)
{
	struct owner_change c = { uid, gid };

	return with_inode(fs, dir, name, at_flags, chown_fn, &c);
}

int vfs_fchown(struct file *f, u32 uid, u32 gid)
{
	struct owner_change c = { uid, gid };

	return chown_fn(f->f_inode, &c);
}

static int chmod_fn(struct inode *inode, void *arg)
{
	u32 mode = *(u32 *)arg;

	if (S_ISLNK(inode->i_mode))
		return -EOPNOTSUPP;	/* Linux: symlink modes are fixed */
	mutex_lock(&inode->i_mutex);
	inode->i_mode = (inode->i_mode & S_IFMT) | (mode & S_IALLUGO);
	inode_touch(inode, false, false, true);
	mutex_unlock(&inode->i_mutex);
	return 0;
}

int vfs_chmod(struct fs_struct *fs, const struct path *dir, const char *name,
	      u32 mode, int at_flags)
{
	return with_inode(fs, dir, name, at_flags, chmod_fn, &mode);
}

int vfs_fchmod(struct file *f, u32 mode)
{
	return chmod_fn(f->f_inode, &mode);
}

/* One of utimensat's times: now, unchanged, or the given one. */
static void set_time(struct timespec64 *t, const struct timespec64 *to,
		     const struct timespec64 *now)
{
	if (!to || to->tv_nsec == UTIME_NOW)
		*t = *now;
	else if (to->tv_nsec != UTIME_OMIT)
		*t = *to;
}

static int utimes_fn(struct inode *inode, void *arg)
{
	const struct timespec64 *times = arg;
	struct timespec64 now;

	current_time(&now);
	mutex_lock(&inode->i_mutex);
	set_time(&inode->i_atime, times ? &times[0] : NULL, &now);
	set_time(&inode->i_mtime, times ? &times[1] : NULL, &now);
	inode->i_ctime = now;
	mutex_unlock(&inode->i_mutex);
	return 0;
}

int vfs_utimens(struct fs_struct *fs, const struct path *dir,
		const char *name, const struct timespec64 times[2],
		int at_flags)
{
	return with_inode(fs, dir, name, at_flags, utimes_fn, (void *)times);
}

int vfs_futimens(struct file *f, const struct timespec64 times[2])
{
	return utimes_fn(f->f_inode, (void *)times);
}

static int truncate_fn(struct inode *inode, void *arg)
{
	if (S_ISDIR(inode->i_mode))
		return -EISDIR;
	if (!S_ISREG(inode->i_mode))
		return -EINVAL;
	return inode_truncate(inode, *(s64 *)arg);
}

int vfs_truncate(struct fs_struct *fs, const struct path *dir,
		 const char *name, s64 len)
{
	if (len < 0)
		return -EINVAL;
	return with_inode(fs, dir, name, 0, truncate_fn, &len);
}

u32 vfs_umask(struct fs_struct *fs, u32 mask)
{
	u32 old;

	mutex_lock(&vfs_ns_lock);
	old = fs->umask;
	fs->umask = mask & 0777;
	mutex_unlock(&vfs_ns_lock);
	return old;
}

int vfs_fchdir(struct fs_struct *fs, struct file *f)
{
	if (!d_is_dir(f->f_path.dentry))
		return -ENOTDIR;
	mutex_lock(&vfs_ns_lock);
	set_path(&fs->pwd, &f->f_path);
	mutex_unlock(&vfs_ns_lock);
	return 0;
}

/* Removed from its parent (rmdir): not a root, and no longer hashed. */
static bool d_unlinked(const struct dentry *d)
{
	return d->d_parent != d && !(d->d_flags & DCACHE_HASHED);
}

int vfs_getcwd(struct fs_struct *fs, char *buf, size_t size)
{
	int len;

	mutex_lock(&vfs_ns_lock);
	if (d_unlinked(fs->pwd.dentry))
		len = -ENOENT;
	else
		len = d_path(&fs->pwd, buf, size);
	mutex_unlock(&vfs_ns_lock);
	return len;
}

int vfs_chdir(struct fs_struct *fs, const char *name)
{
	struct nameidata nd;
	int err;

	mutex_lock(&vfs_ns_lock);
	nd_init(&nd, fs, NULL);
	err = path_walk(&nd, name, true);
	if (!err && !d_is_dir(nd.path.dentry))
		err = -ENOTDIR;
	if (!err)
		set_path(&fs->pwd, &nd.path);
	nd_done(&nd);
	mutex_unlock(&vfs_ns_lock);
	return err;
}
