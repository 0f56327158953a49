/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The only instructions that dereference user pointers. Each one that
 * may fault is listed in __ex_table: a fault on it (after the page-fault
 * handler found nothing to map) resumes at the fixup, which reports how
 * far the copy got. Callers (uaccess.c) checked the range and opened
 * the SMAP window.
 *
 * unsigned long __copy_user(void *to, const void *from, unsigned long n)
 * unsigned long __clear_user(void *to, unsigned long n)
 *	bytes not copied / cleared
 * long __strncpy_user(char *dst, const char *src, long count)
 *	length without NUL, count if none within count, -EFAULT on fault
 */
#define EFAULT 14

	.text
	.globl __copy_user
	.type __copy_user, @function
__copy_user:
	movq	%rdx, %rcx
1:	rep movsb
	movq	%rcx, %rax	/* 0, or what was left when it faulted */
	ret
	.size __copy_user, . - __copy_user
	.section __ex_table, "a"
	.balign 8
	.quad 1b, 1b + 2	/* resume after rep movsb, rcx = bytes left */
	.text

	.globl __clear_user
	.type __clear_user, @function
__clear_user:
	movq	%rsi, %rcx
	xorl	%eax, %eax
2:	rep stosb
	movq	%rcx, %rax
	ret
	.size __clear_user, . - __clear_user
	.section __ex_table, "a"
	.balign 8
	.quad 2b, 2b + 2
	.text

	.globl __strncpy_user
	.type __strncpy_user, @function
__strncpy_user:
	xorl	%eax, %eax
3:	cmpq	%rdx, %rax
	je	5f
4:	movb	(%rsi,%rax), %cl
	movb	%cl, (%rdi,%rax)
	testb	%cl, %cl
	jz	5f
	incq	%rax
	jmp	3b
5:	ret
6:	movq	$-EFAULT, %rax
	ret
	.size __strncpy_user, . - __strncpy_user
	.section __ex_table, "a"
	.balign 8
	.quad 4b, 6b
	.text

	.section .note.GNU-stack, "", @progbits
