/* SPDX-License-Identifier: GPL-2.0 */
/* Test helper shared by tools/vgacon and tools/ansi: a row as text. */
#ifndef _TOOLS_SCREEN_TEXT_H
#define _TOOLS_SCREEN_TEXT_H

#include <mosaic/vga.h>

/* Characters of row @y of @s, trailing blanks removed (static buffer). */
static inline const char *screen_row(const struct vga_screen *s, unsigned int y)
{
	static char buf[256 + 1];
	unsigned int x, n = 0;

	for (x = 0; x < s->cols && x < 256; x++) {
		buf[x] = (char)(s->cells[y * s->cols + x] & 0xff);
		if (buf[x] != ' ')
			n = x + 1;
	}
	buf[n] = 0;
	return buf;
}

#endif
