// SPDX-License-Identifier: GPL-2.0
/*
 * The clocks of clock_gettime(2) and clock_getres, the sleeps of
 * nanosleep and clock_nanosleep, gettimeofday and time, with Linux's
 * clock ids and errors.
 *
 * CLOCK_MONOTONIC, _RAW and CLOCK_BOOTTIME are all the clock source's
 * time since boot (no NTP slewing, no suspend); CLOCK_REALTIME and
 * CLOCK_TAI add the RTC's reading at boot (TAI offset 0, as Linux's until
 * something sets it). The _COARSE clocks read the same, at the tick's
 * resolution. The CPU-time clocks are the scheduler's accounting
 * (<mosaic/sched.h>): the calling thread's, its process's, or one named
 * by a negative id (clock_getcpuclockid(3)) of the caller itself. The
 * alarm clocks are EINVAL, as on a Linux without an RTC that can wake.
 *
 * Sleeps are on the tick, re-checked against the clock source, so they
 * never end early; they are interruptible sleeps of <mosaic/wait.h>: a
 * signal's handler ends them with EINTR and the time left, and a stop
 * and SIGCONT make them sleep on to the same end (restart_syscall).
 */
#include <mosaic/errno.h>
#include <mosaic/process.h>
#include <mosaic/resource.h>
#include <mosaic/rtc.h>
#include <mosaic/sched.h>
#include <mosaic/syscalls.h>
#include <mosaic/time.h>
#include <mosaic/timer.h>
#include <mosaic/uaccess.h>
#include <mosaic/wait.h>
#include <uapi/linux/time.h>

enum clock_kind {
	CK_MONO,	/* time since boot */
	CK_REAL,	/* wall-clock time */
	CK_CPU,		/* a CPU-time clock */
};

/* What a clock id names. */
struct clock {
	enum clock_kind kind;
	bool coarse;		/* tick resolution */
	int nsleep_err;		/* what clock_nanosleep says; 0: it sleeps */
	/* CK_CPU: */
	bool thread;		/* the calling thread's, else its process's */
	int which;		/* CPUCLOCK_PROF, _VIRT or _SCHED */
};

/* A negative id: ~pid << 3 | thread bit | kind; pid 0 is the caller. */
static int decode_cpu_clock(clockid_t id, struct clock *c)
{
	struct process *p = current_process();
	int pid = ~(id >> 3);
	int self;

	c->which = id & CPUCLOCK_CLOCK_MASK;
	c->thread = id & CPUCLOCK_PERTHREAD_MASK;
	if (c->which > CPUCLOCK_SCHED)
		return -EINVAL;
	/* A thread's own id names it; the first thread's is the pid. */
	self = p ? p->pid : current()->tid;
	/* TODO: other processes' clocks, once there is a pid lookup. */
	if (pid != 0 && pid != self)
		return -EINVAL;
	/* Linux sleeps on a process's CPU clock only, never a thread's. */
	c->nsleep_err = c->thread ? -EINVAL : 0;
	return 0;
}

static int clock_lookup(clockid_t id, struct clock *c)
{
	*c = (struct clock){ .kind = CK_MONO };
	if (id < 0) {
		c->kind = CK_CPU;
		return decode_cpu_clock(id, c);
	}
	switch (id) {
	case CLOCK_MONOTONIC:
	case CLOCK_BOOTTIME:
		return 0;
	case CLOCK_REALTIME:
	case CLOCK_TAI:
		c->kind = CK_REAL;
		return 0;
	case CLOCK_MONOTONIC_RAW:
		c->nsleep_err = -EOPNOTSUPP;
		return 0;
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_REALTIME_COARSE:
		c->kind = id == CLOCK_REALTIME_COARSE ? CK_REAL : CK_MONO;
		c->coarse = true;
		c->nsleep_err = -EOPNOTSUPP;
		return 0;
	case CLOCK_PROCESS_CPUTIME_ID:
	case CLOCK_THREAD_CPUTIME_ID:
		c->kind = CK_CPU;
		c->which = CPUCLOCK_SCHED;
		c->thread = id == CLOCK_THREAD_CPUTIME_ID;
		c->nsleep_err = c->thread ? -EOPNOTSUPP : 0;
		return 0;
	default:
		return -EINVAL;
	}
}

