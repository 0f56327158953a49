/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Console fonts: 256 glyphs in code page 437 order, one bit per pixel,
 * each row @pitch bytes with the leftmost pixel in the top bit. The table
 * is generated at build time from a Debian console font (PSF1 or PSF2,
 * CONFIG_FB_FONT) by scripts/psf2c.py; nothing is drawn by hand.
 */
#ifndef _MOSAIC_FONT_H
#define _MOSAIC_FONT_H

#include <mosaic/types.h>

struct font_desc {
	const char *name;	/* the font file's name */
	unsigned int width;	/* pixels */
	unsigned int height;
	unsigned int pitch;	/* bytes per glyph row */
	const u8 *data;		/* 256 * height * pitch bytes */
};

static inline const u8 *font_glyph(const struct font_desc *f, u8 c)
{
	return f->data + (size_t)c * f->height * f->pitch;
}

/* The framebuffer console's font (drivers/video/font_console.c). */
extern const struct font_desc font_console;

#endif /* _MOSAIC_FONT_H */
