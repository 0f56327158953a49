// SPDX-License-Identifier: GPL-2.0
/*
 * Host stand-ins for the kernel's panic() and printk(), shared by every
 * host build of kernel code (see tools/include/hosttest.h). Tests read
 * what was printed and catch panics instead of dying on them.
 */
#include <mosaic/panic.h>
#include <mosaic/printk.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "hosttest.h"

char host_printk_buf[16384];
size_t host_printk_len;
char host_printk_last[512];
int host_printk_count;
int host_printk_echo;

char host_panic_msg[1024];
unsigned long host_panic_count;
jmp_buf *host_panic_jmp;

void host_printk_reset(void)
{
	host_printk_len = 0;
	host_printk_buf[0] = '\0';
	host_printk_last[0] = '\0';
	host_printk_count = 0;
}

int vprintk(const char *fmt, va_list args)
{
	size_t room = sizeof(host_printk_buf) - host_printk_len;
	va_list again;
	int n;

	if (fmt[0] == KERN_SOH[0] && fmt[1])	/* the KERN_<LEVEL> prefix */
		fmt += 2;
	va_copy(again, args);
	n = vsnprintf(host_printk_last, sizeof(host_printk_last), fmt, args);
	host_printk_count++;
	if (room > 1) {		/* the log keeps what fits */
		int m = vsnprintf(host_printk_buf + host_printk_len, room, fmt,
				  again);

		if (m > 0)
			host_printk_len += (size_t)m < room - 1 ? (size_t)m :
								 room - 1;
	}
	va_end(again);
	if (host_printk_echo)
		fprintf(stderr, "    printk: %s", host_printk_last);
	return n;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(host_panic_msg, sizeof(host_panic_msg), fmt, ap);
	va_end(ap);
	host_panic_count++;
	if (host_panic_jmp)
		longjmp(*host_panic_jmp, 1);
	fprintf(stderr, "host panic: %s\n", host_panic_msg);
	abort();
}
