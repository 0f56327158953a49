// SPDX-License-Identifier: GPL-2.0
/*
 * The file-system system calls as a static Linux program sees them:
 * names (mkdir, rmdir, unlink, rename, link, symlink, readlink, mknod
 * and their *at() forms), attributes (chmod, chown, truncate, utimensat,
 * the stat family with statx), directories (getdents64, getcwd, chdir),
 * data at an offset (pread64/pwrite64), sync calls, statfs, pipes and
 * waiting (poll, ppoll, select, pselect6). Each call gets good input and
 * bad input (bad pointers, flags, descriptors, lengths) and must give
 * exactly Linux's results: the suite passes on Linux too (make
 * linux-user-test), where / is a writable rootfs. Everything happens in
 * /utest_fs.tmp, which the last test removes.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#include "ktap.h"

#define T "/utest_fs.tmp"
#define PAGE 4096UL
#define KERNEL_PTR ((void *)0xffffffff81000000UL)

#define RAMFS_MAGIC 0x858458f6
#define TMPFS_MAGIC 0x01021994
#define PIPEFS_MAGIC 0x50495045

#define RENAME_NOREPLACE (1 << 0)
#define RENAME_EXCHANGE (1 << 1)

/* Pointers every call must refuse with EFAULT: NULL, the kernel half,
 * an unmapped user page. */
static void *bad_ptrs[3];

/* The errno of a failed call, 0 for success. */
static int e(long r)
{
	return r == -1 ? errno : 0;
}

/* Every bad pointer from bad_ptrs[first] on as p in CALL gives EFAULT. */
#define EFAULT_FROM(first, call)                                            \
	({                                                                  \
		bool _ok = true;                                            \
		for (int _i = (first); _i < 3; _i++) {                      \
			void *p = bad_ptrs[_i];                             \
			_ok &= e((long)(call)) == EFAULT;                   \
		}                                                           \
		_ok;                                                        \
	})
#define ALL_EFAULT(call) EFAULT_FROM(0, call)
/* For arguments where NULL means something (no timeout, no mask). */
#define NONNULL_EFAULT(call) EFAULT_FROM(1, call)

static void make_bad_pages(void)
{
	char *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p != MAP_FAILED)
		munmap(p, PAGE);
	bad_ptrs[0] = NULL;
	bad_ptrs[1] = KERNEL_PTR;
	bad_ptrs[2] = p == MAP_FAILED ? NULL : p;
}

static int put_file(const char *path, const char *data)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, data, strlen(data));
	close(fd);
	return n == (ssize_t)strlen(data) ? 0 : -1;
}

static struct stat lst(const char *path)
{
	struct stat st;

	if (lstat(path, &st))
		memset(&st, 0, sizeof(st));
	return st;
}

static bool exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

/* Remove a tree (our own unlinkat, getdents64 and rmdir at work). */
static void rm_rf(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *de;
	char sub[512];

	if (lstat(path, &st))
		return;
	if (!S_ISDIR(st.st_mode)) {
		unlink(path);
		return;
	}
	d = opendir(path);
	while (d && (de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name);
		rm_rf(sub);
	}
	if (d)
		closedir(d);
	rmdir(path);
}

static char long_name[300];	/* one component of 256 bytes */
static char long_path[4200];	/* 4096 bytes: over PATH_MAX with its NUL */

static void make_long_names(void)
{
	memcpy(long_name, T "/", sizeof(T));
	memset(long_name + sizeof(T), 'n', 256);
	memset(long_path, 'p', 4096);
	long_path[0] = '/';
}

/* ------------------------------------------------------------------ umask, mkdir */

static void test_umask_mkdir(void)
{
	struct stat st;
	int dfd, ffd;

	umask(022);
	KTAP_EXPECT("umask_returns_old", syscall(SYS_umask, 027) == 022 &&
				 syscall(SYS_umask, 022) == 027);
	KTAP_EXPECT("mkdir", mkdir(T, 0777) == 0 && !stat(T, &st) &&
			     S_ISDIR(st.st_mode) &&
			     (st.st_mode & 07777) == 0755);
	syscall(SYS_umask, 077);
	KTAP_EXPECT("mkdir_umask", mkdir(T "/m", 0777) == 0 &&
				   (lst(T "/m").st_mode & 0777) == 0700);
	syscall(SYS_umask, 022);
	KTAP_EXPECT("mkdir_errors", e(mkdir(T, 0755)) == EEXIST &&
				    e(mkdir(T "/no/sub", 0755)) == ENOENT &&
				    !put_file(T "/f", "data") &&
				    e(mkdir(T "/f/sub", 0755)) == ENOTDIR &&
				    e(mkdir(T "/f", 0755)) == EEXIST &&
				    e(mkdir("", 0755)) == ENOENT &&
				    e(mkdir(T "/.", 0755)) == EEXIST);
	KTAP_EXPECT("mkdir_trailing_slash", mkdir(T "/d2/", 0755) == 0 &&
					    S_ISDIR(lst(T "/d2").st_mode));
	KTAP_EXPECT("mkdir_enametoolong", e(mkdir(long_name, 0755)) ==
						  ENAMETOOLONG &&
					  e(mkdir(long_path, 0755)) ==
						  ENAMETOOLONG);
	KTAP_EXPECT("mkdir_efault", ALL_EFAULT(syscall(SYS_mkdir, p, 0755)));
	dfd = open(T, O_RDONLY | O_DIRECTORY);
	ffd = open(T "/f", O_RDONLY);
	KTAP_EXPECT("mkdirat", mkdirat(dfd, "sub", 0700) == 0 &&
			       (lst(T "/sub").st_mode & 0777) == 0700 &&
			       e(mkdirat(dfd, "sub", 0700)) == EEXIST);
	KTAP_EXPECT("mkdirat_dirfd_errors",
		    e(mkdirat(999, "x", 0755)) == EBADF &&
		    e(mkdirat(ffd, "x", 0755)) == ENOTDIR &&
		    /* an absolute name ignores the dirfd */
		    mkdirat(999, T "/abs", 0755) == 0 &&
		    mkdirat(AT_FDCWD, T "/abs2", 0755) == 0);
	close(ffd);
	close(dfd);
}

/* ------------------------------------------------------------------ rmdir, unlink */

static void test_rmdir_unlink(void)
{
	int dfd = open(T, O_RDONLY | O_DIRECTORY);

	mkdir(T "/r", 0755);
	mkdir(T "/r/in", 0755);
	KTAP_EXPECT("rmdir_errors", e(rmdir(T "/r")) == ENOTEMPTY &&
				    e(rmdir(T "/f")) == ENOTDIR &&
				    e(rmdir(T "/none")) == ENOENT &&
				    e(rmdir(T "/r/in/.")) == EINVAL &&
				    e(rmdir(T "/r/in/..")) == ENOTEMPTY &&
				    e(rmdir("")) == ENOENT &&
				    e(rmdir(long_path)) == ENAMETOOLONG);
	KTAP_EXPECT("rmdir", rmdir(T "/r/in") == 0 && rmdir(T "/r/") == 0 &&
			     !exists(T "/r"));
	KTAP_EXPECT("rmdir_efault", ALL_EFAULT(syscall(SYS_rmdir, p)));
	put_file(T "/u", "x");
	KTAP_EXPECT("unlink", unlink(T "/u") == 0 && !exists(T "/u"));
	put_file(T "/u", "x");
	KTAP_EXPECT("unlink_errors", e(unlink(T "/u")) == 0 &&
				     e(unlink(T "/u")) == ENOENT &&
				     e(unlink(T "/d2")) == EISDIR &&
				     e(unlink(T "/f/")) == ENOTDIR &&
				     e(unlink(T "/f/x")) == ENOTDIR &&
				     e(unlink(long_name)) == ENAMETOOLONG);
	KTAP_EXPECT("unlink_efault", ALL_EFAULT(syscall(SYS_unlink, p)));
	put_file(T "/u", "x");
	mkdir(T "/ud", 0755);
	KTAP_EXPECT("unlinkat", unlinkat(dfd, "u", 0) == 0 &&
				unlinkat(dfd, "ud", AT_REMOVEDIR) == 0 &&
				!exists(T "/u") && !exists(T "/ud"));
	put_file(T "/u", "x");
	mkdir(T "/ud", 0755);
	KTAP_EXPECT("unlinkat_errors",
		    e(unlinkat(dfd, "u", AT_SYMLINK_NOFOLLOW)) == EINVAL &&
		    e(unlinkat(dfd, "ud", 0)) == EISDIR &&
		    e(unlinkat(dfd, "u", AT_REMOVEDIR)) == ENOTDIR &&
		    e(unlinkat(999, "u", 0)) == EBADF &&
		    /* the flags are checked before the name */
		    e(syscall(SYS_unlinkat, dfd, NULL, 0x8000)) == EINVAL &&
		    ALL_EFAULT(syscall(SYS_unlinkat, dfd, p, 0)));
	unlink(T "/u");
	rmdir(T "/ud");
	close(dfd);
}

