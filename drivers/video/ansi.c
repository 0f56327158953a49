// SPDX-License-Identifier: GPL-2.0
/*
 * The ANSI/VT100 escape-sequence parser of the screen consoles: bytes in,
 * operations on a struct vga_screen out (see <mosaic/ansi.h> for what is
 * understood). The states follow the usual DEC parser diagram, reduced to
 * what a console needs.
 */
#include <mosaic/ansi.h>
#include <mosaic/console.h>
#include <mosaic/string.h>
#include <mosaic/vga.h>

#define ESC 0x1b
#define CAN 0x18
#define SUB 0x1a
#define BEL 0x07

void ansi_init(struct ansi_parser *p)
{
	memset(p, 0, sizeof(*p));
	p->state = ANSI_GROUND;
}

static void start_sequence(struct ansi_parser *p, enum ansi_state state)
{
	p->state = state;
	p->private_marker = 0;
	p->intermediate = false;
	p->nparams = 0;
	memset(p->params, 0, sizeof(p->params));
}

/* Parameter @i, with 0 or a missing one meaning @def. */
static unsigned int param(const struct ansi_parser *p, unsigned int i,
			  unsigned int def)
{
	if (i >= p->nparams || !p->params[i])
		return def;
	return p->params[i];
}

/* Parameter @i as written: missing means 0 (ED, EL and SGR). */
static unsigned int param0(const struct ansi_parser *p, unsigned int i)
{
	return i < p->nparams ? p->params[i] : 0;
}

/* ANSI colour order (black red green yellow blue magenta cyan white). */
static const u8 ansi_to_vga[8] = {
	COLOR_BLACK, COLOR_RED, COLOR_GREEN, COLOR_BROWN,
	COLOR_BLUE, COLOR_MAGENTA, COLOR_CYAN, COLOR_LIGHT_GREY,
};

/*
 * The nearest of the 16 colours to 0-255 components: each channel is on
 * when above half the brightest one; bright when the brightest is high.
 */
static u8 rgb_to_vga(unsigned int r, unsigned int g, unsigned int b)
{
	unsigned int max = r > g ? (r > b ? r : b) : (g > b ? g : b);
	unsigned int half = max / 2, idx;

	if (max < 0x40)
		return COLOR_BLACK;
	idx = (r > half) | (g > half) << 1 | (b > half) << 2;
	if (idx == 7) {		/* a grey */
		if (max >= 0xe0)
			return COLOR_WHITE;
		return max >= 0xa0 ? COLOR_LIGHT_GREY : COLOR_DARK_GREY;
	}
	return ansi_to_vga[idx] | (max > 0xc0 ? 8 : 0);
}

/* xterm's 256 colours: 16 basic, a 6x6x6 cube, a 24-step grey ramp. */
static u8 xterm256_to_vga(unsigned int n)
{
	static const u8 level[6] = { 0, 95, 135, 175, 215, 255 };
	unsigned int grey;

	if (n < 8)
		return ansi_to_vga[n];
	if (n < 16)
		return ansi_to_vga[n - 8] | 8;
	if (n < 232) {
		n -= 16;
		return rgb_to_vga(level[n / 36], level[n / 6 % 6],
				  level[n % 6]);
	}
	grey = 8 + (n - 232) * 10;
	return rgb_to_vga(grey, grey, grey);
}

/*
 * SGR 38 and 48: "5;n" or "2;r;g;b" after the 38/48 at @i. Sets *colour
 * if the form is complete and returns how many parameters it used.
 */
static unsigned int extended_colour(const struct ansi_parser *p, unsigned int i,
				    u8 *colour)
{
	unsigned int kind = param0(p, i + 1);

	if (kind == 5 && i + 2 < p->nparams) {
		if (param0(p, i + 2) < 256)
			*colour = xterm256_to_vga(param0(p, i + 2));
		return 2;
	}
	if (kind == 2 && i + 4 < p->nparams) {
		if (param0(p, i + 2) < 256 && param0(p, i + 3) < 256 &&
		    param0(p, i + 4) < 256)
			*colour = rgb_to_vga(param0(p, i + 2), param0(p, i + 3),
					     param0(p, i + 4));
		return 4;
	}
	return p->nparams - i - 1;	/* malformed: drop the rest */
}

