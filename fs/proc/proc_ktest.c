// SPDX-License-Identifier: GPL-2.0
/*
 * ktest suite `procfs`: the /proc files against the subsystems' own
 * figures (frames, heap, scheduler, meminfo), Linux's formats (mounts,
 * uptime, filesystems), reads at any offset and size from one snapshot,
 * output past a page, entries that come and go, /proc/<pid> of a live
 * process in Linux's formats and its removal when the process goes,
 * /proc/stat and /proc/loadavg.
 */
#include <mosaic/bootinfo.h>
#include <mosaic/errno.h>
#include <mosaic/frame.h>
#include <mosaic/kmalloc.h>
#include <mosaic/proc_fs.h>
#include <mosaic/process.h>
#include <mosaic/sched.h>
#include <mosaic/sched_policy.h>
#include <mosaic/semaphore.h>
#include <mosaic/slab.h>
#include <mosaic/timer.h>
#include <mosaic/user.h>
#include <mosaic/vsprintf.h>

#include "../vfs_ktest.h"

#define BUF_SIZE 16384

/* The whole of @name, read in one go into a new buffer (kfree it). */
static char *slurp(struct ktest *t, const char *name)
{
	char *buf = kmalloc(BUF_SIZE);
	ssize_t n;

	if (!buf)
		return NULL;
	n = read_file(name, buf, BUF_SIZE);
	if (n <= 0) {
		ktest_fail_at(t, __FILE__, __LINE__, "read %s: %ld", name,
			      (long)n);
		kfree(buf);
		return NULL;
	}
	return buf;
}

