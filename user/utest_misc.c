// SPDX-License-Identifier: GPL-2.0
/*
 * The user-space suite of the time, identity, resource and memory calls:
 * clocks and sleeps, uname and the host name, sysinfo, resource limits
 * and usage, getrandom, madvise and mremap, the user and group ids, and
 * a single thread's view of futex(2). Each case states Linux's result
 * and passes on Linux too (scripts/linux-user-test). Times are only
 * bounded below: a sleep of 20 ms takes at least 20 ms, never "at most".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/times.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ktap.h"

#define PAGE 4096UL
#define MSEC 1000000ULL
#define SEC 1000000000ULL
#define KERNEL_ADDR 0xffffffff81000000UL
#define GRND_NONBLOCK 1
#define GRND_RANDOM 2
#define GRND_INSECURE 4
#ifndef MADV_FREE
#define MADV_FREE 8
#endif
/* <linux/futex.h>'s values (musl-gcc has no kernel headers). */
#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_REQUEUE 3
#define FUTEX_CMP_REQUEUE 4
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE_BITSET 10
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_BITSET_MATCH_ANY 0xffffffffU

/*
 * Nothing is ever mapped at 16 TiB, on Linux or here: placement is
 * top-down from just below 128 TiB, programs load far lower.
 */
static char *const hole_page = (char *)0x100000000000UL;
static char *ro_page;

/* A raw system call's result as the kernel gave it: value or -errno. */
static long sys(long r)
{
	return r == -1 ? -errno : r;
}

static uint64_t ts_ns(const struct timespec *ts)
{
	return (uint64_t)ts->tv_sec * SEC + (uint64_t)ts->tv_nsec;
}

static uint64_t now_ns(clockid_t c)
{
	struct timespec ts;

	syscall(SYS_clock_gettime, c, &ts);
	return ts_ns(&ts);
}

static struct timespec ns_ts(uint64_t ns)
{
	struct timespec ts = { .tv_sec = (time_t)(ns / SEC),
			       .tv_nsec = (long)(ns % SEC) };

	return ts;
}

/* Spend about @ms of CPU time (by the monotonic clock: nothing else runs). */
static void burn(unsigned int ms)
{
	uint64_t end = now_ns(CLOCK_MONOTONIC) + ms * MSEC;
	volatile unsigned long x = 0;

	while (now_ns(CLOCK_MONOTONIC) < end)
		for (int i = 0; i < 10000; i++)
			x += (unsigned long)i;
}

static void make_ro_page(void)
{
	char *p = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1,
		       0);

	ro_page = p == MAP_FAILED ? NULL : p;
}

/*
 * A writable page with nothing mapped right above it: made when needed,
 * since any later mmap may fill a hole.
 */
static char *page_below_hole(void)
{
	char *p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	munmap(p + PAGE, PAGE);
	return p;
}

/* ---------------------------------------------------------------- clocks */

static void test_clock_gettime(void)
{
	static const clockid_t ok[] = {
		CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME_ID,
		CLOCK_THREAD_CPUTIME_ID, CLOCK_MONOTONIC_RAW,
		CLOCK_REALTIME_COARSE, CLOCK_MONOTONIC_COARSE, CLOCK_BOOTTIME,
		CLOCK_TAI,
	};
	static const clockid_t bad[] = { 10, 12, 16, 100, 1000 };
	struct timespec a, b;
	bool all = true, none = true;

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		a.tv_nsec = -1;
		if (syscall(SYS_clock_gettime, ok[i], &a) ||
		    a.tv_nsec < 0 || a.tv_nsec >= (long)SEC) {
			ktap_diag("clock %d", ok[i]);
			all = false;
		}
	}
	KTAP_EXPECT("clock_gettime_every_clock", all);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		none &= sys(syscall(SYS_clock_gettime, bad[i], &a)) == -EINVAL;
	KTAP_EXPECT("clock_gettime_bad_clock_einval", none);
	KTAP_EXPECT("clock_gettime_efault",
		    sys(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, NULL)) ==
				    -EFAULT &&
		    sys(syscall(SYS_clock_gettime, CLOCK_REALTIME,
				KERNEL_ADDR)) == -EFAULT &&
		    sys(syscall(SYS_clock_gettime, CLOCK_MONOTONIC,
				ro_page)) == -EFAULT);
	syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &a);
	syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &b);
	KTAP_EXPECT("monotonic_never_goes_back", ts_ns(&b) >= ts_ns(&a));
	syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &a);
	syscall(SYS_clock_gettime, CLOCK_BOOTTIME, &b);
	KTAP_EXPECT("boottime_not_behind_monotonic", ts_ns(&b) >= ts_ns(&a));
	/* The RTC's date: after 2020-01-01. */
	syscall(SYS_clock_gettime, CLOCK_REALTIME, &a);
	KTAP_EXPECT("realtime_is_a_date", a.tv_sec > 1577836800);
}

static void test_clock_getres(void)
{
	struct timespec r = { -1, -1 }, c = { -1, -1 };
	long rr = syscall(SYS_clock_getres, CLOCK_MONOTONIC, &r);
	long rc = syscall(SYS_clock_getres, CLOCK_MONOTONIC_COARSE, &c);

	/* At most a tick (10 ms at 100 Hz, 4 ms on Debian's 250 Hz). */
	KTAP_EXPECT("clock_getres", rr == 0 && r.tv_sec == 0 &&
			  r.tv_nsec > 0 && r.tv_nsec <= 10 * (long)MSEC &&
			  rc == 0 && c.tv_sec == 0 && c.tv_nsec >= r.tv_nsec &&
			  c.tv_nsec <= 10 * (long)MSEC);
	KTAP_EXPECT("clock_getres_null_and_errors",
		    syscall(SYS_clock_getres, CLOCK_REALTIME, NULL) == 0 &&
		    sys(syscall(SYS_clock_getres, 100, &r)) == -EINVAL &&
		    sys(syscall(SYS_clock_getres, 100, NULL)) == -EINVAL &&
		    sys(syscall(SYS_clock_getres, CLOCK_REALTIME,
				hole_page)) == -EFAULT);
}

static void test_cputime(void)
{
	uint64_t t0 = now_ns(CLOCK_THREAD_CPUTIME_ID), t1, p1;
	struct timespec ts;
	clockid_t self;

	burn(30);
	t1 = now_ns(CLOCK_THREAD_CPUTIME_ID);
	p1 = now_ns(CLOCK_PROCESS_CPUTIME_ID);
	KTAP_EXPECT("cputime_advances_while_running", t1 > t0 && p1 >= t1);
	/* clock_getcpuclockid(0): the process's clock by a negative id. */
	KTAP_EXPECT("cpuclockid_self",
		    clock_getcpuclockid(0, &self) == 0 &&
		    syscall(SYS_clock_gettime, self, &ts) == 0 &&
		    ts_ns(&ts) >= p1);
}

