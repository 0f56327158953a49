// SPDX-License-Identifier: GPL-2.0
/*
 * System calls about the calling thread itself. TODO(process): exit
 * ends only the calling thread until processes and exit_group exist.
 */
#include <mosaic/sched.h>
#include <mosaic/syscalls.h>
#include <mosaic/user.h>

SYSCALL_DEFINE0(gettid)
{
	return current()->tid;
}

SYSCALL_DEFINE0(sched_yield)
{
	yield();
	return 0;
}

SYSCALL_DEFINE1(exit, int, code)
{
	user_exit(W_EXITCODE(code));
}

SYSCALL_DEFINE1(exit_group, int, code)
{
	user_exit(W_EXITCODE(code));
}