/* ------------------------------------------------------------------ rename */

/* A writable directory on another mount than T, for EXDEV. */
static const char *other_mount(bool *mounted)
{
	struct stat root, dev;

	*mounted = false;
	if (!stat("/", &root) && !stat("/dev", &dev) &&
	    root.st_dev != dev.st_dev)
		return "/dev";	/* Mosaic: devtmpfs */
	mkdir(T "/mnt", 0755);
	if (mount("utest", T "/mnt", "tmpfs", 0, NULL))
		return NULL;
	*mounted = true;	/* Linux: / and /dev are one rootfs */
	return T "/mnt";
}

static void test_rename(void)
{
	int dfd = open(T, O_RDONLY | O_DIRECTORY);
	char other[64];
	bool mounted;
	const char *om = other_mount(&mounted);
	ino_t ino;

	put_file(T "/a", "A");
	ino = lst(T "/a").st_ino;
	KTAP_EXPECT("rename", rename(T "/a", T "/b") == 0 && !exists(T "/a") &&
			      lst(T "/b").st_ino == ino);
	put_file(T "/c", "C");
	KTAP_EXPECT("rename_replaces", rename(T "/c", T "/b") == 0 &&
				       !exists(T "/c") &&
				       lst(T "/b").st_size == 1 &&
				       lst(T "/b").st_ino != ino);
	mkdir(T "/rd", 0755);
	mkdir(T "/rd/in", 0755);
	mkdir(T "/re", 0755);
	KTAP_EXPECT("rename_errors",
		    e(rename(T "/rd", T "/rd/in/x")) == EINVAL &&
		    e(rename(T "/re", T "/rd")) == ENOTEMPTY &&
		    e(rename(T "/rd", T "/b")) == ENOTDIR &&
		    e(rename(T "/b", T "/re")) == EISDIR &&
		    e(rename(T "/none", T "/x")) == ENOENT &&
		    e(rename(T "/b/", T "/x")) == ENOTDIR &&
		    e(rename(T "/.", T "/x")) == EBUSY &&
		    e(rename(T "/b", long_name)) == ENAMETOOLONG);
	KTAP_EXPECT("rename_efault",
		    ALL_EFAULT(syscall(SYS_rename, p, T "/b")) &&
		    ALL_EFAULT(syscall(SYS_rename, T "/b", p)) &&
		    exists(T "/b"));
	KTAP_EXPECT("renameat", renameat(dfd, "b", dfd, "b2") == 0 &&
				exists(T "/b2") &&
				renameat(dfd, "b2", AT_FDCWD, T "/b") == 0 &&
				e(renameat(999, "b", dfd, "x")) == EBADF);
	snprintf(other, sizeof(other), "%s/utest_fs.x", om ? om : "/");
	KTAP_EXPECT("rename_exdev", om && e(rename(T "/b", other)) == EXDEV &&
				    e(link(T "/b", other)) == EXDEV &&
				    !exists(other));
	if (mounted)
		umount2(T "/mnt", 0);
	rmdir(T "/mnt");
	put_file(T "/c", "C");
	KTAP_EXPECT("renameat2_noreplace",
		    e(syscall(SYS_renameat2, dfd, "c", dfd, "b",
			      RENAME_NOREPLACE)) == EEXIST &&
		    syscall(SYS_renameat2, dfd, "c", dfd, "c2",
			    RENAME_NOREPLACE) == 0 &&
		    exists(T "/c2") && !exists(T "/c"));
	rmdir(T "/re");
	close(dfd);
}

static void test_rename_exchange(void)
{
	int dfd = open(T, O_RDONLY | O_DIRECTORY);
	ino_t b = lst(T "/b").st_ino, c2 = lst(T "/c2").st_ino;
	ino_t sub, file, xb;

	KTAP_EXPECT("renameat2_exchange_files",
		    syscall(SYS_renameat2, dfd, "b", dfd, "c2",
			    RENAME_EXCHANGE) == 0 &&
		    lst(T "/b").st_ino == c2 && lst(T "/c2").st_ino == b);
	/* A directory and a file trade parents: the ".." links move. */
	mkdir(T "/xa", 0755);
	mkdir(T "/xa/sub", 0755);
	mkdir(T "/xb", 0755);
	put_file(T "/xb/file", "f");
	sub = lst(T "/xa/sub").st_ino;
	file = lst(T "/xb/file").st_ino;
	xb = lst(T "/xb").st_ino;
	KTAP_EXPECT("renameat2_exchange_dir_and_file",
		    lst(T "/xa").st_nlink == 3 && lst(T "/xb").st_nlink == 2 &&
		    syscall(SYS_renameat2, AT_FDCWD, T "/xa/sub", AT_FDCWD,
			    T "/xb/file", RENAME_EXCHANGE) == 0 &&
		    lst(T "/xa/sub").st_ino == file &&
		    lst(T "/xb/file").st_ino == sub &&
		    S_ISDIR(lst(T "/xb/file").st_mode) &&
		    lst(T "/xb/file/..").st_ino == xb &&
		    lst(T "/xa").st_nlink == 2 && lst(T "/xb").st_nlink == 3);
	KTAP_EXPECT("renameat2_errors",
		    e(syscall(SYS_renameat2, dfd, "b", dfd, "none",
			      RENAME_EXCHANGE)) == ENOENT &&
		    e(syscall(SYS_renameat2, dfd, "b", dfd, "c2",
			      RENAME_EXCHANGE | RENAME_NOREPLACE)) == EINVAL &&
		    e(syscall(SYS_renameat2, dfd, "b", dfd, "c2", 8)) ==
			    EINVAL &&
		    e(syscall(SYS_renameat2, dfd, "xb", dfd, "xb/file",
			      RENAME_EXCHANGE)) == EINVAL &&
		    e(syscall(SYS_renameat2, dfd, "xb/file", dfd, "xb",
			      RENAME_EXCHANGE)) == EINVAL &&
		    /* flags come before the names */
		    e(syscall(SYS_renameat2, dfd, NULL, dfd, NULL, 8)) ==
			    EINVAL);
	rm_rf(T "/xa");
	rm_rf(T "/xb");
	close(dfd);
}

/* ------------------------------------------------------------------ link, symlink */