static void test_gettimeofday_time(void)
{
	struct timeval tv;
	struct timezone tz = { -1, -1 };
	long t, tloc = 0;
	uint64_t real = now_ns(CLOCK_REALTIME) / SEC;

	KTAP_EXPECT("gettimeofday", syscall(SYS_gettimeofday, &tv, &tz) == 0 &&
			  tv.tv_usec >= 0 && tv.tv_usec < 1000000 &&
			  (uint64_t)tv.tv_sec >= real &&
			  (uint64_t)tv.tv_sec <= real + 2 &&
			  tz.tz_minuteswest == 0 && tz.tz_dsttime == 0);
	KTAP_EXPECT("gettimeofday_null_and_efault",
		    syscall(SYS_gettimeofday, NULL, NULL) == 0 &&
		    sys(syscall(SYS_gettimeofday, hole_page, NULL)) ==
				    -EFAULT &&
		    sys(syscall(SYS_gettimeofday, NULL, ro_page)) == -EFAULT);
	t = syscall(SYS_time, &tloc);
	KTAP_EXPECT("time", t == tloc && (uint64_t)t >= real &&
				    (uint64_t)t <= real + 2 &&
				    syscall(SYS_time, NULL) >= t);
	KTAP_EXPECT("time_efault",
		    sys(syscall(SYS_time, KERNEL_ADDR)) == -EFAULT);
}

/* ---------------------------------------------------------------- sleeps */

static void test_nanosleep(void)
{
	struct timespec req = ns_ts(20 * MSEC), rem = { 7, 7 };
	uint64_t t0 = now_ns(CLOCK_MONOTONIC);
	long r = syscall(SYS_nanosleep, &req, &rem);
	uint64_t t1 = now_ns(CLOCK_MONOTONIC);
	struct timespec zero = { 0, 0 }, bad1 = { 0, 1000000000 },
			bad2 = { 0, -1 }, bad3 = { -1, 0 };

	KTAP_EXPECT("nanosleep_20ms", r == 0 && t1 - t0 >= 20 * MSEC);
	KTAP_EXPECT("nanosleep_zero", syscall(SYS_nanosleep, &zero, NULL) == 0);
	KTAP_EXPECT("nanosleep_einval",
		    sys(syscall(SYS_nanosleep, &bad1, NULL)) == -EINVAL &&
		    sys(syscall(SYS_nanosleep, &bad2, NULL)) == -EINVAL &&
		    sys(syscall(SYS_nanosleep, &bad3, NULL)) == -EINVAL);
	KTAP_EXPECT("nanosleep_efault",
		    sys(syscall(SYS_nanosleep, NULL, NULL)) == -EFAULT &&
		    sys(syscall(SYS_nanosleep, hole_page, NULL)) == -EFAULT);
}

/* An absolute sleep to 20 ms from now on @c: it ends once @c is there. */
static bool abs_sleep_20ms(clockid_t c)
{
	uint64_t end = now_ns(c) + 20 * MSEC;
	struct timespec req = ns_ts(end);

	return syscall(SYS_clock_nanosleep, c, TIMER_ABSTIME, &req, NULL) ==
		       0 &&
	       now_ns(c) >= end;
}

static void test_clock_nanosleep(void)
{
	struct timespec req = ns_ts(20 * MSEC), bad = { 0, 1000000000 };
	uint64_t t0 = now_ns(CLOCK_MONOTONIC), t1;
	long r = syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &req, NULL);

	t1 = now_ns(CLOCK_MONOTONIC);
	KTAP_EXPECT("clock_nanosleep_relative", r == 0 &&
						 t1 - t0 >= 20 * MSEC);
	KTAP_EXPECT("clock_nanosleep_abs_monotonic",
		    abs_sleep_20ms(CLOCK_MONOTONIC));
	KTAP_EXPECT("clock_nanosleep_abs_realtime",
		    abs_sleep_20ms(CLOCK_REALTIME));
	req = ns_ts(1);
	KTAP_EXPECT("clock_nanosleep_abs_past",
		    syscall(SYS_clock_nanosleep, CLOCK_BOOTTIME, TIMER_ABSTIME,
			    &req, NULL) == 0 &&
		    syscall(SYS_clock_nanosleep, CLOCK_PROCESS_CPUTIME_ID,
			    TIMER_ABSTIME, &req, NULL) == 0);
	req = ns_ts(MSEC);
	KTAP_EXPECT("clock_nanosleep_errors",
		    sys(syscall(SYS_clock_nanosleep, 100, 0, &req, NULL)) ==
				    -EINVAL &&
		    sys(syscall(SYS_clock_nanosleep, CLOCK_THREAD_CPUTIME_ID,
				0, &req, NULL)) == -EOPNOTSUPP &&
		    sys(syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC_RAW, 0,
				&req, NULL)) == -EOPNOTSUPP &&
		    sys(syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &bad,
				NULL)) == -EINVAL &&
		    sys(syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, NULL,
				NULL)) == -EFAULT);
	KTAP_EXPECT("sched_yield", syscall(SYS_sched_yield) == 0);
}

/* ------------------------------------------------------ uname, sysinfo */

static void test_uname(void)
{
	struct utsname u;
	char old[65], name[65];

	memset(&u, 0x7f, sizeof(u));
	KTAP_EXPECT("uname", syscall(SYS_uname, &u) == 0 && u.sysname[0] &&
			  !strcmp(u.machine, "x86_64") &&
			  u.release[0] >= '0' && u.release[0] <= '9' &&
			  memchr(u.version, 0, sizeof(u.version)) &&
			  memchr(u.nodename, 0, sizeof(u.nodename)));
	KTAP_EXPECT("uname_efault", sys(syscall(SYS_uname, NULL)) == -EFAULT &&
			  sys(syscall(SYS_uname, ro_page)) == -EFAULT);
	strcpy(old, u.nodename);
	/* len bytes without a NUL: the name is exactly those. */
	memset(name, 'h', 64);
	KTAP_EXPECT("sethostname",
		    syscall(SYS_sethostname, "mosaic-utestXXX", 12) == 0 &&
		    syscall(SYS_uname, &u) == 0 &&
		    !strcmp(u.nodename, "mosaic-utest") &&
		    syscall(SYS_sethostname, name, 64) == 0 &&
		    syscall(SYS_uname, &u) == 0 && strlen(u.nodename) == 64);
	KTAP_EXPECT("sethostname_errors",
		    sys(syscall(SYS_sethostname, name, 65)) == -EINVAL &&
		    sys(syscall(SYS_sethostname, name, -1)) == -EINVAL &&
		    sys(syscall(SYS_sethostname, hole_page, 8)) == -EFAULT);
	syscall(SYS_sethostname, old, strlen(old));
	strcpy(old, u.domainname);
	KTAP_EXPECT("setdomainname",
		    syscall(SYS_setdomainname, "example", 7) == 0 &&
		    syscall(SYS_uname, &u) == 0 &&
		    !strcmp(u.domainname, "example") &&
		    sys(syscall(SYS_setdomainname, name, 65)) == -EINVAL);
	syscall(SYS_setdomainname, old, strlen(old));
}

