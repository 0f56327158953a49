/* SPDX-License-Identifier: GPL-2.0 */
/* Host stand-ins for the kernel services the heap code uses. */
#ifndef _TOOLS_HEAP_HOST_ENV_H
#define _TOOLS_HEAP_HOST_ENV_H

#include <setjmp.h>

/* When set, panic() records its message here and longjmps instead of
 * aborting, so tests can check that a corruption is caught. */
extern jmp_buf *host_panic_jmp;
extern char host_panic_msg[512];

#endif
