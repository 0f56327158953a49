// SPDX-License-Identifier: GPL-2.0
/*
 * The text screen model behind vgacon: a cursor over a grid of 16-bit
 * cells. Freestanding and hardware-free so tools/vgacon tests it
 * natively; vgacon.c adds the 0xB8000 buffer and the hardware cursor.
 */
#include <mosaic/vga.h>

static u16 blank(const struct vga_screen *s)
{
	return vga_cell(' ', s->attr);
}

void vga_screen_init(struct vga_screen *s, u16 *cells, unsigned int cols,
		     unsigned int rows, u8 attr)
{
	s->cells = cells;
	s->cols = cols;
	s->rows = rows;
	s->x = 0;
	s->y = 0;
	s->wrap_pending = false;
	s->attr = attr;
	s->scrolls = 0;
}

void vga_screen_clear(struct vga_screen *s)
{
	unsigned int i, n = s->cols * s->rows;

	for (i = 0; i < n; i++)
		s->cells[i] = blank(s);
	s->x = 0;
	s->y = 0;
	s->wrap_pending = false;
}

void vga_screen_set_color(struct vga_screen *s, enum console_color fg,
			  enum console_color bg)
{
	s->attr = vga_attr(fg, bg);
}

/*
 * Cell by cell rather than memmove: the VGA buffer wants 16-bit accesses
 * and the copy must work for a device buffer as well as for RAM.
 */
static void scroll_up(struct vga_screen *s)
{
	unsigned int i, n = s->cols * (s->rows - 1);

	for (i = 0; i < n; i++)
		s->cells[i] = s->cells[i + s->cols];
	for (; i < n + s->cols; i++)
		s->cells[i] = blank(s);
	s->scrolls++;
}

static void newline(struct vga_screen *s)
{
	s->x = 0;
	s->wrap_pending = false;
	if (s->y + 1 < s->rows) {
		s->y++;
		return;
	}
	scroll_up(s);
}

void vga_screen_putc(struct vga_screen *s, char ch)
{
	unsigned char c = (unsigned char)ch;

	switch (c) {
	case '\n':
		newline(s);
		return;
	case '\r':
		s->x = 0;
		s->wrap_pending = false;
		return;
	case '\b':
		/* With a wrap pending the cursor already sits on the last glyph. */
		if (s->wrap_pending)
			s->wrap_pending = false;
		else if (s->x)
			s->x--;
		return;
	case '\t':
		if (s->wrap_pending)
			newline(s);
		s->x = (s->x / VGA_TAB_WIDTH + 1) * VGA_TAB_WIDTH;
		if (s->x >= s->cols)
			newline(s);
		return;
	}
	if (c < 0x20 || c == 0x7f)
		return;		/* other controls have no glyph we want */
	if (s->wrap_pending)
		newline(s);
	s->cells[s->y * s->cols + s->x] = vga_cell((char)c, s->attr);
	if (s->x + 1 < s->cols)
		s->x++;
	else
		s->wrap_pending = true;
}

void vga_screen_write(struct vga_screen *s, const char *str, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		vga_screen_putc(s, str[i]);
}
