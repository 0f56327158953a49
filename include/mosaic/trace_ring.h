/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The trace ring buffer (kernel/trace/ring.c), freestanding so host tests
 * (tools/trace) run it as the kernel does. Records are kept oldest first
 * by a free-running write count: when full, overwrite mode drops the
 * oldest (counted as lost), stop mode refuses the new one (counted too).
 * Callers serialise (the kernel: interrupts off on its one CPU).
 */
#ifndef _MOSAIC_TRACE_RING_H
#define _MOSAIC_TRACE_RING_H

#include <mosaic/trace.h>

struct trace_ring {
	struct trace_record *rec;
	unsigned long size;		/* records, a power of two */
	unsigned long written;		/* records ever stored */
	unsigned long lost;		/* overwritten or refused */
	bool stop_when_full;
};

/* size must be a power of two (rounded down if not); 0 or -EINVAL. */
int trace_ring_init(struct trace_ring *r, struct trace_record *buf,
		    unsigned long size, bool stop_when_full);
/* Store a record; false when stop mode refused it. */
bool trace_ring_put(struct trace_ring *r, const struct trace_record *rec);
unsigned long trace_ring_count(const struct trace_ring *r);
/* The i-th oldest record held; false past the end. */
bool trace_ring_get(const struct trace_ring *r, unsigned long i,
		    struct trace_record *out);
void trace_ring_reset(struct trace_ring *r);

#endif /* _MOSAIC_TRACE_RING_H */
