// SPDX-License-Identifier: GPL-2.0
/*
 * Heap benchmark (bench=heap): replay the synthetic traces embedded by
 * heap_traces.S through kmalloc/krealloc/kfree and print per trace
 *
 *	BENCH {"family":"heap","name":"replay_churn","policy":...,
 *	       "cycles_per_op":..,"peak_footprint_bytes":..,...}
 *
 * Cycles exclude parsing: a parse-only pass is timed and subtracted.
 * peak_footprint_bytes is absolute: the most the heap held from the page
 * source during the replay, including what it held before the trace.
 * footprint_quarters is relative: growth over the footprint at the start
 * of the trace, sampled at each quarter of it, which shows the bump heap
 * growing under the long-lived + short-lived mix (longshort).
 */
#include <mosaic/bench.h>
#include <mosaic/heap_policy.h>
#include <mosaic/kmalloc.h>
#include <mosaic/printk.h>
#include <mosaic/string.h>
#include <mosaic/timer.h>

#include "heap_trace.h"

struct trace_ent {
	const char *name;
	const char *start;
	const char *end;
};

extern const struct trace_ent heap_trace_table[], heap_trace_table_end[];

#define BENCH_IDS 4096

static void *blocks[BENCH_IDS];
static u32 sizes[BENCH_IDS];

struct replay {
	u64 ops, cycles, failures, errors;
	u64 live, peak_live, fp0, peak_fp, quarter[4];
	u64 live0;	/* bytes live in the heap before the trace started */
	unsigned long bad_line;
};

/* Time the parser alone, so it can be taken out of the replay figure. */
static u64 parse_cycles(const struct trace_ent *e, u64 *ops)
{
	struct heap_trace ht;
	struct heap_trace_op op;
	u64 t0 = rdtsc();

	*ops = 0;
	heap_trace_open(&ht, e->start, e->end - e->start);
	while (heap_trace_next(&ht, &op) > 0)
		(*ops)++;
	return rdtsc() - t0;
}

static bool do_op(struct replay *r, const struct heap_trace_op *op)
{
	void *q;

	if (op->id >= BENCH_IDS)
		return false;
	switch (op->type) {
	case 'a':
		if (blocks[op->id])
			return false;
		blocks[op->id] = op->align <= HEAP_MIN_ALIGN ?
			kmalloc(op->size) : kmalloc_aligned(op->size, op->align);
		if (!blocks[op->id]) {
			r->failures++;
			return true;
		}
		sizes[op->id] = op->size;
		r->live += op->size;
		break;
	case 'f':
		if (blocks[op->id]) {
			kfree(blocks[op->id]);
			r->live -= sizes[op->id];
		}
		blocks[op->id] = NULL;
		return true;
	default:
		q = krealloc(blocks[op->id], op->size);
		if (!q) {
			r->failures++;
			return true;
		}
		if (blocks[op->id])
			r->live -= sizes[op->id];
		blocks[op->id] = q;
		sizes[op->id] = op->size;
		r->live += op->size;
		break;
	}
	if (r->live > r->peak_live)
		r->peak_live = r->live;
	return true;
}

static void replay(const struct trace_ent *e, struct replay *r, u64 nops)
{
	struct heap_trace ht;
	struct heap_trace_op op;
	struct heap_stats st;
	u64 t0, i = 0, quarter = nops / 4, left = quarter, old_peak;
	unsigned int q = 0;

	memset(r, 0, sizeof(*r));
	heap_get_stats(&st);
	r->live0 = st.live_bytes;
	r->fp0 = heap_footprint();
	/* the page source tracks the peak; restart it for this trace */
	old_peak = heap_peak_footprint();
	heap_source_reset_peak(0);
	heap_trace_open(&ht, e->start, e->end - e->start);
	t0 = rdtsc();
	while (heap_trace_next(&ht, &op) > 0) {
		if (!do_op(r, &op)) {
			r->errors++;
			r->bad_line = ht.line;
			break;
		}
		i++;
		if (left && --left == 0) {
			r->quarter[q++] = heap_footprint() - r->fp0;
			left = q < 4 ? quarter : 0;
		}
	}
	r->cycles = rdtsc() - t0;
	r->ops = i;
	r->peak_fp = heap_peak_footprint();
	heap_source_reset_peak(old_peak > r->peak_fp ? old_peak : r->peak_fp);
	for (i = 0; i < BENCH_IDS; i++) {
		kfree(blocks[i]);
		blocks[i] = NULL;
	}
}

static void heap_bench(void)
{
	const struct trace_ent *e;
	struct replay r;
	struct heap_stats st;
	u64 nops, parse, live;

	heap_get_stats(&st);
	for (e = heap_trace_table; e < heap_trace_table_end; e++) {
		parse = parse_cycles(e, &nops);
		replay(e, &r, nops);
		if (r.errors)
			pr_err("heap bench: %s:%lu: id out of range or reused\n",
			       e->name, r.bad_line);
		/*
		 * The footprint is absolute: a heap keeps what earlier traces
		 * made it take (traces run in a fixed order), and that memory is
		 * what serves this one. The ratio is over everything live.
		 */
		live = r.peak_live + r.live0;
		bench_emit("\"family\":\"heap\",\"name\":\"replay_%s\",\"policy\":\"%s\",\"ops\":%llu,\"cycles_per_op\":%llu,\"parse_cycles_per_op\":%llu,\"peak_live_bytes\":%llu,\"peak_footprint_bytes\":%llu,\"footprint_live_permille\":%llu,\"footprint_quarters\":[%llu,%llu,%llu,%llu],\"failures\":%llu,\"errors\":%llu",
			   e->name, st.policy, (unsigned long long)nops,
			   (unsigned long long)(nops && r.cycles > parse ?
						(r.cycles - parse) / nops : 0),
			   (unsigned long long)(nops ? parse / nops : 0),
			   (unsigned long long)r.peak_live,
			   (unsigned long long)r.peak_fp,
			   (unsigned long long)(live ? r.peak_fp * 1000 / live : 0),
			   (unsigned long long)r.quarter[0],
			   (unsigned long long)r.quarter[1],
			   (unsigned long long)r.quarter[2],
			   (unsigned long long)r.quarter[3],
			   (unsigned long long)r.failures,
			   (unsigned long long)r.errors);
	}
}
BENCH_REGISTER(heap, heap_bench);
