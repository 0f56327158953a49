// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/meminfo with Linux's field names and kB units, for the fields
 * Mosaic has: RAM from the frame allocator, file data held by ramfs
 * mounts (Linux counts ramfs pages as Cached and Unevictable), the
 * kernel heap (as Slab) and page tables. There is no swap and no buffer
 * cache, so those read 0, as on a Linux without them.
 */
#include <mosaic/frame.h>
#include <mosaic/kmalloc.h>
#include <mosaic/page.h>
#include <mosaic/printk.h>
#include <mosaic/ramfs.h>
#include <mosaic/vfs.h>
#include <mosaic/vmm.h>

#include "internal.h"

#define KB_PER_PAGE (PAGE_SIZE / 1024)

/* vfs_ns_lock held: add up the frames of every ramfs-backed mount. */
static void add_ramfs_pages(const struct mount *m, void *arg)
{
	struct ramfs_usage u;
	u64 *pages = arg;

	if (m->mnt_sb->s_type->fill_super != ramfs_fill_super)
		return;
	ramfs_get_usage(m->mnt_sb, &u);
	*pages += u.data_pages + u.node_pages;
}

/* "MemTotal:" padded to 16 columns, the value in 8, as Linux. */
static void show_kb(struct seq_file *m, const char *name, u64 kb)
{
	seq_printf(m, "%-16s%8llu kB\n", name, (unsigned long long)kb);
}

static int meminfo_show(struct seq_file *m, void *v)
{
	struct frame_stats fs;
	struct heap_stats hs;
	u64 ramfs_pages = 0;

	vfs_for_each_mount(add_ramfs_pages, &ramfs_pages);
	frame_get_stats(&fs);
	heap_get_stats(&hs);
	show_kb(m, "MemTotal:", fs.total_frames * KB_PER_PAGE);
	show_kb(m, "MemFree:", fs.free_frames * KB_PER_PAGE);
	/* ramfs data cannot be reclaimed: only free memory is available. */
	show_kb(m, "MemAvailable:", fs.free_frames * KB_PER_PAGE);
	show_kb(m, "Buffers:", 0);
	show_kb(m, "Cached:", ramfs_pages * KB_PER_PAGE);
	show_kb(m, "SwapCached:", 0);
	show_kb(m, "Unevictable:", ramfs_pages * KB_PER_PAGE);
	show_kb(m, "SwapTotal:", 0);
	show_kb(m, "SwapFree:", 0);
	show_kb(m, "Slab:", hs.footprint_bytes / 1024);
	show_kb(m, "PageTables:", vmm_table_pages() * KB_PER_PAGE);
	return 0;
}

void proc_meminfo_init(void)
{
	if (!proc_create_single("meminfo", 0444, NULL, meminfo_show, NULL))
		pr_err("proc: cannot create /proc/meminfo\n");
}
