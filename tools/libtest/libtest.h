/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host tests of lib/: cases are HOSTTEST()s with CHECKs from the shared
 * harness (tools/include/hosttest.h). Test files include libc headers;
 * lib/ functions that share a libc name are reached through their mosaic_
 * prefix (see mosaic_lib_rename.h).
 */
#ifndef _LIBTEST_H
#define _LIBTEST_H

#include "hosttest.h"

/* Seed for randomized tests: LIBTEST_SEED in the environment, or fixed. */
unsigned long long libtest_seed(void);

#endif /* _LIBTEST_H */