static void test_links(void)
{
	int dfd = open(T, O_RDONLY | O_DIRECTORY), fd;
	struct stat st;

	KTAP_EXPECT("link", link(T "/b", T "/hard") == 0 &&
			    lst(T "/hard").st_ino == lst(T "/b").st_ino &&
			    lst(T "/b").st_nlink == 2);
	KTAP_EXPECT("link_errors", e(link(T "/b", T "/hard")) == EEXIST &&
				   e(link(T "/d2", T "/dl")) == EPERM &&
				   e(link(T "/none", T "/x")) == ENOENT &&
				   e(link(T "/b", T "/none/x")) == ENOENT &&
				   e(link(T "/b", long_name)) == ENAMETOOLONG);
	KTAP_EXPECT("link_efault",
		    ALL_EFAULT(syscall(SYS_link, p, T "/x")) &&
		    ALL_EFAULT(syscall(SYS_link, T "/b", p)));
	KTAP_EXPECT("symlink", symlink("b", T "/sl") == 0 &&
			       S_ISLNK(lst(T "/sl").st_mode) &&
			       lst(T "/sl").st_size == 1 &&
			       !stat(T "/sl", &st) &&
			       st.st_ino == lst(T "/b").st_ino);
	KTAP_EXPECT("symlink_errors",
		    e(symlink("x", T "/b")) == EEXIST &&
		    e(symlink("", T "/empty")) == ENOENT &&
		    e(symlink("x", T "/none/l")) == ENOENT &&
		    e(symlink(long_path, T "/l")) == ENAMETOOLONG &&
		    ALL_EFAULT(syscall(SYS_symlink, p, T "/l")) &&
		    ALL_EFAULT(syscall(SYS_symlink, "x", p)));
	KTAP_EXPECT("symlink_dangling",
		    symlinkat("nowhere", dfd, "dang") == 0 &&
		    e(stat(T "/dang", &st)) == ENOENT &&
		    S_ISLNK(lst(T "/dang").st_mode));
	KTAP_EXPECT("linkat_follow",
		    linkat(dfd, "sl", dfd, "hl_nofollow", 0) == 0 &&
		    S_ISLNK(lst(T "/hl_nofollow").st_mode) &&
		    linkat(dfd, "sl", dfd, "hl_follow", AT_SYMLINK_FOLLOW) ==
			    0 &&
		    lst(T "/hl_follow").st_ino == lst(T "/b").st_ino);
	fd = open(T "/b", O_RDONLY);
	KTAP_EXPECT("linkat_empty_path",
		    linkat(fd, "", AT_FDCWD, T "/hl_empty", AT_EMPTY_PATH) ==
			    0 &&
		    lst(T "/hl_empty").st_ino == lst(T "/b").st_ino &&
		    e(linkat(fd, "", AT_FDCWD, T "/x", 0)) == ENOENT &&
		    e(linkat(dfd, "", AT_FDCWD, T "/x", AT_EMPTY_PATH)) ==
			    EPERM);
	KTAP_EXPECT("linkat_errors",
		    e(linkat(dfd, "b", dfd, "x", 0x1)) == EINVAL &&
		    e(linkat(999, "b", dfd, "x", 0)) == EBADF &&
		    e(linkat(dfd, "b", 999, "x", 0)) == EBADF &&
		    e(syscall(SYS_linkat, dfd, NULL, dfd, NULL, 0x1)) ==
			    EINVAL);
	close(fd);
	close(dfd);
}

static void test_readlink(void)
{
	int dfd = open(T, O_RDONLY | O_DIRECTORY);
	int lfd = open(T "/sl", O_PATH | O_NOFOLLOW);
	char buf[64];

	memset(buf, '#', sizeof(buf));
	KTAP_EXPECT("readlink", readlink(T "/dang", buf, sizeof(buf)) == 7 &&
				!memcmp(buf, "nowhere#", 8));
	KTAP_EXPECT("readlink_truncates",
		    readlink(T "/dang", buf, 3) == 3 &&
		    !memcmp(buf, "now", 3));
	KTAP_EXPECT("readlink_errors",
		    e(readlink(T "/b", buf, sizeof(buf))) == EINVAL &&
		    e(readlink(T "/none", buf, sizeof(buf))) == ENOENT &&
		    e(syscall(SYS_readlink, T "/dang", buf, 0)) == EINVAL &&
		    e(syscall(SYS_readlink, T "/dang", buf, -1)) == EINVAL &&
		    /* the size is checked before the name */
		    e(syscall(SYS_readlink, NULL, buf, 0)) == EINVAL &&
		    e(readlink("", buf, sizeof(buf))) == ENOENT);
	KTAP_EXPECT("readlink_efault",
		    ALL_EFAULT(syscall(SYS_readlink, T "/dang", p, 64)) &&
		    ALL_EFAULT(syscall(SYS_readlink, p, buf, 64)));
	KTAP_EXPECT("readlinkat", readlinkat(dfd, "dang", buf, 64) == 7 &&
				  e(readlinkat(999, "dang", buf, 64)) ==
					  EBADF);
	/* An empty name reads the link the descriptor is (no flag needed). */
	KTAP_EXPECT("readlinkat_empty_name",
		    lfd >= 0 && readlinkat(lfd, "", buf, 64) == 1 &&
		    buf[0] == 'b' &&
		    e(readlinkat(dfd, "", buf, 64)) == ENOENT &&
		    e(readlinkat(AT_FDCWD, "", buf, 64)) == ENOENT);
	close(lfd);
	close(dfd);
}

/* ------------------------------------------------------------------ mknod */

static void test_mknod(void)
{
	int dfd = open(T, O_RDONLY | O_DIRECTORY);
	struct stat st;

	KTAP_EXPECT("mknod_fifo", mknod(T "/fifo", S_IFIFO | 0640, 0) == 0 &&
				  S_ISFIFO(lst(T "/fifo").st_mode) &&
				  (lst(T "/fifo").st_mode & 0777) == 0640);
	KTAP_EXPECT("mknod_regular", mknod(T "/reg", 0600, 0) == 0 &&
				     S_ISREG(lst(T "/reg").st_mode) &&
				     lst(T "/reg").st_size == 0);
	KTAP_EXPECT("mknodat_chr",
		    mknodat(dfd, "null", S_IFCHR | 0666, makedev(1, 3)) == 0 &&
		    (st = lst(T "/null"), S_ISCHR(st.st_mode)) &&
		    major(st.st_rdev) == 1 && minor(st.st_rdev) == 3);
	KTAP_EXPECT("mknod_errors",
		    e(mknod(T "/d", S_IFDIR | 0755, 0)) == EPERM &&
		    e(mknod(T "/x", S_IFMT | 0644, 0)) == EINVAL &&
		    e(mknod(T "/fifo", S_IFIFO | 0644, 0)) == EEXIST &&
		    e(mknod(T "/none/x", S_IFIFO | 0644, 0)) == ENOENT &&
		    e(mknodat(999, "x", S_IFIFO, 0)) == EBADF &&
		    /* the type is checked before the name */
		    e(syscall(SYS_mknod, NULL, S_IFMT | 0644, 0)) == EINVAL &&
		    ALL_EFAULT(syscall(SYS_mknod, p, S_IFIFO | 0644, 0)));
	close(dfd);
}

/* ------------------------------------------------------------------ chmod, chown */

static void test_chmod(void)
{
	int dfd = open(T, O_RDONLY | O_DIRECTORY);
	int fd = open(T "/b", O_RDONLY), pfd = open(T "/b", O_PATH);

	KTAP_EXPECT("chmod", chmod(T "/b", 0640) == 0 &&
			     (lst(T "/b").st_mode & 07777) == 0640 &&
			     S_ISREG(lst(T "/b").st_mode));
	KTAP_EXPECT("chmod_special_bits",
		    chmod(T "/b", 06755) == 0 &&
		    (lst(T "/b").st_mode & 07777) == 06755 &&
		    /* the type bits of the argument are ignored */
		    chmod(T "/b", S_IFDIR | 0644) == 0 &&
		    lst(T "/b").st_mode == (S_IFREG | 0644));
	KTAP_EXPECT("chmod_follows_symlink",
		    chmod(T "/sl", 0600) == 0 &&
		    (lst(T "/b").st_mode & 0777) == 0600 &&
		    (lst(T "/sl").st_mode & 0777) == 0777);
	/* Raw calls: musl retries EBADF through /proc/self/fd. */
	KTAP_EXPECT("fchmod", syscall(SYS_fchmod, fd, 0604) == 0 &&
			      (lst(T "/b").st_mode & 0777) == 0604 &&
			      e(syscall(SYS_fchmod, pfd, 0600)) == EBADF &&
			      e(syscall(SYS_fchmod, 999, 0600)) == EBADF);
	KTAP_EXPECT("fchmodat", syscall(SYS_fchmodat, dfd, "b", 0644) == 0 &&
				(lst(T "/b").st_mode & 0777) == 0644 &&
				e(syscall(SYS_fchmodat, 999, "b", 0644)) ==
					EBADF);
	KTAP_EXPECT("chmod_errors",
		    e(chmod(T "/none", 0644)) == ENOENT &&
		    e(chmod(T "/b/x", 0644)) == ENOTDIR &&
		    e(chmod(T "/dang", 0644)) == ENOENT &&
		    ALL_EFAULT(syscall(SYS_chmod, p, 0644)));
	close(pfd);
	close(fd);
	close(dfd);
}