/* The text after "key:" and spaces on its line, or NULL. */
static const char *field(const char *text, const char *key)
{
	size_t klen = strlen(key);
	const char *line = text;

	while (line && *line) {
		if (strncmp(line, key, klen) == 0 && line[klen] == ':') {
			line += klen + 1;
			while (*line == ' ')
				line++;
			return line;
		}
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	return NULL;
}

/* The number of "key:", or ~0 (and a failure) if missing. */
static u64 field_u64(struct ktest *t, const char *text, const char *key)
{
	const char *v = field(text, key);
	char num[24];
	size_t len = 0;
	u64 x;

	if (!v) {
		ktest_fail_at(t, __FILE__, __LINE__, "no field %s", key);
		return ~0ULL;
	}
	while (v[len] >= '0' && v[len] <= '9' && len < sizeof(num) - 1) {
		num[len] = v[len];
		len++;
	}
	num[len] = '\0';
	if (kstrtoull(num, 10, &x)) {
		ktest_fail_at(t, __FILE__, __LINE__, "field %s: '%s'", key, num);
		return ~0ULL;
	}
	return x;
}

static bool field_is(const char *text, const char *key, const char *want)
{
	const char *v = field(text, key);
	size_t len = strlen(want);

	return v && strncmp(v, want, len) == 0 && v[len] == '\n';
}

#define KT_EXPECT_BETWEEN(t, lo, x, hi)                                     \
	do {                                                                \
		KT_EXPECT(t, (lo) <= (x));                                  \
		KT_EXPECT(t, (x) <= (hi));                                  \
	} while (0)

static void test_frames_match_allocator(struct ktest *t)
{
	struct frame_stats before, after;
	char *text;

	frame_get_stats(&before);
	text = slurp(t, "/proc/frames");
	frame_get_stats(&after);
	KT_ASSERT(t, text);
	KT_EXPECT(t, field_is(text, "policy", frame_policy_name()));
	KT_EXPECT_EQ(t, field_u64(t, text, "total_frames"), after.total_frames);
	KT_EXPECT_EQ(t, field_u64(t, text, "meta_frames"), after.meta_frames);
	KT_EXPECT_EQ(t, field_u64(t, text, "max_order"), after.max_order);
	/* Counters only grow; reading allocated between the snapshots. */
	KT_EXPECT_BETWEEN(t, before.allocs, field_u64(t, text, "allocs"),
			  after.allocs);
	KT_EXPECT_BETWEEN(t, before.frees, field_u64(t, text, "frees"),
			  after.frees);
	KT_EXPECT_EQ(t, field_u64(t, text, "free_frames") +
				field_u64(t, text, "used_frames"),
		     after.total_frames);
	KT_EXPECT(t, field(text, "free_per_order") != NULL);
	kfree(text);
}

/* Nothing allocates between the two reads of the counters: exact. */
static void test_frames_exact_when_quiet(struct ktest *t)
{
	struct file *f = vfs_open(KFS, NULL, "/proc/frames", O_RDONLY, 0);
	char *buf = kmalloc(BUF_SIZE);
	struct frame_stats now;
	ssize_t n;

	KT_ASSERT(t, !IS_ERR(f));
	KT_ASSERT(t, buf);
	/* A first read sizes the snapshot buffer, so the next reuses it. */
	KT_EXPECT(t, vfs_read(f, buf, BUF_SIZE - 1) > 0);
	n = vfs_pread(f, buf, BUF_SIZE - 1, 0);
	frame_get_stats(&now);
	fput(f);
	KT_ASSERT(t, n > 0);
	buf[n] = '\0';
	ktest_log(t, "/proc/frames: %.*s", (int)(strchr(buf, '\n') - buf), buf);
	KT_EXPECT_EQ(t, field_u64(t, buf, "free_frames"), now.free_frames);
	KT_EXPECT_EQ(t, field_u64(t, buf, "used_frames"), now.used_frames);
	KT_EXPECT_EQ(t, field_u64(t, buf, "allocs"), now.allocs);
	KT_EXPECT_EQ(t, field_u64(t, buf, "frees"), now.frees);
	KT_EXPECT_EQ(t, field_u64(t, buf, "largest_free_run"),
		     now.largest_free_run);
	kfree(buf);
}

static void test_heap_matches_allocator(struct ktest *t)
{
	struct heap_stats before, after;
	char *text;

	heap_get_stats(&before);
	text = slurp(t, "/proc/heap");
	heap_get_stats(&after);
	KT_ASSERT(t, text);
	KT_EXPECT(t, field_is(text, "policy", after.policy));
	KT_EXPECT_BETWEEN(t, before.alloc_count,
			  field_u64(t, text, "alloc_count"), after.alloc_count);
	KT_EXPECT_BETWEEN(t, before.free_count, field_u64(t, text, "free_count"),
			  after.free_count);
	KT_EXPECT_BETWEEN(t, before.requested_bytes,
			  field_u64(t, text, "requested_bytes"),
			  after.requested_bytes);
	KT_EXPECT(t, field_u64(t, text, "peak_live_bytes") >=
			     field_u64(t, text, "live_bytes"));
	kfree(text);
}

/* /proc/slabinfo: the caches slabinfo_show() reports, the same text. */
static void test_slabinfo(struct ktest *t)
{
	char *text = slurp(t, "/proc/slabinfo"), *direct;
	size_t need;

	KT_ASSERT(t, text);
	need = slabinfo_show(NULL, 0);
	direct = kmalloc(need + 1);
	KT_ASSERT(t, direct);
	slabinfo_show(direct, need + 1);
	/* struct thread has its own cache: its line is there */
	KT_EXPECT(t, strstr(text, "\nthread ") != NULL);
	KT_EXPECT_EQ(t, strlen(text), strlen(direct));
	kfree(direct);
	kfree(text);
}

static void test_sched_matches_scheduler(struct ktest *t)
{
	struct sched_stats before, after;
	unsigned int lines = 0;
	const char *p;
	char *text;

	sched_get_stats(&before);
	text = slurp(t, "/proc/sched");
	sched_get_stats(&after);
	KT_ASSERT(t, text);
	KT_EXPECT(t, field_is(text, "policy", sched_selected_policy->name));
	KT_EXPECT_BETWEEN(t, before.switches, field_u64(t, text, "switches"),
			  after.switches);
	KT_EXPECT_BETWEEN(t, before.ticks, field_u64(t, text, "ticks"),
			  after.ticks);
	KT_EXPECT_EQ(t, field_u64(t, text, "nr_threads"), after.nr_threads);
	/* The thread table: a header, then one line per thread. */
	p = strstr(text, "  tid state");
	KT_ASSERT(t, p);
	for (p = strchr(p, '\n'); p && p[1]; p = strchr(p + 1, '\n'))
		lines++;
	KT_EXPECT_EQ(t, lines, after.nr_threads);
	kfree(text);
}

static void test_meminfo(struct ktest *t)
{
	static const char *const order[] = {
		"MemTotal:       ", "MemFree:        ", "MemAvailable:   ",
		"Buffers:        ", "Cached:         ", "SwapCached:     ",
	};
	struct frame_stats fs;
	char *text, *again;
	const char *p;
	u64 cached;

	frame_get_stats(&fs);
	text = slurp(t, "/proc/meminfo");
	KT_ASSERT(t, text);
	ktest_log(t, "%.*s", (int)(strchr(text, '\n') - text), text);
	/* Linux's first fields, in its order and layout. */
	p = text;
	for (size_t i = 0; i < ARRAY_SIZE(order); i++) {
		KT_EXPECT(t, strncmp(p, order[i], strlen(order[i])) == 0);
		p = strchr(p, '\n') + 1;
	}
	KT_EXPECT(t, strstr(text, " kB\n") != NULL);
	KT_EXPECT_EQ(t, field_u64(t, text, "MemTotal"), fs.total_frames * 4);
	KT_EXPECT(t, field_u64(t, text, "MemFree") <=
			     field_u64(t, text, "MemTotal"));
	KT_EXPECT_EQ(t, field_u64(t, text, "SwapTotal"), 0);
	cached = field_u64(t, text, "Cached");
	/* 64 KiB of file data show up as Cached. */
	{
		char data[4096];
		struct file *f;

		memset(data, 'x', sizeof(data));
		f = vfs_open(KFS, NULL, "/ktproc_cached", O_CREAT | O_WRONLY, 0644);
		KT_ASSERT(t, !IS_ERR(f));
		for (int i = 0; i < 16; i++)
			KT_EXPECT_EQ(t, vfs_write(f, data, sizeof(data)), 4096);
		fput(f);
	}
	again = slurp(t, "/proc/meminfo");
	if (again)
		KT_EXPECT(t, field_u64(t, again, "Cached") >= cached + 64);
	KT_EXPECT_EQ(t, vfs_unlink(KFS, NULL, "/ktproc_cached"), 0);
	kfree(again);
	kfree(text);
}

static void test_mounts(struct ktest *t)
{
	char *text;

	KT_EXPECT_EQ(t, vfs_mkdir(KFS, NULL, "/kt proc", 0755), 0);
	KT_EXPECT_EQ(t, vfs_mount(KFS, "kt\\src", "/kt proc", "ramfs", ""), 0);
	text = slurp(t, "/proc/mounts");
	KT_EXPECT_EQ(t, vfs_umount(KFS, "/kt proc"), 0);
	KT_EXPECT_EQ(t, vfs_rmdir(KFS, NULL, "/kt proc"), 0);
	KT_ASSERT(t, text);
	KT_EXPECT(t, strncmp(text, "rootfs / ramfs rw 0 0\n", 22) == 0);
	KT_EXPECT(t, strstr(text, "\ndevtmpfs /dev devtmpfs rw 0 0\n") != NULL);
	KT_EXPECT(t, strstr(text, "\nproc /proc proc rw 0 0\n") != NULL);
	KT_EXPECT(t, strstr(text, "\nkt\\134src /kt\\040proc ramfs rw 0 0\n") != NULL);
	kfree(text);
	text = slurp(t, "/proc/mounts");
	KT_ASSERT(t, text);
	KT_EXPECT(t, strstr(text, "kt\\040proc") == NULL);	/* gone */
	kfree(text);
}

/* "12.34 56.78\n", the first within the uptime around the read. */
static void test_uptime(struct ktest *t)
{
	u64 before = ktime_get_ns() / 10000000, after, up, idle;
	unsigned int frac1, frac2;
	char *text = slurp(t, "/proc/uptime");
	const char *p;
	char num[24];
	size_t len;

	after = (ktime_get_ns() + 9999999) / 10000000;
	KT_ASSERT(t, text);
	p = text;
	for (len = 0; p[len] >= '0' && p[len] <= '9'; len++)
		num[len] = p[len];
	num[len] = '\0';
	KT_ASSERT(t, p[len] == '.' && !kstrtoull(num, 10, &up));
	frac1 = (unsigned int)(p[len + 1] - '0') * 10 + (unsigned int)(p[len + 2] - '0');
	KT_EXPECT(t, p[len + 3] == ' ');
	p += len + 4;
	for (len = 0; p[len] >= '0' && p[len] <= '9'; len++)
		num[len] = p[len];
	num[len] = '\0';
	KT_ASSERT(t, p[len] == '.' && !kstrtoull(num, 10, &idle));
	frac2 = (unsigned int)(p[len + 1] - '0') * 10 + (unsigned int)(p[len + 2] - '0');
	KT_EXPECT(t, frac1 < 100 && frac2 < 100);
	KT_EXPECT_STREQ(t, p + len + 3, "\n");
	KT_EXPECT_BETWEEN(t, before, up * 100 + frac1, after);
	KT_EXPECT(t, idle * 100 + frac2 <= up * 100 + frac1);
	kfree(text);
}

static void test_version_cmdline_filesystems(struct ktest *t)
{
	char *text = slurp(t, "/proc/version");
	char want[BOOTINFO_CMDLINE_MAX + 2];

	if (text) {
		KT_EXPECT(t, strncmp(text, "Mosaic version ", 15) == 0);
		KT_EXPECT(t, strstr(text, frame_policy_name()) != NULL);
		kfree(text);
	}
	text = slurp(t, "/proc/cmdline");
	if (text) {
		snprintf(want, sizeof(want), "%s\n", boot_info.cmdline);
		KT_EXPECT_STREQ(t, text, want);
		kfree(text);
	}
	text = slurp(t, "/proc/filesystems");
	KT_ASSERT(t, text);
	KT_EXPECT(t, strstr(text, "nodev\tramfs\n") != NULL);
	KT_EXPECT(t, strstr(text, "nodev\tdevtmpfs\n") != NULL);
	KT_EXPECT(t, strstr(text, "nodev\tproc\n") != NULL);
	kfree(text);
}

/* ------------------------------------------------ seq_file behaviour */

static int big_show(struct seq_file *m, void *v)
{
	unsigned int *lines = v;

	for (unsigned int i = 0; i < *lines; i++)
		seq_printf(m, "line %05u of a file longer than a page\n", i);
	return 0;
}

#define BIG_LINE 40	/* strlen("line 00000 of a file longer than a page\n") */

static void test_reads_at_any_offset(struct ktest *t)
{
	static unsigned int lines = 3000;	/* ~117 KB: the buffer grows */
	struct proc_dir_entry *de = proc_create_single("ktbig", 0444, NULL,
						       big_show, &lines);
	size_t total = lines * BIG_LINE;
	char *whole = kmalloc(total + 1), chunk[13];
	struct file *f;
	size_t got = 0;
	ssize_t n;

	KT_ASSERT(t, de && whole);
	f = vfs_open(KFS, NULL, "/proc/ktbig", O_RDONLY, 0);
	KT_ASSERT(t, !IS_ERR(f));
	/* Odd-sized reads walk the snapshot to its end. */
	while ((n = vfs_read(f, chunk, sizeof(chunk))) > 0 && got + (size_t)n <= total) {
		memcpy(whole + got, chunk, (size_t)n);
		got += (size_t)n;
	}
	KT_EXPECT_EQ(t, n, 0);
	KT_EXPECT_EQ(t, got, total);
	whole[got] = '\0';
	KT_EXPECT(t, strncmp(whole + 1234 * BIG_LINE, "line 01234 of", 13) == 0);
	/* pread anywhere returns the same bytes; past the end, nothing. */
	lines = 10;	/* changes only what a read at offset 0 shows */
	KT_EXPECT_EQ(t, vfs_pread(f, chunk, 5, 2999 * BIG_LINE + 5), 5);
	KT_EXPECT(t, memcmp(chunk, "02999", 5) == 0);
	KT_EXPECT_EQ(t, vfs_pread(f, chunk, sizeof(chunk), (s64)total), 0);
	KT_EXPECT_EQ(t, vfs_lseek(f, 0, SEEK_SET), 0);
	KT_EXPECT_EQ(t, vfs_read(f, whole, total), 10 * BIG_LINE);
	fput(f);
	lines = 3000;
	proc_remove(de);
	kfree(whole);
}

static int value_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%d\n", *(int *)v);
	return 0;
}

