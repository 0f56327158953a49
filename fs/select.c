// SPDX-License-Identifier: GPL-2.0
/*
 * poll(2) over open files. Each file's ->poll reports its events and
 * queues one entry per wait queue through the poll table; the entries'
 * callback wakes the poller's waiter, which sleeps until then, the
 * timeout or a signal (-ERESTARTNOHAND). As on Linux, only the first
 * pass queues, and none once an entry is ready: later passes just look
 * again.
 *
 * The system calls poll, ppoll, select and pselect6 at the end turn
 * descriptors and timeouts into that.
 */
#include <mosaic/bitmap.h>
#include <mosaic/errno.h>
#include <mosaic/kmalloc.h>
#include <mosaic/poll.h>
#include <mosaic/process.h>
#include <mosaic/resource.h>
#include <mosaic/signal.h>
#include <mosaic/syscalls.h>
#include <mosaic/time.h>
#include <mosaic/timer.h>
#include <mosaic/uaccess.h>
#include <mosaic/user_path.h>
#include <mosaic/vfs.h>
#include <uapi/linux/time_types.h>

struct poll_wqueues {
	struct poll_table pt;
	struct waiter waiter;
	struct list_head entries;	/* poll_entry, to dequeue at the end */
	int error;			/* an entry could not be allocated */
};

struct poll_entry {
	struct wait_queue_entry wait;
	struct poll_wqueues *pw;
	struct list_head link;
};

poll_t file_poll(struct file *f, struct poll_table *pt)
{
	if (f->f_flags & O_PATH)
		return EPOLLNVAL;
	if (!f->f_op || !f->f_op->poll)
		return DEFAULT_POLLMASK;
	return f->f_op->poll(f, pt);
}

/* A wake-up of a queue we are on (wait_lock held). */
static bool poll_wake(struct wait_queue_entry *e)
{
	struct poll_entry *pe = container_of(e, struct poll_entry, wait);

	return waiter_wake_locked(&pe->pw->waiter);
}

static void poll_queue(struct file *f, struct wait_queue *wq,
		       struct poll_table *pt)
{
	struct poll_wqueues *pw = container_of(pt, struct poll_wqueues, pt);
	struct poll_entry *pe = kmalloc(sizeof(*pe));

	if (!pe) {
		pw->error = -ENOMEM;
		return;
	}
	wait_entry_init(&pe->wait, poll_wake, NULL);
	pe->pw = pw;
	list_add_tail(&pe->link, &pw->entries);
	add_wait_queue(wq, &pe->wait);
}

static void poll_dequeue_all(struct poll_wqueues *pw)
{
	struct poll_entry *pe, *next;

	list_for_each_entry_safe(pe, next, &pw->entries, link) {
		remove_wait_queue(&pe->wait);
		kfree(pe);
	}
}

/* One look at every entry; queues through @pt until one is ready. */
static int poll_scan(struct poll_file *pf, unsigned int n,
		     struct poll_table *pt)
{
	int ready = 0;

	for (unsigned int i = 0; i < n; i++) {
		poll_t want = (poll_t)(u16)pf[i].events |
			      (pf[i].only_events ? 0 : EPOLLERR | EPOLLHUP);
		poll_t got;

		pf[i].revents = 0;
		if (!pf[i].file)
			continue;
		got = file_poll(pf[i].file, pt) & (want | EPOLLNVAL);
		pf[i].revents = (short)got;
		if (got) {
			ready++;
			pt = NULL;
		}
	}
	return ready;
}

