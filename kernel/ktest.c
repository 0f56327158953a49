// SPDX-License-Identifier: GPL-2.0
/*
 * ktest: runs the suites the command line names and reports KTAP
 * version 1, the format KUnit uses, on every console:
 *
 *	KTAP version 1
 *	1..2
 *	    KTAP version 1
 *	    # Subtest: string
 *	    1..3
 *	    ok 1 test_strlen
 *	    ...
 *	ok 1 string
 *
 * A case that fails by design (KTEST_CASE_XFAIL) prints
 * "not ok N name # TODO reason" and does not fail its suite; if it
 * unexpectedly passes it prints "ok N name # TODO reason" and the runner
 * flags the surprise.
 */
#include <mosaic/errno.h>
#include <mosaic/ktest.h>
#include <mosaic/params.h>
#include <mosaic/printk.h>
#include <mosaic/string.h>
#include <mosaic/vsprintf.h>

extern const struct ktest_suite __start_ktest_suites[];
extern const struct ktest_suite __stop_ktest_suites[];

#define SPEC_MAX 256

void ktest_fail_at(struct ktest *t, const char *file, int line,
		   const char *fmt, ...)
{
	char msg[256];
	va_list args;

	va_start(args, fmt);
	vscnprintf(msg, sizeof(msg), fmt, args);
	va_end(args);
	t->failed++;
	pr_raw("    # %s: %s:%d: %s\n", t->name, file, line, msg);
}

void ktest_skip(struct ktest *t, const char *reason)
{
	t->skipped = 1;
	t->skip_reason = reason;
}

void ktest_log(struct ktest *t, const char *fmt, ...)
{
	char msg[256];
	va_list args;

	va_start(args, fmt);
	vscnprintf(msg, sizeof(msg), fmt, args);
	va_end(args);
	pr_raw("    # %s\n", msg);
}

/*
 * ktest.icount=1: the runner runs QEMU with -icount (make ktest ICOUNT=1
 * says so on the command line it builds). Suites whose bounds are in
 * guest time (KTEST_ICOUNT) join ktest=all only then: on a loaded host
 * without it, a preempted vCPU breaks their bounds, not the policy.
 * Named, they always run.
 */
static bool ktest_icount;

static int ktest_icount_param(const char *val)
{
	if (strcmp(val, "0") && strcmp(val, "1"))
		return -EINVAL;
	ktest_icount = val[0] == '1';
	return 0;
}
KERNEL_PARAM_NAMED(ktest_icount, "ktest.icount", ktest_icount_param);

static bool suite_selected(const struct ktest_suite *s, const char *spec)
{
	if (strlist_has(spec, s->name, strlen(s->name)))
		return true;
	if (s->flags & KTEST_ON_DEMAND)
		return false;
	/* ktest=timed: the KTEST_ICOUNT suites this configuration has. */
	if (strlist_has(spec, "timed", 5) && (s->flags & KTEST_ICOUNT))
		return true;
	if (!strlist_has(spec, "all", 3))
		return false;
	return ktest_icount || !(s->flags & KTEST_ICOUNT);
}

/* Say which timed suites "all" left out, so that it is seen. */
static void report_left_out(const char *spec)
{
	const struct ktest_suite *s;

	if (ktest_icount || !strlist_has(spec, "all", 3))
		return;
	for (s = __start_ktest_suites; s < __stop_ktest_suites; s++)
		if ((s->flags & KTEST_ICOUNT) && !(s->flags & KTEST_ON_DEMAND) &&
		    !suite_selected(s, spec))
			pr_raw("# ktest: %s not in 'all' without -icount (make ktest ICOUNT=1, or name it)\n",
			       s->name);
}

/* Runs one case and prints its result; true if it counts as a failure. */
static bool run_case(const struct ktest_case *c, int n, void *priv)
{
	struct ktest t = { .name = c->name, .priv = priv };

	c->run(&t);
	if (t.skipped && !t.failed) {
		pr_raw("    ok %d %s # SKIP %s\n", n, c->name, t.skip_reason);
		return false;
	}
	if (c->xfail) {
		/* Either way visible; only the unexpected pass is flagged. */
		pr_raw("    %s %d %s # TODO %s\n", t.failed ? "not ok" : "ok", n,
		       c->name, c->xfail);
		return false;
	}
	pr_raw("    %s %d %s\n", t.failed ? "not ok" : "ok", n, c->name);
	return t.failed != 0;
}

static int count_cases(const struct ktest_suite *s)
{
	int n = 0;

	while (s->cases[n].run)
		n++;
	return n;
}

static bool run_suite(const struct ktest_suite *s, int n)
{
	struct ktest suite_ctx = { .name = s->name };
	int failed = 0, ncases = count_cases(s);

	pr_raw("    KTAP version 1\n    # Subtest: %s\n", s->name);
	if (s->init && s->init(&suite_ctx)) {
		pr_raw("    1..0\nok %d %s # SKIP %s\n", n, s->name,
		       suite_ctx.skip_reason ? suite_ctx.skip_reason :
					       "suite init failed");
		return true;
	}
	pr_raw("    1..%d\n", ncases);
	for (int i = 0; i < ncases; i++)
		failed += run_case(&s->cases[i], i + 1, suite_ctx.priv);
	if (s->exit)
		s->exit(&suite_ctx);
	pr_raw("%s %d %s\n", failed ? "not ok" : "ok", n, s->name);
	return failed == 0;
}

static bool spec_is_known(const char *word, size_t len)
{
	if ((len == 3 && !strncmp(word, "all", 3)) ||
	    (len == 5 && !strncmp(word, "timed", 5)))
		return true;
	for (const struct ktest_suite *s = __start_ktest_suites;
	     s < __stop_ktest_suites; s++)
		if (strlen(s->name) == len && !strncmp(s->name, word, len))
			return true;
	return false;
}

/* An unknown suite name fails the run: a typo must not pass as success. */
static int report_unknown(const char *word, size_t len)
{
	char names[512];
	int n = 0;

	if (spec_is_known(word, len))
		return 0;
	for (const struct ktest_suite *s = __start_ktest_suites;
	     s < __stop_ktest_suites; s++)
		n += scnprintf(names + n, sizeof(names) - n, " %s", s->name);
	pr_err("ktest: no suite named '%.*s'; the suites are:%s\n", (int)len,
	       word, names);
	return 1;
}

int ktest_run_from_cmdline(const char *spec)
{
	const struct ktest_suite *s;
	int nsuites = 0, failed = 0, n = 0;

	if (strlist_for_each(spec, report_unknown))
		return -EINVAL;
	for (s = __start_ktest_suites; s < __stop_ktest_suites; s++)
		nsuites += suite_selected(s, spec);
	pr_raw("KTAP version 1\n1..%d\n", nsuites);
	report_left_out(spec);
	for (s = __start_ktest_suites; s < __stop_ktest_suites; s++)
		if (suite_selected(s, spec))
			failed += !run_suite(s, ++n);
	pr_raw("# ktest: %d suites, %d failed\n", nsuites, failed);
	return failed;
}