static u64 cpu_clock_read(const struct clock *c)
{
	struct process *p = current_process();
	struct thread_cputime ct;

	if (c->thread || !p)
		thread_cputime(current(), &ct);
	else
		process_cputime(p, &ct);
	if (c->which == CPUCLOCK_VIRT)
		return ct.utime_ns;
	return c->which == CPUCLOCK_PROF ? ct.utime_ns + ct.stime_ns :
					   ct.sum_ns;
}

static u64 clock_read(const struct clock *c)
{
	u64 ns;

	if (c->kind == CK_CPU)
		return cpu_clock_read(c);
	ns = c->kind == CK_REAL ? ktime_get_real_ns() : ktime_get_ns();
	/* A coarse clock reads as of the last tick, as Linux's does. */
	return c->coarse ? ns - ns % NSEC_PER_TICK : ns;
}

static u64 clock_resolution(const struct clock *c)
{
	if (c->coarse || (c->kind == CK_CPU && c->which != CPUCLOCK_SCHED))
		return NSEC_PER_TICK;
	return 1;	/* the clock source reads in nanoseconds */
}

static int put_ns(struct __kernel_timespec __user *uts, u64 ns)
{
	struct __kernel_timespec ts = {
		.tv_sec = (s64)(ns / NSEC_PER_SEC),
		.tv_nsec = (s64)(ns % NSEC_PER_SEC),
	};

	return copy_to_user(uts, &ts, sizeof(ts)) ? -EFAULT : 0;
}

int get_user_timespec_ns(const struct __kernel_timespec __user *uts,
			 u64 *ns)
{
	struct __kernel_timespec kts;
	struct timespec64 ts;

	if (copy_from_user(&kts, uts, sizeof(kts)))
		return -EFAULT;
	ts.tv_sec = kts.tv_sec;
	ts.tv_nsec = (long)kts.tv_nsec;
	if (!timespec64_valid(&ts))
		return -EINVAL;
	*ns = timespec64_to_ns(&ts);
	return 0;
}

SYSCALL_DEFINE2(clock_gettime, clockid_t, id, struct __kernel_timespec __user *,
		tp)
{
	struct clock c;
	int err = clock_lookup(id, &c);

	return err ? err : put_ns(tp, clock_read(&c));
}

SYSCALL_DEFINE2(clock_getres, clockid_t, id, struct __kernel_timespec __user *,
		tp)
{
	struct clock c;
	int err = clock_lookup(id, &c);

	if (err || !tp)
		return err;
	return put_ns(tp, clock_resolution(&c));
}

SYSCALL_DEFINE2(gettimeofday, struct __kernel_old_timeval __user *, tv,
		struct timezone __user *, tz)
{
	if (tv) {
		u64 ns = ktime_get_real_ns();
		struct __kernel_old_timeval v = {
			.tv_sec = (long)(ns / NSEC_PER_SEC),
			.tv_usec = (long)(ns % NSEC_PER_SEC / NSEC_PER_USEC),
		};

		if (copy_to_user(tv, &v, sizeof(v)))
			return -EFAULT;
	}
	if (tz) {
		/* Linux's sys_tz until settimeofday sets one: UTC. */
		struct timezone z = { 0, 0 };

		if (copy_to_user(tz, &z, sizeof(z)))
			return -EFAULT;
	}
	return 0;
}

SYSCALL_DEFINE1(time, s64 __user *, tloc)
{
	s64 now = (s64)(ktime_get_real_ns() / NSEC_PER_SEC);

	if (tloc && put_user(now, tloc))
		return -EFAULT;
	return now;
}

/* ----------------------------------------------------------------- sleeps */

/*
 * Sleep until monotonic time @end_ns: 0, or -EINTR for a signal. The
 * caller works out what is left from the same end.
 */
static int sleep_until(u64 end_ns)
{
	struct waiter w;
	int ret;

	waiter_init(&w);
	/* 0 means "no end" to the waiter: the first nanosecond will do. */
	end_ns = MAX(end_ns, 1);
	do
		ret = waiter_sleep_interruptible(&w, end_ns);
	while (!ret);	/* a wake with nothing to say: sleep on */
	return ret == -ETIMEDOUT ? 0 : ret;
}

/*
 * Sleep until the process's CPU time reaches @end_ns. Nothing announces
 * that, and the sleeper itself uses none, so look once a tick: only its
 * other threads (or a signal) can end it.
 */
