// SPDX-License-Identifier: GPL-2.0
/*
 * ktest suite `pipe`: pipes and FIFOs behave as pipe(7) and fifo(7) say
 * (EOF, EPIPE and its hook, PIPE_BUF atomicity, 64 KiB capacity,
 * O_NONBLOCK, blocking and wake-up), poll(2) readiness and its timeout,
 * readv/writev and F_SETFL. Every wait is bounded: a thread that should
 * have woken is released by closing the other end before it is joined.
 */
#include <mosaic/errno.h>
#include <mosaic/kmalloc.h>
#include <mosaic/ktest.h>
#include <mosaic/pipe.h>
#include <mosaic/poll.h>
#include <mosaic/sched.h>
#include <mosaic/string.h>
#include <mosaic/timer.h>
#include <mosaic/vfs.h>

#include "vfs_ktest.h"

/* Long enough for a runnable thread to run under any policy. */
#define KT_SETTLE_MS 30
/* The longest a wake-up may take before it counts as lost. */
#define KT_WAKE_MS 3000

static struct vfs_census suite_start;

static int pipe_suite_init(struct ktest *t)
{
	if (!sched_running())
		return -1;
	vfs_census_take(&suite_start);
	return vfs_mkdir(KFS, NULL, "/ktpipe", 0755);
}

static void pipe_suite_exit(struct ktest *t)
{
	KT_EXPECT_EQ(t, vfs_rmdir(KFS, NULL, "/ktpipe"), 0);
	KT_EXPECT_CENSUS(t, suite_start);
}

static void close_ends(struct file *p[2])
{
	if (p[0])
		fput(p[0]);
	if (p[1])
		fput(p[1]);
	p[0] = p[1] = NULL;
}

static short poll_one(struct file *f, short events, s64 timeout_ms)
{
	struct poll_file pf = { .file = f, .events = events };

	return vfs_poll(&pf, 1, timeout_ms) < 0 ? -1 : pf.revents;
}

/* Wait (bounded) until *flag is set by another thread. */
static bool wait_flag(volatile int *flag, u64 ms)
{
	u64 end = uptime_ms() + ms;

	while (!*flag && uptime_ms() < end)
		sleep_ms(1);
	return *flag;
}

static void test_eof_after_last_writer(struct ktest *t)
{
	struct file *p[2];
	struct file *w2;
	char buf[8];

	KT_ASSERT(t, vfs_pipe(p, 0) == 0);
	w2 = get_file(p[1]);
	KT_EXPECT_EQ(t, vfs_write(p[1], "abc", 3), 3);
	fput(p[1]);
	p[1] = NULL;
	/* One writer left: data, then still no EOF (non-blocking check). */
	KT_EXPECT_EQ(t, vfs_read(p[0], buf, sizeof(buf)), 3);
	KT_EXPECT(t, memcmp(buf, "abc", 3) == 0);
	KT_EXPECT_EQ(t, vfs_setfl(p[0], O_NONBLOCK), 0);
	KT_EXPECT_EQ(t, vfs_read(p[0], buf, sizeof(buf)), -EAGAIN);
	KT_EXPECT_EQ(t, vfs_write(w2, "z", 1), 1);
	fput(w2);
	/* Buffered data outlives the writers; then EOF, every time. */
	KT_EXPECT_EQ(t, vfs_read(p[0], buf, sizeof(buf)), 1);
	KT_EXPECT_EQ(t, vfs_read(p[0], buf, sizeof(buf)), 0);
	KT_EXPECT_EQ(t, vfs_read(p[0], buf, sizeof(buf)), 0);
	KT_EXPECT_EQ(t, vfs_write(p[0], "x", 1), -EBADF);
	close_ends(p);
}

static int sigpipes;

static void count_sigpipe(void)
{
	sigpipes++;
}

static void test_epipe_and_hook(struct ktest *t)
{
	pipe_sigpipe_hook_t old;
	struct file *p[2];
	char buf[4];

	KT_ASSERT(t, vfs_pipe(p, 0) == 0);
	sigpipes = 0;
	old = pipe_set_sigpipe_hook(count_sigpipe);
	KT_EXPECT_EQ(t, vfs_write(p[1], "ab", 2), 2);
	KT_EXPECT_EQ(t, sigpipes, 0);
	fput(p[0]);
	p[0] = NULL;
	KT_EXPECT_EQ(t, vfs_write(p[1], "cd", 2), -EPIPE);
	KT_EXPECT_EQ(t, sigpipes, 1);
	KT_EXPECT_EQ(t, vfs_write(p[1], "cd", 2), -EPIPE);
	KT_EXPECT_EQ(t, sigpipes, 2);
	/* A zero-length write moves nothing and raises nothing. */
	KT_EXPECT_EQ(t, vfs_write(p[1], buf, 0), 0);
	KT_EXPECT_EQ(t, sigpipes, 2);
	pipe_set_sigpipe_hook(old);	/* the signal code's */
	close_ends(p);
}

