// SPDX-License-Identifier: GPL-2.0
/*
 * musl's malloc and free under churn: a fixed-seed random sequence of
 * allocations (mostly small, some up to 1 MiB: musl maps those with mmap
 * and unmaps them on free) and frees over 8192 slots, each new block
 * written once per page so its frames are really taken, with at most
 * 96 MiB live (the oldest blocks go first beyond it). Page faults, mmap,
 * munmap and brk traffic: the frame allocator and the pager at work
 * under a program's allocator. One op is one malloc or free.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "wl.h"

#define SLOTS 8192
#define LIVE_MAX (96UL << 20)
#define PAGE 4096

struct slot {
	unsigned char *p;
	size_t size;
};

static struct slot slots[SLOTS];
static size_t live, peak;
static unsigned long errors;
static uint64_t rng = 0x9e3779b97f4a7c15ULL;

/* xorshift64*: the same sequence on every system. */
static uint64_t rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545f4914f6cdd1dULL;
}

static size_t pick_size(void)
{
	uint64_t r = rnd() % 1000;

	if (r < 700)
		return 16 + rnd() % 497;
	if (r < 950)
		return 512 + rnd() % (16 << 10);
	if (r < 995)
		return (16 << 10) + rnd() % (240 << 10);
	return (256 << 10) + rnd() % (768 << 10);
}

static void release(struct slot *s)
{
	unsigned char tag = (unsigned char)(s - slots);

	if (s->p[0] != tag || s->p[s->size - 1] != tag)
		errors++;
	free(s->p);
	live -= s->size;
	s->p = NULL;
}

static int take(struct slot *s, size_t size)
{
	unsigned char tag = (unsigned char)(s - slots);

	s->p = malloc(size);
	if (!s->p)
		return errno ? errno : ENOMEM;
	s->size = size;
	for (size_t off = 0; off < size; off += PAGE)
		s->p[off] = tag;
	s->p[size - 1] = tag;
	live += size;
	if (live > peak)
		peak = live;
	return 0;
}

/* Make room under LIVE_MAX, freeing from a moving cursor. */
static unsigned long make_room(size_t size)
{
	static unsigned int cursor;
	unsigned long freed = 0;

	while (live + size > LIVE_MAX) {
		struct slot *s = &slots[cursor++ % SLOTS];

		if (s->p) {
			release(s);
			freed++;
		}
	}
	return freed;
}

int main(int argc, char **argv)
{
	unsigned long n, ops = 0;
	struct wl_time a, b;
	int err;

	wl_setup(argc, argv);
	n = wl_iters(100000);
	wl_start(&a);
	for (unsigned long i = 0; i < n; i++) {
		struct slot *s = &slots[rnd() % SLOTS];
		size_t size;

		if (s->p) {
			release(s);
			ops++;
			continue;
		}
		size = pick_size();
		ops += make_room(size) + 1;
		err = take(s, size);
		if (err)
			return wl_fail("malloc_churn", "malloc", err);
	}
	for (unsigned int i = 0; i < SLOTS; i++)
		if (slots[i].p) {
			release(&slots[i]);
			ops++;
		}
	wl_stop(&b);
	if (errors)
		return wl_fail("malloc_churn", "a block's contents changed", 0);
	wl_result("malloc_churn", ops, &a, &b, ",\"peak_live_kib\":%zu",
		  peak >> 10);
	return 0;
}
