// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/loadavg in Linux's format: the 1, 5 and 15 minute load averages
 * (the scheduler's, two decimals), runnable/all threads, the last pid.
 */
#include <mosaic/printk.h>
#include <mosaic/process.h>
#include <mosaic/sched.h>

#include "internal.h"

#define LOAD_INT(x) ((x) >> SCHED_LOAD_SHIFT)
#define LOAD_FRAC(x) LOAD_INT(((x) & (SCHED_LOAD_ONE - 1)) * 100)

static int loadavg_show(struct seq_file *m, void *v)
{
	struct process_counts pc;
	struct sched_stats st;
	unsigned long a[3];

	sched_get_stats(&st);
	process_get_counts(&pc);
	/* Rounded to the second decimal, as Linux. */
	for (int i = 0; i < 3; i++)
		a[i] = st.avenrun[i] + SCHED_LOAD_ONE / 200;
	seq_printf(m, "%lu.%02lu %lu.%02lu %lu.%02lu %u/%u %d\n",
		   LOAD_INT(a[0]), LOAD_FRAC(a[0]), LOAD_INT(a[1]),
		   LOAD_FRAC(a[1]), LOAD_INT(a[2]), LOAD_FRAC(a[2]),
		   st.nr_running, st.nr_threads, pc.last_pid);
	return 0;
}

void proc_loadavg_init(void)
{
	if (!proc_create_single("loadavg", 0444, NULL, loadavg_show, NULL))
		pr_err("proc: cannot create /proc/loadavg\n");
}
