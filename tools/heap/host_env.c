// SPDX-License-Identifier: GPL-2.0
/*
 * Host environment for the heap: the page source's window is a PROT_NONE
 * reservation; mapping makes pages read-write, unmapping drops their
 * contents and makes them fault again (so a stale pointer crashes the
 * test instead of reading old data). panic() can be intercepted.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "host_env.h"

#define HOST_WINDOW_ALIGN (2UL << 20)

/* Avoid <mosaic/heap_policy.h> here: it would clash with libc headers
 * only in name, but keeping the host side plain C is simpler. */
void *heap_arch_window(void);
int heap_arch_map(void *va, size_t bytes);
void heap_arch_unmap(void *va, size_t bytes);
void panic(const char *fmt, ...);

jmp_buf *host_panic_jmp;
char host_panic_msg[512];

void *heap_arch_window(void)
{
	static char *window;
	size_t bytes = 2 * ((size_t)CONFIG_HEAP_MAX_MB << 20);
	char *p;

	if (window)
		return window;
	p = mmap(NULL, bytes + HOST_WINDOW_ALIGN, PROT_NONE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	window = (char *)(((uintptr_t)p + HOST_WINDOW_ALIGN - 1) &
			  ~(HOST_WINDOW_ALIGN - 1));
	return window;
}

int heap_arch_map(void *va, size_t bytes)
{
	return mprotect(va, bytes, PROT_READ | PROT_WRITE) ? -12 : 0;
}

void heap_arch_unmap(void *va, size_t bytes)
{
	madvise(va, bytes, MADV_DONTNEED);
	mprotect(va, bytes, PROT_NONE);
}

void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(host_panic_msg, sizeof(host_panic_msg), fmt, ap);
	va_end(ap);
	if (host_panic_jmp)
		longjmp(*host_panic_jmp, 1);
	fprintf(stderr, "panic: %s\n", host_panic_msg);
	abort();
}