int vfs_poll(struct poll_file *pf, unsigned int n, s64 timeout_ms)
{
	struct poll_wqueues pw = { .pt.qproc = poll_queue };
	struct poll_table *pt = timeout_ms ? &pw.pt : NULL;
	u64 end_ns = ktime_get_ns() +
		     (u64)MIN(MAX(timeout_ms, 0), POLL_TIMEOUT_MAX_MS) *
			     NSEC_PER_MSEC;
	bool timed_out = timeout_ms == 0;
	int ready;

	if (n > MIN(rlimit(RLIMIT_NOFILE), (u64)FDTABLE_MAX_FDS))
		return -EINVAL;		/* as Linux */
	INIT_LIST_HEAD(&pw.entries);
	waiter_init(&pw.waiter);
	for (;;) {
		int err;

		ready = poll_scan(pf, n, pt);
		pt = NULL;
		if (ready || timed_out || pw.error)
			break;
		err = waiter_sleep_interruptible(&pw.waiter,
						 timeout_ms > 0 ? end_ns : 0);
		if (err == -EINTR) {
			/* select's, and poll's without a timeout: see poll.h */
			pw.error = -ERESTARTNOHAND;
			break;
		}
		/* A wake-up: look again; the end: one last look, then 0. */
		timed_out = err == -ETIMEDOUT;
	}
	poll_dequeue_all(&pw);
	return ready ? ready : pw.error;
}

/* ------------------------------------------------------------------ system calls */

/* A system call's timeout: none (wait for ever), zero (look once) or a
 * monotonic deadline. */
struct poll_timeout {
	bool forever;
	bool zero;
	u64 end_ns;
};

static const struct poll_timeout poll_forever = { .forever = true };

/* Linux's poll_select_set_timeout(): EINVAL for a negative or
 * unnormalised time. */
static int set_timeout(struct poll_timeout *to, s64 sec, s64 nsec)
{
	/* vfs_poll() waits at most this long: ~24.8 days, as poll(2) can. */
	const u64 max_ns = (u64)POLL_TIMEOUT_MAX_MS * NSEC_PER_MSEC;
	u64 ns;

	if (sec < 0 || nsec < 0 || (u64)nsec >= NSEC_PER_SEC)
		return -EINVAL;
	*to = (struct poll_timeout){ .zero = !sec && !nsec };
	ns = (u64)sec >= max_ns / NSEC_PER_SEC
		     ? max_ns
		     : (u64)sec * NSEC_PER_SEC + (u64)nsec;
	to->end_ns = ktime_get_ns() + ns;
	return 0;
}

/* What is left as vfs_poll()'s milliseconds, rounded up: never early. */
static s64 timeout_ms(const struct poll_timeout *to)
{
	u64 now = ktime_get_ns(), left;

	if (to->forever)
		return -1;
	if (to->zero || to->end_ns <= now)
		return 0;
	left = (to->end_ns - now + NSEC_PER_MSEC - 1) / NSEC_PER_MSEC;
	return (s64)MIN(left, (u64)POLL_TIMEOUT_MAX_MS);
}

static u64 time_left_ns(const struct poll_timeout *to)
{
	u64 now = ktime_get_ns();

	return to->end_ns > now ? to->end_ns - now : 0;
}

/*
 * As Linux, select, pselect6 and ppoll write the time left back (not
 * for a zero timeout); a fault doing so is ignored, the call has
 * happened.
 */
static void put_time_left(const struct poll_timeout *to, void __user *ut,
			  bool timeval)
{
	u64 left;

	if (!ut || to->forever || to->zero)
		return;
	left = time_left_ns(to);
	if (timeval) {
		struct __kernel_old_timeval tv = {
			.tv_sec = (long)(left / NSEC_PER_SEC),
			.tv_usec = (long)(left % NSEC_PER_SEC / NSEC_PER_USEC),
		};

		(void)copy_to_user(ut, &tv, sizeof(tv));
	} else {
		struct __kernel_timespec ts = {
			.tv_sec = (s64)(left / NSEC_PER_SEC),
			.tv_nsec = (long long)(left % NSEC_PER_SEC),
		};

		(void)copy_to_user(ut, &ts, sizeof(ts));
	}
}

static int get_timespec_timeout(struct poll_timeout *to,
				const struct __kernel_timespec __user *uts)
{
	struct __kernel_timespec ts;

	if (!uts) {
		*to = poll_forever;
		return 0;
	}
	if (copy_from_user(&ts, uts, sizeof(ts)))
		return -EFAULT;
	return set_timeout(to, ts.tv_sec, ts.tv_nsec);
}

