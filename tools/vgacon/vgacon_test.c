// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests for drivers/video/vga_screen.c over an ordinary array with
 * guard cells on both sides (a write outside the screen is caught).
 */
#include <mosaic/vga.h>
#include <stdio.h>
#include <string.h>

#include "hosttest.h"
#include "screen_text.h"

#define GUARD 0xdead
static u16 mem[VGA_COLS * VGA_ROWS + 2];
static u16 *cells = mem + 1;
static struct vga_screen S;
static const u8 DEF = 0x07;	/* light grey on black */

static void setup(unsigned int cols, unsigned int rows)
{
	unsigned int i;

	for (i = 0; i < sizeof(mem) / sizeof(mem[0]); i++)
		mem[i] = GUARD;
	cells[-1] = GUARD;
	cells[cols * rows] = GUARD;
	vga_screen_init(&S, cells, cols, rows, DEF);
	vga_screen_clear(&S);
}

static void puts_(const char *s)
{
	vga_screen_write(&S, s, strlen(s));
}

static const char *row(unsigned int y)
{
	return screen_row(&S, y);
}

static bool guards_ok(void)
{
	return cells[-1] == GUARD && cells[S.cols * S.rows] == GUARD;
}

HOSTTEST(clear_and_text)
{
	unsigned int i;

	setup(VGA_COLS, VGA_ROWS);
	for (i = 0; i < VGA_COLS * VGA_ROWS; i++)
		CHECK(cells[i] == 0x0720);
	puts_("Hello");
	CHECK(!strcmp(row(0), "Hello"));
	CHECK(cells[0] == (0x0700 | 'H'));
	CHECK(S.x == 5 && S.y == 0);
	puts_("\nworld\r W");
	CHECK(!strcmp(row(1), " Wrld"));
	CHECK(S.x == 2 && S.y == 1);
	CHECK(guards_ok());
}

HOSTTEST(wrap)
{
	char line[VGA_COLS + 1];

	setup(VGA_COLS, VGA_ROWS);
	memset(line, 'x', VGA_COLS);
	line[VGA_COLS] = 0;
	puts_(line);			/* exactly one full row */
	CHECK(S.x == VGA_COLS - 1 && S.y == 0 && S.wrap_pending);
	CHECK(!strcmp(row(0), line));
	puts_("ab");			/* the next glyph wraps */
	CHECK(!strcmp(row(1), "ab") && S.x == 2 && S.y == 1);
	/* A full line plus newline takes one line, not two */
	setup(10, 3);
	puts_("0123456789\nz");
	CHECK(!strcmp(row(0), "0123456789") && !strcmp(row(1), "z"));
	/* \r with a wrap pending returns to the same line */
	puts_("\rabcdefghij\rX");
	CHECK(!strcmp(row(1), "Xbcdefghij") && S.y == 1);
	/* "\b \b" erases the last column's glyph, the shell's idiom */
	puts_("\rabcdefghij\b \b");
	CHECK(!strcmp(row(1), "abcdefghi") && S.x == 9 && S.y == 1);
	puts_("Z");
	CHECK(!strcmp(row(1), "abcdefghiZ") && row(2)[0] == 0);
	CHECK(guards_ok());
}

HOSTTEST(scroll)
{
	char buf[16];
	unsigned int i;

	setup(VGA_COLS, VGA_ROWS);
	for (i = 0; i < 30; i++) {
		snprintf(buf, sizeof(buf), "line %u\n", i);
		puts_(buf);
	}
	/* 30 lines + cursor on an empty last row: lines 6..29 visible */
	CHECK(S.scrolls == 6);
	CHECK(!strcmp(row(0), "line 6"));
	CHECK(!strcmp(row(23), "line 29"));
	CHECK(!strcmp(row(24), ""));
	CHECK(S.x == 0 && S.y == 24);
	/* The new bottom row is blank in the current colour */
	vga_screen_set_color(&S, COLOR_WHITE, COLOR_BLUE);
	puts_("x\n");
	CHECK(S.cells[24 * VGA_COLS + 5] == 0x1f20);
	CHECK(S.cells[23 * VGA_COLS] == (0x1f00 | 'x'));
	/* Filling the very last cell scrolls only when more text follows */
	setup(4, 2);
	puts_("abcdefgh");
	CHECK(!strcmp(row(0), "abcd") && !strcmp(row(1), "efgh"));
	CHECK(S.scrolls == 0 && S.x == 3 && S.y == 1);
	puts_("i");
	CHECK(!strcmp(row(0), "efgh") && !strcmp(row(1), "i"));
	CHECK(S.scrolls == 1 && S.x == 1 && S.y == 1);
	CHECK(guards_ok());
}

