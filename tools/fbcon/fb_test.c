// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests for drivers/video/fb_draw.c: the layouts GRUB reports
 * (32 and 24 bpp with RGB or BGR order, 16-bit 565 and 555, a padded
 * pitch) and the layouts refused, on heap buffers of exactly the screen's
 * size so ASan catches a write past it.
 */
#include <mosaic/bootinfo.h>
#include <mosaic/errno.h>
#include <mosaic/fb.h>
#include <mosaic/font.h>
#include <mosaic/multiboot2.h>
#include <stdlib.h>
#include <string.h>

#include "hosttest.h"

/* A 10x3 test font (two bytes a row): glyph 'A' a frame, 'B' a diagonal. */
static u8 font_bits[256 * 3 * 2];
static const struct font_desc test_font = {
	.name = "test", .width = 10, .height = 3, .pitch = 2, .data = font_bits,
};

static void make_font(void)
{
	u8 *a = font_bits + 'A' * 6, *b = font_bits + 'B' * 6;

	a[0] = 0xff; a[1] = 0xc0;	/* ########## */
	a[2] = 0x80; a[3] = 0x40;	/* #........# */
	a[4] = 0xff; a[5] = 0xc0;
	b[0] = 0x80; b[2] = 0x40; b[4] = 0x20;
}

static struct bootinfo_framebuffer tag(unsigned int bpp, unsigned int pitch,
				       u8 rp, u8 rs, u8 gp, u8 gs, u8 bp, u8 bs)
{
	struct bootinfo_framebuffer t = {
		.present = true, .type = MULTIBOOT2_FRAMEBUFFER_TYPE_RGB,
		.bpp = bpp, .pitch = pitch, .width = 30, .height = 7,
		.red_pos = rp, .red_size = rs, .green_pos = gp,
		.green_size = gs, .blue_pos = bp, .blue_size = bs,
	};

	return t;
}

static u8 *open_fb(struct fb_info *fb, const struct bootinfo_framebuffer *t)
{
	const char *why;
	u8 *mem;

	if (fb_info_from_boot(fb, t, &why)) {
		hosttest_fail(__FILE__, __LINE__, "refused: %s", why);
		return NULL;
	}
	mem = calloc(1, (size_t)t->pitch * t->height);
	fb->base = mem;
	return mem;
}

/* Draw both glyphs and a rectangle, then check every pixel. */
static void check_layout(const struct bootinfo_framebuffer *t, u32 red_px)
{
	struct fb_info fb;
	u8 *mem = open_fb(&fb, t);
	u32 fg, bg, px;
	unsigned int x, y;
	u8 r, g, b;

	if (!mem)
		return;
	fg = fb_pixel(&fb, 0xff, 0, 0);
	bg = fb_pixel(&fb, 0, 0, 0xaa);
	CHECK_EQ(fg, red_px);
	fb_unpack(&fb, fg, &r, &g, &b);
	CHECK(r == 0xff && g == 0 && b == 0);
	fb_unpack(&fb, fb_pixel(&fb, 0x55, 0xaa, 0xff), &r, &g, &b);
	CHECK(r >> 3 == 0x55 >> 3 && g >> 3 == 0xaa >> 3 && b == 0xff);
	fb_draw_glyph(&fb, 0, 0, &test_font, 'A', fg, bg);
	fb_draw_glyph(&fb, 10, 3, &test_font, 'B', fg, bg);
	for (x = 0; x < 10; x++) {
		CHECK_EQ(fb_read_pixel(&fb, x, 0), fg);
		CHECK_EQ(fb_read_pixel(&fb, x, 1), (x == 0 || x == 9) ? fg : bg);
	}
	for (y = 0; y < 3; y++)
		for (x = 0; x < 10; x++)
			CHECK_EQ(fb_read_pixel(&fb, 10 + x, 3 + y),
				 x == y ? fg : bg);
	CHECK_EQ(fb_read_pixel(&fb, 20, 3), 0);	/* right of the glyph */
	/* A glyph that would not fit is not drawn at all */
	fb_draw_glyph(&fb, 25, 5, &test_font, 'A', fg, bg);
	CHECK_EQ(fb_read_pixel(&fb, 25, 5), 0);
	/* Rectangles are clipped to the screen */
	px = fb_pixel(&fb, 0x12, 0x34, 0x56);
	fb_fill_rect(&fb, 28, 6, 100, 100, px);
	CHECK_EQ(fb_read_pixel(&fb, 29, 6), px);
	CHECK_EQ(fb_read_pixel(&fb, 27, 6), 0);
	fb_fill_rect(&fb, 30, 0, 5, 5, px);		/* off screen: nothing */
	free(mem);
}

