// SPDX-License-Identifier: GPL-2.0
/*
 * ttys as files: the file operations devfs puts behind /dev/console,
 * /dev/tty, /dev/ttyS0 and /dev/tty1, the choice of /dev/console
 * (console= on the command line, else the first console: the serial
 * port, which registers before the screens), and tty_init().
 */
#include <mosaic/chrdev.h>
#include <mosaic/errno.h>
#include <mosaic/fs.h>
#include <mosaic/params.h>
#include <mosaic/poll.h>
#include <mosaic/printk.h>
#include <mosaic/string.h>
#include <mosaic/tty.h>
#include <uapi/linux/fcntl.h>

static char console_name[16];
static int (*session_hook)(void);

/* console=ttyS0,115200 or console=tty1; the last one names /dev/console. */
static int console_param(const char *val)
{
	const char *comma = strchr(val, ',');
	size_t n = comma ? (size_t)(comma - val) : strlen(val);

	if (!n || n >= sizeof(console_name))
		return -EINVAL;
	memcpy(console_name, val, n);
	console_name[n] = '\0';
	return 0;
}
KERNEL_PARAM(console, console_param);

static struct tty *tty_by_name(const char *name)
{
	struct tty *s = serial_tty(), *vt = vt_tty();

	if (s && !strcmp(name, s->name))
		return s;
	/* tty0 is "the current virtual terminal": there is one. */
	if (vt && (!strcmp(name, vt->name) || !strcmp(name, "tty0")))
		return vt;
	return NULL;
}

struct tty *tty_console(void)
{
	struct tty *tty;

	if (console_name[0]) {
		tty = tty_by_name(console_name);
		if (tty)
			return tty;
	}
	tty = serial_tty();
	return tty ? tty : vt_tty();
}

void tty_set_session_hook(int (*current_sid)(void))
{
	session_hook = current_sid;
}

/* Linux's new_decode_dev() of an inode's i_rdev. */
static void decode_dev(u32 rdev, u32 *major, u32 *minor)
{
	*major = (rdev & 0xfff00) >> 8;
	*minor = (rdev & 0xff) | ((rdev >> 12) & 0xfff00);
}

static struct tty *tty_for_rdev(u32 rdev)
{
	u32 major, minor;

	decode_dev(rdev, &major, &minor);
	if (major == TTYAUX_MAJOR && minor == TTY_CURRENT_MINOR)
		return session_hook ? tty_find_session(session_hook()) : NULL;
	if (major == TTYAUX_MAJOR && minor == TTY_CONSOLE_MINOR)
		return tty_console();
	return tty_find(major, minor);
}

static int tty_open(struct inode *inode, struct file *file)
{
	struct tty *tty = tty_for_rdev(inode->i_rdev);

	if (!tty)
		return -ENXIO;	/* no such tty, or no controlling tty */
	file->private_data = tty;
	/* Reads block: no offset lock held across them, no offset. */
	file->f_mode |= FMODE_STREAM;
	return 0;
}

static void tty_release(struct inode *inode, struct file *file)
{
	file->private_data = NULL;	/* ttys are static: nothing to free */
}

static ssize_t tty_file_read(struct file *file, void *buf, size_t n, u64 *pos)
{
	return tty_read(file->private_data, buf, n,
			file->f_flags & O_NONBLOCK);
}

static ssize_t tty_file_write(struct file *file, const void *buf, size_t n,
			      u64 *pos)
{
	return tty_write(file->private_data, buf, n);
}

static unsigned int tty_file_poll(struct file *file, struct poll_table *pt)
{
	struct tty *tty = file->private_data;

	poll_wait(file, &tty->poll_wait, pt);
	return tty_poll_mask(tty);
}

const struct file_operations tty_fops = {
	.open = tty_open,
	.release = tty_release,
	.read = tty_file_read,
	.write = tty_file_write,
	.poll = tty_file_poll,
};

long tty_file_ioctl(struct file *file, const struct tty_caller *who,
		    unsigned int cmd, void *arg)
{
	if (file->f_op != &tty_fops || !file->private_data)
		return -ENOTTY;
	return tty_ioctl(file->private_data, who, cmd, arg);
}

int tty_register_devices(int (*add)(const char *name, u32 major, u32 minor,
				    const struct file_operations *fops))
{
	struct tty *ttys[] = { serial_tty(), vt_tty() };
	unsigned int i;
	int ret;

	ret = add("tty", TTYAUX_MAJOR, TTY_CURRENT_MINOR, &tty_fops);
	if (!ret && tty_console())
		ret = add("console", TTYAUX_MAJOR, TTY_CONSOLE_MINOR,
			  &tty_fops);
	for (i = 0; !ret && i < ARRAY_SIZE(ttys); i++)
		if (ttys[i])
			ret = add(ttys[i]->name, ttys[i]->major,
				  ttys[i]->minor, &tty_fops);
	return ret;
}

/*
 * The tty device numbers in the character-device registry, so devtmpfs
 * makes /dev/tty, /dev/console, /dev/ttyS0 and /dev/tty1 with Linux's
 * numbers and modes, and a mknod'ed node reaches them too.
 */
static struct chrdev tty_chrdevs[4];
static unsigned int nr_tty_chrdevs;

static u32 tty_node_mode(u32 major, u32 minor)
{
	if (major == TTYAUX_MAJOR)
		return minor == TTY_CURRENT_MINOR ? 0666 : 0600;
	return 0620;
}

static int tty_chrdev_add(const char *name, u32 major, u32 minor,
			  const struct file_operations *fops)
{
	struct chrdev *cd;

	if (nr_tty_chrdevs == ARRAY_SIZE(tty_chrdevs))
		return -ENOSPC;
	cd = &tty_chrdevs[nr_tty_chrdevs++];
	cd->dev = MKDEV(major, minor);
	cd->count = 1;
	cd->name = name;
	cd->mode = tty_node_mode(major, minor);
	cd->fops = fops;
	return chrdev_register(cd);
}

void tty_init(void)
{
	struct tty *con;
	int err;

	serial_tty_init();
	vt_init();
	con = tty_console();
	if (console_name[0] && con && strcmp(con->name, console_name) &&
	    strcmp(console_name, "tty0"))
		pr_warn("tty: console=%s: no such tty, using %s\n",
			console_name, con->name);
	if (con)
		pr_info("tty: /dev/console is %s\n", con->name);
	else
		pr_warn("tty: no console tty\n");
	err = tty_register_devices(tty_chrdev_add);
	if (err)
		pr_warn("tty: device numbers not registered (error %d)\n",
			err);
}
