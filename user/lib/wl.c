// SPDX-License-Identifier: GPL-2.0
/* Timing and BENCH output for the workloads: see user/include/wl.h. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "wl.h"

static unsigned long scale = 4;
static int icount_shift = -1;

void wl_setup(int argc, char **argv)
{
	for (int i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--scale"))
			scale = strtoul(argv[i + 1], NULL, 10);
		else if (!strcmp(argv[i], "--icount"))
			icount_shift = atoi(argv[i + 1]);
	}
	if (!scale)
		scale = 1;
	if (icount_shift > 10)
		icount_shift = -1;
}

unsigned long wl_iters(unsigned long base)
{
	unsigned long n = base * scale / 4;

	return n ? n : 1;
}

int wl_icount_shift(void)
{
	return icount_shift;
}

int64_t wl_ns(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts))
		return -1;
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Linux's FUTEX_PRIVATE_FLAG: the word is not shared with another mm. */
#define FUTEX_PRIVATE 128

long wl_futex(void *word, int op, int val)
{
	return syscall(SYS_futex, word, op | FUTEX_PRIVATE, val, NULL, NULL, 0);
}

void wl_start(struct wl_time *t)
{
	int err = errno;

	t->ns = wl_ns();
	t->tsc = wl_rdtsc();
	errno = err;
}

void wl_stop(struct wl_time *t)
{
	int err = errno;

	t->tsc = wl_rdtsc();
	t->ns = wl_ns();
	errno = err;
}

/* Whole writes: lines of processes sharing the console never mix. */
static void write_all(const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(STDOUT_FILENO, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		buf += n;
		len -= n;
	}
}

static void emit_va(const char *fmt, va_list ap)
{
	char buf[1024];
	int n = snprintf(buf, sizeof(buf), "BENCH {");

	n += vsnprintf(buf + n, sizeof(buf) - n, fmt, ap);
	if (n > (int)sizeof(buf) - 3)
		n = sizeof(buf) - 3;
	n += snprintf(buf + n, sizeof(buf) - n, "}\n");
	write_all(buf, n);
}

void wl_emit(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit_va(fmt, ap);
	va_end(ap);
}

void wl_result(const char *name, unsigned long ops, const struct wl_time *a,
	       const struct wl_time *b, const char *extra, ...)
{
	uint64_t cycles = b->tsc - a->tsc;
	double per_op = (double)cycles / ops;
	char more[512] = "", ns[64] = "", insns[64] = "";
	va_list ap;

	if (extra) {
		va_start(ap, extra);
		vsnprintf(more, sizeof(more), extra, ap);
		va_end(ap);
	}
	if (a->ns >= 0 && b->ns >= 0)
		snprintf(ns, sizeof(ns), ",\"ns_per_op\":%.1f",
			 (double)(b->ns - a->ns) / ops);
	if (icount_shift >= 0)
		snprintf(insns, sizeof(insns), ",\"insns_per_op\":%.1f",
			 per_op / (1u << icount_shift));
	wl_emit("\"family\":\"workloads\",\"name\":\"%s\",\"ops\":%lu,"
		"\"cycles\":%llu,\"cycles_per_op\":%.1f%s%s%s",
		name, ops, (unsigned long long)cycles, per_op, insns, ns, more);
}

int wl_fail(const char *name, const char *what, int err)
{
	char reason[160];
	size_t i;

	if (err)
		snprintf(reason, sizeof(reason), "%s: %s (errno %d)", what,
			 strerror(err), err);
	else
		snprintf(reason, sizeof(reason), "%s", what);
	/* The reason goes into a JSON string. */
	for (i = 0; reason[i]; i++)
		if (reason[i] == '"' || reason[i] == '\\' ||
		    (unsigned char)reason[i] < ' ')
			reason[i] = '\'';
	wl_emit("\"family\":\"workloads\",\"name\":\"%s\",\"status\":\"failed\","
		"\"reason\":\"%s\"",
		name, reason);
	return 2;
}