static int sleep_cpu_until(const struct clock *c, u64 end_ns, u64 *left)
{
	struct waiter w;
	int ret = 0;

	waiter_init(&w);
	for (;;) {
		u64 now = clock_read(c), next_tick;

		*left = end_ns > now ? end_ns - now : 0;
		if (!*left || ret == -EINTR)
			return *left ? -EINTR : 0;
		next_tick = ktime_get_ns() + NSEC_PER_TICK;
		ret = waiter_sleep_interruptible(&w, next_tick);
	}
}

/* The time clock @c must read: @ns from now, or @ns itself (absolute). */
static u64 sleep_end(const struct clock *c, bool abs, u64 ns)
{
	if (c->kind == CK_CPU)
		return abs ? ns : ktime_add_safe_ns(clock_read(c), ns);
	if (!abs)
		return ktime_add_safe_ns(ktime_get_ns(), ns);
	if (c->kind == CK_REAL)		/* the offset stays: no settime yet */
		return ktime_real_to_mono_ns(ns);
	return ns;
}

/* Sleep to sleep_end()'s @end: 0, or -EINTR with *left still to go. */
static int sleep_to(const struct clock *c, u64 end, u64 *left)
{
	u64 now;
	int ret;

	*left = 0;
	if (c->kind == CK_CPU)
		return sleep_cpu_until(c, end, left);
	ret = sleep_until(end);
	if (ret == -EINTR) {
		now = ktime_get_ns();
		*left = end > now ? end - now : 0;
	}
	return ret;
}

static long nanosleep_restart(struct restart_block *rb);

/*
 * An interrupted sleep ends as Linux's does: a relative one writes what
 * was left to @rmtp and the call returns -ERESTART_RESTARTBLOCK, which
 * is EINTR when a handler runs (SA_RESTART or not) and otherwise
 * (a stop and SIGCONT) restart_syscall(2) sleeping on to the same end.
 */
static long sleep_result(clockid_t id, u64 end, int ret, u64 left,
			 struct __kernel_timespec __user *rmtp)
{
	struct restart_block *rb = &current()->sig.restart;

	if (ret != -EINTR)
		return ret;
	if (rmtp && put_ns(rmtp, left))
		return -EFAULT;
	rb->fn = nanosleep_restart;
	rb->arg[0] = (u64)id;
	rb->arg[1] = end;
	rb->arg[2] = (u64)(__force unsigned long)rmtp;
	return -ERESTART_RESTARTBLOCK;
}

static long nanosleep_restart(struct restart_block *rb)
{
	struct __kernel_timespec __user *rmtp =
		(struct __kernel_timespec __user *)(__force unsigned long)
			rb->arg[2];
	clockid_t id = (clockid_t)rb->arg[0];
	u64 end = rb->arg[1], left;
	struct clock c;
	int ret;

	/* A CPU clock's process may have gone meanwhile. */
	if (clock_lookup(id, &c))
		return -EINVAL;
	ret = sleep_to(&c, end, &left);
	return sleep_result(id, end, ret, left, rmtp);
}

SYSCALL_DEFINE2(nanosleep, const struct __kernel_timespec __user *, rqtp,
		struct __kernel_timespec __user *, rmtp)
{
	struct clock c;
	u64 ns, left, end;
	int err = get_user_timespec_ns(rqtp, &ns);

	if (err)
		return err;
	clock_lookup(CLOCK_MONOTONIC, &c);
	end = sleep_end(&c, false, ns);
	err = sleep_to(&c, end, &left);
	return sleep_result(CLOCK_MONOTONIC, end, err, left, rmtp);
}

/*
 * The clock first (EINVAL for an unknown one, EOPNOTSUPP for one that
 * cannot be slept on, EINVAL for a thread's CPU clock by its id), then
 * the time.
 * Flags other than TIMER_ABSTIME are ignored, as Linux ignores them; an
 * absolute sleep reports no time left.
 */
SYSCALL_DEFINE4(clock_nanosleep, clockid_t, id, int, flags,
		const struct __kernel_timespec __user *, rqtp,
		struct __kernel_timespec __user *, rmtp)
{
	bool abs = flags & TIMER_ABSTIME;
	struct clock c;
	u64 ns, left, end;
	int err = clock_lookup(id, &c);

	if (!err)
		err = c.nsleep_err;
	if (!err)
		err = get_user_timespec_ns(rqtp, &ns);
	if (err)
		return err;
	end = sleep_end(&c, abs, ns);
	err = sleep_to(&c, end, &left);
	return sleep_result(id, end, err, left, abs ? NULL : rmtp);
}