static void test_capacity_and_nonblock(struct ktest *t)
{
	u8 *page = kmalloc(PIPE_BUF);
	struct file *p[2];
	ssize_t total = 0, n;
	int avail = -1;

	KT_ASSERT(t, page);
	memset(page, 0x5a, PIPE_BUF);
	KT_ASSERT(t, vfs_pipe(p, O_NONBLOCK | O_CLOEXEC) == 0);
	KT_EXPECT_EQ(t, vfs_read(p[0], page, 1), -EAGAIN);
	while ((n = vfs_write(p[1], page, PIPE_BUF)) > 0 && total < 2 * PIPE_SIZE)
		total += n;
	KT_EXPECT_EQ(t, n, -EAGAIN);
	KT_EXPECT_EQ(t, total, 65536);
	KT_EXPECT_EQ(t, pipe_fionread(p[0], &avail), 0);
	KT_EXPECT_EQ(t, avail, 65536);
	KT_EXPECT_EQ(t, vfs_write(p[1], page, 1), -EAGAIN);
	/* 100 bytes of room: an atomic write that does not fit is EAGAIN,
	 * a write over PIPE_BUF takes what fits. */
	KT_EXPECT_EQ(t, vfs_read(p[0], page, 100), 100);
	KT_EXPECT_EQ(t, vfs_write(p[1], page, 101), -EAGAIN);
	{
		u8 *big = kmalloc(2 * PIPE_BUF);

		KT_ASSERT(t, big);
		KT_EXPECT_EQ(t, vfs_write(p[1], big, 2 * PIPE_BUF), 100);
		kfree(big);
	}
	KT_EXPECT_EQ(t, pipe_fionread(p[1], &avail), 0);
	KT_EXPECT_EQ(t, avail, 65536);
	/* Drain: every byte comes back, then EAGAIN (writer still open). */
	total = 0;
	while ((n = vfs_read(p[0], page, PIPE_BUF)) > 0)
		total += n;
	KT_EXPECT_EQ(t, n, -EAGAIN);
	KT_EXPECT_EQ(t, total, 65536);
	kfree(page);
	close_ends(p);
}

/* ------------------------------------------------------------------ atomicity */

#define ATOMIC_RECORDS 200

struct writer_arg {
	struct file *f;
	u8 id;
	int failed;
};

/* Records: id, length (2 bytes), then id repeated; at most PIPE_BUF. */
static size_t record_len(int i)
{
	static const size_t lens[] = { PIPE_BUF, 1000, 3333, 17, PIPE_BUF - 1 };

	return lens[i % ARRAY_SIZE(lens)];
}

static int atomic_writer(void *arg)
{
	struct writer_arg *w = arg;
	u8 *rec = kmalloc(PIPE_BUF);

	if (!rec) {
		w->failed = 1;
		return 0;
	}
	for (int i = 0; i < ATOMIC_RECORDS; i++) {
		size_t len = record_len(i);

		memset(rec, w->id, len);
		rec[1] = (u8)(len & 0xff);
		rec[2] = (u8)(len >> 8);
		if (vfs_write(w->f, rec, len) != (ssize_t)len) {
			w->failed = 1;
			break;
		}
		if (i % 7 == 0)
			yield();	/* mix the two streams */
	}
	kfree(rec);
	return 0;
}

/* Read exactly n bytes, polling (bounded) before each read. */
static bool read_full(struct ktest *t, struct file *f, u8 *buf, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r;

		if (!(poll_one(f, POLLIN, KT_WAKE_MS) & POLLIN)) {
			ktest_fail_at(t, __FILE__, __LINE__,
				      "no data within %d ms", KT_WAKE_MS);
			return false;
		}
		r = vfs_read(f, buf + got, n - got);
		if (r <= 0) {
			ktest_fail_at(t, __FILE__, __LINE__, "read gave %ld",
				      (long)r);
			return false;
		}
		got += (size_t)r;
	}
	return true;
}