static void test_sysinfo(void)
{
	struct sysinfo si;

	memset(&si, 0xff, sizeof(si));
	KTAP_EXPECT("sysinfo", syscall(SYS_sysinfo, &si) == 0 &&
			  si.uptime >= 1 && si.mem_unit == 1 &&
			  si.totalram > 0 && si.freeram > 0 &&
			  si.freeram <= si.totalram && si.procs >= 1 &&
			  si.totalswap == 0);
	KTAP_EXPECT("sysinfo_efault",
		    sys(syscall(SYS_sysinfo, NULL)) == -EFAULT &&
		    sys(syscall(SYS_sysinfo, ro_page)) == -EFAULT);
}

/* ------------------------------------------------------------- limits */

static bool lim_is(int res, rlim_t cur, rlim_t max)
{
	struct rlimit r;

	return !syscall(SYS_getrlimit, res, &r) && r.rlim_cur == cur &&
	       r.rlim_max == max;
}

static void test_getrlimit(void)
{
	struct rlimit nofile, stack, r;
	bool ok = true;

	syscall(SYS_getrlimit, RLIMIT_NOFILE, &nofile);
	syscall(SYS_getrlimit, RLIMIT_STACK, &stack);
	/* Linux's defaults for init: the soft limits every process starts with. */
	KTAP_EXPECT("getrlimit_defaults",
		    nofile.rlim_cur == 1024 && nofile.rlim_max >= 1024 &&
		    stack.rlim_cur == 8UL << 20 &&
		    stack.rlim_max == RLIM_INFINITY &&
		    lim_is(RLIMIT_CORE, 0, RLIM_INFINITY) &&
		    lim_is(RLIMIT_AS, RLIM_INFINITY, RLIM_INFINITY));
	for (int res = 0; res < RLIM_NLIMITS; res++)
		ok &= !syscall(SYS_getrlimit, res, &r) &&
		      r.rlim_cur <= r.rlim_max;
	KTAP_EXPECT("getrlimit_every_resource", ok);
	KTAP_EXPECT("getrlimit_errors",
		    sys(syscall(SYS_getrlimit, RLIM_NLIMITS, &r)) == -EINVAL &&
		    sys(syscall(SYS_getrlimit, 1000, &r)) == -EINVAL &&
		    sys(syscall(SYS_getrlimit, RLIMIT_NOFILE, ro_page)) ==
				    -EFAULT);
}

/* A lower RLIMIT_NOFILE binds the descriptor calls, as on Linux. */
static void test_rlimit_nofile(void)
{
	struct rlimit old, low;
	int a, b, c;

	syscall(SYS_getrlimit, RLIMIT_NOFILE, &old);
	low.rlim_cur = 5;
	low.rlim_max = old.rlim_max;
	KTAP_EXPECT("setrlimit_nofile",
		    syscall(SYS_setrlimit, RLIMIT_NOFILE, &low) == 0 &&
		    lim_is(RLIMIT_NOFILE, 5, old.rlim_max));
	a = dup(0);
	b = dup(0);
	c = dup(0);
	KTAP_EXPECT("nofile_limits_descriptors",
		    a == 3 && b == 4 && c == -1 && errno == EMFILE &&
		    sys(dup2(0, 5)) == -EBADF &&
		    sys(fcntl(0, F_DUPFD, 5)) == -EINVAL &&
		    fcntl(0, F_DUPFD, 4) == -1 && errno == EMFILE);
	close(a);
	close(b);
	syscall(SYS_setrlimit, RLIMIT_NOFILE, &old);
	KTAP_EXPECT("nofile_restored", lim_is(RLIMIT_NOFILE, old.rlim_cur,
					      old.rlim_max) &&
					       (a = dup2(0, 100)) == 100 &&
					       close(a) == 0);
}

static void test_setrlimit(void)
{
	struct rlimit old, r = { 10, 5 };
	struct { uint64_t rlim_cur, rlim_max; } o64, n64;

	syscall(SYS_getrlimit, RLIMIT_CORE, &old);
	KTAP_EXPECT("setrlimit_errors",
		    sys(syscall(SYS_setrlimit, RLIMIT_CORE, &r)) == -EINVAL &&
		    sys(syscall(SYS_setrlimit, RLIM_NLIMITS, &old)) ==
				    -EINVAL &&
		    sys(syscall(SYS_setrlimit, RLIMIT_CORE, hole_page)) ==
				    -EFAULT);
	r.rlim_cur = 0;
	r.rlim_max = 4096;
	KTAP_EXPECT("setrlimit_lower_hard",
		    syscall(SYS_setrlimit, RLIMIT_CORE, &r) == 0 &&
		    lim_is(RLIMIT_CORE, 0, 4096));
	/* prlimit64: old and new in one call, on itself by 0 or its pid. */
	n64.rlim_cur = 0;
	n64.rlim_max = RLIM_INFINITY;
	KTAP_EXPECT("prlimit64",
		    syscall(SYS_prlimit64, 0, RLIMIT_CORE, &n64, &o64) == 0 &&
		    o64.rlim_cur == 0 && o64.rlim_max == 4096 &&
		    syscall(SYS_prlimit64, getpid(), RLIMIT_CORE, NULL,
			    &o64) == 0 &&
		    o64.rlim_max == RLIM_INFINITY &&
		    lim_is(RLIMIT_CORE, old.rlim_cur, old.rlim_max));
	KTAP_EXPECT("prlimit64_errors",
		    sys(syscall(SYS_prlimit64, 0, 99, NULL, &o64)) == -EINVAL &&
		    sys(syscall(SYS_prlimit64, 0, RLIMIT_CORE, hole_page,
				NULL)) == -EFAULT &&
		    sys(syscall(SYS_prlimit64, 0, RLIMIT_CORE, NULL,
				ro_page)) == -EFAULT &&
		    sys(syscall(SYS_prlimit64, 30000, RLIMIT_CORE, NULL,
				&o64)) == -ESRCH);
}

