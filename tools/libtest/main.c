// SPDX-License-Identifier: GPL-2.0
/*
 * Host test runner for lib/: runs every LIBTEST case, then every ktest
 * suite from lib/test_*.c (the same files the kernel runs; their section
 * is renamed by the Makefile so the host linker provides its bounds),
 * and prints `hosttest libtest: N passed, N failed`.
 * Also the host stand-ins for panic(), printk() and the ktest hooks.
 */
/* Mosaic headers first: glibc's cdefs.h tolerates compiler.h, not vice versa. */
#include <mosaic/ktest.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libtest.h"

int libtest_failures;
int host_printk_count;
char host_printk_last[512];
static int verbose;

extern const struct libtest __start_libtests[], __stop_libtests[];
extern const struct ktest_suite __start_ktest_suites[], __stop_ktest_suites[];

void libtest_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "    FAIL %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	libtest_failures++;
}

unsigned long long libtest_seed(void)
{
	const char *s = getenv("LIBTEST_SEED");

	return s ? strtoull(s, NULL, 0) : 0x6d6f73616963ULL; /* "mosaic" */
}

void panic(const char *fmt, ...)
{
	va_list ap;

	fputs("host panic: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

int vprintk(const char *fmt, va_list args)
{
	int n;

	/* Drop the KERN_<LEVEL> prefix, keep the message for inspection. */
	if (fmt[0] == '\001' && fmt[1])
		fmt += 2;
	n = vsnprintf(host_printk_last, sizeof(host_printk_last), fmt, args);
	host_printk_count++;
	if (verbose)
		fprintf(stderr, "    printk: %s", host_printk_last);
	return n;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

void ktest_fail_at(struct ktest *t, const char *file, int line,
		   const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "    FAIL %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	t->failed++;
}

void ktest_skip(struct ktest *t, const char *reason)
{
	t->skipped = 1;
	t->skip_reason = reason;
}

void ktest_log(struct ktest *t, const char *fmt, ...)
{
	va_list ap;

	if (!verbose)
		return;
	fputs("    # ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void report(const char *name, bool ok, int *passed, int *failed)
{
	if (ok)
		(*passed)++;
	else
		(*failed)++;
	if (verbose || !ok)
		printf("%s %s\n", ok ? "ok    " : "FAILED", name);
}

int main(int argc, char **argv)
{
	const struct libtest *lt;
	const struct ktest_suite *s;
	int passed = 0, failed = 0;

	verbose = argc > 1 && !strcmp(argv[1], "-v");
	for (lt = __start_libtests; lt < __stop_libtests; lt++) {
		libtest_failures = 0;
		lt->fn();
		report(lt->name, libtest_failures == 0, &passed, &failed);
	}
	for (s = __start_ktest_suites; s < __stop_ktest_suites; s++) {
		const struct ktest_case *c;

		for (c = s->cases; c->name; c++) {
			struct ktest t = { .name = c->name };
			char name[128];

			c->run(&t);
			/*
			 * mosaic_lib_rename.h turns the suite "vsnprintf" into
			 * "mosaic_vsnprintf" here; report the kernel's name.
			 */
			snprintf(name, sizeof(name), "ktest %s.%s",
				 strncmp(s->name, "mosaic_", 7) ? s->name :
				 s->name + 7, c->name);
			/* An xfail case must fail; none in lib/ is expected to. */
			report(name, c->xfail ? t.failed > 0 : t.failed == 0,
			       &passed, &failed);
		}
	}
	printf("hosttest libtest: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
