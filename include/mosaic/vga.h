/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VGA text-mode console.
 *
 * The screen model (struct vga_screen: cursor, wrapping, scrolling,
 * control characters, colour) works on a plain array of 16-bit cells,
 * character in the low byte and attribute (background << 4 | foreground)
 * in the high byte. vgacon points it at the text buffer at 0xB8000 and
 * moves the hardware cursor; tools/vgacon points it at ordinary memory.
 */
#ifndef _MOSAIC_VGA_H
#define _MOSAIC_VGA_H

#include <mosaic/console.h>
#include <mosaic/types.h>

#define VGA_TEXT_PHYS 0xb8000UL
#define VGA_COLS 80
#define VGA_ROWS 25
#define VGA_TAB_WIDTH 8

static inline u8 vga_attr(enum console_color fg, enum console_color bg)
{
	return (u8)((bg & 0xf) << 4 | (fg & 0xf));
}

static inline u16 vga_cell(char c, u8 attr)
{
	return (u16)((u16)attr << 8 | (u8)c);
}

struct vga_screen {
	u16 *cells;		/* cols * rows, row-major */
	unsigned int cols;
	unsigned int rows;
	unsigned int x;		/* cursor column, 0..cols-1 */
	unsigned int y;		/* cursor row, 0..rows-1 */
	bool wrap_pending;	/* last column written: wrap before the next glyph */
	u8 attr;		/* for characters written from now on */
	unsigned long scrolls;	/* lines scrolled off the top so far */
};

/* Attach to @cells; cursor at the top left. Does not clear. */
void vga_screen_init(struct vga_screen *s, u16 *cells, unsigned int cols,
		     unsigned int rows, u8 attr);
/* Blank every cell with the current attribute; cursor to the top left. */
void vga_screen_clear(struct vga_screen *s);
void vga_screen_set_color(struct vga_screen *s, enum console_color fg,
			  enum console_color bg);
/*
 * Write one character: '\n' moves to the start of the next line, '\r' to
 * the start of this one, '\t' to the next multiple of VGA_TAB_WIDTH, '\b'
 * one column left (not erasing, not past column 0); other control
 * characters are ignored. Printable bytes (and 0x80-0xFF, code page 437
 * glyphs) are stored and the cursor advances. Like a VT100, writing the
 * last column leaves the cursor there with a wrap pending: the next glyph
 * starts a new line, while '\n' or '\r' just do their job, so a line of
 * exactly @cols characters plus '\n' does not leave an empty line (and
 * '\b' then only cancels the pending wrap). Moving below the last row
 * scrolls everything up one line.
 */
void vga_screen_putc(struct vga_screen *s, char c);
void vga_screen_write(struct vga_screen *s, const char *str, size_t len);

#ifdef CONFIG_VGA_CONSOLE
struct bootinfo;
/*
 * Register the VGA text console. With boot information, use its
 * framebuffer tag: -ENODEV unless it is EGA text (a UEFI boot gives a
 * pixel framebuffer instead). Without a framebuffer tag, -ENODEV after a
 * UEFI boot (bi->efi_boot), else (and for @bi NULL) assume a legacy
 * 80x25 screen at 0xB8000.
 */
int vgacon_init(const struct bootinfo *bi);
#else
struct bootinfo;
static inline int vgacon_init(const struct bootinfo *bi)
{
	(void)bi;
	return 0;
}
#endif

#endif /* _MOSAIC_VGA_H */