/* -------------------------------------------------------------- usage */

/* User plus system time of @r, in microseconds. */
static long cpu_us(const struct rusage *r)
{
	return r->ru_utime.tv_sec * 1000000 + r->ru_utime.tv_usec +
	       r->ru_stime.tv_sec * 1000000 + r->ru_stime.tv_usec;
}

static void test_getrusage(void)
{
	struct rusage self, thread, children;
	char *mem = mmap(NULL, 4 << 20, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (mem != MAP_FAILED)
		memset(mem, 1, 4 << 20);
	burn(20);
	KTAP_EXPECT("getrusage_self",
		    syscall(SYS_getrusage, RUSAGE_SELF, &self) == 0 &&
		    cpu_us(&self) > 0 &&
		    self.ru_utime.tv_usec < 1000000 &&
		    /*
		     * The 4 MiB touched above, in KiB: at least half, as
		     * Linux 6.1 counts a thread's last faults late.
		     */
		    self.ru_maxrss >= 2048);
	KTAP_EXPECT("getrusage_thread_children",
		    syscall(SYS_getrusage, RUSAGE_THREAD, &thread) == 0 &&
		    thread.ru_maxrss >= 2048 &&
		    syscall(SYS_getrusage, RUSAGE_CHILDREN, &children) == 0 &&
		    children.ru_utime.tv_sec == 0 &&
		    children.ru_utime.tv_usec == 0 &&
		    children.ru_stime.tv_sec == 0 &&
		    children.ru_stime.tv_usec == 0);
	KTAP_EXPECT("getrusage_errors",
		    sys(syscall(SYS_getrusage, 2, &self)) == -EINVAL &&
		    sys(syscall(SYS_getrusage, -2, &self)) == -EINVAL &&
		    sys(syscall(SYS_getrusage, RUSAGE_SELF, ro_page)) ==
				    -EFAULT);
	if (mem != MAP_FAILED)
		munmap(mem, 4 << 20);
}

static void test_times(void)
{
	struct tms t;
	struct timespec req = ns_ts(40 * MSEC);
	long c0 = syscall(SYS_times, &t), c1;

	syscall(SYS_nanosleep, &req, NULL);
	c1 = syscall(SYS_times, NULL);
	/* 40 ms is at least 3 whole ticks of 10 ms: 2 even when rounded. */
	KTAP_EXPECT("times", c0 != -1 && c1 - c0 >= 2 && t.tms_utime >= 0 &&
			  t.tms_stime >= 0 && t.tms_cutime == 0 &&
			  t.tms_cstime == 0);
	KTAP_EXPECT("times_efault", sys(syscall(SYS_times, ro_page)) == -EFAULT);
}

/* ---------------------------------------------------------- getrandom */

static void test_getrandom(void)
{
	unsigned char a[64], b[64];
	static unsigned char big[1 << 20];
	char *p;
	long r;
	int zeros = 0;

	KTAP_EXPECT("getrandom", syscall(SYS_getrandom, a, sizeof(a), 0) == 64 &&
			  syscall(SYS_getrandom, b, sizeof(b), 0) == 64 &&
			  memcmp(a, b, sizeof(a)));
	for (size_t i = 0; i < sizeof(a); i++)
		zeros += !a[i];
	KTAP_EXPECT("getrandom_not_zero", zeros < 16);
	KTAP_EXPECT("getrandom_flags",
		    syscall(SYS_getrandom, a, 16, GRND_NONBLOCK) == 16 &&
		    syscall(SYS_getrandom, a, 16, GRND_RANDOM) == 16 &&
		    syscall(SYS_getrandom, a, 16,
			    GRND_RANDOM | GRND_NONBLOCK) == 16 &&
		    syscall(SYS_getrandom, a, 16, GRND_INSECURE) == 16 &&
		    syscall(SYS_getrandom, a, 0, 0) == 0);
	KTAP_EXPECT("getrandom_bad_flags",
		    sys(syscall(SYS_getrandom, a, 16,
				GRND_INSECURE | GRND_RANDOM)) == -EINVAL &&
		    sys(syscall(SYS_getrandom, a, 16, 8)) == -EINVAL &&
		    sys(syscall(SYS_getrandom, a, 16, 0x80000000)) == -EINVAL);
	/* Bytes up to a fault count; none at all is EFAULT. */
	p = page_below_hole();
	r = p ? syscall(SYS_getrandom, p + PAGE - 16, 64, 0) : 0;
	KTAP_EXPECT("getrandom_partial_and_efault",
		    r > 0 && r <= 16 &&
		    sys(syscall(SYS_getrandom, NULL, 16, 0)) == -EFAULT &&
		    sys(syscall(SYS_getrandom, hole_page, 16, 0)) == -EFAULT &&
		    sys(syscall(SYS_getrandom, KERNEL_ADDR, 16, 0)) == -EFAULT);
	KTAP_EXPECT("getrandom_1mib",
		    syscall(SYS_getrandom, big, sizeof(big), 0) ==
			    (long)sizeof(big));
}

/* ------------------------------------------------------ madvise, mremap */

static bool all_bytes(const char *p, size_t n, char c)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != c)
			return false;
	return true;
}