/* select(2)'s: Linux folds whole seconds of tv_usec into tv_sec. */
static int get_timeval_timeout(struct poll_timeout *to,
			       const struct __kernel_old_timeval __user *utv)
{
	const long usec_per_sec = (long)USEC_PER_SEC;
	struct __kernel_old_timeval tv;

	if (!utv) {
		*to = poll_forever;
		return 0;
	}
	if (copy_from_user(&tv, utv, sizeof(tv)))
		return -EFAULT;
	return set_timeout(to, tv.tv_sec + tv.tv_usec / usec_per_sec,
			   (tv.tv_usec % usec_per_sec) * (long)NSEC_PER_USEC);
}

/*
 * ppoll's and pselect6's signal mask is theirs for the wait:
 * set_user_sigmask() installs it (EINVAL for a size other than 8,
 * EFAULT for a bad pointer), and the caller's comes back at the end,
 * or, when a signal ended the wait (-ERESTARTNOHAND), once its handler
 * ran, as Linux's poll_select_finish() does.
 */
static long end_user_sigmask(long r)
{
	restore_saved_sigmask_unless(r == -ERESTARTNOHAND);
	return r;
}

/* poll(2)'s core: the descriptors, a wait, the revents written back. */
static long do_poll(struct pollfd __user *ufds, unsigned int nfds,
		    const struct poll_timeout *to)
{
	struct pollfd *fds = NULL;
	struct poll_file *pf = NULL;
	int nval = 0;
	long r;

	if (nfds > FDTABLE_MAX_FDS)
		return -EINVAL;		/* RLIMIT_NOFILE, as Linux */
	fds = kmalloc(nfds * sizeof(*fds));
	pf = kzalloc(nfds * sizeof(*pf));
	r = fds && pf ? 0 : -ENOMEM;
	if (!r && copy_from_user(fds, ufds, nfds * sizeof(*fds)))
		r = -EFAULT;
	for (unsigned int i = 0; !r && i < nfds; i++) {
		struct file *f = fds[i].fd < 0 ? NULL : fget(fds[i].fd);

		pf[i].events = fds[i].events;
		pf[i].file = IS_ERR(f) ? NULL : f;
		nval += IS_ERR(f);	/* a closed descriptor: POLLNVAL */
	}
	if (!r)
		r = vfs_poll(pf, nfds, nval ? 0 : timeout_ms(to));
	for (unsigned int i = 0; i < nfds && fds && pf; i++) {
		bool closed = fds[i].fd >= 0 && !pf[i].file;

		if (pf[i].file)
			fput(pf[i].file);
		if (r >= 0 && closed)
			pf[i].revents = POLLNVAL;
		if (r >= 0 && put_user(pf[i].revents, &ufds[i].revents))
			r = -EFAULT;
	}
	kfree(pf);
	kfree(fds);
	return r < 0 ? r : r + nval;
}

static long poll_restart(struct restart_block *rb);

/*
 * A signal ended poll(2)'s wait: -ERESTART_RESTARTBLOCK, as Linux, so
 * it is EINTR after any handler (SA_RESTART or not), and after a stop
 * and SIGCONT the call goes on with the time it had left.
 */
static long poll_interrupted(long r, struct pollfd __user *ufds,
			     unsigned int nfds, const struct poll_timeout *to)
{
	struct restart_block *rb = &current()->sig.restart;

	if (r != -ERESTARTNOHAND)
		return r;
	rb->fn = poll_restart;
	rb->arg[0] = (u64)(__force unsigned long)ufds;
	rb->arg[1] = nfds;
	rb->arg[2] = to->forever;
	rb->arg[3] = to->end_ns;
	return -ERESTART_RESTARTBLOCK;
}

