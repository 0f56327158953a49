/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VGA text-mode console.
 *
 * The screen model (struct vga_screen: cursor, wrapping, scrolling, scroll
 * region, erasing, inserting and deleting, colour) works on a plain array
 * of 16-bit cells, character in the low byte and attribute (background << 4
 * | foreground) in the high byte. vgacon points it at the text buffer at
 * 0xB8000 and moves the hardware cursor, the framebuffer console at its
 * shadow of the screen, tools/vgacon and tools/ansi at ordinary memory.
 * The ANSI parser (<mosaic/ansi.h>) turns escape sequences into calls of
 * the operations below.
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

/* What new glyphs are drawn with: colours plus the SGR modes. */
struct vga_pen {
	u8 fg;			/* enum console_color */
	u8 bg;
	bool bold;		/* drawn as the bright variant of fg */
	bool reverse;		/* fg and bg swapped */
};

/* What DECSC (ESC 7, CSI s) saves and DECRC restores. */
struct vga_saved_cursor {
	unsigned int x, y;
	bool wrap_pending;
	struct vga_pen pen;
};

struct vga_screen {
	u16 *cells;		/* cols * rows, row-major */
	unsigned int cols;
	unsigned int rows;
	unsigned int x;		/* cursor column, 0..cols-1 */
	unsigned int y;		/* cursor row, 0..rows-1 */
	bool wrap_pending;	/* last column written: wrap before the next glyph */
	bool cursor_visible;	/* DECTCEM; drivers show or hide their cursor */
	u8 attr;		/* for characters written from now on (from pen) */
	u8 default_attr;	/* colours of SGR 0, 39 and 49 */
	struct vga_pen pen;
	unsigned int top;	/* scroll region, rows top..bottom inclusive */
	unsigned int bottom;
	struct vga_saved_cursor saved;
	unsigned long scrolls;	/* lines scrolled off the top so far */
};

/*
 * Attach to @cells; cursor at the top left, @attr the default colours,
 * the whole screen the scroll region. Does not clear.
 */
void vga_screen_init(struct vga_screen *s, u16 *cells, unsigned int cols,
		     unsigned int rows, u8 attr);
/* Blank every cell with the current attribute; cursor to the top left. */
void vga_screen_clear(struct vga_screen *s);
/* The kernel's colour API: plain @fg on @bg (bold and reverse off). */
void vga_screen_set_color(struct vga_screen *s, enum console_color fg,
			  enum console_color bg);
/* Any pen (SGR): recomputes the attribute of later glyphs and erasures. */
void vga_screen_set_pen(struct vga_screen *s, const struct vga_pen *pen);
/* The pen of the default colours (what SGR 0 selects). */
struct vga_pen vga_screen_default_pen(const struct vga_screen *s);
/*
 * Write one character: '\n' moves to the start of the next line, '\r' to
 * the start of this one, '\t' to the next multiple of VGA_TAB_WIDTH or the
 * last column, '\b' one column left (not erasing, not past column 0);
 * other control characters are ignored. Printable bytes (and 0x80-0xFF,
 * code page 437 glyphs) are stored and the cursor advances. Like a VT100,
 * writing the last column leaves the cursor there with a wrap pending:
 * the next glyph starts a new line, while '\n' or '\r' just do their job,
 * so a line of exactly @cols characters plus '\n' does not leave an empty
 * line (and '\b' then only cancels the pending wrap). Moving below the
 * bottom of the scroll region scrolls the region up one line.
 */
void vga_screen_putc(struct vga_screen *s, char c);
void vga_screen_write(struct vga_screen *s, const char *str, size_t len);

/*
 * The terminal operations the ANSI parser (drivers/video/ansi.c) drives.
 * Every argument is clamped to the screen, so no input moves the cursor
 * off it or touches a cell outside it. Each clears a pending wrap.
 */
/* Absolute position, 0-based (CUP, HVP, CHA, VPA). */
void vga_screen_move_to(struct vga_screen *s, unsigned int x, unsigned int y);
/*
 * Up or down @n rows (CUU, CUD). Inside the scroll region the cursor
 * stops at its margins, outside it at the screen's edges.
 */
void vga_screen_cursor_up(struct vga_screen *s, unsigned int n);
void vga_screen_cursor_down(struct vga_screen *s, unsigned int n);
/* Down one row, scrolling the region at its bottom margin (IND, LF). */
void vga_screen_index(struct vga_screen *s);
/* Up one row, scrolling the region down at its top margin (RI). */
void vga_screen_reverse_index(struct vga_screen *s);
/* Scroll the region @n lines up (SU) or down (SD); cursor stays. */
void vga_screen_scroll_up(struct vga_screen *s, unsigned int n);
void vga_screen_scroll_down(struct vga_screen *s, unsigned int n);
/* ED and EL: 0 from the cursor to the end, 1 from the start through the
 * cursor, 2 all (ED 3, the scrollback, is treated as 2). */
void vga_screen_erase_display(struct vga_screen *s, unsigned int mode);
void vga_screen_erase_line(struct vga_screen *s, unsigned int mode);
/* ECH: blank @n cells from the cursor, the cursor stays. */
void vga_screen_erase_chars(struct vga_screen *s, unsigned int n);
/* ICH and DCH: shift the rest of the line right or left by @n cells. */
void vga_screen_insert_chars(struct vga_screen *s, unsigned int n);
void vga_screen_delete_chars(struct vga_screen *s, unsigned int n);
/* IL and DL: only inside the scroll region; the cursor goes to column 0. */
void vga_screen_insert_lines(struct vga_screen *s, unsigned int n);
void vga_screen_delete_lines(struct vga_screen *s, unsigned int n);
/*
 * DECSTBM: rows @top..@bottom (0-based, inclusive) scroll; an empty or
 * inverted region is refused (no change). The cursor goes home.
 */
void vga_screen_set_region(struct vga_screen *s, unsigned int top,
			   unsigned int bottom);
void vga_screen_save_cursor(struct vga_screen *s);
void vga_screen_restore_cursor(struct vga_screen *s);
/* RIS: default pen, whole-screen region, cursor shown, screen cleared. */
void vga_screen_reset(struct vga_screen *s);

#ifdef CONFIG_VGA_CONSOLE
struct bootinfo;
/*
 * Register the VGA text console. With boot information, use its
 * framebuffer tag: -ENODEV unless it is EGA text (a UEFI boot gives a
 * pixel framebuffer instead). Without a framebuffer tag, -ENODEV after a
 * UEFI boot (bi->efi_boot), else (and for @bi NULL) assume a legacy
 * 80x25 screen at 0xB8000. -ENODEV too when no CRT controller answers
 * at 0x3D4 (a machine without VGA).
 */
int vgacon_init(const struct bootinfo *bi);
/*
 * The registered console and its screen model (for tests that write to
 * the screen alone and read the text buffer back), or NULL.
 */
struct console *vgacon_console(struct vga_screen **screenp);
#else
struct bootinfo;
static inline int vgacon_init(const struct bootinfo *bi)
{
	(void)bi;
	return 0;
}

static inline struct console *vgacon_console(struct vga_screen **screenp)
{
	(void)screenp;
	return NULL;
}
#endif

#endif /* _MOSAIC_VGA_H */