static bool dir_lists(struct ktest *t, const char *dir, const char *name)
{
	struct file *f = vfs_open(KFS, NULL, dir, O_RDONLY | O_DIRECTORY, 0);
	char *buf = kmalloc(BUF_SIZE);
	bool found = false;
	ssize_t n;

	if (IS_ERR(f) || !buf) {
		ktest_fail_at(t, __FILE__, __LINE__, "cannot list %s", dir);
		if (!IS_ERR(f))
			fput(f);
		kfree(buf);
		return false;
	}
	while ((n = vfs_getdents64(f, buf, BUF_SIZE)) > 0) {
		for (ssize_t off = 0; off < n;) {
			struct linux_dirent64 *d = (void *)(buf + off);

			found |= strcmp(d->d_name, name) == 0;
			off += d->d_reclen;
		}
	}
	fput(f);
	kfree(buf);
	return found;
}

/* What the processes code will do for /proc/<pid>. */
static void test_entries_come_and_go(struct ktest *t)
{
	struct proc_dir_entry *dir, *file;
	struct vfs_census before;
	int value = 42;
	char buf[16];
	struct stat st;
	struct file *f;

	vfs_census_take(&before);
	KT_EXPECT(t, proc_mkdir("a/b", NULL) == NULL);
	KT_EXPECT(t, proc_mkdir("..", NULL) == NULL);
	KT_EXPECT(t, proc_mkdir("meminfo", NULL) == NULL);	/* taken */
	dir = proc_mkdir("4242", NULL);
	KT_ASSERT(t, dir);
	file = proc_create_single("status", 0444, dir, value_show, &value);
	KT_ASSERT(t, file);
	KT_EXPECT(t, dir_lists(t, "/proc", "4242"));
	KT_EXPECT(t, dir_lists(t, "/proc/4242", "status"));
	KT_EXPECT_EQ(t, stat_errno("/proc/4242/status", &st, 0), 0);
	KT_EXPECT_EQ(t, st.st_mode, S_IFREG | 0444);
	KT_EXPECT_EQ(t, read_file("/proc/4242/status", buf, sizeof(buf)), 3);
	KT_EXPECT_STREQ(t, buf, "42\n");
	KT_EXPECT_EQ(t, vfs_mkdir(KFS, NULL, "/proc/4242/x", 0755), -EPERM);
	f = vfs_open(KFS, NULL, "/proc/4242/status", O_RDONLY, 0);
	KT_ASSERT(t, !IS_ERR(f));
	KT_EXPECT_EQ(t, vfs_write(f, "1", 1), -EBADF);
	KT_EXPECT_EQ(t, vfs_truncate(KFS, NULL, "/proc/4242/status", 0), -EPERM);
	KT_EXPECT_EQ(t, open_errno("/proc/4242/status", O_WRONLY | O_TRUNC),
		     -EPERM);
	proc_remove(dir);
	/* The data may be gone now: the open file reads EIO. */
	KT_EXPECT_EQ(t, vfs_pread(f, buf, sizeof(buf), 0), -EIO);
	fput(f);
	KT_EXPECT_EQ(t, stat_errno("/proc/4242", &st, 0), -ENOENT);
	KT_EXPECT(t, !dir_lists(t, "/proc", "4242"));
	KT_EXPECT_CENSUS(t, before);
}

