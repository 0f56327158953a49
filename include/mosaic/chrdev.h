/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Character devices (fs/char_dev.c): a registry from device numbers to
 * the driver's file operations, as Linux's register_chrdev_region() and
 * cdev_add() together. A device inode (S_IFCHR, i_rdev) on any file
 * system opens through it, so a node made by mknod on ramfs works like
 * the ones devtmpfs makes at /dev. Documentation/filesystems.md, "devfs",
 * says how to add a device.
 *
 * Device numbers: inside the kernel a dev_t is Linux's MKDEV(major,
 * minor) (12 bits of major, 20 of minor); inode->i_rdev and st_rdev hold
 * the user-space encoding (new_encode_dev()), as Linux's stat shows it.
 *
 * Locks: chrdev_lock (a mutex, fs/char_dev.c) guards the registry. It
 * nests inside vfs_ns_lock (open looks a device up with it held), so a
 * registration takes it alone and makes the /dev node after dropping it.
 */
#ifndef _MOSAIC_CHRDEV_H
#define _MOSAIC_CHRDEV_H

#include <mosaic/fs.h>
#include <mosaic/list.h>
#include <mosaic/types.h>

typedef u32 dev_t;

#define MINORBITS 20
#define MINORMASK ((1U << MINORBITS) - 1)
#define MAJOR_MAX 0xfffU

#define MKDEV(ma, mi) (((dev_t)(ma) << MINORBITS) | (dev_t)(mi))
#define MAJOR(dev) ((unsigned int)((dev) >> MINORBITS))
#define MINOR(dev) ((unsigned int)((dev) & MINORMASK))

/* st_rdev as Linux's new_encode_dev(): minor's low byte, major, the
 * minor's upper bits above. */
static inline u32 new_encode_dev(dev_t dev)
{
	unsigned int major = MAJOR(dev), minor = MINOR(dev);

	return (minor & 0xff) | (major << 8) | ((minor & ~0xffU) << 12);
}

static inline dev_t new_decode_dev(u32 dev)
{
	unsigned int major = (dev & 0xfff00) >> 8;
	unsigned int minor = (dev & 0xff) | ((dev >> 12) & 0xfff00);

	return MKDEV(major, minor);
}

/*
 * One driver's range of minors. The driver owns the struct (static in
 * practice) and it stays registered while any file opened through it is
 * open. On open, file->f_op becomes @fops, file->private_data @private,
 * then fops->open (if any) runs and may refine both (say, per minor from
 * MINOR(new_decode_dev(inode->i_rdev))).
 */
struct chrdev {
	dev_t dev;		/* first device number of the range */
	unsigned int count;	/* minors from MINOR(dev), >= 1 */
	/* The node devtmpfs makes at /dev/<name> for @dev (the first
	 * minor), with @mode's permission bits; NULL: no node. */
	const char *name;
	u32 mode;
	const struct file_operations *fops;
	void *private;
	struct list_head list;	/* the registry (chrdev_lock) */
};

/*
 * Claim the range; 0, -EINVAL for an empty range or one past the minor
 * space, -EBUSY if a minor in it is taken. When devtmpfs is mounted the
 * node appears at once, otherwise when it is (devtmpfs_init()).
 */
int chrdev_register(struct chrdev *cd);
/* Give the range back (and remove its /dev node). No file opened through
 * it may still be open. */
void chrdev_unregister(struct chrdev *cd);
/* Call fn on every registered range, in registration order. */
void chrdev_for_each(void (*fn)(const struct chrdev *cd, void *arg),
		     void *arg);

/* The file operations of every S_IFCHR inode: open looks up i_rdev. */
extern const struct file_operations def_chr_fops;

/* Register the memory devices null, zero, full (drivers/char/mem.c). */
void chr_dev_init(void);

/* /dev: mount devtmpfs there at boot and make the nodes of every
 * registered device (fs/devtmpfs.c); and the node of one device. */
void devtmpfs_init(void);
int devtmpfs_create_node(const struct chrdev *cd);
void devtmpfs_delete_node(const struct chrdev *cd);

#endif /* _MOSAIC_CHRDEV_H */
