// SPDX-License-Identifier: GPL-2.0
/*
 * procfs: the entry tree, its inodes and the file system type. Names are
 * looked up in the tree (not SB_DCACHE_COMPLETE), so every mount of proc
 * shows the same entries; the dentries a lookup made are remembered per
 * entry, and removing the entry drops them from the dentry cache.
 */
#include <mosaic/errno.h>
#include <mosaic/kmalloc.h>
#include <mosaic/printk.h>
#include <mosaic/string.h>
#include <mosaic/vfs.h>
#include <uapi/linux/stat.h>

#include "internal.h"

static struct proc_dir_entry proc_root = {
	.children = LIST_HEAD_INIT(proc_root.children),
	.sibling = LIST_HEAD_INIT(proc_root.sibling),
	.inodes = LIST_HEAD_INIT(proc_root.inodes),
	.refs = 1,
	.show_lock = MUTEX_INIT(proc_root.show_lock),
	.low_ino = 1,
	.mode = S_IFDIR | 0555,
	.len = 4,
	.name = "proc",
};

static u64 next_low_ino = 2;	/* vfs_ns_lock */

static const struct inode_operations proc_dir_inode_operations;
static const struct inode_operations proc_file_inode_operations;
static const struct inode_operations proc_link_inode_operations;
static const struct file_operations proc_dir_operations;
static const struct file_operations proc_file_operations;

/* ------------------------------------------------------------ the tree */

static struct proc_dir_entry *find_child(struct proc_dir_entry *dir,
					 const char *name, size_t len)
{
	struct proc_dir_entry *de;

	list_for_each_entry(de, &dir->children, sibling)
		if (de->len == len && memcmp(de->name, name, len) == 0)
			return de;
	return NULL;
}

static bool valid_name(const char *name, size_t len)
{
	if (len == 0 || len > NAME_MAX || strchr(name, '/'))
		return false;
	return strcmp(name, ".") != 0 && strcmp(name, "..") != 0;
}

/* What an entry is besides its name and mode: one of these is set. */
struct entry_ops {
	seq_show_fn show;
	proc_link_fn link;
	const struct inode_operations *dir_iops;
	const struct file_operations *dir_fops;
};

static struct proc_dir_entry *proc_create_entry(const char *name, u32 mode,
						struct proc_dir_entry *parent,
						const struct entry_ops *ops,
						void *data)
{
	size_t len = strlen(name);
	struct proc_dir_entry *de;

	if (!valid_name(name, len))
		return NULL;
	de = kzalloc(sizeof(*de));
	if (!de)
		return NULL;
	INIT_LIST_HEAD(&de->children);
	INIT_LIST_HEAD(&de->inodes);
	mutex_init(&de->show_lock, "proc_show_lock");
	de->refs = 1;
	de->mode = mode;
	de->show = ops->show;
	de->link = ops->link;
	de->dir_iops = ops->dir_iops;
	de->dir_fops = ops->dir_fops;
	de->data = data;
	de->len = (u16)len;
	memcpy(de->name, name, len + 1);
	mutex_lock(&vfs_ns_lock);
	parent = parent ? parent : &proc_root;
	if (parent->removed || !S_ISDIR(parent->mode) ||
	    find_child(parent, name, len)) {
		mutex_unlock(&vfs_ns_lock);
		kfree(de);
		return NULL;
	}
	de->parent = parent;
	de->low_ino = next_low_ino++;
	list_add_tail(&de->sibling, &parent->children);
	mutex_unlock(&vfs_ns_lock);
	return de;
}

struct proc_dir_entry *proc_mkdir(const char *name,
				  struct proc_dir_entry *parent)
{
	struct entry_ops ops = {};

	return proc_create_entry(name, S_IFDIR | 0555, parent, &ops, NULL);
}

struct proc_dir_entry *proc_mkdir_ops(const char *name,
				      struct proc_dir_entry *parent,
				      const struct inode_operations *iops,
				      const struct file_operations *fops,
				      void *data)
{
	struct entry_ops ops = { .dir_iops = iops, .dir_fops = fops };

	return proc_create_entry(name, S_IFDIR | 0555, parent, &ops, data);
}

struct proc_dir_entry *proc_create_single(const char *name, u32 mode,
					  struct proc_dir_entry *parent,
					  seq_show_fn show, void *data)
{
	struct entry_ops ops = { .show = show };

	if (!show)
		return NULL;
	return proc_create_entry(name, S_IFREG | (mode & 0777), parent, &ops,
				 data);
}

struct proc_dir_entry *proc_symlink(const char *name,
				    struct proc_dir_entry *parent,
				    proc_link_fn link, void *data)
{
	struct entry_ops ops = { .link = link };

	if (!link)
		return NULL;
	return proc_create_entry(name, S_IFLNK | 0777, parent, &ops, data);
}