/* A process of the kernel's own, asleep until told to exit. */
struct sleeper {
	struct semaphore ready, go;
	int pid;
};

static int sleeper_fn(void *arg)
{
	struct sleeper *s = arg;
	int err = process_attach_kernel_thread();

	s->pid = err ? err : current_process()->pid;
	up(&s->ready);
	if (err)
		return err;
	down(&s->go);
	process_thread_exit(W_EXITCODE(0));
}

/* A decimal, maybe negative, at s; *end after it (== s if none). */
static long long parse_ll(const char *s, const char **end)
{
	bool neg = *s == '-';
	const char *p = s + neg;
	long long v = 0;

	while (*p >= '0' && *p <= '9')
		v = v * 10 + (*p++ - '0');
	*end = p == s + neg ? s : p;
	return neg ? -v : v;
}

/* Split "pid (comm) rest" into the comm and the numbers after it. */
static int stat_fields(const char *text, char *comm, size_t size, char *state,
		       long long *f, int max)
{
	const char *open = strchr(text, '('), *close = strrchr(text, ')');
	const char *p;
	int n = 3;

	if (!open || !close || close - open > (long)size || close[1] != ' ')
		return -1;
	memcpy(comm, open + 1, (size_t)(close - open - 1));
	comm[close - open - 1] = '\0';
	*state = close[2];
	f[1] = parse_ll(text, &p);
	for (p = close + 3; *p == ' ' && n < max - 1;) {
		const char *end;

		f[++n] = parse_ll(p + 1, &end);
		if (end == p + 1)
			return -1;
		p = end;
	}
	return *p == '\n' ? n : -1;
}