static void test_madvise(void)
{
	char *p = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *s = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	bool hints = true;
	char *below;

	if (p == MAP_FAILED || s == MAP_FAILED)
		return;
	memset(p, 'a', 4 * PAGE);
	KTAP_EXPECT("madvise_dontneed_zeroes",
		    madvise(p + PAGE, 2 * PAGE, MADV_DONTNEED) == 0 &&
		    p[0] == 'a' && all_bytes(p + PAGE, 2 * PAGE, 0) &&
		    p[3 * PAGE] == 'a');
	memset(s, 's', PAGE);
	KTAP_EXPECT("madvise_dontneed_shared_keeps",
		    madvise(s, PAGE, MADV_DONTNEED) == 0 &&
		    all_bytes(s, PAGE, 's'));
	for (int adv = MADV_NORMAL; adv <= MADV_WILLNEED; adv++)
		hints &= madvise(p, 4 * PAGE, adv) == 0;
	KTAP_EXPECT("madvise_hints", hints && madvise(p, 0, MADV_NORMAL) == 0 &&
			  madvise(p, 4 * PAGE, MADV_FREE) == 0);
	KTAP_EXPECT("madvise_einval",
		    sys(madvise(p + 1, PAGE, MADV_DONTNEED)) == -EINVAL &&
		    sys(madvise(p, PAGE, 1000)) == -EINVAL &&
		    sys(madvise(p, PAGE, -1)) == -EINVAL &&
		    sys(madvise(s, PAGE, MADV_FREE)) == -EINVAL);
	/* A hole in the range: ENOMEM, and the area before it is done. */
	below = page_below_hole();
	if (below)
		below[0] = 'b';
	KTAP_EXPECT("madvise_hole_enomem",
		    sys(madvise(hole_page, PAGE, MADV_NORMAL)) == -ENOMEM &&
		    below &&
		    sys(madvise(below, 2 * PAGE, MADV_DONTNEED)) == -ENOMEM &&
		    below[0] == 0);
	munmap(p, 4 * PAGE);
	munmap(s, PAGE);
}

static void test_mremap(void)
{
	char *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *q, *two, *dst;

	if (p == MAP_FAILED)
		return;
	memset(p, 'm', PAGE);
	q = mremap(p, PAGE, 3 * PAGE, MREMAP_MAYMOVE);
	KTAP_EXPECT("mremap_grow", q != MAP_FAILED && all_bytes(q, PAGE, 'm') &&
			  all_bytes(q + PAGE, 2 * PAGE, 0));
	KTAP_EXPECT("mremap_shrink", q != MAP_FAILED &&
			  mremap(q, 3 * PAGE, PAGE, 0) == q &&
			  all_bytes(q, PAGE, 'm'));
	two = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	/* Not at its area's end: growing needs a move. */
	KTAP_EXPECT("mremap_no_maymove_enomem",
		    two != MAP_FAILED &&
		    mremap(two, PAGE, 2 * PAGE, 0) == MAP_FAILED &&
		    errno == ENOMEM);
	dst = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	KTAP_EXPECT("mremap_fixed",
		    dst != MAP_FAILED &&
		    mremap(q, PAGE, PAGE, MREMAP_MAYMOVE | MREMAP_FIXED,
			   dst) == dst &&
		    all_bytes(dst, PAGE, 'm'));
	KTAP_EXPECT("mremap_einval",
		    sys((long)mremap(dst, PAGE, PAGE, MREMAP_FIXED, two)) ==
				    -EINVAL &&
		    sys((long)mremap(dst + 1, PAGE, PAGE, 0)) == -EINVAL &&
		    sys((long)mremap(dst, PAGE, 0, 0)) == -EINVAL &&
		    sys(syscall(SYS_mremap, dst, PAGE, PAGE, 0x80, 0)) ==
				    -EINVAL);
	KTAP_EXPECT("mremap_unmapped_efault",
		    sys((long)mremap(hole_page, PAGE, 2 * PAGE,
				     MREMAP_MAYMOVE)) == -EFAULT);
	munmap(dst, PAGE);
	munmap(two, 2 * PAGE);
}

/* ----------------------------------------------------------------- ids */

/* getresuid or getresgid (@nr) gives these three ids. */
static bool res_ids_are(long nr, unsigned int r, unsigned int e,
			unsigned int s)
{
	unsigned int a = 9, b = 9, c = 9;

	return !syscall(nr, &a, &b, &c) && a == r && b == e && c == s;
}

#define resuid_is(r, e, s) res_ids_are(SYS_getresuid, r, e, s)
#define resgid_is(r, e, s) res_ids_are(SYS_getresgid, r, e, s)

static void test_uids(void)
{
	KTAP_EXPECT("getresuid_root", resuid_is(0, 0, 0) && resgid_is(0, 0, 0));
	KTAP_EXPECT("getresuid_efault",
		    sys(syscall(SYS_getresuid, ro_page, ro_page, ro_page)) ==
				    -EFAULT &&
		    sys(syscall(SYS_getresgid, NULL, NULL, NULL)) == -EFAULT);
	/* Give up root for the effective id only: it can come back. */
	KTAP_EXPECT("setresuid_effective",
		    syscall(SYS_setresuid, -1, 1000, -1) == 0 &&
		    geteuid() == 1000 && getuid() == 0 &&
		    resuid_is(0, 1000, 0));
	KTAP_EXPECT("unprivileged_refused",
		    sys(syscall(SYS_setuid, 2000)) == -EPERM &&
		    sys(syscall(SYS_setresuid, 2000, -1, -1)) == -EPERM &&
		    sys(syscall(SYS_setreuid, -1, 2000)) == -EPERM &&
		    sys(syscall(SYS_setgroups, 0, NULL)) == -EPERM &&
		    sys(syscall(SYS_setgid, 5)) == -EPERM &&
		    sys(syscall(SYS_sethostname, "x", 1)) == -EPERM);
	/* Unprivileged setuid to the real (or saved) id: the effective one only. */
	KTAP_EXPECT("setuid_back_to_root",
		    syscall(SYS_setuid, 0) == 0 && resuid_is(0, 0, 0));
	/* Real id set: the saved one follows the effective one. */
	KTAP_EXPECT("setreuid",
		    syscall(SYS_setreuid, 1000, -1) == 0 &&
		    resuid_is(1000, 0, 0) &&
		    syscall(SYS_setreuid, 0, -1) == 0 && resuid_is(0, 0, 0) &&
		    syscall(SYS_setreuid, -1, 1000) == 0 &&
		    resuid_is(0, 1000, 1000) &&
		    syscall(SYS_setreuid, -1, 0) == 0 &&
		    syscall(SYS_setresuid, 0, 0, 0) == 0 && resuid_is(0, 0, 0));
	/* setfsuid returns the old id, and -1 only asks. */
	KTAP_EXPECT("setfsuid", syscall(SYS_setfsuid, 1000) == 0 &&
			  syscall(SYS_setfsuid, -1) == 1000 &&
			  syscall(SYS_setfsuid, 0) == 1000 &&
			  syscall(SYS_setfsuid, -1) == 0);
	KTAP_EXPECT("setuid_invalid", sys(syscall(SYS_setuid, -1)) == -EINVAL &&
			  sys(syscall(SYS_setgid, -1)) == -EINVAL);
}

