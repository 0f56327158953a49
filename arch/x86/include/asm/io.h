/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86 port I/O, and memory-mapped I/O through ioremap(): MMIO pointers
 * are `void __iomem *`, which sparse will not let code dereference; the
 * read*()/write*() accessors make exactly one access of their width.
 */
#ifndef _ASM_X86_IO_H
#define _ASM_X86_IO_H

#include <mosaic/compiler.h>
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

static inline void outw(u16 port, u16 val)
{
	__asm__ __volatile__("outw %0, %1" : : "a"(val), "Nd"(port));
}

static inline u16 inw(u16 port)
{
	u16 val;

	__asm__ __volatile__("inw %1, %0" : "=a"(val) : "Nd"(port));
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

/*
 * Map [phys, phys + size) of device memory, write-enabled and never
 * executable, with the memory type in flags (VMM_UC for registers,
 * VMM_WC for framebuffers, VMM_WT, or 0 for write-back). Returns the
 * address of phys (any alignment), or NULL for a bad argument (no size,
 * other flags, wrapping, past 2^52, RAM the frame allocator manages) or
 * no room in the ioremap range.
 */
void __iomem *ioremap(phys_addr_t phys, size_t size, unsigned long flags);
/* Undo an ioremap; addr is what it returned. NULL does nothing. */
void iounmap(volatile void __iomem *addr);

#define __IO_ACCESSORS(bwlq, type)                                           \
	static inline type read##bwlq(const volatile void __iomem *addr)      \
	{                                                                     \
		return *(const volatile type __force *)addr;                  \
	}                                                                     \
	static inline void write##bwlq(type val, volatile void __iomem *addr) \
	{                                                                     \
		*(volatile type __force *)addr = val;                         \
	}

__IO_ACCESSORS(b, u8)
__IO_ACCESSORS(w, u16)
__IO_ACCESSORS(l, u32)
__IO_ACCESSORS(q, u64)

#endif /* _ASM_X86_IO_H */
