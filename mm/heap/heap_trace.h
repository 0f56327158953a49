/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Heap trace format, shared by the kernel benchmark and host heapreplay:
 * one operation per line, '#' starts a comment, blank lines are fine.
 *
 *	a ID SIZE [ALIGN]	allocate SIZE bytes, ALIGN a power of two
 *				(default 16); ID unique among live blocks
 *	f ID			free the block
 *	r ID NEWSIZE		realloc the block to NEWSIZE bytes
 *
 * Numbers are decimal. The parser checks syntax only; whether an ID is
 * live is for the replayer to check.
 */
#ifndef _MM_HEAP_TRACE_H
#define _MM_HEAP_TRACE_H

#include <mosaic/types.h>

#define HEAP_TRACE_MAX_SIZE (1ULL << 40)
#define HEAP_TRACE_MAX_ALIGN (1ULL << 30)

struct heap_trace_op {
	char type;		/* 'a', 'f' or 'r' */
	u64 id;
	u64 size;		/* a, r */
	u64 align;		/* a: 16 unless given */
};

struct heap_trace {
	const char *pos, *end;
	unsigned long line;	/* line of the last op or error, from 1 */
	const char *err;	/* message after an error */
};

void heap_trace_open(struct heap_trace *t, const char *buf, size_t len);
/* 1: *op filled; 0: end of trace; -EINVAL: malformed line (t->line,
 * t->err say where and what). */
int heap_trace_next(struct heap_trace *t, struct heap_trace_op *op);

#endif /* _MM_HEAP_TRACE_H */