/* vfs_ns_lock held. */
static void pde_put(struct proc_dir_entry *de)
{
	if (--de->refs == 0 && de != &proc_root)
		kfree(de);
}

/* vfs_ns_lock held: out of lookups and readdir, and out of the dentry
 * cache, deepest first. */
static void unlink_subtree(struct proc_dir_entry *de)
{
	struct proc_dir_entry *child;
	struct proc_inode *pi, *tmp;

	de->removed = true;
	list_for_each_entry(child, &de->children, sibling)
		unlink_subtree(child);
	/* Dropping a dentry may evict its inode, which unlinks pi. */
	list_for_each_entry_safe(pi, tmp, &de->inodes, pde_list)
		if (pi->dentry)
			d_drop(pi->dentry);
}

/* Without vfs_ns_lock (show() may take it): wait out running shows. */
static void drain_subtree(struct proc_dir_entry *de)
{
	struct proc_dir_entry *child;

	mutex_lock(&de->show_lock);
	mutex_unlock(&de->show_lock);
	list_for_each_entry(child, &de->children, sibling)
		drain_subtree(child);
}

static void put_subtree(struct proc_dir_entry *de)
{
	struct proc_dir_entry *child, *tmp;

	list_for_each_entry_safe(child, tmp, &de->children, sibling) {
		list_del(&child->sibling);
		put_subtree(child);
	}
	pde_put(de);
}

void proc_remove(struct proc_dir_entry *de)
{
	if (!de || de == &proc_root)
		return;
	mutex_lock(&vfs_ns_lock);
	list_del(&de->sibling);
	unlink_subtree(de);
	mutex_unlock(&vfs_ns_lock);
	/* Nothing new reaches the subtree now; only its own children links
	 * remain, which nobody else walks. */
	drain_subtree(de);
	mutex_lock(&vfs_ns_lock);
	put_subtree(de);
	mutex_unlock(&vfs_ns_lock);
}

/* ------------------------------------------------------------ inodes */

struct inode *proc_new_inode(struct super_block *sb, struct proc_dir_entry *de,
			     struct dentry *dentry, u32 mode, u64 ino)
{
	struct inode *inode = new_inode(sb, mode);
	struct proc_inode *pi;

	if (!inode)
		return NULL;
	pi = kzalloc(sizeof(*pi));
	if (!pi) {
		iput(inode);
		return NULL;
	}
	pi->pde = de;
	pi->dentry = dentry;
	de->refs++;
	list_add_tail(&pi->pde_list, &de->inodes);
	inode->i_private = pi;
	inode->i_ino = ino;
	if (S_ISDIR(mode)) {
		inode->i_op = &proc_dir_inode_operations;
		inode->i_fop = &proc_dir_operations;
	} else if (S_ISLNK(mode)) {
		inode->i_op = &proc_link_inode_operations;
	} else {
		inode->i_op = &proc_file_inode_operations;
		inode->i_fop = &proc_file_operations;
	}
	return inode;
}

/* vfs_ns_lock held. */
static struct inode *proc_get_inode(struct super_block *sb,
				    struct proc_dir_entry *de,
				    struct dentry *dentry)
{
	struct inode *inode = proc_new_inode(sb, de, dentry, de->mode,
					     de->low_ino);
	struct proc_inode *pi;

	if (!inode)
		return NULL;
	pi = inode->i_private;
	pi->show = de->show;
	pi->show_data = de->data;
	pi->link = de->link;
	if (de->dir_iops) {
		inode->i_op = de->dir_iops;
		inode->i_fop = de->dir_fops;
	}
	return inode;
}

static int proc_lookup(struct inode *dir, struct dentry *dentry)
{
	struct proc_dir_entry *de = find_child(PDE(dir), dentry->d_name,
					       dentry->d_len);
	struct inode *inode;

	if (!de || de->removed)
		return 0;	/* no such entry */
	inode = proc_get_inode(dir->i_sb, de, dentry);
	if (!inode)
		return -ENOMEM;
	d_instantiate(dentry, inode);
	return 0;
}

/* vfs_ns_lock held: ".", "..", then the entries at positions 2, 3, ... */
static int proc_readdir(struct file *file, struct dir_context *ctx)
{
	struct dentry *dir = file->f_path.dentry;
	struct proc_dir_entry *de;
	s64 pos = 2;

	if (!dir_emit_dots(file, ctx))
		return 0;
	list_for_each_entry(de, &PDE(dir->d_inode)->children, sibling) {
		if (pos++ < ctx->pos)
			continue;
		if (!ctx->emit(ctx, de->name, de->len, de->low_ino,
			       mode_to_dt(de->mode), pos))
			return 0;
		ctx->pos = pos;
	}
	return 0;
}