/* status lines in Linux's order, those Mosaic has (kernel thread: no Vm). */
static const char *const status_keys[] = {
	"Name", "Umask", "State", "Tgid", "Ngid", "Pid", "PPid", "TracerPid",
	"Uid", "Gid", "FDSize", "Groups", "NStgid", "NSpid", "NSpgid",
	"NSsid", "Threads", "SigQ", "SigPnd", "ShdPnd", "SigBlk", "SigIgn",
	"SigCgt", "CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb",
	"NoNewPrivs", "Seccomp", "Cpus_allowed", "Cpus_allowed_list",
	"voluntary_ctxt_switches", "nonvoluntary_ctxt_switches", NULL
};

static void check_status(struct ktest *t, const char *text, int pid)
{
	const char *line = text;
	char want[48];

	for (int i = 0; status_keys[i]; i++) {
		size_t len = strlen(status_keys[i]);

		if (strncmp(line, status_keys[i], len) || line[len] != ':' ||
		    line[len + 1] != '\t') {
			ktest_fail_at(t, __FILE__, __LINE__, "status line %d: %.20s",
				      i, line);
			return;
		}
		line = strchr(line, '\n') + 1;
	}
	KT_EXPECT_EQ(t, *line, '\0');
	snprintf(want, sizeof(want), "\nPid:\t%d\nPPid:\t0\n", pid);
	KT_EXPECT(t, strstr(text, want));
	KT_EXPECT(t, strstr(text, "\nState:\tS (sleeping)\n"));
	KT_EXPECT(t, strstr(text, "\nUmask:\t0022\n"));
	KT_EXPECT(t, strstr(text, "\nUid:\t0\t0\t0\t0\n"));
	KT_EXPECT(t, strstr(text, "\nGroups:\t \n"));
	KT_EXPECT(t, strstr(text, "\nSigBlk:\t0000000000000000\n"));
}

