// SPDX-License-Identifier: GPL-2.0
/*
 * Host test runner for lib/: runs every HOSTTEST case, then every ktest
 * suite from lib/test_*.c (the same files the kernel runs; their section
 * is renamed by the Makefile so the host linker provides its bounds),
 * and prints `hosttest libtest: N passed, N failed`. The harness and the
 * panic()/printk() stand-ins are shared (tools/lib/); the ktest hooks are
 * here.
 */
/* Mosaic headers first: glibc's cdefs.h tolerates compiler.h, not vice versa. */
#include <mosaic/ktest.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libtest.h"

extern const struct ktest_suite __start_ktest_suites[], __stop_ktest_suites[];

unsigned long long libtest_seed(void)
{
	const char *s = getenv("LIBTEST_SEED");

	return s ? strtoull(s, NULL, 0) : 0x6d6f73616963ULL; /* "mosaic" */
}

void ktest_fail_at(struct ktest *t, const char *file, int line,
		   const char *fmt, ...)
{
	va_list ap;

	t->failed++;
	va_start(ap, fmt);
	hosttest_vfail(file, line, fmt, ap);
	va_end(ap);
}

void ktest_skip(struct ktest *t, const char *reason)
{
	t->skipped = 1;
	t->skip_reason = reason;
}

void ktest_log(struct ktest *t, const char *fmt, ...)
{
	va_list ap;

	if (!hosttest_verbose)
		return;
	fputs("    # ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void run_ktests(struct hosttest_counts *c)
{
	for (const struct ktest_suite *s = __start_ktest_suites;
	     s < __stop_ktest_suites; s++) {
		for (const struct ktest_case *kc = s->cases; kc->name; kc++) {
			struct ktest t = { .name = kc->name };
			char name[128];

			kc->run(&t);
			/*
			 * mosaic_lib_rename.h turns the suite "vsnprintf" into
			 * "mosaic_vsnprintf" here; report the kernel's name.
			 */
			snprintf(name, sizeof(name), "ktest %s.%s",
				 strncmp(s->name, "mosaic_", 7) ? s->name :
				 s->name + 7, kc->name);
			/* An xfail case must fail; none in lib/ is expected to. */
			hosttest_report(c, name,
					kc->xfail ? t.failed > 0 : t.failed == 0);
		}
	}
}

int main(int argc, char **argv)
{
	struct hosttest_counts c = { 0, 0 };

	hosttest_verbose = host_printk_echo = argc > 1 && !strcmp(argv[1], "-v");
	hosttest_run_all(&c, 1, argv);
	run_ktests(&c);
	return hosttest_summary("libtest", &c);
}