static void sgr(const struct ansi_parser *p, struct vga_screen *s)
{
	struct vga_pen pen = s->pen, def = vga_screen_default_pen(s);
	unsigned int i, n = p->nparams ? p->nparams : 1;

	for (i = 0; i < n; i++) {
		unsigned int v = param0(p, i);

		if (v == 0)
			pen = def;
		else if (v == 1)
			pen.bold = true;
		else if (v == 22)
			pen.bold = false;
		else if (v == 7)
			pen.reverse = true;
		else if (v == 27)
			pen.reverse = false;
		else if (v >= 30 && v <= 37)
			pen.fg = ansi_to_vga[v - 30];
		else if (v >= 40 && v <= 47)
			pen.bg = ansi_to_vga[v - 40];
		else if (v >= 90 && v <= 97)
			pen.fg = ansi_to_vga[v - 90] | 8;
		else if (v >= 100 && v <= 107)
			pen.bg = ansi_to_vga[v - 100] | 8;
		else if (v == 39)
			pen.fg = def.fg;
		else if (v == 49)
			pen.bg = def.bg;
		else if (v == 38)
			i += extended_colour(p, i, &pen.fg);
		else if (v == 48)
			i += extended_colour(p, i, &pen.bg);
		/* others (underline, blink, italic, ...) have no cell bits */
	}
	vga_screen_set_pen(s, &pen);
}

static void private_mode(const struct ansi_parser *p, struct vga_screen *s,
			 bool set)
{
	unsigned int i;

	for (i = 0; i < p->nparams; i++)
		if (p->params[i] == 25)
			s->cursor_visible = set;
}

static void cursor_column(struct vga_screen *s, unsigned int x)
{
	vga_screen_move_to(s, x, s->y);
}

static void csi_dispatch(struct ansi_parser *p, struct vga_screen *s, char f)
{
	unsigned int n = param(p, 0, 1);

	if (p->private_marker) {
		if (p->private_marker == '?' && (f == 'h' || f == 'l'))
			private_mode(p, s, f == 'h');
		return;
	}
	switch (f) {
	case 'A':
		vga_screen_cursor_up(s, n);
		break;
	case 'B':
		vga_screen_cursor_down(s, n);
		break;
	case 'C':
		cursor_column(s, s->x + n);
		break;
	case 'D':
		cursor_column(s, s->x > n ? s->x - n : 0);
		break;
	case 'E':
		vga_screen_cursor_down(s, n);
		cursor_column(s, 0);
		break;
	case 'F':
		vga_screen_cursor_up(s, n);
		cursor_column(s, 0);
		break;
	case 'G':
	case '`':
		cursor_column(s, n - 1);
		break;
	case 'd':
		vga_screen_move_to(s, s->x, n - 1);
		break;
	case 'H':
	case 'f':
		vga_screen_move_to(s, param(p, 1, 1) - 1, n - 1);
		break;
	case 'J':
		vga_screen_erase_display(s, param0(p, 0));
		break;
	case 'K':
		vga_screen_erase_line(s, param0(p, 0));
		break;
	case '@':
		vga_screen_insert_chars(s, n);
		break;
	case 'P':
		vga_screen_delete_chars(s, n);
		break;
	case 'X':
		vga_screen_erase_chars(s, n);
		break;
	case 'L':
		vga_screen_insert_lines(s, n);
		break;
	case 'M':
		vga_screen_delete_lines(s, n);
		break;
	case 'S':
		vga_screen_scroll_up(s, n);
		break;
	case 'T':
		vga_screen_scroll_down(s, n);
		break;
	case 'm':
		sgr(p, s);
		break;
	case 'r':
		vga_screen_set_region(s, n - 1, param(p, 1, s->rows) - 1);
		break;
	case 's':
		vga_screen_save_cursor(s);
		break;
	case 'u':
		vga_screen_restore_cursor(s);
		break;
	default:
		break; /* unknown final byte: ignored */
	}
}

