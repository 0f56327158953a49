// SPDX-License-Identifier: GPL-2.0
/*
 * ramfs file data: whole frames, reached through a radix tree whose nodes
 * are frames too (512 slots of physical addresses, like a page table).
 * A missing slot is a hole and reads as zeros. All of it runs under the
 * inode's i_mutex; the per-mount counters take the super block's lock.
 *
 * Frames come straight from frame_alloc()/frame_free() here, in
 * ramfs_get_frame()/ramfs_put_frame() only: once struct page exists,
 * those two become alloc_page()/put_page() and nothing else changes.
 */
#include <mosaic/errno.h>
#include <mosaic/frame.h>
#include <mosaic/page.h>
#include <mosaic/string.h>

#include "ramfs.h"

#define FANOUT 512
#define FANOUT_SHIFT 9
#define MAX_HEIGHT 4

/* Pages covered by one slot of a node at @level (1: data frames). */
static u64 slot_span(unsigned int level)
{
	return 1ULL << (FANOUT_SHIFT * (level - 1));
}

u64 ramfs_max_bytes(void)
{
	return (slot_span(MAX_HEIGHT) * FANOUT) << PAGE_SHIFT;
}

/* ---- the seam to the page allocator ------------------------------------ */

static int ramfs_get_frame(phys_addr_t *pa)
{
	if (frame_alloc(0, pa))
		return -ENOSPC;
	memset(phys_to_virt(*pa), 0, PAGE_SIZE);
	return 0;
}

static void ramfs_put_frame(phys_addr_t pa)
{
	frame_free(pa, 0);
}

/* ------------------------------------------------------------------------ */

static u64 *node_slots(phys_addr_t node)
{
	return phys_to_virt(node);
}

/* Charge one page to the mount (data or tree node); false when full. */
static bool charge(struct super_block *sb, bool data)
{
	struct ramfs_sb_info *sbi = RAMFS_SB(sb);
	bool ok;

	spin_lock(&sbi->lock);
	ok = !data || !sbi->max_pages || sbi->data_pages < sbi->max_pages;
	if (ok) {
		if (data)
			sbi->data_pages++;
		else
			sbi->node_pages++;
	}
	spin_unlock(&sbi->lock);
	return ok;
}

static void uncharge(struct super_block *sb, u64 data, u64 nodes)
{
	struct ramfs_sb_info *sbi = RAMFS_SB(sb);

	spin_lock(&sbi->lock);
	sbi->data_pages -= data;
	sbi->node_pages -= nodes;
	spin_unlock(&sbi->lock);
}

static int new_frame(struct super_block *sb, bool data, phys_addr_t *pa)
{
	if (!charge(sb, data))
		return -ENOSPC;
	if (ramfs_get_frame(pa)) {
		uncharge(sb, data, !data);
		return -ENOSPC;
	}
	return 0;
}

/* Make the tree tall enough for @index. */
static int grow_tree(struct inode *inode, u64 index)
{
	struct ramfs_inode *ri = RAMFS_I(inode);

	while (ri->height == 0 || index >= slot_span(ri->height) * FANOUT) {
		phys_addr_t node;
		int err;

		if (ri->height == MAX_HEIGHT)
			return -EFBIG;
		if (!ri->root) {	/* empty: start at the needed height */
			ri->height++;
			continue;
		}
		err = new_frame(inode->i_sb, false, &node);
		if (err)
			return err;
		node_slots(node)[0] = ri->root;
		ri->root = node;
		ri->height++;
	}
	if (!ri->root) {
		int err = new_frame(inode->i_sb, false, &ri->root);

		if (err)
			return err;
	}
	return 0;
}

/* The slot holding page @index's frame; NULL if absent and !alloc. */
static u64 *find_slot(struct inode *inode, u64 index, bool alloc, int *err)
{
	struct ramfs_inode *ri = RAMFS_I(inode);
	phys_addr_t node;

	*err = 0;
	if (alloc) {
		*err = grow_tree(inode, index);
		if (*err)
			return NULL;
	} else if (!ri->root || index >= slot_span(ri->height) * FANOUT) {
		return NULL;
	}
	node = ri->root;
	for (unsigned int level = ri->height; level > 1; level--) {
		u64 *slot = &node_slots(node)[(index / slot_span(level)) %
					      FANOUT];

		if (!*slot) {
			if (!alloc)
				return NULL;
			*err = new_frame(inode->i_sb, false, slot);
			if (*err)
				return NULL;
		}
		node = *slot;
	}
	return &node_slots(node)[index % FANOUT];
}

