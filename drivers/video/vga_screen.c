// SPDX-License-Identifier: GPL-2.0
/*
 * The text screen model behind the consoles: a cursor over a grid of
 * 16-bit cells, with the operations a VT100 needs (scroll region, erase,
 * insert and delete). Freestanding and hardware-free so tools/vgacon and
 * tools/ansi test it natively; vgacon.c adds the 0xB8000 buffer and the
 * hardware cursor, fbcon.c a shadow buffer it draws from.
 */
#include <mosaic/string.h>
#include <mosaic/vga.h>

static unsigned int min_uint(unsigned int a, unsigned int b)
{
	return a < b ? a : b;
}

static u16 blank(const struct vga_screen *s)
{
	return vga_cell(' ', s->attr);
}

static u16 *cell_at(struct vga_screen *s, unsigned int x, unsigned int y)
{
	return &s->cells[y * s->cols + x];
}

static void fill(struct vga_screen *s, unsigned int from, unsigned int n)
{
	u16 *c = s->cells + from;
	u16 b = blank(s);

	while (n--)
		*c++ = b;
}

/*
 * Rows and cells move with memmove: RAM for the framebuffer's shadow, and
 * the VGA text buffer accepts byte accesses in text mode, as Linux's
 * vgacon relies on too.
 */
static void move_rows(struct vga_screen *s, unsigned int dst, unsigned int src,
		      unsigned int n)
{
	memmove(cell_at(s, 0, dst), cell_at(s, 0, src),
		(size_t)n * s->cols * sizeof(u16));
}

static void blank_rows(struct vga_screen *s, unsigned int y, unsigned int n)
{
	fill(s, y * s->cols, n * s->cols);
}

static u8 pen_attr(const struct vga_pen *p)
{
	u8 fg = p->fg | (p->bold ? 8 : 0), bg = p->bg;

	return p->reverse ? vga_attr(bg, fg) : vga_attr(fg, bg);
}

struct vga_pen vga_screen_default_pen(const struct vga_screen *s)
{
	struct vga_pen p = {
		.fg = s->default_attr & 0xf,
		.bg = s->default_attr >> 4,
	};

	return p;
}

void vga_screen_set_pen(struct vga_screen *s, const struct vga_pen *pen)
{
	s->pen = *pen;
	s->pen.fg &= 0xf;
	s->pen.bg &= 0xf;
	s->attr = pen_attr(&s->pen);
}

void vga_screen_set_color(struct vga_screen *s, enum console_color fg,
			  enum console_color bg)
{
	struct vga_pen p = { .fg = fg, .bg = bg };

	vga_screen_set_pen(s, &p);
}

void vga_screen_init(struct vga_screen *s, u16 *cells, unsigned int cols,
		     unsigned int rows, u8 attr)
{
	struct vga_pen pen;

	s->cells = cells;
	s->cols = cols;
	s->rows = rows;
	s->x = 0;
	s->y = 0;
	s->wrap_pending = false;
	s->cursor_visible = true;
	s->default_attr = attr;
	pen = vga_screen_default_pen(s);
	vga_screen_set_pen(s, &pen);
	s->top = 0;
	s->bottom = rows - 1;
	s->scrolls = 0;
	vga_screen_save_cursor(s);
}

void vga_screen_clear(struct vga_screen *s)
{
	fill(s, 0, s->cols * s->rows);
	s->x = 0;
	s->y = 0;
	s->wrap_pending = false;
}

void vga_screen_reset(struct vga_screen *s)
{
	vga_screen_init(s, s->cells, s->cols, s->rows, s->default_attr);
	vga_screen_clear(s);
}

/* Rows top..bottom move up @n; the freed rows at the bottom are blanked. */
static void region_up(struct vga_screen *s, unsigned int top,
		      unsigned int bottom, unsigned int n)
{
	unsigned int height = bottom - top + 1;

	n = min_uint(n, height);
	move_rows(s, top, top + n, height - n);
	blank_rows(s, bottom + 1 - n, n);
}

static void region_down(struct vga_screen *s, unsigned int top,
			unsigned int bottom, unsigned int n)
{
	unsigned int height = bottom - top + 1;

	n = min_uint(n, height);
	move_rows(s, top + n, top, height - n);
	blank_rows(s, top, n);
}

/* Lines leaving the screen's top are counted (not those DL deletes). */
void vga_screen_scroll_up(struct vga_screen *s, unsigned int n)
{
	region_up(s, s->top, s->bottom, n);
	if (s->top == 0)
		s->scrolls += min_uint(n, s->bottom + 1);
}

void vga_screen_scroll_down(struct vga_screen *s, unsigned int n)
{
	region_down(s, s->top, s->bottom, n);
}

void vga_screen_index(struct vga_screen *s)
{
	s->wrap_pending = false;
	if (s->y == s->bottom)
		vga_screen_scroll_up(s, 1);
	else if (s->y + 1 < s->rows)
		s->y++;
}

