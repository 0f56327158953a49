// SPDX-License-Identifier: GPL-2.0
/*
 * File-descriptor tables: what each process will hold. Descriptors are
 * handed out lowest-free-first (POSIX), carry a close-on-exec flag of
 * their own, and dup'ed descriptors share one open file (offset, status
 * flags). The table grows by doubling up to FDTABLE_MAX_FDS. Its lock is
 * a spinlock, never held across fput() (which may sleep); files to drop
 * are collected and put after unlocking.
 */
#include <mosaic/errno.h>
#include <mosaic/kmalloc.h>
#include <mosaic/resource.h>
#include <mosaic/string.h>
#include <mosaic/vfs.h>

#define FDTABLE_FIRST_CAPACITY 16

/*
 * The calling process's RLIMIT_NOFILE, within what a table can hold:
 * no descriptor at or above it is handed out (as Linux, whichever table
 * the caller works on).
 */
static unsigned int fd_limit(void)
{
	return (unsigned int)MIN(rlimit(RLIMIT_NOFILE), (u64)FDTABLE_MAX_FDS);
}

struct fdtable *fdtable_alloc(void)
{
	struct fdtable *t = kzalloc(sizeof(*t));

	if (!t)
		return NULL;
	spin_lock_init(&t->lock);
	return t;
}

static bool valid_fd(const struct fdtable *t, int fd)
{
	return fd >= 0 && (unsigned int)fd < t->capacity && t->files[fd];
}

#define swap_ptr(a, b)                   \
	do {                             \
		__typeof__(*(a)) __t = *(a); \
		*(a) = *(b);             \
		*(b) = __t;              \
	} while (0)

/* Make room for slot @fd (lock not held: allocation may take time).
 * Returns 0, -EMFILE past the limit, -ENOMEM. */
static int fdtable_grow(struct fdtable *t, unsigned int fd)
{
	unsigned int cap = FDTABLE_FIRST_CAPACITY, old_cap;
	struct file **files;
	u8 *cloexec;

	if (fd >= FDTABLE_MAX_FDS)
		return -EMFILE;
	while (cap <= fd)
		cap *= 2;
	files = kcalloc(cap, sizeof(*files));
	cloexec = kcalloc(cap, 1);
	if (!files || !cloexec) {
		kfree(files);
		kfree(cloexec);
		return -ENOMEM;
	}
	spin_lock(&t->lock);
	old_cap = t->capacity;
	if (old_cap >= cap) {	/* someone else grew it meanwhile */
		spin_unlock(&t->lock);
		kfree(files);
		kfree(cloexec);
		return 0;
	}
	if (old_cap) {
		memcpy(files, t->files, old_cap * sizeof(*files));
		memcpy(cloexec, t->cloexec, old_cap);
	}
	swap_ptr(&t->files, &files);
	swap_ptr(&t->cloexec, &cloexec);
	t->capacity = cap;
	spin_unlock(&t->lock);
	kfree(files);	/* now the old arrays */
	kfree(cloexec);
	return 0;
}

/* Lock held: the lowest free slot at or above @min, or capacity. */
static unsigned int find_free(struct fdtable *t, unsigned int min)
{
	unsigned int fd = MAX(min, t->lowest_free);

	while (fd < t->capacity && t->files[fd])
		fd++;
	return fd;
}

/* Lock held: store @f at @fd (which is free and within capacity). */
static void install_locked(struct fdtable *t, unsigned int fd,
			   struct file *f, bool cloexec)
{
	t->files[fd] = f;
	t->cloexec[fd] = cloexec ? FD_CLOEXEC : 0;
	if (fd == t->lowest_free)
		t->lowest_free = find_free(t, fd + 1);
}

/* Put @f in the lowest free slot >= @min; the caller's reference moves in. */
static int install_from(struct fdtable *t, struct file *f, unsigned int min,
			bool cloexec)
{
	unsigned int limit = fd_limit();

	for (;;) {
		unsigned int fd;
		int err;

		spin_lock(&t->lock);
		fd = find_free(t, min);
		if (fd >= limit) {
			spin_unlock(&t->lock);
			return -EMFILE;
		}
		if (fd < t->capacity) {
			install_locked(t, fd, f, cloexec);
			spin_unlock(&t->lock);
			return (int)fd;
		}
		spin_unlock(&t->lock);
		err = fdtable_grow(t, fd);
		if (err)
			return err;
	}
}

int fd_install(struct fdtable *t, struct file *f, int flags)
{
	return install_from(t, f, 0, flags & O_CLOEXEC);
}

struct file *fd_get(struct fdtable *t, int fd)
{
	struct file *f = ERR_PTR(-EBADF);

	spin_lock(&t->lock);
	if (valid_fd(t, fd))
		f = get_file(t->files[fd]);
	spin_unlock(&t->lock);
	return f;
}

/* Lock held: empty slot @fd, returning its file for the caller to put. */
static struct file *take_locked(struct fdtable *t, int fd)
{
	struct file *f = t->files[fd];

	t->files[fd] = NULL;
	t->cloexec[fd] = 0;
	if ((unsigned int)fd < t->lowest_free)
		t->lowest_free = (unsigned int)fd;
	return f;
}