static void esc_dispatch(struct ansi_parser *p, struct vga_screen *s, char c)
{
	p->state = ANSI_GROUND;
	switch (c) {
	case '[':
		start_sequence(p, ANSI_CSI);
		break;
	case ']':
	case 'P':
	case 'X':
	case '^':
	case '_':
		p->state = ANSI_STRING;
		break;
	case '7':
		vga_screen_save_cursor(s);
		break;
	case '8':
		vga_screen_restore_cursor(s);
		break;
	case 'D':
		vga_screen_index(s);
		break;
	case 'E':
		vga_screen_putc(s, '\n');
		break;
	case 'M':
		vga_screen_reverse_index(s);
		break;
	case 'c':
		vga_screen_reset(s);
		break;
	default:
		if (c >= 0x20 && c <= 0x2f) /* intermediate: ESC ( B ... */
			p->state = ANSI_ESCAPE_INTER;
		break;
	}
}

static void csi_param_byte(struct ansi_parser *p, char c)
{
	if (!p->nparams)
		p->nparams = 1;
	if (c == ';' || c == ':') {
		if (p->nparams < ANSI_MAX_PARAMS)
			p->nparams++;
		else
			p->state = ANSI_CSI_IGNORE;	/* too many: not ours */
		return;
	}
	if (p->params[p->nparams - 1] <= ANSI_PARAM_MAX / 10)
		p->params[p->nparams - 1] =
			(u16)(p->params[p->nparams - 1] * 10 + (c - '0'));
	else
		p->params[p->nparams - 1] = ANSI_PARAM_MAX;
}

static void csi_byte(struct ansi_parser *p, struct vga_screen *s, char c)
{
	if ((c >= '0' && c <= '9') || c == ';' || c == ':') {
		if (p->intermediate)
			p->state = ANSI_CSI_IGNORE;
		else
			csi_param_byte(p, c);
	} else if (c >= '<' && c <= '?') {
		/* A private marker is only valid as the first byte. */
		if (p->nparams || p->private_marker || p->intermediate)
			p->state = ANSI_CSI_IGNORE;
		else
			p->private_marker = c;
	} else if (c >= 0x20 && c <= 0x2f) {
		p->intermediate = true;
	} else if (c >= 0x40 && c <= 0x7e) {
		p->state = ANSI_GROUND;
		if (!p->intermediate)
			csi_dispatch(p, s, c);
	}
	/* 0x7f inside a sequence is ignored */
}

/* C0 controls act in every state but a string; true if @c was one. */
static bool control(struct ansi_parser *p, struct vga_screen *s,
		    unsigned char c)
{
	if (c == ESC) {
		start_sequence(p, ANSI_ESCAPE);
		return true;
	}
	if (c == CAN || c == SUB) {
		p->state = ANSI_GROUND;
		return true;
	}
	if (c < 0x20) {
		vga_screen_putc(s, (char)c);
		return true;
	}
	return false;
}

static void string_byte(struct ansi_parser *p, unsigned char c)
{
	if (p->state == ANSI_STRING_ESC) {
		/* ESC \ is ST; any other ESC x ends the string too. */
		p->state = c == '\\' ? ANSI_GROUND : ANSI_ESCAPE;
		return;
	}
	if (c == BEL || c == CAN || c == SUB)
		p->state = ANSI_GROUND;
	else if (c == ESC)
		p->state = ANSI_STRING_ESC;
}

void ansi_putc(struct ansi_parser *p, struct vga_screen *s, char ch)
{
	unsigned char c = (unsigned char)ch;

	if (p->state == ANSI_STRING || p->state == ANSI_STRING_ESC) {
		bool was_esc = p->state == ANSI_STRING_ESC;

		string_byte(p, c);
		if (was_esc && p->state == ANSI_ESCAPE)
			esc_dispatch(p, s, (char)c);
		return;
	}
	if (control(p, s, c))
		return;
	switch (p->state) {
	case ANSI_GROUND:
		vga_screen_putc(s, (char)c);
		break;
	case ANSI_ESCAPE:
		esc_dispatch(p, s, (char)c);
		break;
	case ANSI_ESCAPE_INTER:
		if (c >= 0x30 && c <= 0x7e)	/* final: charset etc., ignored */
			p->state = ANSI_GROUND;
		break;
	case ANSI_CSI:
		csi_byte(p, s, (char)c);
		break;
	case ANSI_CSI_IGNORE:
		if (c >= 0x40 && c <= 0x7e)
			p->state = ANSI_GROUND;
		break;
	default:
		p->state = ANSI_GROUND;
		break;
	}
}

void ansi_write(struct ansi_parser *p, struct vga_screen *s, const char *buf,
		size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		ansi_putc(p, s, buf[i]);
}
