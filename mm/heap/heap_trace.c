// SPDX-License-Identifier: GPL-2.0
/*
 * Heap trace parser (format in heap_trace.h). Freestanding: it runs in
 * the kernel over traces embedded in the image, and in heapreplay.
 */
#include <mosaic/compiler.h>
#include <mosaic/errno.h>

#include "heap_trace.h"

void heap_trace_open(struct heap_trace *t, const char *buf, size_t len)
{
	t->pos = buf;
	t->end = buf + len;
	t->line = 0;
	t->err = NULL;
}

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static void skip_blanks(struct heap_trace *t)
{
	while (t->pos < t->end && blank(*t->pos))
		t->pos++;
}

static bool at_eol(const struct heap_trace *t)
{
	return t->pos == t->end || *t->pos == '\n' || *t->pos == '#';
}

static int fail(struct heap_trace *t, const char *msg)
{
	t->err = msg;
	return -EINVAL;
}

/* A decimal number; returns 0 or -EINVAL with t->err set. */
static int number(struct heap_trace *t, u64 max, u64 *val, const char *what)
{
	u64 v = 0;
	const char *start;

	skip_blanks(t);
	start = t->pos;
	while (t->pos < t->end && *t->pos >= '0' && *t->pos <= '9') {
		u64 d = *t->pos - '0';

		if (v > (max - d) / 10)
			return fail(t, "number too large");
		v = v * 10 + d;
		t->pos++;
	}
	if (t->pos == start)
		return fail(t, what);
	if (!at_eol(t) && !blank(*t->pos))
		return fail(t, "junk after a number");
	*val = v;
	return 0;
}

static int parse_op(struct heap_trace *t, struct heap_trace_op *op)
{
	char c = *t->pos++;

	if ((c != 'a' && c != 'f' && c != 'r') ||
	    (t->pos < t->end && !blank(*t->pos) && !at_eol(t)))
		return fail(t, "unknown operation (expected a, f or r)");
	op->type = c;
	op->size = 0;
	op->align = 16;
	if (number(t, ~0ULL, &op->id, "expected an ID"))
		return -EINVAL;
	if (c != 'f' &&
	    number(t, HEAP_TRACE_MAX_SIZE, &op->size, "expected a size"))
		return -EINVAL;
	skip_blanks(t);
	if (c == 'a' && !at_eol(t)) {
		if (number(t, HEAP_TRACE_MAX_ALIGN, &op->align,
			   "expected an alignment"))
			return -EINVAL;
		if (!IS_POWER_OF_2(op->align))
			return fail(t, "alignment is not a power of two");
		skip_blanks(t);
	}
	if (!at_eol(t))
		return fail(t, "too many fields");
	return 0;
}

int heap_trace_next(struct heap_trace *t, struct heap_trace_op *op)
{
	int ret;

	for (;;) {
		if (t->pos >= t->end)
			return 0;
		t->line++;
		skip_blanks(t);
		ret = at_eol(t) ? 1 : parse_op(t, op);
		if (ret < 0)
			return ret;
		/* skip the rest of the line, comment included */
		while (t->pos < t->end && *t->pos != '\n')
			t->pos++;
		if (t->pos < t->end)
			t->pos++;
		if (ret == 0)
			return 1;
	}
}
