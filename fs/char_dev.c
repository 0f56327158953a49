// SPDX-License-Identifier: GPL-2.0
/*
 * The character-device registry: device numbers to drivers. Opening any
 * S_IFCHR inode goes through chrdev_open(), which finds the range holding
 * i_rdev and hands the open file to the driver's operations, as Linux's
 * chrdev_open() does. A number nobody registered opens with ENXIO.
 */
#include <mosaic/chrdev.h>
#include <mosaic/errno.h>
#include <mosaic/mutex.h>
#include <uapi/linux/stat.h>

static DEFINE_MUTEX(chrdev_lock);
static LIST_HEAD(chrdevs);

static bool range_overlaps(const struct chrdev *a, const struct chrdev *b)
{
	if (MAJOR(a->dev) != MAJOR(b->dev))
		return false;
	return MINOR(a->dev) < MINOR(b->dev) + b->count &&
	       MINOR(b->dev) < MINOR(a->dev) + a->count;
}

static bool range_holds(const struct chrdev *cd, dev_t dev)
{
	return MAJOR(cd->dev) == MAJOR(dev) && MINOR(dev) >= MINOR(cd->dev) &&
	       MINOR(dev) - MINOR(cd->dev) < cd->count;
}

static int chrdev_add(struct chrdev *cd)
{
	struct chrdev *other;
	int err = 0;

	if (!cd->count || !cd->fops ||
	    cd->count > MINORMASK + 1 - MINOR(cd->dev))
		return -EINVAL;
	mutex_lock(&chrdev_lock);
	list_for_each_entry(other, &chrdevs, list) {
		if (range_overlaps(cd, other)) {
			err = -EBUSY;
			break;
		}
	}
	if (!err)
		list_add_tail(&cd->list, &chrdevs);
	mutex_unlock(&chrdev_lock);
	return err;
}

int chrdev_register(struct chrdev *cd)
{
	int err = chrdev_add(cd);

	if (err)
		return err;
	/* Outside chrdev_lock: making a node takes vfs_ns_lock. */
	err = devtmpfs_create_node(cd);
	if (err == -EEXIST)	/* made by the initramfs or by hand */
		err = 0;
	if (err) {
		chrdev_unregister(cd);
		return err;
	}
	return 0;
}

void chrdev_unregister(struct chrdev *cd)
{
	mutex_lock(&chrdev_lock);
	list_del(&cd->list);
	mutex_unlock(&chrdev_lock);
	devtmpfs_delete_node(cd);
}

void chrdev_for_each(void (*fn)(const struct chrdev *cd, void *arg),
		     void *arg)
{
	struct chrdev *cd;

	mutex_lock(&chrdev_lock);
	list_for_each_entry(cd, &chrdevs, list)
		fn(cd, arg);
	mutex_unlock(&chrdev_lock);
}

/* Called by alloc_file() with vfs_ns_lock held; chrdev_lock nests in it. */
static int chrdev_open(struct inode *inode, struct file *file)
{
	dev_t dev = new_decode_dev(inode->i_rdev);
	const struct chrdev *found = NULL;
	struct chrdev *cd;

	mutex_lock(&chrdev_lock);
	list_for_each_entry(cd, &chrdevs, list) {
		if (range_holds(cd, dev)) {
			found = cd;
			break;
		}
	}
	if (found) {
		file->f_op = found->fops;
		file->private_data = found->private;
	}
	mutex_unlock(&chrdev_lock);
	if (!found)
		return -ENXIO;
	return file->f_op->open ? file->f_op->open(inode, file) : 0;
}

const struct file_operations def_chr_fops = {
	.open = chrdev_open,
};
