// SPDX-License-Identifier: GPL-2.0
/*
 * ktest suite `vgacon`: ANSI sequences written to the VGA console alone
 * (not to serial), checked in the text buffer at 0xB8000 itself and in
 * the CRT controller's cursor registers, so the parser, the screen model
 * and the hardware side are tested together. The screen is saved before
 * and put back after, so the boot log stays readable.
 */
#include <asm/io.h>
#include <mosaic/console.h>
#include <mosaic/ktest.h>
#include <mosaic/page.h>
#include <mosaic/string.h>
#include <mosaic/vga.h>

static u16 saved_cells[VGA_COLS * VGA_ROWS];
static struct vga_screen saved_screen;

static struct console *con;
static struct vga_screen *scr;

static int vgacon_suite_init(struct ktest *t)
{
	con = vgacon_console(&scr);
	if (!con) {
		ktest_skip(t, "no VGA text console (UEFI, graphics mode, no VGA, or option off)");
		return 1;
	}
	if (scr->cols * scr->rows > ARRAY_SIZE(saved_cells)) {
		ktest_skip(t, "text screen larger than 80x25");
		return 1;
	}
	saved_screen = *scr;
	memcpy(saved_cells, scr->cells, scr->cols * scr->rows * sizeof(u16));
	return 0;
}

static void vgacon_suite_exit(struct ktest *t)
{
	static const char restore_cursor[] = "\x1b[?25h";

	memcpy(scr->cells, saved_cells, scr->cols * scr->rows * sizeof(u16));
	*scr = saved_screen;
	con->write(con, restore_cursor, sizeof(restore_cursor) - 1);
}

static void put(const char *s)
{
	con->write(con, s, strlen(s));
}

/* The cell in video memory, not in the model. */
static u16 vram(unsigned int x, unsigned int y)
{
	const volatile u16 *text = phys_to_virt(VGA_TEXT_PHYS);

	return text[y * VGA_COLS + x];
}

static u8 crtc_read(u8 reg)
{
	outb(0x3d4, reg);
	return inb(0x3d5);
}

static void test_position_and_colour(struct ktest *t)
{
	put("\x1b[2J\x1b[5;10H\x1b[1;33;44mHi\x1b[0m!");
	KT_EXPECT_EQ(t, vram(9, 4), 0x1e00 | 'H');	/* yellow on blue */
	KT_EXPECT_EQ(t, vram(10, 4), 0x1e00 | 'i');
	KT_EXPECT_EQ(t, vram(11, 4), 0x0700 | '!');
	KT_EXPECT_EQ(t, vram(0, 0), 0x0720);
	/* The hardware cursor follows: row 4, column 12 */
	KT_EXPECT_EQ(t, crtc_read(0x0f) | crtc_read(0x0e) << 8, 4 * VGA_COLS + 12);
}

static void test_erase_and_bright_background(struct ktest *t)
{
	put("\x1b[2J\x1b[Habcdef\x1b[1;3H\x1b[K\x1b[3;1H\x1b[30;107mX");
	KT_EXPECT_EQ(t, vram(1, 0), 0x0700 | 'b');
	KT_EXPECT_EQ(t, vram(2, 0), 0x0720);
	KT_EXPECT_EQ(t, vram(5, 0), 0x0720);
	KT_EXPECT_EQ(t, vram(0, 2), 0xf000 | 'X');	/* black on white */
	put("\x1b[0m");
}

static void test_scroll_region(struct ktest *t)
{
	put("\x1b[2J\x1b[25;1Hstatus\x1b[1;24r\x1b[24;1Hlast\n\x1b[r");
	KT_EXPECT_EQ(t, vram(0, 22), 0x0700 | 'l');	/* moved up one */
	KT_EXPECT_EQ(t, vram(0, 23), 0x0720);
	KT_EXPECT_EQ(t, vram(0, 24), 0x0700 | 's');	/* outside: stays */
}

static void test_cursor_hide(struct ktest *t)
{
	put("\x1b[?25l");
	KT_EXPECT(t, crtc_read(0x0a) & 0x20);
	put("\x1b[?25h");
	KT_EXPECT(t, !(crtc_read(0x0a) & 0x20));
}

static struct ktest_case vgacon_cases[] = {
	KTEST_CASE(test_position_and_colour),
	KTEST_CASE(test_erase_and_bright_background),
	KTEST_CASE(test_scroll_region),
	KTEST_CASE(test_cursor_hide),
	{}
};
KTEST_SUITE_FULL(vgacon, vgacon_cases, vgacon_suite_init, vgacon_suite_exit, 0);
