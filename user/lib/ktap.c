// SPDX-License-Identifier: GPL-2.0
/* KTAP output for user tests: see user/include/ktap.h. */
#include <stdarg.h>
#include <stdio.h>
#include <sys/reboot.h>
#include <unistd.h>

#include "ktap.h"

static const char *indent = "    ";
static const char *outer = "";
static const char *suite_name;
static int planned, run, failed;

void ktap_start(const char *suite, int plan, bool nested)
{
	suite_name = suite;
	planned = plan;
	outer = nested ? "    " : "";
	indent = nested ? "        " : "    ";
	if (!nested)
		printf("KTAP version 1\n1..1\n");
	printf("%sKTAP version 1\n%s# Subtest: %s\n%s1..%d\n", indent, indent,
	       suite, indent, plan);
	fflush(stdout);
}

bool ktap_result(bool cond, const char *name, const char *fmt, ...)
{
	va_list ap;

	run++;
	if (!cond) {
		failed++;
		printf("%s# %s: ", indent, name);
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		printf("\n");
	}
	printf("%s%s %d %s\n", indent, cond ? "ok" : "not ok", run, name);
	fflush(stdout);
	return cond;
}

void ktap_diag(const char *fmt, ...)
{
	va_list ap;

	printf("%s# ", indent);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

int ktap_finish(void)
{
	bool ok = !failed && run == planned;

	if (run != planned)
		ktap_diag("planned %d tests, ran %d", planned, run);
	/* Nested, the kernel prints the result line of the case. */
	if (!*outer)
		printf("%s 1 %s\n", ok ? "ok" : "not ok", suite_name);
	fflush(stdout);
	/* Init under Linux (linux-user-test): nothing to return to. */
	if (getpid() == 1) {
		sync();
		reboot(RB_POWER_OFF);
	}
	return ok ? 0 : 1;
}
