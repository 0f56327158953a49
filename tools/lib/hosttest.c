// SPDX-License-Identifier: GPL-2.0
/*
 * The shared host test runner (see tools/include/hosttest.h): runs the
 * cases registered with HOSTTEST() and prints one summary line.
 *
 *   <binary> [-v] [case...]
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hosttest.h"

int hosttest_failures;
int hosttest_verbose;
void (*hosttest_before_each)(void);
static const char *current = "-";	/* the running case, for messages */

/* Weak: a suite may register no case and add its own (libtest's ktests). */
extern const struct hosttest __start_hosttests[] __attribute__((weak));
extern const struct hosttest __stop_hosttests[] __attribute__((weak));

void hosttest_vfail(const char *file, int line, const char *fmt, va_list ap)
{
	fprintf(stderr, "    FAIL %s %s:%d: ", current, file, line);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	hosttest_failures++;
}

void hosttest_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	hosttest_vfail(file, line, fmt, ap);
	va_end(ap);
}

void hosttest_report(struct hosttest_counts *c, const char *name, bool ok)
{
	if (ok)
		c->passed++;
	else
		c->failed++;
	if (hosttest_verbose || !ok)
		printf("%s %s\n", ok ? "ok    " : "FAILED", name);
	fflush(stdout);
}

static bool wanted(const char *name, int argc, char **argv)
{
	bool any = false;

	for (int i = 1; i < argc; i++) {
		if (argv[i][0] == '-')
			continue;
		any = true;
		if (!strcmp(argv[i], name))
			return true;
	}
	return !any;
}

void hosttest_run_all(struct hosttest_counts *c, int argc, char **argv)
{
	for (const struct hosttest *t = __start_hosttests; t < __stop_hosttests;
	     t++) {
		if (!wanted(t->name, argc, argv))
			continue;
		hosttest_failures = 0;
		current = t->name;
		if (hosttest_before_each)
			hosttest_before_each();
		t->fn();
		hosttest_report(c, t->name, hosttest_failures == 0);
	}
	current = "-";
}

int hosttest_summary(const char *suite, const struct hosttest_counts *c)
{
	printf("hosttest %s: %d passed, %d failed\n", suite, c->passed,
	       c->failed);
	return c->failed ? 1 : 0;
}

int hosttest_main(const char *suite, int argc, char **argv)
{
	struct hosttest_counts c = { 0, 0 };

	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "-v"))
			hosttest_verbose = host_printk_echo = 1;
	hosttest_run_all(&c, argc, argv);
	return hosttest_summary(suite, &c);
}