static long poll_restart(struct restart_block *rb)
{
	struct pollfd __user *ufds =
		(struct pollfd __user *)(__force unsigned long)rb->arg[0];
	struct poll_timeout to = { .forever = rb->arg[2],
				   .end_ns = rb->arg[3] };
	unsigned int nfds = (unsigned int)rb->arg[1];

	return poll_interrupted(do_poll(ufds, nfds, &to), ufds, nfds, &to);
}

SYSCALL_DEFINE3(poll, struct pollfd __user *, ufds, unsigned int, nfds, int,
		timeout)
{
	struct poll_timeout to = poll_forever;

	if (timeout >= 0)
		set_timeout(&to, timeout / 1000, (s64)(timeout % 1000) *
						 (s64)NSEC_PER_MSEC);
	return poll_interrupted(do_poll(ufds, nfds, &to), ufds, nfds, &to);
}

SYSCALL_DEFINE5(ppoll, struct pollfd __user *, ufds, unsigned int, nfds,
		struct __kernel_timespec __user *, tsp, const u64 __user *,
		sigmask, size_t, sigsetsize)
{
	struct poll_timeout to;
	long r = get_timespec_timeout(&to, tsp);

	if (!r)
		r = set_user_sigmask(sigmask, sigsetsize);
	if (r)
		return r;
	r = end_user_sigmask(do_poll(ufds, nfds, &to));
	put_time_left(&to, tsp, false);
	return r;
}

/* select(2)'s sets, as Linux's POLLIN_SET, POLLOUT_SET and POLLEX_SET. */
#define SELECT_IN (EPOLLRDNORM | EPOLLRDBAND | EPOLLIN | EPOLLHUP | EPOLLERR)
#define SELECT_OUT (EPOLLWRBAND | EPOLLWRNORM | EPOLLOUT | EPOLLERR)
#define SELECT_EX (EPOLLPRI)

struct fd_sets {
	unsigned long *set[3];		/* in, out, except: asked, then found */
	unsigned long __user *uset[3];
	unsigned int words;
};

static const poll_t select_mask[3] = { SELECT_IN, SELECT_OUT, SELECT_EX };

static bool fd_in(unsigned long *set, int fd)
{
	return set[fd / BITS_PER_LONG] & (1UL << (fd % BITS_PER_LONG));
}

/* Copy the sets in (a NULL one is empty), bits from n on cleared. */
static int get_fd_sets(struct fd_sets *s, int n)
{
	size_t bytes = s->words * sizeof(unsigned long);

	for (int k = 0; k < 3; k++) {
		if (s->uset[k] && copy_from_user(s->set[k], s->uset[k], bytes))
			return -EFAULT;
		for (int fd = n; fd < (int)(s->words * BITS_PER_LONG); fd++)
			s->set[k][fd / BITS_PER_LONG] &=
				~(1UL << (fd % BITS_PER_LONG));
	}
	return 0;
}

static void put_poll_files(struct poll_file *pf, int cnt)
{
	for (int i = 0; i < cnt; i++)
		if (pf[i].file)
			fput(pf[i].file);
}

/*
 * One poll_file per descriptor in any set. A descriptor that is not open
 * is EBADF for the whole call, as Linux; an O_PATH one is never ready.
 */
static int select_files(struct fd_sets *s, int n, struct poll_file *pf,
			int *fds)
{
	int cnt = 0;

	for (int fd = 0; fd < n; fd++) {
		poll_t events = 0;
		struct file *f;

		for (int k = 0; k < 3; k++)
			if (fd_in(s->set[k], fd))
				events |= select_mask[k];
		if (!events)
			continue;
		f = fget_raw(fd);
		if (IS_ERR(f)) {
			put_poll_files(pf, cnt);
			return (int)PTR_ERR(f);
		}
		if (f->f_flags & O_PATH) {
			fput(f);
			f = NULL;
		}
		pf[cnt] = (struct poll_file){ .file = f,
					      .events = (short)events,
					      .only_events = true };
		fds[cnt++] = fd;
	}
	return cnt;
}

