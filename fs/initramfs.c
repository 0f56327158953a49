// SPDX-License-Identifier: GPL-2.0
/*
 * Unpacking cpio archives into the VFS: the initramfs GRUB hands over as
 * multiboot2 modules goes into the root ramfs at boot. Names are resolved
 * from the target directory with umask 0, so modes arrive as archived;
 * owners are stored. A malformed archive stops with one message naming the
 * entry and keeps what came before; an entry the file system refuses
 * (say ENOSPC) is logged and the rest still unpacked.
 */
#include <mosaic/bootinfo.h>
#include <mosaic/cpio.h>
#include <mosaic/errno.h>
#include <mosaic/initramfs.h>
#include <mosaic/kmalloc.h>
#include <mosaic/page.h>
#include <mosaic/printk.h>
#include <mosaic/string.h>
#include <mosaic/vfs.h>

/* newc's hard links: entries sharing (dev, ino) with nlink > 1. */
struct link_seen {
	u32 ino, dev_major, dev_minor;
	char *name;
};

struct unpack {
	struct fs_struct *fs;
	struct link_seen *links;
	unsigned int nlinks;
};

/* Linux's new_encode_dev(): the st_rdev of a device node. */
static u32 encode_dev(u32 major, u32 minor)
{
	return (minor & 0xff) | (major << 8) | ((minor & ~0xffU) << 12);
}

static const char *first_link(struct unpack *u, const struct cpio_entry *e)
{
	for (unsigned int i = 0; i < u->nlinks; i++) {
		const struct link_seen *l = &u->links[i];

		if (l->ino == e->ino && l->dev_major == e->dev_major &&
		    l->dev_minor == e->dev_minor)
			return l->name;
	}
	return NULL;
}

static int remember_link(struct unpack *u, const struct cpio_entry *e)
{
	struct link_seen *links = krealloc(u->links,
					   (u->nlinks + 1) * sizeof(*links));
	char *name = kmalloc(e->namelen + 1);

	if (!links || !name) {
		kfree(name);
		if (links)
			u->links = links;
		return -ENOMEM;
	}
	memcpy(name, e->name, e->namelen + 1);
	u->links = links;
	links[u->nlinks].ino = e->ino;
	links[u->nlinks].dev_major = e->dev_major;
	links[u->nlinks].dev_minor = e->dev_minor;
	links[u->nlinks].name = name;
	u->nlinks++;
	return 0;
}

static int write_data(struct unpack *u, const struct cpio_entry *e, int flags)
{
	struct file *f = vfs_open(u->fs, NULL, e->name,
				  O_WRONLY | O_CREAT | O_TRUNC | flags,
				  e->mode & S_IALLUGO);
	ssize_t n;

	if (IS_ERR(f))
		return (int)PTR_ERR(f);
	n = e->size ? vfs_write(f, e->data, e->size) : 0;
	fput(f);
	if (n < 0)
		return (int)n;
	return (size_t)n == e->size ? 0 : -ENOSPC;
}

static int unpack_file(struct unpack *u, const struct cpio_entry *e)
{
	const char *target = e->nlink > 1 ? first_link(u, e) : NULL;
	int err;

	vfs_unlink(u->fs, NULL, e->name);	/* a later entry replaces */
	if (target) {
		err = vfs_link(u->fs, NULL, target, NULL, e->name, 0);
		/* newc puts the data with the last link */
		return err || !e->size ? err : write_data(u, e, 0);
	}
	err = write_data(u, e, O_EXCL);
	if (!err && e->nlink > 1)
		err = remember_link(u, e);
	return err;
}

static int unpack_symlink(struct unpack *u, const struct cpio_entry *e)
{
	char *target = kmalloc(e->size + 1);
	int err;

	if (!target)
		return -ENOMEM;
	memcpy(target, e->data, e->size);
	target[e->size] = '\0';
	vfs_unlink(u->fs, NULL, e->name);
	err = vfs_symlink(u->fs, target, NULL, e->name);
	kfree(target);
	return err;
}

static int unpack_dir(struct unpack *u, const struct cpio_entry *e)
{
	struct stat st;
	int err = vfs_mkdir(u->fs, NULL, e->name, e->mode);

	if (err == -EEXIST && !vfs_stat(u->fs, NULL, e->name, &st, 0) &&
	    S_ISDIR(st.st_mode))
		err = 0;	/* already there: take the archive's mode */
	return err;
}

static int unpack_entry(struct unpack *u, const struct cpio_entry *e)
{
	int err;

	switch (e->mode & S_IFMT) {
	case S_IFDIR:
		err = unpack_dir(u, e);
		break;
	case S_IFREG:
		err = unpack_file(u, e);
		break;
	case S_IFLNK:
		err = unpack_symlink(u, e);
		break;
	default:
		vfs_unlink(u->fs, NULL, e->name);
		err = vfs_mknod(u->fs, NULL, e->name, e->mode,
				encode_dev(e->rdev_major, e->rdev_minor));
		break;
	}
	if (err)
		return err;
	/* Owner first: chown clears set-id bits, the mode puts them back. */
	err = vfs_chown(u->fs, NULL, e->name, e->uid, e->gid,
			AT_SYMLINK_NOFOLLOW);
	if (!err && !S_ISLNK(e->mode))
		err = vfs_chmod(u->fs, NULL, e->name, e->mode & S_IALLUGO, 0);
	return err;
}

/* "." and "./" prefixes name the target directory itself. */
static bool is_root_name(const char *name)
{
	while (name[0] == '.' && (name[1] == '/' || name[1] == '\0'))
		name += name[1] ? 2 : 1;
	while (*name == '/')
		name++;
	return *name == '\0';
}

static void unpack_all(struct unpack *u, struct cpio_reader *r,
		       struct initramfs_result *res)
{
	struct cpio_entry e;
	int ret, err;

	while ((ret = cpio_next(r, &e)) == 1) {
		if (is_root_name(e.name))
			continue;
		err = unpack_entry(u, &e);
		if (err) {
			pr_warn("initramfs: entry '%s': error %d\n", e.name, err);
			res->failed++;
		} else {
			res->entries++;
		}
	}
	if (ret < 0) {
		res->error = ret;
		strscpy(res->message, r->error, sizeof(res->message));
		pr_err("initramfs: %s; kept the %u entries before it\n",
		       r->error, res->entries);
	}
}

int initramfs_unpack(const void *buf, size_t len, const char *dir,
		     struct initramfs_result *res)
{
	struct unpack u = { 0 };
	struct cpio_reader r;

	memset(res, 0, sizeof(*res));
	u.fs = fs_struct_copy(vfs_kernel_fs());
	if (!u.fs)
		return res->error = -ENOMEM;
	vfs_umask(u.fs, 0);
	res->error = vfs_chdir(u.fs, dir);
	if (!res->error) {
		cpio_reader_init(&r, buf, len);
		unpack_all(&u, &r, res);
	}
	for (unsigned int i = 0; i < u.nlinks; i++)
		kfree(u.links[i].name);
	kfree(u.links);
	fs_struct_free(u.fs);
	return res->error;
}

void initramfs_populate(const struct bootinfo *bi)
{
	for (unsigned int i = 0; i < bi->module_count; i++) {
		const struct bootinfo_module *m = &bi->modules[i];
		struct initramfs_result res;

		initramfs_unpack(phys_to_virt(m->start), m->end - m->start, "/",
				 &res);
		pr_info("initramfs: module %u (\"%s\", %llu bytes): %u entries%s\n",
			i, m->string, (unsigned long long)(m->end - m->start),
			res.entries, res.error ? ", archive malformed" : "");
	}
}