static void test_atomic_writes_two_writers(struct ktest *t)
{
	struct writer_arg w[2] = { { .id = 0xa1 }, { .id = 0xb2 } };
	int seen[2] = { 0, 0 }, bad = 0, status;
	u8 *rec = kmalloc(PIPE_BUF);
	struct thread *th[2];
	struct file *p[2];

	KT_ASSERT(t, rec);
	KT_ASSERT(t, vfs_pipe(p, 0) == 0);
	for (int i = 0; i < 2; i++) {
		w[i].f = p[1];
		th[i] = thread_create(atomic_writer, &w[i], "pipew");
		KT_ASSERT(t, th[i]);
	}
	/* Let both fill the pipe and block before the reader starts. */
	sleep_ms(KT_SETTLE_MS);
	while (seen[0] + seen[1] < 2 * ATOMIC_RECORDS && !bad) {
		size_t len;
		int who;

		if (!read_full(t, p[0], rec, 3))
			break;
		who = rec[0] == 0xa1 ? 0 : rec[0] == 0xb2 ? 1 : -1;
		len = rec[1] | (size_t)rec[2] << 8;
		if (who < 0 || len < 3 || len > PIPE_BUF ||
		    len != record_len(seen[who])) {
			bad = 1;
			break;
		}
		if (!read_full(t, p[0], rec + 3, len - 3))
			break;
		for (size_t i = 3; i < len; i++)
			bad |= rec[i] != rec[0];
		seen[who]++;
	}
	KT_EXPECT_EQ(t, bad, 0);
	KT_EXPECT_EQ(t, seen[0], ATOMIC_RECORDS);
	KT_EXPECT_EQ(t, seen[1], ATOMIC_RECORDS);
	/* Closing the read end releases a writer still blocked (EPIPE). */
	fput(p[0]);
	p[0] = NULL;
	for (int i = 0; i < 2; i++) {
		thread_join(th[i], &status);
		KT_EXPECT_EQ(t, w[i].failed, 0);
	}
	kfree(rec);
	close_ends(p);
}

struct record_writer {
	struct file *f;
	u8 *rec;
	ssize_t ret;
	volatile int done;
};

static int write_one_record(void *arg)
{
	struct record_writer *w = arg;

	w->ret = vfs_write(w->f, w->rec, PIPE_BUF);
	w->done = 1;
	return 0;
}

/* 100 bytes of room: a blocking PIPE_BUF write waits, writing nothing. */
static void test_atomic_write_waits_for_room(struct ktest *t)
{
	struct record_writer w = { .ret = -1 };
	u8 *buf = kzalloc(PIPE_SIZE);
	struct thread *th;
	struct file *p[2];
	int avail = -1;

	KT_ASSERT(t, buf);
	KT_ASSERT(t, vfs_pipe(p, 0) == 0);
	KT_EXPECT_EQ(t, vfs_write(p[1], buf, PIPE_SIZE - 100), PIPE_SIZE - 100);
	w.f = p[1];
	w.rec = buf;
	th = thread_create(write_one_record, &w, "pipew");
	KT_ASSERT(t, th);
	sleep_ms(KT_SETTLE_MS);
	KT_EXPECT_EQ(t, w.done, 0);
	KT_EXPECT_EQ(t, pipe_fionread(p[0], &avail), 0);
	KT_EXPECT_EQ(t, avail, PIPE_SIZE - 100);	/* not one byte yet */
	KT_EXPECT_EQ(t, vfs_read(p[0], buf, PIPE_BUF), PIPE_BUF);
	KT_EXPECT(t, wait_flag(&w.done, KT_WAKE_MS));
	if (!w.done) {			/* release it: EPIPE */
		fput(p[0]);
		p[0] = NULL;
	}
	thread_join(th, NULL);
	KT_EXPECT_EQ(t, w.ret, PIPE_BUF);
	if (p[0]) {
		KT_EXPECT_EQ(t, pipe_fionread(p[0], &avail), 0);
		KT_EXPECT_EQ(t, avail, PIPE_SIZE - 100);
	}
	kfree(buf);
	close_ends(p);
}

/* ------------------------------------------------------------------ blocking */

struct reader_arg {
	struct file *f;
	char buf[8];
	ssize_t got;
	volatile int done;
};

