/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Single-byte memory probes that return -EFAULT instead of faulting:
 * the faulting instruction is listed in __ex_table with a fixup.
 *
 * int probe_read_byte(const void *addr, u8 *val)
 * int probe_write_byte(void *addr, u8 val)
 */
#define EFAULT 14

	.text
	.globl probe_read_byte
probe_read_byte:
1:	movb	(%rdi), %al
	movb	%al, (%rsi)
	xorl	%eax, %eax
	ret
2:	movl	$-EFAULT, %eax
	ret
	.section __ex_table, "a"
	.balign 8
	.quad 1b, 2b
	.text

	.globl probe_write_byte
probe_write_byte:
3:	movb	%sil, (%rdi)
	xorl	%eax, %eax
	ret
4:	movl	$-EFAULT, %eax
	ret
	.section __ex_table, "a"
	.balign 8
	.quad 3b, 4b
	.text
