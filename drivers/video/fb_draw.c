// SPDX-License-Identifier: GPL-2.0
/*
 * Drawing on a linear framebuffer in the layouts GRUB reports for direct
 * colour. Freestanding and write-only towards video memory (reads of
 * video memory are slow, uncached or write-combined): tools/fbcon runs
 * it on plain memory in every layout.
 */
#include <mosaic/bootinfo.h>
#include <mosaic/errno.h>
#include <mosaic/fb.h>
#include <mosaic/font.h>
#include <mosaic/multiboot2.h>

static bool channel_ok(const struct fb_channel *c, unsigned int bpp)
{
	return c->size >= 1 && c->size <= 8 && c->pos + c->size <= bpp;
}

static u32 channel_mask(const struct fb_channel *c)
{
	return ((1U << c->size) - 1) << c->pos;
}

static bool layout_ok(const struct fb_info *fb, const char **why)
{
	u32 r = channel_mask(&fb->red), g = channel_mask(&fb->green);
	u32 b = channel_mask(&fb->blue);

	if (fb->bpp != 16 && fb->bpp != 24 && fb->bpp != 32) {
		*why = "depth is not 16, 24 or 32 bits per pixel";
		return false;
	}
	if (!channel_ok(&fb->red, fb->bpp) || !channel_ok(&fb->green, fb->bpp) ||
	    !channel_ok(&fb->blue, fb->bpp)) {
		*why = "a colour channel is empty, wider than 8 bits or past the pixel";
		return false;
	}
	if ((r & g) || (r & b) || (g & b)) {
		*why = "colour channels overlap";
		return false;
	}
	if (!fb->width || !fb->height ||
	    fb->pitch < (u64)fb->width * (fb->bpp / 8)) {
		*why = "empty screen or pitch shorter than a line";
		return false;
	}
	return true;
}

int fb_info_from_boot(struct fb_info *fb, const struct bootinfo_framebuffer *t,
		      const char **why)
{
	*why = "";
	if (t->type != MULTIBOOT2_FRAMEBUFFER_TYPE_RGB) {
		*why = "not a direct-colour (RGB) framebuffer";
		return -EINVAL;
	}
	fb->base = NULL;
	fb->width = t->width;
	fb->height = t->height;
	fb->pitch = t->pitch;
	fb->bpp = t->bpp;
	fb->red = (struct fb_channel){ t->red_pos, t->red_size };
	fb->green = (struct fb_channel){ t->green_pos, t->green_size };
	fb->blue = (struct fb_channel){ t->blue_pos, t->blue_size };
	return layout_ok(fb, why) ? 0 : -EINVAL;
}

/* The top @c->size bits of @v, in place. */
static u32 pack(const struct fb_channel *c, u8 v)
{
	return (u32)(v >> (8 - c->size)) << c->pos;
}

/* Back to 8 bits, the high bits replicated into the low ones. */
static u8 unpack(const struct fb_channel *c, u32 pixel)
{
	u32 v = (pixel >> c->pos) & ((1U << c->size) - 1);
	u32 full = v << (8 - c->size);

	return (u8)(full | (c->size < 8 ? full >> c->size : 0));
}

u32 fb_pixel(const struct fb_info *fb, u8 r, u8 g, u8 b)
{
	return pack(&fb->red, r) | pack(&fb->green, g) | pack(&fb->blue, b);
}

void fb_unpack(const struct fb_info *fb, u32 pixel, u8 *r, u8 *g, u8 *b)
{
	*r = unpack(&fb->red, pixel);
	*g = unpack(&fb->green, pixel);
	*b = unpack(&fb->blue, pixel);
}

static u8 *pixel_addr(const struct fb_info *fb, unsigned int x, unsigned int y)
{
	return fb->base + (size_t)y * fb->pitch + (size_t)x * (fb->bpp / 8);
}

/*
 * Plain stores, one per pixel (or per byte at 24 bpp), never a read: the
 * compiler may merge them, which write-combining memory likes.
 */
static void put_pixel(u8 *p, unsigned int bpp, u32 v)
{
	switch (bpp) {
	case 32:
		*(u32 *)p = v;
		break;
	case 24:
		p[0] = (u8)v;
		p[1] = (u8)(v >> 8);
		p[2] = (u8)(v >> 16);
		break;
	default:
		*(u16 *)p = (u16)v;
		break;
	}
}

u32 fb_read_pixel(const struct fb_info *fb, unsigned int x, unsigned int y)
{
	const volatile u8 *p = pixel_addr(fb, x, y);

	switch (fb->bpp) {
	case 32:
		return *(const volatile u32 *)p;
	case 24:
		return p[0] | (u32)p[1] << 8 | (u32)p[2] << 16;
	default:
		return *(const volatile u16 *)p;
	}
}

void fb_fill_rect(const struct fb_info *fb, unsigned int x, unsigned int y,
		  unsigned int w, unsigned int h, u32 pixel)
{
	unsigned int i, j, step = fb->bpp / 8;

	if (x >= fb->width || y >= fb->height)
		return;
	if (w > fb->width - x)
		w = fb->width - x;
	if (h > fb->height - y)
		h = fb->height - y;
	for (j = 0; j < h; j++) {
		u8 *p = pixel_addr(fb, x, y + j);

		for (i = 0; i < w; i++, p += step)
			put_pixel(p, fb->bpp, pixel);
	}
}

/* Bit @i of a glyph row, leftmost pixel in the top bit of the first byte. */
static bool glyph_bit(const u8 *row, unsigned int i)
{
	return row[i / 8] & (0x80 >> (i % 8));
}

/* One pixel row of a glyph; a loop per depth keeps the inner loop tight. */
static void glyph_row(u8 *p, unsigned int bpp, const u8 *bits,
		      unsigned int width, u32 fg, u32 bg)
{
	unsigned int i;

	if (bpp == 32) {
		u32 *q = (u32 *)p;

		for (i = 0; i < width; i++)
			q[i] = glyph_bit(bits, i) ? fg : bg;
	} else if (bpp == 16) {
		u16 *q = (u16 *)p;

		for (i = 0; i < width; i++)
			q[i] = (u16)(glyph_bit(bits, i) ? fg : bg);
	} else {
		for (i = 0; i < width; i++, p += 3)
			put_pixel(p, 24, glyph_bit(bits, i) ? fg : bg);
	}
}

void fb_draw_glyph(const struct fb_info *fb, unsigned int x, unsigned int y,
		   const struct font_desc *font, u8 c, u32 fg, u32 bg)
{
	const u8 *row = font_glyph(font, c);
	unsigned int j;

	if (x + font->width > fb->width || y + font->height > fb->height)
		return;		/* the console never draws partial cells */
	for (j = 0; j < font->height; j++, row += font->pitch)
		glyph_row(pixel_addr(fb, x, y + j), fb->bpp, row, font->width,
			  fg, bg);
}