static void test_gids(void)
{
	/* Root: setgid sets all three; back the same way. */
	KTAP_EXPECT("setgid_root", syscall(SYS_setgid, 100) == 0 &&
			  resgid_is(100, 100, 100) && getgid() == 100 &&
			  getegid() == 100 && syscall(SYS_setgid, 0) == 0 &&
			  resgid_is(0, 0, 0));
	KTAP_EXPECT("setresgid_setregid",
		    syscall(SYS_setresgid, -1, 50, 60) == 0 &&
		    resgid_is(0, 50, 60) &&
		    syscall(SYS_setregid, 70, -1) == 0 &&
		    resgid_is(70, 50, 50) &&
		    syscall(SYS_setresgid, 0, 0, 0) == 0 && resgid_is(0, 0, 0));
}

static void test_groups(void)
{
	unsigned int set[3] = { 30, 10, 20 }, got[4] = { 0 };
	unsigned int badset[2] = { 1, 0xffffffff };

	KTAP_EXPECT("getgroups_none",
		    syscall(SYS_getgroups, 0, NULL) == 0 &&
		    syscall(SYS_getgroups, 4, got) == 0);
	KTAP_EXPECT("setgroups_sorted",
		    syscall(SYS_setgroups, 3, set) == 0 &&
		    syscall(SYS_getgroups, 0, NULL) == 3 &&
		    syscall(SYS_getgroups, 4, got) == 3 && got[0] == 10 &&
		    got[1] == 20 && got[2] == 30);
	KTAP_EXPECT("groups_errors",
		    sys(syscall(SYS_getgroups, 2, got)) == -EINVAL &&
		    sys(syscall(SYS_getgroups, -1, got)) == -EINVAL &&
		    sys(syscall(SYS_getgroups, 3, ro_page)) == -EFAULT &&
		    sys(syscall(SYS_setgroups, -1, set)) == -EINVAL &&
		    sys(syscall(SYS_setgroups, 65537, set)) == -EINVAL &&
		    sys(syscall(SYS_setgroups, 2, badset)) == -EINVAL &&
		    sys(syscall(SYS_setgroups, 2, hole_page)) == -EFAULT &&
		    syscall(SYS_getgroups, 0, NULL) == 3);
	KTAP_EXPECT("setgroups_clear", syscall(SYS_setgroups, 0, NULL) == 0 &&
			  syscall(SYS_getgroups, 0, NULL) == 0);
}

/* --------------------------------------------------------------- futex */

static long futex(void *uaddr, int op, unsigned int val, const void *ts,
		  void *uaddr2, unsigned int val3)
{
	return sys(syscall(SYS_futex, uaddr, op, val, ts, uaddr2, val3));
}

#define PRIV(op) ((op) | FUTEX_PRIVATE_FLAG)

static void test_futex_basic(void)
{
	static uint32_t word = 5, other;
	struct timespec zero = { 0, 0 };

	KTAP_EXPECT("futex_wait_value_mismatch_eagain",
		    futex(&word, PRIV(FUTEX_WAIT), 4, NULL, NULL, 0) ==
				    -EAGAIN &&
		    futex(&word, FUTEX_WAIT, 6, &zero, NULL, 0) == -EAGAIN);
	KTAP_EXPECT("futex_wake_nobody",
		    futex(&word, PRIV(FUTEX_WAKE), 1, NULL, NULL, 0) == 0 &&
		    futex(&word, FUTEX_WAKE, 100, NULL, NULL, 0) == 0 &&
		    futex(&word, PRIV(FUTEX_WAKE_BITSET), 1, NULL, NULL, 3) ==
				    0 &&
		    futex(&word, PRIV(FUTEX_REQUEUE), 1, (void *)1, &other,
			  0) == 0 &&
		    futex(&word, PRIV(FUTEX_CMP_REQUEUE), 1, (void *)1, &other,
			  5) == 0);
	KTAP_EXPECT("futex_unaligned_einval",
		    futex((char *)&word + 1, PRIV(FUTEX_WAIT), 5, NULL, NULL,
			  0) == -EINVAL &&
		    futex((char *)&word + 2, FUTEX_WAKE, 1, NULL, NULL, 0) ==
				    -EINVAL);
	KTAP_EXPECT("futex_efault",
		    futex(NULL, PRIV(FUTEX_WAIT), 0, NULL, NULL, 0) ==
				    -EFAULT &&
		    futex(hole_page, PRIV(FUTEX_WAIT), 0, NULL, NULL, 0) ==
				    -EFAULT &&
		    futex((void *)KERNEL_ADDR, PRIV(FUTEX_WAKE), 1, NULL, NULL,
			  0) == -EFAULT &&
		    /* A shared wake looks the page up; a private one does not. */
		    futex(hole_page, FUTEX_WAKE, 1, NULL, NULL, 0) == -EFAULT &&
		    futex(hole_page, PRIV(FUTEX_WAKE), 1, NULL, NULL, 0) == 0 &&
		    futex(&word, PRIV(FUTEX_WAIT), 5, hole_page, NULL, 0) ==
				    -EFAULT);
	KTAP_EXPECT("futex_bad_op",
		    futex(&word, PRIV(99), 0, NULL, NULL, 0) == -ENOSYS &&
		    futex(&word, PRIV(FUTEX_WAKE) | FUTEX_CLOCK_REALTIME, 1,
			  NULL, NULL, 0) == -ENOSYS &&
		    futex(&word, PRIV(FUTEX_WAIT_BITSET), 5, NULL, NULL, 0) ==
				    -EINVAL &&
		    futex(&word, PRIV(FUTEX_WAKE_BITSET), 1, NULL, NULL, 0) ==
				    -EINVAL &&
		    futex(&word, PRIV(FUTEX_CMP_REQUEUE), -1, NULL, &other,
			  5) == -EINVAL &&
		    futex(&word, PRIV(FUTEX_CMP_REQUEUE), 1, NULL, &other,
			  4) == -EAGAIN);
}

