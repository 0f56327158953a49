/* SPDX-License-Identifier: GPL-2.0 */
/*
 * int probe_exec_page(void): call the page at EXEC_PROBE_VA; 0 if it ran
 * (and returned), -EFAULT if fetching its first instruction faulted.
 */
#include "exec_probe.h"

#define EFAULT 14

	.text
	.globl probe_exec_page
probe_exec_page:
	movabsq	$EXEC_PROBE_VA, %rax
	call	*%rax
	xorl	%eax, %eax
	ret
1:	/* The call had pushed its return address before the fetch faulted. */
	addq	$8, %rsp
	movl	$-EFAULT, %eax
	ret
	.section __ex_table, "a"
	.balign 8
	.quad EXEC_PROBE_VA, 1b
	.text
