/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Symbolized backtraces from the frame-pointer chain, using the symbol
 * table the build embeds in the kernel image (scripts/kallsyms.py).
 */
#ifndef _MOSAIC_BACKTRACE_H
#define _MOSAIC_BACKTRACE_H

#include <mosaic/types.h>

/* Format "name+0xoff/0xsize" or "0x<addr>" into buf. */
int ksym_format(char *buf, size_t size, unsigned long addr);
void print_backtrace_from(unsigned long rip, unsigned long rbp);
void print_backtrace(void);

#endif /* _MOSAIC_BACKTRACE_H */