HOSTTEST(tabs)
{
	setup(VGA_COLS, VGA_ROWS);
	puts_("a\tb");
	CHECK(S.cells[8] == (0x0700 | 'b') && S.x == 9);
	puts_("\t\tc");
	CHECK(S.x == 25 && S.cells[24] == (0x0700 | 'c'));
	/* Tab stops are not cells: the skipped cells keep what they had */
	puts_("\rxxxxxxxxxxxxxxxx\r\t-");
	CHECK(!strncmp(row(0), "xxxxxxxx-xxxxxxx", 16));
	/* As on a VT100, the last column is the last stop: no wrap */
	setup(20, 3);
	puts_("012345678901234567");	/* x = 18 */
	puts_("\t");
	CHECK(S.x == 19 && S.y == 0 && !S.wrap_pending);
	puts_("\tX");
	CHECK(S.cells[19] == (0x0700 | 'X') && S.wrap_pending);
	puts_("\t");			/* wrap pending: the tab does not wrap */
	CHECK(S.x == 19 && S.y == 0);
	setup(20, 3);
	puts_("\n");
	puts_("\t\t\t");			/* 8, 16, then the last column */
	CHECK(S.x == 19 && S.y == 1);
	CHECK(guards_ok());
}

HOSTTEST(backspace_controls)
{
	setup(VGA_COLS, VGA_ROWS);
	puts_("abc\b\bX");
	CHECK(!strcmp(row(0), "aXc"));
	CHECK(S.x == 2);
	puts_("\b\b\b\b\b");		/* stops at column 0 */
	CHECK(S.x == 0 && S.y == 0);
	puts_("\nq\b\b");		/* does not go back up a line */
	CHECK(S.x == 0 && S.y == 1);
	/* Other control characters leave no trace; high bytes are glyphs */
	puts_("\a\x01\x1b\x7f" "z\xdb");
	CHECK(!strcmp(row(1), "z\xdb"));
	CHECK(S.x == 2);
	CHECK(guards_ok());
}

HOSTTEST(colors)
{
	setup(VGA_COLS, VGA_ROWS);
	CHECK(vga_attr(COLOR_WHITE, COLOR_RED) == 0x4f);
	CHECK(vga_attr(COLOR_BLACK, COLOR_LIGHT_GREY) == 0x70);
	vga_screen_set_color(&S, COLOR_YELLOW, COLOR_BLUE);
	puts_("A");
	vga_screen_set_color(&S, COLOR_LIGHT_GREEN, COLOR_BLACK);
	puts_("B");
	CHECK(cells[0] == 0x1e41 && cells[1] == 0x0a42);
	CHECK(cells[2] == 0x0720);	/* untouched cell keeps clear colour */
	/* Clear uses the current colour */
	vga_screen_set_color(&S, COLOR_BLACK, COLOR_CYAN);
	vga_screen_clear(&S);
	CHECK(cells[0] == 0x3020 && cells[VGA_COLS * VGA_ROWS - 1] == 0x3020);
	CHECK(S.x == 0 && S.y == 0);
	CHECK(guards_ok());
}

/* Property: any byte stream keeps the cursor on screen and guards intact. */
HOSTTEST(random_bytes)
{
	unsigned int seed = 7, i;
	char c;

	setup(13, 5);
	for (i = 0; i < 200000 && hosttest_ok(); i++) {
		seed = seed * 1103515245 + 12345;
		c = (char)(seed >> 16);
		vga_screen_putc(&S, c);
		CHECK(S.x < S.cols && S.y < S.rows);
	}
	CHECK(guards_ok());
	CHECK(S.scrolls > 0);
}


int main(int argc, char **argv)
{
	return hosttest_main("vgacon", argc, argv);
}
