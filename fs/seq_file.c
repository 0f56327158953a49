// SPDX-License-Identifier: GPL-2.0
/*
 * Buffered show() output for /proc files. Printing never fails: past the
 * buffer it only notes the overflow, and seq_fill() runs show() again
 * with twice the room, so a show() function is straight-line printing.
 */
#include <mosaic/errno.h>
#include <mosaic/kmalloc.h>
#include <mosaic/page.h>
#include <mosaic/seq_file.h>
#include <mosaic/string.h>
#include <mosaic/vsprintf.h>

void seq_write(struct seq_file *m, const void *data, size_t len)
{
	if (m->overflow || len > m->size - m->count) {
		m->overflow = true;
		return;
	}
	memcpy(m->buf + m->count, data, len);
	m->count += len;
}

void seq_printf(struct seq_file *m, const char *fmt, ...)
{
	size_t room = m->size - m->count;
	va_list ap;
	int len;

	if (m->overflow)
		return;
	va_start(ap, fmt);
	len = vsnprintf(m->buf + m->count, room, fmt, ap);
	va_end(ap);
	/* vsnprintf keeps a byte for the NUL: equal to room did not fit. */
	if (len < 0 || (size_t)len >= room)
		m->overflow = true;
	else
		m->count += (size_t)len;
}

void seq_puts(struct seq_file *m, const char *s)
{
	seq_write(m, s, strlen(s));
}

void seq_putc(struct seq_file *m, char c)
{
	seq_write(m, &c, 1);
}

void seq_escape(struct seq_file *m, const char *s)
{
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\\')
			seq_printf(m, "\\%03o", (unsigned char)*s);
		else
			seq_putc(m, *s);
	}
}

int seq_fill(struct seq_file *m, seq_show_fn show, void *v)
{
	size_t size = m->size ? m->size : PAGE_SIZE;
	int err;

	for (;;) {
		if (size != m->size || !m->buf) {
			kfree(m->buf);
			m->buf = kmalloc(size);
			m->size = m->buf ? size : 0;
			if (!m->buf)
				return -ENOMEM;
		}
		m->count = 0;
		m->overflow = false;
		err = show(m, v);
		if (err || !m->overflow)
			break;
		if (size >= SEQ_BUF_MAX) {
			err = -ENOMEM;
			break;
		}
		size *= 2;
	}
	if (err)
		m->count = 0;
	return err;
}

size_t seq_copy(const struct seq_file *m, void *buf, size_t n, u64 *pos)
{
	size_t copied;

	if (*pos >= m->count)
		return 0;
	copied = MIN(n, m->count - (size_t)*pos);
	memcpy(buf, m->buf + *pos, copied);
	*pos += copied;
	return copied;
}

void seq_release(struct seq_file *m)
{
	kfree(m->buf);
	m->buf = NULL;
	m->size = m->count = 0;
}
