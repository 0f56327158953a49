// SPDX-License-Identifier: GPL-2.0
/*
 * Frame allocator benchmark: one operation mix for every policy, written
 * once and run both in the kernel (bench=frame, cycles from rdtsc) and on
 * the host (tools/frame framebench, ns and cycles). Workloads:
 *
 *   order0_pair        alloc+free of one frame, repeated (op = a pair)
 *   batch1024_random   1024 order-0 allocations, then frees in random order
 *                      (op = one alloc plus one free)
 *   mixed_order0_4     random alloc (order 0-4) or free over 1024 slots
 *                      (op = one call)
 *   occ90_order0_pair  order0_pair with 90 % of free memory allocated
 *   occ90_churn        at 90 %: free the oldest frame, allocate a new one
 *   frag_random        mixed orders 0-4 over 4096 slots in a pool of at most
 *                      16384 free frames, sampling largest free run and
 *                      fragmentation 64 times (frag_sample lines)
 *
 * Frames held for a long time are chained through their own first word,
 * so the benchmark needs no memory of its own beyond a few small arrays.
 */
#include <mosaic/compiler.h>
#include <mosaic/errno.h>
#include <mosaic/frame.h>
#include <mosaic/page.h>
#include <mosaic/random.h>
#include "frame_bench.h"

#define BATCH 1024
#define MIX_SLOTS 1024
#define FRAG_SLOTS 4096
#define FRAG_POOL 16384		/* frames left free for frag_random */
#define FRAG_SAMPLES 64

struct slot {
	phys_addr_t pa;
	u8 order;
	bool used;
};

static phys_addr_t batch[BATCH];
static struct slot slots[FRAG_SLOTS];
static struct prng rng;

/* Modulo bias is irrelevant for picking slots; this stays cheap. */
static inline u64 rnd(void)
{
	return prng_next(&rng);
}

struct clock {
	u64 c, n;
};

static void clk_start(const struct frame_bench_env *env, struct clock *t)
{
	t->n = env->ns ? env->ns() : 0;
	t->c = env->cycles();
}

static void clk_stop(const struct frame_bench_env *env, const struct clock *t,
		     struct frame_bench_result *r)
{
	r->cycles += env->cycles() - t->c;
	if (env->ns)
		r->ns += env->ns() - t->n;
}

/* A singly linked FIFO of order-0 frames, linked through the frames. */
struct chain {
	phys_addr_t head, tail;
	u64 len;
};

static inline phys_addr_t *link_of(phys_addr_t pa)
{
	return phys_to_virt(pa);
}

static void chain_push(struct chain *c, phys_addr_t pa)
{
	*link_of(pa) = 0;
	if (c->len)
		*link_of(c->tail) = pa;
	else
		c->head = pa;
	c->tail = pa;
	c->len++;
}

static phys_addr_t chain_pop(struct chain *c)
{
	phys_addr_t pa = c->head;

	c->head = *link_of(pa);
	c->len--;
	return pa;
}

/* Allocate order-0 frames into the chain until at most @left stay free. */
static void fill_to(struct chain *c, u64 left)
{
	struct frame_stats s;
	phys_addr_t pa;
	u64 free;

	frame_get_stats(&s);
	for (free = s.free_frames; free > left; free--) {
		if (frame_alloc(0, &pa))
			break;
		chain_push(c, pa);
	}
}

static void chain_release(struct chain *c)
{
	while (c->len)
		frame_free(chain_pop(c), 0);
}

static void report(const struct frame_bench_env *env,
		   struct frame_bench_result *r, const char *name, u64 ops)
{
	r->name = name;
	r->ops = ops;
	env->report(r);
}

static void order0_pairs(const struct frame_bench_env *env, const char *name,
			 u64 n)
{
	struct frame_bench_result r = { 0 };
	struct clock t;
	phys_addr_t pa;

	clk_start(env, &t);
	for (u64 i = 0; i < n; i++) {
		if (unlikely(frame_alloc(0, &pa))) {
			r.failures++;
			continue;
		}
		frame_free(pa, 0);
	}
	clk_stop(env, &t, &r);
	report(env, &r, name, n);
}

static void batch_random(const struct frame_bench_env *env, u64 rounds)
{
	struct frame_bench_result r = { 0 };
	struct clock t;
	u64 ops = 0;

	for (u64 round = 0; round < rounds; round++) {
		unsigned int got = 0;

		clk_start(env, &t);
		while (got < BATCH && !frame_alloc(0, &batch[got]))
			got++;
		clk_stop(env, &t, &r);
		r.failures += got < BATCH;
		for (unsigned int i = got; i > 1; i--) {	/* Fisher-Yates */
			unsigned int j = (unsigned int)(rnd() % i);
			phys_addr_t x = batch[i - 1];

			batch[i - 1] = batch[j];
			batch[j] = x;
		}
		clk_start(env, &t);
		for (unsigned int i = 0; i < got; i++)
			frame_free(batch[i], 0);
		clk_stop(env, &t, &r);
		ops += got;
	}
	report(env, &r, "batch1024_random", ops);
}

