// SPDX-License-Identifier: GPL-2.0
/*
 * The dentry cache: every name the VFS knows, as a tree of dentries with a
 * hash of (parent, name) for lookups. For SB_DCACHE_COMPLETE file systems
 * (ramfs) it is the directory itself: a name not in the cache does not
 * exist. Everything here runs under vfs_ns_lock.
 */
#include <mosaic/fs.h>
#include <mosaic/kmalloc.h>
#include <mosaic/panic.h>
#include <mosaic/string.h>
#include <uapi/linux/dirent.h>
#include <uapi/linux/stat.h>

#define DCACHE_BUCKETS 256

static struct list_head dcache_hash[DCACHE_BUCKETS];
static bool dcache_ready;
static unsigned long live_dentries;

static void dcache_init_once(void)
{
	if (dcache_ready)
		return;
	for (int i = 0; i < DCACHE_BUCKETS; i++)
		INIT_LIST_HEAD(&dcache_hash[i]);
	dcache_ready = true;
}

/* FNV-1a over the name, mixed with the parent's address. */
static u32 name_hash(const struct dentry *parent, const char *name,
		     size_t len)
{
	u32 h = 2166136261u ^ (u32)((unsigned long)parent >> 4);

	for (size_t i = 0; i < len; i++)
		h = (h ^ (u8)name[i]) * 16777619u;
	return h;
}

static struct list_head *bucket(u32 hash)
{
	return &dcache_hash[hash % DCACHE_BUCKETS];
}

struct dentry *dget(struct dentry *d)
{
	d->d_count++;
	return d;
}

static struct dentry *d_alloc_common(const char *name, size_t len)
{
	struct dentry *d;

	if (len > NAME_MAX)
		return NULL;
	d = kzalloc(sizeof(*d));
	if (!d)
		return NULL;
	memcpy(d->d_name, name, len);
	d->d_name[len] = '\0';
	d->d_len = (u16)len;
	d->d_count = 1;
	d->d_next_offset = 2;	/* 0 and 1 are "." and ".." */
	INIT_LIST_HEAD(&d->d_child);
	INIT_LIST_HEAD(&d->d_subdirs);
	INIT_LIST_HEAD(&d->d_hash);
	live_dentries++;
	return d;
}

struct dentry *d_alloc(struct dentry *parent, const char *name, size_t len)
{
	struct dentry *d = d_alloc_common(name, len);

	if (!d)
		return NULL;
	d->d_parent = dget(parent);
	d->d_sb = parent->d_sb;
	return d;
}

struct dentry *d_make_root(struct inode *root)
{
	struct dentry *d;

	dcache_init_once();
	d = d_alloc_common("/", 1);
	if (!d)
		return NULL;
	d->d_parent = d;
	d->d_sb = root->i_sb;
	d->d_inode = root;
	return d;
}

void d_instantiate(struct dentry *dentry, struct inode *inode)
{
	dentry->d_inode = inode;
}

void dput(struct dentry *d)
{
	while (d) {
		struct dentry *parent;

		if (d->d_count == 0)
			panic("vfs: dput of dentry '%s' with no references",
			      d->d_name);
		if (--d->d_count)
			return;
		if (d->d_flags & DCACHE_HASHED)
			panic("vfs: hashed dentry '%s' lost its tree reference",
			      d->d_name);
		parent = d->d_parent == d ? NULL : d->d_parent;
		iput(d->d_inode);
		live_dentries--;
		kfree(d);
		d = parent;	/* a child held its parent */
	}
}

struct dentry *d_lookup(struct dentry *parent, const char *name, size_t len)
{
	u32 hash = name_hash(parent, name, len);
	struct dentry *d;

	dcache_init_once();
	list_for_each_entry(d, bucket(hash), d_hash) {
		if (d->d_hashval == hash && d->d_parent == parent &&
		    d->d_len == len && memcmp(d->d_name, name, len) == 0)
			return dget(d);
	}
	return NULL;
}

static void d_hash_in(struct dentry *d)
{
	struct dentry *parent = d->d_parent;

	d->d_hashval = name_hash(parent, d->d_name, d->d_len);
	list_add(&d->d_hash, bucket(d->d_hashval));
	d->d_offset = parent->d_next_offset++;
	list_add_tail(&d->d_child, &parent->d_subdirs);
}

static void d_hash_out(struct dentry *d)
{
	list_del_init(&d->d_hash);
	list_del_init(&d->d_child);
}

void d_add(struct dentry *dentry)
{
	dcache_init_once();
	dentry->d_flags |= DCACHE_HASHED;
	dget(dentry);		/* the tree's reference */
	d_hash_in(dentry);
}

void d_drop(struct dentry *dentry)
{
	if (!(dentry->d_flags & DCACHE_HASHED))
		return;
	d_hash_out(dentry);
	dentry->d_flags &= ~DCACHE_HASHED;
	dput(dentry);
}

void d_move(struct dentry *dentry, struct dentry *new_parent,
	    const char *name, size_t len)
{
	struct dentry *old_parent = dentry->d_parent;

	d_hash_out(dentry);
	memcpy(dentry->d_name, name, len);
	dentry->d_name[len] = '\0';
	dentry->d_len = (u16)len;
	dentry->d_parent = dget(new_parent);
	d_hash_in(dentry);
	dput(old_parent);
}

void d_exchange(struct dentry *a, struct dentry *b)
{
	struct dentry *a_parent = a->d_parent;
	char a_name[NAME_MAX + 1];
	u16 a_len = a->d_len;

	d_hash_out(a);
	d_hash_out(b);
	memcpy(a_name, a->d_name, a_len + 1);
	memcpy(a->d_name, b->d_name, b->d_len + 1);
	a->d_len = b->d_len;
	memcpy(b->d_name, a_name, a_len + 1);
	b->d_len = a_len;
	/* Each keeps holding one parent: the references trade too. */
	a->d_parent = b->d_parent;
	b->d_parent = a_parent;
	d_hash_in(a);
	d_hash_in(b);
}

bool d_is_dir(const struct dentry *d)
{
	return d->d_inode && S_ISDIR(d->d_inode->i_mode);
}

bool d_has_children(const struct dentry *d)
{
	return !list_empty(&d->d_subdirs);
}

unsigned long dcache_live_dentries(void)
{
	return live_dentries;
}

bool dir_emit_dots(struct file *file, struct dir_context *ctx)
{
	struct dentry *dir = file->f_path.dentry;

	if (ctx->pos == 0) {
		if (!ctx->emit(ctx, ".", 1, dir->d_inode->i_ino, DT_DIR, 1))
			return false;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		if (!ctx->emit(ctx, "..", 2, dir->d_parent->d_inode->i_ino,
			       DT_DIR, 2))
			return false;
		ctx->pos = 2;
	}
	return true;
}

int dcache_readdir(struct file *file, struct dir_context *ctx)
{
	struct dentry *dir = file->f_path.dentry, *child;

	if (!dir_emit_dots(file, ctx))
		return 0;
	list_for_each_entry(child, &dir->d_subdirs, d_child) {
		struct inode *inode = child->d_inode;

		if (child->d_offset < ctx->pos || !inode)
			continue;
		if (!ctx->emit(ctx, child->d_name, child->d_len, inode->i_ino,
			       mode_to_dt(inode->i_mode), child->d_offset + 1))
			return 0;
		ctx->pos = child->d_offset + 1;
	}
	return 0;
}
