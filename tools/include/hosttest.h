/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The host test harness shared by the suites under tools/ (bootinfo, kbd,
 * vgacon, libtest, frame): test registration, checks, the run loop and
 * the `hosttest <suite>: N passed, N failed` summary line
 * (tools/lib/hosttest.c), plus the host stand-ins for the kernel's
 * panic() and printk() (tools/lib/hoststubs.c).
 *
 * A case is a function registered with HOSTTEST(); it fails when any
 * CHECK in it fails. Cases run in the order they appear in the file.
 */
#ifndef _TOOLS_HOSTTEST_H
#define _TOOLS_HOSTTEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

struct hosttest {
	const char *name;
	void (*fn)(void);
};

/* The linker collects the cases in section "hosttests" (bounds __start_/__stop_). */
#define HOSTTEST(tname)                                                     \
	static void tname(void);                                            \
	static const struct hosttest __hosttest_##tname                      \
		__attribute__((used, aligned(8), section("hosttests"))) = {   \
			.name = #tname, .fn = tname };                        \
	static void tname(void)

/* Failures in the running case; a case passes when it adds none. */
extern int hosttest_failures;
/* Set by -v on the command line: list every case, echo printk output. */
extern int hosttest_verbose;
/* Called before every registered case (may stay NULL). */
extern void (*hosttest_before_each)(void);

static inline bool hosttest_ok(void)
{
	return hosttest_failures == 0;
}

/* Count a failure in the running case and print where. */
void hosttest_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void hosttest_vfail(const char *file, int line, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

#define CHECK(cond)                                                         \
	do {                                                                \
		if (!(cond))                                                \
			hosttest_fail(__FILE__, __LINE__, "%s", #cond);     \
	} while (0)

#define CHECK_EQ(a, b)                                                      \
	do {                                                                \
		long long __a = (long long)(a), __b = (long long)(b);       \
		if (__a != __b)                                             \
			hosttest_fail(__FILE__, __LINE__,                   \
				      "%s == %s: %lld != %lld", #a, #b, __a, __b); \
	} while (0)

#define CHECK_STREQ(a, b)                                                   \
	do {                                                                \
		const char *__a = (a), *__b = (b);                          \
		if (strcmp(__a, __b) != 0)                                  \
			hosttest_fail(__FILE__, __LINE__,                   \
				      "%s == %s: \"%s\" != \"%s\"", #a, #b, __a, __b); \
	} while (0)

/* Leave the running case once it has failed. */
#define BAIL()                                                              \
	do {                                                                \
		if (hosttest_failures)                                      \
			return;                                             \
	} while (0)

/* Pass/fail totals of a run, for suites that add cases of their own. */
struct hosttest_counts {
	int passed, failed;
};

/* Account one case; lists it under -v, always when it failed. */
void hosttest_report(struct hosttest_counts *c, const char *name, bool ok);
/* Run every registered case, or those named on the command line. */
void hosttest_run_all(struct hosttest_counts *c, int argc, char **argv);
/* Print the summary line; the exit status: 0 when nothing failed. */
int hosttest_summary(const char *suite, const struct hosttest_counts *c);
/* All of the above: parse -v, run, summarise. Returns the exit status. */
int hosttest_main(const char *suite, int argc, char **argv);

/* ---- host stand-ins for kernel services (tools/lib/hoststubs.c) ---- */

/*
 * printk() drops the KERN_<LEVEL> prefix, appends the text to
 * host_printk_buf (until it is full), keeps the last message and counts
 * the calls; it echoes to stderr when host_printk_echo is set.
 */
extern char host_printk_buf[16384];
extern size_t host_printk_len;
extern char host_printk_last[512];
extern int host_printk_count;
extern int host_printk_echo;
void host_printk_reset(void);

/*
 * panic() stores its message in host_panic_msg and counts; inside
 * HOST_CATCH_PANIC it returns there instead of aborting the program.
 */
extern char host_panic_msg[1024];
extern unsigned long host_panic_count;
extern jmp_buf *host_panic_jmp;

/*
 * Run @stmt; true if it panicked. The jmp_buf is the caller's, so this
 * nests in any function; locals changed by @stmt must be volatile.
 */
#define HOST_CATCH_PANIC(stmt)                                              \
	({                                                                  \
		jmp_buf __jb;                                               \
		jmp_buf *__prev = host_panic_jmp;                           \
		volatile bool __hit = false;                                \
		host_panic_msg[0] = '\0';                                   \
		host_panic_jmp = &__jb;                                     \
		if (setjmp(__jb) == 0)                                      \
			stmt;                                               \
		else                                                        \
			__hit = true;                                       \
		host_panic_jmp = __prev;                                    \
		__hit;                                                      \
	})

#endif /* _TOOLS_HOSTTEST_H */