static void test_chown(void)
{
	int dfd = open(T, O_RDONLY | O_DIRECTORY);
	int fd = open(T "/b", O_RDONLY), pfd = open(T "/b", O_PATH);
	struct stat st;

	KTAP_EXPECT("chown", chown(T "/b", 1000, 1001) == 0 &&
			     (st = lst(T "/b"), st.st_uid == 1000) &&
			     st.st_gid == 1001);
	KTAP_EXPECT("chown_minus_one_keeps",
		    chown(T "/b", -1, 2000) == 0 &&
		    (st = lst(T "/b"), st.st_uid == 1000) &&
		    st.st_gid == 2000 &&
		    chown(T "/b", 3000, -1) == 0 &&
		    (st = lst(T "/b"), st.st_uid == 3000) &&
		    st.st_gid == 2000);
	KTAP_EXPECT("lchown_symlink_itself",
		    lchown(T "/sl", 7, 8) == 0 && lst(T "/sl").st_uid == 7 &&
		    lst(T "/sl").st_gid == 8 && lst(T "/b").st_uid == 3000);
	KTAP_EXPECT("chown_follows_symlink",
		    chown(T "/sl", 9, 9) == 0 && lst(T "/b").st_uid == 9 &&
		    lst(T "/sl").st_uid == 7);
	KTAP_EXPECT("fchown", syscall(SYS_fchown, fd, 10, 11) == 0 &&
			      lst(T "/b").st_gid == 11 &&
			      e(syscall(SYS_fchown, pfd, 0, 0)) == EBADF &&
			      e(syscall(SYS_fchown, 999, 0, 0)) == EBADF);
	KTAP_EXPECT("fchownat", fchownat(dfd, "sl", 12, 12,
					 AT_SYMLINK_NOFOLLOW) == 0 &&
				lst(T "/sl").st_uid == 12 &&
				lst(T "/b").st_uid == 10 &&
				fchownat(dfd, "sl", 13, 13, 0) == 0 &&
				lst(T "/b").st_uid == 13);
	KTAP_EXPECT("fchownat_empty_path",
		    fchownat(pfd, "", 14, 14, AT_EMPTY_PATH) == 0 &&
		    lst(T "/b").st_uid == 14 &&
		    e(fchownat(pfd, "", 0, 0, 0)) == ENOENT);
	KTAP_EXPECT("chown_errors",
		    e(fchownat(dfd, "b", 0, 0, 0x1)) == EINVAL &&
		    e(syscall(SYS_fchownat, dfd, NULL, 0, 0, 0x1)) == EINVAL &&
		    e(chown(T "/none", 0, 0)) == ENOENT &&
		    e(lchown(T "/b/", 0, 0)) == ENOTDIR &&
		    ALL_EFAULT(syscall(SYS_chown, p, 0, 0)) &&
		    ALL_EFAULT(syscall(SYS_lchown, p, 0, 0)));
	/* Even root's chown drops set-user-ID and (with group execute)
	 * set-group-ID from a file, as Linux does. */
	KTAP_EXPECT("chown_clears_setid",
		    chmod(T "/b", 06755) == 0 && chown(T "/b", 0, 0) == 0 &&
		    (lst(T "/b").st_mode & 07777) == 0755);
	chmod(T "/b", 0644);
	close(pfd);
	close(fd);
	close(dfd);
}

/* ------------------------------------------------------------------ truncate, data */

static void test_truncate(void)
{
	int fd = open(T "/b", O_RDWR), rfd = open(T "/b", O_RDONLY);
	int afd = open(T "/b", O_WRONLY | O_APPEND);
	int dfd = open(T, O_RDONLY | O_DIRECTORY), pfd = open(T "/b", O_PATH);
	int pp[2] = { -1, -1 };
	char buf[8] = "xxxxxxx";

	KTAP_EXPECT("truncate_grows", truncate(T "/b", 100) == 0 &&
				      lst(T "/b").st_size == 100 &&
				      pread(fd, buf, 4, 96) == 4 &&
				      !memcmp(buf, "\0\0\0\0", 4));
	KTAP_EXPECT("truncate_shrinks", truncate(T "/sl", 3) == 0 &&
					lst(T "/b").st_size == 3);
	KTAP_EXPECT("truncate_errors",
		    e(truncate(T "/b", -1)) == EINVAL &&
		    e(truncate(T "/d2", 0)) == EISDIR &&
		    e(truncate(T "/none", 0)) == ENOENT &&
		    e(truncate(T "/b/", 0)) == ENOTDIR &&
		    /* the length is checked before the name */
		    e(syscall(SYS_truncate, NULL, -1L)) == EINVAL &&
		    ALL_EFAULT(syscall(SYS_truncate, p, 0L)));
	pipe(pp);
	KTAP_EXPECT("ftruncate", ftruncate(fd, 10) == 0 &&
				 lst(T "/b").st_size == 10 &&
				 ftruncate(afd, 5) == 0 &&
				 lst(T "/b").st_size == 5);
	KTAP_EXPECT("ftruncate_errors",
		    e(ftruncate(rfd, 0)) == EINVAL &&
		    e(ftruncate(fd, -1)) == EINVAL &&
		    e(ftruncate(dfd, 0)) == EINVAL &&
		    e(ftruncate(pp[1], 0)) == EINVAL &&
		    e(ftruncate(pfd, 0)) == EBADF &&
		    e(ftruncate(999, 0)) == EBADF &&
		    e(ftruncate(999, -1)) == EINVAL);
	close(pp[0]);
	close(pp[1]);
	close(pfd);
	close(dfd);
	close(afd);
	close(rfd);
	close(fd);
}

static void test_pread_pwrite(void)
{
	int fd = open(T "/pw", O_RDWR | O_CREAT | O_TRUNC, 0644);
	int wfd = open(T "/pw", O_WRONLY), afd = open(T "/pw", O_WRONLY | O_APPEND);
	int dfd = open(T, O_RDONLY | O_DIRECTORY), pfd = open(T "/pw", O_PATH);
	int pp[2] = { -1, -1 };
	char buf[16] = { 0 };

	pipe(pp);
	KTAP_EXPECT("pwrite64", pwrite(fd, "xyz", 3, 10) == 3 &&
				lst(T "/pw").st_size == 13 &&
				lseek(fd, 0, SEEK_CUR) == 0);
	KTAP_EXPECT("pread64", pread(fd, buf, 3, 10) == 3 &&
			       !memcmp(buf, "xyz", 3) &&
			       lseek(fd, 0, SEEK_CUR) == 0 &&
			       pread(fd, buf, 4, 0) == 4 &&
			       !memcmp(buf, "\0\0\0\0", 4) &&
			       pread(fd, buf, 8, 12) == 1 &&
			       pread(fd, buf, 8, 13) == 0 &&
			       pread(fd, buf, 8, 1 << 20) == 0);
	/* Linux's documented quirk: O_APPEND wins over the offset. */
	KTAP_EXPECT("pwrite64_append", pwrite(afd, "A", 1, 0) == 1 &&
				       lst(T "/pw").st_size == 14 &&
				       pread(fd, buf, 1, 13) == 1 &&
				       buf[0] == 'A');
	KTAP_EXPECT("pread64_errors",
		    e(pread(fd, buf, 1, -1)) == EINVAL &&
		    e(pread(999, buf, 1, -1)) == EINVAL &&
		    e(pread(999, buf, 1, 0)) == EBADF &&
		    e(pread(wfd, buf, 1, 0)) == EBADF &&
		    e(pread(pfd, buf, 1, 0)) == EBADF &&
		    e(pread(dfd, buf, 1, 0)) == EISDIR &&
		    e(pread(pp[0], buf, 1, 0)) == ESPIPE &&
		    /* a pipe is ESPIPE whatever its access mode */
		    e(pread(pp[1], buf, 1, 0)) == ESPIPE &&
		    ALL_EFAULT(syscall(SYS_pread64, fd, p, 1, 0)));
	KTAP_EXPECT("pwrite64_errors",
		    e(pwrite(fd, "a", 1, -5)) == EINVAL &&
		    e(pwrite(dfd, "a", 1, 0)) == EBADF &&
		    e(pwrite(pp[1], "a", 1, 0)) == ESPIPE &&
		    ALL_EFAULT(syscall(SYS_pwrite64, fd, p, 1, 0)) &&
		    lst(T "/pw").st_size == 14);
	close(pp[0]);
	close(pp[1]);
	close(pfd);
	close(dfd);
	close(afd);
	close(wfd);
	close(fd);
}

