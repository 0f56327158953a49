/* SPDX-License-Identifier: GPL-2.0 */
/* x86 port I/O. */
#ifndef _ASM_X86_IO_H
#define _ASM_X86_IO_H

#include <mosaic/types.h>

static inline void outb(u16 port, u8 val)
{
	__asm__ __volatile__("outb %0, %1" : : "a"(val), "Nd"(port));
}

static inline u8 inb(u16 port)
{
	u8 val;

	__asm__ __volatile__("inb %1, %0" : "=a"(val) : "Nd"(port));
	return val;
}

static inline void outl(u16 port, u32 val)
{
	__asm__ __volatile__("outl %0, %1" : : "a"(val), "Nd"(port));
}

/* A write to an unused port: a short delay for slow legacy devices. */
static inline void io_wait(void)
{
	outb(0x80, 0);
}

#endif /* _ASM_X86_IO_H */