/* One random step on a slot: free it if used, else fill it (order 0-4). */
static inline void slot_step(struct slot *s, u64 *failures)
{
	if (s->used) {
		frame_free(s->pa, s->order);
		s->used = false;
		return;
	}
	s->order = (u8)(rnd() % 5);
	if (frame_alloc(s->order, &s->pa))
		(*failures)++;
	else
		s->used = true;
}

static void slots_release(unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		if (slots[i].used)
			frame_free(slots[i].pa, slots[i].order);
		slots[i].used = false;
	}
}

static void mixed_orders(const struct frame_bench_env *env, u64 steps)
{
	struct frame_bench_result r = { 0 };
	struct clock t;

	clk_start(env, &t);
	for (u64 i = 0; i < steps; i++)
		slot_step(&slots[rnd() % MIX_SLOTS], &r.failures);
	clk_stop(env, &t, &r);
	slots_release(MIX_SLOTS);
	report(env, &r, "mixed_order0_4", steps);
}

static void occupancy90(const struct frame_bench_env *env, u64 n)
{
	struct frame_bench_result r = { 0 };
	struct chain c = { 0 };
	struct frame_stats s;
	struct clock t;
	phys_addr_t pa;

	frame_get_stats(&s);
	fill_to(&c, s.free_frames / 10);
	order0_pairs(env, "occ90_order0_pair", n);

	clk_start(env, &t);
	for (u64 i = 0; i < n && c.len; i++) {
		frame_free(chain_pop(&c), 0);
		if (unlikely(frame_alloc(0, &pa)))
			r.failures++;
		else
			chain_push(&c, pa);
	}
	clk_stop(env, &t, &r);
	report(env, &r, "occ90_churn", n);
	chain_release(&c);
}

static void take_sample(const struct frame_bench_env *env, u64 step)
{
	struct frame_bench_sample smp;
	struct frame_stats s;

	frame_get_stats(&s);
	smp.step = step;
	smp.free_frames = s.free_frames;
	smp.largest_run = s.largest_free_run;
	smp.frag_permille = s.frag_permille;
	env->sample(&smp);
}

static void fragmentation(const struct frame_bench_env *env, u64 steps)
{
	struct frame_bench_result r = { 0 };
	struct chain pin = { 0 };
	u64 every = steps / FRAG_SAMPLES ? steps / FRAG_SAMPLES : 1;
	struct clock t;

	/* A bounded pool, so the slots can fill it and fragment it. */
	fill_to(&pin, FRAG_POOL);
	for (u64 done = 0; done < steps; ) {
		u64 chunk = MIN(every, steps - done);

		if (env->sample)
			take_sample(env, done);
		clk_start(env, &t);
		for (u64 j = 0; j < chunk; j++)
			slot_step(&slots[rnd() % FRAG_SLOTS], &r.failures);
		clk_stop(env, &t, &r);
		done += chunk;
	}
	if (env->sample)
		take_sample(env, steps);
	slots_release(FRAG_SLOTS);
	chain_release(&pin);
	report(env, &r, "frag_random", steps);
}

void frame_bench_run(const struct frame_bench_env *env)
{
	u64 k = env->scale ? env->scale : 1;

	prng_seed(&rng, 0x9e3779b97f4a7c15ULL);
	order0_pairs(env, "order0_pair", 100000 * k);
	batch_random(env, 32 * k);
	mixed_orders(env, 100000 * k);
	occupancy90(env, 100000 * k);
	fragmentation(env, 200000 * k);
}

#ifndef __MOSAIC_HOST__
#include <mosaic/bench.h>
#include <mosaic/timer.h>

static u64 kernel_cycles(void)
{
	return rdtsc();
}

static void kernel_report(const struct frame_bench_result *r)
{
	bench_emit("\"family\":\"frame\",\"policy\":\"%s\",\"name\":\"%s\",\"ops\":%llu,\"cycles_per_op\":%llu,\"cycles\":%llu,\"failures\":%llu",
		   frame_policy_name(), r->name, (unsigned long long)r->ops,
		   (unsigned long long)(r->ops ? r->cycles / r->ops : 0),
		   (unsigned long long)r->cycles,
		   (unsigned long long)r->failures);
}

static void kernel_sample(const struct frame_bench_sample *s)
{
	bench_emit("\"family\":\"frame\",\"policy\":\"%s\",\"name\":\"frag_sample\",\"step\":%llu,\"free\":%llu,\"largest_run\":%llu,\"frag_permille\":%u",
		   frame_policy_name(), (unsigned long long)s->step,
		   (unsigned long long)s->free_frames,
		   (unsigned long long)s->largest_run, s->frag_permille);
}

static void frame_bench(void)
{
	static const struct frame_bench_env env = {
		.cycles = kernel_cycles,
		.report = kernel_report,
		.sample = kernel_sample,
		.scale = 1,
	};

	frame_bench_run(&env);
}
BENCH_REGISTER(frame, frame_bench);
#endif