/* ------------------------------------------------------------------ sync, statfs */

static void test_sync_statfs(void)
{
	int fd = open(T "/b", O_RDWR), dfd = open(T, O_RDONLY | O_DIRECTORY);
	int pfd = open(T, O_PATH);
	int pp[2] = { -1, -1 };
	struct statfs sf, sf2;

	pipe(pp);
	KTAP_EXPECT("sync", syscall(SYS_sync) == 0);
	KTAP_EXPECT("fsync", fsync(fd) == 0 && fdatasync(fd) == 0 &&
			     fsync(dfd) == 0 && fdatasync(dfd) == 0);
	KTAP_EXPECT("fsync_errors", e(fsync(pp[0])) == EINVAL &&
				    e(fdatasync(pp[1])) == EINVAL &&
				    e(fsync(pfd)) == EBADF &&
				    e(fsync(999)) == EBADF &&
				    e(fdatasync(999)) == EBADF);
	KTAP_EXPECT("statfs", statfs(T, &sf) == 0 &&
			      (sf.f_type == TMPFS_MAGIC ||
			       sf.f_type == RAMFS_MAGIC) &&
			      sf.f_bsize == 4096 && sf.f_namelen == 255);
	KTAP_EXPECT("fstatfs", fstatfs(fd, &sf2) == 0 &&
			       sf2.f_type == sf.f_type &&
			       fstatfs(pfd, &sf2) == 0 &&
			       sf2.f_type == sf.f_type &&
			       fstatfs(pp[0], &sf2) == 0 &&
			       sf2.f_type == PIPEFS_MAGIC);
	KTAP_EXPECT("statfs_errors",
		    e(statfs(T "/none", &sf)) == ENOENT &&
		    e(statfs("", &sf)) == ENOENT &&
		    e(fstatfs(999, &sf)) == EBADF &&
		    ALL_EFAULT(syscall(SYS_statfs, p, &sf)) &&
		    ALL_EFAULT(syscall(SYS_statfs, T, p)) &&
		    ALL_EFAULT(syscall(SYS_fstatfs, fd, p)));
	close(pp[0]);
	close(pp[1]);
	close(pfd);
	close(dfd);
	close(fd);
}

/* ------------------------------------------------------------------ stat, statx */

struct statx_ts {
	int64_t tv_sec;
	uint32_t tv_nsec;
	int32_t reserved;
};

/* Linux's struct statx, which musl does not declare. */
struct kstatx {
	uint32_t mask, blksize;
	uint64_t attributes;
	uint32_t nlink, uid, gid;
	uint16_t mode, spare0;
	uint64_t ino, size, blocks, attributes_mask;
	struct statx_ts atime, btime, ctime, mtime;
	uint32_t rdev_major, rdev_minor, dev_major, dev_minor;
	uint64_t mnt_id;
	uint32_t dio_mem_align, dio_offset_align;
	uint64_t spare3[12];
};
_Static_assert(sizeof(struct kstatx) == 256, "struct statx is 256 bytes");

#define STATX_BASIC_STATS 0x7ffU
#define STATX_RESERVED 0x80000000U
#define STATX_FORCE_SYNC 0x2000
#define STATX_DONT_SYNC 0x4000

static long kstatx(int dirfd, const char *path, int flags, struct kstatx *sx)
{
	memset(sx, 0, sizeof(*sx));
	return syscall(SYS_statx, dirfd, path, flags, STATX_BASIC_STATS, sx);
}

static bool statx_matches(const struct kstatx *sx, const struct stat *st)
{
	return (sx->mask & STATX_BASIC_STATS) == STATX_BASIC_STATS &&
	       sx->ino == st->st_ino && sx->mode == st->st_mode &&
	       sx->nlink == st->st_nlink && sx->uid == st->st_uid &&
	       sx->gid == st->st_gid && sx->size == (uint64_t)st->st_size &&
	       sx->blocks == (uint64_t)st->st_blocks &&
	       sx->blksize == st->st_blksize &&
	       sx->mtime.tv_sec == st->st_mtim.tv_sec &&
	       sx->mtime.tv_nsec == st->st_mtim.tv_nsec &&
	       sx->ctime.tv_sec == st->st_ctim.tv_sec &&
	       sx->atime.tv_sec == st->st_atim.tv_sec &&
	       sx->dev_major == major(st->st_dev) &&
	       sx->dev_minor == minor(st->st_dev) &&
	       sx->rdev_major == major(st->st_rdev) &&
	       sx->rdev_minor == minor(st->st_rdev);
}

static long sys_fstatat(int dirfd, const char *path, struct stat *st,
			int flags)
{
	return syscall(SYS_newfstatat, dirfd, path, st, flags);
}

static void test_stat_statx(void)
{
	int fd = open(T "/b", O_RDONLY), pfd = open(T "/sl", O_PATH | O_NOFOLLOW);
	struct stat st, st2;
	struct kstatx sx;

	/* Raw newfstatat: musl turns fstatat(fd, "", AT_EMPTY_PATH) into
	 * fstat. */
	KTAP_EXPECT("fstatat_empty_path",
		    !fstat(fd, &st) && !sys_fstatat(fd, "", &st2, AT_EMPTY_PATH) &&
		    st.st_ino == st2.st_ino &&
		    !sys_fstatat(pfd, "", &st2, AT_EMPTY_PATH) &&
		    S_ISLNK(st2.st_mode) &&
		    !sys_fstatat(AT_FDCWD, "", &st2, AT_EMPTY_PATH) &&
		    S_ISDIR(st2.st_mode) &&
		    e(sys_fstatat(fd, "", &st2, 0)) == ENOENT &&
		    e(sys_fstatat(999, "", &st2, AT_EMPTY_PATH)) == EBADF &&
		    !sys_fstatat(AT_FDCWD, T, &st2, AT_NO_AUTOMOUNT) &&
		    e(sys_fstatat(AT_FDCWD, T, &st2, 0x1)) == EINVAL &&
		    ALL_EFAULT(sys_fstatat(AT_FDCWD, T, p, 0)) &&
		    ALL_EFAULT(sys_fstatat(AT_FDCWD, p, &st2, 0)));
	stat(T "/b", &st);
	KTAP_EXPECT("statx", kstatx(AT_FDCWD, T "/b", 0, &sx) == 0 &&
			     statx_matches(&sx, &st));
	lstat(T "/sl", &st);
	KTAP_EXPECT("statx_nofollow",
		    kstatx(AT_FDCWD, T "/sl", AT_SYMLINK_NOFOLLOW, &sx) == 0 &&
		    statx_matches(&sx, &st) && S_ISLNK(sx.mode));
	KTAP_EXPECT("statx_empty_path",
		    kstatx(pfd, "", AT_EMPTY_PATH, &sx) == 0 &&
		    statx_matches(&sx, &st) &&
		    e(kstatx(pfd, "", 0, &sx)) == ENOENT);
	KTAP_EXPECT("statx_device",
		    !stat("/dev/console", &st) &&
		    kstatx(AT_FDCWD, "/dev/console", 0, &sx) == 0 &&
		    statx_matches(&sx, &st) && sx.rdev_major == 5 &&
		    sx.rdev_minor == 1);
	KTAP_EXPECT("statx_errors",
		    e(kstatx(AT_FDCWD, T "/b", 0x1, &sx)) == EINVAL &&
		    e(kstatx(AT_FDCWD, T "/b",
			     STATX_FORCE_SYNC | STATX_DONT_SYNC, &sx)) ==
			    EINVAL &&
		    e(syscall(SYS_statx, AT_FDCWD, T "/b", 0, STATX_RESERVED,
			      &sx)) == EINVAL &&
		    e(kstatx(AT_FDCWD, T "/none", 0, &sx)) == ENOENT &&
		    e(kstatx(999, "b", 0, &sx)) == EBADF &&
		    /* flags before the name */
		    e(kstatx(AT_FDCWD, NULL, 0x1, &sx)) == EINVAL &&
		    ALL_EFAULT(syscall(SYS_statx, AT_FDCWD, p, 0,
				       STATX_BASIC_STATS, &sx)) &&
		    ALL_EFAULT(syscall(SYS_statx, AT_FDCWD, T "/b", 0,
				       STATX_BASIC_STATS, p)));
	close(pfd);
	close(fd);
}

