/* SPDX-License-Identifier: GPL-2.0 */
/*
 * procfs (fs/proc/): the kernel's state as text files under /proc, each
 * a show() function printing into a seq_file (see seq_file.h). Entries
 * form a tree of struct proc_dir_entry that every mounted procfs shows;
 * they can be added and removed at any time:
 *
 *	dir = proc_mkdir("mine", NULL);
 *	proc_create_single("status", 0444, dir, status_show, data);
 *	// before data is freed:
 *	proc_remove(dir);
 *
 * After proc_remove() returns no show() of the subtree runs any more (a
 * file still open reads EIO), so @data may be freed. The tree is under
 * vfs_ns_lock; show() runs without it and may take it. /proc/<pid> is
 * one entry per process whose contents are computed (fs/proc/base.c).
 */
#ifndef _MOSAIC_PROC_FS_H
#define _MOSAIC_PROC_FS_H

#include <mosaic/seq_file.h>
#include <mosaic/types.h>

#define PROC_SUPER_MAGIC 0x9fa0

struct proc_dir_entry;

/* NULL parent: /proc itself. NULL if out of memory, the name is bad
 * (empty, ".", "..", a '/', too long) or taken in the parent. */
struct proc_dir_entry *proc_mkdir(const char *name,
				  struct proc_dir_entry *parent);
struct proc_dir_entry *proc_create_single(const char *name, u32 mode,
					  struct proc_dir_entry *parent,
					  seq_show_fn show, void *data);
/* Remove @de and everything below it; NULL is fine. */
void proc_remove(struct proc_dir_entry *de);

/*
 * /proc/<pid> (fs/proc/base.c): made once the process is linked into
 * the tree (fork, the kernel's own processes), removed before it is
 * freed, outside process_lock (removal waits for readers).
 */
struct process;
void proc_pid_add(struct process *p);
void proc_pid_remove(struct process *p);

/* Register the file system type and the kernel's files, mount /proc. */
void proc_root_init(void);

#endif /* _MOSAIC_PROC_FS_H */
