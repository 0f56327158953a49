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

static bool listed(const char *spec, const char *name)
{
	size_t len = strlen(name);

	for (;;) {
		const char *end = strchr(spec, ',');
		size_t word = end ? (size_t)(end - spec) : strlen(spec);

		if ((word == len && !strncmp(spec, name, len)) ||
		    (word == 3 && !strncmp(spec, "all", 3)))
			return true;
		if (!end)
			return false;
		spec = end + 1;
	}
}

static int check_names(const char *spec)
{
	int unknown = 0;

	for (;;) {
		const char *end = strchr(spec, ',');
		size_t word = end ? (size_t)(end - spec) : strlen(spec);
		bool known = word == 3 && !strncmp(spec, "all", 3);

		for (const struct bench *b = __start_benches;
		     !known && b < __stop_benches; b++)
			known = strlen(b->name) == word &&
				!strncmp(b->name, spec, word);
		if (!known) {
			pr_err("bench: no benchmark named '%.*s'\n", (int)word,
			       spec);
			unknown++;
		}
		if (!end)
			return unknown;
		spec = end + 1;
	}
}

int bench_run_from_cmdline(const char *spec)
{
	int ran = 0;

	if (check_names(spec))
		return -EINVAL;
	pr_raw("BENCH-BEGIN\n");
	for (const struct bench *b = __start_benches; b < __stop_benches; b++) {
		if (!listed(spec, b->name))
			continue;
		u64 start = rdtsc();

		b->run();
		bench_emit("\"family\":\"runner\",\"name\":\"%s\",\"cycles\":%llu",
			   b->name, (unsigned long long)(rdtsc() - start));
		ran++;
	}
	pr_raw("BENCH-END %d\n", ran);
	return 0;
}