/* ------------------------------------------------------------------ utimensat */

static bool times_are(const char *path, long as, long an, long ms, long mn)
{
	struct stat st = lst(path);

	return st.st_atim.tv_sec == as && st.st_atim.tv_nsec == an &&
	       st.st_mtim.tv_sec == ms && st.st_mtim.tv_nsec == mn;
}

static void test_utimensat(void)
{
	struct timespec t[2] = { { 1000, 500 }, { 2000, 600 } };
	struct timespec omit_now[2] = { { 0, UTIME_OMIT }, { 0, UTIME_NOW } };
	struct timespec omit2[2] = { { 0, UTIME_OMIT }, { 0, UTIME_OMIT } };
	struct timespec bad[2] = { { 0, 1000000000 }, { 0, 0 } };
	struct timespec neg[2] = { { 0, -1 }, { 0, 0 } };
	int fd = open(T "/b", O_RDONLY), pfd = open(T "/b", O_PATH);
	struct stat st;

	KTAP_EXPECT("utimensat", utimensat(AT_FDCWD, T "/b", t, 0) == 0 &&
				 times_are(T "/b", 1000, 500, 2000, 600));
	KTAP_EXPECT("utimensat_omit_now",
		    utimensat(AT_FDCWD, T "/b", omit_now, 0) == 0 &&
		    (st = lst(T "/b"), st.st_atim.tv_sec == 1000) &&
		    st.st_atim.tv_nsec == 500 &&
		    st.st_mtim.tv_sec == st.st_ctim.tv_sec &&
		    st.st_mtim.tv_nsec == st.st_ctim.tv_nsec);
	KTAP_EXPECT("utimensat_null_is_now",
		    utimensat(AT_FDCWD, T "/b", NULL, 0) == 0 &&
		    (st = lst(T "/b"), st.st_atim.tv_sec == st.st_ctim.tv_sec) &&
		    st.st_atim.tv_nsec == st.st_ctim.tv_nsec &&
		    st.st_mtim.tv_nsec == st.st_ctim.tv_nsec);
	KTAP_EXPECT("utimensat_nofollow",
		    utimensat(AT_FDCWD, T "/sl", t, AT_SYMLINK_NOFOLLOW) == 0 &&
		    times_are(T "/sl", 1000, 500, 2000, 600) &&
		    !times_are(T "/b", 1000, 500, 2000, 600));
	/* futimens(): a descriptor and no name. */
	KTAP_EXPECT("utimensat_fd", utimensat(fd, NULL, t, 0) == 0 &&
				    times_are(T "/b", 1000, 500, 2000, 600) &&
				    e(utimensat(pfd, NULL, t, 0)) == EBADF &&
				    e(utimensat(fd, NULL, t,
						AT_SYMLINK_NOFOLLOW)) ==
					    EINVAL &&
				    utimensat(pfd, "", NULL, AT_EMPTY_PATH) == 0);
	KTAP_EXPECT("utimensat_errors",
		    e(utimensat(AT_FDCWD, T "/b", bad, 0)) == EINVAL &&
		    e(utimensat(AT_FDCWD, T "/b", neg, 0)) == EINVAL &&
		    e(utimensat(AT_FDCWD, T "/b", t, 0x1)) == EINVAL &&
		    e(utimensat(AT_FDCWD, T "/none", t, 0)) == ENOENT &&
		    e(utimensat(999, NULL, t, 0)) == EBADF &&
		    e(syscall(SYS_utimensat, AT_FDCWD, NULL, t, 0)) == EFAULT &&
		    NONNULL_EFAULT(syscall(SYS_utimensat, AT_FDCWD, T "/b", p,
					   0)) &&
		    ALL_EFAULT(syscall(SYS_utimensat, AT_FDCWD, p, t, 0)));
	/* Both omitted: nothing to do, the name is not even looked up. */
	KTAP_EXPECT("utimensat_both_omit",
		    utimensat(AT_FDCWD, T "/none", omit2, 0) == 0 &&
		    syscall(SYS_utimensat, AT_FDCWD, KERNEL_PTR, omit2, 0) == 0);
	close(pfd);
	close(fd);
}

/* ------------------------------------------------------------------ getdents64 */

