// SPDX-License-Identifier: GPL-2.0
/*
 * Whole-kernel benchmark (bench=kernel): figures that depend on all three
 * policy choices at once, so cross-effects between them show.
 *
 *   boot             guest cycles from the first line of start_kernel()
 *                    to the start of this benchmark, i.e. the end of init
 *   mem_after_boot   frames in use (allocator metadata included) and the
 *                    heap's footprint and live bytes right after boot
 *   thread_storm     create 1000 threads, then join them all: cycles per
 *                    thread; frames not given back to the frame allocator
 *                    afterwards (a heap may keep pages it grew into) and
 *                    the change in live heap bytes (non-zero: a leak)
 *   thread_pairs     1000 times: create one thread and join it at once
 *
 * The benchmark runner orders benchmarks by link order; kernel/'s own
 * objects come before kernel/sched/ and mm/, so with bench=all this runs
 * first and "after boot" is not disturbed by the other benchmarks.
 */
#include <mosaic/bench.h>
#include <mosaic/compiler.h>
#include <mosaic/frame.h>
#include <mosaic/kmalloc.h>
#include <mosaic/page.h>
#include <mosaic/sched.h>
#include <mosaic/timer.h>

#define STORM_THREADS 1000

static struct thread *storm[STORM_THREADS];

/* Each thread returns its index, so a join can check it got the right one. */
static int storm_fn(void *arg)
{
	return (int)(unsigned long)arg;
}

/* From the first C instruction to the end of init, whatever ran after. */
static void emit_boot(void)
{
	bench_emit("\"family\":\"kernel\",\"name\":\"boot\",\"cycles\":%llu",
		   (unsigned long long)(boot_done_tsc - boot_tsc));
}

static void emit_memory(void)
{
	struct frame_stats fs;
	struct heap_stats hs;

	frame_get_stats(&fs);
	heap_get_stats(&hs);
	bench_emit("\"family\":\"kernel\",\"name\":\"mem_after_boot\",\"frame_policy\":\"%s\",\"heap_policy\":\"%s\",\"used_frames\":%llu,\"meta_frames\":%llu,\"total_frames\":%llu,\"used_kib\":%llu,\"heap_footprint_bytes\":%llu,\"heap_live_bytes\":%llu,\"heap_live_blocks\":%llu",
		   frame_policy_name(), hs.policy ? hs.policy : "?",
		   (unsigned long long)fs.used_frames,
		   (unsigned long long)fs.meta_frames,
		   (unsigned long long)fs.total_frames,
		   (unsigned long long)(fs.used_frames * PAGE_SIZE / 1024),
		   (unsigned long long)hs.footprint_bytes,
		   (unsigned long long)hs.live_bytes,
		   (unsigned long long)hs.live_blocks);
}

struct storm_result {
	u64 cycles;
	u64 created;
	u64 failures;		/* thread_create() returned NULL */
	u64 errors;		/* join failed or returned the wrong status */
};

static void join_one(struct thread *t, unsigned int i, struct storm_result *r)
{
	int status = -1;

	if (thread_join(t, &status) || status != (int)i)
		r->errors++;
}

/* All threads exist at once: the run queue and the allocators are full. */
static void storm_all(struct storm_result *r)
{
	u64 start = rdtsc();
	unsigned int n;

	for (n = 0; n < STORM_THREADS; n++) {
		storm[n] = thread_create(storm_fn, (void *)(unsigned long)n,
					 "storm");
		if (!storm[n])
			r->failures++;
		else
			r->created++;
	}
	for (n = 0; n < STORM_THREADS; n++)
		if (storm[n])
			join_one(storm[n], n, r);
	r->cycles = rdtsc() - start;
}

/* One thread at a time: the cost of the life cycle itself. */
static void storm_pairs(struct storm_result *r)
{
	u64 start = rdtsc();

	for (unsigned int n = 0; n < STORM_THREADS; n++) {
		struct thread *t = thread_create(storm_fn,
						 (void *)(unsigned long)n,
						 "pair");

		if (!t) {
			r->failures++;
			continue;
		}
		r->created++;
		join_one(t, n, r);
	}
	r->cycles = rdtsc() - start;
}

static void run_storm(const char *name, void (*fn)(struct storm_result *))
{
	struct storm_result r = { 0 };
	struct frame_stats f0, f1;
	struct heap_stats h0, h1;

	frame_get_stats(&f0);
	heap_get_stats(&h0);
	fn(&r);
	frame_get_stats(&f1);
	heap_get_stats(&h1);
	/* Signed: a policy may give back more than the storm took. */
	bench_emit("\"family\":\"kernel\",\"name\":\"%s\",\"threads\":%u,\"created\":%llu,\"cycles\":%llu,\"cycles_per_thread\":%llu,\"failures\":%llu,\"errors\":%llu,\"frames_kept\":%lld,\"heap_live_delta_bytes\":%lld",
		   name, STORM_THREADS, (unsigned long long)r.created,
		   (unsigned long long)r.cycles,
		   (unsigned long long)(r.created ? r.cycles / r.created : 0),
		   (unsigned long long)r.failures,
		   (unsigned long long)r.errors,
		   (long long)(f1.used_frames - f0.used_frames),
		   (long long)(h1.live_bytes - h0.live_bytes));
}

static void kernel_bench(void)
{
	/* First thing: the end of init is now. */
	emit_boot();
	emit_memory();
	run_storm("thread_storm", storm_all);
	run_storm("thread_pairs", storm_pairs);
}
BENCH_REGISTER(kernel, kernel_bench);
