// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/mounts in Linux's format (fstab's fields): source, mount point,
 * type, options, and two zeros; names escape space, tab, newline and
 * backslash as octal.
 */
#include <mosaic/errno.h>
#include <mosaic/kmalloc.h>
#include <mosaic/printk.h>
#include <mosaic/vfs.h>

#include "internal.h"

struct mounts_walk {
	struct seq_file *m;
	char *path;		/* PATH_MAX bytes */
};

/* vfs_ns_lock held (vfs_for_each_mount). */
static void show_mount(const struct mount *mnt, void *arg)
{
	struct mounts_walk *w = arg;
	struct path p = { .mnt = (struct mount *)mnt, .dentry = mnt->mnt_root };

	if (d_path(&p, w->path, PATH_MAX) < 0)
		return;	/* no mount point that long can be made */
	seq_escape(w->m, mnt->mnt_source);
	seq_putc(w->m, ' ');
	seq_escape(w->m, w->path);
	seq_printf(w->m, " %s rw 0 0\n", mnt->mnt_sb->s_type->name);
}

static int mounts_show(struct seq_file *m, void *v)
{
	struct mounts_walk w = { .m = m, .path = kmalloc(PATH_MAX) };

	if (!w.path)
		return -ENOMEM;
	vfs_for_each_mount(show_mount, &w);
	kfree(w.path);
	return 0;
}

void proc_mounts_init(void)
{
	if (!proc_create_single("mounts", 0444, NULL, mounts_show, NULL))
		pr_err("proc: cannot create /proc/mounts\n");
}