static void check_stat(struct ktest *t, const char *text, int pid)
{
	long long f[64] = { 0 };
	char comm[32], state = 0;
	int n = stat_fields(text, comm, sizeof(comm), &state, f, 64);

	KT_EXPECT_EQ(t, n, 52);
	KT_EXPECT_EQ(t, f[1], pid);
	KT_EXPECT_STREQ(t, comm, "procfs-pid");
	KT_EXPECT_EQ(t, state, 'S');
	KT_EXPECT_EQ(t, f[4], 0);			/* ppid: none */
	KT_EXPECT(t, f[5] == pid && f[6] == pid);	/* its own group */
	KT_EXPECT_EQ(t, f[7], 0);			/* no tty */
	KT_EXPECT_EQ(t, f[8], -1);
	KT_EXPECT(t, f[18] == 20 && f[19] == 0 && f[20] == 1);
	KT_EXPECT(t, f[22] <= (long long)(timer_ticks() * 100 / CONFIG_HZ));
	KT_EXPECT_EQ(t, f[23], 0);		/* no address space */
	KT_EXPECT_EQ(t, f[25], -1);		/* RLIM_INFINITY, as unsigned */
	KT_EXPECT_EQ(t, f[35], 1);		/* wchan: asleep */
	KT_EXPECT_EQ(t, f[38], 17);		/* SIGCHLD */
	KT_EXPECT_EQ(t, f[52], 0);
}

