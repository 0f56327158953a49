// SPDX-License-Identifier: GPL-2.0
/*
 * The small /proc files, in Linux's formats: version, cmdline, uptime
 * and filesystems.
 */
#include <mosaic/bootinfo.h>
#include <mosaic/printk.h>
#include <mosaic/sched.h>
#include <mosaic/time.h>
#include <mosaic/timer.h>
#include <mosaic/utsname.h>
#include <mosaic/vfs.h>

#include "internal.h"

/* Sparse defines no __VERSION__ (and generates no code). */
#if defined(__clang__)
#define COMPILER_STRING "clang version " __clang_version__
#elif defined(__VERSION__)
#define COMPILER_STRING "gcc version " __VERSION__
#else
#define COMPILER_STRING "unknown compiler"
#endif

/* Linux: "Linux version 6.1.0 (builder) (gcc ...) #1 SMP ...": the
 * release, the compiler (its --version line) and the policies built in. */
static int version_show(struct seq_file *m, void *v)
{
	char policies[128];

	uts_policies(policies, sizeof(policies));
	seq_printf(m, "Mosaic version %s (%s) %s\n", uts_release,
		   COMPILER_STRING, policies);
	return 0;
}

static int cmdline_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s\n", boot_info.cmdline);
	return 0;
}

/* Seconds with two decimals, as Linux prints them. */
static void seq_put_centi(struct seq_file *m, u64 ns)
{
	seq_printf(m, "%llu.%02llu", (unsigned long long)(ns / NSEC_PER_SEC),
		   (unsigned long long)(ns % NSEC_PER_SEC / 10000000));
}

/* Uptime, then the time every CPU spent idle (summed, as Linux). */
static int uptime_show(struct seq_file *m, void *v)
{
	struct sched_stats st;

	sched_get_stats(&st);
	seq_put_centi(m, ktime_get_ns());
	seq_putc(m, ' ');
	seq_put_centi(m, st.idle_ticks * NSEC_PER_TICK);
	seq_putc(m, '\n');
	return 0;
}

/* Every type is "nodev": none needs a block device. */
static void show_filesystem(const struct file_system_type *t, void *arg)
{
	seq_printf(arg, "nodev\t%s\n", t->name);
}

static int filesystems_show(struct seq_file *m, void *v)
{
	vfs_for_each_filesystem(show_filesystem, m);
	return 0;
}

static void create(const char *name, seq_show_fn show)
{
	if (!proc_create_single(name, 0444, NULL, show, NULL))
		pr_err("proc: cannot create /proc/%s\n", name);
}

void proc_misc_init(void)
{
	create("version", version_show);
	create("cmdline", cmdline_show);
	create("uptime", uptime_show);
	create("filesystems", filesystems_show);
}