static int blocking_reader(void *arg)
{
	struct reader_arg *r = arg;

	r->got = vfs_read(r->f, r->buf, sizeof(r->buf));
	r->done = 1;
	return 0;
}

/* A new pipe and a thread blocked reading its empty read end. */
static struct thread *blocked_reader(struct ktest *t, struct file *p[2],
				     struct reader_arg *r)
{
	struct thread *th;

	if (vfs_pipe(p, 0))
		return NULL;
	r->f = p[0];
	th = thread_create(blocking_reader, r, "piper");
	if (!th) {
		close_ends(p);
		return NULL;
	}
	sleep_ms(KT_SETTLE_MS);
	KT_EXPECT_EQ(t, r->done, 0);	/* blocked on the empty pipe */
	return th;
}

static void test_blocking_reader_woken(struct ktest *t)
{
	struct reader_arg r = { .got = -1 };
	struct file *p[2];
	struct thread *th = blocked_reader(t, p, &r);

	KT_ASSERT(t, th);
	KT_EXPECT_EQ(t, vfs_write(p[1], "hello", 5), 5);
	KT_EXPECT(t, wait_flag(&r.done, KT_WAKE_MS));
	if (!r.done) {			/* release it: EOF */
		fput(p[1]);
		p[1] = NULL;
	}
	thread_join(th, NULL);
	KT_EXPECT_EQ(t, r.got, 5);
	KT_EXPECT(t, memcmp(r.buf, "hello", 5) == 0);
	close_ends(p);
}

static void test_blocking_reader_eof(struct ktest *t)
{
	struct reader_arg r = { .got = -1 };
	struct file *p[2];
	struct thread *th = blocked_reader(t, p, &r);

	KT_ASSERT(t, th);
	fput(p[1]);
	p[1] = NULL;
	KT_EXPECT(t, wait_flag(&r.done, KT_WAKE_MS));
	if (!r.done) {
		/* Nothing else can wake it: leave it, do not hang the run. */
		thread_detach(th);
		return;
	}
	thread_join(th, NULL);
	KT_EXPECT_EQ(t, r.got, 0);
	close_ends(p);
}

/* ------------------------------------------------------------------ poll */

static void test_poll_transitions(struct ktest *t)
{
	u8 *page = kmalloc(PIPE_BUF);
	struct file *p[2];
	int i;

	KT_ASSERT(t, page);
	KT_ASSERT(t, vfs_pipe(p, O_NONBLOCK) == 0);
	KT_EXPECT_EQ(t, poll_one(p[0], POLLIN | POLLOUT, 0), 0);
	KT_EXPECT_EQ(t, poll_one(p[1], POLLIN | POLLOUT, 0),
		     POLLOUT);
	KT_EXPECT_EQ(t, vfs_write(p[1], "a", 1), 1);
	KT_EXPECT_EQ(t, poll_one(p[0], POLLIN, 0), POLLIN);
	KT_EXPECT_EQ(t, poll_one(p[0], POLLRDNORM, 0), POLLRDNORM);
	/* Full to within PIPE_BUF: not writable. */
	for (i = 0; i < PIPE_DEF_BUFFERS - 1; i++)
		KT_EXPECT_EQ(t, vfs_write(p[1], page, PIPE_BUF), PIPE_BUF);
	KT_EXPECT_EQ(t, poll_one(p[1], POLLOUT, 0), 0);
	KT_EXPECT_EQ(t, vfs_read(p[0], page, 1), 1);
	KT_EXPECT_EQ(t, poll_one(p[1], POLLOUT, 0), POLLOUT);
	/* Writer gone: HUP (with the data still there: IN too), asked or not. */
	fput(p[1]);
	p[1] = NULL;
	KT_EXPECT_EQ(t, poll_one(p[0], POLLIN, 0), POLLIN | POLLHUP);
	KT_EXPECT_EQ(t, poll_one(p[0], 0, 0), POLLHUP);
	while (vfs_read(p[0], page, PIPE_BUF) > 0)
		;
	KT_EXPECT_EQ(t, poll_one(p[0], POLLIN, 0), POLLHUP);
	close_ends(p);
	/* Reader gone: ERR on the write end. */
	KT_ASSERT(t, vfs_pipe(p, 0) == 0);
	fput(p[0]);
	p[0] = NULL;
	KT_EXPECT_EQ(t, poll_one(p[1], POLLOUT, 0), POLLOUT | POLLERR);
	close_ends(p);
	kfree(page);
}