/*
 * /proc/<pid> of a process (the kernel's own, no program): stat and
 * status in Linux's formats, the fd links, no exe or cmdline; gone when
 * the process goes, an open file then reading EIO.
 */
static void test_pid_directory(struct ktest *t)
{
	struct sleeper s = { .ready = SEMAPHORE_INIT(s.ready, 0),
			     .go = SEMAPHORE_INIT(s.go, 0) };
	struct thread *th = thread_create(sleeper_fn, &s, "procfs-pid");
	char *buf = kmalloc(BUF_SIZE), path[64], link[64];
	struct stat st;
	struct file *f;
	int status;

	KT_ASSERT(t, th && buf);
	down(&s.ready);
	KT_ASSERT(t, s.pid > 0);
	for (int i = 0; i < 100 && READ_ONCE(th->state) != THREAD_BLOCKED; i++)
		yield();
	snprintf(path, sizeof(path), "/proc/%d/stat", s.pid);
	KT_EXPECT(t, read_file(path, buf, BUF_SIZE) > 0);
	check_stat(t, buf, s.pid);
	snprintf(path, sizeof(path), "/proc/%d/status", s.pid);
	KT_EXPECT(t, read_file(path, buf, BUF_SIZE) > 0);
	check_status(t, buf, s.pid);
	snprintf(path, sizeof(path), "/proc/%d/cmdline", s.pid);
	KT_EXPECT_EQ(t, read_file(path, buf, BUF_SIZE), 0);
	snprintf(path, sizeof(path), "/proc/%d/fd/2", s.pid);
	KT_EXPECT_EQ(t, vfs_readlink(KFS, NULL, path, link, sizeof(link), 0), 12);
	KT_EXPECT(t, !memcmp(link, "/dev/console", 12));
	snprintf(path, sizeof(path), "/proc/%d/fd/3", s.pid);
	KT_EXPECT_EQ(t, vfs_readlink(KFS, NULL, path, link, sizeof(link), 0),
		     -ENOENT);
	snprintf(path, sizeof(path), "/proc/%d/cwd", s.pid);
	KT_EXPECT_EQ(t, vfs_readlink(KFS, NULL, path, link, sizeof(link), 0), 1);
	snprintf(path, sizeof(path), "/proc/%d/exe", s.pid);
	KT_EXPECT_EQ(t, vfs_readlink(KFS, NULL, path, link, sizeof(link), 0),
		     -ENOENT);
	snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", s.pid, s.pid);
	KT_EXPECT(t, read_file(path, buf, BUF_SIZE) > 0);
	check_stat(t, buf, s.pid);
	/* A kernel thread has no process: /proc/self leads nowhere. */
	KT_EXPECT_EQ(t, vfs_readlink(KFS, NULL, "/proc/self", link,
				     sizeof(link), 0), -ENOENT);
	snprintf(path, sizeof(path), "/proc/%d/stat", s.pid);
	f = vfs_open(KFS, NULL, path, O_RDONLY, 0);
	KT_ASSERT(t, !IS_ERR(f));
	up(&s.go);
	KT_EXPECT_EQ(t, thread_join(th, &status), 0);
	KT_EXPECT_EQ(t, status, W_EXITCODE(0));
	snprintf(path, sizeof(path), "/proc/%d", s.pid);
	KT_EXPECT_EQ(t, stat_errno(path, &st, 0), -ENOENT);
	KT_EXPECT_EQ(t, vfs_pread(f, buf, BUF_SIZE, 0), -EIO);
	fput(f);
	kfree(buf);
}

