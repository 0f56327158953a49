// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmark runner: bench=all or bench=a,b runs the registered
 * benchmarks, which print one `BENCH {json}` line per result. The
 * runner brackets them with BENCH-BEGIN/BENCH-END lines so a collector
 * can tell a complete run from a truncated one.
 */
#include <mosaic/bench.h>
#include <mosaic/errno.h>
#include <mosaic/printk.h>
#include <mosaic/string.h>
#include <mosaic/timer.h>
#include <mosaic/vsprintf.h>

extern const struct bench __start_benches[], __stop_benches[];

void bench_emit(const char *fmt, ...)
{
	static char body[768];
	va_list args;

	va_start(args, fmt);
	vscnprintf(body, sizeof(body), fmt, args);
	va_end(args);
	pr_raw("BENCH {%s}\n", body);
}

static bool listed(const char *spec, const struct bench *b)
{
	return (!b->on_demand && strlist_has(spec, "all", 3)) ||
	       strlist_has(spec, b->name, strlen(b->name));
}

static int report_unknown(const char *word, size_t len)
{
	if (len == 3 && !strncmp(word, "all", 3))
		return 0;
	for (const struct bench *b = __start_benches; b < __stop_benches; b++)
		if (strlen(b->name) == len && !strncmp(b->name, word, len))
			return 0;
	pr_err("bench: no benchmark named '%.*s'\n", (int)len, word);
	return 1;
}

static int run_one(const struct bench *b)
{
	u64 start = rdtsc();

	b->run();
	bench_emit("\"family\":\"runner\",\"name\":\"%s\",\"cycles\":%llu",
		   b->name, (unsigned long long)(rdtsc() - start));
	return 1;
}

int bench_run_from_cmdline(const char *spec)
{
	int ran = 0;

	if (strlist_for_each(spec, report_unknown))
		return -EINVAL;
	pr_raw("BENCH-BEGIN\n");
	/* The on-demand ones last: they may disturb what runs after. */
	for (int last = 0; last < 2; last++)
		for (const struct bench *b = __start_benches;
		     b < __stop_benches; b++)
			if (b->on_demand == last && listed(spec, b))
				ran += run_one(b);
	pr_raw("BENCH-END %d\n", ran);
	return 0;
}
