/* SPDX-License-Identifier: GPL-2.0 */
/* Host stand-ins for the kernel services the heap code uses. */
#ifndef _TOOLS_HEAP_HOST_ENV_H
#define _TOOLS_HEAP_HOST_ENV_H

#include <setjmp.h>

struct heap_policy;
/*
 * Every member of the Kconfig choice HEAP_POLICY: HEAP_POLICY_MEMBERS(X)
 * expands X(cname, "name") per member, from the header scripts/policies.py
 * writes (tools/heap/Makefile forces it in).
 */
#ifndef HEAP_POLICY_MEMBERS
#error "build with -include of the header from scripts/policies.py"
#endif
#define HOST_DECLARE_HEAP_POLICY(m, name) \
	extern const struct heap_policy heap_policy_##m;
HEAP_POLICY_MEMBERS(HOST_DECLARE_HEAP_POLICY)

/* When set, panic() records its message here and longjmps instead of
 * aborting, so tests can check that a corruption is caught. */
extern jmp_buf *host_panic_jmp;
extern char host_panic_msg[512];

#endif
