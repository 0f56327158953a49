/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The frame allocator benchmark workload (frame_bench.c), shared by the
 * kernel (bench=frame) and the host (tools/frame framebench). The caller
 * supplies the clocks and what to do with each result.
 */
#ifndef _MM_FRAME_BENCH_H
#define _MM_FRAME_BENCH_H

#include <mosaic/types.h>

struct frame_bench_result {
	const char *name;
	u64 ops;		/* operations timed (see frame.md for each) */
	u64 cycles;		/* total over the ops */
	u64 ns;			/* total, 0 without an ns clock */
	u64 failures;		/* allocations that got -ENOMEM */
};

/* One point of the fragmentation curve. */
struct frame_bench_sample {
	u64 step;
	u64 free_frames;
	u64 largest_run;
	u32 frag_permille;
};

struct frame_bench_env {
	u64 (*cycles)(void);
	u64 (*ns)(void);	/* may be NULL */
	void (*report)(const struct frame_bench_result *r);
	void (*sample)(const struct frame_bench_sample *s);	/* may be NULL */
	unsigned int scale;	/* multiplies the op counts; 1 in the kernel */
};

/* Runs every workload on the live allocator and leaves it as it found it. */
void frame_bench_run(const struct frame_bench_env *env);

#endif /* _MM_FRAME_BENCH_H */