static void test_futex_timeouts(void)
{
	static uint32_t word = 7;
	struct timespec rel = ns_ts(30 * MSEC), bad = { 0, 1000000000 }, abs;
	uint64_t t0 = now_ns(CLOCK_MONOTONIC), end;
	long r = futex(&word, PRIV(FUTEX_WAIT), 7, &rel, NULL, 0);

	KTAP_EXPECT("futex_wait_relative_timeout",
		    r == -ETIMEDOUT && now_ns(CLOCK_MONOTONIC) - t0 >= 30 * MSEC);
	end = now_ns(CLOCK_MONOTONIC) + 30 * MSEC;
	abs = ns_ts(end);
	r = futex(&word, PRIV(FUTEX_WAIT_BITSET), 7, &abs, NULL,
		  FUTEX_BITSET_MATCH_ANY);
	KTAP_EXPECT("futex_wait_bitset_absolute",
		    r == -ETIMEDOUT && now_ns(CLOCK_MONOTONIC) >= end);
	end = now_ns(CLOCK_REALTIME) + 30 * MSEC;
	abs = ns_ts(end);
	r = futex(&word, PRIV(FUTEX_WAIT_BITSET) | FUTEX_CLOCK_REALTIME, 7,
		  &abs, NULL, FUTEX_BITSET_MATCH_ANY);
	KTAP_EXPECT("futex_wait_bitset_realtime",
		    r == -ETIMEDOUT && now_ns(CLOCK_REALTIME) >= end);
	abs = ns_ts(1);
	KTAP_EXPECT("futex_wait_expired",
		    futex(&word, PRIV(FUTEX_WAIT_BITSET), 7, &abs, NULL, 1) ==
		    -ETIMEDOUT);
	KTAP_EXPECT("futex_wait_expired_mismatch",
		    futex(&word, PRIV(FUTEX_WAIT_BITSET), 8, &abs, NULL, 1) ==
		    -EAGAIN);
	/* Linux 6.1 takes FUTEX_CLOCK_REALTIME with the absolute waits only. */
	KTAP_EXPECT("futex_wait_clock_realtime_enosys",
		    futex(&word, PRIV(FUTEX_WAIT) | FUTEX_CLOCK_REALTIME, 7,
			  &(struct timespec){ 0, 0 }, NULL, 0) == -ENOSYS);
	KTAP_EXPECT("futex_bad_timeout_einval",
		    futex(&word, PRIV(FUTEX_WAIT), 7, &bad, NULL, 0) ==
				    -EINVAL &&
		    futex(&word, PRIV(FUTEX_WAIT), 8, &bad, NULL, 0) ==
				    -EINVAL);
}

/*
 * Two threads of one process (raw clone, as pthread_create makes them):
 * one waits on a word until the other wakes it; the waker retries until
 * its wake finds the waiter queued, so the case does not depend on who
 * runs first. Then CLONE_CHILD_CLEARTID: the kernel zeroes the tid word
 * and wakes a waiter on it, which is how pthread_join waits.
 */
static char futex_stack[16384] __attribute__((aligned(16)));
static uint32_t futex_word;
static volatile int waiter_started;
static volatile long waiter_result = 1;

static int futex_waiter(void *arg)
{
	(void)arg;
	waiter_started = 1;
	waiter_result = syscall(SYS_futex, &futex_word,
				PRIV(FUTEX_WAIT), 0, NULL, NULL, 0);
	syscall(SYS_exit, 0);
	return 0;
}

static void test_futex_threads(void)
{
	int flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND |
		    CLONE_THREAD | CLONE_SYSVSEM | CLONE_CHILD_CLEARTID |
		    CLONE_PARENT_SETTID;
	struct timespec ms = ns_ts(MSEC), five_s = ns_ts(5 * SEC);
	volatile pid_t ctid = -1;
	pid_t ptid = 0, seen;
	long woken = 0;
	bool timed_out = false;
	int tid = clone(futex_waiter, futex_stack + sizeof(futex_stack), flags,
			NULL, &ptid, NULL, &ctid);

	for (int i = 0; tid > 0 && !waiter_started && i < 5000; i++)
		syscall(SYS_nanosleep, &ms, NULL);
	for (int i = 0; tid > 0 && woken == 0 && i < 5000; i++) {
		woken = futex(&futex_word, PRIV(FUTEX_WAKE), 1, NULL, NULL, 0);
		if (!woken)
			syscall(SYS_nanosleep, &ms, NULL);
	}
	KTAP_EXPECT("futex_wake_other_thread",
		    tid > 0 && ptid == tid && woken == 1);
	/* Not private: the kernel's wake at thread exit is a shared one. */
	while (tid > 0 && (seen = ctid) != 0 && !timed_out)
		timed_out = futex((void *)&ctid, FUTEX_WAIT,
				  (unsigned int)seen, &five_s, NULL,
				  0) == -ETIMEDOUT;
	KTAP_EXPECT("futex_cleartid_wakes_joiner",
		    tid > 0 && ctid == 0 && !timed_out && waiter_result == 0);
}

/*
 * Futexes between processes. A shared futex in a MAP_SHARED page is the
 * same futex in every process that maps the page, at whatever address
 * (Linux keys it by the page); a private one, or any futex in private
 * memory, belongs to its address space: the same address in a forked
 * child is another futex. The child reports in the shared page that it
 * is about to wait; the waker retries until its wake finds it queued.
 */
struct xproc {
	uint32_t word;
	volatile int waiting;
};

