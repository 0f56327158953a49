// SPDX-License-Identifier: GPL-2.0
/* The trace ring buffer: see <mosaic/trace_ring.h>. */
#include <mosaic/errno.h>
#include <mosaic/trace_ring.h>

int trace_ring_init(struct trace_ring *r, struct trace_record *buf,
		    unsigned long size, bool stop_when_full)
{
	if (!buf || !size)
		return -EINVAL;
	/* The largest power of two that fits: index = count & (size - 1). */
	while (size & (size - 1))
		size &= size - 1;
	r->rec = buf;
	r->size = size;
	r->stop_when_full = stop_when_full;
	trace_ring_reset(r);
	return 0;
}

void trace_ring_reset(struct trace_ring *r)
{
	r->written = 0;
	r->lost = 0;
}

bool trace_ring_put(struct trace_ring *r, const struct trace_record *rec)
{
	if (r->written >= r->size) {
		r->lost++;
		if (r->stop_when_full)
			return false;
	}
	r->rec[r->written & (r->size - 1)] = *rec;
	r->written++;
	return true;
}

unsigned long trace_ring_count(const struct trace_ring *r)
{
	return r->written < r->size ? r->written : r->size;
}

bool trace_ring_get(const struct trace_ring *r, unsigned long i,
		    struct trace_record *out)
{
	unsigned long n = trace_ring_count(r);

	if (i >= n)
		return false;
	*out = r->rec[(r->written - n + i) & (r->size - 1)];
	return true;
}
