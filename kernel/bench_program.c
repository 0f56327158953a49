// SPDX-License-Identifier: GPL-2.0
/*
 * bench=program bench.program=/bin/NAME: run a user program as the
 * workload, e.g. of a traced run (`make trace WORKLOAD=/bin/NAME`,
 * Documentation/tracing.md). Prints its wait status as a BENCH line
 * (and an error when it is not 0). On demand only (not in bench=all).
 */
#include <mosaic/bench.h>
#include <mosaic/exec.h>
#include <mosaic/params.h>
#include <mosaic/printk.h>
#include <mosaic/string.h>

static char program[PARAM_VALUE_MAX];

static int bench_program_param(const char *val)
{
	strscpy(program, val, sizeof(program));
	return 0;
}
KERNEL_PARAM_NAMED(bench_program, "bench.program", bench_program_param);

static void program_bench(void)
{
	const char *const argv[] = { program, NULL };
	int status;

	if (!program[0]) {
		pr_err("bench program: no bench.program=PATH given\n");
		return;
	}
	status = run_program(argv, NULL);
	bench_emit("\"family\":\"program\",\"name\":\"program\",\"path\":\"%s\",\"status\":%d",
		   program, status);
	if (status)
		pr_err("bench program: %s: status %d\n", program, status);
}
BENCH_REGISTER_ON_DEMAND(program, program_bench);