static void test_poll_files_and_entries(struct ktest *t)
{
	struct poll_file pf[4] = { 0 };
	struct file *p[2], *reg, *dir;

	KT_ASSERT(t, put_file("/ktpipe/reg", "x") == 0);
	reg = vfs_open(KFS, NULL, "/ktpipe/reg", O_RDWR, 0);
	dir = vfs_open(KFS, NULL, "/ktpipe", O_RDONLY | O_DIRECTORY, 0);
	KT_ASSERT(t, !IS_ERR(reg) && !IS_ERR(dir));
	KT_ASSERT(t, vfs_pipe(p, 0) == 0);
	/* Regular files and directories are always ready. */
	pf[0] = (struct poll_file){ .file = reg, .events = POLLIN | POLLOUT };
	pf[1] = (struct poll_file){ .file = dir, .events = POLLIN };
	pf[2] = (struct poll_file){ .file = NULL, .events = POLLIN };
	pf[3] = (struct poll_file){ .file = p[0], .events = POLLIN };
	pf[2].revents = 0x7f;		/* skipped entries come back 0 */
	KT_EXPECT_EQ(t, vfs_poll(pf, 4, 1000), 2);
	KT_EXPECT_EQ(t, pf[0].revents, POLLIN | POLLOUT);
	KT_EXPECT_EQ(t, pf[1].revents, POLLIN);
	KT_EXPECT_EQ(t, pf[2].revents, 0);
	KT_EXPECT_EQ(t, pf[3].revents, 0);
	KT_EXPECT_EQ(t, vfs_poll(pf, FDTABLE_MAX_FDS + 1, 0), -EINVAL);
	KT_EXPECT_EQ(t, vfs_poll(NULL, 0, 0), 0);
	close_ends(p);
	fput(reg);
	fput(dir);
	KT_EXPECT_EQ(t, vfs_unlink(KFS, NULL, "/ktpipe/reg"), 0);
}

static void test_poll_timeout_bounded(struct ktest *t)
{
	struct file *p[2];
	u64 start, took;

	KT_ASSERT(t, vfs_pipe(p, 0) == 0);
	start = uptime_ms();
	KT_EXPECT_EQ(t, poll_one(p[0], POLLIN, 50), 0);
	took = uptime_ms() - start;
	ktest_log(t, "poll(50 ms) on an idle pipe took %llu ms",
		  (unsigned long long)took);
	KT_EXPECT(t, took >= 50);
	KT_EXPECT(t, took < 50 + 500);
	/* Timeout 0 returns at once. */
	start = uptime_ms();
	KT_EXPECT_EQ(t, poll_one(p[0], POLLIN, 0), 0);
	KT_EXPECT(t, uptime_ms() - start < 20);
	close_ends(p);
}

struct poller_arg {
	struct file *f;
	short revents;
	int ret;
	volatile int done;
};

static int poller(void *arg)
{
	struct poller_arg *a = arg;
	struct poll_file pf = { .file = a->f, .events = POLLIN };

	a->ret = vfs_poll(&pf, 1, 10 * KT_WAKE_MS);
	a->revents = pf.revents;
	a->done = 1;
	return 0;
}

static void test_poll_woken_by_writer(struct ktest *t)
{
	struct poller_arg a = { .ret = -1 };
	struct thread *th;
	struct file *p[2];
	u64 start;

	KT_ASSERT(t, vfs_pipe(p, 0) == 0);
	a.f = p[0];
	start = uptime_ms();
	th = thread_create(poller, &a, "poller");
	KT_ASSERT(t, th);
	sleep_ms(KT_SETTLE_MS);
	KT_EXPECT_EQ(t, a.done, 0);
	KT_EXPECT_EQ(t, vfs_write(p[1], "!", 1), 1);
	KT_EXPECT(t, wait_flag(&a.done, KT_WAKE_MS));
	thread_join(th, NULL);		/* its own timeout bounds it */
	KT_EXPECT_EQ(t, a.ret, 1);
	KT_EXPECT_EQ(t, a.revents, POLLIN);
	KT_EXPECT(t, uptime_ms() - start < KT_WAKE_MS);
	close_ends(p);
}

/* ------------------------------------------------------------------ files */

