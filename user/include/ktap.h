/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KTAP version 1 from user space, so the kernel's runner (scripts/ktap.py)
 * judges user tests like in-kernel ones. Alone (run as init under Linux)
 * a program prints a whole KTAP document with its suite nested once; run
 * by the kernel's `user` ktest suite (nested) the suite is a subtest of
 * the kernel case that started it, one level deeper.
 */
#ifndef _USER_KTAP_H
#define _USER_KTAP_H

#include <stdbool.h>

void ktap_start(const char *suite, int planned, bool nested);
/* One result; returns cond. */
bool ktap_result(bool cond, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A diagnostic line. */
void ktap_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/*
 * The suite's result line; the exit status to return (0: all passed).
 * As init (pid 1, under Linux) it powers the machine off instead.
 */
int ktap_finish(void);

#define KTAP_EXPECT(name, cond)                                            \
	ktap_result((cond), (name), "%s:%d: %s", __FILE__, __LINE__, #cond)

#endif /* _USER_KTAP_H */
