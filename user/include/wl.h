/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Workloads (user/wl_*.c): programs that time one thing a real program
 * does and print `BENCH {json}` lines in the schema of the kernel's own
 * benchmarks (Documentation/compare.md), family "workloads". The same
 * binaries run on Mosaic and on Linux, started by user/wlrun.c.
 *
 * Options every workload takes (wlrun passes them on):
 *   --scale N    iterations = the workload's base count x N / 4 (default
 *                4, as the kernel's bench_scale; 1 for a quick run)
 *   --icount S   the guest runs under QEMU -icount shift=S: the TSC then
 *                advances 2^S per instruction, and each result also gives
 *                insns_per_op = cycles_per_op / 2^S
 * A workload that cannot run (a system call missing: ENOSYS, or failing)
 * prints a line with "status":"failed" and the reason, and exits 2.
 */
#ifndef _USER_WL_H
#define _USER_WL_H

#include <stdbool.h>
#include <stdint.h>

struct wl_time {
	uint64_t tsc;
	int64_t ns; /* CLOCK_MONOTONIC; -1 without the clock */
};

void wl_setup(int argc, char **argv);
/* base x scale / 4, at least 1. */
unsigned long wl_iters(unsigned long base);
/* The -icount shift, or -1 when not under -icount. */
int wl_icount_shift(void);

static inline uint64_t wl_rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

/*
 * futex(2) on a private word (musl has no wrapper, and its headers lack
 * Linux's <linux/futex.h>): 0 or more on success, -1 with errno.
 */
#define WL_FUTEX_WAIT 0
#define WL_FUTEX_WAKE 1
long wl_futex(void *word, int op, int val);

/*
 * The start and the end of a measured interval: the clock is read
 * outside the TSC interval, and errno is left as it was, so a failure
 * just before can still be reported.
 */
void wl_start(struct wl_time *t);
void wl_stop(struct wl_time *t);
/* Nanoseconds from CLOCK_MONOTONIC, or -1. */
int64_t wl_ns(void);

/*
 * One result: ops operations between a and b. extra, if not NULL, is
 * more JSON members (",\"x\":1" style, printf format).
 */
void wl_result(const char *name, unsigned long ops, const struct wl_time *a,
	       const struct wl_time *b, const char *extra, ...)
	__attribute__((format(printf, 5, 6)));
/*
 * The workload name could not run: what failed with errno err (0: no
 * errno). Returns the exit status to give (2).
 */
int wl_fail(const char *name, const char *what, int err);
/* `BENCH {...}` with the printf-formatted body, in one write(2). */
void wl_emit(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* _USER_WL_H */