static void test_pipe_stat_and_seek(struct ktest *t)
{
	struct file *p[2];
	struct statfs sfs;
	struct stat st;
	char c;

	KT_ASSERT(t, vfs_pipe(p, 0) == 0);
	KT_EXPECT_EQ(t, vfs_fstat(p[0], &st), 0);
	KT_EXPECT(t, S_ISFIFO(st.st_mode));
	KT_EXPECT_EQ(t, st.st_mode & 07777, 0600);
	KT_EXPECT_EQ(t, st.st_nlink, 1);
	KT_EXPECT_EQ(t, st.st_size, 0);
	{
		struct stat st1;

		KT_EXPECT_EQ(t, vfs_fstat(p[1], &st1), 0);
		KT_EXPECT_EQ(t, st1.st_ino, st.st_ino);
	}
	KT_EXPECT_EQ(t, vfs_fstatfs(p[0], &sfs), 0);
	KT_EXPECT_EQ(t, sfs.f_type, 0x50495045);	/* PIPEFS_MAGIC */
	KT_EXPECT_EQ(t, vfs_lseek(p[0], 0, SEEK_SET), -ESPIPE);
	KT_EXPECT_EQ(t, vfs_pread(p[0], &c, 1, 0), -ESPIPE);
	KT_EXPECT_EQ(t, vfs_pwrite(p[1], &c, 1, 0), -ESPIPE);
	KT_EXPECT_EQ(t, vfs_read(p[1], &c, 1), -EBADF);
	KT_EXPECT_EQ(t, vfs_pipe(p, O_DIRECT), -EINVAL);
	KT_EXPECT_EQ(t, vfs_pipe(p, O_APPEND), -EINVAL);
	close_ends(p);
}

static void test_fionread(struct ktest *t)
{
	struct file *p[2], *reg;
	int n = -1;

	KT_ASSERT(t, vfs_pipe(p, 0) == 0);
	KT_EXPECT_EQ(t, pipe_fionread(p[0], &n), 0);
	KT_EXPECT_EQ(t, n, 0);
	KT_EXPECT_EQ(t, vfs_write(p[1], "12345", 5), 5);
	KT_EXPECT_EQ(t, pipe_fionread(p[0], &n), 0);
	KT_EXPECT_EQ(t, n, 5);
	KT_ASSERT(t, put_file("/ktpipe/reg", "x") == 0);
	reg = vfs_open(KFS, NULL, "/ktpipe/reg", O_RDONLY, 0);
	KT_ASSERT(t, !IS_ERR(reg));
	KT_EXPECT_EQ(t, pipe_fionread(reg, &n), -ENOTTY);
	fput(reg);
	KT_EXPECT_EQ(t, vfs_unlink(KFS, NULL, "/ktpipe/reg"), 0);
	close_ends(p);
}

/* ------------------------------------------------------------------ FIFOs */

struct opener_arg {
	const char *name;
	int flags;
	struct file *f;
	volatile int done;
};

static int fifo_opener(void *arg)
{
	struct opener_arg *o = arg;

	o->f = vfs_open(KFS, NULL, o->name, o->flags, 0);
	o->done = 1;
	return 0;
}

/* Open @flags in a thread; it must block until the partner opens. */
static void fifo_open_waits(struct ktest *t, int flags, int partner)
{
	struct opener_arg o = { .name = "/ktpipe/fifo", .flags = flags };
	struct file *other;
	struct thread *th;

	th = thread_create(fifo_opener, &o, "fifoopen");
	KT_ASSERT(t, th);
	sleep_ms(KT_SETTLE_MS);
	KT_EXPECT_EQ(t, o.done, 0);		/* waiting for a partner */
	other = vfs_open(KFS, NULL, "/ktpipe/fifo", partner, 0);
	KT_EXPECT(t, !IS_ERR(other));
	KT_EXPECT(t, wait_flag(&o.done, KT_WAKE_MS));
	if (!o.done) {
		/* The partner did not release it: leave it, do not hang. */
		thread_detach(th);
		return;
	}
	thread_join(th, NULL);
	KT_EXPECT(t, !IS_ERR(o.f));
	if (!IS_ERR(o.f))
		fput(o.f);
	if (!IS_ERR(other))
		fput(other);
}

