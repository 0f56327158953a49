/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86 static branches: each site is a 5-byte no-op (nopl 0(%rax,%rax))
 * that kernel/jump_label.c rewrites into a jmp rel32 to the site's
 * out-of-line block when its key is enabled, and back. The table entry
 * (__jump_table, between __start___jump_table and __stop___jump_table)
 * names the site, its target and its key.
 */
#ifndef _ASM_X86_JUMP_LABEL_H
#define _ASM_X86_JUMP_LABEL_H

#define JUMP_LABEL_SITE_SIZE 5

#ifndef __ASSEMBLY__
#include <mosaic/compiler.h>
#include <mosaic/types.h>

struct static_key;

struct jump_entry {
	unsigned long code;	/* the site's first byte */
	unsigned long target;	/* where the jmp goes when enabled */
	struct static_key *key;
};

/* nopl 0x0(%rax,%rax,1): one instruction, no effect. */
#define JUMP_LABEL_NOP5 0x0f, 0x1f, 0x44, 0x00, 0x00

/* False until @key is enabled, then true; no load, no test. */
static __always_inline bool arch_static_branch(struct static_key *key)
{
	__asm__ goto("1:\t.byte 0x0f, 0x1f, 0x44, 0x00, 0x00\n\t"
		     ".pushsection __jump_table, \"a\"\n\t"
		     ".balign 8\n\t"
		     ".quad 1b, %l[taken], %c0\n\t"
		     ".popsection"
		     :
		     : "i"(key)
		     :
		     : taken);
	return false;
taken:
	return true;
}
#endif

#endif /* _ASM_X86_JUMP_LABEL_H */
