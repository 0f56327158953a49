// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/stat in Linux's format, the lines top, vmstat and ps read: CPU
 * time in USER_HZ ticks (one CPU; a tick in a thread with a user address
 * space counts as user time, in any other thread as system time), the
 * interrupts per line, context switches, the boot time, forks and the
 * runnable threads. Mosaic has no nice, iowait, irq, softirq, steal or
 * guest accounting and no uninterruptible sleep: those read 0.
 */
#include <asm/elf.h>
#include <mosaic/irq.h>
#include <mosaic/printk.h>
#include <mosaic/process.h>
#include <mosaic/rtc.h>
#include <mosaic/sched.h>
#include <mosaic/time.h>
#include <mosaic/timer.h>

#include "internal.h"

static unsigned long long clock_t_of(u64 ticks)
{
	return (unsigned long long)(ticks * USER_HZ / CONFIG_HZ);
}

static void show_cpu(struct seq_file *m, const char *name,
		     const struct sched_stats *st)
{
	u64 busy = st->ticks - MIN(st->idle_ticks, st->ticks);
	u64 user = MIN(st->user_ticks, busy);

	seq_printf(m, "%s %llu 0 %llu %llu 0 0 0 0 0 0\n", name,
		   clock_t_of(user), clock_t_of(busy - user),
		   clock_t_of(st->idle_ticks));
}

static void show_intr(struct seq_file *m)
{
	u64 total = 0;

	for (unsigned int irq = 0; irq < NR_IRQS; irq++)
		total += irq_count(irq);
	seq_printf(m, "intr %llu", (unsigned long long)total);
	for (unsigned int irq = 0; irq < NR_IRQS; irq++)
		seq_printf(m, " %llu", (unsigned long long)irq_count(irq));
	seq_putc(m, '\n');
}

static int stat_show(struct seq_file *m, void *v)
{
	struct process_counts pc;
	struct sched_stats st;
	struct timespec64 now;

	sched_get_stats(&st);
	process_get_counts(&pc);
	ktime_get_real_ts64(&now);
	show_cpu(m, "cpu ", &st);
	show_cpu(m, "cpu0", &st);
	show_intr(m);
	seq_printf(m, "ctxt %llu\n", (unsigned long long)st.switches);
	seq_printf(m, "btime %lld\n",
		   (long long)(now.tv_sec - (s64)(ktime_get_ns() / NSEC_PER_SEC)));
	seq_printf(m, "processes %llu\n", (unsigned long long)pc.nr_forks);
	seq_printf(m, "procs_running %u\nprocs_blocked 0\n", st.nr_running);
	seq_puts(m, "softirq 0 0 0 0 0 0 0 0 0 0 0\n");
	return 0;
}

void proc_stat_init(void)
{
	if (!proc_create_single("stat", 0444, NULL, stat_show, NULL))
		pr_err("proc: cannot create /proc/stat\n");
}
