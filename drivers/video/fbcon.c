// SPDX-License-Identifier: GPL-2.0
/*
 * Framebuffer console: the text screen model and the ANSI parser over a
 * shadow array of cells in RAM, drawn on the linear framebuffer GRUB
 * hands over (GOP on UEFI, a VBE mode on BIOS) with the build-time font.
 *
 * Video memory is only ever written. After each write the shadow is
 * compared with what was last drawn (a second array) and only the cells
 * that differ are drawn again, so a scroll is a memmove of the shadow
 * plus a redraw, and a printk flood of many lines costs one redraw per
 * message, not one per line.
 */
#include <asm/io.h>
#include <mosaic/ansi.h>
#include <mosaic/bootinfo.h>
#include <mosaic/console.h>
#include <mosaic/errno.h>
#include <mosaic/fb.h>
#include <mosaic/font.h>
#include <mosaic/multiboot2.h>
#include <mosaic/printk.h>
#include <mosaic/string.h>
#include <mosaic/vga.h>
#include <mosaic/vmm.h>

/* Enough for 1920x1200 with an 8x16 font; larger screens use a part. */
#define FBCON_MAX_COLS 240
#define FBCON_MAX_ROWS 75
#define FBCON_CELLS (FBCON_MAX_COLS * FBCON_MAX_ROWS)
#define CURSOR_LINES 2		/* an underline cursor, as on VGA */

static struct fb_info fb;
static const struct font_desc *font = &font_console;
static struct vga_screen screen;
static struct ansi_parser ansi;
static u16 shadow[FBCON_CELLS];	/* what the screen should show */
static u16 drawn[FBCON_CELLS];	/* what video memory shows */
static u32 palette[16];		/* the VGA colours in the pixel format */
static unsigned int cursor_drawn = FBCON_CELLS;	/* cell index, or none */

/* The 16 VGA colours, as the VGA DAC has them by default. */
static const u8 vga_rgb[16][3] = {
	{ 0x00, 0x00, 0x00 }, { 0x00, 0x00, 0xaa }, { 0x00, 0xaa, 0x00 },
	{ 0x00, 0xaa, 0xaa }, { 0xaa, 0x00, 0x00 }, { 0xaa, 0x00, 0xaa },
	{ 0xaa, 0x55, 0x00 }, { 0xaa, 0xaa, 0xaa }, { 0x55, 0x55, 0x55 },
	{ 0x55, 0x55, 0xff }, { 0x55, 0xff, 0x55 }, { 0x55, 0xff, 0xff },
	{ 0xff, 0x55, 0x55 }, { 0xff, 0x55, 0xff }, { 0xff, 0xff, 0x55 },
	{ 0xff, 0xff, 0xff },
};

/*
 * Map the framebuffer write-combining: stores stream out in bursts, and
 * video memory is never read back (the shadow is). A linear framebuffer
 * behaves as memory, so the drawing code (shared with the host tests)
 * writes it with plain stores; this is the one place the __iomem
 * pointer becomes an ordinary one.
 */
static u8 *fb_map(phys_addr_t pa, u64 size)
{
	return (__force u8 *)ioremap(pa, size, VMM_WC);
}

static void draw_cell(unsigned int i, bool with_cursor)
{
	u16 cell = shadow[i];
	u32 fg = palette[(cell >> 8) & 0xf], bg = palette[cell >> 12];
	unsigned int x = i % screen.cols * font->width;
	unsigned int y = i / screen.cols * font->height;

	fb_draw_glyph(&fb, x, y, font, (u8)cell, fg, bg);
	drawn[i] = cell;
	if (with_cursor)
		fb_fill_rect(&fb, x, y + font->height - CURSOR_LINES, font->width,
			     CURSOR_LINES, fg);
}

/* Draw the cells that changed, and the old and new cursor cells. */
static void flush(void)
{
	unsigned int i, n = screen.cols * screen.rows;
	unsigned int cursor = screen.y * screen.cols + screen.x;

	if (!screen.cursor_visible)
		cursor = FBCON_CELLS;
	for (i = 0; i < n; i++)
		if (shadow[i] != drawn[i] || i == cursor || i == cursor_drawn)
			draw_cell(i, i == cursor);
	cursor_drawn = cursor;
}

static void fbcon_write(struct console *con, const char *s, size_t len)
{
	ansi_write(&ansi, &screen, s, len);
	flush();
}

static void fbcon_set_color(struct console *con, enum console_color fg,
			    enum console_color bg)
{
	vga_screen_set_color(&screen, fg, bg);
}

static struct console fbcon = {
	.name = "fb",
	.write = fbcon_write,
	.set_color = fbcon_set_color,
};

struct console *fbcon_console(struct vga_screen **screenp,
			      const struct fb_info **fbp)
{
	if (!fb.base)
		return NULL;
	if (screenp)
		*screenp = &screen;
	if (fbp)
		*fbp = &fb;
	return &fbcon;
}

static void setup_screen(void)
{
	unsigned int cols = fb.width / font->width, rows = fb.height / font->height;
	unsigned int i;

	if (cols > FBCON_MAX_COLS)
		cols = FBCON_MAX_COLS;
	if (rows > FBCON_MAX_ROWS)
		rows = FBCON_MAX_ROWS;
	for (i = 0; i < 16; i++)
		palette[i] = fb_pixel(&fb, vga_rgb[i][0], vga_rgb[i][1],
				      vga_rgb[i][2]);
	/* The margins right and below the text area stay black. */
	fb_fill_rect(&fb, 0, 0, fb.width, fb.height, palette[COLOR_BLACK]);
	vga_screen_init(&screen, shadow, cols, rows,
			vga_attr(COLOR_LIGHT_GREY, COLOR_BLACK));
	vga_screen_clear(&screen);
	for (i = 0; i < cols * rows; i++)
		drawn[i] = shadow[i];	/* blank, as just filled */
	ansi_init(&ansi);
}

/* The first line on the screen: who we are, in colour. */
static void logo(void)
{
	static const char line[] =
		"\x1b[1;37;44m Mosaic " CONFIG_LOCALVERSION " \x1b[0;36m"
		" framebuffer console\x1b[0m\n";

	fbcon_write(&fbcon, line, sizeof(line) - 1);
}

int fbcon_init(const struct bootinfo *bi)
{
	const struct bootinfo_framebuffer *t = &bi->fb;
	const char *why;
	u8 *base;

	if (!t->present || t->type == MULTIBOOT2_FRAMEBUFFER_TYPE_EGA_TEXT)
		return -ENODEV;
	if (fb_info_from_boot(&fb, t, &why)) {
		pr_warn("fbcon: %ux%u framebuffer at %u bpp not usable: %s\n",
			t->width, t->height, t->bpp, why);
		return -EINVAL;
	}
	base = fb_map(t->addr, (u64)t->pitch * t->height);
	if (!base)
		return -ENOMEM;
	fb.base = base;
	setup_screen();
	logo();
	register_console(&fbcon);
	pr_info("fbcon: %ux%u, %u bpp (r %u:%u g %u:%u b %u:%u) at 0x%llx, %ux%u text, font %s %ux%u\n",
		fb.width, fb.height, fb.bpp, fb.red.pos, fb.red.size,
		fb.green.pos, fb.green.size, fb.blue.pos, fb.blue.size,
		(unsigned long long)t->addr, screen.cols, screen.rows,
		font->name, font->width, font->height);
	return 0;
}