static struct xproc *xproc_map(void)
{
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

/* The child's wait on @word (@op), as its exit status: 0 woken, 1 not. */
static int xproc_wait(volatile int *waiting, uint32_t *word, int op)
{
	struct timespec five_s = ns_ts(5 * SEC);
	long r;

	*waiting = 1;
	r = futex(word, op, 0, &five_s, NULL, 0);
	return r == 0 && *word == 1 ? 0 : 1;
}

/* Wake @word (@op) until one is woken or a second passes: how many. */
static long xproc_wake(uint32_t *word, int op)
{
	struct timespec ms = ns_ts(MSEC);
	long woken = 0;

	for (int i = 0; woken == 0 && i < 1000; i++) {
		woken = futex(word, op, 1, NULL, NULL, 0);
		if (!woken)
			syscall(SYS_nanosleep, &ms, NULL);
	}
	return woken;
}

static int reaped_ok(pid_t pid)
{
	int st;

	return pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	       WEXITSTATUS(st) == 0;
}

static void wait_flag(volatile int *flag)
{
	struct timespec ms = ns_ts(MSEC);

	for (int i = 0; !*flag && i < 5000; i++)
		syscall(SYS_nanosleep, &ms, NULL);
}

static void test_futex_shared_processes(void)
{
	struct xproc *x = xproc_map();
	long woken = -1;
	pid_t pid;

	if (!x) {
		KTAP_EXPECT("futex_shared_between_processes", 0);
		KTAP_EXPECT("futex_shared_at_other_address", 0);
		return;
	}
	pid = fork();
	if (pid == 0)
		_exit(xproc_wait(&x->waiting, &x->word, FUTEX_WAIT));
	wait_flag(&x->waiting);
	x->word = 1;
	woken = xproc_wake(&x->word, FUTEX_WAKE);
	KTAP_EXPECT("futex_shared_between_processes",
		    woken == 1 && reaped_ok(pid));
	/* The child moves its mapping away: the page is still the futex. */
	x->word = 0;
	x->waiting = 0;
	pid = fork();
	if (pid == 0) {
		void *to = mmap(NULL, 4096, PROT_NONE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		struct xproc *y = mremap(x, 4096, 4096,
					 MREMAP_MAYMOVE | MREMAP_FIXED, to);

		if (to == MAP_FAILED || y != to)
			_exit(2);
		_exit(xproc_wait(&y->waiting, &y->word, FUTEX_WAIT));
	}
	wait_flag(&x->waiting);
	x->word = 1;
	woken = xproc_wake(&x->word, FUTEX_WAKE);
	KTAP_EXPECT("futex_shared_at_other_address",
		    woken == 1 && reaped_ok(pid));
	munmap(x, 4096);
}

/*
 * Two processes, one virtual address, private memory: no wake crosses
 * (neither a private one nor a shared one, the memory being private).
 */
static uint32_t private_word;

static int private_wait(volatile int *waiting)
{
	struct timespec t = ns_ts(300 * MSEC);
	long r1, r2;

	*waiting = 1;
	r1 = futex(&private_word, PRIV(FUTEX_WAIT), 0, &t, NULL, 0);
	*waiting = 2;
	r2 = futex(&private_word, FUTEX_WAIT, 0, &t, NULL, 0);
	return r1 == -ETIMEDOUT && r2 == -ETIMEDOUT ? 0 : 1;
}

static void test_futex_private_processes(void)
{
	struct xproc *x = xproc_map();
	struct timespec ms = ns_ts(MSEC);
	long woken = 0;
	pid_t pid;

	if (!x) {
		KTAP_EXPECT("futex_private_stays_in_process", 0);
		return;
	}
	private_word = 0;
	pid = fork();
	if (pid == 0)
		_exit(private_wait(&x->waiting));
	wait_flag(&x->waiting);
	for (int i = 0; i < 50; i++) {
		woken += futex(&private_word, PRIV(FUTEX_WAKE), 1, NULL, NULL,
			       0);
		syscall(SYS_nanosleep, &ms, NULL);
	}
	for (int i = 0; x->waiting != 2 && i < 5000; i++)
		syscall(SYS_nanosleep, &ms, NULL);
	for (int i = 0; i < 50; i++) {
		woken += futex(&private_word, FUTEX_WAKE, 1, NULL, NULL, 0);
		syscall(SYS_nanosleep, &ms, NULL);
	}
	KTAP_EXPECT("futex_private_stays_in_process",
		    woken == 0 && reaped_ok(pid));
	munmap(x, 4096);
}

/*
 * fork: the child inherits the limits and the groups; once reaped, its
 * CPU time and peak RSS are the parent's RUSAGE_CHILDREN and wait4's.
 */
static int child_checks(void)
{
	unsigned int groups[2] = { 0 };
	struct rlimit r;

	if (syscall(SYS_getrlimit, RLIMIT_NOFILE, &r) || r.rlim_cur != 512)
		return 1;
	if (syscall(SYS_getgroups, 2, groups) != 1 || groups[0] != 7)
		return 2;
	burn(30);
	return 0;
}

static void test_fork_inherits_and_children(void)
{
	struct rlimit old, lim;
	struct rusage w, c;
	unsigned int seven = 7;
	int status = -1;
	pid_t pid;

	syscall(SYS_getrlimit, RLIMIT_NOFILE, &old);
	lim = old;
	lim.rlim_cur = 512;
	syscall(SYS_setrlimit, RLIMIT_NOFILE, &lim);
	syscall(SYS_setgroups, 1, &seven);
	pid = fork();
	if (pid == 0)
		_exit(child_checks());
	memset(&w, 0, sizeof(w));
	KTAP_EXPECT("fork_inherits_limits_and_groups",
		    pid > 0 && wait4(pid, &status, 0, &w) == pid &&
		    WIFEXITED(status) && WEXITSTATUS(status) == 0);
	syscall(SYS_setrlimit, RLIMIT_NOFILE, &old);
	syscall(SYS_setgroups, 0, NULL);
	KTAP_EXPECT("wait4_rusage",
		    cpu_us(&w) > 0 &&
		    w.ru_maxrss > 0);
	KTAP_EXPECT("getrusage_children_after_wait",
		    syscall(SYS_getrusage, RUSAGE_CHILDREN, &c) == 0 &&
		    cpu_us(&c) > 0 &&
		    c.ru_maxrss > 0);
}

/* prlimit64 on another process: a child sees the limit its parent set. */
static void test_prlimit_other(void)
{
	struct { uint64_t rlim_cur, rlim_max; } set = { 1234, 4096 }, got;
	int fds[2], status = -1;
	pid_t pid;
	char c;

	if (pipe(fds))
		return;
	pid = fork();
	if (pid == 0) {
		struct rlimit r;

		close(fds[1]);
		if (read(fds[0], &c, 1) != 1)
			_exit(3);
		_exit(syscall(SYS_getrlimit, RLIMIT_CORE, &r) ||
		      r.rlim_cur != 1234 || r.rlim_max != 4096);
	}
	close(fds[0]);
	KTAP_EXPECT("prlimit64_other_process",
		    pid > 0 &&
		    syscall(SYS_prlimit64, pid, RLIMIT_CORE, &set, &got) == 0 &&
		    got.rlim_cur == 0 && got.rlim_max == RLIM_INFINITY &&
		    write(fds[1], "x", 1) == 1 &&
		    waitpid(pid, &status, 0) == pid &&
		    WIFEXITED(status) && WEXITSTATUS(status) == 0);
	close(fds[1]);
}

#define NR_TESTS 98

int main(int argc, char **argv)
{
	bool nested = argc > 1 && !strcmp(argv[1], "--nested");

	ktap_start("misc", NR_TESTS, nested);
	make_ro_page();
	test_clock_gettime();
	test_clock_getres();
	test_cputime();
	test_gettimeofday_time();
	test_nanosleep();
	test_clock_nanosleep();
	test_uname();
	test_sysinfo();
	test_getrlimit();
	test_rlimit_nofile();
	test_setrlimit();
	test_getrusage();
	test_times();
	test_getrandom();
	test_madvise();
	test_mremap();
	test_uids();
	test_gids();
	test_groups();
	test_futex_basic();
	test_futex_timeouts();
	test_futex_threads();
	test_futex_shared_processes();
	test_futex_private_processes();
	test_fork_inherits_and_children();
	test_prlimit_other();
	return ktap_finish();
}