HOSTTEST(layouts_32bpp)
{
	struct bootinfo_framebuffer t;

	make_font();
	t = tag(32, 30 * 4, 16, 8, 8, 8, 0, 8);		/* x8r8g8b8 */
	check_layout(&t, 0xff0000);
	t = tag(32, 30 * 4 + 64, 0, 8, 8, 8, 16, 8);	/* BGR, padded pitch */
	check_layout(&t, 0x0000ff);
}

HOSTTEST(layouts_24bpp)
{
	struct bootinfo_framebuffer t;

	make_font();
	t = tag(24, 30 * 3, 16, 8, 8, 8, 0, 8);
	check_layout(&t, 0xff0000);
	t = tag(24, 30 * 3 + 2, 0, 8, 8, 8, 16, 8);
	check_layout(&t, 0x0000ff);
}

HOSTTEST(layouts_16bpp)
{
	struct bootinfo_framebuffer t;

	make_font();
	t = tag(16, 30 * 2, 11, 5, 5, 6, 0, 5);		/* 565 */
	check_layout(&t, 0xf800);
	t = tag(16, 30 * 2, 10, 5, 5, 5, 0, 5);		/* 555 */
	check_layout(&t, 0x7c00);
}

HOSTTEST(refused_layouts)
{
	struct bootinfo_framebuffer t;
	struct fb_info fb;
	const char *why;

	t = tag(8, 30, 5, 3, 2, 3, 0, 2);
	CHECK_EQ(fb_info_from_boot(&fb, &t, &why), -EINVAL);
	CHECK(strstr(why, "depth"));
	t = tag(32, 120, 16, 8, 12, 8, 0, 8);		/* overlap */
	CHECK_EQ(fb_info_from_boot(&fb, &t, &why), -EINVAL);
	CHECK(strstr(why, "overlap"));
	t = tag(16, 60, 11, 5, 5, 6, 0, 9);		/* 9-bit channel */
	CHECK_EQ(fb_info_from_boot(&fb, &t, &why), -EINVAL);
	t = tag(16, 60, 12, 5, 5, 6, 0, 5);		/* past bit 15 */
	CHECK_EQ(fb_info_from_boot(&fb, &t, &why), -EINVAL);
	CHECK(strstr(why, "past the pixel"));
	t = tag(32, 100, 16, 8, 8, 8, 0, 8);		/* pitch < 30 * 4 */
	CHECK_EQ(fb_info_from_boot(&fb, &t, &why), -EINVAL);
	CHECK(strstr(why, "pitch"));
	t = tag(32, 120, 16, 0, 8, 8, 0, 8);		/* empty channel */
	CHECK_EQ(fb_info_from_boot(&fb, &t, &why), -EINVAL);
	t = tag(32, 120, 16, 8, 8, 8, 0, 8);
	t.type = MULTIBOOT2_FRAMEBUFFER_TYPE_INDEXED;
	CHECK_EQ(fb_info_from_boot(&fb, &t, &why), -EINVAL);
	CHECK(strstr(why, "RGB"));
	t.type = MULTIBOOT2_FRAMEBUFFER_TYPE_RGB;
	t.height = 0;
	CHECK_EQ(fb_info_from_boot(&fb, &t, &why), -EINVAL);
}

int main(int argc, char **argv)
{
	return hosttest_main("fbcon", argc, argv);
}