/* The sets rewritten to what was found; the number of bits set. */
static int select_results(struct fd_sets *s, struct poll_file *pf,
			  const int *fds, int cnt)
{
	int found = 0;

	for (int i = 0; i < cnt; i++) {
		unsigned long bit = 1UL << (fds[i] % BITS_PER_LONG);
		unsigned int w = fds[i] / BITS_PER_LONG;

		for (int k = 0; k < 3; k++) {
			unsigned long *word = &s->set[k][w];

			if (!(*word & bit))
				continue;
			if ((poll_t)(u16)pf[i].revents & select_mask[k])
				found++;
			else
				*word &= ~bit;
		}
	}
	return found;
}

static int put_fd_sets(struct fd_sets *s)
{
	size_t bytes = s->words * sizeof(unsigned long);

	for (int k = 0; k < 3; k++)
		if (s->uset[k] && copy_to_user(s->uset[k], s->set[k], bytes))
			return -EFAULT;
	return 0;
}

/* The descriptor table's size: Linux clamps n to it (max_fds). */
static int fd_table_size(void)
{
	struct fdtable *t = current_process()->files;
	unsigned int cap;

	spin_lock(&t->lock);
	cap = t->capacity;
	spin_unlock(&t->lock);
	return (int)cap;
}

static long do_select(int n, struct fd_sets *s, const struct poll_timeout *to)
{
	struct poll_file *pf;
	int *fds, cnt;
	long r;

	if (n < 0)
		return -EINVAL;
	n = MIN(n, fd_table_size());
	s->words = (unsigned int)BITS_TO_LONGS((unsigned int)n);
	for (int k = 0; k < 3; k++)
		s->set[k] = kzalloc(s->words * sizeof(unsigned long));
	pf = kzalloc((size_t)n * sizeof(*pf));
	fds = kmalloc((size_t)n * sizeof(*fds));
	r = s->set[0] && s->set[1] && s->set[2] && pf && fds ? 0 : -ENOMEM;
	if (!r)
		r = get_fd_sets(s, n);
	cnt = r ? 0 : select_files(s, n, pf, fds);
	if (cnt < 0) {
		r = cnt;
		cnt = 0;
	}
	if (!r)
		r = vfs_poll(pf, (unsigned int)cnt, timeout_ms(to));
	if (r >= 0)
		r = select_results(s, pf, fds, cnt);
	if (r >= 0 && put_fd_sets(s))
		r = -EFAULT;
	put_poll_files(pf, cnt);
	for (int k = 0; k < 3; k++)
		kfree(s->set[k]);
	kfree(fds);
	kfree(pf);
	return r;
}

SYSCALL_DEFINE5(select, int, n, unsigned long __user *, inp,
		unsigned long __user *, outp, unsigned long __user *, exp,
		struct __kernel_old_timeval __user *, tvp)
{
	struct fd_sets s = { .uset = { inp, outp, exp } };
	struct poll_timeout to;
	long r = get_timeval_timeout(&to, tvp);

	if (r)
		return r;
	r = do_select(n, &s, &to);
	put_time_left(&to, tvp, true);
	return r;
}

/* pselect6's last argument: the signal mask and its size, packed. */
struct sigset_argpack {
	const u64 __user *mask;
	size_t size;
};

SYSCALL_DEFINE6(pselect6, int, n, unsigned long __user *, inp,
		unsigned long __user *, outp, unsigned long __user *, exp,
		struct __kernel_timespec __user *, tsp, void __user *, sig)
{
	struct fd_sets s = { .uset = { inp, outp, exp } };
	struct sigset_argpack pack = { NULL, 0 };
	struct poll_timeout to;
	long r;

	if (sig && copy_from_user(&pack, sig, sizeof(pack)))
		return -EFAULT;
	r = get_timespec_timeout(&to, tsp);
	if (!r)
		r = set_user_sigmask(pack.mask, pack.size);
	if (r)
		return r;
	r = end_user_sigmask(do_select(n, &s, &to));
	put_time_left(&to, tsp, false);
	return r;
}
