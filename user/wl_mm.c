// SPDX-License-Identifier: GPL-2.0
/*
 * Anonymous memory, as lmbench's lat_pagefault and lat_mmap:
 *
 *   anon_fault  mmap 1 MiB of anonymous memory, write one byte to each
 *               of its 256 pages, munmap; one op is one page (its share
 *               of the mmap and munmap included, so an eager pager's
 *               filling at mmap and a demand pager's faults compare).
 *               touch_cycles_per_page (and touch_insns_per_page) are the
 *               writes alone. 1 MiB, so no 2 MiB transparent huge page
 *               fits (Linux's THP=always would fault 512 pages at once).
 *   mmap_64k    mmap then munmap 64 KiB, untouched.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/mman.h>

#include "wl.h"

#define PAGE 4096UL
#define CHUNK (1UL << 20)
#define WARMUP 4

static void *map_anon(size_t len)
{
	return mmap(NULL, len, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

/* One chunk mapped, touched and unmapped; the touch's cycles, 0 on error. */
static uint64_t fault_chunk(void)
{
	volatile char *p = map_anon(CHUNK);
	uint64_t t0, t1;

	if (p == MAP_FAILED)
		return 0;
	t0 = wl_rdtsc();
	for (size_t off = 0; off < CHUNK; off += PAGE)
		p[off] = 1;
	t1 = wl_rdtsc();
	if (munmap((void *)p, CHUNK))
		return 0;
	return t1 - t0 ? t1 - t0 : 1;
}

static int anon_fault(void)
{
	unsigned long chunks = wl_iters(16), pages = chunks * (CHUNK / PAGE);
	uint64_t touch = 0, c;
	struct wl_time a, b;

	for (int i = 0; i < WARMUP; i++)
		if (!fault_chunk())
			return wl_fail("anon_fault", "mmap, touch or munmap",
				       errno);
	wl_start(&a);
	for (unsigned long i = 0; i < chunks; i++) {
		c = fault_chunk();
		if (!c)
			return wl_fail("anon_fault", "mmap or munmap", errno);
		touch += c;
	}
	wl_stop(&b);
	if (wl_icount_shift() >= 0)
		wl_result("anon_fault", pages, &a, &b,
			  ",\"touch_cycles_per_page\":%.1f,"
			  "\"touch_insns_per_page\":%.1f",
			  (double)touch / pages,
			  (double)touch / pages / (1u << wl_icount_shift()));
	else
		wl_result("anon_fault", pages, &a, &b,
			  ",\"touch_cycles_per_page\":%.1f",
			  (double)touch / pages);
	return 0;
}

static int mmap_64k(void)
{
	unsigned long n = wl_iters(4000);
	struct wl_time a, b;
	void *p;

	for (unsigned long i = 0; i < n + WARMUP; i++) {
		if (i == WARMUP)
			wl_start(&a);
		p = map_anon(64 << 10);
		if (p == MAP_FAILED)
			return wl_fail("mmap_64k", "mmap", errno);
		if (munmap(p, 64 << 10))
			return wl_fail("mmap_64k", "munmap", errno);
	}
	wl_stop(&b);
	wl_result("mmap_64k", n, &a, &b, NULL);
	return 0;
}

int main(int argc, char **argv)
{
	int status;

	wl_setup(argc, argv);
	status = anon_fault();
	status |= mmap_64k();
	return status;
}
