/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Linear framebuffers and the framebuffer console.
 *
 * struct fb_info describes a mapped framebuffer in any layout GRUB
 * reports for direct colour: 8 bits per channel at 24 or 32 bits per
 * pixel with the red, green and blue positions from the multiboot2 tag
 * (RGB, BGR, ...), and 16-bit 565 or 555. The drawing functions
 * (drivers/video/fb_draw.c) are freestanding, only write (never read)
 * video memory, and are tested natively by tools/fbcon on plain memory.
 */
#ifndef _MOSAIC_FB_H
#define _MOSAIC_FB_H

#include <mosaic/errno.h>
#include <mosaic/types.h>

struct bootinfo_framebuffer;
struct font_desc;

struct fb_channel {
	u8 pos;			/* lowest bit in the pixel */
	u8 size;		/* bits, 1..8 */
};

struct fb_info {
	u8 *base;		/* the first pixel, mapped */
	unsigned int width;	/* pixels */
	unsigned int height;
	unsigned int pitch;	/* bytes per line */
	unsigned int bpp;	/* 16, 24 or 32 */
	struct fb_channel red, green, blue;
};

/*
 * Fill @fb (base still to be set) from the boot framebuffer tag: 0, or
 * -EINVAL with a reason in *why for a layout we cannot draw (indexed or
 * text, another depth, channels overlapping or past the pixel, a pitch
 * shorter than a line).
 */
int fb_info_from_boot(struct fb_info *fb, const struct bootinfo_framebuffer *t,
		      const char **why);
/* The pixel value of 8-bit components in @fb's layout. */
u32 fb_pixel(const struct fb_info *fb, u8 r, u8 g, u8 b);
/* Components of a pixel value, scaled back to 8 bits (for tests). */
void fb_unpack(const struct fb_info *fb, u32 pixel, u8 *r, u8 *g, u8 *b);
/* Clipped to the screen. */
void fb_fill_rect(const struct fb_info *fb, unsigned int x, unsigned int y,
		  unsigned int w, unsigned int h, u32 pixel);
/* One glyph with its top left at pixel (@x, @y), set bits in @fg. */
void fb_draw_glyph(const struct fb_info *fb, unsigned int x, unsigned int y,
		   const struct font_desc *font, u8 c, u32 fg, u32 bg);
/* The pixel value at (@x, @y) (for tests: reads video memory). */
u32 fb_read_pixel(const struct fb_info *fb, unsigned int x, unsigned int y);

struct bootinfo;
struct console;
struct vga_screen;

#ifdef CONFIG_FB_CONSOLE
/*
 * Register the framebuffer console on the loader's framebuffer: 0, or
 * -ENODEV (no framebuffer, or EGA text, which vgacon drives), -EINVAL
 * (a pixel layout we cannot draw), -ENOMEM (mapping failed). Needs the
 * page tables of mm_init.
 */
int fbcon_init(const struct bootinfo *bi);
/*
 * The registered console, its screen model and its framebuffer (for
 * tests that write to the screen alone and read the pixels back), or NULL.
 */
struct console *fbcon_console(struct vga_screen **screenp,
			      const struct fb_info **fbp);
#else
static inline int fbcon_init(const struct bootinfo *bi)
{
	(void)bi;
	return -ENODEV;
}

static inline struct console *fbcon_console(struct vga_screen **screenp,
					    const struct fb_info **fbp)
{
	(void)screenp;
	(void)fbp;
	return NULL;
}
#endif

#endif /* _MOSAIC_FB_H */
