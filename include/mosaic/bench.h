/* SPDX-License-Identifier: GPL-2.0 */
/*
 * In-kernel benchmarks, selected with `bench=all` or `bench=frame,heap`.
 * Each prints one machine-readable line per result:
 *
 *	BENCH {"family":"frame","name":"order0_pairs","policy":"buddy",...}
 *
 * Figures are integers (the kernel does not use floating point): cycles
 * from rdtsc. Under QEMU -icount (as the runner uses it, shift=5) the TSC
 * advances 32 per guest instruction, so figures repeat exactly run to run.
 */
#ifndef _MOSAIC_BENCH_H
#define _MOSAIC_BENCH_H

#include <mosaic/compiler.h>
#include <mosaic/types.h>

struct bench {
	const char *name;	/* selector: matched against bench= */
	void (*run)(void);
};

#define BENCH_REGISTER(bname, fn)                                           \
	static const struct bench __bench_##bname __used __aligned(8)         \
		__section(".benches") = { .name = #bname, .run = fn }

/* Prints `BENCH {` + body + `}` as one line; body is JSON members. */
void bench_emit(const char *fmt, ...) __printf(1, 2);
/* rdtsc() at the entry of start_kernel() and once init is done. */
extern u64 boot_tsc, boot_done_tsc;
int bench_run_from_cmdline(const char *spec);

#endif /* _MOSAIC_BENCH_H */