static void test_fifo_open_rules(struct ktest *t)
{
	struct file *r, *w, *rw;
	struct stat st;
	char buf[8];

	KT_ASSERT(t, vfs_mknod(KFS, NULL, "/ktpipe/fifo", S_IFIFO | 0644, 0) ==
		     0);
	KT_EXPECT_EQ(t, stat_errno("/ktpipe/fifo", &st, 0), 0);
	KT_EXPECT(t, S_ISFIFO(st.st_mode));
	/* No reader: a non-blocking writer is ENXIO. */
	KT_EXPECT_EQ(t, open_errno("/ktpipe/fifo", O_WRONLY | O_NONBLOCK),
		     -ENXIO);
	KT_EXPECT_EQ(t, open_errno("/ktpipe/fifo", O_RDONLY | O_DIRECTORY),
		     -ENOTDIR);
	/* A non-blocking reader opens at once, then a writer finds it. */
	r = vfs_open(KFS, NULL, "/ktpipe/fifo", O_RDONLY | O_NONBLOCK, 0);
	KT_ASSERT(t, !IS_ERR(r));
	KT_EXPECT_EQ(t, poll_one(r, POLLIN, 0), 0);	/* no writer yet: no HUP */
	w = vfs_open(KFS, NULL, "/ktpipe/fifo", O_WRONLY | O_NONBLOCK, 0);
	KT_ASSERT(t, !IS_ERR(w));
	KT_EXPECT_EQ(t, vfs_write(w, "fifo", 4), 4);
	KT_EXPECT_EQ(t, vfs_read(r, buf, sizeof(buf)), 4);
	KT_EXPECT(t, memcmp(buf, "fifo", 4) == 0);
	KT_EXPECT_EQ(t, vfs_fstat(w, &st), 0);
	KT_EXPECT(t, S_ISFIFO(st.st_mode));
	fput(w);
	KT_EXPECT_EQ(t, poll_one(r, POLLIN, 0), POLLHUP);	/* came and went */
	KT_EXPECT_EQ(t, vfs_read(r, buf, sizeof(buf)), 0);
	fput(r);
	/* O_RDWR never waits; data left when all close is gone. */
	rw = vfs_open(KFS, NULL, "/ktpipe/fifo", O_RDWR, 0);
	KT_ASSERT(t, !IS_ERR(rw));
	KT_EXPECT_EQ(t, vfs_write(rw, "left", 4), 4);
	fput(rw);
	rw = vfs_open(KFS, NULL, "/ktpipe/fifo", O_RDWR | O_NONBLOCK, 0);
	KT_ASSERT(t, !IS_ERR(rw));
	KT_EXPECT_EQ(t, vfs_read(rw, buf, sizeof(buf)), -EAGAIN);
	fput(rw);
	/* Blocking opens wait for the other end. */
	fifo_open_waits(t, O_RDONLY, O_WRONLY | O_NONBLOCK);
	fifo_open_waits(t, O_WRONLY, O_RDONLY | O_NONBLOCK);
	KT_EXPECT_EQ(t, vfs_unlink(KFS, NULL, "/ktpipe/fifo"), 0);
}

/* ------------------------------------------------------------------ readv/writev, F_SETFL */

static void test_readv_writev(struct ktest *t)
{
	char a[4], b[8], c[16] = { 0 };
	struct kvec out[3] = { { "one", 3 }, { "", 0 }, { "twothree", 8 } };
	struct kvec in[2] = { { a, sizeof(a) }, { b, sizeof(b) } };
	struct kvec huge[2] = { { c, (size_t)-1 / 2 }, { c, 2 } };
	struct kvec *many;
	struct file *f, *p[2];

	f = vfs_open(KFS, NULL, "/ktpipe/v", O_CREAT | O_RDWR, 0644);
	KT_ASSERT(t, !IS_ERR(f));
	KT_EXPECT_EQ(t, vfs_writev(f, out, 3), 11);
	KT_EXPECT_EQ(t, vfs_lseek(f, 0, SEEK_CUR), 11);
	KT_EXPECT_EQ(t, vfs_lseek(f, 0, SEEK_SET), 0);
	/* A short file: the first segment full, the second partly. */
	KT_EXPECT_EQ(t, vfs_readv(f, in, 2), 11);
	KT_EXPECT(t, memcmp(a, "onet", 4) == 0);
	KT_EXPECT(t, memcmp(b, "wothree", 7) == 0);
	KT_EXPECT_EQ(t, vfs_readv(f, in, 2), 0);
	KT_EXPECT_EQ(t, vfs_readv(f, in, 0), 0);
	KT_EXPECT_EQ(t, vfs_readv(f, in, -1), -EINVAL);
	KT_EXPECT_EQ(t, vfs_writev(f, huge, 2), -EINVAL);
	many = kzalloc((UIO_MAXIOV + 1) * sizeof(*many));
	KT_ASSERT(t, many);
	KT_EXPECT_EQ(t, vfs_writev(f, many, UIO_MAXIOV), 0);
	KT_EXPECT_EQ(t, vfs_writev(f, many, UIO_MAXIOV + 1), -EINVAL);
	kfree(many);
	fput(f);
	KT_EXPECT_EQ(t, vfs_unlink(KFS, NULL, "/ktpipe/v"), 0);
	/* A pipe: gathered in one write, scattered from one read. */
	KT_ASSERT(t, vfs_pipe(p, O_NONBLOCK) == 0);
	KT_EXPECT_EQ(t, vfs_writev(p[1], out, 3), 11);
	KT_EXPECT_EQ(t, vfs_readv(p[0], in, 2), 11);
	KT_EXPECT(t, memcmp(a, "onet", 4) == 0);
	KT_EXPECT(t, memcmp(b, "wothree", 7) == 0);
	KT_EXPECT_EQ(t, vfs_readv(p[0], in, 2), -EAGAIN);
	close_ends(p);
}

