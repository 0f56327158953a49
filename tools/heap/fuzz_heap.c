// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the input bytes are an operation sequence for one
 * heap policy (first byte picks it, and the linked-list fit). Every block
 * is filled with a pattern and checked before free and after realloc;
 * overlap and alignment are checked; the policy's consistency walk runs
 * at the end. Any mismatch aborts, which libFuzzer reports.
 */
#include <mosaic/heap_policy.h>
#include <mosaic/page.h>

#include "freelist.h"
#include "host_env.h"

void abort(void);
void *memset(void *s, int c, size_t n);

#define SLOTS 64

struct slot {
	unsigned char *p;
	size_t size;
	u8 tag;
};

static void fill(struct slot *s)
{
	size_t i;

	for (i = 0; i < s->size; i++)
		s->p[i] = (u8)(s->tag + i);
}

static void expect(struct slot *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s->p[i] != (u8)(s->tag + i))
			abort();
}

static void no_overlap(struct slot *slots, int self)
{
	int i;
	struct slot *s = &slots[self];

	for (i = 0; i < SLOTS; i++)
		if (i != self && slots[i].p &&
		    s->p < slots[i].p + (slots[i].size ? slots[i].size : 1) &&
		    slots[i].p < s->p + (s->size ? s->size : 1))
			abort();
}

static size_t size_from(const u8 *d)
{
	size_t v = d[0] | (size_t)d[1] << 8;

	/* mostly small, sometimes large, rarely huge */
	if (d[2] & 0x80)
		return v * 4;
	return v % 2048;
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t len)
{
	static const struct heap_policy *const pols[] = {
#define FUZZ_POLICY(m, name) &heap_policy_##m,
		HEAP_POLICY_MEMBERS(FUZZ_POLICY)
	};
	static struct slot slots[SLOTS];
	size_t i;
	int k;

	if (len < 1)
		return 0;
	linked_list_set_fit((data[0] >> 2) % FL_FITS);
	if (heap_use_policy(pols[data[0] % (sizeof(pols) / sizeof(pols[0]))]))
		abort();
	memset(slots, 0, sizeof(slots));
	for (i = 1; i + 4 <= len; i += 4) {
		const u8 *d = data + i;
		struct slot *s = &slots[d[0] % SLOTS];
		unsigned int op = (d[0] >> 6) & 3;
		size_t size = size_from(d + 1);

		if (op <= 1 && !s->p) {
			size_t align = d[3] & 0x40 ? 1UL << (d[3] % 13) : 16;

			s->p = align == 16 ? kmalloc(size) :
					     kmalloc_aligned(size, align);
			if (!s->p)
				continue;	/* the limit: fine */
			if (!IS_ALIGNED((uintptr_t)s->p, align < 16 ? 16 : align))
				abort();
			s->size = size;
			s->tag = d[3];
			no_overlap(slots, s - slots);
			fill(s);
		} else if (op == 2 && s->p) {
			unsigned char *q = krealloc(s->p, size);

			if (!q)
				continue;
			expect(&(struct slot){ q, size < s->size ? size : s->size,
					       s->tag }, size < s->size ? size : s->size);
			s->p = q;
			s->size = size;
			no_overlap(slots, s - slots);
			fill(s);
		} else if (s->p) {
			expect(s, s->size);
			kfree(s->p);
			s->p = NULL;
		}
	}
	if (heap_check_all() != HEAP_OK)
		abort();
	for (k = 0; k < SLOTS; k++)
		if (slots[k].p) {
			expect(&slots[k], slots[k].size);
			kfree(slots[k].p);
		}
	return 0;
}