/* /proc/stat and /proc/loadavg, line by line as Linux writes them. */
static void test_stat_loadavg(struct ktest *t)
{
	char *text = slurp(t, "/proc/stat");
	static const char *const lines[] = { "cpu  ", "cpu0 ", "intr ", "ctxt ",
					     "btime ", "processes ",
					     "procs_running ",
					     "procs_blocked 0\n", "softirq ",
					     NULL };
	const char *line = text;
	char buf[64];
	int n;

	KT_ASSERT(t, text);
	for (int i = 0; lines[i]; i++) {
		KT_EXPECT(t, !strncmp(line, lines[i], strlen(lines[i])));
		line = strchr(line, '\n');
		KT_ASSERT(t, line);
		line++;
	}
	KT_EXPECT_EQ(t, *line, '\0');
	/* 10 numbers after "cpu  ". */
	n = 0;
	for (const char *p = text + 4; *p != '\n'; p++)
		n += *p == ' ';
	KT_EXPECT_EQ(t, n, 10);
	kfree(text);
	n = (int)read_file("/proc/loadavg", buf, sizeof(buf));
	KT_ASSERT(t, n > 0);
	/* "0.00 0.00 0.00 1/7 12\n" */
	KT_EXPECT(t, buf[1] == '.' && buf[4] == ' ' && buf[n - 1] == '\n');
	KT_EXPECT(t, strchr(buf, '/') != NULL);
}

/* A second mount shows the same entries and unmounts cleanly. */
static void test_second_mount(struct ktest *t)
{
	struct vfs_census before;
	char buf[64];

	vfs_census_take(&before);
	KT_EXPECT_EQ(t, vfs_mkdir(KFS, NULL, "/ktproc2", 0755), 0);
	KT_EXPECT_EQ(t, vfs_mount(KFS, "proc", "/ktproc2", "proc", ""), 0);
	KT_EXPECT(t, read_file("/ktproc2/version", buf, sizeof(buf)) > 0);
	KT_EXPECT(t, strncmp(buf, "Mosaic version ", 15) == 0);
	KT_EXPECT_EQ(t, vfs_mount(KFS, "proc", "/ktproc2", "proc", "hidepid=2"),
		     -EINVAL);
	KT_EXPECT_EQ(t, vfs_umount(KFS, "/ktproc2"), 0);
	KT_EXPECT_EQ(t, vfs_rmdir(KFS, NULL, "/ktproc2"), 0);
	KT_EXPECT_CENSUS(t, before);
}

static struct ktest_case procfs_cases[] = {
	KTEST_CASE(test_frames_match_allocator),
	KTEST_CASE(test_frames_exact_when_quiet),
	KTEST_CASE(test_heap_matches_allocator),
	KTEST_CASE(test_slabinfo),
	KTEST_CASE(test_sched_matches_scheduler),
	KTEST_CASE(test_meminfo),
	KTEST_CASE(test_mounts),
	KTEST_CASE(test_uptime),
	KTEST_CASE(test_version_cmdline_filesystems),
	KTEST_CASE(test_reads_at_any_offset),
	KTEST_CASE(test_entries_come_and_go),
	KTEST_CASE(test_second_mount),
	KTEST_CASE(test_pid_directory),
	KTEST_CASE(test_stat_loadavg),
	{},
};
KTEST_SUITE(procfs, procfs_cases);