void vga_screen_reverse_index(struct vga_screen *s)
{
	s->wrap_pending = false;
	if (s->y == s->top)
		region_down(s, s->top, s->bottom, 1);
	else if (s->y)
		s->y--;
}

static void newline(struct vga_screen *s)
{
	s->x = 0;
	vga_screen_index(s);
}

void vga_screen_move_to(struct vga_screen *s, unsigned int x, unsigned int y)
{
	s->x = min_uint(x, s->cols - 1);
	s->y = min_uint(y, s->rows - 1);
	s->wrap_pending = false;
}

void vga_screen_cursor_up(struct vga_screen *s, unsigned int n)
{
	unsigned int limit = s->y >= s->top ? s->top : 0;

	s->y = s->y - min_uint(n, s->y - limit);
	s->wrap_pending = false;
}

void vga_screen_cursor_down(struct vga_screen *s, unsigned int n)
{
	unsigned int limit = s->y <= s->bottom ? s->bottom : s->rows - 1;

	s->y = s->y + min_uint(n, limit - s->y);
	s->wrap_pending = false;
}

void vga_screen_erase_display(struct vga_screen *s, unsigned int mode)
{
	unsigned int pos = s->y * s->cols + s->x, all = s->cols * s->rows;

	switch (mode) {
	case 0:
		fill(s, pos, all - pos);
		break;
	case 1:
		fill(s, 0, pos + 1);
		break;
	case 2:
	case 3:
		fill(s, 0, all);
		break;
	default:
		return;
	}
	s->wrap_pending = false;
}

void vga_screen_erase_line(struct vga_screen *s, unsigned int mode)
{
	unsigned int row = s->y * s->cols;

	switch (mode) {
	case 0:
		fill(s, row + s->x, s->cols - s->x);
		break;
	case 1:
		fill(s, row, s->x + 1);
		break;
	case 2:
		fill(s, row, s->cols);
		break;
	default:
		return;
	}
	s->wrap_pending = false;
}

void vga_screen_erase_chars(struct vga_screen *s, unsigned int n)
{
	fill(s, s->y * s->cols + s->x, min_uint(n, s->cols - s->x));
	s->wrap_pending = false;
}

void vga_screen_insert_chars(struct vga_screen *s, unsigned int n)
{
	unsigned int rest = s->cols - s->x;
	u16 *at = cell_at(s, s->x, s->y);

	n = min_uint(n, rest);
	memmove(at + n, at, (size_t)(rest - n) * sizeof(u16));
	fill(s, s->y * s->cols + s->x, n);
	s->wrap_pending = false;
}

void vga_screen_delete_chars(struct vga_screen *s, unsigned int n)
{
	unsigned int rest = s->cols - s->x;
	u16 *at = cell_at(s, s->x, s->y);

	n = min_uint(n, rest);
	memmove(at, at + n, (size_t)(rest - n) * sizeof(u16));
	fill(s, s->y * s->cols + s->cols - n, n);
	s->wrap_pending = false;
}

void vga_screen_insert_lines(struct vga_screen *s, unsigned int n)
{
	if (s->y < s->top || s->y > s->bottom)
		return;
	region_down(s, s->y, s->bottom, n);
	s->x = 0;
	s->wrap_pending = false;
}

void vga_screen_delete_lines(struct vga_screen *s, unsigned int n)
{
	if (s->y < s->top || s->y > s->bottom)
		return;
	region_up(s, s->y, s->bottom, n);
	s->x = 0;
	s->wrap_pending = false;
}

void vga_screen_set_region(struct vga_screen *s, unsigned int top,
			   unsigned int bottom)
{
	bottom = min_uint(bottom, s->rows - 1);
	if (top >= bottom)
		return;
	s->top = top;
	s->bottom = bottom;
	vga_screen_move_to(s, 0, 0);
}

void vga_screen_save_cursor(struct vga_screen *s)
{
	s->saved.x = s->x;
	s->saved.y = s->y;
	s->saved.wrap_pending = s->wrap_pending;
	s->saved.pen = s->pen;
}

void vga_screen_restore_cursor(struct vga_screen *s)
{
	vga_screen_move_to(s, s->saved.x, s->saved.y);
	s->wrap_pending = s->saved.wrap_pending && s->x == s->cols - 1;
	vga_screen_set_pen(s, &s->saved.pen);
}

static void tab(struct vga_screen *s)
{
	unsigned int next = (s->x / VGA_TAB_WIDTH + 1) * VGA_TAB_WIDTH;

	/* As on a VT100: the last column is the last stop; no wrap. */
	s->x = min_uint(next, s->cols - 1);
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
		tab(s);
		return;
	}
	if (c < 0x20 || c == 0x7f)
		return;		/* other controls have no glyph we want */
	if (s->wrap_pending)
		newline(s);
	*cell_at(s, s->x, s->y) = vga_cell((char)c, s->attr);
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
