/* SPDX-License-Identifier: GPL-2.0 */
/*
 * seq_file (fs/seq_file.c): a file whose contents a show() function
 * prints, as Linux's single_open() files. The whole output is made into
 * a buffer that grows until it fits; reads at any offset and size then
 * copy from that one snapshot, and a read at offset 0 makes a new one,
 * so `cat` and a reader that seeks back to 0 both see consistent text.
 */
#ifndef _MOSAIC_SEQ_FILE_H
#define _MOSAIC_SEQ_FILE_H

#include <mosaic/compiler.h>
#include <mosaic/types.h>

/* The output of one show() may not exceed this (Linux's is bounded by
 * what kmalloc gives, too). */
#define SEQ_BUF_MAX (1U << 20)

struct seq_file {
	char *buf;
	size_t size;		/* allocated */
	size_t count;		/* bytes of output so far */
	bool overflow;		/* show() wrote past size: retry bigger */
	void *private;		/* the show function's data */
};

typedef int (*seq_show_fn)(struct seq_file *m, void *v);

void seq_printf(struct seq_file *m, const char *fmt, ...) __printf(2, 3);
void seq_puts(struct seq_file *m, const char *s);
void seq_putc(struct seq_file *m, char c);
void seq_write(struct seq_file *m, const void *data, size_t len);
/* @s with space, tab, newline and backslash as octal escapes (\040...),
 * as /proc/mounts writes names. */
void seq_escape(struct seq_file *m, const char *s);

/* Run show(m, v) into m's buffer, growing it until the output fits.
 * 0, show's error, or -ENOMEM (past SEQ_BUF_MAX too). */
int seq_fill(struct seq_file *m, seq_show_fn show, void *v);
/* Copy up to n bytes of the output from *pos on, advancing *pos. */
size_t seq_copy(const struct seq_file *m, void *buf, size_t n, u64 *pos);
void seq_release(struct seq_file *m);

#endif /* _MOSAIC_SEQ_FILE_H */
