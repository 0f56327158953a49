// SPDX-License-Identifier: GPL-2.0
/*
 * One file per policy family with the live statistics its glue keeps:
 * /proc/frames (frame allocator), /proc/heap (kernel heap), /proc/sched
 * (scheduler, with a line per thread). Lines are "name: value", the
 * policy's name first, so scripts and tests parse them as they do
 * /proc/<pid>/status on Linux.
 */
#include <mosaic/frame.h>
#include <mosaic/kmalloc.h>
#include <mosaic/printk.h>
#include <mosaic/sched.h>
#include <mosaic/sched_policy.h>
#include <mosaic/slab.h>

#include "internal.h"

static void show_u64(struct seq_file *m, const char *name, u64 v)
{
	seq_printf(m, "%-22s %llu\n", name, (unsigned long long)v);
}

static int frames_show(struct seq_file *m, void *v)
{
	struct frame_stats s;

	frame_get_stats(&s);
	seq_printf(m, "%-22s %s\n", "policy:", frame_policy_name());
	show_u64(m, "total_frames:", s.total_frames);
	show_u64(m, "meta_frames:", s.meta_frames);
	show_u64(m, "free_frames:", s.free_frames);
	show_u64(m, "used_frames:", s.used_frames);
	show_u64(m, "allocs:", s.allocs);
	show_u64(m, "frees:", s.frees);
	show_u64(m, "failures:", s.failures);
	show_u64(m, "largest_free_run:", s.largest_free_run);
	show_u64(m, "frag_permille:", s.frag_permille);
	show_u64(m, "max_order:", s.max_order);
	seq_printf(m, "%-22s", "free_per_order:");
	for (unsigned int o = 0; o <= s.max_order && o < FRAME_STATS_ORDERS; o++)
		seq_printf(m, " %llu", (unsigned long long)s.free_per_order[o]);
	seq_putc(m, '\n');
	return 0;
}

static int heap_show(struct seq_file *m, void *v)
{
	struct heap_stats s;

	heap_get_stats(&s);
	seq_printf(m, "%-22s %s\n", "policy:", s.policy);
	show_u64(m, "requested_bytes:", s.requested_bytes);
	show_u64(m, "live_bytes:", s.live_bytes);
	show_u64(m, "peak_live_bytes:", s.peak_live_bytes);
	show_u64(m, "footprint_bytes:", s.footprint_bytes);
	show_u64(m, "peak_footprint_bytes:", s.peak_footprint_bytes);
	show_u64(m, "alloc_count:", s.alloc_count);
	show_u64(m, "free_count:", s.free_count);
	show_u64(m, "failures:", s.failures);
	show_u64(m, "live_blocks:", s.live_blocks);
	show_u64(m, "frag_permille:", s.frag_permille);
	show_u64(m, "free_blocks:", s.free_blocks);
	show_u64(m, "largest_free_bytes:", s.largest_free_bytes);
	return 0;
}

static void show_threads(struct seq_file *m, unsigned int nr)
{
	struct thread_snapshot *t = kcalloc(nr, sizeof(*t));
	unsigned int n;

	if (!t)
		return;
	n = MIN(sched_snapshot(t, nr), nr);
	seq_printf(m, "%5s %-8s %5s %10s %10s %s\n", "tid", "state", "level",
		   "run_ticks", "switches", "name");
	for (unsigned int i = 0; i < n; i++)
		seq_printf(m, "%5d %-8s %5u %10llu %10llu %s\n", t[i].tid,
			   thread_state_name(t[i].state), t[i].level,
			   (unsigned long long)t[i].stats.run_ticks,
			   (unsigned long long)t[i].stats.nr_scheduled,
			   t[i].name);
	kfree(t);
}

static int sched_show(struct seq_file *m, void *v)
{
	struct sched_stats s;

	sched_get_stats(&s);
	seq_printf(m, "%-22s %s\n", "policy:", sched_selected_policy->name);
	show_u64(m, "switches:", s.switches);
	show_u64(m, "ticks:", s.ticks);
	show_u64(m, "idle_ticks:", s.idle_ticks);
	show_u64(m, "idle_halts:", s.idle_halts);
	show_u64(m, "tsc_per_tick:", s.tsc_per_tick);
	show_u64(m, "nr_threads:", s.nr_threads);
	show_threads(m, s.nr_threads + 4);	/* room for a few new ones */
	return 0;
}

/* The object caches over the heap policy, as Linux's /proc/slabinfo. */
static int slabinfo_proc_show(struct seq_file *m, void *v)
{
	size_t room = m->size - m->count;
	size_t need = slabinfo_show(m->buf + m->count, room);

	if (need >= room)
		m->overflow = true;	/* seq_file retries with more room */
	else
		m->count += need;
	return 0;
}

void proc_policy_stats_init(void)
{
	if (!proc_create_single("frames", 0444, NULL, frames_show, NULL) ||
	    !proc_create_single("heap", 0444, NULL, heap_show, NULL) ||
	    !proc_create_single("slabinfo", 0444, NULL, slabinfo_proc_show,
				NULL) ||
	    !proc_create_single("sched", 0444, NULL, sched_show, NULL))
		pr_err("proc: cannot create the policy statistics files\n");
}
