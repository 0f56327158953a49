// SPDX-License-Identifier: GPL-2.0
/*
 * ktest suite `fbcon`: text and ANSI sequences written to the framebuffer
 * console alone (not to serial), then the pixels read back from video
 * memory and compared, cell by cell, with the font's glyphs in the
 * expected VGA colours (given here as RGB, independently of the
 * console's palette). The screen is saved before and redrawn after.
 */
#include <mosaic/console.h>
#include <mosaic/fb.h>
#include <mosaic/font.h>
#include <mosaic/ktest.h>
#include <mosaic/string.h>
#include <mosaic/vga.h>

#define MAX_SAVED (240 * 75)

static u16 saved_cells[MAX_SAVED];
static struct vga_screen saved_screen;
static struct console *con;
static struct vga_screen *scr;
static const struct fb_info *fb;

static int fbcon_suite_init(struct ktest *t)
{
	con = fbcon_console(&scr, &fb);
	if (!con) {
		ktest_skip(t, "no framebuffer console (VGA text mode, or no framebuffer)");
		return 1;
	}
	saved_screen = *scr;
	memcpy(saved_cells, scr->cells, scr->cols * scr->rows * sizeof(u16));
	return 0;
}

static void fbcon_suite_exit(struct ktest *t)
{
	memcpy(scr->cells, saved_cells, scr->cols * scr->rows * sizeof(u16));
	*scr = saved_screen;
	con->write(con, "", 0);		/* redraws what differs */
}

static void put(const char *s)
{
	con->write(con, s, strlen(s));
}

static u32 rgb(u32 hex)
{
	return fb_pixel(fb, hex >> 16, (hex >> 8) & 0xff, hex & 0xff);
}

/*
 * Pixels of text cell (@col, @row) that differ from glyph @c in @fg on
 * @bg; the bottom @skip_lines are not compared (the cursor).
 */
static unsigned int cell_mismatches(unsigned int col, unsigned int row, u8 c,
				    u32 fg, u32 bg, unsigned int skip_lines)
{
	const u8 *g = font_glyph(&font_console, c);
	unsigned int x, y, bad = 0, w = font_console.width;
	unsigned int h = font_console.height;

	for (y = 0; y + skip_lines < h; y++, g += font_console.pitch)
		for (x = 0; x < w; x++) {
			bool on = g[x / 8] & (0x80 >> (x % 8));
			u32 px = fb_read_pixel(fb, col * w + x, row * h + y);

			bad += px != (on ? fg : bg);
		}
	return bad;
}

static void test_glyphs_and_colours(struct ktest *t)
{
	put("\x1b[?25l\x1b[2J\x1b[3;5H\x1b[1;33;44mMo\x1b[0m\x1b[31msaic");
	/* bold yellow is VGA 14 (ff ff 55), blue 1 (00 00 aa) */
	KT_EXPECT_EQ(t, cell_mismatches(4, 2, 'M', rgb(0xffff55), rgb(0x0000aa), 0), 0);
	KT_EXPECT_EQ(t, cell_mismatches(5, 2, 'o', rgb(0xffff55), rgb(0x0000aa), 0), 0);
	/* red is VGA 4 (aa 00 00) on the default black */
	KT_EXPECT_EQ(t, cell_mismatches(6, 2, 's', rgb(0xaa0000), 0, 0), 0);
	KT_EXPECT_EQ(t, cell_mismatches(9, 2, 'c', rgb(0xaa0000), 0, 0), 0);
	/* the wrong glyph is noticed: the check can fail */
	KT_EXPECT(t, cell_mismatches(4, 2, 'N', rgb(0xffff55), rgb(0x0000aa), 0) > 0);
	KT_EXPECT_EQ(t, cell_mismatches(0, 0, ' ', 0, 0, 0), 0);
	put("\x1b[0m");
}

static void test_reverse_and_erase(struct ktest *t)
{
	put("\x1b[?25l\x1b[2J\x1b[H\x1b[7mR\x1b[0mxyz\x1b[1;3H\x1b[K");
	KT_EXPECT_EQ(t, cell_mismatches(0, 0, 'R', 0, rgb(0xaaaaaa), 0), 0);
	KT_EXPECT_EQ(t, cell_mismatches(1, 0, 'x', rgb(0xaaaaaa), 0, 0), 0);
	KT_EXPECT_EQ(t, cell_mismatches(2, 0, ' ', 0, 0, 0), 0);
	KT_EXPECT_EQ(t, cell_mismatches(3, 0, ' ', 0, 0, 0), 0);
}

static void test_scroll(struct ktest *t)
{
	unsigned int i, last = scr->rows - 1;

	put("\x1b[?25l\x1b[2J\x1b[H");
	for (i = 0; i < scr->rows; i++) {
		char line[4] = { 'A' + i % 26, '\n', 0 };

		put(line);
	}
	/* rows+1 lines' worth of newlines: 'A' scrolled off, 'B' on top */
	KT_EXPECT_EQ(t, cell_mismatches(0, 0, 'B', rgb(0xaaaaaa), 0, 0), 0);
	KT_EXPECT_EQ(t, cell_mismatches(0, last - 1, 'A' + (last % 26),
					rgb(0xaaaaaa), 0, 0), 0);
	KT_EXPECT_EQ(t, cell_mismatches(0, last, ' ', 0, 0, 0), 0);
}

static void test_cursor(struct ktest *t)
{
	unsigned int h = font_console.height, w = font_console.width;

	put("\x1b[2J\x1b[?25h\x1b[2;3H");
	/* an underline in the foreground colour at the cursor cell */
	KT_EXPECT_EQ(t, fb_read_pixel(fb, 2 * w, 2 * h - 1), rgb(0xaaaaaa));
	KT_EXPECT_EQ(t, cell_mismatches(2, 1, ' ', 0, 0, 2), 0);
	put("\x1b[?25l");
	KT_EXPECT_EQ(t, fb_read_pixel(fb, 2 * w, 2 * h - 1), 0);
	put("\x1b[?25h\x1b[5G");	/* moved: the old cell is clean again */
	KT_EXPECT_EQ(t, fb_read_pixel(fb, 2 * w, 2 * h - 1), 0);
	KT_EXPECT_EQ(t, fb_read_pixel(fb, 4 * w, 2 * h - 1), rgb(0xaaaaaa));
}

static struct ktest_case fbcon_cases[] = {
	KTEST_CASE(test_glyphs_and_colours),
	KTEST_CASE(test_reverse_and_erase),
	KTEST_CASE(test_scroll),
	KTEST_CASE(test_cursor),
	{}
};
KTEST_SUITE_FULL(fbcon, fbcon_cases, fbcon_suite_init, fbcon_suite_exit, 0);