static void proc_evict_inode(struct inode *inode)
{
	struct proc_inode *pi = inode->i_private;

	if (!pi)
		return;
	list_del(&pi->pde_list);
	pde_put(pi->pde);
	kfree(pi->link_buf);
	kfree(pi);
}

/*
 * vfs_ns_lock held, so an entry not removed yet keeps its data (a
 * process) alive until the caller is done with the target.
 */
static const char *proc_get_link(struct inode *inode)
{
	struct proc_inode *pi = inode->i_private;
	int err;

	if (pi->pde->removed)
		return ERR_PTR(-ENOENT);
	if (!pi->link_buf)
		pi->link_buf = kmalloc(PATH_MAX);
	if (!pi->link_buf)
		return ERR_PTR(-ENOMEM);
	err = pi->link(pi, pi->link_buf, PATH_MAX);
	return err ? ERR_PTR(err) : pi->link_buf;
}

/* ------------------------------------------------------------ files */

struct proc_file {
	struct mutex lock;	/* the snapshot below */
	struct seq_file seq;
	bool filled;
};

static int proc_open(struct inode *inode, struct file *file)
{
	struct proc_file *pf = kzalloc(sizeof(*pf));

	if (!pf)
		return -ENOMEM;
	mutex_init(&pf->lock, "proc_file_lock");
	file->private_data = pf;
	return 0;
}

static void proc_release(struct inode *inode, struct file *file)
{
	struct proc_file *pf = file->private_data;

	seq_release(&pf->seq);
	kfree(pf);
}

/* A new snapshot; EIO once the entry was removed (as Linux). */
static int proc_fill(struct proc_inode *pi, struct seq_file *seq)
{
	struct proc_dir_entry *de = pi->pde;
	int err;

	mutex_lock(&de->show_lock);
	if (de->removed) {
		err = -EIO;
	} else {
		seq->private = pi->show_data;
		err = seq_fill(seq, pi->show, pi->show_data);
	}
	mutex_unlock(&de->show_lock);
	return err;
}

/* Offset 0 takes a new snapshot; other offsets read the last one (or a
 * first one), so a reader walking the file sees one consistent text. */
static ssize_t proc_read(struct file *file, void *buf, size_t n, u64 *pos)
{
	struct proc_file *pf = file->private_data;
	ssize_t r = 0;

	mutex_lock(&pf->lock);
	if (*pos == 0 || !pf->filled) {
		r = proc_fill(file->f_inode->i_private, &pf->seq);
		pf->filled = r == 0;
	}
	if (r == 0)
		r = (ssize_t)seq_copy(&pf->seq, buf, n, pos);
	mutex_unlock(&pf->lock);
	return r;
}

static const struct file_operations proc_file_operations = {
	.open = proc_open,
	.release = proc_release,
	.read = proc_read,
};

static const struct inode_operations proc_dir_inode_operations = {
	.lookup = proc_lookup,
};

/* No setsize: truncating a /proc file is EPERM. */
static const struct inode_operations proc_file_inode_operations = {
};

static const struct inode_operations proc_link_inode_operations = {
	.get_link = proc_get_link,
};

static const struct file_operations proc_dir_operations = {
	.iterate = proc_readdir,
};

/* ------------------------------------------------------------ the fs */

static const struct super_operations proc_super_operations = {
	.evict_inode = proc_evict_inode,
};

static int proc_fill_super(struct super_block *sb, const char *options)
{
	struct inode *root;

	if (*options)
		return -EINVAL;
	sb->s_op = &proc_super_operations;
	sb->s_magic = PROC_SUPER_MAGIC;
	sb->s_maxbytes = ~0ULL >> 1;
	root = proc_get_inode(sb, &proc_root, NULL);
	if (!root)
		return -ENOMEM;
	sb->s_root = d_make_root(root);
	if (!sb->s_root) {
		iput(root);
		return -ENOMEM;
	}
	((struct proc_inode *)root->i_private)->dentry = sb->s_root;
	return 0;
}

static struct file_system_type proc_fs_type = {
	.name = "proc",
	.fill_super = proc_fill_super,
};

void proc_root_init(void)
{
	struct fs_struct *fs = vfs_kernel_fs();
	int err;

	proc_meminfo_init();
	proc_misc_init();
	proc_stat_init();
	proc_loadavg_init();
	proc_base_init();
	proc_mounts_init();
	proc_policy_stats_init();
	err = register_filesystem(&proc_fs_type);
	if (!err) {
		err = vfs_mkdir(fs, NULL, "/proc", 0555);
		if (err == -EEXIST)
			err = 0;
	}
	if (!err)
		err = vfs_mount(fs, "proc", "/proc", "proc", "");
	if (err)
		pr_err("proc: cannot mount /proc: error %d\n", err);
}