struct ldirent {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

#define MAX_ENTS 16

struct listing {
	int n;
	char name[MAX_ENTS][16];
	unsigned char type[MAX_ENTS];
	uint64_t ino[MAX_ENTS];
	int64_t off[MAX_ENTS];
	bool well_formed;
};

/* Read the rest of a directory with buffers of @size bytes. */
static long list_dir(int fd, size_t size, struct listing *l)
{
	static char buf[4096] __attribute__((aligned(8)));
	long n;

	memset(l, 0, sizeof(*l));
	l->well_formed = true;
	while ((n = syscall(SYS_getdents64, fd, buf, size)) > 0) {
		for (long pos = 0; pos < n;) {
			struct ldirent *d = (struct ldirent *)(buf + pos);

			l->well_formed &= d->d_reclen % 8 == 0 &&
					  pos + d->d_reclen <= n &&
					  memchr(d->d_name, 0, d->d_reclen - 19);
			if (l->n < MAX_ENTS) {
				snprintf(l->name[l->n], 16, "%s", d->d_name);
				l->type[l->n] = d->d_type;
				l->ino[l->n] = d->d_ino;
				l->off[l->n] = d->d_off;
				l->n++;
			}
			pos += d->d_reclen;
		}
		if (size < 64 && n > 32)
			l->well_formed = false;	/* one entry per call */
	}
	return n;
}

static int find_ent(const struct listing *l, const char *name)
{
	for (int i = 0; i < l->n; i++)
		if (!strcmp(l->name[i], name))
			return i;
	return -1;
}

static bool has(const struct listing *l, const char *name,
		unsigned char type, const char *path)
{
	int i = find_ent(l, name);

	return i >= 0 && l->type[i] == type &&
	       (!path || l->ino[i] == lst(path).st_ino);
}

static void test_getdents64(void)
{
	static char buf[256] __attribute__((aligned(8)));
	int fd, ffd = open(T "/b", O_RDONLY), pfd;
	struct listing all, one, again;
	DIR *d;
	struct dirent *de;
	long pos;
	char third[256] = "";
	bool same = true;
	int k;

	mkdir(T "/ls", 0755);
	put_file(T "/ls/a", "a");
	put_file(T "/ls/bb", "b");
	mkdir(T "/ls/dir", 0755);
	symlink("a", T "/ls/lnk");
	mknod(T "/ls/pipe", S_IFIFO | 0644, 0);
	fd = open(T "/ls", O_RDONLY | O_DIRECTORY);
	pfd = open(T "/ls", O_PATH);
	KTAP_EXPECT("getdents64", list_dir(fd, sizeof(buf), &all) == 0 &&
				  all.n == 7 && all.well_formed &&
				  has(&all, ".", DT_DIR, T "/ls") &&
				  has(&all, "..", DT_DIR, T) &&
				  has(&all, "a", DT_REG, T "/ls/a") &&
				  has(&all, "bb", DT_REG, T "/ls/bb") &&
				  has(&all, "dir", DT_DIR, T "/ls/dir") &&
				  has(&all, "lnk", DT_LNK, T "/ls/lnk") &&
				  has(&all, "pipe", DT_FIFO, T "/ls/pipe"));
	KTAP_EXPECT("getdents64_at_end",
		    syscall(SYS_getdents64, fd, buf, sizeof(buf)) == 0);
	/* One entry per call (each record here is 24 bytes), then resume
	 * at each recorded d_off. */
	lseek(fd, 0, SEEK_SET);
	list_dir(fd, 32, &one);
	for (k = 0; k + 1 < one.n; k++) {
		lseek(fd, one.off[k], SEEK_SET);
		list_dir(fd, 32, &again);
		same &= again.n == one.n - k - 1 &&
			!strcmp(again.name[0], one.name[k + 1]);
	}
	KTAP_EXPECT("getdents64_resume_at_d_off",
		    one.n == 7 && one.well_formed && same);
	lseek(fd, 0, SEEK_SET);
	KTAP_EXPECT("getdents64_buffer_too_small",
		    e(syscall(SYS_getdents64, fd, buf, 1)) == EINVAL &&
		    e(syscall(SYS_getdents64, fd, buf, 0)) == EINVAL &&
		    e(syscall(SYS_getdents64, fd, buf, 19)) == EINVAL &&
		    syscall(SYS_getdents64, fd, buf, 24) == 24 &&
		    !strcmp(((struct ldirent *)buf)->d_name, one.name[0]));
	lseek(fd, 0, SEEK_SET);
	KTAP_EXPECT("getdents64_efault_keeps_position",
		    e(syscall(SYS_getdents64, fd, KERNEL_PTR, 256)) == EFAULT &&
		    syscall(SYS_getdents64, fd, buf, 24) == 24 &&
		    !strcmp(((struct ldirent *)buf)->d_name, one.name[0]));
	KTAP_EXPECT("getdents64_errors",
		    e(syscall(SYS_getdents64, ffd, buf, sizeof(buf))) ==
			    ENOTDIR &&
		    e(syscall(SYS_getdents64, 999, buf, sizeof(buf))) ==
			    EBADF &&
		    e(syscall(SYS_getdents64, pfd, buf, sizeof(buf))) ==
			    EBADF);
	close(fd);
	/* telldir/seekdir in the C library are lseek to a d_off. */
	d = opendir(T "/ls");
	for (k = 0; d && k < 2; k++)
		readdir(d);
	pos = d ? telldir(d) : -1;
	de = d ? readdir(d) : NULL;
	if (de)
		snprintf(third, sizeof(third), "%s", de->d_name);
	if (d)
		seekdir(d, pos);
	de = d ? readdir(d) : NULL;
	KTAP_EXPECT("telldir_seekdir",
		    de && third[0] && !strcmp(de->d_name, third));
	if (d)
		closedir(d);
	close(pfd);
	close(ffd);
}

/* ------------------------------------------------------------------ cwd */

static long sys_getcwd(char *buf, size_t size)
{
	return syscall(SYS_getcwd, buf, size);
}

static void test_cwd(void)
{
	char buf[256];
	int dfd = open(T "/ls", O_RDONLY | O_DIRECTORY);
	int pfd = open(T "/ls/dir", O_PATH), ffd = open(T "/b", O_RDONLY);

	KTAP_EXPECT("chdir_getcwd", chdir(T) == 0 &&
				    sys_getcwd(buf, sizeof(buf)) ==
					    (long)sizeof(T) &&
				    !strcmp(buf, T));
	KTAP_EXPECT("relative_names_use_cwd",
		    S_ISREG(lst("b").st_mode) && mkdir("rel", 0755) == 0 &&
		    S_ISDIR(lst(T "/rel").st_mode) && rmdir("rel") == 0);
	KTAP_EXPECT("getcwd_size",
		    sys_getcwd(buf, sizeof(T)) == (long)sizeof(T) &&
		    e(sys_getcwd(buf, sizeof(T) - 1)) == ERANGE &&
		    e(sys_getcwd(buf, 0)) == ERANGE &&
		    ALL_EFAULT(sys_getcwd(p, sizeof(buf))));
	KTAP_EXPECT("chdir_dotdot", chdir("ls/dir/..") == 0 &&
				    sys_getcwd(buf, sizeof(buf)) > 0 &&
				    !strcmp(buf, T "/ls"));
	KTAP_EXPECT("chdir_errors", e(chdir(T "/b")) == ENOTDIR &&
				    e(chdir(T "/none")) == ENOENT &&
				    e(chdir("")) == ENOENT &&
				    e(chdir(long_path)) == ENAMETOOLONG &&
				    ALL_EFAULT(syscall(SYS_chdir, p)));
	KTAP_EXPECT("fchdir", chdir("/") == 0 &&
			      syscall(SYS_fchdir, dfd) == 0 &&
			      sys_getcwd(buf, sizeof(buf)) > 0 &&
			      !strcmp(buf, T "/ls") &&
			      syscall(SYS_fchdir, pfd) == 0 &&
			      sys_getcwd(buf, sizeof(buf)) > 0 &&
			      !strcmp(buf, T "/ls/dir"));
	KTAP_EXPECT("fchdir_errors",
		    e(syscall(SYS_fchdir, ffd)) == ENOTDIR &&
		    e(syscall(SYS_fchdir, 999)) == EBADF);
	mkdir(T "/gone", 0755);
	KTAP_EXPECT("getcwd_removed_dir",
		    chdir(T "/gone") == 0 && rmdir(T "/gone") == 0 &&
		    e(sys_getcwd(buf, sizeof(buf))) == ENOENT &&
		    e(mkdir("x", 0755)) == ENOENT);
	chdir("/");
	close(ffd);
	close(pfd);
	close(dfd);
}

/* ------------------------------------------------------------------ pipes */

static bool cloexec(int fd)
{
	return fcntl(fd, F_GETFD) & FD_CLOEXEC;
}

static void test_pipe(void)
{
	int p1[2] = { -1, -1 }, p2[2] = { -1, -1 }, p3[2] = { -1, -1 };
	char buf[4] = { 0 };
	struct stat st;
	int lowest = dup(0);

	close(lowest);
	KTAP_EXPECT("pipe", pipe(p1) == 0 && p1[0] >= 0 && p1[1] > p1[0] &&
			    write(p1[1], "hi", 2) == 2 &&
			    read(p1[0], buf, sizeof(buf)) == 2 &&
			    !memcmp(buf, "hi", 2) && !cloexec(p1[0]) &&
			    !fstat(p1[0], &st) && S_ISFIFO(st.st_mode));
	KTAP_EXPECT("pipe2_cloexec", pipe2(p2, O_CLOEXEC) == 0 &&
				     cloexec(p2[0]) && cloexec(p2[1]));
	KTAP_EXPECT("pipe2_nonblock",
		    pipe2(p3, O_NONBLOCK) == 0 &&
		    (fcntl(p3[0], F_GETFL) & O_NONBLOCK) &&
		    (fcntl(p3[1], F_GETFL) & O_NONBLOCK) &&
		    e(read(p3[0], buf, 1)) == EAGAIN);
	KTAP_EXPECT("pipe_seek", e(lseek(p1[0], 0, SEEK_SET)) == ESPIPE);
	close(p1[0]);
	close(p1[1]);
	close(p2[0]);
	close(p2[1]);
	close(p3[0]);
	close(p3[1]);
	KTAP_EXPECT("pipe2_bad_flags", e(pipe2(p1, O_APPEND)) == EINVAL &&
				       e(pipe2(p1, O_TRUNC)) == EINVAL &&
				       e(pipe2(p1, -1)) == EINVAL);
	/* A fault storing the pair leaves no descriptor behind. */
	KTAP_EXPECT("pipe_efault", ALL_EFAULT(syscall(SYS_pipe, p)) &&
				   ALL_EFAULT(syscall(SYS_pipe2, p, 0)) &&
				   dup(0) == lowest);
	close(lowest);
}

/* ------------------------------------------------------------------ poll */

static void test_poll(void)
{
	int pp[2] = { -1, -1 }, closed;
	struct pollfd fds[3];
	struct timespec ts;
	uint64_t mask = 0;

	pipe(pp);
	closed = dup(0);	/* a number no descriptor has */
	close(closed);
	fds[0] = (struct pollfd){ .fd = pp[0], .events = POLLIN };
	fds[1] = (struct pollfd){ .fd = pp[1], .events = POLLOUT };
	fds[2] = (struct pollfd){ .fd = -1, .events = POLLIN, .revents = 7 };
	KTAP_EXPECT("poll_ready", poll(fds, 3, 0) == 1 && fds[0].revents == 0 &&
				  fds[1].revents == POLLOUT &&
				  fds[2].revents == 0);
	write(pp[1], "x", 1);
	KTAP_EXPECT("poll_data", poll(fds, 1, -1) == 1 &&
				 fds[0].revents == POLLIN);
	fds[1] = (struct pollfd){ .fd = closed, .events = POLLIN };
	KTAP_EXPECT("poll_nval", poll(fds, 2, -1) == 2 &&
				 fds[1].revents == POLLNVAL);
	close(pp[1]);
	fds[0].events = 0;	/* HUP is reported even when not asked */
	KTAP_EXPECT("poll_hup", poll(fds, 1, 0) == 1 &&
				fds[0].revents == POLLHUP);
	read(pp[0], &mask, 1);
	close(pp[0]);
	pipe(pp);	/* a fresh pair */
	fds[0] = (struct pollfd){ .fd = pp[0], .events = POLLIN };
	KTAP_EXPECT("poll_timeout", poll(fds, 1, 20) == 0 &&
				    fds[0].revents == 0);
	KTAP_EXPECT("poll_errors",
		    e(poll(fds, 1025, 0)) == EINVAL &&
		    ALL_EFAULT(syscall(SYS_poll, p, 1, 0)) &&
		    poll(NULL, 0, 0) == 0);
	ts = (struct timespec){ 0, 20 * 1000 * 1000 };
	KTAP_EXPECT("ppoll_timeout_left",
		    syscall(SYS_ppoll, fds, 1, &ts, NULL, 8) == 0 &&
		    ts.tv_sec == 0 && ts.tv_nsec == 0);
	write(pp[1], "y", 1);
	ts = (struct timespec){ 5, 0 };
	KTAP_EXPECT("ppoll_writes_time_left",
		    syscall(SYS_ppoll, fds, 1, &ts, &mask, 8) == 1 &&
		    ((ts.tv_sec == 4 && ts.tv_nsec > 0) ||
		     (ts.tv_sec == 5 && ts.tv_nsec == 0)));
	ts = (struct timespec){ 0, 1000000000 };
	KTAP_EXPECT("ppoll_errors",
		    e(syscall(SYS_ppoll, fds, 1, &ts, NULL, 8)) == EINVAL &&
		    (ts = (struct timespec){ -1, 0 },
		     e(syscall(SYS_ppoll, fds, 1, &ts, NULL, 8)) == EINVAL) &&
		    (ts = (struct timespec){ 0, 0 },
		     e(syscall(SYS_ppoll, fds, 1, &ts, &mask, 4)) == EINVAL) &&
		    NONNULL_EFAULT(syscall(SYS_ppoll, fds, 1, &ts, p, 8)) &&
		    NONNULL_EFAULT(syscall(SYS_ppoll, fds, 1, p, NULL, 8)) &&
		    ALL_EFAULT(syscall(SYS_ppoll, p, 1, &ts, NULL, 8)) &&
		    syscall(SYS_ppoll, fds, 1, &ts, &mask, 8) == 1);
	close(pp[0]);
	close(pp[1]);
}

/* ------------------------------------------------------------------ select */

/* Not musl's select(), which hides the time left in a copy. */
static long sys_select(int n, fd_set *r, fd_set *w, fd_set *x,
		       struct timeval *tv)
{
	return syscall(SYS_select, n, r, w, x, tv);
}

struct sigset_argpack {
	const uint64_t *mask;
	size_t size;
};

static void test_select(void)
{
	int pp[2] = { -1, -1 }, closed;
	fd_set r, w, x;
	struct timeval tv;
	struct timespec ts;
	uint64_t mask = 0;
	struct sigset_argpack pack = { &mask, 8 }, bad_pack = { &mask, 4 };
	long us;

	pipe(pp);
	closed = dup(0);	/* a number no descriptor has */
	close(closed);
	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_SET(pp[0], &r);
	FD_SET(pp[1], &w);
	tv = (struct timeval){ 0, 0 };
	KTAP_EXPECT("select_ready", sys_select(pp[1] + 1, &r, &w, NULL, &tv) == 1 &&
				    !FD_ISSET(pp[0], &r) &&
				    FD_ISSET(pp[1], &w));
	write(pp[1], "x", 1);
	FD_SET(pp[0], &r);
	FD_SET(pp[1], &w);
	KTAP_EXPECT("select_data", sys_select(pp[1] + 1, &r, &w, NULL, NULL) == 2 &&
				   FD_ISSET(pp[0], &r) && FD_ISSET(pp[1], &w));
	/* Whole seconds in tv_usec are folded in; the time left comes back. */
	tv = (struct timeval){ 0, 1500000 };
	us = sys_select(pp[0] + 1, &r, NULL, NULL, &tv) == 1
		     ? tv.tv_sec * 1000000L + tv.tv_usec
		     : -1;
	KTAP_EXPECT("select_writes_time_left",
		    us > 1000000 && us <= 1500000 && tv.tv_usec < 1000000);
	read(pp[0], &mask, 1);
	mask = 0;
	FD_ZERO(&r);
	FD_SET(pp[0], &r);
	tv = (struct timeval){ 0, 20000 };
	KTAP_EXPECT("select_timeout", sys_select(pp[0] + 1, &r, NULL, NULL, &tv) ==
					      0 &&
				      !FD_ISSET(pp[0], &r) &&
				      tv.tv_sec == 0 && tv.tv_usec == 0);
	/* With the writer gone the read end is readable (EOF) and nothing
	 * else: HUP does not count for the write or exception sets. */
	close(pp[1]);
	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_ZERO(&x);
	FD_SET(pp[0], &w);
	FD_SET(pp[0], &x);
	FD_SET(pp[0], &r);
	tv = (struct timeval){ 0, 0 };
	KTAP_EXPECT("select_only_asked_events",
		    sys_select(pp[0] + 1, NULL, &w, &x, &tv) == 0 &&
		    !FD_ISSET(pp[0], &w) && !FD_ISSET(pp[0], &x) &&
		    sys_select(pp[0] + 1, &r, NULL, NULL, &tv) == 1 &&
		    FD_ISSET(pp[0], &r));
	FD_ZERO(&r);
	FD_SET(closed, &r);
	tv = (struct timeval){ 0, 0 };
	KTAP_EXPECT("select_errors",
		    e(sys_select(closed + 1, &r, NULL, NULL, &tv)) == EBADF &&
		    e(sys_select(-1, NULL, NULL, NULL, &tv)) == EINVAL &&
		    (tv = (struct timeval){ -1, 0 },
		     e(sys_select(1, NULL, NULL, NULL, &tv)) == EINVAL) &&
		    (tv = (struct timeval){ 1, -1 },
		     e(sys_select(1, NULL, NULL, NULL, &tv)) == EINVAL) &&
		    NONNULL_EFAULT(syscall(SYS_select, pp[0] + 1, p, NULL,
					   NULL, NULL)) &&
		    NONNULL_EFAULT(syscall(SYS_select, 1, NULL, NULL, NULL,
					   p)));
	FD_ZERO(&r);
	FD_SET(pp[0], &r);
	ts = (struct timespec){ 5, 0 };
	KTAP_EXPECT("pselect6",
		    syscall(SYS_pselect6, pp[0] + 1, &r, NULL, NULL, &ts,
			    &pack) == 1 &&
		    FD_ISSET(pp[0], &r) && ts.tv_sec <= 5 &&
		    (ts = (struct timespec){ 0, 0 },
		     syscall(SYS_pselect6, 0, NULL, NULL, NULL, &ts, NULL) ==
			     0));
	KTAP_EXPECT("pselect6_errors",
		    e(syscall(SYS_pselect6, 1, NULL, NULL, NULL, &ts,
			      &bad_pack)) == EINVAL &&
		    NONNULL_EFAULT(syscall(SYS_pselect6, 1, NULL, NULL, NULL,
					   &ts, p)) &&
		    (ts = (struct timespec){ 0, -1 },
		     e(syscall(SYS_pselect6, 1, NULL, NULL, NULL, &ts,
			       NULL)) == EINVAL));
	close(pp[0]);
}

/* ------------------------------------------------------------------ cleanup */

static void test_cleanup(void)
{
	rm_rf(T);
	KTAP_EXPECT("cleanup", !exists(T));
}

#define NR_TESTS 129

int main(int argc, char **argv)
{
	bool nested = argc > 1 && !strcmp(argv[1], "--nested");

	ktap_start("fs", NR_TESTS, nested);
	make_bad_pages();
	make_long_names();
	rm_rf(T);
	test_umask_mkdir();
	test_rmdir_unlink();
	test_rename();
	test_rename_exchange();
	test_links();
	test_readlink();
	test_mknod();
	test_chmod();
	test_chown();
	test_truncate();
	test_pread_pwrite();
	test_sync_statfs();
	test_stat_statx();
	test_utimensat();
	test_getdents64();
	test_cwd();
	test_pipe();
	test_poll();
	test_select();
	test_cleanup();
	return ktap_finish();
}
