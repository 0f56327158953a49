// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/trace/: the run-time controls, with the names and meanings of
 * Linux's tracefs (/sys/kernel/tracing) files:
 *
 *	set_event         the enabled events, one group:name a line; a
 *	                  write adds the words it names ("sched_switch",
 *	                  "sched", "sched:*", "mm:frame_alloc", "*:*"),
 *	                  "!word" removes them; opening with O_TRUNC
 *	                  (`echo x >`) first clears them all, O_APPEND
 *	                  (`>>`) keeps them. A word naming nothing: EINVAL.
 *	available_events  every event, group:name
 *	tracing_on        1 or 0: recording on or paused (events kept)
 *	stats             records held, lost (Linux's "overrun"), capacity
 *	dump              a write sends the buffer to the debug console now
 */
#include <mosaic/ctype.h>
#include <mosaic/errno.h>
#include <mosaic/printk.h>
#include <mosaic/proc_fs.h>
#include <mosaic/string.h>
#include <mosaic/trace.h>

#define WORD_MAX 64

static void show_events(struct seq_file *m, u64 mask)
{
	const char *group, *name;

	for (unsigned int i = 0; (name = trace_event_name(i, &group)); i++)
		if (mask & (1ULL << i))
			seq_printf(m, "%s:%s\n", group, name);
}

static int set_event_show(struct seq_file *m, void *v)
{
	show_events(m, trace_selected_events());
	return 0;
}

static int available_events_show(struct seq_file *m, void *v)
{
	show_events(m, ~0ULL);
	return 0;
}

/* One word of a set_event write: its events added or, after '!', removed. */
static int apply_word(const char *w, size_t len, u64 *mask)
{
	bool clear = len && *w == '!';
	u64 m;

	if (clear) {
		w++;
		len--;
	}
	m = len ? trace_events_matching(w, len) : 0;
	if (!m)
		return -EINVAL;
	*mask = clear ? *mask & ~m : *mask | m;
	return 0;
}

/*
 * All words or none: the selection changes only if every word names
 * something, so a typo leaves what ran before.
 */
static ssize_t set_event_write(const char *buf, size_t n, void *data)
{
	u64 mask = trace_selected_events();
	size_t i = 0;
	int err;

	while (i < n) {
		size_t len = 0;

		while (i < n && isspace((unsigned char)buf[i]))
			i++;
		while (i + len < n && !isspace((unsigned char)buf[i + len]))
			len++;
		if (!len)
			break;
		if (len > WORD_MAX)
			return -EINVAL;
		err = apply_word(buf + i, len, &mask);
		if (err)
			return err;
		i += len;
	}
	err = trace_set_events(mask);
	return err ? err : (ssize_t)n;
}

static void set_event_truncate(void *data)
{
	trace_disable_all();
}

static const struct proc_write_ops set_event_ops = {
	.write = set_event_write,
	.truncate = set_event_truncate,
};

static int tracing_on_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%d\n", trace_recording());
	return 0;
}

/* A decimal number as Linux's kstrtoul reads it: a newline may follow. */
static ssize_t tracing_on_write(const char *buf, size_t n, void *data)
{
	size_t len = n;
	unsigned long v = 0;

	if (len && buf[len - 1] == '\n')
		len--;
	if (!len)
		return -EINVAL;
	for (size_t i = 0; i < len; i++) {
		if (!isdigit((unsigned char)buf[i]) || v > 1000000)
			return -EINVAL;
		v = v * 10 + (unsigned long)(buf[i] - '0');
	}
	trace_set_recording(v != 0);
	return (ssize_t)n;
}

static const struct proc_write_ops tracing_on_ops = {
	.write = tracing_on_write,
};

static int stats_show(struct seq_file *m, void *v)
{
	seq_printf(m, "entries: %lu\noverrun: %lu\ncapacity: %lu\n",
		   trace_count(), trace_lost(), trace_capacity());
	seq_printf(m, "full: %s\n",
		   trace_stops_when_full() ? "stop" : "overwrite");
	return 0;
}

static int dump_show(struct seq_file *m, void *v)
{
	return 0;
}

static ssize_t dump_write(const char *buf, size_t n, void *data)
{
	trace_dump();
	return (ssize_t)n;
}

static const struct proc_write_ops dump_ops = {
	.write = dump_write,
};

void trace_proc_init(void)
{
	struct proc_dir_entry *dir = proc_mkdir("trace", NULL);

	if (!dir ||
	    !proc_create_rw("set_event", 0644, dir, set_event_show,
			    &set_event_ops, NULL) ||
	    !proc_create_single("available_events", 0444, dir,
				available_events_show, NULL) ||
	    !proc_create_rw("tracing_on", 0644, dir, tracing_on_show,
			    &tracing_on_ops, NULL) ||
	    !proc_create_single("stats", 0444, dir, stats_show, NULL) ||
	    !proc_create_rw("dump", 0200, dir, dump_show, &dump_ops, NULL))
		pr_err("trace: cannot create /proc/trace\n");
}