static void test_setfl(struct ktest *t)
{
	struct file *f, *p[2];
	char buf[8];

	KT_ASSERT(t, vfs_pipe(p, 0) == 0);
	KT_EXPECT_EQ(t, vfs_getfl(p[0]) & O_NONBLOCK, 0);
	KT_EXPECT_EQ(t, vfs_setfl(p[0], O_NONBLOCK | O_CREAT | O_WRONLY), 0);
	KT_EXPECT_EQ(t, vfs_getfl(p[0]) & (O_NONBLOCK | O_CREAT | O_ACCMODE),
		     O_NONBLOCK | O_RDONLY);
	KT_EXPECT_EQ(t, vfs_read(p[0], buf, 1), -EAGAIN);
	KT_EXPECT_EQ(t, vfs_setfl(p[0], O_DIRECT), -EINVAL);
	KT_EXPECT_EQ(t, vfs_getfl(p[0]) & O_NONBLOCK, O_NONBLOCK);
	close_ends(p);
	/* O_APPEND switched on: writes go to the end. */
	KT_ASSERT(t, put_file("/ktpipe/a", "abc") == 0);
	f = vfs_open(KFS, NULL, "/ktpipe/a", O_RDWR, 0);
	KT_ASSERT(t, !IS_ERR(f));
	KT_EXPECT_EQ(t, vfs_setfl(f, O_APPEND), 0);
	KT_EXPECT_EQ(t, vfs_write(f, "d", 1), 1);
	KT_EXPECT_EQ(t, vfs_setfl(f, 0), 0);
	KT_EXPECT_EQ(t, vfs_lseek(f, 0, SEEK_SET), 0);
	KT_EXPECT_EQ(t, vfs_write(f, "X", 1), 1);
	fput(f);
	KT_EXPECT_EQ(t, read_file("/ktpipe/a", buf, sizeof(buf)), 4);
	KT_EXPECT_STREQ(t, buf, "Xbcd");
	KT_EXPECT_EQ(t, vfs_unlink(KFS, NULL, "/ktpipe/a"), 0);
}

static struct ktest_case pipe_cases[] = {
	KTEST_CASE(test_eof_after_last_writer),
	KTEST_CASE(test_epipe_and_hook),
	KTEST_CASE(test_capacity_and_nonblock),
	KTEST_CASE(test_atomic_writes_two_writers),
	KTEST_CASE(test_atomic_write_waits_for_room),
	KTEST_CASE(test_blocking_reader_woken),
	KTEST_CASE(test_blocking_reader_eof),
	KTEST_CASE(test_poll_transitions),
	KTEST_CASE(test_poll_files_and_entries),
	KTEST_CASE(test_poll_timeout_bounded),
	KTEST_CASE(test_poll_woken_by_writer),
	KTEST_CASE(test_pipe_stat_and_seek),
	KTEST_CASE(test_fionread),
	KTEST_CASE(test_fifo_open_rules),
	KTEST_CASE(test_readv_writev),
	KTEST_CASE(test_setfl),
	{},
};
KTEST_SUITE_FULL(pipe, pipe_cases, pipe_suite_init, pipe_suite_exit, 0);