struct free_count {
	u64 data, nodes;
};

/* Free what @node (at @level, first page @base) holds from page @first
 * on; true if the node is now empty and was freed. */
static bool free_node(phys_addr_t node, unsigned int level, u64 base,
		      u64 first, struct free_count *fc)
{
	u64 *slots = node_slots(node);
	u64 span = slot_span(level);
	bool empty = true;

	for (unsigned int i = 0; i < FANOUT; i++) {
		u64 start = base + i * span;

		if (slots[i] && start + span > first) {
			if (level == 1) {
				ramfs_put_frame(slots[i]);
				slots[i] = 0;
				fc->data++;
			} else if (free_node(slots[i], level - 1, start, first,
					     fc)) {
				slots[i] = 0;
			}
		}
		empty &= !slots[i];
	}
	if (empty) {
		ramfs_put_frame(node);
		fc->nodes++;
	}
	return empty;
}

void ramfs_free_from(struct inode *inode, u64 first)
{
	struct ramfs_inode *ri = RAMFS_I(inode);
	struct free_count fc = { 0, 0 };

	if (!ri->root)
		return;
	if (free_node(ri->root, ri->height, 0, first, &fc)) {
		ri->root = 0;
		ri->height = 0;
	}
	inode->i_blocks -= fc.data * (PAGE_SIZE / 512);
	uncharge(inode->i_sb, fc.data, fc.nodes);
}

static ssize_t ramfs_read(struct file *file, void *buf, size_t n, u64 *pos)
{
	struct inode *inode = file->f_inode;
	size_t done = 0;
	int err;

	if (*pos >= inode->i_size)
		return 0;
	n = MIN(n, inode->i_size - *pos);
	while (done < n) {
		size_t off = *pos & (PAGE_SIZE - 1);
		size_t chunk = MIN(PAGE_SIZE - off, n - done);
		u64 *slot = find_slot(inode, *pos >> PAGE_SHIFT, false, &err);

		if (slot && *slot)
			memcpy((char *)buf + done,
			       (char *)phys_to_virt(*slot) + off, chunk);
		else
			memset((char *)buf + done, 0, chunk);	/* a hole */
		done += chunk;
		*pos += chunk;
	}
	return (ssize_t)done;
}

static ssize_t ramfs_write(struct file *file, const void *buf, size_t n,
			   u64 *pos)
{
	struct inode *inode = file->f_inode;
	size_t done = 0;
	int err = 0;

	while (done < n) {
		size_t off = *pos & (PAGE_SIZE - 1);
		size_t chunk = MIN(PAGE_SIZE - off, n - done);
		u64 *slot = find_slot(inode, *pos >> PAGE_SHIFT, true, &err);

		if (!slot)
			break;
		if (!*slot) {
			err = new_frame(inode->i_sb, true, slot);
			if (err)
				break;
			inode->i_blocks += PAGE_SIZE / 512;
		}
		memcpy((char *)phys_to_virt(*slot) + off,
		       (const char *)buf + done, chunk);
		done += chunk;
		*pos += chunk;
		if (*pos > inode->i_size)
			inode->i_size = *pos;
	}
	return done ? (ssize_t)done : err;
}

/* Shrinking frees whole pages past the end and zeroes the rest of the
 * last one, so growing again reads zeros; growing leaves a hole. */
static int ramfs_setsize(struct inode *inode, u64 size)
{
	if (size < inode->i_size) {
		size_t off = size & (PAGE_SIZE - 1);
		int err;

		ramfs_free_from(inode, DIV_ROUND_UP(size, PAGE_SIZE));
		if (off) {
			u64 *slot = find_slot(inode, size >> PAGE_SHIFT,
					      false, &err);

			if (slot && *slot)
				memset((char *)phys_to_virt(*slot) + off, 0,
				       PAGE_SIZE - off);
		}
	}
	inode->i_size = size;
	return 0;
}

const struct file_operations ramfs_file_operations = {
	.fop_flags = FOP_INODE_MUTEX,
	.read = ramfs_read,
	.write = ramfs_write,
	.fsync = noop_fsync,
};

const struct inode_operations ramfs_file_inode_operations = {
	.setsize = ramfs_setsize,
};