int fd_close(struct fdtable *t, int fd)
{
	struct file *f = NULL;

	spin_lock(&t->lock);
	if (valid_fd(t, fd))
		f = take_locked(t, fd);
	spin_unlock(&t->lock);
	if (!f)
		return -EBADF;
	fput(f);
	return 0;
}

int fd_dupfd(struct fdtable *t, int oldfd, int minfd, bool cloexec)
{
	struct file *f;
	int fd;

	if (minfd < 0 || (unsigned int)minfd >= fd_limit())
		return -EINVAL;
	f = fd_get(t, oldfd);
	if (IS_ERR(f))
		return (int)PTR_ERR(f);
	fd = install_from(t, f, (unsigned int)minfd, cloexec);
	if (fd < 0)
		fput(f);
	return fd;
}

int fd_dup(struct fdtable *t, int oldfd)
{
	return fd_dupfd(t, oldfd, 0, false);
}

/* newfd now refers to oldfd's file; what it held before is closed. */
static int dup_to(struct fdtable *t, int oldfd, int newfd, bool cloexec)
{
	struct file *f, *old = NULL;
	int err;

	if (newfd < 0 || (unsigned int)newfd >= fd_limit())
		return -EBADF;
	if ((unsigned int)newfd >= t->capacity) {
		err = fdtable_grow(t, (unsigned int)newfd);
		if (err)
			return err == -EMFILE ? -EBADF : err;
	}
	spin_lock(&t->lock);
	if (!valid_fd(t, oldfd)) {
		spin_unlock(&t->lock);
		return -EBADF;
	}
	f = get_file(t->files[oldfd]);
	if (t->files[newfd])
		old = take_locked(t, newfd);
	install_locked(t, (unsigned int)newfd, f, cloexec);
	spin_unlock(&t->lock);
	if (old)
		fput(old);
	return newfd;
}

int fd_dup2(struct fdtable *t, int oldfd, int newfd)
{
	if (oldfd == newfd) {	/* dup2 checks oldfd and does nothing */
		struct file *f = fd_get(t, oldfd);

		if (IS_ERR(f))
			return (int)PTR_ERR(f);
		fput(f);
		return newfd;
	}
	return dup_to(t, oldfd, newfd, false);
}

int fd_dup3(struct fdtable *t, int oldfd, int newfd, int flags)
{
	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	if (oldfd == newfd)
		return -EINVAL;
	return dup_to(t, oldfd, newfd, flags & O_CLOEXEC);
}

int fd_get_flags(struct fdtable *t, int fd)
{
	int ret = -EBADF;

	spin_lock(&t->lock);
	if (valid_fd(t, fd))
		ret = t->cloexec[fd];
	spin_unlock(&t->lock);
	return ret;
}

int fd_set_flags(struct fdtable *t, int fd, int flags)
{
	int ret = -EBADF;

	spin_lock(&t->lock);
	if (valid_fd(t, fd)) {
		t->cloexec[fd] = flags & FD_CLOEXEC;
		ret = 0;
	}
	spin_unlock(&t->lock);
	return ret;
}

/* Close every descriptor (or only the close-on-exec ones), putting the
 * files with the lock dropped. */
static void close_matching(struct fdtable *t, bool only_cloexec)
{
	for (unsigned int fd = 0;; fd++) {
		struct file *f = NULL;

		spin_lock(&t->lock);
		if (fd >= t->capacity) {
			spin_unlock(&t->lock);
			return;
		}
		if (t->files[fd] && (!only_cloexec || t->cloexec[fd]))
			f = take_locked(t, (int)fd);
		spin_unlock(&t->lock);
		if (f)
			fput(f);
	}
}

void fdtable_close_on_exec(struct fdtable *t)
{
	close_matching(t, true);
}

void fdtable_free(struct fdtable *t)
{
	close_matching(t, false);
	kfree(t->files);
	kfree(t->cloexec);
	kfree(t);
}

struct fdtable *fdtable_copy(struct fdtable *t)
{
	struct fdtable *copy = fdtable_alloc();
	unsigned int cap;

	if (!copy)
		return NULL;
	spin_lock(&t->lock);
	cap = t->capacity;
	spin_unlock(&t->lock);
	if (!cap)
		return copy;
	for (;;) {	/* grow the copy unlocked until it holds t's slots */
		if (fdtable_grow(copy, cap - 1)) {
			fdtable_free(copy);
			return NULL;
		}
		spin_lock(&t->lock);
		if (t->capacity <= copy->capacity)
			break;
		cap = t->capacity;
		spin_unlock(&t->lock);
	}
	for (unsigned int fd = 0; fd < t->capacity; fd++) {
		if (!t->files[fd])
			continue;
		copy->files[fd] = get_file(t->files[fd]);
		copy->cloexec[fd] = t->cloexec[fd];
	}
	copy->lowest_free = t->lowest_free;
	spin_unlock(&t->lock);
	return copy;
}

unsigned int fdtable_count(struct fdtable *t)
{
	unsigned int n = 0;

	spin_lock(&t->lock);
	for (unsigned int fd = 0; fd < t->capacity; fd++)
		n += t->files[fd] != NULL;
	spin_unlock(&t->lock);
	return n;
}
