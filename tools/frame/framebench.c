// SPDX-License-Identifier: GPL-2.0
/*
 * Host frame allocator benchmark: the kernel's workload (mm/frame/
 * frame_bench.c) run natively on every policy, each behind its own copy of
 * the glue under its own symbol prefix (frame_ns.h), over ~1 GiB of simulated RAM in three
 * ranges, one above 4 GiB. Prints one JSON line per result.
 *
 *   framebench [scale] [policy...]
 */
#define _GNU_SOURCE
#include <mosaic/frame.h>
#include "frame_bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <x86intrin.h>

#include "hosttest.h"
#include "sim.h"

/* Every member of the Kconfig choice (FRAME_POLICY_MEMBERS, policies.py). */
#define DECLARE_POLICY(p, name)                                             \
	int p##_frame_init(const struct frame_region *r, int n);            \
	void p##_frame_get_stats(struct frame_stats *s);                    \
	int p##_frame_check(void);                                          \
	void p##_frame_bench_run(const struct frame_bench_env *env);
FRAME_POLICY_MEMBERS(DECLARE_POLICY)

struct policy {
	const char *name;
	int (*init)(const struct frame_region *r, int n);
	void (*stats)(struct frame_stats *s);
	int (*check)(void);
	void (*run)(const struct frame_bench_env *env);
};

#define POLICY(p, name) { name, p##_frame_init, p##_frame_get_stats, \
			  p##_frame_check, p##_frame_bench_run },
static const struct policy policies[] = {
	FRAME_POLICY_MEMBERS(POLICY)
};

static const struct frame_region layout[] = {
	{ 0x1000, 0x9e000 },
	{ 0x100000, (640ULL << 20) - 0x100000 },
	{ SIM_4G, 384ULL << 20 },
};

static const char *cur_policy;

static u64 host_cycles(void)
{
	return __rdtsc();
}

static u64 host_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ULL + (u64)ts.tv_nsec;
}

static void report(const struct frame_bench_result *r)
{
	double ops = r->ops ? (double)r->ops : 1.0;

	printf("{\"family\":\"frame\",\"policy\":\"%s\",\"name\":\"%s\",\"ops\":%llu,"
	       "\"ns_per_op\":%.2f,\"cycles_per_op\":%.1f,\"failures\":%llu,"
	       "\"clock\":\"host-tsc\"}\n",
	       cur_policy, r->name, (unsigned long long)r->ops, r->ns / ops,
	       r->cycles / ops, (unsigned long long)r->failures);
	fflush(stdout);
}

static void sample(const struct frame_bench_sample *s)
{
	printf("{\"family\":\"frame\",\"policy\":\"%s\",\"name\":\"frag_sample\","
	       "\"step\":%llu,\"free\":%llu,\"largest_run\":%llu,\"frag_permille\":%u}\n",
	       cur_policy, (unsigned long long)s->step,
	       (unsigned long long)s->free_frames,
	       (unsigned long long)s->largest_run, s->frag_permille);
}

int main(int argc, char **argv)
{
	unsigned int scale = argc > 1 ? (unsigned int)atoi(argv[1]) : 10;
	struct frame_bench_env env = {
		.cycles = host_cycles, .ns = host_ns,
		.report = report, .sample = sample, .scale = scale,
	};
	int status = 0;

	sim_init();
	host_printk_echo = 1;
	for (size_t i = 0; i < sizeof(policies) / sizeof(policies[0]); i++) {
		const struct policy *p = &policies[i];
		struct frame_stats before, after;
		bool wanted = argc <= 2;

		for (int a = 2; a < argc; a++)
			wanted |= strcmp(argv[a], p->name) == 0;
		if (!wanted)
			continue;
		cur_policy = p->name;
		/* fault the simulated RAM in: the kernel's direct map never faults */
		for (size_t r = 0; r < sizeof(layout) / sizeof(layout[0]); r++)
			memset(sim_mem + layout[r].base, 0, layout[r].size);
		if (p->init(layout, 3)) {
			fprintf(stderr, "framebench: %s: init failed\n", p->name);
			return 1;
		}
		p->stats(&before);
		p->run(&env);
		p->stats(&after);
		/* the workload must leave the allocator as it found it */
		if (after.free_frames != before.free_frames || p->check()) {
			fprintf(stderr, "framebench: %s: frames leaked or inconsistent\n",
				p->name);
			status = 1;
		}
		sim_discard();
	}
	return status;
}
